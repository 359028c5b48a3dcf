package incentive

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/shopspring/decimal"
)

// Fact names one field of [Facts]. Facts are a set of flags: Facts.Known
// says which fields the caller knows, so that a zero is told apart from a
// missing value.
type Fact uint16

// The facts a predicate may read.
const (
	// FactOpenedAt is Facts.OpenedAt.
	FactOpenedAt Fact = 1 << iota
	// FactFirstBroadcastAt is Facts.FirstBroadcastAt.
	FactFirstBroadcastAt
	// FactLastBroadcastAt is Facts.LastBroadcastAt.
	FactLastBroadcastAt
	// FactExternalMonthlyGMV is Facts.ExternalMonthlyGMV.
	FactExternalMonthlyGMV
	// FactStoreScore is Facts.StoreScore.
	FactStoreScore
	// FactCategory is Facts.Category.
	FactCategory
	// FactRefunds is Facts.Orders and Facts.RefundedOrders together.
	FactRefunds
	// FactBroadcastStreakDays is Facts.BroadcastStreakDays.
	FactBroadcastStreakDays
	// FactListedProducts is Facts.ListedProducts.
	FactListedProducts
	lastFact = FactListedProducts
)

// factNames are the facts' names, indexed by bit position.
var factNames = [...]string{"opened-at", "first-broadcast-at", "last-broadcast-at", "external-monthly-gmv",
	"store-score", "category", "refunds", "broadcast-streak-days", "listed-products"}

// String returns the fact's name, such as "store-score", or the names of
// a set joined by "|".
func (f Fact) String() string {
	if f == 0 {
		return "none"
	}
	var names []string
	for rest := f; rest != 0; rest &= rest - 1 {
		i := bits.TrailingZeros16(uint16(rest))
		if i < len(factNames) {
			names = append(names, factNames[i])
		} else {
			names = append(names, fmt.Sprintf("Fact(1<<%d)", i))
		}
	}
	return strings.Join(names, "|")
}

// MarshalText encodes the fact set as [Fact.String] does.
func (f Fact) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// Has reports whether every fact of o is in f.
func (f Fact) Has(o Fact) bool { return f&o == o }

// factByName returns the single fact named s.
func factByName(s string) (Fact, bool) {
	i := slices.Index(factNames[:], s)
	if i < 0 {
		return 0, false
	}
	return Fact(1) << i, true
}

// money reports whether the fact is an amount of money.
func (f Fact) money() bool { return f == FactExternalMonthlyGMV }

// numeric reports whether a threshold predicate may compare the fact.
func (f Fact) numeric() bool {
	switch f {
	case FactExternalMonthlyGMV, FactStoreScore, FactBroadcastStreakDays, FactListedProducts:
		return true
	}
	return false
}

// integral reports whether the fact is a count.
func (f Fact) integral() bool { return f == FactBroadcastStreakDays || f == FactListedProducts }

// Facts are what the caller knows about a merchant when a programme's
// predicates are checked. A field counts only when its [Fact] is in Known;
// a known zero is a real zero. A known zero LastBroadcastAt (or
// FirstBroadcastAt) means the merchant has never broadcast.
type Facts struct {
	// Merchant is the merchant's ID; Stores are its stores, which share
	// its merchant-level caps.
	Merchant string
	Stores   []string
	// Known is the set of fields below that the caller knows.
	Known Fact
	// OpenedAt is when the merchant's store opened.
	OpenedAt time.Time
	// FirstBroadcastAt and LastBroadcastAt are its first and most recent
	// live broadcasts; zero (and known) for never.
	FirstBroadcastAt, LastBroadcastAt time.Time
	// ExternalMonthlyGMV is its monthly GMV on an external platform
	// (Douyin, Taobao, Tmall, Channels), in the programme's currency.
	ExternalMonthlyGMV commerce.Money
	// StoreScore is its store score as an exact decimal held in a
	// commerce.Rate: 4.2 is commerce.MustParseRate("4.2").
	StoreScore commerce.Rate
	// Category is its main category.
	Category string
	// Orders and RefundedOrders count its orders and the refunded ones
	// in the period a refund gate looks at.
	Orders, RefundedOrders int64
	// BroadcastStreakDays is how many consecutive days it has broadcast.
	BroadcastStreakDays int64
	// ListedProducts counts its eligible listed products.
	ListedProducts int64
}

// PredicateKind is the test a [Predicate] makes.
type PredicateKind uint8

// The predicate kinds.
const (
	// AtLeast passes when the fact is at least the threshold (≥).
	AtLeast PredicateKind = iota + 1
	// Over passes when the fact is over the threshold (>).
	Over
	// NoBroadcastWithin passes when the merchant has not broadcast in the
	// Days whole natural days before the day of the check nor earlier on
	// that day: checked at t, no broadcast in the window
	// [midnight Days days before t's day, t), days in the programme's
	// zone. Checked on 2024-05-10 at 12:00 with Days 30, the window is
	// [2024-04-10 00:00, 2024-05-10 12:00): a broadcast at 08:00 on the
	// check day fails it, one at 23:59:59 on 2024-04-09 does not.
	//
	// The predicate reads Facts.LastBroadcastAt, which must be a broadcast
	// before t to decide: a last broadcast at or after t says nothing of
	// the window (an earlier broadcast may lie in it), so the predicate is
	// then undecided, as for an unknown fact. A zero (known) last
	// broadcast, never, passes.
	NoBroadcastWithin
	// OpenedWithin passes when the check falls within Days natural days of
	// the store's opening, the opening day counting as day 1 (a
	// [NaturalDays] window anchored at the opening).
	OpenedWithin
	// InCategory passes when the merchant's category is one of Categories.
	InCategory
	// RefundGate fails when the merchant has at least MinOrders orders and
	// a refund rate RefundedOrders/Orders of at least Rate: TikTok UK's
	// "refund rate ≥ 30% with ≥ 10 orders disqualifies". Fewer orders pass.
	RefundGate
	// AnyOf passes when one of Of passes.
	AnyOf
	// AllOf passes when every one of Of passes.
	AllOf
	numPredicateKinds
)

var predicateKindNames = [numPredicateKinds]string{"", "at-least", "over", "no-broadcast-within", "opened-within",
	"in-category", "refund-gate", "any-of", "all-of"}

// String returns the kind's name, such as "at-least" or "refund-gate".
func (k PredicateKind) String() string {
	if k > 0 && k < numPredicateKinds {
		return predicateKindNames[k]
	}
	return fmt.Sprintf("PredicateKind(%d)", uint8(k))
}

// MarshalText encodes the kind as [PredicateKind.String] does.
func (k PredicateKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Predicate is one eligibility test as data. Which fields count depends on
// Kind; the others must be zero.
//
// Predicates are checked in three-valued logic: a predicate whose fact is
// not known is undecided; AllOf fails if one child fails and AnyOf passes
// if one passes, whatever the undecided others; a check that stays
// undecided is [ErrMissingFact].
type Predicate struct {
	// Kind is the test.
	Kind PredicateKind
	// Fact is the fact an AtLeast or Over predicate compares: one of
	// FactExternalMonthlyGMV, FactStoreScore, FactBroadcastStreakDays and
	// FactListedProducts.
	Fact Fact
	// Amount is the threshold for a money fact, in the programme's
	// currency.
	Amount commerce.Money
	// Value is the threshold for any other fact, an exact decimal (an
	// integer for counts).
	Value commerce.Rate
	// OrUnknown makes an AtLeast or Over predicate pass when its fact is
	// not known ("store score ≥ 3.5, or none yet").
	OrUnknown bool
	// Days is the length of a NoBroadcastWithin or OpenedWithin window.
	Days int
	// Categories are the categories an InCategory predicate accepts.
	Categories []string
	// Rate and MinOrders are a RefundGate's disqualifying refund rate and
	// the least number of orders at which it applies.
	Rate      commerce.Rate
	MinOrders int64
	// Of are the children of AnyOf and AllOf.
	Of []Predicate
}

// maxPredicateDepth bounds the nesting of AnyOf and AllOf.
const maxPredicateDepth = 8

// validate checks p in currency cur, path naming it.
func (p Predicate) validate(path string, cur commerce.Currency, depth int) *ProgrammeError {
	if depth > maxPredicateDepth {
		return progErr(CodeMalformed, path, "predicates nest deeper than %d", maxPredicateDepth)
	}
	unused := func(set bool, field string) *ProgrammeError {
		if set {
			return progErr(CodeMalformed, path+"."+field, "%s is not used by %v", field, p.Kind)
		}
		return nil
	}
	var (
		threshold = p.Kind == AtLeast || p.Kind == Over
		days      = p.Kind == NoBroadcastWithin || p.Kind == OpenedWithin
		group     = p.Kind == AnyOf || p.Kind == AllOf
	)
	if p.Kind == 0 || p.Kind >= numPredicateKinds {
		return progErr(CodeMalformed, path+".kind", "unknown predicate kind %v", p.Kind)
	}
	if pe := firstErr(
		unused(!threshold && p.Fact != 0, "fact"),
		unused(!threshold && p.Amount != (commerce.Money{}), "amount"),
		unused(!threshold && !p.Value.IsZero(), "value"),
		unused(!threshold && p.OrUnknown, "or-unknown"),
		unused(!days && p.Days != 0, "days"),
		unused(p.Kind != InCategory && p.Categories != nil, "categories"),
		unused(p.Kind != RefundGate && !p.Rate.IsZero(), "rate"),
		unused(p.Kind != RefundGate && p.MinOrders != 0, "min-orders"),
		unused(!group && p.Of != nil, "of"),
	); pe != nil {
		return pe
	}
	switch {
	case threshold:
		return p.validateThreshold(path, cur)
	case days:
		return checkDays(path, p.Days)
	case p.Kind == InCategory:
		if len(p.Categories) == 0 {
			return progErr(CodeMissing, path+".categories", "no category")
		}
		seen := make(map[string]bool, len(p.Categories))
		for i, c := range p.Categories {
			cp := fmt.Sprintf("%s.categories[%d]", path, i)
			if err := checkID(cp, c); err != nil {
				return progErr(CodeMalformed, cp, "%v", err)
			}
			if seen[c] {
				return progErr(CodeDuplicate, cp, "category %q listed twice", c)
			}
			seen[c] = true
		}
	case p.Kind == RefundGate:
		if pe := checkRate(path+".rate", p.Rate); pe != nil {
			return pe
		}
		if p.Rate.IsZero() {
			return progErr(CodeMissing, path+".rate", "a refund gate needs a rate above 0%%")
		}
		if p.MinOrders < 1 {
			return progErr(CodeMissing, path+".min-orders", "a refund gate needs a minimum of at least 1 order, got %d", p.MinOrders)
		}
	default: // AnyOf, AllOf
		if len(p.Of) == 0 {
			return progErr(CodeMissing, path+".of", "%v of nothing", p.Kind)
		}
		for i, c := range p.Of {
			if pe := c.validate(fmt.Sprintf("%s.of[%d]", path, i), cur, depth+1); pe != nil {
				return pe
			}
		}
	}
	return nil
}

func (p Predicate) validateThreshold(path string, cur commerce.Currency) *ProgrammeError {
	switch {
	case !p.Fact.numeric():
		return progErr(CodeMalformed, path+".fact", "%v cannot be compared with a threshold", p.Fact)
	case p.Fact.money() && !p.Value.IsZero():
		return progErr(CodeMalformed, path+".value", "%v is money: give an amount, not a value", p.Fact)
	case p.Fact.money() && p.Amount.Currency() != cur:
		if p.Amount == (commerce.Money{}) {
			return progErr(CodeMissing, path+".amount", "%v needs an amount", p.Fact)
		}
		return progErr(CodeCurrency, path+".amount", "%v is not in %v", p.Amount, cur)
	case p.Fact.money() && p.Amount.IsNegative():
		return progErr(CodeMalformed, path+".amount", "negative threshold %v", p.Amount)
	case !p.Fact.money() && p.Amount != (commerce.Money{}):
		return progErr(CodeMalformed, path+".amount", "%v is not money: give a value, not an amount", p.Fact)
	case !p.Fact.money() && p.Value.IsNegative():
		return progErr(CodeMalformed, path+".value", "negative threshold %s", plainRate(p.Value))
	case p.Fact.integral() && !isInteger(p.Value):
		return progErr(CodeMalformed, path+".value", "%v counts: %s is not a whole number", p.Fact, plainRate(p.Value))
	}
	return nil
}

// checkRate checks a rate between 0% and 100%.
func checkRate(path string, r commerce.Rate) *ProgrammeError {
	if r.IsNegative() || r.Cmp(commerce.Percent(100)) > 0 {
		return progErr(CodeRateOver100, path, "%v is outside 0%% to 100%%", r)
	}
	return nil
}

// plainRate formats r as a plain decimal, "4.2".
func plainRate(r commerce.Rate) string {
	b, _ := r.MarshalText()
	return string(b)
}

func isInteger(r commerce.Rate) bool { return r.Decimal().IsInteger() }

// tri is a three-valued truth: undecided, pass or fail.
type tri uint8

const (
	undecided tri = iota
	pass
	fail
)

// eval checks p against f at t with days in loc, without allocating. It
// is the hot path; explain gives the reasons.
func (p *Predicate) eval(f *Facts, t time.Time, loc *time.Location) tri {
	switch p.Kind {
	case AtLeast, Over:
		if !f.Known.Has(p.Fact) {
			if p.OrUnknown {
				return pass
			}
			return undecided
		}
		c, ok := p.compare(f)
		switch {
		case !ok:
			return undecided
		case c > 0 || c == 0 && p.Kind == AtLeast:
			return pass
		}
		return fail
	case NoBroadcastWithin:
		if !f.Known.Has(FactLastBroadcastAt) {
			return undecided
		}
		switch {
		case f.LastBroadcastAt.IsZero():
			return pass
		case !f.LastBroadcastAt.Before(t):
			return undecided // it hides whatever came before t
		case f.LastBroadcastAt.Before(noBroadcastSince(p.Days, t, loc)):
			return pass
		}
		return fail
	case OpenedWithin:
		if !f.Known.Has(FactOpenedAt) {
			return undecided
		}
		if f.OpenedAt.IsZero() {
			return fail
		}
		from, to := openedWindow(f.OpenedAt, p.Days, loc)
		if t.Before(from) || !t.Before(to) {
			return fail
		}
		return pass
	case InCategory:
		if !f.Known.Has(FactCategory) {
			return undecided
		}
		if slices.Contains(p.Categories, f.Category) {
			return pass
		}
		return fail
	case RefundGate:
		if !f.Known.Has(FactRefunds) {
			return undecided
		}
		if f.Orders < p.MinOrders {
			return pass
		}
		r, err := commerce.NewRatio(f.RefundedOrders, f.Orders)
		if err != nil || r.CmpRate(p.Rate) >= 0 {
			return fail
		}
		return pass
	case AnyOf:
		out := fail
		for i := range p.Of {
			switch p.Of[i].eval(f, t, loc) {
			case pass:
				return pass
			case undecided:
				out = undecided
			}
		}
		return out
	case AllOf:
		return evalAll(p.Of, f, t, loc)
	}
	return undecided
}

// evalAll is AllOf over ps.
func evalAll(ps []Predicate, f *Facts, t time.Time, loc *time.Location) tri {
	out := pass
	for i := range ps {
		switch ps[i].eval(f, t, loc) {
		case fail:
			return fail
		case undecided:
			out = undecided
		}
	}
	return out
}

// undecidedFacts returns the facts whose knowledge could decide p, which
// is undecided against f at t: the facts of its undecided leaves, reached
// through undecided groups only. A child that passed or failed is decided
// and cannot change an undecided group (an AnyOf with a passing child or
// an AllOf with a failing one is not undecided), so its unknown facts are
// left out.
func (p *Predicate) undecidedFacts(f *Facts, t time.Time, loc *time.Location) Fact {
	switch p.Kind {
	case AnyOf, AllOf:
		var out Fact
		for i := range p.Of {
			if p.Of[i].eval(f, t, loc) == undecided {
				out |= p.Of[i].undecidedFacts(f, t, loc)
			}
		}
		return out
	case NoBroadcastWithin:
		return FactLastBroadcastAt
	case OpenedWithin:
		return FactOpenedAt
	case InCategory:
		return FactCategory
	case RefundGate:
		return FactRefunds
	}
	return p.Fact
}

// openedWindow is the NaturalDays window of days from the opening.
func openedWindow(opened time.Time, days int, loc *time.Location) (from, to time.Time) {
	d := DateOf(opened, loc)
	return d.Start(loc), d.AddDays(days).Start(loc)
}

// noBroadcastSince is midnight days days before t's day in loc.
func noBroadcastSince(days int, t time.Time, loc *time.Location) time.Time {
	return DateOf(t, loc).AddDays(-days).Start(loc)
}

// compare compares the fact with the threshold; ok is false when they
// cannot be compared (an amount in another currency).
func (p *Predicate) compare(f *Facts) (c int, ok bool) {
	switch p.Fact {
	case FactExternalMonthlyGMV:
		if f.ExternalMonthlyGMV.Currency() != p.Amount.Currency() {
			return 0, false
		}
		c, _ := f.ExternalMonthlyGMV.Cmp(p.Amount)
		return c, true
	case FactStoreScore:
		return f.StoreScore.Cmp(p.Value), true
	case FactBroadcastStreakDays:
		return commerce.MustNewRatio(f.BroadcastStreakDays, 1).CmpRate(p.Value), true
	case FactListedProducts:
		return commerce.MustNewRatio(f.ListedProducts, 1).CmpRate(p.Value), true
	}
	return 0, false
}

// Outcome is the result of one predicate, for "why" and "why not": what
// the merchant has, what the rule needs and by how much it falls short.
type Outcome struct {
	// Path locates the predicate, such as "rules[0].eligibility[1].of[0]".
	Path string `json:"path"`
	// Kind is the predicate's kind, zero for the outcome of a ranking
	// (see [Result.WhyNot]); Fact the fact it read, if one.
	Kind PredicateKind `json:"kind,omitempty"`
	Fact Fact          `json:"fact,omitempty"`
	// Pass reports that the predicate passed; Missing that it could not be
	// decided because Fact is not known, or (for NoBroadcastWithin) known
	// only as of a time after the check (Pass is then false).
	Pass    bool `json:"pass"`
	Missing bool `json:"missing,omitempty"`
	// Have, Need and Short are the fact, the requirement and the
	// shortfall as text ("4.1", "≥ 4.2", "0.1"); Short is empty when
	// there is no amount to make up. For Over, Short is the gap to the
	// threshold, which must be passed, not just met.
	Have  string `json:"have,omitempty"`
	Need  string `json:"need,omitempty"`
	Short string `json:"short,omitempty"`
	// Reason says it in words: "store score 4.1 < 4.2, short 0.1".
	Reason string `json:"reason"`
}

// String returns the outcome's path and reason.
func (o Outcome) String() string { return o.Path + ": " + o.Reason }

// Verdict is the result of a rule's eligibility check: whether the
// merchant is eligible and, for each predicate in declaration order (the
// children of AnyOf and AllOf after their parent), its [Outcome].
type Verdict struct {
	// Programme, Version and Rule name what was checked; At is when.
	Programme string    `json:"programme"`
	Version   string    `json:"version"`
	Rule      string    `json:"rule"`
	At        time.Time `json:"at"`
	// Eligible reports that every eligibility predicate passed.
	Eligible bool `json:"eligible"`
	// Outcomes are the predicates' outcomes.
	Outcomes []Outcome `json:"outcomes"`
}

// WhyNot returns the outcomes of the predicates that did not pass, leaves
// and groups alike.
func (v Verdict) WhyNot() []Outcome {
	var out []Outcome
	for _, o := range v.Outcomes {
		if !o.Pass {
			out = append(out, o)
		}
	}
	return out
}

// explain appends the outcomes of p and its children to out and returns
// p's truth.
func (p *Predicate) explain(out []Outcome, path string, f *Facts, t time.Time, loc *time.Location) ([]Outcome, tri) {
	v := p.eval(f, t, loc)
	o := Outcome{Path: path, Kind: p.Kind, Pass: v == pass, Missing: v == undecided}
	switch p.Kind {
	case AtLeast, Over:
		o.Fact = p.Fact
		p.describeThreshold(&o, f, v)
	case NoBroadcastWithin:
		o.Fact = FactLastBroadcastAt
		since := noBroadcastSince(p.Days, t, loc)
		o.Need = "no broadcast since " + since.Format(time.RFC3339)
		switch {
		case v == undecided && f.Known.Has(FactLastBroadcastAt):
			o.Have = f.LastBroadcastAt.In(loc).Format(time.RFC3339Nano)
			o.Reason = fmt.Sprintf("last broadcast %s is not before the check at %s: broadcasts before the check not known",
				o.Have, t.In(loc).Format(time.RFC3339Nano))
		case v == undecided:
			o.Reason = "last broadcast not known"
		case f.LastBroadcastAt.IsZero():
			o.Have, o.Reason = "never", "never broadcast"
		default:
			o.Have = f.LastBroadcastAt.In(loc).Format(time.RFC3339Nano)
			switch {
			case v == pass:
				o.Reason = fmt.Sprintf("last broadcast %s is before %s", o.Have, since.Format(time.RFC3339))
			default:
				next := DateOf(f.LastBroadcastAt, loc).AddDays(p.Days + 1).Start(loc)
				o.Reason = fmt.Sprintf("broadcast at %s, within the %d days before %s; eligible from %s",
					o.Have, p.Days, t.In(loc).Format(time.RFC3339), next.Format(time.RFC3339))
			}
		}
	case OpenedWithin:
		o.Fact = FactOpenedAt
		switch {
		case v == undecided:
			o.Reason = "opening not known"
		case f.OpenedAt.IsZero():
			o.Have, o.Reason = "not open", "the store has not opened"
		default:
			from, to := openedWindow(f.OpenedAt, p.Days, loc)
			o.Have = f.OpenedAt.In(loc).Format(time.RFC3339Nano)
			o.Need = fmt.Sprintf("check in [%s, %s)", from.Format(time.RFC3339), to.Format(time.RFC3339))
			if v == pass {
				o.Reason = fmt.Sprintf("opened %s, within %d days", o.Have, p.Days)
			} else {
				o.Reason = fmt.Sprintf("opened %s, %s is not within its first %d days", o.Have, t.In(loc).Format(time.RFC3339), p.Days)
			}
		}
	case InCategory:
		o.Fact = FactCategory
		o.Need = "one of " + strings.Join(p.Categories, ", ")
		switch {
		case v == undecided:
			o.Reason = "category not known"
		case v == pass:
			o.Have, o.Reason = f.Category, fmt.Sprintf("category %q is accepted", f.Category)
		default:
			o.Have, o.Reason = f.Category, fmt.Sprintf("category %q is not %s", f.Category, o.Need)
		}
	case RefundGate:
		o.Fact = FactRefunds
		p.describeRefunds(&o, f, v)
	case AnyOf, AllOf:
		var sub []Outcome
		passed, missing := 0, 0
		for i := range p.Of {
			var cv tri
			sub, cv = p.Of[i].explain(sub, fmt.Sprintf("%s.of[%d]", path, i), f, t, loc)
			switch cv {
			case pass:
				passed++
			case undecided:
				missing++
			}
		}
		o.Have = fmt.Sprintf("%d of %d passed", passed, len(p.Of))
		if p.Kind == AnyOf {
			o.Need = "at least 1"
		} else {
			o.Need = fmt.Sprintf("all %d", len(p.Of))
		}
		o.Reason = fmt.Sprintf("%s: %s, need %s", p.Kind, o.Have, o.Need)
		if missing > 0 {
			o.Reason += fmt.Sprintf(" (%d undecided)", missing)
		}
		out = append(out, o)
		return append(out, sub...), v
	}
	return append(out, o), v
}

// factLabel is a fact's name in a reason.
func factLabel(f Fact) string {
	return strings.Replace(strings.ReplaceAll(f.String(), "-", " "), "gmv", "GMV", 1)
}

func (p *Predicate) describeThreshold(o *Outcome, f *Facts, v tri) {
	op, neg := "≥", "<"
	if p.Kind == Over {
		op, neg = ">", "≤"
	}
	label := factLabel(p.Fact)
	if p.Fact.money() {
		o.Need = op + " " + p.Amount.String()
	} else {
		o.Need = op + " " + plainRate(p.Value)
	}
	if !f.Known.Has(p.Fact) {
		if v == pass {
			o.Reason = label + " not known, which passes"
		} else {
			o.Reason = label + " not known"
		}
		return
	}
	if p.Fact.money() {
		o.Have = f.ExternalMonthlyGMV.String()
		if v == undecided {
			o.Reason = fmt.Sprintf("%s %s is not in %v", label, o.Have, p.Amount.Currency())
			return
		}
		if v == fail {
			short, err := p.Amount.Sub(f.ExternalMonthlyGMV)
			if err == nil {
				o.Short = short.String()
			}
		}
	} else {
		have := p.factValue(f)
		o.Have = plainRate(have)
		if v == fail {
			o.Short = p.Value.Decimal().Sub(have.Decimal()).String()
		}
	}
	if v == pass {
		o.Reason = fmt.Sprintf("%s %s %s", label, o.Have, o.Need)
		return
	}
	o.Reason = fmt.Sprintf("%s %s %s %s, short %s", label, o.Have, neg, strings.TrimPrefix(strings.TrimPrefix(o.Need, op), " "), o.Short)
}

// factValue returns a non-money fact as a decimal.
func (p *Predicate) factValue(f *Facts) commerce.Rate {
	switch p.Fact {
	case FactBroadcastStreakDays:
		return intRate(f.BroadcastStreakDays)
	case FactListedProducts:
		return intRate(f.ListedProducts)
	}
	return f.StoreScore
}

func (p *Predicate) describeRefunds(o *Outcome, f *Facts, v tri) {
	o.Need = fmt.Sprintf("refund rate < %v, or fewer than %d orders", p.Rate, p.MinOrders)
	if v == undecided {
		o.Reason = "orders and refunds not known"
		return
	}
	o.Have = fmt.Sprintf("%d of %d orders refunded", f.RefundedOrders, f.Orders)
	switch {
	case f.Orders < p.MinOrders:
		o.Reason = fmt.Sprintf("%s: %d orders, the gate applies from %d", o.Have, f.Orders, p.MinOrders)
	case v == pass:
		o.Reason = fmt.Sprintf("%s, under %v", o.Have, p.Rate)
	default:
		o.Reason = fmt.Sprintf("%s, at least %v with at least %d orders", o.Have, p.Rate, p.MinOrders)
	}
}

// intRate returns n as a Rate; every int64 fits.
func intRate(n int64) commerce.Rate {
	r, _ := commerce.RateFromDecimal(decimal.NewFromInt(n))
	return r
}
