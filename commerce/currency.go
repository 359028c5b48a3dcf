package commerce

import "fmt"

// Currency is an ISO 4217 currency from the table compiled into this package.
//
// A Currency is a small comparable value: compare with ==, use it as a map key.
// The named constants ([CNY], [USD], ...) are the whole table. The zero value is
// no currency: it is not valid, [Currency.Valid] reports false, and every
// constructor that takes a Currency rejects it with [ErrUnknownCurrency].
type Currency uint8

// The currencies this package knows, with their ISO 4217 minor-unit exponents.
// TWD and IDR carry ISO's exponent of 2 even where prices are shown without
// decimals.
const (
	AED Currency = iota + 1 // UAE dirham, 2
	AUD                     // Australian dollar, 2
	BHD                     // Bahraini dinar, 3
	CAD                     // Canadian dollar, 2
	CHF                     // Swiss franc, 2
	CNY                     // Chinese yuan renminbi, 2 (fen)
	EUR                     // euro, 2
	GBP                     // pound sterling, 2
	HKD                     // Hong Kong dollar, 2
	IDR                     // Indonesian rupiah, 2
	INR                     // Indian rupee, 2
	JPY                     // Japanese yen, 0
	KRW                     // South Korean won, 0
	KWD                     // Kuwaiti dinar, 3
	MOP                     // Macanese pataca, 2
	MYR                     // Malaysian ringgit, 2
	NZD                     // New Zealand dollar, 2
	OMR                     // Omani rial, 3
	PHP                     // Philippine peso, 2
	SGD                     // Singapore dollar, 2
	THB                     // Thai baht, 2
	TWD                     // New Taiwan dollar, 2
	USD                     // US dollar, 2
	VND                     // Vietnamese dong, 0
	numCurrencies
)

type currencyInfo struct {
	code     string
	exponent uint8
}

// currencies is indexed by Currency; entry 0 is the invalid zero value.
// It is reference data: it is never written after initialisation.
var currencies = [numCurrencies]currencyInfo{
	{},
	AED: {"AED", 2},
	AUD: {"AUD", 2},
	BHD: {"BHD", 3},
	CAD: {"CAD", 2},
	CHF: {"CHF", 2},
	CNY: {"CNY", 2},
	EUR: {"EUR", 2},
	GBP: {"GBP", 2},
	HKD: {"HKD", 2},
	IDR: {"IDR", 2},
	INR: {"INR", 2},
	JPY: {"JPY", 0},
	KRW: {"KRW", 0},
	KWD: {"KWD", 3},
	MOP: {"MOP", 2},
	MYR: {"MYR", 2},
	NZD: {"NZD", 2},
	OMR: {"OMR", 3},
	PHP: {"PHP", 2},
	SGD: {"SGD", 2},
	THB: {"THB", 2},
	TWD: {"TWD", 2},
	USD: {"USD", 2},
	VND: {"VND", 0},
}

// ParseCurrency returns the currency with the given ISO 4217 alphabetic code.
// The code must be three upper-case letters; an unknown code is
// [ErrUnknownCurrency].
func ParseCurrency(code string) (Currency, error) {
	if len(code) == 3 {
		for c := Currency(1); c < numCurrencies; c++ {
			if currencies[c].code == code {
				return c, nil
			}
		}
	}
	return 0, fmt.Errorf("commerce: currency %q: %w", code, ErrUnknownCurrency)
}

// MustParseCurrency is like [ParseCurrency] but panics on an unknown code.
// It is for constants and tests.
func MustParseCurrency(code string) Currency {
	c, err := ParseCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

// Currencies returns every known currency, ordered by code.
func Currencies() []Currency {
	out := make([]Currency, 0, numCurrencies-1)
	for c := Currency(1); c < numCurrencies; c++ {
		out = append(out, c)
	}
	return out
}

// Valid reports whether c is one of the known currencies.
func (c Currency) Valid() bool { return c > 0 && c < numCurrencies }

// Code returns the ISO 4217 alphabetic code, or "" for an invalid currency.
func (c Currency) Code() string {
	if !c.Valid() {
		return ""
	}
	return currencies[c].code
}

// Exponent returns the number of decimal digits of the minor unit: 2 for CNY
// (1 yuan = 100 fen), 0 for JPY, 3 for KWD. It is 0 for an invalid currency.
func (c Currency) Exponent() int {
	if !c.Valid() {
		return 0
	}
	return int(currencies[c].exponent)
}

// String returns the ISO code, or "Currency(n)" for an invalid value.
func (c Currency) String() string {
	if !c.Valid() {
		return fmt.Sprintf("Currency(%d)", uint8(c))
	}
	return currencies[c].code
}

// MarshalText encodes the ISO code. An invalid currency is an error.
func (c Currency) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("commerce: marshal %v: %w", c, ErrUnknownCurrency)
	}
	return []byte(currencies[c].code), nil
}

// UnmarshalText decodes an ISO code, as [ParseCurrency] does.
func (c *Currency) UnmarshalText(b []byte) error {
	v, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
