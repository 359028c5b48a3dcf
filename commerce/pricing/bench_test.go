package pricing

import (
	"math/rand/v2"
	"testing"
)

// benchRequests draws n requests of exactly lines lines and offers valid
// offers, with quantities from 1 to qty.
func benchRequests(n, lines, offers int, qty int64, skus int) []Request {
	r := rand.New(rand.NewPCG(uint64(lines), uint64(offers)))
	g := gen{r: r, skus: skus, qty: qty}
	out := make([]Request, 0, n)
	for len(out) < n {
		req := Request{Cart: g.cart(lines), Buyer: Buyer{ID: "u1", Tier: "gold", Segments: []string{"group-member"}},
			Now: genNow, Rounding: 1}
		for i := 0; len(req.Offers) < offers; i++ {
			if o := g.offer(len(req.Offers)); o.Validate() == nil {
				req.Offers = append(req.Offers, o)
			}
		}
		out = append(out, req)
	}
	return out
}

func benchPrice(b *testing.B, reqs []Request) {
	b.ReportAllocs()
	exact, i := 0, 0
	for b.Loop() {
		q, err := Price(reqs[i%len(reqs)])
		if err != nil {
			b.Fatal(err)
		}
		if q.Exact {
			exact++
		}
		i++
	}
	b.ReportMetric(float64(exact)/float64(i), "exact/op")
}

// 10 lines × 8 offers, quantities 1–3: target ≤ 100 µs/op, exact.
func BenchmarkPrice10x8(b *testing.B) { benchPrice(b, benchRequests(64, 10, 8, 3, 12)) }

// 20 lines × 12 offers, 60 units (quantities 1–5, mean 3): target ≤ 2 ms/op,
// exact.
func BenchmarkPrice20x12(b *testing.B) { benchPrice(b, benchRequests(32, 20, 12, 5, 24)) }

// 200 lines with quantities up to 999 × 100 offers: target ≤ 5 ms/op.
func BenchmarkPrice200x100(b *testing.B) { benchPrice(b, benchRequests(8, 200, 100, 999, 200)) }
