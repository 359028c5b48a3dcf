package referral

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longCases returns n, or long when LIVECOMMERCE_LONG=1 asks for the full
// size. (Not named cases: another test file of this package may use that
// name.)
func longCases(n, long int) int {
	if os.Getenv("LIVECOMMERCE_LONG") == "1" {
		return long
	}
	return n
}

// refGraph is the naive reference the property test compares Graph with:
// bindings by name in a map, cycles found by walking names with a step
// bound.
type refGraph struct {
	joined  map[string]time.Time
	binding map[string]Binding
}

// hasAncestor reports whether a is m or one of m's ancestors through the
// stored bindings, walking at most limit steps; it fails the test if the
// walk does not end, which would mean a cycle.
func (r *refGraph) hasAncestor(t *testing.T, a, m string, limit int) bool {
	for steps := 0; m != ""; steps++ {
		if m == a {
			return true
		}
		if steps > limit {
			t.Fatalf("the reference walk from %q does not end: a cycle", m)
		}
		m = r.binding[m].Referrer
	}
	return false
}

// apply is Graph.Bind on the reference: the decision and the error class
// (nil, ErrUnknownMember, ErrSelfReferral or ErrCycle) it expects.
func (r *refGraph) apply(t *testing.T, p BindPolicy, touch Touch) (Decision, error) {
	switch {
	case touch.Member == touch.Referrer:
		return Decision{}, ErrSelfReferral
	case r.joined[touch.Referrer].IsZero():
		return Decision{}, ErrUnknownMember
	}
	cur := r.binding[touch.Member]
	d, err := p.Decide(r.joined[touch.Member], cur, touch)
	if err != nil {
		t.Fatal(err)
	}
	if d.Changed() && d.Binding.Referrer != cur.Referrer && r.hasAncestor(t, touch.Member, touch.Referrer, len(r.joined)) {
		return Decision{}, ErrCycle
	}
	if d.Changed() {
		r.binding[touch.Member] = d.Binding
	}
	return d, nil
}

// upline is Graph.Upline on the reference.
func (r *refGraph) upline(m string, at time.Time, levels int) []Ancestor {
	var out []Ancestor
	for ; levels > 0; levels-- {
		b := r.binding[m]
		if !b.ValidAt(at) {
			break
		}
		m = b.Referrer
		out = append(out, Ancestor{ID: m})
	}
	return out
}

// checkForest checks, independently of Graph's own walk, that the stored
// links of g form a forest: every member's chain of referrers ends, found by
// an iterative depth-first search with colours. It returns the depth of
// the deepest member.
func checkForest(t *testing.T, g *Graph) int32 {
	t.Helper()
	const unknown, onPath = -1, -2
	depth := make([]int32, g.Len())
	for i := range depth {
		depth[i] = unknown
	}
	var path []int32
	for start := range depth {
		path = path[:0]
		i := int32(start)
		for depth[i] == unknown {
			depth[i] = onPath
			path = append(path, i)
			b, _, err := g.Binding(g.ids[i])
			if err != nil {
				t.Fatal(err)
			}
			if b.IsZero() {
				break
			}
			i = g.index[b.Referrer]
			if depth[i] == onPath {
				t.Fatalf("cycle through %q", g.ids[i])
			}
		}
		d := int32(0)
		if depth[i] >= 0 {
			d = depth[i] + 1
		}
		for k := len(path) - 1; k >= 0; k-- {
			depth[path[k]] = d
			d++
		}
	}
	return slices.Max(depth)
}

// TestGraphProperties applies random binds, rebinds, cycles, strangers and
// self-referrals to a forest and checks after each one that the graph agrees
// with the naive reference (decision, error, stored binding), that a
// rejected bind changes nothing, and, at checkpoints, that the whole forest
// agrees and has no cycle. Sizes: 40,000 operations on 2,000 members, or
// 10^6 on 10^5 with LIVECOMMERCE_LONG=1.
func TestGraphProperties(t *testing.T) {
	members := longCases(2_000, 100_000)
	ops := longCases(40_000, 1_000_000)
	r := rand.New(rand.NewPCG(2024, 618))
	start := bindJoined()
	policies := []BindPolicy{
		{Mode: BindPermanent},
		{Mode: BindExpiring, Validity: bindDays(7)},
		{Mode: BindLastTouch},
		{Mode: BindLastTouch, Validity: bindDays(30), Protection: bindDays(3)},
		{Mode: BindLastTouch, Protection: 6 * time.Hour, NewUsersOnly: true, SignupWindow: bindDays(20)},
	}

	var g Graph
	g.Grow(members)
	ref := refGraph{joined: make(map[string]time.Time, members), binding: make(map[string]Binding, members)}
	ids := make([]string, members)
	for i := range ids {
		ids[i] = fmt.Sprintf("u%d", i)
		joined := start.Add(time.Duration(r.Int64N(int64(bindDays(10)))))
		require.NoError(t, g.Join(ids[i], joined))
		ref.joined[ids[i]] = joined
	}

	now := start
	counts := map[string]int{}
	checkpoint := max(ops/20, 1)
	deepest := int32(0)
	for op := range ops {
		now = now.Add(time.Duration(r.Int64N(int64(20 * time.Minute))))
		at := now
		if r.IntN(10) == 0 {
			at = at.Add(-time.Duration(r.Int64N(int64(bindDays(3))))) // stale or before joining
		}
		m, ref2 := ids[r.IntN(members)], ids[r.IntN(members)]
		switch k := r.IntN(100); {
		case k == 0:
			ref2 = "stranger"
		case k == 1:
			ref2 = m
		case k < 8: // the current referrer again
			if cur := ref.binding[m].Referrer; cur != "" {
				ref2 = cur
			}
		case k < 30: // try a cycle: bind an ancestor of ref2 to ref2
			m = ref2
			for steps := 1 + r.IntN(64); steps > 0 && ref.binding[m].Referrer != ""; steps-- {
				m = ref.binding[m].Referrer
			}
		}
		touch := Touch{Member: m, Referrer: ref2, Method: BindMethod(1 + r.IntN(3)), At: at}
		p := policies[r.IntN(len(policies))]

		// Plain comparisons, not testify, on this path: a million operations
		// with LIVECOMMERCE_LONG=1.
		mi := g.index[m]
		before, n := g.nodes[mi], g.Len()
		got, err := g.Bind(p, touch)
		want, wantErr := ref.apply(t, p, touch)
		switch {
		case wantErr != nil && !errors.Is(err, wantErr):
			t.Fatalf("op %d: %+v: error %v, want %v", op, touch, err, wantErr)
		case wantErr != nil && (g.nodes[mi] != before || g.Len() != n):
			t.Fatalf("op %d: %+v: a rejected bind changed the graph", op, touch)
		case wantErr != nil:
			counts[bindErrorClass(wantErr)]++
		case err != nil:
			t.Fatalf("op %d: %+v: %v", op, touch, err)
		case got.Action != want.Action || got.Reason != want.Reason || !got.Binding.Equal(want.Binding):
			t.Fatalf("op %d: %+v: %v, want %v", op, touch, got, want)
		default:
			counts[want.Reason.String()]++
		}
		if stored := g.binding(mi); !stored.Equal(ref.binding[m]) {
			t.Fatalf("op %d: stored %v, want %v", op, stored, ref.binding[m])
		}

		if op%16 == 0 {
			q, back := ids[r.IntN(members)], time.Duration(r.Int64N(int64(bindDays(20))))
			up, err := g.Upline(q, now.Add(-back), 4, nil)
			require.NoError(t, err)
			wantUp := ref.upline(q, now.Add(-back), 4)
			require.Len(t, up, len(wantUp), "op %d: upline of %q", op, q)
			for i := range up {
				require.Equal(t, wantUp[i].ID, up[i].ID)
			}
		}
		if op%checkpoint == checkpoint-1 {
			deepest = max(deepest, checkForest(t, &g))
			for _, id := range ids {
				if b, _, err := g.Binding(id); err != nil || !ref.binding[id].Equal(b) {
					t.Fatalf("checkpoint %d: %q: %v, %v, want %v", op, id, err, b, ref.binding[id])
				}
			}
		}
	}
	// Every rule and every error was met, so the random walk means something.
	for r := BindReason(1); r < numBindReasons; r++ {
		assert.Positive(t, counts[r.String()], "reason %v never decided", r)
	}
	for _, e := range []error{ErrCycle, ErrSelfReferral, ErrUnknownMember} {
		assert.Positive(t, counts[bindErrorClass(e)], "error %v never returned", e)
	}
	t.Logf("%d operations on %d members, deepest chain %d: %v", ops, members, deepest, counts)
}

// bindErrorClass names an expected error in the counts.
func bindErrorClass(err error) string {
	for _, e := range []error{ErrCycle, ErrSelfReferral, ErrUnknownMember} {
		if errors.Is(err, e) {
			return "error: " + e.Error()
		}
	}
	return "error: other"
}
