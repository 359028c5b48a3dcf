package incentive_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

var updateEvaluate = flag.Bool("update-evaluate", false, "rewrite the evaluation golden files (testdata/evaluate_*)")

// goldenEvaluate compares got with testdata/evaluate_<name>.json, or
// rewrites it under -update-evaluate.
func goldenEvaluate(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "evaluate_"+name)
	if *updateEvaluate {
		require.NoError(t, os.WriteFile(path, append(got, '\n'), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got)+"\n")
}

var evShanghai = func() *time.Location { l, _ := incentive.Zone("Asia/Shanghai"); return l }()

func evCNY(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
func evUSD(s string) commerce.Money { return commerce.MustParseMoney("USD " + s) }

func evAt(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, evShanghai) }

// treasureMerchant is a new Xiaohongshu merchant: first broadcast on
// 2024-03-10 at 15:00 after none before, and ¥52,000 of March sales in
// four orders (¥30,000 + ¥15,000 + ¥9,000 − a ¥2,000 refund), which
// reach the ¥10k and ¥50k first-time rungs of the treasure host ladder.
func treasureMerchant() incentive.Profile {
	return incentive.Profile{
		Facts: incentive.Facts{
			Merchant: "m-amortals", Stores: []string{"s-1", "s-2"},
			Known:            incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt | incentive.FactBroadcastStreakDays,
			FirstBroadcastAt: evAt(2024, 3, 10, 15), BroadcastStreakDays: 12,
		},
		Events: []incentive.Event{
			{Kind: incentive.Broadcast, ID: "b-1", At: evAt(2024, 3, 10, 15)},
			{Kind: incentive.OrderPaid, ID: "o-1", At: evAt(2024, 3, 10, 16), Amount: evCNY("30000.00"), Product: "p-1", Store: "s-1"},
			{Kind: incentive.OrderPaid, ID: "o-2", At: evAt(2024, 3, 10, 17), Amount: evCNY("15000.00"), Product: "p-2", Store: "s-2"},
			{Kind: incentive.OrderPaid, ID: "o-3", At: evAt(2024, 3, 10, 18), Amount: evCNY("9000.00"), Product: "p-1", Store: "s-1"},
			{Kind: incentive.OrderRefunded, ID: "o-3", At: evAt(2024, 3, 10, 20), Amount: evCNY("2000.00"), Product: "p-1", Store: "s-1"},
		},
	}
}

func treasureHost(t testing.TB) *incentive.Evaluator {
	t.Helper()
	ev, err := incentive.Builtin().Evaluator("xiaohongshu-treasure-host", evAt(2024, 3, 1, 0), evAt(2024, 3, 1, 0))
	require.NoError(t, err)
	return ev
}

func TestEvaluateTreasureHostGolden(t *testing.T) {
	res, err := treasureHost(t).Evaluate(treasureMerchant(), evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0))
	require.NoError(t, err)
	b, err := res.MarshalJSON()
	require.NoError(t, err)
	goldenEvaluate(t, "treasure_host.json", b)

	byRule := map[string][]incentive.Grant{}
	for _, g := range res.Grants() {
		byRule[g.Rule] = append(byRule[g.Rule], g)
	}
	require.Len(t, byRule["cold-start-traffic"], 1)
	assert.Equal(t, int64(60000), byRule["cold-start-traffic"][0].Views, "DOMAIN.md: cold-start ≤ 60,000 views")
	assert.Equal(t, "60000 views", byRule["cold-start-traffic"][0].CapUsed)
	assert.Equal(t, "0 views", byRule["cold-start-traffic"][0].CapLeft)
	assert.Equal(t, int64(200000), byRule["growth-traffic"][0].Views, "DOMAIN.md: growth ≤ 200,000 views")
	rungs := byRule["monthly-sales-milestones"]
	require.Len(t, rungs, 2, "¥52,000 reaches ¥10k and ¥50k")
	assert.Equal(t, evCNY("10000.00"), rungs[0].Rung)
	assert.Equal(t, evCNY("50000.00"), rungs[1].Rung)
	assert.Equal(t, "CNY 52000.00", rungs[1].Measured)
	assert.Empty(t, byRule["continuous-broadcast"], "a 12-day streak is short of 30")
	require.Len(t, res.WhyNot(), 1)
	assert.Equal(t, "continuous-broadcast", res.WhyNot()[0].Rule)
	assert.NotEmpty(t, res.Matched(byRule["cold-start-traffic"][0]))
}

// TestEvaluateWhyNotGolden: a merchant that broadcast five days before
// its first broadcast in the programme, with ¥500,000 of external GMV,
// is short of both ways into cold-start support.
func TestEvaluateWhyNotGolden(t *testing.T) {
	m := treasureMerchant()
	m.Facts.Known |= incentive.FactExternalMonthlyGMV
	m.Facts.LastBroadcastAt = evAt(2024, 3, 5, 20)
	m.Facts.ExternalMonthlyGMV = evCNY("500000.00")
	res, err := treasureHost(t).Evaluate(m, evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0))
	require.NoError(t, err)
	b, err := res.MarshalJSON()
	require.NoError(t, err)
	goldenEvaluate(t, "why_not.json", b)
	for _, g := range res.Grants() {
		assert.NotContains(t, []string{"cold-start-traffic", "growth-traffic", "priority-perks"}, g.Rule)
	}
	var shorts []string
	for _, v := range res.WhyNot() {
		for _, o := range v.WhyNot() {
			shorts = append(shorts, o.Short)
		}
	}
	assert.Contains(t, shorts, "CNY 500000.00", "¥500,000 of external GMV is ¥500,000 short of > ¥1M")
	assert.Contains(t, shorts, "18", "a 12-day streak is 18 days short of 30")
}
