package incentive_test

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// benchCalendarDates are China's 2024 calendar: the 2024 holidays and make-up
// working days of the State Council's notice (国办发明电〔2023〕7号).
func benchCalendarDates() (holidays, workdays []incentive.Date) {
	d := func(m time.Month, day int) incentive.Date { return incentive.Date{Year: 2024, Month: m, Day: day} }
	for _, r := range []struct {
		m        time.Month
		from, to int
	}{{1, 1, 1}, {2, 10, 17}, {4, 4, 6}, {5, 1, 5}, {6, 10, 10}, {9, 15, 17}, {10, 1, 7}} {
		for day := r.from; day <= r.to; day++ {
			holidays = append(holidays, d(r.m, day))
		}
	}
	workdays = []incentive.Date{d(2, 4), d(2, 18), d(4, 7), d(4, 28), d(5, 11), d(9, 14), d(9, 29), d(10, 12)}
	return holidays, workdays
}

// BenchmarkWindowBoundsBusinessDays measures Window.Bounds of a
// 10-business-day payout lag over China's 2024 calendar, anchored on
// 2024-09-27 (across the National Day holidays).
func BenchmarkWindowBoundsBusinessDays(b *testing.B) {
	holidays, workdays := benchCalendarDates()
	cal := incentive.Calendar{ID: "cn-2024", Holidays: holidays, Workdays: workdays}
	run := func(b *testing.B, cal incentive.Calendar) {
		w := incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: cal}
		loc, _ := incentive.Zone("Asia/Shanghai")
		anchor := time.Date(2024, 9, 27, 18, 0, 0, 0, loc)
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := w.Bounds(anchor, loc); err != nil {
				b.Fatal(err)
			}
		}
	}
	// A literal calendar validates and indexes its dates on every call
	// (as every calendar did before NewCalendar); NewCalendar's, once.
	b.Run("literal", func(b *testing.B) { run(b, cal) })
	b.Run("new-calendar", func(b *testing.B) { run(b, incentive.MustNewCalendar("cn-2024", "", holidays, workdays)) })
}
