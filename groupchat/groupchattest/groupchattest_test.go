package groupchattest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/groupchat"
	"github.com/livecommerce-go/livecommerce/groupchat/groupchattest"
)

func TestBeautyBrand(t *testing.T) {
	b := groupchattest.BeautyBrand()
	for _, f := range b.Families {
		require.NoError(t, f.Validate(), f.ID)
	}
	tiers := b.Tiers()
	assert.Equal(t, []string{"fan", "member", "vip"}, tiers.IDs())
	d := b.Directory()
	assert.Equal(t, []string{"beauty-fans", "beauty-members", "beauty-vip"}, d.Families())
	require.NoError(t, groupchattest.CheckDirectory(d))

	// Family.Tiers, which admission checks, and Benefits.Groups, which the
	// tiers advertise, agree: a tier may join a gated family exactly when
	// its benefits list it.
	for _, id := range tiers.IDs() {
		tier, ok := tiers.Lookup(id)
		require.True(t, ok)
		for _, f := range b.Families {
			if f.Kind != groupchat.TierGated {
				continue
			}
			_, err := b.Directory().Join(f.ID, "probe", id)
			assert.Equal(t, tier.Benefits.MayJoin(f.ID), err == nil, "%s in %s: %v", id, f.ID, err)
		}
	}

	text, err := b.Live.Compose(b.Profile, groupchattest.Shanghai())
	require.NoError(t, err)
	assert.Contains(t, text, "进群立减5元")
	assert.Equal(t, time.Date(2024, 6, 18, 12, 0, 0, 0, time.UTC), b.Live.Start.UTC(), "20:00 in Shanghai")

	// Fresh values: changing one changes no other.
	b.Families[0].Admins[0] = "x"
	b.Policy.Tiers[1].Benefits.Coupons[0] = "x"
	again := groupchattest.BeautyBrand()
	assert.Equal(t, "puffbloom-staff-1", again.Families[0].Admins[0])
	assert.Equal(t, "member-join-5", again.Policy.Tiers[1].Benefits.Coupons[0])
}

func TestCupBrand(t *testing.T) {
	c := groupchattest.CupBrand(1, 6000)
	require.Len(t, c.Families, groupchattest.CupGroups)
	d := c.Directory()
	require.NoError(t, groupchattest.CheckDirectory(d))

	seats, overflowed := 0, 0
	inGroups := map[string]int{}
	for i, f := range c.Families {
		groups, err := d.Groups(f.ID)
		require.NoError(t, err)
		if len(groups) > 1 {
			overflowed++
		}
		for _, g := range groups {
			assert.LessOrEqual(t, g.Count, 500, g.Name)
		}
		seats += len(c.Buyers[i])
		for _, fan := range c.Buyers[i] {
			inGroups[fan]++
		}
	}
	assert.Len(t, inGroups, 6000, "every fan bought something")
	for fan, n := range inGroups {
		require.True(t, n >= 1 && n <= 4, "%s in %d groups", fan, n)
	}
	// One to four products, 2.5 on average: about 15,000 seats.
	assert.InDelta(t, 15000, seats, 600)
	assert.Positive(t, overflowed, "the best-sellers overflow into a second group")
	assert.Equal(t, seats, d.Len())

	// The live-start notice reaches each fan once, and the owner.
	auds := c.Audiences(d)
	notices, err := groupchat.LiveNotices("cup-live-1", auds)
	require.NoError(t, err)
	assert.Len(t, notices, 6001)

	// Deterministic for a seed, different across seeds.
	assert.Equal(t, c.Buyers, groupchattest.CupBrand(1, 6000).Buyers)
	assert.NotEqual(t, c.Buyers, groupchattest.CupBrand(2, 6000).Buyers)
	assert.Panics(t, func() { groupchattest.CupBrand(1, 0) })
}

func TestCheckDirectoryAfterChurn(t *testing.T) {
	c := groupchattest.CupBrand(7, 3000)
	d := c.Directory()
	for i, f := range c.Families {
		for j, fan := range c.Buyers[i] {
			switch j % 5 {
			case 0:
				_, err := d.Leave(f.ID, fan)
				require.NoError(t, err)
			case 1:
				_, err := d.Ban(f.ID, fan)
				require.NoError(t, err)
			}
		}
	}
	require.NoError(t, groupchattest.CheckDirectory(d))
}

// broken is a mirror of a directory with one family "f" of two groups,
// run by an owner and an admin, that a test corrupts.
type broken struct {
	families  []string // nil for just "f"
	groups    []groupchat.GroupInfo
	members   [][]string
	roles     map[string]groupchat.Role // a person's role; 0 when absent
	seats     map[string]string         // a person's seat's group
	seatRoles map[string]groupchat.Role // the role of a person's seat, when not their role
	banned    string
	failOn    string
}

func (b broken) Families() []string {
	if b.families != nil {
		return b.families
	}
	return []string{"f"}
}
func (b broken) Groups(string) ([]groupchat.GroupInfo, error) {
	if b.failOn == "groups" {
		return nil, groupchat.ErrUnknownGroup
	}
	return b.groups, nil
}
func (b broken) Members(_ string, seq int) ([]string, error) {
	if b.failOn == "members" {
		return nil, groupchat.ErrUnknownGroup
	}
	return b.members[seq-1], nil
}
func (b broken) Role(_, m string) groupchat.Role { return b.roles[m] }
func (b broken) Seat(_, m string) (groupchat.Seat, bool) {
	g, ok := b.seats[m]
	r, over := b.seatRoles[m]
	if !over {
		r = b.roles[m]
	}
	return groupchat.Seat{Family: "f", Group: g, Role: r}, ok
}
func (b broken) Banned(_, m string) bool { return m == b.banned }

func TestCheckDirectoryCatches(t *testing.T) {
	good := func() broken {
		return broken{
			groups: []groupchat.GroupInfo{
				{Family: "f", Name: "G1", Seq: 1, Count: 3, Capacity: 4},
				{Family: "f", Name: "G2", Seq: 2, Count: 3, Capacity: 4},
			},
			members: [][]string{{"ann", "owner", "helper"}, {"bo", "owner", "helper"}},
			roles: map[string]groupchat.Role{"ann": groupchat.Member, "bo": groupchat.Member,
				"owner": groupchat.Owner, "helper": groupchat.Admin},
			seats: map[string]string{"ann": "G1", "bo": "G2", "owner": "G1", "helper": "G1"},
		}
	}
	require.NoError(t, groupchattest.CheckDirectory(good()))
	// list sets group seq's members, and its count to match.
	list := func(b *broken, seq int, members ...string) {
		b.members[seq-1] = members
		b.groups[seq-1].Count = len(members)
	}
	tests := []struct {
		name   string
		change func(*broken)
		want   string
	}{
		{"over capacity", func(b *broken) { b.groups[0].Capacity = 1 }, "group G1 holds 3, capacity 1"},
		{"count disagrees", func(b *broken) { b.groups[1].Count = 1 }, "group G2 counts 1 but lists 3"},
		{"seated twice", func(b *broken) { b.members[1] = []string{"ann", "owner", "helper"} }, `member "ann" in G1 and G2`},
		{"listed twice in a group", func(b *broken) { list(b, 1, "ann", "ann", "owner", "helper") }, `"ann" listed twice in G1`},
		{"seat elsewhere", func(b *broken) { b.seats["bo"] = "G1" }, `member "bo" listed in G2, seat says "G1"`},
		{"no seat", func(b *broken) { delete(b.seats, "bo") }, `member "bo" listed in G2, seat says ""`},
		{"member's seat of another role", func(b *broken) { b.seatRoles["ann"] = groupchat.Admin }, `member "ann": seat says admin`},
		{"banned seated", func(b *broken) { b.banned = "ann" }, `banned member "ann" seated in G1`},
		{"ghost", func(b *broken) { list(b, 1, "ann", "ghost", "owner", "helper") }, `"ghost" listed in G1 but holds no role`},
		{"banned ghost", func(b *broken) {
			list(b, 2, "bo", "ghost", "owner", "helper")
			b.banned = "ghost"
		}, `"ghost" listed in G2 but holds no role`},
		{"unknown role", func(b *broken) { b.roles["ann"] = groupchat.Role(9) }, `"ann" listed in G1 holds Role(9)`},
		{"staff's seat of another role", func(b *broken) { b.seatRoles["helper"] = groupchat.Member }, `admin "helper": seat says member`},
		{"staff without a seat", func(b *broken) { delete(b.seats, "owner") }, `owner "owner": seat says "", not the first group G1`},
		{"staff seated elsewhere", func(b *broken) { b.seats["helper"] = "G2" }, `admin "helper": seat says "G2", not the first group G1`},
		{"staff missing from a group", func(b *broken) { list(b, 2, "bo", "owner") }, `admin "helper" sits in 1 of 2 groups`},
		{"staff listed in one group only", func(b *broken) { list(b, 1, "ann", "owner") }, `admin "helper" sits in 1 of 2 groups`},
		{"group without owner", func(b *broken) { list(b, 2, "bo", "helper") }, "group G2 lists no owner"},
		{"two owners", func(b *broken) { b.roles["helper"] = groupchat.Owner }, `two owners "owner" and "helper"`},
		{"banned staff", func(b *broken) { b.banned = "owner" }, `banned owner "owner" seated in G1`},
		{"no group", func(b *broken) { b.groups = nil }, `family "f": no group open`},
		{"families unsorted", func(b *broken) { b.families = []string{"g", "f"} }, `families not sorted: "g" before "f"`},
		{"family twice", func(b *broken) { b.families = []string{"f", "f"} }, `families not sorted: "f" before "f"`},
		{"groups fail", func(b *broken) { b.failOn = "groups" }, "unknown group"},
		{"members fail", func(b *broken) { b.failOn = "members" }, "unknown group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := good()
			b.seatRoles = map[string]groupchat.Role{}
			tt.change(&b)
			assert.ErrorContains(t, groupchattest.CheckDirectory(b), tt.want)
		})
	}
}
