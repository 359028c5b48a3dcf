package livetest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// The beauty brand's first broadcast reproduces the published case:
// over 200,000 yuan GMV at about 50 yuan an order, over 70% of the group
// entering, members watching 5× as long and converting 3× as often, and
// 20% of the orders from members.
func ExampleBeautyFirstBroadcast() {
	b := livetest.BeautyFirstBroadcast()
	t := b.Tally()
	m := t.Metrics()
	l, _ := t.Lift()
	entered, _ := l.EnteredShare()
	share, _ := entered.Rate(2, commerce.HalfUp)
	watch, _ := l.WatchRatio()
	conv, _ := l.ConversionRatio()
	orders, _ := l.OrderShare()
	aov, _ := m.OrderValue(live.PerOrder, commerce.HalfUp)
	gpm, _ := m.GPM(live.PerView, commerce.HalfUp)
	fmt.Println("views", m.Views, "viewers", m.Viewers, "peak", m.PeakConcurrent)
	fmt.Println("GMV", m.Sales.GMV, "orders", m.Sales.Orders, "AOV", aov, "GPM per view", gpm)
	fmt.Println("group entered", l.Segment.Viewers, "of", l.Members, "=", share)
	fmt.Println("watch ratio", watch, "conversion ratio", conv, "order share", orders)
	fmt.Println("median watch", m.MedianWatch, "p90", m.P90Watch)
	// Output:
	// views 201600 viewers 93600 peak 3151
	// GMV CNY 217910.00 orders 4400 AOV CNY 49.53 GPM per view CNY 1080.90
	// group entered 7200 of 10000 = 72%
	// watch ratio 5/1 conversion ratio 3/1 order share 1/5
	// median watch 2m0s p90 10m0s
}
