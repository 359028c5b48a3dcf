package referral

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/require"
)

// settlePlan is the benchmark plan: two levels (10%, 5%) and a three-tier
// differential chain (3%, 6%, 10%) under a 30% ceiling.
func settlePlan() Plan {
	p := basePlan()
	p.Differential = []TierRate{{1, commerce.Percent(3)}, {2, commerce.Percent(6)}, {3, commerce.Percent(10)}}
	return p
}

// settleOrders draws orders of four lines each, bought by random members.
func settleOrders(ids []string, lines int) []Order {
	r := rand.New(rand.NewPCG(3, 4))
	orders := make([]Order, lines/4)
	skus := []string{"cup", "lid", "straw", "bottle"}
	for i := range orders {
		o := Order{ID: fmt.Sprintf("o-%07d", i), Buyer: ids[r.IntN(len(ids))], At: t0.Add(time.Duration(i) * time.Second)}
		for j := range 4 {
			q := int64(1 + r.IntN(3))
			unit := int64(1000 + r.IntN(20000))
			o.Lines = append(o.Lines, Line{ID: skus[j], SKU: skus[j], Quantity: q,
				UnitList: commerce.MustNewMoney(unit, commerce.CNY), Paid: commerce.MustNewMoney(unit*q*9/10, commerce.CNY)})
		}
		orders[i] = o
	}
	return orders
}

// tierForest sets tiers on a forest: one member in 50 is tier 1, one in 500
// tier 2, one in 5,000 tier 3.
func tierForest(tb testing.TB, g *Graph, ids []string) {
	for i, id := range ids {
		t := Tier(0)
		switch {
		case i%5000 == 0:
			t = 3
		case i%500 == 0:
			t = 2
		case i%50 == 0:
			t = 1
		}
		if t > 0 {
			require.NoError(tb, g.SetTier(id, t))
		}
	}
}

// BenchmarkSettle settles 10^6 order lines (250,000 orders of four lines)
// over a 10^6-member forest under two levels and a three-tier differential
// chain: one op is all 10^6 lines. Target: ≤ 2 s on one core, no
// allocation per line.
func BenchmarkSettle(b *testing.B) {
	g, ids := benchForest(b, benchForestSize)
	tierForest(b, g, ids)
	pr := mustProgram(b, settlePlan())
	orders := settleOrders(ids, 1_000_000)
	dst := make([]Share, 0, 64)
	shares := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		shares = 0
		for _, o := range orders {
			var err error
			if dst, err = pr.AppendShares(dst[:0], g, o, nil); err != nil {
				b.Fatal(err)
			}
			shares += len(dst)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/line")
	b.ReportMetric(float64(shares)/1e6, "shares/line")
}

// Settling an order allocates nothing once the destination has room.
func TestSettleDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	g, ids := newGen(5).graph(2000)
	tierForest(t, g, ids)
	pr := mustProgram(t, settlePlan())
	orders := settleOrders(ids, 400)
	dst := make([]Share, 0, 64)
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		var err error
		dst, err = pr.AppendShares(dst[:0], g, orders[i%len(orders)], nil)
		if err != nil {
			t.Fatal(err)
		}
		i++
	})
	require.Zero(t, allocs)
}

// sweepLedger builds a ledger of n orders of five lines, each paying two
// levels: 20 entries an order (ten accrued, ten credited at payment), all
// received and due for release. It returns the ledger and a time after
// every hold.
func sweepLedger(b *testing.B, n int) (Ledger, time.Time) {
	b.Helper()
	g := testGraph(b, [][2]string{{"buyer", "amy"}, {"amy", "bo"}}, nil)
	p := basePlan()
	p.Hold = Hold{Credit: AtPayment, Release: AtReceipt, Days: 7}
	pr := mustProgram(b, p)
	var l Ledger
	batch := make([]Event, 0, 3*1024)
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Second)
		o := Order{ID: fmt.Sprintf("o-%07d", i), Buyer: "buyer", At: at}
		for j := range 5 {
			o.Lines = append(o.Lines, Line{ID: fmt.Sprintf("l%d", j), SKU: "cup", Quantity: 1,
				UnitList: yuan("59.00"), Paid: commerce.MustNewMoney(int64(4000+i%1000), commerce.CNY)})
		}
		a, err := pr.Accrue(g, o, nil)
		if err != nil {
			b.Fatal(err)
		}
		batch = append(batch, a,
			Progress{Key: o.ID + "/paid", Order: o.ID, Milestone: AtPayment, At: at},
			Progress{Key: o.ID + "/received", Order: o.ID, Milestone: AtReceipt, At: at.Add(day)})
		if len(batch) == cap(batch) || i == n-1 {
			if l, err = l.Apply(batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return l, t0.Add(time.Duration(n)*time.Second + 9*day)
}

// BenchmarkReleaseSweep releases the holds of a ledger of 10^7 entries
// (500,000 orders, 5,000,000 shares) in one sweep: one op is the sweep.
// Target: ≤ 3 s.
func BenchmarkReleaseSweep(b *testing.B) {
	l, at := sweepLedger(b, 500_000)
	if n := l.Len(); n != 10_000_000 {
		b.Fatalf("%d entries", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var out Ledger
	for b.Loop() {
		var err error
		if out, err = l.Apply(Release{Key: "sweep", At: at}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got := out.Balance("amy", commerce.CNY).Pending; !got.IsZero() {
		b.Fatalf("pending after the sweep: %v", got)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e7, "ns/entry")
}

// BenchmarkApply applies one payment to a ledger of 100,000 orders: the
// cost of an event on a large ledger (a path copy, not a ledger copy).
func BenchmarkApply(b *testing.B) {
	l, _ := sweepLedger(b, 100_000)
	e := Progress{Key: "o-0000042/completed", Order: "o-0000042", Milestone: AtCompletion, At: t0.Add(3 * day)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Apply(e); err != nil {
			b.Fatal(err)
		}
	}
}
