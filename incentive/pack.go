package incentive

import (
	"math/bits"
)

// A Result holds its grants packed into int64 words, without pointers
// (the garbage collector does not scan them), in the Result itself when
// they fit (see Result.setGrants), each grant a record of
// 1 to 19 words: a header word of its rule (bits 0-30), the bit pSame
// (31), a mask of the fields that follow (bits 32-47), its flags (48-55)
// and kind (56-63); then, unless pSame is set, its instants' Unix
// seconds at, from and to; then, in the order of the mask's bits, each
// field that is not zero (award, product and store plus one, so that -1,
// none, is zero). pSame says that the record's instants' seconds are
// those of the reference: the last record before it that wrote them
// (run records do not), so the first record writes them; the grants of
// a month's milestones and tiers, one window each, mostly repeat the
// instants of the grant before them. A one-natural-day grant of a plain
// rule is the 4 words, or 1 with pSame; a grant with caps or a measure,
// 6 to 9, or 3 to 6.
// Consecutive grants of a rule that differ only in their day, as the
// one-natural-day grants of a plain rule (most of a treasure-host
// month) do, pack together as one run record of 4 words and a bitmap of
// their days (see pRun). Packing is lossless: unpack(pack(g)) is g, and
// unpackAll(packRuns(gs, nil, nil)) is gs (TestPackRoundTrip,
// TestPackRunRoundTrip), so every reader of a Result unpacks its grants
// and reads them as the evaluation made them.
const (
	pAtNsec = iota // the mask's bits, in the order of the fields
	pFromNsec
	pToNsec
	pAmount
	pViews
	pCount
	pMeasured
	pCapUsed
	pCapLeft
	pRank
	pAward
	pProduct
	pStore
	pDay
	pMonth
	pFields // the number of fields
)

// pSame is the header's bit of a record whose instants are the
// reference's (see pAtNsec): rule indexes are below 1<<31.
const pSame = 1 << 31

// instants are the Unix seconds of a record's at, from and to.
type instants [3]int64

// ref is the reference of the records packed so far: the instants of
// the last that wrote them, when ok (see pAtNsec).
type ref struct {
	t  instants
	ok bool
}

// same reports whether a record of instants t is written with pSame
// after the records of r, and makes t r's instants.
func (r *ref) same(t instants) bool {
	if r.is(t) {
		return true
	}
	r.t, r.ok = t, true
	return false
}

// is reports whether a record of instants t is written with pSame after
// the records of r.
func (r *ref) is(t instants) bool { return r.ok && r.t == t }

// mask returns the mask of g's fields that are not zero.
func (g *grant) mask() uint64 {
	if g.at.nsec|g.from.nsec|g.to.nsec|g.rank|g.day|g.month|(g.award+1)|(g.product+1)|(g.store+1) == 0 &&
		g.amount|g.views|g.count|g.measured|g.capUsed|g.capLeft == 0 {
		return 0 // the common grant of a plain rule: no field follows
	}
	return nz(int64(g.at.nsec))<<pAtNsec | nz(int64(g.from.nsec))<<pFromNsec | nz(int64(g.to.nsec))<<pToNsec |
		nz(g.amount)<<pAmount | nz(g.views)<<pViews | nz(g.count)<<pCount | nz(g.measured)<<pMeasured |
		nz(g.capUsed)<<pCapUsed | nz(g.capLeft)<<pCapLeft | nz(int64(g.rank))<<pRank |
		nz(int64(g.award)+1)<<pAward | nz(int64(g.product)+1)<<pProduct | nz(int64(g.store)+1)<<pStore |
		nz(int64(g.day))<<pDay | nz(int64(g.month))<<pMonth
}

// nz is 1 for v not zero, else 0, without a branch: the compiler makes
// the test a SETNE (fewer instructions than the sign bit of v|-v);
// TestMaskMatchesFields holds mask to the fields one by one.
func nz(v int64) uint64 {
	var b uint64
	if v != 0 {
		b = 1
	}
	return b
}

// pack writes g, of mask m, packed into w after the records of r, which
// it moves on, and returns the words written; w has room for it.
func (g *grant) pack(w []int64, m uint64, r *ref) int {
	h := g.header(m)
	n := 1
	if r.same(instants{g.at.sec, g.from.sec, g.to.sec}) {
		h |= pSame
	} else {
		w[1], w[2], w[3] = g.at.sec, g.from.sec, g.to.sec
		n = 4
	}
	w[0] = h
	for ; m != 0; m &= m - 1 { // the fields present, in mask order
		w[n] = g.field(bits.TrailingZeros64(m))
		n++
	}
	return n
}

// header returns the header word of g, of mask m, without pSame.
func (g *grant) header(m uint64) int64 {
	return int64(uint64(uint32(g.rule)) | m<<32 | uint64(g.flags)<<48 | uint64(g.kind)<<56)
}

// field returns g's field k (pAtNsec to pMonth) as packed.
func (g *grant) field(k int) int64 {
	switch k {
	case pAtNsec:
		return int64(g.at.nsec)
	case pFromNsec:
		return int64(g.from.nsec)
	case pToNsec:
		return int64(g.to.nsec)
	case pAmount:
		return g.amount
	case pViews:
		return g.views
	case pCount:
		return g.count
	case pMeasured:
		return g.measured
	case pCapUsed:
		return g.capUsed
	case pCapLeft:
		return g.capLeft
	case pRank:
		return int64(g.rank)
	case pAward:
		return int64(g.award) + 1
	case pProduct:
		return int64(g.product) + 1
	case pStore:
		return int64(g.store) + 1
	case pDay:
		return int64(g.day)
	}
	return int64(g.month)
}

// unpack returns the grant packed at the start of w, after records of
// reference r, which it moves on, and its length in words.
func unpack(w []int64, r *ref) (g grant, n int) {
	h := uint64(w[0])
	n = 1
	if h&pSame == 0 {
		r.t, r.ok = instants{w[1], w[2], w[3]}, true
		n = 4
	}
	var f [pFields]int64
	for m := h >> 32 & 0xffff; m != 0; m &= m - 1 {
		f[bits.TrailingZeros64(m)] = w[n]
		n++
	}
	t := &r.t
	g = grant{at: unixTime{t[0], int32(f[pAtNsec])}, from: unixTime{t[1], int32(f[pFromNsec])}, to: unixTime{t[2], int32(f[pToNsec])},
		amount: f[pAmount], views: f[pViews], count: f[pCount], measured: f[pMeasured], capUsed: f[pCapUsed], capLeft: f[pCapLeft],
		rank: int32(f[pRank]), rule: int32(uint32(h) &^ pSame), award: int32(f[pAward] - 1), product: int32(f[pProduct] - 1), store: int32(f[pStore] - 1),
		day: int32(f[pDay]), month: int32(f[pMonth]), kind: AwardKind(h >> 56), flags: uint8(h >> 48)}
	return g, n
}

// slabWords is the size in words of a slab that the results of a
// cohort share (see packRuns): 16 KiB.
const slabWords = 2048

// packRuns returns gs, the grants of an evaluation over m0, packed: in a
// new allocation of their size (none for no grants) when slab is nil,
// else in the free part of *slab (a new slab of slabWords when it has no
// room for them, or their own allocation when they are more than a
// quarter of one), which it extends. Results never append to their
// grants, so results may share a slab. A placeholder of a day run (flag
// gRun) is written as the grants of its run (see Evaluator.dayRun); m0
// is nil for grants without placeholders, whatever their flags. It
// sizes their room in a first pass and writes it in a second:
// Result.setGrants packs the grants of most results in one pass into
// the result itself, and calls it for the others.
func packRuns(gs []grant, slab *[]int64, m0 *input) []int64 {
	n := packedWords(gs, m0)
	var w []int64
	switch {
	case n == 0:
		return nil
	case slab == nil || n > slabWords/4:
		w = make([]int64, n)
	default:
		if len(*slab)+n > cap(*slab) {
			*slab = make([]int64, 0, slabWords)
		}
		k := len(*slab)
		*slab = (*slab)[:k+n]
		w = (*slab)[k : k+n : k+n]
	}
	packInto(w, gs, m0, true)
	return w
}

// packInto writes gs packed (see packRuns) into w and returns the words
// written. Unless sized, which says that w has room for them (it is
// packedWords long), it reports false, having written part of them,
// should a record not fit in the rest of w, or the records of a day run
// not surely fit (their size planned by dayRun, which may be 3 words
// more than written): grants without day runs that pack in len(w)
// words are written whole.
func packInto(w []int64, gs []grant, m0 *input, sized bool) (int, bool) {
	var r ref
	off := 0
	for k := 0; k < len(gs); {
		if m0 != nil && gs[k].flags&gRun != 0 {
			if !sized && off+m0.runs[gs[k].day].words > len(w) {
				return off, false
			}
			off += packRun(w[off:], &gs[k], m0, &r)
			k++
			continue
		}
		step, size, next := planAt(gs, k)
		if !sized && off+size > len(w) {
			// Unless it fits with pSame.
			if g := &gs[k]; step&stepRun != 0 || off+size-3 > len(w) || !r.is(instants{g.at.sec, g.from.sec, g.to.sec}) {
				return off, false
			}
		}
		if step&stepRun == 0 {
			off += gs[k].pack(w[off:], step, &r)
		} else {
			off += packRunRecord(w[off:], gs[k:next], int(step&0xffff))
		}
		k = next
	}
	return off, true
}

// packedWords returns the size in words of gs packed (see packRuns).
func packedWords(gs []grant, m0 *input) int {
	n := 0
	var r ref
	for k := 0; k < len(gs); {
		if m0 != nil && gs[k].flags&gRun != 0 {
			n += runWords(&gs[k], m0, &r)
			k++
			continue
		}
		step, size, next := planAt(gs, k)
		if g := &gs[k]; step&stepRun == 0 && r.same(instants{g.at.sec, g.from.sec, g.to.sec}) {
			size -= 3
		}
		n += size
		k = next
	}
	return n
}

// A run record packs, in 4 words and a bitmap, consecutive grants that
// differ only in their day: the grants of a rule over windows of one
// length starting at later and later midnights, as the day windows of
// a plain rule are (most of a treasure-host month). A grant may join a
// run when it has no field (mask zero) and earns at the start of its
// window, which is not empty; the grants of one run have one rule,
// flags and kind, one window length, and start at whole days (of 86,400
// seconds) after the first, each after the one before, less than
// runDays after the first. The record is w[0] the grants' header with
// the mask bit pRun, w[1] the start of the first window, w[2] the
// windows' length in seconds, w[3] nb, the bitmap's words, then nb
// words: bit i of word j is a grant at and from the first start plus
// 64j+i days. Grants pack as a run only when that is shorter than alone
// at 4 words each (two grants or more within 64 days), so a grant alone
// is still 4 words (1 with pSame) and one per field. A run record leaves
// the reference of pSame as it was. unpackAll expands a run record into
// its grants: packing stays lossless (TestPackRunRoundTrip).
const (
	pRun    = 15      // the header mask's bit of a run record (the fields' are 0 to pFields-1)
	runDays = 512     // the days a run spans at most: 8 bitmap words
	stepRun = 1 << 63 // a step of planAt that starts a run
)

// runnable reports whether g, of mask m, may join a run record.
func runnable(g *grant, m uint64) bool {
	return m == 0 && g.at == g.from && g.to.sec > g.from.sec && g.to.sec-g.from.sec > 0
}

// planAt returns how gs[k] packs: its mask when alone, or stepRun with
// the grants and bitmap words of the run record it starts; its size in
// words (without pSame) and the index of the grant after it or its run.
func planAt(gs []grant, k int) (step uint64, size, next int) {
	a := &gs[k]
	m := a.mask()
	single := 4 + bits.OnesCount64(m)
	if !runnable(a, m) || k+1 == len(gs) {
		return m, single, k + 1
	}
	span := a.to.sec - a.from.sec
	var last int64 // the day of the last grant of the run, after the first's
	j := k + 1
	for ; j < len(gs); j++ {
		b := &gs[j]
		d := b.from.sec - a.from.sec
		if b.rule != a.rule || b.flags != a.flags || b.kind != a.kind || d <= last*86400 || d >= runDays*86400 || d%86400 != 0 ||
			b.to.sec-b.from.sec != span || !runnable(b, b.mask()) {
			break
		}
		last = d / 86400
	}
	nb := int(last/64) + 1
	if 4+nb >= 4*(j-k) {
		return m, single, k + 1
	}
	return stepRun | uint64(j-k)<<32 | uint64(nb), 4 + nb, j
}

// packRunRecord writes the run record of gs, whose bitmap is nb words,
// into w and returns its size.
func packRunRecord(w []int64, gs []grant, nb int) int {
	a := &gs[0]
	w[1], w[2], w[3] = a.from.sec, a.to.sec-a.from.sec, int64(nb)
	w[0] = int64(uint64(uint32(a.rule)) | uint64(1<<pRun)<<32 | uint64(a.flags)<<48 | uint64(a.kind)<<56)
	clear(w[4 : 4+nb])
	for k := range gs {
		d := (gs[k].from.sec - a.from.sec) / 86400
		w[4+d>>6] |= 1 << (d & 63)
	}
	return 4 + nb
}

// unpackAll returns the grants packed in w.
func unpackAll(w []int64) []grant {
	var out []grant
	var r ref
	for off := 0; off < len(w); {
		if h := uint64(w[off]); h>>32&(1<<pRun) != 0 {
			g := grant{rule: int32(uint32(h)), award: -1, product: -1, store: -1, kind: AwardKind(h >> 56), flags: uint8(h >> 48)}
			base, span, nb := w[off+1], w[off+2], int(w[off+3])
			for j, x := range w[off+4 : off+4+nb] {
				for ; x != 0; x &= x - 1 {
					from := base + int64(j<<6|bits.TrailingZeros64(uint64(x)))*86400
					g.at, g.from, g.to = unixTime{sec: from}, unixTime{sec: from}, unixTime{sec: from + span}
					out = append(out, g)
				}
			}
			off += 4 + nb
			continue
		}
		g, n := unpack(w[off:], &r)
		out = append(out, g)
		off += n
	}
	return out
}

// packRun writes them where the placeholder stands. TestDayRunMatches
// holds the two together.
func (ev *Evaluator) dayRun(i int, m *input) (grant, bool) {
	r := &ev.e.p.Rules[i]
	n := int64(r.Window.Days)         // 1 to maxWindowDays, validated
	first := m.day0*86400 - m.zoneOff // the first midnight of the period
	end := first + (m.days+n)*86400   // past the end of any window of the period
	if n < 1 || end > m.zoneHi || m.from.nsec != 0 || first < ev.e.effFrom.sec || !ev.e.effTo.open() && ev.e.effTo.sec < end {
		return grant{}, false
	}
	days := m.eventDays()
	run := &m.runs[m.nRuns]
	run.n = n
	count := 0
	if n == 1 { // each day with events opens a window: the days are the run's
		run.open = *days
		for _, x := range days {
			count += bits.OnesCount64(x)
		}
	} else {
		run.open = [bitmapDays / 64]uint64{}
		for d := nextDay(days, 0); d >= 0; {
			run.open[d>>6] |= 1 << (d & 63)
			count++
			if int64(d)+n >= m.days {
				break // it covers every later day
			}
			d = nextDay(days, d+int(n))
		}
	}
	g := plainGrant(r, i, m)
	if count == 0 {
		return g, true
	}
	run.lone, run.nb = false, 0
	if gm := g.mask(); gm != 0 {
		run.words = count * (4 + bits.OnesCount64(gm))
	} else {
		// What planAt makes of these grants: each may join a run but a
		// first that earns at the period's start, after its window's; the
		// others form one run (one rule, length and header, a day apart
		// or more, within bitmapDays = runDays), packed as a run record
		// when it is shorter. The grants around are other rules'.
		d0 := int64(nextDay(days, 0))
		rest, first := count, d0
		if (m.day0+d0)*86400-m.zoneOff < m.from.sec {
			run.lone, rest, first = true, count-1, int64(nextDay(&run.open, int(d0)+1))
		}
		run.words = 4 * count
		if rest > 0 {
			nb := int((lastDay(&run.open)-first)/64) + 1
			if 4+nb < 4*rest {
				run.nb = nb
				run.words = 4*(count-rest) + 4 + nb
			}
		}
	}
	g.flags |= gRun
	g.day = int32(m.nRuns)
	m.nRuns++
	return g, true
}

// packRun writes the grants of the run of placeholder g into w, as
// rule's plain step and pack make them after the records of r, which it
// moves on, and returns the words written: the grant's header and
// fields, once, then for each window that record with its instants (or
// pSame, for a first window of the reference's instants), or a run
// record of the windows (see planAt).
func packRun(w []int64, g *grant, m *input, r *ref) int {
	run := &m.runs[g.day]
	c := *g
	c.flags &^= gRun
	c.day = 0
	cm := c.mask() // the nanoseconds are zero: no instant changes the mask
	h := c.header(cm)
	var f [pFields]int64
	nf := 0
	for ; cm != 0; cm &= cm - 1 {
		f[nf] = c.field(bits.TrailingZeros64(cm))
		nf++
	}
	base := m.day0*86400 - m.zoneOff
	off := 0
	if run.nb > 0 { // the first grant alone when lone, then a run record of the others (see planAt)
		open := run.open
		d := nextDay(&open, 0)
		if run.lone {
			from := base + int64(d)*86400
			off = packRecord(w, h, instants{max(from, m.from.sec), from, from + run.n*86400}, nil, r)
			open[d>>6] &^= 1 << (d & 63)
			d = nextDay(&open, d+1)
		}
		w[off], w[off+1], w[off+2], w[off+3] = h|int64(1<<pRun)<<32, base+int64(d)*86400, run.n*86400, int64(run.nb)
		// The bitmap: open's bits from day d on, d shifted to bit 0.
		q, sh := d>>6, uint(d&63)
		for j := range run.nb {
			x := open[q+j] >> sh
			if sh != 0 && q+j+1 < len(open) {
				x |= open[q+j+1] << (64 - sh)
			}
			w[off+4+j] = int64(x)
		}
		return off + 4 + run.nb
	}
	for j, x := range run.open {
		for ; x != 0; x &= x - 1 {
			from := base + int64(j<<6|bits.TrailingZeros64(x))*86400
			off += packRecord(w[off:], h, instants{max(from, m.from.sec), from, from + run.n*86400}, f[:nf], r)
		}
	}
	return off
}

// packRecord writes into w the record of header h, instants t and
// fields f after the records of r, which it moves on, and returns its
// size.
func packRecord(w []int64, h int64, t instants, f []int64, r *ref) int {
	n := 1
	if r.same(t) {
		h |= pSame
	} else {
		w[1], w[2], w[3] = t[0], t[1], t[2]
		n = 4
	}
	w[0] = h
	return n + copy(w[n:], f)
}

// runWords returns the size of what packRun writes for placeholder g
// after the records of r, which it moves on as packRun does: the size
// planned by dayRun, less 3 when the first window packs alone (lone, or
// no run record) with the reference's instants.
func runWords(g *grant, m *input, r *ref) int {
	run := &m.runs[g.day]
	if run.nb > 0 && !run.lone {
		return run.words
	}
	base := m.day0*86400 - m.zoneOff
	from := base + int64(nextDay(&run.open, 0))*86400
	n := run.words
	if r.same(instants{max(from, m.from.sec), from, from + run.n*86400}) {
		n -= 3
	}
	if run.nb == 0 { // each window alone: the last is the reference
		from = base + lastDay(&run.open)*86400
		r.same(instants{max(from, m.from.sec), from, from + run.n*86400})
	}
	return n
}
