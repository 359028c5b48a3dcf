//go:build !race

package matrix

// reachRace reports a build with the race detector, under which
// allocation counts are not meaningful and the accuracy tests run slowly.
const reachRace = false
