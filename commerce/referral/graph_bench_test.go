package referral

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchForestSize is the size of the benchmark forest: a million members,
// the scale of a large brand's distribution programme.
const benchForestSize = 1_000_000

// benchForest builds a random recursive forest of n members: each member
// after the first 1,000 roots binds, permanently, to a random earlier
// member, so the mean depth is near ln n (about 14 for a million). It
// returns the graph and the IDs.
func benchForest(b *testing.B, n int) (*Graph, []string) {
	b.Helper()
	r := rand.New(rand.NewPCG(uint64(n), 10))
	at := bindJoined()
	var g Graph
	g.Grow(n)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("member-%07d", i)
		if err := g.Join(ids[i], at); err != nil {
			b.Fatal(err)
		}
	}
	policy := BindPolicy{Mode: BindPermanent}
	for i := 1000; i < n; i++ {
		t := Touch{Member: ids[i], Referrer: ids[r.IntN(i)], Method: ByLink, At: at}
		if _, err := g.Bind(policy, t); err != nil {
			b.Fatal(err)
		}
	}
	return &g, ids
}

// membersAtDepth returns members of g with exactly depth ancestors.
func membersAtDepth(b *testing.B, g *Graph, ids []string, depth, want int) []string {
	b.Helper()
	var out []string
	for _, id := range ids {
		d := 0
		for i := g.index[id]; g.nodes[i].parent >= 0; i = g.nodes[i].parent {
			d++
		}
		if d == depth {
			if out = append(out, id); len(out) == want {
				return out
			}
		}
	}
	b.Fatalf("fewer than %d members at depth %d", want, depth)
	return nil
}

// BenchmarkBind rebinds a new member, under last touch, alternately to two
// referrers at depth 10 of a million-member forest: each operation decides
// the touch and walks 11 links to rule out a cycle. Target: ≤ 5 µs/op,
// no allocation.
func BenchmarkBind(b *testing.B) {
	g, ids := benchForest(b, benchForestSize)
	refs := membersAtDepth(b, g, ids, 10, 2)
	at := bindJoined()
	if err := g.Join("bench-member", at); err != nil {
		b.Fatal(err)
	}
	policy := BindPolicy{Mode: BindLastTouch, Validity: bindDays(30)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at = at.Add(time.Second)
		d, err := g.Bind(policy, Touch{Member: "bench-member", Referrer: refs[i&1], Method: ByLink, At: at})
		if err != nil || !d.Changed() {
			b.Fatal(err, d)
		}
		i++
	}
}

// BenchmarkUpline reads the commission path of members at depth 10 of a
// million-member forest: three levels (a plan's maximum) and ten.
func BenchmarkUpline(b *testing.B) {
	g, ids := benchForest(b, benchForestSize)
	members := membersAtDepth(b, g, ids, 10, 64)
	at := bindJoined().Add(time.Hour)
	for _, levels := range []int{3, 10} {
		b.Run(fmt.Sprintf("levels=%d", levels), func(b *testing.B) {
			dst := make([]Ancestor, 0, levels)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				var err error
				dst, err = g.Upline(members[i%len(members)], at, levels, dst[:0])
				if err != nil || len(dst) != levels {
					b.Fatal(err, dst)
				}
				i++
			}
		})
	}
}
