// Command incentives runs a platform incentive programme written as data
// and settles technical service fees with a service provider's rebate.
//
// First, a mini-program mall's own programme for June 2026
// (programme.json, embedded at build time): cash by the month's GMV on a
// two-tier ladder, and coupons for the month's two best sellers, both
// behind a refund-rate gate. Four merchants are evaluated as a cohort
// (Evaluator.Rank), so the ranking sees them all; each grant says what it
// measured and why it was earned, and each rule not earned says why not.
//
// Then WeChat Store's technical service fee for a new store bound to a
// service provider (incentive.WeChatStoreFees and
// incentive.WeChatStoreProviderRebate): 1% in the store's first 30 days,
// the category's rate after, the provider's rebate of (rate − 0.6%) of
// each payment, and a refund booked after its month was paid out, which
// comes back once, as a negative adjustment the next month.
//
//	go run ./examples/incentives
//
// Copy it as a starting point: the times are fixed, so the output is the
// same on every run (testdata/incentives.golden; rewrite it with
// go test ./examples/incentives -update).
package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

//go:embed programme.json
var programmeJSON []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "incentives:", err)
		os.Exit(1)
	}
}

// run writes the example's output to w.
func run(w io.Writer) error {
	shanghai, err := incentive.Zone("Asia/Shanghai")
	if err != nil {
		return err
	}
	if err := groupBuy(w, shanghai); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return storeFees(w, shanghai)
}

// seller is a merchant of the example cohort: when it opened, and its
// June orders, n of them at one price, of which some were refunded.
type seller struct {
	id               string
	opened           time.Time
	orders, refunded int
	price            string
}

// groupBuy evaluates the mall's programme for four merchants.
func groupBuy(w io.Writer, loc *time.Location) error {
	p, err := incentive.ParseProgramme(programmeJSON) // validated on parse
	if err != nil {
		return err
	}
	ev, err := incentive.Compile(p)
	if err != nil {
		return err
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	cohort := []seller{
		{"tea-house", day(2025, 11, 2), 40, 3, "1550.00"},
		{"cup-studio", day(2026, 2, 14), 25, 1, "1300.00"},
		{"knit-corner", day(2025, 8, 1), 24, 0, "1300.00"}, // ties cup-studio, opened earlier
		{"glow-lab", day(2026, 1, 9), 12, 5, "4900.00"},    // 5 of 12 refunded: over the gate
	}
	profiles := make([]incentive.Profile, len(cohort))
	for i, s := range cohort {
		profiles[i] = profile(s, day(2026, 6, 1))
	}
	from, to := day(2026, 6, 1), day(2026, 7, 1)
	results, err := ev.Rank(profiles, from, to)
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "%s@%s, %s (source: %s)\n\n", p.ID, p.Version, p.Title, p.Source.Kind)
	for i, res := range results {
		fmt.Fprintf(w, "%s\n", cohort[i].id)
		for _, g := range res.Grants() {
			award := fmt.Sprintf("%s %s", g.Amount, g.Kind)
			if g.Count > 0 {
				award = fmt.Sprintf("%d × %s %s", g.Count, g.Amount, g.Kind)
			}
			if g.Rank > 0 {
				award += fmt.Sprintf(", rank %d", g.Rank)
			}
			fmt.Fprintf(w, "  earned %-12s %s on GMV %s\n", g.Rule+":", award, g.MeasuredText())
		}
		for _, v := range res.WhyNot() {
			var why []string
			for _, o := range v.WhyNot() {
				why = append(why, o.String())
			}
			fmt.Fprintf(w, "  not    %-12s %s\n", v.Rule+":", strings.Join(why, "; "))
		}
	}
	return nil
}

// profile returns s as the programme sees it: its opening and refund
// counts as facts, and its June orders and refunds as events, one order a
// day at 20:00 from start.
func profile(s seller, start time.Time) incentive.Profile {
	price := commerce.MustParseMoney("CNY " + s.price)
	p := incentive.Profile{Facts: incentive.Facts{
		Merchant: s.id,
		Known:    incentive.FactOpenedAt | incentive.FactRefunds,
		OpenedAt: s.opened, Orders: int64(s.orders), RefundedOrders: int64(s.refunded),
	}}
	for i := range s.orders {
		id := fmt.Sprintf("%s-%02d", s.id, i+1)
		at := start.Add(time.Duration(i%28)*24*time.Hour + 20*time.Hour + time.Duration(i/28)*time.Minute)
		p.Events = append(p.Events, incentive.Event{Kind: incentive.OrderPaid, ID: id, At: at, Amount: price})
		if i < s.refunded {
			p.Events = append(p.Events, incentive.Event{Kind: incentive.OrderRefunded, ID: id, At: at.Add(48 * time.Hour), Amount: price})
		}
	}
	return p
}

// storeFees settles a new WeChat store's fees and its provider's rebate
// over two months.
func storeFees(w io.Writer, loc *time.Location) error {
	fees, err := incentive.CompileFeePlan(incentive.WeChatStoreFees())
	if err != nil {
		return err
	}
	rebates, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	if err != nil {
		return err
	}
	ledger, err := incentive.NewFeeLedger(fees, rebates)
	if err != nil {
		return err
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	opened := at(3, 1, 9)
	order := func(id string, paid time.Time, amount string) incentive.FeeOrder {
		return incentive.FeeOrder{ID: id, Merchant: "cup-studio", Store: "cup-studio-wx", Category: "band-3",
			PaidAt: paid, Paid: commerce.MustParseMoney("CNY " + amount),
			StoreOpened: opened, FirstSale: at(3, 5, 20), Provider: "sp-hangzhou"}
	}
	ledger, err = ledger.Apply(
		order("wx-1", at(3, 5, 20), "1000.00"),  // day 5 of the store: 1%
		order("wx-2", at(4, 10, 20), "2000.00"), // day 41: the category's 3%
		incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2026, Month: time.March}, At: at(4, 5, 10)},
		incentive.FeeRefund{ID: "rf-1", Order: "wx-1", At: at(4, 12, 9), Paid: commerce.MustParseMoney("CNY 1000.00")},
	)
	if err != nil {
		return err
	}
	for _, id := range []string{"wx-1", "wx-2"} {
		q, _ := ledger.Quote(id)
		r, _ := ledger.Rebate(id)
		fmt.Fprintf(w, "%s paid %s: fee %s at %s, provider rebate %s (%s)\n",
			id, q.Base(), q.Fee(), q.Parts()[0].Rate, r.Rebate(), r.Status())
	}
	fmt.Fprintln(w)
	for _, a := range ledger.Accounts() {
		for _, st := range ledger.Statements(a) {
			fmt.Fprintf(w, "%-6s %-13s %s: accrued %s, adjusted %s, closing %s, paid %s\n",
				a.Kind, a.Party, st.Cycle, st.Accrued, st.Adjusted, st.Closing, st.Paid)
		}
	}
	return nil
}
