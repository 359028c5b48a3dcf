package incentive_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// exampleMerchant is a new Xiaohongshu merchant: first broadcast on
// 2024-03-10 at 15:00 Beijing time, never before, a 12-day streak, and
// ¥52,000 of March sales.
func exampleMerchant() incentive.Profile {
	bj := time.FixedZone("CST", 8*3600)
	at := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, bj) }
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	return incentive.Profile{
		Facts: incentive.Facts{
			Merchant: "m-amortals",
			Known:    incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt | incentive.FactBroadcastStreakDays,
			// LastBroadcastAt known and zero: never broadcast before.
			FirstBroadcastAt: at(10, 15), BroadcastStreakDays: 12,
		},
		Events: []incentive.Event{
			{Kind: incentive.Broadcast, ID: "b-1", At: at(10, 15)},
			{Kind: incentive.OrderPaid, ID: "o-1", At: at(10, 16), Amount: cny("30000.00"), Product: "p-1"},
			{Kind: incentive.OrderPaid, ID: "o-2", At: at(10, 17), Amount: cny("22000.00"), Product: "p-2"},
		},
	}
}

// A merchant earning the treasure-host cold-start traffic and the ¥10k
// and ¥50k first-time milestones, with the trace of each grant.
func ExampleEvaluator_Evaluate() {
	bj := time.FixedZone("CST", 8*3600)
	from, to := time.Date(2024, 3, 1, 0, 0, 0, 0, bj), time.Date(2024, 4, 1, 0, 0, 0, 0, bj)
	ev, err := incentive.Builtin().Evaluator("xiaohongshu-treasure-host", from, from)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := ev.Evaluate(exampleMerchant(), from, to)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range res.Grants() {
		switch g.Rule {
		case "cold-start-traffic":
			fmt.Printf("%s@%s %s: %d views, window %s to %s, cap %d/%d left\n", g.Programme, g.Version, g.Rule, g.Views,
				g.From.In(bj).Format(time.DateOnly), g.To.In(bj).Format(time.DateOnly), g.CapLeft, g.CapUsed+g.CapLeft)
			for _, o := range res.Matched(g) {
				fmt.Println("  why:", o)
			}
		case "monthly-sales-milestones":
			fmt.Printf("%s: rung %v reached with %s\n", g.Rule, g.Rung, g.MeasuredText())
		}
	}
	// Output:
	// xiaohongshu-treasure-host@2024 cold-start-traffic: 60000 views, window 2024-03-10 to 2024-04-09, cap 0/60000 left
	//   why: rules[0].eligibility[0]: any-of: 1 of 2 passed, need at least 1 (1 undecided)
	//   why: rules[0].eligibility[0].of[0]: never broadcast
	//   why: rules[0].eligibility[0].of[1]: external monthly GMV not known
	// monthly-sales-milestones: rung CNY 10000.00 reached with CNY 52000.00
	// monthly-sales-milestones: rung CNY 50000.00 reached with CNY 52000.00
}

// An ineligible merchant's why-not: it broadcast five days before, and
// its external GMV of ¥500,000 does not exceed ¥1M.
func ExampleResult_WhyNot() {
	bj := time.FixedZone("CST", 8*3600)
	from, to := time.Date(2024, 3, 1, 0, 0, 0, 0, bj), time.Date(2024, 4, 1, 0, 0, 0, 0, bj)
	m := exampleMerchant()
	m.Facts.Known |= incentive.FactExternalMonthlyGMV
	m.Facts.LastBroadcastAt = time.Date(2024, 3, 5, 20, 0, 0, 0, bj)
	m.Facts.ExternalMonthlyGMV = commerce.MustParseMoney("CNY 500000.00")
	ev, _ := incentive.Builtin().Evaluator("xiaohongshu-treasure-host", from, from)
	res, err := ev.Evaluate(m, from, to)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range res.WhyNot() {
		if v.Rule != "cold-start-traffic" {
			continue
		}
		for _, o := range v.WhyNot() {
			fmt.Println(o)
		}
	}
	// Output:
	// rules[0].eligibility[0]: any-of: 0 of 2 passed, need at least 1
	// rules[0].eligibility[0].of[0]: broadcast at 2024-03-05T20:00:00+08:00, within the 30 days before 2024-03-10T15:00:00+08:00; eligible from 2024-04-05T00:00:00+08:00
	// rules[0].eligibility[0].of[1]: external monthly GMV CNY 500000.00 ≤ CNY 1000000.00, short CNY 500000.00
}

// The same merchant's what-if across programmes: the treasure host
// against WeChat Channels 618, March to June 2024.
func ExampleCatalogue_WhatIf() {
	bj := time.FixedZone("CST", 8*3600)
	vs, err := incentive.Builtin().WhatIf(exampleMerchant(), time.Date(2024, 3, 1, 0, 0, 0, 0, bj), time.Date(2024, 7, 1, 0, 0, 0, 0, bj),
		"xiaohongshu-treasure-host", "wechat-channels-618")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vs {
		fmt.Printf("%s %v: money %v, %d views, %d perks\n", v.Programme, v.Versions, v.Money, v.Views, v.Perks)
	}
	// Output:
	// xiaohongshu-treasure-host [2024]: money CNY 0.00, 260000 views, 6 perks
	// wechat-channels-618 [2024]: money CNY 10000.00, 0 views, 1 perks
}
