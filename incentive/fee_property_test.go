package incentive_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// feeStream is a random stream of orders, refunds and payouts under one
// fee plan, with the plans that ride on it.
type feeStream struct {
	plan     *incentive.CompiledFeePlan
	rebate   *incentive.CompiledRebatePlan
	cashback []*incentive.CompiledCashbackPlan
	events   []incentive.FeeEvent
	orders   []incentive.FeeOrder
	full     map[string]bool // orders refunded in full
}

var symmetricModes = [...]commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up}

// genFeeStream draws a stream. Caps are small (¥50 to ¥2,000) so that
// orders cross them often; payment times collide often, so that ties
// break on IDs.
func genFeeStream(tb testing.TB, r *rand.Rand) feeStream {
	tb.Helper()
	s := feeStream{full: map[string]bool{}}
	var p incentive.FeePlan
	var cats []string
	wechat := r.IntN(2) == 0
	if wechat {
		p = incentive.WeChatStoreFees()
		p.Allowances[0].Cap = commerce.MustNewMoney(5000+r.Int64N(195_000), commerce.CNY)
		cats = []string{"band-1", "band-2", "band-2.5", "band-3", "band-4", "band-5"}
		rb, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
		require.NoError(tb, err)
		s.rebate = rb
	} else {
		p = incentive.XiaohongshuCommissionFree()
		p.Allowances[0].Cap = commerce.MustNewMoney(5000+r.Int64N(195_000), commerce.CNY)
		p.Table.Categories = append(p.Table.Categories, incentive.CategoryRate{Category: "gold", Rate: commerce.BasisPoints(40)})
		cats = []string{"womens-apparel", "personal-care", "pets", "beauty", "fresh-food", "gold"}
		if r.IntN(2) == 0 {
			p.Allowances = append(p.Allowances, incentive.FeeAllowance{ID: "next", Rate: commerce.MustParseRate("1.25%"),
				Cap: commerce.MustNewMoney(1+r.Int64N(50_000), commerce.CNY), Scope: incentive.CapPerStore, Window: p.Effective})
		}
	}
	p.Rounding = commerce.RoundingMode(1 + r.IntN(6))
	s.plan = mustCompile(tb, p)
	for _, e := range []incentive.CashbackEntity{incentive.CashbackMerchant, incentive.CashbackProvider, incentive.CashbackMCN} {
		if r.IntN(2) == 0 {
			continue
		}
		cp := testCashback(e, commerce.BasisPoints(r.Int64N(10_001)))
		cp.Rounding = symmetricModes[r.IntN(len(symmetricModes))]
		cb, err := incentive.CompileCashbackPlan(cp)
		require.NoError(tb, err)
		s.cashback = append(s.cashback, cb)
	}

	// Times: minutes from 2025-09-01 over about 75 days, on a coarse grid
	// so that payment times collide.
	start := at(2025, 9, 1, 0, 0, 0, 0)
	when := func() time.Time { return start.Add(time.Duration(r.IntN(75*24)) * time.Hour) }
	type store struct{ opened, first time.Time }
	stores := map[string]store{}
	n := 1 + r.IntN(25)
	for i := range n {
		m := fmt.Sprintf("m-%d", r.IntN(3))
		st := fmt.Sprintf("s-%d", r.IntN(3))
		key := m + "/" + st
		if _, ok := stores[key]; !ok {
			stores[key] = store{opened: start.Add(time.Duration(r.IntN(60*24)-30*24) * time.Hour),
				first: start.Add(time.Duration(r.IntN(40*24)-20*24) * time.Hour)}
		}
		o := incentive.FeeOrder{ID: fmt.Sprintf("o-%02d", i), Merchant: m, Store: key, Category: cats[r.IntN(len(cats))],
			PaidAt: when(), Paid: commerce.MustNewMoney(r.Int64N(80_001), commerce.CNY),
			StoreOpened: stores[key].opened, FirstSale: stores[key].first}
		if r.IntN(5) == 0 {
			o.Paid = commerce.MustNewMoney(r.Int64N(3), commerce.CNY) // fen-sized orders
		}
		if wechat && r.IntN(2) == 0 {
			o.Subsidy = commerce.MustNewMoney(r.Int64N(5_001), commerce.CNY)
		}
		if r.IntN(3) > 0 {
			o.Provider = fmt.Sprintf("sp-%d", r.IntN(2))
		}
		if r.IntN(2) == 0 {
			o.MCN = "mcn-1"
		}
		if r.IntN(10) == 0 {
			o.StoreOpened, o.FirstSale = time.Time{}, time.Time{}
			stores[key] = store{}
		}
		s.orders = append(s.orders, o)
		s.events = append(s.events, o)
		// Refunds: none, some, or all of the order in one to three parts.
		if r.IntN(5) < 2 && (o.Paid.IsPositive() || o.Subsidy.IsPositive()) {
			parts := 1 + r.IntN(3)
			full := r.IntN(2) == 0
			paidLeft, subLeft := o.Paid.Units(), o.Subsidy.Units()
			for k := range parts {
				var rp, rs int64
				if full && k == parts-1 {
					rp, rs = paidLeft, subLeft
				} else {
					rp, rs = r.Int64N(paidLeft+1), r.Int64N(subLeft+1)
				}
				if rp == 0 && rs == 0 {
					continue
				}
				paidLeft, subLeft = paidLeft-rp, subLeft-rs
				rf := incentive.FeeRefund{ID: fmt.Sprintf("r-%02d-%d", i, k), Order: o.ID,
					At: o.PaidAt.Add(time.Duration(r.IntN(40*24)) * time.Hour), Paid: commerce.MustNewMoney(rp, commerce.CNY)}
				if rs > 0 {
					rf.Subsidy = commerce.MustNewMoney(rs, commerce.CNY)
				}
				s.events = append(s.events, rf)
			}
			s.full[o.ID] = paidLeft == 0 && subLeft == 0
		}
	}
	for _, m := range []time.Month{time.September, time.October} {
		if r.IntN(2) == 0 {
			c := incentive.FeeCycle{Year: 2025, Month: m}
			s.events = append(s.events, incentive.FeePayout{Cycle: c, At: c.End(shanghai).Add(time.Duration(r.IntN(10*24)) * time.Hour)})
		}
	}
	return s
}

func (s feeStream) ledger(tb testing.TB) incentive.FeeLedger {
	tb.Helper()
	l, err := incentive.NewFeeLedger(s.plan, s.rebate, s.cashback...)
	require.NoError(tb, err)
	return l
}

// ratOf is r as an exact rational.
func ratOf(r commerce.Rate) *big.Rat {
	q, ok := new(big.Rat).SetString(r.Decimal().String())
	if !ok {
		panic(r)
	}
	return q
}

// TestFeeProperties checks, over random order streams (thousands by
// default, 10⁵ with LIVECOMMERCE_LONG=1, as the issue asks):
//   - every quote's parts sum to its base, and its fee is within rounding,
//     in the plan's direction, of Σ part × rate in big rationals;
//   - no scope consumes more than a cap, and a scope that met a used-up
//     cap consumed all of it;
//   - the ledger is the same, byte for byte, for any order of the events,
//     applied in one call or one by one, and applied again;
//   - accruals are never negative and reversals never positive; an order
//     refunded in full nets to zero on every account;
//   - every statement reconciles and carries.
func TestFeeProperties(t *testing.T) {
	cases := incentive.LongCases(2000, 100_000)
	if feeRace {
		cases = incentive.LongCases(200, 10_000)
	}
	r := rand.New(rand.NewPCG(7, 2025))
	for c := range cases {
		s := genFeeStream(t, r)
		l, err := s.ledger(t).Apply(s.events...)
		require.NoError(t, err, "case %d", c)
		want := ledgerJSON(t, l)
		checkQuotes(t, s, l)
		checkLines(t, s, l)

		// Any permutation, in one call.
		perm := append([]incentive.FeeEvent(nil), s.events...)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		l2, err := s.ledger(t).Apply(perm...)
		require.NoError(t, err)
		require.Equal(t, want, ledgerJSON(t, l2), "case %d: permutation", c)

		// Again, onto the ledger that has them: idempotent.
		l4, err := l.Apply(perm...)
		require.NoError(t, err)
		require.Equal(t, want, ledgerJSON(t, l4), "case %d: re-applied", c)

		// One by one (every fourth case, as each Apply folds the whole
		// set again): orders, then refunds, then payouts, each shuffled.
		if c%4 != 0 {
			continue
		}
		l3 := s.ledger(t)
		for _, kind := range []int{0, 1, 2} {
			for _, e := range perm {
				k := 0
				switch e.(type) {
				case incentive.FeeRefund:
					k = 1
				case incentive.FeePayout:
					k = 2
				}
				if k == kind {
					l3, err = l3.Apply(e)
					require.NoError(t, err)
				}
			}
		}
		require.Equal(t, want, ledgerJSON(t, l3), "case %d: one by one", c)
	}
}

func checkQuotes(t *testing.T, s feeStream, l incentive.FeeLedger) {
	t.Helper()
	p := s.plan.Plan()
	consumed := map[string]int64{}
	capUsed := map[string]bool{}
	for _, o := range s.orders {
		q, ok := l.Quote(o.ID)
		require.True(t, ok)
		var sum int64
		exact := new(big.Rat)
		for _, part := range q.Parts() {
			require.GreaterOrEqual(t, part.Amount.Units(), int64(0))
			sum += part.Amount.Units()
			exact.Add(exact, new(big.Rat).Mul(new(big.Rat).SetInt64(part.Amount.Units()), ratOf(part.Rate)))
		}
		require.Equal(t, q.Base().Units(), sum, "order %s: parts sum to the base", o.ID)
		wantExact, ok := new(big.Rat).SetString(q.ExactFee())
		require.True(t, ok)
		require.Zero(t, exact.Cmp(wantExact), "order %s: exact fee", o.ID)
		diff := new(big.Rat).Sub(new(big.Rat).SetInt64(q.Fee().Units()), exact) // fee − exact
		require.Equal(t, -1, new(big.Rat).Abs(diff).Cmp(big.NewRat(1, 1)), "order %s: within a minor unit", o.ID)
		switch p.Rounding {
		case commerce.HalfUp, commerce.HalfEven:
			require.LessOrEqual(t, new(big.Rat).Abs(diff).Cmp(big.NewRat(1, 2)), 0)
		case commerce.Down, commerce.Floor:
			require.LessOrEqual(t, diff.Sign(), 0)
		default:
			require.GreaterOrEqual(t, diff.Sign(), 0)
		}
		for i, a := range p.Allowances {
			key := fmt.Sprintf("%d/%s", i, o.Merchant)
			if a.Scope == incentive.CapPerStore {
				key += "/" + o.Store
			}
			consumed[key] += q.Consumed()[i].Units()
			if q.Status(i) == incentive.AllowanceCapUsed {
				capUsed[key] = true
			}
		}
	}
	for key, used := range consumed {
		var i int
		_, err := fmt.Sscanf(key, "%d/", &i)
		require.NoError(t, err)
		capUnits := p.Allowances[i].Cap.Units()
		require.LessOrEqual(t, used, capUnits, "scope %s", key)
		if capUsed[key] {
			require.Equal(t, capUnits, used, "scope %s met a used-up cap", key)
		}
	}
}

func checkLines(t *testing.T, s feeStream, l incentive.FeeLedger) {
	t.Helper()
	net := map[string]map[incentive.FeeAccount]int64{}
	for _, ln := range l.Lines() {
		if ln.Kind == incentive.FeeAccrued {
			require.Positive(t, ln.Amount.Units())
		} else {
			require.Negative(t, ln.Amount.Units())
		}
		if net[ln.Order] == nil {
			net[ln.Order] = map[incentive.FeeAccount]int64{}
		}
		net[ln.Order][ln.Account] += ln.Amount.Units()
	}
	for id, full := range s.full {
		if full {
			for a, v := range net[id] {
				require.Zero(t, v, "order %s refunded in full: account %v", id, a)
			}
		}
	}
	for _, a := range l.Accounts() {
		var opening, paid, lines int64
		for _, st := range l.Statements(a) {
			require.Equal(t, opening, st.Opening.Units())
			require.Equal(t, st.Closing.Units(), st.Opening.Units()+st.Accrued.Units()-st.Reversed.Units()+st.Adjusted.Units())
			for _, ln := range st.Lines {
				lines += ln.Amount.Units()
			}
			paid += st.Paid.Units()
			opening = st.Closing.Units() - st.Paid.Units()
		}
		require.Equal(t, lines, opening+paid, "account %v: lines = carried + paid", a)
	}
}

// ledgerJSON is the ledger's JSON.
func ledgerJSON(t *testing.T, l incentive.FeeLedger) string {
	t.Helper()
	b, err := l.MarshalJSON()
	require.NoError(t, err)
	return string(b)
}
