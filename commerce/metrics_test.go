package commerce_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

var june = commerce.Period{From: time.Date(2024, 6, 1, 0, 0, 0, 0, shanghai), To: time.Date(2024, 7, 1, 0, 0, 0, 0, shanghai)}

// paidOrder returns an order of one line paid at the given time, with
// refundUnits of its quantity refunded.
func paidOrder(t testing.TB, id, buyer string, paid int64, qty int64, paidAt time.Time, refundUnits int64) commerce.Order {
	t.Helper()
	o, err := commerce.NewOrder(commerce.OrderSpec{
		ID: id, Buyer: buyer, Seller: "shop",
		Lines:     []commerce.Line{{SKU: "s", Quantity: qty, UnitListPrice: cny(paid), Paid: cny(paid)}},
		CreatedAt: paidAt.Add(-time.Minute),
	})
	require.NoError(t, err)
	o, err = o.Pay(paidAt)
	require.NoError(t, err)
	if refundUnits > 0 {
		o, _, err = o.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 0, Quantity: refundUnits}}},
			commerce.SevenDayReturns(), paidAt.Add(time.Hour))
		require.NoError(t, err)
	}
	return o
}

func TestSummarize(t *testing.T) {
	d := func(day, hour int) time.Time { return time.Date(2024, 6, day, hour, 0, 0, 0, shanghai) }
	unpaid, err := commerce.NewOrder(commerce.OrderSpec{ID: "u", Buyer: "a", Seller: "shop",
		Lines: []commerce.Line{{SKU: "s", Quantity: 1, UnitListPrice: cny(999), Paid: cny(999)}}, CreatedAt: d(3, 1)})
	require.NoError(t, err)
	orders := []commerce.Order{
		paidOrder(t, "1", "a", 5000, 1, d(1, 0), 0),  // first instant of the period
		paidOrder(t, "2", "a", 4000, 2, d(2, 12), 1), // half refunded
		paidOrder(t, "3", "b", 6000, 1, d(30, 23), 1),
		paidOrder(t, "4", "c", 7000, 1, time.Date(2024, 7, 1, 0, 0, 0, 0, shanghai), 0), // outside: end is exclusive
		paidOrder(t, "5", "c", 1000, 1, time.Date(2024, 5, 31, 23, 59, 59, 0, shanghai), 0),
		unpaid,
	}
	m, err := commerce.Summarize(june, orders)
	require.NoError(t, err)
	assert.Equal(t, cny(15000), m.GMV, "GMV counts refunded orders")
	assert.Equal(t, cny(8000), m.Refunded)
	assert.Equal(t, cny(7000), m.NetGMV)
	assert.Equal(t, int64(3), m.Orders)
	assert.Equal(t, int64(2), m.RefundedOrders)
	assert.Equal(t, int64(2), m.Buyers)
	assert.Equal(t, int64(1), m.RepeatBuyers)

	aov, err := m.AverageOrderValue(commerce.HalfUp)
	require.NoError(t, err)
	assert.Equal(t, cny(5000), aov)
	r, err := m.RefundRateByOrders()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(2, 3), r)
	r, err = m.RefundRateByAmount()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(8, 15), r)
	r, err = m.RepurchaseRate()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(1, 2), r)

	empty, err := commerce.Summarize(june, nil)
	require.NoError(t, err)
	_, err = empty.AverageOrderValue(commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = empty.RefundRateByOrders()
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = empty.RepurchaseRate()
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = empty.RefundRateByAmount()
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = m.AverageOrderValue(0)
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)
}

func TestAverageOrderValueRounding(t *testing.T) {
	// ¥100.00 over three orders: 33.333… yuan.
	m := commerce.Metrics{GMV: cny(10000), Orders: 3}
	for mode, want := range map[commerce.RoundingMode]int64{commerce.HalfUp: 3333, commerce.Up: 3334, commerce.Down: 3333} {
		got, err := m.AverageOrderValue(mode)
		require.NoError(t, err)
		assert.Equal(t, cny(want), got, mode.String())
	}
}

func TestTallyErrors(t *testing.T) {
	_, err := commerce.NewTally(commerce.Period{})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = commerce.NewTally(commerce.Period{From: june.To, To: june.From})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = commerce.Summarize(commerce.Period{}, nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)

	tally, err := commerce.NewTally(june)
	require.NoError(t, err)
	day := june.From.Add(time.Hour)
	require.NoError(t, tally.Add(paidOrder(t, "1", "a", 100, 1, day, 0)))
	before := tally.Metrics()

	usdOrder, err := commerce.NewOrder(commerce.OrderSpec{ID: "x", Buyer: "z", Seller: "s",
		Lines: []commerce.Line{{SKU: "s", Quantity: 1, UnitListPrice: usd(1), Paid: usd(1)}}, CreatedAt: day})
	require.NoError(t, err)
	usdOrder, err = usdOrder.Pay(day)
	require.NoError(t, err)
	err = tally.Add(paidOrder(t, "2", "b", 100, 1, day, 0), usdOrder)
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	assert.Equal(t, before, tally.Metrics(), "a failed Add changes nothing")

	err = tally.Add(paidOrder(t, "3", "c", math.MaxInt64, 1, day, 0))
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	assert.Equal(t, before, tally.Metrics())

	other, err := commerce.NewTally(commerce.Period{From: june.From, To: june.To.Add(time.Hour)})
	require.NoError(t, err)
	assert.ErrorIs(t, tally.Merge(other), commerce.ErrInvalid)

	usdTally, err := commerce.NewTally(june)
	require.NoError(t, err)
	require.NoError(t, usdTally.Add(usdOrder))
	assert.ErrorIs(t, tally.Merge(usdTally), commerce.ErrCurrencyMismatch)

	huge, err := commerce.NewTally(june)
	require.NoError(t, err)
	require.NoError(t, huge.Add(paidOrder(t, "4", "d", math.MaxInt64, 1, day, 0)))
	assert.ErrorIs(t, tally.Merge(huge), commerce.ErrOverflow)
	assert.Equal(t, before, tally.Metrics(), "a failed Merge changes nothing")

	assert.ErrorIs(t, tally.Merge(tally), commerce.ErrInvalid)
	assert.Equal(t, before, tally.Metrics())

	empty, err := commerce.NewTally(june)
	require.NoError(t, err)
	require.NoError(t, empty.Merge(tally), "an empty tally takes the other's currency")
	assert.Equal(t, before, empty.Metrics())
	assert.Equal(t, before, tally.Metrics(), "Merge leaves its argument unchanged")
}

func TestMetricsEqual(t *testing.T) {
	m, err := commerce.Summarize(june, []commerce.Order{paidOrder(t, "1", "a", 100, 1, june.From, 0)})
	require.NoError(t, err)
	utc := m
	utc.Period = commerce.Period{From: june.From.UTC(), To: june.To.UTC()}
	assert.True(t, m.Equal(utc), "periods compare as instants")
	other := m
	other.Orders++
	assert.False(t, m.Equal(other))
	assert.False(t, june.Equal(commerce.Period{From: june.From, To: june.To.Add(1)}))
}

// randomOrders builds n orders paid across June and its neighbours, with
// random refunds, over a pool of buyers small enough to repeat.
func randomOrders(t testing.TB, rng *rand.Rand, n int) []commerce.Order {
	t.Helper()
	out := make([]commerce.Order, n)
	for i := range out {
		paidAt := june.From.Add(time.Duration(rng.Int64N(int64(34*24*time.Hour))) - 2*24*time.Hour)
		qty := 1 + rng.Int64N(3)
		out[i] = paidOrder(t, fmt.Sprint(i), fmt.Sprint("buyer-", rng.IntN(n/3+1)), 100+rng.Int64N(30_000), qty, paidAt, rng.Int64N(qty+1))
	}
	return out
}

// TestTallyMergeProperty: tallying orders split at random into parts, then
// merging the parts in a random order, gives exactly the metrics of the
// whole, and the order of the input does not matter.
func TestTallyMergeProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range cases(300, 10_000) {
		orders := randomOrders(t, rng, 1+rng.IntN(60))
		whole, err := commerce.Summarize(june, orders)
		require.NoError(t, err)

		k := 1 + rng.IntN(5)
		parts := make([]*commerce.Tally, k)
		for i := range parts {
			parts[i], err = commerce.NewTally(june)
			require.NoError(t, err)
		}
		for _, i := range rng.Perm(len(orders)) {
			require.NoError(t, parts[rng.IntN(k)].Add(orders[i]))
		}
		order := rng.Perm(k)
		acc := parts[order[0]]
		for _, i := range order[1:] {
			require.NoError(t, acc.Merge(parts[i]))
		}
		require.Equal(t, whole, acc.Metrics())
	}
}

// TestTallyZeroAndNil: a zero or nil Tally reports errors, never panics.
func TestTallyZeroAndNil(t *testing.T) {
	o := paidOrder(t, "1", "a", 100, 1, june.From, 0)
	var zero commerce.Tally
	assert.ErrorIs(t, zero.Add(o), commerce.ErrInvalid, "the zero Tally has no period")
	assert.Equal(t, commerce.Metrics{}, zero.Metrics())

	var nilTally *commerce.Tally
	assert.ErrorIs(t, nilTally.Add(o), commerce.ErrInvalid)
	assert.Equal(t, commerce.Metrics{}, nilTally.Metrics())

	tally, err := commerce.NewTally(june)
	require.NoError(t, err)
	assert.ErrorIs(t, tally.Merge(nil), commerce.ErrInvalid)
	assert.ErrorIs(t, tally.Merge(&zero), commerce.ErrInvalid)
	assert.ErrorIs(t, nilTally.Merge(tally), commerce.ErrInvalid)
}

// TestTallyCountOverflow: order counts are checked like amounts. Merging two
// tallies back and forth doubles their counts each time (it breaks Merge's
// rule of disjoint orders, which is how the counts can grow this fast).
func TestTallyCountOverflow(t *testing.T) {
	a, err := commerce.NewTally(june)
	require.NoError(t, err)
	b, err := commerce.NewTally(june)
	require.NoError(t, err)
	require.NoError(t, a.Add(paidOrder(t, "1", "a", 0, 1, june.From, 0)))
	require.NoError(t, b.Add(paidOrder(t, "2", "b", 0, 1, june.From, 0)))
	for range 200 {
		if err = a.Merge(b); err != nil {
			break
		}
		if err = b.Merge(a); err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	assert.Positive(t, a.Metrics().Orders)
	assert.Positive(t, b.Metrics().Orders)
}
