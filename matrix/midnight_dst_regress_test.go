package matrix_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// In zones whose daylight-saving change happens at midnight (São Paulo
// until 2019, Asunción, Havana, Santiago…), local midnight of the change
// day does not exist and time.Date(y, m, d, 0, 0, 0, 0, loc) returns 23:00
// of the day before. spanAt builds calendar windows that way, so the last
// hour of the eve falls in no window of its own day: two sends to one
// group at 23:10 and 23:40 on 3 November 2018 in São Paulo both pass a cap
// of one a calendar day.
func TestRegressCalendarDayCapAtMidnightDSTGap(t *testing.T) {
	p, sp := saoPauloDailyPlanner(t)
	plan, err := p.Plan(matrix.Request{Announcements: []matrix.Announcement{
		{ID: "a1", Kind: matrix.ProductLaunch, Account: "brand", Groups: []string{"fans"}, At: time.Date(2018, 11, 3, 23, 10, 0, 0, sp)},
		{ID: "a2", Kind: matrix.ProductLaunch, Account: "brand", Groups: []string{"fans"}, At: time.Date(2018, 11, 3, 23, 40, 0, 0, sp)},
	}})
	require.NoError(t, err)
	for _, d := range plan.Deliveries() {
		y, m, dd := d.At.In(sp).Date()
		t.Logf("delivered %s at %s (local date %d-%02d-%02d)", d.Announcement, d.At.In(sp).Format(time.RFC3339), y, m, dd)
	}
	for _, s := range plan.Suppressed() {
		t.Logf("suppressed %s: window [%s, %s)", s.Announcement, s.From.Format(time.RFC3339), s.To.Format(time.RFC3339))
	}
	assert.Len(t, plan.Deliveries(), 1, "one send a calendar day to the group, both are on 3 Nov local")
}

// The same gap makes the next day's window start at 23:00 on the eve:
// a send at 23:30 on 3 November (local date the 3rd) uses up the cap of
// 4 November, suppressing a send at 10:00 on the 4th.
func TestRegressCalendarDayCapEveCountsTowardNextDay(t *testing.T) {
	p, sp := saoPauloDailyPlanner(t)
	plan, err := p.Plan(matrix.Request{Announcements: []matrix.Announcement{
		{ID: "eve", Kind: matrix.ProductLaunch, Account: "brand", Groups: []string{"fans"}, At: time.Date(2018, 11, 3, 23, 30, 0, 0, sp), Priority: 1},
		{ID: "day", Kind: matrix.ProductLaunch, Account: "brand", Groups: []string{"fans"}, At: time.Date(2018, 11, 4, 10, 0, 0, 0, sp)},
	}})
	require.NoError(t, err)
	for _, s := range plan.Suppressed() {
		t.Logf("suppressed %s: window [%s, %s) count %d limit %d", s.Announcement, s.From.Format(time.RFC3339), s.To.Format(time.RFC3339), s.Count, s.Limit)
	}
	assert.Len(t, plan.Deliveries(), 2, "the sends are on two local calendar days")
}

// WeCom's days-in-month cap: in Asunción, 1 October 2017 began at 01:00
// (DST at midnight), so the October window starts at 23:00 on 30
// September and PerDay counts 32 days: 32 mass messages to one group in
// October pass a cap of 31.
func TestRegressWeComMonthCapAtMidnightDSTGap(t *testing.T) {
	asu, err := time.LoadLocation("America/Asuncion")
	require.NoError(t, err)
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "brand", Role: matrix.Brand}},
		Groups:   []matrix.Group{{ID: "fans", Owner: "brand", Members: []string{"ann"}}},
	})
	require.NoError(t, err)
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{Location: asu, Identity: matrix.FailClosed, Caps: matrix.WeComCaps()})
	require.NoError(t, err)
	var as []matrix.Announcement
	for i := range 32 {
		as = append(as, matrix.Announcement{ID: fmt.Sprintf("m%02d", i), Kind: matrix.ProductLaunch, Account: "brand",
			Groups: []string{"fans"}, At: time.Date(2017, 10, 2+i%29, 12, i, 0, 0, asu)})
	}
	plan, err := p.Plan(matrix.Request{Announcements: as})
	require.NoError(t, err)
	for _, s := range plan.Suppressed() {
		t.Logf("suppressed %s: limit %d", s.Announcement, s.Limit)
	}
	assert.LessOrEqual(t, len(plan.Deliveries()), 31, "October has 31 days")
}

// The funnel's per-day trend caches the last day's [lo, hi) bounds, built
// with time.Date at local midnight; across a midnight DST gap the bounds
// of 4 November start at 23:00 on the 3rd, so a user whose chain starts at
// 23:30 on the 3rd is put on the 4th when the tally happened to look up
// the 4th just before, and on the 3rd otherwise. The report then depends
// on how the users were split between tallies.
func TestRegressFunnelDaysDependOnTallySplit(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	f, err := matrix.NewFunnel(matrix.FunnelSpec{Steps: [][]matrix.Kind{{matrix.NoteImpression}}, Location: sp})
	require.NoError(t, err)
	rows := []matrix.Event{
		{User: 0, Kind: matrix.NoteImpression, Time: time.Date(2018, 11, 4, 10, 0, 0, 0, sp).UnixMilli()},
		{User: 1, Kind: matrix.NoteImpression, Time: time.Date(2018, 11, 3, 23, 30, 0, 0, sp).UnixMilli()},
	}
	whole := f.NewTally()
	require.NoError(t, whole.Add(rows))
	a, b := f.NewTally(), f.NewTally()
	require.NoError(t, a.Add(rows[:1]))
	require.NoError(t, b.Add(rows[1:]))
	require.NoError(t, a.Merge(b))
	rw, err := whole.Report()
	require.NoError(t, err)
	rs, err := a.Report()
	require.NoError(t, err)
	days := func(r matrix.FunnelReport) []string {
		var out []string
		for _, d := range r.Days {
			out = append(out, fmt.Sprintf("%s:%d", d.Day.Format(time.RFC3339), d.Users))
		}
		return out
	}
	assert.Equal(t, days(rs), days(rw), "a tally of all users equals the merge of its parts")
	for _, d := range rs.Days {
		before := d.Day.Add(-time.Millisecond).In(sp)
		assert.NotEqual(t, d.Day.In(sp).Day(), before.Day(), "DayCounts.Day %s is the first instant of a local day (01:00 on 4 November 2018, which has no midnight)", d.Day.Format(time.RFC3339))
	}
}

// saoPauloDailyPlanner is a planner in São Paulo for one brand's group
// "fans" (member ann) with a cap of one send a calendar day per group.
func saoPauloDailyPlanner(t *testing.T) (*matrix.Planner, *time.Location) {
	t.Helper()
	sp, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "brand", Role: matrix.Brand}},
		Groups:   []matrix.Group{{ID: "fans", Owner: "brand", Members: []string{"ann"}}},
	})
	require.NoError(t, err)
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{
		Location: sp, Identity: matrix.FailClosed,
		Caps: []matrix.Cap{{ID: "group-daily", Level: matrix.PerGroup, Limit: 1, Window: matrix.CalendarDays(1)}},
	})
	require.NoError(t, err)
	return p, sp
}
