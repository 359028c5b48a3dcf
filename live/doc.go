// Package live models the live room, where seeding turns into orders: the
// session and its transitions, live-selling permission, who is reminded
// when a session starts, the lineup and the account's role, host rosters
// under labour rules, session metrics with every numerator and denominator
// explicit, the lift of a segment such as group members, and verifiable
// giveaways. It computes; the caller stores, sends and displays.
//
// # Sessions
//
// [NewSession] validates a [SessionSpec] (IDs, hosts, a lineup for a
// selling session, End after Start) against the platform's [Profile]: a
// schedule longer than its MaxSession is [ErrTooLong] (TikTok LIVE events
// run 30 minutes to 13 hours; no cap was found for the Chinese platforms,
// so theirs is zero). [Split] cuts a longer broadcast into sessions that
// tile it, preferring the caller's cut points such as host handovers: an
// 18-hour day from 07:00 on TikTok becomes two sessions. A [Session] is an
// immutable value; [Session.Start], [Session.Interrupt], [Session.Resume],
// [Session.End] and [Session.Cancel] return a new one, and a transition
// the status does not allow wraps [ErrTransition]. [Session.OnAir] is the
// time on air, interruptions excluded.
//
// A [Permission] is the live-selling permission as a state machine: not
// applied, pending, approved, or rejected with a reason and applied again;
// revoked. [Permission.Apply] takes the [Preconditions] (a certified store,
// an account in good standing) as input and names every unmet one
// ([ErrPrecondition]). [Reminders] lists who to remind when a session
// starts, the followers and the group members, each person once, with why.
//
// # Lineup and roles
//
// [OwnShare] is the exact share of own-brand (or close-supplier) SKUs in a
// lineup, a [commerce.Ratio]. [Classify] reads an account's declared
// [AccountFacts] as a [Manager] (the brand owner on camera), a [Buyer] (a
// creator selecting for fans, "front store, back factory" when its own
// share reaches 4/5) or a [Merchant], with the reasons in words.
//
// # Host rosters
//
// A [RosterSpec] gives a daily broadcast window by its wall-clock opening
// and length (07:00 for 18 hours closes at 01:00, and the hour from 00:00
// to 01:00 belongs to the broadcast day that opened the day before), the
// hosts with their preferences, a [Labour] profile as data
// ([ChinaStateCouncil]: 8 hours a day, 40 a week; [ChinaLabourLaw]: 44 a
// week, a rest day, overtime at most 3 hours a day and 36 a month), the
// minimum rest between shifts, the longest continuous time on air, and a
// *time.Location. [PlanRoster] returns a [Roster] with one host on camera
// in every slot, or an *[Infeasible] certificate ([ErrInfeasible]) that
// names the binding constraint with its numbers: 18 hours × 7 days with
// three hosts at 40 hours a week needs 126 host-hours against 120
// available, so 6 hours a week of overtime. [VerifyRoster] re-checks every
// hard constraint of any roster, independently of the planner, and
// returns every [Breach].
//
// # Metrics
//
// A [Tally] accumulates a session's [Metrics] from [ViewerRecord]s (a
// viewer's visits, interaction and product-click counts, and orders as
// [commerce.Order]): viewers, views, peak and time-averaged concurrent
// viewers, total, mean, median and p90 watch time (the R-7 quantiles of
// golang.org/x/exp/stats.Quantiles, computed exactly in integer
// milliseconds and checked against it in the tests), interaction and
// product-click rates,
// conversion, and the order figures of [commerce.Metrics] (GMV by payment
// time with refunds included, refund and repurchase rates, average order
// value). Where platforms disagree on a denominator, a [Basis] names it at
// the call site (GPM per thousand views or per thousand viewers), and a
// [Preset] ("douyin_pv", "douyin_uv", "tiktok", "wechat") names the
// choices of one dashboard. Rates are exact [commerce.Ratio]s; money is
// divided with a named rounding mode.
//
// Tallies merge: records split by viewer, tallied apart and merged in any
// order give identical Metrics, the combine step of a distributed
// aggregation. Bad records (a leave before its enter, overlapping visits
// under [RejectOverlaps], a visit or order outside the session
// ([ErrOutsideSession]), a viewer tallied twice) are refused whole, with
// the record named. Given a [Segment], [Tally.Lift] compares its members
// with everyone else: the share of the segment that entered, the
// watch-time and conversion ratios, and the segment's share of orders and
// GMV.
//
// # Giveaways
//
// [GiveawayRules.Eligible] filters [Entrant]s by following, group
// membership, a comment keyword and a minimum watch time, and says why
// each excluded entrant is out. The draw is verifiable: the host
// publishes the [Commitment] (SHA-256) of a secret seed before entries
// open and reveals the seed at the draw; [Draw] checks it
// ([ErrCommitment]) and picks the winners as a deterministic function of
// the seed and the sorted entrants, with no duplicates and fewer entrants
// than prizes handled. The [Audit] record, stable JSON, lets anyone re-run
// the draw ([Audit.Check]); the byte layout of every hash input is in
// [Draw]'s documentation.
//
// # Errors
//
// Every error wraps one of the package's sentinels or
// [commerce.ErrInvalid] (through a *[commerce.FieldError] naming the
// field), so callers branch with errors.Is; *[Infeasible] and [Breaches]
// carry the numbers for errors.As. A call that fails changes nothing, and
// no exported function panics on data.
//
// # Concurrency
//
// Sessions, permissions, rosters, metrics and audit records are values,
// safe to share between goroutines. A [Tally] is a mutable accumulator:
// give each goroutine its own and merge them.
package live
