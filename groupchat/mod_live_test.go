package groupchat_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

func TestSessionLiveAt(t *testing.T) {
	s := groupchat.LiveSession{ID: "s", Account: "olivia", Start: modT0, End: modT0.Add(time.Hour)}
	assert.False(t, s.LiveAt(modT0.Add(-time.Nanosecond)))
	assert.True(t, s.LiveAt(modT0), "live from the start")
	assert.True(t, s.LiveAt(modT0.Add(time.Hour-time.Nanosecond)))
	assert.False(t, s.LiveAt(modT0.Add(time.Hour)), "not at the end")
	s.End = time.Time{}
	assert.True(t, s.LiveAt(modT0.Add(1000*time.Hour)), "still live")

	p := groupchat.Presence{Member: "m", From: modT0, To: modT0.Add(time.Minute)}
	assert.True(t, p.OnlineAt(modT0))
	assert.False(t, p.OnlineAt(modT0.Add(time.Minute)))
}

func TestSessionValidate(t *testing.T) {
	tests := []struct {
		name  string
		s     groupchat.LiveSession
		field string
	}{
		{"no id", groupchat.LiveSession{Account: "a", Start: modT0}, "session: id"},
		{"no account", groupchat.LiveSession{ID: "s", Start: modT0}, `session "s": account`},
		{"no start", groupchat.LiveSession{ID: "s", Account: "a"}, `session "s": start`},
		{"end at start", groupchat.LiveSession{ID: "s", Account: "a", Start: modT0, End: modT0}, `session "s": end`},
		{"end before start", groupchat.LiveSession{ID: "s", Account: "a", Start: modT0, End: modT0.Add(-time.Second)}, `session "s": end`},
		{"end in 2300", groupchat.LiveSession{ID: "s", Account: "a", Start: modT0, End: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}, `session "s": end`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fe *commerce.FieldError
			require.ErrorAs(t, tt.s.Validate(), &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
	var fe *commerce.FieldError
	require.ErrorAs(t, groupchat.Presence{From: modT0}.Validate(), &fe)
	assert.Equal(t, "presence: member", fe.Field)
	require.ErrorAs(t, groupchat.Presence{Member: "m", From: modT0, To: modT0}.Validate(), &fe)
	assert.Equal(t, `presence of "m": end`, fe.Field)
}

func TestLiveBadge(t *testing.T) {
	h := func(n int) time.Time { return modT0.Add(time.Duration(n) * time.Hour) }
	sessions := []groupchat.LiveSession{
		{ID: "s-old", Account: "olivia", Start: h(-5), End: h(-4)},
		{ID: "s-b", Account: "olivia", Start: h(0), End: h(2)},
		{ID: "s-a", Account: "olivia", Start: h(0)}, // the same start: the least ID wins
		{ID: "s-late", Account: "olivia", Start: h(1)},
		{ID: "s-other", Account: "another-host", Start: h(-1)},
	}
	members := []string{"ann", "bo", "cy", "olivia"}
	online := []groupchat.Presence{
		{Member: "ann", From: h(-1)},
		{Member: "ann", From: h(-1), To: h(3)}, // twice online: counted once
		{Member: "bo", From: h(-1), To: h(1)},
		{Member: "cy", From: h(4)},
		{Member: "stranger", From: h(-1)}, // not in the group
		{Member: "olivia", From: h(0), To: h(5)},
	}
	tests := []struct {
		name string
		at   time.Time
		want groupchat.Badge
	}{
		{"before any", h(-3), groupchat.Badge{}},
		{"another account is live", h(-1), groupchat.Badge{Online: 2}},
		{"two start together", h(0), groupchat.Badge{Live: true, Session: "s-a", Online: 3}},
		{"earliest start wins", h(1), groupchat.Badge{Live: true, Session: "s-a", Online: 2}},
		{"open session", h(10), groupchat.Badge{Live: true, Session: "s-a", Online: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := groupchat.LiveBadge("olivia", sessions, members, online, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			// Any order of the inputs gives the same badge.
			r := rand.New(rand.NewPCG(7, 7))
			for range 20 {
				s, m, o := slices.Clone(sessions), slices.Clone(members), slices.Clone(online)
				r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
				r.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
				r.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] })
				again, err := groupchat.LiveBadge("olivia", s, m, o, tt.at)
				require.NoError(t, err)
				require.Equal(t, got, again)
			}
		})
	}
}

func TestLiveBadgeInvalid(t *testing.T) {
	ok := []groupchat.LiveSession{{ID: "s", Account: "o", Start: modT0}}
	tests := []struct {
		name     string
		owner    string
		sessions []groupchat.LiveSession
		members  []string
		online   []groupchat.Presence
		at       time.Time
		field    string
	}{
		{"no owner", "", ok, nil, nil, modT0, "badge: owner"},
		{"no time", "o", ok, nil, nil, time.Time{}, "badge: at"},
		{"bad session", "o", []groupchat.LiveSession{{ID: "s", Start: modT0}}, nil, nil, modT0, `session "s": account`},
		{"session twice", "o", append(ok, ok...), nil, nil, modT0, `session "s"`},
		{"bad member", "o", ok, []string{" m"}, nil, modT0, "badge: member"},
		{"bad presence", "o", ok, []string{"m"}, []groupchat.Presence{{Member: "m"}}, modT0, `presence of "m": start`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := groupchat.LiveBadge(tt.owner, tt.sessions, tt.members, tt.online, tt.at)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Zero(t, b)
		})
	}
}

// modAudiences are five groups of a brand: "ann" is in all five, "bo" in
// three, the others in one each.
func modAudiences() []groupchat.Audience {
	return []groupchat.Audience{
		{Group: "cups-3", Members: []string{"ann", "eve"}},
		{Group: "cups-1", Members: []string{"bo", "ann", "cy"}},
		{Group: "vip", Members: []string{"ann", "bo"}},
		{Group: "cups-2", Members: []string{"di", "bo", "ann"}},
		{Group: "lids", Members: []string{"ann", "fay"}},
	}
}

func TestLiveNotices(t *testing.T) {
	want := []groupchat.Notice{
		{Member: "ann", Group: "cups-1"}, // in five groups, notified once
		{Member: "bo", Group: "cups-1"},
		{Member: "cy", Group: "cups-1"},
		{Member: "di", Group: "cups-2"},
		{Member: "eve", Group: "cups-3"},
		{Member: "fay", Group: "lids"},
	}
	got, err := groupchat.LiveNotices("s-618", modAudiences())
	require.NoError(t, err)
	assert.Equal(t, want, got)
	r := rand.New(rand.NewPCG(5, 5))
	for range 50 {
		aud := modAudiences()
		r.Shuffle(len(aud), func(i, j int) { aud[i], aud[j] = aud[j], aud[i] })
		for _, a := range aud {
			r.Shuffle(len(a.Members), func(i, j int) { a.Members[i], a.Members[j] = a.Members[j], a.Members[i] })
		}
		again, err := groupchat.LiveNotices("s-618", aud)
		require.NoError(t, err)
		require.Equal(t, want, again, "the order of the input changed the notices")
	}
	none, err := groupchat.LiveNotices("s-618", nil)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestLiveNoticesInvalid(t *testing.T) {
	tests := []struct {
		name    string
		session string
		aud     []groupchat.Audience
		field   string
	}{
		{"no session", "", nil, "notices: session"},
		{"no group", "s", []groupchat.Audience{{Members: []string{"a"}}}, "notices: group"},
		{"group twice", "s", []groupchat.Audience{{Group: "g"}, {Group: "g"}}, `notices: group "g"`},
		{"bad member", "s", []groupchat.Audience{{Group: "g", Members: []string{""}}}, `notices: group "g": member`},
		{"member twice", "s", []groupchat.Audience{{Group: "h", Members: []string{"a"}}, {Group: "g", Members: []string{"b", "a", "b"}}}, `notices: group "g": member "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := groupchat.LiveNotices(tt.session, tt.aud)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Nil(t, n)
			var log groupchat.NoticeLog
			_, err = log.Notify(tt.session, tt.aud)
			require.Error(t, err)
			assert.False(t, log.Notified(tt.session, "a"))
		})
	}
}

func TestNoticeLog(t *testing.T) {
	var log groupchat.NoticeLog
	first, err := log.Notify("s-618", modAudiences())
	require.NoError(t, err)
	assert.Len(t, first, 6)
	assert.True(t, log.Notified("s-618", "ann"))
	assert.False(t, log.Notified("s-619", "ann"))

	again, err := log.Notify("s-618", modAudiences())
	require.NoError(t, err)
	assert.Empty(t, again, "the second call notifies nobody")

	// A group added while the session runs: only its new people.
	more := append(modAudiences(), groupchat.Audience{Group: "a-new", Members: []string{"ann", "gil", "hui"}})
	added, err := log.Notify("s-618", more)
	require.NoError(t, err)
	assert.Equal(t, []groupchat.Notice{{Member: "gil", Group: "a-new"}, {Member: "hui", Group: "a-new"}}, added)

	// Another session notifies everyone again.
	next, err := log.Notify("s-619", more)
	require.NoError(t, err)
	assert.Len(t, next, 8)
	assert.Equal(t, groupchat.Notice{Member: "ann", Group: "a-new"}, next[0])
}

// TestNoticeLogProperties: over random audiences and calls, each person is
// notified at most once per session, exactly the people in some audience
// are, and notices come sorted by member.
func TestNoticeLogProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(99, 1))
	for c := range groupchat.LongCases(300, 5000) {
		var log groupchat.NoticeLog
		seen := make(map[string]int)
		everyone := make(map[string]bool)
		for range 1 + r.IntN(5) {
			var aud []groupchat.Audience
			for g := range r.IntN(6) {
				a := groupchat.Audience{Group: fmt.Sprintf("g%d", g)}
				for m := range 12 {
					if r.IntN(3) == 0 {
						a.Members = append(a.Members, fmt.Sprintf("m%02d", m))
						everyone[a.Members[len(a.Members)-1]] = true
					}
				}
				aud = append(aud, a)
			}
			notes, err := log.Notify("s", aud)
			require.NoError(t, err)
			require.True(t, slices.IsSortedFunc(notes, func(a, b groupchat.Notice) int { return strings.Compare(a.Member, b.Member) }))
			for _, n := range notes {
				seen[n.Member]++
				require.Equal(t, 1, seen[n.Member], "case %d: %s notified twice", c, n.Member)
			}
		}
		require.Len(t, seen, len(everyone), "case %d", c)
	}
}
