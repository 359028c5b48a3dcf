package groupchat

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewTiersRefuses(t *testing.T) {
	immediate := Downgrade{Mode: ToQualifying, Timing: Immediately}
	base := func() TierPolicy { return tierPolicy(tierRolling(), immediate) }
	req := func(r Requirement) func(p *TierPolicy) { return func(p *TierPolicy) { p.Tiers[2].Requirement = r } }
	tests := []struct {
		name   string
		change func(p *TierPolicy)
		is     error // besides commerce.ErrInvalid
		msg    string
	}{
		{"no currency", func(p *TierPolicy) { p.Currency = 0 }, commerce.ErrUnknownCurrency, "tier policy: currency"},
		{"no tiers", func(p *TierPolicy) { p.Tiers = nil }, nil, "tier policy: tiers: want 1 to 32, got 0"},
		{"too many tiers", func(p *TierPolicy) {
			for i := range MaxTiers {
				p.Tiers = append(p.Tiers, Tier{ID: fmt.Sprint("t", i), Requirement: Requirement{MinOrders: 10 + i}})
			}
		}, nil, "want 1 to 32, got 35"},
		{"empty id", func(p *TierPolicy) { p.Tiers[1].ID = "" }, nil, "tiers[1]: id: empty"},
		{"padded id", func(p *TierPolicy) { p.Tiers[1].ID = " silver" }, nil, "tiers[1]: id"},
		{"repeated id", func(p *TierPolicy) { p.Tiers[2].ID = "silver" }, nil, `tiers[2] "silver": id: also tiers[1]`},
		{"bad name", func(p *TierPolicy) { p.Tiers[1].Name = "\xff" }, nil, "name: not valid UTF-8"},
		// The gap: a member who meets nothing would have no tier.
		{"gap", func(p *TierPolicy) { p.Tiers[0].Requirement.MinOrders = 1 }, ErrTierGap,
			`tiers[0] "free": a member who meets no requirement would have no tier`},
		{"gap by dropping the free tier", func(p *TierPolicy) { p.Tiers = p.Tiers[1:] }, ErrTierGap, `tiers[0] "silver"`},
		// Overlaps: the same members, or members who skip a rung.
		{"same threshold", func(p *TierPolicy) {
			p.Tiers[1].Requirement = Requirement{MinSpend: tierYuan("500")}
			p.Tiers[2].Requirement = Requirement{MinSpend: tierYuan("500")}
		}, ErrTierOverlap, `tiers[2] "gold": it asks nothing more than "silver" below it`},
		{"any-of of the same conditions", func(p *TierPolicy) {
			p.Tiers[1].Requirement = Requirement{MinSpend: tierYuan("500"), MinOrders: 5}
			p.Tiers[2].Requirement = Requirement{MinSpend: tierYuan("500"), MinOrders: 5, Any: true}
		}, ErrTierOverlap, `tiers[2] "gold": a member with spend CNY 500.00 and 0 orders meets it but not "silver"`},
		{"lower threshold", req(Requirement{MinSpend: tierYuan("400"), Paid: true, Any: true}), ErrTierOverlap,
			`tiers[2] "gold": a member with spend CNY 400.00 and 0 orders meets it but not "silver" below it`},
		{"no requirement above free", func(p *TierPolicy) { p.Tiers[1].Requirement = Requirement{} }, ErrTierOverlap,
			`tiers[1] "silver": it asks nothing more than "free" below it`},
		{"crossing metrics", req(Requirement{MinOrders: 10}), ErrTierOverlap,
			`a member with spend CNY 0.00 and 10 orders meets it but not "silver"`},
		{"any-of escapes an all-of", func(p *TierPolicy) {
			p.Tiers[1].Requirement = Requirement{MinSpend: tierYuan("500"), MinOrders: 3}
			p.Tiers[2].Requirement = Requirement{MinSpend: tierYuan("2000"), MinOrders: 5, Any: true}
		}, ErrTierOverlap, `a member with spend CNY 2000.00 and 0 orders meets it but not "silver"`},
		{"paid skips a spend rung", func(p *TierPolicy) {
			p.Tiers[1].Requirement = Requirement{MinSpend: tierYuan("500")}
		}, ErrTierOverlap, `a member with spend CNY 0.00 and 0 orders and a paid "gold" membership meets it but not "silver"`},
		{"min spend in dollars", req(Requirement{MinSpend: commerce.MustParseMoney("USD 2000")}), commerce.ErrCurrencyMismatch,
			`tiers[2] "gold": min spend: not in the policy's currency`},
		{"negative min spend", req(Requirement{MinSpend: tierYuan("-1")}), nil, "min spend: negative"},
		{"negative min orders", req(Requirement{MinOrders: -1}), nil, "min orders: negative: -1"},
		// Windows.
		{"no window", func(p *TierPolicy) { p.Window = TierWindow{} }, nil, "window: kind: unknown WindowKind(0)"},
		{"rolling 0 days", func(p *TierPolicy) { p.Window.Days = 0 }, nil, "window: days: want 1 to 3660, got 0"},
		{"rolling 3661 days", func(p *TierPolicy) { p.Window.Days = 3661 }, nil, "window: days: want 1 to 3660"},
		{"rolling with a reset date", func(p *TierPolicy) { p.Window.ResetMonth = time.April }, nil, "a rolling window has no reset date"},
		{"fixed with days", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.Days = 30 }, nil, "a fixed period has months, not days"},
		{"fixed month 13", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.ResetMonth = 13 }, nil, "reset month: want 1 to 12, got 13"},
		{"fixed 30 February", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.ResetMonth, p.Window.ResetDay = 2, 30 }, nil, "reset day: February has no day 30"},
		{"fixed 31 April", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.ResetMonth, p.Window.ResetDay = 4, 31 }, nil, "April has no day 31"},
		{"fixed day 0", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.ResetDay = 0 }, nil, "January has no day 0"},
		{"monthly day 0", func(p *TierPolicy) { p.Window = TierWindow{Kind: FixedPeriod, ResetMonth: time.February, Months: 1} }, nil,
			"reset day: want 1 to 31, got 0"},
		{"quarterly day 32", func(p *TierPolicy) {
			p.Window = TierWindow{Kind: FixedPeriod, ResetMonth: time.February, ResetDay: 32, Months: 3}
		}, nil, "reset day: want 1 to 31, got 32"},
		{"fixed 5 months", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.Months = 5 }, nil, "months: want 1, 2, 3, 4, 6 or 12, got 5"},
		{"fixed 24 months", func(p *TierPolicy) { p.Window = tierYearly(); p.Window.Months = 24 }, nil, "got 24"},
		{"anniversary with months", func(p *TierPolicy) { p.Window = TierWindow{Kind: Anniversary, Months: 12} }, nil, "an anniversary window has no days"},
		// Downgrades.
		{"no mode", func(p *TierPolicy) { p.Downgrade.Mode = 0 }, nil, "downgrade: mode: unknown DowngradeMode(0)"},
		{"no timing", func(p *TierPolicy) { p.Downgrade.Timing = 9 }, nil, "downgrade: timing: unknown DowngradeTiming(9)"},
		{"period end on a rolling window", func(p *TierPolicy) { p.Downgrade.Timing = AtPeriodEnd }, nil,
			"at period end needs a fixed-period or anniversary window, not rolling"},
		{"negative grace", func(p *TierPolicy) { p.Downgrade.Grace = -time.Hour }, nil, "grace: negative: -1h0m0s"},
		{"one step at once without grace", func(p *TierPolicy) { p.Downgrade.Mode = OneStep }, nil,
			"one-step downgrades taken immediately need a grace"},
		{"negative paid grace", func(p *TierPolicy) { p.PaidGrace = -1 }, nil, "paid grace: negative"},
		// Benefits.
		{"negative discount", func(p *TierPolicy) { p.Tiers[1].Benefits.Discount = commerce.Percent(-5) }, nil, "benefits: discount: want above 0% and at most 100%"},
		{"discount over 100%", func(p *TierPolicy) { p.Tiers[1].Benefits.Discount = commerce.Percent(101) }, nil, "got 101%"},
		{"discount and prices", func(p *TierPolicy) {
			p.Tiers[1].Benefits.Prices = []pricing.SKUPrice{{SKU: "cup", Price: tierYuan("39")}}
		}, nil, `tiers[1] "silver": benefits: a discount and a price list at once`},
		{"price list repeats a SKU", func(p *TierPolicy) {
			p.Tiers[0].Benefits.Prices = []pricing.SKUPrice{{SKU: "cup", Price: tierYuan("39")}, {SKU: "cup", Price: tierYuan("38")}}
		}, nil, `prices[1]: sku: "cup" is also prices[0]`},
		{"price list bad SKU", func(p *TierPolicy) { p.Tiers[0].Benefits.Prices = []pricing.SKUPrice{{Price: tierYuan("39")}} }, nil, "prices[0]: sku: empty"},
		{"price in dollars", func(p *TierPolicy) {
			p.Tiers[0].Benefits.Prices = []pricing.SKUPrice{{SKU: "cup", Price: commerce.MustParseMoney("USD 5")}}
		}, commerce.ErrCurrencyMismatch, "prices[0]: price"},
		{"negative price", func(p *TierPolicy) {
			p.Tiers[0].Benefits.Prices = []pricing.SKUPrice{{SKU: "cup", Price: tierYuan("-1")}}
		}, nil, "price: negative"},
		{"negative early access", func(p *TierPolicy) { p.Tiers[2].Benefits.EarlyAccess = -time.Minute }, nil, "early access: negative"},
		{"repeated coupon", func(p *TierPolicy) { p.Tiers[2].Benefits.Coupons = []string{"a", "a"} }, nil, `coupons[1]: "a" is also coupons[0]`},
		{"bad segment", func(p *TierPolicy) { p.Tiers[2].Benefits.Segments = []string{"\t"} }, nil, "segments[0]"},
		{"bad group", func(p *TierPolicy) { p.Tiers[2].Benefits.Groups = []string{""} }, nil, "groups[0]: empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(&p)
			ts, err := NewTiers(p)
			require.Error(t, err)
			assert.Nil(t, ts)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, err, p.Validate())
		})
	}
}

// TestNewTiersStableCodes checks that the gap and overlap codes come with
// the field at fault, for callers that read it.
func TestNewTiersStableCodes(t *testing.T) {
	p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
	p.Tiers[2].Requirement.MinSpend = tierYuan("400")
	_, err := NewTiers(p)
	var fe *commerce.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, `tier policy: tiers[2] "gold"`, fe.Field)
	assert.Equal(t, ErrTierOverlap, fe.Err)
	assert.False(t, errors.Is(err, ErrTierGap))
}

func TestNewTiersAccepts(t *testing.T) {
	tests := []struct {
		name  string
		tiers []Tier
	}{
		{"one free tier", []Tier{{ID: "member"}}},
		{"spend ladder", []Tier{{ID: "v0"}, {ID: "v1", Requirement: Requirement{MinSpend: tierYuan("1")}},
			{ID: "v2", Requirement: Requirement{MinSpend: tierYuan("1000")}}}},
		{"all-of adds a condition", []Tier{{ID: "v0"}, {ID: "v1", Requirement: Requirement{MinSpend: tierYuan("500")}},
			{ID: "v2", Requirement: Requirement{MinSpend: tierYuan("500"), MinOrders: 3}}}},
		{"any-of under all-of", []Tier{{ID: "v0"}, {ID: "v1", Requirement: Requirement{MinSpend: tierYuan("500"), MinOrders: 5, Any: true}},
			{ID: "v2", Requirement: Requirement{MinSpend: tierYuan("2000"), MinOrders: 10}}}},
		{"paid tier on top", []Tier{{ID: "v0"}, {ID: "v1", Requirement: Requirement{MinSpend: tierYuan("500")}},
			{ID: "plus", Requirement: Requirement{MinSpend: tierYuan("500"), Paid: true}}}},
		{"paid membership alone", []Tier{{ID: "free"}, {ID: "plus", Requirement: Requirement{Paid: true}}}},
		{"paid rungs differ by rank alone", []Tier{{ID: "free"}, {ID: "plus", Requirement: Requirement{Paid: true}},
			{ID: "premium", Requirement: Requirement{Paid: true}}}},
		{"the tests' ladder", tierLadder()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
			p.Tiers = tt.tiers
			ts, err := NewTiers(p)
			require.NoError(t, err)
			require.NoError(t, p.Validate())
			assert.Equal(t, len(tt.tiers), ts.Len())
			for i, tier := range tt.tiers {
				r, ok := ts.Rank(tier.ID)
				assert.True(t, ok)
				assert.Equal(t, i, r)
				got, ok := ts.Lookup(tier.ID)
				assert.True(t, ok)
				assert.Equal(t, tier, got)
			}
		})
	}
}

// TestTiersCopiesPolicy checks that a compiled policy shares nothing with
// its input or with what it hands out.
func TestTiersCopiesPolicy(t *testing.T) {
	p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
	ts := tierCompile(t, p)
	p.Tiers[2].ID = "platinum"
	p.Tiers[2].Benefits.Groups[0] = "changed"
	ids := ts.IDs()
	ids[0] = "changed"
	got, _ := ts.Lookup("gold")
	got.Benefits.Groups[0] = "changed"
	pol := ts.Policy()
	pol.Tiers[2].Benefits.Coupons[0] = "changed"

	assert.Equal(t, []string{"free", "silver", "gold"}, ts.IDs())
	again, ok := ts.Lookup("gold")
	require.True(t, ok)
	assert.Equal(t, tierLadder()[2], again)
	assert.Equal(t, tierLadder(), ts.Policy().Tiers)
	_, ok = ts.Lookup("platinum")
	assert.False(t, ok)
	_, ok = ts.Rank("platinum")
	assert.False(t, ok)
}

// TestTierWindowResetDays: a period shorter than a year resets on any day
// up to the 31st, clamped to each month's last day, whatever its reset
// month; a yearly reset day must exist in a leap year.
func TestTierWindowResetDays(t *testing.T) {
	fixed := func(m time.Month, d, months int) TierWindow {
		return TierWindow{Kind: FixedPeriod, ResetMonth: m, ResetDay: d, Months: months}
	}
	tests := []struct {
		window     TierWindow
		at         time.Time
		start, end time.Time
	}{
		{fixed(time.February, 30, 1), tierDay(2026, 2, 15), tierMidnight(2026, 1, 30), tierMidnight(2026, 2, 28)},
		{fixed(time.February, 30, 1), tierDay(2026, 3, 1), tierMidnight(2026, 2, 28), tierMidnight(2026, 3, 30)},
		{fixed(time.February, 31, 1), tierDay(2026, 4, 30), tierMidnight(2026, 4, 30), tierMidnight(2026, 5, 31)},
		{fixed(time.April, 31, 3), tierDay(2026, 5, 1), tierMidnight(2026, 4, 30), tierMidnight(2026, 7, 31)},
		{fixed(time.February, 31, 6), tierDay(2026, 6, 1), tierMidnight(2026, 2, 28), tierMidnight(2026, 8, 31)},
		{fixed(time.February, 29, 12), tierDay(2026, 6, 1), tierMidnight(2026, 2, 28), tierMidnight(2027, 2, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.window.String(), func(t *testing.T) {
			p := tierPolicy(tt.window, Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd})
			require.NoError(t, p.Validate())
			cur, _, ok := tierCompile(t, p).Cycles(tt.at, time.Time{})
			require.True(t, ok)
			assert.True(t, cur.Start.Equal(tt.start), "start %v", cur.Start)
			assert.True(t, cur.End.Equal(tt.end), "end %v", cur.End)
		})
	}
	for _, w := range []TierWindow{fixed(time.February, 30, 12), fixed(time.April, 31, 12), fixed(time.June, 31, 12), fixed(time.January, 32, 12)} {
		err := tierPolicy(w, Downgrade{Mode: ToQualifying, Timing: AtPeriodEnd}).Validate()
		assert.ErrorIs(t, err, commerce.ErrInvalid, "%v", w)
		assert.ErrorContains(t, err, fmt.Sprintf("tier policy: window: reset day: %v has no day %d", w.ResetMonth, w.ResetDay))
	}
}

func TestTiersDefaultLocation(t *testing.T) {
	p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
	p.Location = nil
	ts := tierCompile(t, p)
	assert.Equal(t, time.UTC, ts.Location())
	assert.Equal(t, time.UTC, ts.Policy().Location)
}

func TestTierEnumStrings(t *testing.T) {
	assert.Equal(t, "rolling", Rolling.String())
	assert.Equal(t, "fixed period", FixedPeriod.String())
	assert.Equal(t, "anniversary", Anniversary.String())
	assert.Equal(t, "WindowKind(7)", WindowKind(7).String())
	assert.Equal(t, "one step", OneStep.String())
	assert.Equal(t, "to qualifying", ToQualifying.String())
	assert.Equal(t, "DowngradeMode(0)", DowngradeMode(0).String())
	assert.Equal(t, "immediately", Immediately.String())
	assert.Equal(t, "at period end", AtPeriodEnd.String())
	assert.Equal(t, "at tier anniversary", AtTierAnniversary.String())
	assert.Equal(t, "DowngradeTiming(4)", DowngradeTiming(4).String())
	for b, want := range map[Basis]string{Qualifies: "qualifies", EarnedLastPeriod: "earned last period",
		PaidAccess: "paid access", OnHold: "on hold", InGrace: "in grace", 0: "Basis(0)"} {
		assert.Equal(t, want, b.String())
	}
	for m, want := range map[Metric]string{Spend: "spend", OrderCount: "orders", PaidMembership: "paid membership", 9: "Metric(9)"} {
		assert.Equal(t, want, m.String())
	}
	assert.Equal(t, "rolling 365 days", tierRolling().String())
	assert.Equal(t, "fixed 12-month periods from 1 January", tierYearly().String())
	assert.Equal(t, "membership years from the join date", TierWindow{Kind: Anniversary}.String())
	assert.Equal(t, "WindowKind(0)", TierWindow{}.String())
}
