package commercetest_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
)

func TestMoney(t *testing.T) {
	assert.True(t, commercetest.Money("¥49.90").Equal(commercetest.CNY(4990)))
	assert.True(t, commercetest.Money("CNY 150").Equal(commercetest.CNY(15000)))
	assert.True(t, commercetest.Money("JPY 500").Equal(commerce.MustNewMoney(500, commerce.JPY)))
	assert.Panics(t, func() { commercetest.Money("49.90") }, "no currency")
}

func TestCatalogues(t *testing.T) {
	tests := []struct {
		name      string
		cat       commerce.Catalogue
		idPrefix  string
		meanPrice commerce.Money // the mean list price the doc comment's calibration uses
	}{
		{"beauty", commercetest.BeautyCatalogue(), "beauty-", commercetest.Money("¥21.10")},
		{"cup", commercetest.CupCatalogue(), "cup-", commercetest.Money("¥63.30")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			products, skus := tt.cat.Len()
			assert.Equal(t, 7, products)
			assert.Equal(t, 10, skus)
			assert.Equal(t, commerce.CNY, tt.cat.Currency())

			for p := range tt.cat.Products() {
				assert.NoError(t, p.Validate())
				assert.Equal(t, commerce.Listed, p.Status(), p.ID)
				assert.True(t, strings.HasPrefix(p.ID, tt.idPrefix+"prod-"), p.ID)
			}
			var lineup []string
			var total commerce.Money
			for s := range tt.cat.SKUs() {
				assert.NoError(t, s.Validate())
				assert.True(t, strings.HasPrefix(s.ID, tt.idPrefix+"sku-"), s.ID)
				assert.True(t, s.ListPrice.IsPositive(), s.ID)
				assert.Positive(t, s.Attributes.Len(), s.ID)
				assert.Positive(t, s.Stock, s.ID)
				lineup = append(lineup, s.ID)
				var err error
				total, err = total.Add(s.ListPrice)
				require.NoError(t, err)
			}
			assert.True(t, total.Equal(must(tt.meanPrice.MulInt(int64(skus)))), "mean list price: total %v", total)

			// "Front store, back factory": about 80 of 100 SKUs are the
			// seller's own (DOMAIN.md, source 000).
			share, err := tt.cat.OwnBrandShare(lineup)
			require.NoError(t, err)
			assert.True(t, share.Equal(commerce.MustNewRatio(4, 5)), "own-brand share %v", share)
		})
	}
}

// TestCalibration checks the figures the fixtures are calibrated to, on
// 10,000 orders: the average order value of AMORTALS (about ¥50) and
// Shidajia (about ¥150) from DOMAIN.md ("Group chats", source 002), within
// ±10%.
func TestCalibration(t *testing.T) {
	const n = 10_000
	tests := []struct {
		name   string
		orders []commerce.Order
		period commerce.Period
		target commerce.Money
	}{
		{"beauty", commercetest.Orders(commercetest.BeautyCatalogue(), commercetest.OrderConfig{Seed: 1, Orders: n}),
			commercetest.OrderConfig{}.Period(), commercetest.Money("¥50")},
		{"beauty with refunds", commercetest.Orders(commercetest.BeautyCatalogue(), commercetest.OrderConfig{Seed: 2, Orders: n, RefundShare: commerce.Percent(33)}),
			commercetest.OrderConfig{}.Period(), commercetest.Money("¥50")},
		{"cup", commercetest.Orders(commercetest.CupCatalogue(), commercetest.OrderConfig{Seed: 1, Orders: n}),
			commercetest.OrderConfig{}.Period(), commercetest.Money("¥150")},
		{"two-line", commercetest.TwoLineOrders(1, n), commercetest.OrderConfig{}.Period(), commercetest.Money("¥50")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := commerce.Summarize(tt.period, tt.orders)
			require.NoError(t, err)
			require.EqualValues(t, n, m.Orders, "every order is paid inside the period")
			aov, err := m.AverageOrderValue(commerce.HalfUp)
			require.NoError(t, err)
			lo := must(tt.target.MulRate(commerce.Percent(90), commerce.HalfUp))
			hi := must(tt.target.MulRate(commerce.Percent(110), commerce.HalfUp))
			assert.True(t, must(aov.Cmp(lo)) >= 0 && must(aov.Cmp(hi)) <= 0, "average order value %v outside [%v, %v]", aov, lo, hi)
		})
	}
}

// TestRateCalibration checks the rates the defaults reproduce on 10,000
// orders: the live-room repurchase rate of 29% and return rate of 33% that
// DOMAIN.md quotes ("The loop", source 001), within ±3 points.
func TestRateCalibration(t *testing.T) {
	cfg := commercetest.OrderConfig{Seed: 3, Orders: 10_000, RefundShare: commerce.Percent(33)}
	m, err := commerce.Summarize(cfg.Period(), commercetest.Orders(commercetest.CupCatalogue(), cfg))
	require.NoError(t, err)

	repurchase, err := m.RepurchaseRate()
	require.NoError(t, err)
	assert.True(t, repurchase.CmpRate(commerce.Percent(26)) >= 0 && repurchase.CmpRate(commerce.Percent(32)) <= 0, "repurchase rate %v", repurchase)

	refunds, err := m.RefundRateByOrders()
	require.NoError(t, err)
	assert.True(t, refunds.CmpRate(commerce.Percent(30)) >= 0 && refunds.CmpRate(commerce.Percent(36)) <= 0, "refund rate %v", refunds)
	assert.True(t, must(m.Refunded.Cmp(m.GMV)) < 0)
}

func TestRefundShareExtremes(t *testing.T) {
	cat := commercetest.BeautyCatalogue()
	for _, tt := range []struct {
		name  string
		share commerce.Rate
		want  int64 // refunded orders of 500
	}{
		{"none", commerce.Rate{}, 0},
		{"all", commerce.Percent(100), 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := commercetest.OrderConfig{Seed: 4, Orders: 500, RefundShare: tt.share}
			m, err := commerce.Summarize(cfg.Period(), commercetest.Orders(cat, cfg))
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.RefundedOrders)
		})
	}
}

func TestOrdersDeterministic(t *testing.T) {
	cat := commercetest.CupCatalogue()
	cfg := commercetest.OrderConfig{Seed: 42, Orders: 2000, RefundShare: commerce.Percent(33)}
	a := fingerprints(commercetest.Orders(cat, cfg))
	b := fingerprints(commercetest.Orders(cat, cfg))
	assert.Equal(t, a, b, "the same seed gives the same orders")

	cfg.Seed++
	c := fingerprints(commercetest.Orders(cat, cfg))
	assert.NotEqual(t, a, c, "another seed gives other orders")
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	assert.Less(t, same, len(a)/100, "orders of different seeds are unrelated")

	assert.Equal(t, fingerprints(commercetest.TwoLineOrders(7, 1000)), fingerprints(commercetest.TwoLineOrders(7, 1000)))
	assert.NotEqual(t, fingerprints(commercetest.TwoLineOrders(7, 1000)), fingerprints(commercetest.TwoLineOrders(8, 1000)))
}

func TestRefundShareChangesOnlyRefunds(t *testing.T) {
	cat := commercetest.BeautyCatalogue()
	cfg := commercetest.OrderConfig{Seed: 5, Orders: 1000}
	plain := commercetest.Orders(cat, cfg)
	cfg.RefundShare = commerce.Percent(50)
	refunded := commercetest.Orders(cat, cfg)
	require.Len(t, refunded, len(plain))
	changed := 0
	for i := range plain {
		p, r := plain[i], refunded[i]
		assert.Equal(t, withoutRefunds(p), withoutRefunds(r))
		if !r.Refunded().IsZero() {
			changed++
		}
	}
	assert.Positive(t, changed)
}

func TestOrdersInvariants(t *testing.T) {
	cat := commercetest.BeautyCatalogue()
	cfg := commercetest.OrderConfig{Seed: 9, Orders: 5000, RefundShare: commerce.Percent(33)}
	orders := commercetest.Orders(cat, cfg)
	require.Len(t, orders, cfg.Orders)
	period := cfg.Period()
	policy := commerce.SevenDayReturns()

	kinds := map[commerce.SourceKind]int{}
	statuses := map[commerce.Status]int{}
	lineCounts := map[int]int{}
	discounted := 0
	for i, o := range orders {
		assert.Equal(t, fmt.Sprintf("order-%04d", i+1), o.ID())
		assert.Equal(t, "seller-01", o.Seller())
		assert.Regexp(t, `^buyer-\d{4}$`, o.Buyer())
		assert.NoError(t, o.Source().Validate())
		assert.True(t, period.Contains(o.PaidAt()), o.ID())
		if i > 0 {
			assert.False(t, o.PaidAt().Before(orders[i-1].PaidAt()), "orders are in payment order")
		}
		assert.False(t, o.CreatedAt().After(o.PaidAt()))
		assert.Less(t, o.PaidAt().Sub(o.CreatedAt()), 10*time.Minute)
		kinds[o.Source().Kind]++
		statuses[o.Status()]++

		lines := o.Lines()
		lineCounts[len(lines)]++
		var skus []string
		for _, l := range lines {
			s, ok := cat.SKU(l.SKU)
			require.True(t, ok, l.SKU)
			skus = append(skus, l.SKU)
			assert.True(t, l.UnitListPrice.Equal(s.ListPrice))
			assert.Contains(t, []int64{1, 2, 3}, l.Quantity)
			list := must(l.UnitListPrice.MulInt(l.Quantity))
			assert.True(t, must(l.Paid.Cmp(list)) <= 0, "paid %v above list %v", l.Paid, list)
			assert.True(t, l.Paid.IsPositive())
			if !l.Paid.Equal(list) {
				discounted++
			}
		}
		slices.Sort(skus)
		assert.Len(t, slices.Compact(skus), len(lines), "an order's lines are distinct SKUs")

		switch o.Status() {
		case commerce.Shipped, commerce.Delivered, commerce.Completed:
			assert.NoError(t, o.Shipment().Validate())
		}
		if o.Status() == commerce.Completed {
			assert.Equal(t, o.DeliveredAt().Add(policy.Window), o.ClosedAt())
		}
		refunds := o.Refunds()
		assert.LessOrEqual(t, len(refunds), 1)
		for _, r := range refunds {
			assert.Len(t, r.Items, 1)
			if o.DeliveredAt().IsZero() {
				assert.Equal(t, commerce.RefundOnly, r.Kind)
			} else {
				assert.Equal(t, commerce.ReturnAndRefund, r.Kind)
				assert.True(t, r.At.Before(o.DeliveredAt().Add(policy.Window)))
			}
		}
		assert.True(t, must(o.Refunded().Cmp(o.Paid())) <= 0)
	}

	for k := commerce.Direct; k <= commerce.Showcase; k++ {
		assert.Positive(t, kinds[k], "source kind %v", k)
	}
	for _, s := range []commerce.Status{commerce.Paid, commerce.Shipped, commerce.Delivered, commerce.Completed} {
		assert.Positive(t, statuses[s], "status %v", s)
	}
	assert.Len(t, statuses, 4)
	assert.Equal(t, []int{1, 2, 3}, slices.Sorted(maps.Keys(lineCounts)), "1 to 3 lines an order by default")
	assert.Positive(t, discounted)
}

func TestOrdersDefaults(t *testing.T) {
	cst := time.FixedZone("CST", 8*60*60)
	p := commercetest.OrderConfig{}.Period()
	assert.True(t, p.From.Equal(time.Date(2024, time.June, 1, 0, 0, 0, 0, cst)), "%v", p.From)
	assert.True(t, p.To.Equal(time.Date(2024, time.July, 1, 0, 0, 0, 0, cst)), "%v", p.To)

	orders := commercetest.Orders(commercetest.BeautyCatalogue(), commercetest.OrderConfig{})
	require.Len(t, orders, 1000)
	assert.Equal(t, "order-0001", orders[0].ID())
	assert.Equal(t, "order-1000", orders[999].ID())
	m, err := commerce.Summarize(p, orders)
	require.NoError(t, err)
	assert.Zero(t, m.RefundedOrders, "no refunds by default")
	// The default buyer pool is ⌈1000 × 20/13⌉ = 1539 IDs, so 4 digits.
	for _, o := range orders {
		assert.LessOrEqual(t, o.Buyer(), "buyer-1539")
	}
}

func TestOrdersConfig(t *testing.T) {
	cat := commercetest.CupCatalogue()
	start := time.Date(2024, time.November, 11, 20, 0, 0, 0, time.UTC)
	cfg := commercetest.OrderConfig{
		Seed: 11, Orders: 50, Buyers: 1, Lines: 10, Seller: "cup-flagship",
		Start: start, Span: time.Nanosecond,
	}
	orders := commercetest.Orders(cat, cfg)
	require.Len(t, orders, 50)
	for _, o := range orders {
		assert.Equal(t, "buyer-1", o.Buyer())
		assert.Equal(t, "cup-flagship", o.Seller())
		assert.True(t, o.PaidAt().Equal(start), "a span shorter than the orders pays them all at Start")
		assert.LessOrEqual(t, len(o.Lines()), 10)
	}
	assert.Equal(t, commerce.Period{From: start, To: start.Add(time.Nanosecond)}, cfg.Period())

	m, err := commerce.Summarize(cfg.Period(), orders)
	require.NoError(t, err)
	assert.EqualValues(t, 1, m.Buyers)
	assert.EqualValues(t, 1, m.RepeatBuyers)

	one := commercetest.Orders(cat, commercetest.OrderConfig{Seed: 1, Orders: 100, Lines: 1})
	for _, o := range one {
		assert.Len(t, o.Lines(), 1)
	}
}

func TestTwoLineOrders(t *testing.T) {
	assert.Empty(t, commercetest.TwoLineOrders(1, 0))

	period := commercetest.OrderConfig{}.Period()
	cat := commercetest.BeautyCatalogue()
	for _, o := range commercetest.TwoLineOrders(1, 1000) {
		assert.Equal(t, commerce.Paid, o.Status())
		assert.True(t, period.Contains(o.PaidAt()))
		assert.True(t, o.Refunded().IsZero())
		lines := o.Lines()
		require.Len(t, lines, 2)
		assert.NotEqual(t, lines[0].SKU, lines[1].SKU)
		for _, l := range lines {
			_, ok := cat.SKU(l.SKU)
			assert.True(t, ok)
		}
	}
}

// TestTwoLineOrdersAllocs guards the generator's own allocations: besides a
// few per call, each order costs only what commerce.NewOrder allocates (its
// detail and its lines), never per-order IDs.
func TestTwoLineOrdersAllocs(t *testing.T) {
	const n = 1000
	allocs := testing.AllocsPerRun(5, func() { commercetest.TwoLineOrders(1, n) })
	assert.LessOrEqual(t, allocs, float64(2*n+200), "allocations per call of %d orders", n)
}

func TestPanics(t *testing.T) {
	beauty := commercetest.BeautyCatalogue()
	tests := []struct {
		name string
		f    func()
	}{
		{"negative orders", func() { commercetest.Orders(beauty, commercetest.OrderConfig{Orders: -1}) }},
		{"negative buyers", func() { commercetest.Orders(beauty, commercetest.OrderConfig{Buyers: -1}) }},
		{"negative lines", func() { commercetest.Orders(beauty, commercetest.OrderConfig{Lines: -1}) }},
		{"negative span", func() { commercetest.Orders(beauty, commercetest.OrderConfig{Span: -time.Hour}) }},
		{"negative refund share", func() { commercetest.Orders(beauty, commercetest.OrderConfig{RefundShare: commerce.Percent(-1)}) }},
		{"refund share above 100%", func() { commercetest.Orders(beauty, commercetest.OrderConfig{RefundShare: commerce.Percent(101)}) }},
		{"more lines than SKUs", func() { commercetest.Orders(beauty, commercetest.OrderConfig{Lines: 11}) }},
		{"empty catalogue", func() { commercetest.Orders(commerce.Catalogue{}, commercetest.OrderConfig{}) }},
		{"invalid seller", func() { commercetest.Orders(beauty, commercetest.OrderConfig{Seller: " seller"}) }},
		{"negative two-line count", func() { commercetest.TwoLineOrders(1, -1) }},
		{"period of a bad config", func() { commercetest.OrderConfig{Span: -1}.Period() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Panics(t, tt.f)
		})
	}
}

func TestPaidOrder(t *testing.T) {
	at := time.Date(2024, time.June, 18, 20, 0, 0, 0, time.UTC)
	spec := commerce.OrderSpec{
		ID: "o-1", Buyer: "b-1", Seller: "s-1",
		Source:    commerce.Source{Kind: commerce.LiveSession, ID: "live-618"},
		Lines:     []commerce.Line{{SKU: "beauty-sku-01", Quantity: 2, UnitListPrice: commercetest.Money("¥19.90"), Paid: commercetest.Money("¥35.82")}},
		CreatedAt: at,
	}
	o := commercetest.PaidOrder(t, spec)
	assert.Equal(t, commerce.Paid, o.Status())
	assert.True(t, o.PaidAt().Equal(at))
	assert.True(t, o.Paid().Equal(commercetest.CNY(3582)))

	fake := &fakeTB{}
	spec.Lines = nil
	commercetest.PaidOrder(fake, spec)
	assert.True(t, fake.helper)
	assert.Contains(t, fake.fatal, "commercetest: paid order:")
	assert.Contains(t, fake.fatal, "no lines")
}

func BenchmarkTwoLineOrders(b *testing.B) {
	const n = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		commercetest.TwoLineOrders(1, n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/order")
}

// fakeTB records what a helper reports instead of failing the test.
type fakeTB struct {
	testing.TB
	helper bool
	fatal  string
}

func (f *fakeTB) Helper() { f.helper = true }

func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }

// fingerprints describes each order in one line: everything that makes it
// what it is, so that equal fingerprints mean equal orders.
func fingerprints(orders []commerce.Order) []string {
	out := make([]string, len(orders))
	for i, o := range orders {
		var b strings.Builder
		fmt.Fprintf(&b, "%s refunded %v", withoutRefunds(o), o.Refunded())
		for _, r := range o.Refunds() {
			fmt.Fprintf(&b, " refund %v %s %v %v", r.Kind, r.At.Format(time.RFC3339Nano), r.Amount, r.Items)
		}
		out[i] = b.String()
	}
	return out
}

// withoutRefunds describes an order leaving out its refunds.
func withoutRefunds(o commerce.Order) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %v %v paid %v created %s paid %s shipped %s %v delivered %s closed %s",
		o.ID(), o.Buyer(), o.Seller(), o.Source(), o.Status(), o.Paid(),
		o.CreatedAt().Format(time.RFC3339Nano), o.PaidAt().Format(time.RFC3339Nano),
		o.ShippedAt().Format(time.RFC3339Nano), o.Shipment(),
		o.DeliveredAt().Format(time.RFC3339Nano), o.ClosedAt().Format(time.RFC3339Nano))
	for _, l := range o.Lines() {
		fmt.Fprintf(&b, " %s×%d list %v paid %v", l.SKU, l.Quantity, l.UnitListPrice, l.Paid)
	}
	return b.String()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
