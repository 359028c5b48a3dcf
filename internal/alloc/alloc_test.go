package alloc_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/internal/alloc"
)

func TestProportional(t *testing.T) {
	parts := make([]uint64, 3)
	_, err := alloc.Proportional(parts, 1000, []int64{1000, 1000, 1000}, nil)
	require.NoError(t, err)
	assert.Equal(t, []uint64{334, 333, 333}, parts)

	parts = make([]uint64, 4)
	_, err = alloc.Proportional(parts, 400, []int64{54, 68, 267, 15}, nil)
	require.NoError(t, err)
	assert.Equal(t, []uint64{54, 67, 264, 15}, parts)

	i, err := alloc.Proportional(parts[:2], 1, []int64{1, -1}, nil)
	assert.ErrorIs(t, err, alloc.ErrNegativeWeight)
	assert.Equal(t, 1, i)
	_, err = alloc.Proportional(parts[:2], 1, []int64{0, 0}, nil)
	assert.ErrorIs(t, err, alloc.ErrNoWeight)
	_, err = alloc.Proportional(parts[:2], 1, []int64{math.MaxInt64, math.MaxInt64}, nil)
	assert.NoError(t, err)
	_, err = alloc.Proportional(parts[:3], 1, []int64{math.MaxInt64, math.MaxInt64, 2}, nil)
	assert.ErrorIs(t, err, alloc.ErrOverflow)
}

// The small path (≤ 16 weights) and the sorted path agree, sum exactly and
// never give a part more than its exact share rounded up.
func TestProportionalProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s alloc.Scratch
	for range 5000 {
		n := 1 + r.IntN(40)
		w := make([]int64, n)
		var sum int64
		for i := range w {
			w[i] = r.Int64N(1 + r.Int64N(1000)) // small ranges make ties
			sum += w[i]
		}
		if sum == 0 {
			w[0], sum = 1, 1
		}
		total := r.Uint64N(100000)
		parts := make([]uint64, n)
		_, err := alloc.Proportional(parts, total, w, &s)
		require.NoError(t, err)
		var got uint64
		for i, p := range parts {
			got += p
			share := float64(total) * float64(w[i]) / float64(sum)
			assert.LessOrEqual(t, float64(p), math.Ceil(share)+1e-9)
		}
		assert.Equal(t, total, got)
		assert.Equal(t, reference(total, w), parts)
	}
}

// reference is the largest-remainder method the slow, obvious way: sort
// the indexes by remainder, largest first, the lower index winning ties.
func reference(total uint64, w []int64) []uint64 {
	var sum uint64
	for _, x := range w {
		sum += uint64(x)
	}
	parts := make([]uint64, len(w))
	rems := make([]uint64, len(w))
	idx := make([]int, len(w))
	left := total
	for i, x := range w {
		parts[i] = total * uint64(x) / sum
		rems[i] = total * uint64(x) % sum
		left -= parts[i]
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return rems[idx[a]] > rems[idx[b]] })
	for _, i := range idx[:left] {
		parts[i]++
	}
	return parts
}

func ExampleProportional() {
	parts := make([]uint64, 3)
	alloc.Proportional(parts, 1000, []int64{1, 1, 1}, nil)
	fmt.Println(parts)
	// Output: [334 333 333]
}
