package referral

import (
	"fmt"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkLines checks every line of an accrual against the reference
// arithmetic on what remains of it, and that the shares and the remainder
// add up to the base.
func checkLines(t *testing.T, a *Accrual, paid, qty func(li int) int64, amount func(i int) int64) bool {
	t.Helper()
	for li := range a.Lines {
		want := refLine(a, li, paid(li), qty(li))
		got := []int64{}
		var sum int64
		for i, s := range a.Shares {
			if s.Line == li {
				v := amount(i)
				got = append(got, v)
				sum += v
				if v < 0 {
					t.Errorf("order %s share %d: negative amount %d", a.Order, i, v)
				}
			}
		}
		if !assert.Equal(t, want, got, "order %s line %d (paid %d, %d units)", a.Order, li, paid(li), qty(li)) {
			return false
		}
		base, err := a.lineBase(li, paid(li), qty(li))
		require.NoError(t, err)
		remainder := base - sum
		if remainder < 0 || sum+remainder != base {
			t.Errorf("order %s line %d: shares %d + remainder %d ≠ base %d", a.Order, li, sum, remainder, base)
			return false
		}
	}
	return true
}

// Σ shares + remainder = base on every line of random orders (1–50 lines,
// coupons, shipping, fixed and percentage rules, caps, ceilings), and every
// share equals the reference arithmetic: 0 cent drift. 10^6 orders with
// LIVECOMMERCE_LONG=1.
func TestPropertyAccrualExact(t *testing.T) {
	g := newGen(1)
	graph, ids := g.graph(500)
	n := cases(2000, 1_000_000)
	var pr *Program
	var plan Plan
	var tr *Tracker
	for i := range n {
		if i%200 == 0 {
			pr, plan = g.plan(t, -1)
			tr = pr.Tracker()
		}
		o := g.order(fmt.Sprintf("o-%d", i), ids[g.r.IntN(len(ids))], t0.Add(time.Duration(i)*time.Minute), 50)
		a, err := pr.Accrue(graph, o, tr)
		require.NoError(t, err)
		require.NoError(t, tr.Record(a))
		require.NoError(t, a.Validate())
		full := func(li int) int64 { return a.Lines[li].Paid.Units() }
		units := func(li int) int64 { return a.Lines[li].Quantity }
		if !checkLines(t, &a, full, units, func(i int) int64 { return a.Shares[i].Amount.Units() }) {
			return
		}
		if plan.Caps.set() {
			day, month := periodStarts(o.At, plan.Location)
			for _, s := range a.Shares {
				u := tr.Accrued(s.Beneficiary, day, month)
				require.LessOrEqual(t, u.Day.Units(), plan.Caps.Day.Units(), "day cap of %s", s.Beneficiary)
				require.LessOrEqual(t, u.Lifetime.Units(), plan.Caps.Lifetime.Units(), "lifetime cap of %s", s.Beneficiary)
			}
		}
	}
}

// stream draws a valid event stream for one order: milestones, after-sale
// cases, refunds that never exceed the line, sweeps, and, for whoever the
// accrual pays, withdrawals and their outcomes.
func (g *gen) stream(a *Accrual, fullRefund bool) []Event {
	var evs []Event
	at := func() time.Time { return a.At.Add(time.Duration(1+g.r.IntN(40*24)) * time.Hour) }
	key := func(s string, i int) string { return fmt.Sprintf("%s/%s-%d", a.Order, s, i) }
	ms := []Milestone{AtPayment, AtReceipt, AtCompletion, AtWindowClose}
	times := []time.Time{at(), at(), at(), at()}
	for i, m := range ms {
		if g.r.IntN(5) != 0 {
			evs = append(evs, Progress{Key: key("m", i), Order: a.Order, Milestone: m, At: times[i]})
		}
	}
	for c := range g.r.IntN(3) {
		open := at()
		var lines []string
		if l := a.Lines[g.r.IntN(len(a.Lines))]; !l.Shipping && g.r.IntN(2) == 0 {
			lines = []string{l.ID}
		}
		evs = append(evs, AfterSaleOpened{Key: key("open", c), Order: a.Order, Case: fmt.Sprintf("c%d", c), Lines: lines, At: open})
		if g.r.IntN(3) != 0 {
			evs = append(evs, AfterSaleClosed{Key: key("close", c), Order: a.Order, Case: fmt.Sprintf("c%d", c), At: open.Add(time.Duration(g.r.IntN(100)) * time.Hour)})
		}
	}
	paid := make([]int64, len(a.Lines))
	qty := make([]int64, len(a.Lines))
	for li, l := range a.Lines {
		paid[li], qty[li] = l.Paid.Units(), l.Quantity
	}
	item := func(li int, q, m int64) Refund {
		r := Refund{Line: a.Lines[li].ID, Shipping: a.Lines[li].Shipping, Quantity: q, Amount: commerce.MustNewMoney(m, a.Currency)}
		paid[li] -= m
		qty[li] -= q
		return r
	}
	for r := range g.r.IntN(5) {
		li := g.r.IntN(len(a.Lines))
		if paid[li] == 0 && qty[li] == 0 {
			continue
		}
		var it Refund
		switch g.r.IntN(4) {
		case 0: // by amount
			if paid[li] == 0 {
				continue
			}
			it = item(li, 0, 1+g.r.Int64N(paid[li]))
		case 1: // by quantity, with its share of the money
			q := 1 + g.r.Int64N(max(qty[li], 1))
			q = min(q, qty[li])
			it = item(li, q, paid[li]*q/max(qty[li], 1))
		default: // the whole line (or the shipping)
			it = item(li, qty[li], paid[li])
		}
		if it.Quantity == 0 && it.Amount.IsZero() {
			continue
		}
		evs = append(evs, Refunded{Key: key("r", r), Order: a.Order, Items: []Refund{it}, At: at()})
	}
	if fullRefund {
		var items []Refund
		for li := range a.Lines {
			if paid[li] > 0 || qty[li] > 0 {
				items = append(items, item(li, qty[li], paid[li]))
			}
		}
		if len(items) > 0 {
			evs = append(evs, Refunded{Key: key("r", 99), Order: a.Order, Items: items, At: at()})
		}
	}
	for s := range 1 + g.r.IntN(3) {
		evs = append(evs, Release{Key: fmt.Sprintf("sweep-%s-%d", a.Order, s), At: at()})
	}
	if len(a.Shares) > 0 {
		ben := a.Shares[g.r.IntN(len(a.Shares))].Beneficiary
		w := Withdrawal{Key: key("w", 0), Beneficiary: ben, Amount: commerce.MustNewMoney(1+g.r.Int64N(1000), a.Currency), At: at()}
		evs = append(evs, w)
		if g.r.IntN(2) == 0 {
			evs = append(evs, WithdrawalOutcome{Key: key("wo", 0), Withdrawal: w.Key, Beneficiary: ben, Amount: w.Amount, Paid: g.r.IntN(3) != 0, At: w.At.Add(time.Hour)})
		}
		if adj := g.r.Int64N(2000) - 1000; adj != 0 && g.r.IntN(4) == 0 {
			evs = append(evs, Adjustment{Key: key("adj", 0), Beneficiary: ben, Amount: commerce.MustNewMoney(adj, a.Currency), Note: "goodwill", At: at()})
		}
		if g.r.IntN(4) == 0 {
			from := commerce.MustNewMoney(100+g.r.Int64N(1000), a.Currency)
			to, _ := commerce.FromDecimal(from.Decimal().Mul(commerce.MustParseRate("0.1385").Decimal()), commerce.USD, commerce.HalfEven)
			evs = append(evs, Conversion{Key: key("fx", 0), Beneficiary: ben, From: from, To: to, Rate: commerce.MustParseRate("0.1385"),
				Rounding: commerce.HalfEven, Source: "PBOC-2026-06-01", At: at()})
		}
	}
	return evs
}

// checkLedger checks that every beneficiary's balance is the sum of their
// entries and that their statements reconcile.
func checkLedger(t *testing.T, l Ledger) bool {
	t.Helper()
	for _, ben := range l.Beneficiaries() {
		sums := map[commerce.Currency]*[numStages]int64{}
		for _, e := range l.BeneficiaryEntries(ben) {
			c := e.Amount.Currency()
			if sums[c] == nil {
				sums[c] = &[numStages]int64{}
			}
			sums[c][e.From] -= e.Amount.Units()
			sums[c][e.To] += e.Amount.Units()
		}
		for _, b := range l.Balances(ben) {
			s := sums[b.Currency]
			if s == nil {
				s = &[numStages]int64{}
			}
			got := [numStages]int64{0, b.Estimated.Units(), b.Pending.Units(), b.Available.Units(), b.Withdrawing.Units(), b.PaidOut.Units()}
			s[Outside] = 0
			if !assert.Equal(t, *s, got, "balance of %s in %v is not the sum of the entries", ben, b.Currency) {
				return false
			}
			st, err := l.Statement(ben, b.Currency, t0.Add(24*time.Hour), t0.Add(1000*24*time.Hour))
			require.NoError(t, err)
			if !assert.True(t, st.Reconciles(), "%v", st) {
				return false
			}
			if !assert.Equal(t, b.Pending.Units()+b.Available.Units(), st.Closing.Units(), "closing of %s", ben) {
				return false
			}
		}
	}
	return true
}

// For every rule type, random sequences of partial refunds (by amount, by
// quantity, whole lines, shipping), interleaved with milestones, after-sales,
// sweeps and payouts: each share is the reference arithmetic on what
// remains, its reversals sum to what it lost, its explanation re-evaluates
// to it, and after a full refund it is zero. 10^5 sequences per rule type
// with LIVECOMMERCE_LONG=1.
func TestPropertyRefundSequences(t *testing.T) {
	for k := range numKinds {
		t.Run(k.String(), func(t *testing.T) {
			g := newGen(uint64(100 + k))
			graph, ids := g.graph(30)
			n := cases(400, 100_000)
			for i := range n {
				pr, _ := g.plan(t, k)
				var tr *Tracker
				if k == kindCapped {
					tr = pr.Tracker()
				}
				o := g.order(fmt.Sprintf("o-%d", i), ids[g.r.IntN(len(ids))], t0, 4)
				a, err := pr.Accrue(graph, o, tr)
				require.NoError(t, err)
				full := g.r.IntN(3) == 0
				l, err := Ledger{}.Apply(a)
				require.NoError(t, err)
				for _, e := range g.stream(&a, full) {
					l, err = l.Apply(e)
					require.NoError(t, err)
				}
				// A refund beyond what remains fails and changes nothing.
				before := l.Entries()
				li := g.r.IntN(len(a.Lines))
				_, err = l.Apply(Refunded{Key: "too-much", Order: a.Order, At: t0.Add(time.Hour),
					Items: []Refund{{Line: a.Lines[li].ID, Shipping: a.Lines[li].Shipping, Quantity: a.Lines[li].Quantity + 1, Amount: a.Lines[li].Paid}}})
				require.ErrorIs(t, err, ErrRefundExceeds)
				require.Equal(t, before, l.Entries())

				b, _ := l.orders.Get(a.Order)
				if !checkLines(t, &b.acc, func(li int) int64 { return b.paid[li] }, func(li int) int64 { return b.qty[li] },
					func(i int) int64 { return b.amount[i] }) {
					return
				}
				for i, s := range a.Shares {
					e, err := l.Explain(a.Order, i)
					require.NoError(t, err)
					v, err := e.Evaluate()
					require.NoError(t, err, "%v", e)
					require.Equal(t, e.Amount, v)
					lost := s.Amount.Units() - e.Amount.Units()
					var reversed int64
					for _, r := range e.Reversals {
						reversed += r.Amount.Units()
					}
					require.Equal(t, lost, reversed, "share %d of %s: reversals", i, a.Order)
					if full {
						require.Zero(t, e.Amount.Units(), "share %d after a full refund", i)
					}
				}
				if full {
					net := map[string]int64{}
					for _, e := range l.Entries() {
						if e.Order == a.Order {
							net[e.Beneficiary] += map[bool]int64{true: 1, false: 0}[e.To != Outside]*e.Amount.Units() - map[bool]int64{true: 1, false: 0}[e.From != Outside]*e.Amount.Units()
						}
					}
					for ben, v := range net {
						require.Zero(t, v, "%s nets %d on a fully refunded order", ben, v)
					}
				}
				checkHolds(t, l, &a)
				if !checkLedger(t, l) {
					return
				}
			}
		})
	}
}

// Random permutations and duplicates of valid event streams (accruals
// first) give identical ledgers.
func TestPropertyPermutations(t *testing.T) {
	g := newGen(7)
	graph, ids := g.graph(40)
	n := cases(300, 20_000)
	for i := range n {
		pr, _ := g.plan(t, -1)
		tr := pr.Tracker()
		var accruals, events []Event
		for j := range 1 + g.r.IntN(4) {
			o := g.order(fmt.Sprintf("o-%d-%d", i, j), ids[g.r.IntN(len(ids))], t0.Add(time.Duration(j)*time.Hour), 3)
			a, err := pr.Accrue(graph, o, tr)
			require.NoError(t, err)
			require.NoError(t, tr.Record(a))
			accruals = append(accruals, a)
			events = append(events, g.stream(&a, g.r.IntN(4) == 0)...)
		}
		want, err := Ledger{}.Apply(append(accruals, events...)...)
		require.NoError(t, err)
		shuffled := append([]Event(nil), events...)
		g.r.Shuffle(len(shuffled), func(x, y int) { shuffled[x], shuffled[y] = shuffled[y], shuffled[x] })
		for range g.r.IntN(4) {
			shuffled = append(shuffled, events[g.r.IntN(len(events))])
			if g.r.IntN(2) == 0 {
				shuffled = append(shuffled, accruals[g.r.IntN(len(accruals))])
			}
		}
		g.r.Shuffle(len(accruals), func(x, y int) { accruals[x], accruals[y] = accruals[y], accruals[x] })
		got := Ledger{}
		for _, e := range append(accruals, shuffled...) {
			got, err = got.Apply(e)
			require.NoError(t, err)
		}
		require.Equal(t, want.Entries(), got.Entries(), "stream %d", i)
		for _, ben := range want.Beneficiaries() {
			require.Equal(t, want.Balances(ben), got.Balances(ben))
		}
		if i%50 == 0 && !checkLedger(t, got) {
			return
		}
	}
}

// checkHolds checks that no share was released while an after-sale case
// was open on its line, nor before its hold ran out.
func checkHolds(t *testing.T, l Ledger, a *Accrual) {
	t.Helper()
	b, _ := l.orders.Get(a.Order)
	for _, e := range l.Entries() {
		if e.Order != a.Order || e.Kind != Released {
			continue
		}
		at := e.At.UnixNano()
		require.GreaterOrEqual(t, at, b.due, "released before the hold ran out")
		line := a.Lines[a.Shares[e.Share].Line]
		for _, ev := range b.events {
			if ev.kind != evOpened || ev.at > at || len(ev.lines) > 0 && (line.Shipping || ev.lines[0] != line.ID) {
				continue
			}
			closed := false
			for _, c := range b.events {
				closed = closed || c.kind == evClosed && c.caseID == ev.caseID && c.at <= at
			}
			require.True(t, closed, "share %d released at %v with after-sale %s open", e.Share, e.At, ev.caseID)
		}
	}
}
