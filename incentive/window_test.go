package incentive_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// cst is the compiled-in Asia/Shanghai zone, UTC+8.
func cst(t testing.TB) *time.Location {
	t.Helper()
	loc, err := incentive.Zone("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

// cn2024 is China's 2024 working calendar, from the State Council General
// Office notice on the 2024 holidays (国务院办公厅关于2024年部分节假日安排的通知):
// New Year 1 Jan; Spring Festival 10–17 Feb, work 4 and 18 Feb; Qingming
// 4–6 Apr, work 7 Apr; Labour Day 1–5 May, work 28 Apr and 11 May; Dragon
// Boat 8–10 Jun; Mid-Autumn 15–17 Sep, work 14 Sep; National Day 1–7 Oct,
// work 29 Sep and 12 Oct.
func cn2024() incentive.Calendar {
	d := func(m time.Month, day int) incentive.Date { return incentive.Date{Year: 2024, Month: m, Day: day} }
	c := incentive.Calendar{ID: "cn-2024", Source: "国务院办公厅关于2024年部分节假日安排的通知"}
	c.Holidays = append(c.Holidays, d(time.January, 1))
	for day := 10; day <= 17; day++ {
		c.Holidays = append(c.Holidays, d(time.February, day))
	}
	c.Holidays = append(c.Holidays, d(time.April, 4), d(time.April, 5), d(time.April, 6))
	for day := 1; day <= 5; day++ {
		c.Holidays = append(c.Holidays, d(time.May, day))
	}
	c.Holidays = append(c.Holidays, d(time.June, 8), d(time.June, 9), d(time.June, 10))
	c.Holidays = append(c.Holidays, d(time.September, 15), d(time.September, 16), d(time.September, 17))
	for day := 1; day <= 7; day++ {
		c.Holidays = append(c.Holidays, d(time.October, day))
	}
	c.Workdays = []incentive.Date{d(time.February, 4), d(time.February, 18), d(time.April, 7), d(time.April, 28),
		d(time.May, 11), d(time.September, 14), d(time.September, 29), d(time.October, 12)}
	return c
}

func TestWindowBounds(t *testing.T) {
	loc := cst(t)
	at := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, loc)
	}
	anchor := at(2024, 3, 10, 15, 0, 0, 0)
	tests := []struct {
		name     string
		w        incentive.Window
		anchor   time.Time
		from, to time.Time
	}{
		// The anchor's day is day 1: 30 days from 10 March end at the
		// start of 9 April.
		{"natural days", incentive.Window{Kind: incentive.NaturalDays, Days: 30}, anchor, at(2024, 3, 10, 0, 0, 0, 0), at(2024, 4, 9, 0, 0, 0, 0)},
		{"one natural day", incentive.Window{Kind: incentive.NaturalDays, Days: 1}, at(2024, 3, 10, 23, 59, 59, 999e6), at(2024, 3, 10, 0, 0, 0, 0), at(2024, 3, 11, 0, 0, 0, 0)},
		{"natural days over a leap day", incentive.Window{Kind: incentive.NaturalDays, Days: 2}, at(2024, 2, 28, 0, 0, 0, 0), at(2024, 2, 28, 0, 0, 0, 0), at(2024, 3, 1, 0, 0, 0, 0)},
		// An anchor given in UTC counts days in the location: 2024-03-09
		// 16:00 UTC is 10 March 00:00 in Shanghai.
		{"anchor in another zone", incentive.Window{Kind: incentive.NaturalDays, Days: 1}, time.Date(2024, 3, 9, 16, 0, 0, 0, time.UTC), at(2024, 3, 10, 0, 0, 0, 0), at(2024, 3, 11, 0, 0, 0, 0)},
		{"calendar month", incentive.Window{Kind: incentive.CalendarMonth}, anchor, at(2024, 3, 1, 0, 0, 0, 0), at(2024, 4, 1, 0, 0, 0, 0)},
		{"calendar month December", incentive.Window{Kind: incentive.CalendarMonth}, at(2024, 12, 31, 23, 59, 59, 999e6), at(2024, 12, 1, 0, 0, 0, 0), at(2025, 1, 1, 0, 0, 0, 0)},
		{"fixed", incentive.Window{Kind: incentive.Fixed, From: at(2024, 6, 1, 0, 0, 0, 0), To: at(2024, 6, 19, 0, 0, 0, 0)}, anchor, at(2024, 6, 1, 0, 0, 0, 0), at(2024, 6, 19, 0, 0, 0, 0)},
		{"open fixed", incentive.Window{Kind: incentive.Fixed, From: at(2024, 6, 1, 0, 0, 0, 0)}, anchor, at(2024, 6, 1, 0, 0, 0, 0), time.Time{}},
		{"T+1", incentive.Window{Kind: incentive.Activation, Lag: 1}, anchor, at(2024, 3, 11, 0, 0, 0, 0), time.Time{}},
		{"T+0", incentive.Window{Kind: incentive.Activation}, anchor, at(2024, 3, 10, 0, 0, 0, 0), time.Time{}},
		// Friday 27 September 2024, 10 business days: Sun 29 Sep (make-up),
		// Mon 30 Sep, 1–7 Oct off, 8, 9, 10, 11 Oct, Sat 12 Oct (make-up),
		// 14, 15, 16 Oct: due by the end of 16 October.
		{"business days across National Day", incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: cn2024()},
			at(2024, 9, 27, 18, 0, 0, 0), at(2024, 9, 27, 18, 0, 0, 0), at(2024, 10, 17, 0, 0, 0, 0)},
		// Without the calendar: 30 Sep, 1–4 Oct, 7–11 Oct.
		{"business days, weekends only", incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "weekdays"}},
			at(2024, 9, 27, 18, 0, 0, 0), at(2024, 9, 27, 18, 0, 0, 0), at(2024, 10, 12, 0, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, err := tt.w.Bounds(tt.anchor, loc)
			require.NoError(t, err)
			assert.True(t, tt.from.Equal(from), "from %v, want %v", from, tt.from)
			assert.True(t, tt.to.Equal(to), "to %v, want %v", to, tt.to)
		})
	}
}

func TestWindowContainsEdges(t *testing.T) {
	loc := cst(t)
	at := func(m time.Month, d, h, min, s, ns int) time.Time { return time.Date(2024, m, d, h, min, s, ns, loc) }
	anchor := at(3, 10, 15, 0, 0, 0)
	thirty := incentive.Window{Kind: incentive.NaturalDays, Days: 30}
	tplus1 := incentive.Window{Kind: incentive.Activation, Lag: 1}
	month := incentive.Window{Kind: incentive.CalendarMonth}
	tests := []struct {
		name string
		w    incentive.Window
		t    time.Time
		want bool
	}{
		{"first instant of day 1", thirty, at(3, 10, 0, 0, 0, 0), true},
		{"before day 1", thirty, at(3, 9, 23, 59, 59, 999e6), false},
		{"last instant of day 30", thirty, at(4, 8, 23, 59, 59, 999e6), true},
		{"day 31", thirty, at(4, 9, 0, 0, 0, 0), false},
		{"T+1 the same day", tplus1, at(3, 10, 23, 59, 59, 999e6), false},
		{"T+1 the next midnight", tplus1, at(3, 11, 0, 0, 0, 0), true},
		{"T+1 a year later", tplus1, at(12, 31, 0, 0, 0, 0), true},
		{"month's last instant", month, at(3, 31, 23, 59, 59, 999e6), true},
		{"next month", month, at(4, 1, 0, 0, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.w.Contains(tt.t, anchor, loc))
		})
	}
}

func TestWindowBoundsErrors(t *testing.T) {
	loc := cst(t)
	now := time.Date(2024, 3, 10, 0, 0, 0, 0, loc)
	tests := []struct {
		name string
		w    incentive.Window
		loc  *time.Location
	}{
		{"nil location", incentive.Window{Kind: incentive.NaturalDays, Days: 1}, nil},
		{"zero window", incentive.Window{}, loc},
		{"zero days", incentive.Window{Kind: incentive.NaturalDays}, loc},
		{"empty fixed", incentive.Window{Kind: incentive.Fixed, From: now, To: now}, loc},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.w.Bounds(now, tt.loc)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.False(t, tt.w.Contains(now, now, tt.loc))
		})
	}
}

func TestWindowKindString(t *testing.T) {
	assert.Equal(t, "natural-days", incentive.NaturalDays.String())
	assert.Equal(t, "business-days", incentive.BusinessDays.String())
	assert.Equal(t, "WindowKind(9)", incentive.WindowKind(9).String())
	assert.True(t, incentive.Window{}.IsZero())
	assert.False(t, incentive.Window{Calendar: incentive.Calendar{ID: "x"}}.IsZero())
}

func TestZone(t *testing.T) {
	loc, err := incentive.Zone("UTC")
	require.NoError(t, err)
	assert.Equal(t, time.UTC, loc)
	loc = cst(t)
	_, off := time.Date(2024, 7, 1, 0, 0, 0, 0, loc).Zone()
	assert.Equal(t, 8*3600, off)
	_, err = incentive.Zone("Europe/London")
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

// TestWindowProperties checks, over random anchors and lengths, that a
// NaturalDays window starts at a local midnight at or before its anchor,
// holds exactly Days midnights, and that CalendarMonth contains its anchor.
func TestWindowProperties(t *testing.T) {
	loc := cst(t)
	r := rand.New(rand.NewPCG(7, 2024))
	n := incentive.LongCases(5000, 200000)
	for range n {
		anchor := time.Unix(r.Int64N(4102444800), r.Int64N(1e9)) // 1970 to 2100
		days := 1 + r.IntN(400)
		from, to, err := incentive.Window{Kind: incentive.NaturalDays, Days: days}.Bounds(anchor, loc)
		require.NoError(t, err)
		lf := from.In(loc)
		require.Zero(t, lf.Hour()*3600+lf.Minute()*60+lf.Second()+lf.Nanosecond(), "not midnight: %v", lf)
		require.False(t, anchor.Before(from))
		require.True(t, anchor.Before(from.Add(24*time.Hour)))
		require.Equal(t, time.Duration(days)*24*time.Hour, to.Sub(from)) // UTC+8 has no daylight saving
		require.True(t, incentive.Window{Kind: incentive.CalendarMonth}.Contains(anchor, anchor, loc))
	}
}

func TestWindowBoundsErrorNamesField(t *testing.T) {
	_, _, err := incentive.Window{Kind: incentive.NaturalDays, Days: 0}.Bounds(time.Time{}, time.UTC)
	var fe *commerce.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "window", fe.Field)
	assert.Contains(t, fe.Reason, "0 days outside 1 to 3660")
}
