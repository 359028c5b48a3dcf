package commerce_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// cases returns n, or long when LIVECOMMERCE_LONG=1 asks for the full sizes
// the issues name.
func cases(n, long int) int {
	if os.Getenv("LIVECOMMERCE_LONG") == "1" {
		return long
	}
	return n
}

func cny(units int64) commerce.Money { return commerce.MustNewMoney(units, commerce.CNY) }
func usd(units int64) commerce.Money { return commerce.MustNewMoney(units, commerce.USD) }

func TestCurrencyTable(t *testing.T) {
	tests := []struct {
		code string
		exp  int
	}{
		{"CNY", 2}, {"HKD", 2}, {"TWD", 2}, {"USD", 2}, {"EUR", 2}, {"GBP", 2},
		{"JPY", 0}, {"KRW", 0}, {"SGD", 2}, {"MYR", 2}, {"THB", 2}, {"VND", 0},
		{"IDR", 2}, {"PHP", 2}, {"AUD", 2}, {"CAD", 2}, {"KWD", 3}, {"BHD", 3},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := commerce.ParseCurrency(tt.code)
			require.NoError(t, err)
			assert.True(t, c.Valid())
			assert.Equal(t, tt.code, c.Code())
			assert.Equal(t, tt.code, c.String())
			assert.Equal(t, tt.exp, c.Exponent())
			b, err := c.MarshalText()
			require.NoError(t, err)
			var back commerce.Currency
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, c, back)
		})
	}
	all := commerce.Currencies()
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].Code(), all[i].Code(), "Currencies is ordered by code")
	}
}

func TestCurrencyErrors(t *testing.T) {
	for _, code := range []string{"", "cny", "XXX", "CNYY", "¥"} {
		_, err := commerce.ParseCurrency(code)
		assert.ErrorIs(t, err, commerce.ErrUnknownCurrency, code)
	}
	var zero commerce.Currency
	assert.False(t, zero.Valid())
	assert.Empty(t, zero.Code())
	assert.Equal(t, 0, zero.Exponent())
	assert.Equal(t, "Currency(0)", zero.String())
	_, err := zero.MarshalText()
	assert.ErrorIs(t, err, commerce.ErrUnknownCurrency)
	assert.ErrorIs(t, zero.UnmarshalText([]byte("ABC")), commerce.ErrUnknownCurrency)
	assert.Panics(t, func() { commerce.MustParseCurrency("ABC") })
	assert.Equal(t, commerce.JPY, commerce.MustParseCurrency("JPY"))
}

func TestNewMoney(t *testing.T) {
	m, err := commerce.NewMoney(19900, commerce.CNY)
	require.NoError(t, err)
	assert.Equal(t, int64(19900), m.Units())
	assert.Equal(t, commerce.CNY, m.Currency())
	assert.Equal(t, "CNY 199.00", m.String())

	_, err = commerce.NewMoney(1, commerce.Currency(0))
	assert.ErrorIs(t, err, commerce.ErrUnknownCurrency)
	_, err = commerce.NewMoney(1, commerce.Currency(200))
	assert.ErrorIs(t, err, commerce.ErrUnknownCurrency)
	assert.Panics(t, func() { commerce.MustNewMoney(1, 0) })

	assert.Equal(t, cny(0), commerce.Zero(commerce.CNY))
	assert.Equal(t, commerce.Money{}, commerce.Zero(0))
}

func TestMoneyPredicates(t *testing.T) {
	assert.True(t, cny(0).IsZero())
	assert.True(t, commerce.Money{}.IsZero())
	assert.True(t, cny(-1).IsNegative())
	assert.False(t, cny(0).IsNegative())
	assert.True(t, cny(1).IsPositive())
	assert.False(t, cny(0).IsPositive())
	assert.True(t, cny(5).Equal(cny(5)))
	assert.False(t, cny(5).Equal(usd(5)))
	assert.False(t, cny(0).Equal(commerce.Money{}), "a zero CNY is not the currency-less zero value")
}

func TestMoneyArithmetic(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	type op func(a, b commerce.Money) (commerce.Money, error)
	add := func(a, b commerce.Money) (commerce.Money, error) { return a.Add(b) }
	sub := func(a, b commerce.Money) (commerce.Money, error) { return a.Sub(b) }
	tests := []struct {
		name string
		op   op
		a, b commerce.Money
		want commerce.Money
		err  error
	}{
		{"add", add, cny(19900), cny(101), cny(20001), nil},
		{"add negative", add, cny(-5), cny(3), cny(-2), nil},
		{"add zero value left", add, commerce.Money{}, cny(7), cny(7), nil},
		{"add zero value right", add, usd(7), commerce.Money{}, usd(7), nil},
		{"add zero values", add, commerce.Money{}, commerce.Money{}, commerce.Money{}, nil},
		{"add mismatch", add, cny(1), usd(1), commerce.Money{}, commerce.ErrCurrencyMismatch},
		{"add overflow", add, cny(maxI), cny(1), commerce.Money{}, commerce.ErrOverflow},
		{"add underflow", add, cny(minI), cny(-1), commerce.Money{}, commerce.ErrOverflow},
		{"add extremes", add, cny(minI), cny(maxI), cny(-1), nil},
		{"sub", sub, cny(100), cny(250), cny(-150), nil},
		{"sub zero value", sub, commerce.Money{}, cny(5), cny(-5), nil},
		{"sub mismatch", sub, cny(1), usd(1), commerce.Money{}, commerce.ErrCurrencyMismatch},
		{"sub overflow", sub, cny(minI), cny(1), commerce.Money{}, commerce.ErrOverflow},
		{"sub overflow up", sub, cny(maxI), cny(-1), commerce.Money{}, commerce.ErrOverflow},
		{"sub to min", sub, cny(-1), cny(maxI), cny(minI), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op(tt.a, tt.b)
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMismatchErrorCarriesCurrencies(t *testing.T) {
	_, err := cny(1).Add(usd(1))
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, commerce.CNY, me.A)
	assert.Equal(t, commerce.USD, me.B)
	assert.Contains(t, err.Error(), "CNY and USD")
}

func TestNegAbsMulInt(t *testing.T) {
	n, err := cny(5).Neg()
	require.NoError(t, err)
	assert.Equal(t, cny(-5), n)
	_, err = cny(math.MinInt64).Neg()
	assert.ErrorIs(t, err, commerce.ErrOverflow)

	a, err := cny(-5).Abs()
	require.NoError(t, err)
	assert.Equal(t, cny(5), a)
	a, err = cny(5).Abs()
	require.NoError(t, err)
	assert.Equal(t, cny(5), a)
	_, err = cny(math.MinInt64).Abs()
	assert.ErrorIs(t, err, commerce.ErrOverflow)

	tests := []struct {
		m    commerce.Money
		n    int64
		want commerce.Money
		err  error
	}{
		{cny(4990), 3, cny(14970), nil},
		{cny(4990), -3, cny(-14970), nil},
		{cny(-4990), -3, cny(14970), nil},
		{cny(4990), 0, cny(0), nil},
		{cny(math.MaxInt64), 1, cny(math.MaxInt64), nil},
		{cny(math.MinInt64), 1, cny(math.MinInt64), nil},
		{cny(math.MinInt64), -1, commerce.Money{}, commerce.ErrOverflow},
		{cny(1 << 62), 2, commerce.Money{}, commerce.ErrOverflow},
		{cny(-(1 << 62)), 2, cny(math.MinInt64), nil},
		{cny(1 << 32), 1 << 32, commerce.Money{}, commerce.ErrOverflow},
	}
	for _, tt := range tests {
		got, err := tt.m.MulInt(tt.n)
		assert.ErrorIs(t, err, tt.err, "%v × %d", tt.m, tt.n)
		assert.Equal(t, tt.want, got, "%v × %d", tt.m, tt.n)
	}
}

func TestCmpAndSum(t *testing.T) {
	tests := []struct {
		a, b commerce.Money
		want int
		err  error
	}{
		{cny(1), cny(2), -1, nil},
		{cny(2), cny(1), 1, nil},
		{cny(2), cny(2), 0, nil},
		{commerce.Money{}, cny(-1), 1, nil},
		{cny(1), usd(1), 0, commerce.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		got, err := tt.a.Cmp(tt.b)
		assert.ErrorIs(t, err, tt.err)
		assert.Equal(t, tt.want, got, "%v cmp %v", tt.a, tt.b)
	}

	s, err := commerce.Sum()
	require.NoError(t, err)
	assert.Equal(t, commerce.Money{}, s)
	s, err = commerce.Sum(cny(1), cny(2), cny(3))
	require.NoError(t, err)
	assert.Equal(t, cny(6), s)
	_, err = commerce.Sum(cny(1), usd(2))
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	_, err = commerce.Sum(cny(math.MaxInt64), cny(1), cny(-5))
	assert.ErrorIs(t, err, commerce.ErrOverflow, "an intermediate overflow is reported even if the total would fit")
}

func TestMulRateModes(t *testing.T) {
	// 12.5% of ¥199.00 is 24.875 yuan; -12.5% is -24.875; 2.5 and 3.5 fen
	// exercise the tie rules.
	r125 := commerce.MustParseRate("12.5%")
	half := commerce.MustParseRate("0.5")
	tests := []struct {
		m    commerce.Money
		r    commerce.Rate
		mode commerce.RoundingMode
		want int64
	}{
		{cny(19900), r125, commerce.HalfUp, 2488},
		{cny(19900), r125, commerce.HalfEven, 2488},
		{cny(19900), r125, commerce.Down, 2487},
		{cny(19900), r125, commerce.Up, 2488},
		{cny(19900), r125, commerce.Floor, 2487},
		{cny(19900), r125, commerce.Ceiling, 2488},
		{cny(-19900), r125, commerce.HalfUp, -2488},
		{cny(-19900), r125, commerce.Down, -2487},
		{cny(-19900), r125, commerce.Up, -2488},
		{cny(-19900), r125, commerce.Floor, -2488},
		{cny(-19900), r125, commerce.Ceiling, -2487},
		{cny(5), half, commerce.HalfEven, 2},
		{cny(7), half, commerce.HalfEven, 4},
		{cny(5), half, commerce.HalfUp, 3},
		{cny(-5), half, commerce.HalfUp, -3},
		{cny(-5), half, commerce.HalfEven, -2},
		{cny(19900), commerce.MustParseRate("-12.5%"), commerce.HalfUp, -2488},
		{cny(19900), commerce.Rate{}, commerce.HalfUp, 0},
		{cny(19900), commerce.Percent(100), commerce.HalfUp, 19900},
		{cny(1), commerce.PartsPerMillion(1), commerce.Up, 1},
		{cny(1), commerce.PartsPerMillion(1), commerce.HalfUp, 0},
		{cny(math.MaxInt64), commerce.Percent(100), commerce.HalfUp, math.MaxInt64},
		{cny(math.MinInt64), commerce.Percent(50), commerce.HalfUp, math.MinInt64 / 2},
	}
	for _, tt := range tests {
		got, err := tt.m.MulRate(tt.r, tt.mode)
		require.NoError(t, err)
		assert.Equal(t, cny(tt.want), got, "%v × %v %v", tt.m, tt.r, tt.mode)
	}
}

func TestMulRateErrors(t *testing.T) {
	_, err := cny(1).MulRate(commerce.Percent(1), 0)
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)
	_, err = cny(math.MaxInt64).MulRate(commerce.Percent(200), commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	_, err = cny(math.MinInt64).MulRate(commerce.Percent(-100), commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	_, err = cny(math.MaxInt64).MulRate(commerce.MustParseRate("1.000000000000000001"), commerce.Up)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
}

// TestMulRateMatchesDecimal checks MulRate against shopspring decimal
// arithmetic rounded the same way, over random amounts, rates and modes.
func TestMulRateMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := cases(20_000, 1_000_000)
	for range n {
		units := rng.Int64N(2_000_000_000_000) - 1_000_000_000_000
		coef := rng.Int64N(2_000_000) - 1_000_000
		scale := rng.IntN(9)
		r, err := commerce.RateFromDecimal(decimal.New(coef, -int32(scale)))
		require.NoError(t, err)
		mode := commerce.RoundingMode(1 + rng.IntN(6))
		m := cny(units)
		got, err := m.MulRate(r, mode)
		require.NoError(t, err)
		want, err := commerce.FromDecimal(m.Decimal().Mul(r.Decimal()), commerce.CNY, mode)
		require.NoError(t, err)
		require.Equal(t, want, got, "%v × %v %v", m, r, mode)
	}
}

func TestDecimalConversions(t *testing.T) {
	assert.True(t, decimal.RequireFromString("199.00").Equal(cny(19900).Decimal()))
	assert.True(t, decimal.RequireFromString("-1.250").Equal(commerce.MustNewMoney(-1250, commerce.KWD).Decimal()))
	assert.True(t, decimal.NewFromInt(500).Equal(commerce.MustNewMoney(500, commerce.JPY).Decimal()))

	tests := []struct {
		in   string
		c    commerce.Currency
		mode commerce.RoundingMode
		want commerce.Money
	}{
		{"24.875", commerce.CNY, commerce.HalfUp, cny(2488)},
		{"24.875", commerce.CNY, commerce.HalfEven, cny(2488)},
		{"24.865", commerce.CNY, commerce.HalfEven, cny(2486)},
		{"-24.875", commerce.CNY, commerce.Down, cny(-2487)},
		{"-24.871", commerce.CNY, commerce.Floor, cny(-2488)},
		{"24.871", commerce.CNY, commerce.Ceiling, cny(2488)},
		{"24.871", commerce.CNY, commerce.Up, cny(2488)},
		{"99.5", commerce.JPY, commerce.HalfUp, commerce.MustNewMoney(100, commerce.JPY)},
		{"1.2345", commerce.KWD, commerce.HalfUp, commerce.MustNewMoney(1235, commerce.KWD)},
	}
	for _, tt := range tests {
		got, err := commerce.FromDecimal(decimal.RequireFromString(tt.in), tt.c, tt.mode)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s %v %v", tt.in, tt.c, tt.mode)
	}
	_, err := commerce.FromDecimal(decimal.RequireFromString("1e30"), commerce.CNY, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	// Extreme exponents are bounded before any rescaling: these return at once.
	_, err = commerce.FromDecimal(decimal.New(1, 1_000_000), commerce.CNY, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	assert.Less(t, len(err.Error()), 200, "the error quotes a shortened number")
	tiny := []struct {
		d    decimal.Decimal
		mode commerce.RoundingMode
		want int64
	}{
		{decimal.New(1, -1_000_000), commerce.HalfUp, 0},
		{decimal.New(1, -1_000_000), commerce.Up, 1},
		{decimal.New(1, -1_000_000), commerce.Ceiling, 1},
		{decimal.New(1, -1_000_000), commerce.Floor, 0},
		{decimal.New(-1, -1_000_000), commerce.Floor, -1},
		{decimal.New(-1, -1_000_000), commerce.Up, -1},
		{decimal.New(-1, -1_000_000), commerce.Down, 0},
		{decimal.New(0, 1_000_000), commerce.Up, 0},
		{decimal.RequireFromString("0.009"), commerce.HalfUp, 1}, // 0.9 fen: not tiny
		{decimal.RequireFromString("0.0009"), commerce.Up, 1},    // 0.09 fen
		{decimal.RequireFromString("-92233720368547758.08"), commerce.HalfUp, math.MinInt64},
	}
	for _, tt := range tiny {
		got, err := commerce.FromDecimal(tt.d, commerce.CNY, tt.mode)
		require.NoError(t, err)
		assert.Equal(t, cny(tt.want), got, "%s %v", tt.d.Exponent(), tt.mode)
	}
	_, err = commerce.FromDecimal(decimal.RequireFromString("92233720368547758.08"), commerce.CNY, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	_, err = commerce.FromDecimal(decimal.NewFromInt(1), 0, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrUnknownCurrency)
	_, err = commerce.FromDecimal(decimal.NewFromInt(1), commerce.CNY, 0)
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)
}

func TestRoundingModeNames(t *testing.T) {
	names := map[commerce.RoundingMode]string{
		commerce.HalfUp: "HalfUp", commerce.HalfEven: "HalfEven", commerce.Down: "Down",
		commerce.Up: "Up", commerce.Floor: "Floor", commerce.Ceiling: "Ceiling",
	}
	for m, name := range names {
		assert.True(t, m.Valid())
		assert.Equal(t, name, m.String())
	}
	assert.False(t, commerce.RoundingMode(0).Valid())
	assert.Equal(t, "RoundingMode(9)", commerce.RoundingMode(9).String())
}

func TestErrorsMatch(t *testing.T) {
	fe := &commerce.FieldError{Field: "x", Reason: "bad", Err: commerce.ErrOverflow}
	assert.ErrorIs(t, fe, commerce.ErrInvalid)
	assert.ErrorIs(t, fe, commerce.ErrOverflow)
	assert.Equal(t, "commerce: x: bad: overflow", fe.Error())
	assert.True(t, errors.Is(&commerce.TransitionError{}, commerce.ErrInvalidTransition))
}
