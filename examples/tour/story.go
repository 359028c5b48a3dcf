package main

import (
	"time"
	// The zone database is compiled in, so that Asia/Shanghai loads on
	// any machine and the tour prints the same everywhere.
	_ "time/tzdata"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
	"github.com/livecommerce-go/livecommerce/groupchat"
	"github.com/livecommerce-go/livecommerce/groupchat/groupchattest"
	"github.com/livecommerce-go/livecommerce/live/livetest"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// The people of Puffbloom's story. Ann, a VIP, brought Mei into the
// referral programme with her code; in the live, Mei shares the room's link
// and two friends follow it: Lin, new to the brand, who takes the ¥99
// membership, and Zoe, who only watches and buys.
const (
	ann = "ann"
	mei = "mei"
	lin = "lin"
	zoe = "zoe"
)

// A sale is an order priced in section 1 and settled in section 6.
type sale struct {
	id    string    // the order's ID
	buyer string    // who bought
	at    time.Time // when the order was placed and paid
	quote pricing.Quote
}

// story is what the sections share: the fixtures, and what an earlier
// section decided that a later one takes up.
type story struct {
	cat   commerce.Catalogue
	brand groupchattest.Beauty
	tiers *groupchat.Tiers
	// broadcast is the first broadcast's viewer records, their visits
	// and orders (livetest.BeautyFirstBroadcast): section 3 tallies them,
	// section 4 follows the group's members through them and section 5
	// values their orders.
	broadcast livetest.BeautyBroadcast
	// shanghai is Asia/Shanghai from the zone database, where the
	// funnel's and the planner's calendar days are counted.
	shanghai *time.Location
	// sales are the orders through Mei's link, priced by section 1.
	sales []sale
	// gmv is the broadcast's GMV as section 3 tallies it.
	gmv commerce.Money
	// cup is the cup brand's matrix, built by its first section that
	// needs it (story.cupNetwork).
	cup *matrix.Network
}

// newStory returns the story before its first section: the fixtures only.
func newStory() (*story, error) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return nil, err
	}
	b := groupchattest.BeautyBrand()
	return &story{cat: commercetest.BeautyCatalogue(), brand: b, tiers: b.Tiers(),
		broadcast: livetest.BeautyFirstBroadcast(), shanghai: shanghai}, nil
}
