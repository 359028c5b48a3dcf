package matrix_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// plainSpecs are default-mode funnels with no breakdown, the specs the
// batch and the stream serve on their branch-free paths (scanPlain,
// addPlain): with and without FirstStart, a kind in two steps, one step,
// a zero window, in UTC and in a zone with days at +8 h.
func plainSpecs() []matrix.FunnelSpec {
	k := matrixtest.FunnelKind
	shanghai := time.FixedZone("UTC+8", 8*60*60)
	names := matrixtest.FunnelKindNames(8)
	two := [][]matrix.Kind{{k(0)}, {k(1), k(7)}, {k(2)}, {k(3), k(1)}}
	return []matrix.FunnelSpec{
		{Steps: two, Window: 45 * time.Minute, Kinds: names, Sources: 3},
		{Steps: two, Window: time.Hour, Kinds: names, Sources: 3, FirstStart: true, Location: shanghai},
		{Steps: [][]matrix.Kind{{k(0)}}, Window: time.Hour, Kinds: names, Sources: 3},
		{Steps: [][]matrix.Kind{{k(0), k(1)}, {k(1)}, {k(1), k(2)}}, Kinds: names, Sources: 3, FirstStart: true},
		{Steps: [][]matrix.Kind{{k(5)}, {k(6)}, {k(5)}, {k(6)}, {k(4)}}, Window: 2 * time.Hour, Kinds: names, Sources: 3},
	}
}

// TestPlainPaths checks, for the plain specs, that the batch tally of the
// rows in any order, the stream of them in time order (asked for a tally
// midway and at the end) and the levels all agree, and that Levels
// agrees with Level and the ClickHouse model (chModel) user by user.
func TestPlainPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 618))
	for si, spec := range plainSpecs() {
		f := mustFunnel(t, spec)
		t.Run(spec.Window.String(), func(t *testing.T) {
			for i := range matrix.LongCases(30, 3000) {
				rows := smallStream(40, 1+r.IntN(60), uint64(1000*si+i), true)
				cut := r.IntN(len(rows) + 1)
				s := f.NewStream()
				_, err := s.AddAll(rows[:cut])
				require.NoError(t, err)
				checkStream(t, f, s, rows[:cut])
				_, err = s.AddAll(rows[cut:])
				require.NoError(t, err)
				checkStream(t, f, s, rows)
				r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
				checkStream(t, f, s, rows)
				levels, err := f.Levels(rows)
				require.NoError(t, err)
				byUser := map[matrix.Member][]matrix.Event{}
				for _, e := range rows {
					byUser[e.User] = append(byUser[e.User], e)
				}
				for _, ul := range levels {
					l, err := f.Level(byUser[ul.User])
					require.NoError(t, err)
					require.Equal(t, ul.Level, l, "user %d", ul.User)
					want := chModel(byUser[ul.User], spec.Steps, spec.Window.Milliseconds(), 0, spec.FirstStart)
					require.Equal(t, want, l, "user %d: the ClickHouse model", ul.User)
				}
			}
		})
	}
}

// TestPlainAllocs guards the plain paths: a warm stream allocates nothing
// per event, nor a warm tally per row or user.
func TestPlainAllocs(t *testing.T) {
	f := mustFunnel(t, plainSpecs()[1])
	rows := matrixtest.FunnelEvents{Users: 100, PerUser: 50, Kinds: 8, Seed: 6, Sources: 3, Ordered: true}.Generate()
	s := f.NewStream()
	require.NoError(t, s.Add(matrix.Event{User: 99, Time: rows[0].Time, Kind: matrix.Share}))
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if err := s.Add(rows[i]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	require.Zero(t, allocs, "Add")
	s.Reset()
	allocs = testing.AllocsPerRun(10, func() {
		s.Reset()
		if _, err := s.AddAll(rows); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "AddAll")
	tally := f.NewTally()
	require.NoError(t, tally.Add(rows))
	allocs = testing.AllocsPerRun(10, func() {
		tally.Reset()
		if err := tally.Add(rows); err != nil {
			t.Fatal(err)
		}
	})
	// Reset makes the level histogram and the day map afresh (2), and the
	// map and its day rows grow for the days of the stream (a few).
	require.LessOrEqual(t, allocs, 12.0, "5,000 rows of 100 users")
}
