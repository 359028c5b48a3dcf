package groupchat_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// The caps of WeCom's mass messages to customers and customer groups
// (developer.work.weixin.qq.com path/92135): days-in-month a natural month
// by default, or 7 a week, or 1 a day.
var (
	modMonthly = groupchat.Cap{Period: groupchat.Month, Blocks: groupchat.CalendarBlocks}
	modWeekly  = groupchat.Cap{Period: groupchat.Week, Limit: 7, Blocks: groupchat.CalendarBlocks}
	modDaily   = groupchat.Cap{Period: groupchat.Day, Limit: 1, Blocks: groupchat.CalendarBlocks}
	// modFixed30 counts WeCom's way, thirty-day blocks.
	modFixed30 = groupchat.Cap{Period: groupchat.Month, Blocks: groupchat.FixedBlocks}
)

// modLoad loads a time zone or fails the test.
func modLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// modOutbox returns an outbox or fails the test.
func modOutbox(t testing.TB, loc *time.Location, caps ...groupchat.Cap) *groupchat.Outbox {
	t.Helper()
	o, err := groupchat.NewOutbox(loc, caps...)
	require.NoError(t, err)
	return o
}

// modCapErr returns err as a *CapError or fails the test.
func modCapErr(t testing.TB, err error) *groupchat.CapError {
	t.Helper()
	var ce *groupchat.CapError
	require.ErrorAs(t, err, &ce)
	require.ErrorIs(t, err, groupchat.ErrCapReached)
	return ce
}

func TestCapWindow(t *testing.T) {
	sh := modLoad(t, "Asia/Shanghai")
	ny := modLoad(t, "America/New_York")
	utc := time.UTC
	d := func(loc *time.Location, y int, m time.Month, day, h, min int) time.Time {
		return time.Date(y, m, day, h, min, 0, 0, loc)
	}
	tests := []struct {
		name     string
		cap      groupchat.Cap
		at       time.Time
		loc      *time.Location
		from, to time.Time
		limit    int
	}{
		{"Feb 2024 has 29 days", modMonthly, d(sh, 2024, 2, 10, 9, 0), sh, d(sh, 2024, 2, 1, 0, 0), d(sh, 2024, 3, 1, 0, 0), 29},
		{"Feb 2023 has 28", modMonthly, d(sh, 2023, 2, 28, 23, 59), sh, d(sh, 2023, 2, 1, 0, 0), d(sh, 2023, 3, 1, 0, 0), 28},
		{"Jan has 31", modMonthly, d(sh, 2024, 1, 1, 0, 0), sh, d(sh, 2024, 1, 1, 0, 0), d(sh, 2024, 2, 1, 0, 0), 31},
		{"Apr has 30", modMonthly, d(sh, 2024, 4, 30, 12, 0), sh, d(sh, 2024, 4, 1, 0, 0), d(sh, 2024, 5, 1, 0, 0), 30},
		{"Dec rolls into the new year", modMonthly, d(sh, 2024, 12, 31, 23, 0), sh, d(sh, 2024, 12, 1, 0, 0), d(sh, 2025, 1, 1, 0, 0), 31},
		{"a set monthly limit", groupchat.Cap{Period: groupchat.Month, Limit: 4, Blocks: groupchat.CalendarBlocks}, d(sh, 2024, 2, 10, 9, 0), sh, d(sh, 2024, 2, 1, 0, 0), d(sh, 2024, 3, 1, 0, 0), 4},
		// The same instant is in March in Shanghai and in February in UTC.
		{"Mar 1 00:30 CST", modMonthly, d(sh, 2024, 3, 1, 0, 30), sh, d(sh, 2024, 3, 1, 0, 0), d(sh, 2024, 4, 1, 0, 0), 31},
		{"Feb 29 16:30 UTC", modMonthly, d(sh, 2024, 3, 1, 0, 30), utc, d(utc, 2024, 2, 1, 0, 0), d(utc, 2024, 3, 1, 0, 0), 29},
		// 16 June 2024 is a Sunday, 17 June a Monday.
		{"Sunday is the week's end", modWeekly, d(sh, 2024, 6, 16, 23, 59), sh, d(sh, 2024, 6, 10, 0, 0), d(sh, 2024, 6, 17, 0, 0), 7},
		{"Monday starts it", modWeekly, d(sh, 2024, 6, 17, 0, 0), sh, d(sh, 2024, 6, 17, 0, 0), d(sh, 2024, 6, 24, 0, 0), 7},
		{"days-in-week", groupchat.Cap{Period: groupchat.Week, Blocks: groupchat.CalendarBlocks}, d(sh, 2024, 6, 19, 0, 0), sh, d(sh, 2024, 6, 17, 0, 0), d(sh, 2024, 6, 24, 0, 0), 7},
		{"a week across months", modWeekly, d(utc, 2024, 7, 2, 0, 0), utc, d(utc, 2024, 7, 1, 0, 0), d(utc, 2024, 7, 8, 0, 0), 7},
		{"a week across years", modWeekly, d(utc, 2025, 1, 1, 0, 0), utc, d(utc, 2024, 12, 30, 0, 0), d(utc, 2025, 1, 6, 0, 0), 7},
		// 16:30 UTC on 17 June is 00:30 on 18 June in Shanghai.
		{"day in Shanghai", modDaily, d(utc, 2024, 6, 17, 16, 30), sh, d(sh, 2024, 6, 18, 0, 0), d(sh, 2024, 6, 19, 0, 0), 1},
		{"day in UTC", modDaily, d(utc, 2024, 6, 17, 16, 30), utc, d(utc, 2024, 6, 17, 0, 0), d(utc, 2024, 6, 18, 0, 0), 1},
		{"days-in-day", groupchat.Cap{Period: groupchat.Day, Blocks: groupchat.CalendarBlocks}, d(utc, 2024, 6, 17, 16, 30), utc, d(utc, 2024, 6, 17, 0, 0), d(utc, 2024, 6, 18, 0, 0), 1},
		{"nil location is UTC", modDaily, d(utc, 2024, 6, 17, 16, 30), nil, d(utc, 2024, 6, 17, 0, 0), d(utc, 2024, 6, 18, 0, 0), 1},
		// 10 March 2024 lost an hour in New York: a day of 23 hours.
		{"spring forward", modDaily, d(ny, 2024, 3, 10, 12, 0), ny, d(ny, 2024, 3, 10, 0, 0), d(ny, 2024, 3, 11, 0, 0), 1},
		{"fall back month", modMonthly, d(ny, 2024, 11, 3, 12, 0), ny, d(ny, 2024, 11, 1, 0, 0), d(ny, 2024, 12, 1, 0, 0), 30},
		// 18 June 2024 is day 19,892 from 1 January 1970: 19,892 = 663 × 30
		// + 2, so its thirty-day block starts on day 19,890, 16 June; and
		// 19,892 = 2,841 × 7 + 5, so its fixed week starts on day 19,887,
		// Thursday 13 June.
		{"fixed 30 days", modFixed30, d(utc, 2024, 6, 18, 9, 0), utc, d(utc, 2024, 6, 16, 0, 0), d(utc, 2024, 7, 16, 0, 0), 30},
		{"fixed 30 days in Shanghai", modFixed30, d(sh, 2024, 6, 18, 9, 0), sh, d(sh, 2024, 6, 16, 0, 0), d(sh, 2024, 7, 16, 0, 0), 30},
		{"fixed 30 days, limit 4", groupchat.Cap{Period: groupchat.Month, Limit: 4, Blocks: groupchat.FixedBlocks}, d(utc, 2024, 7, 15, 23, 59), utc, d(utc, 2024, 6, 16, 0, 0), d(utc, 2024, 7, 16, 0, 0), 4},
		{"fixed week from Thursday", groupchat.Cap{Period: groupchat.Week, Limit: 7, Blocks: groupchat.FixedBlocks}, d(utc, 2024, 6, 18, 9, 0), utc, d(utc, 2024, 6, 13, 0, 0), d(utc, 2024, 6, 20, 0, 0), 7},
		{"fixed day", groupchat.Cap{Period: groupchat.Day, Blocks: groupchat.FixedBlocks}, d(sh, 2024, 6, 18, 9, 0), sh, d(sh, 2024, 6, 18, 0, 0), d(sh, 2024, 6, 19, 0, 0), 1},
		{"fixed block before 1970", modFixed30, d(utc, 1969, 12, 31, 12, 0), utc, d(utc, 1969, 12, 2, 0, 0), d(utc, 1970, 1, 1, 0, 0), 30},
		{"fixed block at the epoch", modFixed30, d(utc, 1970, 1, 1, 0, 0), utc, d(utc, 1970, 1, 1, 0, 0), d(utc, 1970, 1, 31, 0, 0), 30},
		{"invalid cap", groupchat.Cap{Period: groupchat.Day}, d(utc, 2024, 6, 18, 9, 0), utc, time.Time{}, time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, limit := tt.cap.Window(tt.at, tt.loc)
			assert.True(t, tt.from.Equal(from), "from %v, want %v", from, tt.from)
			assert.True(t, tt.to.Equal(to), "to %v, want %v", to, tt.to)
			assert.Equal(t, tt.limit, limit)
			if limit > 0 {
				assert.False(t, tt.at.Before(from))
				assert.True(t, tt.at.Before(to))
			}
		})
	}
}

// modFill sends n broadcasts to member "m" one minute apart from start,
// keys prefixed by key, and fails the test on the first error.
func modFill(t *testing.T, o *groupchat.Outbox, key string, start time.Time, n int) {
	t.Helper()
	for i := range n {
		require.NoError(t, o.Send(groupchat.Broadcast{Key: fmt.Sprintf("%s-%d", key, i), At: start.Add(time.Duration(i) * time.Minute), Members: []string{"m"}}))
	}
}

// TestOutboxDaysInMonth: under WeCom's default cap a member gets as many
// broadcasts a month as it has days: the one after is refused, and the
// first instant of the next month opens a new window.
func TestOutboxDaysInMonth(t *testing.T) {
	sh := modLoad(t, "Asia/Shanghai")
	tests := []struct {
		name  string
		month time.Time
		days  int
	}{
		{"February 2024", time.Date(2024, 2, 1, 0, 0, 0, 0, sh), 29},
		{"February 2023", time.Date(2023, 2, 1, 0, 0, 0, 0, sh), 28},
		{"January 2024", time.Date(2024, 1, 1, 0, 0, 0, 0, sh), 31},
		{"June 2024", time.Date(2024, 6, 1, 0, 0, 0, 0, sh), 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := modOutbox(t, sh, modMonthly)
			modFill(t, o, "b", tt.month, tt.days)
			next := tt.month.AddDate(0, 1, 0)
			last := next.Add(-time.Nanosecond)
			err := o.Send(groupchat.Broadcast{Key: "over", At: last, Members: []string{"m"}})
			ce := modCapErr(t, err)
			assert.Equal(t, groupchat.CapError{Cap: modMonthly, Recipient: groupchat.Recipient{ID: "m"}, From: tt.month, To: next, Count: tt.days, Limit: tt.days}, *ce)
			assert.Equal(t, tt.days, o.Len(), "nothing recorded")
			require.NoError(t, o.Send(groupchat.Broadcast{Key: "next", At: next, Members: []string{"m"}}))
		})
	}
}

// TestOutboxMonthDependsOnLocation: 00:30 on 1 March in Shanghai is still
// February in UTC.
func TestOutboxMonthDependsOnLocation(t *testing.T) {
	sh := modLoad(t, "Asia/Shanghai")
	feb := time.Date(2024, 2, 1, 0, 0, 0, 0, sh)
	march := time.Date(2024, 3, 1, 0, 30, 0, 0, sh)
	for _, tt := range []struct {
		loc  *time.Location
		want error
	}{{sh, nil}, {time.UTC, groupchat.ErrCapReached}} {
		t.Run(tt.loc.String(), func(t *testing.T) {
			o := modOutbox(t, tt.loc, modMonthly)
			modFill(t, o, "b", feb.Add(8*time.Hour), 29) // from 00:00 UTC on 1 February
			modIs(t, tt.want, o.Send(groupchat.Broadcast{Key: "x", At: march, Members: []string{"m"}}))
		})
	}
}

// TestOutboxWeekFromMonday: seven a week; the eighth waits for Monday.
func TestOutboxWeekFromMonday(t *testing.T) {
	sh := modLoad(t, "Asia/Shanghai")
	o := modOutbox(t, sh, modWeekly)
	monday := time.Date(2024, 6, 10, 0, 0, 0, 0, sh)
	for i := range 7 { // one a day, Monday to Sunday
		require.NoError(t, o.Send(groupchat.Broadcast{Key: fmt.Sprint(i), At: monday.AddDate(0, 0, i), Members: []string{"m"}}))
	}
	sunday := time.Date(2024, 6, 16, 23, 59, 59, 0, sh)
	ce := modCapErr(t, o.Send(groupchat.Broadcast{Key: "8", At: sunday, Members: []string{"m"}}))
	assert.Equal(t, 7, ce.Count)
	assert.True(t, ce.From.Equal(monday))
	assert.True(t, ce.To.Equal(monday.AddDate(0, 0, 7)))
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "8", At: monday.AddDate(0, 0, 7), Members: []string{"m"}}))
}

// TestOutboxDayBoundaries: one a day, with days in Shanghai or in UTC.
func TestOutboxDayBoundaries(t *testing.T) {
	late := time.Date(2024, 6, 17, 15, 59, 0, 0, time.UTC) // 23:59 in Shanghai
	early := late.Add(time.Minute)                         // 00:00 the next day in Shanghai
	for _, tt := range []struct {
		loc  *time.Location
		want error
	}{{modLoad(t, "Asia/Shanghai"), nil}, {time.UTC, groupchat.ErrCapReached}} {
		t.Run(tt.loc.String(), func(t *testing.T) {
			o := modOutbox(t, tt.loc, modDaily)
			require.NoError(t, o.Send(groupchat.Broadcast{Key: "a", At: late, Groups: []string{"g"}}))
			modIs(t, tt.want, o.Send(groupchat.Broadcast{Key: "b", At: early, Groups: []string{"g"}}))
		})
	}
}

// TestOutboxFixedBlocks: thirty-day blocks do not reset on the 1st.
func TestOutboxFixedBlocks(t *testing.T) {
	o := modOutbox(t, time.UTC, modFixed30)
	start := time.Date(2024, 6, 16, 9, 0, 0, 0, time.UTC) // a block starts on 16 June 2024
	for i := range 30 {
		require.NoError(t, o.Send(groupchat.Broadcast{Key: fmt.Sprint(i), At: start.AddDate(0, 0, i), Members: []string{"m"}}))
	}
	// 1 July would open a natural month, not a fixed block.
	ce := modCapErr(t, o.Send(groupchat.Broadcast{Key: "x", At: time.Date(2024, 7, 15, 23, 0, 0, 0, time.UTC), Members: []string{"m"}}))
	assert.Equal(t, groupchat.CapError{Cap: modFixed30, Recipient: groupchat.Recipient{ID: "m"},
		From: time.Date(2024, 6, 16, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 7, 16, 0, 0, 0, 0, time.UTC), Count: 30, Limit: 30}, *ce)
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "x", At: time.Date(2024, 7, 16, 0, 0, 0, 0, time.UTC), Members: []string{"m"}}))
}

// TestOutboxLimitReachedVsOver: a cap of 3 a day takes the third and
// refuses the fourth.
func TestOutboxLimitReachedVsOver(t *testing.T) {
	o := modOutbox(t, time.UTC, groupchat.Cap{Period: groupchat.Day, Limit: 3, Blocks: groupchat.CalendarBlocks})
	at := time.Date(2024, 6, 18, 0, 0, 0, 0, time.UTC)
	modFill(t, o, "b", at, 3)
	ce := modCapErr(t, o.Send(groupchat.Broadcast{Key: "4", At: at.Add(time.Hour), Members: []string{"m"}}))
	assert.Equal(t, 3, ce.Count)
	assert.Equal(t, 3, ce.Limit)
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "4", At: at.AddDate(0, 0, 1), Members: []string{"m"}}))
}

// TestOutboxAllOrNothing: a broadcast with one recipient over a cap is
// refused whole, and nobody's count moves.
func TestOutboxAllOrNothing(t *testing.T) {
	o := modOutbox(t, time.UTC, modDaily)
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "a", At: at, Members: []string{"ann"}}))
	b := groupchat.Broadcast{Key: "b", At: at.Add(time.Hour), Groups: []string{"g"}, Members: []string{"bo", "ann", "cy"}}
	require.ErrorIs(t, o.Check(b), groupchat.ErrCapReached)
	ce := modCapErr(t, o.Send(b))
	assert.Equal(t, groupchat.Recipient{ID: "ann"}, ce.Recipient)
	assert.Equal(t, 1, o.Len())
	// Nothing was counted for the others: each still has its one.
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "c", At: at.Add(2 * time.Hour), Groups: []string{"g"}, Members: []string{"bo", "cy"}}))
	assert.Equal(t, 2, o.Len())
	ce = modCapErr(t, o.Send(groupchat.Broadcast{Key: "d", At: at.Add(3 * time.Hour), Members: []string{"cy"}}))
	assert.Equal(t, groupchat.Recipient{ID: "cy"}, ce.Recipient)
}

// TestOutboxFirstBindingCap: the error names the first recipient (groups,
// then members, by ID) and, for it, the first cap by period, whatever the
// order of the caps and recipients.
func TestOutboxFirstBindingCap(t *testing.T) {
	caps := []groupchat.Cap{modMonthly, {Period: groupchat.Week, Limit: 1, Blocks: groupchat.CalendarBlocks}, modDaily}
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		r.Shuffle(len(caps), func(i, j int) { caps[i], caps[j] = caps[j], caps[i] })
		o := modOutbox(t, time.UTC, caps...)
		assert.Equal(t, []groupchat.Cap{modDaily, {Period: groupchat.Week, Limit: 1, Blocks: groupchat.CalendarBlocks}, modMonthly}, o.Caps())
		groups, members := []string{"z", "y"}, []string{"b", "a"}
		require.NoError(t, o.Send(groupchat.Broadcast{Key: "first", At: at, Groups: groups, Members: members}))
		r.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
		r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		ce := modCapErr(t, o.Send(groupchat.Broadcast{Key: "second", At: at.Add(time.Minute), Groups: groups, Members: members}))
		assert.Equal(t, groupchat.Recipient{ID: "y", Group: true}, ce.Recipient, "try %d", i)
		assert.Equal(t, modDaily, ce.Cap, "try %d", i)
		// The next day only the weekly cap binds.
		ce = modCapErr(t, o.Send(groupchat.Broadcast{Key: "third", At: at.AddDate(0, 0, 1), Members: members}))
		assert.Equal(t, groupchat.Recipient{ID: "a"}, ce.Recipient)
		assert.Equal(t, groupchat.Period(groupchat.Week), ce.Cap.Period)
	}
}

func TestOutboxIdempotency(t *testing.T) {
	o := modOutbox(t, time.UTC, modDaily)
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	b := groupchat.Broadcast{Key: "k", At: at, Groups: []string{"g1", "g2"}, Members: []string{"ann", "bo"}}
	require.NoError(t, o.Send(b))
	// The same broadcast, recipients in another order: a no-op, though the
	// daily cap would refuse a second send.
	same := groupchat.Broadcast{Key: "k", At: at.In(modLoad(t, "Asia/Shanghai")), Groups: []string{"g2", "g1"}, Members: []string{"bo", "ann"}}
	require.NoError(t, o.Check(same))
	require.NoError(t, o.Send(same))
	assert.Equal(t, 1, o.Len())
	for _, other := range []groupchat.Broadcast{
		{Key: "k", At: at.Add(time.Second), Groups: b.Groups, Members: b.Members},
		{Key: "k", At: at, Groups: b.Groups, Members: []string{"ann"}},
		{Key: "k", At: at, Groups: []string{"g1"}, Members: []string{"g2", "ann", "bo"}},
		{Key: "k", At: at, Members: []string{"g1", "g2", "ann", "bo"}},
	} {
		assert.ErrorIs(t, o.Check(other), groupchat.ErrConflict)
		assert.ErrorIs(t, o.Send(other), groupchat.ErrConflict)
	}
	// A replay after later broadcasts is still a no-op, not a backdated send.
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "later", At: at.AddDate(0, 0, 1), Members: []string{"ann"}}))
	require.NoError(t, o.Send(b))
	assert.Equal(t, 2, o.Len())
}

func TestOutboxTimeOrder(t *testing.T) {
	o := modOutbox(t, time.UTC, groupchat.Cap{Period: groupchat.Day, Limit: 10, Blocks: groupchat.CalendarBlocks})
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "a", At: at, Members: []string{"m"}}))
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "b", At: at, Members: []string{"m"}}), "the same instant")
	early := groupchat.Broadcast{Key: "c", At: at.Add(-time.Nanosecond), Members: []string{"m"}}
	for _, err := range []error{o.Check(early), o.Send(early)} {
		var fe *commerce.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, `broadcast "c": at`, fe.Field)
	}
	_, err := o.Plan(early)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Equal(t, 2, o.Len())
}

func TestNewOutbox(t *testing.T) {
	_, err := groupchat.NewOutbox(nil, modDaily)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = groupchat.NewOutbox(time.UTC, modDaily, groupchat.Cap{Period: groupchat.Day, Limit: -1, Blocks: groupchat.CalendarBlocks})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "caps[1]")
	_, err = groupchat.NewOutbox(time.UTC, modDaily, modWeekly, modDaily)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	sh := modLoad(t, "Asia/Shanghai")
	caps := []groupchat.Cap{modMonthly, modDaily}
	o := modOutbox(t, sh, caps...)
	caps[0] = modWeekly
	assert.Equal(t, []groupchat.Cap{modDaily, modMonthly}, o.Caps(), "its own sorted copy")
	assert.Equal(t, sh, o.Location())
	// Every compiled-in cap makes an outbox.
	for _, p := range groupchat.Platforms() {
		for _, c := range modProfile(t, p).Caps {
			_, err := groupchat.NewOutbox(sh, c)
			assert.NoError(t, err, "%v: %v", p, c)
		}
	}
}

func TestZeroOutbox(t *testing.T) {
	var o groupchat.Outbox
	assert.Equal(t, time.UTC, o.Location())
	assert.Empty(t, o.Caps())
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	for i := range 5 {
		require.NoError(t, o.Send(groupchat.Broadcast{Key: fmt.Sprint(i), At: at, Members: []string{"m"}}))
	}
	assert.Equal(t, 5, o.Len())
	assert.ErrorIs(t, o.Send(groupchat.Broadcast{Key: "0", At: at, Members: []string{"n"}}), groupchat.ErrConflict)
}

func TestBroadcastValidate(t *testing.T) {
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		b     groupchat.Broadcast
		field string
	}{
		{"no key", groupchat.Broadcast{At: at, Members: []string{"m"}}, "broadcast: key"},
		{"no time", groupchat.Broadcast{Key: "k", Members: []string{"m"}}, `broadcast "k": at`},
		{"year 2263", groupchat.Broadcast{Key: "k", At: time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC), Members: []string{"m"}}, `broadcast "k": at`},
		{"no recipients", groupchat.Broadcast{Key: "k", At: at, Groups: []string{}}, `broadcast "k"`},
		{"bad group", groupchat.Broadcast{Key: "k", At: at, Groups: []string{"g", ""}}, `broadcast "k": group`},
		{"bad member", groupchat.Broadcast{Key: "k", At: at, Members: []string{"m\n"}}, `broadcast "k": member`},
		{"group twice", groupchat.Broadcast{Key: "k", At: at, Groups: []string{"g", "h", "g"}}, `broadcast "k": group "g"`},
		{"member twice", groupchat.Broadcast{Key: "k", At: at, Members: []string{"m", "m"}}, `broadcast "k": member "m"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fe *commerce.FieldError
			require.ErrorAs(t, tt.b.Validate(), &fe)
			assert.Equal(t, tt.field, fe.Field)
			o := modOutbox(t, time.UTC, modDaily)
			require.ErrorAs(t, o.Send(tt.b), &fe)
			assert.Zero(t, o.Len())
		})
	}
	assert.NoError(t, groupchat.Broadcast{Key: "k", At: at, Groups: []string{"m"}, Members: []string{"m"}}.Validate(), "a group and a member may share an ID")
}

func TestOutboxPlan(t *testing.T) {
	o := modOutbox(t, time.UTC, modDaily, modWeekly)
	at := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	require.NoError(t, o.Send(groupchat.Broadcast{Key: "a", At: at, Groups: []string{"g2"}, Members: []string{"cy", "ann"}}))
	b := groupchat.Broadcast{Key: "b", At: at.Add(time.Hour), Groups: []string{"g2", "g1"}, Members: []string{"dee", "cy", "bo", "ann"}}
	p, err := o.Plan(b)
	require.NoError(t, err)
	assert.Equal(t, groupchat.Broadcast{Key: "b", At: b.At, Groups: []string{"g1"}, Members: []string{"bo", "dee"}}, p.Allowed)
	require.Len(t, p.Suppressed, 3)
	var got []groupchat.Recipient
	for _, ce := range p.Suppressed {
		got = append(got, ce.Recipient)
		assert.Equal(t, modDaily, ce.Cap)
		assert.ErrorIs(t, ce, groupchat.ErrCapReached)
	}
	assert.Equal(t, []groupchat.Recipient{{ID: "g2", Group: true}, {ID: "ann"}, {ID: "cy"}}, got)
	assert.Equal(t, 1, o.Len(), "Plan records nothing")
	require.NoError(t, o.Send(p.Allowed))
	// Everyone is now at the daily cap: nothing is allowed.
	p, err = o.Plan(b)
	require.NoError(t, err)
	assert.Empty(t, p.Allowed.Groups)
	assert.Empty(t, p.Allowed.Members)
	assert.Len(t, p.Suppressed, 6)
	_, err = o.Plan(groupchat.Broadcast{Key: "c", At: b.At})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestCapErrorString(t *testing.T) {
	sh := modLoad(t, "Asia/Shanghai")
	e := &groupchat.CapError{Cap: modWeekly, Recipient: groupchat.Recipient{ID: "g-1", Group: true},
		From: time.Date(2024, 6, 17, 0, 0, 0, 0, sh), To: time.Date(2024, 6, 24, 0, 0, 0, 0, sh), Count: 7, Limit: 7}
	assert.Equal(t, `groupchat: broadcast to group "g-1": 7 per natural week: 7 of 7 sent in [2024-06-17T00:00:00+08:00, 2024-06-24T00:00:00+08:00): broadcast cap reached`, e.Error())
	assert.True(t, errors.Is(e, groupchat.ErrCapReached))
	assert.Equal(t, `member "m"`, groupchat.Recipient{ID: "m"}.String())
}

// modWindow is the window of c at at in loc, computed apart from
// Cap.Window: natural windows from the calendar, fixed ones by counting
// whole days from 1 January 1970.
func modWindow(c groupchat.Cap, at time.Time, loc *time.Location) (from, to time.Time, limit int) {
	l := at.In(loc)
	y, m, d := l.Date()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	var days int
	switch {
	case c.Blocks == groupchat.CalendarBlocks && c.Period == groupchat.Day:
		from, to, days = day(y, m, d), day(y, m, d+1), 1
	case c.Blocks == groupchat.CalendarBlocks && c.Period == groupchat.Week:
		back := int(l.Weekday()) - int(time.Monday)
		if back < 0 {
			back += 7
		}
		from, to, days = day(y, m, d-back), day(y, m, d-back+7), 7
	case c.Blocks == groupchat.CalendarBlocks:
		from, to, days = day(y, m, 1), day(y, m+1, 1), day(y, m+1, 0).Day()
	default:
		days = map[groupchat.Period]int{groupchat.Day: 1, groupchat.Week: 7, groupchat.Month: 30}[c.Period]
		n := int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Sub(time.Date(1970, 1, 1, 12, 0, 0, 0, time.UTC)).Hours()) / 24
		start := n / days * days
		if n < 0 && n%days != 0 {
			start -= days
		}
		from, to = day(1970, 1, 1+start), day(1970, 1, 1+start+days)
	}
	if c.Limit > 0 {
		return from, to, c.Limit
	}
	return from, to, days
}

// modRecipients returns the recipients of a broadcast in the outbox's
// order: groups, then members, by ID.
func modRecipients(b groupchat.Broadcast) []groupchat.Recipient {
	var rs []groupchat.Recipient
	for _, g := range slices.Sorted(slices.Values(b.Groups)) {
		rs = append(rs, groupchat.Recipient{ID: g, Group: true})
	}
	for _, m := range slices.Sorted(slices.Values(b.Members)) {
		rs = append(rs, groupchat.Recipient{ID: m})
	}
	return rs
}

// modCount counts the times in [from, to) of sorted times.
func modCount(times []time.Time, from, to time.Time) int {
	lo := sort.Search(len(times), func(i int) bool { return !times[i].Before(from) })
	hi := sort.Search(len(times), func(i int) bool { return !times[i].Before(to) })
	return hi - lo
}

// TestOutboxProperties sends thousands of random broadcasts under random
// caps and locations, against a model that keeps every accepted send: each
// refusal is the model's first binding cap, with the same window and
// counts, and truly binds; each acceptance keeps every recipient within
// every cap; replays and conflicting keys behave; Plan splits as the
// model does. At the end no recipient exceeds any cap in any window.
func TestOutboxProperties(t *testing.T) {
	pool := []groupchat.Cap{
		modDaily, modWeekly, modMonthly, modFixed30,
		{Period: groupchat.Day, Limit: 2, Blocks: groupchat.CalendarBlocks},
		{Period: groupchat.Week, Limit: 3, Blocks: groupchat.CalendarBlocks},
		{Period: groupchat.Week, Limit: 2, Blocks: groupchat.FixedBlocks},
		{Period: groupchat.Day, Blocks: groupchat.FixedBlocks},
		{Period: groupchat.Month, Limit: 5, Blocks: groupchat.FixedBlocks},
	}
	locs := []*time.Location{time.UTC, modLoad(t, "Asia/Shanghai"), modLoad(t, "America/New_York")}
	groups := []string{"g1", "g2", "g3", "g4"}
	members := []string{"ann", "bo", "cy", "di", "ed", "fay", "gus", "hal"}
	r := rand.New(rand.NewPCG(618, 2024))
	runs, sends := groupchat.LongCases(12, 100), groupchat.LongCases(400, 5000)
	refused, accepted := 0, 0
	for run := range runs {
		var caps []groupchat.Cap
		for _, c := range pool {
			if r.IntN(3) == 0 {
				caps = append(caps, c)
			}
		}
		if len(caps) == 0 {
			caps = append(caps, pool[r.IntN(len(pool))])
		}
		slices.SortFunc(caps, func(a, b groupchat.Cap) int {
			if a.Period != b.Period {
				return int(a.Period) - int(b.Period)
			}
			if a.Blocks != b.Blocks {
				return int(a.Blocks) - int(b.Blocks)
			}
			return a.Limit - b.Limit
		})
		loc := locs[r.IntN(len(locs))]
		o := modOutbox(t, loc, caps...)
		got := make(map[groupchat.Recipient][]time.Time) // accepted sends by recipient
		var sent []groupchat.Broadcast
		at := time.Date(2024, 1, 1, 0, 0, 0, 0, loc).Add(time.Duration(r.IntN(86400)) * time.Second)
		for i := range sends {
			switch r.IntN(10) {
			case 0: // same instant
			case 1, 2, 3:
				at = at.Add(time.Duration(r.IntN(3600)) * time.Second)
			case 4, 5, 6, 7:
				at = at.Add(time.Duration(r.IntN(86400)) * time.Second)
			default:
				at = at.Add(time.Duration(r.IntN(4*86400)) * time.Second)
			}
			if len(sent) > 0 && r.IntN(15) == 0 { // a replay, or a key reused
				old := sent[r.IntN(len(sent))]
				require.NoError(t, o.Send(old), "replay")
				old.Members = append(slices.Clone(old.Members), "new-member")
				require.ErrorIs(t, o.Send(old), groupchat.ErrConflict)
				continue
			}
			b := groupchat.Broadcast{Key: fmt.Sprintf("r%d-%d", run, i), At: at}
			for _, g := range groups {
				if r.IntN(4) == 0 {
					b.Groups = append(b.Groups, g)
				}
			}
			for _, m := range members {
				if r.IntN(3) == 0 {
					b.Members = append(b.Members, m)
				}
			}
			if len(b.Groups)+len(b.Members) == 0 {
				b.Members = []string{members[r.IntN(len(members))]}
			}
			r.Shuffle(len(b.Members), func(i, j int) { b.Members[i], b.Members[j] = b.Members[j], b.Members[i] })

			// The model: every recipient's binding caps, in order.
			var want *groupchat.CapError
			var allowed groupchat.Broadcast
			suppressed := 0
			for _, rc := range modRecipients(b) {
				var first *groupchat.CapError
				for _, c := range caps {
					from, to, limit := modWindow(c, at, loc)
					if n := modCount(got[rc], from, to); n >= limit {
						first = &groupchat.CapError{Cap: c, Recipient: rc, From: from, To: to, Count: n, Limit: limit}
						break
					}
				}
				switch {
				case first == nil && rc.Group:
					allowed.Groups = append(allowed.Groups, rc.ID)
				case first == nil:
					allowed.Members = append(allowed.Members, rc.ID)
				default:
					suppressed++
					if want == nil {
						want = first
					}
				}
			}
			plan, err := o.Plan(b)
			require.NoError(t, err)
			assert.Equal(t, allowed.Groups, plan.Allowed.Groups)
			assert.Equal(t, allowed.Members, plan.Allowed.Members)
			assert.Len(t, plan.Suppressed, suppressed)

			err = o.Send(b)
			if want == nil {
				require.NoError(t, err, "run %d send %d", run, i)
				for _, rc := range modRecipients(b) {
					got[rc] = append(got[rc], at)
				}
				sent = append(sent, b)
				accepted++
				continue
			}
			refused++
			ce := modCapErr(t, err)
			require.Equal(t, want.Cap, ce.Cap, "run %d send %d", run, i)
			require.Equal(t, want.Recipient, ce.Recipient)
			require.True(t, want.From.Equal(ce.From) && want.To.Equal(ce.To), "window [%v, %v), want [%v, %v)", ce.From, ce.To, want.From, want.To)
			require.Equal(t, want.Count, ce.Count)
			require.Equal(t, want.Limit, ce.Limit)
			require.GreaterOrEqual(t, ce.Count, ce.Limit, "the named cap binds")
			require.True(t, !at.Before(ce.From) && at.Before(ce.To))
		}
		require.Equal(t, len(sent), o.Len())
		// No recipient exceeds any cap in any window.
		for rc, times := range got {
			for _, c := range caps {
				for _, at := range times {
					from, to, limit := modWindow(c, at, loc)
					require.LessOrEqual(t, modCount(times, from, to), limit, "%v over %v", rc, c)
				}
			}
		}
	}
	t.Logf("%d broadcasts accepted, %d refused", accepted, refused)
	assert.NotZero(t, refused)
	assert.NotZero(t, accepted)
}

// TestOutboxCheckAllocs guards the hot path: checking a broadcast to a
// group and its 500 members allocates nothing once the outbox has seen
// them.
func TestOutboxCheckAllocs(t *testing.T) {
	o, b := modBigBroadcast(t)
	require.NoError(t, o.Send(b))
	b.Key, b.At = "next", b.At.Add(time.Hour)
	require.NoError(t, o.Check(b))
	allocs := testing.AllocsPerRun(100, func() {
		if err := o.Check(b); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

// modBigBroadcast returns an outbox with WeCom-like caps that an hourly
// broadcast never reaches (24 a day, 168 a week, 744 a month), and a
// broadcast to group "g" and its 500 members (WeCom's customer-group
// capacity, path/92135).
func modBigBroadcast(t testing.TB) (*groupchat.Outbox, groupchat.Broadcast) {
	o := modOutbox(t, modLoad(t, "Asia/Shanghai"),
		groupchat.Cap{Period: groupchat.Day, Limit: 24, Blocks: groupchat.CalendarBlocks},
		groupchat.Cap{Period: groupchat.Week, Limit: 7 * 24, Blocks: groupchat.CalendarBlocks},
		groupchat.Cap{Period: groupchat.Month, Limit: 31 * 24, Blocks: groupchat.CalendarBlocks})
	b := groupchat.Broadcast{Key: "b", At: time.Date(2024, 6, 18, 0, 0, 0, 0, time.UTC), Groups: []string{"g"}}
	for i := range 500 {
		b.Members = append(b.Members, fmt.Sprintf("member-%04d", i))
	}
	return o, b
}

// FuzzCapWindow checks, for any instant, cap and zone offset, that the
// window holds the instant, starts at midnight, lasts whole days of the
// period and allows the limit, or its days when the limit is zero.
func FuzzCapWindow(f *testing.F) {
	f.Add(int64(1718700000), uint8(3), uint8(1), 0, int32(8*3600))
	f.Add(int64(-1), uint8(3), uint8(2), 0, int32(0))
	f.Add(int64(1709251200), uint8(2), uint8(1), 7, int32(-5*3600))
	f.Fuzz(func(t *testing.T, sec int64, period, blocks uint8, limit int, offset int32) {
		c := groupchat.Cap{Period: groupchat.Period(period%3 + 1), Blocks: groupchat.Blocks(blocks%2 + 1), Limit: limit % 1000}
		if c.Limit < 0 {
			c.Limit = -c.Limit
		}
		loc := time.FixedZone("z", int(offset%(14*3600)))
		at := time.Unix(sec%(200*365*86400), 0) // within 1770–2170
		from, to, got := c.Window(at, loc)
		require.False(t, at.Before(from))
		require.True(t, at.Before(to))
		h, m, s := from.In(loc).Clock()
		require.Zero(t, h*3600+m*60+s, "from is midnight")
		days := int(to.Sub(from) / (24 * time.Hour)) // a fixed zone has no DST
		want := map[groupchat.Period][2]int{groupchat.Day: {1, 1}, groupchat.Week: {7, 7}, groupchat.Month: {28, 31}}[c.Period]
		if c.Blocks == groupchat.FixedBlocks && c.Period == groupchat.Month {
			want = [2]int{30, 30}
		}
		require.True(t, days >= want[0] && days <= want[1], "%v: %d days", c, days)
		if c.Limit > 0 {
			require.Equal(t, c.Limit, got)
		} else {
			require.Equal(t, days, got)
		}
		from2, to2, _ := c.Window(from, loc)
		require.True(t, from.Equal(from2) && to.Equal(to2), "the window of its own start")
		from3, _, _ := c.Window(to, loc)
		require.True(t, to.Equal(from3), "windows tile")
	})
}
