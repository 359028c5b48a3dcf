package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// golden is the tour's expected output.
const golden = "testdata/tour.golden"

// TestTour compares the tour's output with the golden file; with -update it
// rewrites the file instead.
func TestTour(t *testing.T) {
	var got bytes.Buffer
	require.NoError(t, run(&got))
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
		t.Logf("wrote %s", golden)
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./examples/tour -update` to create it")
	assert.Equal(t, string(want), got.String(), "the tour's output changed; if intended, run `go test ./examples/tour -update`")
}

// TestTourDeterministic runs the tour twice and wants the same bytes.
func TestTourDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a))
	require.NoError(t, run(&b))
	assert.Equal(t, a.String(), b.String())
}

// TestTourWriteError shows that run reports a failing writer.
func TestTourWriteError(t *testing.T) {
	errFull := errors.New("disk full")
	err := run(failingWriter{errFull})
	assert.ErrorIs(t, err, errFull)
}

// failingWriter fails every write with err.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }
