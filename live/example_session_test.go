package live_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
)

// A two-hour TikTok session goes on air five minutes late, drops for ten
// minutes, resumes and ends: 2 h on air out of 2 h 10 min.
func ExampleSession_OnAir() {
	at := func(hhmm string) time.Time {
		t, _ := time.Parse("2006-01-02 15:04", "2024-06-18 "+hhmm)
		return t
	}
	s, err := live.NewSession(live.SessionSpec{
		ID: "cups-0618", Account: "shidajia", Platform: live.TikTok,
		Hosts: []string{"mei"}, Lineup: []string{"cup-350ml", "cup-500ml"}, Selling: true,
		Start: at("20:00"), End: at("22:00"),
	})
	fmt.Println(s.Status(), err)

	s, _ = s.Start(at("20:05"))
	s, _ = s.Interrupt(at("21:00"))
	s, _ = s.Resume(at("21:10"))
	s, _ = s.End(at("22:15"))
	fmt.Println(s.Status(), s.OnAir(), s.Interruptions()[0].To.Sub(s.Interruptions()[0].From))

	_, err = s.Start(at("22:30"))
	fmt.Println(errors.Is(err, live.ErrTransition), err)
	// Output:
	// scheduled <nil>
	// ended 2h0m0s 10m0s
	// true live: session "cups-0618": start: cannot go from ended to streaming: transition not allowed
}

// The 18-hour day of seed 002, 07:00 to 01:00, does not fit one TikTok
// LIVE Event (13 h at most): Split cuts it at the latest host handover
// within 13 h of the start, 19:00.
func ExampleSplit() {
	cst := time.FixedZone("CST", 8*3600)
	day := time.Date(2024, 6, 18, 7, 0, 0, 0, cst)
	spec := live.SessionSpec{
		ID: "day-0618", Account: "shidajia", Platform: live.TikTok,
		Hosts: []string{"ana", "mei", "yu"}, Lineup: []string{"cup-350ml"}, Selling: true,
		Start: day, End: day.Add(18 * time.Hour),
	}
	_, err := live.NewSession(spec)
	fmt.Println(errors.Is(err, live.ErrTooLong))

	handovers := []time.Time{day.Add(6 * time.Hour), day.Add(12 * time.Hour)} // 13:00, 19:00
	parts, _ := live.Split(spec, handovers)
	for _, p := range parts {
		fmt.Println(p.ID(), p.ScheduledStart().Format("Jan 2 15:04"), "to", p.ScheduledEnd().Format("Jan 2 15:04"))
	}
	// Output:
	// true
	// day-0618-1 Jun 18 07:00 to Jun 18 19:00
	// day-0618-2 Jun 18 19:00 to Jun 19 01:00
}

// An application is rejected for a reason, fixed and approved; an
// account whose store is not certified cannot apply.
func ExamplePermission() {
	day := time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
	ok := live.Preconditions{StoreCertified: true, GoodStanding: true}

	p, _ := live.NewPermission("shidajia")
	p, _ = p.Apply(day, ok)
	p, _ = p.Reject(day.AddDate(0, 0, 1), "store photos unclear")
	p, _ = p.Apply(day.AddDate(0, 0, 2), ok)
	p, _ = p.Approve(day.AddDate(0, 0, 3))
	for _, e := range p.History() {
		line := e.At.Format("Jan 2") + " " + e.Status.String()
		if e.Reason != "" {
			line += ": " + e.Reason
		}
		fmt.Println(line)
	}

	q, _ := live.NewPermission("newcomer")
	_, err := q.Apply(day, live.Preconditions{GoodStanding: true})
	fmt.Println(err)
	// Output:
	// Jun 1 pending
	// Jun 2 rejected: store photos unclear
	// Jun 3 pending
	// Jun 4 approved
	// live: permission of "newcomer": apply: store not certified: precondition not met
}

// Followers and group members are reminded once each, in ID order, with
// why.
func ExampleReminders() {
	followers := []string{"lin", "ann", "lin"}
	members := []string{"zhou", "ann"}
	rs, _ := live.Reminders(followers, members)
	for _, r := range rs {
		fmt.Println(r.Person, "—", r.Why)
	}
	// Output:
	// ann — follower and group member
	// lin — follower
	// zhou — group member
}

// A creator selecting for fans whose lineup is 4 of 5 SKUs its own or a
// close supplier's is a "front store, back factory" buyer: 4/5 reaches
// the default threshold exactly.
func ExampleClassify() {
	c, _ := live.Classify(live.AccountFacts{
		SelectsForFans: true,
		Lineup: []live.LineupItem{
			{SKU: "cup-1", Brand: "own-factory", Own: true},
			{SKU: "cup-2", Brand: "own-factory", Own: true},
			{SKU: "lid-1", Brand: "partner-lids", Own: true},
			{SKU: "tea-1", Brand: "partner-lids", Own: true},
			{SKU: "spoon-1", Brand: "other-brand"},
		},
	}, live.Thresholds{})
	fmt.Println(c.Role, c.FrontStore, c.OwnShare)
	for _, r := range c.Reasons {
		fmt.Println(r)
	}
	// Output:
	// buyer true 4/5
	// a creator selecting products for fans: buyer (买手)
	// own or close-supplier SKUs 4 of 5, share 4/5 ≥ 4/5: front store, back factory
}
