package incentive_test

import (
	"flag"
	"fmt"
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
	assert.Equal(t, int64(60000), byRule["cold-start-traffic"][0].CapUsed)
	assert.Equal(t, int64(0), byRule["cold-start-traffic"][0].CapLeft)
	assert.Equal(t, "views", byRule["cold-start-traffic"][0].CapUnit)
	assert.Equal(t, int64(200000), byRule["growth-traffic"][0].Views, "DOMAIN.md: growth ≤ 200,000 views")
	rungs := byRule["monthly-sales-milestones"]
	require.Len(t, rungs, 2, "¥52,000 reaches ¥10k and ¥50k")
	assert.Equal(t, evCNY("10000.00"), rungs[0].Rung)
	assert.Equal(t, evCNY("50000.00"), rungs[1].Rung)
	assert.Equal(t, "CNY 52000.00", rungs[1].MeasuredText())
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

// TestEvaluateBitemporal keeps both NewStar versions in one test: $20/$50
// in October, $15/$55 from November; October recomputed after
// November's edit (recorded 2025-10-28) still pays $20.
func TestEvaluateBitemporal(t *testing.T) {
	cat := incentive.Builtin()
	oct, nov, dec := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-us", Known: incentive.FactListedProducts, ListedProducts: 5}}
	for i, month := range []time.Time{oct, nov} {
		for o := range 3 { // three $100 orders: a successful cold start ($300 ≥ $250, 3 orders)
			m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: fmt.Sprintf("o-%d-%d", i, o),
				At: month.AddDate(0, 0, 3+o), Amount: evUSD("100.00"), Product: "p-1"})
		}
	}
	tests := []struct {
		name              string
		from, to, knownAt time.Time
		version           string
		newProduct, cold  string
	}{
		{"october as known in october", oct, nov, oct, "2025-10", "USD 20.00", "USD 50.00"},
		{"october recomputed after november's edit", oct, nov, dec, "2025-10", "USD 20.00", "USD 50.00"},
		{"november", nov, dec, dec, "2025-11", "USD 15.00", "USD 55.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := cat.Evaluator("tiktok-us-newstar", tt.from, tt.knownAt)
			require.NoError(t, err)
			res, err := ev.Evaluate(m, tt.from, tt.to)
			require.NoError(t, err)
			gs := res.Grants()
			require.Len(t, gs, 2)
			assert.Equal(t, tt.version, gs[0].Version)
			assert.Equal(t, tt.newProduct, gs[0].Amount.String())
			assert.Equal(t, tt.cold, gs[1].Amount.String())
		})
	}
	_, err := cat.Evaluator("tiktok-us-newstar", nov.AddDate(0, 0, 1), oct.AddDate(0, 0, 1))
	require.ErrorIs(t, err, incentive.ErrUnknownVersion, "in early October November's version was not yet recorded")
}

func TestEvaluateErrors(t *testing.T) {
	ev := treasureHost(t)
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	with := func(f func(*incentive.Profile)) incentive.Profile { m := treasureMerchant(); f(&m); return m }
	tests := []struct {
		name     string
		m        incentive.Profile
		from, to time.Time
		want     error
		text     string
	}{
		{"period ends before it starts", treasureMerchant(), to, from, commerce.ErrInvalid, "period"},
		{"missing streak", with(func(m *incentive.Profile) { m.Facts.Known &^= incentive.FactBroadcastStreakDays }), from, to, incentive.ErrMissingFact, "broadcast-streak-days"},
		{"missing first broadcast", with(func(m *incentive.Profile) { m.Facts.Known &^= incentive.FactFirstBroadcastAt }), from, to, incentive.ErrMissingFact, "first-broadcast-at"},
		{"bad merchant", with(func(m *incentive.Profile) { m.Facts.Merchant = "" }), from, to, commerce.ErrInvalid, "merchant"},
		{"event in dollars", with(func(m *incentive.Profile) { m.Events[1].Amount = evUSD("10.00") }), from, to, commerce.ErrCurrencyMismatch, "events[1]"},
		{"negative amount", with(func(m *incentive.Profile) { m.Events[1].Amount = evCNY("-1.00") }), from, to, commerce.ErrInvalid, "events[1]"},
		{"broadcast with an amount", with(func(m *incentive.Profile) { m.Events[0].Amount = evCNY("1.00") }), from, to, commerce.ErrInvalid, "events[0]"},
		{"unknown kind", with(func(m *incentive.Profile) { m.Events[0].Kind = 99 }), from, to, commerce.ErrInvalid, "events[0]: kind"},
		{"no time", with(func(m *incentive.Profile) { m.Events[0].At = time.Time{} }), from, to, commerce.ErrInvalid, "events[0]: at"},
		{"bad ID", with(func(m *incentive.Profile) { m.Events[0].ID = "" }), from, to, commerce.ErrInvalid, "events[0]: id"},
		{"conflicting replay", with(func(m *incentive.Profile) {
			e := m.Events[1]
			e.Amount = evCNY("1.00")
			m.Events = append(m.Events, e)
		}), from, to, incentive.ErrConflict, "events[1] and events[5]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ev.Evaluate(tt.m, tt.from, tt.to)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.text)
			assert.Empty(t, res.Grants(), "no partial awards")
		})
	}
	cat := incentive.Builtin()
	_, err := cat.Evaluator("no-such-programme", from, to)
	require.ErrorIs(t, err, incentive.ErrUnknownProgramme)
	_, err = cat.Evaluator("xiaohongshu-treasure-host", evAt(2030, 1, 1, 0), evAt(2030, 1, 1, 0))
	require.ErrorIs(t, err, incentive.ErrUnknownVersion)
	bad := ev.Programme()
	bad.Rules[0].Caps[0].Period = 0
	_, err = incentive.Compile(bad)
	require.ErrorIs(t, err, incentive.ErrInvalidProgramme)
	var pe *incentive.ProgrammeError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, incentive.CodeCapWithoutPeriod, pe.Code)
	_, err = cat.WhatIf(treasureMerchant(), from, to, "xiaohongshu-treasure-host", "no-such-programme")
	require.ErrorIs(t, err, incentive.ErrUnknownProgramme)
	_, err = cat.WhatIf(with(func(m *incentive.Profile) { m.Facts.Known = 0 }), from, to, "xiaohongshu-treasure-host")
	require.ErrorIs(t, err, incentive.ErrMissingFact)
	b, err := incentive.Result{}.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	assert.Empty(t, incentive.Result{}.Matched(incentive.Grant{}))
}

// TestEvaluateStacking: an exclusive group over the cold-start and growth
// traffic keeps only the higher priority, cold start (30 over 20).
func TestEvaluateStacking(t *testing.T) {
	p := treasureHost(t).Programme()
	p.Stacking = []incentive.Group{{ID: "one-traffic", Mode: incentive.Exclusive, Rules: []string{"cold-start-traffic", "growth-traffic"}}}
	ev, err := incentive.Compile(p)
	require.NoError(t, err)
	res, err := ev.Evaluate(treasureMerchant(), evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0))
	require.NoError(t, err)
	var rules []string
	for _, g := range res.Grants() {
		rules = append(rules, g.Rule)
	}
	assert.Contains(t, rules, "cold-start-traffic")
	assert.NotContains(t, rules, "growth-traffic")
}

// TestEvaluateFeeCashback: after qualifying on 2024-03-05, the merchant's
// fees from T+0 are paid back at 100%, rounded half-up; fees before do
// not count.
func TestEvaluateFeeCashback(t *testing.T) {
	m := treasureMerchant()
	m.Events = append(m.Events,
		incentive.Event{Kind: incentive.Qualified, ID: "q-1", At: evAt(2024, 3, 5, 12)},
		incentive.Event{Kind: incentive.FeeCharged, ID: "o-0", At: evAt(2024, 3, 4, 12), Amount: evCNY("99.00")},
		incentive.Event{Kind: incentive.FeeCharged, ID: "o-1", At: evAt(2024, 3, 10, 16), Amount: evCNY("300.00")},
		incentive.Event{Kind: incentive.FeeCharged, ID: "o-2", At: evAt(2024, 3, 10, 17), Amount: evCNY("150.00")},
	)
	res, err := treasureHost(t).Evaluate(m, evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0))
	require.NoError(t, err)
	var got []incentive.Grant
	for _, g := range res.Grants() {
		if g.Rule == "merchant-fee-cashback" {
			got = append(got, g)
		}
	}
	require.Len(t, got, 1)
	assert.Equal(t, evCNY("450.00"), got[0].Amount, "¥300 + ¥150 at 100%; the ¥99 before qualifying does not count")
	assert.Equal(t, commerce.HalfUp, got[0].Rounding)
}

// TestEvaluateWhatIf compares the treasure host with WeChat Channels 618
// for the same merchant.
func TestEvaluateWhatIf(t *testing.T) {
	vs, err := incentive.Builtin().WhatIf(treasureMerchant(), evAt(2024, 3, 1, 0), evAt(2024, 7, 1, 0),
		"xiaohongshu-treasure-host", "wechat-channels-618")
	require.NoError(t, err)
	require.Len(t, vs, 2)
	assert.Equal(t, int64(260000), vs[0].Views, "60,000 cold-start + 200,000 growth views")
	assert.Equal(t, evCNY("10000.00"), vs[1].Money, "the 618 growth card of up to ¥10,000")
	assert.Equal(t, []string{"2024"}, vs[1].Versions)

	// NewStar over October and November: both versions, side by side in one value.
	m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-us", Known: incentive.FactListedProducts, ListedProducts: 5}}
	for i, month := range []time.Month{time.October, time.November} {
		m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: fmt.Sprintf("o-%d", i),
			At: time.Date(2025, month, 3, 0, 0, 0, 0, time.UTC), Amount: evUSD("10.00"), Product: "p-1"})
	}
	vs, err = incentive.Builtin().WhatIf(m, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "tiktok-us-newstar")
	require.NoError(t, err)
	assert.Equal(t, []string{"2025-10", "2025-11"}, vs[0].Versions)
	assert.Equal(t, evUSD("35.00"), vs[0].Money, "$20 in October + $15 in November for one new product")
	_, err = incentive.Builtin().WhatIf(m, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "tiktok-us-newstar")
	require.ErrorIs(t, err, commerce.ErrInvalid)
}
