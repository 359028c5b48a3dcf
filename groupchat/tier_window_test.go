package groupchat

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTierCycles(t *testing.T) {
	fixed := func(m time.Month, d, months int) TierWindow {
		return TierWindow{Kind: FixedPeriod, ResetMonth: m, ResetDay: d, Months: months}
	}
	anniversary := TierWindow{Kind: Anniversary}
	ns := time.Nanosecond
	tests := []struct {
		name       string
		window     TierWindow
		at, joined time.Time
		start, end time.Time
		prevStart  time.Time
		utc        bool // the policy counts days in UTC instead of CST
	}{
		{"yearly from 1 January", fixed(time.January, 1, 12), tierDay(2026, 6, 18), time.Time{},
			tierMidnight(2026, 1, 1), tierMidnight(2027, 1, 1), tierMidnight(2025, 1, 1), false},
		{"yearly: the reset instant opens the new period", fixed(time.January, 1, 12), tierMidnight(2027, 1, 1), time.Time{},
			tierMidnight(2027, 1, 1), tierMidnight(2028, 1, 1), tierMidnight(2026, 1, 1), false},
		{"yearly: a nanosecond before it is the old one", fixed(time.January, 1, 12), tierMidnight(2027, 1, 1).Add(-ns), time.Time{},
			tierMidnight(2026, 1, 1), tierMidnight(2027, 1, 1), tierMidnight(2025, 1, 1), false},
		{"yearly in UTC: CST midnight is still the old year", fixed(time.January, 1, 12), tierMidnight(2027, 1, 1), time.Time{},
			time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"fiscal year from 1 April", fixed(time.April, 1, 12), tierDay(2026, 2, 10), time.Time{},
			tierMidnight(2025, 4, 1), tierMidnight(2026, 4, 1), tierMidnight(2024, 4, 1), false},
		{"quarterly from 15 January", fixed(time.January, 15, 3), tierDay(2026, 1, 10), time.Time{},
			tierMidnight(2025, 10, 15), tierMidnight(2026, 1, 15), tierMidnight(2025, 7, 15), false},
		{"monthly from the 1st", fixed(time.March, 1, 1), tierDay(2026, 12, 31), time.Time{},
			tierMidnight(2026, 12, 1), tierMidnight(2027, 1, 1), tierMidnight(2026, 11, 1), false},
		{"monthly from the 31st: February's last day", fixed(time.January, 31, 1), tierDay(2026, 3, 1), time.Time{},
			tierMidnight(2026, 2, 28), tierMidnight(2026, 3, 31), tierMidnight(2026, 1, 31), false},
		{"monthly from the 31st: before February's reset", fixed(time.January, 31, 1), tierDay(2026, 2, 27), time.Time{},
			tierMidnight(2026, 1, 31), tierMidnight(2026, 2, 28), tierMidnight(2025, 12, 31), false},
		{"monthly from the 31st: 29 February in a leap year", fixed(time.January, 31, 1), tierDay(2024, 3, 15), time.Time{},
			tierMidnight(2024, 2, 29), tierMidnight(2024, 3, 31), tierMidnight(2024, 1, 31), false},
		{"monthly from the 31st: April's 30th", fixed(time.January, 31, 1), tierDay(2026, 5, 1), time.Time{},
			tierMidnight(2026, 4, 30), tierMidnight(2026, 5, 31), tierMidnight(2026, 3, 31), false},
		{"yearly from 29 February in a common year", fixed(time.February, 29, 12), tierDay(2026, 3, 1), time.Time{},
			tierMidnight(2026, 2, 28), tierMidnight(2027, 2, 28), tierMidnight(2025, 2, 28), false},
		{"yearly from 29 February in a leap year", fixed(time.February, 29, 12), tierDay(2028, 3, 1), time.Time{},
			tierMidnight(2028, 2, 29), tierMidnight(2029, 2, 28), tierMidnight(2027, 2, 28), false},
		{"before year 1: floor division", fixed(time.January, 1, 12), time.Date(-5, 6, 1, 0, 0, 0, 0, tierCST), time.Time{},
			time.Date(-5, 1, 1, 0, 0, 0, 0, tierCST), time.Date(-4, 1, 1, 0, 0, 0, 0, tierCST), time.Date(-6, 1, 1, 0, 0, 0, 0, tierCST), false},
		{"anniversary: from the join day's midnight", anniversary, tierDay(2026, 1, 1), tierDay(2025, 6, 18),
			tierMidnight(2025, 6, 18), tierMidnight(2026, 6, 18), tierMidnight(2024, 6, 18), false},
		{"anniversary: on the day", anniversary, tierMidnight(2026, 6, 18), tierDay(2025, 6, 18),
			tierMidnight(2026, 6, 18), tierMidnight(2027, 6, 18), tierMidnight(2025, 6, 18), false},
		{"anniversary: joined on 29 February, renews on the 28th", anniversary, tierMidnight(2025, 2, 28), tierDay(2024, 2, 29),
			tierMidnight(2025, 2, 28), tierMidnight(2026, 2, 28), tierMidnight(2024, 2, 29), false},
		{"anniversary: joined on 29 February, the day before", anniversary, tierMidnight(2025, 2, 28).Add(-ns), tierDay(2024, 2, 29),
			tierMidnight(2024, 2, 29), tierMidnight(2025, 2, 28), tierMidnight(2023, 2, 28), false},
		{"anniversary: joined on 29 February, a leap year again", anniversary, tierDay(2028, 3, 1), tierDay(2024, 2, 29),
			tierMidnight(2028, 2, 29), tierMidnight(2029, 2, 28), tierMidnight(2027, 2, 28), false},
		{"anniversary: the join day in the policy's location", anniversary, tierDay(2026, 1, 1),
			time.Date(2025, 6, 17, 17, 0, 0, 0, time.UTC), // 18 June 01:00 in CST
			tierMidnight(2025, 6, 18), tierMidnight(2026, 6, 18), tierMidnight(2024, 6, 18), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tierPolicy(tt.window, Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd})
			if tt.utc {
				p.Location = time.UTC
			}
			ts := tierCompile(t, p)
			cur, prev, ok := ts.Cycles(tt.at, tt.joined)
			require.True(t, ok)
			assert.True(t, cur.Start.Equal(tt.start), "start %v", cur.Start)
			assert.True(t, cur.End.Equal(tt.end), "end %v", cur.End)
			assert.True(t, prev.Start.Equal(tt.prevStart), "previous start %v", prev.Start)
			assert.True(t, prev.End.Equal(cur.Start))
			assert.True(t, cur.Equal(Cycle{Start: tt.start.UTC(), End: tt.end.UTC()}))
			assert.False(t, cur.Equal(prev))
			assert.True(t, cur.Contains(tt.at))
			assert.False(t, prev.Contains(tt.at))
			assert.True(t, prev.Contains(prev.Start))
			assert.False(t, prev.Contains(prev.End))
		})
	}
}

func TestTierCyclesRolling(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately}))
	cur, prev, ok := ts.Cycles(tierDay(2026, 6, 18), tierDay(2025, 1, 1))
	assert.False(t, ok)
	assert.Equal(t, Cycle{}, cur)
	assert.Equal(t, Cycle{}, prev)
}

// TestTierNextAnniversary checks the hold of a tier anniversary: the same
// instant a year on, 29 February on the 28th in common years, and the end
// of the range when no anniversary fits in it.
func TestTierNextAnniversary(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: AtTierAnniversary}))
	n := func(t time.Time) int64 { v, _ := toNanos(t); return v }
	tests := []struct {
		since, at, want time.Time
	}{
		{tierDay(2026, 3, 10), tierDay(2026, 3, 10), tierDay(2027, 3, 10)},
		{tierDay(2026, 3, 10), tierDay(2026, 12, 31), tierDay(2027, 3, 10)},
		{tierDay(2026, 3, 10), tierDay(2027, 3, 10), tierDay(2028, 3, 10)},
		{tierDay(2024, 2, 29), tierDay(2024, 2, 29), tierDay(2025, 2, 28)},
		{tierDay(2024, 2, 29), tierDay(2027, 3, 1), tierDay(2028, 2, 29)},
	}
	for _, tt := range tests {
		assert.Equal(t, n(tt.want), ts.nextAnniversary(n(tt.since), n(tt.at)), "%v after %v", tt.since, tt.at)
	}
	last := time.Unix(0, maxNanos).Add(-24 * time.Hour)
	assert.Equal(t, int64(maxNanos), ts.nextAnniversary(n(last), n(last)))
}
