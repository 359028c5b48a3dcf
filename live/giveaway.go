package live

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Seed lengths a giveaway accepts, in bytes.
//
// A seed of at least 16 bytes (128 bits) drawn from a secure source cannot be
// found from its published commitment: anyone could otherwise hash every
// short seed (every 6-digit number, every word) until one matches, learn the
// seed before the draw, and enter under names that win.
//
// At most 64 bytes bounds the work of the draw's stream and lets it hold
// its input in a fixed-size array: each block of the stream hashes seed ‖
// D ‖ i, the seed and 40 more bytes (see [Draw]), so 56 to 104 bytes,
// which SHA-256 pads (with at least 9 bytes) to exactly two 64-byte
// blocks. Every block of the stream thus costs two runs of SHA-256's
// compression function, whatever the seed's length.
const (
	MinSeedLen = 16
	MaxSeedLen = 64
)

// Commitment is the SHA-256 digest of a giveaway seed, published before
// entries open and checked against the seed revealed at the draw. It is a
// comparable value; the zero Commitment is no commitment, and no seed
// matches it.
type Commitment struct {
	sum [sha256.Size]byte
}

// Commit returns the commitment to seed, SHA-256(seed), for the host to
// publish before the giveaway opens. The seed must be [MinSeedLen] to
// [MaxSeedLen] bytes from a secure random source, kept secret until the
// draw.
func Commit(seed []byte) (Commitment, error) {
	if err := checkSeed(seed); err != nil {
		return Commitment{}, err
	}
	return Commitment{sum: sha256.Sum256(seed)}, nil
}

// checkSeed checks the length of a seed.
func checkSeed(seed []byte) error {
	if len(seed) < MinSeedLen || len(seed) > MaxSeedLen {
		return fieldErr("giveaway: seed", "%d bytes, want %d to %d", len(seed), MinSeedLen, MaxSeedLen)
	}
	return nil
}

// ParseCommitment parses 64 hexadecimal digits, upper or lower case, as
// [Commitment.String] writes them. Anything else is a *[commerce.FieldError]
// that matches [commerce.ErrSyntax].
func ParseCommitment(s string) (Commitment, error) {
	var c Commitment
	if len(s) != 2*sha256.Size {
		return Commitment{}, &commerce.FieldError{Field: "commitment",
			Reason: fmt.Sprintf("%d characters, want %d hex digits", len(s), 2*sha256.Size), Err: commerce.ErrSyntax}
	}
	if _, err := hex.Decode(c.sum[:], []byte(s)); err != nil {
		return Commitment{}, &commerce.FieldError{Field: "commitment", Reason: "not hexadecimal", Err: commerce.ErrSyntax}
	}
	return c, nil
}

// String returns the digest as 64 lower-case hexadecimal digits.
func (c Commitment) String() string { return hex.EncodeToString(c.sum[:]) }

// MarshalText returns the digest as [Commitment.String] writes it, 64
// lower-case hexadecimal digits, so that encoding/json writes a Commitment
// as a JSON string. The zero Commitment is 64 zeros.
func (c Commitment) MarshalText() ([]byte, error) { return hex.AppendEncode(nil, c.sum[:]), nil }

// UnmarshalText parses text with [ParseCommitment]: exactly 64
// hexadecimal digits, upper or lower case. Anything else is a
// *[commerce.FieldError] that matches [commerce.ErrSyntax] and leaves c
// unchanged.
func (c *Commitment) UnmarshalText(text []byte) error {
	p, err := ParseCommitment(string(text))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// Equal reports whether c and o are the same digest.
func (c Commitment) Equal(o Commitment) bool { return c == o }

// IsZero reports whether c is the zero Commitment.
func (c Commitment) IsZero() bool { return c == Commitment{} }

// Verify reports whether seed is the seed c commits to: it returns nil when
// SHA-256(seed) is c, an error matching [ErrCommitment] otherwise. It does
// not check the seed's length.
func (c Commitment) Verify(seed []byte) error {
	sum := sha256.Sum256(seed)
	if subtle.ConstantTimeCompare(sum[:], c.sum[:]) != 1 {
		return fmt.Errorf("live: giveaway: seed %x hashes to %x, not the commitment %v: %w", seed, sum, c, ErrCommitment)
	}
	return nil
}

// Entrant is what the platform knows of one viewer when a giveaway closes:
// the facts the eligibility rules read.
type Entrant struct {
	// ID identifies the viewer; a valid identifier in UTF-8.
	ID string
	// Follower is true when the viewer follows the host's account.
	Follower bool
	// GroupMember is true when the viewer is in one of the host's group
	// chats.
	GroupMember bool
	// Comments are the viewer's comments in the live, in any order.
	Comments []string
	// Watched is the viewer's total watch time in the live; never negative.
	Watched time.Duration
}

// equal reports whether e and o state the same facts. Comments are
// compared as a multiset: the same comments, each as many times, in any
// order.
func (e Entrant) equal(o Entrant) bool {
	return e.ID == o.ID && e.Follower == o.Follower && e.GroupMember == o.GroupMember &&
		e.Watched == o.Watched && sameComments(e.Comments, o.Comments)
}

// sameComments reports whether a and b hold the same strings, each as many
// times, in any order. Lists in the same order are compared in place; only
// lists that differ in order are copied and sorted.
func sameComments(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if slices.Equal(a, b) {
		return true
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// GiveawayRules are the conditions an entrant must meet to enter a
// giveaway. The zero value admits every entrant.
//
// Follower and GroupMember each require that relationship to the host;
// with both set, AnyOf admits an entrant who has either of them (any-of)
// instead of both (all-of). The keyword and the watch time are always
// required in addition, when set.
type GiveawayRules struct {
	// Follower requires the entrant to follow the host's account.
	Follower bool
	// GroupMember requires the entrant to be in one of the host's group
	// chats.
	GroupMember bool
	// AnyOf, with Follower and GroupMember both set, admits followers and
	// group members alike; it is refused with only one of them set.
	AnyOf bool
	// Keyword, when not empty, requires a comment that contains it. The
	// match is a substring match rune by rune under Unicode simple case
	// folding, the rule of strings.EqualFold: "WIN" matches "i win!" and
	// "抽奖" matches "我要抽奖". There is no other normalisation: a
	// full-width "ＷＩＮ" is not "WIN", and invalid UTF-8 in a comment reads
	// as U+FFFD. The keyword must be a valid identifier (no surrounding
	// space, no control characters) in valid UTF-8.
	Keyword string
	// MinWatch, when positive, requires at least that much watch time:
	// Watched >= MinWatch. It may not be negative.
	MinWatch time.Duration
}

// Validate checks the rules: AnyOf only with both relationships, a
// well-formed keyword and a MinWatch that is not negative. It returns a
// *[commerce.FieldError].
func (r GiveawayRules) Validate() error {
	if r.AnyOf && !(r.Follower && r.GroupMember) {
		return fieldErr("giveaway rules: any-of", "needs both Follower and GroupMember")
	}
	if r.Keyword != "" {
		if err := checkEntrantID("giveaway rules: keyword", r.Keyword); err != nil {
			return err
		}
	}
	if r.MinWatch < 0 {
		return fieldErr("giveaway rules: min watch", "%v is negative", r.MinWatch)
	}
	return nil
}

// checkEntrantID validates an identifier that a giveaway hashes and writes
// to JSON, which must also be valid UTF-8.
func checkEntrantID(field, id string) error {
	if err := checkID(field, id); err != nil {
		return err
	}
	if !utf8.ValidString(id) {
		return fieldErr(field, "%q is not valid UTF-8", id)
	}
	return nil
}

// Exclusion is the set of conditions an entrant fails, one bit each. The
// zero value fails none.
type Exclusion uint8

// The conditions an entrant can fail.
const (
	// NotFollower: the rules require following the host (with AnyOf, the
	// entrant is neither a follower nor a group member and has both bits).
	NotFollower Exclusion = 1 << iota
	// NotGroupMember: the rules require group membership.
	NotGroupMember
	// NoKeyword: no comment contains the keyword.
	NoKeyword
	// ShortWatch: the entrant watched less than the minimum.
	ShortWatch
)

// String lists the conditions failed, such as "not a follower, short
// watch", or "none".
func (x Exclusion) String() string {
	if x == 0 {
		return "none"
	}
	var parts []string
	for i, name := range exclusionNames {
		if x&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if rest := x &^ (1<<len(exclusionNames) - 1); rest != 0 {
		parts = append(parts, fmt.Sprintf("Exclusion(%#x)", uint8(rest)))
	}
	return strings.Join(parts, ", ")
}

var exclusionNames = [...]string{"not a follower", "not a group member", "no keyword", "short watch"}

// Excluded is an entrant the rules turn away.
type Excluded struct {
	// ID is the entrant's ID.
	ID string
	// Why holds the conditions the entrant fails; never zero.
	Why Exclusion
	// Watched is the entrant's watch time and MinWatch the rules' minimum,
	// for the message.
	Watched, MinWatch time.Duration
}

// String explains the exclusion, such as `"v-3": not a follower, watched
// 4m0s < 5m0s`.
func (x Excluded) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q:", x.ID)
	sep := " "
	add := func(s string) {
		b.WriteString(sep)
		b.WriteString(s)
		sep = ", "
	}
	switch {
	case x.Why&(NotFollower|NotGroupMember) == NotFollower|NotGroupMember:
		add("neither a follower nor a group member")
	case x.Why&NotFollower != 0:
		add("not a follower")
	case x.Why&NotGroupMember != 0:
		add("not a group member")
	}
	if x.Why&NoKeyword != 0 {
		add("no comment has the keyword")
	}
	if x.Why&ShortWatch != 0 {
		add(fmt.Sprintf("watched %v < %v", x.Watched, x.MinWatch))
	}
	if x.Why&^(NotFollower|NotGroupMember|NoKeyword|ShortWatch) != 0 || x.Why == 0 {
		add(x.Why.String())
	}
	return b.String()
}

// Eligibility is the outcome of the rules over the entrants.
type Eligibility struct {
	// IDs are the eligible entrants' IDs, each once, in byte order: the
	// list to pass to [Draw].
	IDs []string
	// Excluded are the other entrants, each once, in byte order of ID.
	Excluded []Excluded
}

// Eligible applies the rules to entrants, given in any order. An entrant
// listed twice with the same facts (the same comments in any order) counts
// once; listed twice with different facts, or with a malformed ID or a
// negative watch time, it is an error (a *[commerce.FieldError] naming the
// entrant). The entrants are not
// changed. Eligible builds no string per entrant: call [Excluded.String]
// for the reasons.
func (r GiveawayRules) Eligible(entrants []Entrant) (Eligibility, error) {
	if err := r.Validate(); err != nil {
		return Eligibility{}, err
	}
	ids := make([]string, len(entrants))
	why := make([]Exclusion, len(entrants))
	for i, e := range entrants {
		if !validID(e.ID) {
			return Eligibility{}, checkEntrantID(fmt.Sprintf("giveaway: entrant %d: id", i), e.ID)
		}
		if e.Watched < 0 {
			return Eligibility{}, fieldErr(fmt.Sprintf("giveaway: entrant %q: watched", e.ID), "%v is negative", e.Watched)
		}
		ids[i] = e.ID
		why[i] = r.check(e)
	}
	order, _ := sortOrder(ids, len(ids))
	var out Eligibility
	nExcluded := 0
	for _, x := range why {
		if x != 0 {
			nExcluded++
		}
	}
	out.IDs = make([]string, 0, len(entrants)-nExcluded)
	if nExcluded > 0 {
		out.Excluded = make([]Excluded, 0, nExcluded)
	}
	for k := 0; k < len(order); {
		i := order[k].idx
		k++
		for k < len(order) && ids[order[k].idx] == ids[i] {
			if !entrants[order[k].idx].equal(entrants[i]) {
				return Eligibility{}, fieldErr(fmt.Sprintf("giveaway: entrant %q", ids[i]), "listed twice with different facts")
			}
			k++
		}
		if why[i] == 0 {
			out.IDs = append(out.IDs, ids[i])
		} else {
			out.Excluded = append(out.Excluded, Excluded{ID: ids[i], Why: why[i], Watched: entrants[i].Watched, MinWatch: r.MinWatch})
		}
	}
	return out, nil
}

// check returns the conditions of r that e fails.
func (r GiveawayRules) check(e Entrant) Exclusion {
	var x Exclusion
	switch {
	case r.AnyOf:
		if !e.Follower && !e.GroupMember {
			x |= NotFollower | NotGroupMember
		}
	default:
		if r.Follower && !e.Follower {
			x |= NotFollower
		}
		if r.GroupMember && !e.GroupMember {
			x |= NotGroupMember
		}
	}
	if r.Keyword != "" && !slices.ContainsFunc(e.Comments, func(c string) bool { return containsFold(c, r.Keyword) }) {
		x |= NoKeyword
	}
	if e.Watched < r.MinWatch {
		x |= ShortWatch
	}
	return x
}

// containsFold reports whether sub occurs in s, rune by rune under Unicode
// simple case folding.
func containsFold(s, sub string) bool {
	if strings.Contains(s, sub) {
		return true
	}
	for i := 0; i < len(s); {
		if hasPrefixFold(s[i:], sub) {
			return true
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return false
}

// hasPrefixFold reports whether s starts with prefix under simple case
// folding, comparing rune pairs as strings.EqualFold does.
func hasPrefixFold(s, prefix string) bool {
	for _, want := range prefix {
		if s == "" {
			return false
		}
		got, w := utf8.DecodeRuneInString(s)
		s = s[w:]
		if got == want {
			continue
		}
		lo, hi := min(got, want), max(got, want)
		if hi < utf8.RuneSelf {
			if 'A' <= lo && lo <= 'Z' && hi == lo+'a'-'A' {
				continue
			}
			return false
		}
		f := unicode.SimpleFold(lo)
		for f != lo && f < hi {
			f = unicode.SimpleFold(f)
		}
		if f != hi {
			return false
		}
	}
	return true
}

// drawList is the sorted, deduplicated entrant list of a draw, read through
// order from the caller's ids without copying them.
type drawList struct {
	ids    []string
	order  []keyIndex // positions in ids in byte order, each ID once; nil when ids is already so
	digest [sha256.Size]byte
}

// len returns the number of distinct entrants.
func (l *drawList) len() int {
	if l.order == nil {
		return len(l.ids)
	}
	return len(l.order)
}

// at returns the i-th entrant in byte order.
func (l *drawList) at(i int) string {
	if l.order == nil {
		return l.ids[i]
	}
	return l.ids[l.order[i].idx]
}

// validID reports whether id is a valid entrant ID, without allocating.
func validID(id string) bool { return ident.Problem(id) == "" && utf8.ValidString(id) }

// entrantErr returns the error for the malformed entrant ID at index i.
func entrantErr(i int, id string) error {
	return checkEntrantID(fmt.Sprintf("giveaway: entrant %d", i), id)
}

// newDrawList validates ids, sorts and deduplicates them and computes the
// digest SHA-256(id₁ ‖ 0x0A ‖ id₂ ‖ 0x0A ‖ …) of the result. IDs hold no
// control characters, so the layout is unambiguous. Input already in
// strict byte order is validated and hashed in one pass and not copied.
func newDrawList(ids []string) (drawList, error) {
	l := drawList{ids: ids}
	h := digestWriter{h: sha256.New()}
	sorted := 0
	for ; sorted < len(ids); sorted++ {
		id := ids[sorted]
		if !validID(id) {
			return drawList{}, entrantErr(sorted, id)
		}
		if sorted > 0 && ids[sorted-1] >= id {
			break
		}
		h.add(id)
	}
	if sorted < len(ids) {
		order, bad := sortOrder(ids, sorted)
		if bad >= 0 {
			return drawList{}, entrantErr(bad, ids[bad])
		}
		h = digestWriter{h: sha256.New()}
		// Neighbours with different keys differ (see radixKeys), so only
		// equal keys need the strings compared.
		n := 0
		for k, x := range order {
			if k == 0 || x.key != order[k-1].key || ids[x.idx] != ids[order[n-1].idx] {
				order[n] = x
				n++
				h.add(ids[x.idx])
			}
		}
		l.order = order[:n]
	}
	h.sum(&l.digest)
	return l, nil
}

// digestWriter hashes IDs each followed by a line feed, through a buffer
// so that short IDs do not cost a hash call each.
type digestWriter struct {
	h   hash.Hash
	buf [4096]byte
	n   int
}

// add writes id and a line feed.
func (w *digestWriter) add(id string) {
	if w.n+len(id)+1 > len(w.buf) {
		w.h.Write(w.buf[:w.n])
		w.n = 0
		if len(id)+1 > len(w.buf) {
			w.h.Write([]byte(id))
			id = ""
		}
	}
	w.n += copy(w.buf[w.n:], id)
	w.buf[w.n] = '\n'
	w.n++
}

// sum writes the digest to d.
func (w *digestWriter) sum(d *[sha256.Size]byte) {
	w.h.Write(w.buf[:w.n])
	w.h.Sum(d[:0])
}

// stream is the draw's deterministic word stream: block i is
// SHA-256(seed ‖ digest ‖ i as 8 bytes big-endian), read as four
// big-endian uint64 words.
type stream struct {
	in    [MaxSeedLen + sha256.Size + 8]byte
	n     int // bytes of in used
	block uint64
	sum   [sha256.Size]byte
	word  int // next word of sum; 4 when a new block is due
}

func newStream(seed []byte, digest [sha256.Size]byte) *stream {
	s := &stream{word: 4}
	s.n = copy(s.in[:], seed)
	s.n += copy(s.in[s.n:], digest[:])
	s.n += 8
	return s
}

// next returns the next word.
func (s *stream) next() uint64 {
	if s.word == 4 {
		binary.BigEndian.PutUint64(s.in[s.n-8:s.n], s.block)
		s.sum = sha256.Sum256(s.in[:s.n])
		s.block++
		s.word = 0
	}
	w := binary.BigEndian.Uint64(s.sum[8*s.word:])
	s.word++
	return w
}

// uniform returns a uniform integer in [0, n) for n ≥ 1: the first word x
// with x < 2⁶⁴ − (2⁶⁴ mod n), taken mod n; words at or above that limit are
// rejected so that no residue is favoured.
func (s *stream) uniform(n uint64) uint64 {
	for {
		if v, ok := pick(s.next(), n); ok {
			return v
		}
	}
}

// pick maps the word x to [0, n), or reports false when x must be rejected.
func pick(x, n uint64) (uint64, bool) {
	rem := (math.MaxUint64%n + 1) % n // 2⁶⁴ mod n
	if x > math.MaxUint64-rem {
		return 0, false
	}
	return x % n, true
}

// Draw verifies that seed is the seed commitment c was made from, then
// draws min(prizes, entrants) winners, each once, from the distinct
// entrants, and returns the audit record. The entrants are the eligible IDs
// (see [GiveawayRules.Eligible]) in any order; an ID listed twice counts
// once, so the winners depend only on the seed and the set of IDs. With
// fewer entrants than prizes, everyone wins, in draw order, and
// [Audit.Unfilled] counts the prizes left over. Winners are in draw order:
// prize 1, prize 2, …; drawing more prizes extends the list of fewer.
//
// A seed that does not hash to c is an error matching [ErrCommitment] and
// nothing is drawn. A seed of the wrong length, a prize count under 1 or a
// malformed ID is a *[commerce.FieldError]. The entrants are not changed.
//
// # The algorithm, to re-check by hand
//
// Version "livecommerce-giveaway/v1" ([GiveawayVersion]):
//
//  1. Commitment: SHA-256(seed), in lower-case hex.
//  2. The list: the distinct IDs sorted by their UTF-8 bytes (as LC_ALL=C
//     sort does), n of them. Its digest D is SHA-256 of every ID followed by
//     one line feed (0x0A), the last one too; no list is the empty input.
//  3. The stream: block i (i = 0, 1, …) is SHA-256(seed ‖ D ‖ i), where D is
//     the 32 raw digest bytes and i is 8 bytes big-endian; each block gives
//     four 64-bit words, big-endian, in order.
//  4. A uniform integer in [0, m): take the next word x; if x ≥ 2⁶⁴ − (2⁶⁴
//     mod m) discard it and take the next; otherwise the integer is x mod m.
//  5. A partial Fisher–Yates shuffle of the positions 0 … n−1 of the list:
//     for prize k = 0, 1, … while k < min(prizes, n), j = k + uniform(n − k),
//     swap positions k and j; prize k+1 goes to the ID at position k. A
//     draw from one remaining position still takes a word.
//
// With a shell, for the IDs in ids.txt (one a line, each line ended) and
// the seed in hex in $SEED:
//
//	echo "$SEED" | xxd -r -p | sha256sum                     # the commitment
//	D=$(LC_ALL=C sort -u ids.txt | sha256sum | cut -c1-64)   # the list digest
//	echo "$SEED$D"0000000000000000 | xxd -r -p | sha256sum   # block 0
//
// The test vectors in testdata/giveaway_vectors.json (seed, entrants,
// prizes, winners) were re-checked this way and by an independent
// implementation.
//
// Binding the host to a seed before entries open stops it from choosing the
// seed to suit the entrants. The host still knows the seed, so publish the
// entrant list when entries close (the audit record carries its count and
// digest) for every viewer to find their own name on it.
func Draw(c Commitment, seed []byte, entrants []string, prizes int) (Audit, error) {
	if err := checkSeed(seed); err != nil {
		return Audit{}, err
	}
	if prizes < 1 {
		return Audit{}, fieldErr("giveaway: prizes", "%d, want at least 1", prizes)
	}
	if err := c.Verify(seed); err != nil {
		return Audit{}, err
	}
	l, err := newDrawList(entrants)
	if err != nil {
		return Audit{}, err
	}
	return Audit{
		commitment: c,
		seed:       slices.Clone(seed),
		entrants:   l.len(),
		digest:     l.digest,
		prizes:     prizes,
		winners:    l.draw(seed, prizes),
	}, nil
}

// draw runs the partial Fisher–Yates shuffle of the list's positions for
// min(prizes, n) prizes. Positions the shuffle has moved are kept in a map
// when few are drawn, in a full permutation when many are.
func (l *drawList) draw(seed []byte, prizes int) []string {
	n := l.len()
	k := min(prizes, n)
	winners := make([]string, k)
	s := newStream(seed, l.digest)
	if k <= n/8 {
		moved := make(map[int]int, k)
		at := func(p int) int {
			if v, ok := moved[p]; ok {
				return v
			}
			return p
		}
		for i := range k {
			j := i + int(s.uniform(uint64(n-i)))
			vi, vj := at(i), at(j)
			moved[j] = vi
			winners[i] = l.at(vj)
		}
		return winners
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for i := range k {
		j := i + int(s.uniform(uint64(n-i)))
		perm[i], perm[j] = perm[j], perm[i]
		winners[i] = l.at(perm[i])
	}
	return winners
}

// keyIndex is a position in a list of IDs and 8 bytes of the ID, for the
// radix sort.
type keyIndex struct {
	key uint64
	idx int
}

// sortOrder returns the positions of ids in byte order of the IDs, equal
// IDs in any order, validating the IDs from index check on; it returns the
// index of the first malformed one, or -1.
//
// Sorting 10⁶ shuffled strings by comparison costs about 20 compares each,
// most of them cache misses on the strings' bytes. This radix sort reads
// each ID twice, to validate it and find the prefix every ID shares, then
// for the 8 bytes past it; it sorts on those 8 bytes and reads an ID again
// only to break a tie on them.
func sortOrder(ids []string, check int) ([]keyIndex, int) {
	n := len(ids)
	if n < radixMin {
		for i := check; i < n; i++ {
			if !validID(ids[i]) {
				return nil, i
			}
		}
		a := make([]keyIndex, n)
		for i := range a {
			a[i].idx = i
		}
		radixSort(ids, 0, a, nil)
		return a, -1
	}
	first := ids[0]
	lcp := len(first)
	for i, id := range ids {
		if i >= check && !validID(id) {
			return nil, i
		}
		m := min(lcp, len(id))
		j := 0
		for j < m && id[j] == first[j] {
			j++
		}
		lcp = j
	}
	buf := make([]keyIndex, 2*n)
	a, tmp := buf[:n], buf[n:]
	for i, id := range ids {
		a[i] = keyIndex{key: chunk(id, lcp), idx: i}
	}
	radixKeys(ids, lcp, a, tmp)
	return a, -1
}

// radixMin is the run length under which a comparison sort is faster;
// from wideRadixMin on, four passes on 16-bit digits beat eight on bytes.
const (
	radixMin     = 64
	wideRadixMin = 1 << 16
)

// radixPasses16 sorts a by key, least significant 16 bits first, skipping
// digits every key shares, with tmp as scratch. It returns the slice that
// holds the result, a or tmp.
func radixPasses16(a, tmp []keyIndex) []keyIndex {
	counts := make([]int, 4<<16)
	for _, x := range a {
		for d := range 4 {
			counts[d<<16|int(uint16(x.key>>(16*d)))]++
		}
	}
	src, dst := a, tmp
	for d := range 4 {
		c := counts[d<<16 : (d+1)<<16]
		if c[uint16(src[0].key>>(16*d))] == len(a) {
			continue // every key has this digit
		}
		sum := 0
		for i := range c {
			sum, c[i] = sum+c[i], sum
		}
		for _, x := range src {
			j := uint16(x.key >> (16 * d))
			dst[c[j]] = x
			c[j]++
		}
		src, dst = dst, src
	}
	return src
}

// radixSort sorts a, whose IDs agree on their first depth bytes, by ID;
// tmp is scratch of the same length. IDs hold no NUL, so a short ID padded
// with zeros sorts before every longer ID it is a prefix of.
func radixSort(ids []string, depth int, a, tmp []keyIndex) {
	if len(a) < radixMin {
		slices.SortFunc(a, func(x, y keyIndex) int { return strings.Compare(ids[x.idx][depth:], ids[y.idx][depth:]) })
		return
	}
	d := depth + commonPrefix(ids, a, depth)
	for i := range a {
		a[i].key = chunk(ids[a[i].idx], d)
	}
	radixKeys(ids, d, a, tmp)
}

// radixKeys sorts a, whose keys are bytes d to d+8 of their IDs and whose
// IDs agree on their first d bytes, by ID. A tie is broken by a deeper
// sort that rewrites the keys of the whole run with the next 8 bytes, so
// once sorted, neighbours with different keys have different IDs.
func radixKeys(ids []string, d int, a, tmp []keyIndex) {
	n := len(a)
	src, dst := a, tmp
	if n >= wideRadixMin {
		src = radixPasses16(a, tmp)
	} else {
		var counts [8][256]int
		for _, x := range a {
			for b := range 8 {
				counts[b][byte(x.key>>(8*b))]++
			}
		}
		for b := range 8 {
			c := &counts[b]
			if c[byte(src[0].key>>(8*b))] == n {
				continue // every key has this byte
			}
			sum := 0
			for i := range c {
				sum, c[i] = sum+c[i], sum
			}
			for _, x := range src {
				j := byte(x.key >> (8 * b))
				dst[c[j]] = x
				c[j]++
			}
			src, dst = dst, src
		}
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
	// Runs of equal keys go on with the next 8 bytes while an ID has more;
	// an ID that ends at d+8 then has the key 0 and comes first. A run of
	// IDs that all end by d+8 is one ID repeated, as no ID holds a NUL.
	for i := 0; i < n; {
		j := i + 1
		for j < n && a[j].key == a[i].key {
			j++
		}
		if j-i > 1 && slices.ContainsFunc(a[i:j], func(x keyIndex) bool { return len(ids[x.idx]) > d+8 }) {
			radixSort(ids, d+8, a[i:j], tmp[i:j])
		}
		i = j
	}
}

// commonPrefix returns the length of the prefix that the IDs of a share
// from byte depth on.
func commonPrefix(ids []string, a []keyIndex, depth int) int {
	first := ids[a[0].idx]
	if len(first) <= depth {
		return 0
	}
	p := first[depth:]
	for _, x := range a[1:] {
		s := ids[x.idx]
		if len(s) <= depth {
			return 0
		}
		s = s[depth:]
		m := min(len(p), len(s))
		i := 0
		for i < m && s[i] == p[i] {
			i++
		}
		if i == 0 {
			return 0
		}
		p = p[:i]
	}
	return len(p)
}

// chunk returns bytes d to d+8 of s, big-endian, zero-padded.
func chunk(s string, d int) uint64 {
	if len(s) >= d+8 {
		s = s[d : d+8]
		return uint64(s[0])<<56 | uint64(s[1])<<48 | uint64(s[2])<<40 | uint64(s[3])<<32 |
			uint64(s[4])<<24 | uint64(s[5])<<16 | uint64(s[6])<<8 | uint64(s[7])
	}
	if d >= len(s) {
		return 0
	}
	var b [8]byte
	copy(b[:], s[d:])
	return binary.BigEndian.Uint64(b[:])
}
