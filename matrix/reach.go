package matrix

import (
	"fmt"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Audience names the groups and accounts a touchpoint sends to. Its people
// are the union of the members of Groups and of every group each of
// Accounts owns: an account's audience is its groups' members. A group
// named directly and through its owner is sent to once. The zero value is
// the empty audience.
type Audience struct {
	// Groups and Accounts are IDs of the network's groups and accounts,
	// in any order, each at most once.
	Groups, Accounts []string
}

// groupsOf resolves a to the ascending indexes of its groups, each once,
// naming the bad element under field ("" for none) in its errors.
func (n *Network) groupsOf(a Audience, field string) ([]int, error) {
	if field != "" {
		field += "."
	}
	picked := make([]bool, len(n.groups))
	var out []int
	pick := func(gi int) {
		if !picked[gi] {
			picked[gi] = true
			out = append(out, gi)
		}
	}
	seen := make(map[string]bool, len(a.Groups))
	for i, id := range a.Groups {
		gi, ok := n.group[id]
		if !ok {
			return nil, &commerce.FieldError{Field: fmt.Sprintf("%sgroups[%d]", field, i), Reason: fmt.Sprintf("group %q", id), Err: ErrUnknown}
		}
		if seen[id] {
			return nil, &commerce.FieldError{Field: fmt.Sprintf("%sgroups[%d]", field, i), Reason: fmt.Sprintf("group %q", id), Err: ErrDuplicate}
		}
		seen[id] = true
		pick(gi)
	}
	clear(seen)
	for i, id := range a.Accounts {
		ai, ok := n.account[id]
		if !ok {
			return nil, &commerce.FieldError{Field: fmt.Sprintf("%saccounts[%d]", field, i), Reason: fmt.Sprintf("account %q", id), Err: ErrUnknown}
		}
		if seen[id] {
			return nil, &commerce.FieldError{Field: fmt.Sprintf("%saccounts[%d]", field, i), Reason: fmt.Sprintf("account %q", id), Err: ErrDuplicate}
		}
		seen[id] = true
		for _, gi := range n.byOwner[ai] {
			pick(gi)
		}
	}
	slices.Sort(out)
	return out, nil
}

// groupSet returns group gi's members as a Set, sharing the network's
// slice when the set is sparse (a Set never changes its slice).
func (n *Network) groupSet(gi int) Set {
	return fromSorted(n.members[gi])
}

// union returns the people of the groups gis and the seats they hold,
// Σ|Gi|.
func (n *Network) union(gis []int) (Set, int) {
	sets := make([]Set, len(gis))
	seats := 0
	for k, gi := range gis {
		sets[k] = n.groupSet(gi)
		seats += len(n.members[gi])
	}
	return Union(sets...), seats
}

// Audience returns the people of a: the exact union of the named groups'
// members and the named accounts' audiences. Intersections and other
// combinations are set algebra on the results, exact: the people both in
// group "g1" and in account "buyer-2"'s groups are
//
//	Intersect(n.Audience(Audience{Groups: []string{"g1"}}), n.Audience(Audience{Accounts: []string{"buyer-2"}}))
//
// (errors aside). An unknown or repeated ID is a *[commerce.FieldError]
// wrapping [ErrUnknown] or [ErrDuplicate], naming it ("groups[2]: group
// \"g-9\"").
func (n *Network) Audience(a Audience) (Set, error) {
	gis, err := n.groupsOf(a, "")
	if err != nil {
		return Set{}, err
	}
	s, _ := n.union(gis)
	return s, nil
}

// Reach is what one touchpoint reaches, in people and impressions.
type Reach struct {
	// People is the number of distinct people in the touchpoint's
	// audience.
	People int
	// Impressions is the number of deliveries without de-duplication:
	// Σ|G| over the touchpoint's groups, each group once.
	Impressions int
	// Duplicates is Impressions − People: the impressions that sending
	// once per person avoids (a person in k of the groups counts k − 1).
	Duplicates int
	// New is the number of People whom no earlier touchpoint of the list
	// reached: the touchpoint's incremental reach. The News of a list sum
	// to the distinct reach of all of it.
	New int
}

// Reach returns, for each touchpoint in order, its distinct people, its
// impressions, the duplicate impressions avoided, and its incremental
// reach over the touchpoints before it. An unknown or repeated ID is a
// *[commerce.FieldError] wrapping [ErrUnknown] or [ErrDuplicate] naming
// the touchpoint and the ID ("touchpoints[1].accounts[0]: account
// \"x\""); nothing is returned then.
func (n *Network) Reach(touchpoints ...Audience) ([]Reach, error) {
	gis := make([][]int, len(touchpoints))
	for i, t := range touchpoints {
		g, err := n.groupsOf(t, fmt.Sprintf("touchpoints[%d]", i))
		if err != nil {
			return nil, err
		}
		gis[i] = g
	}
	out := make([]Reach, len(touchpoints))
	var seen Set
	for i, g := range gis {
		s, seats := n.union(g)
		fresh := s.Difference(seen)
		out[i] = Reach{People: s.Len(), Impressions: seats, Duplicates: seats - s.Len(), New: fresh.Len()}
		seen = Union(seen, fresh)
	}
	return out, nil
}

// Overlap is the exact overlap matrix of a list of groups: the number of
// people each pair shares, |Gi ∩ Gj|, with the group sizes |Gi| on the
// diagonal. It is symmetric and immutable; the zero value has no groups.
type Overlap struct {
	groups []string // sorted
	counts []uint32 // row-major, len(groups)²
}

// Overlap returns the overlap matrix of groups, given in any order, with
// its rows and columns in ID order. It counts from each person's groups:
// a person in k of them adds one to each of the k·(k−1)/2 pairs, so the
// cost is the seats plus Σk² over the people, not the pairs of groups
// times their sizes. An unknown or repeated group is a
// *[commerce.FieldError] wrapping [ErrUnknown] or [ErrDuplicate].
func (n *Network) Overlap(groups ...string) (Overlap, error) {
	gis, err := n.groupsOf(Audience{Groups: groups}, "")
	if err != nil {
		return Overlap{}, err
	}
	g := len(gis)
	if g == 0 {
		return Overlap{}, nil
	}
	o := Overlap{groups: make([]string, g), counts: make([]uint32, g*g)}
	// Lay out each person's groups (local indexes, ascending) in one
	// array: start[m] to start[m+1].
	start := make([]uint32, len(n.people)+1)
	for _, gi := range gis {
		for _, m := range n.members[gi] {
			start[m+1]++
		}
	}
	for m := range len(n.people) {
		start[m+1] += start[m]
	}
	at := slices.Clone(start[:len(n.people)])
	of := make([]uint32, start[len(n.people)])
	for k, gi := range gis {
		o.groups[k] = n.groups[gi].ID
		o.counts[k*g+k] = uint32(len(n.members[gi]))
		for _, m := range n.members[gi] {
			of[at[m]] = uint32(k)
			at[m]++
		}
	}
	for m := range len(n.people) {
		mine := of[start[m]:start[m+1]]
		for x, a := range mine {
			row := o.counts[int(a)*g:]
			for _, b := range mine[x+1:] {
				row[b]++
			}
		}
	}
	for i := range g {
		for j := i + 1; j < g; j++ {
			o.counts[j*g+i] = o.counts[i*g+j]
		}
	}
	return o, nil
}

// Groups returns the matrix's groups, sorted by ID, in a fresh slice: row
// and column i of the matrix is group Groups()[i].
func (o Overlap) Groups() []string { return slices.Clone(o.groups) }

// Len returns the number of groups of the matrix.
func (o Overlap) Len() int { return len(o.groups) }

// At returns |Gi ∩ Gj|, the people groups i and j of [Overlap.Groups]
// share (|Gi| when i = j), or 0 when i or j is not in [0, Len()).
func (o Overlap) At(i, j int) int {
	g := len(o.groups)
	if i < 0 || j < 0 || i >= g || j >= g {
		return 0
	}
	return int(o.counts[i*g+j])
}

// Shared returns the number of people groups a and b share (the size of
// a when a = b), and whether both are in the matrix.
func (o Overlap) Shared(a, b string) (int, bool) {
	i, ok := slices.BinarySearch(o.groups, a)
	if !ok {
		return 0, false
	}
	j, ok := slices.BinarySearch(o.groups, b)
	if !ok {
		return 0, false
	}
	return o.At(i, j), true
}
