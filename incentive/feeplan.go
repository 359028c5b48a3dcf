package incentive

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Fee-side sentinels, alongside those of errors.go.
var (
	// ErrUnknownCategory reports an order in a category that its plan's
	// rate table neither lists nor covers with a default rate: the plan
	// does not say what the fee is, and a silent 0% would be a gap.
	ErrUnknownCategory = errors.New("category not in the rate table")
	// ErrCyclePaid reports an event dated in a settlement cycle that the
	// ledger has already paid out: accepting it would rewrite a paid
	// statement. Date it when it is booked, in an open cycle; a refund
	// then reverses there, as a negative adjustment.
	ErrCyclePaid = errors.New("settlement cycle already paid out")
)

// MaxAllowances is the most allowances a [FeePlan] declares, so that a
// [FeeQuote] holds its parts in a fixed array and quoting allocates
// nothing.
const MaxAllowances = 4

// FeeBase names what a technical service fee is a share of.
type FeeBase uint8

// The bases. The zero value is not a base.
const (
	// BasePaid is what the buyer actually paid for the order, freight
	// included (Xiaohongshu).
	BasePaid FeeBase = iota + 1
	// BasePaidPlusSubsidy is the paid amount plus the platform's payment
	// subsidy on the order (WeChat Store: 用户实际支付金额 + 支付优惠).
	BasePaidPlusSubsidy
	numFeeBases
)

var feeBaseNames = [numFeeBases]string{"", "paid", "paid+subsidy"}

// String returns "paid" or "paid+subsidy".
func (b FeeBase) String() string {
	if b > 0 && b < numFeeBases {
		return feeBaseNames[b]
	}
	return fmt.Sprintf("FeeBase(%d)", uint8(b))
}

// CapScope says whose orders share an allowance's cap.
type CapScope uint8

// The scopes. The zero value is not a scope.
const (
	// CapPerMerchant: one cap shared by all of a merchant's stores
	// (Xiaohongshu's ¥1M).
	CapPerMerchant CapScope = iota + 1
	// CapPerStore: one cap per store (WeChat Store's new-merchant ¥1M).
	CapPerStore
	numCapScopes
)

var capScopeNames = [numCapScopes]string{"", "merchant", "store"}

// String returns "merchant" or "store".
func (s CapScope) String() string {
	if s > 0 && s < numCapScopes {
		return capScopeNames[s]
	}
	return fmt.Sprintf("CapScope(%d)", uint8(s))
}

// FeeWindowKind is the shape of a [FeeWindow].
type FeeWindowKind uint8

// The window kinds. The zero value is no window.
const (
	// FixedPeriod is [From, To); a zero To has no end.
	FixedPeriod FeeWindowKind = iota + 1
	// DaysFromOpening is Days natural days from the store's opening, the
	// opening day counting as day 1: [00:00 of the opening day, 00:00 of
	// the day Days days later), in the plan's location. A store opened on
	// 2025-03-01 at 15:00 has a 30-day window [2025-03-01 00:00,
	// 2025-03-31 00:00): it holds 2025-03-30 23:59:59.999 and not
	// 2025-03-31 00:00:00.
	DaysFromOpening
	// DaysFromFirstSale is Days natural days from the store's first
	// transaction, counted as for DaysFromOpening.
	DaysFromFirstSale
	numFeeWindowKinds
)

var feeWindowKindNames = [numFeeWindowKinds]string{"", "fixed", "days-from-opening", "days-from-first-sale"}

// String returns "fixed", "days-from-opening" or "days-from-first-sale".
func (k FeeWindowKind) String() string {
	if k > 0 && k < numFeeWindowKinds {
		return feeWindowKindNames[k]
	}
	return fmt.Sprintf("FeeWindowKind(%d)", uint8(k))
}

// feeMaxDays bounds a natural-day window: ten years of days.
const feeMaxDays = 3660

// FeeWindow is when an allowance or a rebate applies: a fixed period or
// a number of natural days from an event of the store. Every window is
// half-open, [from, to). The zero FeeWindow is no window.
//
// It is not a [Window], on purpose. Both count alike (half-open, natural
// days from local midnight of the anchor's day, the anchor's day being
// day 1; the two share that arithmetic), but they are anchored
// differently: a rule's Window takes its anchor from the rule
// ([Rule.Anchor]: a first broadcast, a qualification, an event of the
// merchant's profile), while a fee window is priced order by order and
// names its anchor itself, a fact the [FeeOrder] carries (the store's
// opening or first sale). It also admits only the shapes a fee plan can
// price without a profile: no calendar months, T+n activations or
// business-day lags. Folding it into Window would need an anchor field
// beside every fee window and a validation refusing most Window kinds.
type FeeWindow struct {
	// Kind is the window's shape.
	Kind FeeWindowKind
	// From and To bound a FixedPeriod window, [From, To); a zero To is
	// open. They must be zero for the other kinds.
	From, To time.Time
	// Days is the length of a DaysFrom… window, 1 to 3660; zero for a
	// FixedPeriod.
	Days int
}

// validate checks w at path.
func (w FeeWindow) validate(path string) *ProgrammeError {
	switch w.Kind {
	case FixedPeriod:
		switch {
		case w.Days != 0:
			return progErr(CodeMalformed, path+".days", "days are not used by a fixed window")
		case w.From.IsZero():
			return progErr(CodeMissing, path+".from", "a fixed window needs a start")
		case !w.To.IsZero() && !w.From.Before(w.To):
			return progErr(CodeBadWindow, path, "[%s, %s) is empty", feeTime(w.From), feeTime(w.To))
		}
	case DaysFromOpening, DaysFromFirstSale:
		switch {
		case !w.From.IsZero() || !w.To.IsZero():
			return progErr(CodeMalformed, path+".from", "from and to are not used by a %v window", w.Kind)
		case w.Days < 1 || w.Days > feeMaxDays:
			return progErr(CodeBadWindow, path+".days", "%d days outside 1 to %d", w.Days, feeMaxDays)
		}
	default:
		return progErr(CodeMalformed, path+".kind", "unknown window kind %v", w.Kind)
	}
	return nil
}

// bounds returns the window [from, to) for an order with the store events
// opened and firstSale, days counted in loc; ok is false when the window
// counts from an event the order does not give. A zero to is open.
func (w FeeWindow) bounds(opened, firstSale time.Time, loc *time.Location) (from, to time.Time, ok bool) {
	var ev time.Time
	switch w.Kind {
	case FixedPeriod:
		return w.From, w.To, true
	case DaysFromOpening:
		ev = opened
	default:
		ev = firstSale
	}
	if ev.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	from, to = naturalDays(ev, w.Days, loc)
	return from, to, true
}

// feeContains reports whether from ≤ t < to, a zero to being open.
func feeContains(t, from, to time.Time) bool {
	return !t.Before(from) && (to.IsZero() || t.Before(to))
}

// CategoryRate is the technical service fee rate of one product category.
type CategoryRate struct {
	// Category is the category's ID, such as "beauty".
	Category string
	// Rate is the fee rate, 0 to 100%.
	Rate commerce.Rate
}

// FeeTable is a category rate table. An order's rate is its category's
// row, or the default when the table has one; an order in a category the
// table does not cover is [ErrUnknownCategory], never a silent 0%.
type FeeTable struct {
	// Categories are the rows; each category appears once.
	Categories []CategoryRate
	// HasDefault says that Default applies to categories not listed.
	// Without it, Default must be zero.
	HasDefault bool
	// Default is the rate of categories not listed.
	Default commerce.Rate
}

// FeeAllowance is a reduced rate on part of a merchant's sales: the rate
// applies, in its window, to the first Cap of base in its scope; the rest
// of an order that crosses the cap goes to the next allowance or to the
// table, split at the exact minor unit.
type FeeAllowance struct {
	// ID names the allowance in quotes and explanations.
	ID string
	// Rate is the reduced rate, 0 to 100% (0.6% for Xiaohongshu's
	// commission-free plan, where only the payment-channel fee is kept).
	Rate commerce.Rate
	// KeepLowerRate is the floor rule: when the category's own rate is
	// below Rate, the category's rate applies ("the original rate when it
	// is below 0.6%").
	KeepLowerRate bool
	// Cap is how much base, in the plan's currency, the allowance covers
	// in its scope; the zero Money is no cap. A cap needs a Window (the
	// period it counts over) and a Scope.
	Cap commerce.Money
	// Scope says whose orders share the cap.
	Scope CapScope
	// Window is when the allowance applies; the zero window is the whole
	// of the plan's effective period.
	Window FeeWindow
}

// FeePlan is a technical service fee programme as data: a versioned,
// effective-dated rate table with its allowances, the base the rates
// apply to and the rounding of the fee. Compile it with [CompileFeePlan],
// which validates it once; quotes use the compiled form.
//
// The fee of an order is its base split into parts: the allowances in
// declared order each take what remains of their cap (in their window),
// and the table takes the rest. Each part has one rate, and the fee is
// Σ part × rate, computed exactly and rounded once per order with
// Rounding.
type FeePlan struct {
	// ID and Version name the plan; every quote carries both.
	ID, Version string
	// Source says where the numbers come from, such as "press summary
	// [S]: …" or "internal-doc".
	Source string
	// Effective is the plan's effective period, a FixedPeriod window;
	// orders paid outside it are not the plan's ([ErrUnknownVersion]).
	Effective FeeWindow
	// Location is where calendar days begin (natural-day windows,
	// monthly settlement cycles), as a programme's Zone is: for China use
	// Zone("Asia/Shanghai") (see [Zone]), never time.LoadLocation, which
	// reads files. The JSON form names it, so it must then be a zone that
	// Zone compiles in; quoting accepts any location.
	Location *time.Location
	// Currency is the currency of the plan's amounts and of its orders.
	Currency commerce.Currency
	// Base is what the rates apply to.
	Base FeeBase
	// Table is the category rate table.
	Table FeeTable
	// Rounding rounds each order's fee, once, from the exact sum of its
	// parts.
	Rounding commerce.RoundingMode
	// Allowances are the reduced rates, tried in order; at most
	// [MaxAllowances].
	Allowances []FeeAllowance
}

// feeRate is a rate and its coefficient at the compiled plan's scale.
type feeRate struct {
	rate commerce.Rate
	c    uint64
}

// CompiledFeePlan is a validated [FeePlan], ready to quote. It is
// immutable and safe for concurrent use.
type CompiledFeePlan struct {
	plan   FeePlan
	scale  uint8  // the decimal places of every rate of the plan
	pow    uint64 // 10^scale
	rates  map[string]feeRate
	def    feeRate
	hasDef bool
	allow  [MaxAllowances]feeRate
}

// CompileFeePlan validates p and compiles it. A plan that does not
// validate is a *[ProgrammeError] (matching [ErrInvalidProgramme]) with a
// stable [Code] and the path of the element at fault:
//
//   - a missing or malformed ID, version, source, location, currency,
//     base or rounding: [CodeMissing] or [CodeMalformed];
//   - a rate below 0% or above 100%: [CodeRateOver100];
//   - a category listed twice: [CodeTierOverlap];
//   - a table that covers no category at all: [CodeTierGap];
//   - a cap without a window: [CodeCapWithoutPeriod];
//   - an empty or malformed window: [CodeBadWindow];
//   - a cap in another currency: [CodeCurrency];
//   - two allowances with one ID: [CodeDuplicate].
//
// The compiled plan keeps copies of p's slices.
func CompileFeePlan(p FeePlan) (*CompiledFeePlan, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	c := &CompiledFeePlan{plan: p.clone(), rates: make(map[string]feeRate, len(p.Table.Categories))}
	// One scale for every rate, so that a fee is one 128-bit sum.
	for _, r := range c.rateList() {
		_, s := feeRateParts(r)
		c.scale = max(c.scale, s)
	}
	c.pow = feePow10[c.scale]
	for _, cr := range p.Table.Categories {
		c.rates[cr.Category] = c.norm(cr.Rate)
	}
	c.def, c.hasDef = c.norm(p.Table.Default), p.Table.HasDefault
	for i, a := range p.Allowances {
		c.allow[i] = c.norm(a.Rate)
	}
	return c, nil
}

// rateList lists every rate of the plan.
func (c *CompiledFeePlan) rateList() []commerce.Rate {
	out := []commerce.Rate{c.plan.Table.Default}
	for _, cr := range c.plan.Table.Categories {
		out = append(out, cr.Rate)
	}
	for _, a := range c.plan.Allowances {
		out = append(out, a.Rate)
	}
	return out
}

// norm returns r with its coefficient at the plan's scale. Rates are
// within [0, 1], so the coefficient is at most 10^18.
func (c *CompiledFeePlan) norm(r commerce.Rate) feeRate {
	coef, s := feeRateParts(r)
	return feeRate{rate: r, c: uint64(coef) * feePow10[c.scale-s]}
}

// feeRateParts returns r as coef / 10^scale, with scale at most 18.
func feeRateParts(r commerce.Rate) (coef int64, scale uint8) {
	d := r.Decimal()
	return d.Coefficient().Int64(), uint8(-d.Exponent())
}

// feePow10[i] is 10^i.
var feePow10 = [19]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// Plan returns the plan the compiled form was built from; its slices are
// copies.
func (c *CompiledFeePlan) Plan() FeePlan { return c.plan.clone() }

// clone copies p's slices.
func (p FeePlan) clone() FeePlan {
	p.Table.Categories = slices.Clone(p.Table.Categories)
	p.Allowances = slices.Clone(p.Allowances)
	return p
}

// feeCheckID checks an identifier of a plan at path.
func feeCheckID(path, id string) *ProgrammeError {
	if id == "" {
		return progErr(CodeMissing, path, "required")
	}
	if err := checkID(path, id); err != nil {
		var fe *commerce.FieldError
		errors.As(err, &fe)
		return progErr(CodeMalformed, path, "%s", fe.Reason)
	}
	return nil
}

// feeCheckRate checks that r is within 0% to 100%.
func feeCheckRate(path string, r commerce.Rate) *ProgrammeError {
	if r.IsNegative() || r.Cmp(commerce.Percent(100)) > 0 {
		return progErr(CodeRateOver100, path, "%v is outside 0%% to 100%%", r)
	}
	return nil
}

// feeCheckHead validates what every fee-side plan has: ID, version,
// source, effective period, location and currency.
func feeCheckHead(id, version, source string, eff FeeWindow, loc *time.Location, cur commerce.Currency) *ProgrammeError {
	if pe := feeCheckID("id", id); pe != nil {
		return pe
	}
	if pe := feeCheckID("version", version); pe != nil {
		return pe
	}
	if strings.TrimSpace(source) == "" {
		return progErr(CodeMissing, "source", "say where the numbers come from (a URL and its grade, or internal-doc)")
	}
	if eff.Kind != FixedPeriod {
		return progErr(CodeBadWindow, "effective", "the effective period must be a fixed window, not %v", eff.Kind)
	}
	if pe := eff.validate("effective"); pe != nil {
		return pe
	}
	if loc == nil {
		return progErr(CodeMissing, "location", "required: calendar days and settlement cycles need one")
	}
	if !cur.Valid() {
		return progErr(CodeMissing, "currency", "required")
	}
	return nil
}

// validate checks p; the error names p.
func (p FeePlan) validate() error {
	pe := p.check()
	if pe == nil {
		return nil
	}
	pe.Programme, pe.Version = p.ID, p.Version
	return pe
}

func (p FeePlan) check() *ProgrammeError {
	if pe := feeCheckHead(p.ID, p.Version, p.Source, p.Effective, p.Location, p.Currency); pe != nil {
		return pe
	}
	switch {
	case p.Base == 0:
		return progErr(CodeMissing, "base", "required: paid or paid+subsidy")
	case p.Base >= numFeeBases:
		return progErr(CodeMalformed, "base", "%v is not a base", p.Base)
	case p.Rounding == 0:
		return progErr(CodeMissing, "rounding", "required: the fee is rounded once per order")
	case !p.Rounding.Valid():
		return progErr(CodeMalformed, "rounding", "%v is not a rounding mode", p.Rounding)
	}
	if pe := p.Table.check("table"); pe != nil {
		return pe
	}
	if len(p.Allowances) > MaxAllowances {
		return progErr(CodeMalformed, "allowances", "%d allowances, at most %d", len(p.Allowances), MaxAllowances)
	}
	seen := make(map[string]int, len(p.Allowances))
	for i, a := range p.Allowances {
		path := fmt.Sprintf("allowances[%d]", i)
		if j, dup := seen[a.ID]; dup {
			return progErr(CodeDuplicate, path+".id", "%q is also allowances[%d]", a.ID, j)
		}
		seen[a.ID] = i
		if pe := a.check(path, p.Currency); pe != nil {
			return pe
		}
	}
	return nil
}

func (t FeeTable) check(path string) *ProgrammeError {
	seen := make(map[string]int, len(t.Categories))
	for i, cr := range t.Categories {
		row := fmt.Sprintf("%s.categories[%d]", path, i)
		if pe := feeCheckID(row+".category", cr.Category); pe != nil {
			return pe
		}
		if j, dup := seen[cr.Category]; dup {
			return progErr(CodeTierOverlap, row, "category %q also has row %d: two rates would overlap", cr.Category, j)
		}
		seen[cr.Category] = i
		if pe := feeCheckRate(row+".rate", cr.Rate); pe != nil {
			return pe
		}
	}
	switch {
	case !t.HasDefault && !t.Default.IsZero():
		return progErr(CodeMalformed, path+".default", "a default rate of %v without has-default", t.Default)
	case !t.HasDefault && len(t.Categories) == 0:
		return progErr(CodeTierGap, path, "no category and no default: every order would fall in the gap")
	}
	return feeCheckRate(path+".default", t.Default)
}

func (a FeeAllowance) check(path string, cur commerce.Currency) *ProgrammeError {
	if pe := feeCheckID(path+".id", a.ID); pe != nil {
		return pe
	}
	if pe := feeCheckRate(path+".rate", a.Rate); pe != nil {
		return pe
	}
	if a.Window.Kind != 0 {
		if pe := a.Window.validate(path + ".window"); pe != nil {
			return pe
		}
	} else if a.Window != (FeeWindow{}) {
		return progErr(CodeMalformed, path+".window.kind", "a window with fields set needs a kind")
	}
	if a.Scope >= numCapScopes {
		return progErr(CodeMalformed, path+".scope", "%v is not a scope", a.Scope)
	}
	if a.Cap == (commerce.Money{}) {
		return nil
	}
	switch {
	case a.Cap.Currency() != cur:
		return progErr(CodeCurrency, path+".cap", "%v is not in the plan's %v", a.Cap, cur)
	case !a.Cap.IsPositive():
		return progErr(CodeMalformed, path+".cap", "cap %v is not positive", a.Cap)
	case a.Window.Kind == 0:
		return progErr(CodeCapWithoutPeriod, path+".window", "a cap of %v needs the period it counts over", a.Cap)
	case a.Scope == 0:
		return progErr(CodeMissing, path+".scope", "a cap of %v needs a scope: merchant or store", a.Cap)
	}
	return nil
}

// feeTime formats t for errors and explanations, RFC 3339 with its offset.
func feeTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// feeRound divides the non-negative 128-bit hi:lo by d with mode; the
// quotient must fit in 64 bits (hi < d).
func feeRound(hi, lo, d uint64, mode commerce.RoundingMode) uint64 {
	q, r := bits.Div64(hi, lo, d)
	if r == 0 {
		return q
	}
	switch mode {
	case commerce.Up, commerce.Ceiling:
		q++
	case commerce.HalfUp:
		if r >= d-r {
			q++
		}
	case commerce.HalfEven:
		if h := d - r; r > h || r == h && q&1 == 1 {
			q++
		}
	}
	return q
}

// feeDecimal formats the non-negative hi:lo / 10^scale exactly, without
// trailing fraction zeros.
func feeDecimal(hi, lo uint64, scale uint8) string {
	var digits string
	if hi == 0 {
		digits = strconv.FormatUint(lo, 10)
	} else {
		// hi < 2^63 < 10^19: split the value in base 10^19.
		q, r := bits.Div64(hi, lo, 1e19)
		digits = strconv.FormatUint(q, 10) + fmt.Sprintf("%019d", r)
	}
	s := int(scale)
	for s > 0 && len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits, s = digits[:len(digits)-1], s-1
	}
	if s == 0 || digits == "0" {
		return digits
	}
	if len(digits) <= s {
		digits = strings.Repeat("0", s-len(digits)+1) + digits
	}
	return digits[:len(digits)-s] + "." + digits[len(digits)-s:]
}
