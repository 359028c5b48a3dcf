package referral

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Sentinel errors of the showcase split, the plan chooser and the rate
// lock.
var (
	// ErrRateOutOfRange reports a rate or ratio below 0% or above 100%, or
	// rates whose sum must stay within 100% and does not (the service
	// ratios of a chain; a commission and fee rate together). It comes
	// inside a *commerce.FieldError, so it matches [commerce.ErrInvalid]
	// too.
	ErrRateOutOfRange = errors.New("rate outside 0% to 100%")
	// ErrNoShowcasePlan reports that no showcase plan applies to a creator
	// at the time asked, or that a rate history had no rate yet.
	ErrNoShowcasePlan = errors.New("no showcase plan applies")
)

// rateUnitsScale is 10^18, the finest step of a commerce.Rate: a rate from
// 0% to 100% times rateUnitsScale is an exact integer from 0 to 10^18.
const rateUnitsScale = 1_000_000_000_000_000_000

// rateUnits returns r × 10^18. It is exact for a rate from 0% to 100%, which
// the caller has checked: a rate has at most 18 decimal places.
func rateUnits(r commerce.Rate) int64 {
	one, _ := commerce.NewMoney(rateUnitsScale, commerce.CNY) // CNY is valid
	units, _ := one.MulRate(r, commerce.Down)                 // exact, at most 10^18
	return units.Units()
}

// ratioOf returns w × 10^-18 as a rate, for 0 ≤ w ≤ 10^18. Ratios in per
// cent, basis points or ppm, the usual case, take no allocation.
func ratioOf(w int64) commerce.Rate {
	const ppm = rateUnitsScale / 1_000_000
	if w%ppm == 0 {
		return commerce.PartsPerMillion(w / ppm)
	}
	r, _ := commerce.RateFromDecimal(decimal.New(w, -18)) // 18 places fit a Rate
	return r
}

// ShowcaseRole is a payee's place in the chain of a showcase sale (橱窗带货),
// from the merchant down. The roles follow WeChat Shop's 优选联盟 and 推客
// chain, the longest of the platforms: merchant → 带货机构 → 帮卖机构 → 达人 →
// 推客机构 → 推客. Douyin and TikTok Shop use the creator alone, or a creator
// and an agency.
//
// The zero value is not a role.
type ShowcaseRole uint8

// The roles, in chain order from the merchant.
const (
	// ShowcaseAgency is the agency that brings the merchant's product to
	// creators (带货机构, 联盟机构, head supplier).
	ShowcaseAgency ShowcaseRole = iota + 1
	// ShowcaseSubAgency is an agency that the first agency supplies (帮卖机构).
	ShowcaseSubAgency
	// ShowcaseCreator is the creator whose showcase, video or live sells the
	// product (达人, 带货者).
	ShowcaseCreator
	// ShowcasePromoterAgency is the agency its promoters are bound to (推客机构).
	ShowcasePromoterAgency
	// ShowcasePromoter is the promoter who shared the link that sold (推客).
	ShowcasePromoter
	numShowcaseRoles
)

var showcaseRoleNames = [numShowcaseRoles]string{"", "agency", "sub-agency", "creator", "promoter agency", "promoter"}

// String returns the role's name, such as "sub-agency".
func (r ShowcaseRole) String() string {
	if r == 0 || r >= numShowcaseRoles {
		return fmt.Sprintf("ShowcaseRole(%d)", uint8(r))
	}
	return showcaseRoleNames[r]
}

// ShowcasePayee is an agency or promoter of a showcase chain and its service
// ratio. The zero value means the role is absent from the chain.
type ShowcasePayee struct {
	// ID identifies the payee. It is required when the payee is present.
	ID string
	// Ratio is the payee's service ratio: its share of the commission pool,
	// from 0% to 100%.
	Ratio commerce.Rate
}

// ShowcaseChain is who shares a showcase sale's commission. Each role has at
// most one payee, so payees are distinct per role by construction; one ID
// may hold two roles (WeChat's own example has an agency that is also the
// promoter agency), and [ShowcaseSplit.PayeeTotal] adds up what it earns.
//
// Every present agency or promoter takes its service ratio of the whole
// commission pool, not of what reaches it; the creator keeps the rest of
// the pool, 100% minus the sum of the service ratios. See [ShowcaseTerms]
// for the arithmetic.
type ShowcaseChain struct {
	// Agency is the 带货机构; the zero ShowcasePayee means none.
	Agency ShowcasePayee
	// SubAgency is the 帮卖机构; it requires an Agency, which supplies it.
	SubAgency ShowcasePayee
	// Creator is the creator's ID. It is required.
	Creator string
	// PromoterAgency is the 推客机构; it requires a Promoter.
	PromoterAgency ShowcasePayee
	// Promoter is the 推客; the zero ShowcasePayee means none.
	Promoter ShowcasePayee
}

// showcaseHop is one payee of a chain, in chain order.
type showcaseHop struct {
	role  ShowcaseRole
	payee ShowcasePayee
}

// hops returns the chain's five roles in chain order; the creator's ratio
// is left zero.
func (c ShowcaseChain) hops() [5]showcaseHop {
	return [5]showcaseHop{
		{ShowcaseAgency, c.Agency},
		{ShowcaseSubAgency, c.SubAgency},
		{ShowcaseCreator, ShowcasePayee{ID: c.Creator}},
		{ShowcasePromoterAgency, c.PromoterAgency},
		{ShowcasePromoter, c.Promoter},
	}
}

// Validate checks the chain: a valid creator ID; for every present payee a
// valid ID and a service ratio from 0% to 100%; service ratios that sum to
// at most 100% ([ErrRateOutOfRange]); a sub-agency only under an agency
// and a promoter agency only with a promoter. Errors are
// *commerce.FieldError values naming the role, which match
// [commerce.ErrInvalid].
func (c ShowcaseChain) Validate() error {
	_, err := c.validate()
	return err
}

// validate checks the chain and returns the sum of its service ratios × 10^18.
func (c ShowcaseChain) validate() (int64, error) {
	if err := checkID("showcase: creator", c.Creator); err != nil {
		return 0, err
	}
	var sum int64
	for _, h := range c.hops() {
		if h.role == ShowcaseCreator || h.payee == (ShowcasePayee{}) {
			continue
		}
		if err := h.check(); err != nil {
			return 0, err
		}
		sum += rateUnits(h.payee.Ratio) // four terms of at most 10^18: no overflow
	}
	switch {
	case sum > rateUnitsScale:
		return 0, rangeErr("showcase: service ratios", "%s is over 100%%", c.ratioSum())
	case c.SubAgency != (ShowcasePayee{}) && c.Agency == (ShowcasePayee{}):
		return 0, fieldErr("showcase: sub-agency", "no agency: a sub-agency (帮卖机构) is supplied by an agency (带货机构)")
	case c.PromoterAgency != (ShowcasePayee{}) && c.Promoter == (ShowcasePayee{}):
		return 0, fieldErr("showcase: promoter agency", "no promoter: a promoter agency (推客机构) earns on its promoter's (推客) sales")
	}
	return sum, nil
}

// check validates a present payee's ID and ratio; it builds the field's
// name only on failure, so that a valid chain costs no allocation.
func (h showcaseHop) check() error {
	r := h.payee.Ratio
	if ident.Problem(h.payee.ID) == "" && !r.IsNegative() && r.Cmp(commerce.Percent(100)) <= 0 {
		return nil
	}
	field := "showcase: " + h.role.String()
	if err := checkID(field+": id", h.payee.ID); err != nil {
		return err
	}
	return checkRate(field+": ratio", r)
}

// ratioSum writes the present service ratios as "40% + 20% + 50%".
func (c ShowcaseChain) ratioSum() string {
	var parts []string
	for _, h := range c.hops() {
		if h.role != ShowcaseCreator && h.payee != (ShowcasePayee{}) {
			parts = append(parts, h.payee.Ratio.String())
		}
	}
	return strings.Join(parts, " + ")
}

// ShowcaseTerms are the terms of a showcase sale: a merchant's product sold
// through a creator's showcase (橱窗), video or live, bottom-up (the creator
// brings the traffic; the merchant pays commission).
//
// On a base amount B (the paid amount for the estimate, the settled amount
// for the settlement), with the terms' rounding mode:
//
//	commission pool  P = B × CommissionRate, rounded
//	platform fee     F = B × FeeRate, rounded (the technical service fee, 技术服务费)
//	merchant net     N = B − P − F
//
// The pool is then split among the chain's payees. Each present agency or
// promoter's service ratio is its share of the whole pool P (not of what
// reaches it), and the creator's ratio is what is left, 100% minus their
// sum. The pool is allocated in proportion to those ratios by the largest
// remainder method ([commerce.Money.Allocate]): each payee gets its exact
// share rounded down, and the minor units left over go one each to the
// largest remainders, ties to the payee nearer the merchant. So every payee
// is within one minor unit of its exact share, and the shares sum exactly
// to P.
//
// WeChat's five-payee example reads this way: on a ¥10.00 pool, ratios of
// 40% (带货机构), 20% (帮卖机构), 10% (推客机构) and 10% (推客) leave the
// creator 20%, and the shares are ¥4, ¥2, ¥2, ¥1 and ¥1. WeChat's own
// figures are what each role receives and passes on down the chain (the
// agency receives ¥10, passes ¥6 and keeps ¥4); [ShowcaseShare] reports
// both.
//
// The zero value is not valid: it has no creator and no rounding mode.
type ShowcaseTerms struct {
	// CommissionRate is the merchant's commission rate on the base, from 0%
	// to 100% (the plan's rate: see [ChooseShowcasePlan] and
	// [ShowcaseRateHistory]).
	CommissionRate commerce.Rate
	// FeeRate is the platform's technical service fee rate on the base,
	// from 0% to 100%. With CommissionRate it must not exceed 100%.
	FeeRate commerce.Rate
	// Rounding rounds the pool and the fee to a minor unit.
	Rounding commerce.RoundingMode
	// Chain is who shares the pool.
	Chain ShowcaseChain
}

// Validate checks the terms: rates from 0% to 100% whose sum is at most
// 100% ([ErrRateOutOfRange]), a defined rounding mode, and a valid chain
// (see [ShowcaseChain.Validate]). Errors are *commerce.FieldError values,
// which match [commerce.ErrInvalid].
func (t ShowcaseTerms) Validate() error {
	_, err := t.validate()
	return err
}

// validate checks the terms and returns the chain's ratio sum × 10^18.
func (t ShowcaseTerms) validate() (int64, error) {
	if err := checkRate("showcase: commission rate", t.CommissionRate); err != nil {
		return 0, err
	}
	if err := checkRate("showcase: fee rate", t.FeeRate); err != nil {
		return 0, err
	}
	if rateUnits(t.CommissionRate)+rateUnits(t.FeeRate) > rateUnitsScale {
		return 0, rangeErr("showcase: commission and fee rates", "%v + %v is over 100%%", t.CommissionRate, t.FeeRate)
	}
	if !t.Rounding.Valid() {
		return 0, fieldErr("showcase: rounding", "unknown %v", t.Rounding)
	}
	return t.Chain.validate()
}

// ShowcaseShare is one payee's part of a showcase split.
type ShowcaseShare struct {
	// Role and ID say who the payee is.
	Role ShowcaseRole
	ID   string
	// Ratio is the payee's share of the pool: its service ratio, or for
	// the creator 100% minus the service ratios.
	Ratio commerce.Rate
	// Amount is what the payee keeps (实收).
	Amount commerce.Money
	// Received is what reaches the payee from up the chain: its Amount and
	// the Amounts of every payee after it. The first payee receives the
	// whole pool.
	Received commerce.Money
	// PassedOn is what the payee passes down the chain: Received − Amount.
	PassedOn commerce.Money
}

// ShowcaseSplit is a showcase sale's split of one base amount.
// Base = Commission + Fee + MerchantNet, and the Shares' Amounts sum to
// Commission, exactly.
type ShowcaseSplit struct {
	// Base is the amount split: paid (estimated) or settled.
	Base commerce.Money
	// Commission is the pool, Base × the commission rate, rounded.
	Commission commerce.Money
	// Fee is the platform's technical service fee, Base × the fee rate,
	// rounded.
	Fee commerce.Money
	// MerchantNet is Base − Commission − Fee. It is negative only when the
	// two rates sum to nearly 100% and both round up, by one minor unit.
	MerchantNet commerce.Money
	// Shares are the present payees in chain order: agency, sub-agency,
	// creator, promoter agency, promoter.
	Shares []ShowcaseShare
}

// Share returns the share of role and whether the chain has that role.
func (s ShowcaseSplit) Share(role ShowcaseRole) (ShowcaseShare, bool) {
	for _, sh := range s.Shares {
		if sh.Role == role {
			return sh, true
		}
	}
	return ShowcaseShare{}, false
}

// PayeeTotal returns what id keeps over all the roles it holds: an agency
// that is also the promoter agency earns both shares. It is zero in the
// split's currency for an ID the split does not name.
func (s ShowcaseSplit) PayeeTotal(id string) commerce.Money {
	total := commerce.Zero(s.Base.Currency())
	for _, sh := range s.Shares {
		if sh.ID == id {
			total, _ = total.Add(sh.Amount) // parts of the pool: no overflow
		}
	}
	return total
}

// Split splits base, a non-negative amount with a currency, under the
// terms: the commission pool, the platform fee, the merchant's net and each
// payee's share, as [ShowcaseTerms] defines them. Invalid terms or base are
// *commerce.FieldError values that match [commerce.ErrInvalid].
func (t ShowcaseTerms) Split(base commerce.Money) (ShowcaseSplit, error) {
	ratios, err := t.validate()
	if err != nil {
		return ShowcaseSplit{}, err
	}
	if err := checkBase("showcase: base", base); err != nil {
		return ShowcaseSplit{}, err
	}
	return t.split(base, ratios)
}

// checkBase requires a non-negative amount with a currency.
func checkBase(field string, m commerce.Money) error {
	switch {
	case !m.Currency().Valid():
		return fieldErr(field, "no currency")
	case m.IsNegative():
		return fieldErr(field, "negative: %v", m)
	}
	return nil
}

// split splits a checked base under checked terms whose service ratios sum
// to ratios × 10^-18.
func (t ShowcaseTerms) split(base commerce.Money, ratios int64) (ShowcaseSplit, error) {
	// A rate of at most 100% of a non-negative base cannot overflow, and
	// the rates sum to at most 100%, so net ≥ -1 (rounding): the errors are
	// nil.
	pool, _ := base.MulRate(t.CommissionRate, t.Rounding)
	fee, _ := base.MulRate(t.FeeRate, t.Rounding)
	net, _ := base.Sub(pool)
	net, _ = net.Sub(fee)

	var (
		hops    [5]showcaseHop
		weights [5]int64
		n       int
	)
	for _, h := range t.Chain.hops() {
		switch {
		case h.role == ShowcaseCreator:
			weights[n] = rateUnitsScale - ratios
			h.payee.Ratio = ratioOf(weights[n])
		case h.payee == (ShowcasePayee{}):
			continue
		default:
			weights[n] = rateUnits(h.payee.Ratio)
		}
		hops[n] = h
		n++
	}
	// The weights sum to 10^18, never zero: Allocate cannot fail.
	parts, err := pool.Allocate(weights[:n]...)
	if err != nil {
		return ShowcaseSplit{}, err
	}
	shares := make([]ShowcaseShare, n)
	received := commerce.Zero(base.Currency())
	for i := n - 1; i >= 0; i-- {
		received, _ = received.Add(parts[i]) // parts of the pool: no overflow
		shares[i] = ShowcaseShare{
			Role: hops[i].role, ID: hops[i].payee.ID, Ratio: hops[i].payee.Ratio,
			Amount: parts[i], Received: received,
		}
		shares[i].PassedOn, _ = received.Sub(parts[i])
	}
	return ShowcaseSplit{Base: base, Commission: pool, Fee: fee, MerchantNet: net, Shares: shares}, nil
}

// ShowcaseDifference compares one amount of an estimated split with the
// same amount settled.
type ShowcaseDifference struct {
	// Role and ID name the payee; both are zero for a total.
	Role ShowcaseRole
	ID   string
	// Estimated is the amount on the paid base; Settled on the settled
	// base.
	Estimated, Settled commerce.Money
	// Difference is Estimated − Settled: what the refunds took back. It is
	// signed: the largest remainder method can give a payee one minor unit
	// more on a smaller pool.
	Difference commerce.Money
}

// ShowcaseSettlement keeps a showcase sale's estimated split (on the paid
// amount, as platforms report it at payment: Douyin's estimated commission,
// WeChat's 未结算) apart from its settled split (on the amount that settled
// after refunds: Douyin's real commission, WeChat's 已结算), with their
// differences. Each split is computed from its own base under the same
// terms, so the payees' Differences sum exactly to the Commission
// difference, and Base = Commission + Fee + MerchantNet holds for the
// differences too.
type ShowcaseSettlement struct {
	// Estimated is the split of the paid amount; Settled the split of the
	// settled amount.
	Estimated, Settled ShowcaseSplit
	// Base, Commission, Fee and MerchantNet compare the totals.
	Base, Commission, Fee, MerchantNet ShowcaseDifference
	// Payees compares each payee's Amount, in chain order.
	Payees []ShowcaseDifference
}

// Settle splits paid, the amount the buyer paid, and settled, what of it
// settled after refunds (from zero to paid, in the same currency), and
// returns both splits with their differences. A settled amount above paid
// or below zero is a *commerce.FieldError matching [commerce.ErrInvalid];
// two currencies are [commerce.ErrCurrencyMismatch].
func (t ShowcaseTerms) Settle(paid, settled commerce.Money) (ShowcaseSettlement, error) {
	ratios, err := t.validate()
	if err != nil {
		return ShowcaseSettlement{}, err
	}
	if err := checkBase("showcase: paid", paid); err != nil {
		return ShowcaseSettlement{}, err
	}
	if err := checkBase("showcase: settled", settled); err != nil {
		return ShowcaseSettlement{}, err
	}
	if c, err := settled.Cmp(paid); err != nil {
		return ShowcaseSettlement{}, fmt.Errorf("referral: showcase: settled %v against paid %v: %w", settled, paid, err)
	} else if c > 0 {
		return ShowcaseSettlement{}, fieldErr("showcase: settled", "%v is more than the %v paid", settled, paid)
	}
	est, err := t.split(paid, ratios)
	if err != nil {
		return ShowcaseSettlement{}, err
	}
	set, err := t.split(settled, ratios)
	if err != nil {
		return ShowcaseSettlement{}, err
	}
	s := ShowcaseSettlement{
		Estimated:   est,
		Settled:     set,
		Base:        difference(0, "", est.Base, set.Base),
		Commission:  difference(0, "", est.Commission, set.Commission),
		Fee:         difference(0, "", est.Fee, set.Fee),
		MerchantNet: difference(0, "", est.MerchantNet, set.MerchantNet),
		Payees:      make([]ShowcaseDifference, len(est.Shares)),
	}
	for i, sh := range est.Shares {
		s.Payees[i] = difference(sh.Role, sh.ID, sh.Amount, set.Shares[i].Amount)
	}
	return s, nil
}

// difference compares two amounts of one base's split; both lie between −1
// and the paid base, so their difference cannot overflow.
func difference(role ShowcaseRole, id string, est, set commerce.Money) ShowcaseDifference {
	d, _ := est.Sub(set)
	return ShowcaseDifference{Role: role, ID: id, Estimated: est, Settled: set, Difference: d}
}

// ShowcasePlanKind is the kind of a merchant's showcase plan for a product.
// Kinds take precedence in the order exclusive > targeted > open.
//
// The zero value is not a kind.
type ShowcasePlanKind uint8

// The plan kinds, from lowest to highest precedence.
const (
	// ShowcaseOpen is open to every creator: WeChat's 普通推广, TikTok
	// Shop's open collaboration, Douyin's 通用计划.
	ShowcaseOpen ShowcasePlanKind = iota + 1
	// ShowcaseTargeted names its creators and overrides an open plan for
	// them: WeChat's 定向推广, TikTok Shop's target collaboration (whose rate
	// always replaces the open rate), Douyin's 定向计划.
	ShowcaseTargeted
	// ShowcaseExclusive names its creators and, while in effect, shuts out
	// every other plan of the product: WeChat's 专属推广, which excludes
	// open and targeted promotion. A creator it does not name gets no plan.
	ShowcaseExclusive
	numShowcasePlanKinds
)

var (
	showcasePlanKindNames    = [numShowcasePlanKinds]string{"", "open", "targeted", "exclusive"}
	showcasePlanKindArticles = [numShowcasePlanKinds]string{"", "an open", "a targeted", "an exclusive"}
)

// String returns "open", "targeted" or "exclusive".
func (k ShowcasePlanKind) String() string {
	if k == 0 || k >= numShowcasePlanKinds {
		return fmt.Sprintf("ShowcasePlanKind(%d)", uint8(k))
	}
	return showcasePlanKindNames[k]
}

// ShowcasePlan is a merchant's commission plan for one product.
type ShowcasePlan struct {
	// ID identifies the plan; it is required and unique among a product's
	// plans.
	ID string
	// Kind is open, targeted or exclusive.
	Kind ShowcasePlanKind
	// Rate is the commission rate, from 0% to 100%.
	Rate commerce.Rate
	// Creators are the creators a targeted or exclusive plan names: at
	// least one, each a valid ID, no repeats. An open plan names none.
	Creators []string
	// From is the first instant the plan is in effect; zero means no start.
	From time.Time
	// To is the first instant it is no longer in effect; zero means no end.
	To time.Time
}

// Validate checks the plan: a valid ID and kind, a rate from 0% to 100%,
// creators as its kind requires, and From before To when both are set.
// Errors are *commerce.FieldError values that match [commerce.ErrInvalid].
func (p ShowcasePlan) Validate() error {
	if err := checkID("showcase plan: id", p.ID); err != nil {
		return err
	}
	field := fmt.Sprintf("showcase plan %q", p.ID)
	if p.Kind == 0 || p.Kind >= numShowcasePlanKinds {
		return fieldErr(field+": kind", "unknown %v", p.Kind)
	}
	if err := checkRate(field+": rate", p.Rate); err != nil {
		return err
	}
	if !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To) {
		return fieldErr(field+": window", "from %s is not before to %s", p.From.Format(time.RFC3339), p.To.Format(time.RFC3339))
	}
	switch {
	case p.Kind == ShowcaseOpen && len(p.Creators) > 0:
		return fieldErr(field+": creators", "an open plan names no creators, got %d", len(p.Creators))
	case p.Kind != ShowcaseOpen && len(p.Creators) == 0:
		return fieldErr(field+": creators", "%s plan names at least one creator", showcasePlanKindArticles[p.Kind])
	}
	for i, c := range p.Creators {
		f := fmt.Sprintf("%s: creators[%d]", field, i)
		if err := checkID(f, c); err != nil {
			return err
		}
		if slices.Contains(p.Creators[:i], c) {
			return fieldErr(f, "duplicate %q", c)
		}
	}
	return nil
}

// InEffect reports whether the plan is in effect at t: From ≤ t < To.
func (p ShowcasePlan) InEffect(t time.Time) bool {
	return (p.From.IsZero() || !t.Before(p.From)) && (p.To.IsZero() || t.Before(p.To))
}

// Covers reports whether the plan is open to creator: an open plan covers
// every creator, the others those they name.
func (p ShowcasePlan) Covers(creator string) bool {
	return p.Kind == ShowcaseOpen || slices.Contains(p.Creators, creator)
}

// ChooseShowcasePlan returns the plan of a product that pays creator at
// time at, from the product's plans:
//
//  1. only plans in effect at at count;
//  2. if an exclusive plan is in effect, it shuts out the others: the
//     creator gets an exclusive plan that names them, or none;
//  3. otherwise a targeted plan that names the creator, or else an open
//     plan;
//  4. among plans of the same kind, the highest rate wins, then the lowest
//     ID (byte order), so the choice does not depend on the order of plans.
//
// No applicable plan is [ErrNoShowcasePlan]. Every plan is validated first
// (in ID order, so the error is the same whatever the input order); an
// invalid plan, a repeated ID or an invalid creator ID is a
// *commerce.FieldError that matches [commerce.ErrInvalid]. The plan
// returned has its own copy of Creators.
func ChooseShowcasePlan(plans []ShowcasePlan, creator string, at time.Time) (ShowcasePlan, error) {
	if err := checkID("showcase plan: creator", creator); err != nil {
		return ShowcasePlan{}, err
	}
	order := make([]int, len(plans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(plans[a].ID, plans[b].ID) })
	for k, i := range order {
		if err := plans[i].Validate(); err != nil {
			return ShowcasePlan{}, err
		}
		if k > 0 && plans[order[k-1]].ID == plans[i].ID {
			return ShowcasePlan{}, fieldErr(fmt.Sprintf("showcase plan %q", plans[i].ID), "duplicate id")
		}
	}
	exclusive := slices.ContainsFunc(plans, func(p ShowcasePlan) bool {
		return p.Kind == ShowcaseExclusive && p.InEffect(at)
	})
	best := -1
	for _, i := range order { // by ID: the first of equals stays
		p := plans[i]
		if !p.InEffect(at) || !p.Covers(creator) || (exclusive && p.Kind != ShowcaseExclusive) {
			continue
		}
		if best < 0 || cmp.Or(cmp.Compare(p.Kind, plans[best].Kind), p.Rate.Cmp(plans[best].Rate)) > 0 {
			best = i
		}
	}
	switch {
	case best >= 0:
		p := plans[best]
		p.Creators = slices.Clone(p.Creators)
		return p, nil
	case exclusive:
		return ShowcasePlan{}, fmt.Errorf("referral: showcase plan for %q at %s: the product is exclusive to other creators: %w",
			creator, at.Format(time.RFC3339), ErrNoShowcasePlan)
	}
	return ShowcasePlan{}, fmt.Errorf("referral: showcase plan for %q at %s: no plan in effect covers the creator: %w",
		creator, at.Format(time.RFC3339), ErrNoShowcasePlan)
}

// ShowcaseTikTokRateLock is how long TikTok Shop keeps a lowered commission
// rate from creators already promoting the product: 30 days, as 30 × 24
// hours.
const ShowcaseTikTokRateLock = 30 * 24 * time.Hour

// ShowcaseRateChange is a change of a product's commission rate, effective
// from At.
type ShowcaseRateChange struct {
	// At is when the rate takes effect; it is required.
	At time.Time
	// Rate is the rate from At on, from 0% to 100%.
	Rate commerce.Rate
}

// ShowcaseRateHistory is a product's commission rate over time, as the
// merchant set it: a sequence of effective-dated changes. It answers which
// rate a creator earns at a given time, keeping a lowered rate from
// creators who were already promoting ([ShowcaseRateHistory.RateFor]).
//
// A ShowcaseRateHistory is immutable and safe for concurrent use. The zero
// value has no changes, and so no rate at any time.
type ShowcaseRateHistory struct {
	changes []ShowcaseRateChange // by At, strictly increasing
}

// NewShowcaseRateHistory returns the history of changes, in any order. Each
// change needs a non-zero time and a rate from 0% to 100%; two changes at
// the same instant are refused. Errors are *commerce.FieldError values that
// match [commerce.ErrInvalid].
func NewShowcaseRateHistory(changes ...ShowcaseRateChange) (ShowcaseRateHistory, error) {
	cs := slices.Clone(changes)
	slices.SortStableFunc(cs, func(a, b ShowcaseRateChange) int { return a.At.Compare(b.At) })
	for i, c := range cs {
		field := "showcase rate change at " + c.At.Format(time.RFC3339Nano)
		switch {
		case c.At.IsZero():
			return ShowcaseRateHistory{}, fieldErr("showcase rate change: at", "zero time")
		case i > 0 && cs[i-1].At.Equal(c.At):
			return ShowcaseRateHistory{}, fieldErr(field, "two changes at the same instant")
		}
		if err := checkRate(field+": rate", c.Rate); err != nil {
			return ShowcaseRateHistory{}, err
		}
	}
	return ShowcaseRateHistory{changes: cs}, nil
}

// Changes returns a copy of the changes, by time.
func (h ShowcaseRateHistory) Changes() []ShowcaseRateChange { return slices.Clone(h.changes) }

// current returns the index of the change in effect at t, or -1.
func (h ShowcaseRateHistory) current(t time.Time) int {
	i, found := slices.BinarySearchFunc(h.changes, t, func(c ShowcaseRateChange, t time.Time) int { return c.At.Compare(t) })
	if !found {
		i--
	}
	return i
}

// Current returns the rate in effect at t: the rate of the last change at
// or before t. Before the first change there is none: [ErrNoShowcasePlan].
func (h ShowcaseRateHistory) Current(t time.Time) (commerce.Rate, error) {
	i := h.current(t)
	if i < 0 {
		return commerce.Rate{}, h.noRate(t)
	}
	return h.changes[i].Rate, nil
}

func (h ShowcaseRateHistory) noRate(t time.Time) error {
	return fmt.Errorf("referral: showcase rate at %s: before the first change: %w", t.Format(time.RFC3339), ErrNoShowcasePlan)
}

// ShowcaseRateSource says why a creator earns the rate they do.
type ShowcaseRateSource uint8

// The rate sources. The zero value is not a source.
const (
	// ShowcaseRateCurrent is the rate in effect.
	ShowcaseRateCurrent ShowcaseRateSource = iota + 1
	// ShowcaseRateLocked is an earlier, higher rate that a decrease keeps
	// for a creator who was promoting before it, until the lock runs out.
	ShowcaseRateLocked
)

// String returns "current" or "locked".
func (s ShowcaseRateSource) String() string {
	switch s {
	case ShowcaseRateCurrent:
		return "current"
	case ShowcaseRateLocked:
		return "locked"
	}
	return fmt.Sprintf("ShowcaseRateSource(%d)", uint8(s))
}

// ShowcaseCreatorRate is the rate one creator earns at one time, and why.
type ShowcaseCreatorRate struct {
	// Rate is the rate the creator earns.
	Rate commerce.Rate
	// Source says whether it is the current rate or a locked one.
	Source ShowcaseRateSource
	// Current is the rate in effect, which a creator starting now earns.
	Current commerce.Rate
	// ChangedAt is, for a current rate, when it took effect; for a locked
	// rate, when the decrease that locks it took effect.
	ChangedAt time.Time
	// LockedUntil is, for a locked rate, the first instant it no longer
	// applies: ChangedAt + the lock period. It is zero for a current rate.
	LockedUntil time.Time
}

// RateFor returns the rate a creator promoting the product since
// promotingSince earns at time at, with a lock period of lock
// ([ShowcaseTikTokRateLock] on TikTok Shop).
//
// Increases apply at once. A decrease at time D keeps the rate in effect
// just before D for every creator promoting since strictly before D, while
// D ≤ at < D + lock. The creator earns the highest of the current rate and
// the rates such locks keep; a locked rate is reported only when it is
// above the current one (ties between locks go to the lock that ends
// last). So after two decreases, 30% → 20% → 10%, a creator who was
// promoting throughout keeps 30% until the first lock ends, then 20% until
// the second ends, then earns 10%.
//
// A zero promotingSince means the creator was not promoting before: no lock
// applies. A lock of zero turns locking off; a negative lock is
// [commerce.ErrInvalid]. A time before the first change is
// [ErrNoShowcasePlan].
func (h ShowcaseRateHistory) RateFor(promotingSince time.Time, lock time.Duration, at time.Time) (ShowcaseCreatorRate, error) {
	if lock < 0 {
		return ShowcaseCreatorRate{}, fieldErr("showcase rate: lock", "negative: %v", lock)
	}
	cur := h.current(at)
	if cur < 0 {
		return ShowcaseCreatorRate{}, h.noRate(at)
	}
	c := h.changes[cur]
	r := ShowcaseCreatorRate{Rate: c.Rate, Source: ShowcaseRateCurrent, Current: c.Rate, ChangedAt: c.At}
	if promotingSince.IsZero() {
		return r, nil
	}
	// The changes whose lock may still run at at lie in (at − lock, at];
	// walk back from the current one.
	for i := cur; i > 0; i-- {
		d := h.changes[i]
		until := d.At.Add(lock)
		if !at.Before(until) {
			break // this lock has run out, and every earlier one ends sooner
		}
		prev := h.changes[i-1].Rate
		if !promotingSince.Before(d.At) || prev.Cmp(d.Rate) <= 0 {
			continue // not promoting before it, or not a decrease
		}
		// Walking back, a later lock (ending last) is met first: a tie
		// keeps it.
		if prev.Cmp(r.Rate) > 0 {
			r.Rate, r.Source, r.ChangedAt, r.LockedUntil = prev, ShowcaseRateLocked, d.At, until
		}
	}
	return r, nil
}
