package live

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// OverlapPolicy says what a [Tally] does with two visits of one viewer that
// overlap: each enters before the other leaves (on the millisecond-truncated
// times), as a visit inside another does, even one of zero length. Visits
// that only touch (one leaves as the next enters) do not overlap: that is a
// revisit.
type OverlapPolicy uint8

// The overlap policies. The zero value, MergeOverlaps, is the default.
const (
	// MergeOverlaps counts a viewer's overlapping visits as their union
	// (two devices, a duplicated log line): the viewer's watch time and
	// concurrency count each instant once. Every visit still counts as a
	// view.
	MergeOverlaps OverlapPolicy = iota
	// RejectOverlaps refuses a record with overlapping visits with
	// [ErrOverlap].
	RejectOverlaps
	numOverlapPolicies
)

// String returns "merge" or "reject".
func (p OverlapPolicy) String() string {
	switch p {
	case MergeOverlaps:
		return "merge"
	case RejectOverlaps:
		return "reject"
	}
	return fmt.Sprintf("OverlapPolicy(%d)", uint8(p))
}

// TallyOptions are a [Tally]'s settings. The zero value merges overlapping
// visits, counts orders paid inside the session only, and has no segment.
type TallyOptions struct {
	// Overlaps says whether overlapping visits of one viewer are merged
	// (the default) or refused.
	Overlaps OverlapPolicy
	// AttributionWindow extends the order period past the session's end:
	// an order counts when paid in [start, end + AttributionWindow). It is
	// 0 (the default) to 366 days; TikTok attributes GMV over 14 days (S43).
	AttributionWindow time.Duration
	// Segment, if set, is the segment whose figures [Tally.Lift] reports
	// against everyone else's: group members, say. It is not copied; it is
	// immutable.
	Segment *Segment
}

// The limits of a tally.
const (
	// maxSession is the longest session a Tally measures. Its per-second
	// concurrency array takes 8 bytes a second: 4.8 MB at this length.
	maxSession = 7 * 24 * time.Hour
	// maxWindow is the longest attribution window.
	maxWindow = 366 * 24 * time.Hour
	// maxViewers bounds the viewers of one tally, so that an index fits
	// the 32 bits a set slot holds.
	maxViewers = math.MaxInt32
)

// Tally accumulates the [Metrics] of one session over viewer records, in
// parts that merge exactly: splitting the records by viewer into disjoint
// parts, tallying each, and merging the tallies in any order gives the
// same Metrics and [Lift] as tallying all records at once, whatever the
// order of the records and of their visits. It is the combine step of a
// distributed aggregation.
//
// Each viewer is tallied once: a viewer added twice to one tally, or
// present in both tallies of a merge, is an error (detected exactly, by
// comparing IDs). The concurrency of the session is kept as a per-second
// difference array that merges by addition, and each viewer's total watch
// time is kept for the median and p90, so the result does not depend on
// how the records were split.
//
// A Tally is a mutable accumulator: it is not safe for concurrent use, and
// even Metrics changes its internal order (give each goroutine its own and
// [Tally.Merge] them). It holds each viewer's ID (not copied), watch time
// and a hash-table slot, and keeps scratch of the largest batch's size for
// the next call: about 56 bytes a viewer in all, and 8 bytes a second of
// session. Adding records allocates only to grow those, never per record
// once warm; [Tally.Metrics] sorts in that scratch. [Tally.Reset] empties
// a tally and keeps that space, so a tally re-used for the next part or
// session of the same size allocates nothing to tally it.
//
// Create one with [NewTally] and pass it by pointer (go vet reports
// copies). The zero Tally has no session, and its methods report
// [commerce.ErrInvalid].
type Tally struct {
	_       tallyNoCopy
	session commerce.Period
	opts    TallyOptions
	// startSec and startNsec are the session start as Unix time; durNS
	// and durMS its length.
	startSec, startNsec int64
	durNS, durMS        int64
	orderEnd            time.Time
	cur                 commerce.Currency
	seg, rest           tallyCounts
	// diff[k] is the change in viewers online at sampling instant k.
	diff []int64
	// ids holds each viewer's ID, in the order they were tallied; watch
	// holds the viewers' watch times in whole milliseconds (exact in a
	// float64), in no particular order: Metrics sorts it in place.
	ids   []string
	watch []float64
	set   viewerSet
	// spans, keys and orderIdx are scratch, reused across calls.
	spans    []visitSpan
	keys     []uint64
	orderIdx []int
}

// tallyNoCopy makes go vet's copylocks check report copies of a Tally.
type tallyNoCopy struct{}

func (*tallyNoCopy) Lock()   {}
func (*tallyNoCopy) Unlock() {}

// tallyCounts are the additive counts of one side (the segment or the
// rest), in the units of [Counts], indexed by the c… constants.
type tallyCounts [numCounts]int64

// The indices of tallyCounts.
const (
	cViewers = iota
	cViews
	cWatch
	cInteracting
	cInteractions
	cClicking
	cClicks
	cBuyers
	cRepeat
	cOrders
	cRefundedOrders
	cGMV
	cRefunded
	numCounts
)

// add adds o to c and returns a value whose sign bit is set when a sum
// overflowed (c then holds wrapped sums; callers discard it).
func (c *tallyCounts) add(o *tallyCounts) (ovf int64) {
	for i, b := range o {
		a := c[i]
		s := a + b
		ovf |= (a ^ s) & (b ^ s)
		c[i] = s
	}
	return ovf
}

// plus returns c + o, and false if a sum overflows.
func (c tallyCounts) plus(o tallyCounts) (tallyCounts, bool) {
	ovf := c.add(&o)
	return c, ovf >= 0
}

// visitSpan is a visit in milliseconds after the session start, with its
// index in the record.
type visitSpan struct {
	enter, leave int64
	i            int
}

// NewTally returns an empty tally of the session period session with the
// given options. The session must be a valid period at least 1 ms long
// (the unit of watch time; a shorter one is refused) and at most 7 days
// long (the concurrency array takes 8 bytes a second).
func NewTally(session commerce.Period, opts TallyOptions) (*Tally, error) {
	if err := session.Validate(); err != nil {
		return nil, fmt.Errorf("live: new tally: session: %w", err)
	}
	d := session.To.Sub(session.From)
	if d > maxSession {
		return nil, fieldErr("tally: session", "%v is longer than %v", d, maxSession)
	}
	if d < time.Millisecond {
		return nil, fieldErr("tally: session", "%v is shorter than a millisecond", d)
	}
	if opts.Overlaps >= numOverlapPolicies {
		return nil, fieldErr("tally: options: overlaps", "unknown %v", opts.Overlaps)
	}
	if opts.AttributionWindow < 0 || opts.AttributionWindow > maxWindow {
		return nil, fieldErr("tally: options: attribution window", "%v is not 0 to %v", opts.AttributionWindow, maxWindow)
	}
	durMS := int64(d / time.Millisecond)
	t := &Tally{
		session: session, opts: opts,
		startSec: session.From.Unix(), startNsec: int64(session.From.Nanosecond()),
		durNS: int64(d), durMS: durMS,
		orderEnd: session.To.Add(opts.AttributionWindow),
		diff:     make([]int64, (durMS+999)/1000+1),
		set:      viewerSet{seed: maphash.MakeSeed()},
	}
	return t, nil
}

// Reset empties t: it forgets every viewer, visit and order tallied, as
// if t were new, and keeps its session, options and the capacity of its
// tables and scratch space. A warm tally (one that has held as many
// viewers as the next part or session brings) re-used after Reset
// allocates nothing to Add and sort them. Reset drops its references to
// the viewer IDs. It does nothing to a nil or zero Tally.
func (t *Tally) Reset() {
	if t.ready("reset") != nil {
		return
	}
	clear(t.diff)
	clear(t.ids[:cap(t.ids)]) // let the IDs be collected, those of failed Adds too
	t.ids, t.watch = t.ids[:0], t.watch[:0]
	t.set.clear()
	t.cur, t.seg, t.rest = 0, tallyCounts{}, tallyCounts{}
}

// ready reports why t cannot count: nil, or not made by NewTally.
func (t *Tally) ready(op string) error {
	if t == nil || t.diff == nil {
		return fieldErr("tally: "+op, "nil or zero tally; use NewTally")
	}
	return nil
}

// Add tallies records, each the whole of one viewer's session. It checks
// every record: a valid viewer ID not tallied before (in this call or an
// earlier one), at least one visit, each entering at or after the session
// start and before its end and leaving no earlier than it enters and no
// later than the end ([ErrOutsideSession] for a visit outside, a
// *[commerce.FieldError] for one that leaves before it enters),
// overlapping visits only under [MergeOverlaps] ([ErrOverlap]),
// non-negative counts, and orders each listed once (by ID) and bought by
// the viewer (both checked paid or not: a *[commerce.FieldError]), paid
// inside the order period ([ErrOutsideSession]) and in one currency
// ([commerce.ErrCurrencyMismatch]). The error names the record, viewer and
// visit or order at fault. If any record fails, or a total would overflow
// ([commerce.ErrOverflow]), Add changes nothing.
func (t *Tally) Add(records ...ViewerRecord) error {
	if err := t.ready("add"); err != nil {
		return err
	}
	if len(t.ids)+len(records) > maxViewers {
		return fmt.Errorf("live: tally: add: %d viewers: %w", len(t.ids)+len(records), commerce.ErrOverflow)
	}
	mark := len(t.ids)
	cur := t.cur
	var seg, rest tallyCounts
	var ovf int64
	t.ids = slices.Grow(t.ids, len(records))
	t.watch = slices.Grow(t.watch, len(records))
	t.keys = slices.Grow(t.keys[:0], len(records))
	fail := func(n int, err error) error {
		t.undoVisits(records[:n])
		t.ids, t.watch = t.ids[:mark], t.watch[:mark]
		return err
	}
	for i := range records {
		r := &records[i]
		side := &rest
		if t.opts.Segment.has(r.Viewer) {
			side = &seg
		}
		watch, o, err := t.record(i, r, &cur, side)
		if err != nil {
			return fail(i, err)
		}
		ovf |= o
		t.keys = append(t.keys, t.set.key(r.Viewer, len(t.ids)))
		t.ids = append(t.ids, r.Viewer)
		t.watch = append(t.watch, float64(watch)) // exact: below 2^53
	}
	newSeg, ok1 := t.seg.plus(seg)
	newRest, ok2 := t.rest.plus(rest)
	_, ok3 := newSeg.plus(newRest) // Metrics adds the sides
	if ovf < 0 || !ok1 || !ok2 || !ok3 {
		return fail(len(records), fmt.Errorf("live: tally: add: totals: %w", commerce.ErrOverflow))
	}
	if first, second, dup := t.set.insert(t.keys, t.ids, mark); dup {
		return fail(len(records), fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q", second-mark, t.ids[second]),
			"tallied twice: %s", t.dupWhere(first, mark)))
	}
	t.cur, t.seg, t.rest = cur, newSeg, newRest
	return nil
}

// dupWhere says where the first copy of a duplicated viewer is.
func (t *Tally) dupWhere(first, mark int) string {
	if first < mark {
		return "already in the tally"
	}
	return fmt.Sprintf("also record %d", first-mark)
}

// undoVisits takes back the concurrency of records, which were tallied
// without error.
func (t *Tally) undoVisits(records []ViewerRecord) {
	for i := range records {
		spans, _ := t.visits(i, &records[i])
		t.addSpans(spans, -1)
	}
}

// record checks record r (index i of the call), adds its visits to the
// concurrency and its figures to c, and returns its watch time in
// milliseconds and a value whose sign bit is set when a sum in c
// overflowed (c then holds wrapped sums; Add discards it). The first
// counted order's currency becomes *cur. On error c may hold part of the
// record's figures, and the concurrency none of its visits.
func (t *Tally) record(i int, r *ViewerRecord, cur *commerce.Currency, c *tallyCounts) (watch, ovf int64, err error) {
	if p := ident.Problem(r.Viewer); p != "" {
		return 0, 0, fieldErr(fmt.Sprintf("tally: add: record %d: viewer", i), "%s", p)
	}
	if r.Interactions < 0 {
		return 0, 0, fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q: interactions", i, r.Viewer), "negative: %d", r.Interactions)
	}
	if r.ProductClicks < 0 {
		return 0, 0, fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q: product clicks", i, r.Viewer), "negative: %d", r.ProductClicks)
	}
	var o orderSums
	if len(r.Orders) > 0 {
		if o, err = t.orders(i, r, cur); err != nil {
			return 0, 0, err
		}
	}
	spans, err := t.visits(i, r)
	if err != nil {
		return 0, 0, err
	}
	watch = t.addSpans(spans, 1)
	// Viewers, views, watch time and order counts cannot overflow: there
	// are fewer than 2^31 viewers, each watching less than 2^30 ms, and
	// fewer visits and orders than bytes of memory.
	c[cViewers]++
	c[cViews] += int64(len(r.Visits))
	c[cWatch] += watch
	c[cInteracting] += b2i(r.Interactions > 0)
	c[cClicking] += b2i(r.ProductClicks > 0)
	ovf = addTo(&c[cInteractions], r.Interactions) | addTo(&c[cClicks], r.ProductClicks)
	if o.orders > 0 {
		c[cBuyers]++
		c[cRepeat] += b2i(o.orders > 1)
		c[cOrders] += o.orders
		c[cRefundedOrders] += o.refundedOrders
		ovf |= addTo(&c[cGMV], o.gmv) | addTo(&c[cRefunded], o.refunded)
	}
	return watch, ovf, nil
}

// orderSums are the figures of one record's counted orders.
type orderSums struct {
	gmv, refunded, orders, refundedOrders int64
}

// orders checks the orders of record r (index i of the call) and returns
// the sums of those paid. The first counted order's currency becomes
// *cur.
func (t *Tally) orders(i int, r *ViewerRecord, cur *commerce.Currency) (orderSums, error) {
	var s orderSums
	if first, second, dup := t.dupOrder(r.Orders); dup {
		return s, fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q: order %d: ID %q", i, r.Viewer, second, r.Orders[second].ID()),
			"listed twice: also order %d", first)
	}
	for j := range r.Orders {
		o := &r.Orders[j]
		if o.Buyer() != r.Viewer {
			return s, fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q: order %q: buyer", i, r.Viewer, o.ID()),
				"%q is not the viewer", o.Buyer())
		}
		paid := o.PaidAt()
		if paid.IsZero() {
			continue // never paid: not an order of the session
		}
		if paid.Before(t.session.From) || !paid.Before(t.orderEnd) {
			return s, fmt.Errorf("live: tally: add: record %d: viewer %q: order %q: paid at %s, outside [%s, %s): %w",
				i, r.Viewer, o.ID(), paid.Format(time.RFC3339), t.session.From.Format(time.RFC3339),
				t.orderEnd.Format(time.RFC3339), ErrOutsideSession)
		}
		if oc := o.Currency(); oc != *cur {
			if *cur != 0 {
				return s, fmt.Errorf("live: tally: add: record %d: viewer %q: order %q: %w",
					i, r.Viewer, o.ID(), &commerce.MismatchError{A: *cur, B: oc})
			}
			*cur = oc
		}
		gmv, ok1 := add64(s.gmv, o.Paid().Units())
		refunded, ok2 := add64(s.refunded, o.Refunded().Units())
		if !ok1 || !ok2 {
			return s, fmt.Errorf("live: tally: add: record %d: viewer %q: order %q: %w", i, r.Viewer, o.ID(), commerce.ErrOverflow)
		}
		s.gmv, s.refunded = gmv, refunded
		s.orders++
		if refunded := o.Refunded(); refunded.IsPositive() {
			s.refundedOrders++
		}
	}
	return s, nil
}

// pairwiseOrders is the most orders of a record that dupOrder compares
// pairwise; above it, it sorts their indices by ID in the tally's scratch.
const pairwiseOrders = 16

// dupOrder reports whether two of orders have the same ID, and if so the
// indices of the first copy and the second, for the smallest second index
// that has an earlier copy. The few orders of a typical record are
// compared pairwise, allocating nothing; more are sorted by ID in
// scratch space reused across calls, in O(k log k).
func (t *Tally) dupOrder(orders []commerce.Order) (first, second int, dup bool) {
	if len(orders) <= pairwiseOrders {
		for b := 1; b < len(orders); b++ {
			id := orders[b].ID()
			for a := range b {
				if orders[a].ID() == id {
					return a, b, true
				}
			}
		}
		return 0, 0, false
	}
	idx := t.orderIdx[:0]
	for j := range orders {
		idx = append(idx, j)
	}
	t.orderIdx = idx
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(orders[a].ID(), orders[b].ID()), cmp.Compare(a, b))
	})
	second = math.MaxInt
	for k := 1; k < len(idx); k++ {
		// idx[k-1] and idx[k] are the first two copies of an ID when the
		// one before them has another ID: the run's smallest indices.
		if orders[idx[k-1]].ID() == orders[idx[k]].ID() && (k == 1 || orders[idx[k-2]].ID() != orders[idx[k]].ID()) && idx[k] < second {
			first, second, dup = idx[k-1], idx[k], true
		}
	}
	if !dup {
		return 0, 0, false
	}
	return first, second, true
}

// addTo adds b to *a and returns a value whose sign bit is set when the
// sum overflowed.
func addTo(a *int64, b int64) int64 {
	x := *a
	s := x + b
	*a = s
	return (x ^ s) & (b ^ s)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// add64 returns a + b and whether it did not overflow.
func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (a^s)&(b^s) >= 0
}

// visits checks r's visits and returns them as sorted, non-overlapping
// spans (merged or refused as the options say), in scratch space valid
// until the next call.
func (t *Tally) visits(i int, r *ViewerRecord) ([]visitSpan, error) {
	if len(r.Visits) == 0 {
		return nil, fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q: visits", i, r.Viewer), "none")
	}
	spans := t.spans[:0]
	for j := range r.Visits {
		v := &r.Visits[j]
		e, ok := t.offset(v.Enter)
		if !ok || e < 0 || e >= t.durNS {
			return nil, t.outside(i, r, j, "enters", v.Enter)
		}
		l, ok := t.offset(v.Leave)
		if ok && l < e || !ok && v.Leave.Before(v.Enter) {
			return nil, fieldErr(fmt.Sprintf("tally: add: record %d: viewer %q: visit %d: leave", i, r.Viewer, j),
				"%s is before enter %s", v.Leave.Format(time.RFC3339Nano), v.Enter.Format(time.RFC3339Nano))
		}
		if !ok || l > t.durNS {
			return nil, t.outside(i, r, j, "leaves", v.Leave)
		}
		// 0 ≤ e ≤ l: unsigned division truncates as signed would.
		spans = append(spans, visitSpan{enter: int64(uint64(e) / 1e6), leave: int64(uint64(l) / 1e6), i: j})
	}
	t.spans = spans
	if len(spans) == 1 {
		return spans, nil
	}
	sortSpans(spans)
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.enter >= last.leave {
			out = append(out, s)
			continue
		}
		// s enters before last (the union of the visits so far) leaves.
		if t.opts.Overlaps == RejectOverlaps {
			return nil, fmt.Errorf("live: tally: add: record %d: viewer %q: visits %d and %d: %w",
				i, r.Viewer, min(last.i, s.i), max(last.i, s.i), ErrOverlap)
		}
		last.leave = max(last.leave, s.leave)
	}
	return out, nil
}

// sortSpans sorts spans by enter, then leave, then index: by insertion
// for the few visits of a typical record, else with slices.SortFunc.
func sortSpans(spans []visitSpan) {
	if len(spans) > 12 {
		slices.SortFunc(spans, func(a, b visitSpan) int {
			return cmp.Or(cmp.Compare(a.enter, b.enter), cmp.Compare(a.leave, b.leave), cmp.Compare(a.i, b.i))
		})
		return
	}
	for a := 1; a < len(spans); a++ {
		for b := a; b > 0 && spans[b].before(spans[b-1]); b-- {
			spans[b], spans[b-1] = spans[b-1], spans[b]
		}
	}
}

// before reports whether s sorts before o: by enter, then leave, then
// index.
func (s visitSpan) before(o visitSpan) bool {
	if s.enter != o.enter {
		return s.enter < o.enter
	}
	if s.leave != o.leave {
		return s.leave < o.leave
	}
	return s.i < o.i
}

// outside returns the error for visit j of record i, whose end what at x
// is outside the session.
func (t *Tally) outside(i int, r *ViewerRecord, j int, what string, x time.Time) error {
	return fmt.Errorf("live: tally: add: record %d: viewer %q: visit %d %s at %s, outside [%s, %s): %w",
		i, r.Viewer, j, what, x.Format(time.RFC3339Nano), t.session.From.Format(time.RFC3339Nano),
		t.session.To.Format(time.RFC3339Nano), ErrOutsideSession)
}

// offset returns x − the session start in nanoseconds, and false when x
// is so far outside that the difference is not computed.
func (t *Tally) offset(x time.Time) (int64, bool) {
	s := x.Unix() - t.startSec
	if s < -1 || s > int64(maxSession/time.Second)+1 {
		return 0, false
	}
	return s*1e9 + int64(x.Nanosecond()) - t.startNsec, true
}

// addSpans adds sign × each span to the concurrency: a span [e, l) ms is
// online at the sampling instants k with e ≤ 1000k < l. It returns the
// spans' total length in ms (≤ the session's length when they are
// disjoint).
func (t *Tally) addSpans(spans []visitSpan, sign int64) (ms int64) {
	for _, s := range spans {
		ms += s.leave - s.enter
		k1, k2 := (s.enter+999)/1000, (s.leave+999)/1000
		if k1 < k2 {
			t.diff[k1] += sign
			t.diff[k2] -= sign
		}
	}
	return ms
}

// Merge adds the viewers of u to t and leaves u unchanged. The two must be
// distinct tallies of the same session (compared as instants) in the same
// location, with the same options (segments with the same name and
// members), in compatible currencies (a tally with no orders takes any),
// and must share no viewer. On error t is unchanged.
//
// The location is part of the result ([Metrics].Session and Sales.Period
// keep t's), so Merge refuses sessions whose locations differ, even at the
// same instants: the locations must have the same name ([time.Location.String])
// and the same zone name and UTC offset at the session's start, at its end
// and at the end of the order period. The metrics of merged tallies then
// print the same whatever the order of the merges.
func (t *Tally) Merge(u *Tally) error {
	if err := t.ready("merge"); err != nil {
		return err
	}
	if err := u.ready("merge: other"); err != nil {
		return err
	}
	switch {
	case t == u:
		return fieldErr("tally: merge", "a tally cannot merge with itself")
	case !t.session.Equal(u.session):
		return fieldErr("tally: merge: session", "the tallies cover different sessions")
	case zoneDiff(t, u) != "":
		return fieldErr("tally: merge: session", "the tallies' sessions are in different locations: %s", zoneDiff(t, u))
	case t.opts.Overlaps != u.opts.Overlaps || t.opts.AttributionWindow != u.opts.AttributionWindow:
		return fieldErr("tally: merge: options", "the tallies have different options")
	case !t.opts.Segment.Equal(u.opts.Segment):
		return fieldErr("tally: merge: segment", "the tallies have different segments")
	}
	cur := t.cur
	if u.cur != cur {
		if cur != 0 && u.cur != 0 {
			return fmt.Errorf("live: tally: merge: %w", &commerce.MismatchError{A: cur, B: u.cur})
		}
		cur = max(cur, u.cur)
	}
	seg, ok1 := t.seg.plus(u.seg)
	rest, ok2 := t.rest.plus(u.rest)
	_, ok3 := seg.plus(rest) // Metrics adds the sides
	if !ok1 || !ok2 || !ok3 {
		return fmt.Errorf("live: tally: merge: totals: %w", commerce.ErrOverflow)
	}
	if len(t.ids)+len(u.ids) > maxViewers {
		return fmt.Errorf("live: tally: merge: %d viewers: %w", len(t.ids)+len(u.ids), commerce.ErrOverflow)
	}
	mark := len(t.ids)
	t.keys = slices.Grow(t.keys[:0], len(u.ids))
	for j, id := range u.ids {
		t.keys = append(t.keys, t.set.key(id, mark+j))
	}
	t.ids = append(t.ids, u.ids...)
	if _, second, dup := t.set.insert(t.keys, t.ids, mark); dup {
		id := t.ids[second]
		t.ids = t.ids[:mark]
		return fieldErr(fmt.Sprintf("tally: merge: viewer %q", id), "tallied twice: in both tallies")
	}
	t.watch = append(t.watch, u.watch...)
	for k, d := range u.diff {
		t.diff[k] += d
	}
	t.cur, t.seg, t.rest = cur, seg, rest
	return nil
}

// zoneDiff compares the locations of the sessions of t and u, which are
// the same instants, as Merge documents: at the session's start, its end
// and the order period's end. It returns "" when they agree, else where
// and how they first differ, such as
// at the start: "UTC" (UTC +00:00) and "Asia/Shanghai" (CST +08:00).
func zoneDiff(t, u *Tally) string {
	for _, at := range [...]struct {
		name string
		a, b time.Time
	}{
		{"the start", t.session.From, u.session.From},
		{"the end", t.session.To, u.session.To},
		{"the order period's end", t.orderEnd, u.orderEnd},
	} {
		if at.a.Location() == at.b.Location() {
			continue
		}
		an, ao := at.a.Zone()
		bn, bo := at.b.Zone()
		if an != bn || ao != bo || at.a.Location().String() != at.b.Location().String() {
			return fmt.Sprintf("at %s: %q (%s) and %q (%s)", at.name, at.a.Location().String(), at.a.Format("MST -07:00"),
				at.b.Location().String(), at.b.Format("MST -07:00"))
		}
	}
	return ""
}

// Metrics returns the metrics tallied so far (the zero Metrics for a nil
// or zero Tally). It takes time linear in the viewers and the session's
// seconds: the watch times are sorted for the quantiles in linear time
// (counted, or radix-sorted).
func (t *Tally) Metrics() Metrics {
	if t.ready("metrics") != nil {
		return Metrics{}
	}
	all, _ := t.seg.plus(t.rest) // Add and Merge checked this sum
	m := Metrics{Counts: t.counts(all), Session: t.session}
	var online int64
	for _, d := range t.diff[:len(t.diff)-1] {
		online += d
		m.PeakConcurrent = max(m.PeakConcurrent, online)
	}
	if len(t.watch) > 0 {
		sortMillis(t.watch, &t.set.sorted)
		m.MedianWatch = time.Duration(quantileR7(t.watch, 1, 2)) * time.Millisecond
		m.P90Watch = time.Duration(quantileR7(t.watch, 9, 10)) * time.Millisecond
	}
	return m
}

// quantileR7 returns the num/den quantile (0 ≤ num ≤ den) of sorted, a
// non-empty, sorted slice of whole numbers of milliseconds from 0 to 2^53
// held exactly as float64s, by the R-7 method of
// golang.org/x/exp/stats.Quantiles, computed exactly and rounded half up
// to a whole millisecond: with h = (n−1)·num, i = ⌊h / den⌋ and
// r = h mod den, the quantile is v[i] + r·(v[i+1] − v[i]) / den. The
// product r·(v[i+1] − v[i]) is taken in 128 bits, so nothing overflows
// (the result lies between v[i] and v[i+1]); (n−1)·num fits an int64 for
// the fewer than 2^31 viewers of a tally and the dens used here.
func quantileR7(sorted []float64, num, den int64) int64 {
	h := int64(len(sorted)-1) * num
	i, r := h/den, h%den
	lo := int64(sorted[i])
	if r == 0 {
		return lo
	}
	d := uint64(int64(sorted[i+1]) - lo) // ≥ 0: sorted
	hi, prod := bits.Mul64(uint64(r), d)
	q, rem := bits.Div64(hi, prod, uint64(den)) // hi < den: r < den
	if rem >= uint64(den)-rem {
		q++ // half up
	}
	return lo + int64(q)
}

// counts converts c to Counts in the tally's currency and order period.
func (t *Tally) counts(c tallyCounts) Counts {
	money := func(units int64) commerce.Money {
		if !t.cur.Valid() {
			return commerce.Money{} // no currency yet: no orders, units is 0
		}
		m, _ := commerce.NewMoney(units, t.cur) // cannot fail: a valid currency
		return m
	}
	return Counts{
		Viewers: c[cViewers], Views: c[cViews], WatchMillis: c[cWatch],
		InteractingViewers: c[cInteracting], Interactions: c[cInteractions],
		ClickingViewers: c[cClicking], ProductClicks: c[cClicks],
		Sales: commerce.Metrics{
			Period: commerce.Period{From: t.session.From, To: t.orderEnd},
			GMV:    money(c[cGMV]), Refunded: money(c[cRefunded]), NetGMV: money(c[cGMV] - c[cRefunded]),
			Orders: c[cOrders], RefundedOrders: c[cRefundedOrders],
			Buyers: c[cBuyers], RepeatBuyers: c[cRepeat],
		},
	}
}

// Lift returns the figures of the tally's segment against everyone else's.
// A tally without a segment is [commerce.ErrInvalid].
func (t *Tally) Lift() (Lift, error) {
	if err := t.ready("lift"); err != nil {
		return Lift{}, err
	}
	if t.opts.Segment == nil {
		return Lift{}, fieldErr("tally: lift: segment", "the tally has no segment (TallyOptions.Segment)")
	}
	return Lift{
		Name:    t.opts.Segment.Name(),
		Members: int64(t.opts.Segment.Len()),
		Segment: t.counts(t.seg),
		Rest:    t.counts(t.rest),
	}, nil
}

// Summarize returns the metrics of records in session: a [Tally] in one
// step.
func Summarize(session commerce.Period, opts TallyOptions, records []ViewerRecord) (Metrics, error) {
	t, err := NewTally(session, opts)
	if err != nil {
		return Metrics{}, err
	}
	if err := t.Add(records...); err != nil {
		return Metrics{}, err
	}
	return t.Metrics(), nil
}

// sortMillis sorts w, whole numbers of milliseconds from 0 to 2^53 held
// exactly as float64s, in place, in time linear in len(w) for the values
// a tally holds (below 2^33 ms; it falls back to slices.Sort above). An
// already sorted w costs one scan; otherwise a second finds the largest
// value, hi. When hi < len(w) it counts each value in *scratch and writes the values
// out in order (a counting sort: one pass over w and one over the counts);
// otherwise it radix-sorts on the integer values, least significant digit
// first, in as few passes of at most 11 bits as hi needs (two up to 2^22
// ms, 70 minutes; three up to 2^33 ms), with every pass's digit counts
// taken in one first scan. It uses *scratch, grown to len(w).
func sortMillis(w []float64, scratch *[]uint64) {
	if slices.IsSorted(w) {
		return
	}
	var hi int64
	for _, v := range w {
		hi = max(hi, int64(v))
	}
	*scratch = slices.Grow((*scratch)[:0], len(w))[:len(w)]
	if hi < int64(len(w)) {
		countingSort(w, (*scratch)[:hi+1])
		return
	}
	n := bits.Len64(uint64(hi))
	passes := (n + 10) / 11
	if passes > maxPasses {
		slices.Sort(w)
		return
	}
	width := (n + passes - 1) / passes
	mask := int64(1)<<width - 1
	var count [maxPasses][1 << 11]int
	for _, v := range w {
		x := int64(v)
		count[0][x&mask]++
		count[1][x>>width&mask]++
		count[2][x>>(2*width)&mask]++
	}
	buf := *scratch
	for p := range passes {
		shift := uint(p * width)
		c := &count[p]
		sum := 0
		for d, k := range c {
			c[d] = sum
			sum += k
		}
		if p%2 == 0 { // w → buf
			for _, v := range w {
				d := int64(v) >> shift & mask
				buf[c[d]] = math.Float64bits(v)
				c[d]++
			}
		} else { // buf → w
			for _, b := range buf {
				v := math.Float64frombits(b)
				d := int64(v) >> shift & mask
				w[c[d]] = v
				c[d]++
			}
		}
	}
	if passes%2 == 1 {
		for i, b := range buf {
			w[i] = math.Float64frombits(b)
		}
	}
}

// maxPasses is the most radix passes sortMillis makes: 33 bits, enough
// for the longest session's 6.05×10^8 ms.
const maxPasses = 3

// countingSort sorts w, whole numbers from 0 to len(count) − 1 held as
// float64s, counting them in count.
func countingSort(w []float64, count []uint64) {
	clear(count)
	for _, v := range w {
		count[int64(v)]++
	}
	i := 0
	for x, k := range count {
		run := w[i : i+int(k)]
		for j := range run {
			run[j] = float64(x)
		}
		i += int(k)
	}
}

// viewerSet is the exact set of a tally's viewer IDs: an open-addressing
// table with linear probing whose slots hold the top 32 bits of the ID's
// hash and the ID's index + 1 (0 is an empty slot); a slot's home is the
// top bits of the hash. The hash is hash/maphash with a seed of the
// tally's own, so that no input can be crafted to collide; equal hash
// bits are settled by comparing the IDs, so the set's answers, and
// everything the tally computes, do not depend on the seed.
type viewerSet struct {
	seed  maphash.Seed
	slots []uint64
	n     int
	// shift is 64 − log2(len(slots)).
	shift uint
	// sorted is scratch for a batch in order of home slot.
	sorted []uint64
	// touched keeps the reads of insert's prefetch from being optimized
	// away.
	touched uint64
}

// bucketAt is the batch size from which insert puts a batch in order of
// home slot first, so that its probes sweep the table from start to end
// and stay in cache and in the TLB's reach: on a table far larger than the
// cache, inserting at random costs several times more.
const bucketAt = 1 << 12

// partBits is the number of top hash bits by which insert orders a large
// batch: the table falls into 4096 regions; a table of 2^24 slots (for 6.3
// to 12.6 million viewers) has regions of 4096 slots, 32 kB, within a
// core's L1 cache.
const partBits = 12

// insert adds keys, the slots of ids[mark:], whose IDs are
// ids[uint32(k)-1]. If an ID is already in the set, or twice among
// ids[mark:], it removes what it added and returns the indices of the
// first copy and of the second, the pair with the smallest second index
// (whatever the order of insertion, so the answer does not depend on the
// seed).
//
// A batch of bucketAt keys or more goes in region by region of the table
// (byHome); when it has a key for every 8 slots or more, each region is
// first read in order, a cache line at a time, which the processor
// prefetches, so that the batch's probes find it in cache.
func (s *viewerSet) insert(keys []uint64, ids []string, mark int) (first, second int, dup bool) {
	s.reserve(s.n + len(keys))
	second = math.MaxInt
	if len(keys) < bucketAt {
		first, second, dup = s.putAll(keys, ids, first, second, dup)
	} else {
		var ends [1 << partBits]int32
		batch := s.byHome(keys, &ends)
		touch := len(keys) >= len(s.slots)/8
		// bucketAt keys have a table of 2^13 slots or more: regions of
		// 2 slots or more. The part sizes fit an int32: fewer than
		// maxViewers.
		regionBits := uint(bits.TrailingZeros(uint(len(s.slots)))) - partBits
		var sum uint64
		start := int32(0)
		for p, end := range ends {
			if touch {
				region := s.slots[p<<regionBits : (p+1)<<regionBits]
				for i := 0; i < len(region); i += 8 { // one word a line
					sum |= region[i]
				}
			}
			first, second, dup = s.putAll(batch[start:end], ids, first, second, dup)
			start = end
		}
		s.touched = sum
	}
	if dup {
		s.drop(mark)
	}
	return first, second, dup
}

// putAll puts keys into the set, whose table must have room for them
// (reserve), and returns first, second and dup updated with the smallest
// second copy of an ID it found (see insert): a key whose ID is already in
// the set is not put.
func (s *viewerSet) putAll(keys []uint64, ids []string, first, second int, dup bool) (int, int, bool) {
	slots := s.slots
	mask := uint64(len(slots) - 1)
	shift := s.shift
	added := 0
	for _, k := range keys {
		hi := k >> 32
		for i := k >> shift; ; i = (i + 1) & mask {
			v := slots[i]
			if v == 0 {
				slots[i] = k
				added++
				break
			}
			if v>>32 == hi && ids[uint32(v)-1] == ids[uint32(k)-1] {
				if j := int(uint32(k)) - 1; j < second {
					dup, first, second = true, int(uint32(v))-1, j
				}
				break
			}
		}
	}
	s.n += added
	return first, second, dup
}

// byHome returns keys ordered by their top partBits bits, stably, in
// scratch space, and sets ends[p] to the end of part p in it.
func (s *viewerSet) byHome(keys []uint64, ends *[1 << partBits]int32) []uint64 {
	for _, k := range keys {
		ends[k>>(64-partBits)]++
	}
	sum := int32(0)
	for i, n := range ends {
		ends[i] = sum // the start of part i, for now
		sum += n
	}
	s.sorted = slices.Grow(s.sorted[:0], len(keys))[:len(keys)]
	for _, k := range keys {
		p := k >> (64 - partBits)
		s.sorted[ends[p]] = k
		ends[p]++
	}
	return s.sorted
}

// key returns the slot of the viewer id at index idx.
func (s *viewerSet) key(id string, idx int) uint64 {
	return maphash.String(s.seed, id)>>32<<32 | uint64(idx+1)
}

// reserve grows the table to hold n IDs at a load of at most 3/4.
func (s *viewerSet) reserve(n int) {
	size := max(len(s.slots), 64)
	for 4*n > 3*size {
		size *= 2
	}
	if size == len(s.slots) {
		return
	}
	old := s.slots
	s.slots = make([]uint64, size)
	s.shift = uint(64 - bits.TrailingZeros(uint(size)))
	s.n = 0
	s.rehash(old)
}

// rehash puts the occupied slots of old into the table.
func (s *viewerSet) rehash(old []uint64) {
	mask := uint64(len(s.slots) - 1)
	for _, k := range old {
		if k == 0 {
			continue
		}
		i := k >> s.shift
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = k
		s.n++
	}
}

// clear empties the set and keeps its table.
func (s *viewerSet) clear() {
	clear(s.slots)
	s.n = 0
}

// drop removes the IDs of index mark and above, rebuilding the table.
func (s *viewerSet) drop(mark int) {
	var keep []uint64
	for _, k := range s.slots {
		if k != 0 && int(uint32(k)) <= mark {
			keep = append(keep, k)
		}
	}
	clear(s.slots)
	s.n = 0
	s.rehash(keep)
}
