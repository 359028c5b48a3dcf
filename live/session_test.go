package live_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// sessionDay is 07:00 in Shanghai, the start of the 18-hour day of seed 002.
var sessionDay = time.Date(2024, 6, 18, 7, 0, 0, 0, time.FixedZone("CST", 8*3600))

func tiktokSpec(id string, start, end time.Time) live.SessionSpec {
	return live.SessionSpec{
		ID: id, Account: "cups", Platform: live.TikTok,
		Hosts: []string{"mei", "ana"}, Lineup: []string{"cup-1", "cup-2"}, Selling: true,
		Start: start, End: end,
	}
}

func TestProfileOf(t *testing.T) {
	tt, ok := live.ProfileOf(live.TikTok)
	require.True(t, ok)
	// TikTok LIVE Event: 30 min to 13 h, ≤ 100 products (anchor c.3).
	assert.Equal(t, live.Profile{Platform: live.TikTok, MinSession: 30 * time.Minute, MaxSession: 13 * time.Hour, MaxProducts: 100}, tt)
	for _, p := range live.Platforms() {
		prof, ok := live.ProfileOf(p)
		require.True(t, ok, p)
		assert.Equal(t, p, prof.Platform)
		// Split relies on it to keep every part ≥ MinSession.
		assert.True(t, prof.MaxSession == 0 || prof.MaxSession >= 2*prof.MinSession, p)
	}
	for _, p := range []live.Platform{live.Xiaohongshu, live.Douyin, live.WeChatChannels} {
		prof, _ := live.ProfileOf(p)
		assert.Equal(t, live.Profile{Platform: p}, prof, "no stored source gives %v a cap", p)
	}
	_, ok = live.ProfileOf(0)
	assert.False(t, ok)
	_, ok = live.ProfileOf(99)
	assert.False(t, ok)
}

func TestNewSession(t *testing.T) {
	s, err := live.NewSession(tiktokSpec("s-1", sessionDay, sessionDay.Add(2*time.Hour)))
	require.NoError(t, err)
	assert.Equal(t, "s-1", s.ID())
	assert.Equal(t, "cups", s.Account())
	assert.Equal(t, live.TikTok, s.Platform())
	assert.Equal(t, []string{"ana", "mei"}, s.Hosts(), "sorted")
	assert.Equal(t, []string{"cup-1", "cup-2"}, s.Lineup(), "running order kept")
	assert.True(t, s.Selling())
	assert.True(t, s.ScheduledStart().Equal(sessionDay))
	assert.True(t, s.ScheduledEnd().Equal(sessionDay.Add(2*time.Hour)))
	assert.Equal(t, live.Scheduled, s.Status())
	assert.True(t, s.StartedAt().IsZero())
	assert.True(t, s.EndedAt().IsZero())
	assert.Empty(t, s.Interruptions())
	assert.Zero(t, s.OnAir())

	// The accessors return copies.
	s.Hosts()[0] = "x"
	s.Lineup()[0] = "x"
	assert.Equal(t, []string{"ana", "mei"}, s.Hosts())
	assert.Equal(t, []string{"cup-1", "cup-2"}, s.Lineup())

	// Host order does not matter.
	spec := tiktokSpec("s-1", sessionDay, sessionDay.Add(2*time.Hour))
	spec.Hosts = []string{"ana", "mei"}
	s2, err := live.NewSession(spec)
	require.NoError(t, err)
	assert.True(t, s.Equal(s2))
	// The caller's slices are not kept.
	spec.Hosts[0], spec.Lineup[0] = "zed", "zzz"
	assert.True(t, s.Equal(s2))

	// No cap known on Xiaohongshu: a 18-hour session is one.
	spec = tiktokSpec("s-x", sessionDay, sessionDay.Add(18*time.Hour))
	spec.Platform = live.Xiaohongshu
	_, err = live.NewSession(spec)
	assert.NoError(t, err)
	// A non-selling session needs no lineup.
	spec.Selling, spec.Lineup = false, nil
	_, err = live.NewSession(spec)
	assert.NoError(t, err)
}

func TestNewSessionErrors(t *testing.T) {
	lineup101 := make([]string, 101) // one over TikTok's 100 products (anchor c.3)
	for i := range lineup101 {
		lineup101[i] = fmt.Sprintf("sku-%d", i)
	}
	tests := []struct {
		name   string
		edit   func(*live.SessionSpec)
		target error
		msg    string
	}{
		{"empty id", func(s *live.SessionSpec) { s.ID = "" }, commerce.ErrInvalid, `session: id: empty`},
		{"bad account", func(s *live.SessionSpec) { s.Account = " a" }, commerce.ErrInvalid, `session "s": account`},
		{"platform", func(s *live.SessionSpec) { s.Platform = 0 }, commerce.ErrInvalid, `platform: unknown Platform(0)`},
		{"no host", func(s *live.SessionSpec) { s.Hosts = nil }, commerce.ErrInvalid, `session "s": hosts: none`},
		{"bad host", func(s *live.SessionSpec) { s.Hosts = []string{"a", ""} }, commerce.ErrInvalid, `session "s": host 1: empty`},
		{"duplicate host", func(s *live.SessionSpec) { s.Hosts = []string{"a", "b", "a"} }, commerce.ErrInvalid, `session "s": host 2: "a" repeats host 0`},
		{"bad sku", func(s *live.SessionSpec) { s.Lineup = []string{"\n"} }, commerce.ErrInvalid, `session "s": lineup: sku 0`},
		{"duplicate sku", func(s *live.SessionSpec) { s.Lineup = []string{"c", "c"} }, commerce.ErrInvalid, `session "s": lineup: sku 1: "c" repeats sku 0`},
		{"duplicate sku in a long lineup", func(s *live.SessionSpec) { s.Lineup = append(slices.Clone(lineup101[:40]), "sku-7") }, commerce.ErrInvalid, `session "s": lineup: sku 40: "sku-7" repeats sku 7`},
		{"selling without lineup", func(s *live.SessionSpec) { s.Lineup = nil }, commerce.ErrInvalid, `session "s": lineup: empty; a selling session needs a lineup`},
		{"too many products", func(s *live.SessionSpec) { s.Lineup = lineup101 }, commerce.ErrInvalid, `lineup: 101 SKUs, tiktok allows at most 100`},
		{"zero start", func(s *live.SessionSpec) { s.Start = time.Time{} }, commerce.ErrInvalid, `session "s": start: zero time`},
		{"end out of range", func(s *live.SessionSpec) { s.End = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }, commerce.ErrInvalid, `session "s": end: 2300-01-01T00:00:00Z is outside [1677-09-21T00:12:45Z, 2262-04-11T23:47:16Z)`},
		{"end before start", func(s *live.SessionSpec) { s.End = s.Start.Add(-time.Hour) }, commerce.ErrInvalid, `session "s": end: 2024-06-18T06:00:00+08:00 is not after the start, 2024-06-18T07:00:00+08:00`},
		{"end at start", func(s *live.SessionSpec) { s.End = s.Start }, commerce.ErrInvalid, `is not after the start`},
		{"shorter than minimum", func(s *live.SessionSpec) { s.End = s.Start.Add(30*time.Minute - 1) }, commerce.ErrInvalid, `session "s": end: scheduled for 29m59.999999999s, tiktok needs at least 30m0s`},
		{"too long", func(s *live.SessionSpec) { s.End = s.Start.Add(13*time.Hour + 1) }, live.ErrTooLong, `live: session "s": scheduled for 13h0m0.000000001s, tiktok allows at most 13h0m0s: session too long for the platform`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := tiktokSpec("s", sessionDay, sessionDay.Add(2*time.Hour))
			tc.edit(&spec)
			_, err := live.NewSession(spec)
			require.ErrorIs(t, err, tc.target)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestNewSessionSpanOverflow(t *testing.T) {
	// 1700 to 2200 is 500 years: more than a time.Duration holds.
	spec := tiktokSpec("s", time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC))
	spec.Platform = live.Douyin
	_, err := live.NewSession(spec)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "more than 292 years after the start")
}

func TestSessionBounds(t *testing.T) {
	// Exactly the minimum and exactly the maximum are allowed.
	for _, d := range []time.Duration{30 * time.Minute, 13 * time.Hour} {
		_, err := live.NewSession(tiktokSpec("s", sessionDay, sessionDay.Add(d)))
		assert.NoError(t, err, d)
	}
}

func TestSessionLifecycle(t *testing.T) {
	s, err := live.NewSession(tiktokSpec("s-1", sessionDay, sessionDay.Add(3*time.Hour)))
	require.NoError(t, err)
	at := func(m int) time.Time { return sessionDay.Add(time.Duration(m) * time.Minute) }

	s1, err := s.Start(at(-5)) // early start
	require.NoError(t, err)
	assert.Equal(t, live.Scheduled, s.Status(), "receiver unchanged")
	assert.Equal(t, live.Streaming, s1.Status())
	assert.True(t, s1.StartedAt().Equal(at(-5)))

	s2, err := s1.Interrupt(at(30))
	require.NoError(t, err)
	assert.Equal(t, live.Interrupted, s2.Status())
	assert.Equal(t, []live.Interruption{{From: at(30)}}, s2.Interruptions())
	assert.Zero(t, s2.OnAir(), "not ended")

	s3, err := s2.Resume(at(40))
	require.NoError(t, err)
	assert.Equal(t, []live.Interruption{{From: at(30)}}, s2.Interruptions(), "receiver unchanged")
	assert.Equal(t, []live.Interruption{{From: at(30), To: at(40)}}, s3.Interruptions())

	s4, err := s3.Interrupt(at(60))
	require.NoError(t, err)
	// Two versions branching from s3 do not share their appends.
	s4b, err := s3.Interrupt(at(70))
	require.NoError(t, err)
	assert.True(t, s4.Interruptions()[1].From.Equal(at(60)))
	assert.True(t, s4b.Interruptions()[1].From.Equal(at(70)))

	s5, err := s4.Resume(at(65))
	require.NoError(t, err)
	s6, err := s5.End(at(185))
	require.NoError(t, err)
	assert.Equal(t, live.Ended, s6.Status())
	assert.True(t, s6.EndedAt().Equal(at(185)))
	// 190 min from -5 to 185, less 10 and 5 off air.
	assert.Equal(t, 175*time.Minute, s6.OnAir())

	// Ending while interrupted closes the interruption at the end.
	e, err := s4.End(at(100))
	require.NoError(t, err)
	assert.Equal(t, []live.Interruption{{From: at(30), To: at(40)}, {From: at(60), To: at(100)}}, e.Interruptions())
	assert.Equal(t, (105-10-40)*time.Minute, e.OnAir())

	c, err := s.Cancel(at(-60))
	require.NoError(t, err)
	assert.Equal(t, live.Cancelled, c.Status())
	assert.True(t, c.EndedAt().Equal(at(-60)))
	assert.Zero(t, c.OnAir())
}

func TestSessionTransitionErrors(t *testing.T) {
	base, err := live.NewSession(tiktokSpec("s-1", sessionDay, sessionDay.Add(3*time.Hour)))
	require.NoError(t, err)
	streaming, _ := base.Start(sessionDay)
	interrupted, _ := streaming.Interrupt(sessionDay.Add(time.Hour))
	ended, _ := streaming.End(sessionDay.Add(2 * time.Hour))
	cancelled, _ := base.Cancel(sessionDay)
	later := sessionDay.Add(5 * time.Hour)

	type step func(live.Session, time.Time) (live.Session, error)
	tests := []struct {
		name   string
		from   live.Session
		step   step
		at     time.Time
		target error
		msg    string
	}{
		{"end scheduled", base, live.Session.End, later, live.ErrTransition, `live: session "s-1": end: cannot go from scheduled to ended: transition not allowed`},
		{"interrupt scheduled", base, live.Session.Interrupt, later, live.ErrTransition, `cannot go from scheduled to interrupted`},
		{"resume streaming", streaming, live.Session.Resume, later, live.ErrTransition, `cannot go from streaming to streaming`},
		{"start streaming", streaming, live.Session.Start, later, live.ErrTransition, `cannot go from streaming to streaming`},
		{"cancel streaming", streaming, live.Session.Cancel, later, live.ErrTransition, `cannot go from streaming to cancelled`},
		{"interrupt interrupted", interrupted, live.Session.Interrupt, later, live.ErrTransition, `cannot go from interrupted to interrupted`},
		{"start ended", ended, live.Session.Start, later, live.ErrTransition, `cannot go from ended to streaming`},
		{"end ended", ended, live.Session.End, later, live.ErrTransition, `cannot go from ended to ended`},
		{"start cancelled", cancelled, live.Session.Start, later, live.ErrTransition, `cannot go from cancelled to streaming`},
		{"zero session", live.Session{}, live.Session.Start, later, live.ErrTransition, `cannot go from SessionStatus(0) to streaming`},
		{"backwards interrupt", streaming, live.Session.Interrupt, sessionDay.Add(-time.Nanosecond), commerce.ErrInvalid, `session "s-1": interrupt: time: 2024-06-18T06:59:59.999999999+08:00 is before the session's last event at 2024-06-18T07:00:00+08:00`},
		{"backwards resume", interrupted, live.Session.Resume, sessionDay.Add(59 * time.Minute), commerce.ErrInvalid, `resume: time`},
		{"backwards end", interrupted, live.Session.End, sessionDay, commerce.ErrInvalid, `end: time`},
		{"zero time", base, live.Session.Start, time.Time{}, commerce.ErrInvalid, `session "s-1": start: time: zero time`},
		{"out of range", streaming, live.Session.End, time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC), commerce.ErrInvalid, `outside [1677-09-21T00:12:45Z, 2262-04-11T23:47:16Z)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.step(tc.from, tc.at)
			require.ErrorIs(t, err, tc.target)
			assert.Contains(t, err.Error(), tc.msg)
			assert.True(t, got.Equal(tc.from), "a failed transition returns the receiver")
		})
	}
}

func TestSessionSpanOverflowOnEnd(t *testing.T) {
	spec := tiktokSpec("s", time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1700, 1, 1, 2, 0, 0, 0, time.UTC))
	s, err := live.NewSession(spec)
	require.NoError(t, err)
	s, err = s.Start(spec.Start)
	require.NoError(t, err)
	// 1700 to 2200 is more than a time.Duration holds.
	_, err = s.End(time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC))
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "more than 292 years after the start")
}

func TestSessionEqual(t *testing.T) {
	a, _ := live.NewSession(tiktokSpec("s-1", sessionDay, sessionDay.Add(time.Hour)))
	b, _ := live.NewSession(tiktokSpec("s-1", sessionDay.UTC(), sessionDay.Add(time.Hour).UTC()))
	assert.True(t, a.Equal(b), "same instants in other zones")
	c, _ := live.NewSession(tiktokSpec("s-2", sessionDay, sessionDay.Add(time.Hour)))
	assert.False(t, a.Equal(c))
	a1, _ := a.Start(sessionDay)
	assert.False(t, a.Equal(a1))
}

func TestSessionStatusString(t *testing.T) {
	assert.Equal(t, "scheduled streaming interrupted ended cancelled SessionStatus(0) SessionStatus(9)",
		fmt.Sprint(live.Scheduled, live.Streaming, live.Interrupted, live.Ended, live.Cancelled, live.SessionStatus(0), live.SessionStatus(9)))
}

// splitText returns the parts' scheduled [start, end) as clock times.
func splitText(parts []live.Session) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p.ID()+" "+p.ScheduledStart().Format("01-02 15:04")+"–"+p.ScheduledEnd().Format("01-02 15:04"))
	}
	return out
}

func TestSplit(t *testing.T) {
	h := func(n float64) time.Time { return sessionDay.Add(time.Duration(n * float64(time.Hour))) }
	tests := []struct {
		name string
		end  time.Time
		cuts []time.Time
		want []string
	}{
		// 07:00 → 01:00 is the 18-hour day of seed 002; TikTok caps a
		// LIVE Event at 13 h (anchor c.3).
		{"18 h, no cut", h(18), nil, []string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-19 01:00"}},
		{"18 h, handovers 13:00 and 19:00", h(18), []time.Time{h(12), h(6)},
			[]string{"d-1 06-18 07:00–06-18 19:00", "d-2 06-18 19:00–06-19 01:00"}},
		{"a cut past start + max is not taken", h(18), []time.Time{h(13.5)},
			[]string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-19 01:00"}},
		{"a cut at start + max is taken", h(18), []time.Time{h(13), h(13)},
			[]string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-19 01:00"}},
		{"a cut leaving the first part short is skipped", h(14), []time.Time{h(0.25)},
			[]string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-18 21:00"}},
		{"after a cut, the next part runs to start + max", h(20), []time.Time{h(19.75), h(6)},
			[]string{"d-1 06-18 07:00–06-18 13:00", "d-2 06-18 13:00–06-19 02:00", "d-3 06-19 02:00–06-19 03:00"}},
		// A handover at 20:00 would leave 15 min, under the minimum.
		{"a cut leaving the rest short is skipped", h(13.25), []time.Time{h(13)},
			[]string{"d-1 06-18 07:00–06-18 19:45", "d-2 06-18 19:45–06-18 20:15"}},
		{"exactly 13 h is one session, ID kept", h(13), []time.Time{h(6)}, []string{"d 06-18 07:00–06-18 20:00"}},
		{"cuts at the start and end are ignored", h(18), []time.Time{h(0), h(18)},
			[]string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-19 01:00"}},
		{"26 h is two full sessions", h(26), nil, []string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-19 09:00"}},
		{"27 h is three", h(27), nil, []string{"d-1 06-18 07:00–06-18 20:00", "d-2 06-18 20:00–06-19 09:00", "d-3 06-19 09:00–06-19 10:00"}},
		// 13 h 10 min would leave 10 min: the first part gives up 20
		// min so the last is the 30-minute minimum.
		{"short remainder is lengthened to the minimum", h(13 + 1.0/6), nil,
			[]string{"d-1 06-18 07:00–06-18 19:40", "d-2 06-18 19:40–06-18 20:10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := tiktokSpec("d", sessionDay, tc.end)
			parts, err := live.Split(spec, tc.cuts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, splitText(parts))
			for _, p := range parts {
				assert.Equal(t, live.Scheduled, p.Status())
				assert.Equal(t, []string{"ana", "mei"}, p.Hosts())
				assert.Equal(t, spec.Lineup, p.Lineup())
			}
		})
	}
}

func TestSplitOneNanosecondOver(t *testing.T) {
	parts, err := live.Split(tiktokSpec("d", sessionDay, sessionDay.Add(13*time.Hour+1)), nil)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	// 1 ns over would leave 1 ns: the last part is the 30-minute minimum.
	assert.Equal(t, 12*time.Hour+30*time.Minute+1, parts[0].ScheduledEnd().Sub(parts[0].ScheduledStart()))
	assert.Equal(t, 30*time.Minute, parts[1].ScheduledEnd().Sub(parts[1].ScheduledStart()))
}

func TestSplitEqualsNewSessionWhenItFits(t *testing.T) {
	spec := tiktokSpec("d", sessionDay, sessionDay.Add(13*time.Hour))
	s, err := live.NewSession(spec)
	require.NoError(t, err)
	parts, err := live.Split(spec, nil)
	require.NoError(t, err)
	require.Len(t, parts, 1)
	assert.True(t, s.Equal(parts[0]))

	// No cap known: one session whatever the length.
	spec.Platform, spec.End = live.WeChatChannels, sessionDay.Add(40*time.Hour)
	parts, err = live.Split(spec, nil)
	require.NoError(t, err)
	assert.Len(t, parts, 1)
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		name string
		spec live.SessionSpec
		cuts []time.Time
		msg  string
	}{
		{"cut before", tiktokSpec("d", sessionDay, sessionDay.Add(18*time.Hour)), []time.Time{sessionDay.Add(-time.Hour)}, `split "d": cut 0: 2024-06-18T06:00:00+08:00 is outside the broadcast`},
		{"cut after", tiktokSpec("d", sessionDay, sessionDay.Add(18*time.Hour)), []time.Time{sessionDay.Add(time.Hour), sessionDay.Add(19 * time.Hour)}, `split "d": cut 1:`},
		{"zero cut", tiktokSpec("d", sessionDay, sessionDay.Add(18*time.Hour)), []time.Time{{}}, `split "d": cut 0: zero time`},
		{"bad spec", tiktokSpec("d", sessionDay, sessionDay.Add(10*time.Minute)), nil, `tiktok needs at least 30m0s`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := live.Split(tc.spec, tc.cuts)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Nil(t, parts)
		})
	}
	_, err := live.Split(tiktokSpec("d", sessionDay, sessionDay.Add(18*time.Hour)), nil)
	assert.False(t, errors.Is(err, live.ErrTooLong))
}

// splitRFC3339 returns the parts' scheduled [start, end) as RFC 3339 text,
// zone offsets included.
func splitRFC3339(parts []live.Session) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p.ID()+" "+p.ScheduledStart().Format(time.RFC3339Nano)+" "+p.ScheduledEnd().Format(time.RFC3339Nano))
	}
	return out
}

// TestSplitCutsAreInstants checks that a cut counts by its instant, not by
// its zone or the order it comes in: two cuts that are the same instant in
// Shanghai and in UTC give byte-identical parts in either order, every
// boundary in the zone of the spec's start.
func TestSplitCutsAreInstants(t *testing.T) {
	utc := time.FixedZone("UTC+0", 0)
	ny := time.FixedZone("EDT", -4*3600)
	spec := tiktokSpec("d", sessionDay, sessionDay.Add(18*time.Hour).In(ny)) // 01:00 CST is 13:00 EDT
	cut := sessionDay.Add(12 * time.Hour)                                    // the 19:00 handover of TestSplit
	want := []string{
		"d-1 2024-06-18T07:00:00+08:00 2024-06-18T19:00:00+08:00",
		"d-2 2024-06-18T19:00:00+08:00 2024-06-19T01:00:00+08:00",
	}
	for _, cuts := range [][]time.Time{
		{cut, cut.In(utc)},
		{cut.In(utc), cut},
		{cut.In(utc), cut.In(ny), cut.In(utc)},
	} {
		parts, err := live.Split(spec, cuts)
		require.NoError(t, err)
		assert.Equal(t, want, splitRFC3339(parts), "cuts %v", cuts)
		first, err := live.Split(spec, []time.Time{cut})
		require.NoError(t, err)
		assert.Equal(t, first, parts, "the same values, location and all")
	}

	// A broadcast that fits is one session, its end in the start's zone too.
	one, err := live.Split(tiktokSpec("d", sessionDay, sessionDay.Add(2*time.Hour).In(ny)), []time.Time{cut.Add(-11 * time.Hour).In(utc)})
	require.NoError(t, err)
	assert.Equal(t, []string{"d 2024-06-18T07:00:00+08:00 2024-06-18T09:00:00+08:00"}, splitRFC3339(one))
}

// TestSplitDropsMonotonic checks that no boundary carries a monotonic
// clock reading: a spec and cuts read off the clock give the same parts as
// their wall times.
func TestSplitDropsMonotonic(t *testing.T) {
	now := time.Now() // has a monotonic reading; test code may read the clock
	require.Contains(t, now.String(), "m=", "time.Now carries a monotonic reading")
	spec := tiktokSpec("d", now, now.Add(18*time.Hour))
	parts, err := live.Split(spec, []time.Time{now.Add(12 * time.Hour), now.Add(12 * time.Hour).Round(0)})
	require.NoError(t, err)
	require.Len(t, parts, 2)
	for _, p := range parts {
		assert.NotContains(t, p.ScheduledStart().String(), "m=")
		assert.NotContains(t, p.ScheduledEnd().String(), "m=")
	}
	wall := tiktokSpec("d", now.Round(0), now.Add(18*time.Hour).Round(0))
	again, err := live.Split(wall, []time.Time{now.Add(12 * time.Hour).Round(0)})
	require.NoError(t, err)
	assert.Equal(t, again, parts)
	one, err := live.Split(tiktokSpec("d", now, now.Add(time.Hour)), nil)
	require.NoError(t, err)
	assert.NotContains(t, one[0].ScheduledStart().String(), "m=")
	assert.NotContains(t, one[0].ScheduledEnd().String(), "m=")
}

// TestSplitChecksCutsWhenItFits checks that the cuts are validated even
// when the broadcast is one session and no cut is used.
func TestSplitChecksCutsWhenItFits(t *testing.T) {
	fits := tiktokSpec("d", sessionDay, sessionDay.Add(2*time.Hour))
	uncapped := fits
	uncapped.Platform, uncapped.End = live.WeChatChannels, sessionDay.Add(40*time.Hour)
	tests := []struct {
		name string
		spec live.SessionSpec
		cuts []time.Time
		msg  string
	}{
		{"zero cut", fits, []time.Time{{}}, `split "d": cut 0: zero time`},
		{"cut 100 h before", fits, []time.Time{sessionDay.Add(time.Hour), sessionDay.Add(-100 * time.Hour)}, `split "d": cut 1: 2024-06-14T03:00:00+08:00 is outside the broadcast`},
		{"cut after", fits, []time.Time{sessionDay.Add(2*time.Hour + 1)}, `split "d": cut 0: 2024-06-18T09:00:00.000000001+08:00 is outside the broadcast`},
		{"cut out of range", fits, []time.Time{time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}, `split "d": cut 0: 2300-01-01T00:00:00Z is outside [`},
		{"no cap, zero cut", uncapped, []time.Time{{}}, `split "d": cut 0: zero time`},
		{"no cap, cut before", uncapped, []time.Time{sessionDay.Add(-time.Nanosecond)}, `split "d": cut 0:`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := live.Split(tc.spec, tc.cuts)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Nil(t, parts)
		})
	}
}

// TestSessionTimeRange checks that the range the error message states is
// the range the check applies, to the nanosecond, for a schedule, a
// transition and a cut.
func TestSessionTimeRange(t *testing.T) {
	_, err := live.NewSession(tiktokSpec("s", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), sessionDay))
	require.ErrorIs(t, err, commerce.ErrInvalid)
	msg := err.Error()
	open, comma, closing := strings.Index(msg, "["), strings.Index(msg, ", "), strings.LastIndex(msg, ")")
	require.True(t, open >= 0 && comma > open && closing > comma, msg)
	lo, err := time.Parse(time.RFC3339, msg[open+1:comma])
	require.NoError(t, err, msg)
	hi, err := time.Parse(time.RFC3339, msg[comma+2:closing])
	require.NoError(t, err, msg)
	// The instants the docs on SessionSpec name.
	assert.True(t, lo.Equal(time.Date(1677, 9, 21, 0, 12, 45, 0, time.UTC)), lo)
	assert.True(t, hi.Equal(time.Date(2262, 4, 11, 23, 47, 16, 0, time.UTC)), hi)

	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"first instant", lo, true},
		{"1 ns before it", lo.Add(-1), false},
		{"last instant", hi.Add(-1), true},
		{"the exclusive end", hi, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// As the start or the end of a 1-hour schedule.
			spec := tiktokSpec("s", tc.at, tc.at.Add(time.Hour))
			if tc.at.After(sessionDay) {
				spec.Start, spec.End = tc.at.Add(-time.Hour), tc.at
			}
			_, err := live.NewSession(spec)
			assert.Equal(t, tc.ok, err == nil, "schedule: %v", err)
			// As a transition time.
			s, err := live.NewSession(tiktokSpec("s", lo.Add(time.Hour), lo.Add(2*time.Hour)))
			require.NoError(t, err)
			_, err = s.Start(tc.at)
			assert.Equal(t, tc.ok, err == nil, "start: %v", err)
			// As a permission event.
			p, _ := live.NewPermission("cups")
			_, err = p.Apply(tc.at, certifiedStore)
			assert.Equal(t, tc.ok, err == nil, "permission: %v", err)
			if !tc.ok {
				assert.ErrorContains(t, err, "is outside "+msg[open:closing+1])
			}
		})
	}
}
