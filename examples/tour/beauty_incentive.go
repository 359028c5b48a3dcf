package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// The programmes section 5 compares, as incentive.Builtin names them.
const (
	treasureHostID = "xiaohongshu-treasure-host"
	channels618ID  = "wechat-channels-618"
)

// The fee example: Puffbloom's Xiaohongshu store, in the category
// "beauty" of the fee plan's table, repeats its first broadcast every week
// from the first Wednesday of the commission-free plan.
const (
	feeStore      = "puffbloom-xhs"
	feeCategory   = "beauty"
	feeBroadcasts = 5
)

// treasureHost values the incentives Puffbloom earned with its first
// broadcast: the treasure-host grants with their trace, what failed, the
// result's JSON, the WeChat Channels 618 plan for the same merchant side by
// side, and a technical-service-fee quote that crosses the
// commission-free plan's cap.
func treasureHost(w io.Writer, s *story) error {
	profile, paid, refunded := merchantProfile(s)
	start := s.broadcast.Session.From
	// June, the month of the first broadcast, in the programmes' zone.
	from := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, s.shanghai)
	to := from.AddDate(0, 1, 0)

	cat := incentive.Builtin()
	prog, err := cat.Lookup(treasureHostID, start, start)
	if err != nil {
		return err
	}
	ev, err := cat.Evaluator(treasureHostID, start, start)
	if err != nil {
		return err
	}
	res, err := ev.Evaluate(profile, from, to)
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("Puffbloom had never broadcast before %s, so the programme %q", start.Format("2 January"), prog.Title),
		fmt.Sprintf("supports it as a new merchant. The programme is data (incentive.Builtin: %s, version %s, a source of kind %s).",
			prog.ID, prog.Version, prog.Source.Kind),
		fmt.Sprintf("Its evaluator reads the merchant's facts: first broadcast %s, none before (a known", stamp(start)),
		fmt.Sprintf("zero), a streak of %s, external GMV unknown; and its events from section 3: the", plural(profile.Facts.BroadcastStreakDays, "day")),
		fmt.Sprintf("broadcast, %s paid and %s refunded (incentive.Profile). June's grants", plural(paid, "order"), count(refunded)),
		"(Evaluator.Evaluate), each with its half-open window and the cap it used:")

	grants := res.Grants()
	t := table{align: "lllr"}
	t.row("rule", "award", "window", "cap used")
	t.rule()
	cold, milestone := -1, -1
	for i, g := range grants {
		award := g.Kind.String()
		switch {
		case g.Views > 0:
			award = plural(g.Views, "view")
		case !g.Rung.IsZero():
			award = "rung " + g.Rung.String()
			milestone = i
		}
		window := g.From.In(s.shanghai).Format("01-02")
		if !g.To.IsZero() {
			window += "–" + g.To.In(s.shanghai).Format("01-02")
		}
		used := ""
		if g.CapUnit != "" {
			used = fmt.Sprintf("%s/%s", count(g.CapUsed), count(g.CapUsed+g.CapLeft))
		}
		t.row(g.Rule, award, window, used)
		if g.Rule == "cold-start-traffic" {
			cold = i
		}
	}
	t.write(w)
	if cold < 0 || milestone < 0 {
		return fmt.Errorf("%s: no cold-start grant or no milestone", treasureHostID)
	}

	var rungs []string
	for _, r := range prog.Rules {
		if r.ID == grants[milestone].Rule {
			for _, m := range r.Milestones {
				rungs = append(rungs, m.Threshold.String())
			}
		}
	}
	para(w, fmt.Sprintf("The sales milestones' rungs are %s, each paid once for life.", strings.Join(rungs, ", ")),
		fmt.Sprintf("June's GMV as the programme measures it is %s (Grant.MeasuredText), net of the", grants[milestone].MeasuredText()),
		fmt.Sprintf("refunds; section 3's tally counted %s, refunded orders included.", s.gmv))

	js, err := res.MarshalJSON()
	if err != nil {
		return err
	}
	var parts struct {
		Grants []json.RawMessage `json:"grants"`
	}
	if err := json.Unmarshal(js, &parts); err != nil {
		return err
	}
	if len(parts.Grants) != len(grants) {
		return fmt.Errorf("the result's JSON has %d grants, Grants %d", len(parts.Grants), len(grants))
	}
	var trace bytes.Buffer
	if err := json.Indent(&trace, parts.Grants[cold], "    ", "  "); err != nil {
		return err
	}
	para(w, "The trace of the cold-start grant, as the result's stable JSON gives it",
		fmt.Sprintf("(Result.MarshalJSON, %s in all, instants in UTC). Its \"matched\" are", plural(int64(len(js)), "byte")),
		"Result.Matched: the eligibility predicates as checked when the grant was earned.")
	fmt.Fprintf(w, "    %s\n\n", trace.String())

	var lacks []string
	for _, v := range res.WhyNot() {
		for _, o := range v.WhyNot() {
			lacks = append(lacks, v.Rule+": "+o.String())
		}
	}
	para(w, "What the merchant lacks for the rules it did not earn (Result.WhyNot):")
	fmt.Fprintf(w, "%s\n\n", indent(strings.Join(lacks, "\n")))

	if err := whatIf(w, s, cat, profile, from, to); err != nil {
		return err
	}
	return feeQuote(w, s)
}

// merchantProfile returns Puffbloom as the incentive programmes see it:
// its facts on the day of its first broadcast, and its events, the
// broadcast and the orders of section 3's records, paid and refunded. It
// also returns the numbers of orders paid and refunded.
func merchantProfile(s *story) (p incentive.Profile, paid, refunded int64) {
	b := s.broadcast
	p.Facts = incentive.Facts{
		Merchant: "puffbloom",
		Known:    incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt | incentive.FactBroadcastStreakDays,
		// LastBroadcastAt known and zero: never broadcast before.
		FirstBroadcastAt: b.Session.From, BroadcastStreakDays: 1,
	}
	p.Events = append(p.Events, incentive.Event{Kind: incentive.Broadcast, ID: "puffbloom-first-live", At: b.Session.From})
	for _, r := range b.Records {
		for _, o := range r.Orders {
			if o.PaidAt().IsZero() {
				continue
			}
			paid++
			p.Events = append(p.Events, incentive.Event{Kind: incentive.OrderPaid, ID: o.ID(), At: o.PaidAt(), Amount: o.Paid()})
			for _, rf := range o.Refunds() {
				refunded++
				p.Events = append(p.Events, incentive.Event{Kind: incentive.OrderRefunded, ID: o.ID(), At: rf.At, Amount: rf.Amount})
			}
		}
	}
	return p, paid, refunded
}

// whatIf values the treasure host and WeChat Channels' 618 plan side by
// side for the same merchant over the same month.
func whatIf(w io.Writer, s *story, cat incentive.Catalogue, profile incentive.Profile, from, to time.Time) error {
	ch, err := cat.Lookup(channels618ID, from, to)
	if err != nil {
		return err
	}
	values, err := cat.WhatIf(profile, from, to, treasureHostID, channels618ID)
	if err != nil {
		return err
	}
	last := ch.Effective.To.Add(-time.Nanosecond)
	para(w, fmt.Sprintf("The same merchant under the %q (%s, in effect", ch.Title, ch.ID),
		fmt.Sprintf("%s to %s, a source of kind %s), beside the treasure host over June",
			ch.Effective.From.In(s.shanghai).Format("2 January"), last.In(s.shanghai).Format("2 January"), ch.Source.Kind),
		"(Catalogue.WhatIf):")
	t := table{align: "llrrrr"}
	t.row("programme", "version", "money", "views", "perks", "grants")
	t.rule()
	for _, v := range values {
		t.row(v.Programme, strings.Join(v.Versions, ", "), v.Money.String(), count(v.Views), count(int64(v.Perks)), count(int64(v.Grants)))
	}
	t.write(w)
	para(w, "Xiaohongshu pays in traffic, WeChat in a growth card and a lower fee (a fee",
		"reduction counts as a perk): WhatIf lays them side by side and leaves the choice to the merchant.")
	return nil
}

// feeQuote runs Xiaohongshu's commission-free plan over five weeks of
// Puffbloom's first broadcast, replayed from the plan's first Wednesday:
// it quotes every order in the order they were paid, carrying the cap's
// consumption from one to the next, and prints the order that crosses the
// ¥1M cap and the fees of each month.
func feeQuote(w io.Writer, s *story) error {
	spec := incentive.XiaohongshuCommissionFree()
	plan, err := incentive.CompileFeePlan(spec)
	if err != nil {
		return err
	}
	if len(spec.Allowances) != 1 {
		return fmt.Errorf("%s: %d allowances, want 1", spec.ID, len(spec.Allowances))
	}
	allow := spec.Allowances[0]
	var catRate commerce.Rate
	for _, c := range spec.Table.Categories {
		if c.Category == feeCategory {
			catRate = c.Rate
		}
	}
	// The plan's first Wednesday, at the time of day of the first broadcast.
	b := s.broadcast
	day := spec.Effective.From.In(s.shanghai)
	for day.Weekday() != time.Wednesday {
		day = day.AddDate(0, 0, 1)
	}
	hour, minute, _ := b.Session.From.In(s.shanghai).Clock()
	first := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, s.shanghai)
	var orders []incentive.FeeOrder
	for week := range feeBroadcasts {
		shift := first.AddDate(0, 0, 7*week).Sub(b.Session.From)
		for _, r := range b.Records {
			for _, o := range r.Orders {
				if o.PaidAt().IsZero() {
					continue
				}
				orders = append(orders, incentive.FeeOrder{ID: fmt.Sprintf("%s-w%d", o.ID(), week+1), Merchant: "puffbloom",
					Store: feeStore, Category: feeCategory, PaidAt: o.PaidAt().Add(shift), Paid: o.Paid()})
			}
		}
	}
	// Orders consume the cap in the order they were paid, ties by ID.
	slices.SortFunc(orders, func(a, b incentive.FeeOrder) int {
		if c := a.PaidAt.Compare(b.PaidAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})

	// A month's orders, sales and fees, and its base priced at each rate.
	type month struct {
		cycle              incentive.FeeCycle
		orders             int64
		paid, fee, reduced commerce.Money
		full               commerce.Money
	}
	var months []*month
	var used incentive.CapUse
	var cross incentive.FeeQuote
	crossed := false
	for _, o := range orders {
		q, err := plan.Quote(o, used)
		if err != nil {
			return err
		}
		if used[0], err = used[0].Add(q.Consumed()[0]); err != nil {
			return err
		}
		if !crossed && len(q.Parts()) > 1 {
			cross, crossed = q, true
		}
		c := incentive.FeeCycleOf(o.PaidAt, spec.Location)
		if len(months) == 0 || months[len(months)-1].cycle != c {
			zero := commerce.Zero(spec.Currency)
			months = append(months, &month{cycle: c, paid: zero, fee: zero, reduced: zero, full: zero})
		}
		m := months[len(months)-1]
		m.orders++
		if m.paid, err = m.paid.Add(q.Base()); err != nil {
			return err
		}
		if m.fee, err = m.fee.Add(q.Fee()); err != nil {
			return err
		}
		for _, p := range q.Parts() {
			at := &m.full
			if p.Allowance >= 0 {
				at = &m.reduced
			}
			if *at, err = at.Add(p.Amount); err != nil {
				return err
			}
		}
	}
	if !crossed {
		return fmt.Errorf("%s: no order crosses the cap", spec.ID)
	}

	source, _, _ := strings.Cut(spec.Source, ":")
	para(w, fmt.Sprintf("A year on, Xiaohongshu's commission-free plan (incentive.XiaohongshuCommissionFree, %s@%s,", spec.ID, spec.Version),
		fmt.Sprintf("source: %s) charges only the %s payment fee on the first %s of a merchant's", source, allow.Rate, allow.Cap),
		fmt.Sprintf("sales from %s, shared by its stores, and the category's rate above it (%s: %s).",
			spec.Effective.From.In(s.shanghai).Format("2 January 2006"), feeCategory, catRate),
		fmt.Sprintf("Say Puffbloom repeats its first broadcast every Wednesday from %s, with the same", first.Format("2 January")),
		fmt.Sprintf("paid orders, refunds aside: %s over %s. The compiled plan (CompileFeePlan)",
			plural(int64(len(orders)), "order"), plural(feeBroadcasts, "broadcast")),
		"quotes each in the order they were paid, the cap's use carried from one to the next (CompiledFeePlan.Quote,",
		fmt.Sprintf("FeeQuote.Consumed). The order that crosses the cap, %s paid %s for %s,",
			cross.Order().ID, stamp(cross.Order().PaidAt), cross.Base()),
		"is split at the exact fen:")
	t := table{align: "rrl"}
	t.row("part", "rate", "priced by")
	t.rule()
	for _, p := range cross.Parts() {
		by := "the category's rate"
		if p.Allowance >= 0 {
			by = "allowance " + spec.Allowances[p.Allowance].ID
		}
		t.row(p.Amount.String(), p.Rate.String(), by)
	}
	t.write(w)
	qj, err := cross.MarshalJSON()
	if err != nil {
		return err
	}
	var quote struct {
		Allowances []json.RawMessage `json:"allowances"`
	}
	if err := json.Unmarshal(qj, &quote); err != nil {
		return err
	}
	if len(quote.Allowances) == 0 {
		return fmt.Errorf("the quote's JSON explains no allowance")
	}
	var allowance bytes.Buffer
	if err := json.Indent(&allowance, quote.Allowances[0], "    ", "  "); err != nil {
		return err
	}
	para(w, fmt.Sprintf("The fee is the exact sum, %s fen (FeeQuote.ExactFee), rounded %s once: %s.",
		cross.ExactFee(), spec.Rounding, cross.Fee()),
		"The quote explains itself (FeeQuote.MarshalJSON); its allowance:")
	fmt.Fprintf(w, "    %s\n\n", allowance.String())

	para(w, "Month by month, the sales priced at each rate and the fees, each order's fee",
		"rounded once and summed:")
	t = table{align: "lrrrrr"}
	t.row("month", "orders", "sales", "at "+allow.Rate.String(), "at "+catRate.String(), "fees")
	t.rule()
	for _, m := range months {
		t.row(fmt.Sprint(m.cycle), count(m.orders), m.paid.String(), m.reduced.String(), m.full.String(), m.fee.String())
	}
	t.write(w)
	return nil
}
