package matrix

import (
	"cmp"
	"slices"
	"time"
)

// livesOverlap reports every pair of one account's lives whose intervals
// intersect.
func (ru *planRun) livesOverlap(lives map[string]Live) {
	ls := make([]Live, 0, len(lives))
	for _, l := range lives {
		ls = append(ls, l)
	}
	slices.SortFunc(ls, func(a, b Live) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmpPlanTime(a.Start, b.Start), cmp.Compare(a.ID, b.ID))
	})
	for i, a := range ls {
		for _, b := range ls[i+1:] {
			if b.Account != a.Account || !b.Start.Before(a.End) {
				break
			}
			ru.plan.conflicts = append(ru.plan.conflicts, Conflict{Kind: LivesOverlap, Account: a.Account, First: a.ID, Second: b.ID, At: b.Start.In(ru.loc)})
		}
	}
}

// order returns the announcements' indexes in planning order.
func (ru *planRun) order() []int {
	order := make([]int, len(ru.anns))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		x, y := &ru.anns[a], &ru.anns[b]
		fx, fy := 0, 0
		if x.forced {
			fx = -1
		}
		if y.forced {
			fy = -1
		}
		return cmp.Or(cmp.Compare(fx, fy), cmp.Compare(y.a.Priority, x.a.Priority), cmp.Compare(x.at, y.at), cmp.Compare(x.a.ID, y.a.ID))
	})
	return order
}

// planDupKey is what makes two announcements duplicates: one account, one
// kind, and one live (live kinds) or one campaign and instant (others).
type planDupKey struct {
	account  int
	kind     AnnouncementKind
	live     string
	campaign string
	at       int64
}

// duplicates finds duplicate announcements, marks the targets a later one
// shares with an earlier one in planning order, and reports those pairs
// and the slot clashes: two announcements of one account at one instant
// that are not duplicates.
func (ru *planRun) duplicates(order []int) {
	keyOf := func(pa *plannedAnn) planDupKey {
		if pa.live {
			return planDupKey{account: pa.account, kind: pa.a.Kind, live: pa.a.Live}
		}
		return planDupKey{account: pa.account, kind: pa.a.Kind, campaign: pa.a.Campaign, at: pa.at}
	}
	buckets := make(map[planDupKey][]int, len(ru.anns))
	for _, i := range order {
		k := keyOf(&ru.anns[i])
		buckets[k] = append(buckets[k], i)
	}
	type pair struct{ a, b int }
	dups := make(map[pair]bool)
	for _, i := range order {
		bucket := buckets[keyOf(&ru.anns[i])]
		if len(bucket) < 2 || bucket[0] == i {
			continue
		}
		pa := &ru.anns[i]
		for _, j := range bucket {
			if j == i {
				break
			}
			prev := &ru.anns[j]
			shared := false
			for t, g := range pa.groups {
				if _, ok := slices.BinarySearch(prev.groups, g); ok {
					ru.markDup(pa, t, j)
					shared = true
				}
			}
			for t, id := range pa.people {
				if _, ok := slices.BinarySearch(prev.people, id); ok {
					ru.markDup(pa, len(pa.groups)+t, j)
					shared = true
				}
			}
			if shared {
				dups[pair{j, i}], dups[pair{i, j}] = true, true
				ru.plan.conflicts = append(ru.plan.conflicts, Conflict{Kind: DuplicateAnnouncement,
					Account: pa.a.Account, First: prev.a.ID, Second: pa.a.ID, At: pa.a.At.In(ru.loc)})
			}
		}
	}
	byAccount := slices.Clone(order)
	slices.SortFunc(byAccount, func(a, b int) int {
		x, y := &ru.anns[a], &ru.anns[b]
		return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(x.at, y.at), cmp.Compare(x.a.ID, y.a.ID))
	})
	for k, i := range byAccount {
		x := &ru.anns[i]
		for _, j := range byAccount[k+1:] {
			y := &ru.anns[j]
			if y.account != x.account || y.at != x.at {
				break
			}
			if !dups[pair{i, j}] {
				ru.plan.conflicts = append(ru.plan.conflicts, Conflict{Kind: SlotClash,
					Account: x.a.Account, First: x.a.ID, Second: y.a.ID, At: y.a.At.In(ru.loc)})
			}
		}
	}
}

// markDup records that target t of pa repeats announcement j, unless an
// earlier one already does.
func (ru *planRun) markDup(pa *plannedAnn, t, j int) {
	if pa.dup == nil {
		pa.dup = make([]int32, len(pa.groups)+len(pa.people))
		for k := range pa.dup {
			pa.dup[k] = -1
		}
	}
	if pa.dup[t] < 0 {
		pa.dup[t] = int32(j)
	}
}

// execute goes through the touchpoints in planning order, sending or
// suppressing each.
func (ru *planRun) execute(order []int) {
	n := ru.p.net
	np := len(n.people)
	ru.head = make([]int32, np)
	for i := range ru.head {
		ru.head[i] = -1
	}
	ru.count = make([]int32, np)
	ru.seen = make([]int32, np)
	ru.groupT = make([][]int64, len(n.groups))
	ru.accountT = make([][]int64, len(n.accounts))
	ru.campaignT = make([][]int64, len(ru.campaigns))
	for ci, c := range ru.p.caps {
		if c.Level == PerPerson {
			ru.person = append(ru.person, ci)
		} else {
			ru.other = append(ru.other, ci)
		}
	}
	var one [1]Member
	for ord, i := range order {
		pa := &ru.anns[i]
		mark := int32(ord + 1)
		for t, g := range pa.groups {
			if pa.dup != nil && pa.dup[t] >= 0 {
				ru.suppressDup(pa, n.groups[g].ID, "", pa.dup[t])
				continue
			}
			ru.touch(pa, mark, g, "", n.members[g], false)
		}
		for t, id := range pa.people {
			if pa.dup != nil && pa.dup[len(pa.groups)+t] >= 0 {
				ru.suppressDup(pa, "", id, pa.dup[len(pa.groups)+t])
				continue
			}
			m, known := n.person[id]
			if !known {
				ru.touchUnknown(pa, id)
				continue
			}
			one[0] = m
			ru.touch(pa, mark, -1, id, one[:], true)
		}
	}
}

// suppressDup records a touchpoint suppressed as a duplicate of
// announcement j.
func (ru *planRun) suppressDup(pa *plannedAnn, group, person string, j int32) {
	ru.plan.suppressed = append(ru.plan.suppressed, Suppression{Announcement: pa.a.ID, Group: group, Person: person,
		At: pa.a.At.In(ru.loc), Cause: CauseDuplicate, Other: ru.anns[j].a.ID})
}

// delivery returns the delivery of pa to group or person.
func (ru *planRun) delivery(pa *plannedAnn, group, person string) Delivery {
	return Delivery{Announcement: pa.a.ID, Kind: pa.a.Kind, Account: pa.a.Account, Campaign: pa.a.Campaign,
		Group: group, Person: person, At: pa.a.At.In(ru.loc), Transactional: pa.a.Transactional}
}

// suppression returns the suppression of pa to group or person by cap ci.
func (ru *planRun) suppression(pa *plannedAnn, group, person string, cause Cause, ci int, subject string) Suppression {
	c := &ru.p.caps[ci]
	return Suppression{Announcement: pa.a.ID, Group: group, Person: person, At: pa.a.At.In(ru.loc),
		Cause: cause, Cap: c.ID, Level: c.Level, Subject: subject}
}

// capSuppression returns the suppression of pa by cap ci binding at b.
func (ru *planRun) capSuppression(pa *plannedAnn, group, person string, ci int, subject string, b capBinding) Suppression {
	s := ru.suppression(pa, group, person, CauseCap, ci, subject)
	s.From, s.To = time.Unix(0, b.from).In(ru.loc), time.Unix(0, b.to).In(ru.loc)
	s.Count, s.Limit = b.count, b.limit
	return s
}

// firstPersonCap returns the first person cap that applies to a group
// send (direct false) or a direct send, or -1.
func (ru *planRun) firstPersonCap(direct bool) int {
	for _, ci := range ru.person {
		if direct || !ru.p.caps[ci].Direct {
			return ci
		}
	}
	return -1
}

// firstDirectCap returns the first person cap that counts direct sends
// only, or -1.
func (ru *planRun) firstDirectCap() int {
	for _, ci := range ru.person {
		if ru.p.caps[ci].Direct {
			return ci
		}
	}
	return -1
}

// touchUnknown plans a direct send to a person the network does not know.
func (ru *planRun) touchUnknown(pa *plannedAnn, id string) {
	if !pa.forced && ru.p.identity == FailClosed {
		if ci := ru.firstPersonCap(true); ci >= 0 {
			ru.plan.suppressed = append(ru.plan.suppressed, ru.suppression(pa, "", id, CauseIdentity, ci, id))
			return
		}
	}
	if s, ok := ru.checkOther(pa, -1, "", id); !ok {
		ru.plan.suppressed = append(ru.plan.suppressed, s)
		return
	}
	ru.commitOther(pa, -1)
	d := ru.delivery(pa, "", id)
	d.Reached, d.New, d.Unverified = 1, 1, 1
	ru.plan.deliveries = append(ru.plan.deliveries, d)
}

// checkOther checks the group, account and campaign caps of a touchpoint
// of pa to group g (-1 for a direct send).
func (ru *planRun) checkOther(pa *plannedAnn, g int, group, person string) (Suppression, bool) {
	if pa.forced {
		return Suppression{}, true
	}
	for _, ci := range ru.other {
		c := &ru.p.caps[ci]
		var times []int64
		var subject string
		switch {
		case c.Level == PerGroup && g >= 0:
			times, subject = ru.groupT[g], group
		case c.Level == PerAccount && !pa.counted:
			times, subject = ru.accountT[pa.account], pa.a.Account
		case c.Level == PerCampaign && !pa.counted && pa.campaign >= 0:
			times, subject = ru.campaignT[pa.campaign], pa.a.Campaign
		default:
			continue
		}
		if b, over := c.window(pa.spans[ci], times, &ru.scratch); over {
			return ru.capSuppression(pa, group, person, ci, subject, b), false
		}
	}
	return Suppression{}, true
}

// commitOther counts a sent touchpoint of pa to group g (-1 for a direct
// send) toward the group, account and campaign caps.
func (ru *planRun) commitOther(pa *plannedAnn, g int) {
	if g >= 0 {
		ru.groupT[g] = append(ru.groupT[g], pa.at)
	}
	if !pa.counted {
		pa.counted = true
		ru.accountT[pa.account] = append(ru.accountT[pa.account], pa.at)
		if pa.campaign >= 0 {
			ru.campaignT[pa.campaign] = append(ru.campaignT[pa.campaign], pa.at)
		}
	}
}

// personTimes returns the times counted for m, only the direct ones when
// direct is set, in ru.times.
func (ru *planRun) personTimes(m Member, direct bool) []int64 {
	ts := ru.times[:0]
	for k := ru.head[m]; k >= 0; k = ru.nodes[k].next {
		if nd := &ru.nodes[k]; nd.direct || !direct {
			ts = append(ts, nd.at)
		}
	}
	ru.times = ts
	return ts
}

// touch plans the touchpoint of pa to group g (-1 for a direct send to
// person) reaching members.
func (ru *planRun) touch(pa *plannedAnn, mark int32, g int, person string, members []Member, direct bool) {
	group := ""
	if g >= 0 {
		group = ru.p.net.groups[g].ID
	}
	if s, ok := ru.checkOther(pa, g, group, person); !ok {
		ru.plan.suppressed = append(ru.plan.suppressed, s)
		return
	}
	if !pa.forced {
		if s, ok := ru.checkPeople(pa, mark, group, person, members, direct); !ok {
			ru.plan.suppressed = append(ru.plan.suppressed, s)
			return
		}
	}
	ru.commitOther(pa, g)
	d := ru.delivery(pa, group, person)
	d.Reached = len(members)
	for _, m := range members {
		if ru.seen[m] == mark {
			if direct && !ru.unident[m] {
				ru.nodes[ru.head[m]].direct = true
			}
			continue
		}
		ru.seen[m] = mark
		d.New++
		if ru.unident[m] {
			d.Unverified++
			continue
		}
		ru.nodes = append(ru.nodes, planNode{at: pa.at, next: ru.head[m], direct: direct})
		ru.head[m] = int32(len(ru.nodes) - 1)
		ru.count[m]++
	}
	ru.plan.deliveries = append(ru.plan.deliveries, d)
}

// checkPeople checks the person caps for the members a touchpoint would
// reach for the first time, in ID order.
func (ru *planRun) checkPeople(pa *plannedAnn, mark int32, group, person string, members []Member, direct bool) (Suppression, bool) {
	first := ru.firstPersonCap(direct)
	if first < 0 {
		return Suppression{}, true
	}
	least := int32(1 << 30)
	for _, ci := range ru.person {
		if c := &ru.p.caps[ci]; direct || !c.Direct {
			least = min(least, int32(pa.spans[ci].limit))
		}
	}
	closed := ru.p.identity == FailClosed
	for _, m := range members {
		// A direct send to a person the announcement reached through a
		// group (groups go first, people once) adds to the direct caps
		// only.
		upgrade := false
		if ru.seen[m] == mark {
			if !direct {
				continue
			}
			upgrade = true
		}
		if ru.unident[m] {
			ci := first
			if upgrade {
				ci = ru.firstDirectCap()
			}
			if closed && ci >= 0 {
				return ru.suppression(pa, group, person, CauseIdentity, ci, ru.p.net.people[m]), false
			}
			continue
		}
		if ru.count[m] < least {
			continue
		}
		for _, ci := range ru.person {
			c := &ru.p.caps[ci]
			if (c.Direct && !direct) || (upgrade && !c.Direct) {
				continue
			}
			if b, over := c.window(pa.spans[ci], ru.personTimes(m, c.Direct), &ru.scratch); over {
				return ru.capSuppression(pa, group, person, ci, ru.p.net.people[m], b), false
			}
		}
	}
	return Suppression{}, true
}
