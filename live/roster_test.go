package live_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // DST zones for the DST tests, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// layout builds a roster for spec from one string per broadcast day, such
// as "a:9 b:9": host-a on air for 9 hours from the opening, then host-b for
// 9; "-:2" leaves 2 hours uncovered. Hours are wall-clock offsets from the
// opening.
func layout(t testing.TB, spec live.RosterSpec, days ...string) live.Roster {
	t.Helper()
	y, m, dd := spec.First.Date()
	var r live.Roster
	for d, day := range days {
		at := time.Date(y, m, dd+d, 0, 0, 0, 0, spec.Location).Add(spec.Opens)
		for tok := range strings.FieldsSeq(day) {
			host, n, ok := strings.Cut(tok, ":")
			require.True(t, ok, tok)
			h, err := strconv.Atoi(n)
			require.NoError(t, err, tok)
			end := at.Add(time.Duration(h) * time.Hour)
			if host != "-" {
				r.Shifts = append(r.Shifts, live.Shift{Host: "host-" + host, Day: d, Start: at, End: end})
			}
			at = end
		}
	}
	return r
}

// cupRoster is a valid roster of the cup week with overtime: each host
// rests one day, the two others cover it with 9-hour shifts, and the early,
// middle and late shifts keep 11 hours of rest.
var cupRoster = []string{
	"b:9 c:9", "a:6 b:6 c:6", "a:9 c:9", "b:6 a:6 c:6", "b:9 a:9", "c:6 b:6 a:6", "c:6 b:6 a:6",
}

func cupWithOvertime() live.RosterSpec {
	s := livetest.CupWeek()
	s.Overtime = true
	return s
}

func TestPlanRosterReference(t *testing.T) {
	// The anchor's numbers: 18 h × 7 days = 126 host-hours; 3 hosts × 40 h
	// = 120 at standard time; so 6 h of overtime a week.
	_, err := live.PlanRoster(livetest.CupWeek())
	var cert *live.Infeasible
	require.ErrorAs(t, err, &cert)
	assert.ErrorIs(t, err, live.ErrInfeasible)
	assert.Equal(t, live.RuleWeeklyHours, cert.Rule)
	assert.Equal(t, 126*time.Hour, cert.Needed)
	assert.Equal(t, 120*time.Hour, cert.Available)
	assert.Equal(t, 6*time.Hour, cert.Overtime)
	assert.Equal(t, 0, cert.Day)
	assert.Contains(t, err.Error(), "126 host-hours needed, 120 available; 6h of overtime needed")

	spec := cupWithOvertime()
	r, err := live.PlanRoster(spec)
	require.NoError(t, err)
	require.NoError(t, live.VerifyRoster(spec, r))
	var total, overtime time.Duration
	for _, h := range r.Totals {
		total += h.Hours
		overtime += h.Overtime
		assert.GreaterOrEqual(t, h.RestDays, 1, h.Host)
		assert.LessOrEqual(t, h.Overtime, 36*time.Hour, h.Host) // Labour Law Art. 41
	}
	assert.Equal(t, 126*time.Hour, total)
	assert.Equal(t, 6*time.Hour, overtime, "126 − 120: the bound is tight")
	assert.Equal(t, []string{"host-a", "host-b", "host-c"}, []string{r.Totals[0].Host, r.Totals[1].Host, r.Totals[2].Host})
	assert.True(t, slices.IsSortedFunc(r.Shifts, func(a, b live.Shift) int { return a.Start.Compare(b.Start) }))
	// The 00:00–01:00 hour belongs to the broadcast day that opened at 07:00.
	last := r.Shifts[len(r.Shifts)-1]
	assert.Equal(t, 6, last.Day)
	assert.Equal(t, "2024-06-24 01:00 CST", last.End.Format("2006-01-02 15:04 MST"))
}

func TestPlanRosterCertificates(t *testing.T) {
	cup := livetest.CupWeek
	tests := []struct {
		name        string
		spec        func() live.RosterSpec
		rule        live.RosterRule
		need, avail time.Duration
		needN       int
		availN      int
		overtime    time.Duration
		contains    string
	}{
		{"one host: 18 h > 8 + 3", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = s.Hosts[:1]
			return s
		}, live.RuleDailyHours, 18 * time.Hour, 11 * time.Hour, 0, 0, 0, "1 host free"},
		{"two hosts without overtime: 18 h > 2 × 8, overtime would lift it", func() live.RosterSpec {
			s := cup()
			s.Hosts = s.Hosts[:2]
			return s
		}, live.RuleDailyHours, 18 * time.Hour, 16 * time.Hour, 0, 0, 2 * time.Hour, "2h of overtime"},
		{"two hosts with overtime: 40 h + 3 h of overtime on each of 6 days = 58 h each, 116 < 126", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = s.Hosts[:2]
			return s
		}, live.RuleDailyOvertime, 126 * time.Hour, 116 * time.Hour, 0, 0, 0, "3h of overtime a day on at most 6 days"},
		{"two hosts with overtime, 12 h window: each day needs both, each rests a day", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = s.Hosts[:2]
			s.Length = 12 * time.Hour // 12 > 11 h a day; 84 h ≤ 116 h a week
			return s
		}, live.RuleRestDays, 0, 0, 14, 12, 0, "14 host-days needed, 12 available"},
		{"44 h without overtime: 132 ≥ 126 h, but 3 × 8 h a day and a rest day each", func() live.RosterSpec {
			s := cup()
			s.Labour = live.ChinaLabourLaw()
			return s
		}, live.RuleRestDays, 0, 0, 21, 18, 0, "a day needs up to 3 of the 3 hosts"},
		{"one host, 6 h window, at most 4 h on air", func() live.RosterSpec {
			s := livetest.CupWeek()
			s.Hosts = s.Hosts[:1]
			s.Length = 6 * time.Hour
			s.MaxOnAir = 4 * time.Hour
			s.Labour = live.Labour{DailyStandard: 8 * time.Hour, WeeklyStandard: 56 * time.Hour}
			return s
		}, live.RuleOnAir, 6 * time.Hour, 4 * time.Hour, 0, 0, 0, "1 host free"},
		{"two hosts, 9 h window, at most 6 h on air: both needed every day, each rests a day", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = s.Hosts[:2]
			s.Length = 9 * time.Hour
			s.MaxOnAir = 6 * time.Hour
			return s
		}, live.RuleRestDays, 0, 0, 14, 12, 0, "(no one on air over 6h at a time)"},
		{"everyone off on Wednesday", func() live.RosterSpec {
			s := cupWithOvertime()
			for i := range s.Hosts {
				s.Hosts[i].Off = []time.Time{time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)}
			}
			return s
		}, live.RuleCoverage, 18 * time.Hour, 0, 0, 0, 0, "coverage at 2024-06-19 07:00"},
		{"monthly overtime: four weeks of June–July need 6 h each", func() live.RosterSpec {
			s := cupWithOvertime()
			s.First = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
			s.Weeks = 4
			s.Labour.OvertimePerMonth = 5 * time.Hour // 3 hosts × 5 h = 15 < 4 × 6 = 24
			return s
		}, live.RuleMonthlyOvertime, 24 * time.Hour, 15 * time.Hour, 0, 0, 0, "weeks within 2024-07"},
		{"monthly overtime over a horizon across two months", func() live.RosterSpec {
			s := cupWithOvertime()
			s.First = time.Date(2024, 7, 29, 0, 0, 0, 0, time.UTC) // weeks 29 Jul and 5 Aug
			s.Weeks = 2
			s.Labour.OvertimePerMonth = 1 * time.Hour // the August week alone needs 6 > 3
			return s
		}, live.RuleMonthlyOvertime, 6 * time.Hour, 3 * time.Hour, 0, 0, 0, "2024-08"},
		{"weekly overtime cap", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Labour.OvertimePerWeek = time.Hour // 3 × (40 + 1) = 123 < 126
			return s
		}, live.RuleWeeklyOvertime, 126 * time.Hour, 123 * time.Hour, 0, 0, 0, "week from 2024-06-17, 3 hosts, each at most 40h + 1h of overtime a week"},
		{"a host's own weekly cap", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts[0].MaxWeekly = 20 * time.Hour // host-c gives 40 + 6 × 3 = 58 h,
			s.Hosts[1].MaxWeekly = 20 * time.Hour // so 20 + 20 + 58 = 98 < 126
			return s
		}, live.RuleWeeklyHours, 126 * time.Hour, 98 * time.Hour, 0, 0, 0, "MaxWeekly caps host-a at 20h, host-b at 20h"},
		// No weekly-hours rule is in force (overtime allowed, no weekly
		// overtime cap, no MaxWeekly): the daily cap on 5 working days binds.
		{"overtime allowed, 2 rest days: 2 × 5 × 11 = 110 < 126", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = s.Hosts[:2]
			s.Labour.RestDays = 2
			return s
		}, live.RuleDailyHours, 126 * time.Hour, 110 * time.Hour, 0, 0, 0, "2 hosts, each at most 11h a day on at most 5 days (2 rest days a week)"},
		// 2 × 11 = 22 ≥ 18 a day at the daily cap; MaxWeekly makes it 16.
		{"MaxWeekly 8 h caps each host's day: 16 < 18", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = s.Hosts[:2]
			s.Hosts[0].MaxWeekly = 8 * time.Hour
			s.Hosts[1].MaxWeekly = 8 * time.Hour
			return s
		}, live.RuleWeeklyHours, 18 * time.Hour, 16 * time.Hour, 0, 0, 0, "2 hosts free, each at most 11h a day, and MaxWeekly caps host-a at 8h, host-b at 8h"},
		{"four hosts at MaxWeekly 4 h: 16 < 18; the reason names three", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts = append(s.Hosts, live.RosterHost{ID: "host-d"})
			for i := range s.Hosts {
				s.Hosts[i].MaxWeekly = 4 * time.Hour
			}
			return s
		}, live.RuleWeeklyHours, 18 * time.Hour, 16 * time.Hour, 0, 0, 0, "MaxWeekly caps host-a at 4h, host-b at 4h, host-c at 4h and 1 more)"},
		{"MaxWeekly 8 h without overtime: 16 < 18, and overtime would not lift it", func() live.RosterSpec {
			s := cup()
			s.Hosts = s.Hosts[:2]
			s.Hosts[0].MaxWeekly = 8 * time.Hour
			s.Hosts[1].MaxWeekly = 8 * time.Hour
			return s
		}, live.RuleDailyHours, 18 * time.Hour, 16 * time.Hour, 0, 0, 0, "each at most 8h a day"},
		{"MaxWeekly 4 h on one host, 8 + 4 < 18, overtime would give 11 + 4 < 18", func() live.RosterSpec {
			s := cup()
			s.Hosts = s.Hosts[:2]
			s.Hosts[1].MaxWeekly = 4 * time.Hour
			return s
		}, live.RuleDailyHours, 18 * time.Hour, 16 * time.Hour, 0, 0, 0, "2 hosts free, each at most 8h a day"},
		{"MaxWeekly 4 h on a third host, 22 h window: 8 + 8 + 4 = 20 < 22; 2 h of overtime would lift it", func() live.RosterSpec {
			s := cup()
			s.Hosts = append(s.Hosts[:2], live.RosterHost{ID: "host-d", MaxWeekly: 4 * time.Hour})
			s.Length = 22 * time.Hour // 8 + 8 + 4 = 20 < 22 ≤ 11 + 11 + 4
			return s
		}, live.RuleWeeklyHours, 22 * time.Hour, 20 * time.Hour, 0, 0, 2 * time.Hour, "MaxWeekly caps host-d at 4h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := live.PlanRoster(tt.spec())
			var cert *live.Infeasible
			require.ErrorAs(t, err, &cert)
			assert.ErrorIs(t, err, live.ErrInfeasible)
			assert.Equal(t, tt.rule, cert.Rule, err.Error())
			assert.Equal(t, tt.need, cert.Needed)
			assert.Equal(t, tt.avail, cert.Available)
			assert.Equal(t, tt.needN, cert.NeededCount)
			assert.Equal(t, tt.availN, cert.AvailableCount)
			assert.Equal(t, tt.overtime, cert.Overtime)
			assert.Contains(t, err.Error(), tt.contains)
		})
	}
}

func TestPlanRosterFeasible(t *testing.T) {
	tests := []struct {
		name string
		spec func() live.RosterSpec
	}{
		{"44 h with overtime", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Labour = live.ChinaLabourLaw()
			return s
		}},
		{"four hosts at standard time", func() live.RosterSpec {
			s := livetest.CupWeek()
			s.Hosts = append(s.Hosts, live.RosterHost{ID: "host-d"})
			return s
		}},
		{"at most 4 h on air, cyclic, at most 4 days in a row", func() live.RosterSpec {
			s := cupWithOvertime()
			s.MaxOnAir = 4 * time.Hour
			s.MaxConsecutiveDays = 4
			s.Cyclic = true
			return s
		}},
		{"28 days × 5 hosts, cyclic, 4 h on air", func() live.RosterSpec {
			s := livetest.CupWeek()
			s.Weeks = 4
			s.Hosts = append(s.Hosts, live.RosterHost{ID: "host-d"}, live.RosterHost{ID: "host-e"})
			s.MaxOnAir = 4 * time.Hour
			s.MaxConsecutiveDays = 5
			s.Cyclic = true
			return s
		}},
		{"preferences and days off", func() live.RosterSpec {
			s := cupWithOvertime()
			s.Hosts[0].Prefers = live.PreferLate
			s.Hosts[1].Prefers = live.PreferEarly
			s.Hosts[2].Off = []time.Time{time.Date(2024, 6, 22, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
			return s
		}},
		{"half-hour slots, a 24-hour window", func() live.RosterSpec {
			s := livetest.CupWeek()
			s.Slot = 30 * time.Minute
			s.Opens = 0
			s.Length = 24 * time.Hour
			s.MinRest = 0
			s.Hosts = append(s.Hosts, live.RosterHost{ID: "host-d"}, live.RosterHost{ID: "host-e"})
			return s
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tt.spec()
			r, err := live.PlanRoster(spec)
			require.NoError(t, err)
			require.NoError(t, live.VerifyRoster(spec, r))
			require.Len(t, r.Totals, len(spec.Hosts))
		})
	}
}

func TestPlanRosterPreferences(t *testing.T) {
	spec := cupWithOvertime()
	spec.Hosts[0].Prefers = live.PreferLate
	spec.Hosts[2].Prefers = live.PreferEarly
	r, err := live.PlanRoster(spec)
	require.NoError(t, err)
	require.NoError(t, live.VerifyRoster(spec, r))
	// Every day is opened by host-c unless it rests, and closed by host-a
	// unless it rests: the preferences order the search.
	for _, s := range r.Shifts {
		if s.Start.Hour() == 7 {
			assert.NotEqual(t, "host-a", s.Host, s.String())
		}
		if s.End.Hour() == 1 {
			assert.NotEqual(t, "host-c", s.Host, s.String())
		}
	}
}

func TestPlanRosterHostOrder(t *testing.T) {
	spec := cupWithOvertime()
	spec.MaxOnAir = 4 * time.Hour
	want, err := live.PlanRoster(spec)
	require.NoError(t, err)
	for _, order := range [][]int{{2, 1, 0}, {1, 0, 2}, {0, 2, 1}} {
		s := spec
		s.Hosts = []live.RosterHost{spec.Hosts[order[0]], spec.Hosts[order[1]], spec.Hosts[order[2]]}
		got, err := live.PlanRoster(s)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint(want), fmt.Sprint(got), order)
	}
}

func TestPlanRosterDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	// 18:00 for 12 wall-clock hours, across the 02:00 change: the window of
	// Saturday 9 March 2024 lasts 11 real hours, that of 2 November 13.
	tests := []struct {
		first time.Time
		day   int
		real  time.Duration
	}{
		{time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), 5, 11 * time.Hour},
		{time.Date(2024, 10, 28, 0, 0, 0, 0, time.UTC), 5, 13 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.first.Format(time.DateOnly), func(t *testing.T) {
			spec := live.RosterSpec{Location: ny, First: tt.first, Weeks: 1, Opens: 18 * time.Hour, Length: 12 * time.Hour,
				Hosts:  []live.RosterHost{{ID: "ann"}, {ID: "bo"}, {ID: "cy"}},
				Labour: live.ChinaLabourLaw(), Overtime: true, MinRest: 11 * time.Hour}
			r, err := live.PlanRoster(spec)
			require.NoError(t, err)
			require.NoError(t, live.VerifyRoster(spec, r))
			var total, day time.Duration
			for _, s := range r.Shifts {
				total += s.End.Sub(s.Start)
				if s.Day == tt.day {
					day += s.End.Sub(s.Start)
				}
			}
			assert.Equal(t, tt.real, day)
			assert.Equal(t, 6*12*time.Hour+tt.real, total)
		})
	}
	lh, err := time.LoadLocation("Australia/Lord_Howe") // a 30-minute DST shift
	require.NoError(t, err)
	spec := live.RosterSpec{Location: lh, First: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Weeks: 1,
		Opens: 20 * time.Hour, Length: 8 * time.Hour, Hosts: []live.RosterHost{{ID: "ann"}}, Labour: live.ChinaLabourLaw()}
	err = spec.Validate()
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "window of 2024-04-06")
	spec.Slot = 30 * time.Minute
	assert.NoError(t, spec.Validate())
}

func TestPlanRosterInvalid(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*live.RosterSpec)
		field string
	}{
		{"no hosts", func(s *live.RosterSpec) { s.Hosts = nil }, "roster: hosts: none"},
		{"first left zero", func(s *live.RosterSpec) { s.First = time.Time{} }, "roster: first: not set"},
		{"nil location", func(s *live.RosterSpec) { s.Location = nil }, "roster: location"},
		{"no weeks", func(s *live.RosterSpec) { s.Weeks = 0 }, "roster: weeks"},
		{"13 weeks", func(s *live.RosterSpec) { s.Weeks = 13 }, "roster: weeks"},
		{"7-minute slot", func(s *live.RosterSpec) { s.Slot = 7 * time.Minute }, "roster: slot"},
		{"2-hour slot", func(s *live.RosterSpec) { s.Slot = 2 * time.Hour }, "roster: slot"},
		{"opens at 24:00", func(s *live.RosterSpec) { s.Opens = 24 * time.Hour }, "roster: opens"},
		{"opens off the slot", func(s *live.RosterSpec) { s.Opens = 7*time.Hour + time.Minute }, "roster: opens"},
		{"no length", func(s *live.RosterSpec) { s.Length = 0 }, "roster: length"},
		{"25 hours", func(s *live.RosterSpec) { s.Length = 25 * time.Hour }, "roster: length"},
		{"negative rest", func(s *live.RosterSpec) { s.MinRest = -time.Hour }, "roster: min rest"},
		{"on air off the slot", func(s *live.RosterSpec) { s.MaxOnAir = 90 * time.Minute }, "roster: max on air"},
		{"negative days in a row", func(s *live.RosterSpec) { s.MaxConsecutiveDays = -1 }, "roster: max consecutive days"},
		{"empty host ID", func(s *live.RosterSpec) { s.Hosts[1].ID = "" }, "roster: host 1: id"},
		{"host twice", func(s *live.RosterSpec) { s.Hosts[2].ID = "host-a" }, `roster: host "host-a": listed twice`},
		{"max weekly off the slot", func(s *live.RosterSpec) { s.Hosts[0].MaxWeekly = 30 * time.Minute }, `host "host-a": max weekly`},
		{"unknown preference", func(s *live.RosterSpec) { s.Hosts[0].Prefers = 9 }, `host "host-a": prefers: unknown Prefer(9)`},
		{"zero labour", func(s *live.RosterSpec) { s.Labour = live.Labour{} }, "labour: daily standard"},
		{"overtime off the slot", func(s *live.RosterSpec) { s.Labour.OvertimePerDay = 90 * time.Minute }, "roster: labour: overtime per day"},
		{"weekly below daily", func(s *live.RosterSpec) { s.Labour.WeeklyStandard = time.Hour }, "labour: weekly standard"},
		{"7 rest days", func(s *live.RosterSpec) { s.Labour.RestDays = 7 }, "labour: rest days"},
		{"negative daily overtime", func(s *live.RosterSpec) { s.Labour.OvertimePerDay = -time.Hour }, "labour: overtime per day"},
		{"negative weekly overtime", func(s *live.RosterSpec) { s.Labour.OvertimePerWeek = -time.Hour }, "labour: overtime per week"},
		{"negative monthly overtime", func(s *live.RosterSpec) { s.Labour.OvertimePerMonth = -time.Hour }, "labour: overtime per month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := livetest.CupWeek()
			tt.edit(&spec)
			_, err := live.PlanRoster(spec)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.field)
			var fe *commerce.FieldError
			assert.ErrorAs(t, err, &fe)
			assert.ErrorIs(t, live.VerifyRoster(spec, live.Roster{}), commerce.ErrInvalid)
		})
	}
}

func TestVerifyRosterBreaches(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 6, 17+d, 0, 0, 0, 0, time.UTC) }
	cst := livetest.CupWeek().Location
	at := func(d, h int) time.Time { return time.Date(2024, 6, 17+d, h, 0, 0, 0, cst) }
	edit := func(d int, s string) []string {
		days := slices.Clone(cupRoster)
		days[d] = s
		return days
	}
	tests := []struct {
		name   string
		spec   func(*live.RosterSpec)
		days   []string
		extra  []live.Shift
		want   live.Breach
		others int // further breaches the edit causes
	}{
		{"a gap", nil, edit(0, "b:9 -:1 c:8"), nil,
			live.Breach{Rule: live.RuleCoverage, Day: 0, At: at(0, 16), Got: time.Hour, LimitCount: 1}, 0},
		{"two hosts at once", nil, cupRoster, []live.Shift{{Host: "host-a", Day: 1, Start: at(1, 13), End: at(1, 14)}},
			live.Breach{Rule: live.RuleCoverage, Day: 1, At: at(1, 13), Got: time.Hour, GotCount: 2, LimitCount: 1}, 0},
		{"an unknown host", nil, edit(0, "b:9 x:9"), nil,
			live.Breach{Rule: live.RuleHost, Host: "host-x", Day: 0, At: at(0, 16)}, 1},
		{"after the close", nil, cupRoster, []live.Shift{{Host: "host-a", Day: 0, Start: at(1, 1), End: at(1, 2)}},
			live.Breach{Rule: live.RuleWindow, Host: "host-a", Day: 0, At: at(1, 1), Got: time.Hour}, 0},
		{"off the slots", nil, cupRoster, []live.Shift{{Host: "host-a", Day: 0, Start: at(0, 7).Add(time.Minute), End: at(0, 8)}},
			live.Breach{Rule: live.RuleWindow, Host: "host-a", Day: 0, At: at(0, 7).Add(time.Minute), Got: 59 * time.Minute}, 0},
		{"no such day", nil, cupRoster, []live.Shift{{Host: "host-a", Day: 7, Start: at(7, 7), End: at(7, 8)}},
			live.Breach{Rule: live.RuleWindow, Host: "host-a", Day: -1, At: at(7, 7)}, 0},
		{"overlapping shifts", nil, cupRoster, []live.Shift{{Host: "host-b", Day: 0, Start: at(0, 8), End: at(0, 9)}},
			live.Breach{Rule: live.RuleOverlap, Host: "host-b", Day: 0, At: at(0, 8)}, 1},
		{"a day off", func(s *live.RosterSpec) { s.Hosts[1].Off = []time.Time{day(0)} }, cupRoster, nil,
			live.Breach{Rule: live.RuleDayOff, Host: "host-b", Day: 0, At: at(0, 7)}, 0},
		{"12 hours in a day", nil, edit(0, "b:12 c:6"), nil, // and 4 h of overtime
			live.Breach{Rule: live.RuleDailyHours, Host: "host-b", Day: 0, At: at(0, 7), Got: 12 * time.Hour, Limit: 11 * time.Hour}, 1},
		{"no overtime allowed", func(s *live.RosterSpec) { s.Overtime = false }, cupRoster, nil,
			live.Breach{Rule: live.RuleDailyHours, Host: "host-b", Day: 0, At: at(0, 7), Got: 9 * time.Hour, Limit: 8 * time.Hour}, 8},
		{"over a host's weekly cap", func(s *live.RosterSpec) { s.Hosts[0].MaxWeekly = 40 * time.Hour }, cupRoster, nil,
			live.Breach{Rule: live.RuleWeeklyHours, Host: "host-a", Day: 0, At: at(0, 7), Got: 42 * time.Hour, Limit: 40 * time.Hour}, 0},
		// host-a's 48 h: the standard 40 h is met on day 5, so all 6 h of
		// day 6 are overtime.
		{"no rest day", nil, edit(0, "a:6 b:6 c:6"), nil,
			live.Breach{Rule: live.RuleRestDays, Host: "host-a", Day: 0, At: at(0, 7), GotCount: 0, LimitCount: 1}, 1},
		{"overtime past the weekly standard", nil, edit(0, "a:6 b:6 c:6"), nil,
			live.Breach{Rule: live.RuleDailyOvertime, Host: "host-a", Day: 6, At: at(6, 7), Got: 6 * time.Hour, Limit: 3 * time.Hour}, 1},
		{"weekly overtime cap", func(s *live.RosterSpec) { s.Labour.OvertimePerWeek = time.Hour }, cupRoster, nil,
			live.Breach{Rule: live.RuleWeeklyOvertime, Host: "host-a", Day: 0, At: at(0, 7), Got: 2 * time.Hour, Limit: time.Hour}, 2},
		{"monthly overtime cap", func(s *live.RosterSpec) { s.Labour.OvertimePerMonth = time.Hour }, cupRoster, nil,
			live.Breach{Rule: live.RuleMonthlyOvertime, Host: "host-a", Day: 0, At: at(0, 7), Got: 2 * time.Hour, Limit: time.Hour}, 2},
		{"late then early", nil, edit(1, "c:6 b:6 a:6"), nil,
			live.Breach{Rule: live.RuleMinRest, Host: "host-c", Day: 1, At: at(1, 7), Got: 6 * time.Hour, Limit: 11 * time.Hour}, 1},
		{"too long on air", func(s *live.RosterSpec) { s.MaxOnAir = 8 * time.Hour }, cupRoster, nil,
			live.Breach{Rule: live.RuleOnAir, Host: "host-b", Day: 0, At: at(0, 7), Got: 9 * time.Hour, Limit: 8 * time.Hour}, 5},
		{"too many days in a row", func(s *live.RosterSpec) { s.MaxConsecutiveDays = 4 }, cupRoster, nil,
			live.Breach{Rule: live.RuleConsecutiveDays, Host: "host-a", Day: 1, At: at(1, 7), GotCount: 6, LimitCount: 4}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := cupWithOvertime()
			if tt.spec != nil {
				tt.spec(&spec)
			}
			r := layout(t, spec, tt.days...)
			r.Shifts = append(r.Shifts, tt.extra...)
			err := live.VerifyRoster(spec, r)
			var bs live.Breaches
			require.ErrorAs(t, err, &bs)
			assert.ErrorIs(t, err, live.ErrBreach)
			assert.Contains(t, bs, tt.want, err.Error())
			assert.Len(t, bs, 1+tt.others, err.Error())
		})
	}
}

func TestVerifyRosterValid(t *testing.T) {
	spec := cupWithOvertime()
	require.NoError(t, live.VerifyRoster(spec, layout(t, spec, cupRoster...)))
	// Shifts in any order, a shift split in two touching halves.
	r := layout(t, spec, slices.Concat(cupRoster[:6], []string{"c:3 c:3 b:6 a:6"})...)
	slices.Reverse(r.Shifts)
	require.NoError(t, live.VerifyRoster(spec, r))
}

// TestVerifyRosterCyclic is OR-Tools issue 1399's case: a pattern valid
// within the week breaks a rule across the week boundary when the roster
// repeats.
func TestVerifyRosterCyclic(t *testing.T) {
	cst := livetest.CupWeek().Location
	at := func(d, h int) time.Time { return time.Date(2024, 6, 17+d, h, 0, 0, 0, cst) }
	tests := []struct {
		name string
		spec func(*live.RosterSpec)
		days []string
		want live.Breach
	}{
		// Four hosts on 6-hour shifts: host-b works days 0–2 and 4–6, runs
		// of 3, but 6 in a row around the cycle; host-d's 5, 6 and 0 make 3.
		{"days in a row", func(s *live.RosterSpec) {
			s.MaxConsecutiveDays = 4
			s.Hosts = append(s.Hosts, live.RosterHost{ID: "host-d"})
		},
			[]string{"b:6 c:6 d:6", "a:6 b:6 c:6", "a:6 b:6 d:6", "a:6 c:6 d:6", "a:6 b:6 c:6", "b:6 c:6 d:6", "a:6 b:6 d:6"},
			live.Breach{Rule: live.RuleConsecutiveDays, Host: "host-b", Day: 4, At: at(4, 7), GotCount: 6, LimitCount: 4}},
		// host-b opens day 0 at 07:00; a week later its day-6 shift ended at
		// 19:00: 12 h, under 13.
		{"rest", func(s *live.RosterSpec) { s.MinRest = 13 * time.Hour }, cupRoster,
			live.Breach{Rule: live.RuleMinRest, Host: "host-b", Day: 0, At: at(0, 7), Got: 12 * time.Hour, Limit: 13 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := cupWithOvertime()
			spec.MinRest = 0
			tt.spec(&spec)
			r := layout(t, spec, tt.days...)
			require.NoError(t, live.VerifyRoster(spec, r), "linear")
			spec.Cyclic = true
			err := live.VerifyRoster(spec, r)
			var bs live.Breaches
			require.ErrorAs(t, err, &bs)
			assert.Contains(t, bs, tt.want, err.Error())
			r, err = live.PlanRoster(spec)
			require.NoError(t, err)
			assert.NoError(t, live.VerifyRoster(spec, r))
		})
	}
}

func TestVerifyRosterCyclicOnAir(t *testing.T) {
	spec := live.RosterSpec{Location: time.UTC, First: time.Date(2024, 6, 17, 0, 0, 0, 0, time.UTC), Weeks: 1,
		Length: 24 * time.Hour, Hosts: []live.RosterHost{{ID: "host-a"}, {ID: "host-b"}, {ID: "host-c"}, {ID: "host-d"}},
		Labour: live.Labour{DailyStandard: 12 * time.Hour, WeeklyStandard: 84 * time.Hour}, MaxOnAir: 6 * time.Hour}
	days := slices.Repeat([]string{"a:6 b:6 c:6 d:6"}, 7)
	days[0] = "d:2 a:6 b:6 c:6 d:4" // host-d: 4 h to midnight, then 2 h: 6 h on air
	r := layout(t, spec, days...)
	require.NoError(t, live.VerifyRoster(spec, r))
	spec.Cyclic = true // and the last day's 6 h run into day 0's 2 h
	err := live.VerifyRoster(spec, r)
	var bs live.Breaches
	require.ErrorAs(t, err, &bs)
	assert.Equal(t, live.Breaches{{Rule: live.RuleOnAir, Host: "host-d", Day: 6, At: time.Date(2024, 6, 23, 18, 0, 0, 0, time.UTC),
		Got: 8 * time.Hour, Limit: 6 * time.Hour}}, bs)

	days = slices.Repeat([]string{"a:24"}, 7) // on air without end
	spec.MaxOnAir = 0
	spec.Labour.DailyStandard = 24 * time.Hour
	spec.Labour.WeeklyStandard = 168 * time.Hour
	r = layout(t, spec, days...)
	require.NoError(t, live.VerifyRoster(spec, r))
	spec.MaxOnAir = 24 * time.Hour
	spec.MaxConsecutiveDays = 7
	err = live.VerifyRoster(spec, r)
	require.ErrorAs(t, err, &bs)
	assert.Len(t, bs, 2, err.Error()) // on air without end (the days touch), and days in a row without end
	assert.Contains(t, bs, live.Breach{Rule: live.RuleConsecutiveDays, Host: "host-a", At: spec.First, GotCount: 7, LimitCount: 7})
	assert.Equal(t, `on air: host "host-a" on day 0 at 2024-06-17 00:00: got the whole horizon, without end, limit 24h`, bs[0].String())
}

func TestRosterStrings(t *testing.T) {
	assert.Equal(t, "weekly hours", live.RuleWeeklyHours.String())
	assert.Equal(t, "search limit", live.RuleSearchLimit.String())
	assert.Equal(t, "RosterRule(0)", live.RosterRule(0).String())
	assert.Equal(t, "RosterRule(99)", live.RosterRule(99).String())
	assert.Equal(t, "late", live.PreferLate.String())
	assert.Equal(t, "any", live.NoPreference.String())
	assert.Equal(t, "Prefer(7)", live.Prefer(7).String())
	assert.Equal(t, "CN State Council 1995: 8h/day, 40h/week, 1 rest day/week, overtime ≤3h/day ≤36h/month", live.ChinaStateCouncil().String())
	l := live.ChinaLabourLaw()
	l.OvertimePerWeek = 90 * time.Minute
	l.OvertimePerMonth = 0
	l.RestDays = 2
	assert.Equal(t, "CN Labour Law 1994: 8h/day, 44h/week, 2 rest days/week, overtime ≤3h/day ≤1h30m/week", l.String())
	l.OvertimePerDay = 0
	assert.Contains(t, l.String(), "overtime ≤0h/day")

	cst := livetest.CupWeek().Location
	s := live.Shift{Host: "host-a", Day: 2, Start: time.Date(2024, 6, 19, 19, 0, 0, 0, cst), End: time.Date(2024, 6, 20, 1, 0, 0, 0, cst)}
	assert.Equal(t, "host-a 19:00–01:00 (day 2)", s.String())
	b := live.Breach{Rule: live.RuleDailyHours, Host: "host-a", Day: 2, At: s.Start, Got: 12 * time.Hour, Limit: 11 * time.Hour}
	assert.Equal(t, `daily hours: host "host-a" on day 2 at 2024-06-19 19:00: got 12h, limit 11h`, b.String())
	bs := live.Breaches{b, b, b, b}
	assert.Contains(t, bs.Error(), "4 breaches: ")
	assert.Contains(t, bs.Error(), "; …: roster breaks a constraint")
	assert.True(t, errors.Is(bs, live.ErrBreach))
	assert.False(t, errors.Is(bs, live.ErrInfeasible))

	cert := &live.Infeasible{Rule: live.RuleWeeklyHours, Day: 0, Needed: 7*time.Hour + 30*time.Minute, Available: 7 * time.Hour}
	assert.Equal(t, "live: roster: weekly hours: 7h30m host-hours needed, 7 available: roster infeasible", cert.Error())
}
