package incentive_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// FuzzParseProgramme checks that the parser never panics, that every error
// is a *ProgrammeError, and that whatever parses marshals to canonical
// JSON that parses back to an equal programme and marshals to the same
// bytes.
func FuzzParseProgramme(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("programmes", "*.json"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(small))
	f.Add([]byte(minimalJSON))
	f.Add([]byte(`{"id": "x", "id": "y"}`))
	f.Add([]byte(`{} {}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := incentive.ParseProgramme(data)
		if err != nil {
			var pe *incentive.ProgrammeError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ProgrammeError", err)
			}
			return
		}
		b1, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("parsed programme does not marshal: %v", err)
		}
		q, err := incentive.ParseProgramme(b1)
		if err != nil {
			t.Fatalf("canonical JSON does not parse: %v\n%s", err, b1)
		}
		if !p.Equal(q) {
			t.Fatalf("round trip changed the programme\n%s", b1)
		}
		b2, err := q.MarshalJSON()
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("canonical JSON is not stable: %v\n%s\n%s", err, b1, b2)
		}
	})
}
