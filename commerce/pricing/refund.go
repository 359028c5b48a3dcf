package pricing

import (
	"fmt"
	"slices"
	"strings"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// ReturnPolicy decides what happens when a return takes what the buyer keeps below
// a threshold (满减) or a coupon's minimum. It is declared once, when the
// ledger is opened.
type ReturnPolicy uint8

// The policies. The zero value is not a policy.
const (
	// Keep lets the buyer keep every discount: each refund is exactly what
	// the returned units paid.
	Keep ReturnPolicy = iota + 1
	// ClawBack recomputes each threshold and coupon on the spend the
	// buyer keeps; what the kept units carry beyond that is deducted from
	// the refund.
	ClawBack
	// Reprice prices what the buyer keeps again, with the same offers,
	// buyer and instant; if that costs more than the kept units paid, the
	// difference is deducted. Broken bundles and buy-X-get-Y groups are
	// caught too.
	Reprice
	numReturnPolicies
)

var returnPolicyNames = [numReturnPolicies]string{"", "keep", "claw back", "reprice"}

// String returns "keep", "claw back" or "reprice".
func (c ReturnPolicy) String() string {
	if c > 0 && c < numReturnPolicies {
		return returnPolicyNames[c]
	}
	return fmt.Sprintf("ReturnPolicy(%d)", uint8(c))
}

// Return is units of one SKU the buyer sends back.
type Return struct {
	// SKU is the returned SKU; Quantity the units, at least 1.
	SKU      string
	Quantity int64
}

// RefundLine is the run of a line's units one return took back.
type RefundLine struct {
	// SKU is the line's SKU.
	SKU string
	// Units is the run returned, with what it paid and the discount it
	// carried by offer.
	Units Units
}

// Refund is the statement for one return.
type Refund struct {
	// Paid is what the returned units paid, drawn from the ledger.
	Paid commerce.Money
	// Clawed is deducted from Paid under the policy; it is negative when a
	// later return gives back an earlier deduction (returning everything
	// refunds everything).
	Clawed commerce.Money
	// Amount is what the buyer gets back: Paid − Clawed, never negative.
	Amount commerce.Money
	// Lines are the runs returned, by SKU.
	Lines []RefundLine
	// Clawbacks are Clawed by offer, by ID; negative entries give back.
	Clawbacks []Share
}

// Ledger is a quote's frozen unit ledger and the returns drawn on it. It is
// an immutable value: Return gives a new Ledger.
//
// Returned units are taken from the front of each line, unit 0 first, so a
// line's returns always read consecutive runs of its ledger and any sequence
// of returns sums exactly to what the line paid. Units the buyer keeps are
// never re-discounted: under every policy a refund is at most what the
// returned units paid, plus any earlier deduction given back.
type Ledger struct {
	l         *ledger
	policy    ReturnPolicy
	returned  []int64 // per line
	collected []int64 // per offer, by the problem's offer order
	refunded  int64
}

// Ledger opens the quote's refund ledger under policy.
func (q Quote) Ledger(policy ReturnPolicy) (Ledger, error) {
	if q.ledger == nil {
		return Ledger{}, invalid("quote", "not made by Price")
	}
	if policy == 0 || policy >= numReturnPolicies {
		return Ledger{}, invalidf("ledger: policy", "want keep, claw back or reprice, got %v", policy)
	}
	return Ledger{l: q.ledger, policy: policy,
		returned: make([]int64, len(q.ledger.lines)), collected: make([]int64, len(q.ledger.p.offers))}, nil
}

// Returned returns the units of sku returned so far.
func (l Ledger) Returned(sku string) int64 {
	if i := l.line(sku); i >= 0 {
		return l.returned[i]
	}
	return 0
}

// Refunded returns the total refunded so far.
func (l Ledger) Refunded() commerce.Money {
	if l.l == nil {
		return commerce.Money{}
	}
	return amount(l.refunded, l.l.p.cur)
}

func (l Ledger) line(sku string) int {
	if l.l == nil {
		return -1
	}
	i, ok := slices.BinarySearchFunc(l.l.lines, sku, func(ln Line, s string) int { return strings.Compare(ln.SKU, s) })
	if !ok {
		return -1
	}
	return i
}

// Return takes back the items and returns the refund statement and the
// ledger after it. Items name SKUs of the quote, each once, with at most
// the units not yet returned; otherwise the error names the item and the
// ledger is unchanged.
func (l Ledger) Return(items ...Return) (Refund, Ledger, error) {
	if l.l == nil {
		return Refund{}, l, invalid("ledger", "not opened by Quote.Ledger")
	}
	if len(items) == 0 {
		return Refund{}, l, invalid("return: items", "nothing returned")
	}
	p := l.l.p
	next := Ledger{l: l.l, policy: l.policy, returned: slices.Clone(l.returned),
		collected: slices.Clone(l.collected), refunded: l.refunded}
	var st Refund
	var paid int64
	for j, it := range items {
		field := fmt.Sprintf("return: items[%d]", j)
		i := l.line(it.SKU)
		switch {
		case i < 0:
			return Refund{}, l, invalidf(field+": sku", "%q is not in the quote", it.SKU)
		case next.returned[i] != l.returned[i]:
			return Refund{}, l, invalidf(field+": sku", "%q is returned twice", it.SKU)
		case it.Quantity < 1 || it.Quantity > l.l.lines[i].Quantity-l.returned[i]:
			return Refund{}, l, invalidf(field+": quantity", "want 1 to %d, got %d", l.l.lines[i].Quantity-l.returned[i], it.Quantity)
		}
		u, _ := l.l.lines[i].Units(l.returned[i], l.returned[i]+it.Quantity) // within the line: checked above
		next.returned[i] += it.Quantity
		paid += u.Payable.Units()
		st.Lines = append(st.Lines, RefundLine{SKU: it.SKU, Units: u})
	}
	slices.SortFunc(st.Lines, func(a, b RefundLine) int { return strings.Compare(a.SKU, b.SKU) })

	target, err := next.targets()
	if err != nil {
		return Refund{}, l, err
	}
	// Deltas toward the targets: give-backs apply in full; deductions
	// are capped so the refund is never negative, and what is left of them
	// stays owed toward a later return.
	deltas := make([]int64, len(target))
	var give, take int64
	for o := range target {
		deltas[o] = target[o] - next.collected[o]
		if deltas[o] < 0 {
			give -= deltas[o]
		} else {
			take += deltas[o]
		}
	}
	if room := paid + give; take > room {
		if err := spread(deltas, room, deltas, p.cur); err != nil {
			return Refund{}, l, err
		}
		take = room
	}
	for o, d := range deltas {
		if d != 0 {
			next.collected[o] += d
			c := p.offers[o]
			st.Clawbacks = append(st.Clawbacks, Share{Offer: c.t.ID, Stage: c.o.Stage(), Funding: c.t.Funding, Amount: amount(d, p.cur)})
		}
	}
	clawed := take - give
	st.Paid = amount(paid, p.cur)
	st.Clawed = amount(clawed, p.cur)
	st.Amount = amount(paid-clawed, p.cur)
	next.refunded += paid - clawed
	return st, next, nil
}

// targets returns, per offer, what the policy deducts from the units kept
// after this ledger's returns.
func (l Ledger) targets() ([]int64, error) {
	p := l.l.p
	out := make([]int64, len(p.offers))
	if l.policy == Keep {
		return out, nil
	}
	// What the kept units carry, per offer, and their bases per stage.
	carried := make([]int64, len(p.offers))
	ordBase := make([]int64, len(p.lines))
	cpnBase := make([]int64, len(p.lines))
	var keptPaid int64
	kept := make([]Item, 0, len(p.lines))
	for i, ln := range l.l.lines {
		u, _ := ln.Units(l.returned[i], ln.Quantity) // within the line
		ordBase[i], cpnBase[i] = u.List.Units(), u.List.Units()
		for _, sh := range u.Shares {
			carried[offerIndex(p, sh.Offer)] += sh.Amount.Units()
			if sh.Stage == ProductStage {
				ordBase[i] -= sh.Amount.Units()
			}
			if sh.Stage != CouponStage {
				cpnBase[i] -= sh.Amount.Units()
			}
		}
		keptPaid += u.Payable.Units()
		if k := ln.Quantity - l.returned[i]; k > 0 {
			it := p.lines[i].item
			it.Quantity = k
			kept = append(kept, it)
		}
	}
	if l.policy == ClawBack {
		for o, c := range p.offers {
			if carried[o] == 0 || (c.kind != kThreshold && c.kind != kCoupon) {
				continue
			}
			base := ordBase
			if c.kind == kCoupon {
				base = cpnBase
			}
			var spend, now int64
			for _, ln := range c.scope {
				spend += base[ln]
			}
			if ok, _ := c.reached(spend); ok {
				if c.kind == kThreshold {
					now, _ = c.thresholdDisc(spend, p.mode)
				} else {
					now = c.couponDisc(spend, p.mode)
				}
			}
			out[o] = max(carried[o]-now, 0)
		}
		return out, nil
	}
	if len(kept) == 0 {
		return out, nil
	}
	req := l.l.req
	req.Cart = Cart{Items: kept}
	rq, err := Price(req)
	if err != nil {
		return nil, err
	}
	owed := rq.Payable.Units() - keptPaid
	if owed <= 0 {
		return out, nil
	}
	// Attribute what is owed to the offers that now give less.
	now := make([]int64, len(p.offers))
	for _, a := range rq.Applied {
		now[offerIndex(p, a.Offer)] = a.Amount.Units()
	}
	for o := range carried {
		now[o] = carried[o] - now[o] // what each offer now gives less
	}
	if err := spread(out, owed, now, p.cur); err != nil { // Σ positive weights = owed > 0
		return nil, err
	}
	return out, nil
}

// spread sets dst[i], for each positive weights[i], to the share of total
// it earns among the positive weights, by commerce.Money.Allocate; the other
// entries of dst are left as they are. dst may be weights.
func spread(dst []int64, total int64, weights []int64, cur commerce.Currency) error {
	var ws []int64
	var idx []int
	for i, w := range weights {
		if w > 0 {
			ws = append(ws, w)
			idx = append(idx, i)
		}
	}
	parts, err := amount(total, cur).Allocate(ws...)
	if err != nil {
		return err
	}
	for k, i := range idx {
		dst[i] = parts[k].Units()
	}
	return nil
}

// offerIndex returns the position of the offer with ID id.
func offerIndex(p *problem, id string) int {
	i, _ := slices.BinarySearchFunc(p.offers, id, func(c *cand, s string) int { return strings.Compare(c.t.ID, s) })
	return i
}
