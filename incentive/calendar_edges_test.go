package incentive_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// must returns a function that unwraps a (Date, error) result, failing t
// on the error.
func must(t *testing.T) func(incentive.Date, error) incentive.Date {
	return func(d incentive.Date, err error) incentive.Date {
		t.Helper()
		require.NoError(t, err)
		return d
	}
}

// TestAddBusinessDaysBounds: n is bounded, so a huge n is an error at
// once instead of a loop for ages; so are a negative n, a date that does
// not exist and a result after the year 9999.
func TestAddBusinessDaysBounds(t *testing.T) {
	c := cn2024()
	from := date(2024, 9, 27)
	tests := []struct {
		name  string
		d     incentive.Date
		n     int
		field string
	}{
		{"huge n", from, 1 << 62, "business days: n"},
		{"one past the bound", from, 3661, "business days: n"},
		{"negative n", from, -1, "business days: n"},
		{"no such date", date(2024, 2, 30), 1, "business days: from"},
		{"zero date", incentive.Date{}, 1, "business days: from"},
		{"after 9999", date(9999, 12, 31), 1, "business days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := c.AddBusinessDays(tt.d, tt.n)
			require.Less(t, time.Since(start), time.Second)
			var fe *commerce.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
		})
	}
	// The bound itself is accepted: 3660 business days is about 14 years.
	got, err := c.AddBusinessDays(from, 3660)
	require.NoError(t, err)
	assert.True(t, c.IsBusinessDay(got))
	assert.Equal(t, from, must(t)(c.AddBusinessDays(from, 0)))
}

// TestNewCalendar: NewCalendar validates, copies its input and indexes
// it; its business days agree with the literal calendar's; editing its
// dates afterwards is noticed (the index is not used for dates it was not
// built from).
func TestNewCalendar(t *testing.T) {
	lit := cn2024()
	holidays, workdays := append([]incentive.Date(nil), lit.Holidays...), append([]incentive.Date(nil), lit.Workdays...)
	c, err := incentive.NewCalendar(lit.ID, lit.Source, holidays, workdays)
	require.NoError(t, err)
	holidays[0] = date(2024, 3, 4) // the caller's slice is copied
	require.True(t, c.Equal(lit))
	for d := date(2024, 9, 1); d != date(2024, 11, 1); d = d.AddDays(1) {
		require.Equal(t, lit.IsBusinessDay(d), c.IsBusinessDay(d), "%v", d)
		require.Equal(t, must(t)(lit.AddBusinessDays(d, 10)), must(t)(c.AddBusinessDays(d, 10)), "%v", d)
	}
	loc, _ := incentive.Zone("Asia/Shanghai")
	anchor := time.Date(2024, 9, 27, 18, 0, 0, 0, loc)
	w := incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: c}
	_, due, err := w.Bounds(anchor, loc)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 10, 17, 0, 0, 0, 0, loc), due)

	// Edited after construction: the edit counts, and is validated.
	c.Holidays = append(c.Holidays, date(2024, 10, 16))
	w.Calendar = c
	_, due, err = w.Bounds(anchor, loc)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 10, 18, 0, 0, 0, 0, loc), due, "16 October is now a holiday")
	c.Holidays[len(c.Holidays)-1] = date(2024, 10, 1) // a repeat
	w.Calendar = c
	_, _, err = w.Bounds(anchor, loc)
	assert.ErrorIs(t, err, commerce.ErrInvalid)

	// Bad input names the element.
	_, err = incentive.NewCalendar("cn", "", []incentive.Date{date(2024, 10, 1), date(2024, 10, 1)}, nil)
	var fe *commerce.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "calendar.holidays[1]", fe.Field)
	_, err = incentive.NewCalendar("", "", nil, nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = incentive.NewCalendar("cn", "", nil, []incentive.Date{date(2024, 10, 8)})
	assert.ErrorIs(t, err, commerce.ErrInvalid, "a Tuesday is already a workday")
	assert.Panics(t, func() { incentive.MustNewCalendar("", "", nil, nil) })
	assert.NotPanics(t, func() { incentive.MustNewCalendar("cn", "", nil, nil) })
}

// TestWindowBoundsAllocs guards the business-day path of Window.Bounds:
// over a calendar built by NewCalendar it allocates nothing (a literal
// calendar validates and indexes its dates on every call).
func TestWindowBoundsAllocs(t *testing.T) {
	lit := cn2024()
	c := incentive.MustNewCalendar(lit.ID, lit.Source, lit.Holidays, lit.Workdays)
	loc, _ := incentive.Zone("Asia/Shanghai")
	anchor := time.Date(2024, 9, 27, 18, 0, 0, 0, loc)
	w := incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: c}
	var err error
	allocs := testing.AllocsPerRun(1000, func() { _, _, err = w.Bounds(anchor, loc) })
	require.NoError(t, err)
	assert.Zero(t, allocs)

	// The built-in programmes' calendars are read by ParseProgramme, so
	// they are indexed too.
	p, err := incentive.Builtin().Version("tiktok-us-gmv-sprint", "2025-10")
	require.NoError(t, err)
	payout := p.Rules[0].Payout
	at := p.Rules[0].Window.To
	allocs = testing.AllocsPerRun(1000, func() { _, _, err = payout.Bounds(at, time.UTC) })
	require.NoError(t, err)
	assert.Zero(t, allocs)
}

// TestFeeLedgerApplyPointerEvent: a pointer to an event satisfies
// FeeEvent but is refused, with a message naming its type (not "nil").
func TestFeeLedgerApplyPointerEvent(t *testing.T) {
	plan, err := incentive.CompileFeePlan(incentive.XiaohongshuCommissionFree())
	require.NoError(t, err)
	l, err := incentive.NewFeeLedger(plan, nil)
	require.NoError(t, err)
	for _, e := range []incentive.FeeEvent{&incentive.FeeOrder{ID: "o-1"}, &incentive.FeeRefund{ID: "r-1"}, &incentive.FeePayout{}} {
		_, err := l.Apply(e)
		require.ErrorIs(t, err, commerce.ErrInvalid)
		assert.Contains(t, err.Error(), "*incentive.Fee")
		assert.Contains(t, err.Error(), "not a pointer")
	}
	_, err = l.Apply(nil)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "nil")
}
