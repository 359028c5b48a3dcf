package referral_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// WeChat's five-payee example: a ¥10.00 commission pool shared by the
// agency (带货机构), the sub-agency (帮卖机构), the creator (达人), the
// promoter agency (推客机构) and the promoter (推客). Service ratios are
// shares of the whole pool; the creator keeps the rest.
func ExampleShowcaseTerms_Split() {
	terms := referral.ShowcaseTerms{
		CommissionRate: commerce.Percent(20),
		FeeRate:        commerce.Percent(1), // the platform's technical service fee
		Rounding:       commerce.HalfUp,
		Chain: referral.ShowcaseChain{
			Agency:         referral.ShowcasePayee{ID: "mcn-head", Ratio: commerce.Percent(40)},
			SubAgency:      referral.ShowcasePayee{ID: "mcn-help", Ratio: commerce.Percent(20)},
			Creator:        "kol-1",
			PromoterAgency: referral.ShowcasePayee{ID: "tk-agency", Ratio: commerce.Percent(10)},
			Promoter:       referral.ShowcasePayee{ID: "tk-1", Ratio: commerce.Percent(10)},
		},
	}
	s, err := terms.Split(commerce.MustParseMoney("¥50.00"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pool", s.Commission, "fee", s.Fee, "merchant", s.MerchantNet)
	for _, sh := range s.Shares {
		fmt.Printf("%-15s %-4s received %v, passed on %v, kept %v\n", sh.Role, sh.Ratio, sh.Received, sh.PassedOn, sh.Amount)
	}
	// Output:
	// pool CNY 10.00 fee CNY 0.50 merchant CNY 39.50
	// agency          40%  received CNY 10.00, passed on CNY 6.00, kept CNY 4.00
	// sub-agency      20%  received CNY 6.00, passed on CNY 4.00, kept CNY 2.00
	// creator         20%  received CNY 4.00, passed on CNY 2.00, kept CNY 2.00
	// promoter agency 10%  received CNY 2.00, passed on CNY 1.00, kept CNY 1.00
	// promoter        10%  received CNY 1.00, passed on CNY 0.00, kept CNY 1.00
}

// Douyin and WeChat report a commission twice: estimated when the buyer
// pays, settled after refunds. A ¥199.00 order at Douyin's commission_rate
// 3500 (35%), of which ¥59.70 is refunded, settles on ¥139.30.
func ExampleShowcaseTerms_Settle() {
	rate, err := referral.ParseRateIn("3500", referral.DouyinUnit)
	if err != nil {
		fmt.Println(err)
		return
	}
	terms := referral.ShowcaseTerms{
		CommissionRate: rate,
		FeeRate:        commerce.Percent(5),
		Rounding:       commerce.HalfUp,
		Chain: referral.ShowcaseChain{
			Agency:  referral.ShowcasePayee{ID: "mcn", Ratio: commerce.Percent(30)},
			Creator: "kol",
		},
	}
	s, err := terms.Settle(commerce.MustParseMoney("¥199.00"), commerce.MustParseMoney("¥139.30"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("commission", s.Commission.Estimated, "→", s.Commission.Settled, "difference", s.Commission.Difference)
	for _, p := range s.Payees {
		fmt.Println(p.Role, p.Estimated, "→", p.Settled, "difference", p.Difference)
	}
	// Output:
	// commission CNY 69.65 → CNY 48.76 difference CNY 20.89
	// agency CNY 20.90 → CNY 14.63 difference CNY 6.27
	// creator CNY 48.75 → CNY 34.13 difference CNY 14.62
}

// A product with an open plan at 20%, a targeted plan at 15% for two
// creators, and an exclusive plan for one creator on the night of 618.
// Exclusive beats targeted beats open, whatever the rates.
func ExampleChooseShowcasePlan() {
	cst := time.FixedZone("CST", 8*3600)
	plans := []referral.ShowcasePlan{
		{ID: "open", Kind: referral.ShowcaseOpen, Rate: commerce.Percent(20)},
		{ID: "targeted", Kind: referral.ShowcaseTargeted, Rate: commerce.Percent(15), Creators: []string{"kol-a", "kol-b"}},
		{ID: "618-night", Kind: referral.ShowcaseExclusive, Rate: commerce.Percent(30), Creators: []string{"kol-b"},
			From: time.Date(2024, 6, 18, 20, 0, 0, 0, cst), To: time.Date(2024, 6, 19, 2, 0, 0, 0, cst)},
	}
	for _, q := range []struct {
		creator string
		at      time.Time
	}{
		{"kol-c", time.Date(2024, 6, 1, 12, 0, 0, 0, cst)},
		{"kol-a", time.Date(2024, 6, 1, 12, 0, 0, 0, cst)},
		{"kol-b", time.Date(2024, 6, 18, 21, 0, 0, 0, cst)},
		{"kol-a", time.Date(2024, 6, 18, 21, 0, 0, 0, cst)},
	} {
		p, err := referral.ChooseShowcasePlan(plans, q.creator, q.at)
		if err != nil {
			fmt.Println(q.creator, err)
			continue
		}
		fmt.Println(q.creator, p.ID, p.Rate)
	}
	// Output:
	// kol-c open 20%
	// kol-a targeted 15%
	// kol-b 618-night 30%
	// kol-a referral: showcase plan for "kol-a" at 2024-06-18T21:00:00+08:00: the product is exclusive to other creators: no showcase plan applies
}

// TikTok Shop's rate lock: the seller cuts the rate from 20% to 10% on
// 1 June. A creator promoting since May keeps 20% for 30 days; one who
// starts in June earns 10% at once.
func ExampleShowcaseRateHistory_RateFor() {
	cst := time.FixedZone("CST", 8*3600)
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, cst) }
	h, err := referral.NewShowcaseRateHistory(
		referral.ShowcaseRateChange{At: day(time.May, 1), Rate: commerce.Percent(20)},
		referral.ShowcaseRateChange{At: day(time.June, 1), Rate: commerce.Percent(10)},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range []struct {
		since, at time.Time
	}{
		{day(time.May, 15), day(time.June, 10)},
		{day(time.May, 15), day(time.July, 1)},
		{day(time.June, 5), day(time.June, 10)},
	} {
		r, err := h.RateFor(q.since, referral.ShowcaseTikTokRateLock, q.at)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("since %s, on %s: %v (%v", q.since.Format("Jan 2"), q.at.Format("Jan 2"), r.Rate, r.Source)
		if r.Source == referral.ShowcaseRateLocked {
			fmt.Printf(" until %s", r.LockedUntil.Format("Jan 2"))
		}
		fmt.Println(")")
	}
	// Output:
	// since May 15, on Jun 10: 20% (locked until Jul 1)
	// since May 15, on Jul 1: 10% (current)
	// since Jun 5, on Jun 10: 10% (current)
}

// A note-plus-live collaboration: ¥5,000 slot fee, 20% commission on sales
// net of returns, ¥100,000 expected GMV with the 33% return rate quoted for
// live rooms, and a 60% gross margin.
func ExampleCollabDeal_Evaluate() {
	deal := referral.CollabDeal{
		SlotFee:        commerce.MustParseMoney("¥5000.00"),
		CommissionRate: commerce.Percent(20),
		ExpectedGMV:    commerce.MustParseMoney("¥100000.00"),
		ReturnRate:     commerce.Percent(33),
		GrossMargin:    commerce.Percent(60),
		Rounding:       commerce.HalfUp,
	}
	o, err := deal.Evaluate()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("net sales", o.NetSales)
	fmt.Println("creator", o.CreatorTake, "merchant net", o.MerchantNet, "profit", o.MerchantProfit)
	fmt.Println("break-even GMV", o.BreakEvenGMV)

	deal.GrossMargin = commerce.Percent(20)
	_, err = deal.BreakEvenGMV()
	fmt.Println(err)
	// Output:
	// net sales CNY 67000.00
	// creator CNY 18400.00 merchant net CNY 48600.00 profit CNY 21800.00
	// break-even GMV CNY 18656.72
	// referral: collab: gross margin 20%, commission 20%, platform fee 0%, returns 33%: no break-even
}

// Each platform writes rates in its own unit; all read into one exact rate.
func ExampleParseRateIn() {
	for _, in := range []struct {
		text string
		unit referral.RateUnit
	}{
		{"12.5%", referral.PercentUnit},
		{"3500", referral.DouyinUnit},
		{"60", referral.BasisPointUnit},
		{"10000", referral.WeChatPPMUnit},
		{"120", referral.PercentUnit},
	} {
		r, err := referral.ParseRateIn(in.text, in.unit)
		if err != nil {
			fmt.Println(err)
			continue
		}
		ppm, _ := referral.FormatRateIn(r, referral.WeChatPPMUnit)
		fmt.Printf("%s in %v is %v, %s ppm\n", in.text, in.unit, r, ppm)
	}
	// Output:
	// 12.5% in percent is 12.5%, 125000 ppm
	// 3500 in Douyin ×10⁴ is 35%, 350000 ppm
	// 60 in basis points is 0.6%, 6000 ppm
	// 10000 in WeChat ppm is 1%, 10000 ppm
	// commerce: parse rate "120" in percent: 120% is over 100%: rate outside 0% to 100%
}
