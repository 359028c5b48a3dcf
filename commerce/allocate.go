package commerce

import (
	"errors"
	"fmt"

	"github.com/livecommerce-go/livecommerce/internal/alloc"
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
	var buf [smallAllocation]uint64
	units := buf[:0]
	if n > smallAllocation {
		units = make([]uint64, 0, n)
	}
	units = units[:n]
	i, err := alloc.Proportional(units, magnitude(m.units), weights, nil)
	switch {
	case errors.Is(err, alloc.ErrNegativeWeight):
		return nil, invalidf(fmt.Sprintf("allocate: weights[%d]", i), "negative weight %d", weights[i])
	case errors.Is(err, alloc.ErrNoWeight):
		return nil, invalid("allocate: weights", "all weights are zero")
	case err != nil:
		return nil, fmt.Errorf("commerce: allocate: sum of weights: %w", ErrOverflow)
	}
	parts := make([]Money, n)
	for i, u := range units {
		v, _ := signed(0, u, m.units < 0) // u ≤ |m.units|: fits
		parts[i] = Money{units: v, cur: m.cur}
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
