package referral

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/shopspring/decimal"
)

// LineRefund is one refund of a line, as an explanation lists it.
type LineRefund struct {
	// Key is the refund event's key.
	Key string
	// At is when it happened.
	At time.Time
	// Quantity and Amount are the units and money refunded.
	Quantity int64
	Amount   commerce.Money
}

// Reversal links a share to a refund that clawed part of it back.
type Reversal struct {
	// Key is the refund event's key.
	Key string
	// At is when it happened.
	At time.Time
	// Amount is what it took from the share.
	Amount commerce.Money
}

// Explanation is the derivation of one share's current amount, from the
// line's base through its refunds, the reward, the rounding, the cap and
// the ceiling, with the share's stage and hold and the refunds that
// reversed it. [Explanation.Evaluate] recomputes the amount from these
// fields alone.
type Explanation struct {
	// Order and Share locate the share; Line is the line's ID ("" for
	// shipping, with Shipping set).
	Order    string
	Share    int
	Line     string
	Shipping bool
	// Beneficiary, Level, Tier, Source and Reward are the share's.
	Beneficiary string
	Level       int
	Tier        Tier
	Source      Source
	Reward      Reward
	// Basis and Rounding are the accrual's.
	Basis    Basis
	Rounding commerce.RoundingMode
	// Paid, List and Quantity are the line when the order was created.
	Paid, List commerce.Money
	Quantity   int64
	// Refunds are the line's refunds, in the ledger's time order.
	Refunds []LineRefund
	// RemainingPaid and RemainingQuantity are what the refunds leave.
	RemainingPaid     commerce.Money
	RemainingQuantity int64
	// Base is the base on what remains: the paid amount, or the list price
	// scaled by the share of the paid amount that remains.
	Base commerce.Money
	// Exact is the reward before rounding: Base × rate, or per unit ×
	// remaining quantity.
	Exact decimal.Decimal
	// Rounded is Exact rounded with Rounding; Residue is Rounded − Exact.
	Rounded commerce.Money
	Residue decimal.Decimal
	// Cap and Room are the cap that bounded the share at accrual and its
	// room; Capped is min(Rounded, Room), or Rounded when uncapped.
	Cap    Cap
	Room   commerce.Money
	Capped commerce.Money
	// Ceiling is the accrual's ceiling and Limit the line's limit on what
	// remains, min(Base, ⌊Ceiling × RemainingPaid⌋). LineShares are the
	// capped amounts of every share of the line, this one at index Index;
	// Cut reports that their sum exceeded Limit, and the limit was
	// allocated in proportion to them by largest remainder.
	Ceiling    commerce.Rate
	Limit      commerce.Money
	LineShares []commerce.Money
	Index      int
	Cut        bool
	// Amount is the share now, as the ledger holds it.
	Amount commerce.Money
	// Stage is where the share's money is, and Hold says why it is there.
	Stage Stage
	Hold  string
	// Reversals are the refunds that changed the share.
	Reversals []Reversal
}

// Explain returns the derivation of share i of an order's accrual.
// Errors: an unknown order is [ErrUnknownOrder]; an index out of range is
// [commerce.ErrInvalid].
func (l Ledger) Explain(order string, i int) (Explanation, error) {
	b, ok := l.orders.Get(order)
	if !ok {
		return Explanation{}, fmt.Errorf("referral: explain: order %q: %w", order, ErrUnknownOrder)
	}
	a := &b.acc
	if i < 0 || i >= len(a.Shares) {
		return Explanation{}, fieldErr(fmt.Sprintf("explain: order %q: share", order), "%d outside 0–%d", i, len(a.Shares)-1)
	}
	s := a.Shares[i]
	li := s.Line
	al := a.Lines[li]
	m := func(v int64) commerce.Money { return commerce.MustNewMoney(v, a.Currency) }
	loc := time.UTC
	e := Explanation{
		Order: order, Share: i, Line: al.ID, Shipping: al.Shipping,
		Beneficiary: s.Beneficiary, Level: s.Level, Tier: s.Tier, Source: s.Source, Reward: s.Reward,
		Basis: a.Basis, Rounding: a.Rounding, Paid: al.Paid, List: al.List, Quantity: al.Quantity,
		RemainingPaid: m(b.paid[li]), RemainingQuantity: b.qty[li],
		Cap: s.Cap, Room: s.Room, Ceiling: a.Ceiling, Amount: m(b.amount[i]), Stage: b.stage[i],
	}
	if b.refunds != nil {
		for _, r := range b.refunds[li] {
			e.Refunds = append(e.Refunds, LineRefund{Key: r.key, At: time.Unix(0, r.at).In(loc), Quantity: r.qty, Amount: m(r.amount)})
		}
	}
	for _, en := range b.entries {
		if int(en.share) == i && en.kind == Reversed {
			e.Reversals = append(e.Reversals, Reversal{Key: b.events[en.ev].key, At: time.Unix(0, en.at).In(loc), Amount: m(en.amount)})
		}
	}
	base, err := a.lineBase(li, b.paid[li], b.qty[li])
	if err != nil {
		return Explanation{}, err
	}
	e.Base = m(base)
	if s.Reward.isFixed() {
		e.Exact = s.Reward.PerUnit.Decimal().Mul(decimal.NewFromInt(b.qty[li]))
		if base == 0 {
			e.Exact = decimal.Zero
		}
	} else {
		e.Exact = e.Base.Decimal().Mul(s.Reward.Rate.Decimal())
	}
	lo, hi := b.start[li], b.start[li+1]
	capped := make([]int64, hi-lo)
	if _, err := a.lineCapped(li, lo, hi, b.paid[li], b.qty[li], capped); err != nil {
		return Explanation{}, err
	}
	for _, v := range capped {
		e.LineShares = append(e.LineShares, m(v))
	}
	rounded := int64(0)
	if base > 0 {
		if rounded, err = s.raw(e.Base, b.qty[li], a.Rounding); err != nil {
			return Explanation{}, err
		}
	}
	e.Rounded = m(rounded)
	e.Index = i - lo
	e.Capped = e.LineShares[e.Index]
	e.Residue = e.Rounded.Decimal().Sub(e.Exact)
	p, err := m(b.paid[li]).MulRate(a.Ceiling, commerce.Down)
	if err != nil {
		return Explanation{}, err
	}
	e.Limit = m(min(base, p.Units()))
	var sum int64
	for _, v := range e.LineShares {
		sum += v.Units()
	}
	e.Cut = sum > e.Limit.Units()
	e.Hold = b.holdReason(i)
	return e, nil
}

// holdReason says why share i is in its stage, from the book's events
// alone (the ledger has no "now").
func (b *book) holdReason(i int) string {
	h := b.acc.Hold
	switch b.stage[i] {
	case Estimated:
		return fmt.Sprintf("estimated: credited at %v, not reached", h.Credit)
	case Pending:
		if b.due == math.MaxInt64 {
			return fmt.Sprintf("pending: the hold counts %d days from %v, not reached", h.Days, h.Release)
		}
		due := time.Unix(0, b.due).UTC().Format(time.RFC3339)
		line := b.acc.Shares[i].Line
		var open []string
		cases, _ := b.cases()
		for _, c := range cases {
			if c.opened >= 0 && c.close < 0 && b.blocked(line, c.opened, []afterSale{c}) {
				open = append(open, c.id)
			}
		}
		if len(open) > 0 {
			return fmt.Sprintf("pending: hold ends %s; after-sale %s open on the line", due, strings.Join(open, ", "))
		}
		return fmt.Sprintf("pending: hold ends %s (%d days after %v); released by the first sweep from then", due, h.Days, h.Release)
	default:
		for _, en := range b.entries {
			if int(en.share) == i && en.kind == Released {
				return "available: released " + time.Unix(0, en.at).UTC().Format(time.RFC3339)
			}
		}
		return "available"
	}
}

// ExplainLine returns the derivations of every share of one line of an
// order, in share order; the shipping line is named "".
func (l Ledger) ExplainLine(order, line string) ([]Explanation, error) {
	b, ok := l.orders.Get(order)
	if !ok {
		return nil, fmt.Errorf("referral: explain: order %q: %w", order, ErrUnknownOrder)
	}
	li := b.lineIndex(line)
	if line == "" && b.acc.Lines[len(b.acc.Lines)-1].Shipping {
		li = len(b.acc.Lines) - 1
	}
	if li < 0 {
		return nil, fmt.Errorf("referral: explain: order %q: line %q: %w", order, line, ErrUnknownLine)
	}
	var out []Explanation
	for i := b.start[li]; i < b.start[li+1]; i++ {
		e, err := l.Explain(order, i)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Evaluate recomputes the share's amount from the explanation's own fields,
// with decimal arithmetic independent of the ledger's: the remaining paid
// amount and units from the line and its refunds, the base, the reward, the
// rounding, the room, and the cut of the line's shares to the limit. It
// returns an error when a field disagrees with what it recomputes (so a
// tampered explanation is caught); otherwise the amount, which equals
// Amount.
func (e Explanation) Evaluate() (commerce.Money, error) {
	c := e.Paid.Currency()
	if !e.Rounding.Valid() {
		return commerce.Money{}, &commerce.FieldError{Field: "explanation: rounding", Err: commerce.ErrRoundingMode}
	}
	if e.Quantity < 1 || e.Paid.IsNegative() || e.List.Currency() != c {
		return commerce.Money{}, fieldErr("explanation: line", "%d units, paid %v, list %v", e.Quantity, e.Paid, e.List)
	}
	paid, qty := e.Paid.Units(), e.Quantity
	for _, r := range e.Refunds {
		paid -= r.Amount.Units()
		qty -= r.Quantity
	}
	if paid != e.RemainingPaid.Units() || qty != e.RemainingQuantity || paid < 0 || qty < 0 {
		return commerce.Money{}, fieldErr("explanation: remaining", "the refunds leave %d and %d units", paid, qty)
	}
	base := decimal.Zero
	switch {
	case qty == 0 || e.Paid.IsPositive() && paid == 0:
	case e.Basis == PaidBasis:
		base = decimal.NewFromInt(paid)
	case e.Paid.IsZero():
		base = decimal.NewFromInt(e.List.Units()).Mul(decimal.NewFromInt(qty)).Div(decimal.NewFromInt(e.Quantity))
	default:
		exact := decimal.NewFromInt(e.List.Units()).Mul(decimal.NewFromInt(paid)).DivRound(decimal.NewFromInt(e.Paid.Units()), 40)
		m, err := commerce.FromDecimal(exact.Shift(-int32(c.Exponent())), c, e.Rounding)
		if err != nil {
			return commerce.Money{}, err
		}
		base = decimal.NewFromInt(m.Units())
	}
	if !base.Equal(decimal.NewFromInt(e.Base.Units())) {
		return commerce.Money{}, fieldErr("explanation: base", "%v, the line gives %s minor units", e.Base, base)
	}
	var exact decimal.Decimal
	switch {
	case base.IsZero():
		exact = decimal.Zero
	case e.Reward.isFixed():
		exact = e.Reward.PerUnit.Decimal().Mul(decimal.NewFromInt(qty))
	default:
		exact = e.Base.Decimal().Mul(e.Reward.Rate.Decimal())
	}
	if !exact.Equal(e.Exact) {
		return commerce.Money{}, fieldErr("explanation: exact", "%s, the reward gives %s", e.Exact, exact)
	}
	rounded, err := commerce.FromDecimal(exact, c, e.Rounding)
	if err != nil {
		return commerce.Money{}, err
	}
	if rounded != e.Rounded {
		return commerce.Money{}, fieldErr("explanation: rounded", "%v, rounding %v gives %v", e.Rounded, e.Rounding, rounded)
	}
	if !rounded.Decimal().Sub(exact).Equal(e.Residue) {
		return commerce.Money{}, fieldErr("explanation: residue", "%s, rounding leaves %s", e.Residue, rounded.Decimal().Sub(exact))
	}
	capped := rounded
	if e.Cap != Uncapped && e.Room.Units() < capped.Units() {
		capped = e.Room
	}
	if capped != e.Capped {
		return commerce.Money{}, fieldErr("explanation: capped", "%v, the room gives %v", e.Capped, capped)
	}
	if e.Index < 0 || e.Index >= len(e.LineShares) || e.LineShares[e.Index] != capped {
		return commerce.Money{}, fieldErr("explanation: line shares", "do not hold the capped amount %v at %d", capped, e.Index)
	}
	limit := decimal.NewFromInt(paid).Mul(e.Ceiling.Decimal()).Floor()
	if base.LessThan(limit) {
		limit = base
	}
	weights := make([]int64, len(e.LineShares))
	var sum int64
	for j, v := range e.LineShares {
		weights[j] = v.Units()
		sum += v.Units()
	}
	if !limit.Equal(decimal.NewFromInt(e.Limit.Units())) || e.Cut != decimal.NewFromInt(sum).GreaterThan(limit) {
		return commerce.Money{}, fieldErr("explanation: limit", "%v (cut %t), the ceiling gives %s minor units", e.Limit, e.Cut, limit)
	}
	amount := capped
	if e.Cut {
		parts, err := commerce.MustNewMoney(limit.IntPart(), c).Allocate(weights...)
		if err != nil {
			return commerce.Money{}, err
		}
		amount = parts[e.Index]
	}
	if amount != e.Amount {
		return commerce.Money{}, fieldErr("explanation: amount", "%v, the derivation gives %v", e.Amount, amount)
	}
	return amount, nil
}

// String formats the derivation, one step per line.
func (e Explanation) String() string {
	var b strings.Builder
	what := "line " + e.Line
	if e.Shipping {
		what = "shipping"
	}
	level := fmt.Sprintf("level %d", e.Level)
	if e.Level == 0 {
		level = "differential"
	}
	fmt.Fprintf(&b, "order %s, %s: %s (%v), %s, %v from %v\n", e.Order, what, e.Beneficiary, e.Tier, level, e.Reward, e.Source)
	fmt.Fprintf(&b, "  line: %d units, paid %v, list %v; %v basis\n", e.Quantity, e.Paid, e.List, e.Basis)
	for _, r := range e.Refunds {
		fmt.Fprintf(&b, "  refund %s: %d units, %v\n", r.Key, r.Quantity, r.Amount)
	}
	fmt.Fprintf(&b, "  base %v on %d units and %v paid\n", e.Base, e.RemainingQuantity, e.RemainingPaid)
	fmt.Fprintf(&b, "  exact %s, rounded %v to %v (residue %s)\n", e.Exact.String(), e.Rounding, e.Rounded, e.Residue.String())
	if e.Cap != Uncapped {
		fmt.Fprintf(&b, "  %v cap: room %v, capped %v\n", e.Cap, e.Room, e.Capped)
	}
	if e.Cut {
		fmt.Fprintf(&b, "  ceiling %v: line limit %v, cut\n", e.Ceiling, e.Limit)
	}
	fmt.Fprintf(&b, "  amount %v, %s", e.Amount, e.Hold)
	for _, r := range e.Reversals {
		fmt.Fprintf(&b, "\n  reversed %v by %s", r.Amount, r.Key)
	}
	return b.String()
}
