package groupchattest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// Shanghai is UTC+8 without daylight saving, the offset of Asia/Shanghai,
// built without the time-zone database so fixtures work on any machine.
func Shanghai() *time.Location { return time.FixedZone("CST", 8*60*60) }

// Beauty is the beauty-tools brand's community on Xiaohongshu.
type Beauty struct {
	// Account is the brand's account, owner of every group.
	Account string
	// Profile is the Xiaohongshu profile.
	Profile groupchat.Profile
	// Families are the free community group "beauty-fans" and the
	// membership groups "beauty-members" (members and VIPs) and
	// "beauty-vip" (VIPs only), in that order.
	Families []groupchat.Family
	// Policy is the ladder: "fan" (free), "member" (¥300 spent in 365
	// days, or the ¥99 paid membership) and "vip" (¥1,000 spent in 365
	// days); a downgrade goes straight to the qualifying tier after 30 days
	// of grace, and paid membership keeps access 7 days past its
	// paid-through date.
	Policy groupchat.TierPolicy
	// Live is the first broadcast's announcement: 20:00 on 18 June 2024,
	// Shanghai time, with its perks.
	Live groupchat.LiveAnnouncement
}

// BeautyBrand returns the beauty-tools brand, modelled on AMORTALS in
// DOMAIN.md: a free group and two membership groups on Xiaohongshu, and the
// tier ladder behind them. Member prices and coupons name SKUs and offers
// of commercetest.BeautyCatalogue ("beauty-sku-…") so a quote through
// commerce/pricing can use them.
func BeautyBrand() Beauty {
	const account = "puffbloom"
	xhs := must(groupchat.ProfileOf(groupchat.Xiaohongshu))
	staff := []string{"puffbloom-staff-1"}
	return Beauty{
		Account: account,
		Profile: xhs,
		Families: []groupchat.Family{
			{ID: "beauty-fans", Kind: groupchat.FreeCommunity, Base: "Puffbloom粉丝群", Profile: xhs,
				Owner: account, Admins: staff, Fill: groupchat.FillFirst},
			{ID: "beauty-members", Kind: groupchat.TierGated, Base: "Puffbloom会员群", Profile: xhs,
				Owner: account, Admins: staff, Tiers: []string{"member", "vip"}, Fill: groupchat.FillBalance, Initial: 2},
			{ID: "beauty-vip", Kind: groupchat.TierGated, Base: "PuffbloomVIP", Profile: xhs,
				Owner: account, Admins: staff, Tiers: []string{"vip"}, Fill: groupchat.FillFirst, MaxGroups: 1},
		},
		Policy: groupchat.TierPolicy{
			Currency: commerce.CNY,
			Tiers: []groupchat.Tier{
				{ID: "fan", Name: "粉丝", Benefits: groupchat.Benefits{Groups: []string{"beauty-fans"}}},
				{ID: "member", Name: "会员",
					Requirement: groupchat.Requirement{MinSpend: commerce.MustNewMoney(30000, commerce.CNY), Paid: true, Any: true},
					Benefits: groupchat.Benefits{
						Discount: commerce.Percent(5), EarlyAccess: 2 * time.Hour,
						Coupons: []string{"member-join-5"}, Segments: []string{"group-member"},
						Groups: []string{"beauty-fans", "beauty-members"},
					}},
				{ID: "vip", Name: "VIP",
					Requirement: groupchat.Requirement{MinSpend: commerce.MustNewMoney(100000, commerce.CNY)},
					Benefits: groupchat.Benefits{
						Discount: commerce.Percent(10), EarlyAccess: 24 * time.Hour,
						Coupons: []string{"member-join-5", "vip-10"}, Segments: []string{"group-member", "vip"},
						Groups: []string{"beauty-fans", "beauty-members", "beauty-vip"},
					}},
			},
			Window:    groupchat.TierWindow{Kind: groupchat.Rolling, Days: 365},
			Downgrade: groupchat.Downgrade{Mode: groupchat.ToQualifying, Timing: groupchat.Immediately, Grace: 30 * 24 * time.Hour},
			PaidGrace: 7 * 24 * time.Hour,
			Location:  Shanghai(),
		},
		Live: groupchat.LiveAnnouncement{
			Title: "Puffbloom首场直播",
			Start: time.Date(2024, 6, 18, 20, 0, 0, 0, Shanghai()),
			Perks: []string{"进群立减5元", "套装限时特价", "直播间抽奖"},
		},
	}
}

// Directory returns a directory of the brand's families with nobody seated
// but the staff.
func (b Beauty) Directory() *groupchat.Directory {
	return must(groupchat.NewDirectory(b.Families...))
}

// Tiers returns the compiled ladder.
func (b Beauty) Tiers() *groupchat.Tiers {
	return must(groupchat.NewTiers(b.Policy))
}

// Cups is the cup brand's per-product groups on one Xiaohongshu account.
type Cups struct {
	// Account is the account that owns the 35 groups.
	Account string
	// Profile is the Xiaohongshu profile: 500 members a group.
	Profile groupchat.Profile
	// Families are the 35 per-product families, "cup-group-01" to
	// "cup-group-35", serving products "cup-prod-01" to "cup-prod-35" (the
	// first seven are commercetest.CupCatalogue's; the rest are pre-sale
	// products). Each fills first and overflows into a second group.
	Families []groupchat.Family
	// Buyers lists, for each family in order, the fans who bought its
	// product and join its group, sorted. A fan is in one to four of them.
	Buyers [][]string
}

// CupGroups is the number of group chats on the cup brand's account.
const CupGroups = 35

// CupBrand returns the cup brand, modelled on Shidajia in DOMAIN.md: 35
// group chats on one account, one per product for pre-sales, and fans
// fans ("cup-fan-00001"…) who each bought one to four products, chosen by
// a PCG generator seeded with seed, so the groups overlap. With 6,000
// fans, about 15,000 seats are taken, near 430 a group, and the most
// popular products overflow into a second group of 500. Fans below 1 or
// above 1,000,000 panic: the fixture is for tests.
func CupBrand(seed uint64, fans int) Cups {
	if fans < 1 || fans > 1_000_000 {
		panic(fmt.Sprintf("groupchattest: CupBrand: fans %d outside 1 to 1,000,000", fans))
	}
	const account = "cupwell"
	xhs := must(groupchat.ProfileOf(groupchat.Xiaohongshu))
	c := Cups{Account: account, Profile: xhs, Buyers: make([][]string, CupGroups)}
	for i := range CupGroups {
		c.Families = append(c.Families, groupchat.Family{
			ID: fmt.Sprintf("cup-group-%02d", i+1), Kind: groupchat.PerProduct,
			Base: fmt.Sprintf("Cupwell %02d号群", i+1), Profile: xhs, Owner: account,
			Products: []string{fmt.Sprintf("cup-prod-%02d", i+1)}, Fill: groupchat.FillFirst, MaxGroups: 4,
		})
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed_c0ffee))
	for f := range fans {
		fan := fmt.Sprintf("cup-fan-%05d", f+1)
		n := 1 + r.IntN(4)
		for _, g := range pick(r, n) {
			c.Buyers[g] = append(c.Buyers[g], fan)
		}
	}
	for _, b := range c.Buyers {
		slices.Sort(b)
	}
	return c
}

// pick returns n distinct group indexes, products early in the list more
// likely: index i has weight 35 − i/2, so the first products are the
// best-sellers.
func pick(r *rand.Rand, n int) []int {
	var out []int
	for len(out) < n {
		g := r.IntN(CupGroups)
		if r.IntN(CupGroups) < g/2 || slices.Contains(out, g) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// Directory returns a directory of the 35 families with every fan routed
// to the groups of the products they bought.
func (c Cups) Directory() *groupchat.Directory {
	d := must(groupchat.NewDirectory(c.Families...))
	for i, f := range c.Families {
		must(d.RouteBuyers(f.Products[0], c.Buyers[i]...))
	}
	return d
}

// Audiences returns, for a directory built by [Cups.Directory], each
// group with its members, staff included: the audiences of a live-start
// notice.
func (c Cups) Audiences(d *groupchat.Directory) []groupchat.Audience {
	var out []groupchat.Audience
	for _, f := range c.Families {
		groups := must(d.Groups(f.ID))
		for _, g := range groups {
			out = append(out, groupchat.Audience{Group: g.Name, Members: must(d.Members(f.ID, g.Seq))})
		}
	}
	return out
}

// must returns v, or panics with err: fixtures are literals.
func must[T any](v T, err error) T {
	if err != nil {
		panic("groupchattest: " + err.Error())
	}
	return v
}
