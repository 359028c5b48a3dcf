package incentive_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// customProgramme exercises what the built-in programmes do not: a GMV
// ladder anchored at the store's opening, coupons capped per store and
// day, and an orders metric.
func customProgramme() incentive.Programme {
	return incentive.Programme{
		ID: "test-custom", Version: "1", Title: "custom", Platform: "test",
		Source:    incentive.Source{Kind: incentive.InternalDoc, Ref: "evaluate_custom_test.go"},
		Effective: incentive.Window{Kind: incentive.Fixed, From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		Recorded:  time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Zone:      "UTC", Currency: commerce.CNY, Rounding: commerce.HalfUp,
		Rules: []incentive.Rule{
			{ID: "opening-ladder", Beneficiary: incentive.Merchant, Per: incentive.PerBeneficiary,
				Anchor: incentive.AtOpening, Window: incentive.Window{Kind: incentive.NaturalDays, Days: 30}, Metric: incentive.GMV,
				Tiers: []incentive.Tier{
					{From: evCNY("0.00"), To: evCNY("1000.00"), Award: incentive.Award{Kind: incentive.Cash, Amount: evCNY("10.00")}},
					{From: evCNY("1000.00"), Award: incentive.Award{Kind: incentive.Cash, Amount: evCNY("100.00")}},
				}},
			{ID: "daily-coupons", Beneficiary: incentive.Store, Per: incentive.PerBeneficiary,
				Anchor: incentive.AtEvent, Window: incentive.Window{Kind: incentive.NaturalDays, Days: 1},
				Award: incentive.Award{Kind: incentive.Coupons, Amount: evCNY("5.00"), Count: 2},
				Caps:  []incentive.Cap{{Entity: incentive.Store, Period: incentive.PerDay, Count: 3}, {Entity: incentive.Merchant, Period: incentive.Lifetime, Amount: evCNY("25.00")}}},
			{ID: "busy-month", Beneficiary: incentive.Merchant, Per: incentive.PerBeneficiary,
				Anchor: incentive.AtEvent, Window: incentive.Window{Kind: incentive.CalendarMonth},
				Minimums: []incentive.Minimum{{Metric: incentive.Orders, Count: 2}},
				Award:    incentive.Award{Kind: incentive.Perk, Note: "busy month"}},
		},
	}
}

func TestEvaluateCustom(t *testing.T) {
	ev, err := incentive.Compile(customProgramme())
	require.NoError(t, err)
	at := func(d, h int) time.Time { return time.Date(2024, 5, d, h, 0, 0, 0, time.UTC) }
	m := incentive.Profile{
		Facts: incentive.Facts{Merchant: "m-1", Known: incentive.FactOpenedAt, OpenedAt: at(2, 9)},
		Events: []incentive.Event{
			{Kind: incentive.OrderPaid, ID: "o-1", At: at(3, 10), Amount: evCNY("800.00"), Product: "p"},
			{Kind: incentive.OrderPaid, ID: "o-2", At: at(4, 10), Amount: evCNY("300.00"), Product: "p"},
		},
	}
	res, err := ev.Evaluate(m, at(1, 0), at(31, 0))
	require.NoError(t, err)
	got := map[string][]incentive.Grant{}
	for _, g := range res.Grants() {
		got[g.Rule] = append(got[g.Rule], g)
	}
	require.Len(t, got["opening-ladder"], 1)
	assert.Equal(t, evCNY("100.00"), got["opening-ladder"][0].Amount, "¥1,100 in the 30 days from opening: the top tier")
	require.Len(t, got["daily-coupons"], 2, "one per day with an order")
	assert.Equal(t, int64(2), got["daily-coupons"][0].Count)
	assert.Equal(t, int64(2), got["daily-coupons"][1].Count, "a new day resets the daily cap")
	assert.Equal(t, "CNY", got["daily-coupons"][1].CapUnit, "the lifetime money cap is the tightest: ¥20 of ¥25 used")
	assert.Equal(t, int64(500), got["daily-coupons"][1].CapLeft)
	require.Len(t, got["busy-month"], 1, "two orders reach the minimum of 2")
	assert.Empty(t, got["busy-month"][0].MeasuredText(), "no metric")

	// Next month, with May's grants as prior: the lifetime ¥25 cap leaves
	// one ¥5 coupon.
	m.Prior = res.Grants()
	m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: "o-3", At: time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC), Amount: evCNY("1.00")})
	june, err := ev.Evaluate(m, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	var coupons []incentive.Grant
	for _, g := range june.Grants() {
		if g.Rule == "daily-coupons" {
			coupons = append(coupons, g)
		}
	}
	require.Len(t, coupons, 1)
	assert.Equal(t, int64(1), coupons[0].Count)
	assert.True(t, coupons[0].Capped)
	b, err := june.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"used": "CNY 25.00"`)

	// A third month: the lifetime cap is spent, no coupon.
	m.Prior = append(m.Prior, june.Grants()...)
	m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: "o-4", At: time.Date(2024, 7, 3, 0, 0, 0, 0, time.UTC), Amount: evCNY("1.00")})
	july, err := ev.Evaluate(m, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	for _, g := range july.Grants() {
		assert.NotEqual(t, "daily-coupons", g.Rule)
	}

	// Without the opening, the ladder cannot be anchored.
	m.Facts.Known = 0
	_, err = ev.Evaluate(m, at(1, 0), at(31, 0))
	require.ErrorIs(t, err, incentive.ErrMissingFact)
}

// TestEvaluateRankTieBreakOpening ranks on the earlier opening, an
// unknown opening last.
func TestEvaluateRankTieBreakOpening(t *testing.T) {
	p := sprint(t).Programme()
	p.Rules[0].Ranking.TieBreak = []incentive.TieKey{incentive.EarlierOpening, incentive.LowerMerchantID}
	p.Rules[0].Ranking.Top = 2
	ev, err := incentive.Compile(p)
	require.NoError(t, err)
	ms := []incentive.Profile{
		sprintProfile("m-a", 10000, 60000, evUTC(2025, 1, 1)), // opening unknown: last
		sprintProfile("m-b", 10000, 60000, evUTC(2025, 1, 1)),
		sprintProfile("m-c", 10000, 60000, evUTC(2025, 1, 1)),
	}
	ms[1].Facts.Known |= incentive.FactOpenedAt
	ms[1].Facts.OpenedAt = evUTC(2024, 6, 1)
	ms[2].Facts.Known |= incentive.FactOpenedAt
	ms[2].Facts.OpenedAt = evUTC(2024, 5, 1)
	rs, err := ev.Rank(ms, evUTC(2025, 10, 1), evUTC(2025, 11, 1))
	require.NoError(t, err)
	assert.Empty(t, rs[0].Grants())
	assert.Equal(t, 2, rs[1].Grants()[0].Rank)
	assert.Equal(t, 1, rs[2].Grants()[0].Rank)
}
