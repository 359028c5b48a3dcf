// Package groupchattest provides fixtures for testing code built on
// package groupchat, in the manner of net/http/httptest: the two brands of
// the project's DOMAIN.md as group-chat communities, and a conformance
// check of a directory's capacity invariants.
//
// # Fixtures
//
//   - [BeautyBrand] is a beauty-tools brand modelled on AMORTALS (source
//     002) on Xiaohongshu: one free community group and two membership
//     groups, a three-tier ladder (free fans, paid or earned members, VIPs)
//     with benefits for commerce/pricing, and the next live's
//     announcement.
//   - [CupBrand] is a cup brand modelled on Shidajia (source 002): 35
//     group chats on one account, one per product for pre-sales, whose
//     fans sit in several of them at once, generated from a seed.
//
// # Conformance
//
// [CheckDirectory] returns an error when a directory, or a service's
// mirror of one ([Directory]), breaks an invariant of admission: a group
// over capacity, a member seated twice in a family, counts that disagree
// with the members listed, someone listed without a role or a seat, staff
// missing from a group, a banned member seated. It returns an error rather
// than failing a test, so it works outside go test too, as
// testing/fstest.TestFS does.
//
// # Determinism
//
// Every fixture is a fresh value, the same for the same arguments; the
// builders panic only on a bad literal of their own, never on a caller's
// input.
package groupchattest
