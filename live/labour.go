package live

import (
	"fmt"
	"time"
)

// Labour is a labour profile as data: the standard working time and the
// overtime a roster may use. A host's hours are counted per broadcast day
// and per roster week (seven broadcast days from the roster's first day).
//
// Overtime is defined as follows. Within each week the host's days are
// taken in order, and day d's hours h split into standard time
//
//	std(d) = min(h, DailyStandard, WeeklyStandard − Σ std of the week's earlier days)
//
// and overtime ot(d) = h − std(d). A week's overtime is therefore
//
//	max(week hours − WeeklyStandard, Σ max(0, h − DailyStandard) over its days),
//
// and each hour of it falls on a broadcast day, whose date (in the roster's
// location) puts it in a calendar month. The caps below apply to ot(d) (a
// day's overtime: every hour of a day past the weekly standard is
// overtime, so a host who has met the weekly standard works at most
// OvertimePerDay on each further day of the week) and to those sums.
//
// The zero value is not a valid profile; use [ChinaStateCouncil],
// [ChinaLabourLaw], or fill every standard.
type Labour struct {
	// Name labels the profile in messages, such as "CN State Council 1995".
	Name string
	// DailyStandard is the standard time of a working day (8 h in China).
	DailyStandard time.Duration
	// WeeklyStandard is the standard time of a week (40 h or 44 h in China).
	WeeklyStandard time.Duration
	// RestDays is the least number of days of each week a host does not
	// work (0 to 6). A day off counts as a rest day.
	RestDays int
	// OvertimePerDay caps a broadcast day's overtime ot(d) when the roster
	// may use overtime ("overtime at most 3 hours a day"), and so its hours
	// at DailyStandard + OvertimePerDay.
	OvertimePerDay time.Duration
	// OvertimePerWeek caps a week's overtime; zero means no weekly cap.
	OvertimePerWeek time.Duration
	// OvertimePerMonth caps the overtime falling on the broadcast days of
	// one calendar month; zero means no monthly cap.
	OvertimePerMonth time.Duration
}

// ChinaStateCouncil returns the State Council's working-time rule for
// employees (国务院关于职工工作时间的规定, Decree 174 as revised in 1995,
// Art. 3): 8 hours a day and 40 a week. Rest days and overtime follow the
// Labour Law, which the rule defers to: at least one rest day a week
// (Art. 38), overtime at most 3 hours a day and 36 a month (Art. 41). Source
// [L]: the anchor study incentive-group-matrix-anchors.md (c), quoting
// law.iask.sina.com.cn; check the official text before relying on it.
func ChinaStateCouncil() Labour {
	return Labour{
		Name:             "CN State Council 1995",
		DailyStandard:    8 * time.Hour,
		WeeklyStandard:   40 * time.Hour,
		RestDays:         1,
		OvertimePerDay:   3 * time.Hour,
		OvertimePerMonth: 36 * time.Hour,
	}
}

// ChinaLabourLaw returns the Labour Law of the PRC (中华人民共和国劳动法,
// 1994): at most 8 hours a day and 44 a week on average (Art. 36), at least
// one rest day a week (Art. 38), and overtime, "for special reasons" and
// with the union and the worker consulted, at most 3 hours a day and 36 a
// month (Art. 41; the ordinary limit is 1 hour a day). The weekly average is
// applied to every week, which is stricter than an average. Source [L]: the
// anchor study incentive-group-matrix-anchors.md (c), quoting
// law.iask.sina.com.cn; check the official text before relying on it.
func ChinaLabourLaw() Labour {
	return Labour{
		Name:             "CN Labour Law 1994",
		DailyStandard:    8 * time.Hour,
		WeeklyStandard:   44 * time.Hour,
		RestDays:         1,
		OvertimePerDay:   3 * time.Hour,
		OvertimePerMonth: 36 * time.Hour,
	}
}

// Validate checks a positive daily standard of at most 24 hours, a weekly
// standard from the daily standard to 168 hours, 0 to 6 rest days and
// non-negative overtime caps of at most 24 hours a day. It returns a
// *[commerce.FieldError].
func (l Labour) Validate() error {
	switch {
	case l.DailyStandard <= 0 || l.DailyStandard > 24*time.Hour:
		return fieldErr("labour: daily standard", "want (0, 24h], got %v", l.DailyStandard)
	case l.WeeklyStandard < l.DailyStandard || l.WeeklyStandard > 7*24*time.Hour:
		return fieldErr("labour: weekly standard", "want [%v, 168h], got %v", l.DailyStandard, l.WeeklyStandard)
	case l.RestDays < 0 || l.RestDays > 6:
		return fieldErr("labour: rest days", "want 0 to 6, got %d", l.RestDays)
	case l.OvertimePerDay < 0 || l.OvertimePerDay > 24*time.Hour:
		return fieldErr("labour: overtime per day", "want [0, 24h], got %v", l.OvertimePerDay)
	case l.OvertimePerWeek < 0:
		return fieldErr("labour: overtime per week", "negative: %v", l.OvertimePerWeek)
	case l.OvertimePerMonth < 0:
		return fieldErr("labour: overtime per month", "negative: %v", l.OvertimePerMonth)
	}
	return nil
}

// String describes the profile, such as "CN State Council 1995: 8h/day,
// 40h/week, 1 rest day/week, overtime ≤3h/day ≤36h/month".
func (l Labour) String() string {
	s := fmt.Sprintf("%s: %s/day, %s/week, %s/week, overtime ≤%s/day",
		l.Name, hours(l.DailyStandard), hours(l.WeeklyStandard), plural(l.RestDays, "rest day"), hours(l.OvertimePerDay))
	if l.OvertimePerWeek > 0 {
		s += fmt.Sprintf(" ≤%s/week", hours(l.OvertimePerWeek))
	}
	if l.OvertimePerMonth > 0 {
		s += fmt.Sprintf(" ≤%s/month", hours(l.OvertimePerMonth))
	}
	return s
}

// hours formats d compactly: "8h", "7h30m", "45m", "0h".
func hours(d time.Duration) string {
	if d == 0 {
		return "0h"
	}
	s := d.String() // "8h0m0s"
	for _, suffix := range []string{"m0s", "h0m"} {
		if len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix {
			s = s[:len(s)-len(suffix)+1]
		}
	}
	return s
}
