package incentive_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

func utc(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestBuiltin(t *testing.T) {
	c := incentive.Builtin()
	assert.Equal(t, []string{"tiktok-us-gmv-sprint", "tiktok-us-newstar", "wechat-channels-618", "xiaohongshu-treasure-host"}, c.IDs())
	assert.Equal(t, []string{"2025-10", "2025-11"}, c.Versions("tiktok-us-newstar"))
	assert.Nil(t, c.Versions("nope"))
	for _, id := range c.IDs() {
		for _, v := range c.Versions(id) {
			p, err := c.Version(id, v)
			require.NoError(t, err)
			assert.NoError(t, p.Validate())
			assert.NotEmpty(t, p.Source.Note, "%s@%s says what its source does not settle", id, v)
		}
	}
	xhs, err := c.Version("xiaohongshu-treasure-host", "2024")
	require.NoError(t, err)
	assert.Equal(t, incentive.InternalDoc, xhs.Source.Kind)
	wx, err := c.Version("wechat-channels-618", "2024")
	require.NoError(t, err)
	assert.Equal(t, incentive.InternalDoc, wx.Source.Kind)
	sprint, err := c.Version("tiktok-us-gmv-sprint", "2025-10")
	require.NoError(t, err)
	assert.Equal(t, incentive.Official, sprint.Source.Kind)
}

// TestBitemporalNewStar keeps both NewStar versions in one catalogue: the
// October programme ($20 / $50) stays in effect for October after the
// November edit ($15 / $55) is recorded on 2025-10-28.
func TestBitemporalNewStar(t *testing.T) {
	c := incentive.Builtin()
	award := func(p incentive.Programme, rule string) string {
		for _, r := range p.Rules {
			if r.ID == rule {
				return r.Award.Amount.String()
			}
		}
		return ""
	}
	tests := []struct {
		name               string
		effective, known   time.Time
		version, new, cold string
	}{
		{"October as known in October", utc(2025, 10, 15), utc(2025, 10, 15), "2025-10", "USD 20.00", "USD 50.00"},
		{"October recomputed in December", utc(2025, 10, 15), utc(2025, 12, 1), "2025-10", "USD 20.00", "USD 50.00"},
		{"October's last instant", utc(2025, 11, 1).Add(-time.Nanosecond), utc(2025, 12, 1), "2025-10", "USD 20.00", "USD 50.00"},
		{"November's first instant", utc(2025, 11, 1), utc(2025, 12, 1), "2025-11", "USD 15.00", "USD 55.00"},
		{"November as soon as recorded", utc(2025, 11, 15), utc(2025, 10, 28), "2025-11", "USD 15.00", "USD 55.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := c.Lookup("tiktok-us-newstar", tt.effective, tt.known)
			require.NoError(t, err)
			assert.Equal(t, tt.version, p.Version)
			assert.Equal(t, tt.new, award(p, "new-product"))
			assert.Equal(t, tt.cold, award(p, "cold-start-product"))
		})
	}
	// November as known before its version was recorded: none.
	_, err := c.Lookup("tiktok-us-newstar", utc(2025, 11, 15), utc(2025, 10, 27))
	assert.ErrorIs(t, err, incentive.ErrUnknownVersion)
	_, err = c.Lookup("tiktok-us-newstar", utc(2025, 12, 1), utc(2026, 1, 1))
	assert.ErrorIs(t, err, incentive.ErrUnknownVersion)
	_, err = c.Lookup("tiktok-us-newstars", utc(2025, 10, 1), utc(2026, 1, 1))
	assert.ErrorIs(t, err, incentive.ErrUnknownProgramme)
	_, err = c.Version("tiktok-us-newstar", "2025-12")
	assert.ErrorIs(t, err, incentive.ErrUnknownVersion)
	_, err = c.Version("nope", "2025-12")
	assert.ErrorIs(t, err, incentive.ErrUnknownProgramme)
}

// TestBitemporalCorrection records a correction of October on 20 October:
// look-ups that know of it see it, earlier knowledge does not.
func TestBitemporalCorrection(t *testing.T) {
	oct := minimal()
	oct.ID, oct.Version = "p", "oct"
	oct.Effective = incentive.Window{Kind: incentive.Fixed, From: utc(2025, 10, 1), To: utc(2025, 11, 1)}
	oct.Recorded = utc(2025, 9, 25)
	fix := oct
	fix.Version = "oct-fix"
	fix.Recorded = utc(2025, 10, 20)
	fix.Rules = []incentive.Rule{oct.Rules[0]}
	fix.Rules[0].Award.Views = 2000
	c, err := incentive.NewCatalogue(fix, oct) // order of input does not matter
	require.NoError(t, err)
	p, err := c.Lookup("p", utc(2025, 10, 5), utc(2025, 10, 19))
	require.NoError(t, err)
	assert.Equal(t, "oct", p.Version)
	p, err = c.Lookup("p", utc(2025, 10, 5), utc(2025, 10, 20))
	require.NoError(t, err)
	assert.Equal(t, "oct-fix", p.Version)
	assert.Equal(t, []string{"oct", "oct-fix"}, c.Versions("p"))
	_, err = c.Lookup("p", utc(2025, 10, 5), utc(2025, 9, 24))
	assert.ErrorIs(t, err, incentive.ErrUnknownVersion)
}

func TestCatalogueErrors(t *testing.T) {
	a := minimal()
	b := minimal()
	b.Version = "v2"
	_, err := incentive.NewCatalogue(a, a)
	var pe *incentive.ProgrammeError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, incentive.CodeDuplicate, pe.Code)
	_, err = incentive.NewCatalogue(a, b)
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, incentive.CodeAmbiguousVersion, pe.Code)
	assert.Equal(t, "incentive: programme test-programme@v2: recorded: recorded at the same time as version \"v1\", with an overlapping effective period [ambiguous-version]", pe.Error())
	// Same recording time, adjacent periods: fine.
	b.Effective = incentive.Window{Kind: incentive.Fixed, From: a.Effective.To}
	_, err = incentive.NewCatalogue(a, b)
	assert.NoError(t, err)
	bad := minimal()
	bad.Rules[0].Caps = []incentive.Cap{{Entity: incentive.Merchant, Count: 3}}
	_, err = incentive.NewCatalogue(a, bad)
	assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
	assert.Contains(t, err.Error(), "programmes[1]")
	var zero incentive.Catalogue
	_, err = zero.Lookup("x", utc(2025, 1, 1), utc(2025, 1, 1))
	assert.ErrorIs(t, err, incentive.ErrUnknownProgramme)
	assert.Empty(t, zero.IDs())
}

// TestCatalogueIsolation checks that a catalogue shares no memory with the
// programmes it was built from or hands out.
func TestCatalogueIsolation(t *testing.T) {
	p := minimal(incentive.Predicate{Kind: incentive.InCategory, Categories: []string{"beauty"}})
	p.Rules[0].Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: cn2024()}
	c, err := incentive.NewCatalogue(p)
	require.NoError(t, err)
	p.Rules[0].Eligibility[0].Categories[0] = "changed"
	p.Rules[0].Payout.Calendar.Holidays[0] = date(2030, 1, 1)
	got, err := c.Version(p.ID, p.Version)
	require.NoError(t, err)
	assert.Equal(t, "beauty", got.Rules[0].Eligibility[0].Categories[0])
	assert.Equal(t, date(2024, 1, 1), got.Rules[0].Payout.Calendar.Holidays[0])
	got.Rules[0].ID = "changed"
	again, err := c.Lookup(p.ID, utc(2024, 6, 1), utc(2030, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, "r", again.Rules[0].ID)
}

// TestBuiltinEdges are the golden edge cases of the built-in programmes:
// eligibility at its thresholds and windows at their first and last
// instants.
func TestBuiltinEdges(t *testing.T) {
	c := incentive.Builtin()
	shanghai := cst(t)
	xhs, err := c.Lookup("xiaohongshu-treasure-host", time.Date(2024, 5, 10, 0, 0, 0, 0, shanghai), time.Date(2024, 5, 10, 0, 0, 0, 0, shanghai))
	require.NoError(t, err)
	sprint, err := c.Version("tiktok-us-gmv-sprint", "2025-10")
	require.NoError(t, err)
	newstar, err := c.Version("tiktok-us-newstar", "2025-10")
	require.NoError(t, err)
	checkAt := time.Date(2024, 5, 10, 20, 0, 0, 0, shanghai) // the first broadcast
	broadcast := func(at time.Time, gmv string) incentive.Facts {
		return incentive.Facts{Merchant: "m-1", Known: incentive.FactLastBroadcastAt | incentive.FactExternalMonthlyGMV,
			LastBroadcastAt: at, ExternalMonthlyGMV: cny(gmv)}
	}
	sps := func(s string) incentive.Facts {
		return incentive.Facts{Merchant: "s-1", Known: incentive.FactStoreScore | incentive.FactListedProducts, StoreScore: score(s), ListedProducts: 5}
	}
	tests := []struct {
		name     string
		p        incentive.Programme
		rule     string
		f        incentive.Facts
		at       time.Time
		eligible bool
	}{
		// XHS dimension 1: not broadcast in the 30 days before 10 May
		// (10 April to 9 May), or external GMV over ¥1M.
		{"xhs quiet since 9 April 23:59:59.999", xhs, "cold-start-traffic", broadcast(time.Date(2024, 4, 9, 23, 59, 59, 999e6, shanghai), "0"), checkAt, true},
		{"xhs broadcast 10 April 00:00", xhs, "cold-start-traffic", broadcast(time.Date(2024, 4, 10, 0, 0, 0, 0, shanghai), "0"), checkAt, false},
		{"xhs recent but ¥1M + 1 fen external", xhs, "growth-traffic", broadcast(time.Date(2024, 5, 1, 0, 0, 0, 0, shanghai), "1000000.01"), checkAt, true},
		{"xhs recent and exactly ¥1M external", xhs, "growth-traffic", broadcast(time.Date(2024, 5, 1, 0, 0, 0, 0, shanghai), "1000000.00"), checkAt, false},
		{"xhs streak 30", xhs, "continuous-broadcast", incentive.Facts{Merchant: "m", Known: incentive.FactBroadcastStreakDays, BroadcastStreakDays: 30}, checkAt, true},
		{"xhs streak 29", xhs, "continuous-broadcast", incentive.Facts{Merchant: "m", Known: incentive.FactBroadcastStreakDays, BroadcastStreakDays: 29}, checkAt, false},
		{"xhs cashback has no predicate", xhs, "mcn-fee-cashback", incentive.Facts{Merchant: "m"}, checkAt, true},
		// TikTok: SPS ≥ 3.5; NewStar also when there is no SPS yet.
		{"sprint SPS 3.5", sprint, "sprint", sps("3.5"), utc(2025, 10, 31), true},
		{"sprint SPS 3.49", sprint, "sprint", sps("3.49"), utc(2025, 10, 31), false},
		{"newstar SPS 3.49", newstar, "new-product", sps("3.49"), utc(2025, 10, 3), false},
		{"newstar no SPS", newstar, "new-product", incentive.Facts{Merchant: "s", Known: incentive.FactListedProducts, ListedProducts: 5}, utc(2025, 10, 3), true},
		{"newstar 4 products", newstar, "cold-start-product", incentive.Facts{Merchant: "s", Known: incentive.FactListedProducts, ListedProducts: 4}, utc(2025, 10, 3), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.p.Check(tt.rule, tt.f, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.eligible, v.Eligible, "%v", v.WhyNot())
		})
	}
	// The XHS 30 days of support count from the first broadcast's day.
	cold := xhs.Rules[0]
	first := time.Date(2024, 5, 10, 20, 0, 0, 0, shanghai)
	assert.True(t, cold.Window.Contains(time.Date(2024, 6, 8, 23, 59, 59, 999e6, shanghai), first, shanghai))
	assert.False(t, cold.Window.Contains(time.Date(2024, 6, 9, 0, 0, 0, 0, shanghai), first, shanghai))
	// The Sprint measures 1 to 30 October UTC and pays within 10 business
	// days of its end: Friday 31 October + 10 weekdays is Friday 14 November.
	sr := sprint.Rules[0]
	assert.True(t, sr.Window.Contains(time.Date(2025, 10, 30, 23, 59, 59, 999e6, time.UTC), time.Time{}, time.UTC))
	assert.False(t, sr.Window.Contains(utc(2025, 10, 31), time.Time{}, time.UTC))
	assert.True(t, sr.Baseline.Prior.Contains(time.Date(2025, 9, 30, 23, 59, 59, 999e6, time.UTC), time.Time{}, time.UTC))
	_, due, err := sr.Payout.Bounds(sr.Window.To, time.UTC)
	require.NoError(t, err)
	assert.Equal(t, utc(2025, 11, 15), due)
	assert.Equal(t, 350, sr.Ranking.Top)
	assert.Equal(t, commerce.MustParseMoney("USD 100.00"), sr.Baseline.MinIncrement)
	// WeChat 618: the growth card is capped at ¥10,000 per merchant.
	wx, err := c.Version("wechat-channels-618", "2024")
	require.NoError(t, err)
	assert.Equal(t, cny("10000.00"), wx.Rules[0].Caps[0].Amount)
	assert.Equal(t, commerce.Percent(1), wx.Rules[1].Award.Rate)
	assert.Equal(t, "wechat-channels-618", wx.Rules[1].Award.FeePlan)
	// XHS milestones: ¥10k, ¥50k, ¥100k, ¥500k, each once for life.
	var thresholds []string
	for _, m := range xhs.Rules[4].Milestones {
		thresholds = append(thresholds, m.Threshold.String())
	}
	assert.Equal(t, []string{"CNY 10000.00", "CNY 50000.00", "CNY 100000.00", "CNY 500000.00"}, thresholds)
}

func TestBuiltinMissingFacts(t *testing.T) {
	xhs, err := incentive.Builtin().Version("xiaohongshu-treasure-host", "2024")
	require.NoError(t, err)
	_, err = xhs.Check("cold-start-traffic", incentive.Facts{Merchant: "m"}, utc(2024, 5, 1))
	require.ErrorIs(t, err, incentive.ErrMissingFact)
	assert.Equal(t, `incentive: programme xiaohongshu-treasure-host@2024: rule "cold-start-traffic": last-broadcast-at|external-monthly-gmv not known: missing fact`, err.Error())
}
