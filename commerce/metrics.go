package commerce

import (
	"fmt"
	"time"
)

// Period is the half-open time interval [From, To).
type Period struct {
	// From is the first instant inside; To is the first instant after.
	From, To time.Time
}

// Contains reports whether From ≤ t < To.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.From) && t.Before(p.To)
}

// Equal reports whether p and q are the same interval, comparing the ends as
// instants ([time.Time.Equal]).
func (p Period) Equal(q Period) bool { return p.From.Equal(q.From) && p.To.Equal(q.To) }

// Validate checks that both ends are set and From is before To.
func (p Period) Validate() error {
	if p.From.IsZero() || p.To.IsZero() {
		return invalid("period", "both ends are required")
	}
	if !p.From.Before(p.To) {
		return invalidf("period", "from %s is not before to %s", p.From.Format(time.RFC3339), p.To.Format(time.RFC3339))
	}
	return nil
}

// Metrics are the commerce metrics of the orders paid in a period. Every
// figure is exact; the derived rates are methods that say how they divide.
//
// An order belongs to the period when its payment time is inside it
// (orders never paid do not count), whatever happened to it later: GMV counts
// orders that were later cancelled or refunded, as platforms report it, and
// their refunds appear in Refunded.
type Metrics struct {
	// Period is the payment-time window.
	Period Period
	// GMV is Σ Paid over the orders paid in the period, refunds included.
	GMV Money
	// Refunded is Σ Refunded over those orders (refunds recorded so far).
	Refunded Money
	// NetGMV is GMV − Refunded.
	NetGMV Money
	// Orders is the number of orders paid in the period.
	Orders int64
	// RefundedOrders is the number of those orders with any refund.
	RefundedOrders int64
	// Buyers is the number of distinct buyers of those orders.
	Buyers int64
	// RepeatBuyers is the number of buyers with two or more of those orders.
	RepeatBuyers int64
}

// Equal reports whether m and o hold the same figures for the same period
// (compared with [Period.Equal]).
func (m Metrics) Equal(o Metrics) bool {
	p, q := m, o
	p.Period, q.Period = Period{}, Period{}
	return p == q && m.Period.Equal(o.Period)
}

// AverageOrderValue returns GMV / Orders rounded to a minor unit with mode.
// With no orders it is [ErrDivisionByZero].
func (m Metrics) AverageOrderValue(mode RoundingMode) (Money, error) {
	if m.Orders == 0 {
		return Money{}, fmt.Errorf("commerce: average order value of no orders: %w", ErrDivisionByZero)
	}
	return m.GMV.quoInt(m.Orders, mode)
}

// RefundRateByOrders returns RefundedOrders / Orders.
func (m Metrics) RefundRateByOrders() (Ratio, error) { return NewRatio(m.RefundedOrders, m.Orders) }

// RefundRateByAmount returns Refunded / GMV, in minor units.
func (m Metrics) RefundRateByAmount() (Ratio, error) {
	return NewRatio(m.Refunded.Units(), m.GMV.Units())
}

// RepurchaseRate returns RepeatBuyers / Buyers: the share of the period's
// buyers who paid for two or more orders in it.
func (m Metrics) RepurchaseRate() (Ratio, error) { return NewRatio(m.RepeatBuyers, m.Buyers) }

// Tally accumulates [Metrics] over orders, in parts that merge exactly:
// tallying a set of orders in any split into disjoint parts, then merging the
// parts in any order, gives the same Metrics as tallying the set at once. It
// is the combine step of a distributed aggregation.
//
// A Tally is a mutable accumulator: it is not safe for concurrent use (give
// each goroutine its own and [Tally.Merge] them). It keeps every distinct
// buyer ID exactly: 24 bytes per distinct buyer, up to about twice that
// between its periodic deduplications, with the IDs held, not copied.
// Adding orders allocates per call, never per order.
//
// Create one with [NewTally] and pass it by pointer: a copied Tally shares
// its buffers with the original (go vet reports copies). The zero Tally has
// no period, and its Add and Merge report [ErrInvalid].
type Tally struct {
	_       noCopy
	period  Period
	cur     Currency
	gmv     int64
	refund  int64
	orders  int64
	refunds int64
	// buyers counts each buyer's orders.
	buyers buyerIndex
}

// noCopy makes go vet's copylocks check report copies of the struct that
// holds it.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// ready reports why t cannot count: nil, or without a valid period.
func (t *Tally) ready(op string) error {
	if t == nil {
		return invalid("tally: "+op, "nil tally")
	}
	if err := t.period.Validate(); err != nil {
		return within("tally: "+op, err)
	}
	return nil
}

// NewTally returns an empty tally of the orders paid in period p.
func NewTally(p Period) (*Tally, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Tally{period: p}, nil
}

// Add counts the orders paid in the tally's period and skips the rest. If any
// counted order is in another currency than the tally ([ErrCurrencyMismatch])
// or a total would overflow ([ErrOverflow]), Add returns the error and
// changes nothing.
func (t *Tally) Add(orders ...Order) error {
	if err := t.ready("add"); err != nil {
		return err
	}
	cur, gmv, refund := t.cur, t.gmv, t.refund
	var n, refunds int64
	mark := t.buyers.begin(len(orders))
	for i := range orders {
		o := &orders[i]
		if !t.period.Contains(o.paidAt) { // an unpaid order's zero time is outside
			continue
		}
		var err error
		if o.cur != cur {
			if cur != 0 {
				err = &MismatchError{A: cur, B: o.cur}
			}
			cur = o.cur
		}
		var ok1, ok2 bool
		gmv, ok1 = add64(gmv, o.paid)
		refund, ok2 = add64(refund, o.refunded)
		if !ok1 || !ok2 {
			err = ErrOverflow
		}
		if err != nil {
			t.buyers.undo(mark)
			return fmt.Errorf("commerce: tally: order %q: %w", o.det().id, err)
		}
		n++
		if o.refunded > 0 {
			refunds++
		}
		t.buyers.add(o.buyer)
	}
	counted, ok1 := add64(t.orders, n)
	refunded, ok2 := add64(t.refunds, refunds)
	if !ok1 || !ok2 {
		t.buyers.undo(mark)
		return fmt.Errorf("commerce: tally: order count: %w", ErrOverflow)
	}
	t.cur, t.gmv, t.refund = cur, gmv, refund
	t.orders, t.refunds = counted, refunded
	t.buyers.settle()
	return nil
}

// Merge adds the counts of u to t and leaves u unchanged. The two must be
// distinct tallies of the same period (compared as instants) and currency (a
// tally with no orders takes any currency), and should have counted disjoint
// sets of orders. On error t is unchanged.
func (t *Tally) Merge(u *Tally) error {
	if err := t.ready("merge"); err != nil {
		return err
	}
	if err := u.ready("merge: other"); err != nil {
		return err
	}
	if t == u {
		return invalid("tally: merge", "a tally cannot merge with itself")
	}
	if !t.period.Equal(u.period) {
		return invalid("tally: merge: period", "the tallies cover different periods")
	}
	cur := t.cur
	if u.cur != cur {
		if cur != 0 && u.cur != 0 {
			return fmt.Errorf("commerce: tally: merge: %w", &MismatchError{A: cur, B: u.cur})
		}
		cur = max(cur, u.cur)
	}
	gmv, ok1 := add64(t.gmv, u.gmv)
	refund, ok2 := add64(t.refund, u.refund)
	orders, ok3 := add64(t.orders, u.orders)
	refunds, ok4 := add64(t.refunds, u.refunds)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return fmt.Errorf("commerce: tally: merge: %w", ErrOverflow)
	}
	t.cur, t.gmv, t.refund = cur, gmv, refund
	t.orders, t.refunds = orders, refunds
	t.buyers.merge(&u.buyers)
	return nil
}

// Metrics returns the metrics counted so far (none for a nil Tally). It
// takes time proportional to the number of distinct buyers, and more when
// many orders were added since the last call.
func (t *Tally) Metrics() Metrics {
	if t == nil {
		return Metrics{}
	}
	buyers, repeat := t.buyers.counts()
	return Metrics{
		Period:         t.period,
		GMV:            Money{units: t.gmv, cur: t.cur},
		Refunded:       Money{units: t.refund, cur: t.cur},
		NetGMV:         Money{units: t.gmv - t.refund, cur: t.cur}, // 0 ≤ refund ≤ gmv
		Orders:         t.orders,
		RefundedOrders: t.refunds,
		Buyers:         buyers,
		RepeatBuyers:   repeat,
	}
}

// Summarize returns the metrics of the orders paid in period p: a Tally
// of orders in one step.
func Summarize(p Period, orders []Order) (Metrics, error) {
	t, err := NewTally(p)
	if err != nil {
		return Metrics{}, err
	}
	if err := t.Add(orders...); err != nil {
		return Metrics{}, err
	}
	return t.Metrics(), nil
}
