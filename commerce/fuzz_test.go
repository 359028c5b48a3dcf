package commerce_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// FuzzParseMoney: whatever ParseMoney accepts formats back to text that
// parses to the same value, and survives a JSON round trip; and every
// amount of every currency formats to text that parses back.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"CNY 199.00", "¥199", "-¥0.01", "JPY -500", "KWD 1.250", "US$0.99", "CNY 92233720368547758.07", "CNY 1.234", "€", ""} {
		f.Add(s, int64(0), uint8(0))
	}
	f.Add("", int64(-9223372036854775808), uint8(6))
	f.Fuzz(func(t *testing.T, s string, units int64, cur uint8) {
		if m, err := commerce.ParseMoney(s); err == nil {
			back, err := commerce.ParseMoney(m.String())
			if err != nil || back != m {
				t.Fatalf("%q → %v → %q → %v, %v", s, m, m.String(), back, err)
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var j commerce.Money
			if err := json.Unmarshal(b, &j); err != nil || j != m {
				t.Fatalf("%v → %s → %v, %v", m, b, j, err)
			}
		}
		all := commerce.Currencies()
		m := commerce.MustNewMoney(units, all[int(cur)%len(all)])
		back, err := commerce.ParseMoney(m.String())
		if err != nil || back != m {
			t.Fatalf("%v → %q → %v, %v", m, m.String(), back, err)
		}
	})
}

// FuzzAllocate: the parts always sum to the whole and each is within one
// minor unit of its exact share.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(3), []byte{75, 25})
	f.Add(int64(1000), []byte{1, 1, 1})
	f.Add(int64(-9223372036854775808), []byte{0, 7, 0, 255})
	f.Fuzz(func(t *testing.T, total int64, raw []byte) {
		weights := make([]int64, 0, len(raw)/2+1)
		for len(raw) >= 2 {
			weights = append(weights, int64(binary.LittleEndian.Uint16(raw)))
			raw = raw[2:]
		}
		for _, b := range raw {
			weights = append(weights, int64(b))
		}
		parts, err := cny(total).Allocate(weights...)
		if err != nil {
			if !errors.Is(err, commerce.ErrInvalid) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		checkAllocation(t, total, weights, parts)
	})
}

// FuzzMulRate: MulRate agrees with shopspring decimal arithmetic rounded the
// same way, and reports ErrOverflow exactly when the result leaves int64.
func FuzzMulRate(f *testing.F) {
	f.Add(int64(19900), int64(125), uint8(3), uint8(1))
	f.Add(int64(-5), int64(5), uint8(1), uint8(2))
	f.Add(int64(9223372036854775807), int64(2), uint8(0), uint8(3))
	f.Fuzz(func(t *testing.T, units, coef int64, scale, mode uint8) {
		r, err := commerce.RateFromDecimal(decimal.New(coef, -int32(scale%19)))
		if err != nil {
			return // the coefficient or scale is not a Rate
		}
		m := cny(units)
		rm := commerce.RoundingMode(1 + mode%6)
		got, err := m.MulRate(r, rm)
		want, refErr := commerce.FromDecimal(m.Decimal().Mul(r.Decimal()), commerce.CNY, rm)
		switch {
		case refErr != nil:
			if !errors.Is(err, commerce.ErrOverflow) {
				t.Fatalf("%v × %v: reference overflows, MulRate gave %v, %v", m, r, got, err)
			}
		case err != nil || got != want:
			t.Fatalf("%v × %v %v = %v, %v; want %v", m, r, rm, got, err, want)
		}
	})
}
