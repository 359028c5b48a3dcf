// Package pricing prices a cart under the promotions of live commerce:
// bundles, N-for-price, buy X get Y, ladder prices, percentage off, member
// prices, threshold discounts (满减, 满折), gifts and coupons, including the
// instant-discount coupon for joining a group chat. [Price] finds the
// combination of offers that minimises what the buyer pays, allocates every
// minor unit of the discount to lines, units, offers and funding sources,
// and explains itself; [Ledger] refunds partial returns exactly from the
// allocation the quote froze.
//
// # Offers
//
// Every offer kind embeds [Terms]: an ID, a validity [Window] evaluated at
// the now the caller passes (start inclusive, end exclusive), an
// exclusivity group, the stages it does not combine with, who funds it
// ([Funding]), a per-buyer usage limit, the remaining budget, a priority and
// whether it may make an order free. Each kind has a Validate method that
// names the first malformed field ("ladder \"l-1\": tiers[2]: min quantity:
// tiers out of order: 3 after 5"); the errors are *commerce.FieldError
// values that match [commerce.ErrInvalid]. A [Scope] selects the lines an
// offer looks at: SKUs, products, categories (with their subcategories) or
// everything.
//
// # Combination rules
//
// Offers apply in three stages, each on what the earlier ones left
// ([Stage]):
//
//  1. Product-level offers price units, at most one per unit. Bundles,
//     N-for-price and buy X get Y (the grouping offers) take units first, in
//     priority order: a bundle fills each component with the dearest units of
//     its scope, N-for-price and the "get" units of buy X get Y follow their
//     declared [Pick], and the "buy" units are the dearest left. Each line's
//     Units are assigned by this fixed rule, not matched: when scopes
//     overlap only in part, a fill that exists may be missed. Each line's
//     remaining units then go to whichever per-unit offer that is on (ladder,
//     percentage off, member price) takes most off that line; a ladder's
//     tier counts the units of its scope the grouping offers left.
//  2. Order-level offers (thresholds) compare the spend in their scope after
//     the product stage with their tiers, exactly: ¥99.50 does not reach
//     "spend ¥100". Gifts are added after the search, when their minimum is
//     reached and nothing applied excludes them; they never cost a discount.
//  3. Coupons compare and discount the spend the first two stages left, at
//     most one per funding source.
//
// Each applied offer records its base ([Applied.Base]): the list value of
// the units it priced, or the spend it was computed on. An offer's group
// admits one applied offer per order; an offer that excludes a stage
// applies with no other offer of that stage. Rate-based discounts round with
// the request's [commerce.RoundingMode], on line or spend totals, never on
// rounded unit prices. Threshold and coupon discounts are capped at the
// spend left in their scope, so no line goes below zero, and leave at least
// one minor unit to pay unless the offer allows a free order
// ([Terms.AllowFree]); product-level offers may not make the whole order
// free unless one of them allows it.
//
// # The best combination
//
// The search decides how many bundles or groups each grouping offer forms
// and whether each per-unit offer, threshold and coupon is on. It is a depth
// first branch and bound over those decisions, evaluated stage by stage with
// an undo log, bounded by each remaining offer's best case, and seeded with
// the greedy-by-priority combination (each offer in priority order, applied
// at its most if that does not raise the payable) and the best single offer,
// so it is never worse than either. When it finishes within
// [Request.Limit] the quote is Exact: no combination under these rules is
// cheaper, which the tests check against a brute force that enumerates
// every combination (on 100,000 random carts with LIVECOMMERCE_LONG=1). Beyond the limit it returns the best combination found, Exact
// false, and a lower bound. Ties go to the higher-priority offers, applied
// more often, so the same request always gives the same quote whatever the
// order of its items and offers.
//
// The quote explains itself: for each applied offer its amount, base, units,
// applications, tier and funding source; for each other offer one
// machine-readable [Reason] (for a threshold, the amount short, so a shop
// can show "spend ¥3.50 more"); and the payable of the best combination with
// a different set of offers ([Quote.NextBest]).
//
// # Allocation
//
// A threshold's or coupon's discount goes to the lines in its scope in
// proportion to what they still pay, and a bundle's or N-for-price's to the
// lines it took units from in proportion to their list value, both by the
// largest-remainder method of [commerce.Money.Allocate] on lines sorted by
// SKU: ¥10.00 off three ¥10.00 lines is ¥3.34, ¥3.33 and ¥3.33. A line's
// discount is spread over its units so that they differ by at most one minor
// unit, the first k units of q carrying ⌊D·k/q⌋ (4 cents over 3 units is 1,
// 1 and 2 cents), and within that the offers' shares are laid end to end
// ([Line.Units]). Every level sums exactly to its parent, and per funding
// source ([Quote.Funded]) too. Units are never expanded: memory is bounded
// by lines × offers.
//
// # Refunds
//
// [Quote.Ledger] opens the quote's refund ledger under a [ReturnPolicy].
// Returned units are read from the front of each line's frozen ledger, so a
// refund is exactly what those units paid, any sequence of returns sums to
// what was paid, and the units kept are never re-discounted. When a return
// takes what is kept below a threshold or a coupon's minimum, the policy
// decides: [Keep] the discount, [ClawBack] what the kept units carry beyond
// what the offer now gives, or [Reprice] what is kept. Each [Refund] shows
// what was clawed back per offer; returning the rest gives it back.
//
// # Concurrency
//
// Offers, requests, quotes and ledgers are values that are never changed
// once made; Price and Ledger.Return may run on many goroutines at once.
package pricing
