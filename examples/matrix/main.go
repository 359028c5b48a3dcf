// Command matrix works a small brand's matrix of accounts and groups: how
// many distinct people each touchpoint reaches and how the groups overlap;
// a launch day's announcements planned under frequency caps, every held
// message naming the cap that held it; the seeding funnel from a note to
// an order, with each step's conversion; and each order's credit shared
// across the touchpoints on its path.
//
// The network is Glow's: a brand account with two fan groups, a buyer
// (买手) with her picks group, and a host with a VIP group, 40 fans in
// all, many in more than one group.
//
//	go run ./examples/matrix
//
// Copy it as a starting point: the data and times are fixed, so the output
// is the same on every run (testdata/matrix.golden; rewrite it with
// go test ./examples/matrix -update).
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "matrix:", err)
		os.Exit(1)
	}
}

// fans returns the IDs fan-lo to fan-hi, every step-th.
func fans(lo, hi, step int) []string {
	var out []string
	for i := lo; i <= hi; i += step {
		out = append(out, fmt.Sprintf("fan-%02d", i))
	}
	return out
}

// run writes the example's output to w.
func run(w io.Writer) error {
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{
			{ID: "glow-brand", Role: matrix.Brand},
			{ID: "glow-buyer-amy", Role: matrix.Buyer},
			{ID: "glow-host", Role: matrix.Host},
		},
		Groups: []matrix.Group{
			{ID: "glow-fans-1", Owner: "glow-brand", Capacity: 500, Members: fans(1, 20, 1)},
			{ID: "glow-fans-2", Owner: "glow-brand", Capacity: 500, Members: fans(15, 32, 1)},
			{ID: "amy-picks", Owner: "glow-buyer-amy", Capacity: 200, Members: fans(10, 40, 2)},
			{ID: "glow-vip", Owner: "glow-host", Capacity: 100, Members: append(fans(1, 6, 1), fans(30, 35, 1)...)},
		},
		Notes: []matrix.Note{{ID: "note-serum-review", Account: "glow-brand"}},
		Rooms: []matrix.Room{{ID: "glow-live", Account: "glow-host"}},
	})
	if err != nil {
		return err
	}
	if err := reach(w, n); err != nil {
		return err
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	live := matrix.Live{ID: "glow-live-0618", Account: "glow-host",
		Start: time.Date(2026, 6, 18, 20, 0, 0, 0, shanghai), End: time.Date(2026, 6, 18, 23, 0, 0, 0, shanghai)}
	if err := plan(w, n, shanghai, live); err != nil {
		return err
	}
	if err := funnel(w, n, shanghai, live); err != nil {
		return err
	}
	return attribution(w, shanghai, live)
}

// reach prints the distinct people of three touchpoints, sent one after
// the other, and the overlap of the groups.
func reach(w io.Writer, n *matrix.Network) error {
	touchpoints := []matrix.Audience{
		{Accounts: []string{"glow-brand"}},     // the brand's own groups
		{Groups: []string{"amy-picks"}},        // then the buyer's
		{Accounts: []string{"glow-host"}},      // then the host's VIPs
		{Groups: []string{"glow-fans-1"}},      // the brand's first group again
		{Accounts: []string{"glow-buyer-amy"}}, // and the buyer's again
	}
	rs, err := n.Reach(touchpoints...)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Reach: %d people in %d groups\n", n.People(), len(n.Groups()))
	for i, r := range rs {
		fmt.Fprintf(w, "  %-38s %2d people, %2d impressions, %2d duplicates avoided, %2d new\n",
			audience(touchpoints[i]), r.People, r.Impressions, r.Duplicates, r.New)
	}
	o, err := n.Overlap(n.Groups()...)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nPeople two groups share:\n  %-12s", "")
	for _, g := range o.Groups() {
		fmt.Fprintf(w, "%12s", g)
	}
	fmt.Fprintln(w)
	for i, g := range o.Groups() {
		fmt.Fprintf(w, "  %-12s", g)
		for j := range o.Len() {
			fmt.Fprintf(w, "%12d", o.At(i, j))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// audience names a touchpoint's audience.
func audience(a matrix.Audience) string {
	if len(a.Accounts) > 0 {
		return "groups of " + strings.Join(a.Accounts, ", ")
	}
	return "group " + strings.Join(a.Groups, ", ")
}

// plan plans the day before and the day of the live under two caps: two
// announcements per person per calendar day in Shanghai, and four per
// group in any 24 hours.
func plan(w io.Writer, n *matrix.Network, loc *time.Location, live matrix.Live) error {
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{
		Location: loc,
		Caps: []matrix.Cap{
			{ID: "person-daily", Level: matrix.PerPerson, Limit: 2, Window: matrix.CalendarDays(1)},
			{ID: "group-24h", Level: matrix.PerGroup, Limit: 4, Window: matrix.Sliding(24 * time.Hour)},
		},
		Identity: matrix.FailClosed,
	})
	if err != nil {
		return err
	}
	all := n.Groups()
	launch := time.Date(2026, 6, 18, 10, 0, 0, 0, loc)
	pl, err := p.Plan(matrix.Request{
		Lives: []matrix.Live{live},
		Announcements: []matrix.Announcement{
			// Higher priority is planned first and takes the cap.
			{ID: "live-start", Kind: matrix.LiveStart, Account: "glow-host", Live: live.ID, Groups: all, Priority: 3},
			{ID: "serum-launch", Kind: matrix.ProductLaunch, Account: "glow-brand", At: launch,
				Groups: []string{"glow-fans-1", "glow-fans-2"}, Priority: 2},
			{ID: "preview-24h", Kind: matrix.Preview24h, Account: "glow-host", Live: live.ID, Groups: all, Priority: 1},
			{ID: "preview-1h", Kind: matrix.Preview1h, Account: "glow-host", Live: live.ID, Groups: all, Priority: 1},
			{ID: "amy-picks-serum", Kind: matrix.ProductLaunch, Account: "glow-buyer-amy", At: launch.Add(2 * time.Hour),
				Groups: []string{"amy-picks"}},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe launch day's plan (caps: 2 a person a day, 4 a group in 24 h; priority: the live's\n"+
		"start, the brand's launch, the previews, the buyer's launch):\n")
	for _, d := range pl.Deliveries() {
		fmt.Fprintf(w, "  send %-16s to %-12s %s  %2d reached, %2d new\n",
			d.Announcement, d.Group, d.At.In(loc).Format("Jan 2 15:04"), d.Reached, d.New)
	}
	for _, s := range pl.Suppressed() {
		fmt.Fprintf(w, "  hold %-16s to %-12s cap %q binds for %s: %d of %d in [%s, %s)\n",
			s.Announcement, s.Group, s.Cap, s.Subject, s.Count, s.Limit,
			s.From.In(loc).Format("Jan 2 15:04"), s.To.In(loc).Format("Jan 2 15:04"))
	}
	return nil
}

// funnel tallies the seeding funnel note → group → live → order for the
// network's people, the note's readers arriving one a minute from the
// launch, and draws each step's conversion as a bar.
func funnel(w io.Writer, n *matrix.Network, loc *time.Location, live matrix.Live) error {
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps: [][]matrix.Kind{
			{matrix.NoteImpression}, {matrix.GroupJoin}, {matrix.LiveEntry}, {matrix.Order, matrix.Repurchase},
		},
		Window:   48 * time.Hour,
		Location: loc,
	})
	if err != nil {
		return err
	}
	t0 := time.Date(2026, 6, 17, 10, 0, 0, 0, loc).UnixMilli()
	start := live.Start.UnixMilli()
	var events []matrix.Event
	for i := range n.People() {
		u := matrix.Member(i)
		at := t0 + int64(i)*60_000
		events = append(events, matrix.Event{User: u, Time: at, Kind: matrix.NoteImpression})
		if i%4 != 3 { // three in four join a group
			events = append(events, matrix.Event{User: u, Time: at + 30*60_000, Kind: matrix.GroupJoin})
		}
		if i%2 == 0 { // half come to the live
			events = append(events, matrix.Event{User: u, Time: start + int64(i)*10_000, Kind: matrix.LiveEntry})
		}
		if i%6 == 0 { // and a third of those buy
			events = append(events, matrix.Event{User: u, Time: start + 30*60_000 + int64(i)*10_000, Kind: matrix.Order})
		}
	}
	tally := f.NewTally()
	if err := tally.Add(events); err != nil {
		return err
	}
	r, err := tally.Report()
	if err != nil {
		return err
	}
	names := []string{"note impression", "group join", "live entry", "order"}
	fmt.Fprintf(w, "\nThe seeding funnel, %d users, a 48-hour window:\n", r.Total.Users)
	for step := 1; step <= r.Steps; step++ {
		c, err := r.Total.Conversion(step) // exact: reached / reached at step 1
		if err != nil {
			return err
		}
		pct, err := c.Rate(3, commerce.HalfUp) // 0.375 is 37.5%
		if err != nil {
			return err
		}
		reached := r.Total.Reached[step-1]
		fmt.Fprintf(w, "  %-16s %3d  %-30s %6s of step 1", names[step-1], reached,
			strings.Repeat("█", int(30*reached/r.Total.Reached[0])), pct)
		if step > 1 {
			fmt.Fprintf(w, ", median %v to convert", r.TimeToConvert[step-2].Median)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// attribution shares three orders' amounts across the touchpoints on
// their paths, 40% to the first, 40% to the last and the rest between,
// and sums the credit per touchpoint.
func attribution(w io.Writer, loc *time.Location, live matrix.Live) error {
	a, err := matrix.NewAttribution(matrix.AttributionSpec{Model: matrix.PositionBasedCredit, Lookback: 7 * 24 * time.Hour})
	if err != nil {
		return err
	}
	at := func(day, hour int) time.Time { return time.Date(2026, 6, day, hour, 0, 0, 0, loc) }
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	orders := []matrix.OrderPath{
		{Order: "o-1", Amount: cny("199.00"), At: at(18, 21), Touches: []matrix.Touch{
			{Touchpoint: "note-serum-review", At: at(17, 10)}, {Touchpoint: "glow-fans-1", At: at(17, 11)},
			{Touchpoint: live.ID, At: at(18, 20)}}},
		{Order: "o-2", Amount: cny("398.00"), At: at(18, 22), Touches: []matrix.Touch{
			{Touchpoint: "amy-picks", At: at(18, 12)}, {Touchpoint: live.ID, At: at(18, 21)}}},
		{Order: "o-3", Amount: cny("99.90"), At: at(19, 9), Touches: []matrix.Touch{
			{Touchpoint: "note-serum-review", At: at(18, 8)}}},
	}
	totals, err := a.Totals(orders)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nCredit for %d orders, position-based (40/20/40):\n", totals.Orders())
	credited, paid := commerce.Zero(commerce.CNY), commerce.Zero(commerce.CNY)
	for _, row := range totals.Rows() {
		touches := "touches"
		if row.Touches == 1 {
			touches = "touch"
		}
		fmt.Fprintf(w, "  %-18s %s over %d %s\n", row.Touchpoint, row.Amount, row.Touches, touches)
		if credited, err = credited.Add(row.Amount); err != nil {
			return err
		}
	}
	for _, o := range orders {
		if paid, err = paid.Add(o.Amount); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(w, "  %-18s %s credited, %s paid\n", "total", credited, paid)
	return err
}
