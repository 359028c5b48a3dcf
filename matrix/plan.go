package matrix

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// AnnouncementKind is what an announcement announces. The built-in kinds
// are below; a planner accepts other kinds only when its
// [PlannerSpec].Kinds declares them.
type AnnouncementKind string

// The built-in announcement kinds. The four live kinds announce a [Live]
// and, without an explicit time, go out at a time derived from it.
const (
	// ProductLaunch announces a new product.
	ProductLaunch AnnouncementKind = "product-launch"
	// Preview24h previews a live; derived time: 24 hours (86,400 s)
	// before its start.
	Preview24h AnnouncementKind = "live-preview-24h"
	// Preview1h previews a live; derived time: one hour before its start.
	Preview1h AnnouncementKind = "live-preview-1h"
	// LiveStart says a live has started; derived time: its start.
	LiveStart AnnouncementKind = "live-start"
	// ShareRequest asks buyers to share photos and orders after a live;
	// derived time: the live's end.
	ShareRequest AnnouncementKind = "live-share-request"
)

// liveOffset returns, for a live kind, the derived send time of an
// announcement of l, and whether k is a live kind.
func liveOffset(k AnnouncementKind, l Live) (time.Time, bool) {
	switch k {
	case Preview24h:
		return l.Start.Add(-24 * time.Hour), true
	case Preview1h:
		return l.Start.Add(-time.Hour), true
	case LiveStart:
		return l.Start, true
	case ShareRequest:
		return l.End, true
	}
	return time.Time{}, false
}

// Live is a scheduled live broadcast of an account, the subject of the
// live kinds of announcement.
type Live struct {
	// ID names the live; Account is the ID of the account that
	// broadcasts it.
	ID, Account string
	// Start and End bound the broadcast, [Start, End); End is after
	// Start.
	Start, End time.Time
}

// Announcement is one message an account sends to groups and people.
// Each target is one touchpoint, planned or suppressed on its own.
type Announcement struct {
	// ID names the announcement; unique within a request.
	ID string
	// Kind is what it announces.
	Kind AnnouncementKind
	// Account is the ID of the sending account.
	Account string
	// Campaign is the campaign it belongs to, empty for none.
	Campaign string
	// Live is the ID of the live it announces: required for the live
	// kinds, optional for the others.
	Live string
	// At is when it goes out. An explicit time always wins. When zero,
	// a live kind goes out at the time derived from its live, and any
	// other kind takes the account's next free posting slot (see
	// [Slots]).
	At time.Time
	// Groups are the IDs of the target groups, each once, any order.
	Groups []string
	// People are the IDs of people it is sent to directly, each once,
	// any order. A person the network does not know is an unknown
	// identity, handled by the planner's [IdentityPolicy].
	People []string
	// Priority orders the planning: higher first.
	Priority int
	// Transactional marks a message the person asked for, such as an
	// order notice; it overrides caps only when the planner declares
	// [PlannerSpec].TransactionalOverride.
	Transactional bool
}

// Slots are an account's posting times, like Postiz's postingTimes but in
// the planner's location: minutes past local midnight, each day.
type Slots struct {
	// Account is the ID of the account.
	Account string
	// Minutes are the slots, 0 to 1439, each once, any order; 540 is
	// 09:00 local time. A wall-clock slot that falls in a
	// daylight-saving gap moves forward by the gap, as time.Date does.
	Minutes []int
}

// IdentityPolicy says what a planner does when it cannot check person
// caps because it does not know who a person is: a direct target the
// network does not know, or a person the request lists as unidentified.
// The zero value is not a policy: a planner must declare one.
type IdentityPolicy uint8

// The identity policies.
const (
	// FailOpen sends to unknown identities: they are neither checked
	// against person caps nor counted, and each delivery reports how
	// many it reached ([Delivery].Unverified).
	FailOpen IdentityPolicy = iota + 1
	// FailClosed suppresses a touchpoint that would reach an unknown
	// identity while a person cap applies to it, as Revive blocks capped
	// ads when its cookie test fails; the suppression names the cap.
	FailClosed
	numIdentityPolicies
)

var identityNames = [numIdentityPolicies]string{"", "fail-open", "fail-closed"}

// String returns "fail-open" or "fail-closed".
func (p IdentityPolicy) String() string {
	if p > 0 && p < numIdentityPolicies {
		return identityNames[p]
	}
	return fmt.Sprintf("IdentityPolicy(%d)", uint8(p))
}

// PlannerSpec declares a [Planner].
type PlannerSpec struct {
	// Location is the calendar of calendar-day and calendar-month caps
	// and of posting slots; required.
	Location *time.Location
	// Caps are the frequency caps, any order, IDs unique.
	Caps []Cap
	// Slots are the accounts' posting slots, at most one entry per
	// account.
	Slots []Slots
	// Kinds declares the caller's own announcement kinds, beyond the
	// built-in ones.
	Kinds []AnnouncementKind
	// Identity is the policy for unknown identities; required.
	Identity IdentityPolicy
	// TransactionalOverride lets transactional announcements through
	// every cap. They are planned before all others and still count
	// toward the caps, so they use up what later announcements may send;
	// a window they alone take over its limit admits nothing else.
	// Without it they are capped like any other announcement.
	TransactionalOverride bool
}

// Planner plans touchpoints on a network under frequency caps. It is
// immutable and safe to share between goroutines. Build one with
// [NewPlanner].
type Planner struct {
	net      *Network
	loc      *time.Location
	caps     []Cap   // sorted by ID
	slots    [][]int // account index → minutes, ascending
	kinds    map[AnnouncementKind]bool
	identity IdentityPolicy
	override bool
}

// NewPlanner validates s against n. A nil location, an invalid cap
// ([Cap.Validate]), a cap ID given twice ([ErrDuplicate]), slots of an
// unknown account ([ErrUnknown]) or given twice, a minute outside 0 to
// 1439, a kind given twice or clashing with a built-in one, or a missing
// identity policy is a *[commerce.FieldError] naming it.
func NewPlanner(n *Network, s PlannerSpec) (*Planner, error) {
	if n == nil {
		return nil, fieldErr("planner: network", "required")
	}
	if s.Location == nil {
		return nil, fieldErr("planner: location", "required")
	}
	if s.Identity == 0 || s.Identity >= numIdentityPolicies {
		return nil, fieldErr("planner: identity", "declare FailOpen or FailClosed, not %v", s.Identity)
	}
	p := &Planner{
		net: n, loc: s.Location, caps: slices.Clone(s.Caps),
		slots:    make([][]int, len(n.accounts)),
		kinds:    make(map[AnnouncementKind]bool, 5+len(s.Kinds)),
		identity: s.Identity, override: s.TransactionalOverride,
	}
	for i, c := range s.Caps {
		if err := c.Validate(); err != nil {
			return nil, planWithin(fmt.Sprintf("planner: caps[%d]", i), err)
		}
	}
	slices.SortFunc(p.caps, compareCapIDs)
	for i := 1; i < len(p.caps); i++ {
		if p.caps[i].ID == p.caps[i-1].ID {
			return nil, &commerce.FieldError{Field: "planner: caps", Reason: fmt.Sprintf("%q", p.caps[i].ID), Err: ErrDuplicate}
		}
	}
	for i, sl := range s.Slots {
		field := fmt.Sprintf("planner: slots[%d]", i)
		ai, ok := n.account[sl.Account]
		switch {
		case !ok:
			return nil, &commerce.FieldError{Field: field + ".account", Reason: fmt.Sprintf("account %q", sl.Account), Err: ErrUnknown}
		case p.slots[ai] != nil:
			return nil, &commerce.FieldError{Field: field + ".account", Reason: fmt.Sprintf("%q", sl.Account), Err: ErrDuplicate}
		case len(sl.Minutes) == 0:
			return nil, fieldErr(field+".minutes", "no slots")
		}
		ms := slices.Clone(sl.Minutes)
		slices.Sort(ms)
		for k, m := range ms {
			switch {
			case m < 0 || m >= 24*60:
				return nil, fieldErr(field+".minutes", "%d, want 0 to 1439", m)
			case k > 0 && m == ms[k-1]:
				return nil, &commerce.FieldError{Field: field + ".minutes", Reason: fmt.Sprint(m), Err: ErrDuplicate}
			}
		}
		p.slots[ai] = ms
	}
	for _, k := range []AnnouncementKind{ProductLaunch, Preview24h, Preview1h, LiveStart, ShareRequest} {
		p.kinds[k] = true
	}
	for i, k := range s.Kinds {
		field := fmt.Sprintf("planner: kinds[%d]", i)
		if err := checkID(field, string(k)); err != nil {
			return nil, err
		}
		if p.kinds[k] {
			return nil, &commerce.FieldError{Field: field, Reason: fmt.Sprintf("%q", k), Err: ErrDuplicate}
		}
		p.kinds[k] = true
	}
	return p, nil
}

// within prefixes a *commerce.FieldError's field with a parent path.
func planWithin(prefix string, err error) error {
	if fe, ok := err.(*commerce.FieldError); ok {
		return &commerce.FieldError{Field: prefix + ": " + fe.Field, Reason: fe.Reason, Err: fe.Err}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// Caps returns the planner's caps, sorted by ID, in a fresh slice.
func (p *Planner) Caps() []Cap { return slices.Clone(p.caps) }

// Request is one planning run: the announcements to plan, the lives they
// announce, and who is unidentified.
type Request struct {
	// From is the start of the posting queue: announcements without a
	// time take posting slots at or after From. Required when any does.
	From time.Time
	// Announcements are the announcements to plan, any order.
	Announcements []Announcement
	// Lives are the lives they announce, any order; they are also
	// checked for overlaps per account.
	Lives []Live
	// Unidentified are the IDs of network people whose identity is not
	// resolved (an unlinked open ID, say), so their sends cannot be
	// counted: the planner's [IdentityPolicy] decides.
	Unidentified []string
}

// Delivery is a planned touchpoint: an announcement to one group (which
// reaches its members) or to one person directly.
type Delivery struct {
	// Announcement, Kind, Account and Campaign are the announcement's.
	Announcement string
	Kind         AnnouncementKind
	Account      string
	Campaign     string
	// Group is the target group's ID, empty for a direct send.
	Group string
	// Person is the direct target's ID, empty for a group send.
	Person string
	// At is when it goes out.
	At time.Time
	// Transactional is the announcement's flag.
	Transactional bool
	// Reached is the people it reaches: the group's members, or 1.
	Reached int
	// New is those of them the announcement had not reached already
	// through an earlier touchpoint; the other Reached-New are duplicate
	// impressions, which person caps do not count again.
	New int
	// Unverified is those of New whose identity is unknown, sent under
	// [FailOpen], with no person cap to check, or by a transactional
	// override; they are not counted toward person caps.
	Unverified int
}

// Cause is why a touchpoint was suppressed.
type Cause uint8

// The causes of suppression.
const (
	// CauseCap is a cap that binds: the subject has Count announcements
	// in the window and the cap allows Limit.
	CauseCap Cause = iota + 1
	// CauseIdentity is an unknown identity under [FailClosed]: a person
	// cap applies and cannot be checked.
	CauseIdentity
	// CauseDuplicate is a duplicate of an earlier announcement to the
	// same target (see [DuplicateAnnouncement]).
	CauseDuplicate
	numCauses
)

var causeNames = [numCauses]string{"", "cap", "identity-unknown", "duplicate"}

// String returns "cap", "identity-unknown" or "duplicate".
func (c Cause) String() string {
	if c > 0 && c < numCauses {
		return causeNames[c]
	}
	return fmt.Sprintf("Cause(%d)", uint8(c))
}

// Suppression is a touchpoint left out of the plan, with why.
type Suppression struct {
	// Announcement, Group, Person and At are the touchpoint's, as in a
	// [Delivery].
	Announcement string
	Group        string
	Person       string
	At           time.Time
	// Cause is why it was suppressed.
	Cause Cause
	// Cap and Level name the cap that bound (CauseCap) or could not be
	// checked (CauseIdentity); empty for CauseDuplicate.
	Cap   string
	Level CapLevel
	// Subject is the ID of the person, group, account or campaign the
	// cap bound for, or the unknown person.
	Subject string
	// From and To bound the window where the cap binds, [From, To), in
	// the planner's location; zero unless CauseCap.
	From, To time.Time
	// Count is the announcements the subject already has in the window,
	// at least Limit, the most the window allows; zero unless CauseCap.
	Count, Limit int
	// Other is the earlier announcement a CauseDuplicate repeats.
	Other string
}

// ConflictKind is a kind of scheduling conflict.
type ConflictKind uint8

// The conflict kinds.
const (
	// LivesOverlap is two lives of one account whose [Start, End)
	// intervals intersect. Both stay in the plan: lives are facts the
	// planner does not move.
	LivesOverlap ConflictKind = iota + 1
	// DuplicateAnnouncement is two announcements of one account with
	// the same kind and live (for the live kinds) or the same kind,
	// campaign and time (for the others) that share a target. The
	// second, in planning order, is suppressed for the shared targets
	// ([CauseDuplicate]) and sent to the others.
	DuplicateAnnouncement
	// SlotClash is two announcements of one account at the same instant
	// that are not duplicates. Both stay in the plan.
	SlotClash
	numConflictKinds
)

var conflictNames = [numConflictKinds]string{"", "lives-overlap", "duplicate-announcement", "slot-clash"}

// String returns "lives-overlap", "duplicate-announcement" or
// "slot-clash".
func (k ConflictKind) String() string {
	if k > 0 && k < numConflictKinds {
		return conflictNames[k]
	}
	return fmt.Sprintf("ConflictKind(%d)", uint8(k))
}

// Conflict is a scheduling conflict found in a request, reported with
// both IDs rather than silently resolved.
type Conflict struct {
	// Kind is the conflict.
	Kind ConflictKind
	// Account is the account of both.
	Account string
	// First and Second are the two lives or announcements: for lives,
	// by start then ID; for a duplicate, in planning order; for a slot
	// clash, by ID.
	First, Second string
	// At is when they clash: the second live's start, or the second
	// announcement's time.
	At time.Time
}

// Plan is the outcome of a planning run: the deliveries, every suppressed
// touchpoint with why, and the conflicts found. It is immutable.
type Plan struct {
	loc        *time.Location
	caps       []Cap // the planner's, sorted by ID
	deliveries []Delivery
	suppressed []Suppression
	conflicts  []Conflict
}

// Deliveries returns the planned touchpoints, by time, then announcement
// ID, then group and person ID, in a fresh slice.
func (p *Plan) Deliveries() []Delivery { return slices.Clone(p.deliveries) }

// Suppressed returns the suppressed touchpoints, in the order of
// [Plan.Deliveries], in a fresh slice.
func (p *Plan) Suppressed() []Suppression { return slices.Clone(p.suppressed) }

// Conflicts returns the conflicts, by kind, account, first and second ID,
// in a fresh slice.
func (p *Plan) Conflicts() []Conflict { return slices.Clone(p.conflicts) }

// Location returns the location the plan's times are written in.
func (p *Plan) Location() *time.Location { return p.loc }

// minPlanUnix and maxPlanUnix bound the instants a request may use, in
// Unix seconds (1900-01-01 and 2200-01-01 UTC), so that nanosecond
// arithmetic over any window stays in range.
const (
	minPlanUnix = -2208988800
	maxPlanUnix = 7258118400
)

// checkPlanTime validates an instant named by field.
func checkPlanTime(field string, t time.Time) error {
	if u := t.Unix(); u < minPlanUnix || u >= maxPlanUnix {
		return fieldErr(field, "%s outside the years 1900 to 2199", t.Format(time.RFC3339))
	}
	return nil
}

// cmpPlanTime compares instants.
func cmpPlanTime(a, b time.Time) int { return a.Compare(b) }

// sortPlan puts the plan's slices in their documented orders.
func sortPlan(pl *Plan) {
	slices.SortFunc(pl.deliveries, func(a, b Delivery) int {
		return cmp.Or(cmpPlanTime(a.At, b.At), cmp.Compare(a.Announcement, b.Announcement),
			cmp.Compare(a.Group, b.Group), cmp.Compare(a.Person, b.Person))
	})
	slices.SortFunc(pl.suppressed, func(a, b Suppression) int {
		return cmp.Or(cmpPlanTime(a.At, b.At), cmp.Compare(a.Announcement, b.Announcement),
			cmp.Compare(a.Group, b.Group), cmp.Compare(a.Person, b.Person))
	})
	slices.SortFunc(pl.conflicts, func(a, b Conflict) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Account, b.Account),
			cmp.Compare(a.First, b.First), cmp.Compare(a.Second, b.Second))
	})
}
