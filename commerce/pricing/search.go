package pricing

import "github.com/livecommerce-go/livecommerce/internal/alloc"

// The search decides, for each eligible offer in decision order, a value:
// how many bundles or groups a grouping offer forms, or whether a per-unit
// offer, threshold or coupon is on (1) or off (0). A leaf is a complete
// vector; its payable is evaluated stage by stage, in the same code for the
// branch and bound, the forced runs (greedy, best single offer, the
// explanation) and the tests' brute force. Among equal payables the
// lexicographically greater vector wins: higher-priority offers, applied
// more often.

// fit asks a forced run to use the most a grouping offer can form, or 1.
const fit = -1

// set is a set of offers by position, for telling combinations apart.
type set [MaxOffers / 64]uint64

// arrays the undo log restores.
const (
	aAvail = iota
	aPay
	aBest
	aOwner
	aGroup
)

type undoRec struct {
	arr  uint8
	i    int32
	prev int64
}

// flags are the combination's small scalar state, saved per frame.
type flags struct {
	stageBy [numStages]int32   // an on offer of each stage (decision index + 1)
	exclBy  [numStages]int32   // an on offer excluding each stage
	fundBy  [numFundings]int32 // the on coupon of each funding source
	total   int64              // the payable so far
	free    bool               // an on product-level offer allows a free order
}

// failure is why the last value was rejected.
type failure struct {
	reason Reason
	by     int // decision index of the excluding offer, or -1
	short  int64
	at     int // decision index that failed
}

// incumbent is a combination found so far.
type incumbent struct {
	pay int64
	vec []int64
	set set
	ok  bool
}

type state struct {
	p *problem
	flags
	avail, pay, best, owner []int64
	groupBy                 []int64
	undo                    []undoRec
	vec                     []int64
	tab                     [][]int64 // per-unit discounts, per decision and scope position
	tier                    []int     // ladder tier per decision
	ordBase, cpnBase        []int64
	ubStatic, ubDyn         []int64
	runmax                  []int64
	taken                   []int64
	touched                 []int32
	weights                 []int64
	parts                   []uint64
	scratch                 alloc.Scratch

	work    int64
	stopped bool
	forced  []int64
	fail    failure
	rec     *recorder

	best1, best2 incumbent
	dfsBest      bool
	update       bool // forced runs offer their leaves to the incumbents
	leafPay      int64
	leafOK       bool
}

func newState(p *problem) *state {
	nl, nd := len(p.lines), len(p.dec)
	s := &state{p: p,
		avail: make([]int64, nl), pay: make([]int64, nl), best: make([]int64, nl), owner: make([]int64, nl),
		groupBy: make([]int64, p.groups), vec: make([]int64, nd), tab: make([][]int64, nd), tier: make([]int, nd),
		ordBase: make([]int64, nl), cpnBase: make([]int64, nl), ubStatic: make([]int64, nd+1), ubDyn: make([]int64, nd+1),
		runmax: make([]int64, nl), taken: make([]int64, nl), weights: make([]int64, 0, nl), parts: make([]uint64, nl),
	}
	s.best1.vec, s.best2.vec = make([]int64, nd), make([]int64, nd)
	for k := nd - 1; k >= 0; k-- {
		s.ubStatic[k] = s.ubStatic[k+1] + p.dec[k].ub
	}
	for k := p.gEnd; k < p.uEnd; k++ {
		s.tab[k] = make([]int64, len(p.dec[k].scope))
	}
	return s
}

// reset restores the state at the root.
func (s *state) reset() {
	for i, l := range s.p.lines {
		s.avail[i], s.pay[i], s.best[i], s.owner[i] = l.q, l.list, 0, 0
	}
	clear(s.groupBy)
	s.flags = flags{total: s.p.list}
	s.undo = s.undo[:0]
	s.fail = failure{by: -1, at: -1}
}

func (s *state) set(arr uint8, i int, v int64) {
	var a []int64
	switch arr {
	case aAvail:
		a = s.avail
	case aPay:
		a = s.pay
	case aBest:
		a = s.best
	case aOwner:
		a = s.owner
	default:
		a = s.groupBy
	}
	s.undo = append(s.undo, undoRec{arr, int32(i), a[i]})
	a[i] = v
}

func (s *state) rollback(mark int) {
	for i := len(s.undo) - 1; i >= mark; i-- {
		u := s.undo[i]
		switch u.arr {
		case aAvail:
			s.avail[u.i] = u.prev
		case aPay:
			s.pay[u.i] = u.prev
		case aBest:
			s.best[u.i] = u.prev
		case aOwner:
			s.owner[u.i] = u.prev
		default:
			s.groupBy[u.i] = u.prev
		}
	}
	s.undo = s.undo[:mark]
}

// search runs the branch and bound from the root.
func (s *state) search() {
	s.reset()
	s.forced = nil
	s.visit(0)
}

// run evaluates one vector (fit entries use the most that fits) and reports
// whether it is feasible; s.vec then holds the values used.
func (s *state) run(vec []int64) bool {
	s.reset()
	s.forced = vec
	s.leafOK = false
	s.visit(0)
	s.forced = nil
	return s.leafOK
}

func (s *state) visit(d int) {
	if s.stopped {
		return
	}
	if !s.enter(d) {
		return
	}
	p := s.p
	if d == len(p.dec) {
		s.leaf()
		return
	}
	if s.forced == nil && s.best1.ok {
		ub := s.ubStatic[d]
		if d >= p.gEnd {
			ub = s.ubDyn[d]
		}
		lb := max(s.total-ub, 0)
		useful := !s.best2.ok || lb < s.best2.pay || (lb == s.best1.pay && !s.dfsBest)
		if !useful {
			return
		}
	}
	c := p.dec[d]
	hi := int64(1)
	if c.kind.grouping() && (s.forced == nil || s.forced[d] == fit) {
		hi = s.fit(c)
	}
	lo := int64(0)
	if s.forced != nil {
		v := s.forced[d]
		if v != fit {
			hi = v
		} else if hi == 0 {
			// Asked for the most that fits, and nothing does.
			s.fail = failure{reason: TooFewUnits, by: s.conflict(c), at: d}
			if s.fail.by >= 0 {
				s.fail.reason = Excluded
			}
			return
		}
		lo = hi
	}
	saved := s.flags
	for v := hi; v >= lo; v-- {
		mark := len(s.undo)
		if s.apply(d, c, v) {
			s.vec[d] = v
			s.visit(d + 1)
		} else if s.forced != nil {
			s.fail.at = d
		}
		s.rollback(mark)
		s.flags = saved
		if s.stopped {
			return
		}
	}
}

// fit is the most applications a grouping offer can form from the units
// left, 0 when an on offer excludes it.
func (s *state) fit(c *cand) int64 {
	if s.conflict(c) >= 0 {
		return 0
	}
	sum := func(lines []int32) int64 {
		var n int64
		for _, l := range lines {
			n += s.avail[l]
		}
		return n
	}
	n := c.maxN
	switch c.kind {
	case kBundle:
		for _, cp := range c.comps {
			n = min(n, sum(cp.lines)/cp.qty)
		}
	case kMulti:
		n = min(n, sum(c.take)/c.n)
	case kBXGY:
		n = min(n, sum(c.take)/c.n, sum(c.buy)/c.buyN, sum(c.scope)/(c.n+c.buyN))
	}
	return n
}

// conflict returns the decision index of an on offer that excludes c, or -1.
func (s *state) conflict(c *cand) int {
	st := c.o.Stage()
	if c.group >= 0 && s.groupBy[c.group] != 0 {
		return int(s.groupBy[c.group] - 1)
	}
	if s.exclBy[st] != 0 {
		return int(s.exclBy[st] - 1)
	}
	for x := Stage(1); x < numStages; x++ {
		if c.excl&(1<<x) != 0 && s.stageBy[x] != 0 {
			return int(s.stageBy[x] - 1)
		}
	}
	if c.kind == kCoupon && s.fundBy[c.t.Funding] != 0 {
		return int(s.fundBy[c.t.Funding] - 1)
	}
	return -1
}

// claim records c as on at decision d.
func (s *state) claim(d int, c *cand) {
	st := c.o.Stage()
	if c.group >= 0 {
		s.set(aGroup, c.group, int64(d+1))
	}
	if s.stageBy[st] == 0 {
		s.stageBy[st] = int32(d + 1)
	}
	for x := Stage(1); x < numStages; x++ {
		if c.excl&(1<<x) != 0 && s.exclBy[x] == 0 {
			s.exclBy[x] = int32(d + 1)
		}
	}
	if c.kind == kCoupon {
		s.fundBy[c.t.Funding] = int32(d + 1)
	}
	if st == ProductStage && c.t.AllowFree {
		s.free = true
	}
}

func (s *state) reject(r Reason, by int, short int64) bool {
	s.fail.reason, s.fail.by, s.fail.short = r, by, short
	return false
}

// apply sets decision d (offer c) to v and reports whether that is feasible.
func (s *state) apply(d int, c *cand, v int64) bool {
	if v == 0 {
		return true
	}
	s.work += int64(len(c.scope)) + 1
	if s.work > s.p.limit && s.forced == nil {
		s.stopped = true
		return false
	}
	if by := s.conflict(c); by >= 0 {
		return s.reject(Excluded, by, 0)
	}
	s.claim(d, c)
	switch {
	case c.kind.grouping():
		return s.group(d, c, v)
	case c.kind.perUnit():
		s.perUnit(d, c)
		return true
	}
	return s.orderLevel(d, c)
}

// takeUnits moves up to need units from lines (in order) to s.taken.
func (s *state) takeUnits(lines []int32, need int64) int64 {
	for _, l := range lines {
		if need == 0 {
			break
		}
		t := min(s.avail[l], need)
		if t == 0 {
			continue
		}
		if s.taken[l] == 0 {
			s.touched = append(s.touched, l)
		}
		s.set(aAvail, int(l), s.avail[l]-t)
		s.taken[l] += t
		need -= t
	}
	return need
}

// group applies v bundles or groups of a grouping offer.
func (s *state) group(d int, c *cand, v int64) bool {
	p := s.p
	s.touched = s.touched[:0]
	defer func() {
		for _, l := range s.touched {
			s.taken[l] = 0
		}
	}()
	short := int64(0)
	switch c.kind {
	case kBundle:
		for _, cp := range c.comps {
			short += s.takeUnits(cp.lines, v*cp.qty)
		}
	case kMulti:
		short = s.takeUnits(c.take, v*c.n)
	case kBXGY:
		short = s.takeUnits(c.take, v*c.n)
	}
	if short > 0 {
		return s.reject(TooFewUnits, -1, 0)
	}
	var disc, base, units int64
	if c.kind == kBXGY {
		for _, l := range s.touched {
			ln := &p.lines[l]
			share := mulRate(s.taken[l]*ln.p, c.rate, p.mode)
			disc += share
			s.discount(d, l, share)
		}
		// The buy units are claimed at list price.
		if s.takeUnits(c.buy, v*c.buyN) > 0 {
			return s.reject(TooFewUnits, -1, 0)
		}
		if disc == 0 {
			return s.reject(NotBetter, -1, 0)
		}
		for _, l := range s.touched {
			base += s.taken[l] * p.lines[l].p
			units += s.taken[l]
		}
	} else {
		s.weights = s.weights[:0]
		for _, l := range s.touched {
			w := s.taken[l] * p.lines[l].p
			s.weights = append(s.weights, w)
			base += w
			units += s.taken[l]
		}
		if c.price > 0 && v > base/c.price {
			return s.reject(NotBetter, -1, 0)
		}
		disc = base - v*c.price
		if disc == 0 {
			return s.reject(NotBetter, -1, 0)
		}
		if disc > 0 {
			parts := s.parts[:len(s.weights)]
			alloc.Proportional(parts, uint64(disc), s.weights, &s.scratch) // weights sum to base ≥ disc > 0
			for i, l := range s.touched {
				s.discount(d, l, int64(parts[i]))
			}
		}
	}
	if c.budget >= 0 && disc > c.budget {
		return s.reject(OverBudget, -1, 0)
	}
	if s.rec != nil {
		s.rec.note(d, base, units, v, 0)
	}
	return true
}

// discount takes amount off line l for decision d.
func (s *state) discount(d int, l int32, amount int64) {
	if amount == 0 {
		return
	}
	s.set(aPay, int(l), s.pay[l]-amount)
	s.total -= amount
	if s.rec != nil {
		s.rec.add(d, l, amount)
	}
}

// perUnit turns a per-unit offer on: every line in scope goes to it where
// it gives more than the per-unit offers before it.
func (s *state) perUnit(d int, c *cand) {
	tab := s.tab[d]
	for i, l := range c.scope {
		if x := tab[i]; x > s.best[l] {
			s.set(aPay, int(l), s.pay[l]+s.best[l]-x)
			s.total += s.best[l] - x
			s.set(aBest, int(l), x)
			s.set(aOwner, int(l), int64(d+1))
		}
	}
}

// orderLevel applies a threshold or coupon to the spend the earlier stages
// left.
func (s *state) orderLevel(d int, c *cand) bool {
	p := s.p
	base := s.ordBase
	if c.kind == kCoupon {
		base = s.cpnBase
	}
	var spend, left int64
	for _, l := range c.scope {
		spend += base[l]
		left += s.pay[l]
	}
	if ok, short := c.reached(spend); !ok {
		return s.reject(BelowThreshold, -1, short)
	}
	var disc int64
	t := 0
	if c.kind == kThreshold {
		disc, t = c.thresholdDisc(spend, p.mode)
	} else {
		disc = c.couponDisc(spend, p.mode)
	}
	disc = min(disc, left)
	if !c.t.AllowFree {
		disc = min(disc, s.total-1)
	}
	if disc <= 0 {
		return s.reject(NotBetter, -1, 0)
	}
	if c.budget >= 0 && disc > c.budget {
		return s.reject(OverBudget, -1, 0)
	}
	s.weights = s.weights[:0]
	for _, l := range c.scope {
		s.weights = append(s.weights, s.pay[l])
	}
	parts := s.parts[:len(c.scope)]
	alloc.Proportional(parts, uint64(disc), s.weights, &s.scratch) // Σ weights = left ≥ disc > 0
	var units int64
	for i, l := range c.scope {
		s.discount(d, l, int64(parts[i]))
		units += p.lines[l].q
	}
	if s.rec != nil {
		s.rec.note(d, spend, units, 1, t)
	}
	return true
}

// enter runs the stage transitions at depth d and reports whether the
// combination so far is feasible.
func (s *state) enter(d int) bool {
	p := s.p
	if d == p.gEnd {
		s.unitTables()
	}
	if d == p.uEnd {
		if !s.closeProducts() {
			return false
		}
		copy(s.ordBase, s.pay)
		if s.forced == nil {
			s.orderBounds()
		}
	}
	if d == p.tEnd {
		copy(s.cpnBase, s.pay)
	}
	return true
}

// unitTables prices every per-unit offer on the units the grouping offers
// left, and bounds what the per-unit stage can still take off.
func (s *state) unitTables() {
	p := s.p
	for k := p.gEnd; k < p.uEnd; k++ {
		c := p.dec[k]
		if s.forced != nil && s.forced[k] == 0 {
			continue // a forced run never reads an off offer's table
		}
		var count int64
		for _, l := range c.scope {
			count += s.avail[l]
		}
		if c.kind == kLadder {
			s.tier[k] = 0
			for j, t := range c.tiers {
				if count >= t.min {
					s.tier[k] = j + 1
				}
			}
		}
		for i, l := range c.scope {
			s.tab[k][i] = c.lineDisc(p, i, l, s.avail[l], count)
		}
		s.work += int64(len(c.scope))
	}
	if s.forced != nil {
		return // forced runs do not bound
	}
	// ubDyn[k] for per-unit depths: per line, the best any remaining
	// per-unit offer gives, plus the static bounds of the later stages.
	clear(s.runmax)
	var sum int64
	s.ubDyn[p.uEnd] = s.ubStatic[p.uEnd]
	for k := p.uEnd - 1; k >= p.gEnd; k-- {
		c := p.dec[k]
		for i, l := range c.scope {
			if x := s.tab[k][i]; x > s.runmax[l] {
				sum += x - s.runmax[l]
				s.runmax[l] = x
			}
		}
		s.ubDyn[k] = sum + s.ubStatic[p.uEnd]
	}
}

// closeProducts ends the product stage: per-unit budgets and the rule that
// product-level offers make no free order unless one allows it.
func (s *state) closeProducts() bool {
	p := s.p
	for k := p.gEnd; k < p.uEnd; k++ {
		c := p.dec[k]
		if s.vec[k] == 0 {
			continue
		}
		var disc, units, base int64
		for _, l := range c.scope {
			if s.owner[l] == int64(k+1) {
				disc += s.best[l]
				units += s.avail[l]
				base += s.avail[l] * p.lines[l].p
			}
		}
		if disc == 0 {
			// On, yet best on no line: the same combination with it off
			// is its own vector, and an offer that prices nothing must
			// not exclude others or allow a free order.
			s.fail.at = k
			return s.reject(NotBetter, -1, 0)
		}
		if c.budget >= 0 && disc > c.budget {
			s.fail.at = k
			return s.reject(OverBudget, -1, 0)
		}
		if s.rec != nil {
			for _, l := range c.scope {
				if s.owner[l] == int64(k+1) {
					s.rec.add(k, l, s.best[l])
				}
			}
			s.rec.note(k, base, units, 1, s.tier[k])
		}
	}
	if s.total == 0 && p.list > 0 && !s.free {
		return s.reject(NotBetter, -1, 0)
	}
	return true
}

// orderBounds bounds the thresholds and coupons by the spend the product
// stage left.
func (s *state) orderBounds() {
	p := s.p
	s.ubDyn[len(p.dec)] = 0
	for k := len(p.dec) - 1; k >= p.uEnd; k-- {
		c := p.dec[k]
		var spend int64
		for _, l := range c.scope {
			spend += s.ordBase[l]
		}
		var ub int64
		if ok, _ := c.reached(spend); ok {
			if c.kind == kThreshold {
				ub, _ = c.thresholdDisc(spend, p.mode)
			} else {
				ub = c.couponDisc(spend, p.mode)
			}
		}
		s.ubDyn[k] = s.ubDyn[k+1] + min(ub, spend)
	}
}

// leaf offers a complete combination to the incumbents.
func (s *state) leaf() {
	s.leafPay, s.leafOK = s.total, true
	if s.rec != nil {
		s.rec.flags = s.flags
		s.rec.groupBy = append(s.rec.groupBy[:0], s.groupBy...)
		s.rec.ordBase = append(s.rec.ordBase[:0], s.ordBase...)
		s.rec.owner = append(s.rec.owner[:0], s.owner...)
	}
	if s.forced != nil && !s.update {
		return
	}
	s.consider(s.total, s.vec, s.applied(), s.forced == nil)
}

// applied is the set of offers the current combination applies.
func (s *state) applied() set {
	var out set
	p := s.p
	for k, c := range p.dec {
		if s.vec[k] > 0 && !c.kind.perUnit() {
			out[c.pos/64] |= 1 << (c.pos % 64)
		}
	}
	for _, o := range s.owner {
		if o > 0 {
			pos := p.dec[o-1].pos
			out[pos/64] |= 1 << (pos % 64)
		}
	}
	return out
}

// consider keeps the best combination and the best with another set of
// offers.
func (s *state) consider(pay int64, vec []int64, st set, dfs bool) {
	b1, b2 := &s.best1, &s.best2
	better := func(b *incumbent) bool {
		if !b.ok || pay < b.pay {
			return true
		}
		if pay > b.pay {
			return false
		}
		for k, v := range vec {
			if v != b.vec[k] {
				return v > b.vec[k]
			}
		}
		return false
	}
	keep := func(b *incumbent) {
		b.pay, b.set, b.ok = pay, st, true
		copy(b.vec, vec)
	}
	switch {
	case b1.ok && st == b1.set:
		if better(b1) {
			keep(b1)
			s.dfsBest = dfs
		}
	case b2.ok && st == b2.set:
		if better(b2) {
			keep(b2)
			if better(b1) {
				*b1, *b2 = *b2, *b1
				s.dfsBest = dfs
			}
		}
	case better(b1):
		if b1.ok {
			// The old best moves down; its slice goes with it.
			b1.vec, b2.vec = b2.vec, b1.vec
			b2.pay, b2.set, b2.ok = b1.pay, b1.set, true
		}
		keep(b1)
		s.dfsBest = dfs
	case better(b2):
		keep(b2)
	}
}

// bound is a lower bound on any payable, from the root: the list total
// less every offer's best case, counting only the best coupon of each
// funding source, since an order uses one of each.
func (s *state) bound() int64 {
	p := s.p
	var ub int64
	var coupon [numFundings]int64
	for _, c := range p.dec {
		if c.kind == kCoupon {
			coupon[c.t.Funding] = max(coupon[c.t.Funding], c.ub)
		} else {
			ub += c.ub
		}
	}
	for _, c := range coupon {
		ub += c
	}
	return max(p.list-ub, 0)
}

// recorder collects what each decision did in a replay of the best vector.
type recorder struct {
	shares      [][]lineShare
	base, units []int64
	times       []int64
	tier        []int
	flags       flags
	groupBy     []int64
	ordBase     []int64
	owner       []int64
}

type lineShare struct {
	line   int32
	amount int64
}

func newRecorder(n int) *recorder {
	return &recorder{shares: make([][]lineShare, n), base: make([]int64, n), units: make([]int64, n),
		times: make([]int64, n), tier: make([]int, n)}
}

func (r *recorder) add(d int, l int32, amount int64) {
	r.shares[d] = append(r.shares[d], lineShare{l, amount})
}

func (r *recorder) note(d int, base, units, times int64, tier int) {
	r.base[d], r.units[d], r.times[d], r.tier[d] = base, units, times, tier
}
