package live_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// The cup brand's week at the State Council's 40 hours: 18 hours × 7 days
// need 126 host-hours, three hosts give 120 at standard time, so without
// overtime there is no roster, and the certificate says by how much.
func ExamplePlanRoster_certificate() {
	_, err := live.PlanRoster(livetest.CupWeek())
	var cert *live.Infeasible
	if errors.As(err, &cert) {
		fmt.Println(cert.Rule)
		fmt.Println(cert.Needed, "needed,", cert.Available, "available,", cert.Overtime, "overtime")
	}
	fmt.Println(err)
	// Output:
	// weekly hours
	// 126h0m0s needed, 120h0m0s available, 6h0m0s overtime
	// live: roster: weekly hours at 2024-06-17 07:00: 126 host-hours needed, 120 available; 6h of overtime needed (week from 2024-06-17, 3 hosts, each at most 40h a week): roster infeasible
}

// With overtime allowed (at most 3 hours a day and 36 a month) the week
// has a roster: each host rests one day, the two others cover it with
// 9-hour shifts, and the hour after midnight belongs to the day that opened
// at 07:00. The verifier re-checks it.
func ExamplePlanRoster() {
	spec := livetest.CupWeek()
	spec.Overtime = true
	r, err := live.PlanRoster(spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	day := -1
	for _, s := range r.Shifts {
		if s.Day != day {
			day = s.Day
			fmt.Printf("\n%s", s.Start.Format("Mon"))
		}
		fmt.Printf("  %s %s–%s", s.Host[len(s.Host)-1:], s.Start.Format("15"), s.End.Format("15"))
	}
	fmt.Println()
	for _, h := range r.Totals {
		fmt.Printf("%s: %v on air, %v overtime, %d rest day\n", h.Host, h.Hours, h.Overtime, h.RestDays)
	}
	fmt.Println("verified:", live.VerifyRoster(spec, r) == nil)
	// Output:
	//
	// Mon  b 07–16  c 16–01
	// Tue  a 07–13  b 13–19  c 19–01
	// Wed  a 07–16  c 16–01
	// Thu  b 07–13  a 13–19  c 19–01
	// Fri  b 07–16  a 16–01
	// Sat  c 07–13  b 13–19  a 19–01
	// Sun  c 07–13  b 13–19  a 19–01
	// host-a: 42h0m0s on air, 2h0m0s overtime, 1 rest day
	// host-b: 42h0m0s on air, 2h0m0s overtime, 1 rest day
	// host-c: 42h0m0s on air, 2h0m0s overtime, 1 rest day
	// verified: true
}

// One host cannot carry an 18-hour day (8 hours plus 3 of overtime); two
// hosts can give at most 40 hours of standard time and 3 of overtime on
// each of the 6 days they may work; and with a 12-hour window two hosts
// who each need a rest day leave a day with one host on air.
func ExamplePlanRoster_bindingConstraints() {
	for _, c := range []struct{ hosts, length int }{{1, 18}, {2, 18}, {2, 12}} {
		spec := livetest.CupWeek()
		spec.Overtime = true
		spec.Hosts = spec.Hosts[:c.hosts]
		spec.Length = time.Duration(c.length) * time.Hour
		_, err := live.PlanRoster(spec)
		fmt.Println(err)
	}
	// Output:
	// live: roster: daily hours at 2024-06-17 07:00: 18 host-hours needed, 11 available (1 host free, each at most 11h a day): roster infeasible
	// live: roster: daily overtime at 2024-06-17 07:00: 126 host-hours needed, 116 available (week from 2024-06-17, 2 hosts, each at most 40h of standard time a week and 3h of overtime a day on at most 6 days): roster infeasible
	// live: roster: rest days at 2024-06-17 07:00: 14 host-days needed, 12 available (week from 2024-06-17: a day needs up to 2 of the 2 hosts, and each rests 1 day a week): roster infeasible
}

// A roster edited by hand: host-c swaps Tuesday's late shift for the early
// one, and the verifier finds that it rested 6 hours after closing Monday
// at 01:00, and that host-a, closing Tuesday, is short of rest on Wednesday.
func ExampleVerifyRoster() {
	spec := livetest.CupWeek()
	spec.Overtime = true
	r, _ := live.PlanRoster(spec)
	for i, s := range r.Shifts {
		if s.Day == 1 {
			host := map[string]string{"host-a": "host-c", "host-c": "host-a"}[s.Host]
			if host != "" {
				r.Shifts[i].Host = host
			}
		}
	}
	err := live.VerifyRoster(spec, r)
	var bs live.Breaches
	if errors.As(err, &bs) {
		for _, b := range bs {
			fmt.Println(b)
		}
	}
	fmt.Println(errors.Is(err, live.ErrBreach))
	// Output:
	// min rest: host "host-c" on day 1 at 2024-06-18 07:00: got 6h, limit 11h
	// min rest: host "host-a" on day 2 at 2024-06-19 07:00: got 6h, limit 11h
	// true
}

// The labour profiles are data.
func ExampleChinaLabourLaw() {
	fmt.Println(live.ChinaStateCouncil())
	fmt.Println(live.ChinaLabourLaw())
	l := live.ChinaLabourLaw()
	l.OvertimePerDay = time.Hour // the ordinary limit of Art. 41
	fmt.Println(l)
	// Output:
	// CN State Council 1995: 8h/day, 40h/week, 1 rest day/week, overtime ≤3h/day ≤36h/month
	// CN Labour Law 1994: 8h/day, 44h/week, 1 rest day/week, overtime ≤3h/day ≤36h/month
	// CN Labour Law 1994: 8h/day, 44h/week, 1 rest day/week, overtime ≤1h/day ≤36h/month
}
