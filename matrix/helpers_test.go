package matrix

import "os"

// longCases returns n, or long when LIVECOMMERCE_LONG=1 asks for the
// issue's full sizes.
func longCases(n, long int) int {
	if os.Getenv("LIVECOMMERCE_LONG") == "1" {
		return long
	}
	return n
}

// LongCases gives the external tests longCases.
func LongCases(n, long int) int { return longCases(n, long) }
