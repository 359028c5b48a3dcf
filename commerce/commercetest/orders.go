package commercetest

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// OrderConfig describes the orders [Orders] generates. A zero field takes
// the default its comment gives, so OrderConfig{Seed: 1} is a complete
// configuration; a negative field panics.
type OrderConfig struct {
	// Seed seeds the generator: the same catalogue, seed and configuration
	// give the same orders. Every seed, zero included, is valid.
	Seed uint64
	// Orders is the number of orders. Default 1,000.
	Orders int
	// Buyers is the number of buyer IDs ("buyer-0001", …) the orders are
	// drawn from, uniformly. Default ⌈Orders × 20/13⌉: with 13/20 orders per
	// buyer ID, about 29% of the buyers who order at all order twice or
	// more (1 − λe^−λ/(1 − e^−λ) = 29.0% for λ = 0.65), the live-room
	// repurchase rate of DOMAIN.md.
	Buyers int
	// Lines is the most lines an order has: each order has 1 to Lines lines
	// of distinct SKUs, uniformly. Default 3, so an order has 2 lines on
	// average. It must not exceed the catalogue's number of SKUs.
	Lines int
	// Seller is the selling account of every order. Default "seller-01".
	Seller string
	// Start is the beginning of the payment period. Default 2024-06-01
	// 00:00 China Standard Time (UTC+8), the month of the 618 festival.
	Start time.Time
	// Span is the length of the payment period. Default 30 days.
	Span time.Duration
	// RefundShare is the share of orders that get one after-sales refund,
	// from 0% to 100%, drawn to the nearest part per million (rounded up).
	// The zero value, the default, refunds nothing;
	// commerce.Percent(33) reproduces the live-room return rate of
	// DOMAIN.md. Changing it changes which orders are refunded and nothing
	// else about the orders.
	RefundShare commerce.Rate
}

// The defaults of OrderConfig.
const (
	defaultOrders = 1000
	defaultLines  = 3
	defaultSeller = "seller-01"
	defaultSpan   = 30 * day
	day           = 24 * time.Hour
)

// defaultStart is the default OrderConfig.Start.
func defaultStart() time.Time {
	return time.Date(2024, time.June, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*60*60))
}

// withDefaults returns c with its zero fields set to their defaults, and
// panics on a negative or out-of-range field.
func (c OrderConfig) withDefaults() OrderConfig {
	switch {
	case c.Orders < 0:
		panic("commercetest: OrderConfig.Orders is negative: " + strconv.Itoa(c.Orders))
	case c.Buyers < 0:
		panic("commercetest: OrderConfig.Buyers is negative: " + strconv.Itoa(c.Buyers))
	case c.Lines < 0:
		panic("commercetest: OrderConfig.Lines is negative: " + strconv.Itoa(c.Lines))
	case c.Span < 0:
		panic("commercetest: OrderConfig.Span is negative: " + c.Span.String())
	case c.RefundShare.IsNegative() || c.RefundShare.Cmp(commerce.Percent(100)) > 0:
		panic("commercetest: OrderConfig.RefundShare is outside 0% to 100%: " + c.RefundShare.String())
	}
	if c.Orders == 0 {
		c.Orders = defaultOrders
	}
	if c.Buyers == 0 {
		c.Buyers = (c.Orders*20 + 12) / 13
	}
	if c.Lines == 0 {
		c.Lines = defaultLines
	}
	if c.Seller == "" {
		c.Seller = defaultSeller
	}
	if c.Start.IsZero() {
		c.Start = defaultStart()
	}
	if c.Span == 0 {
		c.Span = defaultSpan
	}
	return c
}

// Period returns the payment period of the orders c describes, [Start,
// Start+Span) with the defaults applied: the period to pass to
// [commerce.Summarize]. OrderConfig{}.Period() is the period of
// [TwoLineOrders].
func (c OrderConfig) Period() commerce.Period {
	c = c.withDefaults()
	return commerce.Period{From: c.Start, To: c.Start.Add(c.Span)}
}

// Orders returns cfg.Orders orders over cat, drawn from cfg.Seed as follows.
//
//   - ID and payment: order i is "order-i", zero-padded to the width of the
//     count ("order-0001" of 1,000). It is paid at a time drawn uniformly
//     from the i-th of cfg.Orders equal slots of the period, so the orders
//     are in payment order, and created up to ten minutes before.
//   - Buyer: one of cfg.Buyers IDs, uniformly.
//   - Source: a live session 40% (one a day, "live-01" for the first 24
//     hours), a note 15% ("note-01" … "note-12"), a group chat 20% ("group-01"
//     … "group-35", the 35 groups of one Shidajia account), a referral link
//     10% ("ref-01" … "ref-20"), a showcase 5% ("showcase-1" … "showcase-5")
//     and direct 10%.
//   - Lines: 1 to cfg.Lines distinct SKUs, uniformly, each of 1 unit (80%),
//     2 (15%) or 3 (5%), 1.25 on average. Live-session orders pay 90% of
//     list (the live price) and group-chat orders 95% (the coupon for
//     joining the group), rounded half up; the others pay list. A line
//     never pays more than list × quantity; on average 95% of it.
//   - Fulfilment: an order ends paid (10%), shipped (15%), delivered (25%)
//     or completed (50%). Shipping is 2 to 48 hours after payment, by SF,
//     ZTO, YTO, JD or YUNDA with a 13-digit tracking number; delivery 1 to 4
//     days after shipping; completion when the 7-day after-sales window
//     closes.
//   - Refunds: a cfg.RefundShare of the orders get one request under
//     [commerce.SevenDayReturns], for 1 to all units of one line (so only a
//     single-line order is refunded whole): refund-only within a day of
//     payment or shipping before delivery, return-and-refund within the
//     window after it.
//
// Orders does not check or draw down stock. It panics if cat has no SKUs,
// a field of cfg is negative or out of range, or cfg.Lines exceeds cat's
// SKUs.
func Orders(cat commerce.Catalogue, cfg OrderConfig) []commerce.Order {
	cfg = cfg.withDefaults()
	return generate(cat, cfg, cfg.Lines, false)
}

// TwoLineOrders returns n paid orders of exactly two lines over
// [BeautyCatalogue], for benchmarks. They are drawn as [Orders] draws
// OrderConfig{Seed: seed, Orders: n} (buyers, sources, quantities,
// discounts) except that every order has two lines and nothing happens
// after payment: no shipping, no refunds. As two lines is the default
// average, their average order value is also near ¥50, the AMORTALS figure
// of DOMAIN.md. They are paid in OrderConfig{}.Period(). n = 0 gives no
// orders; a negative n panics.
//
// A million orders take about 500 MB (each a 96-byte Order, its 240-byte
// detail and 160 bytes of lines) and on the order of a second to generate,
// most of it in [commerce.NewOrder].
func TwoLineOrders(seed uint64, n int) []commerce.Order {
	if n == 0 {
		return nil
	}
	cfg := OrderConfig{Seed: seed, Orders: n}.withDefaults()
	return generate(BeautyCatalogue(), cfg, 2, true)
}

// pcgStream and refundStream are the PCG stream constants of the order and
// refund generators; the seed is the caller's.
const (
	pcgStream    = 0x6c69766563_6f6d6d // "livecomm"
	refundStream = 0x726566756e_6473   // "refunds"
)

// The sizes of the source ID pools.
const (
	notePool     = 12
	groupPool    = 35 // one Shidajia account ran 35 group chats (DOMAIN.md)
	referralPool = 20
	showcasePool = 5
)

// carriers are the carriers of shipped orders.
var carriers = [...]string{"SF", "ZTO", "YTO", "JD", "YUNDA"}

// The fulfilment stages an order reaches, drawn out of 20.
const (
	stagePaid      = iota // 2 in 20
	stageShipped          // 3 in 20
	stageDelivered        // 5 in 20
	stageCompleted        // 10 in 20
)

// generate draws cfg.Orders orders over cat. Each order has lines lines
// when exact is set (paid only), and 1 to lines otherwise.
func generate(cat commerce.Catalogue, cfg OrderConfig, lines int, exact bool) []commerce.Order {
	skus := slices.Collect(cat.SKUs())
	if len(skus) == 0 {
		panic("commercetest: the catalogue has no SKUs")
	}
	if lines > len(skus) {
		panic("commercetest: " + strconv.Itoa(lines) + " lines per order exceed the catalogue's " + strconv.Itoa(len(skus)) + " SKUs")
	}
	n := cfg.Orders
	r := rand.New(rand.NewPCG(cfg.Seed, pcgStream))
	rr := rand.New(rand.NewPCG(cfg.Seed, refundStream))

	ids := newIDPool("order-", n)
	buyers := newIDPool("buyer-", cfg.Buyers)
	lives := newIDPool("live-", int((cfg.Span+day-1)/day))
	notes := newIDPool("note-", notePool)
	groups := newIDPool("group-", groupPool)
	referrals := newIDPool("ref-", referralPool)
	showcases := newIDPool("showcase-", showcasePool)
	livePrice, groupCoupon := commerce.Percent(90), commerce.Percent(95)
	refundThreshold := ppmThreshold(cfg.RefundShare)
	policy := commerce.SevenDayReturns()
	slot := cfg.Span / time.Duration(n)
	trackingBase := 1_000_000_000_000 + r.Int64N(8_000_000_000_000) // 13 digits

	orders := make([]commerce.Order, n)
	spec := commerce.OrderSpec{Seller: cfg.Seller, Lines: make([]commerce.Line, 0, lines)}
	picked := make([]int, 0, lines)
	for i := range orders {
		pay := cfg.Start.Add(time.Duration(i)*slot + duration(r, slot))
		spec.ID = ids.at(i)
		spec.Buyer = buyers.draw(r)
		spec.CreatedAt = pay.Add(-duration(r, 10*time.Minute))

		var discount commerce.Rate
		switch k := r.IntN(100); {
		case k < 40:
			spec.Source = commerce.Source{Kind: commerce.LiveSession, ID: lives.at(int(pay.Sub(cfg.Start) / day))}
			discount = livePrice
		case k < 55:
			spec.Source = commerce.Source{Kind: commerce.Note, ID: notes.draw(r)}
		case k < 75:
			spec.Source = commerce.Source{Kind: commerce.GroupChat, ID: groups.draw(r)}
			discount = groupCoupon
		case k < 85:
			spec.Source = commerce.Source{Kind: commerce.ReferralLink, ID: referrals.draw(r)}
		case k < 90:
			spec.Source = commerce.Source{Kind: commerce.Showcase, ID: showcases.draw(r)}
		default:
			spec.Source = commerce.Source{}
		}

		nl := lines
		if !exact {
			nl = 1 + r.IntN(lines)
		}
		spec.Lines, picked = spec.Lines[:0], picked[:0]
		for range nl {
			s := r.IntN(len(skus))
			for slices.Contains(picked, s) {
				s = r.IntN(len(skus))
			}
			picked = append(picked, s)
			q := quantity(r)
			list := skus[s].ListPrice
			paid := must(list.MulInt(q))
			if !discount.IsZero() {
				paid = must(paid.MulRate(discount, commerce.HalfUp))
			}
			spec.Lines = append(spec.Lines, commerce.Line{SKU: skus[s].ID, Quantity: q, UnitListPrice: list, Paid: paid})
		}

		o := must(must(commerce.NewOrder(spec)).Pay(pay))
		if !exact {
			o = fulfil(o, r, rr, spec.Lines, refundThreshold, policy, trackingBase+int64(i))
		}
		orders[i] = o
	}
	return orders
}

// fulfil takes a paid order through its drawn fulfilment stage and, for
// a refundThreshold in a million of orders, one refund drawn from rr. The
// refund draws use their own generator so that the refund share changes
// nothing else.
func fulfil(o commerce.Order, r, rr *rand.Rand, lines []commerce.Line, refundThreshold int, policy commerce.AfterSalesPolicy, tracking int64) commerce.Order {
	stage := stageCompleted
	switch k := r.IntN(20); {
	case k < 2:
		stage = stagePaid
	case k < 5:
		stage = stageShipped
	case k < 10:
		stage = stageDelivered
	}
	at := o.PaidAt()
	if stage >= stageShipped {
		at = at.Add(2*time.Hour + duration(r, 46*time.Hour))
		o = must(o.Ship(at, commerce.Shipment{
			Carrier:        carriers[r.IntN(len(carriers))],
			TrackingNumber: strconv.FormatInt(tracking, 10),
		}))
	}
	if stage >= stageDelivered {
		at = at.Add(day + duration(r, 3*day))
		o = must(o.Deliver(at))
	}
	if rr.IntN(1_000_000) < refundThreshold {
		req := commerce.AfterSalesRequest{Kind: commerce.RefundOnly}
		window := day
		if stage >= stageDelivered {
			req.Kind, window = commerce.ReturnAndRefund, policy.Window
		}
		line := rr.IntN(len(lines))
		req.Items = []commerce.ReturnItem{{Line: line, Quantity: 1 + rr.Int64N(lines[line].Quantity)}}
		o = refunded(o.Refund(req, policy, at.Add(duration(rr, window))))
	}
	if stage == stageCompleted {
		o = must(o.Complete(o.DeliveredAt().Add(policy.Window)))
	}
	return o
}

// refunded returns the order of a successful [commerce.Order.Refund], or
// panics with its error.
func refunded(o commerce.Order, _ commerce.Refund, err error) commerce.Order { return must(o, err) }

// quantity draws a line quantity: 1 (16 in 20), 2 (3 in 20) or 3 (1 in 20).
func quantity(r *rand.Rand) int64 {
	switch k := r.IntN(20); {
	case k < 16:
		return 1
	case k < 19:
		return 2
	}
	return 3
}

// duration draws a duration uniformly from [0, d), or 0 when d ≤ 0.
func duration(r *rand.Rand, d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(r.Int64N(int64(d)))
}

// ppmThreshold returns the smallest t such that t parts per million are at
// least share, so that a draw below t out of a million has probability
// ⌈share × 10⁶⌉ / 10⁶, compared exactly.
func ppmThreshold(share commerce.Rate) int {
	return sort.Search(1_000_000, func(t int) bool {
		return commerce.PartsPerMillion(int64(t)).Cmp(share) >= 0
	})
}

// idPool is the IDs prefix1 … prefixN, zero-padded to the width of N
// ("note-01" … "note-12"), held in one string: building it is one
// allocation whatever N, each ID is reused wherever it appears, and taking
// one reads no memory.
type idPool struct {
	text string
	size int // the length of each ID
}

// newIDPool returns the pool of n IDs with the given prefix.
func newIDPool(prefix string, n int) idPool {
	width := len(strconv.Itoa(n))
	size := len(prefix) + width
	buf := make([]byte, 0, n*size)
	var num [20]byte
	for i := 1; i <= n; i++ {
		buf = append(buf, prefix...)
		d := strconv.AppendInt(num[:0], int64(i), 10)
		for range width - len(d) {
			buf = append(buf, '0')
		}
		buf = append(buf, d...)
	}
	return idPool{text: string(buf), size: size}
}

// at returns the ID of index i, counting from 0: the pool's (i+1)th.
func (p idPool) at(i int) string { return p.text[i*p.size : (i+1)*p.size] }

// draw returns one of the pool's IDs, uniformly.
func (p idPool) draw(r *rand.Rand) string { return p.at(r.IntN(len(p.text) / p.size)) }
