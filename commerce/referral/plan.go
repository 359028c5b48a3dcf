package referral

import (
	"fmt"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/shopspring/decimal"
)

// MaxLevels is the most commission levels a plan may pay, and only with
// [Plan.AllowThirdLevel]; without it the most is two.
const MaxLevels = 3

// Basis names what a percentage reward is a share of.
type Basis uint8

// The bases. The zero value is the paid amount, the default.
const (
	// PaidBasis is what the buyer paid for the line after every discount.
	PaidBasis Basis = iota
	// ListBasis is the line's list price (unit list price × quantity).
	ListBasis
	numBases
)

// String returns "paid" or "list".
func (b Basis) String() string {
	switch b {
	case PaidBasis:
		return "paid"
	case ListBasis:
		return "list"
	}
	return fmt.Sprintf("Basis(%d)", uint8(b))
}

// Reward is what one level earns on a line: a rate of the line's base, or
// a fixed amount per unit times the quantity. At most one of the two is set;
// the zero Reward pays nothing.
type Reward struct {
	// Rate is the share of the base, between 0 and 100%.
	Rate commerce.Rate
	// PerUnit is a fixed amount per unit, in the plan's currency.
	PerUnit commerce.Money
}

// isFixed reports whether r pays a fixed amount per unit.
func (r Reward) isFixed() bool { return r.PerUnit != commerce.Money{} }

func (r Reward) validate(field string, c commerce.Currency) error {
	switch {
	case r.isFixed() && !r.Rate.IsZero():
		return fieldErr(field, "both a rate and a per-unit amount")
	case r.Rate.IsNegative() || r.Rate.Cmp(commerce.Percent(100)) > 0:
		return &commerce.FieldError{Field: field, Reason: fmt.Sprintf("rate %v", r.Rate), Err: ErrRateOutOfRange}
	case r.isFixed() && r.PerUnit.Currency() != c:
		return &commerce.FieldError{Field: field, Err: &commerce.MismatchError{A: c, B: r.PerUnit.Currency()}}
	case r.PerUnit.IsNegative():
		return fieldErr(field, "negative per-unit amount %v", r.PerUnit)
	}
	return nil
}

// String formats the reward as "10%" or "¥2.00/unit".
func (r Reward) String() string {
	if r.isFixed() {
		return r.PerUnit.String() + "/unit"
	}
	return r.Rate.String()
}

// TierRewards are the per-level rewards of beneficiaries of one tier.
type TierRewards struct {
	// Tier is the beneficiary's tier at order time.
	Tier Tier
	// Levels are the rewards by level; Levels[0] is level 1.
	Levels []Reward
}

// ItemRewards are the per-level rewards for one product or SKU.
type ItemRewards struct {
	// ID is the product or SKU.
	ID string
	// Levels are the rewards by level; Levels[0] is level 1.
	Levels []Reward
	// MinUnitPaid is the lowest price per unit the item is sold at. It is
	// required when a level pays a fixed amount and the plan has a
	// [Plan.Ceiling]: the plan is proved within its ceiling at this price.
	MinUnitPaid commerce.Money
}

// TierRate is one rung of a differential chain: the rate a tier earns.
type TierRate struct {
	// Tier is the ancestor's tier.
	Tier Tier
	// Rate is the tier's total rate, of which an ancestor earns what its
	// descendants in the chain have not already earned.
	Rate commerce.Rate
}

// Caps bound what one beneficiary accrues, per calendar day and month in
// the plan's Location and over their lifetime. A zero cap is no cap.
type Caps struct {
	// Day, Month and Lifetime are the most a beneficiary accrues in a
	// calendar day, a calendar month and ever.
	Day, Month, Lifetime commerce.Money
}

func (c Caps) set() bool { return !c.Day.IsZero() || !c.Month.IsZero() || !c.Lifetime.IsZero() }

// Milestone is a point in an order's life that a hold refers to.
type Milestone uint8

// The milestones. The zero value is not a milestone.
const (
	// AtPayment is the order's payment.
	AtPayment Milestone = iota + 1
	// AtReceipt is the buyer's confirmation of receipt (or its automatic
	// confirmation).
	AtReceipt
	// AtCompletion is the order's completion.
	AtCompletion
	// AtWindowClose is the close of the order's after-sales window.
	AtWindowClose
	numMilestones
)

var milestoneNames = [numMilestones]string{"", "payment", "receipt", "completion", "window close"}

// String returns "payment", "receipt", "completion" or "window close".
func (m Milestone) String() string {
	if m > 0 && m < numMilestones {
		return milestoneNames[m]
	}
	return fmt.Sprintf("Milestone(%d)", uint8(m))
}

// Hold says when commission is credited and when it becomes available to
// withdraw. Credit moves it from estimated to pending; release moves it
// from pending to available at the first [Release] sweep at or after
// Release + Days, and never while an after-sale is open on its line.
type Hold struct {
	// Credit is when estimated commission becomes pending: AtPayment,
	// AtReceipt or AtCompletion.
	Credit Milestone
	// Release is the milestone the hold's days count from: AtReceipt,
	// AtCompletion or AtWindowClose.
	Release Milestone
	// Days is the hold's length after Release, 0 to 366.
	Days int
}

func (h Hold) validate() error {
	switch {
	case h.Credit != AtPayment && h.Credit != AtReceipt && h.Credit != AtCompletion:
		return fieldErr("hold: credit", "%v is not payment, receipt or completion", h.Credit)
	case h.Release != AtReceipt && h.Release != AtCompletion && h.Release != AtWindowClose:
		return fieldErr("hold: release", "%v is not receipt, completion or window close", h.Release)
	case h.Days < 0 || h.Days > 366:
		return fieldErr("hold: days", "%d outside 0–366", h.Days)
	}
	return nil
}

// Plan is a member-referral commission plan as data. Build a [Program]
// from it with [NewProgram], which validates it.
//
// A beneficiary's reward at level k is the first of: the SKU's rewards,
// the product's, the beneficiary's tier's, and the plan's Levels, that has
// a k-th entry. Level 1 is the buyer's referrer, level 2 the referrer's
// referrer, and level 3 (only with AllowThirdLevel) the next; with
// SelfPurchase, a buyer who is a distributor is level 1 of their own order
// and the chain starts one member lower.
type Plan struct {
	// ID and Version name the plan; both are stored on every accrual, so a
	// later version never changes an earlier order.
	ID, Version string
	// Currency is the currency of the plan's amounts and of the orders it
	// pays on.
	Currency commerce.Currency
	// Levels are the plan-wide rewards by level; Levels[0] is level 1.
	Levels []Reward
	// Tiers override Levels for beneficiaries of a tier.
	Tiers []TierRewards
	// Products override tiers for lines of a product; SKUs override
	// products.
	Products, SKUs []ItemRewards
	// Basis is what percentage rewards are a share of; the zero value is
	// the paid amount.
	Basis Basis
	// Shipping, with the paid basis, adds the order's shipping fee to the
	// base as a line of its own, paid at the tier or plan rates.
	Shipping bool
	// SelfPurchase lets a distributor earn level 1 on their own orders.
	SelfPurchase bool
	// MinTier is the lowest tier that earns; members below it are skipped
	// (their level pays nothing). The zero value lets everyone earn.
	MinTier Tier
	// AllowThirdLevel permits a third level. It carries a compliance
	// warning: Chinese law treats three or more levels with thirty or more
	// participants as pyramid selling (禁止传销条例, Art. 7).
	AllowThirdLevel bool
	// Differential is an optional 级差 chain: walking up from the buyer's
	// referrer, each ancestor whose tier rate exceeds every rate already
	// paid below it earns the difference. Rates must rise with the tier.
	Differential []TierRate
	// DifferentialHops is how far up the differential chain looks; 0 means
	// 16.
	DifferentialHops int
	// Caps bound each beneficiary's accruals; day and month are calendar
	// periods in Location.
	Caps Caps
	// Location is where the calendar days of Caps begin; required with a
	// day or month cap.
	Location *time.Location
	// Ceiling bounds the total commission of every line, and so of every
	// order, as a share of its paid amount (30% is the WeChat Pay
	// profit-sharing maximum). Zero means 100%. A plan whose rates, or fixed
	// rewards at their items' MinUnitPaid, could exceed it is rejected by
	// NewProgram; a line that would exceed it anyway (a list-price base on a
	// discounted line, a fixed reward on a unit sold below its MinUnitPaid,
	// a minor unit of rounding up) is cut to ⌊Ceiling × paid⌋ by largest
	// remainder, and the cut is recorded. Under a cut, a refund can move a
	// minor unit between the line's shares (a negative reversal); the shares
	// still sum to the line's limit.
	Ceiling commerce.Rate
	// Hold says when commission is credited and released.
	Hold Hold
	// Rounding rounds every percentage reward; it is required.
	Rounding commerce.RoundingMode
	// PerHead is a reward per member recruited. The plan computes nothing
	// with it; it exists so that [Program.Warnings] can flag it: rewards
	// paid purely per head recruited are a pyramid-selling pattern
	// (拉人头, Art. 7).
	PerHead commerce.Money
}

// WarningCode identifies a compliance warning.
type WarningCode uint8

// The warnings.
const (
	// ThirdLevel: the plan pays a third level.
	ThirdLevel WarningCode = iota + 1
	// HeadcountReward: the plan pays per member recruited.
	HeadcountReward
)

// String returns "third-level" or "headcount-reward".
func (c WarningCode) String() string {
	switch c {
	case ThirdLevel:
		return "third-level"
	case HeadcountReward:
		return "headcount-reward"
	}
	return fmt.Sprintf("WarningCode(%d)", uint8(c))
}

// Warning is a compliance risk of a valid plan.
type Warning struct {
	// Code identifies the risk.
	Code WarningCode
	// Message explains it.
	Message string
}

// defaultHops is the differential chain's reach when the plan leaves it 0.
const defaultHops = 16

// Program is a validated plan, ready to accrue commission. It is immutable
// and safe for concurrent use.
type Program struct {
	plan     Plan
	depth    int
	tiers    map[Tier][]Reward
	products map[string]*ItemRewards
	skus     map[string]*ItemRewards
	diff     []TierRate // by tier, rates rising
	diffOf   map[Tier]int
	diffs    [][]commerce.Rate // diffs[j][k+1]: rate j less rate k (k = -1: 0)
	hops     int
	ceiling  commerce.Rate
	warnings []Warning
}

// NewProgram validates p and compiles it. Errors name the field at fault:
// a rate over 100% or a malformed field is [commerce.ErrInvalid], more levels
// than allowed is [ErrTooDeep], and a plan whose commission could exceed
// its ceiling is [ErrCeiling].
func NewProgram(p Plan) (*Program, error) {
	if err := checkID("plan: id", p.ID); err != nil {
		return nil, err
	}
	if _, err := commerce.NewMoney(0, p.Currency); err != nil {
		return nil, &commerce.FieldError{Field: "plan: currency", Err: err}
	}
	if !p.Rounding.Valid() {
		return nil, &commerce.FieldError{Field: "plan: rounding", Err: commerce.ErrRoundingMode}
	}
	if p.Basis >= numBases {
		return nil, fieldErr("plan: basis", "%v is not a basis", p.Basis)
	}
	if p.Shipping && p.Basis != PaidBasis {
		return nil, fieldErr("plan: shipping", "shipping joins the base only on the paid basis")
	}
	if err := p.Hold.validate(); err != nil {
		return nil, err
	}
	pr := &Program{
		plan:     p,
		tiers:    make(map[Tier][]Reward, len(p.Tiers)),
		products: make(map[string]*ItemRewards, len(p.Products)),
		skus:     make(map[string]*ItemRewards, len(p.SKUs)),
		ceiling:  commerce.Percent(100),
	}
	if !p.Ceiling.IsZero() {
		if p.Ceiling.IsNegative() || p.Ceiling.Cmp(commerce.Percent(100)) > 0 {
			return nil, fieldErr("plan: ceiling", "%v outside 0%%–100%%", p.Ceiling)
		}
		pr.ceiling = p.Ceiling
	}
	// Clone what the program keeps, so the caller's slices may change.
	pr.plan.Levels = slices.Clone(p.Levels)
	if err := pr.levels("plan: levels", p.Levels); err != nil {
		return nil, err
	}
	pr.plan.Tiers = make([]TierRewards, len(p.Tiers))
	for i, t := range p.Tiers {
		field := fmt.Sprintf("plan: tiers[%d]", i)
		if _, dup := pr.tiers[t.Tier]; dup {
			return nil, fieldErr(field, "tier %v listed twice", t.Tier)
		}
		if err := pr.levels(field, t.Levels); err != nil {
			return nil, err
		}
		pr.plan.Tiers[i] = TierRewards{Tier: t.Tier, Levels: slices.Clone(t.Levels)}
		pr.tiers[t.Tier] = pr.plan.Tiers[i].Levels
	}
	var err error
	if pr.plan.Products, err = pr.items("plan: products", p.Products, pr.products); err != nil {
		return nil, err
	}
	if pr.plan.SKUs, err = pr.items("plan: skus", p.SKUs, pr.skus); err != nil {
		return nil, err
	}
	if err := pr.compileDifferential(p); err != nil {
		return nil, err
	}
	if p.Caps.set() {
		if err := pr.checkCaps(p); err != nil {
			return nil, err
		}
	}
	if p.PerHead.IsNegative() {
		return nil, fieldErr("plan: per head", "negative amount %v", p.PerHead)
	}
	if err := pr.checkCeiling(); err != nil {
		return nil, err
	}
	if pr.depth == 3 {
		pr.warnings = append(pr.warnings, Warning{ThirdLevel,
			"the plan pays three levels: Chinese law treats three or more levels with thirty or more participants as pyramid selling (禁止传销条例 Art. 7); malls keep to two"})
	}
	if p.PerHead.IsPositive() {
		pr.warnings = append(pr.warnings, Warning{HeadcountReward,
			fmt.Sprintf("the plan pays %v per member recruited: rewards by head count are a pyramid-selling pattern (拉人头, 禁止传销条例 Art. 7)", p.PerHead)})
	}
	return pr, nil
}

// levels validates a list of per-level rewards and raises the program's
// depth to its length.
func (pr *Program) levels(field string, rs []Reward) error {
	limit := 2
	if pr.plan.AllowThirdLevel {
		limit = MaxLevels
	}
	if len(rs) > limit {
		return fmt.Errorf("referral: %s: %d levels, at most %d allowed: %w", field, len(rs), limit, ErrTooDeep)
	}
	for i, r := range rs {
		if err := r.validate(fmt.Sprintf("%s[%d]", field, i), pr.plan.Currency); err != nil {
			return err
		}
	}
	pr.depth = max(pr.depth, len(rs))
	return nil
}

func (pr *Program) items(field string, in []ItemRewards, index map[string]*ItemRewards) ([]ItemRewards, error) {
	out := make([]ItemRewards, len(in))
	for i, it := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := checkID(f+": id", it.ID); err != nil {
			return nil, err
		}
		if _, dup := index[it.ID]; dup {
			return nil, fieldErr(f, "%q listed twice", it.ID)
		}
		if err := pr.levels(f+": levels", it.Levels); err != nil {
			return nil, err
		}
		if it.MinUnitPaid != (commerce.Money{}) {
			if it.MinUnitPaid.Currency() != pr.plan.Currency {
				return nil, &commerce.FieldError{Field: f + ": min unit paid", Err: &commerce.MismatchError{A: pr.plan.Currency, B: it.MinUnitPaid.Currency()}}
			}
			if it.MinUnitPaid.IsNegative() {
				return nil, fieldErr(f+": min unit paid", "negative amount %v", it.MinUnitPaid)
			}
		}
		out[i] = ItemRewards{ID: it.ID, Levels: slices.Clone(it.Levels), MinUnitPaid: it.MinUnitPaid}
		index[it.ID] = &out[i]
	}
	return out, nil
}

func (pr *Program) compileDifferential(p Plan) error {
	if len(p.Differential) == 0 {
		return nil
	}
	pr.hops = p.DifferentialHops
	if pr.hops == 0 {
		pr.hops = defaultHops
	}
	if pr.hops < 0 || pr.hops > 64 {
		return fieldErr("plan: differential hops", "%d outside 1–64", p.DifferentialHops)
	}
	d := slices.Clone(p.Differential)
	slices.SortFunc(d, func(a, b TierRate) int { return int(a.Tier) - int(b.Tier) })
	pr.diffOf = make(map[Tier]int, len(d))
	for i, tr := range d {
		field := fmt.Sprintf("plan: differential: tier %v", tr.Tier)
		if i > 0 && d[i-1].Tier == tr.Tier {
			return fieldErr(field, "listed twice")
		}
		if tr.Rate.IsZero() || tr.Rate.IsNegative() || tr.Rate.Cmp(commerce.Percent(100)) > 0 {
			return fieldErr(field, "rate %v outside (0%%, 100%%]", tr.Rate)
		}
		if i > 0 && tr.Rate.Cmp(d[i-1].Rate) <= 0 {
			return fieldErr(field, "rate %v not above tier %v's %v", tr.Rate, d[i-1].Tier, d[i-1].Rate)
		}
		pr.diffOf[tr.Tier] = i
	}
	pr.diff = d
	pr.plan.Differential = d
	pr.diffs = make([][]commerce.Rate, len(d))
	for j := range d {
		pr.diffs[j] = make([]commerce.Rate, j+1)
		pr.diffs[j][0] = d[j].Rate
		for k := range j {
			r, err := commerce.RateFromDecimal(d[j].Rate.Decimal().Sub(d[k].Rate.Decimal()))
			if err != nil {
				return within("plan: differential", err)
			}
			pr.diffs[j][k+1] = r
		}
	}
	return nil
}

func (pr *Program) checkCaps(p Plan) error {
	for _, c := range []struct {
		name string
		m    commerce.Money
	}{{"day", p.Caps.Day}, {"month", p.Caps.Month}, {"lifetime", p.Caps.Lifetime}} {
		if c.m.IsZero() {
			continue
		}
		if c.m.Currency() != p.Currency {
			return &commerce.FieldError{Field: "plan: caps: " + c.name, Err: &commerce.MismatchError{A: p.Currency, B: c.m.Currency()}}
		}
		if c.m.IsNegative() {
			return fieldErr("plan: caps: "+c.name, "negative cap %v", c.m)
		}
	}
	if (!p.Caps.Day.IsZero() || !p.Caps.Month.IsZero()) && p.Location == nil {
		return fieldErr("plan: location", "required with a day or month cap")
	}
	return nil
}

// checkCeiling proves that no line can earn more than the ceiling. For each
// level it takes the largest reward a line can meet: the largest rate among
// the plan's and the tiers' rewards, the item's own reward, and for a SKU
// without one, the largest rate and fixed amount among the products (a SKU's
// product is not known until the order names it). Rates and the top
// differential rate must stay within the ceiling; fixed amounts must fit in
// what the rates leave of the ceiling at the item's MinUnitPaid. The bound
// is conservative: it may reject a plan no single line could break. A fixed
// reward in the plan's or a tier's levels has no price to be proved at and
// is refused under a ceiling. The proof is on exact amounts: on the list
// basis, rates are of the list price, which discounts push above the paid
// amount, and rounding up may put a share up to one minor unit over its
// exact value; such lines are cut to the ceiling at accrual, and the cut is
// recorded.
func (pr *Program) checkCeiling() error {
	ceil := pr.ceiling.Decimal()
	top := decimal.Zero
	if n := len(pr.diff); n > 0 {
		top = pr.diff[n-1].Rate.Decimal()
	}
	base := make([]decimal.Decimal, pr.depth)
	prodRate := make([]decimal.Decimal, pr.depth)
	prodFixed := make([]decimal.Decimal, pr.depth)
	for k := range pr.depth {
		base[k] = rateAt(pr.plan.Levels, k)
		for _, t := range pr.plan.Tiers {
			base[k] = decimal.Max(base[k], rateAt(t.Levels, k))
		}
		prodRate[k], prodFixed[k] = base[k], decimal.Zero
		for _, it := range pr.plan.Products {
			prodRate[k] = decimal.Max(prodRate[k], rateAt(it.Levels, k))
			if k < len(it.Levels) && it.Levels[k].isFixed() {
				prodFixed[k] = decimal.Max(prodFixed[k], it.Levels[k].PerUnit.Decimal())
			}
		}
	}
	if !pr.plan.Ceiling.IsZero() {
		fixedIn := func(field string, rs []Reward) error {
			for k, r := range rs {
				if r.isFixed() {
					return fieldErr(fmt.Sprintf("plan: %s[%d]", field, k), "a fixed reward under a ceiling belongs on a product or SKU, with its lowest unit price")
				}
			}
			return nil
		}
		if err := fixedIn("levels", pr.plan.Levels); err != nil {
			return err
		}
		for i, t := range pr.plan.Tiers {
			if err := fixedIn(fmt.Sprintf("tiers[%d]: levels", i), t.Levels); err != nil {
				return err
			}
		}
	}
	over := func(field string, rates decimal.Decimal) error {
		return fmt.Errorf("referral: plan %q: %s: rates can pay %s%% of a line, over the %s%% ceiling: %w",
			pr.plan.ID, field, rates.Shift(2).String(), ceil.Shift(2).String(), ErrCeiling)
	}
	total := top
	for _, r := range base {
		total = total.Add(r)
	}
	if total.GreaterThan(ceil) {
		return over("levels and differential", total)
	}
	check := func(field string, it *ItemRewards, sku bool) error {
		rates, fixed := top, decimal.Zero
		for k := range pr.depth {
			switch {
			case k < len(it.Levels) && it.Levels[k].isFixed():
				fixed = fixed.Add(it.Levels[k].PerUnit.Decimal())
			case k < len(it.Levels):
				rates = rates.Add(it.Levels[k].Rate.Decimal())
			case sku:
				rates = rates.Add(prodRate[k])
				fixed = fixed.Add(prodFixed[k])
			default:
				rates = rates.Add(base[k])
			}
		}
		if rates.GreaterThan(ceil) {
			return over(field, rates)
		}
		if fixed.IsZero() || pr.plan.Ceiling.IsZero() {
			return nil
		}
		if it.MinUnitPaid == (commerce.Money{}) {
			return fieldErr("plan: "+field+": min unit paid", "required: a fixed reward under a ceiling needs the lowest unit price")
		}
		if pr.plan.Basis == ListBasis {
			rates = decimal.Zero // of the list price, which may exceed the floor
		}
		if room := ceil.Sub(rates).Mul(it.MinUnitPaid.Decimal()); fixed.GreaterThan(room) {
			return fmt.Errorf("referral: plan %q: %s: rewards of %s per unit and %s%% exceed the %s%% ceiling at the minimum price %v: %w",
				pr.plan.ID, field, fixed.String(), rates.Shift(2).String(), ceil.Shift(2).String(), it.MinUnitPaid, ErrCeiling)
		}
		return nil
	}
	for i := range pr.plan.Products {
		if err := check(fmt.Sprintf("products[%d]", i), &pr.plan.Products[i], false); err != nil {
			return err
		}
	}
	for i := range pr.plan.SKUs {
		if err := check(fmt.Sprintf("skus[%d]", i), &pr.plan.SKUs[i], true); err != nil {
			return err
		}
	}
	return nil
}

// rateAt is the rate of level k in rs, or 0 when absent or fixed.
func rateAt(rs []Reward, k int) decimal.Decimal {
	if k < len(rs) && !rs[k].isFixed() {
		return rs[k].Rate.Decimal()
	}
	return decimal.Zero
}

// Plan returns the plan the program was built from. Its slices are copies.
func (pr *Program) Plan() Plan {
	p := pr.plan
	p.Levels = slices.Clone(p.Levels)
	p.Tiers = slices.Clone(p.Tiers)
	for i := range p.Tiers {
		p.Tiers[i].Levels = slices.Clone(p.Tiers[i].Levels)
	}
	p.Products = cloneItems(p.Products)
	p.SKUs = cloneItems(p.SKUs)
	p.Differential = slices.Clone(p.Differential)
	return p
}

func cloneItems(in []ItemRewards) []ItemRewards {
	out := slices.Clone(in)
	for i := range out {
		out[i].Levels = slices.Clone(out[i].Levels)
	}
	return out
}

// Depth is the number of levels the program pays: 1 to 3, or 0 when it pays
// only a differential chain.
func (pr *Program) Depth() int { return pr.depth }

// Warnings lists the plan's compliance risks: a third level, a per-head
// reward. A plan without them has none.
func (pr *Program) Warnings() []Warning { return slices.Clone(pr.warnings) }
