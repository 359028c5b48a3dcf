package matrix_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// Time to convert is measured per step on the latest chain to reach it,
// as ClickHouse keeps one timestamp per level (ConvertTime's doc): with
// A@0 B@2 C@3 A@5 B@6 (steps A, B, C, D, window 10) the level is 3 from
// A@0, step 3 is timed C@3 − A@0 = 3 ms and step 2 on the later chain,
// B@6 − A@5 = 1 ms.
func TestRegressTimeToConvertLatestChain(t *testing.T) {
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps:  [][]matrix.Kind{{matrix.NoteImpression}, {matrix.NoteEngagement}, {matrix.GroupJoin}, {matrix.LiveEntry}},
		Window: 10 * time.Millisecond,
	})
	require.NoError(t, err)
	rows := parseEvents(t, "A@0 B@2 C@3 A@5 B@6")
	lvl, err := f.Level(rows)
	require.NoError(t, err)
	require.Equal(t, 3, lvl)
	tl := f.NewTally()
	require.NoError(t, tl.Add(rows))
	r, err := tl.Report()
	require.NoError(t, err)
	assert.Equal(t, 3*time.Millisecond, r.TimeToConvert[1].Mean, "step 3: C@3 − A@0")
	assert.Equal(t, 1*time.Millisecond, r.TimeToConvert[0].Mean, "step 2 on the latest chain to reach it: B@6 − A@5")
}
