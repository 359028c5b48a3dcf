package incentive

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomGrant is a grant whose every field is, at random, zero, -1, a
// small or an extreme value: each field alone and together, present or
// absent in its packed form.
func randomGrant(r *rand.Rand) grant {
	i64 := func() int64 {
		return []int64{0, 0, 0, -1, 1, r.Int64N(1 << 40), -r.Int64N(1 << 40), math.MaxInt64, math.MinInt64}[r.IntN(9)]
	}
	i32 := func() int32 { return []int32{0, 0, -1, 1, r.Int32N(1 << 20), math.MaxInt32, math.MinInt32}[r.IntN(7)] }
	nsec := func() int32 { return []int32{0, 0, -1, 1, 999_999_999, r.Int32N(1e9)}[r.IntN(6)] }
	idx := func() int32 { return []int32{-1, -1, 0, 1, r.Int32N(1 << 20), math.MaxInt32 - 1}[r.IntN(6)] }
	return grant{
		at: unixTime{i64(), nsec()}, from: unixTime{i64(), nsec()}, to: unixTime{i64(), nsec()},
		amount: i64(), views: i64(), count: i64(), measured: i64(), capUsed: i64(), capLeft: i64(),
		rank: i32(), rule: r.Int32N(math.MaxInt32), award: idx(), product: idx(), store: idx(), day: i32(), month: i32(),
		kind: AwardKind(r.IntN(256)), flags: uint8(r.IntN(256)),
	}
}

// aloneSize is the size of gs packed each alone: 4 words and one per
// field not zero, less 3 (pSame) for a grant of the instants of the one
// before it.
func aloneSize(gs []grant) int {
	n := 0
	for k := range gs {
		n += 4 + ones(gs[k].mask())
		if k > 0 && gs[k].at.sec == gs[k-1].at.sec && gs[k].from.sec == gs[k-1].from.sec && gs[k].to.sec == gs[k-1].to.sec {
			n -= 3
		}
	}
	return n
}

// TestPackRoundTrip: packing is lossless. Random grants, alone and in
// runs, packed into their own allocation or into a shared slab, unpack
// to themselves, each in 4 words and one per field not zero, 3 fewer
// for the instants of the grant before (a third of them); a plain rule's
// grant (no field) in 4, or 1 after the same instants. A Result holds
// the same words, inline when they fit.
func TestPackRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 43)) // any fixed seed
	var slab []int64
	var inline, outside int
	for range longCases(3000, 300000) {
		gs := make([]grant, r.IntN(80)) // past a Result's inline room of 48 words
		for k := range gs {
			gs[k] = randomGrant(r)
			if k > 0 && r.IntN(3) == 0 { // the instants of the grant before, nanoseconds or not
				gs[k].at.sec, gs[k].from.sec, gs[k].to.sec = gs[k-1].at.sec, gs[k-1].from.sec, gs[k-1].to.sec
			}
		}
		for _, s := range []*[]int64{nil, &slab} {
			w := packAll(gs, s)
			require.Len(t, w, aloneSize(gs))
			require.Equal(t, len(w), cap(w), "a result cannot append into the slab")
			inline, outside = inResult(t, gs, s, w, inline, outside)
			got := unpackAll(w)
			if len(gs) == 0 {
				require.Empty(t, got)
				continue
			}
			require.Equal(t, gs, got)
		}
	}
	plain := grant{at: unixTime{sec: 1709222400}, from: unixTime{sec: 1709222400}, to: unixTime{sec: 1709308800}, rule: 11, award: -1, product: -1, store: -1, kind: Perk}
	assert.Len(t, packAll([]grant{plain}, nil), 4)
	assert.Zero(t, plain.mask())
	zero := grant{rule: 11, award: -1, product: -1, store: -1}
	assert.Len(t, packAll([]grant{zero}, nil), 4, "the first record writes its instants, even zero ones")
	whyNot := plain
	whyNot.flags = gWhyNot
	for _, gs := range [][]grant{{plain, plain}, {whyNot, plain}, {plain, whyNot}, {zero, zero, plain, plain}} {
		w := packAll(gs, nil)
		assert.Len(t, w, aloneSize(gs))
		assert.Equal(t, gs, unpackAll(w))
	}
	assert.Len(t, packAll([]grant{plain, plain, plain}, nil), 4+1+1, "pSame after pSame")
	assert.Positive(t, inline)
	assert.Positive(t, outside)
}

// inResult checks that a Result given the grants gs, with slab, holds w,
// their words packed, inline when they fit in its room and else not,
// the room it does not use zero also in a result that held more, and
// adds one to inline or outside.
func inResult(t *testing.T, gs []grant, slab *[]int64, w []int64, inline, outside int) (int, int) {
	t.Helper()
	var res Result
	res.setGrants(gs, slab, nil)
	require.Equal(t, len(w), len(res.words()))
	if len(w) > 0 {
		require.Equal(t, w, res.words())
	}
	// A result holding longer grants inline (as Rank's do before their
	// ranks) that takes gs holds what a new one does.
	reused := Result{n: inlineWords}
	for k := range reused.inline {
		reused.inline[k] = int64(k + 1)
	}
	reused.setGrants(gs, nil, nil)
	require.Equal(t, res.inline, reused.inline)
	require.Equal(t, res.n, reused.n)
	if len(w) <= inlineWords {
		require.Nil(t, res.grants, "%d words fit inline", len(w))
		return inline + 1, outside
	}
	require.Equal(t, len(w), cap(res.grants), "a result cannot append into the slab")
	require.Equal(t, [inlineWords]int64{}, res.inline, "the room not used is zero")
	return inline, outside + 1
}

// ones counts the bits set in m, one at a time: what packAll reads with
// bits.OnesCount64.
func ones(m uint64) int {
	n := 0
	for ; m != 0; m >>= 1 {
		n += int(m & 1)
	}
	return n
}

// TestMaskMatchesFields holds grant.mask, with its shortcut for a grant
// without fields, to the fields one by one.
func TestMaskMatchesFields(t *testing.T) {
	r := rand.New(rand.NewPCG(47, 53)) // any fixed seed
	for range longCases(5000, 500000) {
		g := randomGrant(r)
		f := [pFields]int64{int64(g.at.nsec), int64(g.from.nsec), int64(g.to.nsec), g.amount, g.views, g.count, g.measured,
			g.capUsed, g.capLeft, int64(g.rank), int64(g.award) + 1, int64(g.product) + 1, int64(g.store) + 1, int64(g.day), int64(g.month)}
		var want uint64
		for k, v := range f {
			if v != 0 {
				want |= 1 << k
			}
		}
		require.Equal(t, want, g.mask(), "%+v", g)
	}
}

// TestPackAllSlabs: results packed into a slab share it until it is
// full, then take a new one; grants of more than a quarter of a slab take
// their own allocation and leave the slab as it was.
func TestPackAllSlabs(t *testing.T) {
	plain := grant{rule: 1, award: -1, product: -1, store: -1}
	other := plain
	other.to.sec = 1 // not plain's instants: 4 words after it
	var slab []int64
	a := packAll([]grant{plain}, &slab)
	b := packAll([]grant{plain, other}, &slab)
	require.Len(t, slab, 12)
	assert.Equal(t, slabWords, cap(slab))
	assert.Same(t, &slab[0], &a[0], "the first result starts the slab")
	assert.Same(t, &slab[4], &b[0], "the second follows it")
	big := make([]grant, slabWords/16+1) // 4 words each: more than a quarter of a slab
	for k := range big {
		big[k] = plain
		big[k].to.sec = int64(k)
	}
	c := packAll(big, &slab)
	assert.Len(t, c, 4*len(big))
	assert.Len(t, slab, 12, "a large result leaves the slab")
	for len(slab)+4 <= cap(slab) {
		packAll([]grant{plain}, &slab)
	}
	full := &slab[0]
	d := packAll([]grant{plain}, &slab)
	assert.NotSame(t, full, &slab[0], "a full slab is replaced")
	assert.Same(t, &slab[0], &d[0])
	assert.Nil(t, packAll(nil, &slab))
}
