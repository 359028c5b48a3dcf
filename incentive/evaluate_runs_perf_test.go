package incentive

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// withoutDayRuns returns ev with no rule taken as a day run (see
// Evaluator.dayRun): its plain rules' windows go through windows and
// rule's plain step.
func withoutDayRuns(ev *Evaluator) *Evaluator {
	out, _ := withFacts(ev, func(f *ruleFacts, _ int) bool {
		f.dayRun = false
		return false
	})
	return out
}

// withFacts returns a copy of ev whose facts of each rule k set edits,
// and how many rules set reports it changed: an evaluator with one of
// its shortcuts turned off, which the tests hold the shortcut to.
func withFacts(ev *Evaluator, set func(f *ruleFacts, k int) bool) (*Evaluator, int) {
	e := *ev.e
	e.facts = slices.Clone(e.facts)
	changed := 0
	for k := range e.facts {
		if set(&e.facts[k], k) {
			changed++
		}
	}
	return &Evaluator{e: &e}, changed
}

// treasureVariant returns the evaluator of a copy of the treasure-host
// programme whose rule id change edits.
func treasureVariant(t *testing.T, id string, change func(r *Rule)) *Evaluator {
	t.Helper()
	p := treasureHostEvaluator(t).Programme()
	change(&p.Rules[ruleIndex(p.Rules, id)])
	ev, err := Compile(p)
	require.NoError(t, err)
	return ev
}

// runVariants returns evaluators of copies of the treasure-host
// programme whose daily-activities rule has windows of 1, 2, 7 and 30
// natural days in loc, each also paying cash (a grant with a field,
// which packs alone) and, for one day, earned by a store (a grant with
// a store, unless the merchant has none).
func runVariants(t *testing.T, loc *time.Location) []*Evaluator {
	t.Helper()
	var out []*Evaluator
	for _, ev := range eventAnchored(t, loc)[:4] { // the natural days
		out = append(out, ev)
		i := ruleIndex(ev.e.p.Rules, "daily-activities")
		for _, change := range []func(r *Rule){
			func(r *Rule) { r.Award = Award{Kind: Cash, Amount: commerce.MustNewMoney(1000, commerce.CNY)} },
			func(r *Rule) { r.Beneficiary = Store },
		} {
			p := ev.Programme()
			change(&p.Rules[i])
			c, err := Compile(p)
			require.NoError(t, err)
			e := *c.e
			e.loc = loc
			out = append(out, &Evaluator{e: &e})
		}
	}
	return out
}

// TestDayRunMatches holds the day runs of plain rules (Evaluator.dayRun
// and packRun) to the windows, rule's plain step and packAll: random
// merchants over random periods (starting at midnight or not, on a whole
// second or not, across the ends of the programme's effective period,
// longer than the bitmap), in zones with and without daylight saving,
// with and without stores, give the same packed words and the same JSON.
func TestDayRunMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 73)) // any fixed seed
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	base := time.Date(2023, 11, 1, 0, 0, 0, 0, shanghai) // two months before the effective period, which is 2024
	var runs, walks, records int
	for _, loc := range []*time.Location{shanghai, newYork, time.UTC} {
		for _, ev := range runVariants(t, loc) {
			plain := withoutDayRuns(ev)
			for range longCases(40, 2000) {
				from := base.AddDate(0, 0, r.IntN(430))
				switch r.IntN(4) {
				case 0:
					from = from.Add(time.Duration(r.IntN(86400)) * time.Second) // within a day
				case 1:
					from = from.Add(time.Duration(1 + r.IntN(1e9))) // not on a whole second
				}
				to := from.AddDate(0, 0, 1+r.IntN(40))
				if r.IntN(12) == 0 {
					to = from.AddDate(0, 0, 500+r.IntN(100)) // beyond the bitmap, some
				}
				m := Profile{Facts: Facts{Merchant: "m-1", Known: FactFirstBroadcastAt | FactLastBroadcastAt | FactBroadcastStreakDays | FactExternalMonthlyGMV,
					FirstBroadcastAt: from.Add(time.Duration(r.IntN(40*24)) * time.Hour), BroadcastStreakDays: int64(r.IntN(40)), ExternalMonthlyGMV: commerce.Zero(commerce.CNY)}}
				span := to.Sub(from) + 4*24*time.Hour
				for k := range r.IntN(40) {
					kind := []EventKind{OrderPaid, OrderPaid, Broadcast, FeeCharged, Qualified}[r.IntN(5)]
					e := Event{Kind: kind, ID: fmt.Sprintf("e-%d", k), At: from.Add(time.Duration(r.Int64N(int64(span))) - 2*24*time.Hour)}
					if kind == OrderPaid || kind == FeeCharged {
						e.Amount = commerce.MustNewMoney(int64(1+r.IntN(3000000)), commerce.CNY)
					}
					if r.IntN(6) == 0 {
						e.Store = []string{"s-1", "s-2"}[r.IntN(2)]
					}
					m.Events = append(m.Events, e)
				}
				want, werr := plain.Evaluate(m, from, to)
				got, gerr := ev.Evaluate(m, from, to)
				require.Equal(t, werr, gerr)
				if werr != nil {
					continue
				}
				require.Equal(t, want.words(), got.words(), "%v %v [%v, %v)", loc, ev.e.p.Rules[ruleIndex(ev.e.p.Rules, "daily-activities")].Window, from, to)
				wj, err := want.MarshalJSON()
				require.NoError(t, err)
				gj, err := got.MarshalJSON()
				require.NoError(t, err)
				require.Equal(t, string(wj), string(gj))

				in := perfInput(ev, m, from, to)
				if _, ok := ev.dayRun(ruleIndex(ev.e.p.Rules, "daily-activities"), in); ok && in.dayOK {
					runs++
				} else {
					walks++
				}
				var r ref
				for off := 0; off < len(got.words()); {
					if uint64(got.words()[off])>>32&(1<<pRun) != 0 {
						records++
						off += 4 + int(got.words()[off+3])
						continue
					}
					_, n := unpack(got.words()[off:], &r)
					off += n
				}
			}
		}
	}
	// Runs at the edge of the record: one grant alone and then a run
	// whose record is as long as its grants (offsets 192 to 255 days:
	// 4 bitmap words for two grants), or shorter, or longer.
	ev := runVariants(t, shanghai)[0]
	plain := withoutDayRuns(ev)
	from, to := time.Date(2024, 1, 1, 12, 0, 0, 0, shanghai), time.Date(2024, 12, 1, 0, 0, 0, 0, shanghai)
	for _, days := range [][]int{{0, 1, 192}, {0, 1, 193}, {0, 1, 255}, {0, 1, 256}, {1, 192}, {1, 256}, {0, 5, 100, 255}, {0, 63, 64}, {0}, {0, 1}, {1}} {
		m := Profile{Facts: Facts{Merchant: "m-1", Known: FactFirstBroadcastAt | FactLastBroadcastAt | FactBroadcastStreakDays | FactExternalMonthlyGMV, ExternalMonthlyGMV: commerce.Zero(commerce.CNY)}}
		for k, d := range days {
			m.Events = append(m.Events, Event{Kind: Broadcast, ID: fmt.Sprintf("b-%d", k), At: from.AddDate(0, 0, d).Add(time.Hour)})
		}
		want, err := plain.Evaluate(m, from, to)
		require.NoError(t, err)
		got, err := ev.Evaluate(m, from, to)
		require.NoError(t, err)
		require.Equal(t, want.words(), got.words(), "days %v", days)
		require.Equal(t, want.Grants(), got.Grants(), "days %v", days)
	}
	assert.Positive(t, runs, "day runs made")
	assert.Positive(t, walks, "periods left to windows: across a daylight-saving change, the effective period's end, or not on a whole second")
	assert.Positive(t, records, "run records packed")
}

// TestPackRunRoundTrip: run records are lossless and never longer than
// the grants alone. Sequences of grants that may form runs (one or two
// rules, windows of one length or not, starts a whole number of days
// apart or not, in order or not, up to past runDays apart, some earning
// after their start or with a field) unpack to themselves, in the size
// planAt plans, at most the size of the grants packed alone; sequences
// of one-day grants of one rule on different days pack into one record.
func TestPackRunRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(79, 83)) // any fixed seed
	var slab []int64
	var records, inline, outside int
	for range longCases(3000, 100000) {
		gs := make([]grant, r.IntN(100)) // past a Result's inline room of 48 words
		sec := r.Int64N(1<<40) - 1<<39   // before and after 1970
		for k := range gs {
			sec += []int64{86400, 86400, 2 * 86400, 100 * 86400, 86400 + 3600, 0, -86400, 300 * 86400}[r.IntN(8)]
			span := []int64{86400, 86400, 2 * 86400, 82800, 0}[r.IntN(5)]
			g := grant{at: unixTime{sec: sec}, from: unixTime{sec: sec}, to: unixTime{sec: sec + span}, rule: int32(r.IntN(2)), award: -1, product: -1, store: -1, kind: Perk}
			switch r.IntN(12) {
			case 0:
				g.at.sec += 3600 // earns after its start
			case 1:
				g.amount, g.flags = 100, gHasAmount
			case 2:
				g = randomGrant(r)
			case 3:
				g.flags = gCapped
			}
			gs[k] = g
		}
		alone := 0 // at 4 words each and one per field, without pSame
		for k := range gs {
			alone += 4 + ones(gs[k].mask())
		}
		planned := 0
		var ref ref
		for k := 0; k < len(gs); {
			step, size, next := planAt(gs, k)
			if g := &gs[k]; step&stepRun == 0 && ref.same(instants{g.at.sec, g.from.sec, g.to.sec}) {
				size -= 3
			}
			planned += size
			k = next
		}
		for _, s := range []*[]int64{nil, &slab} {
			w := packAll(gs, s)
			require.Len(t, w, planned)
			require.LessOrEqual(t, len(w), alone)
			require.Equal(t, len(w), cap(w))
			inline, outside = inResult(t, gs, s, w, inline, outside)
			if len(gs) == 0 {
				require.Empty(t, unpackAll(w))
				continue
			}
			require.Equal(t, gs, unpackAll(w))
			if len(w) < alone {
				records++
			}
		}
	}
	assert.Positive(t, records, "runs packed shorter")
	assert.Positive(t, inline)
	assert.Positive(t, outside)

	day := grant{rule: 11, award: -1, product: -1, store: -1, kind: Perk}
	var month []grant
	for _, d := range []int64{0, 1, 2, 5, 30, 63, 64, 200, 511} {
		g := day
		g.at, g.from, g.to = unixTime{sec: 1709222400 + d*86400}, unixTime{sec: 1709222400 + d*86400}, unixTime{sec: 1709222400 + (d+1)*86400}
		month = append(month, g)
	}
	w := packAll(month, nil)
	assert.Len(t, w, 4+8, "one record, 8 bitmap words for 512 days")
	assert.Equal(t, month, unpackAll(w))
	assert.Len(t, packAll(month[:1], nil), 4, "a grant alone")
	far := append(slices.Clone(month[:2]), month[0])
	far[2].at.sec += runDays * 86400
	far[2].from.sec += runDays * 86400
	far[2].to.sec += runDays * 86400
	assert.Len(t, packAll(far, nil), 4+1+4, "a run of two, then one runDays after the first alone")
	assert.Equal(t, far, unpackAll(packAll(far, nil)))

	// pSame after a run record refers to the record before the run; a
	// grant alone right after a run, of the run's last instants, writes
	// its instants; so does one of the instants of none before.
	month2 := grant{rule: 12, award: -1, product: -1, store: -1, kind: Perk, at: unixTime{sec: 1709222400}, from: unixTime{sec: 1709222400}, to: unixTime{sec: 1709222400 + 31*86400}}
	last := month[len(month)-1]
	last.rule = 12
	for _, c := range []struct {
		gs   []grant
		size int
	}{
		{append([]grant{month2}, append(slices.Clone(month), month2)...), 4 + (4 + 8) + 1},
		{append(slices.Clone(month), last), (4 + 8) + 4},
		{append(append([]grant{month2}, month...), last, month2), 4 + (4 + 8) + 4 + 4},
	} {
		w := packAll(c.gs, nil)
		assert.Len(t, w, c.size)
		assert.Equal(t, c.gs, unpackAll(w))
	}
}

// TestScanMatches holds scan, the one pass over the events, to
// checkEvents, dedup, setTimes and eventDays one after the other: random
// events, some invalid, some repeated, some in conflict, give the same
// error, the same text, or the same events, instants, days and sums.
func TestScanMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(89, 97)) // any fixed seed
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	ev := treasureHostEvaluator(t)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, shanghai)
	var invalid, conflicts, repeats, valid int
	for range longCases(1500, 150000) {
		m := Profile{Facts: Facts{Merchant: "m-1"}}
		if r.IntN(3) == 0 {
			m.Facts.Stores = []string{"s-1"}
		}
		n := r.IntN(150) // past the buffers of 64 events and the table of 128
		for k := range n {
			if k > 0 && r.IntN(8) == 0 { // a repeat, perhaps changed
				e := m.Events[r.IntN(k)]
				if r.IntN(6) == 0 {
					e.Product = "other"
				}
				m.Events = append(m.Events, e)
				continue
			}
			kind := []EventKind{OrderPaid, OrderRefunded, Broadcast, FeeCharged, Qualified}[r.IntN(5)]
			e := Event{Kind: kind, ID: fmt.Sprintf("e-%d", r.IntN(2*n+1)), At: from.Add(time.Duration(r.Int64N(int64(35*24*time.Hour))) - 2*24*time.Hour)}
			if kind == OrderPaid || kind == OrderRefunded || kind == FeeCharged {
				e.Amount = commerce.MustNewMoney(r.Int64N(1e7), commerce.CNY)
				if r.IntN(50) == 0 {
					e.Amount = commerce.MustNewMoney(math.MaxInt64-r.Int64N(10), commerce.CNY) // sums overflow
				}
			}
			if r.IntN(60) == 0 {
				switch r.IntN(5) {
				case 0:
					e.Kind = 0
				case 1:
					e.At = time.Time{}
				case 2:
					e.ID = "a b"
				case 3:
					e.Store = "s-9"
				case 4:
					e.Amount = commerce.MustNewMoney(1, commerce.USD)
				}
			}
			m.Events = append(m.Events, e)
		}
		got, outcome := checkScan(t, ev, m, from)
		switch outcome {
		case scanConflict:
			conflicts++
			continue
		case scanInvalid:
			invalid++
			continue
		case scanRepeat:
			repeats++
		}
		valid++
		if got.sums.ok {
			var gmv, orders, fee int64
			ok := true
			for _, e := range got.Events {
				var add bool
				switch e.Kind {
				case OrderPaid:
					gmv, add = addInt(gmv, e.Amount.Units())
					orders++
				case OrderRefunded:
					gmv, add = addInt(gmv, -e.Amount.Units())
				case FeeCharged:
					fee, add = addInt(fee, e.Amount.Units())
				default:
					add = true
				}
				ok = ok && add
			}
			require.True(t, ok)
			require.Equal(t, []int64{gmv, orders, fee}, []int64{got.sums.gmv, got.sums.orders, got.sums.fee})
		}
	}
	assert.Positive(t, invalid)
	assert.Positive(t, conflicts)
	assert.Positive(t, repeats)
	assert.Positive(t, valid)
}

// TestEventSumsMatch holds measure and fees, which read the sums of the
// events for a window that holds them all, and qualified, which reads
// the first qualification, to their loops over the events: random events (some sums overflowing) and windows (around
// them all, cutting some, open) give the same sums and overflows.
func TestEventSumsMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(101, 103)) // any fixed seed
	ev := treasureHostEvaluator(t)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, ev.e.loc)
	var shortcuts, loops int
	for range longCases(2000, 200000) {
		m := Profile{Facts: Facts{Merchant: "m-1"}}
		for k := range r.IntN(30) {
			kind := []EventKind{OrderPaid, OrderRefunded, FeeCharged, Broadcast, Qualified}[r.IntN(5)]
			e := Event{Kind: kind, ID: fmt.Sprintf("e-%d", k), At: from.Add(time.Duration(r.Int64N(int64(31*24*time.Hour))) + time.Duration(r.IntN(3)))}
			if kind != Broadcast && kind != Qualified {
				e.Amount = commerce.MustNewMoney(r.Int64N(1e7), commerce.CNY)
				if r.IntN(40) == 0 {
					e.Amount = commerce.MustNewMoney(math.MaxInt64-r.Int64N(10), commerce.CNY)
				}
			}
			m.Events = append(m.Events, e)
		}
		in := &input{Profile: m, loc: ev.e.loc, wsClass: -1, wsStore: -1, storeName: -1, from: instOf(from), to: instOf(from.AddDate(0, 1, 0)), toEnd: unixTimeOf(from.AddDate(0, 1, 0))}
		in.setZone(from)
		in.setDays()
		require.NoError(t, in.scan(commerce.CNY))
		loop := *in
		loop.sums.ok = false
		q1, found1 := in.qualified()
		q2, found2 := loop.qualified()
		require.Equal(t, found2, found1)
		require.Equal(t, q2, q1)
		at := in.times()
		for range 8 {
			wf := instOf(from.Add(time.Duration(r.Int64N(int64(4*24*time.Hour))) - 2*24*time.Hour))
			wt := instOf(from.AddDate(0, 1, 0).Add(time.Duration(r.Int64N(int64(4*24*time.Hour))) - 2*24*time.Hour))
			if len(at) > 0 && r.IntN(2) == 0 { // at an event, or a nanosecond or a second either side
				wf = at[r.IntN(len(at))]
				wf.sec += int64(r.IntN(3) - 1)
				wf.nsec += int32(r.IntN(3) - 1)
			}
			if len(at) > 0 && r.IntN(2) == 0 {
				wt = at[r.IntN(len(at))]
				wt.sec += int64(r.IntN(3) - 1)
				wt.nsec += int32(r.IntN(3) - 1)
			}
			if r.IntN(4) == 0 {
				wt = unixTime{nsec: -1}
			}
			g1, o1, e1 := in.measure(wf, wt)
			g2, o2, e2 := loop.measure(wf, wt)
			require.Equal(t, []int64{g2, o2}, []int64{g1, o1})
			require.Equal(t, e2, e1)
			f1, ok1 := in.fees(wf, wt)
			f2, ok2 := loop.fees(wf, wt)
			require.Equal(t, f2, f1)
			require.Equal(t, ok2, ok1)
			if in.sums.ok && (!in.sums.ords || holds(wf, wt, in.sums.ordLo, in.sums.ordHi)) {
				shortcuts++
			} else {
				loops++
			}
		}
	}
	assert.Positive(t, shortcuts)
	assert.Positive(t, loops)
}

// TestMonthBoundsMatches holds boundsAt's arithmetic for calendar months
// to windowBounds, for anchors on either side of daylight-saving changes
// and periods, in zones with and without daylight saving, from before
// 1970 to far years.
func TestMonthBoundsMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(107, 109)) // any fixed seed
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	kolkata := time.FixedZone("IST", 5*3600+1800)
	minus5 := time.FixedZone("UTC-5", -5*3600)
	w := Window{Kind: CalendarMonth}
	var fast int
	for _, loc := range []*time.Location{newYork, shanghai, kolkata, minus5, time.UTC} {
		for range longCases(1000, 100000) {
			base := time.Date([]int{2024, 2024, 1950, 1, 9999, 3000}[r.IntN(6)], 1, 1, 0, 0, 0, 0, time.UTC)
			periodFrom := base.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
			in := input{loc: loc}
			in.setZone(periodFrom)
			at := periodFrom.Add(time.Duration(r.Int64N(int64(90*24*time.Hour))) - 30*24*time.Hour)
			if r.IntN(4) == 0 {
				at = time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, loc).Add(time.Duration(r.IntN(3)-1) * time.Nanosecond) // a month's first midnight, or next to it
			}
			wf, wt, err := windowBounds(&w, at, loc)
			require.NoError(t, err)
			gf, gt := in.bounds(&w, at)
			require.True(t, wf.Equal(gf) && wt.Equal(gt), "%v at %v (period from %v): want [%v, %v) got [%v, %v)", loc, at, periodFrom, wf, wt, gf, gt)
			if s := at.Unix(); s >= in.zoneLo && s < in.zoneHi {
				fast++
			}
		}
	}
	assert.Positive(t, fast, "the offset path was taken")
}

// daysOf returns the day of year y, month m (1 to 12) and day d as days
// since 1970-01-01: civil's inverse (H. Hinnant's days_from_civil), by
// which the tests hold civil and monthDays (the evaluation needs
// no day from a date: a reference for the tests only).
func daysOf(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	return era*146097 + yoe*365 + yoe/4 - yoe/100 + doy - 719468
}

// TestDayMonthAtMatches holds dayMonthAt to dayMonth, and civil and
// daysOf to package time's calendar, from before year 1 to far years.
func TestDayMonthAtMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(113, 127)) // any fixed seed
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	for _, loc := range []*time.Location{newYork, time.FixedZone("IST", 5*3600+1800), time.UTC} {
		for range longCases(1000, 100000) {
			at := time.Date(1+r.IntN(12000)-2000, time.January, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(366 * 24 * time.Hour))))
			in := input{loc: loc}
			in.setZone(at.Add(time.Duration(r.Int64N(int64(60*24*time.Hour))) - 30*24*time.Hour))
			d, m := dayMonth(at, loc)
			gd, gm := in.dayMonthAt(instOf(at))
			require.Equal(t, []int32{d, m}, []int32{gd, gm}, "%v %v", loc, at)
		}
	}
	in := input{loc: time.UTC} // one input, its month remembered from one instant to the next
	in.setZone(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	at := time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
	for range longCases(3000, 300000) {
		at = at.Add(time.Duration(r.Int64N(int64(3*24*time.Hour))) - 24*time.Hour) // mostly in the last month, now and then in the next or the one before
		d, m := dayMonth(at, time.UTC)
		gd, gm := in.dayMonthAt(instOf(at))
		require.Equal(t, []int32{d, m}, []int32{gd, gm}, "%v", at)
		wf, wt, err := windowBounds(&Window{Kind: CalendarMonth}, at, time.UTC)
		require.NoError(t, err)
		gf, gt := in.bounds(&Window{Kind: CalendarMonth}, at)
		require.True(t, wf.Equal(gf) && wt.Equal(gt), "%v", at)
	}
	for range longCases(5000, 500000) {
		z := r.Int64N(1<<30) - 1<<29 // ± 1.4 million years of days
		tm := time.Unix(z*86400, 0).UTC()
		y, m, d := civil(z)
		require.Equal(t, []int64{int64(tm.Year()), int64(tm.Month()), int64(tm.Day())}, []int64{y, m, d}, "day %d", z)
		require.Equal(t, z, daysOf(y, m, d))
	}
}

// treasureHostEvaluator is the built-in treasure-host programme's
// evaluator, for the tests of package incentive.
func treasureHostEvaluator(t *testing.T) *Evaluator {
	t.Helper()
	ev, err := Builtin().Evaluator("xiaohongshu-treasure-host", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	return ev
}

// TestEligCacheMatches holds the eligibility remembered from one rule to
// the next of the same predicates (ruleFacts.eligClass) to each rule
// checking its own: random treasure-host merchants, eligible and not,
// some missing facts, give the same results and errors.
func TestEligCacheMatches(t *testing.T) {
	// And a copy whose priority perks are checked on each day with
	// orders: the same predicates at other instants.
	daily := treasureVariant(t, "priority-perks", func(r *Rule) {
		r.Anchor, r.Window = AtEvent, Window{Kind: NaturalDays, Days: 1}
	})
	for _, ev := range []*Evaluator{treasureHostEvaluator(t), daily} {
		eligCacheMatches(t, ev)
	}
}

func eligCacheMatches(t *testing.T, ev *Evaluator) {
	r := rand.New(rand.NewPCG(131, 137)) // any fixed seed
	own, shared := withFacts(ev, func(f *ruleFacts, k int) bool {
		was := f.eligClass
		f.eligClass = int32(k)
		return was != int32(k)
	})
	require.Positive(t, shared, "the first-broadcast rules share their predicates")
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, ev.e.loc)
	var eligible, not int
	for range longCases(500, 50000) {
		first := from.Add(time.Duration(r.IntN(60*24))*time.Hour - 20*24*time.Hour)
		m := Profile{Facts: Facts{Merchant: "m-1", Known: FactFirstBroadcastAt | FactBroadcastStreakDays, FirstBroadcastAt: first, BroadcastStreakDays: int64(r.IntN(40))}}
		if r.IntN(8) != 0 {
			m.Facts.Known |= FactLastBroadcastAt | FactExternalMonthlyGMV
			m.Facts.ExternalMonthlyGMV = commerce.MustNewMoney(r.Int64N(200_000_000), commerce.CNY)
			if r.IntN(2) == 0 {
				m.Facts.LastBroadcastAt = first.AddDate(0, 0, -1-r.IntN(60))
			}
		}
		m.Events = append(m.Events, Event{Kind: Broadcast, ID: "b-1", At: first})
		for k := range r.IntN(8) {
			m.Events = append(m.Events, Event{Kind: OrderPaid, ID: fmt.Sprintf("o-%d", k), At: from.Add(time.Duration(r.IntN(31*24)) * time.Hour), Amount: commerce.MustNewMoney(100, commerce.CNY)})
		}
		want, werr := own.Evaluate(m, from, from.AddDate(0, 1, 0))
		got, gerr := ev.Evaluate(m, from, from.AddDate(0, 1, 0))
		require.Equal(t, werr, gerr)
		if werr != nil {
			continue
		}
		require.Equal(t, want.words(), got.words())
		require.Equal(t, want.WhyNot(), got.WhyNot())
		if len(got.WhyNot()) > 0 {
			not++
		} else {
			eligible++
		}
	}
	assert.Positive(t, eligible)
	assert.Positive(t, not)
}

// TestFeeOverflow: fees whose sum overflows fail the fee cashback with
// ErrOverflow, naming the rule: the one pass's sums, overflowed, are not
// used, and the loop over the events fails, as it does after a repeat
// (no sums at all).
func TestFeeOverflow(t *testing.T) {
	ev := treasureHostEvaluator(t)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, ev.e.loc)
	huge := commerce.MustNewMoney(math.MaxInt64-1, commerce.CNY)
	m := Profile{Facts: Facts{Merchant: "m-1", Known: FactFirstBroadcastAt | FactBroadcastStreakDays}, Events: []Event{
		{Kind: Qualified, ID: "q-1", At: from.Add(24 * time.Hour)},
		{Kind: FeeCharged, ID: "o-1", At: from.Add(48 * time.Hour), Amount: huge},
		{Kind: FeeCharged, ID: "o-2", At: from.Add(72 * time.Hour), Amount: huge},
	}}
	for _, repeat := range []bool{false, true} { // a repeat leaves the sums to the loop
		p := m
		if repeat {
			p.Events = append(slices.Clone(m.Events), m.Events[1])
		}
		_, err := ev.Evaluate(p, from, from.AddDate(0, 1, 0))
		require.ErrorIs(t, err, commerce.ErrOverflow)
		assert.Contains(t, err.Error(), `rule "merchant-fee-cashback": fees`)
	}
}

// scanOutcome says how the one pass over m's events compared with the
// plain checkEvents and dedup it replaces.
type scanOutcome int

const (
	scanValid scanOutcome = iota
	scanRepeat
	scanInvalid
	scanConflict
)

// checkScan holds the one pass (input.scan) over m's events to
// checkEvents and dedup: the same error, text and kind, or the same
// events, times and day marks; after a repeat, measure sums the events.
// It returns the input of the pass and what the events were.
func checkScan(t *testing.T, ev *Evaluator, m Profile, from time.Time) (*input, scanOutcome) {
	t.Helper()
	want := perfInput(ev, m, from, from.AddDate(0, 1, 0))
	werr := checkEvents(m.Events, &m.Facts, commerce.CNY)
	if werr == nil {
		werr = want.dedup()
	}
	got := &input{Profile: m, loc: ev.e.loc, wsClass: -1, wsStore: -1, storeName: -1, from: want.from, to: want.to, toEnd: want.toEnd}
	got.setZone(from)
	got.setDays()
	gerr := got.scan(commerce.CNY)
	if werr != nil {
		require.Error(t, gerr)
		require.Equal(t, werr.Error(), gerr.Error())
		var fe *commerce.FieldError
		require.Equal(t, errors.As(werr, &fe), errors.As(gerr, &fe))
		require.Equal(t, errors.Is(werr, ErrConflict), errors.Is(gerr, ErrConflict))
		if errors.Is(werr, ErrConflict) {
			return got, scanConflict
		}
		return got, scanInvalid
	}
	require.NoError(t, gerr)
	want.setTimes()
	require.Equal(t, want.Events, got.Events)
	require.Equal(t, want.times(), got.times())
	require.Equal(t, *want.eventDays(), *got.eventDays())
	if len(want.Events) < len(m.Events) {
		require.False(t, got.sums.ok, "after a repeat, measure sums the events")
		return got, scanRepeat
	}
	return got, scanValid
}

// packAll is packRuns of grants without day runs: the packing the
// round-trip tests hold unpackAll to.
func packAll(gs []grant, slab *[]int64) []int64 { return packRuns(gs, slab, nil) }

// The plain event checks that scan does in one pass, kept here as the
// reference the tests hold it to.

// checkEvents validates events: known kinds, IDs, times, amounts in cur,
// stores among f.Stores when given, each alone (see input.dedup for
// repeats).
func checkEvents(es []Event, f *Facts, cur commerce.Currency) error {
	for i := range es {
		if err := checkEvent(&es[i], f, cur); err != nil {
			return within(fmt.Sprintf("events[%d]", i), err)
		}
	}
	return nil
}

// dedup drops repeated events (the same kind, ID and contents) and fails
// with ErrConflict on two different events with one kind and ID, naming
// the first such event in input order and the first event of its kind
// and ID. It copies the events only when one repeats.
func (in *input) dedup() error {
	dups, err := repeats(in.Events)
	if err != nil {
		return err
	}
	if dups {
		in.Events = dropRepeats(in.Events)
	}
	return nil
}

// TestSetZoneInMatches holds setZoneIn, which reads a zone span known in
// advance (an edition's, at its effective start), to setZone: instants
// before, inside, at the edges of and after spans of zones with and
// without daylight saving give the same offset and span.
func TestSetZoneInMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(139, 149)) // any fixed seed
	var locs []*time.Location
	for _, name := range []string{"Asia/Shanghai", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe", "UTC"} {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		locs = append(locs, loc)
	}
	locs = append(locs, time.FixedZone("UTC+8", 8*3600))
	var inside, outside int
	for range longCases(3000, 300000) {
		loc := locs[r.IntN(len(locs))]
		at := time.Unix(r.Int64N(4e9)-2e9, 0) // 1906 to 2033
		var s zoneSpan
		s.off, s.lo, s.hi = zoneAt(at, loc)
		u := at.Unix() + r.Int64N(2*366*86400) - 366*86400
		switch r.IntN(5) { // at an edge of the span, or a second either side
		case 0:
			u = s.lo + r.Int64N(3) - 1
		case 1:
			u = s.hi + r.Int64N(3) - 1
		}
		tt := time.Unix(u, r.Int64N(1e9))
		got, want := input{loc: loc}, input{loc: loc}
		got.setZoneIn(tt, &s)
		want.setZone(tt)
		require.Equal(t, [3]int64{want.zoneOff, want.zoneLo, want.zoneHi}, [3]int64{got.zoneOff, got.zoneLo, got.zoneHi}, "%v %v in %+v", loc, tt, s)
		if s.lo <= u && u < s.hi {
			inside++
		} else {
			outside++
		}
	}
	assert.Positive(t, inside)
	assert.Positive(t, outside)
}
