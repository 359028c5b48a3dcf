package live_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// fuzzRecords decodes data into records, four bytes a visit: the viewer
// (one of eight), the enter second (which may fall before or after the
// 30-minute session), and a signed length in units of 16 seconds (which
// may be negative).
func fuzzRecords(data []byte) []live.ViewerRecord {
	s := propSession()
	byViewer := map[int]int{}
	var records []live.ViewerRecord
	for ; len(data) >= 4; data = data[4:] {
		v := int(data[0] % 8)
		enter := time.Duration(int(data[1])<<4|int(data[2]>>4)-60) * time.Second
		length := time.Duration(int8(data[3])) * 16 * time.Second
		i, ok := byViewer[v]
		if !ok {
			i = len(records)
			byViewer[v] = i
			records = append(records, live.ViewerRecord{Viewer: "v" + strconv.Itoa(v), Interactions: int64(data[2] & 3)})
		}
		records[i].Visits = append(records[i].Visits, live.Visit{Enter: s.From.Add(enter), Leave: s.From.Add(enter + length)})
	}
	return records
}

// FuzzTally checks on any input: a refused batch fails with one of the
// documented errors; an accepted one gives the same Metrics when its
// records are split in two by the first byte's bits and merged, in either
// order, it equals the brute-force model exactly (quantiles included), and
// its figures are consistent (peak ≤ viewers ≤ views, median ≤ p90, watch
// within viewers × the session).
func FuzzTally(f *testing.F) {
	f.Add([]byte{0x01, 0x10, 0x00, 0x05, 0x01, 0x12, 0x00, 0x05, 0x02, 0x00, 0x00, 0x7f})
	f.Add([]byte{0x00, 0x00, 0x00, 0xf0})
	f.Add([]byte{0x03, 0x70, 0x00, 0x7f, 0x03, 0x00, 0x40, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		records := fuzzRecords(data)
		s := propSession()
		for _, opts := range []live.TallyOptions{{}, {Overlaps: live.RejectOverlaps}} {
			one, err := live.Summarize(s, opts, records)
			if err != nil {
				if !errors.Is(err, live.ErrOutsideSession) && !errors.Is(err, live.ErrOverlap) && !errors.Is(err, commerce.ErrInvalid) {
					t.Fatalf("undocumented error %v", err)
				}
				continue
			}
			var mask byte
			if len(data) > 0 {
				mask = data[0]
			}
			a, _ := live.NewTally(s, opts)
			b, _ := live.NewTally(s, opts)
			for i, r := range records {
				part := a
				if mask>>(i%8)&1 == 1 {
					part = b
				}
				if err := part.Add(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := b.Merge(a); err != nil {
				t.Fatal(err)
			}
			if got := b.Metrics(); !got.Equal(one) {
				t.Fatalf("merged %+v\none-shot %+v", got, one)
			}
			if want := model(s, 0, records); !want.Equal(one) {
				t.Fatalf("model %+v\none-shot %+v", want, one)
			}
			if one.PeakConcurrent > one.Viewers || one.Viewers > one.Views || one.MedianWatch > one.P90Watch ||
				one.WatchMillis < 0 || one.WatchMillis > one.Viewers*30*60*1000 {
				t.Fatalf("inconsistent %+v", one)
			}
		}
	})
}
