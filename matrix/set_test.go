package matrix

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkCanonical fails unless s is in its one canonical form: a bitset
// exactly when 2·words < Len, with no trailing zero word, and a sorted
// array without repeats otherwise.
func checkCanonical(t testing.TB, s Set) {
	t.Helper()
	switch {
	case s.n == 0:
		require.Nil(t, s.sparse)
		require.Nil(t, s.dense)
	case s.dense != nil:
		require.Nil(t, s.sparse)
		require.NotZero(t, s.dense[len(s.dense)-1], "trailing zero word")
		require.Less(t, 2*len(s.dense), s.n)
		require.Equal(t, s.n, popcount(s.dense))
	default:
		require.Len(t, s.sparse, s.n)
		require.True(t, slices.IsSorted(s.sparse))
		require.Len(t, slices.Compact(slices.Clone(s.sparse)), s.n, "repeated member")
		require.GreaterOrEqual(t, 2*(int(s.sparse[s.n-1]/64)+1), s.n)
	}
}

func TestSetBasics(t *testing.T) {
	for _, tt := range []struct {
		name    string
		members []Member
		want    []Member
		dense   bool
	}{
		{"empty", nil, []Member{}, false},
		{"one", []Member{7}, []Member{7}, false},
		// 3 members in one word: 2·1 < 3, a bitset.
		{"repeats and order", []Member{9, 3, 9, 1, 3}, []Member{1, 3, 9}, true},
		{"largest member", []Member{math.MaxUint32, 0}, []Member{0, math.MaxUint32}, false},
		{"dense word", []Member{0, 1, 63}, []Member{0, 1, 63}, true},
		// 2 members in one word: 2·1 = 2, not below, so an array.
		{"tie stays sparse", []Member{0, 63}, []Member{0, 63}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := SetOf(tt.members...)
			checkCanonical(t, s)
			assert.Equal(t, tt.dense, s.dense != nil)
			assert.Equal(t, len(tt.want), s.Len())
			assert.Equal(t, tt.want, s.Members())
			assert.Equal(t, tt.want, slices.AppendSeq([]Member{}, s.All()))
			for _, m := range tt.want {
				assert.True(t, s.Contains(m), "member %d", m)
			}
			assert.False(t, s.Contains(2))
			assert.False(t, s.Contains(math.MaxUint32-1))
			assert.True(t, s.Equal(SetOf(tt.want...)))
		})
	}
	var zero Set
	assert.True(t, zero.Equal(SetOf()))
	assert.True(t, Union().Equal(zero))
	assert.True(t, Intersect().Equal(zero))
	assert.True(t, zero.Difference(SetOf(1)).Equal(zero))
	assert.False(t, SetOf(1, 2, 3).Equal(SetOf(1, 2, 4)))
	assert.False(t, SetOf(1, 2, 3).Equal(SetOf(1, 2)))
}

func TestSetIterationStops(t *testing.T) {
	for _, s := range []Set{SetOf(1, 500, 900), SetOf(0, 1, 2, 3, 4, 70, 71)} {
		var got []Member
		for m := range s.All() {
			got = append(got, m)
			if len(got) == 2 {
				break
			}
		}
		assert.Equal(t, s.Members()[:2], got)
	}
	s := SetOf(0, 1, 2, 3, 4, 70, 71)
	require.NotNil(t, s.dense)
	for m := range s.All() {
		if m == 70 {
			break
		}
	}
}

func TestSetAlgebraTable(t *testing.T) {
	a := SetOf(1, 2, 3, 64, 65)
	b := SetOf(2, 3, 4, 65, 1000)
	c := SetOf(3, 65, 1000)
	for _, tt := range []struct {
		name string
		got  Set
		want []Member
	}{
		{"a ∪ b", Union(a, b), []Member{1, 2, 3, 4, 64, 65, 1000}},
		{"a ∪ empty", Union(a, Set{}), a.Members()},
		{"a ∩ b", Intersect(a, b), []Member{2, 3, 65}},
		{"a ∩ b ∩ c", Intersect(c, a, b), []Member{3, 65}},
		{"a ∩ empty", Intersect(a, Set{}), []Member{}},
		{"a ∖ b", a.Difference(b), []Member{1, 64}},
		{"b ∖ (a ∪ c)", b.Difference(a, c), []Member{4}},
		{"a ∖ nothing", a.Difference(), a.Members()},
		{"a ∖ a", a.Difference(a), []Member{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkCanonical(t, tt.got)
			assert.Equal(t, tt.want, tt.got.Members())
		})
	}
}

// reference is a Set's model: a sorted slice of distinct members.
func reference(op string, sets [][]Member) []Member {
	in := func(m Member, s []Member) bool { _, ok := slices.BinarySearch(s, m); return ok }
	var all []Member
	for _, s := range sets {
		all = append(all, s...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	out := []Member{}
	for _, m := range all {
		keep := true
		switch op {
		case "union":
		case "intersect":
			for _, s := range sets {
				keep = keep && in(m, s)
			}
		case "difference":
			keep = in(m, sets[0])
			for _, s := range sets[1:] {
				keep = keep && !in(m, s)
			}
		}
		if keep {
			out = append(out, m)
		}
	}
	return out
}

// randomMembers draws a set of members in a range and density chosen to
// reach every form and every path: tiny or huge ranges, dense or sparse.
func randomMembers(rng *rand.Rand) []Member {
	spans := []uint32{64, 300, 5_000, 200_000, math.MaxUint32}
	span := spans[rng.IntN(len(spans))]
	base := uint32(0)
	if rng.IntN(4) == 0 && span < 1<<20 {
		base = uint32(rng.IntN(1 << 20))
	}
	n := rng.IntN(1 + min(int(span), []int{3, 40, 600}[rng.IntN(3)]))
	out := make([]Member, n)
	for i := range out {
		out[i] = Member(base + uint32(rng.Uint64N(uint64(span))))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestSetProperties checks Union, Intersect and Difference against the
// sorted-slice model on random sets of every form, and that the result is
// canonical and the same, representation included, whatever the order of
// the arguments.
func TestSetProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	cases := longCases(3_000, 100_000)
	for c := range cases {
		k := 1 + rng.IntN(4)
		raw := make([][]Member, k)
		sets := make([]Set, k)
		for i := range k {
			if i > 0 && rng.IntN(4) == 0 {
				// Overlap on purpose: a subset of an earlier set.
				prev := raw[rng.IntN(i)]
				raw[i] = slices.DeleteFunc(slices.Clone(prev), func(Member) bool { return rng.IntN(2) == 0 })
			} else {
				raw[i] = randomMembers(rng)
			}
			sets[i] = SetOf(raw[i]...)
			checkCanonical(t, sets[i])
		}
		shuffled := slices.Clone(sets)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		rest := slices.Clone(sets[1:])
		rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		for _, op := range []struct {
			name       string
			got, again Set
		}{
			{"union", Union(sets...), Union(shuffled...)},
			{"intersect", Intersect(sets...), Intersect(shuffled...)},
			{"difference", sets[0].Difference(sets[1:]...), sets[0].Difference(rest...)},
		} {
			want := reference(op.name, raw)
			checkCanonical(t, op.got)
			require.Equal(t, want, op.got.Members(), "case %d %s", c, op.name)
			require.Equal(t, len(want), op.got.Len())
			require.True(t, op.got.Equal(op.again), "case %d %s: argument order", c, op.name)
			require.True(t, op.got.Equal(SetOf(want...)), "case %d %s: one form per set", c, op.name)
			if len(want) > 0 {
				require.True(t, op.got.Contains(want[rng.IntN(len(want))]))
			}
		}
	}
}

// FuzzSetAlgebra checks the identities of the set algebra on sets drawn
// from the fuzzer's bytes: |A ∪ B| + |A ∩ B| = |A| + |B|, A ∖ B and A ∩ B
// partition A, and the operations commute.
func FuzzSetAlgebra(f *testing.F) {
	f.Add([]byte{1, 2, 3, 200, 0, 0, 1, 9}, []byte{2, 3, 4})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}, []byte{})
	f.Fuzz(func(t *testing.T, x, y []byte) {
		decode := func(b []byte) []Member {
			var out []Member
			for i := 0; i+1 < len(b); i += 2 {
				// Two bytes a member; a high first byte spreads it far.
				m := Member(b[i])<<8 | Member(b[i+1])
				if b[i] >= 0xf0 {
					m <<= 12
				}
				out = append(out, m)
			}
			return out
		}
		a, b := SetOf(decode(x)...), SetOf(decode(y)...)
		u, i := Union(a, b), Intersect(a, b)
		checkCanonical(t, u)
		checkCanonical(t, i)
		require.Equal(t, a.Len()+b.Len(), u.Len()+i.Len())
		require.True(t, u.Equal(Union(b, a)))
		require.True(t, i.Equal(Intersect(b, a)))
		d := a.Difference(b)
		checkCanonical(t, d)
		require.Equal(t, a.Len(), d.Len()+i.Len())
		require.Zero(t, Intersect(d, b).Len())
		require.True(t, Union(d, i).Equal(a))
	})
}

// TestSetReadAllocs guards the read paths: membership and iteration do
// not allocate, in either form.
func TestSetReadAllocs(t *testing.T) {
	if reachRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	sparse, dense := SetOf(1, 500, 900), SetOf(0, 1, 2, 3, 4, 70, 71)
	require.Nil(t, sparse.dense)
	require.NotNil(t, dense.dense)
	sum := Member(0)
	allocs := testing.AllocsPerRun(100, func() {
		for _, s := range []Set{sparse, dense} {
			if s.Contains(500) {
				sum++
			}
			for m := range s.All() {
				sum += m
			}
		}
	})
	assert.Zero(t, allocs)
	assert.NotZero(t, sum)
}
