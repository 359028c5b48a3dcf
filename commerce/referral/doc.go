// Package referral computes the two commission systems of live commerce,
// exact to the cent under any refund: member referral (分销), where members
// share an exclusive link and earn on what their friends buy, and showcase
// commission, where a creator lists a merchant's product and the merchant
// pays a commission while the platform takes a technical service fee.
//
// # Referral graph and binding
//
// A [Graph] holds the members, their distributor [Tier]s and who referred
// whom. [Graph.Bind] applies a touch (a link, a code, a scan) under a
// [BindPolicy]: permanent first bind, valid N days then rebindable, or last
// touch; optionally new users only (a signup window) and a protection
// period against poaching, separate from validity. [BindPolicy.Decide] is
// the same decision as a pure function, for decision tables. Self-referral
// and cycles of any length are refused at bind time by walking the
// referrer's stored links, O(depth). [Attribution] credits first or last
// click within a window. A Graph is a mutable index, like a map: bind from
// one goroutine, read from many.
//
// # Plans
//
// A [Plan] is data: per-level rewards ([Reward], a rate of the base or a
// fixed amount per unit), overridden per distributor tier, per product and
// per SKU; the base (paid after discounts by default, or list); shipping in
// the base or not; self-purchase; a differential (级差) chain in which each
// ancestor earns its tier's rate less what the chain below already earned,
// never negative; caps per beneficiary per day, month and lifetime; a
// per-order ceiling, such as 30% of net paid (the WeChat Pay
// profit-sharing maximum); and a [Hold]. [NewProgram] validates it: two
// levels at most unless [Plan.AllowThirdLevel] (which comes with a
// compliance warning: Chinese law treats three or more levels with thirty
// or more participants as pyramid selling), rates within 0–100%, and no
// combination of rewards that could exceed the ceiling. A per-head
// recruiting reward is flagged by [Program.Warnings]. A [TierLadder]
// assigns distributor tiers from spend, order count, downline sales and
// commission earned, with AND/OR rules, and explains each assignment.
//
// # Accrual
//
// [Program.Accrue] computes an order's commission when the order is
// created and freezes it in an [Accrual]: for each line and beneficiary a
// [Share] with its level, tier, source, reward, cap room and amount, and on
// the accrual the base, rounding and ceiling. Later rebinding, rate
// changes, plan versions or tier changes never touch it. Every share is
// reward(base) rounded with the plan's mode, bounded by its cap room, and
// the line's shares are cut to min(base, ⌊ceiling × paid⌋) by largest
// remainder when they would exceed it; on every line, the shares plus the
// remainder equal the base. [Program.AppendShares] is the same computation
// without building an Accrual, allocation-free, for batch settlement.
//
// # Ledger
//
// A [Ledger] is the append-only ledger of a programme and a value:
// [Ledger.Apply] returns a new one and leaves the old one intact. It
// records accruals and the [Event]s that move their shares through the
// [Stage]s estimated → pending (on hold) → available → withdrawing → paid
// out: milestones ([Progress]), after-sale cases, refunds ([Refunded]),
// hold-release sweeps ([Release]), withdrawals and their outcomes,
// adjustments, and currency conversions (the only way money changes
// currency, with its rate recorded). Every event carries an idempotency
// key; the ledger is a function of the set of events it holds, folded in
// time order, so duplicates and any arrival order give the same ledger.
//
// A refund reduces what remains of a line (by amount, by units, the whole
// line or the shipping) and each share becomes reward(remaining base) at
// the frozen reward: the clawback is exactly commission(original base) −
// commission(remaining base), and a full refund nets every beneficiary to
// zero. A clawback after payout leaves a negative available balance that
// nets against the next payout; it is never truncated. Commission is
// credited at payment, receipt or completion, released N days after
// receipt, completion or the close of the after-sales window, and never
// while an after-sale is open on its line.
//
// [Ledger.Statement] reconciles exactly (opening + earned − reversed −
// withdrawn + adjustments = closing) per beneficiary, currency and period,
// and [Ledger.Explain] derives any share from its base, refunds, reward,
// rounding residue, cap and ceiling, with its hold and reversal links;
// [Explanation.Evaluate] recomputes the amount from the explanation alone.
//
// # Showcase commission
//
// [ShowcaseTerms] split a showcase sale: the commission pool (base ×
// commission rate) among the agencies, the creator, the promoter agency
// and the promoter, each agency or promoter taking its ratio of the pool
// and the creator the rest, plus the platform's technical service fee.
// [ShowcaseTerms.Settle] keeps estimated and settled amounts apart.
// [ChooseShowcasePlan] applies plan precedence (exclusive > targeted >
// open), and [ShowcaseRateHistory] keeps a creator on the old rate for a
// declared period after a merchant lowers it (30 days on TikTok Shop).
// [ParseRateIn] reads each platform's rate unit (Douyin ×10⁴, WeChat ppm,
// 万分比, percent), and [CollabDeal] gives the economics of a
// note-plus-live collaboration: the creator's take, the merchant's net and
// the break-even GMV.
//
// # Errors
//
// Bad input is an error that names it and changes nothing: unknown members
// ([ErrUnknownMember]), self-referral ([ErrSelfReferral]), cycles
// ([ErrCycle]), too many levels ([ErrTooDeep]), a plan over its ceiling
// ([ErrCeiling]), a refund larger than what remains ([ErrRefundExceeds]),
// an event for an unknown order ([ErrUnknownOrder]) or line
// ([ErrUnknownLine]), a reused key ([ErrConflict]). Malformed fields are
// *commerce.FieldError values matching [commerce.ErrInvalid].
package referral
