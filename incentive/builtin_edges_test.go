package incentive_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// updateEdges rewrites testdata/edges/*.json, the golden edge cases of
// the built-in programmes and fee plans.
var updateEdges = flag.Bool("update-edges", false, "rewrite the golden edge cases under testdata/edges")

// edgeCase is one golden edge case: what it checks, in words, and what
// it gives, as JSON.
type edgeCase struct {
	name, note string
	run        func(t *testing.T) any
}

type edgeCaseJSON struct {
	Case   string          `json:"case"`
	Note   string          `json:"note"`
	Output json.RawMessage `json:"output"`
}

type edgeFileJSON struct {
	Subject string         `json:"subject"`
	Cases   []edgeCaseJSON `json:"cases"`
}

// edgeError is the output of a case that must fail: the error's text.
type edgeError struct {
	Error string `json:"error"`
}

// runEdges runs the cases of one subject (a programme or a fee plan) and
// compares their outputs with testdata/edges/<subject>.json, or rewrites
// it with -update-edges. Every case runs twice: the output must be the
// same bytes (determinism).
func runEdges(t *testing.T, subject string, cases []edgeCase) {
	t.Helper()
	require.GreaterOrEqual(t, len(cases), 5, "at least five edge cases per subject")
	out := edgeFileJSON{Subject: subject}
	for _, c := range cases {
		var first []byte
		t.Run(c.name, func(t *testing.T) {
			first = edgeMarshal(t, c.run(t))
			require.Equal(t, string(first), string(edgeMarshal(t, c.run(t))), "a second run differs")
		})
		out.Cases = append(out.Cases, edgeCaseJSON{Case: c.name, Note: c.note, Output: first})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(out))
	var pretty bytes.Buffer
	require.NoError(t, json.Indent(&pretty, b.Bytes(), "", "  "))
	path := filepath.Join("testdata", "edges", subject+".json")
	if *updateEdges {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, pretty.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./incentive -run Edges -update-edges` to create %s", path)
	require.Equal(t, string(want), pretty.String(), "%s changed; if intended, run `go test ./incentive -run Edges -update-edges` and review the diff", path)
}

func edgeMarshal(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// edgeShanghai is the compiled-in Asia/Shanghai, the zone of the Chinese
// programmes and plans.
func edgeShanghai() *time.Location {
	loc, _ := incentive.Zone("Asia/Shanghai")
	return loc
}

// bj is an instant in Asia/Shanghai; ms are milliseconds.
func bj(y int, m time.Month, d, h, mi, s, ms int) time.Time {
	return time.Date(y, m, d, h, mi, s, ms*1e6, edgeShanghai())
}

func utcAt(y int, m time.Month, d, h, mi, s, ms int) time.Time {
	return time.Date(y, m, d, h, mi, s, ms*1e6, time.UTC)
}

// lastMilli is 23:59:59.999 on the day before d, 00:00 of d being the
// other side of the edge.
func lastMilli(d time.Time) time.Time { return d.Add(-time.Millisecond) }

// grantView is the part of a grant an edge case pins.
type grantView struct {
	Rule     string `json:"rule"`
	Kind     string `json:"kind"`
	Amount   string `json:"amount,omitempty"`
	Views    int64  `json:"views,omitempty"`
	Product  string `json:"product,omitempty"`
	Rung     string `json:"rung,omitempty"`
	Rank     int    `json:"rank,omitempty"`
	EarnedAt string `json:"earned-at"`
	From     string `json:"from"`
	To       string `json:"to,omitempty"`
	Measured string `json:"measured,omitempty"`
	Capped   bool   `json:"capped,omitempty"`
	CapUsed  int64  `json:"cap-used,omitempty"`
	CapLeft  *int64 `json:"cap-left,omitempty"`
	CapUnit  string `json:"cap-unit,omitempty"`
}

func viewGrant(g incentive.Grant, loc *time.Location) grantView {
	v := grantView{Rule: g.Rule, Kind: g.Kind.String(), Views: g.Views, Product: g.Product, Rank: g.Rank,
		EarnedAt: g.EarnedAt.In(loc).Format(time.RFC3339Nano), From: g.From.In(loc).Format(time.RFC3339Nano),
		Measured: g.MeasuredText(), Capped: g.Capped, CapUsed: g.CapUsed, CapUnit: g.CapUnit}
	if g.CapUnit != "" {
		left := g.CapLeft
		v.CapLeft = &left
	}
	if !g.Amount.IsZero() {
		v.Amount = g.Amount.String()
	}
	if !g.Rung.IsZero() {
		v.Rung = g.Rung.String()
	}
	if !g.To.IsZero() {
		v.To = g.To.In(loc).Format(time.RFC3339Nano)
	}
	return v
}

// viewGrants lists the grants of the given rules.
func viewGrants(gs []incentive.Grant, loc *time.Location, rules ...string) []grantView {
	out := []grantView{}
	for _, g := range gs {
		if slices.Contains(rules, g.Rule) {
			out = append(out, viewGrant(g, loc))
		}
	}
	return out
}

// evaluateBuiltin evaluates m over [from, to) under the built-in version
// of programme id in effect at from.
func evaluateBuiltin(t *testing.T, id string, m incentive.Profile, from, to time.Time) []incentive.Grant {
	t.Helper()
	ev, err := incentive.Builtin().Evaluator(id, from, from)
	require.NoError(t, err)
	res, err := ev.Evaluate(m, from, to)
	require.NoError(t, err)
	return res.Grants()
}

// cycleLine is a ledger line with its settlement cycle, which a line's
// own JSON leaves to the statement that lists it.
type cycleLine struct {
	Cycle incentive.FeeCycle `json:"cycle"`
	Line  incentive.FeeLine  `json:"line"`
}

// awardLedgerLines is an award ledger's lines with their cycles, for the
// golden files.
func awardLedgerLines(t *testing.T, loc *time.Location, cur commerce.Currency, accruals []incentive.AwardAccrual,
	refunds []incentive.AwardRefund, payouts []incentive.FeePayout) []cycleLine {
	t.Helper()
	l, err := incentive.NewAwardLedger(loc, cur, commerce.HalfUp, accruals, refunds, payouts)
	require.NoError(t, err)
	// The same events in reverse order give the same ledger.
	back, err := incentive.NewAwardLedger(loc, cur, commerce.HalfUp, reversed(accruals), reversed(refunds), reversed(payouts))
	require.NoError(t, err)
	require.Equal(t, string(edgeMarshal(t, l.Lines())), string(edgeMarshal(t, back.Lines())))
	lines := l.Lines()
	adjusted := 0
	for _, ln := range lines {
		if ln.Kind == incentive.FeeAdjusted {
			adjusted++
		}
	}
	require.LessOrEqual(t, adjusted, len(refunds), "a refund after payout adjusts once")
	out := make([]cycleLine, len(lines))
	for i, ln := range lines {
		out[i] = cycleLine{ln.Cycle, ln}
	}
	return out
}

func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// treasureFacts is a new merchant that never broadcast before its first
// broadcast at first (LastBroadcastAt known and zero), with a 12-day
// streak.
func treasureFacts(first time.Time) incentive.Facts {
	return incentive.Facts{Merchant: "m-edge", FirstBroadcastAt: first, BroadcastStreakDays: 12,
		Known: incentive.FactFirstBroadcastAt | incentive.FactLastBroadcastAt | incentive.FactBroadcastStreakDays}
}

// TestTreasureHostEdges: the golden edges of xiaohongshu-treasure-host
// 2024 (Asia/Shanghai).
func TestTreasureHostEdges(t *testing.T) {
	loc := edgeShanghai()
	const id = "xiaohongshu-treasure-host"
	first := bj(2024, 3, 10, 15, 0, 0, 0)
	march, april, may := bj(2024, 3, 1, 0, 0, 0, 0), bj(2024, 4, 1, 0, 0, 0, 0), bj(2024, 5, 1, 0, 0, 0, 0)
	cny := commerce.MustParseMoney
	order := func(id string, at time.Time, amount string) incentive.Event {
		return incentive.Event{Kind: incentive.OrderPaid, ID: id, At: at, Amount: cny("CNY " + amount), Product: "p-1"}
	}
	broadcast := incentive.Event{Kind: incentive.Broadcast, ID: "b-1", At: first}
	cases := []edgeCase{
		{"cold-start-at-cap", "the 30 days from the first broadcast earn exactly the caps: 60,000 cold-start and 200,000 growth views, nothing left",
			func(t *testing.T) any {
				m := incentive.Profile{Facts: treasureFacts(first), Events: []incentive.Event{broadcast}}
				return viewGrants(evaluateBuiltin(t, id, m, march, april), loc, "cold-start-traffic", "growth-traffic")
			}},
		{"cold-start-one-view-over", "one view of the window's cold-start cap already granted: the award is cut to 59,999, one view short of going over",
			func(t *testing.T) any {
				prior := incentive.Grant{Programme: id, Version: "2024", Rule: "cold-start-traffic", Kind: incentive.TrafficViews, Views: 1,
					EarnedAt: first, From: bj(2024, 3, 10, 0, 0, 0, 0), To: bj(2024, 4, 9, 0, 0, 0, 0)}
				m := incentive.Profile{Facts: treasureFacts(first), Events: []incentive.Event{broadcast}, Prior: []incentive.Grant{prior}}
				return viewGrants(evaluateBuiltin(t, id, m, march, april), loc, "cold-start-traffic")
			}},
		{"milestones-crossed-in-one-order", "¥9,999.99, then one order of ¥90,000.01: the month reaches exactly ¥100,000.00, and the ¥10k, ¥50k and ¥100k rungs are all paid; ¥500k is not",
			func(t *testing.T) any {
				m := incentive.Profile{Facts: treasureFacts(first), Events: []incentive.Event{broadcast,
					order("o-1", bj(2024, 3, 10, 16, 0, 0, 0), "9999.99"), order("o-2", bj(2024, 3, 11, 10, 0, 0, 0), "90000.01")}}
				return viewGrants(evaluateBuiltin(t, id, m, march, april), loc, "monthly-sales-milestones")
			}},
		{"calendar-month-edges", "¥10,000.00 paid at 2024-03-31 23:59:59.999 counts for March (rung ¥10k); ¥50,000.00 at 2024-04-01 00:00:00 counts for April, which pays ¥50k but not ¥10k again (once for life)",
			func(t *testing.T) any {
				m := incentive.Profile{Facts: treasureFacts(first), Events: []incentive.Event{broadcast,
					order("o-1", lastMilli(april), "10000.00"), order("o-2", april, "50000.00")}}
				inMarch := evaluateBuiltin(t, id, m, march, april)
				m.Prior = inMarch
				inApril := evaluateBuiltin(t, id, m, april, may)
				return map[string][]grantView{"march": viewGrants(inMarch, loc, "monthly-sales-milestones"),
					"april": viewGrants(inApril, loc, "monthly-sales-milestones")}
			}},
		{"cashback-window-edges", "the merchant qualifies on 2024-06-03 at 10:00; its fee cashback (no fee plan named: the fees as charged) counts fees from 2024-06-03 00:00:00, not the ¥5.00 at 23:59:59.999 the day before, and up to the programme's end, 2024-12-31 23:59:59.999",
			func(t *testing.T) any {
				fee := func(id string, at time.Time, amount string) incentive.Event {
					return incentive.Event{Kind: incentive.FeeCharged, ID: id, At: at, Amount: cny("CNY " + amount)}
				}
				f := treasureFacts(time.Time{})
				m := incentive.Profile{Facts: f, Events: []incentive.Event{
					{Kind: incentive.Qualified, ID: "q-1", At: bj(2024, 6, 3, 10, 0, 0, 0)},
					fee("o-1", bj(2024, 6, 2, 23, 59, 59, 999), "5.00"), fee("o-2", bj(2024, 6, 3, 0, 0, 0, 0), "12.34"),
					fee("o-3", lastMilli(bj(2025, 1, 1, 0, 0, 0, 0)), "0.66")}}
				return viewGrants(evaluateBuiltin(t, id, m, bj(2024, 6, 1, 0, 0, 0, 0), bj(2025, 1, 1, 0, 0, 0, 0)), loc, "merchant-fee-cashback")
			}},
		{"cashback-refund-after-payout", "a 100% fee cashback of ¥12.34 accrued in June and paid out on 2024-07-05; the order's refund on 2024-07-10 is one negative adjustment in July, the first open cycle, and nothing more when July is paid",
			func(t *testing.T) any {
				return awardLedgerLines(t, loc, commerce.CNY,
					[]incentive.AwardAccrual{{Order: "o-2", At: bj(2024, 6, 3, 0, 0, 0, 0), Programme: id, Version: "2024", Rule: "merchant-fee-cashback",
						Base: cny("CNY 12.34"), Rate: commerce.Percent(100)}},
					[]incentive.AwardRefund{{ID: "r-1", Order: "o-2", At: bj(2024, 7, 10, 9, 0, 0, 0), Amount: cny("CNY 12.34")}},
					[]incentive.FeePayout{{Cycle: incentive.FeeCycle{Year: 2024, Month: time.June}, At: bj(2024, 7, 5, 0, 0, 0, 0)},
						{Cycle: incentive.FeeCycle{Year: 2024, Month: time.July}, At: bj(2024, 8, 5, 0, 0, 0, 0)}})
			}},
		{"duplicate-order-counts-once", "the same ¥6,000.00 order given twice counts once: with another ¥3,999.99 the month is ¥9,999.99, one fen short of the ¥10k rung",
			func(t *testing.T) any {
				o := order("o-1", bj(2024, 3, 10, 16, 0, 0, 0), "6000.00")
				m := incentive.Profile{Facts: treasureFacts(first), Events: []incentive.Event{broadcast, o, o, order("o-2", bj(2024, 3, 12, 9, 0, 0, 0), "3999.99")}}
				return viewGrants(evaluateBuiltin(t, id, m, march, april), loc, "monthly-sales-milestones")
			}},
	}
	runEdges(t, "xiaohongshu-treasure-host-2024", cases)
}

// TestWeChatChannels618Edges: the golden edges of wechat-channels-618
// 2024 and of its fee plan, wechat-channels-618.
func TestWeChatChannels618Edges(t *testing.T) {
	loc := edgeShanghai()
	const id = "wechat-channels-618"
	from, to := bj(2024, 5, 20, 0, 0, 0, 0), bj(2024, 6, 21, 0, 0, 0, 0)
	cny := commerce.MustParseMoney
	m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-edge"}}
	card := func(amount string) incentive.Grant {
		return incentive.Grant{Programme: id, Version: "2024", Rule: "growth-card", Kind: incentive.GrowthCard, Amount: cny("CNY " + amount),
			EarnedAt: from, From: from, To: to}
	}
	withPrior := func(gs ...incentive.Grant) incentive.Profile { p := m; p.Prior = gs; return p }
	cases := []edgeCase{
		{"growth-card-at-cap", "the season's growth card is exactly the ¥10,000 cap, nothing left; the fee reduction names fee plan wechat-channels-618",
			func(t *testing.T) any {
				return viewGrants(evaluateBuiltin(t, id, m, from, to), loc, "growth-card", "fee-reduction")
			}},
		{"growth-card-one-fen-over", "¥0.01 of the cap already granted: the card is cut to ¥9,999.99",
			func(t *testing.T) any {
				return viewGrants(evaluateBuiltin(t, id, withPrior(card("0.01")), from, to), loc, "growth-card")
			}},
		{"growth-card-cap-crossed", "¥4,000.00 already granted: the ¥10,000 card crosses the cap and is cut to ¥6,000.00",
			func(t *testing.T) any {
				return viewGrants(evaluateBuiltin(t, id, withPrior(card("4000.00")), from, to), loc, "growth-card")
			}},
		{"season-edges", "the season starts at 2024-05-20 00:00:00 (the millisecond before earns nothing) and its 1% fee ends at 2024-06-20 23:59:59.999 (at 2024-06-21 00:00:00 the plan is not in effect)",
			func(t *testing.T) any {
				ev, err := incentive.Builtin().Evaluator(id, from, from)
				require.NoError(t, err)
				before, err := ev.Evaluate(m, lastMilli(from), from)
				require.NoError(t, err)
				first, err := ev.Evaluate(m, from, from.Add(time.Millisecond))
				require.NoError(t, err)
				plan, err := incentive.CompileFeePlan(incentive.WeChatChannels618(from, to))
				require.NoError(t, err)
				o := incentive.FeeOrder{ID: "o-last", Merchant: "m-edge", Store: "s-1", Category: "any", PaidAt: lastMilli(to), Paid: cny("CNY 618.00")}
				last, err := plan.Quote(o, incentive.CapUse{})
				require.NoError(t, err)
				o.ID, o.PaidAt = "o-after", to
				_, after := plan.Quote(o, incentive.CapUse{})
				require.ErrorIs(t, after, incentive.ErrUnknownVersion)
				return map[string]any{
					"grants-2024-05-19T23:59:59.999": viewGrants(before.Grants(), loc, "growth-card", "fee-reduction"),
					"grants-2024-05-20T00:00:00":     viewGrants(first.Grants(), loc, "growth-card", "fee-reduction"),
					"fee-2024-06-20T23:59:59.999":    last,
					"fee-2024-06-21T00:00:00":        edgeError{after.Error()},
				}
			}},
		{"refund-after-payout", "under fee plan wechat-channels-618, a ¥618.00 order of 2024-06-18 owes ¥6.18; June is paid out on 2024-07-05 and the refund of 2024-07-10 is one negative adjustment of ¥6.18 in July, which July's payout carries (a negative balance is not paid)",
			func(t *testing.T) any {
				l := feeLedger618(t, from, to)
				l, err := l.Apply(incentive.FeeOrder{ID: "o-1", Merchant: "m-edge", Store: "s-1", Category: "any", PaidAt: bj(2024, 6, 18, 20, 0, 0, 0), Paid: cny("CNY 618.00")},
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2024, Month: time.June}, At: bj(2024, 7, 5, 0, 0, 0, 0)})
				require.NoError(t, err)
				l, err = l.Apply(incentive.FeeRefund{ID: "r-1", Order: "o-1", At: bj(2024, 7, 10, 9, 0, 0, 0), Paid: cny("CNY 618.00")},
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2024, Month: time.July}, At: bj(2024, 8, 5, 0, 0, 0, 0)})
				require.NoError(t, err)
				return l
			}},
		{"duplicate-order-counts-once", "the same order applied twice, in one call and again in another, is one accrual of ¥6.18",
			func(t *testing.T) any {
				o := incentive.FeeOrder{ID: "o-1", Merchant: "m-edge", Store: "s-1", Category: "any", PaidAt: bj(2024, 6, 18, 20, 0, 0, 0), Paid: cny("CNY 618.00")}
				l, err := feeLedger618(t, from, to).Apply(o, o)
				require.NoError(t, err)
				l, err = l.Apply(o)
				require.NoError(t, err)
				require.Len(t, l.Lines(), 1)
				return l
			}},
	}
	runEdges(t, "wechat-channels-618-2024", cases)
}

func feeLedger618(t *testing.T, from, to time.Time) incentive.FeeLedger {
	t.Helper()
	plan, err := incentive.CompileFeePlan(incentive.WeChatChannels618(from, to))
	require.NoError(t, err)
	l, err := incentive.NewFeeLedger(plan, nil)
	require.NoError(t, err)
	return l
}

// newstarEdges are the golden edges of a TikTok NewStar version: per
// product ads credit of perProduct (new product) and coldStart (at least
// $250 GMV and 3 orders), each capped at $3,000 a month, in the calendar
// month [month, next) UTC.
func newstarEdges(t *testing.T, version string, month, next time.Time, perProduct int64) []edgeCase {
	const id = "tiktok-us-newstar"
	usd := func(s string) commerce.Money { return commerce.MustParseMoney("USD " + s) }
	facts := incentive.Facts{Merchant: "m-edge", Known: incentive.FactListedProducts | incentive.FactStoreScore, ListedProducts: 400,
		StoreScore: commerce.MustParseRate("3.5")}
	order := func(id, product string, at time.Time, amount string) incentive.Event {
		return incentive.Event{Kind: incentive.OrderPaid, ID: id, At: at, Amount: usd(amount), Product: product}
	}
	products := func(n int) incentive.Profile {
		m := incentive.Profile{Facts: facts}
		for i := range n {
			m.Events = append(m.Events, order(fmt.Sprintf("o-%03d", i), fmt.Sprintf("p-%03d", i), month.Add(time.Duration(i)*time.Minute), "10.00"))
		}
		return m
	}
	// summary is the count, the total and the last grant of a rule.
	summary := func(gs []incentive.Grant, rule string) map[string]any {
		var total int64
		var last []grantView
		n := 0
		for _, g := range gs {
			if g.Rule == rule {
				n++
				total += g.Amount.Units()
				last = []grantView{viewGrant(g, time.UTC)}
			}
		}
		return map[string]any{"grants": n, "total": commerce.MustNewMoney(total, commerce.USD).String(), "last": last}
	}
	atCap := int(300000 / perProduct) // $3,000 / the per-product credit
	return []edgeCase{
		{"new-product-at-cap", fmt.Sprintf("%d new products at $%d.00 make exactly the $3,000.00 monthly cap, nothing left", atCap, perProduct/100),
			func(t *testing.T) any {
				return summary(evaluateBuiltin(t, id, products(atCap), month, next), "new-product")
			}},
		{"new-product-one-over", fmt.Sprintf("%d products: the cap is reached by the %dth, and the one over earns nothing", atCap+1, atCap),
			func(t *testing.T) any {
				return summary(evaluateBuiltin(t, id, products(atCap+1), month, next), "new-product")
			}},
		{"cold-start-crossed-in-one-order", "p-1: $100 + $100 + $50 is exactly $250.00 in 3 orders (a cold start); p-2: $249.99 in 3 orders is not; p-3: $10 + $10, then one order of $230.00 crosses $250 inside it",
			func(t *testing.T) any {
				d := func(h int) time.Time { return month.Add(time.Duration(h) * time.Hour) }
				m := incentive.Profile{Facts: facts, Events: []incentive.Event{
					order("o-1a", "p-1", d(1), "100.00"), order("o-1b", "p-1", d(2), "100.00"), order("o-1c", "p-1", d(3), "50.00"),
					order("o-2a", "p-2", d(1), "100.00"), order("o-2b", "p-2", d(2), "100.00"), order("o-2c", "p-2", d(3), "49.99"),
					order("o-3a", "p-3", d(1), "10.00"), order("o-3b", "p-3", d(2), "10.00"), order("o-3c", "p-3", d(3), "230.00"),
				}}
				return viewGrants(evaluateBuiltin(t, id, m, month, next), time.UTC, "cold-start-product")
			}},
		{"month-edges", "orders at the millisecond before the month (p-before) and at the first instant of the next (p-after) earn nothing; at the month's first instant (p-first) and its last millisecond (p-last) they earn",
			func(t *testing.T) any {
				m := incentive.Profile{Facts: facts, Events: []incentive.Event{
					order("o-b", "p-before", lastMilli(month), "10.00"), order("o-f", "p-first", month, "10.00"),
					order("o-l", "p-last", lastMilli(next), "10.00"), order("o-a", "p-after", next, "10.00"),
				}}
				var out []string
				for _, g := range evaluateBuiltin(t, id, m, month, next) {
					out = append(out, g.Rule+" "+g.Product)
				}
				return out
			}},
		{"duplicate-listing-counts-once", "the same order given twice and two orders of one product: one new-product credit for p-1 ($" + fmt.Sprint(perProduct/100) + ".00), not two or three",
			func(t *testing.T) any {
				o := order("o-1", "p-1", month.Add(time.Hour), "10.00")
				m := incentive.Profile{Facts: facts, Events: []incentive.Event{o, o, order("o-2", "p-1", month.Add(2*time.Hour), "10.00")}}
				return viewGrants(evaluateBuiltin(t, id, m, month, next), time.UTC, "new-product")
			}},
		{"refund-after-payout", "a credit accrued on an order (base = the credit, rate 100%) and paid out with its month: the order's refund after the payout is one negative adjustment in the next open month",
			func(t *testing.T) any {
				credit := commerce.MustNewMoney(perProduct, commerce.USD)
				y, mo, _ := month.Date()
				return awardLedgerLines(t, time.UTC, commerce.USD,
					[]incentive.AwardAccrual{{Order: "o-1", At: month.Add(time.Hour), Programme: id, Version: version, Rule: "new-product", Base: credit, Rate: commerce.Percent(100)}},
					[]incentive.AwardRefund{{ID: "r-1", Order: "o-1", At: next.Add(10 * 24 * time.Hour), Amount: credit}},
					[]incentive.FeePayout{{Cycle: incentive.FeeCycle{Year: y, Month: mo}, At: next.Add(5 * 24 * time.Hour)}})
			}},
	}
}

// TestNewStarEdges: the golden edges of tiktok-us-newstar 2025-10
// ($20/$50) and 2025-11 ($15/$55).
func TestNewStarEdges(t *testing.T) {
	oct, nov, dec := utcAt(2025, 10, 1, 0, 0, 0, 0), utcAt(2025, 11, 1, 0, 0, 0, 0), utcAt(2025, 12, 1, 0, 0, 0, 0)
	t.Run("2025-10", func(t *testing.T) {
		runEdges(t, "tiktok-us-newstar-2025-10", newstarEdges(t, "2025-10", oct, nov, 2000))
	})
	t.Run("2025-11", func(t *testing.T) {
		runEdges(t, "tiktok-us-newstar-2025-11", newstarEdges(t, "2025-11", nov, dec, 1500))
	})
}

// TestGMVSprintEdges: the golden edges of tiktok-us-gmv-sprint 2025-10:
// incremental GMV of October 1-30 over September 1-30 (UTC), at least
// $100, top 350, up to $5,000.
func TestGMVSprintEdges(t *testing.T) {
	const id = "tiktok-us-gmv-sprint"
	usd := func(s string) commerce.Money { return commerce.MustParseMoney("USD " + s) }
	sep, oct, end := utcAt(2025, 9, 1, 0, 0, 0, 0), utcAt(2025, 10, 1, 0, 0, 0, 0), utcAt(2025, 10, 31, 0, 0, 0, 0)
	seller := func(merchant string, first time.Time, events ...incentive.Event) incentive.Profile {
		return incentive.Profile{Facts: incentive.Facts{Merchant: merchant, Known: incentive.FactStoreScore | incentive.FactFirstBroadcastAt,
			StoreScore: commerce.MustParseRate("3.5"), FirstBroadcastAt: first}, Events: events}
	}
	order := func(id string, at time.Time, amount string) incentive.Event {
		return incentive.Event{Kind: incentive.OrderPaid, ID: id, At: at, Amount: usd(amount)}
	}
	rank := func(t *testing.T, ms ...incentive.Profile) map[string][]grantView {
		ev, err := incentive.Builtin().Evaluator(id, oct, oct)
		require.NoError(t, err)
		rs, err := ev.Rank(ms, oct, end)
		require.NoError(t, err)
		out := map[string][]grantView{}
		for i, r := range rs {
			out[ms[i].Facts.Merchant] = viewGrants(r.Grants(), time.UTC, "sprint")
		}
		return out
	}
	first := utcAt(2025, 1, 1, 0, 0, 0, 0)
	cases := []edgeCase{
		{"min-increment-edges", "September $1,000.00: October $1,100.00 is exactly the $100.00 minimum increment (ranked), $1,099.99 is one cent short (not)",
			func(t *testing.T) any {
				return rank(t,
					seller("m-exact", first, order("s-1", sep.Add(time.Hour), "1000.00"), order("o-1", oct.Add(time.Hour), "1100.00")),
					seller("m-short", first, order("s-2", sep.Add(time.Hour), "1000.00"), order("o-2", oct.Add(time.Hour), "1099.99")))
			}},
		{"window-edges", "September 30 23:59:59.999 is the prior period, October 1 00:00:00 the sprint; October 30 23:59:59.999 counts and October 31 00:00:00 does not: the increment is $300.00 - $100.00",
			func(t *testing.T) any {
				return rank(t, seller("m-1", first,
					order("s-last", lastMilli(oct), "100.00"), order("o-first", oct, "100.00"),
					order("o-last", lastMilli(end), "200.00"), order("o-after", end, "5000.00")))
			}},
		{"cap-exact-and-one-cent-over", "the award is exactly the $5,000.00 cap (nothing left); with $0.01 granted before in the window it is cut to $4,999.99",
			func(t *testing.T) any {
				m := seller("m-1", first, order("o-1", oct.Add(time.Hour), "500.00"))
				over := seller("m-2", first, order("o-2", oct.Add(time.Hour), "400.00"))
				over.Prior = []incentive.Grant{{Programme: id, Version: "2025-10", Rule: "sprint", Kind: incentive.AdsCredit, Amount: usd("0.01"),
					EarnedAt: end, From: oct, To: end}}
				return rank(t, m, over)
			}},
		{"tie-at-rank-350", "351 sellers with the same $100.00 increment: ties break on the earlier first broadcast, then the lower merchant ID; m-350 is rank 350, m-351 is out",
			func(t *testing.T) any {
				var ms []incentive.Profile
				for i := 1; i <= 351; i++ {
					fb := first
					if i == 349 {
						fb = first.Add(-time.Hour) // the earliest first broadcast: rank 1
					}
					ms = append(ms, seller(fmt.Sprintf("m-%03d", i), fb, order(fmt.Sprintf("o-%03d", i), oct.Add(time.Hour), "100.00")))
				}
				all := rank(t, ms...)
				return map[string][]grantView{"m-349": all["m-349"], "m-001": all["m-001"], "m-350": all["m-350"], "m-351": all["m-351"]}
			}},
		{"duplicate-order-counts-once", "the same $100.00 order given twice counts once: the increment is $100.00, not $200.00",
			func(t *testing.T) any {
				o := order("o-1", oct.Add(time.Hour), "100.00")
				return rank(t, seller("m-1", first, o, o))
			}},
		{"refund-after-payout", "a $5,000.00 credit modelled as an accrual (rate 100%) paid out with October; a refund booked in December, after the payout, is one negative adjustment in the first open cycle",
			func(t *testing.T) any {
				return awardLedgerLines(t, time.UTC, commerce.USD,
					[]incentive.AwardAccrual{{Order: "o-1", At: oct.Add(time.Hour), Programme: id, Version: "2025-10", Rule: "sprint", Base: usd("5000.00"), Rate: commerce.Percent(100)}},
					[]incentive.AwardRefund{{ID: "r-1", Order: "o-1", At: utcAt(2025, 12, 2, 0, 0, 0, 0), Amount: usd("1000.00")}},
					[]incentive.FeePayout{{Cycle: incentive.FeeCycle{Year: 2025, Month: time.October}, At: utcAt(2025, 11, 14, 0, 0, 0, 0)}})
			}},
	}
	runEdges(t, "tiktok-us-gmv-sprint-2025-10", cases)
}

// quoteOrError is a quote's explanation, or the error of an order the
// plan refuses.
func quoteOrError(plan *incentive.CompiledFeePlan, o incentive.FeeOrder, used incentive.CapUse) any {
	q, err := plan.Quote(o, used)
	if err != nil {
		return edgeError{err.Error()}
	}
	return q
}

func compiled(t *testing.T, p incentive.FeePlan) *incentive.CompiledFeePlan {
	t.Helper()
	c, err := incentive.CompileFeePlan(p)
	require.NoError(t, err)
	return c
}

// applyAll applies events to a fresh ledger, then again in reverse order
// to another, and checks that both give the same JSON.
func applyAll(t *testing.T, plan *incentive.CompiledFeePlan, rebate *incentive.CompiledRebatePlan, events ...incentive.FeeEvent) incentive.FeeLedger {
	t.Helper()
	l, err := incentive.NewFeeLedger(plan, rebate)
	require.NoError(t, err)
	l, err = l.Apply(events...)
	require.NoError(t, err)
	other, err := incentive.NewFeeLedger(plan, rebate)
	require.NoError(t, err)
	other, err = other.Apply(reversed(events)...)
	require.NoError(t, err)
	require.Equal(t, string(edgeMarshal(t, l)), string(edgeMarshal(t, other)), "replay order")
	return l
}

// TestXiaohongshuCommissionFreeEdges: the golden edges of fee plan
// xhs-commission-free 2025-09: 0.6% on the first ¥1M of a merchant's
// GMV, shared across its stores, the category's rate above.
func TestXiaohongshuCommissionFreeEdges(t *testing.T) {
	plan := compiled(t, incentive.XiaohongshuCommissionFree())
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	order := func(id, store string, at time.Time, paid string) incentive.FeeOrder {
		return incentive.FeeOrder{ID: id, Merchant: "m-edge", Store: store, Category: "beauty", PaidAt: at, Paid: cny(paid)}
	}
	sep10 := bj(2025, 9, 10, 10, 0, 0, 0)
	used := incentive.CapUse{cny("999000.00")}
	cases := []edgeCase{
		{"exact-cap", "¥999,000.00 used, an order of ¥1,000.00 reaches the ¥1M cap exactly: all at 0.6%, ¥6.00, nothing left",
			func(t *testing.T) any { return quoteOrError(plan, order("o-1", "s-1", sep10, "1000.00"), used) }},
		{"one-fen-over", "¥999,000.00 used, an order of ¥1,000.01: ¥1,000.00 at 0.6% and ¥0.01 at beauty's 4%",
			func(t *testing.T) any { return quoteOrError(plan, order("o-1", "s-1", sep10, "1000.01"), used) }},
		{"cap-crossed-inside-one-order-across-stores", "store s-1 sells ¥600,000.00, then store s-2 of the same merchant ¥500,000.00: the shared cap splits s-2's order at the exact fen, ¥400,000.00 at 0.6% + ¥100,000.00 at 4% = ¥6,400.00",
			func(t *testing.T) any {
				l := applyAll(t, plan, nil, order("o-1", "s-1", sep10, "600000.00"), order("o-2", "s-2", sep10.Add(time.Hour), "500000.00"))
				q, ok := l.Quote("o-2")
				require.True(t, ok)
				return q
			}},
		{"window-edges", "2025-08-31 23:59:59.999 is before the plan, 2025-09-01 00:00:00 its first instant; 2026-08-31 23:59:59.999 its last, 2026-09-01 00:00:00 after it",
			func(t *testing.T) any {
				start, end := bj(2025, 9, 1, 0, 0, 0, 0), bj(2026, 9, 1, 0, 0, 0, 0)
				return map[string]any{
					"2025-08-31T23:59:59.999": quoteOrError(plan, order("o-1", "s-1", lastMilli(start), "100.00"), incentive.CapUse{}),
					"2025-09-01T00:00:00":     quoteOrError(plan, order("o-2", "s-1", start, "100.00"), incentive.CapUse{}),
					"2026-08-31T23:59:59.999": quoteOrError(plan, order("o-3", "s-1", lastMilli(end), "100.00"), incentive.CapUse{}),
					"2026-09-01T00:00:00":     quoteOrError(plan, order("o-4", "s-1", end, "100.00"), incentive.CapUse{}),
				}
			}},
		{"refund-after-payout", "a ¥1,000.00 order of September owes ¥6.00; September is paid out on 2025-10-05 and the full refund of 2025-10-08 is one adjustment of -¥6.00 in October, carried (not paid) by October's payout",
			func(t *testing.T) any {
				return applyAll(t, plan, nil, order("o-1", "s-1", sep10, "1000.00"),
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}, At: bj(2025, 10, 5, 0, 0, 0, 0)},
					incentive.FeeRefund{ID: "r-1", Order: "o-1", At: bj(2025, 10, 8, 0, 0, 0, 0), Paid: cny("1000.00")},
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.October}, At: bj(2025, 11, 5, 0, 0, 0, 0)})
			}},
		{"duplicate-order-counts-once", "the same ¥1,000.00 order applied twice accrues ¥6.00 once and consumes the cap once: the next order, o-2, still has ¥999,000.00 at 0.6% (¥5,994.00), so September accrues ¥6,000.00",
			func(t *testing.T) any {
				o := order("o-1", "s-1", sep10, "1000.00")
				l := applyAll(t, plan, nil, o, o, order("o-2", "s-1", sep10.Add(time.Hour), "999000.01"))
				q, _ := l.Quote("o-2")
				return map[string]any{"ledger": l, "next": q}
			}},
	}
	runEdges(t, "fee-xhs-commission-free-2025-09", cases)
}

// wxOrder is a WeChat Store order of store s-1 (opened 2025-03-01 15:00)
// in band-3 (3%), with a ¥0 subsidy unless given.
func wxOrder(id string, at time.Time, paid string) incentive.FeeOrder {
	return incentive.FeeOrder{ID: id, Merchant: "m-edge", Store: "s-1", Category: "band-3", PaidAt: at,
		Paid: commerce.MustParseMoney("CNY " + paid), StoreOpened: bj(2025, 3, 1, 15, 0, 0, 0), FirstSale: bj(2025, 3, 2, 9, 0, 0, 0),
		Provider: "sp-edge"}
}

// TestWeChatStoreFeesEdges: the golden edges of fee plan
// wechat-store-fee 2023-01: 1% for a new store on its first ¥1M within
// 30 natural days of opening, the band's rate otherwise; the base is
// paid plus subsidy.
func TestWeChatStoreFeesEdges(t *testing.T) {
	plan := compiled(t, incentive.WeChatStoreFees())
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	mar5 := bj(2025, 3, 5, 10, 0, 0, 0)
	used := incentive.CapUse{cny("999000.00")}
	cases := []edgeCase{
		{"exact-cap", "¥999,000.00 used by the store, an order of ¥1,000.00 reaches the ¥1M cap exactly: all at 1%",
			func(t *testing.T) any { return quoteOrError(plan, wxOrder("o-1", mar5, "1000.00"), used) }},
		{"one-fen-over", "¥999,000.00 used, an order of ¥1,000.01: ¥1,000.00 at 1% and ¥0.01 at band-3's 3%",
			func(t *testing.T) any { return quoteOrError(plan, wxOrder("o-1", mar5, "1000.01"), used) }},
		{"cap-crossed-inside-one-order", "one order of ¥999,999.50 paid plus ¥1.00 subsidy (base ¥1,000,000.50): ¥1,000,000.00 at 1% + ¥0.50 at 3%",
			func(t *testing.T) any {
				o := wxOrder("o-1", mar5, "999999.50")
				o.Subsidy = cny("1.00")
				return quoteOrError(plan, o, incentive.CapUse{})
			}},
		{"day-30-edges", "opened 2025-03-01 15:00: 2025-03-30 23:59:59.999 is day 30 (1%), 2025-03-31 00:00:00 day 31 (3%)",
			func(t *testing.T) any {
				end := bj(2025, 3, 31, 0, 0, 0, 0)
				return map[string]any{
					"2025-03-30T23:59:59.999": quoteOrError(plan, wxOrder("o-1", lastMilli(end), "100.00"), incentive.CapUse{}),
					"2025-03-31T00:00:00":     quoteOrError(plan, wxOrder("o-2", end, "100.00"), incentive.CapUse{}),
				}
			}},
		{"cap-per-store", "the new-merchant cap is per store: store s-2 of the same merchant starts its own ¥1M after s-1 used all of its own",
			func(t *testing.T) any {
				o2 := wxOrder("o-2", mar5.Add(time.Hour), "100.00")
				o2.Store = "s-2"
				l := applyAll(t, plan, nil, wxOrder("o-1", mar5, "1000000.00"), o2)
				q, _ := l.Quote("o-2")
				return q
			}},
		{"refund-after-payout", "a ¥1,000.00 March order owes ¥10.00; March is paid out on 2025-04-05, and the half refund of 2025-04-10 is one adjustment of -¥5.00 in April",
			func(t *testing.T) any {
				return applyAll(t, plan, nil, wxOrder("o-1", mar5, "1000.00"),
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.March}, At: bj(2025, 4, 5, 0, 0, 0, 0)},
					incentive.FeeRefund{ID: "r-1", Order: "o-1", At: bj(2025, 4, 10, 0, 0, 0, 0), Paid: cny("500.00")})
			}},
		{"duplicate-order-counts-once", "the same order applied twice accrues once",
			func(t *testing.T) any {
				o := wxOrder("o-1", mar5, "1000.00")
				return applyAll(t, plan, nil, o, o)
			}},
	}
	runEdges(t, "fee-wechat-store-fee-2023-01", cases)
}

// TestWeChatStoreProviderRebateEdges: the golden edges of
// wechat-store-sp-rebate 2025-01: (fee rate − 0.6%) × actual payment for
// 360 natural days from the store's first transaction, on WeChat Store's
// fees.
func TestWeChatStoreProviderRebateEdges(t *testing.T) {
	plan := compiled(t, incentive.WeChatStoreFees())
	rebate, err := incentive.CompileRebatePlan(incentive.WeChatStoreProviderRebate())
	require.NoError(t, err)
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	rebateOf := func(t *testing.T, o incentive.FeeOrder, used incentive.CapUse) incentive.RebateQuote {
		q, err := plan.Quote(o, used)
		require.NoError(t, err)
		r, err := rebate.Rebate(q)
		require.NoError(t, err)
		return r
	}
	mar5 := bj(2025, 3, 5, 10, 0, 0, 0)
	// First sale 2025-03-02 09:00: day 360 ends at 00:00 of 2026-02-25.
	end := bj(2025, 3, 2+360, 0, 0, 0, 0)
	cases := []edgeCase{
		{"exact-cap", "an order reaching the new-merchant ¥1M cap exactly is all at 1%: rebate (1% − 0.6%) × ¥1,000.00 = ¥4.00",
			func(t *testing.T) any {
				return rebateOf(t, wxOrder("o-1", mar5, "1000.00"), incentive.CapUse{cny("999000.00")})
			}},
		{"cap-crossed-inside-one-order", "¥1,000.00 paid + ¥10.00 subsidy with ¥999,500.00 of cap used: the fee parts are ¥500.00 at 1% and ¥510.00 at 3%; the payment is apportioned over them (¥495.05 and ¥504.95) and earns 0.4% and 2.4%",
			func(t *testing.T) any {
				o := wxOrder("o-1", mar5, "1000.00")
				o.Subsidy = cny("10.00")
				return rebateOf(t, o, incentive.CapUse{cny("999500.00")})
			}},
		{"day-360-edges", "first sale 2025-03-02: 2026-02-24 23:59:59.999 is day 360 (3% − 0.6% = 2.4%), 2026-02-25 00:00:00 is outside the window (no rebate)",
			func(t *testing.T) any {
				return map[string]any{
					"2026-02-24T23:59:59.999": rebateOf(t, wxOrder("o-1", lastMilli(end), "100.00"), incentive.CapUse{}),
					"2026-02-25T00:00:00":     rebateOf(t, wxOrder("o-2", end, "100.00"), incentive.CapUse{}),
				}
			}},
		{"no-provider", "a store bound to no provider earns nothing",
			func(t *testing.T) any {
				o := wxOrder("o-1", mar5, "100.00")
				o.Provider = ""
				return rebateOf(t, o, incentive.CapUse{})
			}},
		{"refund-after-payout", "the rebate of a March order (¥4.00 on ¥1,000.00 at 1%) is paid out with March; a full refund on 2025-04-10 is one adjustment of -¥4.00 in the provider's April, besides the merchant's fee adjustment",
			func(t *testing.T) any {
				return applyAll(t, plan, rebate, wxOrder("o-1", mar5, "1000.00"),
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.March}, At: bj(2025, 4, 5, 0, 0, 0, 0)},
					incentive.FeeRefund{ID: "r-1", Order: "o-1", At: bj(2025, 4, 10, 0, 0, 0, 0), Paid: cny("1000.00")})
			}},
		{"duplicate-order-counts-once", "the same order applied twice earns the provider one rebate",
			func(t *testing.T) any {
				o := wxOrder("o-1", mar5, "1000.00")
				return applyAll(t, plan, rebate, o, o)
			}},
	}
	runEdges(t, "fee-wechat-store-sp-rebate-2025-01", cases)
}

// TestWeChatChannels618FeeEdges: the golden edges of fee plan
// wechat-channels-618: "as low as 1%", a flat 1% on every category, for
// the 618 season the programme assumes (2024-05-20 to 2024-06-20).
func TestWeChatChannels618FeeEdges(t *testing.T) {
	from, to := bj(2024, 5, 20, 0, 0, 0, 0), bj(2024, 6, 21, 0, 0, 0, 0)
	plan := compiled(t, incentive.WeChatChannels618(from, to))
	cny := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	order := func(id, category string, at time.Time, paid string) incentive.FeeOrder {
		return incentive.FeeOrder{ID: id, Merchant: "m-edge", Store: "s-1", Category: category, PaidAt: at, Paid: cny(paid)}
	}
	jun18 := bj(2024, 6, 18, 20, 0, 0, 0)
	cases := []edgeCase{
		{"no-cap-to-cross", "the plan has no cap: ¥1,000,000.00 and ¥1,000,000.01 are both all at 1%",
			func(t *testing.T) any {
				return []any{quoteOrError(plan, order("o-1", "beauty", jun18, "1000000.00"), incentive.CapUse{}),
					quoteOrError(plan, order("o-2", "beauty", jun18, "1000000.01"), incentive.CapUse{})}
			}},
		{"half-fen-rounding", "¥0.50 at 1% is 0.5 fen exactly, rounded half-up once to ¥0.01",
			func(t *testing.T) any {
				return quoteOrError(plan, order("o-1", "pets", jun18, "0.50"), incentive.CapUse{})
			}},
		{"season-edges", "2024-05-19 23:59:59.999 is before the season, 2024-05-20 00:00:00 its first instant; 2024-06-20 23:59:59.999 its last, 2024-06-21 00:00:00 after it",
			func(t *testing.T) any {
				return map[string]any{
					"2024-05-19T23:59:59.999": quoteOrError(plan, order("o-1", "any", lastMilli(from), "100.00"), incentive.CapUse{}),
					"2024-05-20T00:00:00":     quoteOrError(plan, order("o-2", "any", from, "100.00"), incentive.CapUse{}),
					"2024-06-20T23:59:59.999": quoteOrError(plan, order("o-3", "any", lastMilli(to), "100.00"), incentive.CapUse{}),
					"2024-06-21T00:00:00":     quoteOrError(plan, order("o-4", "any", to, "100.00"), incentive.CapUse{}),
				}
			}},
		{"refund-after-payout", "a ¥618.00 order owes ¥6.18; after June's payout its partial refund of ¥100.00 is one adjustment of -¥1.00 in July",
			func(t *testing.T) any {
				return applyAll(t, plan, nil, order("o-1", "any", jun18, "618.00"),
					incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2024, Month: time.June}, At: bj(2024, 7, 5, 0, 0, 0, 0)},
					incentive.FeeRefund{ID: "r-1", Order: "o-1", At: bj(2024, 7, 10, 0, 0, 0, 0), Paid: cny("100.00")})
			}},
		{"duplicate-order-counts-once", "the same order applied twice accrues ¥6.18 once",
			func(t *testing.T) any {
				o := order("o-1", "any", jun18, "618.00")
				return applyAll(t, plan, nil, o, o)
			}},
	}
	runEdges(t, "fee-wechat-channels-618", cases)
}
