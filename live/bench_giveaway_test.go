package live_test

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
)

// benchViewers returns n viewer IDs "viewer-0000000" … in byte order.
func benchViewers(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("viewer-%07d", i)
	}
	return ids
}

// BenchmarkGiveawayDraw draws 10 prizes among 1,000,000 entrants (the
// issue's size), given already sorted and given shuffled. Sorted input is
// validated, hashed and drawn from in place; shuffled input is sorted by
// position first, which allocates two arrays of n.
func BenchmarkGiveawayDraw(b *testing.B) {
	seed := sha256.Sum256([]byte("bench"))
	c, err := live.Commit(seed[:])
	if err != nil {
		b.Fatal(err)
	}
	sorted := benchViewers(1_000_000)
	shuffled := append([]string(nil), sorted...)
	r := rand.New(rand.NewPCG(1, 1))
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, bc := range []struct {
		name string
		ids  []string
	}{{"sorted-1e6", sorted}, {"shuffled-1e6", shuffled}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := live.Draw(c, seed[:], bc.ids, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGiveawayEligible applies follower-or-member, keyword and
// watch-time rules to 1,000,000 entrants in random order, a third of them
// excluded.
func BenchmarkGiveawayEligible(b *testing.B) {
	ids := benchViewers(1_000_000)
	r := rand.New(rand.NewPCG(2, 2))
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	comments := [][]string{{"抽奖"}, {"hello", "我要抽奖"}, {"nice"}}
	entrants := make([]live.Entrant, len(ids))
	for i, id := range ids {
		entrants[i] = live.Entrant{ID: id, Follower: i%2 == 0, GroupMember: i%3 == 0,
			Comments: comments[i%3], Watched: time.Duration(i%10) * time.Minute}
	}
	rules := live.GiveawayRules{Follower: true, GroupMember: true, AnyOf: true, Keyword: "抽奖", MinWatch: time.Minute}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Eligible(entrants); err != nil {
			b.Fatal(err)
		}
	}
}
