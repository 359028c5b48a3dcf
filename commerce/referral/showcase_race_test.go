//go:build race

package referral_test

// scRaceEnabled reports a build with the race detector, under which
// allocation counts are not meaningful.
const scRaceEnabled = true
