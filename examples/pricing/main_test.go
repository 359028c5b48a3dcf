package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/examples/internal/golden"
)

// TestPricing compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestPricing(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	golden.Check(t, "testdata/pricing.golden", got.Bytes(), "./examples/pricing")
	assert.Contains(t, got.String(), "not applied: join-group-5", "the visitor is told why the coupon did not apply")
}
