package referral

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// RateUnit is the unit a platform writes a commission rate in. Each unit
// reads and writes one kind of text; [ParseRateIn] and [FormatRateIn]
// convert between that text and an exact [commerce.Rate].
//
// The zero value is not a unit and is rejected.
type RateUnit uint8

// The rate units.
const (
	// PercentUnit is a decimal number of per cent, with or without the sign:
	// "12.5" and "12.5%" are 12.5%. Up to 16 decimal places (18 once
	// divided by 100).
	PercentUnit RateUnit = iota + 1
	// BasisPointUnit is an integer count of ten-thousandths (万分比, 万分位):
	// "60" is 0.6%, "10000" is 100%. WeChat Pay's 分账 ratios, Douyin's
	// local-life ratios and WeChat union's commission (×10², "1000" is 10%)
	// are written in it.
	BasisPointUnit
	// DouyinUnit is Douyin 精选联盟's commission_rate: the rate ×10⁴ as an
	// integer, so 0.35 is "3500". It is numerically [BasisPointUnit]; the name
	// says where the number came from.
	DouyinUnit
	// WeChatPPMUnit is WeChat Shop 优选联盟's parts per million (ratio_ext,
	// service_ratio, commission_ratio): an integer, "10000" is 1%,
	// "1000000" is 100%.
	WeChatPPMUnit
	numRateUnits
)

var rateUnitNames = [numRateUnits]string{"", "percent", "basis points", "Douyin ×10⁴", "WeChat ppm"}

// String returns the unit's name, such as "percent" or "WeChat ppm".
func (u RateUnit) String() string {
	if !u.Valid() {
		return fmt.Sprintf("RateUnit(%d)", uint8(u))
	}
	return rateUnitNames[u]
}

// Valid reports whether u is one of the defined units.
func (u RateUnit) Valid() bool { return u > 0 && u < numRateUnits }

// scale returns how many decimal places one integer step of u is worth: 4
// for ten-thousandths, 6 for millionths. PercentUnit has none.
func (u RateUnit) scale() int {
	if u == WeChatPPMUnit {
		return 6
	}
	return 4
}

// ParseRateIn parses s, a rate written in unit u, and returns it as an
// exact rate. The grammar is, for [PercentUnit],
//
//	[ "+" | "-" ] digits [ "." digits ] [ "%" ]
//
// and for the integer units ([BasisPointUnit], [DouyinUnit], [WeChatPPMUnit])
//
//	[ "+" | "-" ] digits
//
// with no spaces, no exponent and no grouping. Commission and service
// ratios lie between 0% and 100%, so a negative rate or one above 100% is
// [ErrRateOutOfRange] (the error is a *commerce.FieldError, which also
// matches [commerce.ErrInvalid]); "-0" is 0. Malformed text is
// [commerce.ErrSyntax]; a percentage with more than 16 decimal places is
// [commerce.ErrInexact]; an invalid unit is [commerce.ErrInvalid].
func ParseRateIn(s string, u RateUnit) (commerce.Rate, error) {
	if !u.Valid() {
		return commerce.Rate{}, fieldErr("parse rate: unit", "unknown %v", u)
	}
	if u == PercentUnit {
		return parsePercent(s)
	}
	body, neg := s, false
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body, neg = body[1:], body[0] == '-'
	}
	if body == "" || strings.Trim(body, "0123456789") != "" {
		return commerce.Rate{}, fmt.Errorf("referral: parse rate %q in %v: %w", s, u, commerce.ErrSyntax)
	}
	limit := int64(1)
	for range u.scale() {
		limit *= 10
	}
	// Accumulate until the value passes 100%: past that, the digits left
	// cannot bring it back, and stopping there also bars overflow.
	var n int64
	for i := 0; i < len(body) && n <= limit; i++ {
		n = n*10 + int64(body[i]-'0')
	}
	switch {
	case n > limit:
		return commerce.Rate{}, rangeErr(fmt.Sprintf("parse rate %q in %v", s, u), "over 100%%")
	case neg && n != 0:
		return commerce.Rate{}, rangeErr(fmt.Sprintf("parse rate %q in %v", s, u), "negative")
	case u == WeChatPPMUnit:
		return commerce.PartsPerMillion(n), nil
	}
	return commerce.BasisPoints(n), nil
}

// parsePercent parses a percentage with an optional "%" sign.
func parsePercent(s string) (commerce.Rate, error) {
	body := strings.TrimSuffix(s, "%")
	// Only digits, a sign and a point may remain: commerce.ParseRate would
	// also read "‰" and "‱", which are not per cent.
	if strings.Trim(body, "+-.0123456789") != "" {
		return commerce.Rate{}, fmt.Errorf("referral: parse rate %q in %v: %w", s, PercentUnit, commerce.ErrSyntax)
	}
	field := fmt.Sprintf("parse rate %q in %v", s, PercentUnit)
	r, err := commerce.ParseRate(body + "%")
	switch {
	case errors.Is(err, commerce.ErrOverflow) && strings.HasPrefix(body, "-"):
		// A coefficient past 2^63 with at most 18 places is beyond ±9.2.
		return commerce.Rate{}, rangeErr(field, "negative")
	case errors.Is(err, commerce.ErrOverflow):
		return commerce.Rate{}, rangeErr(field, "over 100%%")
	case errors.Is(err, commerce.ErrInexact):
		return commerce.Rate{}, fmt.Errorf("referral: %s: more than 16 decimal places: %w", field, commerce.ErrInexact)
	case err != nil:
		return commerce.Rate{}, fmt.Errorf("referral: %s: %w", field, commerce.ErrSyntax)
	}
	if err := checkRate(field, r); err != nil {
		return commerce.Rate{}, err
	}
	return r, nil
}

// FormatRateIn writes r in unit u, so that [ParseRateIn] reads it back:
// 35% is "35%" in [PercentUnit], "3500" in [DouyinUnit] and [BasisPointUnit], and
// "350000" in [WeChatPPMUnit]. A rate outside 0% to 100% is
// [ErrRateOutOfRange]; a rate the integer unit cannot hold exactly (0.005%
// in basis points) is [commerce.ErrInexact]; an invalid unit is
// [commerce.ErrInvalid].
func FormatRateIn(r commerce.Rate, u RateUnit) (string, error) {
	if !u.Valid() {
		return "", fieldErr("format rate: unit", "unknown %v", u)
	}
	if err := checkRate(fmt.Sprintf("format rate %v in %v", r, u), r); err != nil {
		return "", err
	}
	if u == PercentUnit {
		return r.String(), nil
	}
	d := r.Decimal().Shift(int32(u.scale()))
	if !d.IsInteger() {
		return "", fmt.Errorf("referral: format rate %v in %v: not a whole number of units: %w", r, u, commerce.ErrInexact)
	}
	return strconv.FormatInt(d.IntPart(), 10), nil // at most 10^6: fits
}

// checkRate reports a rate below 0% or above 100% as [ErrRateOutOfRange],
// for the field named.
func checkRate(field string, r commerce.Rate) error {
	switch {
	case r.IsNegative():
		return rangeErr(field, "%v is negative", r)
	case r.Cmp(commerce.Percent(100)) > 0:
		return rangeErr(field, "%v is over 100%%", r)
	}
	return nil
}

// rangeErr returns a *commerce.FieldError for field that matches both
// [commerce.ErrInvalid] and [ErrRateOutOfRange].
func rangeErr(field, format string, args ...any) error {
	return &commerce.FieldError{Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrRateOutOfRange}
}
