package referral

import (
	"slices"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// t0 is the tests' epoch, 2026-06-01 10:00 in Shanghai.
var t0 = time.Date(2026, 6, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func yuan(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

// testGraph builds a graph where every member joined a day before t0, each
// link [child, parent] is a permanent binding made then, and tiers sets
// members' tiers. Links must name parents before children bind under them
// only in the sense that the forest has no cycle.
func testGraph(tb testing.TB, links [][2]string, tiers map[string]Tier, members ...string) *Graph {
	if tb != nil {
		tb.Helper()
	}
	joined := t0.Add(-24 * time.Hour)
	var g Graph
	seen := map[string]bool{}
	join := func(id string) {
		if !seen[id] {
			seen[id] = true
			must(g.Join(id, joined))
		}
	}
	for _, m := range members {
		join(m)
	}
	for _, l := range links {
		join(l[0])
		join(l[1])
	}
	for _, l := range links {
		_, err := g.Bind(BindPolicy{Mode: BindPermanent}, Touch{Member: l[0], Referrer: l[1], Method: ByLink, At: joined})
		must(err)
	}
	ids := make([]string, 0, len(tiers))
	for id := range tiers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		join(id)
		must(g.SetTier(id, tiers[id]))
	}
	return &g
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
