package matrix_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/matrix"
)

func ExampleNewNetwork() {
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "cup-brand", Role: matrix.Brand}, {ID: "cup-buyer-1", Role: matrix.Buyer}},
		Groups: []matrix.Group{
			{ID: "fans-1", Owner: "cup-brand", Capacity: 500, Members: []string{"ann", "bo", "cy"}},
			{ID: "fans-2", Owner: "cup-buyer-1", Capacity: 500, Members: []string{"bo", "di"}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := n.Group("fans-2")
	fmt.Println(n.People(), "people in", len(n.Groups()), "groups")
	fmt.Println(g.ID, "owned by", g.Owner, "members", g.Members)
	// Output:
	// 4 people in 2 groups
	// fans-2 owned by cup-buyer-1 members [bo di]
}
