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
