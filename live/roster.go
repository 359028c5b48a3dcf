package live

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrBreach reports a roster that breaks a hard constraint of its spec;
// the error returned by [VerifyRoster] is [Breaches], which lists them.
var ErrBreach = errors.New("roster breaks a constraint")

// maxRosterWeeks bounds a roster's horizon, so that a spec cannot ask for
// unbounded work; 12 weeks touch at most 4 calendar months.
const maxRosterWeeks = 12

// maxRosterHosts bounds a spec's hosts. The search's memo key stores the
// previous slot's host in one byte (so it needs at most 255); 64 keeps
// the key, about 41 bytes a host, and the search's branching small.
const maxRosterHosts = 64

// maxRosterHostSlots bounds the hosts × slots product of a spec: the
// search keeps one host state (about 140 bytes) per host for each block
// it lays, and there can be as many blocks as slots, so the bound keeps a
// plan under about 40 MB. 12 weeks of 24-hour windows fit with 15-minute
// slots and 32 hosts, or with hourly slots and 64.
const maxRosterHostSlots = 1 << 18

// Prefer is a host's soft preference for a part of the broadcast day. The
// zero value, NoPreference, has none.
type Prefer uint8

// The preferences.
const (
	// NoPreference takes any part of the day.
	NoPreference Prefer = iota
	// PreferEarly prefers the first half of the window (from 07:00 in the
	// cup brand's day).
	PreferEarly
	// PreferLate prefers the second half, up to the close (01:00).
	PreferLate
	numPrefers
)

var preferNames = [numPrefers]string{"any", "early", "late"}

// String returns "any", "early" or "late".
func (p Prefer) String() string {
	if p < numPrefers {
		return preferNames[p]
	}
	return fmt.Sprintf("Prefer(%d)", uint8(p))
}

// RosterHost is a host a roster may put on air.
type RosterHost struct {
	// ID identifies the host.
	ID string
	// Off lists broadcast days the host cannot work, by date: only
	// t.Date() counts, in t's own location. A day off counts as a rest day.
	Off []time.Time
	// Prefers is a soft preference: it orders the search and never makes a
	// roster infeasible.
	Prefers Prefer
	// MaxWeekly caps the host's hours in each week below the profile; zero
	// means the profile's caps only. It must be a multiple of the slot.
	MaxWeekly time.Duration
}

// RosterSpec describes the roster wanted: a daily broadcast window, the
// hosts and the rules. The window opens at Opens (wall clock) on each
// broadcast day and lasts Length of wall-clock time, so a window from 07:00
// of 18 hours closes at 01:00 the next calendar day, and the hour from
// 00:00 to 01:00 belongs to the broadcast day that opened at 07:00 the day
// before: its hours count toward that day, its week and its month.
//
// Time is wall-clock in Location. Where the location has daylight saving
// time a window that spans a change is an hour shorter or longer in real
// time (17 or 19 hours instead of 18); hours worked are real time, slots are
// real time counted from the opening, and a window whose real length is not
// a whole number of slots is refused. Asia/Shanghai has no DST (UTC+8).
//
// Every slot of every window is covered by exactly one host: one host is on
// camera at a time. A shift is a run of slots of one host within one
// broadcast day; a host's shifts on one day may be split by breaks of any
// length.
type RosterSpec struct {
	// Location is where dates and clock times are read; it must not be nil.
	Location *time.Location
	// First is the first broadcast day: only First.Date() counts, in
	// First's own location. Weeks run seven broadcast days from it; pass a
	// Monday for calendar weeks. It must be set (the zero time is refused)
	// and fall in the years 1 to 9999.
	First time.Time
	// Weeks is the horizon, 1 to 12 weeks of seven broadcast days.
	Weeks int
	// Opens is the window's opening as an offset from midnight, [0, 24h):
	// 7*time.Hour for 07:00.
	Opens time.Duration
	// Length is the window's wall-clock length, (0, 24h]: 18*time.Hour from
	// 07:00 closes at 01:00.
	Length time.Duration
	// Slot is the roster's granularity: shifts start and end on slots
	// counted from the opening. Zero means one hour; otherwise a whole
	// number of minutes dividing an hour. Opens, Length, the profile's
	// durations, MaxWeekly and MaxOnAir must be multiples of it.
	Slot time.Duration
	// Hosts are the hosts, 1 to 64, with distinct IDs; their order does
	// not matter. The hosts times the horizon's slots must not exceed
	// 262,144 (2^18).
	Hosts []RosterHost
	// Labour is the labour profile.
	Labour Labour
	// Overtime lets the roster use the profile's overtime; without it no
	// host works past the daily or weekly standard.
	Overtime bool
	// MinRest is the least time between a host's shift on one broadcast
	// day and their next shift on a later one; zero means none.
	MinRest time.Duration
	// MaxOnAir caps a host's continuous time on air (touching shifts
	// count as one); zero means no cap.
	MaxOnAir time.Duration
	// MaxConsecutiveDays caps the broadcast days a host works in a row;
	// zero means no cap.
	MaxConsecutiveDays int
	// Cyclic makes the roster repeat: the horizon is followed by itself, so
	// rest, time on air and days in a row are checked across the boundary
	// between its last day and its first (OR-Tools issue 1399).
	Cyclic bool
}

// slot returns the spec's slot, one hour by default.
func (s RosterSpec) slot() time.Duration {
	if s.Slot == 0 {
		return time.Hour
	}
	return s.Slot
}

// Validate checks the spec: a location, a First that is set and in the
// years 1 to 9999, a horizon of 1 to 12 weeks, a window that fits in a
// day, a slot dividing an hour, the profile, 1 to 64 hosts with valid,
// unique IDs, durations that are multiples of the slot, windows whose real
// length (across DST) is a whole number of slots, and at most 2^18 hosts ×
// slots. It returns a *[commerce.FieldError] naming the field.
func (s RosterSpec) Validate() error {
	_, err := s.windows()
	return err
}

// window is one broadcast day's window [open, close).
type window struct {
	open, close time.Time
	slots       int
}

// windows validates s and returns its broadcast days' windows.
func (s RosterSpec) windows() ([]window, error) {
	u := s.slot()
	switch {
	case s.Location == nil:
		return nil, fieldErr("roster: location", "nil")
	case s.First.IsZero():
		return nil, fieldErr("roster: first", "not set")
	case s.First.Year() < 1 || s.First.Year() > 9999:
		return nil, fieldErr("roster: first", "want a year from 1 to 9999, got %d", s.First.Year())
	case s.Weeks < 1 || s.Weeks > maxRosterWeeks:
		return nil, fieldErr("roster: weeks", "want 1 to %d, got %d", maxRosterWeeks, s.Weeks)
	case u < time.Minute || u > time.Hour || u%time.Minute != 0 || time.Hour%u != 0:
		return nil, fieldErr("roster: slot", "want whole minutes dividing an hour, got %v", s.Slot)
	case s.Opens < 0 || s.Opens >= 24*time.Hour || s.Opens%u != 0:
		return nil, fieldErr("roster: opens", "want [0, 24h) in slots of %v, got %v", u, s.Opens)
	case s.Length <= 0 || s.Length > 24*time.Hour || s.Length%u != 0:
		return nil, fieldErr("roster: length", "want (0, 24h] in slots of %v, got %v", u, s.Length)
	case s.MinRest < 0:
		return nil, fieldErr("roster: min rest", "negative: %v", s.MinRest)
	case s.MaxOnAir < 0 || s.MaxOnAir%u != 0:
		return nil, fieldErr("roster: max on air", "want ≥ 0 in slots of %v, got %v", u, s.MaxOnAir)
	case s.MaxConsecutiveDays < 0:
		return nil, fieldErr("roster: max consecutive days", "negative: %d", s.MaxConsecutiveDays)
	case len(s.Hosts) == 0:
		return nil, fieldErr("roster: hosts", "none")
	case len(s.Hosts) > maxRosterHosts:
		return nil, fieldErr("roster: hosts", "want at most %d, got %d", maxRosterHosts, len(s.Hosts))
	}
	if err := s.Labour.Validate(); err != nil {
		return nil, err
	}
	l := s.Labour
	for _, f := range []struct {
		name string
		d    time.Duration
	}{
		{"daily standard", l.DailyStandard}, {"weekly standard", l.WeeklyStandard},
		{"overtime per day", l.OvertimePerDay}, {"overtime per week", l.OvertimePerWeek},
		{"overtime per month", l.OvertimePerMonth},
	} {
		if f.d%u != 0 {
			return nil, fieldErr("roster: labour: "+f.name, "%v is not a whole number of %v slots", f.d, u)
		}
	}
	seen := make(map[string]bool, len(s.Hosts))
	for i, h := range s.Hosts {
		if err := checkID(fmt.Sprintf("roster: host %d: id", i), h.ID); err != nil {
			return nil, err
		}
		if seen[h.ID] {
			return nil, fieldErr(fmt.Sprintf("roster: host %q", h.ID), "listed twice")
		}
		seen[h.ID] = true
		if h.MaxWeekly < 0 || h.MaxWeekly%u != 0 {
			return nil, fieldErr(fmt.Sprintf("roster: host %q: max weekly", h.ID), "want ≥ 0 in slots of %v, got %v", u, h.MaxWeekly)
		}
		if h.Prefers >= numPrefers {
			return nil, fieldErr(fmt.Sprintf("roster: host %q: prefers", h.ID), "unknown %v", h.Prefers)
		}
	}
	y, m, d := s.First.Date()
	oh, om := int(s.Opens/time.Hour), int(s.Opens%time.Hour/time.Minute)
	lm := int(s.Length / time.Minute)
	ws := make([]window, 7*s.Weeks)
	n := 0 // slots of the horizon
	for i := range ws {
		open := time.Date(y, m, d+i, oh, om, 0, 0, s.Location)
		end := time.Date(y, m, d+i, oh, om+lm, 0, 0, s.Location)
		real := end.Sub(open)
		if real <= 0 || real%u != 0 || (i > 0 && open.Before(ws[i-1].close)) {
			return nil, fieldErr(fmt.Sprintf("roster: window of %s", open.Format(time.DateOnly)),
				"from %s to %s is %v of real time, not a whole number of %v slots after the previous window",
				open.Format("15:04 MST"), end.Format("15:04 MST"), real, u)
		}
		ws[i] = window{open: open, close: end, slots: int(real / u)}
		n += ws[i].slots
	}
	if n*len(s.Hosts) > maxRosterHostSlots {
		return nil, fieldErr("roster: hosts", "%d hosts × %d slots = %d, over the limit of %d host-slots; use longer slots, fewer weeks or fewer hosts",
			len(s.Hosts), n, n*len(s.Hosts), maxRosterHostSlots)
	}
	return ws, nil
}

// Shift is one host on air for a run of slots within one broadcast day.
type Shift struct {
	// Host is the host's ID.
	Host string
	// Day is the broadcast day, counted from the spec's First (0).
	Day int
	// Start and End bound the shift, [Start, End), in the spec's location.
	Start, End time.Time
}

// String formats the shift as "host 07:00–16:00 (day 0)".
func (s Shift) String() string {
	return fmt.Sprintf("%s %s–%s (day %d)", s.Host, s.Start.Format("15:04"), s.End.Format("15:04"), s.Day)
}

// RosterTotal sums one host's roster over the horizon.
type RosterTotal struct {
	// Host is the host's ID.
	Host string
	// Hours is the time on air.
	Hours time.Duration
	// Overtime is the overtime, as [Labour] defines it, summed over weeks.
	Overtime time.Duration
	// RestDays counts broadcast days without a shift (days off included).
	RestDays int
	// Shifts counts the host's shifts.
	Shifts int
}

// Roster is an assignment of hosts to every slot of a spec's windows.
// [PlanRoster] returns Shifts sorted by start and Totals sorted by host ID;
// [VerifyRoster] reads Shifts only, so a roster edited by hand can be
// checked.
type Roster struct {
	// Shifts are the shifts, each within one broadcast day's window.
	Shifts []Shift
	// Totals sums each host's shifts, one entry per host of the spec.
	Totals []RosterTotal
}

// RosterRule names a hard constraint of a roster: the one an [Infeasible]
// certificate says binds, or the one a [Breach] breaks.
type RosterRule uint8

// The rules. The zero value is not a rule.
const (
	// RuleCoverage: every slot of every window is covered by exactly one
	// host.
	RuleCoverage RosterRule = iota + 1
	// RuleWindow: a shift lies within one broadcast day's window, starts
	// before it ends, and starts and ends on slots.
	RuleWindow
	// RuleHost: a shift names a host of the spec.
	RuleHost
	// RuleOverlap: a host's shifts do not overlap.
	RuleOverlap
	// RuleDayOff: a host does not work on a day off.
	RuleDayOff
	// RuleDailyHours: a host's hours on a broadcast day are at most the
	// daily standard, plus the overtime per day when overtime is allowed.
	// A certificate also names it when the daily cap on the days a host
	// may work after its rest days cannot fill a week.
	RuleDailyHours
	// RuleWeeklyHours: a host's hours in a week are at most the weekly
	// standard when overtime is not allowed, and at most their MaxWeekly
	// (so a certificate names it too when MaxWeekly caps a host's day).
	RuleWeeklyHours
	// RuleRestDays: a host rests at least the profile's rest days a week.
	RuleRestDays
	// RuleDailyOvertime: a host's overtime on a broadcast day, ot(d) as
	// [Labour] defines it, is at most the profile's overtime per day. A
	// certificate names it when the weekly standard plus the overtime per
	// day on each day a host may work cannot fill a week.
	RuleDailyOvertime
	// RuleWeeklyOvertime: a host's overtime in a week is at most the
	// profile's overtime per week (so their hours at most the weekly
	// standard plus it).
	RuleWeeklyOvertime
	// RuleMonthlyOvertime: a host's overtime on the broadcast days of a
	// calendar month is at most the profile's overtime per month.
	RuleMonthlyOvertime
	// RuleMinRest: a host rests at least MinRest between shifts on
	// different broadcast days.
	RuleMinRest
	// RuleOnAir: a host's continuous time on air is at most MaxOnAir.
	RuleOnAir
	// RuleConsecutiveDays: a host works at most MaxConsecutiveDays
	// broadcast days in a row.
	RuleConsecutiveDays
	// RuleExhausted marks a certificate from a search that tried every
	// assignment the counting bounds left and found none.
	RuleExhausted
	// RuleSearchLimit marks a certificate from a search that gave up after
	// its step limit: infeasibility is not proven.
	RuleSearchLimit
	numRosterRules
)

var rosterRuleNames = [numRosterRules]string{"", "coverage", "window", "host", "overlap", "day off",
	"daily hours", "weekly hours", "rest days", "daily overtime", "weekly overtime", "monthly overtime", "min rest",
	"on air", "consecutive days", "search exhausted", "search limit"}

// String returns the rule's name, such as "weekly hours".
func (r RosterRule) String() string {
	if r > 0 && r < numRosterRules {
		return rosterRuleNames[r]
	}
	return fmt.Sprintf("RosterRule(%d)", uint8(r))
}

// Infeasible is the certificate [PlanRoster] returns when no roster exists
// (or none was found): the constraint that binds, where, and by how much.
// It matches [ErrInfeasible] with errors.Is; get it with errors.As.
//
// Counting bounds report hours (Needed and Available, in host-hours) or
// host-days (NeededCount and AvailableCount); a search that fails reports
// the slot it could not get past (At).
type Infeasible struct {
	// Rule is the binding constraint.
	Rule RosterRule
	// Day is the broadcast day (from the spec's First) where it binds: the
	// day, the first day of the week or of the month; -1 for the horizon.
	Day int
	// At is the instant it binds at: a day's opening, or the slot a
	// search could not cover; zero for the horizon.
	At time.Time
	// Needed and Available are host-hours for the hour bounds.
	Needed, Available time.Duration
	// NeededCount and AvailableCount are host-days for RuleRestDays.
	NeededCount, AvailableCount int
	// Overtime is the least overtime any roster needs in the bound's
	// period (the day or week: the hours needed less the standard time the
	// hosts can give, MaxWeekly included), when overtime is not allowed
	// and the profile's daily and weekly overtime caps would lift this
	// bound; zero otherwise. When the monthly overtime cap would still
	// block a roster with overtime, Reason says so.
	Overtime time.Duration
	// Reason says it in words.
	Reason string
}

// Error implements error.
func (e *Infeasible) Error() string {
	var b strings.Builder
	b.WriteString("live: roster: ")
	b.WriteString(e.Rule.String())
	if !e.At.IsZero() {
		fmt.Fprintf(&b, " at %s", e.At.Format("2006-01-02 15:04"))
	}
	switch {
	case e.Needed > 0 || e.Available > 0:
		fmt.Fprintf(&b, ": %s host-hours needed, %s available", hostHours(e.Needed), hostHours(e.Available))
	case e.NeededCount > 0 || e.AvailableCount > 0:
		fmt.Fprintf(&b, ": %d host-days needed, %d available", e.NeededCount, e.AvailableCount)
	}
	if e.Overtime > 0 {
		fmt.Fprintf(&b, "; %s of overtime needed", hours(e.Overtime))
	}
	if e.Reason != "" {
		b.WriteString(" (" + e.Reason + ")")
	}
	b.WriteString(": ")
	b.WriteString(ErrInfeasible.Error())
	return b.String()
}

// hostHours formats d as "126" for whole hours, else as "7h30m".
func hostHours(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprint(int64(d / time.Hour))
	}
	return hours(d)
}

// Unwrap returns [ErrInfeasible].
func (e *Infeasible) Unwrap() error { return ErrInfeasible }

// Breach is one hard constraint a roster breaks, found by [VerifyRoster].
type Breach struct {
	// Rule is the constraint broken.
	Rule RosterRule
	// Host is the host, or "" for coverage.
	Host string
	// Day is the broadcast day (from the spec's First) where it is broken:
	// the day, the first day of the week or of the month; -1 when the
	// shift belongs to no day.
	Day int
	// At is the slot or shift where it is broken, or the opening of Day.
	At time.Time
	// Got and Limit are durations for the hour rules, MinRest and
	// MaxOnAir, and for coverage the length of the run of slots. A host
	// on air without end (every slot of a cyclic roster) has Got the
	// largest Duration, which String prints as "the whole horizon".
	Got, Limit time.Duration
	// GotCount and LimitCount are counts: rest days (LimitCount is the
	// least allowed), days in a row, or hosts on air for coverage.
	GotCount, LimitCount int
}

// String describes the breach, such as "daily hours: host "a" on day 2
// at 2024-06-19 07:00: got 12h, limit 11h".
func (b Breach) String() string {
	var s strings.Builder
	s.WriteString(b.Rule.String())
	s.WriteString(":")
	if b.Host != "" {
		fmt.Fprintf(&s, " host %q", b.Host)
	}
	fmt.Fprintf(&s, " on day %d", b.Day)
	if !b.At.IsZero() {
		fmt.Fprintf(&s, " at %s", b.At.Format("2006-01-02 15:04"))
	}
	switch b.Rule {
	case RuleRestDays, RuleConsecutiveDays:
		fmt.Fprintf(&s, ": got %d, limit %d", b.GotCount, b.LimitCount)
	case RuleCoverage:
		fmt.Fprintf(&s, ": %d hosts on air for %s", b.GotCount, hours(b.Got))
	case RuleHost, RuleWindow, RuleOverlap, RuleDayOff:
	case RuleOnAir:
		if b.Got == endless {
			fmt.Fprintf(&s, ": got the whole horizon, without end, limit %s", hours(b.Limit))
			break
		}
		fmt.Fprintf(&s, ": got %s, limit %s", hours(b.Got), hours(b.Limit))
	default:
		fmt.Fprintf(&s, ": got %s, limit %s", hours(b.Got), hours(b.Limit))
	}
	return s.String()
}

// endless is Breach.Got for a host on air without end.
const endless = time.Duration(1<<63 - 1)

// Breaches lists the constraints a roster breaks, sorted by day, instant,
// rule, host and figures, whatever the order of the roster's shifts. It matches [ErrBreach] with errors.Is; get it with
// errors.As.
type Breaches []Breach

// Error implements error; it names the first three breaches.
func (bs Breaches) Error() string {
	var s strings.Builder
	fmt.Fprintf(&s, "live: roster: %d breaches: ", len(bs))
	for i, b := range bs {
		if i == 3 {
			s.WriteString("; …")
			break
		}
		if i > 0 {
			s.WriteString("; ")
		}
		s.WriteString(b.String())
	}
	s.WriteString(": ")
	s.WriteString(ErrBreach.Error())
	return s.String()
}

// Is reports whether target is [ErrBreach].
func (bs Breaches) Is(target error) bool { return target == ErrBreach }

// PlanRoster returns a roster for spec that keeps every hard constraint,
// or an *[Infeasible] certificate. It validates spec first (a
// *[commerce.FieldError] names the bad field), then applies counting bounds
// in this order, each a cheap proof that no roster exists: a day no host is
// free to cover (RuleCoverage), a day the hosts' daily caps cannot fill
// (RuleDailyHours, or RuleWeeklyHours when MaxWeekly caps a host's day
// below it), a day with one host free and a window longer than MaxOnAir
// (RuleOnAir); then for each week, the hours it needs against the daily cap
// on the days each host may work after its rest days (RuleDailyHours),
// against the weekly standard plus the overtime per day on those days
// (RuleDailyOvertime), against the weekly standard without overtime
// (RuleWeeklyHours) or the weekly overtime cap with it
// (RuleWeeklyOvertime), and against MaxWeekly (RuleWeeklyHours), then the
// host-days it needs against those the rest days leave (RuleRestDays; a
// window longer than MaxOnAir needs two hosts); and last a month whose
// weeks need more overtime than its cap (RuleMonthlyOvertime). Without
// overtime, an hour bound says how much overtime would lift it. When the bounds pass, a
// deterministic depth-first search lays shifts slot by slot, pruned by the
// same bounds; if it fails, the certificate says whether it was exhausted
// (RuleExhausted, a proof) or stopped at its step limit (RuleSearchLimit,
// no proof), and At names the deepest slot it could not cover.
//
// The result depends only on the spec's values: the order of Hosts does
// not matter (hosts are taken by ID). Soft preferences order the search.
func PlanRoster(spec RosterSpec) (Roster, error) {
	return planRoster(spec, rosterSearchSteps)
}

// planRoster is PlanRoster with a step limit.
func planRoster(spec RosterSpec, steps int) (Roster, error) {
	ws, err := spec.windows()
	if err != nil {
		return Roster{}, err
	}
	p := newPlanner(spec, ws)
	p.limit = steps
	if cert := p.bounds(); cert != nil {
		return Roster{}, cert
	}
	if cert := p.search(); cert != nil {
		return Roster{}, cert
	}
	return p.roster(), nil
}

// sortedRosterHosts returns the spec's hosts sorted by ID.
func sortedRosterHosts(hs []RosterHost) []RosterHost {
	out := slices.Clone(hs)
	slices.SortFunc(out, func(a, b RosterHost) int { return strings.Compare(a.ID, b.ID) })
	return out
}
