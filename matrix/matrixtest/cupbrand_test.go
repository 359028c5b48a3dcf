package matrixtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce/commercetest"
	"github.com/livecommerce-go/livecommerce/matrix"
)

// TestCupBrandShape checks the calibration CupBrand documents: the
// account mix, 1,050 full groups of 500, the per-product groups, notes
// and rooms.
func TestCupBrandShape(t *testing.T) {
	s := CupBrand()
	roles := map[matrix.Role]int{}
	for _, a := range s.Accounts {
		roles[a.Role]++
	}
	assert.Len(t, s.Accounts, 30)
	assert.Equal(t, map[matrix.Role]int{matrix.Brand: 1, matrix.Manager: 2, matrix.Buyer: 12, matrix.Host: 3, matrix.Staff: 12}, roles)
	assert.Equal(t, "cup-brand", s.Accounts[0].ID)
	assert.Equal(t, "cup-manager-02", s.Accounts[2].ID)
	assert.Equal(t, "cup-host-c", s.Accounts[17].ID)
	assert.Equal(t, "cup-staff-12", s.Accounts[29].ID)
	assert.Len(t, s.Notes, 30)
	assert.Len(t, s.Rooms, 30)

	require.Len(t, s.Groups, 1_050)
	seats, perOwner := 0, map[string]int{}
	var products []string
	for _, g := range s.Groups {
		assert.Equal(t, 500, g.Capacity, g.ID)
		assert.Len(t, g.Members, 500, g.ID)
		assert.True(t, strings.HasPrefix(g.ID, g.Owner+"-g"), g.ID)
		seats += len(g.Members)
		perOwner[g.Owner]++
		if g.Product != "" {
			assert.Equal(t, "cup-brand", g.Owner)
			products = append(products, g.Product)
		}
	}
	assert.Equal(t, 525_000, seats)
	for _, a := range s.Accounts {
		assert.Equal(t, 35, perOwner[a.ID], a.ID)
	}
	// One pre-sale group per product of the cup catalogue.
	var catalogue []string
	for p := range commercetest.CupCatalogue().Products() {
		catalogue = append(catalogue, p.ID)
	}
	assert.Equal(t, catalogue, products)
}

// TestCupBrandPeople checks the documented people against the built
// network and an independent count: distinct people, groups per person,
// and the most devoted fan.
func TestCupBrandPeople(t *testing.T) {
	s := CupBrand()
	n, err := matrix.NewNetwork(s)
	require.NoError(t, err)
	groupsOf := map[string]int{}
	for _, g := range s.Groups {
		for _, m := range g.Members {
			groupsOf[m]++
		}
	}
	inOne, most := 0, 0
	for _, k := range groupsOf {
		if k == 1 {
			inOne++
		}
		most = max(most, k)
	}
	assert.Equal(t, len(groupsOf), n.People())
	// The figures CupBrand's doc gives.
	assert.Equal(t, 184_378, n.People())
	assert.Equal(t, "2.85", fmt.Sprintf("%.2f", 525_000/float64(n.People())), "groups per person")
	assert.Equal(t, 38_964, inOne)
	assert.Equal(t, 34, most)
	all, err := n.Audience(matrix.Audience{Groups: n.Groups()})
	require.NoError(t, err)
	assert.Equal(t, 184_378, all.Len())
	for id := range groupsOf {
		assert.True(t, strings.HasPrefix(id, "cup-fan-") && len(id) == len("cup-fan-000000"), id)
	}
}

func TestCupBrandDeterministic(t *testing.T) {
	a, b := CupBrand(), CupBrand()
	require.Equal(t, a, b)
	a.Groups[0].Members[0] = "changed"
	assert.NotEqual(t, "changed", b.Groups[0].Members[0], "every call returns a fresh spec")
}
