package main

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/examples/internal/golden"
)

// tour runs the tour once for the tests that only read its output, which
// takes most of a second.
var tour = sync.OnceValues(func() (string, error) {
	var out bytes.Buffer
	err := run(&out)
	return out.String(), err
})

// TestTour compares the tour's output with the golden file; with -update it
// rewrites the file instead.
func TestTour(t *testing.T) {
	got, err := tour()
	require.NoError(t, err)
	golden.Check(t, "testdata/tour.golden", []byte(got), "./examples/tour")
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
	full, err := tour()
	require.NoError(t, err)
	errFull := errors.New("disk full")
	for _, n := range []int{1, len(full) / 2, len(full) - 1} {
		w := &limitWriter{n: n, err: errFull}
		err := run(w)
		assert.ErrorIs(t, err, errFull, "failing after %d bytes", n)
		assert.Equal(t, full[:w.buf.Len()], w.buf.String(), "a prefix of the tour, failing after %d bytes", n)
		assert.LessOrEqual(t, w.buf.Len(), n)
	}
}

// TestTourSections checks that every section of parts prints its heading,
// in order; that the first part has the six sections of issue 9, numbered
// 1 to 6 in order; and that the second part reaches across the matrix and
// plans its touchpoints before the roster.
func TestTourSections(t *testing.T) {
	rest, err := tour()
	require.NoError(t, err)
	for _, p := range parts() {
		for _, s := range p.sections {
			i := strings.Index(rest, "\n"+s.heading+"\n")
			require.GreaterOrEqual(t, i, 0, "heading %q missing or out of order", s.heading)
			rest = rest[i+1:]
		}
	}
	ps := parts()
	require.Len(t, ps, 2)
	var numbers []string
	for _, s := range ps[0].sections {
		number, _, _ := strings.Cut(s.heading, " ")
		numbers = append(numbers, number)
	}
	assert.Equal(t, []string{"1.", "2.", "3.", "4.", "5.", "6."}, numbers)
	var cup []string
	for _, s := range ps[1].sections {
		cup = append(cup, s.heading)
	}
	reach := slices.IndexFunc(cup, func(h string) bool { return strings.Contains(h, "reach") })
	plan := slices.IndexFunc(cup, func(h string) bool { return strings.Contains(h, "touchpoints") })
	roster := slices.IndexFunc(cup, func(h string) bool { return strings.Contains(h, "roster") })
	assert.True(t, reach >= 0 && plan > reach && roster > plan, "reach, then the plan, then the roster: %q", cup)
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
