// Package commercetest provides fixtures for testing code built on package
// commerce: money literals, two reference catalogues and a seeded order
// generator, in the manner of net/http/httptest and testing/fstest.
//
// # Fixtures
//
//   - [Money] and [CNY] write amounts in tests.
//   - [BeautyCatalogue] is a beauty-tools brand modelled on AMORTALS in the
//     project's DOMAIN.md (makeup sponges, puffs, brushes; average order
//     about 50 yuan). [CupCatalogue] is a cup brand modelled on Shidajia
//     (cups, tumblers, gift sets; average order about 150 yuan). In both,
//     8 of the 10 SKUs are own-brand, the "front store, back factory" share
//     of about 80 in 100.
//   - [Orders] generates paid orders over a catalogue as [OrderConfig]
//     describes: buyers, sources, discounts, shipping, delivery, completion
//     and partial refunds. [TwoLineOrders] is its fast path for benchmarks.
//   - [PaidOrder] builds one paid order from a spec inside a test.
//
// # Calibration
//
// With the default configuration, the generated orders reproduce the
// figures of DOMAIN.md: an average order value near ¥50 over
// [BeautyCatalogue] and near ¥150 over [CupCatalogue] (AMORTALS and
// Shidajia, source 002), and a repurchase rate near 29% (the live-room
// figure of source 001). Setting [OrderConfig].RefundShare to 33% gives the
// quoted live-room return rate. The tests of this package check each figure
// on 10,000 orders.
//
// # Determinism
//
// Everything is a pure function of its arguments. The generators draw from a
// local PCG generator seeded with [OrderConfig].Seed, never from global
// randomness, and read no clock: the same catalogue and configuration give
// the same orders, field for field, on every run and platform. Different
// seeds give different orders. Every function is safe for concurrent use.
//
// # Errors
//
// Fixtures are for tests: like httptest.NewRequest they panic on a bad
// literal or configuration instead of returning an error, and [PaidOrder]
// fails its test.
package commercetest
