package pricing

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// kind is an offer's kind; the search orders its decisions by kind class:
// grouping offers, then per-unit offers, then thresholds, then coupons.
type kind uint8

const (
	kBundle kind = iota
	kMulti
	kBXGY
	kLadder
	kPercent
	kMember
	kThreshold
	kCoupon
	kGift
)

func (k kind) grouping() bool { return k <= kBXGY }
func (k kind) perUnit() bool  { return k >= kLadder && k <= kMember }

// pline is a cart line in the problem: canonical position is by SKU.
type pline struct {
	item Item
	q, p int64 // quantity and unit price in minor units
	list int64 // q·p
}

// tier is a ladder or threshold tier in minor units.
type tier struct {
	min  int64 // min quantity (ladder) or min spend (threshold)
	amt  int64 // unit price (ladder) or save (threshold); -1 when by rate
	rate commerce.Rate
}

// comp is a bundle component: the lines that can fill it, dearest first.
type comp struct {
	lines []int32
	qty   int64
}

// cand is an offer compiled against the cart.
type cand struct {
	o      Offer
	t      Terms
	kind   kind
	pos    int // position in the problem's offers (by ID)
	group  int // exclusivity group index, or -1
	excl   uint8
	budget int64 // remaining budget, or -1 for none
	reason Reason
	scope  []int32 // lines in scope, ascending

	// grouping offers
	take  []int32 // lines in the order units are taken
	buy   []int32 // buy X get Y: the buy scope's lines, dearest first
	comps []comp
	n     int64 // units per group (N-for-price) or get units (buy X get Y)
	buyN  int64
	price int64
	maxN  int64 // most applications the cart allows
	rate  commerce.Rate

	// per-unit offers
	tiers  []tier
	prices []int64 // member price list, per scope line; -1 for none

	// thresholds and coupons
	every     bool
	per, save int64 // repeating step; coupon save (-1 when by rate)
	capAmt    int64 // repeating cap or coupon max save; 0 for none
	min       int64 // coupon or gift minimum spend

	ub int64 // upper bound of the discount on the full cart
}

// problem is a validated request compiled for the search.
type problem struct {
	req    Request
	cur    commerce.Currency
	mode   commerce.RoundingMode
	lines  []pline
	list   int64
	offers []*cand // by ID
	dec    []*cand // decisions: grouping, per-unit, thresholds, coupons
	gifts  []*cand // by priority, then ID
	// dec[gEnd:uEnd] are per-unit offers, dec[uEnd:tEnd] thresholds and
	// dec[tEnd:] coupons.
	gEnd, uEnd, tEnd int
	groups           int
	limit            int64
}

// compile validates r and builds its problem.
func compile(r Request) (*problem, error) {
	if err := r.Cart.Validate(); err != nil {
		return nil, err
	}
	if err := r.Buyer.Validate(); err != nil {
		return nil, err
	}
	if !r.Rounding.Valid() {
		return nil, &commerce.FieldError{Field: "request: rounding", Reason: "no rounding mode", Err: commerce.ErrRoundingMode}
	}
	if r.Limit < 0 {
		return nil, invalidf("request: limit", "negative: %d", r.Limit)
	}
	if len(r.Offers) > MaxOffers {
		return nil, invalidf("request: offers", "%d offers, at most %d", len(r.Offers), MaxOffers)
	}
	p := &problem{req: r, cur: r.Cart.Currency(), mode: r.Rounding, limit: int64(r.Limit)}
	if p.limit == 0 {
		p.limit = DefaultLimit
	}
	items := slices.Clone(r.Cart.Items)
	slices.SortFunc(items, func(a, b Item) int { return cmp.Compare(a.SKU, b.SKU) })
	for _, it := range items {
		if r.Catalogue != nil {
			if _, ok := r.Catalogue.SKU(it.SKU); !ok {
				return nil, invalidf(fmt.Sprintf("cart: sku %q", it.SKU), "not in the catalogue")
			}
		}
		l := pline{item: it, q: it.Quantity, p: it.UnitPrice.Units()}
		if l.p > maxTotal/l.q || p.list+l.p*l.q > maxTotal {
			return nil, fmt.Errorf("pricing: cart: sku %q: list total above %d minor units: %w", it.SKU, int64(maxTotal), commerce.ErrOverflow)
		}
		l.list = l.p * l.q
		p.list += l.list
		p.lines = append(p.lines, l)
	}
	groups := map[string]int{}
	for i, o := range r.Offers {
		switch o.(type) {
		case Bundle, MultiBuy, BuyXGetY, Ladder, PercentOff, MemberPrice, Threshold, Coupon, Gift:
		case nil:
			return nil, invalidf(fmt.Sprintf("request: offers[%d]", i), "nil offer")
		default:
			// Pointers to offers satisfy the interface too; offers are
			// values.
			return nil, invalidf(fmt.Sprintf("request: offers[%d]", i), "%T is not an offer value", o)
		}
		if err := o.Validate(); err != nil {
			return nil, err
		}
		c, err := p.compileOffer(o)
		if err != nil {
			return nil, err
		}
		if c.t.Group != "" {
			g, ok := groups[c.t.Group]
			if !ok {
				g = len(groups)
				groups[c.t.Group] = g
			}
			c.group = g
		}
		p.offers = append(p.offers, c)
	}
	p.groups = len(groups)
	slices.SortFunc(p.offers, func(a, b *cand) int { return cmp.Compare(a.t.ID, b.t.ID) })
	for i, c := range p.offers {
		if i > 0 && p.offers[i-1].t.ID == c.t.ID {
			return nil, invalidf(fmt.Sprintf("request: offer %q", c.t.ID), "duplicate offer ID")
		}
		c.pos = i
	}
	p.eligibility()
	for _, c := range p.offers {
		if c.reason != 0 {
			continue
		}
		if c.kind == kGift {
			p.gifts = append(p.gifts, c)
		} else {
			p.dec = append(p.dec, c)
		}
	}
	byPriority := func(a, b *cand) int {
		if a.t.Priority != b.t.Priority {
			return cmp.Compare(b.t.Priority, a.t.Priority)
		}
		return cmp.Compare(a.pos, b.pos)
	}
	slices.SortFunc(p.gifts, byPriority)
	slices.SortFunc(p.dec, func(a, b *cand) int {
		if c := cmp.Compare(a.class(), b.class()); c != 0 {
			return c
		}
		return byPriority(a, b)
	})
	var count [4]int
	for _, c := range p.dec {
		count[c.class()]++
	}
	p.gEnd = count[0]
	p.uEnd = p.gEnd + count[1]
	p.tEnd = p.uEnd + count[2]
	return p, nil
}

// class is the decision class: 0 grouping, 1 per-unit, 2 threshold, 3 coupon.
func (c *cand) class() int {
	switch {
	case c.kind.grouping():
		return 0
	case c.kind.perUnit():
		return 1
	case c.kind == kThreshold:
		return 2
	}
	return 3
}

// money checks an offer's amount is in the cart's currency and returns its
// minor units.
func (p *problem) money(id, field string, m commerce.Money) (int64, error) {
	if m.Currency() != p.cur {
		return 0, &commerce.FieldError{Field: fmt.Sprintf("offer %q: %s", id, field), Reason: "not in the cart's currency",
			Err: &commerce.MismatchError{A: p.cur, B: m.Currency()}}
	}
	return m.Units(), nil
}

// scope returns the lines in s, ascending.
func (p *problem) scope(s Scope) []int32 {
	var out []int32
	if s.All || len(s.Products)+len(s.Categories) > 0 {
		for i, l := range p.lines {
			if s.Contains(l.item.SKU, l.item.Product, l.item.Category) {
				out = append(out, int32(i))
			}
		}
		return out
	}
	for _, sku := range s.SKUs {
		if i, ok := slices.BinarySearchFunc(p.lines, sku, func(l pline, sku string) int { return cmp.Compare(l.item.SKU, sku) }); ok {
			out = append(out, int32(i))
		}
	}
	slices.Sort(out)
	return out
}

// units sums the quantities of lines.
func (p *problem) units(lines []int32) int64 {
	var n int64
	for _, l := range lines {
		n += p.lines[l].q
	}
	return n
}

// byPrice returns lines sorted by unit price, dearest or cheapest first,
// ties by SKU.
func (p *problem) byPrice(lines []int32, pick Pick) []int32 {
	out := slices.Clone(lines)
	slices.SortStableFunc(out, func(a, b int32) int {
		c := cmp.Compare(p.lines[a].p, p.lines[b].p)
		if pick == Dearest {
			c = -c
		}
		return c
	})
	return out
}

// knownSKUs checks every SKU a scope names against the catalogue, when set.
func (p *problem) knownSKUs(id string, skus ...string) error {
	if p.req.Catalogue == nil {
		return nil
	}
	for _, s := range skus {
		if _, ok := p.req.Catalogue.SKU(s); !ok {
			return invalidf(fmt.Sprintf("offer %q: sku %q", id, s), "not in the catalogue")
		}
	}
	return nil
}

func (p *problem) compileOffer(o Offer) (*cand, error) {
	c := &cand{o: o, t: o.terms(), group: -1, budget: -1}
	id := c.t.ID
	for _, s := range c.t.Excludes {
		c.excl |= 1 << s
	}
	if c.t.Budget != (commerce.Money{}) {
		b, err := p.money(id, "budget", c.t.Budget)
		if err != nil {
			return nil, err
		}
		c.budget = b
	}
	var err error
	switch o := o.(type) {
	case Bundle:
		err = p.compileBundle(c, o)
	case MultiBuy:
		c.kind, c.n, c.maxN = kMulti, o.Quantity, int64(o.Repeat)
		c.scope = p.scope(o.Scope)
		c.take = p.byPrice(c.scope, o.Pick)
		c.price, err = p.money(id, "price", o.Price)
		if err == nil {
			err = p.knownSKUs(id, o.Scope.SKUs...)
		}
		c.maxN = capN(p.units(c.scope)/c.n, o.Repeat)
		c.ub = p.groupUB(c, c.take, c.n)
	case BuyXGetY:
		c.kind, c.n, c.buyN, c.rate = kBXGY, o.GetQuantity, o.BuyQuantity, o.Off
		get, buy := p.scope(o.Get), p.scope(o.Buy)
		c.scope = union(get, buy)
		c.take = p.byPrice(get, o.Pick)
		c.buy = p.byPrice(buy, Dearest)
		n := min(p.units(get)/c.n, p.units(buy)/c.buyN, p.units(c.scope)/(c.n+c.buyN))
		if o.MaxQuantity > 0 {
			n = min(n, o.MaxQuantity/c.n)
		}
		c.maxN = capN(n, o.Repeat)
		var most int64
		for _, l := range get {
			most = max(most, p.lines[l].p)
		}
		c.ub = mulCap(mulCap(c.maxN, c.n, maxTotal), most, p.listOf(c.scope))
		err = p.knownSKUs(id, append(slices.Clone(o.Get.SKUs), o.Buy.SKUs...)...)
	case Ladder:
		c.kind, c.scope = kLadder, p.scope(o.Scope)
		for _, t := range o.Tiers {
			tt := tier{min: t.MinQuantity, amt: -1, rate: t.Off}
			if t.Off.IsZero() {
				if tt.amt, err = p.money(id, "tier unit price", t.UnitPrice); err != nil {
					return nil, err
				}
			}
			c.tiers = append(c.tiers, tt)
		}
		c.ub = p.perUnitUB(c)
		err = p.knownSKUs(id, o.Scope.SKUs...)
	case PercentOff:
		c.kind, c.scope, c.rate = kPercent, p.scope(o.Scope), o.Off
		c.ub = p.perUnitUB(c)
		err = p.knownSKUs(id, o.Scope.SKUs...)
	case MemberPrice:
		c.kind, c.rate = kMember, o.Off
		if len(o.Prices) == 0 {
			c.scope = p.scope(o.Scope)
			err = p.knownSKUs(id, o.Scope.SKUs...)
		} else {
			for _, sp := range o.Prices {
				if err := p.knownSKUs(id, sp.SKU); err != nil {
					return nil, err
				}
				price, err := p.money(id, "price of "+sp.SKU, sp.Price)
				if err != nil {
					return nil, err
				}
				for i, l := range p.lines {
					if l.item.SKU == sp.SKU {
						c.scope = append(c.scope, int32(i))
						c.prices = append(c.prices, price)
					}
				}
			}
			sortScope(c)
		}
		c.ub = p.perUnitUB(c)
	case Threshold:
		err = p.compileThreshold(c, o)
	case Coupon:
		c.kind, c.scope, c.rate, c.save = kCoupon, p.scope(o.Scope), o.Off, -1
		if o.Min != (commerce.Money{}) {
			if c.min, err = p.money(id, "min", o.Min); err != nil {
				return nil, err
			}
		}
		if o.Off.IsZero() {
			if c.save, err = p.money(id, "save", o.Save); err != nil {
				return nil, err
			}
		}
		if o.MaxSave != (commerce.Money{}) {
			if c.capAmt, err = p.money(id, "max save", o.MaxSave); err != nil {
				return nil, err
			}
		}
		c.ub = c.couponDisc(p.listOf(c.scope), p.mode)
		err = p.knownSKUs(id, o.Scope.SKUs...)
	case Gift:
		c.kind, c.scope = kGift, p.scope(o.Scope)
		if c.min, err = p.money(id, "min", o.Min); err != nil {
			return nil, err
		}
		err = p.knownSKUs(id, append(slices.Clone(o.Scope.SKUs), o.SKU)...)
	}
	if err != nil {
		return nil, err
	}
	c.ub = min(max(c.ub, 0), p.listOf(c.scope))
	return c, nil
}

func (p *problem) compileBundle(c *cand, o Bundle) error {
	c.kind, c.maxN = kBundle, -1
	var err error
	if c.price, err = p.money(c.t.ID, "price", o.Price); err != nil {
		return err
	}
	var all []int32
	var size int64 // the units in one bundle
	for _, it := range o.Items {
		if err := p.knownSKUs(c.t.ID, it.Scope.SKUs...); err != nil {
			return err
		}
		lines := p.scope(it.Scope)
		all = union(all, lines)
		c.comps = append(c.comps, comp{lines: p.byPrice(lines, Dearest), qty: it.Quantity})
		n := p.units(lines) / it.Quantity
		if c.maxN < 0 || n < c.maxN {
			c.maxN = n
		}
		size += it.Quantity
	}
	c.scope = all
	c.maxN = capN(c.maxN, o.Repeat)
	c.ub = p.groupUB(c, all, size)
	// Fill the most constrained components first: those with the fewest
	// lines to draw from.
	slices.SortStableFunc(c.comps, func(a, b comp) int { return cmp.Compare(len(a.lines), len(b.lines)) })
	return nil
}

func (p *problem) compileThreshold(c *cand, o Threshold) error {
	c.kind, c.scope = kThreshold, p.scope(o.Scope)
	var err error
	if o.Every != nil {
		c.every = true
		if c.per, err = p.money(c.t.ID, "every: per", o.Every.Per); err != nil {
			return err
		}
		if c.save, err = p.money(c.t.ID, "every: save", o.Every.Save); err != nil {
			return err
		}
		if o.Every.Cap != (commerce.Money{}) {
			if c.capAmt, err = p.money(c.t.ID, "every: cap", o.Every.Cap); err != nil {
				return err
			}
		}
	}
	for _, t := range o.Tiers {
		tt := tier{amt: -1, rate: t.Off}
		if tt.min, err = p.money(c.t.ID, "tier min", t.Min); err != nil {
			return err
		}
		if t.Off.IsZero() {
			if tt.amt, err = p.money(c.t.ID, "tier save", t.Save); err != nil {
				return err
			}
		}
		c.tiers = append(c.tiers, tt)
	}
	c.ub, _ = c.thresholdDisc(p.listOf(c.scope), p.mode)
	return p.knownSKUs(c.t.ID, o.Scope.SKUs...)
}

// eligibility sets each offer's static reason: window, per-buyer limit,
// segment, tier, scope and units.
func (p *problem) eligibility() {
	b := p.req.Buyer
	for _, c := range p.offers {
		switch {
		case !c.t.Window.Contains(p.req.Now):
			c.reason = OutsideWindow
		case c.t.PerBuyerLimit > 0 && b.UsesOf(c.t.ID) >= c.t.PerBuyerLimit:
			c.reason = LimitReached
		case c.kind == kCoupon && c.o.(Coupon).Segment != "" && !b.InSegment(c.o.(Coupon).Segment):
			c.reason = NotInSegment
		case c.kind == kMember && c.o.(MemberPrice).Tier != b.Tier:
			c.reason = NotForTier
		case len(c.scope) == 0:
			c.reason = NothingInScope
		case c.kind.grouping() && c.maxN == 0,
			c.kind == kLadder && p.units(c.scope) < c.tiers[0].min:
			c.reason = TooFewUnits
		}
	}
}

func (p *problem) listOf(lines []int32) int64 {
	var s int64
	for _, l := range lines {
		s += p.lines[l].list
	}
	return s
}

// groupUB bounds a grouping offer's discount: every group is at most as
// good as the first, dearest one.
func (p *problem) groupUB(c *cand, lines []int32, per int64) int64 {
	var most int64
	for _, l := range lines {
		most = max(most, p.lines[l].p)
	}
	return mulCap(c.maxN, max(mulCap(per, most, maxTotal)-c.price, 0), p.listOf(lines))
}

// mulCap returns a·b, or limit when the product exceeds it; a, b ≥ 0.
func mulCap(a, b, limit int64) int64 {
	if a > 0 && b > limit/a {
		return limit
	}
	return min(a*b, limit)
}

// perUnitUB bounds a per-unit offer's discount by its best price on every
// unit in scope.
func (p *problem) perUnitUB(c *cand) int64 {
	var ub int64
	for i, l := range c.scope {
		ub += c.lineDisc(p, i, l, p.lines[l].q, 1<<62)
	}
	return ub
}

// lineDisc is a per-unit offer's discount on q units of line l (scope
// position i), with the ladder tier chosen by count units in scope.
func (c *cand) lineDisc(p *problem, i int, l int32, q, count int64) int64 {
	ln := &p.lines[l]
	switch c.kind {
	case kLadder:
		t := -1
		for j, tt := range c.tiers {
			if count >= tt.min {
				t = j
			}
		}
		if t < 0 {
			return 0
		}
		if c.tiers[t].amt >= 0 {
			return q * max(ln.p-c.tiers[t].amt, 0)
		}
		return mulRate(q*ln.p, c.tiers[t].rate, p.mode)
	case kMember:
		if c.prices != nil {
			return q * max(ln.p-c.prices[i], 0)
		}
	}
	return mulRate(q*ln.p, c.rate, p.mode)
}

// thresholdDisc is a threshold's discount on spend, and the tier reached
// (from 1; 0 for a repeating step).
func (c *cand) thresholdDisc(spend int64, mode commerce.RoundingMode) (int64, int) {
	if c.every {
		d := spend / c.per * c.save
		if c.capAmt > 0 {
			d = min(d, c.capAmt)
		}
		return d, 0
	}
	t := -1
	for j, tt := range c.tiers {
		if spend >= tt.min {
			t = j
		}
	}
	if t < 0 {
		return 0, 0
	}
	if c.tiers[t].amt >= 0 {
		return min(c.tiers[t].amt, spend), t + 1
	}
	return mulRate(spend, c.tiers[t].rate, mode), t + 1
}

// reached reports whether spend reaches a threshold's or coupon's first
// tier or minimum, and if not the amount short.
func (c *cand) reached(spend int64) (bool, int64) {
	need := c.min
	switch {
	case c.kind == kThreshold && c.every:
		need = c.per
	case c.kind == kThreshold:
		need = c.tiers[0].min
	}
	return spend >= need, need - spend
}

// couponDisc is a coupon's discount on spend, before caps.
func (c *cand) couponDisc(spend int64, mode commerce.RoundingMode) int64 {
	if c.save >= 0 {
		return min(c.save, spend)
	}
	d := mulRate(spend, c.rate, mode)
	if c.capAmt > 0 {
		d = min(d, c.capAmt)
	}
	return d
}

// mulRate returns units × r rounded with mode. The product cannot overflow:
// units ≤ 10^15 and rates off are at most 100%.
func mulRate(units int64, r commerce.Rate, mode commerce.RoundingMode) int64 {
	m, _ := commerce.MustNewMoney(units, commerce.CNY).MulRate(r, mode)
	return m.Units()
}

func capN(n int64, repeat int) int64 {
	n = max(n, 0)
	if repeat > 0 {
		return min(n, int64(repeat))
	}
	return n
}

func union(a, b []int32) []int32 {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// sortScope orders a member price list's scope ascending with its prices.
func sortScope(c *cand) {
	idx := make([]int, len(c.scope))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(c.scope[a], c.scope[b]) })
	scope, prices := make([]int32, len(idx)), make([]int64, len(idx))
	for i, j := range idx {
		scope[i], prices[i] = c.scope[j], c.prices[j]
	}
	c.scope, c.prices = scope, prices
}
