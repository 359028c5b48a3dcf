//go:build !race

package persist_test

// raceEnabled reports a build with the race detector, under which
// allocation counts are not meaningful.
const raceEnabled = false
