package referral

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const day = 24 * time.Hour

// oneOrder returns a ledger holding one accrued order of two lines (¥100 and
// ¥50) bought by "buyer", whose referrer amy earns 10% and amy's bo 5%.
func oneOrder(t *testing.T, hold Hold) (Ledger, Accrual) {
	t.Helper()
	g := testGraph(t, [][2]string{{"buyer", "amy"}, {"amy", "bo"}}, nil)
	p := basePlan()
	p.Hold = hold
	p.Shipping = true
	a, err := mustProgram(t, p).Accrue(g, Order{ID: "o-1", Buyer: "buyer", At: t0, Shipping: yuan("10.00"), Lines: []Line{
		{ID: "l1", SKU: "cup", Quantity: 2, UnitList: yuan("50.00"), Paid: yuan("100.00")},
		{ID: "l2", SKU: "lid", Quantity: 1, UnitList: yuan("50.00"), Paid: yuan("50.00")},
	}}, nil)
	require.NoError(t, err)
	l, err := Ledger{}.Apply(a)
	require.NoError(t, err)
	return l, a
}

func TestLedgerRejects(t *testing.T) {
	l, a := oneOrder(t, Hold{Credit: AtPayment, Release: AtReceipt, Days: 7})
	l, err := l.Apply(Progress{Key: "pay", Order: "o-1", Milestone: AtPayment, At: t0},
		AfterSaleOpened{Key: "open", Order: "o-1", Case: "c1", At: t0.Add(day)},
		Withdrawal{Key: "w", Beneficiary: "amy", Amount: yuan("1.00"), At: t0})
	require.NoError(t, err)
	other := a
	other.Shares = append([]Share(nil), a.Shares...)
	other.Shares[0].Beneficiary = "eve"
	for _, tt := range []struct {
		name   string
		e      Event
		target error
	}{
		{"unknown order", Progress{Key: "k", Order: "o-9", Milestone: AtPayment, At: t0}, ErrUnknownOrder},
		{"unknown line", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l9", Amount: yuan("1.00")}}}, ErrUnknownLine},
		{"unknown case line", AfterSaleOpened{Key: "k", Order: "o-1", Case: "c2", Lines: []string{"l9"}, At: t0}, ErrUnknownLine},
		{"refund beyond the line", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l2", Amount: yuan("50.01")}}}, ErrRefundExceeds},
		{"units beyond the line", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l1", Quantity: 3, Amount: yuan("1.00")}}}, ErrRefundExceeds},
		{"shipping beyond", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Shipping: true, Amount: yuan("10.01")}}}, ErrRefundExceeds},
		{"refund in USD", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l1", Amount: commerce.MustParseMoney("USD 1.00")}}}, commerce.ErrCurrencyMismatch},
		{"second payment", Progress{Key: "pay-2", Order: "o-1", Milestone: AtPayment, At: t0.Add(time.Hour)}, ErrConflict},
		{"key reused", Progress{Key: "pay", Order: "o-1", Milestone: AtReceipt, At: t0}, ErrConflict},
		{"case opened twice", AfterSaleOpened{Key: "open-2", Order: "o-1", Case: "c1", At: t0.Add(day)}, ErrConflict},
		{"case closed before opened", AfterSaleClosed{Key: "close", Order: "o-1", Case: "c1", At: t0}, commerce.ErrInvalid},
		{"accrued differently", other, ErrConflict},
		{"event before the order", Progress{Key: "k", Order: "o-1", Milestone: AtReceipt, At: t0.Add(-time.Second)}, commerce.ErrInvalid},
		{"outcome of another amount", WithdrawalOutcome{Key: "wo", Withdrawal: "w", Beneficiary: "amy", Amount: yuan("2.00"), Paid: true, At: t0}, ErrConflict},
		{"no key", Progress{Order: "o-1", Milestone: AtReceipt, At: t0}, commerce.ErrInvalid},
		{"no time", Progress{Key: "k", Order: "o-1", Milestone: AtReceipt}, commerce.ErrInvalid},
		{"no milestone", Progress{Key: "k", Order: "o-1", At: t0}, commerce.ErrInvalid},
		{"no refund items", Refunded{Key: "k", Order: "o-1", At: t0}, commerce.ErrInvalid},
		{"line and shipping", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l1", Shipping: true, Amount: yuan("1.00")}}}, commerce.ErrInvalid},
		{"refund of nothing", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l1", Amount: yuan("0.00")}}}, commerce.ErrInvalid},
		{"line twice in a refund", Refunded{Key: "k", Order: "o-1", At: t0, Items: []Refund{{Line: "l1", Amount: yuan("1.00")}, {Line: "l1", Amount: yuan("1.00")}}}, commerce.ErrInvalid},
		{"withdraw nothing", Withdrawal{Key: "k", Beneficiary: "amy", Amount: yuan("0.00"), At: t0}, commerce.ErrInvalid},
		{"adjust without a note", Adjustment{Key: "k", Beneficiary: "amy", Amount: yuan("1.00"), At: t0}, commerce.ErrInvalid},
		{"adjust by zero", Adjustment{Key: "k", Beneficiary: "amy", Amount: yuan("0.00"), Note: "x", At: t0}, commerce.ErrInvalid},
		{"conversion at another rate", Conversion{Key: "k", Beneficiary: "amy", From: yuan("100.00"), To: commerce.MustParseMoney("USD 14.00"),
			Rate: commerce.MustParseRate("0.1385"), Rounding: commerce.HalfEven, Source: "pboc", At: t0}, commerce.ErrInvalid},
		{"conversion to itself", Conversion{Key: "k", Beneficiary: "amy", From: yuan("100.00"), To: yuan("100.00"),
			Rate: commerce.MustParseRate("1"), Rounding: commerce.HalfEven, Source: "pboc", At: t0}, commerce.ErrInvalid},
		{"nil", nil, commerce.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := l.Entries()
			got, err := l.Apply(tt.e)
			require.ErrorIs(t, err, tt.target)
			assert.Equal(t, before, got.Entries(), "the ledger is unchanged")
			assert.Equal(t, before, l.Entries())
		})
	}

	// A batch applies whole or not at all.
	got, err := l.Apply(Progress{Key: "recv", Order: "o-1", Milestone: AtReceipt, At: t0.Add(day)},
		Progress{Key: "x", Order: "o-9", Milestone: AtPayment, At: t0})
	require.ErrorIs(t, err, ErrUnknownOrder)
	assert.Contains(t, err.Error(), "events[1]")
	assert.Equal(t, l.Entries(), got.Entries())

	// Duplicates are no-ops.
	again, err := l.Apply(a, Progress{Key: "pay", Order: "o-1", Milestone: AtPayment, At: t0})
	require.NoError(t, err)
	assert.Equal(t, l.Entries(), again.Entries())
}

func TestLedgerHolds(t *testing.T) {
	l, a := oneOrder(t, Hold{Credit: AtCompletion, Release: AtReceipt, Days: 7})
	require.Len(t, a.Shares, 6) // two levels on two lines and the shipping
	bal := func(l Ledger) Balance { return l.Balance("amy", commerce.CNY) }
	assert.Equal(t, yuan("16.00"), bal(l).Estimated)

	l, err := l.Apply(
		Progress{Key: "pay", Order: "o-1", Milestone: AtPayment, At: t0},
		Progress{Key: "recv", Order: "o-1", Milestone: AtReceipt, At: t0.Add(2 * day)},
		Release{Key: "s1", At: t0.Add(10 * day)},
	)
	require.NoError(t, err)
	assert.Equal(t, yuan("16.00"), bal(l).Estimated, "credited only at completion")
	e, err := l.Explain("o-1", 0)
	require.NoError(t, err)
	assert.Equal(t, "estimated: credited at completion, not reached", e.Hold)

	// Completion credits; an after-sale on l1 then blocks its release, not
	// l2's.
	l, err = l.Apply(
		Progress{Key: "done", Order: "o-1", Milestone: AtCompletion, At: t0.Add(3 * day)},
		AfterSaleOpened{Key: "open", Order: "o-1", Case: "c1", Lines: []string{"l1"}, At: t0.Add(8 * day)},
		Release{Key: "s2", At: t0.Add(12 * day)},
	)
	require.NoError(t, err)
	assert.Equal(t, yuan("10.00"), bal(l).Pending, "l1 is held by the open after-sale")
	assert.Equal(t, yuan("6.00"), bal(l).Available, "l2 and shipping, released by the sweep at day 10")
	e, err = l.Explain("o-1", 0)
	require.NoError(t, err)
	assert.Contains(t, e.Hold, "after-sale c1 open")

	// Closing the case releases at the next sweep, dated at the sweep.
	l, err = l.Apply(AfterSaleClosed{Key: "close", Order: "o-1", Case: "c1", At: t0.Add(13 * day)})
	require.NoError(t, err)
	assert.Equal(t, yuan("10.00"), bal(l).Pending)
	l, err = l.Apply(Release{Key: "s3", At: t0.Add(14 * day)})
	require.NoError(t, err)
	assert.Equal(t, yuan("16.00"), bal(l).Available)
	e, err = l.Explain("o-1", 0)
	require.NoError(t, err)
	assert.Equal(t, "available: released "+t0.Add(14*day).UTC().Format(time.RFC3339), e.Hold)

	// A sweep that arrives late but happened earlier re-dates releases to
	// it: the ledger is a function of its events, not of their arrival.
	late, err := l.Apply(Release{Key: "s0", At: t0.Add(9 * day)})
	require.NoError(t, err)
	var released []string
	for _, en := range late.BeneficiaryEntries("amy") {
		if en.Kind == Released {
			released = append(released, en.Key)
		}
	}
	assert.Equal(t, []string{"s0", "s0", "s3"}, released)
}

func TestLedgerAccountEvents(t *testing.T) {
	l, _ := oneOrder(t, Hold{Credit: AtPayment, Release: AtReceipt, Days: 0})
	l, err := l.Apply(
		Progress{Key: "pay", Order: "o-1", Milestone: AtPayment, At: t0},
		Progress{Key: "recv", Order: "o-1", Milestone: AtReceipt, At: t0.Add(day)},
		Release{Key: "s", At: t0.Add(day)},
		// The outcome arrives before its withdrawal: it stands alone.
		WithdrawalOutcome{Key: "w1/failed", Withdrawal: "w1", Beneficiary: "amy", Amount: yuan("5.00"), At: t0.Add(3 * day)},
		Withdrawal{Key: "w1", Beneficiary: "amy", Amount: yuan("5.00"), At: t0.Add(2 * day)},
		Withdrawal{Key: "w2", Beneficiary: "amy", Amount: yuan("6.00"), At: t0.Add(4 * day)},
		WithdrawalOutcome{Key: "w2/paid", Withdrawal: "w2", Beneficiary: "amy", Amount: yuan("6.00"), Paid: true, At: t0.Add(5 * day)},
		Adjustment{Key: "adj", Beneficiary: "amy", Amount: yuan("-1.00"), Note: "fee", At: t0.Add(5 * day)},
		Conversion{Key: "fx", Beneficiary: "amy", From: yuan("5.00"), To: commerce.MustParseMoney("USD 0.69"),
			Rate: commerce.MustParseRate("0.1385"), Rounding: commerce.HalfEven, Source: "PBOC 2026-06-06", At: t0.Add(6 * day)},
	)
	require.NoError(t, err)
	b := l.Balance("amy", commerce.CNY)
	assert.Equal(t, yuan("4.00"), b.Available) // 16 − 6 − 1 − 5
	assert.Equal(t, yuan("6.00"), b.PaidOut)
	assert.Equal(t, commerce.MustParseMoney("USD 0.69"), l.Balance("amy", commerce.USD).Available)
	assert.Len(t, l.Balances("amy"), 2)
	assert.Equal(t, []string{"amy", "bo"}, l.Beneficiaries())
	assert.True(t, l.Balance("nobody", commerce.CNY).Available.IsZero())

	_, err = l.Apply(WithdrawalOutcome{Key: "w2/again", Withdrawal: "w2", Beneficiary: "amy", Amount: yuan("6.00"), At: t0.Add(6 * day)})
	require.ErrorIs(t, err, ErrConflict)

	st, err := l.Statement("amy", commerce.CNY, t0, t0.Add(7*day))
	require.NoError(t, err)
	assert.True(t, st.Reconciles())
	assert.Equal(t, `amy CNY [2026-06-01, 2026-06-08)
  opening     CNY 0.00
  earned    + CNY 16.00
  reversed  − CNY 0.00
  withdrawn − CNY 6.00
  adjusted  + CNY -6.00
  closing   = CNY 4.00
  (paid out CNY 6.00, estimated CNY 0.00)`, st.String())
	var fx []Entry
	for _, e := range l.BeneficiaryEntries("amy") {
		if e.Kind == ConvertedOut || e.Kind == ConvertedIn {
			fx = append(fx, e)
		}
	}
	require.Len(t, fx, 2)
	assert.Equal(t, commerce.MustParseRate("0.1385"), fx[0].Rate)
	_, err = l.Statement("amy", commerce.CNY, t0, t0.Add(-time.Second))
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	usd, err := l.Statement("amy", commerce.USD, t0, t0.Add(7*day))
	require.NoError(t, err)
	assert.Equal(t, commerce.MustParseMoney("USD 0.69"), usd.Closing)
}
