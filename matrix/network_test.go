package matrix_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
)

func smallSpec() matrix.Spec {
	return matrix.Spec{
		Accounts: []matrix.Account{{ID: "acc-buyer", Role: matrix.Buyer}, {ID: "acc-brand", Role: matrix.Brand, Name: "Cup Co."}},
		Groups: []matrix.Group{
			{ID: "g-2", Owner: "acc-buyer", Capacity: 500, Members: []string{"u-3", "u-1"}},
			{ID: "g-1", Owner: "acc-brand", Product: "cup-350", Members: []string{"u-2", "u-1"}},
		},
		Notes: []matrix.Note{{ID: "n-1", Account: "acc-brand"}},
		Rooms: []matrix.Room{{ID: "r-1", Account: "acc-buyer"}},
	}
}

func TestNewNetwork(t *testing.T) {
	n, err := matrix.NewNetwork(smallSpec())
	require.NoError(t, err)
	assert.Equal(t, 3, n.People())
	m, ok := n.Person("u-2")
	require.True(t, ok)
	assert.Equal(t, matrix.Member(1), m, "people are numbered in ID order")
	assert.Equal(t, "u-2", n.PersonID(m))
	assert.Empty(t, n.PersonID(matrix.Member(3)))
	_, ok = n.Person("u-9")
	assert.False(t, ok)
	assert.Equal(t, []string{"g-1", "g-2"}, n.Groups())
	g, ok := n.Group("g-2")
	require.True(t, ok)
	assert.Equal(t, []string{"u-1", "u-3"}, g.Members)
	assert.Equal(t, "acc-buyer", g.Owner)
	_, ok = n.Group("g-9")
	assert.False(t, ok)
	gs, ok := n.GroupsOf("acc-brand")
	require.True(t, ok)
	assert.Equal(t, []string{"g-1"}, gs)
	_, ok = n.GroupsOf("acc-9")
	assert.False(t, ok)
	assert.Equal(t, "acc-brand", n.Accounts()[0].ID)
	assert.Equal(t, "n-1", n.Notes()[0].ID)
	assert.Equal(t, "r-1", n.Rooms()[0].ID)
	assert.Equal(t, "buyer", matrix.Buyer.String())
	assert.Equal(t, "Role(9)", matrix.Role(9).String())
}

func TestNewNetworkOrderIndependent(t *testing.T) {
	a, err := matrix.NewNetwork(smallSpec())
	require.NoError(t, err)
	s := smallSpec()
	s.Accounts[0], s.Accounts[1] = s.Accounts[1], s.Accounts[0]
	s.Groups[0], s.Groups[1] = s.Groups[1], s.Groups[0]
	b, err := matrix.NewNetwork(s)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestNewNetworkInvalid(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*matrix.Spec)
		field string
		is    error
	}{
		{"empty account ID", func(s *matrix.Spec) { s.Accounts[0].ID = "" }, "accounts[0].id", nil},
		{"unknown role", func(s *matrix.Spec) { s.Accounts[0].Role = 0 }, "accounts[0].role", nil},
		{"duplicate account", func(s *matrix.Spec) { s.Accounts[1].ID = "acc-buyer" }, "accounts[1].id", matrix.ErrDuplicate},
		{"duplicate group", func(s *matrix.Spec) { s.Groups[1].ID = "g-2" }, ".id", matrix.ErrDuplicate},
		{"bad group ID", func(s *matrix.Spec) { s.Groups[0].ID = " g" }, "groups[0].id", nil},
		{"unknown owner", func(s *matrix.Spec) { s.Groups[0].Owner = "acc-9" }, "groups[0].owner", matrix.ErrUnknown},
		{"bad product", func(s *matrix.Spec) { s.Groups[1].Product = "\t" }, "groups[1].product", nil},
		{"negative capacity", func(s *matrix.Spec) { s.Groups[0].Capacity = -1 }, "groups[0].capacity", nil},
		{"over capacity", func(s *matrix.Spec) { s.Groups[0].Capacity = 1 }, "groups[0].members", nil},
		{"member twice", func(s *matrix.Spec) { s.Groups[0].Members = []string{"u-1", "u-1"} }, "groups[0].members", matrix.ErrDuplicate},
		{"bad member", func(s *matrix.Spec) { s.Groups[0].Members[0] = "" }, "groups[0].members[0]", nil},
		{"unknown member", func(s *matrix.Spec) { s.People = []string{"u-1", "u-2"} }, "groups[0].members[0]", matrix.ErrUnknown},
		{"person twice", func(s *matrix.Spec) { s.People = []string{"u-1", "u-1"} }, "people", matrix.ErrDuplicate},
		{"bad person", func(s *matrix.Spec) { s.People = []string{"u-1", ""} }, "people[1]", nil},
		{"note poster", func(s *matrix.Spec) { s.Notes[0].Account = "acc-9" }, "notes[0].account", matrix.ErrUnknown},
		{"note twice", func(s *matrix.Spec) { s.Notes = append(s.Notes, s.Notes[0]) }, "notes[1].id", matrix.ErrDuplicate},
		{"bad room", func(s *matrix.Spec) { s.Rooms[0].ID = "" }, "rooms[0].id", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := smallSpec()
			tc.edit(&s)
			n, err := matrix.NewNetwork(s)
			require.Error(t, err)
			assert.Nil(t, n)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Contains(t, fe.Field, tc.field)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
		})
	}
}

func TestNewNetworkPeopleGiven(t *testing.T) {
	s := smallSpec()
	s.People = []string{"u-4", "u-3", "u-2", "u-1"}
	n, err := matrix.NewNetwork(s)
	require.NoError(t, err)
	assert.Equal(t, 4, n.People(), "a known person in no group still counts")
}
