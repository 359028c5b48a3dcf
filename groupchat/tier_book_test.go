package groupchat

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tierSnapshot renders everything a book holds, to check that a refused
// call changed nothing.
func tierSnapshot(b *TierBook) string {
	return fmt.Sprintf("%v|%v|%v|%v|%v", b.members, b.index, b.orders, b.payments, b.seen)
}

// tierBaseBook is a book under a rolling year with a 30-day grace: Amy and
// Bo joined on 1 January 2026; Amy bought order o1 for ¥800 on 1 March,
// had ¥100 of it refunded on 5 March, and paid for gold through 1 April.
func tierBaseBook(t *testing.T) *TierBook {
	t.Helper()
	b, err := NewTierBook(tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately, Grace: 30 * 24 * time.Hour})))
	require.NoError(t, err)
	tierRecord(t, b,
		MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)},
		MemberJoined{Member: "bo", At: tierDay(2026, 1, 1)},
		Purchase{Member: "amy", Order: "o1", Paid: tierYuan("800"), At: tierDay(2026, 3, 1)},
		PurchaseRefund{Key: "r1", Member: "amy", Order: "o1", Amount: tierYuan("100"), At: tierDay(2026, 3, 5)},
		MembershipPaid{Key: "p1", Member: "amy", Tier: "gold", At: tierDay(2026, 3, 1), Through: tierMidnight(2026, 4, 1)},
	)
	return b
}

func TestTierBookRecordRefuses(t *testing.T) {
	d := tierDay(2026, 3, 10)
	tests := []struct {
		name  string
		event BookEvent
		is    error
		msg   string
	}{
		{"nil event", nil, commerce.ErrInvalid, "tier book: event: nil"},
		{"join: no member", MemberJoined{At: d}, commerce.ErrInvalid, "member joined: member: empty"},
		{"join: no time", MemberJoined{Member: "cy"}, commerce.ErrInvalid, `member "cy" joined: at: zero time`},
		{"join again, another day", MemberJoined{Member: "amy", At: d}, ErrConflict, `event "join/amy"`},
		{"purchase: no order", Purchase{Member: "amy", Paid: tierYuan("1"), At: d}, commerce.ErrInvalid, "purchase: order: empty"},
		{"purchase: no member", Purchase{Order: "o2", Paid: tierYuan("1"), At: d}, commerce.ErrInvalid, `purchase "o2": member: empty`},
		{"purchase: unknown member", Purchase{Member: "cy", Order: "o2", Paid: tierYuan("1"), At: d}, ErrUnknownMember, `purchase "o2": unknown member "cy"`},
		{"purchase: before joining", Purchase{Member: "amy", Order: "o2", Paid: tierYuan("1"), At: tierDay(2025, 12, 31)}, commerce.ErrInvalid,
			`purchase "o2": at: 2025-12-31T10:00:00+08:00 is before member "amy" joined at 2026-01-01T10:00:00+08:00`},
		{"purchase: dollars", Purchase{Member: "amy", Order: "o2", Paid: commerce.MustParseMoney("USD 1"), At: d}, commerce.ErrCurrencyMismatch, `purchase "o2": paid`},
		{"purchase: nothing paid", Purchase{Member: "amy", Order: "o2", Paid: tierYuan("0"), At: d}, commerce.ErrInvalid, "paid: want a positive amount, got CNY 0.00"},
		{"purchase: no time", Purchase{Member: "amy", Order: "o2", Paid: tierYuan("1")}, commerce.ErrInvalid, `purchase "o2": at: zero time`},
		{"purchase: order reported with another amount", Purchase{Member: "amy", Order: "o1", Paid: tierYuan("900"), At: tierDay(2026, 3, 1)}, ErrConflict, `event "order/o1"`},
		{"purchase: order reused by another member", Purchase{Member: "bo", Order: "o1", Paid: tierYuan("800"), At: tierDay(2026, 3, 1)}, ErrConflict, `event "order/o1"`},
		{"refund: no key", PurchaseRefund{Member: "amy", Order: "o1", Amount: tierYuan("1"), At: d}, commerce.ErrInvalid, "refund: key: empty"},
		{"refund: no member", PurchaseRefund{Key: "r2", Order: "o1", Amount: tierYuan("1"), At: d}, commerce.ErrInvalid, `refund "r2": member: empty`},
		{"refund: no order", PurchaseRefund{Key: "r2", Member: "amy", Amount: tierYuan("1"), At: d}, commerce.ErrInvalid, `refund "r2": order: empty`},
		{"refund: nothing", PurchaseRefund{Key: "r2", Member: "amy", Order: "o1", Amount: tierYuan("0"), At: d}, commerce.ErrInvalid, "amount: want a positive amount"},
		{"refund: no time", PurchaseRefund{Key: "r2", Member: "amy", Order: "o1", Amount: tierYuan("1")}, commerce.ErrInvalid, `refund "r2": at: zero time`},
		{"refund: unknown order", PurchaseRefund{Key: "r2", Member: "amy", Order: "o9", Amount: tierYuan("1"), At: d}, ErrUnknownOrder, `refund "r2": unknown order "o9"`},
		{"refund: another member's order", PurchaseRefund{Key: "r2", Member: "bo", Order: "o1", Amount: tierYuan("1"), At: d}, commerce.ErrInvalid, `order "o1" is "amy"'s, not "bo"'s`},
		{"refund: before the order", PurchaseRefund{Key: "r2", Member: "amy", Order: "o1", Amount: tierYuan("1"), At: tierDay(2026, 2, 28)}, commerce.ErrInvalid, "is before the order"},
		{"refund: more than remains", PurchaseRefund{Key: "r2", Member: "amy", Order: "o1", Amount: tierYuan("700.01"), At: d}, commerce.ErrRefundExceedsPaid,
			`refund "r2": CNY 700.01 on order "o1", which has CNY 700.00 left`},
		{"refund: key reused", PurchaseRefund{Key: "r1", Member: "amy", Order: "o1", Amount: tierYuan("50"), At: tierDay(2026, 3, 5)}, ErrConflict, `event "refund/r1"`},
		{"payment: no key", MembershipPaid{Member: "amy", Tier: "gold", At: d, Through: d.Add(time.Hour)}, commerce.ErrInvalid, "membership payment: key: empty"},
		{"payment: no member", MembershipPaid{Key: "p2", Tier: "gold", At: d, Through: d.Add(time.Hour)}, commerce.ErrInvalid, `payment "p2": member: empty`},
		{"payment: unknown tier", MembershipPaid{Key: "p2", Member: "amy", Tier: "platinum", At: d, Through: d.Add(time.Hour)}, commerce.ErrInvalid, `tier: unknown tier "platinum"`},
		{"payment: a tier not sold", MembershipPaid{Key: "p2", Member: "amy", Tier: "free", At: d, Through: d.Add(time.Hour)}, commerce.ErrInvalid,
			`tier "free" is not sold: its requirement asks for no paid membership`},
		{"payment: no time", MembershipPaid{Key: "p2", Member: "amy", Tier: "gold", Through: d}, commerce.ErrInvalid, `payment "p2": at: zero time`},
		{"payment: no paid-through", MembershipPaid{Key: "p2", Member: "amy", Tier: "gold", At: d}, commerce.ErrInvalid, `payment "p2": through: zero time`},
		{"payment: through before paying", MembershipPaid{Key: "p2", Member: "amy", Tier: "gold", At: d, Through: d}, commerce.ErrInvalid, "is not after the payment"},
		{"payment: unknown member", MembershipPaid{Key: "p2", Member: "cy", Tier: "gold", At: d, Through: d.Add(time.Hour)}, ErrUnknownMember, `unknown member "cy"`},
		{"payment: before joining", MembershipPaid{Key: "p2", Member: "bo", Tier: "gold", At: tierDay(2025, 1, 1), Through: d}, commerce.ErrInvalid, `before member "bo" joined`},
		{"payment: key reused", MembershipPaid{Key: "p1", Member: "amy", Tier: "silver", At: tierDay(2026, 3, 1), Through: tierMidnight(2026, 4, 1)}, ErrConflict, `event "payment/p1"`},
		{"membership refund: no key", MembershipRefund{Member: "amy", Payment: "p1", At: d}, commerce.ErrInvalid, "membership refund: key: empty"},
		{"membership refund: no member", MembershipRefund{Key: "pr1", Payment: "p1", At: d}, commerce.ErrInvalid, `membership refund "pr1": member: empty`},
		{"membership refund: no payment", MembershipRefund{Key: "pr1", Member: "amy", At: d}, commerce.ErrInvalid, `membership refund "pr1": payment: empty`},
		{"membership refund: no time", MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1"}, commerce.ErrInvalid, "at: zero time"},
		{"membership refund: unknown payment", MembershipRefund{Key: "pr1", Member: "amy", Payment: "p9", At: d}, ErrUnknownOrder, `payment "p9"`},
		{"membership refund: another member's", MembershipRefund{Key: "pr1", Member: "bo", Payment: "p1", At: d}, commerce.ErrInvalid, `payment "p1" is "amy"'s, not "bo"'s`},
		{"membership refund: before the payment", MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 2, 1)}, commerce.ErrInvalid, "is before the payment"},
		{"membership refund: paid time cut before the refund", MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: d, Through: d.Add(-time.Second)}, commerce.ErrInvalid,
			`membership refund "pr1": through: 2026-03-10T09:59:59+08:00 is before the refund`},
		{"membership refund: paid time extended", MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: d, Through: tierMidnight(2026, 4, 2)}, commerce.ErrInvalid,
			"through: 2026-04-02T00:00:00+08:00 is after the payment's paid-through date 2026-04-01T00:00:00+08:00"},
		{"membership refund: paid time out of range", MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: d, Through: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}, commerce.ErrInvalid,
			"through: 2300-01-01T00:00:00Z is outside the years 1678 to 2262"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tierBaseBook(t)
			before := tierSnapshot(b)
			err := b.Record(tt.event)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, before, tierSnapshot(b))
		})
	}
}

func TestTierBookRefundsAPaymentOnce(t *testing.T) {
	b := tierBaseBook(t)
	tierRecord(t, b, MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 3, 10)})
	tierRecord(t, b, MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 3, 10)}) // a duplicate
	before := tierSnapshot(b)
	err := b.Record(MembershipRefund{Key: "pr2", Member: "amy", Payment: "p1", At: tierDay(2026, 3, 11)})
	assert.ErrorIs(t, err, ErrConflict)
	assert.Contains(t, err.Error(), `payment "p1" is already refunded`)
	assert.Equal(t, before, tierSnapshot(b))
}

func TestTierBookNeedsAPolicy(t *testing.T) {
	_, err := NewTierBook(nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.NotPanics(t, func() {
		b, err := NewTierBook(new(Tiers))
		assert.Nil(t, b)
		assert.ErrorIs(t, err, commerce.ErrInvalid)
		assert.Contains(t, err.Error(), "tier book: tiers: the zero Tiers is not usable: build one with NewTiers")
	})
	var zero TierBook
	err = zero.Record(MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "make the book with NewTierBook")
	assert.Zero(t, zero.Len())
	changes, err := zero.Sweep(tierDay(2026, 1, 1))
	assert.NoError(t, err)
	assert.Empty(t, changes)
}

// TestTierBookDuplicatesCountOnce: a webhook delivered twice, even with its
// time in another zone, counts once.
func TestTierBookDuplicatesCountOnce(t *testing.T) {
	b := tierBaseBook(t)
	at := tierDay(2026, 3, 20)
	want, err := b.Facts("amy", at)
	require.NoError(t, err)
	assert.Equal(t, Figures{Spend: tierYuan("700"), Orders: 1, Refunded: tierYuan("100")}, want.Current)
	tierRecord(t, b,
		MemberJoined{Member: "amy", At: tierDay(2026, 1, 1).UTC()},
		Purchase{Member: "amy", Order: "o1", Paid: tierYuan("800"), At: tierDay(2026, 3, 1).UTC()},
		PurchaseRefund{Key: "r1", Member: "amy", Order: "o1", Amount: tierYuan("100"), At: tierDay(2026, 3, 5)},
		MembershipPaid{Key: "p1", Member: "amy", Tier: "gold", At: tierDay(2026, 3, 1), Through: tierMidnight(2026, 4, 1).In(time.UTC)},
	)
	got, err := b.Facts("amy", at)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 2, b.Len())
}

func TestTierBookFacts(t *testing.T) {
	rolling := func(t *testing.T) *TierBook {
		b, err := NewTierBook(tierCompile(t, tierPolicy(TierWindow{Kind: Rolling, Days: 30}, Downgrade{Mode: ToQualifying, Timing: Immediately})))
		require.NoError(t, err)
		return b
	}
	yearly := func(t *testing.T) *TierBook {
		b, err := NewTierBook(tierCompile(t, tierPolicy(tierYearly(), Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd})))
		require.NoError(t, err)
		return b
	}
	join := MemberJoined{Member: "amy", At: tierDay(2025, 1, 1)}
	buy := func(order, paid string, at time.Time) Purchase {
		return Purchase{Member: "amy", Order: order, Paid: tierYuan(paid), At: at}
	}
	refund := func(key, order, amount string, at time.Time) PurchaseRefund {
		return PurchaseRefund{Key: key, Member: "amy", Order: order, Amount: tierYuan(amount), At: at}
	}
	tests := []struct {
		name        string
		book        func(t *testing.T) *TierBook
		events      []BookEvent
		at          time.Time
		cur, prev   Figures
		periodEnded time.Time
	}{
		{"rolling: an order counts from its instant", rolling, []BookEvent{join, buy("o1", "300", tierDay(2026, 3, 1))},
			tierDay(2026, 3, 1), tierFigures("300", 1, "0", 0), tierFigures("0", 0, "0", 0), time.Time{}},
		{"rolling: not before it", rolling, []BookEvent{join, buy("o1", "300", tierDay(2026, 3, 1))},
			tierDay(2026, 3, 1).Add(-time.Nanosecond), tierFigures("0", 0, "0", 0), tierFigures("0", 0, "0", 0), time.Time{}},
		{"rolling: for 30 days", rolling, []BookEvent{join, buy("o1", "300", tierDay(2026, 3, 1))},
			tierDay(2026, 3, 31).Add(-time.Nanosecond), tierFigures("300", 1, "0", 0), tierFigures("0", 0, "0", 0), time.Time{}},
		{"rolling: not on the 30th day after", rolling, []BookEvent{join, buy("o1", "300", tierDay(2026, 3, 1))},
			tierDay(2026, 3, 31), tierFigures("0", 0, "0", 0), tierFigures("0", 0, "0", 0), time.Time{}},
		{"rolling: refunds net, a wholly refunded order does not count", rolling, []BookEvent{join,
			buy("o1", "300", tierDay(2026, 3, 1)), buy("o2", "200", tierDay(2026, 3, 2)),
			refund("r1", "o1", "100", tierDay(2026, 3, 3)), refund("r2", "o2", "150", tierDay(2026, 3, 3)), refund("r3", "o2", "50", tierDay(2026, 3, 4))},
			tierDay(2026, 3, 5), tierFigures("200", 1, "300", 1), tierFigures("0", 0, "0", 0), time.Time{}},
		{"rolling: a refund counts from its instant", rolling, []BookEvent{join,
			buy("o1", "300", tierDay(2026, 3, 1)), refund("r1", "o1", "300", tierDay(2026, 3, 3))},
			tierDay(2026, 3, 3).Add(-time.Second), tierFigures("300", 1, "0", 0), tierFigures("0", 0, "0", 0), time.Time{}},
		{"rolling: a refunded order leaves the window with its refund", rolling, []BookEvent{join,
			buy("o1", "300", tierDay(2026, 3, 1)), refund("r1", "o1", "300", tierDay(2026, 3, 3))},
			tierDay(2026, 3, 31), tierFigures("0", 0, "0", 0), tierFigures("0", 0, "0", 0), time.Time{}},
		{"yearly: this year and last", yearly, []BookEvent{join,
			buy("o1", "300", tierDay(2025, 3, 1)), buy("o2", "400", tierDay(2025, 12, 31)), buy("o3", "50", tierMidnight(2026, 1, 1)), buy("o4", "99", tierDay(2026, 7, 1))},
			tierDay(2026, 6, 1), tierFigures("50", 1, "0", 0), tierFigures("700", 2, "0", 0), tierMidnight(2027, 1, 1)},
		// ERPNext #14930's intended semantics: cumulative in the period.
		{"yearly: cumulative in the period", yearly, []BookEvent{join,
			buy("o1", "800", tierDay(2026, 2, 1)), buy("o2", "700", tierDay(2026, 3, 1)), buy("o3", "600", tierDay(2026, 4, 1))},
			tierDay(2026, 4, 1), tierFigures("2100", 3, "0", 0), tierFigures("0", 0, "0", 0), tierMidnight(2027, 1, 1)},
		{"yearly: a refund takes from the order's period", yearly, []BookEvent{join,
			buy("o1", "2000", tierDay(2025, 12, 1)), refund("r1", "o1", "500", tierDay(2026, 1, 10))},
			tierDay(2026, 1, 10), tierFigures("0", 0, "0", 0), tierFigures("1500", 1, "500", 0), tierMidnight(2027, 1, 1)},
		{"yearly: not before it is made", yearly, []BookEvent{join,
			buy("o1", "2000", tierDay(2025, 12, 1)), refund("r1", "o1", "500", tierDay(2026, 1, 10))},
			tierDay(2026, 1, 9), tierFigures("0", 0, "0", 0), tierFigures("2000", 1, "0", 0), tierMidnight(2027, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.book(t)
			tierRecord(t, b, tt.events...)
			f, err := b.Facts("amy", tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.cur, f.Current)
			assert.Equal(t, tt.prev, f.Previous)
			assert.True(t, f.PeriodEnd.Equal(tt.periodEnded), "period end %v", f.PeriodEnd)
		})
	}
}

// tierFigures builds figures from yuan amounts.
func tierFigures(spend string, orders int, refunded string, refundedOrders int) Figures {
	return Figures{Spend: tierYuan(spend), Orders: orders, Refunded: tierYuan(refunded), RefundedOrders: refundedOrders}
}

// TestTierBookCumulativeInPeriod is ERPNext #14930's intended semantics:
// the tier comes from the spend accumulated in the period, not from one
// order; a refund takes it back and the tier is evaluated again.
func TestTierBookCumulativeInPeriod(t *testing.T) {
	b, err := NewTierBook(tierCompile(t, tierPolicy(tierYearly(), Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd})))
	require.NoError(t, err)
	tierRecord(t, b, MemberJoined{Member: "amy", At: tierDay(2026, 1, 5)})
	for _, o := range []struct {
		order, paid string
		at          time.Time
		tier        string
	}{
		{"o1", "800", tierDay(2026, 2, 1), "silver"},
		{"o2", "700", tierDay(2026, 3, 1), "silver"},
		{"o3", "600", tierDay(2026, 4, 1), "gold"}, // ¥2,100 in 2026; no order reaches ¥2,000 alone
	} {
		tierRecord(t, b, Purchase{Member: "amy", Order: o.order, Paid: tierYuan(o.paid), At: o.at})
		s, err := b.Assign("amy", o.at)
		require.NoError(t, err)
		assert.Equal(t, o.tier, s.Tier(), o.order)
	}
	tierRecord(t, b, PurchaseRefund{Key: "r1", Member: "amy", Order: "o2", Amount: tierYuan("200"), At: tierDay(2026, 4, 10)})
	x, err := b.Explain("amy", tierDay(2026, 4, 10))
	require.NoError(t, err)
	assert.Equal(t, `at 2026-04-10T10:00:00+08:00: silver since 2026-04-10T10:00:00+08:00, qualifies (was gold)
now: qualifies for silver
  refunds: CNY 200.00 off the spend, 0 orders wholly refunded
  free: met
  silver: met, any of
    spend CNY 1900.00 ≥ CNY 500.00
    paid membership: no
  gold: not met, any of
    spend CNY 1900.00 < CNY 2000.00, short by CNY 100.00
    paid membership: no
previous period: qualifies for free
  free: met
  silver: not met, any of
    spend CNY 0.00 < CNY 500.00, short by CNY 500.00
    paid membership: no
  gold: not met, any of
    spend CNY 0.00 < CNY 2000.00, short by CNY 2000.00
    paid membership: no`, x.String())
	s, err := b.Standing("amy")
	require.NoError(t, err)
	assert.Equal(t, "gold", s.Tier(), "explaining assigns nothing")
	s, err = b.Assign("amy", tierDay(2026, 4, 10))
	require.NoError(t, err)
	assert.Equal(t, "silver", s.Tier())
	// The next year keeps what 2026 earned, to its end.
	s, err = b.Assign("amy", tierDay(2027, 5, 1))
	require.NoError(t, err)
	assert.Equal(t, "silver", s.Tier())
	assert.Equal(t, EarnedLastPeriod, s.Basis())
	assert.True(t, s.Until().Equal(tierMidnight(2028, 1, 1)))
}

// TestTierBookDuplicateDoesNotRestartGrace is heycupola/wrapper #38: a
// webhook delivered again during the grace period must not count twice and
// so end or restart the grace. The order re-delivered is still in the
// window: counted twice, its ¥1,500 would be ¥3,000 and keep gold.
func TestTierBookDuplicateDoesNotRestartGrace(t *testing.T) {
	b, err := NewTierBook(tierCompile(t, tierPolicy(TierWindow{Kind: Rolling, Days: 30}, Downgrade{Mode: ToQualifying, Timing: Immediately, Grace: 7 * 24 * time.Hour})))
	require.NoError(t, err)
	o1 := Purchase{Member: "amy", Order: "o1", Paid: tierYuan("2000"), At: tierDay(2026, 3, 1)}
	o2 := Purchase{Member: "amy", Order: "o2", Paid: tierYuan("1500"), At: tierDay(2026, 3, 20)} // in the window to 19 April
	tierRecord(t, b, MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)}, o1)
	s, err := b.Assign("amy", tierDay(2026, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, "gold", s.Tier())
	tierRecord(t, b, o2)
	s, err = b.Assign("amy", tierDay(2026, 4, 2)) // o1 left the window on 31 March; o2 alone earns silver
	require.NoError(t, err)
	assert.Equal(t, "gold", s.Tier())
	assert.Equal(t, InGrace, s.Basis())
	lapsed, graceEnd := tierDay(2026, 4, 2), tierDay(2026, 4, 9)
	assert.True(t, s.Lapsed().Equal(lapsed))
	assert.True(t, s.Until().Equal(graceEnd))
	for _, at := range []time.Time{tierDay(2026, 4, 3), tierDay(2026, 4, 5), tierDay(2026, 4, 8)} {
		tierRecord(t, b, o2, o1, Purchase{Member: o2.Member, Order: o2.Order, Paid: o2.Paid, At: o2.At.UTC()}) // the webhooks again
		f, err := b.Facts("amy", at)
		require.NoError(t, err)
		assert.Equal(t, tierFigures("1500", 1, "0", 0), f.Current, "%v", at)
		s, err = b.Assign("amy", at)
		require.NoError(t, err)
		assert.Equal(t, "gold", s.Tier(), "%v", at)
		assert.Equal(t, InGrace, s.Basis(), "%v", at)
		assert.True(t, s.Lapsed().Equal(lapsed), "%v: lapsed %v", at, s.Lapsed())
		assert.True(t, s.Until().Equal(graceEnd), "%v: grace end %v", at, s.Until())
	}
	s, err = b.Assign("amy", graceEnd)
	require.NoError(t, err)
	assert.Equal(t, "silver", s.Tier())
	assert.Equal(t, Qualifies, s.Basis())
}

// TestTierBookRefusesSpendOverflow: a purchase that would take a member's
// spend past what facts can total is refused, changing nothing, so the
// book never holds events it cannot total and sweeps keep working.
func TestTierBookRefusesSpendOverflow(t *testing.T) {
	half := commerce.MustNewMoney(math.MaxInt64/2+1, commerce.CNY)
	for _, w := range []TierWindow{tierRolling(), tierYearly()} {
		t.Run(w.String(), func(t *testing.T) {
			b := tierBaseBook(t)
			if w.Kind != Rolling {
				var err error
				b, err = NewTierBook(tierCompile(t, tierPolicy(w, Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd})))
				require.NoError(t, err)
				tierRecord(t, b, MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)}, MemberJoined{Member: "bo", At: tierDay(2026, 1, 1)})
			}
			tierRecord(t, b, Purchase{Member: "amy", Order: "big1", Paid: half, At: tierDay(2026, 3, 2)})
			tierRecord(t, b, Purchase{Member: "amy", Order: "big1", Paid: half, At: tierDay(2026, 3, 2)}) // a duplicate is still a no-op
			before := tierSnapshot(b)
			for _, at := range []time.Time{tierDay(2026, 3, 3), tierDay(2027, 3, 3)} { // the same window, and another
				err := b.Record(Purchase{Member: "amy", Order: "big2", Paid: half, At: at})
				require.Error(t, err)
				assert.ErrorIs(t, err, commerce.ErrOverflow)
				assert.ErrorIs(t, err, commerce.ErrInvalid)
				assert.Contains(t, err.Error(), `purchase "big2": paid`)
				assert.Equal(t, before, tierSnapshot(b))
			}
			// Bo's spend is his own: the same purchase is fine for him.
			tierRecord(t, b, Purchase{Member: "bo", Order: "big3", Paid: half, At: tierDay(2026, 3, 3)})
			changes, err := b.Sweep(tierDay(2026, 3, 10))
			require.NoError(t, err)
			assert.Equal(t, []string{"amy: none → gold", "bo: none → gold"}, tierChangeStrings(changes))
			_, err = b.Sweep(tierDay(2027, 4, 1))
			require.NoError(t, err)
		})
	}
}

// TestTierBookSpendUpToTheLimit: a member's spend may reach the int64
// limit exactly, refunds included.
func TestTierBookSpendUpToTheLimit(t *testing.T) {
	b := tierBaseBook(t) // Amy has paid ¥800 on o1
	rest := commerce.MustNewMoney(math.MaxInt64-80000, commerce.CNY)
	tierRecord(t, b, Purchase{Member: "amy", Order: "o2", Paid: rest, At: tierDay(2026, 3, 2)},
		PurchaseRefund{Key: "r2", Member: "amy", Order: "o2", Amount: tierYuan("1"), At: tierDay(2026, 3, 3)})
	f, err := b.Facts("amy", tierDay(2026, 3, 10))
	require.NoError(t, err)
	assert.Equal(t, int64(math.MaxInt64-10100), f.Current.Spend.Units())
	assert.Equal(t, int64(10100), f.Current.Refunded.Units())
	err = b.Record(Purchase{Member: "amy", Order: "o3", Paid: commerce.MustNewMoney(1, commerce.CNY), At: tierDay(2026, 3, 4)})
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	_, err = b.Sweep(tierDay(2026, 3, 10))
	require.NoError(t, err)
}

// TestTierBookRefundRevokesAtOnce: a member who buys their way to gold and
// returns the order loses gold at the next assignment, whatever the grace
// or the tier-anniversary hold that spend ageing out would have had.
func TestTierBookRefundRevokesAtOnce(t *testing.T) {
	for _, d := range []Downgrade{
		{Mode: ToQualifying, Timing: Immediately, Grace: 30 * 24 * time.Hour},
		{Mode: OneStep, Timing: Immediately, Grace: 30 * 24 * time.Hour},
		{Mode: ToQualifying, Timing: AtTierAnniversary},
	} {
		b, err := NewTierBook(tierCompile(t, tierPolicy(tierRolling(), d)))
		require.NoError(t, err)
		tierRecord(t, b, MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)},
			Purchase{Member: "amy", Order: "o1", Paid: tierYuan("600"), At: tierDay(2026, 2, 1)},
			Purchase{Member: "amy", Order: "o2", Paid: tierYuan("1500"), At: tierDay(2026, 3, 1)})
		s, err := b.Assign("amy", tierDay(2026, 3, 1))
		require.NoError(t, err)
		assert.Equal(t, "gold", s.Tier(), "%+v", d)
		tierRecord(t, b, PurchaseRefund{Key: "r1", Member: "amy", Order: "o2", Amount: tierYuan("1500"), At: tierDay(2026, 3, 4)})
		s, err = b.Assign("amy", tierDay(2026, 3, 4))
		require.NoError(t, err)
		assert.Equal(t, "silver", s.Tier(), "%+v", d)
		assert.Equal(t, Qualifies, s.Basis())
	}
}

// TestTierBookPaidMembership is worldwideview #504: a downgrade or a refund
// never cuts paid time, and access lasts to paid-through plus grace.
func TestTierBookPaidMembership(t *testing.T) {
	newBook := func(t *testing.T) *TierBook {
		b, err := NewTierBook(tierCompile(t, tierPolicy(tierRolling(), Downgrade{Mode: OneStep, Timing: Immediately, Grace: 30 * 24 * time.Hour})))
		require.NoError(t, err)
		tierRecord(t, b, MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)},
			MembershipPaid{Key: "p1", Member: "amy", Tier: "gold", At: tierDay(2026, 6, 1), Through: tierMidnight(2026, 7, 1)})
		return b
	}
	type check struct {
		at          time.Time
		tier        string
		paidTier    string
		paidThrough time.Time
	}
	tests := []struct {
		name   string
		events []BookEvent
		checks []check
	}{
		{"paid through plus grace", nil, []check{
			{tierDay(2026, 6, 1), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15).Add(-time.Second), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15), "free", "", time.Time{}},
		}},
		{"a downgrade to silver keeps gold's paid time", []BookEvent{
			MembershipPaid{Key: "p2", Member: "amy", Tier: "silver", At: tierDay(2026, 6, 10), Through: tierMidnight(2026, 8, 1)},
		}, []check{
			{tierDay(2026, 6, 20), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15), "silver", "silver", tierMidnight(2026, 8, 1)},
			{tierMidnight(2026, 8, 15), "free", "", time.Time{}},
		}},
		{"a renewal extends it", []BookEvent{
			MembershipPaid{Key: "p2", Member: "amy", Tier: "gold", At: tierDay(2026, 6, 25), Through: tierMidnight(2026, 8, 1)},
		}, []check{
			{tierDay(2026, 6, 20), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierDay(2026, 7, 20), "gold", "gold", tierMidnight(2026, 8, 1)},
			{tierMidnight(2026, 8, 15), "free", "", time.Time{}},
		}},
		{"a refund gives money back, not time", []BookEvent{
			MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 6, 10)},
		}, []check{
			{tierDay(2026, 6, 20), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15).Add(-time.Second), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15), "free", "", time.Time{}},
		}},
		{"a pro-rata refund ends the paid time, grace after it", []BookEvent{
			MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 6, 10), Through: tierDay(2026, 6, 10)},
		}, []check{
			{tierDay(2026, 6, 9), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierDay(2026, 6, 10), "gold", "gold", tierDay(2026, 6, 10)},
			{tierDay(2026, 6, 24).Add(-time.Second), "gold", "gold", tierDay(2026, 6, 10)},
			{tierDay(2026, 6, 24), "free", "", time.Time{}},
		}},
		{"a pro-rata refund to a later date", []BookEvent{
			MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 6, 10), Through: tierMidnight(2026, 6, 20)},
		}, []check{
			{tierDay(2026, 6, 9), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierDay(2026, 6, 12), "gold", "gold", tierMidnight(2026, 6, 20)},
			{tierMidnight(2026, 7, 4), "free", "", time.Time{}},
		}},
		{"a refund after the paid-through date changes nothing", []BookEvent{
			MembershipRefund{Key: "pr1", Member: "amy", Payment: "p1", At: tierDay(2026, 7, 3)},
		}, []check{
			{tierDay(2026, 7, 3), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15), "free", "", time.Time{}},
		}},
		{"refunding the lower payment keeps the higher one", []BookEvent{
			MembershipPaid{Key: "p2", Member: "amy", Tier: "silver", At: tierDay(2026, 6, 10), Through: tierMidnight(2026, 8, 1)},
			MembershipRefund{Key: "pr2", Member: "amy", Payment: "p2", At: tierDay(2026, 6, 11), Through: tierDay(2026, 6, 11)},
		}, []check{
			{tierDay(2026, 6, 20), "gold", "gold", tierMidnight(2026, 7, 1)},
			{tierMidnight(2026, 7, 15), "free", "", time.Time{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBook(t)
			tierRecord(t, b, tt.events...)
			for _, c := range tt.checks {
				f, err := b.Facts("amy", c.at)
				require.NoError(t, err)
				assert.Equal(t, c.paidTier, f.PaidTier, "%v", c.at)
				assert.True(t, f.PaidThrough.Equal(c.paidThrough), "%v: paid through %v", c.at, f.PaidThrough)
				s, err := b.Assign("amy", c.at)
				require.NoError(t, err)
				assert.Equal(t, c.tier, s.Tier(), "%v: %v", c.at, s)
			}
		})
	}
}

func TestTierBookSweep(t *testing.T) {
	b, err := NewTierBook(tierCompile(t, tierPolicy(TierWindow{Kind: Rolling, Days: 30}, Downgrade{Mode: ToQualifying, Timing: Immediately})))
	require.NoError(t, err)
	tierRecord(t, b,
		MemberJoined{Member: "zoe", At: tierDay(2026, 1, 1)},
		MemberJoined{Member: "amy", At: tierDay(2026, 1, 1)},
		MemberJoined{Member: "mo", At: tierDay(2026, 1, 1)},
		Purchase{Member: "zoe", Order: "o1", Paid: tierYuan("2000"), At: tierDay(2026, 3, 1)},
		Purchase{Member: "amy", Order: "o2", Paid: tierYuan("600"), At: tierDay(2026, 3, 2)},
	)
	changes, err := b.Sweep(tierDay(2026, 3, 5))
	require.NoError(t, err)
	assert.Equal(t, []string{"amy: none → silver", "mo: none → free", "zoe: none → gold"}, tierChangeStrings(changes))
	changes, err = b.Sweep(tierDay(2026, 3, 10))
	require.NoError(t, err)
	assert.Empty(t, changes)
	changes, err = b.Sweep(tierDay(2026, 4, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"amy: silver → free", "zoe: gold → free"}, tierChangeStrings(changes))
	assert.Equal(t, "free", changes[0].Standing.Tier())

	// All or nothing: one member assigned later refuses an earlier sweep.
	_, err = b.Assign("mo", tierDay(2026, 5, 1))
	require.NoError(t, err)
	before := tierSnapshot(b)
	_, err = b.Sweep(tierDay(2026, 4, 15))
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), `member "mo"`)
	assert.Equal(t, before, tierSnapshot(b))
}

func tierChangeStrings(cs []TierChange) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

func TestTierBookReads(t *testing.T) {
	b := tierBaseBook(t)
	assert.Equal(t, []string{"amy", "bo"}, b.Members())
	assert.Equal(t, 2, b.Len())
	assert.NotNil(t, b.Tiers())
	joined, err := b.Joined("bo")
	require.NoError(t, err)
	assert.True(t, joined.Equal(tierDay(2026, 1, 1)))
	s, err := b.Standing("bo")
	require.NoError(t, err)
	assert.False(t, s.Assigned())

	far := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, call := range map[string]func(member string, at time.Time) error{
		"joined":   func(m string, _ time.Time) error { _, err := b.Joined(m); return err },
		"standing": func(m string, _ time.Time) error { _, err := b.Standing(m); return err },
		"facts":    func(m string, at time.Time) error { _, err := b.Facts(m, at); return err },
		"assign":   func(m string, at time.Time) error { _, err := b.Assign(m, at); return err },
		"explain":  func(m string, at time.Time) error { _, err := b.Explain(m, at); return err },
	} {
		before := tierSnapshot(b)
		err := call("cy", tierDay(2026, 3, 1))
		assert.ErrorIs(t, err, ErrUnknownMember, name)
		assert.Contains(t, err.Error(), `"cy"`, name)
		if name == "facts" || name == "assign" || name == "explain" {
			assert.ErrorIs(t, call("amy", far), commerce.ErrInvalid, name)
		}
		assert.Equal(t, before, tierSnapshot(b), name)
	}
	_, err = b.Sweep(far)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestTierEventKeys(t *testing.T) {
	d := tierDay(2026, 3, 1)
	for _, tt := range []struct {
		e   BookEvent
		key string
	}{
		{MemberJoined{Member: "amy", At: d}, "join/amy"},
		{Purchase{Order: "o1", At: d}, "order/o1"},
		{PurchaseRefund{Key: "r1", At: d}, "refund/r1"},
		{MembershipPaid{Key: "p1", At: d}, "payment/p1"},
		{MembershipRefund{Key: "pr1", At: d}, "payment-refund/pr1"},
	} {
		assert.Equal(t, tt.key, tt.e.EventKey())
		assert.Equal(t, d, tt.e.EventTime())
	}
}
