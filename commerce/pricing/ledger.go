package pricing

import (
	"fmt"
	"math/bits"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Line is one cart line of a quote: its list value, its discount by offer
// and what its units pay.
//
// The line's discount is spread over its units so that they differ by at
// most one minor unit: the first k units carry ⌊D·k/Quantity⌋ of the
// discount D, so the odd minor units fall evenly through the line (4 cents
// over 3 units is 1, 1, 2 cents). Within that, the offers' shares are laid
// end to end in the order of Shares. [Line.Units] reads any run of units
// from this ledger without expanding it, and refunds draw on it.
type Line struct {
	// SKU and Quantity are the cart item's; UnitPrice its list price.
	SKU       string
	Quantity  int64
	UnitPrice commerce.Money
	// List = UnitPrice × Quantity; Payable = List − Discount, never
	// negative.
	List, Discount, Payable commerce.Money
	// Shares are the line's discount by offer, in the order the offers
	// apply; they sum to Discount.
	Shares []Share
}

// Units is a run of a line's units, [From, To), read from the ledger.
type Units struct {
	// From and To delimit the run: units From to To−1, counted from 0.
	From, To int64
	// List, Discount and Payable are the run's; Payable = List − Discount.
	List, Discount, Payable commerce.Money
	// Shares are the run's discount by offer, summing to Discount.
	Shares []Share
}

// Units returns the run of units [from, to) of the line. Runs that tile the
// line sum exactly to it, share by share.
func (l Line) Units(from, to int64) (Units, error) {
	if from < 0 || to > l.Quantity || from > to {
		return Units{}, invalidf(fmt.Sprintf("line %q: units", l.SKU), "want a run within 0..%d, got [%d, %d)", l.Quantity, from, to)
	}
	d := l.Discount.Units()
	if d < 0 || d > l.List.Units() {
		return Units{}, invalidf(fmt.Sprintf("line %q: discount", l.SKU), "%v is outside 0..%v", l.Discount, l.List)
	}
	list, err := l.UnitPrice.MulInt(to - from)
	if err != nil {
		return Units{}, err
	}
	u := Units{From: from, To: to}
	lo, hi := cumulative(d, from, l.Quantity), cumulative(d, to, l.Quantity)
	cur := l.List.Currency()
	u.List = amount(list.Units(), cur)
	u.Discount = amount(hi-lo, cur)
	u.Payable = amount(u.List.Units()-(hi-lo), cur)
	var at int64
	for _, sh := range l.Shares {
		a, b := at, at+sh.Amount.Units()
		at = b
		if x := min(b, hi) - max(a, lo); x > 0 {
			sh.Amount = amount(x, cur)
			u.Shares = append(u.Shares, sh)
		}
	}
	return u, nil
}

// cumulative is ⌊d·k/q⌋, the discount the first k of q units carry, in 128
// bits.
func cumulative(d, k, q int64) int64 {
	if q == 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(d), uint64(k))
	v, _ := bits.Div64(hi, lo, uint64(q)) // k ≤ q, so the quotient ≤ d
	return int64(v)
}

// ledger is the part of a quote refunds draw on: the request, and the
// lines as the quote priced them, safe from changes to the Quote's
// exported slices and to the request's item, offer and buyer slices. (The
// slices inside offers, such as scopes, are shared with the caller's
// offers, which must not change while their quotes are in use.)
type ledger struct {
	req   Request
	p     *problem
	lines []Line
}

// amount is units of cur as Money; the search's amounts are all in the
// cart's valid currency.
func amount(units int64, cur commerce.Currency) commerce.Money {
	m, _ := commerce.NewMoney(units, cur)
	return m
}
