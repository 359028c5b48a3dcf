package live

import (
	"cmp"
	"slices"
	"time"
)

// VerifyRoster re-checks every hard constraint of spec on r.Shifts and
// returns nil, the spec's validation error, or [Breaches] listing every
// constraint broken: coverage of each slot by exactly one host, shifts
// inside their day's window and on slots, known hosts, no overlaps, days
// off, daily and weekly hours, rest days, daily, weekly and monthly
// overtime (as [Labour] defines it), rest between days, time on air and
// days in a row, across the boundary too when the spec is cyclic. Soft
// preferences and r.Totals are not checked. The breaches, with their
// instants in the spec's location, do not depend on the order of
// r.Shifts.
//
// It shares no code with [PlanRoster]'s search: it works on instants and
// durations, not slot counts, so the two check each other.
func VerifyRoster(spec RosterSpec, r Roster) error {
	if err := spec.Validate(); err != nil {
		return err
	}
	v := newVerifier(spec)
	byHost := make(map[string][]Shift, len(spec.Hosts))
	for _, h := range spec.Hosts {
		byHost[h.ID] = nil
	}
	for _, s := range r.Shifts {
		if v.placed(s, byHost) {
			byHost[s.Host] = append(byHost[s.Host], s)
		}
	}
	v.coverage(byHost)
	for _, h := range spec.Hosts {
		v.host(h, byHost[h.ID])
	}
	if len(v.out) == 0 {
		return nil
	}
	slices.SortFunc(v.out, func(a, b Breach) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), a.At.Compare(b.At), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Host, b.Host),
			cmp.Compare(a.Got, b.Got), cmp.Compare(a.Limit, b.Limit), cmp.Compare(a.GotCount, b.GotCount), cmp.Compare(a.LimitCount, b.LimitCount))
	})
	return v.out
}

// verifier holds a spec's windows as instants.
type verifier struct {
	spec        RosterSpec
	slot        time.Duration
	open, close []time.Time
	out         Breaches
}

func newVerifier(spec RosterSpec) *verifier {
	v := &verifier{spec: spec, slot: time.Hour}
	if spec.Slot > 0 {
		v.slot = spec.Slot
	}
	y, m, d := spec.First.Date()
	hh, mm := int(spec.Opens/time.Hour), int(spec.Opens%time.Hour/time.Minute)
	for i := range 7 * spec.Weeks {
		v.open = append(v.open, time.Date(y, m, d+i, hh, mm, 0, 0, spec.Location))
		v.close = append(v.close, time.Date(y, m, d+i, hh, mm+int(spec.Length/time.Minute), 0, 0, spec.Location))
	}
	return v
}

// add records b, with its instant in the spec's location.
func (v *verifier) add(b Breach) {
	b.At = b.At.In(v.spec.Location)
	v.out = append(v.out, b)
}

// placed checks one shift's host, day, window and slots, and reports
// whether it is well placed.
func (v *verifier) placed(s Shift, byHost map[string][]Shift) bool {
	if _, ok := byHost[s.Host]; !ok {
		v.add(Breach{Rule: RuleHost, Host: s.Host, Day: s.Day, At: s.Start})
		return false
	}
	if s.Day < 0 || s.Day >= len(v.open) {
		v.add(Breach{Rule: RuleWindow, Host: s.Host, Day: -1, At: s.Start})
		return false
	}
	o := v.open[s.Day]
	if !s.Start.Before(s.End) || s.Start.Before(o) || s.End.After(v.close[s.Day]) ||
		s.Start.Sub(o)%v.slot != 0 || s.End.Sub(o)%v.slot != 0 {
		v.add(Breach{Rule: RuleWindow, Host: s.Host, Day: s.Day, At: s.Start, Got: s.End.Sub(s.Start)})
		return false
	}
	return true
}

// coverage counts the hosts on air in every slot and reports each run of
// slots without exactly one.
func (v *verifier) coverage(byHost map[string][]Shift) {
	for d := range v.open {
		n := int(v.close[d].Sub(v.open[d]) / v.slot)
		count := make([]int, n)
		for _, shifts := range byHost {
			for _, s := range shifts {
				if s.Day != d {
					continue
				}
				for k := int(s.Start.Sub(v.open[d]) / v.slot); k < int(s.End.Sub(v.open[d])/v.slot); k++ {
					count[k]++
				}
			}
		}
		for a := 0; a < n; {
			b := a + 1
			for b < n && count[b] == count[a] {
				b++
			}
			if count[a] != 1 {
				v.add(Breach{Rule: RuleCoverage, Day: d, At: v.open[d].Add(time.Duration(a) * v.slot),
					Got: time.Duration(b-a) * v.slot, GotCount: count[a], LimitCount: 1})
			}
			a = b
		}
	}
}

// host checks one host's well-placed shifts.
func (v *verifier) host(h RosterHost, shifts []Shift) {
	l := v.spec.Labour
	days := len(v.open)
	// A full key, so that the order (and what the later checks see) does
	// not depend on the order of the roster's shifts.
	slices.SortFunc(shifts, func(a, b Shift) int {
		return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), cmp.Compare(a.Day, b.Day))
	})
	daily := make([]time.Duration, days)
	var latest time.Time // the latest end so far
	for k, s := range shifts {
		daily[s.Day] += s.End.Sub(s.Start)
		if k > 0 && s.Start.Before(latest) {
			v.add(Breach{Rule: RuleOverlap, Host: h.ID, Day: s.Day, At: s.Start})
		}
		if k == 0 || s.End.After(latest) {
			latest = s.End
		}
	}
	off := make(map[[3]int]bool, len(h.Off))
	for _, t := range h.Off {
		y, m, d := t.Date()
		off[[3]int{y, int(m), d}] = true
	}
	y0, m0, d0 := v.spec.First.Date()
	date := func(d int) time.Time { return time.Date(y0, m0, d0+d, 0, 0, 0, 0, time.UTC) }
	dayCap := l.DailyStandard
	if v.spec.Overtime {
		dayCap += l.OvertimePerDay
	}
	monthOT := map[time.Month]time.Duration{}
	monthDay := map[time.Month]int{}
	var std, weekHours, weekOT time.Duration
	rested := 0
	for d := range days {
		if d%7 == 0 {
			std, weekHours, weekOT, rested = 0, 0, 0, 0
		}
		dt := date(d)
		if _, ok := monthDay[dt.Month()]; !ok {
			monthDay[dt.Month()] = d
		}
		if daily[d] == 0 {
			rested++
		}
		if off[[3]int{dt.Year(), int(dt.Month()), dt.Day()}] && daily[d] > 0 {
			v.add(Breach{Rule: RuleDayOff, Host: h.ID, Day: d, At: v.open[d]})
		}
		if daily[d] > dayCap {
			v.add(Breach{Rule: RuleDailyHours, Host: h.ID, Day: d, At: v.open[d], Got: daily[d], Limit: dayCap})
		}
		s := min(daily[d], l.DailyStandard, max(0, l.WeeklyStandard-std))
		if ot := daily[d] - s; v.spec.Overtime && ot > l.OvertimePerDay {
			v.add(Breach{Rule: RuleDailyOvertime, Host: h.ID, Day: d, At: v.open[d], Got: ot, Limit: l.OvertimePerDay})
		}
		std += s
		weekHours += daily[d]
		weekOT += daily[d] - s
		monthOT[dt.Month()] += daily[d] - s
		if d%7 != 6 {
			continue
		}
		w := d - 6
		limit := time.Duration(0)
		if !v.spec.Overtime {
			limit = l.WeeklyStandard
		}
		if h.MaxWeekly > 0 && (limit == 0 || h.MaxWeekly < limit) {
			limit = h.MaxWeekly
		}
		if limit > 0 && weekHours > limit {
			v.add(Breach{Rule: RuleWeeklyHours, Host: h.ID, Day: w, At: v.open[w], Got: weekHours, Limit: limit})
		}
		if rested < l.RestDays {
			v.add(Breach{Rule: RuleRestDays, Host: h.ID, Day: w, At: v.open[w], GotCount: rested, LimitCount: l.RestDays})
		}
		if v.spec.Overtime && l.OvertimePerWeek > 0 && weekOT > l.OvertimePerWeek {
			v.add(Breach{Rule: RuleWeeklyOvertime, Host: h.ID, Day: w, At: v.open[w], Got: weekOT, Limit: l.OvertimePerWeek})
		}
	}
	if v.spec.Overtime && l.OvertimePerMonth > 0 {
		for m, ot := range monthOT {
			if ot > l.OvertimePerMonth {
				d := monthDay[m]
				v.add(Breach{Rule: RuleMonthlyOvertime, Host: h.ID, Day: d, At: v.open[d], Got: ot, Limit: l.OvertimePerMonth})
			}
		}
	}
	v.rest(h, shifts)
	v.onAir(h, shifts)
	v.inARow(h, daily)
}

// next returns t in the next cycle of a cyclic roster.
func (v *verifier) next(t time.Time) time.Time {
	return t.In(v.spec.Location).AddDate(0, 0, len(v.open))
}

// rest checks the rest between shifts on different days.
func (v *verifier) rest(h RosterHost, shifts []Shift) {
	if v.spec.MinRest == 0 || len(shifts) == 0 {
		return
	}
	for k := 1; k < len(shifts); k++ {
		a, b := shifts[k-1], shifts[k]
		if a.Day != b.Day && b.Start.Sub(a.End) < v.spec.MinRest {
			v.add(Breach{Rule: RuleMinRest, Host: h.ID, Day: b.Day, At: b.Start, Got: b.Start.Sub(a.End), Limit: v.spec.MinRest})
		}
	}
	if v.spec.Cyclic {
		first, last := shifts[0], shifts[len(shifts)-1]
		if gap := v.next(first.Start).Sub(last.End); gap < v.spec.MinRest {
			v.add(Breach{Rule: RuleMinRest, Host: h.ID, Day: first.Day, At: first.Start, Got: gap, Limit: v.spec.MinRest})
		}
	}
}

// onAir checks the runs of touching shifts against MaxOnAir.
func (v *verifier) onAir(h RosterHost, shifts []Shift) {
	if v.spec.MaxOnAir == 0 || len(shifts) == 0 {
		return
	}
	type run struct {
		start, end time.Time
		day        int
	}
	var runs []run
	for _, s := range shifts {
		if n := len(runs); n > 0 && runs[n-1].end.Equal(s.Start) {
			runs[n-1].end = s.End
			continue
		}
		runs = append(runs, run{s.Start, s.End, s.Day})
	}
	lengths := make([]time.Duration, len(runs))
	for k, r := range runs {
		lengths[k] = r.end.Sub(r.start)
	}
	if n := len(runs); v.spec.Cyclic && runs[n-1].end.Equal(v.next(runs[0].start)) {
		if n == 1 {
			lengths[0] = endless
		} else { // the last run goes on into the first
			lengths[n-1] += lengths[0]
			runs, lengths = runs[1:], lengths[1:]
		}
	}
	for k, r := range runs {
		if lengths[k] > v.spec.MaxOnAir {
			v.add(Breach{Rule: RuleOnAir, Host: h.ID, Day: r.day, At: r.start, Got: lengths[k], Limit: v.spec.MaxOnAir})
		}
	}
}

// inARow checks the days worked in a row against MaxConsecutiveDays. A
// host who works every day of a cyclic roster works without end, and is
// reported with GotCount the horizon's days.
func (v *verifier) inARow(h RosterHost, daily []time.Duration) {
	limit := v.spec.MaxConsecutiveDays
	if limit == 0 {
		return
	}
	days := len(daily)
	var starts, lengths []int
	for d := 0; d < days; d++ {
		if daily[d] == 0 {
			continue
		}
		e := d
		for e < days && daily[e] > 0 {
			e++
		}
		starts, lengths = append(starts, d), append(lengths, e-d)
		d = e
	}
	endless := false
	if n := len(starts); v.spec.Cyclic && n > 0 && starts[0] == 0 && starts[n-1]+lengths[n-1] == days {
		if n == 1 {
			endless = true // every day, repeating without end
		} else { // the last run goes on into the first
			lengths[n-1] += lengths[0]
			starts, lengths = starts[1:], lengths[1:]
		}
	}
	for k, d := range starts {
		if lengths[k] > limit || endless {
			v.add(Breach{Rule: RuleConsecutiveDays, Host: h.ID, Day: d, At: v.open[d], GotCount: lengths[k], LimitCount: limit})
		}
	}
}
