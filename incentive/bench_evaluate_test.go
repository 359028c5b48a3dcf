package incentive_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// benchOrders is a NewStar merchant-month of 100 orders over 25 products,
// so one Evaluate is 100 order × programme evaluations.
const benchOrders = 100

func benchNewstarProfile() incentive.Profile {
	r := rand.New(rand.NewPCG(100, 25))
	m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-bench", Known: incentive.FactListedProducts, ListedProducts: 25}}
	for o := range benchOrders {
		m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: fmt.Sprintf("o-%03d", o),
			At: time.Date(2025, 10, 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC), Amount: commerce.MustNewMoney(int64(5000+r.IntN(20000)), commerce.USD),
			Product: fmt.Sprintf("p-%02d", o%25)})
	}
	return m
}

// BenchmarkEvaluateOrders reports the time of one order × programme
// evaluation (ns/order) of NewStar's two per-product rules.
func BenchmarkEvaluateOrders(b *testing.B) {
	ev := newstar(b, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC))
	m := benchNewstarProfile()
	from, to := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ev.Evaluate(m, from, to); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchOrders), "ns/order")
}

// BenchmarkEvaluateMerchantMonth evaluates merchant-months of the
// treasure-host programme: the issue asks for 1,000,000 in at most 1 s,
// so at most 1,000 ns/op.
func BenchmarkEvaluateMerchantMonth(b *testing.B) {
	ev := treasureHost(b)
	m := treasureMerchant()
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ev.Evaluate(m, from, to); err != nil {
			b.Fatal(err)
		}
	}
}

// treasurePopulation is n varied treasure-host merchants for March 2024:
// first broadcasts before or in the month, 2 to 24 orders of ¥50 to
// ¥60,000 (a few refunded), broadcast streaks of 0 to 40 days, some with
// fees and a qualification for fee cashback.
func treasurePopulation(n int) []incentive.Profile {
	r := rand.New(rand.NewPCG(2024, 3))
	out := make([]incentive.Profile, n)
	for i := range out {
		first := evAt(2024, 2, 1+r.IntN(28), r.IntN(24)).AddDate(0, r.IntN(2), 0)
		m := incentive.Profile{Facts: incentive.Facts{
			Merchant:           fmt.Sprintf("m-%05d", i),
			Known:              incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt | incentive.FactBroadcastStreakDays | incentive.FactExternalMonthlyGMV,
			ExternalMonthlyGMV: commerce.MustNewMoney(int64(r.IntN(200_000_000)), commerce.CNY), FirstBroadcastAt: first, BroadcastStreakDays: int64(r.IntN(41)),
		}}
		if r.IntN(3) == 0 { // broadcast elsewhere days before: not new, no cold start
			m.Facts.LastBroadcastAt = first.AddDate(0, 0, -1-r.IntN(60))
		}
		m.Events = append(m.Events, incentive.Event{Kind: incentive.Broadcast, ID: "b-1", At: first})
		for o := range 2 + r.IntN(23) {
			at := evAt(2024, 3, 1+r.IntN(31), r.IntN(24))
			amt := int64(5000 + r.IntN(6000000))
			id := fmt.Sprintf("o-%02d", o)
			m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: id, At: at, Amount: commerce.MustNewMoney(amt, commerce.CNY), Product: fmt.Sprintf("p-%d", r.IntN(5))})
			if r.IntN(10) == 0 {
				m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderRefunded, ID: id, At: at.Add(48 * time.Hour), Amount: commerce.MustNewMoney(amt/2, commerce.CNY)})
			}
			if r.IntN(2) == 0 {
				m.Events = append(m.Events, incentive.Event{Kind: incentive.FeeCharged, ID: id, At: at, Amount: commerce.MustNewMoney(amt/20, commerce.CNY)})
			}
		}
		if r.IntN(4) == 0 {
			m.Events = append(m.Events, incentive.Event{Kind: incentive.Qualified, ID: "q-1", At: evAt(2024, 3, 1+r.IntN(20), 12)})
		}
		out[i] = m
	}
	return out
}

// BenchmarkEvaluateMillionMerchantMonths evaluates merchant-months of a
// varied population of treasure-host merchants on every core
// (b.RunParallel; run with -cpu 1 for one core): ns/op is the wall time
// of one, and s/1M the wall time of 1,000,000, which the issue bounds at
// 1 s.
func BenchmarkEvaluateMillionMerchantMonths(b *testing.B) {
	ev := treasureHost(b)
	ms := treasurePopulation(1024)
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	b.ReportAllocs()
	b.ResetTimer() // not the population's making
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := ev.Evaluate(ms[i%len(ms)], from, to); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*1e6/1e9, "s/1M")
}

// BenchmarkEvaluateAllMillionMerchantMonths evaluates the population of
// BenchmarkEvaluateMillionMerchantMonths through Evaluator.EvaluateAll,
// a cohort of 1,024 merchant-months an op, on every core (b.RunParallel;
// -cpu 1 for one core): ns/merchant-month is the wall time of one, and
// s/1M the wall time of 1,000,000, which the issue bounds at 1 s.
func BenchmarkEvaluateAllMillionMerchantMonths(b *testing.B) {
	ev := treasureHost(b)
	ms := treasurePopulation(1024)
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	b.ReportAllocs()
	b.ResetTimer() // not the population's making
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := ev.EvaluateAll(ms, from, to); err != nil {
				b.Error(err)
				return
			}
		}
	})
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N*len(ms))
	b.ReportMetric(per, "ns/merchant-month")
	b.ReportMetric(per*1e6/1e9, "s/1M")
}

// TestEvaluateAllocs guards the hot path: once compiled, at most one
// allocation per order × programme evaluation, and none for a
// treasure-host merchant-month, whose grants its result holds.
func TestEvaluateAllocs(t *testing.T) {
	ev := newstar(t, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC))
	m := benchNewstarProfile()
	from, to := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := ev.Evaluate(m, from, to); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs/benchOrders, 1.0, "%v allocations for %d orders", allocs, benchOrders)

	th := treasureHost(t)
	tm := treasureMerchant()
	allocs = testing.AllocsPerRun(20, func() {
		if _, err := th.Evaluate(tm, evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "a treasure-host merchant-month: no allocation, its grants held in its result")

	ms := treasurePopulation(1024)
	allocs = testing.AllocsPerRun(3, func() {
		for i := range ms {
			if _, err := th.Evaluate(ms[i], evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)); err != nil {
				t.Fatal(err)
			}
		}
	})
	assert.Zero(t, allocs, "the population of BenchmarkEvaluateMillionMerchantMonths: no allocation")
}
