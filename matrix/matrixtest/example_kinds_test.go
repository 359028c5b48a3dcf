package matrixtest_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

// The generator's kinds beyond the seven built in are caller-defined, so
// a funnel must declare their names (Funnel.KindName reads them back;
// Kind.String knows only the built-in ones).
func ExampleFunnelKindNames() {
	fmt.Println(matrixtest.FunnelKindNames(9))
	fmt.Println(matrixtest.FunnelKind(0), matrixtest.FunnelKind(8))
	// Output:
	// [custom-1 custom-2]
	// note-impression Kind(17)
}
