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

const golden = "testdata/matrix.golden"

// TestMatrix compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestMatrix(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./examples/matrix -update` to create it")
	assert.Equal(t, string(want), got.String())
	out := got.String()
	assert.Contains(t, out, "CNY 696.90 credited, CNY 696.90 paid", "every order's credit sums to its amount")
	assert.Regexp(t, `hold preview-1h +to glow-fans-1 +cap "person-daily" binds`, out, "a held send names its cap")
}
