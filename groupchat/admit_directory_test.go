package groupchat_test

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
	"github.com/livecommerce-go/livecommerce/groupchat/groupchattest"
)

// admitSnapshot prints everything a directory shows: its seat count, and
// per family its bans and each open group with its members.
func admitSnapshot(tb testing.TB, d *groupchat.Directory) string {
	tb.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "len %d\n", d.Len())
	for _, id := range d.Families() {
		bans, err := d.Bans(id)
		require.NoError(tb, err)
		groups, err := d.Groups(id)
		require.NoError(tb, err)
		fmt.Fprintf(&b, "%s bans %v\n", id, bans)
		for _, g := range groups {
			ms, err := d.Members(id, g.Seq)
			require.NoError(tb, err)
			fmt.Fprintf(&b, "  %s #%d %d/%d %v\n", g.Name, g.Seq, g.Count, g.Capacity, ms)
		}
	}
	return b.String()
}

// admitDirectory makes a directory of fams, failing the test on error.
func admitDirectory(tb testing.TB, fams ...groupchat.Family) *groupchat.Directory {
	tb.Helper()
	d, err := groupchat.NewDirectory(fams...)
	require.NoError(tb, err)
	return d
}

// admitSeqs joins each member to family and returns the sequence numbers
// of their groups, or "full" for a refused join.
func admitSeqs(tb testing.TB, d *groupchat.Directory, family string, members ...string) []string {
	tb.Helper()
	out := make([]string, len(members))
	for i, m := range members {
		a, err := d.Join(family, m, "")
		if err != nil {
			require.ErrorIs(tb, err, groupchat.ErrFull)
			out[i] = "full"
			continue
		}
		out[i] = fmt.Sprint(a.Seq)
	}
	return out
}

// Fill-first and balance on the same family: four seats a group, one of
// them the owner's, three groups open from the start and no more. The
// sequences are worked by hand from the policies' definitions.
func TestAdmitFillGolden(t *testing.T) {
	family := func(fill groupchat.Fill) groupchat.Family {
		f := admitFamily(t, "f")
		f.Capacity, f.Fill, f.Initial, f.MaxGroups = 4, fill, 3, 3
		return f
	}
	ms := func(ids ...int) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = fmt.Sprintf("m%d", id)
		}
		return out
	}
	tests := []struct {
		fill            groupchat.Fill
		first, refill   []string
		afterLeave      string
		leaves          []string
		refillTheGroups []string
	}{
		{
			fill:  groupchat.FillFirst,
			first: []string{"1", "1", "1", "2", "2", "2", "3", "3", "3", "full"},
			// m5 leaves group 2 and m1 group 1: the lowest group with
			// room is 1, then 2.
			leaves: ms(5, 1),
			refill: []string{"1", "2", "full"},
		},
		{
			fill:  groupchat.FillBalance,
			first: []string{"1", "2", "3", "1", "2", "3", "1", "2", "3", "full"},
			// m5 left group 2 and m1 group 1; both have two members, so
			// the tie goes to group 1, then to group 2.
			leaves: ms(5, 1),
			refill: []string{"1", "2", "full"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.fill.String(), func(t *testing.T) {
			d := admitDirectory(t, family(tt.fill))
			assert.Equal(t, tt.first, admitSeqs(t, d, "f", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)...))
			for _, m := range tt.leaves {
				_, err := d.Leave("f", m)
				require.NoError(t, err)
			}
			assert.Equal(t, tt.refill, admitSeqs(t, d, "f", ms(11, 12, 13)...))
			assert.Equal(t, 9, d.Len())
		})
	}
}

// Balance after uneven leaves: the next members go to the emptiest group.
func TestAdmitBalanceAfterLeaves(t *testing.T) {
	f := admitFamily(t, "f")
	f.Capacity, f.Fill, f.Initial = 6, groupchat.FillBalance, 3
	d := admitDirectory(t, f)
	var ids []string
	for i := range 15 {
		ids = append(ids, fmt.Sprintf("m%02d", i))
	}
	// 15 members over 3 groups of 5 member seats: 5 each, all full.
	assert.Equal(t, strings.Split("1 2 3 1 2 3 1 2 3 1 2 3 1 2 3", " "), admitSeqs(t, d, "f", ids...))
	// Group 3 loses three members, group 1 one.
	for _, m := range []string{"m02", "m05", "m08", "m00"} {
		_, err := d.Leave("f", m)
		require.NoError(t, err)
	}
	// Counts 4, 5, 2 members: group 3 takes two, then 1 and 3 tie at 4 →
	// group 1, then group 3, then all are full and group 4 opens.
	assert.Equal(t, []string{"3", "3", "1", "3", "4"}, admitSeqs(t, d, "f", "n1", "n2", "n3", "n4", "n5"))
}

// Overflow opens groups named base+n from First, as WeCom's join way does
// (room_base_name, room_base_id), and stops at MaxGroups.
func TestAdmitOverflowNaming(t *testing.T) {
	f := admitFamily(t, "cups")
	f.Base, f.First, f.Capacity, f.MaxGroups = "杯友群", 7, 2, 3
	d := admitDirectory(t, f)

	var got []groupchat.Admission
	for _, m := range []string{"ann", "bo", "cy"} {
		a, err := d.Join("cups", m, "")
		require.NoError(t, err)
		got = append(got, a)
	}
	want := []groupchat.Admission{
		{Seat: groupchat.Seat{Family: "cups", Group: "杯友群7", Seq: 7, Role: groupchat.Member}, Joined: true},
		{Seat: groupchat.Seat{Family: "cups", Group: "杯友群8", Seq: 8, Role: groupchat.Member}, Joined: true, Opened: true},
		{Seat: groupchat.Seat{Family: "cups", Group: "杯友群9", Seq: 9, Role: groupchat.Member}, Joined: true, Opened: true},
	}
	assert.Equal(t, want, got)
	before := admitSnapshot(t, d)
	_, err := d.Join("cups", "dee", "")
	require.ErrorIs(t, err, groupchat.ErrFull)
	assert.Contains(t, err.Error(), `family "cups": member "dee": all 3 groups hold 2`)
	assert.Equal(t, before, admitSnapshot(t, d))

	groups, err := d.Groups("cups")
	require.NoError(t, err)
	assert.Equal(t, []groupchat.GroupInfo{
		{Family: "cups", Name: "杯友群7", Seq: 7, Count: 2, Capacity: 2},
		{Family: "cups", Name: "杯友群8", Seq: 8, Count: 2, Capacity: 2},
		{Family: "cups", Name: "杯友群9", Seq: 9, Count: 2, Capacity: 2},
	}, groups)

	// A group emptied by a leave stays open and takes the next member.
	_, err = d.Leave("cups", "bo")
	require.NoError(t, err)
	a, err := d.Join("cups", "dee", "")
	require.NoError(t, err)
	assert.Equal(t, "杯友群8", a.Group)
	assert.False(t, a.Opened)
}

// Without MaxGroups, a family opens groups until the next name would pass
// the profile's limit: a base of 39 runes leaves one digit of WeCom's 40,
// so groups 1 to 9.
func TestAdmitNameLimitEndsTheFamily(t *testing.T) {
	f := admitFamily(t, "long")
	f.Base, f.Capacity = strings.Repeat("群", 39), 2
	d := admitDirectory(t, f)
	var seqs []string
	for i := range 10 {
		seqs = append(seqs, admitSeqs(t, d, "long", fmt.Sprintf("m%d", i))...)
	}
	assert.Equal(t, strings.Split("1 2 3 4 5 6 7 8 9 full", " "), seqs)
}

// Staff sit in every group, take a seat there and neither join, leave nor
// get banned.
func TestAdmitStaff(t *testing.T) {
	f := admitFamily(t, "f")
	f.Capacity, f.Admins, f.Initial = 4, []string{"helper", "aide"}, 2
	g := admitFamily(t, "g")
	d := admitDirectory(t, f, g)

	a, err := d.Join("f", "ann", "")
	require.NoError(t, err)
	assert.Equal(t, 1, a.Seq)
	// The owner of f is a plain member of g.
	_, err = d.Join("g", "owner-f", "")
	require.NoError(t, err)

	members, err := d.Members("f", 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"aide", "ann", "helper", "owner-f"}, members)
	members, err = d.Members("f", 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"aide", "helper", "owner-f"}, members)

	assert.Equal(t, groupchat.Owner, d.Role("f", "owner-f"))
	assert.Equal(t, groupchat.Admin, d.Role("f", "aide"))
	assert.Equal(t, groupchat.Member, d.Role("f", "ann"))
	assert.Equal(t, groupchat.Member, d.Role("g", "owner-f"))
	assert.Equal(t, groupchat.Role(0), d.Role("g", "ann"))
	assert.Equal(t, groupchat.Role(0), d.Role("nope", "ann"))

	assert.Equal(t, []groupchat.Seat{
		{Family: "f", Group: "f1", Seq: 1, Role: groupchat.Owner},
		{Family: "f", Group: "f2", Seq: 2, Role: groupchat.Owner},
		{Family: "g", Group: "g1", Seq: 1, Role: groupchat.Member},
	}, d.Of("owner-f"))
	s, ok := d.Seat("f", "helper")
	assert.True(t, ok)
	assert.Equal(t, groupchat.Seat{Family: "f", Group: "f1", Seq: 1, Role: groupchat.Admin}, s)

	before := admitSnapshot(t, d)
	_, err = d.Join("f", "helper", "")
	assert.ErrorIs(t, err, groupchat.ErrForbidden)
	_, err = d.Leave("f", "owner-f")
	assert.ErrorIs(t, err, groupchat.ErrForbidden)
	_, err = d.Ban("f", "aide")
	assert.ErrorIs(t, err, groupchat.ErrForbidden)
	assert.Contains(t, err.Error(), `"aide" is its admin`)
	assert.Equal(t, before, admitSnapshot(t, d))
}

func TestAdmitBans(t *testing.T) {
	d := admitDirectory(t, admitFamily(t, "f"), admitFamily(t, "g"))
	for _, fam := range []string{"f", "g"} {
		_, err := d.Join(fam, "ann", "")
		require.NoError(t, err)
	}

	s, err := d.Ban("f", "ann")
	require.NoError(t, err)
	assert.Equal(t, groupchat.Sanction{Family: "f", Member: "ann", Banned: true, Changed: true,
		Removed: groupchat.Seat{Family: "f", Group: "f1", Seq: 1, Role: groupchat.Member}}, s)
	assert.True(t, d.Banned("f", "ann"))
	assert.False(t, d.Banned("g", "ann"), "a ban is per family")
	assert.Equal(t, []groupchat.Seat{{Family: "g", Group: "g1", Seq: 1, Role: groupchat.Member}}, d.Of("ann"))
	assert.Equal(t, 1, d.Len())

	_, err = d.Join("f", "ann", "")
	assert.ErrorIs(t, err, groupchat.ErrBanned)

	// A second ban changes nothing.
	s, err = d.Ban("f", "ann")
	require.NoError(t, err)
	assert.Equal(t, groupchat.Sanction{Family: "f", Member: "ann", Banned: true}, s)

	// A member never seen may be banned before they come.
	s, err = d.Ban("f", "spammer")
	require.NoError(t, err)
	assert.Equal(t, groupchat.Sanction{Family: "f", Member: "spammer", Banned: true, Changed: true}, s)
	_, err = d.Join("f", "spammer", "")
	assert.ErrorIs(t, err, groupchat.ErrBanned)
	bans, err := d.Bans("f")
	require.NoError(t, err)
	assert.Equal(t, []string{"ann", "spammer"}, bans)
	assert.False(t, d.Banned("nope", "ann"))
	assert.False(t, d.Banned("f", "stranger"))

	s, err = d.Unban("f", "ann")
	require.NoError(t, err)
	assert.Equal(t, groupchat.Sanction{Family: "f", Member: "ann", Changed: true}, s)
	a, err := d.Join("f", "ann", "")
	require.NoError(t, err)
	assert.True(t, a.Joined)
	_, err = d.Unban("f", "ann")
	assert.ErrorIs(t, err, groupchat.ErrUnknownMember)
}

func TestAdmitTierGating(t *testing.T) {
	vip := admitFamily(t, "vip")
	vip.Kind, vip.Tiers = groupchat.TierGated, []string{"gold", "platinum"}
	d := admitDirectory(t, vip, admitFamily(t, "free"))

	for _, tier := range []string{"", "silver", "Gold"} {
		_, err := d.Join("vip", "ann", tier)
		assert.ErrorIs(t, err, groupchat.ErrNotEntitled, "tier %q", tier)
	}
	assert.Equal(t, 0, d.Len())
	a, err := d.Join("vip", "ann", "gold")
	require.NoError(t, err)
	assert.True(t, a.Joined)
	// A downgraded member is refused but keeps the seat until they leave.
	_, err = d.Join("vip", "ann", "silver")
	assert.ErrorIs(t, err, groupchat.ErrNotEntitled)
	assert.Equal(t, groupchat.Member, d.Role("vip", "ann"))
	a, err = d.Join("vip", "ann", "platinum")
	require.NoError(t, err)
	assert.False(t, a.Joined)
	// Other kinds ignore the tier.
	_, err = d.Join("free", "ann", "anything")
	require.NoError(t, err)
}

// Every refused call names what it refuses and changes nothing.
func TestAdmitErrorsChangeNothing(t *testing.T) {
	vip := admitFamily(t, "vip")
	vip.Kind, vip.Tiers, vip.Admins = groupchat.TierGated, []string{"gold"}, []string{"helper"}
	full := admitFamily(t, "full")
	full.Capacity, full.MaxGroups = 3, 1
	cups := admitFamily(t, "cups")
	cups.Kind, cups.Products, cups.Capacity, cups.MaxGroups = groupchat.PerProduct, []string{"cup"}, 4, 2
	d := admitDirectory(t, vip, full, cups)
	for _, m := range []string{"ann", "bo"} {
		_, err := d.Join("full", m, "")
		require.NoError(t, err)
	}
	_, err := d.Join("vip", "cy", "gold")
	require.NoError(t, err)
	_, err = d.Ban("vip", "dee")
	require.NoError(t, err)
	_, err = d.RouteBuyers("cup", "ann", "bo", "cy")
	require.NoError(t, err)

	tests := []struct {
		name string
		call func() error
		want error
		text string
	}{
		{"join unknown family", func() error { _, err := d.Join("nope", "ann", ""); return err }, groupchat.ErrUnknownGroup, `join: family "nope"`},
		{"join empty member", func() error { _, err := d.Join("vip", "", "gold"); return err }, commerce.ErrInvalid, `join: family "vip": member: empty`},
		{"join banned", func() error { _, err := d.Join("vip", "dee", "gold"); return err }, groupchat.ErrBanned, `member "dee"`},
		{"join not entitled", func() error { _, err := d.Join("vip", "eve", "tin"); return err }, groupchat.ErrNotEntitled, `member "eve" of tier "tin"`},
		{"join full", func() error { _, err := d.Join("full", "eve", ""); return err }, groupchat.ErrFull, `family "full": member "eve"`},
		{"join as staff", func() error { _, err := d.Join("vip", "owner-vip", "gold"); return err }, groupchat.ErrForbidden, `"owner-vip" is its owner`},
		{"leave unknown family", func() error { _, err := d.Leave("nope", "ann"); return err }, groupchat.ErrUnknownGroup, `leave: family "nope"`},
		{"leave never seen", func() error { _, err := d.Leave("vip", "zed"); return err }, groupchat.ErrUnknownMember, `"zed"`},
		{"leave not seated", func() error { _, err := d.Leave("vip", "ann"); return err }, groupchat.ErrUnknownMember, `"ann"`},
		{"leave banned", func() error { _, err := d.Leave("vip", "dee"); return err }, groupchat.ErrUnknownMember, `"dee"`},
		{"leave as staff", func() error { _, err := d.Leave("vip", "helper"); return err }, groupchat.ErrForbidden, `"helper" is its admin`},
		{"ban unknown family", func() error { _, err := d.Ban("nope", "ann"); return err }, groupchat.ErrUnknownGroup, `ban: family "nope"`},
		{"ban bad member", func() error { _, err := d.Ban("vip", "a\tb"); return err }, commerce.ErrInvalid, `ban: family "vip": member`},
		{"ban owner", func() error { _, err := d.Ban("vip", "owner-vip"); return err }, groupchat.ErrForbidden, `"owner-vip" is its owner`},
		{"unban unknown family", func() error { _, err := d.Unban("nope", "dee"); return err }, groupchat.ErrUnknownGroup, `unban: family "nope"`},
		{"unban not banned", func() error { _, err := d.Unban("vip", "cy"); return err }, groupchat.ErrUnknownMember, `"cy": not banned`},
		{"unban never seen", func() error { _, err := d.Unban("vip", "zed"); return err }, groupchat.ErrUnknownMember, `"zed": not banned`},
		{"unban staff", func() error { _, err := d.Unban("vip", "owner-vip"); return err }, groupchat.ErrUnknownMember, `"owner-vip": not banned`},
		{"bans unknown family", func() error { _, err := d.Bans("nope"); return err }, groupchat.ErrUnknownGroup, `bans: family "nope"`},
		{"groups unknown family", func() error { _, err := d.Groups("nope"); return err }, groupchat.ErrUnknownGroup, `groups: family "nope"`},
		{"members unknown family", func() error { _, err := d.Members("nope", 1); return err }, groupchat.ErrUnknownGroup, `members: family "nope"`},
		{"members below first", func() error { _, err := d.Members("vip", 0); return err }, groupchat.ErrUnknownGroup, `family "vip": group 0`},
		{"members not open", func() error { _, err := d.Members("vip", 2); return err }, groupchat.ErrUnknownGroup, `family "vip": group 2`},
		{"route unknown product", func() error { _, err := d.RouteBuyers("teapot", "ann"); return err }, groupchat.ErrUnknownGroup, `product "teapot"`},
		{"route a family id", func() error { _, err := d.RouteBuyers("cups", "ann"); return err }, groupchat.ErrUnknownGroup, `product "cups"`},
		{"route banned", func() error {
			_, err := d.Ban("cups", "dee")
			require.NoError(t, err)
			defer func() { _, _ = d.Unban("cups", "dee") }()
			_, err = d.RouteBuyers("cup", "eve", "dee")
			return err
		}, groupchat.ErrBanned, `member "dee"`},
		{"route staff", func() error { _, err := d.RouteBuyers("cup", "eve", "owner-cups"); return err }, groupchat.ErrForbidden, `"owner-cups" is its owner`},
		{"route unknown product", func() error { _, err := d.RouteBuyers("teapot", "eve"); return err }, groupchat.ErrUnknownGroup, `route buyers: product "teapot"`},
		{"route bad buyer", func() error { _, err := d.RouteBuyers("cup", "eve", " fay"); return err }, commerce.ErrInvalid, `route buyers of cup: family "cups": member`},
		// Two groups of three member seats hold ann, bo and cy: three more
		// fit, four do not, even with a seated buyer among them.
		{"route past the room", func() error { _, err := d.RouteBuyers("cup", "ann", "eve", "fay", "gus", "hal"); return err }, groupchat.ErrFull, "4 new buyers, room for 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := admitSnapshot(t, d)
			err := tt.call()
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.text)
			assert.Equal(t, before, admitSnapshot(t, d))
		})
	}
}

func TestAdmitRouting(t *testing.T) {
	product := func(id string, products ...string) groupchat.Family {
		f := admitFamily(t, id)
		f.Kind, f.Products, f.Capacity = groupchat.PerProduct, products, 3
		return f
	}
	d := admitDirectory(t, product("thermos", "thermos-350", "thermos-500"), product("mug", "mug-glass"), admitFamily(t, "free"))
	for _, tt := range []struct {
		product, family string
		ok              bool
	}{
		{"thermos-350", "thermos", true},
		{"thermos-500", "thermos", true},
		{"mug-glass", "mug", true},
		{"free", "", false},
		{"", "", false},
	} {
		fam, ok := d.Route(tt.product)
		assert.Equal(t, tt.family, fam, tt.product)
		assert.Equal(t, tt.ok, ok, tt.product)
	}

	got, err := d.RouteBuyers("thermos-500", "ann", "bo", "ann", "cy")
	require.NoError(t, err)
	seat := func(n int) groupchat.Seat {
		return groupchat.Seat{Family: "thermos", Group: fmt.Sprintf("thermos%d", n), Seq: n, Role: groupchat.Member}
	}
	assert.Equal(t, []groupchat.Admission{
		{Seat: seat(1), Joined: true},
		{Seat: seat(1), Joined: true},
		{Seat: seat(1)},
		{Seat: seat(2), Joined: true, Opened: true},
	}, got)
	// The second SKU of the product routes to the same family; seated
	// buyers keep their seats. Two member seats a group (three, one the
	// owner's): dee completes group 2 and eve opens group 3.
	got, err = d.RouteBuyers("thermos-350", "cy", "dee", "eve")
	require.NoError(t, err)
	assert.Equal(t, []groupchat.Admission{{Seat: seat(2)}, {Seat: seat(2), Joined: true}, {Seat: seat(3), Joined: true, Opened: true}}, got)
	got, err = d.RouteBuyers("mug-glass")
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Equal(t, 5, d.Len())
}

// Members seated in several families: the first seat is held inline and
// the others in a map; leaves and bans move between them.
func TestAdmitManyFamilies(t *testing.T) {
	var fams []groupchat.Family
	for i := range 4 {
		f := admitFamily(t, fmt.Sprintf("f%d", i))
		f.Capacity = 3
		fams = append(fams, f)
	}
	d := admitDirectory(t, fams...)
	for _, f := range []string{"f2", "f0", "f3", "f1"} {
		for _, m := range []string{"ann", "bo", "cy"} {
			_, err := d.Join(f, m, "")
			require.NoError(t, err)
		}
	}
	want := func(m string, seqs ...int) []groupchat.Seat {
		var out []groupchat.Seat
		for i, s := range seqs {
			if s > 0 {
				out = append(out, groupchat.Seat{Family: fmt.Sprintf("f%d", i), Group: fmt.Sprintf("f%d%d", i, s), Seq: s, Role: groupchat.Member})
			}
		}
		return out
	}
	assert.Equal(t, want("cy", 2, 2, 2, 2), d.Of("cy"))
	_, err := d.Leave("f2", "ann") // ann's inline seat
	require.NoError(t, err)
	_, err = d.Ban("f0", "ann")
	require.NoError(t, err)
	assert.Equal(t, want("ann", 0, 1, 0, 1), d.Of("ann"))
	a, err := d.Join("f2", "ann", "")
	require.NoError(t, err)
	assert.Equal(t, 1, a.Seq)
	assert.Equal(t, want("ann", 0, 1, 1, 1), d.Of("ann"))
	assert.Equal(t, want("bo", 1, 1, 1, 1), d.Of("bo"))
	for _, f := range []string{"f1", "f3"} {
		_, err = d.Leave(f, "bo")
		require.NoError(t, err)
	}
	assert.Equal(t, want("bo", 1, 0, 1, 0), d.Of("bo"))
	s, ok := d.Seat("f1", "bo")
	assert.False(t, ok)
	assert.Equal(t, groupchat.Seat{}, s)
	s, ok = d.Seat("f2", "bo")
	assert.True(t, ok)
	assert.Equal(t, "f21", s.Group)
	_, ok = d.Seat("f2", "zed")
	assert.False(t, ok)
	_, ok = d.Seat("nope", "bo")
	assert.False(t, ok)
	assert.Empty(t, d.Of("zed"))
	assert.Equal(t, 9, d.Len())
}

// The zero Directory has no families and answers every call.
func TestAdmitZeroDirectory(t *testing.T) {
	var d groupchat.Directory
	_, err := d.Join("f", "ann", "")
	assert.ErrorIs(t, err, groupchat.ErrUnknownGroup)
	_, err = d.Ban("f", "ann")
	assert.ErrorIs(t, err, groupchat.ErrUnknownGroup)
	_, err = d.RouteBuyers("cup", "ann")
	assert.ErrorIs(t, err, groupchat.ErrUnknownGroup)
	_, ok := d.Route("cup")
	assert.False(t, ok)
	assert.Empty(t, d.Of("ann"))
	assert.Empty(t, d.Families())
	assert.Zero(t, d.Len())
	assert.False(t, d.Banned("f", "ann"))
	d.Grow(10)
	d.Grow(0)
	assert.Zero(t, d.Len())
}

// Grow changes nothing but room: a grown directory, grown again while it
// holds members, ends as one that was not.
func TestAdmitGrow(t *testing.T) {
	f := admitFamily(t, "f")
	f.Capacity = 5
	plain, grown := admitDirectory(t, f), admitDirectory(t, f)
	grown.Grow(3)
	for i := range 100 {
		if i == 50 {
			grown.Grow(1000)
		}
		m := fmt.Sprintf("m%d", i)
		_, err := plain.Join("f", m, "")
		require.NoError(t, err)
		_, err = grown.Join("f", m, "")
		require.NoError(t, err)
	}
	assert.Equal(t, admitSnapshot(t, plain), admitSnapshot(t, grown))
}

// Regression: Grow of an absurd count returned at once, allocated at most
// what it pre-sizes, and left a working directory; Grow(math.MaxInt/2)
// hung (the table's size doubled past the largest int to 0) and
// Grow(math.MaxInt) panicked in slices.Grow.
func TestAdmitGrowBounded(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"max int", math.MaxInt},
		{"half max int", math.MaxInt / 2},
		{"past the member limit", math.MaxInt32},
		{"past the pre-size cap", 1<<20 + 1},
		{"negative", -1},
		{"min int", math.MinInt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := admitDirectory(t, admitFamily(t, "f"))
			_, err := d.Join("f", "ann", "")
			require.NoError(t, err)
			before := admitSnapshot(t, d)
			done := make(chan any, 1)
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			alloc := ms.TotalAlloc
			go func() {
				defer func() { done <- recover() }()
				d.Grow(tt.n)
			}()
			select {
			case p := <-done:
				require.Nil(t, p, "Grow(%d) panicked", tt.n)
			case <-time.After(5 * time.Second):
				t.Fatalf("Grow(%d) still running after 5 s", tt.n)
			}
			runtime.ReadMemStats(&ms)
			assert.Less(t, ms.TotalAlloc-alloc, uint64(128<<20), "Grow(%d) allocated past its cap", tt.n)
			assert.Equal(t, before, admitSnapshot(t, d), "Grow changes nothing but room")
			for i := range 600 {
				_, err := d.Join("f", fmt.Sprintf("m%d", i), "")
				require.NoError(t, err)
			}
			assert.Equal(t, 601, d.Len())
			require.NoError(t, groupchattest.CheckDirectory(d))
		})
	}
}

// A join of a seated member, the hot path of a re-scan of a group QR
// code, allocates nothing; nor do role and seat lookups.
func TestAdmitRejoinAllocs(t *testing.T) {
	vip := admitFamily(t, "vip")
	vip.Kind, vip.Tiers, vip.Admins = groupchat.TierGated, []string{"gold", "platinum"}, []string{"helper"}
	d := admitDirectory(t, vip, admitFamily(t, "free"))
	for _, f := range []string{"free", "vip"} {
		_, err := d.Join(f, "ann", "platinum")
		require.NoError(t, err)
	}
	var a groupchat.Admission
	var err error
	allocs := testing.AllocsPerRun(1000, func() {
		a, err = d.Join("vip", "ann", "platinum")
	})
	require.NoError(t, err)
	assert.False(t, a.Joined)
	assert.Zero(t, allocs, "re-join")
	allocs = testing.AllocsPerRun(1000, func() {
		_ = d.Role("vip", "ann")
		_, _ = d.Seat("free", "ann")
		_ = d.Banned("vip", "ann")
		_, _ = d.Route("cup")
	})
	assert.Zero(t, allocs, "lookups")
}

// Regression: a member whose inline seat was freed and whose other seat
// moves when a member before them leaves keeps that one seat, found by
// TestAdmitProperty.
func TestAdmitMovedSeatInOtherFamily(t *testing.T) {
	d := admitDirectory(t, admitFamily(t, "f0"), admitFamily(t, "f1"))
	for _, j := range [][2]string{{"f0", "x"}, {"f1", "y"}, {"f1", "x"}} {
		_, err := d.Join(j[0], j[1], "")
		require.NoError(t, err)
	}
	for _, l := range [][2]string{{"f0", "x"}, {"f1", "y"}, {"f1", "x"}} {
		_, err := d.Leave(l[0], l[1])
		require.NoError(t, err)
	}
	assert.Empty(t, d.Of("x"))
	assert.Zero(t, d.Len())
	members, err := d.Members("f1", 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"owner-f1"}, members)
}
