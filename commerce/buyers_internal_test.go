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

// TestBuyerIndexMatchesMap: across adds, merges and foldings of every size,
// each index counts exactly what a map counts, and merging leaves the merged
// index as it was.
func TestBuyerIndexMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	rounds := 10
	if longRun() {
		rounds = 400
	}
	check := func(x *buyerIndex, want map[string]uint64) {
		t.Helper()
		d, r := x.counts()
		wd, wr := referenceCounts(want)
		require.Equal(t, wd, d)
		require.Equal(t, wr, r)
	}
	for range rounds {
		pool := 1 + rng.IntN(200_000)
		var x, y buyerIndex
		wantX, wantY := map[string]uint64{}, map[string]uint64{}
		for range 1 + rng.IntN(4) {
			for range rng.IntN(100_000) {
				id := "b" + strconv.Itoa(rng.IntN(pool))
				if rng.IntN(3) == 0 {
					wantY[id]++
					y.add(id)
					y.settle()
				} else {
					wantX[id]++
					x.add(id)
					x.settle()
				}
			}
			if rng.IntN(2) == 0 {
				x.merge(&y)
				for id, n := range wantY {
					wantX[id] += n
				}
				if rng.IntN(2) == 0 {
					y, wantY = buyerIndex{}, map[string]uint64{}
				}
			}
			if rng.IntN(2) == 0 {
				// Counting folds partitions in place; adding goes on after.
				check(&x, wantX)
				check(&y, wantY)
			}
		}
		check(&y, wantY)
		x.merge(&y)
		for id, n := range wantY {
			wantX[id] += n
		}
		check(&x, wantX)
		check(&y, wantY)
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
		x.ids = append(x.ids, id)
		x.hashes = append(x.hashes, uint64(k%64)<<58)
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
