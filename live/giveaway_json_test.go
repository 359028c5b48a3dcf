package live

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

var (
	_ encoding.TextMarshaler   = Commitment{}
	_ encoding.TextUnmarshaler = (*Commitment)(nil)
)

func TestCommitmentText(t *testing.T) {
	// printf 0123456789abcdef | sha256sum
	const lower = "9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f"
	c := mustCommit(t, []byte("0123456789abcdef"))

	text, err := c.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, lower, string(text))
	data, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Equal(t, `"`+lower+`"`, string(data), "a JSON string, not {}")
	data, err = json.Marshal(struct{ C Commitment }{c})
	require.NoError(t, err)
	assert.Equal(t, `{"C":"`+lower+`"}`, string(data))

	var back Commitment
	require.NoError(t, json.Unmarshal([]byte(`"`+strings.ToUpper(lower)+`"`), &back))
	assert.True(t, back.Equal(c), "upper case reads too")
	back = Commitment{}
	require.NoError(t, back.UnmarshalText([]byte(lower)))
	assert.True(t, back.Equal(c))

	zero, err := Commitment{}.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("0", 64), string(zero))
	require.NoError(t, back.UnmarshalText(zero))
	assert.True(t, back.IsZero())

	for _, in := range []string{"", lower[:63], lower + "0", "0x" + lower[2:], "g" + lower[1:], " " + lower[1:]} {
		got := c
		err := got.UnmarshalText([]byte(in))
		assert.ErrorIs(t, err, commerce.ErrSyntax, "%q", in)
		assert.ErrorIs(t, err, commerce.ErrInvalid, "%q", in)
		assert.True(t, got.Equal(c), "%q: unchanged", in)
		assert.Error(t, json.Unmarshal([]byte(`"`+in+`"`), &got), "%q", in)
		assert.True(t, got.Equal(c), "%q: unchanged", in)
	}
	got := c
	assert.Error(t, json.Unmarshal([]byte(`5`), &got), "a number is not a commitment")
	assert.True(t, got.Equal(c))
}

// auditRecord returns a record of 3 prizes drawn from 5 entrants and its
// JSON as MarshalJSON writes it.
func auditRecord(t *testing.T) (Audit, string) {
	t.Helper()
	seed := testSeed()
	a, err := Draw(mustCommit(t, seed), seed, []string{"ann", "bob", "cy", "dee", "eve"}, 3)
	require.NoError(t, err)
	data, err := a.MarshalJSON()
	require.NoError(t, err)
	return a, string(data)
}

// TestAuditJSONStrictKeys checks that a record's keys are its own, written
// exactly and each once: encoding/json alone takes "Winners" for
// "winners" and keeps the last of a repeated key, so a record could show
// one list of winners and check another.
func TestAuditJSONStrictKeys(t *testing.T) {
	a, rec := auditRecord(t)
	w := a.Winners()
	other := mustJSON(t, []string{w[1], w[0], w[2]})
	body := strings.TrimSuffix(rec, "}")
	tests := []struct {
		name, in, says string
	}{
		{"winners, then Winners", body + `,"Winners":` + other + `}`, `unknown key "Winners"`},
		{"Winners, then winners", `{"Winners":` + other + `,` + rec[1:], `unknown key "Winners"`},
		{"winners twice", body + `,"winners":` + other + `}`, `key "winners" repeats`},
		{"winners twice, one escaped", body + `,"winn\u0065rs":` + other + `}`, `key "winners" repeats`},
		{"prizes twice", body + `,"prizes":3}`, `key "prizes" repeats`},
		{"only a capitalised key", strings.Replace(rec, `"winners"`, `"Winners"`, 1), `unknown key "Winners"`},
		{"upper-case version", strings.Replace(rec, `"version"`, `"VERSION"`, 1), `unknown key "VERSION"`},
		{"unknown key", body + `,"extra":1}`, `unknown key "extra"`},
		{"trailing comma", body + `,}`, "giveaway audit"},
		{"an array", `[` + rec + `]`, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"a string", `"x"`, "not a JSON object"},
		{"empty", ``, "giveaway audit"},
		{"truncated", rec[:len(rec)/2], "giveaway audit"},
		{"unclosed", body, "giveaway audit"},
		{"two values", rec + ` {}`, "data after the record"},
		{"a brace too many", rec + `}`, "data after the record"},
		{"prizes as a string", strings.Replace(rec, `"prizes":3`, `"prizes":"3"`, 1), `key "prizes"`},
		{"prizes not an integer", strings.Replace(rec, `"prizes":3`, `"prizes":3.5`, 1), `key "prizes"`},
		{"winners not a list", strings.Replace(rec, `"winners":[`, `"winners":{"a":[`, 1) + "}", `key "winners"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := a
			err := got.UnmarshalJSON([]byte(tt.in))
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe, "%s", tt.in)
			assert.Equal(t, "giveaway audit", fe.Field)
			assert.ErrorIs(t, err, commerce.ErrSyntax)
			assert.Contains(t, err.Error(), tt.says)
			assert.True(t, got.Equal(a), "unchanged")
		})
	}

	// Valid JSON of the same record reads whatever its layout: indented,
	// keys in another order, a key spelled with an escape.
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, []byte(rec), "", "\t"))
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(rec), &m))
	for name, in := range map[string]string{
		"as written":     rec,
		"indented":       indented.String(),
		"spaced":         strings.NewReplacer(`:`, ` : `, `,`, " ,\n ", `{`, "{ ", `}`, " }\r\n").Replace(rec),
		"sorted keys":    mustJSON(t, m),
		"an escaped key": strings.Replace(rec, `"seed"`, `"s\u0065ed"`, 1),
	} {
		var got Audit
		require.NoError(t, got.UnmarshalJSON([]byte(in)), "%s: %s", name, in)
		assert.True(t, got.Equal(a), name)
		require.NoError(t, json.Unmarshal([]byte(in), &got), name)
		assert.True(t, got.Equal(a), name)
	}
}

// TestAuditJSONRaw checks that MarshalJSON writes <, > and & as themselves
// and escapes only what JSON needs, so other implementations can produce
// the same bytes; json.Marshal re-escapes them, and both forms read back.
func TestAuditJSONRaw(t *testing.T) {
	// Each ID and its JSON string as MarshalJSON writes it.
	written := map[string]string{
		"<b>&co":        `"<b>&co"`,
		"a>b":           `"a>b"`,
		`q"uote`:        `"q\"uote"`,
		`back\slash`:    `"back\\slash"`,
		"line\u2028sep": `"line\u2028sep"`,
		"粉丝&<3":         `"粉丝&<3"`,
	}
	ids := make([]string, 0, len(written))
	for id := range written {
		ids = append(ids, id)
	}
	seed := sha256.Sum256([]byte("raw JSON"))
	a, err := Draw(mustCommit(t, seed[:]), seed[:], ids, len(ids))
	require.NoError(t, err)

	var want strings.Builder
	want.WriteString(`{"version":"livecommerce-giveaway/v1","commitment":"` + a.Commitment().String() +
		`","seed":"` + hex.EncodeToString(seed[:]) + `","entrants":6,"entrants_sha256":"` + hex.EncodeToString(a.digest[:]) +
		`","prizes":6,"unfilled":0,"winners":[`)
	for i, w := range a.Winners() {
		if i > 0 {
			want.WriteByte(',')
		}
		want.WriteString(written[w])
	}
	want.WriteString(`]}`)

	data, err := a.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, want.String(), string(data))
	assert.NotContains(t, string(data), `\u003c`)
	assert.NotContains(t, string(data), `\u0026`)

	// An Encoder with HTML escaping off writes the same bytes and a line
	// feed; json.Marshal escapes <, > and &; each reads back as a.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(a))
	assert.Equal(t, want.String()+"\n", buf.String())
	escaped, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(escaped), `\u003cb\u003e\u0026co`)
	for _, in := range [][]byte{data, escaped} {
		var back Audit
		require.NoError(t, json.Unmarshal(in, &back))
		assert.True(t, back.Equal(a))
		assert.NoError(t, back.Check(ids))
	}
}

// TestSeedLenStreamBlocks checks the reason MinSeedLen and MaxSeedLen's
// doc gives: each block of the stream hashes seed ‖ D ‖ i, the seed and 40
// bytes, which SHA-256 pads (0x80, zeros, an 8-byte length) to exactly two
// 64-byte blocks for every allowed seed length, and the stream's fixed
// array holds the longest.
func TestSeedLenStreamBlocks(t *testing.T) {
	for n := MinSeedLen; n <= MaxSeedLen; n++ {
		in := n + sha256.Size + 8
		blocks := (in + 1 + 8 + sha256.BlockSize - 1) / sha256.BlockSize
		assert.Equal(t, 2, blocks, "seed of %d bytes: %d bytes in", n, in)
		assert.Equal(t, in, newStream(make([]byte, n), [sha256.Size]byte{}).n)
	}
	assert.Len(t, stream{}.in, MaxSeedLen+40)
}
