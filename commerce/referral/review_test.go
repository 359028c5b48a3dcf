package referral

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fixes from review: each test names the defect it guards.

func TestReviewTimesOutOfRange(t *testing.T) {
	l, _ := oneOrder(t, Hold{Credit: AtPayment, Release: AtReceipt, Days: 366})
	_, err := l.Apply(Progress{Key: "recv", Order: "o-1", Milestone: AtReceipt, At: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "1678–2262")
	// A hold that would end past 2262 never ends; it does not wrap.
	l, err = l.Apply(Progress{Key: "pay", Order: "o-1", Milestone: AtPayment, At: t0},
		Progress{Key: "recv", Order: "o-1", Milestone: AtReceipt, At: time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)},
		Release{Key: "s", At: t0.Add(2 * day)})
	require.NoError(t, err)
	assert.True(t, l.Balance("amy", commerce.CNY).Available.IsZero())
}

func TestReviewZeroTracker(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}}, nil)
	p := basePlan()
	p.Caps, p.Location = Caps{Day: yuan("5.00")}, time.UTC
	pr := mustProgram(t, p)
	var tr Tracker
	o := Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}
	a, err := pr.Accrue(g, o, &tr)
	require.NoError(t, err)
	require.NoError(t, tr.Record(a))
	assert.Equal(t, yuan("5.00"), tr.Accrued("amy", t0, t0).Lifetime)
	require.ErrorIs(t, tr.Record(Accrual{Currency: commerce.USD}), commerce.ErrCurrencyMismatch)
	var empty Tracker
	require.ErrorIs(t, empty.Record(Accrual{}), commerce.ErrInvalid)
}

func TestReviewWithdrawalPairing(t *testing.T) {
	l, err := Ledger{}.Apply(Withdrawal{Key: "w", Beneficiary: "amy", Amount: yuan("1.00"), At: t0})
	require.NoError(t, err)
	_, err = l.Apply(WithdrawalOutcome{Key: "wo", Withdrawal: "w", Beneficiary: "bo", Amount: yuan("1.00"), Paid: true, At: t0})
	require.ErrorIs(t, err, ErrConflict, "another beneficiary")
	_, err = l.Apply(WithdrawalOutcome{Key: "wo", Withdrawal: "w", Beneficiary: "amy", Amount: commerce.MustParseMoney("USD 1.00"), Paid: true, At: t0})
	require.ErrorIs(t, err, ErrConflict, "another currency")
	l, err = l.Apply(WithdrawalOutcome{Key: "wo", Withdrawal: "w", Beneficiary: "amy", Amount: yuan("1.00"), Paid: true, At: t0})
	require.NoError(t, err)
	_, err = l.Apply(WithdrawalOutcome{Key: "wo2", Withdrawal: "w", Beneficiary: "amy", Amount: yuan("1.00"), At: t0})
	require.ErrorIs(t, err, ErrConflict, "a second outcome")
	// The same instant in another zone is the same event, and entries read
	// the same whichever arrived first.
	a, err := Ledger{}.Apply(Withdrawal{Key: "x", Beneficiary: "amy", Amount: yuan("1.00"), At: t0}, Withdrawal{Key: "x", Beneficiary: "amy", Amount: yuan("1.00"), At: t0.UTC()})
	require.NoError(t, err)
	b, err := Ledger{}.Apply(Withdrawal{Key: "x", Beneficiary: "amy", Amount: yuan("1.00"), At: t0.UTC()}, Withdrawal{Key: "x", Beneficiary: "amy", Amount: yuan("1.00"), At: t0})
	require.NoError(t, err)
	assert.Equal(t, a.Entries(), b.Entries())
}

func TestReviewSelfPurchaseDifferential(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}}, map[string]Tier{"buyer": 2, "amy": 2})
	p := basePlan()
	p.Levels, p.SelfPurchase = nil, true
	p.Differential = []TierRate{{2, commerce.Percent(10)}}
	a, err := mustProgram(t, p).Accrue(g, Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"amy": "CNY 10.00"}, sumByBeneficiary(a), "the differential starts at the referrer")
}

func TestReviewShippingAndExplainLine(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}}, nil)
	a, err := mustProgram(t, basePlan()).Accrue(g, Order{ID: "o", Buyer: "buyer", At: t0, Shipping: yuan("8.00"), Lines: []Line{
		{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, nil)
	require.NoError(t, err)
	l, err := Ledger{}.Apply(a, Refunded{Key: "r", Order: "o", At: t0, Items: []Refund{{Shipping: true, Amount: yuan("8.00")}}})
	require.NoError(t, err, "a shipping refund on a plan without shipping changes nothing")
	assert.Equal(t, yuan("10.00"), l.Balance("amy", commerce.CNY).Estimated)
	es, err := l.ExplainLine("o", "a")
	require.NoError(t, err)
	require.Len(t, es, 1)
	assert.Equal(t, "amy", es[0].Beneficiary)
	_, err = l.ExplainLine("o", "zz")
	assert.ErrorIs(t, err, ErrUnknownLine)
	_, err = l.ExplainLine("zz", "a")
	assert.ErrorIs(t, err, ErrUnknownOrder)
}
