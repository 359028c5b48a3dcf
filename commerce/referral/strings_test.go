package referral

import (
	"testing"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLedgerEnumStrings(t *testing.T) {
	assert.Equal(t, "paid", PaidBasis.String())
	assert.Equal(t, "list", ListBasis.String())
	assert.Equal(t, "Basis(7)", Basis(7).String())
	assert.Equal(t, "receipt", AtReceipt.String())
	assert.Equal(t, "Milestone(9)", Milestone(9).String())
	assert.Equal(t, "sku", FromSKU.String())
	assert.Equal(t, "Source(0)", Source(0).String())
	assert.Equal(t, "month", MonthCap.String())
	assert.Equal(t, "Cap(9)", Cap(9).String())
	assert.Equal(t, "pending", Pending.String())
	assert.Equal(t, "Stage(9)", Stage(9).String())
	assert.Equal(t, "reversed", Reversed.String())
	assert.Equal(t, "EntryKind(0)", EntryKind(0).String())
	assert.Equal(t, "headcount-reward", HeadcountReward.String())
	assert.Equal(t, "WarningCode(0)", WarningCode(0).String())
	assert.Equal(t, "own spend", OwnSpend.String())
	assert.Equal(t, "Metric(0)", Metric(0).String())
	assert.Equal(t, "T2", Tier(2).String())
	assert.Equal(t, "CNY 2.00/unit", Reward{PerUnit: yuan("2.00")}.String())
	assert.Equal(t, "12.5%", Reward{Rate: commerce.MustParseRate("12.5%")}.String())
}

func TestLedgerReads(t *testing.T) {
	l, a := oneOrder(t, Hold{Credit: AtPayment, Release: AtReceipt})
	assert.Equal(t, 6, l.Len())
	got, ok := l.Accrual("o-1")
	require.True(t, ok)
	assert.Equal(t, a, got)
	got.Shares[0].Beneficiary = "eve" // a copy
	again, _ := l.Accrual("o-1")
	assert.Equal(t, "amy", again.Shares[0].Beneficiary)
	_, ok = l.Accrual("o-9")
	assert.False(t, ok)
	_, err := l.Explain("o-9", 0)
	assert.ErrorIs(t, err, ErrUnknownOrder)
	_, err = l.Explain("o-1", 6)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	e, err := l.Explain("o-1", 5)
	require.NoError(t, err)
	assert.True(t, e.Shipping)
	assert.Contains(t, e.String(), "shipping: bo")

	// An explanation whose fields were altered does not evaluate.
	for _, edit := range []func(e *Explanation){
		func(e *Explanation) { e.RemainingPaid = yuan("1.00") },
		func(e *Explanation) { e.Base = yuan("1.00") },
		func(e *Explanation) { e.Exact = e.Exact.Add(e.Exact) },
		func(e *Explanation) { e.Rounded = yuan("9.99") },
		func(e *Explanation) { e.Index = 9 },
		func(e *Explanation) { e.Amount = yuan("9.99") },
	} {
		bad := e
		bad.LineShares = append([]commerce.Money(nil), e.LineShares...)
		edit(&bad)
		_, err := bad.Evaluate()
		assert.ErrorIs(t, err, commerce.ErrInvalid)
	}
}
