package groupchat_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// TestProfileNumbers pins every compiled-in number to its source, as given
// in profiles.go: capacity, admins, announcement and name limits.
func TestProfileNumbers(t *testing.T) {
	tests := []struct {
		platform     groupchat.Platform
		capacity     int
		admins       int
		announcement groupchat.Limit
		name         groupchat.Limit
		autoCreate   bool
	}{
		// daoinsights.com [S]; announcement 200 characters [L].
		{groupchat.Xiaohongshu, 500, 3, groupchat.Limit{Max: 200, Unit: groupchat.Runes}, groupchat.Limit{Max: 20, Unit: groupchat.Runes}, false},
		// 500 members, 3 admins, room_base_name ≤ 40 (path/99547).
		{groupchat.WeComCustomer, 500, 3, groupchat.Limit{Max: 500, Unit: groupchat.Runes}, groupchat.Limit{Max: 40, Unit: groupchat.Runes}, true},
		// 2,000 members; appchat name ≤ 50.
		{groupchat.WeComInternal, 2000, 3, groupchat.Limit{Max: 500, Unit: groupchat.Runes}, groupchat.Limit{Max: 50, Unit: groupchat.Runes}, false},
		{groupchat.WeChat, 500, 3, groupchat.Limit{Max: 2000, Unit: groupchat.Runes}, groupchat.Limit{Max: 32, Unit: groupchat.Runes}, false},
		// Telegram: 200 basic, 200,000 super; 4,096-character messages; 128-character titles.
		{groupchat.TelegramBasic, 200, 50, groupchat.Limit{Max: 4096, Unit: groupchat.Runes}, groupchat.Limit{Max: 128, Unit: groupchat.Runes}, false},
		{groupchat.TelegramSuper, 200000, 50, groupchat.Limit{Max: 4096, Unit: groupchat.Runes}, groupchat.Limit{Max: 128, Unit: groupchat.Runes}, false},
		// Tencent IM: work 200, public 2,000; notice 300 B, name 30 B.
		{groupchat.TencentIMWork, 200, 0, groupchat.Limit{Max: 300, Unit: groupchat.Bytes}, groupchat.Limit{Max: 30, Unit: groupchat.Bytes}, false},
		{groupchat.TencentIMPublic, 2000, 10, groupchat.Limit{Max: 300, Unit: groupchat.Bytes}, groupchat.Limit{Max: 30, Unit: groupchat.Bytes}, false},
	}
	require.Len(t, tests, len(groupchat.Platforms()), "one row per platform")
	for _, tt := range tests {
		t.Run(tt.platform.String(), func(t *testing.T) {
			p, err := groupchat.ProfileOf(tt.platform)
			require.NoError(t, err)
			require.NoError(t, p.Validate())
			assert.Equal(t, tt.platform, p.Platform)
			assert.Equal(t, tt.capacity, p.Capacity)
			assert.Equal(t, tt.admins, p.MaxAdmins)
			assert.Equal(t, tt.announcement, p.Announcement)
			assert.Equal(t, tt.name, p.Name)
			assert.Equal(t, tt.autoCreate, p.AutoCreate)
		})
	}
}

func TestProfileRulesBySource(t *testing.T) {
	wecom, err := groupchat.ProfileOf(groupchat.WeComCustomer)
	require.NoError(t, err)
	// path/92135: days-in-month a month by default, or 7 a week, or 1 a day.
	assert.Equal(t, []groupchat.Cap{
		{Period: groupchat.Month, Blocks: groupchat.CalendarBlocks},
		{Period: groupchat.Week, Limit: 7, Blocks: groupchat.CalendarBlocks},
		{Period: groupchat.Day, Limit: 1, Blocks: groupchat.CalendarBlocks},
	}, wecom.Caps)
	assert.Equal(t, "days-in-month per natural month", wecom.Caps[0].String())
	assert.Equal(t, "7 per natural week", wecom.Caps[1].String())

	tg, err := groupchat.ProfileOf(groupchat.TelegramSuper)
	require.NoError(t, err)
	// tdlib td_api.tl: {0, 5, 10, 30, 60, 300, 900, 3600} seconds.
	secs := make([]int, len(tg.SlowModes))
	for i, d := range tg.SlowModes {
		secs[i] = int(d / time.Second)
	}
	assert.Equal(t, []int{0, 5, 10, 30, 60, 300, 900, 3600}, secs)
	require.NoError(t, tg.CheckSlowMode(30*time.Second))
	err = tg.CheckSlowMode(20 * time.Second)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Contains(t, err.Error(), "20s is not one of")

	wechat, err := groupchat.ProfileOf(groupchat.WeChat)
	require.NoError(t, err)
	require.ErrorIs(t, wechat.CheckSlowMode(0), groupchat.ErrUnsupported)
	// Personal WeChat: every sender recalls their own messages within 2
	// minutes, nobody else's.
	for _, r := range wechat.Retractions {
		assert.Equal(t, groupchat.Own, r.Reach)
		assert.Equal(t, 2*time.Minute, r.Window)
	}
	xhs, err := groupchat.ProfileOf(groupchat.Xiaohongshu)
	require.NoError(t, err)
	// Seed 002: the owner retracts any message.
	assert.Contains(t, xhs.Retractions, groupchat.Retraction{Role: groupchat.Owner, Reach: groupchat.Anyone})
}

func TestProfileMutes(t *testing.T) {
	// Sources in profiles.go: Xiaohongshu [L], Telegram Bot API (a basic
	// group mutes as a whole only), Tencent IM 269/1627.
	want := map[groupchat.Platform][2]bool{
		groupchat.Xiaohongshu:     {true, true},
		groupchat.WeComCustomer:   {false, false},
		groupchat.WeComInternal:   {false, false},
		groupchat.WeChat:          {false, false},
		groupchat.TelegramBasic:   {false, true},
		groupchat.TelegramSuper:   {true, true},
		groupchat.TencentIMWork:   {false, false},
		groupchat.TencentIMPublic: {true, true},
	}
	for _, p := range groupchat.Platforms() {
		pr, err := groupchat.ProfileOf(p)
		require.NoError(t, err)
		assert.Equal(t, want[p], [2]bool{pr.MuteMember, pr.MuteAll}, "%v", p)
	}
}

func TestProfileOfCopies(t *testing.T) {
	a, err := groupchat.ProfileOf(groupchat.TelegramBasic)
	require.NoError(t, err)
	a.SlowModes[1] = time.Hour
	a.Retractions[0].Window = time.Second
	b, err := groupchat.ProfileOf(groupchat.TelegramBasic)
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, b.SlowModes[1])
	assert.Zero(t, b.Retractions[0].Window)

	for _, p := range []groupchat.Platform{0, 99} {
		_, err := groupchat.ProfileOf(p)
		require.ErrorIs(t, err, commerce.ErrInvalid)
	}
}

func TestLimitCheck(t *testing.T) {
	runes := groupchat.Limit{Max: 5, Unit: groupchat.Runes}
	bytes := groupchat.Limit{Max: 6, Unit: groupchat.Bytes}
	tests := []struct {
		name  string
		limit groupchat.Limit
		text  string
		want  error
	}{
		{"runes at limit", runes, "直播间见哦", nil},
		{"runes over", runes, "直播间见哦!", groupchat.ErrTooLong},
		{"bytes at limit", bytes, "直播", nil},
		{"bytes over by one", bytes, "直播a", groupchat.ErrTooLong},
		{"empty", runes, "", commerce.ErrInvalid},
		{"invalid utf-8", runes, "a\xffb", commerce.ErrInvalid},
		{"no such text", groupchat.Limit{}, "hi", groupchat.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.limit.Check("announcement", tt.text)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), "announcement")
		})
	}
	assert.Equal(t, 6, bytes.Len("直播"))
	assert.Equal(t, 2, runes.Len("直播"))
	err := runes.Check("name", "直播间见哦!")
	assert.EqualError(t, err, "groupchat: name: 6 runes, limit 5: text too long")
}

func TestProfileValidate(t *testing.T) {
	ok := func() groupchat.Profile {
		return groupchat.Profile{
			Capacity: 10, MaxAdmins: 2,
			Announcement: groupchat.Limit{Max: 10, Unit: groupchat.Runes},
			Retractions:  []groupchat.Retraction{{Role: groupchat.Owner, Reach: groupchat.Anyone}},
			SlowModes:    []time.Duration{0, time.Minute},
			Caps:         []groupchat.Cap{{Period: groupchat.Day, Limit: 1, Blocks: groupchat.FixedBlocks}},
		}
	}
	require.NoError(t, ok().Validate())
	tests := []struct {
		name   string
		change func(*groupchat.Profile)
		field  string
	}{
		{"platform", func(p *groupchat.Profile) { p.Platform = 200 }, "platform"},
		{"capacity", func(p *groupchat.Profile) { p.Capacity = 0 }, "capacity"},
		{"admins negative", func(p *groupchat.Profile) { p.MaxAdmins = -1 }, "max admins"},
		{"admins fill the group", func(p *groupchat.Profile) { p.MaxAdmins = 10 }, "max admins"},
		{"limit negative", func(p *groupchat.Profile) { p.Announcement.Max = -1 }, "announcement"},
		{"unit without max", func(p *groupchat.Profile) { p.Name.Unit = groupchat.Bytes }, "name"},
		{"bad unit", func(p *groupchat.Profile) { p.Announcement.Unit = 9 }, "announcement"},
		{"retraction role", func(p *groupchat.Profile) { p.Retractions[0].Role = 0 }, "retractions[0]: role"},
		{"admin without admins", func(p *groupchat.Profile) {
			p.MaxAdmins = 0
			p.Retractions[0].Role = groupchat.Admin
		}, "retractions[0]: role"},
		{"retraction reach", func(p *groupchat.Profile) { p.Retractions[0].Reach = 7 }, "reach"},
		{"retraction window", func(p *groupchat.Profile) { p.Retractions[0].Window = -time.Second }, "window"},
		{"duplicate retraction", func(p *groupchat.Profile) {
			p.Retractions = append(p.Retractions, p.Retractions[0])
		}, "retractions[1]"},
		{"slow modes without off", func(p *groupchat.Profile) { p.SlowModes = []time.Duration{time.Minute} }, "slow modes"},
		{"negative slow mode", func(p *groupchat.Profile) { p.SlowModes = []time.Duration{0, -time.Second} }, "slow modes[1]"},
		{"duplicate slow mode", func(p *groupchat.Profile) { p.SlowModes = []time.Duration{0, 0} }, "slow modes[1]"},
		{"cap period", func(p *groupchat.Profile) { p.Caps[0].Period = 0 }, "caps[0]: commerce: cap: period"},
		{"cap blocks", func(p *groupchat.Profile) { p.Caps[0].Blocks = 5 }, "cap: blocks"},
		{"cap limit", func(p *groupchat.Profile) { p.Caps[0].Limit = -1 }, "cap: limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok()
			tt.change(&p)
			err := p.Validate()
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

func TestEnumStrings(t *testing.T) {
	var names []string
	for _, p := range groupchat.Platforms() {
		names = append(names, p.String())
	}
	assert.Equal(t, "xiaohongshu wecom-customer wecom-internal wechat telegram-basic telegram-super tencent-im-work tencent-im-public",
		strings.Join(names, " "))
	tests := []struct {
		got, want string
	}{
		{groupchat.Platform(0).String(), "Platform(0)"},
		{groupchat.Owner.String(), "owner"},
		{groupchat.Admin.String(), "admin"},
		{groupchat.Member.String(), "member"},
		{groupchat.Role(9).String(), "Role(9)"},
		{groupchat.Runes.String(), "runes"},
		{groupchat.Bytes.String(), "bytes"},
		{groupchat.Unit(0).String(), "Unit(0)"},
		{groupchat.Lower.String(), "lower"},
		{groupchat.Reach(0).String(), "Reach(0)"},
		{groupchat.Week.String(), "week"},
		{groupchat.Period(9).String(), "Period(9)"},
		{groupchat.FixedBlocks.String(), "fixed"},
		{groupchat.Blocks(0).String(), "Blocks(0)"},
		{groupchat.Cap{Period: groupchat.Month, Blocks: groupchat.FixedBlocks}.String(), "30 per fixed month"},
		{groupchat.Cap{Period: groupchat.Week, Blocks: groupchat.CalendarBlocks}.String(), "7 per natural week"},
		{groupchat.Cap{Period: groupchat.Day, Blocks: groupchat.FixedBlocks}.String(), "1 per fixed day"},
		{groupchat.Cap{Period: groupchat.Day, Limit: 3, Blocks: groupchat.CalendarBlocks}.String(), "3 per natural day"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
	}
	assert.True(t, groupchat.Owner.Valid())
	assert.False(t, groupchat.Role(0).Valid())
	assert.True(t, errors.Is(groupchat.Limit{}.Check("x", "y"), groupchat.ErrUnsupported))
}
