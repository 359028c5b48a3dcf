package groupchat_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/groupchat"
)

// A free community family on WeCom customer groups, cut to four seats a
// group to keep the example short: the owner and an admin sit in every
// group, so each group takes two members, and the third member overflows
// into "cup-fans2", as WeCom's join way names the groups it creates
// (room_base_name "cup-fans", room_base_id 1). The family may open two
// groups, so the fifth member is refused.
func ExampleDirectory_Join() {
	wecom, _ := groupchat.ProfileOf(groupchat.WeComCustomer)
	d, err := groupchat.NewDirectory(groupchat.Family{
		ID: "fans", Kind: groupchat.FreeCommunity, Base: "cup-fans", Profile: wecom,
		Capacity: 4, Owner: "brand", Admins: []string{"assistant"},
		Fill: groupchat.FillFirst, MaxGroups: 2,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range []string{"ann", "bo", "cy", "ann", "dee", "eve"} {
		a, err := d.Join("fans", m, "")
		if err != nil {
			fmt.Println(m, errors.Is(err, groupchat.ErrFull), err)
			continue
		}
		fmt.Println(m, a.Seat, "joined:", a.Joined, "opened:", a.Opened)
	}
	members, _ := d.Members("fans", 2)
	fmt.Println(members)
	// Output:
	// ann cup-fans1 member joined: true opened: false
	// bo cup-fans1 member joined: true opened: false
	// cy cup-fans2 member joined: true opened: true
	// ann cup-fans1 member joined: false opened: false
	// dee cup-fans2 member joined: true opened: false
	// eve true groupchat: join: family "fans": member "eve": all 2 groups hold 4: group full
	// [assistant brand cy dee]
}

// A group per product, as the cup brand of DOMAIN.md ran one for each of
// its cups: the buyers of a SKU go to its product's family, in the order
// given, and a SKU no family serves is refused.
func ExampleDirectory_RouteBuyers() {
	wechat, _ := groupchat.ProfileOf(groupchat.WeChat)
	product := func(id, base string, skus ...string) groupchat.Family {
		return groupchat.Family{ID: id, Kind: groupchat.PerProduct, Base: base, Profile: wechat,
			Capacity: 3, Owner: "shop", Products: skus, Fill: groupchat.FillBalance, Initial: 2}
	}
	d, err := groupchat.NewDirectory(
		product("thermos", "thermos-", "thermos-350ml", "thermos-500ml"),
		product("mug", "mug-", "mug-glass"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fam, _ := d.Route("thermos-500ml")
	fmt.Println("thermos-500ml →", fam)
	seats, err := d.RouteBuyers("thermos-500ml", "ann", "bo", "cy", "ann", "dee")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range seats {
		fmt.Println(s.Seat, s.Joined, s.Opened)
	}
	_, err = d.RouteBuyers("teapot", "eve")
	fmt.Println(err)
	// Output:
	// thermos-500ml → thermos
	// thermos-1 member true false
	// thermos-2 member true false
	// thermos-1 member true false
	// thermos-1 member false false
	// thermos-2 member true false
	// groupchat: route buyers: product "teapot": unknown group
}

// A membership family admits only the tiers it lists; a ban removes a
// member from their group and keeps them out until lifted.
func ExampleDirectory_Ban() {
	xhs, _ := groupchat.ProfileOf(groupchat.Xiaohongshu)
	d, _ := groupchat.NewDirectory(groupchat.Family{
		ID: "vip", Kind: groupchat.TierGated, Base: "VIP", Profile: xhs,
		Owner: "brand", Tiers: []string{"gold", "platinum"}, Fill: groupchat.FillFirst,
	})
	_, err := d.Join("vip", "ann", "silver")
	fmt.Println(errors.Is(err, groupchat.ErrNotEntitled))
	a, _ := d.Join("vip", "ann", "gold")
	fmt.Println(a.Seat, d.Role("vip", "ann"), d.Role("vip", "brand"))
	s, _ := d.Ban("vip", "ann")
	owner := groupchat.Actor{ID: "brand", Role: groupchat.Owner}
	fmt.Println(s.Audit(owner, time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)))
	_, err = d.Join("vip", "ann", "gold")
	fmt.Println(err)
	_, _ = d.Unban("vip", "ann")
	a, _ = d.Join("vip", "ann", "platinum")
	fmt.Println(a.Seat)
	// Output:
	// true
	// VIP1 member member owner
	// 2024-06-18T20:00:00Z group "vip": owner "brand" ban member "ann": "removed from VIP1"
	// groupchat: join: family "vip": member "ann": member banned
	// VIP1 member
}
