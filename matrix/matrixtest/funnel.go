package matrixtest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// FunnelEvents describes a seeded stream of seeding-funnel events: Users
// users (Members 0 to Users−1), each with PerUser events of Kinds kinds,
// with ties, repeats and rows out of order. The zero values of the other
// fields take the defaults documented on them. The same FunnelEvents
// always generates the same rows.
type FunnelEvents struct {
	// Users, PerUser and Kinds are the numbers of users, events per user
	// and kinds (1 to 247: the kinds are [FunnelKind](0) to
	// FunnelKind(Kinds−1)).
	Users, PerUser, Kinds int
	// Seed seeds the generator.
	Seed uint64
	// Sources is the number of touchpoints the events come from; 0 is 1.
	Sources int
	// Span is how far apart a user's events may be: each falls at a
	// random whole Tick in [first, first + Span). Zero is 24 hours.
	Span time.Duration
	// Tick is the times' granularity; zero is one second, so that with a
	// few hundred events a day some share a time (ties).
	Tick time.Duration
	// Start is the earliest user's first instant; each user starts at a
	// random whole minute in the following 3 days. Zero is
	// 2024-06-18 00:00 in UTC+8 (the 618 festival, China time).
	Start time.Time
	// Repeat is one in how many events repeats the one before it
	// exactly (same time, kind and source); zero is 16, and a negative
	// value makes none.
	Repeat int
	// Ordered returns the rows in time order (ties in random order), as
	// a stream would receive them; otherwise they are shuffled.
	Ordered bool
}

// FunnelKind returns the generator's i-th kind: the seven built-in
// kinds for i < 7, then caller-defined kinds from
// [matrix.FirstCustomKind], which a funnel must declare with
// [FunnelKindNames].
func FunnelKind(i int) matrix.Kind {
	if i < 7 {
		return matrix.Kind(i + 1)
	}
	return matrix.FirstCustomKind + matrix.Kind(i-7)
}

// FunnelKindNames returns the names to declare in
// [matrix.FunnelSpec.Kinds] for a stream of kinds kinds: "custom-1" and
// on for the kinds past the seven built in.
func FunnelKindNames(kinds int) []string {
	var out []string
	for i := 7; i < kinds; i++ {
		out = append(out, fmt.Sprintf("custom-%d", i-6))
	}
	return out
}

// Generate returns the rows. It panics on negative counts or more than
// 247 kinds, as fixtures do on bad literals.
func (s FunnelEvents) Generate() []matrix.Event {
	if s.Users < 0 || s.PerUser < 0 || s.Kinds < 1 || s.Kinds > 247 {
		panic(fmt.Sprintf("matrixtest: FunnelEvents: %d users, %d per user, %d kinds", s.Users, s.PerUser, s.Kinds))
	}
	span, tick, start, repeat, sources := s.Span, s.Tick, s.Start, s.Repeat, max(s.Sources, 1)
	if span <= 0 {
		span = 24 * time.Hour
	}
	if tick <= 0 {
		tick = time.Second
	}
	if start.IsZero() {
		start = time.Date(2024, time.June, 18, 0, 0, 0, 0, time.FixedZone("UTC+8", 8*60*60))
	}
	if repeat == 0 {
		repeat = 16
	}
	r := rand.New(rand.NewPCG(s.Seed, 0x5eed_f0ce1))
	ticks := max(int64(span/tick), 1)
	tickMS := max(tick.Milliseconds(), 1)
	base := start.UnixMilli()
	rows := make([]matrix.Event, 0, s.Users*s.PerUser)
	for u := range s.Users {
		first := base + r.Int64N(3*24*60)*60_000
		for j := range s.PerUser {
			if j > 0 && repeat > 0 && r.IntN(repeat) == 0 {
				e := rows[len(rows)-1]
				rows = append(rows, e)
				continue
			}
			rows = append(rows, matrix.Event{
				Time:   first + r.Int64N(ticks)*tickMS,
				User:   matrix.Member(u),
				Source: matrix.Source(r.IntN(sources)),
				Kind:   FunnelKind(r.IntN(s.Kinds)),
			})
		}
	}
	r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	if s.Ordered {
		slices.SortStableFunc(rows, func(a, b matrix.Event) int {
			switch {
			case a.Time < b.Time:
				return -1
			case a.Time > b.Time:
				return 1
			}
			return 0
		})
	}
	return rows
}
