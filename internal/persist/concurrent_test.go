package persist_test

import (
	"maps"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// Readers read a version while a writer derives new ones from it with Set,
// Delete, Update and an Editor, and readers of those read too: under
// -race this shows that no change writes a node a reader can reach.
func TestMapConcurrentReaders(t *testing.T) {
	const n = 2000
	base := persist.Map[int]{}
	ref := map[string]int{}
	for i := range n {
		k := strconv.Itoa(i)
		base = base.Set(k, i)
		ref[k] = i
	}
	versions := make(chan persist.Map[int], 16)
	var wg sync.WaitGroup
	read := func(m persist.Map[int], want map[string]int) {
		defer wg.Done()
		for k, v := range want {
			got, ok := m.Get(k)
			if !ok || got != v {
				t.Errorf("key %q: got %d, %v; want %d", k, got, ok, v)
				return
			}
		}
		count := 0
		for k, v := range m.All() {
			if want[k] != v {
				t.Errorf("key %q: got %d; want %d", k, v, want[k])
			}
			count++
		}
		if count != len(want) {
			t.Errorf("%d entries; want %d", count, len(want))
		}
	}
	for range 4 {
		wg.Add(1)
		go read(base, ref)
	}
	wg.Add(1)
	go func() { // the writer
		defer wg.Done()
		defer close(versions)
		m := base
		for round := range 8 {
			e := m.Editor()
			for i := range 300 {
				k := strconv.Itoa((round*300 + i) % n)
				if i%3 == 0 {
					e.Delete(k)
				} else {
					e.Set(k, -i)
				}
			}
			mid := e.Map() // readers get it while the Editor goes on
			versions <- mid
			e.Update(func(k string, v int) (int, bool) { return v + 1, v < 0 })
			e.Set("extra"+strconv.Itoa(round), round)
			m = e.Map().Set("x", round).Delete(strconv.Itoa(round)).Update(func(_ string, v int) (int, bool) { return v, v == 5 })
			versions <- m
		}
	}()
	// Readers of each new version, against a copy taken before it is shared.
	for m := range versions {
		want := maps.Collect(m.All())
		for range 2 {
			wg.Add(1)
			go read(m, want)
		}
	}
	wg.Wait()
	requireSame(t, base, ref, nil)
}

// Two goroutines append to the same List at once, many times over: one of
// them claims the slot and writes in place, the other copies, and both
// results are right. Readers of the shared prefix run alongside.
func TestListConcurrentAppend(t *testing.T) {
	l := persist.List[int]{}.Append(0)
	for round := range 500 {
		var (
			wg   sync.WaitGroup
			a, b persist.List[int]
		)
		wg.Add(3)
		go func() { defer wg.Done(); a = l.Append(1000 + round) }()
		go func() { defer wg.Done(); b = l.Append(2000+round, 3000+round) }()
		go func() {
			defer wg.Done()
			for i, v := range l.All() {
				if v != i {
					t.Errorf("element %d is %d", i, v)
				}
			}
		}()
		wg.Wait()
		n := l.Len()
		require.Equal(t, n+1, a.Len())
		require.Equal(t, n+2, b.Len())
		assert.Equal(t, 1000+round, a.At(n))
		assert.Equal(t, []int{2000 + round, 3000 + round}, b.Slice()[n:])
		for i := range n {
			require.Equal(t, i, a.At(i))
			require.Equal(t, i, b.At(i))
		}
		claimed, _ := persist.Claimed(l)
		assert.Contains(t, []int{n + 1, n + 2}, claimed, "exactly one of the two appended in place")
		l = l.Append(n) // the next round starts from the tip, usually shared
		require.Equal(t, n, l.At(n))
	}
}
