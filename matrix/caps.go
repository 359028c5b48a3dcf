package matrix

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// CapLevel is what a frequency [Cap] counts for: each person, each group,
// each account or each campaign apart.
type CapLevel uint8

// The cap levels. The zero value is not a level.
const (
	// PerPerson counts, for each person, the announcements that reach
	// the person, directly or through any of the person's groups; an
	// announcement counts once however many of the person's groups it
	// goes to.
	PerPerson CapLevel = iota + 1
	// PerGroup counts, for each group, the announcements sent to it.
	PerGroup
	// PerAccount counts, for each account, the announcements it sends,
	// each once however many groups and people it goes to.
	PerAccount
	// PerCampaign counts, for each campaign, its announcements, each
	// once; announcements of no campaign are not counted.
	PerCampaign
	numCapLevels
)

var capLevelNames = [numCapLevels]string{"", "person", "group", "account", "campaign"}

// String returns the level's name: "person", "group", "account" or
// "campaign".
func (l CapLevel) String() string {
	if l > 0 && l < numCapLevels {
		return capLevelNames[l]
	}
	return fmt.Sprintf("CapLevel(%d)", uint8(l))
}

// windowKind says how a [Window] is laid on time.
type windowKind uint8

const (
	noWindow windowKind = iota
	calendarDays
	calendarMonths
	sliding
)

// Window is the span over which a [Cap] counts. Calendar windows tile the
// calendar of the planner's location; a sliding window is any half-open
// interval of its length. The zero Window is no window, which a cap may
// not have. Build one with [CalendarDays], [CalendarMonths] or [Sliding].
type Window struct {
	kind windowKind
	n    int
	d    time.Duration
}

// CalendarDays returns the window of n calendar days in the planner's
// location: consecutive blocks of n local days counted from midnight of
// 1 January 1970, so CalendarDays(1) is the calendar day, from one local
// midnight to the next (23 or 25 hours on a day with a daylight-saving
// change), and CalendarDays(7) a block of seven days starting on a
// Thursday, as 1 January 1970 was. n must be positive.
func CalendarDays(n int) Window { return Window{kind: calendarDays, n: n} }

// CalendarMonths returns the window of n calendar months in the planner's
// location: consecutive blocks of n months counted from January 1970, so
// CalendarMonths(1) runs from local midnight of the 1st to local midnight
// of the 1st of the next month. n must be positive.
func CalendarMonths(n int) Window { return Window{kind: calendarMonths, n: n} }

// Sliding returns the sliding window of length d, at most ten years (3,660
// days; longer is refused when the cap is validated): a cap of limit L over it
// allows at most L counted announcements in every half-open interval
// [t, t+d), whatever t, so two sends exactly d apart never share a window
// and two sends less than d apart always can. d must be positive.
func Sliding(d time.Duration) Window { return Window{kind: sliding, d: d} }

// IsZero reports whether w is the zero Window, no window at all.
func (w Window) IsZero() bool { return w.kind == noWindow }

// String describes the window: "1 calendar day", "3 calendar months",
// "sliding 2h0m0s", or "none" for the zero Window.
func (w Window) String() string {
	switch w.kind {
	case calendarDays, calendarMonths:
		unit := "day"
		if w.kind == calendarMonths {
			unit = "month"
		}
		if w.n != 1 {
			unit += "s"
		}
		return fmt.Sprintf("%d calendar %s", w.n, unit)
	case sliding:
		return "sliding " + w.d.String()
	}
	return "none"
}

// validate checks a window's length, for the cap at field.
func (w Window) validate(field string) error {
	switch w.kind {
	case noWindow:
		return fieldErr(field, "no window")
	case calendarDays, calendarMonths:
		if w.n <= 0 || w.n > maxCapWindowUnits {
			return fieldErr(field, "%d calendar units, want 1 to %d", w.n, maxCapWindowUnits)
		}
	default:
		if w.d <= 0 || w.d > maxSliding {
			return fieldErr(field, "sliding window of %v, want a positive duration of at most %v", w.d, maxSliding)
		}
	}
	return nil
}

// maxSliding bounds a sliding window: ten years of 366 days, so that a
// send's instant plus or minus the window, in nanoseconds, never overflows
// for the instants a plan accepts (the years 1900 to 2199). Use calendar
// months for longer caps.
const maxSliding = 3660 * 24 * time.Hour

// maxCapWindowUnits bounds a calendar window's days or months, so window
// arithmetic stays far from overflow: 100 years of days.
const maxCapWindowUnits = 36525

// Cap is a frequency cap: at most Limit announcements counted at Level in
// each Window. Caps are data; [WeComCaps] declares the platform's.
type Cap struct {
	// ID names the cap in suppressions.
	ID string
	// Level is what the cap counts for.
	Level CapLevel
	// Limit is the most announcements each subject (person, group,
	// account or campaign) may receive or send in one window; positive.
	Limit int
	// PerDay, for a calendar window, multiplies Limit by the window's
	// number of calendar days, so a limit of 1 per day over a calendar
	// month allows 28 to 31: WeCom's "days-in-month a month".
	PerDay bool
	// Window is the span the cap counts over; required.
	Window Window
	// Direct, for a PerPerson cap, counts only the announcements sent to
	// the person directly (Announcement.People), not those that reach
	// the person through a group, as WeCom counts mass messages to a
	// customer apart from those to the customer's groups.
	Direct bool
	// Source says where the cap comes from, free text such as a
	// platform rule and its document; it is echoed in the plan's JSON.
	Source string
}

// String describes the cap, such as `"daily" 2 per person per 1 calendar
// day`.
func (c Cap) String() string {
	limit := fmt.Sprint(c.Limit)
	if c.PerDay {
		limit += " a day"
	}
	direct := ""
	if c.Direct {
		direct = " (direct)"
	}
	return fmt.Sprintf("%q %s per %v%s per %v", c.ID, limit, c.Level, direct, c.Window)
}

// Validate checks the cap: an identifier, a known level, a positive limit,
// a window (a cap with no window is an error), PerDay only on a calendar
// window and Direct only on a PerPerson cap. A problem is a
// *[commerce.FieldError] naming the field.
func (c Cap) Validate() error {
	if err := checkID("cap: id", c.ID); err != nil {
		return err
	}
	field := fmt.Sprintf("cap %q: ", c.ID)
	switch {
	case c.Level == 0 || c.Level >= numCapLevels:
		return fieldErr(field+"level", "unknown %v", c.Level)
	case c.Limit <= 0:
		return fieldErr(field+"limit", "%d, want a positive limit", c.Limit)
	}
	if err := c.Window.validate(field + "window"); err != nil {
		return err
	}
	switch {
	case c.PerDay && c.Window.kind == sliding:
		return fieldErr(field+"per_day", "needs a calendar window, not %v", c.Window)
	case c.PerDay && c.Limit > maxCapLimit/(31*c.Window.n):
		return fieldErr(field+"limit", "%d a day over %v overflows", c.Limit, c.Window)
	case c.Direct && c.Level != PerPerson:
		return fieldErr(field+"direct", "only a person cap counts direct sends, not a %v cap", c.Level)
	}
	return nil
}

// maxCapLimit bounds a window's effective limit.
const maxCapLimit = 1 << 40

// WeComCaps returns WeCom's mass-message caps as data: each customer
// receives at most as many mass messages (群发) a calendar month as the
// month has days, and so does each customer group (WeCom developer
// documentation, document/path/92135, updated 2025-11-17 [O]). The
// customer cap counts the messages sent to the customer directly; the
// group cap counts those sent to the group. WeCom lets an admin switch to
// 7 a week or 1 a day; declare those as caps of your own. IDs are
// "wecom-customer-month" and "wecom-group-month".
func WeComCaps() []Cap {
	const src = "WeCom mass messages: days-in-month per customer and per customer group per calendar month (developer.work.weixin.qq.com document/path/92135) [O]"
	return []Cap{
		{ID: "wecom-customer-month", Level: PerPerson, Limit: 1, PerDay: true, Window: CalendarMonths(1), Direct: true, Source: src},
		{ID: "wecom-group-month", Level: PerGroup, Limit: 1, PerDay: true, Window: CalendarMonths(1), Source: src},
	}
}

// capCivilDay returns the days from 1 January 1970 to the date y-m-d,
// negative before it.
func capCivilDay(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// capFloorDiv returns a/b rounded toward minus infinity, for b > 0.
func capFloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// capSpan is a window of a cap at one instant, in Unix nanoseconds: [from, to)
// for a calendar window; for a sliding one, from and to are the instant.
type capSpan struct {
	from, to int64
	limit    int
}

// spanAt returns the calendar window of c that holds at, in loc, and its
// effective limit. For a sliding window it returns the instant itself.
func (c Cap) spanAt(at time.Time, loc *time.Location) capSpan {
	var from, to time.Time
	local := at.In(loc)
	y, m, d := local.Date()
	switch c.Window.kind {
	case calendarDays:
		n := int64(c.Window.n)
		start := capFloorDiv(capCivilDay(y, m, d), n) * n
		from = localMidnight(1970, 1, 1+int(start), loc)
		to = localMidnight(1970, 1, 1+int(start+n), loc)
	case calendarMonths:
		n := int64(c.Window.n)
		start := capFloorDiv(int64(y-1970)*12+int64(m-1), n) * n
		from = localMidnight(1970, time.Month(1+start), 1, loc)
		to = localMidnight(1970, time.Month(1+start+n), 1, loc)
	default:
		ns := at.UnixNano()
		return capSpan{from: ns, to: ns, limit: c.Limit}
	}
	limit := c.Limit
	if c.PerDay {
		fy, fm, fd := from.Date()
		ty, tm, td := to.Date()
		limit *= int(capCivilDay(ty, tm, td) - capCivilDay(fy, fm, fd))
	}
	return capSpan{from: from.UnixNano(), to: to.UnixNano(), limit: limit}
}

// capBinding is the window where a cap binds: [from, to) holds count counted
// announcements already, and limit allows no more.
type capBinding struct {
	from, to     int64
	count, limit int
}

// window counts times against c's window at the instant of sp: for a
// calendar window, the times in [sp.from, sp.to); for a sliding one of
// length d, the most times in any [t, t+d) that holds the instant, t the
// earliest such. scratch is reused. It reports whether one more would go
// over the limit, and where.
func (c Cap) window(sp capSpan, times []int64, scratch *[]int64) (capBinding, bool) {
	if len(times) < sp.limit {
		return capBinding{}, false
	}
	if c.Window.kind != sliding {
		n := 0
		for _, t := range times {
			if t >= sp.from && t < sp.to {
				n++
			}
		}
		return capBinding{from: sp.from, to: sp.to, count: n, limit: sp.limit}, n >= sp.limit
	}
	s, d := sp.from, int64(c.Window.d)
	near := (*scratch)[:0]
	for _, t := range times {
		if t > s-d && t < s+d {
			near = append(near, t)
		}
	}
	*scratch = near
	if len(near) < sp.limit {
		return capBinding{}, false
	}
	slices.Sort(near)
	best := capBinding{limit: sp.limit, count: -1}
	// The window [t, t+d) that holds s with the most times starts at one
	// of the times in (s-d, s] or at s itself; ties go to the earliest.
	try := func(t int64) {
		lo, _ := slices.BinarySearch(near, t)
		hi, _ := slices.BinarySearch(near, t+d)
		if hi-lo > best.count {
			best.from, best.to, best.count = t, t+d, hi-lo
		}
	}
	for i, t := range near {
		if t > s {
			break
		}
		if i == 0 || t != near[i-1] {
			try(t)
		}
	}
	try(s)
	return best, best.count >= sp.limit
}

// compareCapIDs orders caps by ID.
func compareCapIDs(a, b Cap) int { return cmp.Compare(a.ID, b.ID) }

// localMidnight returns the first instant of the local day y-m-d in loc
// (time.Date normalises an out-of-range day or month). Where a
// daylight-saving change skips midnight, time.Date returns an instant of
// the day before; the day then starts at the change, when that instant's
// zone period ends.
func localMidnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	wy, wm, wd := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Date()
	if ty, tm, td := t.Date(); ty != wy || tm != wm || td != wd {
		if _, end := t.ZoneBounds(); !end.IsZero() {
			return end
		}
	}
	return t
}
