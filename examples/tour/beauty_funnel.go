package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// The touchpoints the seeding funnel's events come from: three notes, the
// group chat and the live room.
const (
	srcSpongeNote matrix.Source = iota
	srcBrushNote
	srcInviteNote
	srcGroup
	srcLive
	funnelSources
)

// sourceNames names the funnel's touchpoints.
var sourceNames = [funnelSources]string{
	srcSpongeNote: "sponge review",
	srcBrushNote:  "brush tutorial",
	srcInviteNote: "join-coupon invite",
	srcGroup:      "group chat",
	srcLive:       "live room",
}

// The seeding story, as the tour generates it. These are the story's
// assumptions; everything the section prints about the funnel is computed
// by package matrix from the events they generate.
const (
	// funnelReaders are the notes' readers who did not join the group,
	// beside the group's members, who all joined through a note.
	funnelReaders = 40_000
	// seedingFrom is the day Puffbloom posted its first note: notes are
	// read from 5 June until two hours before the live, more often as it
	// nears.
	seedingFrom = 5
	// joinWithin is how long after reading a note a member joined.
	joinWithin = 48 * time.Hour
	// secondNoteIn: one person in secondNoteIn reads a second note.
	secondNoteIn = 4
	// repurchaseIn: after the live the group asks buyers to post their
	// photos and orders; one buyer in repurchaseIn buys again within
	// repurchaseWithin of the live's end.
	repurchaseIn     = 4
	repurchaseWithin = 14 * 24 * time.Hour
	// funnelWindow bounds a chain: every step within 30 days of the note
	// impression that starts it.
	funnelWindow = 30 * 24 * time.Hour
)

// The widths of the funnel's bars, in cells, so that each table fits in
// 80 columns.
const stepBar, sourceBar, dayBar = 28, 8, 14

// The generator's seed: 618, the festival of the live, and the year.
const funnelSeed1, funnelSeed2 = 618, 2024

// Which note a reader reads, in tenths: members mostly came through the
// invite with its join coupon, other readers mostly read the review and
// the tutorial.
var (
	memberNotes = [3]int{3, 2, 5}
	readerNotes = [3]int{5, 3, 2}
)

// funnelSteps are the funnel's steps, each one kind of event.
var funnelSteps = []matrix.Kind{matrix.NoteImpression, matrix.GroupJoin, matrix.LiveEntry, matrix.Order, matrix.Repurchase}

// seedingFunnel follows Puffbloom's seeding from the notes to repurchase:
// a funnel over the events of the group's members and of the notes' other
// readers, by step, by the note that started each chain, by the time
// each step took and by the day, with per-step conversion as text bars;
// then the same tally split in two and merged.
func seedingFunnel(w io.Writer, s *story) error {
	rows, members, err := seedingEvents(s)
	if err != nil {
		return err
	}
	steps := make([][]matrix.Kind, len(funnelSteps))
	for i, k := range funnelSteps {
		steps[i] = []matrix.Kind{k}
	}
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps: steps, Window: funnelWindow, Sources: int(funnelSources),
		Breakdown: matrix.FirstTouch, Location: s.shanghai,
	})
	if err != nil {
		return err
	}
	t := f.NewTally()
	if err := t.Add(rows); err != nil {
		return err
	}
	r, err := t.Report()
	if err != nil {
		return err
	}

	para(w, "Notes plant the desire before the live. Puffbloom posted three notes from",
		fmt.Sprintf("%d June: the %s, the %s and the %s.", seedingFrom, sourceNames[srcSpongeNote], sourceNames[srcBrushNote],
			sourceNames[srcInviteNote]),
		fmt.Sprintf("The tour generates their audience from the story, seeded (PCG %d, %d): the", funnelSeed1, funnelSeed2),
		fmt.Sprintf("group's %s members each read a note and joined through it within %s;", count(int64(members)), hours(joinWithin)),
		fmt.Sprintf("%s other readers did not join; one person in %d read a second note.", count(funnelReaders), secondNoteIn),
		"The live's records (section 3) give the members' entries and orders, a second order",
		"in the live counting as a repurchase, and after the live, when the group asks buyers to",
		fmt.Sprintf("post their photos, one buyer in %d buys again within %s.", repurchaseIn, days(repurchaseWithin)),
		fmt.Sprintf("That is %s events (matrix.Event, 16 bytes each) of %s people.", count(int64(len(rows))), count(r.Total.Users)))

	names := make([]string, len(funnelSteps))
	for i, k := range funnelSteps {
		names[i] = f.KindName(k)
	}
	para(w, fmt.Sprintf("The funnel %s, each step within %s of", strings.Join(names, " → "), days(funnelWindow)),
		"the note impression that starts the chain (matrix.NewFunnel: ClickHouse's windowFunnel),",
		"tallied once (FunnelTally.Add, Report). The bars are each step's conversion from the",
		"step before (StepCounts.StepConversion):")
	tb := table{align: "lrrrl"}
	tb.row("step", "people", "of step 1", "of previous", "")
	tb.rule()
	for i, name := range names {
		of1, err := r.Total.Conversion(i + 1)
		if err != nil {
			return err
		}
		p1, err := pct(of1)
		if err != nil {
			return err
		}
		prev, drawn := "", ""
		if i > 0 {
			c, err := r.Total.StepConversion(i + 1)
			if err != nil {
				return err
			}
			if prev, err = pct(c); err != nil {
				return err
			}
			drawn = bar(c, stepBar)
		}
		tb.row(name, count(r.Total.Reached[i]), p1, prev, drawn)
	}
	tb.write(w)

	if err := writeFunnelSources(w, r); err != nil {
		return err
	}
	writeConvertTimes(w, names, r)
	if err := writeFunnelDays(w, r); err != nil {
		return err
	}

	// The same events split by person, members and other readers, tallied
	// apart and merged, as a distributed engine combines partial
	// aggregates.
	var groupRows, readerRows []matrix.Event
	for _, e := range rows {
		if int(e.User) < members {
			groupRows = append(groupRows, e)
		} else {
			readerRows = append(readerRows, e)
		}
	}
	a, b := f.NewTally(), f.NewTally()
	if err := a.Add(groupRows); err != nil {
		return err
	}
	if err := b.Add(readerRows); err != nil {
		return err
	}
	if err := b.Merge(a); err != nil {
		return err
	}
	merged, err := b.Report()
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("Tallied apart, the %s members and the %s other readers give two", count(int64(a.Users())), count(int64(funnelReaders))),
		"partial tallies; merged (FunnelTally.Merge) they report exactly what the single tally",
		fmt.Sprintf("does (reflect.DeepEqual: %t), in any grouping and order: the combine step of a", reflect.DeepEqual(merged, r)),
		"distributed engine.")
	return nil
}

// writeFunnelSources prints the funnel by the note that started each
// person's chain, with the share of its readers who joined the group as a
// bar.
func writeFunnelSources(w io.Writer, r matrix.FunnelReport) error {
	para(w, "By the note that started each person's chain (Breakdown FirstTouch): its readers,",
		"how many of them joined, entered, ordered and bought again, and the share who joined:")
	tb := table{align: "lrrrrrrl"}
	tb.row("first touch", "readers", "joined", "entered", "ordered", "again", "joined", "")
	tb.rule()
	for _, src := range r.Sources {
		name := "none"
		if src.Source < funnelSources {
			name = sourceNames[src.Source]
		}
		c, err := src.Conversion(2)
		if err != nil {
			return err
		}
		p, err := pct(c)
		if err != nil {
			return err
		}
		row := []string{name}
		for _, n := range src.Reached {
			row = append(row, count(n))
		}
		tb.row(append(row, p, bar(c, sourceBar))...)
	}
	tb.write(w)
	return nil
}

// writeConvertTimes prints how long each step took from the note
// impression.
func writeConvertTimes(w io.Writer, names []string, r matrix.FunnelReport) {
	para(w, "How long after the note impression each step came, for the people who reached it",
		"(FunnelReport.TimeToConvert: exact quantiles, shown here to the minute):")
	tb := table{align: "lrrrr"}
	tb.row("step", "people", "mean", "median", "p90")
	tb.rule()
	for _, c := range r.TimeToConvert {
		tb.row(names[c.Step-1], count(c.Users), minutes(c.Mean), minutes(c.Median), minutes(c.P90))
	}
	tb.write(w)
}

// writeFunnelDays prints the funnel by the day each chain started, in
// Asia/Shanghai, with the share of the day's readers who joined as a bar.
func writeFunnelDays(w io.Writer, r matrix.FunnelReport) error {
	para(w, "By the day the chain started, in Asia/Shanghai (FunnelReport.Days). A person who",
		"read two notes counts once, on the day of the chain credited: of the chains that reach",
		"the person's furthest step, the one that started last.")
	tb := table{align: "lrrrrrrl"}
	tb.row("day", "readers", "joined", "entered", "ordered", "again", "joined", "")
	tb.rule()
	for _, d := range r.Days {
		c, err := d.Conversion(2)
		if err != nil {
			return err
		}
		p, err := pct(c)
		if err != nil {
			return err
		}
		row := []string{d.Day.Format("Mon 2 Jan")}
		for _, n := range d.Reached {
			row = append(row, count(n))
		}
		tb.row(append(row, p, bar(c, dayBar))...)
	}
	tb.write(w)
	return nil
}

// seedingEvents generates the funnel's events from the story: the group's
// members (Members 0 to members−1, in the order of their IDs) read a note
// and join; the live's records give their entries and orders; some buy
// again after the live; the other readers (the Members after) read notes
// only. It returns the rows and the number of members.
func seedingEvents(s *story) ([]matrix.Event, int, error) {
	b := s.broadcast
	rng := rand.New(rand.NewPCG(funnelSeed1, funnelSeed2))
	from := time.Date(2024, time.June, seedingFrom, 0, 0, 0, 0, s.shanghai)
	until := b.Session.From.Add(-2 * time.Hour)
	span := int64(until.Sub(from) / time.Second)
	// impression draws a time in [from, until) to the second, its density
	// rising linearly toward the live.
	impression := func() time.Time {
		return from.Add(time.Duration(int64(math.Sqrt(rng.Float64())*float64(span))) * time.Second)
	}
	note := func(tenths [3]int) matrix.Source {
		n := rng.IntN(10)
		for i, t := range tenths {
			if n < t {
				return matrix.Source(i)
			}
			n -= t
		}
		panic("tenths do not sum to 10")
	}
	var rows []matrix.Event
	add := func(u matrix.Member, at time.Time, k matrix.Kind, src matrix.Source) {
		rows = append(rows, matrix.Event{User: u, Time: at.UnixMilli(), Kind: k, Source: src})
	}

	// The group's members, named as livetest.BeautyFirstBroadcast names
	// them, each reading a note and joining through it.
	members := b.Group.Len()
	user := make(map[string]matrix.Member, members)
	joinBy := b.Session.From.Add(-10 * time.Minute)
	for i := range members {
		id := fmt.Sprintf("puffbloom-g-%05d", i)
		if !b.Group.Contains(id) {
			return nil, 0, fmt.Errorf("%s is not in the group %q", id, b.Group.Name())
		}
		u := matrix.Member(i)
		user[id] = u
		read, src := impression(), note(memberNotes)
		add(u, read, matrix.NoteImpression, src)
		within := min(joinWithin, joinBy.Sub(read)) / time.Second
		add(u, read.Add(time.Duration(1+rng.Int64N(int64(within)))*time.Second), matrix.GroupJoin, src)
		if rng.IntN(secondNoteIn) == 0 {
			add(u, impression(), matrix.NoteImpression, note(readerNotes))
		}
	}

	// The live: each member's first entry and paid orders, from the
	// records of section 3, and the repurchases after it.
	for _, r := range b.Records {
		u, ok := user[r.Viewer]
		if !ok {
			continue
		}
		add(u, firstEntry(r), matrix.LiveEntry, srcLive)
		paid := paidTimes(r)
		for i, at := range paid {
			kind := matrix.Order
			if i > 0 {
				kind = matrix.Repurchase
			}
			add(u, at, kind, srcLive)
		}
		if len(paid) > 0 && rng.IntN(repurchaseIn) == 0 {
			at := b.Session.To.Add(time.Duration(1+rng.Int64N(int64(repurchaseWithin/time.Second))) * time.Second)
			add(u, at, matrix.Repurchase, srcGroup)
		}
	}

	// The notes' other readers.
	for i := range funnelReaders {
		u := matrix.Member(members + i)
		add(u, impression(), matrix.NoteImpression, note(readerNotes))
		if rng.IntN(secondNoteIn) == 0 {
			add(u, impression(), matrix.NoteImpression, note(readerNotes))
		}
	}
	return rows, members, nil
}

// firstEntry returns when a viewer first entered the room.
func firstEntry(r live.ViewerRecord) time.Time {
	first := r.Visits[0].Enter
	for _, v := range r.Visits[1:] {
		if v.Enter.Before(first) {
			first = v.Enter
		}
	}
	return first
}

// paidTimes returns when a viewer's paid orders were paid, in time order.
func paidTimes(r live.ViewerRecord) []time.Time {
	var out []time.Time
	for _, o := range r.Orders {
		if !o.PaidAt().IsZero() {
			out = append(out, o.PaidAt())
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}
