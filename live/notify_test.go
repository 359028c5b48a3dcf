package live_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

func TestReminders(t *testing.T) {
	got, err := live.Reminders([]string{"zoe", "ann", "zoe", "bob"}, []string{"bob", "cy", "cy"})
	require.NoError(t, err)
	assert.Equal(t, []live.Reminder{
		{Person: "ann", Why: live.FollowsAccount},
		{Person: "bob", Why: live.FollowsAccount | live.InGroup},
		{Person: "cy", Why: live.InGroup},
		{Person: "zoe", Why: live.FollowsAccount},
	}, got)

	got, err = live.Reminders(nil, nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestRemindersErrors(t *testing.T) {
	tests := []struct {
		name               string
		followers, members []string
		msg                string
	}{
		{"empty follower", []string{"a", ""}, nil, `reminders: follower 1: empty`},
		{"spaced member", []string{"a"}, []string{"b", "c", " d"}, `reminders: member 2: " d" has surrounding space`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := live.Reminders(tc.followers, tc.members)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Nil(t, got)
		})
	}
}

func TestReminderReasonString(t *testing.T) {
	assert.Equal(t, "follower|group member|follower and group member|ReminderReason(0)",
		fmt.Sprintf("%v|%v|%v|%v", live.FollowsAccount, live.InGroup, live.FollowsAccount|live.InGroup, live.ReminderReason(0)))
}

// TestRemindersProperty checks on random inputs that the reminders are
// the sorted distinct union of both slices with the right reasons, and
// that shuffling either slice changes nothing.
func TestRemindersProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for range live.LongCases(2000, 200_000) {
		universe := 1 + rng.IntN(50)
		pick := func() []string {
			ids := make([]string, rng.IntN(60))
			for i := range ids {
				ids[i] = "p" + strconv.Itoa(rng.IntN(universe))
			}
			return ids
		}
		followers, members := pick(), pick()
		want := map[string]live.ReminderReason{}
		for _, id := range followers {
			want[id] |= live.FollowsAccount
		}
		for _, id := range members {
			want[id] |= live.InGroup
		}
		got, err := live.Reminders(followers, members)
		require.NoError(t, err)
		require.Len(t, got, len(want))
		require.True(t, slices.IsSortedFunc(got, func(a, b live.Reminder) int {
			if a.Person == b.Person {
				t.Fatalf("%s twice", a.Person)
			}
			return cmpPerson(a.Person, b.Person)
		}))
		for _, r := range got {
			require.Equal(t, want[r.Person], r.Why, r.Person)
		}
		rng.Shuffle(len(followers), func(i, j int) { followers[i], followers[j] = followers[j], followers[i] })
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		again, err := live.Reminders(followers, members)
		require.NoError(t, err)
		require.Equal(t, got, again)
	}
}

func cmpPerson(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestRemindersAllocs guards the one allocation Reminders makes: the
// result.
func TestRemindersAllocs(t *testing.T) {
	followers, members := reminderPeople(2000)
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := live.Reminders(followers, members); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, 1.0)
}

// reminderPeople returns n followers and n group members, half of the
// members also following: the shape of the benchmark's 500,000 + 500,000.
func reminderPeople(n int) (followers, members []string) {
	followers = make([]string, n)
	members = make([]string, n)
	for i := range n {
		followers[i] = "u" + strconv.Itoa(i)
		members[i] = "u" + strconv.Itoa(i+n/2)
	}
	rng := rand.New(rand.NewPCG(500_000, 1))
	rng.Shuffle(n, func(i, j int) { followers[i], followers[j] = followers[j], followers[i] })
	rng.Shuffle(n, func(i, j int) { members[i], members[j] = members[j], members[i] })
	return followers, members
}
