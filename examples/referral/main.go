// Command referral pays member-referral commission (分销) for orders that
// came through shared links: Bo brought Amy in with his code, Amy shared
// a link that Chen followed; Chen's order earns Amy level 1 and Bo level
// 2 at the rates frozen when it was placed. Amy withdraws, Chen returns
// one cup, and Amy's statement still reconciles, with the clawback
// carried as a negative balance.
//
//	go run ./examples/referral
//
// Copy it as a starting point: the times are fixed, so the output is the
// same on every run (testdata/referral.golden; rewrite it with
// go test ./examples/referral -update).
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "referral:", err)
		os.Exit(1)
	}
}

// run writes the example's output to w.
func run(w io.Writer) error {
	shanghai := time.FixedZone("CST", 8*3600)
	joined := time.Date(2026, 5, 1, 9, 0, 0, 0, shanghai)
	var g referral.Graph // who referred whom
	for _, id := range []string{"bo", "amy", "chen"} {
		if err := g.Join(id, joined); err != nil {
			return err
		}
	}
	policy := referral.BindPolicy{Mode: referral.BindPermanent}
	for _, t := range []referral.Touch{
		{Member: "amy", Referrer: "bo", Method: referral.ByCode, At: joined},
		{Member: "chen", Referrer: "amy", Method: referral.ByLink, At: joined.Add(time.Hour)},
	} {
		if _, err := g.Bind(policy, t); err != nil {
			return err
		}
	}

	pr, err := referral.NewProgram(referral.Plan{
		ID: "members", Version: "2026-05", Currency: commerce.CNY, Rounding: commerce.HalfUp,
		Levels:  []referral.Reward{{Rate: commerce.Percent(10)}, {Rate: commerce.Percent(5)}},
		Ceiling: commerce.Percent(30), // validated: no order can pay out more
		Hold:    referral.Hold{Credit: referral.AtReceipt, Release: referral.AtReceipt, Days: 7},
	})
	if err != nil {
		return err
	}
	at := time.Date(2026, 6, 1, 20, 0, 0, 0, shanghai)
	a, err := pr.Accrue(&g, referral.Order{ID: "o-1", Buyer: "chen", At: at, Lines: []referral.Line{
		{ID: "l1", SKU: "cup", Quantity: 3, UnitList: commerce.MustParseMoney("CNY 59.00"), Paid: commerce.MustParseMoney("CNY 149.00")},
	}}, nil)
	if err != nil {
		return err
	}
	for _, s := range a.Shares {
		fmt.Fprintf(w, "level %d %-4s %v of %v = %v\n", s.Level, s.Beneficiary, s.Reward, a.Lines[s.Line].Base, s.Amount)
	}

	day := 24 * time.Hour
	l, err := referral.Ledger{}.Apply(a,
		referral.Progress{Key: "o-1/paid", Order: "o-1", Milestone: referral.AtPayment, At: at},
		referral.Progress{Key: "o-1/received", Order: "o-1", Milestone: referral.AtReceipt, At: at.Add(3 * day)},
		referral.Release{Key: "sweep-06-11", At: at.Add(10 * day)},
		referral.Withdrawal{Key: "w-1", Beneficiary: "amy", Amount: commerce.MustParseMoney("CNY 14.90"), At: at.Add(11 * day)},
		referral.Refunded{Key: "rf-1", Order: "o-1", At: at.Add(12 * day),
			Items: []referral.Refund{{Line: "l1", Quantity: 1, Amount: commerce.MustParseMoney("CNY 49.67")}}},
	)
	if err != nil {
		return err
	}
	st, err := l.Statement("amy", commerce.CNY, at, at.Add(30*day))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, st)
	fmt.Fprintln(w, "reconciles:", st.Reconciles())
	e, err := l.Explain("o-1", 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, e)
	return err
}
