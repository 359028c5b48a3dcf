package referral_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// scHistory builds a history or fails the test.
func scHistory(t *testing.T, changes ...referral.ShowcaseRateChange) referral.ShowcaseRateHistory {
	t.Helper()
	h, err := referral.NewShowcaseRateHistory(changes...)
	require.NoError(t, err)
	return h
}

// The TikTok Shop rule: a seller lowers a product's rate from 20% to 10% on
// 1 June; creators already promoting keep 20% for 30 days, until 1 July
// 00:00; creators who start on or after 1 June earn 10%. A raise to 25% on
// 10 July applies to everyone at once.
func TestShowcaseRateLockTikTok30Days(t *testing.T) {
	h := scHistory(t,
		referral.ShowcaseRateChange{At: scDay(time.July, 10), Rate: commerce.Percent(25)},
		referral.ShowcaseRateChange{At: scDay(time.May, 1), Rate: commerce.Percent(20)},
		referral.ShowcaseRateChange{At: scDay(time.June, 1), Rate: commerce.Percent(10)},
	)
	lock := referral.ShowcaseTikTokRateLock
	early, late := scDay(time.May, 15), scDay(time.June, 5)
	tests := []struct {
		name        string
		since, at   time.Time
		rate        string
		source      referral.ShowcaseRateSource
		changedAt   time.Time
		lockedUntil time.Time
	}{
		{"before the decrease", early, scDay(time.May, 20), "20%", referral.ShowcaseRateCurrent, scDay(time.May, 1), time.Time{}},
		{"promoting before: locked", early, scDay(time.June, 10), "20%", referral.ShowcaseRateLocked, scDay(time.June, 1), scDay(time.July, 1)},
		{"the lock's last instant", early, scDay(time.July, 1).Add(-time.Nanosecond), "20%", referral.ShowcaseRateLocked, scDay(time.June, 1), scDay(time.July, 1)},
		{"30 days on: current", early, scDay(time.July, 1), "10%", referral.ShowcaseRateCurrent, scDay(time.June, 1), time.Time{}},
		{"started after the decrease", late, scDay(time.June, 10), "10%", referral.ShowcaseRateCurrent, scDay(time.June, 1), time.Time{}},
		{"started at the decrease's instant", scDay(time.June, 1), scDay(time.June, 10), "10%", referral.ShowcaseRateCurrent, scDay(time.June, 1), time.Time{}},
		{"not promoting before", time.Time{}, scDay(time.June, 10), "10%", referral.ShowcaseRateCurrent, scDay(time.June, 1), time.Time{}},
		{"the raise applies at once", early, scDay(time.July, 10), "25%", referral.ShowcaseRateCurrent, scDay(time.July, 10), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := h.RateFor(tt.since, lock, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.rate, got.Rate.String())
			assert.Equal(t, tt.source, got.Source)
			assert.True(t, got.ChangedAt.Equal(tt.changedAt), "changed at %v", got.ChangedAt)
			assert.True(t, got.LockedUntil.Equal(tt.lockedUntil), "locked until %v", got.LockedUntil)
			current, err := h.Current(tt.at)
			require.NoError(t, err)
			assert.True(t, got.Current.Equal(current))
		})
	}
}

func TestShowcaseRateLockChains(t *testing.T) {
	lock := referral.ShowcaseTikTokRateLock
	since := scDay(time.January, 1)
	// 30% → 20% (1 June) → 10% (15 June): 30% until 1 July, then 20% until
	// 15 July, then 10%.
	down := scHistory(t,
		referral.ShowcaseRateChange{At: scDay(time.May, 1), Rate: commerce.Percent(30)},
		referral.ShowcaseRateChange{At: scDay(time.June, 1), Rate: commerce.Percent(20)},
		referral.ShowcaseRateChange{At: scDay(time.June, 15), Rate: commerce.Percent(10)},
	)
	// 30% → 10% (1 June) → 20% (10 June): the raise does not end the lock.
	downUp := scHistory(t,
		referral.ShowcaseRateChange{At: scDay(time.May, 1), Rate: commerce.Percent(30)},
		referral.ShowcaseRateChange{At: scDay(time.June, 1), Rate: commerce.Percent(10)},
		referral.ShowcaseRateChange{At: scDay(time.June, 10), Rate: commerce.Percent(20)},
	)
	// 30% → 10% (1 June) → 30% (5 June) → 10% (10 June): two locks keep 30%;
	// the one that ends last is reported.
	twice := scHistory(t,
		referral.ShowcaseRateChange{At: scDay(time.May, 1), Rate: commerce.Percent(30)},
		referral.ShowcaseRateChange{At: scDay(time.June, 1), Rate: commerce.Percent(10)},
		referral.ShowcaseRateChange{At: scDay(time.June, 5), Rate: commerce.Percent(30)},
		referral.ShowcaseRateChange{At: scDay(time.June, 10), Rate: commerce.Percent(10)},
	)
	tests := []struct {
		name        string
		h           referral.ShowcaseRateHistory
		since, at   time.Time
		lock        time.Duration
		rate        string
		lockedUntil time.Time
	}{
		{"two cuts: the first lock", down, since, scDay(time.June, 20), lock, "30%", scDay(time.July, 1)},
		{"two cuts: the second lock", down, since, scDay(time.July, 1), lock, "20%", scDay(time.July, 15)},
		{"two cuts: both over", down, since, scDay(time.July, 15), lock, "10%", time.Time{}},
		{"two cuts, promoting between them", down, scDay(time.June, 5), scDay(time.June, 20), lock, "20%", scDay(time.July, 15)},
		{"cut then raise: still locked", downUp, since, scDay(time.June, 12), lock, "30%", scDay(time.July, 1)},
		{"cut then raise: lock over", downUp, since, scDay(time.July, 1), lock, "20%", time.Time{}},
		{"equal locks: the later", twice, since, scDay(time.June, 12), lock, "30%", scDay(time.July, 10)},
		{"no lock period", down, since, scDay(time.June, 20), 0, "10%", time.Time{}},
		{"a one-day lock", down, since, scDay(time.June, 15).Add(12 * time.Hour), 24 * time.Hour, "20%", scDay(time.June, 16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.h.RateFor(tt.since, tt.lock, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.rate, got.Rate.String())
			assert.True(t, got.LockedUntil.Equal(tt.lockedUntil), "locked until %v", got.LockedUntil)
			assert.Equal(t, !tt.lockedUntil.IsZero(), got.Source == referral.ShowcaseRateLocked)
		})
	}
}

func TestShowcaseRateHistoryErrors(t *testing.T) {
	h := scHistory(t, referral.ShowcaseRateChange{At: scDay(time.May, 1), Rate: commerce.Percent(20)})
	_, err := h.RateFor(scDay(time.April, 1), -time.Second, scDay(time.May, 2))
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "showcase rate: lock: negative: -1s")
	_, err = h.RateFor(scDay(time.April, 1), time.Hour, scDay(time.April, 30))
	require.ErrorIs(t, err, referral.ErrNoShowcasePlan)
	_, err = h.Current(scDay(time.April, 30))
	require.ErrorIs(t, err, referral.ErrNoShowcasePlan)
	_, err = referral.ShowcaseRateHistory{}.Current(scDay(time.April, 30))
	require.ErrorIs(t, err, referral.ErrNoShowcasePlan)

	tests := []struct {
		name    string
		changes []referral.ShowcaseRateChange
		want    error
		msg     string
	}{
		{"zero time", []referral.ShowcaseRateChange{{Rate: commerce.Percent(1)}}, commerce.ErrInvalid, "showcase rate change: at: zero time"},
		{"same instant", []referral.ShowcaseRateChange{
			{At: scDay(time.May, 1), Rate: commerce.Percent(1)},
			{At: scDay(time.May, 1).In(time.UTC), Rate: commerce.Percent(2)},
		}, commerce.ErrInvalid, "two changes at the same instant"},
		{"rate over 100%", []referral.ShowcaseRateChange{{At: scDay(time.May, 1), Rate: commerce.Percent(101)}},
			referral.ErrRateOutOfRange, "showcase rate change at 2024-05-01T00:00:00+08:00: rate: 101% is over 100%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := referral.NewShowcaseRateHistory(tt.changes...)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestShowcaseRateHistoryChanges(t *testing.T) {
	in := []referral.ShowcaseRateChange{
		{At: scDay(time.June, 1), Rate: commerce.Percent(10)},
		{At: scDay(time.May, 1), Rate: commerce.Percent(20)},
	}
	h := scHistory(t, in...)
	got := h.Changes()
	require.Len(t, got, 2)
	assert.True(t, got[0].At.Equal(scDay(time.May, 1)), "sorted by time")
	got[0].Rate = commerce.Percent(99)
	in[1].Rate = commerce.Percent(99)
	r, err := h.Current(scDay(time.May, 2))
	require.NoError(t, err)
	assert.Equal(t, "20%", r.String(), "the history keeps its own copy")
	r, err = h.Current(scDay(time.June, 1))
	require.NoError(t, err)
	assert.Equal(t, "10%", r.String(), "a change applies from its instant")
}

// 10,000 random histories from a fixed seed, against an oracle written from
// the rule's wording: the creator earns the highest of the current rate and,
// for every change made while they were promoting whose lock still runs,
// the rate just before it. The oracle looks at every change, raises
// included; RateFor looks only at decreases, and must agree.
func TestShowcaseRateLockProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(30, 2024))
	start := scDay(time.January, 1)
	hour := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	for range 10_000 {
		changes := make([]referral.ShowcaseRateChange, 1+rng.IntN(6))
		perm := rng.Perm(200)
		for i := range changes {
			changes[i] = referral.ShowcaseRateChange{At: hour(perm[i]), Rate: commerce.Percent(int64(rng.IntN(9) * 5))}
		}
		h := scHistory(t, changes...)
		sorted := h.Changes()
		since := hour(rng.IntN(220) - 10)
		if rng.IntN(10) == 0 {
			since = time.Time{}
		}
		lock := time.Duration(rng.IntN(60)) * time.Hour
		at := hour(rng.IntN(260))

		got, err := h.RateFor(since, lock, at)
		if at.Before(sorted[0].At) {
			require.ErrorIs(t, err, referral.ErrNoShowcasePlan)
			continue
		}
		require.NoError(t, err)
		cur := slices.IndexFunc(sorted, func(c referral.ShowcaseRateChange) bool { return c.At.After(at) }) - 1
		if cur < 0 {
			cur = len(sorted) - 1
		}
		want := sorted[cur].Rate
		for i := 1; i <= cur; i++ {
			d := sorted[i].At
			if !since.IsZero() && since.Before(d) && at.Before(d.Add(lock)) && sorted[i-1].Rate.Cmp(want) > 0 {
				want = sorted[i-1].Rate
			}
		}
		require.True(t, got.Rate.Equal(want), "got %v, want %v", got.Rate, want)
		require.True(t, got.Current.Equal(sorted[cur].Rate))
		require.Equal(t, got.Rate.Cmp(got.Current) > 0, got.Source == referral.ShowcaseRateLocked)
		if got.Source == referral.ShowcaseRateLocked {
			require.True(t, at.Before(got.LockedUntil) && !at.Before(got.ChangedAt) && since.Before(got.ChangedAt))
		}
	}
}
