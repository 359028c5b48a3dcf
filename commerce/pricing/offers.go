package pricing

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Offer is one promotion. The kinds are the types of this package that embed
// [Terms]: [Bundle], [MultiBuy], [BuyXGetY], [Ladder], [PercentOff],
// [MemberPrice], [Threshold], [Gift] and [Coupon]. The interface is sealed:
// other packages cannot add kinds. Pass offers as values: pointers to them
// satisfy the interface too, and [Price] refuses them.
type Offer interface {
	// Stage is the pricing step the offer belongs to.
	Stage() Stage
	// Validate reports the first malformed field as a *commerce.FieldError
	// whose path starts with the offer's kind and ID.
	Validate() error
	terms() Terms
}

// TermsOf returns an offer's common terms.
func TermsOf(o Offer) Terms { return o.terms() }

// Pick says which units of a scope an offer takes when it can take some but
// not all.
type Pick uint8

// The picks. The zero value is not a pick: offers that choose units declare
// which.
const (
	// Cheapest takes the cheapest units first (the usual N-for-price rule).
	Cheapest Pick = iota + 1
	// Dearest takes the most expensive units first.
	Dearest
)

// String returns "cheapest", "dearest" or "Pick(n)".
func (p Pick) String() string {
	switch p {
	case Cheapest:
		return "cheapest"
	case Dearest:
		return "dearest"
	}
	return fmt.Sprintf("Pick(%d)", uint8(p))
}

// BundleItem is one component of a bundle: Quantity units from Scope.
type BundleItem struct {
	// Scope selects the units that can fill the component.
	Scope Scope
	// Quantity is the number of units the component needs, at least 1.
	Quantity int64
}

// Bundle sells a fixed set of units for a fixed price: "sponge + brush for
// ¥49", repeatable.
type Bundle struct {
	Terms
	// Items are the bundle's components; together at least two units.
	Items []BundleItem
	// Price is what one complete bundle costs.
	Price commerce.Money
	// Repeat is how many bundles one order may form; 0 means no limit.
	Repeat int
}

// Stage returns ProductStage.
func (Bundle) Stage() Stage { return ProductStage }

// Validate checks the terms, the components and the price.
func (b Bundle) Validate() error {
	if err := b.validate("bundle"); err != nil {
		return err
	}
	p := fmt.Sprintf("bundle %q", b.ID)
	if len(b.Items) == 0 {
		return invalid(p+": items", "no items")
	}
	var units int64
	for i, it := range b.Items {
		field := fmt.Sprintf("%s: items[%d]", p, i)
		if err := it.Scope.Validate(); err != nil {
			return within(field, err)
		}
		if it.Quantity <= 0 || it.Quantity > maxQuantity {
			return invalidf(field+": quantity", "want 1 to %d, got %d", maxQuantity, it.Quantity)
		}
		units += min(it.Quantity, 2) // only "at least two" matters
	}
	if units < 2 {
		return invalid(p+": items", "a bundle needs at least two units")
	}
	if err := checkPrice(p+": price", b.Price); err != nil {
		return err
	}
	return checkRepeat(p, b.Repeat)
}

// MultiBuy sells N units of a scope for a fixed price: "3 for ¥99",
// repeatable. Pick says which units join when the cart holds more than a
// multiple of N.
type MultiBuy struct {
	Terms
	// Scope selects the units that count.
	Scope Scope
	// Quantity is N, at least 2.
	Quantity int64
	// Price is what N units cost together.
	Price commerce.Money
	// Pick declares which units join a group.
	Pick Pick
	// Repeat is how many groups one order may form; 0 means no limit.
	Repeat int
}

// Stage returns ProductStage.
func (MultiBuy) Stage() Stage { return ProductStage }

// Validate checks the terms, the scope, N, the price and the pick.
func (m MultiBuy) Validate() error {
	if err := m.validate("multi-buy"); err != nil {
		return err
	}
	p := fmt.Sprintf("multi-buy %q", m.ID)
	if err := m.Scope.Validate(); err != nil {
		return within(p, err)
	}
	if m.Quantity < 2 || m.Quantity > maxQuantity {
		return invalidf(p+": quantity", "want 2 to %d, got %d", maxQuantity, m.Quantity)
	}
	if err := checkPrice(p+": price", m.Price); err != nil {
		return err
	}
	if err := checkPick(p, m.Pick); err != nil {
		return err
	}
	return checkRepeat(p, m.Repeat)
}

// BuyXGetY discounts Get units of one scope for every Buy units of another:
// "buy 2 get 1 free", or the second at 50% off.
type BuyXGetY struct {
	Terms
	// Buy selects the units that must be bought, BuyQuantity of them.
	Buy         Scope
	BuyQuantity int64
	// Get selects the discounted units, GetQuantity of them per group. The
	// scopes may overlap (buy 2 get 1 of the same SKU).
	Get         Scope
	GetQuantity int64
	// Off is the discount on each Get unit, above 0% and at most 100%
	// (free).
	Off commerce.Rate
	// Pick declares which Get units are discounted when more qualify:
	// usually the cheapest.
	Pick Pick
	// Repeat is how many groups one order may form; 0 means no limit.
	Repeat int
	// MaxQuantity caps the discounted units in one order; 0 means no cap.
	MaxQuantity int64
}

// Stage returns ProductStage.
func (BuyXGetY) Stage() Stage { return ProductStage }

// Validate checks the terms, both scopes and quantities, the rate, the pick
// and the limits.
func (b BuyXGetY) Validate() error {
	if err := b.validate("buy x get y"); err != nil {
		return err
	}
	p := fmt.Sprintf("buy x get y %q", b.ID)
	if err := b.Buy.Validate(); err != nil {
		return within(p+": buy", err)
	}
	if err := b.Get.Validate(); err != nil {
		return within(p+": get", err)
	}
	switch {
	case b.BuyQuantity <= 0 || b.BuyQuantity > maxQuantity:
		return invalidf(p+": buy quantity", "want 1 to %d, got %d", maxQuantity, b.BuyQuantity)
	case b.GetQuantity <= 0 || b.GetQuantity > maxQuantity:
		return invalidf(p+": get quantity", "want 1 to %d, got %d", maxQuantity, b.GetQuantity)
	case b.MaxQuantity < 0:
		return invalidf(p+": max quantity", "negative: %d", b.MaxQuantity)
	}
	if err := checkOff(p+": off", b.Off); err != nil {
		return err
	}
	if err := checkPick(p, b.Pick); err != nil {
		return err
	}
	return checkRepeat(p, b.Repeat)
}

// LadderTier is one step of a ladder: from MinQuantity units of the scope on,
// each unit costs UnitPrice, or Off less than its list price. Set exactly one
// of the two; all tiers of a ladder use the same one.
type LadderTier struct {
	// MinQuantity is the number of units from which the tier applies.
	MinQuantity int64
	// UnitPrice is the price of each unit at this tier.
	UnitPrice commerce.Money
	// Off is the discount on each unit's list price at this tier.
	Off commerce.Rate
}

// Ladder prices units by how many of a scope the order holds: "2 for ¥18
// each, 5 or more for ¥15 each" (阶梯价).
type Ladder struct {
	Terms
	// Scope selects the units that count and are priced.
	Scope Scope
	// Tiers ascend strictly by MinQuantity, and a later tier is never
	// worse for the buyer than an earlier one.
	Tiers []LadderTier
}

// Stage returns ProductStage.
func (Ladder) Stage() Stage { return ProductStage }

// Validate checks the terms, the scope and the tiers' order and kind.
func (l Ladder) Validate() error {
	if err := l.validate("ladder"); err != nil {
		return err
	}
	p := fmt.Sprintf("ladder %q", l.ID)
	if err := l.Scope.Validate(); err != nil {
		return within(p, err)
	}
	if len(l.Tiers) == 0 {
		return invalid(p+": tiers", "no tiers")
	}
	byPrice := l.Tiers[0].UnitPrice.Currency().Valid()
	for i, t := range l.Tiers {
		field := fmt.Sprintf("%s: tiers[%d]", p, i)
		if t.MinQuantity < 1 {
			return invalidf(field+": min quantity", "must be positive, got %d", t.MinQuantity)
		}
		if t.UnitPrice.Currency().Valid() != byPrice || byPrice == !t.Off.IsZero() {
			return invalid(field, "set a unit price or a rate off, the same for every tier")
		}
		if byPrice {
			if err := checkPrice(field+": unit price", t.UnitPrice); err != nil {
				return err
			}
		} else if err := checkOff(field+": off", t.Off); err != nil {
			return err
		}
		if i == 0 {
			continue
		}
		prev := l.Tiers[i-1]
		if t.MinQuantity <= prev.MinQuantity {
			return invalidf(field+": min quantity", "tiers out of order: %d after %d", t.MinQuantity, prev.MinQuantity)
		}
		if worse, err := worseTier(byPrice, prev, t); err != nil {
			return within(field+": unit price", err)
		} else if worse {
			return invalid(field, "a tier for more units is worse for the buyer than the one before")
		}
	}
	return nil
}

func worseTier(byPrice bool, prev, t LadderTier) (bool, error) {
	if !byPrice {
		return t.Off.Cmp(prev.Off) < 0, nil
	}
	c, err := t.UnitPrice.Cmp(prev.UnitPrice)
	return c > 0, err
}

// PercentOff takes a rate off every unit of a scope: "20% off all brushes".
type PercentOff struct {
	Terms
	// Scope selects the discounted units.
	Scope Scope
	// Off is the discount, above 0% and at most 100%.
	Off commerce.Rate
}

// Stage returns ProductStage.
func (PercentOff) Stage() Stage { return ProductStage }

// Validate checks the terms, the scope and the rate.
func (o PercentOff) Validate() error {
	if err := o.validate("percent off"); err != nil {
		return err
	}
	p := fmt.Sprintf("percent off %q", o.ID)
	if err := o.Scope.Validate(); err != nil {
		return within(p, err)
	}
	return checkOff(p+": off", o.Off)
}

// SKUPrice is a fixed price for one SKU.
type SKUPrice struct {
	// SKU is the SKU's ID.
	SKU string
	// Price is its price per unit.
	Price commerce.Money
}

// MemberPrice gives members of a tier their price (会员价): a rate off a
// scope, or a price list by SKU. The buyer's tier comes with the quote's
// buyer context (from groupchat).
type MemberPrice struct {
	Terms
	// Tier is the membership tier the price is for; it is required.
	Tier string
	// Scope and Off give a rate off the scope's units. Leave both empty
	// when Prices is set.
	Scope Scope
	Off   commerce.Rate
	// Prices is a member price list, one entry per SKU.
	Prices []SKUPrice
}

// Stage returns ProductStage.
func (MemberPrice) Stage() Stage { return ProductStage }

// Validate checks the terms, the tier, and either the rate and scope or the
// price list.
func (m MemberPrice) Validate() error {
	if err := m.validate("member price"); err != nil {
		return err
	}
	p := fmt.Sprintf("member price %q", m.ID)
	if err := checkID(p+": tier", m.Tier); err != nil {
		return err
	}
	if len(m.Prices) == 0 {
		if err := m.Scope.Validate(); err != nil {
			return within(p, err)
		}
		return checkOff(p+": off", m.Off)
	}
	if !m.Off.IsZero() || m.Scope.All || len(m.Scope.SKUs)+len(m.Scope.Products)+len(m.Scope.Categories) > 0 {
		return invalid(p, "set a rate off a scope or a price list, not both")
	}
	for i, sp := range m.Prices {
		field := fmt.Sprintf("%s: prices[%d]", p, i)
		if err := checkID(field+": sku", sp.SKU); err != nil {
			return err
		}
		for _, prev := range m.Prices[:i] {
			if prev.SKU == sp.SKU {
				return invalidf(field+": sku", "duplicate %q", sp.SKU)
			}
		}
		if err := checkPrice(field+": price", sp.Price); err != nil {
			return err
		}
		if c := sp.Price.Currency(); c != m.Prices[0].Price.Currency() {
			return &commerce.FieldError{Field: field + ": price", Reason: "mixed currencies",
				Err: &commerce.MismatchError{A: m.Prices[0].Price.Currency(), B: c}}
		}
	}
	return nil
}

// checkPrice requires a non-negative amount with a currency.
func checkPrice(field string, m commerce.Money) error {
	if !m.Currency().Valid() {
		return &commerce.FieldError{Field: field, Reason: "no currency", Err: commerce.ErrUnknownCurrency}
	}
	if m.IsNegative() {
		return invalidf(field, "negative: %v", m)
	}
	return nil
}

// checkOff requires a rate above 0% and at most 100%.
func checkOff(field string, r commerce.Rate) error {
	if r.Cmp(commerce.Rate{}) <= 0 || r.Cmp(commerce.Percent(100)) > 0 {
		return invalidf(field, "want above 0%% and at most 100%%, got %v", r)
	}
	return nil
}

func checkPick(prefix string, p Pick) error {
	if p != Cheapest && p != Dearest {
		return invalidf(prefix+": pick", "want cheapest or dearest, got %v", p)
	}
	return nil
}

func checkRepeat(prefix string, n int) error {
	if n < 0 {
		return invalidf(prefix+": repeat", "negative: %d", n)
	}
	return nil
}

// within prefixes a *commerce.FieldError's path with parent.
func within(parent string, err error) error {
	if fe, ok := err.(*commerce.FieldError); ok {
		return &commerce.FieldError{Field: parent + ": " + fe.Field, Reason: fe.Reason, Err: fe.Err}
	}
	return &commerce.FieldError{Field: parent, Err: err}
}
