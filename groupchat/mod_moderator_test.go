package groupchat_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

func TestNewModerator(t *testing.T) {
	_, err := groupchat.NewModerator("", modProfile(t, groupchat.WeChat))
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = groupchat.NewModerator("g", groupchat.Profile{})
	assert.ErrorIs(t, err, commerce.ErrInvalid, "an invalid profile")

	// The moderator keeps its own copy of the profile's slices.
	p := modProfile(t, groupchat.TelegramSuper)
	m := modModerator(t, p)
	p.SlowModes[1] = 20 * time.Second
	p.Retractions[2].Window = time.Second
	owner := groupchat.Actor{ID: "o", Role: groupchat.Owner}
	_, err = m.SetSlowMode(owner, 20*time.Second, modT0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Equal(t, "g", m.Group())
	assert.Zero(t, m.SlowMode())
	assert.Empty(t, m.Announcement())
	assert.False(t, m.MutedAll())
	assert.Empty(t, m.MutedMembers())
}

func TestSetSlowMode(t *testing.T) {
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	admin := groupchat.Actor{ID: "ada", Role: groupchat.Admin}
	member := groupchat.Actor{ID: "mo", Role: groupchat.Member}
	tests := []struct {
		name     string
		platform groupchat.Platform
		actor    groupchat.Actor
		d        time.Duration
		want     error
		detail   string
	}{
		// Telegram's values: off, 10s, 30s, 1m, 5m, 15m, 1h
		// (core.telegram.org/method/channels.toggleSlowMode).
		{"telegram off", groupchat.TelegramSuper, owner, 0, nil, "off"},
		{"telegram 10s", groupchat.TelegramSuper, owner, 10 * time.Second, nil, "10s"},
		{"telegram 30s", groupchat.TelegramSuper, admin, 30 * time.Second, nil, "30s"},
		{"telegram 1m", groupchat.TelegramBasic, admin, time.Minute, nil, "1m0s"},
		{"telegram 5m", groupchat.TelegramBasic, owner, 5 * time.Minute, nil, "5m0s"},
		{"telegram 15m", groupchat.TelegramSuper, owner, 15 * time.Minute, nil, "15m0s"},
		{"telegram 1h", groupchat.TelegramSuper, owner, time.Hour, nil, "1h0m0s"},
		{"telegram 20s", groupchat.TelegramSuper, owner, 20 * time.Second, commerce.ErrInvalid, ""},
		{"telegram negative", groupchat.TelegramSuper, owner, -time.Second, commerce.ErrInvalid, ""},
		{"telegram member", groupchat.TelegramSuper, member, 10 * time.Second, groupchat.ErrForbidden, ""},
		{"wechat", groupchat.WeChat, owner, 10 * time.Second, groupchat.ErrUnsupported, ""},
		{"wechat off", groupchat.WeChat, owner, 0, groupchat.ErrUnsupported, ""},
		{"wechat member", groupchat.WeChat, member, 0, groupchat.ErrUnsupported, ""},
		{"tencent", groupchat.TencentIMPublic, owner, 10 * time.Second, groupchat.ErrUnsupported, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := modModerator(t, modProfile(t, tt.platform))
			if tt.want == nil {
				_, err := m.SetSlowMode(owner, time.Hour, modT0) // so that setting off is visible
				require.NoError(t, err)
			}
			before := m.SlowMode()
			a, err := m.SetSlowMode(tt.actor, tt.d, modT0.Add(time.Minute))
			modIs(t, tt.want, err)
			if tt.want != nil {
				assert.Zero(t, a)
				assert.Equal(t, before, m.SlowMode(), "a refused change changes nothing")
				return
			}
			assert.Equal(t, tt.d, m.SlowMode())
			assert.Equal(t, groupchat.Audit{At: modT0.Add(time.Minute), Group: "g", Actor: tt.actor.ID, Role: tt.actor.Role, Action: groupchat.ActionSlowMode, Detail: tt.detail}, a)
		})
	}
}

func TestMute(t *testing.T) {
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	admin := groupchat.Actor{ID: "ada", Role: groupchat.Admin}
	admin2 := groupchat.Actor{ID: "abe", Role: groupchat.Admin}
	member := groupchat.Actor{ID: "mo", Role: groupchat.Member}
	member2 := groupchat.Actor{ID: "mia", Role: groupchat.Member}
	tests := []struct {
		name          string
		platform      groupchat.Platform
		actor, target groupchat.Actor
		want          error
	}{
		{"owner mutes member", groupchat.TelegramSuper, owner, member, nil},
		{"owner mutes admin", groupchat.TelegramSuper, owner, admin, nil},
		{"admin mutes member", groupchat.TencentIMPublic, admin, member, nil},
		{"admin mutes admin", groupchat.TelegramSuper, admin, admin2, groupchat.ErrForbidden},
		{"admin mutes owner", groupchat.TelegramSuper, admin, owner, groupchat.ErrForbidden},
		{"member mutes member", groupchat.TelegramSuper, member, member2, groupchat.ErrForbidden},
		{"owner mutes self", groupchat.TelegramSuper, owner, owner, groupchat.ErrForbidden},
		{"xiaohongshu", groupchat.Xiaohongshu, owner, member, nil},
		// restrictChatMember needs a supergroup (core.telegram.org/bots/api).
		{"telegram basic", groupchat.TelegramBasic, owner, member, groupchat.ErrUnsupported},
		// Work groups cannot mute members (cloud.tencent.com 269/1627).
		{"tencent work", groupchat.TencentIMWork, owner, member, groupchat.ErrUnsupported},
		{"wechat", groupchat.WeChat, owner, member, groupchat.ErrUnsupported},
		{"wecom customer", groupchat.WeComCustomer, owner, member, groupchat.ErrUnsupported},
		{"bad target", groupchat.TelegramSuper, owner, groupchat.Actor{ID: "x"}, commerce.ErrInvalid},
		{"bad actor", groupchat.TelegramSuper, groupchat.Actor{Role: groupchat.Owner}, member, commerce.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := modModerator(t, modProfile(t, tt.platform))
			a, err := m.Mute(tt.actor, tt.target, modT0)
			modIs(t, tt.want, err)
			if tt.want != nil {
				assert.Zero(t, a)
				assert.Empty(t, m.MutedMembers())
				_, err = m.Unmute(tt.actor, tt.target, modT0)
				modIs(t, tt.want, err)
				return
			}
			assert.True(t, m.Muted(tt.target.ID))
			assert.Equal(t, groupchat.Audit{At: modT0, Group: "g", Actor: tt.actor.ID, Role: tt.actor.Role, Action: groupchat.ActionMute, Member: tt.target.ID}, a)
			_, err = m.Mute(tt.actor, tt.target, modT0.Add(time.Second))
			require.NoError(t, err, "muting a muted member succeeds")
			a, err = m.Unmute(tt.actor, tt.target, modT0.Add(time.Minute))
			require.NoError(t, err)
			assert.Equal(t, groupchat.ActionUnmute, a.Action)
			assert.False(t, m.Muted(tt.target.ID))
			_, err = m.Unmute(tt.actor, tt.target, modT0.Add(time.Minute))
			require.NoError(t, err, "unmuting a member who is not muted succeeds")
		})
	}
}

func TestMutedMembersSorted(t *testing.T) {
	m := modModerator(t, modProfile(t, groupchat.TelegramSuper))
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	for _, id := range []string{"mo", "ann", "zed", "bo"} {
		_, err := m.Mute(owner, groupchat.Actor{ID: id, Role: groupchat.Member}, modT0)
		require.NoError(t, err)
	}
	got := m.MutedMembers()
	assert.Equal(t, []string{"ann", "bo", "mo", "zed"}, got)
	got[0] = "changed"
	assert.Equal(t, []string{"ann", "bo", "mo", "zed"}, m.MutedMembers(), "a fresh slice")
}

func TestMuteAll(t *testing.T) {
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	member := groupchat.Actor{ID: "mo", Role: groupchat.Member}
	for _, tt := range []struct {
		platform groupchat.Platform
		want     error
	}{
		{groupchat.TelegramBasic, nil}, // setChatPermissions works in basic groups
		{groupchat.TelegramSuper, nil},
		{groupchat.TencentIMPublic, nil},
		{groupchat.Xiaohongshu, nil},
		{groupchat.WeChat, groupchat.ErrUnsupported},
		{groupchat.WeComCustomer, groupchat.ErrUnsupported},
		{groupchat.WeComInternal, groupchat.ErrUnsupported},
		{groupchat.TencentIMWork, groupchat.ErrUnsupported},
	} {
		t.Run(tt.platform.String(), func(t *testing.T) {
			m := modModerator(t, modProfile(t, tt.platform))
			_, err := m.MuteAll(member, modT0)
			if tt.want == nil {
				assert.ErrorIs(t, err, groupchat.ErrForbidden)
			}
			a, err := m.MuteAll(owner, modT0)
			modIs(t, tt.want, err)
			assert.Equal(t, tt.want == nil, m.MutedAll())
			if tt.want != nil {
				return
			}
			assert.Equal(t, `2024-06-18T12:00:00Z group "g": owner "olivia" mute-all`, a.String())
			a, err = m.UnmuteAll(owner, modT0.Add(time.Hour))
			require.NoError(t, err)
			assert.Equal(t, groupchat.ActionUnmuteAll, a.Action)
			assert.False(t, m.MutedAll())
		})
	}
	custom := modModerator(t, groupchat.Profile{Capacity: 10, MaxAdmins: 1})
	_, err := custom.MuteAll(owner, modT0)
	assert.ErrorIs(t, err, groupchat.ErrUnsupported, "a custom profile mutes only when it says so")
	custom = modModerator(t, groupchat.Profile{Capacity: 10, MaxAdmins: 1, MuteMember: true, MuteAll: true})
	_, err = custom.MuteAll(owner, modT0)
	assert.NoError(t, err)
	_, err = custom.Mute(owner, member, modT0)
	assert.NoError(t, err)
}

func TestAuditString(t *testing.T) {
	tests := []struct {
		a    groupchat.Audit
		want string
	}{
		{groupchat.Audit{At: modT0.In(modShanghai(t)), Group: "g-1", Actor: "ada", Role: groupchat.Admin, Action: groupchat.ActionSlowMode, Detail: "30s"},
			`2024-06-18T12:00:00Z group "g-1": admin "ada" slow-mode: "30s"`},
		{groupchat.Audit{At: modT0.Add(time.Millisecond), Group: "g-1", Actor: "olivia", Role: groupchat.Owner, Action: groupchat.ActionMute, Member: "mo"},
			`2024-06-18T12:00:00.001Z group "g-1": owner "olivia" mute member "mo"`},
		{groupchat.Audit{At: modT0, Group: "g", Actor: "o", Role: groupchat.Owner, Action: groupchat.ActionAnnounce, Detail: "line 1\nline 2"},
			`2024-06-18T12:00:00Z group "g": owner "o" announce: "line 1\nline 2"`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.String())
		})
	}
}

func TestAuditEqual(t *testing.T) {
	a := groupchat.Audit{At: modT0, Group: "g", Actor: "o", Role: groupchat.Owner, Action: groupchat.ActionMuteAll}
	b := a
	b.At = modT0.In(modShanghai(t))
	assert.True(t, a.Equal(b))
	b.Detail = "x"
	assert.False(t, a.Equal(b))
}

func TestActionString(t *testing.T) {
	want := []string{"retract", "announce", "slow-mode", "mute", "unmute", "mute-all", "unmute-all", "ban", "unban"}
	for i, w := range want {
		assert.Equal(t, w, groupchat.Action(i+1).String())
	}
	assert.Equal(t, "Action(0)", groupchat.Action(0).String())
	assert.Equal(t, "Action(10)", groupchat.Action(10).String())
	assert.Equal(t, `admin "ada"`, groupchat.Actor{ID: "ada", Role: groupchat.Admin}.String())
}

// TestModeratorRefusalsChangeNothing: on a platform with everything, every
// refused action leaves the state as it was.
func TestModeratorRefusalsChangeNothing(t *testing.T) {
	m := modModerator(t, modProfile(t, groupchat.TelegramSuper))
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	member := groupchat.Actor{ID: "mo", Role: groupchat.Member}
	_, err := m.Announce(owner, "rules", modT0)
	require.NoError(t, err)
	_, err = m.SetSlowMode(owner, time.Minute, modT0)
	require.NoError(t, err)
	_, err = m.Mute(owner, groupchat.Actor{ID: "spam", Role: groupchat.Member}, modT0)
	require.NoError(t, err)

	for _, f := range []func() (groupchat.Audit, error){
		func() (groupchat.Audit, error) { return m.Announce(member, "mine", modT0) },
		func() (groupchat.Audit, error) { return m.Announce(owner, "", modT0) },
		func() (groupchat.Audit, error) { return m.SetSlowMode(member, 0, modT0) },
		func() (groupchat.Audit, error) { return m.SetSlowMode(owner, 2*time.Minute, modT0) },
		func() (groupchat.Audit, error) {
			return m.Unmute(member, groupchat.Actor{ID: "spam", Role: groupchat.Member}, modT0)
		},
		func() (groupchat.Audit, error) { return m.MuteAll(member, modT0) },
		func() (groupchat.Audit, error) { return m.MuteAll(owner, time.Time{}) },
	} {
		a, err := f()
		require.Error(t, err)
		assert.Zero(t, a)
	}
	assert.Equal(t, "rules", m.Announcement())
	assert.Equal(t, time.Minute, m.SlowMode())
	assert.Equal(t, []string{"spam"}, m.MutedMembers())
	assert.False(t, m.MutedAll())
}

func TestSanctionAudit(t *testing.T) {
	owner := groupchat.Actor{ID: "brand", Role: groupchat.Owner}
	tests := []struct {
		s    groupchat.Sanction
		want string
	}{
		{groupchat.Sanction{Family: "vip", Member: "ann", Banned: true, Changed: true, Removed: groupchat.Seat{Family: "vip", Group: "VIP2", Seq: 2, Role: groupchat.Member}},
			`2024-06-18T12:00:00Z group "vip": owner "brand" ban member "ann": "removed from VIP2"`},
		{groupchat.Sanction{Family: "vip", Member: "bo", Banned: true, Changed: true},
			`2024-06-18T12:00:00Z group "vip": owner "brand" ban member "bo"`},
		{groupchat.Sanction{Family: "vip", Member: "bo", Banned: true},
			`2024-06-18T12:00:00Z group "vip": owner "brand" ban member "bo": "already banned"`},
		{groupchat.Sanction{Family: "vip", Member: "bo", Changed: true},
			`2024-06-18T12:00:00Z group "vip": owner "brand" unban member "bo"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.s.Audit(owner, modT0).String())
	}
}

// TestModeratorFormFirst: malformed input is reported before the platform
// or the role refuses, as the Moderator's doc orders the errors.
func TestModeratorFormFirst(t *testing.T) {
	wechat := modModerator(t, modProfile(t, groupchat.WeChat)) // no mutes
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	member := groupchat.Actor{ID: "mo", Role: groupchat.Member}
	_, err := wechat.Mute(owner, groupchat.Actor{}, modT0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.NotErrorIs(t, err, groupchat.ErrUnsupported)
	_, err = wechat.Announce(member, "", modT0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.NotErrorIs(t, err, groupchat.ErrForbidden)
	_, err = wechat.Announce(member, "a\xffb", modT0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = wechat.Announce(member, "hi", modT0)
	assert.ErrorIs(t, err, groupchat.ErrForbidden)
}
