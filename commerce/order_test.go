package commerce_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

var (
	shanghai = time.FixedZone("CST", 8*3600)
	t0       = time.Date(2024, 6, 18, 20, 0, 0, 0, shanghai)
)

func at(d time.Duration) time.Time { return t0.Add(d) }

func spec() commerce.OrderSpec {
	return commerce.OrderSpec{
		ID: "o-1", Buyer: "m-1", Seller: "amortals",
		Source: commerce.Source{Kind: commerce.LiveSession, ID: "live-1"},
		Lines: []commerce.Line{
			{SKU: "sponge", Quantity: 3, UnitListPrice: cny(1000), Paid: cny(1000)},
			{SKU: "brush", Quantity: 1, UnitListPrice: cny(4990), Paid: cny(3990)},
		},
		CreatedAt: t0,
	}
}

func mustOrder(t *testing.T, s commerce.OrderSpec) commerce.Order {
	t.Helper()
	o, err := commerce.NewOrder(s)
	require.NoError(t, err)
	return o
}

// delivered returns the spec's order paid, shipped and delivered.
func delivered(t *testing.T) commerce.Order {
	t.Helper()
	o := mustOrder(t, spec())
	o, err := o.Pay(at(time.Minute))
	require.NoError(t, err)
	o, err = o.Ship(at(time.Hour), commerce.Shipment{Carrier: "SF", TrackingNumber: "SF1234567890123"})
	require.NoError(t, err)
	o, err = o.Deliver(at(48 * time.Hour))
	require.NoError(t, err)
	return o
}

func TestOrderLifecycle(t *testing.T) {
	o := mustOrder(t, spec())
	assert.Equal(t, commerce.Created, o.Status())
	assert.Equal(t, "o-1", o.ID())
	assert.Equal(t, "m-1", o.Buyer())
	assert.Equal(t, "amortals", o.Seller())
	assert.Equal(t, "live:live-1", o.Source().String())
	assert.Equal(t, commerce.CNY, o.Currency())
	assert.Equal(t, cny(4990), o.Paid())
	assert.Equal(t, cny(0), o.Refunded())
	assert.Equal(t, t0, o.CreatedAt())
	assert.True(t, o.PaidAt().IsZero())

	d := delivered(t)
	assert.Equal(t, commerce.Delivered, d.Status())
	assert.Equal(t, at(time.Minute), d.PaidAt())
	assert.Equal(t, at(time.Hour), d.ShippedAt())
	assert.Equal(t, at(48*time.Hour), d.DeliveredAt())
	assert.Equal(t, "SF", d.Shipment().Carrier)

	c, err := d.Complete(at(72 * time.Hour))
	require.NoError(t, err)
	assert.Equal(t, commerce.Completed, c.Status())
	assert.Equal(t, at(72*time.Hour), c.ClosedAt())
	assert.Equal(t, commerce.Delivered, d.Status(), "the receiver is unchanged")

	lines := c.Lines()
	require.Len(t, lines, 2)
	lines[0].Quantity = 99
	assert.Equal(t, int64(3), c.Lines()[0].Quantity, "Lines returns a copy")
}

func TestOrderTransitionErrors(t *testing.T) {
	created := mustOrder(t, spec())
	paid, err := created.Pay(at(time.Minute))
	require.NoError(t, err)
	d := delivered(t)
	ship := commerce.Shipment{Carrier: "ZTO", TrackingNumber: "758812345678"}

	tests := []struct {
		name string
		do   func() (commerce.Order, error)
		from commerce.Order
		err  error
	}{
		{"pay twice", func() (commerce.Order, error) { return paid.Pay(at(time.Hour)) }, paid, commerce.ErrInvalidTransition},
		{"ship unpaid", func() (commerce.Order, error) { return created.Ship(at(time.Hour), ship) }, created, commerce.ErrInvalidTransition},
		{"deliver unshipped", func() (commerce.Order, error) { return paid.Deliver(at(time.Hour)) }, paid, commerce.ErrInvalidTransition},
		{"complete undelivered", func() (commerce.Order, error) { return paid.Complete(at(time.Hour)) }, paid, commerce.ErrInvalidTransition},
		{"cancel delivered", func() (commerce.Order, error) { return d.Cancel(at(49 * time.Hour)) }, d, commerce.ErrInvalidTransition},
		{"pay before creation", func() (commerce.Order, error) { return created.Pay(at(-time.Second)) }, created, commerce.ErrInvalid},
		{"pay at zero time", func() (commerce.Order, error) { return created.Pay(time.Time{}) }, created, commerce.ErrInvalid},
		{"ship with a bad tracking number", func() (commerce.Order, error) {
			return paid.Ship(at(time.Hour), commerce.Shipment{Carrier: "SF", TrackingNumber: "abc"})
		}, paid, commerce.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.do()
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.from, got)
		})
	}

	_, err = created.Complete(at(time.Hour))
	var te *commerce.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "created", te.From)
	assert.Equal(t, "complete", te.Action)
	assert.Contains(t, err.Error(), `order "o-1": cannot complete from created`)
}

func TestShipmentValidate(t *testing.T) {
	good := []commerce.Shipment{
		{Carrier: "SF", TrackingNumber: "SF1234567890123"},
		{Carrier: "JD", TrackingNumber: "JDVA12345678901"},
		{Carrier: "YTO", TrackingNumber: "YT7412345678901"},
		{Carrier: "china-post", TrackingNumber: "9812-3456-7890"},
	}
	for _, s := range good {
		assert.NoError(t, s.Validate(), s)
	}
	bad := []commerce.Shipment{
		{Carrier: "", TrackingNumber: "SF1234567890"},
		{Carrier: "S F", TrackingNumber: "SF1234567890"},
		{Carrier: "顺丰", TrackingNumber: "SF1234567890"},
		{Carrier: "ABCDEFGHIJKLMNOPQ", TrackingNumber: "SF1234567890"},
		{Carrier: "SF", TrackingNumber: "12345"},
		{Carrier: "SF", TrackingNumber: "ABCDEFGH"},
		{Carrier: "SF", TrackingNumber: "SF 1234567890"},
		{Carrier: "SF", TrackingNumber: "-SF1234567890"},
		{Carrier: "SF", TrackingNumber: "SF--1234567890"},
		{Carrier: "SF", TrackingNumber: "SF12345678901234567890123456789012345678901"},
	}
	for _, s := range bad {
		assert.ErrorIs(t, s.Validate(), commerce.ErrInvalid, s)
	}
}

func TestNewOrderErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*commerce.OrderSpec)
		err   error
		field string
	}{
		{"empty id", func(s *commerce.OrderSpec) { s.ID = "" }, commerce.ErrInvalid, "order: id"},
		{"empty buyer", func(s *commerce.OrderSpec) { s.Buyer = "" }, commerce.ErrInvalid, `order "o-1": buyer`},
		{"empty seller", func(s *commerce.OrderSpec) { s.Seller = "" }, commerce.ErrInvalid, `order "o-1": seller`},
		{"source without id", func(s *commerce.OrderSpec) { s.Source.ID = "" }, commerce.ErrInvalid, `order "o-1": source: id`},
		{"unknown source", func(s *commerce.OrderSpec) { s.Source.Kind = 42 }, commerce.ErrInvalid, `order "o-1": source: kind`},
		{"no time", func(s *commerce.OrderSpec) { s.CreatedAt = time.Time{} }, commerce.ErrInvalid, `order "o-1": created at`},
		{"no lines", func(s *commerce.OrderSpec) { s.Lines = nil }, commerce.ErrInvalid, `order "o-1": lines`},
		{"empty sku", func(s *commerce.OrderSpec) { s.Lines[1].SKU = "" }, commerce.ErrInvalid, `order "o-1": line 1: sku`},
		{"negative quantity", func(s *commerce.OrderSpec) { s.Lines[0].Quantity = -1 }, commerce.ErrInvalid, `order "o-1": line 0: quantity`},
		{"zero quantity", func(s *commerce.OrderSpec) { s.Lines[0].Quantity = 0 }, commerce.ErrInvalid, `order "o-1": line 0: quantity`},
		{"price in another currency", func(s *commerce.OrderSpec) { s.Lines[1].UnitListPrice = usd(4990) }, commerce.ErrCurrencyMismatch, `order "o-1": line 1: unit list price`},
		{"paid in another currency", func(s *commerce.OrderSpec) { s.Lines[1].Paid = usd(1) }, commerce.ErrCurrencyMismatch, `order "o-1": line 1: paid`},
		{"no currency", func(s *commerce.OrderSpec) { s.Lines[1].Paid = commerce.Money{} }, commerce.ErrUnknownCurrency, `order "o-1": line 1: paid`},
		{"negative price", func(s *commerce.OrderSpec) { s.Lines[0].UnitListPrice = cny(-1) }, commerce.ErrInvalid, `order "o-1": line 0: unit list price`},
		{"paid above list", func(s *commerce.OrderSpec) { s.Lines[1].Paid = cny(4991) }, commerce.ErrInvalid, `order "o-1": line 1: paid`},
		{"list total overflow", func(s *commerce.OrderSpec) {
			s.Lines[0].UnitListPrice, s.Lines[0].Quantity = cny(math.MaxInt64/2), 3
		}, commerce.ErrOverflow, `order "o-1": line 0: list total`},
		{"paid total overflow", func(s *commerce.OrderSpec) {
			s.Lines[0] = commerce.Line{SKU: "a", Quantity: 1, UnitListPrice: cny(math.MaxInt64), Paid: cny(math.MaxInt64)}
		}, commerce.ErrOverflow, `order "o-1": paid total`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := spec()
			s.Lines = append([]commerce.Line(nil), s.Lines...)
			tt.edit(&s)
			_, err := commerce.NewOrder(s)
			assert.ErrorIs(t, err, tt.err)
			var fe *commerce.FieldError
			if assert.True(t, errors.As(err, &fe), "%v", err) {
				assert.Equal(t, tt.field, fe.Field)
			}
		})
	}
}

func TestSourceAndStatusNames(t *testing.T) {
	assert.Equal(t, "direct", commerce.Source{}.String())
	require.NoError(t, commerce.Source{}.Validate())
	assert.Equal(t, "referral:ref-9", commerce.Source{Kind: commerce.ReferralLink, ID: "ref-9"}.String())
	assert.Equal(t, "SourceKind(9)", commerce.SourceKind(9).String())
	names := map[commerce.Status]string{
		commerce.Created: "created", commerce.Paid: "paid", commerce.Shipped: "shipped",
		commerce.Delivered: "delivered", commerce.Completed: "completed", commerce.Cancelled: "cancelled",
	}
	for s, n := range names {
		assert.Equal(t, n, s.String())
	}
	assert.Equal(t, "Status(0)", commerce.Status(0).String())
	assert.Equal(t, "refund only", commerce.RefundOnly.String())
	assert.Equal(t, "return and refund", commerce.ReturnAndRefund.String())
	assert.Equal(t, "cancellation", commerce.Cancellation.String())
	assert.Equal(t, "AfterSalesKind(0)", commerce.AfterSalesKind(0).String())
}

func TestCancel(t *testing.T) {
	created := mustOrder(t, spec())
	c, err := created.Cancel(at(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, commerce.Cancelled, c.Status())
	assert.Empty(t, c.Refunds(), "an unpaid order refunds nothing")

	paid, err := created.Pay(at(time.Minute))
	require.NoError(t, err)
	partly, _, err := paid.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 0, Quantity: 1}}},
		commerce.SevenDayReturns(), at(2*time.Minute))
	require.NoError(t, err)
	c, err = partly.Cancel(at(3 * time.Minute))
	require.NoError(t, err)
	assert.Equal(t, c.Paid(), c.Refunded(), "cancelling a paid order refunds the rest")
	refunds := c.Refunds()
	require.Len(t, refunds, 2)
	assert.Equal(t, commerce.Cancellation, refunds[1].Kind)
	assert.Equal(t, cny(4990-333), refunds[1].Amount)

	_, err = c.Ship(at(time.Hour), commerce.Shipment{Carrier: "SF", TrackingNumber: "SF1234567890"})
	assert.ErrorIs(t, err, commerce.ErrInvalidTransition)
}

func TestRefunds(t *testing.T) {
	d := delivered(t)
	policy := commerce.SevenDayReturns()
	req := func(kind commerce.AfterSalesKind, items ...commerce.ReturnItem) commerce.AfterSalesRequest {
		return commerce.AfterSalesRequest{Kind: kind, Items: items}
	}

	// The lilishop case: a ¥10.00 line of three units refunded 1 then 2
	// units must refund ¥10.00 in total, not ¥9.99.
	o, r1, err := d.Refund(req(commerce.ReturnAndRefund, commerce.ReturnItem{Line: 0, Quantity: 1}), policy, at(50*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, cny(333), r1.Amount)
	o, r2, err := o.Refund(req(commerce.ReturnAndRefund, commerce.ReturnItem{Line: 0, Quantity: 2}), policy, at(51*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, cny(667), r2.Amount)
	lines := o.Lines()
	assert.Equal(t, int64(3), lines[0].RefundedQuantity)
	assert.Equal(t, cny(1000), lines[0].Refunded)
	assert.Equal(t, cny(1000), o.Refunded())
	assert.Equal(t, commerce.Delivered, o.Status(), "after-sales do not change the status")
	assert.Equal(t, []commerce.ReturnItem{{Line: 1, Quantity: 1}}, o.Remaining())

	refunds := o.Refunds()
	require.Len(t, refunds, 2)
	refunds[0].Items[0].Quantity = 42
	assert.Equal(t, int64(1), o.Refunds()[0].Items[0].Quantity, "Refunds returns a deep copy")
	assert.Len(t, d.Refunds(), 0, "the receiver is unchanged")

	// Completion does not end after-sales; the window does.
	c, err := o.Complete(at(60 * time.Hour))
	require.NoError(t, err)
	_, r3, err := c.Refund(req(commerce.RefundOnly, commerce.ReturnItem{Line: 1, Quantity: 1}), policy, at(48*time.Hour+7*24*time.Hour-time.Second))
	require.NoError(t, err)
	assert.Equal(t, cny(3990), r3.Amount)
	_, _, err = c.Refund(req(commerce.RefundOnly, commerce.ReturnItem{Line: 1, Quantity: 1}), policy, at(48*time.Hour+7*24*time.Hour))
	assert.ErrorIs(t, err, commerce.ErrAfterSalesClosed, "the window is half-open")
}

func TestRefundErrors(t *testing.T) {
	d := delivered(t)
	created := mustOrder(t, spec())
	paid, err := created.Pay(at(time.Minute))
	require.NoError(t, err)
	policy := commerce.SevenDayReturns()
	one := []commerce.ReturnItem{{Line: 0, Quantity: 1}}
	tests := []struct {
		name   string
		o      commerce.Order
		req    commerce.AfterSalesRequest
		policy commerce.AfterSalesPolicy
		at     time.Time
		err    error
	}{
		{"unpaid", created, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: one}, policy, at(time.Hour), commerce.ErrInvalidTransition},
		{"return before delivery", paid, commerce.AfterSalesRequest{Kind: commerce.ReturnAndRefund, Items: one}, policy, at(time.Hour), commerce.ErrInvalidTransition},
		{"cancellation kind", d, commerce.AfterSalesRequest{Kind: commerce.Cancellation, Items: one}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"no kind", d, commerce.AfterSalesRequest{Items: one}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"no items", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"line out of range", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 2, Quantity: 1}}}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"negative line", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: -1, Quantity: 1}}}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"line twice", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 0, Quantity: 1}, {Line: 0, Quantity: 1}}}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"zero quantity", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 0, Quantity: 0}}}, policy, at(49 * time.Hour), commerce.ErrInvalid},
		{"too many units", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 0, Quantity: 4}}}, policy, at(49 * time.Hour), commerce.ErrRefundExceedsPaid},
		{"outside window", d, commerce.AfterSalesRequest{Kind: commerce.ReturnAndRefund, Items: one}, policy, at(48*time.Hour + 8*24*time.Hour), commerce.ErrAfterSalesClosed},
		{"time goes back", d, commerce.AfterSalesRequest{Kind: commerce.ReturnAndRefund, Items: one}, policy, at(47 * time.Hour), commerce.ErrInvalid},
		{"bad policy window", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: one}, commerce.AfterSalesPolicy{Rounding: commerce.HalfUp}, at(49 * time.Hour), commerce.ErrInvalid},
		{"bad policy rounding", d, commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: one}, commerce.AfterSalesPolicy{Window: time.Hour}, at(49 * time.Hour), commerce.ErrRoundingMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, r, err := tt.o.Refund(tt.req, tt.policy, tt.at)
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.o, got, "a failed request changes nothing")
			assert.Equal(t, commerce.Refund{}, r)
		})
	}
}

// TestRefundProperties: for random lines and any sequence of partial
// refunds, no refund is negative or more than what remains, the refunds of a
// line sum exactly to what was paid for the units refunded (the line's paid
// amount once every unit is back), and with one rounding mode per order each
// refund is within one minor unit of its exact share. One order in eight
// mixes modes across its requests: the sums stay exact.
func TestRefundProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	modes := []commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up, commerce.Floor, commerce.Ceiling}
	for range cases(3_000, 100_000) {
		n := 1 + rng.IntN(4)
		lines := make([]commerce.Line, n)
		for i := range lines {
			q := 1 + rng.Int64N(12)
			unit := rng.Int64N(100_000)
			paid := unit * q
			if paid > 0 {
				paid -= rng.Int64N(paid + 1)
			}
			lines[i] = commerce.Line{SKU: "s", Quantity: q, UnitListPrice: cny(unit), Paid: cny(paid)}
		}
		o := mustOrder(t, commerce.OrderSpec{ID: "o", Buyer: "b", Seller: "s", Lines: lines, CreatedAt: t0})
		o, err := o.Pay(at(time.Minute))
		require.NoError(t, err)
		policy := commerce.AfterSalesPolicy{Window: 24 * time.Hour, Rounding: modes[rng.IntN(len(modes))]}
		mixed := rng.IntN(8) == 0
		step := time.Minute
		for len(o.Remaining()) > 0 {
			rem := o.Remaining()
			var items []commerce.ReturnItem
			for _, it := range rem {
				if rng.IntN(2) == 0 {
					items = append(items, commerce.ReturnItem{Line: it.Line, Quantity: 1 + rng.Int64N(it.Quantity)})
				}
			}
			if len(items) == 0 {
				items = rem[:1]
			}
			if mixed {
				policy.Rounding = modes[rng.IntN(len(modes))]
			}
			before := o.Lines()
			step += time.Minute
			var r commerce.Refund
			o, r, err = o.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: items}, policy, at(step))
			require.NoError(t, err)
			var sum int64
			for _, ri := range r.Items {
				l := before[ri.Line]
				sum += ri.Amount.Units()
				require.GreaterOrEqual(t, ri.Amount.Units(), int64(0))
				require.LessOrEqual(t, ri.Amount.Units(), l.Paid.Units()-l.Refunded.Units())
				// |amount − P·k/Q| ≤ 1 unit, that is |amount·Q − P·k| ≤ Q:
				// the two cumulative roundings err within the same unit-wide
				// range (a closed one for HalfEven, whose ties go both ways).
				// Mixed modes may err by up to two.
				bound := l.Quantity
				if mixed {
					bound = 2 * l.Quantity
				}
				diff := ri.Amount.Units()*l.Quantity - l.Paid.Units()*ri.Quantity
				require.LessOrEqual(t, abs(diff), bound, "line %d: %v for %d of %d units paid %v", ri.Line, ri.Amount, ri.Quantity, l.Quantity, l.Paid)
			}
			require.Equal(t, r.Amount.Units(), sum)
		}
		for _, l := range o.Lines() {
			require.Equal(t, l.Paid, l.Refunded, "every unit back refunds exactly the line's paid amount")
		}
		require.Equal(t, o.Paid(), o.Refunded())
	}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestOrderEqual(t *testing.T) {
	a, b := delivered(t), delivered(t)
	assert.True(t, a.Equal(b))
	utc := mustOrder(t, func() commerce.OrderSpec { s := spec(); s.CreatedAt = t0.UTC(); return s }())
	assert.True(t, mustOrder(t, spec()).Equal(utc), "times compare as instants")

	c, _, err := a.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 1, Quantity: 1}}},
		commerce.SevenDayReturns(), at(49*time.Hour))
	require.NoError(t, err)
	assert.False(t, a.Equal(c))
	d, _, err := b.Refund(commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: 1, Quantity: 1}}},
		commerce.SevenDayReturns(), at(49*time.Hour))
	require.NoError(t, err)
	assert.True(t, c.Equal(d))
	assert.True(t, c.Refunds()[0].Equal(d.Refunds()[0]))
}

// TestOrderVersionsIndependent: every transition leaves the version it
// started from as it was, including the parts of an order held behind a
// shared pointer, and two refunds branched from one version do not see
// each other.
func TestOrderVersionsIndependent(t *testing.T) {
	paid, err := mustOrder(t, spec()).Pay(at(time.Minute))
	require.NoError(t, err)
	shipped, err := paid.Ship(at(time.Hour), commerce.Shipment{Carrier: "SF", TrackingNumber: "SF1234567890123"})
	require.NoError(t, err)
	assert.True(t, paid.ShippedAt().IsZero())
	assert.Equal(t, commerce.Shipment{}, paid.Shipment())
	d, err := shipped.Deliver(at(48 * time.Hour))
	require.NoError(t, err)
	assert.True(t, shipped.DeliveredAt().IsZero())
	c, err := d.Complete(at(72 * time.Hour))
	require.NoError(t, err)
	assert.True(t, d.ClosedAt().IsZero())
	assert.False(t, c.ClosedAt().IsZero())
	cancelled, err := paid.Cancel(at(2 * time.Minute))
	require.NoError(t, err)
	assert.True(t, paid.ClosedAt().IsZero())
	assert.Empty(t, paid.Refunds())
	assert.Len(t, cancelled.Refunds(), 1)

	// Three refunds, then two branches from the same version.
	policy := commerce.SevenDayReturns()
	one := func(line int, q int64) commerce.AfterSalesRequest {
		return commerce.AfterSalesRequest{Kind: commerce.RefundOnly, Items: []commerce.ReturnItem{{Line: line, Quantity: q}}}
	}
	base := paid
	for i := range 2 {
		base, _, err = base.Refund(one(0, 1), policy, at(time.Duration(2+i)*time.Minute))
		require.NoError(t, err)
	}
	a, _, err := base.Refund(one(0, 1), policy, at(10*time.Minute))
	require.NoError(t, err)
	b, _, err := base.Refund(one(1, 1), policy, at(10*time.Minute))
	require.NoError(t, err)
	require.Len(t, a.Refunds(), 3)
	require.Len(t, b.Refunds(), 3)
	assert.Equal(t, 0, a.Refunds()[2].Items[0].Line)
	assert.Equal(t, 1, b.Refunds()[2].Items[0].Line)
	assert.Len(t, base.Refunds(), 2)

	// The returned Refund belongs to the caller.
	o, r, err := paid.Refund(one(0, 1), policy, at(5*time.Minute))
	require.NoError(t, err)
	r.Items[0].Quantity, r.Items[0].Amount = 42, cny(999_999)
	assert.Equal(t, int64(1), o.Refunds()[0].Items[0].Quantity)
	assert.Equal(t, cny(333), o.Refunds()[0].Items[0].Amount)
}

// TestZeroOrder: the zero Order is not valid, and nothing on it panics.
func TestZeroOrder(t *testing.T) {
	var o commerce.Order
	assert.Empty(t, o.ID())
	assert.Empty(t, o.Lines())
	assert.Empty(t, o.Refunds())
	assert.Empty(t, o.Remaining())
	assert.True(t, o.CreatedAt().IsZero())
	assert.True(t, o.Equal(commerce.Order{}))
	_, err := o.Pay(t0)
	assert.ErrorIs(t, err, commerce.ErrInvalidTransition)
	_, err = o.Cancel(t0)
	assert.ErrorIs(t, err, commerce.ErrInvalidTransition)
	for _, kind := range []commerce.AfterSalesKind{0, commerce.RefundOnly, commerce.Cancellation} {
		_, _, err = o.Refund(commerce.AfterSalesRequest{Kind: kind}, commerce.SevenDayReturns(), t0)
		assert.Error(t, err, kind.String())
	}
}
