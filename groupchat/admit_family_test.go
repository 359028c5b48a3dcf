package groupchat_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// admitProfile returns the compiled-in profile of p.
func admitProfile(tb testing.TB, p groupchat.Platform) groupchat.Profile {
	tb.Helper()
	prof, err := groupchat.ProfileOf(p)
	require.NoError(tb, err)
	return prof
}

// admitFamily is a valid free community family on WeCom customer groups
// (500 seats, 3 admins, names of 40 runes), filled first.
func admitFamily(tb testing.TB, id string) groupchat.Family {
	tb.Helper()
	return groupchat.Family{ID: id, Kind: groupchat.FreeCommunity, Base: id, Profile: admitProfile(tb, groupchat.WeComCustomer),
		Owner: "owner-" + id, Fill: groupchat.FillFirst}
}

func TestAdmitKindAndFillStrings(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{groupchat.FreeCommunity.String(), "community"},
		{groupchat.TierGated.String(), "membership"},
		{groupchat.PerProduct.String(), "product"},
		{groupchat.FamilyKind(0).String(), "FamilyKind(0)"},
		{groupchat.FamilyKind(9).String(), "FamilyKind(9)"},
		{groupchat.FillFirst.String(), "fill-first"},
		{groupchat.FillBalance.String(), "balance"},
		{groupchat.Fill(0).String(), "Fill(0)"},
		{groupchat.Fill(7).String(), "Fill(7)"},
		{groupchat.Seat{}.String(), "no seat"},
		{groupchat.Seat{Family: "f", Group: "f2", Seq: 2, Role: groupchat.Admin}.String(), "f2 admin"},
	} {
		assert.Equal(t, tt.want, tt.got)
	}
	assert.Equal(t, 3, groupchat.GroupInfo{Count: 497, Capacity: 500}.Room())
}

func TestAdmitFamilyValidate(t *testing.T) {
	// WeCom names hold 40 runes (room_base_name, path/99547); Tencent IM
	// names 30 bytes (document/product/269/1502).
	base39 := strings.Repeat("杯", 39)
	tests := []struct {
		name    string
		edit    func(f *groupchat.Family)
		field   string // a substring of the error; "" for a valid family
		tooLong bool   // the error also wraps ErrTooLong
	}{
		{"valid", func(*groupchat.Family) {}, "", false},
		{"empty id", func(f *groupchat.Family) { f.ID = "" }, "family: id", false},
		{"spaced id", func(f *groupchat.Family) { f.ID = " f" }, "family: id", false},
		{"no kind", func(f *groupchat.Family) { f.Kind = 0 }, `family "f": kind`, false},
		{"unknown kind", func(f *groupchat.Family) { f.Kind = 4 }, `family "f": kind`, false},
		{"no fill", func(f *groupchat.Family) { f.Fill = 0 }, `family "f": fill`, false},
		{"unknown fill", func(f *groupchat.Family) { f.Fill = 3 }, `family "f": fill`, false},
		{"zero profile", func(f *groupchat.Family) { f.Profile = groupchat.Profile{} }, `family "f": profile`, false},
		{"no owner", func(f *groupchat.Family) { f.Owner = "" }, `family "f": owner`, false},
		{"too many admins", func(f *groupchat.Family) { f.Admins = []string{"a", "b", "c", "d"} }, "admins: 4 exceed the profile's 3", false},
		{"bad admin", func(f *groupchat.Family) { f.Admins = []string{"a", "b\n"} }, "admins[1]", false},
		{"duplicate admin", func(f *groupchat.Family) { f.Admins = []string{"a", "a"} }, `admins[1]: duplicate "a"`, false},
		{"owner as admin", func(f *groupchat.Family) { f.Admins = []string{f.Owner} }, "is the owner", false},
		{"negative capacity", func(f *groupchat.Family) { f.Capacity = -1 }, "capacity: negative", false},
		{"capacity over the profile's", func(f *groupchat.Family) { f.Capacity = 501 }, "501 exceeds the profile's 500", false},
		{"profile capacity past int32", func(f *groupchat.Family) { f.Profile.Capacity = math.MaxInt32 + 1 }, "2147483648 exceeds 2147483647", false},
		{"capacity past int32", func(f *groupchat.Family) { f.Profile.Capacity, f.Capacity = math.MaxInt32+2, math.MaxInt32+1 }, "2147483648 exceeds 2147483647", false},
		{"capacity within a huge profile's", func(f *groupchat.Family) { f.Profile.Capacity, f.Capacity = math.MaxInt32+1, 500 }, "", false},
		{"capacity only for staff", func(f *groupchat.Family) { f.Capacity, f.Admins = 2, []string{"a"} }, "no seat for a member besides 2 staff", false},
		{"tiers on a community", func(f *groupchat.Family) { f.Tiers = []string{"gold"} }, "tiers: 1 given", false},
		{"products on a community", func(f *groupchat.Family) { f.Products = []string{"cup"} }, "products: 1 given", false},
		{"membership without tiers", func(f *groupchat.Family) { f.Kind = groupchat.TierGated }, "tiers: none", false},
		{"duplicate tier", func(f *groupchat.Family) { f.Kind, f.Tiers = groupchat.TierGated, []string{"gold", "gold"} }, "tiers[1]", false},
		{"empty tier", func(f *groupchat.Family) { f.Kind, f.Tiers = groupchat.TierGated, []string{""} }, "tiers[0]", false},
		{"products on a membership", func(f *groupchat.Family) {
			f.Kind, f.Tiers, f.Products = groupchat.TierGated, []string{"gold"}, []string{"cup"}
		}, "products: 1 given", false},
		{"per product without products", func(f *groupchat.Family) { f.Kind = groupchat.PerProduct }, "products: none", false},
		{"duplicate product", func(f *groupchat.Family) { f.Kind, f.Products = groupchat.PerProduct, []string{"cup", "cup"} }, "products[1]", false},
		{"negative first", func(f *groupchat.Family) { f.First = -1 }, "first: negative", false},
		{"first past int32", func(f *groupchat.Family) { f.First = math.MaxInt32 + 1 }, "first: 2147483648 exceeds", false},
		{"negative max groups", func(f *groupchat.Family) { f.MaxGroups = -1 }, "max groups: negative", false},
		{"max groups past the numbers", func(f *groupchat.Family) { f.First, f.MaxGroups = math.MaxInt32, 2 }, "pass the largest number", false},
		{"last number", func(f *groupchat.Family) { f.First, f.MaxGroups = math.MaxInt32, 1 }, "", false},
		{"negative initial", func(f *groupchat.Family) { f.Initial = -1 }, "initial: negative", false},
		{"initial over max groups", func(f *groupchat.Family) { f.Initial, f.MaxGroups = 3, 2 }, "initial: 3 exceeds the 2 groups", false},
		{"initial at max groups", func(f *groupchat.Family) { f.Initial, f.MaxGroups = 2, 2 }, "", false},
		// Regression: an Initial near 2³¹ passed with a one-letter base, and
		// NewDirectory opened that many groups at once.
		{"initial near 2^31", func(f *groupchat.Family) { f.Initial = math.MaxInt32 - 1 }, "initial: 2147483646 exceeds the 1000 groups", false},
		{"initial past the most", func(f *groupchat.Family) { f.Initial = 1001 }, "initial: 1001 exceeds the 1000 groups", false},
		{"initial past the most within max groups", func(f *groupchat.Family) { f.Initial, f.MaxGroups = 1001, 5000 }, "initial: 1001 exceeds the 1000 groups", false},
		{"initial at the most", func(f *groupchat.Family) { f.Initial = 1000 }, "", false},
		{"initial past int", func(f *groupchat.Family) { f.Initial = math.MaxInt }, "initial:", false},
		{"empty base", func(f *groupchat.Family) { f.Base = "" }, "base: empty", false},
		{"spaced base", func(f *groupchat.Family) { f.Base = "cups " }, "base", false},
		{"base not UTF-8", func(f *groupchat.Family) { f.Base = "cup\xff" }, "base: not valid UTF-8", false},
		{"base of 40 runes", func(f *groupchat.Family) { f.Base = base39 + "杯" }, `"` + base39 + "杯1\": 41 runes, limit 40", true},
		{"base of 39 runes", func(f *groupchat.Family) { f.Base = base39 }, "", false},
		{"first past the name limit", func(f *groupchat.Family) { f.Base, f.First = base39, 10 }, "杯10\": 41 runes", true},
		{"max groups past the name limit", func(f *groupchat.Family) { f.Base, f.MaxGroups = base39, 10 }, "杯10\": 41 runes", true},
		{"max groups at the name limit", func(f *groupchat.Family) { f.Base, f.MaxGroups = base39, 9 }, "", false},
		{"initial past the name limit", func(f *groupchat.Family) { f.Base, f.Initial = base39, 10 }, "杯10\": 41 runes", true},
		{"names in bytes", func(f *groupchat.Family) {
			f.Profile = admitProfile(t, groupchat.TencentIMPublic)
			f.Base = strings.Repeat("杯", 10) // 30 bytes
		}, "31 bytes, limit 30", true},
		{"no name limit", func(f *groupchat.Family) {
			f.Profile = groupchat.Profile{Capacity: 10}
			f.Base = strings.Repeat("杯", 1000)
		}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := groupchat.Family{ID: "f", Kind: groupchat.FreeCommunity, Base: "f", Profile: admitProfile(t, groupchat.WeComCustomer),
				Owner: "boss", Fill: groupchat.FillFirst}
			tt.edit(&f)
			err := f.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			var fe *commerce.FieldError
			assert.True(t, errors.As(err, &fe))
			assert.Contains(t, err.Error(), tt.field)
			assert.Equal(t, tt.tooLong, errors.Is(err, groupchat.ErrTooLong))
			// NewDirectory refuses it, naming its position.
			_, derr := groupchat.NewDirectory(admitFamily(t, "a"), f)
			require.Error(t, derr)
			assert.ErrorIs(t, derr, commerce.ErrInvalid)
			assert.Contains(t, derr.Error(), "families[1]")
		})
	}
}

func TestAdmitNewDirectory(t *testing.T) {
	product := func(id string, products ...string) groupchat.Family {
		f := admitFamily(t, id)
		f.Kind, f.Products = groupchat.PerProduct, products
		return f
	}
	tests := []struct {
		name     string
		families []groupchat.Family
		err      string
	}{
		{"none", nil, ""},
		{"distinct", []groupchat.Family{admitFamily(t, "b"), product("a", "cup"), product("c", "mug")}, ""},
		{"duplicate id", []groupchat.Family{admitFamily(t, "b"), product("a", "cup"), admitFamily(t, "b")}, `family "b": declared twice`},
		{"product in two families", []groupchat.Family{product("a", "cup", "lid"), product("b", "mug", "lid")},
			`family "b": products: "lid" is already routed to family "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := groupchat.NewDirectory(tt.families...)
			if tt.err == "" {
				require.NoError(t, err)
				var want []string
				for _, f := range tt.families {
					want = append(want, f.ID)
				}
				assert.ElementsMatch(t, want, d.Families())
				assert.IsIncreasing(t, d.Families())
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.err)
			assert.Nil(t, d)
		})
	}
}

// A family opens its Initial groups, up to the most, when the directory
// is made.
func TestAdmitInitialGroups(t *testing.T) {
	for _, n := range []int{0, 1, 3, 1000} {
		f := admitFamily(t, "f")
		f.Initial = n
		d := admitDirectory(t, f)
		groups, err := d.Groups("f")
		require.NoError(t, err)
		assert.Len(t, groups, max(n, 1), "initial %d", n)
		assert.Equal(t, "f1", groups[0].Name)
		assert.Equal(t, max(n, 1), groups[len(groups)-1].Seq)
	}
}

// The declaration a directory returns is a copy: changing it, or the
// slices the caller declared, changes nothing in the directory.
func TestAdmitFamilyIsCopied(t *testing.T) {
	f := admitFamily(t, "vip")
	f.Kind, f.Tiers, f.Admins = groupchat.TierGated, []string{"gold"}, []string{"helper"}
	d, err := groupchat.NewDirectory(f)
	require.NoError(t, err)
	f.Tiers[0], f.Admins[0] = "tin", "intruder"

	got, ok := d.Family("vip")
	require.True(t, ok)
	assert.Equal(t, []string{"gold"}, got.Tiers)
	assert.Equal(t, []string{"helper"}, got.Admins)
	got.Tiers[0] = "tin"
	_, err = d.Join("vip", "ann", "gold")
	require.NoError(t, err)
	_, err = d.Join("vip", "bo", "tin")
	assert.ErrorIs(t, err, groupchat.ErrNotEntitled)
	assert.Equal(t, groupchat.Admin, d.Role("vip", "helper"))
	assert.Equal(t, groupchat.Role(0), d.Role("vip", "intruder"))

	// The profile's slices too.
	f.Profile.Caps[0].Limit = 99
	got.Profile.Caps[1].Limit = 99
	again, _ := d.Family("vip")
	assert.Equal(t, admitProfile(t, groupchat.WeComCustomer), again.Profile)

	_, ok = d.Family("nope")
	assert.False(t, ok)
}
