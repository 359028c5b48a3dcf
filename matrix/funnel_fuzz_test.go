package matrix_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// FuzzFunnel decodes a small stream from bytes (byte 0: window, byte 1:
// steps, byte 2: modes, then a kind byte per step and a (kind, time) pair
// per event) and checks Level against the oracles, and Levels and a
// tally against Level.
func FuzzFunnel(f *testing.F) {
	f.Add([]byte{10, 3, 0, 1, 2, 3, 1, 1, 2, 2, 3, 3})
	f.Add([]byte{0, 3, 1, 1, 2, 3, 2, 1, 1, 1, 3, 2})
	f.Add([]byte{5, 3, 7, 1, 1, 3, 1, 1, 3, 2, 6, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		window, n, modes := int64(data[0]%16), 1+int(data[1]%4), data[2]
		data = data[3:]
		if len(data) < n {
			return
		}
		st := make([][]matrix.Kind, n)
		for i := range n {
			st[i] = []matrix.Kind{matrix.Kind(1 + data[i]%5)}
		}
		data = data[n:]
		var events []matrix.Event
		for i := 0; i+1 < len(data) && len(events) < 12; i += 2 {
			events = append(events, matrix.Event{Kind: matrix.Kind(1 + data[i]%6), Time: int64(data[i+1] % 16)})
		}
		mode := matrix.Mode(modes & 7)
		if modes&8 != 0 {
			mode = opt | mode&incr
		}
		first := modes&16 != 0
		fn, err := matrix.NewFunnel(matrix.FunnelSpec{Steps: st, Window: time.Duration(window) * time.Millisecond, Mode: mode, FirstStart: first})
		require.NoError(t, err)
		got, err := fn.Level(events)
		require.NoError(t, err)
		want := chModel(events, st, window, mode, first)
		if mode&opt != 0 {
			want = bruteChains(events, st, window, true, mode&incr != 0, first)
		}
		require.Equal(t, want, got)
		levels, err := fn.Levels(events)
		require.NoError(t, err)
		tally := fn.NewTally()
		require.NoError(t, tally.Add(events))
		batch, err := tally.Report()
		require.NoError(t, err)
		if len(events) == 0 {
			require.Empty(t, levels)
			return
		}
		require.Equal(t, []matrix.UserLevel{{Level: got}}, levels)
		require.Equal(t, int64(1), batch.Total.Users)
	})
}
