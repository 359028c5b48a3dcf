package matrix_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// benchFunnel is the ClickHouse-comparable funnel of the funnel anchors
// §4: 4 steps over 4 of 8 kinds, a one-hour window.
func benchFunnel(b *testing.B, mode matrix.Mode) *matrix.Funnel {
	k := matrixtest.FunnelKind
	return mustFunnel(b, matrix.FunnelSpec{
		Steps:  [][]matrix.Kind{{k(0)}, {k(1)}, {k(2)}, {k(3)}},
		Window: time.Hour, Mode: mode, Kinds: matrixtest.FunnelKindNames(8),
	})
}

// benchRows caches the generated rows across benchmarks.
var benchRows = map[[2]int][]matrix.Event{}

func rowsFor(users, perUser int, ordered bool) []matrix.Event {
	key := [2]int{users, perUser}
	if ordered {
		key[1] = -perUser
	}
	if r, ok := benchRows[key]; ok {
		return r
	}
	r := matrixtest.FunnelEvents{Users: users, PerUser: perUser, Kinds: 8, Seed: 18, Ordered: ordered}.Generate()
	benchRows[key] = r
	return r
}

// BenchmarkFunnelEndToEnd counts per-step users from unsorted rows: 200
// events per user of 8 kinds over a day, shuffled; 1 M rows (5,000
// users) and the ClickHouse-comparable 20 M rows (100,000 users).
func BenchmarkFunnelEndToEnd(b *testing.B) {
	for _, bc := range []struct {
		name  string
		users int
	}{{"1M", 5_000}, {"20M", 100_000}} {
		b.Run(bc.name, func(b *testing.B) {
			rows := rowsFor(bc.users, 200, false)
			f := benchFunnel(b, 0)
			t := f.NewTally()
			if err := t.Add(rows); err != nil { // grow the scratch: a warm tally
				b.Fatal(err)
			}
			if _, err := t.Report(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				t.Reset()
				if err := t.Add(rows); err != nil {
					b.Fatal(err)
				}
				if _, err := t.Report(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkFunnelStream feeds events in time order to a warm stream
// (Reset between rounds): users interleaved (the global time order of
// 1 M rows, 5,000 users), and one user at a time.
func BenchmarkFunnelStream(b *testing.B) {
	rows := rowsFor(5_000, 200, true)
	byUser := slices.Clone(rows)
	slices.SortStableFunc(byUser, func(a, b matrix.Event) int { return cmp.Compare(a.User, b.User) })
	for _, bc := range []struct {
		name string
		rows []matrix.Event
	}{{"interleaved", rows}, {"per-user", byUser}} {
		b.Run(bc.name, func(b *testing.B) {
			f := benchFunnel(b, 0)
			s := f.NewStream()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				s.Reset()
				if _, err := s.AddAll(bc.rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(bc.rows))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// floorSink keeps the floor loops' results alive.
var floorSink int64

// BenchmarkFunnelStreamFloor measures what any in-order stream update of
// the rows of BenchmarkFunnelStream must pay, as floors for it: "read"
// only loads each event (16 bytes, a sequential pass over 16 MB) and
// sums its time and kind; "header" also reads and writes 16 bytes of the
// event's user (time and a step mask from a kind table), the least state
// a stream can keep. Neither is a funnel: they bound FunnelStream from
// below on this machine.
func BenchmarkFunnelStreamFloor(b *testing.B) {
	rows := rowsFor(5_000, 200, true)
	byUser := slices.Clone(rows)
	slices.SortStableFunc(byUser, func(a, b matrix.Event) int { return cmp.Compare(a.User, b.User) })
	var table [256]uint64
	for k := range table {
		table[k] = uint64(k) * 0x9e37
	}
	type user struct {
		t int64
		m uint64
	}
	users := make([]user, 5_000)
	for _, bc := range []struct {
		name string
		rows []matrix.Event
	}{{"interleaved", rows}, {"per-user", byUser}} {
		b.Run("read/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var sum int64
			for b.Loop() {
				for i := range bc.rows {
					e := &bc.rows[i]
					sum += e.Time ^ int64(e.Kind)
				}
			}
			floorSink = sum
			b.ReportMetric(float64(len(bc.rows))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
		b.Run("header/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				clear(users)
				for i := range bc.rows {
					e := &bc.rows[i]
					h := &users[e.User]
					h.t = max(h.t, e.Time)
					h.m |= table[e.Kind]
				}
			}
			floorSink = users[0].t
			b.ReportMetric(float64(len(bc.rows))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
