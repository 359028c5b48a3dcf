package referral_test

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

func TestParseRateIn(t *testing.T) {
	tests := []struct {
		name string
		in   string
		unit referral.RateUnit
		want string // the rate as commerce.Rate.String writes it
	}{
		{"percent, no sign", "12.5", referral.PercentUnit, "12.5%"},
		{"percent, with sign", "12.5%", referral.PercentUnit, "12.5%"},
		{"percent, trailing zeros", "12.50%", referral.PercentUnit, "12.5%"},
		{"percent, zero", "0", referral.PercentUnit, "0%"},
		{"percent, minus zero", "-0%", referral.PercentUnit, "0%"},
		{"percent, plus", "+7", referral.PercentUnit, "7%"},
		{"percent, all", "100%", referral.PercentUnit, "100%"},
		{"percent, 16 places", "0.0000000000000001%", referral.PercentUnit, "0.0000000000000001%"},
		{"basis points: WeChat Pay 分账 0.6%", "60", referral.BasisPointUnit, "0.6%"},
		{"basis points, leading zeros", "00060", referral.BasisPointUnit, "0.6%"},
		{"basis points, plus", "+60", referral.BasisPointUnit, "0.6%"},
		{"basis points, minus zero", "-0", referral.BasisPointUnit, "0%"},
		{"basis points, all", "10000", referral.BasisPointUnit, "100%"},
		{"WeChat union ×10²: 1000 is 10%", "1000", referral.BasisPointUnit, "10%"},
		{"Douyin commission_rate 0.35 is 3500", "3500", referral.DouyinUnit, "35%"},
		{"WeChat ppm: 10000 is 1%", "10000", referral.WeChatPPMUnit, "1%"},
		{"WeChat ppm: service ratio 20000", "20000", referral.WeChatPPMUnit, "2%"},
		{"WeChat ppm: all", "1000000", referral.WeChatPPMUnit, "100%"},
		{"WeChat ppm: one", "1", referral.WeChatPPMUnit, "0.0001%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := referral.ParseRateIn(tt.in, tt.unit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestParseRateInErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		unit referral.RateUnit
		want error
	}{
		{"empty percent", "", referral.PercentUnit, commerce.ErrSyntax},
		{"sign alone", "%", referral.PercentUnit, commerce.ErrSyntax},
		{"two signs", "12.5%%", referral.PercentUnit, commerce.ErrSyntax},
		{"per mille is not per cent", "5‰", referral.PercentUnit, commerce.ErrSyntax},
		{"per ten thousand is not per cent", "5‱", referral.PercentUnit, commerce.ErrSyntax},
		{"exponent", "1e2", referral.PercentUnit, commerce.ErrSyntax},
		{"space", " 12", referral.PercentUnit, commerce.ErrSyntax},
		{"two points", "1.2.3", referral.PercentUnit, commerce.ErrSyntax},
		{"bare point", ".5", referral.PercentUnit, commerce.ErrSyntax},
		{"17 places", "0.00000000000000001%", referral.PercentUnit, commerce.ErrInexact},
		{"over 100%", "100.01", referral.PercentUnit, referral.ErrRateOutOfRange},
		{"negative percent", "-1%", referral.PercentUnit, referral.ErrRateOutOfRange},
		{"percent past int64", "99999999999999999999", referral.PercentUnit, referral.ErrRateOutOfRange},
		{"negative percent past int64", "-99999999999999999999", referral.PercentUnit, referral.ErrRateOutOfRange},
		{"empty basis points", "", referral.BasisPointUnit, commerce.ErrSyntax},
		{"minus alone", "-", referral.BasisPointUnit, commerce.ErrSyntax},
		{"fraction of a basis point", "6.5", referral.BasisPointUnit, commerce.ErrSyntax},
		{"grouping", "1_000", referral.BasisPointUnit, commerce.ErrSyntax},
		{"percent sign on an integer unit", "60%", referral.BasisPointUnit, commerce.ErrSyntax},
		{"basis points over 100%", "10001", referral.BasisPointUnit, referral.ErrRateOutOfRange},
		{"negative basis points", "-5", referral.BasisPointUnit, referral.ErrRateOutOfRange},
		{"basis points past int64", "999999999999999999999999", referral.DouyinUnit, referral.ErrRateOutOfRange},
		{"ppm over 100%", "1000001", referral.WeChatPPMUnit, referral.ErrRateOutOfRange},
		{"unit zero", "1", referral.RateUnit(0), commerce.ErrInvalid},
		{"unit past the table", "1", referral.RateUnit(9), commerce.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := referral.ParseRateIn(tt.in, tt.unit)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestParseRateInRangeErrorIsFieldError(t *testing.T) {
	_, err := referral.ParseRateIn("120", referral.PercentUnit)
	var fe *commerce.FieldError
	require.ErrorAs(t, err, &fe)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.EqualError(t, err, `commerce: parse rate "120" in percent: 120% is over 100%: rate outside 0% to 100%`)
}

func TestFormatRateIn(t *testing.T) {
	tests := []struct {
		name string
		rate commerce.Rate
		unit referral.RateUnit
		want string
	}{
		{"percent", commerce.Percent(35), referral.PercentUnit, "35%"},
		{"basis points", commerce.Percent(35), referral.BasisPointUnit, "3500"},
		{"Douyin", commerce.Percent(35), referral.DouyinUnit, "3500"},
		{"WeChat ppm", commerce.Percent(35), referral.WeChatPPMUnit, "350000"},
		{"zero ppm", commerce.Rate{}, referral.WeChatPPMUnit, "0"},
		{"0.005% in ppm", commerce.MustParseRate("0.005%"), referral.WeChatPPMUnit, "50"},
		{"100% in basis points", commerce.Percent(100), referral.BasisPointUnit, "10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := referral.FormatRateIn(tt.rate, tt.unit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFormatRateInErrors(t *testing.T) {
	tests := []struct {
		name string
		rate commerce.Rate
		unit referral.RateUnit
		want error
	}{
		{"half a basis point", commerce.MustParseRate("0.005%"), referral.BasisPointUnit, commerce.ErrInexact},
		{"a tenth of a ppm", commerce.MustParseRate("0.00001%"), referral.WeChatPPMUnit, commerce.ErrInexact},
		{"negative", commerce.Percent(-1), referral.PercentUnit, referral.ErrRateOutOfRange},
		{"over 100%", commerce.Percent(101), referral.DouyinUnit, referral.ErrRateOutOfRange},
		{"invalid unit", commerce.Percent(1), referral.RateUnit(0), commerce.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := referral.FormatRateIn(tt.rate, tt.unit)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestRateUnitString(t *testing.T) {
	tests := []struct {
		unit  referral.RateUnit
		want  string
		valid bool
	}{
		{referral.PercentUnit, "percent", true},
		{referral.BasisPointUnit, "basis points", true},
		{referral.DouyinUnit, "Douyin ×10⁴", true},
		{referral.WeChatPPMUnit, "WeChat ppm", true},
		{referral.RateUnit(0), "RateUnit(0)", false},
		{referral.RateUnit(5), "RateUnit(5)", false},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.unit.String())
			assert.Equal(t, tt.valid, tt.unit.Valid())
		})
	}
}

// Every integer a platform can send, 0 to its 100%, reads back as the same
// text: 20,000 draws per unit from a fixed seed.
func TestRateUnitsRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2024))
	limits := map[referral.RateUnit]int64{
		referral.BasisPointUnit: 10_000, referral.DouyinUnit: 10_000, referral.WeChatPPMUnit: 1_000_000,
	}
	for unit, limit := range limits {
		for range 20_000 {
			s := strconv.FormatInt(rng.Int64N(limit+1), 10)
			r, err := referral.ParseRateIn(s, unit)
			require.NoError(t, err, s)
			back, err := referral.FormatRateIn(r, unit)
			require.NoError(t, err)
			require.Equal(t, s, back)
		}
	}
}

// FuzzParseRateIn checks that whatever ParseRateIn accepts lies from 0% to
// 100% and survives FormatRateIn and ParseRateIn unchanged, and that it
// refuses text with one of the documented errors.
func FuzzParseRateIn(f *testing.F) {
	for _, s := range []string{"12.5", "12.5%", "3500", "10000", "1000000", "-0", "+7", "100.01", "1e2", "5‰", "", "0.0000000000000001%"} {
		for u := range 5 {
			f.Add(s, uint8(u))
		}
	}
	f.Fuzz(func(t *testing.T, s string, u uint8) {
		unit := referral.RateUnit(u % 6) // 0 and 5 are invalid units
		r, err := referral.ParseRateIn(s, unit)
		if err != nil {
			for _, want := range []error{commerce.ErrSyntax, commerce.ErrInexact, referral.ErrRateOutOfRange, commerce.ErrInvalid} {
				if errors.Is(err, want) {
					return
				}
			}
			t.Fatalf("ParseRateIn(%q, %v): undocumented error %v", s, unit, err)
		}
		if r.IsNegative() || r.Cmp(commerce.Percent(100)) > 0 {
			t.Fatalf("ParseRateIn(%q, %v) = %v, outside 0%% to 100%%", s, unit, r)
		}
		text, err := referral.FormatRateIn(r, unit)
		if err != nil {
			t.Fatalf("FormatRateIn(%v, %v): %v", r, unit, err)
		}
		back, err := referral.ParseRateIn(text, unit)
		if err != nil || !back.Equal(r) {
			t.Fatalf("ParseRateIn(%q, %v) = %v, %v; want %v", text, unit, back, err, r)
		}
	})
}
