package groupchat

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tierStep is one assignment of a scenario and what it must give.
type tierStep struct {
	at    time.Time
	facts Facts
	tier  string
	basis Basis
	since time.Time
	until time.Time // zero when the member qualifies
}

// tierSpend returns facts with a spend now and, for period-end timings, a
// spend in the previous period.
func tierSpend(now, prev string) Facts {
	f := Facts{Current: Figures{Spend: tierYuan(now)}}
	if prev != "" {
		f.Previous.Spend = tierYuan(prev)
	}
	return f
}

// tierRefunds adds refunds to facts' current and previous figures.
func tierRefunds(f Facts, now, prev string) Facts {
	f.Current.Refunded = tierYuan(now)
	if prev != "" {
		f.Previous.Refunded = tierYuan(prev)
	}
	return f
}

// tierPaid adds a paid membership to facts.
func tierPaid(f Facts, tier string, through time.Time) Facts {
	f.PaidTier, f.PaidThrough = tier, through
	return f
}

// tierRun assigns the steps in turn from the zero Standing and checks each
// result, that assigning it again changes nothing, and that its record
// restores it.
func tierRun(t *testing.T, ts *Tiers, joined time.Time, steps []tierStep) {
	t.Helper()
	var prev Standing
	for i, st := range steps {
		f := st.facts
		if cur, _, ok := ts.Cycles(st.at, joined); ok {
			f.PeriodEnd = cur.End
		}
		s, err := ts.Assign(prev, f, st.at)
		require.NoError(t, err, "step %d", i)
		assert.Equal(t, st.tier, s.Tier(), "step %d: %v", i, s)
		assert.Equal(t, st.basis, s.Basis(), "step %d: %v", i, s)
		assert.True(t, s.Since().Equal(st.since), "step %d: since %v, want %v", i, s.Since(), st.since)
		assert.True(t, s.Until().Equal(st.until), "step %d: until %v, want %v", i, s.Until(), st.until)
		assert.True(t, s.At().Equal(st.at))
		again, err := ts.Assign(s, f, st.at)
		require.NoError(t, err)
		assert.True(t, again.Equal(s), "step %d: not idempotent: %v then %v", i, s, again)
		restored, err := ts.Restore(s.Record())
		require.NoError(t, err)
		assert.True(t, restored.Equal(s))
		assert.Equal(t, s, restored)
		prev = s
	}
}

func TestTierAssignScenarios(t *testing.T) {
	const day = 24 * time.Hour
	grace := 30 * day
	d0 := tierDay(2026, 3, 1)
	at := func(d time.Duration) time.Time { return d0.Add(d) }
	policy := func(w TierWindow, mode DowngradeMode, timing DowngradeTiming, grace time.Duration) TierPolicy {
		return tierPolicy(w, Downgrade{Mode: mode, Timing: timing, Grace: grace})
	}
	tests := []struct {
		name   string
		policy TierPolicy
		joined time.Time
		steps  []tierStep
	}{
		{"real time, to qualifying, no grace", policy(tierRolling(), ToQualifying, Immediately, 0), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(day), tierSpend("600", ""), "silver", Qualifies, at(day), time.Time{}},
			{at(2 * day), tierSpend("0", ""), "free", Qualifies, at(2 * day), time.Time{}},
		}},
		{"real time, to qualifying, grace from the first assignment below", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(20 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)}, // not restarted
			{at(40*day - time.Second), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(40 * day), tierSpend("0", ""), "free", Qualifies, at(40 * day), time.Time{}},
		}},
		{"requalifying cancels the grace", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(15 * day), tierSpend("2500", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(20 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(50 * day)},
		}},
		{"real time, one step per grace", policy(tierRolling(), OneStep, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(40 * day), tierSpend("0", ""), "silver", InGrace, at(40 * day), at(70 * day)},
			{at(69 * day), tierSpend("0", ""), "silver", InGrace, at(40 * day), at(70 * day)},
			{at(70 * day), tierSpend("0", ""), "free", Qualifies, at(70 * day), time.Time{}},
		}},
		{"one step catches up on a sparse sweep", policy(tierRolling(), OneStep, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(55 * day), tierSpend("0", ""), "silver", InGrace, at(40 * day), at(70 * day)},
		}},
		{"one step catches up to the bottom", policy(tierRolling(), OneStep, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierSpend("0", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(400 * day), tierSpend("0", ""), "free", Qualifies, at(70 * day), time.Time{}},
		}},
		{"one step stops at the qualifying tier", policy(tierRolling(), OneStep, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierSpend("600", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(40 * day), tierSpend("600", ""), "silver", Qualifies, at(40 * day), time.Time{}},
		}},
		{"period end keeps last period's tier", policy(tierYearly(), ToQualifying, AtPeriodEnd, 0), time.Time{}, []tierStep{
			{tierDay(2026, 5, 1), tierSpend("2500", "0"), "gold", Qualifies, tierDay(2026, 5, 1), time.Time{}},
			{tierDay(2027, 1, 5), tierSpend("0", "2500"), "gold", EarnedLastPeriod, tierDay(2026, 5, 1), tierMidnight(2028, 1, 1)},
			{tierMidnight(2028, 1, 1).Add(-time.Nanosecond), tierSpend("0", "2500"), "gold", EarnedLastPeriod, tierDay(2026, 5, 1), tierMidnight(2028, 1, 1)},
			{tierMidnight(2028, 1, 1), tierSpend("0", "800"), "silver", EarnedLastPeriod, tierMidnight(2028, 1, 1), tierMidnight(2029, 1, 1)},
			{tierMidnight(2029, 1, 1), tierSpend("0", "0"), "free", Qualifies, tierMidnight(2029, 1, 1), time.Time{}},
		}},
		{"period end, one step, held through the period", policy(tierYearly(), OneStep, AtPeriodEnd, 0), time.Time{}, []tierStep{
			{tierDay(2026, 5, 1), tierSpend("2500", "0"), "gold", Qualifies, tierDay(2026, 5, 1), time.Time{}},
			{tierDay(2027, 1, 5), tierSpend("0", "2500"), "gold", EarnedLastPeriod, tierDay(2026, 5, 1), tierMidnight(2028, 1, 1)},
			{tierDay(2028, 1, 2), tierSpend("0", "0"), "silver", OnHold, tierDay(2028, 1, 2), tierMidnight(2029, 1, 1)},
			{tierDay(2028, 7, 1), tierSpend("0", "0"), "silver", OnHold, tierDay(2028, 1, 2), tierMidnight(2029, 1, 1)},
			{tierDay(2029, 1, 2), tierSpend("0", "0"), "free", Qualifies, tierDay(2029, 1, 2), time.Time{}},
		}},
		{"period end with a grace after it", policy(tierYearly(), ToQualifying, AtPeriodEnd, grace), time.Time{}, []tierStep{
			{tierDay(2026, 5, 1), tierSpend("2500", "0"), "gold", Qualifies, tierDay(2026, 5, 1), time.Time{}},
			{tierDay(2028, 1, 2), tierSpend("0", "0"), "gold", InGrace, tierDay(2026, 5, 1), tierDay(2028, 2, 1)},
			{tierDay(2028, 2, 1), tierSpend("0", "0"), "free", Qualifies, tierDay(2028, 2, 1), time.Time{}},
		}},
		{"period end: upgrades within the period are immediate", policy(tierYearly(), ToQualifying, AtPeriodEnd, 0), time.Time{}, []tierStep{
			{tierDay(2027, 3, 1), tierSpend("600", "0"), "silver", Qualifies, tierDay(2027, 3, 1), time.Time{}},
			{tierDay(2027, 6, 1), tierSpend("2100", "0"), "gold", Qualifies, tierDay(2027, 6, 1), time.Time{}},
		}},
		{"period end: a refund in the period re-evaluates at once", policy(tierYearly(), OneStep, AtPeriodEnd, 0), time.Time{}, []tierStep{
			{tierDay(2026, 5, 1), tierSpend("2500", "0"), "gold", Qualifies, tierDay(2026, 5, 1), time.Time{}},
			{tierDay(2026, 6, 1), tierSpend("1800", "0"), "silver", Qualifies, tierDay(2026, 6, 1), time.Time{}},
		}},
		{"membership anniversary, joined on 29 February", policy(TierWindow{Kind: Anniversary}, ToQualifying, AtPeriodEnd, 0), tierDay(2024, 2, 29), []tierStep{
			{tierDay(2025, 1, 10), tierSpend("2000", "0"), "gold", Qualifies, tierDay(2025, 1, 10), time.Time{}},
			{tierDay(2025, 3, 1), tierSpend("0", "2000"), "gold", EarnedLastPeriod, tierDay(2025, 1, 10), tierMidnight(2026, 2, 28)},
			{tierMidnight(2026, 2, 28), tierSpend("0", "0"), "free", Qualifies, tierMidnight(2026, 2, 28), time.Time{}},
		}},
		{"tier anniversary holds a year", policy(tierRolling(), ToQualifying, AtTierAnniversary, 0), time.Time{}, []tierStep{
			{tierDay(2026, 3, 10), tierSpend("2000", ""), "gold", Qualifies, tierDay(2026, 3, 10), time.Time{}},
			{tierDay(2026, 8, 1), tierSpend("0", ""), "gold", OnHold, tierDay(2026, 3, 10), tierDay(2027, 3, 10)},
			{tierDay(2027, 3, 10), tierSpend("0", ""), "free", Qualifies, tierDay(2027, 3, 10), time.Time{}},
		}},
		{"tier anniversary renews while qualifying", policy(tierRolling(), ToQualifying, AtTierAnniversary, 0), time.Time{}, []tierStep{
			{tierDay(2026, 3, 10), tierSpend("2000", ""), "gold", Qualifies, tierDay(2026, 3, 10), time.Time{}},
			{tierDay(2027, 3, 10), tierSpend("2000", ""), "gold", Qualifies, tierDay(2026, 3, 10), time.Time{}},
			{tierDay(2027, 6, 1), tierSpend("0", ""), "gold", OnHold, tierDay(2026, 3, 10), tierDay(2028, 3, 10)},
		}},
		{"tier anniversary, one step a year", policy(tierRolling(), OneStep, AtTierAnniversary, 0), time.Time{}, []tierStep{
			{tierDay(2026, 3, 10), tierSpend("2000", ""), "gold", Qualifies, tierDay(2026, 3, 10), time.Time{}},
			{tierDay(2027, 3, 11), tierSpend("0", ""), "silver", OnHold, tierDay(2027, 3, 11), tierDay(2028, 3, 11)},
			{tierDay(2028, 3, 11), tierSpend("0", ""), "free", Qualifies, tierDay(2028, 3, 11), time.Time{}},
		}},
		// worldwideview #504: paid access lasts until paid-through plus
		// grace, then goes at once, without the 30-day spend grace.
		{"paid access ends at paid-through plus paid grace", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{tierDay(2026, 6, 1), tierPaid(tierSpend("600", ""), "gold", tierMidnight(2026, 7, 1)), "gold", PaidAccess, tierDay(2026, 6, 1), tierMidnight(2026, 7, 15)},
			{tierMidnight(2026, 7, 15).Add(-time.Second), tierPaid(tierSpend("600", ""), "gold", tierMidnight(2026, 7, 1)), "gold", PaidAccess, tierDay(2026, 6, 1), tierMidnight(2026, 7, 15)},
			{tierMidnight(2026, 7, 15), tierPaid(tierSpend("600", ""), "gold", tierMidnight(2026, 7, 1)), "silver", Qualifies, tierMidnight(2026, 7, 15), time.Time{}},
		}},
		{"paid access gone from the facts", policy(tierRolling(), OneStep, Immediately, grace), time.Time{}, []tierStep{
			{tierDay(2026, 6, 1), tierPaid(tierSpend("0", ""), "gold", tierMidnight(2026, 7, 1)), "gold", PaidAccess, tierDay(2026, 6, 1), tierMidnight(2026, 7, 15)},
			{tierDay(2026, 7, 20), tierSpend("0", ""), "free", Qualifies, tierMidnight(2026, 7, 15), time.Time{}},
		}},
		{"a paid downgrade keeps the paid time", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{tierDay(2026, 6, 20), tierPaid(tierSpend("0", ""), "gold", tierMidnight(2026, 7, 1)), "gold", PaidAccess, tierDay(2026, 6, 20), tierMidnight(2026, 7, 15)},
			{tierDay(2026, 7, 16), tierPaid(tierSpend("0", ""), "silver", tierMidnight(2026, 8, 1)), "silver", PaidAccess, tierMidnight(2026, 7, 15), tierMidnight(2026, 8, 15)},
			{tierMidnight(2026, 8, 15), tierSpend("0", ""), "free", Qualifies, tierMidnight(2026, 8, 15), time.Time{}},
		}},
		{"spend earns above a paid membership", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{tierDay(2026, 6, 1), tierPaid(tierSpend("2500", ""), "silver", tierMidnight(2026, 7, 1)), "gold", Qualifies, tierDay(2026, 6, 1), time.Time{}},
			{tierDay(2026, 6, 2), tierPaid(tierSpend("100", ""), "silver", tierMidnight(2026, 7, 1)), "gold", InGrace, tierDay(2026, 6, 1), tierDay(2026, 7, 2)},
			{tierDay(2026, 7, 2), tierPaid(tierSpend("100", ""), "silver", tierMidnight(2026, 7, 1)), "silver", PaidAccess, tierDay(2026, 7, 2), tierMidnight(2026, 7, 15)},
		}},
		// Refunds re-evaluate the tier (Talon.One reevaluateOnReturn):
		// grace and holds protect spend that ages out, not spend refunded.
		{"a refund re-evaluates at once, without grace", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(day), tierRefunds(tierSpend("600", ""), "1400", ""), "silver", Qualifies, at(day), time.Time{}},
		}},
		{"spend ageing out keeps its grace, refunds or not", policy(tierRolling(), ToQualifying, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(day), tierRefunds(tierSpend("0", ""), "300", ""), "gold", InGrace, at(0), at(31 * day)},
		}},
		{"a refund ends a tier anniversary's hold", policy(tierRolling(), ToQualifying, AtTierAnniversary, 0), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(day), tierRefunds(tierSpend("0", ""), "2000", ""), "free", Qualifies, at(day), time.Time{}},
		}},
		{"period end: a refund of last period's spend re-evaluates at once", policy(tierYearly(), OneStep, AtPeriodEnd, 10*day), time.Time{}, []tierStep{
			{tierDay(2026, 5, 1), tierSpend("2500", "0"), "gold", Qualifies, tierDay(2026, 5, 1), time.Time{}},
			{tierDay(2027, 2, 1), tierRefunds(tierSpend("0", "1500"), "0", "1000"), "silver", EarnedLastPeriod, tierDay(2027, 2, 1), tierMidnight(2028, 1, 1)},
		}},
		{"a step that lands on a refunded tier goes on at once", policy(tierRolling(), OneStep, Immediately, grace), time.Time{}, []tierStep{
			{at(0), tierSpend("2000", ""), "gold", Qualifies, at(0), time.Time{}},
			{at(10 * day), tierRefunds(tierSpend("100", ""), "500", ""), "gold", InGrace, at(0), at(40 * day)},
			{at(40 * day), tierRefunds(tierSpend("100", ""), "500", ""), "free", Qualifies, at(40 * day), time.Time{}},
		}},
		{"period end: paid access ends at once too", policy(tierYearly(), OneStep, AtPeriodEnd, grace), time.Time{}, []tierStep{
			{tierDay(2026, 6, 1), tierPaid(tierSpend("0", "0"), "gold", tierMidnight(2026, 7, 1)), "gold", PaidAccess, tierDay(2026, 6, 1), tierMidnight(2026, 7, 15)},
			{tierDay(2026, 8, 1), tierPaid(tierSpend("600", "0"), "gold", tierMidnight(2026, 7, 1)), "silver", Qualifies, tierMidnight(2026, 7, 15), time.Time{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tierRun(t, tierCompile(t, tt.policy), tt.joined, tt.steps)
		})
	}
}

// TestTierAssignRefuses checks every bad input: an error that names it,
// and nothing assigned.
func TestTierAssignRefuses(t *testing.T) {
	rolling := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately}))
	yearly := tierCompile(t, tierPolicy(tierYearly(), Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd}))
	d := tierDay(2026, 6, 1)
	prev, err := rolling.Assign(Standing{}, Facts{}, d)
	require.NoError(t, err)
	other := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
	other.Tiers[0].ID = "basic"
	foreign, err := tierCompile(t, other).Assign(Standing{}, Facts{}, d)
	require.NoError(t, err)
	tests := []struct {
		name  string
		ts    *Tiers
		prev  Standing
		facts Facts
		at    time.Time
		is    error
		msg   string
	}{
		{"zero instant", rolling, Standing{}, Facts{}, time.Time{}, commerce.ErrInvalid, "assign: at: zero time"},
		{"instant after 2262", rolling, Standing{}, Facts{}, time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC), commerce.ErrInvalid, "outside the years 1678 to 2262"},
		{"before the standing", rolling, prev, Facts{}, d.Add(-time.Second), commerce.ErrInvalid, "assign: at: 2026-06-01T09:59:59+08:00 is before the standing's 2026-06-01T10:00:00+08:00"},
		{"standing of another ladder", rolling, foreign, Facts{}, d, commerce.ErrInvalid, `standing: tier: unknown tier "basic"`},
		{"spend in dollars", rolling, prev, Facts{Current: Figures{Spend: commerce.MustParseMoney("USD 5")}}, d, commerce.ErrCurrencyMismatch, "facts: current: spend"},
		{"previous spend in dollars", rolling, prev, Facts{Previous: Figures{Spend: commerce.MustParseMoney("USD 5")}}, d, commerce.ErrCurrencyMismatch, "facts: previous: spend"},
		{"negative spend", rolling, prev, Facts{Current: Figures{Spend: tierYuan("-1")}}, d, commerce.ErrInvalid, "facts: current: spend: negative: CNY -1.00"},
		{"refunds in dollars", rolling, prev, Facts{Current: Figures{Refunded: commerce.MustParseMoney("USD 5")}}, d, commerce.ErrCurrencyMismatch, "facts: current: refunded"},
		{"negative previous refunds", rolling, prev, Facts{Previous: Figures{Refunded: tierYuan("-1")}}, d, commerce.ErrInvalid, "facts: previous: refunded: negative"},
		{"negative orders", rolling, prev, Facts{Current: Figures{Orders: -1}}, d, commerce.ErrInvalid, "facts: current: orders: negative: -1"},
		{"negative previous orders", rolling, prev, Facts{Previous: Figures{Orders: -2}}, d, commerce.ErrInvalid, "facts: previous: orders: negative: -2"},
		{"negative refunded orders", rolling, prev, Facts{Current: Figures{RefundedOrders: -1}}, d, commerce.ErrInvalid, "facts: current: refunded orders: negative: -1"},
		{"period end on a rolling window", rolling, prev, Facts{PeriodEnd: d.Add(time.Hour)}, d, commerce.ErrInvalid, "period end: set on a rolling window"},
		{"no period end on a fixed window", yearly, Standing{}, Facts{}, d, commerce.ErrInvalid, "period end: zero time"},
		{"period end not after the instant", yearly, Standing{}, Facts{PeriodEnd: d}, d, commerce.ErrInvalid, "period end: 2026-06-01T10:00:00+08:00 is not after the instant assigned"},
		{"unknown paid tier", rolling, prev, Facts{PaidTier: "platinum", PaidThrough: d}, d, commerce.ErrInvalid, `paid tier: unknown tier "platinum"`},
		{"paid through without a tier", rolling, prev, Facts{PaidThrough: d}, d, commerce.ErrInvalid, "paid through: set without a paid tier"},
		{"paid through out of range", rolling, prev, Facts{PaidTier: "gold"}, d, commerce.ErrInvalid, "paid through: zero time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.ts.Assign(tt.prev, tt.facts, tt.at)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, Standing{}, s)
			_, xerr := tt.ts.Explain(tt.prev, tt.facts, tt.at)
			assert.Equal(t, err, xerr)
		})
	}
}

// TestTierAssignAcrossCompilations checks that a standing from another
// compilation of a ladder with the same tier IDs carries over by ID.
func TestTierAssignAcrossCompilations(t *testing.T) {
	p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately, Grace: 24 * time.Hour})
	a, b := tierCompile(t, p), tierCompile(t, p)
	s, err := a.Assign(Standing{}, Facts{Current: Figures{Spend: tierYuan("2000")}}, tierDay(2026, 6, 1))
	require.NoError(t, err)
	s, err = b.Assign(s, Facts{}, tierDay(2026, 6, 2))
	require.NoError(t, err)
	assert.Equal(t, "gold", s.Tier())
	assert.Equal(t, InGrace, s.Basis())
	assert.True(t, s.Until().Equal(tierDay(2026, 6, 3)))
}

func TestTierAssignDoesNotAllocate(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierYearly(), Downgrade{Mode: OneStep, Timing: AtPeriodEnd, Grace: 48 * time.Hour}))
	at := tierDay(2027, 3, 1)
	cur, _, _ := ts.Cycles(at, time.Time{})
	gold, err := ts.Assign(Standing{}, Facts{Current: Figures{Spend: tierYuan("2500")}, PeriodEnd: cur.End}, tierDay(2027, 1, 2))
	require.NoError(t, err)
	inputs := []struct {
		prev  Standing
		facts Facts
	}{
		{Standing{}, Facts{Current: Figures{Spend: tierYuan("600"), Orders: 2}, PeriodEnd: cur.End}},
		{gold, Facts{Previous: Figures{Spend: tierYuan("2500")}, PeriodEnd: cur.End}},
		{gold, Facts{Current: Figures{Spend: tierYuan("600"), Refunded: tierYuan("2000")}, PeriodEnd: cur.End}},
		{gold, Facts{PeriodEnd: cur.End}},
		{gold, Facts{PeriodEnd: cur.End, PaidTier: "silver", PaidThrough: at.Add(time.Hour)}},
		{gold, Facts{PeriodEnd: cur.End, PaidTier: "gold", PaidThrough: at.Add(-30 * 24 * time.Hour)}},
	}
	for i, in := range inputs {
		var s Standing
		allocs := testing.AllocsPerRun(1000, func() {
			s, err = ts.Assign(in.prev, in.facts, at)
		})
		require.NoError(t, err)
		assert.Zero(t, allocs, "input %d: %v", i, s)
	}
}

func TestTierStandingAccessors(t *testing.T) {
	var zero Standing
	assert.False(t, zero.Assigned())
	assert.Equal(t, "", zero.Tier())
	assert.True(t, zero.Since().IsZero())
	assert.True(t, zero.Until().IsZero())
	assert.Equal(t, "unassigned", zero.String())
	assert.Equal(t, StandingRecord{}, zero.Record())

	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately, Grace: 72 * time.Hour}))
	s, err := ts.Assign(Standing{}, Facts{Current: Figures{Spend: tierYuan("2000")}}, tierDay(2026, 6, 1))
	require.NoError(t, err)
	s, err = ts.Assign(s, Facts{}, tierDay(2026, 6, 2))
	require.NoError(t, err)
	assert.True(t, s.Assigned())
	assert.Equal(t, tierCST, s.At().Location())
	assert.True(t, s.Lapsed().Equal(tierDay(2026, 6, 2)))
	assert.True(t, s.HeldUntil().IsZero())
	assert.Equal(t, "gold since 2026-06-01T10:00:00+08:00, in grace until 2026-06-05T10:00:00+08:00", s.String())
	assert.False(t, s.Equal(zero))
	assert.Equal(t, StandingRecord{Tier: "gold", Since: tierDay(2026, 6, 1), At: tierDay(2026, 6, 2), Lapsed: tierDay(2026, 6, 2),
		Until: tierDay(2026, 6, 5), Basis: InGrace}, s.Record())
}

func TestTierRestoreRefuses(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately}))
	d := tierDay(2026, 6, 1)
	ok := StandingRecord{Tier: "gold", Since: d, At: d, Basis: Qualifies}
	s, err := ts.Restore(ok)
	require.NoError(t, err)
	assert.Equal(t, "gold", s.Tier())
	zero, err := ts.Restore(StandingRecord{})
	require.NoError(t, err)
	assert.Equal(t, Standing{}, zero)
	tests := []struct {
		name   string
		change func(r *StandingRecord)
		msg    string
	}{
		{"fields without a tier", func(r *StandingRecord) { r.Tier = "" }, "standing: tier: empty, with other fields set"},
		{"unknown tier", func(r *StandingRecord) { r.Tier = "platinum" }, `unknown tier "platinum"`},
		{"unknown basis", func(r *StandingRecord) { r.Basis = 0 }, "standing: basis: unknown Basis(0)"},
		{"no since", func(r *StandingRecord) { r.Since = time.Time{} }, "standing: since: zero time"},
		{"no at", func(r *StandingRecord) { r.At = time.Time{} }, "standing: at: zero time"},
		{"held until out of range", func(r *StandingRecord) { r.HeldUntil = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, "held until: 3000-01-01T00:00:00Z is outside"},
		{"since after at", func(r *StandingRecord) { r.Since = d.Add(time.Hour) }, "since: after the standing's at"},
		{"lapsed after at", func(r *StandingRecord) { r.Lapsed = d.Add(time.Hour) }, "lapsed: after the standing's at"},
		{"until for a qualifying member", func(r *StandingRecord) { r.Until = d.Add(time.Hour) }, "until: set for a member who qualifies"},
		{"no until in grace", func(r *StandingRecord) { r.Basis = InGrace }, "or missing for one who does not"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.change(&r)
			s, err := ts.Restore(r)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, Standing{}, s)
		})
	}
}

// TestTierRestoreBasisInstants: Restore takes a lapse only in grace, a hold
// only where it can be, and an Until that is exactly what Assign would have
// set: the lapse plus the grace, or the hold's end. A grace restored
// without its lapse would start again at the next assignment.
func TestTierRestoreBasisInstants(t *testing.T) {
	const grace = 72 * time.Hour
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: AtTierAnniversary, Grace: grace}))
	since, lapsed, at := tierDay(2025, 6, 1), tierDay(2026, 6, 2), tierDay(2026, 6, 3)
	inGrace := StandingRecord{Tier: "gold", Since: since, At: at, Lapsed: lapsed, Until: lapsed.Add(grace), Basis: InGrace}
	onHold := StandingRecord{Tier: "gold", Since: since, At: at, HeldUntil: tierDay(2027, 6, 1), Until: tierDay(2027, 6, 1), Basis: OnHold}
	for _, r := range []StandingRecord{
		inGrace, onHold,
		{Tier: "gold", Since: since, At: at, HeldUntil: tierDay(2026, 6, 1), Lapsed: lapsed, Until: lapsed.Add(grace), Basis: InGrace}, // a hold that ended
		{Tier: "gold", Since: since, At: at, HeldUntil: tierDay(2026, 6, 3), Lapsed: lapsed, Until: lapsed.Add(grace), Basis: InGrace}, // ending at At
		{Tier: "gold", Since: since, At: at, HeldUntil: tierDay(2027, 6, 1), Basis: Qualifies},
		{Tier: "gold", Since: since, At: at, HeldUntil: tierDay(2027, 6, 1), Until: tierDay(2026, 7, 1), Basis: PaidAccess},
	} {
		s, err := ts.Restore(r)
		require.NoError(t, err, "%+v", r)
		assert.Equal(t, r.Basis, s.Basis())
		assert.Equal(t, r, s.Record())
	}
	tests := []struct {
		name   string
		from   StandingRecord
		change func(r *StandingRecord)
		field  string
		msg    string
	}{
		{"in grace without a lapse", inGrace, func(r *StandingRecord) { r.Lapsed = time.Time{} }, "standing: lapsed", "missing for a member in grace"},
		{"in grace, until not lapse plus grace", inGrace, func(r *StandingRecord) { r.Until = r.Until.Add(time.Nanosecond) }, "standing: until",
			"2026-06-05T10:00:00.000000001+08:00 is not the lapse plus the grace, 2026-06-05T10:00:00+08:00"},
		{"in grace, grace already over", inGrace, func(r *StandingRecord) { r.Lapsed, r.Until = tierDay(2026, 5, 31), tierDay(2026, 6, 3) }, "standing: until",
			"not after the standing's at"},
		{"in grace under a hold", inGrace, func(r *StandingRecord) { r.HeldUntil = tierDay(2026, 6, 3).Add(time.Nanosecond) }, "standing: held until",
			"after the standing's at for a member in grace, not on hold"},
		{"on hold without its end", onHold, func(r *StandingRecord) { r.HeldUntil = time.Time{} }, "standing: held until", "missing for a member on hold"},
		{"on hold, until not the hold's end", onHold, func(r *StandingRecord) { r.Until = tierDay(2027, 5, 1) }, "standing: until",
			"2027-05-01T10:00:00+08:00 is not the end of the hold, 2027-06-01T10:00:00+08:00"},
		{"on hold that has ended", onHold, func(r *StandingRecord) { r.HeldUntil, r.Until = at, at }, "standing: until", "not after the standing's at"},
		{"on hold with a lapse", onHold, func(r *StandingRecord) { r.Lapsed = lapsed }, "standing: lapsed", "set for a member on hold, not in grace"},
		{"qualifies with a lapse", inGrace, func(r *StandingRecord) { r.Basis, r.Until = Qualifies, time.Time{} }, "standing: lapsed",
			"set for a member who qualifies, not in grace"},
		{"paid access with a lapse", inGrace, func(r *StandingRecord) { r.Basis = PaidAccess }, "standing: lapsed", "set for a member with paid access"},
		{"earned last period with a lapse", inGrace, func(r *StandingRecord) { r.Basis = EarnedLastPeriod }, "standing: lapsed", "set for a member who earned last period"},
		{"paid access that has ended", onHold, func(r *StandingRecord) { r.Basis, r.Until = PaidAccess, at }, "standing: until", "not after the standing's at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.from
			tt.change(&r)
			s, err := ts.Restore(r)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, Standing{}, s)
		})
	}
}

// TestTierRestoreGraceSurvives: a grace restored from its record ends when
// it would have without the round trip.
func TestTierRestoreGraceSurvives(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately, Grace: 72 * time.Hour}))
	s, err := ts.Assign(Standing{}, Facts{Current: Figures{Spend: tierYuan("2000")}}, tierDay(2026, 6, 1))
	require.NoError(t, err)
	s, err = ts.Assign(s, Facts{}, tierDay(2026, 6, 2))
	require.NoError(t, err)
	restored, err := ts.Restore(s.Record())
	require.NoError(t, err)
	require.True(t, restored.Equal(s))
	s, err = ts.Assign(restored, Facts{}, tierDay(2026, 6, 5))
	require.NoError(t, err)
	assert.Equal(t, "free", s.Tier())
}

// TestZeroTiersDoesNotPanic: the zero Tiers, and a nil one, is not usable;
// every method says so or returns a zero result, and none panics.
func TestZeroTiersDoesNotPanic(t *testing.T) {
	d := tierDay(2026, 6, 1)
	rec := StandingRecord{Tier: "gold", Since: d, At: d, Basis: Qualifies}
	for name, ts := range map[string]*Tiers{"zero": new(Tiers), "nil": nil} {
		t.Run(name, func(t *testing.T) {
			assert.NotPanics(t, func() {
				for _, err := range []error{
					func() error { _, err := ts.Assign(Standing{}, Facts{}, d); return err }(),
					func() error {
						_, err := ts.Assign(Standing{}, Facts{Current: Figures{Spend: tierYuan("2000")}}, d)
						return err
					}(),
					func() error { _, err := ts.Explain(Standing{}, Facts{}, d); return err }(),
					func() error { _, err := ts.Restore(rec); return err }(),
					func() error { _, err := ts.Restore(StandingRecord{}); return err }(),
				} {
					assert.ErrorIs(t, err, commerce.ErrInvalid)
					assert.ErrorContains(t, err, "tiers: the zero Tiers is not usable: build one with NewTiers")
				}
				cur, prev, ok := ts.Cycles(d, d)
				assert.False(t, ok)
				assert.Equal(t, Cycle{}, cur)
				assert.Equal(t, Cycle{}, prev)
				assert.Zero(t, ts.Len())
				assert.Empty(t, ts.IDs())
				_, ok = ts.Rank("free")
				assert.False(t, ok)
				_, ok = ts.Lookup("free")
				assert.False(t, ok)
				assert.Empty(t, ts.Policy().Tiers)
				assert.Equal(t, time.UTC, ts.Location())
			})
		})
	}
}
