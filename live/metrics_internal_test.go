package live

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/exp/stats"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// metricsRecords returns n records of two visits each, IDs prefix0…,
// inside a one-hour session starting at start.
func metricsRecords(prefix string, n int, start time.Time) []ViewerRecord {
	records := make([]ViewerRecord, n)
	for i := range records {
		e := start.Add(time.Duration(i%2000) * time.Second)
		records[i] = ViewerRecord{Viewer: prefix + strconv.Itoa(i), Interactions: int64(i % 3), ProductClicks: int64(i % 2),
			Visits: []Visit{{Enter: e.Add(10 * time.Minute), Leave: e.Add(15 * time.Minute)}, {Enter: e, Leave: e.Add(time.Minute)}}}
	}
	return records
}

// TestTallyAddAllocs guards the hot path: once a tally has room for its
// viewers, adding records allocates nothing, for a large batch (sorted by
// home slot) as for one record at a time. The segment lookup is included.
func TestTallyAddAllocs(t *testing.T) {
	start := time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)
	group, err := NewSegment("group", []string{"b0-7", "b3-9", "s2"})
	require.NoError(t, err)
	tl, err := NewTally(commerce.Period{From: start, To: start.Add(time.Hour)}, TallyOptions{Segment: group})
	require.NoError(t, err)
	const runs, batch = 5, 5000
	// Warm: room for every viewer of the runs below, and scratch of a
	// batch's size.
	warm := metricsRecords("w", batch, start)
	require.NoError(t, tl.Add(warm...))
	tl.ids = slices.Grow(tl.ids, (2*runs+2)*batch)
	tl.watch = slices.Grow(tl.watch, (2*runs+2)*batch)
	tl.set.reserve((2*runs + 2) * batch)

	var batches [][]ViewerRecord
	for r := range runs + 1 {
		batches = append(batches, metricsRecords("b"+strconv.Itoa(r)+"-", batch, start))
	}
	next := 0
	allocs := testing.AllocsPerRun(runs, func() {
		if err := tl.Add(batches[next]...); err != nil {
			t.Fatal(err)
		}
		next++
	})
	assert.Zero(t, allocs, "allocations per Add of %d records", batch)

	singles := metricsRecords("s", runs+1, start)
	next = 0
	allocs = testing.AllocsPerRun(runs, func() {
		if err := tl.Add(singles[next]); err != nil {
			t.Fatal(err)
		}
		next++
	})
	assert.Zero(t, allocs, "allocations per Add of one record")
}

// TestViewerSetCollisions forces every ID onto one home slot and equal
// hash bits: the set must still tell IDs apart by comparing them, and
// wrap its probes around the end of the table.
func TestViewerSetCollisions(t *testing.T) {
	var s viewerSet
	ids := []string{"a", "b", "c", "a", "d"}
	s.reserve(len(ids))
	// put puts one key and returns the index of the equal ID already in
	// the set, if there is one.
	put := func(k uint64, ids []string) (int, bool) {
		first, _, dup := s.putAll([]uint64{k}, ids, 0, math.MaxInt, false)
		return first, dup
	}
	const hi = uint64(0xffffffff) << 32 // home: the last slot
	for i, id := range ids[:3] {
		_, dup := put(hi|uint64(i+1), ids)
		require.False(t, dup, id)
	}
	first, dup := put(hi|4, ids)
	assert.True(t, dup)
	assert.Equal(t, 0, first)
	_, dup = put(hi|5, ids)
	assert.False(t, dup)
	assert.Equal(t, 4, s.n)
	s.drop(2) // keep ids[0] and ids[1]
	assert.Equal(t, 2, s.n)
	_, dup = put(hi|3, ids)
	assert.False(t, dup, "c was dropped")
	first, second, dup := s.insert([]uint64{hi | 4, hi | 5}, ids, 3)
	assert.Equal(t, [3]any{0, 3, true}, [3]any{first, second, dup})
	assert.Equal(t, 3, s.n, "the failed insert removed what it added")
}

// TestSortMillis checks the radix sort against slices.Sort, across the
// digit counts (one to four passes) and on sorted input.
func TestSortMillis(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var scratch []uint64
	for _, limit := range []int64{1, 2, 1 << 10, 1 << 20, 1 << 30, 1 << 40, 1 << 52} {
		for _, n := range []int{0, 1, 2, 100, 5000} {
			w := make([]float64, n)
			for i := range w {
				w[i] = float64(rng.Int64N(limit))
			}
			want := slices.Clone(w)
			slices.Sort(want)
			sortMillis(w, &scratch)
			assert.Equal(t, want, w, "limit %d, n %d", limit, n)
			sortMillis(w, &scratch)
			assert.Equal(t, want, w, "sorted input")
		}
	}
}

// TestTallyWarmAllocs guards the issue's "no allocation per record once
// warm": a tally that has held a large batch, Reset and given it again,
// allocates nothing to Add it (region-by-region insertion with read-ahead,
// segment lookups, orders) and nothing to sort it in Metrics (a counting
// sort when the watch times' range is below the viewer count, a radix sort
// otherwise) and nothing to take the quantiles, which are computed in
// integers.
func TestTallyWarmAllocs(t *testing.T) {
	start := time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)
	order, err := commerce.NewOrder(commerce.OrderSpec{ID: "o", Buyer: "v7", Seller: "shop", CreatedAt: start,
		Lines: []commerce.Line{{SKU: "sku", Quantity: 1, UnitListPrice: commerce.MustNewMoney(990, commerce.CNY), Paid: commerce.MustNewMoney(990, commerce.CNY)}}})
	require.NoError(t, err)
	order, err = order.Pay(start.Add(time.Minute))
	require.NoError(t, err)
	group, err := NewSegment("group", []string{"v3", "v7", "v11"})
	require.NoError(t, err)
	// 20,000 viewers: a batch above bucketAt, with a key for every 8
	// slots of its 32,768-slot table and more.
	const viewers = 20_000
	for _, tc := range []struct {
		name     string
		maxWatch time.Duration // below 20 s: fewer ms than viewers
	}{
		{"counting sort", 15 * time.Second},
		{"radix sort", 50 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			records := make([]ViewerRecord, viewers)
			for i := range records {
				e := start.Add(time.Duration(rng.Int64N(int64(time.Minute))))
				records[i] = ViewerRecord{Viewer: "v" + strconv.Itoa(i), Interactions: int64(i % 3),
					Visits: []Visit{{Enter: e, Leave: e.Add(time.Duration(rng.Int64N(int64(tc.maxWatch))))}}}
			}
			records[7].Orders = []commerce.Order{order}
			tl, err := NewTally(commerce.Period{From: start, To: start.Add(time.Hour)}, TallyOptions{Segment: group})
			require.NoError(t, err)
			require.NoError(t, tl.Add(records...))
			want := tl.Metrics()
			require.Positive(t, want.MedianWatch)
			allocs := testing.AllocsPerRun(3, func() {
				tl.Reset()
				if err := tl.Add(records...); err != nil {
					t.Fatal(err)
				}
				if m := tl.Metrics(); !m.Equal(want) {
					t.Fatalf("%+v, want %+v", m, want)
				}
			})
			assert.Zero(t, allocs, "allocations per warm Reset, Add and Metrics of %d records", viewers)
		})
	}
}

// exactR7 returns the num/den quantile of sorted by R-7 as an exact
// rational, v[i] + (h − i)(v[i+1] − v[i]) with h = (n−1)·num/den and
// i = ⌊h⌋, computed in math/big, independently of quantileR7's integer
// steps.
func exactR7(sorted []float64, num, den int64) *big.Rat {
	h := big.NewRat(int64(len(sorted)-1)*num, den)
	i := new(big.Int).Quo(h.Num(), h.Denom()) // ⌊h⌋: h ≥ 0
	frac := new(big.Rat).Sub(h, new(big.Rat).SetInt(i))
	k := int(i.Int64())
	lo := new(big.Rat).SetInt64(int64(sorted[k]))
	if frac.Sign() == 0 {
		return lo
	}
	d := new(big.Rat).SetInt64(int64(sorted[k+1]) - int64(sorted[k]))
	return lo.Add(lo, d.Mul(d, frac))
}

// halfUp rounds x ≥ 0 to an integer, halves up.
func halfUp(x *big.Rat) int64 {
	twice := new(big.Rat).Add(new(big.Rat).Mul(x, big.NewRat(2, 1)), big.NewRat(1, 1)) // 2x + 1
	q := new(big.Int).Quo(twice.Num(), twice.Denom())                                  // ⌊2x + 1⌋
	return q.Rsh(q, 1).Int64()                                                         // ⌊(2x + 1) / 2⌋ = ⌊x + 1/2⌋
}

// TestQuantileR7 checks quantileR7 against the exact R-7 value in
// math/big, rounded half up, on random sorted watch times: many ties, whole
// minutes, the longest session's 6.048×10^8 ms and values to 2^53 (where
// the 128-bit product is needed). For values up to 2^31 (1 to 1,000
// viewers) it also checks it against golang.org/x/exp/stats.Quantiles,
// the method: the float64 value is within tol of the exact one
// and rounds to the same integer unless the exact value is within tol of
// a half. The float's error comes from h = (n−1)·q, whose fraction is off
// by up to a few ulp(h) ≤ n·2^-52, times the gap v[i+1] − v[i] ≤ limit,
// plus the final addition's ulp: tol = (n + 2)·limit·2^-50 is four times
// that bound or more.
func TestQuantileR7(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 618))
	limits := []int64{1, 3, 60_000, int64(7 * 24 * time.Hour / time.Millisecond), 1 << 31, 1 << 53}
	cases := longCases(5_000, 200_000)
	for c := range cases {
		limit := limits[rng.IntN(len(limits))]
		n := 1 + rng.IntN(1000)
		w := make([]float64, n)
		for i := range w {
			w[i] = float64(rng.Int64N(limit + 1))
		}
		slices.Sort(w)
		for _, q := range [...][2]int64{{1, 2}, {9, 10}, {0, 1}, {1, 1}, {1, 4}, {99, 100}} {
			exact := exactR7(w, q[0], q[1])
			got := quantileR7(w, q[0], q[1])
			require.Equal(t, halfUp(exact), got, "case %d: n %d, limit %d, q %d/%d", c, n, limit, q[0], q[1])
			if limit > 1<<31 {
				continue
			}
			f := stats.Quantiles(w, float64(q[0])/float64(q[1]))[0]
			e, _ := exact.Float64()
			tol := float64(n+2) * float64(limit) * 0x1p-50
			require.InDelta(t, e, f, tol, "case %d: stats.Quantiles within the float's tolerance", c)
			nearHalf := math.Abs(e-math.Floor(e)-0.5) <= tol
			if !nearHalf {
				require.Equal(t, got, int64(math.Round(f)), "case %d: n %d, q %d/%d: stats.Quantiles rounded", c, n, q[0], q[1])
			}
		}
	}
}

// TestQuantileR7Cases are crafted cases: one value, ties, halves that
// round up, and the largest values a float64 holds exactly.
func TestQuantileR7Cases(t *testing.T) {
	const max53 = 1<<53 - 1
	for _, tc := range []struct {
		values   []float64
		num, den int64
		want     int64
	}{
		{[]float64{7}, 1, 2, 7},
		{[]float64{7}, 9, 10, 7},
		{[]float64{0, 1}, 1, 2, 1},                                    // 0.5 rounds up
		{[]float64{0, 3}, 1, 2, 2},                                    // 1.5 rounds up
		{[]float64{0, 1, 2}, 1, 2, 1},                                 // h = 1: the middle value
		{[]float64{0, 0, 0, 0, 0, 0, 0, 1}, 9, 10, 0},                 // h = 6.3: 0 + 0.3
		{[]float64{0, 0, 0, 0, 0, 0, 0, 5}, 9, 10, 2},                 // 0 + 0.3 × 5 = 1.5: up
		{[]float64{0, 0, 0, 0, 0, 0, 0, 604799995}, 9, 10, 181439999}, // 181,439,998.5: up
		{[]float64{0, max53}, 1, 2, 1 << 52},                          // (2^53 − 1) / 2 = 2^52 − 0.5: up
		{[]float64{0, max53}, 9, 10, 8106479329266892},                // 0.9 × (2^53 − 1) = 8,106,479,329,266,891.9
		{[]float64{max53 - 1, max53}, 1, 2, max53},                    // 2^53 − 1.5: up
		{[]float64{3, 3, 3, 3}, 9, 10, 3},
	} {
		t.Run(fmt.Sprint(tc.values, tc.num, "/", tc.den), func(t *testing.T) {
			assert.Equal(t, tc.want, quantileR7(tc.values, tc.num, tc.den))
		})
	}
}

// TestDupOrder checks the sorted path of dupOrder (more than
// pairwiseOrders orders) against pairwise comparison, on random IDs from
// a small alphabet so that most sets have duplicates, some in runs of
// three or more.
func TestDupOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	start := time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)
	tl, err := NewTally(commerce.Period{From: start, To: start.Add(time.Hour)}, TallyOptions{})
	require.NoError(t, err)
	pool := make([]commerce.Order, 60)
	for k := range pool {
		pool[k], err = commerce.NewOrder(commerce.OrderSpec{ID: fmt.Sprintf("o%d", k), Buyer: "v", Seller: "shop", CreatedAt: start,
			Lines: []commerce.Line{{SKU: "sku", Quantity: 1, UnitListPrice: commerce.MustNewMoney(100, commerce.CNY), Paid: commerce.MustNewMoney(100, commerce.CNY)}}})
		require.NoError(t, err)
	}
	for c := range longCases(2_000, 50_000) {
		n := 1 + rng.IntN(50)
		orders := make([]commerce.Order, n)
		for j := range orders {
			orders[j] = pool[rng.IntN(10+rng.IntN(len(pool)-10))]
		}
		wantFirst, wantSecond, wantDup := 0, 0, false
	search:
		for b := range orders {
			for a := range b {
				if orders[a].ID() == orders[b].ID() {
					wantFirst, wantSecond, wantDup = a, b, true
					break search
				}
			}
		}
		first, second, dup := tl.dupOrder(orders)
		require.Equal(t, [3]any{wantFirst, wantSecond, wantDup}, [3]any{first, second, dup}, "case %d: %d orders", c, n)
	}
	// A warm tally checks many orders without allocating.
	many := slices.Clone(pool[:40])
	allocs := testing.AllocsPerRun(10, func() {
		if _, _, dup := tl.dupOrder(many); dup {
			t.Fatal("no duplicate")
		}
	})
	assert.Zero(t, allocs)
}
