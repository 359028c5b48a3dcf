package pricing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func yuanUnits(u int64) commerce.Money { return commerce.MustNewMoney(u, commerce.CNY) }

func reqOf(items []Item, offers ...Offer) Request {
	return Request{Cart: Cart{Items: items}, Offers: offers, Buyer: Buyer{ID: "u"}, Now: genNow, Rounding: commerce.HalfUp}
}

// Pointers to offers satisfy the interface but are refused, nil or not.
func TestPriceRefusesOfferPointers(t *testing.T) {
	items := []Item{{SKU: "a", Quantity: 1, UnitPrice: yuanUnits(100)}}
	for _, o := range []Offer{(*PercentOff)(nil), &PercentOff{Terms: Terms{ID: "p", Funding: Shop}, Scope: AllItems(), Off: commerce.Percent(10)}} {
		_, err := Price(reqOf(items, o))
		assert.ErrorIs(t, err, commerce.ErrInvalid)
	}
}

// Bounds saturate instead of wrapping: a huge unit beside a multi-buy
// still prices exactly as the brute force does.
func TestBoundsDoNotOverflow(t *testing.T) {
	req := reqOf([]Item{{SKU: "a", Quantity: 1, UnitPrice: yuanUnits(5e14)}, {SKU: "b", Quantity: 30000, UnitPrice: yuanUnits(1)}},
		MultiBuy{Terms: Terms{ID: "m", Funding: Shop}, Scope: AllItems(), Quantity: 2, Price: yuanUnits(2), Pick: Dearest},
		PercentOff{Terms: Terms{ID: "p", Funding: Shop}, Scope: SKUs("b"), Off: commerce.Percent(50)})
	q, err := Price(req)
	require.NoError(t, err)
	p, _ := compile(req)
	for _, c := range p.dec {
		assert.GreaterOrEqual(t, c.ub, int64(0))
	}
	if q.Exact {
		best, _, _ := bruteForce(p)
		assert.Equal(t, best.pay, q.Payable.Units())
	}
	assert.LessOrEqual(t, q.Payable.Units(), int64(5e14+15001))
}

// An offer that is on but prices nothing neither excludes a gift nor lets
// the order go free; a multi-buy priced at list is not applied.
func TestOffersThatPriceNothingDoNotCount(t *testing.T) {
	items := []Item{{SKU: "a", Quantity: 1, UnitPrice: yuanUnits(1000)}}
	p1 := PercentOff{Terms: Terms{ID: "p1", Funding: Shop, Priority: 5}, Scope: AllItems(), Off: commerce.Percent(20)}
	p2 := PercentOff{Terms: Terms{ID: "p2", Funding: Shop, Excludes: []Stage{OrderStage}}, Scope: AllItems(), Off: commerce.Percent(10)}
	g := Gift{Terms: Terms{ID: "g", Funding: Shop}, Scope: AllItems(), Min: yuanUnits(0), SKU: "gift", Quantity: 1}
	q, err := Price(reqOf(items, p1, p2, g))
	require.NoError(t, err)
	assert.Len(t, q.Gifts, 1)

	free := PercentOff{Terms: Terms{ID: "f", Funding: Shop, Priority: 5}, Scope: AllItems(), Off: commerce.Percent(100)}
	allow := PercentOff{Terms: Terms{ID: "x", Funding: Shop, AllowFree: true}, Scope: AllItems(), Off: commerce.Percent(10)}
	q, err = Price(reqOf(items, free, allow))
	require.NoError(t, err)
	assert.Equal(t, int64(900), q.Payable.Units())

	atList := MultiBuy{Terms: Terms{ID: "m", Funding: Shop}, Scope: AllItems(), Quantity: 2, Price: yuanUnits(2000), Pick: Cheapest}
	q, err = Price(reqOf([]Item{{SKU: "a", Quantity: 2, UnitPrice: yuanUnits(1000)}}, atList, g))
	require.NoError(t, err)
	assert.Empty(t, q.Applied[:len(q.Applied)-1])
	assert.Equal(t, "g", q.Applied[0].Offer)
}

// Quantities in offers are bounded like cart quantities.
func TestOfferQuantitiesAreBounded(t *testing.T) {
	b := BuyXGetY{Terms: Terms{ID: "b", Funding: Shop}, Buy: AllItems(), BuyQuantity: 1 << 62, Get: AllItems(), GetQuantity: 1 << 62,
		Off: commerce.Percent(100), Pick: Cheapest}
	assert.ErrorIs(t, b.Validate(), commerce.ErrInvalid)
	m := MultiBuy{Terms: Terms{ID: "m", Funding: Shop}, Scope: AllItems(), Quantity: 1 << 40, Price: yuanUnits(1), Pick: Cheapest}
	assert.ErrorIs(t, m.Validate(), commerce.ErrInvalid)
}

// Units reports a run whose list does not fit rather than wrapping.
func TestUnitsOverflow(t *testing.T) {
	l := Line{SKU: "a", Quantity: 3, UnitPrice: yuanUnits(1 << 62), List: yuanUnits(1 << 62)}
	_, err := l.Units(0, 3)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
}
