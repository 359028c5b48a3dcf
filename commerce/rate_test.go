package commerce_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in      string
		decimal string
		str     string
	}{
		{"12.5%", "0.125", "12.5%"},
		{"12.50%", "0.125", "12.5%"},
		{"0.125", "0.125", "12.5%"},
		{"60‱", "0.006", "0.6%"},
		{"6‰", "0.006", "0.6%"},
		{"100%", "1", "100%"},
		{"250%", "2.5", "250%"},
		{"-5%", "-0.05", "-5%"},
		{"+5%", "0.05", "5%"},
		{"0", "0", "0%"},
		{"-0%", "0", "0%"},
		{"000.000", "0", "0%"},
		{"1000", "1000", "100000%"},
		{"0.000000000000000001", "0.000000000000000001", "0.0000000000000001%"},
		{"0.0000000000000001%", "0.000000000000000001", "0.0000000000000001%"},
		{"0.1000000000000000000000", "0.1", "10%"},
		{"9223372036854775807", "9223372036854775807", "922337203685477580700%"},
		{"-9223372036854775808", "-9223372036854775808", "-922337203685477580800%"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := commerce.ParseRate(tt.in)
			require.NoError(t, err)
			assert.True(t, decimal.RequireFromString(tt.decimal).Equal(r.Decimal()), "got %s", r.Decimal())
			assert.Equal(t, tt.str, r.String())
			back, err := commerce.ParseRate(r.String())
			require.NoError(t, err)
			assert.Equal(t, r, back, "String round-trips")
			text, err := r.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.decimal, string(text))
		})
	}
}

func TestParseRateErrors(t *testing.T) {
	tests := []struct {
		in  string
		err error
	}{
		{"", commerce.ErrSyntax},
		{"%", commerce.ErrSyntax},
		{"12.5 %", commerce.ErrSyntax},
		{"abc", commerce.ErrSyntax},
		{"1e-3", commerce.ErrSyntax},
		{".5", commerce.ErrSyntax},
		{"5.", commerce.ErrSyntax},
		{"0.0000000000000000001", commerce.ErrInexact},
		{"0.00000000000000001%", commerce.ErrInexact},
		{"9223372036854775808", commerce.ErrOverflow},
		{"-9223372036854775809", commerce.ErrOverflow},
		{"99999999999999999999", commerce.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := commerce.ParseRate(tt.in)
			assert.ErrorIs(t, err, tt.err)
		})
	}
	assert.Panics(t, func() { commerce.MustParseRate("x") })
}

func TestRateConstructors(t *testing.T) {
	tests := []struct {
		name string
		r    commerce.Rate
		want string
	}{
		{"percent", commerce.Percent(30), "30%"},
		{"basis points", commerce.BasisPoints(60), "0.6%"},
		{"wechat 万分比 100% ", commerce.BasisPoints(10_000), "100%"},
		// Douyin's commission_ratio "1234" (万分位) is 12.34%.
		{"douyin 万分位", commerce.BasisPoints(1234), "12.34%"},
		{"ppm", commerce.PartsPerMillion(6000), "0.6%"},
		{"negative", commerce.Percent(-5), "-5%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.String())
			assert.Equal(t, commerce.MustParseRate(tt.want), tt.r, "normalised: equal to the parsed form")
		})
	}
	assert.Equal(t, commerce.BasisPoints(60), commerce.PartsPerMillion(6000))
	assert.True(t, commerce.Percent(0).IsZero())
	assert.True(t, commerce.Percent(-1).IsNegative())
	assert.False(t, commerce.Percent(1).IsNegative())
}

func TestRateFromDecimal(t *testing.T) {
	tests := []struct {
		in   decimal.Decimal
		want commerce.Rate
		err  error
	}{
		{decimal.RequireFromString("0.125"), commerce.MustParseRate("12.5%"), nil},
		{decimal.RequireFromString("0.12500000000000000000000"), commerce.MustParseRate("12.5%"), nil},
		{decimal.New(5, 2), commerce.MustParseRate("500"), nil},
		{decimal.New(0, 5), commerce.Rate{}, nil},
		{decimal.New(0, -40), commerce.Rate{}, nil},
		{decimal.RequireFromString("-0.006"), commerce.MustParseRate("-0.6%"), nil},
		{decimal.New(1, -19), commerce.Rate{}, commerce.ErrInexact},
		{decimal.New(1, 19), commerce.Rate{}, commerce.ErrOverflow},
		{decimal.New(1, 40), commerce.Rate{}, commerce.ErrOverflow},
		{decimal.New(1, 18), commerce.MustParseRate("1000000000000000000"), nil},
		{decimal.NewFromInt(math.MinInt64), commerce.MustParseRate("-9223372036854775808"), nil},
		{decimal.New(0, 100_000_000), commerce.Rate{}, nil}, // a zero with a huge exponent costs nothing
		{decimal.New(7, -100_000_000), commerce.Rate{}, commerce.ErrInexact},
		{decimal.NewFromInt(1).DivRound(decimal.NewFromInt(3), 20), commerce.Rate{}, commerce.ErrInexact},
	}
	for _, tt := range tests {
		got, err := commerce.RateFromDecimal(tt.in)
		assert.ErrorIs(t, err, tt.err, "%se%d", tt.in.Coefficient(), tt.in.Exponent())
		assert.Equal(t, tt.want, got, "%se%d", tt.in.Coefficient(), tt.in.Exponent())
	}
}

func TestRateCmp(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"12.5%", "0.125", 0},
		{"12.5%", "12.51%", -1},
		{"1", "0.999999999999999999", 1},
		{"-5%", "5%", -1},
		{"5%", "-5%", 1},
		{"-5%", "-4%", -1},
		{"0", "-0.000000000000000001", 1},
		{"9223372036854775807", "0.000000000000000001", 1},
	}
	for _, tt := range tests {
		a, b := commerce.MustParseRate(tt.a), commerce.MustParseRate(tt.b)
		assert.Equal(t, tt.want, a.Cmp(b), "%s cmp %s", tt.a, tt.b)
		assert.Equal(t, -tt.want, b.Cmp(a), "%s cmp %s", tt.b, tt.a)
		assert.Equal(t, tt.want == 0, a.Equal(b))
	}
}

func TestRateJSON(t *testing.T) {
	type plan struct {
		Rate commerce.Rate `json:"rate"`
	}
	b, err := json.Marshal(plan{commerce.MustParseRate("12.5%")})
	require.NoError(t, err)
	assert.Equal(t, `{"rate":"0.125"}`, string(b))
	var p plan
	require.NoError(t, json.Unmarshal([]byte(`{"rate":"60‱"}`), &p))
	assert.Equal(t, commerce.BasisPoints(60), p.Rate)
	assert.Error(t, json.Unmarshal([]byte(`{"rate":"lots"}`), &p))
}

func TestRatio(t *testing.T) {
	r, err := commerce.NewRatio(80, 100)
	require.NoError(t, err)
	assert.Equal(t, int64(4), r.Num())
	assert.Equal(t, int64(5), r.Den())
	assert.Equal(t, "4/5", r.String())
	assert.Equal(t, commerce.MustNewRatio(4, 5), r)
	assert.True(t, r.Equal(commerce.MustNewRatio(8, 10)))

	var zero commerce.Ratio
	assert.True(t, zero.IsZero())
	assert.Equal(t, int64(1), zero.Den())
	assert.Equal(t, commerce.MustNewRatio(0, 7), zero)

	_, err = commerce.NewRatio(1, 0)
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = commerce.NewRatio(1, -2)
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	assert.Panics(t, func() { commerce.MustNewRatio(1, 0) })

	neg := commerce.MustNewRatio(-3, 9)
	assert.Equal(t, "-1/3", neg.String())
}

func TestRatioCmp(t *testing.T) {
	big := commerce.MustNewRatio(math.MaxInt64, math.MaxInt64-1)
	tests := []struct {
		a, b commerce.Ratio
		want int
	}{
		{commerce.MustNewRatio(1, 3), commerce.MustNewRatio(2, 6), 0},
		{commerce.MustNewRatio(1, 3), commerce.MustNewRatio(1, 2), -1},
		{commerce.MustNewRatio(-1, 3), commerce.MustNewRatio(1, 3), -1},
		{commerce.MustNewRatio(-1, 3), commerce.MustNewRatio(-1, 2), 1},
		{big, commerce.MustNewRatio(1, 1), 1},
		{big, commerce.MustNewRatio(math.MaxInt64-1, math.MaxInt64-2), -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.Cmp(tt.b), "%v cmp %v", tt.a, tt.b)
		assert.Equal(t, -tt.want, tt.b.Cmp(tt.a), "%v cmp %v", tt.b, tt.a)
	}

	// A refund-rate gate: 3 of 10 orders is at least 30%, 29 of 100 is not.
	assert.Equal(t, 0, commerce.MustNewRatio(3, 10).CmpRate(commerce.Percent(30)))
	assert.Equal(t, -1, commerce.MustNewRatio(29, 100).CmpRate(commerce.Percent(30)))
	assert.Equal(t, 1, commerce.MustNewRatio(1, 3).CmpRate(commerce.MustParseRate("0.333333333333333333")))
	assert.Equal(t, -1, commerce.MustNewRatio(-1, 3).CmpRate(commerce.Percent(0)))
}

func TestRatioRate(t *testing.T) {
	tests := []struct {
		r      commerce.Ratio
		places int
		mode   commerce.RoundingMode
		want   string
	}{
		{commerce.MustNewRatio(1, 3), 4, commerce.HalfUp, "33.33%"},
		{commerce.MustNewRatio(2, 3), 4, commerce.HalfUp, "66.67%"},
		{commerce.MustNewRatio(2, 3), 4, commerce.Down, "66.66%"},
		{commerce.MustNewRatio(-2, 3), 4, commerce.HalfUp, "-66.67%"},
		{commerce.MustNewRatio(-2, 3), 4, commerce.Floor, "-66.67%"},
		{commerce.MustNewRatio(1, 8), 2, commerce.HalfEven, "12%"},
		{commerce.MustNewRatio(4, 5), 18, commerce.HalfUp, "80%"},
		{commerce.MustNewRatio(7, 1), 0, commerce.HalfUp, "700%"},
	}
	for _, tt := range tests {
		got, err := tt.r.Rate(tt.places, tt.mode)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got.String(), "%v at %d %v", tt.r, tt.places, tt.mode)
	}
	_, err := commerce.MustNewRatio(1, 3).Rate(19, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = commerce.MustNewRatio(1, 3).Rate(2, 0)
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)
	_, err = commerce.MustNewRatio(math.MaxInt64, 1).Rate(2, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	// 2398076729582241710·100/13 truncates to 2^64 − 1: rounding up would
	// wrap to zero.
	for _, mode := range []commerce.RoundingMode{commerce.Up, commerce.Ceiling, commerce.Down} {
		_, err = commerce.MustNewRatio(2398076729582241710, 13).Rate(2, mode)
		assert.ErrorIs(t, err, commerce.ErrOverflow, mode.String())
	}
	for _, mode := range []commerce.RoundingMode{commerce.Up, commerce.Floor} {
		_, err = commerce.MustNewRatio(-2398076729582241710, 13).Rate(2, mode)
		assert.ErrorIs(t, err, commerce.ErrOverflow, mode.String())
	}
	r, err := commerce.MustNewRatio(1, 3).Rate(0, commerce.Down)
	require.NoError(t, err)
	assert.True(t, r.IsZero())
}

func TestRateExtremes(t *testing.T) {
	for _, r := range []commerce.Rate{commerce.Percent(math.MinInt64), commerce.BasisPoints(math.MinInt64), commerce.PartsPerMillion(math.MaxInt64)} {
		back, err := commerce.ParseRate(r.String())
		require.NoError(t, err, r.String())
		assert.Equal(t, r, back, "String round-trips at the extremes")
	}
}
