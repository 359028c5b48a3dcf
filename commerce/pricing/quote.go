package pricing

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// DefaultLimit is the search's work limit when [Request.Limit] is zero:
// about 131,000 line visits, a few milliseconds on one server core. Carts of
// live-commerce size (20 lines, a dozen offers) finish far below it.
const DefaultLimit = 1 << 17

// MaxOffers is the most offers one request may carry.
const MaxOffers = 256

// maxTotal bounds a cart's list total (10^15 minor units, ¥10 trillion), so
// every sum the search forms stays far from the int64 limit.
const maxTotal = 1_000_000_000_000_000

// Request is everything a quote depends on. The same Request always gives
// the same Quote, byte for byte, whatever the order of its items and offers.
type Request struct {
	// Cart is what is being priced.
	Cart Cart
	// Offers are the offers that might apply; the quote decides which do.
	Offers []Offer
	// Buyer is who is buying: tier, segments and earlier uses.
	Buyer Buyer
	// Now is the instant the offers' windows are evaluated at.
	Now time.Time
	// Rounding rounds every rate-based discount (percentages, 满折, rate
	// coupons); it is required.
	Rounding commerce.RoundingMode
	// Catalogue, when set, must know every SKU the cart and the offers name.
	Catalogue *commerce.Catalogue
	// Limit bounds the search's work, in line visits; 0 means DefaultLimit.
	// Beyond it the quote is the best combination found, with Exact false.
	Limit int
}

// Reason says why an offer did not apply. Each unapplied offer carries one.
type Reason uint8

// The reasons, from the offer's own conditions to the combination's.
const (
	// OutsideWindow: now is not in the offer's window.
	OutsideWindow Reason = iota + 1
	// LimitReached: the buyer has used the offer as often as allowed.
	LimitReached
	// NotInSegment: the coupon is for a segment the buyer is not in.
	NotInSegment
	// NotForTier: the member price is for another tier.
	NotForTier
	// NothingInScope: no cart line is in the offer's scope.
	NothingInScope
	// TooFewUnits: the cart lacks the units to form one bundle or group, or
	// to reach a ladder's first tier.
	TooFewUnits
	// BelowThreshold: the spend in scope is below the offer's minimum;
	// Unapplied.Short says by how much.
	BelowThreshold
	// OverBudget: the discount would exceed the offer's remaining budget.
	OverBudget
	// Excluded: an applied offer excludes it (same group, an excluded
	// stage, or a second coupon from one funding source); Unapplied.By
	// names that offer.
	Excluded
	// NotBetter: it could apply, but the best combination is cheaper or as
	// cheap without it.
	NotBetter
	numReasons
)

var reasonCodes = [numReasons]string{"", "outside_window", "limit_reached", "not_in_segment", "not_for_tier",
	"nothing_in_scope", "too_few_units", "below_threshold", "over_budget", "excluded", "not_better"}

// String returns the reason's machine-readable code, such as
// "below_threshold".
func (r Reason) String() string {
	if r > 0 && r < numReasons {
		return reasonCodes[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// MarshalText returns the reason's code.
func (r Reason) MarshalText() ([]byte, error) {
	if r == 0 || r >= numReasons {
		return nil, invalidf("reason", "unknown %d", uint8(r))
	}
	return []byte(reasonCodes[r]), nil
}

// Applied is an offer the quote applied, with what it took off and what it
// took it off.
type Applied struct {
	// Offer is the offer's ID.
	Offer string
	// Stage and Funding are the offer's.
	Stage   Stage
	Funding Funding
	// Amount is the discount, the sum of the offer's shares over the lines.
	Amount commerce.Money
	// Base is what the discount was computed on: for a product-level
	// offer, the list value of the units it priced; for an order-level
	// offer or a coupon, the spend in its scope that the earlier stages
	// left.
	Base commerce.Money
	// Units is the number of units the offer priced or, for an order-level
	// offer or coupon, the units in its scope.
	Units int64
	// Times is how many bundles or groups a bundle, N-for-price or buy X
	// get Y formed; 1 for the other kinds.
	Times int64
	// Tier is the ladder or threshold tier reached, counted from 1; 0 for
	// offers without tiers and for repeating thresholds.
	Tier int
}

// Unapplied is an offer the quote did not apply, and why.
type Unapplied struct {
	// Offer is the offer's ID.
	Offer string
	// Reason is why it did not apply.
	Reason Reason
	// Short is, for BelowThreshold, how much more spend in scope reaches
	// the offer's first tier or minimum: "spend ¥3.50 more".
	Short commerce.Money
	// By is, for Excluded, the applied offer that excludes it.
	By string
}

// FreeItem is a gift the order earned.
type FreeItem struct {
	// Offer is the gift offer's ID.
	Offer string
	// SKU and Quantity are the free units.
	SKU      string
	Quantity int64
}

// Share is one offer's part of a discount.
type Share struct {
	// Offer is the offer's ID; Stage and Funding are its.
	Offer   string
	Stage   Stage
	Funding Funding
	// Amount is the offer's part.
	Amount commerce.Money
}

// Quote is the price of a cart under the best combination of offers, with
// its explanation and its allocation to lines, units and funding sources.
type Quote struct {
	// List is the cart at list prices; Discount what the offers take off;
	// Payable what the buyer pays. Payable = List − Discount.
	List, Discount, Payable commerce.Money
	// Exact reports that no combination is cheaper: the search finished
	// within its limit.
	Exact bool
	// Bound is a lower bound on the payable of any combination; it equals
	// Payable when Exact.
	Bound commerce.Money
	// NextBest is the payable of the cheapest combination whose set of
	// applied offers differs from this one's; the zero Money when there is
	// none. When Exact is false it is the best such payable found.
	NextBest commerce.Money
	// Applied are the applied offers in the order they apply: grouping
	// offers (bundles, N-for-price, buy X get Y), per-unit offers,
	// thresholds, gifts, coupons; within each, by priority (higher first),
	// then ID.
	Applied []Applied
	// Unapplied are the other offers, by ID, each with its reason.
	Unapplied []Unapplied
	// Gifts are the free units earned, in the order of Applied.
	Gifts []FreeItem
	// Lines are the cart's lines by SKU, each with its discount by offer.
	Lines []Line

	ledger *ledger
}

// Funded returns the part of the discount funding source f pays.
func (q Quote) Funded(f Funding) commerce.Money {
	sum := commerce.Zero(q.List.Currency())
	for _, a := range q.Applied {
		if a.Funding == f {
			sum, _ = sum.Add(a.Amount) // every amount is part of the discount: no overflow
		}
	}
	return sum
}
