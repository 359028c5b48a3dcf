package groupchat

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// The tier policy's own error codes. A policy that [NewTiers] refuses for
// one of them returns a *[commerce.FieldError] that names the tier and
// unwraps to the code, so errors.Is matches both the code and
// [commerce.ErrInvalid].
var (
	// ErrTierGap reports a ladder under which a member can qualify for no
	// tier: its first tier, the free tier, has a requirement.
	ErrTierGap = errors.New("tier ladder has a gap")
	// ErrTierOverlap reports a tier that is not strictly harder to reach
	// than the tier below it: both are met by the same members, or some
	// member meets the higher one without the lower one.
	ErrTierOverlap = errors.New("tiers overlap")
	// ErrUnknownOrder reports a refund of an order, or of a membership
	// payment, that a [TierBook] has not recorded.
	ErrUnknownOrder = errors.New("unknown order")
)

// MaxTiers is the most tiers a ladder may have.
const MaxTiers = 32

// maxWindowDays bounds a rolling window: ten years of days.
const maxWindowDays = 3660

// Requirement is what a tier takes: a spend, an order count and a paid
// membership, all of them or, with Any, any one. A condition left at its
// zero value is no condition; a requirement with none is met by every
// member (the free tier's).
type Requirement struct {
	// MinSpend is the least spend in the window, net of refunds, in the
	// policy's currency; the zero Money means no spend condition.
	MinSpend commerce.Money
	// MinOrders is the least number of orders in the window that are not
	// wholly refunded; 0 means no order condition.
	MinOrders int
	// Paid asks for a paid membership of this tier or a higher one, active
	// until its paid-through date plus [TierPolicy.PaidGrace]. A tier whose
	// requirement has Paid is one a [TierBook] sells.
	Paid bool
	// Any makes the requirement met by any one of its conditions; by
	// default all of them must be met.
	Any bool
}

// conditions counts the requirement's conditions.
func (r Requirement) conditions() int {
	n := 0
	if !r.MinSpend.IsZero() {
		n++
	}
	if r.MinOrders > 0 {
		n++
	}
	if r.Paid {
		n++
	}
	return n
}

// Tier is one rung of a membership ladder: an ID the rest of the package
// and [pricing.Buyer] know it by, a display name, what it takes and what it
// gives.
type Tier struct {
	// ID identifies the tier, such as "gold"; group families admit members
	// by it.
	ID string
	// Name is the display name, such as "金卡会员"; it may be empty.
	Name string
	// Requirement is what the tier takes; the first tier's must be empty.
	Requirement Requirement
	// Benefits is what the tier gives.
	Benefits Benefits
}

// clone returns a copy of the tier that shares no slice with t.
func (t Tier) clone() Tier {
	t.Benefits = t.Benefits.clone()
	return t
}

// WindowKind is how a tier policy lays the window its spend and orders are
// counted in.
type WindowKind uint8

// The window kinds. The zero value is not a kind.
const (
	// Rolling counts the last N days: an order counts for N calendar days
	// from its time, in the policy's location (Wix's rolling window).
	Rolling WindowKind = iota + 1
	// FixedPeriod counts calendar periods that start at midnight of a reset
	// date and last a whole number of months, the same for every member
	// (Salesforce's Fixed tier period).
	FixedPeriod
	// Anniversary counts membership years, from midnight of the day the
	// member joined (Salesforce's Anniversary tier period). A member who
	// joined on 29 February has anniversaries on 28 February in common
	// years.
	Anniversary
	numWindowKinds
)

var windowKindNames = [numWindowKinds]string{"", "rolling", "fixed period", "anniversary"}

// String returns "rolling", "fixed period" or "anniversary".
func (k WindowKind) String() string {
	if k > 0 && k < numWindowKinds {
		return windowKindNames[k]
	}
	return fmt.Sprintf("WindowKind(%d)", uint8(k))
}

// TierWindow is the window a tier policy counts spend and orders in. Only
// the fields of its kind may be set.
type TierWindow struct {
	// Kind is the window's kind.
	Kind WindowKind
	// Days is a rolling window's length, 1 to 3,660 days.
	Days int
	// ResetMonth and ResetDay are a fixed period's reset date, such as 1
	// January. A day past the end of a month resets on the month's last
	// day: periods reset on the 31st reset on 30 April and 28 or 29
	// February. Periods shorter than a year reset in several months, so
	// their reset day may be 1 to 31 whatever ResetMonth is (monthly on the
	// 30th from February resets on 28 or 29 February and 30 March); a
	// yearly reset day must exist in ResetMonth of a leap year (29 February
	// resets on 28 February in common years).
	ResetMonth time.Month
	ResetDay   int
	// Months is a fixed period's length: 1 (monthly), 2, 3 (quarterly), 4,
	// 6 or 12 (yearly), so that every year has the same reset dates.
	Months int
}

// periodic reports whether the window comes in periods.
func (w TierWindow) periodic() bool { return w.Kind == FixedPeriod || w.Kind == Anniversary }

// validate checks the window's fields for its kind.
func (w TierWindow) validate() error {
	const f = "tier policy: window"
	switch w.Kind {
	case Rolling:
		if w.Days < 1 || w.Days > maxWindowDays {
			return fieldErr(f+": days", "want 1 to %d, got %d", maxWindowDays, w.Days)
		}
		if w.ResetMonth != 0 || w.ResetDay != 0 || w.Months != 0 {
			return fieldErr(f, "a rolling window has no reset date or months")
		}
	case FixedPeriod:
		switch {
		case w.Days != 0:
			return fieldErr(f+": days", "a fixed period has months, not days")
		case w.ResetMonth < time.January || w.ResetMonth > time.December:
			return fieldErr(f+": reset month", "want 1 to 12, got %d", int(w.ResetMonth))
		case w.Months < 1 || 12%w.Months != 0:
			return fieldErr(f+": months", "want 1, 2, 3, 4, 6 or 12, got %d", w.Months)
		case w.Months == 12 && (w.ResetDay < 1 || w.ResetDay > daysIn(2024, w.ResetMonth)): // 2024: a leap year
			return fieldErr(f+": reset day", "%v has no day %d", w.ResetMonth, w.ResetDay)
		case w.ResetDay < 1 || w.ResetDay > 31:
			return fieldErr(f+": reset day", "want 1 to 31, got %d", w.ResetDay)
		}
	case Anniversary:
		if w.Days != 0 || w.ResetMonth != 0 || w.ResetDay != 0 || w.Months != 0 {
			return fieldErr(f, "an anniversary window has no days, reset date or months")
		}
	default:
		return fieldErr(f+": kind", "unknown %v", w.Kind)
	}
	return nil
}

// String describes the window, such as "rolling 365 days" or "fixed
// 12-month periods from 1 January".
func (w TierWindow) String() string {
	switch w.Kind {
	case Rolling:
		return fmt.Sprintf("rolling %d days", w.Days)
	case FixedPeriod:
		return fmt.Sprintf("fixed %d-month periods from %d %v", w.Months, w.ResetDay, w.ResetMonth)
	case Anniversary:
		return "membership years from the join date"
	}
	return w.Kind.String()
}

// DowngradeMode is how far a member falls when they no longer qualify for
// their tier.
type DowngradeMode uint8

// The downgrade modes. The zero value is not a mode.
const (
	// OneStep moves the member one tier down at each downgrade (Talon.One's
	// one_down); the next step needs a new downgrade point: another grace
	// period, or another period end or tier anniversary.
	OneStep DowngradeMode = iota + 1
	// ToQualifying moves the member straight to the tier they qualify for
	// (Talon.One's balance_based).
	ToQualifying
	numDowngradeModes
)

var downgradeModeNames = [numDowngradeModes]string{"", "one step", "to qualifying"}

// String returns "one step" or "to qualifying".
func (m DowngradeMode) String() string {
	if m > 0 && m < numDowngradeModes {
		return downgradeModeNames[m]
	}
	return fmt.Sprintf("DowngradeMode(%d)", uint8(m))
}

// DowngradeTiming is when a downgrade may take effect. Upgrades always take
// effect at once.
type DowngradeTiming uint8

// The downgrade timings. The zero value is not a timing.
const (
	// Immediately downgrades as soon as the member no longer qualifies, after
	// the grace period (Brevo's real_time).
	Immediately DowngradeTiming = iota + 1
	// AtPeriodEnd keeps the tier a member earned in a period through the
	// next one: the member holds the higher of the tiers the current and the
	// previous period's spend and orders earn (Brevo's
	// membership_anniversary with an [Anniversary] window). It needs a
	// [FixedPeriod] or [Anniversary] window.
	AtPeriodEnd
	// AtTierAnniversary keeps a tier for a year from the day the member
	// reached it, and each year after while they qualify on the day of its
	// anniversary (Brevo's tier_anniversary).
	AtTierAnniversary
	numDowngradeTimings
)

var downgradeTimingNames = [numDowngradeTimings]string{"", "immediately", "at period end", "at tier anniversary"}

// String returns "immediately", "at period end" or "at tier anniversary".
func (t DowngradeTiming) String() string {
	if t > 0 && t < numDowngradeTimings {
		return downgradeTimingNames[t]
	}
	return fmt.Sprintf("DowngradeTiming(%d)", uint8(t))
}

// Downgrade is a policy's downgrade rule.
type Downgrade struct {
	// Mode is how far a member falls.
	Mode DowngradeMode
	// Timing is when a downgrade may take effect.
	Timing DowngradeTiming
	// Grace is how long a member keeps a tier after an assignment first
	// finds them below it; zero means no grace. OneStep downgrades with
	// Immediately timing need a grace: it is the time between steps.
	Grace time.Duration
}

// TierPolicy is a membership ladder as data: the tiers, lowest first, the
// window spend and orders are counted in, and the downgrade rules. Check it
// and compile it with [NewTiers].
type TierPolicy struct {
	// Currency is the currency of spend thresholds, facts and price lists.
	Currency commerce.Currency
	// Tiers are the rungs, lowest first, at most [MaxTiers]. The first is
	// the free tier: it has no requirement, so every member holds a tier.
	// Each tier above must be strictly harder to reach than the one below
	// it: every member who meets it meets the lower one, and some member
	// meets the lower one but not it.
	Tiers []Tier
	// Window is the window spend and orders are counted in.
	Window TierWindow
	// Downgrade is the downgrade rule.
	Downgrade Downgrade
	// PaidGrace is how long a paid membership keeps its tier after its
	// paid-through date. A tier lost because a paid membership ended drops
	// at once to the tier the member qualifies for, whatever Downgrade
	// says: Downgrade's grace and holds protect tiers earned by spending,
	// and paid access ends at paid-through plus PaidGrace exactly.
	PaidGrace time.Duration
	// Location is where calendar days are counted: window days, reset
	// dates, anniversaries. Nil means UTC.
	Location *time.Location
}

// Validate reports the first problem with the policy, as [NewTiers] would.
func (p TierPolicy) Validate() error {
	_, err := NewTiers(p)
	return err
}

// rule is a tier's requirement compiled for the hot path: thresholds in
// minor units and orders, zero for no condition.
type rule struct {
	spend, orders int64
	paid, any     bool
	n             int8
}

// met reports whether the rule of the tier of the given rank is met by the
// figures; paid is the rank of an active paid membership, or -1.
func (r *rule) met(rank int, spend, orders int64, paid int) bool {
	if r.n == 0 {
		return true
	}
	s := r.spend > 0 && spend >= r.spend
	o := r.orders > 0 && orders >= r.orders
	p := r.paid && paid >= rank
	if r.any {
		return s || o || p
	}
	return (r.spend == 0 || s) && (r.orders == 0 || o) && (!r.paid || p)
}

// Tiers is a validated, compiled [TierPolicy]. It is immutable and safe for
// concurrent use; [Tiers.Assign] applies it to one member without
// allocating.
//
// The zero Tiers is not usable; build one with [NewTiers]. On the zero
// Tiers, or a nil *Tiers, [Tiers.Assign], [Tiers.Explain] and
// [Tiers.Restore] return a *[commerce.FieldError], and the other methods
// return zero results (UTC for [Tiers.Location]).
type Tiers struct {
	policy    TierPolicy
	ids       []string
	rules     []rule
	loc       *time.Location
	grace     int64
	paidGrace int64
}

// NewTiers checks a policy and compiles it. It refuses, naming the field:
// no tiers or more than [MaxTiers]; a malformed or repeated tier ID; a
// first tier with a requirement ([ErrTierGap]); a tier not strictly harder
// than the one below ([ErrTierOverlap]), with a member's figures that show
// it; thresholds that are negative or in another currency; a window whose
// fields do not fit its kind; [AtPeriodEnd] on a rolling window; [OneStep]
// with [Immediately] timing and no grace; negative graces; and malformed
// benefits. The policy is copied: changing it afterwards changes nothing.
func NewTiers(p TierPolicy) (*Tiers, error) {
	if _, err := commerce.NewMoney(0, p.Currency); err != nil {
		return nil, &commerce.FieldError{Field: "tier policy: currency", Err: err}
	}
	if len(p.Tiers) == 0 || len(p.Tiers) > MaxTiers {
		return nil, fieldErr("tier policy: tiers", "want 1 to %d, got %d", MaxTiers, len(p.Tiers))
	}
	t := &Tiers{ids: make([]string, len(p.Tiers)), rules: make([]rule, len(p.Tiers))}
	for i, tier := range p.Tiers {
		field := fmt.Sprintf("tier policy: tiers[%d]", i)
		if err := checkID(field+": id", tier.ID); err != nil {
			return nil, err
		}
		field = fmt.Sprintf("%s %q", field, tier.ID)
		if j := slices.Index(t.ids[:i], tier.ID); j >= 0 {
			return nil, fieldErr(field+": id", "also tiers[%d]", j)
		}
		if !utf8.ValidString(tier.Name) {
			return nil, fieldErr(field+": name", "not valid UTF-8")
		}
		r, err := compileRule(field, p.Currency, tier.Requirement)
		if err != nil {
			return nil, err
		}
		if err := tier.Benefits.validate(field+": benefits", p.Currency); err != nil {
			return nil, err
		}
		t.ids[i], t.rules[i] = tier.ID, r
	}
	if t.rules[0].n != 0 {
		return nil, &commerce.FieldError{Field: fmt.Sprintf("tier policy: tiers[0] %q", t.ids[0]),
			Reason: "a member who meets no requirement would have no tier: the first tier must require nothing", Err: ErrTierGap}
	}
	for i := 1; i < len(t.rules); i++ {
		if err := t.checkRung(p.Currency, i); err != nil {
			return nil, err
		}
	}
	if err := p.Window.validate(); err != nil {
		return nil, err
	}
	d := p.Downgrade
	switch {
	case d.Mode == 0 || d.Mode >= numDowngradeModes:
		return nil, fieldErr("tier policy: downgrade: mode", "unknown %v", d.Mode)
	case d.Timing == 0 || d.Timing >= numDowngradeTimings:
		return nil, fieldErr("tier policy: downgrade: timing", "unknown %v", d.Timing)
	case d.Timing == AtPeriodEnd && !p.Window.periodic():
		return nil, fieldErr("tier policy: downgrade: timing", "at period end needs a fixed-period or anniversary window, not %v", p.Window.Kind)
	case d.Grace < 0:
		return nil, fieldErr("tier policy: downgrade: grace", "negative: %v", d.Grace)
	case d.Mode == OneStep && d.Timing == Immediately && d.Grace == 0:
		return nil, fieldErr("tier policy: downgrade: grace", "one-step downgrades taken immediately need a grace, the time between steps")
	case p.PaidGrace < 0:
		return nil, fieldErr("tier policy: paid grace", "negative: %v", p.PaidGrace)
	}
	t.policy = p
	t.policy.Tiers = make([]Tier, len(p.Tiers))
	for i, tier := range p.Tiers {
		t.policy.Tiers[i] = tier.clone()
	}
	t.loc = p.Location
	if t.loc == nil {
		t.loc = time.UTC
		t.policy.Location = time.UTC
	}
	t.grace, t.paidGrace = int64(d.Grace), int64(p.PaidGrace)
	return t, nil
}

// usable returns nil when t was built by [NewTiers], else an error naming
// field. NewTiers always sets ids, with at least one tier.
func (t *Tiers) usable(field string) error {
	if t == nil || t.ids == nil {
		return fieldErr(field, "the zero Tiers is not usable: build one with NewTiers")
	}
	return nil
}

// compileRule checks a requirement's thresholds.
func compileRule(field string, c commerce.Currency, r Requirement) (rule, error) {
	if r.MinSpend != (commerce.Money{}) {
		if got := r.MinSpend.Currency(); got != c {
			return rule{}, &commerce.FieldError{Field: field + ": min spend", Reason: "not in the policy's currency",
				Err: &commerce.MismatchError{A: c, B: got}}
		}
		if r.MinSpend.IsNegative() {
			return rule{}, fieldErr(field+": min spend", "negative: %v", r.MinSpend)
		}
	}
	if r.MinOrders < 0 {
		return rule{}, fieldErr(field+": min orders", "negative: %d", r.MinOrders)
	}
	return rule{spend: r.MinSpend.Units(), orders: int64(r.MinOrders), paid: r.Paid, any: r.Any, n: int8(r.conditions())}, nil
}

// point is a member's figures: spend in minor units, orders, and the rank
// of an active paid membership or -1.
type point struct {
	spend, orders int64
	paid          int
}

// generators returns the least figures that meet the rule of the tier of
// the given rank: one point for all-of, one per condition for any-of. The
// members who meet the rule are exactly those at or above one of them, as
// spend, orders and paid rank vary independently; so a rule implies
// another when each of its generators meets the other.
func (r *rule) generators(rank int) []point {
	all := point{paid: -1}
	var any []point
	if r.spend > 0 {
		all.spend = r.spend
		any = append(any, point{spend: r.spend, paid: -1})
	}
	if r.orders > 0 {
		all.orders = r.orders
		any = append(any, point{orders: r.orders, paid: -1})
	}
	if r.paid {
		all.paid = rank
		any = append(any, point{paid: rank})
	}
	if r.any && len(any) > 0 {
		return any
	}
	return []point{all}
}

// checkRung checks that tier i is strictly harder than tier i-1: every
// least member of tier i meets tier i-1, and some least member of tier
// i-1 does not meet tier i.
func (t *Tiers) checkRung(c commerce.Currency, i int) error {
	hi, lo := &t.rules[i], &t.rules[i-1]
	field := fmt.Sprintf("tier policy: tiers[%d] %q", i, t.ids[i])
	for _, g := range hi.generators(i) {
		if !lo.met(i-1, g.spend, g.orders, g.paid) {
			return &commerce.FieldError{Field: field, Err: ErrTierOverlap,
				Reason: fmt.Sprintf("a member with %s meets it but not %q below it", describePoint(c, g, t.ids), t.ids[i-1])}
		}
	}
	for _, g := range lo.generators(i - 1) {
		if !hi.met(i, g.spend, g.orders, g.paid) {
			return nil
		}
	}
	return &commerce.FieldError{Field: field, Err: ErrTierOverlap,
		Reason: fmt.Sprintf("it asks nothing more than %q below it", t.ids[i-1])}
}

// describePoint renders figures for an error message.
func describePoint(c commerce.Currency, g point, ids []string) string {
	s := fmt.Sprintf("spend %v and %d orders", commerce.MustNewMoney(g.spend, c), g.orders)
	if g.paid >= 0 {
		s += fmt.Sprintf(" and a paid %q membership", ids[g.paid])
	}
	return s
}

// Policy returns a copy of the policy the tiers were compiled from, with
// its location set (UTC when it was nil).
func (t *Tiers) Policy() TierPolicy {
	if t.usable("") != nil {
		return TierPolicy{}
	}
	p := t.policy
	p.Tiers = make([]Tier, len(t.policy.Tiers))
	for i, tier := range t.policy.Tiers {
		p.Tiers[i] = tier.clone()
	}
	return p
}

// Len returns the number of tiers.
func (t *Tiers) Len() int {
	if t == nil {
		return 0
	}
	return len(t.ids)
}

// IDs returns the tier IDs, lowest first, in a fresh slice.
func (t *Tiers) IDs() []string {
	if t == nil {
		return nil
	}
	return slices.Clone(t.ids)
}

// Rank returns the position of the tier with the given ID, 0 for the free
// tier, and false when no tier has it.
func (t *Tiers) Rank(id string) (int, bool) {
	if t == nil {
		return 0, false
	}
	for i, x := range t.ids {
		if x == id {
			return i, true
		}
	}
	return 0, false
}

// Lookup returns the tier with the given ID, a copy that shares nothing
// with the policy, and false when no tier has it.
func (t *Tiers) Lookup(id string) (Tier, bool) {
	if i, ok := t.Rank(id); ok {
		return t.policy.Tiers[i].clone(), true
	}
	return Tier{}, false
}

// Location returns the location calendar days are counted in; UTC for the
// zero Tiers.
func (t *Tiers) Location() *time.Location {
	if t.usable("") != nil {
		return time.UTC
	}
	return t.loc
}

// Cycle is a qualification period, the half-open interval [Start, End).
type Cycle struct {
	// Start is the period's first instant, midnight in the policy's
	// location.
	Start time.Time
	// End is the first instant after the period: the next one's Start.
	End time.Time
}

// Contains reports whether t falls in the period.
func (c Cycle) Contains(t time.Time) bool { return !t.Before(c.Start) && t.Before(c.End) }

// Equal reports whether two periods start and end at the same instants.
func (c Cycle) Equal(o Cycle) bool { return c.Start.Equal(o.Start) && c.End.Equal(o.End) }

// Cycles returns the period of a fixed-period or anniversary window that
// contains at, and the one before it, for a member who joined at joined
// (used only by anniversary windows). For a rolling window it returns
// false, as it does for the zero Tiers.
func (t *Tiers) Cycles(at, joined time.Time) (cur, prev Cycle, ok bool) {
	if t.usable("") != nil {
		return Cycle{}, Cycle{}, false
	}
	w := t.policy.Window
	switch w.Kind {
	case FixedPeriod:
		l := at.In(t.loc)
		mi := l.Year()*12 + int(l.Month()) - 1
		anchor := int(w.ResetMonth) - 1
		start := anchor + floorDiv(mi-anchor, w.Months)*w.Months
		if t.monthStart(start).After(at) {
			start -= w.Months
		}
		return Cycle{t.monthStart(start), t.monthStart(start + w.Months)},
			Cycle{t.monthStart(start - w.Months), t.monthStart(start)}, true
	case Anniversary:
		j := joined.In(t.loc)
		y := at.In(t.loc).Year()
		if t.anniversary(j, y).After(at) {
			y--
		}
		return Cycle{t.anniversary(j, y), t.anniversary(j, y+1)}, Cycle{t.anniversary(j, y-1), t.anniversary(j, y)}, true
	}
	return Cycle{}, Cycle{}, false
}

// monthStart returns midnight of the fixed window's reset day in month mi
// (months since year 0, January = 0), clamped to the month's last day.
func (t *Tiers) monthStart(mi int) time.Time {
	y, m := floorDiv(mi, 12), time.Month(mi-floorDiv(mi, 12)*12+1)
	return time.Date(y, m, min(t.policy.Window.ResetDay, daysIn(y, m)), 0, 0, 0, 0, t.loc)
}

// anniversary returns midnight of the anniversary in year y of the local
// date j, 29 February falling on 28 February in common years.
func (t *Tiers) anniversary(j time.Time, y int) time.Time {
	return time.Date(y, j.Month(), min(j.Day(), daysIn(y, j.Month())), 0, 0, 0, 0, t.loc)
}

// nextAnniversary returns the first anniversary of the instant since that
// is after at, keeping since's local time of day; 29 February falls on 28
// February in common years.
func (t *Tiers) nextAnniversary(since, at int64) int64 {
	s := fromNanos(since, t.loc)
	for y := fromNanos(at, t.loc).Year(); ; y++ {
		a := time.Date(y, s.Month(), min(s.Day(), daysIn(y, s.Month())), s.Hour(), s.Minute(), s.Second(), s.Nanosecond(), t.loc)
		n, ok := toNanos(a)
		if !ok {
			return maxNanos
		}
		if n > since && n > at {
			return n
		}
	}
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// floorDiv is a/b rounded towards minus infinity, for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// The range of instants a standing holds, as Unix nanoseconds: whole
// seconds within the years 1678 to 2262. noTime marks an instant that is
// not set.
const (
	noTime   = math.MinInt64
	minSecs  = math.MinInt64/1_000_000_000 + 1
	maxSecs  = math.MaxInt64/1_000_000_000 - 1
	minNanos = minSecs * 1_000_000_000
	maxNanos = maxSecs*1_000_000_000 + 999_999_999
)

// toNanos returns t as Unix nanoseconds, and false outside the range.
func toNanos(t time.Time) (int64, bool) {
	if s := t.Unix(); s < minSecs || s > maxSecs {
		return 0, false
	}
	return t.UnixNano(), true
}

// fromNanos is the time of Unix nanoseconds n in loc; noTime is the zero
// time.
func fromNanos(n int64, loc *time.Location) time.Time {
	if n == noTime {
		return time.Time{}
	}
	return time.Unix(0, n).In(loc)
}

// addNanos adds d to the instant n, saturating at the end of the range.
func addNanos(n, d int64) int64 {
	if n > maxNanos-d {
		return maxNanos
	}
	return n + d
}

// outOfRange is the error of an instant outside the years 1678 to 2262.
func outOfRange(field string, t time.Time) error {
	if t.IsZero() {
		return fieldErr(field, "zero time")
	}
	return fieldErr(field, "%s is outside the years 1678 to 2262", t.Format(time.RFC3339))
}
