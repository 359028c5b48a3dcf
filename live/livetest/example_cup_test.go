package livetest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// The cup brand's week: no roster at standard time, one with 6 hours of
// overtime.
func ExampleCupWeek() {
	spec := livetest.CupWeek()
	_, err := live.PlanRoster(spec)
	fmt.Println(err)
	spec.Overtime = true
	r, err := live.PlanRoster(spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(r.Shifts), "shifts, verified:", live.VerifyRoster(spec, r) == nil)
	// Output:
	// live: roster: weekly hours at 2024-06-17 07:00: 126 host-hours needed, 120 available; 6h of overtime needed (week from 2024-06-17, 3 hosts, each at most 40h a week): roster infeasible
	// 18 shifts, verified: true
}
