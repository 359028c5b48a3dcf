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

const golden = "testdata/incentives.golden"

// TestIncentives compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestIncentives(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./examples/incentives -update` to create it")
	assert.Equal(t, string(want), got.String())
	out := got.String()
	assert.Regexp(t, `(?m)^knit-corner\n(?:  .*\n)*?  earned top-sellers: .*rank 2`, out,
		"the tie with cup-studio at rank 2 breaks on the earlier opening")
	assert.Contains(t, out, "5 of 12 orders refunded", "the refund gate says why not")
	assert.Contains(t, out, "adjusted CNY -10.00", "the refund after payout comes back once, the next month")
}
