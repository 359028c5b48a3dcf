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
// is only complete when a later event comes), and a 32-byte header; with
// a breakdown, 4 more bytes a step;
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
	lv    []level      // per user: the chain's levels, n
	pl    []plainLevel // in the plain mode, instead of lv
	src   []Source     // per user: the chain's sources, n (with a breakdown)
	psrc  []Source     // per user: the pending group's sources, n (with a breakdown)
	mcnt  []uint8      // per user: the pending group's mask counts (Optimal)
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

// streamUser is a user's header: the chain's set levels and flags, and
// the pending tie group (time, step masks, event count). In the plain
// mode (addPlain) the group's time is lastT, and pdup is instead all ones
// once the user has reached the last step, and zero before.
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
	if f.opt {
		s.g.mcnt = make([]uint8, len(f.masks))
	}
	return s
}

// grow makes room for user u.
func (s *FunnelStream) grow(u int) {
	n := max(2*len(s.hdr), u+1, 64)
	f := s.f
	s.hdr = append(s.hdr, make([]streamUser, n-len(s.hdr))...)
	if f.plain {
		s.pl = append(s.pl, make([]plainLevel, f.n*n-len(s.pl))...)
	} else {
		s.lv = append(s.lv, make([]level, f.n*n-len(s.lv))...)
	}
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
			return i, s.outOfOrder(e, h)
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

// outOfOrder is the error of e, earlier than h's previous event.
func (s *FunnelStream) outOfOrder(e *Event, h *streamUser) error {
	return &commerce.FieldError{Field: fmt.Sprintf("events[%d].time", s.added),
		Reason: fmt.Sprintf("user %d: %d ms before the user's previous event at %d ms", e.User, h.lastT-e.Time, h.lastT), Err: ErrOutOfOrder}
}

// addPlain is AddAll for the default mode with no breakdown: runs of
// plainRun, between which it grows the state or reports an error.
func (s *FunnelStream) addPlain(events []Event) (int, error) {
	f := s.f
	for i := 0; ; {
		j, users := s.plainRun(events, i)
		s.added += int64(j - i)
		s.users += users
		if j == len(events) {
			return j, nil
		}
		e := &events[j]
		switch {
		case f.table[e.Kind]&kValid == 0 || int(e.Source) >= f.nsrc:
			return j, f.checkEvent(int(s.added), *e)
		case int(e.User) >= len(s.hdr):
			s.grow(int(e.User))
		default:
			return j, s.outOfOrder(e, &s.hdr[e.User])
		}
		i = j
	}
}

// plainRun takes events from i on, until the end or an event it leaves
// to addPlain (an error, or a user beyond the state), and returns where
// it stopped and the number of users it saw first. It makes no calls, so
// that its state stays in registers, and has few branches that depend on
// the data. A user's pending tie group is the steps (pmask) of the events
// at the user's latest time (lastT), any later event closing it: the
// group, applied then rather than at the user's next event of a step's
// kind, changes the chain alike, since no event comes between. Its steps
// are applied as scanPlain applies them, with masks rather than branches;
// a user at the last step takes no more steps.
func (s *FunnelStream) plainRun(events []Event, i int) (int, int) {
	f := s.f
	table := &f.table
	nsrc, n := f.nsrc, f.n
	win := f.window
	fs := uint8(b2u(f.first)) * fFirst
	hdr, pls := s.hdr, s.pl
	users := 0
	for ; i < len(events); i++ {
		e := &events[i]
		tab := table[e.Kind]
		if int(uint64(e.Source)|(^tab&kValid)>>16) >= nsrc { // a source too large, or an unknown kind
			break
		}
		u := int(e.User)
		if u >= len(hdr) {
			break
		}
		h := &hdr[u]
		t := e.Time
		if h.flags&fSeen == 0 {
			h.flags |= fSeen
			users++
		} else if t < h.lastT {
			break
		}
		if t != h.lastT && h.pmask != 0 {
			// Close the pending group: apply its steps at h.lastT.
			lv := pls[u*n : u*n+n : u*n+n]
			tg := h.lastT
			set := h.set<<1 | 1 // as scanPlain's: bit l for level l, level 0 always set
			flags := h.flags
			for m := h.pmask; m != 0; m &= m - 1 {
				st := bits.TrailingZeros32(m) & (MaxSteps - 1)
				src := lv[max(st-1, 0)].start
				if st == 0 {
					src = tg
				}
				z := b2u(st == 0)
				ok := set >> st & b2u(uint64(tg)-uint64(src) <= win) &^ (z & (uint32(flags&fs) >> 1))
				flags |= uint8(z) * fFirst
				k := &lv[st]
				bit := uint32(2) << st
				fresh := b2u(set&bit == 0) | b2u(k.start != src)
				okm, fm := -int64(ok), -int64(ok&fresh)
				k.start ^= (k.start ^ src) & okm
				k.at ^= (k.at ^ tg) & fm
				set |= bit & uint32(okm)
			}
			h.set, h.flags = set>>1, flags
			h.pmask = 0
			h.pdup = -(set >> n & 1) // all ones once done
		}
		h.pmask |= uint32(tab) &^ h.pdup // no more steps once done
		h.lastT = t
	}
	return i, users
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
	clear(s.mcnt)
	s.users, s.added = 0, 0
}

// Users returns the number of users the stream has seen.
func (s *FunnelStream) Users() int {
	if s == nil {
		return 0
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
	t.users = make([]Member, 0, s.users)
	cb := newChainBuf(f.n)
	for u := range s.hdr {
		h := &s.hdr[u]
		if h.flags&fSeen == 0 {
			continue
		}
		t.users = append(t.users, Member(u))
		c := &cb.chain
		if f.plain {
			c.set, c.first, c.done = h.set, h.flags&fFirst != 0, h.pdup != 0
			for l, pl := range s.pl[u*f.n : (u+1)*f.n] {
				c.lv[l] = level{start: pl.start, at: pl.at}
			}
			if h.pmask != 0 {
				g := &s.g
				g.clear(h.lastT)
				g.mask = h.pmask
				f.apply(c, g, &s.sc)
			}
			t.record(c)
			continue
		}
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
