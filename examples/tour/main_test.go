package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestTourWriteErrorMidway shows that a writer failing in the middle of
// the tour stops it: run returns the writer's error and writes nothing
// after it.
func TestTourWriteErrorMidway(t *testing.T) {
	var full bytes.Buffer
	require.NoError(t, run(&full))
	errFull := errors.New("disk full")
	for _, n := range []int{1, full.Len() / 2, full.Len() - 1} {
		w := &limitWriter{n: n, err: errFull}
		err := run(w)
		assert.ErrorIs(t, err, errFull, "failing after %d bytes", n)
		assert.Equal(t, full.String()[:w.buf.Len()], w.buf.String(), "a prefix of the tour, failing after %d bytes", n)
		assert.LessOrEqual(t, w.buf.Len(), n)
	}
}

// TestTourSections checks that every section of parts prints its heading,
// in order, and that the sections of issue 9 keep their numbers.
func TestTourSections(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	rest := out.String()
	var headings []string
	for _, p := range parts() {
		for _, s := range p.sections {
			i := strings.Index(rest, "\n"+s.heading+"\n")
			require.GreaterOrEqual(t, i, 0, "heading %q missing or out of order", s.heading)
			rest = rest[i+1:]
			headings = append(headings, s.heading)
		}
	}
	for _, prefix := range []string{"1. ", "2. ", "3. ", "6. "} {
		assert.True(t, slices.ContainsFunc(headings, func(h string) bool { return strings.HasPrefix(h, prefix) }),
			"a section numbered %q", prefix)
	}
}

// failingWriter fails every write with err.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// limitWriter accepts n bytes into buf, then fails with err.
type limitWriter struct {
	n   int
	err error
	buf bytes.Buffer
}

func (w *limitWriter) Write(p []byte) (int, error) {
	room := w.n - w.buf.Len()
	if len(p) <= room {
		return w.buf.Write(p)
	}
	w.buf.Write(p[:room])
	return room, w.err
}
