package groupchat

import (
	"fmt"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

// Benefits are what a tier gives its members, in the forms the rest of the
// library takes: a member price or discount for [pricing.MemberPrice],
// segments for the coupons of [pricing.Coupon] gated on them, early access
// to pre-sales, and the group families the tier may join. Each tier lists
// its own benefits: a higher tier does not inherit a lower one's.
type Benefits struct {
	// Discount is the member discount off list prices (会员折扣), above 0%
	// and at most 100%; zero for none. Set it or Prices, not both.
	Discount commerce.Rate
	// Prices is a member price list (会员价), one entry per SKU, in the
	// policy's currency.
	Prices []pricing.SKUPrice
	// EarlyAccess is how long before the public a pre-sale opens to the
	// tier, such as 2 hours; zero for none.
	EarlyAccess time.Duration
	// Coupons are the IDs of the coupon offers the tier's members receive,
	// such as the group-join coupon. Gate each coupon on one of Segments so
	// that pricing refuses it to other buyers.
	Coupons []string
	// Segments are the buyer segments membership puts the member in, such
	// as "group-member", for the coupons gated on them.
	Segments []string
	// Groups are the IDs of the group families the tier may join.
	Groups []string
}

// clone returns a copy that shares no slice with b.
func (b Benefits) clone() Benefits {
	b.Prices = slices.Clone(b.Prices)
	b.Coupons = slices.Clone(b.Coupons)
	b.Segments = slices.Clone(b.Segments)
	b.Groups = slices.Clone(b.Groups)
	return b
}

// validate checks the benefits; field names them, c is the policy's
// currency.
func (b Benefits) validate(field string, c commerce.Currency) error {
	if !b.Discount.IsZero() {
		if b.Discount.Cmp(commerce.Rate{}) < 0 || b.Discount.Cmp(commerce.Percent(100)) > 0 {
			return fieldErr(field+": discount", "want above 0%% and at most 100%%, got %v", b.Discount)
		}
		if len(b.Prices) > 0 {
			return fieldErr(field, "a discount and a price list at once")
		}
	}
	for i, p := range b.Prices {
		f := fmt.Sprintf("%s: prices[%d]", field, i)
		if err := checkID(f+": sku", p.SKU); err != nil {
			return err
		}
		if j := slices.IndexFunc(b.Prices[:i], func(q pricing.SKUPrice) bool { return q.SKU == p.SKU }); j >= 0 {
			return fieldErr(f+": sku", "%q is also prices[%d]", p.SKU, j)
		}
		if got := p.Price.Currency(); got != c {
			return &commerce.FieldError{Field: f + ": price", Reason: "not in the policy's currency", Err: &commerce.MismatchError{A: c, B: got}}
		}
		if p.Price.IsNegative() {
			return fieldErr(f+": price", "negative: %v", p.Price)
		}
	}
	if b.EarlyAccess < 0 {
		return fieldErr(field+": early access", "negative: %v", b.EarlyAccess)
	}
	for _, l := range [...]struct {
		name string
		ids  []string
	}{{"coupons", b.Coupons}, {"segments", b.Segments}, {"groups", b.Groups}} {
		for i, id := range l.ids {
			f := fmt.Sprintf("%s: %s[%d]", field, l.name, i)
			if err := checkID(f, id); err != nil {
				return err
			}
			if j := slices.Index(l.ids[:i], id); j >= 0 {
				return fieldErr(f, "%q is also %s[%d]", id, l.name, j)
			}
		}
	}
	return nil
}

// PresaleOpens returns when a pre-sale that opens to the public at
// publicStart opens to the tier: EarlyAccess before it.
func (b Benefits) PresaleOpens(publicStart time.Time) time.Time {
	return publicStart.Add(-b.EarlyAccess)
}

// MayJoin reports whether the tier may join the group family with the
// given ID.
func (b Benefits) MayJoin(family string) bool { return slices.Contains(b.Groups, family) }

// HasCoupon reports whether the tier's members receive the coupon offer
// with the given ID.
func (b Benefits) HasCoupon(id string) bool { return slices.Contains(b.Coupons, id) }

// Buyer returns the buyer context [pricing.Price] takes for a member of
// the tier: the member's ID, the tier's ID (which [pricing.MemberPrice]
// offers for the tier match) and the tier's segments (which gated
// [pricing.Coupon] offers ask for). Uses are left empty for the caller.
func (t Tier) Buyer(member string) pricing.Buyer {
	return pricing.Buyer{ID: member, Tier: t.ID, Segments: slices.Clone(t.Benefits.Segments)}
}

// MemberPrice returns the tier's member price as a [pricing.MemberPrice]
// offer with the given terms: the discount off the given scope, or the
// price list (the scope must then be empty). A tier with neither, or an
// offer that pricing would refuse, is an error wrapping
// [commerce.ErrInvalid].
func (t Tier) MemberPrice(terms pricing.Terms, scope pricing.Scope) (pricing.MemberPrice, error) {
	mp := pricing.MemberPrice{Terms: terms, Tier: t.ID}
	switch {
	case !t.Benefits.Discount.IsZero():
		mp.Scope, mp.Off = scope, t.Benefits.Discount
	case len(t.Benefits.Prices) > 0:
		if scope.All || len(scope.SKUs)+len(scope.Products)+len(scope.Categories) > 0 {
			return pricing.MemberPrice{}, fieldErr(fmt.Sprintf("tier %q: member price: scope", t.ID), "a price list takes no scope")
		}
		mp.Prices = slices.Clone(t.Benefits.Prices)
	default:
		return pricing.MemberPrice{}, fieldErr(fmt.Sprintf("tier %q: member price", t.ID), "the tier has no discount or price list")
	}
	if err := mp.Validate(); err != nil {
		return pricing.MemberPrice{}, fmt.Errorf("groupchat: tier %q: %w", t.ID, err)
	}
	return mp, nil
}
