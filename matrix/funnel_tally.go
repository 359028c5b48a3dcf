package matrix

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// pipeline turns unsorted rows into each user's scanned chain. One pass
// over the rows validates them and files each in its bucket of 256 users:
// it marks the user in the bucket's bitset and, if the row is to be kept,
// appends it, packed into a record (see recTimeShift), to the bucket's
// buffer of wcRows records, which, when full, is copied whole to the
// bucket's current block in the slab. Only a few hundred buffers are
// live, in cache, however many users there are, and the slab is written
// in runs of whole cache lines. Then, bucket by bucket, a counting sort
// by user turns the bucket's records into keys (its 256 counters and its
// keys stay in cache), and each user's keys are sorted by time and
// scanned. Its slices are scratch, reused from call to call; the buckets'
// bitsets and counts are zero between calls.
type pipeline struct {
	bk    []bucket // a bucket per 256 users
	slab  []uint64 // the buckets' blocks of records
	ssrc  []Source // with a breakdown, their records' sources
	next  []int32  // next[b]: the block after block b in its bucket
	nblk  int
	ucnt  [bucketUsers]uint32
	ulo   [bucketUsers]uint64
	uhi   [bucketUsers]uint64
	buf   []uint64
	users []Member
	wide  []userRow
	wr    []wideRow
	tmp   []uint64
	hist  []uint32
	sc    scanScratch
	c     *chainBuf
	tail  [fixedRows]Event // distribute's last batch
}

// A bucket gathers the rows of 256 users, Members b·256 to b·256+255:
// seen has a bit for each user with a row; rec and src buffer n records
// and their sources; and its blocks of blockRows records in p.slab run
// from number head−1 to tail−1 (none if head is 0), linked by p.next,
// the last holding fill records.
type bucket struct {
	rec              [wcRows]uint64
	src              [wcRows]Source
	seen             [bucketUsers / 64]uint64
	n                uint32
	head, tail, fill int32
}

const (
	bucketShift = 8
	bucketUsers = 1 << bucketShift
	wcRows      = 64
	blockRows   = 8 * wcRows // 4 KB, read back in one stream
)

// A record is a kept row in its bucket: its time after t0 − spanBias
// (t0 the batch's first row's time) in bits 16–63, its kind in bits 8–15
// and its user's place in the bucket in bits 0–7 (its source, with a
// breakdown, beside it). The fast path needs every row's time within
// spanBias of t0, so that the offsets are under 2⁴⁰, the span of a key's
// time (see maxSpan), and |t0| ≤ 2⁶², so that no offset wraps into that
// range: see fastSpan.
const (
	recTimeShift = 16
	spanBias     = 1 << 39
)

// fastSpan reports whether the fast path can take rows whose first time
// is t0 and whose distribution's span is span: every row good and every
// time's offset at most maxSpan (values ORed together are at most
// maxSpan, 2⁴⁰ − 1, exactly when each is), and |t0| ≤ 2⁶², so that a
// time's offset, Time − t0 + spanBias, wraps only if the time is 2⁶² or
// more away, and is then over maxSpan either way.
func fastSpan(t0 int64, span uint64) bool {
	return span <= maxSpan && uint64(t0+1<<62) <= 1<<63
}

// userRow is a row of the slow path, for users too sparse to count by
// or times too far apart to pack.
type userRow struct {
	t    int64
	info uint64
	u    Member
	keep bool
}

// maxRows bounds the rows of one batch.
const maxRows = 1<<31 - 1

// run scans rows, in any order: it validates them all, calls check (if
// not nil) with the sorted users that have a row, and, if neither
// fails, calls visit for each user in order with their scanned chain.
func (p *pipeline) run(f *Funnel, rows []Event, check func([]Member) error, visit func(Member, *chain)) error {
	if len(rows) > maxRows {
		return fieldErr("events", "%d rows in one batch; at most %d", len(rows), maxRows)
	}
	if p.c == nil || len(p.c.lv) != f.n {
		p.c = newChainBuf(f.n)
	}
	var t0 int64
	if len(rows) > 0 {
		t0 = rows[0].Time
	}
	d := p.distribute(f, rows, t0)
	nb := len(p.bk)
	for nb > 0 && p.bk[nb-1].seen == [bucketUsers / 64]uint64{} {
		nb--
	}
	defer p.clear(nb)
	if d.sparse || !fastSpan(t0, d.span) { // a row may be bad, or the times too far apart
		if p.validity(f, rows) >= 1<<16 {
			for i, r := range rows {
				if err := f.checkEvent(i, r); err != nil {
					return err
				}
			}
		}
		return p.runSlow(f, rows, check, visit)
	}
	users := p.users[:0]
	for bi := range p.bk[:nb] {
		for j, w := range p.bk[bi].seen {
			for ; w != 0; w &= w - 1 {
				users = append(users, Member(bi<<bucketShift|j<<6|bits.TrailingZeros64(w)))
			}
		}
	}
	p.users = users
	if check != nil {
		if err := check(users); err != nil {
			return err
		}
	}
	c := &p.c.chain
	withSrc := f.bd != NoBreakdown
	for bi := range nb {
		b := &p.bk[bi]
		keys := p.bucketKeys(b, withSrc)
		cnt := &p.ucnt
		prev := uint32(0)
		for j, w := range b.seen {
			for ; w != 0; w &= w - 1 {
				k := j<<6 | bits.TrailingZeros64(w)
				end := cnt[k]
				if k > 0 {
					prev = cnt[k-1]
				}
				lo := p.ulo[k] >> recTimeShift << 24
				hi := p.uhi[k]>>recTimeShift<<24 | 1<<24 - 1
				f.scan(p.sortIn(keys[prev:end], lo, hi), t0-spanBias, c, &p.sc)
				visit(Member(bi<<bucketShift|k), c)
			}
		}
	}
	return nil
}

// distribution is what the pass over the rows saw: span, the OR over the
// rows of each one's time's offset from t0 − spanBias (as uint64, so
// that a time before it is far) and its source plus its kind's room
// shifted up 24 bits (2⁴⁰ or more exactly when the row is bad, see
// kRoomShift), for fastSpan; and whether it stopped early at a user too
// large to count by.
type distribution struct {
	span   uint64
	sparse bool
}

// distribute is the pass over the rows: with fileRows, it files each row
// in its bucket and notes what it saw; between runs of fileRows, it
// flushes a full buffer or grows the buckets for a user beyond them. It
// hands fileRows the rows in fixed batches (see fixedBatch), the last
// ended by a row of Member math.MaxUint32, beyond the buckets (users
// from maxFast on are too large to count by), so that fileRows stops
// there.
func (p *pipeline) distribute(f *Funnel, rows []Event, t0 int64) distribution {
	limit := uint(min(2*uint64(len(rows))+1<<16, maxFast))
	var d distribution
	withSrc := f.bd != NoBreakdown
	for c := 0; c < len(rows); c += fixedRows {
		chunk, n := fixedBatch(rows[c:], &p.tail, func(e *Event) { e.User = math.MaxUint32 })
		for i := 0; i < n; {
			var full bool
			i, full, d.span = fileRows(chunk, i, p.bk, &f.table, t0-spanBias, d.span)
			switch {
			case full:
				p.flush(&p.bk[chunk[i-1].User>>bucketShift], withSrc)
			case i < n:
				u := uint(chunk[i].User)
				if u >= limit {
					d.sparse = true
					return d
				}
				m := min(max(2*len(p.bk), int(u>>bucketShift)+1, 4), int(limit>>bucketShift)+1)
				p.bk = append(p.bk, make([]bucket, m-len(p.bk))...)
			}
		}
	}
	return d
}

// maxFast is the least Member too large to count by: its bucket and the
// buckets after it are never made, so that the stop row of distribute's
// last batch is beyond them.
const maxFast = math.MaxUint32 - 511

// fixedRows is the length of the batches that fileRows and queuePlain
// take, arrays so that their loops keep no bound: a power of two, for
// queuePlain's queue index mask.
const fixedRows = 256

// fixedBatch returns rows' first fixedRows rows as an array, and how many
// of them are rows': rows' own if it has that many; else (it has one or
// more) a copy of them in tail, then a copy of the last that stop marks
// so that the loop taking the batch stops there. A copy of a row the
// loop has just taken changes nothing it gathers as it goes.
func fixedBatch(rows []Event, tail *[fixedRows]Event, stop func(*Event)) (*[fixedRows]Event, int) {
	if len(rows) >= fixedRows {
		return (*[fixedRows]Event)(rows), fixedRows
	}
	n := copy(tail[:], rows)
	tail[n] = rows[n-1]
	stop(&tail[n])
	return tail, n
}

// fileRows is distribute's inner loop, from row i of chunk on: it files
// each row in its bucket (marking its user; buffering its record if the
// row is to be kept) and ORs into span (see distribution) the row's
// time's offset from ts (t0 − spanBias), which goes in the record too,
// and its check. It returns where it stopped, whether it stopped because
// it filled the buffer of the last row's bucket (else at the chunk's end
// or at a user beyond the buckets), and span. A function of its own,
// with no calls, so that its state stays in registers and the outer
// loop's does not crowd them; a batch of fixed length, so that its loop
// keeps no bound either.
func fileRows(chunk *[fixedRows]Event, i int, bk []bucket, table *[256]uint64, ts int64, span uint64) (int, bool, uint64) {
	_, rows := table[0], chunk[:] // one nil check of each, not one a row
	for j := uint(i); j < uint(len(rows)); j++ {
		r := &rows[j]
		tab := table[r.Kind]
		x := uint64(r.Time - ts)
		span |= x | (uint64(r.Source)+tab>>kRoomShift)<<24
		u := uint(r.User)
		if u>>bucketShift >= uint(len(bk)) {
			return int(j), false, span
		}
		b := &bk[u>>bucketShift]
		b.seen[u>>6&(bucketUsers/64-1)] |= 1 << (u & 63)
		n := uint(b.n) & (wcRows - 1)
		b.rec[n] = x<<recTimeShift | uint64(r.Kind)<<8 | uint64(u&(bucketUsers-1))
		b.src[n] = r.Source
		n += uint(tab >> 33 & 1) // kKeep
		b.n = uint32(n)
		if n == wcRows {
			return int(j) + 1, true, span
		}
	}
	return fixedRows, false, span
}

// flush copies bucket b's full buffer to its last block, or a new one.
func (p *pipeline) flush(b *bucket, withSrc bool) {
	if b.head == 0 || b.fill == blockRows {
		id := p.nblk
		p.nblk++
		if (id+1)*blockRows > len(p.slab) {
			p.slab = slices.Grow(p.slab[:cap(p.slab)], max(4*blockRows, len(p.slab)))
			p.slab = p.slab[:cap(p.slab)]
			p.next = append(p.next, make([]int32, len(p.slab)/blockRows-len(p.next))...)
		}
		if b.head == 0 {
			b.head = int32(id + 1)
		} else {
			p.next[b.tail-1] = int32(id)
		}
		b.tail, b.fill = int32(id+1), 0
	}
	d := int(b.tail-1)*blockRows + int(b.fill)
	copy(p.slab[d:d+wcRows], b.rec[:])
	if withSrc {
		if len(p.ssrc) < len(p.slab) {
			p.ssrc = append(p.ssrc, make([]Source, len(p.slab)-len(p.ssrc))...)
		}
		copy(p.ssrc[d:d+wcRows], b.src[:])
	}
	b.fill += wcRows
	b.n = 0
}

// blocks calls do with each run of bucket b's records in order, and
// their sources if withSrc: its blocks, then its buffer.
func (p *pipeline) blocks(b *bucket, withSrc bool, do func(recs []uint64, src []Source)) {
	var src []Source
	if b.head != 0 {
		for id := int(b.head - 1); ; id = int(p.next[id]) {
			s, e := id*blockRows, (id+1)*blockRows
			last := id == int(b.tail-1)
			if last {
				e = s + int(b.fill)
			}
			if withSrc {
				src = p.ssrc[s:e]
			}
			do(p.slab[s:e], src)
			if last {
				break
			}
		}
	}
	if withSrc {
		src = b.src[:b.n]
	}
	do(b.rec[:b.n], src)
}

// bucketKeys turns bucket b's records into keys, with the records'
// times (after t0 − spanBias), grouped by user by a
// counting sort: user k of the bucket (Member b·256+k) has the keys
// p.ucnt[k−1] (0 for k = 0) to p.ucnt[k], whose records lie in
// [p.ulo[k], p.uhi[k]].
func (p *pipeline) bucketKeys(b *bucket, withSrc bool) []uint64 {
	cnt, lo, hi := &p.ucnt, &p.ulo, &p.uhi
	clear(cnt[:])
	clear(hi[:])
	for k := range lo {
		lo[k] = math.MaxUint64
	}
	n := 0
	p.blocks(b, false, func(recs []uint64, _ []Source) {
		for _, r := range recs {
			k := uint8(r)
			cnt[k]++
			lo[k], hi[k] = min(lo[k], r), max(hi[k], r)
		}
		n += len(recs)
	})
	off := uint32(0)
	for k, c := range cnt {
		cnt[k] = off
		off += c
	}
	if cap(p.buf) < n {
		p.buf = make([]uint64, n+n/4)
	}
	keys := p.buf[:n]
	p.blocks(b, withSrc, func(recs []uint64, src []Source) {
		if src != nil {
			src = src[:len(recs)]
			for i, r := range recs {
				k := uint8(r)
				keys[cnt[k]] = r>>recTimeShift<<24 | r&0xff00<<8 | uint64(src[i])
				cnt[k]++
			}
			return
		}
		for _, r := range recs {
			k := uint8(r)
			keys[cnt[k]] = r>>recTimeShift<<24 | r&0xff00<<8
			cnt[k]++
		}
	})
	return keys
}

// validity returns the OR over rows of each one's source plus its kind's
// room: 1<<16 or more exactly when a row is bad (see kRoomShift).
func (p *pipeline) validity(f *Funnel, rows []Event) uint64 {
	bad := uint64(0)
	for i := range rows {
		bad |= uint64(rows[i].Source) + f.table[rows[i].Kind]>>kRoomShift
	}
	return bad
}

// clear zeros the first nb buckets' bitsets and counts, and frees the
// blocks, for the next call.
func (p *pipeline) clear(nb int) {
	for i := range p.bk[:nb] {
		b := &p.bk[i]
		b.seen = [bucketUsers / 64]uint64{}
		b.n, b.head, b.tail, b.fill = 0, 0, 0, 0
	}
	p.nblk = 0
}

// sortUser returns a user's keys sorted by time (ties in any order):
// the keys themselves when already in order, else a copy in p.tmp. Short
// runs take an insertion sort; longer ones binSort.
func (p *pipeline) sortUser(seg []uint64) []uint64 {
	n := len(seg)
	if n < 2 {
		return seg
	}
	lo, hi, prev := seg[0], seg[0], seg[0]
	descents := 0
	for _, k := range seg[1:] {
		if k < prev {
			descents++
		}
		prev = k
		lo, hi = min(lo, k), max(hi, k)
	}
	if descents == 0 {
		return seg
	}
	if n <= 24 {
		insertionSort(seg)
		return seg
	}
	return p.binSort(seg, lo, hi, false)
}

// sortIn is sortUser for keys known to lie in [lo, hi].
func (p *pipeline) sortIn(seg []uint64, lo, hi uint64) []uint64 {
	if len(seg) <= 24 {
		insertionSort(seg) // linear on keys in order
		return seg
	}
	return p.binSort(seg, lo, hi, true)
}

// binSort sorts seg, keys in [lo, hi], by a distribution into about
// twice as many bins of equal time width as keys (a counting sort on the
// high bits of the time) into p.tmp, then a sort of each bin: linear in
// practice on times spread over a span, O(n log n) when they are skewed.
// With check, it returns seg itself if already in order.
func (p *pipeline) binSort(seg []uint64, lo, hi uint64, check bool) []uint64 {
	n := len(seg)
	lg := bits.Len(uint(n)) + 1
	nb := 1 << lg
	shift := max(bits.Len64(hi-lo)-lg, 0)
	if len(p.hist) < nb {
		p.hist = make([]uint32, 2*nb)
	}
	hist := p.hist[:nb]
	clear(hist)
	if check {
		prev, descents := seg[0], 0
		for _, k := range seg {
			hist[(k-lo)>>shift]++
			if k < prev {
				descents++
			}
			prev = k
		}
		if descents == 0 {
			return seg
		}
	} else {
		for _, k := range seg {
			hist[(k-lo)>>shift]++
		}
	}
	acc, most := uint32(0), uint32(0)
	for b, c := range hist {
		hist[b] = acc
		acc += c
		most = max(most, c)
	}
	if cap(p.tmp) < n {
		p.tmp = make([]uint64, 2*n)
	}
	tmp := p.tmp[:n]
	for _, k := range seg {
		b := (k - lo) >> shift
		tmp[hist[b]] = k
		hist[b]++
	}
	// Bin b now ends at hist[b], and every key of a bin is below every
	// key of the next: sorting each bin sorts tmp. A bin holds about one
	// key when times are spread, so one insertion sort of the whole of
	// tmp, in which a key moves only within its bin, sorts the bins in a
	// pass with no branch a bin (against a loop over the bins, each a
	// branch on its size that the processor cannot predict: 13% of
	// BenchmarkFunnelEndToEnd). A bin may hold nearly all the keys when
	// they are skewed (a burst of events and one far outlier): the bins
	// of more than 32 keys first take a comparison sort, so the insertion
	// sort stays linear.
	if most > 32 {
		start := uint32(0)
		for _, end := range hist {
			if end-start > 32 {
				slices.Sort(tmp[start:end])
			}
			start = end
		}
	}
	insertionSort(tmp)
	return tmp
}

// insertionSort sorts k in place.
func insertionSort(k []uint64) {
	for i := 1; i < len(k); i++ {
		v := k[i]
		j := i
		for ; j > 0 && k[j-1] > v; j-- {
			k[j] = k[j-1]
		}
		k[j] = v
	}
}

// runSlow is run for sparse users or times more than 2^40 ms apart: a
// comparison sort of all rows by (user, time).
func (p *pipeline) runSlow(f *Funnel, rows []Event, check func([]Member) error, visit func(Member, *chain)) error {
	w := p.wide[:0]
	for _, r := range rows {
		w = append(w, userRow{t: r.Time, info: packInfo(r), u: r.User, keep: f.table[r.Kind]&kKeep != 0})
	}
	p.wide = w
	slices.SortFunc(w, func(a, b userRow) int {
		if c := cmp.Compare(a.u, b.u); c != 0 {
			return c
		}
		return cmp.Compare(a.t, b.t)
	})
	users := p.users[:0]
	for i, r := range w {
		if i == 0 || r.u != w[i-1].u {
			users = append(users, r.u)
		}
	}
	p.users = users
	if check != nil {
		if err := check(users); err != nil {
			return err
		}
	}
	c := &p.c.chain
	for i := 0; i < len(w); {
		u := w[i].u
		wr := p.wr[:0]
		for ; i < len(w) && w[i].u == u; i++ {
			if w[i].keep {
				wr = append(wr, wideRow{t: w[i].t, info: w[i].info})
			}
		}
		p.wr = wr
		f.scanWide(wr, c, &p.sc)
		visit(u, c)
	}
	return nil
}

// FunnelTally is a mergeable partial aggregate of a funnel: per-level user
// counts overall, by source and by calendar day, and every converting
// user's time to convert. Tallies of parts of the users (each user's rows
// all in one part) merge exactly: splitting the users into parts,
// tallying each (in batches with [FunnelTally.Add], or with a
// [FunnelStream]) and merging the tallies in any grouping and order gives
// the same [FunnelReport] as tallying every row at once, whatever the
// order of the rows. It is the combine step of a distributed
// aggregation.
//
// Each user is tallied once: a user in two batches of Add, or in both
// tallies of a merge, is [ErrDuplicate]. A tally holds the IDs of its
// users (4 bytes each), 8 bytes per converting step per user for the
// exact quantiles, and, as scratch, for Add about 3 bytes per possible
// user (a 688-byte bucket per 256 Members) and 8 bytes per kept row of
// the largest batch (10 with a breakdown), in 4 KB blocks, at most one
// partly filled per bucket, and for Report 8 bytes per user who reached
// step 2; [FunnelTally.Reset] keeps that space.
//
// A FunnelTally is a mutable accumulator, not safe for concurrent use
// (give each goroutine its own and merge them). Create one with
// [Funnel.NewTally]; the zero FunnelTally has no funnel and its methods
// report [commerce.ErrInvalid].
type FunnelTally struct {
	f     *Funnel
	users []Member
	hist  []int64
	src   []int64
	ttc   [][]int64
	days  map[int64][]int64
	p     pipeline
	// day caches the last calendar day looked up: times in [dayLo,
	// dayHi) ms fall on day number dayKey.
	dayLo, dayHi, dayKey int64
	dayH                 []int64
	rs                   []int64 // Report's scratch
}

// NewTally returns an empty tally of f.
func (f *Funnel) NewTally() *FunnelTally {
	t := &FunnelTally{f: f}
	t.init()
	return t
}

func (t *FunnelTally) init() {
	n := t.f.n
	t.users = t.users[:0]
	t.hist = make([]int64, n+1)
	t.src = nil
	if t.f.bd != NoBreakdown {
		t.src = make([]int64, (t.f.nsrc+1)*(n+1))
	}
	if t.ttc == nil {
		t.ttc = make([][]int64, n)
	}
	for i := range t.ttc {
		t.ttc[i] = t.ttc[i][:0]
	}
	t.days = make(map[int64][]int64)
	t.dayLo, t.dayHi, t.dayH = 0, 0, nil
}

// ready reports why t cannot count: nil, or not made by NewTally.
func (t *FunnelTally) ready(op string) error {
	if t == nil || t.f == nil {
		return fieldErr("funnel tally: "+op, "nil or zero tally; use Funnel.NewTally")
	}
	return nil
}

// Reset empties t, keeping its funnel and scratch space.
func (t *FunnelTally) Reset() {
	if t.ready("reset") == nil {
		t.init()
	}
}

// Users returns the number of users tallied: those with at least one
// event, of any kind.
func (t *FunnelTally) Users() int {
	if t == nil {
		return 0
	}
	return len(t.users)
}

// Add tallies rows, in any order, each user's rows all in this batch: a
// user with rows in an earlier batch is [ErrDuplicate]. It fails with
// [ErrUnknown] naming the first event of an unknown kind or source, and
// then, as on any error, changes nothing. Rows of dense users (Members
// below twice the number of rows plus 65,536) whose times span less than
// 2^40 ms go through a counting sort and allocate nothing once t's
// scratch has grown; others through a comparison sort.
func (t *FunnelTally) Add(rows []Event) error {
	if err := t.ready("add"); err != nil {
		return err
	}
	return t.p.run(t.f, rows, t.addUsers, func(_ Member, c *chain) { t.record(c) })
}

// addUsers adds the sorted batch users to t.users, failing with
// ErrDuplicate if one is there already.
func (t *FunnelTally) addUsers(batch []Member) error {
	if len(t.users) > 0 && len(batch) > 0 {
		if len(t.users) > 0 && batch[0] > t.users[len(t.users)-1] {
			t.users = append(t.users, batch...)
			return nil
		}
		merged, err := mergeUsers(t.users, batch)
		if err != nil {
			return err
		}
		t.users = merged
		return nil
	}
	t.users = append(t.users, batch...)
	return nil
}

// mergeUsers merges two ascending user lists that must not share a user.
func mergeUsers(a, b []Member) ([]Member, error) {
	out := make([]Member, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			return nil, &commerce.FieldError{Field: "funnel tally: users", Reason: fmt.Sprintf("user %d tallied twice", a[i]), Err: ErrDuplicate}
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...), nil
}

// record tallies one user's scanned chain.
func (t *FunnelTally) record(c *chain) {
	f := t.f
	l := c.level()
	t.hist[l]++
	if f.bd != NoBreakdown {
		b := f.nsrc
		if l > 0 && (f.bd != StepTouch || l > f.bstep) {
			b = int(c.src[l-1])
		}
		t.src[b*(f.n+1)+l]++
	}
	for i := 1; i < l; i++ {
		t.ttc[i] = append(t.ttc[i], c.lv[i].at-c.lv[i].start)
	}
	if l > 0 {
		t.dayHist(c.lv[l-1].start)[l]++
	}
}

const msPerDay = 24 * 60 * 60 * 1000

// dayHist returns the level histogram of the calendar day of ms.
func (t *FunnelTally) dayHist(ms int64) []int64 {
	if t.dayH == nil || ms < t.dayLo || ms >= t.dayHi {
		if t.f.utc {
			t.dayKey = floorDiv(ms, msPerDay)
			t.dayLo = t.dayKey * msPerDay
			t.dayHi = t.dayLo + msPerDay
		} else {
			y, m, d := time.UnixMilli(ms).In(t.f.loc).Date()
			t.dayKey = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
			t.dayLo = localMidnight(y, m, d, t.f.loc).UnixMilli()
			t.dayHi = localMidnight(y, m, d+1, t.f.loc).UnixMilli()
		}
		h := t.days[t.dayKey]
		if h == nil {
			h = make([]int64, t.f.n+1)
			t.days[t.dayKey] = h
		}
		t.dayH = h
	}
	return t.dayH
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// sameSpec reports whether f and o count alike, so that their tallies
// merge.
func (f *Funnel) sameSpec(o *Funnel) bool {
	if f == o {
		return true
	}
	return f.n == o.n && f.window == o.window && f.mode == o.mode && f.first == o.first &&
		f.nsrc == o.nsrc && f.bd == o.bd && f.bstep == o.bstep && sameZone(f.loc, o.loc) &&
		slices.Equal(f.kinds, o.kinds) && slices.EqualFunc(f.steps, o.steps, slices.Equal)
}

// sameZone reports whether a and b are one zone: the same pointer, or the
// same name with the same offsets at every half year from 1900 to 2200, so
// that two fixed zones that share a name but not an offset differ.
func sameZone(a, b *time.Location) bool {
	if a == b {
		return true
	}
	if a.String() != b.String() {
		return false
	}
	for y := 1900; y <= 2200; y++ {
		for _, m := range [2]time.Month{time.January, time.July} {
			t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			if _, oa := t.In(a).Zone(); oa != func() int { _, ob := t.In(b).Zone(); return ob }() {
				return false
			}
		}
	}
	return true
}

// Merge adds o's tally into t; o is unchanged. The two must come from
// funnels of the same specification ([ErrFunnelMismatch]) and share no
// user ([ErrDuplicate], naming one); on error t is unchanged.
func (t *FunnelTally) Merge(o *FunnelTally) error {
	if err := t.ready("merge"); err != nil {
		return err
	}
	if err := o.ready("merge"); err != nil {
		return err
	}
	if !t.f.sameSpec(o.f) {
		return fmt.Errorf("matrix: funnel tally: merge: %w", ErrFunnelMismatch)
	}
	users, err := mergeUsers(t.users, o.users)
	if err != nil {
		return err
	}
	t.users = users
	addInts(t.hist, o.hist)
	addInts(t.src, o.src)
	for i := range t.ttc {
		t.ttc[i] = append(t.ttc[i], o.ttc[i]...)
	}
	for d, h := range o.days {
		if th := t.days[d]; th != nil {
			addInts(th, h)
		} else {
			t.days[d] = slices.Clone(h)
		}
	}
	t.dayH = nil
	return nil
}

// addInts adds b into a, element by element. The counts are of users,
// each held in memory, so they cannot overflow an int64.
func addInts(a, b []int64) {
	for i, v := range b {
		a[i] += v
	}
}
