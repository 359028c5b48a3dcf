package commerce

import (
	"fmt"
	"math/bits"
	"slices"
	"time"
)

// AfterSalesKind is the kind of an after-sales refund.
type AfterSalesKind uint8

// The after-sales kinds. The zero value is not a kind.
const (
	// RefundOnly (仅退款) refunds units the buyer keeps or never received.
	// It is allowed from payment on.
	RefundOnly AfterSalesKind = iota + 1
	// ReturnAndRefund (退货退款) refunds units the buyer sends back. It
	// needs a delivered order.
	ReturnAndRefund
	// Cancellation is the refund [Order.Cancel] records for a paid order.
	// It cannot be requested through [Order.Refund].
	Cancellation
)

// String returns "refund only", "return and refund", "cancellation" or
// "AfterSalesKind(n)".
func (k AfterSalesKind) String() string {
	switch k {
	case RefundOnly:
		return "refund only"
	case ReturnAndRefund:
		return "return and refund"
	case Cancellation:
		return "cancellation"
	}
	return fmt.Sprintf("AfterSalesKind(%d)", uint8(k))
}

// ReturnItem asks for Quantity units of the order line at index Line.
type ReturnItem struct {
	// Line is the index of the line in the order, from 0.
	Line int
	// Quantity is the number of units, at least 1.
	Quantity int64
}

// AfterSalesRequest is a buyer's after-sales request: a kind and the units,
// by line and quantity.
type AfterSalesRequest struct {
	// Kind is RefundOnly or ReturnAndRefund.
	Kind AfterSalesKind
	// Items name each line at most once.
	Items []ReturnItem
}

// AfterSalesPolicy is the seller's after-sales terms.
type AfterSalesPolicy struct {
	// Window is how long after delivery a request is accepted: a request at
	// t is inside when t < DeliveredAt + Window. Before delivery, refund-only
	// requests need no window. It must be positive.
	Window time.Duration
	// Rounding rounds each refund's proportional share of a line's paid
	// amount; see [Order.Refund]. It is required.
	Rounding RoundingMode
}

// SevenDayReturns returns the common policy: 7-day no-reason returns
// (七天无理由退货), counted as 7 × 24 hours from delivery, with refunds
// rounded [HalfUp].
func SevenDayReturns() AfterSalesPolicy {
	return AfterSalesPolicy{Window: 7 * 24 * time.Hour, Rounding: HalfUp}
}

// Validate checks that the window is positive and the rounding mode defined.
func (p AfterSalesPolicy) Validate() error {
	if p.Window <= 0 {
		return invalidf("after-sales policy: window", "must be positive, got %v", p.Window)
	}
	if !p.Rounding.Valid() {
		return &FieldError{Field: "after-sales policy: rounding", Reason: p.Rounding.String(), Err: ErrRoundingMode}
	}
	return nil
}

// Refund is one refund recorded on an order.
type Refund struct {
	// At is when the refund was made.
	At time.Time
	// Kind is the after-sales kind, or Cancellation.
	Kind AfterSalesKind
	// Items are the refund's parts, one per line, in request order.
	Items []RefundItem
	// Amount is Σ Items[i].Amount.
	Amount Money
}

// Equal reports whether r and s record the same refund.
func (r Refund) Equal(s Refund) bool {
	return r.At.Equal(s.At) && r.Kind == s.Kind && r.Amount == s.Amount && slices.Equal(r.Items, s.Items)
}

// RefundItem is the part of a refund on one line.
type RefundItem struct {
	// Line is the index of the line in the order, from 0.
	Line int
	// Quantity is the number of units refunded.
	Quantity int64
	// Amount is what they refund.
	Amount Money
}

// Remaining returns, for every line with units not yet refunded, a
// [ReturnItem] for all of them: the request for a full refund.
func (o Order) Remaining() []ReturnItem {
	var items []ReturnItem
	for i, l := range o.det().lines {
		if left := l.Quantity - l.RefundedQuantity; left > 0 {
			items = append(items, ReturnItem{Line: i, Quantity: left})
		}
	}
	return items
}

// Refund applies an after-sales request under policy p at time at, and
// returns the order with the refund recorded and the refund itself.
//
// The order must be paid, shipped, delivered or completed; return-and-refund
// needs delivery. After delivery the request must fall inside p's window
// ([ErrAfterSalesClosed]). Each item names a line once, with a positive
// quantity no larger than the units not yet refunded on it
// ([ErrRefundExceedsPaid]).
//
// Amounts come from each line's paid amount P over its quantity Q. A refund
// that brings the line to u of its Q units refunded pays round(P·u/Q,
// p.Rounding) less what the line has refunded so far (never below zero,
// never above what remains), and the refund of the last unit pays exactly
// what remains. So any sequence of partial refunds sums exactly to what was
// paid for the units refunded, refunding every unit refunds exactly P, and
// with one rounding mode across a line's refunds each is within one minor
// unit of its exact share (mixing modes keeps the sums exact, not that
// bound). A ¥10.00 line of three units refunded 1 then 2 units returns
// ¥3.33 then ¥6.67.
func (o Order) Refund(req AfterSalesRequest, p AfterSalesPolicy, at time.Time) (Order, Refund, error) {
	if err := p.Validate(); err != nil {
		return o, Refund{}, err
	}
	switch req.Kind {
	case RefundOnly:
		if err := o.step("refund", at, Paid, Shipped, Delivered, Completed); err != nil {
			return o, Refund{}, err
		}
	case ReturnAndRefund:
		if err := o.step("return and refund", at, Delivered, Completed); err != nil {
			return o, Refund{}, err
		}
	default:
		return o, Refund{}, invalidf(fmt.Sprintf("order %q: after-sales kind", o.det().id), "cannot request %v", req.Kind)
	}
	if delivered := o.d.deliveredAt; !delivered.IsZero() && !at.Before(delivered.Add(p.Window)) {
		return o, Refund{}, fmt.Errorf("commerce: order %q: request at %s, window ended at %s: %w",
			o.d.id, at.Format(time.RFC3339), delivered.Add(p.Window).Format(time.RFC3339), ErrAfterSalesClosed)
	}
	return o.refund(req.Kind, req.Items, p.Rounding, at)
}

func (o Order) refund(kind AfterSalesKind, items []ReturnItem, mode RoundingMode, at time.Time) (Order, Refund, error) {
	prefix := func() string { return fmt.Sprintf("order %q: after-sales", o.d.id) }
	if len(items) == 0 {
		return o, Refund{}, invalid(prefix()+": items", "no items")
	}
	lines := slices.Clone(o.d.lines)
	r := Refund{At: at, Kind: kind, Items: make([]RefundItem, 0, len(items))}
	seen := make([]bool, len(lines))
	var total int64
	for i, it := range items {
		field := func() string { return fmt.Sprintf("%s: items[%d]", prefix(), i) }
		switch {
		case it.Line < 0 || it.Line >= len(lines):
			return o, Refund{}, invalidf(field()+": line", "no line %d in an order of %d", it.Line, len(lines))
		case seen[it.Line]:
			return o, Refund{}, invalidf(field()+": line", "line %d named twice", it.Line)
		case it.Quantity <= 0:
			return o, Refund{}, invalidf(field()+": quantity", "must be positive, got %d", it.Quantity)
		}
		seen[it.Line] = true
		l := &lines[it.Line]
		if left := l.Quantity - l.RefundedQuantity; it.Quantity > left {
			return o, Refund{}, fmt.Errorf("commerce: %s: line %d: %d units asked, %d refundable: %w",
				field(), it.Line, it.Quantity, left, ErrRefundExceedsPaid)
		}
		amount := l.refundFor(it.Quantity, mode)
		l.RefundedQuantity += it.Quantity
		l.Refunded.units += amount
		total += amount // Σ ≤ order paid, which fits in int64
		r.Items = append(r.Items, RefundItem{Line: it.Line, Quantity: it.Quantity, Amount: Money{units: amount, cur: o.cur}})
	}
	r.Amount = Money{units: total, cur: o.cur}
	o.refunded, o.last = o.refunded+total, at
	d := o.edit()
	d.lines = lines
	// The history keeps its own copy of the items: the caller owns r.
	kept := r
	kept.Items = slices.Clone(r.Items)
	d.refunds = append(slices.Clip(d.refunds), kept)
	return o, r, nil
}

// refundFor returns the amount for k more refunded units of l: the
// cumulative share round(P·(u+k)/Q) less what the line has refunded so far,
// kept between zero and what remains unrefunded.
func (l OrderLine) refundFor(k int64, mode RoundingMode) int64 {
	p, q := uint64(l.Paid.units), uint64(l.Quantity)
	u := uint64(l.RefundedQuantity + k)
	remaining := l.Paid.units - l.Refunded.units
	if u == q {
		return remaining
	}
	hi, lo := bits.Mul64(p, u)
	cum, rem := bits.Div64(hi, lo, q) // P·u/Q < P: no overflow
	if mode.bump(false, cum, rem, q) {
		cum++
	}
	amount := int64(cum) - l.Refunded.units
	return min(max(amount, 0), remaining)
}
