package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/examples/internal/golden"
)

// TestMatrix compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestMatrix(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	golden.Check(t, "testdata/matrix.golden", got.Bytes(), "./examples/matrix")
	out := got.String()
	assert.Contains(t, out, "CNY 696.90 credited, CNY 696.90 paid", "every order's credit sums to its amount")
	assert.Regexp(t, `hold preview-1h +to glow-fans-1 +cap "person-daily" binds`, out, "a held send names its cap")
}
