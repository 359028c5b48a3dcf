package groupchattest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/groupchat/groupchattest"
)

// The beauty brand's community: its groups and its tier ladder.
func ExampleBeautyBrand() {
	b := groupchattest.BeautyBrand()
	d := b.Directory()
	for _, f := range b.Families {
		groups, _ := d.Groups(f.ID)
		fmt.Println(f.ID, f.Kind, f.Tiers, len(groups))
	}
	fmt.Println(b.Tiers().IDs())
	a, err := d.Join("beauty-members", "fan-1", "member")
	fmt.Println(a.Seat, err)
	// Output:
	// beauty-fans community [] 1
	// beauty-members membership [member vip] 2
	// beauty-vip membership [vip] 1
	// [fan member vip]
	// Puffbloom会员群1 member <nil>
}

// The cup brand's 35 per-product groups, with fans in several at once:
// the best-seller's group is full, owner included, and overflows.
func ExampleCupBrand() {
	c := groupchattest.CupBrand(1, 6000)
	d := c.Directory()
	groups, _ := d.Groups("cup-group-01")
	for _, g := range groups {
		fmt.Println(g.Name, g.Count, g.Capacity)
	}
	fmt.Println(groupchattest.CheckDirectory(d))
	// Output:
	// Cupwell 01号群1 500 500
	// Cupwell 01号群2 99 500
	// <nil>
}

// CheckDirectory re-checks a directory's invariants from the outside:
// capacity, owner and admins in every group, tier gates, no banned
// member seated.
func ExampleCheckDirectory() {
	d := groupchattest.BeautyBrand().Directory()
	for i := range 3 {
		if _, err := d.Join("beauty-fans", fmt.Sprintf("fan-%d", i), "fan"); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(groupchattest.CheckDirectory(d))
	// Output:
	// <nil>
}
