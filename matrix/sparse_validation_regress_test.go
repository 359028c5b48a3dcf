package matrix_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// A sparse user (Member ≥ 2·rows + 65,536) ends the validation loop of the
// batch pipeline early, so rows after it are never checked: an unknown kind
// or an out-of-range source passes silently. Level (which validates every
// row) rejects the same data, so the two entry points disagree.
func TestRegressSparseUserSkipsValidation(t *testing.T) {
	f, err := matrix.NewFunnel(matrix.FunnelSpec{Steps: [][]matrix.Kind{{matrix.NoteImpression}, {matrix.Order}}, Window: 1000})
	require.NoError(t, err)
	rows := []matrix.Event{
		{User: 1 << 20, Time: 1, Kind: matrix.NoteImpression}, // sparse: ends the first loop
		{User: 0, Time: 2, Kind: matrix.Kind(200)},            // unknown kind, never checked
	}
	_, err = f.Level(rows[1:])
	require.ErrorIs(t, err, matrix.ErrUnknown, "Level rejects the unknown kind")

	_, err = f.Levels(rows)
	require.ErrorIs(t, err, matrix.ErrUnknown, "Levels must reject it too")

	tl := f.NewTally()
	err = tl.Add(rows)
	require.ErrorIs(t, err, matrix.ErrUnknown, "Tally.Add must reject it too")
}

// With a breakdown, an unchecked out-of-range Source reaches the tally's
// per-source array: the exported Add panics with an index out of range.
func TestRegressSparseUserBadSourcePanics(t *testing.T) {
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps:  [][]matrix.Kind{{matrix.NoteImpression}, {matrix.Order}},
		Window: 1000, Sources: 2, Breakdown: matrix.FirstTouch,
	})
	require.NoError(t, err)
	rows := []matrix.Event{
		{User: 1 << 20, Time: 1, Kind: matrix.NoteImpression},
		{User: 0, Time: 2, Kind: matrix.NoteImpression, Source: 60000}, // source 60000 of 2
	}
	tl := f.NewTally()
	var addErr error
	require.NotPanics(t, func() { addErr = tl.Add(rows) })
	require.ErrorIs(t, addErr, matrix.ErrUnknown)
}
