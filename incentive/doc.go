// Package incentive computes what platform incentive programmes are worth
// to a merchant, a service provider or an MCN agency: the programmes as
// versioned, effective-dated data, technical service fees with their
// reduced-rate allowances, rebates and cashback, each amount exact to the
// fen and explained.
//
// # Programmes as data
//
// A [Programme] is one version of a platform's programme: its [Source]
// (official, press summary or internal document), its effective [Window],
// the time it was recorded, a time zone, a currency and a rounding mode,
// and its [Rule]s: eligibility [Predicate]s (no broadcast in the last N
// days, external monthly GMV over an amount, a store opened within N days,
// a store score, a category, a refund-rate gate with a minimum sample),
// windows (N natural days from an event, a calendar month, a fixed
// half-open period, T+1 activation, a payout lag in business days over a
// [Calendar] of holidays and make-up working days), [Award]s (traffic
// views, cash, coupons, growth cards, ads credit, fee reductions, fee
// cashback up to 100%), [Tier] ladders, first-time [Milestone]s, [Cap]s per
// entity and period, [Ranking]s with declared tie-breaks and incremental
// [Baseline]s, and stacking [Group]s (exclusive or joint, priority, a
// maximum applicable; exclusion beats stacking).
//
// [ParseProgramme] reads a programme's strict JSON (unknown or repeated
// keys, trailing data are errors); [Programme.Validate] refuses
// overlapping or gapped tiers, caps without a period, rates over 100%,
// ambiguous stacking and more, each with a *[ProgrammeError] carrying a
// stable [Code] and the path of the element at fault. A [Catalogue] holds
// validated versions and answers the bitemporal question "which version
// was in effect at t, as known at k" ([Catalogue.Lookup]), so a month is
// recomputed under its own version after a later edit. [Builtin] returns
// the compiled-in programmes (Xiaohongshu's 2024 treasure host, WeChat
// Channels' 618 growth card, TikTok Shop's NewStar in two versions and its
// GMV Sprint), whose sources say where every number comes from.
// [Programme.Check] evaluates a rule's predicates against a merchant's
// [Facts] and says, for each, what the merchant has, what it needs and by
// how much it falls short; a fact the rule needs but the facts lack is
// [ErrMissingFact].
//
// # Evaluation
//
// [Compile] (or [Catalogue.Evaluator], for the version in effect at a time
// as known at another) turns a programme into an [Evaluator].
// [Evaluator.Evaluate] takes a merchant's [Profile] (facts, events such as
// orders paid and refunded, broadcasts and qualifications, and the grants
// already paid) and a period, and returns a [Result] of [Grant]s: each
// rule's eligibility checked at the start of its window, its award
// measured over the window, cut by its caps (shared across a merchant's
// stores, counting earlier grants) and by the programme's stacking, with
// milestone rungs paid once for life. [Evaluator.Rank] awards ranking
// rules over a cohort with the declared tie-break;
// [Evaluator.EvaluateAll] evaluates a cohort without ranking, as a
// monthly settlement of a population would. A Result holds a typical
// month's grants itself, so that evaluating a typical treasure-host
// merchant-month allocates nothing. [Result.Matched] and [Result.WhyNot] say which predicates held
// and which failed by how much (and, for a merchant ranked below a
// ranking's top, its rank and how far it fell short of the last rank
// paid), and the Result marshals to stable JSON. The same profile with its events
// in any order gives byte-identical results. [Catalogue.WhatIf] values
// several programmes for one merchant over a horizon, side by side. An
// [AwardLedger] reverses refunded awards at their frozen rate, nets a full
// refund to zero, and carries a refund after payout into the next open
// cycle once.
//
// # Technical service fees
//
// A [FeePlan] is a category rate table ([FeeTable]), a base (the amount
// paid, or paid plus the platform's subsidy), a rounding mode and up to
// [MaxAllowances] reduced-rate [FeeAllowance]s with a cap, a scope (per
// merchant, shared by its stores, or per store) and a [FeeWindow].
// [CompileFeePlan] validates it once; [CompiledFeePlan.Quote] prices one
// order without allocating: an order that crosses a cap is split at the
// exact fen (0.6% on the part below, the category's rate above), the
// category's own rate is kept where it is lower, and the fee is the exact
// sum rounded once. A [RebatePlan] pays a service provider (fee rate −
// 0.6%) × payment for 360 days from the first sale; a [CashbackPlan]
// returns a share of the fee. The built-ins are Xiaohongshu's
// commission-free plan ([XiaohongshuCommissionFree]), WeChat Store's fees
// and new-merchant rate ([WeChatStoreFees]), its provider rebate
// ([WeChatStoreProviderRebate]) and WeChat Channels' 618 rate
// ([WeChatChannels618]).
//
// A [FeeLedger] is a value folded from its events (orders, refunds,
// payouts) in a canonical order, so any replay order gives the same
// ledger: refunds reverse at the rates frozen on the order, a full refund
// nets to zero, and a refund after its cycle was paid out becomes one
// negative adjustment in the next open cycle. Its statements reconcile.
//
// # Errors
//
// Every error wraps one of the package's sentinels, [commerce.ErrInvalid]
// (through a *[commerce.FieldError]) or a commerce sentinel such as
// [commerce.ErrCurrencyMismatch]; a programme that does not validate is a
// *[ProgrammeError] matching [ErrInvalidProgramme]. A call that fails
// changes nothing.
//
// # Concurrency
//
// Programmes, catalogues, compiled plans, quotes and ledgers are values,
// safe to share between goroutines once built.
package incentive
