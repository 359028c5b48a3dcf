package persist

import (
	"iter"
	"maps"
	"slices"
)

// Map is a temporary stand-in.
type Map[V any] struct{ m map[string]V }

func (m Map[V]) Len() int { return len(m.m) }
func (m Map[V]) Get(k string) (V, bool) {
	v, ok := m.m[k]
	return v, ok
}
func (m Map[V]) Set(k string, v V) Map[V] {
	n := maps.Clone(m.m)
	if n == nil {
		n = map[string]V{}
	}
	n[k] = v
	return Map[V]{n}
}
func (m Map[V]) Keys() []string { return slices.Sorted(maps.Keys(m.m)) }
func (m Map[V]) All() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, k := range m.Keys() {
			if !yield(k, m.m[k]) {
				return
			}
		}
	}
}
func (m Map[V]) Update(fn func(k string, v V) (V, bool)) Map[V] {
	n := maps.Clone(m.m)
	for k, v := range n {
		if nv, ok := fn(k, v); ok {
			n[k] = nv
		}
	}
	return Map[V]{n}
}

type List[T any] struct{ s []T }

func (l List[T]) Append(v ...T) List[T] {
	return List[T]{append(slices.Clip(l.s), v...)}
}
func (l List[T]) Len() int    { return len(l.s) }
func (l List[T]) At(i int) T  { return l.s[i] }
func (l List[T]) All() iter.Seq2[int, T] { return slices.All(l.s) }
