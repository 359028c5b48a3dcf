package matrix_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// A sliding window is at most ten years, so that a send's instant plus
// the window never overflows int64 nanoseconds (a "lifetime" cap of
// math.MaxInt64 once wrapped negative and never bound); the longest window
// still binds at the end of the accepted years.
func TestRegressSlidingWindowBounded(t *testing.T) {
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "brand", Role: matrix.Brand}},
		Groups:   []matrix.Group{{ID: "fans", Owner: "brand", Members: []string{"ann"}}},
	})
	require.NoError(t, err)
	planner := func(d time.Duration) (*matrix.Planner, error) {
		return matrix.NewPlanner(n, matrix.PlannerSpec{Location: time.UTC, Identity: matrix.FailClosed,
			Caps: []matrix.Cap{{ID: "once", Level: matrix.PerPerson, Limit: 1, Window: matrix.Sliding(d)}}})
	}
	for _, d := range []time.Duration{time.Duration(math.MaxInt64), 100 * 365 * 24 * time.Hour, 3660*24*time.Hour + 1} {
		_, err := planner(d)
		require.ErrorIs(t, err, commerce.ErrInvalid, "%v", d)
	}
	p, err := planner(3660 * 24 * time.Hour)
	require.NoError(t, err)
	at := time.Date(2190, 6, 1, 10, 0, 0, 0, time.UTC)
	plan, err := p.Plan(matrix.Request{Announcements: []matrix.Announcement{
		{ID: "a1", Kind: matrix.ProductLaunch, Account: "brand", Groups: []string{"fans"}, At: at},
		{ID: "a2", Kind: matrix.ProductLaunch, Account: "brand", Groups: []string{"fans"}, At: at.Add(24 * time.Hour)},
	}})
	require.NoError(t, err)
	assert.Len(t, plan.Deliveries(), 1, "a limit of 1 in any ten years: the second send is suppressed")
}
