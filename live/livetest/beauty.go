package livetest

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
	"github.com/livecommerce-go/livecommerce/live"
)

// BeautyBroadcast is the beauty-tools brand's first broadcast as viewer
// records: Puffbloom, modelled on AMORTALS in DOMAIN.md ("Group chats",
// source 002).
type BeautyBroadcast struct {
	// Session is the broadcast: 20:00 to 23:00 on 18 June 2024, Shanghai
	// time (UTC+8), the time groupchattest's announcement gives.
	Session commerce.Period
	// Group is the brand's group chat, "puffbloom-group": its 10,000
	// members, "puffbloom-g-00000" to "puffbloom-g-09999".
	Group *live.Segment
	// Records are the viewers' records: the 7,200 group members who
	// entered, then the 86,400 other viewers ("puffbloom-v-00000" on).
	Records []live.ViewerRecord
}

// The calibration of the beauty broadcast; see [BeautyFirstBroadcast].
const (
	beautyMembers       = 10_000
	beautyEntered       = 7_200  // 72% of the members
	beautyOthers        = 86_400 // 12 × beautyEntered
	beautyMemberVisits  = 4
	beautyOtherVisits   = 2
	beautyMemberBuyerIn = 9  // one member in 9 buys: 800 buyers
	beautyOtherBuyerIn  = 27 // one other viewer in 27 buys: 3,200 buyers
	beautyRepeatIn      = 10 // one buyer in 10 orders twice
	beautyRefundPercent = 33 // of the orders, by order number
)

// beautyWatch are the watch times of other viewers in seconds, in a cycle
// of six (mean 200 s); members watch five times each.
var beautyWatch = [6]int64{30, 60, 90, 120, 300, 600}

// beautyBundles are the bundles the orders cycle through, SKUs of
// commercetest.BeautyCatalogue at list price: ¥45.80, ¥49.80, ¥47.80 and
// ¥54.70, a mean of ¥49.525.
var beautyBundles = [4][]struct {
	sku string
	qty int64
}{
	{{"beauty-sku-03", 1}, {"beauty-sku-04", 1}},
	{{"beauty-sku-06", 1}, {"beauty-sku-07", 1}},
	{{"beauty-sku-08", 1}, {"beauty-sku-10", 1}},
	{{"beauty-sku-01", 2}, {"beauty-sku-09", 1}},
}

// BeautyFirstBroadcast returns the first broadcast of the beauty brand,
// calibrated to the published AMORTALS case, every ratio exact by
// construction:
//
//   - Views: 201,600, over 200,000: members visit 4 times, other viewers
//     twice (7,200 × 4 + 86,400 × 2).
//   - Group entry: 7,200 of the 10,000 members enter, 72% (over 70%).
//   - Watch time: other viewers watch 30, 60, 90, 120, 300 or 600 s in
//     turn (mean 200 s), split evenly over their visits a minute apart;
//     members watch five times as long (mean 1,000 s): a watch ratio of
//     exactly 5/1.
//   - Conversion: one member in 9 buys (800, conversion 1/9) and one other
//     viewer in 27 (3,200, conversion 1/27): a ratio of exactly 3/1.
//   - Orders: one buyer in 10 orders twice, so members place 880 of the
//     4,400 orders: exactly 20%.
//   - Order value: orders cycle through four bundles of
//     commercetest.BeautyCatalogue SKUs at list price (¥45.80, ¥49.80,
//     ¥47.80, ¥54.70), so the average order is ¥49.525 (near ¥50) and the
//     GMV ¥217,910.00 (over ¥200,000); members' GMV is 20% of it.
//   - Refunds: 33 orders in every 100 (by order number) are refunded in
//     full a minute after payment, the 33% return rate DOMAIN.md quotes
//     for live rooms; GMV still counts them. The 29% repurchase rate it
//     quotes is a long-window figure: inside one session one buyer in 10
//     orders twice.
//
// Members click a product one in 3 (every buyer among them), other viewers
// one in 9 (every buyer among them); members interact one in 2, others one
// in 5. Each order is paid 10 s (the second 20 s) after its buyer first
// enters. Everything is deterministic; the broadcast (records, orders and
// group) holds about 22 MB of heap, measured with runtime.MemStats (the
// test TestBeautyHeap).
func BeautyFirstBroadcast() BeautyBroadcast {
	cst := time.FixedZone("CST", 8*60*60)
	start := time.Date(2024, 6, 18, 20, 0, 0, 0, cst)
	b := BeautyBroadcast{Session: commerce.Period{From: start, To: start.Add(3 * time.Hour)}}
	members := make([]string, beautyMembers)
	for i := range members {
		members[i] = fmt.Sprintf("puffbloom-g-%05d", i)
	}
	b.Group = must(live.NewSegment("puffbloom-group", members))
	cat := commercetest.BeautyCatalogue()
	orders := 0
	order := func(buyer string, paid time.Time, bundle int) commerce.Order {
		var lines []commerce.Line
		for _, l := range beautyBundles[bundle%len(beautyBundles)] {
			sku, _ := cat.SKU(l.sku)
			total := must(sku.ListPrice.MulInt(l.qty))
			lines = append(lines, commerce.Line{SKU: l.sku, Quantity: l.qty, UnitListPrice: sku.ListPrice, Paid: total})
		}
		o := must(commerce.NewOrder(commerce.OrderSpec{
			ID: fmt.Sprintf("puffbloom-o-%05d", orders), Buyer: buyer, Seller: "puffbloom",
			Source: commerce.Source{Kind: commerce.LiveSession, ID: "puffbloom-first-live"},
			Lines:  lines, CreatedAt: paid,
		}))
		o = must(o.Pay(paid))
		if orders%100 < beautyRefundPercent {
			o, _ = must2(o.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: o.Remaining()},
				commerce.SevenDayReturns(), paid.Add(time.Minute)))
		}
		orders++
		return o
	}
	// viewers appends n viewers: their visits each watch/visits long, a
	// minute apart, from a start that steps by step seconds modulo wrap.
	viewers := func(n int, id func(int) string, visits int, scale, step, wrap int64, buyerIn, clickIn, interactIn int) {
		vs := make([]live.Visit, n*visits)
		buyers, bundle := 0, 0
		for k := range n {
			watch := time.Duration(beautyWatch[k%len(beautyWatch)]*scale) * time.Second
			each := watch / time.Duration(visits)
			enter := start.Add(time.Duration(int64(k)*step%wrap) * time.Second)
			r := live.ViewerRecord{Viewer: id(k), Visits: vs[k*visits : (k+1)*visits : (k+1)*visits]}
			for j := range r.Visits {
				r.Visits[j] = live.Visit{Enter: enter, Leave: enter.Add(each)}
				enter = enter.Add(each + time.Minute)
			}
			if k%interactIn == 0 {
				r.Interactions = 3
			}
			if k%clickIn == 0 {
				r.ProductClicks = 1
			}
			if k%buyerIn == 0 {
				first := r.Visits[0].Enter
				r.Orders = append(r.Orders, order(r.Viewer, first.Add(10*time.Second), bundle))
				bundle++
				if buyers%beautyRepeatIn == 0 {
					r.Orders = append(r.Orders, order(r.Viewer, first.Add(20*time.Second), bundle))
					bundle++
					r.ProductClicks++
				}
				buyers++
			}
			b.Records = append(b.Records, r)
		}
	}
	b.Records = make([]live.ViewerRecord, 0, beautyEntered+beautyOthers)
	viewers(beautyEntered, func(k int) string { return members[k] }, beautyMemberVisits, 5, 37, 6000,
		beautyMemberBuyerIn, 3, 2)
	viewers(beautyOthers, func(k int) string { return fmt.Sprintf("puffbloom-v-%05d", k) }, beautyOtherVisits, 1, 13, 9000,
		beautyOtherBuyerIn, 9, 5)
	return b
}

// Tally returns a tally of every record with the group as its segment and
// the default options. It panics if the records do not tally, which is a
// bug in the fixture.
func (b BeautyBroadcast) Tally() *live.Tally {
	t := must(live.NewTally(b.Session, live.TallyOptions{Segment: b.Group}))
	if err := t.Add(b.Records...); err != nil {
		panic(err)
	}
	return t
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func must2[T, U any](v T, u U, err error) (T, U) {
	if err != nil {
		panic(err)
	}
	return v, u
}
