package matrix_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// A brand account previews its live in two overlapping groups under a
// cap of one announcement per person per calendar day in Shanghai: the
// 24-hour preview goes out the day before, the 1-hour preview reaches
// everyone, and the live-start message is suppressed, naming the cap.
func ExamplePlanner_Plan() {
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "cup-brand", Role: matrix.Brand}},
		Groups: []matrix.Group{
			{ID: "fans-1", Owner: "cup-brand", Members: []string{"ann", "bo", "cy"}},
			{ID: "fans-2", Owner: "cup-brand", Members: []string{"bo", "di"}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{
		Location: shanghai,
		Caps:     []matrix.Cap{{ID: "daily", Level: matrix.PerPerson, Limit: 1, Window: matrix.CalendarDays(1)}},
		Identity: matrix.FailClosed,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	live := matrix.Live{ID: "live-0601", Account: "cup-brand",
		Start: time.Date(2024, 6, 1, 20, 0, 0, 0, shanghai), End: time.Date(2024, 6, 1, 23, 0, 0, 0, shanghai)}
	groups := []string{"fans-1", "fans-2"}
	plan, err := p.Plan(matrix.Request{
		Lives: []matrix.Live{live},
		Announcements: []matrix.Announcement{
			{ID: "pre-24h", Kind: matrix.Preview24h, Account: "cup-brand", Live: "live-0601", Groups: groups},
			{ID: "pre-1h", Kind: matrix.Preview1h, Account: "cup-brand", Live: "live-0601", Groups: groups},
			{ID: "start", Kind: matrix.LiveStart, Account: "cup-brand", Live: "live-0601", Groups: groups},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range plan.Deliveries() {
		fmt.Printf("send %s to %s at %s: %d reached, %d new\n", d.Announcement, d.Group, d.At.Format("Jan 2 15:04"), d.Reached, d.New)
	}
	for _, s := range plan.Suppressed() {
		fmt.Printf("hold %s to %s: cap %q binds for %s, %d of %d in [%s, %s)\n", s.Announcement, s.Group, s.Cap, s.Subject,
			s.Count, s.Limit, s.From.Format("Jan 2 15:04"), s.To.Format("Jan 2 15:04"))
	}
	// Output:
	// send pre-24h to fans-1 at May 31 20:00: 3 reached, 3 new
	// send pre-24h to fans-2 at May 31 20:00: 2 reached, 1 new
	// send pre-1h to fans-1 at Jun 1 19:00: 3 reached, 3 new
	// send pre-1h to fans-2 at Jun 1 19:00: 2 reached, 1 new
	// hold start to fans-1: cap "daily" binds for ann, 1 of 1 in [Jun 1 00:00, Jun 2 00:00)
	// hold start to fans-2: cap "daily" binds for bo, 1 of 1 in [Jun 1 00:00, Jun 2 00:00)
}

// WeCom's mass-message caps are data with their source. Announcements
// without a time take the account's next free posting slot in the
// planner's location; an explicit time keeps its own.
func ExampleWeComCaps() {
	for _, c := range matrix.WeComCaps() {
		fmt.Println(c)
	}
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "cup-buyer", Role: matrix.Buyer}},
		Groups:   []matrix.Group{{ID: "cup-fans", Owner: "cup-buyer", Members: []string{"ann", "bo"}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{
		Location: shanghai,
		Caps:     matrix.WeComCaps(),
		Slots:    []matrix.Slots{{Account: "cup-buyer", Minutes: []int{9 * 60, 20 * 60}}}, // 09:00 and 20:00
		Identity: matrix.FailOpen,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := p.Plan(matrix.Request{
		From: time.Date(2024, 2, 29, 10, 0, 0, 0, shanghai),
		Announcements: []matrix.Announcement{
			{ID: "mug-launch", Kind: matrix.ProductLaunch, Account: "cup-buyer", Groups: []string{"cup-fans"}},
			{ID: "lid-launch", Kind: matrix.ProductLaunch, Account: "cup-buyer", Groups: []string{"cup-fans"}, Priority: 1},
			{ID: "flash", Kind: matrix.ProductLaunch, Account: "cup-buyer", People: []string{"bo"},
				At: time.Date(2024, 2, 29, 20, 0, 0, 0, shanghai)},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range plan.Deliveries() {
		fmt.Printf("%s %s to %s%s\n", d.At.Format("Jan 2 15:04"), d.Announcement, d.Group, d.Person)
	}
	// Output:
	// "wecom-customer-month" 1 a day per person (direct) per 1 calendar month
	// "wecom-group-month" 1 a day per group per 1 calendar month
	// Feb 29 20:00 flash to bo
	// Mar 1 09:00 lid-launch to cup-fans
	// Mar 1 20:00 mug-launch to cup-fans
}
