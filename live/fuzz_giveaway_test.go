package live

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// FuzzParseCommitment: text that parses prints back as its lower case;
// anything else is a syntax error.
func FuzzParseCommitment(f *testing.F) {
	f.Add("9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f")
	f.Add("9F9F5111F7B27A781F1F1DDDE5EBC2DD2B796BFC7365C9C28B548E564176929F")
	f.Add("")
	f.Add(strings.Repeat("g", 64))
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCommitment(s)
		if err != nil {
			assert.ErrorIs(t, err, commerce.ErrSyntax)
			return
		}
		assert.Equal(t, strings.ToLower(s), c.String())
		again, err := ParseCommitment(c.String())
		require.NoError(t, err)
		assert.True(t, again.Equal(c))
	})
}

// FuzzAuditJSON: a record that parses reads the same under encoding/json's
// own rules (so no key was repeated or matched by case alone), and marshals
// back to JSON that parses to the same record, through MarshalJSON and
// through json.Marshal.
func FuzzAuditJSON(f *testing.F) {
	seed := sha256.Sum256([]byte("fuzz"))
	c, _ := Commit(seed[:])
	a, _ := Draw(c, seed[:], []string{"a", "b", "c", "<&>"}, 2)
	data, _ := a.MarshalJSON()
	f.Add(data)
	f.Add(append(bytes.TrimSuffix(data, []byte("}")), `,"Winners":["a","b"]}`...))
	f.Add(append(bytes.TrimSuffix(data, []byte("}")), `,"winners":["a","b"]}`...))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"version":"livecommerce-giveaway/v1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Audit
		if a.UnmarshalJSON(data) != nil {
			return
		}
		var lax auditJSON
		strict, err := decodeAudit(data)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &lax))
		assert.Equal(t, lax, strict)
		out, err := a.MarshalJSON()
		require.NoError(t, err)
		escaped, err := json.Marshal(a)
		require.NoError(t, err)
		for _, in := range [][]byte{out, escaped} {
			var b Audit
			require.NoError(t, json.Unmarshal(in, &b), "%s", in)
			assert.True(t, a.Equal(b))
		}
	})
}

// FuzzDraw: for any seed and entrants (one per line), the draw matches the
// reference, has no duplicates, draws only entrants, and re-checks; the
// sort agrees with slices.Sort.
func FuzzDraw(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), "lin\nada\nmei\nbo\ncy", 3)
	f.Add([]byte("0123456789abcdef0123456789abcdef"), "a\na\nab\nabcdefgh\nabcdefghi", 9)
	f.Fuzz(func(t *testing.T, seed []byte, lines string, prizes int) {
		if len(seed) < MinSeedLen || len(seed) > MaxSeedLen || prizes < 1 || prizes > 1000 {
			return
		}
		var ids []string
		for id := range strings.SplitSeq(lines, "\n") {
			if validID(id) {
				ids = append(ids, id)
			}
		}
		for len(ids) > 0 && len(ids) < 2*radixMin { // reach the radix sort too
			ids = append(ids, ids[len(ids)-1]+"x")
		}
		order, bad := sortOrder(ids, 0)
		require.Equal(t, -1, bad)
		sorted := make([]string, len(order))
		for i, x := range order {
			sorted[i] = ids[x.idx]
		}
		assert.True(t, slices.Equal(slices.Sorted(slices.Values(ids)), sorted), "%q", sorted)

		c, err := Commit(seed)
		require.NoError(t, err)
		a, err := Draw(c, seed, ids, prizes)
		require.NoError(t, err)
		want, _ := refDraw(seed, ids, prizes)
		w := a.Winners()
		assert.Equal(t, want, w)
		assert.Len(t, slices.Compact(slices.Sorted(slices.Values(w))), len(w))
		assert.NoError(t, a.Check(ids))
	})
}
