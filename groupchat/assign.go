package groupchat

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Figures are a member's spend and orders over one window or period.
// Spend is net of refunds, counted in the window of the order refunded,
// and an order counts while something of it remains paid; the refunds are
// given apart, so that a tier lost to refunds is told from one lost as
// spend ages out of the window.
type Figures struct {
	// Spend is what the member paid, net of refunds; the zero Money is no
	// spend.
	Spend commerce.Money
	// Orders is the number of orders not wholly refunded.
	Orders int
	// Refunded is what was refunded on the window's orders; the zero Money
	// is none.
	Refunded commerce.Money
	// RefundedOrders is the number of the window's orders wholly refunded.
	RefundedOrders int
}

// Facts are what a tier policy looks at for one member at an instant: the
// figures of the current window and of the previous period, and the
// member's paid membership. A [TierBook] computes them from events; a
// caller with its own store sums them with [Tiers.Cycles].
type Facts struct {
	// Current are the figures of the current window: the last N days of a
	// rolling window, or the current period from its start to the instant.
	Current Figures
	// Previous are the whole previous period's, for [AtPeriodEnd] timing;
	// other timings ignore them.
	Previous Figures
	// PeriodEnd is the end of the current period of a fixed-period or
	// anniversary window, after the instant; it is zero for a rolling
	// window.
	PeriodEnd time.Time
	// PaidTier is the tier of the member's best paid membership that still
	// gives access at the instant (before PaidThrough plus the policy's
	// PaidGrace), or empty for none.
	PaidTier string
	// PaidThrough is that membership's paid-through date.
	PaidThrough time.Time
}

// Basis is why a member holds their tier: because they qualify, or what
// keeps them above the tier they qualify for.
type Basis uint8

// The bases. The zero value is not a basis.
const (
	// Qualifies: the member's spend and orders in the window earn the tier.
	Qualifies Basis = iota + 1
	// EarnedLastPeriod: the previous period earned the tier, and
	// [AtPeriodEnd] timing keeps it to the current period's end.
	EarnedLastPeriod
	// PaidAccess: a paid membership gives the tier, until its paid-through
	// date plus the policy's paid grace.
	PaidAccess
	// OnHold: a hold keeps the tier: a one-step downgrade at a period end
	// holds the new tier through the period, and [AtTierAnniversary] holds
	// a tier until its anniversary.
	OnHold
	// InGrace: the member no longer qualifies and keeps the tier until the
	// grace period ends.
	InGrace
	numBases
)

var basisNames = [numBases]string{"", "qualifies", "earned last period", "paid access", "on hold", "in grace"}

// String returns "qualifies", "earned last period", "paid access", "on
// hold" or "in grace".
func (b Basis) String() string {
	if b > 0 && b < numBases {
		return basisNames[b]
	}
	return fmt.Sprintf("Basis(%d)", uint8(b))
}

// Standing is a member's tier and the state the downgrade rules keep: when
// they reached it, when an assignment first found them below it, and any
// hold. It is a small immutable value (56 bytes, one pointer) that the
// caller keeps between assignments and passes back to [Tiers.Assign]; store
// it with [Standing.Record] and [Tiers.Restore]. The zero Standing is a
// member never assigned. Times are in the policy's location.
type Standing struct {
	tiers                          *Tiers
	since, at, lapsed, held, until int64 // Unix nanoseconds; noTime when not set
	rank                           int8
	basis                          Basis
}

// Tier returns the member's tier ID; empty before the first assignment.
func (s Standing) Tier() string {
	if s.tiers == nil {
		return ""
	}
	return s.tiers.ids[s.rank]
}

// Assigned reports whether the standing comes from an assignment: false for
// the zero Standing.
func (s Standing) Assigned() bool { return s.tiers != nil }

// Since returns when the member reached their tier, by an upgrade or a
// downgrade.
func (s Standing) Since() time.Time { return s.time(s.since) }

// At returns when the standing was assigned.
func (s Standing) At() time.Time { return s.time(s.at) }

// Lapsed returns when an assignment first found the member below their
// tier, which the grace period runs from; zero while they qualify. A later
// assignment that still finds them below keeps it, so re-assigning never
// restarts a grace period.
func (s Standing) Lapsed() time.Time { return s.time(s.lapsed) }

// HeldUntil returns the end of a hold on the tier, or zero.
func (s Standing) HeldUntil() time.Time { return s.time(s.held) }

// Basis returns why the member holds their tier at [Standing.At].
func (s Standing) Basis() Basis { return s.basis }

// Until returns when the basis ends unless something changes: the end of
// paid access, of the period, of the hold or of the grace period; zero
// when the member qualifies.
func (s Standing) Until() time.Time { return s.time(s.until) }

// time converts one of the standing's instants.
func (s Standing) time(n int64) time.Time {
	if s.tiers == nil {
		return time.Time{}
	}
	return fromNanos(n, s.tiers.loc)
}

// Equal reports whether two standings hold the same tier with the same
// instants and basis.
func (s Standing) Equal(o Standing) bool {
	return s.Tier() == o.Tier() && s.basis == o.basis && s.since == o.since && s.at == o.at &&
		s.lapsed == o.lapsed && s.held == o.held && s.until == o.until
}

// String describes the standing, such as "gold since
// 2026-03-01T00:00:00+08:00, in grace until 2026-03-31T00:00:00+08:00".
func (s Standing) String() string {
	if s.tiers == nil {
		return "unassigned"
	}
	str := fmt.Sprintf("%s since %s, %v", s.Tier(), s.Since().Format(time.RFC3339), s.basis)
	if s.until != noTime {
		str += " until " + s.Until().Format(time.RFC3339)
	}
	return str
}

// StandingRecord is a [Standing] in plain fields, for storing it: the
// zero StandingRecord is the zero Standing.
type StandingRecord struct {
	// Tier is the tier's ID; empty for a member never assigned.
	Tier string
	// Since, At, Lapsed, HeldUntil and Until are the standing's instants;
	// Lapsed, HeldUntil and Until are zero when not set.
	Since, At, Lapsed, HeldUntil, Until time.Time
	// Basis is the standing's basis.
	Basis Basis
}

// Record returns the standing's fields.
func (s Standing) Record() StandingRecord {
	return StandingRecord{Tier: s.Tier(), Since: s.Since(), At: s.At(), Lapsed: s.Lapsed(),
		HeldUntil: s.HeldUntil(), Until: s.Until(), Basis: s.basis}
}

// Restore rebuilds a standing from its record under these tiers. It
// refuses, as a *[commerce.FieldError] naming the field, an unknown tier or
// basis, and instants that are outside the years 1678 to 2262, or that no
// assignment could have set: Since or Lapsed after At; Lapsed before
// Since; Until missing or set for a member who qualifies, or not after At;
// Lapsed missing in grace or set for any other basis; HeldUntil missing on
// hold, or after At in grace; and an Until other than the one its basis
// sets: Lapsed plus the policy's grace in grace, HeldUntil on hold.
func (t *Tiers) Restore(r StandingRecord) (Standing, error) {
	if err := t.usable("standing: tiers"); err != nil {
		return Standing{}, err
	}
	if r.Tier == "" {
		if r != (StandingRecord{}) {
			return Standing{}, fieldErr("standing: tier", "empty, with other fields set")
		}
		return Standing{}, nil
	}
	rank, ok := t.Rank(r.Tier)
	if !ok {
		return Standing{}, fieldErr("standing: tier", "unknown tier %q", r.Tier)
	}
	s := Standing{tiers: t, rank: int8(rank), basis: r.Basis}
	if r.Basis == 0 || r.Basis >= numBases {
		return Standing{}, fieldErr("standing: basis", "unknown %v", r.Basis)
	}
	for _, f := range [...]struct {
		name     string
		t        time.Time
		n        *int64
		optional bool
	}{{"since", r.Since, &s.since, false}, {"at", r.At, &s.at, false}, {"lapsed", r.Lapsed, &s.lapsed, true},
		{"held until", r.HeldUntil, &s.held, true}, {"until", r.Until, &s.until, true}} {
		if f.optional && f.t.IsZero() {
			*f.n = noTime
			continue
		}
		if *f.n, ok = toNanos(f.t); !ok {
			return Standing{}, outOfRange("standing: "+f.name, f.t)
		}
	}
	switch {
	case s.since > s.at:
		return Standing{}, fieldErr("standing: since", "after the standing's at")
	case s.lapsed != noTime && s.lapsed > s.at:
		return Standing{}, fieldErr("standing: lapsed", "after the standing's at")
	case (s.until == noTime) != (s.basis == Qualifies):
		return Standing{}, fieldErr("standing: until", "set for a member who qualifies, or missing for one who does not")
	case s.lapsed != noTime && s.lapsed < s.since:
		return Standing{}, fieldErr("standing: lapsed", "before the standing's since")
	}
	if err := t.restoreBasis(&s); err != nil {
		return Standing{}, err
	}
	if s.until != noTime && s.until <= s.at {
		return Standing{}, fieldErr("standing: until", "%s is not after the standing's at", fromNanos(s.until, t.loc).Format(time.RFC3339Nano))
	}
	return s, nil
}

// basisMembers describes a member by their basis, for Restore's errors.
var basisMembers = [numBases]string{"", "who qualifies", "who earned last period", "with paid access", "on hold", "in grace"}

// restoreBasis checks that a restored standing's lapse, hold and Until are
// the ones its basis has, as [Tiers.settle] sets them: only a member in
// grace has a lapse, and their Until is the lapse plus the grace; a member
// on hold has a hold, which is their Until; a member in grace may keep a
// hold that ended by At. Other bases may keep a hold.
func (t *Tiers) restoreBasis(s *Standing) error {
	if s.basis != InGrace && s.lapsed != noTime {
		return fieldErr("standing: lapsed", "set for a member %s, not in grace", basisMembers[s.basis])
	}
	switch s.basis {
	case InGrace:
		if s.lapsed == noTime {
			return fieldErr("standing: lapsed", "missing for a member in grace")
		}
		if s.held != noTime && s.held > s.at {
			return fieldErr("standing: held until", "after the standing's at for a member in grace, not on hold")
		}
		if want := addNanos(s.lapsed, t.grace); s.until != want {
			return fieldErr("standing: until", "%s is not the lapse plus the grace, %s",
				fromNanos(s.until, t.loc).Format(time.RFC3339Nano), fromNanos(want, t.loc).Format(time.RFC3339Nano))
		}
	case OnHold:
		if s.held == noTime {
			return fieldErr("standing: held until", "missing for a member on hold")
		}
		if s.until != s.held {
			return fieldErr("standing: until", "%s is not the end of the hold, %s",
				fromNanos(s.until, t.loc).Format(time.RFC3339Nano), fromNanos(s.held, t.loc).Format(time.RFC3339Nano))
		}
	}
	return nil
}

// figures are Figures in minor units and counts.
type figures struct{ spend, orders, refunded, refundedOrders int64 }

// export returns the figures as Figures in currency c.
func (f figures) export(c commerce.Currency) Figures {
	return Figures{Spend: commerce.MustNewMoney(f.spend, c), Orders: int(f.orders),
		Refunded: commerce.MustNewMoney(f.refunded, c), RefundedOrders: int(f.refundedOrders)}
}

// gross returns the figures as if nothing had been refunded, saturating at
// the int64 limit.
func (f figures) gross() (spend, orders int64) {
	spend, orders = f.spend+f.refunded, f.orders+f.refundedOrders
	if spend < f.spend {
		spend = math.MaxInt64
	}
	return spend, orders
}

// evaluation is one assignment worked out: the inputs as Unix nanoseconds
// and ranks, the tiers they qualify for, and the resulting standing.
type evaluation struct {
	at                  int64
	cur, prev           figures
	periodEnd           int64
	paidRank            int   // rank of Facts.PaidTier, or -1
	paidEnd             int64 // paid-through plus paid grace, or noTime
	paidOn              bool  // paid membership active at at
	qBase, qPrevBase    int   // tiers spend and orders earn alone, now and last period (-1: not counted)
	qNow, qPrev         int   // with the paid membership too
	q                   int   // the tier the member qualifies for: max(qNow, qPrev)
	from                int   // the previous standing's tier, or -1
	prevAt, prevUntil   int64
	prevBasis           Basis
	tier                int
	since, lapsed, held int64
	basis               Basis
	until               int64
}

// Assign applies the policy to one member at an instant: from their
// previous standing (the zero Standing for a first assignment) and their
// facts at that instant, it returns their new standing. It does not
// allocate.
//
// Upgrades take effect at once. A member below their tier keeps it while a
// hold lasts or, with [AtPeriodEnd], while the previous period earned it;
// after that the first assignment that finds them below starts the grace
// period ([Standing.Lapsed]), which later assignments never restart; when it
// ends they fall one tier or to the tier they qualify for, as the policy
// says. Assignments see only the facts they are given, so sweep at least
// once a day: grace counts from the first sweep that finds a member below
// their tier. [OneStep] with [Immediately] timing catches up on every step
// a sparse sweep missed, one per grace period; other timings take at most
// one step per assignment.
//
// Two losses take effect at once, to the tier the member qualifies for,
// whatever the grace, holds and steps: a tier lost only because a paid
// membership ended (at paid-through plus paid grace), and a tier lost to
// refunds, one the member would still meet had nothing been refunded
// (Talon.One's reevaluateOnReturn). Grace and holds protect spend that
// ages out of the window, not spend that was given back.
//
// Assign is idempotent: assigning the result again with the same facts
// and instant returns it unchanged. It refuses, changing nothing: an
// instant before the previous standing's, or outside the years 1678 to
// 2262; an unknown tier in the standing or the facts; spend in another
// currency ([commerce.ErrCurrencyMismatch]) or negative; negative counts;
// a missing, past or superfluous period end; and the zero Tiers.
func (t *Tiers) Assign(prev Standing, f Facts, at time.Time) (Standing, error) {
	if err := t.usable("assign: tiers"); err != nil {
		return Standing{}, err
	}
	var e evaluation
	if err := t.evaluate(&e, prev, f, at); err != nil {
		return Standing{}, err
	}
	return t.standing(&e), nil
}

// standing returns the standing e assigns.
func (t *Tiers) standing(e *evaluation) Standing {
	return Standing{tiers: t, rank: int8(e.tier), basis: e.basis,
		since: e.since, at: e.at, lapsed: e.lapsed, held: e.held, until: e.until}
}

// evaluate reads the inputs into e and works the assignment out.
func (t *Tiers) evaluate(e *evaluation, prev Standing, f Facts, at time.Time) error {
	var ok bool
	if e.at, ok = toNanos(at); !ok {
		return outOfRange("assign: at", at)
	}
	if err := t.readFacts(e, f); err != nil {
		return err
	}
	if err := t.readStanding(e, prev); err != nil {
		return err
	}
	paid := -1
	if e.paidOn {
		paid = e.paidRank
	}
	e.qBase = t.highest(e.cur.spend, e.cur.orders, -1)
	e.qNow = e.qBase
	if paid >= 0 {
		e.qNow = t.highest(e.cur.spend, e.cur.orders, paid)
	}
	e.qPrev, e.qPrevBase = -1, -1
	if t.policy.Downgrade.Timing == AtPeriodEnd {
		e.qPrevBase = t.highest(e.prev.spend, e.prev.orders, -1)
		e.qPrev = t.highest(e.prev.spend, e.prev.orders, paid)
	}
	e.q = max(e.qNow, e.qPrev)
	t.transition(e)
	t.settle(e)
	return nil
}

// readFacts checks the facts and converts them.
func (t *Tiers) readFacts(e *evaluation, f Facts) error {
	if err := t.readFigures(&e.cur, "assign: facts: current", f.Current); err != nil {
		return err
	}
	if err := t.readFigures(&e.prev, "assign: facts: previous", f.Previous); err != nil {
		return err
	}
	e.periodEnd = noTime
	if t.policy.Window.periodic() {
		var ok bool
		if e.periodEnd, ok = toNanos(f.PeriodEnd); !ok {
			return outOfRange("assign: facts: period end", f.PeriodEnd)
		}
		if e.periodEnd <= e.at {
			return fieldErr("assign: facts: period end", "%s is not after the instant assigned", f.PeriodEnd.Format(time.RFC3339))
		}
	} else if !f.PeriodEnd.IsZero() {
		return fieldErr("assign: facts: period end", "set on a rolling window")
	}
	e.paidRank, e.paidEnd = -1, noTime
	if f.PaidTier == "" {
		if !f.PaidThrough.IsZero() {
			return fieldErr("assign: facts: paid through", "set without a paid tier")
		}
		return nil
	}
	var ok bool
	if e.paidRank, ok = t.Rank(f.PaidTier); !ok {
		return fieldErr("assign: facts: paid tier", "unknown tier %q", f.PaidTier)
	}
	through, ok := toNanos(f.PaidThrough)
	if !ok {
		return outOfRange("assign: facts: paid through", f.PaidThrough)
	}
	e.paidEnd = addNanos(through, t.paidGrace)
	e.paidOn = e.at < e.paidEnd
	return nil
}

// readFigures checks figures and converts them.
func (t *Tiers) readFigures(to *figures, field string, f Figures) error {
	var err error
	if to.spend, err = t.factMoney(field, "spend", f.Spend); err != nil {
		return err
	}
	if to.refunded, err = t.factMoney(field, "refunded", f.Refunded); err != nil {
		return err
	}
	if f.Orders < 0 {
		return fieldErr(field+": orders", "negative: %d", f.Orders)
	}
	if f.RefundedOrders < 0 {
		return fieldErr(field+": refunded orders", "negative: %d", f.RefundedOrders)
	}
	to.orders, to.refundedOrders = int64(f.Orders), int64(f.RefundedOrders)
	return nil
}

// factMoney checks an amount: the zero Money, or a non-negative amount in
// the policy's currency. The field's path is field and name, joined only
// on error so that checking allocates nothing.
func (t *Tiers) factMoney(field, name string, m commerce.Money) (int64, error) {
	if m == (commerce.Money{}) {
		return 0, nil
	}
	if c := m.Currency(); c != t.policy.Currency {
		return 0, &commerce.FieldError{Field: field + ": " + name, Err: &commerce.MismatchError{A: t.policy.Currency, B: c}}
	}
	if m.IsNegative() {
		return 0, fieldErr(field+": "+name, "negative: %v", m)
	}
	return m.Units(), nil
}

// readStanding reads the previous standing.
func (t *Tiers) readStanding(e *evaluation, s Standing) error {
	if s.tiers == nil {
		e.from, e.prevAt, e.since, e.lapsed, e.held, e.prevUntil = -1, noTime, noTime, noTime, noTime, noTime
		return nil
	}
	e.from = int(s.rank)
	if s.tiers != t {
		// A standing from another compilation: the same tier ID.
		var ok bool
		if e.from, ok = t.Rank(s.Tier()); !ok {
			return fieldErr("assign: standing: tier", "unknown tier %q", s.Tier())
		}
	}
	if s.at > e.at {
		return fieldErr("assign: at", "%s is before the standing's %s",
			fromNanos(e.at, t.loc).Format(time.RFC3339), fromNanos(s.at, t.loc).Format(time.RFC3339))
	}
	e.prevAt, e.since, e.lapsed, e.held, e.prevUntil, e.prevBasis = s.at, s.since, s.lapsed, s.held, s.until, s.basis
	return nil
}

// highest returns the rank of the highest tier the figures meet. The
// ladder is nested, so the tiers met are the ones up to it.
func (t *Tiers) highest(spend, orders int64, paid int) int {
	for i := len(t.rules) - 1; i > 0; i-- {
		if t.rules[i].met(i, spend, orders, paid) {
			return i
		}
	}
	return 0
}

// holdFrom returns the hold on a tier reached at since, seen at at: its
// first anniversary after at under [AtTierAnniversary], else none.
func (t *Tiers) holdFrom(since, at int64) int64 {
	if t.policy.Downgrade.Timing == AtTierAnniversary {
		return t.nextAnniversary(since, at)
	}
	return noTime
}

// transition applies the upgrade and downgrade rules to e.
func (t *Tiers) transition(e *evaluation) {
	d := t.policy.Downgrade
	if e.from < 0 {
		e.tier, e.since, e.lapsed, e.held = e.q, e.at, noTime, t.holdFrom(e.at, e.at)
		return
	}
	e.tier = e.from
	switch {
	case e.q > e.tier:
		e.tier, e.since, e.lapsed, e.held = e.q, e.at, noTime, t.holdFrom(e.at, e.at)
	case e.q == e.tier:
		e.lapsed = noTime
		if e.held != noTime && e.at >= e.held && d.Timing == AtTierAnniversary {
			e.held = t.nextAnniversary(e.since, e.at)
		}
	case t.paidEnded(e):
		// The tier went with the paid membership: no grace, no hold.
		if e.paidRank >= e.tier {
			e.since = max(e.paidEnd, e.prevAt)
		} else {
			e.since = max(min(e.prevUntil, e.at), e.prevAt)
		}
		e.tier, e.lapsed, e.held = e.q, noTime, t.holdFrom(e.since, e.at)
	case t.refundedAway(e):
		// Refunds took the spend that earned the tier: it is evaluated
		// again at once, with no grace or hold.
		e.tier, e.since, e.lapsed, e.held = e.q, e.at, noTime, t.holdFrom(e.at, e.at)
	case e.held != noTime && e.at < e.held:
		e.lapsed = noTime
	default:
		if e.lapsed == noTime {
			e.lapsed = e.at
		}
		due := addNanos(e.lapsed, t.grace)
		if e.at < due {
			return
		}
		switch {
		case d.Mode == ToQualifying:
			e.tier, e.since, e.lapsed, e.held = e.q, due, noTime, t.holdFrom(due, e.at)
			return
		case d.Timing == Immediately:
			// One step per grace period since the lapse; NewTiers
			// guarantees a grace.
			k := min((e.at-e.lapsed)/t.grace, int64(e.tier-e.q))
			e.tier -= int(k)
			e.since, e.lapsed, e.held = e.lapsed+k*t.grace, noTime, noTime
			if e.tier > e.q {
				e.lapsed = e.since
			}
		default:
			e.tier--
			e.since, e.lapsed, e.held = due, noTime, t.holdFrom(due, e.at)
			if d.Timing == AtPeriodEnd && e.tier > e.q {
				e.held = e.periodEnd
			}
		}
		// A step may land on a tier the member is below only by refunds or
		// because a paid membership ended: that tier goes at once too, as
		// the next assignment would find.
		if e.tier > e.q && (t.paidEnded(e) || t.refundedAway(e)) {
			e.tier, e.lapsed, e.held = e.q, noTime, t.holdFrom(e.at, e.at)
			e.since = e.at
		}
	}
}

// paidEnded reports whether a member below their tier is there only
// because a paid membership of the tier or a higher one stopped giving
// access: the facts name it ended, or the previous standing held the tier
// by paid access and the facts no longer give it; and with it the member
// would still meet the tier.
func (t *Tiers) paidEnded(e *evaluation) bool {
	if e.paidOn && e.paidRank >= e.tier || e.paidRank < e.tier && e.prevBasis != PaidAccess {
		return false
	}
	r := &t.rules[e.tier]
	return r.met(e.tier, e.cur.spend, e.cur.orders, e.tier) ||
		t.policy.Downgrade.Timing == AtPeriodEnd && r.met(e.tier, e.prev.spend, e.prev.orders, e.tier)
}

// refundedAway reports whether a member below their tier is there only
// because of refunds: without them, the window (or, under [AtPeriodEnd],
// the previous period) would still meet the tier.
func (t *Tiers) refundedAway(e *evaluation) bool {
	if e.cur.refunded == 0 && e.cur.refundedOrders == 0 && e.prev.refunded == 0 && e.prev.refundedOrders == 0 {
		return false
	}
	paid := -1
	if e.paidOn {
		paid = e.paidRank
	}
	r := &t.rules[e.tier]
	spend, orders := e.cur.gross()
	if r.met(e.tier, spend, orders, paid) {
		return true
	}
	spend, orders = e.prev.gross()
	return t.policy.Downgrade.Timing == AtPeriodEnd && r.met(e.tier, spend, orders, paid)
}

// settle sets the basis of the tier e assigns.
func (t *Tiers) settle(e *evaluation) {
	switch {
	case e.tier <= e.qBase:
		e.basis, e.until = Qualifies, noTime
	case e.tier <= e.qPrevBase:
		e.basis, e.until = EarnedLastPeriod, e.periodEnd
	case e.tier <= e.q:
		e.basis, e.until = PaidAccess, e.paidEnd
	case e.held != noTime && e.at < e.held:
		e.basis, e.until = OnHold, e.held
	default:
		e.basis, e.until = InGrace, addNanos(e.lapsed, t.grace)
	}
}

// Metric is a figure a tier's requirement tests.
type Metric uint8

// The metrics. The zero value is not a metric.
const (
	// Spend is the spend in the window, in minor units.
	Spend Metric = iota + 1
	// OrderCount is the number of orders in the window.
	OrderCount
	// PaidMembership is 1 with a paid membership of the tier or a higher
	// one that still gives access, else 0.
	PaidMembership
	numMetrics
)

var metricNames = [numMetrics]string{"", "spend", "orders", "paid membership"}

// String returns "spend", "orders" or "paid membership".
func (m Metric) String() string {
	if m > 0 && m < numMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

// ConditionCheck is one condition of a requirement tested against facts.
type ConditionCheck struct {
	// Metric is the figure tested.
	Metric Metric
	// Have is the member's figure and Need the requirement's threshold.
	Have, Need int64
	// Short is Need − Have when the condition is not met, else 0.
	Short int64
	// Met reports Have ≥ Need.
	Met bool
}

// TierCheck is one tier's requirement tested against facts.
type TierCheck struct {
	// Tier is the tier's ID.
	Tier string
	// Any reports a requirement met by any one condition.
	Any bool
	// Met reports whether the facts meet the requirement.
	Met bool
	// Conditions are the requirement's conditions, tested; none for the
	// free tier.
	Conditions []ConditionCheck
}

// Explanation is an assignment and why: every tier's requirement tested
// against the current window's facts and, under [AtPeriodEnd], the
// previous period's, the tier each qualifies for, and the paid membership.
type Explanation struct {
	// From is the tier before the assignment; empty for a first one.
	From string
	// Standing is the assignment's result, as [Tiers.Assign] returns it.
	Standing Standing
	// Qualified is the tier the current window qualifies the member for,
	// paid membership included.
	Qualified string
	// Now are the tiers' requirements tested on the current window, lowest
	// first.
	Now []TierCheck
	// PreviousQualified and Previous are the same for the previous period;
	// empty unless the policy downgrades at period end.
	PreviousQualified string
	Previous          []TierCheck
	// PaidTier, PaidThrough and PaidUntil describe the paid membership:
	// its tier, paid-through date and the end of access (paid-through plus
	// paid grace); empty and zero without one.
	PaidTier               string
	PaidThrough, PaidUntil time.Time
	// Facts are the facts explained.
	Facts Facts
	// currency formats spend.
	currency commerce.Currency
}

// Explain assigns as [Tiers.Assign] does and says why: it allocates, and
// is meant for support screens and audits, not sweeps. It refuses what
// Assign refuses.
func (t *Tiers) Explain(prev Standing, f Facts, at time.Time) (Explanation, error) {
	if err := t.usable("explain: tiers"); err != nil {
		return Explanation{}, err
	}
	var e evaluation
	if err := t.evaluate(&e, prev, f, at); err != nil {
		return Explanation{}, err
	}
	x := Explanation{From: prev.Tier(), Standing: t.standing(&e), Qualified: t.ids[e.qNow], Facts: f, currency: t.policy.Currency}
	paid := -1
	if e.paidOn {
		paid = e.paidRank
	}
	x.Now = t.checks(e.cur.spend, e.cur.orders, paid)
	if e.qPrev >= 0 {
		x.PreviousQualified = t.ids[e.qPrev]
		x.Previous = t.checks(e.prev.spend, e.prev.orders, paid)
	}
	if e.paidRank >= 0 {
		x.PaidTier, x.PaidThrough, x.PaidUntil = f.PaidTier, f.PaidThrough.In(t.loc), fromNanos(e.paidEnd, t.loc)
	}
	return x, nil
}

// checks tests every tier's requirement on the figures.
func (t *Tiers) checks(spend, orders int64, paid int) []TierCheck {
	out := make([]TierCheck, len(t.rules))
	for i := range t.rules {
		r := &t.rules[i]
		tc := TierCheck{Tier: t.ids[i], Any: r.any, Met: r.met(i, spend, orders, paid)}
		if r.spend > 0 {
			tc.Conditions = append(tc.Conditions, condition(Spend, spend, r.spend))
		}
		if r.orders > 0 {
			tc.Conditions = append(tc.Conditions, condition(OrderCount, orders, r.orders))
		}
		if r.paid {
			have := int64(0)
			if paid >= i {
				have = 1
			}
			tc.Conditions = append(tc.Conditions, condition(PaidMembership, have, 1))
		}
		out[i] = tc
	}
	return out
}

// condition tests have against need.
func condition(m Metric, have, need int64) ConditionCheck {
	c := ConditionCheck{Metric: m, Have: have, Need: need, Met: have >= need}
	if !c.Met {
		c.Short = need - have
	}
	return c
}

// String renders the explanation, one fact per line, the same for the same
// explanation.
func (x Explanation) String() string {
	var b strings.Builder
	from := x.From
	if from == "" {
		from = "none"
	}
	fmt.Fprintf(&b, "at %s: %v (was %s)\n", x.Standing.At().Format(time.RFC3339), x.Standing, from)
	x.writeChecks(&b, "now", x.Qualified, x.Now, x.Facts.Current)
	if x.Previous != nil {
		x.writeChecks(&b, "previous period", x.PreviousQualified, x.Previous, x.Facts.Previous)
	}
	if x.PaidTier != "" {
		fmt.Fprintf(&b, "paid membership: %s through %s, access until %s\n", x.PaidTier,
			x.PaidThrough.Format(time.RFC3339), x.PaidUntil.Format(time.RFC3339))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// writeChecks renders one set of tier checks and the refunds behind them.
func (x Explanation) writeChecks(b *strings.Builder, label, qualified string, checks []TierCheck, f Figures) {
	fmt.Fprintf(b, "%s: qualifies for %s\n", label, qualified)
	if f.Refunded.IsPositive() || f.RefundedOrders > 0 {
		fmt.Fprintf(b, "  refunds: %v off the spend, %d orders wholly refunded\n", f.Refunded, f.RefundedOrders)
	}
	for _, tc := range checks {
		verdict := "not met"
		if tc.Met {
			verdict = "met"
		}
		join := ""
		switch {
		case len(tc.Conditions) > 1 && tc.Any:
			join = ", any of"
		case len(tc.Conditions) > 1:
			join = ", all of"
		}
		fmt.Fprintf(b, "  %s: %s%s\n", tc.Tier, verdict, join)
		for _, c := range tc.Conditions {
			fmt.Fprintf(b, "    %s\n", x.describe(c))
		}
	}
}

// describe renders one condition check.
func (x Explanation) describe(c ConditionCheck) string {
	v := func(n int64) string { return fmt.Sprint(n) }
	if c.Metric == Spend {
		v = func(n int64) string {
			if m, err := commerce.NewMoney(n, x.currency); err == nil {
				return m.String()
			}
			return fmt.Sprint(n)
		}
	}
	if c.Metric == PaidMembership {
		if c.Met {
			return "paid membership: yes"
		}
		return "paid membership: no"
	}
	if c.Met {
		return fmt.Sprintf("%v %s ≥ %s", c.Metric, v(c.Have), v(c.Need))
	}
	return fmt.Sprintf("%v %s < %s, short by %s", c.Metric, v(c.Have), v(c.Need), v(c.Short))
}
