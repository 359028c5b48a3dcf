package live_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// benchSession is the three-hour session of the benchmarks.
func benchSession() commerce.Period {
	start := time.Date(2024, 6, 18, 20, 0, 0, 0, time.FixedZone("CST", 8*60*60))
	return commerce.Period{From: start, To: start.Add(3 * time.Hour)}
}

// benchRecords returns viewers records of perViewer non-overlapping visits
// each, in one backing array, drawn from seed: a visit lasts up to 20
// minutes, and one viewer in 20 has an interaction, one in 10 a product
// click. Orders are left out: they cost per order, not per visit. The
// records are in the order their IDs were allocated, as a parser would
// produce them; each record's visits are shuffled.
func benchRecords(seed uint64, viewers, perViewer int) []live.ViewerRecord {
	rng := rand.New(rand.NewPCG(seed, 0xbe9c4))
	s := benchSession()
	span := s.To.Sub(s.From)
	visits := make([]live.Visit, viewers*perViewer)
	records := make([]live.ViewerRecord, viewers)
	slot := span / time.Duration(perViewer)
	for i := range records {
		vs := visits[i*perViewer : (i+1)*perViewer : (i+1)*perViewer]
		for j := range vs {
			base := s.From.Add(time.Duration(j) * slot)
			enter := base.Add(time.Duration(rng.Int64N(int64(slot / 2))))
			vs[j] = live.Visit{Enter: enter, Leave: enter.Add(time.Duration(rng.Int64N(int64(min(slot/2, 20*time.Minute)))))}
		}
		// Shuffle the visits: records arrive in any order.
		rng.Shuffle(len(vs), func(a, b int) { vs[a], vs[b] = vs[b], vs[a] })
		records[i] = live.ViewerRecord{Viewer: "viewer-" + strconv.Itoa(i), Visits: vs}
		if rng.IntN(20) == 0 {
			records[i].Interactions = 1 + rng.Int64N(5)
		}
		if rng.IntN(10) == 0 {
			records[i].ProductClicks = 1 + rng.Int64N(3)
		}
	}
	return records
}

// BenchmarkTally measures a new tally from records to Metrics: NewTally,
// one Add of every record, Metrics (with its sort and quantiles). It
// allocates the tally's tables each op; BenchmarkTallyWarm re-uses them.
// The 10M-visit sizes are the issue's; run them with
// -bench 'Tally/visits=10M'.
func BenchmarkTally(b *testing.B) {
	for _, size := range []struct {
		name               string
		viewers, perViewer int
	}{
		{"visits=100k/viewers=50k", 50_000, 2},
		{"visits=10M/viewers=5M", 5_000_000, 2},
		{"visits=10M/viewers=10M", 10_000_000, 1},
	} {
		b.Run(size.name, func(b *testing.B) {
			records := benchRecords(1, size.viewers, size.perViewer)
			session := benchSession()
			visits := size.viewers * size.perViewer
			b.ReportAllocs()
			for b.Loop() {
				t, err := live.NewTally(session, live.TallyOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if err := t.Add(records...); err != nil {
					b.Fatal(err)
				}
				if m := t.Metrics(); m.Views != int64(visits) {
					b.Fatalf("views %d, want %d", m.Views, visits)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(visits), "ns/visit")
		})
	}
}

// BenchmarkTallyMerge measures merging 16 tallies of 62,500 viewers
// (250,000 visits each) into one.
func BenchmarkTallyMerge(b *testing.B) {
	records := benchRecords(2, 1_000_000, 4)
	session := benchSession()
	parts := make([]*live.Tally, 16)
	for p := range parts {
		t, err := live.NewTally(session, live.TallyOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n := len(records) / len(parts)
		if err := t.Add(records[p*n : (p+1)*n]...); err != nil {
			b.Fatal(err)
		}
		parts[p] = t
	}
	b.ReportAllocs()
	for b.Loop() {
		t, _ := live.NewTally(session, live.TallyOptions{})
		for _, u := range parts {
			if err := t.Merge(u); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(records)), "ns/viewer")
}

// BenchmarkTallyAddOne measures the streaming case: one record a call to
// a warm tally.
func BenchmarkTallyAddOne(b *testing.B) {
	records := benchRecords(3, 1<<20, 2)
	session := benchSession()
	t, _ := live.NewTally(session, live.TallyOptions{})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i == len(records) {
			b.StopTimer()
			t, _ = live.NewTally(session, live.TallyOptions{})
			i = 0
			b.StartTimer()
		}
		if err := t.Add(records[i]); err != nil {
			b.Fatal(fmt.Sprint(i, err))
		}
		i++
	}
}

// BenchmarkTallyWarm measures a warm tally, the "once warm": each
// op Resets a tally that has already held the records, Adds them all
// again and takes the Metrics, so it allocates nothing (the quantiles
// are computed in integers, in place). The target is 1 s an op for its
// 10M-visit sizes on one core (-cpu 1).
func BenchmarkTallyWarm(b *testing.B) {
	for _, size := range []struct {
		name               string
		viewers, perViewer int
	}{
		{"visits=100k/viewers=50k", 50_000, 2},
		{"visits=10M/viewers=5M", 5_000_000, 2},
		{"visits=10M/viewers=10M", 10_000_000, 1},
	} {
		b.Run(size.name, func(b *testing.B) {
			records := benchRecords(1, size.viewers, size.perViewer)
			visits := size.viewers * size.perViewer
			t, err := live.NewTally(benchSession(), live.TallyOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := t.Add(records...); err != nil {
				b.Fatal(err)
			}
			t.Metrics()
			b.ReportAllocs()
			for b.Loop() {
				t.Reset()
				if err := t.Add(records...); err != nil {
					b.Fatal(err)
				}
				if m := t.Metrics(); m.Views != int64(visits) {
					b.Fatalf("views %d, want %d", m.Views, visits)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(visits), "ns/visit")
		})
	}
}
