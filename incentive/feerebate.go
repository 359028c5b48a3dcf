package incentive

import (
	"fmt"
	"math/bits"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// RebatePlan is a service-provider rebate as data: for each order of a
// store bound to a provider, in the plan's window, the provider earns
// (fee rate − Threshold) × actual payment, never less than zero. WeChat
// Store's January 2025 incentive is (rate − 0.6%) × payment for 360
// natural days after the store's first transaction.
type RebatePlan struct {
	// ID and Version name the plan; Source says where it comes from.
	ID, Version, Source string
	// Effective is the plan's effective period, a FixedPeriod window;
	// orders paid outside it earn nothing.
	Effective FeeWindow
	// Location is where natural days begin.
	Location *time.Location
	// Currency must be the fee plan's.
	Currency commerce.Currency
	// Threshold is the rate kept by the platform (0.6%, the payment
	// channel's); a part priced at or below it earns nothing.
	Threshold commerce.Rate
	// Window is when an order earns, such as 360 natural days from the
	// store's first sale; the zero window is the effective period.
	Window FeeWindow
	// Rounding rounds each order's rebate, once.
	Rounding commerce.RoundingMode
}

// CompiledRebatePlan is a validated [RebatePlan]. It is immutable and
// safe for concurrent use.
type CompiledRebatePlan struct {
	plan RebatePlan
	tc   uint64 // the threshold's coefficient at scale ts
	ts   uint8
}

// CompileRebatePlan validates p: its head as for [CompileFeePlan], a
// threshold within 0% to 100% ([CodeRateOver100]), a rounding mode and a
// valid window. Errors are *[ProgrammeError].
func CompileRebatePlan(p RebatePlan) (*CompiledRebatePlan, error) {
	pe := feeCheckHead(p.ID, p.Version, p.Source, p.Effective, p.Location, p.Currency)
	if pe == nil {
		pe = feeCheckRate("threshold", p.Threshold)
	}
	if pe == nil {
		pe = feeCheckRounding(p.Rounding)
	}
	if pe == nil && p.Window != (FeeWindow{}) {
		pe = p.Window.validate("window")
	}
	if pe != nil {
		pe.Programme, pe.Version = p.ID, p.Version
		return nil, pe
	}
	tc, ts := feeRateParts(p.Threshold)
	return &CompiledRebatePlan{plan: p, tc: uint64(tc), ts: ts}, nil
}

// feeCheckRounding checks a required rounding mode.
func feeCheckRounding(m commerce.RoundingMode) *ProgrammeError {
	switch {
	case m == 0:
		return progErr(CodeMissing, "rounding", "required")
	case !m.Valid():
		return progErr(CodeMalformed, "rounding", "%v is not a rounding mode", m)
	}
	return nil
}

// Plan returns the plan the compiled form was built from.
func (r *CompiledRebatePlan) Plan() RebatePlan { return r.plan }

// RebateStatus says whether an order earned a rebate, or why not.
type RebateStatus uint8

// The statuses.
const (
	// RebateApplied: some part of the order was priced above the
	// threshold, in the window.
	RebateApplied RebateStatus = iota + 1
	// RebateNoProvider: the store is bound to no provider.
	RebateNoProvider
	// RebateNotInEffect: the order was paid outside the plan's effective
	// period.
	RebateNotInEffect
	// RebateNoEvent: the window counts from a store event the order does
	// not give.
	RebateNoEvent
	// RebateOutsideWindow: the order was paid outside the window.
	RebateOutsideWindow
	// RebateAtOrBelowThreshold: every part was priced at or below the
	// threshold; the rebate is zero, never negative.
	RebateAtOrBelowThreshold
	numRebateStatuses
)

var rebateStatusNames = [numRebateStatuses]string{"", "applied", "no-provider", "not-in-effect", "no-event", "outside-window", "at-or-below-threshold"}

// String returns the status's name, such as "outside-window".
func (s RebateStatus) String() string {
	if s > 0 && s < numRebateStatuses {
		return rebateStatusNames[s]
	}
	return fmt.Sprintf("RebateStatus(%d)", uint8(s))
}

// RebateQuote is the provider rebate of one order: per fee part, the
// part's share of the actual payment times (part rate − threshold), or
// zero when that is not positive; summed exactly and rounded once.
type RebateQuote struct {
	plan   *CompiledRebatePlan
	quote  FeeQuote
	status RebateStatus
	scale  uint8
	paid   [MaxAllowances + 1]int64  // the payment's share of each part
	c      [MaxAllowances + 1]uint64 // (rate − threshold)⁺ at scale
	exHi   uint64
	exLo   uint64
	rebate commerce.Money
}

// Rebate computes the provider rebate on a fee quote. The actual payment
// is split over the quote's parts in proportion to them (largest
// remainder, ties to the earlier part) when the base includes a subsidy;
// otherwise each part is paid in full. A quote of another currency wraps
// [commerce.ErrCurrencyMismatch]; an order that does not qualify gets a
// zero rebate and a status that says why.
func (r *CompiledRebatePlan) Rebate(q FeeQuote) (RebateQuote, error) {
	if q.plan == nil {
		return RebateQuote{}, fieldErr("quote", "the zero FeeQuote")
	}
	p := &r.plan
	rq := RebateQuote{plan: r, quote: q, rebate: feeMoney(0, p.Currency)}
	if q.plan.plan.Currency != p.Currency {
		return RebateQuote{}, fmt.Errorf("incentive: rebate %s@%s: quote of %s@%s: %w", p.ID, p.Version, q.plan.plan.ID, q.plan.plan.Version,
			&commerce.MismatchError{A: p.Currency, B: q.plan.plan.Currency})
	}
	o := &q.order
	switch {
	case o.Provider == "":
		rq.status = RebateNoProvider
		return rq, nil
	case !feeContains(o.PaidAt, p.Effective.From, p.Effective.To):
		rq.status = RebateNotInEffect
		return rq, nil
	}
	if p.Window.Kind != 0 {
		from, to, ok := p.Window.bounds(o.StoreOpened, o.FirstSale, p.Location)
		if !ok {
			rq.status = RebateNoEvent
			return rq, nil
		}
		if !feeContains(o.PaidAt, from, to) {
			rq.status = RebateOutsideWindow
			return rq, nil
		}
	}
	rq.scale = max(q.plan.scale, r.ts)
	t := r.tc * feePow10[rq.scale-r.ts]
	var w [MaxAllowances + 1]int64
	for i, part := range q.parts[:q.n] {
		w[i] = part.Amount.Units()
		c := q.cs[i] * feePow10[rq.scale-q.plan.scale]
		if c > t {
			rq.c[i] = c - t
		}
	}
	if q.base.Units() == o.Paid.Units() {
		rq.paid = w
	} else {
		feeApportion(o.Paid.Units(), w[:q.n], rq.paid[:q.n])
	}
	rq.exHi, rq.exLo = feeDot(rq.paid[:q.n], rq.c[:q.n])
	rq.rebate = feeMoney(int64(feeRound(rq.exHi, rq.exLo, feePow10[rq.scale], p.Rounding)), p.Currency)
	rq.status = RebateApplied
	if rq.exHi == 0 && rq.exLo == 0 {
		rq.status = RebateAtOrBelowThreshold
	}
	return rq, nil
}

// Rebate returns the rebate: zero unless the status is RebateApplied.
func (rq RebateQuote) Rebate() commerce.Money { return rq.rebate }

// Status returns whether the order earned, or why not.
func (rq RebateQuote) Status() RebateStatus { return rq.status }

// Quote returns the fee quote the rebate was computed on.
func (rq RebateQuote) Quote() FeeQuote { return rq.quote }

type rebatePartJSON struct {
	Paid       string `json:"paid"`
	FeeRate    string `json:"fee-rate"`
	RebateRate string `json:"rebate-rate"`
}

type rebateQuoteJSON struct {
	Plan      string           `json:"plan"`
	Source    string           `json:"source"`
	Order     string           `json:"order"`
	Provider  string           `json:"provider"`
	Status    string           `json:"status"`
	Threshold string           `json:"threshold"`
	Parts     []rebatePartJSON `json:"parts"`
	Exact     string           `json:"exact-rebate"`
	Rounding  string           `json:"rounding"`
	Rebate    string           `json:"rebate"`
}

// MarshalJSON writes the rebate's explanation with a fixed field order:
// the plan, the order and provider, the status, and per part the
// payment's share, the fee rate and the rebate rate (rate − threshold,
// floored at 0%), the exact rebate, the rounding and the rebate.
func (rq RebateQuote) MarshalJSON() ([]byte, error) {
	if rq.plan == nil {
		return []byte("null"), nil
	}
	p := &rq.plan.plan
	out := rebateQuoteJSON{
		Plan: p.ID + "@" + p.Version, Source: p.Source,
		Order: rq.quote.order.ID, Provider: rq.quote.order.Provider,
		Status: rq.status.String(), Threshold: p.Threshold.String(),
		Parts:    []rebatePartJSON{},
		Exact:    feeDecimal(rq.exHi, rq.exLo, rq.scale) + " minor units",
		Rounding: p.Rounding.String() + ", once per order",
		Rebate:   rq.rebate.String(),
	}
	if rq.status == RebateApplied || rq.status == RebateAtOrBelowThreshold {
		for i, part := range rq.quote.parts[:rq.quote.n] {
			rr := commerce.BasisPoints(0)
			if rq.c[i] != 0 {
				rr, _ = commerce.ParseRate(feeDecimal(0, rq.c[i], rq.scale))
			}
			out.Parts = append(out.Parts, rebatePartJSON{
				Paid: feeMoney(rq.paid[i], p.Currency).String(), FeeRate: part.Rate.String(), RebateRate: rr.String(),
			})
		}
	}
	return feeEncode(out)
}

// feeDot returns Σ v[i] × c[i] as a 128-bit hi:lo; v[i] ≥ 0 and the
// caller keeps the sum below 2^127.
func feeDot(v []int64, c []uint64) (hi, lo uint64) {
	for i := range v {
		h, l := bits.Mul64(uint64(v[i]), c[i])
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + carry
	}
	return hi, lo
}

// feeApportion splits total over the weights w in proportion to them, by
// largest remainder with ties to the earlier weight, into out. It needs
// 0 ≤ total ≤ Σw, w[i] ≥ 0 and Σw within int64, and then every share is
// at most its weight and the shares sum to total.
func feeApportion(total int64, w []int64, out []int64) {
	var sum int64
	for _, x := range w {
		sum += x
	}
	if sum == 0 {
		clear(out)
		return
	}
	var rems [MaxAllowances + 1]uint64
	left := total
	for i, x := range w {
		hi, lo := bits.Mul64(uint64(total), uint64(x))
		q, r := bits.Div64(hi, lo, uint64(sum))
		out[i], rems[i] = int64(q), r
		left -= int64(q)
	}
	// At most len(w)-1 minor units are left; give them out by largest
	// remainder, earlier index first on ties.
	for ; left > 0; left-- {
		best := -1
		for i := range w {
			if rems[i] > 0 && (best < 0 || rems[i] > rems[best]) {
				best = i
			}
		}
		out[best]++
		rems[best] = 0
	}
}

// CashbackEntity says who earns a cashback on a merchant's fees.
type CashbackEntity uint8

// The entities.
const (
	// CashbackMerchant: the merchant that paid the fee.
	CashbackMerchant CashbackEntity = iota + 1
	// CashbackProvider: the service provider the store is bound to.
	CashbackProvider
	// CashbackMCN: the store's MCN agency.
	CashbackMCN
	numCashbackEntities
)

var cashbackEntityNames = [numCashbackEntities]string{"", "merchant", "provider", "mcn"}

// String returns "merchant", "provider" or "mcn".
func (e CashbackEntity) String() string {
	if e > 0 && e < numCashbackEntities {
		return cashbackEntityNames[e]
	}
	return fmt.Sprintf("CashbackEntity(%d)", uint8(e))
}

// CashbackPlan pays an entity a share, at most 100%, of the technical
// service fee of orders paid in its effective period ("up to 100%
// cashback of the technical service fee" for merchants, providers and
// MCNs).
type CashbackPlan struct {
	// ID and Version name the plan; Source says where it comes from.
	ID, Version, Source string
	// Effective is the period whose orders earn, a FixedPeriod window.
	Effective FeeWindow
	// Location is the plan's location, for its times.
	Location *time.Location
	// Currency must be the fee plan's.
	Currency commerce.Currency
	// Entity says who earns.
	Entity CashbackEntity
	// Rate is the share of the fee, 0 to 100%.
	Rate commerce.Rate
	// Rounding rounds each fee line's cashback once (see [FeeLedger]);
	// only the modes symmetric about zero (HalfUp, HalfEven, Down, Up)
	// are accepted, so that a reversal mirrors its accrual.
	Rounding commerce.RoundingMode
}

// CompiledCashbackPlan is a validated [CashbackPlan]. It is immutable
// and safe for concurrent use.
type CompiledCashbackPlan struct {
	plan CashbackPlan
}

// CompileCashbackPlan validates p: its head as for [CompileFeePlan], an
// entity, a rate within 0% to 100% ([CodeRateOver100]) and a symmetric
// rounding mode. Errors are *[ProgrammeError].
func CompileCashbackPlan(p CashbackPlan) (*CompiledCashbackPlan, error) {
	pe := feeCheckHead(p.ID, p.Version, p.Source, p.Effective, p.Location, p.Currency)
	switch {
	case pe != nil:
	case p.Entity == 0:
		pe = progErr(CodeMissing, "entity", "required: merchant, provider or mcn")
	case p.Entity >= numCashbackEntities:
		pe = progErr(CodeMalformed, "entity", "%v is not an entity", p.Entity)
	default:
		pe = feeCheckRate("rate", p.Rate)
	}
	if pe == nil {
		pe = feeCheckRounding(p.Rounding)
	}
	if pe == nil && (p.Rounding == commerce.Floor || p.Rounding == commerce.Ceiling) {
		pe = progErr(CodeMalformed, "rounding", "%v is not symmetric about zero: a reversal would not mirror its accrual", p.Rounding)
	}
	if pe != nil {
		pe.Programme, pe.Version = p.ID, p.Version
		return nil, pe
	}
	return &CompiledCashbackPlan{plan: p}, nil
}

// Plan returns the plan the compiled form was built from.
func (c *CompiledCashbackPlan) Plan() CashbackPlan { return c.plan }

// party returns who earns on o, or "" when no one does.
func (c *CompiledCashbackPlan) party(o *FeeOrder) string {
	if !feeContains(o.PaidAt, c.plan.Effective.From, c.plan.Effective.To) {
		return ""
	}
	switch c.plan.Entity {
	case CashbackMerchant:
		return o.Merchant
	case CashbackProvider:
		return o.Provider
	}
	return o.MCN
}

// Cashback returns who earns on the quote's order and how much: the fee
// times the rate, rounded once with the plan's mode. The party is empty
// (and the amount zero) for an order paid outside the period or without
// the entity. A quote of another currency wraps
// [commerce.ErrCurrencyMismatch].
func (c *CompiledCashbackPlan) Cashback(q FeeQuote) (party string, amount commerce.Money, err error) {
	if q.plan == nil {
		return "", commerce.Money{}, fieldErr("quote", "the zero FeeQuote")
	}
	if q.plan.plan.Currency != c.plan.Currency {
		return "", commerce.Money{}, fmt.Errorf("incentive: cashback %s@%s: quote of %s@%s: %w", c.plan.ID, c.plan.Version,
			q.plan.plan.ID, q.plan.plan.Version, &commerce.MismatchError{A: c.plan.Currency, B: q.plan.plan.Currency})
	}
	party = c.party(&q.order)
	if party == "" {
		return "", feeMoney(0, c.plan.Currency), nil
	}
	amount, err = q.fee.MulRate(c.plan.Rate, c.plan.Rounding)
	return party, amount, err
}
