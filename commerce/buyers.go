package commerce

import (
	"cmp"
	"math/bits"
	"slices"
)

// buyerIndex counts orders per buyer ID exactly, for distinct and repeat
// buyers. A hash map of a million string keys spends most of its time on
// cache misses; instead, new IDs are appended to a pending buffer and
// periodically compacted, by sorting on a 64-bit hash (ties broken on the ID
// itself, so collisions cost time, never exactness) and merging into a
// sorted, duplicate-free run. Appends are amortised O(1) and memory stays
// within a constant factor of the number of distinct buyers.
type buyerIndex struct {
	sorted  []buyerCount // ordered by (h, id), ids unique
	pending []buyerCount // unordered, ids may repeat
}

type buyerCount struct {
	id string
	h  uint64
	n  uint64
}

// minCompaction is the pending size below which compaction waits.
const minCompaction = 1 << 16

// add appends one order of buyer id to the pending buffer, unhashed. Callers
// that may need to undo a batch truncate pending to its earlier length;
// otherwise they call settle(from) with the length before the batch.
func (x *buyerIndex) add(id string) {
	x.pending = append(x.pending, buyerCount{id: id, n: 1})
}

// settle hashes the entries added since pending had length from, then
// compacts once the pending buffer outgrows the sorted run, which keeps
// appends amortised O(1) and memory proportional to distinct buyers.
//
// Hashing is a pass of its own because it reads every ID's bytes, which lie
// anywhere in memory: in a tight loop of independent iterations those cache
// misses overlap.
func (x *buyerIndex) settle(from int) {
	batch := x.pending[from:]
	for i := range batch {
		batch[i].h = hashID(batch[i].id)
	}
	if len(x.pending) >= max(2*len(x.sorted), minCompaction) {
		x.compact()
	}
}

// merge adds every count of y.
func (x *buyerIndex) merge(y *buyerIndex) {
	x.pending = slices.Grow(x.pending, len(y.sorted)+len(y.pending))
	x.pending = append(append(x.pending, y.sorted...), y.pending...)
	x.settle(len(x.pending)) // y's entries are hashed already
}

// counts returns the number of distinct buyers and of buyers with two or
// more orders.
func (x *buyerIndex) counts() (distinct, repeat int64) {
	x.compact()
	for _, b := range x.sorted {
		if b.n >= 2 {
			repeat++
		}
	}
	return int64(len(x.sorted)), repeat
}

// compact sorts and folds the pending buffer into the sorted run.
func (x *buyerIndex) compact() {
	if len(x.pending) == 0 {
		return
	}
	out := sortAndFold(x.pending)
	if len(x.sorted) == 0 {
		x.sorted = out
		x.pending = nil
		return
	}
	merged := make([]buyerCount, 0, len(x.sorted)+len(out))
	i, j := 0, 0
	for i < len(x.sorted) && j < len(out) {
		switch c := compareBuyers(x.sorted[i], out[j]); {
		case c < 0:
			merged = append(merged, x.sorted[i])
			i++
		case c > 0:
			merged = append(merged, out[j])
			j++
		default:
			b := x.sorted[i]
			b.n += out[j].n
			merged = append(merged, b)
			i++
			j++
		}
	}
	merged = append(append(merged, x.sorted[i:]...), out[j:]...)
	x.sorted = merged
	x.pending = out[:0] // reuse the buffer
}

func compareBuyers(a, b buyerCount) int {
	switch {
	case a.h != b.h:
		return cmp.Compare(a.h, b.h)
	case a.id == b.id:
		return 0
	}
	return cmp.Compare(a.id, b.id)
}

// radixBits is the width of each of the two radix digits, taken from the
// top of the hash.
const radixBits = 11

// sortAndFold orders a by (hash, id) and folds repeated IDs into one entry
// with their counts summed. It returns a prefix of a and needs no memory
// beyond one bucket's worth of scratch.
//
// An in-place counting pass (American flag sort) on the top 11 bits of the
// hash spreads the entries into buckets small enough to stay in cache; each
// bucket is then sorted on the next 11 bits through the scratch buffer; and
// the groups that still share their top 22 bits (about one entry in 4
// million, or one buyer's repeated orders) are sorted in full and folded.
func sortAndFold(a []buyerCount) []buyerCount {
	if len(a) < 256 {
		slices.SortFunc(a, compareBuyers)
		return fold(a, a[:0])
	}
	const mask = 1<<radixBits - 1
	const loShift, hiShift = 64 - 2*radixBits, 64 - radixBits
	var start, next [1<<radixBits + 1]int
	for _, e := range a {
		start[e.h>>hiShift+1]++
	}
	widest := 0
	for d := 1; d < len(start); d++ {
		widest = max(widest, start[d])
		start[d] += start[d-1]
	}
	next = start
	for d := 0; d < 1<<radixBits; d++ {
		for next[d] < start[d+1] {
			e := a[next[d]]
			k := int(e.h >> hiShift)
			if k == d {
				next[d]++
				continue
			}
			// Swap e into its bucket until this slot holds one of d's.
			a[next[d]], a[next[k]] = a[next[k]], e
			next[k]++
		}
	}
	scratch := make([]buyerCount, widest)
	for d := 0; d < 1<<radixBits; d++ {
		bucket := a[start[d]:start[d+1]]
		tmp := scratch[:copy(scratch, bucket)]
		var lo [1 << radixBits]int
		for _, e := range tmp {
			lo[e.h>>loShift&mask]++
		}
		offsets(&lo)
		for _, e := range tmp {
			k := e.h >> loShift & mask
			bucket[lo[k]] = e
			lo[k]++
		}
	}
	// Finish each group sharing the top 22 bits and fold it into place.
	out := a[:0]
	for i := 0; i < len(a); {
		top := a[i].h >> loShift
		j := i + 1
		for j < len(a) && a[j].h>>loShift == top {
			j++
		}
		group := a[i:j]
		switch {
		case len(group) > 8:
			slices.SortFunc(group, compareBuyers)
		case len(group) > 1: // mostly one repeat buyer's entries
			for x := 1; x < len(group); x++ {
				for y := x; y > 0 && compareBuyers(group[y], group[y-1]) < 0; y-- {
					group[y], group[y-1] = group[y-1], group[y]
				}
			}
		}
		out = fold(group, out)
		i = j
	}
	return out
}

// offsets turns digit counts into the starting offset of each digit.
func offsets(c *[1 << radixBits]int) {
	sum := 0
	for d, n := range c {
		c[d] = sum
		sum += n
	}
}

// fold appends the entries of group, ordered by (hash, id), to out, merging
// each into the last entry when they share an id. out may alias group's
// memory at or before group's start.
func fold(group, out []buyerCount) []buyerCount {
	for _, b := range group {
		if k := len(out) - 1; k >= 0 && out[k].h == b.h && out[k].id == b.id {
			out[k].n += b.n
			continue
		}
		out = append(out, b)
	}
	return out
}

// hashID is a fixed 64-bit hash of a buyer ID: 8-byte words mixed by
// multiplication, the first and last words overlapping for IDs of 8 to 16
// bytes, and a murmur3 finaliser. It is the same in every process, so
// indexes built anywhere merge alike. Collisions cost time, never
// exactness.
func hashID(s string) uint64 {
	const m = 0x9e3779b97f4a7c15
	h := uint64(len(s)) * m
	switch n := len(s); {
	case n >= 8:
		for len(s) > 16 {
			h = bits.RotateLeft64((h^word(s))*m, 29)
			s = s[8:]
		}
		h = bits.RotateLeft64((h^word(s))*m, 29)
		h ^= word(s[len(s)-8:])
	default:
		var w uint64
		for i := 0; i < n; i++ {
			w |= uint64(s[i]) << (8 * i)
		}
		h ^= w
	}
	h *= m
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// word reads the first 8 bytes of s, little-endian.
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
