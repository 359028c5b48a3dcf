package groupchat

import "fmt"

// Period is the length of a broadcast cap's window.
type Period uint8

// The periods. The zero value is not a period.
const (
	// Day is one day.
	Day Period = iota + 1
	// Week is seven days.
	Week
	// Month is a calendar month, or thirty days in fixed blocks.
	Month
	numPeriods
)

var periodNames = [numPeriods]string{"", "day", "week", "month"}

// String returns "day", "week" or "month".
func (p Period) String() string {
	if p > 0 && p < numPeriods {
		return periodNames[p]
	}
	return fmt.Sprintf("Period(%d)", uint8(p))
}

// Blocks is how a cap's windows are laid on the calendar.
type Blocks uint8

// The block kinds. The zero value is not a kind.
const (
	// CalendarBlocks lays windows on natural periods: calendar days, weeks
	// from Monday and calendar months, in the caller's location.
	CalendarBlocks Blocks = iota + 1
	// FixedBlocks lays windows on consecutive blocks of 1, 7 or 30 days
	// counted from midnight of 1 January 1970 in the caller's location, as
	// WeCom counts a month of its frequency limits: thirty days, not a
	// calendar month.
	FixedBlocks
	numBlocks
)

var blocksNames = [numBlocks]string{"", "natural", "fixed"}

// String returns "natural" or "fixed".
func (b Blocks) String() string {
	if b > 0 && b < numBlocks {
		return blocksNames[b]
	}
	return fmt.Sprintf("Blocks(%d)", uint8(b))
}

// Cap is a broadcast frequency cap: at most Limit broadcasts per recipient
// (a member or a group) in each window of the period. WeCom's default is
// one message per day of the month for each customer and each customer
// group; an admin may switch to 7 a week or 1 a day.
type Cap struct {
	// Period is the window's length.
	Period Period
	// Limit is the most broadcasts per window; zero means one per day of
	// the window: the days of the calendar month (28 to 31), 30 for a
	// fixed month, 7 for a week, 1 for a day.
	Limit int
	// Blocks lays the windows on the calendar.
	Blocks Blocks
}

// String describes the cap, such as "days-in-month per natural month" or
// "7 per natural week", with a zero Limit spelled out: days-in-month for a
// natural month, 30 for a fixed one, 7 a week, 1 a day.
func (c Cap) String() string {
	n := fmt.Sprint(c.Limit)
	switch {
	case c.Limit > 0:
	case c.Period == Month && c.Blocks == CalendarBlocks:
		n = "days-in-month"
	case c.Period == Month:
		n = "30"
	case c.Period == Week:
		n = "7"
	default:
		n = "1"
	}
	return fmt.Sprintf("%s per %v %v", n, c.Blocks, c.Period)
}

// Validate checks the period, the blocks and a non-negative limit.
func (c Cap) Validate() error {
	switch {
	case c.Period == 0 || c.Period >= numPeriods:
		return fieldErr("cap: period", "unknown %v", c.Period)
	case c.Blocks == 0 || c.Blocks >= numBlocks:
		return fieldErr("cap: blocks", "unknown %v", c.Blocks)
	case c.Limit < 0:
		return fieldErr("cap: limit", "negative: %d", c.Limit)
	}
	return nil
}
