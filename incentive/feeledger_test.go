package incentive_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

func sep(d, h int) time.Time { return at(2025, 9, d, h, 0, 0, 0) }

// xhsLedger is a ledger of the XHS plan with a 100% provider cashback.
func xhsLedger(t *testing.T) incentive.FeeLedger {
	t.Helper()
	cb, err := incentive.CompileCashbackPlan(testCashback(incentive.CashbackProvider, commerce.Percent(100)))
	require.NoError(t, err)
	l, err := incentive.NewFeeLedger(mustCompile(t, incentive.XiaohongshuCommissionFree()), nil, cb)
	require.NoError(t, err)
	return l
}

func feeAccount(merchant string) incentive.FeeAccount {
	return incentive.FeeAccount{Kind: incentive.AccountFee, Programme: "xhs-commission-free@2025-09", Party: merchant}
}

// TestFeeLedgerSharedCap: a merchant's stores share the ¥1M; the order
// that crosses it is the one that comes first in payment time, then ID.
func TestFeeLedgerSharedCap(t *testing.T) {
	order := func(id, store, paid string, paidAt time.Time) incentive.FeeOrder {
		return incentive.FeeOrder{ID: id, Merchant: "m-1", Store: store, Category: "beauty", PaidAt: paidAt, Paid: yuan(paid)}
	}
	events := []incentive.FeeEvent{
		order("o-3", "s-2", "400000.00", sep(3, 10)),
		order("o-1", "s-1", "500000.00", sep(1, 10)),
		// o-2a and o-2b are paid at the same instant: o-2a crosses.
		order("o-2b", "s-1", "100000.00", sep(2, 10)),
		order("o-2a", "s-2", "150000.00", sep(2, 10)),
		// Another merchant has its own ¥1M.
		incentive.FeeOrder{ID: "o-9", Merchant: "m-2", Store: "s-9", Category: "pets", PaidAt: sep(1, 9), Paid: yuan("100.00")},
	}
	l, err := xhsLedger(t).Apply(events...)
	require.NoError(t, err)
	want := map[string][]wantPart{
		"o-1":  {{"CNY 500000.00", "0.6%", 0}},
		"o-2a": {{"CNY 150000.00", "0.6%", 0}},
		"o-2b": {{"CNY 100000.00", "0.6%", 0}},
		"o-3":  {{"CNY 250000.00", "0.6%", 0}, {"CNY 150000.00", "4%", -1}},
		"o-9":  {{"CNY 100.00", "0.6%", 0}},
	}
	for id, parts_ := range want {
		q, ok := l.Quote(id)
		require.True(t, ok, id)
		assert.Equal(t, parts_, parts(q), id)
	}
	q, _ := l.Quote("o-3")
	assert.Equal(t, "CNY 7500.00", q.Fee().String(), "250,000 × 0.6% + 150,000 × 4%")
	_, ok := l.Quote("o-404")
	assert.False(t, ok)

	// The cap moves with the canonical order, not the arrival order: an
	// order dated before o-3 pushes it further over the cap.
	l2, err := l.Apply(order("o-0", "s-3", "50000.00", sep(1, 0)))
	require.NoError(t, err)
	q, _ = l2.Quote("o-3")
	assert.Equal(t, []wantPart{{"CNY 200000.00", "0.6%", 0}, {"CNY 200000.00", "4%", -1}}, parts(q))
	q, _ = l.Quote("o-3")
	assert.Equal(t, "CNY 7500.00", q.Fee().String(), "the receiver is unchanged")
}

// TestFeeLedgerRefundAcrossCap: a refund of an order split by the cap
// reverses each part at its frozen rate, pro rata; the last refund nets
// the order to zero; refunds never give the cap back.
func TestFeeLedgerRefundAcrossCap(t *testing.T) {
	l := xhsLedger(t)
	o := incentive.FeeOrder{ID: "o-1", Merchant: "m-1", Store: "s-1", Category: "beauty", PaidAt: sep(1, 10),
		Paid: yuan("1000100.00"), Provider: "sp-1"}
	l, err := l.Apply(o)
	require.NoError(t, err)
	q, _ := l.Quote("o-1")
	// 1,000,000 × 0.6% + 100 × 4% = 6000 + 4
	assert.Equal(t, "CNY 6004.00", q.Fee().String())

	// Refund ¥100.01: the parts are 10000/10001 and 1/10001 of the base:
	// 99.9999... and 0.0099..., by largest remainder 100.00 and 0.01; the
	// fee reversed is F(100.00, 0.01) = 0.6 + 0.0004 → 0.60.
	l, err = l.Apply(incentive.FeeRefund{ID: "r-1", Order: "o-1", At: sep(2, 10), Paid: yuan("100.01")})
	require.NoError(t, err)
	lines := l.Lines()
	require.Len(t, lines, 4) // fee and cashback: accrual and reversal
	assert.Equal(t, "CNY -0.60", lines[2].Amount.String())
	assert.Equal(t, incentive.FeeReversed, lines[2].Kind)
	assert.Equal(t, "CNY -0.60", lines[3].Amount.String(), "cashback at 100% mirrors the fee")

	// A later order still finds the cap used up: the refund gave none back.
	l, err = l.Apply(incentive.FeeOrder{ID: "o-2", Merchant: "m-1", Store: "s-2", Category: "beauty", PaidAt: sep(3, 10), Paid: yuan("100.00")})
	require.NoError(t, err)
	q2, _ := l.Quote("o-2")
	assert.Equal(t, incentive.AllowanceCapUsed, q2.Status(0))

	// Refund the rest: the order nets to zero on every account.
	l, err = l.Apply(incentive.FeeRefund{ID: "r-2", Order: "o-1", At: sep(4, 10), Paid: yuan("999999.99")})
	require.NoError(t, err)
	assert.Equal(t, map[incentive.FeeAccountKind]int64{incentive.AccountFee: 0, incentive.AccountCashback: 0}, netByKind(l, "o-1"))

	_, err = l.Apply(incentive.FeeRefund{ID: "r-3", Order: "o-1", At: sep(5, 10), Paid: yuan("0.01")})
	assert.ErrorIs(t, err, commerce.ErrRefundExceedsPaid)
}

// netByKind sums an order's lines by account kind.
func netByKind(l incentive.FeeLedger, order string) map[incentive.FeeAccountKind]int64 {
	out := map[incentive.FeeAccountKind]int64{}
	for _, ln := range l.Lines() {
		if ln.Order == order {
			out[ln.Account.Kind] += ln.Amount.Units()
		}
	}
	return out
}

// TestFeeLedgerRefundAfterPayout: a refund booked after the payout of its
// order's cycle is one negative adjustment in its own cycle; a refund
// before the payout is a reversal; statements reconcile and carry.
func TestFeeLedgerRefundAfterPayout(t *testing.T) {
	l := xhsLedger(t)
	events := []incentive.FeeEvent{
		incentive.FeeOrder{ID: "o-1", Merchant: "m-1", Store: "s-1", Category: "pets", PaidAt: sep(10, 10), Paid: yuan("1000.00"), Provider: "sp"},
		incentive.FeeOrder{ID: "o-2", Merchant: "m-1", Store: "s-1", Category: "pets", PaidAt: sep(11, 10), Paid: yuan("500.00"), Provider: "sp"},
		// Booked on 3 October, before September's payout on the 5th.
		incentive.FeeRefund{ID: "r-1", Order: "o-1", At: at(2025, 10, 3, 0, 0, 0, 0), Paid: yuan("200.00")},
		incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}, At: at(2025, 10, 5, 0, 0, 0, 0)},
		// Booked after the payout.
		incentive.FeeRefund{ID: "r-2", Order: "o-2", At: at(2025, 10, 5, 0, 0, 0, 0), Paid: yuan("500.00")},
	}
	l, err := l.Apply(events...)
	require.NoError(t, err)
	sts := l.Statements(feeAccount("m-1"))
	require.Len(t, sts, 2)
	sepSt, oct := sts[0], sts[1]
	assert.Equal(t, "CNY 9.00", sepSt.Accrued.String(), "0.6% of 1500")
	assert.Equal(t, "CNY 9.00", sepSt.Paid.String())
	assert.True(t, sepSt.PaidAt.Equal(at(2025, 10, 5, 0, 0, 0, 0)))
	assert.Equal(t, "CNY 0.00", oct.Opening.String())
	assert.Equal(t, "CNY 1.20", oct.Reversed.String(), "r-1 precedes the payout: a reversal")
	assert.Equal(t, "CNY -3.00", oct.Adjusted.String(), "r-2 follows it: an adjustment")
	assert.Equal(t, "CNY -4.20", oct.Closing.String())
	assert.Equal(t, []incentive.FeeLineKind{incentive.FeeReversed, incentive.FeeAdjusted}, []incentive.FeeLineKind{oct.Lines[0].Kind, oct.Lines[1].Kind})
	for _, st := range sts {
		assert.Equal(t, st.Closing.Units(), st.Opening.Units()+st.Accrued.Units()-st.Reversed.Units()+st.Adjusted.Units())
	}

	// Re-applying any of the events changes nothing; so does applying
	// them again in another order.
	again, err := l.Apply(events[4], events[0], events[3])
	require.NoError(t, err)
	assert.Equal(t, mustJSON(t, l), mustJSON(t, again))

	// An event dated in the paid cycle is refused, and changes nothing.
	late := incentive.FeeRefund{ID: "r-3", Order: "o-1", At: sep(30, 23), Paid: yuan("1.00")}
	_, err = l.Apply(late)
	assert.ErrorIs(t, err, incentive.ErrCyclePaid)
	assert.Contains(t, err.Error(), "2025-09")
	_, err = l.Apply(incentive.FeeOrder{ID: "o-3", Merchant: "m-1", Store: "s-1", Category: "pets", PaidAt: sep(12, 10), Paid: yuan("1.00")})
	assert.ErrorIs(t, err, incentive.ErrCyclePaid)
	// Booked in October, it is an adjustment there.
	late.At = at(2025, 10, 6, 0, 0, 0, 0)
	l2, err := l.Apply(late)
	require.NoError(t, err)
	assert.Equal(t, "CNY -3.01", l2.Statements(feeAccount("m-1"))[1].Adjusted.String())

	// A payout of October carries the negative balance to November.
	l3, err := l2.Apply(incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.November}, At: at(2025, 12, 5, 0, 0, 0, 0)})
	require.NoError(t, err)
	sts = l3.Statements(feeAccount("m-1"))
	require.Len(t, sts, 3)
	assert.Equal(t, "CNY -4.21", sts[2].Opening.String())
	assert.Equal(t, "CNY 0.00", sts[2].Paid.String(), "a negative balance is carried, not paid")

	// The golden statement file.
	golden(t, filepath.Join("testdata", "fee", "ledger-refund-after-payout.json"), indentJSON(t, l3))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func indentJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

// TestFeeLedgerRebate: WeChat Store with the provider rebate; refunds
// reverse the rebate at its frozen rate and a full refund nets it to 0.
func TestFeeLedgerRebate(t *testing.T) {
	rebate, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	require.NoError(t, err)
	cb, err := incentive.CompileCashbackPlan(func() incentive.CashbackPlan {
		p := testCashback(incentive.CashbackMCN, commerce.Percent(50))
		p.Effective = incentive.FeeWindow{Kind: incentive.FixedPeriod, From: at(2025, 1, 1, 0, 0, 0, 0)}
		return p
	}())
	require.NoError(t, err)
	l, err := incentive.NewFeeLedger(mustCompile(t, incentive.WeChatStoreFees()), rebate, cb)
	require.NoError(t, err)
	first := at(2025, 2, 1, 12, 0, 0, 0)
	o := incentive.FeeOrder{ID: "o-1", Merchant: "m", Store: "s", Category: "band-3", Provider: "sp", MCN: "mcn",
		PaidAt: at(2025, 6, 1, 9, 0, 0, 0), Paid: yuan("100.00"), Subsidy: yuan("5.00"), FirstSale: first}
	l, err = l.Apply(o)
	require.NoError(t, err)
	r, ok := l.Rebate("o-1")
	require.True(t, ok)
	assert.Equal(t, "CNY 2.40", r.Rebate().String())
	q, _ := l.Quote("o-1")
	assert.Equal(t, "CNY 3.15", q.Fee().String())

	l, err = l.Apply(
		incentive.FeeRefund{ID: "r-1", Order: "o-1", At: at(2025, 6, 2, 0, 0, 0, 0), Paid: yuan("33.33"), Subsidy: yuan("1.67")},
		incentive.FeeRefund{ID: "r-2", Order: "o-1", At: at(2025, 6, 3, 0, 0, 0, 0), Paid: yuan("66.67"), Subsidy: yuan("3.33")},
	)
	require.NoError(t, err)
	assert.Equal(t, map[incentive.FeeAccountKind]int64{incentive.AccountFee: 0, incentive.AccountRebate: 0, incentive.AccountCashback: 0}, netByKind(l, "o-1"))
	// r-1 takes 35.00 of base at 3%: 1.05 of fee; 33.33 of payment at
	// 2.4%: 0.79992 → 0.80 of rebate; cashback 50% of 1.05 → 0.53.
	var got []string
	for _, ln := range l.Lines() {
		if ln.Event == "r-1" {
			got = append(got, ln.Account.Kind.String()+" "+ln.Amount.String())
		}
	}
	assert.Equal(t, []string{"fee CNY -1.05", "rebate CNY -0.80", "cashback CNY -0.53"}, got)
	golden(t, filepath.Join("testdata", "fee", "rebate-o-1.json"), indentJSON(t, r))

	_, ok = l.Rebate("o-404")
	assert.False(t, ok)
	noRebate := xhsLedger(t)
	_, ok = noRebate.Rebate("o-1")
	assert.False(t, ok)
}

func TestRebateStatuses(t *testing.T) {
	rebate, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	require.NoError(t, err)
	wx := mustCompile(t, incentive.WeChatStoreFees())
	first := at(2025, 2, 1, 12, 0, 0, 0)
	base := incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "band-3", Provider: "sp",
		PaidAt: at(2025, 6, 1, 9, 0, 0, 0), Paid: yuan("100.00"), FirstSale: first}
	tests := []struct {
		name   string
		edit   func(*incentive.FeeOrder)
		status incentive.RebateStatus
		rebate string
	}{
		{"applied", func(*incentive.FeeOrder) {}, incentive.RebateApplied, "CNY 2.40"},
		{"no provider", func(o *incentive.FeeOrder) { o.Provider = "" }, incentive.RebateNoProvider, "CNY 0.00"},
		{"before the plan", func(o *incentive.FeeOrder) {
			o.PaidAt, o.FirstSale = at(2024, 12, 31, 23, 59, 59, 999_000_000), time.Time{}
		}, incentive.RebateNotInEffect, "CNY 0.00"},
		{"no first sale", func(o *incentive.FeeOrder) { o.FirstSale = time.Time{} }, incentive.RebateNoEvent, "CNY 0.00"},
		// 360 natural days from 2025-02-01: the last is 2026-01-26.
		{"day 360, 23:59:59.999", func(o *incentive.FeeOrder) { o.PaidAt = at(2026, 1, 26, 23, 59, 59, 999_000_000) }, incentive.RebateApplied, "CNY 2.40"},
		{"day 361, 00:00", func(o *incentive.FeeOrder) { o.PaidAt = at(2026, 1, 27, 0, 0, 0, 0) }, incentive.RebateOutsideWindow, "CNY 0.00"},
		{"1% is above 0.6%", func(o *incentive.FeeOrder) { o.Category = "band-1" }, incentive.RebateApplied, "CNY 0.40"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			tt.edit(&o)
			q, err := wx.Quote(o, incentive.CapUse{})
			require.NoError(t, err)
			r, err := rebate.Rebate(q)
			require.NoError(t, err)
			assert.Equal(t, tt.status, r.Status())
			assert.Equal(t, tt.rebate, r.Rebate().String())
			assert.Equal(t, q, r.Quote())
		})
	}
	t.Run("at or below the threshold is zero, never negative", func(t *testing.T) {
		p := incentive.WeChatStoreFees()
		p.Table.Categories = append(p.Table.Categories, incentive.CategoryRate{Category: "band-0.4", Rate: commerce.BasisPoints(40)},
			incentive.CategoryRate{Category: "band-0.6", Rate: commerce.BasisPoints(60)})
		c := mustCompile(t, p)
		for _, cat := range []string{"band-0.4", "band-0.6"} {
			o := base
			o.Category = cat
			q, err := c.Quote(o, incentive.CapUse{})
			require.NoError(t, err)
			r, err := rebate.Rebate(q)
			require.NoError(t, err)
			assert.Equal(t, incentive.RebateAtOrBelowThreshold, r.Status(), cat)
			assert.Equal(t, "CNY 0.00", r.Rebate().String(), cat)
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, err := rebate.Rebate(incentive.FeeQuote{})
		assert.ErrorIs(t, err, commerce.ErrInvalid)
		usd := incentive.WeChatStoreFees()
		usd.Currency = commerce.USD
		usd.Allowances = nil
		q, err := mustCompile(t, usd).Quote(incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "band-1",
			PaidAt: at(2025, 6, 1, 0, 0, 0, 0), Paid: commerce.MustNewMoney(100, commerce.USD)}, incentive.CapUse{})
		require.NoError(t, err)
		_, err = rebate.Rebate(q)
		assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
		cb, err := incentive.CompileCashbackPlan(testCashback(incentive.CashbackMerchant, commerce.Percent(10)))
		require.NoError(t, err)
		_, _, err = cb.Cashback(q)
		assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
		_, _, err = cb.Cashback(incentive.FeeQuote{})
		assert.ErrorIs(t, err, commerce.ErrInvalid)
		var zero incentive.RebateQuote
		b, err := zero.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, "null", string(b))
		assert.Equal(t, incentive.WeChatStoreProviderRebate().ID, rebate.Plan().ID)
		assert.Equal(t, "cb-merchant", cb.Plan().ID)
	})
}

func TestCashback(t *testing.T) {
	plan := mustCompile(t, incentive.XiaohongshuCommissionFree())
	q, err := plan.Quote(incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "beauty", MCN: "mcn-1",
		PaidAt: sep(2, 0), Paid: yuan("1000.00")}, incentive.CapUse{yuan("1000000.00")})
	require.NoError(t, err)
	require.Equal(t, "CNY 40.00", q.Fee().String())
	tests := []struct {
		entity incentive.CashbackEntity
		rate   string
		party  string
		amount string
	}{
		{incentive.CashbackMerchant, "100%", "m", "CNY 40.00"},
		{incentive.CashbackMCN, "33.333%", "mcn-1", "CNY 13.33"},
		{incentive.CashbackProvider, "50%", "", "CNY 0.00"}, // no provider
	}
	t.Run("outside the period", func(t *testing.T) {
		p := testCashback(incentive.CashbackMerchant, commerce.Percent(100))
		p.Effective.From = sep(3, 0) // the order was paid on 2 September
		cb, err := incentive.CompileCashbackPlan(p)
		require.NoError(t, err)
		party, amount, err := cb.Cashback(q)
		require.NoError(t, err)
		assert.Equal(t, "", party)
		assert.True(t, amount.IsZero())
	})
	for _, tt := range tests {
		t.Run(tt.entity.String(), func(t *testing.T) {
			cb, err := incentive.CompileCashbackPlan(testCashback(tt.entity, commerce.MustParseRate(tt.rate)))
			require.NoError(t, err)
			party, amount, err := cb.Cashback(q)
			require.NoError(t, err)
			assert.Equal(t, tt.party, party)
			assert.Equal(t, tt.amount, amount.String())
		})
	}
}

func TestFeeLedgerErrors(t *testing.T) {
	base := xhsLedger(t)
	o := incentive.FeeOrder{ID: "o-1", Merchant: "m-1", Store: "s-1", Category: "pets", PaidAt: sep(10, 10), Paid: yuan("100.00")}
	l, err := base.Apply(o)
	require.NoError(t, err)
	other := o
	other.Paid = yuan("100.01")
	tests := []struct {
		name   string
		events []incentive.FeeEvent
		is     error
		msg    string
	}{
		{"order id reused", []incentive.FeeEvent{other}, incentive.ErrConflict, `order "o-1"`},
		{"refund id reused", []incentive.FeeEvent{
			incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Paid: yuan("1.00")},
			incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Paid: yuan("2.00")}}, incentive.ErrConflict, "events[1]"},
		{"refund without id", []incentive.FeeEvent{incentive.FeeRefund{Order: "o-1", At: sep(11, 0), Paid: yuan("1.00")}}, commerce.ErrInvalid, "refund: id"},
		{"refund without time", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", Paid: yuan("1.00")}}, commerce.ErrInvalid, `refund "r": at`},
		{"refund of an unknown order", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-9", At: sep(11, 0), Paid: yuan("1.00")}}, incentive.ErrUnknownOrder, `"o-9"`},
		{"refund before the order", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(10, 9), Paid: yuan("1.00")}}, commerce.ErrInvalid, "before order"},
		{"empty refund", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Paid: yuan("0.00")}}, commerce.ErrInvalid, "nothing refunded"},
		{"refund in dollars", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Paid: commerce.MustNewMoney(1, commerce.USD)}}, commerce.ErrCurrencyMismatch, "paid"},
		{"subsidy in dollars", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Paid: yuan("1.00"), Subsidy: commerce.MustNewMoney(1, commerce.USD)}}, commerce.ErrCurrencyMismatch, "subsidy"},
		{"refund over the payment", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Paid: yuan("100.01")}}, commerce.ErrRefundExceedsPaid, "CNY 100.00 remains"},
		{"subsidy over the order's", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "o-1", At: sep(11, 0), Subsidy: yuan("0.01")}}, commerce.ErrRefundExceedsPaid, "subsidy"},
		{"refund with a bad order id", []incentive.FeeEvent{incentive.FeeRefund{ID: "r", Order: "", At: sep(11, 0), Paid: yuan("1.00")}}, incentive.ErrUnknownOrder, "refund"},
		{"order in dollars", []incentive.FeeEvent{incentive.FeeOrder{ID: "o-2", Merchant: "m", Store: "s", Category: "pets", PaidAt: sep(10, 10),
			Paid: commerce.MustNewMoney(1, commerce.USD)}}, commerce.ErrCurrencyMismatch, `order "o-2": paid`},
		{"payout before the cycle ends", []incentive.FeeEvent{incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}, At: sep(30, 23)}}, commerce.ErrInvalid, "before the cycle ends"},
		{"payout without time", []incentive.FeeEvent{incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}}}, commerce.ErrInvalid, "payout 2025-09: at"},
		{"payout of no month", []incentive.FeeEvent{incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025}, At: sep(30, 23)}}, commerce.ErrInvalid, "not a month"},
		{"payout twice", []incentive.FeeEvent{
			incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}, At: at(2025, 10, 5, 0, 0, 0, 0)},
			incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}, At: at(2025, 10, 6, 0, 0, 0, 0)}}, incentive.ErrConflict, "already paid out"},
		{"nil event", []incentive.FeeEvent{nil}, commerce.ErrInvalid, "fee event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := l.Apply(tt.events...)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, mustJSON(t, l), mustJSON(t, got), "nothing changed")
		})
	}

	var zero incentive.FeeLedger
	_, err = zero.Apply(o)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Nil(t, zero.Lines())
	assert.Nil(t, zero.Accounts())
	assert.Nil(t, zero.Statements(feeAccount("m-1")))
	_, ok := zero.Quote("o-1")
	assert.False(t, ok)
	_, ok = zero.Rebate("o-1")
	assert.False(t, ok)
	assert.Nil(t, l.Statements(feeAccount("nobody")))
}

func TestNewFeeLedgerErrors(t *testing.T) {
	plan := mustCompile(t, incentive.XiaohongshuCommissionFree())
	usdRebate := incentive.WeChatStoreProviderRebate()
	usdRebate.Currency = commerce.USD
	r, err := incentive.CompileRebatePlan(usdRebate)
	require.NoError(t, err)
	usdCash := testCashback(incentive.CashbackMerchant, commerce.Percent(1))
	usdCash.Currency = commerce.USD
	cu, err := incentive.CompileCashbackPlan(usdCash)
	require.NoError(t, err)
	cb, err := incentive.CompileCashbackPlan(testCashback(incentive.CashbackMerchant, commerce.Percent(1)))
	require.NoError(t, err)

	_, err = incentive.NewFeeLedger(nil, nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = incentive.NewFeeLedger(plan, r)
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	_, err = incentive.NewFeeLedger(plan, nil, cu)
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	_, err = incentive.NewFeeLedger(plan, nil, cb, cb)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = incentive.NewFeeLedger(plan, nil, nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestFeeLedgerOverflow(t *testing.T) {
	p := incentive.WeChatChannels618(sep(1, 0), time.Time{})
	p.Table.Default = commerce.Percent(100)
	l, err := incentive.NewFeeLedger(mustCompile(t, p), nil)
	require.NoError(t, err)
	big := commerce.MustNewMoney(1<<62, commerce.CNY)
	_, err = l.Apply(
		incentive.FeeOrder{ID: "a", Merchant: "m", Store: "s", Category: "c", PaidAt: sep(2, 0), Paid: big},
		incentive.FeeOrder{ID: "b", Merchant: "m", Store: "s", Category: "c", PaidAt: sep(2, 0), Paid: big},
	)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
}

func TestFeeCycle(t *testing.T) {
	c := incentive.FeeCycleOf(time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC), shanghai)
	assert.Equal(t, incentive.FeeCycle{Year: 2026, Month: time.January}, c, "16:00 UTC on 31 December is New Year in Shanghai")
	assert.True(t, c.Start(shanghai).Equal(at(2026, 1, 1, 0, 0, 0, 0)))
	assert.True(t, c.End(shanghai).Equal(at(2026, 2, 1, 0, 0, 0, 0)))
	b, err := c.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "2026-01", string(b))
	// December's statements roll into January.
	l := xhsLedger(t)
	l, err = l.Apply(
		incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "pets", PaidAt: at(2025, 11, 30, 0, 0, 0, 0), Paid: yuan("100.00")},
		incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2026, Month: time.January}, At: at(2026, 2, 2, 0, 0, 0, 0)},
	)
	require.NoError(t, err)
	var cycles []string
	for _, st := range l.Statements(feeAccount("m")) {
		cycles = append(cycles, st.Cycle.String()+" "+st.Paid.String())
	}
	assert.Equal(t, []string{"2025-11 CNY 0.00", "2025-12 CNY 0.00", "2026-01 CNY 0.60"}, cycles, "unpaid cycles carry to the paid one")
	// A refund after January's payout is an adjustment even though
	// November itself was never paid out on its own.
	l, err = l.Apply(incentive.FeeRefund{ID: "r", Order: "o", At: at(2026, 2, 3, 0, 0, 0, 0), Paid: yuan("100.00")})
	require.NoError(t, err)
	lines := l.Lines()
	assert.Equal(t, incentive.FeeAdjusted, lines[len(lines)-1].Kind)
	kb, err := incentive.FeeAdjusted.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "adjusted", string(kb))
	kb, err = incentive.AccountFee.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "fee", string(kb))
}

func TestFeeLedgerErrorsWrap(t *testing.T) {
	l := xhsLedger(t)
	_, err := l.Apply(incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "books", PaidAt: sep(1, 0), Paid: yuan("1.00")})
	assert.True(t, errors.Is(err, incentive.ErrUnknownCategory))
}
