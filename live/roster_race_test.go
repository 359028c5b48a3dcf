//go:build race

package live

// rosterRace reports a build with the race detector, under which the
// roster's property tests run fewer cases.
const rosterRace = true
