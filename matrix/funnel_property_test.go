package matrix_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// propertySpecs are the funnels the property tests run: every mode, each
// breakdown, FirstStart, a kind in two steps and a custom kind, over the
// generator's 8 kinds (FunnelKind(0) to FunnelKind(7)).
func propertySpecs() []matrix.FunnelSpec {
	k := matrixtest.FunnelKind
	base := [][]matrix.Kind{{k(0)}, {k(1), k(7)}, {k(2)}, {k(3), k(1)}}
	shanghai := time.FixedZone("UTC+8", 8*60*60)
	var out []matrix.FunnelSpec
	for i, mode := range []matrix.Mode{dflt, dedup, order, incr, dedup | order | incr, opt, optInc} {
		out = append(out, matrix.FunnelSpec{
			Steps: base, Window: time.Duration(45+i*10) * time.Minute, Mode: mode, Kinds: matrixtest.FunnelKindNames(8),
			Sources: 3, Breakdown: matrix.Breakdown(1 + i%3), BreakdownStep: map[bool]int{true: 2}[i%3 == 2],
			FirstStart: i%2 == 1, Location: shanghai,
		})
	}
	for _, mode := range []matrix.Mode{dflt, dedup | order} { // no breakdown, UTC days
		out = append(out, matrix.FunnelSpec{Steps: base, Window: time.Hour, Mode: mode, Kinds: matrixtest.FunnelKindNames(8), Sources: 3})
	}
	return out
}

// smallStream is a generated stream with many ties: events at whole
// minutes within 3 hours, frequent exact repeats.
func smallStream(users, perUser int, seed uint64, ordered bool) []matrix.Event {
	return matrixtest.FunnelEvents{Users: users, PerUser: perUser, Kinds: 8, Seed: seed, Sources: 3,
		Span: 3 * time.Hour, Tick: time.Minute, Repeat: 5, Ordered: ordered}.Generate()
}

// TestLevelsPermutation checks that Levels gives the same levels under
// any order of the rows, ties included, and the same as Level on each
// user's rows.
func TestLevelsPermutation(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 618))
	for _, spec := range propertySpecs() {
		f := mustFunnel(t, spec)
		t.Run(spec.Mode.String()+"/"+spec.Breakdown.String(), func(t *testing.T) {
			for i := range matrix.LongCases(20, 2000) {
				rows := smallStream(30, 1+r.IntN(120), uint64(i), false) // past 24 kept events a user: the bucket sort
				want, err := f.Levels(rows)
				require.NoError(t, err)
				for range 5 {
					r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
					got, err := f.Levels(rows)
					require.NoError(t, err)
					require.Equal(t, want, got)
				}
				byUser := map[matrix.Member][]matrix.Event{}
				for _, e := range rows {
					byUser[e.User] = append(byUser[e.User], e)
				}
				for _, ul := range want {
					l, err := f.Level(byUser[ul.User])
					require.NoError(t, err)
					require.Equal(t, ul.Level, l, "user %d", ul.User)
				}
			}
		})
	}
}

// TestSlowPaths checks that sparse users and times more than 2^40 ms
// apart (the comparison-sort path) give the same levels as the counting
// sort.
func TestSlowPaths(t *testing.T) {
	for _, spec := range propertySpecs() {
		f := mustFunnel(t, spec)
		rows := smallStream(40, 30, 3, false)
		want, err := f.Levels(rows)
		require.NoError(t, err)
		sparse := slices.Clone(rows)
		for i := range sparse {
			sparse[i].User = sparse[i].User*100_003 + 1<<30
		}
		got, err := f.Levels(sparse)
		require.NoError(t, err)
		require.Len(t, got, len(want))
		for i := range got {
			assert.Equal(t, want[i].User*100_003+1<<30, got[i].User)
			assert.Equal(t, want[i].Level, got[i].Level)
		}
		wide := slices.Clone(rows)
		for i := range wide {
			if wide[i].User == 0 {
				wide[i].Time += 1 << 42 // user 0 moves 139 years on: levels are translation-invariant
			}
		}
		got, err = f.Levels(wide)
		require.NoError(t, err)
		assert.Equal(t, want, got, spec.Mode.String())
	}
}

// TestSpanEdges checks batch work where its fast path ends: a user's
// times moved to the least and greatest offsets from the first row's
// time that it packs (2^39 before, 2^39 − 1 after) and one past each;
// and all times moved so that the first row's is at ±2^62, the largest
// it packs from, and beyond, to the ends of int64. Levels are
// translation-invariant, so each must give the levels of the rows as
// they were.
func TestSpanEdges(t *testing.T) {
	for _, spec := range propertySpecs() {
		f := mustFunnel(t, spec)
		rows := smallStream(40, 30, 4, false)
		want, err := f.Levels(rows)
		require.NoError(t, err)
		t0, u := rows[0].Time, rows[0].User+1 // user u has no row first
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for _, r := range rows {
			if r.User == u {
				lo, hi = min(lo, r.Time), max(hi, r.Time)
			}
		}
		require.Less(t, lo, hi)
		moved := func(name string, shift func(r matrix.Event) int64) {
			m := slices.Clone(rows)
			for i := range m {
				m[i].Time += shift(m[i])
			}
			got, err := f.Levels(m)
			require.NoError(t, err, name)
			require.Equal(t, want, got, "%s %s", spec.Mode, name)
		}
		user := func(d int64) func(matrix.Event) int64 {
			return func(r matrix.Event) int64 { return map[bool]int64{true: d}[r.User == u] }
		}
		all := func(d int64) func(matrix.Event) int64 { return func(matrix.Event) int64 { return d } }
		moved("user at the least offset", user(t0-1<<39-lo))
		moved("user one before it", user(t0-1<<39-1-lo))
		moved("user at the greatest offset", user(t0+1<<39-1-hi))
		moved("user one after it", user(t0+1<<39-hi))
		first, last := rows[0].Time, rows[0].Time
		for _, r := range rows {
			first, last = min(first, r.Time), max(last, r.Time)
		}
		moved("first time at 2^62", all(1<<62-t0))
		moved("first time past 2^62", all(1<<62+1-t0))
		moved("first time at −2^62", all(-1<<62-t0))
		moved("first time before −2^62", all(-1<<62-1-t0))
		moved("times at the top of int64", all(math.MaxInt64-last))
		moved("times at the bottom of int64", all(math.MinInt64-first))
	}
}

// TestSpanEdgeCases checks, on a two-step funnel, users whose order of
// steps the fast path would get wrong were it to pack a time one past
// its greatest offset (the offset 2^40 ms would wrap to 0), or a time
// 2^64 − 111 ms after the first row's or 2^64 − 1011 ms before it (the
// offsets would wrap to −111 and 1011).
func TestSpanEdgeCases(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB"), Window: time.Hour})
	a, b := matrix.NoteImpression, matrix.NoteEngagement
	for _, tc := range []struct {
		name string
		t0   int64          // the first row's time, user 0's
		ev   []matrix.Event // user 1's
		want int
	}{
		{"at the greatest offset", 5, []matrix.Event{{Time: 5 + 1<<39 - 2, Kind: a}, {Time: 5 + 1<<39 - 1, Kind: b}}, 2},
		{"one past it", 5, []matrix.Event{{Time: 5 + 1<<39 - 1, Kind: a}, {Time: 5 + 1<<39, Kind: b}}, 2},
		{"at the least offset", 5, []matrix.Event{{Time: 5 - 1<<39, Kind: a}, {Time: 5 - 1<<39 + 1, Kind: b}}, 2},
		{"one before it", 5, []matrix.Event{{Time: 5 - 1<<39 - 1, Kind: a}, {Time: 5 - 1<<39, Kind: b}}, 2},
		{"2^64 − 111 ms on", math.MinInt64 + 100, []matrix.Event{{Time: math.MinInt64 + 150, Kind: b}, {Time: math.MaxInt64 - 10, Kind: a}}, 1},
		{"2^64 − 1011 ms back", math.MaxInt64 - 1000, []matrix.Event{{Time: math.MinInt64 + 10, Kind: a}, {Time: math.MaxInt64 - 500, Kind: b}}, 1},
	} {
		rows := []matrix.Event{{User: 0, Time: tc.t0, Kind: a}}
		for _, e := range tc.ev {
			e.User = 1
			rows = append(rows, e)
		}
		got, err := f.Levels(rows)
		require.NoError(t, err, tc.name)
		require.Equal(t, []matrix.UserLevel{{User: 0, Level: 1}, {User: 1, Level: tc.want}}, got, tc.name)
		lv, err := f.Level(tc.ev)
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.want, lv, tc.name)
	}
}

// partition splits rows by user into k parts at random.
func partition(r *rand.Rand, rows []matrix.Event, k int) [][]matrix.Event {
	part := map[matrix.Member]int{}
	out := make([][]matrix.Event, k)
	for _, e := range rows {
		p, ok := part[e.User]
		if !ok {
			p = r.IntN(k)
			part[e.User] = p
		}
		out[p] = append(out[p], e)
	}
	return out
}

// mergeTree merges tallies along a random binary tree, each side in
// either order.
func mergeTree(t *testing.T, r *rand.Rand, ts []*matrix.FunnelTally) *matrix.FunnelTally {
	for len(ts) > 1 {
		i := r.IntN(len(ts) - 1)
		a, b := ts[i], ts[i+1]
		if r.IntN(2) == 0 {
			a, b = b, a
		}
		require.NoError(t, a.Merge(b))
		ts = append(ts[:i], append([]*matrix.FunnelTally{a}, ts[i+2:]...)...)
	}
	return ts[0]
}

// TestMergeProperty checks that tallies of random partitions by user,
// merged along random trees, report exactly what the batch tally does.
func TestMergeProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 618))
	for _, spec := range propertySpecs() {
		f := mustFunnel(t, spec)
		t.Run(spec.Mode.String()+"/"+spec.Breakdown.String(), func(t *testing.T) {
			for i := range matrix.LongCases(20, 2000) {
				rows := smallStream(50, 1+r.IntN(30), uint64(i), false)
				batch := f.NewTally()
				require.NoError(t, batch.Add(rows))
				want, err := batch.Report()
				require.NoError(t, err)
				parts := partition(r, rows, 1+r.IntN(6))
				ts := make([]*matrix.FunnelTally, len(parts))
				for j, p := range parts {
					ts[j] = f.NewTally()
					for _, sub := range partition(r, p, 1+r.IntN(3)) { // Add in user-disjoint batches
						require.NoError(t, ts[j].Add(sub))
					}
				}
				got, err := mergeTree(t, r, ts).Report()
				require.NoError(t, err)
				require.Equal(t, want, got)
			}
		})
	}
}

// TestStreamProperty checks that a stream of the rows in time order
// tallies exactly what the batch does, whenever it is asked.
func TestStreamProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 618))
	for _, spec := range propertySpecs() {
		f := mustFunnel(t, spec)
		t.Run(spec.Mode.String()+"/"+spec.Breakdown.String(), func(t *testing.T) {
			for i := range matrix.LongCases(20, 2000) {
				rows := smallStream(40, 1+r.IntN(40), uint64(i), true)
				cut := r.IntN(len(rows) + 1)
				s := f.NewStream()
				for j, e := range rows {
					if j == cut { // a tally mid-stream equals the batch of the prefix
						checkStream(t, f, s, rows[:j])
					}
					require.NoError(t, s.Add(e))
				}
				checkStream(t, f, s, rows)
			}
		})
	}
}

func checkStream(t *testing.T, f *matrix.Funnel, s *matrix.FunnelStream, rows []matrix.Event) {
	t.Helper()
	batch := f.NewTally()
	require.NoError(t, batch.Add(rows))
	want, err := batch.Report()
	require.NoError(t, err)
	st, err := s.Tally()
	require.NoError(t, err)
	got, err := st.Report()
	require.NoError(t, err)
	require.Equal(t, want, got)
	assert.Equal(t, batch.Users(), s.Users())
}

func TestTallyErrors(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB")})
	g := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AC")})
	a := f.NewTally()
	require.NoError(t, a.Add([]matrix.Event{{User: 1, Kind: matrix.NoteImpression}}))
	err := a.Add([]matrix.Event{{User: 2, Kind: matrix.NoteImpression}, {User: 1, Kind: matrix.NoteEngagement}})
	require.ErrorIs(t, err, matrix.ErrDuplicate)
	assert.Equal(t, 1, a.Users(), "a failed Add changes nothing")
	b := f.NewTally()
	require.NoError(t, b.Add([]matrix.Event{{User: 1, Kind: matrix.NoteImpression}}))
	require.ErrorIs(t, a.Merge(b), matrix.ErrDuplicate)
	require.ErrorIs(t, a.Merge(g.NewTally()), matrix.ErrFunnelMismatch)
	same := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB")})
	require.NoError(t, a.Merge(same.NewTally()), "funnels of the same spec merge")
	var zero matrix.FunnelTally
	require.ErrorIs(t, zero.Add(nil), commerce.ErrInvalid)
	require.ErrorIs(t, a.Merge(&zero), commerce.ErrInvalid)
	_, err = zero.Report()
	require.ErrorIs(t, err, commerce.ErrInvalid)
	var nilTally *matrix.FunnelTally
	assert.Zero(t, nilTally.Users())
	zero.Reset() // does nothing
	a.Reset()
	assert.Zero(t, a.Users())

	s := f.NewStream()
	require.NoError(t, s.Add(matrix.Event{User: 3, Time: 10, Kind: matrix.NoteImpression}))
	require.NoError(t, s.Add(matrix.Event{User: 3, Time: 10, Kind: matrix.Order}), "a tie")
	err = s.Add(matrix.Event{User: 3, Time: 9, Kind: matrix.NoteEngagement})
	require.ErrorIs(t, err, matrix.ErrOutOfOrder)
	require.ErrorContains(t, err, "events[2].time")
	var zs matrix.FunnelStream
	require.ErrorIs(t, zs.Add(matrix.Event{}), commerce.ErrInvalid)
	_, err = zs.Tally()
	require.ErrorIs(t, err, commerce.ErrInvalid)
	var nilStream *matrix.FunnelStream
	assert.Zero(t, nilStream.Users())
}
