package matrixtest_test

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// Generate a seeded stream of 1,000 users' events over 8 kinds and run
// the note → engagement → group → live funnel over it.
func ExampleFunnelEvents() {
	rows := matrixtest.FunnelEvents{Users: 1000, PerUser: 50, Kinds: 8, Seed: 618}.Generate()
	k := matrixtest.FunnelKind
	f, err := matrix.NewFunnel(matrix.FunnelSpec{
		Steps:  [][]matrix.Kind{{k(0)}, {k(1)}, {k(2)}, {k(3)}},
		Window: 6 * time.Hour,
		Kinds:  matrixtest.FunnelKindNames(8),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := f.NewTally()
	if err := t.Add(rows); err != nil {
		fmt.Println(err)
		return
	}
	r, _ := t.Report()
	fmt.Println(len(rows), "rows,", r.Total.Users, "users")
	fmt.Println(r.Total.Reached[0] >= r.Total.Reached[1], r.Total.Reached[1] >= r.Total.Reached[3])
	// Output:
	// 50000 rows, 1000 users
	// true true
}
