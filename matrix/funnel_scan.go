package matrix

import "math/bits"

// A user's events in batch work are packed into one uint64 key each:
// the time after a base in bits 24–63 (so a user's events may span up to
// 2^40 ms, 34.8 years, from the base), the kind in bits 16–23 and the
// source in bits 0–15. Sorting the keys sorts by time; the order of ties
// does not matter, since a tie group is taken as a whole.
const (
	maxSpan  = 1<<40 - 1
	infoMask = 1<<24 - 1
)

// packInfo returns the kind and source bits of e's key.
func packInfo(e Event) uint64 { return uint64(e.Kind)<<16 | uint64(e.Source) }

// wideRow is an event whose time does not fit a key: the slow path.
type wideRow struct {
	t    int64
	info uint64
}

// chain is the state of the scan of one user: for each level i+1 reached,
// the chain the funnel keeps (ClickHouse's events_timestamp): lv[i].start
// its step-1 time, lv[i].last the time of the event that last extended
// it to level i+1 (ClickHouse's "previous" time, which StrictIncrease
// uses), lv[i].at the time that chain first reached level i+1 (for time
// to convert) and src[i] the source credited at that level. The levels
// reached are always a prefix 1..L, the bits of set.
type chain struct {
	set   uint32
	first bool // a step-1 event has been seen
	done  bool // stopped, or every step reached
	lv    []level
	src   []Source
}

// level is a chain's times at one level: start, last and at.
type level struct{ start, last, at int64 }

// level returns the number of steps reached.
func (c *chain) level() int { return bits.Len32(c.set) }

// chainBuf is a chain with its own storage.
type chainBuf struct {
	chain
	lb [MaxSteps]level
	sb [MaxSteps]Source
}

func newChainBuf(n int) *chainBuf {
	c := new(chainBuf)
	c.lv = c.lb[:n:n]
	c.src = c.sb[:n:n]
	return c
}

// reset empties c for the next user.
func (c *chain) reset() { c.set, c.first, c.done = 0, false, false }

// tieGroup is the events of one user at one time: the steps they match
// (mask), the steps matched by two or more of them (dup), whether one
// matches no step (interv, for StrictOrder), the smallest source of each
// step's events (src, with a breakdown) and, for Optimal, how many events
// carry each distinct step mask (mcnt, by the funnel's mask IDs).
type tieGroup struct {
	t      int64
	mask   uint32
	dup    uint32
	interv bool
	events int
	src    [MaxSteps]Source
	mcnt   []uint8
	ids    []uint8 // the mask IDs counted in mcnt, to clear them
}

// scanScratch is the memory of the scans, reused across users.
type scanScratch struct {
	g    tieGroup
	evm  []uint32 // Optimal: the group's events' masks
	used []int
	seen []uint32
}

// addEvent adds an event of kind/source info to g.
func (f *Funnel) addEvent(g *tieGroup, info uint64) {
	k := uint8(info >> 16)
	tab := f.table[k]
	m := uint32(tab)
	if m == 0 {
		g.interv = true
		return
	}
	g.dup |= g.mask & m
	if f.bd != NoBreakdown {
		s := Source(info)
		for r := m; r != 0; r &= r - 1 {
			i := bits.TrailingZeros32(r)
			if g.mask&(1<<i) == 0 || s < g.src[i] {
				g.src[i] = s
			}
		}
	}
	g.mask |= m
	g.events++
	if f.opt {
		id := f.maskID[k]
		if g.mcnt[id] == 0 {
			g.ids = append(g.ids, id)
		}
		if int(g.mcnt[id]) < f.n {
			g.mcnt[id]++
		}
	}
}

// clearGroup readies g for the group at time t.
func (g *tieGroup) clear(t int64) {
	g.t, g.mask, g.dup, g.interv, g.events = t, 0, 0, false, 0
	for _, id := range g.ids {
		g.mcnt[id] = 0
	}
	g.ids = g.ids[:0]
}

func (f *Funnel) initScratch(sc *scanScratch) {
	if f.opt && len(sc.g.mcnt) < len(f.masks) {
		sc.g.mcnt = make([]uint8, len(f.masks))
	}
}

// scan runs the funnel over one user's keys, sorted, with times base +
// key>>24, into c (reset first).
func (f *Funnel) scan(keys []uint64, base int64, c *chain, sc *scanScratch) {
	if f.plain {
		f.scanPlain(keys, base, c)
		return
	}
	c.reset()
	f.initScratch(sc)
	g := &sc.g
	for i := 0; i < len(keys) && !c.done; {
		tk := keys[i] >> 24
		g.clear(base + int64(tk))
		for ; i < len(keys) && keys[i]>>24 == tk; i++ {
			f.addEvent(g, keys[i])
		}
		f.apply(c, g, sc)
	}
}

// scanWide is scan for rows sorted by time that do not fit keys.
func (f *Funnel) scanWide(rows []wideRow, c *chain, sc *scanScratch) {
	c.reset()
	f.initScratch(sc)
	g := &sc.g
	for i := 0; i < len(rows) && !c.done; {
		t := rows[i].t
		g.clear(t)
		for ; i < len(rows) && rows[i].t == t; i++ {
			f.addEvent(g, rows[i].info)
		}
		f.apply(c, g, sc)
	}
}

// apply advances c by the tie group g.
func (f *Funnel) apply(c *chain, g *tieGroup, sc *scanScratch) {
	if c.done {
		return
	}
	if f.opt {
		f.applyOptimal(c, g, sc)
		return
	}
	if f.order && g.interv && c.first {
		c.done = true // an event matching no step sorts first in its tie
		return
	}
	for m := g.mask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros32(m)
		f.step(c, g, i)
		if f.dedup && i > 0 && g.dup&(1<<i) != 0 && !c.done {
			f.step(c, g, i) // a second event for step i: a repeat
		}
		if c.done {
			return
		}
	}
}

// step takes one (t, step i) pair of ClickHouse's scan.
func (f *Funnel) step(c *chain, g *tieGroup, i int) {
	t := g.t
	if i == 0 {
		if f.first && c.first {
			return // FirstStart: no later start
		}
		if c.set&1 == 0 || c.lv[0].start != t {
			c.lv[0].at, c.src[0] = t, g.src[0]
		}
		c.lv[0].start, c.lv[0].last = t, t
		c.set |= 1
		c.first = true
		if f.n == 1 {
			c.done = true
		}
		return
	}
	bit := uint32(1) << i
	if f.dedup && c.set&bit != 0 {
		c.done = true
		return
	}
	if c.set&(bit>>1) == 0 {
		if f.order && c.first {
			c.done = true
		}
		return
	}
	s := c.lv[i-1].start
	if uint64(t)-uint64(s) > f.window || (f.incr && c.lv[i-1].last >= t) {
		return
	}
	if c.set&bit == 0 || c.lv[i].start != s {
		c.lv[i].at = t
		if f.fromEv&bit != 0 {
			c.src[i] = g.src[i]
		} else {
			c.src[i] = c.src[i-1]
		}
	}
	c.lv[i].start, c.lv[i].last = s, t
	c.set |= bit
	if i == f.n-1 {
		c.done = true
	}
}

// applyOptimal advances c by g in Optimal mode. Chains are kept by level,
// the latest start winning (a later start can only extend further); the
// group may fill steps a+1..b of a chain at level a with distinct events
// of its own, which reach computes.
func (f *Funnel) applyOptimal(c *chain, g *tieGroup, sc *scanScratch) {
	if g.mask == 0 {
		return
	}
	var reach [MaxSteps]int // reach[a]: the highest level reachable from level a
	single := g.events == 1 || f.incr
	for a := 0; a < f.n; a++ {
		switch {
		case g.mask&(1<<a) == 0:
			reach[a] = a
		case single:
			reach[a] = a + 1
		default:
			reach[a] = f.matchFrom(a, g, sc)
		}
	}
	t := g.t
	startOK := !f.first || !c.first
	for b := f.n; b >= 1; b-- {
		best, from := int64(0), -1
		for a := 0; a < b; a++ {
			if reach[a] < b {
				continue
			}
			var s int64
			switch {
			case a == 0 && startOK:
				s = t
			case a > 0 && c.set&(1<<(a-1)) != 0 && uint64(t)-uint64(c.lv[a-1].start) <= f.window:
				s = c.lv[a-1].start
			default:
				continue
			}
			if from < 0 || s > best {
				best, from = s, a
			}
		}
		if from < 0 || (c.set&(1<<(b-1)) != 0 && c.lv[b-1].start >= best) {
			continue
		}
		var src Source
		if from > 0 {
			src = c.src[from-1]
		}
		for l := from; l < b; l++ {
			if f.fromEv&(1<<l) != 0 {
				src = g.src[l]
			}
		}
		c.lv[b-1].start, c.lv[b-1].last, c.lv[b-1].at, c.src[b-1] = best, t, t, src
		c.set |= 1 << (b - 1)
	}
	if g.mask&1 != 0 {
		c.first = true
	}
	if c.set>>(f.n-1)&1 != 0 {
		c.done = true
	}
}

// matchFrom returns the highest level b such that steps a+1..b (0-based
// a..b−1) can each take a distinct event of g: a bipartite matching
// grown one step at a time by augmenting paths (Kuhn's algorithm).
func (f *Funnel) matchFrom(a int, g *tieGroup, sc *scanScratch) int {
	sc.evm = sc.evm[:0]
	for _, id := range g.ids {
		for range g.mcnt[id] {
			sc.evm = append(sc.evm, f.masks[id])
		}
	}
	ne := len(sc.evm)
	if cap(sc.used) < ne {
		sc.used = make([]int, ne)
		sc.seen = make([]uint32, ne)
	}
	used, seen := sc.used[:ne], sc.seen[:ne]
	for e := range used {
		used[e], seen[e] = -1, 0
	}
	var stamp uint32
	b := a
	for j := a; j < f.n; j++ {
		stamp++
		if !augment(j, sc.evm, used, seen, stamp) {
			break
		}
		b = j + 1
	}
	return b
}

// augment finds an augmenting path from step j: an event of j's that is
// free, or whose step can move to another event. used[e] is the step
// event e fills, or −1; seen marks the events visited in this search.
func augment(j int, evm []uint32, used []int, seen []uint32, stamp uint32) bool {
	for e, m := range evm {
		if m&(1<<j) == 0 || seen[e] == stamp {
			continue
		}
		seen[e] = stamp
		if used[e] < 0 || augment(used[e], evm, used, seen, stamp) {
			used[e] = j
			return true
		}
	}
	return false
}

// scanPlain is scan for the default mode with no breakdown, the common
// case, without data-dependent branches per event: the steps of the
// chain the funnel keeps at each level live in local arrays, shifted by
// one so that st[0], the "level 0" every step-1 event extends, is the
// group's own time; a step s event extends level s (st[s]) to level s+1
// when level s is set and within the window, and masks select the new
// values. The result is step's, pair for pair: the ClickHouse scan of
// (t, step) pairs in time and step order, the window measured from each
// chain's first step.
func (f *Funnel) scanPlain(keys []uint64, base int64, c *chain) {
	var st, at [MaxSteps + 1]int64
	set := uint64(1) // bit l: level l is set; level 0 always is (64 bits: level 32 too)
	first := uint32(0)
	fs := b2u(f.first) // FirstStart: a step-1 event after the first is void
	full := uint64(1) << f.n
	win := f.window
	for i := 0; i < len(keys); {
		tk := keys[i] >> 24
		m := uint32(f.table[uint8(keys[i]>>16)])
		for i++; i < len(keys) && keys[i]>>24 == tk; i++ {
			m |= uint32(f.table[uint8(keys[i]>>16)])
		}
		t := base + int64(tk)
		st[0] = t
		for ; m != 0; m &= m - 1 {
			s := bits.TrailingZeros32(m) & (MaxSteps - 1)
			src, v, a := st[s], st[s+1], at[s+1]
			z := b2u(s == 0)
			ok := uint32(set>>s) & b2u(uint64(t)-uint64(src) <= win) &^ (z & first & fs)
			first |= z
			bit := uint64(2) << s
			fresh := ok & (b2u(set&bit == 0) | b2u(v != src))
			if ok != 0 { // conditional moves
				v = src
			}
			if fresh != 0 {
				a = t
			}
			st[s+1], at[s+1] = v, a
			set |= bit & -uint64(ok)
		}
		if set&full != 0 {
			break
		}
	}
	c.set, c.first, c.done = uint32(set>>1), first != 0, set&full != 0
	for l := range c.lv {
		c.lv[l].start, c.lv[l].at = st[l+1], at[l+1]
	}
}

// b2u is 1 for true, 0 for false.
func b2u(b bool) uint32 {
	var u uint32
	if b {
		u = 1
	}
	return u
}
