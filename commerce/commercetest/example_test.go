package commercetest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
)

func ExampleOrders() {
	cfg := commercetest.OrderConfig{Seed: 1, Orders: 10_000, RefundShare: commerce.Percent(33)}
	orders := commercetest.Orders(commercetest.BeautyCatalogue(), cfg)

	m, err := commerce.Summarize(cfg.Period(), orders)
	if err != nil {
		panic(err)
	}
	aov, _ := m.AverageOrderValue(commerce.HalfUp)
	repurchase, _ := m.RepurchaseRate()
	refunds, _ := m.RefundRateByOrders()
	fmt.Println("orders:", m.Orders)
	fmt.Println("GMV:", m.GMV)
	fmt.Println("average order value:", aov)
	fmt.Println("repurchase rate:", must(repurchase.Rate(3, commerce.HalfUp)))
	fmt.Println("refund rate:", must(refunds.Rate(3, commerce.HalfUp)))
	// Output:
	// orders: 10000
	// GMV: CNY 499576.50
	// average order value: CNY 49.96
	// repurchase rate: 28.6%
	// refund rate: 32.7%
}

func ExampleBeautyCatalogue() {
	cat := commercetest.BeautyCatalogue()
	for s := range cat.SKUs() {
		p, _ := cat.Product(s.ProductID)
		fmt.Println(s.ID, s.ListPrice, p.Origin, p.Title, s.Attributes)
	}
	// Output:
	// beauty-sku-01 CNY 19.90 own-brand Puffbloom makeup sponge set colour=pink;pack=4
	// beauty-sku-02 CNY 19.90 own-brand Puffbloom makeup sponge set colour=mixed;pack=4
	// beauty-sku-03 CNY 32.90 own-brand Puffbloom makeup sponge set colour=mixed;pack=8
	// beauty-sku-04 CNY 12.90 own-brand Puffbloom powder puffs pack=3;type=air-cushion
	// beauty-sku-05 CNY 12.90 own-brand Puffbloom powder puffs pack=3;type=loose-powder
	// beauty-sku-06 CNY 39.90 own-brand Puffbloom makeup brush set pieces=6
	// beauty-sku-07 CNY 9.90 own-brand Puffbloom brush cleaning pad colour=pink
	// beauty-sku-08 CNY 34.90 own-brand Puffbloom travel makeup kit pouch=canvas
	// beauty-sku-09 CNY 14.90 sourced Clearwell sponge and brush cleanser size=100ml
	// beauty-sku-10 CNY 12.90 sourced Dewfield setting spray mini size=30ml
}

func ExampleTwoLineOrders() {
	orders := commercetest.TwoLineOrders(1, 3)
	for _, o := range orders {
		fmt.Println(o.ID(), o.Buyer(), o.Source(), o.Paid())
	}
	// Output:
	// order-1 buyer-1 note:note-09 CNY 64.50
	// order-2 buyer-1 live:live-11 CNY 23.22
	// order-3 buyer-4 direct CNY 47.80
}
