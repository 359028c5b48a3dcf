package commerce

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func longRun() bool { return os.Getenv("LIVECOMMERCE_LONG") == "1" }

// referenceCounts is the obvious map-based answer.
func referenceCounts(m map[string]uint64) (distinct, repeat int64) {
	for _, n := range m {
		if n >= 2 {
			repeat++
		}
	}
	return int64(len(m)), repeat
}

// TestBuyerIndexMatchesMap: across adds, merges and compactions of every
// size, the index counts exactly what a map counts.
func TestBuyerIndexMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	rounds := 10
	if longRun() {
		rounds = 400
	}
	for range rounds {
		pool := 1 + rng.IntN(200_000)
		var x, y buyerIndex
		want := map[string]uint64{}
		for range 1 + rng.IntN(4) {
			for range rng.IntN(100_000) {
				id := "b" + strconv.Itoa(rng.IntN(pool))
				want[id]++
				if rng.IntN(3) == 0 {
					y.add(id)
					y.settle(len(y.pending) - 1)
				} else {
					x.add(id)
					x.settle(len(x.pending) - 1)
				}
			}
			if rng.IntN(2) == 0 {
				x.merge(&y)
				y = buyerIndex{}
			}
			if rng.IntN(2) == 0 {
				// Counting folds partitions in place; adding goes on after.
				d, r := x.counts()
				require.LessOrEqual(t, r, d)
			}
		}
		x.merge(&y)
		d, r := x.counts()
		wd, wr := referenceCounts(want)
		require.Equal(t, wd, d)
		require.Equal(t, wr, r)
	}
}

// TestBuyerIndexCollisions: distinct IDs that share a hash stay distinct.
func TestBuyerIndexCollisions(t *testing.T) {
	var x buyerIndex
	rng := rand.New(rand.NewPCG(11, 12))
	want := map[string]uint64{}
	for i := range 300_000 {
		k := rng.IntN(5000)
		id := "c" + strconv.Itoa(k)
		want[id]++
		// Force collisions: only 64 hash values for 5,000 IDs.
		x.pending = append(x.pending, buyerCount{id: id, h: uint64(k%64) << 58, n: 1})
		if i%70_000 == 0 {
			x.spread()
		}
	}
	d, r := x.counts()
	wd, wr := referenceCounts(want)
	assert.Equal(t, wd, d)
	assert.Equal(t, wr, r)
}

func TestHashID(t *testing.T) {
	seen := map[uint64]string{}
	for i := range 100_000 {
		for _, id := range []string{strconv.Itoa(i), "buyer-" + strconv.Itoa(i), "member-" + strconv.Itoa(i) + "-wechat-unionid"} {
			h := hashID(id)
			if prev, ok := seen[h]; ok && prev != id {
				t.Fatalf("hash collision between %q and %q", prev, id)
			}
			seen[h] = id
		}
	}
	assert.Equal(t, hashID("buyer-1"), hashID("buyer-1"))
	assert.NotEqual(t, hashID(""), hashID("\x00"))
}
