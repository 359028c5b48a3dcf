package incentive

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// EventKind is what a merchant's [Event] records.
type EventKind uint8

// The event kinds.
const (
	// OrderPaid is an order paid: Amount is its GMV, Product the product
	// sold, ID the order's ID.
	OrderPaid EventKind = iota + 1
	// OrderRefunded is a refund of Amount on the order ID, which lowers
	// the GMV of the window it falls in.
	OrderRefunded
	// Broadcast is a live broadcast; ID names it.
	Broadcast
	// Qualified is the merchant reaching the target of a rule anchored at
	// qualification (see [AtQualification]); ID names the event.
	Qualified
	// FeeCharged is a technical service fee of Amount charged on order ID,
	// the base of a [FeeCashback] award.
	FeeCharged
	numEventKinds
)

var eventKindNames = [numEventKinds]string{"", "order-paid", "order-refunded", "broadcast", "qualified", "fee-charged"}

// String returns the kind's name, such as "order-paid".
func (k EventKind) String() string {
	if k > 0 && k < numEventKinds {
		return eventKindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Event is one thing a merchant did, as the evaluation reads it. Events
// are facts, not commands: the same event given twice counts once, and
// two different events with the same kind and ID are [ErrConflict].
type Event struct {
	// Kind is what happened; ID names it (the order's ID for orders,
	// refunds and fees).
	Kind EventKind
	ID   string
	// At is when it happened.
	At time.Time
	// Amount is the order's GMV, the refund or the fee, in the
	// programme's currency; zero for broadcasts and qualifications.
	Amount commerce.Money
	// Product is the product of an order (per-product rules need it).
	Product string
	// Store is the store of the event, for store-level caps; empty for
	// the merchant's only store.
	Store string
}

// Profile is what an evaluation reads about one merchant: its facts, its
// events (in any order) and the grants it received in earlier periods,
// which first-time milestones and caps that outlast a period count
// against.
type Profile struct {
	// Facts are what is known about it.
	Facts Facts
	// Events are its events; only those in the period count.
	Events []Event
	// Prior are its grants of earlier periods, from earlier results. Each
	// counts toward caps and lifetime milestones as often as it is
	// listed: list each grant once.
	Prior []Grant
}

// Evaluator evaluates one compiled programme version. It is immutable and
// safe to share between goroutines. Build one with [Compile] or
// [Catalogue.Evaluator].
type Evaluator struct {
	e *edition
}

// Compile validates a copy of p and returns its evaluator; a programme
// that does not validate returns its *[ProgrammeError].
func Compile(p Programme) (*Evaluator, error) {
	c, err := NewCatalogue(p)
	if err != nil {
		return nil, err
	}
	return &Evaluator{e: c.byID[p.ID][0]}, nil
}

// Evaluator returns the evaluator of the version of programme id in
// effect at effectiveAt as known at knownAt (see [Catalogue.Lookup]):
// October recomputed as known in October uses October's version after
// November's edit. It fails with [ErrUnknownProgramme] or
// [ErrUnknownVersion].
func (c Catalogue) Evaluator(id string, effectiveAt, knownAt time.Time) (*Evaluator, error) {
	e, err := c.lookup(id, effectiveAt, knownAt)
	if err != nil {
		return nil, err
	}
	return &Evaluator{e: e}, nil
}

// Programme returns a copy of the programme the evaluator evaluates.
func (ev *Evaluator) Programme() Programme { return ev.e.p.clone() }

// Grant is one award earned by a merchant, with its trace: which
// programme version and rule, the window, what was measured, the cap
// consumed and what remains. A grant of [TrafficViews] has Views; of
// [Perk], only Note; of any money kind, Amount.
type Grant struct {
	// Programme, Version and Rule say which rule earned it.
	Programme, Version, Rule string
	// Kind is the award's kind; Amount, Views and Count its size after
	// caps; Note says what it is.
	Kind   AwardKind
	Amount commerce.Money
	Views  int64
	Count  int64
	Note   string
	// Product is the product of a per-product award.
	Product string
	// Store is the store of a store-level award (a rule whose
	// beneficiary is [Store]); empty for the merchant's only store.
	Store string
	// Rung is the threshold of a first-time milestone, zero otherwise.
	Rung commerce.Money
	// EarnedAt is when it was earned, the instant its eligibility is
	// checked: the anchoring event of an event-anchored window, else the
	// start of the window (or of the evaluated period, when later). An
	// award measured over its window (tiers, milestones, rankings) is
	// earned at that start too, though its measure is the whole window's;
	// payouts of rankings and baselines count from the window's end. From
	// and To bound the rule's window (To zero for open). They are instants
	// in the programme's zone.
	EarnedAt, From, To time.Time
	// Metric is the rule's metric over the window, if the rule has one;
	// Measured is its value, in minor units of the programme's currency
	// for a money metric (see [Grant.MeasuredText]).
	Metric   Metric
	Measured int64
	// Capped reports that a cap cut the award. CapUsed and CapLeft are
	// the tightest cap's (the one with the least share of its limit left)
	// consumption after this grant and what remains,
	// in CapUnit: "views", "coupons" or "awards" for a count cap, the
	// currency code for a money cap (in minor units); CapUnit is empty
	// without caps.
	Capped           bool
	CapUsed, CapLeft int64
	CapUnit          string
	// Rounding is the rounding mode applied to an amount derived from a
	// rate (fee cashback), zero otherwise.
	Rounding commerce.RoundingMode
	// Rank is the rank of a ranking award, 1 for the first.
	Rank int
	// rule is the rule index, for the lazy eligibility trace (checked
	// at EarnedAt).
	rule int
	cur  commerce.Currency
}

// grant is a Grant inside an evaluation and a [Result]: the rule and
// award by index and the sizes as integers, so that evaluating copies
// little. A grant flagged whyNot is not a grant but a rule not earned:
// its check failed at at.
//
// It holds no pointers, so that a result is one allocation the garbage
// collector does not scan: instants are Unix seconds and nanoseconds
// (read back in the programme's zone), and the product and store are
// indexes in the result's names (-1 for none).
type grant struct {
	at, from, to         unixTime
	amount, views, count int64 // amount in minor units of the programme's currency
	measured             int64
	capUsed, capLeft     int64
	// rank is the rank awarded, or -1 for a candidate of a ranking not
	// yet ranked (see Evaluator.Rank); on a why-not marker, the rank of a
	// candidate ranked below the rule's Top, with the candidates in count
	// and the measure of the last rank awarded in amount (0 for a marker
	// of predicates failed).
	rank           int32
	rule           int32
	award          int32 // -1: the rule's Award; else Milestones[award] or Tiers[award]
	product, store int32 // in names, -1 for none
	day, month     int32 // of at in the programme's zone, for caps: days since 1970-01-01, months since year 0
	kind           AwardKind
	flags          uint8
}

// unixTime is a time.Time without its location: Unix seconds and
// nanoseconds. Stored in a grant, nsec -1 is the zero Time (see
// unixTimeOf); in a window, it is an open end. The evaluation compares
// unixTimes as integers rather than time.Times.
type unixTime struct {
	sec  int64
	nsec int32
}

// unixTimeOf returns t as a unixTime, the zero Time as nsec -1: for a
// window's end (zero for open) and for a grant's instants.
func unixTimeOf(t time.Time) unixTime {
	if t.IsZero() {
		return unixTime{nsec: -1}
	}
	return unixTime{t.Unix(), int32(t.Nanosecond())}
}

// instOf returns t as a unixTime to compare: the zero Time is its
// instant (January 1 of year 1), which orders before any later one as
// time.Time.Before does.
func instOf(t time.Time) unixTime { return unixTime{t.Unix(), int32(t.Nanosecond())} }

// zeroUnix is the Unix second of the zero Time.
const zeroUnix = -62135596800

// stored returns instant i as unixTimeOf returns it: the zero Time as
// nsec -1.
func (i unixTime) stored() unixTime {
	if i.sec == zeroUnix && i.nsec == 0 {
		return unixTime{nsec: -1}
	}
	return i
}

// open reports an open window end (or the zero Time of a grant).
func (i unixTime) open() bool { return i.nsec < 0 }

// before reports whether instant i is before instant j; neither is open.
func (i unixTime) before(j unixTime) bool { return i.sec < j.sec || i.sec == j.sec && i.nsec < j.nsec }

// later returns the later of instants a and b.
func later(a, b unixTime) unixTime {
	if a.before(b) {
		return b
	}
	return a
}

// in returns i as a time in loc.
func (i unixTime) in(loc *time.Location) time.Time {
	if i.nsec < 0 {
		return time.Time{}
	}
	return time.Unix(i.sec, int64(i.nsec)).In(loc)
}

// name returns names[k], or "" for -1.
func name(names []string, k int32) string {
	if k < 0 {
		return ""
	}
	return names[k]
}

// The grant flags.
const (
	gCapped    uint8 = 1 << iota // a cap cut it
	gCapped1                     // a cap applies: capUsed and capLeft are set
	gCapMoney                    // the tightest cap counts money
	gHasAmount                   // amount is meaningful (a money award)
	gRounded                     // amount was rounded from a rate
	gWhyNot                      // a rule not earned, not a grant
	// gRun marks, inside an evaluation only, a placeholder for the grants
	// of a plain rule over a run of day windows, in input.runs[day]
	// (see Evaluator.dayRun): packing writes them in its place, so no
	// packed grant has it.
	gRun
)

// awardOf returns the award k of rule r (see grant.award).
func awardOf(r *Rule, k int32) *Award {
	switch {
	case k < 0:
		return &r.Award
	case len(r.Milestones) > 0:
		return &r.Milestones[k].Award
	}
	return &r.Tiers[k].Award
}

// Result is what [Evaluator.Evaluate] returns: the grants earned in the
// period, sorted by rule order, then store, time, product and rung, and
// the rules the merchant was not eligible for. Its JSON
// ([Result.MarshalJSON]) is stable: same inputs, same bytes.
//
// A Result is a value of about 700 bytes that holds a month's grants
// itself when they pack into 48 words, so that Evaluate allocates
// nothing for it (the months of 1,024 varied treasure-host merchants
// pack into 47 words at most); larger results keep their grants in an
// allocation of their own.
type Result struct {
	ev       *Evaluator
	facts    Facts
	from, to time.Time
	names    []string // the products and stores of the grants
	// The grants and, flagged whyNot, the rules not earned, packed (see
	// pack): in inline[:n] when they fit (see setGrants), else in
	// grants.
	grants []int64
	n      int
	inline [inlineWords]int64
}

// inlineWords is the size in words of a Result's room for its grants
// packed: 384 bytes.
const inlineWords = 48

// words returns r's grants packed.
func (r *Result) words() []int64 {
	if r.grants != nil {
		return r.grants
	}
	return r.inline[:r.n]
}

// setGrants packs gs, with the day runs of m0 (see packRuns), into r,
// replacing its grants: into r.inline when they fit, else as packRuns
// does with slab. The inline words past those of the grants are left
// zero, so that results of the same grants are equal values.
func (r *Result) setGrants(gs []grant, slab *[]int64, m0 *input) {
	if n, ok := packInto(r.inline[:], gs, m0, false); ok {
		if r.n > n { // Rank's, replacing longer grants
			clear(r.inline[n:r.n])
		}
		r.grants, r.n = nil, n
		return
	}
	clear(r.inline[:])
	r.grants, r.n = packRuns(gs, slab, m0), 0
}

// public returns g as a Grant.
func (r *Result) public(g *grant) Grant {
	p := &r.ev.e.p
	rl := &p.Rules[g.rule]
	a := awardOf(rl, g.award)
	loc := r.ev.e.loc
	out := Grant{Programme: p.ID, Version: p.Version, Rule: rl.ID, Kind: g.kind, Views: g.views, Count: g.count, Note: a.Note,
		Product: name(r.names, g.product), Store: name(r.names, g.store), EarnedAt: g.at.in(loc), From: g.from.in(loc), To: g.to.in(loc),
		Metric: rl.Metric, Measured: g.measured,
		Capped: g.flags&gCapped != 0, Rank: int(g.rank), rule: int(g.rule), cur: p.Currency}
	if g.flags&gHasAmount != 0 {
		out.Amount = commerce.MustNewMoney(g.amount, p.Currency)
	}
	if g.award >= 0 && len(rl.Milestones) > 0 {
		out.Rung = rl.Milestones[g.award].Threshold
	}
	if g.flags&gCapped1 != 0 {
		out.CapUsed, out.CapLeft, out.CapUnit = g.capUsed, g.capLeft, unitName(g.kind)
		if g.flags&gCapMoney != 0 {
			out.CapUnit = p.Currency.String()
		}
	}
	if g.flags&gRounded != 0 {
		out.Rounding = p.Rounding
	}
	return out
}

// Grants returns the grants earned, in a fresh slice.
func (r Result) Grants() []Grant {
	gs := unpackAll(r.words())
	n := 0
	for k := range gs {
		if gs[k].flags&gWhyNot == 0 {
			n++
		}
	}
	out := make([]Grant, 0, n)
	for k := range gs {
		if gs[k].flags&gWhyNot == 0 {
			out = append(out, r.public(&gs[k]))
		}
	}
	return out
}

// Evaluate evaluates merchant m over the period [from, to): every rule
// whose beneficiary is a merchant or a store, its eligibility checked at
// the start of its window in the period (a rule anchored at the first
// broadcast, at the broadcast), its award measured over the window,
// cut by its caps (counting m.Prior) and by the programme's stacking.
// A rule whose beneficiary is [Store] is evaluated for each store
// apart, over the events of that store (the stores are those of
// m.Facts and of the events; none is the merchant's only store): its
// store caps count per store, its merchant caps across the stores.
// Milestone rungs in m.Prior are not paid again. A ranking rule needs the
// whole cohort: Evaluate awards none, [Evaluator.Rank] does.
//
// It is pure and order-independent: the same merchant with its events
// in any order gives the same Result. It fails, awarding nothing, with
// a *[commerce.FieldError] for a malformed period, facts or event (an
// event in another currency is also [commerce.ErrCurrencyMismatch]; an
// event of a store not among m.Facts.Stores, when they are given, is
// malformed), [ErrConflict] for two different events with one kind and
// ID, and [ErrMissingFact] when a rule needs a fact not known.
func (ev *Evaluator) Evaluate(m Profile, from, to time.Time) (Result, error) {
	return ev.evaluate(&m, from, to, false)
}

// EvaluateAll evaluates a cohort of merchants over [from, to), each as
// [Evaluator.Evaluate] does (no ranking awards: [Evaluator.Rank] makes
// them), and returns their results in the order of ms: a monthly
// settlement of a population. The results too large to hold their
// grants (see [Result]) share a few allocations rather than one each,
// so such a result kept alone keeps up to 16 KiB alive. Any error of
// Evaluate names the profile, and no result is returned.
func (ev *Evaluator) EvaluateAll(ms []Profile, from, to time.Time) ([]Result, error) {
	out := make([]Result, len(ms))
	var slab []int64
	// One input and one grant buffer for the whole cohort: reset clears
	// what an evaluation reads before it writes, not the buffers it
	// writes first (kilobytes a merchant not zeroed again); gs keeps
	// the room the largest merchant needed.
	var in input
	var gbuf [grantBuf]grant
	gs := gbuf[:0]
	for i := range ms {
		in.reset(&ms[i], ev.e.loc, from, to)
		var err error
		r := &out[i]
		if gs, err = ev.evaluateIn(&ms[i], from, to, false, &slab, &in, gs[:0], r); err != nil {
			return nil, fmt.Errorf("incentive: profiles[%d] (%s): %w", i, ms[i].Facts.Merchant, err)
		}
		r.ev, r.facts, r.from, r.to, r.names = ev, ms[i].Facts, from, to, in.names
	}
	return out, nil
}

// grantBuf is the grants an evaluation holds on its stack before it
// packs them: more than the rules of the built-in programmes earn in a
// month (a treasure-host month of the benchmarks' population at most 12,
// a day run's grants counting one), and only 2 KiB to zero.
const grantBuf = 16

// evaluate is Evaluate of *m, keeping the ranking candidates (rank -1)
// when candidates is set. (A pointer: a Profile is hundreds of bytes.)
// It returns its Result as a value, which the caller's frame holds: the
// pointers of a Result written through a pointer would each pass the
// garbage collector's write barrier while it marks.
func (ev *Evaluator) evaluate(m *Profile, from, to time.Time, candidates bool) (Result, error) {
	// Zeroed, then its fields set by reset: a composite literal of input
	// is built whole in a temporary from a static template, then copied,
	// two copies of kilobytes where the zeroing is one pass.
	var in input
	in.reset(m, ev.e.loc, from, to)
	var gbuf [grantBuf]grant
	var r Result
	if _, err := ev.evaluateIn(m, from, to, candidates, nil, &in, gbuf[:0], &r); err != nil {
		return Result{}, err
	}
	r.ev, r.facts, r.from, r.to, r.names = ev, m.Facts, from, to, in.names
	return r, nil
}

// reset makes in what evaluate's input of m over [from, to) is before
// evaluateIn, but for the buffers atBuf, cbuf, wbuf and runs, which an
// evaluation writes before it reads (the events' instants in scan, the
// chronological order once chronoOK, the windows up to wsN, the runs up
// to nRuns): EvaluateAll's one input for a cohort. TestInputReset holds
// it to a fresh input.
func (in *input) reset(m *Profile, loc *time.Location, from, to time.Time) {
	in.Profile, in.prior, in.loc, in.atBig = *m, m.Prior, loc, nil
	in.from, in.to, in.toEnd = instOf(from), instOf(to), unixTimeOf(to)
	in.store, in.byStore = "", false
	in.chronoOK, in.chronoBig = false, nil
	in.storeName, in.names = -1, nil
	in.zoneOff, in.zoneLo, in.zoneHi = 0, 0, 0
	in.dayOK, in.day0, in.days = false, 0, 0
	in.dayBits, in.dayStore, in.dayBitsOK = [bitmapDays / 64]uint64{}, "", false
	in.wsN, in.wsClass, in.wsStore = 0, -1, -1
	in.sums = eventSums{}
	in.nRuns = 0
	in.monthFirst, in.monthNext, in.monthIdx = 0, 0, 0
	in.eligClass, in.eligAt, in.elig = -1, unixTime{}, 0
}

// evaluateIn is evaluate with in, m's input (see reset), and gs, empty,
// whose room it uses for the grants before they are packed: it packs
// the result's grants into res (see Result.setGrants, with slab; the
// result's names are in.names) and returns gs, grown if it had to be.
func (ev *Evaluator) evaluateIn(m *Profile, from, to time.Time, candidates bool, slab *[]int64, in *input, gs []grant, res *Result) ([]grant, error) {
	p := &ev.e.p
	if !from.Before(to) {
		return gs, fieldErr("period", "from %s is not before to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	if !factsValid(&m.Facts, p.Currency) {
		if err := m.Facts.validate(p.Currency); err != nil {
			return gs, err
		}
	}
	in.setZoneIn(from, &ev.e.zone)
	in.setDays()
	if err := in.scan(p.Currency); err != nil {
		return gs, err
	}
	if ev.e.perProduct || ev.e.perStore {
		in.names = make([]string, 0, len(m.Events)+len(m.Facts.Stores)+1) // every product and store at most once
	}
	var idxBuf [64]int32
	var idx []int32 // the events' indexes by product, for per-product rules
	if ev.e.perProduct {
		if len(in.Events) <= len(idxBuf) {
			idx = idxBuf[:len(in.Events)]
		} else {
			idx = make([]int32, len(in.Events))
		}
		in.byProduct(idx)
	}
	// Room for the grants: the rules' count, and for per-product rules a
	// grant for every four events; beyond, append grows it.
	room := ev.e.grantHint
	if ev.e.perProduct {
		room += len(m.Events) / 4
	}
	if room > cap(gs) {
		gs = make([]grant, 0, room)
	}
	var applicable [32]int
	app := applicable[:0] // the rules that earn, when the programme stacks
	stacks := ev.e.stacks
	var storesBuf [8]string
	var stores []string
	for _, i := range ev.e.merchantRules {
		r := &p.Rules[i]
		n := len(gs)
		var err error
		if r.Beneficiary == Store {
			if stores == nil {
				stores = in.stores(storesBuf[:0])
			}
			for _, s := range stores {
				in.store, in.byStore, in.storeName = s, true, -1
				if s != "" {
					in.storeName = in.name(s)
				}
				gs, err = ev.rule(gs, i, in, idx, n)
				in.store, in.byStore, in.storeName = "", false, -1
				if err != nil {
					return gs, err
				}
			}
		} else if gs, err = ev.rule(gs, i, in, idx, n); err != nil {
			return gs, err
		}
		if !stacks {
			continue
		}
		for k := n; k < len(gs); k++ { // the rules that apply, for the stacking
			if gs[k].flags&gWhyNot == 0 {
				app = append(app, i)
				break
			}
		}
	}
	if len(app) > 1 {
		var usedBuf [16]int
		var used []int
		if len(p.Stacking) <= len(usedBuf) {
			used = usedBuf[:len(p.Stacking)]
		} else {
			used = make([]int, len(p.Stacking))
		}
		var keptBuf [32]int
		kept := ev.e.stack.resolve(keptBuf[:0], app, used)
		if len(kept) < len(app) {
			gs = slices.DeleteFunc(gs, func(g grant) bool {
				return g.flags&gWhyNot == 0 && !slices.Contains(kept, int(g.rule))
			})
		}
	}
	if ev.e.ranked && !candidates {
		gs = slices.DeleteFunc(gs, func(g grant) bool { return g.rank < 0 })
	}
	// gs never leaves: it is packed into the result (so the caller's
	// grant buffer stays on the stack).
	res.setGrants(gs, slab, in)
	return gs, nil
}

// factsValid reports, without allocating, whether f passes
// Facts.validate: when it does not, Evaluate calls Facts.validate for
// the error (TestFactsValidMatchesValidate holds the two together).
func factsValid(f *Facts, cur commerce.Currency) bool {
	if ident.Problem(f.Merchant) != "" {
		return false
	}
	for _, s := range f.Stores {
		if ident.Problem(s) != "" {
			return false
		}
	}
	switch {
	case f.Known&^(lastFact<<1-1) != 0,
		f.Known.Has(FactRefunds) && (f.Orders < 0 || f.RefundedOrders < 0 || f.RefundedOrders > f.Orders),
		f.Known.Has(FactBroadcastStreakDays) && f.BroadcastStreakDays < 0,
		f.Known.Has(FactListedProducts) && f.ListedProducts < 0,
		f.Known.Has(FactExternalMonthlyGMV) && f.ExternalMonthlyGMV.Currency() != cur:
		return false
	}
	return true
}

// Bytes in a word, for scan's check of an ID eight bytes at a time.
const (
	loBits = 0x0101010101010101 // 1 in every byte
	hiBits = 0x8080808080808080 // the high bit of every byte
	bangs  = 0x2121212121212121 // '!' in every byte, the least printable
)

// unprintable returns, in the high bit of each byte of x that is not
// printable ASCII (0x21 to 0x7e), a set bit, and no set high bit when
// every byte is: hasless(x, 0x21) | hasmore(x, 0x7e) of the Bit
// Twiddling Hacks. A borrow or carry only crosses out of a byte already
// flagged. scan ors the words' results and tests the high bits once.
func unprintable(x uint64) uint64 {
	return (x-loBits*0x21)&^x | (x + loBits) | x
}

// be8 returns the 8 bytes of s from i as a big-endian integer.
func be8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[7]) | uint64(s[6])<<8 | uint64(s[5])<<16 | uint64(s[4])<<24 |
		uint64(s[3])<<32 | uint64(s[2])<<40 | uint64(s[1])<<48 | uint64(s[0])<<56
}

// be4 returns the 4 bytes of s from i as a big-endian integer.
func be4(s string, i int) uint64 {
	s = s[i : i+4]
	return uint64(s[3]) | uint64(s[2])<<8 | uint64(s[1])<<16 | uint64(s[0])<<24
}

// idHash is a hash of e's kind and ID, for scan's repeats: each byte
// rotated in (cheaper than a multiply a byte), then the whole mixed by a
// multiply and a shift; equal kinds and IDs hash equal whether scan's
// quick check passes them or not.
func idHash(e *Event) uint64 {
	h := uint64(e.Kind)
	for i := 0; i < len(e.ID); i++ {
		h = bits.RotateLeft64(h, 7) ^ uint64(e.ID[i])
	}
	return mixHash(h)
}

// mixHash mixes the bits of h: a multiply by the 64-bit golden ratio (as
// in Fibonacci hashing) and a shift, so that the low bits, which index
// the table, depend on every byte.
func mixHash(h uint64) uint64 {
	h *= 0x9e3779b97f4a7c15
	return h ^ h>>29
}

// within prefixes the field of a *commerce.FieldError with path.
func within(path string, err error) error {
	if fe, ok := err.(*commerce.FieldError); ok {
		return &commerce.FieldError{Field: path + ": " + fe.Field, Reason: fe.Reason, Err: fe.Err}
	}
	return err
}

// checkEvent validates one event; its errors name the field only.
func checkEvent(e *Event, f *Facts, cur commerce.Currency) error {
	switch {
	case e.Kind == 0 || e.Kind >= numEventKinds:
		return fieldErr("kind", "unknown %v", e.Kind)
	case e.At.IsZero():
		return fieldErr("at", "no time")
	case ident.Problem(e.ID) != "":
		return checkID("id", e.ID)
	case e.Store != "" && ident.Problem(e.Store) != "":
		return checkID("store", e.Store)
	case e.Store != "" && len(f.Stores) > 0 && !slices.Contains(f.Stores, e.Store):
		return fieldErr("store", "%q is not one of the merchant's stores", e.Store)
	}
	money := e.Kind == OrderPaid || e.Kind == OrderRefunded || e.Kind == FeeCharged
	switch {
	case money && e.Amount.Currency() != cur:
		return &commerce.FieldError{Field: "amount", Err: &commerce.MismatchError{A: cur, B: e.Amount.Currency()}}
	case money && e.Amount.IsNegative():
		return fieldErr("amount", "negative %v", e.Amount)
	case !money && e.Amount != (commerce.Money{}):
		return fieldErr("amount", "a %v has no amount", e.Kind)
	}
	return nil
}

// input is a profile under evaluation, its events without repeats.
//
// It holds no pointer to a variable of its caller: the escape analysis
// does not tell its fields apart, and its names go to the result, so
// such a variable would move to the heap. Hence the copy of the profile
// and the instants in atBuf, not a slice of a caller's array.
type input struct {
	Profile
	prior []Grant
	loc   *time.Location
	// atBuf, or atBig when the events do not fit it, holds the events'
	// instants, computed once per evaluation (see setTimes and times):
	// the windows, measures and sorts compare them as integers, not as
	// time.Times.
	atBig []unixTime
	atBuf [64]unixTime
	// from and to are the period as instants; toEnd is to as a window's
	// end (open for the zero Time, as the end of a window of time.Times
	// was).
	from, to, toEnd unixTime
	// store and byStore restrict the events to one store's, for a rule
	// whose beneficiary is a store.
	store   string
	byStore bool
	// chrono are the indexes of the events in time order (ties in input
	// order), built on first use by chronological.
	chronoOK  bool
	chronoBig []int32 // when the events do not fit cbuf
	cbuf      [64]int32
	// storeName is store's index in names (-1 for none); names are the
	// products and stores of the grants so far.
	storeName int32
	names     []string
	// zoneOff is the zone's offset east of UTC in seconds over the Unix
	// seconds [zoneLo, zoneHi) (see setZone).
	zoneOff, zoneLo, zoneHi int64
	// dayOK reports that the days of the period, day0 to day0+days-1
	// (days since 1970-01-01 in the zone), are at most bitmapDays and all
	// within the zone offset zoneOff, so that the day of an event in the
	// period is (sec+zoneOff) / 86400 (see setDays and dayWindows).
	dayOK      bool
	day0, days int64
	// dayBits are the days with events that open windows (orders paid
	// and broadcasts in the period) of store dayStore, bit d for day
	// day0+d, once dayBitsOK: every rule anchored at events reads them.
	dayBits   [bitmapDays / 64]uint64
	dayStore  string
	dayBitsOK bool
	// wbuf[:wsN] are the windows of the last rule evaluated, of window
	// class wsClass (see edition.winClass; -1 for none) for the store of
	// index wsStore in names (-1 for none), as storeName.
	wsN     int
	wsClass int32
	wsStore int32
	wbuf    [32]window
	// sums holds the sums of the events of every store, made by scan,
	// which measure and the fee sum read for a window around them all.
	sums eventSums
	// runs[:nRuns] are the day runs of plain rules (see Evaluator.dayRun),
	// which their placeholder grants name.
	runs  [2]dayRun
	nRuns int
	// monthFirst to monthNext (days since 1970-01-01) is the month
	// monthIdx, the last that month computed (empty at first).
	monthFirst, monthNext, monthIdx int64
	// eligClass, eligAt and elig are the last eligibility checked: of
	// rules of class eligClass (see ruleFacts.eligClass; -1 for none) at
	// eligAt, its outcome, pass or fail.
	eligClass int32
	eligAt    unixTime
	elig      tri
}

// setTimes computes the instants of the events.
func (in *input) setTimes() {
	at := in.atBuf[:]
	if len(in.Events) > len(in.atBuf) {
		in.atBig = make([]unixTime, len(in.Events))
		at = in.atBig
	}
	for i := range in.Events {
		at[i] = instOf(in.Events[i].At)
	}
}

// times returns the instants of the events, times()[k] of Events[k].
func (in *input) times() []unixTime {
	if in.atBig != nil {
		return in.atBig[:len(in.Events)]
	}
	return in.atBuf[:len(in.Events)]
}

// name returns the index of s in names, adding it.
func (in *input) name(s string) int32 {
	if k := slices.Index(in.names, s); k >= 0 {
		return int32(k)
	}
	in.names = append(in.names, s)
	return int32(len(in.names) - 1)
}

// skip reports whether e is outside the store under evaluation.
func (in *input) skip(e *Event) bool { return in.byStore && e.Store != in.store }

// stores appends the merchant's stores, sorted: its facts' and its
// events', or "" for its only store when there are none.
func (in *input) stores(out []string) []string {
	out = append(out, in.Facts.Stores...)
	for i := range in.Events {
		if s := in.Events[i].Store; s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return append(out, "")
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// boundsAt is windowBounds(w, at, loc) in the evaluator's location, as
// instants (to open for none); a validated programme's windows have
// bounds. A window of natural days within the zone offset in force at
// the period's start (zoneLo to zoneHi, Unix seconds) is computed from
// the offset, with no calendar arithmetic; TestInputBoundsMatches holds
// it to windowBounds.
func (in *input) boundsAt(w *Window, at unixTime) (from, to unixTime) {
	switch s := at.sec; {
	case w.Kind == NaturalDays:
		if s >= in.zoneLo && s < in.zoneHi {
			d := s - floorMod(s+in.zoneOff, 86400)
			if e := d + int64(w.Days)*86400; d >= in.zoneLo && e <= in.zoneHi {
				return unixTime{sec: d}, unixTime{sec: e}
			}
		}
	case w.Kind == CalendarMonth && s >= in.zoneLo && s < in.zoneHi && s > -farSec && s < farSec:
		// The month of at's day, from the first of the month to the first
		// of the next, by the civil calendar's arithmetic (the proleptic
		// Gregorian calendar of package time), when both midnights are in
		// the offset; TestMonthBoundsMatches holds it to windowBounds.
		first, next, _ := in.month(floorDiv(s+in.zoneOff, 86400))
		d, e := first*86400-in.zoneOff, next*86400-in.zoneOff
		if d >= in.zoneLo && e <= in.zoneHi {
			return unixTime{sec: d}, unixTime{sec: e}
		}
	}
	f, t, _ := windowBounds(w, at.in(in.loc), in.loc)
	return instOf(f), unixTimeOf(t)
}

// farSec bounds the Unix seconds that the calendar arithmetic takes
// (about 35 million years either side of 1970): nothing in it overflows.
const farSec = 1 << 50

// civil returns the year, month (1 to 12) and day of day z, days since
// 1970-01-01, in the proleptic Gregorian calendar (H. Hinnant's
// civil_from_days).
func civil(z int64) (y, m, d int64) {
	z += 719468 // days from 0000-03-01
	era := floorDiv(z, 146097)
	doe := uint64(z - era*146097)                          // [0, 146096]: unsigned, cheaper to divide
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365], from March 1
	mp := (5*doy + 2) / 153                                // [0, 11], from March
	d = int64(doy - (153*mp+2)/5 + 1)
	m = int64(mp) + 3
	if m > 12 {
		m -= 12
	}
	y = int64(yoe) + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// month returns the first day of the month of day z, the first of the
// next and the month as months since January of year 0, remembering
// the last month asked for (a month's windows and caps ask for one).
func (in *input) month(z int64) (first, next, month int64) {
	if z < in.monthFirst || z >= in.monthNext {
		y, m, d := civil(z)
		first := z - d + 1
		in.monthFirst, in.monthNext, in.monthIdx = first, first+monthDays(y, m), y*12+m-1
	}
	return in.monthFirst, in.monthNext, in.monthIdx
}

// monthDays returns the days of month m (1 to 12) of year y in the
// proleptic Gregorian calendar: 31 for the odd months to July and the
// even ones from August (the parity of m + m/8), 30 for the others, and
// February's 28 or 29. TestMonthDays holds it to daysOf, a test's
// reference.
func monthDays(y, m int64) int64 {
	if m == 2 {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) { // Go's % keeps the sign: 0 for multiples, negative years too
			return 29
		}
		return 28
	}
	return 30 + (m+m>>3)&1
}

// dayMonthAt is dayMonth(at.in(loc), loc), from the zone offset when at
// is in it (TestDayMonthAtMatches holds the two together).
func (in *input) dayMonthAt(at unixTime) (day, month int32) {
	if s := at.sec; s >= in.zoneLo && s < in.zoneHi && s > -farSec && s < farSec {
		z := floorDiv(s+in.zoneOff, 86400)
		_, _, m := in.month(z)
		return int32(z), int32(m)
	}
	return dayMonth(at.in(in.loc), in.loc)
}

// bounds is boundsAt for a time.Time, with the bounds in the location.
func (in *input) bounds(w *Window, at time.Time) (from, to time.Time) {
	f, t := in.boundsAt(w, instOf(at))
	return f.in(in.loc), t.in(in.loc)
}

// setZone records the zone offset in force at t and the Unix seconds
// [zoneLo, zoneHi) it holds for.
func (in *input) setZone(t time.Time) {
	in.zoneOff, in.zoneLo, in.zoneHi = zoneAt(t, in.loc)
}

// setZoneIn is setZone(t) with s, the offset of loc and its span at
// some instant: read from s when t falls in the span (where the offset
// in force and its span are s's), without looking the zone up.
func (in *input) setZoneIn(t time.Time, s *zoneSpan) {
	if u := t.Unix(); s.lo <= u && u < s.hi {
		in.zoneOff, in.zoneLo, in.zoneHi = s.off, s.lo, s.hi
		return
	}
	in.setZone(t)
}

// zoneSpan is a zone offset and the Unix seconds [lo, hi) it holds for.
type zoneSpan struct{ off, lo, hi int64 }

// zoneAt returns the offset of loc in force at t and the Unix seconds
// [lo, hi) it holds for (unbounded as math.MinInt64 or math.MaxInt64).
func zoneAt(t time.Time, loc *time.Location) (off, lo, hi int64) {
	lt := t.In(loc)
	_, o := lt.Zone()
	l, h := lt.ZoneBounds()
	off, lo, hi = int64(o), math.MinInt64, int64(math.MaxInt64)
	if !l.IsZero() {
		lo = l.Unix()
	}
	if !h.IsZero() {
		hi = h.Unix()
	}
	return off, lo, hi
}

// bitmapDays is the longest period, in days, that dayWindows handles:
// one bit a day.
const bitmapDays = 512

// setDays sets day0, days and dayOK for the period in.from to in.to,
// after setZone(from): dayOK when every instant from the midnight that
// starts the period's first day to the midnight that ends its last is in
// the zone offset zoneOff, for at most bitmapDays days.
func (in *input) setDays() {
	f, t := in.from, in.to
	if f.sec < -farSec || t.sec > farSec { // nothing below overflows
		return
	}
	last := t.sec - 1 // the last second an event before to can be in
	if t.nsec > 0 {
		last = t.sec
	}
	d0, d1 := floorDiv(f.sec+in.zoneOff, 86400), floorDiv(last+in.zoneOff, 86400)
	in.day0, in.days = d0, d1-d0+1
	in.dayOK = in.days <= bitmapDays && d0*86400-in.zoneOff >= in.zoneLo && (d1+1)*86400-in.zoneOff <= in.zoneHi
}

// floorMod is a mod m in [0, m).
func floorMod(a, m int64) int64 {
	if r := a % m; r < 0 {
		return r + m
	} else {
		return r
	}
}

// floorDiv is a / m rounded down.
func floorDiv(a, m int64) int64 { return (a - floorMod(a, m)) / m }

// repeats reports whether an event of es repeats an earlier one (the
// same kind, ID and contents), or fails with ErrConflict on two
// different events with one kind and ID, as the plain check of the
// tests (dedup) does. Each event's
// index goes into an open-addressing hash table keyed by the hash of its
// kind and ID, at most half full, so that finding the first event of a
// kind and ID takes a probe or two: no sort, and no allocation for up to
// 128 events.
func repeats(es []Event) (bool, error) {
	if len(es) < 2 {
		return false, nil
	}
	size := 16
	for size < 2*len(es) {
		size <<= 1
	}
	var buf [256]int32
	var tab []int32
	if size <= len(buf) {
		tab = buf[:size]
	} else {
		tab = make([]int32, size)
	}
	mask := uint64(size - 1)
	dups := false
	for j := range es {
		k, dup := probe(tab, mask, es, j, idHash(&es[j]))
		if k >= 0 {
			return false, fmt.Errorf("incentive: events[%d] and events[%d]: %v %q: %w", k, j, es[j].Kind, es[j].ID, ErrConflict)
		}
		dups = dups || dup
	}
	return dups, nil
}

// scan is checkEvents and dedup (plain versions kept with the tests),
// setTimes and eventDays (for the merchant's events, store "") in one
// pass over the events, which
// touches each event's memory once: for each event in input order, its
// check, its instant and its day. The first invalid event fails as
// checkEvents fails, before any conflict. The check is a quick one for
// the common event, and checkEvent for the others.
//
// De-duplication costs nothing in that pass while the IDs of each kind
// ascend in input order (as a merchant's order IDs often do): events of
// one kind with strictly ascending IDs cannot repeat one another or
// conflict, so the pass only compares each ID with the last of its kind.
// Should one not ascend, repeats probes its hash table with every event
// after the pass, and reports what dedup would. After a repeat, the
// events are copied without repeats, their instants computed again and
// the days left to eventDays. TestScanMatches and TestScanSortedMatches
// hold it to the four.
func (in *input) scan(cur commerce.Currency) error {
	es := in.Events
	at := in.atBuf[:]
	if len(es) > len(in.atBuf) {
		in.atBig = make([]unixTime, len(es))
		at = in.atBig
	}
	at = at[:len(es)]
	days := in.dayOK
	from, to := in.from, in.to
	sums := eventSums{ok: true} // in.sums, kept here and stored once
	// first is the midnight that starts the period's first day: at or
	// before from.
	first := in.day0*86400 - in.zoneOff
	// last[kind] is the last event of each kind, while their IDs ascend:
	// its ID's key (see below; 0 for none: an ID's first byte is not
	// zero, so its key is not) and its index. Eight kinds, indexed by the
	// kind's low bits: no bounds checks.
	const _ = uint8(8 - numEventKinds) // room in last for every kind
	var last [8]struct {
		key uint64
		j   int
	}
	ascending := true
	// passed is the event that failed the quick check, below, and that
	// checkEvent passed: the loop breaks at such an event, for the call
	// (a call in the loop would spill its values at every event), and
	// starts again at it.
	passed := -1
	for j := 0; ; {
		for ; j < len(es); j++ {
			e := &es[j]
			// The quick check of the common event, which checkEvent would
			// pass: a known kind, a time, no store, an ID of printable ASCII
			// without spaces, and an amount where its kind has one, in cur
			// and not negative. It reads the ID a word at a time, the first
			// word its key: the word, a short ID's padded with printable
			// bytes, then the words after it, the last overlapping the one
			// before. An event it does not pass may still be valid:
			// checkEvent decides. (Written out, not called: a call would
			// spill the loop's values at every event.)
			//
			// The key is the ID's first 8 bytes as a big-endian integer,
			// padded with zero bytes (an ID checkEvent passes is not
			// empty): a word, two overlapping half-words or three bytes,
			// which set the same bits where they overlap. Of two IDs, the
			// one of the greater key is the greater string, so the loop
			// compares the strings only for equal keys. (At the first byte
			// p where two keys differ, either both IDs have a byte, which
			// decides, or only the greater has one, not zero, after a
			// common prefix that is all of the other, which is then less.)
			// Any key of the ID alone would keep de-duplication exact
			// (IDs taken to ascend cannot repeat); this one, in the
			// strings' order, lets IDs that ascend as strings skip
			// repeats. TestIDKeyOrders and TestScanKeyOrders hold it to
			// the strings' order.
			id := e.ID
			n := len(id)
			var k uint64
			switch {
			case n >= 8:
				k = be8(id, 0)
			case n >= 4:
				k = be4(id, 0)<<32 | be4(id, n-4)<<(8*(8-n))
			case n > 0:
				k = uint64(id[0])<<56 | uint64(id[n/2])<<(8*(7-n/2)) | uint64(id[n-1])<<(8*(8-n))
			}
			bad := unprintable(k | bangs>>(8*min(n, 8)))
			for i := 8; i < n; i += 8 {
				bad |= unprintable(be8(id, min(i, n-8)))
			}
			ok := n != 0 && e.Kind-1 < numEventKinds-1 && !e.At.IsZero() && e.Store == "" && bad&hiBits == 0
			if e.Kind == OrderPaid || e.Kind == OrderRefunded || e.Kind == FeeCharged {
				ok = ok && e.Amount.Currency() == cur && !e.Amount.IsNegative()
			} else {
				ok = ok && e.Amount == (commerce.Money{})
			}
			if !ok && j != passed {
				break
			}
			a := instOf(e.At)
			at[j] = a
			switch e.Kind { // the sums, and the days of events that open windows
			case OrderPaid, OrderRefunded:
				u := e.Amount.Units()
				if e.Kind == OrderRefunded {
					u = -u
				} else {
					sums.orders++
					if days && !a.before(from) && a.before(to) {
						d := uint64(a.sec-first) / 86400 // in [0, days): dayOK; unsigned, a cheaper division
						in.dayBits[d>>6] |= 1 << (d & 63)
					}
				}
				var ok bool
				sums.gmv, ok = addInt(sums.gmv, u)
				sums.ok = sums.ok && ok
				widen(&sums.ordLo, &sums.ordHi, sums.ords, a)
				sums.ords = true
			case FeeCharged:
				var ok bool
				sums.fee, ok = addInt(sums.fee, e.Amount.Units())
				sums.ok = sums.ok && ok
				widen(&sums.feeLo, &sums.feeHi, sums.fees, a)
				sums.fees = true
			case Qualified:
				if !sums.quals || a.before(sums.qual) {
					sums.qual, sums.quals = a, true
				}
			case Broadcast:
				if days && !a.before(from) && a.before(to) {
					d := uint64(a.sec-first) / 86400
					in.dayBits[d>>6] |= 1 << (d & 63)
				}
			}
			if ascending { // e.Kind is valid: checked
				if l := &last[e.Kind&7]; k > l.key || k == l.key && es[l.j].ID < e.ID {
					l.key, l.j = k, j
				} else {
					ascending = false
				}
			}
		}
		if j == len(es) {
			break
		}
		if err := checkEvent(&es[j], &in.Facts, cur); err != nil {
			return within(fmt.Sprintf("events[%d]", j), err)
		}
		passed = j
	}
	in.dayBitsOK = days // for store "", whose days they are
	in.sums = sums
	if ascending {
		return nil
	}
	dups, err := repeats(es)
	if err != nil {
		return err
	}
	if dups {
		in.Events = dropRepeats(es)
		in.setTimes()
		in.dayBitsOK = false
		in.sums = eventSums{} // not ok: measure sums the events
	}
	return nil
}

// widen makes *lo and *hi the first and last of a and, when seen, the
// instants they hold.
func widen(lo, hi *unixTime, seen bool, a unixTime) {
	if !seen || a.before(*lo) {
		*lo = a
	}
	if !seen || hi.before(a) {
		*hi = a
	}
}

// eventSums are the sums of a merchant's events, of every store, in
// input order, and the instants of the first and last that each counts:
// what measure and the fee sum of a window that holds them all add up,
// in the same order, so to the same sums (TestEventSumsMatch).
type eventSums struct {
	gmv, orders, fee int64    // paid less refunded; orders paid; fees charged
	ordLo, ordHi     unixTime // the first and last order paid or refunded, if orders
	feeLo, feeHi     unixTime // the first and last fee, if fees
	ords, fees       bool     // any orders (paid or refunded); any fees
	qual             unixTime // the first qualification, if quals
	quals            bool
	ok               bool // set, and no sum overflowed
}

// qualified returns the first instant the merchant (the store under
// evaluation, if any) qualified, and whether it did: from the sums
// when they hold every event.
func (in *input) qualified() (first unixTime, found bool) {
	if t := &in.sums; t.ok && !in.byStore {
		return t.qual, t.quals
	}
	at := in.times()
	for k := range in.Events {
		e := &in.Events[k]
		if e.Kind == Qualified && !in.skip(e) && (!found || at[k].before(first)) {
			first, found = at[k], true
		}
	}
	return first, found
}

// holds reports whether [from, to) (to open for none) holds lo to hi.
func holds(from, to, lo, hi unixTime) bool {
	return !lo.before(from) && (to.open() || hi.before(to))
}

// probe puts event j of es, of hash h, into the hash table tab (of mask,
// see dedup) and returns the index of an earlier event of its kind and
// ID that differs from it (-1 for none), and whether it repeats one.
// Any hash of the kind and ID will do, the same for every event of a
// table: equal kinds and IDs hash equal.
func probe(tab []int32, mask uint64, es []Event, j int, h uint64) (conflict int, dup bool) {
	b := &es[j]
	for s := (h ^ h>>32) & mask; ; s = (s + 1) & mask { // linear probing; an empty slot ends it
		k := tab[s] // an event's index + 1; 0 for an empty slot
		if k == 0 {
			tab[s] = int32(j + 1)
			return -1, false
		}
		a := &es[k-1]
		if a.Kind != b.Kind || a.ID != b.ID {
			continue
		}
		if !sameEvent(a, b) {
			return int(k - 1), false
		}
		return -1, true
	}
}

// dropRepeats returns es without the later events of a kind and ID seen
// before, in a new slice.
func dropRepeats(es []Event) []Event {
	type key struct {
		kind EventKind
		id   string
	}
	seen := make(map[key]bool, len(es))
	out := make([]Event, 0, len(es))
	for _, e := range es {
		if k := (key{e.Kind, e.ID}); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// byProduct sets idx to the indexes of the events sorted by product.
func (in *input) byProduct(idx []int32) {
	es := in.Events
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Or(cmp.Compare(es[a].Product, es[b].Product), cmp.Compare(a, b)) })
}

func sameEvent(a, b *Event) bool {
	return a.At.Equal(b.At) && a.Amount == b.Amount && a.Product == b.Product && a.Store == b.Store
}

// window is one window of a rule within the period: the instants from,
// to (open for none) and at, its eligibility check and earning time.
type window struct {
	from, to, at unixTime
}

// clip cuts w to the programme's effective period and appends it to out
// when it earns in the period of m.
func (ev *Evaluator) clip(out []window, w window, m *input) []window {
	e := ev.e
	if w.from.before(e.effFrom) {
		w.from = e.effFrom
	}
	if !e.effTo.open() && (w.to.open() || e.effTo.before(w.to)) {
		w.to = e.effTo
	}
	if (w.to.open() || w.from.before(w.to)) && !w.at.before(m.from) && w.at.before(m.to) {
		out = append(out, w)
	}
	return out
}

// windows appends the windows of rule i that earn in the period of m.
func (ev *Evaluator) windows(out []window, i int, m *input) ([]window, error) {
	p := &ev.e.p
	r := &p.Rules[i]
	anchored := func(fact Fact, at time.Time) ([]window, error) {
		if !m.Facts.Known.Has(fact) {
			return out, fmt.Errorf("incentive: programme %s@%s: rule %q: %v not known: %w", p.ID, p.Version, r.ID, fact, ErrMissingFact)
		}
		if at.IsZero() {
			return out, nil
		}
		a := instOf(at)
		wf, wt := m.boundsAt(&r.Window, a)
		return ev.clip(out, window{from: wf, to: wt, at: a}, m), nil
	}
	switch r.Anchor {
	case 0:
		wf, wt := m.from, m.toEnd
		if r.Window.Kind == Fixed {
			wf, wt = ev.e.facts[i].winFrom, ev.e.facts[i].winTo
		}
		if wt.open() || m.from.before(wt) {
			out = ev.clip(out, window{from: wf, to: wt, at: later(later(wf, m.from), ev.e.effFrom)}, m)
		}
	case AtFirstBroadcast:
		return anchored(FactFirstBroadcastAt, m.Facts.FirstBroadcastAt)
	case AtOpening:
		return anchored(FactOpenedAt, m.Facts.OpenedAt)
	case AtQualification:
		first, found := m.qualified()
		if found {
			wf, wt := m.boundsAt(&r.Window, first)
			w := window{from: wf, to: wt, at: later(wf, m.from)}
			if w.to.open() || m.to.before(w.to) {
				w.to = m.toEnd
			}
			out = ev.clip(out, w, m)
		}
	default: // AtEvent: the events in time order, each outside the last window opening one
		if m.dayOK && ev.e.facts[i].dayWindows {
			if ws, ok := ev.dayWindows(out, r, m); ok {
				return ws, nil
			}
		}
		var lastFrom, lastTo unixTime
		opened := false
		at := m.times()
		for _, k := range m.chronological() {
			e, a := &m.Events[k], at[k]
			if (e.Kind != OrderPaid && e.Kind != Broadcast) || a.before(m.from) || !a.before(m.to) || m.skip(e) {
				continue
			}
			if opened && !a.before(lastFrom) && (lastTo.open() || a.before(lastTo)) {
				continue // in the last window
			}
			lastFrom, lastTo = m.boundsAt(&r.Window, a)
			opened = true
			out = ev.clip(out, window{from: lastFrom, to: lastTo, at: later(lastFrom, m.from)}, m)
		}
	}
	return out, nil
}

// dayWindows appends the windows of rule r anchored at events, as the
// walk of the events in time order in windows does, from the days that
// have events, for a window of natural days or a calendar month and a
// period that m.dayOK says is in one zone offset. Such a window starts
// at the midnight of its event's day and ends at a later midnight, so
// the event opening a window is the first of its day, and its window is
// that of the day's midnight: the days with events, in a bitmap, say
// which windows open, with no sort. It reports false, with out as it
// was, should a window not end at a midnight after its day's (none of a
// validated programme does); windows then walks the events.
// TestDayWindowsMatches holds it to that walk.
func (ev *Evaluator) dayWindows(out []window, r *Rule, m *input) ([]window, bool) {
	days := m.eventDays()
	start := len(out)
	end := unixTime{sec: (m.day0+m.days)*86400 - m.zoneOff} // the midnight that ends the period's last day
	for d := nextDay(days, 0); d >= 0; {
		wf, wt := m.boundsAt(&r.Window, unixTime{sec: (m.day0+int64(d))*86400 - m.zoneOff})
		if wt.open() {
			return out[:start], false
		}
		out = ev.clip(out, window{from: wf, to: wt, at: later(wf, m.from)}, m)
		if !wt.before(end) {
			break // it covers every later day
		}
		next := (wt.sec + m.zoneOff) / 86400 // wt is after the first midnight of the period: not negative
		if wt.nsec != 0 || (wt.sec+m.zoneOff)%86400 != 0 || next-m.day0 <= int64(d) {
			return out[:start], false
		}
		d = nextDay(days, int(next-m.day0))
	}
	return out, true
}

// eventDays returns the days of the store under evaluation with events
// that open windows, in dayBits, computed on first use for the store.
func (m *input) eventDays() *[bitmapDays / 64]uint64 {
	if m.dayBitsOK && m.dayStore == m.store {
		return &m.dayBits
	}
	m.dayBits, m.dayStore, m.dayBitsOK = [bitmapDays / 64]uint64{}, m.store, true
	at := m.times()
	for k := range m.Events {
		e, a := &m.Events[k], at[k]
		if (e.Kind != OrderPaid && e.Kind != Broadcast) || a.before(m.from) || !a.before(m.to) || m.skip(e) {
			continue
		}
		d := floorDiv(a.sec+m.zoneOff, 86400) - m.day0 // in [0, days): dayOK
		m.dayBits[d>>6] |= 1 << (d & 63)
	}
	return &m.dayBits
}

// lastDay returns the last day set in days, or -1.
func lastDay(days *[bitmapDays / 64]uint64) int64 {
	for w := len(days) - 1; w >= 0; w-- {
		if x := days[w]; x != 0 {
			return int64(w<<6 + 63 - bits.LeadingZeros64(x))
		}
	}
	return -1
}

// nextDay returns the first day set in days at or after d, or -1.
func nextDay(days *[bitmapDays / 64]uint64, d int) int {
	if d >= bitmapDays {
		return -1
	}
	w := d >> 6
	x := days[w] &^ (1<<(d&63) - 1)
	for x == 0 {
		if w++; w == len(days) {
			return -1
		}
		x = days[w]
	}
	return w<<6 | bits.TrailingZeros64(x)
}

// chronological returns the indexes of the events in time order (to the
// second: windows start on whole seconds), ties in input order.
func (in *input) chronological() []int32 {
	es, at := in.Events, in.times()
	chrono := in.cbuf[:0]
	if len(es) > len(in.cbuf) {
		chrono = in.chronoBig
	}
	if in.chronoOK {
		return chrono[:len(es)]
	}
	if len(es) > len(in.cbuf) {
		in.chronoBig = make([]int32, len(es))
		chrono = in.chronoBig
	}
	chrono = chrono[:len(es)]
	sorted := true
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i := range chrono {
		chrono[i] = int32(i)
		sorted = sorted && (i == 0 || !at[i].before(at[i-1]))
		lo, hi = min(lo, at[i].sec), max(hi, at[i].sec)
	}
	in.chronoOK = true
	switch {
	case sorted:
	case len(es) <= 128 && uint64(hi-lo) < 1<<40:
		// By Unix second, then input order, as integers: windows start on
		// whole seconds, so events in one second share every window.
		var buf [128]uint64
		keys := buf[:len(es)]
		for i := range es {
			keys[i] = uint64(at[i].sec-lo)<<16 | uint64(i)
		}
		slices.Sort(keys)
		for k, key := range keys {
			chrono[k] = int32(key & 0xffff)
		}
	default:
		slices.SortStableFunc(chrono, func(a, b int32) int {
			return cmp.Or(cmp.Compare(at[a].sec, at[b].sec), cmp.Compare(at[a].nsec, at[b].nsec))
		})
	}
	return chrono
}

// windowBounds is w.Bounds(anchor, loc) for a window of a validated
// programme, without validating it again: the kinds computed from a date
// here, the others (business days) by Window.Bounds itself.
// TestWindowBoundsMatches holds the two together.
func windowBounds(w *Window, anchor time.Time, loc *time.Location) (from, to time.Time, err error) {
	switch w.Kind {
	case Fixed:
		return w.From, w.To, nil
	case NaturalDays:
		y, m, d := anchor.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+w.Days, 0, 0, 0, 0, loc), nil
	case CalendarMonth:
		y, m, _ := anchor.In(loc).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, loc), time.Date(y, m+1, 1, 0, 0, 0, 0, loc), nil
	case Activation:
		y, m, d := anchor.In(loc).Date()
		return time.Date(y, m, d+w.Lag, 0, 0, 0, 0, loc), time.Time{}, nil
	}
	return w.Bounds(anchor, loc)
}

// measure returns the GMV (paid less refunded) and order count of the
// events in [from, to) (to open for none).
func (in *input) measure(from, to unixTime) (gmv int64, orders int64, err error) {
	if t := &in.sums; t.ok && !in.byStore && (!t.ords || holds(from, to, t.ordLo, t.ordHi)) {
		return t.gmv, t.orders, nil // every order is in the window: the loop below adds them all, in this order
	}
	es, at := in.Events, in.times()
	for i := range es {
		e, a := &es[i], at[i]
		if (e.Kind != OrderPaid && e.Kind != OrderRefunded) || a.before(from) || (!to.open() && !a.before(to)) || in.skip(e) {
			continue
		}
		var ok bool
		if e.Kind == OrderPaid {
			gmv, ok = addInt(gmv, e.Amount.Units())
			orders++
		} else {
			gmv, ok = addInt(gmv, -e.Amount.Units())
		}
		if !ok {
			return 0, 0, fmt.Errorf("incentive: GMV: %w", commerce.ErrOverflow)
		}
	}
	return gmv, orders, nil
}

// fees returns the fees charged in [from, to) (to open for none), and
// false should their sum overflow.
func (in *input) fees(from, to unixTime) (fee int64, ok bool) {
	if t := &in.sums; t.ok && !in.byStore && (!t.fees || holds(from, to, t.feeLo, t.feeHi)) {
		return t.fee, true // every fee is in the window: the loop below adds them all, in this order
	}
	es, at := in.Events, in.times()
	for i := range es {
		e, a := &es[i], at[i]
		if e.Kind == FeeCharged && !a.before(from) && (to.open() || a.before(to)) && !in.skip(e) {
			if fee, ok = addInt(fee, e.Amount.Units()); !ok {
				return 0, false
			}
		}
	}
	return fee, true
}

func addInt(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0) || b == 0
}

// rule evaluates rule i, appending its grants and, for each window the
// merchant was not eligible in, a why-not marker; grants[ruleStart:] are
// the rule's so far (of other stores), which its caps count.
func (ev *Evaluator) rule(grants []grant, i int, m *input, idx []int32, ruleStart int) ([]grant, error) {
	e := ev.e
	p := &e.p
	r := &p.Rules[i]
	loc := e.loc
	f := &e.facts[i]
	if f.plain && f.dayRun && m.dayOK && m.nRuns < len(m.runs) {
		if g, ok := ev.dayRun(i, m); ok {
			if g.flags&gRun != 0 {
				grants = append(grants, g)
			}
			return grants, nil
		}
	}
	ws := m.wbuf[:m.wsN]
	var err error
	if c := e.winClass[i]; c != m.wsClass || m.wsStore != m.storeName {
		if ws, err = ev.windows(m.wbuf[:0], i, m); err != nil {
			return grants, err
		}
		m.wsClass, m.wsStore, m.wsN = -1, m.storeName, 0
		if len(ws) <= len(m.wbuf) { // in wbuf: remembered for the next rule of class c
			m.wsClass, m.wsN = c, len(ws)
		}
	}
	if f.plain {
		// What the loop below does for such a rule, in one step a window:
		// its award, whole (TestPlainRulesMatch holds the two together).
		g := plainGrant(r, i, m)
		for k := range ws {
			w := &ws[k]
			g.at, g.from, g.to = w.at.stored(), w.from.stored(), w.to.stored()
			grants = append(grants, g)
		}
		return grants, nil
	}
	// Each window by pointer, not copied, and one base grant whose
	// fields of a window are set in place: a struct just written field
	// by field and then copied whole is read back in wider loads, which
	// wait for those stores (a store-forwarding stall, a few percent of
	// an evaluation). earn sets base's measure, if any.
	base := grant{rule: int32(i), award: -1, product: -1, store: m.storeName}
	for k := range ws {
		w := &ws[k]
		if len(r.Eligibility) > 0 { // with none, evalAll passes
			at := w.at.in(loc)
			c := f.eligClass
			out := m.elig
			if c != m.eligClass || w.at != m.eligAt {
				// Not the eligibility last checked, of a rule with the same
				// predicates at the same instant (the treasure host's three
				// first-broadcast rules): check it. TestEligCacheMatches.
				out = evalAll(r.Eligibility, &m.Facts, at, loc)
				m.eligClass, m.eligAt, m.elig = c, w.at, out
			}
			switch out {
			case undecided:
				_, err := check(p.ID, p.Version, i, r, &m.Facts, at, loc, p.Currency)
				return grants, err
			case fail:
				grants = append(grants, grant{rule: int32(i), award: -1, at: w.at.stored(), product: -1, store: m.storeName, flags: gWhyNot})
				continue
			}
		}
		base.at, base.from, base.to, base.measured, base.day, base.month = w.at.stored(), w.from.stored(), w.to.stored(), 0, 0, 0
		if f.calendarCaps {
			base.day, base.month = m.dayMonthAt(w.at)
		}
		n := len(grants)
		if grants, err = ev.earn(grants, &base, r, m, idx, w); err != nil {
			return grants, err
		}
		if len(grants)-n > 1 && r.Per == PerProduct {
			// (A rule not per product earns in a window its milestones or
			// tiers in ascending order, all without a product: sorted.)
			sortGrants(grants[n:], m.names)
		}
		if len(r.Caps) == 0 {
			continue
		}
		for k := n; k < len(grants); k++ {
			if !ev.capGrant(&grants[k], r, m, grants[ruleStart:k]) {
				grants = slices.Delete(grants, k, k+1)
				k--
			}
		}
	}
	return grants, nil
}

// plainGrant returns the grant of plain rule r (index i) in a window,
// its instants not set.
func plainGrant(r *Rule, i int, m *input) grant {
	a := &r.Award
	g := grant{rule: int32(i), award: -1, product: -1, store: m.storeName, kind: a.Kind, views: a.Views, count: a.Count}
	if a.Amount != (commerce.Money{}) {
		g.amount, g.flags = a.Amount.Units(), gHasAmount
	}
	return g
}

// dayRun is the windows of a plain rule anchored at events with a
// window of n natural days, all in one zone offset and none cut: the
// days they open at, as bits, rather than windows, then grants, then
// packed records (see Evaluator.dayRun).
type dayRun struct {
	open  [bitmapDays / 64]uint64 // bit d: a window opens at the midnight of day day0+d
	n     int64                   // the days of a window
	words int                     // the size of its grants packed
	// lone reports that the first grant packs alone, before a run record
	// of the others of nb bitmap words when nb is not zero (see planAt).
	lone bool
	nb   int
}

// dayRun returns the placeholder grant (flag gRun) of plain rule i's
// grants over its windows anchored at events, of natural days, kept as a
// run in m.runs; a grant without the flag when it earns nothing. It
// reports false, changing nothing, unless the period starts on a whole
// second and every window of the period (the midnight of an event's day
// to n days later) is in the zone offset of the period's start and in
// the programme's effective period; windows then makes the windows and
// rule the grants.
//
// Under those conditions the windows are those dayWindows makes, and
// clip keeps them whole: boundsAt of a day's midnight is that midnight
// and the midnight n days later; the first window opens at the first
// day with an event, each next one at the first such day at or after
// the end of the last; each earns at its start, or at the period's start
// for a window of the period's first day that starts before it (and so
// in the period: its day has an event in the period, at or after the
// earning time). Every instant is a whole second, so each grant packs to
// the same size, the plain rule's grant with no instant's nanoseconds.
// withAward appends base with award k of r and its size, and returns
// the grant appended.
func withAward(grants []grant, base *grant, r *Rule, k int32) ([]grant, *grant) {
	grants = append(grants, *base)
	g := &grants[len(grants)-1]
	a := awardOf(r, k)
	g.award, g.kind, g.views, g.count = k, a.Kind, a.Views, a.Count
	if a.Amount != (commerce.Money{}) {
		g.amount, g.flags = a.Amount.Units(), g.flags|gHasAmount
	}
	return grants, g
}

// earn appends what rule r earns over window w; idx are the events'
// indexes sorted by product.
func (ev *Evaluator) earn(grants []grant, base *grant, r *Rule, m *input, idx []int32, w *window) ([]grant, error) {
	cur := ev.e.p.Currency
	if r.Per == PerProduct {
		es, at := m.Events, m.times()
		for k := 0; k < len(idx); {
			product := es[idx[k]].Product
			var gmv, orders int64
			for ; k < len(idx) && es[idx[k]].Product == product; k++ {
				e, a := &es[idx[k]], at[idx[k]]
				if (e.Kind != OrderPaid && e.Kind != OrderRefunded) || a.before(w.from) || (!w.to.open() && !a.before(w.to)) || m.skip(e) {
					continue
				}
				var ok bool
				if e.Kind == OrderPaid {
					gmv, ok = addInt(gmv, e.Amount.Units())
					orders++
				} else {
					gmv, ok = addInt(gmv, -e.Amount.Units())
				}
				if !ok {
					return grants, fmt.Errorf("incentive: GMV of product %q: %w", product, commerce.ErrOverflow)
				}
			}
			if product == "" || orders == 0 || !meets(r.Minimums, gmv, orders) {
				continue
			}
			var g *grant
			grants, g = withAward(grants, base, r, -1)
			g.product = m.name(product)
		}
		return grants, nil
	}
	switch {
	case r.Award.Kind == FeeCashback:
		fee, ok := m.fees(w.from, w.to)
		if !ok {
			return grants, fmt.Errorf("incentive: rule %q: fees: %w", r.ID, commerce.ErrOverflow)
		}
		if fee == 0 {
			return grants, nil
		}
		amt, err := commerce.MustNewMoney(fee, cur).MulRate(r.Award.Rate, ev.e.p.Rounding)
		if err != nil {
			return grants, fmt.Errorf("incentive: rule %q: cashback: %w", r.ID, err)
		}
		var g *grant
		grants, g = withAward(grants, base, r, -1)
		g.amount, g.flags = amt.Units(), g.flags|gHasAmount|gRounded
		return grants, nil
	case r.Metric == 0 && len(r.Minimums) == 0:
		grants, _ = withAward(grants, base, r, -1)
		return grants, nil
	}
	gmv, orders, err := m.measure(w.from, w.to)
	if err != nil {
		return grants, err
	}
	v := gmv
	if r.Metric == Orders {
		v = orders
	}
	f := &ev.e.facts[base.rule]
	if f.baseline {
		prior, _, err := m.measure(instOf(r.Baseline.Prior.From), unixTimeOf(r.Baseline.Prior.To))
		if err != nil {
			return grants, err
		}
		v = gmv - prior
		if v <= 0 || v < r.Baseline.MinIncrement.Units() {
			return grants, nil
		}
	}
	base.measured = v
	switch {
	case f.ranking:
		if meets(r.Minimums, gmv, orders) {
			var g *grant
			grants, g = withAward(grants, base, r, -1)
			g.rank = -1 // a candidate: see Evaluator.Rank
		}
	case len(r.Milestones) > 0:
		for k, ms := range r.Milestones {
			if v < ms.Threshold.Units() || len(m.prior) != 0 && paidRung(m.prior, ev.e.p.ID, r.ID, ms.Threshold) {
				continue
			}
			grants, _ = withAward(grants, base, r, int32(k))
		}
	case len(r.Tiers) > 0:
		for k, t := range r.Tiers {
			if v >= t.From.Units() && (t.To == (commerce.Money{}) || v < t.To.Units()) {
				grants, _ = withAward(grants, base, r, int32(k))
			}
		}
	default:
		if meets(r.Minimums, gmv, orders) {
			grants, _ = withAward(grants, base, r, -1)
		}
	}
	return grants, nil
}

// MeasuredText returns Measured as text: "CNY 52000.00" for a money
// metric, "12" for a count, empty without a metric.
func (g Grant) MeasuredText() string {
	switch {
	case g.Metric == 0:
		return ""
	case g.Metric.money() && g.cur != 0:
		return commerce.MustNewMoney(g.Measured, g.cur).String()
	}
	return fmt.Sprint(g.Measured)
}

// meets reports whether gmv and orders reach every minimum.
func meets(ms []Minimum, gmv, orders int64) bool {
	for _, mn := range ms {
		switch mn.Metric {
		case GMV, IncrementalGMV:
			if gmv < mn.Amount.Units() {
				return false
			}
		case Orders:
			if orders < mn.Count {
				return false
			}
		}
	}
	return true
}

// paidRung reports whether prior holds the grant of the milestone rung
// of programme's rule: a rung paid before, which is paid once.
func paidRung(prior []Grant, programme, rule string, rung commerce.Money) bool {
	return slices.ContainsFunc(prior, func(g Grant) bool { return g.Programme == programme && g.Rule == rule && g.Rung == rung })
}

// units is what an award of kind, amount (minor units), views and count
// consumes of a cap: money for money caps, else views, coupons or one
// award.
func units(kind AwardKind, amount, views, count int64, money bool) int64 {
	switch {
	case money && kind == Coupons:
		return amount * count
	case money:
		return amount
	case kind == TrafficViews:
		return views
	case kind == Coupons:
		return count
	}
	return 1
}

func (g *grant) units(money bool) int64 { return units(g.kind, g.amount, g.views, g.count, money) }

// samePeriod reports whether grant a and a grant b of the same rule
// (whether of the same store, its day, month and window start) count
// against the same
// period and entity of cap c.
func samePeriod(c *Cap, a *grant, sameStore bool, bDay, bMonth int32, bFrom unixTime) bool {
	if c.Entity == Store && !sameStore {
		return false
	}
	switch c.Period {
	case PerDay:
		return a.day == bDay
	case PerMonth:
		return a.month == bMonth
	case PerWindow:
		return a.from == bFrom
	}
	return true // Lifetime
}

// calendarCaps reports whether a cap counts per day or month.
func calendarCaps(cs []Cap) bool {
	for i := range cs {
		if cs[i].Period == PerDay || cs[i].Period == PerMonth {
			return true
		}
	}
	return false
}

// dayMonth returns the day of t in loc as days since 1970-01-01 and its
// month as months since January of year 0.
func dayMonth(t time.Time, loc *time.Location) (day, month int32) {
	y, m, d := t.In(loc).Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400), int32(y*12 + int(m) - 1)
}

// capGrant cuts g to what rule r's caps leave, counting prior grants and
// earlier grants of this evaluation (earlier holds the rule's grants so
// far, and why-not markers); it reports false when nothing is left.
func (ev *Evaluator) capGrant(g *grant, r *Rule, m *input, earlier []grant) bool {
	p := &ev.e.p
	var tightest, tightestLimit int64 // the cap with the least share left
	for ci := range r.Caps {
		c := &r.Caps[ci]
		money := c.Amount != (commerce.Money{})
		limit := c.Count
		if money {
			limit = c.Amount.Units()
		}
		var used int64
		for k := range m.prior {
			pg := &m.prior[k]
			if pg.Programme == p.ID && pg.Rule == r.ID {
				day, month := dayMonth(pg.EarnedAt, ev.e.loc)
				if !samePeriod(c, g, name(m.names, g.store) == pg.Store, day, month, unixTimeOf(pg.From)) {
					continue
				}
				used += units(pg.Kind, pg.Amount.Units(), pg.Views, pg.Count, money)
			}
		}
		for k := range earlier {
			eg := &earlier[k]
			if eg.flags&gWhyNot == 0 && samePeriod(c, g, g.store == eg.store, eg.day, eg.month, eg.from) {
				used += eg.units(money)
			}
		}
		left := max(limit-used, 0)
		want := g.units(money)
		if want > left {
			g.flags |= gCapped
			switch {
			case left == 0:
				return false
			case money && g.kind != Coupons:
				g.amount = left
			case !money && g.kind == TrafficViews:
				g.views = left
			case !money && g.kind == Coupons:
				g.count = left
			default: // a money cap on coupons: whole coupons only
				if g.count = left / g.amount; g.count == 0 {
					return false
				}
			}
			want = g.units(money)
		}
		if rest := left - want; tightestLimit == 0 || lessShare(rest, limit, tightest, tightestLimit) {
			tightest, tightestLimit = rest, limit
			g.capUsed, g.capLeft = used+want, rest
			g.flags = g.flags&^gCapMoney | gCapped1
			if money {
				g.flags |= gCapMoney
			}
		}
	}
	return true
}

func unitName(k AwardKind) string {
	switch k {
	case TrafficViews:
		return "views"
	case Coupons:
		return "coupons"
	}
	return "awards"
}

// sortGrants orders one window's grants of one rule by product and rung
// (the award's index: milestones and tiers ascend).
func sortGrants(gs []grant, names []string) {
	slices.SortStableFunc(gs, func(a, b grant) int {
		return cmp.Or(cmp.Compare(name(names, a.product), name(names, b.product)), cmp.Compare(a.award, b.award))
	})
}

// Value is what a programme is worth to one merchant over a horizon, for
// a side-by-side comparison (see [Catalogue.WhatIf]): the money of its
// monetary grants (cash, coupons at face value, growth cards, ads credit,
// fee cashback), its traffic views and its perks, which the sources do
// not quantify.
type Value struct {
	// Programme is the programme; Versions are the versions in effect
	// over the horizon, in time order.
	Programme string
	Versions  []string
	// Money is the sum of the monetary grants, in the programme's
	// currency.
	Money commerce.Money
	// Views is the sum of the traffic views granted.
	Views int64
	// Perks counts the unquantified grants (perks, fee reductions).
	Perks int
	// Grants counts every grant.
	Grants int
}

// WhatIf evaluates the profile under each programme of ids over the
// horizon [from, to), each part of it under the version in effect then as
// known at to (a programme in effect for part of the horizon counts for
// that part), and returns their values side by side, in the order of ids:
// which platform's incentives are worth more to this merchant. It fails
// as [Evaluator.Evaluate] does, or with [ErrUnknownProgramme], naming the
// programme; it returns no values then.
func (c Catalogue) WhatIf(m Profile, from, to time.Time, ids ...string) ([]Value, error) {
	if !from.Before(to) {
		return nil, fieldErr("horizon", "from %s is not before to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	out := make([]Value, 0, len(ids))
	for _, id := range ids {
		es, ok := c.byID[id]
		if !ok {
			return nil, fmt.Errorf("incentive: what-if: programme %q: %w", id, ErrUnknownProgramme)
		}
		v := Value{Programme: id}
		for t := from; t.Before(to); {
			e, err := c.lookup(id, t, to)
			if err != nil { // nothing in effect at t: skip to the next version that starts later
				next := to
				for _, o := range es {
					if o.p.Effective.From.After(t) && o.p.Effective.From.Before(next) && !o.p.Recorded.After(to) {
						next = o.p.Effective.From
					}
				}
				t = next
				continue
			}
			end := to
			if et := e.p.Effective.To; !et.IsZero() && et.Before(to) {
				end = et
			}
			if err := v.add(&Evaluator{e: e}, m, t, end); err != nil {
				return nil, fmt.Errorf("incentive: what-if %s: %w", id, err)
			}
			t = end
		}
		out = append(out, v)
	}
	return out, nil
}

// add evaluates m under ev over [from, to) and adds the grants to v.
func (v *Value) add(ev *Evaluator, m Profile, from, to time.Time) error {
	res, err := ev.Evaluate(m, from, to)
	if err != nil {
		return err
	}
	p := &ev.e.p
	if v.Money == (commerce.Money{}) {
		v.Money = commerce.Zero(p.Currency)
	}
	v.Versions = append(v.Versions, p.Version)
	gs := unpackAll(res.words())
	for k := range gs {
		g := &gs[k]
		if g.flags&gWhyNot != 0 {
			continue
		}
		v.Grants++
		switch {
		case g.kind.monetary():
			if v.Money, err = v.Money.Add(commerce.MustNewMoney(g.units(true), p.Currency)); err != nil {
				return err
			}
		case g.kind == TrafficViews:
			v.Views += g.views
		default:
			v.Perks++
		}
	}
	return nil
}

// Rank evaluates a cohort of merchants over [from, to), as
// [Evaluator.Evaluate] does for each, and awards each ranking rule to the
// Top eligible merchants by its metric (after any baseline and minimums),
// highest first, ties broken by the rule's declared keys in order (an
// unknown or never first broadcast or opening ranks after every known
// one), the last of which, the lower merchant ID, is unique. An eligible
// merchant ranked below the Top gets a why-not entry of its rank (see
// [Result.WhyNot]). The results come in the order of ms, and do not
// depend on it. Two profiles with one
// merchant ID are a *[commerce.FieldError]; any error of Evaluate names
// the profile, and no result is returned.
func (ev *Evaluator) Rank(ms []Profile, from, to time.Time) ([]Result, error) {
	out := make([]Result, len(ms))
	gs := make([][]grant, len(ms)) // out's grants, unpacked to rank
	seen := make(map[string]int, len(ms))
	for i := range ms {
		if j, ok := seen[ms[i].Facts.Merchant]; ok {
			return nil, fieldErr(fmt.Sprintf("profiles[%d]: merchant", i), "%q repeats profiles[%d]", ms[i].Facts.Merchant, j)
		}
		seen[ms[i].Facts.Merchant] = i
		var err error
		if out[i], err = ev.evaluate(&ms[i], from, to, true); err != nil {
			return nil, fmt.Errorf("incentive: profiles[%d] (%s): %w", i, ms[i].Facts.Merchant, err)
		}
		gs[i] = unpackAll(out[i].words())
	}
	type cand struct{ res, grant int }
	for ri := range ev.e.p.Rules {
		r := &ev.e.p.Rules[ri]
		if r.Ranking.IsZero() {
			continue
		}
		var cs []cand
		for i := range gs {
			for k, g := range gs[i] {
				if int(g.rule) == ri && g.rank < 0 && g.flags&gWhyNot == 0 {
					cs = append(cs, cand{i, k})
				}
			}
		}
		slices.SortFunc(cs, func(a, b cand) int {
			ga, gb := &gs[a.res][a.grant], &gs[b.res][b.grant]
			if c := cmp.Compare(gb.measured, ga.measured); c != 0 {
				return c
			}
			fa, fb := &out[a.res].facts, &out[b.res].facts
			for _, k := range r.Ranking.TieBreak {
				var c int
				switch k {
				case EarlierFirstBroadcast:
					c = earlier(fa.Known.Has(FactFirstBroadcastAt), fa.FirstBroadcastAt, fb.Known.Has(FactFirstBroadcastAt), fb.FirstBroadcastAt)
				case EarlierOpening:
					c = earlier(fa.Known.Has(FactOpenedAt), fa.OpenedAt, fb.Known.Has(FactOpenedAt), fb.OpenedAt)
				default:
					c = cmp.Compare(fa.Merchant, fb.Merchant)
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
		for n, c := range cs {
			g := &gs[c.res][c.grant]
			if n < r.Ranking.Top {
				g.rank = int32(n + 1)
				continue
			}
			// Outranked: a why-not marker of its rank, the candidates,
			// and the measure of the last rank awarded (see grant.rank).
			cut := gs[cs[r.Ranking.Top-1].res][cs[r.Ranking.Top-1].grant].measured
			*g = grant{rule: g.rule, award: -1, product: -1, store: g.store, at: g.at, from: g.from, to: g.to,
				measured: g.measured, amount: cut, count: int64(len(cs)), rank: int32(n + 1), flags: gWhyNot}
		}
	}
	for i := range out {
		out[i].setGrants(slices.DeleteFunc(gs[i], func(g grant) bool { return g.rank < 0 }), nil, nil)
	}
	return out, nil
}

// earlier orders two optional instants, the known non-zero one first.
func earlier(okA bool, a time.Time, okB bool, b time.Time) int {
	okA, okB = okA && !a.IsZero(), okB && !b.IsZero()
	switch {
	case okA && okB:
		return a.Compare(b)
	case okA:
		return -1
	case okB:
		return 1
	}
	return 0
}

// capText returns n in the cap's unit as text: "60000 views",
// "CNY 600.00".
func (g *Grant) capText(n int64) string {
	if g.CapUnit == g.cur.String() && g.cur != 0 {
		return commerce.MustNewMoney(n, g.cur).String()
	}
	return fmt.Sprintf("%d %s", n, g.CapUnit)
}

// lessShare reports whether a/la < b/lb exactly, for non-negative a, b
// and positive limits, by 128-bit cross-multiplication.
func lessShare(a, la, b, lb int64) bool {
	ahi, alo := bits.Mul64(uint64(a), uint64(lb))
	bhi, blo := bits.Mul64(uint64(b), uint64(la))
	return ahi < bhi || ahi == bhi && alo < blo
}
