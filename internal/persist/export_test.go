package persist

import (
	"errors"
	"fmt"
	"slices"
)

// The package's internals, opened to its external tests.

// FNV1a is the hash of keys.
func FNV1a(k string) uint64 { return fnv1a(k) }

// WithHash returns an empty Map that hashes its keys with h instead of
// FNV-1a, so that tests can force collisions.
func WithHash[V any](h func(string) uint64) Map[V] { return Map[V]{hash: &hasher{h}} }

// Shape describes the trie of a Map.
type Shape struct {
	Nodes, Buckets int // bitmap nodes and collision buckets
	MaxDepth       int // of the deepest entry, the root's entries at depth 0
	MeanDepth      float64
	Root           any // the root node, to tell whether two Maps share it
}

// ShapeOf returns the shape of m's trie.
func ShapeOf[V any](m Map[V]) Shape {
	s := Shape{Root: m.root}
	var walk func(n *node[V], level int)
	walk = func(n *node[V], level int) {
		if level == maxLevel {
			s.Buckets++
		} else {
			s.Nodes++
		}
		if len(n.entries) > 0 {
			s.MaxDepth = max(s.MaxDepth, level)
		}
		s.MeanDepth += float64(level * len(n.entries))
		for _, c := range n.children {
			walk(c, level+1)
		}
	}
	if m.root != nil {
		walk(m.root, 0)
		s.MeanDepth /= float64(m.n)
	}
	return s
}

// Check verifies the invariants of m's trie: bitmaps agree with arrays,
// every entry sits on the path of its hash, buckets are sorted, every node
// but the root holds two or more keys (the canonical layout), and Len is
// the number of entries.
func Check[V any](m Map[V]) error {
	if m.root == nil {
		if m.n != 0 {
			return fmt.Errorf("empty trie with Len %d", m.n)
		}
		return nil
	}
	var errs []error
	var walk func(n *node[V], level uint, prefix uint64) int
	walk = func(n *node[V], level uint, prefix uint64) int {
		count := len(n.entries)
		if level == maxLevel {
			if n.datamap != 0 || n.nodemap != 0 || len(n.children) != 0 {
				errs = append(errs, errors.New("bucket with bitmap or children"))
			}
			if !slices.IsSortedFunc(n.entries, func(a, b entry[V]) int { return cmpKey(a, b.key) }) {
				errs = append(errs, errors.New("bucket not sorted"))
			}
			for _, e := range n.entries {
				if m.sum(e.key) != prefix {
					errs = append(errs, fmt.Errorf("key %q in the bucket of another hash", e.key))
				}
			}
			return count
		}
		if n.datamap&n.nodemap != 0 {
			errs = append(errs, fmt.Errorf("level %d: a slot holds an entry and a child", level))
		}
		if countBits(n.datamap) != len(n.entries) || countBits(n.nodemap) != len(n.children) {
			errs = append(errs, fmt.Errorf("level %d: bitmaps disagree with arrays", level))
		}
		shift := 64 - bitsPerLevel*(level+1)
		ei, ci := 0, 0
		for f := range uint64(32) {
			bit := uint32(1) << f
			var p uint64
			if level == maxLevel-1 {
				p = prefix | f>>1
			} else {
				p = prefix | f<<shift
			}
			switch {
			case n.datamap&bit != 0 && ei < len(n.entries):
				h := m.sum(n.entries[ei].key)
				if level < maxLevel-1 && h>>shift != p>>shift || level == maxLevel-1 && h != p {
					errs = append(errs, fmt.Errorf("key %q off its hash path", n.entries[ei].key))
				}
				ei++
			case n.nodemap&bit != 0 && ci < len(n.children):
				c := walk(n.children[ci], level+1, p)
				if c < 2 {
					errs = append(errs, fmt.Errorf("level %d: a child holds %d keys", level+1, c))
				}
				count += c
				ci++
			}
		}
		return count
	}
	if c := walk(m.root, 0, 0); c != m.n {
		errs = append(errs, fmt.Errorf("Len %d, %d entries", m.n, c))
	}
	return errors.Join(errs...)
}

func countBits(x uint32) int {
	c := 0
	for ; x != 0; x &= x - 1 {
		c++
	}
	return c
}

// Claimed returns how many slots of l's backing array are claimed, and its
// capacity.
func Claimed[T any](l List[T]) (claimed, capacity int) {
	if l.b == nil {
		return 0, 0
	}
	return int(l.b.claimed.Load()), len(l.b.data)
}
