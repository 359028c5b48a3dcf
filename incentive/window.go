package incentive

import (
	"fmt"
	"time"
)

// WindowKind is the shape of a [Window].
type WindowKind uint8

// The window kinds. Every kind but Fixed counts from an anchor event (a
// first broadcast, a store's opening, an order) in a location: days start
// at local midnight.
const (
	// NaturalDays is Days natural (calendar) days from the anchor, the
	// anchor's own day counting as day 1: anchored at 2024-03-10 15:00,
	// 30 days is [2024-03-10 00:00, 2024-04-09 00:00) — it contains
	// 2024-04-08 23:59:59.999 and not 2024-04-09 00:00:00.
	NaturalDays WindowKind = iota + 1
	// CalendarMonth is the calendar month of the anchor, [1st 00:00,
	// 1st of the next month 00:00).
	CalendarMonth
	// Fixed is [From, To), whatever the anchor; a zero To has no end.
	Fixed
	// Activation is T+Lag: from midnight Lag days after the anchor's day,
	// with no end (the programme's effective period bounds it). T+1 of an
	// anchor on 2024-03-10 at any hour starts at 2024-03-11 00:00.
	Activation
	// BusinessDays is a payout lag: from the anchor to the end of the
	// Days-th business day of Calendar after the anchor's day (the
	// anchor's day not counted). "Paid within 10 business days" of an
	// anchor on Friday 2024-09-27 in China's 2024 calendar ends at the end
	// of Wednesday 2024-10-16: Sunday 29 September and Saturday 12 October
	// are make-up working days, 1 to 7 October are holidays.
	BusinessDays
	numWindowKinds
)

// windowKindNames are the kinds' JSON names, indexed by kind.
var windowKindNames = [numWindowKinds]string{"", "natural-days", "calendar-month", "fixed", "activation", "business-days"}

// String returns the kind's name: "natural-days", "calendar-month",
// "fixed", "activation" or "business-days".
func (k WindowKind) String() string {
	if k > 0 && k < numWindowKinds {
		return windowKindNames[k]
	}
	return fmt.Sprintf("WindowKind(%d)", uint8(k))
}

// Window is a time window as data: when a rule applies, when an award is
// activated or by when it is paid. Which fields count depends on Kind; the
// others must be zero. The zero Window is no window: a rule without one
// applies throughout its programme's effective period.
type Window struct {
	// Kind is the window's shape.
	Kind WindowKind
	// Days is the length of a NaturalDays window, or the lag of a
	// BusinessDays window, 1 to 3660.
	Days int
	// Lag is the delay of an Activation window in days, 0 to 366 (1 for
	// T+1).
	Lag int
	// From and To bound a Fixed window, [From, To); a zero To is open.
	From, To time.Time
	// Calendar is the working-day calendar of a BusinessDays window.
	Calendar Calendar
}

// maxWindowDays bounds a window's length: ten years of days.
const maxWindowDays = 3660

// Bounds returns the window [from, to) for an anchor event at anchor, with
// days in loc. A zero to means the window has no end. It fails with a
// *[commerce.FieldError] for a nil loc, the zero Window, or a window that
// does not validate. A business-day window over a calendar built by
// [NewCalendar] (or read by [ParseProgramme]) uses the calendar's index
// and costs no allocation.
func (w Window) Bounds(anchor time.Time, loc *time.Location) (from, to time.Time, err error) {
	if loc == nil {
		return time.Time{}, time.Time{}, fieldErr("window: location", "nil")
	}
	if pe := w.validate("window"); pe != nil {
		return time.Time{}, time.Time{}, fieldErr("window", "%s", pe.Reason)
	}
	if w.Kind == Fixed {
		return w.From, w.To, nil
	}
	day := DateOf(anchor, loc)
	switch w.Kind {
	case NaturalDays:
		from, to := naturalDays(anchor, w.Days, loc)
		return from, to, nil
	case CalendarMonth:
		first := Date{day.Year, day.Month, 1}
		return first.Start(loc), time.Date(day.Year, day.Month+1, 1, 0, 0, 0, 0, loc), nil
	case Activation:
		return day.AddDays(w.Lag).Start(loc), time.Time{}, nil
	}
	// BusinessDays: at most maxWindowDays business days, checked by
	// validate, from a day of a time.Time; the index is the calendar's own
	// when NewCalendar built it.
	due := dateFromNumber(w.Calendar.indexed().addBusinessDays(day.dayNumber(), w.Days))
	return anchor, due.AddDays(1).Start(loc), nil
}

// naturalDays is the window of days natural days from anchor, the
// anchor's own day counting as day 1, days starting at midnight in loc:
// [00:00 of the anchor's day, 00:00 days later). Rule windows
// ([NaturalDays]) and fee windows ([DaysFromOpening],
// [DaysFromFirstSale]) share it.
func naturalDays(anchor time.Time, days int, loc *time.Location) (from, to time.Time) {
	loc = orUTC(loc)
	y, m, d := anchor.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+days, 0, 0, 0, 0, loc)
}

// Contains reports whether t falls in the window anchored at anchor, with
// days in loc: from ≤ t < to. It is false when [Window.Bounds] fails.
func (w Window) Contains(t, anchor time.Time, loc *time.Location) bool {
	from, to, err := w.Bounds(anchor, loc)
	if err != nil {
		return false
	}
	return !t.Before(from) && (to.IsZero() || t.Before(to))
}

// IsZero reports whether w is the zero Window.
func (w Window) IsZero() bool {
	return w.Kind == 0 && w.Days == 0 && w.Lag == 0 && w.From.IsZero() && w.To.IsZero() &&
		w.Calendar.ID == "" && len(w.Calendar.Holidays) == 0 && len(w.Calendar.Workdays) == 0 && w.Calendar.Source == ""
}

// validate checks w, path naming it.
func (w Window) validate(path string) *ProgrammeError {
	calendarSet := w.Calendar.ID != "" || len(w.Calendar.Holidays) > 0 || len(w.Calendar.Workdays) > 0 || w.Calendar.Source != ""
	unused := func(set bool, field string) *ProgrammeError {
		if set {
			return progErr(CodeMalformed, path+"."+field, "%s is not used by a %v window", field, w.Kind)
		}
		return nil
	}
	var pe *ProgrammeError
	switch w.Kind {
	case NaturalDays:
		pe = firstErr(checkDays(path, w.Days), unused(w.Lag != 0, "lag"), unused(!w.From.IsZero() || !w.To.IsZero(), "from"),
			unused(calendarSet, "calendar"))
	case CalendarMonth:
		pe = firstErr(unused(w.Days != 0, "days"), unused(w.Lag != 0, "lag"), unused(!w.From.IsZero() || !w.To.IsZero(), "from"),
			unused(calendarSet, "calendar"))
	case Fixed:
		pe = firstErr(unused(w.Days != 0, "days"), unused(w.Lag != 0, "lag"), unused(calendarSet, "calendar"))
		switch {
		case pe != nil:
		case w.From.IsZero():
			pe = progErr(CodeMissing, path+".from", "a fixed window needs a start")
		case !w.To.IsZero() && !w.From.Before(w.To):
			pe = progErr(CodeBadWindow, path, "[%s, %s) is empty", w.From.Format(time.RFC3339Nano), w.To.Format(time.RFC3339Nano))
		}
	case Activation:
		pe = firstErr(unused(w.Days != 0, "days"), unused(!w.From.IsZero() || !w.To.IsZero(), "from"), unused(calendarSet, "calendar"))
		if pe == nil && (w.Lag < 0 || w.Lag > 366) {
			pe = progErr(CodeBadWindow, path+".lag", "lag %d outside 0 to 366 days", w.Lag)
		}
	case BusinessDays:
		pe = firstErr(checkDays(path, w.Days), unused(w.Lag != 0, "lag"), unused(!w.From.IsZero() || !w.To.IsZero(), "from"))
		if pe == nil && !w.Calendar.checked() {
			pe = w.Calendar.validate(path + ".calendar")
		}
	default:
		pe = progErr(CodeMalformed, path+".kind", "unknown window kind %v", w.Kind)
	}
	return pe
}

func checkDays(path string, days int) *ProgrammeError {
	if days < 1 || days > maxWindowDays {
		return progErr(CodeBadWindow, path+".days", "%d days outside 1 to %d", days, maxWindowDays)
	}
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...*ProgrammeError) *ProgrammeError {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
