package persist

import (
	"iter"
	"math/bits"
	"slices"
	"strings"
)

// The trie consumes the 64-bit key of an entry — the bit-reversed hash of its
// string key — from its most significant end, five bits a level: levels 0
// to 11 take five bits each and level 12 the last four. Nodes at maxLevel
// hold the keys whose hashes are all equal.
const (
	bitsPerLevel = 5
	maxLevel     = 13 // ⌈64/5⌉
)

// FNV-1a 64 parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnv1a is the FNV-1a 64 hash of k.
func fnv1a(k string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(k); i++ {
		h ^= uint64(k[i])
		h *= fnvPrime
	}
	return h
}

// frag is the slot, 0 to 31, of trie key h at a level below maxLevel. Slots
// grow with h, so a trie walked in slot order is walked in order of h.
//
// The trie key is the hash with its bits reversed, so that the trie reads
// the hash from its least significant bit. FNV-1a mixes the last bytes of a
// key into the low bits of its hash but barely into the high ones: keys that
// differ in their last characters, as IDs do, share their high bits, and a
// trie that read those first would put a small map's keys four levels deep.
func frag(h uint64, level uint) uint32 {
	return uint32(h << (bitsPerLevel * level) >> (64 - bitsPerLevel))
}

// index is the position in a node's array of the slot at bit, given the
// bitmap of the occupied slots.
func index(bitmap, bit uint32) int {
	return bits.OnesCount32(bitmap & (bit - 1))
}

// entry is one key and its value.
type entry[V any] struct {
	key string
	val V
}

// token marks the nodes an [Editor] created during the current batch; it has
// a size so that every new token has its own address.
type token struct{ _ byte }

// node is a trie node. Below maxLevel it is a bitmap node in the CHAMP
// layout: datamap marks the slots holding an entry, nodemap the slots holding
// a child, and entries and children list them in slot order. At maxLevel it
// is a collision bucket: entries only, sorted by key.
//
// The layout is canonical: a slot holds a child only when two or more keys
// fall below it, so every node but the root holds two or more keys, and the
// shape of a trie depends only on its keys.
//
// A node whose owner is the token of a live Editor belongs to that Editor
// alone, arrays included, and is changed in place; every other node is never
// written again.
type node[V any] struct {
	datamap, nodemap uint32
	owner            *token
	entries          []entry[V]
	children         []*node[V]
}

// full is a node whose 32 slots all hold children, with its array in the
// same allocation. The upper levels of a large Map are full, and every
// change copies one of them a level: one allocation instead of two.
type full[V any] struct {
	n    node[V]
	kids [32]*node[V]
}

// writable returns a node to change in place of n, and whether its arrays may
// be written in place too. With a token that owns n, it is n itself.
// Otherwise it is a copy, owned by the token (nil for a single persistent
// change): with arrays of its own when there is a token or n is full, or
// else sharing n's arrays, which the caller must then replace, not write.
func (n *node[V]) writable(tok *token) (*node[V], bool) {
	switch {
	case tok != nil && n.owner == tok:
		return n, true
	case len(n.children) == 32: // and no entries
		f := &full[V]{n: node[V]{nodemap: n.nodemap, owner: tok}}
		copy(f.kids[:], n.children)
		f.n.children = f.kids[:]
		return &f.n, true
	case tok == nil:
		c := *n
		c.owner = nil
		return &c, false
	}
	return &node[V]{
		datamap:  n.datamap,
		nodemap:  n.nodemap,
		owner:    tok,
		entries:  clone(n.entries, true),
		children: clone(n.children, true),
	}, true
}

// setVal sets the value of entry i of a node returned by writable.
func (n *node[V]) setVal(inPlace bool, i int, v V) {
	if !inPlace {
		n.entries = clone(n.entries, false)
	}
	n.entries[i].val = v
}

// setChild sets child j of a node returned by writable.
func (n *node[V]) setChild(inPlace bool, j int, c *node[V]) {
	if !inPlace {
		n.children = clone(n.children, false)
	}
	n.children[j] = c
}

// roomy returns a new slice of length n whose capacity is all the memory
// allocated for it: n rounded up to the allocator's size class, so that an
// Editor can insert into it in place without spending more memory.
func roomy[T any](n int) []T {
	return slices.Grow([]T(nil), n)[:n]
}

// clone returns a copy of s, nil if s is empty; with room to insert in place
// when room is set.
func clone[T any](s []T, room bool) []T {
	if len(s) == 0 {
		return nil
	}
	var out []T
	if room {
		out = roomy[T](len(s))
	} else {
		out = make([]T, len(s))
	}
	copy(out, s)
	return out
}

// insertAt returns s with v inserted at i: when inPlace, in s itself if it
// has room or else in a new array with room; otherwise in a new array of the
// exact length.
func insertAt[T any](s []T, i int, v T, inPlace bool) []T {
	if inPlace && len(s) < cap(s) {
		return slices.Insert(s, i, v)
	}
	var out []T
	if inPlace {
		out = roomy[T](len(s) + 1)
	} else {
		out = make([]T, len(s)+1)
	}
	copy(out, s[:i])
	out[i] = v
	copy(out[i+1:], s[i:])
	return out
}

// removeAt returns s without element i: s itself shortened, its last slot
// cleared so that it holds nothing alive, when inPlace, or a new array.
func removeAt[T any](s []T, i int, inPlace bool) []T {
	if inPlace {
		return slices.Delete(s, i, i+1)
	}
	if len(s) == 1 {
		return nil
	}
	out := make([]T, len(s)-1)
	copy(out, s[:i])
	copy(out[i:], s[i+1:])
	return out
}

// cmpKey orders an entry against a key, for the sorted buckets.
func cmpKey[V any](e entry[V], k string) int { return strings.Compare(e.key, k) }

// pair returns the subtree at level holding entries a and b, whose keys
// differ and whose trie keys are ha and hb.
func pair[V any](tok *token, level uint, a entry[V], ha uint64, b entry[V], hb uint64) *node[V] {
	if level == maxLevel {
		if b.key < a.key {
			a, b = b, a
		}
		return &node[V]{owner: tok, entries: []entry[V]{a, b}}
	}
	fa, fb := frag(ha, level), frag(hb, level)
	if fa == fb {
		return &node[V]{owner: tok, nodemap: 1 << fa, children: []*node[V]{pair(tok, level+1, a, ha, b, hb)}}
	}
	if fb < fa {
		a, b = b, a
	}
	return &node[V]{owner: tok, datamap: 1<<fa | 1<<fb, entries: []entry[V]{a, b}}
}

// get returns the value of k, whose trie key is h, in the trie rooted at n.
func (n *node[V]) get(h uint64, k string) (V, bool) {
	for level := uint(0); level < maxLevel; level++ {
		bit := uint32(1) << frag(h, level)
		if n.datamap&bit != 0 {
			if e := &n.entries[index(n.datamap, bit)]; e.key == k {
				return e.val, true
			}
			var zero V
			return zero, false
		}
		if n.nodemap&bit == 0 {
			var zero V
			return zero, false
		}
		n = n.children[index(n.nodemap, bit)]
	}
	if i, ok := slices.BinarySearchFunc(n.entries, k, cmpKey); ok {
		return n.entries[i].val, true
	}
	var zero V
	return zero, false
}

// set returns the node at level that replaces n once k, whose trie key is h,
// maps to v, and whether k is new. m gives the trie key of an entry that
// must move down a level.
func (n *node[V]) set(m *Map[V], tok *token, level uint, h uint64, k string, v V) (*node[V], bool) {
	if level == maxLevel {
		i, found := slices.BinarySearchFunc(n.entries, k, cmpKey)
		w, inPlace := n.writable(tok)
		if found {
			w.setVal(inPlace, i, v)
			return w, false
		}
		w.entries = insertAt(w.entries, i, entry[V]{k, v}, inPlace)
		return w, true
	}
	bit := uint32(1) << frag(h, level)
	switch {
	case n.datamap&bit != 0:
		i := index(n.datamap, bit)
		if n.entries[i].key == k {
			w, inPlace := n.writable(tok)
			w.setVal(inPlace, i, v)
			return w, false
		}
		old := n.entries[i]
		child := pair(tok, level+1, old, m.sum(old.key), entry[V]{k, v}, h)
		w, inPlace := n.writable(tok)
		w.datamap &^= bit
		w.nodemap |= bit
		w.entries = removeAt(w.entries, i, inPlace)
		w.children = insertAt(w.children, index(w.nodemap, bit), child, inPlace)
		return w, true
	case n.nodemap&bit != 0:
		j := index(n.nodemap, bit)
		child, added := n.children[j].set(m, tok, level+1, h, k, v)
		w, inPlace := n.writable(tok)
		w.setChild(inPlace, j, child)
		return w, added
	}
	w, inPlace := n.writable(tok)
	w.datamap |= bit
	w.entries = insertAt(w.entries, index(w.datamap, bit), entry[V]{k, v}, inPlace)
	return w, true
}

// del returns the node at level that replaces n once k, whose trie key is h, is
// removed, and whether k was there; n itself when it was not. A child left
// with a single entry is folded into its parent, keeping the layout
// canonical.
func (n *node[V]) del(tok *token, level uint, h uint64, k string) (*node[V], bool) {
	if level == maxLevel {
		i, found := slices.BinarySearchFunc(n.entries, k, cmpKey)
		if !found {
			return n, false
		}
		w, inPlace := n.writable(tok)
		w.entries = removeAt(w.entries, i, inPlace)
		return w, true
	}
	bit := uint32(1) << frag(h, level)
	switch {
	case n.datamap&bit != 0:
		i := index(n.datamap, bit)
		if n.entries[i].key != k {
			return n, false
		}
		w, inPlace := n.writable(tok)
		w.datamap &^= bit
		w.entries = removeAt(w.entries, i, inPlace)
		return w, true
	case n.nodemap&bit != 0:
		j := index(n.nodemap, bit)
		child, found := n.children[j].del(tok, level+1, h, k)
		if !found {
			return n, false
		}
		w, inPlace := n.writable(tok)
		if len(child.entries) == 1 && len(child.children) == 0 {
			w.nodemap &^= bit
			w.datamap |= bit
			w.children = removeAt(w.children, j, inPlace)
			w.entries = insertAt(w.entries, index(w.datamap, bit), child.entries[0], inPlace)
		} else {
			w.setChild(inPlace, j, child)
		}
		return w, true
	}
	return n, false
}

// update calls fn on every entry below n in hash order and returns the node
// that replaces n, n itself if fn replaced nothing. Subtrees where nothing
// changes are shared.
func (n *node[V]) update(tok *token, level uint, fn func(string, V) (V, bool)) *node[V] {
	var (
		w                  = n
		inPlace            = tok != nil && n.owner == tok
		ownEntries, ownKid = inPlace, inPlace // w's arrays may be written
	)
	write := func() {
		if w == n && !inPlace {
			w, inPlace = n.writable(tok)
			ownEntries, ownKid = inPlace, inPlace
		}
	}
	if level == maxLevel {
		for i := range n.entries {
			if v, ok := fn(n.entries[i].key, n.entries[i].val); ok {
				write()
				if !ownEntries {
					w.entries, ownEntries = clone(w.entries, false), true
				}
				w.entries[i].val = v
			}
		}
		return w
	}
	ei, ci := 0, 0
	for occupied := n.datamap | n.nodemap; occupied != 0; occupied &= occupied - 1 {
		bit := occupied & -occupied
		if n.datamap&bit != 0 {
			if v, ok := fn(n.entries[ei].key, n.entries[ei].val); ok {
				write()
				if !ownEntries {
					w.entries, ownEntries = clone(w.entries, false), true
				}
				w.entries[ei].val = v
			}
			ei++
			continue
		}
		c := n.children[ci]
		if u := c.update(tok, level+1, fn); u != c {
			write()
			if !ownKid {
				w.children, ownKid = clone(w.children, false), true
			}
			w.children[ci] = u
		}
		ci++
	}
	return w
}

// all yields the entries below n in hash order, and reports whether yield
// asked for more.
func (n *node[V]) all(level uint, yield func(string, V) bool) bool {
	if level == maxLevel {
		for _, e := range n.entries {
			if !yield(e.key, e.val) {
				return false
			}
		}
		return true
	}
	ei, ci := 0, 0
	for occupied := n.datamap | n.nodemap; occupied != 0; occupied &= occupied - 1 {
		if n.datamap&(occupied&-occupied) != 0 {
			if !yield(n.entries[ei].key, n.entries[ei].val) {
				return false
			}
			ei++
			continue
		}
		if !n.children[ci].all(level+1, yield) {
			return false
		}
		ci++
	}
	return true
}

// Map is a persistent map from strings to values of type V: a hash array
// mapped trie, 32 ways a level. A Map is a value. Set, Delete and Update
// return a new Map and leave the receiver as it was; the two share every node
// the change did not touch. Any number of goroutines may read any number of
// Maps concurrently, while others derive new ones, without locking.
//
// The zero Map is empty and ready to use. Copying a Map copies three words;
// == on Maps tells whether they are the same version, not whether they hold
// the same entries. Values are stored as given: a V that holds pointers
// shares what they point to, which the caller must not change once stored.
type Map[V any] struct {
	root *node[V] // nil when empty
	n    int
	hash *hasher // nil for FNV-1a; tests set it to force collisions
}

// hasher replaces FNV-1a in tests. A Map holds a pointer to it, so that Maps
// stay comparable.
type hasher struct{ fn func(string) uint64 }

// sum returns the trie key of k: its hash, bits reversed.
func (m Map[V]) sum(k string) uint64 {
	if m.hash != nil {
		return bits.Reverse64(m.hash.fn(k))
	}
	return bits.Reverse64(fnv1a(k))
}

// Len returns the number of keys in m, in O(1).
func (m Map[V]) Len() int { return m.n }

// Get returns the value of k and true, or the zero V and false if m does not
// hold k. It visits at most one node a level, O(log₃₂ n), and allocates
// nothing.
func (m Map[V]) Get(k string) (V, bool) {
	if m.root == nil {
		var zero V
		return zero, false
	}
	return m.root.get(m.sum(k), k)
}

// Set returns a Map where k maps to v and every other key maps to what it
// maps to in m. It copies the nodes on the path to k, O(log₃₂ n) nodes of at
// most 32 slots; m is unchanged.
func (m Map[V]) Set(k string, v V) Map[V] {
	root := m.root
	if root == nil {
		root = new(node[V])
	}
	root, added := root.set(&m, nil, 0, m.sum(k), k, v)
	if added {
		m.n++
	}
	m.root = root
	return m
}

// Delete returns a Map without k, copying the nodes on the path to k; it
// returns m itself when m does not hold k. m is unchanged.
func (m Map[V]) Delete(k string) Map[V] {
	if m.root == nil {
		return m
	}
	root, found := m.root.del(nil, 0, m.sum(k), k)
	if !found {
		return m
	}
	m.n--
	m.root = root
	if m.n == 0 {
		m.root = nil
	}
	return m
}

// Update calls fn once for every entry of m, in the order of [Map.All], and
// returns a Map where the value of each key for which fn returned true is
// the value fn returned. Subtrees holding no replaced entry are shared with
// m, so a sweep that changes few entries copies little, and one that changes
// all copies each node once. It visits all n entries, O(n); m is unchanged.
func (m Map[V]) Update(fn func(k string, v V) (V, bool)) Map[V] {
	if m.root == nil {
		return m
	}
	m.root = m.root.update(nil, 0, fn)
	return m
}

// All returns an iterator over the keys and values of m in hash order:
// increasing order of the FNV-1a 64 hash of the key with its bits reversed
// (read from its least significant bit), keys of equal hash in increasing
// order. The order depends only on the keys m holds, not on how m was
// built, and is the same on every run and platform; for keys in sorted
// order, see [Map.Keys]. Each step costs O(1) amortised.
func (m Map[V]) All() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		if m.root != nil {
			m.root.all(0, yield)
		}
	}
}

// Keys returns the keys of m in increasing order, in a new slice. It costs
// O(n log n).
func (m Map[V]) Keys() []string {
	keys := make([]string, 0, m.n)
	for k := range m.All() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
