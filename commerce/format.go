package commerce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
)

// symbols maps the currency symbols ParseMoney accepts to their currency.
// Only unambiguous prefixes are listed: "¥" is CNY here (its use on Chinese
// platforms), so yen must be written "JPY 100" or "JP¥100"; a bare "$" is not
// accepted. Longer symbols come first so that "JP¥" wins over "¥".
var symbols = [...]struct {
	sym string
	cur Currency
}{
	{"MOP$", MOP}, {"US$", USD}, {"HK$", HKD}, {"NT$", TWD}, {"JP¥", JPY},
	{"S$", SGD}, {"A$", AUD}, {"C$", CAD}, {"RM", MYR}, {"Rp", IDR},
	{"¥", CNY}, {"￥", CNY}, {"€", EUR}, {"£", GBP}, {"₩", KRW},
	{"₫", VND}, {"฿", THB}, {"₱", PHP}, {"₹", INR},
}

// ParseMoney parses an amount with its currency. The grammar is
//
//	money  = code " " amount | [ "-" ] symbol amount
//	amount = [ "+" | "-" ] digits [ "." digits ]
//	digits = "0"…"9" { "0"…"9" }
//
// where code is an ISO 4217 code from the table ("CNY 199.00", "JPY -500") and
// symbol is one of ¥ and ￥ (CNY), US$, HK$, NT$, MOP$, S$, A$, C$, JP¥, €, £,
// ₩, ₫, ฿, ₱, ₹, RM and Rp ("¥199.00", "-¥5", "€0.99"). There is no
// surrounding space, no grouping separator and no exponent; a sign may appear
// once. The amount may have at most the currency's exponent of fraction digits
// ("¥1.234" is [ErrInexact]); fewer are padded ("¥199" is ¥199.00).
// The number is read digit by digit into int64 minor units, never through a
// float; a value outside that range is [ErrOverflow].
func ParseMoney(s string) (Money, error) {
	if len(s) > 4 && s[3] == ' ' && isCode(s[:3]) {
		c, err := ParseCurrency(s[:3])
		if err != nil {
			return Money{}, fmt.Errorf("commerce: parse money %q: %w", s, err)
		}
		return parseAmount(s, s[4:], c, 0, false, false)
	}
	body, neg := s, false
	if strings.HasPrefix(body, "-") {
		body, neg = body[1:], true
	}
	for _, e := range symbols {
		if rest, ok := strings.CutPrefix(body, e.sym); ok {
			return parseAmount(s, rest, e.cur, 0, false, neg)
		}
	}
	return Money{}, fmt.Errorf("commerce: parse money %q: want a currency code or symbol: %w", s, ErrSyntax)
}

// MustParseMoney is like [ParseMoney] but panics on error. It is for constants
// and tests: MustParseMoney("CNY 199.00").
func MustParseMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

// ParseAmount parses a bare amount ("199.00", "-5", "0.5") in currency c,
// following the amount rule of [ParseMoney]. More fraction digits than c's
// exponent is [ErrInexact]; use [ParseAmountRound] to round them away.
func ParseAmount(s string, c Currency) (Money, error) {
	return parseAmount(s, s, c, 0, false, false)
}

// ParseAmountRound is like [ParseAmount] but rounds fraction digits beyond
// c's exponent with mode: ParseAmountRound("24.875", CNY, HalfUp) is ¥24.88.
func ParseAmountRound(s string, c Currency, mode RoundingMode) (Money, error) {
	if err := mode.check(); err != nil {
		return Money{}, err
	}
	return parseAmount(s, s, c, mode, true, false)
}

// splitNumber splits [+-]digits[.digits] into its sign, integer digits and
// fraction digits, reporting whether s follows that grammar.
func splitNumber(s string) (neg bool, intPart, frac string, ok bool) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if !allDigits(intPart) || (dot && !allDigits(frac)) {
		return false, "", "", false
	}
	return neg, intPart, frac, true
}

func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseAmount reads num as an amount of c. input is the whole text, for
// error messages. With round set, excess fraction digits are rounded with
// mode; otherwise they are ErrInexact. negPrefix reports a minus sign already
// read before a symbol, after which num may not carry a sign of its own.
func parseAmount(input, num string, c Currency, mode RoundingMode, round, negPrefix bool) (Money, error) {
	if !c.Valid() {
		return Money{}, fmt.Errorf("commerce: parse amount %q: %v: %w", input, c, ErrUnknownCurrency)
	}
	neg, intPart, frac, ok := splitNumber(num)
	if !ok || (negPrefix && (num[0] == '-' || num[0] == '+')) {
		return Money{}, fmt.Errorf("commerce: parse amount %q: %w", input, ErrSyntax)
	}
	neg = neg || negPrefix
	exp := c.Exponent()
	var excess string
	if len(frac) > exp {
		if !round {
			return Money{}, fmt.Errorf("commerce: parse amount %q: %v allows %d fraction digits: %w", input, c, exp, ErrInexact)
		}
		frac, excess = frac[:exp], frac[exp:]
	}
	var mag uint64
	overflow := false
	push := func(d byte) {
		hi, lo := bits.Mul64(mag, 10)
		lo, carry := bits.Add64(lo, uint64(d-'0'), 0)
		overflow = overflow || hi != 0 || carry != 0
		mag = lo
	}
	for i := 0; i < len(intPart); i++ {
		push(intPart[i])
	}
	for i := 0; i < exp; i++ {
		d := byte('0')
		if i < len(frac) {
			d = frac[i]
		}
		push(d)
	}
	if overflow {
		return Money{}, fmt.Errorf("commerce: parse amount %q: %w", input, ErrOverflow)
	}
	if excess != "" {
		// Express the discarded digits as a remainder r of d = 4 so that
		// bump sees below half (1/4), half (2/4) or above half (3/4).
		var r uint64
		switch {
		case strings.Trim(excess, "0") == "":
			r = 0
		case excess[0] < '5':
			r = 1
		case excess[0] == '5' && strings.Trim(excess[1:], "0") == "":
			r = 2
		default:
			r = 3
		}
		if mode.bump(neg, mag, r, 4) {
			mag++
			if mag == 0 {
				return Money{}, fmt.Errorf("commerce: parse amount %q: %w", input, ErrOverflow)
			}
		}
	}
	v, fits := signed(0, mag, neg)
	if !fits {
		return Money{}, fmt.Errorf("commerce: parse amount %q: %w", input, ErrOverflow)
	}
	return Money{units: v, cur: c}, nil
}

// String formats m as its ISO code, a space and the amount with exactly the
// currency's fraction digits: "CNY 199.00", "JPY -500", "KWD 1.250". The zero
// Money formats as "0". [ParseMoney] reads back the result for any Money
// with a currency.
func (m Money) String() string {
	if !m.cur.Valid() {
		return "0"
	}
	b := make([]byte, 0, 24)
	b = append(b, m.cur.Code()...)
	b = append(b, ' ')
	return string(appendDecimal(b, m.units, m.cur.Exponent(), false))
}

type moneyJSON struct {
	Amount   *string `json:"amount"`
	Currency *string `json:"currency"`
}

// MarshalJSON encodes m as {"amount":"199.00","currency":"CNY"}: the amount is
// a string with exactly the currency's fraction digits, never a JSON number,
// and the output does not depend on any package-level setting. The zero Money
// encodes as null.
func (m Money) MarshalJSON() ([]byte, error) {
	if !m.cur.Valid() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 48)
	b = append(b, `{"amount":"`...)
	b = appendDecimal(b, m.units, m.cur.Exponent(), false)
	b = append(b, `","currency":"`...)
	b = append(b, m.cur.Code()...)
	return append(b, `"}`...), nil
}

// UnmarshalJSON decodes the form MarshalJSON writes. Both fields are required
// and the amount must be a string that [ParseAmount] accepts for the
// currency; null leaves m unchanged.
func (m *Money) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var v moneyJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("commerce: decode money: %w: %w", ErrSyntax, err)
	}
	if v.Amount == nil || v.Currency == nil {
		return fmt.Errorf("commerce: decode money %s: want amount and currency: %w", b, ErrSyntax)
	}
	c, err := ParseCurrency(*v.Currency)
	if err != nil {
		return err
	}
	got, err := ParseAmount(*v.Amount, c)
	if err != nil {
		return err
	}
	*m = got
	return nil
}
