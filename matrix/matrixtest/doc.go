// Package matrixtest provides fixtures for testing code built on package
// matrix, in the manner of net/http/httptest: the cup brand's account
// matrix of the project's DOMAIN.md and seeded streams of seeding-funnel
// events. Every fixture is a fresh value, the same on
// every call with the same arguments.
//
// [FunnelEvents] generates seeded streams of seeding-funnel events: users ×
// events per user over a number of kinds ([FunnelKind]; [FunnelKindNames]
// names the caller-defined ones a funnel must declare), with ties, exact
// repeats and shuffled rows, or in time order to feed a stream.
//
// [CupBrand] is the cup brand's matrix as a matrix.Spec: 30 accounts
// (1 brand, 2 managers, 12 buyers, 3 hosts, 12 staff) with 35 full groups
// of 500 each, 1,050 groups and 525,000 seats, the brand's first seven
// groups per-product pre-sale groups, filled from a pool of 200,000 fans
// by a seeded, skewed draw: 184,378 distinct people, some in 30 or more
// groups.
package matrixtest
