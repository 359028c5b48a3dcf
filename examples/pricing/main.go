// Command pricing prices the beauty brand's offer for new customers in
// the live room: a "sponge + brush for ¥49" bundle and a ¥5 coupon for
// joining the fan group, for a group member and for a visitor; it shows
// how every fen of the discounts lands on the lines and who funds it,
// why an offer did not apply, and what a partial return refunds.
//
//	go run ./examples/pricing
//
// Copy it as a starting point: the times are fixed, so the output is the
// same on every run (testdata/pricing.golden; rewrite it with
// go test ./examples/pricing -update).
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pricing:", err)
		os.Exit(1)
	}
}

// offers is the live room's promotion: the bundle, funded by the brand,
// and the group-join coupon, funded by the shop, once per buyer.
func offers() []pricing.Offer {
	return []pricing.Offer{
		pricing.Bundle{Terms: pricing.Terms{ID: "duo-49", Funding: pricing.Brand},
			Items: []pricing.BundleItem{{Scope: pricing.SKUs("sponge"), Quantity: 1}, {Scope: pricing.SKUs("brush"), Quantity: 1}},
			Price: commerce.MustParseMoney("¥49.00")},
		pricing.Coupon{Terms: pricing.Terms{ID: "join-group-5", Funding: pricing.Shop, PerBuyerLimit: 1},
			Scope: pricing.AllItems(), Save: commerce.MustParseMoney("¥5.00"), Segment: "group-member"},
	}
}

// run writes the example's output to w.
func run(w io.Writer) error {
	cart := pricing.Cart{Items: []pricing.Item{
		{SKU: "sponge", Quantity: 2, UnitPrice: commerce.MustParseMoney("¥19.90")},
		{SKU: "brush", Quantity: 1, UnitPrice: commerce.MustParseMoney("¥39.90")},
	}}
	now := time.Date(2025, 6, 18, 20, 0, 0, 0, time.UTC) // the caller owns the clock
	var member pricing.Quote
	for _, buyer := range []pricing.Buyer{
		{ID: "fan-1", Segments: []string{"group-member"}},
		{ID: "visitor-2"},
	} {
		q, err := pricing.Price(pricing.Request{Cart: cart, Offers: offers(), Buyer: buyer, Now: now, Rounding: commerce.HalfUp})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: list %v, pays %v (next best %v)\n", buyer.ID, q.List, q.Payable, q.NextBest)
		for _, l := range q.Lines {
			fmt.Fprintf(w, "  %-6s %v → %v", l.SKU, l.List, l.Payable)
			for _, s := range l.Shares {
				fmt.Fprintf(w, "  %s %v from %s", s.Offer, s.Amount, s.Funding)
			}
			fmt.Fprintln(w)
		}
		for _, u := range q.Unapplied {
			fmt.Fprintf(w, "  not applied: %s (%s)\n", u.Offer, u.Reason)
		}
		if buyer.ID == "fan-1" {
			member = q
		}
	}

	// The member returns one sponge. Under claw-back, a discount the rest
	// of the order no longer qualifies for is taken back from the refund.
	ledger, err := member.Ledger(pricing.ClawBack)
	if err != nil {
		return err
	}
	refund, ledger, err := ledger.Return(pricing.Return{SKU: "sponge", Quantity: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "fan-1 returns a sponge: paid for it %v, clawed back %v, refund %v; refunded so far %v\n",
		refund.Paid, refund.Clawed, refund.Amount, ledger.Refunded())
	_, err = fmt.Fprintln(w)
	return err
}
