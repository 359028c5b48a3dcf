package live

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"
)

// rosterSearchSteps bounds the search: each step tries one (host, length)
// block. A search that reaches it reports RuleSearchLimit.
const rosterSearchSteps = 200_000

// rosterVariants is how many rest plans the search tries.
const rosterVariants = 4

// unbounded stands for "no cap" in slot counts.
const unbounded = 1 << 30

// maxFailedStates and maxFailedBytes bound the search's table of states
// known to fail (a key of 5 bytes and 41 bytes a host each).
const (
	maxFailedStates = 1 << 15
	maxFailedBytes  = 1 << 23
)

// maxRosterMonths is the most calendar months a horizon of maxRosterWeeks
// touches (84 days: a day, then 28 + 31 + 24).
const maxRosterMonths = 4

// hostState is one host's running totals during the search, after the
// blocks laid so far. Counts are in slots.
type hostState struct {
	today    int // on air today
	week     int // on air this week, today included
	std      int // standard time of the week's finished days
	otWeek   int // overtime of the week's finished days
	worked   int // days worked this week, today included
	lastDay  int // last day worked, -1 before the first
	consec   int // days in a row ending at lastDay
	lead     int // days in a row from day 0
	leadOpen bool
	lastEnd  int64 // end of the last block, nanoseconds from the first opening
	run      int   // slots of the run on air ending at lastEnd
	first    int64 // start of the first block, likewise
	firstRun int   // slots of the run on air from the horizon's first slot
	otMonth  [maxRosterMonths]int
}

// planner holds a validated spec in slots and the search's state. Hosts
// are indexed in ID order.
type planner struct {
	spec  RosterSpec
	hosts []RosterHost
	ws    []window
	u     int64 // slot, nanoseconds

	nh, nd, nt int
	dayStart   []int   // first global slot of each day; dayStart[nd] = nt
	dayOf      []int   // day of each global slot
	slotAt     []int64 // start of each global slot, nanoseconds from the first opening
	month      []int   // calendar month of each day, 0 for the first
	off        []bool  // [h*nd+d]: host h is off on day d
	restPlan   []bool  // [h*nd+d]: the search tries host h last on day d
	spare      []int   // hosts each day can spare while planning rests
	share      []int   // a fair share of each day's slots
	kmin       []int   // fewest hosts that can cover each day

	dayCap  []int // per host: slots a day, overtime included when allowed
	weekCap []int // per host: MaxWeekly in slots, or unbounded
	stdD    int
	stdW    int
	otDay   int
	otWeek  int
	otMonth int
	rest    int
	maxRun  int
	consec  int
	minRest int64

	st      []hostState // (nt+1) levels of nh hosts
	order   []int       // nt levels of nh hosts
	assign  []int       // host of each global slot
	limit   int         // steps for the whole search
	long    bool        // try the longest blocks first, not fair shares
	sufDays []int       // per host: days of a suffix of the week it may work
	sufHrs  []int       // per host: slots it may work in them
	failed  map[string]struct{}
	fbytes  int // bytes of the keys in failed
	key     []byte
	steps   int
	deepest int
	stopped bool
}

// newPlanner converts spec, validated into ws, to slots.
func newPlanner(spec RosterSpec, ws []window) *planner {
	u := spec.slot()
	l := spec.Labour
	p := &planner{spec: spec, hosts: sortedRosterHosts(spec.Hosts), ws: ws, u: int64(u),
		nh: len(spec.Hosts), nd: len(ws),
		stdD: int(l.DailyStandard / u), stdW: int(l.WeeklyStandard / u), rest: l.RestDays,
		otWeek: unbounded, otMonth: unbounded, maxRun: unbounded, consec: unbounded,
		minRest: int64(spec.MinRest)}
	if spec.Overtime {
		p.otDay = int(l.OvertimePerDay / u)
		if l.OvertimePerWeek > 0 {
			p.otWeek = int(l.OvertimePerWeek / u)
		}
		if l.OvertimePerMonth > 0 {
			p.otMonth = int(l.OvertimePerMonth / u)
		}
	} else {
		p.otWeek, p.otMonth = 0, 0
	}
	if spec.MaxOnAir > 0 {
		p.maxRun = int(spec.MaxOnAir / u)
	}
	if spec.MaxConsecutiveDays > 0 {
		p.consec = spec.MaxConsecutiveDays
	}
	p.dayStart = make([]int, p.nd+1)
	p.month = make([]int, p.nd)
	for d, w := range ws {
		p.dayStart[d+1] = p.dayStart[d] + w.slots
		if d > 0 {
			p.month[d] = p.month[d-1]
			if ws[d].open.Month() != ws[d-1].open.Month() {
				p.month[d]++
			}
		}
	}
	p.nt = p.dayStart[p.nd]
	p.dayOf = make([]int, p.nt)
	p.slotAt = make([]int64, p.nt)
	for d, w := range ws {
		// Instants are offsets from the first opening, so that any year
		// time.Time holds works: the horizon spans at most 12 weeks.
		o := int64(w.open.Sub(ws[0].open))
		for i := range w.slots {
			p.dayOf[p.dayStart[d]+i] = d
			p.slotAt[p.dayStart[d]+i] = o + int64(i)*p.u
		}
	}
	p.off = make([]bool, p.nh*p.nd)
	p.dayCap = make([]int, p.nh)
	p.weekCap = make([]int, p.nh)
	first := civilDay(spec.First)
	for h, host := range p.hosts {
		for _, t := range host.Off {
			if d := civilDay(t) - first; d >= 0 && d < int64(p.nd) {
				p.off[h*p.nd+int(d)] = true
			}
		}
		p.dayCap[h] = p.stdD + p.otDay
		p.weekCap[h] = unbounded
		if host.MaxWeekly > 0 {
			p.weekCap[h] = int(host.MaxWeekly / u)
			p.dayCap[h] = min(p.dayCap[h], p.weekCap[h])
		}
	}
	p.plan(0)
	return p
}

// plan computes each day's fewest hosts and, for variant, the rest plan
// and fair shares that order the search: each host's rest days are laid on
// its days off first, then spread over the week from a start that differs
// by host and variant, on days that can spare a host, and more rest days
// break runs of work longer than MaxConsecutiveDays (around the cycle too).
func (p *planner) plan(variant int) {
	if p.kmin == nil {
		p.kmin = make([]int, p.nd)
		p.share = make([]int, p.nd)
		p.restPlan = make([]bool, p.nh*p.nd)
		p.spare = make([]int, p.nd)
		caps := make([]int, 0, p.nh)
		for d, w := range p.ws {
			caps = caps[:0]
			for h := range p.nh {
				if !p.off[h*p.nd+d] {
					caps = append(caps, min(p.dayCap[h], w.slots))
				}
			}
			slices.SortFunc(caps, func(a, b int) int { return b - a })
			sum, k := 0, 0
			for k < len(caps) && sum < w.slots {
				sum += caps[k]
				k++
			}
			if w.slots > p.maxRun && len(caps) >= 2 {
				k = max(k, 2) // one host alone would be on air too long
			}
			p.kmin[d] = k
		}
	}
	clear(p.restPlan)
	for d := range p.nd {
		p.spare[d] = -p.kmin[d]
		for h := range p.nh {
			if !p.off[h*p.nd+d] {
				p.spare[d]++
			}
		}
	}
	for h := range p.nh {
		start := h*7/p.nh + variant
		for w := range p.nd / 7 {
			need := p.rest
			for d := 7 * w; d < 7*w+7; d++ {
				if p.off[h*p.nd+d] {
					need--
				}
			}
			for pass := 0; pass < 2 && need > 0; pass++ {
				for k := 0; k < 7 && need > 0; k++ {
					if d := 7*w + (start+k)%7; p.rests(h, d, pass == 0) {
						need--
					}
				}
			}
		}
		p.breakRuns(h)
	}
	for d, w := range p.ws {
		workers := 0
		for h := range p.nh {
			if !p.off[h*p.nd+d] && !p.restPlan[h*p.nd+d] {
				workers++
			}
		}
		p.share[d] = (w.slots + max(workers, 1) - 1) / max(workers, 1)
	}
}

// rests plans a rest for host h on day d, if it is a working day and,
// with spare set, the day can spare a host; it reports whether it did.
func (p *planner) rests(h, d int, spare bool) bool {
	if p.off[h*p.nd+d] || p.restPlan[h*p.nd+d] || spare && p.spare[d] <= 0 {
		return false
	}
	p.restPlan[h*p.nd+d] = true
	p.spare[d]--
	return true
}

// breakRuns plans rest days for host h until no run of planned work is
// longer than MaxConsecutiveDays, walking from a day of rest when the
// roster is cyclic so that the run across the boundary counts whole.
func (p *planner) breakRuns(h int) {
	if p.consec >= p.nd && !p.spec.Cyclic || p.consec >= unbounded {
		return
	}
	resting := func(d int) bool { return p.off[h*p.nd+d] || p.restPlan[h*p.nd+d] }
	from := 0
	if p.spec.Cyclic {
		for d := range p.nd {
			if resting(d) {
				from = d + 1
				break
			}
		}
	}
	run := 0
	for k := range p.nd {
		d := (from + k) % p.nd
		if !p.spec.Cyclic && from+k >= p.nd {
			break
		}
		if resting(d) {
			run = 0
			continue
		}
		if run < p.consec {
			run++
			continue
		}
		// Day d would make the run too long: rest on the latest day of the
		// run that can spare a host, else on d.
		chosen := d
		for back := 0; back <= run; back++ {
			if e := (d - back + p.nd) % p.nd; p.spare[e] > 0 {
				chosen = e
				break
			}
		}
		p.rests(h, chosen, false)
		run = (d - chosen + p.nd) % p.nd
	}
}

// civilDay returns the number of t's date, in t's own location, counted in
// days from 1970-01-01 (Unix seconds do not overflow for any date
// time.Time holds).
func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// at returns the instant off nanoseconds after the first opening, in the
// spec's location.
func (p *planner) at(off int64) time.Time {
	return p.ws[0].open.Add(time.Duration(off)).In(p.spec.Location)
}

// bounds applies the counting bounds and returns the first that binds.
func (p *planner) bounds() *Infeasible {
	u := time.Duration(p.u)
	daily := p.stdD + p.otDay // the daily cap in force
	otDay := int(p.spec.Labour.OvertimePerDay / u)
	for d, w := range p.ws {
		free, byDay, sum, std, withOT := 0, 0, 0, 0, 0
		var capped []int
		for h := range p.nh {
			if p.off[h*p.nd+d] {
				continue
			}
			free++
			byDay += min(daily, w.slots)
			sum += min(p.dayCap[h], w.slots)
			std += min(p.stdD, p.weekCap[h], w.slots)
			withOT += min(p.stdD+otDay, p.weekCap[h], w.slots)
			if p.weekCap[h] < min(daily, w.slots) {
				capped = append(capped, h)
			}
		}
		if free == 0 {
			return &Infeasible{Rule: RuleCoverage, Day: d, At: w.open, Needed: time.Duration(w.slots) * u,
				Reason: "no host available"}
		}
		if sum < w.slots {
			e := &Infeasible{Rule: RuleDailyHours, Day: d, At: w.open,
				Needed: time.Duration(w.slots) * u, Available: time.Duration(byDay) * u,
				Reason: fmt.Sprintf("%s free, each at most %s a day", plural(free, "host"), hours(time.Duration(daily)*u))}
			if byDay >= w.slots { // the daily cap alone would do: MaxWeekly binds
				e.Rule, e.Available = RuleWeeklyHours, time.Duration(sum)*u
				e.Reason += ", and " + p.maxWeekly(capped)
			}
			p.overtime(e, w.slots-std, withOT >= w.slots)
			return e
		}
		if free == 1 && w.slots > p.maxRun {
			return &Infeasible{Rule: RuleOnAir, Day: d, At: w.open,
				Needed: time.Duration(w.slots) * u, Available: time.Duration(p.maxRun) * u,
				Reason: "1 host free, on air without a break for the whole window"}
		}
	}
	for w := range p.nd / 7 {
		if e := p.weekBounds(w); e != nil {
			return e
		}
	}
	return p.monthBounds()
}

// maxWeekly says which hosts MaxWeekly caps, naming at most three.
func (p *planner) maxWeekly(hs []int) string {
	var b strings.Builder
	b.WriteString("MaxWeekly caps ")
	for k, h := range hs {
		if k == 3 {
			fmt.Fprintf(&b, " and %d more", len(hs)-3)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s at %s", p.hosts[h].ID, hours(time.Duration(p.weekCap[h])*time.Duration(p.u)))
	}
	return b.String()
}

// overtime sets e.Overtime to missing slots when the roster may not use
// overtime and the profile's daily and weekly overtime would lift the
// bound, and says in e.Reason when the monthly cap would still block a
// roster with overtime.
func (p *planner) overtime(e *Infeasible, missing int, lifts bool) {
	if p.spec.Overtime || !lifts {
		return
	}
	u := time.Duration(p.u)
	e.Overtime = time.Duration(missing) * u
	if l := p.spec.Labour; l.OvertimePerMonth > 0 {
		if m := p.monthCheck(int(l.OvertimePerMonth / u)); m != nil {
			e.Reason += fmt.Sprintf("; with overtime the monthly cap would still bind: %s needs %s host-hours, the cap allows %s",
				m.Reason, hostHours(m.Needed), hostHours(m.Available))
		}
	}
}

// weekCapacity returns the most slots host h can work in week w at dayCap
// slots a day on its best days after rest days and days off, and how many
// days it can work.
func (p *planner) weekCapacity(h, w, dayCap int) (int, int) {
	var days [7]int
	n := 0
	for d := 7 * w; d < 7*w+7; d++ {
		if !p.off[h*p.nd+d] {
			days[n] = min(dayCap, p.ws[d].slots)
			n++
		}
	}
	workable := max(0, min(n, 7-p.rest))
	slices.SortFunc(days[:n], func(a, b int) int { return b - a })
	sum := 0
	for _, c := range days[:workable] {
		sum += c
	}
	return sum, workable
}

// weekBounds checks week w's hours, under each hour rule in turn, and its
// host-days.
func (p *planner) weekBounds(w int) *Infeasible {
	u := time.Duration(p.u)
	l := p.spec.Labour
	need, needDays := 0, 0
	for d := 7 * w; d < 7*w+7; d++ {
		need += p.ws[d].slots
		needDays += p.kmin[d]
	}
	daily := p.stdD + p.otDay
	otDay, otWeek := int(l.OvertimePerDay/u), unbounded
	if l.OvertimePerWeek > 0 {
		otWeek = int(l.OvertimePerWeek / u)
	}
	hourCap := p.stdW // the weekly hours in force
	if p.spec.Overtime {
		hourCap = p.stdW + p.otWeek
	}
	// Each host's capacity under the daily cap on its workable days, then
	// the daily overtime cap, then the weekly cap, then MaxWeekly.
	byDay, byOTDay, byWeek, avail, std, withOT, availDays := 0, 0, 0, 0, 0, 0, 0
	var capped []int
	for h := range p.nh {
		c, days := p.weekCapacity(h, w, daily)
		availDays += days
		byDay += c
		if p.spec.Overtime {
			c = min(c, p.stdW+days*p.otDay)
		}
		byOTDay += c
		c = min(c, hourCap)
		byWeek += c
		if p.weekCap[h] < c {
			capped = append(capped, h)
		}
		avail += min(c, p.weekCap[h])
		s, _ := p.weekCapacity(h, w, p.stdD)
		std += min(s, p.stdW, p.weekCap[h])
		o, _ := p.weekCapacity(h, w, p.stdD+otDay)
		withOT += min(o, p.stdW+days*otDay, p.stdW+otWeek, p.weekCap[h])
	}
	open := p.ws[7*w].open
	if need <= avail && needDays <= availDays {
		return nil
	}
	from := fmt.Sprintf("week from %s, %s", open.Format(time.DateOnly), plural(p.nh, "host"))
	e := &Infeasible{Day: 7 * w, At: open, Needed: time.Duration(need) * u}
	switch {
	case need > byDay:
		e.Rule, e.Available = RuleDailyHours, time.Duration(byDay)*u
		e.Reason = fmt.Sprintf("%s, each at most %s a day on at most %s (%s a week)",
			from, hours(time.Duration(daily)*u), plural(7-p.rest, "day"), plural(p.rest, "rest day"))
	case p.spec.Overtime && need > byOTDay:
		e.Rule, e.Available = RuleDailyOvertime, time.Duration(byOTDay)*u
		e.Reason = fmt.Sprintf("%s, each at most %s of standard time a week and %s of overtime a day on at most %s",
			from, hours(l.WeeklyStandard), hours(l.OvertimePerDay), plural(7-p.rest, "day"))
	case p.spec.Overtime && need > byWeek:
		e.Rule, e.Available = RuleWeeklyOvertime, time.Duration(byWeek)*u
		e.Reason = fmt.Sprintf("%s, each at most %s + %s of overtime a week", from, hours(l.WeeklyStandard), hours(l.OvertimePerWeek))
	case need > avail:
		e.Rule, e.Available, e.Reason = RuleWeeklyHours, time.Duration(avail)*u, from
		if !p.spec.Overtime {
			e.Reason += fmt.Sprintf(", each at most %s a week", hours(l.WeeklyStandard))
		}
		if len(capped) > 0 {
			e.Reason += ", and " + p.maxWeekly(capped)
		}
	default: // needDays > availDays
		why := ""
		if p.maxRun < unbounded {
			why = fmt.Sprintf(" (no one on air over %s at a time)", hours(time.Duration(p.maxRun)*u))
		}
		return &Infeasible{Rule: RuleRestDays, Day: 7 * w, At: open, NeededCount: needDays, AvailableCount: availDays,
			Reason: fmt.Sprintf("week from %s: a day needs up to %d of the %s%s, and each rests %s a week",
				open.Format(time.DateOnly), slices.Max(p.kmin[7*w:7*w+7]), plural(p.nh, "host"), why, plural(p.rest, "day"))}
	}
	p.overtime(e, need-std, withOT >= need)
	return e
}

// monthBounds checks that the overtime the weeks need fits the monthly cap.
func (p *planner) monthBounds() *Infeasible {
	if !p.spec.Overtime || p.otMonth >= unbounded {
		return nil
	}
	return p.monthCheck(p.otMonth)
}

// monthCheck checks that the overtime the weeks need (their hours less the
// most standard time the hosts can give, MaxWeekly included) fits a
// monthly cap of otMonth slots a host: per month, over the weeks that lie
// wholly in it, and over the horizon.
func (p *planner) monthCheck(otMonth int) *Infeasible {
	u := time.Duration(p.u)
	var need [maxRosterMonths]int
	total := 0
	for w := range p.nd / 7 {
		sum, std := 0, 0
		for d := 7 * w; d < 7*w+7; d++ {
			sum += p.ws[d].slots
		}
		for h := range p.nh {
			c, _ := p.weekCapacity(h, w, p.stdD)
			std += min(c, p.stdW, p.weekCap[h])
		}
		ot := max(0, sum-std)
		total += ot
		if m := p.month[7*w]; m == p.month[7*w+6] {
			need[m] += ot
		}
	}
	for m := range p.month[p.nd-1] + 1 {
		if need[m] > p.nh*otMonth {
			d := slices.Index(p.month, m)
			return &Infeasible{Rule: RuleMonthlyOvertime, Day: d, At: p.ws[d].open,
				Needed: time.Duration(need[m]) * u, Available: time.Duration(p.nh*otMonth) * u,
				Reason: fmt.Sprintf("overtime of the weeks within %s", p.ws[d].open.Format("2006-01"))}
		}
	}
	if avail := p.nh * otMonth * (p.month[p.nd-1] + 1); total > avail {
		return &Infeasible{Rule: RuleMonthlyOvertime, Day: -1,
			Needed: time.Duration(total) * u, Available: time.Duration(avail) * u,
			Reason: "overtime of the horizon"}
	}
	return nil
}

// search lays the roster, or returns a certificate for its failure. It
// tries rosterVariants rest plans in turn, each with an equal share of the
// step limit, the odd ones trying the longest blocks first rather than a
// fair share of the day (which spends standard time early: a host who
// needs overtime under a daily overtime cap must often take it early); any that ends without reaching its share has tried every
// roster, which proves none exists. States that failed are remembered
// across the plans: whether a state can be completed does not depend on
// the order the search tries things in.
func (p *planner) search() *Infeasible {
	p.st = make([]hostState, (p.nt+1)*p.nh)
	p.order = make([]int, p.nt*p.nh)
	p.assign = make([]int, p.nt)
	p.failed = make(map[string]struct{})
	suf := make([]int, 2*p.nh)
	p.sufDays, p.sufHrs = suf[:p.nh], suf[p.nh:]
	for v := range rosterVariants {
		p.plan(v)
		p.long = v%2 == 1
		for h := range p.nh {
			p.st[h] = hostState{lastDay: -1, leadOpen: true}
		}
		p.steps, p.stopped = 0, false
		if p.dfs(0, 0) {
			return nil
		}
		if !p.stopped {
			return &Infeasible{Rule: RuleExhausted, Day: p.dayOf[p.deepest], At: p.at(p.slotAt[p.deepest]),
				Reason: "every roster the bounds left was tried; none gets past this slot"}
		}
	}
	return &Infeasible{Rule: RuleSearchLimit, Day: p.dayOf[p.deepest], At: p.at(p.slotAt[p.deepest]),
		Reason: fmt.Sprintf("search stopped after %d steps, at best up to this slot; infeasibility not proven", p.limit)}
}

// dfs fills the slots from t on, with the state at level; it reports
// whether it found a roster.
func (p *planner) dfs(level, t int) bool {
	if t == p.nt {
		return p.wrapOK(p.st[level*p.nh : (level+1)*p.nh])
	}
	p.deepest = max(p.deepest, t)
	d := p.dayOf[t]
	i := t - p.dayStart[d]
	cur := p.st[level*p.nh : (level+1)*p.nh]
	prev := -1
	if i > 0 {
		prev = p.assign[t-1]
	}
	if _, known := p.failed[string(p.encode(cur, t, prev))]; known || !p.ahead(cur, d, i, t) {
		return false
	}
	order := p.order[level*p.nh : (level+1)*p.nh]
	p.sortHosts(order, cur, d, i)
	next := p.st[(level+1)*p.nh : (level+2)*p.nh]
	for _, h := range order {
		maxL, runBase := p.maxLen(cur, h, d, i, t, prev)
		if maxL < 1 {
			continue
		}
		target := max(1, p.share[d]-cur[h].today)
		if p.lastWorker(cur, h, d) || p.long {
			target = maxL
		}
		target = min(target, maxL)
		for k := 0; ; k++ {
			L := target + (k+1)/2
			if k%2 == 1 {
				L = target - (k+1)/2
			}
			if L < 1 && target+(k+1)/2 > maxL {
				break
			}
			if L < 1 || L > maxL {
				continue
			}
			p.steps++
			if p.steps > p.limit/rosterVariants {
				p.stopped = true
				return false
			}
			copy(next, cur)
			p.apply(next, h, d, i, t, L, runBase)
			for s := t; s < t+L; s++ {
				p.assign[s] = h
			}
			if p.dfs(level+1, t+L) {
				return true
			}
			if p.stopped {
				return false
			}
		}
	}
	if key := p.encode(cur, t, prev); len(p.failed) < maxFailedStates && p.fbytes+len(key) <= maxFailedBytes {
		p.failed[string(key)] = struct{}{}
		p.fbytes += len(key)
	}
	return false
}

// encode writes the search's state at slot t into p.key: everything the
// rest of the search depends on, so that a state that failed once fails
// whatever path reaches it again. Instants are seconds from the horizon's
// first slot. The fields fit their widths for every valid spec, so keys
// never collide: prev+1 ≤ 64 hosts fits a byte; the uint16 counts are at
// most a week of 1-minute slots (10,080), a month's overtime in them
// (44,640) or 84 days; the uint32 ones at most 84 days in seconds or slots.
func (p *planner) encode(cur []hostState, t, prev int) []byte {
	b := binary.LittleEndian.AppendUint32(p.key[:0], uint32(t))
	b = append(b, byte(prev+1))
	base := p.slotAt[0]
	for i := range cur {
		s := &cur[i]
		for _, v := range [...]int{s.today, s.week, s.std, s.otWeek, s.worked, s.lastDay + 1, s.consec, s.lead} {
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		}
		if s.leadOpen {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		for _, v := range [...]int{int((s.lastEnd - base) / 1e9), s.run, int((s.first - base) / 1e9), s.firstRun} {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
		for _, v := range s.otMonth {
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		}
	}
	p.key = b
	return b
}

// lastWorker reports whether h is the only host planned for day d with
// share left.
func (p *planner) lastWorker(cur []hostState, h, d int) bool {
	for o := range p.nh {
		if o != h && !p.off[o*p.nd+d] && !(p.restPlan[o*p.nd+d] && cur[o].today == 0) && cur[o].today < p.share[d] {
			return false
		}
	}
	return true
}

// sortHosts orders the hosts to try at slot i of day d: planned workers
// before planned rests, hosts with share left, hosts whose preference
// matches the part of the day (then those without one), then the longest
// rested, then by ID.
func (p *planner) sortHosts(order []int, cur []hostState, d, i int) {
	late := 2*i >= p.ws[d].slots
	key := func(h int) [5]int64 {
		s := &cur[h]
		k := [5]int64{0, 0, 0, -1 << 62, int64(h)}
		if p.restPlan[h*p.nd+d] && s.today == 0 {
			k[0] = 1
		}
		if s.today >= p.share[d] {
			k[1] = 1
		}
		switch pr := p.hosts[h].Prefers; {
		case pr == NoPreference:
			k[2] = 1
		case pr == PreferEarly && late || pr == PreferLate && !late:
			k[2] = 2
		}
		if s.lastDay >= 0 {
			k[3] = s.lastEnd
		}
		return k
	}
	for h := range order {
		order[h] = h
	}
	for a := 1; a < len(order); a++ {
		for b := a; b > 0 && less(key(order[b]), key(order[b-1])); b-- {
			order[b], order[b-1] = order[b-1], order[b]
		}
	}
}

// less compares keys lexicographically.
func less(a, b [5]int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// hourRoom returns how many more slots host s may work today under the
// daily and weekly standards and the overtime caps.
func (p *planner) hourRoom(s *hostState, h, d int) int {
	lim := min(p.stdD, max(0, p.stdW-s.std))
	allow := min(p.otDay, p.otWeek-s.otWeek, p.otMonth-s.otMonth[p.month[d]])
	return min(lim+allow, p.dayCap[h]) - s.today
}

// maxLen returns the longest block host h may start at slot t (slot i of
// day d), 0 if none, and the run on air it continues.
func (p *planner) maxLen(cur []hostState, h, d, i, t, prev int) (int, int) {
	s := &cur[h]
	if p.off[h*p.nd+d] || h == prev {
		return 0, 0
	}
	st := p.slotAt[t]
	runBase := 0
	if s.today == 0 {
		if s.worked >= 7-p.rest {
			return 0, 0
		}
		n := 1
		if s.lastDay == d-1 && d > 0 {
			n = s.consec + 1
		}
		if n > p.consec {
			return 0, 0
		}
		if p.spec.Cyclic && d == p.nd-1 && p.consec < unbounded && (n == p.nd || n+s.lead > p.consec) {
			return 0, 0
		}
		if s.lastDay >= 0 {
			gap := st - s.lastEnd
			if gap < p.minRest {
				return 0, 0
			}
			if gap == 0 {
				runBase = s.run
			}
		}
	}
	L := min(p.ws[d].slots-i, p.hourRoom(s, h, d), p.weekCap[h]-s.week, p.maxRun-runBase)
	if p.spec.Cyclic && d == p.nd-1 && p.minRest > 0 && s.lastDay >= 0 {
		room := p.wrap(s.first) - p.minRest - st
		L = min(L, int(room/p.u))
	}
	return L, runBase
}

// wrap returns off moved to the next cycle of a cyclic roster: the same
// wall-clock time, the horizon's days later.
func (p *planner) wrap(off int64) int64 {
	return int64(p.at(off).AddDate(0, 0, p.nd).Sub(p.ws[0].open))
}

// apply lays host h on slots [t, t+L) in next, closing the day (and the
// week) when the block reaches the window's end.
func (p *planner) apply(next []hostState, h, d, i, t, L, runBase int) {
	s := &next[h]
	st := p.slotAt[t]
	if s.today == 0 {
		if s.lastDay < 0 {
			s.first = st
		}
		s.worked++
		if s.lastDay == d-1 && d > 0 {
			s.consec++
		} else {
			s.consec = 1
		}
		if s.leadOpen {
			if d == s.lead {
				s.lead++
			} else {
				s.leadOpen = false
			}
		}
		s.lastDay = d
	}
	if t == 0 || runBase == t && s.firstRun == t {
		s.firstRun = t + L
	}
	s.today += L
	s.week += L
	s.lastEnd = st + int64(L)*p.u
	s.run = runBase + L
	if i+L < p.ws[d].slots {
		return
	}
	for o := range next {
		s := &next[o]
		if s.today > 0 {
			lim := min(p.stdD, max(0, p.stdW-s.std))
			std := min(s.today, lim)
			s.std += std
			s.otWeek += s.today - std
			s.otMonth[p.month[d]] += s.today - std
			s.today = 0
		}
		if d%7 == 6 {
			s.week, s.std, s.otWeek, s.worked = 0, 0, 0, 0
		}
	}
}

// ahead checks that the rest of the day and of the week can still be
// covered, by counting what the hosts can still give.
func (p *planner) ahead(cur []hostState, d, i, t int) bool {
	rem := p.ws[d].slots - i
	from := d + 1
	if i == 0 {
		from = d
	}
	weekEnd := d - d%7 + 7
	remW := rem
	needDays := 0
	for e := d + 1; e < weekEnd; e++ {
		remW += p.ws[e].slots
	}
	for e := from; e < weekEnd; e++ {
		needDays += p.kmin[e]
	}
	sumT, sumW, sumDays := 0, 0, 0
	for h := range p.nh {
		s := &cur[h]
		capT := p.capToday(s, h, d, i, t)
		sumT += capT
		k := 7 - p.rest - s.worked
		fut := 0
		for e := d + 1; e < weekEnd; e++ {
			if !p.off[h*p.nd+e] {
				fut++
			}
		}
		days := p.dayCap[h] * min(k, fut)
		if s.today > 0 || k > fut {
			days += capT
		}
		hourCap := p.stdW + min(p.otWeek, unbounded-p.stdW)
		// The rest of the week gives at most the standard time left plus
		// otDay on each day still to work: today's overtime left if today
		// has begun, and otDay on each of at most nNew more days.
		nNew := fut
		if s.today == 0 && capT > 0 {
			nNew++
		}
		nNew = max(0, min(k, nNew))
		lim := min(p.stdD, max(0, p.stdW-s.std))
		room := max(0, p.stdW-s.std-min(s.today, lim)) + p.otDay*nNew
		if s.today > 0 {
			room += max(0, p.otDay-max(0, s.today-lim))
		}
		sumW += max(0, min(days, hourCap-s.week, room, p.weekCap[h]-s.week))
		if i == 0 && capT > 0 {
			fut++
		}
		sumDays += max(0, min(k, fut))
	}
	if sumT < rem || sumW < remW || sumDays < needDays {
		return false
	}
	// Each suffix of the week's later days: a host gives it at most the
	// standard time it has left plus otDay on each day it may still work,
	// so hosts who spent their standard time early cannot carry long days
	// at the week's end.
	need := 0
	clear(p.sufDays)
	clear(p.sufHrs)
	for e := weekEnd - 1; e > d; e-- {
		need += p.ws[e].slots
		sum := 0
		for h := range p.nh {
			s := &cur[h]
			if !p.off[h*p.nd+e] {
				p.sufDays[h]++
				p.sufHrs[h] += min(p.ws[e].slots, p.dayCap[h])
			}
			k := 7 - p.rest - s.worked
			if k < 1 {
				continue
			}
			days := min(p.sufDays[h], k)
			lim := min(p.stdD, max(0, p.stdW-s.std))
			left := max(0, p.stdW-s.std-min(s.today, lim))
			sum += max(0, min(p.sufHrs[h], days*p.dayCap[h], left+p.otDay*days, p.weekCap[h]-s.week))
		}
		if sum < need {
			return false
		}
	}
	return true
}

// capToday returns at most how many of the day's remaining slots host h
// can still cover.
func (p *planner) capToday(s *hostState, h, d, i, t int) int {
	if p.off[h*p.nd+d] || s.today == 0 && s.worked >= 7-p.rest {
		return 0
	}
	from := i
	if s.today == 0 && s.lastDay >= 0 {
		if early := s.lastEnd + p.minRest - p.slotAt[t]; early > 0 {
			from = i + int((early+p.u-1)/p.u)
		}
	}
	return max(0, min(p.ws[d].slots-from, p.hourRoom(s, h, d), p.weekCap[h]-s.week))
}

// wrapOK checks a cyclic roster across the boundary from its last day to
// its first: rest and time on air (consecutive days are checked as the
// last day is laid).
func (p *planner) wrapOK(last []hostState) bool {
	if !p.spec.Cyclic {
		return true
	}
	for h := range last {
		s := &last[h]
		if s.lastDay < 0 {
			continue
		}
		gap := p.wrap(s.first) - s.lastEnd
		if gap < p.minRest {
			return false
		}
		if gap == 0 && p.maxRun < unbounded && (s.run >= p.nt || s.run+s.firstRun > p.maxRun) {
			return false
		}
	}
	return true
}

// roster builds the result from the assignment.
func (p *planner) roster() Roster {
	u := time.Duration(p.u)
	r := Roster{Totals: make([]RosterTotal, p.nh)}
	daysWorked := make([]int, p.nh)
	dayHours := make([]int, p.nh*p.nd)
	for d := range p.nd {
		lo, hi := p.dayStart[d], p.dayStart[d+1]
		for a := lo; a < hi; {
			b := a
			for b < hi && p.assign[b] == p.assign[a] {
				b++
			}
			h := p.assign[a]
			r.Shifts = append(r.Shifts, Shift{Host: p.hosts[h].ID, Day: d,
				Start: p.at(p.slotAt[a]), End: p.at(p.slotAt[a] + int64(b-a)*p.u)})
			if dayHours[h*p.nd+d] == 0 {
				daysWorked[h]++
			}
			dayHours[h*p.nd+d] += b - a
			r.Totals[h].Shifts++
			a = b
		}
	}
	for h := range p.nh {
		t := &r.Totals[h]
		t.Host = p.hosts[h].ID
		t.RestDays = p.nd - daysWorked[h]
		std := 0
		for d := range p.nd {
			if d%7 == 0 {
				std = 0
			}
			n := dayHours[h*p.nd+d]
			s := min(n, p.stdD, max(0, p.stdW-std))
			std += s
			t.Hours += time.Duration(n) * u
			t.Overtime += time.Duration(n-s) * u
		}
	}
	return r
}

// plural returns "1 host" or "3 hosts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
