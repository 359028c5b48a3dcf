package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// cupNetwork returns the cup brand's matrix (matrixtest.CupBrand), built
// on first use and kept for the later sections.
func (s *story) cupNetwork() (*matrix.Network, error) {
	if s.cup == nil {
		n, err := matrix.NewNetwork(matrixtest.CupBrand())
		if err != nil {
			return nil, err
		}
		s.cup = n
	}
	return s.cup, nil
}

// The groups of the overlap excerpt: two of the brand's pre-sale groups,
// one of its other groups, a buyer's first group and a host's.
var overlapGroups = []string{"cup-brand-g01", "cup-brand-g02", "cup-brand-g08", "cup-buyer-01-g01", "cup-host-a-g01"}

// cupReach counts what the cup brand's touchpoints reach across its 1,050
// groups: distinct people, impressions and the duplicates avoided, the
// incremental reach of each, an excerpt of the groups' overlap, exact set
// algebra, and a HyperLogLog estimate beside the exact count.
func cupReach(w io.Writer, s *story) error {
	n, err := s.cupNetwork()
	if err != nil {
		return err
	}
	byRole := map[matrix.Role][]string{}
	var roles []matrix.Role
	for _, a := range n.Accounts() {
		if len(byRole[a.Role]) == 0 {
			roles = append(roles, a.Role)
		}
		byRole[a.Role] = append(byRole[a.Role], a.ID)
	}
	var mix []string
	for _, r := range []matrix.Role{matrix.Brand, matrix.Manager, matrix.Buyer, matrix.Host, matrix.Staff} {
		if r == matrix.Staff { // a mass noun: 12 staff
			mix = append(mix, count(int64(len(byRole[r])))+" "+r.String())
			continue
		}
		mix = append(mix, plural(int64(len(byRole[r])), r.String()))
	}
	if len(roles) != len(mix) {
		return fmt.Errorf("the matrix has %d roles, the tour knows %d", len(roles), len(mix))
	}
	groups := n.Groups()
	all, err := n.Audience(matrix.Audience{Groups: groups})
	if err != nil {
		return err
	}

	touchpoints := []struct {
		name string
		a    matrix.Audience
	}{
		{"the brand account's groups", matrix.Audience{Accounts: byRole[matrix.Brand]}},
		{"the hosts' groups", matrix.Audience{Accounts: byRole[matrix.Host]}},
		{"the buyers' groups", matrix.Audience{Accounts: byRole[matrix.Buyer]}},
		{"every group", matrix.Audience{Groups: groups}},
	}
	audiences := make([]matrix.Audience, len(touchpoints))
	for i, tp := range touchpoints {
		audiences[i] = tp.a
	}
	reach, err := n.Reach(audiences...)
	if err != nil {
		return err
	}
	taken := reach[len(reach)-1].Impressions
	seats := 0
	for _, id := range groups {
		g, _ := n.Group(id)
		seats += g.Capacity
	}
	perPerson, err := commerce.NewRatio(int64(taken), int64(all.Len()))
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("Cupwell runs %s (matrixtest.CupBrand: %s),", plural(int64(len(n.Accounts())), "account"), strings.Join(mix, ", ")),
		fmt.Sprintf("%s in all with %s seats, %s of them taken.", plural(int64(len(groups)), "group chat"), count(int64(seats)), count(int64(taken))),
		"The same fans sit in many groups. matrix.NewNetwork validates the matrix and interns",
		fmt.Sprintf("its people to dense numbers: %s distinct people hold the seats, %s groups each on average.",
			count(int64(all.Len())), fixed(perPerson, 2)))

	para(w, "Each touchpoint's reach (Network.Reach): its distinct people, its impressions",
		"(one a seat), the duplicates that sending once per person avoids, and the people no",
		"earlier touchpoint of the list reached:")
	t := table{align: "lrrrrr"}
	t.row("touchpoint", "groups", "people", "impressions", "duplicates", "new")
	t.rule()
	newSum := 0
	for i, tp := range touchpoints {
		g := len(tp.a.Groups)
		for _, a := range tp.a.Accounts {
			owned, _ := n.GroupsOf(a)
			g += len(owned)
		}
		r := reach[i]
		t.row(tp.name, count(int64(g)), count(int64(r.People)), count(int64(r.Impressions)), count(int64(r.Duplicates)), count(int64(r.New)))
		newSum += r.New
	}
	t.write(w)

	brand, err := n.Audience(touchpoints[0].a)
	if err != nil {
		return err
	}
	hosts, err := n.Audience(touchpoints[1].a)
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("The new people sum to the distinct reach, %s. Audiences are exact sets", count(int64(newSum))),
		fmt.Sprintf("(matrix.Set), so set algebra answers the rest: %s people are in both the", count(int64(matrix.Intersect(brand, hosts).Len()))),
		fmt.Sprintf("brand's and the hosts' groups (Intersect), %s in the brand's and in no host's",
			count(int64(brand.Difference(hosts).Len()))),
		"(Set.Difference). The overlap of a few groups, |Gi ∩ Gj|, sizes on the diagonal (Network.Overlap):")
	o, err := n.Overlap(overlapGroups...)
	if err != nil {
		return err
	}
	head := []string{"", "group", "product"}
	align := "rll"
	for i := range o.Len() {
		head = append(head, fmt.Sprint(i+1))
		align += "r"
	}
	t = table{align: align}
	t.row(head...)
	t.rule()
	for i, id := range o.Groups() {
		g, _ := n.Group(id)
		row := []string{fmt.Sprint(i + 1), id, g.Product}
		for j := range o.Len() {
			row = append(row, count(int64(o.At(i, j))))
		}
		t.row(row...)
	}
	t.write(w)

	// A HyperLogLog sketch of every group, and the same people sketched
	// account by account, as partitions would, then merged.
	whole, err := n.Sketch(matrix.Audience{Groups: groups}, matrix.DefaultPrecision)
	if err != nil {
		return err
	}
	merged, err := matrix.NewSketch(matrix.DefaultPrecision)
	if err != nil {
		return err
	}
	for _, a := range n.Accounts() {
		part, err := n.Sketch(matrix.Audience{Accounts: []string{a.ID}}, matrix.DefaultPrecision)
		if err != nil {
			return err
		}
		if err := merged.Merge(part); err != nil {
			return err
		}
	}
	est := whole.Estimate()
	off, err := commerce.NewRatio(int64(est)-int64(all.Len()), int64(all.Len()))
	if err != nil {
		return err
	}
	offPct, err := pct(off)
	if err != nil {
		return err
	}
	para(w, "Where exact sets are too big to move, a HyperLogLog sketch estimates a union in",
		fmt.Sprintf("%s one-byte registers (matrix.Sketch, precision %d, a relative standard error of",
			count(int64(1)<<whole.Precision()), whole.Precision()),
		fmt.Sprintf("about 1.04/√%d = %.2f%%): it estimates %s people where the exact count is %s, off by %s.", int64(1)<<whole.Precision(),
			104/math.Sqrt(float64(int64(1)<<whole.Precision())), count(int64(est)), count(int64(all.Len())), offPct),
		fmt.Sprintf("Sketched account by account and merged (Sketch.Merge) it is the same sketch (Sketch.Equal: %t),", merged.Equal(whole)),
		"so partitions can be sketched apart. Sketches only unite: intersect exact sets instead.")
	return nil
}

// The day of the touchpoint plan: the 618 evening live of the brand
// account, announced to its groups, and a product launch that a buyer
// sends to the people of its first group one by one.
const (
	cupLiveID     = "cup-618-evening"
	cupLaunchProd = "cup-prod-05"
	cupDailyCap   = 2
)

// cupPlan plans one day's touchpoints of the cup brand under WeCom's
// mass-message caps and the brand's own daily cap per person: a live's
// previews and start and a launch, with what was sent, what was held and
// by which cap, and the conflicts found.
func cupPlan(w io.Writer, s *story) error {
	n, err := s.cupNetwork()
	if err != nil {
		return err
	}
	caps := append(matrix.WeComCaps(), matrix.Cap{ID: "cupwell-daily", Level: matrix.PerPerson, Limit: cupDailyCap,
		Window: matrix.CalendarDays(1), Source: "Cupwell's own rule: no fan gets more than two messages a day"})
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{Location: s.shanghai, Caps: caps, Identity: matrix.FailClosed})
	if err != nil {
		return err
	}
	at := func(hour int) time.Time { return time.Date(2024, time.June, 18, hour, 0, 0, 0, s.shanghai) }
	live := matrix.Live{ID: cupLiveID, Account: "cup-brand", Start: at(20), End: at(23)}
	brandGroups, _ := n.GroupsOf(live.Account)
	const buyer, buyerGroup = "cup-buyer-12", "cup-buyer-12-g01"
	g, ok := n.Group(buyerGroup)
	if !ok {
		return fmt.Errorf("no group %s", buyerGroup)
	}
	cat := commercetest.CupCatalogue()
	prod, ok := cat.Product(cupLaunchProd)
	if !ok {
		return fmt.Errorf("no product %s", cupLaunchProd)
	}
	announcements := []matrix.Announcement{
		{ID: "618-pre-24h", Kind: matrix.Preview24h, Account: live.Account, Live: live.ID, Groups: brandGroups},
		{ID: "618-pre-1h", Kind: matrix.Preview1h, Account: live.Account, Live: live.ID, Groups: brandGroups, Priority: 1},
		// A staff member queues the 1-hour preview again, for three groups.
		{ID: "618-pre-1h-again", Kind: matrix.Preview1h, Account: live.Account, Live: live.ID, Groups: brandGroups[:3], Priority: 1},
		{ID: "618-start", Kind: matrix.LiveStart, Account: live.Account, Live: live.ID, Groups: brandGroups, Priority: 2},
		{ID: "lid-pack-launch", Kind: matrix.ProductLaunch, Account: buyer, At: at(12), People: g.Members},
	}
	plan, err := p.Plan(matrix.Request{Announcements: announcements, Lives: []matrix.Live{live}})
	if err != nil {
		return err
	}

	para(w, fmt.Sprintf("On %s the brand account goes live at %s for the 618 evening (%s, until %s).",
		live.Start.Format("Tuesday 2 January"), clock(live.Start), live.ID, clock(live.End)),
		fmt.Sprintf("It previews the live to its %s a day and an hour before and announces the start;", plural(int64(len(brandGroups)), "group")),
		fmt.Sprintf("at %s %s launches the %s (%s), sending it to the %s people of its group",
			clock(at(12)), buyer, prod.Title, prod.ID, count(int64(len(g.Members)))),
		fmt.Sprintf("%s one by one. The planner (matrix.NewPlanner, in %s, unknown identities", buyerGroup, s.shanghai),
		"held) goes through them by priority, the start first, and holds any touchpoint that",
		"would take someone over a cap:")
	var capLines []string
	for _, c := range p.Caps() {
		capLines = append(capLines, c.String())
	}
	fmt.Fprintf(w, "%s\n\n", indent(strings.Join(capLines, "\n")))

	type tallyRow struct {
		sent, held, reached, fresh int
		at                         time.Time
	}
	rows := map[string]*tallyRow{}
	for _, a := range announcements {
		rows[a.ID] = &tallyRow{}
	}
	for _, d := range plan.Deliveries() {
		r := rows[d.Announcement]
		r.sent++
		r.reached += d.Reached
		r.fresh += d.New
		r.at = d.At
	}
	for _, x := range plan.Suppressed() {
		r := rows[x.Announcement]
		r.held++
		r.at = x.At
	}
	t := table{align: "lllrrrr"}
	t.row("announcement", "kind", "at", "sent", "held", "reached", "new")
	t.rule()
	for _, a := range announcements {
		r := rows[a.ID]
		t.row(a.ID, string(a.Kind), r.at.In(s.shanghai).Format("01-02 15:04"), count(int64(r.sent)), count(int64(r.held)),
			count(int64(r.reached)), count(int64(r.fresh)))
	}
	t.write(w)

	sup := plan.Suppressed()
	var capped, dup []matrix.Suppression
	for _, x := range sup {
		switch x.Cause {
		case matrix.CauseCap:
			capped = append(capped, x)
		case matrix.CauseDuplicate:
			dup = append(dup, x)
		}
	}
	for _, x := range capped {
		if x.Announcement != "lid-pack-launch" || x.Cap != "cupwell-daily" {
			return fmt.Errorf("%s held by %s: the tour expects only the launch held, by the daily cap", x.Announcement, x.Cap)
		}
	}
	para(w, fmt.Sprintf("%s planned, %s held (Plan.Deliveries, Plan.Suppressed). Reached counts a group's members;",
		plural(int64(len(plan.Deliveries())), "touchpoint"), count(int64(len(sup)))),
		"new, those the announcement had not reached through an earlier touchpoint, whom person caps",
		fmt.Sprintf("count once. The launch was held for the %s of the group's people who already",
			count(int64(len(capped)))),
		"had the preview and the start that day. Each suppression names the cap that bound, the",
		"person it bound for, the count against the limit and the window; the first three:")
	t = table{align: "lllrl"}
	t.row("person", "cap", "level", "count", "window")
	t.rule()
	for _, x := range capped[:min(3, len(capped))] {
		t.row(x.Subject, x.Cap, x.Level.String(), fmt.Sprintf("%d of %d", x.Count, x.Limit),
			fmt.Sprintf("[%s, %s)", x.From.In(s.shanghai).Format("01-02 15:04"), x.To.In(s.shanghai).Format("01-02 15:04")))
	}
	t.write(w)

	var conflicts []string
	for _, c := range plan.Conflicts() {
		conflicts = append(conflicts, fmt.Sprintf("%s: %s and %s of %s at %s", c.Kind, c.First, c.Second, c.Account, stamp(c.At)))
	}
	var dupTargets []string
	for _, x := range dup {
		dupTargets = append(dupTargets, x.Group+x.Person)
	}
	para(w, "The planner reports conflicts rather than resolving them silently (Plan.Conflicts):",
		fmt.Sprintf("the second 1-hour preview repeats the first, and is held as a duplicate for %s.", strings.Join(dupTargets, ", ")))
	fmt.Fprintf(w, "%s\n\n", indent(strings.Join(conflicts, "\n")))
	return nil
}
