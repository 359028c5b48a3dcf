package referral

import (
	"fmt"
	"math/bits"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/alloc"
)

// Order is an order as commission sees it when it is created: who bought,
// when, and what each line cost. Fill it from a [commerce.Order] or from
// a pricing quote's lines.
type Order struct {
	// ID identifies the order; Buyer is the member who placed it.
	ID, Buyer string
	// At is when the order was created: bindings count if valid at At, and
	// caps count the calendar day and month of At. The graph holds the
	// current bindings and tiers, not their history, so accrue when the
	// order is created; the accrual then freezes them.
	At time.Time
	// Lines are the order's lines; at least one.
	Lines []Line
	// Shipping is the shipping fee paid; it joins the base only under a
	// plan with [Plan.Shipping].
	Shipping commerce.Money
}

// Line is one line of an order.
type Line struct {
	// ID identifies the line within the order; refunds name it.
	ID string
	// Product and SKU select item rewards; SKU is required, Product may be
	// empty.
	Product, SKU string
	// Quantity is the number of units, at least 1.
	Quantity int64
	// UnitList is the list price of one unit.
	UnitList commerce.Money
	// Paid is what the buyer paid for the whole line after discounts.
	Paid commerce.Money
}

// Source says which part of a plan set a share's reward.
type Source uint8

// The sources, from the most general to the most specific.
const (
	// FromPlan: the plan's Levels.
	FromPlan Source = iota + 1
	// FromTier: the beneficiary's tier's rewards.
	FromTier
	// FromProduct: the product's rewards.
	FromProduct
	// FromSKU: the SKU's rewards.
	FromSKU
	// FromDifferential: the differential chain.
	FromDifferential
	numSources
)

var sourceNames = [numSources]string{"", "plan", "tier", "product", "sku", "differential"}

// String returns "plan", "tier", "product", "sku" or "differential".
func (s Source) String() string {
	if s > 0 && s < numSources {
		return sourceNames[s]
	}
	return fmt.Sprintf("Source(%d)", uint8(s))
}

// Cap says which cap bounded a share.
type Cap uint8

// The caps. The zero value is no cap.
const (
	// Uncapped: no cap bounded the share.
	Uncapped Cap = iota
	// DayCap, MonthCap and LifetimeCap are the plan's [Caps].
	DayCap
	MonthCap
	LifetimeCap
	numCaps
)

var capNames = [numCaps]string{"none", "day", "month", "lifetime"}

// String returns "none", "day", "month" or "lifetime".
func (c Cap) String() string {
	if c < numCaps {
		return capNames[c]
	}
	return fmt.Sprintf("Cap(%d)", uint8(c))
}

// AccruedLine is a line of an accrual: what its commission is computed
// from, frozen when the order was created.
type AccruedLine struct {
	// ID is the order line's ID; empty for the shipping line.
	ID string
	// Shipping marks the line that holds the order's shipping fee.
	Shipping bool
	// Quantity is the number of units (1 for shipping).
	Quantity int64
	// Paid is what the buyer paid for the line.
	Paid commerce.Money
	// List is the list price of the whole line.
	List commerce.Money
	// Base is what percentage rewards are a share of: Paid or List.
	Base commerce.Money
	// Cut reports that the line's shares were cut to the ceiling when the
	// order was created.
	Cut bool
}

// Share is what one beneficiary earns on one line, with everything needed
// to recompute it after any refund: the reward, the cap room, the rounding
// (on the [Accrual]). Later rebinding, rate or tier changes never touch it.
type Share struct {
	// Line indexes [Accrual.Lines].
	Line int
	// Beneficiary is the member who earns.
	Beneficiary string
	// Level is 1 to 3, or 0 for a differential share.
	Level int
	// Tier is the beneficiary's tier when the order was created.
	Tier Tier
	// Source is the part of the plan that set Reward.
	Source Source
	// Reward is the rate or per-unit amount; for a differential share, the
	// rate difference earned.
	Reward Reward
	// Cap names the cap that bounded the share, and Room is the most it may
	// earn under it; Room is zero when Cap is Uncapped.
	Cap  Cap
	Room commerce.Money
	// Amount is the share when the order was created.
	Amount commerce.Money
}

// Accrual is the commission of one order, frozen when the order was
// created: the beneficiaries, their rewards, the bases, the rounding and
// the ceiling. It is what the ledger records and what refunds are computed
// from, so it is never re-read from the plan.
type Accrual struct {
	// Order and Buyer identify the order.
	Order, Buyer string
	// At is when the order was created.
	At time.Time
	// Plan and Version name the plan.
	Plan, Version string
	// Currency is the plan's and the order's currency.
	Currency commerce.Currency
	// Basis, Rounding and Ceiling are the plan's, as of the order.
	Basis    Basis
	Rounding commerce.RoundingMode
	Ceiling  commerce.Rate
	// Hold is the plan's hold.
	Hold Hold
	// Lines are the order's lines, then the shipping line if any.
	Lines []AccruedLine
	// Shares are the beneficiaries' shares, grouped by line in line order;
	// within a line, levels in order, then the differential shares from the
	// nearest ancestor up.
	Shares []Share
}

// Usage reports what a beneficiary has accrued so far, for caps: in the
// calendar day and month (in the plan's location) that start at day and
// month, and ever. A [Tracker] is one.
type Usage interface {
	Accrued(beneficiary string, day, month time.Time) CapUsage
}

// CapUsage is what a beneficiary has accrued in each cap's period. The zero
// Money counts as zero.
type CapUsage struct {
	// Day, Month and Lifetime are the amounts accrued in the period.
	Day, Month, Lifetime commerce.Money
}

// maxChain bounds the ancestors one order reads: three levels and the
// differential's hops.
const maxChain = 1 + MaxLevels + 64

// Accrue computes the commission of an order: it reads the buyer's chain in
// g as of o.At, picks each level's reward and the differential chain's,
// applies the caps (with usage, which may be nil when the plan has none)
// and the ceiling, and freezes it all in an Accrual. The graph is only
// read. Errors: an unknown buyer is [ErrUnknownMember]; a malformed order
// is [commerce.ErrInvalid]; a currency other than the plan's is
// [commerce.ErrCurrencyMismatch]; an amount beyond int64 is
// [commerce.ErrOverflow].
func (pr *Program) Accrue(g *Graph, o Order, usage Usage) (Accrual, error) {
	a := Accrual{
		Order: o.ID, Buyer: o.Buyer, At: o.At,
		Plan: pr.plan.ID, Version: pr.plan.Version, Currency: pr.plan.Currency,
		Basis: pr.plan.Basis, Rounding: pr.plan.Rounding, Ceiling: pr.ceiling, Hold: pr.plan.Hold,
	}
	n := len(o.Lines)
	if pr.plan.Shipping && o.Shipping.IsPositive() {
		n++
	}
	a.Lines = make([]AccruedLine, 0, n)
	var err error
	a.Shares, err = pr.settle(make([]Share, 0, n*pr.depth), &a.Lines, g, o, usage)
	if err != nil {
		return Accrual{}, err
	}
	return a, nil
}

// AppendShares appends the shares of o to dst and returns it, as [Program.Accrue]
// computes them, without building an Accrual: it is the hot path of batch
// settlement and makes no allocation when dst has room. Share.Line indexes
// o.Lines, and the shipping line, if any, is len(o.Lines).
func (pr *Program) AppendShares(dst []Share, g *Graph, o Order, usage Usage) ([]Share, error) {
	return pr.settle(dst, nil, g, o, usage)
}

// accruer is the state of one order's accrual.
type accruer struct {
	pr    *Program
	usage Usage
	day   time.Time
	month time.Time
	// self is 1 when the chain starts with the buyer (self-purchase): the
	// differential chain starts after it, at the buyer's referrer.
	self int
	// used is what each beneficiary earned earlier in this order.
	used [maxChain]struct {
		id  string
		amt int64
	}
	nused int
}

func (pr *Program) settle(dst []Share, lines *[]AccruedLine, g *Graph, o Order, usage Usage) ([]Share, error) {
	if err := pr.checkOrder(o); err != nil {
		return dst, err
	}
	if g == nil {
		return dst, fmt.Errorf("referral: order %q: no graph: %w", o.ID, ErrUnknownMember)
	}
	var buf [maxChain]Ancestor
	chain := buf[:0]
	buyerTier, err := g.Tier(o.Buyer)
	if err != nil {
		return dst, fmt.Errorf("referral: order %q: buyer: %w", o.ID, err)
	}
	self := 0 // 1 when the buyer is level 1 of their own order
	if pr.plan.SelfPurchase && buyerTier >= pr.plan.MinTier {
		chain = append(chain, Ancestor{ID: o.Buyer, Tier: buyerTier})
		self = 1
	}
	reach := max(pr.depth, pr.hops)
	chain, err = g.Upline(o.Buyer, o.At, reach, chain)
	if err != nil {
		return dst, fmt.Errorf("referral: order %q: %w", o.ID, err)
	}
	ac := accruer{pr: pr, usage: usage, self: self}
	if pr.plan.Caps.set() {
		if usage == nil {
			return dst, fieldErr(fmt.Sprintf("order %q: usage", o.ID), "required: the plan has caps")
		}
		ac.day, ac.month = periodStarts(o.At, pr.plan.Location)
	}
	start := len(dst)
	for i, l := range o.Lines {
		al := AccruedLine{ID: l.ID, Quantity: l.Quantity, Paid: l.Paid, Base: l.Paid}
		if al.List, err = l.UnitList.MulInt(l.Quantity); err != nil {
			return dst[:start], fmt.Errorf("referral: order %q: line %q: list price: %w", o.ID, l.ID, err)
		}
		if pr.plan.Basis == ListBasis {
			al.Base = al.List
		}
		sku, prod := pr.skus[l.SKU], pr.products[l.Product]
		if dst, err = ac.line(dst, i, &al, chain, sku, prod); err != nil {
			return dst[:start], fmt.Errorf("referral: order %q: line %q: %w", o.ID, l.ID, err)
		}
		if lines != nil {
			*lines = append(*lines, al)
		}
	}
	if pr.plan.Shipping && o.Shipping.IsPositive() {
		al := AccruedLine{Shipping: true, Quantity: 1, Paid: o.Shipping, List: o.Shipping, Base: o.Shipping}
		if dst, err = ac.line(dst, len(o.Lines), &al, chain, nil, nil); err != nil {
			return dst[:start], fmt.Errorf("referral: order %q: shipping: %w", o.ID, err)
		}
		if lines != nil {
			*lines = append(*lines, al)
		}
	}
	return dst, nil
}

// periodStarts returns the start of the calendar day and month holding t in
// loc.
func periodStarts(t time.Time, loc *time.Location) (day, month time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, 1, 0, 0, 0, 0, loc)
}

func (pr *Program) checkOrder(o Order) error {
	if err := checkID("order: id", o.ID); err != nil {
		return err
	}
	// Field paths are built only on failure: this runs once per order on
	// the settlement hot path.
	field := func() string { return fmt.Sprintf("order %q", o.ID) }
	if err := checkID("buyer", o.Buyer); err != nil {
		return within(field(), err)
	}
	if err := checkTime("at", o.At); err != nil {
		return within(field(), err)
	}
	if len(o.Lines) == 0 {
		return fieldErr(field()+": lines", "none")
	}
	c := pr.plan.Currency
	money := func(f string, m commerce.Money) error {
		if m.Currency() != c {
			return &commerce.FieldError{Field: f, Err: &commerce.MismatchError{A: c, B: m.Currency()}}
		}
		if m.IsNegative() {
			return fieldErr(f, "negative amount %v", m)
		}
		return nil
	}
	for i, l := range o.Lines {
		lf := func() string { return fmt.Sprintf("%s: line %d", field(), i) }
		if err := checkID("id", l.ID); err != nil {
			return within(lf(), err)
		}
		for j := range i {
			if o.Lines[j].ID == l.ID {
				return fieldErr(lf()+": id", "%q used twice", l.ID)
			}
		}
		if err := checkID("sku", l.SKU); err != nil {
			return within(lf(), err)
		}
		if l.Quantity < 1 || l.Quantity > maxQuantity {
			return fieldErr(lf()+": quantity", "%d outside 1–%d", l.Quantity, int64(maxQuantity))
		}
		if err := money("unit list", l.UnitList); err != nil {
			return within(lf(), err)
		}
		if err := money("paid", l.Paid); err != nil {
			return within(lf(), err)
		}
	}
	if o.Shipping != (commerce.Money{}) {
		if err := money("shipping", o.Shipping); err != nil {
			return within(field(), err)
		}
	}
	return nil
}

// maxQuantity bounds a line's units, so per-unit rewards stay far from
// overflow in the common case (overflow is still checked).
const maxQuantity = 1_000_000_000

// reward returns level k's reward for a beneficiary of tier t on a line,
// and its source.
func (pr *Program) reward(k int, t Tier, sku, prod *ItemRewards) (Reward, Source) {
	if sku != nil && k < len(sku.Levels) {
		return sku.Levels[k], FromSKU
	}
	if prod != nil && k < len(prod.Levels) {
		return prod.Levels[k], FromProduct
	}
	if rs, ok := pr.tiers[t]; ok && k < len(rs) {
		return rs[k], FromTier
	}
	if k < len(pr.plan.Levels) {
		return pr.plan.Levels[k], FromPlan
	}
	return Reward{}, 0
}

// line appends the shares of one line.
func (ac *accruer) line(dst []Share, li int, al *AccruedLine, chain []Ancestor, sku, prod *ItemRewards) ([]Share, error) {
	pr := ac.pr
	first := len(dst)
	levels := min(pr.depth, len(chain))
	for k := range levels {
		anc := chain[k]
		if anc.Tier < pr.plan.MinTier {
			continue
		}
		r, src := pr.reward(k, anc.Tier, sku, prod)
		if r.isFixed() && r.PerUnit.IsZero() || !r.isFixed() && r.Rate.IsZero() {
			continue
		}
		dst = append(dst, Share{Line: li, Beneficiary: anc.ID, Level: k + 1, Tier: anc.Tier, Source: src, Reward: r})
	}
	if len(pr.diff) > 0 {
		paid := -1 // index into pr.diff of the highest rate paid so far
		for _, anc := range chain[min(ac.self, len(chain)):min(len(chain), ac.self+pr.hops)] {
			j, ok := pr.diffOf[anc.Tier]
			if !ok || j <= paid || anc.Tier < pr.plan.MinTier {
				continue
			}
			d := pr.diffs[j][paid+1] // tier j's rate less the highest paid below
			dst = append(dst, Share{Line: li, Beneficiary: anc.ID, Tier: anc.Tier, Source: FromDifferential, Reward: Reward{Rate: d}})
			paid = j
			if j == len(pr.diff)-1 {
				break
			}
		}
	}
	shares := dst[first:]
	var raw, capped [maxChain * 2]int64
	amts := raw[:len(shares)]
	for i := range shares {
		var v int64
		if al.Base.IsPositive() { // as in lineAmounts: no base, no reward
			var err error
			if v, err = shares[i].raw(al.Base, al.Quantity, pr.plan.Rounding); err != nil {
				return dst, err
			}
		}
		if pr.plan.Caps.set() {
			var err error
			if v, err = ac.capShare(&shares[i], v); err != nil {
				return dst, err
			}
			ac.note(shares[i].Beneficiary, v)
		}
		amts[i], capped[i] = v, v
	}
	cut, err := cutToCeiling(amts, al.Base.Units(), al.Paid, pr.ceiling)
	if err != nil {
		return dst, err
	}
	al.Cut = cut
	for i := range shares {
		shares[i].Amount, _ = commerce.NewMoney(amts[i], al.Paid.Currency())
		if pr.plan.Caps.set() && amts[i] != capped[i] {
			ac.note(shares[i].Beneficiary, amts[i]-capped[i]) // the cut gives room back
		}
	}
	return dst, nil
}

// raw is the share's reward on base and quantity before caps and the
// ceiling.
func (s *Share) raw(base commerce.Money, qty int64, mode commerce.RoundingMode) (int64, error) {
	if s.Reward.isFixed() {
		m, err := s.Reward.PerUnit.MulInt(qty)
		return m.Units(), err
	}
	m, err := base.MulRate(s.Reward.Rate, mode)
	return m.Units(), err
}

// capShare bounds the share v by the beneficiary's cap room and records
// the room on the share when it binds.
func (ac *accruer) capShare(s *Share, v int64) (int64, error) {
	caps := ac.pr.plan.Caps
	u := ac.usage.Accrued(s.Beneficiary, ac.day, ac.month)
	here := ac.earlier(s.Beneficiary)
	best, by := v, Uncapped
	for _, c := range [...]struct {
		cap  commerce.Money
		used commerce.Money
		kind Cap
	}{{caps.Day, u.Day, DayCap}, {caps.Month, u.Month, MonthCap}, {caps.Lifetime, u.Lifetime, LifetimeCap}} {
		if c.cap.IsZero() {
			continue
		}
		if c.used != (commerce.Money{}) && c.used.Currency() != ac.pr.plan.Currency {
			return 0, &commerce.MismatchError{A: ac.pr.plan.Currency, B: c.used.Currency()}
		}
		room := max(c.cap.Units()-c.used.Units()-here, 0)
		if room < best {
			best, by = room, c.kind
		}
	}
	if by != Uncapped {
		s.Cap = by
		s.Room, _ = commerce.NewMoney(best, ac.pr.plan.Currency)
	}
	return best, nil
}

func (ac *accruer) earlier(id string) int64 {
	for _, u := range ac.used[:ac.nused] {
		if u.id == id {
			return u.amt
		}
	}
	return 0
}

func (ac *accruer) note(id string, v int64) {
	for i := range ac.used[:ac.nused] {
		if ac.used[i].id == id {
			ac.used[i].amt += v
			return
		}
	}
	if ac.nused < len(ac.used) {
		ac.used[ac.nused].id, ac.used[ac.nused].amt = id, v
		ac.nused++
	}
}

// cutToCeiling cuts the shares amts of one line when their sum exceeds the
// line's limit, min(base, ⌊ceiling × paid⌋): the limit is allocated in
// proportion to the shares by largest remainder, so the cut shares sum to
// it exactly. It reports whether it cut.
func cutToCeiling(amts []int64, base int64, paid commerce.Money, ceiling commerce.Rate) (bool, error) {
	var sum uint64
	for _, v := range amts {
		var c uint64
		sum, c = bits.Add64(sum, uint64(v), 0)
		if c != 0 {
			return false, commerce.ErrOverflow
		}
	}
	p, err := paid.MulRate(ceiling, commerce.Down)
	if err != nil {
		return false, err
	}
	limit := uint64(min(base, p.Units()))
	if sum <= limit {
		return false, nil
	}
	var parts [maxChain * 2]uint64
	if _, err := alloc.Proportional(parts[:len(amts)], limit, amts, nil); err != nil {
		return false, err
	}
	for i := range amts {
		amts[i] = int64(parts[i])
	}
	return true, nil
}
