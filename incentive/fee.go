package incentive

import (
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// FeeOrder is one paid order as a fee plan sees it: who sold, in which
// category, when it was paid, what the buyer paid, and the store facts
// that windows count from.
type FeeOrder struct {
	// ID identifies the order; Merchant and Store say who sold it. A
	// merchant's stores share a per-merchant cap.
	ID, Merchant, Store string
	// Category selects the row of the plan's rate table.
	Category string
	// PaidAt is when the order was paid: it places the order in windows,
	// in the canonical order of cap consumption and in a settlement cycle.
	PaidAt time.Time
	// Paid is what the buyer actually paid, freight included.
	Paid commerce.Money
	// Subsidy is the platform's payment subsidy on the order; it joins
	// the base under [BasePaidPlusSubsidy] and is ignored otherwise. The
	// zero Money is none.
	Subsidy commerce.Money
	// StoreOpened and FirstSale are when the store opened and made its
	// first transaction: natural-day windows count from them. Zero when
	// not known; a window that needs one then does not apply.
	StoreOpened, FirstSale time.Time
	// Provider and MCN are the service provider the store is bound to and
	// its MCN agency, or empty: rebates and cashback go to them.
	Provider, MCN string
}

// CapUse is how much of each allowance's cap is consumed before an order,
// indexed like [FeePlan.Allowances], each in the allowance's own scope
// (the merchant's total for a per-merchant cap, the store's for a
// per-store one). The zero CapUse is nothing consumed. [FeeLedger]
// tracks it across orders.
type CapUse [MaxAllowances]commerce.Money

// AllowanceStatus says what an allowance did for an order, and why not
// when it did nothing.
type AllowanceStatus uint8

// The statuses.
const (
	// AllowanceApplied: the allowance took part of the base.
	AllowanceApplied AllowanceStatus = iota + 1
	// AllowanceOutsideWindow: the order was paid outside its window.
	AllowanceOutsideWindow
	// AllowanceNoEvent: its window counts from a store event (opening,
	// first sale) that the order does not give.
	AllowanceNoEvent
	// AllowanceCapUsed: its cap was used up before the order.
	AllowanceCapUsed
	// AllowanceNotNeeded: earlier allowances left nothing of the base (or
	// the base is zero).
	AllowanceNotNeeded
	numAllowanceStatuses
)

var allowanceStatusNames = [numAllowanceStatuses]string{"", "applied", "outside-window", "no-event", "cap-used", "not-needed"}

// String returns "applied", "outside-window", "no-event", "cap-used" or
// "not-needed".
func (s AllowanceStatus) String() string {
	if s > 0 && s < numAllowanceStatuses {
		return allowanceStatusNames[s]
	}
	return fmt.Sprintf("AllowanceStatus(%d)", uint8(s))
}

// FeePart is one part of an order's base and the rate it bears.
type FeePart struct {
	// Amount is the part of the base, in minor units of the plan's
	// currency; an order's parts sum to its base.
	Amount commerce.Money
	// Rate is the rate the part bears.
	Rate commerce.Rate
	// Allowance is the index of the allowance that priced the part in
	// [FeePlan.Allowances], or -1 for the rate table.
	Allowance int
	// CategoryRate is the table's rate for the order's category.
	CategoryRate commerce.Rate
	// Floor says that the allowance's KeepLowerRate kept CategoryRate,
	// which is below the allowance's rate.
	Floor bool
}

// FeeQuote is the technical service fee of one order under one plan: the
// base split into parts, each with its rate, and the fee, Σ part × rate
// computed exactly and rounded once with the plan's mode. It is a value
// (no allocation to build one) and records what each allowance did and
// why, which [FeeQuote.MarshalJSON] spells out.
type FeeQuote struct {
	plan     *CompiledFeePlan
	order    FeeOrder
	base     commerce.Money
	parts    [MaxAllowances + 1]FeePart
	cs       [MaxAllowances + 1]uint64 // the parts' rates at the plan's scale
	n        uint8
	status   [MaxAllowances]AllowanceStatus
	before   CapUse
	took     [MaxAllowances]int64
	exHi     uint64 // the exact fee, hi:lo / 10^plan.scale
	exLo     uint64
	fee      commerce.Money
	fromDflt bool // the category's rate is the table's default
}

// Quote prices order o under the plan, with used the cap consumption
// before o in each allowance's scope. Allowances are tried in declared
// order: each in its window (and with cap left) takes min(what is left of
// the base, what is left of its cap) at its rate, or at the category's
// rate when that is lower and the allowance keeps lower rates; the table
// takes the rest. An order that crosses a cap is so split at the exact
// minor unit: fee = rate₁ × part below + category rate × part above.
//
// Errors: a malformed order or usage is a *[commerce.FieldError]
// ([commerce.ErrInvalid]); amounts in another currency wrap
// [commerce.ErrCurrencyMismatch]; an order paid outside the plan's
// effective period wraps [ErrUnknownVersion]; a category the table does
// not cover wraps [ErrUnknownCategory]. A base beyond int64 is
// [commerce.ErrOverflow]. Quote allocates only to report an error.
func (c *CompiledFeePlan) Quote(o FeeOrder, used CapUse) (FeeQuote, error) {
	if err := c.checkOrder(&o, &used); err != nil {
		return FeeQuote{}, err
	}
	base := o.Paid
	if c.plan.Base == BasePaidPlusSubsidy && o.Subsidy != (commerce.Money{}) {
		var err error
		if base, err = base.Add(o.Subsidy); err != nil {
			return FeeQuote{}, fmt.Errorf("incentive: order %q: base: %w", o.ID, err)
		}
	}
	cat, ok := c.rates[o.Category]
	fromDflt := false
	if !ok {
		if !c.hasDef {
			return FeeQuote{}, fmt.Errorf("incentive: plan %s@%s: order %q: category %q: %w", c.plan.ID, c.plan.Version, o.ID, o.Category, ErrUnknownCategory)
		}
		cat, fromDflt = c.def, true
	}
	q := FeeQuote{plan: c, order: o, base: base, before: used, fromDflt: fromDflt}
	rem := base.Units()
	cur := c.plan.Currency
	for i := range c.plan.Allowances {
		a := &c.plan.Allowances[i]
		if a.Window.Kind != 0 {
			from, to, ok := a.Window.bounds(o.StoreOpened, o.FirstSale, c.plan.Location)
			if !ok {
				q.status[i] = AllowanceNoEvent
				continue
			}
			if !feeContains(o.PaidAt, from, to) {
				q.status[i] = AllowanceOutsideWindow
				continue
			}
		}
		take := rem
		if a.Cap != (commerce.Money{}) {
			left := a.Cap.Units() - used[i].Units()
			if left <= 0 {
				q.status[i] = AllowanceCapUsed
				continue
			}
			take = min(take, left)
		}
		if take == 0 {
			q.status[i] = AllowanceNotNeeded
			continue
		}
		q.status[i] = AllowanceApplied
		q.took[i] = take
		rem -= take
		r, floor := c.allow[i], false
		if a.KeepLowerRate && cat.c < r.c {
			r, floor = cat, true
		}
		q.add(FeePart{Amount: feeMoney(take, cur), Rate: r.rate, Allowance: i, CategoryRate: cat.rate, Floor: floor}, r.c)
	}
	if rem > 0 {
		q.add(FeePart{Amount: feeMoney(rem, cur), Rate: cat.rate, Allowance: -1, CategoryRate: cat.rate}, cat.c)
	}
	q.fee = feeMoney(int64(feeRound(q.exHi, q.exLo, c.pow, c.plan.Rounding)), cur)
	return q, nil
}

// add appends a part and its exact fee, amount × c / 10^scale.
func (q *FeeQuote) add(p FeePart, c uint64) {
	q.parts[q.n] = p
	q.cs[q.n] = c
	q.n++
	hi, lo := bits.Mul64(uint64(p.Amount.Units()), c)
	var carry uint64
	q.exLo, carry = bits.Add64(q.exLo, lo, 0)
	q.exHi += hi + carry
}

// feeMoney is units of c, a currency known to be valid.
func feeMoney(units int64, c commerce.Currency) commerce.Money {
	m, _ := commerce.NewMoney(units, c)
	return m
}

// checkOrder validates an order and a usage against the plan. It builds
// field names only on failure, so that a valid order costs no allocation.
func (c *CompiledFeePlan) checkOrder(o *FeeOrder, used *CapUse) error {
	if err := checkID("order: id", o.ID); err != nil {
		return err
	}
	field := func(name string) string { return fmt.Sprintf("order %q: %s", o.ID, name) }
	if ident.Problem(o.Merchant) != "" {
		return checkID(field("merchant"), o.Merchant)
	}
	if ident.Problem(o.Store) != "" {
		return checkID(field("store"), o.Store)
	}
	if o.PaidAt.IsZero() {
		return fieldErr(field("paid at"), "required")
	}
	cur := c.plan.Currency
	if !feeAmountOK(o.Paid, cur, true) {
		return feeCheckAmount(field("paid"), o.Paid, cur, true)
	}
	if !feeAmountOK(o.Subsidy, cur, false) {
		return feeCheckAmount(field("subsidy"), o.Subsidy, cur, false)
	}
	for i := range used {
		if !feeAmountOK(used[i], cur, false) {
			return feeCheckAmount(fmt.Sprintf("cap use[%d]", i), used[i], cur, false)
		}
	}
	if eff := c.plan.Effective; !feeContains(o.PaidAt, eff.From, eff.To) {
		return fmt.Errorf("incentive: plan %s@%s: order %q paid at %s, outside its effective period %s: %w",
			c.plan.ID, c.plan.Version, o.ID, feeTime(o.PaidAt.In(c.plan.Location)), c.window(eff.From, eff.To), ErrUnknownVersion)
	}
	return nil
}

// feeAmountOK reports whether feeCheckAmount would pass m.
func feeAmountOK(m commerce.Money, c commerce.Currency, required bool) bool {
	return m == (commerce.Money{}) && !required || m.Currency() == c && !m.IsNegative()
}

// feeCheckAmount checks that m is a non-negative amount of c; the zero
// Money passes unless required.
func feeCheckAmount(field string, m commerce.Money, c commerce.Currency, required bool) error {
	switch {
	case m == (commerce.Money{}) && !required:
		return nil
	case m.Currency() != c:
		if !m.Currency().Valid() {
			return fieldErr(field, "required, in %v", c)
		}
		return &commerce.FieldError{Field: field, Err: &commerce.MismatchError{A: c, B: m.Currency()}}
	case m.IsNegative():
		return fieldErr(field, "negative amount %v", m)
	}
	return nil
}

// Plan returns the compiled plan that made the quote.
func (q FeeQuote) Plan() *CompiledFeePlan { return q.plan }

// Order returns the order quoted.
func (q FeeQuote) Order() FeeOrder { return q.order }

// Base returns the order's base: the paid amount, plus the subsidy under
// [BasePaidPlusSubsidy].
func (q FeeQuote) Base() commerce.Money { return q.base }

// Fee returns the order's technical service fee.
func (q FeeQuote) Fee() commerce.Money { return q.fee }

// ExactFee returns Σ part × rate before rounding, in minor units of the
// plan's currency, as an exact plain decimal: "324.5" is 324.5 fen.
func (q FeeQuote) ExactFee() string {
	if q.plan == nil {
		return "0"
	}
	return feeDecimal(q.exHi, q.exLo, q.plan.scale)
}

// Parts returns the parts of the base, allowances first in declared
// order, then the table; they sum to the base. The slice is a copy.
func (q FeeQuote) Parts() []FeePart { return slices.Clone(q.parts[:q.n]) }

// Status returns what allowance i did for the order, or 0 when the plan
// has no allowance i.
func (q FeeQuote) Status(i int) AllowanceStatus {
	if i < 0 || i >= len(q.status) {
		return 0
	}
	return q.status[i]
}

// Consumed returns what the order took of each allowance's cap.
func (q FeeQuote) Consumed() CapUse {
	var out CapUse
	if q.plan == nil {
		return out
	}
	for i := range q.plan.plan.Allowances {
		out[i] = feeMoney(q.took[i], q.plan.plan.Currency)
	}
	return out
}

// window formats [from, to) in the plan's location.
func (c *CompiledFeePlan) window(from, to time.Time) string {
	end := "∞"
	if !to.IsZero() {
		end = feeTime(to.In(c.plan.Location))
	}
	return "[" + feeTime(from.In(c.plan.Location)) + ", " + end + ")"
}

type feePartJSON struct {
	Amount   string `json:"amount"`
	Rate     string `json:"rate"`
	By       string `json:"by"`
	Why      string `json:"why"`
	ExactFee string `json:"exact-fee"`
}

type feeAllowanceJSON struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Why        string `json:"why"`
	Rate       string `json:"rate"`
	Window     string `json:"window"`
	Cap        string `json:"cap,omitempty"`
	Scope      string `json:"scope,omitempty"`
	UsedBefore string `json:"used-before,omitempty"`
	Consumed   string `json:"consumed,omitempty"`
	Remaining  string `json:"remaining,omitempty"`
}

type feeQuoteJSON struct {
	Plan         string             `json:"plan"`
	Source       string             `json:"source"`
	Order        string             `json:"order"`
	Merchant     string             `json:"merchant"`
	Store        string             `json:"store"`
	PaidAt       string             `json:"paid-at"`
	Category     string             `json:"category"`
	CategoryRate string             `json:"category-rate"`
	BaseKind     string             `json:"base-kind"`
	Base         string             `json:"base"`
	Parts        []feePartJSON      `json:"parts"`
	Allowances   []feeAllowanceJSON `json:"allowances"`
	ExactFee     string             `json:"exact-fee"`
	Rounding     string             `json:"rounding"`
	Fee          string             `json:"fee"`
}

// MarshalJSON writes the quote's explanation as JSON with a fixed field
// order: the plan and its source, the order, the category's rate and
// where it comes from, each part with its rate and why, each allowance
// with what it did or why it did nothing (its window, cap, consumption
// before and by the order, and what remains), the exact fee, the rounding
// and the fee. Amounts are written as "CNY 3.24", rates as "0.6%", times
// in the plan's location; the output depends on nothing but the quote.
func (q FeeQuote) MarshalJSON() ([]byte, error) {
	if q.plan == nil {
		return []byte("null"), nil
	}
	c := q.plan
	p := &c.plan
	o := q.order
	catWhy := fmt.Sprintf("%v: table row %q", c.catRate(o.Category), o.Category)
	if q.fromDflt {
		catWhy = fmt.Sprintf("%v: table default (%q is not listed)", c.def.rate, o.Category)
	}
	out := feeQuoteJSON{
		Plan: p.ID + "@" + p.Version, Source: p.Source,
		Order: o.ID, Merchant: o.Merchant, Store: o.Store,
		PaidAt:   feeTime(o.PaidAt.In(p.Location)),
		Category: o.Category, CategoryRate: catWhy,
		BaseKind: p.Base.String(), Base: q.base.String(),
		Parts:    make([]feePartJSON, 0, q.n),
		ExactFee: feeDecimal(q.exHi, q.exLo, c.scale) + " minor units",
		Rounding: p.Rounding.String() + ", once per order",
		Fee:      q.fee.String(),
	}
	for i, part := range q.parts[:q.n] {
		pj := feePartJSON{Amount: part.Amount.String(), Rate: part.Rate.String()}
		hi, lo := bits.Mul64(uint64(part.Amount.Units()), q.cs[i])
		pj.ExactFee = feeDecimal(hi, lo, c.scale) + " minor units"
		switch {
		case part.Allowance < 0:
			pj.By = "table"
			pj.Why = "the category's rate"
			if q.capped() {
				pj.Why = "the category's rate on the base past the allowances"
			}
		case part.Floor:
			a := p.Allowances[part.Allowance]
			pj.By = "allowance " + a.ID
			pj.Why = fmt.Sprintf("the category's own %v, below the allowance's %v, is kept", part.CategoryRate, a.Rate)
		default:
			pj.By = "allowance " + p.Allowances[part.Allowance].ID
			pj.Why = "the allowance's reduced rate"
		}
		out.Parts = append(out.Parts, pj)
	}
	out.Allowances = make([]feeAllowanceJSON, 0, len(p.Allowances))
	for i, a := range p.Allowances {
		out.Allowances = append(out.Allowances, q.allowanceJSON(i, a))
	}
	return feeEncode(out)
}

// catRate is the table's rate for a category (the default when not
// listed).
func (c *CompiledFeePlan) catRate(category string) commerce.Rate {
	if r, ok := c.rates[category]; ok {
		return r.rate
	}
	return c.def.rate
}

// capped reports whether some allowance stopped at its cap in this
// order or before it.
func (q FeeQuote) capped() bool {
	for i, a := range q.plan.plan.Allowances {
		if q.status[i] == AllowanceCapUsed || q.status[i] == AllowanceApplied && a.Cap != (commerce.Money{}) &&
			q.before[i].Units()+q.took[i] == a.Cap.Units() {
			return true
		}
	}
	return false
}

func (q FeeQuote) allowanceJSON(i int, a FeeAllowance) feeAllowanceJSON {
	c := q.plan
	p := &c.plan
	o := q.order
	aj := feeAllowanceJSON{ID: a.ID, Status: q.status[i].String(), Rate: a.Rate.String()}
	if a.KeepLowerRate {
		aj.Rate += ", or the category's rate when lower"
	}
	switch a.Window.Kind {
	case 0:
		aj.Window = "the plan's effective period " + c.window(p.Effective.From, p.Effective.To)
	case FixedPeriod:
		aj.Window = c.window(a.Window.From, a.Window.To)
	default:
		event := "opening"
		if a.Window.Kind == DaysFromFirstSale {
			event = "first sale"
		}
		aj.Window = fmt.Sprintf("%d natural days from the store's %s", a.Window.Days, event)
		if from, to, ok := a.Window.bounds(o.StoreOpened, o.FirstSale, p.Location); ok {
			aj.Window += ": " + c.window(from, to)
		}
	}
	hasCap := a.Cap != (commerce.Money{})
	if hasCap {
		aj.Cap = a.Cap.String()
		aj.Scope = "per " + a.Scope.String()
		if a.Scope == CapPerMerchant {
			aj.Scope += ", shared across its stores"
		}
		aj.UsedBefore = q.before[i].String()
		if q.before[i] == (commerce.Money{}) {
			aj.UsedBefore = feeMoney(0, p.Currency).String()
		}
		aj.Consumed = feeMoney(q.took[i], p.Currency).String()
		aj.Remaining = feeMoney(max(0, a.Cap.Units()-q.before[i].Units()-q.took[i]), p.Currency).String()
	}
	switch q.status[i] {
	case AllowanceApplied:
		aj.Why = fmt.Sprintf("paid at %s, inside the window: it priced %v of the base", feeTime(o.PaidAt.In(p.Location)), feeMoney(q.took[i], p.Currency))
		if hasCap && q.before[i].Units()+q.took[i] == a.Cap.Units() {
			aj.Why += ", reaching its cap"
		}
	case AllowanceOutsideWindow:
		aj.Why = fmt.Sprintf("paid at %s, outside the window", feeTime(o.PaidAt.In(p.Location)))
	case AllowanceNoEvent:
		aj.Why = "the window counts from a store event the order does not give"
	case AllowanceCapUsed:
		aj.Why = fmt.Sprintf("the cap of %v was used up before the order", a.Cap)
	default:
		aj.Why = "nothing of the base was left for it"
	}
	return aj
}
