package pricing

import (
	"fmt"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// maxQuantity bounds an item's quantity: offers work on quantities, never on
// expanded units, but a bound keeps every product of a quantity and a price
// far from the int64 limit.
const maxQuantity = 1_000_000

// Item is one line of a cart: a SKU, what it belongs to, how many units and
// the list price of one.
type Item struct {
	// SKU is the SKU's ID; it is required and appears once in a cart.
	SKU string
	// Product and Category place the SKU for offer scopes; either may be
	// empty when no offer looks at it.
	Product, Category string
	// Quantity is the number of units, from 1 to 1,000,000.
	Quantity int64
	// UnitPrice is the list price of one unit, before any offer.
	UnitPrice commerce.Money
}

// Cart is what a buyer is about to order, in one currency.
type Cart struct {
	// Items are the cart's lines; their order does not change a quote.
	Items []Item
}

// Validate checks that the cart has items, that each names a distinct SKU
// with a quantity from 1 to 1,000,000, and that every price is non-negative
// and in one currency.
func (c Cart) Validate() error {
	if len(c.Items) == 0 {
		return invalid("cart: items", "empty cart")
	}
	cur := c.Items[0].UnitPrice.Currency()
	for i, it := range c.Items {
		field := fmt.Sprintf("cart: items[%d]", i)
		if err := checkID(field+": sku", it.SKU); err != nil {
			return err
		}
		for j, prev := range c.Items[:i] {
			if prev.SKU == it.SKU {
				return invalidf(field+": sku", "%q is also items[%d]", it.SKU, j)
			}
		}
		for _, id := range [...]struct{ name, v string }{{"product", it.Product}, {"category", it.Category}} {
			if id.v != "" {
				if err := checkID(field+": "+id.name, id.v); err != nil {
					return err
				}
			}
		}
		if it.Quantity < 1 || it.Quantity > maxQuantity {
			return invalidf(field+": quantity", "want 1 to %d, got %d", maxQuantity, it.Quantity)
		}
		if err := checkPrice(field+": unit price", it.UnitPrice); err != nil {
			return err
		}
		if got := it.UnitPrice.Currency(); got != cur {
			return &commerce.FieldError{Field: field + ": unit price", Reason: "mixed currencies",
				Err: &commerce.MismatchError{A: cur, B: got}}
		}
	}
	return nil
}

// Currency returns the currency of the cart's prices.
func (c Cart) Currency() commerce.Currency {
	if len(c.Items) == 0 {
		return 0
	}
	return c.Items[0].UnitPrice.Currency()
}

// Use records how many times a buyer has used an offer before, for the
// offer's per-buyer limit.
type Use struct {
	// Offer is the offer's ID.
	Offer string
	// Count is the number of earlier uses.
	Count int
}

// Buyer is the context offers are gated on: membership tier, segments and
// earlier uses.
type Buyer struct {
	// ID identifies the buyer; it is required.
	ID string
	// Tier is the buyer's membership tier (from groupchat); empty for none.
	Tier string
	// Segments are the buyer's segments, such as "group-member" for the
	// group-join coupon.
	Segments []string
	// Uses are the buyer's earlier uses of offers with a per-buyer limit.
	Uses []Use
}

// Validate checks the buyer's ID, segments and uses.
func (b Buyer) Validate() error {
	if err := checkID("buyer: id", b.ID); err != nil {
		return err
	}
	p := fmt.Sprintf("buyer %q", b.ID)
	if b.Tier != "" {
		if err := checkID(p+": tier", b.Tier); err != nil {
			return err
		}
	}
	for i, s := range b.Segments {
		field := fmt.Sprintf("%s: segments[%d]", p, i)
		if err := checkID(field, s); err != nil {
			return err
		}
		if slices.Contains(b.Segments[:i], s) {
			return invalidf(field, "duplicate %q", s)
		}
	}
	for i, u := range b.Uses {
		field := fmt.Sprintf("%s: uses[%d]", p, i)
		if err := checkID(field+": offer", u.Offer); err != nil {
			return err
		}
		if u.Count < 0 {
			return invalidf(field+": count", "negative: %d", u.Count)
		}
		for _, prev := range b.Uses[:i] {
			if prev.Offer == u.Offer {
				return invalidf(field+": offer", "duplicate %q", u.Offer)
			}
		}
	}
	return nil
}

// InSegment reports whether the buyer is in segment s.
func (b Buyer) InSegment(s string) bool { return slices.Contains(b.Segments, s) }

// UsesOf returns how many times the buyer has used the offer with ID id.
func (b Buyer) UsesOf(id string) int {
	for _, u := range b.Uses {
		if u.Offer == id {
			return u.Count
		}
	}
	return 0
}
