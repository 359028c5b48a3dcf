package livetest_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// TestBeautyCalibration checks the figures the fixture is calibrated to,
// from DOMAIN.md ("Group chats", source 002: AMORTALS' first broadcast;
// "The loop", source 001: the 33% return rate) and the issue's "over
// 200,000 views".
func TestBeautyCalibration(t *testing.T) {
	b := livetest.BeautyFirstBroadcast()
	tl := b.Tally()
	m := tl.Metrics()
	l, err := tl.Lift()
	require.NoError(t, err)

	assert.Greater(t, m.Views, int64(200_000), "over 200,000 views")
	assert.Equal(t, int64(201_600), m.Views, "7,200 × 4 + 86,400 × 2")
	assert.Equal(t, int64(93_600), m.Viewers)

	entered, err := l.EnteredShare()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(18, 25), entered, "72% of the group entered")
	assert.Positive(t, entered.CmpRate(commerce.Percent(70)), "over 70%")
	assert.Equal(t, int64(10_000), l.Members)

	watch, err := l.WatchRatio()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(5, 1), watch, "members watch 5× as long")
	conv, err := l.ConversionRatio()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(3, 1), conv, "and convert 3× as often")
	orders, err := l.OrderShare()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(1, 5), orders, "20% of the orders")
	gmvShare, err := l.GMVShare()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(1, 5), gmvShare)

	assert.Equal(t, commerce.MustNewMoney(21_791_000, commerce.CNY), m.Sales.GMV, "¥217,910.00, over ¥200,000")
	aov, err := m.OrderValue(live.PerOrder, commerce.HalfUp)
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewMoney(4953, commerce.CNY), aov, "¥49.525 rounded half up, near ¥50")
	refund, err := m.Sales.RefundRateByOrders()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(33, 100), refund, "the 33% return rate")
	repurchase, err := m.Sales.RepurchaseRate()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(1, 10), repurchase)

	mean, err := l.Segment.MeanWatch()
	require.NoError(t, err)
	assert.Equal(t, "16m40s", mean.String(), "1,000 s")
	mean, err = l.Rest.MeanWatch()
	require.NoError(t, err)
	assert.Equal(t, "3m20s", mean.String(), "200 s")
}

// TestBeautyDeterministicAndMergeable checks that two builds are equal and
// that tallying members and other viewers apart, then merging, gives the
// same figures.
func TestBeautyDeterministicAndMergeable(t *testing.T) {
	a, b := livetest.BeautyFirstBroadcast(), livetest.BeautyFirstBroadcast()
	require.Len(t, b.Records, len(a.Records))
	for i := range a.Records {
		require.Equal(t, a.Records[i].Viewer, b.Records[i].Viewer)
		require.Equal(t, a.Records[i].Visits, b.Records[i].Visits)
		require.Len(t, b.Records[i].Orders, len(a.Records[i].Orders))
		for j := range a.Records[i].Orders {
			require.True(t, a.Records[i].Orders[j].Equal(b.Records[i].Orders[j]))
		}
	}
	opts := live.TallyOptions{Segment: a.Group}
	members, err := live.NewTally(a.Session, opts)
	require.NoError(t, err)
	others, err := live.NewTally(a.Session, opts)
	require.NoError(t, err)
	require.NoError(t, members.Add(a.Records[:7200]...))
	require.NoError(t, others.Add(a.Records[7200:]...))
	require.NoError(t, others.Merge(members))
	assert.Equal(t, a.Tally().Metrics(), others.Metrics())
}

// TestBeautyHeap measures the heap the broadcast holds, for the "about
// 22 MB" of BeautyFirstBroadcast's doc: the live heap after a collection,
// before and after building it. It measured 22,389,336 bytes (go1.26,
// linux/amd64); the bounds leave room for other runtimes and for the
// race detector.
func TestBeautyHeap(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b := livetest.BeautyFirstBroadcast()
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(b)
	t.Logf("heap held by the broadcast: %d bytes", held)
	assert.Greater(t, held, int64(18<<20), "about 22 MB")
	assert.Less(t, held, int64(27<<20), "about 22 MB")
}
