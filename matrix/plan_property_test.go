package matrix

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// planCase is one random planning problem.
type planCase struct {
	net  Spec
	spec PlannerSpec
	req  Request
}

// planLocations are the calendars random cases use: UTC, one with
// daylight saving, one east of UTC without it.
func planLocations(t testing.TB) []*time.Location {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return []*time.Location{time.UTC, ny, sh}
}

// randomPlanCase draws a small case: 1–3 accounts, 1–4 groups over 3–8
// people, 0–2 lives, 1–6 announcements, 1–3 caps. Times fall on a 30-minute
// grid over three days around a daylight-saving change or a month end, so
// calendar and sliding boundaries are hit exactly.
func randomPlanCase(r *rand.Rand, locs []*time.Location) planCase {
	var c planCase
	loc := locs[r.IntN(len(locs))]
	bases := []time.Time{
		time.Date(2024, 3, 9, 0, 0, 0, 0, loc),  // New York springs forward on the 10th
		time.Date(2024, 11, 2, 0, 0, 0, 0, loc), // and falls back on 3 November
		time.Date(2024, 1, 30, 0, 0, 0, 0, loc), // a month end
		time.Date(2023, 2, 27, 0, 0, 0, 0, loc), // February of a common year
	}
	base := bases[r.IntN(len(bases))]
	at := func() time.Time { return base.Add(time.Duration(r.IntN(6*24)) * 30 * time.Minute) }

	nAcc := 1 + r.IntN(3)
	for i := range nAcc {
		c.net.Accounts = append(c.net.Accounts, Account{ID: fmt.Sprintf("a%d", i), Role: Role(1 + r.IntN(5))})
	}
	nPeople := 3 + r.IntN(6)
	for i := range nPeople {
		c.net.People = append(c.net.People, fmt.Sprintf("p%d", i))
	}
	nGroups := 1 + r.IntN(4)
	for i := range nGroups {
		g := Group{ID: fmt.Sprintf("g%d", i), Owner: fmt.Sprintf("a%d", r.IntN(nAcc))}
		for _, p := range c.net.People {
			if r.IntN(2) == 0 {
				g.Members = append(g.Members, p)
			}
		}
		c.net.Groups = append(c.net.Groups, g)
	}
	for i := range r.IntN(3) {
		s := at()
		c.req.Lives = append(c.req.Lives, Live{ID: fmt.Sprintf("l%d", i), Account: fmt.Sprintf("a%d", r.IntN(nAcc)),
			Start: s, End: s.Add(time.Duration(1+r.IntN(8)) * 30 * time.Minute)})
	}
	kinds := []AnnouncementKind{ProductLaunch, Preview24h, Preview1h, LiveStart, ShareRequest, "flash-sale"}
	for i := range 1 + r.IntN(6) {
		a := Announcement{ID: fmt.Sprintf("n%d", i), Account: fmt.Sprintf("a%d", r.IntN(nAcc)),
			Priority: r.IntN(3), Transactional: r.IntN(5) == 0}
		a.Kind = kinds[r.IntN(len(kinds))]
		if _, live := liveOffset(a.Kind, Live{}); live {
			if len(c.req.Lives) == 0 {
				a.Kind = ProductLaunch
			} else {
				a.Live = c.req.Lives[r.IntN(len(c.req.Lives))].ID
			}
		}
		if r.IntN(3) > 0 {
			a.At = at()
		}
		if r.IntN(2) == 0 {
			a.Campaign = fmt.Sprintf("c%d", r.IntN(2))
		}
		for _, g := range r.Perm(nGroups)[:r.IntN(min(3, nGroups)+1)] {
			a.Groups = append(a.Groups, fmt.Sprintf("g%d", g))
		}
		for _, p := range r.Perm(nPeople + 1)[:r.IntN(3)] {
			a.People = append(a.People, fmt.Sprintf("p%d", p)) // p<nPeople> is unknown
		}
		if len(a.Groups)+len(a.People) == 0 {
			a.Groups = []string{"g0"}
		}
		c.req.Announcements = append(c.req.Announcements, a)
	}
	for _, p := range c.net.People {
		if r.IntN(6) == 0 {
			c.req.Unidentified = append(c.req.Unidentified, p)
		}
	}
	c.req.From = base
	c.spec = PlannerSpec{Location: loc, Identity: IdentityPolicy(1 + r.IntN(2)), TransactionalOverride: r.IntN(2) == 0,
		Kinds: []AnnouncementKind{"flash-sale"}}
	for i := range nAcc {
		c.spec.Slots = append(c.spec.Slots, Slots{Account: fmt.Sprintf("a%d", i), Minutes: []int{r.IntN(47) * 30, 23*60 + 30}})
	}
	for i := range 1 + r.IntN(3) {
		cp := Cap{ID: fmt.Sprintf("cap%d", i), Level: CapLevel(1 + r.IntN(4)), Limit: 1 + r.IntN(3)}
		switch r.IntN(4) {
		case 0:
			cp.Window = CalendarDays(1 + r.IntN(3))
		case 1:
			cp.Window = CalendarMonths(1)
		default:
			cp.Window = Sliding(time.Duration(1+r.IntN(48)) * 30 * time.Minute)
		}
		cp.PerDay = cp.Window.kind != sliding && r.IntN(4) == 0
		cp.Direct = cp.Level == PerPerson && r.IntN(3) == 0
		c.spec.Caps = append(c.spec.Caps, cp)
	}
	return c
}

// shuffled returns c with every input slice in a random order.
func (c planCase) shuffled(r *rand.Rand) planCase {
	s := c
	shuffle := func(n int, swap func(i, j int)) { r.Shuffle(n, swap) }
	s.spec.Caps = append([]Cap(nil), c.spec.Caps...)
	shuffle(len(s.spec.Caps), func(i, j int) { s.spec.Caps[i], s.spec.Caps[j] = s.spec.Caps[j], s.spec.Caps[i] })
	s.spec.Slots = append([]Slots(nil), c.spec.Slots...)
	shuffle(len(s.spec.Slots), func(i, j int) { s.spec.Slots[i], s.spec.Slots[j] = s.spec.Slots[j], s.spec.Slots[i] })
	s.req.Lives = append([]Live(nil), c.req.Lives...)
	shuffle(len(s.req.Lives), func(i, j int) { s.req.Lives[i], s.req.Lives[j] = s.req.Lives[j], s.req.Lives[i] })
	s.req.Unidentified = append([]string(nil), c.req.Unidentified...)
	shuffle(len(s.req.Unidentified), func(i, j int) {
		s.req.Unidentified[i], s.req.Unidentified[j] = s.req.Unidentified[j], s.req.Unidentified[i]
	})
	s.req.Announcements = make([]Announcement, len(c.req.Announcements))
	for i, a := range c.req.Announcements {
		a.Groups = append([]string(nil), a.Groups...)
		shuffle(len(a.Groups), func(i, j int) { a.Groups[i], a.Groups[j] = a.Groups[j], a.Groups[i] })
		a.People = append([]string(nil), a.People...)
		shuffle(len(a.People), func(i, j int) { a.People[i], a.People[j] = a.People[j], a.People[i] })
		s.req.Announcements[i] = a
	}
	shuffle(len(s.req.Announcements), func(i, j int) {
		s.req.Announcements[i], s.req.Announcements[j] = s.req.Announcements[j], s.req.Announcements[i]
	})
	return s
}

// plan runs the planner on c.
func (c planCase) plan(t testing.TB) *Plan {
	t.Helper()
	n, err := NewNetwork(c.net)
	require.NoError(t, err)
	p, err := NewPlanner(n, c.spec)
	require.NoError(t, err)
	pl, err := p.Plan(c.req)
	require.NoError(t, err)
	return pl
}

// TestPlanNeverExceedsCaps is the property of the issue: over random
// plans, nobody in any window exceeds any cap, every touchpoint is
// delivered or suppressed once, and every suppression is justified, as
// the independent checker sees it. 3,000 cases by default, 10⁶ under
// LIVECOMMERCE_LONG=1.
func TestPlanNeverExceedsCaps(t *testing.T) {
	locs := planLocations(t)
	r := rand.New(rand.NewPCG(8, 20240310))
	cases := longCases(3000, 1_000_000)
	delivered, suppressed := 0, 0
	for i := range cases {
		c := randomPlanCase(r, locs)
		pl := c.plan(t)
		err := checkPlan(planCheckInput{net: c.net, spec: c.spec, req: c.req, dels: pl.deliveries, sups: pl.suppressed})
		if err != nil {
			js, _ := json.Marshal(pl)
			t.Fatalf("case %d: %v\nplan: %s", i, err, js)
		}
		delivered += len(pl.deliveries)
		suppressed += len(pl.suppressed)
	}
	// The cases must exercise both outcomes, or the property says little.
	require.Greater(t, delivered, cases)
	require.Greater(t, suppressed, cases/4)
}

// TestPlanOrderIndependent: the same JSON for any order of announcements,
// targets, caps, slots, lives and unidentified people.
func TestPlanOrderIndependent(t *testing.T) {
	locs := planLocations(t)
	r := rand.New(rand.NewPCG(9, 1))
	for i := range longCases(500, 50_000) {
		c := randomPlanCase(r, locs)
		want, err := json.Marshal(c.plan(t))
		require.NoError(t, err)
		for range 3 {
			got, err := json.Marshal(c.shuffled(r).plan(t))
			require.NoError(t, err)
			require.JSONEq(t, string(want), string(got), "case %d", i)
			require.Equal(t, string(want), string(got), "case %d", i)
		}
	}
}

// TestCheckerCatchesViolations feeds the checker plans that break the
// rules, so the property test can fail.
func TestCheckerCatchesViolations(t *testing.T) {
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	net := Spec{Accounts: []Account{{ID: "a", Role: Brand}}, Groups: []Group{{ID: "g", Owner: "a", Members: []string{"p", "q"}}}}
	req := Request{Announcements: []Announcement{
		{ID: "x", Kind: ProductLaunch, Account: "a", At: at, Groups: []string{"g"}},
		{ID: "y", Kind: ProductLaunch, Account: "a", At: at.Add(time.Hour), Groups: []string{"g"}},
	}}
	del := func(id string, at time.Time) Delivery {
		return Delivery{Announcement: id, Kind: ProductLaunch, Account: "a", Group: "g", At: at, Reached: 2, New: 2}
	}
	daily := Cap{ID: "daily", Level: PerPerson, Limit: 1, Window: CalendarDays(1)}
	hourly := Cap{ID: "hourly", Level: PerGroup, Limit: 1, Window: Sliding(61 * time.Minute)}
	tests := []struct {
		name string
		caps []Cap
		in   func(*planCheckInput)
	}{
		{"calendar day over", []Cap{daily}, func(c *planCheckInput) { c.dels = []Delivery{del("x", at), del("y", at.Add(time.Hour))} }},
		{"sliding over", []Cap{hourly}, func(c *planCheckInput) { c.dels = []Delivery{del("x", at), del("y", at.Add(time.Hour))} }},
		{"touchpoint missing", []Cap{daily}, func(c *planCheckInput) { c.dels = []Delivery{del("x", at)} }},
		{"unjustified suppression", []Cap{daily}, func(c *planCheckInput) {
			c.dels = []Delivery{del("x", at)}
			c.sups = []Suppression{{Announcement: "y", Group: "g", At: at.Add(time.Hour), Cause: CauseCap, Cap: "daily",
				Level: PerPerson, Subject: "p", From: at.Add(-10 * time.Hour), To: at.Add(14 * time.Hour), Count: 2, Limit: 1}}
		}},
		{"fail-closed reaches unidentified", []Cap{daily}, func(c *planCheckInput) {
			c.spec.Identity = FailClosed
			c.req.Unidentified = []string{"q"}
			c.dels = []Delivery{del("x", at)}
			c.sups = []Suppression{{Announcement: "y", Group: "g", At: at.Add(time.Hour), Cause: CauseDuplicate, Other: "x"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := planCheckInput{net: net, spec: PlannerSpec{Location: time.UTC, Caps: tt.caps, Identity: FailOpen}, req: req}
			tt.in(&in)
			require.Error(t, checkPlan(in))
		})
	}
	// And the same inputs planned for real pass.
	for _, caps := range [][]Cap{{daily}, {hourly}} {
		c := planCase{net: net, spec: PlannerSpec{Location: time.UTC, Caps: caps, Identity: FailOpen}, req: req}
		pl := c.plan(t)
		require.NoError(t, checkPlan(planCheckInput{net: c.net, spec: c.spec, req: c.req, dels: pl.deliveries, sups: pl.suppressed}))
		require.Len(t, pl.suppressed, 1)
	}
}

// FuzzPlan draws a random case from the fuzzer's seeds and checks it with
// the independent checker, and against a shuffled copy.
func FuzzPlan(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 20240310} {
		f.Add(s, s*7919)
	}
	locs := planLocations(f)
	f.Fuzz(func(t *testing.T, s1, s2 uint64) {
		r := rand.New(rand.NewPCG(s1, s2))
		c := randomPlanCase(r, locs)
		pl := c.plan(t)
		if err := checkPlan(planCheckInput{net: c.net, spec: c.spec, req: c.req, dels: pl.deliveries, sups: pl.suppressed}); err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(pl)
		require.NoError(t, err)
		got, err := json.Marshal(c.shuffled(r).plan(t))
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	})
}
