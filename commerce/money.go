package commerce

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Money is an amount of a currency, held as an int64 count of minor units
// (fen for CNY, cents for USD, yen for JPY) and a [Currency].
//
// Money is a small comparable value (16 bytes): pass it by value, compare it
// with == or [Money.Equal], use it as a map key. Its methods never modify the
// receiver and are safe for concurrent use.
//
// The zero value is a zero amount in no currency. It is the identity of
// [Money.Add], [Money.Sub] and [Sum], and compares with [Money.Cmp] against
// any currency, so a `var total Money` accumulates without setup. It is the
// only Money without a currency: every constructor rejects an invalid one.
//
// Arithmetic returns an error instead of a wrong number: [ErrCurrencyMismatch]
// when currencies differ and [ErrOverflow] when a result leaves the int64
// range. Nothing panics on data.
type Money struct {
	units int64
	cur   Currency
}

// NewMoney returns units minor units of c: NewMoney(19900, CNY) is ¥199.00.
// An invalid currency is [ErrUnknownCurrency].
func NewMoney(units int64, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, fmt.Errorf("commerce: new money: %v: %w", c, ErrUnknownCurrency)
	}
	return Money{units: units, cur: c}, nil
}

// MustNewMoney is like [NewMoney] but panics on an invalid currency. It is
// for constants, tests and currencies known to be valid.
func MustNewMoney(units int64, c Currency) Money {
	m, err := NewMoney(units, c)
	if err != nil {
		panic(err)
	}
	return m
}

// Zero returns a zero amount of c. An invalid currency gives the zero Money.
func Zero(c Currency) Money {
	if !c.Valid() {
		return Money{}
	}
	return Money{cur: c}
}

// Units returns the amount in minor units.
func (m Money) Units() int64 { return m.units }

// Currency returns the currency; it is invalid only for the zero Money.
func (m Money) Currency() Currency { return m.cur }

// IsZero reports whether the amount is zero (in any currency).
func (m Money) IsZero() bool { return m.units == 0 }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.units < 0 }

// IsPositive reports whether the amount is above zero.
func (m Money) IsPositive() bool { return m.units > 0 }

// Equal reports whether m and o are the same amount of the same currency.
// A zero amount of CNY is not Equal to the zero Money; use [Money.IsZero] to
// test for zero.
func (m Money) Equal(o Money) bool { return m == o }

// common returns the currency of an operation on m and o, treating the zero
// Money as compatible with any currency.
func (m Money) common(o Money) (Currency, error) {
	switch {
	case m.cur == o.cur:
		return m.cur, nil
	case m.cur == 0:
		return o.cur, nil
	case o.cur == 0:
		return m.cur, nil
	}
	return 0, &MismatchError{A: m.cur, B: o.cur}
}

// Add returns m + o.
func (m Money) Add(o Money) (Money, error) {
	c := m.cur
	if c != o.cur {
		var err error
		if c, err = m.common(o); err != nil {
			return Money{}, err
		}
	}
	s, ok := add64(m.units, o.units)
	if !ok {
		return Money{}, fmt.Errorf("commerce: %v + %v: %w", m, o, ErrOverflow)
	}
	return Money{units: s, cur: c}, nil
}

// Sub returns m − o.
func (m Money) Sub(o Money) (Money, error) {
	c := m.cur
	if c != o.cur {
		var err error
		if c, err = m.common(o); err != nil {
			return Money{}, err
		}
	}
	d := m.units - o.units
	if (m.units^o.units)&(m.units^d) < 0 {
		return Money{}, fmt.Errorf("commerce: %v - %v: %w", m, o, ErrOverflow)
	}
	return Money{units: d, cur: c}, nil
}

// Neg returns −m. Negating the most negative amount is [ErrOverflow].
func (m Money) Neg() (Money, error) {
	if m.units == math.MinInt64 {
		return Money{}, fmt.Errorf("commerce: -(%v): %w", m, ErrOverflow)
	}
	return Money{units: -m.units, cur: m.cur}, nil
}

// Abs returns |m|. The absolute value of the most negative amount is
// [ErrOverflow].
func (m Money) Abs() (Money, error) {
	if m.units >= 0 {
		return m, nil
	}
	return m.Neg()
}

// MulInt returns m × n, such as a unit price times a quantity.
func (m Money) MulInt(n int64) (Money, error) {
	hi, lo := bits.Mul64(magnitude(m.units), magnitude(n))
	v, ok := signed(hi, lo, (m.units < 0) != (n < 0))
	if !ok {
		return Money{}, fmt.Errorf("commerce: %v × %d: %w", m, n, ErrOverflow)
	}
	return Money{units: v, cur: m.cur}, nil
}

// MulRate returns m × r rounded to a minor unit with mode: the commission at
// 12.5% of ¥199.00 is MustNewMoney(19900, CNY).MulRate(MustParseRate("12.5%"), HalfUp),
// ¥24.88 (24.875 rounded half up).
//
// The product is exact before the single rounding (128-bit intermediate) and
// the method allocates nothing on success.
func (m Money) MulRate(r Rate, mode RoundingMode) (Money, error) {
	if !mode.Valid() {
		return Money{}, mode.check()
	}
	hi, lo := bits.Mul64(magnitude(m.units), magnitude(r.coef))
	d := pow10u[r.scale]
	neg := (m.units < 0) != (r.coef < 0)
	if hi >= d {
		return Money{}, fmt.Errorf("commerce: %v × %v: %w", m, r, ErrOverflow)
	}
	q, rem := bits.Div64(hi, lo, d)
	if mode.bump(neg, q, rem, d) {
		q++
		if q == 0 {
			return Money{}, fmt.Errorf("commerce: %v × %v: %w", m, r, ErrOverflow)
		}
	}
	v, ok := signed(0, q, neg)
	if !ok {
		return Money{}, fmt.Errorf("commerce: %v × %v: %w", m, r, ErrOverflow)
	}
	return Money{units: v, cur: m.cur}, nil
}

// quoInt returns m / n rounded with mode; n must be positive.
func (m Money) quoInt(n int64, mode RoundingMode) (Money, error) {
	if n <= 0 {
		return Money{}, fmt.Errorf("commerce: %v / %d: %w", m, n, ErrDivisionByZero)
	}
	if err := mode.check(); err != nil {
		return Money{}, err
	}
	d := uint64(n)
	a := magnitude(m.units)
	q, rem := a/d, a%d
	if mode.bump(m.units < 0, q, rem, d) {
		q++
	}
	v, _ := signed(0, q, m.units < 0) // |q| ≤ |m.units|: cannot overflow
	return Money{units: v, cur: m.cur}, nil
}

// Cmp compares m and o and returns -1, 0 or +1. The zero Money compares with
// any currency; two different currencies are [ErrCurrencyMismatch].
func (m Money) Cmp(o Money) (int, error) {
	if m.cur != o.cur {
		if _, err := m.common(o); err != nil {
			return 0, err
		}
	}
	switch {
	case m.units < o.units:
		return -1, nil
	case m.units > o.units:
		return 1, nil
	}
	return 0, nil
}

// Sum returns the total of ms. The sum of nothing is the zero Money. Mixed
// currencies are [ErrCurrencyMismatch]; an intermediate or final total outside
// the int64 range is [ErrOverflow].
func Sum(ms ...Money) (Money, error) {
	var total Money
	for _, m := range ms {
		var err error
		if total, err = total.Add(m); err != nil {
			return Money{}, err
		}
	}
	return total, nil
}

// Decimal returns the amount in major units as an exact decimal: ¥199.00 is
// 199.00 (coefficient 19900, exponent -2).
func (m Money) Decimal() decimal.Decimal {
	return decimal.New(m.units, -int32(m.cur.Exponent()))
}

// FromDecimal returns d in currency c, rounded to c's minor unit with mode.
// A result outside the int64 range of minor units is [ErrOverflow].
func FromDecimal(d decimal.Decimal, c Currency, mode RoundingMode) (Money, error) {
	if !c.Valid() {
		return Money{}, fmt.Errorf("commerce: from decimal: %v: %w", c, ErrUnknownCurrency)
	}
	if err := mode.check(); err != nil {
		return Money{}, err
	}
	exp := int32(c.Exponent())
	coef := d.Coefficient()
	if coef.Sign() == 0 {
		return Money{cur: c}, nil
	}
	// |d| in minor units is below 10^scale, where scale counts the digits
	// left of the point; bound it before any rescaling, so that an extreme
	// exponent costs nothing.
	scale := int64(len(coef.Text(10))) + int64(d.Exponent()) + int64(exp)
	if coef.Sign() < 0 {
		scale-- // the minus sign
	}
	switch {
	case scale > 19: // at least 10^18 units, beyond the int64 range
		return Money{}, fmt.Errorf("commerce: from decimal %s %v: %w", quoteDecimal(d), c, ErrOverflow)
	case scale < -1:
		// Below a hundredth of a minor unit: every mode rounds it as it
		// rounds a hundredth.
		d = decimal.New(int64(coef.Sign()), -exp-2)
	}
	units := mode.roundDecimal(d, exp).Shift(exp).BigInt()
	if !units.IsInt64() {
		return Money{}, fmt.Errorf("commerce: from decimal %s %v: %w", quoteDecimal(d), c, ErrOverflow)
	}
	return Money{units: units.Int64(), cur: c}, nil
}

// add64 returns a + b and whether it did not overflow.
func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (a^s)&(b^s) >= 0
}

// magnitude returns |v| as a uint64; |MinInt64| = 2^63 fits.
func magnitude(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// signed converts the 128-bit magnitude hi:lo with sign neg to an int64,
// reporting whether it fits.
func signed(hi, lo uint64, neg bool) (int64, bool) {
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return int64(-lo), true // lo ≤ 2^63, so the two's complement is the negative value
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// pow10u[i] is 10^i for i ≤ 19.
var pow10u = [20]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}
