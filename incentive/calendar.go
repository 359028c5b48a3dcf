package incentive

import (
	"fmt"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Date is a civil date, a day of a calendar with no time and no zone:
// 2024-10-01 is Date{2024, time.October, 1}. The zero value is not a valid
// date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in loc: the day on a wall calendar there.
// A nil loc is UTC (unlike [time.Time.In], which panics on nil).
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(orUTC(loc)).Date()
	return Date{y, m, d}
}

// parseDate reads "YYYY-MM-DD".
func parseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t, time.UTC), nil
}

// String formats the date as "2024-10-01".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// valid reports whether d names a real day (2024-02-30 does not) within
// the years 1 to 9999.
func (d Date) valid() bool {
	if d.Year < 1 || d.Year > 9999 {
		return false
	}
	y, m, dd := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Date()
	return y == d.Year && m == d.Month && dd == d.Day
}

// dayNumber returns the count of days from 1970-01-01 to d.
func (d Date) dayNumber() int64 {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dateFromNumber is the inverse of [Date.dayNumber].
func dateFromNumber(n int64) Date { return DateOf(time.Unix(n*86400, 0), time.UTC) }

// Start returns the first instant of d in loc (midnight). A nil loc is
// UTC (unlike [time.Date], which panics on nil).
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, orUTC(loc))
}

// orUTC returns loc, or UTC for nil, so that the exported helpers taking a
// location without returning an error do not panic on nil.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// AddDays returns the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC)
	return DateOf(t, time.UTC)
}

// Calendar is a working-day calendar as data: Monday to Friday are working
// days, Saturday and Sunday are not, then Holidays are taken out and
// Workdays (make-up working days, such as China's 调休 weekends) put in.
// A programme's payout lags count its business days ([BusinessDays]).
//
// A date may not be both a holiday and a workday, nor appear twice; a
// workday must fall on a weekend (a weekday is already one). A holiday on
// a weekend is allowed, so that official notices ("1 to 7 October off")
// can be copied as they are.
//
// [NewCalendar] (and [ParseProgramme], for the calendars it reads)
// validates the dates once and builds their look-up index, so that
// [Window.Bounds] of a business-day window neither validates nor sorts
// them again. A Calendar written as a literal works the same, but pays
// for both on every call. The index is used only while Holidays and
// Workdays still hold the dates it was built from: editing them after
// construction is safe, merely slower.
type Calendar struct {
	// ID names the calendar within its programme, such as "cn-2024".
	ID string
	// Source says where the dates come from.
	Source string
	// Holidays are days off that would otherwise be working days.
	Holidays []Date
	// Workdays are weekend days that are working days.
	Workdays []Date
	// index is the validated look-up index of NewCalendar, or nil.
	index *calendarIndex
}

// NewCalendar returns the calendar of the holidays and make-up working
// days (copied), validated and indexed for look-up. Bad input is a
// *[commerce.FieldError] naming the calendar and the element at fault:
// an ID that is not an identifier, a date that does not exist (or is
// outside the years 1 to 9999), a date listed twice or as both a holiday
// and a workday, or a workday that is not on a weekend.
func NewCalendar(id, source string, holidays, workdays []Date) (Calendar, error) {
	c := Calendar{ID: id, Source: source, Holidays: slices.Clone(holidays), Workdays: slices.Clone(workdays)}
	if pe := c.validate("calendar"); pe != nil {
		return Calendar{}, fieldErr(pe.Path, "%s", pe.Reason)
	}
	c.index = c.buildIndex()
	return c, nil
}

// MustNewCalendar is like [NewCalendar] but panics on error. It is for
// constants and tests.
func MustNewCalendar(id, source string, holidays, workdays []Date) Calendar {
	c, err := NewCalendar(id, source, holidays, workdays)
	if err != nil {
		panic(err)
	}
	return c
}

// maxBusinessDays bounds the n of [Calendar.AddBusinessDays]: ten years
// of days, the longest window a programme may declare.
const maxBusinessDays = maxWindowDays

// IsBusinessDay reports whether d is a working day of c.
func (c Calendar) IsBusinessDay(d Date) bool {
	if slices.Contains(c.Workdays, d) {
		return true
	}
	if slices.Contains(c.Holidays, d) {
		return false
	}
	return !isWeekend(d)
}

// AddBusinessDays returns the n-th business day of c after d, d itself not
// counted: with n = 1 the next business day, with n = 0 d itself. It
// fails with a *[commerce.FieldError], computing nothing, for a d that is
// not a date of the years 1 to 9999, an n below 0 or above 3660 (ten
// years of days, the longest window a programme declares), and a result
// after the year 9999; so it always ends quickly.
func (c Calendar) AddBusinessDays(d Date, n int) (Date, error) {
	switch {
	case !d.valid():
		return Date{}, fieldErr("business days: from", "%v is not a date of the years 1 to 9999", d)
	case n < 0 || n > maxBusinessDays:
		return Date{}, fieldErr("business days: n", "%d outside 0 to %d", n, maxBusinessDays)
	}
	out := dateFromNumber(c.indexed().addBusinessDays(d.dayNumber(), n))
	if !out.valid() {
		return Date{}, fieldErr("business days", "%d business days after %v is after the year 9999", n, d)
	}
	return out, nil
}

// Equal reports whether c and o are the same calendar: the same ID, source
// and the same sets of dates.
func (c Calendar) Equal(o Calendar) bool {
	if c.ID != o.ID || c.Source != o.Source {
		return false
	}
	a, b := c.compile(), o.compile()
	return slices.Equal(a.holidays, b.holidays) && slices.Equal(a.workdays, b.workdays)
}

func isWeekend(d Date) bool {
	wd := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// validate checks c, with path naming it in errors. The dates of a
// calendar with a fresh index were validated when it was built.
func (c Calendar) validate(path string) *ProgrammeError {
	if c.checked() {
		return nil
	}
	if err := checkID(path+".id", c.ID); err != nil {
		return progErr(CodeMissing, path+".id", "calendar ID: %v", err)
	}
	seen := make(map[Date]string, len(c.Holidays)+len(c.Workdays))
	for i, d := range c.Holidays {
		p := fmt.Sprintf("%s.holidays[%d]", path, i)
		if !d.valid() {
			return progErr(CodeMalformed, p, "%v is not a date", d)
		}
		if prev, dup := seen[d]; dup {
			return progErr(CodeDuplicate, p, "%v is already %s", d, prev)
		}
		seen[d] = "a holiday"
	}
	for i, d := range c.Workdays {
		p := fmt.Sprintf("%s.workdays[%d]", path, i)
		switch prev, dup := seen[d]; {
		case !d.valid():
			return progErr(CodeMalformed, p, "%v is not a date", d)
		case dup:
			return progErr(CodeDuplicate, p, "%v is already %s", d, prev)
		case !isWeekend(d):
			return progErr(CodeMalformed, p, "make-up working day %v is a %v, already a working day", d, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday())
		}
		seen[d] = "a workday"
	}
	return nil
}

// calendarIndex is a Calendar compiled for look-up: sorted day numbers.
// An index built by NewCalendar also keeps the dates it was built from,
// so that a calendar whose dates were edited since is noticed.
type calendarIndex struct {
	holidays, workdays []int64
	from               [2][]Date // the Holidays and Workdays indexed
}

// buildIndex returns the index of c's dates, remembering them.
func (c Calendar) buildIndex() *calendarIndex {
	k := c.compile()
	k.from = [2][]Date{slices.Clone(c.Holidays), slices.Clone(c.Workdays)}
	return &k
}

// fresh reports whether c carries an index of its current dates.
func (c Calendar) fresh() bool {
	return c.index != nil && slices.Equal(c.index.from[0], c.Holidays) && slices.Equal(c.index.from[1], c.Workdays)
}

// checked reports, without allocating, that c is valid as validate
// would find it: a fresh index (its dates were validated when it was
// built) and an ID that is an identifier.
func (c Calendar) checked() bool { return c.fresh() && ident.Problem(c.ID) == "" }

// indexed returns c's index: the one built at construction while it is
// fresh, else one compiled now.
func (c Calendar) indexed() calendarIndex {
	if c.fresh() {
		return *c.index
	}
	return c.compile()
}

func (c Calendar) compile() calendarIndex {
	k := calendarIndex{holidays: make([]int64, len(c.Holidays)), workdays: make([]int64, len(c.Workdays))}
	for i, d := range c.Holidays {
		k.holidays[i] = d.dayNumber()
	}
	for i, d := range c.Workdays {
		k.workdays[i] = d.dayNumber()
	}
	slices.Sort(k.holidays)
	k.holidays = slices.Compact(k.holidays)
	slices.Sort(k.workdays)
	k.workdays = slices.Compact(k.workdays)
	return k
}

// isBusinessDay reports whether day number n is a working day.
func (k calendarIndex) isBusinessDay(n int64) bool {
	if _, ok := slices.BinarySearch(k.workdays, n); ok {
		return true
	}
	if _, ok := slices.BinarySearch(k.holidays, n); ok {
		return false
	}
	// 1970-01-01 (day 0) was a Thursday: day n is a Saturday when
	// (n+4) mod 7 = 6 and a Sunday when it is 0.
	wd := ((n+4)%7 + 7) % 7
	return wd != 0 && wd != 6
}

// addBusinessDays returns the n-th business day after day number d.
func (k calendarIndex) addBusinessDays(d int64, n int) int64 {
	for n > 0 {
		d++
		if k.isBusinessDay(d) {
			n--
		}
	}
	return d
}
