package incentive

import (
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// The built-in fee-side programmes, encoded as their sources give them.
// Each is also under incentive/feeplans as JSON (a package-level
// //go:embed variable would be mutable package state, which the
// library's rules forbid), and a test checks that the two agree. Where a
// source leaves something out (a rounding mode, a full category table)
// the Source field says what was chosen.

// feeShanghai is the compiled-in Asia/Shanghai of [Zone], the zone
// the built-in programmes name: one table of zones for both sides.
func feeShanghai() *time.Location {
	loc, _ := Zone("Asia/Shanghai") // compiled in: never fails
	return loc
}

func feeDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, feeShanghai())
}

// XiaohongshuCommissionFree returns Xiaohongshu's "百万免佣计划"
// (commission-free plan, 2025-09-01 to 2026-08-31): on the first ¥1M of
// GMV, shared by a merchant's stores, only the 0.6% payment-channel fee
// is charged, or the category's own rate when it is below 0.6%; above
// ¥1M the category's rate returns. The table is the earlier category
// rates the source quotes (5% women's apparel, personal care and pets;
// 4% beauty; 2% fresh food) and has no default: the source gives no rate
// for other categories, which are [ErrUnknownCategory]. Version
// "2025-09"; the source is a press summary [S].
func XiaohongshuCommissionFree() FeePlan {
	period := FeeWindow{Kind: FixedPeriod, From: feeDay(2025, 9, 1), To: feeDay(2026, 9, 1)}
	return FeePlan{
		ID: "xhs-commission-free", Version: "2025-09",
		Source: "press summary [S]: reportify.ai summary of 北京商报 2025-08-25, " +
			"https://reportify.ai/tags/concept?tagValue=%E7%94%B5%E5%95%86%E5%95%86%E4%B8%9A%E5%8C%96; " +
			"window 2025-09-01 to 2026-08-31 inclusive; rounding not given (half-up, 四舍五入, chosen); " +
			"category rates are the earlier 2–5% the summary quotes, other categories not given",
		Effective: period,
		Location:  feeShanghai(),
		Currency:  commerce.CNY,
		Base:      BasePaid,
		Table: FeeTable{Categories: []CategoryRate{
			{"womens-apparel", commerce.Percent(5)},
			{"personal-care", commerce.Percent(5)},
			{"pets", commerce.Percent(5)},
			{"beauty", commerce.Percent(4)},
			{"fresh-food", commerce.Percent(2)},
		}},
		Rounding: commerce.HalfUp,
		Allowances: []FeeAllowance{{
			ID: "first-1m", Rate: commerce.BasisPoints(60), KeepLowerRate: true,
			Cap: commerce.MustNewMoney(100_000_000, commerce.CNY), Scope: CapPerMerchant, Window: period,
		}},
	}
}

// WeChatStoreFees returns WeChat Store's technical service fee (from
// 2023-01-01): the base is what the user actually paid, freight
// included, plus the payment subsidy; new merchants pay 1% on their
// first ¥1M within 30 natural days of the store's opening (or their
// category's rate when lower). The 61-page category table is not in the
// source: the table lists its rate bands as categories band-1, band-2,
// band-2.5, band-3, band-4 and band-5 (1% to 5%), to be mapped from the
// platform's categories by the caller. Version "2023-01"; the source is
// a press summary [S].
func WeChatStoreFees() FeePlan {
	return FeePlan{
		ID: "wechat-store-fee", Version: "2023-01",
		Source: "press summary [S]: http://wordp-appli-oeiffwjv3h0b-1837223528.ap-south-1.elb.amazonaws.com/" +
			"tencents-wechat-channels-to-charge-merchants-technical-service-fees/; " +
			"the category table is not reproduced (its 1/2/2.5/3/4/5% bands are); rounding not given (half-up chosen)",
		Effective: FeeWindow{Kind: FixedPeriod, From: feeDay(2023, 1, 1)},
		Location:  feeShanghai(),
		Currency:  commerce.CNY,
		Base:      BasePaidPlusSubsidy,
		Table: FeeTable{Categories: []CategoryRate{
			{"band-1", commerce.Percent(1)},
			{"band-2", commerce.Percent(2)},
			{"band-2.5", commerce.BasisPoints(250)},
			{"band-3", commerce.Percent(3)},
			{"band-4", commerce.Percent(4)},
			{"band-5", commerce.Percent(5)},
		}},
		Rounding: commerce.HalfUp,
		Allowances: []FeeAllowance{{
			ID: "new-merchant", Rate: commerce.Percent(1), KeepLowerRate: true,
			Cap: commerce.MustNewMoney(100_000_000, commerce.CNY), Scope: CapPerStore,
			Window: FeeWindow{Kind: DaysFromOpening, Days: 30},
		}},
	}
}

// WeChatStoreProviderRebate returns WeChat Store's service-provider
// incentive of January 2025: for new stores bound to a provider, per
// order, (fee rate − 0.6%) × actual payment, for 360 natural days after
// the store's first transaction, never negative. Version "2025-01"; the
// source is a press summary [S].
func WeChatStoreProviderRebate() RebatePlan {
	return RebatePlan{
		ID: "wechat-store-sp-rebate", Version: "2025-01",
		Source: "press summary [S]: http://sellerby.com/p/4454.html; " +
			"in effect from January 2025 (2025-01-01 taken); rounding not given (half-up chosen)",
		Effective: FeeWindow{Kind: FixedPeriod, From: feeDay(2025, 1, 1)},
		Location:  feeShanghai(),
		Currency:  commerce.CNY,
		Threshold: commerce.BasisPoints(60),
		Window:    FeeWindow{Kind: DaysFromFirstSale, Days: 360},
		Rounding:  commerce.HalfUp,
	}
}

// WeChatChannels618 returns WeChat Channels' 618 technical service fee,
// "as low as 1%", for orders paid in [from, to). The rate is
// customer-provided policy that no public source confirms (source
// "internal-doc"), and it gives neither the dates, nor the categories,
// nor the base: the caller passes the dates, "as low as 1%" is encoded as
// a flat 1% on every category (the table's default), and the base is the
// paid amount. Its ID, "wechat-channels-618", is the fee plan that the
// built-in wechat-channels-618 programme's fee reduction names.
func WeChatChannels618(from, to time.Time) FeePlan {
	return FeePlan{
		ID: "wechat-channels-618", Version: "internal-doc",
		Source: "internal-doc: customer-provided, not confirmed by any public page; dates, categories and base not given; " +
			"\"as low as 1%\" is encoded as a flat 1% on every category",
		Effective: FeeWindow{Kind: FixedPeriod, From: from, To: to},
		Location:  feeShanghai(),
		Currency:  commerce.CNY,
		Base:      BasePaid,
		Table:     FeeTable{HasDefault: true, Default: commerce.Percent(1)},
		Rounding:  commerce.HalfUp,
	}
}
