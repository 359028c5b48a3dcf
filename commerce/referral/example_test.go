package referral_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

// members builds a graph in which Amy shared a link that Chen followed, and
// Amy had joined through Bo's code.
func members() *referral.Graph {
	joined := time.Date(2026, 5, 1, 9, 0, 0, 0, shanghai)
	var g referral.Graph
	for _, id := range []string{"bo", "amy", "chen"} {
		if err := g.Join(id, joined); err != nil {
			panic(err)
		}
	}
	policy := referral.BindPolicy{Mode: referral.BindPermanent}
	for _, t := range []referral.Touch{
		{Member: "amy", Referrer: "bo", Method: referral.ByCode, At: joined},
		{Member: "chen", Referrer: "amy", Method: referral.ByLink, At: joined.Add(time.Hour)},
	} {
		if _, err := g.Bind(policy, t); err != nil {
			panic(err)
		}
	}
	return &g
}

func plan() referral.Plan {
	return referral.Plan{
		ID: "members", Version: "2026-05", Currency: commerce.CNY,
		Levels:   []referral.Reward{{Rate: commerce.Percent(10)}, {Rate: commerce.Percent(5)}},
		Ceiling:  commerce.Percent(30),
		Hold:     referral.Hold{Credit: referral.AtReceipt, Release: referral.AtReceipt, Days: 7},
		Rounding: commerce.HalfUp,
	}
}

func order(at time.Time) referral.Order {
	return referral.Order{ID: "o-1", Buyer: "chen", At: at, Lines: []referral.Line{
		{ID: "l1", SKU: "cup", Quantity: 3, UnitList: commerce.MustParseMoney("CNY 59.00"), Paid: commerce.MustParseMoney("CNY 149.00")},
	}}
}

// Chen buys three cups through Amy's link: Amy earns level 1 and Bo, who
// brought Amy in, level 2, on what Chen paid after discounts.
func ExampleProgram_Accrue() {
	pr, err := referral.NewProgram(plan())
	if err != nil {
		panic(err)
	}
	a, err := pr.Accrue(members(), order(time.Date(2026, 6, 1, 20, 0, 0, 0, shanghai)), nil)
	if err != nil {
		panic(err)
	}
	for _, s := range a.Shares {
		fmt.Printf("level %d %-4s %v of %v = %v\n", s.Level, s.Beneficiary, s.Reward, a.Lines[s.Line].Base, s.Amount)
	}
	// Output:
	// level 1 amy  10% of CNY 149.00 = CNY 14.90
	// level 2 bo   5% of CNY 149.00 = CNY 7.45
}

// Chen returns one cup after Amy's commission was released and withdrawn:
// the clawback is the commission on what no longer remains, at the frozen
// 10%, and Amy's balance goes negative until her next commission nets it.
func ExampleLedger_Apply() {
	pr, _ := referral.NewProgram(plan())
	t := time.Date(2026, 6, 1, 20, 0, 0, 0, shanghai)
	a, _ := pr.Accrue(members(), order(t), nil)
	day := 24 * time.Hour
	l, err := referral.Ledger{}.Apply(
		a,
		referral.Progress{Key: "o-1/paid", Order: "o-1", Milestone: referral.AtPayment, At: t},
		referral.Progress{Key: "o-1/received", Order: "o-1", Milestone: referral.AtReceipt, At: t.Add(3 * day)},
		referral.Release{Key: "sweep-06-11", At: t.Add(10 * day)},
		referral.Withdrawal{Key: "w-1", Beneficiary: "amy", Amount: commerce.MustParseMoney("CNY 14.90"), At: t.Add(11 * day)},
		referral.Refunded{Key: "rf-1", Order: "o-1", At: t.Add(12 * day),
			Items: []referral.Refund{{Line: "l1", Quantity: 1, Amount: commerce.MustParseMoney("CNY 49.67")}}},
	)
	if err != nil {
		panic(err)
	}
	b := l.Balance("amy", commerce.CNY)
	fmt.Println("amy available:", b.Available, "withdrawing:", b.Withdrawing)
	st, _ := l.Statement("amy", commerce.CNY, t, t.Add(30*day))
	fmt.Println(st)
	fmt.Println("reconciles:", st.Reconciles())
	// Output:
	// amy available: CNY -4.97 withdrawing: CNY 14.90
	// amy CNY [2026-06-01, 2026-07-01)
	//   opening     CNY 0.00
	//   earned    + CNY 14.90
	//   reversed  − CNY 4.97
	//   withdrawn − CNY 14.90
	//   adjusted  + CNY 0.00
	//   closing   = CNY -4.97
	//   (paid out CNY 0.00, estimated CNY 0.00)
	// reconciles: true
}

// Every share explains itself: base, refunds, reward, rounding residue,
// hold and reversals; Evaluate recomputes it from the explanation alone.
func ExampleLedger_Explain() {
	pr, _ := referral.NewProgram(plan())
	t := time.Date(2026, 6, 1, 20, 0, 0, 0, shanghai)
	a, _ := pr.Accrue(members(), order(t), nil)
	l, _ := referral.Ledger{}.Apply(a,
		referral.Progress{Key: "o-1/paid", Order: "o-1", Milestone: referral.AtPayment, At: t},
		referral.Refunded{Key: "rf-1", Order: "o-1", At: t.Add(time.Hour),
			Items: []referral.Refund{{Line: "l1", Amount: commerce.MustParseMoney("CNY 10.05")}}},
	)
	e, _ := l.Explain("o-1", 1)
	fmt.Println(e)
	v, err := e.Evaluate()
	fmt.Println(v, err)
	// Output:
	// order o-1, line l1: bo (T0), level 2, 5% from plan
	//   line: 3 units, paid CNY 149.00, list CNY 177.00; paid basis
	//   refund rf-1: 0 units, CNY 10.05
	//   base CNY 138.95 on 3 units and CNY 138.95 paid
	//   exact 6.9475, rounded HalfUp to CNY 6.95 (residue 0.0025)
	//   amount CNY 6.95, estimated: credited at receipt, not reached
	//   reversed CNY 0.50 by rf-1
	// CNY 6.95 <nil>
}

// A distributor tier from the member's figures, with the shortfall of
// each condition not met.
func ExampleTierLadder_Assign() {
	ladder, err := referral.NewTierLadder(commerce.CNY,
		referral.TierRule{Tier: 1, Any: true, Conditions: []referral.Condition{{Metric: referral.OwnSpend, Min: 50000}, {Metric: referral.OrderCount, Min: 3}}},
		referral.TierRule{Tier: 2, Conditions: []referral.Condition{{Metric: referral.OwnSpend, Min: 200000}, {Metric: referral.DownlineSales, Min: 1000000}}},
	)
	if err != nil {
		panic(err)
	}
	a, _ := ladder.Assign(referral.Figures{OwnSpend: commerce.MustParseMoney("CNY 2400.00"), DownlineSales: commerce.MustParseMoney("CNY 8000.00"), Orders: 7})
	fmt.Println(a)
	// Output:
	// tier T1
	//   T2: all of, not met
	//     own spend 240000 ≥ 200000
	//     downline sales 800000 < 1000000, short by 200000
	//   T1: any of, met
	//     own spend 240000 ≥ 50000
	//     order count 7 ≥ 3
}

// A third level and a per-head reward are allowed only with their
// compliance warnings.
func ExampleProgram_Warnings() {
	p := plan()
	p.Levels = append(p.Levels, referral.Reward{Rate: commerce.Percent(2)})
	if _, err := referral.NewProgram(p); err != nil {
		fmt.Println(err)
	}
	p.AllowThirdLevel = true
	p.PerHead = commerce.MustParseMoney("CNY 5.00")
	pr, _ := referral.NewProgram(p)
	for _, w := range pr.Warnings() {
		fmt.Println(w.Code)
	}
	// Output:
	// referral: plan: levels: 3 levels, at most 2 allowed: too many commission levels
	// third-level
	// headcount-reward
}
