package livetest

import (
	"time"

	"github.com/livecommerce-go/livecommerce/live"
)

// CupWeek returns the roster spec of the cup brand of DOMAIN.md
// (Shidajia), which ran its live room 18 hours a day from 07:00 with three
// hosts in shifts: a window from 07:00 to 01:00 the next day, the hosts
// "host-a", "host-b" and "host-c", one week from Monday 17 June 2024 (the
// 618 week) in China Standard Time (time.FixedZone("CST", 8*3600), as
// Asia/Shanghai keeps UTC+8 all year), the State Council's 40-hour week
// ([live.ChinaStateCouncil]), and overtime not allowed.
//
// It is calibrated to the anchor study's numbers (incentive-group-matrix
// anchors, c): 18 h × 7 days = 126 host-hours needed, 3 × 40 h = 120
// available, so [live.PlanRoster] returns an *[live.Infeasible] with 6 h of
// overtime needed; set Overtime to true and it returns a roster with those
// 6 hours of overtime.
//
// MinRest is 11 hours between a host's shifts on different days: China's
// Labour Law sets no daily rest, so this is the fixture's choice (the EU
// Working Time Directive's daily rest). MaxOnAir is 0 (no cap).
func CupWeek() live.RosterSpec {
	return live.RosterSpec{
		Location: time.FixedZone("CST", 8*3600),
		First:    time.Date(2024, time.June, 17, 0, 0, 0, 0, time.UTC),
		Weeks:    1,
		Opens:    7 * time.Hour,
		Length:   18 * time.Hour,
		Hosts:    []live.RosterHost{{ID: "host-a"}, {ID: "host-b"}, {ID: "host-c"}},
		Labour:   live.ChinaStateCouncil(),
		MinRest:  11 * time.Hour,
	}
}
