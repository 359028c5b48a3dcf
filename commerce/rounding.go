package commerce

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// RoundingMode names how a result that falls between two minor units is
// rounded. Every operation that may round takes one; there is no default
// hidden in the package. The zero value is not a mode and is rejected with
// [ErrRoundingMode].
type RoundingMode uint8

// The rounding modes. Examples are for rounding to whole units.
const (
	// HalfUp rounds to the nearest unit and ties away from zero:
	// 2.5 → 3, -2.5 → -3. It is the commercial rounding (四舍五入) and the
	// usual choice for CNY.
	HalfUp RoundingMode = iota + 1
	// HalfEven rounds to the nearest unit and ties to the even neighbour
	// (banker's rounding): 2.5 → 2, 3.5 → 4.
	HalfEven
	// Down truncates toward zero: 2.9 → 2, -2.9 → -2.
	Down
	// Up rounds away from zero: 2.1 → 3, -2.1 → -3.
	Up
	// Floor rounds toward negative infinity: 2.9 → 2, -2.1 → -3.
	Floor
	// Ceiling rounds toward positive infinity: 2.1 → 3, -2.9 → -2.
	Ceiling
	numRoundingModes
)

var roundingNames = [numRoundingModes]string{"", "HalfUp", "HalfEven", "Down", "Up", "Floor", "Ceiling"}

// String returns the mode's name, such as "HalfUp".
func (m RoundingMode) String() string {
	if !m.Valid() {
		return fmt.Sprintf("RoundingMode(%d)", uint8(m))
	}
	return roundingNames[m]
}

// Valid reports whether m is one of the defined modes.
func (m RoundingMode) Valid() bool { return m > 0 && m < numRoundingModes }

func (m RoundingMode) check() error {
	if !m.Valid() {
		return fmt.Errorf("commerce: %v: %w", m, ErrRoundingMode)
	}
	return nil
}

// bump reports whether the magnitude q of a quotient must grow by one unit,
// given the remainder r of the division by d (r < d) and the sign of the
// exact result (neg).
func (m RoundingMode) bump(neg bool, q, r, d uint64) bool {
	if r == 0 {
		return false
	}
	switch m {
	case Up:
		return true
	case Floor:
		return neg
	case Ceiling:
		return !neg
	case HalfUp:
		return r >= d-r
	case HalfEven:
		h := d - r
		return r > h || (r == h && q&1 == 1)
	}
	return false // Down
}

// roundDecimal rounds d to places decimal places with mode m. It never
// consults shopspring's package-level settings.
func (m RoundingMode) roundDecimal(d decimal.Decimal, places int32) decimal.Decimal {
	switch m {
	case HalfUp:
		return d.Round(places)
	case HalfEven:
		return d.RoundBank(places)
	case Down:
		return d.RoundDown(places)
	case Up:
		return d.RoundUp(places)
	case Floor:
		return d.RoundFloor(places)
	default:
		return d.RoundCeil(places)
	}
}
