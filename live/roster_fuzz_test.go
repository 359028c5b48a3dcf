package live

import (
	"errors"
	"testing"
	"time"
)

// FuzzPlanRoster: whatever the spec, PlanRoster does not panic, and returns
// a field error, a certificate, or a roster that VerifyRoster accepts. The
// year runs from 1 to 10000 (10000 is refused), far outside the range of
// Unix nanoseconds.
func FuzzPlanRoster(f *testing.F) {
	f.Add(uint8(3), uint8(7), uint8(18), uint8(8), uint8(40), uint8(1), uint8(3), uint8(11), uint8(0), uint8(0), uint8(1), uint8(0), uint16(2024), uint8(0), uint8(0))
	f.Add(uint8(2), uint8(20), uint8(8), uint8(6), uint8(30), uint8(0), uint8(2), uint8(13), uint8(4), uint8(3), uint8(3), uint8(7), uint16(2300), uint8(2), uint8(30))
	f.Add(uint8(3), uint8(7), uint8(18), uint8(8), uint8(40), uint8(1), uint8(3), uint8(11), uint8(0), uint8(0), uint8(1), uint8(0), uint16(1600), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, hosts, opens, length, daily, weekly, rest, otDay, minRest, onAir, consec, flags, off uint8, year uint16, otWeek, maxWeekly uint8) {
		spec := RosterSpec{
			Location: time.FixedZone("CST", 8*3600), First: time.Date(1+int(year)%10000, 6, 17, 0, 0, 0, 0, time.UTC),
			Weeks: 1 + int(flags>>4)%2, Opens: time.Duration(opens%25) * time.Hour, Length: time.Duration(length%26) * time.Hour,
			Labour: Labour{DailyStandard: time.Duration(daily%26) * time.Hour, WeeklyStandard: time.Duration(weekly) * time.Hour,
				RestDays: int(rest % 8), OvertimePerDay: time.Duration(otDay%6) * time.Hour, OvertimePerMonth: time.Duration(flags>>2) * time.Hour,
				OvertimePerWeek: time.Duration(otWeek%12) * time.Hour},
			Overtime: flags&1 == 1, Cyclic: flags&2 == 2,
			MinRest: time.Duration(minRest%40) * time.Hour, MaxOnAir: time.Duration(onAir%10) * time.Hour,
			MaxConsecutiveDays: int(consec % 8),
		}
		for i := range int(hosts % 7) {
			h := RosterHost{ID: string(rune('a' + i))}
			if i == 0 {
				h.MaxWeekly = time.Duration(maxWeekly%60) * time.Hour
			}
			if off>>i&1 == 1 {
				h.Off = []time.Time{spec.First.AddDate(0, 0, i)}
			}
			spec.Hosts = append(spec.Hosts, h)
		}
		r, err := planRoster(spec, 5_000)
		var cert *Infeasible
		switch {
		case err == nil:
			if err := VerifyRoster(spec, r); err != nil {
				t.Fatalf("%+v: %v", spec, err)
			}
		case errors.As(err, &cert):
		case spec.Validate() == nil:
			t.Fatalf("valid spec, neither roster nor certificate: %v", err)
		}
	})
}
