package incentive_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// builtinFeePlanIDs returns the IDs of the built-in fee-side plans (fee
// plans and the provider rebate), each with the rates it charges: the
// table's rows and default.
func builtinFeePlans() map[string]incentive.FeePlan {
	// WeChatChannels618 takes its dates from the caller; the programme's
	// 618 season (2024-05-20 to 2024-06-20, Asia/Shanghai) is used here.
	shanghai, _ := incentive.Zone("Asia/Shanghai")
	ch618 := incentive.WeChatChannels618(time.Date(2024, 5, 20, 0, 0, 0, 0, shanghai), time.Date(2024, 6, 21, 0, 0, 0, 0, shanghai))
	out := map[string]incentive.FeePlan{}
	for _, p := range []incentive.FeePlan{incentive.XiaohongshuCommissionFree(), incentive.WeChatStoreFees(), ch618} {
		out[p.ID] = p
	}
	return out
}

// TestBuiltinFeePlanReferences checks the cross-references between the
// built-in programmes and the built-in fee plans: every non-empty FeePlan
// an award names is the ID of a built-in fee plan (a fee reduction must
// name one; a fee cashback may leave it empty, the fees as charged), and
// a fee reduction's rate is the rate that plan charges on every category.
func TestBuiltinFeePlanReferences(t *testing.T) {
	plans := builtinFeePlans()
	rebateID := incentive.WeChatStoreProviderRebate().ID
	c := incentive.Builtin()
	reductions := 0
	for _, id := range c.IDs() {
		for _, v := range c.Versions(id) {
			p, err := c.Version(id, v)
			require.NoError(t, err)
			for _, r := range p.Rules {
				awards := []incentive.Award{r.Award}
				for _, tr := range r.Tiers {
					awards = append(awards, tr.Award)
				}
				for _, m := range r.Milestones {
					awards = append(awards, m.Award)
				}
				for _, a := range awards {
					where := fmt.Sprintf("%s@%s rule %s", id, v, r.ID)
					switch a.Kind {
					case incentive.FeeReduction:
						require.NotEmpty(t, a.FeePlan, where)
					case incentive.FeeCashback:
					default:
						require.Empty(t, a.FeePlan, where)
						continue
					}
					if a.FeePlan == "" {
						continue
					}
					require.NotEqual(t, rebateID, a.FeePlan, "%s: a rebate plan charges no fee", where)
					fp, ok := plans[a.FeePlan]
					require.True(t, ok, "%s names fee plan %q, which is not built in", where, a.FeePlan)
					if a.Kind != incentive.FeeReduction {
						continue
					}
					reductions++
					cp, err := incentive.CompileFeePlan(fp)
					require.NoError(t, err)
					require.True(t, fp.Table.HasDefault, "%s: %s must price every category", where, fp.ID)
					assert.Zero(t, a.Rate.Cmp(fp.Table.Default), "%s: rate %v, plan %s charges %v", where, a.Rate, fp.ID, fp.Table.Default)
					for _, row := range fp.Table.Categories {
						assert.Zero(t, a.Rate.Cmp(row.Rate), "%s: rate %v, plan %s charges %v on %s", where, a.Rate, fp.ID, row.Rate, row.Category)
					}
					// The reduction's rate is what an order pays under the plan
					// during the programme's effective period.
					q, err := cp.Quote(incentive.FeeOrder{ID: "o", Merchant: "m", Store: "s", Category: "any",
						PaidAt: p.Effective.From, Paid: commerce.MustParseMoney("CNY 100.00")}, incentive.CapUse{})
					require.NoError(t, err, where)
					assert.Equal(t, "CNY 1.00", q.Fee().String(), where)
				}
			}
		}
	}
	require.Equal(t, 1, reductions, "the 618 fee reduction")
}

// TestFeeCashbackWithoutPlan checks that a fee cashback may name no fee
// plan (the fees as charged) while a fee reduction must name the plan it
// lowers, and that the empty plan survives the JSON round trip.
func TestFeeCashbackWithoutPlan(t *testing.T) {
	p := minimal()
	p.Rules[0].Award = incentive.Award{Kind: incentive.FeeCashback, Rate: commerce.Percent(100)}
	require.NoError(t, p.Validate())
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	assert.NotContains(t, string(b), "fee-plan")
	q, err := incentive.ParseProgramme(b)
	require.NoError(t, err)
	assert.True(t, p.Equal(q))

	p.Rules[0].Award = incentive.Award{Kind: incentive.FeeReduction, Rate: commerce.Percent(1)}
	var pe *incentive.ProgrammeError
	require.ErrorAs(t, p.Validate(), &pe)
	assert.Equal(t, incentive.CodeMissing, pe.Code)
	assert.Equal(t, "rules[0].award.fee-plan", pe.Path)

	p.Rules[0].Award = incentive.Award{Kind: incentive.FeeCashback, FeePlan: " padded", Rate: commerce.Percent(100)}
	require.ErrorAs(t, p.Validate(), &pe)
	assert.Equal(t, "rules[0].award.fee-plan", pe.Path)
}

// TestTreasureHostCashbackOfFeesCharged evaluates the treasure host's
// merchant cashback, which names no fee plan: 100% of the fees the
// merchant's FeeCharged events report after its qualification (T+0).
func TestTreasureHostCashbackOfFeesCharged(t *testing.T) {
	shanghai, _ := incentive.Zone("Asia/Shanghai")
	c := incentive.Builtin()
	at := time.Date(2024, 6, 1, 0, 0, 0, 0, shanghai)
	ev, err := c.Evaluator("xiaohongshu-treasure-host", at, at)
	require.NoError(t, err)
	cny := commerce.MustParseMoney
	// Known and zero: never broadcast, so only the cashback rules earn.
	facts := incentive.Facts{Merchant: "m-1", Known: incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt |
		incentive.FactBroadcastStreakDays | incentive.FactExternalMonthlyGMV, ExternalMonthlyGMV: cny("CNY 0.00")}
	m := incentive.Profile{Facts: facts, Events: []incentive.Event{
		{Kind: incentive.Qualified, ID: "q-1", At: time.Date(2024, 6, 3, 10, 0, 0, 0, shanghai)},
		{Kind: incentive.FeeCharged, ID: "o-1", At: time.Date(2024, 6, 2, 23, 59, 59, 999e6, shanghai), Amount: cny("CNY 5.00")},
		{Kind: incentive.FeeCharged, ID: "o-2", At: time.Date(2024, 6, 3, 0, 0, 0, 0, shanghai), Amount: cny("CNY 12.34")},
		{Kind: incentive.FeeCharged, ID: "o-3", At: time.Date(2024, 6, 20, 0, 0, 0, 0, shanghai), Amount: cny("CNY 0.66")},
	}}
	res, err := ev.Evaluate(m, at, time.Date(2024, 7, 1, 0, 0, 0, 0, shanghai))
	require.NoError(t, err)
	var got []string
	for _, g := range res.Grants() {
		if g.Rule == "merchant-fee-cashback" {
			got = append(got, g.Amount.String())
		}
	}
	// The activation window starts at 00:00 of the qualification day:
	// o-1 (23:59:59.999 the day before) is outside, o-2 and o-3 are in.
	assert.Equal(t, []string{"CNY 13.00"}, got)
}
