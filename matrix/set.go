package matrix

import (
	"iter"
	"math/bits"
	"slices"
)

// Set is an immutable set of [Member]s: exact, compact, and safe to share
// between goroutines. The zero value is the empty set.
//
// A Set holds its members in one of two forms, whichever is smaller: a
// sorted array of 4 bytes a member for a sparse set, or a bitset of one
// bit per Member from 0 to the largest member (8 bytes a 64-member word)
// for a dense one. It is a bitset exactly when 2·words < Len(), where
// words = largest/64 + 1, so each set of members has exactly one form and
// two equal sets are stored alike. A group of 500 among 150,000 people is
// a 2 KB array; the union of the cup brand's 1,050 groups, 184,378
// people, is a bitset of 23 KB.
//
// [Union], [Intersect] and [Set.Difference] build new sets; their results
// do not depend on the order of their arguments. A Member means something
// only within its [Network]: combine sets of one network only.
type Set struct {
	sparse []Member // ascending; nil for a dense or empty set
	dense  []uint64 // bit m%64 of word m/64; its last word is not zero; nil for a sparse or empty set
	n      int      // the number of members
}

// SetOf returns the set of ms, given in any order, repeats allowed.
func SetOf(ms ...Member) Set {
	s := slices.Clone(ms)
	slices.Sort(s)
	return fromSorted(slices.Compact(s))
}

// fromSorted returns the set of ms, ascending without repeats, which it
// may keep.
func fromSorted(ms []Member) Set {
	n := len(ms)
	if n == 0 {
		return Set{}
	}
	words := int(ms[n-1]/64) + 1
	if 2*words >= n {
		return Set{sparse: ms, n: n}
	}
	d := make([]uint64, words)
	for _, m := range ms {
		d[m/64] |= 1 << (m % 64)
	}
	return Set{dense: d, n: n}
}

// fromBits returns the set of the bits of d, of which there are n; it may
// keep d.
func fromBits(d []uint64, n int) Set {
	for len(d) > 0 && d[len(d)-1] == 0 {
		d = d[:len(d)-1]
	}
	if n == 0 {
		return Set{}
	}
	if 2*len(d) < n {
		return Set{dense: d, n: n}
	}
	ms := make([]Member, 0, n)
	for w, x := range d {
		for x != 0 {
			ms = append(ms, Member(w*64+bits.TrailingZeros64(x)))
			x &= x - 1
		}
	}
	return Set{sparse: ms, n: n}
}

// popcount returns the number of bits set in d.
func popcount(d []uint64) int {
	n := 0
	for _, x := range d {
		n += bits.OnesCount64(x)
	}
	return n
}

// Len returns the number of members of s.
func (s Set) Len() int { return s.n }

// Contains reports whether m is a member of s.
func (s Set) Contains(m Member) bool {
	if s.dense != nil {
		w := int(m / 64)
		return w < len(s.dense) && s.dense[w]&(1<<(m%64)) != 0
	}
	_, ok := slices.BinarySearch(s.sparse, m)
	return ok
}

// All returns an iterator over the members of s, ascending.
func (s Set) All() iter.Seq[Member] {
	return func(yield func(Member) bool) {
		if s.dense == nil {
			for _, m := range s.sparse {
				if !yield(m) {
					return
				}
			}
			return
		}
		for w, x := range s.dense {
			for x != 0 {
				if !yield(Member(w*64 + bits.TrailingZeros64(x))) {
					return
				}
				x &= x - 1
			}
		}
	}
}

// Members returns the members of s, ascending, in a fresh slice (empty,
// not nil, for the empty set).
func (s Set) Members() []Member {
	if s.dense == nil {
		return append(make([]Member, 0, s.n), s.sparse...)
	}
	return slices.AppendSeq(make([]Member, 0, s.n), s.All())
}

// Equal reports whether s and t have the same members.
func (s Set) Equal(t Set) bool {
	return s.n == t.n && slices.Equal(s.sparse, t.sparse) && slices.Equal(s.dense, t.dense)
}

// max returns the largest member of s, which must not be empty.
func (s Set) max() Member {
	if s.dense != nil {
		w := len(s.dense) - 1
		return Member(w*64 + 63 - bits.LeadingZeros64(s.dense[w]))
	}
	return s.sparse[len(s.sparse)-1]
}

// orInto sets the bits of s's members in d, which covers them.
func (s Set) orInto(d []uint64) {
	if s.dense != nil {
		for w, x := range s.dense {
			d[w] |= x
		}
		return
	}
	for _, m := range s.sparse {
		d[m/64] |= 1 << (m % 64)
	}
}

// Union returns the set of the people in any of sets: |A ∪ B ∪ …|
// distinct people, each counted once. Union() is the empty set. A
// bitset serves the union when it is no more than 8 words per input
// member; otherwise the members are merged as sorted arrays.
func Union(sets ...Set) Set {
	var (
		first, count, total int
		top                 Member
	)
	for i, s := range sets {
		if s.n == 0 {
			continue
		}
		if count == 0 {
			first = i
		}
		count++
		total += s.n
		top = max(top, s.max())
	}
	switch count {
	case 0:
		return Set{}
	case 1:
		return sets[first]
	}
	words := int(top/64) + 1
	if words <= 8*total {
		d := make([]uint64, words)
		for _, s := range sets {
			s.orInto(d)
		}
		return fromBits(d, popcount(d))
	}
	ms := make([]Member, 0, total)
	for _, s := range sets {
		ms = slices.AppendSeq(ms, s.All())
	}
	slices.Sort(ms)
	return fromSorted(slices.Compact(ms))
}

// Intersect returns the set of the people in every one of sets:
// |A ∩ B ∩ …|, exact. Intersect() is the empty set (there is no universe
// to start from). The smallest set is filtered by the others, so the cost
// follows the smallest operand.
func Intersect(sets ...Set) Set {
	if len(sets) == 0 {
		return Set{}
	}
	small := 0
	for i, s := range sets {
		if s.n == 0 {
			return Set{}
		}
		if s.n < sets[small].n {
			small = i
		}
	}
	base := sets[small]
	allDense := true
	for _, s := range sets {
		allDense = allDense && s.dense != nil
	}
	if !allDense {
		return filter(base.Members(), sets, small)
	}
	d := slices.Clone(base.dense)
	for _, s := range sets {
		if len(s.dense) < len(d) {
			d = d[:len(s.dense)]
		}
		for w := range d {
			d[w] &= s.dense[w]
		}
	}
	return fromBits(d, popcount(d))
}

// filter keeps the members of ms, ascending, found in every set but
// sets[skip], and returns their set; it reuses ms.
func filter(ms []Member, sets []Set, skip int) Set {
	for i, s := range sets {
		if i == skip {
			continue
		}
		ms = keep(ms, s, true)
	}
	return fromSorted(ms)
}

// keep returns the members of ms (ascending) that are in s when in is
// true, or not in s when in is false, reusing ms.
func keep(ms []Member, s Set, in bool) []Member {
	out := ms[:0]
	if s.dense != nil || len(s.sparse) > 16*len(ms) {
		for _, m := range ms {
			if s.Contains(m) == in {
				out = append(out, m)
			}
		}
		return out
	}
	// Both sorted and of comparable sizes: one merge pass.
	j := 0
	for _, m := range ms {
		for j < len(s.sparse) && s.sparse[j] < m {
			j++
		}
		if (j < len(s.sparse) && s.sparse[j] == m) == in {
			out = append(out, m)
		}
	}
	return out
}

// Difference returns the members of s in none of others: s ∖ (o₁ ∪ o₂ ∪
// …), exact. The order of others does not matter.
func (s Set) Difference(others ...Set) Set {
	if s.n == 0 {
		return Set{}
	}
	if s.dense == nil {
		ms := slices.Clone(s.sparse)
		for _, o := range others {
			if o.n > 0 {
				ms = keep(ms, o, false)
			}
		}
		return fromSorted(ms)
	}
	d := slices.Clone(s.dense)
	for _, o := range others {
		if o.dense != nil {
			for w := range min(len(d), len(o.dense)) {
				d[w] &^= o.dense[w]
			}
			continue
		}
		for _, m := range o.sparse {
			if w := int(m / 64); w < len(d) {
				d[w] &^= 1 << (m % 64)
			}
		}
	}
	return fromBits(d, popcount(d))
}
