package matrix

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// generalStream is a stream of f that takes the general path (AddAll's
// per-event loop and apply) even where f is plain: the reference the
// plain path (plainRun: queuePlain, closePlain) is held to.
func generalStream(f *Funnel) *FunnelStream {
	g := *f
	g.plain = false
	return g.NewStream()
}

// randomStreamEvents is users' events in time order (per user), with
// many ties (times 0 to span−1 ms), kinds 1 to 7 and sometimes a kind no
// step has, users interleaved at random.
func randomStreamEvents(r *rand.Rand, users, events int, span int64, kinds int) []Event {
	ev := make([]Event, events)
	for i := range ev {
		ev[i] = Event{Time: r.Int64N(span), User: Member(r.IntN(users)), Kind: Kind(1 + r.IntN(kinds))}
	}
	slices.SortStableFunc(ev, func(a, b Event) int { return int(a.Time - b.Time) })
	return ev
}

// requireSameTally checks that two streams tally alike: users, levels,
// times to convert (value by value) and the report.
func requireSameTally(t *testing.T, want, got *FunnelStream, msg string) {
	t.Helper()
	require.Equal(t, want.Users(), got.Users(), msg)
	wt, err := want.Tally()
	require.NoError(t, err)
	gt, err := got.Tally()
	require.NoError(t, err)
	require.Equal(t, wt.users, gt.users, msg)
	require.Equal(t, wt.hist, gt.hist, msg)
	require.Equal(t, wt.ttc, gt.ttc, msg)
	wr, err := wt.Report()
	require.NoError(t, err)
	gr, err := gt.Report()
	require.NoError(t, err)
	require.Equal(t, wr, gr, msg)
}

// requireStopsAlike feeds ev to a plain and a general stream of f and
// checks that both take the first stop events and then fail alike (with
// want, if not nil), or take them all, and that they tally alike.
func requireStopsAlike(t *testing.T, f *Funnel, ev []Event, stop int, want error) {
	t.Helper()
	plain, general := f.NewStream(), generalStream(f)
	n, perr := plain.AddAll(ev)
	require.Equal(t, stop, n)
	gn, gerr := general.AddAll(ev)
	require.Equal(t, gn, n)
	if stop < len(ev) {
		require.Error(t, perr)
		if want != nil {
			require.ErrorIs(t, perr, want)
		}
		require.Equal(t, gerr.Error(), perr.Error())
	} else {
		require.NoError(t, perr)
	}
	requireSameTally(t, general, plain, "")
}

// TestStreamPlainGeneral holds the plain stream to the general one on
// random plain funnels (1 to 6 steps, kinds in several steps, windows of
// 0 to 9 ms, FirstStart or not) and on 32-step funnels, over event
// streams with many ties of different steps, fed in random pieces (so
// that batches of fixedRows events split anywhere), asked for a tally
// midway, and again after Reset.
func TestStreamPlainGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 618))
	var names []string
	for i := range 40 {
		names = append(names, "k"+string(rune('a'+i/26))+string(rune('a'+i%26)))
	}
	for i := range longCases(400, 40_000) {
		spec := randomPlainSpec(r)
		kinds, span := 7, int64(1+r.IntN(40))
		if i%8 == 7 { // 32 steps of 32 custom kinds, ties of many steps
			spec = FunnelSpec{Window: time.Duration(r.IntN(12)) * time.Millisecond, FirstStart: r.IntN(2) == 0, Kinds: names}
			for k := range 32 {
				spec.Steps = append(spec.Steps, []Kind{FirstCustomKind + Kind(k)})
			}
			kinds, span = 0, int64(1+r.IntN(80))
		}
		f, err := NewFunnel(spec)
		require.NoError(t, err)
		require.True(t, f.plain)
		plain, general := f.NewStream(), generalStream(f)
		for round := range 2 {
			users := 1 + r.IntN(6)
			ev := randomStreamEvents(r, users, r.IntN(700), span, 7)
			if kinds == 0 {
				for j := range ev {
					ev[j].Kind = FirstCustomKind + Kind(min(r.IntN(36), 31))
					if r.IntN(4) == 0 { // mostly in step order, as a 32-step funnel needs
						ev[j].Kind = FirstCustomKind + Kind(min(int(ev[j].Time)*32/int(span)+r.IntN(2), 31))
					}
				}
			}
			for j := 0; j < len(ev); {
				k := min(j+r.IntN(2*fixedRows), len(ev))
				n, err := plain.AddAll(ev[j:k])
				require.NoError(t, err)
				require.Equal(t, k-j, n)
				_, err = general.AddAll(ev[j:k])
				require.NoError(t, err)
				if r.IntN(4) == 0 {
					requireSameTally(t, general, plain, "midway")
				}
				j = k
			}
			requireSameTally(t, general, plain, spec.Window.String())
			if round == 0 {
				plain.Reset()
				general.Reset()
			}
		}
	}
}

// TestStreamPlainStops checks that the plain stream stops where the
// general one does, with the same error and the same state, at a bad
// kind, a bad source and an event out of order in the middle of a batch,
// and grows for a new user there.
func TestStreamPlainStops(t *testing.T) {
	f, err := NewFunnel(FunnelSpec{Steps: [][]Kind{{1}, {2, 3}, {3}}, Window: 5 * time.Millisecond, Sources: 2})
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(22, 618))
	ev := randomStreamEvents(r, 50, 3*fixedRows, 400, 5)
	for i := range ev {
		ev[i].Source = Source(r.IntN(2))
	}
	bad := func(at int, e func(*Event)) []Event {
		b := slices.Clone(ev)
		e(&b[at])
		return b
	}
	for _, tc := range []struct {
		name string
		ev   []Event
		stop int
	}{
		{"kind", bad(300, func(e *Event) { e.Kind = FirstCustomKind }), 300},
		{"source", bad(301, func(e *Event) { e.Source = 2 }), 301},
		{"order", bad(2*fixedRows+5, func(e *Event) { e.User = ev[2*fixedRows+4].User; e.Time = ev[2*fixedRows+4].Time - 1 }), 2*fixedRows + 5},
		{"grow", bad(290, func(e *Event) { e.User = 5000 }), len(ev)},
	} {
		t.Run(tc.name, func(t *testing.T) { requireStopsAlike(t, f, tc.ev, tc.stop, nil) })
	}
}

// TestStreamPlainTimeEnds holds the plain stream to the general one at
// the ends of int64 time, where the plain header's time key is 0 (the
// key of a user not yet seen) or all ones: users whose first events are
// at math.MinInt64, events at math.MaxInt64, and events out of order
// there, in a batch of its own and after a full batch; and users seen
// only at math.MinInt64, whose time key stays 0.
func TestStreamPlainTimeEnds(t *testing.T) {
	f, err := NewFunnel(FunnelSpec{Steps: [][]Kind{{1}, {2}, {3}}, Window: time.Hour})
	require.NoError(t, err)
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	full := randomStreamEvents(rand.New(rand.NewPCG(23, 618)), 50, fixedRows, 400, 5)
	for i := range full {
		full[i].User += 10
	}
	for _, tc := range []struct {
		name string
		ev   []Event
		stop int
	}{
		{"least times", []Event{{User: 0, Time: lo, Kind: 1}, {User: 0, Time: lo, Kind: 2}, {User: 1, Time: lo, Kind: 4}, {User: 0, Time: lo + 1, Kind: 3}, {User: 1, Time: lo + 5, Kind: 1}}, 5},
		{"greatest times", []Event{{User: 0, Time: hi - 1, Kind: 1}, {User: 0, Time: hi, Kind: 2}, {User: 0, Time: hi, Kind: 3}, {User: 1, Time: hi, Kind: 1}}, 4},
		{"both ends", []Event{{User: 0, Time: lo, Kind: 1}, {User: 0, Time: hi, Kind: 2}, {User: 0, Time: hi, Kind: 3}}, 3},
		{"only the least time", []Event{{User: 4, Time: lo, Kind: 4}, {User: 5, Time: lo, Kind: 1}, {User: 5, Time: lo, Kind: 2}}, 3},
		{"out of order at the top", []Event{{User: 2, Time: hi, Kind: 1}, {User: 2, Time: hi - 1, Kind: 2}}, 1},
		{"out of order after the least", []Event{{User: 2, Time: lo + 1, Kind: 1}, {User: 2, Time: lo, Kind: 2}}, 1},
		{"out of order after a full batch", append(slices.Clone(full), Event{User: 3, Time: hi, Kind: 1}, Event{User: 3, Time: lo, Kind: 1}), fixedRows + 1},
	} {
		t.Run(tc.name, func(t *testing.T) { requireStopsAlike(t, f, tc.ev, tc.stop, ErrOutOfOrder) })
	}
}

// TestStreamPlain32 checks a 32-step funnel whose last step is closed in
// the stream (a later event comes): level 32 is reached, as in the
// general stream (the plain headers count levels, so the 32nd is not
// lost to a 32-bit mask).
func TestStreamPlain32(t *testing.T) {
	var names []string
	var steps [][]Kind
	for i := range 33 {
		names = append(names, "k"+string(rune('a'+i/26))+string(rune('a'+i%26)))
		if i < 32 {
			steps = append(steps, []Kind{FirstCustomKind + Kind(i)})
		}
	}
	f, err := NewFunnel(FunnelSpec{Steps: steps, Window: time.Hour, Kinds: names})
	require.NoError(t, err)
	var ev []Event
	for i := range 33 {
		ev = append(ev, Event{Time: int64(i), Kind: FirstCustomKind + Kind(i)})
	}
	plain, general := f.NewStream(), generalStream(f)
	_, err = plain.AddAll(ev)
	require.NoError(t, err)
	_, err = general.AddAll(ev)
	require.NoError(t, err)
	requireSameTally(t, general, plain, "32 steps")
	tally, err := plain.Tally()
	require.NoError(t, err)
	rep, err := tally.Report()
	require.NoError(t, err)
	require.Equal(t, int64(1), rep.Total.Reached[31])
}

// TestBatchPlain32 holds the batch's branch-free scan to 32 steps, the
// most a funnel has: Level and a batch tally reach the 32nd step, as the
// stream does, both in order and shuffled.
func TestBatchPlain32(t *testing.T) {
	var names []string
	var steps [][]Kind
	for i := range 32 {
		names = append(names, "k"+string(rune('a'+i/26))+string(rune('a'+i%26)))
		steps = append(steps, []Kind{FirstCustomKind + Kind(i)})
	}
	f, err := NewFunnel(FunnelSpec{Steps: steps, Window: time.Hour, Kinds: names})
	require.NoError(t, err)
	require.True(t, f.plain)
	var ev []Event
	for i := range 32 {
		ev = append(ev, Event{Time: int64(i), Kind: FirstCustomKind + Kind(i)})
	}
	level, err := f.Level(ev)
	require.NoError(t, err)
	require.Equal(t, 32, level)
	shuffled := slices.Clone(ev)
	slices.Reverse(shuffled)
	for _, rows := range [][]Event{ev, shuffled} {
		tally := f.NewTally()
		require.NoError(t, tally.Add(rows))
		rep, err := tally.Report()
		require.NoError(t, err)
		require.Equal(t, int64(1), rep.Total.Reached[31])
		s := f.NewStream()
		_, err = s.AddAll(ev)
		require.NoError(t, err)
		st, err := s.Tally()
		require.NoError(t, err)
		srep, err := st.Report()
		require.NoError(t, err)
		require.Equal(t, srep, rep)
	}
}
