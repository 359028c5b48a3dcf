package pricing

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// bruteForce enumerates every decision vector, feasible or not, and keeps
// the best combination and the best with another set of offers, by the
// same comparison the search uses.
func bruteForce(p *problem) (best, second incumbent, vectors int) {
	s := newState(p)
	s.update = true
	vec := make([]int64, len(p.dec))
	var walk func(k int)
	walk = func(k int) {
		if k == len(vec) {
			vectors++
			s.run(vec)
			return
		}
		hi := int64(1)
		if p.dec[k].kind.grouping() {
			hi = p.dec[k].maxN
		}
		for v := hi; v >= 0; v-- {
			vec[k] = v
			walk(k + 1)
		}
	}
	walk(0)
	return s.best1, s.best2, vectors
}

// space is the number of vectors the brute force visits.
func space(p *problem) int {
	n := 1
	for _, c := range p.dec {
		if c.kind.grouping() {
			n *= int(c.maxN + 1)
		} else {
			n *= 2
		}
	}
	return n
}

// On random carts of up to 8 lines and 8 offers, Price equals the brute
// force whenever it reports Exact: the same payable, the same applied
// offers (ties broken the same way), and the same next-best payable.
func TestPriceMatchesBruteForce(t *testing.T) {
	n := cases(3000, 100_000)
	r := rand.New(rand.NewPCG(3, 2026))
	g := gen{r: r, skus: 8, qty: 3}
	exact := 0
	for i := 0; i < n; {
		req := g.request(8, 8)
		p, err := compile(req)
		require.NoError(t, err)
		if space(p) > 1<<14 {
			continue // keep the brute force fast; the search is exercised on bigger spaces elsewhere
		}
		i++
		q, err := Price(req)
		require.NoError(t, err)
		best, second, _ := bruteForce(p)
		require.True(t, best.ok)
		if !q.Exact {
			require.GreaterOrEqual(t, q.Payable.Units(), best.pay, "case %d", i)
			continue
		}
		exact++
		require.Equal(t, best.pay, q.Payable.Units(), "case %d: payable", i)
		var got set
		for _, a := range q.Applied {
			if pos := offerIndex(p, a.Offer); p.offers[pos].kind != kGift {
				got[pos/64] |= 1 << (pos % 64)
			}
		}
		require.Equal(t, best.set, got, "case %d: applied offers", i)
		if second.ok {
			require.Equal(t, second.pay, q.NextBest.Units(), "case %d: next best", i)
		} else {
			require.Zero(t, q.NextBest, "case %d: next best", i)
		}
	}
	require.Equal(t, n, exact, "every small cart is priced exactly")
}
