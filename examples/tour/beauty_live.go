package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// liveSession runs the first broadcast: the session's transitions, the
// metrics of its viewer records, the lift of group members over other
// viewers, and a giveaway that anyone can re-check.
func liveSession(w io.Writer, s *story) error {
	b := s.broadcast
	var lineup []string
	for sku := range s.cat.SKUs() {
		lineup = append(lineup, sku.ID)
	}
	sess, err := live.NewSession(live.SessionSpec{
		ID: "puffbloom-first-live", Account: s.brand.Account, Platform: live.Xiaohongshu,
		Hosts: []string{"puffbloom-manager"}, Lineup: lineup, Selling: true,
		Start: b.Session.From, End: b.Session.To,
	})
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("The session %s (platform %s) is scheduled for %s to %s, hosted by the", sess.ID(), sess.Platform(),
		stamp(sess.ScheduledStart()), clock(sess.ScheduledEnd())),
		fmt.Sprintf("brand's manager (主理人) with the %d SKUs of the catalogue on sale. Sessions are", len(sess.Lineup())),
		"values: each transition returns a new one, and one that the state does not allow is refused.")
	t := table{align: "lll"}
	t.row("at", "transition", "status")
	t.rule()
	t.row("", "live.NewSession", sess.Status().String())
	if sess, err = sess.Start(b.Session.From); err != nil {
		return err
	}
	t.row(clock(sess.StartedAt()), "Start", sess.Status().String())
	if sess, err = sess.End(b.Session.To); err != nil {
		return err
	}
	t.row(clock(sess.EndedAt()), "End", sess.Status().String())
	late := b.Session.To.Add(5 * time.Minute)
	_, refused := sess.Start(late)
	if !errors.Is(refused, live.ErrTransition) {
		return fmt.Errorf("starting an ended session: want ErrTransition, got %v", refused)
	}
	t.row(clock(late), "Start", "refused: ErrTransition")
	t.write(w)
	para(w, fmt.Sprintf("On air %s.", sess.OnAir()))

	// The metrics, from the viewer records of livetest.BeautyFirstBroadcast.
	tally := b.Tally()
	m := tally.Metrics()
	s.gmv = m.Sales.GMV
	rows, err := metricRows(m)
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("The room's %s viewer records (livetest.BeautyFirstBroadcast) are tallied", count(int64(len(b.Records)))),
		"once (live.Tally; tallies of parts merge exactly, so the work can be spread):")
	t = table{align: "lrl"}
	for _, r := range rows {
		t.row(r...)
	}
	t.write(w)

	// The lift of the group's members over the other viewers.
	if err := writeLift(w, tally); err != nil {
		return err
	}
	return giveaway(w, b)
}

// metricRows returns the rows of the metrics table: name, figure and what
// it is.
func metricRows(m live.Metrics) ([][]string, error) {
	avg, err := m.AverageConcurrent()
	if err != nil {
		return nil, err
	}
	mean, err := m.MeanWatch()
	if err != nil {
		return nil, err
	}
	aov, err := m.OrderValue(live.PerOrder, commerce.HalfUp)
	if err != nil {
		return nil, err
	}
	gpm, err := m.GPM(live.PerView, commerce.HalfUp)
	if err != nil {
		return nil, err
	}
	uv, err := m.UVValue(live.PerViewer, commerce.HalfUp)
	if err != nil {
		return nil, err
	}
	rates := []struct {
		name, what string
		ratio      func() (commerce.Ratio, error)
	}{
		{"interaction rate", "viewers who interacted / viewers", m.InteractionRate},
		{"product click rate", "viewers who clicked a product / viewers", m.ProductClickRate},
		{"conversion", "buyers / viewers", func() (commerce.Ratio, error) { return m.Conversion(live.PerViewer) }},
		{"refund rate", "refunded orders / orders (live rooms: 33%)", m.Sales.RefundRateByOrders},
		{"repurchase rate", "buyers with two orders / buyers, in one session", m.Sales.RepurchaseRate},
	}
	rows := [][]string{
		{"views", count(m.Views), "entries into the room"},
		{"viewers", count(m.Viewers), "distinct"},
		{"peak online", count(m.PeakConcurrent), "most viewers in the room at once"},
		{"average online", fixed(avg, 1), "watch time / session length"},
		{"mean watch", mean.Round(time.Second).String(), "watch time / viewers, to the second"},
		{"median watch", m.MedianWatch.String(), "half the viewers watched less"},
		{"p90 watch", m.P90Watch.String(), "a tenth watched longer"},
		{"GMV", m.Sales.GMV.String(), "paid in the session (AMORTALS: over ¥200,000)"},
		{"orders", count(m.Sales.Orders), fmt.Sprintf("from %s buyers", count(m.Sales.Buyers))},
		{"average order", aov.String(), "GMV / orders, half up (AMORTALS: about ¥50)"},
		{"GPM", gpm.String(), "GMV per 1,000 views"},
		{"UV value", uv.String(), "GMV per viewer"},
	}
	for _, r := range rates {
		ratio, err := r.ratio()
		if err != nil {
			return nil, err
		}
		p, err := pct(ratio)
		if err != nil {
			return nil, err
		}
		rows = append(rows, []string{r.name, p, r.what})
	}
	return rows, nil
}

// writeLift prints the group members against the other viewers.
func writeLift(w io.Writer, tally *live.Tally) error {
	l, err := tally.Lift()
	if err != nil {
		return err
	}
	entered, err := l.EnteredShare()
	if err != nil {
		return err
	}
	watch, err := l.WatchRatio()
	if err != nil {
		return err
	}
	conv, err := l.ConversionRatio()
	if err != nil {
		return err
	}
	orders, err := l.OrderShare()
	if err != nil {
		return err
	}
	gmv, err := l.GMVShare()
	if err != nil {
		return err
	}
	segMean, err := l.Segment.MeanWatch()
	if err != nil {
		return err
	}
	restMean, err := l.Rest.MeanWatch()
	if err != nil {
		return err
	}
	segConv, err := l.Segment.Conversion(live.PerViewer)
	if err != nil {
		return err
	}
	restConv, err := l.Rest.Conversion(live.PerViewer)
	if err != nil {
		return err
	}
	enteredPct, err := pct(entered)
	if err != nil {
		return err
	}
	ordersPct, err := pct(orders)
	if err != nil {
		return err
	}
	gmvPct, err := pct(gmv)
	if err != nil {
		return err
	}
	segConvPct, err := pct(segConv)
	if err != nil {
		return err
	}
	restConvPct, err := pct(restConv)
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("The group %q against everyone else (Tally.Lift), beside the figures", l.Name),
		"AMORTALS published for its first broadcast:")
	t := table{align: "lrrrl"}
	t.row("", "members", "others", "lift", "AMORTALS")
	t.rule()
	t.row("entered the live", fmt.Sprintf("%s of %s", count(l.Segment.Viewers), count(l.Members)),
		count(l.Rest.Viewers), enteredPct+" of members", "over 70%")
	t.row("mean watch", segMean.String(), restMean.String(), times(watch)+" as long", "5×")
	t.row("conversion", segConvPct, restConvPct, times(conv)+" as often", "3×")
	t.row("orders", count(l.Segment.Sales.Orders), count(l.Rest.Sales.Orders), ordersPct+" of orders", "20%")
	t.row("GMV", l.Segment.Sales.GMV.String(), l.Rest.Sales.GMV.String(), gmvPct+" of GMV", "")
	t.write(w)
	para(w, "Every ratio is exact (commerce.Ratio): the watch ratio is "+watch.String()+
		", the conversion ratio "+conv.String()+", the order share "+orders.String()+".")
	return nil
}

// giveaway runs the live's giveaway: the commitment published before the
// live, the entrants and the rules, the draw, and the re-check of the
// published record, honest and forged.
func giveaway(w io.Writer, b livetest.BeautyBroadcast) error {
	// In real use the seed comes from crypto/rand and stays secret until
	// the draw; here it is fixed so that the tour is the same on every run.
	seed := sha256.Sum256([]byte("Puffbloom first broadcast giveaway"))
	commitment, err := live.Commit(seed[:])
	if err != nil {
		return err
	}
	// Every viewer is an entrant. The records hold no comments, so the tour
	// takes a viewer who interacted to have commented the keyword.
	rules := live.GiveawayRules{GroupMember: true, Keyword: "抽奖", MinWatch: 10 * time.Minute}
	entrants := make([]live.Entrant, len(b.Records))
	for i, r := range b.Records {
		var watched time.Duration
		for _, v := range r.Visits {
			watched += v.Leave.Sub(v.Enter)
		}
		e := live.Entrant{ID: r.Viewer, GroupMember: b.Group.Contains(r.Viewer), Watched: watched}
		if r.Interactions > 0 {
			e.Comments = []string{"我要" + rules.Keyword}
		}
		entrants[i] = e
	}
	el, err := rules.Eligible(entrants)
	if err != nil {
		return err
	}
	const prizes = 3
	audit, err := live.Draw(commitment, seed[:], el.IDs, prizes)
	if err != nil {
		return err
	}

	para(w, "The giveaway. Before the live the host publishes a commitment to a secret seed",
		"(live.Commit), the seed's SHA-256:")
	fmt.Fprintf(w, "    %s\n\n", commitment)
	para(w, fmt.Sprintf("The rules: group members who commented %q and watched at least %s. (The", rules.Keyword, rules.MinWatch),
		"fixture's records hold no comments: the tour takes a viewer who interacted to have",
		"commented the keyword.)",
		fmt.Sprintf("Of the %s viewers, %s are eligible (GiveawayRules.Eligible); the others fail:",
			count(int64(len(entrants))), count(int64(len(el.IDs)))))
	why := map[live.Exclusion]int64{}
	for _, x := range el.Excluded {
		why[x.Why]++
	}
	keys := make([]live.Exclusion, 0, len(why))
	for k := range why {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t := table{align: "lr"}
	t.row("fails", "viewers")
	t.rule()
	for _, k := range keys {
		t.row(k.String(), count(why[k]))
	}
	t.write(w)

	record, err := json.MarshalIndent(audit, "    ", "  ")
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("At the draw the host reveals the seed and draws %d prizes (live.Draw): %s.", audit.Prizes(),
		strings.Join(audit.Winners(), ", ")),
		"The published record:")
	fmt.Fprintf(w, "    %s\n\n", record)

	var published live.Audit
	if err := json.Unmarshal(record, &published); err != nil {
		return err
	}
	honest := published.Check(el.IDs)
	// A record whose first winner was swapped for another entrant.
	other := el.IDs[0]
	if other == audit.Winners()[0] {
		other = el.IDs[1]
	}
	forgedJSON := bytes.Replace(record, []byte(`"`+audit.Winners()[0]+`"`), []byte(`"`+other+`"`), 1)
	var forged live.Audit
	if err := json.Unmarshal(forgedJSON, &forged); err != nil {
		return err
	}
	bad := forged.Check(el.IDs)
	if honest != nil || !errors.Is(bad, live.ErrCommitment) {
		return fmt.Errorf("audit checks: honest %v, forged %v", honest, bad)
	}
	para(w, "Anyone with the record and the list of eligible entrants re-runs the draw",
		fmt.Sprintf("(Audit.Check): the record checks (error %v). A record with the first winner", honest),
		fmt.Sprintf("replaced by %s does not:", other))
	fmt.Fprintf(w, "%s\n\n", indent(bad.Error()))
	return nil
}

// fixed formats a ratio as a decimal rounded half up to places: 3151/2 →
// "1575.5".
func fixed(r commerce.Ratio, places int32) string {
	return decimal.NewFromInt(r.Num()).DivRound(decimal.NewFromInt(r.Den()), places).StringFixed(places)
}
