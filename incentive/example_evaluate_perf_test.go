package incentive_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// A monthly settlement of a cohort: each merchant's treasure-host grants
// for March, in the order of the profiles.
func ExampleEvaluator_EvaluateAll() {
	bj := time.FixedZone("CST", 8*3600)
	from, to := time.Date(2024, 3, 1, 0, 0, 0, 0, bj), time.Date(2024, 4, 1, 0, 0, 0, 0, bj)
	ev, err := incentive.Builtin().Evaluator("xiaohongshu-treasure-host", from, from)
	if err != nil {
		fmt.Println(err)
		return
	}
	seasoned := incentive.Profile{
		Facts: incentive.Facts{Merchant: "m-seasoned", Known: incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt | incentive.FactBroadcastStreakDays,
			FirstBroadcastAt: time.Date(2023, 5, 2, 20, 0, 0, 0, bj), BroadcastStreakDays: 31},
		Events: []incentive.Event{
			{Kind: incentive.OrderPaid, ID: "o-1", At: time.Date(2024, 3, 4, 21, 0, 0, 0, bj), Amount: commerce.MustParseMoney("CNY 800.00")},
			{Kind: incentive.OrderPaid, ID: "o-2", At: time.Date(2024, 3, 5, 21, 0, 0, 0, bj), Amount: commerce.MustParseMoney("CNY 1200.00")},
		},
	}
	cohort := []incentive.Profile{exampleMerchant(), seasoned}
	results, err := ev.EvaluateAll(cohort, from, to)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, res := range results {
		counts := map[string]int{}
		var rules []string
		for _, g := range res.Grants() {
			if counts[g.Rule] == 0 {
				rules = append(rules, g.Rule)
			}
			counts[g.Rule]++
		}
		fmt.Printf("%s:\n", cohort[i].Facts.Merchant)
		for _, r := range rules {
			fmt.Printf("  %s ×%d\n", r, counts[r])
		}
	}
	// Output:
	// m-amortals:
	//   cold-start-traffic ×1
	//   growth-traffic ×1
	//   priority-perks ×1
	//   monthly-sales-milestones ×2
	//   monthly-broadcaster-traffic ×1
	//   daily-activities ×1
	//   top-creator-traffic-cards ×1
	// m-seasoned:
	//   continuous-broadcast ×1
	//   monthly-broadcaster-traffic ×1
	//   daily-activities ×2
	//   top-creator-traffic-cards ×1
}
