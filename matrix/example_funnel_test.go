package matrix_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// A user saw a note twice, joined the group and entered the live 70
// minutes after the first impression: with a one-hour window, ClickHouse's
// rule (the latest note impression starts the chain) reaches the live;
// Mixpanel's (the first one does) stops at the group.
func ExampleFunnel_Level() {
	minutes := func(m int64) int64 { return m * 60_000 } // Event.Time is in ms
	events := []matrix.Event{
		{Time: minutes(0), Kind: matrix.NoteImpression},
		{Time: minutes(70), Kind: matrix.LiveEntry}, // any order
		{Time: minutes(30), Kind: matrix.NoteImpression},
		{Time: minutes(45), Kind: matrix.GroupJoin},
	}
	for _, first := range []bool{false, true} {
		f, err := matrix.NewFunnel(matrix.FunnelSpec{
			Steps:      [][]matrix.Kind{{matrix.NoteImpression}, {matrix.GroupJoin}, {matrix.LiveEntry}},
			Window:     time.Hour,
			FirstStart: first,
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		level, err := f.Level(events)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("first start %v: level %d\n", first, level)
	}
	// Output:
	// first start false: level 3
	// first start true: level 2
}

// Tally the seeding funnel note → group → live → order for three users,
// with the group each came through (source 0 or 1) credited by first
// touch, and read the conversion and the time to convert.
func ExampleFunnelTally() {
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps: [][]matrix.Kind{
			{matrix.NoteImpression}, {matrix.GroupJoin}, {matrix.LiveEntry}, {matrix.Order, matrix.Repurchase},
		},
		Window:    24 * time.Hour,
		Sources:   2,
		Breakdown: matrix.FirstTouch,
		Location:  time.FixedZone("UTC+8", 8*60*60),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	day := time.Date(2024, time.June, 18, 9, 0, 0, 0, time.UTC).UnixMilli()
	h := int64(time.Hour / time.Millisecond)
	rows := []matrix.Event{
		{User: 0, Time: day, Kind: matrix.NoteImpression, Source: 0},
		{User: 0, Time: day + h, Kind: matrix.GroupJoin, Source: 0},
		{User: 0, Time: day + 3*h, Kind: matrix.LiveEntry, Source: 0},
		{User: 0, Time: day + 4*h, Kind: matrix.Order, Source: 0},
		{User: 1, Time: day, Kind: matrix.NoteImpression, Source: 1},
		{User: 1, Time: day + 2*h, Kind: matrix.GroupJoin, Source: 1},
		{User: 1, Time: day + 5*h, Kind: matrix.LiveEntry, Source: 1},
		{User: 2, Time: day + h, Kind: matrix.NoteImpression, Source: 1},
	}
	t := f.NewTally()
	if err := t.Add(rows); err != nil {
		fmt.Println(err)
		return
	}
	r, err := t.Report()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("reached:", r.Total.Reached)
	for step := 2; step <= r.Steps; step++ {
		c, _ := r.Total.Conversion(step)
		fmt.Printf("step %d: %v of step 1; mean %v, median %v\n", step, c, r.TimeToConvert[step-2].Mean, r.TimeToConvert[step-2].Median)
	}
	for _, s := range r.Sources {
		fmt.Println("source", s.Source, s.Reached)
	}
	for _, d := range r.Days {
		fmt.Println(d.Day.Format(time.DateOnly), d.Reached)
	}
	// Output:
	// reached: [3 2 2 1]
	// step 2: 2/3 of step 1; mean 1h30m0s, median 1h30m0s
	// step 3: 2/3 of step 1; mean 4h0m0s, median 4h0m0s
	// step 4: 1/3 of step 1; mean 4h0m0s, median 4h0m0s
	// source 0 [1 1 1 1]
	// source 1 [2 1 1 0]
	// 2024-06-18 [3 2 2 1]
}

// Feed a stream events in time order; its tally equals the batch one.
func ExampleFunnelStream() {
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps:  [][]matrix.Kind{{matrix.LiveEntry}, {matrix.Order}, {matrix.Share}},
		Window: time.Hour,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := f.NewStream()
	for _, e := range []matrix.Event{
		{User: 7, Time: 1_000, Kind: matrix.LiveEntry},
		{User: 9, Time: 2_000, Kind: matrix.LiveEntry},
		{User: 7, Time: 60_000, Kind: matrix.Order},
		{User: 7, Time: 60_000, Kind: matrix.Share}, // a tie: the share counts after the order
	} {
		if err := s.Add(e); err != nil {
			fmt.Println(err)
			return
		}
	}
	t, _ := s.Tally()
	r, _ := t.Report()
	fmt.Println(t.Users(), "users, reached", r.Total.Reached)
	// Output:
	// 2 users, reached [2 1 1]
}

// ClickHouse's retention: r₁ = any(c1), rₖ = any(c1) ∧ any(ck).
func ExampleRetention() {
	days := []int{1, 3} // the days a user came back
	r, err := matrix.Retention(days,
		func(d int) bool { return d == 1 },
		func(d int) bool { return d == 2 },
		func(d int) bool { return d == 3 },
	)
	fmt.Println(r, err)
	// Output: [true false true] <nil>
}
