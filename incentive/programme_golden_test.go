package incentive

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// golden compares got with testdata/name, or rewrites it with
// -update-programmes.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateProgrammes {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update-programmes to create %s", path)
	require.Equal(t, string(want), string(got), "%s differs: run with -update-programmes and review the diff", path)
}

// goldenProgramme is a Go-built programme using every rule shape: a
// TikTok-UK-style refund gate (≥ 30% at ≥ 10 orders disqualifies, [L]
// source, test material only), a ladder, first-time milestones, a ranking
// with a baseline, caps and stacking.
func goldenProgramme() Programme {
	loc := time.FixedZone("Asia/Shanghai", 8*3600)
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	cash := func(s string) Award { return Award{Kind: Cash, Amount: cny(s)} }
	cal := Calendar{ID: "cn-2024-q4", Source: "国务院办公厅关于2024年部分节假日安排的通知",
		Holidays: []Date{{2024, 10, 7}, {2024, 10, 1}, {2024, 10, 2}, {2024, 10, 3}, {2024, 10, 4}, {2024, 10, 5}, {2024, 10, 6}},
		Workdays: []Date{{2024, 10, 12}, {2024, 9, 29}}}
	return Programme{
		ID: "golden", Version: "2024-q4", Title: "Every rule shape", Platform: "test",
		Source:    Source{Kind: LowAuthority, Ref: "anchor a.3, TikTok UK", Note: "test material"},
		Effective: Window{Kind: Fixed, From: time.Date(2024, 10, 1, 0, 0, 0, 0, loc), To: time.Date(2025, 1, 1, 0, 0, 0, 0, loc)},
		Recorded:  time.Date(2024, 9, 20, 9, 30, 0, 0, loc),
		Zone:      "Asia/Shanghai", Currency: commerce.CNY, Rounding: commerce.HalfEven,
		Rules: []Rule{
			{ID: "daily-live", Beneficiary: Merchant, Per: PerBeneficiary, Priority: 10,
				Eligibility: []Predicate{
					{Kind: RefundGate, Rate: commerce.Percent(30), MinOrders: 10},
					{Kind: InCategory, Categories: []string{"beauty", "home"}},
					{Kind: AnyOf, Of: []Predicate{{Kind: OpenedWithin, Days: 30}, {Kind: Over, Fact: FactStoreScore, Value: commerce.MustParseRate("4.2")}}},
				},
				Anchor: AtEvent, Window: Window{Kind: Activation, Lag: 1},
				Payout: Window{Kind: BusinessDays, Days: 10, Calendar: cal},
				Award:  Award{Kind: Coupons, Amount: cny("9.00"), Count: 100, Note: "100 coupons at T+1"},
				Caps:   []Cap{{Entity: Merchant, Period: PerDay, Count: 100}},
			},
			{ID: "ladder", Beneficiary: Store, Per: PerBeneficiary, Priority: 5, Metric: GMV,
				Anchor: AtEvent, Window: Window{Kind: CalendarMonth},
				Tiers: []Tier{
					{To: cny("50000.00"), Award: cash("100.00")},
					{From: cny("50000.00"), To: cny("100000.00"), Award: cash("500.00")},
					{From: cny("100000.00"), Award: Award{Kind: TrafficViews, Views: 500000}},
				},
				Caps:     []Cap{{Entity: Merchant, Period: PerMonth, Amount: cny("500.00")}},
				Excludes: []string{"milestones"},
			},
			{ID: "milestones", Beneficiary: Merchant, Per: PerBeneficiary, Metric: GMV,
				Anchor: AtEvent, Window: Window{Kind: CalendarMonth},
				Milestones: []Milestone{{Threshold: cny("10000.00"), Award: cash("10.00")}, {Threshold: cny("50000.00"), Award: cash("50.00")}},
				Caps:       []Cap{{Entity: Merchant, Period: Lifetime, Count: 2}},
			},
			{ID: "sprint", Beneficiary: Merchant, Per: PerBeneficiary, Metric: IncrementalGMV,
				Window:   Window{Kind: Fixed, From: time.Date(2024, 11, 1, 0, 0, 0, 0, loc), To: time.Date(2024, 12, 1, 0, 0, 0, 0, loc)},
				Award:    Award{Kind: AdsCredit, Amount: cny("5000.00")},
				Ranking:  Ranking{Top: 350, TieBreak: []TieKey{EarlierFirstBroadcast, LowerMerchantID}},
				Baseline: Baseline{Prior: Window{Kind: Fixed, From: time.Date(2024, 10, 1, 0, 0, 0, 0, loc), To: time.Date(2024, 11, 1, 0, 0, 0, 0, loc)}, MinIncrement: cny("100.00")},
				Minimums: []Minimum{{Metric: Orders, Count: 3}},
			},
			{ID: "cashback", Beneficiary: Provider, Per: PerBeneficiary, Anchor: AtQualification, Window: Window{Kind: NaturalDays, Days: 360},
				Award: Award{Kind: FeeCashback, FeePlan: "wechat-store-fee", Rate: commerce.MustParseRate("62.5%")}},
		},
		Stacking: []Group{{ID: "monthly", Mode: Exclusive, Rules: []string{"daily-live", "ladder"}}},
	}
}

// TestGoldenProgramme pins the canonical JSON of a Go-built programme
// and checks it parses back to an equal one.
func TestGoldenProgramme(t *testing.T) {
	p := goldenProgramme()
	require.NoError(t, p.Validate())
	b := canonical(t, p)
	golden(t, "programme_golden.json", b)
	q, err := ParseProgramme(b)
	require.NoError(t, err)
	require.True(t, p.Equal(q))
}

// TestGoldenVerdicts pins the why and why-not of the built-in programmes
// at their edges, as JSON.
func TestGoldenVerdicts(t *testing.T) {
	c := Builtin()
	shanghai, _ := Zone("Asia/Shanghai")
	first := time.Date(2024, 5, 10, 20, 0, 0, 0, shanghai)
	cases := []struct {
		programme, version, rule string
		f                        Facts
		at                       time.Time
	}{
		{"xiaohongshu-treasure-host", "2024", "cold-start-traffic", Facts{Merchant: "quiet", Known: FactLastBroadcastAt | FactExternalMonthlyGMV,
			LastBroadcastAt: time.Date(2024, 4, 9, 23, 59, 59, 999e6, shanghai), ExternalMonthlyGMV: commerce.MustParseMoney("CNY 0.00")}, first},
		{"xiaohongshu-treasure-host", "2024", "cold-start-traffic", Facts{Merchant: "recent", Known: FactLastBroadcastAt | FactExternalMonthlyGMV,
			LastBroadcastAt: time.Date(2024, 4, 10, 0, 0, 0, 0, shanghai), ExternalMonthlyGMV: commerce.MustParseMoney("CNY 1000000.00")}, first},
		{"xiaohongshu-treasure-host", "2024", "growth-traffic", Facts{Merchant: "big-elsewhere", Known: FactLastBroadcastAt | FactExternalMonthlyGMV,
			LastBroadcastAt: time.Date(2024, 5, 9, 0, 0, 0, 0, shanghai), ExternalMonthlyGMV: commerce.MustParseMoney("CNY 1000000.01")}, first},
		{"xiaohongshu-treasure-host", "2024", "continuous-broadcast", Facts{Merchant: "streak", Known: FactBroadcastStreakDays, BroadcastStreakDays: 29}, first},
		{"tiktok-us-gmv-sprint", "2025-10", "sprint", Facts{Merchant: "seller", Known: FactStoreScore, StoreScore: commerce.MustParseRate("3.49")},
			time.Date(2025, 10, 31, 0, 0, 0, 0, time.UTC)},
		{"tiktok-us-newstar", "2025-10", "new-product", Facts{Merchant: "seller", Known: FactListedProducts, ListedProducts: 4},
			time.Date(2025, 10, 3, 0, 0, 0, 0, time.UTC)},
	}
	var out []Verdict
	for _, tc := range cases {
		p, err := c.Version(tc.programme, tc.version)
		require.NoError(t, err)
		v, err := p.Check(tc.rule, tc.f, tc.at)
		require.NoError(t, err)
		out = append(out, v)
	}
	b := verdictJSON(t, out)
	golden(t, "programme_verdicts.json", b)
	// Determinism: the same checks again give the same bytes.
	var again []Verdict
	for _, tc := range cases {
		p, _ := c.Version(tc.programme, tc.version)
		v, _ := p.Check(tc.rule, tc.f, tc.at)
		again = append(again, v)
	}
	require.True(t, bytes.Equal(b, verdictJSON(t, again)))
}

// verdictJSON encodes vs indented, without HTML escapes.
func verdictJSON(t *testing.T, vs []Verdict) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(vs))
	return b.Bytes()
}
