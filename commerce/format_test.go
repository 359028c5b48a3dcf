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

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want commerce.Money
	}{
		{"CNY 199.00", cny(19900)},
		{"CNY 199", cny(19900)},
		{"CNY 199.5", cny(19950)},
		{"CNY -0.01", cny(-1)},
		{"CNY +3", cny(300)},
		{"CNY 007.10", cny(710)},
		{"¥199.00", cny(19900)},
		{"￥49.9", cny(4990)},
		{"-¥5", cny(-500)},
		{"¥-5", cny(-500)},
		{"JPY 500", commerce.MustNewMoney(500, commerce.JPY)},
		{"JP¥500", commerce.MustNewMoney(500, commerce.JPY)},
		{"KWD 1.250", commerce.MustNewMoney(1250, commerce.KWD)},
		{"US$0.99", usd(99)},
		{"HK$10", commerce.MustNewMoney(1000, commerce.HKD)},
		{"NT$10", commerce.MustNewMoney(1000, commerce.TWD)},
		{"MOP$1", commerce.MustNewMoney(100, commerce.MOP)},
		{"€2.50", commerce.MustNewMoney(250, commerce.EUR)},
		{"£1", commerce.MustNewMoney(100, commerce.GBP)},
		{"₩1000", commerce.MustNewMoney(1000, commerce.KRW)},
		{"₫1000", commerce.MustNewMoney(1000, commerce.VND)},
		{"฿35", commerce.MustNewMoney(3500, commerce.THB)},
		{"₱56", commerce.MustNewMoney(5600, commerce.PHP)},
		{"RM4.5", commerce.MustNewMoney(450, commerce.MYR)},
		{"Rp15000", commerce.MustNewMoney(1500000, commerce.IDR)},
		{"S$1.35", commerce.MustNewMoney(135, commerce.SGD)},
		{"A$1", commerce.MustNewMoney(100, commerce.AUD)},
		{"C$1", commerce.MustNewMoney(100, commerce.CAD)},
		{"₹83", commerce.MustNewMoney(8300, commerce.INR)},
		{"CNY 92233720368547758.07", cny(math.MaxInt64)},
		{"CNY -92233720368547758.08", cny(math.MinInt64)},
		{"-¥92233720368547758.08", cny(math.MinInt64)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := commerce.ParseMoney(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseMoneyErrors(t *testing.T) {
	tests := []struct {
		in  string
		err error
	}{
		{"", commerce.ErrSyntax},
		{"199.00", commerce.ErrSyntax},
		{"$5", commerce.ErrSyntax},
		{"XXX 5", commerce.ErrUnknownCurrency},
		{"cny 5", commerce.ErrSyntax},
		{"CNY  5", commerce.ErrSyntax},
		{"CNY 5 ", commerce.ErrSyntax},
		{" CNY 5", commerce.ErrSyntax},
		{"CNY 1,299.00", commerce.ErrSyntax},
		{"CNY 1e3", commerce.ErrSyntax},
		{"CNY .5", commerce.ErrSyntax},
		{"CNY 5.", commerce.ErrSyntax},
		{"CNY --5", commerce.ErrSyntax},
		{"-¥-5", commerce.ErrSyntax},
		{"-¥+5", commerce.ErrSyntax},
		{"¥ 5", commerce.ErrSyntax},
		{"¥", commerce.ErrSyntax},
		{"CNY 1.234", commerce.ErrInexact},
		{"JPY 1.0", commerce.ErrInexact},
		{"KWD 1.2345", commerce.ErrInexact},
		{"CNY 92233720368547758.08", commerce.ErrOverflow},
		{"CNY -92233720368547758.09", commerce.ErrOverflow},
		{"CNY 99999999999999999999999", commerce.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := commerce.ParseMoney(tt.in)
			assert.ErrorIs(t, err, tt.err)
		})
	}
	assert.Panics(t, func() { commerce.MustParseMoney("nope") })
}

func TestParseAmount(t *testing.T) {
	m, err := commerce.ParseAmount("199.00", commerce.CNY)
	require.NoError(t, err)
	assert.Equal(t, cny(19900), m)
	_, err = commerce.ParseAmount("199.001", commerce.CNY)
	assert.ErrorIs(t, err, commerce.ErrInexact)
	_, err = commerce.ParseAmount("CNY 199", commerce.CNY)
	assert.ErrorIs(t, err, commerce.ErrSyntax)
	_, err = commerce.ParseAmount("1", 0)
	assert.ErrorIs(t, err, commerce.ErrUnknownCurrency)

	tests := []struct {
		in   string
		mode commerce.RoundingMode
		want int64
	}{
		{"24.875", commerce.HalfUp, 2488},
		{"24.875", commerce.HalfEven, 2488},
		{"24.865", commerce.HalfEven, 2486},
		{"24.8650001", commerce.HalfEven, 2487},
		{"24.8749", commerce.HalfUp, 2487},
		{"24.87000", commerce.Up, 2487},
		{"24.871", commerce.Up, 2488},
		{"24.879", commerce.Down, 2487},
		{"-24.875", commerce.HalfUp, -2488},
		{"-24.871", commerce.Floor, -2488},
		{"-24.879", commerce.Ceiling, -2487},
		{"24.8", commerce.Down, 2480},
	}
	for _, tt := range tests {
		got, err := commerce.ParseAmountRound(tt.in, commerce.CNY, tt.mode)
		require.NoError(t, err)
		assert.Equal(t, cny(tt.want), got, "%s %v", tt.in, tt.mode)
	}
	_, err = commerce.ParseAmountRound("1.5", commerce.CNY, 0)
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)
	_, err = commerce.ParseAmountRound("92233720368547758.079", commerce.CNY, commerce.Up)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		m    commerce.Money
		want string
	}{
		{cny(19900), "CNY 199.00"},
		{cny(5), "CNY 0.05"},
		{cny(-5), "CNY -0.05"},
		{cny(0), "CNY 0.00"},
		{commerce.MustNewMoney(-500, commerce.JPY), "JPY -500"},
		{commerce.MustNewMoney(1250, commerce.KWD), "KWD 1.250"},
		{cny(math.MinInt64), "CNY -92233720368547758.08"},
		{commerce.Money{}, "0"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.m.String())
	}
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(cny(19900))
	require.NoError(t, err)
	assert.Equal(t, `{"amount":"199.00","currency":"CNY"}`, string(b))

	b, err = json.Marshal(commerce.Money{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))

	var m commerce.Money
	require.NoError(t, json.Unmarshal([]byte(`{"currency":"JPY","amount":"-500"}`), &m))
	assert.Equal(t, commerce.MustNewMoney(-500, commerce.JPY), m)
	require.NoError(t, json.Unmarshal([]byte(`null`), &m))
	assert.Equal(t, commerce.MustNewMoney(-500, commerce.JPY), m, "null leaves the value unchanged")

	for _, bad := range []string{
		`{"amount":199.00,"currency":"CNY"}`,
		`{"amount":"199.00"}`,
		`{"currency":"CNY"}`,
		`{"amount":"199.001","currency":"CNY"}`,
		`{"amount":"199.00","currency":"XXX"}`,
		`[1]`,
	} {
		before := m
		assert.Error(t, json.Unmarshal([]byte(bad), &m), bad)
		assert.Equal(t, before, m, "a failed decode changes nothing")
	}
}

// TestMoneyJSONIgnoresDecimalSettings checks that shopspring's package-level
// settings, which any importer may change, do not change our encoding.
func TestMoneyJSONIgnoresDecimalSettings(t *testing.T) {
	saved := decimal.MarshalJSONWithoutQuotes
	decimal.MarshalJSONWithoutQuotes = true
	defer func() { decimal.MarshalJSONWithoutQuotes = saved }()

	b, err := json.Marshal(cny(19900))
	require.NoError(t, err)
	assert.Equal(t, `{"amount":"199.00","currency":"CNY"}`, string(b))
}

func TestParseFormatRoundTrip(t *testing.T) {
	for _, c := range commerce.Currencies() {
		for _, u := range []int64{0, 1, -1, 99, 100, 101, 123456789, math.MaxInt64, math.MinInt64} {
			m := commerce.MustNewMoney(u, c)
			back, err := commerce.ParseMoney(m.String())
			require.NoError(t, err, m.String())
			assert.Equal(t, m, back)

			b, err := json.Marshal(m)
			require.NoError(t, err)
			var j commerce.Money
			require.NoError(t, json.Unmarshal(b, &j))
			assert.Equal(t, m, j)
		}
	}
}
