package matrix_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// A ¥100.00 order after a note, a group and a live: the linear model gives
// each touch ¥33.33 and the earliest touch the fen left over.
func ExampleAttribution_Credits() {
	a, err := matrix.NewAttribution(matrix.AttributionSpec{Model: matrix.LinearCredit})
	if err != nil {
		fmt.Println(err)
		return
	}
	shanghai := time.FixedZone("CST", 8*3600)
	at := func(day, hour int) time.Time { return time.Date(2025, 6, day, hour, 0, 0, 0, shanghai) }
	credits, err := a.Credits(matrix.OrderPath{
		Order:  "order-618-1",
		Amount: commerce.MustNewMoney(10000, commerce.CNY),
		At:     at(18, 21),
		// In any order: they are credited in time order.
		Touches: []matrix.Touch{
			{Touchpoint: "live-room-1", At: at(18, 20)},
			{Touchpoint: "note-cup-review", At: at(15, 9)},
			{Touchpoint: "group-cup-fans-7", At: at(17, 12)},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range credits {
		fmt.Println(c.Position, c.Touchpoint, c.Amount)
	}
	// Output:
	// 0 note-cup-review CNY 33.34
	// 1 group-cup-fans-7 CNY 33.33
	// 2 live-room-1 CNY 33.33
}

// Position-based credit (40/20/40 by default) over two orders, one of them
// through the private-domain chain ads → WeCom → official account →
// Channels → mini-program, summed per touchpoint.
func ExampleAttribution_Totals() {
	a, err := matrix.NewAttribution(matrix.AttributionSpec{
		Model:    matrix.PositionBasedCredit,
		Lookback: 14 * 24 * time.Hour, // TikTok's order attribution window
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	paid := time.Date(2025, 6, 18, 21, 0, 0, 0, time.FixedZone("CST", 8*3600))
	path := func(id string, fen int64, touchpoints ...string) matrix.OrderPath {
		p := matrix.OrderPath{Order: id, Amount: commerce.MustNewMoney(fen, commerce.CNY), At: paid}
		for i, tp := range touchpoints {
			p.Touches = append(p.Touches, matrix.Touch{Touchpoint: tp, At: paid.Add(time.Duration(i-len(touchpoints)) * time.Hour)})
		}
		return p
	}
	totals, err := a.Totals([]matrix.OrderPath{
		path("order-1", 15000, "ad", "wecom", "official-account", "channels", "mini-program"),
		path("order-2", 5000, "note", "wecom", "mini-program"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range totals.Rows() {
		fmt.Printf("%-16s %v (%d touches)\n", row.Touchpoint, row.Amount, row.Touches)
	}
	// Output:
	// ad               CNY 60.00 (1 touches)
	// channels         CNY 10.00 (1 touches)
	// mini-program     CNY 80.00 (2 touches)
	// note             CNY 20.00 (1 touches)
	// official-account CNY 10.00 (1 touches)
	// wecom            CNY 20.00 (2 touches)
}
