package main

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden file")

const golden = "testdata/pricing.golden"

// TestPricing compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestPricing(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./examples/pricing -update` to create it")
	assert.Equal(t, string(want), got.String())
	assert.Contains(t, got.String(), "not applied: join-group-5", "the visitor is told why the coupon did not apply")
}
