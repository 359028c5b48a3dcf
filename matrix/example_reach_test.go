package matrix_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// exampleNetwork is a brand with two groups and a buyer with one; bo and
// cy are in two groups each.
func exampleNetwork() *matrix.Network {
	n, err := matrix.NewNetwork(matrix.Spec{
		Accounts: []matrix.Account{{ID: "cup-brand", Role: matrix.Brand}, {ID: "cup-buyer-01", Role: matrix.Buyer}},
		Groups: []matrix.Group{
			{ID: "fans-1", Owner: "cup-brand", Capacity: 500, Members: []string{"ann", "bo", "cy"}},
			{ID: "fans-2", Owner: "cup-brand", Capacity: 500, Members: []string{"bo", "di"}},
			{ID: "picks-1", Owner: "cup-buyer-01", Capacity: 500, Members: []string{"cy", "ed"}},
		},
	})
	if err != nil {
		panic(err)
	}
	return n
}

func ExampleNetwork_Reach() {
	n := exampleNetwork()
	// A preview to the brand's groups, then the live start to everyone.
	reach, err := n.Reach(
		matrix.Audience{Accounts: []string{"cup-brand"}},
		matrix.Audience{Accounts: []string{"cup-brand", "cup-buyer-01"}},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range reach {
		fmt.Printf("touchpoint %d: %d people, %d impressions, %d duplicates avoided, %d new\n", i, r.People, r.Impressions, r.Duplicates, r.New)
	}
	// Output:
	// touchpoint 0: 4 people, 5 impressions, 1 duplicates avoided, 4 new
	// touchpoint 1: 5 people, 7 impressions, 2 duplicates avoided, 1 new
}

func ExampleNetwork_Audience() {
	n := exampleNetwork()
	brand, err := n.Audience(matrix.Audience{Accounts: []string{"cup-brand"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	buyer, err := n.Audience(matrix.Audience{Accounts: []string{"cup-buyer-01"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	both := matrix.Intersect(brand, buyer)
	fmt.Println("brand", brand.Len(), "buyer", buyer.Len(), "union", matrix.Union(brand, buyer).Len(), "both", both.Len())
	for m := range both.All() {
		fmt.Println("in both:", n.PersonID(m))
	}
	_, err = n.Audience(matrix.Audience{Groups: []string{"fans-9"}})
	fmt.Println(err)
	// Output:
	// brand 4 buyer 2 union 5 both 1
	// in both: cy
	// commerce: groups[0]: group "fans-9": unknown reference
}

func ExampleNetwork_Overlap() {
	n := exampleNetwork()
	o, err := n.Overlap("picks-1", "fans-2", "fans-1")
	if err != nil {
		fmt.Println(err)
		return
	}
	groups := o.Groups()
	for i, g := range groups {
		fmt.Print(g, ":")
		for j := range groups {
			fmt.Print(" ", o.At(i, j))
		}
		fmt.Println()
	}
	// Output:
	// fans-1: 3 1 1
	// fans-2: 1 2 0
	// picks-1: 1 0 2
}

func ExampleSketch() {
	// Two partitions sketch their people apart; the merged sketch
	// estimates the union (the 50,000 people shared count once).
	day1, day2 := new(matrix.Sketch), new(matrix.Sketch)
	for i := range 150_000 {
		day1.Add(fmt.Sprintf("fan-%06d", i))
	}
	for i := 100_000; i < 250_000; i++ {
		day2.Add(fmt.Sprintf("fan-%06d", i))
	}
	if err := day1.Merge(day2); err != nil {
		fmt.Println(err)
		return
	}
	// The hash is fixed, so the estimate is the same on every machine.
	est := day1.Estimate()
	fmt.Printf("estimate %d of 250000 (%+.2f%%)\n", est, 100*(float64(est)-250_000)/250_000)
	// Output:
	// estimate 248990 of 250000 (-0.40%)
}
