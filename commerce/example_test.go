package commerce_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func ExampleParseMoney() {
	for _, s := range []string{"CNY 199.00", "¥49.9", "JPY 500", "CNY 1.234", "$5"} {
		m, err := commerce.ParseMoney(s)
		fmt.Println(m, err)
	}
	// Output:
	// CNY 199.00 <nil>
	// CNY 49.90 <nil>
	// JPY 500 <nil>
	// 0 commerce: parse amount "CNY 1.234": CNY allows 2 fraction digits: inexact value
	// 0 commerce: parse money "$5": want a currency code or symbol: invalid syntax
}

func ExampleMoney_Add() {
	a := commerce.MustParseMoney("CNY 199.00")
	sum, err := a.Add(commerce.MustParseMoney("CNY 0.99"))
	fmt.Println(sum, err)
	_, err = a.Add(commerce.MustParseMoney("USD 1.00"))
	fmt.Println(errors.Is(err, commerce.ErrCurrencyMismatch), err)
	// Output:
	// CNY 199.99 <nil>
	// true commerce: currency mismatch: CNY and USD
}

func ExampleMoney_MulRate() {
	price := commerce.MustParseMoney("CNY 199.00")
	commission := commerce.MustParseRate("12.5%") // 24.875 yuan before rounding
	for _, mode := range []commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down} {
		c, _ := price.MulRate(commission, mode)
		fmt.Println(mode, c)
	}
	// Output:
	// HalfUp CNY 24.88
	// HalfEven CNY 24.88
	// Down CNY 24.87
}

func ExampleMoney_Allocate() {
	// ¥10.00 off three ¥10.00 lines: the parts sum to the whole.
	discount := commerce.MustParseMoney("CNY 10.00")
	parts, _ := discount.Allocate(1000, 1000, 1000)
	fmt.Println(parts)
	// ¥0.03 at 75:25: the larger remainder gets the odd fen.
	parts, _ = commerce.MustParseMoney("CNY 0.03").Allocate(75, 25)
	fmt.Println(parts)
	// Output:
	// [CNY 3.34 CNY 3.33 CNY 3.33]
	// [CNY 0.02 CNY 0.01]
}

func ExampleMoney_Split() {
	parts, _ := commerce.MustParseMoney("CNY -1.00").Split(3)
	fmt.Println(parts)
	// Output: [CNY -0.34 CNY -0.33 CNY -0.33]
}

func ExampleMoney_MarshalJSON() {
	b, _ := json.Marshal(struct {
		Price commerce.Money `json:"price"`
	}{commerce.MustParseMoney("CNY 199.00")})
	fmt.Println(string(b))
	// Output: {"price":{"amount":"199.00","currency":"CNY"}}
}

func ExampleParseRate() {
	for _, s := range []string{"12.5%", "0.006", "60‱", "1/3"} {
		r, err := commerce.ParseRate(s)
		fmt.Println(r, err)
	}
	// Output:
	// 12.5% <nil>
	// 0.6% <nil>
	// 0.6% <nil>
	// 0% commerce: parse rate "1/3": invalid syntax
}

func ExampleBasisPoints() {
	// WeChat Pay quotes fees in 万分比 and Douyin's commission_ratio "1234"
	// means 12.34%: both are basis points.
	fee := commerce.BasisPoints(60)
	amount, _ := commerce.MustParseMoney("CNY 1000.00").MulRate(fee, commerce.HalfUp)
	fmt.Println(fee, amount, commerce.BasisPoints(1234))
	// Output: 0.6% CNY 6.00 12.34%
}

func ExampleRatio_CmpRate() {
	// A refund-rate gate: at least 30% of orders refunded disqualifies.
	refundRate := commerce.MustNewRatio(3, 10)
	fmt.Println(refundRate, refundRate.CmpRate(commerce.Percent(30)) >= 0)
	r, _ := commerce.MustNewRatio(2, 3).Rate(4, commerce.HalfUp)
	fmt.Println(r)
	// Output:
	// 3/10 true
	// 66.67%
}

func ExampleCatalogue_OwnBrandShare() {
	products := []commerce.Product{
		{ID: "sponge", Title: "Makeup sponge", Brand: "AMORTALS", Origin: commerce.OwnBrand},
		{ID: "mirror", Title: "LED mirror", Brand: "Other", Origin: commerce.Sourced},
	}
	price := commerce.MustParseMoney("CNY 39.90")
	skus := []commerce.SKU{
		{ID: "sponge-pink", ProductID: "sponge", ListPrice: price},
		{ID: "sponge-black", ProductID: "sponge", ListPrice: price},
		{ID: "sponge-duo", ProductID: "sponge", ListPrice: price},
		{ID: "mirror-white", ProductID: "mirror", ListPrice: price},
	}
	cat, err := commerce.NewCatalogue(products, skus)
	if err != nil {
		fmt.Println(err)
		return
	}
	share, _ := cat.OwnBrandShare([]string{"sponge-pink", "sponge-black", "sponge-duo", "mirror-white"})
	pct, _ := share.Rate(4, commerce.HalfUp)
	fmt.Println(share, pct)
	// Output: 3/4 75%
}

func ExampleOrder_Refund() {
	loc := time.FixedZone("CST", 8*3600)
	placed := time.Date(2024, 6, 18, 20, 0, 0, 0, loc)
	o, _ := commerce.NewOrder(commerce.OrderSpec{
		ID: "o-1", Buyer: "member-1", Seller: "amortals",
		Source: commerce.Source{Kind: commerce.LiveSession, ID: "live-0618"},
		Lines: []commerce.Line{{
			SKU: "sponge", Quantity: 3,
			UnitListPrice: commerce.MustParseMoney("CNY 12.00"),
			Paid:          commerce.MustParseMoney("CNY 10.00"), // after a bundle discount
		}},
		CreatedAt: placed,
	})
	o, _ = o.Pay(placed.Add(time.Minute))
	o, _ = o.Ship(placed.Add(time.Hour), commerce.Shipment{Carrier: "SF", TrackingNumber: "SF1234567890123"})
	o, _ = o.Deliver(placed.Add(48 * time.Hour))

	policy := commerce.SevenDayReturns()
	ret := func(units int64) commerce.AfterSalesRequest {
		return commerce.AfterSalesRequest{Kind: commerce.ReturnAndRefund, Items: []commerce.ReturnItem{{Line: 0, Quantity: units}}}
	}
	o, r1, _ := o.Refund(ret(1), policy, placed.Add(50*time.Hour))
	o, r2, _ := o.Refund(ret(2), policy, placed.Add(51*time.Hour))
	fmt.Println(r1.Amount, r2.Amount, o.Refunded(), "of", o.Paid())
	_, _, err := o.Refund(ret(1), policy, placed.Add(52*time.Hour))
	fmt.Println(errors.Is(err, commerce.ErrRefundExceedsPaid))
	// Output:
	// CNY 3.33 CNY 6.67 CNY 10.00 of CNY 10.00
	// true
}

func ExampleSummarize() {
	loc := time.FixedZone("CST", 8*3600)
	day := time.Date(2024, 6, 18, 0, 0, 0, 0, loc)
	var orders []commerce.Order
	for i, buyer := range []string{"a", "b", "a", "c"} {
		o, _ := commerce.NewOrder(commerce.OrderSpec{
			ID: fmt.Sprint("o-", i), Buyer: buyer, Seller: "shop",
			Lines:     []commerce.Line{{SKU: "cup", Quantity: 1, UnitListPrice: commerce.MustParseMoney("CNY 150.00"), Paid: commerce.MustParseMoney("CNY 149.00")}},
			CreatedAt: day.Add(time.Duration(i) * time.Hour),
		})
		o, _ = o.Pay(day.Add(time.Duration(i)*time.Hour + time.Minute))
		orders = append(orders, o)
	}
	orders[1], _ = orders[1].Cancel(day.Add(5 * time.Hour))

	m, _ := commerce.Summarize(commerce.Period{From: day, To: day.Add(24 * time.Hour)}, orders)
	aov, _ := m.AverageOrderValue(commerce.HalfUp)
	refunds, _ := m.RefundRateByOrders()
	repurchase, _ := m.RepurchaseRate()
	fmt.Println("GMV", m.GMV, "net", m.NetGMV, "orders", m.Orders, "buyers", m.Buyers)
	fmt.Println("AOV", aov, "refund rate", refunds, "repurchase", repurchase)
	// Output:
	// GMV CNY 596.00 net CNY 447.00 orders 4 buyers 3
	// AOV CNY 149.00 refund rate 1/4 repurchase 1/3
}

func ExampleTally_Merge() {
	loc := time.FixedZone("CST", 8*3600)
	day := commerce.Period{From: time.Date(2024, 6, 18, 0, 0, 0, 0, loc), To: time.Date(2024, 6, 19, 0, 0, 0, 0, loc)}
	order := func(id, buyer string) commerce.Order {
		o, _ := commerce.NewOrder(commerce.OrderSpec{
			ID: id, Buyer: buyer, Seller: "shop",
			Lines:     []commerce.Line{{SKU: "sponge", Quantity: 1, UnitListPrice: commerce.MustParseMoney("CNY 49.90"), Paid: commerce.MustParseMoney("CNY 49.90")}},
			CreatedAt: day.From,
		})
		o, _ = o.Pay(day.From.Add(time.Hour))
		return o
	}
	// Two workers tally their own shards, then the results merge.
	east, _ := commerce.NewTally(day)
	west, _ := commerce.NewTally(day)
	_ = east.Add(order("1", "a"), order("2", "b"))
	_ = west.Add(order("3", "a"))
	_ = east.Merge(west)
	m := east.Metrics()
	fmt.Println(m.GMV, m.Orders, m.Buyers, m.RepeatBuyers)
	// Output: CNY 149.70 3 2 1
}
