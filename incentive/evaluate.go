package incentive

import (
	"cmp"
	"fmt"
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
	// Prior are its grants of earlier periods, from earlier results.
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
	// Store is the store of a store-level award.
	Store string
	// Rung is the threshold of a first-time milestone, zero otherwise.
	Rung commerce.Money
	// EarnedAt is when it was earned; From and To bound the rule's window
	// (To zero for open).
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
	// at EarnedAt); score is the metric, for rankings.
	rule  int
	score int64
	cur   commerce.Currency
}

// Result is what [Evaluator.Evaluate] returns: the grants earned in the
// period, sorted by rule order, then time, product and rung, and the
// rules the merchant was not eligible for. Its JSON ([Result.MarshalJSON])
// is stable: same inputs, same bytes.
type Result struct {
	ev       *Evaluator
	facts    Facts
	from, to time.Time
	grants   []Grant
	whyNot   []ruleCheck // the rules not earned
}

// ruleCheck is a rule's eligibility check at a time.
type ruleCheck struct {
	rule int
	at   time.Time
}

// Grants returns the grants earned, in a fresh slice.
func (r Result) Grants() []Grant { return slices.Clone(r.grants) }

// Evaluate evaluates merchant m over the period [from, to): every rule
// whose beneficiary is a merchant or a store, its eligibility checked at
// the start of its window in the period (a rule anchored at the first
// broadcast, at the broadcast), its award measured over the window,
// cut by its caps (counting m.Prior) and by the programme's stacking.
// Milestone rungs in m.Prior are not paid again. A ranking rule needs the
// whole cohort: Evaluate awards none, [Evaluator.Rank] does.
//
// It is pure and order-independent: the same merchant with its events
// in any order gives the same Result. It fails, awarding nothing, with
// a *[commerce.FieldError] for a malformed period, facts or event (an
// event in another currency is also [commerce.ErrCurrencyMismatch]),
// [ErrConflict] for two different events with one kind and ID, and
// [ErrMissingFact] when a rule needs a fact not known.
func (ev *Evaluator) Evaluate(m Profile, from, to time.Time) (Result, error) {
	res, err := ev.evaluate(m, from, to)
	if err != nil {
		return Result{}, err
	}
	res.grants = slices.DeleteFunc(res.grants, func(g Grant) bool { return g.Rank < 0 })
	return res, nil
}

// evaluate is Evaluate keeping the ranking candidates (Rank -1).
func (ev *Evaluator) evaluate(m Profile, from, to time.Time) (Result, error) {
	p := &ev.e.p
	if !from.Before(to) {
		return Result{}, fieldErr("period", "from %s is not before to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	if !factsValid(&m.Facts, p.Currency) {
		if err := m.Facts.validate(p.Currency); err != nil {
			return Result{}, err
		}
	}
	if err := checkEvents(m.Events, p.Currency); err != nil {
		return Result{}, err
	}
	in := input{Profile: m, idx: make([]int32, len(m.Events))}
	if err := in.dedup(); err != nil {
		return Result{}, err
	}
	in.byProduct()
	res := Result{ev: ev, facts: m.Facts, from: from, to: to, grants: make([]Grant, 0, 8+len(m.Events)/4)}
	var applicable [32]int
	app := applicable[:0]
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Beneficiary != Merchant && r.Beneficiary != Store {
			continue
		}
		n := len(res.grants)
		var err error
		res.grants, res.whyNot, err = ev.rule(res.grants, res.whyNot, i, &in, from, to)
		if err != nil {
			return Result{}, err
		}
		if len(res.grants) > n {
			app = append(app, i)
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
			res.grants = slices.DeleteFunc(res.grants, func(g Grant) bool { return !slices.Contains(kept, g.rule) })
		}
	}
	return res, nil
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

// checkEvents validates events: known kinds, IDs, times, amounts in cur,
// each alone (see input.dedup for repeats).
func checkEvents(es []Event, cur commerce.Currency) error {
	for i := range es {
		e := &es[i]
		field := func() string { return fmt.Sprintf("events[%d]", i) }
		switch {
		case e.Kind == 0 || e.Kind >= numEventKinds:
			return fieldErr(field()+": kind", "unknown %v", e.Kind)
		case e.At.IsZero():
			return fieldErr(field()+": at", "no time")
		case ident.Problem(e.ID) != "":
			return checkID(field()+": id", e.ID)
		}
		money := e.Kind == OrderPaid || e.Kind == OrderRefunded || e.Kind == FeeCharged
		switch {
		case money && e.Amount.Currency() != cur:
			return &commerce.FieldError{Field: field() + ": amount", Err: &commerce.MismatchError{A: cur, B: e.Amount.Currency()}}
		case money && e.Amount.IsNegative():
			return fieldErr(field()+": amount", "negative %v", e.Amount)
		case !money && e.Amount != (commerce.Money{}):
			return fieldErr(field()+": amount", "a %v has no amount", e.Kind)
		}
	}
	return nil
}

// input is a profile under evaluation, its events without repeats, and
// idx, the indexes of its events sorted by product.
type input struct {
	Profile
	idx []int32
	// memo holds the last window bounds computed, so that rules with the
	// same window and anchor (the treasure host's three first-broadcast
	// rules) compute them once per evaluation; nmemo counts them.
	memo  [4]boundsMemo
	nmemo int
}

// boundsMemo is one computed window: the window's shape, its anchor and
// its bounds.
type boundsMemo struct {
	kind      WindowKind
	days, lag int
	at        time.Time
	from, to  time.Time
}

// bounds is windowBounds(w, at, loc), remembered for the windows computed
// from a date (the evaluator's location is fixed).
func (in *input) bounds(w *Window, at time.Time, loc *time.Location) (from, to time.Time, err error) {
	if w.Kind != NaturalDays && w.Kind != CalendarMonth && w.Kind != Activation {
		return windowBounds(w, at, loc)
	}
	for k := range min(in.nmemo, len(in.memo)) {
		b := &in.memo[k]
		if b.kind == w.Kind && b.days == w.Days && b.lag == w.Lag && b.at.Equal(at) {
			return b.from, b.to, nil
		}
	}
	from, to, err = windowBounds(w, at, loc)
	in.memo[in.nmemo%len(in.memo)] = boundsMemo{kind: w.Kind, days: w.Days, lag: w.Lag, at: at, from: from, to: to}
	in.nmemo++
	return from, to, err
}

// dedup drops repeated events (the same kind, ID and contents) and fails
// with ErrConflict on two different events with one kind and ID. It
// copies the events only when one repeats.
func (in *input) dedup() error {
	es := in.Events
	for i := range in.idx {
		in.idx[i] = int32(i)
	}
	slices.SortFunc(in.idx, func(a, b int32) int {
		return cmp.Or(cmp.Compare(es[a].Kind, es[b].Kind), cmp.Compare(es[a].ID, es[b].ID), cmp.Compare(a, b))
	})
	dups := false
	for k := 1; k < len(in.idx); k++ {
		a, b := &es[in.idx[k-1]], &es[in.idx[k]]
		if a.Kind != b.Kind || a.ID != b.ID {
			continue
		}
		if !sameEvent(a, b) {
			return fmt.Errorf("incentive: events[%d] and events[%d]: %v %q: %w", in.idx[k-1], in.idx[k], b.Kind, b.ID, ErrConflict)
		}
		dups = true
	}
	if !dups {
		return nil
	}
	out := make([]Event, 0, len(es))
	for k, i := range in.idx {
		if k == 0 || es[in.idx[k-1]].Kind != es[i].Kind || es[in.idx[k-1]].ID != es[i].ID {
			out = append(out, es[i])
		}
	}
	in.Events, in.idx = out, in.idx[:len(out)]
	return nil
}

// byProduct sorts idx by product.
func (in *input) byProduct() {
	es := in.Events
	for i := range in.idx {
		in.idx[i] = int32(i)
	}
	slices.SortFunc(in.idx, func(a, b int32) int { return cmp.Or(cmp.Compare(es[a].Product, es[b].Product), cmp.Compare(a, b)) })
}

func sameEvent(a, b *Event) bool {
	return a.At.Equal(b.At) && a.Amount == b.Amount && a.Product == b.Product && a.Store == b.Store
}

// window is one window of a rule within the period.
type window struct {
	from, to, at time.Time // at: eligibility check and earning time
}

// windows appends the rule's windows that earn in [from, to).
func (ev *Evaluator) windows(out []window, r *Rule, m *input, from, to time.Time) ([]window, error) {
	p, loc := &ev.e.p, ev.e.loc
	clip := func(w window) {
		if w.from.Before(p.Effective.From) {
			w.from = p.Effective.From
		}
		if !p.Effective.To.IsZero() && (w.to.IsZero() || p.Effective.To.Before(w.to)) {
			w.to = p.Effective.To
		}
		if (w.to.IsZero() || w.from.Before(w.to)) && !w.at.Before(from) && w.at.Before(to) {
			out = append(out, w)
		}
	}
	anchored := func(fact Fact, at time.Time) error {
		if !m.Facts.Known.Has(fact) {
			return fmt.Errorf("incentive: programme %s@%s: rule %q: %v not known: %w", p.ID, p.Version, r.ID, fact, ErrMissingFact)
		}
		if at.IsZero() {
			return nil
		}
		wf, wt, _ := m.bounds(&r.Window, at, loc)
		clip(window{from: wf, to: wt, at: at})
		return nil
	}
	switch r.Anchor {
	case 0:
		wf, wt := from, to
		if r.Window.Kind == Fixed {
			wf, wt = r.Window.From, r.Window.To
		}
		if wt.IsZero() || wt.After(from) {
			clip(window{from: wf, to: wt, at: later(later(wf, from), p.Effective.From)})
		}
	case AtFirstBroadcast:
		return out, anchored(FactFirstBroadcastAt, m.Facts.FirstBroadcastAt)
	case AtOpening:
		return out, anchored(FactOpenedAt, m.Facts.OpenedAt)
	case AtQualification:
		var first time.Time
		for _, e := range m.Events {
			if e.Kind == Qualified && (first.IsZero() || e.At.Before(first)) {
				first = e.At
			}
		}
		if !first.IsZero() {
			wf, wt, _ := m.bounds(&r.Window, first, loc)
			w := window{from: wf, to: wt, at: later(wf, from)}
			if w.to.IsZero() || w.to.After(to) {
				w.to = to
			}
			clip(w)
		}
	default: // AtEvent: one window per distinct window start among the events
		for _, e := range m.Events {
			if (e.Kind != OrderPaid && e.Kind != Broadcast) || e.At.Before(from) || !e.At.Before(to) {
				continue
			}
			if slices.ContainsFunc(out, func(w window) bool { return !e.At.Before(w.from) && (w.to.IsZero() || e.At.Before(w.to)) }) {
				continue // partitioning windows: the event's window is already there
			}
			wf, wt, _ := m.bounds(&r.Window, e.At, loc)
			if slices.ContainsFunc(out, func(w window) bool { return w.from.Equal(wf) }) {
				continue
			}
			clip(window{from: wf, to: wt, at: later(wf, from)})
		}
		slices.SortFunc(out, func(a, b window) int { return a.from.Compare(b.from) })
	}
	return out, nil
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
// events in [from, to) (to zero for open).
func measure(es []Event, from, to time.Time) (gmv int64, orders int64, err error) {
	for i := range es {
		e := &es[i]
		if e.At.Before(from) || (!to.IsZero() && !e.At.Before(to)) {
			continue
		}
		var ok bool
		switch e.Kind {
		case OrderPaid:
			gmv, ok = addInt(gmv, e.Amount.Units())
			orders++
		case OrderRefunded:
			gmv, ok = addInt(gmv, -e.Amount.Units())
		default:
			continue
		}
		if !ok {
			return 0, 0, fmt.Errorf("incentive: GMV: %w", commerce.ErrOverflow)
		}
	}
	return gmv, orders, nil
}

func addInt(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0) || b == 0
}

// rule evaluates rule i, appending its grants and, when the merchant is
// not eligible, a why-not marker.
func (ev *Evaluator) rule(grants []Grant, whyNot []ruleCheck, i int, m *input, from, to time.Time) ([]Grant, []ruleCheck, error) {
	p := &ev.e.p
	r := &p.Rules[i]
	var buf [8]window
	ws, err := ev.windows(buf[:0], r, m, from, to)
	if err != nil {
		return grants, whyNot, err
	}
	start := -1
	for _, w := range ws {
		switch evalAll(r.Eligibility, &m.Facts, w.at, ev.e.loc) {
		case undecided:
			_, err := check(p.ID, p.Version, i, r, &m.Facts, w.at, ev.e.loc, p.Currency)
			return grants, whyNot, err
		case fail:
			whyNot = append(whyNot, ruleCheck{rule: i, at: w.at})
			continue
		}
		base := Grant{Programme: p.ID, Version: p.Version, Rule: r.ID, EarnedAt: w.at, From: w.from, To: w.to, Metric: r.Metric, rule: i, cur: p.Currency}
		n := len(grants)
		if start < 0 {
			start = n
		}
		if grants, err = ev.earn(grants, base, r, m, w); err != nil {
			return grants, whyNot, err
		}
		sortGrants(grants[n:])
		for k := n; k < len(grants); k++ {
			if !ev.capGrant(&grants[k], r, m, grants[start:k]) {
				grants = slices.Delete(grants, k, k+1)
				k--
			}
		}
	}
	return grants, whyNot, nil
}

// earn appends what rule r earns over window w.
func (ev *Evaluator) earn(grants []Grant, base Grant, r *Rule, m *input, w window) ([]Grant, error) {
	cur := ev.e.p.Currency
	if r.Per == PerProduct {
		es := m.Events
		for k := 0; k < len(m.idx); {
			product := es[m.idx[k]].Product
			var gmv, orders int64
			for ; k < len(m.idx) && es[m.idx[k]].Product == product; k++ {
				e := &es[m.idx[k]]
				if e.At.Before(w.from) || (!w.to.IsZero() && !e.At.Before(w.to)) {
					continue
				}
				var ok bool
				switch e.Kind {
				case OrderPaid:
					gmv, ok = addInt(gmv, e.Amount.Units())
					orders++
				case OrderRefunded:
					gmv, ok = addInt(gmv, -e.Amount.Units())
				default:
					continue
				}
				if !ok {
					return grants, fmt.Errorf("incentive: GMV of product %q: %w", product, commerce.ErrOverflow)
				}
			}
			if product == "" || orders == 0 || !meets(r.Minimums, gmv, orders) {
				continue
			}
			g := withAward(base, r.Award)
			g.Product = product
			grants = append(grants, g)
		}
		return grants, nil
	}
	switch {
	case r.Award.Kind == FeeCashback:
		var fee int64
		for i := range m.Events {
			e := &m.Events[i]
			if e.Kind == FeeCharged && !e.At.Before(w.from) && (w.to.IsZero() || e.At.Before(w.to)) {
				fee += e.Amount.Units()
			}
		}
		if fee == 0 {
			return grants, nil
		}
		amt, err := commerce.MustNewMoney(fee, cur).MulRate(r.Award.Rate, ev.e.p.Rounding)
		if err != nil {
			return grants, fmt.Errorf("incentive: rule %q: cashback: %w", r.ID, err)
		}
		g := withAward(base, r.Award)
		g.Amount, g.Rounding = amt, ev.e.p.Rounding
		return append(grants, g), nil
	case r.Metric == 0 && len(r.Minimums) == 0:
		return append(grants, withAward(base, r.Award)), nil
	}
	gmv, orders, err := measure(m.Events, w.from, w.to)
	if err != nil {
		return grants, err
	}
	v := gmv
	if r.Metric == Orders {
		v = orders
	}
	if !r.Baseline.IsZero() {
		prior, _, err := measure(m.Events, r.Baseline.Prior.From, r.Baseline.Prior.To)
		if err != nil {
			return grants, err
		}
		v = gmv - prior
		if v <= 0 || v < r.Baseline.MinIncrement.Units() {
			return grants, nil
		}
	}
	base.Measured, base.score = v, v
	switch {
	case !r.Ranking.IsZero():
		if meets(r.Minimums, gmv, orders) {
			g := withAward(base, r.Award)
			g.Rank = -1 // a candidate: see Evaluator.Rank
			grants = append(grants, g)
		}
	case len(r.Milestones) > 0:
		for _, ms := range r.Milestones {
			if v < ms.Threshold.Units() || paidRung(m.Prior, base.Programme, r.ID, ms.Threshold) {
				continue
			}
			g := withAward(base, ms.Award)
			g.Rung = ms.Threshold
			grants = append(grants, g)
		}
	case len(r.Tiers) > 0:
		for _, t := range r.Tiers {
			if v >= t.From.Units() && (t.To == (commerce.Money{}) || v < t.To.Units()) {
				grants = append(grants, withAward(base, t.Award))
			}
		}
	default:
		if meets(r.Minimums, gmv, orders) {
			grants = append(grants, withAward(base, r.Award))
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

func paidRung(prior []Grant, programme, rule string, rung commerce.Money) bool {
	return slices.ContainsFunc(prior, func(g Grant) bool { return g.Programme == programme && g.Rule == rule && g.Rung == rung })
}

// withAward copies the award's size into g.
func withAward(g Grant, a Award) Grant {
	g.Kind, g.Amount, g.Views, g.Count, g.Note = a.Kind, a.Amount, a.Views, a.Count, a.Note
	return g
}

// units is what g consumes of a cap: money for money caps, else views,
// coupons or one award.
func units(g *Grant, money bool) int64 {
	switch {
	case money && g.Kind == Coupons:
		return g.Amount.Units() * g.Count
	case money:
		return g.Amount.Units()
	case g.Kind == TrafficViews:
		return g.Views
	case g.Kind == Coupons:
		return g.Count
	}
	return 1
}

// samePeriod reports whether grants a and b count against the same cap
// period and entity.
func (ev *Evaluator) samePeriod(c Cap, a, b *Grant) bool {
	if a.Programme != b.Programme || a.Rule != b.Rule || (c.Entity == Store && a.Store != b.Store) {
		return false
	}
	loc := ev.e.loc
	switch c.Period {
	case PerDay:
		return DateOf(a.EarnedAt, loc) == DateOf(b.EarnedAt, loc)
	case PerMonth:
		da, db := DateOf(a.EarnedAt, loc), DateOf(b.EarnedAt, loc)
		return da.Year == db.Year && da.Month == db.Month
	case PerWindow:
		return a.From.Equal(b.From)
	}
	return true // Lifetime
}

// capGrant cuts g to what the rule's caps leave, counting prior grants
// and earlier grants of this evaluation; it reports false when nothing is
// left.
func (ev *Evaluator) capGrant(g *Grant, r *Rule, m *input, earlier []Grant) bool {
	cur := ev.e.p.Currency
	var tightest, tightestLimit int64 // the cap with the least share left
	for _, c := range r.Caps {
		money := c.Amount != (commerce.Money{})
		limit := c.Count
		if money {
			limit = c.Amount.Units()
		}
		var used int64
		for _, gs := range [2][]Grant{m.Prior, earlier} {
			for k := range gs {
				if ev.samePeriod(c, g, &gs[k]) {
					used += units(&gs[k], money)
				}
			}
		}
		left := max(limit-used, 0)
		want := units(g, money)
		if want > left {
			g.Capped = true
			switch {
			case left == 0:
				return false
			case money && g.Kind != Coupons:
				g.Amount = commerce.MustNewMoney(left, cur)
			case !money && g.Kind == TrafficViews:
				g.Views = left
			case !money && g.Kind == Coupons:
				g.Count = left
			default: // a money cap on coupons: whole coupons only
				if g.Count = left / g.Amount.Units(); g.Count == 0 {
					return false
				}
			}
			want = units(g, money)
		}
		if rest := left - want; tightestLimit == 0 || lessShare(rest, limit, tightest, tightestLimit) {
			tightest, tightestLimit = rest, limit
			g.CapUsed, g.CapLeft, g.CapUnit = used+want, rest, unitName(g.Kind)
			if money {
				g.CapUnit = cur.String()
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

// sortGrants orders grants by rule, time, product and rung.
func sortGrants(gs []Grant) {
	slices.SortStableFunc(gs, func(a, b Grant) int {
		return cmp.Or(cmp.Compare(a.rule, b.rule), a.EarnedAt.Compare(b.EarnedAt), cmp.Compare(a.Product, b.Product),
			cmp.Compare(a.Rung.Units(), b.Rung.Units()))
	})
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
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
	v.Grants += len(res.grants)
	for k := range res.grants {
		g := &res.grants[k]
		switch {
		case g.Kind.monetary():
			if v.Money, err = v.Money.Add(commerce.MustNewMoney(units(g, true), p.Currency)); err != nil {
				return err
			}
		case g.Kind == TrafficViews:
			v.Views += g.Views
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
// one), the last of which, the lower merchant ID, is unique. The results
// come in the order of ms, and do not depend on it. Two profiles with one
// merchant ID are a *[commerce.FieldError]; any error of Evaluate names
// the profile, and no result is returned.
func (ev *Evaluator) Rank(ms []Profile, from, to time.Time) ([]Result, error) {
	out := make([]Result, len(ms))
	seen := make(map[string]int, len(ms))
	for i := range ms {
		if j, ok := seen[ms[i].Facts.Merchant]; ok {
			return nil, fieldErr(fmt.Sprintf("profiles[%d]: merchant", i), "%q repeats profiles[%d]", ms[i].Facts.Merchant, j)
		}
		seen[ms[i].Facts.Merchant] = i
		res, err := ev.evaluate(ms[i], from, to)
		if err != nil {
			return nil, fmt.Errorf("incentive: profiles[%d] (%s): %w", i, ms[i].Facts.Merchant, err)
		}
		out[i] = res
	}
	type cand struct{ res, grant int }
	for ri := range ev.e.p.Rules {
		r := &ev.e.p.Rules[ri]
		if r.Ranking.IsZero() {
			continue
		}
		var cs []cand
		for i := range out {
			for k, g := range out[i].grants {
				if g.rule == ri && g.Rank < 0 {
					cs = append(cs, cand{i, k})
				}
			}
		}
		slices.SortFunc(cs, func(a, b cand) int {
			ga, gb := &out[a.res].grants[a.grant], &out[b.res].grants[b.grant]
			if c := cmp.Compare(gb.score, ga.score); c != 0 {
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
			if n < r.Ranking.Top {
				out[c.res].grants[c.grant].Rank = n + 1
			}
		}
	}
	for i := range out {
		out[i].grants = slices.DeleteFunc(out[i].grants, func(g Grant) bool { return g.Rank < 0 })
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
