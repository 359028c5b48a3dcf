package referral

import (
	"fmt"
	"math"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Metric is a figure a tier condition tests.
type Metric uint8

// The metrics. The zero value is not a metric.
const (
	// OwnSpend is what the member spent.
	OwnSpend Metric = iota + 1
	// OrderCount is how many orders the member placed.
	OrderCount
	// DownlineSales is what the member's downline bought.
	DownlineSales
	// CommissionEarned is the commission the member earned.
	CommissionEarned
	numMetrics
)

var metricNames = [numMetrics]string{"", "own spend", "order count", "downline sales", "commission earned"}

// String returns the metric's name, such as "own spend".
func (m Metric) String() string {
	if m > 0 && m < numMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

// Condition is "metric at least Min". Min counts minor units of the
// ladder's currency for money metrics and orders for OrderCount.
type Condition struct {
	// Metric is the figure tested.
	Metric Metric
	// Min is the least value that meets the condition; at least 1.
	Min int64
}

// TierRule says what a tier takes: all of its conditions (AND) or any of
// them (OR).
type TierRule struct {
	// Tier is the tier the rule grants; at least 1.
	Tier Tier
	// Any makes the rule an OR of its conditions; by default it is an AND.
	Any bool
	// Conditions are the rule's conditions; at least one.
	Conditions []Condition
}

// Figures are a member's figures over whatever window the ladder is
// evaluated on (a rolling 30 days, a calendar month): the caller sums them,
// so upgrades and downgrades both follow from the same evaluation.
type Figures struct {
	// OwnSpend, DownlineSales and Commission are money in the ladder's
	// currency.
	OwnSpend, DownlineSales, Commission commerce.Money
	// Orders is the member's order count.
	Orders int64
}

// TierLadder assigns distributor tiers from figures: the highest tier
// whose rule the figures meet, or 0. Evaluated again on later figures, it
// upgrades or downgrades.
type TierLadder struct {
	rules []TierRule
	cur   commerce.Currency
}

// NewTierLadder validates the rules, in currency c: tiers at least 1 and
// distinct, every rule with at least one condition of a known metric and a
// positive minimum. Errors are [commerce.ErrInvalid].
func NewTierLadder(c commerce.Currency, rules ...TierRule) (TierLadder, error) {
	if _, err := commerce.NewMoney(0, c); err != nil {
		return TierLadder{}, &commerce.FieldError{Field: "tier ladder: currency", Err: err}
	}
	out := make([]TierRule, len(rules))
	for i, r := range rules {
		f := fmt.Sprintf("tier ladder: rules[%d]", i)
		if r.Tier == 0 {
			return TierLadder{}, fieldErr(f+": tier", "0 is the ordinary member, not a tier to reach")
		}
		if len(r.Conditions) == 0 {
			return TierLadder{}, fieldErr(f+": conditions", "none")
		}
		for j, c := range r.Conditions {
			if c.Metric == 0 || c.Metric >= numMetrics {
				return TierLadder{}, fieldErr(fmt.Sprintf("%s: conditions[%d]: metric", f, j), "%v is not a metric", c.Metric)
			}
			if c.Min < 1 {
				return TierLadder{}, fieldErr(fmt.Sprintf("%s: conditions[%d]: min", f, j), "%d is not positive", c.Min)
			}
		}
		out[i] = TierRule{Tier: r.Tier, Any: r.Any, Conditions: slices.Clone(r.Conditions)}
	}
	slices.SortFunc(out, func(a, b TierRule) int { return int(b.Tier) - int(a.Tier) })
	for i := 1; i < len(out); i++ {
		if out[i].Tier == out[i-1].Tier {
			return TierLadder{}, fieldErr("tier ladder: rules", "tier %v listed twice", out[i].Tier)
		}
	}
	return TierLadder{rules: out, cur: c}, nil
}

// ConditionCheck is one condition tested against figures.
type ConditionCheck struct {
	// Condition is the condition.
	Condition Condition
	// Value is the member's figure.
	Value int64
	// Met reports Value ≥ Min; Short is Min − Value when not met.
	Met   bool
	Short int64
}

// RuleCheck is one tier rule tested against figures.
type RuleCheck struct {
	// Tier and Any are the rule's.
	Tier Tier
	Any  bool
	// Met reports that the rule grants the tier.
	Met bool
	// Conditions are the rule's conditions, tested.
	Conditions []ConditionCheck
}

// Assignment is a tier and why: every rule from the highest tier down to
// the one that granted it (or all of them when none did).
type Assignment struct {
	// Tier is the tier assigned; 0 when no rule is met.
	Tier Tier
	// Checks are the rules tested, highest tier first.
	Checks []RuleCheck
}

// String explains the assignment, one rule per line, with the shortfall of
// each unmet condition.
func (a Assignment) String() string {
	s := fmt.Sprintf("tier %v", a.Tier)
	for _, r := range a.Checks {
		join := "all of"
		if r.Any {
			join = "any of"
		}
		verdict := "not met"
		if r.Met {
			verdict = "met"
		}
		s += fmt.Sprintf("\n  %v: %s, %s", r.Tier, join, verdict)
		for _, c := range r.Conditions {
			if c.Met {
				s += fmt.Sprintf("\n    %v %d ≥ %d", c.Condition.Metric, c.Value, c.Condition.Min)
			} else {
				s += fmt.Sprintf("\n    %v %d < %d, short by %d", c.Condition.Metric, c.Value, c.Condition.Min, c.Short)
			}
		}
	}
	return s
}

// Assign returns the tier the figures earn, with the checks that decided
// it. Money figures in another currency are [commerce.ErrCurrencyMismatch].
func (l TierLadder) Assign(f Figures) (Assignment, error) {
	values := [numMetrics]int64{}
	for _, m := range []struct {
		metric Metric
		v      commerce.Money
	}{{OwnSpend, f.OwnSpend}, {DownlineSales, f.DownlineSales}, {CommissionEarned, f.Commission}} {
		if m.v != (commerce.Money{}) && m.v.Currency() != l.cur {
			return Assignment{}, fmt.Errorf("referral: tier ladder: %v: %w", m.metric, &commerce.MismatchError{A: l.cur, B: m.v.Currency()})
		}
		values[m.metric] = m.v.Units()
	}
	values[OrderCount] = f.Orders
	var a Assignment
	for _, r := range l.rules {
		rc := RuleCheck{Tier: r.Tier, Any: r.Any, Met: !r.Any}
		for _, c := range r.Conditions {
			v := values[c.Metric]
			cc := ConditionCheck{Condition: c, Value: v, Met: v >= c.Min}
			if !cc.Met {
				var ok bool
				if cc.Short, ok = sub64(c.Min, v); !ok {
					cc.Short = math.MaxInt64
				}
			}
			if r.Any {
				rc.Met = rc.Met || cc.Met
			} else {
				rc.Met = rc.Met && cc.Met
			}
			rc.Conditions = append(rc.Conditions, cc)
		}
		a.Checks = append(a.Checks, rc)
		if rc.Met {
			a.Tier = r.Tier
			break
		}
	}
	return a, nil
}
