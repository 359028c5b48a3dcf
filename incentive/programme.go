package incentive

import (
	"bytes"
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// More validation codes, beside those of errors.go.
const (
	// CodeUnknownReference is a reference to something the programme does
	// not declare: a rule ID in a stacking group or an exclusion, a
	// calendar ID in a window.
	CodeUnknownReference Code = "unknown-reference"
	// CodeAmbiguousRanking is a ranking whose tie-break can leave a tie:
	// it does not end with a unique key.
	CodeAmbiguousRanking Code = "ambiguous-ranking"
	// CodeAmbiguousVersion is two versions of a programme, recorded at the
	// same time, whose effective periods overlap: which one is in effect
	// is undecided.
	CodeAmbiguousVersion Code = "ambiguous-version"
)

// progErr returns a *ProgrammeError with code, path and reason; the caller
// fills in the programme and version.
func progErr(code Code, path, format string, args ...any) *ProgrammeError {
	return &ProgrammeError{Code: code, Path: path, Reason: fmt.Sprintf(format, args...)}
}

// SourceKind says how far a programme's numbers can be trusted, in the
// tags of the research anchors.
type SourceKind uint8

// The source kinds.
const (
	// InternalDoc is a customer-provided or internal document that no
	// public source confirms.
	InternalDoc SourceKind = iota + 1
	// Official is the platform's own documentation ([O]).
	Official
	// Secondary is press or an analyst's summary of an announcement ([S]).
	Secondary
	// LowAuthority is a blog or SEO page, to be checked ([L]).
	LowAuthority
	numSourceKinds
)

var sourceKindNames = [numSourceKinds]string{"", "internal-doc", "official", "secondary", "low-authority"}

// String returns "internal-doc", "official", "secondary" or
// "low-authority".
func (k SourceKind) String() string {
	if k > 0 && k < numSourceKinds {
		return sourceKindNames[k]
	}
	return fmt.Sprintf("SourceKind(%d)", uint8(k))
}

// Source says where a programme's numbers come from.
type Source struct {
	// Kind is how far they can be trusted.
	Kind SourceKind
	// Ref is the document or address.
	Ref string
	// Note says what the source does not settle and what was assumed.
	Note string
}

// Anchor is the event a rule's window counts from.
type Anchor uint8

// The anchors.
const (
	// AtEvent is the event being evaluated: an order, a broadcast.
	AtEvent Anchor = iota + 1
	// AtFirstBroadcast is the merchant's first broadcast in the programme.
	AtFirstBroadcast
	// AtOpening is the store's opening.
	AtOpening
	// AtQualification is when the entity qualified (reached its target).
	AtQualification
	numAnchors
)

var anchorNames = [numAnchors]string{"", "event", "first-broadcast", "opening", "qualification"}

// String returns "event", "first-broadcast", "opening" or "qualification".
func (a Anchor) String() string {
	if a > 0 && a < numAnchors {
		return anchorNames[a]
	}
	return fmt.Sprintf("Anchor(%d)", uint8(a))
}

// Subject is what a rule awards each of: a merchant, or each product.
type Subject uint8

// The subjects.
const (
	// PerBeneficiary awards the beneficiary once per qualifying event.
	PerBeneficiary Subject = iota + 1
	// PerProduct awards each qualifying product of the beneficiary.
	PerProduct
	numSubjects
)

var subjectNames = [numSubjects]string{"", "beneficiary", "product"}

// String returns "beneficiary" or "product".
func (s Subject) String() string {
	if s > 0 && s < numSubjects {
		return subjectNames[s]
	}
	return fmt.Sprintf("Subject(%d)", uint8(s))
}

// Rule is one award of a programme: who earns it, on what conditions,
// when, how much and how often. Exactly one of Award, Tiers and Milestones
// says what is earned.
type Rule struct {
	// ID names the rule within its programme.
	ID string
	// Note says what the rule is in words.
	Note string
	// Beneficiary is who earns the award; Per is what it is counted per.
	Beneficiary Entity
	Per         Subject
	// Eligibility are predicates that must all pass (see [Predicate]).
	Eligibility []Predicate
	// Anchor is the event Window counts from; it is required by every
	// window kind but Fixed, and must be zero without a window.
	Anchor Anchor
	// Window is when the rule applies; the zero Window is the programme's
	// effective period.
	Window Window
	// Payout is the lag before the award is paid or verified, counted
	// from when it is earned (for rankings and baselines, the end of the
	// window): a BusinessDays or NaturalDays window, or zero.
	Payout Window
	// Metric is what Tiers, Milestones, a Ranking or a Baseline measure.
	Metric Metric
	// Award is a single award.
	Award Award
	// Tiers are a ladder over Metric.
	Tiers []Tier
	// Milestones are first-time rungs over Metric, each paid once per
	// merchant for life.
	Milestones []Milestone
	// Ranking awards only the top entities by Metric.
	Ranking Ranking
	// Baseline measures Metric as growth over a prior period; it goes
	// with Metric IncrementalGMV.
	Baseline Baseline
	// Minimums are floors each awarded subject must reach.
	Minimums []Minimum
	// Caps bound what the rule awards.
	Caps []Cap
	// Priority orders applicable rules for stacking, higher first.
	Priority int
	// Excludes are rules that never apply together with this one.
	Excludes []string
}

// Programme is one version of a platform incentive programme as data: its
// identity and version, where its numbers come from, when it is in effect
// and when it was recorded (for bitemporal look-up, see
// [Catalogue.Lookup]), its zone and currency, its rules and how they
// stack. Build one in Go or parse one with [ParseProgramme]; check it with
// [Programme.Validate]. A [Catalogue] holds validated copies.
type Programme struct {
	// ID names the programme; Version names this version of it.
	ID, Version string
	// Title and Platform describe it.
	Title, Platform string
	// Source says where its numbers come from.
	Source Source
	// Effective is when this version is in effect: a Fixed window
	// [From, To), To zero for open-ended.
	Effective Window
	// Recorded is when this version was recorded: a look-up "as known at
	// k" sees only versions recorded at or before k.
	Recorded time.Time
	// Zone is the name of the location its days and months are counted
	// in: "Asia/Shanghai" or "UTC" (see [Zone]).
	Zone string
	// Currency is the currency of every amount.
	Currency commerce.Currency
	// Rounding is how amounts derived from rates are rounded.
	Rounding commerce.RoundingMode
	// Rules are its awards.
	Rules []Rule
	// Stacking are its stacking groups.
	Stacking []Group
}

// zones are the compiled-in locations. Asia/Shanghai has kept UTC+8
// without daylight saving since 1991, so a fixed zone is exact for every
// programme date.
var zones = [...]struct {
	name   string
	offset int
}{{"Asia/Shanghai", 8 * 3600}, {"UTC", 0}}

// Zone returns the compiled-in location named name: "Asia/Shanghai"
// (UTC+8, exact since 1991) or "UTC". It never reads the system's zone
// database; for any other zone, load it yourself and pass the
// *time.Location to [Window.Bounds]. An unknown name is a
// *[commerce.FieldError].
func Zone(name string) (*time.Location, error) {
	for _, z := range zones {
		if z.name == name {
			if z.offset == 0 {
				return time.UTC, nil
			}
			return time.FixedZone(z.name, z.offset), nil
		}
	}
	return nil, fieldErr("zone", "%q is not compiled in (Asia/Shanghai, UTC)", name)
}

// Validate reports the first problem of p, in field order, as a
// *[ProgrammeError] with a stable [Code] and the path of the element at
// fault; nil when p is valid.
func (p Programme) Validate() error {
	if pe := p.validate(); pe != nil {
		pe.Programme, pe.Version = p.ID, p.Version
		return pe
	}
	return nil
}

func (p Programme) validate() *ProgrammeError {
	if err := checkID("id", p.ID); err != nil {
		return progErr(CodeMissing, "id", "programme ID: %v", err)
	}
	if err := checkID("version", p.Version); err != nil {
		return progErr(CodeMissing, "version", "version: %v", err)
	}
	switch {
	case p.Source.Kind == 0 || p.Source.Kind >= numSourceKinds:
		return progErr(CodeMissing, "source.kind", "a programme says where its numbers come from")
	case p.Source.Ref == "":
		return progErr(CodeMissing, "source.ref", "a source needs a reference")
	case p.Effective.Kind == 0:
		return progErr(CodeMissing, "effective", "no effective period")
	case p.Effective.Kind != Fixed:
		return progErr(CodeBadWindow, "effective", "an effective period is fixed, not %v", p.Effective.Kind)
	}
	if pe := p.Effective.validate("effective"); pe != nil {
		return pe
	}
	switch _, err := Zone(p.Zone); {
	case p.Recorded.IsZero():
		return progErr(CodeMissing, "recorded", "no recording time")
	case p.Zone == "":
		return progErr(CodeMissing, "zone", "no zone")
	case err != nil:
		return progErr(CodeMalformed, "zone", "%q is not a compiled-in zone (Asia/Shanghai, UTC)", p.Zone)
	case !p.Currency.Valid():
		return progErr(CodeMissing, "currency", "no currency")
	case !p.Rounding.Valid():
		return progErr(CodeMissing, "rounding", "no rounding mode")
	case len(p.Rules) == 0:
		return progErr(CodeMissing, "rules", "no rules")
	}
	ids := make(map[string]int, len(p.Rules))
	calendars := make(map[string]Calendar)
	for i, r := range p.Rules {
		path := fmt.Sprintf("rules[%d]", i)
		if pe := r.validate(path, p.Currency); pe != nil {
			return pe
		}
		if pe := r.validateBaselinePrior(path, p.Effective); pe != nil {
			return pe
		}
		if j, dup := ids[r.ID]; dup {
			return progErr(CodeDuplicate, path+".id", "rule %q is also rules[%d]", r.ID, j)
		}
		ids[r.ID] = i
		for _, w := range [...]struct {
			path string
			w    Window
		}{{path + ".window", r.Window}, {path + ".payout", r.Payout}} {
			if w.w.Kind != BusinessDays {
				continue
			}
			if prev, ok := calendars[w.w.Calendar.ID]; ok && !prev.Equal(w.w.Calendar) {
				return progErr(CodeDuplicate, w.path+".calendar", "two different calendars named %q", w.w.Calendar.ID)
			}
			calendars[w.w.Calendar.ID] = w.w.Calendar
		}
	}
	return validateStacking(p.Stacking, p.Rules)
}

// validateBaselinePrior refuses a baseline whose prior period does not
// end by the start of the period the rule measures: the From of a Fixed
// rule window, or else (no window, or one anchored at an event that may
// fall anywhere in the programme) the start of the effective period. A
// prior period overlapping the measured one, or after it, would measure
// the increment against itself.
func (r Rule) validateBaselinePrior(path string, effective Window) *ProgrammeError {
	if r.Baseline.IsZero() {
		return nil
	}
	start, what := effective.From, "the programme's effective period"
	if r.Window.Kind == Fixed {
		start, what = r.Window.From, "the rule's window"
	}
	if prior := r.Baseline.Prior; prior.To.After(start) {
		return progErr(CodeBadWindow, path+".baseline.prior", "the prior period [%s, %s) does not end by the start of %s at %s",
			prior.From.Format(time.RFC3339), prior.To.Format(time.RFC3339), what, start.Format(time.RFC3339))
	}
	return nil
}

func (r Rule) validate(path string, cur commerce.Currency) *ProgrammeError {
	if err := checkID(path+".id", r.ID); err != nil {
		return progErr(CodeMissing, path+".id", "rule ID: %v", err)
	}
	switch {
	case r.Beneficiary == 0 || r.Beneficiary >= numEntities:
		return progErr(CodeMissing, path+".beneficiary", "a rule needs a beneficiary (merchant, store, provider or mcn)")
	case r.Per == 0 || r.Per >= numSubjects:
		return progErr(CodeMissing, path+".per", "a rule needs a subject (beneficiary or product)")
	}
	for i, p := range r.Eligibility {
		if pe := p.validate(fmt.Sprintf("%s.eligibility[%d]", path, i), cur, 1); pe != nil {
			return pe
		}
	}
	if pe := r.validateWindows(path); pe != nil {
		return pe
	}
	shapes := 0
	for _, set := range [...]bool{!r.Award.IsZero(), r.Tiers != nil, r.Milestones != nil} {
		if set {
			shapes++
		}
	}
	switch {
	case shapes == 0:
		return progErr(CodeMissing, path+".award", "a rule needs an award, tiers or milestones")
	case shapes > 1:
		return progErr(CodeMalformed, path, "a rule has one of an award, tiers and milestones")
	case r.Tiers != nil && len(r.Tiers) == 0:
		return progErr(CodeMissing, path+".tiers", "an empty ladder")
	case r.Milestones != nil && len(r.Milestones) == 0:
		return progErr(CodeMissing, path+".milestones", "no milestones")
	}
	if pe := r.validateMetric(path, cur); pe != nil {
		return pe
	}
	kind := r.Award.Kind
	switch {
	case !r.Award.IsZero():
		if pe := r.Award.validate(path+".award", cur); pe != nil {
			return pe
		}
	case r.Tiers != nil:
		if pe := validateTiers(path+".tiers", r.Tiers, cur); pe != nil {
			return pe
		}
		kind = commonKind(len(r.Tiers), func(i int) AwardKind { return r.Tiers[i].Award.Kind })
	default:
		if pe := validateMilestones(path+".milestones", r.Milestones, cur); pe != nil {
			return pe
		}
		kind = commonKind(len(r.Milestones), func(i int) AwardKind { return r.Milestones[i].Award.Kind })
	}
	for i, m := range r.Minimums {
		mp := fmt.Sprintf("%s.minimums[%d]", path, i)
		if pe := m.validate(mp, cur); pe != nil {
			return pe
		}
		if slices.ContainsFunc(r.Minimums[:i], func(o Minimum) bool { return o.Metric == m.Metric }) {
			return progErr(CodeDuplicate, mp+".metric", "two minimums of %v", m.Metric)
		}
	}
	for i, c := range r.Caps {
		cp := fmt.Sprintf("%s.caps[%d]", path, i)
		if pe := c.validate(cp, cur, kind); pe != nil {
			return pe
		}
		money := c.Amount != (commerce.Money{})
		if slices.ContainsFunc(r.Caps[:i], func(o Cap) bool {
			return o.Entity == c.Entity && o.Period == c.Period && (o.Amount != (commerce.Money{})) == money
		}) {
			return progErr(CodeDuplicate, cp, "two %s caps per %v per %v", map[bool]string{true: "money", false: "count"}[money], c.Entity, c.Period)
		}
	}
	return nil
}

// commonKind returns the award kind all n awards share, or 0.
func commonKind(n int, kind func(int) AwardKind) AwardKind {
	k := kind(0)
	for i := 1; i < n; i++ {
		if kind(i) != k {
			return 0
		}
	}
	return k
}

func (r Rule) validateWindows(path string) *ProgrammeError {
	switch {
	case r.Window.IsZero() || r.Window.Kind == Fixed:
		if r.Anchor != 0 {
			return progErr(CodeMalformed, path+".anchor", "an anchor without a relative window")
		}
	case r.Anchor == 0:
		return progErr(CodeMissing, path+".anchor", "a %v window needs an anchor", r.Window.Kind)
	case r.Anchor >= numAnchors:
		return progErr(CodeMalformed, path+".anchor", "unknown anchor %v", r.Anchor)
	}
	if !r.Window.IsZero() {
		if pe := r.Window.validate(path + ".window"); pe != nil {
			return pe
		}
	}
	if !r.Payout.IsZero() {
		if r.Payout.Kind != BusinessDays && r.Payout.Kind != NaturalDays {
			return progErr(CodeBadWindow, path+".payout", "a payout lag counts business or natural days, not %v", r.Payout.Kind)
		}
		return r.Payout.validate(path + ".payout")
	}
	return nil
}

func (r Rule) validateMetric(path string, cur commerce.Currency) *ProgrammeError {
	needs := r.Tiers != nil || r.Milestones != nil || !r.Ranking.IsZero() || !r.Baseline.IsZero()
	switch {
	case r.Metric >= numMetrics:
		return progErr(CodeMalformed, path+".metric", "unknown metric %v", r.Metric)
	case needs && r.Metric == 0:
		return progErr(CodeMissing, path+".metric", "tiers, milestones, rankings and baselines need a metric")
	case !needs && r.Metric != 0:
		return progErr(CodeMalformed, path+".metric", "a metric without tiers, milestones, a ranking or a baseline")
	case (r.Tiers != nil || r.Milestones != nil) && !r.Metric.money():
		return progErr(CodeMalformed, path+".metric", "tiers and milestones are money; %v is a count", r.Metric)
	case (r.Metric == IncrementalGMV) != !r.Baseline.IsZero():
		return progErr(CodeMissing, path+".baseline", "%v goes with a baseline, and a baseline with %v", IncrementalGMV, IncrementalGMV)
	case !r.Ranking.IsZero() && r.Award.IsZero():
		return progErr(CodeMalformed, path+".ranking", "a ranking pays a single award")
	}
	if !r.Ranking.IsZero() {
		if pe := r.Ranking.validate(path + ".ranking"); pe != nil {
			return pe
		}
	}
	if !r.Baseline.IsZero() {
		return r.Baseline.validate(path+".baseline", cur)
	}
	return nil
}

// Check checks the eligibility of the merchant described by f for rule at
// the instant at, in the programme's zone, and says why or why not: the
// [Verdict] lists every predicate's [Outcome]. A rule without eligibility
// predicates is eligible.
//
// Check evaluates the eligibility predicates only, at giving the days of
// NoBroadcastWithin and OpenedWithin. It does not look at the programme's
// effective period, nor at the rule's window, anchor, caps or minimums: a
// programme of 2024 checked in 2030 may answer eligible. Whether at falls
// in the effective period and the rule's window is the evaluator's to
// decide (see [Window.Contains]); a caller of Check alone must test it.
//
// It fails with [ErrMissingFact] when the outcome depends on a fact not in
// f.Known, naming the rule and only the facts whose knowledge could
// change the outcome (not those of an any-of that already passed), with a
// *[commerce.FieldError] for malformed facts or an unknown rule, and with
// the *[ProgrammeError] of a programme that does not validate.
func (p Programme) Check(rule string, f Facts, at time.Time) (Verdict, error) {
	if err := p.Validate(); err != nil {
		return Verdict{}, err
	}
	i := slices.IndexFunc(p.Rules, func(r Rule) bool { return r.ID == rule })
	if i < 0 {
		return Verdict{}, fieldErr(fmt.Sprintf("programme %s@%s: rule", p.ID, p.Version), "no rule %q", rule)
	}
	loc, _ := Zone(p.Zone)
	return check(p.ID, p.Version, i, &p.Rules[i], &f, at, loc, p.Currency)
}

// check is Check on a validated programme.
func check(id, version string, i int, r *Rule, f *Facts, at time.Time, loc *time.Location, cur commerce.Currency) (Verdict, error) {
	if err := f.validate(cur); err != nil {
		return Verdict{}, err
	}
	v := Verdict{Programme: id, Version: version, Rule: r.ID, At: at, Outcomes: []Outcome{}}
	truth := pass
	for k := range r.Eligibility {
		var t tri
		v.Outcomes, t = r.Eligibility[k].explain(v.Outcomes, fmt.Sprintf("rules[%d].eligibility[%d]", i, k), f, at, loc)
		switch {
		case t == fail:
			truth = fail
		case t == undecided && truth == pass:
			truth = undecided
		}
	}
	if truth == undecided {
		var missing Fact
		for k := range r.Eligibility {
			if r.Eligibility[k].eval(f, at, loc) == undecided {
				missing |= r.Eligibility[k].undecidedFacts(f, at, loc)
			}
		}
		return Verdict{}, fmt.Errorf("incentive: programme %s@%s: rule %q: %v not known: %w", id, version, r.ID, missing, ErrMissingFact)
	}
	v.Eligible = truth == pass
	return v, nil
}

// validate checks the facts that are known: non-negative counts, at most
// as many refunded orders as orders, money in the programme's currency.
func (f *Facts) validate(cur commerce.Currency) error {
	if err := checkID("facts: merchant", f.Merchant); err != nil {
		return err
	}
	for i, s := range f.Stores {
		if err := checkID(fmt.Sprintf("facts: stores[%d]", i), s); err != nil {
			return err
		}
	}
	switch {
	case f.Known&^(lastFact<<1-1) != 0:
		return fieldErr("facts: known", "unknown facts %v", f.Known&^(lastFact<<1-1))
	case f.Known.Has(FactRefunds) && (f.Orders < 0 || f.RefundedOrders < 0 || f.RefundedOrders > f.Orders):
		return fieldErr("facts: refunds", "%d refunded of %d orders", f.RefundedOrders, f.Orders)
	case f.Known.Has(FactBroadcastStreakDays) && f.BroadcastStreakDays < 0:
		return fieldErr("facts: broadcast streak days", "negative %d", f.BroadcastStreakDays)
	case f.Known.Has(FactListedProducts) && f.ListedProducts < 0:
		return fieldErr("facts: listed products", "negative %d", f.ListedProducts)
	case f.Known.Has(FactExternalMonthlyGMV) && f.ExternalMonthlyGMV.Currency() != cur:
		return &commerce.FieldError{Field: "facts: external monthly GMV", Err: &commerce.MismatchError{A: cur, B: f.ExternalMonthlyGMV.Currency()}}
	}
	return nil
}

// Equal reports whether p and o are the same programme: for valid
// programmes, the same canonical JSON ([Programme.MarshalJSON]), so that
// instants compare by instant whatever their location and calendars by
// their sets of dates; otherwise the same fields.
func (p Programme) Equal(o Programme) bool {
	a, errA := p.MarshalJSON()
	b, errB := o.MarshalJSON()
	if errA != nil || errB != nil {
		return errA != nil && errB != nil && reflect.DeepEqual(p, o)
	}
	return bytes.Equal(a, b)
}

// clone returns a deep copy of p, sharing no slice with it.
func (p Programme) clone() Programme {
	p.Effective = p.Effective.clone()
	p.Rules = cloneEach(p.Rules, Rule.clone)
	p.Stacking = cloneEach(p.Stacking, func(g Group) Group { g.Rules = slices.Clone(g.Rules); return g })
	return p
}

func (r Rule) clone() Rule {
	r.Eligibility = cloneEach(r.Eligibility, Predicate.clone)
	r.Window, r.Payout = r.Window.clone(), r.Payout.clone()
	r.Tiers = slices.Clone(r.Tiers)
	r.Milestones = slices.Clone(r.Milestones)
	r.Ranking.TieBreak = slices.Clone(r.Ranking.TieBreak)
	r.Baseline.Prior = r.Baseline.Prior.clone()
	r.Minimums = slices.Clone(r.Minimums)
	r.Caps = slices.Clone(r.Caps)
	r.Excludes = slices.Clone(r.Excludes)
	return r
}

func (p Predicate) clone() Predicate {
	p.Categories = slices.Clone(p.Categories)
	p.Of = cloneEach(p.Of, Predicate.clone)
	return p
}

func (w Window) clone() Window {
	w.Calendar.Holidays = slices.Clone(w.Calendar.Holidays)
	w.Calendar.Workdays = slices.Clone(w.Calendar.Workdays)
	return w
}

// cloneEach copies s, each element through f; nil stays nil.
func cloneEach[T any](s []T, f func(T) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

// Catalogue is an immutable set of programme versions, validated and
// compiled, safe to share between goroutines. Build one with
// [NewCatalogue] or [Builtin]. The zero Catalogue is empty.
type Catalogue struct {
	byID map[string][]*edition // versions in Recorded order, then Version
}

// edition is one programme version as a catalogue holds it: the
// programme and what its evaluation needs precomputed.
type edition struct {
	p     Programme
	loc   *time.Location
	rules map[string]int
	stack stacker
	// merchantRules are the indexes of the rules a merchant or store
	// earns, which Evaluate evaluates; grantHint sizes a result for them.
	merchantRules []int
	grantHint     int
	// winClass numbers the rules by their windows: two rules of one
	// class (the same anchor and window, not of business days) have the
	// same windows for a merchant, computed once.
	winClass []int32
	// effFrom and effTo are the effective period as Unix instants (effTo
	// open for none), which every window is clipped to.
	effFrom, effTo unixTime
	// zone is the zone's offset in force at the effective start and its
	// span, which holds most periods evaluated (see input.setZoneIn).
	zone zoneSpan
	// facts are per-rule facts the evaluation reads, by rule index.
	facts []ruleFacts
	// ranked reports a ranking rule; perProduct, a per-product rule;
	// perStore, a rule whose beneficiary is a store;
	// stacks, a stacking group with a limit or an exclusion, without
	// which every applicable rule applies.
	ranked, perProduct, perStore, stacks bool
}

// NewCatalogue validates copies of ps and returns a catalogue of them.
// It fails with the first programme's *[ProgrammeError]: a programme that
// does not validate, a version given twice ([CodeDuplicate]), or two
// versions of one programme recorded at the same instant with overlapping
// effective periods ([CodeAmbiguousVersion]).
func NewCatalogue(ps ...Programme) (Catalogue, error) {
	c := Catalogue{byID: make(map[string][]*edition)}
	for i, p := range ps {
		if err := p.Validate(); err != nil {
			return Catalogue{}, fmt.Errorf("incentive: catalogue: programmes[%d]: %w", i, err)
		}
		p = p.clone()
		p.Recorded = p.Recorded.UTC()
		for k := range p.Rules { // index the business-day calendars once, however the programme was built
			for _, w := range []*Window{&p.Rules[k].Window, &p.Rules[k].Payout} {
				if c := &w.Calendar; w.Kind == BusinessDays {
					if ic, err := NewCalendar(c.ID, c.Source, c.Holidays, c.Workdays); err == nil {
						*c = ic
					}
				}
			}
		}
		loc, _ := Zone(p.Zone)
		e := &edition{p: p, loc: loc, rules: make(map[string]int, len(p.Rules)), stack: newStacker(p.Stacking, p.Rules)}
		e.winClass = windowClasses(p.Rules)
		e.effFrom, e.effTo = instOf(p.Effective.From), unixTimeOf(p.Effective.To)
		e.zone.off, e.zone.lo, e.zone.hi = zoneAt(p.Effective.From, loc)
		e.facts = make([]ruleFacts, len(p.Rules))
		for k := range p.Rules {
			e.facts[k] = factsOf(&p.Rules[k])
		}
		setEligClasses(e.facts, p.Rules)
		for _, g := range p.Stacking {
			e.stacks = e.stacks || g.Mode == Exclusive || g.MaxApplicable > 0
		}
		for k, r := range p.Rules {
			e.rules[r.ID] = k
			if r.Beneficiary == Merchant || r.Beneficiary == Store {
				e.merchantRules = append(e.merchantRules, k)
				e.grantHint += 1 + len(r.Milestones)
			}
			e.ranked = e.ranked || !r.Ranking.IsZero()
			e.perProduct = e.perProduct || r.Per == PerProduct
			e.perStore = e.perStore || r.Beneficiary == Store
			e.stacks = e.stacks || len(r.Excludes) > 0
		}
		for _, o := range c.byID[p.ID] {
			switch {
			case o.p.Version == p.Version:
				return Catalogue{}, &ProgrammeError{Code: CodeDuplicate, Programme: p.ID, Version: p.Version, Path: "version",
					Reason: fmt.Sprintf("programmes[%d] repeats version %q", i, p.Version)}
			case o.p.Recorded.Equal(p.Recorded) && overlaps(o.p.Effective, p.Effective):
				return Catalogue{}, &ProgrammeError{Code: CodeAmbiguousVersion, Programme: p.ID, Version: p.Version, Path: "recorded",
					Reason: fmt.Sprintf("recorded at the same time as version %q, with an overlapping effective period", o.p.Version)}
			}
		}
		c.byID[p.ID] = append(c.byID[p.ID], e)
	}
	for _, es := range c.byID {
		slices.SortFunc(es, func(a, b *edition) int {
			if c := a.p.Recorded.Compare(b.p.Recorded); c != 0 {
				return c
			}
			return cmp.Compare(a.p.Version, b.p.Version)
		})
	}
	return c, nil
}

// overlaps reports whether two fixed windows (To zero for open) overlap.
func overlaps(a, b Window) bool {
	return (b.To.IsZero() || a.From.Before(b.To)) && (a.To.IsZero() || b.From.Before(a.To))
}

// lookup returns the edition of id in effect at effectiveAt as known at
// knownAt: of the versions recorded at or before knownAt whose effective
// period contains effectiveAt, the one recorded last.
func (c Catalogue) lookup(id string, effectiveAt, knownAt time.Time) (*edition, error) {
	es, ok := c.byID[id]
	if !ok {
		return nil, fmt.Errorf("incentive: programme %q: %w", id, ErrUnknownProgramme)
	}
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if e.p.Recorded.After(knownAt) {
			continue
		}
		if !effectiveAt.Before(e.p.Effective.From) && (e.p.Effective.To.IsZero() || effectiveAt.Before(e.p.Effective.To)) {
			return e, nil
		}
	}
	return nil, fmt.Errorf("incentive: programme %q: none in effect at %s as known at %s: %w",
		id, effectiveAt.Format(time.RFC3339Nano), knownAt.Format(time.RFC3339Nano), ErrUnknownVersion)
}

// Lookup returns a copy of the version of programme id in effect at
// effectiveAt as known at knownAt: of the versions recorded at or before
// knownAt whose effective period contains effectiveAt, the one recorded
// last. So October recomputed under what was known in October still finds
// October's version after November's edit, and a correction recorded
// later replaces what it corrects only for look-ups that know of it.
//
// An ID never loaded is [ErrUnknownProgramme]; no version in effect (or
// none yet recorded) is [ErrUnknownVersion].
func (c Catalogue) Lookup(id string, effectiveAt, knownAt time.Time) (Programme, error) {
	e, err := c.lookup(id, effectiveAt, knownAt)
	if err != nil {
		return Programme{}, err
	}
	return e.p.clone(), nil
}

// Version returns a copy of version of programme id, as frozen on an
// award: [ErrUnknownProgramme] or [ErrUnknownVersion] when there is none.
func (c Catalogue) Version(id, version string) (Programme, error) {
	es, ok := c.byID[id]
	if !ok {
		return Programme{}, fmt.Errorf("incentive: programme %q: %w", id, ErrUnknownProgramme)
	}
	for _, e := range es {
		if e.p.Version == version {
			return e.p.clone(), nil
		}
	}
	return Programme{}, fmt.Errorf("incentive: programme %q version %q: %w", id, version, ErrUnknownVersion)
}

// IDs returns the programme IDs of the catalogue, sorted.
func (c Catalogue) IDs() []string {
	ids := make([]string, 0, len(c.byID))
	for id := range c.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Versions returns the versions of programme id in the order they were
// recorded (then by version), or nil for an unknown ID.
func (c Catalogue) Versions(id string) []string {
	var out []string
	for _, e := range c.byID[id] {
		out = append(out, e.p.Version)
	}
	return out
}

// Builtin returns a fresh catalogue of the built-in programmes, the files
// of programmes/ compiled into the package (no file is read at run time):
//
//   - xiaohongshu-treasure-host 2024 (internal-doc): the four dimensions of
//     the treasure host programme;
//   - wechat-channels-618 2024 (internal-doc): the growth card of up to
//     ¥10,000 and the technical service fee as low as 1%;
//   - tiktok-us-newstar 2025-10 and 2025-11 (official): $20/$50, then
//     $15/$55, per product, capped at $3,000 a month;
//   - tiktok-us-gmv-sprint 2025-10 (official): top 350 by incremental GMV
//     of at least $100, up to $5,000.
//
// Each programme's Source says where its numbers come from and what was
// assumed. The package's tests parse and validate every file, so Builtin
// does not fail; it panics only if the compiled-in data were corrupt, as
// regexp.MustCompile does on a constant pattern.
func Builtin() Catalogue {
	ps := make([]Programme, len(builtinProgrammes))
	for i, s := range builtinProgrammes {
		ps[i] = MustParseProgramme([]byte(s))
	}
	c, err := NewCatalogue(ps...)
	if err != nil {
		panic(err)
	}
	return c
}

// ruleFacts are what the evaluation of a rule reads of it, computed once
// when its programme is compiled.
type ruleFacts struct {
	// winFrom and winTo are a fixed window's bounds (winTo open for
	// none).
	winFrom, winTo unixTime
	// calendarCaps reports a cap per day or per month, for which a
	// grant needs its day and month.
	calendarCaps bool
	// dayWindows reports a window of natural days or a calendar month,
	// which starts and ends at midnights: its windows anchored at events
	// follow from the days with events (see input.dayWindows).
	dayWindows bool
	// plain reports a rule that earns its award whole in each of its
	// windows: no eligibility to check, nothing to measure (no metric,
	// minimum or fee), not per product, no caps (see Evaluator.rule).
	plain bool
	// dayRun reports a plain rule anchored at events with a window of
	// natural days, whose grants a day run makes (see Evaluator.dayRun).
	dayRun bool
	// baseline and ranking report a baseline and a ranking.
	baseline, ranking bool
	// eligClass numbers the rules by their eligibility: two rules of
	// one class have the same predicates, so the same outcome at the
	// same instant, checked once (see Evaluator.rule).
	eligClass int32
}

func factsOf(r *Rule) ruleFacts {
	f := ruleFacts{winFrom: instOf(r.Window.From), winTo: unixTimeOf(r.Window.To), calendarCaps: calendarCaps(r.Caps),
		dayWindows: r.Window.Kind == NaturalDays || r.Window.Kind == CalendarMonth,
		plain:      len(r.Eligibility) == 0 && r.Per != PerProduct && r.Award.Kind != FeeCashback && r.Metric == 0 && len(r.Minimums) == 0 && len(r.Caps) == 0}
	f.dayRun = f.plain && r.Anchor == AtEvent && r.Window.Kind == NaturalDays
	f.baseline, f.ranking = !r.Baseline.IsZero(), !r.Ranking.IsZero()
	return f
}

// setEligClasses sets the eligibility classes of facts, of rules:
// rules with deeply equal predicates share the first one's index.
func setEligClasses(facts []ruleFacts, rules []Rule) {
	for i := range rules {
		facts[i].eligClass = int32(i)
		for j := range i {
			if reflect.DeepEqual(rules[i].Eligibility, rules[j].Eligibility) {
				facts[i].eligClass = facts[j].eligClass
				break
			}
		}
	}
}

// windowClasses numbers rules by their anchor and window: equal numbers,
// equal windows for any merchant. A business-day window has its own.
func windowClasses(rules []Rule) []int32 {
	out := make([]int32, len(rules))
	for i := range rules {
		out[i] = int32(i)
		a := &rules[i]
		for j := range i {
			b := &rules[j]
			if a.Anchor == b.Anchor && a.Window.Kind != BusinessDays && a.Window.Kind == b.Window.Kind && a.Window.Days == b.Window.Days &&
				a.Window.Lag == b.Window.Lag && a.Window.From.Equal(b.Window.From) && a.Window.To.Equal(b.Window.To) {
				out[i] = out[j]
				break
			}
		}
	}
	return out
}
