package incentive_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// FuzzParseFeePlan: the parser never panics; what it reads and compiles
// marshals to a form that reads back to the same JSON.
func FuzzParseFeePlan(f *testing.F) {
	for _, p := range []incentive.FeePlan{incentive.XiaohongshuCommissionFree(), incentive.WeChatStoreFees()} {
		b, err := p.MarshalJSON()
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","version":"1","source":"s","effective":{"from":"2025-01-01T10:00:00+08:00"},` +
		`"zone":"Asia/Shanghai","currency":"CNY","base":"paid","rounding":"Up","table":{"categories":[],"default":"0.125%"}}`))
	f.Add([]byte(`{"allowances":[{"id":"a","rate":"1%","cap":"CNY 5.00","scope":"store","window":{"kind":"days-from-first-sale","days":360}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := incentive.ParseFeePlan(data)
		if err != nil {
			return
		}
		if _, err := incentive.CompileFeePlan(p); err != nil {
			return
		}
		b, err := p.MarshalJSON()
		require.NoError(t, err)
		back, err := incentive.ParseFeePlan(b)
		require.NoError(t, err)
		b2, err := back.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(b), string(b2))
	})
}

// FuzzFeeQuote: for any amounts, usage, rates and rounding, the parts sum
// to the base, the consumption stays within the cap, and the fee is
// within a minor unit of the exact Σ part × rate.
func FuzzFeeQuote(f *testing.F) {
	f.Add(int64(300000), int64(0), int64(99900000), int64(60), int64(400), uint8(1), int64(100000000))
	f.Add(int64(1), int64(5), int64(0), int64(60), int64(40), uint8(4), int64(1))
	f.Add(int64(1<<62), int64(1<<61), int64(0), int64(10000), int64(10000), uint8(3), int64(1<<62))
	f.Fuzz(func(t *testing.T, paid, subsidy, used, allowBP, catBP int64, mode uint8, capUnits int64) {
		if paid < 0 || subsidy < 0 || used < 0 || capUnits <= 0 || allowBP < 0 || allowBP > 10000 || catBP < 0 || catBP > 10000 {
			return
		}
		p := incentive.WeChatStoreFees()
		p.Rounding = commerce.RoundingMode(1 + mode%6)
		p.Table = incentive.FeeTable{Categories: []incentive.CategoryRate{{Category: "c", Rate: commerce.BasisPoints(catBP)}}}
		p.Allowances[0].Rate = commerce.BasisPoints(allowBP)
		p.Allowances[0].Cap = commerce.MustNewMoney(capUnits, commerce.CNY)
		plan, err := incentive.CompileFeePlan(p)
		require.NoError(t, err)
		o := incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "c", PaidAt: time.Date(2025, 3, 2, 0, 0, 0, 0, shanghai),
			StoreOpened: time.Date(2025, 3, 1, 0, 0, 0, 0, shanghai),
			Paid:        commerce.MustNewMoney(paid, commerce.CNY), Subsidy: commerce.MustNewMoney(subsidy, commerce.CNY)}
		q, err := plan.Quote(o, incentive.CapUse{commerce.MustNewMoney(used, commerce.CNY)})
		if err != nil {
			require.ErrorIs(t, err, commerce.ErrOverflow)
			return
		}
		var sum int64
		exact := new(big.Rat)
		for _, part := range q.Parts() {
			sum += part.Amount.Units()
			exact.Add(exact, new(big.Rat).Mul(new(big.Rat).SetInt64(part.Amount.Units()), ratOf(part.Rate)))
		}
		require.Equal(t, q.Base().Units(), sum)
		require.LessOrEqual(t, q.Consumed()[0].Units(), max(0, capUnits-used))
		diff := new(big.Rat).Sub(new(big.Rat).SetInt64(q.Fee().Units()), exact)
		require.Equal(t, -1, diff.Abs(diff).Cmp(big.NewRat(1, 1)))
	})
}
