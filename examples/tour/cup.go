package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// cupRoster plans the cup brand's week of 18-hour days: first at standard
// time, which three hosts cannot cover, then with overtime, and verifies
// the roster it finds.
func cupRoster(w io.Writer, _ *story) error {
	spec := livetest.CupWeek()
	first := spec.First
	opens := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, spec.Location).Add(spec.Opens)
	para(w, fmt.Sprintf("Cupwell runs its live room %s a day from %s with %d hosts in shifts",
		hours(spec.Length), clock(opens), len(spec.Hosts)),
		fmt.Sprintf("(livetest.CupWeek: the week from %s), under %s.",
			spec.First.Format("Monday 2 January 2006"), spec.Labour))

	_, err := live.PlanRoster(spec)
	var cert *live.Infeasible
	if !errors.As(err, &cert) {
		return fmt.Errorf("the week at standard time: want an *live.Infeasible, got %v", err)
	}
	para(w, "At standard time there is no roster, and live.PlanRoster says why with a",
		fmt.Sprintf("certificate (*live.Infeasible): the rule %q binds. The week needs %s on", cert.Rule, hours(cert.Needed)),
		fmt.Sprintf("air, the hosts may give %s at standard time, so %s of overtime are needed.", hours(cert.Available), hours(cert.Overtime)))
	fmt.Fprintf(w, "%s\n\n", indent(err.Error()))

	spec.Overtime = true
	r, err := live.PlanRoster(spec)
	if err != nil {
		return err
	}
	verified := live.VerifyRoster(spec, r)
	if verified != nil {
		return verified
	}
	para(w, fmt.Sprintf("With overtime allowed (%s a day at most) the planner finds a roster, and", hours(spec.Labour.OvertimePerDay)),
		"live.VerifyRoster re-checks every rule against it independently (error <nil>). The",
		"hour after midnight belongs to the day that opened at "+clock(opens)+":")
	t := table{align: "ll"}
	t.row("day", "shifts")
	t.rule()
	var day []string
	last := -1
	flush := func() {
		if len(day) > 0 {
			t.row(day[0], strings.Join(day[1:], "   "))
		}
	}
	for _, s := range r.Shifts {
		if s.Day != last {
			flush()
			day = []string{s.Start.Format("Mon 2 Jan")}
			last = s.Day
		}
		day = append(day, fmt.Sprintf("%s %s–%s", s.Host, clock(s.Start), clock(s.End)))
	}
	flush()
	t.write(w)

	t = table{align: "lrrrr"}
	t.row("host", "shifts", "on air", "overtime", "rest days")
	t.rule()
	for _, h := range r.Totals {
		t.row(h.Host, fmt.Sprint(h.Shifts), hours(h.Hours), hours(h.Overtime), fmt.Sprint(h.RestDays))
	}
	t.write(w)
	return nil
}
