package live_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// FuzzSplit checks that for any TikTok broadcast and cuts, Split either
// refuses the input with an error of the documented kind or returns parts
// that tile the broadcast, each within 30 min and 13 h (anchor c.3).
func FuzzSplit(f *testing.F) {
	f.Add(int64(18*time.Hour), int64(12*time.Hour), int64(6*time.Hour))
	f.Add(int64(13*time.Hour+1), int64(0), int64(-1))
	f.Add(int64(26*time.Hour), int64(13*time.Hour), int64(13*time.Hour))
	f.Fuzz(func(t *testing.T, total, cut1, cut2 int64) {
		if total > int64(1000*time.Hour) {
			total %= int64(1000 * time.Hour)
		}
		spec := tiktokSpec("b", sessionDay, sessionDay.Add(time.Duration(total)))
		cuts := []time.Time{sessionDay.Add(time.Duration(cut1)), sessionDay.Add(time.Duration(cut2))}
		parts, err := live.Split(spec, cuts)
		if err != nil {
			if !errors.Is(err, commerce.ErrInvalid) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		prev := spec.Start
		for i, p := range parts {
			d := p.ScheduledEnd().Sub(p.ScheduledStart())
			if !p.ScheduledStart().Equal(prev) || d < 30*time.Minute || d > 13*time.Hour {
				t.Fatalf("part %d: %v to %v", i, p.ScheduledStart(), p.ScheduledEnd())
			}
			prev = p.ScheduledEnd()
		}
		if !prev.Equal(spec.End) {
			t.Fatalf("parts end at %v, broadcast at %v", prev, spec.End)
		}
	})
}

// FuzzReminders checks that any two lists of IDs, separated by commas,
// give reminders sorted with no repeat, or an invalid-ID error.
func FuzzReminders(f *testing.F) {
	f.Add("a,b,a", "b,c")
	f.Add("", " x")
	f.Add("商品,z", "z,\x00")
	f.Fuzz(func(t *testing.T, fs, ms string) {
		followers, members := strings.Split(fs, ","), strings.Split(ms, ",")
		rs, err := live.Reminders(followers, members)
		if err != nil {
			if !errors.Is(err, commerce.ErrInvalid) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		for i, r := range rs {
			if i > 0 && rs[i-1].Person >= r.Person {
				t.Fatalf("not sorted or repeated at %d: %q, %q", i, rs[i-1].Person, r.Person)
			}
			want := live.ReminderReason(0)
			if slices.Contains(followers, r.Person) {
				want |= live.FollowsAccount
			}
			if slices.Contains(members, r.Person) {
				want |= live.InGroup
			}
			if r.Why != want {
				t.Fatalf("%q: %v, want %v", r.Person, r.Why, want)
			}
		}
	})
}
