package matrix_test

import (
	"math/rand/v2"
	"testing"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// BenchmarkFunnelSkewedUser tallies 200,000 unsorted events of 20 users,
// each user's all in one second but one a year later: the per-user sort
// must stay O(n log n) when the times are skewed.
func BenchmarkFunnelSkewedUser(b *testing.B) {
	f := benchFunnel(b, 0)
	r := rand.New(rand.NewPCG(14, 618))
	rows := make([]matrix.Event, 200_000)
	for i := range rows {
		rows[i] = matrix.Event{User: matrix.Member(i % 20), Time: int64(r.IntN(1000)), Kind: matrixtest.FunnelKind(r.IntN(8))}
	}
	for u := range 20 {
		rows[len(rows)/2+u].Time = 365 * 24 * 3600 * 1000
	}
	t := f.NewTally()
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		if err := t.Add(rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
