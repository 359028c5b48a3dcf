package matrix

import "fmt"

// Retention is ClickHouse's retention(c1, …, cN) over one user's rows,
// in any order: r[0] is whether any row satisfies c1, and r[k] whether
// some row satisfies c1 and some row (the same or another) satisfies
// c(k+1): r₁ = any(c1), rₖ = any(c1) ∧ any(ck). Time and order play no
// part; put them in the conditions (c1: "joined the group on day 0",
// c2: "entered a live on day 1"). With rows {d=1}, {d=2}, {d=3} and
// conditions d=1, d=2, d=3 it is [true true true]; with {d=2}, {d=3} it
// is all false, since c1 never holds.
//
// It needs 1 to [MaxSteps] conditions, none nil (a *[commerce.FieldError]
// otherwise). It calls each condition at most once per row and stops
// early once every answer is known.
func Retention[T any](rows []T, conds ...func(T) bool) ([]bool, error) {
	if len(conds) == 0 || len(conds) > MaxSteps {
		return nil, fieldErr("retention: conditions", "want 1 to %d, got %d", MaxSteps, len(conds))
	}
	for i, c := range conds {
		if c == nil {
			return nil, fieldErr(fmt.Sprintf("retention: conditions[%d]", i), "nil")
		}
	}
	all := uint64(1)<<len(conds) - 1
	var got uint64
	for _, r := range rows {
		for i, c := range conds {
			if got&(1<<i) == 0 && c(r) {
				got |= 1 << i
			}
		}
		if got == all {
			break
		}
	}
	out := make([]bool, len(conds))
	if got&1 != 0 {
		for i := range out {
			out[i] = got&(1<<i) != 0
		}
	}
	return out, nil
}
