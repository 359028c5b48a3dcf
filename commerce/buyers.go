package commerce

import (
	"math/bits"
	"slices"
)

// buyerIndex tells exactly which buyer IDs it has seen and which more than
// once: the distinct and repeat buyers of [Metrics]. A hash map of a million
// string keys spends its time on cache misses; instead, IDs are appended to
// a pending buffer, hashed in a tight loop, spread over 256 partitions by the
// top bits of their hash, and each partition is deduplicated with a small
// open-addressing table that stays in cache. Hash ties are settled by
// comparing the IDs themselves, so collisions cost time, never exactness
// (IDs crafted to share one hash would make a partition's deduplication
// quadratic). Appends are amortised O(1) and memory stays within a constant
// factor of the number of distinct buyers.
type buyerIndex struct {
	ids    []string // pending IDs, appended by add
	hashes []uint64 // the hashes of ids[:len(hashes)], computed by settle
	parts  *[numParts]buyerPart
	slots  []int32 // scratch table for dedupe
}

// buyerPart holds the buyers whose hash has one value of the top partBits.
type buyerPart struct {
	uniq []buyerEntry // distinct IDs, in no particular order
	tail []buyerEntry // entries not yet deduplicated; IDs may repeat
}

// buyerEntry is one buyer: its ID and, in h, the ID's hash with bit 0
// replaced by whether the buyer has two or more orders. Counts beyond two
// are not needed: the metrics ask only for distinct and repeat buyers.
type buyerEntry struct {
	id string
	h  uint64
}

const (
	partBits = 8
	numParts = 1 << partBits
	// spreadAt is the number of pending IDs at which they move to
	// partitions.
	spreadAt = 1 << 12
	// repeatBit marks a buyer with two or more orders in buyerEntry.h.
	repeatBit = 1
)

// begin starts a batch of about n adds and returns a mark for undo.
func (x *buyerIndex) begin(n int) int {
	x.ids = slices.Grow(x.ids, n)
	return len(x.ids)
}

// add appends one order of buyer id, unhashed. A batch ends with settle, or
// with undo to drop what it added.
func (x *buyerIndex) add(id string) {
	x.ids = append(x.ids, id)
}

// undo drops the IDs added since begin returned mark.
func (x *buyerIndex) undo(mark int) {
	x.ids = x.ids[:mark]
}

// settle hashes the IDs added since the last settle and, once enough are
// pending, spreads them over the partitions.
//
// Hashing is a pass of its own because it reads every ID's bytes, which lie
// anywhere in memory: in a tight loop of independent iterations those cache
// misses overlap.
func (x *buyerIndex) settle() {
	from := len(x.hashes)
	x.hashes = slices.Grow(x.hashes, len(x.ids)-from)[:len(x.ids)]
	for i := from; i < len(x.ids); i++ {
		x.hashes[i] = hashID(x.ids[i]) &^ repeatBit
	}
	if len(x.ids) >= spreadAt {
		x.spread()
	}
}

// merge adds every buyer of y, which is left unchanged.
func (x *buyerIndex) merge(y *buyerIndex) {
	x.ids = append(x.ids, y.ids...)
	x.hashes = append(x.hashes, y.hashes...) // y is settled: all its IDs are hashed
	if y.parts != nil {
		x.ensureParts()
		for i := range y.parts {
			p := &x.parts[i]
			// Append to a copy, never into memory another tally may share.
			p.tail = append(slices.Clip(p.tail), y.parts[i].uniq...)
			p.tail = append(p.tail, y.parts[i].tail...)
		}
	}
	x.settle()
	if x.parts != nil {
		x.fold()
	}
}

func (x *buyerIndex) ensureParts() {
	if x.parts == nil {
		x.parts = new([numParts]buyerPart)
	}
}

// counts returns the number of distinct buyers and of buyers with two or
// more orders.
func (x *buyerIndex) counts() (distinct, repeat int64) {
	x.spread()
	if x.parts == nil {
		return 0, 0
	}
	for i := range x.parts {
		p := &x.parts[i]
		x.dedupe(p)
		distinct += int64(len(p.uniq))
		for _, b := range p.uniq {
			repeat += int64(b.h & repeatBit)
		}
	}
	return distinct, repeat
}

// spread moves the pending IDs to their partitions, then deduplicates each
// partition whose tail has outgrown its distinct entries.
func (x *buyerIndex) spread() {
	if len(x.ids) == 0 {
		return
	}
	x.ensureParts()
	const shift = 64 - partBits
	var sizes [numParts]int
	for _, h := range x.hashes {
		sizes[h>>shift]++
	}
	// Give each tail room for its share, in one allocation for the tails
	// that need it, each capacity clipped so that a later append cannot
	// spill into the next tail.
	var need int
	for i, n := range sizes {
		if n > cap(x.parts[i].tail)-len(x.parts[i].tail) {
			need += len(x.parts[i].tail) + n
		}
	}
	buf := make([]buyerEntry, 0, need)
	var dst [numParts][]buyerEntry // the tails, extended to take their share
	var next [numParts]int         // where each tail's next entry goes
	for i, n := range sizes {
		p := &x.parts[i]
		if n > cap(p.tail)-len(p.tail) {
			k := len(buf)
			buf = append(buf, p.tail...)
			p.tail = buf[k : len(buf) : len(buf)+n]
			buf = buf[:len(buf)+n]
		}
		next[i] = len(p.tail)
		p.tail = p.tail[:len(p.tail)+n]
		dst[i] = p.tail
	}
	for i, h := range x.hashes {
		k := h >> shift
		dst[k][next[k]] = buyerEntry{id: x.ids[i], h: h}
		next[k]++
	}
	x.ids, x.hashes = x.ids[:0], x.hashes[:0]
	if cap(x.ids) > 4*spreadAt {
		x.ids, x.hashes = nil, nil // a large batch's buffers are not kept
	}
	x.fold()
}

// fold deduplicates each partition whose tail has outgrown its distinct
// entries, which keeps the work amortised O(1) per entry.
func (x *buyerIndex) fold() {
	for i := range x.parts {
		if p := &x.parts[i]; len(p.tail) >= max(len(p.uniq), 64) {
			x.dedupe(p)
		}
	}
}

// dedupe folds p's tail into its distinct entries through an open-addressing
// table on the low bits of the hash. An ID met twice becomes a repeat buyer.
func (x *buyerIndex) dedupe(p *buyerPart) {
	if len(p.tail) == 0 {
		return
	}
	size := 1 << bits.Len(uint(2*(len(p.uniq)+len(p.tail))))
	if cap(x.slots) < size {
		x.slots = make([]int32, size)
	}
	slots := x.slots[:size]
	for i := range slots {
		slots[i] = -1
	}
	mask := uint64(size - 1)
	for i, b := range p.uniq {
		s := (b.h >> 1) & mask
		for slots[s] >= 0 {
			s = (s + 1) & mask
		}
		slots[s] = int32(i)
	}
	out, tail := p.uniq, p.tail
	inPlace := len(out) == 0
	if inPlace {
		out = tail[:0] // fold in place: writes never pass the read position
	}
	for _, b := range tail {
		s := (b.h >> 1) & mask
		for {
			k := slots[s]
			if k < 0 {
				slots[s] = int32(len(out))
				out = append(out, b)
				break
			}
			if e := &out[k]; e.h>>1 == b.h>>1 && e.id == b.id {
				e.h |= repeatBit
				break
			}
			s = (s + 1) & mask
		}
	}
	p.uniq, p.tail = out, tail[:0]
	if inPlace {
		p.tail = nil // the tail's memory now holds uniq
	}
}

// hashID is a fixed 64-bit hash of a buyer ID: 8-byte words mixed by
// multiplication, the first and last words overlapping for IDs of 8 to 16
// bytes, and a murmur3 finaliser. It is the same in every process.
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
