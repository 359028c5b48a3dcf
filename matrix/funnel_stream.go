package matrix

import (
	"fmt"
	"math/bits"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// FunnelStream runs a funnel over events that arrive in time order for
// each user (users interleaved as they like), keeping O(steps) state per
// user instead of the events: the chains of the scan (24 bytes a step;
// 16 in the default mode with no breakdown), the user's pending tie group
// (the events at the user's latest time, folded into step masks: a tie
// is only complete when a later event comes), and a 32-byte header (16
// in the default mode with no breakdown); with a breakdown, 4 more bytes
// a step;
// in [Optimal] mode, a byte per distinct step mask of the funnel. Its
// [FunnelStream.Tally] equals the batch [FunnelTally] of the same events,
// exactly.
//
// State is kept by [Member], in slices as long as the largest Member
// seen, so Members should be dense. A FunnelStream is not safe for
// concurrent use. Create one with [Funnel.NewStream]; the zero
// FunnelStream reports [commerce.ErrInvalid].
type FunnelStream struct {
	f     *Funnel
	hdr   []streamUser
	lv    []level       // per user: the chain's levels, n
	ph    []plainHead   // in the plain mode, instead of hdr: per user (plainRun)
	pl    []plainLevel  // in the plain mode, instead of lv: per user, n
	src   []Source      // per user: the chain's sources, n (with a breakdown)
	psrc  []Source      // per user: the pending group's sources, n (with a breakdown)
	mcnt  []uint8       // per user: the pending group's mask counts (Optimal)
	p     *plainScratch // in the plain mode: plainRun's tables
	users int
	added int64
	g     tieGroup
	sc    scanScratch
	c     chain
}

// plainLevel is a chain's level in the plain mode (addPlain): its start
// and at times (see chain), 16 bytes, so that a user's levels of a
// 4-step funnel fill one cache line.
type plainLevel struct{ start, at int64 }

// plainScratch is plainRun's: per kind, its step mask in bits 0–31 and
// its room (see kRoomShift) above them, so that a kind and a source pass
// exactly when Source + tab>>32 < 1<<16; the queue of the groups
// queuePlain closed, for closePlain; and the copy of a last batch shorter
// than fixedRows (see plainRun). 10 KB, made only for a stream in the
// plain mode.
type plainScratch struct {
	tab  [256]uint64
	q    [fixedRows]plainClose
	tail [fixedRows]Event
}

// streamUser is a user's header outside the plain mode: the chain's set
// levels and flags, and the pending tie group (time, step masks, event
// count).
type streamUser struct {
	lastT, pt   int64
	set         uint32
	pmask, pdup uint32
	flags, pev  uint8
}

const (
	fSeen = 1 << iota
	fFirst
	fDone
	fPend
	fInterv
)

// NewStream returns an empty stream of f.
func (f *Funnel) NewStream() *FunnelStream {
	s := &FunnelStream{f: f}
	if f.plain {
		s.p = new(plainScratch)
		for k, tab := range f.table {
			s.p.tab[k] = uint64(uint32(tab)) | tab>>kRoomShift<<32
		}
	}
	if f.opt {
		s.g.mcnt = make([]uint8, len(f.masks))
	}
	return s
}

// grow makes room for user u.
func (s *FunnelStream) grow(u int) {
	f := s.f
	if f.plain {
		n := max(2*len(s.ph), u+1, 64)
		s.ph = append(s.ph, make([]plainHead, n-len(s.ph))...)
		s.pl = append(s.pl, make([]plainLevel, f.n*n-len(s.pl))...)
		return
	}
	n := max(2*len(s.hdr), u+1, 64)
	s.hdr = append(s.hdr, make([]streamUser, n-len(s.hdr))...)
	s.lv = append(s.lv, make([]level, f.n*n-len(s.lv))...)
	if f.bd != NoBreakdown {
		s.src = append(s.src, make([]Source, f.n*n-len(s.src))...)
		s.psrc = append(s.psrc, make([]Source, f.n*n-len(s.psrc))...)
	}
	if f.opt {
		d := len(f.masks)
		s.mcnt = append(s.mcnt, make([]uint8, d*n-len(s.mcnt))...)
	}
}

// Add takes the next event. Each user's events must come in time order
// (ties in any order): an event earlier than the user's previous one is
// [ErrOutOfOrder]. An event of an unknown kind or source is
// [ErrUnknown]. Either error names the event by its number in the stream
// (from 0) and changes nothing. Add allocates only to grow the state for
// a larger Member.
func (s *FunnelStream) Add(e Event) error {
	_, err := s.AddAll([]Event{e})
	return err
}

// AddAll takes events in order, as Add would one by one, and returns how
// many it took: all of them, or, with the error of Add, the events before
// the first it refused (that one and the rest are not taken).
func (s *FunnelStream) AddAll(events []Event) (int, error) {
	if s == nil || s.f == nil {
		return 0, fieldErr("funnel stream: add", "nil or zero stream; use Funnel.NewStream")
	}
	f := s.f
	if f.plain {
		return s.addPlain(events)
	}
	nsrc, extra := f.nsrc, f.bd != NoBreakdown || f.opt
	for i := range events {
		e := &events[i]
		tab := f.table[e.Kind]
		if tab&kValid == 0 || int(e.Source) >= nsrc {
			return i, f.checkEvent(int(s.added), *e)
		}
		u := int(e.User)
		if u >= len(s.hdr) {
			s.grow(u)
		}
		h := &s.hdr[u]
		if h.flags&fSeen == 0 {
			h.flags |= fSeen
			s.users++
		} else if e.Time < h.lastT {
			return i, s.outOfOrder(e, h.lastT)
		}
		s.added++
		h.lastT = e.Time
		if tab&kKeep == 0 || h.flags&fDone != 0 {
			continue
		}
		if h.flags&fPend == 0 || h.pt != e.Time {
			if h.flags&fPend != 0 {
				s.flush(u, h)
				if h.flags&fDone != 0 {
					continue
				}
			}
			h.flags |= fPend
			h.pt, h.pmask, h.pdup, h.pev = e.Time, 0, 0, 0
		}
		m := uint32(tab)
		if m == 0 {
			h.flags |= fInterv
			continue
		}
		if extra {
			s.pendExtra(u, h, e, m)
		}
		h.pdup |= h.pmask & m
		h.pmask |= m
		if h.pev < 2 {
			h.pev++
		}
	}
	return len(events), nil
}

// outOfOrder is the error of e, earlier than its user's previous event at lastT.
func (s *FunnelStream) outOfOrder(e *Event, lastT int64) error {
	return &commerce.FieldError{Field: fmt.Sprintf("events[%d].time", s.added),
		Reason: fmt.Sprintf("user %d: %d ms before the user's previous event at %d ms", e.User, lastT-e.Time, lastT), Err: ErrOutOfOrder}
}

// addPlain is AddAll for the default mode with no breakdown: runs of
// plainRun, between which it grows the state or reports an error.
func (s *FunnelStream) addPlain(events []Event) (int, error) {
	f := s.f
	for i := 0; ; {
		j := s.plainRun(events, i)
		s.added += int64(j - i)
		if j == len(events) {
			return j, nil
		}
		e := &events[j]
		switch {
		case f.table[e.Kind]&kValid == 0 || int(e.Source) >= f.nsrc:
			return j, f.checkEvent(int(s.added), *e)
		case int(e.User) >= len(s.ph):
			s.grow(int(e.User))
		default:
			return j, s.outOfOrder(e, s.ph[e.User].last())
		}
		i = j
	}
}

// plainHead is a user's header in the plain mode: tk, the time of the
// user's latest event as a key (see timeKey); steps, the pending tie
// group's step mask (the steps of the events at that time); lev, the
// number of levels reached (0 to 32); the flags first (a step-1 event
// has been taken; kept for FirstStart only, its one reader in the plain
// mode) and done (every step reached); and least, set by an event at the
// least time, math.MinInt64, whose key is 0: the user has been seen
// exactly when tk or least is not 0 (see seen). The levels reached are
// always 1 to lev, since a step is taken only from the level below it:
// the count is the whole of scanPlain's set (bit l for level l:
// 2<<lev - 1). queuePlain writes tk, steps and (rarely) least;
// closePlain lev, first and done, each a field of its own, so that
// neither pass packs or unpacks the other's. queuePlain does not write a
// flag at every event: a user's next event reads done, and a read of a
// byte just after a write of its neighbour waited for the write (one
// user's events in a row ran about 10% slower when queuePlain set a seen
// flag at each). 16 bytes, so that four users share a cache line.
type plainHead struct {
	tk                      uint64
	steps                   uint32
	lev, first, done, least uint8
}

// seen reports whether the user has had an event.
func (h *plainHead) seen() bool { return h.tk != 0 || h.least != 0 }

// timeKey is t as plainHead.tk: t + 2⁶³ (mod 2⁶⁴), so that the keys'
// unsigned order is the times' order and the zero key of an unseen user
// comes before (or, for the least time, at) every event's: the order
// test needs no test of seen first. keyTime is its inverse.
func timeKey(t int64) uint64 { return uint64(t) ^ 1<<63 }

// keyTime is the time of key k (see timeKey).
func keyTime(k uint64) int64 { return int64(k ^ 1<<63) }

// last is the time of the user's latest event.
func (h *plainHead) last() int64 { return keyTime(h.tk) }

// plainClose is a pending tie group that plainRun closed: its user, time
// (as a key, see timeKey) and steps, for closePlain.
type plainClose struct {
	tk   uint64
	user Member
	m    uint32
}

// plainRun takes events from i on, until the end or an event it leaves
// to addPlain (an error, or a user beyond the state), and returns where
// it stopped.
//
// It runs in two passes over each batch of fixedRows events, so that
// neither has a branch on the data that the processor cannot predict,
// nor more live values than registers. The first, queuePlain, reads each
// event and its user's header: a user's pending tie group is the steps
// of the events at its latest time, and a later event closes it; the
// group goes, unconditionally, to the queue s.p.q (nq counts it only if
// it has steps), and the event's steps start the new group; a done user
// takes no more steps. The second, closePlain, applies the queued groups
// in order. A group, applied when a later event comes rather than at the
// user's next event of a step's kind, changes the chain alike, since no
// event comes between; and the first pass reads of the chain only the
// done flag, which the second pass sets up to a batch late: a group
// queued after it is void there. In one pass, the close of a group was a
// branch taken by about a third of the events at random (a
// misprediction each), and its code crowded the registers of the loop:
// about 10.7 ns an event, against about 6 for the two passes (see
// BenchmarkFunnelStream).
func (s *FunnelStream) plainRun(events []Event, i int) int {
	for i < len(events) {
		// The last batch ends with an event of source NoSource, which no
		// funnel takes (see kRoomShift): queuePlain stops there.
		batch, n := fixedBatch(events[i:], &s.p.tail, func(e *Event) { e.Source = NoSource })
		j, nq := s.queuePlain(batch)
		s.closePlain(nq)
		i += j
		if j < n {
			break
		}
	}
	return i
}

// queuePlain is plainRun's first pass over batch: it returns how many
// events it took and how many groups it queued. A function of its own,
// so that the values of the outer loop do not crowd its registers; a
// batch of fixed length, so that its loop keeps no bound either.
func (s *FunnelStream) queuePlain(batch *[fixedRows]Event) (int, int) {
	ph := s.ph
	kinds, q := &s.p.tab, &s.p.q // not through s.p, checked for nil at every use
	nq := 0
	b := batch[:] // one nil check, not one an event
	for j := range b {
		e := &b[j]
		tab := kinds[e.Kind]
		if uint64(e.Source)+tab>>32 >= 1<<16 { // a source too large, or an unknown kind
			return j, nq
		}
		if int(e.User) >= len(ph) {
			return j, nq
		}
		h := &ph[e.User]
		t, tg, p := timeKey(e.Time), h.tk, h.steps
		if t < tg {
			return j, nq
		}
		qe := &q[nq&(fixedRows-1)]
		qe.tk, qe.user = tg, e.User
		m := p // the pending group, closed when the time moves on …
		if t == tg {
			m = 0 // … or going on (a conditional move)
		}
		qe.m = m
		keep := p ^ m
		nq += int(b2u(m != 0))
		h.tk = t
		h.steps = keep | uint32(tab)&(uint32(h.done)-1) // no more steps once done
		if t == 0 {
			h.least = 1 // rare: see plainHead
		}
	}
	return fixedRows, nq
}

// closePlain applies the first nq closed groups of s.p.q, in order, to
// their users' chains, as scanPlain applies a tie group: its steps in
// ascending order (nearly always one: the loop's exit is predictable),
// with masks and conditional moves rather than branches. Since the
// levels reached are 1 to lev, "level st is reached" is st ≤ lev and
// "level st+1 is not" is lev ≤ st, and a step taken lifts lev by one
// exactly when lev == st. The groups queued after their user was done
// are void.
func (s *FunnelStream) closePlain(nq int) {
	f := s.f
	n, win := f.n, f.window
	fs := uint64(b2u(f.first)) // FirstStart: a step-1 event after the first is void
	ph, pl := s.ph, s.pl
	for _, c := range s.p.q[:nq] {
		h := &ph[c.user]
		if h.done != 0 { // rare: queued before queuePlain saw the flag
			continue
		}
		tg, o := keyTime(c.tk), int(c.user)*n
		lev := uint64(h.lev)
		void := uint64(h.first) & fs // step 1 comes first in a group, if at all
		for m := c.m; ; {
			st := uint64(bits.TrailingZeros32(m)) & (MaxSteps - 1)
			z := uint64(b2u(st == 0))
			src := pl[o+int(st-1+z)].start // the start of the chain step st extends (level st's) …
			if z != 0 {
				src = tg // … or, for step 1, the group's time (a conditional move)
			}
			k := &pl[o+int(st)]
			ok := uint64(b2u(st <= lev)&b2u(uint64(tg)-uint64(src) <= win)) &^ (z & void)
			fresh := ok & uint64(b2u(lev <= st)|b2u(k.start != src))
			v, at := k.start, k.at
			if ok != 0 {
				v = src
			}
			if fresh != 0 {
				at = tg
			}
			k.start, k.at = v, at
			lev += ok & uint64(b2u(lev == st))
			if m &= m - 1; m == 0 {
				break
			}
		}
		h.lev = uint8(lev)
		if fs != 0 { // only FirstStart reads first (plain modes have no StrictOrder)
			h.first |= uint8(c.m & 1)
		}
		h.done = uint8(b2u(lev == uint64(n)))
	}
}

// pendExtra adds e (of step mask m) to u's pending group's sources and,
// in Optimal mode, mask counts; before h.pmask has it.
func (s *FunnelStream) pendExtra(u int, h *streamUser, e *Event, m uint32) {
	f := s.f
	if f.bd != NoBreakdown {
		ps := s.psrc[u*f.n : (u+1)*f.n]
		for r := m; r != 0; r &= r - 1 {
			i := bits.TrailingZeros32(r)
			if h.pmask&(1<<i) == 0 || e.Source < ps[i] {
				ps[i] = e.Source
			}
		}
	}
	if f.opt {
		d := len(f.masks)
		mc := &s.mcnt[u*d+int(f.maskID[e.Kind])]
		if int(*mc) < f.n {
			*mc++
		}
	}
}

// view returns user u's chain, over the stream's slices.
func (s *FunnelStream) view(u int, h *streamUser) chain {
	n := s.f.n
	o := n * u
	c := chain{
		set: h.set, first: h.flags&fFirst != 0, done: h.flags&fDone != 0,
		lv: s.lv[o : o+n : o+n],
	}
	if s.src != nil {
		c.src = s.src[n*u : n*(u+1) : n*(u+1)]
	} else {
		c.src = s.g.src[:n:n] // no breakdown: sources are not read
	}
	return c
}

// group loads u's pending tie group into s.g.
func (s *FunnelStream) group(u int, h *streamUser) *tieGroup {
	f, g := s.f, &s.g
	g.t, g.mask, g.dup, g.interv, g.events = h.pt, h.pmask, h.pdup, h.flags&fInterv != 0, int(h.pev)
	if s.psrc != nil {
		copy(g.src[:f.n], s.psrc[u*f.n:(u+1)*f.n])
	}
	if f.opt {
		d := len(f.masks)
		copy(g.mcnt, s.mcnt[u*d:(u+1)*d])
		g.ids = g.ids[:0]
		for id, k := range g.mcnt {
			if k != 0 {
				g.ids = append(g.ids, uint8(id))
			}
		}
	}
	return g
}

// flush applies u's pending tie group to its chain.
func (s *FunnelStream) flush(u int, h *streamUser) {
	f, c, n := s.f, &s.c, s.f.n
	c.set, c.first, c.done = h.set, h.flags&fFirst != 0, h.flags&fDone != 0
	c.lv = s.lv[n*u : n*u+n : n*u+n]
	if s.src != nil {
		c.src = s.src[n*u : n*u+n : n*u+n]
	} else {
		c.src = s.g.src[:n:n] // no breakdown: sources are not read
	}
	f.apply(c, s.group(u, h), &s.sc)
	h.set = c.set
	h.flags &^= fPend | fInterv | fFirst | fDone
	if c.first {
		h.flags |= fFirst
	}
	if c.done {
		h.flags |= fDone
	}
	if f.opt {
		d := len(f.masks)
		clear(s.mcnt[u*d : (u+1)*d])
	}
}

// Reset empties s, as if new, keeping its funnel and the room it has
// grown for users, so that a warm stream allocates nothing.
func (s *FunnelStream) Reset() {
	if s == nil || s.f == nil {
		return
	}
	clear(s.hdr)
	clear(s.ph) // the levels need no clearing: a user's count of levels reached is 0
	clear(s.mcnt)
	s.users, s.added = 0, 0
}

// Users returns the number of users the stream has seen. In the default
// mode with no breakdown, it counts them (the stream's update does not),
// in time linear in the room the stream has grown for users.
func (s *FunnelStream) Users() int {
	if s == nil {
		return 0
	}
	if s.f != nil && s.f.plain {
		n := 0
		for i := range s.ph {
			n += int(b2u(s.ph[i].seen()))
		}
		return n
	}
	return s.users
}

// Tally returns a new [FunnelTally] of the events so far, as if each
// user's pending tie group were complete; the stream is unchanged and
// may go on. It equals the batch tally of the same events.
func (s *FunnelStream) Tally() (*FunnelTally, error) {
	if s == nil || s.f == nil {
		return nil, fieldErr("funnel stream: tally", "nil or zero stream; use Funnel.NewStream")
	}
	f := s.f
	t := f.NewTally()
	t.users = make([]Member, 0, s.Users())
	cb := newChainBuf(f.n)
	c := &cb.chain
	if f.plain {
		for u := range s.ph {
			h := &s.ph[u]
			if !h.seen() {
				continue
			}
			t.users = append(t.users, Member(u))
			c.set = uint32(uint64(1)<<h.lev - 1)
			c.first, c.done = h.first != 0, h.done != 0
			for l, pl := range s.pl[u*f.n : (u+1)*f.n] {
				c.lv[l] = level{start: pl.start, at: pl.at}
			}
			if pm := h.steps; pm != 0 {
				g := &s.g
				g.clear(h.last())
				g.mask = pm
				f.apply(c, g, &s.sc)
			}
			t.record(c)
		}
		return t, nil
	}
	for u := range s.hdr {
		h := &s.hdr[u]
		if h.flags&fSeen == 0 {
			continue
		}
		t.users = append(t.users, Member(u))
		v := s.view(u, h)
		c.set, c.first, c.done = v.set, v.first, v.done
		copy(c.lv, v.lv)
		copy(c.src, v.src)
		if h.flags&fPend != 0 {
			f.apply(c, s.group(u, h), &s.sc)
		}
		t.record(c)
	}
	return t, nil
}
