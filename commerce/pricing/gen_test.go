package pricing

import (
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// cases returns n, or long when LIVECOMMERCE_LONG=1 asks for the full size.
func cases(n, long int) int {
	if os.Getenv("LIVECOMMERCE_LONG") == "1" {
		return long
	}
	return n
}

var genNow = time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)

// gen draws random carts and offers for the property and oracle tests.
type gen struct {
	r    *rand.Rand
	skus int // distinct SKUs to draw from
	qty  int64
}

func (g gen) yuan(lo, hi int64) commerce.Money {
	return commerce.MustNewMoney((lo+g.r.Int64N(hi-lo+1))*10, commerce.CNY)
}

func (g gen) cart(lines int) Cart {
	var c Cart
	for _, i := range g.r.Perm(g.skus)[:min(lines, g.skus)] {
		c.Items = append(c.Items, Item{
			SKU: fmt.Sprintf("s%d", i), Product: fmt.Sprintf("p%d", i%3), Category: []string{"c0", "c0/x", "c1"}[i%3],
			Quantity: 1 + g.r.Int64N(g.qty), UnitPrice: g.yuan(1, 500),
		})
	}
	return c
}

func (g gen) scope() Scope {
	switch g.r.IntN(6) {
	case 0:
		return AllItems()
	case 1:
		return Scope{Products: []string{fmt.Sprintf("p%d", g.r.IntN(3))}}
	case 2:
		return Scope{Categories: []string{[]string{"c0", "c0/x", "c1"}[g.r.IntN(3)]}}
	}
	var ids []string
	for _, i := range g.r.Perm(g.skus)[:1+g.r.IntN(3)] {
		ids = append(ids, fmt.Sprintf("s%d", i))
	}
	return SKUs(ids...)
}

func (g gen) terms(i int) Terms {
	t := Terms{ID: fmt.Sprintf("o%d", i), Funding: Funding(1 + g.r.IntN(4)), Priority: g.r.IntN(3)}
	if g.r.IntN(3) == 0 {
		t.Group = []string{"g1", "g2"}[g.r.IntN(2)]
	}
	if g.r.IntN(5) == 0 {
		t.Excludes = []Stage{Stage(1 + g.r.IntN(3))}
	}
	if g.r.IntN(8) == 0 {
		t.Budget = g.yuan(1, 50)
	}
	if g.r.IntN(10) == 0 {
		t.AllowFree = true
	}
	if g.r.IntN(12) == 0 {
		t.Window = Window{From: genNow.Add(time.Hour)}
	}
	return t
}

func (g gen) offer(i int) Offer {
	t := g.terms(i)
	pct := func() commerce.Rate { return commerce.Percent(5 + 5*g.r.Int64N(19)) }
	pick := Pick(1 + g.r.IntN(2))
	switch g.r.IntN(9) {
	case 0:
		return Bundle{Terms: t, Items: []BundleItem{{Scope: g.scope(), Quantity: 1 + g.r.Int64N(2)}, {Scope: g.scope(), Quantity: 1}},
			Price: g.yuan(20, 600), Repeat: g.r.IntN(3)}
	case 1:
		return MultiBuy{Terms: t, Scope: g.scope(), Quantity: 2 + g.r.Int64N(2), Price: g.yuan(20, 800), Pick: pick, Repeat: g.r.IntN(3)}
	case 2:
		return BuyXGetY{Terms: t, Buy: g.scope(), BuyQuantity: 1 + g.r.Int64N(2), Get: g.scope(), GetQuantity: 1,
			Off: []commerce.Rate{commerce.Percent(100), commerce.Percent(50)}[g.r.IntN(2)], Pick: pick, Repeat: g.r.IntN(3), MaxQuantity: g.r.Int64N(3)}
	case 3:
		if g.r.IntN(2) == 0 {
			return Ladder{Terms: t, Scope: g.scope(), Tiers: []LadderTier{{MinQuantity: 2, Off: commerce.Percent(10)}, {MinQuantity: 4, Off: commerce.Percent(20)}}}
		}
		return Ladder{Terms: t, Scope: g.scope(), Tiers: []LadderTier{{MinQuantity: 1 + g.r.Int64N(3), UnitPrice: g.yuan(1, 300)}}}
	case 4:
		return PercentOff{Terms: t, Scope: g.scope(), Off: pct()}
	case 5:
		if g.r.IntN(2) == 0 {
			return MemberPrice{Terms: t, Tier: "gold", Scope: g.scope(), Off: pct()}
		}
		return MemberPrice{Terms: t, Tier: "gold", Prices: []SKUPrice{{SKU: fmt.Sprintf("s%d", g.r.IntN(g.skus)), Price: g.yuan(1, 400)}}}
	case 6:
		if g.r.IntN(3) == 0 {
			return Threshold{Terms: t, Scope: g.scope(), Every: &Every{Per: g.yuan(50, 300), Save: g.yuan(5, 40), Cap: g.yuan(40, 100)}}
		}
		lo := g.yuan(50, 600)
		if g.r.IntN(2) == 0 {
			return Threshold{Terms: t, Scope: g.scope(), Tiers: []ThresholdTier{{Min: lo, Off: commerce.Percent(5)}, {Min: commerce.MustNewMoney(2*lo.Units(), commerce.CNY), Off: commerce.Percent(15)}}}
		}
		return Threshold{Terms: t, Scope: g.scope(), Tiers: []ThresholdTier{{Min: lo, Save: commerce.MustNewMoney(lo.Units()/10, commerce.CNY)}, {Min: commerce.MustNewMoney(2*lo.Units(), commerce.CNY), Save: commerce.MustNewMoney(lo.Units()/4, commerce.CNY)}}}
	case 7:
		c := Coupon{Terms: t, Scope: g.scope()}
		if g.r.IntN(2) == 0 {
			c.Min = g.yuan(0, 500)
		}
		if g.r.IntN(2) == 0 {
			c.Save = g.yuan(5, 100)
		} else {
			c.Off = pct()
			if g.r.IntN(2) == 0 {
				c.MaxSave = g.yuan(5, 50)
			}
		}
		if g.r.IntN(4) == 0 {
			c.Segment = "group-member"
		}
		return c
	}
	return Gift{Terms: t, Scope: g.scope(), Min: g.yuan(10, 600), SKU: "gift", Quantity: 1}
}

// request draws a valid request of up to lines lines and offers offers.
func (g gen) request(lines, offers int) Request {
	r := Request{Cart: g.cart(1 + g.r.IntN(lines)), Buyer: Buyer{ID: "u1"}, Now: genNow, Rounding: commerce.HalfUp}
	if g.r.IntN(2) == 0 {
		r.Buyer.Tier = "gold"
	}
	if g.r.IntN(2) == 0 {
		r.Buyer.Segments = []string{"group-member"}
	}
	n := offers/2 + g.r.IntN(offers/2+1)
	for i := 0; len(r.Offers) < n && i < 4*offers; i++ {
		if o := g.offer(len(r.Offers)); o.Validate() == nil {
			r.Offers = append(r.Offers, o)
		}
	}
	return r
}
