package commerce

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// SourceKind is the kind of touchpoint that brought an order.
type SourceKind uint8

// The source kinds. The zero value, Direct, is an order with no attributed
// touchpoint (search, the shop page).
const (
	Direct SourceKind = iota
	// LiveSession is a live room; the source ID is the session ID.
	LiveSession
	// Note is a seeding note (笔记); the source ID is the note ID.
	Note
	// GroupChat is a group chat; the source ID is the group ID.
	GroupChat
	// ReferralLink is a member's shared link or code (分销); the source ID is
	// the link or code.
	ReferralLink
	// Showcase is a creator's showcase (橱窗); the source ID is the showcase
	// or creator ID.
	Showcase
	numSourceKinds
)

var sourceNames = [numSourceKinds]string{"direct", "live", "note", "group", "referral", "showcase"}

// String returns the kind's short name, such as "live".
func (k SourceKind) String() string {
	if k < numSourceKinds {
		return sourceNames[k]
	}
	return fmt.Sprintf("SourceKind(%d)", uint8(k))
}

// Source is the typed touchpoint that brought an order: a kind and the ID of
// the session, note, group, link or showcase. The zero value is [Direct].
type Source struct {
	// Kind is the kind of touchpoint.
	Kind SourceKind
	// ID names the session, note, group, link or showcase; it is required
	// for every kind but Direct.
	ID string
}

// Validate checks that the kind is known and that every kind but Direct
// names its touchpoint.
func (s Source) Validate() error {
	if s.Kind >= numSourceKinds {
		return invalidf("source: kind", "unknown %v", s.Kind)
	}
	if s.Kind == Direct && s.ID == "" {
		return nil
	}
	return checkID("source: id", s.ID)
}

// String returns "kind:id", or "direct".
func (s Source) String() string {
	if s.ID == "" {
		return s.Kind.String()
	}
	return s.Kind.String() + ":" + s.ID
}

// Line is one line of an order as placed: a SKU, a quantity, the unit list
// price and the amount paid for the whole line after every discount.
type Line struct {
	// SKU is the SKU's ID; it is required.
	SKU string
	// Quantity is the number of units, at least 1.
	Quantity int64
	// UnitListPrice is the price of one unit before discounts, in the
	// order's currency.
	UnitListPrice Money
	// Paid is what the buyer paid for all Quantity units of the line; it is
	// at most UnitListPrice × Quantity and not negative.
	Paid Money
}

// OrderLine is a line of an order with what has been refunded on it.
type OrderLine struct {
	Line
	// RefundedQuantity is the number of units refunded so far.
	RefundedQuantity int64
	// Refunded is the amount refunded on the line so far.
	Refunded Money
}

// Status is an order's lifecycle state.
//
//	Created ─Pay─▶ Paid ─Ship─▶ Shipped ─Deliver─▶ Delivered ─Complete─▶ Completed
//	   └──Cancel──┴──▶ Cancelled
//
// After-sales ([Order.Refund]) do not change the status; they record refunds.
type Status uint8

// The order states. The zero value is not a state; every Order built by
// [NewOrder] starts as Created.
const (
	Created Status = iota + 1
	Paid
	Shipped
	Delivered
	Completed
	Cancelled
	numStatuses
)

var statusNames = [numStatuses]string{"", "created", "paid", "shipped", "delivered", "completed", "cancelled"}

// String returns the state's name, such as "paid".
func (s Status) String() string {
	if s > 0 && s < numStatuses {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Shipment is a carrier and the tracking number it issued.
type Shipment struct {
	// Carrier is the carrier's code, such as "SF" or "ZTO": 1 to 16 ASCII
	// letters, digits, '-' or '_'.
	Carrier string
	// TrackingNumber is 6 to 40 ASCII letters and digits (a '-' may separate
	// groups), with at least one digit.
	TrackingNumber string
}

// Validate checks the carrier code and the tracking number's form.
func (s Shipment) Validate() error {
	if n := len(s.Carrier); n == 0 || n > 16 || strings.IndexFunc(s.Carrier, func(r rune) bool {
		return !isASCIIAlnum(r) && r != '-' && r != '_'
	}) >= 0 {
		return invalidf("shipment: carrier", "%q is not 1 to 16 letters, digits, '-' or '_'", s.Carrier)
	}
	t := s.TrackingNumber
	if n := len(t); n < 6 || n > 40 || !strings.ContainsAny(t, "0123456789") ||
		strings.HasPrefix(t, "-") || strings.HasSuffix(t, "-") || strings.Contains(t, "--") ||
		strings.IndexFunc(t, func(r rune) bool { return !isASCIIAlnum(r) && r != '-' }) >= 0 {
		return invalidf("shipment: tracking number", "%q is not 6 to 40 letters and digits with at least one digit", t)
	}
	return nil
}

func isASCIIAlnum(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// OrderSpec is what [NewOrder] needs to create an order.
type OrderSpec struct {
	// ID identifies the order; Buyer and Seller identify the buying member
	// and the selling account. All three are required.
	ID, Buyer, Seller string
	// Source is the touchpoint that brought the order.
	Source Source
	// Lines are the order's lines; at least one, all in one currency.
	Lines []Line
	// CreatedAt is when the order was placed; it is required.
	CreatedAt time.Time
}

// Order is an order and its history: lines, payment, shipment, delivery,
// refunds. Orders are immutable values: every transition returns a new Order
// (or an error) and leaves the receiver unchanged, and an Order is safe to
// share between goroutines. Build one with [NewOrder]; the zero value is not
// a valid order.
//
// Each transition takes the time it happens. Times must not go backwards:
// a step dated before the order's latest event is [ErrInvalid]. A transition
// that fails returns the receiver unchanged with the error.
type Order struct {
	// The fields a Tally reads are held inline, the rest behind d, so that
	// an Order is small to copy and a scan over many touches little memory.
	paidAt         time.Time
	buyer          string
	paid, refunded int64 // Σ line Paid, Σ refunds
	cur            Currency
	status         Status
	last           time.Time    // the latest event
	d              *orderDetail // shared between versions: replaced, never modified
}

// orderDetail is the part of an Order that metrics do not read.
type orderDetail struct {
	id, seller  string
	source      Source
	lines       []OrderLine // never modified in place once shared
	created     time.Time
	shippedAt   time.Time
	deliveredAt time.Time
	closedAt    time.Time // completed or cancelled
	shipment    Shipment
	refunds     []Refund // never modified in place once shared
}

// det returns the detail, or an empty one for the zero Order.
func (o *Order) det() *orderDetail {
	if o.d == nil {
		return &orderDetail{}
	}
	return o.d
}

// edit gives o a private copy of its detail to change and returns it.
func (o *Order) edit() *orderDetail {
	d := *o.det()
	o.d = &d
	return &d
}

// NewOrder validates spec and returns a Created order. It checks that IDs
// are present, the source is valid, there is at least one line, every
// quantity is positive, every price is in the order's one currency and not
// negative, and no line is paid more than its list price × quantity.
func NewOrder(spec OrderSpec) (Order, error) {
	if err := checkID("order: id", spec.ID); err != nil {
		return Order{}, err
	}
	// The error path names the order; the valid path builds no strings.
	fail := func(err error) (Order, error) { return Order{}, within(fmt.Sprintf("order %q", spec.ID), err) }
	if err := checkID("buyer", spec.Buyer); err != nil {
		return fail(err)
	}
	if err := checkID("seller", spec.Seller); err != nil {
		return fail(err)
	}
	if err := spec.Source.Validate(); err != nil {
		return fail(err)
	}
	if spec.CreatedAt.IsZero() {
		return fail(invalid("created at", "zero time"))
	}
	if len(spec.Lines) == 0 {
		return fail(invalid("lines", "no lines"))
	}
	o := Order{
		buyer: spec.Buyer, cur: spec.Lines[0].UnitListPrice.Currency(), status: Created,
		last: spec.CreatedAt,
		d: &orderDetail{
			id: spec.ID, seller: spec.Seller, source: spec.Source,
			lines:   make([]OrderLine, len(spec.Lines)),
			created: spec.CreatedAt,
		},
	}
	var total Money
	for i, l := range spec.Lines {
		if err := o.checkLine(l); err != nil {
			return fail(within(fmt.Sprintf("line %d", i), err))
		}
		var err error
		if total, err = total.Add(l.Paid); err != nil {
			return fail(within("paid total", err))
		}
		o.d.lines[i] = OrderLine{Line: l, Refunded: Zero(o.cur)}
	}
	o.paid = total.units
	return o, nil
}

func (o *Order) checkLine(l Line) error {
	if err := checkID("sku", l.SKU); err != nil {
		return err
	}
	if l.Quantity <= 0 {
		return invalidf("quantity", "must be positive, got %d", l.Quantity)
	}
	for _, f := range [...]struct {
		name string
		m    Money
	}{{"unit list price", l.UnitListPrice}, {"paid", l.Paid}} {
		switch c := f.m.Currency(); {
		case !c.Valid():
			return &FieldError{Field: f.name, Reason: "no currency", Err: ErrUnknownCurrency}
		case c != o.cur:
			return &FieldError{Field: f.name, Reason: fmt.Sprintf("in %v, order is in %v", c, o.cur), Err: &MismatchError{A: o.cur, B: c}}
		case f.m.IsNegative():
			return invalidf(f.name, "negative: %v", f.m)
		}
	}
	list, err := l.UnitListPrice.MulInt(l.Quantity)
	if err != nil {
		return &FieldError{Field: "list total", Reason: "unit list price × quantity", Err: err}
	}
	if l.Paid.units > list.units {
		return invalidf("paid", "%v exceeds list price × quantity %v", l.Paid, list)
	}
	return nil
}

// Equal reports whether o and p are the same order with the same history:
// the same fields, lines, refunds and states, with times compared by
// [time.Time.Equal].
func (o Order) Equal(p Order) bool {
	a, b := o.det(), p.det()
	return o.buyer == p.buyer && o.cur == p.cur && o.status == p.status &&
		o.paid == p.paid && o.refunded == p.refunded && o.paidAt.Equal(p.paidAt) && o.last.Equal(p.last) &&
		a.id == b.id && a.seller == b.seller && a.source == b.source &&
		a.created.Equal(b.created) && a.shippedAt.Equal(b.shippedAt) &&
		a.deliveredAt.Equal(b.deliveredAt) && a.closedAt.Equal(b.closedAt) &&
		a.shipment == b.shipment && slices.Equal(a.lines, b.lines) &&
		slices.EqualFunc(a.refunds, b.refunds, Refund.Equal)
}

// ID returns the order ID.
func (o Order) ID() string { return o.det().id }

// Buyer returns the buying member's ID.
func (o Order) Buyer() string { return o.buyer }

// Seller returns the selling account's ID.
func (o Order) Seller() string { return o.det().seller }

// Source returns the touchpoint that brought the order.
func (o Order) Source() Source { return o.det().source }

// Currency returns the order's currency.
func (o Order) Currency() Currency { return o.cur }

// Status returns the lifecycle state.
func (o Order) Status() Status { return o.status }

// Lines returns a copy of the lines with their refunds so far.
func (o Order) Lines() []OrderLine { return slices.Clone(o.det().lines) }

// Paid returns the amount paid for the order: the sum of the lines' Paid.
// It is the amount before refunds, whether or not payment has happened yet.
func (o Order) Paid() Money { return Money{units: o.paid, cur: o.cur} }

// Refunded returns the sum of all refunds so far.
func (o Order) Refunded() Money { return Money{units: o.refunded, cur: o.cur} }

// Refunds returns a copy of the refunds in the order they were made.
func (o Order) Refunds() []Refund {
	refunds := o.det().refunds
	out := make([]Refund, len(refunds))
	for i, r := range refunds {
		r.Items = slices.Clone(r.Items)
		out[i] = r
	}
	return out
}

// Shipment returns the carrier and tracking number once shipped.
func (o Order) Shipment() Shipment { return o.det().shipment }

// CreatedAt returns when the order was placed.
func (o Order) CreatedAt() time.Time { return o.det().created }

// PaidAt returns when the order was paid, or the zero time.
func (o Order) PaidAt() time.Time { return o.paidAt }

// ShippedAt returns when the order was shipped, or the zero time.
func (o Order) ShippedAt() time.Time { return o.det().shippedAt }

// DeliveredAt returns when the order was delivered, or the zero time.
func (o Order) DeliveredAt() time.Time { return o.det().deliveredAt }

// ClosedAt returns when the order was completed or cancelled, or the zero
// time.
func (o Order) ClosedAt() time.Time { return o.det().closedAt }

// step checks that action may happen now, from one of the states in from,
// at time at.
func (o Order) step(action string, at time.Time, from ...Status) error {
	if !slices.Contains(from, o.status) {
		return &TransitionError{Entity: "order", ID: o.det().id, From: o.status.String(), Action: action}
	}
	// A valid status means the order was built by NewOrder: o.d is set.
	if at.IsZero() {
		return invalidf(fmt.Sprintf("order %q: %s: time", o.d.id, action), "zero time")
	}
	if at.Before(o.last) {
		return invalidf(fmt.Sprintf("order %q: %s: time", o.d.id, action), "%s is before the order's last event at %s",
			at.Format(time.RFC3339), o.last.Format(time.RFC3339))
	}
	return nil
}

// Pay records payment of a created order.
func (o Order) Pay(at time.Time) (Order, error) {
	if err := o.step("pay", at, Created); err != nil {
		return o, err
	}
	o.status, o.paidAt, o.last = Paid, at, at
	return o, nil
}

// Ship records the shipment of a paid order. The shipment is validated, and
// an order whose every unit has been refunded has nothing to ship.
func (o Order) Ship(at time.Time, s Shipment) (Order, error) {
	if err := o.step("ship", at, Paid); err != nil {
		return o, err
	}
	if err := s.Validate(); err != nil {
		return o, within(fmt.Sprintf("order %q", o.d.id), err)
	}
	if o.fullyRefunded() {
		return o, &TransitionError{Entity: "order", ID: o.d.id, From: Paid.String(), Action: "ship an order refunded in full"}
	}
	o.status, o.last = Shipped, at
	d := o.edit()
	d.shippedAt, d.shipment = at, s
	return o, nil
}

// Deliver records delivery of a shipped order. The after-sales window of
// [AfterSalesPolicy] runs from this time.
func (o Order) Deliver(at time.Time) (Order, error) {
	if err := o.step("deliver", at, Shipped); err != nil {
		return o, err
	}
	o.status, o.last = Delivered, at
	o.edit().deliveredAt = at
	return o, nil
}

// Complete closes a delivered order as a successful sale. Completion does
// not end after-sales: refunds stay possible inside the policy's window.
func (o Order) Complete(at time.Time) (Order, error) {
	if err := o.step("complete", at, Delivered); err != nil {
		return o, err
	}
	o.status, o.last = Completed, at
	o.edit().closedAt = at
	return o, nil
}

// Cancel cancels an order before it ships. Cancelling a paid order refunds
// every unit not yet refunded, recorded as a refund of kind [Cancellation].
func (o Order) Cancel(at time.Time) (Order, error) {
	if err := o.step("cancel", at, Created, Paid); err != nil {
		return o, err
	}
	if o.status == Paid && !o.fullyRefunded() {
		n, _, err := o.refund(Cancellation, o.Remaining(), HalfUp, at)
		if err != nil {
			return o, err
		}
		o = n
	}
	o.status, o.last = Cancelled, at
	o.edit().closedAt = at
	return o, nil
}

func (o Order) fullyRefunded() bool {
	for _, l := range o.det().lines {
		if l.RefundedQuantity < l.Quantity {
			return false
		}
	}
	return true
}
