// Package golden compares an example program's output with its golden
// file, for the examples' tests: run with -update, a test rewrites the
// file instead, so an intended change of output is one command and shows
// in review as a diff of the file.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Check compares got with the file at path (relative to the test's
// package directory); with -update it first rewrites the file with got.
// pkg is the package's path as go test takes it, "./examples/tour", for
// the message that says how to update the file.
func Check(t testing.TB, path string, got []byte, pkg string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		t.Logf("wrote %s", path)
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test %s -update` to create it", pkg)
	assert.Equal(t, string(want), string(got), "the output changed; if intended, run `go test %s -update`", pkg)
}
