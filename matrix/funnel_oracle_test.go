package matrix_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// The oracles: independent reference models of each mode, written the
// way the semantics are defined rather than the way the package computes
// them.

// chModel is a transliteration of ClickHouse's current windowFunnel
// (src/AggregateFunctions/AggregateFunctionWindowFunnel.cpp,
// getEventLevelNonStrictOnce, commit 0215c755, anchors [S1]) over its
// own data layout: one (t, condition index) pair per row and matching
// condition, inserted in descending index, (t, 0) for a row matching none
// under strict_order, a stable sort by (t, index), and its scan.
// firstStart adds Mixpanel's rule: a step-1 pair after the first is
// skipped.
func chModel(events []matrix.Event, steps [][]matrix.Kind, window int64, mode matrix.Mode, firstStart bool) int {
	dedup, order, incr := mode&dedup != 0, mode&order != 0, mode&incr != 0
	n := len(steps)
	type pair struct {
		t   int64
		idx int
	}
	var list []pair
	for _, e := range events {
		has := false
		for i := n; i >= 1; i-- {
			if slices.Contains(steps[i-1], e.Kind) {
				list = append(list, pair{e.Time, i})
				has = true
			}
		}
		if order && !has {
			list = append(list, pair{e.Time, 0})
		}
	}
	if len(list) == 0 {
		return 0
	}
	if !order && n == 1 {
		return 1
	}
	slices.SortStableFunc(list, func(a, b pair) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	type stamp struct {
		ok          bool
		first, last int64
	}
	ts := make([]stamp, n)
	maxSet := func() int {
		for e := n; e > 0; e-- {
			if ts[e-1].ok {
				return e
			}
		}
		return 0
	}
	firstEvent := false
	for _, p := range list {
		idx := p.idx - 1
		switch {
		case order && idx == -1:
			if firstEvent {
				return maxSet()
			}
			continue
		case idx == 0:
			if firstStart && firstEvent {
				continue
			}
			ts[0] = stamp{true, p.t, p.t}
			firstEvent = true
		case dedup && ts[idx].ok:
			return maxSet()
		case order && firstEvent && !ts[idx-1].ok:
			for e := range n {
				if !ts[e].ok {
					return e
				}
			}
		case ts[idx-1].ok:
			first := ts[idx-1].first
			matched := p.t <= first+window
			if incr {
				matched = matched && ts[idx-1].last < p.t
			}
			if matched {
				ts[idx] = stamp{true, first, p.t}
				if idx+1 == n {
					return n
				}
			}
		}
	}
	return maxSet()
}

// bruteChains enumerates every chain: events e1, …, ek with ei of step
// i's kinds, times non-decreasing (strictly rising with strict) and at
// most window after t1, and returns the longest k. With distinct, no
// event is used twice; otherwise one event may fill several steps (the
// ClickHouse default, where each (row, condition) pair is an event).
// With firstStart, t1 must be the time of the first step-1 event.
func bruteChains(events []matrix.Event, steps [][]matrix.Kind, window int64, distinct, strict, firstStart bool) int {
	n := len(steps)
	used := make([]bool, len(events))
	best := 0
	t1min := int64(-1)
	for _, e := range events {
		if slices.Contains(steps[0], e.Kind) && (t1min < 0 || e.Time < t1min) {
			t1min = e.Time
		}
	}
	var dfs func(level int, t1, prev int64)
	dfs = func(level int, t1, prev int64) {
		best = max(best, level)
		if level == n {
			return
		}
		for i, e := range events {
			if distinct && used[i] || !slices.Contains(steps[level], e.Kind) {
				continue
			}
			if level == 0 {
				if firstStart && e.Time != t1min {
					continue
				}
				used[i] = true
				dfs(1, e.Time, e.Time)
				used[i] = false
				continue
			}
			if e.Time < prev || strict && e.Time == prev || e.Time > t1+window {
				continue
			}
			used[i] = true
			dfs(level+1, t1, e.Time)
			used[i] = false
		}
	}
	dfs(0, 0, 0)
	return best
}

// smallCase is a random small stream: up to 4 steps of 1 or 2 kinds
// among 5 (so kinds repeat across steps), up to 10 events of 6 kinds (the
// sixth in no step) at times 0–7 (many ties), a window of 0–6.
type smallCase struct {
	steps  [][]matrix.Kind
	events []matrix.Event
	window int64
}

func (c smallCase) String() string {
	s := fmt.Sprintf("window %d, steps", c.window)
	for _, st := range c.steps {
		s += fmt.Sprint(" ", st)
	}
	s += ", events"
	for _, e := range c.events {
		s += fmt.Sprintf(" %v@%d", e.Kind, e.Time)
	}
	return s
}

func randomSmallCase(r *rand.Rand) smallCase {
	c := smallCase{window: r.Int64N(7)}
	n := 1 + r.IntN(4)
	for range n {
		st := []matrix.Kind{matrix.Kind(1 + r.IntN(5))}
		if r.IntN(3) == 0 {
			st = append(st, matrix.Kind(1+r.IntN(5)))
		}
		c.steps = append(c.steps, st)
	}
	for range r.IntN(11) {
		c.events = append(c.events, matrix.Event{Time: r.Int64N(8), Kind: matrix.Kind(1 + r.IntN(6)), Source: matrix.Source(r.IntN(2))})
	}
	return c
}

// TestOracle checks Funnel.Level in every mode against the reference
// models on thousands of random small streams (10⁶ with
// LIVECOMMERCE_LONG=1): the ClickHouse modes and their combinations
// against chModel, the default and Optimal modes against the enumeration
// of all chains, each with and without FirstStart.
func TestOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 2026))
	chModes := []matrix.Mode{dflt, dedup, order, incr, dedup | order, dedup | incr, order | incr, dedup | order | incr}
	cases := matrix.LongCases(3000, 1_000_000)
	for range cases {
		c := randomSmallCase(r)
		for _, first := range []bool{false, true} {
			for _, mode := range append(chModes, opt, optInc) {
				f := mustFunnel(t, matrix.FunnelSpec{Steps: c.steps, Window: time.Duration(c.window) * time.Millisecond, Mode: mode, FirstStart: first, Sources: 2})
				got, err := f.Level(c.events)
				require.NoError(t, err)
				var want int
				switch mode {
				case opt:
					want = bruteChains(c.events, c.steps, c.window, true, false, first)
				case optInc:
					want = bruteChains(c.events, c.steps, c.window, true, true, first)
				default:
					want = chModel(c.events, c.steps, c.window, mode, first)
				}
				require.Equal(t, want, got, "%v, first start %v: %v", mode, first, c)
				if mode == dflt {
					require.Equal(t, bruteChains(c.events, c.steps, c.window, false, false, first), got,
						"default is the longest chain: %v, first start %v", c, first)
				}
			}
		}
	}
}
