package matrix

import (
	"fmt"
	"slices"
	"time"
)

// The independent checker of plans. It shares no code with the planner:
// it takes the declared inputs (the network's spec, the planner's spec,
// the request) and the plan's deliveries and suppressions, rebuilds by
// brute force what each cap counts, and reports the first rule broken.
// Calendar windows are keyed by counting dates, not by the planner's
// window arithmetic; sliding windows are tried at every send.

// planCheckEvent is one counted announcement for one subject of one cap.
type planCheckEvent struct {
	at     time.Time
	forced bool // transactional under an override
}

// planCheckInput is what the checker knows.
type planCheckInput struct {
	net  Spec
	spec PlannerSpec
	req  Request
	dels []Delivery
	sups []Suppression
}

// planCheckDayKey returns the number of local dates from 1970-01-01 to t's
// local date in loc.
func planCheckDayKey(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	noon := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	days := noon.Sub(time.Date(1970, 1, 1, 12, 0, 0, 0, time.UTC)) / (24 * time.Hour)
	return int(days)
}

// planCheckFloor is floor(a/b) for b > 0.
func planCheckFloor(a, b int) int {
	if a >= 0 {
		return a / b
	}
	return -((-a + b - 1) / b)
}

// planCheckWindowKey returns the calendar window of c holding t, as a block
// number, and the window's effective limit.
func planCheckWindowKey(c Cap, t time.Time, loc *time.Location) (int, int) {
	switch c.Window.kind {
	case calendarDays:
		k := planCheckFloor(planCheckDayKey(t, loc), c.Window.n)
		if c.PerDay {
			return k, c.Limit * c.Window.n
		}
		return k, c.Limit
	default: // calendarMonths
		y, m, _ := t.In(loc).Date()
		k := planCheckFloor((y-1970)*12+int(m)-1, c.Window.n)
		if !c.PerDay {
			return k, c.Limit
		}
		days := 0
		for i := range c.Window.n {
			mi := k*c.Window.n + i // months since January 1970
			first := time.Date(1970+planCheckFloor(mi, 12), time.Month(mi-12*planCheckFloor(mi, 12)+1), 1, 0, 0, 0, 0, time.UTC)
			days += first.AddDate(0, 1, -1).Day()
		}
		return k, c.Limit * days
	}
}

// checkPlan returns the first rule the plan breaks, or nil.
func checkPlan(in planCheckInput) error {
	loc := in.spec.Location
	anns := make(map[string]Announcement)
	for _, a := range in.req.Announcements {
		anns[a.ID] = a
	}
	members := make(map[string][]string)
	known := make(map[string]bool)
	for _, g := range in.net.Groups {
		members[g.ID] = g.Members
		for _, m := range g.Members {
			known[m] = true
		}
	}
	for _, p := range in.net.People {
		known[p] = true
	}
	unident := make(map[string]bool)
	for _, p := range in.req.Unidentified {
		unident[p] = true
	}
	forced := func(a Announcement) bool { return in.spec.TransactionalOverride && a.Transactional }

	// Every touchpoint is delivered or suppressed, exactly once.
	seen := make(map[[3]string]int)
	times := make(map[string]time.Time)
	for _, d := range in.dels {
		seen[[3]string{d.Announcement, d.Group, d.Person}]++
		if t, ok := times[d.Announcement]; ok && !t.Equal(d.At) {
			return fmt.Errorf("announcement %s delivered at %v and %v", d.Announcement, t, d.At)
		}
		times[d.Announcement] = d.At
	}
	for _, s := range in.sups {
		seen[[3]string{s.Announcement, s.Group, s.Person}]++
	}
	total := 0
	for _, a := range in.req.Announcements {
		for _, g := range a.Groups {
			if seen[[3]string{a.ID, g, ""}] != 1 {
				return fmt.Errorf("touchpoint %s → group %s plannedAnn %d times", a.ID, g, seen[[3]string{a.ID, g, ""}])
			}
		}
		for _, p := range a.People {
			if seen[[3]string{a.ID, "", p}] != 1 {
				return fmt.Errorf("touchpoint %s → person %s plannedAnn %d times", a.ID, p, seen[[3]string{a.ID, "", p}])
			}
		}
		total += len(a.Groups) + len(a.People)
	}
	if total != len(in.dels)+len(in.sups) {
		return fmt.Errorf("%d touchpoints, %d delivered and %d suppressed", total, len(in.dels), len(in.sups))
	}

	// What each level counts, by subject.
	type personKey struct{ ann, person string }
	personDirect := make(map[personKey]bool)
	personAt := make(map[personKey]time.Time)
	groupEv := make(map[string][]planCheckEvent)
	sentAnn := make(map[string]bool)
	hasPersonCap, hasGroupPersonCap := false, false
	for _, c := range in.spec.Caps {
		if c.Level == PerPerson {
			hasPersonCap = true
			hasGroupPersonCap = hasGroupPersonCap || !c.Direct
		}
	}
	for _, d := range in.dels {
		a := anns[d.Announcement]
		sentAnn[a.ID] = true
		reached := []string{d.Person}
		if d.Group != "" {
			groupEv[d.Group] = append(groupEv[d.Group], planCheckEvent{d.At, forced(a)})
			reached = members[d.Group]
		}
		for _, p := range reached {
			if !known[p] || unident[p] {
				applies := hasPersonCap
				if d.Group != "" {
					applies = hasGroupPersonCap
				}
				if in.spec.Identity == FailClosed && applies && !forced(a) {
					return fmt.Errorf("fail-closed: %s reaches unknown identity %s", a.ID, p)
				}
				continue
			}
			k := personKey{a.ID, p}
			personAt[k] = d.At
			personDirect[k] = personDirect[k] || d.Group == ""
		}
	}
	accountEv := make(map[string][]planCheckEvent)
	campaignEv := make(map[string][]planCheckEvent)
	for id := range sentAnn {
		a := anns[id]
		accountEv[a.Account] = append(accountEv[a.Account], planCheckEvent{times[id], forced(a)})
		if a.Campaign != "" {
			campaignEv[a.Campaign] = append(campaignEv[a.Campaign], planCheckEvent{times[id], forced(a)})
		}
	}
	personEv := func(directOnly bool) map[string][]planCheckEvent {
		out := make(map[string][]planCheckEvent)
		for k, at := range personAt {
			if directOnly && !personDirect[k] {
				continue
			}
			out[k.person] = append(out[k.person], planCheckEvent{at, forced(anns[k.ann])})
		}
		return out
	}
	events := func(c Cap) map[string][]planCheckEvent {
		switch c.Level {
		case PerPerson:
			return personEv(c.Direct)
		case PerGroup:
			return groupEv
		case PerAccount:
			return accountEv
		default:
			return campaignEv
		}
	}

	// Nobody in any window exceeds any cap: every window holding an
	// announcement that did not override the caps holds at most the
	// limit.
	for _, c := range in.spec.Caps {
		for subject, evs := range events(c) {
			if err := planCheckWindows(c, subject, evs, loc); err != nil {
				return err
			}
		}
	}

	// Every suppression is justified.
	for _, s := range in.sups {
		a := anns[s.Announcement]
		switch s.Cause {
		case CauseCap:
			var c Cap
			for _, x := range in.spec.Caps {
				if x.ID == s.Cap {
					c = x
				}
			}
			if c.ID == "" || c.Level != s.Level {
				return fmt.Errorf("suppression of %s names cap %q at level %v", s.Announcement, s.Cap, s.Level)
			}
			if s.At.Before(s.From) || !s.At.Before(s.To) {
				return fmt.Errorf("suppression of %s at %v outside its window [%v, %v)", s.Announcement, s.At, s.From, s.To)
			}
			if c.Window.kind == sliding && s.To.Sub(s.From) != c.Window.d {
				return fmt.Errorf("suppression of %s: window [%v, %v) is not %v", s.Announcement, s.From, s.To, c.Window.d)
			}
			if c.Window.kind != sliding {
				kf, limit := planCheckWindowKey(c, s.From, loc)
				ka, _ := planCheckWindowKey(c, s.At, loc)
				kl, _ := planCheckWindowKey(c, s.To.Add(-time.Nanosecond), loc)
				kt, _ := planCheckWindowKey(c, s.To, loc)
				if kf != ka || kl != ka || kt == ka || limit != s.Limit {
					return fmt.Errorf("suppression of %s: window [%v, %v) limit %d is not the calendar window of %v", s.Announcement, s.From, s.To, s.Limit, s.At)
				}
			}
			n := 0
			for _, e := range events(c)[s.Subject] {
				if !e.at.Before(s.From) && e.at.Before(s.To) {
					n++
				}
			}
			if s.Count < s.Limit || n < s.Count {
				return fmt.Errorf("suppression of %s by %s for %s: count %d, limit %d, %d sent in the window", s.Announcement, s.Cap, s.Subject, s.Count, s.Limit, n)
			}
		case CauseIdentity:
			p := s.Subject
			if in.spec.Identity != FailClosed || (known[p] && !unident[p]) || forced(a) {
				return fmt.Errorf("identity suppression of %s for %s under %v", s.Announcement, p, in.spec.Identity)
			}
			if s.Group != "" && !slices.Contains(members[s.Group], p) || s.Group == "" && s.Person != p {
				return fmt.Errorf("identity suppression of %s names %s, not reached", s.Announcement, p)
			}
		case CauseDuplicate:
			o, ok := anns[s.Other]
			if !ok || o.Account != a.Account || o.Kind != a.Kind || o.ID == a.ID {
				return fmt.Errorf("duplicate suppression of %s by %q", s.Announcement, s.Other)
			}
			if !slices.Contains(o.Groups, s.Group) && !slices.Contains(o.People, s.Person) {
				return fmt.Errorf("duplicate suppression of %s by %s shares no target", s.Announcement, s.Other)
			}
		default:
			return fmt.Errorf("suppression of %s with cause %v", s.Announcement, s.Cause)
		}
	}
	return nil
}

// planCheckWindows checks one subject's events against cap c.
func planCheckWindows(c Cap, subject string, evs []planCheckEvent, loc *time.Location) error {
	if c.Window.kind != sliding {
		type win struct{ n, limit int }
		wins := make(map[int]*win)
		free := make(map[int]bool)
		for _, e := range evs {
			k, limit := planCheckWindowKey(c, e.at, loc)
			if wins[k] == nil {
				wins[k] = &win{limit: limit}
			}
			wins[k].n++
			free[k] = free[k] || !e.forced
		}
		for k, w := range wins {
			if free[k] && w.n > w.limit {
				return fmt.Errorf("cap %s: %s has %d in calendar window %d, limit %d", c.ID, subject, w.n, k, w.limit)
			}
		}
		return nil
	}
	d := c.Window.d
	for _, x := range evs {
		if x.forced {
			continue
		}
		// Every window [t, t+d) holding x: the most-filled starts at x
		// or at an event in (x-d, x].
		starts := []time.Time{x.at}
		for _, e := range evs {
			if e.at.After(x.at.Add(-d)) && !e.at.After(x.at) {
				starts = append(starts, e.at)
			}
		}
		for _, t := range starts {
			n := 0
			for _, e := range evs {
				if !e.at.Before(t) && e.at.Before(t.Add(d)) {
					n++
				}
			}
			if n > c.Limit {
				return fmt.Errorf("cap %s: %s has %d in [%v, %v), limit %d", c.ID, subject, n, t, t.Add(d), c.Limit)
			}
		}
	}
	return nil
}
