package incentive_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/incentive"
)

func date(y int, m time.Month, d int) incentive.Date {
	return incentive.Date{Year: y, Month: m, Day: d}
}

func TestCalendarBusinessDays(t *testing.T) {
	c := cn2024()
	tests := []struct {
		name string
		d    incentive.Date
		want bool
	}{
		{"ordinary Monday", date(2024, 9, 23), true},
		{"ordinary Saturday", date(2024, 9, 21), false},
		{"make-up Sunday 29 Sep", date(2024, 9, 29), true},
		{"National Day Tuesday", date(2024, 10, 1), false},
		{"holiday on a weekend", date(2024, 10, 5), false},
		{"make-up Saturday 12 Oct", date(2024, 10, 12), true},
		{"Sunday after", date(2024, 10, 13), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, c.IsBusinessDay(tt.d))
		})
	}
	assert.Equal(t, date(2024, 9, 29), must(t)(c.AddBusinessDays(date(2024, 9, 27), 1)))
	assert.Equal(t, date(2024, 10, 8), must(t)(c.AddBusinessDays(date(2024, 9, 27), 3)))
	assert.Equal(t, date(2024, 10, 16), must(t)(c.AddBusinessDays(date(2024, 9, 27), 10)))
	assert.Equal(t, date(2024, 9, 27), must(t)(c.AddBusinessDays(date(2024, 9, 27), 0)))
	// Spring Festival: from Friday 9 Feb, the next working day is Sunday 18 Feb.
	assert.Equal(t, date(2024, 2, 18), must(t)(c.AddBusinessDays(date(2024, 2, 9), 1)))
}

func TestDate(t *testing.T) {
	d := date(2024, 2, 28)
	assert.Equal(t, "2024-02-28", d.String())
	assert.Equal(t, date(2024, 3, 1), d.AddDays(2))
	assert.Equal(t, date(2023, 12, 31), date(2024, 1, 1).AddDays(-1))
	assert.Equal(t, date(2024, 3, 9), incentive.DateOf(time.Date(2024, 3, 9, 15, 59, 59, 0, time.UTC), time.UTC))
	assert.Equal(t, date(2024, 3, 10), incentive.DateOf(time.Date(2024, 3, 9, 16, 0, 0, 0, time.UTC), cst(t)))
	assert.True(t, time.Date(2024, 3, 10, 0, 0, 0, 0, cst(t)).Equal(date(2024, 3, 10).Start(cst(t))))
}

func TestCalendarEqual(t *testing.T) {
	a := cn2024()
	b := cn2024()
	b.Holidays[0], b.Holidays[1] = b.Holidays[1], b.Holidays[0] // order does not matter
	assert.True(t, a.Equal(b))
	b.Workdays = b.Workdays[1:]
	assert.False(t, a.Equal(b))
	assert.False(t, a.Equal(incentive.Calendar{ID: "other"}))
}

// naiveAdd counts business days one day at a time with IsBusinessDay.
func naiveAdd(c incentive.Calendar, d incentive.Date, n int) incentive.Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// TestCalendarProperties checks AddBusinessDays against a day-by-day count
// and that its result is always a business day, over random calendars.
func TestCalendarProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 618))
	n := incentive.LongCases(2000, 100000)
	base := date(2024, 1, 1)
	for range n {
		var c incentive.Calendar
		c.ID = "random"
		used := map[incentive.Date]bool{}
		for range r.IntN(40) {
			d := base.AddDays(r.IntN(400))
			if used[d] {
				continue
			}
			used[d] = true
			if wd := d.Start(time.UTC).Weekday(); (wd == time.Saturday || wd == time.Sunday) && r.IntN(2) == 0 {
				c.Workdays = append(c.Workdays, d)
			} else {
				c.Holidays = append(c.Holidays, d)
			}
		}
		start := base.AddDays(r.IntN(380))
		k := 1 + r.IntN(40)
		got, err := c.AddBusinessDays(start, k)
		require.NoError(t, err)
		require.Equal(t, naiveAdd(c, start, k), got)
		require.True(t, c.IsBusinessDay(got))
	}
}
