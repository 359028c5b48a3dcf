package matrix_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// benchOrders returns n orders of 1 to 8 touches (4.5 on average) drawn
// from the cup brand's scale of touchpoints: 1,050 groups, 300 notes, 30
// live rooms and 20 ad placements. The touches come in random order, so
// Totals sorts every path. Paths are shared between orders (4,096 of
// them) to keep the fixture's memory small; order IDs are unique.
func benchOrders(n int) []matrix.OrderPath {
	r := rand.New(rand.NewPCG(2025, 618))
	paid := time.Date(2025, 6, 18, 21, 0, 0, 0, time.FixedZone("CST", 8*3600))
	pool := make([]string, 0, 1400)
	for i := range 1050 {
		pool = append(pool, fmt.Sprintf("group-%04d", i))
	}
	for i := range 300 {
		pool = append(pool, fmt.Sprintf("note-%03d", i))
	}
	for i := range 30 {
		pool = append(pool, fmt.Sprintf("room-%02d", i))
	}
	for i := range 20 {
		pool = append(pool, fmt.Sprintf("ad-%02d", i))
	}
	paths := make([][]matrix.Touch, 4096)
	for i := range paths {
		k := 1 + r.IntN(8)
		for range k {
			paths[i] = append(paths[i], matrix.Touch{
				Touchpoint: pool[r.IntN(len(pool))],
				At:         paid.Add(-time.Duration(r.IntN(14*24*60)) * time.Minute),
			})
		}
	}
	orders := make([]matrix.OrderPath, n)
	for i := range orders {
		orders[i] = matrix.OrderPath{
			Order:   fmt.Sprintf("order-%07d", i),
			Amount:  commerce.MustNewMoney(1000+r.Int64N(50000), commerce.CNY), // ¥10 to ¥510; the cup brand's average order is about ¥150
			At:      paid,
			Touches: paths[r.IntN(len(paths))],
		}
	}
	return orders
}

// BenchmarkAttributionTotals attributes 10⁶ orders per op and reports
// ns/order.
func BenchmarkAttributionTotals(b *testing.B) {
	const n = 1_000_000
	orders := benchOrders(n)
	for _, m := range []matrix.CreditModel{matrix.FirstTouchCredit, matrix.LastTouchCredit, matrix.LinearCredit, matrix.PositionBasedCredit} {
		b.Run(m.String(), func(b *testing.B) {
			a, err := matrix.NewAttribution(matrix.AttributionSpec{Model: m, Lookback: 14 * 24 * time.Hour})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Totals(orders); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/order")
		})
	}
}

// BenchmarkAttributionCredits is one order's credits, allocated fresh.
func BenchmarkAttributionCredits(b *testing.B) {
	orders := benchOrders(4096)
	a, err := matrix.NewAttribution(matrix.AttributionSpec{Model: matrix.PositionBasedCredit})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := a.Credits(orders[i%len(orders)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
