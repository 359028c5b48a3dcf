package alloc

import (
	"errors"
	"math/bits"
)

// Errors reported by [Proportional]; callers wrap them in their own types.
var (
	// ErrNoWeight is returned when there are no weights or all are zero.
	ErrNoWeight = errors.New("alloc: no positive weight")
	// ErrNegativeWeight is returned for a negative weight.
	ErrNegativeWeight = errors.New("alloc: negative weight")
	// ErrOverflow is returned when the weights sum past 2^64-1.
	ErrOverflow = errors.New("alloc: sum of weights overflows")
)

// Scratch holds the memory [Proportional] needs beyond 16 weights, so that
// repeated calls with one Scratch allocate only while it grows.
type Scratch struct {
	rems, sorted []uint64
}

// small is the number of weights served from stack memory.
const small = 16

// Proportional sets parts[i] to total·wᵢ/W, where W = Σw, rounded by the
// largest-remainder method: each part gets the floor of its share (the
// product held in 128 bits), and the units left over go one each to the
// parts with the largest remainders, the lower index winning ties. The parts
// sum exactly to total, and a part never exceeds its exact share rounded up.
// parts must be as long as weights. It returns the index of the first
// negative weight with [ErrNegativeWeight], or -1 with [ErrNoWeight] or
// [ErrOverflow]. s may be nil; it is only used beyond 16 weights.
func Proportional(parts []uint64, total uint64, weights []int64, s *Scratch) (int, error) {
	var w uint64
	for i, x := range weights {
		if x < 0 {
			return i, ErrNegativeWeight
		}
		var carry uint64
		w, carry = bits.Add64(w, uint64(x), 0)
		if carry != 0 {
			return -1, ErrOverflow
		}
	}
	if w == 0 {
		return -1, ErrNoWeight
	}
	n := len(weights)
	var buf [small]uint64
	var rems []uint64
	if n <= small {
		rems = buf[:n]
	} else {
		if s == nil {
			s = new(Scratch)
		}
		if cap(s.rems) < n {
			s.rems = make([]uint64, n)
			s.sorted = make([]uint64, n)
		}
		rems = s.rems[:n]
	}
	left := total
	for i, x := range weights {
		// total·x/W ≤ total < 2^64, so the high word is below W and Div64
		// cannot overflow.
		hi, lo := bits.Mul64(total, uint64(x))
		q, r := bits.Div64(hi, lo, w)
		left -= q
		rems[i] = r
		parts[i] = q
	}
	if left == 0 {
		return -1, nil
	}
	if n <= small {
		// Fewer than n units are left; pick the largest remainder each time,
		// the lower index winning ties, and clear it once served.
		for ; left > 0; left-- {
			best := 0
			for i := 1; i < n; i++ {
				if rems[i] > rems[best] {
					best = i
				}
			}
			parts[best]++
			rems[best] = 0
		}
		return -1, nil
	}
	// The left largest remainders are those above the threshold t, the
	// left-th largest, and then those equal to t in index order.
	sorted := s.sorted[:n]
	copy(sorted, rems)
	t := nth(sorted, n-int(left))
	for i, r := range rems {
		if r > t {
			parts[i]++
			left--
		}
	}
	for i, r := range rems {
		if left == 0 {
			break
		}
		if r == t {
			parts[i]++
			left--
		}
	}
	return -1, nil
}

// nth returns the k-th smallest of a (from 0), reordering a: Hoare's
// selection with a median-of-three pivot, linear on average.
func nth(a []uint64, k int) uint64 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pivot := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}
