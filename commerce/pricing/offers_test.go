package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

func cny(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

func terms(id string) pricing.Terms { return pricing.Terms{ID: id, Funding: pricing.Shop} }

// offerCase is a valid offer, a change that breaks it, and the field path the
// error must name.
type offerCase struct {
	name  string
	offer pricing.Offer
	field string
	err   error
}

func runOfferCases(t *testing.T, valid pricing.Offer, cases []offerCase) {
	t.Helper()
	require.NoError(t, valid.Validate())
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.offer.Validate()
			want := tt.err
			if want == nil {
				want = commerce.ErrInvalid
			}
			assert.ErrorIs(t, err, want)
			var fe *commerce.FieldError
			if assert.True(t, errors.As(err, &fe), "%v", err) {
				assert.Equal(t, tt.field, fe.Field)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	at := time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)
	valid := pricing.PercentOff{Terms: terms("p"), Scope: pricing.AllItems(), Off: commerce.Percent(10)}
	edit := func(f func(*pricing.Terms)) pricing.PercentOff {
		o := valid
		f(&o.Terms)
		return o
	}
	runOfferCases(t, valid, []offerCase{
		{"no id", edit(func(t *pricing.Terms) { t.ID = "" }), "percent off: id", nil},
		{"window backwards", edit(func(t *pricing.Terms) { t.Window = pricing.Window{From: at, To: at} }), `percent off "p": window`, nil},
		{"no funding", edit(func(t *pricing.Terms) { t.Funding = 0 }), `percent off "p": funding`, nil},
		{"negative limit", edit(func(t *pricing.Terms) { t.PerBuyerLimit = -1 }), `percent off "p": per-buyer limit`, nil},
		{"negative budget", edit(func(t *pricing.Terms) { t.Budget = cny("-1") }), `percent off "p": budget`, nil},
		{"unknown stage", edit(func(t *pricing.Terms) { t.Excludes = []pricing.Stage{pricing.CouponStage, 9} }), `percent off "p": excludes[1]`, nil},
	})

	w := pricing.Window{From: at, To: at.Add(time.Hour)}
	assert.True(t, w.Contains(at), "the start is inside")
	assert.False(t, w.Contains(at.Add(time.Hour)), "the end is outside")
	assert.False(t, w.Contains(at.Add(-time.Nanosecond)))
	assert.True(t, pricing.Window{}.Contains(at))
	assert.True(t, pricing.Window{From: at}.Contains(at.Add(1000*time.Hour)))
	assert.Equal(t, "p", pricing.TermsOf(valid).ID)
}

func TestScope(t *testing.T) {
	tests := []struct {
		name  string
		scope pricing.Scope
		field string
	}{
		{"nothing", pricing.Scope{}, "scope"},
		{"all and a list", pricing.Scope{All: true, SKUs: []string{"a"}}, "scope"},
		{"empty id", pricing.Scope{Products: []string{""}}, "scope: products[0]"},
		{"duplicate", pricing.Scope{Categories: []string{"a", "a"}}, "scope: categories[1]"},
	}
	for _, tt := range tests {
		err := tt.scope.Validate()
		var fe *commerce.FieldError
		require.ErrorAs(t, err, &fe, tt.name)
		assert.Equal(t, tt.field, fe.Field, tt.name)
	}
	require.NoError(t, pricing.SKUs("s-1", "s-2").Validate())

	s := pricing.Scope{Products: []string{"p-1"}, Categories: []string{"beauty/tools"}}
	assert.True(t, s.Contains("x", "p-1", ""))
	assert.True(t, s.Contains("x", "p-2", "beauty/tools"))
	assert.True(t, s.Contains("x", "p-2", "beauty/tools/sponges"), "subcategories match")
	assert.False(t, s.Contains("x", "p-2", "beauty/toolsets"), "a category matches at a path boundary")
	assert.False(t, s.Contains("x", "p-2", "beauty"))
	assert.True(t, pricing.AllItems().Contains("", "", ""))
	assert.True(t, pricing.SKUs("s-1").Contains("s-1", "", ""))
}

func TestBundle(t *testing.T) {
	valid := pricing.Bundle{
		Terms: terms("b"),
		Items: []pricing.BundleItem{{Scope: pricing.SKUs("sponge"), Quantity: 1}, {Scope: pricing.SKUs("brush"), Quantity: 1}},
		Price: cny("49.00"),
	}
	with := func(f func(*pricing.Bundle)) pricing.Bundle {
		b := valid
		b.Items = append([]pricing.BundleItem(nil), valid.Items...)
		f(&b)
		return b
	}
	runOfferCases(t, valid, []offerCase{
		{"no items", with(func(b *pricing.Bundle) { b.Items = nil }), `bundle "b": items`, nil},
		{"one unit", with(func(b *pricing.Bundle) { b.Items = b.Items[:1] }), `bundle "b": items`, nil},
		{"bad scope", with(func(b *pricing.Bundle) { b.Items[1].Scope = pricing.Scope{} }), `bundle "b": items[1]: scope`, nil},
		{"zero quantity", with(func(b *pricing.Bundle) { b.Items[0].Quantity = 0 }), `bundle "b": items[0]: quantity`, nil},
		{"no currency", with(func(b *pricing.Bundle) { b.Price = commerce.Money{} }), `bundle "b": price`, commerce.ErrUnknownCurrency},
		{"negative price", with(func(b *pricing.Bundle) { b.Price = cny("-1") }), `bundle "b": price`, nil},
		{"negative repeat", with(func(b *pricing.Bundle) { b.Repeat = -1 }), `bundle "b": repeat`, nil},
	})
	assert.Equal(t, pricing.ProductStage, valid.Stage())
	two := valid
	two.Items = []pricing.BundleItem{{Scope: pricing.SKUs("sponge"), Quantity: 2}}
	assert.NoError(t, two.Validate(), "two units of one SKU make a bundle")
}

func TestMultiBuy(t *testing.T) {
	valid := pricing.MultiBuy{Terms: terms("m"), Scope: pricing.AllItems(), Quantity: 3, Price: cny("99"), Pick: pricing.Cheapest}
	with := func(f func(*pricing.MultiBuy)) pricing.MultiBuy { m := valid; f(&m); return m }
	runOfferCases(t, valid, []offerCase{
		{"scope", with(func(m *pricing.MultiBuy) { m.Scope = pricing.Scope{} }), `multi-buy "m": scope`, nil},
		{"one unit", with(func(m *pricing.MultiBuy) { m.Quantity = 1 }), `multi-buy "m": quantity`, nil},
		{"price", with(func(m *pricing.MultiBuy) { m.Price = commerce.Money{} }), `multi-buy "m": price`, commerce.ErrUnknownCurrency},
		{"pick", with(func(m *pricing.MultiBuy) { m.Pick = 0 }), `multi-buy "m": pick`, nil},
		{"repeat", with(func(m *pricing.MultiBuy) { m.Repeat = -2 }), `multi-buy "m": repeat`, nil},
		{"terms", with(func(m *pricing.MultiBuy) { m.Funding = 7 }), `multi-buy "m": funding`, nil},
	})
	assert.Equal(t, pricing.ProductStage, valid.Stage())
}

func TestBuyXGetY(t *testing.T) {
	valid := pricing.BuyXGetY{
		Terms: terms("x"), Buy: pricing.SKUs("cup"), BuyQuantity: 2, Get: pricing.SKUs("cup"), GetQuantity: 1,
		Off: commerce.Percent(100), Pick: pricing.Cheapest,
	}
	with := func(f func(*pricing.BuyXGetY)) pricing.BuyXGetY { b := valid; f(&b); return b }
	runOfferCases(t, valid, []offerCase{
		{"terms", with(func(b *pricing.BuyXGetY) { b.ID = " x" }), "buy x get y: id", nil},
		{"buy scope", with(func(b *pricing.BuyXGetY) { b.Buy = pricing.Scope{} }), `buy x get y "x": buy: scope`, nil},
		{"get scope", with(func(b *pricing.BuyXGetY) { b.Get = pricing.Scope{} }), `buy x get y "x": get: scope`, nil},
		{"buy quantity", with(func(b *pricing.BuyXGetY) { b.BuyQuantity = 0 }), `buy x get y "x": buy quantity`, nil},
		{"get quantity", with(func(b *pricing.BuyXGetY) { b.GetQuantity = -1 }), `buy x get y "x": get quantity`, nil},
		{"max quantity", with(func(b *pricing.BuyXGetY) { b.MaxQuantity = -1 }), `buy x get y "x": max quantity`, nil},
		{"no discount", with(func(b *pricing.BuyXGetY) { b.Off = commerce.Rate{} }), `buy x get y "x": off`, nil},
		{"over 100%", with(func(b *pricing.BuyXGetY) { b.Off = commerce.Percent(101) }), `buy x get y "x": off`, nil},
		{"pick", with(func(b *pricing.BuyXGetY) { b.Pick = 3 }), `buy x get y "x": pick`, nil},
		{"repeat", with(func(b *pricing.BuyXGetY) { b.Repeat = -1 }), `buy x get y "x": repeat`, nil},
	})
	assert.Equal(t, pricing.ProductStage, valid.Stage())
}

func TestLadder(t *testing.T) {
	valid := pricing.Ladder{Terms: terms("l"), Scope: pricing.SKUs("sponge"), Tiers: []pricing.LadderTier{
		{MinQuantity: 2, UnitPrice: cny("18")}, {MinQuantity: 5, UnitPrice: cny("15")},
	}}
	with := func(f func(*pricing.Ladder)) pricing.Ladder {
		l := valid
		l.Tiers = append([]pricing.LadderTier(nil), valid.Tiers...)
		f(&l)
		return l
	}
	runOfferCases(t, valid, []offerCase{
		{"scope", with(func(l *pricing.Ladder) { l.Scope = pricing.Scope{} }), `ladder "l": scope`, nil},
		{"no tiers", with(func(l *pricing.Ladder) { l.Tiers = nil }), `ladder "l": tiers`, nil},
		{"min quantity", with(func(l *pricing.Ladder) { l.Tiers[0].MinQuantity = 0 }), `ladder "l": tiers[0]: min quantity`, nil},
		{"out of order", with(func(l *pricing.Ladder) { l.Tiers[1].MinQuantity = 2 }), `ladder "l": tiers[1]: min quantity`, nil},
		{"worse", with(func(l *pricing.Ladder) { l.Tiers[1].UnitPrice = cny("19") }), `ladder "l": tiers[1]`, nil},
		{"both kinds", with(func(l *pricing.Ladder) { l.Tiers[0].Off = commerce.Percent(5) }), `ladder "l": tiers[0]`, nil},
		{"mixed kinds", with(func(l *pricing.Ladder) { l.Tiers[1] = pricing.LadderTier{MinQuantity: 5, Off: commerce.Percent(5)} }), `ladder "l": tiers[1]`, nil},
		{"negative price", with(func(l *pricing.Ladder) { l.Tiers[0].UnitPrice = cny("-1") }), `ladder "l": tiers[0]: unit price`, nil},
		{"mixed currencies", with(func(l *pricing.Ladder) { l.Tiers[1].UnitPrice = commerce.MustParseMoney("USD 1") }), `ladder "l": tiers[1]: unit price`, commerce.ErrCurrencyMismatch},
	})
	byRate := pricing.Ladder{Terms: terms("r"), Scope: pricing.AllItems(), Tiers: []pricing.LadderTier{
		{MinQuantity: 2, Off: commerce.Percent(5)}, {MinQuantity: 3, Off: commerce.Percent(10)},
	}}
	require.NoError(t, byRate.Validate())
	byRate.Tiers = []pricing.LadderTier{{MinQuantity: 2, Off: commerce.Percent(10)}, {MinQuantity: 3, Off: commerce.Percent(5)}}
	assert.ErrorIs(t, byRate.Validate(), commerce.ErrInvalid, "a rate that falls with quantity")
	byRate.Tiers = []pricing.LadderTier{{MinQuantity: 2, Off: commerce.Percent(110)}}
	assert.ErrorIs(t, byRate.Validate(), commerce.ErrInvalid, "over 100%")
	assert.Equal(t, pricing.ProductStage, valid.Stage())
}

func TestPercentOffAndMemberPrice(t *testing.T) {
	po := pricing.PercentOff{Terms: terms("p"), Scope: pricing.AllItems(), Off: commerce.Percent(20)}
	with := func(f func(*pricing.PercentOff)) pricing.PercentOff { o := po; f(&o); return o }
	runOfferCases(t, po, []offerCase{
		{"scope", with(func(o *pricing.PercentOff) { o.Scope = pricing.Scope{} }), `percent off "p": scope`, nil},
		{"negative", with(func(o *pricing.PercentOff) { o.Off = commerce.Percent(-5) }), `percent off "p": off`, nil},
	})
	assert.Equal(t, pricing.ProductStage, po.Stage())

	mp := pricing.MemberPrice{Terms: terms("m"), Tier: "gold", Prices: []pricing.SKUPrice{{SKU: "a", Price: cny("9.90")}, {SKU: "b", Price: cny("19.90")}}}
	withM := func(f func(*pricing.MemberPrice)) pricing.MemberPrice {
		m := mp
		m.Prices = append([]pricing.SKUPrice(nil), mp.Prices...)
		f(&m)
		return m
	}
	runOfferCases(t, mp, []offerCase{
		{"terms", withM(func(m *pricing.MemberPrice) { m.ID = "" }), "member price: id", nil},
		{"tier", withM(func(m *pricing.MemberPrice) { m.Tier = "" }), `member price "m": tier`, nil},
		{"both forms", withM(func(m *pricing.MemberPrice) { m.Off = commerce.Percent(5) }), `member price "m"`, nil},
		{"sku", withM(func(m *pricing.MemberPrice) { m.Prices[1].SKU = "" }), `member price "m": prices[1]: sku`, nil},
		{"duplicate sku", withM(func(m *pricing.MemberPrice) { m.Prices[1].SKU = "a" }), `member price "m": prices[1]: sku`, nil},
		{"price", withM(func(m *pricing.MemberPrice) { m.Prices[0].Price = cny("-1") }), `member price "m": prices[0]: price`, nil},
		{"currencies", withM(func(m *pricing.MemberPrice) { m.Prices[1].Price = commerce.MustParseMoney("USD 1") }), `member price "m": prices[1]: price`, commerce.ErrCurrencyMismatch},
		{"rate form scope", withM(func(m *pricing.MemberPrice) { m.Prices = nil; m.Off = commerce.Percent(5) }), `member price "m": scope`, nil},
		{"rate form off", withM(func(m *pricing.MemberPrice) { m.Prices = nil; m.Scope = pricing.AllItems() }), `member price "m": off`, nil},
	})
	byRate := pricing.MemberPrice{Terms: terms("r"), Tier: "gold", Scope: pricing.AllItems(), Off: commerce.Percent(12)}
	require.NoError(t, byRate.Validate())
	assert.Equal(t, pricing.ProductStage, byRate.Stage())
}

func TestThreshold(t *testing.T) {
	valid := pricing.Threshold{Terms: terms("t"), Scope: pricing.AllItems(), Tiers: []pricing.ThresholdTier{
		{Min: cny("100"), Save: cny("10")}, {Min: cny("200"), Save: cny("25")},
	}}
	with := func(f func(*pricing.Threshold)) pricing.Threshold {
		th := valid
		th.Tiers = append([]pricing.ThresholdTier(nil), valid.Tiers...)
		f(&th)
		return th
	}
	every := &pricing.Every{Per: cny("100"), Save: cny("10"), Cap: cny("50")}
	runOfferCases(t, valid, []offerCase{
		{"scope", with(func(th *pricing.Threshold) { th.Scope = pricing.Scope{} }), `threshold "t": scope`, nil},
		{"nothing", with(func(th *pricing.Threshold) { th.Tiers = nil }), `threshold "t"`, nil},
		{"both forms", with(func(th *pricing.Threshold) { th.Every = every }), `threshold "t"`, nil},
		{"min", with(func(th *pricing.Threshold) { th.Tiers[0].Min = commerce.Money{} }), `threshold "t": tiers[0]: min`, commerce.ErrUnknownCurrency},
		{"out of order", with(func(th *pricing.Threshold) { th.Tiers[1].Min = cny("100") }), `threshold "t": tiers[1]: min`, nil},
		{"saves less", with(func(th *pricing.Threshold) { th.Tiers[1].Save = cny("9") }), `threshold "t": tiers[1]`, nil},
		{"saves more than spent", with(func(th *pricing.Threshold) { th.Tiers[0].Save = cny("100.01") }), `threshold "t": tiers[0]: save`, nil},
		{"zero save", with(func(th *pricing.Threshold) { th.Tiers[0].Save = cny("0") }), `threshold "t": tiers[0]: save`, nil},
		{"both kinds", with(func(th *pricing.Threshold) { th.Tiers[0].Off = commerce.Percent(5) }), `threshold "t": tiers[0]`, nil},
		{"currencies", with(func(th *pricing.Threshold) {
			th.Tiers[1] = pricing.ThresholdTier{Min: commerce.MustParseMoney("USD 200"), Save: commerce.MustParseMoney("USD 25")}
		}), `threshold "t": tiers[1]: min`, commerce.ErrCurrencyMismatch},
		{"save currency", with(func(th *pricing.Threshold) { th.Tiers[0].Save = commerce.MustParseMoney("USD 1") }), `threshold "t": tiers[0]: save`, commerce.ErrCurrencyMismatch},
	})
	discount := pricing.Threshold{Terms: terms("z"), Scope: pricing.AllItems(), Tiers: []pricing.ThresholdTier{
		{Min: cny("100"), Off: commerce.Percent(5)}, {Min: cny("300"), Off: commerce.Percent(10)},
	}}
	require.NoError(t, discount.Validate(), "满折")
	discount.Tiers[1].Off = commerce.Percent(4)
	assert.ErrorIs(t, discount.Validate(), commerce.ErrInvalid)
	discount.Tiers[1].Off = commerce.Percent(200)
	assert.ErrorIs(t, discount.Validate(), commerce.ErrInvalid)

	repeating := pricing.Threshold{Terms: terms("e"), Scope: pricing.AllItems(), Every: every}
	require.NoError(t, repeating.Validate())
	for _, bad := range []pricing.Every{
		{Save: cny("10")},
		{Per: cny("100")},
		{Per: cny("100"), Save: cny("101")},
		{Per: cny("100"), Save: cny("10"), Cap: cny("0")},
		{Per: cny("100"), Save: cny("10"), Cap: commerce.MustParseMoney("USD 50")},
		{Per: cny("100"), Save: commerce.MustParseMoney("USD 10")},
	} {
		r := repeating
		r.Every = &bad
		assert.ErrorIs(t, r.Validate(), commerce.ErrInvalid, "%+v", bad)
	}
	nocap := repeating
	nocap.Every = &pricing.Every{Per: cny("100"), Save: cny("10")}
	assert.NoError(t, nocap.Validate())
	assert.Equal(t, pricing.OrderStage, valid.Stage())
}

func TestGift(t *testing.T) {
	valid := pricing.Gift{Terms: terms("g"), Scope: pricing.AllItems(), Min: cny("99"), SKU: "mirror", Quantity: 1}
	with := func(f func(*pricing.Gift)) pricing.Gift { g := valid; f(&g); return g }
	runOfferCases(t, valid, []offerCase{
		{"terms", with(func(g *pricing.Gift) { g.Funding = 0 }), `gift "g": funding`, nil},
		{"scope", with(func(g *pricing.Gift) { g.Scope = pricing.Scope{} }), `gift "g": scope`, nil},
		{"min", with(func(g *pricing.Gift) { g.Min = cny("-1") }), `gift "g": min`, nil},
		{"sku", with(func(g *pricing.Gift) { g.SKU = "" }), `gift "g": sku`, nil},
		{"quantity", with(func(g *pricing.Gift) { g.Quantity = 0 }), `gift "g": quantity`, nil},
	})
	assert.Equal(t, pricing.OrderStage, valid.Stage())
}

func TestCoupon(t *testing.T) {
	// The instant-discount coupon for joining the group chat.
	valid := pricing.Coupon{Terms: pricing.Terms{ID: "join", Funding: pricing.Shop, PerBuyerLimit: 1},
		Scope: pricing.AllItems(), Save: cny("5"), Segment: "group-member"}
	with := func(f func(*pricing.Coupon)) pricing.Coupon { c := valid; f(&c); return c }
	runOfferCases(t, valid, []offerCase{
		{"terms", with(func(c *pricing.Coupon) { c.PerBuyerLimit = -1 }), `coupon "join": per-buyer limit`, nil},
		{"scope", with(func(c *pricing.Coupon) { c.Scope = pricing.Scope{} }), `coupon "join": scope`, nil},
		{"min", with(func(c *pricing.Coupon) { c.Min = cny("-1") }), `coupon "join": min`, nil},
		{"neither", with(func(c *pricing.Coupon) { c.Save = commerce.Money{} }), `coupon "join"`, nil},
		{"both", with(func(c *pricing.Coupon) { c.Off = commerce.Percent(10) }), `coupon "join"`, nil},
		{"zero save", with(func(c *pricing.Coupon) { c.Save = cny("0") }), `coupon "join": save`, nil},
		{"cap on amount", with(func(c *pricing.Coupon) { c.MaxSave = cny("3") }), `coupon "join": max save`, nil},
		{"currencies", with(func(c *pricing.Coupon) { c.Min = commerce.MustParseMoney("USD 10") }), `coupon "join": save`, commerce.ErrCurrencyMismatch},
		{"segment", with(func(c *pricing.Coupon) { c.Segment = " x" }), `coupon "join": segment`, nil},
	})
	rate := pricing.Coupon{Terms: pricing.Terms{ID: "plat", Funding: pricing.Platform}, Scope: pricing.AllItems(),
		Min: cny("100"), Off: commerce.Percent(70), MaxSave: cny("50")}
	require.NoError(t, rate.Validate())
	for _, c := range []pricing.Coupon{
		func() pricing.Coupon { r := rate; r.Off = commerce.Percent(101); return r }(),
		func() pricing.Coupon { r := rate; r.MaxSave = cny("0"); return r }(),
		func() pricing.Coupon { r := rate; r.MaxSave = commerce.MustParseMoney("USD 5"); return r }(),
	} {
		assert.ErrorIs(t, c.Validate(), commerce.ErrInvalid)
	}
	assert.Equal(t, pricing.CouponStage, valid.Stage())
}

func TestNames(t *testing.T) {
	assert.Equal(t, "product", pricing.ProductStage.String())
	assert.Equal(t, "order", pricing.OrderStage.String())
	assert.Equal(t, "coupon", pricing.CouponStage.String())
	assert.Equal(t, "Stage(0)", pricing.Stage(0).String())
	for f, name := range map[pricing.Funding]string{pricing.Shop: "shop", pricing.Platform: "platform", pricing.Creator: "creator", pricing.Brand: "brand"} {
		assert.Equal(t, name, f.String())
	}
	assert.Equal(t, "Funding(9)", pricing.Funding(9).String())
	assert.Equal(t, "cheapest", pricing.Cheapest.String())
	assert.Equal(t, "dearest", pricing.Dearest.String())
	assert.Equal(t, "Pick(0)", pricing.Pick(0).String())
}
