// Command tour is the main demonstration of livecommerce. It tells the story
// of Puffbloom, a fictional beauty-tools brand modelled on AMORTALS (average
// order near ¥50), on the fixture data of package commercetest:
//
//  1. the catalogue and the lineup's own-brand share;
//  2. an order from the live room, with a bundle discount allocated to the
//     fen and a payment fee;
//  3. after-sales: shipping, delivery, partial returns that refund exactly
//     what was paid, and the 7-day window closing;
//  4. a month of orders and its metrics, tallied at once and in parts that
//     merge exactly.
//
// Run it from a clone of the repository:
//
//	go run ./examples/tour
//
// Every time is fixed and every random draw seeded, so the output is the
// same on every run. testdata/tour.golden holds it; after an intended change,
// rewrite it with
//
//	go test ./examples/tour -update
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

// run writes the tour to w. It fails on the first error of the library or of
// w.
func run(w io.Writer) error {
	sw := &stickyWriter{w: w}
	cat := commercetest.BeautyCatalogue()
	if err := tourCatalogue(sw, cat); err != nil {
		return fmt.Errorf("the catalogue: %w", err)
	}
	fmt.Fprintln(sw)
	order, err := tourOrder(sw, cat)
	if err != nil {
		return fmt.Errorf("an order from the live room: %w", err)
	}
	fmt.Fprintln(sw)
	if err := tourAfterSales(sw, order); err != nil {
		return fmt.Errorf("after-sales: %w", err)
	}
	fmt.Fprintln(sw)
	if err := tourMetrics(sw, cat); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	return sw.err
}

// tourCatalogue prints the products and SKUs of cat and the own-brand share
// of the whole lineup.
func tourCatalogue(w io.Writer, cat commerce.Catalogue) error {
	heading(w, "1. The catalogue")
	nProducts, nSKUs := cat.Len()
	fmt.Fprintf(w, "Puffbloom sells makeup sponges, puffs and brushes (commercetest.BeautyCatalogue):\n")
	fmt.Fprintf(w, "%d products and %d SKUs, priced in %s.\n\n", nProducts, nSKUs, cat.Currency())

	products := table{align: "lllll"}
	products.row("product", "title", "brand", "origin", "listing")
	products.rule()
	for p := range cat.Products() {
		products.row(p.ID, p.Title, p.Brand, p.Origin.String(), p.Status().String())
	}
	products.write(w)
	fmt.Fprintln(w)

	skus := table{align: "lllrl"}
	skus.row("SKU", "product", "attributes", "list price", "origin")
	skus.rule()
	var lineup []string
	for s := range cat.SKUs() {
		p, ok := cat.Product(s.ProductID)
		if !ok {
			return fmt.Errorf("SKU %s: product %s is not in the catalogue", s.ID, s.ProductID)
		}
		skus.row(s.ID, p.ID, s.Attributes.String(), s.ListPrice.String(), p.Origin.String())
		lineup = append(lineup, s.ID)
	}
	skus.write(w)

	share, err := cat.OwnBrandShare(lineup)
	if err != nil {
		return err
	}
	pct, err := share.Rate(4, commerce.HalfUp)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nOwn-brand share of the lineup (Catalogue.OwnBrandShare): %s = %s of SKUs.\n", share, pct)
	fmt.Fprintf(w, "That is the \"front store, back factory\" mix of buyers who earn: about 80 own SKUs in 100.\n")
	return nil
}

// liveOrderID is the ID of the order the tour follows.
const liveOrderID = "order-618-0001"

// tourOrder builds the tour's order from the live room: three sponge sets
// and a brush set at list price, less a bundle discount allocated over the
// lines. It prints the allocation and a payment fee, and returns the order,
// created and not yet paid.
func tourOrder(w io.Writer, cat commerce.Catalogue) (commerce.Order, error) {
	heading(w, "2. An order from the live room")
	picks := []struct {
		sku, name string
		quantity  int64
	}{
		{"beauty-sku-01", "sponge set, pink", 3},
		{"beauty-sku-06", "brush set", 1},
	}
	bundle := commerce.MustParseMoney("¥10.00")

	// The discount is allocated by each line's list total: the weights are
	// the totals in fen, and the parts always sum to the whole.
	lines := make([]commerce.Line, len(picks))
	listTotals := make([]commerce.Money, len(picks))
	weights := make([]int64, len(picks))
	for i, pick := range picks {
		sku, ok := cat.SKU(pick.sku)
		if !ok {
			return commerce.Order{}, fmt.Errorf("SKU %s is not in the catalogue", pick.sku)
		}
		total, err := sku.ListPrice.MulInt(pick.quantity)
		if err != nil {
			return commerce.Order{}, err
		}
		lines[i] = commerce.Line{SKU: sku.ID, Quantity: pick.quantity, UnitListPrice: sku.ListPrice}
		listTotals[i] = total
		weights[i] = total.Units()
	}
	shares, err := bundle.Allocate(weights...)
	if err != nil {
		return commerce.Order{}, err
	}
	for i := range lines {
		if lines[i].Paid, err = listTotals[i].Sub(shares[i]); err != nil {
			return commerce.Order{}, err
		}
	}

	source := commerce.Source{Kind: commerce.LiveSession, ID: "live-618"}
	placed := june(18, 20, 0)
	order, err := commerce.NewOrder(commerce.OrderSpec{
		ID: liveOrderID, Buyer: "buyer-0618", Seller: "seller-01",
		Source: source, Lines: lines, CreatedAt: placed,
	})
	if err != nil {
		return commerce.Order{}, err
	}

	fmt.Fprintf(w, "On the evening of 618, buyer-0618 is watching Puffbloom's live room\n")
	fmt.Fprintf(w, "(source %s). At %s the buyer places %s:\n", order.Source(), stamp(placed), order.ID())
	fmt.Fprintf(w, "three sponge sets and a brush set at list price, less a %s bundle\n", bundle)
	fmt.Fprintf(w, "discount allocated over the lines by their list totals (Money.Allocate).\n\n")

	t := table{align: "rllrrrrr"}
	t.row("line", "SKU", "item", "qty", "unit price", "list total", "discount", "paid")
	t.rule()
	for i, l := range order.Lines() {
		t.row(fmt.Sprint(i), l.SKU, picks[i].name, fmt.Sprint(l.Quantity),
			l.UnitListPrice.String(), listTotals[i].String(), shares[i].String(), l.Paid.String())
	}
	listTotal, err := commerce.Sum(listTotals...)
	if err != nil {
		return commerce.Order{}, err
	}
	discount, err := commerce.Sum(shares...)
	if err != nil {
		return commerce.Order{}, err
	}
	t.rule()
	t.row("", "total", "", "", "", listTotal.String(), discount.String(), order.Paid().String())
	t.write(w)
	fmt.Fprintf(w, "\nThe discount shares sum to exactly %s: %t.\n", bundle, discount.Equal(bundle))
	fmt.Fprintf(w, "The exact shares at %d:%d are %s and %s; each line gets\n",
		weights[0], weights[1], exactShare(bundle, weights, 0), exactShare(bundle, weights, 1))
	fmt.Fprintf(w, "its share rounded down, and the fen left over goes to the larger remainder.\n")

	// A commission-like rate on money: the payment channel's fee, quoted in
	// basis points (WeChat Pay's 万分比), rounded once with a named mode.
	feeRate := commerce.BasisPoints(60)
	fee, err := order.Paid().MulRate(feeRate, commerce.HalfUp)
	if err != nil {
		return commerce.Order{}, err
	}
	feeDown, err := order.Paid().MulRate(feeRate, commerce.Down)
	if err != nil {
		return commerce.Order{}, err
	}
	net, err := order.Paid().Sub(fee)
	if err != nil {
		return commerce.Order{}, err
	}
	exact := order.Paid().Decimal().Mul(feeRate.Decimal())
	fmt.Fprintf(w, "\nA commission-like rate: the payment channel's fee on the amount paid,\n")
	fmt.Fprintf(w, "rounded once with a named mode (Money.MulRate):\n\n")
	fee1 := table{align: "ll"}
	fee1.row("fee rate", fmt.Sprintf("%s (commerce.BasisPoints(60), 60 万分比)", feeRate))
	fee1.row("exact fee", fmt.Sprintf("%s × %s = %s %s", order.Paid(), feeRate, order.Currency().Code(), exact))
	fee1.row("fee, HalfUp", fee.String())
	fee1.row("fee if rounded Down", feeDown.String())
	fee1.row("seller receives", fmt.Sprintf("%s − %s = %s", order.Paid(), fee, net))
	fee1.write(w)
	return order, nil
}

// exactShare returns whole × weights[i] / Σ weights in major units,
// truncated to four places and marked "…", for display.
func exactShare(whole commerce.Money, weights []int64, i int) string {
	var sum int64
	for _, v := range weights {
		sum += v
	}
	q := whole.Decimal().Mul(decimal.NewFromInt(weights[i])).Div(decimal.NewFromInt(sum))
	return whole.Currency().Code() + " " + q.Truncate(4).StringFixed(4) + "…"
}

// tourAfterSales takes order through payment, shipping, delivery and two
// partial returns of its first line, shows that the refunds sum exactly to
// what was paid for the units returned, and that a request after the 7-day
// window is refused.
func tourAfterSales(w io.Writer, order commerce.Order) error {
	heading(w, "3. After-sales")
	policy := commerce.SevenDayReturns()
	const line = 0 // the line of three sponge sets
	returnOne := commerce.AfterSalesRequest{
		Kind:  commerce.ReturnAndRefund,
		Items: []commerce.ReturnItem{{Line: line, Quantity: 1}},
	}

	timeline := table{align: "llrl"}
	timeline.row("when", "step", "amount", "detail")
	timeline.rule()
	timeline.row(stamp(order.CreatedAt()), order.Status().String(), order.Paid().String(),
		fmt.Sprintf("%d lines, from %s", len(order.Lines()), order.Source()))

	var err error
	if order, err = order.Pay(june(18, 20, 1)); err != nil {
		return err
	}
	timeline.row(stamp(order.PaidAt()), order.Status().String(), order.Paid().String(), "")

	if order, err = order.Ship(june(19, 10, 0), commerce.Shipment{Carrier: "SF", TrackingNumber: "SF1406182024001"}); err != nil {
		return err
	}
	timeline.row(stamp(order.ShippedAt()), order.Status().String(), "",
		fmt.Sprintf("carrier %s, tracking %s", order.Shipment().Carrier, order.Shipment().TrackingNumber))

	if order, err = order.Deliver(june(21, 15, 0)); err != nil {
		return err
	}
	windowCloses := order.DeliveredAt().Add(policy.Window)
	timeline.row(stamp(order.DeliveredAt()), order.Status().String(), "",
		"returns open 7 days, until "+stamp(windowCloses))

	// Two returns of one sponge set each, days apart.
	var refunds []commerce.Money
	var afterFirst commerce.Order
	for i, at := range []time.Time{june(23, 11, 0), june(25, 11, 0)} {
		var r commerce.Refund
		if order, r, err = order.Refund(returnOne, policy, at); err != nil {
			return err
		}
		if i == 0 {
			afterFirst = order
		}
		refunds = append(refunds, r.Amount)
		l := order.Lines()[line]
		timeline.row(stamp(r.At), r.Kind.String(), r.Amount.String(),
			fmt.Sprintf("line %d: %d of %d units back, %s in all", line, l.RefundedQuantity, l.Quantity, l.Refunded))
	}

	if order, err = order.Complete(windowCloses); err != nil {
		return err
	}
	timeline.row(stamp(order.ClosedAt()), order.Status().String(), "", "the after-sales window has closed")

	late := june(29, 10, 0)
	_, _, lateErr := order.Refund(returnOne, policy, late)
	if !errors.Is(lateErr, commerce.ErrAfterSalesClosed) {
		return fmt.Errorf("a return at %s: want ErrAfterSalesClosed, got %v", stamp(late), lateErr)
	}
	timeline.row(stamp(late), "refused", "", "a return of the third sponge set")
	timeline.write(w)

	fmt.Fprintf(w, "\nThe late request fails with\n  %v\n", lateErr)
	fmt.Fprintf(w, "errors.Is(err, commerce.ErrAfterSalesClosed): %t\n", errors.Is(lateErr, commerce.ErrAfterSalesClosed))

	// The refunds of the two returns against what was paid for those units,
	// computed independently: the line's paid amount allocated 2:1.
	l := order.Lines()[line]
	returned, err := commerce.Sum(refunds...)
	if err != nil {
		return err
	}
	parts, err := l.Paid.Allocate(l.RefundedQuantity, l.Quantity-l.RefundedQuantity)
	if err != nil {
		return err
	}
	kept, err := order.Paid().Sub(order.Refunded())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nLine %d paid %s for %d units; %d came back for %s + %s = %s.\n",
		line, l.Paid, l.Quantity, l.RefundedQuantity, refunds[0], refunds[1], returned)
	fmt.Fprintf(w, "What was paid for them is %s × %d/%d rounded HalfUp, or %s allocated\n",
		l.Paid, l.RefundedQuantity, l.Quantity, l.Paid)
	fmt.Fprintf(w, "%d:%d: %s. Refunds equal it: %t.\n",
		l.RefundedQuantity, l.Quantity-l.RefundedQuantity, parts[0], returned.Equal(parts[0]))
	fmt.Fprintf(w, "The order ends %s: paid %s, refunded %s; the seller keeps %s.\n",
		order.Status(), order.Paid(), order.Refunded(), kept)

	// Orders are values: branch from the order after the first return and
	// return the other two units at once instead.
	_, rest, err := afterFirst.Refund(commerce.AfterSalesRequest{
		Kind:  commerce.ReturnAndRefund,
		Items: []commerce.ReturnItem{{Line: line, Quantity: 2}},
	}, policy, june(25, 11, 0))
	if err != nil {
		return err
	}
	whole, err := refunds[0].Add(rest.Amount)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nHad the buyer returned 1 unit and then the other 2 (orders are values, so\n")
	fmt.Fprintf(w, "the tour branches from the order after the first return), the refunds\n")
	fmt.Fprintf(w, "would be %s + %s = %s, exactly the line's %s: %t.\n",
		refunds[0], rest.Amount, whole, l.Paid, whole.Equal(l.Paid))
	return nil
}

// tourMetrics generates a month of orders over cat and prints their metrics,
// computed at once and in two halves merged.
func tourMetrics(w io.Writer, cat commerce.Catalogue) error {
	heading(w, "4. Metrics")
	cfg := commercetest.OrderConfig{Seed: 2024, Orders: 20_000, RefundShare: commerce.Percent(33)}
	orders := commercetest.Orders(cat, cfg)
	period := cfg.Period()
	fmt.Fprintf(w, "A month of generated orders (commercetest.Orders, seed %d, refund share %s),\n", cfg.Seed, cfg.RefundShare)
	fmt.Fprintf(w, "paid in [%s, %s):\n\n", stamp(period.From), stamp(period.To))

	m, err := commerce.Summarize(period, orders)
	if err != nil {
		return err
	}
	aov, err := m.AverageOrderValue(commerce.HalfUp)
	if err != nil {
		return err
	}
	byOrders, err := percent(m.RefundRateByOrders())
	if err != nil {
		return err
	}
	byAmount, err := percent(m.RefundRateByAmount())
	if err != nil {
		return err
	}
	repurchase, err := percent(m.RepurchaseRate())
	if err != nil {
		return err
	}
	t := table{align: "lrl"}
	t.row("GMV", m.GMV.String(), "paid for the orders paid in the period")
	t.row("refunded", m.Refunded.String(), "refunds recorded on them")
	t.row("net GMV", m.NetGMV.String(), "GMV − refunded")
	t.row("orders", fmt.Sprint(m.Orders), "")
	t.row("refunded orders", fmt.Sprint(m.RefundedOrders), "")
	t.row("buyers", fmt.Sprint(m.Buyers), "distinct")
	t.row("repeat buyers", fmt.Sprint(m.RepeatBuyers), "two or more orders")
	t.row("average order value", aov.String(), "GMV / orders, HalfUp (AMORTALS: about ¥50)")
	t.row("refund rate by orders", byOrders, "refunded orders / orders (live rooms: 33%)")
	t.row("refund rate by amount", byAmount, "refunded / GMV (a refund returns part of an order)")
	t.row("repurchase rate", repurchase, "repeat buyers / buyers (live rooms: 29%)")
	t.write(w)

	// The same metrics from two halves tallied apart and merged, as the
	// combine step of a distributed aggregation would.
	half := len(orders) / 2
	first, err := tally(period, orders[:half])
	if err != nil {
		return err
	}
	second, err := tally(period, orders[half:])
	if err != nil {
		return err
	}
	merged, err := commerce.NewTally(period)
	if err != nil {
		return err
	}
	if err := merged.Merge(first); err != nil {
		return err
	}
	if err := merged.Merge(second); err != nil {
		return err
	}
	mm := merged.Metrics()

	fmt.Fprintf(w, "\nThe same orders in two halves, each tallied alone (Tally.Add), then merged (Tally.Merge):\n\n")
	parts := table{align: "lrrrrr"}
	parts.row("", "orders", "buyers", "repeat buyers", "GMV", "refunded")
	parts.rule()
	for _, p := range []struct {
		name string
		m    commerce.Metrics
	}{{"first half", first.Metrics()}, {"second half", second.Metrics()}, {"merged", mm}, {"whole", m}} {
		parts.row(p.name, fmt.Sprint(p.m.Orders), fmt.Sprint(p.m.Buyers), fmt.Sprint(p.m.RepeatBuyers), p.m.GMV.String(), p.m.Refunded.String())
	}
	parts.write(w)
	fmt.Fprintf(w, "\nA buyer in both halves counts once when merged, so buyers do not simply add.\n")
	fmt.Fprintf(w, "merged == whole: %t\n", mm.Equal(m))
	return nil
}

// tally returns a tally of the orders paid in p.
func tally(p commerce.Period, orders []commerce.Order) (*commerce.Tally, error) {
	t, err := commerce.NewTally(p)
	if err != nil {
		return nil, err
	}
	return t, t.Add(orders...)
}

// percent formats a ratio, passed with its error, as a percentage rounded
// HalfUp to two decimals of a percent.
func percent(r commerce.Ratio, err error) (string, error) {
	if err != nil {
		return "", err
	}
	rate, err := r.Rate(4, commerce.HalfUp)
	if err != nil {
		return "", err
	}
	return rate.String(), nil
}

// june returns the given day, hour and minute of June 2024 in China
// Standard Time (UTC+8), where the story takes place.
func june(day, hour, minute int) time.Time {
	return time.Date(2024, time.June, day, hour, minute, 0, 0, time.FixedZone("CST", 8*60*60))
}

// stamp formats t to the minute with its zone: "2024-06-18 20:00 CST".
func stamp(t time.Time) string {
	return t.Format("2006-01-02 15:04 MST")
}

// heading prints a section heading, underlined.
func heading(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n%s\n\n", title, strings.Repeat("=", utf8.RuneCountInString(title)))
}

// table is a plain-text table: rows of cells, each column padded to its
// widest cell, left- or right-aligned as align says ('l' or 'r', one byte
// per column; amounts and counts read best right-aligned).
type table struct {
	align string
	rows  [][]string // a nil row is a rule
}

// row appends a row of cells.
func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// rule appends a horizontal rule across the table.
func (t *table) rule() { t.rows = append(t.rows, nil) }

// write prints the table, each row indented by two spaces, with two spaces
// between columns.
func (t *table) write(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	total := 0
	for _, n := range widths {
		total += n + 2
	}
	for _, r := range t.rows {
		if r == nil {
			fmt.Fprintf(w, "  %s\n", strings.Repeat("-", total-2))
			continue
		}
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(t.align) && t.align[i] == 'r' {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintf(w, "  %s\n", strings.TrimRight(b.String(), " "))
	}
}

// stickyWriter passes writes to w until one fails, then fails every later
// write with the same error, so that the tour can print freely and check for
// an error once at the end.
type stickyWriter struct {
	w   io.Writer
	err error
}

// Write implements io.Writer.
func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}
