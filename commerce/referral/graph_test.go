package referral

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// graphOf returns a graph of members, all joined a year before bindJoined,
// with each link {member, referrer} bound by link at bindJoined under a
// permanent policy.
func graphOf(t *testing.T, members []string, links [][2]string) *Graph {
	t.Helper()
	var g Graph
	for _, m := range members {
		require.NoError(t, g.Join(m, bindJoined().Add(-bindDays(365))))
	}
	for _, l := range links {
		_, err := g.Bind(BindPolicy{Mode: BindPermanent}, Touch{Member: l[0], Referrer: l[1], Method: ByLink, At: bindJoined()})
		require.NoError(t, err, "%s to %s", l[0], l[1])
	}
	return &g
}

func TestBindPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		policy BindPolicy
		field  string // in the message; "" for a valid policy
	}{
		{"permanent", BindPolicy{Mode: BindPermanent}, ""},
		{"permanent, protected", BindPolicy{Mode: BindPermanent, Protection: bindDay}, ""},
		{"expiring", BindPolicy{Mode: BindExpiring, Validity: bindDay}, ""},
		{"last touch, everything", BindPolicy{Mode: BindLastTouch, Validity: bindDay, Protection: 2 * bindDay, NewUsersOnly: true, SignupWindow: time.Hour}, ""},
		{"no mode", BindPolicy{}, "mode"},
		{"unknown mode", BindPolicy{Mode: numBindModes}, "mode"},
		{"negative validity", BindPolicy{Mode: BindLastTouch, Validity: -1}, "validity"},
		{"permanent with validity", BindPolicy{Mode: BindPermanent, Validity: bindDay}, "validity"},
		{"expiring without validity", BindPolicy{Mode: BindExpiring}, "validity"},
		{"negative protection", BindPolicy{Mode: BindLastTouch, Protection: -1}, "protection"},
		{"negative signup window", BindPolicy{Mode: BindLastTouch, NewUsersOnly: true, SignupWindow: -1}, "signup window"},
		{"new users without a window", BindPolicy{Mode: BindLastTouch, NewUsersOnly: true}, "signup window"},
		{"a window without new users", BindPolicy{Mode: BindLastTouch, SignupWindow: bindDay}, "signup window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if tt.field == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.ErrorContains(t, err, "bind policy: "+tt.field)
		})
	}
}

func TestTouchValidate(t *testing.T) {
	ok := Touch{Member: "m", Referrer: "r", Method: ByScan, At: bindJoined()}
	with := func(f func(*Touch)) Touch { t := ok; f(&t); return t }
	tests := []struct {
		name  string
		touch Touch
		err   error
		msg   string
	}{
		{"valid", ok, nil, ""},
		{"no member", with(func(t *Touch) { t.Member = "" }), commerce.ErrInvalid, "touch: member: empty"},
		{"spaced referrer", with(func(t *Touch) { t.Referrer = " r" }), commerce.ErrInvalid, "touch: referrer"},
		{"no method", with(func(t *Touch) { t.Method = 0 }), commerce.ErrInvalid, `touch "m" by "r": method: want link, code or scan, got BindMethod(0)`},
		{"unknown method", with(func(t *Touch) { t.Method = numBindMethods }), commerce.ErrInvalid, "method"},
		{"zero time", with(func(t *Touch) { t.At = time.Time{} }), commerce.ErrInvalid, `touch "m" by "r": at: zero time`},
		{"self-referral", with(func(t *Touch) { t.Referrer = "m" }), ErrSelfReferral, `referral: bind "m" to "m": self-referral`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.touch.Validate()
			if tt.err == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.err)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestDecideErrors(t *testing.T) {
	touch := Touch{Member: "m", Referrer: "r", Method: ByLink, At: bindJoined()}
	tests := []struct {
		name   string
		policy BindPolicy
		joined time.Time
		touch  Touch
		err    error
	}{
		{"invalid policy", BindPolicy{Mode: BindExpiring}, bindJoined(), touch, commerce.ErrInvalid},
		{"invalid touch", BindPolicy{Mode: BindPermanent}, bindJoined(), Touch{Member: "m"}, commerce.ErrInvalid},
		{"self-referral", BindPolicy{Mode: BindPermanent}, bindJoined(), Touch{Member: "m", Referrer: "m", Method: ByLink, At: bindJoined()}, ErrSelfReferral},
		{"zero joined", BindPolicy{Mode: BindPermanent}, time.Time{}, touch, commerce.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.policy.Decide(tt.joined, Binding{}, tt.touch)
			assert.ErrorIs(t, err, tt.err)
			assert.Zero(t, d)
		})
	}
}

// TestGraphErrors covers every error of the graph's methods, and checks
// that a refused call leaves the graph as it was.
func TestGraphErrors(t *testing.T) {
	policy := BindPolicy{Mode: BindLastTouch}
	touch := func(m, r string, at time.Time) Touch { return Touch{Member: m, Referrer: r, Method: ByLink, At: at} }
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	late := time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC) // within range; a year later is not
	tests := []struct {
		name string
		call func(g *Graph) error
		err  error
		msg  string
	}{
		{"join twice", func(g *Graph) error { return g.Join("a", bindJoined()) }, ErrDuplicateMember, `referral: join "a": member already known`},
		{"join an empty ID", func(g *Graph) error { return g.Join("", bindJoined()) }, commerce.ErrInvalid, "member: empty"},
		{"join at the zero time", func(g *Graph) error { return g.Join("z", time.Time{}) }, commerce.ErrInvalid, `member "z": joined: zero time`},
		{"join in 1600", func(g *Graph) error { return g.Join("z", year(1600)) }, commerce.ErrInvalid, "outside the years 1678 to 2262"},
		{"join in 2300", func(g *Graph) error { return g.Join("z", year(2300)) }, commerce.ErrInvalid, "outside the years 1678 to 2262"},
		{"set the tier of a stranger", func(g *Graph) error { return g.SetTier("z", 1) }, ErrUnknownMember, `referral: set tier: unknown member "z"`},
		{"read the tier of a stranger", func(g *Graph) error { _, err := g.Tier("z"); return err }, ErrUnknownMember, `tier: unknown member "z"`},
		{"read when a stranger joined", func(g *Graph) error { _, err := g.Joined("z"); return err }, ErrUnknownMember, `joined: unknown member "z"`},
		{"read the binding of a stranger", func(g *Graph) error { _, _, err := g.Binding("z"); return err }, ErrUnknownMember, `binding: unknown member "z"`},
		{"bind an invalid policy", func(g *Graph) error { _, err := g.Bind(BindPolicy{}, touch("a", "b", bindJoined())); return err }, commerce.ErrInvalid, "bind policy: mode"},
		{"bind an invalid touch", func(g *Graph) error { _, err := g.Bind(policy, touch("a", "", bindJoined())); return err }, commerce.ErrInvalid, "touch: referrer"},
		{"bind an unknown member", func(g *Graph) error { _, err := g.Bind(policy, touch("z", "a", bindJoined())); return err }, ErrUnknownMember, `referral: bind "z" to "a": unknown member "z"`},
		{"bind to an unknown referrer", func(g *Graph) error { _, err := g.Bind(policy, touch("a", "z", bindJoined())); return err }, ErrUnknownMember, `referral: bind "a" to "z": unknown member "z"`},
		{"self-referral", func(g *Graph) error { _, err := g.Bind(policy, touch("a", "a", bindJoined())); return err }, ErrSelfReferral, `referral: bind "a" to "a": self-referral`},
		{"a cycle of two", func(g *Graph) error { _, err := g.Bind(policy, touch("a", "b", bindJoined())); return err }, ErrCycle, `referral: bind "a" to "b": referral cycle`},
		{"a cycle of four", func(g *Graph) error { _, err := g.Bind(policy, touch("a", "d", bindJoined())); return err }, ErrCycle, `referral: bind "a" to "d": referral cycle`},
		{"a cycle through a lapsed link", func(g *Graph) error {
			_, err := g.Bind(policy, touch("e", "x", bindJoined().Add(bindDays(3650))))
			return err
		}, ErrCycle, `bind "e" to "x"`},
		{"a touch in 2300", func(g *Graph) error { _, err := g.Bind(policy, touch("x", "e", year(2300))); return err }, commerce.ErrInvalid, `touch "x" by "e": at: 2300-01-01T00:00:00Z is outside`},
		{"validity past 2262", func(g *Graph) error {
			_, err := g.Bind(BindPolicy{Mode: BindExpiring, Validity: bindDays(3650)}, touch("x", "e", late))
			return err
		}, commerce.ErrInvalid, `touch "x" by "e": valid until`},
		{"protection past 2262", func(g *Graph) error {
			_, err := g.Bind(BindPolicy{Mode: BindLastTouch, Protection: bindDays(3650)}, touch("x", "e", late))
			return err
		}, commerce.ErrInvalid, `touch "x" by "e": protected until`},
		{"upline of a stranger", func(g *Graph) error { _, err := g.Upline("z", bindJoined(), 3, nil); return err }, ErrUnknownMember, `upline of "z": unknown member "z"`},
		{"upline of negative levels", func(g *Graph) error { _, err := g.Upline("a", bindJoined(), -1, nil); return err }, commerce.ErrInvalid, `upline of "a": levels: negative: -1`},
		{"upline at the zero time", func(g *Graph) error { _, err := g.Upline("a", time.Time{}, 1, nil); return err }, commerce.ErrInvalid, `upline of "a": at: zero time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// a ← b ← c ← d: a is b's referrer, and so on; e ← x by a link
			// that lapsed long ago.
			g := graphOf(t, []string{"a", "b", "c", "d", "e", "x"}, [][2]string{{"b", "a"}, {"c", "b"}, {"d", "c"}})
			_, err := g.Bind(BindPolicy{Mode: BindExpiring, Validity: bindDay}, touch("x", "e", bindJoined()))
			require.NoError(t, err)
			ids, nodes, n := slices.Clone(g.ids), slices.Clone(g.nodes), len(g.index)

			err = tt.call(g)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			assert.ErrorContains(t, err, tt.msg)
			assert.Equal(t, ids, g.ids, "ids changed")
			assert.Equal(t, nodes, g.nodes, "nodes changed")
			assert.Len(t, g.index, n, "index changed")
		})
	}
}

// TestGraphErrorsAreTyped shows that field errors can be read with
// errors.As.
func TestGraphErrorsAreTyped(t *testing.T) {
	var g Graph
	var fe *commerce.FieldError
	require.True(t, errors.As(g.Join("", bindJoined()), &fe))
	assert.Equal(t, "member", fe.Field)
}

func TestGraphMembers(t *testing.T) {
	var g Graph
	assert.Zero(t, g.Len())
	require.NoError(t, g.Join("a", bindJoined()))
	require.NoError(t, g.Join("b", bindJoined().Add(time.Hour)))
	assert.Equal(t, 2, g.Len())

	joined, err := g.Joined("b")
	require.NoError(t, err)
	assert.True(t, joined.Equal(bindJoined().Add(time.Hour)))
	assert.Equal(t, time.UTC, joined.Location(), "the graph returns UTC")

	tier, err := g.Tier("a")
	require.NoError(t, err)
	assert.Equal(t, Tier(0), tier, "a member joins at tier 0")
	require.NoError(t, g.SetTier("a", 3))
	tier, err = g.Tier("a")
	require.NoError(t, err)
	assert.Equal(t, Tier(3), tier)

	b, ok, err := g.Binding("a")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.True(t, b.IsZero())
}

func TestGraphGrow(t *testing.T) {
	var g Graph
	g.Grow(0)
	assert.Nil(t, g.index)
	g.Grow(10)
	require.NoError(t, g.Join("a", bindJoined()))
	g.Grow(100)
	assert.GreaterOrEqual(t, cap(g.ids)-len(g.ids), 100)
	assert.GreaterOrEqual(t, cap(g.nodes)-len(g.nodes), 100)
	g.Grow(5) // room already
	assert.GreaterOrEqual(t, cap(g.ids)-len(g.ids), 100)
	i, err := g.Tier("a")
	require.NoError(t, err, "members survive Grow")
	assert.Zero(t, i)
	require.NoError(t, g.Join("b", bindJoined()))
	assert.Equal(t, 2, g.Len())
}

// TestGraphUpline walks a chain c → b → a → root with tiers, at times when
// every link is valid, when one has lapsed and before one was made.
func TestGraphUpline(t *testing.T) {
	j := bindJoined()
	var g Graph
	for _, m := range []string{"root", "a", "b", "c", "lone"} {
		require.NoError(t, g.Join(m, j))
	}
	require.NoError(t, g.SetTier("root", 2))
	require.NoError(t, g.SetTier("a", 1))
	expiring := BindPolicy{Mode: BindExpiring, Validity: bindDays(30)}
	bind := func(m, r string, at time.Time) {
		_, err := g.Bind(expiring, Touch{Member: m, Referrer: r, Method: ByLink, At: at})
		require.NoError(t, err)
	}
	bind("a", "root", j)                // valid [j, j+30d)
	bind("b", "a", j.Add(bindDays(10))) // valid [j+10d, j+40d)
	bind("c", "b", j.Add(bindDays(20))) // valid [j+20d, j+50d)
	anc := func(id string, tier Tier) Ancestor { return Ancestor{ID: id, Tier: tier} }
	tests := []struct {
		name   string
		member string
		at     time.Time
		levels int
		want   []Ancestor
	}{
		{"all valid", "c", j.Add(bindDays(25)), 10, []Ancestor{anc("b", 0), anc("a", 1), anc("root", 2)}},
		{"two levels", "c", j.Add(bindDays(25)), 2, []Ancestor{anc("b", 0), anc("a", 1)}},
		{"zero levels", "c", j.Add(bindDays(25)), 0, nil},
		{"a's link lapsed at 30 days", "c", j.Add(bindDays(30)), 10, []Ancestor{anc("b", 0), anc("a", 1)}},
		{"one nanosecond before the lapse", "c", j.Add(bindDays(30) - 1), 10, []Ancestor{anc("b", 0), anc("a", 1), anc("root", 2)}},
		{"c was not yet bound", "c", j.Add(bindDays(20) - 1), 10, nil},
		{"from b, before c was bound", "b", j.Add(bindDays(15)), 10, []Ancestor{anc("a", 1), anc("root", 2)}},
		{"every link lapsed", "c", j.Add(bindDays(50)), 10, nil},
		{"a member without a referrer", "lone", j, 10, nil},
		{"the root", "root", j, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := g.Upline(tt.member, tt.at, tt.levels, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	t.Run("appends", func(t *testing.T) {
		dst := []Ancestor{anc("x", 9)}
		got, err := g.Upline("c", j.Add(bindDays(25)), 1, dst)
		require.NoError(t, err)
		assert.Equal(t, []Ancestor{anc("x", 9), anc("b", 0)}, got)
	})
	t.Run("the graph's strings", func(t *testing.T) {
		got, err := g.Upline("c", j.Add(bindDays(25)), 1, nil)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Same(t, unsafe.StringData(g.ids[g.index["b"]]), unsafe.StringData(got[0].ID))
	})
}

// TestUplineAllocs guards the commission path: no allocation when dst has
// room.
func TestUplineAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	g := graphOf(t, []string{"a", "b", "c", "d"}, [][2]string{{"b", "a"}, {"c", "b"}, {"d", "c"}})
	at := bindJoined().Add(time.Hour)
	dst := make([]Ancestor, 0, 3)
	allocs := testing.AllocsPerRun(1000, func() {
		var err error
		dst, err = g.Upline("d", at, 3, dst[:0])
		if err != nil || len(dst) != 3 {
			t.Fatal(err, dst)
		}
	})
	assert.Zero(t, allocs)
}

// TestBindAllocs shows that a bind that succeeds does not allocate.
func TestBindAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	g := graphOf(t, []string{"a", "b", "c", "d", "m"}, [][2]string{{"b", "a"}, {"c", "b"}, {"d", "c"}})
	policy := BindPolicy{Mode: BindLastTouch, Validity: bindDays(30), Protection: time.Hour}
	at := bindJoined()
	refs := [2]string{"d", "a"}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		at = at.Add(2 * time.Hour)
		d, err := g.Bind(policy, Touch{Member: "m", Referrer: refs[i%2], Method: ByLink, At: at})
		if err != nil || d.Action != TouchRebound && d.Action != TouchBound {
			t.Fatal(err, d)
		}
		i++
	})
	assert.Zero(t, allocs)
}

func TestEnumStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{ByLink.String(), "link"}, {ByCode.String(), "code"}, {ByScan.String(), "scan"}, {BindMethod(0).String(), "BindMethod(0)"},
		{BindPermanent.String(), "permanent"}, {BindLastTouch.String(), "last-touch"}, {BindMode(9).String(), "BindMode(9)"},
		{TouchBound.String(), "bound"}, {TouchRefused.String(), "refused"}, {BindAction(0).String(), "BindAction(0)"},
		{BindProtected.String(), "protected"}, {BindOverwrite.String(), "last touch wins"}, {BindReason(99).String(), "BindReason(99)"},
		{FirstClick.String(), "first-click"}, {LastClick.String(), "last-click"}, {AttributionModel(3).String(), "AttributionModel(3)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
	}
	for r := BindReason(1); r < numBindReasons; r++ {
		assert.NotContains(t, r.String(), "BindReason", "reason %d has a name", r)
	}
}

func TestBindingMethods(t *testing.T) {
	j := bindJoined()
	b := Binding{Referrer: "r1", Method: ByScan, BoundAt: j, ValidUntil: j.Add(bindDays(7)), ProtectedUntil: j.Add(bindDays(3))}
	tests := []struct {
		name             string
		b                Binding
		at               time.Time
		valid, protected bool
	}{
		{"at binding", b, j, true, true},
		{"before binding", b, j.Add(-1), false, false},
		{"protection ends", b, j.Add(bindDays(3)), true, false},
		{"validity ends", b, j.Add(bindDays(7)), false, false},
		{"no end, no protection", Binding{Referrer: "r1", BoundAt: j}, j.Add(bindDays(3650)), true, false},
		{"no binding", Binding{}, j, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.valid, tt.b.ValidAt(tt.at), "valid")
			assert.Equal(t, tt.protected, tt.b.ProtectedAt(tt.at), "protected")
		})
	}

	utc := b
	utc.BoundAt, utc.ValidUntil, utc.ProtectedUntil = b.BoundAt.UTC(), b.ValidUntil.UTC(), b.ProtectedUntil.UTC()
	assert.True(t, b.Equal(utc), "the same instants in another location")
	other := b
	other.Method = ByLink
	assert.False(t, b.Equal(other))

	assert.Equal(t, "unbound", Binding{}.String())
	assert.Equal(t, "r1 by scan from 2024-06-01T02:00:00Z until 2024-06-08T02:00:00Z protected until 2024-06-04T02:00:00Z", utc.String())
	assert.Equal(t, "r1 by link from 2024-06-01T10:00:00+08:00", Binding{Referrer: "r1", Method: ByLink, BoundAt: j}.String())
	d := Decision{Action: TouchKept, Reason: BindSameReferrer, Binding: Binding{Referrer: "r1", Method: ByLink, BoundAt: j}}
	assert.Equal(t, "kept (same referrer): r1 by link from 2024-06-01T10:00:00+08:00", d.String())
	assert.False(t, d.Changed())
	assert.True(t, Decision{Action: TouchKept, Reason: BindRefreshed}.Changed())
	assert.True(t, Decision{Action: TouchBound}.Changed())
	assert.False(t, Decision{Action: TouchRefused}.Changed())
}

func TestAttributionErrors(t *testing.T) {
	at := attrOrder()
	good := Click{Referrer: "r1", Method: ByLink, At: at}
	tests := []struct {
		name   string
		attr   Attribution
		clicks []Click
		at     time.Time
		msg    string
	}{
		{"no model", Attribution{Window: bindDay}, nil, at, "attribution: model: want first-click or last-click, got AttributionModel(0)"},
		{"unknown model", Attribution{Model: 3, Window: bindDay}, nil, at, "attribution: model"},
		{"no window", Attribution{Model: LastClick}, nil, at, "attribution: window: want a positive duration, got 0s"},
		{"negative window", Attribution{Model: FirstClick, Window: -bindDay}, nil, at, "attribution: window"},
		{"zero at", Attribution{Model: LastClick, Window: bindDay}, nil, time.Time{}, "attribution: at: zero time"},
		{"empty referrer", Attribution{Model: LastClick, Window: bindDay}, []Click{good, {Method: ByLink, At: at}}, at, "clicks[1]: referrer: empty"},
		{"no method", Attribution{Model: LastClick, Window: bindDay}, []Click{{Referrer: "r1", At: at}}, at, "clicks[0]: method"},
		{"zero time", Attribution{Model: LastClick, Window: bindDay}, []Click{good, good, {Referrer: "r1", Method: ByCode}}, at, "clicks[2]: at: zero time"},
		{"an invalid click outside the window", Attribution{Model: LastClick, Window: bindDay},
			[]Click{{Referrer: "r1", Method: 7, At: at.Add(-bindDays(400))}}, at, "clicks[0]: method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok, err := tt.attr.Credit(tt.clicks, tt.at)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.ErrorContains(t, err, tt.msg)
			assert.False(t, ok)
			assert.Zero(t, c)
		})
	}
}

// TestGraphConcurrentReads reads one graph from several goroutines while
// nobody binds: the documented contract, checked by go test -race.
func TestGraphConcurrentReads(t *testing.T) {
	g := graphOf(t, []string{"a", "b", "c", "d"}, [][2]string{{"b", "a"}, {"c", "b"}, {"d", "c"}})
	at := bindJoined().Add(time.Hour)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for w := range errs {
		wg.Go(func() {
			dst := make([]Ancestor, 0, 3)
			for range 1000 {
				var err error
				if dst, err = g.Upline("d", at, 3, dst[:0]); err != nil || len(dst) != 3 {
					errs[w] = fmt.Errorf("upline %v: %w", dst, err)
					return
				}
				if _, _, err = g.Binding("c"); err != nil {
					errs[w] = err
					return
				}
				if _, err = g.Tier("a"); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
}
