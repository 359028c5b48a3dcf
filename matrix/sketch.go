package matrix

import (
	"fmt"
	"math"
	"math/bits"
)

// The precisions of a [Sketch].
const (
	// MinPrecision and MaxPrecision bound a Sketch's precision p: 2^4 = 16
	// registers (16 bytes, standard error 26%) to 2^18 = 262,144 registers
	// (256 KiB, 0.20%), the range of axiomhq/hyperloglog.
	MinPrecision = 4
	MaxPrecision = 18
	// DefaultPrecision, 14, is the precision of the zero Sketch: 16,384
	// registers in 16 KiB, standard error 1.04/√16384 ≈ 0.81%.
	DefaultPrecision = 14
)

// Sketch is a HyperLogLog sketch of a set of people, for the approximate
// distinct count of a union: a sketch per partition, network or day,
// merged, estimates the people of their union in 2^p bytes, whatever the
// number of people. It estimates unions only. It has no intersection:
// estimating |A ∩ B| as |A| + |B| − |A ∪ B| from sketches subtracts
// estimates whose errors are proportional to |A ∪ B|, so for two sets of
// 200,000 that share 500 the error is thousands of people, several times
// the answer (the anchors' regression vector, c.3). Intersect exact [Set]s
// instead.
//
// # Representation
//
// A sketch of precision p (4 to 18) has m = 2^p registers of one byte. A
// person's ID is hashed to 64 bits by a fixed function, FNV-1a (64-bit)
// followed by MurmurHash3's fmix64 finaliser, so the same person lands in
// the same register on every machine and in every network: sketches of
// different partitions, processes or networks merge. The top p bits of
// the hash choose the register; the register keeps the largest rank seen,
// the position of the first one bit in the remaining 64 − p bits (1 to
// 65 − p).
//
// # Estimate and error
//
// [Sketch.Estimate] uses Otmar Ertl's improved raw estimator ("New
// cardinality estimation algorithms for HyperLogLog sketches", 2017,
// algorithm 6) over the histogram C of register values:
//
//	z = m·τ(1 − C[65−p]/m); z = (z + C[k])/2 for k = 64−p down to 1
//	z = z + m·σ(C[0]/m); estimate = m²/(2·ln 2·z)
//
// σ corrects for empty registers (it is what linear counting, m·ln(m/C[0]),
// does for small sets, without a switch-over threshold) and τ for
// saturated ones, so the estimate is nearly unbiased over the whole range
// and needs no empirical bias table. The relative standard error is about
// 1.04/√m: 0.81% at the default p = 14, so about one estimate in 70 is
// off by more than 2%. The package's tests check, over 20 seeds at 1,000
// to 300,000 people (10⁶ in the long run), that the mean |error| at p = 14
// is within 2% (it measures 0.4% to 0.7%), the root-mean-square error
// within 1.5 × 0.81%, and every estimate within 4σ, 3.25%.
//
// Merging takes the larger of each pair of registers, so it is
// associative, commutative and idempotent: adding a person twice, or
// merging a sketch into itself, changes nothing.
//
// The zero Sketch is an empty sketch of [DefaultPrecision], ready to use.
// A Sketch is not safe for concurrent use; a sketch no longer changed may
// be read by many goroutines.
type Sketch struct {
	p   uint8   // 0 for DefaultPrecision
	reg []uint8 // 2^p registers; nil while empty
}

// NewSketch returns an empty sketch of precision p, 2^p registers. A
// precision outside [MinPrecision, MaxPrecision] is a
// *[commerce.FieldError].
func NewSketch(p int) (*Sketch, error) {
	if p < MinPrecision || p > MaxPrecision {
		return nil, fieldErr("precision", "%d outside %d to %d", p, MinPrecision, MaxPrecision)
	}
	return &Sketch{p: uint8(p)}, nil
}

// Precision returns the sketch's precision p; it has 2^p registers.
func (s *Sketch) Precision() int {
	if s.p == 0 {
		return DefaultPrecision
	}
	return int(s.p)
}

// registers returns the registers, allocating them on first use.
func (s *Sketch) registers() []uint8 {
	if s.reg == nil {
		s.reg = make([]uint8, 1<<s.Precision())
	}
	return s.reg
}

// hashID is the sketch's fixed 64-bit hash of a person's ID: FNV-1a
// (offset 14695981039346656037, prime 1099511628211) finalised by
// MurmurHash3's fmix64.
func hashID(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := range len(id) {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Add adds the person with ID id. It does not allocate once the sketch
// holds a person.
func (s *Sketch) Add(id string) {
	s.addHash(hashID(id))
}

// addHash adds a person by the hash of its ID.
func (s *Sketch) addHash(h uint64) {
	p := uint(s.Precision())
	reg := s.registers()
	i := h >> (64 - p)
	// The sentinel bit bounds the rank at 65 − p.
	rank := uint8(bits.LeadingZeros64(h<<p|1<<(p-1))) + 1
	if rank > reg[i] {
		reg[i] = rank
	}
}

// Merge adds the people of o to s: register by register, the larger
// value. The sketches must have the same precision (a mismatch is a
// *[commerce.FieldError] and changes nothing). Merging is associative and
// commutative. A nil o is an empty sketch.
func (s *Sketch) Merge(o *Sketch) error {
	if o == nil {
		return nil
	}
	if s.Precision() != o.Precision() {
		return fieldErr("precision", "cannot merge a sketch of precision %d into one of %d", o.Precision(), s.Precision())
	}
	if o.reg == nil {
		return nil
	}
	reg := s.registers()
	for i, v := range o.reg {
		reg[i] = max(reg[i], v)
	}
	return nil
}

// Clone returns an independent copy of s.
func (s *Sketch) Clone() *Sketch {
	c := &Sketch{p: s.p}
	if s.reg != nil {
		c.reg = append([]uint8(nil), s.reg...)
	}
	return c
}

// Equal reports whether s and o have the same precision and registers:
// whether they sketch the same people as far as a sketch can tell. A nil
// o is the zero Sketch.
func (s *Sketch) Equal(o *Sketch) bool {
	if o == nil {
		o = new(Sketch)
	}
	if s.Precision() != o.Precision() {
		return false
	}
	switch {
	case s.reg == nil && o.reg == nil:
		return true
	case s.reg == nil:
		return isZero(o.reg)
	case o.reg == nil:
		return isZero(s.reg)
	}
	return string(s.reg) == string(o.reg)
}

// isZero reports whether every register is 0.
func isZero(reg []uint8) bool {
	for _, v := range reg {
		if v != 0 {
			return false
		}
	}
	return true
}

// Estimate returns the estimated number of distinct people added to the
// sketch and to the sketches merged into it, rounded to the nearest
// integer; 0 for an empty sketch. Its relative standard error is about
// 1.04/√(2^p).
func (s *Sketch) Estimate() uint64 {
	if s.reg == nil {
		return 0
	}
	p := s.Precision()
	q := 64 - p
	var c [66]int // C[k]: the registers holding k, for k = 0 … q+1
	for _, v := range s.reg {
		c[v]++
	}
	m := float64(len(s.reg))
	if c[0] == len(s.reg) {
		return 0
	}
	z := m * tau(1-float64(c[q+1])/m)
	for k := q; k >= 1; k-- {
		z = 0.5 * (z + float64(c[k]))
	}
	z += m * sigma(float64(c[0])/m)
	return uint64(math.Round(m * m / (2 * math.Ln2 * z)))
}

// sigma is Ertl's σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k−1), for 0 ≤ x < 1.
func sigma(x float64) float64 {
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

// tau is Ertl's τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))²·2^−k)/3, for 0 ≤
// x ≤ 1.
func tau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}

// The binary form of a sketch: sketchMagic, sketchVersion, p, then the
// 2^p registers.
const (
	sketchMagic   = "HLL"
	sketchVersion = 1
	sketchHeader  = len(sketchMagic) + 2
)

// MarshalBinary returns the sketch as bytes for [Sketch.UnmarshalBinary],
// to merge sketches from other processes: "HLL", version 1, p, then the
// 2^p one-byte registers.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	p := s.Precision()
	b := make([]byte, sketchHeader+1<<p)
	copy(b, sketchMagic)
	b[3], b[4] = sketchVersion, byte(p)
	copy(b[sketchHeader:], s.reg)
	return b, nil
}

// UnmarshalBinary sets s to the sketch b holds, as [Sketch.MarshalBinary]
// wrote it. Malformed bytes (a wrong header, version, precision or
// length, or a register above 65 − p) are a *[commerce.FieldError], and s
// is unchanged.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	if len(b) < sketchHeader || string(b[:3]) != sketchMagic {
		return fieldErr("sketch", "not a sketch")
	}
	if b[3] != sketchVersion {
		return fieldErr("sketch.version", "unknown version %d", b[3])
	}
	p := int(b[4])
	if p < MinPrecision || p > MaxPrecision {
		return fieldErr("sketch.precision", "%d outside %d to %d", p, MinPrecision, MaxPrecision)
	}
	reg := b[sketchHeader:]
	if len(reg) != 1<<p {
		return fieldErr("sketch.registers", "%d registers for precision %d, want %d", len(reg), p, 1<<p)
	}
	for i, v := range reg {
		if int(v) > 65-p {
			return fieldErr(fmt.Sprintf("sketch.registers[%d]", i), "%d above the largest rank %d", v, 65-p)
		}
	}
	s.p, s.reg = uint8(p), append([]uint8(nil), reg...)
	return nil
}

// Sketch returns a sketch of precision p of a's people, hashing their IDs
// as [Sketch.Add] does, so it merges with sketches of other networks and
// of people added by ID. Errors are those of [Network.Audience] and
// [NewSketch].
func (n *Network) Sketch(a Audience, p int) (*Sketch, error) {
	s, err := NewSketch(p)
	if err != nil {
		return nil, err
	}
	set, err := n.Audience(a)
	if err != nil {
		return nil, err
	}
	for m := range set.All() {
		s.Add(n.people[m])
	}
	return s, nil
}
