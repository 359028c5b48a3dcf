package persist

import (
	"iter"
	"sync/atomic"
)

// List is a persistent, append-only sequence of values of type T. A List is
// a value: [List.Append] returns a new List and leaves the receiver as it
// was. Lists derived from one another share a backing array, and an element
// any List can see is never written again, so any number of goroutines may
// read and append to any number of Lists concurrently without locking.
//
// The zero List is empty and ready to use. Copying a List copies two words.
// Values are stored as given: a T that holds pointers shares what they point
// to, which the caller must not change once stored.
type List[T any] struct {
	b *backing[T] // nil when empty
	n int         // the length of this List; b.data[:n] is its content
}

// backing is an array shared by Lists. claimed counts its slots that some
// List has written or is writing; slots below claimed are never written
// again. The List whose length equals claimed may claim the next slots with
// a compare-and-swap, and so append in place; any other List copies.
type backing[T any] struct {
	claimed atomic.Int64
	data    []T // len(data) is the capacity
}

// minCap is the capacity of the first backing array of a List.
const minCap = 8

// Len returns the number of elements of l, in O(1).
func (l List[T]) Len() int { return l.n }

// At returns element i of l, in O(1). It panics, as indexing a slice does,
// unless 0 ≤ i < l.Len().
func (l List[T]) At(i int) T {
	if l.b == nil {
		var s []T
		return s[i] // out of range: the runtime's index panic
	}
	return l.b.data[:l.n][i]
}

// Append returns a List holding the elements of l followed by vs; l is
// unchanged. When l is the longest List of its backing array and the array
// has room, Append claims the slots after l with a compare-and-swap and
// writes vs there, sharing the array. Otherwise, when the array is full or
// another List already claimed those slots (a concurrent Append to l
// included), it copies l into a new array of twice the length. A run of
// appends costs O(1) amortised per element.
func (l List[T]) Append(vs ...T) List[T] {
	if len(vs) == 0 {
		return l
	}
	n := l.n
	m := n + len(vs)
	if b := l.b; b != nil && m <= len(b.data) && b.claimed.CompareAndSwap(int64(n), int64(m)) {
		copy(b.data[n:m], vs)
		return List[T]{b: b, n: m}
	}
	nb := &backing[T]{data: make([]T, max(minCap, 2*m))}
	if l.b != nil {
		copy(nb.data, l.b.data[:n])
	}
	copy(nb.data[n:], vs)
	nb.claimed.Store(int64(m))
	return List[T]{b: nb, n: m}
}

// All returns an iterator over the indexes and elements of l, in order.
func (l List[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		if l.b == nil {
			return
		}
		for i, v := range l.b.data[:l.n] {
			if !yield(i, v) {
				return
			}
		}
	}
}

// Slice returns the elements of l in a new slice, which the caller owns;
// nil when l is empty. It costs O(n).
func (l List[T]) Slice() []T {
	if l.n == 0 {
		return nil
	}
	out := make([]T, l.n)
	copy(out, l.b.data[:l.n])
	return out
}
