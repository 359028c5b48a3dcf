package matrix_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// Letters name kinds in the worked examples: A is step 1's kind, B step
// 2's and so on; D or any letter past the funnel's steps matches no step.
var letterKinds = map[byte]matrix.Kind{
	'A': matrix.NoteImpression, 'B': matrix.NoteEngagement, 'C': matrix.GroupJoin,
	'D': matrix.LiveEntry, 'E': matrix.Order, 'X': matrix.Share,
}

// parseEvents reads "A@1 B@2 C@3" (times in ms) into events of user 0;
// "A@1/2" gives the event source 2.
func parseEvents(t testing.TB, s string) []matrix.Event {
	t.Helper()
	var out []matrix.Event
	for _, f := range strings.Fields(s) {
		k, rest, ok := strings.Cut(f, "@")
		require.True(t, ok, f)
		src := 0
		if at, s, ok := strings.Cut(rest, "/"); ok {
			rest = at
			var err error
			src, err = strconv.Atoi(s)
			require.NoError(t, err)
		}
		tm, err := strconv.ParseInt(rest, 10, 64)
		require.NoError(t, err)
		kind, ok := letterKinds[k[0]]
		require.True(t, ok, f)
		out = append(out, matrix.Event{Time: tm, Kind: kind, Source: matrix.Source(src)})
	}
	return out
}

// steps returns one step per letter: "ABC" is A, B, C.
func steps(letters string) [][]matrix.Kind {
	out := make([][]matrix.Kind, len(letters))
	for i := range letters {
		out[i] = []matrix.Kind{letterKinds[letters[i]]}
	}
	return out
}

func mustFunnel(t testing.TB, spec matrix.FunnelSpec) *matrix.Funnel {
	t.Helper()
	f, err := matrix.NewFunnel(spec)
	require.NoError(t, err)
	return f
}

// The modes of the worked examples' columns.
const (
	dflt   = matrix.Mode(0)
	incr   = matrix.StrictIncrease
	dedup  = matrix.StrictDeduplication
	order  = matrix.StrictOrder
	opt    = matrix.Optimal
	optInc = matrix.Optimal | matrix.StrictIncrease
)

// TestWorkedExamples checks every worked example of the funnel anchors
// §2.4 (E1–E14; the expected levels are its "cur default", s_increase,
// s_dedup cur, s_order columns, ClickHouse's current source, and §5.8 for
// Optimal) and the strict_order table of ClickHouse PR #9773, with the
// windows and times as given (in ms instead of s, the same numbers).
func TestWorkedExamples(t *testing.T) {
	const hour = 60 // E4's times are minutes
	tests := []struct {
		name   string
		steps  string
		events string
		window time.Duration
		want   map[matrix.Mode]int
	}{
		{"E1", "ABC", "A@1 B@2 C@3", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 3, order: 3, opt: 3, optInc: 3}},
		{"E2a boundary inclusive", "ABC", "A@1 B@5 C@11", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 3, order: 3, opt: 3, optInc: 3}},
		{"E2b", "ABC", "A@1 B@5 C@12", 10, map[matrix.Mode]int{dflt: 2, incr: 2, dedup: 2, order: 2, opt: 2, optInc: 2}},
		{"E3 latest start", "ABC", "A@0 A@5 B@12 C@14", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 3, order: 3, opt: 3, optInc: 3}},
		{"E4 Mixpanel's example", "ABC", "A@780 A@810 B@825 C@855", hour, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 3, order: 3, opt: 3, optInc: 3}},
		{"E5 tie, B row first", "ABC", "B@1 A@1 C@2", 10, map[matrix.Mode]int{dflt: 3, incr: 1, dedup: 3, order: 3, opt: 3, optInc: 1}},
		{"E6 one row fits two steps", "XXC", "X@1 C@2", 10, map[matrix.Mode]int{dflt: 3, incr: 1, dedup: 3, order: 3, opt: 1, optInc: 1}},
		{"E7", "ABC", "A@1 B@2 B@3 C@4", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 2, order: 3, opt: 3, optInc: 3}},
		// E8 under strict_order: 3 by ClickHouse's source, 2 in its test
		// reference (anchors §6); we follow the source.
		{"E8", "ABC", "A@1 B@2 A@3 C@4", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 3, order: 3, opt: 3, optInc: 3}},
		{"E9 D matches nothing", "ABC", "A@1 D@2 B@3 C@4", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 3, order: 1, opt: 3, optInc: 3}},
		{"E10 #37177", "ABCD", "A@0 B@5 C@10 A@15 B@20 A@25 B@30 C@35 D@40", 60, map[matrix.Mode]int{dflt: 4, incr: 4, dedup: 3, order: 4, opt: 4, optInc: 4}},
		{"E11 #52844", "ABCD", "A@1 B@2 C@2 D@2 B@3 C@3 D@3 B@4 C@4 D@4", 100000, map[matrix.Mode]int{dflt: 4, incr: 2, dedup: 4, order: 4, opt: 4, optInc: 4}},
		{"E12 window 0", "ABC", "A@1 B@1 C@2", 0, map[matrix.Mode]int{dflt: 2, incr: 1, dedup: 2, order: 2, opt: 2, optInc: 1}},
		{"E13 CH test, five steps", "ABCDE", "A@0 B@1 C@1 D@1 E@2", 10000, map[matrix.Mode]int{dflt: 5, incr: 2, dedup: 5, order: 5, opt: 5, optInc: 2}},
		{"E14 expired repeat", "ABC", "A@0 B@3 A@20 B@25 C@28", 10, map[matrix.Mode]int{dflt: 3, incr: 3, dedup: 2, order: 3, opt: 3, optInc: 3}},
		{"PR 9773 ABC", "ABC", "A@1 B@2 C@3", 10, map[matrix.Mode]int{order: 3}},
		{"PR 9773 ADBC", "ABC", "A@1 D@2 B@3 C@4", 10, map[matrix.Mode]int{order: 1}},
		{"PR 9773 AABBCC", "ABC", "A@1 A@2 B@3 B@4 C@5 C@6", 10, map[matrix.Mode]int{order: 3}},
		{"PR 9773 AABBDCC", "ABC", "A@1 A@2 B@3 B@4 D@5 C@6 C@7", 10, map[matrix.Mode]int{order: 2}},
		{"PR 9773 BBCCAA", "ABC", "B@1 B@2 C@3 C@4 A@5 A@6", 10, map[matrix.Mode]int{order: 1}},
	}
	for _, tt := range tests {
		for mode, want := range tt.want {
			t.Run(tt.name+"/"+mode.String(), func(t *testing.T) {
				f := mustFunnel(t, matrix.FunnelSpec{Steps: steps(tt.steps), Window: tt.window * time.Millisecond, Mode: mode})
				got, err := f.Level(parseEvents(t, tt.events))
				require.NoError(t, err)
				assert.Equal(t, want, got)
			})
		}
	}
}

// TestFirstStart checks Mixpanel's rule: the window runs from the first
// step-1 event (anchors E4, where Mixpanel's documentation gives 2).
func TestFirstStart(t *testing.T) {
	tests := []struct {
		name, events string
		mode         matrix.Mode
		want         int
	}{
		{"E4 default", "A@780 A@810 B@825 C@855", dflt, 2},
		{"E4 optimal", "A@780 A@810 B@825 C@855", opt, 2},
		{"E4 strict order", "A@780 A@810 B@825 C@855", order, 2},
		{"E3 stretched", "A@0 A@50 B@62 C@64", dflt, 1},
		{"within the window", "A@0 A@5 B@30 C@59", dflt, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("ABC"), Window: 60 * time.Millisecond, Mode: tt.mode, FirstStart: true})
			got, err := f.Level(parseEvents(t, tt.events))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNewFunnelErrors(t *testing.T) {
	tooMany := make([][]matrix.Kind, 33)
	for i := range tooMany {
		tooMany[i] = []matrix.Kind{matrix.Order}
	}
	tests := []struct {
		name  string
		spec  matrix.FunnelSpec
		field string
		is    error
	}{
		{"no steps", matrix.FunnelSpec{}, "funnel: steps", nil},
		{"33 steps", matrix.FunnelSpec{Steps: tooMany}, "funnel: steps", nil},
		{"empty step", matrix.FunnelSpec{Steps: [][]matrix.Kind{{matrix.Order}, {}}}, "funnel: steps[1]", nil},
		{"unknown kind", matrix.FunnelSpec{Steps: [][]matrix.Kind{{matrix.Order, 9}}}, "funnel: steps[0][1]", matrix.ErrUnknown},
		{"undeclared custom kind", matrix.FunnelSpec{Steps: [][]matrix.Kind{{matrix.FirstCustomKind}}}, "funnel: steps[0][0]", matrix.ErrUnknown},
		{"negative window", matrix.FunnelSpec{Steps: steps("A"), Window: -time.Second}, "funnel: window", nil},
		{"unknown mode", matrix.FunnelSpec{Steps: steps("A"), Mode: 1 << 6}, "funnel: mode", nil},
		{"optimal and dedup", matrix.FunnelSpec{Steps: steps("A"), Mode: opt | dedup}, "funnel: mode", nil},
		{"optimal and order", matrix.FunnelSpec{Steps: steps("A"), Mode: opt | order}, "funnel: mode", nil},
		{"bad kind name", matrix.FunnelSpec{Steps: steps("A"), Kinds: []string{" padded"}}, "funnel: kinds[0]", nil},
		{"built-in kind name", matrix.FunnelSpec{Steps: steps("A"), Kinds: []string{"order"}}, "funnel: kinds[0]", matrix.ErrDuplicate},
		{"duplicate kind name", matrix.FunnelSpec{Steps: steps("A"), Kinds: []string{"coupon", "coupon"}}, "funnel: kinds[1]", matrix.ErrDuplicate},
		{"too many kinds", matrix.FunnelSpec{Steps: steps("A"), Kinds: make([]string, 241)}, "funnel: kinds", nil},
		{"negative sources", matrix.FunnelSpec{Steps: steps("A"), Sources: -1}, "funnel: sources", nil},
		{"65536 sources", matrix.FunnelSpec{Steps: steps("A"), Sources: 65536}, "funnel: sources", nil},
		{"unknown breakdown", matrix.FunnelSpec{Steps: steps("A"), Breakdown: 9}, "funnel: breakdown", nil},
		{"step touch without a step", matrix.FunnelSpec{Steps: steps("AB"), Breakdown: matrix.StepTouch}, "funnel: breakdown step", nil},
		{"step touch past the steps", matrix.FunnelSpec{Steps: steps("AB"), Breakdown: matrix.StepTouch, BreakdownStep: 3}, "funnel: breakdown step", nil},
		{"step without step touch", matrix.FunnelSpec{Steps: steps("AB"), Breakdown: matrix.FirstTouch, BreakdownStep: 1}, "funnel: breakdown step", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := matrix.NewFunnel(tt.spec)
			require.Error(t, err)
			assert.Nil(t, f)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}

func TestBadEvents(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB"), Sources: 2, Kinds: []string{"coupon"}})
	tests := []struct {
		name  string
		rows  []matrix.Event
		field string
	}{
		{"kind 0", []matrix.Event{{Kind: matrix.Order}, {Kind: 0, User: 7}}, "events[1].kind"},
		{"reserved kind", []matrix.Event{{Kind: 9}}, "events[0].kind"},
		{"undeclared custom kind", []matrix.Event{{Kind: matrix.FirstCustomKind + 1}}, "events[0].kind"},
		{"source out of range", []matrix.Event{{Kind: matrix.Order}, {Kind: matrix.Order, Source: 2}}, "events[1].source"},
		{"no source", []matrix.Event{{Kind: matrix.Order, Source: matrix.NoSource}}, "events[0].source"},
		// A user past twice the rows plus 65,536 sends the batch to the
		// comparison sort; the rows after it are checked all the same.
		{"kind 0 after a sparse user", []matrix.Event{{Kind: matrix.Order, User: 100_000}, {Kind: 0, User: 7}}, "events[1].kind"},
		{"source after a sparse user", []matrix.Event{{Kind: matrix.Order, User: 100_000}, {Kind: matrix.Order, Source: 5}}, "events[1].source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(err error) {
				t.Helper()
				var fe *commerce.FieldError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, tt.field, fe.Field)
				assert.ErrorIs(t, err, matrix.ErrUnknown)
			}
			_, err := f.Level(tt.rows)
			check(err)
			_, err = f.Levels(tt.rows)
			check(err)
			tally := f.NewTally()
			check(tally.Add(tt.rows))
			assert.Zero(t, tally.Users(), "a failed Add changes nothing")
			s := f.NewStream()
			var serr error
			for _, e := range tt.rows {
				if serr = s.Add(e); serr != nil {
					break
				}
			}
			check(serr)
		})
	}
	custom, ok := f.Kind("coupon")
	require.True(t, ok)
	assert.Equal(t, matrix.FirstCustomKind, custom)
	assert.Equal(t, "coupon", f.KindName(custom))
	got, err := f.Level([]matrix.Event{{Kind: custom}})
	require.NoError(t, err, "a declared custom kind is known")
	assert.Zero(t, got)
}

// TestSourceBounds checks the greatest source a funnel takes, and the
// least it refuses, at each end of FunnelSpec.Sources: 0 (one source,
// 0) and 65,535 (sources 0 to 65,534), in batch work and the stream.
func TestSourceBounds(t *testing.T) {
	for _, sources := range []int{0, 1, 2, 65_535} {
		f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB"), Window: time.Hour, Sources: sources})
		top := matrix.Source(max(sources, 1) - 1)
		ok := []matrix.Event{{Kind: matrix.NoteImpression, Source: top}, {Kind: matrix.NoteEngagement, Source: top, Time: 1}}
		lv, err := f.Levels(ok)
		require.NoError(t, err, sources)
		assert.Equal(t, 2, lv[0].Level, sources)
		s := f.NewStream()
		_, err = s.AddAll(ok)
		require.NoError(t, err, sources)
		bad := []matrix.Event{ok[0], {Kind: matrix.NoteEngagement, Source: top + 1, Time: 1}}
		_, err = f.Levels(bad)
		require.ErrorIs(t, err, matrix.ErrUnknown, sources)
		n, err := f.NewStream().AddAll(bad)
		require.ErrorIs(t, err, matrix.ErrUnknown, sources)
		assert.Equal(t, 1, n, sources)
	}
}
