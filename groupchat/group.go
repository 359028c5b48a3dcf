package groupchat

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// FamilyKind is what a group family is for. The zero value is not a kind.
type FamilyKind uint8

// The kinds.
const (
	// FreeCommunity is a free community group (社群): anyone not banned
	// may join.
	FreeCommunity FamilyKind = iota + 1
	// TierGated is a paid membership group: only the member tiers the
	// family lists are admitted.
	TierGated
	// PerProduct is a group per product (or SKU) for its pre-sales and its
	// buyers, as the cup brand of DOMAIN.md ran 35 of them on one account.
	PerProduct
	numKinds
)

var kindNames = [numKinds]string{"", "community", "membership", "product"}

// String returns "community", "membership" or "product".
func (k FamilyKind) String() string {
	if k > 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("FamilyKind(%d)", uint8(k))
}

// Fill is how a family places a new member among its open groups. The zero
// value is not a policy: a family declares one.
type Fill uint8

// The fill policies.
const (
	// FillFirst places a member in the lowest-numbered group with room,
	// so groups fill one after the other, as WeCom's join way does.
	FillFirst Fill = iota + 1
	// FillBalance places a member in the group with the fewest members,
	// ties going to the lowest number, so the open groups fill evenly:
	// while nobody leaves, their counts differ by at most one until all
	// are full, and a group opened then fills alone. Each join scans the
	// family's open groups.
	FillBalance
	numFills
)

var fillNames = [numFills]string{"", "fill-first", "balance"}

// String returns "fill-first" or "balance".
func (f Fill) String() string {
	if f > 0 && f < numFills {
		return fillNames[f]
	}
	return fmt.Sprintf("Fill(%d)", uint8(f))
}

// maxInitial is the most groups a family opens when the directory is
// made ([Family.Initial]).
const maxInitial = 1000

// maxSeq is the largest group sequence number: group numbers and counts
// stay within int32 on every platform.
const maxSeq = math.MaxInt32

// Family is a declared family of group chats of one kind, run by one
// owner on one platform: group n is named Base followed by n in decimal,
// from First, as WeCom's join way names the groups it creates
// (room_base_name and room_base_id of add_join_way). A family opens its
// first Initial groups at once and the next one when a member finds every
// open group full, up to MaxGroups; see [Directory.Join].
//
// The owner and the admins are the family's staff: each of them sits in
// every group of the family and takes a seat there, so a group of capacity
// c holds c − 1 − len(Admins) members.
type Family struct {
	// ID names the family in a [Directory].
	ID string
	// Kind is what the groups are for.
	Kind FamilyKind
	// Base is the start of every group's name; group n is named Base+n,
	// and the longest name must fit the profile's Name limit (WeCom:
	// room_base_name of at most 40 characters). A profile without a Name
	// limit does not bound names.
	Base string
	// First is the sequence number of the first group (room_base_id); 0
	// means 1.
	First int
	// Profile is the platform's limits.
	Profile Profile
	// Capacity is the most members a group holds, staff included; 0 means
	// the profile's capacity, and it may not exceed it.
	Capacity int
	// Owner is the account that owns every group of the family.
	Owner string
	// Admins are the family's admins besides the owner: distinct, not the
	// owner, at most the profile's MaxAdmins.
	Admins []string
	// Tiers are the member tiers a TierGated family admits: at least one,
	// distinct. Other kinds have none.
	Tiers []string
	// Products are the product or SKU IDs a PerProduct family serves: at
	// least one, distinct, and no product in two families of a directory.
	// Other kinds have none.
	Products []string
	// Fill is how members are placed among the open groups.
	Fill Fill
	// Initial is how many groups open when the directory is made; 0 means
	// 1. With FillBalance, members spread over them from the start. It is
	// at most 1,000, and at most MaxGroups when that is set: the family
	// opens further groups as members come.
	Initial int
	// MaxGroups is the most groups the family may open; 0 means as many
	// as the profile's Name limit leaves names for (groups 1 to 9 for a
	// base one character short of it), or 2³¹ − First without a limit.
	MaxGroups int
}

// Validate checks the declaration and returns a *[commerce.FieldError]
// naming the first bad field: a valid ID and owner; a known kind and fill
// policy; a valid profile; a capacity within the profile's that leaves room
// for a member besides the staff; distinct admins, within the profile's
// MaxAdmins and not the owner; tiers only, and at least one, for TierGated;
// products only, and at least one, for PerProduct; a first number, initial
// and maximum group counts that are not negative and within one another,
// with at most 1,000 initial groups;
// and group names within the profile's Name limit (that error also wraps
// [ErrTooLong]).
func (f Family) Validate() error {
	_, err := f.compile()
	return err
}

// compiled is a validated family: its declaration with private copies of
// the slices and the derived numbers.
type compiled struct {
	decl     Family
	capacity int32 // per group, staff included
	staff    int32 // owner and admins
	first    int32 // first sequence number
	limit    int32 // most groups
	initial  int32 // groups open at the start
}

// compile validates f and derives its numbers.
func (f Family) compile() (compiled, error) {
	if err := checkID("family: id", f.ID); err != nil {
		return compiled{}, err
	}
	p := fmt.Sprintf("family %q", f.ID)
	if f.Kind == 0 || f.Kind >= numKinds {
		return compiled{}, fieldErr(p+": kind", "unknown %v", f.Kind)
	}
	if f.Fill == 0 || f.Fill >= numFills {
		return compiled{}, fieldErr(p+": fill", "unknown %v", f.Fill)
	}
	if err := f.Profile.Validate(); err != nil {
		return compiled{}, &commerce.FieldError{Field: p + ": profile", Err: err}
	}
	if err := checkID(p+": owner", f.Owner); err != nil {
		return compiled{}, err
	}
	if err := f.checkAdmins(p); err != nil {
		return compiled{}, err
	}
	c := compiled{staff: int32(1 + len(f.Admins)), capacity: int32(min(f.Profile.Capacity, maxSeq))}
	switch {
	case f.Capacity < 0:
		return compiled{}, fieldErr(p+": capacity", "negative: %d", f.Capacity)
	case f.Capacity > f.Profile.Capacity:
		return compiled{}, fieldErr(p+": capacity", "%d exceeds the profile's %d", f.Capacity, f.Profile.Capacity)
	case f.Capacity > maxSeq:
		return compiled{}, fieldErr(p+": capacity", "%d exceeds %d", f.Capacity, maxSeq)
	case f.Capacity == 0 && f.Profile.Capacity > maxSeq:
		return compiled{}, fieldErr(p+": capacity", "the profile's %d exceeds %d", f.Profile.Capacity, maxSeq)
	case f.Capacity > 0:
		c.capacity = int32(f.Capacity)
	}
	if c.capacity <= c.staff {
		return compiled{}, fieldErr(p+": capacity", "%d leaves no seat for a member besides %d staff", c.capacity, c.staff)
	}
	if err := checkIDs(p+": tiers", f.Tiers, f.Kind == TierGated); err != nil {
		return compiled{}, err
	}
	if err := checkIDs(p+": products", f.Products, f.Kind == PerProduct); err != nil {
		return compiled{}, err
	}
	if err := c.number(p, f); err != nil {
		return compiled{}, err
	}
	c.decl = f.clone()
	return c, nil
}

// clone returns f with its slices, and its profile's, copied.
func (f Family) clone() Family {
	f.Admins = slices.Clone(f.Admins)
	f.Tiers = slices.Clone(f.Tiers)
	f.Products = slices.Clone(f.Products)
	f.Profile = f.Profile.clone()
	return f
}

// checkAdmins checks the admins of the family prefixed p.
func (f Family) checkAdmins(p string) error {
	if len(f.Admins) > f.Profile.MaxAdmins {
		return fieldErr(p+": admins", "%d exceed the profile's %d", len(f.Admins), f.Profile.MaxAdmins)
	}
	for i, a := range f.Admins {
		field := fmt.Sprintf("%s: admins[%d]", p, i)
		if err := checkID(field, a); err != nil {
			return err
		}
		if a == f.Owner {
			return fieldErr(field, "%q is the owner", a)
		}
		if slices.Contains(f.Admins[:i], a) {
			return fieldErr(field, "duplicate %q", a)
		}
	}
	return nil
}

// checkIDs checks a list of IDs named field: distinct valid IDs, at least
// one when want is set, none otherwise.
func checkIDs(field string, ids []string, want bool) error {
	switch {
	case want && len(ids) == 0:
		return fieldErr(field, "none; the kind needs at least one")
	case !want && len(ids) > 0:
		return fieldErr(field, "%d given; the kind takes none", len(ids))
	}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := checkID(f, id); err != nil {
			return err
		}
		if slices.Contains(ids[:i], id) {
			return fieldErr(f, "duplicate %q", id)
		}
	}
	return nil
}

// number checks the sequence numbers and group counts of f, prefixed p,
// and sets c's.
func (c *compiled) number(p string, f Family) error {
	switch {
	case f.First < 0:
		return fieldErr(p+": first", "negative: %d", f.First)
	case f.First > maxSeq:
		return fieldErr(p+": first", "%d exceeds %d", f.First, maxSeq)
	case f.MaxGroups < 0:
		return fieldErr(p+": max groups", "negative: %d", f.MaxGroups)
	case f.Initial < 0:
		return fieldErr(p+": initial", "negative: %d", f.Initial)
	case f.Initial > maxInitial:
		return fieldErr(p+": initial", "%d exceeds the %d groups a family opens at once", f.Initial, maxInitial)
	}
	c.first, c.initial = 1, 1
	if f.First > 0 {
		c.first = int32(f.First)
	}
	if f.Initial > 0 {
		c.initial = int32(f.Initial)
	}
	// The most groups the numbers allow, then the names.
	limit := int64(maxSeq) - int64(c.first) + 1
	if f.MaxGroups > 0 {
		if int64(f.MaxGroups) > limit {
			return fieldErr(p+": max groups", "%d groups from %d pass the largest number %d", f.MaxGroups, c.first, maxSeq)
		}
		limit = int64(f.MaxGroups)
	}
	if int64(f.Initial) > limit {
		return fieldErr(p+": initial", "%d exceeds the %d groups the family may open", f.Initial, limit)
	}
	if err := checkBase(p+": base", f.Base); err != nil {
		return err
	}
	if n := f.Profile.Name; n.Max > 0 {
		// Digits are one rune and one byte each, so group seq's name fits
		// when the base leaves room for its digits.
		room := n.Max - n.Len(f.Base)
		last := int64(c.first) + max(int64(f.MaxGroups), int64(c.initial)) - 1
		if digits(last) > room {
			name := f.Base + strconv.FormatInt(last, 10)
			return &commerce.FieldError{Field: p + ": base", Err: fmt.Errorf("groupchat: group name %q: %d %s, limit %d: %w",
				name, n.Len(name), n.Unit, n.Max, ErrTooLong)}
		}
		if room < 10 {
			top := int64(1) // 10^room, past the largest number that fits
			for range room {
				top *= 10
			}
			limit = min(limit, top-int64(c.first))
		}
	}
	c.limit = int32(limit)
	return nil
}

// checkBase checks a family's name base, named field: a valid identifier
// in valid UTF-8.
func checkBase(field, base string) error {
	if err := checkID(field, base); err != nil {
		return err
	}
	if !utf8.ValidString(base) {
		return fieldErr(field, "not valid UTF-8")
	}
	return nil
}

// digits is the number of decimal digits of n ≥ 0.
func digits(n int64) int { return len(strconv.FormatInt(n, 10)) }

// groupName is the name of group seq of a family with base.
func groupName(base string, seq int32) string {
	return base + strconv.Itoa(int(seq))
}

// Seat is a place in a group: the family, the group's name and sequence
// number, and the holder's role there. The zero Seat is no seat.
type Seat struct {
	// Family is the family's ID.
	Family string
	// Group is the group's name, the family's base followed by Seq.
	Group string
	// Seq is the group's sequence number.
	Seq int
	// Role is the holder's role in the group.
	Role Role
}

// String returns the group's name and the role, such as "cups2 member", or
// "no seat" for the zero Seat.
func (s Seat) String() string {
	if s == (Seat{}) {
		return "no seat"
	}
	return s.Group + " " + s.Role.String()
}

// GroupInfo describes an open group of a family.
type GroupInfo struct {
	// Family is the family's ID.
	Family string
	// Name is the group's name.
	Name string
	// Seq is the group's sequence number.
	Seq int
	// Count is the number of people in the group, staff included.
	Count int
	// Capacity is the most people the group may hold, staff included.
	Capacity int
}

// Room returns how many more members the group can take.
func (g GroupInfo) Room() int { return g.Capacity - g.Count }
