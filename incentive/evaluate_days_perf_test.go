package incentive

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// perfInput is the input Evaluate builds for m over [from, to), before
// any rule: zone, days and event instants set, no events dropped.
func perfInput(ev *Evaluator, m Profile, from, to time.Time) *input {
	in := &input{Profile: m, loc: ev.e.loc, wsClass: -1, wsStore: -1, storeName: -1, from: instOf(from), to: instOf(to), toEnd: unixTimeOf(to)}
	in.setZone(from)
	in.setDays()
	in.setTimes()
	return in
}

// eventAnchored returns evaluators of a copy of the treasure-host
// programme whose daily-activities rule has each window anchored at
// events that dayWindows handles, in loc: natural days of several
// lengths and the calendar month.
func eventAnchored(t *testing.T, loc *time.Location) []*Evaluator {
	t.Helper()
	var out []*Evaluator
	for _, w := range []Window{{Kind: NaturalDays, Days: 1}, {Kind: NaturalDays, Days: 2}, {Kind: NaturalDays, Days: 7}, {Kind: NaturalDays, Days: 30}, {Kind: CalendarMonth}} {
		ev := treasureVariant(t, "daily-activities", func(r *Rule) { r.Window = w })
		e := *ev.e
		e.loc = loc // the zone of the days, whatever the programme's (a fixed one)
		out = append(out, &Evaluator{e: &e})
	}
	return out
}

func ruleIndex(rs []Rule, id string) int {
	for i := range rs {
		if rs[i].ID == id {
			return i
		}
	}
	return -1
}

// TestDayWindowsMatches holds dayWindows, the windows of a rule anchored
// at events read from a bitmap of days, to the walk of the events in
// time order that windows does without it: random merchants, stores and
// periods (some longer than the bitmap, some across the end of the
// programme's effective period), in zones with and without daylight
// saving, where periods across a change take the walk.
func TestDayWindowsMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 29)) // any fixed seed
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	base := time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC)
	var fast, slow, windows int
	for _, loc := range []*time.Location{shanghai, newYork, time.UTC, time.FixedZone("UTC-5", -5*3600)} {
		for _, ev := range eventAnchored(t, loc) {
			i := ruleIndex(ev.e.p.Rules, "daily-activities")
			for range longCases(150, 15000) {
				from := base.Add(time.Duration(r.Int64N(int64(420*24*time.Hour))) / time.Second * time.Second)
				if r.IntN(8) == 0 {
					from = from.AddDate(-55, 0, 0) // before 1970: negative Unix seconds
				}
				days := 1 + r.IntN(70)
				if r.IntN(10) == 0 {
					days = 400 + r.IntN(300) // beyond bitmapDays, some
				}
				to := from.Add(time.Duration(days)*24*time.Hour + time.Duration(r.IntN(2))*time.Nanosecond)
				m := Profile{Facts: Facts{Merchant: "m-1"}}
				n := r.IntN(40)
				if r.IntN(8) == 0 {
					n = 60 + r.IntN(100) // past the buffers of the walk's sort
				}
				for k := range n {
					kind := []EventKind{OrderPaid, OrderPaid, Broadcast, OrderRefunded, FeeCharged, Qualified}[r.IntN(6)]
					at := from.Add(time.Duration(r.Int64N(int64(days+4)*int64(24*time.Hour))) - 2*24*time.Hour)
					m.Events = append(m.Events, Event{Kind: kind, ID: fmt.Sprintf("e-%d", k), At: at, Store: []string{"", "s-1", "s-2"}[r.IntN(3)]})
				}
				store := []string{"", "s-1", "s-2"}[r.IntN(3)]
				in := perfInput(ev, m, from, to)
				in.store, in.byStore = store, store != ""
				if in.dayOK {
					fast++
				} else {
					slow++
				}
				got, err := ev.windows(nil, i, in)
				require.NoError(t, err)
				walk := perfInput(ev, m, from, to)
				walk.store, walk.byStore = store, store != ""
				walk.dayOK = false
				want, err := ev.windows(nil, i, walk)
				require.NoError(t, err)
				require.Equal(t, want, got, "%v %v: [%v, %v) store %q", loc, ev.e.p.Rules[i].Window, from, to, store)
				windows += len(got)
			}
		}
	}
	assert.Positive(t, fast, "periods read from the bitmap")
	assert.Positive(t, slow, "periods walked: across a daylight-saving change or beyond the bitmap")
	assert.Greater(t, windows, fast, "windows were compared")
}

// TestDayWindowsGuards: a window that would not end at a midnight after
// its day's (none of a validated programme: no days, or open) leaves the
// walk to windows.
func TestDayWindowsGuards(t *testing.T) {
	ev := eventAnchored(t, time.UTC)[0]
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	m := Profile{Facts: Facts{Merchant: "m-1"}, Events: []Event{{Kind: OrderPaid, ID: "o-1", At: from.Add(30 * time.Hour), Amount: commerce.MustNewMoney(100, commerce.CNY)}}}
	for _, w := range []Window{{Kind: NaturalDays, Days: 0}, {Kind: Activation}} {
		in := perfInput(ev, m, from, from.AddDate(0, 1, 0))
		require.True(t, in.dayOK)
		prior := []window{{}}
		out, ok := ev.dayWindows(prior, &Rule{Window: w}, in)
		assert.False(t, ok, "%v", w)
		assert.Equal(t, prior, out, "%v: nothing appended", w)
	}
}

// TestNextDay holds nextDay to a scan of the bits one by one.
func TestNextDay(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 37)) // any fixed seed
	for range longCases(2000, 200000) {
		var days [bitmapDays / 64]uint64
		for range r.IntN(8) {
			d := r.IntN(bitmapDays)
			days[d>>6] |= 1 << (d & 63)
		}
		from := r.IntN(bitmapDays + 2)
		want := -1
		for d := from; d < bitmapDays; d++ {
			if days[d>>6]&(1<<(d&63)) != 0 {
				want = d
				break
			}
		}
		require.Equal(t, want, nextDay(&days, from), "from %d", from)
	}
}

// TestScanQuickCheckMatches holds scan's check of an event, a quick one
// for the common event and checkEvent for the others, to checkEvent
// alone: one event at a time, scan fails exactly when checkEvent does,
// with its error. The IDs are short and long, with a byte out of range
// at the start, the middle and the end of a word; the amounts are of
// every kind, currency and sign.
func TestScanQuickCheckMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 43)) // any fixed seed
	ids := []string{"o-1", "商品-1", "a b", "", " x", "x\x7f", "ok~", "!", "~~", "o-12345", "order-12345678", "order-1234567\x80",
		"order-2024-03-01-0001", "order-2024-03-01-000\x1f", "order-2024 03-01-0001", "12345678", "1234567\x7f", "o\x00-1"}
	amounts := []commerce.Money{{}, commerce.MustNewMoney(100, commerce.CNY), commerce.MustNewMoney(-1, commerce.CNY), commerce.MustNewMoney(100, commerce.USD), commerce.Zero(commerce.CNY)}
	f := Facts{Merchant: "m-1", Stores: []string{"s-1"}}
	var valid int
	for range longCases(5000, 500000) {
		e := Event{Kind: EventKind(r.IntN(int(numEventKinds) + 1)), ID: ids[r.IntN(len(ids))], Amount: amounts[r.IntN(len(amounts))],
			Store: []string{"", "", "s-1", "s-2", " s"}[r.IntN(5)]}
		if r.IntN(8) != 0 {
			e.At = time.Date(2024, 3, 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		}
		if requireScanOne(t, e, f) {
			valid++
		}
	}
	assert.Positive(t, valid)
}

// dedupPairs is the plain de-duplication that dedup's hash table
// replaces: every pair in input order.
func dedupPairs(es []Event) ([]Event, error) {
	dups := false
	for j := 1; j < len(es); j++ {
		for i := range j {
			a, b := &es[i], &es[j]
			if a.Kind != b.Kind || a.ID != b.ID {
				continue
			}
			if !sameEvent(a, b) {
				return nil, fmt.Errorf("incentive: events[%d] and events[%d]: %v %q: %w", i, j, b.Kind, b.ID, ErrConflict)
			}
			dups = true
		}
	}
	if dups {
		return dropRepeats(es), nil
	}
	return es, nil
}

// TestDedupMatchesPairs holds dedup to dedupPairs on random events with
// repeats and conflicts, up to past the table on the stack (128
// events): the same events kept and the same pair named.
func TestDedupMatchesPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(47, 53)) // any fixed seed
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var conflicts, repeats int
	for range longCases(1000, 50000) {
		n := r.IntN(300)
		es := make([]Event, 0, n)
		for k := range n {
			if k > 0 && r.IntN(6) == 0 { // a repeat, perhaps changed
				e := es[r.IntN(k)]
				if r.IntN(8) == 0 {
					e.Product = "other"
				}
				es = append(es, e)
				continue
			}
			es = append(es, Event{Kind: EventKind(1 + r.IntN(2)), ID: fmt.Sprintf("e-%d", r.IntN(2*n+1)), At: at.Add(time.Duration(k) * time.Minute)})
		}
		want, werr := dedupPairs(es)
		in := input{Profile: Profile{Events: es}}
		gerr := in.dedup()
		if werr != nil {
			require.Error(t, gerr)
			require.True(t, errors.Is(gerr, ErrConflict))
			require.Equal(t, werr.Error(), gerr.Error())
			conflicts++
			continue
		}
		require.NoError(t, gerr)
		require.Equal(t, want, in.Events)
		if len(want) < len(es) {
			repeats++
		}
	}
	assert.Positive(t, conflicts)
	assert.Positive(t, repeats)
}

// TestUnixTime: the zero Time is an instant to compare and the zero
// Time again once stored.
func TestUnixTime(t *testing.T) {
	z := instOf(time.Time{})
	assert.False(t, z.open())
	assert.True(t, z.before(instOf(time.Unix(0, 0))))
	assert.True(t, z.stored().open())
	assert.True(t, z.stored().in(time.UTC).IsZero())
	assert.Equal(t, unixTimeOf(time.Time{}), z.stored())
	u := instOf(time.Unix(5, 7))
	assert.Equal(t, u, u.stored())
	assert.Equal(t, u, later(z, u))
	assert.Equal(t, u, later(u, z))
}

// TestPlainRulesMatch holds the step of Evaluator.rule for a plain rule
// (see ruleFacts.plain) to its general loop: the built-in programmes'
// merchants give the same results, byte for byte, with every rule taken
// as not plain.
func TestPlainRulesMatch(t *testing.T) {
	// And a copy whose daily activities pay cash, an award with an amount.
	cash := treasureVariant(t, "daily-activities", func(r *Rule) {
		r.Award = Award{Kind: Cash, Amount: commerce.MustNewMoney(1000, commerce.CNY)}
	})
	for _, ev := range []*Evaluator{treasureHostEvaluator(t), cash} {
		plainRulesMatch(t, ev)
	}
}

func plainRulesMatch(t *testing.T, ev *Evaluator) {
	r := rand.New(rand.NewPCG(59, 61)) // any fixed seed
	general, plain := withFacts(ev, func(f *ruleFacts, _ int) bool {
		was := f.plain
		f.plain = false
		return was
	})
	require.Positive(t, plain, "the treasure host has plain rules")
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, shanghai)
	for range longCases(200, 20000) {
		m := Profile{Facts: Facts{Merchant: "m-1", Known: FactFirstBroadcastAt | FactLastBroadcastAt | FactBroadcastStreakDays,
			FirstBroadcastAt: from.Add(time.Duration(r.IntN(40*24)) * time.Hour), BroadcastStreakDays: int64(r.IntN(40))}}
		for k := range r.IntN(30) {
			kind := []EventKind{OrderPaid, Broadcast, FeeCharged, Qualified}[r.IntN(4)]
			e := Event{Kind: kind, ID: fmt.Sprintf("e-%d", k), At: from.Add(time.Duration(r.IntN(35*24)) * time.Hour)}
			if kind == OrderPaid || kind == FeeCharged {
				e.Amount = commerce.MustNewMoney(int64(1+r.IntN(3000000)), commerce.CNY)
			}
			m.Events = append(m.Events, e)
		}
		want, err := general.Evaluate(m, from, from.AddDate(0, 1, 0))
		require.NoError(t, err)
		got, err := ev.Evaluate(m, from, from.AddDate(0, 1, 0))
		require.NoError(t, err)
		wj, err := want.MarshalJSON()
		require.NoError(t, err)
		gj, err := got.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(wj), string(gj))
		require.Equal(t, want.words(), got.words())
	}
}
