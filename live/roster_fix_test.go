package live_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// TestPlanRosterFarDates: the planner keeps instants as offsets from the
// first opening, so a horizon outside 1678–2262 (where Unix nanoseconds
// overflow) plans like any other; a First left zero is refused.
func TestPlanRosterFarDates(t *testing.T) {
	for _, y := range []int{1, 1600, 1677, 2263, 2300, 9999} {
		t.Run(fmt.Sprint(y), func(t *testing.T) {
			spec := cupWithOvertime()
			spec.First = time.Date(y, 6, 17, 0, 0, 0, 0, time.UTC)
			spec.Cyclic = true // the wrap to the next cycle is an offset too
			r, err := live.PlanRoster(spec)
			require.NoError(t, err)
			require.NoError(t, live.VerifyRoster(spec, r))
			first, last := r.Shifts[0], r.Shifts[len(r.Shifts)-1]
			assert.Equal(t, fmt.Sprintf("%04d-06-17 07:00", y), first.Start.Format("2006-01-02 15:04"))
			assert.Equal(t, fmt.Sprintf("%04d-06-24 01:00", y), last.End.Format("2006-01-02 15:04"))
			var total time.Duration
			for _, h := range r.Totals {
				total += h.Hours
			}
			assert.Equal(t, 126*time.Hour, total)
		})
	}
	for _, tt := range []struct {
		name  string
		first time.Time
		want  string
	}{
		{"zero", time.Time{}, "roster: first: not set"},
		{"year 10000", time.Date(10000, 1, 3, 0, 0, 0, 0, time.UTC), "roster: first: want a year from 1 to 9999, got 10000"},
		{"year 0", time.Date(0, 6, 17, 0, 0, 0, 0, time.UTC), "got 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			spec := cupWithOvertime()
			spec.First = tt.first
			_, err := live.PlanRoster(spec)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Contains(t, err.Error(), tt.want)
			assert.ErrorIs(t, live.VerifyRoster(spec, live.Roster{}), commerce.ErrInvalid)
		})
	}
}

// TestVerifyRosterOverlapOrder: two extra shifts of host-b inside its
// 07:00–16:00 shift of day 0 are both overlaps, whatever the order of the
// roster's shifts (the check compares each shift with the latest end so
// far, not with its neighbour).
func TestVerifyRosterOverlapOrder(t *testing.T) {
	spec := cupWithOvertime()
	cst := spec.Location
	at := func(d, h int) time.Time { return time.Date(2024, 6, 17+d, h, 0, 0, 0, cst) }
	base := layout(t, spec, cupRoster...).Shifts
	require.NoError(t, live.VerifyRoster(spec, live.Roster{Shifts: base}))
	x := live.Shift{Host: "host-b", Day: 0, Start: at(0, 7), End: at(0, 8)}
	y := live.Shift{Host: "host-b", Day: 0, Start: at(0, 10), End: at(0, 11)}
	orders := [][]live.Shift{
		append(append([]live.Shift{}, base...), x, y),
		append([]live.Shift{x, y}, base...),
		append([]live.Shift{y}, append(append([]live.Shift{}, base...), x)...),
	}
	var first string
	for k, shifts := range orders {
		err := live.VerifyRoster(spec, live.Roster{Shifts: shifts})
		var bs live.Breaches
		require.ErrorAs(t, err, &bs)
		var overlaps []live.Breach
		for _, b := range bs {
			if b.Rule == live.RuleOverlap {
				overlaps = append(overlaps, b)
			}
		}
		// Sorted by start, end: 07–08, 07–16, 10–11; the second starts
		// before 08:00 and the third before 16:00.
		assert.Equal(t, []live.Breach{
			{Rule: live.RuleOverlap, Host: "host-b", Day: 0, At: at(0, 7)},
			{Rule: live.RuleOverlap, Host: "host-b", Day: 0, At: at(0, 10)},
		}, overlaps, "order %d", k)
		if k == 0 {
			first = fmt.Sprint(bs)
		}
		assert.Equal(t, first, fmt.Sprint(bs), "order %d", k)
	}
}

// TestPlanRosterDailyOvertime: "overtime at most 3 hours a day" caps a
// day's overtime as Labour defines it, not only its hours. One host alone
// for six 8-hour days meets the 40-hour standard on day 4, so all 8 hours
// of day 5 would be overtime: no roster exists, and the search proves it.
// The verifier reports such a day, and the cup week with overtime still
// plans, each host 42 h with 2 h of overtime.
func TestPlanRosterDailyOvertime(t *testing.T) {
	first := time.Date(2024, 6, 17, 0, 0, 0, 0, time.UTC)
	var off []time.Time
	for d := range 6 {
		off = append(off, first.AddDate(0, 0, d))
	}
	spec := live.RosterSpec{Location: time.FixedZone("CST", 8*3600), First: first, Weeks: 1,
		Opens: 9 * time.Hour, Length: 8 * time.Hour, Labour: live.ChinaStateCouncil(), Overtime: true,
		Hosts: []live.RosterHost{{ID: "host-a"}, {ID: "host-s", Off: off}}} // host-s works Sundays only
	_, err := live.PlanRoster(spec)
	var cert *live.Infeasible
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, live.RuleExhausted, cert.Rule, err.Error())

	r := live.Roster{}
	for d := range 7 {
		host := "host-a"
		if d == 6 {
			host = "host-s"
		}
		open := time.Date(2024, 6, 17+d, 9, 0, 0, 0, spec.Location)
		r.Shifts = append(r.Shifts, live.Shift{Host: host, Day: d, Start: open, End: open.Add(8 * time.Hour)})
	}
	err = live.VerifyRoster(spec, r)
	var bs live.Breaches
	require.ErrorAs(t, err, &bs)
	assert.Equal(t, live.Breaches{{Rule: live.RuleDailyOvertime, Host: "host-a", Day: 5,
		At: time.Date(2024, 6, 22, 9, 0, 0, 0, spec.Location), Got: 8 * time.Hour, Limit: 3 * time.Hour}}, bs)
	assert.Equal(t, `daily overtime: host "host-a" on day 5 at 2024-06-22 09:00: got 8h, limit 3h`, bs[0].String())

	spec = cupWithOvertime()
	plan, err := live.PlanRoster(spec)
	require.NoError(t, err)
	require.NoError(t, live.VerifyRoster(spec, plan))
	for _, h := range plan.Totals {
		assert.Equal(t, 42*time.Hour, h.Hours, h.Host)
		assert.Equal(t, 2*time.Hour, h.Overtime, h.Host)
	}
}

// TestPlanRosterOvertimeFigure: a certificate's Overtime counts the
// standard time MaxWeekly takes away: host-c at 30 h makes 40 + 40 + 30 =
// 110 h of standard time, so 126 needs at least 16 h of overtime, and the
// roster PlanRoster finds with overtime uses at least that.
func TestPlanRosterOvertimeFigure(t *testing.T) {
	spec := livetest.CupWeek()
	spec.Hosts[2].MaxWeekly = 30 * time.Hour
	_, err := live.PlanRoster(spec)
	var cert *live.Infeasible
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, live.RuleWeeklyHours, cert.Rule)
	assert.Equal(t, 110*time.Hour, cert.Available)
	assert.Equal(t, 16*time.Hour, cert.Overtime)
	assert.Contains(t, err.Error(), "16h of overtime needed (week from 2024-06-17, 3 hosts, each at most 40h a week, and MaxWeekly caps host-c at 30h)")

	spec.Overtime = true
	r, err := live.PlanRoster(spec)
	require.NoError(t, err)
	require.NoError(t, live.VerifyRoster(spec, r))
	var ot time.Duration
	for _, h := range r.Totals {
		ot += h.Overtime
	}
	assert.GreaterOrEqual(t, ot, cert.Overtime)
}

// TestPlanRosterLimits: the hosts and the hosts × slots product are
// capped, with a field error naming the limit, before any memory is
// spent.
func TestPlanRosterLimits(t *testing.T) {
	hosts := func(n int) []live.RosterHost {
		hs := make([]live.RosterHost, n)
		for i := range hs {
			hs[i].ID = fmt.Sprintf("h%02d", i)
		}
		return hs
	}
	tests := []struct {
		name string
		edit func(*live.RosterSpec)
		want string // "" for a valid spec
	}{
		{"64 hosts", func(s *live.RosterSpec) { s.Hosts = hosts(64) }, ""},
		{"65 hosts", func(s *live.RosterSpec) { s.Hosts = hosts(65) }, "roster: hosts: want at most 64, got 65"},
		// 12 weeks × 24 h of 1-minute slots = 120,960 slots; 2 hosts fit
		// under 2^18 = 262,144 host-slots, 3 do not.
		{"2 hosts × 120,960 slots", func(s *live.RosterSpec) {
			s.Hosts, s.Weeks, s.Slot, s.Opens, s.Length = hosts(2), 12, time.Minute, 0, 24*time.Hour
		}, ""},
		{"30 hosts × 120,960 slots", func(s *live.RosterSpec) {
			s.Hosts, s.Weeks, s.Slot, s.Opens, s.Length = hosts(30), 12, time.Minute, 0, 24*time.Hour
		}, "30 hosts × 120960 slots = 3628800, over the limit of 262144 host-slots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := cupWithOvertime()
			tt.edit(&spec)
			err := spec.Validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "roster: hosts", fe.Field)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestPlanRosterMonthlyNote: without overtime the cup week needs 6 h of
// overtime, but a monthly cap of 1 h a host gives the week (all in June)
// 3 h: the certificate says overtime alone would not do.
func TestPlanRosterMonthlyNote(t *testing.T) {
	spec := livetest.CupWeek()
	spec.Labour.OvertimePerMonth = time.Hour
	_, err := live.PlanRoster(spec)
	var cert *live.Infeasible
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, live.RuleWeeklyHours, cert.Rule)
	assert.Equal(t, 6*time.Hour, cert.Overtime)
	assert.Contains(t, cert.Reason, "with overtime the monthly cap would still bind: overtime of the weeks within 2024-06 needs 6 host-hours, the cap allows 3")
	spec.Overtime = true
	_, err = live.PlanRoster(spec)
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, live.RuleMonthlyOvertime, cert.Rule)

	spec.Labour.OvertimePerMonth = 2 * time.Hour // 3 × 2 = 6: no note
	spec.Overtime = false
	_, err = live.PlanRoster(spec)
	require.ErrorAs(t, err, &cert)
	assert.NotContains(t, cert.Reason, "monthly")
}
