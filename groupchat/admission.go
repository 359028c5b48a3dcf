package groupchat

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Directory holds the families of group chats and who sits where: it
// admits members with overflow into the next group of a family, lets them
// leave, bans and unbans them, and routes a product's buyers to its
// family ([Directory.RouteBuyers]). Make one with [NewDirectory]; the zero
// Directory has no families.
//
// # Admission
//
// A member holds at most one seat per family. [Directory.Join] refuses a
// banned member ([ErrBanned]) and, in a TierGated family, a tier the
// family does not list ([ErrNotEntitled]); it returns the member's seat if
// they already hold one, and otherwise places them by the family's [Fill]
// policy among its open groups. When every open group is full, the family
// opens its next group, numbered one past the last, whether or not the
// platform creates groups itself ([Profile.AutoCreate]): the returned
// [Admission] says so, and on a platform without auto-create the caller
// creates that group. When the family has opened MaxGroups groups, or its
// names would pass the profile's limit, the join is refused with
// [ErrFull]. Groups never close: a group emptied by leaves stays open and
// takes members again.
//
// # Staff
//
// A family's owner and admins sit in every group of the family from the
// moment it opens, take a seat there, and are listed by
// [Directory.Members] and [Directory.Of]. They neither join nor leave, and
// cannot be banned from their own family ([ErrForbidden]).
//
// # Determinism
//
// The state depends only on the families and the sequence of calls, never
// on the order of the families given to [NewDirectory]; every list a
// Directory returns is sorted and freshly allocated, so the caller may
// keep it.
//
// # Representation
//
// Members are interned to dense int32 indexes by an open-addressing hash
// table that holds no pointers (the garbage collector never scans it);
// each member's seat in one family (group and position in it) is held
// inline in a 16-byte record, their seats in other families in one map
// keyed by family and member; each group is a slice of member indexes. A
// join of a new member costs one probe of the table and three appends, so
// a million joins take well under half a second (BenchmarkAdmission), and
// a join of a seated member allocates nothing. The table's layout depends on a
// hash seed drawn per directory, as a Go map's does; nothing a Directory
// returns does.
//
// # Concurrency
//
// A Directory is not safe for concurrent mutation: [Directory.Join],
// [Directory.Leave], [Directory.Ban], [Directory.Unban],
// [Directory.RouteBuyers] and [Directory.Grow] must not run at the same
// time as any other call. Concurrent reads are safe while nobody mutates:
// the contract of a Go map.
type Directory struct {
	fams      []family         // sorted by ID
	byID      map[string]int32 // family ID → index in fams
	byProduct map[string]int32 // product ID → index in fams
	ids       memberTable      // member ID ↔ member index
	recs      []memberRec      // member index → first seat
	more      map[uint64]place // seatKey(family, member) → other seats
	seated    int              // seats held by members
}

// memberRec is a member's seat in one family, held inline because most
// members sit in one family, and the count of their other seats, held in
// Directory.more.
type memberRec struct {
	fam   int32 // the inline seat's family, or -1 for none
	at    place
	extra int32
}

// family is a family's open groups, its bans, and the parts of its
// declaration a join reads, packed in two cache lines.
type family struct {
	id       string
	owner    string
	admins   []string
	groups   []group // open groups, by sequence number
	banned   map[int32]struct{}
	capacity int32 // per group, staff included
	staff    int32 // owner and admins
	first    int32 // first sequence number
	limit    int32 // most groups
	hint     int32 // FillFirst: no group below hint has room
	kind     FamilyKind
	fill     Fill
	spec     *compiled
}

// group is an open group: its name and its members' indexes.
type group struct {
	name    string
	members []int32
}

// newFamily returns the family of c, with no group open.
func newFamily(c compiled) family {
	return family{id: c.decl.ID, owner: c.decl.Owner, admins: c.decl.Admins, capacity: c.capacity, staff: c.staff,
		first: c.first, limit: c.limit, kind: c.decl.Kind, fill: c.decl.Fill, spec: &c}
}

// place is a member's group and position in it, both indexes.
type place struct{ group, pos int32 }

// seatKey is the key of member m's place in family f.
func seatKey(f, m int32) uint64 { return uint64(uint32(f))<<32 | uint64(uint32(m)) }

// place returns member m's place in family f, and whether they hold one.
func (d *Directory) place(f, m int32) (place, bool) {
	r := &d.recs[m]
	if r.fam == f {
		return r.at, true
	}
	if r.extra == 0 {
		return place{}, false
	}
	p, ok := d.more[seatKey(f, m)]
	return p, ok
}

// setPlace sets member m's place in family f: it moves the seat they
// hold there, or seats them inline if they hold no inline seat, or in
// Directory.more.
func (d *Directory) setPlace(f, m int32, p place) {
	r := &d.recs[m]
	if r.fam == f {
		r.at = p
		return
	}
	k := seatKey(f, m)
	if r.extra > 0 {
		if _, ok := d.more[k]; ok {
			d.more[k] = p
			return
		}
	}
	if r.fam < 0 {
		r.fam, r.at = f, p
		return
	}
	if d.more == nil {
		d.more = make(map[uint64]place)
	}
	d.more[k] = p
	r.extra++
}

// dropPlace removes member m's place in family f, which they hold.
func (d *Directory) dropPlace(f, m int32) {
	r := &d.recs[m]
	if r.fam == f {
		r.fam, r.at = -1, place{}
		return
	}
	delete(d.more, seatKey(f, m))
	r.extra--
}

// maxMembers is the most members a directory interns.
const maxMembers = math.MaxInt32

// NewDirectory validates the families ([Family.Validate]) and opens each
// one's initial groups. Two families with one ID, or a product claimed by
// two families, are refused with a *[commerce.FieldError] naming them.
func NewDirectory(families ...Family) (*Directory, error) {
	d := &Directory{
		fams:      make([]family, 0, len(families)),
		byID:      make(map[string]int32, len(families)),
		byProduct: make(map[string]int32),
	}
	for i, f := range families {
		c, err := f.compile()
		if err != nil {
			return nil, fmt.Errorf("groupchat: families[%d]: %w", i, err)
		}
		d.fams = append(d.fams, newFamily(c))
	}
	slices.SortFunc(d.fams, func(a, b family) int { return strings.Compare(a.id, b.id) })
	for i := range d.fams {
		f := &d.fams[i]
		if i > 0 && d.fams[i-1].id == f.id {
			return nil, fieldErr(fmt.Sprintf("family %q", f.id), "declared twice")
		}
		d.byID[f.id] = int32(i)
		for _, p := range f.spec.decl.Products {
			if j, ok := d.byProduct[p]; ok {
				return nil, fieldErr(fmt.Sprintf("family %q: products", f.id), "%q is already routed to family %q", p, d.fams[j].id)
			}
			d.byProduct[p] = int32(i)
		}
		for range f.spec.initial {
			f.open()
		}
	}
	return d, nil
}

// open opens the family's next group.
func (f *family) open() {
	n := int32(len(f.groups))
	f.groups = append(f.groups, group{name: groupName(f.spec.decl.Base, f.first+n)})
}

// count is the number of people in group g, staff included.
func (f *family) count(g int32) int32 { return f.staff + int32(len(f.groups[g].members)) }

// seat is the seat of group g with role r.
func (f *family) seat(g int32, r Role) Seat {
	return Seat{Family: f.id, Group: f.groups[g].name, Seq: int(f.first + g), Role: r}
}

// staffRole is member's role as staff of f, or 0.
func (f *family) staffRole(member string) Role {
	if member == f.owner {
		return Owner
	}
	if slices.Contains(f.admins, member) {
		return Admin
	}
	return 0
}

// pick returns the group a new member goes to: an open group, or the
// number of open groups when the family must open one, or -1 when it is
// full.
func (f *family) pick() int32 {
	n := int32(len(f.groups))
	switch f.fill {
	case FillFirst:
		for f.hint < n && f.count(f.hint) >= f.capacity {
			f.hint++ // a cache: moving it changes nothing observable
		}
		if f.hint < n {
			return f.hint
		}
	default: // FillBalance
		best := int32(-1)
		for g := range n {
			if best < 0 || len(f.groups[g].members) < len(f.groups[best].members) {
				best = g
			}
		}
		if best >= 0 && f.count(best) < f.capacity {
			return best
		}
	}
	if n < f.limit {
		return n
	}
	return -1
}

// Admission is the outcome of a join: the member's seat, and whether the
// call seated them and opened the group.
type Admission struct {
	// Seat is the member's seat.
	Seat
	// Joined is false when the member already held the seat.
	Joined bool
	// Opened reports that the join opened the group, which the caller
	// creates on a platform without [Profile.AutoCreate].
	Opened bool
}

// Len returns the number of seats held by members, staff excluded.
func (d *Directory) Len() int { return d.seated }

// maxGrow is the most new members [Directory.Grow] makes room for in one
// call: about 48 MB of tables, enough for a million joins.
const maxGrow = 1 << 20

// Grow makes room for n more members, so that the next n joins of new
// members do not grow the directory's tables. It makes room for at most
// 1,048,576 (2²⁰) more members a call, and never past the 2³¹ − 1 members
// a directory holds: beyond that the tables grow, doubling, as members
// come. A count of 0 or less does nothing; any count returns promptly and
// changes nothing but room.
func (d *Directory) Grow(n int) {
	n = min(n, maxGrow, maxMembers-d.ids.len())
	if n <= 0 {
		return
	}
	d.ids.grow(n)
	d.recs = slices.Grow(d.recs, n)
}

// family returns the index of family id, or an error naming it for op.
func (d *Directory) family(op, id string) (int32, error) {
	i, ok := d.byID[id]
	if !ok {
		return 0, fmt.Errorf("groupchat: %s: family %q: %w", op, id, ErrUnknownGroup)
	}
	return i, nil
}

// member returns the index of member id and whether it is interned.
func (d *Directory) member(id string) (int32, bool) { return d.ids.find(id) }

// intern returns the index of member id, interning it if new.
func (d *Directory) intern(id string) int32 {
	if m, ok := d.ids.find(id); ok {
		return m
	}
	return d.add(id)
}

// add interns member id, which is new.
func (d *Directory) add(id string) int32 {
	d.recs = push(d.recs, memberRec{fam: -1})
	return d.ids.add(id)
}

// push appends v to s, doubling its capacity when full: append grows a
// large slice by a quarter, which copies a table of a million members
// about five times over.
func push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 16))
	}
	return append(s, v)
}

// memberTable interns member IDs to dense indexes in order of first
// sight: an open-addressing table with linear probing whose slots hold a
// hash tag and an index, and no pointers, so the garbage collector never
// scans it and growing it never hashes an ID again. Its layout depends on
// a hash seed drawn when it first holds an ID, as a Go map's does, which
// guards it against IDs chosen to collide; nothing it returns depends on
// the seed.
type memberTable struct {
	seed  maphash.Seed
	slots []uint64 // tag<<32 | index+1; 0 is an empty slot
	ids   []string // index → ID
}

// len is the number of IDs.
func (t *memberTable) len() int { return len(t.ids) }

// id returns the ID of index m.
func (t *memberTable) id(m int32) string { return t.ids[m] }

// tag is the hash tag of id; the low bits of a tag place it.
func (t *memberTable) tag(id string) uint64 { return maphash.String(t.seed, id) >> 32 }

// find returns the index of id and whether the table holds it.
func (t *memberTable) find(id string) (int32, bool) {
	if len(t.ids) == 0 {
		return 0, false
	}
	tag := t.tag(id)
	mask := uint64(len(t.slots) - 1)
	for i := tag & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>32 == tag && t.ids[uint32(s)-1] == id {
			return int32(uint32(s) - 1), true
		}
	}
}

// add interns id, which the table does not hold, and returns its index.
func (t *memberTable) add(id string) int32 {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
	}
	if 2*(len(t.ids)+1) > len(t.slots) {
		t.resize(len(t.ids) + 1)
	}
	m := len(t.ids)
	t.put(t.tag(id)<<32 | uint64(m+1))
	t.ids = push(t.ids, id)
	return int32(m)
}

// put places slot s in the first free slot from its tag's place.
func (t *memberTable) put(s uint64) {
	mask := uint64(len(t.slots) - 1)
	i := (s >> 32) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// tableSize is the number of slots that hold n IDs, 0 ≤ n ≤ maxMembers,
// at most half full: the least power of two not below 2n, and at least
// 16, computed in uint64 so that it cannot overflow.
func tableSize(n int) uint64 {
	size := uint64(16)
	if need := 2 * uint64(n); need > size {
		size = 1 << bits.Len64(need-1)
	}
	return size
}

// resize makes the table hold n IDs, 0 ≤ n ≤ maxMembers, at most half
// full.
func (t *memberTable) resize(n int) {
	size := tableSize(n)
	if size <= uint64(len(t.slots)) {
		return
	}
	old := t.slots
	t.slots = make([]uint64, size)
	for _, s := range old {
		if s != 0 {
			t.put(s)
		}
	}
}

// grow makes room for n more IDs, 0 < n ≤ maxMembers − t.len().
func (t *memberTable) grow(n int) {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
	}
	t.resize(len(t.ids) + n)
	t.ids = slices.Grow(t.ids, n)
}

// checkMember validates the ID of a member of family for op, building
// the field's name only when it fails.
func checkMember(op, family, member string) error {
	if p := ident.Problem(member); p != "" {
		return fieldErr(fmt.Sprintf("%s: family %q: member", op, family), "%s", p)
	}
	return nil
}

// check applies the admission rules but room to member with tier in
// family fi for op: the ID, staff, bans and tiers. It returns the
// member's index (if interned) and their place (if seated).
func (d *Directory) check(op string, fi int32, member, tier string) (m int32, known bool, p place, seated bool, err error) {
	f := &d.fams[fi]
	if err := checkMember(op, f.id, member); err != nil {
		return 0, false, place{}, false, err
	}
	if r := f.staffRole(member); r != 0 {
		return 0, false, place{}, false, fmt.Errorf("groupchat: %s: family %q: %q is its %v, in every group: %w", op, f.id, member, r, ErrForbidden)
	}
	m, known = d.member(member)
	if known {
		if _, ok := f.banned[m]; ok {
			return 0, false, place{}, false, fmt.Errorf("groupchat: %s: family %q: member %q: %w", op, f.id, member, ErrBanned)
		}
	}
	if f.kind == TierGated && !slices.Contains(f.spec.decl.Tiers, tier) {
		return 0, false, place{}, false, fmt.Errorf("groupchat: %s: family %q: member %q of tier %q: %w", op, f.id, member, tier, ErrNotEntitled)
	}
	if known {
		p, seated = d.place(fi, m)
	}
	if !known && d.ids.len() >= maxMembers {
		return 0, false, place{}, false, fieldErr(fmt.Sprintf("%s: family %q: member %q", op, f.id, member), "the directory holds at most %d members", maxMembers)
	}
	return m, known, p, seated, nil
}

// Join admits member, of member tier tier, to family: it returns the seat
// the member holds if they hold one, and otherwise seats them in a group
// chosen by the family's [Fill] policy, opening the family's next group
// when every open group is full. The tier matters only to a TierGated
// family, whose Tiers must list it; the empty tier is no tier.
//
// An unknown family is [ErrUnknownGroup]; a banned member [ErrBanned];
// a tier the family does not admit [ErrNotEntitled], even for a seated
// member, whose seat stays (removing it is [Directory.Leave]'s, when the
// entitlement ends); the family's owner or an admin [ErrForbidden]; a full
// family that may open no more groups [ErrFull]; a malformed member ID a
// *[commerce.FieldError]. A refused join changes nothing.
func (d *Directory) Join(family, member, tier string) (Admission, error) {
	fi, err := d.family("join", family)
	if err != nil {
		return Admission{}, err
	}
	m, known, p, seated, err := d.check("join", fi, member, tier)
	if err != nil {
		return Admission{}, err
	}
	f := &d.fams[fi]
	if seated {
		return Admission{Seat: f.seat(p.group, Member)}, nil
	}
	g := f.pick()
	if g < 0 {
		return Admission{}, fmt.Errorf("groupchat: join: family %q: member %q: all %d groups hold %d: %w", family, member, len(f.groups), f.capacity, ErrFull)
	}
	if !known {
		m = d.add(member)
	}
	return d.seat(fi, m, g), nil
}

// seat seats member m in group g of family fi, opening it if g is the
// next group.
func (d *Directory) seat(fi, m, g int32) Admission {
	f := &d.fams[fi]
	opened := g == int32(len(f.groups))
	if opened {
		f.open()
	}
	d.setPlace(fi, m, place{group: g, pos: int32(len(f.groups[g].members))})
	f.groups[g].members = append(f.groups[g].members, m)
	d.seated++
	return Admission{Seat: f.seat(g, Member), Joined: true, Opened: opened}
}

// unseat removes member m from its place p in family fi.
func (d *Directory) unseat(fi, m int32, p place) {
	f := &d.fams[fi]
	ms := f.groups[p.group].members
	last := int32(len(ms) - 1)
	if p.pos != last {
		moved := ms[last]
		ms[p.pos] = moved
		d.setPlace(fi, moved, place{group: p.group, pos: p.pos})
	}
	f.groups[p.group].members = ms[:last]
	d.dropPlace(fi, m)
	f.hint = min(f.hint, p.group)
	d.seated--
}

// Leave removes member from their group of family and returns the seat
// they held. An unknown family is [ErrUnknownGroup]; a member without a
// seat in it [ErrUnknownMember]; the family's owner or an admin, who sit
// in every group, [ErrForbidden]. A refused leave changes nothing.
func (d *Directory) Leave(family, member string) (Seat, error) {
	fi, err := d.family("leave", family)
	if err != nil {
		return Seat{}, err
	}
	f := &d.fams[fi]
	if r := f.staffRole(member); r != 0 {
		return Seat{}, fmt.Errorf("groupchat: leave: family %q: %q is its %v, in every group: %w", family, member, r, ErrForbidden)
	}
	m, ok := d.member(member)
	if !ok {
		return Seat{}, fmt.Errorf("groupchat: leave: family %q: %w %q", family, ErrUnknownMember, member)
	}
	p, seated := d.place(fi, m)
	if !seated {
		return Seat{}, fmt.Errorf("groupchat: leave: family %q: %w %q", family, ErrUnknownMember, member)
	}
	s := f.seat(p.group, Member)
	d.unseat(fi, m, p)
	return s, nil
}

// Sanction is what a ban or an unban did: the material of an audit record.
type Sanction struct {
	// Family is the family's ID.
	Family string
	// Member is the member's ID.
	Member string
	// Banned is whether the member is banned after the call.
	Banned bool
	// Removed is the seat a ban took from the member; the zero Seat when
	// they held none.
	Removed Seat
	// Changed is false when a ban found the member already banned.
	Changed bool
}

// Ban bans member from family, removing them from their group if they
// hold a seat: they may not join the family again until unbanned. A member
// need not be known to be banned, and banning a banned member changes
// nothing (Sanction.Changed is false). An unknown family is
// [ErrUnknownGroup]; the family's owner or an admin [ErrForbidden]; a
// malformed member ID a *[commerce.FieldError]. A refused ban changes
// nothing.
func (d *Directory) Ban(family, member string) (Sanction, error) {
	fi, err := d.family("ban", family)
	if err != nil {
		return Sanction{}, err
	}
	f := &d.fams[fi]
	if err := checkMember("ban", family, member); err != nil {
		return Sanction{}, err
	}
	if r := f.staffRole(member); r != 0 {
		return Sanction{}, fmt.Errorf("groupchat: ban: family %q: %q is its %v: %w", family, member, r, ErrForbidden)
	}
	s := Sanction{Family: family, Member: member, Banned: true}
	m, known := d.member(member)
	if known {
		if _, ok := f.banned[m]; ok {
			return s, nil
		}
	} else if d.ids.len() >= maxMembers {
		return Sanction{}, fieldErr(fmt.Sprintf("ban: family %q: member %q", family, member), "the directory holds at most %d members", maxMembers)
	}
	m = d.intern(member)
	if p, ok := d.place(fi, m); ok {
		s.Removed = f.seat(p.group, Member)
		d.unseat(fi, m, p)
	}
	if f.banned == nil {
		f.banned = make(map[int32]struct{})
	}
	f.banned[m] = struct{}{}
	s.Changed = true
	return s, nil
}

// Unban lifts member's ban from family; they may join again. An unknown
// family is [ErrUnknownGroup]; a member who is not banned from it
// [ErrUnknownMember], whether never seen, seated, or the family's staff,
// with "not banned" in the message: unlike [Directory.Ban], unbanning
// twice is an error, so a caller mirroring bans learns it was out of
// step. A refused unban changes nothing.
func (d *Directory) Unban(family, member string) (Sanction, error) {
	fi, err := d.family("unban", family)
	if err != nil {
		return Sanction{}, err
	}
	f := &d.fams[fi]
	m, known := d.member(member)
	if _, ok := f.banned[m]; !known || !ok {
		return Sanction{}, fmt.Errorf("groupchat: unban: family %q: %w %q: not banned", family, ErrUnknownMember, member)
	}
	delete(f.banned, m)
	return Sanction{Family: family, Member: member, Changed: true}, nil
}

// Banned reports whether member is banned from family.
func (d *Directory) Banned(family, member string) bool {
	fi, ok := d.byID[family]
	if !ok {
		return false
	}
	m, ok := d.member(member)
	if !ok {
		return false
	}
	_, ok = d.fams[fi].banned[m]
	return ok
}

// Bans returns the members banned from family, sorted. An unknown family
// is [ErrUnknownGroup].
func (d *Directory) Bans(family string) ([]string, error) {
	fi, err := d.family("bans", family)
	if err != nil {
		return nil, err
	}
	f := &d.fams[fi]
	out := make([]string, 0, len(f.banned))
	for m := range f.banned {
		out = append(out, d.ids.id(m))
	}
	slices.Sort(out)
	return out, nil
}

// Families returns the IDs of the families, sorted.
func (d *Directory) Families() []string {
	out := make([]string, len(d.fams))
	for i := range d.fams {
		out[i] = d.fams[i].id
	}
	return out
}

// Family returns the declaration of family id, with its slices and its
// profile's copied, and whether the directory has it.
func (d *Directory) Family(id string) (Family, bool) {
	fi, ok := d.byID[id]
	if !ok {
		return Family{}, false
	}
	return d.fams[fi].spec.decl.clone(), true
}

// Groups returns the open groups of family, by sequence number. An
// unknown family is [ErrUnknownGroup].
func (d *Directory) Groups(family string) ([]GroupInfo, error) {
	fi, err := d.family("groups", family)
	if err != nil {
		return nil, err
	}
	f := &d.fams[fi]
	out := make([]GroupInfo, len(f.groups))
	for g := range int32(len(f.groups)) {
		out[g] = GroupInfo{Family: family, Name: f.groups[g].name, Seq: int(f.first + g), Count: int(f.count(g)), Capacity: int(f.capacity)}
	}
	return out, nil
}

// Members returns everyone in group seq of family, staff included, sorted
// by ID. An unknown family, or a group the family has not opened, is
// [ErrUnknownGroup].
func (d *Directory) Members(family string, seq int) ([]string, error) {
	fi, err := d.family("members", family)
	if err != nil {
		return nil, err
	}
	f := &d.fams[fi]
	g := int64(seq) - int64(f.first)
	if g < 0 || g >= int64(len(f.groups)) {
		return nil, fmt.Errorf("groupchat: members: family %q: group %d: %w", family, seq, ErrUnknownGroup)
	}
	out := make([]string, 0, f.count(int32(g)))
	out = append(out, f.owner)
	out = append(out, f.admins...)
	for _, m := range f.groups[g].members {
		out = append(out, d.ids.id(m))
	}
	slices.Sort(out)
	return out, nil
}

// Seat returns member's seat in family, staff included (a staff member's
// seat is in the family's first group), and whether they hold one.
func (d *Directory) Seat(family, member string) (Seat, bool) {
	fi, ok := d.byID[family]
	if !ok {
		return Seat{}, false
	}
	f := &d.fams[fi]
	if r := f.staffRole(member); r != 0 {
		return f.seat(0, r), true
	}
	m, ok := d.member(member)
	if !ok {
		return Seat{}, false
	}
	p, ok := d.place(fi, m)
	if !ok {
		return Seat{}, false
	}
	return f.seat(p.group, Member), true
}

// Role returns member's role in family: [Owner] or [Admin] for its staff,
// [Member] for a member holding a seat, and 0 for anyone else or an
// unknown family.
func (d *Directory) Role(family, member string) Role {
	s, _ := d.Seat(family, member)
	return s.Role
}

// Of returns every seat member holds, sorted by family and sequence
// number: one per family for a member, and every open group of the family
// for its staff. A member without a seat has none.
func (d *Directory) Of(member string) []Seat {
	m, known := d.member(member)
	var out []Seat
	for fi := range d.fams {
		f := &d.fams[fi]
		if r := f.staffRole(member); r != 0 {
			for g := range int32(len(f.groups)) {
				out = append(out, f.seat(g, r))
			}
			continue
		}
		if !known {
			continue
		}
		if p, ok := d.place(int32(fi), m); ok {
			out = append(out, f.seat(p.group, Member))
		}
	}
	return out
}
