package referral

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func basePlan() Plan {
	return Plan{
		ID: "members", Version: "v1", Currency: commerce.CNY,
		Levels:   []Reward{{Rate: commerce.Percent(10)}, {Rate: commerce.Percent(5)}},
		Ceiling:  commerce.Percent(30),
		Hold:     Hold{Credit: AtReceipt, Release: AtReceipt, Days: 7},
		Rounding: commerce.HalfUp,
	}
}

func mustProgram(tb testing.TB, p Plan) *Program {
	tb.Helper()
	pr, err := NewProgram(p)
	require.NoError(tb, err)
	return pr
}

func amounts(a Accrual) map[string]string {
	out := map[string]string{}
	for _, s := range a.Shares {
		key := s.Beneficiary
		if s.Source == FromDifferential {
			key += "/diff"
		}
		out[key] = s.Amount.String()
	}
	return out
}

// A three-tier differential chain (级差), as CRMEB's division model: staff
// 3%, agent 6%, division 10%. Each ancestor earns its rate less what the
// chain below it already earned.
func TestWorkedDifferentialChain(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "staff"}, {"staff", "agent"}, {"agent", "division"}},
		map[string]Tier{"staff": 1, "agent": 2, "division": 3})
	p := basePlan()
	p.Levels = nil
	p.Differential = []TierRate{{3, commerce.Percent(10)}, {1, commerce.Percent(3)}, {2, commerce.Percent(6)}}
	pr := mustProgram(t, p)
	a, err := pr.Accrue(g, Order{ID: "o-1", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "l1", SKU: "cup", Quantity: 2, UnitList: yuan("60.00"), Paid: yuan("100.00")}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"staff/diff": "CNY 3.00", "agent/diff": "CNY 3.00", "division/diff": "CNY 4.00"}, amounts(a))

	// With the two levels on top: staff earns level 1, agent level 2, and
	// the differential chain pays as before.
	p.Levels = basePlan().Levels
	p.Ceiling = commerce.Percent(25)
	pr = mustProgram(t, p)
	a, err = pr.Accrue(g, Order{ID: "o-2", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "l1", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"staff": "CNY 10.00", "agent": "CNY 5.00",
		"staff/diff": "CNY 3.00", "agent/diff": "CNY 3.00", "division/diff": "CNY 4.00"}, amounts(a))

	// A skipped rung: with no agent in the chain, the division earns 10% − 3%.
	g = testGraph(t, [][2]string{{"buyer", "staff"}, {"staff", "division"}}, map[string]Tier{"staff": 1, "division": 3})
	a, err = pr.Accrue(g, Order{ID: "o-3", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "l1", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"staff": "CNY 10.00", "division": "CNY 5.00", "staff/diff": "CNY 3.00", "division/diff": "CNY 7.00"}, amounts(a))
}

// A rate cut between sale and refund: the refund reverses at the rate the
// order was accrued at, not today's.
func TestWorkedRateCutBetweenSaleAndRefund(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}, {"amy", "bo"}}, nil)
	v1 := mustProgram(t, basePlan())
	a, err := v1.Accrue(g, Order{ID: "o-1", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "l1", SKU: "cup", Quantity: 2, UnitList: yuan("100.00"), Paid: yuan("200.00")}}}, nil)
	require.NoError(t, err)
	l, err := Ledger{}.Apply(a, Progress{Key: "pay", Order: "o-1", Milestone: AtPayment, At: t0.Add(time.Minute)})
	require.NoError(t, err)

	cut := basePlan()
	cut.Version = "v2"
	cut.Levels = []Reward{{Rate: commerce.Percent(5)}, {Rate: commerce.Percent(2)}}
	v2 := mustProgram(t, cut)
	b, err := v2.Accrue(g, Order{ID: "o-2", Buyer: "buyer", At: t0.Add(time.Hour), Lines: []Line{
		{ID: "l1", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, nil)
	require.NoError(t, err)
	l, err = l.Apply(b, Refunded{Key: "r-1", Order: "o-1", At: t0.Add(2 * time.Hour),
		Items: []Refund{{Line: "l1", Quantity: 1, Amount: yuan("100.00")}}})
	require.NoError(t, err)
	// Amy: 20.00 − 10.00 on o-1 (10% frozen) + 5.00 on o-2.
	assert.Equal(t, yuan("15.00"), l.Balance("amy", commerce.CNY).Estimated)
	assert.Equal(t, yuan("7.00"), l.Balance("bo", commerce.CNY).Estimated)
	e, err := l.Explain("o-1", 0)
	require.NoError(t, err)
	assert.Equal(t, "10%", e.Reward.String())
	assert.Equal(t, []Reversal{{Key: "r-1", At: t0.Add(2 * time.Hour).UTC(), Amount: yuan("10.00")}}, e.Reversals)
	got, err := e.Evaluate()
	require.NoError(t, err)
	assert.Equal(t, yuan("10.00"), got)
}

// A refund after payout leaves a negative available balance that the next
// payout nets; nothing is truncated.
func TestWorkedRefundAfterPayout(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}}, nil)
	pr := mustProgram(t, basePlan())
	order := func(id string, at time.Time, paid string) Accrual {
		a, err := pr.Accrue(g, Order{ID: id, Buyer: "buyer", At: at, Lines: []Line{
			{ID: "l1", SKU: "cup", Quantity: 1, UnitList: yuan(paid), Paid: yuan(paid)}}}, nil)
		require.NoError(t, err)
		return a
	}
	day := 24 * time.Hour
	l, err := Ledger{}.Apply(
		order("o-1", t0, "150.00"),
		Progress{Key: "o-1/pay", Order: "o-1", Milestone: AtPayment, At: t0},
		Progress{Key: "o-1/recv", Order: "o-1", Milestone: AtReceipt, At: t0.Add(3 * day)},
		Release{Key: "sweep-1", At: t0.Add(11 * day)},
		Withdrawal{Key: "w-1", Beneficiary: "amy", Amount: yuan("15.00"), At: t0.Add(12 * day)},
		WithdrawalOutcome{Key: "w-1/paid", Withdrawal: "w-1", Beneficiary: "amy", Amount: yuan("15.00"), Paid: true, At: t0.Add(13 * day)},
		Refunded{Key: "r-1", Order: "o-1", At: t0.Add(14 * day), Items: []Refund{{Line: "l1", Quantity: 1, Amount: yuan("150.00")}}},
	)
	require.NoError(t, err)
	bal := l.Balance("amy", commerce.CNY)
	assert.Equal(t, yuan("-15.00"), bal.Available)
	assert.Equal(t, yuan("15.00"), bal.PaidOut)

	l, err = l.Apply(
		order("o-2", t0.Add(15*day), "50.00"),
		Progress{Key: "o-2/recv", Order: "o-2", Milestone: AtReceipt, At: t0.Add(16 * day)},
		Release{Key: "sweep-2", At: t0.Add(30 * day)},
	)
	require.NoError(t, err)
	assert.Equal(t, yuan("-10.00"), l.Balance("amy", commerce.CNY).Available, "the next ¥5.00 nets against the ¥15.00 owed")

	st, err := l.Statement("amy", commerce.CNY, t0, t0.Add(31*day))
	require.NoError(t, err)
	assert.True(t, st.Reconciles(), "%v", st)
	assert.Equal(t, yuan("20.00"), st.Earned)
	assert.Equal(t, yuan("15.00"), st.Reversed)
	assert.Equal(t, yuan("15.00"), st.Withdrawn)
	assert.Equal(t, yuan("-10.00"), st.Closing)
}
