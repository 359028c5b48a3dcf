package live_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// propSession is the 30-minute session of the property tests: short, so
// that random visits collide often in a second.
func propSession() commerce.Period {
	start := time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)
	return commerce.Period{From: start, To: start.Add(30 * time.Minute)}
}

// randomRecords draws n viewer records for session: one to four visits
// each, some overlapping, some of zero length, some on whole seconds, some
// with a sub-millisecond part; interactions, clicks and zero to three
// orders (some unpaid, some refunded), paid inside the session or its
// attribution window.
func randomRecords(rng *rand.Rand, n int, session commerce.Period, window time.Duration) []live.ViewerRecord {
	length := session.To.Sub(session.From)
	instant := func() time.Duration {
		switch rng.IntN(3) {
		case 0:
			return time.Duration(rng.Int64N(int64(length/time.Second))) * time.Second
		case 1:
			return time.Duration(rng.Int64N(int64(length/time.Millisecond))) * time.Millisecond
		}
		return time.Duration(rng.Int64N(int64(length)))
	}
	records := make([]live.ViewerRecord, n)
	for i := range records {
		r := live.ViewerRecord{Viewer: "v" + strconv.Itoa(i)}
		for range 1 + rng.IntN(4) {
			e := instant()
			l := e + time.Duration(rng.Int64N(int64(length-e)+1))
			if rng.IntN(8) == 0 {
				l = e
			}
			r.Visits = append(r.Visits, live.Visit{Enter: session.From.Add(e), Leave: session.From.Add(l)})
		}
		if rng.IntN(3) == 0 {
			r.Interactions = rng.Int64N(5)
		}
		if rng.IntN(2) == 0 {
			r.ProductClicks = rng.Int64N(4)
		}
		for k := range rng.IntN(4) {
			paid := session.From.Add(time.Duration(rng.Int64N(int64(length + window))))
			r.Orders = append(r.Orders, randomOrder(rng, fmt.Sprintf("o-%d-%d", i, k), r.Viewer, paid))
		}
		records[i] = r
	}
	return records
}

// randomOrder returns an order of buyer paid at paid, or (one in eight)
// never paid, refunded in full one time in four.
func randomOrder(rng *rand.Rand, id, buyer string, paid time.Time) commerce.Order {
	fen := 100 + rng.Int64N(20000)
	o, err := commerce.NewOrder(commerce.OrderSpec{
		ID: id, Buyer: buyer, Seller: "shop", CreatedAt: paid,
		Lines: []commerce.Line{{SKU: "sku", Quantity: 1,
			UnitListPrice: commerce.MustNewMoney(fen, commerce.CNY), Paid: commerce.MustNewMoney(fen, commerce.CNY)}},
	})
	if err != nil || rng.IntN(8) == 0 {
		return o
	}
	if o, err = o.Pay(paid); err != nil {
		panic(err)
	}
	if rng.IntN(4) == 0 {
		if o, _, err = o.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: o.Remaining()},
			commerce.SevenDayReturns(), paid); err != nil {
			panic(err)
		}
	}
	return o
}

// model computes the Metrics of records by brute force, independently of
// the Tally: each viewer's online milliseconds marked one by one, peak by
// testing every sampling instant against every visit, quantiles by sorting
// and interpolating in integers.
func model(session commerce.Period, window time.Duration, records []live.ViewerRecord) live.Metrics {
	ms := func(x time.Time) int64 { return int64(x.Sub(session.From) / time.Millisecond) }
	length := ms(session.To)
	m := live.Metrics{Session: session}
	m.Sales.Period = commerce.Period{From: session.From, To: session.To.Add(window)}
	var gmv, refunded int64
	var watches []int64
	online := make([]int64, (length+999)/1000)
	for _, r := range records {
		m.Viewers++
		m.Views += int64(len(r.Visits))
		// The union of the visits: every elementary interval between two
		// consecutive ends counts when some visit covers it.
		var ends []int64
		for _, v := range r.Visits {
			ends = append(ends, ms(v.Enter), ms(v.Leave))
		}
		slices.Sort(ends)
		var w int64
		for i := 1; i < len(ends); i++ {
			for _, v := range r.Visits {
				if ms(v.Enter) <= ends[i-1] && ends[i] <= ms(v.Leave) {
					w += ends[i] - ends[i-1]
					break
				}
			}
		}
		for k := range online {
			for _, v := range r.Visits {
				if ms(v.Enter) <= 1000*int64(k) && 1000*int64(k) < ms(v.Leave) {
					online[k]++
					break
				}
			}
		}
		watches = append(watches, w)
		m.WatchMillis += w
		if r.Interactions > 0 {
			m.InteractingViewers++
		}
		m.Interactions += r.Interactions
		if r.ProductClicks > 0 {
			m.ClickingViewers++
		}
		m.ProductClicks += r.ProductClicks
		var orders int64
		for _, o := range r.Orders {
			if o.PaidAt().IsZero() {
				continue
			}
			orders++
			gmv += o.Paid().Units()
			refunded += o.Refunded().Units()
			if o.Refunded().IsPositive() {
				m.Sales.RefundedOrders++
			}
		}
		m.Sales.Orders += orders
		if orders > 0 {
			m.Sales.Buyers++
		}
		if orders > 1 {
			m.Sales.RepeatBuyers++
		}
	}
	if m.Sales.Orders > 0 {
		m.Sales.GMV = commerce.MustNewMoney(gmv, commerce.CNY)
		m.Sales.Refunded = commerce.MustNewMoney(refunded, commerce.CNY)
		m.Sales.NetGMV = commerce.MustNewMoney(gmv-refunded, commerce.CNY)
	}
	m.PeakConcurrent = slices.Max(append(online, 0))
	if len(watches) > 0 {
		slices.Sort(watches)
		m.MedianWatch = r7(watches, 1, 2)
		m.P90Watch = r7(watches, 9, 10)
	}
	return m
}

// r7 returns the num/den quantile of sorted by R-7, h = (n−1)·q, value
// x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), rounded half up to a millisecond,
// in integer arithmetic.
func r7(sorted []int64, num, den int64) time.Duration {
	h := int64(len(sorted)-1) * num
	i, frac := h/den, h%den
	v := sorted[i] * den
	if frac > 0 {
		v += frac * (sorted[i+1] - sorted[i])
	}
	q := (2*v + den) / (2 * den) // half up
	return time.Duration(q) * time.Millisecond
}

// tallyParts tallies records split at random into k parts and merges
// the parts in random order.
func tallyParts(t *testing.T, rng *rand.Rand, session commerce.Period, opts live.TallyOptions, records []live.ViewerRecord, k int) *live.Tally {
	t.Helper()
	parts := make([]*live.Tally, k)
	for i := range parts {
		var err error
		parts[i], err = live.NewTally(session, opts)
		require.NoError(t, err)
	}
	for _, r := range records {
		require.NoError(t, parts[rng.IntN(k)].Add(r))
	}
	rng.Shuffle(k, func(a, b int) { parts[a], parts[b] = parts[b], parts[a] })
	for _, p := range parts[1:] {
		require.NoError(t, parts[0].Merge(p))
	}
	return parts[0]
}

// shuffled returns a copy of records in random order, each with its
// visits in random order.
func shuffled(rng *rand.Rand, records []live.ViewerRecord) []live.ViewerRecord {
	out := slices.Clone(records)
	rng.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	for i := range out {
		out[i].Visits = slices.Clone(out[i].Visits)
		rng.Shuffle(len(out[i].Visits), func(a, b int) { out[i].Visits[a], out[i].Visits[b] = out[i].Visits[b], out[i].Visits[a] })
	}
	return out
}

// TestTallyProperties checks, on random sessions: the one-shot Metrics
// equal the brute-force model; splitting by viewer into k parts, merging
// in random order, and shuffling records and visits give deep-equal
// Metrics and Lift; segment + rest = all.
func TestTallyProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240618, 1))
	session := propSession()
	cases := live.LongCases(300, 10_000)
	for c := range cases {
		n := rng.IntN(40)
		window := time.Duration(rng.IntN(2)) * time.Hour
		records := randomRecords(rng, n, session, window)
		var members []string
		for i := range n + 5 {
			if rng.IntN(3) == 0 {
				members = append(members, "v"+strconv.Itoa(i)) // some never enter: i ≥ n
			}
		}
		seg, err := live.NewSegment("group", members)
		require.NoError(t, err)
		opts := live.TallyOptions{AttributionWindow: window, Segment: seg}

		one, err := live.NewTally(session, opts)
		require.NoError(t, err)
		require.NoError(t, one.Add(records...))
		want := one.Metrics()
		wantLift, err := one.Lift()
		require.NoError(t, err)

		// Every figure, the quantiles included (exact R-7 rounded half
		// up, both sides in integers), equals the model's.
		exact := model(session, window, records)
		require.Equal(t, exact.MedianWatch, want.MedianWatch, "case %d: median", c)
		require.Equal(t, exact.P90Watch, want.P90Watch, "case %d: p90", c)
		require.True(t, exact.Equal(want), "case %d: model\n%+v\n%+v", c, exact, want)

		merged := tallyParts(t, rng, session, opts, shuffled(rng, records), 1+rng.IntN(6))
		got := merged.Metrics()
		assert.Equal(t, want, got, "case %d: split and merged", c)
		gotLift, err := merged.Lift()
		require.NoError(t, err)
		assert.Equal(t, wantLift, gotLift, "case %d: lift", c)

		// A tally re-used after Reset counts as a new one: it first holds
		// other records, with the same IDs, and a failed Add.
		reused, err := live.NewTally(session, opts)
		require.NoError(t, err)
		require.NoError(t, reused.Add(randomRecords(rng, rng.IntN(40), session, window)...))
		reused.Metrics()
		require.Error(t, reused.Add(live.ViewerRecord{}))
		reused.Reset()
		require.NoError(t, reused.Add(shuffled(rng, records)...))
		assert.Equal(t, want, reused.Metrics(), "case %d: reset and re-used", c)
		gotLift, err = reused.Lift()
		require.NoError(t, err)
		assert.Equal(t, wantLift, gotLift, "case %d: reset and re-used: lift", c)

		var all live.Counts
		all.Viewers = wantLift.Segment.Viewers + wantLift.Rest.Viewers
		all.Views = wantLift.Segment.Views + wantLift.Rest.Views
		all.WatchMillis = wantLift.Segment.WatchMillis + wantLift.Rest.WatchMillis
		assert.Equal(t, [3]int64{want.Viewers, want.Views, want.WatchMillis}, [3]int64{all.Viewers, all.Views, all.WatchMillis}, "case %d: sums", c)
		assert.Equal(t, want.Sales.Orders, wantLift.Segment.Sales.Orders+wantLift.Rest.Sales.Orders, "case %d: orders", c)
		assert.Equal(t, want.Sales.GMV.Units(), wantLift.Segment.Sales.GMV.Units()+wantLift.Rest.Sales.GMV.Units(), "case %d: GMV", c)
		assert.Equal(t, int64(seg.Len()), wantLift.Members)
		if t.Failed() {
			return
		}
	}
}

// TestTallyMetricsTwice checks that Metrics, which sorts in place, may be
// called again, before and after more records.
func TestTallyMetricsTwice(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	session := propSession()
	records := randomRecords(rng, 200, session, 0)
	tl, err := live.NewTally(session, live.TallyOptions{})
	require.NoError(t, err)
	require.NoError(t, tl.Add(records[:100]...))
	first := tl.Metrics()
	assert.Equal(t, first, tl.Metrics())
	require.NoError(t, tl.Add(records[100:]...))
	want, err := live.Summarize(session, live.TallyOptions{}, records)
	require.NoError(t, err)
	assert.Equal(t, want, tl.Metrics())
}

// TestTallyLargeBatch runs the batched insertion path (batches of 4096 and
// more are put in home-slot order) against one-record adds, and its
// duplicate detection.
func TestTallyLargeBatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	session := propSession()
	records := randomRecords(rng, 10_000, session, 0)
	batch, err := live.Summarize(session, live.TallyOptions{}, records)
	require.NoError(t, err)
	one, err := live.NewTally(session, live.TallyOptions{})
	require.NoError(t, err)
	for _, r := range records {
		require.NoError(t, one.Add(r))
	}
	assert.Equal(t, batch, one.Metrics())

	// Two duplicates in one large batch: the error names the one whose
	// second copy comes first, whatever the hash order.
	dup := slices.Clone(records)
	dup[9000].Viewer, dup[9000].Orders = "v17", nil
	dup[5000].Viewer, dup[5000].Orders = "v4000", nil
	tl, err := live.NewTally(session, live.TallyOptions{})
	require.NoError(t, err)
	err = tl.Add(dup...)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `record 5000: viewer "v4000": tallied twice: also record 4000`)
	assert.Equal(t, live.Metrics{Session: session, Counts: live.Counts{Sales: commerce.Metrics{Period: session}}}, tl.Metrics())
	require.NoError(t, tl.Add(records...), "the failed Add left nothing behind")
	assert.Equal(t, batch, tl.Metrics())
	err = tl.Add(records[1234])
	assert.ErrorContains(t, err, `viewer "v1234": tallied twice: already in the tally`)

	// A batch of 4096 into a table of 65,536 slots, which holds 25,904
	// viewers: far larger than the batch, it is not read ahead.
	many := randomRecords(rng, 30_000, session, 0)
	want, err := live.Summarize(session, live.TallyOptions{}, many)
	require.NoError(t, err)
	big, err := live.NewTally(session, live.TallyOptions{})
	require.NoError(t, err)
	require.NoError(t, big.Add(many[:25_904]...))
	again := slices.Clone(many[25_904:])
	again[4000] = many[20_000]
	err = big.Add(again...)
	assert.ErrorContains(t, err, `record 4000: viewer "v20000": tallied twice: already in the tally`)
	require.NoError(t, big.Add(many[25_904:]...))
	assert.Equal(t, want, big.Metrics())
}
