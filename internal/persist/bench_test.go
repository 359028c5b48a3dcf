package persist_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// memberKeys returns n keys shaped like member IDs.
func memberKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "member-" + strconv.Itoa(i)
	}
	return keys
}

// build returns a Map of keys, the value of each its index, built in one
// batch.
func build(keys []string) persist.Map[int64] {
	return persist.Map[int64]{}.Edit(func(e *persist.Editor[int64]) {
		for i, k := range keys {
			e.Set(k, int64(i))
		}
	})
}

const million = 1_000_000

// sizes are the Map sizes of the Get and Set benchmarks: one that fits in
// the caches, and one that does not.
var sizes = [...]int{1000, million}

// BenchmarkMapGet looks keys up in a random order.
func BenchmarkMapGet(b *testing.B) {
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			keys := memberKeys(n)
			m := build(keys)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := m.Get(keys[i%n]); !ok {
					b.Fatal("missing key")
				}
				i += 7919 // a prime stride: no cache-friendly order
			}
		})
	}
}

// BenchmarkBuiltinMapGet is BenchmarkMapGet on a Go map, for scale: both
// are bound by the latency of memory at this size.
func BenchmarkBuiltinMapGet(b *testing.B) {
	keys := memberKeys(million)
	m := make(map[string]int64, million)
	for i, k := range keys {
		m[k] = int64(i)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := m[keys[i%million]]; !ok {
			b.Fatal("missing key")
		}
		i += 7919
	}
}

// BenchmarkMapSet replaces values one at a time in a random order, each
// change a new version.
func BenchmarkMapSet(b *testing.B) {
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			keys := memberKeys(n)
			m := build(keys)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				m = m.Set(keys[i%n], int64(i))
				i += 7919
			}
		})
	}
}

// BenchmarkMapSetNew inserts new keys into a Map of 10⁶ or more.
func BenchmarkMapSetNew(b *testing.B) {
	m := build(memberKeys(million))
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		m = m.Set("new-"+strconv.Itoa(i), int64(i))
		i++
	}
}

// BenchmarkMapEdit1000 sets 1,000 keys of a 10⁶-key Map in one batch.
func BenchmarkMapEdit1000(b *testing.B) {
	keys := memberKeys(million)
	m := build(keys)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		m = m.Edit(func(e *persist.Editor[int64]) {
			for range 1000 {
				e.Set(keys[i%million], int64(i))
				i += 7919
			}
		})
	}
}

// BenchmarkMapUpdateAll changes every value of a 10⁶-key Map in one sweep.
func BenchmarkMapUpdateAll(b *testing.B) {
	m := build(memberKeys(million))
	b.ReportAllocs()
	for b.Loop() {
		m = m.Update(func(_ string, v int64) (int64, bool) { return v + 1, true })
	}
}

// BenchmarkMapUpdateFew sweeps a 10⁶-key Map and changes 1% of its values.
func BenchmarkMapUpdateFew(b *testing.B) {
	m := build(memberKeys(million))
	b.ReportAllocs()
	for b.Loop() {
		m = m.Update(func(_ string, v int64) (int64, bool) { return v + 100, v%100 == 0 })
	}
}

// BenchmarkMapAll iterates over a 10⁶-key Map.
func BenchmarkMapAll(b *testing.B) {
	m := build(memberKeys(million))
	b.ReportAllocs()
	for b.Loop() {
		var sum int64
		for _, v := range m.All() {
			sum += v
		}
		require.Equal(b, int64(million*(million-1)/2), sum)
	}
}

// BenchmarkMapBuild builds a 10⁶-key Map in one batch, and reports the heap
// it holds per entry (the keys' own bytes excluded).
func BenchmarkMapBuild(b *testing.B) {
	keys := memberKeys(million)
	var m persist.Map[int64]
	b.ReportAllocs()
	for b.Loop() {
		m = build(keys)
	}
	b.StopTimer()
	_ = m.Len()
	m = persist.Map[int64]{} // drop the last build before measuring
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m = build(keys)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/million, "B/entry")
	runtime.KeepAlive(m)
}

// BenchmarkMapBuildBySet builds the same Map with one Set per key, each a
// new version.
func BenchmarkMapBuildBySet(b *testing.B) {
	keys := memberKeys(million)
	var m persist.Map[int64]
	b.ReportAllocs()
	for b.Loop() {
		m = persist.Map[int64]{}
		for i, k := range keys {
			m = m.Set(k, int64(i))
		}
	}
	b.StopTimer()
	m = persist.Map[int64]{}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i, k := range keys {
		m = m.Set(k, int64(i))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/million, "B/entry")
	runtime.KeepAlive(m)
}

// BenchmarkListAppend appends to the tip of a List, one element at a time,
// starting a new List every 65,536 elements: the copies as it grows are
// included.
func BenchmarkListAppend(b *testing.B) {
	var l persist.List[int64]
	i := int64(0)
	b.ReportAllocs()
	for b.Loop() {
		l = l.Append(i)
		i++
		if l.Len() == 1<<16 {
			l = persist.List[int64]{}
		}
	}
}

// BenchmarkListAppendFork appends to a List whose next slot is taken, so
// every append copies: the worst case, here at 100 elements.
func BenchmarkListAppendFork(b *testing.B) {
	var l persist.List[int64]
	for i := range 100 {
		l = l.Append(int64(i))
	}
	l.Append(-1)
	b.ReportAllocs()
	for b.Loop() {
		l.Append(1)
	}
}
