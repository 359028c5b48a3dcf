package live

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
// otherwise). The one allocation allowed is the result slice of
// stats.Quantiles.
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
			assert.LessOrEqual(t, allocs, 1.0, "allocations per warm Reset, Add and Metrics of %d records", viewers)
		})
	}
}
