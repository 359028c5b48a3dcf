package incentive

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// ErrUnknownOrder reports a refund of an order the fee ledger has not
// accepted.
var ErrUnknownOrder = errors.New("unknown order")

// FeeEvent is an event of a [FeeLedger]: a [FeeOrder], a [FeeRefund] or
// a [FeePayout] value. The set is closed; pointers to them also satisfy
// the interface, but [FeeLedger.Apply] refuses them, naming their type.
type FeeEvent interface {
	feeEvent()
}

func (FeeOrder) feeEvent()  {}
func (FeeRefund) feeEvent() {}
func (FeePayout) feeEvent() {}

// FeeRefund is a refund on an order: the payment returned to the buyer
// and the subsidy reversed with it.
type FeeRefund struct {
	// ID identifies the refund; Order is the order it refunds.
	ID, Order string
	// At is when the platform booked the refund; it places the refund in
	// a settlement cycle.
	At time.Time
	// Paid is the payment refunded; Subsidy the subsidy reversed (the
	// zero Money is none). Their totals over an order's refunds are at
	// most the order's.
	Paid, Subsidy commerce.Money
}

// FeePayout records that a settlement cycle was paid out at At, which is
// at or after the cycle's end. The cycle's closing balance is paid (when
// positive) and its lines are final: an event dated in it is then
// refused ([ErrCyclePaid]).
//
// To catch a mistyped date (20250 for 2025), which would mark every
// cycle up to it paid and give one statement per month up to it, the
// cycle and At must lie in the years 1 to 9999 and the cycle must be at
// most 12 cycles (a year) after the latest cycle of the ledger's orders
// and refunds, or of the fee plan's start when it has none.
// Event dates (order PaidAt, refund At) must lie in the years 1 to 9999.
type FeePayout struct {
	// Cycle is the cycle paid out.
	Cycle FeeCycle
	// At is when it was paid.
	At time.Time
}

// maxPayoutLead is how many cycles a FeePayout's cycle may lie after the
// latest cycle with an order or refund in the ledger (or, when it has
// none, the cycle of the fee plan's start): a year.
const maxPayoutLead = 12

// FeeCycle is a monthly settlement cycle, a calendar month in the plan's
// location.
type FeeCycle struct {
	// Year and Month name the month.
	Year  int
	Month time.Month
}

// FeeCycleOf returns the cycle of t: its calendar month in loc. A nil loc
// is UTC (unlike [time.Time.In], which panics on nil).
func FeeCycleOf(t time.Time, loc *time.Location) FeeCycle {
	y, m, _ := t.In(orUTC(loc)).Date()
	return FeeCycle{Year: y, Month: m}
}

// Start returns the cycle's first instant in loc. A nil loc is UTC
// (unlike [time.Date], which panics on nil).
func (c FeeCycle) Start(loc *time.Location) time.Time {
	return time.Date(c.Year, c.Month, 1, 0, 0, 0, 0, orUTC(loc))
}

// End returns the first instant after the cycle in loc. A nil loc is UTC.
func (c FeeCycle) End(loc *time.Location) time.Time {
	return time.Date(c.Year, c.Month+1, 1, 0, 0, 0, 0, orUTC(loc))
}

// String returns the cycle as "2025-09".
func (c FeeCycle) String() string { return fmt.Sprintf("%04d-%02d", c.Year, int(c.Month)) }

// MarshalText encodes the cycle as "2025-09".
func (c FeeCycle) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c FeeCycle) compare(o FeeCycle) int {
	return cmp.Or(cmp.Compare(c.Year, o.Year), cmp.Compare(c.Month, o.Month))
}

// addCycles returns the cycle n cycles after c (n ≥ 0).
func (c FeeCycle) addCycles(n int) FeeCycle {
	m := c.Year*12 + int(c.Month) - 1 + n
	return FeeCycle{Year: m / 12, Month: time.Month(m%12 + 1)}
}

// feeCheckYear refuses an instant outside the years 1 to 9999 in loc.
func feeCheckYear(field string, at time.Time, loc *time.Location) error {
	if y := at.In(loc).Year(); y < 1 || y > 9999 {
		return fieldErr(field, "%s is outside the years 1 to 9999", feeTime(at.In(loc)))
	}
	return nil
}

func (c FeeCycle) next() FeeCycle {
	if c.Month == time.December {
		return FeeCycle{Year: c.Year + 1, Month: time.January}
	}
	return FeeCycle{Year: c.Year, Month: c.Month + 1}
}

// FeeAccountKind says what a ledger account holds.
type FeeAccountKind uint8

// The account kinds.
const (
	// AccountFee is the technical service fees a merchant owes.
	AccountFee FeeAccountKind = iota + 1
	// AccountRebate is the rebate a service provider earns.
	AccountRebate
	// AccountCashback is the cashback an entity earns under one plan.
	AccountCashback
	numFeeAccountKinds
)

var feeAccountKindNames = [numFeeAccountKinds]string{"", "fee", "rebate", "cashback"}

// String returns "fee", "rebate" or "cashback".
func (k FeeAccountKind) String() string {
	if k > 0 && k < numFeeAccountKinds {
		return feeAccountKindNames[k]
	}
	return fmt.Sprintf("FeeAccountKind(%d)", uint8(k))
}

// MarshalText encodes the kind by name.
func (k FeeAccountKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// FeeAccount is one account of the ledger: a kind, the programme it is
// kept under and the party (merchant, provider or cashback entity).
type FeeAccount struct {
	// Kind is what the account holds.
	Kind FeeAccountKind `json:"kind"`
	// Programme is the plan's ID and version, "id@version".
	Programme string `json:"programme"`
	// Party is the merchant, provider or entity.
	Party string `json:"party"`
}

func (a FeeAccount) compare(o FeeAccount) int {
	return cmp.Or(cmp.Compare(a.Kind, o.Kind), cmp.Compare(a.Programme, o.Programme), cmp.Compare(a.Party, o.Party))
}

// FeeLineKind says what a ledger line records.
type FeeLineKind uint8

// The line kinds.
const (
	// FeeAccrued: an order's fee, rebate or cashback, at payment.
	FeeAccrued FeeLineKind = iota + 1
	// FeeReversed: a refund's reversal of an accrual not yet paid out.
	FeeReversed
	// FeeAdjusted: a refund's reversal of an accrual already paid out, a
	// negative adjustment in the refund's (open) cycle.
	FeeAdjusted
	numFeeLineKinds
)

var feeLineKindNames = [numFeeLineKinds]string{"", "accrued", "reversed", "adjusted"}

// String returns "accrued", "reversed" or "adjusted".
func (k FeeLineKind) String() string {
	if k > 0 && k < numFeeLineKinds {
		return feeLineKindNames[k]
	}
	return fmt.Sprintf("FeeLineKind(%d)", uint8(k))
}

// MarshalText encodes the kind by name.
func (k FeeLineKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// FeeLine is one line of the ledger. Lines are never edited: a refund
// adds reversal lines. Its JSON ([FeeLine.MarshalJSON]) leaves out its
// account and cycle, which the statement that lists it names.
type FeeLine struct {
	// Account is the account it moves.
	Account FeeAccount
	// Cycle is the settlement cycle of At.
	Cycle FeeCycle
	// Kind is what it records.
	Kind FeeLineKind
	// At is the event's time, in the plan's location.
	At time.Time
	// Event is the order's or the refund's ID; Order is the order's.
	Event string
	Order string
	// Amount is the signed change of the account's balance: positive
	// for an accrual, negative for a reversal or an adjustment.
	Amount commerce.Money
}

// FeeStatement is one account's settlement cycle (see
// [FeeStatement.MarshalJSON] for its JSON). It reconciles:
// Closing = Opening + Accrued − Reversed + Adjusted, and the next cycle
// opens at Closing − Paid.
type FeeStatement struct {
	// Account and Cycle say whose statement of which month it is.
	Account FeeAccount
	Cycle   FeeCycle
	// Opening is what the previous cycle carried.
	Opening commerce.Money
	// Accrued is the sum of the cycle's accruals.
	Accrued commerce.Money
	// Reversed is the sum of the cycle's reversals, as a positive amount.
	Reversed commerce.Money
	// Adjusted is the sum of the cycle's adjustments, signed (negative
	// for a clawback of paid-out money).
	Adjusted commerce.Money
	// Closing is the balance at the cycle's end.
	Closing commerce.Money
	// Paid is what the cycle's payout paid: Closing when positive, zero
	// otherwise, and zero while the cycle is not paid out. A negative
	// closing balance carries to the next cycle.
	Paid commerce.Money
	// PaidAt is when the cycle was paid out, or zero.
	PaidAt time.Time
	// Lines are the cycle's lines, in ledger order.
	Lines []FeeLine
}

// FeeLedger is the settlement ledger of a fee plan, with an optional
// provider rebate and cashback plans: the accruals of orders, the
// reversals of refunds, and monthly statements that reconcile.
//
// The ledger is a function of the set of events it has accepted. It
// folds them in the canonical order: orders by payment time, then ID
// (caps are consumed in this order), refunds by booking time, then ID.
// Applying the same events in any order, in one call or many, or more
// than once, gives the identical ledger and byte-identical JSON, as long
// as each call is accepted: a call refuses an event dated in a cycle
// that an earlier call paid out. An event that is already in the ledger
// is ignored; another event with its ID is [ErrConflict].
//
// Fees, rebates and cashback are frozen at the order: a refund reverses
// each part of the base at its own frozen rate, never a blended one. The
// refunded base is split over what remains of each part in proportion to
// it, by largest remainder with ties to the earlier part; the fee
// reversed is F(refunded so far) − F(refunded before), where F rounds
// Σ part × rate once with the plan's mode, so a full refund nets the
// fee to exactly zero. Rebates reverse alike on the payment's parts, and
// cashback as round(fee reversed so far × rate) − round(before).
//
// Refunds do not give cap back. The platforms' texts are silent; the
// conservative reading is that a cap counts the base paid (GMV), which a
// refund does not unpay, and that returning it would re-price later
// orders whose fees are frozen (and let a merchant renew an allowance by
// refunding and re-selling).
//
// A refund booked after the payout of the cycle of its order is a
// negative adjustment in the refund's own cycle, which is open, once; an
// event dated in a cycle already paid out is refused ([ErrCyclePaid]).
//
// A FeeLedger is a value: Apply returns a new ledger and leaves the
// receiver unchanged, and folds the whole event set again (O(n log n) in
// the number of events). It is safe to share between goroutines. The
// zero FeeLedger has no plan; build one with [NewFeeLedger].
type FeeLedger struct {
	cfg     *feeLedgerConfig
	orders  map[string]FeeOrder
	refunds map[string]FeeRefund
	payouts map[FeeCycle]time.Time
	d       *feeDerived
}

type feeLedgerConfig struct {
	plan     *CompiledFeePlan
	rebate   *CompiledRebatePlan
	cashback []*CompiledCashbackPlan
}

// NewFeeLedger returns an empty ledger for plan, with an optional rebate
// plan (nil for none) and cashback plans. Every plan must share the fee
// plan's currency ([commerce.ErrCurrencyMismatch]); cycles are months in
// the fee plan's location.
func NewFeeLedger(plan *CompiledFeePlan, rebate *CompiledRebatePlan, cashback ...*CompiledCashbackPlan) (FeeLedger, error) {
	if plan == nil {
		return FeeLedger{}, fieldErr("ledger: plan", "nil")
	}
	cur := plan.plan.Currency
	if rebate != nil && rebate.plan.Currency != cur {
		return FeeLedger{}, &commerce.FieldError{Field: "ledger: rebate", Err: &commerce.MismatchError{A: cur, B: rebate.plan.Currency}}
	}
	seen := map[string]bool{}
	for i, c := range cashback {
		field := fmt.Sprintf("ledger: cashback[%d]", i)
		switch {
		case c == nil:
			return FeeLedger{}, fieldErr(field, "nil")
		case c.plan.Currency != cur:
			return FeeLedger{}, &commerce.FieldError{Field: field, Err: &commerce.MismatchError{A: cur, B: c.plan.Currency}}
		case seen[c.plan.ID]:
			return FeeLedger{}, fieldErr(field, "plan %q given twice", c.plan.ID)
		}
		seen[c.plan.ID] = true
	}
	l := FeeLedger{cfg: &feeLedgerConfig{plan: plan, rebate: rebate, cashback: slices.Clone(cashback)}}
	d, err := l.derive()
	if err != nil {
		return FeeLedger{}, err // cannot happen: no events
	}
	l.d = d
	return l, nil
}

// Apply adds the events and returns the new ledger. If any event fails,
// it returns the receiver unchanged and an error naming the event: a
// malformed event ([commerce.ErrInvalid]), an amount in another currency
// ([commerce.ErrCurrencyMismatch]), an ID reused ([ErrConflict]), a
// refund of an unknown order ([ErrUnknownOrder]) or of more than remains
// ([commerce.ErrRefundExceedsPaid]), an event dated in a paid-out cycle
// ([ErrCyclePaid]), or any error of [CompiledFeePlan.Quote].
func (l FeeLedger) Apply(events ...FeeEvent) (FeeLedger, error) {
	if l.cfg == nil {
		return l, fieldErr("ledger", "the zero FeeLedger has no plan; use NewFeeLedger")
	}
	loc := l.cfg.plan.plan.Location
	out := FeeLedger{cfg: l.cfg, orders: maps.Clone(l.orders), refunds: maps.Clone(l.refunds), payouts: maps.Clone(l.payouts)}
	if out.orders == nil {
		out.orders, out.refunds, out.payouts = map[string]FeeOrder{}, map[string]FeeRefund{}, map[FeeCycle]time.Time{}
	}
	// paidThrough is the last cycle the receiver has paid out.
	var paidThrough FeeCycle
	for c := range l.payouts {
		if c.compare(paidThrough) > 0 {
			paidThrough = c
		}
	}
	inPaid := func(at time.Time) bool {
		return paidThrough != (FeeCycle{}) && FeeCycleOf(at, loc).compare(paidThrough) <= 0
	}
	for i, e := range events {
		err := out.add(e, inPaid)
		if err != nil {
			if len(events) > 1 {
				err = fmt.Errorf("incentive: fee events[%d]: %w", i, err)
			}
			return l, err
		}
	}
	if err := out.checkPayoutLead(l.payouts); err != nil {
		return l, err
	}
	d, err := out.derive()
	if err != nil {
		return l, err
	}
	out.d = d
	return out, nil
}

// add records one event in the ledger's sets.
func (l *FeeLedger) add(e FeeEvent, inPaid func(time.Time) bool) error {
	paid := func(what string, at time.Time) error {
		return fmt.Errorf("incentive: %s dated %s, in cycle %v: %w", what, feeTime(at.In(l.cfg.plan.plan.Location)),
			FeeCycleOf(at, l.cfg.plan.plan.Location), ErrCyclePaid)
	}
	switch e := e.(type) {
	case FeeOrder:
		if old, ok := l.orders[e.ID]; ok {
			if feeOrderEqual(old, e) {
				return nil
			}
			return fmt.Errorf("incentive: order %q: already in the ledger with other facts: %w", e.ID, ErrConflict)
		}
		if !e.PaidAt.IsZero() {
			if err := feeCheckYear(fmt.Sprintf("order %q: paid at", e.ID), e.PaidAt, l.cfg.plan.plan.Location); err != nil {
				return err
			}
		}
		if inPaid(e.PaidAt) {
			return paid(fmt.Sprintf("order %q", e.ID), e.PaidAt)
		}
		l.orders[e.ID] = e
	case FeeRefund:
		if err := checkID("refund: id", e.ID); err != nil {
			return err
		}
		if old, ok := l.refunds[e.ID]; ok {
			if old.Order == e.Order && old.At.Equal(e.At) && old.Paid == e.Paid && old.Subsidy == e.Subsidy {
				return nil
			}
			return fmt.Errorf("incentive: refund %q: already in the ledger with other facts: %w", e.ID, ErrConflict)
		}
		if e.At.IsZero() {
			return fieldErr(fmt.Sprintf("refund %q: at", e.ID), "required")
		}
		if err := feeCheckYear(fmt.Sprintf("refund %q: at", e.ID), e.At, l.cfg.plan.plan.Location); err != nil {
			return err
		}
		if inPaid(e.At) {
			return paid(fmt.Sprintf("refund %q", e.ID), e.At)
		}
		l.refunds[e.ID] = e
	case FeePayout:
		loc := l.cfg.plan.plan.Location
		field := fmt.Sprintf("payout %v", e.Cycle)
		switch {
		case e.Cycle.Month < time.January || e.Cycle.Month > time.December || e.Cycle.Year < 1 || e.Cycle.Year > 9999:
			return fieldErr(field+": cycle", "not a month in the years 1 to 9999")
		case e.At.IsZero() || e.At.Before(e.Cycle.End(loc)):
			return fieldErr(field+": at", "%s is before the cycle ends at %s", feeTime(e.At.In(loc)), feeTime(e.Cycle.End(loc)))
		}
		if err := feeCheckYear(field+": at", e.At, loc); err != nil {
			return err
		}
		if old, ok := l.payouts[e.Cycle]; ok {
			if old.Equal(e.At) {
				return nil
			}
			return fmt.Errorf("incentive: %s: already paid out at %s: %w", field, feeTime(old.In(loc)), ErrConflict)
		}
		l.payouts[e.Cycle] = e.At
	case nil:
		return fieldErr("fee event", "nil")
	default:
		return fieldErr("fee event", "%T: a FeeEvent is a FeeOrder, FeeRefund or FeePayout value, not a pointer", e)
	}
	return nil
}

// checkPayoutLead refuses a payout, not among old, whose cycle is more
// than maxPayoutLead cycles after the latest cycle with an order or refund
// (or the fee plan's start when there is none).
func (l *FeeLedger) checkPayoutLead(old map[FeeCycle]time.Time) error {
	loc := l.cfg.plan.plan.Location
	latest := FeeCycleOf(l.cfg.plan.plan.Effective.From, loc)
	for _, o := range l.orders {
		if c := FeeCycleOf(o.PaidAt, loc); c.compare(latest) > 0 {
			latest = c
		}
	}
	for _, r := range l.refunds {
		if c := FeeCycleOf(r.At, loc); c.compare(latest) > 0 {
			latest = c
		}
	}
	limit := latest.addCycles(maxPayoutLead)
	var bad []FeeCycle
	for c := range l.payouts {
		if _, ok := old[c]; !ok && c.compare(limit) > 0 {
			bad = append(bad, c)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	c := slices.MinFunc(bad, FeeCycle.compare)
	return fieldErr(fmt.Sprintf("payout %v: cycle", c), "more than %d cycles after %v, the latest cycle with an order or refund (a mistyped year?)", maxPayoutLead, latest)
}

func feeOrderEqual(a, b FeeOrder) bool {
	return a.ID == b.ID && a.Merchant == b.Merchant && a.Store == b.Store && a.Category == b.Category &&
		a.PaidAt.Equal(b.PaidAt) && a.Paid == b.Paid && a.Subsidy == b.Subsidy && a.StoreOpened.Equal(b.StoreOpened) &&
		a.FirstSale.Equal(b.FirstSale) && a.Provider == b.Provider && a.MCN == b.MCN
}

// feeDerived is what the ledger folds from its events.
type feeDerived struct {
	books map[string]*feeBook
	lines []FeeLine
}

// feeBook is an order's accruals and what its refunds took back.
type feeBook struct {
	quote     FeeQuote
	rebate    RebateQuote
	hasRebate bool
	cashParty []string // by cashback plan; "" when none
	cashAmt   []int64
	refPaid   int64                    // payment refunded
	refSub    int64                    // subsidy reversed
	refBase   [MaxAllowances + 1]int64 // base refunded, by part
	refPay    [MaxAllowances + 1]int64 // payment refunded, by rebate part
	feeRev    int64                    // fee reversed
	rebRev    int64                    // rebate reversed
	cashRev   []int64                  // cashback reversed, by plan
}

// derive folds the ledger's events in canonical order.
func (l FeeLedger) derive() (*feeDerived, error) {
	c := l.cfg
	p := &c.plan.plan
	loc := p.Location
	cur := p.Currency
	d := &feeDerived{books: make(map[string]*feeBook, len(l.orders))}
	totals := map[FeeAccount]int64{} // Σ|amount|, to keep statements in range
	addLine := func(ln FeeLine) error {
		if ln.Amount.IsZero() {
			return nil
		}
		u := ln.Amount.Units()
		if u < 0 {
			u = -u
		}
		t := totals[ln.Account]
		if t > (1<<63-1)-u {
			return fmt.Errorf("incentive: account %s %s %s: %w", ln.Account.Kind, ln.Account.Programme, ln.Account.Party, commerce.ErrOverflow)
		}
		totals[ln.Account] = t + u
		ln.At = ln.At.In(loc)
		ln.Cycle = FeeCycleOf(ln.At, loc)
		d.lines = append(d.lines, ln)
		return nil
	}
	feeProg := p.ID + "@" + p.Version

	orders := slices.SortedFunc(maps.Values(l.orders), func(a, b FeeOrder) int {
		return cmp.Or(a.PaidAt.Compare(b.PaidAt), cmp.Compare(a.ID, b.ID))
	})
	used := map[feeScope]int64{} // cap consumed by allowance and scope
	for _, o := range orders {
		var use CapUse
		var keys [MaxAllowances]feeScope
		for i, a := range p.Allowances {
			if a.Cap == (commerce.Money{}) {
				continue
			}
			keys[i] = feeScope{allowance: i + 1, merchant: o.Merchant}
			if a.Scope == CapPerStore {
				keys[i].store = o.Store
			}
			use[i] = feeMoney(used[keys[i]], cur)
		}
		q, err := c.plan.Quote(o, use)
		if err != nil {
			return nil, err
		}
		for i := range p.Allowances {
			if keys[i].allowance != 0 {
				used[keys[i]] += q.took[i]
			}
		}
		b := &feeBook{quote: q, cashParty: make([]string, len(c.cashback)), cashAmt: make([]int64, len(c.cashback)), cashRev: make([]int64, len(c.cashback))}
		d.books[o.ID] = b
		if err := addLine(FeeLine{Account: FeeAccount{AccountFee, feeProg, o.Merchant}, Kind: FeeAccrued, At: o.PaidAt, Event: o.ID, Order: o.ID, Amount: q.fee}); err != nil {
			return nil, err
		}
		if c.rebate != nil {
			rq, err := c.rebate.Rebate(q)
			if err != nil {
				return nil, err // cannot happen: currencies checked by NewFeeLedger
			}
			b.rebate, b.hasRebate = rq, rq.status == RebateApplied
			if b.hasRebate {
				rp := &c.rebate.plan
				if err := addLine(FeeLine{Account: FeeAccount{AccountRebate, rp.ID + "@" + rp.Version, o.Provider}, Kind: FeeAccrued,
					At: o.PaidAt, Event: o.ID, Order: o.ID, Amount: rq.rebate}); err != nil {
					return nil, err
				}
			}
		}
		for k, cb := range c.cashback {
			party, amt, err := cb.Cashback(q)
			if err != nil {
				return nil, err
			}
			b.cashParty[k], b.cashAmt[k] = party, amt.Units()
			if party != "" {
				if err := addLine(FeeLine{Account: FeeAccount{AccountCashback, cb.plan.ID + "@" + cb.plan.Version, party}, Kind: FeeAccrued,
					At: o.PaidAt, Event: o.ID, Order: o.ID, Amount: amt}); err != nil {
					return nil, err
				}
			}
		}
	}

	refunds := slices.SortedFunc(maps.Values(l.refunds), func(a, b FeeRefund) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	})
	for _, r := range refunds {
		b, ok := d.books[r.Order]
		if !ok {
			return nil, fmt.Errorf("incentive: refund %q: order %q: %w", r.ID, r.Order, ErrUnknownOrder)
		}
		kind, err := l.refund(b, r)
		if err != nil {
			return nil, err
		}
		if err := l.refundLines(b, r, kind, addLine); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(d.lines, func(a, b FeeLine) int { return a.At.Compare(b.At) })
	return d, nil
}

// feeScope is the key of an allowance's cap in a scope: the allowance's
// index plus one, the merchant, and the store for a per-store cap.
type feeScope struct {
	allowance       int
	merchant, store string
}

// refund validates a refund against its order and records it in the
// book; it returns the kind of its lines.
func (l FeeLedger) refund(b *feeBook, r FeeRefund) (FeeLineKind, error) {
	p := &l.cfg.plan.plan
	o := &b.quote.order
	field := func(name string) string { return fmt.Sprintf("refund %q: %s", r.ID, name) }
	if err := checkID(field("order"), r.Order); err != nil {
		return 0, err
	}
	if err := feeCheckAmount(field("paid"), r.Paid, p.Currency, false); err != nil {
		return 0, err
	}
	if err := feeCheckAmount(field("subsidy"), r.Subsidy, p.Currency, false); err != nil {
		return 0, err
	}
	if r.At.Before(o.PaidAt) {
		return 0, fieldErr(field("at"), "%s is before order %q was paid", feeTime(r.At.In(p.Location)), o.ID)
	}
	if r.Paid.IsZero() && r.Subsidy.IsZero() {
		return 0, fieldErr(field("paid"), "nothing refunded")
	}
	if r.Paid.Units() > o.Paid.Units()-b.refPaid {
		return 0, fmt.Errorf("incentive: refund %q: %v of order %q, of which %v remains: %w", r.ID, r.Paid, o.ID,
			feeMoney(o.Paid.Units()-b.refPaid, p.Currency), commerce.ErrRefundExceedsPaid)
	}
	if r.Subsidy.Units() > o.Subsidy.Units()-b.refSub {
		return 0, fmt.Errorf("incentive: refund %q: subsidy %v of order %q, of which %v remains: %w", r.ID, r.Subsidy, o.ID,
			feeMoney(o.Subsidy.Units()-b.refSub, p.Currency), commerce.ErrRefundExceedsPaid)
	}
	// An adjustment when a payout of the order's cycle, or of a later one
	// that carried it, came at or before the refund.
	kind := FeeReversed
	oc := FeeCycleOf(o.PaidAt, p.Location)
	for c, at := range l.payouts {
		if c.compare(oc) >= 0 && !at.After(r.At) {
			kind = FeeAdjusted
		}
	}
	return kind, nil
}

// refundLines reverses the book's accruals for r, at their frozen rates.
func (l FeeLedger) refundLines(b *feeBook, r FeeRefund, kind FeeLineKind, addLine func(FeeLine) error) error {
	c := l.cfg
	fp := c.plan
	p := &fp.plan
	q := &b.quote
	n := int(q.n)
	base := r.Paid.Units()
	if p.Base == BasePaidPlusSubsidy {
		base += r.Subsidy.Units()
	}
	line := func(acct FeeAccount, amount int64) error {
		return addLine(FeeLine{Account: acct, Kind: kind, At: r.At, Event: r.ID, Order: q.order.ID, Amount: feeMoney(-amount, p.Currency)})
	}
	// The fee: F(refunded so far) − F(refunded before).
	var rem, take [MaxAllowances + 1]int64
	for i := range n {
		rem[i] = q.parts[i].Amount.Units() - b.refBase[i]
	}
	feeApportion(base, rem[:n], take[:n])
	for i := range n {
		b.refBase[i] += take[i]
	}
	hi, lo := feeDot(b.refBase[:n], q.cs[:n])
	cum := int64(feeRound(hi, lo, fp.pow, p.Rounding))
	prevFee := b.feeRev
	b.feeRev = cum
	if err := line(FeeAccount{AccountFee, p.ID + "@" + p.Version, q.order.Merchant}, cum-prevFee); err != nil {
		return err
	}
	b.refPaid += r.Paid.Units()
	b.refSub += r.Subsidy.Units()
	// The rebate, on the payment's parts.
	if b.hasRebate {
		rq := &b.rebate
		rp := &c.rebate.plan
		for i := range n {
			rem[i] = rq.paid[i] - b.refPay[i]
		}
		feeApportion(r.Paid.Units(), rem[:n], take[:n])
		for i := range n {
			b.refPay[i] += take[i]
		}
		hi, lo := feeDot(b.refPay[:n], rq.c[:n])
		cum := int64(feeRound(hi, lo, feePow10[rq.scale], rp.Rounding))
		prev := b.rebRev
		b.rebRev = cum
		if err := line(FeeAccount{AccountRebate, rp.ID + "@" + rp.Version, q.order.Provider}, cum-prev); err != nil {
			return err
		}
	}
	// Cashback: round(fee reversed so far × rate) − round(before).
	for k, cb := range c.cashback {
		if b.cashParty[k] == "" {
			continue
		}
		m, err := feeMoney(b.feeRev, p.Currency).MulRate(cb.plan.Rate, cb.plan.Rounding)
		if err != nil {
			return err // cannot happen: the rate is at most 100%
		}
		prev := b.cashRev[k]
		b.cashRev[k] = m.Units()
		if err := line(FeeAccount{AccountCashback, cb.plan.ID + "@" + cb.plan.Version, b.cashParty[k]}, m.Units()-prev); err != nil {
			return err
		}
	}
	return nil
}

// Quote returns the fee quote of an order, frozen at its payment, or
// false.
func (l FeeLedger) Quote(order string) (FeeQuote, bool) {
	if l.d == nil {
		return FeeQuote{}, false
	}
	b, ok := l.d.books[order]
	if !ok {
		return FeeQuote{}, false
	}
	return b.quote, true
}

// Rebate returns the rebate quote of an order, or false when the ledger
// has no rebate plan or no such order.
func (l FeeLedger) Rebate(order string) (RebateQuote, bool) {
	if l.d == nil || l.cfg.rebate == nil {
		return RebateQuote{}, false
	}
	b, ok := l.d.books[order]
	if !ok {
		return RebateQuote{}, false
	}
	return b.rebate, true
}

// Lines returns every line, by time and then in fold order (accruals
// before refunds, orders and refunds by ID). The slice is a copy.
func (l FeeLedger) Lines() []FeeLine {
	if l.d == nil {
		return nil
	}
	return slices.Clone(l.d.lines)
}

// Accounts returns every account with a line, by kind, programme and
// party.
func (l FeeLedger) Accounts() []FeeAccount {
	if l.d == nil {
		return nil
	}
	seen := map[FeeAccount]bool{}
	var out []FeeAccount
	for _, ln := range l.d.lines {
		if !seen[ln.Account] {
			seen[ln.Account] = true
			out = append(out, ln.Account)
		}
	}
	slices.SortFunc(out, FeeAccount.compare)
	return out
}

// Statements returns an account's statements, one per cycle from its
// first line's cycle to the later of its last line's and the last
// payout's, with empty cycles in between so that each opens at the
// previous one's carry. None for an account without lines.
func (l FeeLedger) Statements(a FeeAccount) []FeeStatement {
	if l.d == nil {
		return nil
	}
	var lines []FeeLine
	for _, ln := range l.d.lines {
		if ln.Account == a {
			lines = append(lines, ln)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	p := &l.cfg.plan.plan
	z := feeMoney(0, p.Currency)
	first, last := lines[0].Cycle, lines[len(lines)-1].Cycle
	for c := range l.payouts {
		if c.compare(last) > 0 {
			last = c
		}
	}
	var out []FeeStatement
	opening := int64(0)
	i := 0
	for c := first; c.compare(last) <= 0; c = c.next() {
		st := FeeStatement{Account: a, Cycle: c, Opening: feeMoney(opening, p.Currency), Paid: z}
		var acc, rev, adj int64
		for ; i < len(lines) && lines[i].Cycle == c; i++ {
			ln := lines[i]
			st.Lines = append(st.Lines, ln)
			switch ln.Kind {
			case FeeAccrued:
				acc += ln.Amount.Units()
			case FeeReversed:
				rev -= ln.Amount.Units()
			default:
				adj += ln.Amount.Units()
			}
		}
		// |opening + acc − rev + adj| ≤ Σ|amounts| < 2^63: derive checked it.
		closing := opening + acc - rev + adj
		st.Accrued, st.Reversed, st.Adjusted, st.Closing = feeMoney(acc, p.Currency), feeMoney(rev, p.Currency), feeMoney(adj, p.Currency), feeMoney(closing, p.Currency)
		if at, ok := l.payouts[c]; ok {
			st.PaidAt = at.In(p.Location)
			if closing > 0 {
				st.Paid = st.Closing
			}
		}
		opening = closing - st.Paid.Units()
		out = append(out, st)
	}
	return out
}

type feeLineJSON struct {
	Kind   string `json:"kind"`
	At     string `json:"at"`
	Event  string `json:"event"`
	Order  string `json:"order"`
	Amount string `json:"amount"`
}

type feeStatementJSON struct {
	Account  FeeAccount    `json:"account"`
	Cycle    string        `json:"cycle"`
	Opening  string        `json:"opening"`
	Accrued  string        `json:"accrued"`
	Reversed string        `json:"reversed"`
	Adjusted string        `json:"adjusted"`
	Closing  string        `json:"closing"`
	Paid     string        `json:"paid"`
	PaidAt   string        `json:"paid-at,omitempty"`
	Lines    []feeLineJSON `json:"lines"`
}

func (ln FeeLine) wire() feeLineJSON {
	return feeLineJSON{Kind: ln.Kind.String(), At: feeTime(ln.At), Event: ln.Event, Order: ln.Order, Amount: ln.Amount.String()}
}

// MarshalJSON writes the line in the programmes' JSON style: kebab-case
// keys, its kind, its time as RFC 3339 in its own location, the event and
// the order, and its signed amount as text ("CNY -3.00").
func (ln FeeLine) MarshalJSON() ([]byte, error) { return feeEncode(ln.wire()) }

func (st FeeStatement) wire() feeStatementJSON {
	w := feeStatementJSON{Account: st.Account, Cycle: st.Cycle.String(), Opening: st.Opening.String(), Accrued: st.Accrued.String(),
		Reversed: st.Reversed.String(), Adjusted: st.Adjusted.String(), Closing: st.Closing.String(), Paid: st.Paid.String(),
		Lines: make([]feeLineJSON, 0, len(st.Lines))}
	if !st.PaidAt.IsZero() {
		w.PaidAt = feeTime(st.PaidAt)
	}
	for _, ln := range st.Lines {
		w.Lines = append(w.Lines, ln.wire())
	}
	return w
}

// MarshalJSON writes the statement in the programmes' JSON style:
// kebab-case keys in a fixed order, the account, the cycle ("2025-09"),
// the amounts as text ("CNY 9.00"), the payout time when paid out and
// the lines.
func (st FeeStatement) MarshalJSON() ([]byte, error) { return feeEncode(st.wire()) }

// MarshalJSON writes every account's statements, accounts in order, as
// one JSON array with a fixed field order: the same event set gives the
// same bytes.
func (l FeeLedger) MarshalJSON() ([]byte, error) {
	out := []feeStatementJSON{}
	for _, a := range l.Accounts() {
		for _, st := range l.Statements(a) {
			out = append(out, st.wire())
		}
	}
	return feeEncode(out)
}
