package matrix

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// randomPlainSpec is a default-mode funnel with no breakdown (the one
// scanPlain serves), of 1 to 6 steps over kinds 1–7, a kind possibly in
// several steps, a window of 0 to 9 ms, FirstStart or not.
func randomPlainSpec(r *rand.Rand) FunnelSpec {
	n := 1 + r.IntN(6)
	steps := make([][]Kind, n)
	for i := range steps {
		for range 1 + r.IntN(2) {
			k := Kind(1 + r.IntN(7))
			if !slices.Contains(steps[i], k) {
				steps[i] = append(steps[i], k)
			}
		}
	}
	return FunnelSpec{Steps: steps, Window: time.Duration(r.IntN(10)) * time.Millisecond, FirstStart: r.IntN(2) == 0}
}

// TestScanPlain checks the branch-free scan of the default mode against
// the general one, field by field of the chain, on random sorted keys
// with many ties (times 0 to 19 ms) and kinds in several steps.
func TestScanPlain(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 618))
	for i := range longCases(3000, 300_000) {
		spec := randomPlainSpec(r)
		f, err := NewFunnel(spec)
		require.NoError(t, err)
		require.True(t, f.plain)
		keys := make([]uint64, r.IntN(30))
		for j := range keys {
			k := Kind(1 + r.IntN(7))
			if f.table[k]&kKeep == 0 {
				k = spec.Steps[0][0]
			}
			keys[j] = uint64(r.IntN(20))<<24 | uint64(k)<<16
		}
		slices.Sort(keys)
		base := int64(r.IntN(1000)) - 500
		got, want := newChainBuf(f.n), newChainBuf(f.n)
		got.lb[0].start = 77 // stale state from an earlier user must not matter
		f.scanPlain(keys, base, &got.chain)
		var sc scanScratch
		f.plain = false
		f.scan(keys, base, &want.chain, &sc)
		require.Equal(t, want.level(), got.level(), "case %d", i)
		require.Equal(t, want.set, got.set, "case %d", i)
		require.Equal(t, want.first, got.first, "case %d", i)
		require.Equal(t, want.done, got.done, "case %d", i)
		for l := range got.level() {
			require.Equal(t, want.lv[l].start, got.lv[l].start, "case %d level %d", i, l+1)
			require.Equal(t, want.lv[l].at, got.lv[l].at, "case %d level %d", i, l+1)
		}
	}
}

// TestSortTimes checks the radix sort of times to convert against
// slices.Sort, for short and long runs, narrow and wide values (one to
// six 11-bit digits, an odd and an even number of passes), with repeats.
func TestSortTimes(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 618))
	var tmp []int64
	for _, n := range []int{0, 1, 511, 512, 513, 5000} {
		for _, top := range []int64{1, 2047, 2048, 3_600_000, 1 << 40, 1<<62 - 1} {
			d := make([]int64, n)
			for i := range d {
				d[i] = r.Int64N(top + 1)
				if i > 0 && r.IntN(4) == 0 {
					d[i] = d[i-1]
				}
			}
			want := slices.Clone(d)
			slices.Sort(want)
			tmp = sortTimes(d, tmp)
			require.Equal(t, want, d, "n %d top %d", n, top)
		}
	}
}

// TestBinSort checks the per-user sort of batch work against slices.Sort
// on keys spread over their span, skewed (a burst in one bin and a far
// outlier, which once made the sort quadratic), clustered (bins of about
// 20 keys, some over 32), and already in order.
func TestBinSort(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 618))
	var p pipeline
	for _, n := range []int{25, 200, 5000, 50_000} {
		for _, shape := range []string{"spread", "skewed", "clustered", "sorted", "reversed"} {
			seg := make([]uint64, n)
			for i := range seg {
				switch shape {
				case "skewed":
					seg[i] = uint64(r.IntN(1000))<<24 | uint64(r.IntN(8))<<16
				case "clustered":
					seg[i] = uint64(r.IntN(max(n/20, 1)))<<44 | uint64(r.IntN(1<<20))<<24 | uint64(r.IntN(8))<<16
				default:
					seg[i] = uint64(r.IntN(1<<30))<<24 | uint64(r.IntN(8))<<16
				}
			}
			switch shape {
			case "skewed":
				seg[r.IntN(n)] = 1 << 63 // one event far later than the burst
			case "sorted":
				slices.Sort(seg)
			case "reversed":
				slices.Sort(seg)
				slices.Reverse(seg)
			}
			want := slices.Sorted(slices.Values(seg))
			lo, hi := slices.Min(seg), slices.Max(seg)
			got := p.binSort(slices.Clone(seg), lo, hi, shape == "sorted")
			require.Equal(t, want, got, "%s n %d", shape, n)
			require.Equal(t, want, p.sortUser(slices.Clone(seg)), "sortUser %s n %d", shape, n)
		}
	}
}
