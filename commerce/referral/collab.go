package referral

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// ErrNoBreakEven reports a collaboration that never pays for itself: the
// merchant's gross margin does not exceed the commission and platform fee
// rates together, or every sale is returned, so no GMV covers the slot fee.
var ErrNoBreakEven = errors.New("no break-even")

// CollabDeal is a note-plus-live collaboration between a merchant and a
// creator (达人合作): the creator is paid a fixed slot fee (坑位费) for the
// notes and the live, and a commission on the sales they bring. The
// merchant supplies its gross margin, so that the deal's break-even can be
// found.
//
// Amounts are computed with Rounding as follows (each product is rounded
// once):
//
//	returns         R = GMV × ReturnRate
//	net sales       S = GMV − R
//	commission      C = S × CommissionRate        (on sales net of returns)
//	platform fee    F = S × PlatformFeeRate
//	creator's take  T = SlotFee + C
//	merchant net    N = S − T − F                 (before the cost of goods)
//	gross profit    G = S × GrossMargin
//	merchant profit M = G − T − F
//
// The break-even GMV is the GMV at which the merchant's margin on net
// sales covers the commission, the fee and the slot fee, in exact
// arithmetic: with r the return rate, m the margin, c the commission rate
// and f the fee rate,
//
//	GMV* = SlotFee / ((1 − r) × (m − c − f))
//
// rounded up to a minor unit ([commerce.Ceiling]), so that at the GMV
// reported the exact margin covers the costs, and one minor unit less it
// does not. When m ≤ c + f, or r is 100%, each sale adds nothing or loses
// money and there is no break-even ([ErrNoBreakEven]). A zero slot fee
// breaks even at zero GMV when m > c + f.
//
// The zero value is not valid: it has no GMV currency and no rounding mode.
type CollabDeal struct {
	// SlotFee is the fixed fee paid to the creator, not refunded on
	// returns. It must not be negative; the zero Money means none.
	SlotFee commerce.Money
	// CommissionRate is the creator's commission on net sales, from 0% to
	// 100%.
	CommissionRate commerce.Rate
	// PlatformFeeRate is the platform's technical service fee on net
	// sales, from 0% to 100%; zero to leave it out.
	PlatformFeeRate commerce.Rate
	// ExpectedGMV is the GMV the collaboration is expected to bring, before
	// returns. It must not be negative and it fixes the deal's currency.
	ExpectedGMV commerce.Money
	// ReturnRate is the share of GMV returned or refunded, from 0% to
	// 100%: platform figures quote 33% for live rooms.
	ReturnRate commerce.Rate
	// GrossMargin is the merchant's gross margin on net sales, (sales −
	// cost of goods) / sales, from 0% to 100%.
	GrossMargin commerce.Rate
	// Rounding rounds each product to a minor unit.
	Rounding commerce.RoundingMode
}

// Validate checks the deal: a non-negative expected GMV with a currency, a
// non-negative slot fee in the same currency, rates from 0% to 100%
// ([ErrRateOutOfRange]) and a defined rounding mode. Errors are
// *commerce.FieldError values that match [commerce.ErrInvalid], or
// [commerce.ErrCurrencyMismatch].
func (d CollabDeal) Validate() error {
	if err := checkBase("collab: expected GMV", d.ExpectedGMV); err != nil {
		return err
	}
	if d.SlotFee.IsNegative() {
		return fieldErr("collab: slot fee", "negative: %v", d.SlotFee)
	}
	if c := d.SlotFee.Currency(); c.Valid() && c != d.ExpectedGMV.Currency() {
		return fmt.Errorf("referral: collab: slot fee %v and expected GMV %v: %w",
			d.SlotFee, d.ExpectedGMV, &commerce.MismatchError{A: c, B: d.ExpectedGMV.Currency()})
	}
	for _, r := range [...]struct {
		field string
		rate  commerce.Rate
	}{
		{"collab: commission rate", d.CommissionRate},
		{"collab: platform fee rate", d.PlatformFeeRate},
		{"collab: return rate", d.ReturnRate},
		{"collab: gross margin", d.GrossMargin},
	} {
		if err := checkRate(r.field, r.rate); err != nil {
			return err
		}
	}
	if !d.Rounding.Valid() {
		return fieldErr("collab: rounding", "unknown %v", d.Rounding)
	}
	return nil
}

// CollabOutcome is what a collaboration yields at its expected GMV; the
// amounts are defined on [CollabDeal].
type CollabOutcome struct {
	// GMV is the expected GMV; Returns what is returned of it; NetSales
	// what is kept, GMV − Returns.
	GMV, Returns, NetSales commerce.Money
	// Commission is the creator's commission on NetSales; PlatformFee the
	// platform's fee on NetSales.
	Commission, PlatformFee commerce.Money
	// CreatorTake is the slot fee plus the commission.
	CreatorTake commerce.Money
	// MerchantNet is NetSales − CreatorTake − PlatformFee: what the
	// merchant keeps of its sales before the cost of goods. It may be
	// negative.
	MerchantNet commerce.Money
	// GrossProfit is NetSales × the gross margin; MerchantProfit is
	// GrossProfit − CreatorTake − PlatformFee, negative below break-even
	// (up to rounding).
	GrossProfit, MerchantProfit commerce.Money
	// BreakEven reports whether the deal has a break-even GMV; when false,
	// BreakEvenGMV is zero and [CollabDeal.BreakEvenGMV] returns
	// [ErrNoBreakEven].
	BreakEven bool
	// BreakEvenGMV is the least GMV, in minor units, at which the margin
	// covers the costs.
	BreakEvenGMV commerce.Money
}

// Evaluate computes the deal's outcome at its expected GMV, including its
// break-even. A deal without break-even is not an error here: the outcome
// says so with BreakEven false. Invalid deals are refused as
// [CollabDeal.Validate] says; a result outside the int64 range of minor
// units is [commerce.ErrOverflow].
func (d CollabDeal) Evaluate() (CollabOutcome, error) {
	if err := d.Validate(); err != nil {
		return CollabOutcome{}, err
	}
	gmv, mode := d.ExpectedGMV, d.Rounding
	// A rate of at most 100% of a non-negative amount cannot overflow, nor
	// can one non-negative amount less another: those errors are nil.
	returns, _ := gmv.MulRate(d.ReturnRate, mode)
	net, _ := gmv.Sub(returns)
	commission, _ := net.MulRate(d.CommissionRate, mode)
	fee, _ := net.MulRate(d.PlatformFeeRate, mode)
	gross, _ := net.MulRate(d.GrossMargin, mode)
	take, err := d.SlotFee.Add(commission)
	if err != nil {
		return CollabOutcome{}, fmt.Errorf("referral: collab: creator's take: %w", err)
	}
	costs, err := take.Add(fee)
	if err != nil {
		return CollabOutcome{}, fmt.Errorf("referral: collab: creator's take and platform fee: %w", err)
	}
	o := CollabOutcome{
		GMV: gmv, Returns: returns, NetSales: net,
		Commission: commission, PlatformFee: fee, CreatorTake: take,
		GrossProfit: gross,
	}
	o.MerchantNet, _ = net.Sub(costs)
	o.MerchantProfit, _ = gross.Sub(costs)
	o.BreakEvenGMV, err = d.breakEven()
	switch {
	case errors.Is(err, ErrNoBreakEven):
		o.BreakEvenGMV = commerce.Zero(d.ExpectedGMV.Currency())
	case err != nil:
		return CollabOutcome{}, err
	default:
		o.BreakEven = true
	}
	return o, nil
}

// BreakEvenGMV returns the least GMV, in minor units of the expected GMV's
// currency, at which the merchant's margin on net sales covers the
// commission, the platform fee and the slot fee (see [CollabDeal]). A deal
// whose margin does not exceed the commission and fee rates, or whose
// return rate is 100%, is [ErrNoBreakEven]; a break-even beyond the int64
// range of minor units is [commerce.ErrOverflow].
func (d CollabDeal) BreakEvenGMV() (commerce.Money, error) {
	if err := d.Validate(); err != nil {
		return commerce.Money{}, err
	}
	return d.breakEven()
}

// breakEven computes the break-even of a valid deal, exactly: decimal
// products and differences are exact, and the one division is QuoRem to
// an integer, rounded up.
func (d CollabDeal) breakEven() (commerce.Money, error) {
	one := decimal.New(1, 0)
	kept := one.Sub(d.ReturnRate.Decimal())
	edge := d.GrossMargin.Decimal().Sub(d.CommissionRate.Decimal()).Sub(d.PlatformFeeRate.Decimal())
	if kept.Sign() <= 0 || edge.Sign() <= 0 {
		return commerce.Money{}, fmt.Errorf("referral: collab: gross margin %v, commission %v, platform fee %v, returns %v: %w",
			d.GrossMargin, d.CommissionRate, d.PlatformFeeRate, d.ReturnRate, ErrNoBreakEven)
	}
	per := kept.Mul(edge) // the merchant's margin per unit of GMV, in (0, 1]
	q, rem := decimal.New(d.SlotFee.Units(), 0).QuoRem(per, 0)
	if rem.Sign() > 0 {
		q = q.Add(one)
	}
	if !q.BigInt().IsInt64() {
		return commerce.Money{}, fmt.Errorf("referral: collab: break-even of a %v slot fee at a %s margin per unit of GMV: %w",
			d.SlotFee, per.String(), commerce.ErrOverflow)
	}
	return commerce.NewMoney(q.IntPart(), d.ExpectedGMV.Currency())
}
