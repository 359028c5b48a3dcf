package live

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// GiveawayVersion names the draw algorithm of [Draw]; an audit record
// carries it, and a record of another version does not parse.
const GiveawayVersion = "livecommerce-giveaway/v1"

// Audit is the record of a giveaway draw that anyone holding the entrant
// list can re-check with [Audit.Check]: the commitment, the revealed seed,
// the number and digest of the distinct entrants, the prizes and the
// winners in draw order. It is an immutable value; its accessors return
// copies. The zero Audit records no draw and does not re-check.
//
// Its JSON form has its fields in a fixed order, hex in lower case:
//
//	{"version":"livecommerce-giveaway/v1","commitment":"…","seed":"…",
//	 "entrants":5,"entrants_sha256":"…","prizes":3,"unfilled":0,
//	 "winners":["…","…","…"]}
//
// [Audit.MarshalJSON] writes it with no space and each key exactly as
// shown; [Audit.UnmarshalJSON] accepts only those keys, each once, in any
// order and with any white space between tokens.
type Audit struct {
	commitment Commitment
	seed       []byte
	entrants   int
	digest     [sha256.Size]byte
	prizes     int
	winners    []string
}

// Commitment returns the commitment the seed was checked against.
func (a Audit) Commitment() Commitment { return a.commitment }

// Seed returns a copy of the revealed seed.
func (a Audit) Seed() []byte { return slices.Clone(a.seed) }

// Entrants returns the number of distinct entrants drawn from.
func (a Audit) Entrants() int { return a.entrants }

// EntrantsDigest returns SHA-256 of the sorted entrant list, each ID
// followed by a line feed (see [Draw]).
func (a Audit) EntrantsDigest() [sha256.Size]byte { return a.digest }

// Prizes returns the number of prizes.
func (a Audit) Prizes() int { return a.prizes }

// Winners returns a copy of the winners' IDs in draw order: prize 1 first.
func (a Audit) Winners() []string { return slices.Clone(a.winners) }

// Unfilled returns the prizes left over when there were fewer entrants than
// prizes: Prizes − len(Winners).
func (a Audit) Unfilled() int { return a.prizes - len(a.winners) }

// Equal reports whether a and o record the same draw.
func (a Audit) Equal(o Audit) bool {
	return a.commitment == o.commitment && bytes.Equal(a.seed, o.seed) && a.entrants == o.entrants &&
		a.digest == o.digest && a.prizes == o.prizes && slices.Equal(a.winners, o.winners)
}

// Check re-runs the draw on entrants, the eligible IDs in any order, and
// reports whether it gives this record: the seed must hash to the
// commitment, the distinct entrants must have the recorded count and
// digest, and the draw of the recorded prizes must give the recorded
// winners in order. A mismatch is an error matching [ErrCommitment] that
// says what differs; a malformed ID is a *[commerce.FieldError].
func (a Audit) Check(entrants []string) error {
	if err := checkSeed(a.seed); err != nil {
		return fmt.Errorf("live: giveaway audit: %w: %w", err, ErrCommitment)
	}
	if a.prizes < 1 {
		return fmt.Errorf("live: giveaway audit: %d prizes: %w", a.prizes, ErrCommitment)
	}
	if err := a.commitment.Verify(a.seed); err != nil {
		return fmt.Errorf("live: giveaway audit: %w", err)
	}
	l, err := newDrawList(entrants)
	if err != nil {
		return err
	}
	if l.len() != a.entrants || l.digest != a.digest {
		return fmt.Errorf("live: giveaway audit: the entrant list has %d entrants, SHA-256 %x; the record has %d, %x: %w",
			l.len(), l.digest, a.entrants, a.digest, ErrCommitment)
	}
	got := l.draw(a.seed, a.prizes)
	if len(got) != len(a.winners) {
		return fmt.Errorf("live: giveaway audit: %d prizes among %d entrants give %d winners, the record lists %d: %w",
			a.prizes, l.len(), len(got), len(a.winners), ErrCommitment)
	}
	for i := range got {
		if got[i] != a.winners[i] {
			return fmt.Errorf("live: giveaway audit: prize %d goes to %q, the record says %q: %w", i+1, got[i], a.winners[i], ErrCommitment)
		}
	}
	return nil
}

// auditJSON is the JSON form of an Audit, fields in their fixed order.
type auditJSON struct {
	Version        string   `json:"version"`
	Commitment     string   `json:"commitment"`
	Seed           string   `json:"seed"`
	Entrants       int      `json:"entrants"`
	EntrantsSHA256 string   `json:"entrants_sha256"`
	Prizes         int      `json:"prizes"`
	Unfilled       int      `json:"unfilled"`
	Winners        []string `json:"winners"`
}

// MarshalJSON writes the record as the fixed-order JSON object shown on
// [Audit], with no white space. The winners' IDs are written as
// encoding/json writes strings with HTML escaping off, so that any
// implementation can produce the same bytes: `"` and `\` are escaped with
// a backslash, U+2028 and U+2029 are written \u2028 and \u2029, and every
// other character, `<`, `>` and `&` included, is written as itself in
// UTF-8 (IDs hold no control characters and no invalid UTF-8).
//
// json.Marshal, and a json.Encoder with HTML escaping on (its default),
// re-escape `<`, `>` and `&` in what MarshalJSON returns as \u003c,
// \u003e and \u0026: call MarshalJSON directly, or use a json.Encoder
// with SetEscapeHTML(false), for the bytes above. Both read back as the
// same record.
func (a Audit) MarshalJSON() ([]byte, error) {
	w := a.winners
	if w == nil {
		w = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(auditJSON{
		Version:        GiveawayVersion,
		Commitment:     a.commitment.String(),
		Seed:           hex.EncodeToString(a.seed),
		Entrants:       a.entrants,
		EntrantsSHA256: hex.EncodeToString(a.digest[:]),
		Prizes:         a.prizes,
		Unfilled:       a.Unfilled(),
		Winners:        w,
	})
	if err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// UnmarshalJSON reads a record written by [Audit.MarshalJSON]. It checks
// the form, not the draw: a JSON object whose keys are the record's,
// written exactly (in lower case: "Winners" is not "winners") and none
// twice, so that a record cannot show one value and check another; a
// missing key reads as zero and fails what follows; then the version, hex
// lengths, a seed of [MinSeedLen] to [MaxSeedLen] bytes, at least one
// prize, distinct well-formed winners, min(prizes, entrants) of them and
// the unfilled count. A record that fails is a *[commerce.FieldError] and
// leaves a unchanged; call [Audit.Check] to re-run the draw.
func (a *Audit) UnmarshalJSON(data []byte) error {
	j, err := decodeAudit(data)
	if err != nil {
		return err
	}
	var r Audit
	if j.Version != GiveawayVersion {
		return fieldErr("giveaway audit: version", "%q, want %q", j.Version, GiveawayVersion)
	}
	c, err := ParseCommitment(j.Commitment)
	if err != nil {
		return err
	}
	r.commitment = c
	if r.seed, err = hex.DecodeString(j.Seed); err != nil {
		return &commerce.FieldError{Field: "giveaway audit: seed", Reason: "not hexadecimal", Err: commerce.ErrSyntax}
	}
	if err := checkSeed(r.seed); err != nil {
		return err
	}
	if len(j.EntrantsSHA256) != 2*sha256.Size {
		return &commerce.FieldError{Field: "giveaway audit: entrants_sha256",
			Reason: fmt.Sprintf("%d characters, want %d hex digits", len(j.EntrantsSHA256), 2*sha256.Size), Err: commerce.ErrSyntax}
	}
	if _, err := hex.Decode(r.digest[:], []byte(j.EntrantsSHA256)); err != nil {
		return &commerce.FieldError{Field: "giveaway audit: entrants_sha256", Reason: "not hexadecimal", Err: commerce.ErrSyntax}
	}
	if j.Entrants < 0 {
		return fieldErr("giveaway audit: entrants", "%d is negative", j.Entrants)
	}
	if j.Prizes < 1 {
		return fieldErr("giveaway audit: prizes", "%d, want at least 1", j.Prizes)
	}
	if j.Winners == nil {
		return fieldErr("giveaway audit: winners", "missing")
	}
	if want := min(j.Prizes, j.Entrants); len(j.Winners) != want {
		return fieldErr("giveaway audit: winners", "%d listed, want min(prizes %d, entrants %d) = %d", len(j.Winners), j.Prizes, j.Entrants, want)
	}
	if j.Unfilled != j.Prizes-len(j.Winners) {
		return fieldErr("giveaway audit: unfilled", "%d, want prizes %d − winners %d = %d", j.Unfilled, j.Prizes, len(j.Winners), j.Prizes-len(j.Winners))
	}
	seen := make(map[string]bool, len(j.Winners))
	for i, w := range j.Winners {
		if err := checkEntrantID(fmt.Sprintf("giveaway audit: winner %d", i+1), w); err != nil {
			return err
		}
		if seen[w] {
			return fieldErr(fmt.Sprintf("giveaway audit: winner %d", i+1), "%q wins twice", w)
		}
		seen[w] = true
	}
	r.entrants, r.prizes, r.winners = j.Entrants, j.Prizes, j.Winners
	*a = r
	return nil
}

// decodeAudit reads the JSON object of an audit record key by key.
// encoding/json alone would match keys case-insensitively and keep the
// last of a repeated key; here every key must be one of auditJSON's, byte
// for byte once unescaped, and appear at most once. Each value is decoded
// by encoding/json into its field.
func decodeAudit(data []byte) (auditJSON, error) {
	syntax := func(reason string, err error) error {
		if err != nil {
			err = fmt.Errorf("%w: %w", commerce.ErrSyntax, err)
		} else {
			err = commerce.ErrSyntax
		}
		return &commerce.FieldError{Field: "giveaway audit", Reason: reason, Err: err}
	}
	var j auditJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil {
		return auditJSON{}, syntax("", err)
	} else if tok != json.Delim('{') {
		return auditJSON{}, syntax("not a JSON object", nil)
	}
	var seen uint8
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return auditJSON{}, syntax("", err)
		}
		key, _ := tok.(string) // a key, as the object is well formed so far
		var field any
		var bit uint8
		switch key {
		case "version":
			field, bit = &j.Version, 1<<0
		case "commitment":
			field, bit = &j.Commitment, 1<<1
		case "seed":
			field, bit = &j.Seed, 1<<2
		case "entrants":
			field, bit = &j.Entrants, 1<<3
		case "entrants_sha256":
			field, bit = &j.EntrantsSHA256, 1<<4
		case "prizes":
			field, bit = &j.Prizes, 1<<5
		case "unfilled":
			field, bit = &j.Unfilled, 1<<6
		case "winners":
			field, bit = &j.Winners, 1<<7
		default:
			return auditJSON{}, syntax(fmt.Sprintf("unknown key %q (keys are lower case, as written)", key), nil)
		}
		if seen&bit != 0 {
			return auditJSON{}, syntax(fmt.Sprintf("key %q repeats", key), nil)
		}
		seen |= bit
		if err := dec.Decode(field); err != nil {
			return auditJSON{}, syntax(fmt.Sprintf("key %q", key), err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return auditJSON{}, syntax("", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return auditJSON{}, syntax("data after the record", nil)
	}
	return j, nil
}
