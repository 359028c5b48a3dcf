// Package pricing models the promotions of live commerce as typed, validated
// offers: bundles, N-for-price, buy X get Y, ladder prices, percentage off,
// member prices, threshold discounts (满减, 满折), gifts and coupons, including
// the instant-discount coupon for joining a group chat.
//
// # Offers
//
// Every offer kind embeds [Terms]: an ID, a validity [Window] evaluated at
// the now the caller passes, an exclusivity group, the stages it does not
// combine with, who funds it ([Funding]), a per-buyer usage limit, the
// remaining budget and a priority. Each kind has a Validate method that
// names the first malformed field ("ladder \"l-1\": tiers[2]: min quantity:
// tiers out of order: 3 after 5"); the errors are *commerce.FieldError
// values that match [commerce.ErrInvalid].
//
// Offers belong to a [Stage]. Product-level offers price units, at most one
// per unit; order-level offers (thresholds, gifts) apply to what the
// product-level offers left; coupons apply last, at most one per funding
// source. A [Scope] selects the lines an offer looks at: SKUs, products,
// categories (with their subcategories) or everything.
//
// # Carts and buyers
//
// A [Cart] holds the [Item] lines to price: SKU, product, category, quantity
// (never expanded into units) and list price, one currency, each SKU once. A
// [Buyer] carries what offers are gated on: the membership tier, segments
// (the group-join coupon is for the "group-member" segment) and earlier
// uses of offers with a per-buyer limit. Both validate like the offers.
//
// # Rules the offers carry
//
// Thresholds compare exact amounts (¥99.50 does not reach "spend ¥100").
// Rates off are above 0% and at most 100%. Ladder and threshold tiers ascend
// strictly and a higher tier is never worse for the buyer. Amounts are
// commerce.Money, never floats; an offer's amounts share one currency.
//
// # Status
//
// This package holds the offer model and its validation. The quote that
// finds the best combination of offers for a cart, allocates every discount
// to lines, units and funding sources, and refunds partial returns from the
// frozen unit ledger is not written yet.
//
// # Concurrency
//
// Offers are plain values: copy them freely. Their slices are read, never
// written, by this package.
package pricing
