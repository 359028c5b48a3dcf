package groupchat

import (
	"math"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTierExplainGolden explains an assignment on a ladder with an order
// count, an all-of requirement and a paid membership, under period-end
// timing: each condition with what the member has, what the tier needs and
// the shortfall, for the current and the previous period.
func TestTierExplainGolden(t *testing.T) {
	p := tierPolicy(tierYearly(), Downgrade{Mode: OneStep, Timing: AtPeriodEnd, Grace: 10 * 24 * time.Hour})
	p.Tiers = []Tier{
		{ID: "free"},
		{ID: "bronze", Requirement: Requirement{MinSpend: tierYuan("300"), MinOrders: 2, Any: true}},
		{ID: "silver", Requirement: Requirement{MinSpend: tierYuan("1000"), MinOrders: 3}},
		{ID: "gold", Requirement: Requirement{MinSpend: tierYuan("3000"), MinOrders: 3, Paid: true}},
	}
	ts := tierCompile(t, p)
	at := tierDay(2027, 2, 1)
	prev, err := ts.Restore(StandingRecord{Tier: "gold", Since: tierDay(2026, 5, 1), At: tierDay(2026, 12, 1), Basis: Qualifies})
	require.NoError(t, err)
	f := Facts{Current: Figures{Spend: tierYuan("350"), Orders: 1}, Previous: Figures{Spend: tierYuan("3200"), Orders: 2}, PeriodEnd: tierMidnight(2028, 1, 1),
		PaidTier: "gold", PaidThrough: tierMidnight(2027, 3, 1)}
	x, err := ts.Explain(prev, f, at)
	require.NoError(t, err)
	assert.Equal(t, `at 2027-02-01T10:00:00+08:00: gold since 2026-05-01T10:00:00+08:00, in grace until 2027-02-11T10:00:00+08:00 (was gold)
now: qualifies for bronze
  free: met
  bronze: met, any of
    spend CNY 350.00 ≥ CNY 300.00
    orders 1 < 2, short by 1
  silver: not met, all of
    spend CNY 350.00 < CNY 1000.00, short by CNY 650.00
    orders 1 < 3, short by 2
  gold: not met, all of
    spend CNY 350.00 < CNY 3000.00, short by CNY 2650.00
    orders 1 < 3, short by 2
    paid membership: yes
previous period: qualifies for bronze
  free: met
  bronze: met, any of
    spend CNY 3200.00 ≥ CNY 300.00
    orders 2 ≥ 2
  silver: not met, all of
    spend CNY 3200.00 ≥ CNY 1000.00
    orders 2 < 3, short by 1
  gold: not met, all of
    spend CNY 3200.00 ≥ CNY 3000.00
    orders 2 < 3, short by 1
    paid membership: yes
paid membership: gold through 2027-03-01T00:00:00+08:00, access until 2027-03-15T00:00:00+08:00`, x.String())
	assert.Equal(t, "gold", x.From)
	assert.Equal(t, "bronze", x.Qualified)
	assert.Equal(t, "bronze", x.PreviousQualified)
	assert.Equal(t, ConditionCheck{Metric: OrderCount, Have: 1, Need: 3, Short: 2}, x.Now[2].Conditions[1])
	s, err := ts.Assign(prev, f, at)
	require.NoError(t, err)
	assert.True(t, s.Equal(x.Standing))

	first, err := ts.Explain(Standing{}, f, at)
	require.NoError(t, err)
	assert.Contains(t, first.String(), "at 2027-02-01T10:00:00+08:00: bronze since 2027-02-01T10:00:00+08:00, qualifies (was none)\n")
	assert.Equal(t, "at 0001-01-01T00:00:00Z: unassigned (was none)\nnow: qualifies for ", Explanation{}.String())
	odd := Explanation{Now: []TierCheck{{Tier: "x", Conditions: []ConditionCheck{{Metric: Spend, Have: 5, Need: 7, Short: 2}}}}}
	assert.Contains(t, odd.String(), "spend 5 < 7, short by 2", "no currency: plain numbers")
}

// TestTierBookLimits checks the edges of the book's arithmetic: a spend
// beyond int64 is refused when recorded, in whichever window, and periods
// beyond the years 1678 to 2262 are errors, not wrong numbers.
func TestTierBookLimits(t *testing.T) {
	yearly := func(t *testing.T) *TierBook {
		b, err := NewTierBook(tierCompile(t, tierPolicy(tierYearly(), Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd})))
		require.NoError(t, err)
		return b
	}
	huge := commerce.MustNewMoney(math.MaxInt64, commerce.CNY)

	b := yearly(t)
	tierRecord(t, b, MemberJoined{Member: "amy", At: tierDay(2025, 1, 1)},
		Purchase{Member: "amy", Order: "o1", Paid: huge, At: tierDay(2026, 1, 2)},
		PurchaseRefund{Key: "r1", Member: "amy", Order: "o1", Amount: huge, At: tierDay(2026, 1, 4)})
	before := tierSnapshot(b)
	for _, at := range []time.Time{tierDay(2026, 1, 3), tierDay(2025, 1, 2)} { // this period and the one before
		err := b.Record(Purchase{Member: "amy", Order: "o2", Paid: commerce.MustNewMoney(1, commerce.CNY), At: at})
		assert.ErrorIs(t, err, commerce.ErrOverflow)
		assert.ErrorIs(t, err, commerce.ErrInvalid)
		assert.Contains(t, err.Error(), `purchase "o2": paid: member "amy"'s orders would total more than CNY 92233720368547758.07`)
		assert.Equal(t, before, tierSnapshot(b))
	}
	f, err := b.Facts("amy", tierDay(2026, 2, 1))
	require.NoError(t, err)
	assert.Equal(t, Figures{Spend: tierYuan("0"), Refunded: huge, RefundedOrders: 1}, f.Current)
	f, err = b.Facts("amy", tierDay(2026, 1, 3))
	require.NoError(t, err)
	assert.Equal(t, Figures{Spend: huge, Orders: 1, Refunded: tierYuan("0")}, f.Current)
	_, err = b.Sweep(tierDay(2026, 2, 1))
	require.NoError(t, err)

	b = yearly(t)
	tierRecord(t, b, MemberJoined{Member: "amy", At: time.Date(2262, 1, 2, 0, 0, 0, 0, time.UTC)})
	before = tierSnapshot(b)
	late := time.Date(2262, 3, 1, 0, 0, 0, 0, time.UTC)
	_, err = b.Facts("amy", late)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "period end: 2263-01-01")
	_, err = b.Assign("amy", late)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = b.Explain("amy", late)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Equal(t, before, tierSnapshot(b))

	b = yearly(t)
	early := time.Date(1677, 12, 1, 0, 0, 0, 0, time.UTC)
	tierRecord(t, b, MemberJoined{Member: "amy", At: early})
	_, err = b.Facts("amy", early)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "period start")
	f, err = b.Facts("amy", time.Date(1678, 3, 1, 0, 0, 0, 0, time.UTC)) // the previous period starts before the range
	require.NoError(t, err)
	assert.True(t, f.PeriodEnd.Equal(tierMidnight(1679, 1, 1)))
}

// TestTierGraceSaturates checks that a grace running past the year 2262
// ends at the range's end rather than wrapping around.
func TestTierGraceSaturates(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately, Grace: 1000 * 24 * time.Hour}))
	start := time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := ts.Assign(Standing{}, Facts{Current: Figures{Spend: tierYuan("2000")}}, start)
	require.NoError(t, err)
	s, err = ts.Assign(s, Facts{}, start.Add(24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, InGrace, s.Basis())
	assert.True(t, s.Until().Equal(time.Unix(0, maxNanos)))

	// Spend and refunds beyond int64 together: the gross saturates, and
	// meets gold, so the refunds took it and it goes at once.
	s, err = ts.Assign(s, Facts{Current: Figures{Spend: commerce.MustNewMoney(10, commerce.CNY),
		Refunded: commerce.MustNewMoney(math.MaxInt64, commerce.CNY)}}, start.Add(48*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, "free", s.Tier())
}
