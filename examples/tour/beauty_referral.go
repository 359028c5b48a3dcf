package main

import (
	"fmt"
	"io"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// referralCommission pays member-referral commission (分销) on the orders
// that came through Mei's link in section 1: it binds the buyers to Mei,
// accrues the commission, takes it through receipt, a partial return, the
// hold and a withdrawal, and prints statements that reconcile.
func referralCommission(w io.Writer, s *story) error {
	if len(s.sales) == 0 {
		return fmt.Errorf("no orders: section 1 prices them")
	}
	var g referral.Graph
	joins := []struct {
		member string
		at     time.Time
	}{
		{ann, june(1, 10, 0).AddDate(0, -1, 0)},
		{mei, june(1, 12, 0).AddDate(0, -1, 0)},
		{lin, june(18, 19, 40)},
		{zoe, june(18, 20, 29)},
	}
	for _, j := range joins {
		if err := g.Join(j.member, j.at); err != nil {
			return err
		}
	}
	policy := referral.BindPolicy{Mode: referral.BindPermanent}
	touches := []referral.Touch{
		{Member: mei, Referrer: ann, Method: referral.ByCode, At: joins[1].at},
		{Member: lin, Referrer: mei, Method: referral.ByLink, At: june(18, 20, 10)},
		{Member: zoe, Referrer: mei, Method: referral.ByLink, At: june(18, 20, 29)},
		// Later that night Lin taps Ann's link too: the first bind stands.
		{Member: lin, Referrer: ann, Method: referral.ByLink, At: june(18, 22, 40)},
	}
	para(w, "Core customers forward an exclusive link; whoever buys through it earns them a",
		"commission (top-down distribution). Mei joined Puffbloom's programme with Ann's",
		"code; in the live she shares the room's link, and Lin and Zoe follow it. Binding is",
		fmt.Sprintf("%s (referral.Graph.Bind):", policy.Mode))
	t := table{align: "lllll"}
	t.row("at", "member", "touch", "action", "reason")
	t.rule()
	for _, tc := range touches {
		d, err := g.Bind(policy, tc)
		if err != nil {
			return err
		}
		t.row(stamp(tc.At), tc.Member, fmt.Sprintf("%s of %s", tc.Method, tc.Referrer), d.Action.String(), d.Reason.String())
	}
	t.write(w)

	plan := referral.Plan{
		ID: "puffbloom-members", Version: "2024-06", Currency: commerce.CNY, Rounding: commerce.HalfUp,
		Levels:   []referral.Reward{{Rate: commerce.Percent(10)}, {Rate: commerce.Percent(5)}},
		Ceiling:  commerce.Percent(30),
		Hold:     referral.Hold{Credit: referral.AtReceipt, Release: referral.AtReceipt, Days: 7},
		Location: cst,
	}
	pr, err := referral.NewProgram(plan)
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("The plan %s pays level 1 %s and level 2 %s of what the buyer paid after",
		plan.ID, plan.Levels[0], plan.Levels[1]),
		fmt.Sprintf("discounts, never more than %s of an order (NewProgram validates it). It is credited", plan.Ceiling),
		fmt.Sprintf("at %s and released %d days after %s, when the return window has closed. Each order's",
			plan.Hold.Credit, plan.Hold.Days, plan.Hold.Release),
		"commission is frozen when the order is placed (Program.Accrue); amounts in CNY:")

	var events []referral.Event
	var lineOf = map[string]string{} // order/SKU → line ID
	t = table{align: "llllrrr"}
	t.row("order", "SKU", "level", "to", "reward", "base", "commission")
	t.rule()
	for _, sale := range s.sales {
		o := referral.Order{ID: sale.id, Buyer: sale.buyer, At: sale.at}
		for i, l := range sale.quote.Lines {
			id := fmt.Sprintf("l%d", i+1)
			lineOf[sale.id+"/"+l.SKU] = id
			o.Lines = append(o.Lines, referral.Line{ID: id, SKU: l.SKU, Quantity: l.Quantity, UnitList: l.UnitPrice, Paid: l.Payable})
		}
		a, err := pr.Accrue(&g, o, nil)
		if err != nil {
			return err
		}
		for _, sh := range a.Shares {
			al := a.Lines[sh.Line]
			t.row(sale.id, o.Lines[sh.Line].SKU, fmt.Sprint(sh.Level), sh.Beneficiary, sh.Reward.String(),
				amount(al.Base), amount(sh.Amount))
		}
		events = append(events, a,
			referral.Progress{Key: sale.id + "/paid", Order: sale.id, Milestone: referral.AtPayment, At: o.At},
			referral.Progress{Key: sale.id + "/received", Order: sale.id, Milestone: referral.AtReceipt, At: june(21, 14, 0)})
	}
	t.write(w)

	// Lin returns one sponge set within the return window. Pricing decides
	// the refund: under claw-back a discount the rest of the order no
	// longer qualifies for comes off it.
	linSale := s.sales[0]
	ledger, err := linSale.quote.Ledger(pricing.ClawBack)
	if err != nil {
		return err
	}
	const returned = "beauty-sku-01"
	refund, _, err := ledger.Return(pricing.Return{SKU: returned, Quantity: 1})
	if err != nil {
		return err
	}
	refundAt := june(24, 10, 0)
	para(w, fmt.Sprintf("On %s Lin returns one sponge set. Under claw-back pricing refunds", stamp(refundAt)),
		fmt.Sprintf("what she paid for the unit, %s, less %s of discounts the rest of the order", refund.Paid, refund.Clawed),
		fmt.Sprintf("no longer earns: %s (pricing.Ledger.Return). The referral ledger takes the", refund.Amount),
		"commission on that much back from each beneficiary, at the frozen rate.")
	events = append(events,
		referral.Refunded{Key: "rf-" + linSale.id, Order: linSale.id, At: refundAt,
			Items: []referral.Refund{{Line: lineOf[linSale.id+"/"+returned], Quantity: 1, Amount: refund.Amount}}},
		referral.Release{Key: "sweep-06-29", At: june(29, 0, 0)},
	)
	l, err := referral.Ledger{}.Apply(events...)
	if err != nil {
		return err
	}
	// Mei withdraws what is available, and the payout succeeds.
	avail := l.Balance(mei, commerce.CNY).Available
	l, err = l.Apply(
		referral.Withdrawal{Key: "w-mei-1", Beneficiary: mei, Amount: avail, At: june(29, 10, 0)},
		referral.WithdrawalOutcome{Key: "w-mei-1/paid", Withdrawal: "w-mei-1", Beneficiary: mei, Amount: avail, Paid: true, At: june(30, 10, 0)},
	)
	if err != nil {
		return err
	}

	para(w, "Mei's commission moves through the ledger's stages, event by event (Ledger.Apply), in CNY:")
	t = table{align: "lllllr"}
	t.row("at", "event", "entry", "from", "to", "amount")
	t.rule()
	for _, e := range l.BeneficiaryEntries(mei) {
		t.row(stamp(e.At), e.Key, e.Kind.String(), e.From.String(), e.To.String(), amount(e.Amount))
	}
	t.write(w)

	from, to := june(1, 0, 0), june(1, 0, 0).AddDate(0, 1, 0)
	para(w, fmt.Sprintf("June's statements, [%s, %s) in CNY (Ledger.Statement): opening + earned −", from.Format(time.DateOnly), to.Format(time.DateOnly)),
		"reversed − withdrawn + adjusted = closing, each figure summed from the entries.")
	t = table{align: "lrrrrrrrl"}
	t.row("", "opening", "earned", "reversed", "withdrawn", "adjusted", "closing", "paid out", "reconciles")
	t.rule()
	for _, who := range l.Beneficiaries() {
		st, err := l.Statement(who, commerce.CNY, from, to)
		if err != nil {
			return err
		}
		if !st.Reconciles() {
			return fmt.Errorf("the statement of %s does not reconcile:\n%v", who, st)
		}
		t.row(who, amount(st.Opening), amount(st.Earned), amount(st.Reversed), amount(st.Withdrawn),
			amount(st.Adjustments), amount(st.Closing), amount(st.PaidOut), fmt.Sprint(st.Reconciles()))
	}
	t.write(w)
	para(w, "Mei withdrew all that was available and was paid out; Ann has not withdrawn, so",
		"her closing balance is what Puffbloom owes her.")

	xs, err := l.ExplainLine(linSale.id, lineOf[linSale.id+"/"+returned])
	if err != nil {
		return err
	}
	for _, x := range xs {
		if x.Beneficiary != mei {
			continue
		}
		v, err := x.Evaluate()
		if err != nil {
			return err
		}
		para(w, "Any share explains itself (Ledger.Explain); Explanation.Evaluate recomputes",
			fmt.Sprintf("it from the explanation alone: %s. Mei's share of Lin's sponge line:", v))
		fmt.Fprintf(w, "%s\n\n", indent(x.String()))
	}
	return nil
}
