package incentive_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// shanghai is Asia/Shanghai as a fixed zone, as the library wants it.
var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

func yuan(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

// An order that crosses Xiaohongshu's ¥1M commission-free cap is split at
// the exact fen: 0.6% on the part below, the beauty rate of 4% above.
func ExampleCompiledFeePlan_Quote() {
	plan, err := incentive.CompileFeePlan(incentive.XiaohongshuCommissionFree())
	if err != nil {
		panic(err)
	}
	// The merchant's stores have sold ¥999,000.00 since 1 September.
	used := incentive.CapUse{yuan("999000.00")}
	q, err := plan.Quote(incentive.FeeOrder{
		ID: "o-1", Merchant: "m-1", Store: "s-2", Category: "beauty",
		PaidAt: time.Date(2025, 10, 8, 20, 15, 0, 0, shanghai), Paid: yuan("3000.00"),
	}, used)
	if err != nil {
		panic(err)
	}
	for _, p := range q.Parts() {
		fmt.Println(p.Amount, "at", p.Rate)
	}
	fmt.Println("fee", q.Fee(), "first-1m:", q.Status(0))
	// Output:
	// CNY 1000.00 at 0.6%
	// CNY 2000.00 at 4%
	// fee CNY 86.00 first-1m: applied
}

// A category whose own rate is below the allowance's 0.6% keeps it (the
// row is illustrative: the source lists no such category).
func ExampleCompiledFeePlan_Quote_keepLowerRate() {
	p := incentive.XiaohongshuCommissionFree()
	p.Table.Categories = append(p.Table.Categories, incentive.CategoryRate{Category: "gold", Rate: commerce.BasisPoints(40)})
	plan, err := incentive.CompileFeePlan(p)
	if err != nil {
		panic(err)
	}
	q, err := plan.Quote(incentive.FeeOrder{
		ID: "o-2", Merchant: "m-1", Store: "s-1", Category: "gold",
		PaidAt: time.Date(2025, 9, 1, 0, 0, 0, 0, shanghai), Paid: yuan("5000.00"),
	}, incentive.CapUse{})
	if err != nil {
		panic(err)
	}
	part := q.Parts()[0]
	fmt.Println(part.Rate, "floor:", part.Floor, "fee", q.Fee())
	// Output:
	// 0.4% floor: true fee CNY 20.00
}

// WeChat Store's new-merchant 1% covers 30 natural days counted from the
// opening day: a store opened on 1 March at 15:00 keeps it until 31 March
// at 00:00, when its category's 3% returns.
func ExampleCompiledFeePlan_Quote_newMerchantWindow() {
	plan, err := incentive.CompileFeePlan(incentive.WeChatStoreFees())
	if err != nil {
		panic(err)
	}
	opened := time.Date(2025, 3, 1, 15, 0, 0, 0, shanghai)
	for _, at := range []time.Time{
		time.Date(2025, 3, 30, 23, 59, 59, 999_000_000, shanghai),
		time.Date(2025, 3, 31, 0, 0, 0, 0, shanghai),
	} {
		q, err := plan.Quote(incentive.FeeOrder{
			ID: "o-3", Merchant: "m-2", Store: "s-9", Category: "band-3", PaidAt: at,
			Paid: yuan("200.00"), Subsidy: yuan("10.00"), StoreOpened: opened,
		}, incentive.CapUse{})
		if err != nil {
			panic(err)
		}
		fmt.Println(at.Format("01-02 15:04:05.000"), q.Parts()[0].Rate, q.Status(0), "fee on", q.Base(), "=", q.Fee())
	}
	// Output:
	// 03-30 23:59:59.999 1% applied fee on CNY 210.00 = CNY 2.10
	// 03-31 00:00:00.000 3% outside-window fee on CNY 210.00 = CNY 6.30
}

// A service provider earns (fee rate − 0.6%) × the actual payment on a
// bound store's orders for 360 natural days after its first sale; the
// subsidy is in the fee's base but not in the payment.
func ExampleCompiledRebatePlan_Rebate() {
	fees, err := incentive.CompileFeePlan(incentive.WeChatStoreFees())
	if err != nil {
		panic(err)
	}
	rebates, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	if err != nil {
		panic(err)
	}
	q, err := fees.Quote(incentive.FeeOrder{
		ID: "o-4", Merchant: "m-3", Store: "s-3", Category: "band-3", Provider: "sp-1",
		PaidAt: time.Date(2025, 6, 1, 9, 0, 0, 0, shanghai), Paid: yuan("100.00"), Subsidy: yuan("5.00"),
		FirstSale: time.Date(2025, 2, 1, 12, 0, 0, 0, shanghai),
	}, incentive.CapUse{})
	if err != nil {
		panic(err)
	}
	r, err := rebates.Rebate(q)
	if err != nil {
		panic(err)
	}
	fmt.Println("fee", q.Fee(), "rebate", r.Rebate(), r.Status())
	// Output:
	// fee CNY 3.15 rebate CNY 2.40 applied
}

// A refund booked after its order's cycle was paid out reverses the fee
// once, as a negative adjustment in the refund's own cycle.
func ExampleFeeLedger_Apply() {
	plan, err := incentive.CompileFeePlan(incentive.XiaohongshuCommissionFree())
	if err != nil {
		panic(err)
	}
	l, err := incentive.NewFeeLedger(plan, nil)
	if err != nil {
		panic(err)
	}
	l, err = l.Apply(
		incentive.FeeOrder{ID: "o-5", Merchant: "m-4", Store: "s-4", Category: "pets",
			PaidAt: time.Date(2025, 9, 20, 10, 0, 0, 0, shanghai), Paid: yuan("500.00")},
		incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September},
			At: time.Date(2025, 10, 5, 0, 0, 0, 0, shanghai)},
		incentive.FeeRefund{ID: "r-5", Order: "o-5", At: time.Date(2025, 10, 10, 0, 0, 0, 0, shanghai), Paid: yuan("500.00")},
	)
	if err != nil {
		panic(err)
	}
	for _, st := range l.Statements(l.Accounts()[0]) {
		fmt.Println(st.Cycle, "opening", st.Opening, "accrued", st.Accrued, "adjusted", st.Adjusted,
			"closing", st.Closing, "paid", st.Paid)
	}
	// Output:
	// 2025-09 opening CNY 0.00 accrued CNY 3.00 adjusted CNY 0.00 closing CNY 3.00 paid CNY 3.00
	// 2025-10 opening CNY 0.00 accrued CNY 0.00 adjusted CNY -3.00 closing CNY -3.00 paid CNY 0.00
}
