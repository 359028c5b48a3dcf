//go:build race

package incentive_test

// feeRace reports a build with the race detector, under which allocation
// counts are not meaningful and property tests run fewer cases.
const feeRace = true
