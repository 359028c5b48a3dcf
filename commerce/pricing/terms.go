package pricing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Stage is the step of pricing an offer belongs to. Stages apply in order:
// order-level offers and coupons apply to what product-level offers left.
type Stage uint8

// The stages. The zero value is not a stage.
const (
	// ProductStage offers price units: bundles, N-for-price, buy X get Y,
	// ladder prices, percentage off and member prices. At most one
	// product-level offer prices a unit.
	ProductStage Stage = iota + 1
	// OrderStage offers apply to the order after product-level offers:
	// threshold discounts (满减, 满折) and gifts.
	OrderStage
	// CouponStage offers are coupons, applied last, at most one per funding
	// source.
	CouponStage
	numStages
)

var stageNames = [numStages]string{"", "product", "order", "coupon"}

// String returns "product", "order" or "coupon".
func (s Stage) String() string {
	if s > 0 && s < numStages {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// Funding is who pays for a discount.
type Funding uint8

// The funding sources. The zero value is not a source.
const (
	// Shop is the merchant.
	Shop Funding = iota + 1
	// Platform is the platform (Xiaohongshu, Douyin, WeChat).
	Platform
	// Creator is the creator or host whose showcase or live sells the item.
	Creator
	// Brand is the brand, when it is not the merchant.
	Brand
	numFundings
)

var fundingNames = [numFundings]string{"", "shop", "platform", "creator", "brand"}

// String returns "shop", "platform", "creator" or "brand".
func (f Funding) String() string {
	if f > 0 && f < numFundings {
		return fundingNames[f]
	}
	return fmt.Sprintf("Funding(%d)", uint8(f))
}

// Window is the half-open time interval [From, To) in which an offer is
// valid, evaluated at the now a quote is given. A zero end is open: the zero
// Window is always valid.
type Window struct {
	// From is the first instant the offer is valid; zero means no start.
	From time.Time
	// To is the first instant it is no longer valid; zero means no end.
	To time.Time
}

// Contains reports whether the offer is valid at t.
func (w Window) Contains(t time.Time) bool {
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// Terms are the conditions every offer carries, whatever its kind.
type Terms struct {
	// ID identifies the offer; it is required and unique within a quote.
	ID string
	// Name is the offer's display name, such as "618 bundle".
	Name string
	// Window is when the offer is valid; the zero Window is always.
	Window Window
	// Group names an exclusivity group: at most one offer of a group
	// applies to an order. Empty means no group.
	Group string
	// Excludes lists the stages whose offers this one does not combine
	// with, such as []Stage{CouponStage} for "not with coupons". Empty
	// means it combines with every stage.
	Excludes []Stage
	// Funding is who pays for the discount; it is required.
	Funding Funding
	// PerBuyerLimit is how many times one buyer may use the offer; 0 means
	// no limit.
	PerBuyerLimit int
	// Budget is what is left of the offer's budget; the zero Money means no
	// budget. It must not be negative.
	Budget commerce.Money
	// Priority orders offers for the greedy baseline and breaks ties:
	// higher first, then ID.
	Priority int
	// AllowFree lets the offer bring the order's payable to zero. Without
	// it an order-level offer or coupon leaves at least one minor unit to
	// pay, and product-level offers may not make the whole order free.
	AllowFree bool
}

// terms lets every offer kind expose its Terms through the Offer interface.
func (t Terms) terms() Terms { return t }

// validate checks the common conditions; field paths start with prefix.
func (t Terms) validate(prefix string) error {
	if err := checkID(prefix+": id", t.ID); err != nil {
		return err
	}
	p := fmt.Sprintf("%s %q", prefix, t.ID)
	switch {
	case !t.Window.From.IsZero() && !t.Window.To.IsZero() && !t.Window.From.Before(t.Window.To):
		return invalidf(p+": window", "from %s is not before to %s",
			t.Window.From.Format(time.RFC3339), t.Window.To.Format(time.RFC3339))
	case t.Funding == 0 || t.Funding >= numFundings:
		return invalidf(p+": funding", "want shop, platform, creator or brand, got %v", t.Funding)
	case t.PerBuyerLimit < 0:
		return invalidf(p+": per-buyer limit", "negative: %d", t.PerBuyerLimit)
	case t.Budget.IsNegative():
		return invalidf(p+": budget", "negative: %v", t.Budget)
	}
	for i, s := range t.Excludes {
		field := fmt.Sprintf("%s: excludes[%d]", p, i)
		if s == 0 || s >= numStages {
			return invalidf(field, "unknown %v", s)
		}
		if slices.Contains(t.Excludes[:i], s) {
			return invalidf(field, "duplicate %v", s)
		}
	}
	return nil
}

// Scope selects cart lines: by SKU, by product, by category, or all. A line
// is in scope when any list names it; a category matches itself and the
// categories below it ("beauty/tools" matches "beauty/tools/sponges").
type Scope struct {
	// All selects every line; the lists must then be empty.
	All bool
	// SKUs, Products and Categories name what the scope selects.
	SKUs, Products, Categories []string
}

// AllItems is the scope of every line.
func AllItems() Scope { return Scope{All: true} }

// SKUs returns the scope of the given SKUs.
func SKUs(ids ...string) Scope { return Scope{SKUs: ids} }

// Validate checks that the scope selects something, one way: all, or
// non-empty, distinct, well-formed IDs.
func (s Scope) Validate() error {
	lists := [...]struct {
		name string
		ids  []string
	}{{"skus", s.SKUs}, {"products", s.Products}, {"categories", s.Categories}}
	empty := true
	for _, l := range lists {
		for i, id := range l.ids {
			field := fmt.Sprintf("scope: %s[%d]", l.name, i)
			if err := checkID(field, id); err != nil {
				return err
			}
			if slices.Contains(l.ids[:i], id) {
				return invalidf(field, "duplicate %q", id)
			}
			empty = false
		}
	}
	switch {
	case s.All && !empty:
		return invalid("scope", "all items and a list of items at once")
	case !s.All && empty:
		return invalid("scope", "selects nothing")
	}
	return nil
}

// Contains reports whether a line of the given SKU, product and category is
// in the scope.
func (s Scope) Contains(sku, product, category string) bool {
	if s.All || slices.Contains(s.SKUs, sku) || slices.Contains(s.Products, product) {
		return true
	}
	for _, c := range s.Categories {
		if category == c || strings.HasPrefix(category, c) && strings.HasPrefix(category[len(c):], "/") {
			return true
		}
	}
	return false
}

// checkID rejects an ID that breaks the library's rule for identifiers.
func checkID(field, id string) error {
	if p := ident.Problem(id); p != "" {
		return invalid(field, p)
	}
	return nil
}

func invalid(field, reason string) error {
	return &commerce.FieldError{Field: field, Reason: reason}
}

func invalidf(field, format string, args ...any) error {
	return &commerce.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
