package matrix

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Role is an account's role in the brand's matrix.
type Role uint8

// The account roles.
const (
	// Brand is the brand's official account.
	Brand Role = iota + 1
	// Manager is a store manager's or the founder's own account.
	Manager
	// Buyer is a buyer (selector) account that picks products for fans.
	Buyer
	// Host is a live host's account.
	Host
	// Staff is a customer-service or community-operations account.
	Staff
	numRoles
)

var roleNames = [numRoles]string{"", "brand", "manager", "buyer", "host", "staff"}

// String returns the role's name, such as "buyer".
func (r Role) String() string {
	if r > 0 && r < numRoles {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Account is one account of the matrix.
type Account struct {
	// ID names the account; Name is its display name, free text.
	ID, Name string
	// Role is what the account does.
	Role Role
}

// Group is a group chat owned by one account.
type Group struct {
	// ID names the group; Owner is the ID of the account that owns it.
	ID, Owner string
	// Product is the product of a per-product group, empty otherwise.
	Product string
	// Capacity is the group's seat limit (500 for a WeChat or WeCom
	// customer group), zero for none.
	Capacity int
	// Members are the IDs of the people in the group, in any order.
	Members []string
}

// Note is a note (post) published by an account.
type Note struct {
	// ID names the note; Account is the ID of the account that posted it.
	ID, Account string
}

// Room is an account's live room.
type Room struct {
	// ID names the room; Account is the ID of the account that broadcasts
	// in it.
	ID, Account string
}

// Spec declares a network for [NewNetwork].
type Spec struct {
	// Accounts, Groups, Notes and Rooms are the matrix's parts, in any
	// order.
	Accounts []Account
	Groups   []Group
	Notes    []Note
	Rooms    []Room
	// People, when given, lists every person the brand knows, and a
	// group member not among them is [ErrUnknown]; when empty, the
	// people are the groups' members.
	People []string
}

// Member is a person interned to a dense integer: the people of a
// [Network], sorted by ID, are numbered from 0, so sets of them are
// compact. A Member means something only within its network.
type Member uint32

// Network is a validated matrix: accounts, their groups, notes and rooms,
// and the people in the groups, interned to [Member]s. It is immutable and
// safe to share between goroutines. Build one with [NewNetwork].
type Network struct {
	accounts []Account      // sorted by ID
	account  map[string]int // ID → index in accounts
	groups   []Group        // sorted by ID, Members cleared
	group    map[string]int // ID → index in groups
	owner    []int          // group index → account index
	members  [][]Member     // group index → its members, ascending
	byOwner  [][]int        // account index → its groups' indexes, ascending
	notes    []Note         // sorted by ID
	rooms    []Room         // sorted by ID
	people   []string       // Member → person ID, ascending
	person   map[string]Member
}

// NewNetwork validates s and interns its people. It fails, building
// nothing, with a *[commerce.FieldError] naming the element: a malformed
// or empty ID, an unknown role, a negative capacity or a group over its
// capacity; one that also wraps [ErrDuplicate] for an ID given twice (an
// account, group, note or room, or a member twice in one group), or
// [ErrUnknown] for an owner or poster that is not an account or a member
// not among s.People.
func NewNetwork(s Spec) (*Network, error) {
	n := &Network{
		accounts: slices.Clone(s.Accounts),
		account:  make(map[string]int, len(s.Accounts)),
		group:    make(map[string]int, len(s.Groups)),
		notes:    slices.Clone(s.Notes),
		rooms:    slices.Clone(s.Rooms),
	}
	for i, a := range s.Accounts {
		field := fmt.Sprintf("accounts[%d]", i)
		if err := checkID(field+".id", a.ID); err != nil {
			return nil, err
		}
		if a.Role == 0 || a.Role >= numRoles {
			return nil, fieldErr(field+".role", "unknown %v", a.Role)
		}
		if _, ok := n.account[a.ID]; ok {
			return nil, &commerce.FieldError{Field: field + ".id", Reason: fmt.Sprintf("%q", a.ID), Err: ErrDuplicate}
		}
		n.account[a.ID] = i
	}
	slices.SortFunc(n.accounts, func(a, b Account) int { return cmp.Compare(a.ID, b.ID) })
	for i, a := range n.accounts {
		n.account[a.ID] = i
	}
	if err := n.internPeople(s); err != nil {
		return nil, err
	}
	order := make([]int, len(s.Groups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(s.Groups[a].ID, s.Groups[b].ID) })
	n.groups = make([]Group, len(s.Groups))
	n.owner = make([]int, len(s.Groups))
	n.members = make([][]Member, len(s.Groups))
	n.byOwner = make([][]int, len(n.accounts))
	for gi, si := range order {
		g := s.Groups[si]
		field := fmt.Sprintf("groups[%d]", si)
		if err := checkID(field+".id", g.ID); err != nil {
			return nil, err
		}
		if gi > 0 && n.groups[gi-1].ID == g.ID {
			return nil, &commerce.FieldError{Field: field + ".id", Reason: fmt.Sprintf("%q", g.ID), Err: ErrDuplicate}
		}
		ai, ok := n.account[g.Owner]
		if !ok {
			return nil, &commerce.FieldError{Field: field + ".owner", Reason: fmt.Sprintf("account %q", g.Owner), Err: ErrUnknown}
		}
		if g.Product != "" {
			if err := checkID(field+".product", g.Product); err != nil {
				return nil, err
			}
		}
		switch {
		case g.Capacity < 0:
			return nil, fieldErr(field+".capacity", "negative %d", g.Capacity)
		case g.Capacity > 0 && len(g.Members) > g.Capacity:
			return nil, fieldErr(field+".members", "%d members over the capacity of %d", len(g.Members), g.Capacity)
		}
		ms := make([]Member, len(g.Members))
		for k, id := range g.Members {
			m, ok := n.person[id]
			if !ok {
				return nil, &commerce.FieldError{Field: fmt.Sprintf("%s.members[%d]", field, k), Reason: fmt.Sprintf("person %q", id), Err: ErrUnknown}
			}
			ms[k] = m
		}
		slices.Sort(ms)
		for k := 1; k < len(ms); k++ {
			if ms[k] == ms[k-1] {
				return nil, &commerce.FieldError{Field: field + ".members", Reason: fmt.Sprintf("person %q", n.people[ms[k]]), Err: ErrDuplicate}
			}
		}
		g.Members = nil
		n.groups[gi], n.owner[gi], n.members[gi] = g, ai, ms
		n.group[g.ID] = gi
		n.byOwner[ai] = append(n.byOwner[ai], gi)
	}
	for _, part := range []struct {
		name string
		ids  func(i int) (id, account string)
		n    int
	}{
		{"notes", func(i int) (string, string) { return s.Notes[i].ID, s.Notes[i].Account }, len(s.Notes)},
		{"rooms", func(i int) (string, string) { return s.Rooms[i].ID, s.Rooms[i].Account }, len(s.Rooms)},
	} {
		seen := make(map[string]bool, part.n)
		for i := range part.n {
			id, acc := part.ids(i)
			field := fmt.Sprintf("%s[%d]", part.name, i)
			if err := checkID(field+".id", id); err != nil {
				return nil, err
			}
			if seen[id] {
				return nil, &commerce.FieldError{Field: field + ".id", Reason: fmt.Sprintf("%q", id), Err: ErrDuplicate}
			}
			seen[id] = true
			if _, ok := n.account[acc]; !ok {
				return nil, &commerce.FieldError{Field: field + ".account", Reason: fmt.Sprintf("account %q", acc), Err: ErrUnknown}
			}
		}
	}
	slices.SortFunc(n.notes, func(a, b Note) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(n.rooms, func(a, b Room) int { return cmp.Compare(a.ID, b.ID) })
	return n, nil
}

// internPeople numbers the people, sorted by ID, from s.People or, when
// it is empty, from the groups' members.
func (n *Network) internPeople(s Spec) error {
	var ids []string
	if len(s.People) > 0 {
		ids = slices.Clone(s.People)
		for i, id := range s.People {
			if err := checkID(fmt.Sprintf("people[%d]", i), id); err != nil {
				return err
			}
		}
	} else {
		total := 0
		for _, g := range s.Groups {
			total += len(g.Members)
		}
		ids = make([]string, 0, total)
		for gi, g := range s.Groups {
			for k, id := range g.Members {
				if err := checkID(fmt.Sprintf("groups[%d].members[%d]", gi, k), id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	if len(s.People) > 0 {
		for k := 1; k < len(ids); k++ {
			if ids[k] == ids[k-1] {
				return &commerce.FieldError{Field: "people", Reason: fmt.Sprintf("%q", ids[k]), Err: ErrDuplicate}
			}
		}
	}
	n.people = slices.Compact(ids)
	n.person = make(map[string]Member, len(n.people))
	for i, id := range n.people {
		n.person[id] = Member(i)
	}
	return nil
}

// People returns the number of people in the network; their [Member]s
// are 0 to People()-1.
func (n *Network) People() int { return len(n.people) }

// Person returns the Member of the person with ID id, and whether the
// network knows it.
func (n *Network) Person(id string) (Member, bool) {
	m, ok := n.person[id]
	return m, ok
}

// PersonID returns the ID of member m, or "" when m is not one of the
// network's people.
func (n *Network) PersonID(m Member) string {
	if int(m) < len(n.people) {
		return n.people[m]
	}
	return ""
}

// Accounts returns the accounts, sorted by ID, in a fresh slice.
func (n *Network) Accounts() []Account { return slices.Clone(n.accounts) }

// Groups returns the groups' IDs, sorted, in a fresh slice.
func (n *Network) Groups() []string {
	out := make([]string, len(n.groups))
	for i, g := range n.groups {
		out[i] = g.ID
	}
	return out
}

// Group returns group id with its members' IDs, ascending, and whether
// the network has it.
func (n *Network) Group(id string) (Group, bool) {
	gi, ok := n.group[id]
	if !ok {
		return Group{}, false
	}
	g := n.groups[gi]
	g.Members = make([]string, len(n.members[gi]))
	for k, m := range n.members[gi] {
		g.Members[k] = n.people[m]
	}
	return g, true
}

// GroupsOf returns the IDs of the groups account id owns, sorted, and
// whether the network has the account.
func (n *Network) GroupsOf(id string) ([]string, bool) {
	ai, ok := n.account[id]
	if !ok {
		return nil, false
	}
	out := make([]string, len(n.byOwner[ai]))
	for k, gi := range n.byOwner[ai] {
		out[k] = n.groups[gi].ID
	}
	return out, true
}

// Notes returns the notes, sorted by ID, in a fresh slice.
func (n *Network) Notes() []Note { return slices.Clone(n.notes) }

// Rooms returns the live rooms, sorted by ID, in a fresh slice.
func (n *Network) Rooms() []Room { return slices.Clone(n.rooms) }
