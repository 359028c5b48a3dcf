package incentive_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// updateFees rewrites the fee golden files: incentive/feeplans/*.json and
// incentive/testdata/fee/*.json.
var updateFees = flag.Bool("update-fees", false, "rewrite the fee golden files (feeplans/*.json, testdata/fee/*)")

// golden compares got with the file at path, or writes it with
// -update-fees.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateFees {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./incentive -run Fee -update-fees` to create it")
	assert.Equal(t, string(want), string(got), "%s changed; if intended, run `go test ./incentive -run Fee -update-fees`", path)
}

func TestFeePlanValidation(t *testing.T) {
	usd := commerce.MustNewMoney(100, commerce.USD)
	tests := []struct {
		name string
		edit func(*incentive.FeePlan)
		code incentive.Code
		path string
	}{
		{"no id", func(p *incentive.FeePlan) { p.ID = "" }, incentive.CodeMissing, "id"},
		{"id with spaces", func(p *incentive.FeePlan) { p.ID = " x" }, incentive.CodeMalformed, "id"},
		{"no version", func(p *incentive.FeePlan) { p.Version = "" }, incentive.CodeMissing, "version"},
		{"no source", func(p *incentive.FeePlan) { p.Source = " " }, incentive.CodeMissing, "source"},
		{"effective not fixed", func(p *incentive.FeePlan) {
			p.Effective = incentive.FeeWindow{Kind: incentive.DaysFromOpening, Days: 3}
		}, incentive.CodeBadWindow, "effective"},
		{"effective empty", func(p *incentive.FeePlan) { p.Effective.To = p.Effective.From }, incentive.CodeBadWindow, "effective"},
		{"effective without start", func(p *incentive.FeePlan) { p.Effective.From = time.Time{} }, incentive.CodeMissing, "effective.from"},
		{"effective with days", func(p *incentive.FeePlan) { p.Effective.Days = 1 }, incentive.CodeMalformed, "effective.days"},
		{"no location", func(p *incentive.FeePlan) { p.Location = nil }, incentive.CodeMissing, "location"},
		{"no currency", func(p *incentive.FeePlan) { p.Currency = 0 }, incentive.CodeMissing, "currency"},
		{"no base", func(p *incentive.FeePlan) { p.Base = 0 }, incentive.CodeMissing, "base"},
		{"bad base", func(p *incentive.FeePlan) { p.Base = 9 }, incentive.CodeMalformed, "base"},
		{"no rounding", func(p *incentive.FeePlan) { p.Rounding = 0 }, incentive.CodeMissing, "rounding"},
		{"bad rounding", func(p *incentive.FeePlan) { p.Rounding = 99 }, incentive.CodeMalformed, "rounding"},
		{"rate over 100%", func(p *incentive.FeePlan) { p.Table.Categories[1].Rate = commerce.MustParseRate("100.01%") }, incentive.CodeRateOver100, "table.categories[1].rate"},
		{"negative rate", func(p *incentive.FeePlan) { p.Table.Categories[0].Rate = commerce.Percent(-1) }, incentive.CodeRateOver100, "table.categories[0].rate"},
		{"category twice", func(p *incentive.FeePlan) { p.Table.Categories[4].Category = "beauty" }, incentive.CodeTierOverlap, "table.categories[4]"},
		{"category without id", func(p *incentive.FeePlan) { p.Table.Categories[2].Category = "" }, incentive.CodeMissing, "table.categories[2].category"},
		{"empty table", func(p *incentive.FeePlan) { p.Table.Categories = nil }, incentive.CodeTierGap, "table"},
		{"default without has-default", func(p *incentive.FeePlan) { p.Table.Default = commerce.Percent(3) }, incentive.CodeMalformed, "table.default"},
		{"default over 100%", func(p *incentive.FeePlan) { p.Table.HasDefault, p.Table.Default = true, commerce.Percent(101) }, incentive.CodeRateOver100, "table.default"},
		{"too many allowances", func(p *incentive.FeePlan) {
			for i := range 4 {
				a := p.Allowances[0]
				a.ID += string(rune('a' + i))
				p.Allowances = append(p.Allowances, a)
			}
		}, incentive.CodeMalformed, "allowances"},
		{"allowance twice", func(p *incentive.FeePlan) { p.Allowances = append(p.Allowances, p.Allowances[0]) }, incentive.CodeDuplicate, "allowances[1].id"},
		{"allowance without id", func(p *incentive.FeePlan) { p.Allowances[0].ID = "" }, incentive.CodeMissing, "allowances[0].id"},
		{"allowance rate over 100%", func(p *incentive.FeePlan) { p.Allowances[0].Rate = commerce.Percent(120) }, incentive.CodeRateOver100, "allowances[0].rate"},
		{"cap without period", func(p *incentive.FeePlan) { p.Allowances[0].Window = incentive.FeeWindow{} }, incentive.CodeCapWithoutPeriod, "allowances[0].window"},
		{"cap without scope", func(p *incentive.FeePlan) { p.Allowances[0].Scope = 0 }, incentive.CodeMissing, "allowances[0].scope"},
		{"bad scope", func(p *incentive.FeePlan) { p.Allowances[0].Scope = 7 }, incentive.CodeMalformed, "allowances[0].scope"},
		{"cap in dollars", func(p *incentive.FeePlan) { p.Allowances[0].Cap = usd }, incentive.CodeCurrency, "allowances[0].cap"},
		{"zero cap", func(p *incentive.FeePlan) { p.Allowances[0].Cap = yuan("0.00") }, incentive.CodeMalformed, "allowances[0].cap"},
		{"window without kind", func(p *incentive.FeePlan) { p.Allowances[0].Window.Kind = 0 }, incentive.CodeMalformed, "allowances[0].window.kind"},
		{"unknown window kind", func(p *incentive.FeePlan) { p.Allowances[0].Window.Kind = 9 }, incentive.CodeMalformed, "allowances[0].window.kind"},
		{"natural days with dates", func(p *incentive.FeePlan) { p.Allowances[0].Window.Kind = incentive.DaysFromOpening }, incentive.CodeMalformed, "allowances[0].window.from"},
		{"zero natural days", func(p *incentive.FeePlan) {
			p.Allowances[0].Window = incentive.FeeWindow{Kind: incentive.DaysFromFirstSale}
		}, incentive.CodeBadWindow, "allowances[0].window.days"},
		{"too many natural days", func(p *incentive.FeePlan) {
			p.Allowances[0].Window = incentive.FeeWindow{Kind: incentive.DaysFromFirstSale, Days: 3661}
		}, incentive.CodeBadWindow, "allowances[0].window.days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := incentive.XiaohongshuCommissionFree()
			tt.edit(&p)
			c, err := incentive.CompileFeePlan(p)
			require.Error(t, err)
			assert.Nil(t, c)
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
			assert.Equal(t, tt.code, pe.Code, "%v", err)
			assert.Equal(t, tt.path, pe.Path, "%v", err)
			assert.Equal(t, p.ID, pe.Programme)
		})
	}
}

func TestFeePlanValidVariants(t *testing.T) {
	p := incentive.XiaohongshuCommissionFree()
	p.Allowances[0].Cap = commerce.Money{} // uncapped: no period needed
	p.Allowances[0].Window = incentive.FeeWindow{}
	p.Allowances[0].Scope = 0
	c := mustCompile(t, p)
	q, err := c.Quote(xhsOrder("o", "2000000.00"), incentive.CapUse{})
	require.NoError(t, err)
	assert.Equal(t, "CNY 12000.00", q.Fee().String())
	// Plan returns copies.
	got := c.Plan()
	got.Allowances[0].ID = "changed"
	assert.Equal(t, "first-1m", c.Plan().Allowances[0].ID)
}

func TestFeeBuiltinsCompile(t *testing.T) {
	for _, p := range []incentive.FeePlan{incentive.XiaohongshuCommissionFree(), incentive.WeChatStoreFees(),
		incentive.WeChatChannels618(at(2025, 5, 20, 0, 0, 0, 0), at(2025, 6, 21, 0, 0, 0, 0))} {
		t.Run(p.ID, func(t *testing.T) {
			mustCompile(t, p)
			assert.NotEmpty(t, p.Source)
		})
	}
	_, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	require.NoError(t, err)
	assert.Equal(t, "internal-doc", incentive.WeChatChannels618(at(2025, 5, 20, 0, 0, 0, 0), time.Time{}).Version)
}

// TestFeePlansJSON: the built-ins and their JSON under feeplans/ agree:
// each file is the built-in's MarshalJSON, and parses back to a plan that
// marshals the same and quotes the same.
func TestFeePlansJSON(t *testing.T) {
	for _, p := range []incentive.FeePlan{incentive.XiaohongshuCommissionFree(), incentive.WeChatStoreFees()} {
		t.Run(p.ID, func(t *testing.T) {
			b, err := p.MarshalJSON()
			require.NoError(t, err)
			path := filepath.Join("feeplans", p.ID+".json")
			golden(t, path, feeFile(t, b))
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			back, err := incentive.ParseFeePlan(data)
			require.NoError(t, err)
			b2, err := back.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, string(b), string(b2))
			assert.True(t, back.Effective.From.Equal(p.Effective.From))
			assert.True(t, back.Allowances[0].Cap.Equal(p.Allowances[0].Cap))
			mustCompile(t, back)
			var viaJSON incentive.FeePlan
			require.NoError(t, viaJSON.UnmarshalJSON(data))
			assert.Equal(t, back.ID, viaJSON.ID)
		})
	}
	t.Run("rebate", func(t *testing.T) {
		p := incentive.WeChatStoreProviderRebate()
		b, err := p.MarshalJSON()
		require.NoError(t, err)
		path := filepath.Join("feeplans", p.ID+".json")
		golden(t, path, feeFile(t, b))
		back, err := incentive.ParseRebatePlan(b)
		require.NoError(t, err)
		b2, err := back.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, string(b), string(b2))
		var viaJSON incentive.RebatePlan
		require.NoError(t, viaJSON.UnmarshalJSON(b))
		assert.Equal(t, p.Threshold, viaJSON.Threshold)
		assert.Equal(t, p.Window, viaJSON.Window)
	})
}

// feeFile is the file form of a plan's JSON, as for programmes: indented
// by two spaces, with a final newline.
func feeFile(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, json.Indent(&out, b, "", "  "))
	out.WriteByte('\n')
	return out.Bytes()
}

func TestFeePlanJSONForms(t *testing.T) {
	// Instants are RFC 3339 in the plan's zone; zones are those Zone
	// compiles in, as for programmes; amounts carry their currency.
	p := incentive.WeChatChannels618(time.Date(2025, 5, 20, 20, 0, 0, 0, time.UTC), time.Time{})
	p.Source += " <&>"
	p.Allowances = []incentive.FeeAllowance{{ID: "a", Rate: commerce.Percent(0), Cap: yuan("5.00"), Scope: incentive.CapPerStore,
		Window: incentive.FeeWindow{Kind: incentive.DaysFromOpening, Days: 30}}}
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"effective":{"from":"2025-05-21T04:00:00+08:00"}`)
	assert.Contains(t, string(b), `"zone":"Asia/Shanghai"`)
	assert.Contains(t, string(b), `"cap":"CNY 5.00"`)
	assert.Contains(t, string(b), `<&>"`, "no HTML escapes")
	assert.Contains(t, string(b), `\"as low as 1%\" is encoded as a flat 1%`)
	back, err := incentive.ParseFeePlan(b)
	require.NoError(t, err)
	assert.True(t, back.Effective.From.Equal(p.Effective.From))
	_, off := back.Effective.From.Zone()
	assert.Equal(t, 8*3600, off)

	p.Location = time.UTC
	b, err = p.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"zone":"UTC"`)
	assert.Contains(t, string(b), `"from":"2025-05-20T20:00:00Z"`)

	// A zone whose name would read back at another offset is refused, and
	// so is one Zone does not compile in.
	for _, loc := range []*time.Location{time.FixedZone("Asia/Shanghai", 9*3600), time.FixedZone("UTC-05:30", -(5*3600 + 1800)),
		time.FixedZone("Mars/Olympus", 0), nil} {
		p.Location = loc
		_, err = p.MarshalJSON()
		assert.ErrorIs(t, err, commerce.ErrInvalid, "%v", loc)
	}

	x := incentive.XiaohongshuCommissionFree()
	x.Allowances[0].Cap = commerce.MustNewMoney(1, commerce.USD)
	_, err = x.MarshalJSON()
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)

	r := incentive.WeChatStoreProviderRebate()
	r.Location = nil
	_, err = r.MarshalJSON()
	assert.Error(t, err)
}

func TestParseFeePlanErrors(t *testing.T) {
	good, err := incentive.XiaohongshuCommissionFree().MarshalJSON()
	require.NoError(t, err)
	tests := []struct {
		name, json string
		code       incentive.Code
		path       string
	}{
		{"not json", `{`, incentive.CodeMalformed, ""},
		{"unknown field", `{"id":"x","colour":"red"}`, incentive.CodeMalformed, ""},
		{"wrong type", `{"id":3}`, incentive.CodeMalformed, "id"},
		{"trailing data", string(good) + `{}`, incentive.CodeMalformed, ""},
		{"no zone", `{"id":"x","version":"1"}`, incentive.CodeMissing, "zone"},
		{"zone not compiled in", `{"zone":"Europe/Paris"}`, incentive.CodeMalformed, "zone"},
		{"offset zone", `{"zone":"UTC+08:00"}`, incentive.CodeMalformed, "zone"},
		{"the old key", `{"location":"UTC"}`, incentive.CodeMalformed, ""},
		{"no currency", `{"zone":"UTC"}`, incentive.CodeMissing, "currency"},
		{"bad currency", `{"zone":"UTC","currency":"XYZ"}`, incentive.CodeMalformed, "currency"},
		{"kind in effective", `{"zone":"UTC","currency":"CNY","effective":{"kind":"fixed"}}`, incentive.CodeMalformed, ""},
		{"date, not instant", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01"}}`, incentive.CodeMalformed, "effective.from"},
		{"bad end", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z","to":"soon"}}`, incentive.CodeMalformed, "effective.to"},
		{"bad base", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"gmv"}`, incentive.CodeMalformed, "base"},
		{"no rounding", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid"}`, incentive.CodeMissing, "rounding"},
		{"bad rounding", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"Nearest"}`, incentive.CodeMalformed, "rounding"},
		{"bad rate", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"table":{"categories":[{"category":"a","rate":"five"}]}}`, incentive.CodeMalformed, "table.categories[0].rate"},
		{"no rate", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"table":{"categories":[{"category":"a"}]}}`, incentive.CodeMissing, "table.categories[0].rate"},
		{"bad default", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"table":{"default":"x"}}`, incentive.CodeMalformed, "table.default"},
		{"bad allowance rate", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"allowances":[{"id":"a","rate":"1%%"}]}`, incentive.CodeMalformed, "allowances[0].rate"},
		{"bad cap", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"allowances":[{"id":"a","rate":"1%","cap":"1.00"}]}`, incentive.CodeMalformed, "allowances[0].cap"},
		{"cap in another currency", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"allowances":[{"id":"a","rate":"1%","cap":"USD 1.00"}]}`, incentive.CodeCurrency, "allowances[0].cap"},
		{"bad allowance from", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"allowances":[{"id":"a","rate":"1%","window":{"kind":"fixed","from":"x"}}]}`, incentive.CodeMalformed, "allowances[0].window.from"},
		{"bad scope", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"allowances":[{"id":"a","rate":"1%","scope":"shop"}]}`, incentive.CodeMalformed, "allowances[0].scope"},
		{"bad allowance window", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"base":"paid","rounding":"HalfUp",
			"allowances":[{"id":"a","rate":"1%","window":{"kind":"days"}}]}`, incentive.CodeMalformed, "allowances[0].window.kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := incentive.ParseFeePlan([]byte(tt.json))
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.Equal(t, tt.code, pe.Code, "%v", err)
			assert.Equal(t, tt.path, pe.Path, "%v", err)
			var p incentive.FeePlan
			assert.Error(t, p.UnmarshalJSON([]byte(tt.json)))
		})
	}
	rebates := []struct{ name, json, path string }{
		{"not json", `[`, ""},
		{"bad zone", `{"zone":"Mars"}`, "zone"},
		{"bad effective", `{"zone":"UTC","currency":"CNY","effective":{"from":"x"}}`, "effective.from"},
		{"bad threshold", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"threshold":"x"}`, "threshold"},
		{"bad rounding", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"threshold":"1%","rounding":"x"}`, "rounding"},
		{"bad window", `{"zone":"UTC","currency":"CNY","effective":{"from":"2025-01-01T00:00:00Z"},"threshold":"1%","rounding":"Up","window":{"kind":"x"}}`, "window.kind"},
	}
	for _, tt := range rebates {
		t.Run("rebate "+tt.name, func(t *testing.T) {
			_, err := incentive.ParseRebatePlan([]byte(tt.json))
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.Equal(t, tt.path, pe.Path, "%v", err)
			var p incentive.RebatePlan
			assert.Error(t, p.UnmarshalJSON([]byte(tt.json)))
		})
	}
}

func TestFeeEnumStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{incentive.BasePaid.String(), "paid"},
		{incentive.BasePaidPlusSubsidy.String(), "paid+subsidy"},
		{incentive.FeeBase(9).String(), "FeeBase(9)"},
		{incentive.CapPerMerchant.String(), "merchant"},
		{incentive.CapScope(0).String(), "CapScope(0)"},
		{incentive.FixedPeriod.String(), "fixed"},
		{incentive.DaysFromFirstSale.String(), "days-from-first-sale"},
		{incentive.FeeWindowKind(8).String(), "FeeWindowKind(8)"},
		{incentive.AllowanceCapUsed.String(), "cap-used"},
		{incentive.AllowanceStatus(0).String(), "AllowanceStatus(0)"},
		{incentive.RebateAtOrBelowThreshold.String(), "at-or-below-threshold"},
		{incentive.RebateStatus(0).String(), "RebateStatus(0)"},
		{incentive.CashbackMCN.String(), "mcn"},
		{incentive.CashbackEntity(0).String(), "CashbackEntity(0)"},
		{incentive.AccountRebate.String(), "rebate"},
		{incentive.FeeAccountKind(0).String(), "FeeAccountKind(0)"},
		{incentive.FeeAdjusted.String(), "adjusted"},
		{incentive.FeeLineKind(0).String(), "FeeLineKind(0)"},
		{incentive.FeeCycle{Year: 2025, Month: time.March}.String(), "2025-03"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
	}
}

func TestRebateAndCashbackPlanValidation(t *testing.T) {
	rebates := []struct {
		name string
		edit func(*incentive.RebatePlan)
		code incentive.Code
		path string
	}{
		{"no source", func(p *incentive.RebatePlan) { p.Source = "" }, incentive.CodeMissing, "source"},
		{"threshold over 100%", func(p *incentive.RebatePlan) { p.Threshold = commerce.Percent(101) }, incentive.CodeRateOver100, "threshold"},
		{"no rounding", func(p *incentive.RebatePlan) { p.Rounding = 0 }, incentive.CodeMissing, "rounding"},
		{"bad rounding", func(p *incentive.RebatePlan) { p.Rounding = 42 }, incentive.CodeMalformed, "rounding"},
		{"bad window", func(p *incentive.RebatePlan) { p.Window.Days = 0 }, incentive.CodeBadWindow, "window.days"},
	}
	for _, tt := range rebates {
		t.Run("rebate "+tt.name, func(t *testing.T) {
			p := incentive.WeChatStoreProviderRebate()
			tt.edit(&p)
			_, err := incentive.CompileRebatePlan(p)
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.Equal(t, tt.code, pe.Code)
			assert.Equal(t, tt.path, pe.Path)
			assert.Equal(t, "wechat-store-sp-rebate", pe.Programme)
		})
	}
	cashbacks := []struct {
		name string
		edit func(*incentive.CashbackPlan)
		code incentive.Code
		path string
	}{
		{"no id", func(p *incentive.CashbackPlan) { p.ID = "" }, incentive.CodeMissing, "id"},
		{"no entity", func(p *incentive.CashbackPlan) { p.Entity = 0 }, incentive.CodeMissing, "entity"},
		{"bad entity", func(p *incentive.CashbackPlan) { p.Entity = 9 }, incentive.CodeMalformed, "entity"},
		{"over 100%", func(p *incentive.CashbackPlan) { p.Rate = commerce.MustParseRate("100.5%") }, incentive.CodeRateOver100, "rate"},
		{"no rounding", func(p *incentive.CashbackPlan) { p.Rounding = 0 }, incentive.CodeMissing, "rounding"},
		{"floor", func(p *incentive.CashbackPlan) { p.Rounding = commerce.Floor }, incentive.CodeMalformed, "rounding"},
		{"ceiling", func(p *incentive.CashbackPlan) { p.Rounding = commerce.Ceiling }, incentive.CodeMalformed, "rounding"},
	}
	for _, tt := range cashbacks {
		t.Run("cashback "+tt.name, func(t *testing.T) {
			p := testCashback(incentive.CashbackProvider, commerce.Percent(100))
			tt.edit(&p)
			_, err := incentive.CompileCashbackPlan(p)
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.Equal(t, tt.code, pe.Code)
			assert.Equal(t, tt.path, pe.Path)
		})
	}
}

// testCashback is a cashback plan over the XHS plan's period, as the
// treasure-host programme describes one ("up to 100% cashback of the
// technical service fee", DOMAIN.md, internal-doc).
func testCashback(e incentive.CashbackEntity, r commerce.Rate) incentive.CashbackPlan {
	x := incentive.XiaohongshuCommissionFree()
	return incentive.CashbackPlan{ID: "cb-" + e.String(), Version: "test", Source: "internal-doc: test fixture",
		Effective: x.Effective, Location: shanghai, Currency: commerce.CNY, Entity: e, Rate: r, Rounding: commerce.HalfUp}
}
