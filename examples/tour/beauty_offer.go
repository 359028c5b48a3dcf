package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

// The live's offer for new customers: a sponge set (either colour) and the
// brush set for ¥49, funded by the brand, and the ¥5 coupon of the
// membership tier, funded by the shop, once per buyer and only for group
// members. Both run for the three hours of the live.
const (
	bundleID    = "duo-49"
	bundlePrice = "¥49.00"
	couponSave  = "¥5.00"
	// memberTier is the tier whose coupon it is: "member" of
	// groupchattest.BeautyBrand, ¥300 spent in a year or the ¥99 paid
	// membership.
	memberTier = "member"
)

// The cart of both buyers: two pink sponge sets and the brush set.
var cartSKUs = []struct {
	sku      string
	quantity int64
}{{"beauty-sku-01", 2}, {"beauty-sku-06", 1}}

// offer prints the catalogue and prices the live's offer for Lin, who took
// the membership, and for Zoe, who did not; it records both quotes in s.
func offer(w io.Writer, s *story) error {
	nProducts, nSKUs := s.cat.Len()
	var lineup []string
	for sku := range s.cat.SKUs() {
		lineup = append(lineup, sku.ID)
	}
	own, err := s.cat.OwnBrandShare(lineup)
	if err != nil {
		return err
	}
	ownPct, err := pct(own)
	if err != nil {
		return err
	}
	para(w,
		"Puffbloom sells makeup sponges, puffs and brushes (commercetest.BeautyCatalogue):",
		fmt.Sprintf("%d products and %d SKUs in %s, %s of the SKUs its own brand (%s, Catalogue.OwnBrandShare).",
			nProducts, nSKUs, s.cat.Currency(), ownPct, own))
	t := table{align: "lllr"}
	t.row("SKU", "product", "origin", "list price")
	t.rule()
	for sku := range s.cat.SKUs() {
		p, ok := s.cat.Product(sku.ProductID)
		if !ok {
			return fmt.Errorf("SKU %s: product %s is not in the catalogue", sku.ID, sku.ProductID)
		}
		t.row(sku.ID, p.Title, p.Origin.String(), sku.ListPrice.String())
	}
	t.write(w)

	tier, ok := s.tiers.Lookup(memberTier)
	if !ok {
		return fmt.Errorf("no tier %q in the ladder", memberTier)
	}
	if len(tier.Benefits.Coupons) == 0 || len(tier.Benefits.Segments) == 0 {
		return fmt.Errorf("tier %q gives no coupon or no segment", memberTier)
	}
	live := pricing.Window{From: s.brand.Live.Start, To: s.brand.Live.Start.Add(3 * time.Hour)}
	bundle := pricing.Bundle{
		Terms: pricing.Terms{ID: bundleID, Name: "sponge + brush for " + bundlePrice, Funding: pricing.Brand, Window: live},
		Items: []pricing.BundleItem{
			{Scope: pricing.SKUs("beauty-sku-01", "beauty-sku-02"), Quantity: 1},
			{Scope: pricing.SKUs("beauty-sku-06"), Quantity: 1},
		},
		Price: commerce.MustParseMoney(bundlePrice),
	}
	coupon := pricing.Coupon{
		Terms: pricing.Terms{ID: tier.Benefits.Coupons[0], Name: "join the group, save " + couponSave,
			Funding: pricing.Shop, PerBuyerLimit: 1, Window: live},
		Scope: pricing.AllItems(), Save: commerce.MustParseMoney(couponSave), Segment: tier.Benefits.Segments[0],
	}
	mp, err := tier.MemberPrice(pricing.Terms{ID: "member-price", Name: "member price", Funding: pricing.Shop}, pricing.AllItems())
	if err != nil {
		return err
	}
	offers := []pricing.Offer{bundle, coupon, mp}

	var cart pricing.Cart
	for _, c := range cartSKUs {
		sku, ok := s.cat.SKU(c.sku)
		if !ok {
			return fmt.Errorf("SKU %s is not in the catalogue", c.sku)
		}
		p, _ := s.cat.Product(sku.ProductID)
		cart.Items = append(cart.Items, pricing.Item{SKU: sku.ID, Product: p.ID, Category: p.Category,
			Quantity: c.quantity, UnitPrice: sku.ListPrice})
	}

	para(w, "Notes plant the desire; the live converts it. For its first broadcast Puffbloom",
		fmt.Sprintf("offers new customers %s, %q, funded by the %s, and the membership tier's",
			bundle.ID, bundle.Name, bundle.Funding),
		fmt.Sprintf("coupon %s, %q, funded by the %s, once per buyer and only for the segment %q.",
			coupon.ID, coupon.Name, coupon.Funding, coupon.Segment),
		fmt.Sprintf("Both are valid from %s to %s. Members also have the tier's member price, %s (%s).",
			stamp(live.From), clock(live.To), mp.ID, mp.Off))
	para(w, "Two friends follow a link that Mei shares from the live and fill the same cart.",
		"Lin, new to the brand, joined from a note shortly before the live and took the paid",
		fmt.Sprintf("membership (section 2), so the tier %q prices her: Tier.Buyer gives her its", tier.ID),
		"segments. Zoe joins nothing.",
		"Each quote is the best combination of the offers, every discount allocated to the lines to the fen.")

	buyers := []struct {
		buyer pricing.Buyer
		order string
		at    time.Time
	}{
		{tier.Buyer(lin), "puffbloom-o-lin-1", june(18, 20, 12)},
		{pricing.Buyer{ID: zoe}, "puffbloom-o-zoe-1", june(18, 20, 31)},
	}
	for _, b := range buyers {
		q, err := pricing.Price(pricing.Request{Cart: cart, Offers: offers, Buyer: b.buyer, Now: b.at,
			Rounding: commerce.HalfUp, Catalogue: &s.cat})
		if err != nil {
			return fmt.Errorf("pricing %s: %w", b.buyer.ID, err)
		}
		if err := writeQuote(w, b.buyer, b.at, offers, q); err != nil {
			return err
		}
		s.sales = append(s.sales, sale{id: b.order, buyer: b.buyer.ID, at: b.at, quote: q})
	}
	return nil
}

// writeQuote prints a quote: a line per SKU with each offer's share of the
// discount, the totals, who funds the discount, what each applied offer
// took off what, and why an offer did not apply.
func writeQuote(w io.Writer, b pricing.Buyer, at time.Time, offers []pricing.Offer, q pricing.Quote) error {
	who := b.ID
	if b.Tier != "" {
		who += fmt.Sprintf(" (tier %s, segments %s)", b.Tier, strings.Join(b.Segments, ", "))
	}
	fmt.Fprintf(w, "%s, at %s, in %s (pricing.Price):\n\n", who, clock(at), q.List.Currency())

	head := []string{"SKU", "qty", "list"}
	funding := []string{"", "", ""}
	align := "lrr"
	for _, o := range offers {
		terms := pricing.TermsOf(o)
		head = append(head, terms.ID)
		funding = append(funding, terms.Funding.String())
		align += "r"
	}
	t := table{align: align + "r"}
	t.row(append(head, "pays")...)
	t.row(append(funding, "")...)
	t.rule()
	for _, l := range q.Lines {
		cells := []string{l.SKU, fmt.Sprint(l.Quantity), amount(l.List)}
		for _, o := range offers {
			cells = append(cells, shareOf(l.Shares, pricing.TermsOf(o).ID))
		}
		t.row(append(cells, amount(l.Payable))...)
	}
	t.rule()
	total := []string{"total", "", amount(q.List)}
	for _, o := range offers {
		cell := ""
		for _, a := range q.Applied {
			if a.Offer == pricing.TermsOf(o).ID {
				cell = "−" + amount(a.Amount)
			}
		}
		total = append(total, cell)
	}
	t.row(append(total, amount(q.Payable))...)
	t.write(w)

	var took []string
	for _, a := range q.Applied {
		took = append(took, fmt.Sprintf("%s %s off %s (%s)", a.Offer, a.Amount, a.Base, plural(a.Units, "unit")))
	}
	if len(took) > 0 {
		para(w, "Applied:", strings.Join(took, "; ")+".")
	}
	var funded []string
	for _, f := range []pricing.Funding{pricing.Brand, pricing.Shop, pricing.Platform} {
		funded = append(funded, fmt.Sprintf("%s %s", f, q.Funded(f)))
	}
	var notes []string
	for _, u := range q.Unapplied {
		notes = append(notes, fmt.Sprintf("Not applied: %s, %s%s.", u.Offer, u.Reason, why(u)))
	}
	para(w, fmt.Sprintf("Discount %s, funded by the %s.", q.Discount, strings.Join(funded, ", the ")),
		fmt.Sprintf("Proven best: %t; the next best combination pays %s.", q.Exact, q.NextBest),
		strings.Join(notes, " "))
	return nil
}

// shareOf returns the amount the offer with the given ID takes off a line,
// as "−3.59", or "" when it takes nothing.
func shareOf(shares []pricing.Share, offer string) string {
	for _, s := range shares {
		if s.Offer == offer {
			return "−" + amount(s.Amount)
		}
	}
	return ""
}

// why explains a reason an offer did not apply, in words.
func why(u pricing.Unapplied) string {
	switch u.Reason {
	case pricing.NotInSegment:
		return " (the buyer is not in the coupon's segment)"
	case pricing.NotForTier:
		return " (the buyer has no tier, and the price is for members)"
	case pricing.BelowThreshold:
		return fmt.Sprintf(" (spend %s more)", u.Short)
	case pricing.Excluded:
		return fmt.Sprintf(" (excluded by %s)", u.By)
	}
	return ""
}
