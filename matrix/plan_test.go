package matrix

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var planUpdate = flag.Bool("update-plan", false, "rewrite the planner's golden files in testdata")

// planNet is a small matrix: a brand with two groups sharing "bo", a
// buyer with one, and "eve", known to the brand but in no group.
func planNet(t testing.TB) *Network {
	t.Helper()
	n, err := NewNetwork(Spec{
		Accounts: []Account{{ID: "brand", Role: Brand}, {ID: "buyer", Role: Buyer}},
		Groups: []Group{
			{ID: "fans-1", Owner: "brand", Members: []string{"ann", "bo", "cy"}},
			{ID: "fans-2", Owner: "brand", Members: []string{"bo", "di"}},
			{ID: "picks", Owner: "buyer", Members: []string{"cy", "fay"}},
		},
		People: []string{"ann", "bo", "cy", "di", "eve", "fay"},
	})
	require.NoError(t, err)
	return n
}

// mustPlanner builds a planner over planNet.
func mustPlanner(t testing.TB, s PlannerSpec) *Planner {
	t.Helper()
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Identity == 0 {
		s.Identity = FailClosed
	}
	p, err := NewPlanner(planNet(t), s)
	require.NoError(t, err)
	return p
}

// ids lists deliveries as "announcement>target" and suppressions as
// "announcement>target:cause:cap:subject".
func planIDs(pl *Plan) (sent, held []string) {
	for _, d := range pl.Deliveries() {
		sent = append(sent, d.Announcement+">"+d.Group+d.Person)
	}
	for _, s := range pl.Suppressed() {
		held = append(held, fmt.Sprintf("%s>%s%s:%v:%s:%s", s.Announcement, s.Group, s.Person, s.Cause, s.Cap, s.Subject))
	}
	return sent, held
}

func TestNewPlannerErrors(t *testing.T) {
	n := planNet(t)
	day := Cap{ID: "d", Level: PerPerson, Limit: 1, Window: CalendarDays(1)}
	tests := []struct {
		name  string
		net   *Network
		spec  PlannerSpec
		field string
		err   error
	}{
		{"no network", nil, PlannerSpec{Location: time.UTC, Identity: FailOpen}, "planner: network", nil},
		{"no location", n, PlannerSpec{Identity: FailOpen}, "planner: location", nil},
		{"no identity policy", n, PlannerSpec{Location: time.UTC}, "planner: identity", nil},
		{"bad identity policy", n, PlannerSpec{Location: time.UTC, Identity: 9}, "planner: identity", nil},
		{"cap with no window", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Caps: []Cap{{ID: "x", Level: PerGroup, Limit: 1}}}, `planner: caps[0]: cap "x": window`, nil},
		{"cap with zero limit", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Caps: []Cap{day, {ID: "x", Level: PerGroup, Window: Sliding(time.Hour)}}}, `planner: caps[1]: cap "x": limit`, nil},
		{"cap twice", n, PlannerSpec{Location: time.UTC, Identity: FailOpen, Caps: []Cap{day, day}}, "planner: caps", ErrDuplicate},
		{"slots of unknown account", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Slots: []Slots{{Account: "ghost", Minutes: []int{60}}}}, "planner: slots[0].account", ErrUnknown},
		{"slots twice", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Slots: []Slots{{Account: "brand", Minutes: []int{60}}, {Account: "brand", Minutes: []int{90}}}}, "planner: slots[1].account", ErrDuplicate},
		{"no slot minutes", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Slots: []Slots{{Account: "brand"}}}, "planner: slots[0].minutes", nil},
		{"minute out of day", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Slots: []Slots{{Account: "brand", Minutes: []int{1440}}}}, "planner: slots[0].minutes", nil},
		{"negative minute", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Slots: []Slots{{Account: "brand", Minutes: []int{-1}}}}, "planner: slots[0].minutes", nil},
		{"minute twice", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Slots: []Slots{{Account: "brand", Minutes: []int{120, 60, 120}}}}, "planner: slots[0].minutes", ErrDuplicate},
		{"empty kind", n, PlannerSpec{Location: time.UTC, Identity: FailOpen, Kinds: []AnnouncementKind{""}}, "planner: kinds[0]", nil},
		{"built-in kind redeclared", n, PlannerSpec{Location: time.UTC, Identity: FailOpen,
			Kinds: []AnnouncementKind{"flash", LiveStart}}, "planner: kinds[1]", ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPlanner(tt.net, tt.spec)
			require.Nil(t, p)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	p := mustPlanner(t, PlannerSpec{Kinds: []AnnouncementKind{"flash"}, Slots: []Slots{{Account: "brand", Minutes: []int{540}}}})
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	ok := Announcement{ID: "a", Kind: ProductLaunch, Account: "brand", At: at, Groups: []string{"fans-1"}}
	live := Live{ID: "l", Account: "brand", Start: at, End: at.Add(time.Hour)}
	with := func(edit func(*Announcement)) []Announcement {
		a := ok
		edit(&a)
		return []Announcement{a}
	}
	tests := []struct {
		name  string
		req   Request
		field string
		err   error
	}{
		{"empty announcement id", Request{Announcements: with(func(a *Announcement) { a.ID = "" })}, "announcements[0].id", nil},
		{"announcement twice", Request{Announcements: []Announcement{ok, ok}}, "announcements[1].id", ErrDuplicate},
		{"unknown kind", Request{Announcements: with(func(a *Announcement) { a.Kind = "teaser" })}, "announcements[0].kind", ErrUnknown},
		{"unknown account", Request{Announcements: with(func(a *Announcement) { a.Account = "ghost" })}, "announcements[0].account", ErrUnknown},
		{"bad campaign", Request{Announcements: with(func(a *Announcement) { a.Campaign = " x" })}, "announcements[0].campaign", nil},
		{"unknown group", Request{Announcements: with(func(a *Announcement) { a.Groups = []string{"fans-1", "fans-9"} })},
			"announcements[0].groups[1]", ErrUnknown},
		{"group twice", Request{Announcements: with(func(a *Announcement) { a.Groups = []string{"fans-1", "fans-1"} })},
			"announcements[0].groups", ErrDuplicate},
		{"bad person", Request{Announcements: with(func(a *Announcement) { a.People = []string{""} })}, "announcements[0].people[0]", nil},
		{"person twice", Request{Announcements: with(func(a *Announcement) { a.People = []string{"eve", "eve"} })},
			"announcements[0].people", ErrDuplicate},
		{"no targets", Request{Announcements: with(func(a *Announcement) { a.Groups = nil })}, "announcements[0]", nil},
		{"live kind without live", Request{Announcements: with(func(a *Announcement) { a.Kind = Preview1h })}, "announcements[0].live", nil},
		{"unknown live", Request{Announcements: with(func(a *Announcement) { a.Live = "l9" })}, "announcements[0].live", ErrUnknown},
		{"time out of range", Request{Announcements: with(func(a *Announcement) { a.At = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC) })},
			"announcements[0].at", nil},
		{"derived time out of range", Request{
			Lives:         []Live{{ID: "l", Account: "brand", Start: time.Date(1900, 1, 1, 0, 30, 0, 0, time.UTC), End: at}},
			Announcements: with(func(a *Announcement) { a.Kind, a.Live, a.At = Preview1h, "l", time.Time{} })}, "announcements[0].at", nil},
		{"queued without slots", Request{From: at, Announcements: with(func(a *Announcement) { a.At, a.Account = time.Time{}, "buyer" })},
			"announcements[0].at", nil},
		{"queued without from", Request{Announcements: with(func(a *Announcement) { a.At = time.Time{} })}, "from", nil},
		{"from out of range", Request{From: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
			Announcements: with(func(a *Announcement) { a.At = time.Time{} })}, "from", nil},
		{"empty live id", Request{Lives: []Live{{Account: "brand", Start: at, End: at.Add(time.Hour)}}}, "lives[0].id", nil},
		{"live twice", Request{Lives: []Live{live, live}}, "lives[1].id", ErrDuplicate},
		{"live of unknown account", Request{Lives: []Live{{ID: "l", Account: "ghost", Start: at, End: at.Add(time.Hour)}}},
			"lives[0].account", ErrUnknown},
		{"live ends at start", Request{Lives: []Live{{ID: "l", Account: "brand", Start: at, End: at}}}, "lives[0].end", nil},
		{"live start out of range", Request{Lives: []Live{{ID: "l", Account: "brand", End: at}}}, "lives[0].start", nil},
		{"live end out of range", Request{Lives: []Live{{ID: "l", Account: "brand", Start: at}}}, "lives[0].end", nil},
		{"unknown unidentified", Request{Unidentified: []string{"ghost"}}, "unidentified[0]", ErrUnknown},
		{"unidentified twice", Request{Unidentified: []string{"bo", "bo"}}, "unidentified[1]", ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := p.Plan(tt.req)
			require.Nil(t, pl)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			}
		})
	}
}

// TestPlanCalendarDayAcrossDST: a cap of one a calendar day in New York
// holds the whole 23-hour day of 10 March 2024 and the 25-hour day of
// 3 November; in Shanghai the day turns at 16:00 UTC.
func TestPlanCalendarDayAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	tests := []struct {
		name   string
		loc    *time.Location
		first  time.Time
		second time.Time
		held   bool
	}{
		{"spring-forward day: 00:30 and 23:30 share it", ny,
			time.Date(2024, 3, 10, 0, 30, 0, 0, ny), time.Date(2024, 3, 10, 23, 30, 0, 0, ny), true},
		{"spring-forward day: 23:59:59 and the next midnight do not", ny,
			time.Date(2024, 3, 10, 23, 59, 59, 0, ny), time.Date(2024, 3, 11, 0, 0, 0, 0, ny), false},
		{"fall-back day: first 01:30 and 23:59 share it, 24.5 h apart", ny,
			time.Date(2024, 11, 3, 1, 30, 0, 0, ny), time.Date(2024, 11, 3, 23, 59, 0, 0, ny), true},
		{"Shanghai: 23:59:59 and 00:00 are two days", sh,
			time.Date(2024, 6, 1, 23, 59, 59, 0, sh), time.Date(2024, 6, 2, 0, 0, 0, 0, sh), false},
		{"UTC: the same two instants share a day", time.UTC,
			time.Date(2024, 6, 1, 23, 59, 59, 0, sh), time.Date(2024, 6, 2, 0, 0, 0, 0, sh), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPlanner(t, PlannerSpec{Location: tt.loc,
				Caps: []Cap{{ID: "daily", Level: PerPerson, Limit: 1, Window: CalendarDays(1)}}})
			pl, err := p.Plan(Request{Announcements: []Announcement{
				{ID: "a", Kind: ProductLaunch, Account: "brand", At: tt.first, Groups: []string{"fans-2"}},
				{ID: "b", Kind: ProductLaunch, Account: "brand", At: tt.second, Groups: []string{"fans-2"}},
			}})
			require.NoError(t, err)
			if !tt.held {
				assert.Len(t, pl.Deliveries(), 2)
				assert.Empty(t, pl.Suppressed())
				return
			}
			require.Len(t, pl.Suppressed(), 1)
			s := pl.Suppressed()[0]
			y, m, d := tt.first.In(tt.loc).Date()
			assert.Equal(t, "b", s.Announcement)
			assert.True(t, s.From.Equal(time.Date(y, m, d, 0, 0, 0, 0, tt.loc)), "from %v", s.From)
			assert.True(t, s.To.Equal(time.Date(y, m, d+1, 0, 0, 0, 0, tt.loc)), "to %v", s.To)
			assert.Equal(t, []int{1, 1}, []int{s.Count, s.Limit})
			assert.Equal(t, "bo", s.Subject, "bo is the first member by ID")
		})
	}
}

// TestPlanSlidingBoundary: a sliding hour is half-open.
func TestPlanSlidingBoundary(t *testing.T) {
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	p := mustPlanner(t, PlannerSpec{Caps: []Cap{{ID: "hour", Level: PerGroup, Limit: 1, Window: Sliding(time.Hour)}}})
	for _, tt := range []struct {
		gap  time.Duration
		held bool
	}{{time.Hour, false}, {time.Hour - time.Nanosecond, true}, {-time.Hour, false}, {-time.Hour + time.Nanosecond, true}} {
		t.Run(tt.gap.String(), func(t *testing.T) {
			pl, err := p.Plan(Request{Announcements: []Announcement{
				{ID: "a", Kind: ProductLaunch, Account: "brand", At: at, Groups: []string{"fans-1"}, Priority: 1},
				{ID: "b", Kind: ProductLaunch, Account: "brand", At: at.Add(tt.gap), Groups: []string{"fans-1"}},
			}})
			require.NoError(t, err)
			_, held := planIDs(pl)
			if tt.held {
				assert.Equal(t, []string{"b>fans-1:cap:hour:fans-1"}, held)
			} else {
				assert.Empty(t, held)
			}
		})
	}
}

// TestPlanPriority: higher priority first, then earlier, then by ID; an
// announcement counts once for its account however many groups it
// reaches, and once per person however many of the person's groups.
func TestPlanPriority(t *testing.T) {
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	p := mustPlanner(t, PlannerSpec{Caps: []Cap{
		{ID: "acct", Level: PerAccount, Limit: 2, Window: CalendarDays(1)},
		{ID: "camp", Level: PerCampaign, Limit: 1, Window: CalendarDays(1)},
		{ID: "person", Level: PerPerson, Limit: 2, Window: CalendarDays(1)},
	}})
	pl, err := p.Plan(Request{Announcements: []Announcement{
		{ID: "late-high", Kind: ProductLaunch, Account: "brand", At: at.Add(5 * time.Hour), Priority: 2, Groups: []string{"fans-1", "fans-2"}},
		{ID: "early-low", Kind: ProductLaunch, Account: "brand", At: at, Groups: []string{"fans-1", "fans-2"}},
		{ID: "b-tie", Kind: ProductLaunch, Account: "brand", At: at.Add(time.Hour), Priority: 1, Groups: []string{"fans-1"}},
		{ID: "a-tie", Kind: ProductLaunch, Account: "brand", At: at.Add(time.Hour), Priority: 1, Groups: []string{"fans-2"}, Campaign: "june"},
		{ID: "c-camp", Kind: ProductLaunch, Account: "buyer", At: at, Priority: 1, Groups: []string{"picks"}, Campaign: "june"},
	}})
	require.NoError(t, err)
	// Planning order: late-high (priority 2), c-camp (1, 10:00), a-tie
	// and b-tie (1, 11:00, by ID), early-low (0). a-tie finds the
	// campaign spent by c-camp; cy has two by then (late-high, c-camp).
	sent, held := planIDs(pl)
	assert.Equal(t, []string{"c-camp>picks", "early-low>fans-2", "late-high>fans-1", "late-high>fans-2"}, sent)
	assert.Equal(t, []string{
		"early-low>fans-1:cap:person:cy", "a-tie>fans-2:cap:camp:june", "b-tie>fans-1:cap:person:cy",
	}, held)
	assert.Equal(t, []int{2, 2}, []int{pl.Deliveries()[1].Reached, pl.Deliveries()[1].New})
	d := pl.Deliveries()[3]
	assert.Equal(t, []int{2, 1}, []int{d.Reached, d.New}, "bo was reached through fans-1")
}

// TestPlanQueue: announcements without a time take the account's next
// free posting slot at or after From, by priority then ID; an explicit
// time always wins its slot; a slot in New York's spring-forward gap
// (02:30 on 10 March 2024) moves to 03:30.
func TestPlanQueue(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	p := mustPlanner(t, PlannerSpec{Location: ny, Slots: []Slots{{Account: "brand", Minutes: []int{20 * 60, 9 * 60, 150}}}})
	from := time.Date(2024, 3, 9, 10, 0, 0, 0, ny)
	pl, err := p.Plan(Request{From: from, Announcements: []Announcement{
		{ID: "q-b", Kind: ProductLaunch, Account: "brand", Groups: []string{"fans-1"}},
		{ID: "q-a", Kind: ProductLaunch, Account: "brand", Groups: []string{"fans-1"}},
		{ID: "q-urgent", Kind: ProductLaunch, Account: "brand", Groups: []string{"fans-1"}, Priority: 5},
		{ID: "explicit", Kind: ProductLaunch, Account: "brand", Groups: []string{"fans-2"}, At: time.Date(2024, 3, 9, 20, 0, 0, 0, ny)},
	}})
	require.NoError(t, err)
	got := map[string]string{}
	for _, d := range pl.Deliveries() {
		got[d.Announcement] = d.At.Format("Jan 2 15:04 MST")
	}
	assert.Equal(t, map[string]string{
		"explicit": "Mar 9 20:00 EST",  // its own time, which the queue skips
		"q-urgent": "Mar 10 03:30 EDT", // 02:30 does not exist that night
		"q-a":      "Mar 10 09:00 EDT",
		"q-b":      "Mar 10 20:00 EDT",
	}, got)
	assert.Empty(t, pl.Conflicts(), "queued announcements never clash")
}

// TestPlanConflicts: overlapping lives, duplicates and two posts in one
// slot are reported with both IDs; a duplicate is held for the targets it
// shares and sent to the others.
func TestPlanConflicts(t *testing.T) {
	at := time.Date(2024, 6, 1, 20, 0, 0, 0, time.UTC)
	p := mustPlanner(t, PlannerSpec{})
	pl, err := p.Plan(Request{
		Lives: []Live{
			{ID: "evening", Account: "brand", Start: at, End: at.Add(3 * time.Hour)},
			{ID: "late", Account: "brand", Start: at.Add(2 * time.Hour), End: at.Add(4 * time.Hour)},
			{ID: "after", Account: "brand", Start: at.Add(4 * time.Hour), End: at.Add(5 * time.Hour)},
			{ID: "buyer-live", Account: "buyer", Start: at, End: at.Add(time.Hour)},
		},
		Announcements: []Announcement{
			{ID: "pre-1", Kind: Preview1h, Account: "brand", Live: "evening", Groups: []string{"fans-1"}},
			{ID: "pre-2", Kind: Preview1h, Account: "brand", Live: "evening", Groups: []string{"fans-1", "fans-2"}, People: []string{"eve"}},
			{ID: "pre-3", Kind: Preview1h, Account: "brand", Live: "evening", People: []string{"eve"}, Priority: -1},
			{ID: "launch", Kind: ProductLaunch, Account: "brand", At: at.Add(-time.Hour), Groups: []string{"fans-2"}},
			{ID: "buyer-start", Kind: LiveStart, Account: "buyer", Live: "buyer-live", Groups: []string{"picks"}},
		},
	})
	require.NoError(t, err)
	sent, held := planIDs(pl)
	assert.Equal(t, []string{"launch>fans-2", "pre-1>fans-1", "pre-2>eve", "pre-2>fans-2", "buyer-start>picks"}, sent)
	assert.Equal(t, []string{"pre-2>fans-1:duplicate::", "pre-3>eve:duplicate::"}, held)
	assert.Equal(t, "pre-1", pl.Suppressed()[0].Other)
	assert.Equal(t, "pre-2", pl.Suppressed()[1].Other)
	var cs []string
	for _, c := range pl.Conflicts() {
		cs = append(cs, fmt.Sprintf("%v %s %s/%s %s", c.Kind, c.Account, c.First, c.Second, c.At.Format("15:04")))
	}
	assert.Equal(t, []string{
		"lives-overlap brand evening/late 22:00",
		"duplicate-announcement brand pre-1/pre-2 19:00",
		"duplicate-announcement brand pre-2/pre-3 19:00",
		"slot-clash brand launch/pre-1 19:00",
		"slot-clash brand launch/pre-2 19:00",
		"slot-clash brand launch/pre-3 19:00",
		"slot-clash brand pre-1/pre-3 19:00", // same live and kind, no shared target
	}, cs)
}

// TestPlanIdentity: unknown identities under each policy, for group and
// direct sends, with and without a person cap that applies.
func TestPlanIdentity(t *testing.T) {
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	day := Cap{ID: "day", Level: PerPerson, Limit: 5, Window: CalendarDays(1)}
	direct := Cap{ID: "direct", Level: PerPerson, Limit: 5, Window: CalendarDays(1), Direct: true}
	ann := Announcement{ID: "a", Kind: ProductLaunch, Account: "brand", At: at, Groups: []string{"fans-2"}, People: []string{"bo", "zed"}}
	tests := []struct {
		name       string
		policy     IdentityPolicy
		caps       []Cap
		sent, held []string
		unverified []int
	}{
		// Direct sends sort before group sends (an empty group ID); bo,
		// reached through fans-2 first, is not new to the direct send.
		{"open sends everything", FailOpen, []Cap{day}, []string{"a>bo", "a>zed", "a>fans-2"}, nil, []int{0, 1, 1}},
		{"closed holds what a person cap cannot check", FailClosed, []Cap{day}, nil,
			[]string{"a>bo:identity-unknown:day:bo", "a>zed:identity-unknown:day:zed", "a>fans-2:identity-unknown:day:bo"}, nil},
		{"closed with a direct cap holds direct sends only", FailClosed, []Cap{direct}, []string{"a>fans-2"},
			[]string{"a>bo:identity-unknown:direct:bo", "a>zed:identity-unknown:direct:zed"}, []int{1}},
		{"closed without person caps sends", FailClosed, nil, []string{"a>bo", "a>zed", "a>fans-2"}, nil, []int{0, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPlanner(t, PlannerSpec{Identity: tt.policy, Caps: tt.caps})
			pl, err := p.Plan(Request{Announcements: []Announcement{ann}, Unidentified: []string{"bo"}})
			require.NoError(t, err)
			sent, held := planIDs(pl)
			assert.Equal(t, tt.sent, sent)
			assert.Equal(t, tt.held, held)
			var unv []int
			for _, d := range pl.Deliveries() {
				unv = append(unv, d.Unverified)
			}
			assert.Equal(t, tt.unverified, unv)
		})
	}
}

// TestPlanTransactional: with the override, a transactional message goes
// out over a spent cap, first, and still counts; without it, it is capped.
func TestPlanTransactional(t *testing.T) {
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	anns := []Announcement{
		{ID: "promo", Kind: ProductLaunch, Account: "brand", At: at, Groups: []string{"fans-2"}, Priority: 9},
		{ID: "order-notice", Kind: "order-notice", Account: "brand", At: at.Add(time.Hour), People: []string{"di"}, Transactional: true},
		{ID: "promo-2", Kind: ProductLaunch, Account: "brand", At: at.Add(2 * time.Hour), People: []string{"di"}},
	}
	cap1 := []Cap{{ID: "one", Level: PerPerson, Limit: 1, Window: CalendarDays(1)}}
	for _, tt := range []struct {
		override   bool
		sent, held []string
	}{
		{true, []string{"order-notice>di", "promo-2>di"}, nil},
		{false, []string{"promo>fans-2"}, []string{"order-notice>di:cap:one:di", "promo-2>di:cap:one:di"}},
	} {
		t.Run(fmt.Sprint(tt.override), func(t *testing.T) {
			p := mustPlanner(t, PlannerSpec{Caps: cap1, TransactionalOverride: tt.override, Kinds: []AnnouncementKind{"order-notice"}})
			pl, err := p.Plan(Request{Announcements: anns})
			require.NoError(t, err)
			sent, held := planIDs(pl)
			if tt.override {
				// The notice took di's one; the promos find it spent.
				assert.Equal(t, []string{"order-notice>di"}, sent)
				assert.Equal(t, []string{"promo>fans-2:cap:one:di", "promo-2>di:cap:one:di"}, held)
				assert.True(t, pl.Deliveries()[0].Transactional)
				return
			}
			assert.Equal(t, tt.sent, sent)
			assert.Equal(t, tt.held, held)
		})
	}
}

// TestPlanWeCom: WeCom's caps as data. February 2024 allows 29 direct
// mass messages per customer; group messages count for the group, not
// for the customer.
func TestPlanWeCom(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	p := mustPlanner(t, PlannerSpec{Location: sh, Caps: WeComCaps()})
	var anns []Announcement
	for d := range 30 { // 1 February to 1 March at 09:00
		at := time.Date(2024, 2, 1+d, 9, 0, 0, 0, sh)
		anns = append(anns,
			Announcement{ID: fmt.Sprintf("dm-%02d", d), Kind: ProductLaunch, Account: "brand", At: at, People: []string{"eve"}},
			Announcement{ID: fmt.Sprintf("gm-%02d-a", d), Kind: ProductLaunch, Account: "brand", At: at.Add(time.Hour), Groups: []string{"fans-1"}},
			Announcement{ID: fmt.Sprintf("gm-%02d-b", d), Kind: ProductLaunch, Account: "brand", At: at.Add(2 * time.Hour), Groups: []string{"fans-1"}})
	}
	pl, err := p.Plan(Request{Announcements: anns})
	require.NoError(t, err)
	sent := map[string]int{}
	for _, d := range pl.Deliveries() {
		sent[d.Group+d.Person+" "+d.At.Format("Jan")]++
	}
	// 29 days of February: 29 direct messages and 29 group messages; the
	// month's second group message each day is held from the 15th on;
	// March starts afresh.
	assert.Equal(t, map[string]int{"eve Feb": 29, "fans-1 Feb": 29, "eve Mar": 1, "fans-1 Mar": 2}, sent)
	held := pl.Suppressed()
	require.NotEmpty(t, held)
	last := held[len(held)-1]
	assert.Equal(t, "wecom-group-month", last.Cap)
	assert.Equal(t, []int{29, 29}, []int{last.Count, last.Limit})
	assert.Equal(t, "2024-02-01T00:00:00+08:00", last.From.Format(time.RFC3339))
}

// TestPlanGolden pins the JSON of a plan that has every kind of outcome.
// Run with -update-plan to rewrite testdata/plan_golden.json.
func TestPlanGolden(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	p := mustPlanner(t, PlannerSpec{Location: sh, Identity: FailClosed,
		Slots: []Slots{{Account: "buyer", Minutes: []int{12 * 60, 21 * 60}}},
		Caps: []Cap{
			{ID: "person-day", Level: PerPerson, Limit: 2, Window: CalendarDays(1), Source: "brand policy"},
			{ID: "group-2h", Level: PerGroup, Limit: 1, Window: Sliding(2 * time.Hour)},
		}})
	start := time.Date(2024, 6, 1, 20, 0, 0, 0, sh)
	pl, err := p.Plan(Request{
		From: time.Date(2024, 6, 1, 12, 30, 0, 0, sh),
		Lives: []Live{
			{ID: "live-0601", Account: "brand", Start: start, End: start.Add(3 * time.Hour)},
			{ID: "live-0601b", Account: "brand", Start: start.Add(2 * time.Hour), End: start.Add(4 * time.Hour)},
		},
		Announcements: []Announcement{
			{ID: "pre-24h", Kind: Preview24h, Account: "brand", Live: "live-0601", Groups: []string{"fans-1", "fans-2"}},
			{ID: "pre-1h", Kind: Preview1h, Account: "brand", Live: "live-0601", Groups: []string{"fans-1", "fans-2"}, Campaign: "june"},
			{ID: "pre-1h-again", Kind: Preview1h, Account: "brand", Live: "live-0601", Groups: []string{"fans-2"}, People: []string{"eve"}},
			{ID: "start", Kind: LiveStart, Account: "brand", Live: "live-0601", Groups: []string{"fans-1"}, People: []string{"eve", "zed"}},
			{ID: "share", Kind: ShareRequest, Account: "brand", Live: "live-0601", Groups: []string{"fans-2"}},
			{ID: "picks-launch", Kind: ProductLaunch, Account: "buyer", Groups: []string{"picks"}},
		},
	})
	require.NoError(t, err)
	got, err := json.Marshal(pl)
	require.NoError(t, err)
	var indented []byte
	indented, err = pl.MarshalJSON()
	require.NoError(t, err)
	require.JSONEq(t, string(got), string(indented))
	path := filepath.Join("testdata", "plan_golden.json")
	if *planUpdate {
		require.NoError(t, os.WriteFile(path, append(indented, '\n'), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(indented)+"\n")
}

func TestPlanAccessors(t *testing.T) {
	p := mustPlanner(t, PlannerSpec{Caps: []Cap{
		{ID: "b", Level: PerGroup, Limit: 1, Window: CalendarDays(1)},
		{ID: "a", Level: PerGroup, Limit: 1, Window: CalendarDays(1)},
	}})
	caps := p.Caps()
	assert.Equal(t, []string{"a", "b"}, []string{caps[0].ID, caps[1].ID})
	caps[0].ID = "changed"
	assert.Equal(t, "a", p.Caps()[0].ID, "Caps returns a copy")
	pl, err := p.Plan(Request{})
	require.NoError(t, err)
	assert.Equal(t, time.UTC, pl.Location())
	assert.Empty(t, pl.Deliveries())
	js, err := json.Marshal(pl)
	require.NoError(t, err)
	assert.JSONEq(t, `{"location":"UTC","deliveries":[],"suppressed":[],"conflicts":[]}`, string(js))
	var nilPlan *Plan
	js, err = nilPlan.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(js))
}
