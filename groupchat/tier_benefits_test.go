package groupchat

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tierQuote prices a cart of two cups and a lid for a buyer with the given
// offers at 20:00 on 18 June 2026.
func tierQuote(t *testing.T, buyer pricing.Buyer, offers ...pricing.Offer) pricing.Quote {
	t.Helper()
	q, err := pricing.Price(pricing.Request{
		Cart: pricing.Cart{Items: []pricing.Item{
			{SKU: "cup", Quantity: 2, UnitPrice: tierYuan("59.00")},
			{SKU: "lid", Quantity: 1, UnitPrice: tierYuan("19.00")},
		}},
		Offers: offers, Buyer: buyer, Now: time.Date(2026, 6, 18, 20, 0, 0, 0, tierCST), Rounding: commerce.HalfUp,
	})
	require.NoError(t, err)
	return q
}

// tierUnapplied maps each unapplied offer to its reason.
func tierUnapplied(q pricing.Quote) map[string]pricing.Reason {
	m := map[string]pricing.Reason{}
	for _, u := range q.Unapplied {
		m[u.Offer] = u.Reason
	}
	return m
}

// TestTierBenefitsPriceThroughPricing quotes carts through commerce/pricing
// with each tier's buyer context: gold's member discount applies to gold
// only, and the group-join coupon, gated on a segment, to the tiers that
// put the member in it.
func TestTierBenefitsPriceThroughPricing(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately}))
	free, _ := ts.Lookup("free")
	silver, _ := ts.Lookup("silver")
	gold, _ := ts.Lookup("gold")
	goldPrice, err := gold.MemberPrice(pricing.Terms{ID: "gold-10", Funding: pricing.Shop}, pricing.AllItems())
	require.NoError(t, err)
	join := pricing.Coupon{Terms: pricing.Terms{ID: "join-group-5", Funding: pricing.Shop, PerBuyerLimit: 1},
		Scope: pricing.AllItems(), Save: tierYuan("5.00"), Segment: "group-member"}
	require.True(t, silver.Benefits.HasCoupon(join.ID))

	// Gold: 10% off ¥137 is ¥13.70, then the ¥5 coupon.
	q := tierQuote(t, gold.Buyer("amy"), goldPrice, join)
	assert.Equal(t, tierYuan("118.30"), q.Payable)
	assert.Empty(t, q.Unapplied)

	// Silver: no member price for silver, but the join coupon.
	q = tierQuote(t, silver.Buyer("bo"), goldPrice, join)
	assert.Equal(t, tierYuan("132.00"), q.Payable)
	assert.Equal(t, map[string]pricing.Reason{"gold-10": pricing.NotForTier}, tierUnapplied(q))

	// Free: neither.
	q = tierQuote(t, free.Buyer("cy"), goldPrice, join)
	assert.Equal(t, tierYuan("137.00"), q.Payable)
	assert.Equal(t, map[string]pricing.Reason{"gold-10": pricing.NotForTier, "join-group-5": pricing.NotInSegment}, tierUnapplied(q))
}

func TestTierBenefitsPriceList(t *testing.T) {
	p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
	p.Tiers[1].Benefits.Discount = commerce.Rate{}
	p.Tiers[1].Benefits.Prices = []pricing.SKUPrice{{SKU: "cup", Price: tierYuan("49.00")}}
	ts := tierCompile(t, p)
	silver, _ := ts.Lookup("silver")
	mp, err := silver.MemberPrice(pricing.Terms{ID: "silver-list", Funding: pricing.Shop}, pricing.Scope{})
	require.NoError(t, err)
	assert.Equal(t, "silver", mp.Tier)
	q := tierQuote(t, silver.Buyer("bo"), mp)
	assert.Equal(t, tierYuan("117.00"), q.Payable) // 2 × ¥49 + ¥19

	_, err = silver.MemberPrice(pricing.Terms{ID: "silver-list", Funding: pricing.Shop}, pricing.AllItems())
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `tier "silver": member price: scope: a price list takes no scope`)
}

func TestTierMemberPriceRefuses(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately}))
	free, _ := ts.Lookup("free")
	gold, _ := ts.Lookup("gold")
	_, err := free.MemberPrice(pricing.Terms{ID: "x", Funding: pricing.Shop}, pricing.AllItems())
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `tier "free": member price: the tier has no discount or price list`)
	_, err = gold.MemberPrice(pricing.Terms{ID: "x"}, pricing.AllItems()) // no funding
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `groupchat: tier "gold": commerce: member price "x": funding`)
	_, err = gold.MemberPrice(pricing.Terms{ID: "x", Funding: pricing.Shop}, pricing.Scope{})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestTierBenefitsAccess(t *testing.T) {
	ts := tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately}))
	silver, _ := ts.Lookup("silver")
	gold, _ := ts.Lookup("gold")
	public := time.Date(2026, 6, 18, 20, 0, 0, 0, tierCST)
	assert.Equal(t, time.Date(2026, 6, 18, 18, 0, 0, 0, tierCST), gold.Benefits.PresaleOpens(public))
	assert.Equal(t, public, silver.Benefits.PresaleOpens(public))
	assert.True(t, gold.Benefits.MayJoin("gold-chat"))
	assert.False(t, silver.Benefits.MayJoin("gold-chat"))
	assert.True(t, silver.Benefits.MayJoin("vip-chat"))
	assert.False(t, silver.Benefits.HasCoupon("gold-20"))

	buyer := gold.Buyer("amy")
	assert.Equal(t, pricing.Buyer{ID: "amy", Tier: "gold", Segments: []string{"group-member", "gold"}}, buyer)
	require.NoError(t, buyer.Validate())
	buyer.Segments[0] = "changed"
	again, _ := ts.Lookup("gold")
	assert.Equal(t, "group-member", again.Buyer("amy").Segments[0])
}
