package groupchat_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// clubCST is China Standard Time, where the brand counts its days.
var clubCST = time.FixedZone("CST", 8*3600)

// clubYuan parses an amount of yuan, such as "500".
func clubYuan(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

// fanClub is a brand's fan club: free fans; silver members, who spent ¥500
// in the last year or paid for silver; gold members, who spent ¥2,000 or
// paid for gold. Gold members get 10% off, the group-join coupon, the gold
// group chat and pre-sales two hours early. A member below their tier
// keeps it for 30 days; a paid membership lasts 14 days past its
// paid-through date.
func fanClub() groupchat.TierPolicy {
	return groupchat.TierPolicy{
		Currency: commerce.CNY,
		Tiers: []groupchat.Tier{
			{ID: "fan", Name: "粉丝"},
			{ID: "silver", Name: "银卡会员", Requirement: groupchat.Requirement{MinSpend: clubYuan("500"), Paid: true, Any: true},
				Benefits: groupchat.Benefits{Discount: commerce.Percent(5), Segments: []string{"group-member"}, Groups: []string{"members"}}},
			{ID: "gold", Name: "金卡会员", Requirement: groupchat.Requirement{MinSpend: clubYuan("2000"), Paid: true, Any: true},
				Benefits: groupchat.Benefits{Discount: commerce.Percent(10), EarlyAccess: 2 * time.Hour, Coupons: []string{"join-group-5"},
					Segments: []string{"group-member"}, Groups: []string{"members", "gold-chat"}}},
		},
		Window:    groupchat.TierWindow{Kind: groupchat.Rolling, Days: 365},
		Downgrade: groupchat.Downgrade{Mode: groupchat.ToQualifying, Timing: groupchat.Immediately, Grace: 30 * 24 * time.Hour},
		PaidGrace: 14 * 24 * time.Hour,
		Location:  clubCST,
	}
}

// A ladder is refused when a member could qualify for no tier (a gap) or
// when a tier is not strictly harder to reach than the one below (an
// overlap); the error names the tier and shows a member who proves it.
func ExampleNewTiers() {
	policy := fanClub()
	policy.Tiers[2].Requirement = groupchat.Requirement{MinOrders: 10}
	_, err := groupchat.NewTiers(policy)
	fmt.Println(errors.Is(err, groupchat.ErrTierOverlap), errors.Is(err, commerce.ErrInvalid))
	fmt.Println(err)

	policy = fanClub()
	policy.Tiers = policy.Tiers[1:]
	_, err = groupchat.NewTiers(policy)
	fmt.Println(errors.Is(err, groupchat.ErrTierGap))

	tiers, err := groupchat.NewTiers(fanClub())
	fmt.Println(tiers.IDs(), err)
	// Output:
	// true true
	// commerce: tier policy: tiers[2] "gold": a member with spend CNY 0.00 and 10 orders meets it but not "silver" below it: tiers overlap
	// true
	// [fan silver gold] <nil>
}

// A gold member's spend ages out of the window: the first assignment that
// sees it starts a 30-day grace, and assigning again with the same facts
// (a webhook delivered twice, a sweep run again) never restarts it.
func ExampleTiers_Assign() {
	tiers, err := groupchat.NewTiers(fanClub())
	if err != nil {
		panic(err)
	}
	s, _ := tiers.Assign(groupchat.Standing{}, groupchat.Facts{Current: groupchat.Figures{Spend: clubYuan("2000"), Orders: 1}}, time.Date(2026, 3, 1, 10, 0, 0, 0, clubCST))
	fmt.Println(s)
	for _, day := range []int{2, 5, 20} {
		s, err = tiers.Assign(s, groupchat.Facts{}, time.Date(2027, 3, day, 10, 0, 0, 0, clubCST))
		if err != nil {
			panic(err)
		}
		fmt.Println(s)
	}
	s, _ = tiers.Assign(s, groupchat.Facts{}, time.Date(2027, 4, 1, 10, 0, 0, 0, clubCST))
	fmt.Println(s)
	// Output:
	// gold since 2026-03-01T10:00:00+08:00, qualifies
	// gold since 2026-03-01T10:00:00+08:00, in grace until 2027-04-01T10:00:00+08:00
	// gold since 2026-03-01T10:00:00+08:00, in grace until 2027-04-01T10:00:00+08:00
	// gold since 2026-03-01T10:00:00+08:00, in grace until 2027-04-01T10:00:00+08:00
	// fan since 2027-04-01T10:00:00+08:00, qualifies
}

// The tier comes from what a member spent in the window, not from one
// order (ERPNext #14930): three orders of ¥800, ¥700 and ¥600 make gold.
// A refund takes spend back and the tier is evaluated again at once: the
// 30-day grace is for spend that ages out of the window, not for spend
// refunded. The explanation says by how much she now falls short.
func ExampleTierBook() {
	tiers, err := groupchat.NewTiers(fanClub())
	if err != nil {
		panic(err)
	}
	book, _ := groupchat.NewTierBook(tiers)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, clubCST) }
	events := []groupchat.BookEvent{
		groupchat.MemberJoined{Member: "amy", At: day(1, 5)},
		groupchat.Purchase{Member: "amy", Order: "o-1", Paid: clubYuan("800"), At: day(2, 1)},
		groupchat.Purchase{Member: "amy", Order: "o-2", Paid: clubYuan("700"), At: day(3, 1)},
		groupchat.Purchase{Member: "amy", Order: "o-2", Paid: clubYuan("700"), At: day(3, 1)}, // delivered twice
		groupchat.Purchase{Member: "amy", Order: "o-3", Paid: clubYuan("600"), At: day(4, 1)},
	}
	for _, e := range events {
		if err := book.Record(e); err != nil {
			panic(err)
		}
	}
	s, _ := book.Assign("amy", day(4, 1))
	fmt.Println(s)
	if err := book.Record(groupchat.PurchaseRefund{Key: "rf-1", Member: "amy", Order: "o-2", Amount: clubYuan("200"), At: day(4, 10)}); err != nil {
		panic(err)
	}
	x, _ := book.Explain("amy", day(4, 10))
	fmt.Println(x)
	// Output:
	// gold since 2026-04-01T10:00:00+08:00, qualifies
	// at 2026-04-10T10:00:00+08:00: silver since 2026-04-10T10:00:00+08:00, qualifies (was gold)
	// now: qualifies for silver
	//   refunds: CNY 200.00 off the spend, 0 orders wholly refunded
	//   fan: met
	//   silver: met, any of
	//     spend CNY 1900.00 ≥ CNY 500.00
	//     paid membership: no
	//   gold: not met, any of
	//     spend CNY 1900.00 < CNY 2000.00, short by CNY 100.00
	//     paid membership: no
}

// A member who paid for gold and then switched to the cheaper silver plan
// keeps gold until gold's paid-through date plus the 14-day paid grace
// (worldwideview #504): a downgrade never cuts paid time.
func ExampleMembershipPaid() {
	tiers, err := groupchat.NewTiers(fanClub())
	if err != nil {
		panic(err)
	}
	book, _ := groupchat.NewTierBook(tiers)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, clubCST) }
	for _, e := range []groupchat.BookEvent{
		groupchat.MemberJoined{Member: "bo", At: day(5, 1)},
		groupchat.MembershipPaid{Key: "pay-1", Member: "bo", Tier: "gold", At: day(6, 1), Through: day(7, 1)},
		groupchat.MembershipPaid{Key: "pay-2", Member: "bo", Tier: "silver", At: day(6, 20), Through: day(8, 1)},
	} {
		if err := book.Record(e); err != nil {
			panic(err)
		}
	}
	for _, at := range []time.Time{day(6, 25), day(7, 14), day(7, 15), day(8, 15)} {
		s, err := book.Assign("bo", at)
		if err != nil {
			panic(err)
		}
		fmt.Println(at.Format(time.DateOnly), s)
	}
	// Output:
	// 2026-06-25 gold since 2026-06-25T00:00:00+08:00, paid access until 2026-07-15T00:00:00+08:00
	// 2026-07-14 gold since 2026-06-25T00:00:00+08:00, paid access until 2026-07-15T00:00:00+08:00
	// 2026-07-15 silver since 2026-07-15T00:00:00+08:00, paid access until 2026-08-15T00:00:00+08:00
	// 2026-08-15 fan since 2026-08-15T00:00:00+08:00, qualifies
}

// A gold member's benefits at checkout, through commerce/pricing: the
// tier's member price and the group-join coupon gated on the segment the
// tier puts her in; and the pre-sale she may enter two hours early.
func ExampleTier_MemberPrice() {
	tiers, err := groupchat.NewTiers(fanClub())
	if err != nil {
		panic(err)
	}
	gold, _ := tiers.Lookup("gold")
	memberPrice, err := gold.MemberPrice(pricing.Terms{ID: "gold-10", Funding: pricing.Shop}, pricing.AllItems())
	if err != nil {
		panic(err)
	}
	join := pricing.Coupon{Terms: pricing.Terms{ID: "join-group-5", Funding: pricing.Shop, PerBuyerLimit: 1},
		Scope: pricing.AllItems(), Save: clubYuan("5.00"), Segment: "group-member"}
	q, err := pricing.Price(pricing.Request{
		Cart:   pricing.Cart{Items: []pricing.Item{{SKU: "tumbler", Quantity: 2, UnitPrice: clubYuan("59.00")}}},
		Offers: []pricing.Offer{memberPrice, join},
		Buyer:  gold.Buyer("amy"), Now: time.Date(2026, 6, 18, 20, 0, 0, 0, clubCST), Rounding: commerce.HalfUp,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("list", q.List, "pays", q.Payable)
	for _, a := range q.Applied {
		fmt.Println(a.Offer, a.Amount)
	}
	fmt.Println("pre-sale opens", gold.Benefits.PresaleOpens(time.Date(2026, 6, 18, 20, 0, 0, 0, clubCST)).Format(time.Kitchen))
	fmt.Println("may join gold-chat:", gold.Benefits.MayJoin("gold-chat"))
	// Output:
	// list CNY 118.00 pays CNY 101.20
	// gold-10 CNY 11.80
	// join-group-5 CNY 5.00
	// pre-sale opens 6:00PM
	// may join gold-chat: true
}
