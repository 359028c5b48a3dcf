package commerce

import (
	"fmt"
	"math/bits"
	"slices"
)

// smallAllocation is the number of weights Allocate serves without scratch
// memory; beyond it, it allocates scratch for the remainders.
const smallAllocation = 16

// Allocate splits m into parts proportional to weights, such that the parts
// always sum exactly to m. It uses the largest-remainder method:
//
//  1. each part i gets ⌊|m|·wᵢ/W⌋ minor units, where W = Σw, with the product
//     held in 128 bits;
//  2. the units left over (fewer than the number of weights) go one each to
//     the parts with the largest remainders (|m|·wᵢ mod W);
//  3. equal remainders go to the lower index first. To make that tie-break
//     independent of input order, order the weights by a stable key (a line
//     or SKU ID) before calling.
//
// So ¥0.03 allocated 75:25 is ¥0.02 and ¥0.01, and ¥10.00 over three equal
// lines is ¥3.34, ¥3.33 and ¥3.33. A negative m gives negated parts (each part
// is the negative of the allocation of |m|). Zero weights get zero. Weights
// must be non-negative and not all zero, and W must fit in a uint64;
// otherwise the error is [ErrInvalid] (naming the weight) or [ErrOverflow].
//
// Allocate makes one allocation, its result, for up to 16 weights.
func (m Money) Allocate(weights ...int64) ([]Money, error) {
	n := len(weights)
	if n == 0 {
		return nil, invalid("allocate: weights", "no weights")
	}
	var w uint64
	for i, x := range weights {
		if x < 0 {
			return nil, invalidf(fmt.Sprintf("allocate: weights[%d]", i), "negative weight %d", x)
		}
		var carry uint64
		w, carry = bits.Add64(w, uint64(x), 0)
		if carry != 0 {
			return nil, fmt.Errorf("commerce: allocate: sum of weights: %w", ErrOverflow)
		}
	}
	if w == 0 {
		return nil, invalid("allocate: weights", "all weights are zero")
	}
	total := magnitude(m.units)
	neg := m.units < 0
	parts := make([]Money, n)

	var buf [smallAllocation]uint64
	rems := buf[:0]
	if n > smallAllocation {
		rems = make([]uint64, 0, n)
	}
	left := total
	for i, x := range weights {
		// total·x/W ≤ total < 2^64, so the high word is below W and Div64
		// cannot overflow.
		hi, lo := bits.Mul64(total, uint64(x))
		q, r := bits.Div64(hi, lo, w)
		left -= q
		rems = append(rems, r)
		v, _ := signed(0, q, neg) // q ≤ total: fits
		parts[i] = Money{units: v, cur: m.cur}
	}
	if left == 0 {
		return parts, nil
	}
	step := int64(1)
	if neg {
		step = -1
	}
	if n <= smallAllocation {
		// Fewer than n units are left; pick the largest remainder each time,
		// the lower index winning ties, and clear it once served.
		for ; left > 0; left-- {
			best := 0
			for i := 1; i < n; i++ {
				if rems[i] > rems[best] {
					best = i
				}
			}
			parts[best].units += step
			rems[best] = 0
		}
		return parts, nil
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if rems[a] != rems[b] {
			if rems[a] > rems[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	for _, i := range order[:left] {
		parts[i].units += step
	}
	return parts, nil
}

// maxSplit is the most parts Split makes.
const maxSplit = 1 << 24

// Split divides m into n parts that differ by at most one minor unit and sum
// exactly to m; the first |m| mod n parts carry the extra unit. ¥10.00 split
// three ways is ¥3.34, ¥3.33, ¥3.33. n must be from 1 to 16,777,216 (2^24).
func (m Money) Split(n int) ([]Money, error) {
	if n <= 0 || n > maxSplit {
		return nil, invalidf("split: parts", "want 1 to %d parts, got %d", maxSplit, n)
	}
	total := magnitude(m.units)
	q, r := total/uint64(n), total%uint64(n)
	parts := make([]Money, n)
	for i := range parts {
		u := q
		if uint64(i) < r {
			u++
		}
		v, _ := signed(0, u, m.units < 0) // u ≤ total: fits
		parts[i] = Money{units: v, cur: m.cur}
	}
	return parts, nil
}
