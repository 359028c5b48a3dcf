package incentive_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// at is a time in Shanghai.
func at(y int, m time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, m, d, h, mi, s, ns, shanghai)
}

func mustCompile(tb testing.TB, p incentive.FeePlan) *incentive.CompiledFeePlan {
	tb.Helper()
	c, err := incentive.CompileFeePlan(p)
	require.NoError(tb, err)
	return c
}

// xhsOrder is a beauty order of merchant m-1 in the XHS plan's window.
func xhsOrder(id, paid string) incentive.FeeOrder {
	return incentive.FeeOrder{ID: id, Merchant: "m-1", Store: "s-1", Category: "beauty",
		PaidAt: at(2025, 10, 1, 12, 0, 0, 0), Paid: yuan(paid)}
}

type wantPart struct {
	amount, rate string
	allowance    int
}

func parts(q incentive.FeeQuote) []wantPart {
	var out []wantPart
	for _, p := range q.Parts() {
		out = append(out, wantPart{p.Amount.String(), p.Rate.String(), p.Allowance})
	}
	return out
}

// TestFeeQuoteXHS covers the commission-free plan around its ¥1M cap
// (anchor a.3: 0.6% below ¥1M shared across stores, the category's rate
// above; beauty is 4%).
func TestFeeQuoteXHS(t *testing.T) {
	plan := mustCompile(t, incentive.XiaohongshuCommissionFree())
	tests := []struct {
		name   string
		order  incentive.FeeOrder
		used   string
		parts  []wantPart
		fee    string
		status incentive.AllowanceStatus
	}{
		{"below the cap", xhsOrder("o", "1000.00"), "0.00",
			[]wantPart{{"CNY 1000.00", "0.6%", 0}}, "CNY 6.00", incentive.AllowanceApplied},
		{"ends exactly at the cap", xhsOrder("o", "1000.00"), "999000.00",
			[]wantPart{{"CNY 1000.00", "0.6%", 0}}, "CNY 6.00", incentive.AllowanceApplied},
		{"crosses the cap by one fen", xhsOrder("o", "1000.01"), "999000.00",
			[]wantPart{{"CNY 1000.00", "0.6%", 0}, {"CNY 0.01", "4%", -1}}, "CNY 6.00", incentive.AllowanceApplied},
		// 0.6% × 0.01 + 4% × 1234.55 = 0.00006 + 49.382 → 49.38
		{"crosses the cap at the exact fen", xhsOrder("o", "1234.56"), "999999.99",
			[]wantPart{{"CNY 0.01", "0.6%", 0}, {"CNY 1234.55", "4%", -1}}, "CNY 49.38", incentive.AllowanceApplied},
		{"after the cap", xhsOrder("o", "100.00"), "1000000.00",
			[]wantPart{{"CNY 100.00", "4%", -1}}, "CNY 4.00", incentive.AllowanceCapUsed},
		{"zero base", xhsOrder("o", "0.00"), "0.00", nil, "CNY 0.00", incentive.AllowanceNotNeeded},
		// 0.6% of ¥0.83 is 0.498 fen: half-up to 0.
		{"rounds once per order", xhsOrder("o", "0.83"), "0.00",
			[]wantPart{{"CNY 0.83", "0.6%", 0}}, "CNY 0.00", incentive.AllowanceApplied},
		{"window starts at 00:00:00", func() incentive.FeeOrder {
			o := xhsOrder("o", "100.00")
			o.PaidAt = at(2025, 9, 1, 0, 0, 0, 0)
			return o
		}(), "0.00", []wantPart{{"CNY 100.00", "0.6%", 0}}, "CNY 0.60", incentive.AllowanceApplied},
		{"last instant of the window, 23:59:59.999", func() incentive.FeeOrder {
			o := xhsOrder("o", "100.00")
			o.PaidAt = at(2026, 8, 31, 23, 59, 59, 999_000_000)
			return o
		}(), "0.00", []wantPart{{"CNY 100.00", "0.6%", 0}}, "CNY 0.60", incentive.AllowanceApplied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := plan.Quote(tt.order, incentive.CapUse{yuan(tt.used)})
			require.NoError(t, err)
			assert.Equal(t, tt.parts, parts(q))
			assert.Equal(t, tt.fee, q.Fee().String())
			assert.Equal(t, tt.status, q.Status(0))
			var sum commerce.Money
			for _, p := range q.Parts() {
				sum, err = sum.Add(p.Amount)
				require.NoError(t, err)
			}
			assert.Equal(t, q.Base().Units(), sum.Units(), "parts sum to the base")
		})
	}
}

func TestFeeQuoteMultipleAllowances(t *testing.T) {
	p := incentive.XiaohongshuCommissionFree()
	// A second allowance, 1% on the next ¥500 per store, after the ¥1M at
	// 0.6% per merchant.
	p.Allowances = append(p.Allowances, incentive.FeeAllowance{ID: "next-500", Rate: commerce.Percent(1),
		Cap: yuan("500.00"), Scope: incentive.CapPerStore, Window: p.Effective})
	plan := mustCompile(t, p)
	q, err := plan.Quote(xhsOrder("o", "1000.00"), incentive.CapUse{yuan("999800.00"), yuan("100.00")})
	require.NoError(t, err)
	// 200 at 0.6% + 400 at 1% + 400 at 4% = 1.2 + 4 + 16
	assert.Equal(t, []wantPart{{"CNY 200.00", "0.6%", 0}, {"CNY 400.00", "1%", 1}, {"CNY 400.00", "4%", -1}}, parts(q))
	assert.Equal(t, "CNY 21.20", q.Fee().String())
	assert.Equal(t, incentive.CapUse{yuan("200.00"), yuan("400.00"), {}, {}}, q.Consumed())
	assert.Equal(t, "2120", q.ExactFee())

	// Without the floor rule, an allowance's rate applies even above the
	// category's.
	p.Table.Categories = append(p.Table.Categories, incentive.CategoryRate{Category: "gold", Rate: commerce.BasisPoints(40)})
	p.Allowances[0].KeepLowerRate = false
	plan = mustCompile(t, p)
	o := xhsOrder("o", "100.00")
	o.Category = "gold"
	q, err = plan.Quote(o, incentive.CapUse{})
	require.NoError(t, err)
	assert.Equal(t, []wantPart{{"CNY 100.00", "0.6%", 0}}, parts(q))
	assert.False(t, q.Parts()[0].Floor)
	assert.Equal(t, incentive.AllowanceNotNeeded, q.Status(1))
	assert.Zero(t, q.Status(7))
	assert.Zero(t, q.Status(-1))
}

func TestFeeQuoteWeChatWindows(t *testing.T) {
	plan := mustCompile(t, incentive.WeChatStoreFees())
	opened := at(2025, 3, 1, 15, 0, 0, 0)
	order := func(paidAt, opened time.Time) incentive.FeeOrder {
		return incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "band-5", PaidAt: paidAt,
			Paid: yuan("100.00"), Subsidy: yuan("20.00"), StoreOpened: opened}
	}
	tests := []struct {
		name   string
		order  incentive.FeeOrder
		rate   string
		status incentive.AllowanceStatus
	}{
		{"opening day, before the opening hour", order(at(2025, 3, 1, 0, 0, 0, 0), opened), "1%", incentive.AllowanceApplied},
		{"day 30, 23:59:59.999", order(at(2025, 3, 30, 23, 59, 59, 999_000_000), opened), "1%", incentive.AllowanceApplied},
		{"day 31, 00:00:00", order(at(2025, 3, 31, 0, 0, 0, 0), opened), "5%", incentive.AllowanceOutsideWindow},
		{"the day before the opening", order(at(2025, 2, 28, 23, 59, 59, 999_000_000), opened), "5%", incentive.AllowanceOutsideWindow},
		{"opening not given", order(at(2025, 3, 2, 0, 0, 0, 0), time.Time{}), "5%", incentive.AllowanceNoEvent},
		// The window's days are Shanghai's: 2025-02-28 17:00 UTC is
		// 1 March 01:00 in Shanghai.
		{"opening given in UTC", order(at(2025, 3, 30, 23, 0, 0, 0), time.Date(2025, 2, 28, 17, 0, 0, 0, time.UTC)), "1%", incentive.AllowanceApplied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := plan.Quote(tt.order, incentive.CapUse{})
			require.NoError(t, err)
			assert.Equal(t, "CNY 120.00", q.Base().String(), "paid + subsidy")
			assert.Equal(t, tt.rate, q.Parts()[0].Rate.String())
			assert.Equal(t, tt.status, q.Status(0))
		})
	}
}

func TestFeeQuoteErrors(t *testing.T) {
	plan := mustCompile(t, incentive.XiaohongshuCommissionFree())
	usd := commerce.MustNewMoney(100, commerce.USD)
	with := func(f func(*incentive.FeeOrder)) incentive.FeeOrder {
		o := xhsOrder("o-1", "100.00")
		f(&o)
		return o
	}
	tests := []struct {
		name  string
		order incentive.FeeOrder
		used  incentive.CapUse
		is    error
		msg   string
	}{
		{"no id", with(func(o *incentive.FeeOrder) { o.ID = "" }), incentive.CapUse{}, commerce.ErrInvalid, "order: id"},
		{"no merchant", with(func(o *incentive.FeeOrder) { o.Merchant = "" }), incentive.CapUse{}, commerce.ErrInvalid, `order "o-1": merchant`},
		{"no store", with(func(o *incentive.FeeOrder) { o.Store = " s" }), incentive.CapUse{}, commerce.ErrInvalid, `order "o-1": store`},
		{"no payment time", with(func(o *incentive.FeeOrder) { o.PaidAt = time.Time{} }), incentive.CapUse{}, commerce.ErrInvalid, "paid at"},
		{"no payment", with(func(o *incentive.FeeOrder) { o.Paid = commerce.Money{} }), incentive.CapUse{}, commerce.ErrInvalid, "paid: required"},
		{"payment in dollars", with(func(o *incentive.FeeOrder) { o.Paid = usd }), incentive.CapUse{}, commerce.ErrCurrencyMismatch, "paid"},
		{"subsidy in dollars", with(func(o *incentive.FeeOrder) { o.Subsidy = usd }), incentive.CapUse{}, commerce.ErrCurrencyMismatch, "subsidy"},
		{"negative payment", with(func(o *incentive.FeeOrder) { o.Paid = yuan("-1.00") }), incentive.CapUse{}, commerce.ErrInvalid, "negative"},
		{"usage in dollars", xhsOrder("o-1", "1.00"), incentive.CapUse{usd}, commerce.ErrCurrencyMismatch, "cap use[0]"},
		{"negative usage", xhsOrder("o-1", "1.00"), incentive.CapUse{yuan("-0.01")}, commerce.ErrInvalid, "cap use[0]"},
		{"before the plan", with(func(o *incentive.FeeOrder) { o.PaidAt = at(2025, 8, 31, 23, 59, 59, 999_000_000) }), incentive.CapUse{},
			incentive.ErrUnknownVersion, "2025-08-31T23:59:59.999+08:00, outside its effective period [2025-09-01T00:00:00+08:00, 2026-09-01T00:00:00+08:00)"},
		{"after the plan, 00:00:00", with(func(o *incentive.FeeOrder) { o.PaidAt = at(2026, 9, 1, 0, 0, 0, 0) }), incentive.CapUse{},
			incentive.ErrUnknownVersion, "xhs-commission-free@2025-09"},
		{"unknown category", with(func(o *incentive.FeeOrder) { o.Category = "books" }), incentive.CapUse{}, incentive.ErrUnknownCategory, `category "books"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := plan.Quote(tt.order, tt.used)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, incentive.FeeQuote{}, q, "no partial result")
		})
	}
	t.Run("base overflows", func(t *testing.T) {
		wx := mustCompile(t, incentive.WeChatStoreFees())
		o := incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "band-1", PaidAt: at(2025, 1, 1, 0, 0, 0, 0),
			Paid: commerce.MustNewMoney(1<<62, commerce.CNY), Subsidy: commerce.MustNewMoney(1<<62, commerce.CNY)}
		_, err := wx.Quote(o, incentive.CapUse{})
		assert.ErrorIs(t, err, commerce.ErrOverflow)
	})
}

func TestFeeQuoteDefaultAndZero(t *testing.T) {
	plan := mustCompile(t, incentive.WeChatChannels618(at(2025, 5, 20, 0, 0, 0, 0), at(2025, 6, 21, 0, 0, 0, 0)))
	q, err := plan.Quote(incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "anything",
		PaidAt: at(2025, 6, 18, 20, 0, 0, 0), Paid: yuan("618.00")}, incentive.CapUse{})
	require.NoError(t, err)
	assert.Equal(t, "CNY 6.18", q.Fee().String())
	assert.Equal(t, "anything", q.Order().Category)
	assert.Same(t, plan, q.Plan())
	assert.Equal(t, incentive.CapUse{}, q.Consumed())

	var zero incentive.FeeQuote
	assert.Equal(t, "0", zero.ExactFee())
	assert.Equal(t, incentive.CapUse{}, zero.Consumed())
	b, err := zero.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
}

// TestFeeQuoteRoundingModes: the fee is rounded once, from the exact sum,
// with the plan's mode. ¥1000.01 crossing the cap by ¥0.01 at 4% and
// ¥1000.00 at 0.6% is exactly 600.04 fen; ¥12.50 at 4% is 50 fen and
// ¥0.25 at 0.6% is 0.15 fen.
func TestFeeQuoteRoundingModes(t *testing.T) {
	tests := []struct {
		mode       commerce.RoundingMode
		paid, used string
		fee        string
	}{
		{commerce.HalfUp, "1000.01", "999000.00", "CNY 6.00"},
		{commerce.Up, "1000.01", "999000.00", "CNY 6.01"},
		{commerce.Ceiling, "1000.01", "999000.00", "CNY 6.01"},
		{commerce.Down, "1000.01", "999000.00", "CNY 6.00"},
		{commerce.Floor, "1000.01", "999000.00", "CNY 6.00"},
		{commerce.HalfEven, "1000.01", "999000.00", "CNY 6.00"},
		// 0.6% of ¥0.75 is 0.45 fen; of ¥2.50, 1.5 fen: a tie.
		{commerce.HalfUp, "2.50", "0.00", "CNY 0.02"},
		{commerce.HalfEven, "2.50", "0.00", "CNY 0.02"},
		{commerce.HalfEven, "0.83", "0.00", "CNY 0.00"},
		{commerce.HalfEven, "4.17", "0.00", "CNY 0.03"}, // 2.502 fen
		{commerce.HalfUp, "0.75", "0.00", "CNY 0.00"},
		{commerce.Up, "0.75", "0.00", "CNY 0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String()+" "+tt.paid, func(t *testing.T) {
			p := incentive.XiaohongshuCommissionFree()
			p.Rounding = tt.mode
			q, err := mustCompile(t, p).Quote(xhsOrder("o", tt.paid), incentive.CapUse{yuan(tt.used)})
			require.NoError(t, err)
			assert.Equal(t, tt.fee, q.Fee().String())
		})
	}
	// The half-even tie: 0.6% of ¥7.50 is 4.5 fen → 4; of ¥2.50, 1.5 → 2.
	p := incentive.XiaohongshuCommissionFree()
	p.Rounding = commerce.HalfEven
	q, err := mustCompile(t, p).Quote(xhsOrder("o", "7.50"), incentive.CapUse{})
	require.NoError(t, err)
	assert.Equal(t, "CNY 0.04", q.Fee().String())
	assert.Equal(t, "4.5", q.ExactFee())
}

// TestFeeQuoteAllocs guards the hot path: once compiled, a quote
// allocates nothing (the issue allows one).
func TestFeeQuoteAllocs(t *testing.T) {
	if feeRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	plan := mustCompile(t, incentive.XiaohongshuCommissionFree())
	o := xhsOrder("o", "3000.00")
	used := incentive.CapUse{yuan("999000.00")}
	wx := mustCompile(t, incentive.WeChatStoreFees())
	w := incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "band-3", PaidAt: at(2025, 3, 5, 0, 0, 0, 0),
		Paid: yuan("100.00"), Subsidy: yuan("1.00"), StoreOpened: at(2025, 3, 1, 0, 0, 0, 0)}
	rebate, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(1000, func() {
		q, err := plan.Quote(o, used)
		if err != nil || q.Fee().IsZero() {
			panic(err)
		}
		q, err = wx.Quote(w, incentive.CapUse{})
		if err != nil {
			panic(err)
		}
		if _, err := rebate.Rebate(q); err != nil {
			panic(err)
		}
	})
	assert.LessOrEqual(t, allocs, 0.0)
}

func TestFeeQuoteErrorsAreDistinct(t *testing.T) {
	// The sentinels a caller branches on are distinct.
	assert.False(t, errors.Is(incentive.ErrUnknownCategory, incentive.ErrCyclePaid))
	assert.False(t, errors.Is(incentive.ErrUnknownOrder, incentive.ErrUnknownCategory))
}
