package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/examples/internal/golden"
)

// TestReferral compares the example's output with the golden file; with
// -update it rewrites the file instead.
func TestReferral(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	golden.Check(t, "testdata/referral.golden", got.Bytes(), "./examples/referral")
	assert.Contains(t, got.String(), "reconciles: true", "the statement reconciles after the refund")
}
