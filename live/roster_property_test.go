package live

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rosterCases returns n cases, race under the race detector, or long when
// LIVECOMMERCE_LONG=1.
func rosterCases(n, race, long int) int {
	if rosterRace {
		n = race
	}
	return longCases(n, long)
}

// pick returns one of xs.
func rosterPick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// randomLabour returns a profile: one of China's, or a random one.
func randomLabour(r *rand.Rand, unit time.Duration) Labour {
	switch r.IntN(3) {
	case 0:
		return ChinaStateCouncil()
	case 1:
		return ChinaLabourLaw()
	}
	daily := time.Duration(4+r.IntN(9)) * unit
	return Labour{
		Name: "random", DailyStandard: daily, WeeklyStandard: daily * time.Duration(3+r.IntN(5)),
		RestDays: r.IntN(3), OvertimePerDay: time.Duration(r.IntN(5)) * unit,
		OvertimePerWeek:  rosterPick(r, 0, 0, time.Duration(2+r.IntN(9))*unit),
		OvertimePerMonth: rosterPick(r, 0, time.Duration(6+r.IntN(35))*unit),
	}
}

// randomSpec returns a valid spec of a realistic size: up to 6 hosts, 4
// weeks, windows of 4 to 24 hours, in UTC+8, UTC or New York (DST).
func randomSpec(r *rand.Rand, ny *time.Location) RosterSpec {
	slot := rosterPick(r, time.Hour, time.Hour, time.Hour, 30*time.Minute)
	s := RosterSpec{
		Location: rosterPick(r, time.FixedZone("CST", 8*3600), time.UTC, ny),
		First:    time.Date(2024, 1, 1+r.IntN(366), 0, 0, 0, 0, time.UTC),
		Weeks:    rosterPick(r, 1, 1, 1, 1, 1, 1, 1, 2, 2, 4),
		Slot:     slot,
		Opens:    time.Duration(r.IntN(24)) * time.Hour,
		Length:   time.Duration(4+r.IntN(21)) * time.Hour,
		Labour:   randomLabour(r, time.Hour),
		Overtime: r.IntN(2) == 0,
		MinRest:  rosterPick(r, 0, 0, 6*time.Hour, 8*time.Hour, 11*time.Hour, 13*time.Hour),
		MaxOnAir: rosterPick(r, 0, 0, 2*time.Hour, 3*time.Hour, 4*time.Hour, 6*time.Hour),
		Cyclic:   r.IntN(3) == 0,
	}
	s.MaxConsecutiveDays = rosterPick(r, 0, 0, 3, 4, 5, 6)
	ids := r.Perm(10)
	for i := range 1 + r.IntN(6) {
		h := RosterHost{ID: fmt.Sprintf("h%d", ids[i]), Prefers: Prefer(r.IntN(3))}
		for d := range 7 * s.Weeks {
			if r.IntN(12) == 0 {
				h.Off = append(h.Off, s.First.AddDate(0, 0, d))
			}
		}
		if r.IntN(10) == 0 {
			h.MaxWeekly = time.Duration(10+r.IntN(31)) * time.Hour
		}
		s.Hosts = append(s.Hosts, h)
	}
	return s
}

// mutate returns r with one shift dropped, extended by a slot or moved by
// a slot: every such roster leaves a slot uncovered, covers one twice, or
// leaves its window.
func mutate(rng *rand.Rand, r Roster, slot time.Duration) (Roster, string) {
	shifts := append([]Shift(nil), r.Shifts...)
	k := rng.IntN(len(shifts))
	s := &shifts[k]
	switch rng.IntN(4) {
	case 0:
		return Roster{Shifts: append(shifts[:k], shifts[k+1:]...)}, "drop " + s.String()
	case 1:
		s.End = s.End.Add(slot)
		return Roster{Shifts: shifts}, "extend " + s.String()
	case 2:
		s.Start, s.End = s.Start.Add(slot), s.End.Add(slot)
		return Roster{Shifts: shifts}, "move later " + s.String()
	default:
		s.Start, s.End = s.Start.Add(-slot), s.End.Add(-slot)
		return Roster{Shifts: shifts}, "move earlier " + s.String()
	}
}

// TestRosterProperties: on random specs, every roster PlanRoster returns
// passes VerifyRoster and sums to the windows' hours; the order of the
// hosts does not change the answer; and every drop, extension or move of a
// shift is caught.
func TestRosterProperties(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1399, 1309))
	n := rosterCases(2000, 300, 20000)
	counts := map[string]int{}
	for i := range n {
		spec := randomSpec(rng, ny)
		r, err := planRoster(spec, 20_000)
		var cert *Infeasible
		if err != nil {
			require.ErrorAs(t, err, &cert, "case %d", i)
			counts[cert.Rule.String()]++
		} else {
			counts["roster"]++
			require.NoError(t, VerifyRoster(spec, r), "case %d: %+v", i, spec)
			ws, _ := spec.windows()
			var want, got time.Duration
			for _, w := range ws {
				want += w.close.Sub(w.open)
			}
			for _, h := range r.Totals {
				got += h.Hours
			}
			require.Equal(t, want, got, "case %d", i)
			for range 3 {
				bad, what := mutate(rng, r, spec.slot())
				var bs Breaches
				require.ErrorAs(t, VerifyRoster(spec, bad), &bs, "case %d: %s", i, what)
			}
		}
		shuffled := spec
		shuffled.Hosts = append([]RosterHost(nil), spec.Hosts...)
		rng.Shuffle(len(shuffled.Hosts), func(a, b int) { shuffled.Hosts[a], shuffled.Hosts[b] = shuffled.Hosts[b], shuffled.Hosts[a] })
		r2, err2 := planRoster(shuffled, 20_000)
		require.Equal(t, fmt.Sprint(r, err), fmt.Sprint(r2, err2), "case %d", i)
	}
	t.Logf("%d specs: %v", n, counts)
	assert.Greater(t, counts["roster"], n/5, "the generator should give feasible specs")
}

// tinySpec returns a spec small enough to enumerate: one week of one- or
// two-hour windows and two or three hosts, with tight random rules.
func tinySpec(r *rand.Rand) RosterSpec {
	hosts, length := 2+r.IntN(2), 1
	if hosts == 2 && r.IntN(6) == 0 {
		length = 2 // 2^14 rosters to enumerate
	}
	s := RosterSpec{
		Location: time.UTC, First: time.Date(2024, 1, 29+r.IntN(3), 0, 0, 0, 0, time.UTC), Weeks: 1,
		Opens: time.Duration(r.IntN(24)) * time.Hour, Length: time.Duration(length) * time.Hour,
		Labour: Labour{DailyStandard: time.Duration(1+r.IntN(2)) * time.Hour, RestDays: r.IntN(4),
			OvertimePerDay:   time.Duration(r.IntN(2)) * time.Hour,
			OvertimePerWeek:  rosterPick(r, 0, time.Duration(1+r.IntN(3))*time.Hour),
			OvertimePerMonth: rosterPick(r, 0, time.Duration(1+r.IntN(4))*time.Hour)},
		Overtime:           r.IntN(2) == 0,
		MinRest:            rosterPick(r, 0, 0, 20*time.Hour, 23*time.Hour, 24*time.Hour, 30*time.Hour),
		MaxOnAir:           rosterPick(r, 0, 0, time.Hour),
		MaxConsecutiveDays: rosterPick(r, 0, 0, 1, 2, 3, 4),
		Cyclic:             r.IntN(2) == 0,
	}
	s.Labour.WeeklyStandard = s.Labour.DailyStandard * time.Duration(1+r.IntN(7))
	for i := range hosts {
		h := RosterHost{ID: fmt.Sprintf("h%d", i)}
		for d := range 7 {
			if r.IntN(4) == 0 {
				h.Off = append(h.Off, s.First.AddDate(0, 0, d))
			}
		}
		s.Hosts = append(s.Hosts, h)
	}
	return s
}

// bruteForce reports whether any assignment of hosts to the slots of a
// tiny spec passes VerifyRoster.
func bruteForce(spec RosterSpec) bool {
	ws, _ := spec.windows()
	var slots []Shift
	for d, w := range ws {
		for at := w.open; at.Before(w.close); at = at.Add(time.Hour) {
			slots = append(slots, Shift{Day: d, Start: at, End: at.Add(time.Hour)})
		}
	}
	n := len(spec.Hosts)
	total := 1
	for range slots {
		total *= n
	}
	r := Roster{Shifts: slots}
	for code := range total {
		for k := range slots {
			slots[k].Host = spec.Hosts[code%n].ID
			code /= n
		}
		if VerifyRoster(spec, r) == nil {
			return true
		}
	}
	return false
}

// TestRosterAgreesWithBruteForce enumerates every roster of tiny specs: a
// spec has a roster exactly when PlanRoster returns one, and PlanRoster
// never needs its step limit. It checks the counting bounds (never claim
// infeasible wrongly) and the search (never miss a roster) against the
// verifier, which shares no code with them.
func TestRosterAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(36, 44))
	n := longCases(60, 1500)
	feasible := 0
	for i := range n {
		spec := tinySpec(rng)
		want := bruteForce(spec)
		r, err := PlanRoster(spec)
		if want {
			feasible++
			require.NoError(t, err, "case %d: %+v", i, spec)
			require.NoError(t, VerifyRoster(spec, r), "case %d", i)
			continue
		}
		var cert *Infeasible
		require.ErrorAs(t, err, &cert, "case %d: %+v", i, spec)
		require.NotEqual(t, RuleSearchLimit, cert.Rule, "case %d", i)
	}
	t.Logf("%d tiny specs, %d feasible", n, feasible)
	assert.Greater(t, feasible, n/5)
	assert.Less(t, feasible, n*4/5)
}

// TestRosterSearchLimit shows the honest certificate of a search that
// gives up: the rule says the limit, not a constraint.
func TestRosterSearchLimit(t *testing.T) {
	spec := RosterSpec{Location: time.UTC, First: time.Date(2024, 6, 17, 0, 0, 0, 0, time.UTC), Weeks: 1,
		Opens: 7 * time.Hour, Length: 18 * time.Hour, Labour: ChinaStateCouncil(), Overtime: true,
		Hosts: []RosterHost{{ID: "a"}, {ID: "b"}, {ID: "c"}}, MaxOnAir: 4 * time.Hour, MinRest: 11 * time.Hour}
	_, err := planRoster(spec, 8)
	var cert *Infeasible
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, RuleSearchLimit, cert.Rule)
	assert.Contains(t, err.Error(), "infeasibility not proven")
	assert.True(t, errors.Is(err, ErrInfeasible))
	_, err = PlanRoster(spec)
	assert.NoError(t, err)
}

// TestRosterExhausted: a spec the counting bounds pass but no roster
// meets. With two hosts, at most 6 h on air and 13 h of rest between days,
// the host who opens a day at 07:00 must have left the day before by
// 18:00, so the other is on air alone from 18:00 to 01:00: 7 h. The search
// tries everything and says so, naming the first slot it cannot cover.
func TestRosterExhausted(t *testing.T) {
	spec := RosterSpec{Location: time.UTC, First: time.Date(2024, 6, 17, 0, 0, 0, 0, time.UTC), Weeks: 1,
		Opens: 7 * time.Hour, Length: 18 * time.Hour,
		Labour: Labour{DailyStandard: 12 * time.Hour, WeeklyStandard: 84 * time.Hour, OvertimePerDay: 6 * time.Hour},
		Hosts:  []RosterHost{{ID: "a"}, {ID: "b"}}, MaxOnAir: 6 * time.Hour, MinRest: 13 * time.Hour, Overtime: true}
	_, err := PlanRoster(spec)
	var cert *Infeasible
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, RuleExhausted, cert.Rule, err.Error())
	assert.Equal(t, 1, cert.Day)
	assert.Equal(t, "2024-06-18 07:00", cert.At.Format("2006-01-02 15:04"))
	spec.MinRest = 12 * time.Hour // a: 07–13, b: 13–19, a: 19–01; b opens at 07:00
	r, err := PlanRoster(spec)
	require.NoError(t, err)
	assert.NoError(t, VerifyRoster(spec, r))
}

// randomShifts returns a roster of well-placed shifts for spec: each
// window cut into blocks of 1 to 6 slots, each given to a random host or
// left uncovered, and a few more blocks laid over them.
func randomShifts(r *rand.Rand, spec RosterSpec) []Shift {
	ws, _ := spec.windows()
	u := spec.slot()
	var out []Shift
	for d, w := range ws {
		for at := w.open; at.Before(w.close); {
			end := at.Add(time.Duration(1+r.IntN(6)) * u)
			if end.After(w.close) {
				end = w.close
			}
			if r.IntN(10) > 0 {
				out = append(out, Shift{Host: spec.Hosts[r.IntN(len(spec.Hosts))].ID, Day: d, Start: at, End: end})
			}
			at = end
		}
	}
	for range r.IntN(4) {
		d := r.IntN(len(ws))
		n := ws[d].slots
		a := r.IntN(n)
		b := a + 1 + r.IntN(n-a)
		out = append(out, Shift{Host: spec.Hosts[r.IntN(len(spec.Hosts))].ID, Day: d,
			Start: ws[d].open.Add(time.Duration(a) * u), End: ws[d].open.Add(time.Duration(b) * u)})
	}
	return out
}

// malformed returns shifts VerifyRoster cannot place: an unknown host, no
// such day, out of the window, off the slots, empty, and a duplicate.
func malformed(r *rand.Rand, spec RosterSpec, shifts []Shift) []Shift {
	var out []Shift
	for range 1 + r.IntN(4) {
		s := shifts[r.IntN(len(shifts))]
		switch r.IntN(6) {
		case 0:
			s.Host = "zz"
		case 1:
			s.Day = rosterPick(r, -1, 7*spec.Weeks)
		case 2:
			s.End = s.End.Add(25 * time.Hour)
		case 3:
			s.Start = s.Start.Add(time.Second)
		case 4:
			s.End = s.Start
		}
		out = append(out, s)
	}
	return out
}

// TestVerifyRosterShuffle: on random rosters, well placed or not, the
// breaches VerifyRoster lists are identical for any order of the shifts;
// and a host has an overlap breach exactly when two of its well-placed
// shifts overlap (checked pair by pair).
func TestVerifyRosterShuffle(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(2024, 618))
	n := rosterCases(2000, 300, 20000)
	overlaps := 0
	for i := range n {
		spec := randomSpec(rng, ny)
		if spec.Validate() != nil {
			continue
		}
		shifts := randomShifts(rng, spec)
		if len(shifts) == 0 {
			continue
		}
		got := VerifyRoster(spec, Roster{Shifts: shifts})
		overlapping := map[string]bool{}
		for a := range shifts {
			for b := range a {
				x, y := shifts[a], shifts[b]
				if x.Host == y.Host && x.Start.Before(y.End) && y.Start.Before(x.End) {
					overlapping[x.Host] = true
				}
			}
		}
		reported := map[string]bool{}
		var bs Breaches
		if errors.As(got, &bs) {
			for _, b := range bs {
				if b.Rule == RuleOverlap {
					reported[b.Host] = true
				}
			}
		}
		require.Equal(t, overlapping, reported, "case %d: %v", i, got)
		if len(overlapping) > 0 {
			overlaps++
		}

		all := append(shifts, malformed(rng, spec, shifts)...)
		want := fmt.Sprintf("%#v", VerifyRoster(spec, Roster{Shifts: all}))
		for range 3 {
			rng.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
			require.Equal(t, want, fmt.Sprintf("%#v", VerifyRoster(spec, Roster{Shifts: all})), "case %d", i)
		}
	}
	t.Logf("%d rosters, %d with overlaps", n, overlaps)
	assert.Greater(t, overlaps, n/10)
}

// wideTinySpec is tinySpec with MaxWeekly, preferences, half-hour slots
// and New York's DST nights, still small enough to enumerate.
func wideTinySpec(r *rand.Rand, ny *time.Location) RosterSpec {
	s := tinySpec(r)
	switch r.IntN(4) {
	case 0: // half-hour slots, a 1-hour window: 2 slots a day
		s.Slot = 30 * time.Minute
		s.Length = time.Hour
		if len(s.Hosts) == 3 {
			s.Hosts = s.Hosts[:2]
		}
		s.Labour.DailyStandard = time.Duration(1+r.IntN(2)) * 30 * time.Minute
		s.Labour.WeeklyStandard = s.Labour.DailyStandard * time.Duration(1+r.IntN(7))
		s.Labour.OvertimePerDay = time.Duration(r.IntN(2)) * 30 * time.Minute
		s.MaxOnAir = rosterPick(r, 0, 30*time.Minute)
	case 1: // a DST week in New York, a window from 01:00 for 1 hour
		s.Location = ny
		s.First = rosterPick(r, time.Date(2024, 3, 4+r.IntN(7), 0, 0, 0, 0, time.UTC), time.Date(2024, 10, 28+r.IntN(7), 0, 0, 0, 0, time.UTC))
		s.Opens, s.Length = time.Hour, time.Hour
		if len(s.Hosts) == 3 {
			s.Hosts = s.Hosts[:2]
		}
		for i := range s.Hosts {
			s.Hosts[i].Off = nil
			for d := range 7 {
				if r.IntN(4) == 0 {
					s.Hosts[i].Off = append(s.Hosts[i].Off, s.First.AddDate(0, 0, d))
				}
			}
		}
	}
	for i := range s.Hosts {
		s.Hosts[i].Prefers = Prefer(r.IntN(3))
		if r.IntN(3) == 0 {
			s.Hosts[i].MaxWeekly = time.Duration(1+r.IntN(4)) * s.slot()
		}
	}
	return s
}

// bruteForceSlots reports whether any assignment of hosts to the slots of
// a tiny spec (any slot) passes VerifyRoster.
func bruteForceSlots(spec RosterSpec) bool {
	ws, _ := spec.windows()
	u := spec.slot()
	var slots []Shift
	for d, w := range ws {
		for at := w.open; at.Before(w.close); at = at.Add(u) {
			slots = append(slots, Shift{Day: d, Start: at, End: at.Add(u)})
		}
	}
	n := len(spec.Hosts)
	total := 1
	for range slots {
		total *= n
	}
	r := Roster{Shifts: slots}
	for code := range total {
		for k := range slots {
			slots[k].Host = spec.Hosts[code%n].ID
			code /= n
		}
		if VerifyRoster(spec, r) == nil {
			return true
		}
	}
	return false
}

// TestRosterAgreesWithBruteForceWide is TestRosterAgreesWithBruteForce on
// wideTinySpec (the reviewer's generator), with the daily overtime cap in
// both the planner and the verifier. Enumeration is slow (up to 2^14
// rosters a spec), so the default is small; LIVECOMMERCE_LONG=1 runs 1,500.
func TestRosterAgreesWithBruteForceWide(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 11))
	n := rosterCases(30, 10, 1500)
	tried, feasible := 0, 0
	for i := range n {
		spec := wideTinySpec(rng, ny)
		ws, err := spec.windows()
		if err != nil {
			continue
		}
		slots := 0
		for _, w := range ws {
			slots += w.slots
		}
		if slots > 14 || len(spec.Hosts) == 3 && slots > 9 {
			continue
		}
		tried++
		want := bruteForceSlots(spec)
		r, err := PlanRoster(spec)
		if want {
			feasible++
			require.NoError(t, err, "case %d: %+v", i, spec)
			require.NoError(t, VerifyRoster(spec, r), "case %d", i)
			continue
		}
		var cert *Infeasible
		require.ErrorAs(t, err, &cert, "case %d: %+v", i, spec)
		require.NotEqual(t, RuleSearchLimit, cert.Rule, "case %d", i)
	}
	t.Logf("%d tiny specs, %d feasible", tried, feasible)
	assert.Greater(t, feasible, 0)
}
