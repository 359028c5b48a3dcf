package commercetest

import (
	"testing"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// PaidOrder creates the order spec describes and pays it at spec.CreatedAt.
// It fails the test with t.Fatalf if [commerce.NewOrder] rejects the spec.
func PaidOrder(t testing.TB, spec commerce.OrderSpec) commerce.Order {
	t.Helper()
	o, err := commerce.NewOrder(spec)
	if err == nil {
		o, err = o.Pay(spec.CreatedAt)
	}
	if err != nil {
		t.Fatalf("commercetest: paid order: %v", err)
	}
	return o
}
