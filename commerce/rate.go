package commerce

import (
	"fmt"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// maxRateScale is the most decimal places a Rate holds: 10^18 is the largest
// power of ten below 2^63.
const maxRateScale = 18

// Rate is an exact signed decimal ratio, such as a 12.5% commission, a 0.6%
// payment fee (60 万分比) or a -5% adjustment. It holds a coefficient and up
// to 18 decimal places (rate = coefficient / 10^places); a value that needs
// more places, such as 1/3, cannot be built and is reported as [ErrInexact].
//
// Rate is a small comparable value, normalised so that == and [Rate.Equal]
// agree (12.50% == 12.5%). The zero value is a rate of 0.
//
// Rates enter and leave the API as text ([ParseRate]), integer units
// ([Percent], [BasisPoints], [PartsPerMillion]) or [decimal.Decimal]
// ([RateFromDecimal], [Rate.Decimal]). They multiply money with
// [Money.MulRate].
type Rate struct {
	coef  int64
	scale uint8
}

func newRate(coef int64, scale int) Rate {
	for scale > 0 && coef%10 == 0 {
		coef /= 10
		scale--
	}
	if coef == 0 {
		scale = 0
	}
	return Rate{coef: coef, scale: uint8(scale)}
}

// Percent returns p percent: Percent(30) is 0.30.
func Percent(p int64) Rate { return newRate(p, 2) }

// BasisPoints returns n basis points, n/10,000: BasisPoints(60) is 0.6%.
// This is WeChat Pay's 万分比 unit and Douyin's 万分位 rate strings ("1234"
// is 12.34%): parse the integer and pass it here.
func BasisPoints(n int64) Rate { return newRate(n, 4) }

// PartsPerMillion returns n parts per million, n/1,000,000.
func PartsPerMillion(n int64) Rate { return newRate(n, 6) }

// ParseRate parses a rate. The grammar is
//
//	rate   = [ "+" | "-" ] digits [ "." digits ] [ suffix ]
//	suffix = "%" | "‰" | "‱"     (per cent, per mille, per ten thousand)
//
// with no spaces, no exponent and no grouping: "12.5%", "0.125", "60‱" and
// "-5%" are rates. More than 18 decimal places after applying the suffix
// (ignoring trailing zeros) is [ErrInexact]; malformed text is [ErrSyntax].
func ParseRate(s string) (Rate, error) {
	body, shift := s, 0
	switch {
	case strings.HasSuffix(body, "%"):
		body, shift = body[:len(body)-1], 2
	case strings.HasSuffix(body, "‰"):
		body, shift = body[:len(body)-len("‰")], 3
	case strings.HasSuffix(body, "‱"):
		body, shift = body[:len(body)-len("‱")], 4
	}
	neg, intPart, frac, ok := splitNumber(body)
	if !ok {
		return Rate{}, fmt.Errorf("commerce: parse rate %q: %w", s, ErrSyntax)
	}
	frac = strings.TrimRight(frac, "0")
	intPart = strings.TrimLeft(intPart, "0")
	scale := len(frac) + shift
	digits := intPart + frac
	// Trailing zeros of the integer part reduce the scale too.
	for scale > 0 && len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		scale--
	}
	if scale > maxRateScale {
		return Rate{}, fmt.Errorf("commerce: parse rate %q: more than %d decimal places: %w", s, maxRateScale, ErrInexact)
	}
	var mag uint64
	for i := 0; i < len(digits); i++ {
		hi, lo := bits.Mul64(mag, 10)
		var carry uint64
		lo, carry = bits.Add64(lo, uint64(digits[i]-'0'), 0)
		if hi != 0 || carry != 0 {
			return Rate{}, fmt.Errorf("commerce: parse rate %q: %w", s, ErrOverflow)
		}
		mag = lo
	}
	coef, fits := signed(0, mag, neg)
	if !fits {
		return Rate{}, fmt.Errorf("commerce: parse rate %q: %w", s, ErrOverflow)
	}
	return newRate(coef, scale), nil
}

// MustParseRate is like [ParseRate] but panics on error. It is for constants
// and tests.
func MustParseRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// RateFromDecimal returns d as a Rate. A value with more than 18 significant
// decimal places is [ErrInexact]; one whose coefficient leaves the int64 range
// is [ErrOverflow].
func RateFromDecimal(d decimal.Decimal) (Rate, error) {
	coef := d.Coefficient()
	if coef.Sign() == 0 {
		return Rate{}, nil
	}
	exp := int(d.Exponent())
	ten := big.NewInt(10)
	if exp > 0 {
		if exp > 19 {
			return Rate{}, fmt.Errorf("commerce: rate from decimal %s: %w", quoteDecimal(d), ErrOverflow)
		}
		coef.Mul(coef, new(big.Int).Exp(ten, big.NewInt(int64(exp)), nil))
		exp = 0
	}
	var rem big.Int
	for exp < 0 && coef.Sign() != 0 {
		var q big.Int
		q.QuoRem(coef, ten, &rem)
		if rem.Sign() != 0 {
			break
		}
		coef = &q
		exp++
	}
	if -exp > maxRateScale {
		return Rate{}, fmt.Errorf("commerce: rate from decimal %s: more than %d decimal places: %w", quoteDecimal(d), maxRateScale, ErrInexact)
	}
	if !coef.IsInt64() {
		return Rate{}, fmt.Errorf("commerce: rate from decimal %s: %w", quoteDecimal(d), ErrOverflow)
	}
	return newRate(coef.Int64(), -exp), nil
}

// Decimal returns the rate as an exact decimal: 12.5% is 0.125.
func (r Rate) Decimal() decimal.Decimal { return decimal.New(r.coef, -int32(r.scale)) }

// IsZero reports whether the rate is 0.
func (r Rate) IsZero() bool { return r.coef == 0 }

// IsNegative reports whether the rate is below 0.
func (r Rate) IsNegative() bool { return r.coef < 0 }

// Equal reports whether r and o are the same rate.
func (r Rate) Equal(o Rate) bool { return r == o }

// Cmp compares r and o exactly and returns -1, 0 or +1.
func (r Rate) Cmp(o Rate) int {
	return cmpFractions(r.coef, pow10u[r.scale], o.coef, pow10u[o.scale])
}

// String formats the rate as a percentage with no trailing zeros: "12.5%",
// "0.6%", "-5%", "0%". [ParseRate] reads it back.
func (r Rate) String() string {
	b := appendDecimal(nil, r.coef, int(r.scale)-2, true)
	return string(append(b, '%'))
}

// MarshalText encodes the rate as a plain decimal, "0.125" for 12.5%.
func (r Rate) MarshalText() ([]byte, error) {
	return appendDecimal(nil, r.coef, int(r.scale), true), nil
}

// UnmarshalText decodes any form [ParseRate] accepts.
func (r *Rate) UnmarshalText(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// appendDecimal appends v / 10^scale in plain decimal notation. A negative
// scale multiplies by 10^-scale. With trim, trailing fraction zeros are
// dropped; without it, exactly scale fraction digits are written.
func appendDecimal(b []byte, v int64, scale int, trim bool) []byte {
	if v < 0 {
		b = append(b, '-')
	}
	digits := strconv.FormatUint(magnitude(v), 10)
	if scale <= 0 {
		b = append(b, digits...)
		if v != 0 {
			for range -scale {
				b = append(b, '0')
			}
		}
		return b
	}
	if len(digits) <= scale {
		b = append(b, '0')
		digits = strings.Repeat("0", scale-len(digits)) + digits
	} else {
		b = append(b, digits[:len(digits)-scale]...)
		digits = digits[len(digits)-scale:]
	}
	if trim {
		digits = strings.TrimRight(digits, "0")
	}
	if digits != "" {
		b = append(b, '.')
		b = append(b, digits...)
	}
	return b
}

func cmp128(ahi, alo, bhi, blo uint64) int {
	switch {
	case ahi < bhi:
		return -1
	case ahi > bhi:
		return 1
	case alo < blo:
		return -1
	case alo > blo:
		return 1
	}
	return 0
}

// quoteDecimal formats d for an error message, eliding the middle of a
// number too long to quote whole.
func quoteDecimal(d decimal.Decimal) string {
	const most = 40
	if c := d.Coefficient(); c.BitLen() > 128 || d.Exponent() > 40 || d.Exponent() < -40 {
		s := c.String()
		if len(s) > most {
			s = s[:most/2] + "…" + s[len(s)-most/2:]
		}
		return fmt.Sprintf("%se%d", s, d.Exponent())
	}
	return d.String()
}
