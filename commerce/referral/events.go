package referral

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Event is something that happened to an order or an account, applied to
// a [Ledger] with [Ledger.Apply]. Every event carries an idempotency key:
// applying an event whose key the ledger has seen is a no-op when the event
// is the same and [ErrConflict] when it differs. The events are [Accrual]
// (its key is "accrual/" and the order ID), [Progress], [AfterSaleOpened],
// [AfterSaleClosed], [Refunded], [Release], [Withdrawal],
// [WithdrawalOutcome], [Adjustment] and [Conversion].
type Event interface {
	// EventKey returns the event's idempotency key.
	EventKey() string
	// EventTime returns when the event happened.
	EventTime() time.Time
	fingerprint() string
}

// Progress reports that an order reached a milestone: payment, receipt,
// completion or the close of its after-sales window. Holds credit and
// release commission on these.
type Progress struct {
	// Key is the idempotency key.
	Key string
	// Order is the order's ID.
	Order string
	// Milestone is what the order reached.
	Milestone Milestone
	// At is when.
	At time.Time
}

// AfterSaleOpened reports an after-sale case opened on some lines of an
// order (all of them when Lines is empty). Commission on those lines is not
// released while the case is open.
type AfterSaleOpened struct {
	// Key is the idempotency key.
	Key string
	// Order and Case identify the order and the case.
	Order, Case string
	// Lines are the order line IDs the case concerns; empty means every
	// line, and the shipping line is named "" only that way.
	Lines []string
	// At is when the case opened.
	At time.Time
}

// AfterSaleClosed reports an after-sale case closed, with or without a
// refund (refunds are their own event).
type AfterSaleClosed struct {
	// Key is the idempotency key.
	Key string
	// Order and Case identify the order and the case.
	Order, Case string
	// At is when the case closed.
	At time.Time
}

// Refund is what one refund takes from one line: units, money or both.
type Refund struct {
	// Line is the order line's ID; empty with Shipping.
	Line string
	// Shipping refunds the shipping fee instead of a line. When the
	// accrual's base has no shipping, it changes nothing.
	Shipping bool
	// Quantity is the units returned, 0 for a refund of money only.
	Quantity int64
	// Amount is the money refunded on the line.
	Amount commerce.Money
}

// Refunded reports a refund on an order: by amount, by quantity, a whole
// line, or the shipping fee. Each beneficiary's clawback is the share on
// the line before the refund less the share after it, at the frozen
// reward, so any sequence of refunds claws back exactly what the shares on
// the remaining lines no longer earn, and a full refund nets every share to
// zero.
type Refunded struct {
	// Key is the idempotency key, the refund's ID.
	Key string
	// Order is the order's ID.
	Order string
	// Items are the lines refunded; at least one, each line at most once.
	Items []Refund
	// At is when the refund succeeded.
	At time.Time
}

// Release is a hold-release sweep: every credited share whose hold has run
// out by At, on a line with no open after-sale, becomes available.
// Releases are dated At, so sweeps may run at any rhythm.
type Release struct {
	// Key is the idempotency key.
	Key string
	// At is the sweep's time.
	At time.Time
}

// Withdrawal moves a beneficiary's available balance to withdrawing. The
// ledger records it whatever the balance: decide whether to pay by reading
// [Ledger.Balance] first. A withdrawal beyond the available balance leaves
// it negative, as a clawback after payout does, and the next payout nets it.
type Withdrawal struct {
	// Key is the idempotency key, the withdrawal's ID.
	Key string
	// Beneficiary is the member withdrawing.
	Beneficiary string
	// Amount is positive.
	Amount commerce.Money
	// At is when the withdrawal was requested.
	At time.Time
}

// WithdrawalOutcome reports a withdrawal paid out or failed. It repeats
// the withdrawal's beneficiary and amount, so it stands alone when it
// arrives first; the ledger checks they agree.
type WithdrawalOutcome struct {
	// Key is the idempotency key.
	Key string
	// Withdrawal is the withdrawal's key.
	Withdrawal string
	// Beneficiary and Amount are the withdrawal's.
	Beneficiary string
	Amount      commerce.Money
	// Paid is true when the money was paid, false when the payout failed
	// and the amount returns to available.
	Paid bool
	// At is when.
	At time.Time
}

// Adjustment adds to (or, negative, takes from) a beneficiary's available
// balance, with a note saying why.
type Adjustment struct {
	// Key is the idempotency key.
	Key string
	// Beneficiary is the member adjusted.
	Beneficiary string
	// Amount is non-zero.
	Amount commerce.Money
	// Note says why; required.
	Note string
	// At is when.
	At time.Time
}

// Conversion moves available balance from one currency to another at a
// recorded rate: To must be From × Rate rounded with Rounding. It is the
// only way money changes currency in the ledger.
type Conversion struct {
	// Key is the idempotency key.
	Key string
	// Beneficiary is the member whose balance converts.
	Beneficiary string
	// From is taken from the balance in its currency; To is added in its.
	From, To commerce.Money
	// Rate is units of To's currency per unit of From's.
	Rate commerce.Rate
	// Rounding rounded From × Rate to To.
	Rounding commerce.RoundingMode
	// Source names where the rate came from, such as "PBOC 2026-11-20".
	Source string
	// At is when.
	At time.Time
}

// EventKey returns "accrual/" and the order ID.
func (a Accrual) EventKey() string { return "accrual/" + a.Order }

// EventTime returns when the order was created.
func (a Accrual) EventTime() time.Time { return a.At }

// fingerprint of an accrual is unused: accruals are compared whole.
func (a Accrual) fingerprint() string { return "" }

// EventKey returns the key.
func (e Progress) EventKey() string { return e.Key }

// EventTime returns At.
func (e Progress) EventTime() time.Time { return e.At }

func (e Progress) fingerprint() string {
	return fp("progress", e.Order, e.Milestone.String(), stamp(e.At))
}

// EventKey returns the key.
func (e AfterSaleOpened) EventKey() string { return e.Key }

// EventTime returns At.
func (e AfterSaleOpened) EventTime() time.Time { return e.At }

func (e AfterSaleOpened) fingerprint() string {
	return fp("opened", e.Order, e.Case, stamp(e.At), strings.Join(e.Lines, "\x1f"))
}

// EventKey returns the key.
func (e AfterSaleClosed) EventKey() string { return e.Key }

// EventTime returns At.
func (e AfterSaleClosed) EventTime() time.Time { return e.At }

func (e AfterSaleClosed) fingerprint() string {
	return fp("closed", e.Order, e.Case, stamp(e.At))
}

// EventKey returns the key.
func (e Refunded) EventKey() string { return e.Key }

// EventTime returns At.
func (e Refunded) EventTime() time.Time { return e.At }

func (e Refunded) fingerprint() string {
	parts := []string{"refunded", e.Order, stamp(e.At)}
	for _, it := range e.Items {
		parts = append(parts, it.Line, strconv.FormatBool(it.Shipping), strconv.FormatInt(it.Quantity, 10), it.Amount.String())
	}
	return fp(parts...)
}

// EventKey returns the key.
func (e Release) EventKey() string { return e.Key }

// EventTime returns At.
func (e Release) EventTime() time.Time { return e.At }

func (e Release) fingerprint() string { return fp("release", stamp(e.At)) }

// EventKey returns the key.
func (e Withdrawal) EventKey() string { return e.Key }

// EventTime returns At.
func (e Withdrawal) EventTime() time.Time { return e.At }

func (e Withdrawal) fingerprint() string {
	return fp("withdrawal", e.Beneficiary, e.Amount.String(), stamp(e.At))
}

// EventKey returns the key.
func (e WithdrawalOutcome) EventKey() string { return e.Key }

// EventTime returns At.
func (e WithdrawalOutcome) EventTime() time.Time { return e.At }

func (e WithdrawalOutcome) fingerprint() string {
	return fp("outcome", e.Withdrawal, e.Beneficiary, e.Amount.String(), strconv.FormatBool(e.Paid), stamp(e.At))
}

// EventKey returns the key.
func (e Adjustment) EventKey() string { return e.Key }

// EventTime returns At.
func (e Adjustment) EventTime() time.Time { return e.At }

func (e Adjustment) fingerprint() string {
	return fp("adjustment", e.Beneficiary, e.Amount.String(), e.Note, stamp(e.At))
}

// EventKey returns the key.
func (e Conversion) EventKey() string { return e.Key }

// EventTime returns At.
func (e Conversion) EventTime() time.Time { return e.At }

func (e Conversion) fingerprint() string {
	return fp("conversion", e.Beneficiary, e.From.String(), e.To.String(), e.Rate.String(), e.Rounding.String(), e.Source, stamp(e.At))
}

// checkTime rejects a zero instant and one outside 1678–2262: the ledger
// holds instants as int64 Unix nanoseconds, as the graph does.
func checkTime(field string, t time.Time) error {
	if t.IsZero() {
		return fieldErr(field, "required")
	}
	if !time.Unix(0, t.UnixNano()).Equal(t) {
		return fieldErr(field, "%v outside the years 1678–2262", t)
	}
	return nil
}

func fp(parts ...string) string { return strings.Join(parts, "\x1e") }

func stamp(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }

// checkEvent validates the fields every event has and the ones that need
// no ledger state.
func checkEvent(e Event) error {
	key := e.EventKey()
	if err := checkID("event: key", key); err != nil {
		return err
	}
	field := fmt.Sprintf("event %q", key)
	if err := checkTime(field+": at", e.EventTime()); err != nil {
		return err
	}
	money := func(f string, m commerce.Money, positive bool) error {
		if _, err := commerce.NewMoney(0, m.Currency()); err != nil {
			return &commerce.FieldError{Field: field + ": " + f, Err: err}
		}
		if positive && !m.IsPositive() {
			return fieldErr(field+": "+f, "%v is not positive", m)
		}
		return nil
	}
	switch e := e.(type) {
	case Accrual:
		return e.Validate()
	case Progress:
		if e.Milestone == 0 || e.Milestone >= numMilestones {
			return fieldErr(field+": milestone", "%v is not a milestone", e.Milestone)
		}
		return checkID(field+": order", e.Order)
	case AfterSaleOpened:
		for i, l := range e.Lines {
			if err := checkID(fmt.Sprintf("%s: lines[%d]", field, i), l); err != nil {
				return err
			}
		}
		if err := checkID(field+": case", e.Case); err != nil {
			return err
		}
		return checkID(field+": order", e.Order)
	case AfterSaleClosed:
		if err := checkID(field+": case", e.Case); err != nil {
			return err
		}
		return checkID(field+": order", e.Order)
	case Refunded:
		if len(e.Items) == 0 {
			return fieldErr(field+": items", "none")
		}
		for i, it := range e.Items {
			f := fmt.Sprintf("%s: items[%d]", field, i)
			if it.Shipping != (it.Line == "") {
				return fieldErr(f+": line", "name a line or the shipping, not both or neither")
			}
			if it.Quantity < 0 || it.Quantity > maxQuantity {
				return fieldErr(f+": quantity", "%d outside 0–%d", it.Quantity, int64(maxQuantity))
			}
			if err := money("items amount", it.Amount, false); err != nil {
				return within(f, err)
			}
			if it.Amount.IsNegative() || it.Amount.IsZero() && it.Quantity == 0 {
				return fieldErr(f, "refunds nothing or a negative amount")
			}
			for j := range i {
				if e.Items[j].Line == it.Line && e.Items[j].Shipping == it.Shipping {
					return fieldErr(f+": line", "%q refunded twice in one event", it.Line)
				}
			}
		}
		return checkID(field+": order", e.Order)
	case Release:
		return nil
	case Withdrawal:
		if err := money("amount", e.Amount, true); err != nil {
			return err
		}
		return checkID(field+": beneficiary", e.Beneficiary)
	case WithdrawalOutcome:
		if err := money("amount", e.Amount, true); err != nil {
			return err
		}
		if err := checkID(field+": withdrawal", e.Withdrawal); err != nil {
			return err
		}
		return checkID(field+": beneficiary", e.Beneficiary)
	case Adjustment:
		if err := money("amount", e.Amount, false); err != nil {
			return err
		}
		if e.Amount.IsZero() {
			return fieldErr(field+": amount", "zero")
		}
		if strings.TrimSpace(e.Note) == "" {
			return fieldErr(field+": note", "required")
		}
		return checkID(field+": beneficiary", e.Beneficiary)
	case Conversion:
		if err := money("from", e.From, true); err != nil {
			return err
		}
		if err := money("to", e.To, true); err != nil {
			return err
		}
		if e.From.Currency() == e.To.Currency() {
			return fieldErr(field+": to", "same currency as from")
		}
		if err := checkID(field+": source", e.Source); err != nil {
			return err
		}
		if !e.Rounding.Valid() {
			return &commerce.FieldError{Field: field + ": rounding", Err: commerce.ErrRoundingMode}
		}
		if err := checkID(field+": beneficiary", e.Beneficiary); err != nil {
			return err
		}
		want, err := commerce.FromDecimal(e.From.Decimal().Mul(e.Rate.Decimal()), e.To.Currency(), e.Rounding)
		if err != nil {
			return within(field+": to", err)
		}
		if want != e.To {
			return fieldErr(field+": to", "%v, but %v × %v rounded %v is %v", e.To, e.From, e.Rate.Decimal(), e.Rounding, want)
		}
		return nil
	}
	return fieldErr(field, "unknown event type %T", e)
}
