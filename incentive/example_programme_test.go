package incentive_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// Look up the version of a built-in programme in effect at a time, as
// known at another: October recomputed in December still finds October's
// NewStar terms after November's edit.
func ExampleCatalogue_Lookup() {
	c := incentive.Builtin()
	october := time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)
	november := time.Date(2025, 11, 15, 0, 0, 0, 0, time.UTC)
	december := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{october, november} {
		p, err := c.Lookup("tiktok-us-newstar", at, december)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s per new product, %s per cold start (%s)\n",
			p.Version, p.Rules[0].Award.Amount, p.Rules[1].Award.Amount, p.Source.Kind)
	}
	// As known in mid-October, November's version was not yet recorded.
	_, err := c.Lookup("tiktok-us-newstar", november, october)
	fmt.Println(err)
	// Output:
	// 2025-10: USD 20.00 per new product, USD 50.00 per cold start (official)
	// 2025-11: USD 15.00 per new product, USD 55.00 per cold start (official)
	// incentive: programme "tiktok-us-newstar": none in effect at 2025-11-15T00:00:00Z as known at 2025-10-15T00:00:00Z: unknown programme version
}

// Parse a programme from its JSON form and check a rule.
func ExampleParseProgramme() {
	p, err := incentive.ParseProgramme([]byte(`{
	  "id": "private-domain", "version": "2025-q1",
	  "source": {"kind": "secondary", "ref": "Jianghai Securities via reportify.ai"},
	  "effective": {"from": "2025-01-01T00:00:00+08:00", "to": "2025-04-01T00:00:00+08:00"},
	  "recorded": "2024-12-20T00:00:00+08:00",
	  "zone": "Asia/Shanghai", "currency": "CNY", "rounding": "HalfUp",
	  "rules": [{"id": "one-percent", "beneficiary": "merchant", "per": "beneficiary",
	    "eligibility": [{"kind": "over", "fact": "store-score", "value": "4.2"}],
	    "award": {"kind": "fee-reduction", "fee-plan": "wechat-store-fee", "rate": "1%"}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := p.Check("one-percent", incentive.Facts{Merchant: "m-1", Known: incentive.FactStoreScore,
		StoreScore: commerce.MustParseRate("4.3")}, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.ID, p.Version, p.Rules[0].Award.Rate, v.Eligible)
	// Output:
	// private-domain 2025-q1 1% true
}

// Why not: a merchant that broadcast recently and sells under ¥1M a month
// elsewhere is not eligible for Xiaohongshu's cold-start traffic, and the
// verdict says by how much it falls short and from when it qualifies.
func ExampleProgramme_Check() {
	p, err := incentive.Builtin().Version("xiaohongshu-treasure-host", "2024")
	if err != nil {
		fmt.Println(err)
		return
	}
	shanghai, _ := incentive.Zone("Asia/Shanghai")
	facts := incentive.Facts{
		Merchant:           "amortals",
		Known:              incentive.FactLastBroadcastAt | incentive.FactExternalMonthlyGMV,
		LastBroadcastAt:    time.Date(2024, 4, 20, 21, 0, 0, 0, shanghai),
		ExternalMonthlyGMV: commerce.MustParseMoney("CNY 200000.00"),
	}
	v, err := p.Check("cold-start-traffic", facts, time.Date(2024, 5, 10, 20, 0, 0, 0, shanghai))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("eligible:", v.Eligible)
	for _, o := range v.WhyNot() {
		fmt.Println(o)
	}
	// Output:
	// eligible: false
	// rules[0].eligibility[0]: any-of: 0 of 2 passed, need at least 1
	// rules[0].eligibility[0].of[0]: broadcast at 2024-04-20T21:00:00+08:00, within the 30 days before 2024-05-10T20:00:00+08:00; eligible from 2024-05-21T00:00:00+08:00
	// rules[0].eligibility[0].of[1]: external monthly GMV CNY 200000.00 ≤ CNY 1000000.00, short CNY 800000.00
}

// A payout due within 10 business days of Friday 27 September 2024 in
// China: Sunday 29 September and Saturday 12 October are make-up working
// days (调休), 1 to 7 October is the National Day holiday.
func ExampleWindow_Bounds() {
	shanghai, _ := incentive.Zone("Asia/Shanghai")
	d := func(m time.Month, day int) incentive.Date { return incentive.Date{Year: 2024, Month: m, Day: day} }
	cal := incentive.Calendar{
		ID:       "cn-2024-national-day",
		Holidays: []incentive.Date{d(10, 1), d(10, 2), d(10, 3), d(10, 4), d(10, 5), d(10, 6), d(10, 7)},
		Workdays: []incentive.Date{d(9, 29), d(10, 12)},
	}
	lag := incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: cal}
	earned := time.Date(2024, 9, 27, 18, 0, 0, 0, shanghai)
	_, due, err := lag.Bounds(earned, shanghai)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pay before", due.Format(time.RFC3339))
	next, err := cal.AddBusinessDays(d(9, 27), 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("first business day after:", next)
	fmt.Println("12 October is a business day:", cal.IsBusinessDay(d(10, 12)))
	// Output:
	// pay before 2024-10-17T00:00:00+08:00
	// first business day after: 2024-09-29
	// 12 October is a business day: true
}

// Stacking: the treasure host's new-merchant support rules form a joint
// group, so all three apply together, highest priority first.
func ExampleProgramme_Stack() {
	p, err := incentive.Builtin().Version("xiaohongshu-treasure-host", "2024")
	if err != nil {
		fmt.Println(err)
		return
	}
	kept, err := p.Stack("priority-perks", "growth-traffic", "cold-start-traffic")
	fmt.Println(kept, err)
	// Output:
	// [cold-start-traffic growth-traffic priority-perks] <nil>
}
