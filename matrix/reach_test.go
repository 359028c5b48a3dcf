package matrix_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// reachSpec is a small matrix whose reach is worked by hand:
//
//	brand owns g-a {ann, bo, cy} and g-b {bo, di}
//	buyer owns g-c {cy, di, ed} and g-d {} (empty)
//	host owns no group
func reachSpec() matrix.Spec {
	return matrix.Spec{
		Accounts: []matrix.Account{{ID: "host", Role: matrix.Host}, {ID: "buyer", Role: matrix.Buyer}, {ID: "brand", Role: matrix.Brand}},
		Groups: []matrix.Group{
			{ID: "g-c", Owner: "buyer", Members: []string{"ed", "cy", "di"}},
			{ID: "g-a", Owner: "brand", Members: []string{"cy", "ann", "bo"}},
			{ID: "g-d", Owner: "buyer"},
			{ID: "g-b", Owner: "brand", Members: []string{"di", "bo"}},
		},
	}
}

// ids returns the IDs of the people of s.
func ids(n *matrix.Network, s matrix.Set) []string {
	out := []string{}
	for m := range s.All() {
		out = append(out, n.PersonID(m))
	}
	return out
}

func TestAudience(t *testing.T) {
	n, err := matrix.NewNetwork(reachSpec())
	require.NoError(t, err)
	for _, tt := range []struct {
		name string
		a    matrix.Audience
		want []string
	}{
		{"nothing", matrix.Audience{}, []string{}},
		{"one group", matrix.Audience{Groups: []string{"g-b"}}, []string{"bo", "di"}},
		{"two groups", matrix.Audience{Groups: []string{"g-c", "g-a"}}, []string{"ann", "bo", "cy", "di", "ed"}},
		{"an account is its groups", matrix.Audience{Accounts: []string{"brand"}}, []string{"ann", "bo", "cy", "di"}},
		{"a group and its owner", matrix.Audience{Groups: []string{"g-a"}, Accounts: []string{"brand"}}, []string{"ann", "bo", "cy", "di"}},
		{"an account with no groups", matrix.Audience{Accounts: []string{"host"}}, []string{}},
		{"an empty group", matrix.Audience{Groups: []string{"g-d"}}, []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := n.Audience(tt.a)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ids(n, s))
			assert.Equal(t, len(tt.want), s.Len())
		})
	}
	// Intersections are set algebra on audiences: the brand's people in
	// the buyer's groups are cy and di.
	brand, err := n.Audience(matrix.Audience{Accounts: []string{"brand"}})
	require.NoError(t, err)
	buyer, err := n.Audience(matrix.Audience{Accounts: []string{"buyer"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"cy", "di"}, ids(n, matrix.Intersect(brand, buyer)))
	assert.Equal(t, []string{"ann", "bo"}, ids(n, brand.Difference(buyer)))
}

func TestAudienceErrors(t *testing.T) {
	n, err := matrix.NewNetwork(reachSpec())
	require.NoError(t, err)
	for _, tt := range []struct {
		name     string
		a        matrix.Audience
		field    string
		sentinel error
	}{
		{"unknown group", matrix.Audience{Groups: []string{"g-a", "g-z"}}, "groups[1]", matrix.ErrUnknown},
		{"repeated group", matrix.Audience{Groups: []string{"g-a", "g-b", "g-a"}}, "groups[2]", matrix.ErrDuplicate},
		{"unknown account", matrix.Audience{Groups: []string{"g-a"}, Accounts: []string{"nobody"}}, "accounts[0]", matrix.ErrUnknown},
		{"repeated account", matrix.Audience{Accounts: []string{"brand", "brand"}}, "accounts[1]", matrix.ErrDuplicate},
		{"a group is not an account", matrix.Audience{Accounts: []string{"g-a"}}, "accounts[0]", matrix.ErrUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := n.Audience(tt.a)
			require.ErrorIs(t, err, tt.sentinel)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			var fe *commerce.FieldError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, tt.field, fe.Field)

			_, err = n.Reach(matrix.Audience{Groups: []string{"g-a"}}, tt.a)
			require.ErrorIs(t, err, tt.sentinel)
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, "touchpoints[1]."+tt.field, fe.Field)

			_, err = n.Sketch(tt.a, 14)
			require.ErrorIs(t, err, tt.sentinel)
		})
	}
	_, err = n.Overlap("g-a", "g-q")
	require.ErrorIs(t, err, matrix.ErrUnknown)
	assert.Contains(t, err.Error(), `"g-q"`)
	_, err = n.Overlap("g-a", "g-a")
	require.ErrorIs(t, err, matrix.ErrDuplicate)
	_, err = n.Sketch(matrix.Audience{}, 3)
	require.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestReach(t *testing.T) {
	n, err := matrix.NewNetwork(reachSpec())
	require.NoError(t, err)
	got, err := n.Reach(
		// The brand's two groups: 3 + 2 seats, bo twice.
		matrix.Audience{Accounts: []string{"brand"}},
		// g-c and g-b: 3 + 2 seats, di twice; only ed is new.
		matrix.Audience{Groups: []string{"g-c", "g-b"}},
		// Everything again: nobody new.
		matrix.Audience{Accounts: []string{"host", "buyer", "brand"}},
		matrix.Audience{},
	)
	require.NoError(t, err)
	assert.Equal(t, []matrix.Reach{
		{People: 4, Impressions: 5, Duplicates: 1, New: 4},
		{People: 4, Impressions: 5, Duplicates: 1, New: 1},
		{People: 5, Impressions: 8, Duplicates: 3, New: 0},
		{},
	}, got)
	none, err := n.Reach()
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestOverlap(t *testing.T) {
	n, err := matrix.NewNetwork(reachSpec())
	require.NoError(t, err)
	o, err := n.Overlap("g-c", "g-a", "g-d", "g-b")
	require.NoError(t, err)
	require.Equal(t, []string{"g-a", "g-b", "g-c", "g-d"}, o.Groups(), "rows in ID order")
	require.Equal(t, 4, o.Len())
	want := [][]int{
		// g-a g-b g-c g-d
		{3, 1, 1, 0}, // g-a {ann, bo, cy}
		{1, 2, 1, 0}, // g-b {bo, di}
		{1, 1, 3, 0}, // g-c {cy, di, ed}
		{0, 0, 0, 0}, // g-d {}
	}
	for i := range want {
		for j := range want[i] {
			assert.Equal(t, want[i][j], o.At(i, j), "At(%d, %d)", i, j)
		}
	}
	shared, ok := o.Shared("g-c", "g-b")
	assert.True(t, ok)
	assert.Equal(t, 1, shared)
	_, ok = o.Shared("g-x", "g-b")
	assert.False(t, ok)
	_, ok = o.Shared("g-b", "g-x")
	assert.False(t, ok)
	assert.Zero(t, o.At(-1, 0))
	assert.Zero(t, o.At(0, 4))
	empty, err := n.Overlap()
	require.NoError(t, err)
	assert.Zero(t, empty.Len())
	assert.Empty(t, empty.Groups())
	assert.Zero(t, empty.At(0, 0))
}

// randomNetwork builds a random matrix: up to 6 accounts, 25 groups and
// 300 people, members drawn with repeats across groups.
func randomNetwork(t testing.TB, rng *rand.Rand) (*matrix.Network, matrix.Spec) {
	var s matrix.Spec
	accounts := 1 + rng.IntN(6)
	for a := range accounts {
		s.Accounts = append(s.Accounts, matrix.Account{ID: fmt.Sprintf("acc-%d", a), Role: matrix.Buyer})
	}
	people := 1 + rng.IntN(300)
	for g := range rng.IntN(26) {
		grp := matrix.Group{ID: fmt.Sprintf("g-%02d", g), Owner: s.Accounts[rng.IntN(accounts)].ID}
		for _, p := range rng.Perm(people)[:rng.IntN(people+1)] {
			grp.Members = append(grp.Members, fmt.Sprintf("p-%03d", p))
		}
		s.Groups = append(s.Groups, grp)
	}
	n, err := matrix.NewNetwork(s)
	require.NoError(t, err)
	return n, s
}

// randomAudience picks some groups and accounts of s, in random order.
func randomAudience(rng *rand.Rand, s matrix.Spec) matrix.Audience {
	var a matrix.Audience
	for _, g := range s.Groups {
		if rng.IntN(4) == 0 {
			a.Groups = append(a.Groups, g.ID)
		}
	}
	for _, acc := range s.Accounts {
		if rng.IntN(5) == 0 {
			a.Accounts = append(a.Accounts, acc.ID)
		}
	}
	rng.Shuffle(len(a.Groups), func(i, j int) { a.Groups[i], a.Groups[j] = a.Groups[j], a.Groups[i] })
	return a
}

// bruteAudience is the model: the person IDs of a, by maps, and the
// seats of its groups, each group once.
func bruteAudience(s matrix.Spec, a matrix.Audience) (map[string]bool, int) {
	picked := map[string]bool{}
	for _, g := range a.Groups {
		picked[g] = true
	}
	owners := map[string]bool{}
	for _, acc := range a.Accounts {
		owners[acc] = true
	}
	people, seats := map[string]bool{}, 0
	for _, g := range s.Groups {
		if picked[g.ID] || owners[g.Owner] {
			seats += len(g.Members)
			for _, m := range g.Members {
				people[m] = true
			}
		}
	}
	return people, seats
}

// TestReachProperties checks Audience, Reach and Overlap against maps on
// random networks, and that the order of the IDs does not matter.
func TestReachProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2))
	for c := range matrix.LongCases(300, 10_000) {
		n, s := randomNetwork(t, rng)
		tps := make([]matrix.Audience, rng.IntN(5))
		for i := range tps {
			tps[i] = randomAudience(rng, s)
		}
		reach, err := n.Reach(tps...)
		require.NoError(t, err)
		seen := map[string]bool{}
		for i, a := range tps {
			set, err := n.Audience(a)
			require.NoError(t, err)
			people, seats := bruteAudience(s, a)
			got := ids(n, set)
			require.Len(t, got, len(people), "case %d", c)
			for _, id := range got {
				require.True(t, people[id], "case %d: %s", c, id)
			}
			fresh := 0
			for id := range people {
				if !seen[id] {
					fresh++
					seen[id] = true
				}
			}
			require.Equal(t, matrix.Reach{People: len(people), Impressions: seats, Duplicates: seats - len(people), New: fresh}, reach[i], "case %d touchpoint %d", c, i)
			// Reversed IDs, same set, same form.
			rev := matrix.Audience{Groups: slices.Clone(a.Groups), Accounts: slices.Clone(a.Accounts)}
			slices.Reverse(rev.Groups)
			slices.Reverse(rev.Accounts)
			again, err := n.Audience(rev)
			require.NoError(t, err)
			require.True(t, set.Equal(again))
		}

		groups := randomAudience(rng, s).Groups
		o, err := n.Overlap(groups...)
		require.NoError(t, err)
		sorted := slices.Sorted(slices.Values(groups))
		require.Equal(t, sorted, o.Groups())
		for i, gi := range sorted {
			for j, gj := range sorted {
				a, _ := n.Group(gi)
				b, _ := n.Group(gj)
				shared := 0
				for _, m := range a.Members {
					if slices.Contains(b.Members, m) {
						shared++
					}
				}
				require.Equal(t, shared, o.At(i, j), "case %d: %s ∩ %s", c, gi, gj)
			}
		}
	}
}

func TestCupBrandReach(t *testing.T) {
	n, err := matrix.NewNetwork(matrixtest.CupBrand())
	require.NoError(t, err)
	all, err := n.Audience(matrix.Audience{Groups: n.Groups()})
	require.NoError(t, err)
	assert.Equal(t, n.People(), all.Len(), "every person is in some group")

	// One touchpoint per account, in ID order: the News add up to
	// everyone, the impressions to the 525,000 seats.
	var tps []matrix.Audience
	for _, a := range n.Accounts() {
		tps = append(tps, matrix.Audience{Accounts: []string{a.ID}})
	}
	reach, err := n.Reach(tps...)
	require.NoError(t, err)
	news, seats := 0, 0
	for _, r := range reach {
		news += r.New
		seats += r.Impressions
		assert.Equal(t, 35*500, r.Impressions)
		assert.Equal(t, r.Impressions-r.People, r.Duplicates)
	}
	assert.Equal(t, n.People(), news)
	assert.Equal(t, 525_000, seats)

	// The overlap matrix agrees with set intersections.
	groups := n.Groups()
	o, err := n.Overlap(groups...)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(8, 3))
	for range 200 {
		i, j := rng.IntN(len(groups)), rng.IntN(len(groups))
		a, err := n.Audience(matrix.Audience{Groups: []string{groups[i]}})
		require.NoError(t, err)
		b, err := n.Audience(matrix.Audience{Groups: []string{groups[j]}})
		require.NoError(t, err)
		assert.Equal(t, matrix.Intersect(a, b).Len(), o.At(i, j), "%s ∩ %s", groups[i], groups[j])
	}
	assert.Equal(t, 500, o.At(7, 7))

	// The approximate mode: the accounts' sketches, merged in any order,
	// are the whole network's sketch, and estimate its people within 4σ
	// (3.25% at p = 14; TestSketchAccuracy holds the error statistics).
	whole, err := n.Sketch(matrix.Audience{Groups: groups}, 14)
	require.NoError(t, err)
	merged := new(matrix.Sketch)
	for _, k := range rng.Perm(len(tps)) {
		part, err := n.Sketch(tps[k], 14)
		require.NoError(t, err)
		require.NoError(t, merged.Merge(part))
	}
	assert.True(t, merged.Equal(whole))
	assert.InDelta(t, n.People(), float64(whole.Estimate()), 0.0325*float64(n.People()))
}
