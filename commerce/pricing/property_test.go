package pricing

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkQuote asserts the allocation invariants of a quote: every level sums
// exactly to its parent, nothing is payable below zero or above list, and
// units within a line differ by at most one minor unit.
func checkQuote(t *testing.T, q Quote, what string) {
	t.Helper()
	require.True(t, q.Payable.Units() >= 0 && q.Payable.Units() <= q.List.Units(), "%s: 0 ≤ payable ≤ list", what)
	require.Equal(t, q.List.Units()-q.Discount.Units(), q.Payable.Units(), what)
	require.LessOrEqual(t, q.Bound.Units(), q.Payable.Units(), what)
	var list, pay, funded int64
	byOffer := map[string]int64{}
	for _, l := range q.Lines {
		require.True(t, l.Payable.Units() >= 0 && l.Payable.Units() <= l.List.Units(), "%s: line %s", what, l.SKU)
		require.Equal(t, l.List.Units()-l.Discount.Units(), l.Payable.Units())
		var shares int64
		for _, sh := range l.Shares {
			require.Positive(t, sh.Amount.Units())
			shares += sh.Amount.Units()
			byOffer[sh.Offer] += sh.Amount.Units()
		}
		require.Equal(t, l.Discount.Units(), shares, "%s: line %s shares", what, l.SKU)
		list += l.List.Units()
		pay += l.Payable.Units()
		// Runs tile the line; single units differ by at most one.
		var run, lo, hi int64 = 0, 1 << 62, -1
		step := max(l.Quantity/5, 1)
		for from := int64(0); from < l.Quantity; from += step {
			u, err := l.Units(from, min(from+step, l.Quantity))
			require.NoError(t, err)
			var s int64
			for _, sh := range u.Shares {
				s += sh.Amount.Units()
			}
			require.Equal(t, u.Discount.Units(), s)
			run += u.Discount.Units()
		}
		require.Equal(t, l.Discount.Units(), run, "%s: runs of line %s", what, l.SKU)
		for i := range min(l.Quantity, 50) {
			u, _ := l.Units(i, i+1)
			lo, hi = min(lo, u.Discount.Units()), max(hi, u.Discount.Units())
		}
		require.LessOrEqual(t, hi-lo, int64(1), "%s: units of line %s", what, l.SKU)
	}
	require.Equal(t, q.List.Units(), list, what)
	require.Equal(t, q.Payable.Units(), pay, what)
	var applied int64
	for _, a := range q.Applied {
		require.Equal(t, a.Amount.Units(), byOffer[a.Offer], "%s: offer %s over lines", what, a.Offer)
		applied += a.Amount.Units()
	}
	require.Equal(t, q.Discount.Units(), applied, what)
	for f := Shop; f < numFundings; f++ {
		funded += q.Funded(f).Units()
	}
	require.Equal(t, q.Discount.Units(), funded, what)
	require.Len(t, q.Unapplied, len(uniqueUnapplied(q)), "%s: one reason per unapplied offer", what)
}

func uniqueUnapplied(q Quote) map[string]bool {
	m := map[string]bool{}
	for _, u := range q.Unapplied {
		m[u.Offer] = true
	}
	return m
}

// Random requests, small and large, exact or not: the invariants hold, the
// quote is never worse than greedy-by-priority or the best single offer,
// and permuting lines and offers changes nothing.
func TestPriceProperties(t *testing.T) {
	n := cases(2000, 50_000)
	r := rand.New(rand.NewPCG(7, 7))
	for i := range n {
		g := gen{r: r, skus: 8 + r.IntN(30), qty: 1 + r.Int64N(20)}
		req := g.request(8+r.IntN(20), 4+r.IntN(12))
		if i%4 == 0 {
			req.Limit = 1 + r.IntN(400) // force anytime answers
		}
		q, err := Price(req)
		require.NoError(t, err)
		checkQuote(t, q, "case")
		p, _ := compile(req)
		s := newState(p)
		require.LessOrEqual(t, q.Payable.Units(), s.greedy(), "never worse than greedy")
		require.LessOrEqual(t, q.Payable.Units(), s.singles(), "never worse than the best single offer")
		if q.Exact {
			require.Equal(t, q.Bound, q.Payable)
		}

		perm := req
		perm.Cart.Items = append([]Item(nil), req.Cart.Items...)
		perm.Offers = append([]Offer(nil), req.Offers...)
		r.Shuffle(len(perm.Cart.Items), func(a, b int) { perm.Cart.Items[a], perm.Cart.Items[b] = perm.Cart.Items[b], perm.Cart.Items[a] })
		r.Shuffle(len(perm.Offers), func(a, b int) { perm.Offers[a], perm.Offers[b] = perm.Offers[b], perm.Offers[a] })
		q2, err := Price(perm)
		require.NoError(t, err)
		q.ledger, q2.ledger = nil, nil
		require.Equal(t, q, q2, "permuted lines and offers")
	}
}

// Any sequence of partial returns refunds exactly what was paid, under
// every policy; under Keep each refund is what the returned units paid.
func TestRefundSequencesSumToPaid(t *testing.T) {
	n := cases(1500, 30_000)
	r := rand.New(rand.NewPCG(11, 5))
	for range n {
		g := gen{r: r, skus: 8, qty: 1 + r.Int64N(6)}
		q, err := Price(g.request(6, 8))
		require.NoError(t, err)
		for pol := Keep; pol < numReturnPolicies; pol++ {
			l, err := q.Ledger(pol)
			require.NoError(t, err)
			var total int64
			for {
				var items []Return
				for _, ln := range q.Lines {
					if left := ln.Quantity - l.Returned(ln.SKU); left > 0 && r.IntN(2) == 0 {
						items = append(items, Return{SKU: ln.SKU, Quantity: 1 + r.Int64N(left)})
					}
				}
				if len(items) == 0 {
					if l.Refunded() == q.Payable || allReturned(q, l) {
						break
					}
					continue
				}
				st, next, err := l.Return(items...)
				require.NoError(t, err)
				require.GreaterOrEqual(t, st.Amount.Units(), int64(0))
				require.Equal(t, st.Paid.Units()-st.Clawed.Units(), st.Amount.Units())
				var claw int64
				for _, c := range st.Clawbacks {
					claw += c.Amount.Units()
				}
				require.Equal(t, st.Clawed.Units(), claw)
				if pol == Keep {
					require.Zero(t, st.Clawed.Units())
				}
				total += st.Amount.Units()
				l = next
				if allReturned(q, l) {
					break
				}
			}
			require.Equal(t, q.Payable.Units(), total, "policy %v", pol)
			require.Equal(t, q.Payable, l.Refunded())
		}
	}
}

func allReturned(q Quote, l Ledger) bool {
	for _, ln := range q.Lines {
		if l.Returned(ln.SKU) < ln.Quantity {
			return false
		}
	}
	return true
}

// The branch and bound allocates nothing once its state is built: the
// search over a 10 × 8 cart reuses its undo log and scratch.
func TestSearchDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	for _, req := range benchRequests(8, 10, 8, 3, 12) {
		p, err := compile(req)
		require.NoError(t, err)
		s := newState(p)
		s.search()
		allocs := testing.AllocsPerRun(20, func() {
			s.best1.ok, s.best2.ok, s.stopped, s.work = false, false, false, 0
			s.search()
		})
		require.Zero(t, allocs)
	}
}

// FuzzPrice checks the invariants on requests drawn from the fuzzed seed:
// allocation sums, bounds, and refunds that sum to what was paid.
func FuzzPrice(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42, 2024} {
		f.Add(seed, uint8(8), uint8(8))
	}
	f.Fuzz(func(t *testing.T, seed uint64, lines, offers uint8) {
		r := rand.New(rand.NewPCG(seed, seed>>7))
		g := gen{r: r, skus: 6 + int(lines%24), qty: 1 + int64(seed%30)}
		req := g.request(1+int(lines%30), int(offers%24))
		q, err := Price(req)
		require.NoError(t, err)
		checkQuote(t, q, "fuzz")
		l, err := q.Ledger(ReturnPolicy(1 + seed%3))
		require.NoError(t, err)
		var total int64
		for _, ln := range q.Lines {
			st, next, err := l.Return(Return{SKU: ln.SKU, Quantity: ln.Quantity})
			require.NoError(t, err)
			total += st.Amount.Units()
			l = next
		}
		require.Equal(t, q.Payable.Units(), total)
	})
}
