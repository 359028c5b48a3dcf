// Package groupchat models the private-domain group chats of live
// commerce, the second battlefield after the live room: a free community
// group, paid or tier-gated membership groups and a group per product for
// pre-sales; who may join them, what each member tier earns, how the
// groups are moderated, and how often a brand may broadcast to them. The
// rules differ per platform, so they are data.
//
// # Platform profiles
//
// A [Profile] holds one platform's limits: capacity, admins, announcement
// and name lengths in runes or bytes ([Limit]), who may recall whose
// messages within which window ([Retraction]), slow-mode values, mutes and
// broadcast caps. [ProfileOf] returns the compiled-in profile of a
// [Platform] (Xiaohongshu, WeCom customer and internal groups, personal
// WeChat, Telegram basic and super groups, Tencent Cloud IM work and
// public groups), each number with its source, tagged by how sure it is,
// in profiles.go. An operation a platform cannot do returns
// [ErrUnsupported].
//
// # Groups and admission
//
// A [Family] declares a group and its overflow: groups named
// <base><n> from a first number, as WeCom's auto-create names them, of a
// [FamilyKind] ([FreeCommunity], [TierGated] or [PerProduct]), with an owner and
// admins capped by the profile, filled in order ([FillFirst]) or evenly
// ([FillBalance]). Owner and admins sit in every group of their family and
// count against its capacity. A [Directory] admits members: [Directory.Join] never takes a
// group past capacity, opens the next group of the family when all are
// full, refuses banned members and checks a tier-gated family's tiers;
// [Directory.RouteBuyers] seats a product's buyers in that product's
// family. Members are interned to dense integers through an open-addressing
// table whose slots hold no pointers, so a million joins across 1,050
// groups take a few hundred milliseconds. The table hashes with
// hash/maphash under a per-directory random seed, as a Go map does, to
// resist IDs crafted to collide; no result depends on the seed.
//
// # Tiers
//
// A [TierPolicy] is a membership ladder as data: tiers lowest first, the
// first free, each higher one strictly harder to reach ([Requirement]:
// spend, order count, paid membership, all or any), counted over a rolling
// window, fixed periods from a reset date or membership anniversaries
// ([TierWindow]), with a [Downgrade] rule (one step or straight to the
// qualifying tier; immediately, at the period's end or at the tier's
// anniversary; with grace) and a grace for paid memberships. [NewTiers]
// refuses ladders with gaps ([ErrTierGap]) or overlaps ([ErrTierOverlap]).
// [Tiers.Assign] takes a member's previous [Standing] and [Facts] and
// returns the new standing without allocating; [Tiers.Explain] says which
// condition qualified or failed and by how much. A [TierBook] turns
// idempotent events (purchases, refunds, paid memberships and their
// refunds) into facts: a duplicate event neither double-counts spend nor
// restarts a grace period, and a refund re-evaluates the tier at once (a
// grace protects spend that ages out of the window, not spend returned).
// [TierBook.Sweep] re-assigns every member and reports the changes.
//
// # Benefits
//
// A tier's [Benefits] are a member discount or price list, early access to
// pre-sales ([Benefits.PresaleOpens]), coupons, buyer segments and the
// group families the tier may join ([Benefits.MayJoin]). commerce/pricing
// takes them as the buyer's context ([Tier.Buyer]) and as a member-price
// offer ([Tier.MemberPrice]). Admission checks [Family.Tiers]; a policy's
// Benefits.Groups should list the same families, as the fixtures in
// groupchattest do and test.
//
// # Moderation
//
// A [Moderator] applies a profile to one group: [Moderator.Retract] checks
// the role and the window of a recall, [Moderator.Announce] the
// announcement's length, [Moderator.SetSlowMode] the platform's values,
// and mutes. Every action that succeeds returns an [Audit] record; one
// that fails returns an error and changes nothing. [LiveAnnouncement]
// composes the announcement of the next live, its time and perks.
// [FoldRule] folds low-priority messages for a viewer when a group gets
// busy: duplicates and members' chatter fold, while announcements and the
// owner's, admins' and viewer's own messages stay visible.
//
// # Broadcast caps and notices
//
// An [Outbox] enforces WeCom-style frequency caps per member and per
// group ([Cap]: days-in-month a month, 7 a week or 1 a day, over natural
// periods or fixed 30-day blocks). A broadcast that would take any
// recipient over any cap is refused whole, up front, with a *[CapError]
// naming the cap, window, count and limit; it is never dropped silently.
// [LiveBadge] says whether a group shows its owner's live badge and its
// online count; [NoticeLog] sends the live-start notice to each person
// once per session, however many of the brand's groups they are in.
//
// # Time and determinism
//
// Nothing reads the clock: every call takes the instant it is about and,
// where calendar days matter, a *time.Location. The same calls give the
// same results, whatever the order of input slices. Lists come back in a
// documented order: IDs sorted, groups by number, fold verdicts by send
// time then ID, routed admissions in the order of the buyers given.
//
// # Concurrency
//
// Standings, audits, seats, explanations and the other results are values
// safe to share. Declarations with exported slices (a [Profile], a
// [Family], a [TierPolicy], a [Broadcast]) are copied when a constructor
// or a call takes them, so changing the caller's copy later changes
// nothing inside. [Tiers] is immutable once built. The aggregates that
// record ([Directory], [TierBook], [Moderator], [NoticeLog]) are
// single-writer: one goroutine mutates, and concurrent reads are safe only
// while nobody mutates, as with a Go map. An [Outbox] is not safe for any
// concurrent use: [Outbox.Check] and [Outbox.Plan] reuse its scratch space
// to stay allocation-free.
package groupchat
