package commerce

import (
	"fmt"
	"math/bits"
	"strconv"
)

// Ratio is an exact fraction num/den with den > 0, kept in lowest terms: the
// share of own-brand SKUs in a lineup (80/100 = 4/5), a refund rate (3 of 10
// orders), a repurchase rate. Ratios compare exactly, by 128-bit
// cross-multiplication, never through a float; convert one to a [Rate] with
// an explicit number of places and rounding mode for display.
//
// Ratio is a comparable value. The zero value is 0 (0/1).
type Ratio struct {
	num int64
	// denm1 is den − 1, so that the zero value means 0/1.
	denm1 int64
}

// NewRatio returns num/den in lowest terms. den must be positive
// ([ErrDivisionByZero] otherwise).
func NewRatio(num, den int64) (Ratio, error) {
	if den <= 0 {
		return Ratio{}, fmt.Errorf("commerce: ratio %d/%d: %w", num, den, ErrDivisionByZero)
	}
	if den == 1 { // a whole number, in lowest terms: no division
		return Ratio{num: num}, nil
	}
	g := gcd(magnitude(num), uint64(den))
	n, _ := signed(0, magnitude(num)/g, num < 0)
	return Ratio{num: n, denm1: den/int64(g) - 1}, nil
}

// MustNewRatio is like [NewRatio] but panics on a non-positive denominator.
// It is for constants and tests.
func MustNewRatio(num, den int64) Ratio {
	r, err := NewRatio(num, den)
	if err != nil {
		panic(err)
	}
	return r
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// Num returns the numerator in lowest terms.
func (r Ratio) Num() int64 { return r.num }

// Den returns the denominator in lowest terms; it is always positive.
func (r Ratio) Den() int64 { return r.denm1 + 1 }

// IsZero reports whether the ratio is 0.
func (r Ratio) IsZero() bool { return r.num == 0 }

// Equal reports whether r and o are the same number.
func (r Ratio) Equal(o Ratio) bool { return r == o }

// Cmp compares r and o exactly and returns -1, 0 or +1.
func (r Ratio) Cmp(o Ratio) int {
	return cmpFractions(r.num, uint64(r.Den()), o.num, uint64(o.Den()))
}

// CmpRate compares r with a rate exactly and returns -1, 0 or +1:
// r.CmpRate(Percent(30)) >= 0 tests "a refund rate of at least 30%".
func (r Ratio) CmpRate(rate Rate) int {
	return cmpFractions(r.num, uint64(r.Den()), rate.coef, pow10u[rate.scale])
}

// cmpFractions compares a/b with c/d for positive b and d.
func cmpFractions(a int64, b uint64, c int64, d uint64) int {
	if (a < 0) != (c < 0) {
		if a < 0 {
			return -1
		}
		return 1
	}
	xhi, xlo := bits.Mul64(magnitude(a), d)
	yhi, ylo := bits.Mul64(magnitude(c), b)
	cmp := cmp128(xhi, xlo, yhi, ylo)
	if a < 0 {
		return -cmp
	}
	return cmp
}

// Rate returns r rounded to places decimal places (0 to 18) with mode:
// 1/3 at 4 places HalfUp is 0.3333 (33.33%).
func (r Ratio) Rate(places int, mode RoundingMode) (Rate, error) {
	if places < 0 || places > maxRateScale {
		return Rate{}, invalidf("ratio: places", "want 0 to %d, got %d", maxRateScale, places)
	}
	if err := mode.check(); err != nil {
		return Rate{}, err
	}
	den := uint64(r.Den())
	hi, lo := bits.Mul64(magnitude(r.num), pow10u[places])
	if hi >= den {
		return Rate{}, fmt.Errorf("commerce: ratio %v at %d places: %w", r, places, ErrOverflow)
	}
	q, rem := bits.Div64(hi, lo, den)
	wrapped := false
	if mode.bump(r.num < 0, q, rem, den) {
		q++
		wrapped = q == 0
	}
	v, ok := signed(0, q, r.num < 0)
	if !ok || wrapped {
		return Rate{}, fmt.Errorf("commerce: ratio %v at %d places: %w", r, places, ErrOverflow)
	}
	return newRate(v, places), nil
}

// String formats the ratio as "num/den", such as "4/5".
func (r Ratio) String() string {
	return strconv.FormatInt(r.num, 10) + "/" + strconv.FormatInt(r.Den(), 10)
}
