package referral

import (
	"fmt"
	"math"
	"time"
)

// Ancestor is one member of an upline: an ID the graph holds and the
// member's tier.
type Ancestor struct {
	// ID is the member's ID.
	ID string
	// Tier is the member's tier.
	Tier Tier
}

// Graph is the member-referral forest (分销关系): every member who joined,
// their tier, and their binding to a referrer, if any. Bindings are made by
// [Graph.Bind] under a [BindPolicy]; the forest never has a cycle, whatever
// the bindings' validity, because a bind is checked against every stored
// link.
//
// # Representation
//
// Members are interned to dense int32 indexes: one map from ID to index and
// one 40-byte record per member (parent index, method, tier and four
// instants as Unix nanoseconds), with no pointers besides the IDs, so a
// million members with 14-byte IDs take about 120 MB, map included, and
// cost the garbage collector little. Instants must therefore lie between
// the years 1678 and 2262 (the range of int64 Unix nanoseconds); others
// are refused with [commerce.ErrInvalid]. Times the graph returns are in
// UTC.
//
// # Concurrency
//
// The zero Graph is empty and ready to use. A Graph is not safe for
// concurrent mutation: [Graph.Join], [Graph.SetTier], [Graph.Bind] and
// [Graph.Grow] must not run at the same time as any other call. Concurrent
// reads ([Graph.Upline], [Graph.Binding], [Graph.Tier], [Graph.Joined],
// [Graph.Len]) are safe while nobody mutates: the contract of a Go map.
type Graph struct {
	index map[string]int32
	ids   []string
	nodes []node
}

// node is one member's record. A member without a binding has parent -1;
// until is noEnd for a binding that never lapses and protected is
// noProtection for a binding without protection.
type node struct {
	joined, bound, until, protected int64 // Unix nanoseconds
	parent                          int32
	method                          BindMethod
	tier                            Tier
}

// The sentinels of node's instants, outside the range toNanos accepts.
const (
	noEnd        = math.MaxInt64
	noProtection = math.MinInt64
	minNanos     = math.MinInt64 + 1
	maxNanos     = math.MaxInt64 - 1
	maxMembers   = math.MaxInt32
)

// toNanos returns t as Unix nanoseconds, and false outside the range the
// graph holds.
func toNanos(t time.Time) (int64, bool) {
	if t.Before(time.Unix(0, minNanos)) || t.After(time.Unix(0, maxNanos)) {
		return 0, false
	}
	return t.UnixNano(), true
}

// fromNanos is the UTC time of Unix nanoseconds n.
func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// outOfRange is the error of an instant the graph cannot hold.
func outOfRange(field string, t time.Time) error {
	if t.IsZero() {
		return fieldErr(field, "zero time")
	}
	return fieldErr(field, "%s is outside the years 1678 to 2262", t.Format(time.RFC3339))
}

// Len returns the number of members.
func (g *Graph) Len() int { return len(g.ids) }

// Grow makes room for n more members, so that the next n joins do not
// allocate again for the graph's own tables.
func (g *Graph) Grow(n int) {
	if n <= 0 {
		return
	}
	if g.index == nil {
		g.index = make(map[string]int32, n)
	} else {
		m := make(map[string]int32, len(g.index)+n)
		for id, i := range g.index {
			m[id] = i
		}
		g.index = m
	}
	if cap(g.ids)-len(g.ids) < n {
		ids := make([]string, len(g.ids), len(g.ids)+n)
		copy(ids, g.ids)
		g.ids = ids
		nodes := make([]node, len(g.nodes), len(g.nodes)+n)
		copy(nodes, g.nodes)
		g.nodes = nodes
	}
}

// Join adds a member who joined at joined, with tier 0 and no binding. A
// second join of the same ID is refused with [ErrDuplicateMember]; a
// malformed ID or an instant out of range with [commerce.ErrInvalid].
func (g *Graph) Join(id string, joined time.Time) error {
	if err := checkID("member", id); err != nil {
		return err
	}
	if _, ok := g.index[id]; ok {
		return fmt.Errorf("referral: join %q: %w", id, ErrDuplicateMember)
	}
	n, ok := toNanos(joined)
	if !ok {
		return outOfRange(fmt.Sprintf("member %q: joined", id), joined)
	}
	if len(g.ids) >= maxMembers {
		return fieldErr(fmt.Sprintf("member %q", id), "the graph holds at most %d members", maxMembers)
	}
	if g.index == nil {
		g.index = make(map[string]int32)
	}
	g.index[id] = int32(len(g.ids))
	g.ids = append(g.ids, id)
	g.nodes = append(g.nodes, node{joined: n, parent: -1, until: noEnd, protected: noProtection})
	return nil
}

// lookup returns the index of member id, or an error naming it for op.
func (g *Graph) lookup(op, id string) (int32, error) {
	i, ok := g.index[id]
	if !ok {
		return 0, fmt.Errorf("referral: %s: %w %q", op, ErrUnknownMember, id)
	}
	return i, nil
}

// Joined returns when member id joined, in UTC.
func (g *Graph) Joined(id string) (time.Time, error) {
	i, err := g.lookup("joined", id)
	if err != nil {
		return time.Time{}, err
	}
	return fromNanos(g.nodes[i].joined), nil
}

// SetTier sets member id's tier.
func (g *Graph) SetTier(id string, t Tier) error {
	i, err := g.lookup("set tier", id)
	if err != nil {
		return err
	}
	g.nodes[i].tier = t
	return nil
}

// Tier returns member id's tier.
func (g *Graph) Tier(id string) (Tier, error) {
	i, err := g.lookup("tier", id)
	if err != nil {
		return 0, err
	}
	return g.nodes[i].tier, nil
}

// Binding returns member id's stored binding, valid or lapsed, with times
// in UTC, and whether there is one. Use [Binding.ValidAt] to know whether
// it earns commission at a given time.
func (g *Graph) Binding(id string) (Binding, bool, error) {
	i, err := g.lookup("binding", id)
	if err != nil {
		return Binding{}, false, err
	}
	b := g.binding(i)
	return b, !b.IsZero(), nil
}

// binding returns member i's binding.
func (g *Graph) binding(i int32) Binding {
	n := &g.nodes[i]
	if n.parent < 0 {
		return Binding{}
	}
	b := Binding{Referrer: g.ids[n.parent], Method: n.method, BoundAt: fromNanos(n.bound)}
	if n.until != noEnd {
		b.ValidUntil = fromNanos(n.until)
	}
	if n.protected != noProtection {
		b.ProtectedUntil = fromNanos(n.protected)
	}
	return b
}

// Bind applies policy p to touch t and stores the result; see [BindPolicy]
// for the rules. The returned decision's binding has its times in UTC.
//
// Bind returns an error, and leaves the graph unchanged, for an invalid
// policy or touch ([commerce.ErrInvalid]), an unknown member or referrer
// ([ErrUnknownMember]), a self-referral ([ErrSelfReferral]), a binding
// whose validity would end after 2262 ([commerce.ErrInvalid]), and a
// binding that would make the member their own ancestor through a chain of
// any length ([ErrCycle]). The cycle check walks the referrer's stored
// links, lapsed or not, in time proportional to the referrer's depth; it
// runs only when the decision gives the member a new referrer, so a touch
// the policy refuses is refused, not an error.
func (g *Graph) Bind(p BindPolicy, t Touch) (Decision, error) {
	if err := p.Validate(); err != nil {
		return Decision{}, err
	}
	if err := t.Validate(); err != nil {
		return Decision{}, err
	}
	mi, ok := g.index[t.Member]
	if !ok {
		return Decision{}, fmt.Errorf("referral: bind %q to %q: %w %q", t.Member, t.Referrer, ErrUnknownMember, t.Member)
	}
	ri, ok := g.index[t.Referrer]
	if !ok {
		return Decision{}, fmt.Errorf("referral: bind %q to %q: %w %q", t.Member, t.Referrer, ErrUnknownMember, t.Referrer)
	}
	if _, ok := toNanos(t.At); !ok {
		return Decision{}, outOfRange(t.field("at"), t.At)
	}
	n := &g.nodes[mi]
	d := p.decide(fromNanos(n.joined), g.binding(mi), t)
	if !d.Changed() {
		return d, nil
	}
	bound, _ := toNanos(d.Binding.BoundAt) // the touch's or the stored BoundAt: in range
	until, protected := int64(noEnd), int64(noProtection)
	if !d.Binding.ValidUntil.IsZero() {
		if until, ok = toNanos(d.Binding.ValidUntil); !ok {
			return Decision{}, outOfRange(t.field("valid until"), d.Binding.ValidUntil)
		}
	}
	if !d.Binding.ProtectedUntil.IsZero() {
		// Not after ValidUntil when it has one; checked for a binding without.
		if protected, ok = toNanos(d.Binding.ProtectedUntil); !ok {
			return Decision{}, outOfRange(t.field("protected until"), d.Binding.ProtectedUntil)
		}
	}
	if n.parent != ri && g.isAncestor(mi, ri) {
		return Decision{}, fmt.Errorf("referral: bind %q to %q: %w", t.Member, t.Referrer, ErrCycle)
	}
	n.parent, n.method, n.bound, n.until, n.protected = ri, d.Binding.Method, bound, until, protected
	d.Binding = g.binding(mi)
	return d, nil
}

// isAncestor reports whether a is i or one of i's ancestors through the
// stored links. The stored forest has no cycle, so the walk ends.
func (g *Graph) isAncestor(a, i int32) bool {
	for ; i >= 0; i = g.nodes[i].parent {
		if i == a {
			return true
		}
	}
	return false
}

// Upline appends to dst at most levels ancestors of member, nearest first:
// the referrer, the referrer's referrer, and so on, as the graph binds them
// at time at. A link whose binding is not valid at at (lapsed, or bound
// after at) ends the chain. This is the commission path: with room for
// levels more elements in dst it does not allocate, and the IDs are the
// strings the graph holds.
//
// It returns an error for an unknown member ([ErrUnknownMember]), a
// negative levels or an instant out of range ([commerce.ErrInvalid]).
func (g *Graph) Upline(member string, at time.Time, levels int, dst []Ancestor) ([]Ancestor, error) {
	i, ok := g.index[member]
	if !ok {
		return dst, fmt.Errorf("referral: upline of %q: %w %q", member, ErrUnknownMember, member)
	}
	if levels < 0 {
		return dst, fieldErr(fmt.Sprintf("upline of %q: levels", member), "negative: %d", levels)
	}
	t, ok := toNanos(at)
	if !ok {
		return dst, outOfRange(fmt.Sprintf("upline of %q: at", member), at)
	}
	for ; levels > 0; levels-- {
		n := &g.nodes[i]
		if n.parent < 0 || t < n.bound || t >= n.until {
			break
		}
		i = n.parent
		dst = append(dst, Ancestor{ID: g.ids[i], Tier: g.nodes[i].tier})
	}
	return dst, nil
}
