package live_test

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
)

// BenchmarkReminders is the size the issue names: 500,000 followers and
// 500,000 group members, half of the members also following (750,000
// people).
func BenchmarkReminders(b *testing.B) {
	followers, members := reminderPeople(500_000)
	b.ReportAllocs()
	for b.Loop() {
		rs, err := live.Reminders(followers, members)
		if err != nil || len(rs) != 750_000 {
			b.Fatal(len(rs), err)
		}
	}
}

// BenchmarkSessionLifecycle schedules, starts, interrupts, resumes and
// ends a session.
func BenchmarkSessionLifecycle(b *testing.B) {
	spec := tiktokSpec("s", sessionDay, sessionDay.Add(2*time.Hour))
	b.ReportAllocs()
	for b.Loop() {
		s, _ := live.NewSession(spec)
		s, _ = s.Start(sessionDay)
		s, _ = s.Interrupt(sessionDay.Add(time.Hour))
		s, _ = s.Resume(sessionDay.Add(time.Hour + time.Minute))
		s, err := s.End(sessionDay.Add(2 * time.Hour))
		if err != nil || s.OnAir() != 2*time.Hour-time.Minute {
			b.Fatal(err)
		}
	}
}

// BenchmarkSplit cuts a week of 18-hour days, 07:00 to 01:00 with three
// 6-hour shifts (seed 002), run as one broadcast, into TikTok sessions.
func BenchmarkSplit(b *testing.B) {
	spec := tiktokSpec("week", sessionDay, sessionDay.Add(7*24*time.Hour))
	var cuts []time.Time
	for d := range 7 {
		for h := 0; h <= 18; h += 6 {
			cuts = append(cuts, sessionDay.Add(time.Duration(24*d+h)*time.Hour))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := live.Split(spec, cuts); err != nil {
			b.Fatal(err)
		}
	}
}
