package matrixtest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

func ExampleCupBrand() {
	n, err := matrix.NewNetwork(matrixtest.CupBrand())
	if err != nil {
		fmt.Println(err)
		return
	}
	all, err := n.Audience(matrix.Audience{Groups: n.Groups()})
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := n.Group("cup-brand-g01")
	fmt.Println(len(n.Accounts()), "accounts,", len(n.Groups()), "groups,", all.Len(), "distinct people")
	fmt.Println(g.ID, "is the pre-sale group of", g.Product, "with", len(g.Members), "of", g.Capacity, "seats")
	// Output:
	// 30 accounts, 1050 groups, 184378 distinct people
	// cup-brand-g01 is the pre-sale group of cup-prod-01 with 500 of 500 seats
}
