package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

var (
	m   = commerce.MustParseMoney
	now = time.Date(2024, 6, 18, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))
)

func item(sku string, qty int64, price string) pricing.Item {
	return pricing.Item{SKU: sku, Quantity: qty, UnitPrice: m(price)}
}

func price(t *testing.T, items []pricing.Item, offers ...pricing.Offer) pricing.Quote {
	t.Helper()
	q, err := pricing.Price(pricing.Request{Cart: pricing.Cart{Items: items}, Offers: offers,
		Buyer: pricing.Buyer{ID: "u1", Tier: "gold", Segments: []string{"group-member"}}, Now: now, Rounding: commerce.HalfUp})
	require.NoError(t, err)
	require.True(t, q.Exact)
	return q
}

func shares(q pricing.Quote) []string {
	var out []string
	for _, l := range q.Lines {
		out = append(out, l.Discount.String())
	}
	return out
}

// mall #356: ¥10.00 off three ¥10.00 lines loses a cent when each line takes
// a rounded third. Ours: 3.34, 3.33, 3.33.
func TestTenOffThreeTens(t *testing.T) {
	q := price(t, []pricing.Item{item("a", 1, "¥10.00"), item("b", 1, "¥10.00"), item("c", 1, "¥10.00")},
		pricing.Coupon{Terms: terms("c10"), Scope: pricing.AllItems(), Save: m("¥10.00")})
	assert.Equal(t, []string{"CNY 3.34", "CNY 3.33", "CNY 3.33"}, shares(q))
	assert.Equal(t, "CNY 20.00", q.Payable.String())
}

// Saleor's clamp case: ¥4.00 off lines of 0.54, 0.68, 2.67 and 0.15 reduces
// them by 3.99 there. Ours takes exactly 4.00 and no line goes below zero.
func TestFourOffSmallLines(t *testing.T) {
	q := price(t, []pricing.Item{item("a", 1, "¥0.54"), item("b", 1, "¥0.68"), item("c", 1, "¥2.67"), item("d", 1, "¥0.15")},
		pricing.Coupon{Terms: terms("c4"), Scope: pricing.AllItems(), Save: m("¥4.00")})
	assert.Equal(t, "CNY 4.00", q.Discount.String())
	assert.Equal(t, []string{"CNY 0.54", "CNY 0.67", "CNY 2.64", "CNY 0.15"}, shares(q))
}

// Shopify's example: 4 cents over 3 units is 0.01, 0.01, 0.02 — the odd
// cents fall evenly through the line, the last unit carrying the extra one.
func TestFourCentsOverThreeUnits(t *testing.T) {
	q := price(t, []pricing.Item{item("a", 3, "¥1.00")},
		pricing.Coupon{Terms: terms("c"), Scope: pricing.AllItems(), Save: m("¥0.04")})
	var got []string
	for i := range int64(3) {
		u, err := q.Lines[0].Units(i, i+1)
		require.NoError(t, err)
		got = append(got, u.Discount.String())
	}
	assert.Equal(t, []string{"CNY 0.01", "CNY 0.01", "CNY 0.02"}, got)
}

// lilishop: a line of three units that paid ¥10.00, returned as 1 then 2
// units, refunds ¥9.99 there. Ours refunds ¥10.00.
func TestTenYuanReturnedOneThenTwo(t *testing.T) {
	q := price(t, []pricing.Item{item("a", 3, "¥5.00")},
		pricing.Coupon{Terms: terms("c"), Scope: pricing.AllItems(), Save: m("¥5.00")})
	require.Equal(t, "CNY 10.00", q.Payable.String())
	l, err := q.Ledger(pricing.Keep)
	require.NoError(t, err)
	r1, l, err := l.Return(pricing.Return{SKU: "a", Quantity: 1})
	require.NoError(t, err)
	r2, l, err := l.Return(pricing.Return{SKU: "a", Quantity: 2})
	require.NoError(t, err)
	assert.Equal(t, "CNY 3.34", r1.Amount.String())
	assert.Equal(t, "CNY 6.66", r2.Amount.String())
	assert.Equal(t, "CNY 10.00", l.Refunded().String())
}

// Saleor #17453: a 40% promotion and a 70% voucher gave a free order. Here
// the coupon applies to what the promotion left: ¥100 → ¥60 → ¥18.
func TestFortyThenSeventyIsNotFree(t *testing.T) {
	items := []pricing.Item{item("a", 1, "¥100.00")}
	q := price(t, items,
		pricing.PercentOff{Terms: terms("p40"), Scope: pricing.AllItems(), Off: commerce.Percent(40)},
		pricing.Coupon{Terms: terms("c70"), Scope: pricing.AllItems(), Off: commerce.Percent(70)})
	assert.Equal(t, "CNY 18.00", q.Payable.String())
	require.Len(t, q.Applied, 2)
	assert.Equal(t, "CNY 60.00", q.Applied[1].Base.String(), "the coupon's base is what the promotion left")

	// A 100% coupon leaves one fen to pay unless it allows a free order.
	full := pricing.Coupon{Terms: terms("c100"), Scope: pricing.AllItems(), Off: commerce.Percent(100)}
	assert.Equal(t, "CNY 0.01", price(t, items, full).Payable.String())
	full.AllowFree = true
	assert.Equal(t, "CNY 0.00", price(t, items, full).Payable.String())
	// Product-level offers may not make the whole order free either.
	pct := pricing.PercentOff{Terms: terms("p100"), Scope: pricing.AllItems(), Off: commerce.Percent(100)}
	q = price(t, items, pct)
	assert.Equal(t, "CNY 100.00", q.Payable.String())
	assert.Equal(t, pricing.NotBetter, q.Unapplied[0].Reason)
}

// Medusa #13265: buy 2 get 1 applied once to a cart that holds it twice.
// Ours repeats, up to the repeat limit and the maximum quantity.
func TestBuyXGetYRepeats(t *testing.T) {
	b2g1 := pricing.BuyXGetY{Terms: terms("b2g1"), Buy: pricing.SKUs("a"), BuyQuantity: 2, Get: pricing.SKUs("a"), GetQuantity: 1,
		Off: commerce.Percent(100), Pick: pricing.Cheapest}
	q := price(t, []pricing.Item{item("a", 7, "¥10.00")}, b2g1)
	assert.Equal(t, "CNY 50.00", q.Payable.String())
	assert.Equal(t, int64(2), q.Applied[0].Times)
	b2g1.MaxQuantity = 1
	assert.Equal(t, "CNY 60.00", price(t, []pricing.Item{item("a", 7, "¥10.00")}, b2g1).Payable.String())
	b2g1.MaxQuantity, b2g1.Repeat = 0, 1
	assert.Equal(t, "CNY 60.00", price(t, []pricing.Item{item("a", 7, "¥10.00")}, b2g1).Payable.String())
}

// mall's 满减 compared whole yuan: ¥99.50 qualified for "spend ¥100". Ours
// compares exactly and says how much is short.
func TestThresholdIsExact(t *testing.T) {
	full := pricing.Threshold{Terms: terms("t100"), Scope: pricing.AllItems(),
		Tiers: []pricing.ThresholdTier{{Min: m("¥100.00"), Save: m("¥10.00")}, {Min: m("¥200.00"), Save: m("¥25.00")}}}
	q := price(t, []pricing.Item{item("a", 1, "¥99.50")}, full)
	assert.Equal(t, "CNY 99.50", q.Payable.String())
	require.Len(t, q.Unapplied, 1)
	assert.Equal(t, pricing.BelowThreshold, q.Unapplied[0].Reason)
	assert.Equal(t, "CNY 0.50", q.Unapplied[0].Short.String())

	q = price(t, []pricing.Item{item("a", 1, "¥120.00"), item("b", 1, "¥90.00")}, full)
	assert.Equal(t, "CNY 185.00", q.Payable.String())
	assert.Equal(t, 2, q.Applied[0].Tier)

	every := pricing.Threshold{Terms: terms("every"), Scope: pricing.AllItems(),
		Every: &pricing.Every{Per: m("¥100.00"), Save: m("¥10.00"), Cap: m("¥30.00")}}
	assert.Equal(t, "CNY 320.00", price(t, []pricing.Item{item("a", 7, "¥50.00")}, every).Payable.String())
}

// A return that takes the order below a 满减 threshold, under each policy:
// spend ¥100 save ¥10 on ¥60 + ¥50; return the ¥50 item.
func TestReturnBelowThreshold(t *testing.T) {
	offer := pricing.Threshold{Terms: terms("m100"), Scope: pricing.AllItems(),
		Tiers: []pricing.ThresholdTier{{Min: m("¥100.00"), Save: m("¥10.00")}}}
	q := price(t, []pricing.Item{item("a", 1, "¥60.00"), item("b", 1, "¥50.00")}, offer)
	require.Equal(t, "CNY 100.00", q.Payable.String())
	require.Equal(t, []string{"CNY 5.45", "CNY 4.55"}, shares(q))

	for _, tc := range []struct {
		policy              pricing.ReturnPolicy
		first, clawed, last string
	}{
		{pricing.Keep, "CNY 45.45", "CNY 0.00", "CNY 54.55"},
		{pricing.ClawBack, "CNY 40.00", "CNY 5.45", "CNY 60.00"},
		{pricing.Reprice, "CNY 40.00", "CNY 5.45", "CNY 60.00"},
	} {
		l, err := q.Ledger(tc.policy)
		require.NoError(t, err)
		r, l, err := l.Return(pricing.Return{SKU: "b", Quantity: 1})
		require.NoError(t, err)
		assert.Equal(t, tc.first, r.Amount.String(), tc.policy.String())
		assert.Equal(t, tc.clawed, r.Clawed.String(), tc.policy.String())
		if tc.policy != pricing.Keep {
			require.Len(t, r.Clawbacks, 1)
			assert.Equal(t, "m100", r.Clawbacks[0].Offer)
		}
		r, l, err = l.Return(pricing.Return{SKU: "a", Quantity: 1})
		require.NoError(t, err)
		assert.Equal(t, tc.last, r.Amount.String(), "returning the rest gives back the deduction")
		assert.Equal(t, "CNY 100.00", l.Refunded().String())
	}
}

// Reprice catches a broken bundle: returning one half of "A + B for ¥80"
// deducts what the kept half now costs beyond what it paid.
func TestRepriceBrokenBundle(t *testing.T) {
	bundle := pricing.Bundle{Terms: terms("ab"), Items: []pricing.BundleItem{{Scope: pricing.SKUs("a"), Quantity: 1}, {Scope: pricing.SKUs("b"), Quantity: 1}},
		Price: m("¥80.00")}
	q := price(t, []pricing.Item{item("a", 1, "¥60.00"), item("b", 1, "¥40.00")}, bundle)
	require.Equal(t, "CNY 80.00", q.Payable.String())
	l, _ := q.Ledger(pricing.Reprice)
	r, _, err := l.Return(pricing.Return{SKU: "b", Quantity: 1})
	require.NoError(t, err)
	// b paid 32.00, a paid 48.00 and now costs 60.00: 12.00 is deducted.
	assert.Equal(t, "CNY 32.00", r.Paid.String())
	assert.Equal(t, "CNY 20.00", r.Amount.String())
	k, _ := q.Ledger(pricing.ClawBack) // thresholds and coupons only
	r, _, _ = k.Return(pricing.Return{SKU: "b", Quantity: 1})
	assert.Equal(t, "CNY 32.00", r.Amount.String())
}

// The best combination beats greedy: a bundle that the higher-priority
// percentage would block, and an exclusive group where the lower-priority
// offer is worth more.
func TestBestCombinationBeatsGreedy(t *testing.T) {
	hi := terms("pct")
	hi.Priority, hi.Group = 9, "g"
	lo := terms("bundle")
	lo.Group = "g"
	q := price(t, []pricing.Item{item("a", 1, "¥50.00"), item("b", 1, "¥50.00")},
		pricing.PercentOff{Terms: hi, Scope: pricing.AllItems(), Off: commerce.Percent(10)},
		pricing.Bundle{Terms: lo, Items: []pricing.BundleItem{{Scope: pricing.SKUs("a"), Quantity: 1}, {Scope: pricing.SKUs("b"), Quantity: 1}}, Price: m("¥70.00")})
	assert.Equal(t, "CNY 70.00", q.Payable.String())
	assert.Equal(t, "CNY 90.00", q.NextBest.String())
	require.Len(t, q.Unapplied, 1)
	assert.Equal(t, pricing.Unapplied{Offer: "pct", Reason: pricing.Excluded, By: "bundle"}, q.Unapplied[0])
}

func TestReasons(t *testing.T) {
	later := terms("later")
	later.Window = pricing.Window{From: now.Add(time.Hour)}
	used := terms("used")
	used.PerBuyerLimit = 1
	budget := terms("budget")
	budget.Budget = m("¥1.00")
	seg := pricing.Coupon{Terms: terms("vip-only"), Scope: pricing.AllItems(), Save: m("¥1.00"), Segment: "vip"}
	q, err := pricing.Price(pricing.Request{
		Cart: pricing.Cart{Items: []pricing.Item{item("a", 1, "¥50.00")}},
		Offers: []pricing.Offer{
			pricing.PercentOff{Terms: later, Scope: pricing.AllItems(), Off: commerce.Percent(10)},
			pricing.PercentOff{Terms: used, Scope: pricing.AllItems(), Off: commerce.Percent(10)},
			pricing.PercentOff{Terms: budget, Scope: pricing.AllItems(), Off: commerce.Percent(10)},
			pricing.PercentOff{Terms: terms("elsewhere"), Scope: pricing.SKUs("z"), Off: commerce.Percent(10)},
			pricing.MemberPrice{Terms: terms("silver"), Tier: "silver", Scope: pricing.AllItems(), Off: commerce.Percent(10)},
			pricing.MultiBuy{Terms: terms("3for"), Scope: pricing.AllItems(), Quantity: 3, Price: m("¥99.00"), Pick: pricing.Cheapest},
			seg,
		},
		Buyer: pricing.Buyer{ID: "u1", Uses: []pricing.Use{{Offer: "used", Count: 1}}}, Now: now, Rounding: commerce.HalfUp,
	})
	require.NoError(t, err)
	got := map[string]pricing.Reason{}
	for _, u := range q.Unapplied {
		got[u.Offer] = u.Reason
	}
	assert.Equal(t, map[string]pricing.Reason{"later": pricing.OutsideWindow, "used": pricing.LimitReached,
		"budget": pricing.OverBudget, "elsewhere": pricing.NothingInScope, "silver": pricing.NotForTier,
		"3for": pricing.TooFewUnits, "vip-only": pricing.NotInSegment}, got)
	text, err := pricing.BelowThreshold.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "below_threshold", string(text))
	_, err = pricing.Reason(0).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Reason(99)", pricing.Reason(99).String())
}

func TestPriceRejectsBadInput(t *testing.T) {
	ok := pricing.Request{Cart: pricing.Cart{Items: []pricing.Item{item("a", 1, "¥10.00")}},
		Buyer: pricing.Buyer{ID: "u1"}, Now: now, Rounding: commerce.HalfUp}
	cat, err := commerce.NewCatalogue(nil, nil)
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		edit func(*pricing.Request)
		want string
	}{
		"empty cart":     {func(r *pricing.Request) { r.Cart.Items = nil }, "cart: items"},
		"zero quantity":  {func(r *pricing.Request) { r.Cart.Items[0].Quantity = 0 }, "quantity"},
		"mixed currency": {func(r *pricing.Request) { r.Cart.Items = append(r.Cart.Items, item("b", 1, "USD 1.00")) }, "mixed currencies"},
		"no rounding":    {func(r *pricing.Request) { r.Rounding = 0 }, "rounding"},
		"no buyer":       {func(r *pricing.Request) { r.Buyer.ID = "" }, "buyer"},
		"negative limit": {func(r *pricing.Request) { r.Limit = -1 }, "limit"},
		"nil offer":      {func(r *pricing.Request) { r.Offers = []pricing.Offer{nil} }, "nil offer"},
		"duplicate ID": {func(r *pricing.Request) {
			o := pricing.PercentOff{Terms: terms("x"), Scope: pricing.AllItems(), Off: commerce.Percent(10)}
			r.Offers = []pricing.Offer{o, o}
		}, `offer "x": duplicate`},
		"over 100%": {func(r *pricing.Request) {
			r.Offers = []pricing.Offer{pricing.PercentOff{Terms: terms("x"), Scope: pricing.AllItems(), Off: commerce.Percent(120)}}
		}, `percent off "x": off`},
		"tiers out of order": {func(r *pricing.Request) {
			r.Offers = []pricing.Offer{pricing.Threshold{Terms: terms("t"), Scope: pricing.AllItems(), Tiers: []pricing.ThresholdTier{
				{Min: m("¥200.00"), Save: m("¥20.00")}, {Min: m("¥100.00"), Save: m("¥20.00")}}}}
		}, "out of order"},
		"offer currency": {func(r *pricing.Request) {
			r.Offers = []pricing.Offer{pricing.Coupon{Terms: terms("usd"), Scope: pricing.AllItems(), Save: m("USD 1.00")}}
		}, `offer "usd": save`},
		"unknown sku in offer": {func(r *pricing.Request) {
			r.Catalogue = &cat
			r.Offers = []pricing.Offer{pricing.PercentOff{Terms: terms("x"), Scope: pricing.SKUs("ghost"), Off: commerce.Percent(10)}}
		}, `sku "a"`},
		"duplicate excluded stage": {func(r *pricing.Request) {
			tt := terms("x")
			tt.Excludes = []pricing.Stage{pricing.CouponStage, pricing.CouponStage}
			r.Offers = []pricing.Offer{pricing.PercentOff{Terms: tt, Scope: pricing.AllItems(), Off: commerce.Percent(10)}}
		}, "excludes[1]"},
	} {
		t.Run(name, func(t *testing.T) {
			r := ok
			r.Cart.Items = append([]pricing.Item(nil), ok.Cart.Items...)
			tc.edit(&r)
			q, err := pricing.Price(r)
			require.Error(t, err)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, q)
		})
	}
	r := ok
	r.Cart.Items = []pricing.Item{item("a", 1_000_000, "¥9999999999.00")}
	_, err = pricing.Price(r)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	r = ok
	r.Offers = make([]pricing.Offer, pricing.MaxOffers+1)
	_, err = pricing.Price(r)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestLedgerRejectsBadReturns(t *testing.T) {
	q := price(t, []pricing.Item{item("a", 2, "¥10.00")})
	_, err := pricing.Quote{}.Ledger(pricing.Keep)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = q.Ledger(0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	l, err := q.Ledger(pricing.Keep)
	require.NoError(t, err)
	for _, items := range [][]pricing.Return{
		nil,
		{{SKU: "zz", Quantity: 1}},
		{{SKU: "a", Quantity: 3}},
		{{SKU: "a", Quantity: 0}},
		{{SKU: "a", Quantity: 1}, {SKU: "a", Quantity: 1}},
	} {
		_, next, err := l.Return(items...)
		assert.ErrorIs(t, err, commerce.ErrInvalid, "%v", items)
		assert.Equal(t, int64(0), next.Returned("a"), "a bad return changes nothing")
	}
	_, _, err = pricing.Ledger{}.Return(pricing.Return{SKU: "a", Quantity: 1})
	assert.Error(t, err)
	assert.Zero(t, pricing.Ledger{}.Refunded())
	assert.Zero(t, pricing.Ledger{}.Returned("a"))
	assert.Equal(t, "reprice", pricing.Reprice.String())
	assert.Equal(t, "ReturnPolicy(9)", pricing.ReturnPolicy(9).String())

	_, err = q.Lines[0].Units(1, 3)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	bad := q.Lines[0]
	bad.Discount = m("¥50.00")
	_, err = bad.Units(0, 1)
	assert.True(t, errors.Is(err, commerce.ErrInvalid))
}

// With a catalogue, every SKU the cart and the offers name must be in it.
func TestPriceChecksSKUsAgainstCatalogue(t *testing.T) {
	cat := commercetest.BeautyCatalogue()
	r := pricing.Request{Cart: pricing.Cart{Items: []pricing.Item{item("beauty-sku-01", 2, "¥19.90")}},
		Buyer: pricing.Buyer{ID: "u1"}, Now: now, Rounding: commerce.HalfUp, Catalogue: &cat}
	for _, o := range []pricing.Offer{
		pricing.PercentOff{Terms: terms("x"), Scope: pricing.SKUs("ghost"), Off: commerce.Percent(10)},
		pricing.Gift{Terms: terms("x"), Scope: pricing.AllItems(), Min: m("¥1.00"), SKU: "ghost", Quantity: 1},
		pricing.MemberPrice{Terms: terms("x"), Tier: "gold", Prices: []pricing.SKUPrice{{SKU: "ghost", Price: m("¥1.00")}}},
		pricing.Bundle{Terms: terms("x"), Items: []pricing.BundleItem{{Scope: pricing.SKUs("ghost"), Quantity: 2}}, Price: m("¥1.00")},
	} {
		r.Offers = []pricing.Offer{o}
		_, err := pricing.Price(r)
		assert.ErrorIs(t, err, commerce.ErrInvalid)
		assert.ErrorContains(t, err, `offer "x": sku "ghost"`)
	}
	r.Offers = []pricing.Offer{pricing.Gift{Terms: terms("x"), Scope: pricing.AllItems(), Min: m("¥30.00"), SKU: "beauty-sku-07", Quantity: 1}}
	q, err := pricing.Price(r)
	require.NoError(t, err)
	assert.Equal(t, []pricing.FreeItem{{Offer: "x", SKU: "beauty-sku-07", Quantity: 1}}, q.Gifts)
}
