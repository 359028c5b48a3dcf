package live_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// tinySession is a ten-minute session with four viewers, the records of the
// examples: ann comes twice and buys twice (the second order refunded), bo
// buys once, cy's two visits overlap (two devices) and are merged, dee
// stays thirty seconds.
func tinySession() (commerce.Period, []live.ViewerRecord) {
	cst := time.FixedZone("CST", 8*60*60)
	at := func(min, sec int) time.Time { return time.Date(2024, 6, 18, 20, min, sec, 0, cst) }
	visit := func(m1, s1, m2, s2 int) live.Visit { return live.Visit{Enter: at(m1, s1), Leave: at(m2, s2)} }
	order := func(id, buyer string, fen int64, paid time.Time, refund bool) commerce.Order {
		o, err := commerce.NewOrder(commerce.OrderSpec{
			ID: id, Buyer: buyer, Seller: "puffbloom", CreatedAt: paid,
			Source: commerce.Source{Kind: commerce.LiveSession, ID: "first-live"},
			Lines: []commerce.Line{{SKU: "beauty-sku-01", Quantity: 1,
				UnitListPrice: commerce.MustNewMoney(fen, commerce.CNY), Paid: commerce.MustNewMoney(fen, commerce.CNY)}},
		})
		if err == nil {
			o, err = o.Pay(paid)
		}
		if err == nil && refund {
			o, _, err = o.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: o.Remaining()},
				commerce.SevenDayReturns(), paid.Add(time.Minute))
		}
		if err != nil {
			panic(err)
		}
		return o
	}
	session := commerce.Period{From: at(0, 0), To: at(10, 0)}
	return session, []live.ViewerRecord{
		{Viewer: "ann", Visits: []live.Visit{visit(0, 0, 4, 0), visit(6, 0, 10, 0)}, Interactions: 3, ProductClicks: 2,
			Orders: []commerce.Order{order("o-1", "ann", 4990, at(3, 0), false), order("o-2", "ann", 2990, at(8, 0), true)}},
		{Viewer: "bo", Visits: []live.Visit{visit(1, 30, 3, 30)}, ProductClicks: 1,
			Orders: []commerce.Order{order("o-3", "bo", 9900, at(2, 0), false)}},
		{Viewer: "cy", Visits: []live.Visit{visit(2, 0, 5, 0), visit(4, 0, 7, 0)}, Interactions: 1},
		{Viewer: "dee", Visits: []live.Visit{visit(5, 0, 5, 30)}},
	}
}

// Every figure of a tiny session. Watch times are the union of each
// viewer's visits: 8 min, 2 min, 5 min (cy's overlapping visits merged) and
// 30 s; the quantiles interpolate between them (R-7).
func ExampleSummarize() {
	session, records := tinySession()
	m, err := live.Summarize(session, live.TallyOptions{}, records)
	if err != nil {
		fmt.Println(err)
		return
	}
	avg, _ := m.AverageConcurrent()
	mean, _ := m.MeanWatch()
	fmt.Println("viewers", m.Viewers, "views", m.Views, "peak", m.PeakConcurrent, "average online", avg)
	fmt.Println("watch", m.WatchMillis, "ms; mean", mean, "median", m.MedianWatch, "p90", m.P90Watch)
	interaction, _ := m.InteractionRate()
	click, _ := m.ProductClickRate()
	fmt.Println("interaction rate", interaction, "product click rate", click, "clicks", m.ProductClicks)
	conv, _ := m.Conversion(live.PerViewer)
	ctor, _ := m.Conversion(live.PerProductClick)
	fmt.Println("conversion", conv, "click-to-order", ctor)
	fmt.Println("GMV", m.Sales.GMV, "refunded", m.Sales.Refunded, "orders", m.Sales.Orders, "buyers", m.Sales.Buyers)
	gpm, _ := m.GPM(live.PerView, commerce.HalfUp)
	gpmUV, _ := m.GPM(live.PerViewer, commerce.HalfUp)
	uv, _ := m.UVValue(live.PerViewer, commerce.HalfUp)
	fmt.Println("GPM per view", gpm, "GPM per viewer", gpmUV, "UV value", uv)
	aov, _ := m.OrderValue(live.PerOrder, commerce.HalfUp)
	perBuyer, _ := m.OrderValue(live.PerBuyer, commerce.HalfUp)
	fmt.Println("AOV", aov, "per buyer", perBuyer)
	refund, _ := m.Sales.RefundRateByOrders()
	repurchase, _ := m.Sales.RepurchaseRate()
	fmt.Println("refund rate", refund, "repurchase rate", repurchase)
	// Output:
	// viewers 4 views 6 peak 3 average online 31/20
	// watch 930000 ms; mean 3m52.5s median 3m30s p90 7m6s
	// interaction rate 1/2 product click rate 1/2 clicks 3
	// conversion 1/2 click-to-order 1/1
	// GMV CNY 178.80 refunded CNY 29.90 orders 3 buyers 2
	// GPM per view CNY 29800.00 GPM per viewer CNY 44700.00 UV value CNY 44.70
	// AOV CNY 59.60 per buyer CNY 89.40
	// refund rate 1/3 repurchase rate 1/2
}

// The same session under each preset: GPM per view (douyin_pv, tiktok,
// wechat) against GPM per viewer (douyin_uv), and conversion per viewer
// against TikTok's orders per product click.
func ExamplePreset_Evaluate() {
	session, records := tinySession()
	m, err := live.Summarize(session, live.TallyOptions{}, records)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range live.Presets() {
		r, err := p.Evaluate(m, commerce.HalfUp)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9s GPM/%-6s %-12v UV value/%-6s %-9v conversion/%-13s %v\n",
			p.Name, p.GPM, r.GPM, p.UVValue, r.UVValue, p.Conversion, r.Conversion)
	}
	// Output:
	// douyin_pv GPM/view   CNY 29800.00 UV value/view   CNY 29.80 conversion/viewer        1/2
	// douyin_uv GPM/viewer CNY 44700.00 UV value/viewer CNY 44.70 conversion/viewer        1/2
	// tiktok    GPM/view   CNY 29800.00 UV value/viewer CNY 44.70 conversion/product-click 1/1
	// wechat    GPM/view   CNY 29800.00 UV value/viewer CNY 44.70 conversion/viewer        1/2
}

// Group members against everyone else: ann and cy are in the group chat,
// with eve, who never entered.
func ExampleTally_Lift() {
	session, records := tinySession()
	group, err := live.NewSegment("puffbloom-group", []string{"ann", "cy", "eve"})
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := live.NewTally(session, live.TallyOptions{Segment: group})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := t.Add(records...); err != nil {
		fmt.Println(err)
		return
	}
	l, err := t.Lift()
	if err != nil {
		fmt.Println(err)
		return
	}
	entered, _ := l.EnteredShare()
	watch, _ := l.WatchRatio()
	conv, _ := l.ConversionRatio()
	orders, _ := l.OrderShare()
	gmv, _ := l.GMVShare()
	fmt.Println(l.Name, "members", l.Members, "entered", l.Segment.Viewers, "share", entered)
	fmt.Println("watch ratio", watch, "conversion ratio", conv, "order share", orders, "GMV share", gmv)
	// Output:
	// puffbloom-group members 3 entered 2 share 2/3
	// watch ratio 26/5 conversion ratio 1/1 order share 2/3 GMV share 133/298
}
