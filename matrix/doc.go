// Package matrix models a brand's network of accounts, groups and
// touchpoints: a brand that runs 30 accounts with 35 group chats each has
// 1,050 groups and up to 525,000 seats, the same fans in many of them.
// Notes invite readers into groups, groups announce lives, lives convert,
// buyers share, and the loop seeds again. The package answers the
// matrix's questions: how many distinct people a touchpoint reaches, what
// may be sent to whom without spamming them, and how each step of the
// seeding funnel converts. It computes; the caller stores and sends.
//
// # The network
//
// [NewNetwork] validates a [Spec]: [Account]s with a [Role], the [Group]s
// they own with their members, [Note]s and live [Room]s. IDs are unique
// ([ErrDuplicate]), owners and posters are accounts and members are known
// people ([ErrUnknown]). The people are interned to dense [Member]
// numbers, in the order of their IDs, so sets of them are compact and the
// numbering does not depend on the order of the input. A [Network] is
// immutable and safe to share between goroutines.
//
// # Reach
//
// A [Set] is an immutable, exact set of Members, stored as a sorted array
// when sparse and as a bitset when dense, whichever is smaller, so each
// set has one form. [Union], [Intersect] and [Set.Difference] combine
// sets; their results do not depend on the order of their arguments.
// [Network.Audience] returns the people of an [Audience], some groups and
// accounts (an account's audience is its groups' members); intersections
// and differences of audiences are set algebra, exact. [Network.Reach]
// gives each touchpoint's distinct people, impressions, the duplicate
// impressions avoided and its incremental reach over the touchpoints
// before it; [Network.Overlap] gives the exact overlap matrix of a list
// of groups, |Gi ∩ Gj|, in ID order.
//
// A [Sketch] is a HyperLogLog for unions only: a fixed hash of the
// person's ID, so sketches from different partitions and networks merge,
// associatively and commutatively, with a relative standard error of
// about 1.04/√(2^p), 0.81% at the default precision 14. There is no
// sketch intersection: inclusion–exclusion of sketches is off by
// thousands when two sets of 200,000 share 500; intersect Sets instead.
//
// # Touchpoint planner
//
// A [Planner] ([NewPlanner]) plans [Announcement]s (a product launch, a
// live's 24-hour and 1-hour previews, its start, the post-live share
// request, or the caller's own declared kinds) from accounts to groups and
// people under frequency [Cap]s at the [PerPerson], [PerGroup],
// [PerAccount] and [PerCampaign] levels. A cap counts announcements, each
// once per subject, over [CalendarDays] or [CalendarMonths] in the
// caller's *time.Location (a calendar day lasts 23 or 25 hours across a
// daylight-saving change) or over a half-open [Sliding] window; platform
// caps are data with their source ([WeComCaps]: days-in-month mass
// messages a calendar month per customer and per customer group).
// Announcements without a time take a live-derived time or the account's
// next free posting [Slots] in local time; an explicit time always wins.
//
// [Planner.Plan] goes through the touchpoints by priority, then time, then
// ID, and returns a [Plan]: every [Delivery], and every [Suppression] with
// the cap that bound it (cap, level, subject, window [From, To), count and
// limit), the unknown identity it could not check under a declared
// [IdentityPolicy], or the duplicate it repeats; overlapping lives,
// duplicate announcements and two posts in one slot are reported as
// [Conflict]s with both IDs. Transactional messages override caps only
// when [PlannerSpec].TransactionalOverride says so, and still count toward
// them. The plan is the same for any order of the input, and its JSON is
// stable for golden tests; a property test re-checks random plans with an
// independent brute-force checker: nobody in any window exceeds any cap.
//
// # The seeding funnel
//
// [NewFunnel] validates a [FunnelSpec]: 1 to [MaxSteps] steps, each a set
// of event [Kind]s (seven built in, the caller's own declared up front), a
// window, a [Mode] and reporting options. An [Event] is a 16-byte row: a
// dense user, a time in Unix milliseconds, a kind and the [Source]
// touchpoint. [Funnel.Level] and [Funnel.Levels] compute ClickHouse's
// windowFunnel from rows in any order: events in (time, step) order, the
// window measured inclusively from the chain's first step, a later step-1
// event starting a new chain while longer chains keep theirs.
// StrictDeduplication, StrictOrder and StrictIncrease are ClickHouse's
// modes; Optimal is the true longest chain with no event used twice;
// FunnelSpec.FirstStart is Mixpanel's window from the first step-1 event.
// The level never depends on the order of the rows, ties included.
//
// A [FunnelTally] counts users per step overall, by credited source
// ([Breakdown]) and by calendar day in the funnel's location, with exact
// conversions ([commerce.Ratio]) and exact time-to-convert quantiles.
// Tallies of users split any way merge exactly, in any grouping and order,
// as a distributed engine combines partial aggregates. A [FunnelStream]
// takes events in time order per user with O(steps) state per user and
// tallies exactly what the batch does. [Retention] is ClickHouse's
// retention(c1, …, cN).
//
// Batch work files rows by bucket of 256 users in one pass and sorts each
// user's events by time bins, so a tally of unsorted rows costs a few
// passes over them; in the default mode with no breakdown, the scan
// applies each step with masks rather than branches. The stream keeps, in
// that mode, a 16-byte header and 16 bytes a step per user, and takes
// events in batches in two passes: the first reads each event and its
// user's header and queues the tie group the event closes; the second
// applies the queued groups to their chains. Neither pass has a branch
// the processor cannot predict.
//
// # Attribution
//
// [NewAttribution] validates an [AttributionSpec]: a [CreditModel]
// (first touch, last touch, linear, or position-based with exact
// [EndShares], 40/20/40 by default) and an optional lookback window.
// [Attribution.Credits] shares one order's amount among the touches of
// its [OrderPath] (note → group → live → order, or ads → WeCom →
// official account → Channels → mini-program), taken in time order, ties
// broken by touchpoint ID. The credits are whole minor units that sum
// exactly to the order's amount: linear gives the first A mod n touches
// one fen more (¥100.00 over three touches is 33.34, 33.33, 33.33), and
// position-based settles fractions of a fen by the largest-remainder
// method, the earlier touch winning ties. A path of one touch gets it
// all; a path of two splits the middle share evenly between its ends.
//
// [Attribution.Totals] sums many orders' credits per touchpoint and
// currency into [CreditTotals], the same in any order of the orders or
// their touches; orders with no touch inside the window are counted as
// unattributed. Totals of disjoint sets of orders combine with
// [CreditTotals.Merge], associatively and commutatively. Amounts in two
// currencies are never added: [CreditTotals.Sum] reports
// [commerce.ErrCurrencyMismatch]. A path with no touches is
// [ErrNoTouch], an order ID given twice [ErrDuplicate].
//
// # Errors
//
// Malformed input is a *[commerce.FieldError] (errors.Is
// [commerce.ErrInvalid]) naming the field, wrapping [ErrDuplicate] or
// [ErrUnknown] where one applies. A call that fails returns nothing
// partial.
package matrix
