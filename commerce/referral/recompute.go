package referral

import (
	"fmt"
	"math/big"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// lineBase is the base of line li of a after refunds leave paid minor
// units and qty units of it. A line with no units or (when it was paid
// for) no money left has no base. On the list basis the base shrinks in
// proportion to what remains paid, rounded with the accrual's mode; a
// line paid nothing shrinks with its units.
func (a *Accrual) lineBase(li int, paid, qty int64) (int64, error) {
	l := &a.Lines[li]
	if qty == 0 || l.Paid.IsPositive() && paid == 0 {
		return 0, nil
	}
	if a.Basis == PaidBasis || paid == l.Paid.Units() && qty == l.Quantity {
		if a.Basis == PaidBasis {
			return paid, nil
		}
		return l.Base.Units(), nil
	}
	num, den := paid, l.Paid.Units()
	if den == 0 {
		num, den = qty, l.Quantity
	}
	r, err := commerce.NewRatio(num, den)
	if err != nil {
		return 0, err
	}
	return scaleRound(l.Base.Units(), r, a.Rounding)
}

// scaleRound returns v × r rounded with mode, for 0 ≤ r ≤ 1.
func scaleRound(v int64, r commerce.Ratio, mode commerce.RoundingMode) (int64, error) {
	var q, rem big.Int
	n := new(big.Int).Mul(big.NewInt(v), big.NewInt(r.Num()))
	d := big.NewInt(r.Den())
	q.QuoRem(n, d, &rem)
	if rem.Sign() != 0 {
		twice := new(big.Int).Lsh(&rem, 1)
		c := twice.Cmp(d)
		up := false
		switch mode {
		case commerce.Up, commerce.Ceiling:
			up = true
		case commerce.HalfUp:
			up = c >= 0
		case commerce.HalfEven:
			up = c > 0 || c == 0 && q.Bit(0) == 1
		}
		if up {
			q.Add(&q, big.NewInt(1))
		}
	}
	return q.Int64(), nil // v ≥ 0 and r ≤ 1: fits
}

// lineAmounts writes to out the amounts of the shares of line li (those in
// a.Shares[lo:hi]) once refunds leave paid and qty of the line: each share's
// reward on the remaining base, bounded by its cap room, and the line cut to
// its ceiling. It is the one function behind accrual, refunds and
// explanations, so a clawback is always the difference of two of its
// results.
func (a *Accrual) lineAmounts(li, lo, hi int, paid, qty int64, out []int64) (bool, error) {
	base, err := a.lineCapped(li, lo, hi, paid, qty, out)
	if err != nil {
		return false, err
	}
	pm, err := commerce.NewMoney(paid, a.Currency)
	if err != nil {
		return false, err
	}
	return cutToCeiling(out[:hi-lo], base, pm, a.Ceiling)
}

// lineCapped writes to out each share's reward on the line's remaining
// base bounded by its cap room, before the ceiling, and returns the base.
func (a *Accrual) lineCapped(li, lo, hi int, paid, qty int64, out []int64) (int64, error) {
	base, err := a.lineBase(li, paid, qty)
	if err != nil {
		return 0, err
	}
	bm, err := commerce.NewMoney(base, a.Currency)
	if err != nil {
		return 0, err
	}
	for i := lo; i < hi; i++ {
		s := &a.Shares[i]
		v := int64(0)
		if base > 0 {
			if v, err = s.raw(bm, qty, a.Rounding); err != nil {
				return 0, err
			}
		}
		if s.Cap != Uncapped {
			v = min(v, s.Room.Units())
		}
		out[i-lo] = v
	}
	return base, nil
}

// lineRanges returns, for each line, the index of its first share; the
// last element is len(a.Shares).
func (a *Accrual) lineRanges() []int {
	start := make([]int, len(a.Lines)+1)
	i := 0
	for li := range a.Lines {
		start[li] = i
		for i < len(a.Shares) && a.Shares[i].Line == li {
			i++
		}
	}
	start[len(a.Lines)] = len(a.Shares)
	return start
}

// Validate checks that a is a well-formed accrual: the fields an Accrue
// sets are present and consistent, the shares are grouped by line, and
// every share's Amount is what its reward, room and the ceiling give on
// the line's full base. The ledger validates every accrual it records, so
// one stored elsewhere and read back is checked before it is trusted.
func (a Accrual) Validate() error {
	field := fmt.Sprintf("accrual %q", a.Order)
	if err := checkID("accrual: order", a.Order); err != nil {
		return err
	}
	if err := checkID(field+": buyer", a.Buyer); err != nil {
		return err
	}
	if err := checkID(field+": plan", a.Plan); err != nil {
		return err
	}
	if err := checkTime(field+": at", a.At); err != nil {
		return err
	}
	if _, err := commerce.NewMoney(0, a.Currency); err != nil {
		return &commerce.FieldError{Field: field + ": currency", Err: err}
	}
	if !a.Rounding.Valid() {
		return &commerce.FieldError{Field: field + ": rounding", Err: commerce.ErrRoundingMode}
	}
	if a.Basis >= numBases {
		return fieldErr(field+": basis", "%v is not a basis", a.Basis)
	}
	if a.Ceiling.IsZero() || a.Ceiling.IsNegative() || a.Ceiling.Cmp(commerce.Percent(100)) > 0 {
		return fieldErr(field+": ceiling", "%v outside (0%%, 100%%]", a.Ceiling)
	}
	if err := a.Hold.validate(); err != nil {
		return within(field, err)
	}
	if len(a.Lines) == 0 {
		return fieldErr(field+": lines", "none")
	}
	for i, l := range a.Lines {
		if err := a.checkLine(fmt.Sprintf("%s: lines[%d]", field, i), i, l); err != nil {
			return err
		}
	}
	prev := 0
	for i, s := range a.Shares {
		f := fmt.Sprintf("%s: shares[%d]", field, i)
		switch {
		case s.Line < prev || s.Line >= len(a.Lines):
			return fieldErr(f+": line", "%d out of order or range", s.Line)
		case s.Level < 0 || s.Level > MaxLevels:
			return fieldErr(f+": level", "%d outside 0–%d", s.Level, MaxLevels)
		case s.Source == 0 || s.Source >= numSources:
			return fieldErr(f+": source", "%v is not a source", s.Source)
		case s.Cap >= numCaps:
			return fieldErr(f+": cap", "%v is not a cap", s.Cap)
		case s.Cap == Uncapped && s.Room != commerce.Money{}:
			return fieldErr(f+": room", "set without a cap")
		}
		prev = s.Line
		if err := checkID(f+": beneficiary", s.Beneficiary); err != nil {
			return err
		}
		if err := s.Reward.validate(f+": reward", a.Currency); err != nil {
			return err
		}
		if s.Cap != Uncapped && (s.Room.Currency() != a.Currency || s.Room.IsNegative()) {
			return fieldErr(f+": room", "%v is not a non-negative %v amount", s.Room, a.Currency)
		}
		if s.Amount.Currency() != a.Currency {
			return &commerce.FieldError{Field: f + ": amount", Err: &commerce.MismatchError{A: a.Currency, B: s.Amount.Currency()}}
		}
	}
	start := a.lineRanges()
	var buf [maxChain * 2]int64
	for li, l := range a.Lines {
		lo, hi := start[li], start[li+1]
		if hi-lo > len(buf) {
			return fieldErr(fmt.Sprintf("%s: lines[%d]", field, li), "%d shares, at most %d", hi-lo, len(buf))
		}
		cut, err := a.lineAmounts(li, lo, hi, l.Paid.Units(), l.Quantity, buf[:])
		if err != nil {
			return fmt.Errorf("referral: %s: lines[%d]: %w", field, li, err)
		}
		if cut != l.Cut {
			return fieldErr(fmt.Sprintf("%s: lines[%d]: cut", field, li), "is %t, the ceiling gives %t", l.Cut, cut)
		}
		for i := lo; i < hi; i++ {
			if got := buf[i-lo]; got != a.Shares[i].Amount.Units() {
				return fieldErr(fmt.Sprintf("%s: shares[%d]: amount", field, i), "%v, the reward gives %v",
					a.Shares[i].Amount, commerce.MustNewMoney(got, a.Currency))
			}
		}
	}
	return nil
}

func (a *Accrual) checkLine(f string, i int, l AccruedLine) error {
	if l.Shipping {
		if i != len(a.Lines)-1 || l.ID != "" || l.Quantity != 1 || a.Basis != PaidBasis {
			return fieldErr(f, "a shipping line is the last, has no ID, one unit and the paid basis")
		}
	} else if err := checkID(f+": id", l.ID); err != nil {
		return err
	}
	for j := range i {
		if !l.Shipping && a.Lines[j].ID == l.ID {
			return fieldErr(f+": id", "%q used twice", l.ID)
		}
	}
	if l.Quantity < 1 || l.Quantity > maxQuantity {
		return fieldErr(f+": quantity", "%d outside 1–%d", l.Quantity, int64(maxQuantity))
	}
	for _, m := range []struct {
		name string
		v    commerce.Money
	}{{"paid", l.Paid}, {"list", l.List}, {"base", l.Base}} {
		if m.v.Currency() != a.Currency || m.v.IsNegative() {
			return fieldErr(f+": "+m.name, "%v is not a non-negative %v amount", m.v, a.Currency)
		}
	}
	want := l.Paid
	if a.Basis == ListBasis {
		want = l.List
	}
	if l.Base != want {
		return fieldErr(f+": base", "%v, the %v basis gives %v", l.Base, a.Basis, want)
	}
	return nil
}

// within prefixes a field error's path.
func within(prefix string, err error) error {
	if fe, ok := err.(*commerce.FieldError); ok {
		return &commerce.FieldError{Field: prefix + ": " + fe.Field, Reason: fe.Reason, Err: fe.Err}
	}
	return err
}
