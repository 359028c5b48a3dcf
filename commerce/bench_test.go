package commerce_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
)

// The hot paths must not allocate: guarded here, measured in the benchmarks.
func TestHotPathAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	a, b := cny(19900), cny(4990)
	r := commerce.MustParseRate("12.5%")
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = a.Add(b) }), "Add")
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = a.Sub(b) }), "Sub")
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = a.MulInt(3) }), "MulInt")
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = a.MulRate(r, commerce.HalfUp) }), "MulRate")
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = a.Cmp(b) }), "Cmp")
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _ = commerce.MustNewRatio(3, 10).CmpRate(r) }), "CmpRate")
}

// BenchmarkMoneyAdd accumulates a running total, as a summing loop does.
func BenchmarkMoneyAdd(b *testing.B) {
	x, y := cny(19900), cny(1)
	b.ReportAllocs()
	for b.Loop() {
		x, _ = x.Add(y)
	}
}

// BenchmarkMulRate and BenchmarkMulRateDecimal do the same computation —
// 12.5% of ¥199.00 rounded half up to the fen — with our int64 money and
// with shopspring decimal, in the same run.
// The amounts vary so that nothing about the operands is constant.
func BenchmarkMulRate(b *testing.B) {
	var ms [8]commerce.Money
	for i := range ms {
		ms[i] = cny(19900 + int64(i)*101)
	}
	r := commerce.MustParseRate("12.5%")
	var out commerce.Money
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		out, _ = ms[i&7].MulRate(r, commerce.HalfUp)
		i++
	}
	want, _ := ms[(i-1)&7].MulRate(r, commerce.HalfUp)
	require.Equal(b, want, out)
}

func BenchmarkMulRateDecimal(b *testing.B) {
	var ms [8]decimal.Decimal
	for i := range ms {
		ms[i] = decimal.New(19900+int64(i)*101, -2)
	}
	r := decimal.RequireFromString("0.125")
	var out decimal.Decimal
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		out = ms[i&7].Mul(r).Round(2) // Round is half away from zero: HalfUp
		i++
	}
	require.False(b, out.IsZero())
}

// BenchmarkMulRateVsDecimal times the two computations above side by side
// in each iteration (256 of each, 12.5% of varying CNY amounts, half up) and
// reports how many times slower the shopspring decimal version is.
func BenchmarkMulRateVsDecimal(b *testing.B) {
	const k = 256
	var ms [k]commerce.Money
	var ds [k]decimal.Decimal
	for i := range ms {
		ms[i] = cny(19900 + int64(i)*101)
		ds[i] = ms[i].Decimal()
	}
	r := commerce.MustParseRate("12.5%")
	rd := r.Decimal()
	var ours, dec time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		for i := range ms {
			_, _ = ms[i].MulRate(r, commerce.HalfUp)
		}
		mid := time.Now()
		for i := range ds {
			_ = ds[i].Mul(rd).Round(2)
		}
		ours += mid.Sub(start)
		dec += time.Since(mid)
	}
	b.ReportMetric(float64(ours.Nanoseconds())/float64(b.N*k), "ours-ns/op")
	b.ReportMetric(float64(dec.Nanoseconds())/float64(b.N*k), "decimal-ns/op")
	b.ReportMetric(float64(dec)/float64(ours), "decimal/ours")
}

func BenchmarkAllocate10(b *testing.B) {
	total := cny(100_000)
	weights := []int64{12, 7, 30, 1, 5, 9, 13, 2, 8, 13}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = total.Allocate(weights...)
	}
}

func BenchmarkParseMoney(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = commerce.ParseMoney("CNY 199.00")
	}
}

// TestTallyAddAllocs: adding orders allocates per call (the growth of the
// tally's buyer index, amortised), never per order: the count stays the same
// small number whether a call adds a thousand orders or a hundred thousand.
func TestTallyAddAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	for _, n := range []int{1_000, 100_000} {
		orders := commercetest.TwoLineOrders(1, n)
		allocs := testing.AllocsPerRun(3, func() {
			tally, err := commerce.NewTally(commercetest.OrderConfig{}.Period())
			require.NoError(t, err)
			require.NoError(t, tally.Add(orders...))
			require.NoError(t, tally.Add(orders...))
			_ = tally.Metrics()
		})
		assert.LessOrEqual(t, allocs, 12.0, "%d orders", n)
	}
}

// BenchmarkTally1M tallies 1,000,000 two-line orders (the beauty catalogue,
// average order near ¥50) into metrics; one op is the whole million.
func BenchmarkTally1M(b *testing.B) {
	orders := commercetest.TwoLineOrders(1, 1_000_000)
	period := commercetest.OrderConfig{}.Period()
	b.ReportAllocs()
	var m commerce.Metrics
	for b.Loop() {
		var err error
		if m, err = commerce.Summarize(period, orders); err != nil {
			b.Fatal(err)
		}
	}
	require.Equal(b, int64(len(orders)), m.Orders)
	b.ReportMetric(float64(len(orders))*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}
