package matrixtest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

func TestFunnelEvents(t *testing.T) {
	g := matrixtest.FunnelEvents{Users: 50, PerUser: 40, Kinds: 9, Seed: 1, Sources: 3}
	rows := g.Generate()
	require.Len(t, rows, 50*40)
	assert.Equal(t, rows, g.Generate(), "deterministic")
	g2 := g
	g2.Seed = 2
	assert.NotEqual(t, rows, g2.Generate(), "the seed matters")

	perUser := map[matrix.Member]int{}
	kinds := map[matrix.Kind]bool{}
	ties, repeats, outOfOrder := 0, 0, 0
	last := map[matrix.Member]matrix.Event{}
	seen := map[matrix.Event]bool{}
	for _, e := range rows {
		perUser[e.User]++
		kinds[e.Kind] = true
		assert.Less(t, int(e.Source), 3)
		if p, ok := last[e.User]; ok {
			switch {
			case e.Time < p.Time:
				outOfOrder++
			case e.Time == p.Time:
				ties++
			}
		}
		if seen[e] {
			repeats++
		}
		seen[e] = true
		last[e.User] = e
	}
	assert.Len(t, perUser, 50)
	for u, n := range perUser {
		assert.Equal(t, 40, n, "user %d", u)
	}
	assert.Len(t, kinds, 9)
	assert.True(t, kinds[matrix.FirstCustomKind] && kinds[matrix.FirstCustomKind+1], "kinds past the seventh are custom")
	assert.Positive(t, repeats, "exact repeats")
	assert.Positive(t, outOfOrder, "shuffled")
	assert.Equal(t, []string{"custom-1", "custom-2"}, matrixtest.FunnelKindNames(9))

	ordered := matrixtest.FunnelEvents{Users: 50, PerUser: 40, Kinds: 3, Seed: 1, Span: time.Minute}.Generate()
	ordered2 := g
	ordered2.Ordered = true
	inOrder := ordered2.Generate()
	for i, e := range inOrder[1:] {
		require.GreaterOrEqual(t, e.Time, inOrder[i].Time)
	}
	ties = 0
	last = map[matrix.Member]matrix.Event{}
	for _, e := range ordered {
		if p, ok := last[e.User]; ok && p.Time == e.Time {
			ties++
		}
		last[e.User] = e
	}
	assert.Positive(t, ties, "40 events in 60 seconds tie")
	assert.Panics(t, func() { matrixtest.FunnelEvents{Kinds: 0}.Generate() })
}
