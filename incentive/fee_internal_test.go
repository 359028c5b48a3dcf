package incentive

import (
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func TestFeeDecimal(t *testing.T) {
	tests := []struct {
		hi, lo uint64
		scale  uint8
		want   string
	}{
		{0, 0, 0, "0"},
		{0, 0, 5, "0"},
		{0, 8600, 2, "86"},
		{0, 45, 1, "4.5"},
		{0, 5, 3, "0.005"},
		{0, 120, 3, "0.12"},
		{1, 0, 0, "18446744073709551616"},  // 2^64
		{1, 0, 4, "1844674407370955.1616"}, // 2^64 / 10^4
		{1 << 62, 0, 18, "85070591730234615865.843651857942052864"}, // 2^126 / 10^18
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, feeDecimal(tt.hi, tt.lo, tt.scale), "%d:%d/10^%d", tt.hi, tt.lo, tt.scale)
	}
	// Against big.Int on random 128-bit values below 2^127.
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		hi, lo, scale := r.Uint64()>>1, r.Uint64(), uint8(r.IntN(19))
		n := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		n.Or(n, new(big.Int).SetUint64(lo))
		want := new(big.Rat).SetFrac(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
		got, ok := new(big.Rat).SetString(feeDecimal(hi, lo, scale))
		assert.True(t, ok)
		assert.Zero(t, want.Cmp(got))
	}
}

// TestFeeRound checks feeRound against commerce's rounding of the same
// quotient, for every mode.
func TestFeeRound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		units := r.Int64N(1_000_000)
		bp := r.Int64N(10_001)
		for m := commerce.HalfUp; m.Valid(); m++ {
			want, err := commerce.MustNewMoney(units, commerce.CNY).MulRate(commerce.BasisPoints(bp), m)
			assert.NoError(t, err)
			hi, lo := bits.Mul64(uint64(units), uint64(bp))
			assert.Equal(t, uint64(want.Units()), feeRound(hi, lo, 10_000, m), "%d × %d bp %v", units, bp, m)
		}
	}
}

// TestFeeApportion: shares sum to the total, stay within their weights,
// and hand out remainders by largest remainder, ties to the earlier.
func TestFeeApportion(t *testing.T) {
	tests := []struct {
		total int64
		w     []int64
		want  []int64
	}{
		{10001, []int64{1000000, 100}, []int64{10000, 1}},
		{1, []int64{1, 1, 1}, []int64{1, 0, 0}},
		{2, []int64{1, 1, 1}, []int64{1, 1, 0}},
		{3, []int64{5, 0, 7}, []int64{1, 0, 2}},
		{0, []int64{5, 7}, []int64{0, 0}},
		{0, []int64{0, 0}, []int64{0, 0}},
		{12, []int64{5, 7}, []int64{5, 7}},
	}
	for _, tt := range tests {
		out := make([]int64, len(tt.w))
		feeApportion(tt.total, tt.w, out)
		assert.Equal(t, tt.want, out, "%d over %v", tt.total, tt.w)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		n := 1 + r.IntN(MaxAllowances+1)
		w := make([]int64, n)
		var sum int64
		for i := range w {
			w[i] = r.Int64N(1 << 40)
			sum += w[i]
		}
		total := r.Int64N(sum + 1)
		out := make([]int64, n)
		feeApportion(total, w, out)
		var got int64
		for i := range out {
			assert.LessOrEqual(t, out[i], w[i])
			assert.GreaterOrEqual(t, out[i], int64(0))
			got += out[i]
		}
		assert.Equal(t, total, got)
	}
}
