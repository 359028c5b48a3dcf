package incentive_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// TestFeeExplanationsGolden keeps the "why" and "why not" of quotes at
// the edges in testdata/fee, as stable JSON; -update-fees rewrites them.
func TestFeeExplanationsGolden(t *testing.T) {
	xhs := mustCompile(t, incentive.XiaohongshuCommissionFree())
	withGold := incentive.XiaohongshuCommissionFree()
	withGold.Table.Categories = append(withGold.Table.Categories, incentive.CategoryRate{Category: "gold", Rate: commerce.BasisPoints(40)})
	gold := mustCompile(t, withGold)
	wx := mustCompile(t, incentive.WeChatStoreFees())
	ch618 := mustCompile(t, incentive.WeChatChannels618(at(2025, 5, 20, 0, 0, 0, 0), at(2025, 6, 21, 0, 0, 0, 0)))
	wxOrder := func(paidAt, opened string) incentive.FeeOrder {
		o := incentive.FeeOrder{ID: "o-wx", Merchant: "m-2", Store: "s-9", Category: "band-3", Paid: yuan("200.00"), Subsidy: yuan("10.00")}
		o.PaidAt = at(2025, 3, 30, 23, 59, 59, 999_000_000)
		if paidAt == "day 31" {
			o.PaidAt = at(2025, 3, 31, 0, 0, 0, 0)
		}
		if opened != "" {
			o.StoreOpened = at(2025, 3, 1, 15, 0, 0, 0)
		}
		return o
	}
	tests := []struct {
		name  string
		plan  *incentive.CompiledFeePlan
		order incentive.FeeOrder
		used  incentive.CapUse
	}{
		{"xhs-crosses-cap", xhs, xhsOrder("o-1", "3000.00"), incentive.CapUse{yuan("999000.00")}},
		{"xhs-exact-cap", xhs, xhsOrder("o-2", "1000.00"), incentive.CapUse{yuan("999000.00")}},
		{"xhs-cap-used", xhs, xhsOrder("o-3", "100.00"), incentive.CapUse{yuan("1000000.00")}},
		{"xhs-floor", gold, func() incentive.FeeOrder { o := xhsOrder("o-4", "5000.00"); o.Category = "gold"; return o }(), incentive.CapUse{}},
		{"wx-new-merchant-day-30", wx, wxOrder("day 30", "opened"), incentive.CapUse{}},
		{"wx-new-merchant-day-31", wx, wxOrder("day 31", "opened"), incentive.CapUse{}},
		{"wx-no-opening", wx, wxOrder("day 30", ""), incentive.CapUse{}},
		{"wx-618-default", ch618, incentive.FeeOrder{ID: "o-618", Merchant: "m", Store: "s", Category: "anything",
			PaidAt: at(2025, 6, 18, 20, 0, 0, 0), Paid: yuan("618.00")}, incentive.CapUse{}},
		{"xhs-zero", xhs, xhsOrder("o-0", "0.00"), incentive.CapUse{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := tt.plan.Quote(tt.order, tt.used)
			require.NoError(t, err)
			golden(t, filepath.Join("testdata", "fee", "quote-"+tt.name+".json"), indentJSON(t, q))
		})
	}
}
