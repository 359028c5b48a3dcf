package matrix

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// plannedAnn is an announcement being planned.
type plannedAnn struct {
	a        Announcement // At resolved
	in       int          // index in the request
	at       int64        // a.At in Unix nanoseconds
	account  int
	campaign int // index in the run's campaigns, -1 for none
	groups   []int
	people   []string // sorted
	live     bool     // a live kind
	queued   bool
	forced   bool
	spans    []capSpan // by cap
	dup      []int32   // by target (groups, then people): the announcement it duplicates, -1 for none
	counted  bool      // counted toward its account and campaign caps
}

// planNode is one announcement counted for a person, in a per-person list.
type planNode struct {
	at     int64
	next   int32
	direct bool
}

// planRun is the state of one planning run.
type planRun struct {
	p         *Planner
	loc       *time.Location
	anns      []plannedAnn
	campaigns []string
	unident   []bool
	head      []int32 // Member → first planNode, -1 for none
	count     []int32 // Member → pnodes
	seen      []int32 // Member → 1 + the order of the latest announcement that reached it
	nodes     []planNode
	groupT    [][]int64
	accountT  [][]int64
	campaignT [][]int64
	person    []int // indexes of the PerPerson caps
	other     []int // indexes of the other caps
	times     []int64
	scratch   []int64
	plan      Plan
}

// Plan plans r: it resolves each announcement's time (explicit, derived
// from its live, or the account's next free posting slot at or after
// r.From, queued announcements taking slots by priority then ID), reports
// the conflicts, then goes through the touchpoints in planning order and
// sends each one that no cap forbids.
//
// Planning order is: transactional announcements first when the planner
// overrides caps for them, then higher Priority, then earlier time, then
// announcement ID; within an announcement, its groups by ID, then its
// direct people by ID. A touchpoint is suppressed when sending it would
// take a subject over a cap in some window: its account or campaign (for
// the announcement's first touchpoint sent), its group, or any person it
// reaches for whom it is the announcement's first touchpoint. Caps count
// only what is sent, so a suppressed touchpoint uses up nothing. When
// several caps bind, the suppression names the first group, account or
// campaign cap by ID, else the first person by ID and the first of that
// person's binding caps by ID. The result does not depend on the order of
// any input slice.
//
// A bad request returns no plan and a *[commerce.FieldError] naming the
// element: a malformed or duplicate ID ([ErrDuplicate]); an unknown kind,
// account, live or target group ([ErrUnknown]); a live kind without a
// live; an announcement without targets; a live that does not end after
// it starts; an instant outside the years 1900 to 2199; an announcement
// with no time for an account with no posting slots, or with a zero From.
func (p *Planner) Plan(r Request) (*Plan, error) {
	ru := &planRun{p: p, loc: p.loc}
	lives, err := p.lives(r.Lives)
	if err != nil {
		return nil, err
	}
	if ru.unident, err = p.unidentified(r.Unidentified); err != nil {
		return nil, err
	}
	if err := ru.announcements(r.Announcements, lives); err != nil {
		return nil, err
	}
	if err := ru.resolveTimes(r.From); err != nil {
		return nil, err
	}
	ru.plan.loc, ru.plan.caps = p.loc, p.caps
	ru.livesOverlap(lives)
	order := ru.order()
	ru.duplicates(order)
	ru.execute(order)
	sortPlan(&ru.plan)
	return &ru.plan, nil
}

// lives validates the request's lives and indexes them by ID.
func (p *Planner) lives(ls []Live) (map[string]Live, error) {
	out := make(map[string]Live, len(ls))
	for i, l := range ls {
		field := fmt.Sprintf("lives[%d]", i)
		if err := checkID(field+".id", l.ID); err != nil {
			return nil, err
		}
		if _, ok := out[l.ID]; ok {
			return nil, &commerce.FieldError{Field: field + ".id", Reason: fmt.Sprintf("%q", l.ID), Err: ErrDuplicate}
		}
		if _, ok := p.net.account[l.Account]; !ok {
			return nil, &commerce.FieldError{Field: field + ".account", Reason: fmt.Sprintf("account %q", l.Account), Err: ErrUnknown}
		}
		if err := checkPlanTime(field+".start", l.Start); err != nil {
			return nil, err
		}
		if err := checkPlanTime(field+".end", l.End); err != nil {
			return nil, err
		}
		if !l.End.After(l.Start) {
			return nil, fieldErr(field+".end", "%s not after the start %s", l.End.Format(time.RFC3339), l.Start.Format(time.RFC3339))
		}
		out[l.ID] = l
	}
	return out, nil
}

// unidentified marks the request's unidentified people.
func (p *Planner) unidentified(ids []string) ([]bool, error) {
	out := make([]bool, len(p.net.people))
	for i, id := range ids {
		field := fmt.Sprintf("unidentified[%d]", i)
		m, ok := p.net.person[id]
		switch {
		case !ok:
			return nil, &commerce.FieldError{Field: field, Reason: fmt.Sprintf("person %q", id), Err: ErrUnknown}
		case out[m]:
			return nil, &commerce.FieldError{Field: field, Reason: fmt.Sprintf("person %q", id), Err: ErrDuplicate}
		}
		out[m] = true
	}
	return out, nil
}

// announcements validates the request's announcements into ru.anns.
func (ru *planRun) announcements(as []Announcement, lives map[string]Live) error {
	n := ru.p.net
	ru.anns = make([]plannedAnn, len(as))
	ids := make(map[string]bool, len(as))
	camps := make(map[string]bool)
	for i, a := range as {
		field := fmt.Sprintf("announcements[%d]", i)
		if err := checkID(field+".id", a.ID); err != nil {
			return err
		}
		if ids[a.ID] {
			return &commerce.FieldError{Field: field + ".id", Reason: fmt.Sprintf("%q", a.ID), Err: ErrDuplicate}
		}
		ids[a.ID] = true
		pa := &ru.anns[i]
		pa.a, pa.in, pa.campaign = a, i, -1
		if !ru.p.kinds[a.Kind] {
			return &commerce.FieldError{Field: field + ".kind", Reason: fmt.Sprintf("kind %q", a.Kind), Err: ErrUnknown}
		}
		ai, ok := n.account[a.Account]
		if !ok {
			return &commerce.FieldError{Field: field + ".account", Reason: fmt.Sprintf("account %q", a.Account), Err: ErrUnknown}
		}
		pa.account = ai
		if a.Campaign != "" {
			if err := checkID(field+".campaign", a.Campaign); err != nil {
				return err
			}
			camps[a.Campaign] = true
		}
		l, known := lives[a.Live]
		derived, isLive := liveOffset(a.Kind, l)
		switch {
		case a.Live != "" && !known:
			return &commerce.FieldError{Field: field + ".live", Reason: fmt.Sprintf("live %q", a.Live), Err: ErrUnknown}
		case isLive && a.Live == "":
			return fieldErr(field+".live", "required for a %s announcement", a.Kind)
		}
		pa.live = isLive
		switch {
		case !a.At.IsZero():
			if err := checkPlanTime(field+".at", a.At); err != nil {
				return err
			}
		case isLive:
			pa.a.At = derived
			if err := checkPlanTime(field+".at", derived); err != nil {
				return err
			}
		default:
			pa.queued = true
		}
		if len(a.Groups) == 0 && len(a.People) == 0 {
			return fieldErr(field, "no target groups or people")
		}
		pa.groups = make([]int, len(a.Groups))
		for k, g := range a.Groups {
			gi, ok := n.group[g]
			if !ok {
				return &commerce.FieldError{Field: fmt.Sprintf("%s.groups[%d]", field, k), Reason: fmt.Sprintf("group %q", g), Err: ErrUnknown}
			}
			pa.groups[k] = gi
		}
		slices.Sort(pa.groups)
		for k := 1; k < len(pa.groups); k++ {
			if pa.groups[k] == pa.groups[k-1] {
				return &commerce.FieldError{Field: field + ".groups", Reason: fmt.Sprintf("group %q", n.groups[pa.groups[k]].ID), Err: ErrDuplicate}
			}
		}
		for k, id := range a.People {
			if err := checkID(fmt.Sprintf("%s.people[%d]", field, k), id); err != nil {
				return err
			}
		}
		pa.people = slices.Clone(a.People)
		slices.Sort(pa.people)
		for k := 1; k < len(pa.people); k++ {
			if pa.people[k] == pa.people[k-1] {
				return &commerce.FieldError{Field: field + ".people", Reason: fmt.Sprintf("person %q", pa.people[k]), Err: ErrDuplicate}
			}
		}
		pa.forced = ru.p.override && a.Transactional
	}
	ru.campaigns = make([]string, 0, len(camps))
	for c := range camps {
		ru.campaigns = append(ru.campaigns, c)
	}
	slices.Sort(ru.campaigns)
	for i := range ru.anns {
		if c := ru.anns[i].a.Campaign; c != "" {
			ru.anns[i].campaign, _ = slices.BinarySearch(ru.campaigns, c)
		}
	}
	return nil
}

// resolveTimes gives each queued announcement the next free posting slot
// of its account at or after from, by priority then ID, a slot being
// free when no other announcement of the account goes out at that
// instant. It then computes every announcement's cap windows.
func (ru *planRun) resolveTimes(from time.Time) error {
	var queued []int
	taken := make(map[planSlotKey]bool, len(ru.anns))
	for i := range ru.anns {
		pa := &ru.anns[i]
		if pa.queued {
			queued = append(queued, i)
			continue
		}
		taken[planSlotKey{pa.account, pa.a.At.UnixNano()}] = true
	}
	for _, i := range queued {
		if pa := &ru.anns[i]; ru.p.slots[pa.account] == nil {
			return fieldErr(fmt.Sprintf("announcements[%d].at", pa.in), "no time, and account %q has no posting slots", pa.a.Account)
		}
	}
	if len(queued) > 0 {
		if from.IsZero() {
			return fieldErr("from", "required to queue announcement %q", ru.anns[queued[0]].a.ID)
		}
		if err := checkPlanTime("from", from); err != nil {
			return err
		}
		slices.SortFunc(queued, func(a, b int) int {
			x, y := &ru.anns[a], &ru.anns[b]
			return cmp.Or(cmp.Compare(y.a.Priority, x.a.Priority), cmp.Compare(x.a.ID, y.a.ID))
		})
		type cursor struct{ day, slot int }
		cursors := make(map[int]*cursor)
		fy, fm, fd := from.In(ru.loc).Date()
		for _, i := range queued {
			pa := &ru.anns[i]
			mins := ru.p.slots[pa.account]
			c := cursors[pa.account]
			if c == nil {
				c = &cursor{}
				cursors[pa.account] = c
			}
			for {
				m := mins[c.slot]
				t := planWallClock(fy, fm, fd+c.day, m, ru.loc)
				if c.slot++; c.slot == len(mins) {
					c.slot, c.day = 0, c.day+1
				}
				if t.Before(from) || taken[planSlotKey{pa.account, t.UnixNano()}] {
					continue
				}
				taken[planSlotKey{pa.account, t.UnixNano()}] = true
				pa.a.At = t
				break
			}
			if err := checkPlanTime(fmt.Sprintf("announcements[%d].at", pa.in), pa.a.At); err != nil {
				return err
			}
		}
	}
	for i := range ru.anns {
		pa := &ru.anns[i]
		pa.at = pa.a.At.UnixNano()
		pa.spans = make([]capSpan, len(ru.p.caps))
		for ci, c := range ru.p.caps {
			pa.spans[ci] = c.spanAt(pa.a.At, ru.loc)
		}
	}
	return nil
}

// planSlotKey is an account's instant, in Unix nanoseconds.
type planSlotKey struct {
	account int
	at      int64
}

// planWallClock returns minute m of the local date y-m-d in loc. A wall-clock
// time that falls in a daylight-saving gap moves forward by the gap
// (02:30 on a night that skips from 02:00 to 03:00 is 03:30), where
// time.Date leaves the choice open.
func planWallClock(y int, mo time.Month, d, m int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, m/60, m%60, 0, 0, loc)
	h, mi, _ := t.Clock()
	if diff := m - (h*60 + mi); diff != 0 {
		if diff > 12*60 {
			diff -= 24 * 60
		} else if diff < -12*60 {
			diff += 24 * 60
		}
		if diff > 0 {
			t = t.Add(time.Duration(diff) * time.Minute)
		}
	}
	return t
}
