package pricing

import (
	"cmp"
	"slices"
)

// Price finds the combination of offers that minimises what the buyer pays
// for the cart, allocates its discount to lines, units, offers and funding
// sources, and explains it.
//
// The request is validated first: a malformed cart, buyer or offer, offers
// in another currency, duplicate offer IDs, or SKUs the catalogue does not
// know give an error that names the field, and no quote. Offers the buyer
// cannot use now (window, per-buyer limit, segment, tier, nothing in scope)
// are set aside with their reason. The search then decides, for the others,
// how many bundles or groups each grouping offer forms and whether each
// per-unit offer, threshold and coupon is on, under the combination rules in
// the package documentation. It is a branch and bound seeded with the
// greedy-by-priority and the best single-offer combinations, so its answer
// is never worse than either; when it finishes within [Request.Limit] the
// quote is Exact.
func Price(r Request) (Quote, error) {
	p, err := compile(r)
	if err != nil {
		return Quote{}, err
	}
	s := newState(p)
	s.update = true
	s.run(make([]int64, len(p.dec))) // no offers: always feasible
	s.greedy()
	s.singles()
	s.update = false
	s.search()
	return s.quote(), nil
}

// greedy offers the greedy-by-priority combination: offers by priority,
// each applied at its most if that keeps the combination feasible and does
// not raise the payable.
func (s *state) greedy() int64 {
	p := s.p
	order := make([]int, len(p.dec)) // decision indexes by priority, then ID
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := p.dec[i], p.dec[j]
		if a.t.Priority != b.t.Priority {
			return cmp.Compare(b.t.Priority, a.t.Priority)
		}
		return cmp.Compare(a.pos, b.pos)
	})
	vec := make([]int64, len(p.dec))
	cur := p.list
	for _, k := range order {
		vec[k] = fit
		if s.run(vec) && s.leafPay <= cur {
			copy(vec, s.vec)
			cur = s.leafPay
		} else {
			vec[k] = 0
		}
	}
	return cur
}

// singles offers every offer alone, at its most.
func (s *state) singles() int64 {
	vec := make([]int64, len(s.p.dec))
	best := s.p.list
	for k := range vec {
		vec[k] = fit
		if s.run(vec) {
			best = min(best, s.leafPay)
		}
		vec[k] = 0
	}
	return best
}

// quote replays the best combination and builds its Quote.
func (s *state) quote() Quote {
	p := s.p
	cur := p.cur
	exact := !s.stopped
	s.stopped = false // the replay and the explanations are forced runs
	rec := newRecorder(len(p.dec))
	s.rec = rec
	s.run(s.best1.vec)
	s.rec = nil

	q := Quote{
		List:    amount(p.list, cur),
		Payable: amount(s.best1.pay, cur),
		Exact:   exact,
	}
	q.Discount = amount(p.list-s.best1.pay, cur)
	q.Bound = q.Payable
	if !q.Exact {
		q.Bound = amount(min(s.bound(), s.best1.pay), cur)
	}
	if s.best2.ok {
		q.NextBest = amount(s.best2.pay, cur)
	}

	// Shares per line, in decision order (the order offers apply).
	lineShares := make([][]Share, len(p.lines))
	applied := s.best1.set
	for k, c := range p.dec {
		if applied[c.pos/64]&(1<<(c.pos%64)) == 0 {
			continue
		}
		var sum int64
		for _, sh := range rec.shares[k] {
			sum += sh.amount
		}
		q.Applied = append(q.Applied, Applied{
			Offer: c.t.ID, Stage: c.o.Stage(), Funding: c.t.Funding,
			Amount: amount(sum, cur), Base: amount(rec.base[k], cur),
			Units: rec.units[k], Times: rec.times[k], Tier: rec.tier[k],
		})
		// One share per line, whatever the order the offer recorded in.
		for _, sh := range rec.shares[k] {
			ls := lineShares[sh.line]
			if n := len(ls); n > 0 && ls[n-1].Offer == c.t.ID {
				ls[n-1].Amount = amount(ls[n-1].Amount.Units()+sh.amount, cur)
				continue
			}
			lineShares[sh.line] = append(ls, Share{Offer: c.t.ID, Stage: c.o.Stage(), Funding: c.t.Funding, Amount: amount(sh.amount, cur)})
		}
	}
	gifts := s.gifts(rec, &q)
	if len(gifts) > 0 {
		// Gifts apply at the order stage, after the thresholds.
		at := len(q.Applied)
		for i, a := range q.Applied {
			if a.Stage == CouponStage {
				at = i
				break
			}
		}
		q.Applied = slices.Insert(q.Applied, at, gifts...)
	}
	for l, ln := range p.lines {
		paid := ln.list
		for _, sh := range lineShares[l] {
			paid -= sh.Amount.Units()
		}
		q.Lines = append(q.Lines, Line{
			SKU: ln.item.SKU, Quantity: ln.q, UnitPrice: ln.item.UnitPrice,
			List: amount(ln.list, cur), Discount: amount(ln.list-paid, cur), Payable: amount(paid, cur),
			Shares: lineShares[l],
		})
	}
	s.explain(&q, applied)
	req := p.req
	req.Cart.Items = slices.Clone(req.Cart.Items)
	req.Offers = slices.Clone(req.Offers)
	req.Buyer.Segments = slices.Clone(req.Buyer.Segments)
	req.Buyer.Uses = slices.Clone(req.Buyer.Uses)
	q.ledger = &ledger{req: req, p: p, lines: cloneLines(q.Lines)}
	return q
}

// gifts adds the gifts the best combination earns: a gift applies when the
// spend in its scope after the product stage reaches its minimum and no
// applied offer or earlier gift excludes it. Gifts never cost a discount.
func (s *state) gifts(rec *recorder, q *Quote) []Applied {
	p := s.p
	s.flags = rec.flags
	copy(s.groupBy, rec.groupBy)
	s.undo = s.undo[:0]
	defer s.reset()
	var out []Applied
	for g, c := range p.gifts {
		var spend, units int64
		for _, l := range c.scope {
			spend += rec.ordBase[l]
			units += p.lines[l].q
		}
		if ok, short := c.reached(spend); !ok {
			q.Unapplied = append(q.Unapplied, Unapplied{Offer: c.t.ID, Reason: BelowThreshold, Short: amount(short, p.cur)})
			continue
		}
		if by := s.conflict(c); by >= 0 {
			q.Unapplied = append(q.Unapplied, Unapplied{Offer: c.t.ID, Reason: Excluded, By: s.offerAt(by).t.ID})
			continue
		}
		s.claim(len(p.dec)+g, c)
		gift := c.o.(Gift)
		out = append(out, Applied{Offer: c.t.ID, Stage: OrderStage, Funding: c.t.Funding,
			Amount: amount(0, p.cur), Base: amount(spend, p.cur), Units: units, Times: 1})
		q.Gifts = append(q.Gifts, FreeItem{Offer: c.t.ID, SKU: gift.SKU, Quantity: gift.Quantity})
	}
	return out
}

// offerAt returns the offer at decision index i; indexes past the decisions
// are gifts.
func (s *state) offerAt(i int) *cand {
	if i < len(s.p.dec) {
		return s.p.dec[i]
	}
	return s.p.gifts[i-len(s.p.dec)]
}

// explain gives every offer that did not apply its reason, sorted by ID.
func (s *state) explain(q *Quote, applied set) {
	p := s.p
	for k, c := range p.dec {
		if applied[c.pos/64]&(1<<(c.pos%64)) != 0 {
			continue
		}
		u := Unapplied{Offer: c.t.ID, Reason: NotBetter}
		if s.best1.vec[k] == 0 {
			vec := slices.Clone(s.best1.vec)
			vec[k] = fit
			if !s.run(vec) && s.fail.at == k {
				u.Reason = s.fail.reason
				if s.fail.by >= 0 {
					u.By = s.offerAt(s.fail.by).t.ID
				}
				if u.Reason == BelowThreshold {
					u.Short = amount(s.fail.short, p.cur)
				}
			}
		}
		if c.kind == kLadder && u.Reason == NotBetter {
			// On, yet pricing nothing: say so when the units the grouping
			// offers left do not reach the first tier.
			vec := slices.Clone(s.best1.vec)
			vec[k] = 1
			if s.run(vec); s.tier[k] == 0 {
				u.Reason = TooFewUnits
			}
		}
		q.Unapplied = append(q.Unapplied, u)
	}
	for _, c := range p.offers {
		if c.reason != 0 {
			q.Unapplied = append(q.Unapplied, Unapplied{Offer: c.t.ID, Reason: c.reason})
		}
	}
	slices.SortFunc(q.Unapplied, func(a, b Unapplied) int {
		switch {
		case a.Offer < b.Offer:
			return -1
		case a.Offer > b.Offer:
			return 1
		}
		return 0
	})
}

func cloneLines(ls []Line) []Line {
	out := slices.Clone(ls)
	for i := range out {
		out[i].Shares = slices.Clone(out[i].Shares)
	}
	return out
}
