package pricing_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

// The instant-discount coupon for joining the brand's group chat: ¥5 off,
// once per buyer, only for the segment of group members, during the 618
// live.
func ExampleCoupon() {
	cst := time.FixedZone("CST", 8*3600)
	join := pricing.Coupon{
		Terms: pricing.Terms{
			ID: "join-group-5", Name: "Join the group, save ¥5", Funding: pricing.Shop, PerBuyerLimit: 1,
			Window: pricing.Window{From: time.Date(2024, 6, 18, 20, 0, 0, 0, cst), To: time.Date(2024, 6, 19, 2, 0, 0, 0, cst)},
		},
		Scope:   pricing.AllItems(),
		Save:    commerce.MustParseMoney("¥5.00"),
		Segment: "group-member",
	}
	fmt.Println(join.Validate(), join.Stage())
	fmt.Println(join.Window.Contains(time.Date(2024, 6, 18, 21, 0, 0, 0, cst)))
	fmt.Println(join.Window.Contains(time.Date(2024, 6, 19, 2, 0, 0, 0, cst)))
	// Output:
	// <nil> coupon
	// true
	// false
}

// A ladder price (阶梯价) for makeup sponges: ¥18 each from 2, ¥15 each from
// 5. Tiers out of order are refused with the field named.
func ExampleLadder() {
	ladder := pricing.Ladder{
		Terms: pricing.Terms{ID: "sponge-ladder", Funding: pricing.Shop},
		Scope: pricing.SKUs("sponge-pink", "sponge-mixed"),
		Tiers: []pricing.LadderTier{
			{MinQuantity: 2, UnitPrice: commerce.MustParseMoney("¥18.00")},
			{MinQuantity: 5, UnitPrice: commerce.MustParseMoney("¥15.00")},
		},
	}
	fmt.Println(ladder.Validate())
	ladder.Tiers[1].MinQuantity = 2
	fmt.Println(ladder.Validate())
	// Output:
	// <nil>
	// commerce: ladder "sponge-ladder": tiers[1]: min quantity: tiers out of order: 2 after 2
}

// A multi-tier 满减: spend ¥100 save ¥10, spend ¥200 save ¥25. The
// thresholds are exact amounts, and a higher tier may not save less.
func ExampleThreshold() {
	offer := pricing.Threshold{
		Terms: pricing.Terms{ID: "618-manjian", Funding: pricing.Platform, Excludes: []pricing.Stage{pricing.CouponStage}},
		Scope: pricing.AllItems(),
		Tiers: []pricing.ThresholdTier{
			{Min: commerce.MustParseMoney("¥100.00"), Save: commerce.MustParseMoney("¥10.00")},
			{Min: commerce.MustParseMoney("¥200.00"), Save: commerce.MustParseMoney("¥25.00")},
		},
	}
	fmt.Println(offer.Validate(), offer.Stage())
	offer.Tiers[1].Save = commerce.MustParseMoney("¥9.00")
	fmt.Println(offer.Validate())
	// Output:
	// <nil> order
	// commerce: threshold "618-manjian": tiers[1]: a higher tier saves less than the one before
}

// The group-join coupon at checkout: a buyer who joined the brand's group
// chat gets ¥5 off, a buyer who did not is told why not.
func ExamplePrice() {
	cart := pricing.Cart{Items: []pricing.Item{
		{SKU: "sponge-pink", Quantity: 2, UnitPrice: commerce.MustParseMoney("¥19.90")},
		{SKU: "brush-set", Quantity: 1, UnitPrice: commerce.MustParseMoney("¥39.90")},
	}}
	join := pricing.Coupon{
		Terms:   pricing.Terms{ID: "join-group-5", Funding: pricing.Shop, PerBuyerLimit: 1},
		Scope:   pricing.AllItems(),
		Save:    commerce.MustParseMoney("¥5.00"),
		Segment: "group-member",
	}
	for _, buyer := range []pricing.Buyer{
		{ID: "fan-1", Segments: []string{"group-member"}},
		{ID: "visitor-2"},
	} {
		q, err := pricing.Price(pricing.Request{Cart: cart, Offers: []pricing.Offer{join}, Buyer: buyer,
			Now: time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC), Rounding: commerce.HalfUp})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(buyer.ID, "pays", q.Payable, "exact:", q.Exact)
		for _, l := range q.Lines {
			fmt.Println("  ", l.SKU, l.List, "→", l.Payable, l.Shares)
		}
		for _, u := range q.Unapplied {
			fmt.Println("   not applied:", u.Offer, u.Reason)
		}
	}
	// Output:
	// fan-1 pays CNY 74.70 exact: true
	//    brush-set CNY 39.90 → CNY 37.40 [{join-group-5 coupon shop CNY 2.50}]
	//    sponge-pink CNY 39.80 → CNY 37.30 [{join-group-5 coupon shop CNY 2.50}]
	// visitor-2 pays CNY 79.70 exact: true
	//    brush-set CNY 39.90 → CNY 39.90 []
	//    sponge-pink CNY 39.80 → CNY 39.80 []
	//    not applied: join-group-5 not_in_segment
}

// A bundle beside a ladder price: "sponge + brush for ¥49" and sponges at
// ¥15 each from 3. The quote takes one sponge into the bundle and prices the
// other three on the ladder, and says what the alternative would cost.
func ExamplePrice_bundleAndLadder() {
	q, err := pricing.Price(pricing.Request{
		Cart: pricing.Cart{Items: []pricing.Item{
			{SKU: "sponge", Quantity: 4, UnitPrice: commerce.MustParseMoney("¥19.90")},
			{SKU: "brush", Quantity: 1, UnitPrice: commerce.MustParseMoney("¥39.90")},
		}},
		Offers: []pricing.Offer{
			pricing.Bundle{Terms: pricing.Terms{ID: "duo-49", Funding: pricing.Brand},
				Items: []pricing.BundleItem{{Scope: pricing.SKUs("sponge"), Quantity: 1}, {Scope: pricing.SKUs("brush"), Quantity: 1}},
				Price: commerce.MustParseMoney("¥49.00")},
			pricing.Ladder{Terms: pricing.Terms{ID: "sponge-ladder", Funding: pricing.Shop}, Scope: pricing.SKUs("sponge"),
				Tiers: []pricing.LadderTier{{MinQuantity: 3, UnitPrice: commerce.MustParseMoney("¥15.00")}}},
		},
		Buyer: pricing.Buyer{ID: "fan-1"}, Now: time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC), Rounding: commerce.HalfUp,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("list", q.List, "pays", q.Payable, "next best", q.NextBest)
	for _, a := range q.Applied {
		fmt.Printf("%s: %v off %v, %d units, %d×\n", a.Offer, a.Amount, a.Base, a.Units, a.Times)
	}
	// Output:
	// list CNY 119.50 pays CNY 94.00 next best CNY 99.90
	// duo-49: CNY 10.80 off CNY 59.80, 2 units, 1×
	// sponge-ladder: CNY 14.70 off CNY 59.70, 3 units, 1×
}

// A 满减 (spend ¥100 save ¥10) and a partial return that takes the order
// below it, with the claw-back policy: the kept item loses the discount it
// no longer qualifies for, and returning it too gives the deduction back.
func ExampleLedger_Return() {
	q, err := pricing.Price(pricing.Request{
		Cart: pricing.Cart{Items: []pricing.Item{
			{SKU: "tumbler", Quantity: 1, UnitPrice: commerce.MustParseMoney("¥60.00")},
			{SKU: "mug", Quantity: 1, UnitPrice: commerce.MustParseMoney("¥50.00")},
		}},
		Offers: []pricing.Offer{pricing.Threshold{Terms: pricing.Terms{ID: "spend-100-save-10", Funding: pricing.Platform},
			Scope: pricing.AllItems(), Tiers: []pricing.ThresholdTier{{Min: commerce.MustParseMoney("¥100.00"), Save: commerce.MustParseMoney("¥10.00")}}}},
		Buyer: pricing.Buyer{ID: "fan-1"}, Now: time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC), Rounding: commerce.HalfUp,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("paid", q.Payable)
	ledger, _ := q.Ledger(pricing.ClawBack)
	for _, ret := range []pricing.Return{{SKU: "mug", Quantity: 1}, {SKU: "tumbler", Quantity: 1}} {
		var refund pricing.Refund
		refund, ledger, err = ledger.Return(ret)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("return", ret.SKU+": the units paid", refund.Paid, "clawed", refund.Clawed, "refund", refund.Amount)
	}
	fmt.Println("refunded", ledger.Refunded())
	// Output:
	// paid CNY 100.00
	// return mug: the units paid CNY 45.45 clawed CNY 5.45 refund CNY 40.00
	// return tumbler: the units paid CNY 54.55 clawed CNY -5.45 refund CNY 60.00
	// refunded CNY 100.00
}
