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

// edit returns minimal() changed by f.
func edit(f func(p *incentive.Programme)) incentive.Programme {
	p := minimal()
	f(&p)
	return p
}

// rule0 returns a programme whose first rule is changed by f.
func rule0(f func(r *incentive.Rule)) incentive.Programme {
	return edit(func(p *incentive.Programme) { f(&p.Rules[0]) })
}

// second adds a second rule "s" like the first.
func second(p *incentive.Programme) {
	s := p.Rules[0]
	s.ID = "s"
	p.Rules = append(p.Rules, s)
}

func TestValidate(t *testing.T) {
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	views := incentive.Award{Kind: incentive.TrafficViews, Views: 10}
	tier := func(from, to string, a incentive.Award) incentive.Tier {
		tr := incentive.Tier{Award: a}
		if from != "" {
			tr.From = cny(from)
		}
		if to != "" {
			tr.To = cny(to)
		}
		return tr
	}
	cash := func(s string) incentive.Award { return incentive.Award{Kind: incentive.Cash, Amount: cny(s)} }
	ladder := func(ts ...incentive.Tier) func(r *incentive.Rule) {
		return func(r *incentive.Rule) { r.Award, r.Metric, r.Tiers = incentive.Award{}, incentive.GMV, ts }
	}
	tests := []struct {
		name string
		p    incentive.Programme
		code incentive.Code
		path string
	}{
		{"no id", edit(func(p *incentive.Programme) { p.ID = "" }), incentive.CodeMissing, "id"},
		{"no version", edit(func(p *incentive.Programme) { p.Version = "" }), incentive.CodeMissing, "version"},
		{"no source", edit(func(p *incentive.Programme) { p.Source.Kind = 0 }), incentive.CodeMissing, "source.kind"},
		{"no source ref", edit(func(p *incentive.Programme) { p.Source.Ref = "" }), incentive.CodeMissing, "source.ref"},
		{"no effective", edit(func(p *incentive.Programme) { p.Effective = incentive.Window{} }), incentive.CodeMissing, "effective"},
		{"relative effective", edit(func(p *incentive.Programme) { p.Effective = incentive.Window{Kind: incentive.CalendarMonth} }), incentive.CodeBadWindow, "effective"},
		{"effective backwards", edit(func(p *incentive.Programme) { p.Effective.To = p.Effective.From }), incentive.CodeBadWindow, "effective"},
		{"no recorded", edit(func(p *incentive.Programme) { p.Recorded = time.Time{} }), incentive.CodeMissing, "recorded"},
		{"no zone", edit(func(p *incentive.Programme) { p.Zone = "" }), incentive.CodeMissing, "zone"},
		{"zone not compiled in", edit(func(p *incentive.Programme) { p.Zone = "Europe/London" }), incentive.CodeMalformed, "zone"},
		{"no currency", edit(func(p *incentive.Programme) { p.Currency = 0 }), incentive.CodeMissing, "currency"},
		{"no rounding", edit(func(p *incentive.Programme) { p.Rounding = 0 }), incentive.CodeMissing, "rounding"},
		{"no rules", edit(func(p *incentive.Programme) { p.Rules = nil }), incentive.CodeMissing, "rules"},
		{"rule twice", edit(func(p *incentive.Programme) { p.Rules = append(p.Rules, p.Rules[0]) }), incentive.CodeDuplicate, "rules[1].id"},
		{"rule without id", rule0(func(r *incentive.Rule) { r.ID = "" }), incentive.CodeMissing, "rules[0].id"},
		{"no beneficiary", rule0(func(r *incentive.Rule) { r.Beneficiary = 0 }), incentive.CodeMissing, "rules[0].beneficiary"},
		{"no subject", rule0(func(r *incentive.Rule) { r.Per = 0 }), incentive.CodeMissing, "rules[0].per"},
		{"no award", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{} }), incentive.CodeMissing, "rules[0].award"},
		{"award and tiers", rule0(func(r *incentive.Rule) { r.Tiers = []incentive.Tier{tier("0", "", views)}; r.Metric = incentive.GMV }), incentive.CodeMalformed, "rules[0]"},
		{"empty ladder", rule0(func(r *incentive.Rule) {
			r.Award, r.Metric, r.Tiers = incentive.Award{}, incentive.GMV, []incentive.Tier{}
		}), incentive.CodeMissing, "rules[0].tiers"},
		{"empty milestones", rule0(func(r *incentive.Rule) {
			r.Award, r.Metric, r.Milestones = incentive.Award{}, incentive.GMV, []incentive.Milestone{}
		}), incentive.CodeMissing, "rules[0].milestones"},

		// Awards.
		{"unknown award", rule0(func(r *incentive.Rule) { r.Award.Kind = 99 }), incentive.CodeMalformed, "rules[0].award.kind"},
		{"views on cash", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{Kind: incentive.Cash, Amount: cny("1"), Views: 3} }), incentive.CodeMalformed, "rules[0].award.views"},
		{"no views", rule0(func(r *incentive.Rule) { r.Award.Views = 0 }), incentive.CodeMissing, "rules[0].award.views"},
		{"cash in USD", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{Kind: incentive.Cash, Amount: commerce.MustParseMoney("USD 1")}
		}), incentive.CodeCurrency, "rules[0].award.amount"},
		{"no cash", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{Kind: incentive.Cash, Note: "x"} }), incentive.CodeMissing, "rules[0].award.amount"},
		{"zero cash", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{Kind: incentive.Cash, Amount: cny("0")} }), incentive.CodeMalformed, "rules[0].award.amount"},
		{"coupons without count", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{Kind: incentive.Coupons, Amount: cny("9")} }), incentive.CodeMissing, "rules[0].award.count"},
		{"cashback over 100%", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{Kind: incentive.FeeCashback, FeePlan: "fees", Rate: commerce.Percent(120)}
		}), incentive.CodeRateOver100, "rules[0].award.rate"},
		{"negative fee rate", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{Kind: incentive.FeeReduction, FeePlan: "fees", Rate: commerce.Percent(-1)}
		}), incentive.CodeRateOver100, "rules[0].award.rate"},
		{"cashback 0%", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{Kind: incentive.FeeCashback, FeePlan: "fees"} }), incentive.CodeMissing, "rules[0].award.rate"},
		{"reduction without plan", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{Kind: incentive.FeeReduction, Rate: commerce.Percent(1)}
		}), incentive.CodeMissing, "rules[0].award.fee-plan"},
		{"perk without note", rule0(func(r *incentive.Rule) { r.Award = incentive.Award{Kind: incentive.Perk} }), incentive.CodeMissing, "rules[0].award.note"},

		// Tiers.
		{"tier gap", rule0(ladder(tier("0", "100", cash("1")), tier("200", "", cash("2")))), incentive.CodeTierGap, "rules[0].tiers[1]"},
		{"tier overlap", rule0(ladder(tier("0", "150", cash("1")), tier("100", "", cash("2")))), incentive.CodeTierOverlap, "rules[0].tiers[1]"},
		{"tier after an open one", rule0(ladder(tier("100", "", cash("2")), tier("0", "", cash("1")))), incentive.CodeTierOverlap, "rules[0].tiers[0]"},
		{"empty tier", rule0(ladder(tier("100", "100", cash("2")))), incentive.CodeBadWindow, "rules[0].tiers[0]"},
		{"tier in USD", rule0(ladder(incentive.Tier{From: commerce.MustParseMoney("USD 1"), Award: cash("1")})), incentive.CodeCurrency, "rules[0].tiers[0].from"},
		{"tier end in USD", rule0(ladder(incentive.Tier{To: commerce.MustParseMoney("USD 1"), Award: cash("1")})), incentive.CodeCurrency, "rules[0].tiers[0].to"},
		{"negative tier", rule0(ladder(tier("-1", "", cash("1")))), incentive.CodeMalformed, "rules[0].tiers[0].from"},
		{"tier award", rule0(ladder(tier("0", "", incentive.Award{Kind: incentive.Cash}))), incentive.CodeMissing, "rules[0].tiers[0].award.amount"},
		{"tiers over a count", rule0(func(r *incentive.Rule) {
			ladder(tier("0", "", cash("1")))(r)
			r.Metric = incentive.Orders
		}), incentive.CodeMalformed, "rules[0].metric"},

		// Milestones.
		{"milestones falling", rule0(func(r *incentive.Rule) {
			r.Award, r.Metric = incentive.Award{}, incentive.GMV
			r.Milestones = []incentive.Milestone{{Threshold: cny("50000"), Award: cash("1")}, {Threshold: cny("10000"), Award: cash("1")}}
		}), incentive.CodeMalformed, "rules[0].milestones[1].threshold"},
		{"milestone twice", rule0(func(r *incentive.Rule) {
			r.Award, r.Metric = incentive.Award{}, incentive.GMV
			r.Milestones = []incentive.Milestone{{Threshold: cny("10000"), Award: cash("1")}, {Threshold: cny("10000"), Award: cash("1")}}
		}), incentive.CodeDuplicate, "rules[0].milestones[1].threshold"},
		{"milestone award", rule0(func(r *incentive.Rule) {
			r.Award, r.Metric = incentive.Award{}, incentive.GMV
			r.Milestones = []incentive.Milestone{{Threshold: cny("10000"), Award: incentive.Award{Kind: incentive.Perk}}}
		}), incentive.CodeMissing, "rules[0].milestones[0].award.note"},
		{"milestones without metric", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{}
			r.Milestones = []incentive.Milestone{{Threshold: cny("10000"), Award: cash("1")}}
		}), incentive.CodeMissing, "rules[0].metric"},
		{"metric alone", rule0(func(r *incentive.Rule) { r.Metric = incentive.GMV }), incentive.CodeMalformed, "rules[0].metric"},
		{"unknown metric", rule0(func(r *incentive.Rule) { r.Metric = 99 }), incentive.CodeMalformed, "rules[0].metric"},

		// Caps.
		{"cap without period", rule0(func(r *incentive.Rule) { r.Caps = []incentive.Cap{{Entity: incentive.Merchant, Count: 10}} }), incentive.CodeCapWithoutPeriod, "rules[0].caps[0].period"},
		{"cap without entity", rule0(func(r *incentive.Rule) { r.Caps = []incentive.Cap{{Period: incentive.PerDay, Count: 10}} }), incentive.CodeMissing, "rules[0].caps[0].entity"},
		{"cap of nothing", rule0(func(r *incentive.Rule) { r.Caps = []incentive.Cap{{Entity: incentive.Store, Period: incentive.PerDay}} }), incentive.CodeMissing, "rules[0].caps[0].count"},
		{"cap of both", rule0(func(r *incentive.Rule) {
			r.Caps = []incentive.Cap{{Entity: incentive.Store, Period: incentive.PerDay, Count: 1, Amount: cny("1")}}
		}), incentive.CodeMalformed, "rules[0].caps[0]"},
		{"money cap on views", rule0(func(r *incentive.Rule) {
			r.Caps = []incentive.Cap{{Entity: incentive.Store, Period: incentive.PerDay, Amount: cny("1")}}
		}), incentive.CodeMalformed, "rules[0].caps[0].amount"},
		{"unknown cap period", rule0(func(r *incentive.Rule) { r.Caps = []incentive.Cap{{Entity: incentive.Store, Period: 9, Count: 1}} }), incentive.CodeMalformed, "rules[0].caps[0].period"},
		{"two caps alike", rule0(func(r *incentive.Rule) {
			r.Caps = []incentive.Cap{{Entity: incentive.Merchant, Period: incentive.PerMonth, Count: 1}, {Entity: incentive.Merchant, Period: incentive.PerMonth, Count: 2}}
		}), incentive.CodeDuplicate, "rules[0].caps[1]"},

		// Windows and anchors.
		{"window without anchor", rule0(func(r *incentive.Rule) { r.Window = incentive.Window{Kind: incentive.NaturalDays, Days: 30} }), incentive.CodeMissing, "rules[0].anchor"},
		{"anchor without window", rule0(func(r *incentive.Rule) { r.Anchor = incentive.AtEvent }), incentive.CodeMalformed, "rules[0].anchor"},
		{"unknown anchor", rule0(func(r *incentive.Rule) { r.Window, r.Anchor = incentive.Window{Kind: incentive.CalendarMonth}, 9 }), incentive.CodeMalformed, "rules[0].anchor"},
		{"window days", rule0(func(r *incentive.Rule) {
			r.Window, r.Anchor = incentive.Window{Kind: incentive.NaturalDays, Days: 4000}, incentive.AtEvent
		}), incentive.CodeBadWindow, "rules[0].window.days"},
		{"lag on natural days", rule0(func(r *incentive.Rule) {
			r.Window, r.Anchor = incentive.Window{Kind: incentive.NaturalDays, Days: 3, Lag: 1}, incentive.AtEvent
		}), incentive.CodeMalformed, "rules[0].window.lag"},
		{"days on a month", rule0(func(r *incentive.Rule) {
			r.Window, r.Anchor = incentive.Window{Kind: incentive.CalendarMonth, Days: 1}, incentive.AtEvent
		}), incentive.CodeMalformed, "rules[0].window.days"},
		{"fixed without start", rule0(func(r *incentive.Rule) { r.Window = incentive.Window{Kind: incentive.Fixed, To: at} }), incentive.CodeMissing, "rules[0].window.from"},
		{"fixed with calendar", rule0(func(r *incentive.Rule) {
			r.Window = incentive.Window{Kind: incentive.Fixed, From: at, Calendar: incentive.Calendar{ID: "x"}}
		}), incentive.CodeMalformed, "rules[0].window.calendar"},
		{"activation lag", rule0(func(r *incentive.Rule) {
			r.Window, r.Anchor = incentive.Window{Kind: incentive.Activation, Lag: 400}, incentive.AtEvent
		}), incentive.CodeBadWindow, "rules[0].window.lag"},
		{"activation from", rule0(func(r *incentive.Rule) {
			r.Window, r.Anchor = incentive.Window{Kind: incentive.Activation, From: at}, incentive.AtEvent
		}), incentive.CodeMalformed, "rules[0].window.from"},
		{"unknown window kind", rule0(func(r *incentive.Rule) { r.Window, r.Anchor = incentive.Window{Kind: 77}, incentive.AtEvent }), incentive.CodeMalformed, "rules[0].window.kind"},
		{"payout on a month", rule0(func(r *incentive.Rule) { r.Payout = incentive.Window{Kind: incentive.CalendarMonth} }), incentive.CodeBadWindow, "rules[0].payout"},
		{"payout without calendar", rule0(func(r *incentive.Rule) { r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10} }), incentive.CodeMissing, "rules[0].payout.calendar.id"},
		{"payout with lag", rule0(func(r *incentive.Rule) { r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Lag: 1} }), incentive.CodeMalformed, "rules[0].payout.lag"},
		{"calendar date twice", rule0(func(r *incentive.Rule) {
			r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "c", Holidays: []incentive.Date{date(2024, 10, 1), date(2024, 10, 1)}}}
		}), incentive.CodeDuplicate, "rules[0].payout.calendar.holidays[1]"},
		{"holiday and workday", rule0(func(r *incentive.Rule) {
			r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "c", Holidays: []incentive.Date{date(2024, 10, 12)}, Workdays: []incentive.Date{date(2024, 10, 12)}}}
		}), incentive.CodeDuplicate, "rules[0].payout.calendar.workdays[0]"},
		{"make-up on a weekday", rule0(func(r *incentive.Rule) {
			r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "c", Workdays: []incentive.Date{date(2024, 10, 8)}}}
		}), incentive.CodeMalformed, "rules[0].payout.calendar.workdays[0]"},
		{"no such date", rule0(func(r *incentive.Rule) {
			r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "c", Holidays: []incentive.Date{date(2024, 2, 30)}}}
		}), incentive.CodeMalformed, "rules[0].payout.calendar.holidays[0]"},
		{"no such workday", rule0(func(r *incentive.Rule) {
			r.Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "c", Workdays: []incentive.Date{{}}}}
		}), incentive.CodeMalformed, "rules[0].payout.calendar.workdays[0]"},
		{"two calendars of one name", edit(func(p *incentive.Programme) {
			second(p)
			p.Rules[0].Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: cn2024()}
			p.Rules[1].Payout = incentive.Window{Kind: incentive.BusinessDays, Days: 10, Calendar: incentive.Calendar{ID: "cn-2024"}}
		}), incentive.CodeDuplicate, "rules[1].payout.calendar"},

		// Predicates.
		{"unknown predicate", rule0(func(r *incentive.Rule) { r.Eligibility = []incentive.Predicate{{Kind: 99}} }), incentive.CodeMalformed, "rules[0].eligibility[0].kind"},
		{"threshold on a time", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.AtLeast, Fact: incentive.FactOpenedAt}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].fact"},
		{"money threshold as a value", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Value: score("1")}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].value"},
		{"money threshold missing", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV}}
		}), incentive.CodeMissing, "rules[0].eligibility[0].amount"},
		{"money threshold in USD", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Amount: commerce.MustParseMoney("USD 1")}}
		}), incentive.CodeCurrency, "rules[0].eligibility[0].amount"},
		{"negative money threshold", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Amount: cny("-1")}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].amount"},
		{"score as money", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Amount: cny("1")}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].amount"},
		{"negative score", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("-1")}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].value"},
		{"fractional count", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.AtLeast, Fact: incentive.FactListedProducts, Value: score("4.5")}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].value"},
		{"days on a category", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.InCategory, Categories: []string{"a"}, Days: 3}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].days"},
		{"no categories", rule0(func(r *incentive.Rule) { r.Eligibility = []incentive.Predicate{{Kind: incentive.InCategory}} }), incentive.CodeMissing, "rules[0].eligibility[0].categories"},
		{"category twice", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.InCategory, Categories: []string{"a", "a"}}}
		}), incentive.CodeDuplicate, "rules[0].eligibility[0].categories[1]"},
		{"blank category", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.InCategory, Categories: []string{""}}}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].categories[0]"},
		{"refund gate over 100%", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.RefundGate, Rate: commerce.Percent(101), MinOrders: 10}}
		}), incentive.CodeRateOver100, "rules[0].eligibility[0].rate"},
		{"refund gate at 0%", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.RefundGate, MinOrders: 10}}
		}), incentive.CodeMissing, "rules[0].eligibility[0].rate"},
		{"refund gate without sample", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.RefundGate, Rate: commerce.Percent(30)}}
		}), incentive.CodeMissing, "rules[0].eligibility[0].min-orders"},
		{"zero days", rule0(func(r *incentive.Rule) { r.Eligibility = []incentive.Predicate{{Kind: incentive.OpenedWithin}} }), incentive.CodeBadWindow, "rules[0].eligibility[0].days"},
		{"empty any-of", rule0(func(r *incentive.Rule) { r.Eligibility = []incentive.Predicate{{Kind: incentive.AnyOf}} }), incentive.CodeMissing, "rules[0].eligibility[0].of"},
		{"bad child", rule0(func(r *incentive.Rule) {
			r.Eligibility = []incentive.Predicate{{Kind: incentive.AllOf, Of: []incentive.Predicate{{Kind: incentive.OpenedWithin, Days: 1}, {Kind: incentive.InCategory}}}}
		}), incentive.CodeMissing, "rules[0].eligibility[0].of[1].categories"},
		{"too deep", rule0(func(r *incentive.Rule) {
			p := incentive.Predicate{Kind: incentive.OpenedWithin, Days: 1}
			for range 9 {
				p = incentive.Predicate{Kind: incentive.AnyOf, Of: []incentive.Predicate{p}}
			}
			r.Eligibility = []incentive.Predicate{p}
		}), incentive.CodeMalformed, "rules[0].eligibility[0].of[0].of[0].of[0].of[0].of[0].of[0].of[0].of[0]"},

		// Rankings, baselines and minimums.
		{"ranking without tie-break", rule0(func(r *incentive.Rule) { r.Metric, r.Ranking = incentive.GMV, incentive.Ranking{Top: 350} }), incentive.CodeAmbiguousRanking, "rules[0].ranking.tie-break"},
		{"ranking ending on a shared key", rule0(func(r *incentive.Rule) {
			r.Metric, r.Ranking = incentive.GMV, incentive.Ranking{Top: 350, TieBreak: []incentive.TieKey{incentive.EarlierFirstBroadcast}}
		}), incentive.CodeAmbiguousRanking, "rules[0].ranking.tie-break"},
		{"ranking key twice", rule0(func(r *incentive.Rule) {
			r.Metric, r.Ranking = incentive.GMV, incentive.Ranking{Top: 3, TieBreak: []incentive.TieKey{incentive.EarlierOpening, incentive.EarlierOpening, incentive.LowerMerchantID}}
		}), incentive.CodeDuplicate, "rules[0].ranking.tie-break[1]"},
		{"ranking unknown key", rule0(func(r *incentive.Rule) {
			r.Metric, r.Ranking = incentive.GMV, incentive.Ranking{Top: 3, TieBreak: []incentive.TieKey{9, incentive.LowerMerchantID}}
		}), incentive.CodeMalformed, "rules[0].ranking.tie-break[0]"},
		{"ranking of none", rule0(func(r *incentive.Rule) {
			r.Metric, r.Ranking = incentive.GMV, incentive.Ranking{TieBreak: []incentive.TieKey{incentive.LowerMerchantID}}
		}), incentive.CodeMissing, "rules[0].ranking.top"},
		{"ranking of tiers", rule0(func(r *incentive.Rule) {
			ladder(tier("0", "", cash("1")))(r)
			r.Ranking = incentive.Ranking{Top: 3, TieBreak: []incentive.TieKey{incentive.LowerMerchantID}}
		}), incentive.CodeMalformed, "rules[0].ranking"},
		{"incremental without baseline", rule0(func(r *incentive.Rule) {
			r.Metric, r.Ranking = incentive.IncrementalGMV, incentive.Ranking{Top: 3, TieBreak: []incentive.TieKey{incentive.LowerMerchantID}}
		}), incentive.CodeMissing, "rules[0].baseline"},
		{"baseline relative", rule0(func(r *incentive.Rule) {
			r.Metric, r.Baseline = incentive.IncrementalGMV, incentive.Baseline{Prior: incentive.Window{Kind: incentive.CalendarMonth}}
		}), incentive.CodeBadWindow, "rules[0].baseline.prior"},
		{"baseline open", rule0(func(r *incentive.Rule) {
			r.Metric, r.Baseline = incentive.IncrementalGMV, incentive.Baseline{Prior: incentive.Window{Kind: incentive.Fixed, From: at}}
		}), incentive.CodeBadWindow, "rules[0].baseline.prior.to"},
		{"baseline backwards", rule0(func(r *incentive.Rule) {
			r.Metric, r.Baseline = incentive.IncrementalGMV, incentive.Baseline{Prior: incentive.Window{Kind: incentive.Fixed, From: at, To: at}}
		}), incentive.CodeBadWindow, "rules[0].baseline.prior"},
		{"baseline in USD", rule0(func(r *incentive.Rule) {
			r.Metric, r.Baseline = incentive.IncrementalGMV, incentive.Baseline{Prior: incentive.Window{Kind: incentive.Fixed, From: at, To: at.Add(time.Hour)}, MinIncrement: commerce.MustParseMoney("USD 100")}
		}), incentive.CodeCurrency, "rules[0].baseline.min-increment"},
		{"baseline negative", rule0(func(r *incentive.Rule) {
			r.Metric, r.Baseline = incentive.IncrementalGMV, incentive.Baseline{Prior: incentive.Window{Kind: incentive.Fixed, From: at, To: at.Add(time.Hour)}, MinIncrement: cny("-1")}
		}), incentive.CodeMalformed, "rules[0].baseline.min-increment"},
		{"minimum without metric", rule0(func(r *incentive.Rule) { r.Minimums = []incentive.Minimum{{Count: 3}} }), incentive.CodeMissing, "rules[0].minimums[0].metric"},
		{"money minimum as count", rule0(func(r *incentive.Rule) { r.Minimums = []incentive.Minimum{{Metric: incentive.GMV, Count: 3}} }), incentive.CodeMalformed, "rules[0].minimums[0].count"},
		{"count minimum as money", rule0(func(r *incentive.Rule) {
			r.Minimums = []incentive.Minimum{{Metric: incentive.Orders, Amount: cny("3")}}
		}), incentive.CodeMalformed, "rules[0].minimums[0].amount"},
		{"count minimum zero", rule0(func(r *incentive.Rule) { r.Minimums = []incentive.Minimum{{Metric: incentive.Orders}} }), incentive.CodeMissing, "rules[0].minimums[0].count"},
		{"minimum twice", rule0(func(r *incentive.Rule) {
			r.Minimums = []incentive.Minimum{{Metric: incentive.Orders, Count: 1}, {Metric: incentive.Orders, Count: 2}}
		}), incentive.CodeDuplicate, "rules[0].minimums[1].metric"},

		// Stacking.
		{"exclusive tie", edit(func(p *incentive.Programme) {
			second(p)
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Exclusive, Rules: []string{"r", "s"}}}
		}), incentive.CodeAmbiguousStacking, "stacking[0].rules[1]"},
		{"joint limit tie", edit(func(p *incentive.Programme) {
			second(p)
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"r", "s"}, MaxApplicable: 1}}
		}), incentive.CodeAmbiguousStacking, "stacking[0].rules[1]"},
		{"rule in two groups", edit(func(p *incentive.Programme) {
			second(p)
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"r"}}, {ID: "h", Mode: incentive.Joint, Rules: []string{"r", "s"}}}
		}), incentive.CodeAmbiguousStacking, "stacking[1].rules[0]"},
		{"mutual exclusion tie", edit(func(p *incentive.Programme) {
			second(p)
			p.Rules[0].Excludes, p.Rules[1].Excludes = []string{"s"}, []string{"r"}
		}), incentive.CodeAmbiguousStacking, "rules[0].excludes[0]"},
		{"one-way exclusion tie", edit(func(p *incentive.Programme) {
			second(p)
			p.Rules[0].Excludes = []string{"s"}
		}), incentive.CodeAmbiguousStacking, "rules[0].excludes[0]"},
		{"unknown rule in group", edit(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"x"}}}
		}), incentive.CodeUnknownReference, "stacking[0].rules[0]"},
		{"rule twice in group", edit(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"r", "r"}}}
		}), incentive.CodeDuplicate, "stacking[0].rules[1]"},
		{"group twice", edit(func(p *incentive.Programme) {
			second(p)
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"r"}}, {ID: "g", Mode: incentive.Joint, Rules: []string{"s"}}}
		}), incentive.CodeDuplicate, "stacking[1].id"},
		{"group without id", edit(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{Mode: incentive.Joint, Rules: []string{"r"}}}
		}), incentive.CodeMissing, "stacking[0].id"},
		{"group without mode", edit(func(p *incentive.Programme) { p.Stacking = []incentive.Group{{ID: "g", Rules: []string{"r"}}} }), incentive.CodeMissing, "stacking[0].mode"},
		{"group of nothing", edit(func(p *incentive.Programme) { p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint}} }), incentive.CodeMissing, "stacking[0].rules"},
		{"negative limit", edit(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"r"}, MaxApplicable: -1}}
		}), incentive.CodeMalformed, "stacking[0].max-applicable"},
		{"exclusive of two", edit(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Exclusive, Rules: []string{"r"}, MaxApplicable: 2}}
		}), incentive.CodeMalformed, "stacking[0].max-applicable"},
		{"excludes itself", rule0(func(r *incentive.Rule) { r.Excludes = []string{"r"} }), incentive.CodeMalformed, "rules[0].excludes[0]"},
		{"excludes unknown", rule0(func(r *incentive.Rule) { r.Excludes = []string{"x"} }), incentive.CodeUnknownReference, "rules[0].excludes[0]"},
		{"excludes twice", edit(func(p *incentive.Programme) {
			second(p)
			p.Rules[0].Excludes = []string{"s", "s"}
		}), incentive.CodeDuplicate, "rules[0].excludes[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "want a ProgrammeError, got %v", err)
			assert.Equal(t, tt.code, pe.Code, "%v", err)
			assert.Equal(t, tt.path, pe.Path, "%v", err)
			assert.Equal(t, tt.p.ID, pe.Programme)
			assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
			_, err = incentive.NewCatalogue(tt.p)
			assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		p    incentive.Programme
	}{
		{"minimal", minimal()},
		{"ladder out of order", rule0(func(r *incentive.Rule) {
			r.Award, r.Metric = incentive.Award{}, incentive.GMV
			r.Tiers = []incentive.Tier{
				{From: cny("50000"), Award: incentive.Award{Kind: incentive.Cash, Amount: cny("500")}},
				{To: cny("10000"), Award: incentive.Award{Kind: incentive.Cash, Amount: cny("10")}},
				{From: cny("10000"), To: cny("50000"), Award: incentive.Award{Kind: incentive.Cash, Amount: cny("100")}},
			}
			r.Caps = []incentive.Cap{{Entity: incentive.Merchant, Period: incentive.PerMonth, Amount: cny("500")}}
		})},
		{"exclusive with priorities", edit(func(p *incentive.Programme) {
			second(p)
			p.Rules[1].Priority = 1
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Exclusive, Rules: []string{"r", "s"}}}
		})},
		{"joint without limit, equal priorities", edit(func(p *incentive.Programme) {
			second(p)
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"r", "s"}, MaxApplicable: 2}}
		})},
		{"fixed rule window", rule0(func(r *incentive.Rule) { r.Window = incentive.Window{Kind: incentive.Fixed, From: at} })},
		{"coupons", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{Kind: incentive.Coupons, Amount: cny("9"), Count: 30}
		})},
		{"count cap on cash", rule0(func(r *incentive.Rule) {
			r.Award = incentive.Award{Kind: incentive.Cash, Amount: cny("9")}
			r.Caps = []incentive.Cap{{Entity: incentive.Provider, Period: incentive.Lifetime, Count: 1}, {Entity: incentive.Provider, Period: incentive.Lifetime, Amount: cny("9")}}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, tt.p.Validate())
		})
	}
}

func TestEnumNames(t *testing.T) {
	assert.Equal(t, "fee-cashback", incentive.FeeCashback.String())
	assert.Equal(t, "AwardKind(0)", incentive.AwardKind(0).String())
	assert.Equal(t, "mcn", incentive.MCN.String())
	assert.Equal(t, "Entity(9)", incentive.Entity(9).String())
	assert.Equal(t, "lifetime", incentive.Lifetime.String())
	assert.Equal(t, "CapPeriod(9)", incentive.CapPeriod(9).String())
	assert.Equal(t, "incremental-gmv", incentive.IncrementalGMV.String())
	assert.Equal(t, "Metric(9)", incentive.Metric(9).String())
	assert.Equal(t, "lower-merchant-id", incentive.LowerMerchantID.String())
	assert.Equal(t, "TieKey(9)", incentive.TieKey(9).String())
	assert.Equal(t, "exclusive", incentive.Exclusive.String())
	assert.Equal(t, "StackMode(9)", incentive.StackMode(9).String())
	assert.Equal(t, "official", incentive.Official.String())
	assert.Equal(t, "SourceKind(9)", incentive.SourceKind(9).String())
	assert.Equal(t, "qualification", incentive.AtQualification.String())
	assert.Equal(t, "Anchor(9)", incentive.Anchor(9).String())
	assert.Equal(t, "product", incentive.PerProduct.String())
	assert.Equal(t, "Subject(9)", incentive.Subject(9).String())
}
