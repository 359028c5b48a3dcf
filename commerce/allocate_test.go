package commerce_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func unitsOf(parts []commerce.Money) []int64 {
	out := make([]int64, len(parts))
	for i, p := range parts {
		out[i] = p.Units()
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
	}{
		// One known library gives 0.03/0.00 here (remainder to the first
		// party); the largest remainder goes to the 25% share.
		{"3 fen at 75:25", 3, []int64{75, 25}, []int64{2, 1}},
		// ¥10.00 off three ¥10.00 lines: 3.34 + 3.33 + 3.33, not 9.99.
		{"10 yuan over three equal lines", 1000, []int64{1000, 1000, 1000}, []int64{334, 333, 333}},
		// Saleor's clamp case from the pricing anchors: a ¥4.00 discount
		// over lines of 0.54/0.68/2.67/0.15 must take exactly ¥4.00.
		{"saleor lines", 400, []int64{54, 68, 267, 15}, []int64{54, 67, 264, 15}},
		{"negative total", -1000, []int64{1, 1, 1}, []int64{-334, -333, -333}},
		{"zero weight", 1000, []int64{0, 1, 1}, []int64{0, 500, 500}},
		{"zero total", 0, []int64{3, 7}, []int64{0, 0}},
		{"single", 12345, []int64{9}, []int64{12345}},
		{"ties to lower index", 2, []int64{1, 1, 1}, []int64{1, 1, 0}},
		{"largest remainder wins over index", 1, []int64{1, 2}, []int64{0, 1}},
		{"extremes", math.MaxInt64, []int64{math.MaxInt64, math.MaxInt64}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}},
		{"min int", math.MinInt64, []int64{1, 1}, []int64{math.MinInt64 / 2, math.MinInt64 / 2}},
		{"many weights", 100, []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			[]int64{4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := cny(tt.total).Allocate(tt.weights...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, unitsOf(parts))
			for _, p := range parts {
				assert.Equal(t, commerce.CNY, p.Currency())
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	tests := []struct {
		name    string
		weights []int64
		err     error
	}{
		{"no weights", nil, commerce.ErrInvalid},
		{"all zero", []int64{0, 0}, commerce.ErrInvalid},
		{"negative", []int64{1, -1}, commerce.ErrInvalid},
		{"sum overflow", []int64{math.MaxInt64, math.MaxInt64, math.MaxInt64}, commerce.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cny(100).Allocate(tt.weights...)
			assert.ErrorIs(t, err, tt.err)
		})
	}
	_, err := cny(100).Allocate(1, -1)
	var fe *commerce.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "allocate: weights[1]", fe.Field)
}

func TestSplit(t *testing.T) {
	tests := []struct {
		total int64
		n     int
		want  []int64
	}{
		{1000, 3, []int64{334, 333, 333}},
		{-1000, 3, []int64{-334, -333, -333}},
		{2, 3, []int64{1, 1, 0}},
		{0, 2, []int64{0, 0}},
		{math.MinInt64, 2, []int64{math.MinInt64 / 2, math.MinInt64 / 2}},
	}
	for _, tt := range tests {
		parts, err := cny(tt.total).Split(tt.n)
		require.NoError(t, err)
		assert.Equal(t, tt.want, unitsOf(parts))
	}
	_, err := cny(1).Split(0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = cny(1).Split(math.MaxInt)
	assert.ErrorIs(t, err, commerce.ErrInvalid, "an absurd number of parts is refused, not allocated")
}

// checkAllocation asserts the invariants of an allocation: the parts sum to
// the total; each part is its exact share truncated toward zero, or one unit
// further out; zero weights get zero; and the parts that got the extra unit
// are those with the largest remainders, ties going to the lower index.
func checkAllocation(t *testing.T, total int64, weights []int64, parts []commerce.Money) {
	t.Helper()
	require.Len(t, parts, len(weights))
	sum := new(big.Int)
	w := new(big.Int)
	for _, x := range weights {
		w.Add(w, big.NewInt(x))
	}
	// The weakest remainder that got a unit must beat the strongest that
	// did not: larger, or equal at a lower index.
	var minIn, maxOut *big.Int
	minInAt, maxOutAt := -1, -1
	for i, p := range parts {
		sum.Add(sum, big.NewInt(p.Units()))
		exact := new(big.Int).Mul(big.NewInt(total), big.NewInt(weights[i]))
		lo := new(big.Int).Quo(exact, w) // truncated toward zero
		hi := new(big.Int).Set(lo)
		if new(big.Int).Rem(exact, w).Sign() != 0 {
			if total < 0 {
				hi.Sub(hi, big.NewInt(1))
			} else {
				hi.Add(hi, big.NewInt(1))
			}
		}
		got := big.NewInt(p.Units())
		ok := got.Cmp(lo) == 0 || got.Cmp(hi) == 0
		require.True(t, ok, "part %d = %s, exact share between %s and %s", i, got, lo, hi)
		rem := new(big.Int).Abs(new(big.Int).Rem(exact, w))
		switch {
		case got.Cmp(lo) != 0 && (minIn == nil || rem.Cmp(minIn) <= 0):
			minIn, minInAt = rem, i
		case got.Cmp(lo) == 0 && (maxOut == nil || rem.Cmp(maxOut) > 0):
			maxOut, maxOutAt = rem, i
		}
	}
	require.Equal(t, 0, sum.Cmp(big.NewInt(total)), "parts sum to %s, want %d", sum, total)
	if minIn != nil && maxOut != nil {
		c := minIn.Cmp(maxOut)
		require.True(t, c > 0 || c == 0 && minInAt < maxOutAt,
			"part %d (remainder %s) got a unit before part %d (remainder %s)", minInAt, minIn, maxOutAt, maxOut)
	}
}

// TestAllocateProperties: over random totals and weights, the parts always
// sum to the whole and each is within one unit of its exact share.
func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range cases(20_000, 1_000_000) {
		n := 1 + rng.IntN(40)
		weights := make([]int64, n)
		nonzero := false
		for i := range weights {
			switch rng.IntN(4) {
			case 0:
				weights[i] = 0
			case 1:
				weights[i] = rng.Int64N(1 << 56) // 40 of them still sum below 2^63
			default:
				weights[i] = rng.Int64N(100_000)
			}
			nonzero = nonzero || weights[i] > 0
		}
		if !nonzero {
			weights[0] = 1
		}
		total := rng.Int64() - rng.Int64()
		if rng.IntN(2) == 0 {
			total = rng.Int64N(1_000_000) - 500_000
		}
		parts, err := cny(total).Allocate(weights...)
		require.NoError(t, err)
		checkAllocation(t, total, weights, parts)

		split, err := cny(total).Split(n)
		require.NoError(t, err)
		equal := make([]int64, n)
		for i := range equal {
			equal[i] = 1
		}
		checkAllocation(t, total, equal, split)
		viaAllocate, err := cny(total).Allocate(equal...)
		require.NoError(t, err)
		require.Equal(t, viaAllocate, split, "Split is Allocate with equal weights")
	}
}

func TestAllocateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	total := cny(100_000)
	weights := []int64{12, 7, 30, 1, 5, 9, 13, 2, 8, 13}
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = total.Allocate(weights...)
	})
	assert.LessOrEqual(t, allocs, 1.0, "Allocate over 10 weights allocates only its result")
}
