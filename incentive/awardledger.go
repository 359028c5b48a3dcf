package incentive

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// AwardAccrual is an amount-based award accrued on one order: Rate of the
// order's Base (its GMV or its fee), frozen at the order's time, for the
// rule of a programme version.
type AwardAccrual struct {
	// Order identifies the order; At is when it was paid.
	Order string
	At    time.Time
	// Programme, Version and Rule say which rule accrues the award.
	Programme, Version, Rule string
	// Base is what the rate applies to; Rate is frozen on the accrual.
	Base commerce.Money
	Rate commerce.Rate
}

// AwardRefund is a refund of Amount of an order's base, at At.
type AwardRefund struct {
	// ID identifies the refund; Order is the order refunded.
	ID, Order string
	At        time.Time
	Amount    commerce.Money
}

// AwardLedger is the append-only ledger of amount-based awards (a GMV
// cash-back, a fee cashback paid per order) in one currency and zone: a
// function of the set of accruals, refunds and payouts it was given, in
// any order. An accrual earns round(Base × Rate) in the ledger's
// rounding mode; a refund reverses at the rate frozen on the accrual, so
// that a full refund nets the accrual to zero exactly (each refund
// reverses round(accrued × refunded-so-far ÷ base) less what was already
// reversed). A refund of an accrual whose cycle was paid out before the
// refund becomes a negative adjustment ([FeeAdjusted]) in the first
// cycle not yet paid, once; otherwise a reversal ([FeeReversed]) in the
// refund's cycle. The zero AwardLedger is empty.
type AwardLedger struct {
	lines []FeeLine
}

// NewAwardLedger builds the ledger of the accruals, refunds and payouts
// (cycles in loc, amounts in cur, rounding in mode). The same events in
// any order give the same ledger. It fails, building nothing, with a
// *[commerce.FieldError] naming a malformed event, [ErrConflict] for two
// accruals of one order or two refunds with one ID,
// [commerce.ErrCurrencyMismatch] for an amount in another currency,
// [ErrUnknownOrder] for a refund of an unknown order, and
// [commerce.ErrInvalid] for refunds of more than the base.
func NewAwardLedger(loc *time.Location, cur commerce.Currency, mode commerce.RoundingMode,
	accruals []AwardAccrual, refunds []AwardRefund, payouts []FeePayout) (AwardLedger, error) {
	if loc == nil {
		return AwardLedger{}, fieldErr("award ledger: location", "nil")
	}
	acc := slices.Clone(accruals)
	slices.SortFunc(acc, func(a, b AwardAccrual) int { return cmp.Compare(a.Order, b.Order) })
	for i := range acc {
		a := &acc[i]
		field := fmt.Sprintf("accrual %q", a.Order)
		if err := checkID(field, a.Order); err != nil {
			return AwardLedger{}, err
		}
		switch {
		case i > 0 && acc[i-1].Order == a.Order:
			return AwardLedger{}, fmt.Errorf("incentive: award ledger: %s twice: %w", field, ErrConflict)
		case a.Base.Currency() != cur:
			return AwardLedger{}, &commerce.FieldError{Field: field + ": base", Err: &commerce.MismatchError{A: cur, B: a.Base.Currency()}}
		case a.Base.IsNegative() || a.Rate.IsNegative() || a.At.IsZero():
			return AwardLedger{}, fieldErr(field, "base %v, rate %v, at %v", a.Base, a.Rate, a.At)
		}
	}
	ref := slices.Clone(refunds)
	slices.SortFunc(ref, func(a, b AwardRefund) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	for i := range ref {
		r := &ref[i]
		field := fmt.Sprintf("refund %q", r.ID)
		if err := checkID(field, r.ID); err != nil {
			return AwardLedger{}, err
		}
		if slices.ContainsFunc(ref[:i], func(o AwardRefund) bool { return o.ID == r.ID }) {
			return AwardLedger{}, fmt.Errorf("incentive: award ledger: %s twice: %w", field, ErrConflict)
		}
		if r.Amount.Currency() != cur {
			return AwardLedger{}, &commerce.FieldError{Field: field + ": amount", Err: &commerce.MismatchError{A: cur, B: r.Amount.Currency()}}
		}
		if !r.Amount.IsPositive() || r.At.IsZero() {
			return AwardLedger{}, fieldErr(field, "amount %v at %v", r.Amount, r.At)
		}
	}
	paidAt := func(c FeeCycle) (time.Time, bool) {
		for _, p := range payouts {
			if p.Cycle == c {
				return p.At, true
			}
		}
		return time.Time{}, false
	}
	l := AwardLedger{lines: make([]FeeLine, 0, len(acc)+len(ref))}
	refunded := make(map[string][2]int64, len(acc)) // refunded base, reversed amount
	accrued := make(map[string]int64, len(acc))
	for i := range acc {
		a := &acc[i]
		amt, err := a.Base.MulRate(a.Rate, mode)
		if err != nil {
			return AwardLedger{}, fmt.Errorf("incentive: award ledger: accrual %q: %w", a.Order, err)
		}
		accrued[a.Order] = amt.Units()
		l.lines = append(l.lines, FeeLine{Cycle: FeeCycleOf(a.At, loc), Kind: FeeAccrued, At: a.At.In(loc), Event: a.Order, Order: a.Order, Amount: amt})
	}
	for i := range ref {
		r := &ref[i]
		k, ok := slices.BinarySearchFunc(acc, r.Order, func(a AwardAccrual, id string) int { return cmp.Compare(a.Order, id) })
		if !ok {
			return AwardLedger{}, fmt.Errorf("incentive: award ledger: refund %q of order %q: %w", r.ID, r.Order, ErrUnknownOrder)
		}
		a := &acc[k]
		st := refunded[r.Order]
		st[0] += r.Amount.Units()
		if st[0] > a.Base.Units() {
			return AwardLedger{}, fieldErr(fmt.Sprintf("refund %q", r.ID), "refunds of %v pass the base %v", commerce.MustNewMoney(st[0], cur), a.Base)
		}
		// reversed so far = round(accrued × refunded ÷ base), exactly.
		target := accrued[r.Order]
		if st[0] < a.Base.Units() {
			target = quoRound(accrued[r.Order], st[0], a.Base.Units(), mode)
		}
		delta := target - st[1]
		st[1] = target
		refunded[r.Order] = st
		line := FeeLine{Cycle: FeeCycleOf(r.At, loc), Kind: FeeReversed, At: r.At.In(loc), Event: r.ID, Order: r.Order, Amount: commerce.MustNewMoney(-delta, cur)}
		if at, paid := paidAt(FeeCycleOf(a.At, loc)); paid && !r.At.Before(at) {
			line.Kind = FeeAdjusted
			for c := line.Cycle; ; c = c.next() {
				if _, p := paidAt(c); !p {
					line.Cycle = c
					break
				}
			}
		}
		l.lines = append(l.lines, line)
	}
	slices.SortStableFunc(l.lines, func(a, b FeeLine) int {
		return cmp.Or(a.Cycle.compare(b.Cycle), a.At.Compare(b.At), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Event, b.Event))
	})
	return l, nil
}

// quoRound returns a × n ÷ d for non-negative a, n and positive d,
// rounded in mode, exactly (a × n is formed in 128 bits).
func quoRound(a, n, d int64, mode commerce.RoundingMode) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(n))
	q, r := bits.Div64(hi, lo, uint64(d)) // hi < d since n ≤ d
	switch mode {
	case commerce.HalfUp:
		if r >= uint64(d)-r {
			q++
		}
	case commerce.HalfEven:
		if r > uint64(d)-r || r == uint64(d)-r && q%2 == 1 {
			q++
		}
	case commerce.Up, commerce.Ceiling:
		if r > 0 {
			q++
		}
	}
	return int64(q)
}

// Lines returns the ledger's lines in a fresh slice, by cycle, time,
// kind and event ID.
func (l AwardLedger) Lines() []FeeLine { return slices.Clone(l.lines) }

// Balance returns the sum of the lines of cycle c, in cur: what the cycle
// pays (negative: what it claws back).
func (l AwardLedger) Balance(c FeeCycle, cur commerce.Currency) (commerce.Money, error) {
	sum := commerce.Zero(cur)
	for _, ln := range l.lines {
		if ln.Cycle != c {
			continue
		}
		var err error
		if sum, err = sum.Add(ln.Amount); err != nil {
			return commerce.Money{}, fmt.Errorf("incentive: award ledger %v: %w", c, err)
		}
	}
	return sum, nil
}
