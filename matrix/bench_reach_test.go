package matrix_test

import (
	"strconv"
	"testing"

	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// cupNetwork builds the cup brand's matrix: 30 accounts, 1,050 groups,
// 525,000 seats.
func cupNetwork(b *testing.B) *matrix.Network {
	b.Helper()
	n, err := matrix.NewNetwork(matrixtest.CupBrand())
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkReachUnionAll is the target: the exact distinct reach
// of all 1,050 groups, 525,000 seats (≤ 50 ms).
func BenchmarkReachUnionAll(b *testing.B) {
	n := cupNetwork(b)
	all := matrix.Audience{Groups: n.Groups()}
	b.ReportAllocs()
	for b.Loop() {
		s, err := n.Audience(all)
		if err != nil || s.Len() != n.People() {
			b.Fatal(err, s.Len())
		}
	}
}

// BenchmarkReachTouchpoints is one touchpoint per account, 30 in all,
// with the incremental reach of each.
func BenchmarkReachTouchpoints(b *testing.B) {
	n := cupNetwork(b)
	var tps []matrix.Audience
	for _, a := range n.Accounts() {
		tps = append(tps, matrix.Audience{Accounts: []string{a.ID}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Reach(tps...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReachOverlap is the exact overlap matrix of all 1,050 groups.
func BenchmarkReachOverlap(b *testing.B) {
	n := cupNetwork(b)
	groups := n.Groups()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Overlap(groups...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReachIntersect intersects two accounts' audiences (17,500
// seats each).
func BenchmarkReachIntersect(b *testing.B) {
	n := cupNetwork(b)
	x, _ := n.Audience(matrix.Audience{Accounts: []string{"cup-buyer-01"}})
	y, _ := n.Audience(matrix.Audience{Accounts: []string{"cup-buyer-02"}})
	b.ReportAllocs()
	for b.Loop() {
		matrix.Intersect(x, y)
	}
}

// BenchmarkSketchAdd adds one person by ID to a p = 14 sketch.
func BenchmarkSketchAdd(b *testing.B) {
	ids := make([]string, 1<<16)
	for i := range ids {
		ids[i] = "cup-fan-" + strconv.Itoa(i)
	}
	s := new(matrix.Sketch)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Add(ids[i&(len(ids)-1)])
		i++
	}
}

// BenchmarkSketchMerge merges two p = 14 sketches (16 KiB each).
func BenchmarkSketchMerge(b *testing.B) {
	x, y := new(matrix.Sketch), new(matrix.Sketch)
	for i := range 100_000 {
		x.Add("a-" + strconv.Itoa(i))
		y.Add("b-" + strconv.Itoa(i))
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := x.Merge(y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSketchAudience sketches the whole cup brand (184,378 people)
// at p = 14.
func BenchmarkSketchAudience(b *testing.B) {
	n := cupNetwork(b)
	all := matrix.Audience{Groups: n.Groups()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Sketch(all, 14); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReachCupBrand generates the cup brand's spec and builds its
// network (NewNetwork's interning included).
func BenchmarkReachCupBrand(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		cupNetwork(b)
	}
}
