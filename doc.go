// Package livecommerce is the map of a pure Go library for the domain logic
// of social live commerce on platforms such as Xiaohongshu, Douyin, WeChat
// Channels and mini-program malls. This package holds no code; the packages
// below do.
//
// # Packages
//
//   - commerce: currencies, exact money and rates, allocation, the catalogue,
//     orders and after-sales, and commerce metrics (GMV, refunds, average
//     order value, repurchase). Every other package builds on it.
//   - commerce/commercetest: seeded fixtures for tests, including the
//     catalogues of a beauty-tools brand (average order near ¥50) and a cup
//     brand (near ¥150).
//   - commerce/pricing: promotions as typed, validated offers (bundles,
//     N-for-price, buy X get Y, ladders, percentage off, member prices,
//     满减/满折 thresholds, gifts, coupons), the quote that finds the best
//     combination and allocates every cent to lines, units, offers and
//     funding sources, and refunds of partial returns with a declared
//     claw-back policy.
//   - commerce/referral: member-referral (分销) and showcase commission,
//     exact under any refund: the referral graph and binding policies,
//     plans as data, accruals frozen at order time, an append-only ledger
//     that is a value, reconciling statements, explanations, the showcase
//     split and collaboration economics.
//   - live: live sessions, selling permission, host rosters, session
//     metrics and giveaways (planned).
//   - groupchat: free and membership groups, tiers, admission, moderation
//     and announcements (planned).
//   - incentive: platform incentive programmes as data, fees and cashback,
//     each with its explanation (planned).
//   - matrix: a brand's network of accounts, groups and touchpoints: reach,
//     frequency caps, touchpoint plans and the seeding funnel (planned).
//   - examples: runnable programs; examples/tour is the main demonstration.
//
// # How data flows
//
// A seeding note (种草) brings readers into a group chat; the group announces
// a live; the live room converts viewers into orders; each order carries the
// source that brought it (live session, note, group, referral link or
// showcase). Paid orders feed commission for the members whose links brought
// them and the platform incentives the merchant earns; refunds flow back
// through all of them exactly. Buyers share and repurchase, and the loop
// seeds again.
//
// # Principles
//
// Library packages are pure: no I/O, no clock (the caller passes now and a
// *time.Location), no global randomness (the caller passes a seed), no
// mutable package-level state. Money is int64 minor units and a currency;
// every rounding names its mode; every split sums to its whole; overflow is
// an error. The same inputs give the same outputs, whatever the order of
// input slices. Bad input gets an error that errors.Is can match, and
// nothing panics on data.
//
// # Out of scope
//
// Storage, network and HTTP clients for platform APIs, message sending,
// payment rails, tax and freight calculation, and user interfaces. The
// library computes; the caller's services store, send and display.
package livecommerce
