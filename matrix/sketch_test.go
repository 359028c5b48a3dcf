package matrix

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// personID appends the ID of person i of partition seed to buf: the IDs
// the accuracy tests add.
func personID(buf []byte, seed, i int) []byte {
	buf = append(buf[:0], "s"...)
	buf = strconv.AppendInt(buf, int64(seed), 10)
	buf = append(buf, "-fan-"...)
	return strconv.AppendInt(buf, int64(i), 10)
}

// TestSketchAccuracy checks the documented error against the anchors'
// goal (c.5.4, |error| ≤ 2% at p = 14 over 20 seeds) at several
// cardinalities: the small range (1,000 people in 16,384 registers,
// where σ does linear counting's work), the old switch-over region (10⁴
// to 10⁵, about 2.5·m), 3·10⁵, and 10⁶ with LIVECOMMERCE_LONG=1. The
// relative standard error at p = 14 is 1.04/√16384 ≈ 0.81%, so 2% is
// 2.5σ and a single estimate beyond it is expected about once in 70
// (seed 1 at 40,000 people is one: +2.15%). Hence, at each cardinality,
// over the 20 seeds:
//   - the mean |error| is at most 2% (the goal) and the root-mean-square
//     error at most 1.5 × 0.81%, about 1.2%;
//   - every single estimate is within 4σ, 3.25%.
func TestSketchAccuracy(t *testing.T) {
	const sigma = 0.0081 // 1.04/√16384
	checkpoints := []int{1_000, 10_000, 40_000, 100_000, 300_000}
	if longCases(0, 1) == 1 {
		checkpoints = append(checkpoints, 1_000_000)
	}
	seeds := 20
	sumAbs := make([]float64, len(checkpoints))
	sumSq := make([]float64, len(checkpoints))
	var buf []byte
	for seed := range seeds {
		s, err := NewSketch(14)
		require.NoError(t, err)
		next := 0
		for i := range checkpoints[len(checkpoints)-1] {
			buf = personID(buf, seed, i)
			s.Add(string(buf))
			if i+1 == checkpoints[next] {
				want := float64(i + 1)
				rel := (float64(s.Estimate()) - want) / want
				assert.LessOrEqual(t, math.Abs(rel), 4*sigma, "seed %d, %d people: estimate %d", seed, i+1, s.Estimate())
				sumAbs[next] += math.Abs(rel)
				sumSq[next] += rel * rel
				next++
			}
		}
	}
	for k, n := range checkpoints {
		mean, rms := sumAbs[k]/float64(seeds), math.Sqrt(sumSq[k]/float64(seeds))
		t.Logf("%9d people: mean |error| %.4f, rms %.4f", n, mean, rms)
		assert.LessOrEqual(t, mean, 0.02, "%d people", n)
		assert.LessOrEqual(t, rms, 1.5*sigma, "%d people", n)
	}
}

// TestSketchErrorScales checks that the error follows 1.04/√m across
// precisions: the root-mean-square relative error over 20 seeds of
// 50,000 people stays within 1.5× the theory (and is not suspiciously
// far below it, which would hint the test measures nothing).
func TestSketchErrorScales(t *testing.T) {
	const people, seeds = 50_000, 20
	var buf []byte
	for _, p := range []int{8, 10, 12, 16} {
		t.Run(fmt.Sprintf("p=%d", p), func(t *testing.T) {
			sum := 0.0
			for seed := range seeds {
				s, err := NewSketch(p)
				require.NoError(t, err)
				for i := range people {
					buf = personID(buf, 100+seed, i)
					s.Add(string(buf))
				}
				rel := (float64(s.Estimate()) - people) / people
				sum += rel * rel
			}
			rms := math.Sqrt(sum / seeds)
			theory := 1.04 / math.Sqrt(float64(int(1)<<p))
			assert.Less(t, rms, 1.5*theory, "rms %.4f, theory %.4f", rms, theory)
			assert.Greater(t, rms, theory/4, "rms %.4f, theory %.4f", rms, theory)
		})
	}
}

// TestIntersectionRegression is the anchors' regression vector (c.3,
// mattlorimor/ProbabilisticDataStructures PR #72): two sets of 200,000
// people sharing 500. The exact sets give exactly 500. The sketches'
// inclusion–exclusion |A| + |B| − |A ∪ B| subtracts estimates whose
// errors are about 0.81% of 400,000, so over 20 draws of the people it is
// off by thousands (PR #72 measured 1,947, about 4× the answer) and
// sometimes negative: why Sketch has no intersection.
func TestIntersectionRegression(t *testing.T) {
	const size, shared, seeds = 200_000, 500, 20
	// A is people 0 … 199,999; B is 199,500 … 399,499.
	a := make([]Member, size)
	b := make([]Member, size)
	for i := range size {
		a[i] = Member(i)
		b[i] = Member(size - shared + i)
	}
	sa, sb := SetOf(a...), SetOf(b...)
	assert.Equal(t, shared, Intersect(sa, sb).Len())
	assert.Equal(t, shared, Intersect(sb, sa).Len())
	assert.Equal(t, 2*size-shared, Union(sa, sb).Len())
	assert.Equal(t, size-shared, sa.Difference(sb).Len())

	var buf []byte
	sumSq, negative := 0.0, 0
	for seed := range seeds {
		ha, hb := new(Sketch), new(Sketch)
		for i := range 2*size - shared {
			buf = personID(buf, 1000+seed, i)
			if i < size {
				ha.Add(string(buf))
			}
			if i >= size-shared {
				hb.Add(string(buf))
			}
		}
		hu := ha.Clone()
		require.NoError(t, hu.Merge(hb))
		// Each sketch is good for what it does: unions.
		assert.InDelta(t, 2*size-shared, float64(hu.Estimate()), 0.02*(2*size-shared))
		ie := int64(ha.Estimate()) + int64(hb.Estimate()) - int64(hu.Estimate())
		sumSq += float64((ie - shared) * (ie - shared))
		if ie < 0 {
			negative++
		}
	}
	rms := math.Sqrt(sumSq / seeds)
	t.Logf("inclusion–exclusion over %d seeds: rms error %.0f people for a true %d; %d negative", seeds, rms, shared, negative)
	assert.Greater(t, rms, 2.0*shared, "inclusion–exclusion of sketches is off by more than twice the answer")
	assert.Positive(t, negative, "and it even gives negative intersections")
}

func TestSketchMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	var buf []byte
	cases := longCases(200, 2_000)
	for c := range cases {
		p := MinPrecision + rng.IntN(MaxPrecision-MinPrecision+1)
		parts := make([]*Sketch, 3)
		whole, err := NewSketch(p)
		require.NoError(t, err)
		for k := range parts {
			parts[k], err = NewSketch(p)
			require.NoError(t, err)
			for range rng.IntN(300) {
				buf = personID(buf, c, rng.IntN(500))
				parts[k].Add(string(buf))
				whole.Add(string(buf))
			}
		}
		// (a ∪ b) ∪ c = a ∪ (b ∪ c) = (c ∪ a) ∪ b = all added to one sketch.
		ab := parts[0].Clone()
		require.NoError(t, ab.Merge(parts[1]))
		require.NoError(t, ab.Merge(parts[2]))
		bc := parts[1].Clone()
		require.NoError(t, bc.Merge(parts[2]))
		a := parts[0].Clone()
		require.NoError(t, a.Merge(bc))
		ca := parts[2].Clone()
		require.NoError(t, ca.Merge(parts[0]))
		require.NoError(t, ca.Merge(parts[1]))
		require.True(t, ab.Equal(whole), "case %d", c)
		require.True(t, a.Equal(whole), "case %d", c)
		require.True(t, ca.Equal(whole), "case %d", c)
		require.Equal(t, whole.Estimate(), ab.Estimate())
		// Idempotent.
		before := whole.Clone()
		require.NoError(t, whole.Merge(whole.Clone()))
		require.True(t, whole.Equal(before))
	}
}

func TestSketchZeroAndErrors(t *testing.T) {
	var z Sketch
	assert.Equal(t, DefaultPrecision, z.Precision())
	assert.Equal(t, uint64(0), z.Estimate())
	require.NoError(t, z.Merge(nil))
	require.NoError(t, z.Merge(new(Sketch)))
	assert.Equal(t, uint64(0), z.Estimate())
	s14, err := NewSketch(14)
	require.NoError(t, err)
	assert.True(t, z.Equal(s14), "the zero sketch is an empty sketch of precision 14")
	z.Add("ann")
	z.Add("ann")
	z.Add("bo")
	assert.Equal(t, uint64(2), z.Estimate())
	assert.False(t, z.Equal(s14))
	assert.False(t, s14.Equal(&z))
	empty := new(Sketch)
	empty.Add("x")
	clear(empty.reg)
	assert.True(t, empty.Equal(new(Sketch)), "registers all zero equal a nil register array")
	assert.True(t, new(Sketch).Equal(empty))
	assert.True(t, empty.Equal(nil))
	assert.Equal(t, uint64(0), empty.Estimate())

	for _, p := range []int{-1, 0, 3, 19, 64} {
		_, err := NewSketch(p)
		require.ErrorIs(t, err, commerce.ErrInvalid, "p=%d", p)
		var fe *commerce.FieldError
		require.True(t, errors.As(err, &fe))
		assert.Equal(t, "precision", fe.Field)
	}
	s12, err := NewSketch(12)
	require.NoError(t, err)
	s12.Add("ann")
	before := z.Clone()
	err = z.Merge(s12)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "precision 12 into one of 14")
	assert.True(t, z.Equal(before), "a failed merge changes nothing")
	assert.False(t, s12.Equal(&z))
}

func TestSketchSaturated(t *testing.T) {
	// Every register at the largest rank: τ's x = 0 branch; the estimate
	// is finite and huge.
	s, err := NewSketch(4)
	require.NoError(t, err)
	s.registers()
	for i := range s.reg {
		s.reg[i] = 65 - 4
	}
	assert.Greater(t, s.Estimate(), uint64(1)<<60)
	// Half the registers saturated, half at rank 1: the estimate is a
	// harmonic mean, led by the small registers: about
	// m²/(2·ln 2·(8·2⁻¹ + 8·2⁻⁶¹·…)) = 256/(2·ln 2·4) ≈ 46.
	for i := range 8 {
		s.reg[i] = 1
	}
	assert.Equal(t, uint64(46), s.Estimate())
	// The rank is bounded by the sentinel bit: a hash whose low 64−p bits
	// are zero gets 65 − p.
	s2, err := NewSketch(4)
	require.NoError(t, err)
	s2.addHash(0)
	assert.Equal(t, uint8(61), s2.reg[0])
	s2.addHash(1 << 59) // top 4 bits 0, next bit 1: rank 1
	s2.addHash(0xF<<60 | 1<<58)
	assert.Equal(t, uint8(2), s2.reg[15])
}

// TestSigmaTau checks Ertl's σ and τ against their series summed
// term by term.
func TestSigmaTau(t *testing.T) {
	for _, x := range []float64{0, 0.001, 0.25, 0.5, 0.9, 0.999} {
		// σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k−1)
		want, pow := x, x
		for k := 1; k < 40; k++ {
			pow *= pow
			want += pow * math.Ldexp(1, k-1)
		}
		assert.InEpsilon(t, want+1e-300, sigma(x)+1e-300, 1e-12, "σ(%g)", x)
	}
	assert.True(t, math.IsInf(sigma(1), 1) || sigma(1) > 1e300)
	for _, x := range []float64{0.001, 0.25, 0.5, 0.9, 0.999} {
		// τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))²·2^−k)/3
		sum := 1 - x
		for k := 1; k < 60; k++ {
			r := 1 - math.Pow(x, math.Ldexp(1, -k))
			sum -= r * r * math.Ldexp(1, -k)
		}
		assert.InEpsilon(t, sum/3, tau(x), 1e-9, "τ(%g)", x)
	}
	assert.Zero(t, tau(0))
	assert.Zero(t, tau(1))
}

func TestSketchBinary(t *testing.T) {
	s, err := NewSketch(10)
	require.NoError(t, err)
	for i := range 5_000 {
		s.Add("fan-" + strconv.Itoa(i))
	}
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	assert.Len(t, b, 5+1024)
	var r Sketch
	require.NoError(t, r.UnmarshalBinary(b))
	assert.True(t, r.Equal(s))
	assert.Equal(t, s.Estimate(), r.Estimate())
	zb, err := new(Sketch).MarshalBinary()
	require.NoError(t, err)
	assert.Len(t, zb, 5+16384)

	bad := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), b...)) }
	for _, tt := range []struct {
		name  string
		b     []byte
		field string
	}{
		{"empty", nil, "sketch"},
		{"magic", bad(func(b []byte) []byte { b[0] = 'X'; return b }), "sketch"},
		{"version", bad(func(b []byte) []byte { b[3] = 2; return b }), "sketch.version"},
		{"precision", bad(func(b []byte) []byte { b[4] = 3; return b }), "sketch.precision"},
		{"short", b[:len(b)-1], "sketch.registers"},
		{"rank", bad(func(b []byte) []byte { b[5+7] = 56; return b }), "sketch.registers[7]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := r.Clone()
			err := r.UnmarshalBinary(tt.b)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			var fe *commerce.FieldError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, tt.field, fe.Field)
			assert.True(t, r.Equal(before), "a failed unmarshal changes nothing")
		})
	}
}

// TestHashFixed pins the hash: sketches merge across processes and
// releases only while it stays the same. Its first stage is FNV-1a-64,
// checked against hash/fnv; the pinned values of the whole hash were
// computed by this implementation when the format was fixed (a change
// to them breaks every stored sketch).
func TestHashFixed(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want uint64
	}{
		{"", 0xefd01f60ba992926},
		{"a", 0x82a2a958a9bece5b},
		{"cup-fan-000001", 0x75084388d5e54228},
	} {
		f := fnv.New64a()
		_, _ = f.Write([]byte(tt.id))
		assert.Equal(t, fmix64(f.Sum64()), hashID(tt.id), "FNV-1a-64 then fmix64 of %q", tt.id)
		assert.Equal(t, tt.want, hashID(tt.id), "%q", tt.id)
	}
}

// fmix64 is MurmurHash3's 64-bit finaliser, as published.
func fmix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

func TestSketchAddAllocs(t *testing.T) {
	if reachRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := new(Sketch)
	s.Add("warm")
	ids := []string{"cup-fan-000001", "cup-fan-199999", "x"}
	allocs := testing.AllocsPerRun(100, func() {
		for _, id := range ids {
			s.Add(id)
		}
	})
	assert.Zero(t, allocs)
}

func FuzzSketchBinary(f *testing.F) {
	s, _ := NewSketch(4)
	s.Add("ann")
	b, _ := s.MarshalBinary()
	f.Add(b)
	f.Add([]byte("HLL\x01\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Sketch
		if err := s.UnmarshalBinary(b); err != nil {
			require.ErrorIs(t, err, commerce.ErrInvalid)
			return
		}
		out, err := s.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, b, out)
		_ = s.Estimate()
	})
}
