package incentive_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// BenchmarkFeeQuote measures order × programme fee evaluations on
// compiled plans: the XHS plan on an order that crosses its cap (two
// parts), and WeChat Store on an order inside its new-merchant window
// (a natural-day window, paid plus subsidy). The issue asks for at least
// 1,000,000 a second on one core, with at most one allocation each.
func BenchmarkFeeQuote(b *testing.B) {
	xhs, err := incentive.CompileFeePlan(incentive.XiaohongshuCommissionFree())
	if err != nil {
		b.Fatal(err)
	}
	wx, err := incentive.CompileFeePlan(incentive.WeChatStoreFees())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("xhs-crossing-cap", func(b *testing.B) {
		o := xhsOrder("o-1", "3000.00")
		used := incentive.CapUse{yuan("999000.00")}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := xhs.Quote(o, used); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("wechat-new-merchant", func(b *testing.B) {
		o := incentive.FeeOrder{ID: "o-2", Merchant: "m", Store: "s", Category: "band-3", PaidAt: at(2025, 3, 5, 0, 0, 0, 0),
			Paid: yuan("100.00"), Subsidy: yuan("1.00"), StoreOpened: at(2025, 3, 1, 0, 0, 0, 0)}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := wx.Quote(o, incentive.CapUse{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFeeRebate measures a provider rebate on a fee quote.
func BenchmarkFeeRebate(b *testing.B) {
	wx, err := incentive.CompileFeePlan(incentive.WeChatStoreFees())
	if err != nil {
		b.Fatal(err)
	}
	rebate, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	if err != nil {
		b.Fatal(err)
	}
	q, err := wx.Quote(incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "band-3", Provider: "sp",
		PaidAt: at(2025, 6, 1, 9, 0, 0, 0), Paid: yuan("100.00"), Subsidy: yuan("5.00"), FirstSale: at(2025, 2, 1, 0, 0, 0, 0)}, incentive.CapUse{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rebate.Rebate(q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeeLedger measures folding a month of 1,000 orders and 100
// refunds into a ledger in one Apply.
func BenchmarkFeeLedger(b *testing.B) {
	plan, err := incentive.CompileFeePlan(incentive.XiaohongshuCommissionFree())
	if err != nil {
		b.Fatal(err)
	}
	var events []incentive.FeeEvent
	for i := range 1000 {
		events = append(events, incentive.FeeOrder{ID: fmt.Sprintf("o-%04d", i), Merchant: fmt.Sprintf("m-%d", i%7), Store: "s",
			Category: "beauty", PaidAt: at(2025, 10, 1, 0, 0, 0, 0).Add(time.Duration(i) * time.Minute),
			Paid: commerce.MustNewMoney(int64(1000+i*997%500_000), commerce.CNY)})
		if i%10 == 0 {
			events = append(events, incentive.FeeRefund{ID: fmt.Sprintf("r-%04d", i), Order: fmt.Sprintf("o-%04d", i),
				At: at(2025, 10, 20, 0, 0, 0, 0), Paid: commerce.MustNewMoney(500, commerce.CNY)})
		}
	}
	empty, err := incentive.NewFeeLedger(plan, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := empty.Apply(events...); err != nil {
			b.Fatal(err)
		}
	}
}
