package referral

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// t0 is the tests' epoch, 2026-06-01 10:00 in Shanghai.
var t0 = time.Date(2026, 6, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func yuan(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

// testGraph builds a graph where each link [child, parent] is a permanent
// binding made at t0, and tiers sets members' tiers.
func testGraph(tb testing.TB, links [][2]string, tiers map[string]Tier, members ...string) *Graph {
	if tb != nil {
		tb.Helper()
	}
	g := &Graph{parent: map[string]string{}, tier: map[string]Tier{}}
	for _, m := range members {
		g.tier[m] = 0
	}
	for _, l := range links {
		g.tier[l[0]] += 0
		g.tier[l[1]] += 0
		g.parent[l[0]] = l[1]
	}
	for m, t := range tiers {
		g.tier[m] = t
	}
	return g
}
