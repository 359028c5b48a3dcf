package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/examples/internal/golden"
)

// TestIncentives compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestIncentives(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	golden.Check(t, "testdata/incentives.golden", got.Bytes(), "./examples/incentives")
	out := got.String()
	assert.Regexp(t, `(?m)^knit-corner\n(?:  .*\n)*?  earned top-sellers: .*rank 2`, out,
		"the tie with cup-studio at rank 2 breaks on the earlier opening")
	assert.Contains(t, out, "5 of 12 orders refunded", "the refund gate says why not")
	assert.Contains(t, out, "adjusted CNY -10.00", "the refund after payout comes back once, the next month")
}
