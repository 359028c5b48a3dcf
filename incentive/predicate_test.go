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

// minimal returns a valid one-rule CNY programme in Asia/Shanghai whose
// rule "r" has the given eligibility.
func minimal(eligibility ...incentive.Predicate) incentive.Programme {
	loc := time.FixedZone("Asia/Shanghai", 8*3600)
	return incentive.Programme{
		ID: "test-programme", Version: "v1",
		Source:    incentive.Source{Kind: incentive.InternalDoc, Ref: "test"},
		Effective: incentive.Window{Kind: incentive.Fixed, From: time.Date(2024, 1, 1, 0, 0, 0, 0, loc), To: time.Date(2025, 1, 1, 0, 0, 0, 0, loc)},
		Recorded:  time.Date(2024, 1, 1, 0, 0, 0, 0, loc).UTC(),
		Zone:      "Asia/Shanghai", Currency: commerce.CNY, Rounding: commerce.HalfUp,
		Rules: []incentive.Rule{{
			ID: "r", Beneficiary: incentive.Merchant, Per: incentive.PerBeneficiary,
			Eligibility: eligibility,
			Award:       incentive.Award{Kind: incentive.TrafficViews, Views: 1000},
		}},
	}
}

func cny(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

func score(s string) commerce.Rate { return commerce.MustParseRate(s) }

func TestPredicateWhyNot(t *testing.T) {
	loc := cst(t)
	at := time.Date(2024, 5, 10, 12, 0, 0, 0, loc)
	scoreOver := incentive.Predicate{Kind: incentive.Over, Fact: incentive.FactStoreScore, Value: score("4.2")}
	scoreAtLeast := incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("4.2")}
	gmvOver := incentive.Predicate{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Amount: cny("1000000.00")}
	streak := incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactBroadcastStreakDays, Value: score("30")}
	products := incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactListedProducts, Value: score("5")}
	quiet := incentive.Predicate{Kind: incentive.NoBroadcastWithin, Days: 30}
	opened := incentive.Predicate{Kind: incentive.OpenedWithin, Days: 30}
	category := incentive.Predicate{Kind: incentive.InCategory, Categories: []string{"beauty", "pets"}}
	// TikTok UK: a refund rate of 30% or more with 10 or more orders
	// disqualifies.
	gate := incentive.Predicate{Kind: incentive.RefundGate, Rate: commerce.Percent(30), MinOrders: 10}
	tests := []struct {
		name   string
		p      incentive.Predicate
		f      incentive.Facts
		pass   bool
		reason string
	}{
		{"score below", scoreAtLeast, incentive.Facts{Known: incentive.FactStoreScore, StoreScore: score("4.1")}, false, "store score 4.1 < 4.2, short 0.1"},
		{"score met", scoreAtLeast, incentive.Facts{Known: incentive.FactStoreScore, StoreScore: score("4.2")}, true, "store score 4.2 ≥ 4.2"},
		{"score not over", scoreOver, incentive.Facts{Known: incentive.FactStoreScore, StoreScore: score("4.2")}, false, "store score 4.2 ≤ 4.2, short 0"},
		{"score over", scoreOver, incentive.Facts{Known: incentive.FactStoreScore, StoreScore: score("4.21")}, true, "store score 4.21 > 4.2"},
		{"GMV exactly ¥1M is not over", gmvOver, incentive.Facts{Known: incentive.FactExternalMonthlyGMV, ExternalMonthlyGMV: cny("1000000.00")}, false,
			"external monthly GMV CNY 1000000.00 ≤ CNY 1000000.00, short CNY 0.00"},
		{"GMV a fen over", gmvOver, incentive.Facts{Known: incentive.FactExternalMonthlyGMV, ExternalMonthlyGMV: cny("1000000.01")}, true,
			"external monthly GMV CNY 1000000.01 > CNY 1000000.00"},
		{"GMV short", gmvOver, incentive.Facts{Known: incentive.FactExternalMonthlyGMV, ExternalMonthlyGMV: cny("250000.00")}, false,
			"external monthly GMV CNY 250000.00 ≤ CNY 1000000.00, short CNY 750000.00"},
		{"streak 29", streak, incentive.Facts{Known: incentive.FactBroadcastStreakDays, BroadcastStreakDays: 29}, false, "broadcast streak days 29 < 30, short 1"},
		{"4 products", products, incentive.Facts{Known: incentive.FactListedProducts, ListedProducts: 4}, false, "listed products 4 < 5, short 1"},
		{"5 products", products, incentive.Facts{Known: incentive.FactListedProducts, ListedProducts: 5}, true, "listed products 5 ≥ 5"},
		{"never broadcast", quiet, incentive.Facts{Known: incentive.FactLastBroadcastAt}, true, "never broadcast"},
		// 30 days before 10 May are 10 April to 9 May, and the check day
		// counts up to the check: a broadcast at the last instant of 9
		// April is outside them.
		{"broadcast just before the 30 days", quiet, incentive.Facts{Known: incentive.FactLastBroadcastAt, LastBroadcastAt: time.Date(2024, 4, 9, 23, 59, 59, 999e6, loc)}, true,
			"last broadcast 2024-04-09T23:59:59.999+08:00 is before 2024-04-10T00:00:00+08:00"},
		{"broadcast on the first of the 30 days", quiet, incentive.Facts{Known: incentive.FactLastBroadcastAt, LastBroadcastAt: time.Date(2024, 4, 10, 0, 0, 0, 0, loc)}, false,
			"broadcast at 2024-04-10T00:00:00+08:00, within the 30 days before 2024-05-10T12:00:00+08:00; eligible from 2024-05-11T00:00:00+08:00"},
		{"broadcast earlier on the check day", quiet, incentive.Facts{Known: incentive.FactLastBroadcastAt, LastBroadcastAt: time.Date(2024, 5, 10, 8, 0, 0, 0, loc)}, false,
			"broadcast at 2024-05-10T08:00:00+08:00, within the 30 days before 2024-05-10T12:00:00+08:00; eligible from 2024-06-10T00:00:00+08:00"},
		{"opened on day 30", opened, incentive.Facts{Known: incentive.FactOpenedAt, OpenedAt: time.Date(2024, 4, 11, 23, 0, 0, 0, loc)}, true,
			"opened 2024-04-11T23:00:00+08:00, within 30 days"},
		{"opened 31 days ago", opened, incentive.Facts{Known: incentive.FactOpenedAt, OpenedAt: time.Date(2024, 4, 10, 9, 0, 0, 0, loc)}, false,
			"opened 2024-04-10T09:00:00+08:00, 2024-05-10T12:00:00+08:00 is not within its first 30 days"},
		{"not opened", opened, incentive.Facts{Known: incentive.FactOpenedAt}, false, "the store has not opened"},
		{"category", category, incentive.Facts{Known: incentive.FactCategory, Category: "pets"}, true, `category "pets" is accepted`},
		{"other category", category, incentive.Facts{Known: incentive.FactCategory, Category: "fresh"}, false, `category "fresh" is not one of beauty, pets`},
		{"refunds 3 of 10", gate, incentive.Facts{Known: incentive.FactRefunds, Orders: 10, RefundedOrders: 3}, false, "3 of 10 orders refunded, at least 30% with at least 10 orders"},
		{"refunds 2 of 10", gate, incentive.Facts{Known: incentive.FactRefunds, Orders: 10, RefundedOrders: 2}, true, "2 of 10 orders refunded, under 30%"},
		{"refunds 9 of 9", gate, incentive.Facts{Known: incentive.FactRefunds, Orders: 9, RefundedOrders: 9}, true, "9 of 9 orders refunded: 9 orders, the gate applies from 10"},
		// 299/1000 is 29.9%, just under.
		{"refunds 29.9%", gate, incentive.Facts{Known: incentive.FactRefunds, Orders: 1000, RefundedOrders: 299}, true, "299 of 1000 orders refunded, under 30%"},
		{"score unknown, or unknown", incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("3.5"), OrUnknown: true},
			incentive.Facts{}, true, "store score not known, which passes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Merchant = "m-1"
			v, err := minimal(tt.p).Check("r", tt.f, at)
			require.NoError(t, err)
			require.Len(t, v.Outcomes, 1)
			assert.Equal(t, tt.pass, v.Eligible)
			assert.Equal(t, tt.pass, v.Outcomes[0].Pass)
			assert.Equal(t, tt.reason, v.Outcomes[0].Reason)
			assert.Equal(t, "rules[0].eligibility[0]", v.Outcomes[0].Path)
			assert.Equal(t, !tt.pass, len(v.WhyNot()) == 1)
		})
	}
}

func TestPredicateHaveNeedShort(t *testing.T) {
	p := minimal(incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("4.2")})
	v, err := p.Check("r", incentive.Facts{Merchant: "m-1", Known: incentive.FactStoreScore, StoreScore: score("4.1")}, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	o := v.Outcomes[0]
	assert.Equal(t, []string{"4.1", "≥ 4.2", "0.1"}, []string{o.Have, o.Need, o.Short})
	assert.Equal(t, incentive.FactStoreScore, o.Fact)
	assert.Equal(t, "rules[0].eligibility[0]: store score 4.1 < 4.2, short 0.1", o.String())
}

// TestPredicateThreeValued checks the logic of undecided predicates: a
// failure decides AllOf and a pass decides AnyOf whatever the missing
// facts; otherwise the check is ErrMissingFact naming the fact and rule.
func TestPredicateThreeValued(t *testing.T) {
	at := time.Date(2024, 5, 10, 12, 0, 0, 0, cst(t))
	quiet := incentive.Predicate{Kind: incentive.NoBroadcastWithin, Days: 30}
	gmv := incentive.Predicate{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Amount: cny("1000000.00")}
	scoreP := incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("4.2")}
	anyOf := incentive.Predicate{Kind: incentive.AnyOf, Of: []incentive.Predicate{quiet, gmv}}
	allOf := incentive.Predicate{Kind: incentive.AllOf, Of: []incentive.Predicate{quiet, gmv}}
	never := incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt}
	recent := incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt, LastBroadcastAt: at.Add(-time.Hour)}
	tests := []struct {
		name     string
		ps       []incentive.Predicate
		f        incentive.Facts
		eligible bool
		missing  string // the error's text, when missing
	}{
		{"any-of decided by a pass", []incentive.Predicate{anyOf}, never, true, ""},
		{"any-of undecided", []incentive.Predicate{anyOf}, recent, false, `rule "r": external-monthly-gmv not known`},
		{"all-of decided by a fail", []incentive.Predicate{allOf}, recent, false, ""},
		{"all-of undecided", []incentive.Predicate{allOf}, never, false, "external-monthly-gmv not known"},
		{"top level decided by a fail", []incentive.Predicate{scoreP, quiet}, recent, false, ""},
		{"top level undecided", []incentive.Predicate{quiet, scoreP}, never, false, "store-score not known"},
		{"two missing", []incentive.Predicate{scoreP, gmv}, never, false, "external-monthly-gmv|store-score not known"},
		{"no predicates", nil, incentive.Facts{Merchant: "m"}, true, ""},
		{"nothing known", []incentive.Predicate{quiet}, incentive.Facts{Merchant: "m"}, false, "last-broadcast-at not known"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := minimal(tt.ps...).Check("r", tt.f, at)
			if tt.missing != "" {
				require.ErrorIs(t, err, incentive.ErrMissingFact)
				assert.Contains(t, err.Error(), tt.missing)
				assert.Contains(t, err.Error(), "test-programme@v1")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.eligible, v.Eligible)
		})
	}
}

func TestPredicateGroupOutcomes(t *testing.T) {
	at := time.Date(2024, 5, 10, 12, 0, 0, 0, cst(t))
	p := minimal(incentive.Predicate{Kind: incentive.AnyOf, Of: []incentive.Predicate{
		{Kind: incentive.NoBroadcastWithin, Days: 30},
		{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Amount: cny("1000000.00")},
	}})
	f := incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt | incentive.FactExternalMonthlyGMV,
		LastBroadcastAt: at.Add(-48 * time.Hour), ExternalMonthlyGMV: cny("999999.99")}
	v, err := p.Check("r", f, at)
	require.NoError(t, err)
	assert.False(t, v.Eligible)
	require.Len(t, v.Outcomes, 3)
	assert.Equal(t, "any-of: 0 of 2 passed, need at least 1", v.Outcomes[0].Reason)
	assert.Equal(t, "rules[0].eligibility[0].of[1]", v.Outcomes[2].Path)
	assert.Equal(t, "CNY 0.01", v.Outcomes[2].Short)
	assert.Len(t, v.WhyNot(), 3)

	all := minimal(incentive.Predicate{Kind: incentive.AllOf, Of: []incentive.Predicate{
		{Kind: incentive.NoBroadcastWithin, Days: 30},
		{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("4.2")},
	}})
	v, err = all.Check("r", incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt | incentive.FactStoreScore,
		LastBroadcastAt: at.Add(-48 * time.Hour), StoreScore: score("4.5")}, at)
	require.NoError(t, err)
	assert.Equal(t, "all-of: 1 of 2 passed, need all 2", v.Outcomes[0].Reason)
	v, err = all.Check("r", incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt,
		LastBroadcastAt: at.Add(-48 * time.Hour)}, at)
	require.NoError(t, err)
	assert.Equal(t, "all-of: 0 of 2 passed, need all 2 (1 undecided)", v.Outcomes[0].Reason)
	assert.True(t, v.Outcomes[2].Missing)
	assert.Equal(t, "store score not known", v.Outcomes[2].Reason)
}

func TestCheckBadInput(t *testing.T) {
	at := time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC)
	p := minimal()
	tests := []struct {
		name  string
		p     incentive.Programme
		rule  string
		f     incentive.Facts
		field string
	}{
		{"unknown rule", p, "nope", incentive.Facts{Merchant: "m"}, "programme test-programme@v1: rule"},
		{"no merchant", p, "r", incentive.Facts{}, "facts: merchant"},
		{"bad store", p, "r", incentive.Facts{Merchant: "m", Stores: []string{" s"}}, "facts: stores[0]"},
		{"refunds over orders", p, "r", incentive.Facts{Merchant: "m", Known: incentive.FactRefunds, Orders: 3, RefundedOrders: 4}, "facts: refunds"},
		{"negative streak", p, "r", incentive.Facts{Merchant: "m", Known: incentive.FactBroadcastStreakDays, BroadcastStreakDays: -1}, "facts: broadcast streak days"},
		{"negative products", p, "r", incentive.Facts{Merchant: "m", Known: incentive.FactListedProducts, ListedProducts: -1}, "facts: listed products"},
		{"GMV in USD", p, "r", incentive.Facts{Merchant: "m", Known: incentive.FactExternalMonthlyGMV, ExternalMonthlyGMV: commerce.MustParseMoney("USD 1.00")}, "facts: external monthly GMV"},
		{"unknown fact bit", p, "r", incentive.Facts{Merchant: "m", Known: 1 << 15}, "facts: known"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.Check(tt.rule, tt.f, at)
			var fe *commerce.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
		})
	}
	bad := minimal()
	bad.Rules[0].ID = ""
	_, err := bad.Check("r", incentive.Facts{Merchant: "m"}, at)
	assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
}

func TestFactNames(t *testing.T) {
	assert.Equal(t, "none", incentive.Fact(0).String())
	assert.Equal(t, "opened-at|store-score", (incentive.FactOpenedAt | incentive.FactStoreScore).String())
	assert.Equal(t, "Fact(1<<15)", incentive.Fact(1<<15).String())
	assert.True(t, (incentive.FactOpenedAt | incentive.FactStoreScore).Has(incentive.FactStoreScore))
	assert.False(t, incentive.FactOpenedAt.Has(incentive.FactOpenedAt|incentive.FactStoreScore))
	b, err := incentive.FactCategory.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "category", string(b))
	b, err = incentive.RefundGate.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "refund-gate", string(b))
	assert.Equal(t, "PredicateKind(99)", incentive.PredicateKind(99).String())
}
