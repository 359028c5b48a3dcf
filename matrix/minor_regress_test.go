package matrix_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// Credits do not depend on the order of a path's touches, even for two
// touches of one note at one instant written in different locations:
// Credit.At is in the order's location.
func TestRegressCreditsDependOnTouchOrderViaLocation(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	a, err := matrix.NewAttribution(matrix.AttributionSpec{Model: matrix.FirstTouchCredit})
	require.NoError(t, err)
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	amt, err := commerce.NewMoney(10000, commerce.CNY)
	require.NoError(t, err)
	t1, t2 := matrix.Touch{Touchpoint: "note-1", At: at}, matrix.Touch{Touchpoint: "note-1", At: at.In(sh)}
	p := matrix.OrderPath{Order: "o-1", Amount: amt, At: at.Add(time.Hour)}
	p.Touches = []matrix.Touch{t1, t2}
	c1, err := a.Credits(p)
	require.NoError(t, err)
	p.Touches = []matrix.Touch{t2, t1}
	c2, err := a.Credits(p)
	require.NoError(t, err)
	require.Len(t, c1, 1)
	require.Len(t, c2, 1)
	assert.Equal(t, c1[0].At.Format(time.RFC3339), c2[0].At.Format(time.RFC3339), "same path, touches reordered")
}

// Tallies of funnels whose zones share a name but not an offset (two
// fixed zones named "shop", 8 hours apart) do not merge: their days were
// cut at different instants.
func TestRegressMergeAcceptsDifferentLocationsWithOneName(t *testing.T) {
	steps := [][]matrix.Kind{{matrix.NoteImpression}}
	f1, err := matrix.NewFunnel(matrix.FunnelSpec{Steps: steps, Location: time.FixedZone("shop", 0)})
	require.NoError(t, err)
	f2, err := matrix.NewFunnel(matrix.FunnelSpec{Steps: steps, Location: time.FixedZone("shop", 8*3600)})
	require.NoError(t, err)
	err = f1.NewTally().Merge(f2.NewTally())
	assert.ErrorIs(t, err, matrix.ErrFunnelMismatch)
}
