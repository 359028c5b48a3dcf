package main

import (
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
	"github.com/livecommerce-go/livecommerce/groupchat"
	"github.com/livecommerce-go/livecommerce/groupchat/groupchattest"
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
	// sales are the orders through Mei's link, priced by section 1.
	sales []sale
}

// newStory returns the story before its first section: the fixtures only.
func newStory() *story {
	b := groupchattest.BeautyBrand()
	return &story{cat: commercetest.BeautyCatalogue(), brand: b, tiers: b.Tiers()}
}
