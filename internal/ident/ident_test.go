package ident_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

func TestProblem(t *testing.T) {
	for _, id := range []string{"o-1", "商品-1", "a b", "x"} {
		assert.Empty(t, ident.Problem(id), id)
	}
	for _, id := range []string{"", " a", "a ", "a\nb", "\t", "a\x7f", "　a"} {
		assert.NotEmpty(t, ident.Problem(id), "%q", id)
	}
}

func ExampleProblem() {
	fmt.Printf("%q\n", ident.Problem("order-618"))
	fmt.Println(ident.Problem(""))
	fmt.Println(ident.Problem(" order-618"))
	// Output:
	// ""
	// empty
	// " order-618" has surrounding space or control characters
}
