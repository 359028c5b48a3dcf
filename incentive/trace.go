package incentive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Matched returns the outcomes of the eligibility predicates of the
// grant's rule, as checked when it was earned: the "why" of the grant.
// It is empty for a rule without predicates or a grant not made by r.
func (r Result) Matched(g Grant) []Outcome {
	if r.ev == nil || g.rule >= len(r.ev.e.p.Rules) || r.ev.e.p.Rules[g.rule].ID != g.Rule {
		return []Outcome{}
	}
	return r.explain(g.rule, g.EarnedAt).Outcomes
}

// explain checks rule i at t; the facts were validated by Evaluate.
func (r Result) explain(i int, t time.Time) Verdict {
	p := &r.ev.e.p
	v, _ := check(p.ID, p.Version, i, &p.Rules[i], &r.facts, t, r.ev.e.loc, p.Currency)
	return v
}

// WhyNot returns, for each rule and window the merchant did not earn
// for want of eligibility or of rank, the [Verdict] of its check:
// [Verdict.WhyNot] lists the predicates that failed and by how much. A
// merchant eligible for a ranking rule but ranked below its Top by
// [Evaluator.Rank] has a Verdict that is Eligible, whose last outcome,
// failed, is the ranking's: its Path ends in ".ranking", its Kind is
// zero, Have is the rank ("rank 3 of 4"), Need the Top ("top 2"), and
// Short what the metric falls short of the last rank awarded (empty for
// a tie lost on the tie-break).
func (r Result) WhyNot() []Verdict {
	gs := unpackAll(r.words())
	out := make([]Verdict, 0, len(gs))
	for k := range gs {
		if g := &gs[k]; g.flags&gWhyNot != 0 {
			out = append(out, r.verdict(g))
		}
	}
	return out
}

// verdict returns the Verdict of why-not marker g: its rule's check at
// g's instant and, for a candidate outranked, the ranking's outcome.
func (r Result) verdict(g *grant) Verdict {
	v := r.explain(int(g.rule), g.at.in(r.ev.e.loc))
	if g.rank <= 0 {
		return v
	}
	rl := &r.ev.e.p.Rules[g.rule]
	text := func(n int64) string {
		if rl.Metric.money() {
			return commerce.MustNewMoney(n, r.ev.e.p.Currency).String()
		}
		return fmt.Sprint(n)
	}
	o := Outcome{Path: fmt.Sprintf("rules[%d].ranking", g.rule), Have: fmt.Sprintf("rank %d of %d", g.rank, g.count),
		Need: fmt.Sprintf("top %d", rl.Ranking.Top)}
	if short := g.amount - g.measured; short > 0 {
		o.Short = text(short)
		o.Reason = fmt.Sprintf("%s %s ranks %d of %d, outside the top %d: short %s of rank %d's %s",
			rl.Metric, text(g.measured), g.rank, g.count, rl.Ranking.Top, o.Short, rl.Ranking.Top, text(g.amount))
	} else {
		o.Reason = fmt.Sprintf("%s %s ranks %d of %d, outside the top %d: tied with rank %d, behind it on the tie-break",
			rl.Metric, text(g.measured), g.rank, g.count, rl.Ranking.Top, rl.Ranking.Top)
	}
	v.Outcomes = append(v.Outcomes, o)
	return v
}

type traceWindowJSON struct {
	From time.Time  `json:"from"`
	To   *time.Time `json:"to,omitempty"`
}

type traceCapJSON struct {
	Capped bool   `json:"capped"`
	Used   string `json:"used"`
	Left   string `json:"left"`
}

type grantJSON struct {
	Programme string          `json:"programme"`
	Version   string          `json:"version"`
	Rule      string          `json:"rule"`
	Kind      string          `json:"kind"`
	Amount    string          `json:"amount,omitempty"`
	Views     int64           `json:"views,omitempty"`
	Count     int64           `json:"count,omitempty"`
	Note      string          `json:"note,omitempty"`
	Product   string          `json:"product,omitempty"`
	Store     string          `json:"store,omitempty"`
	Rung      string          `json:"rung,omitempty"`
	Rank      int             `json:"rank,omitempty"`
	EarnedAt  time.Time       `json:"earned-at"`
	Window    traceWindowJSON `json:"window"`
	Metric    string          `json:"metric,omitempty"`
	Measured  string          `json:"measured,omitempty"`
	Cap       *traceCapJSON   `json:"cap,omitempty"`
	Rounding  string          `json:"rounding,omitempty"`
	Matched   []Outcome       `json:"matched"`
}

type whyNotJSON struct {
	Rule   string    `json:"rule"`
	Store  string    `json:"store,omitempty"`
	At     time.Time `json:"at"`
	Failed []Outcome `json:"failed"`
}

type resultJSON struct {
	Programme string       `json:"programme"`
	Version   string       `json:"version"`
	Merchant  string       `json:"merchant"`
	From      time.Time    `json:"from"`
	To        time.Time    `json:"to"`
	Grants    []grantJSON  `json:"grants"`
	WhyNot    []whyNotJSON `json:"why-not"`
}

// MarshalJSON encodes the result as stable JSON: the programme, version,
// merchant and period (instants in UTC), then each grant with its trace
// (window, metric measured, cap used and left, rounding, the eligibility
// predicates matched), then each rule not earned with the predicates that
// failed and by how much. Fields come in a fixed order, so golden files
// diff cleanly.
func (r Result) MarshalJSON() ([]byte, error) {
	if r.ev == nil {
		return []byte("null"), nil
	}
	p := &r.ev.e.p
	out := resultJSON{Programme: p.ID, Version: p.Version, Merchant: r.facts.Merchant, From: r.from.UTC(), To: r.to.UTC(),
		Grants: []grantJSON{}, WhyNot: []whyNotJSON{}}
	gs := unpackAll(r.words())
	for k := range gs {
		c := &gs[k]
		if c.flags&gWhyNot != 0 {
			at := c.at.in(r.ev.e.loc)
			failed := r.verdict(c).WhyNot()
			if failed == nil {
				failed = []Outcome{}
			}
			out.WhyNot = append(out.WhyNot, whyNotJSON{Rule: p.Rules[c.rule].ID, Store: name(r.names, c.store), At: at.UTC(), Failed: failed})
			continue
		}
		g := r.public(c)
		j := grantJSON{Programme: g.Programme, Version: g.Version, Rule: g.Rule, Kind: g.Kind.String(), Views: g.Views, Count: g.Count,
			Note: g.Note, Product: g.Product, Store: g.Store, Rank: g.Rank, EarnedAt: g.EarnedAt.UTC(), Window: traceWindowJSON{From: g.From.UTC()},
			Measured: g.MeasuredText(), Matched: r.Matched(g)}
		if !g.Amount.IsZero() {
			j.Amount = g.Amount.String()
		}
		if !g.Rung.IsZero() {
			j.Rung = g.Rung.String()
		}
		if !g.To.IsZero() {
			to := g.To.UTC()
			j.Window.To = &to
		}
		if g.Metric != 0 {
			j.Metric = g.Metric.String()
		}
		if g.CapUnit != "" {
			j.Cap = &traceCapJSON{Capped: g.Capped, Used: g.capText(g.CapUsed), Left: g.capText(g.CapLeft)}
		}
		if g.Rounding != 0 {
			j.Rounding = g.Rounding.String()
		}
		out.Grants = append(out.Grants, j)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("incentive: result: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
