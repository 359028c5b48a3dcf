package livetest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// A broadcast's Tally is fresh on every call: tallying it again gives
// the same metrics.
func ExampleBeautyBroadcast_Tally() {
	b := livetest.BeautyFirstBroadcast()
	first, again := b.Tally().Metrics(), b.Tally().Metrics()
	fmt.Println(first.Viewers, again.Viewers, first.Sales.GMV == again.Sales.GMV)
	// Output:
	// 93600 93600 true
}
