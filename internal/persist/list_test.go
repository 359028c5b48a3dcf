package persist_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// requireList checks that l holds exactly want, through every reader. It
// compares with plain Go first and calls testify only to report a
// difference.
func requireList[T comparable](t testing.TB, l persist.List[T], want []T) {
	t.Helper()
	require.Equal(t, len(want), l.Len())
	for i, w := range want {
		if got := l.At(i); got != w {
			require.Failf(t, "At", "element %d: got %v; want %v", i, got, w)
		}
	}
	var got []T
	for i, v := range l.All() {
		require.Equal(t, len(got), i)
		got = append(got, v)
	}
	if !slices.Equal(want, got) {
		require.Equal(t, want, got, "All")
	}
	s := l.Slice()
	if !slices.Equal(want, s) || (s == nil) != (len(want) == 0) {
		require.Equal(t, want, s, "Slice")
	}
	if len(s) > 0 {
		var zero T
		s[0] = zero // the caller's copy: the List does not see it
		require.Equal(t, want[0], l.At(0))
	}
}

func TestListZeroValue(t *testing.T) {
	var l persist.List[int]
	assert.Zero(t, l.Len())
	assert.Nil(t, l.Slice())
	for range l.All() {
		t.Fatal("the empty List yields nothing")
	}
	assert.Panics(t, func() { l.At(0) })
	assert.Equal(t, l, l.Append())
	requireList(t, l.Append(1), []int{1})
}

// The cases run in order, the first three on one List.
func TestListAppend(t *testing.T) {
	var base persist.List[string]
	base = base.Append("a", "b", "c")
	tests := []struct {
		name    string
		from    func() persist.List[string]
		add     []string
		want    []string
		inPlace bool // the result shares from's backing array
		claimed int  // slots claimed in the result's array
	}{
		{"first append of the tip: in place", func() persist.List[string] { return base }, []string{"d"}, []string{"a", "b", "c", "d"}, true, 4},
		{"second append of the same value: copies", func() persist.List[string] { return base }, []string{"x", "y"}, []string{"a", "b", "c", "x", "y"}, false, 5},
		{"nothing appended: the same List", func() persist.List[string] { return base }, nil, []string{"a", "b", "c"}, true, 4},
		{"past the capacity: copies", func() persist.List[string] {
			l := persist.List[string]{}.Append("a")
			_, capacity := persist.Claimed(l)
			for l.Len() < capacity {
				l = l.Append("z")
			}
			return l
		}, []string{"end"}, nil, false, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := tt.from()
			before := from.Slice()
			got := from.Append(tt.add...)
			if tt.want == nil {
				tt.want = append(slices.Clone(before), tt.add...)
			}
			requireList(t, got, tt.want)
			requireList(t, from, before)
			claimed, capacity := persist.Claimed(got)
			assert.Equal(t, tt.claimed, claimed)
			fromClaimed, fromCap := persist.Claimed(from)
			assert.Equal(t, tt.inPlace, claimed == fromClaimed && capacity == fromCap)
		})
	}
	requireList(t, base, []string{"a", "b", "c"})
}

// A run of appends copies O(log n) times: amortised O(1) an element.
func TestListAppendAmortised(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	var l persist.List[int]
	allocs := testing.AllocsPerRun(1, func() {
		l = persist.List[int]{}
		for i := range 100000 {
			l = l.Append(i)
		}
	})
	assert.LessOrEqual(t, allocs, 2*17.0) // a backing and its array per doubling
	assert.Equal(t, 99999, l.At(99999))
}

// The model test: appends to random Lists of a growing pool, each checked
// against a slice at the end, so that every branch stays as it was.
func TestListModel(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	lists := []persist.List[int]{{}}
	refs := [][]int{nil}
	for step := range 3000 {
		i := r.IntN(len(lists))
		if r.IntN(4) > 0 {
			i = len(lists) - 1 - r.IntN(min(3, len(lists))) // mostly recent: long runs
		}
		add := make([]int, r.IntN(5))
		for j := range add {
			add[j] = step*10 + j
		}
		lists = append(lists, lists[i].Append(add...))
		refs = append(refs, append(slices.Clone(refs[i]), add...))
		if step%500 == 0 {
			for j := range lists {
				requireList(t, lists[j], refs[j])
			}
		}
	}
	for j := range lists {
		requireList(t, lists[j], refs[j])
	}
}

func TestListAllStops(t *testing.T) {
	l := persist.List[int]{}.Append(0, 1, 2, 3)
	var got []int
	for i, v := range l.All() {
		if i == 2 {
			break
		}
		got = append(got, v)
	}
	assert.Equal(t, []int{0, 1}, got)
}
