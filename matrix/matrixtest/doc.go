// Package matrixtest provides fixtures for testing code built on package
// matrix, in the manner of net/http/httptest: seeded streams of
// seeding-funnel events. Every fixture is a fresh value, the same on
// every call with the same arguments.
//
// [FunnelEvents] generates seeded streams of seeding-funnel events: users ×
// events per user over a number of kinds ([FunnelKind]; [FunnelKindNames]
// names the caller-defined ones a funnel must declare), with ties, exact
// repeats and shuffled rows, or in time order to feed a stream.
package matrixtest
