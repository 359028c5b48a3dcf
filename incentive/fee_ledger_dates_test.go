package incentive

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Regression: a payout with a mistyped year (20250 for 2025) was
// accepted; it marked every cycle up to it paid and made Statements
// produce one statement per month up to the year 20250.
func TestFeeLedgerRefusesFarFuturePayout(t *testing.T) {
	cp, err := CompileFeePlan(XiaohongshuCommissionFree())
	require.NoError(t, err)
	sh := cp.plan.Location
	l0, err := NewFeeLedger(cp, nil)
	require.NoError(t, err)
	o := FeeOrder{ID: "o1", Merchant: "m", Store: "s", Category: "beauty", PaidAt: time.Date(2025, 9, 2, 0, 0, 0, 0, sh),
		Paid: commerce.MustNewMoney(10000, commerce.CNY)}
	l, err := l0.Apply(o)
	require.NoError(t, err)
	payout := func(y int, m time.Month) FeePayout {
		c := FeeCycle{Year: y, Month: m}
		return FeePayout{Cycle: c, At: c.End(sh)}
	}
	tests := []struct {
		name string
		p    FeePayout
		ok   bool
		msg  string
	}{
		{"typo year 20250", payout(20250, time.September), false, "not a month in the years 1 to 9999"},
		{"year 9999, far ahead", payout(9999, time.January), false, "more than 12 cycles after 2025-09"},
		{"13 cycles ahead", payout(2026, time.October), false, "more than 12 cycles after 2025-09"},
		{"12 cycles ahead", payout(2026, time.September), true, ""},
		{"the order's cycle", payout(2025, time.September), true, ""},
		{"paid out in year 10000", FeePayout{Cycle: FeeCycle{2025, 9}, At: time.Date(10000, 1, 1, 0, 0, 0, 0, sh)}, false, "outside the years 1 to 9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := l.Apply(tt.p)
			if tt.ok {
				require.NoError(t, err)
				assert.LessOrEqual(t, len(got.Statements(got.Accounts()[0])), maxPayoutLead+1)
				return
			}
			var fe *commerce.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, l, got, "the receiver is returned unchanged")
			// a refund in the next cycle is still accepted: nothing was paid
			_, err = got.Apply(FeeRefund{ID: "r1", Order: "o1", At: time.Date(2025, 10, 1, 0, 0, 0, 0, sh), Paid: commerce.MustNewMoney(1, commerce.CNY)})
			require.NoError(t, err)
		})
	}
	// the lead counts from the latest event of the same batch, and from
	// the plan's start in a ledger without orders
	_, err = l0.Apply(payout(2026, time.October), FeeOrder{ID: "o2", Merchant: "m", Store: "s", Category: "beauty",
		PaidAt: time.Date(2025, 10, 2, 0, 0, 0, 0, sh), Paid: commerce.MustNewMoney(10000, commerce.CNY)})
	require.NoError(t, err)
	start := FeeCycleOf(cp.plan.Effective.From, sh)
	_, err = l0.Apply(payout(start.addCycles(maxPayoutLead).Year, start.addCycles(maxPayoutLead).Month))
	require.NoError(t, err)
	next := start.addCycles(maxPayoutLead + 1)
	_, err = l0.Apply(payout(next.Year, next.Month))
	require.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestFeeLedgerRefusesEventYearsOutOfRange(t *testing.T) {
	cp, err := CompileFeePlan(XiaohongshuCommissionFree())
	require.NoError(t, err)
	sh := cp.plan.Location
	l, err := NewFeeLedger(cp, nil)
	require.NoError(t, err)
	o := FeeOrder{ID: "o1", Merchant: "m", Store: "s", Category: "beauty", PaidAt: time.Date(2025, 9, 2, 0, 0, 0, 0, sh),
		Paid: commerce.MustNewMoney(10000, commerce.CNY)}
	l, err = l.Apply(o)
	require.NoError(t, err)
	far := o
	far.ID, far.PaidAt = "o2", time.Date(20250, 9, 2, 0, 0, 0, 0, sh)
	_, err = l.Apply(far)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `order "o2": paid at`)
	_, err = l.Apply(FeeRefund{ID: "r1", Order: "o1", At: time.Date(20250, 10, 1, 0, 0, 0, 0, sh), Paid: commerce.MustNewMoney(1, commerce.CNY)})
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `refund "r1": at`)
}

func TestFeeCycleAddCycles(t *testing.T) {
	for _, tt := range []struct {
		c    FeeCycle
		n    int
		want FeeCycle
	}{
		{FeeCycle{2025, 9}, 0, FeeCycle{2025, 9}},
		{FeeCycle{2025, 9}, 3, FeeCycle{2025, 12}},
		{FeeCycle{2025, 9}, 4, FeeCycle{2026, 1}},
		{FeeCycle{2025, 12}, 12, FeeCycle{2026, 12}},
		{FeeCycle{1, 1}, 25, FeeCycle{3, 2}},
	} {
		assert.Equal(t, tt.want, tt.c.addCycles(tt.n), "%v + %d", tt.c, tt.n)
		// agrees with next
		c := tt.c
		for range tt.n {
			c = c.next()
		}
		assert.Equal(t, tt.want, c)
	}
}
