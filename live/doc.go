// Package live models the live room, where seeding turns into orders:
// sessions and their transitions, live-selling permission, who is reminded
// when a session starts, the lineup and the account's role, host rosters
// under labour rules, session metrics with every numerator and denominator
// explicit, segment lift, and verifiable giveaways.
package live
