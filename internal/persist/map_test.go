package persist_test

import (
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// hashes are the hash functions the model tests run under: the real one,
// and weak ones that force collisions at every depth.
var hashes = []struct {
	name string
	h    func(string) uint64 // nil for the real hash
}{
	{"fnv1a", nil},
	{"256 values", func(k string) uint64 { return persist.FNV1a(k) & 0xff }},
	{"high bits only", func(k string) uint64 { return persist.FNV1a(k) & 0xf000_0000_0000_0000 }},
	{"constant", func(string) uint64 { return 42 }},
}

// newMap returns an empty Map hashing with h, nil for the real hash.
func newMap[V any](h func(string) uint64) persist.Map[V] {
	if h == nil {
		return persist.Map[V]{}
	}
	return persist.WithHash[V](h)
}

// hashOrder sorts keys as Map.All yields them under hash h.
func hashOrder(keys []string, h func(string) uint64) {
	if h == nil {
		h = persist.FNV1a
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(bits.Reverse64(h(a)), bits.Reverse64(h(b))), cmp.Compare(a, b))
	})
}

// requireSame checks that m holds exactly ref, through every reader, and
// that its trie keeps its invariants. It compares with plain Go first and
// calls testify only to report a difference: the model tests call it often.
func requireSame(t testing.TB, m persist.Map[int], ref map[string]int, h func(string) uint64) {
	t.Helper()
	require.NoError(t, persist.Check(m))
	require.Equal(t, len(ref), m.Len())
	for k, want := range ref {
		if got, ok := m.Get(k); !ok || got != want {
			require.Failf(t, "Get", "key %q: got %d, %v; want %d", k, got, ok, want)
		}
	}
	var keys []string
	for k, v := range m.All() {
		if want, ok := ref[k]; !ok || v != want {
			require.Failf(t, "All", "key %q: got %d; want %d, %v", k, v, want, ok)
		}
		keys = append(keys, k)
	}
	want := slices.Collect(maps.Keys(ref))
	hashOrder(want, h)
	if !slices.Equal(want, keys) {
		require.Equal(t, want, keys, "All: every key once, in hash order")
	}
	slices.Sort(want)
	if got := m.Keys(); !slices.Equal(want, got) || got == nil {
		require.Equal(t, want, got, "Keys")
	}
}

func TestMapZeroValue(t *testing.T) {
	var m persist.Map[string]
	assert.Zero(t, m.Len())
	v, ok := m.Get("x")
	assert.False(t, ok)
	assert.Empty(t, v)
	assert.Equal(t, []string{}, m.Keys())
	for range m.All() {
		t.Fatal("the empty Map yields nothing")
	}
	assert.Equal(t, m, m.Delete("x"))
	assert.Equal(t, m, m.Update(func(string, string) (string, bool) { return "y", true }))
	assert.Equal(t, m, m.Edit(func(e *persist.Editor[string]) {
		assert.False(t, e.Delete("x"))
		e.Update(func(string, string) (string, bool) { return "y", true })
	}))
}

func TestMapOperations(t *testing.T) {
	type op struct {
		del  bool
		k    string
		v    int
		want map[string]int // the content after op
	}
	tests := []struct {
		name string
		h    func(string) uint64
		ops  []op
	}{
		{"set, replace, delete", nil, []op{
			{k: "a", v: 1, want: map[string]int{"a": 1}},
			{k: "b", v: 2, want: map[string]int{"a": 1, "b": 2}},
			{k: "a", v: 3, want: map[string]int{"a": 3, "b": 2}},
			{del: true, k: "c", want: map[string]int{"a": 3, "b": 2}},
			{del: true, k: "a", want: map[string]int{"b": 2}},
			{del: true, k: "b", want: map[string]int{}},
			{k: "", v: 4, want: map[string]int{"": 4}},
		}},
		{"full collisions", func(string) uint64 { return 7 }, []op{
			{k: "b", v: 1, want: map[string]int{"b": 1}},
			{k: "a", v: 2, want: map[string]int{"a": 2, "b": 1}},
			{k: "c", v: 3, want: map[string]int{"a": 2, "b": 1, "c": 3}},
			{k: "a", v: 4, want: map[string]int{"a": 4, "b": 1, "c": 3}},
			{del: true, k: "d", want: map[string]int{"a": 4, "b": 1, "c": 3}},
			{del: true, k: "b", want: map[string]int{"a": 4, "c": 3}},
			{del: true, k: "c", want: map[string]int{"a": 4}},
			{k: "c", v: 5, want: map[string]int{"a": 4, "c": 5}},
		}},
		{"shared prefix, then split", func(k string) uint64 { return uint64(len(k)) << 40 }, []op{
			{k: "x", v: 1, want: map[string]int{"x": 1}},
			{k: "yy", v: 2, want: map[string]int{"x": 1, "yy": 2}},
			{k: "zz", v: 3, want: map[string]int{"x": 1, "yy": 2, "zz": 3}},
			{k: "w", v: 4, want: map[string]int{"w": 4, "x": 1, "yy": 2, "zz": 3}},
			{del: true, k: "zz", want: map[string]int{"w": 4, "x": 1, "yy": 2}},
			{del: true, k: "x", want: map[string]int{"w": 4, "yy": 2}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMap[int](tt.h)
			var versions []persist.Map[int]
			for i, o := range tt.ops {
				if o.del {
					m = m.Delete(o.k)
				} else {
					m = m.Set(o.k, o.v)
				}
				requireSame(t, m, o.want, tt.h)
				versions = append(versions, m)
				for j, old := range versions[:i] {
					requireSame(t, old, tt.ops[j].want, tt.h)
				}
			}
		})
	}
}

// Two keys whose hashes are equal share a bucket at the bottom of the trie;
// deleting one folds the other back to the root.
func TestMapCollisionBucket(t *testing.T) {
	h := func(k string) uint64 {
		if k == "sku-1" || k == "sku-2" {
			return 0xdead_beef
		}
		return persist.FNV1a(k)
	}
	m := persist.WithHash[int](h).Set("sku-1", 1).Set("other", 3)
	assert.Zero(t, persist.ShapeOf(m).Buckets)
	m2 := m.Set("sku-2", 2)
	s := persist.ShapeOf(m2)
	assert.Equal(t, 1, s.Buckets)
	assert.Equal(t, 13, s.MaxDepth, "the bucket sits below the 13 levels of the 64-bit hash")
	requireSame(t, m2, map[string]int{"sku-1": 1, "sku-2": 2, "other": 3}, h)
	m3 := m2.Delete("sku-1")
	requireSame(t, m3, map[string]int{"sku-2": 2, "other": 3}, h)
	s = persist.ShapeOf(m3)
	assert.Equal(t, persist.Shape{Nodes: 1, Root: s.Root}, s, "one node left: the root")
	requireSame(t, m2, map[string]int{"sku-1": 1, "sku-2": 2, "other": 3}, h)
	requireSame(t, m, map[string]int{"sku-1": 1, "other": 3}, h)
}

// The layout is canonical: whatever the order of the changes, the same keys
// give the same trie and the same iteration order.
func TestMapCanonical(t *testing.T) {
	for _, hh := range hashes {
		t.Run(hh.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			keys := make([]string, 500)
			for i := range keys {
				keys[i] = "k" + strconv.Itoa(i)
			}
			build := func() persist.Map[int] {
				m := newMap[int](hh.h)
				r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
				for _, k := range keys {
					m = m.Set(k, len(k))
				}
				// Add and remove strangers, so that the trie grows and shrinks.
				for i := range 300 {
					m = m.Set("stranger"+strconv.Itoa(i), i)
				}
				for i := range 300 {
					m = m.Delete("stranger" + strconv.Itoa(i))
				}
				return m
			}
			a, b := build(), build()
			sa, sb := persist.ShapeOf(a), persist.ShapeOf(b)
			sa.Root, sb.Root = nil, nil
			assert.Equal(t, sa, sb)
			var ka, kb []string
			for k := range a.All() {
				ka = append(ka, k)
			}
			for k := range b.All() {
				kb = append(kb, k)
			}
			assert.Equal(t, ka, kb)
		})
	}
}

// The trie reads the hash from its low bits, where FNV-1a mixes the last
// bytes of a key: IDs that differ only at the end still spread from the
// root.
func TestMapDepth(t *testing.T) {
	tests := []struct {
		n        int
		key      func(int) string
		maxMean  float64
		maxDepth int
	}{
		{100, func(i int) string { return "member-" + strconv.Itoa(i) }, 1.5, 3},
		{100, func(i int) string { return string([]byte{'k', byte(i)}) }, 1.5, 3},
		{10000, func(i int) string { return fmt.Sprintf("order-%08d", i) }, 3, 5},
	}
	for _, tt := range tests {
		m := persist.Map[int]{}.Edit(func(e *persist.Editor[int]) {
			for i := range tt.n {
				e.Set(tt.key(i), i)
			}
		})
		s := persist.ShapeOf(m)
		assert.LessOrEqual(t, s.MeanDepth, tt.maxMean, "%q...", tt.key(0))
		assert.LessOrEqual(t, s.MaxDepth, tt.maxDepth, "%q...", tt.key(0))
	}
}

func TestMapUpdateShares(t *testing.T) {
	m := persist.Map[int]{}
	for i := range 2000 {
		m = m.Set(strconv.Itoa(i), i)
	}
	same := m.Update(func(string, int) (int, bool) { return 0, false })
	assert.True(t, m == same, "nothing replaced: the same version")

	calls := 0
	one := m.Update(func(k string, v int) (int, bool) {
		calls++
		return -1, k == "1234"
	})
	assert.Equal(t, 2000, calls)
	v, _ := one.Get("1234")
	assert.Equal(t, -1, v)
	v, _ = m.Get("1234")
	assert.Equal(t, 1234, v)
	assert.Equal(t, m.Len(), one.Len())
	require.NoError(t, persist.Check(one))

	// fn sees the entries in the order of All.
	var seen, order []string
	m.Update(func(k string, v int) (int, bool) { seen = append(seen, k); return v, v%2 == 0 })
	for k := range m.All() {
		order = append(order, k)
	}
	assert.Equal(t, order, seen)
}

func TestMapAllStops(t *testing.T) {
	for _, hh := range hashes {
		m := newMap[int](hh.h)
		for i := range 100 {
			m = m.Set(strconv.Itoa(i), i)
		}
		for stop := range 100 {
			n := 0
			for range m.All() {
				if n == stop {
					break
				}
				n++
			}
			require.Equal(t, stop, n, hh.name)
		}
	}
}

// An Editor copies a node of the original once; its later writes below that
// node are in place, and Map hands the nodes over for good.
func TestEditor(t *testing.T) {
	base := persist.Map[int]{}
	ref := map[string]int{}
	for i := range 1000 {
		k := strconv.Itoa(i)
		base = base.Set(k, i)
		ref[k] = i
	}
	e := base.Editor()
	e.Set("7", -7)
	e.Set("new", 1)
	assert.True(t, e.Delete("8"))
	assert.False(t, e.Delete("8"))
	assert.Equal(t, 1000, e.Len())
	v, ok := e.Get("7")
	assert.True(t, ok)
	assert.Equal(t, -7, v)

	mid := e.Map()
	midRef := maps.Clone(ref)
	midRef["7"], midRef["new"] = -7, 1
	delete(midRef, "8")
	requireSame(t, mid, midRef, nil)

	// Edits after Map start a new batch: mid stays as it was.
	e.Set("7", 77)
	e.Update(func(k string, v int) (int, bool) { return v * 10, k == "new" || k == "9" })
	assert.True(t, e.Delete("10"))
	last := e.Map()
	lastRef := maps.Clone(midRef)
	lastRef["7"], lastRef["new"], lastRef["9"] = 77, 10, 90
	delete(lastRef, "10")
	requireSame(t, last, lastRef, nil)
	requireSame(t, mid, midRef, nil)
	requireSame(t, base, ref, nil)

	// Emptied by an Editor, the Map is the zero Map.
	empty := last.Edit(func(e *persist.Editor[int]) {
		for k := range lastRef {
			require.True(t, e.Delete(k))
		}
	})
	assert.Equal(t, persist.Map[int]{}, empty)
	requireSame(t, last, lastRef, nil)
}

// Within a batch, a node is copied once: changing a key a second time, or
// sweeping again what the batch already copied, allocates nothing.
func TestEditorCopiesOnce(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	m := persist.Map[int]{}
	for i := range 10000 {
		m = m.Set(strconv.Itoa(i), i)
	}
	e := m.Editor()
	e.Set("42", 0)
	i := 0
	assert.Zero(t, testing.AllocsPerRun(100, func() { i++; e.Set("42", i) }))
	double := func(_ string, v int) (int, bool) { return 2 * v, true }
	e.Update(double)
	assert.Zero(t, testing.AllocsPerRun(10, func() { e.Update(double) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { m.Get("42") }))
	v, _ := m.Get("42")
	assert.Equal(t, 42, v)
}

// The model test: random Set, Delete, Get, Edit and Update against a Go map,
// keeping old versions and checking that each still reads as it did.
func TestMapModel(t *testing.T) {
	for hi, hh := range hashes {
		t.Run(hh.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(hi), 99))
			type version struct {
				m   persist.Map[int]
				ref map[string]int
			}
			m, ref := newMap[int](hh.h), map[string]int{}
			var versions []version
			key := func() string { return "k" + strconv.Itoa(r.IntN(400)) }
			for step := range 3000 {
				switch p := r.IntN(100); {
				case p < 45:
					k, v := key(), r.Int()
					m = m.Set(k, v)
					ref[k] = v
				case p < 70:
					k := key()
					_, had := ref[k]
					before := m
					m = m.Delete(k)
					delete(ref, k)
					if !had {
						require.True(t, before == m, "deleting an absent key returns the Map itself")
					}
				case p < 85:
					k := key()
					got, ok := m.Get(k)
					want, had := ref[k]
					require.Equal(t, had, ok)
					require.Equal(t, want, got)
				case p < 95:
					m = m.Edit(func(e *persist.Editor[int]) {
						for range r.IntN(60) {
							k := key()
							switch r.IntN(4) {
							case 0, 1:
								v := r.Int()
								e.Set(k, v)
								ref[k] = v
							case 2:
								_, had := ref[k]
								require.Equal(t, had, e.Delete(k))
								delete(ref, k)
							case 3:
								got, ok := e.Get(k)
								want, had := ref[k]
								require.Equal(t, had, ok)
								require.Equal(t, want, got)
							}
							if r.IntN(100) == 0 { // a version taken mid-batch
								versions = append(versions, version{e.Map(), maps.Clone(ref)})
							}
							if r.IntN(20) == 0 {
								e.Update(func(k string, v int) (int, bool) {
									if len(k)%3 != 0 {
										return 0, false
									}
									ref[k] = v + 1
									return v + 1, true
								})
							}
							require.Equal(t, len(ref), e.Len())
						}
					})
				default:
					mod := 2 + r.IntN(5)
					m = m.Update(func(k string, v int) (int, bool) {
						if v%mod != 0 {
							return 0, false
						}
						ref[k] = v / mod
						return v / mod, true
					})
				}
				if step%50 == 0 {
					requireSame(t, m, ref, hh.h)
					versions = append(versions, version{m, maps.Clone(ref)})
				}
				if step%1000 == 0 {
					for _, v := range versions {
						requireSame(t, v.m, v.ref, hh.h)
					}
				}
			}
			requireSame(t, m, ref, hh.h)
			for _, v := range versions {
				requireSame(t, v.m, v.ref, hh.h)
			}
		})
	}
}
