package commercetest

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Money parses s as [commerce.ParseMoney] does ("¥49.90", "CNY 49.90",
// "JPY 500") and panics if it cannot. It is [commerce.MustParseMoney] under
// a short name, for literals in tests.
func Money(s string) commerce.Money { return commerce.MustParseMoney(s) }

// CNY returns fen minor units of yuan: CNY(4990) is ¥49.90.
func CNY(fen int64) commerce.Money { return commerce.MustNewMoney(fen, commerce.CNY) }

// must returns v, or panics with err: fixtures fail loudly on bad literals.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Errorf("commercetest: %w", err))
	}
	return v
}
