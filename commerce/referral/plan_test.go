package referral

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewProgramRejects(t *testing.T) {
	pct := func(p int64) Reward { return Reward{Rate: commerce.Percent(p)} }
	for _, tt := range []struct {
		name   string
		edit   func(p *Plan)
		target error
		msg    string
	}{
		{"no id", func(p *Plan) { p.ID = "" }, commerce.ErrInvalid, "plan: id"},
		{"no currency", func(p *Plan) { p.Currency = 0 }, commerce.ErrInvalid, "currency"},
		{"no rounding", func(p *Plan) { p.Rounding = 0 }, commerce.ErrInvalid, "rounding"},
		{"bad basis", func(p *Plan) { p.Basis = 9 }, commerce.ErrInvalid, "basis"},
		{"shipping on list", func(p *Plan) { p.Basis, p.Shipping = ListBasis, true }, commerce.ErrInvalid, "shipping"},
		{"bad hold credit", func(p *Plan) { p.Hold.Credit = AtWindowClose }, commerce.ErrInvalid, "hold: credit"},
		{"bad hold release", func(p *Plan) { p.Hold.Release = AtPayment }, commerce.ErrInvalid, "hold: release"},
		{"hold too long", func(p *Plan) { p.Hold.Days = 400 }, commerce.ErrInvalid, "hold: days"},
		{"rate over 100%", func(p *Plan) { p.Levels[0] = pct(101) }, ErrRateOutOfRange, "levels[0]: rate 101%"},
		{"negative rate", func(p *Plan) { p.Levels[0] = pct(-1) }, commerce.ErrInvalid, "outside"},
		{"rate and amount", func(p *Plan) { p.Levels[0] = Reward{Rate: commerce.Percent(1), PerUnit: yuan("1.00")} }, commerce.ErrInvalid, "both"},
		{"amount in USD", func(p *Plan) { p.Levels[0] = Reward{PerUnit: commerce.MustParseMoney("USD 1.00")} }, commerce.ErrCurrencyMismatch, "levels[0]"},
		{"negative amount", func(p *Plan) { p.Levels[0] = Reward{PerUnit: yuan("-1.00")} }, commerce.ErrInvalid, "negative"},
		{"third level", func(p *Plan) { p.Levels = append(p.Levels, pct(1)) }, ErrTooDeep, "3 levels, at most 2"},
		{"fourth level", func(p *Plan) { p.AllowThirdLevel = true; p.Levels = append(p.Levels, pct(1), pct(1)) }, ErrTooDeep, "at most 3"},
		{"third level in a tier", func(p *Plan) { p.Tiers = []TierRewards{{1, []Reward{pct(1), pct(1), pct(1)}}} }, ErrTooDeep, "tiers[0]"},
		{"tier twice", func(p *Plan) { p.Tiers = []TierRewards{{1, nil}, {1, nil}} }, commerce.ErrInvalid, "twice"},
		{"sku twice", func(p *Plan) { p.SKUs = []ItemRewards{{ID: "a"}, {ID: "a"}} }, commerce.ErrInvalid, "twice"},
		{"sku without id", func(p *Plan) { p.SKUs = []ItemRewards{{}} }, commerce.ErrInvalid, "skus[0]: id"},
		{"min price in USD", func(p *Plan) { p.SKUs = []ItemRewards{{ID: "a", MinUnitPaid: commerce.MustParseMoney("USD 1.00")}} }, commerce.ErrCurrencyMismatch, "min unit paid"},
		{"negative min price", func(p *Plan) { p.Products = []ItemRewards{{ID: "a", MinUnitPaid: yuan("-1.00")}} }, commerce.ErrInvalid, "min unit paid"},
		{"levels over the ceiling", func(p *Plan) { p.Levels = []Reward{pct(20), pct(11)} }, ErrCeiling, "31% of a line, over the 30% ceiling"},
		{"a tier over the ceiling", func(p *Plan) { p.Tiers = []TierRewards{{2, []Reward{pct(26)}}} }, ErrCeiling, "over the 30%"},
		{"a product over the ceiling", func(p *Plan) { p.Products = []ItemRewards{{ID: "cup", Levels: []Reward{pct(5), pct(26)}}} }, ErrCeiling, "products[0]"},
		{"differential over the ceiling", func(p *Plan) { p.Differential = []TierRate{{1, commerce.Percent(16)}} }, ErrCeiling, "differential"},
		{"fixed without a floor", func(p *Plan) { p.SKUs = []ItemRewards{{ID: "cup", Levels: []Reward{{PerUnit: yuan("1.00")}}}} }, commerce.ErrInvalid, "min unit paid: required"},
		{"fixed over the ceiling", func(p *Plan) {
			p.SKUs = []ItemRewards{{ID: "cup", Levels: []Reward{{PerUnit: yuan("3.00")}}, MinUnitPaid: yuan("10.00")}}
		}, ErrCeiling, "skus[0]"},
		{"fixed level under a ceiling", func(p *Plan) { p.Levels[1] = Reward{PerUnit: yuan("1.00")} }, commerce.ErrInvalid, "belongs on a product or SKU"},
		{"fixed tier level under a ceiling", func(p *Plan) { p.Tiers = []TierRewards{{1, []Reward{{PerUnit: yuan("1.00")}}}} }, commerce.ErrInvalid, "tiers[0]: levels[0]"},
		{"list basis over the ceiling", func(p *Plan) { p.Basis = ListBasis; p.Levels = []Reward{pct(20), pct(11)} }, ErrCeiling, "31%"},
		{"ceiling over 100%", func(p *Plan) { p.Ceiling = commerce.Percent(101) }, commerce.ErrInvalid, "ceiling"},
		{"differential falls", func(p *Plan) {
			p.Differential = []TierRate{{1, commerce.Percent(5)}, {2, commerce.Percent(4)}}
		}, commerce.ErrInvalid, "not above"},
		{"differential tier twice", func(p *Plan) { p.Differential = []TierRate{{1, commerce.Percent(5)}, {1, commerce.Percent(6)}} }, commerce.ErrInvalid, "twice"},
		{"differential zero", func(p *Plan) { p.Differential = []TierRate{{1, commerce.Percent(0)}} }, commerce.ErrInvalid, "outside"},
		{"hops", func(p *Plan) { p.Differential = []TierRate{{1, commerce.Percent(1)}}; p.DifferentialHops = 65 }, commerce.ErrInvalid, "hops"},
		{"cap without location", func(p *Plan) { p.Caps.Day = yuan("100.00") }, commerce.ErrInvalid, "location"},
		{"cap in USD", func(p *Plan) { p.Caps.Lifetime = commerce.MustParseMoney("USD 1.00") }, commerce.ErrCurrencyMismatch, "caps: lifetime"},
		{"negative cap", func(p *Plan) { p.Caps.Month = yuan("-1.00"); p.Location = time.UTC }, commerce.ErrInvalid, "negative cap"},
		{"negative per head", func(p *Plan) { p.PerHead = yuan("-1.00") }, commerce.ErrInvalid, "per head"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			p.Levels = []Reward{pct(10), pct(5)}
			tt.edit(&p)
			_, err := NewProgram(p)
			require.ErrorIs(t, err, tt.target)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestNewProgramAccepts(t *testing.T) {
	p := basePlan()
	p.AllowThirdLevel = true
	p.Levels = append(p.Levels, Reward{Rate: commerce.Percent(2)})
	p.PerHead = yuan("5.00")
	// A fixed reward that fits in the ceiling at the floor price, and a
	// product whose rewards leave room: 3 + 5 + 2 = 10% plus ¥2.00 on ¥10.00.
	p.SKUs = []ItemRewards{{ID: "cup", Levels: []Reward{{PerUnit: yuan("2.00")}}, MinUnitPaid: yuan("10.00")}}
	p.Products = []ItemRewards{{ID: "bottle", Levels: []Reward{{Rate: commerce.Percent(3)}}}}
	pr, err := NewProgram(p)
	require.NoError(t, err)
	assert.Equal(t, 3, pr.Depth())
	codes := []WarningCode{}
	for _, w := range pr.Warnings() {
		codes = append(codes, w.Code)
		assert.NotEmpty(t, w.Message)
	}
	assert.Equal(t, []WarningCode{ThirdLevel, HeadcountReward}, codes)
	assert.Equal(t, "third-level", ThirdLevel.String())

	// The program keeps its own copy of the plan.
	p.Levels[0] = Reward{Rate: commerce.Percent(99)}
	assert.Equal(t, commerce.Percent(10), pr.Plan().Levels[0].Rate)
	back := pr.Plan()
	back.SKUs[0].Levels[0] = Reward{}
	assert.Equal(t, yuan("2.00"), pr.Plan().SKUs[0].Levels[0].PerUnit)

	two := mustProgram(t, basePlan())
	assert.Empty(t, two.Warnings())
}

func TestRewardSelection(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}, {"amy", "bo"}}, map[string]Tier{"amy": 2, "buyer": 1})
	p := basePlan()
	p.Tiers = []TierRewards{{2, []Reward{{Rate: commerce.Percent(12)}}}}
	p.Products = []ItemRewards{{ID: "cups", Levels: []Reward{{Rate: commerce.Percent(8)}, {Rate: commerce.Percent(4)}}}}
	p.SKUs = []ItemRewards{{ID: "cup-red", Levels: []Reward{{PerUnit: yuan("3.00")}}, MinUnitPaid: yuan("20.00")}}
	pr := mustProgram(t, p)
	o := Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "a", SKU: "mug", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")},
		{ID: "b", SKU: "cup-blue", Product: "cups", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")},
		{ID: "c", SKU: "cup-red", Product: "cups", Quantity: 2, UnitList: yuan("50.00"), Paid: yuan("90.00")},
	}}
	a, err := pr.Accrue(g, o, nil)
	require.NoError(t, err)
	type row struct {
		line, ben string
		src       Source
		amount    string
	}
	var got []row
	for _, s := range a.Shares {
		got = append(got, row{a.Lines[s.Line].ID, s.Beneficiary, s.Source, s.Amount.String()})
	}
	assert.Equal(t, []row{
		{"a", "amy", FromTier, "CNY 12.00"}, {"a", "bo", FromPlan, "CNY 5.00"},
		{"b", "amy", FromProduct, "CNY 8.00"}, {"b", "bo", FromProduct, "CNY 4.00"},
		{"c", "amy", FromSKU, "CNY 6.00"}, {"c", "bo", FromProduct, "CNY 3.60"},
	}, got)

	// Self-purchase: the buyer earns level 1, amy level 2, bo nothing.
	p.SelfPurchase = true
	p.Tiers, p.Products, p.SKUs = nil, nil, nil
	a, err = mustProgram(t, p).Accrue(g, o, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"buyer": "CNY 29.00", "amy": "CNY 14.50"}, sumByBeneficiary(a))

	// MinTier skips members below it without compressing the chain.
	p.SelfPurchase, p.MinTier = false, 2
	a, err = mustProgram(t, p).Accrue(g, o, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"amy": "CNY 29.00"}, sumByBeneficiary(a))

	// List basis: 10% of ¥100 list on line c, not of ¥90 paid.
	p.MinTier, p.Basis = 0, ListBasis
	a, err = mustProgram(t, p).Accrue(g, o, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"amy": "CNY 30.00", "bo": "CNY 15.00"}, sumByBeneficiary(a))
}

func sumByBeneficiary(a Accrual) map[string]string {
	sums := map[string]commerce.Money{}
	for _, s := range a.Shares {
		v, ok := sums[s.Beneficiary]
		if !ok {
			v = commerce.Zero(a.Currency)
		}
		sums[s.Beneficiary], _ = v.Add(s.Amount)
	}
	out := map[string]string{}
	for k, v := range sums {
		out[k] = v.String()
	}
	return out
}

// Regressions found by the long property run: a fixed reward on a line
// paid nothing earns nothing (no base), and the accrual says the same when
// it is validated again; two shares of one beneficiary on one line share
// the cap room.
func TestAccrueRegressions(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}, {"amy", "bo"}}, map[string]Tier{"amy": 1})
	p := basePlan()
	p.SKUs = []ItemRewards{{ID: "gift", Levels: []Reward{{PerUnit: yuan("1.00")}}, MinUnitPaid: yuan("10.00")}}
	a, err := mustProgram(t, p).Accrue(g, Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "a", SKU: "gift", Quantity: 2, UnitList: yuan("10.00"), Paid: yuan("0.00")}}}, nil)
	require.NoError(t, err)
	require.NoError(t, a.Validate())
	for _, s := range a.Shares {
		assert.True(t, s.Amount.IsZero())
	}
	assert.False(t, a.Lines[0].Cut)

	p = basePlan()
	p.Differential = []TierRate{{1, commerce.Percent(5)}}
	p.Caps = Caps{Day: yuan("12.00")}
	p.Location = time.UTC
	pr := mustProgram(t, p)
	tr := pr.Tracker()
	a, err = pr.Accrue(g, Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, tr)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"amy": "CNY 12.00", "bo": "CNY 5.00"}, sumByBeneficiary(a), "amy's 10% and 5% share a ¥12.00 day cap")
	require.NoError(t, a.Validate())
	require.NoError(t, tr.Record(a))
	a, err = pr.Accrue(g, Order{ID: "o2", Buyer: "buyer", At: t0.Add(time.Hour), Lines: []Line{
		{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, tr)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"amy": "CNY 0.00", "bo": "CNY 5.00"}, sumByBeneficiary(a), "the day's room is spent")
	assert.Equal(t, DayCap, a.Shares[0].Cap)
	a, err = pr.Accrue(g, Order{ID: "o3", Buyer: "buyer", At: t0.Add(24 * time.Hour), Lines: []Line{
		{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, tr)
	require.NoError(t, err)
	assert.Equal(t, "CNY 12.00", sumByBeneficiary(a)["amy"], "a new day")
	_, err = pr.Accrue(g, Order{ID: "o4", Buyer: "buyer", At: t0, Lines: []Line{
		{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("100.00"), Paid: yuan("100.00")}}}, nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid, "a capped plan needs usage")
}

func TestAccrueRejects(t *testing.T) {
	g := testGraph(t, [][2]string{{"buyer", "amy"}}, nil)
	pr := mustProgram(t, basePlan())
	line := Line{ID: "a", SKU: "cup", Quantity: 1, UnitList: yuan("10.00"), Paid: yuan("10.00")}
	for _, tt := range []struct {
		name   string
		edit   func(o *Order)
		target error
	}{
		{"no id", func(o *Order) { o.ID = "" }, commerce.ErrInvalid},
		{"no buyer", func(o *Order) { o.Buyer = "" }, commerce.ErrInvalid},
		{"unknown buyer", func(o *Order) { o.Buyer = "zed" }, ErrUnknownMember},
		{"no time", func(o *Order) { o.At = time.Time{} }, commerce.ErrInvalid},
		{"no lines", func(o *Order) { o.Lines = nil }, commerce.ErrInvalid},
		{"line without id", func(o *Order) { o.Lines[0].ID = "" }, commerce.ErrInvalid},
		{"line twice", func(o *Order) { o.Lines = append(o.Lines, line) }, commerce.ErrInvalid},
		{"no sku", func(o *Order) { o.Lines[0].SKU = "" }, commerce.ErrInvalid},
		{"no units", func(o *Order) { o.Lines[0].Quantity = 0 }, commerce.ErrInvalid},
		{"paid in USD", func(o *Order) { o.Lines[0].Paid = commerce.MustParseMoney("USD 1.00") }, commerce.ErrCurrencyMismatch},
		{"negative list", func(o *Order) { o.Lines[0].UnitList = yuan("-1.00") }, commerce.ErrInvalid},
		{"negative shipping", func(o *Order) { o.Shipping = yuan("-1.00") }, commerce.ErrInvalid},
		{"list overflows", func(o *Order) {
			o.Lines[0].UnitList = commerce.MustNewMoney(1<<62, commerce.CNY)
			o.Lines[0].Quantity = 4
		}, commerce.ErrOverflow},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{line}}
			tt.edit(&o)
			_, err := pr.Accrue(g, o, nil)
			require.ErrorIs(t, err, tt.target)
		})
	}
	_, err := pr.Accrue(nil, Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{line}}, nil)
	assert.ErrorIs(t, err, ErrUnknownMember)

	// Validate catches an accrual altered after it was made.
	a, err := pr.Accrue(g, Order{ID: "o", Buyer: "buyer", At: t0, Lines: []Line{line}}, nil)
	require.NoError(t, err)
	require.NoError(t, a.Validate())
	for _, tt := range []struct {
		name string
		edit func(a *Accrual)
	}{
		{"amount", func(a *Accrual) { a.Shares[0].Amount = yuan("1.01") }},
		{"reward", func(a *Accrual) { a.Shares[0].Reward = Reward{Rate: commerce.Percent(20)} }},
		{"base", func(a *Accrual) { a.Lines[0].Base = yuan("9.00") }},
		{"cut", func(a *Accrual) { a.Lines[0].Cut = true }},
		{"room without cap", func(a *Accrual) { a.Shares[0].Room = yuan("1.00") }},
		{"line index", func(a *Accrual) { a.Shares[0].Line = 3 }},
		{"level", func(a *Accrual) { a.Shares[0].Level = 4 }},
		{"source", func(a *Accrual) { a.Shares[0].Source = 0 }},
		{"ceiling", func(a *Accrual) { a.Ceiling = commerce.Rate{} }},
		{"rounding", func(a *Accrual) { a.Rounding = 0 }},
		{"hold", func(a *Accrual) { a.Hold = Hold{} }},
		{"no lines", func(a *Accrual) { a.Lines = nil }},
		{"shipping not last", func(a *Accrual) {
			a.Lines = append([]AccruedLine{{Shipping: true, Quantity: 1, Paid: yuan("1.00"), List: yuan("1.00"), Base: yuan("1.00")}}, a.Lines...)
		}},
		{"beneficiary", func(a *Accrual) { a.Shares[0].Beneficiary = " amy" }},
		{"currency", func(a *Accrual) { a.Currency = commerce.USD }},
	} {
		t.Run("validate "+tt.name, func(t *testing.T) {
			b := a
			b.Lines = append([]AccruedLine(nil), a.Lines...)
			b.Shares = append([]Share(nil), a.Shares...)
			tt.edit(&b)
			require.ErrorIs(t, b.Validate(), commerce.ErrInvalid)
			_, err := Ledger{}.Apply(b)
			require.Error(t, err)
		})
	}
}
