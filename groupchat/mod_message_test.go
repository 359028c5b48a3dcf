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

// modT0 is the instant the moderation tests start from: 20:00 on 18 June
// 2024 in China Standard Time, the evening of a 618 live.
var modT0 = time.Date(2024, 6, 18, 12, 0, 0, 0, time.UTC)

// modShanghai loads Asia/Shanghai or fails the test.
func modShanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

// modProfile returns the compiled-in profile of p or fails the test.
func modProfile(t testing.TB, p groupchat.Platform) groupchat.Profile {
	t.Helper()
	pr, err := groupchat.ProfileOf(p)
	require.NoError(t, err)
	return pr
}

// modModerator returns a moderator of group "g" on p or fails the test.
func modModerator(t testing.TB, p groupchat.Profile) *groupchat.Moderator {
	t.Helper()
	m, err := groupchat.NewModerator("g", p)
	require.NoError(t, err)
	return m
}

// modIs asserts that err matches want, or is nil when want is nil.
func modIs(t *testing.T, want, err error) {
	t.Helper()
	if want == nil {
		assert.NoError(t, err)
		return
	}
	assert.ErrorIs(t, err, want)
}

func TestMessageKindString(t *testing.T) {
	assert.Equal(t, "chat", groupchat.ChatMessage.String())
	assert.Equal(t, "announcement", groupchat.AnnouncementMessage.String())
	assert.Equal(t, "system", groupchat.SystemMessage.String())
	assert.Equal(t, "MessageKind(0)", groupchat.MessageKind(0).String())
	assert.Equal(t, "MessageKind(9)", groupchat.MessageKind(9).String())
}

func TestMessageValidate(t *testing.T) {
	ok := groupchat.Message{ID: "m-1", Group: "g", Sender: "ann", Role: groupchat.Member, Kind: groupchat.ChatMessage, Text: "hi", At: modT0}
	require.NoError(t, ok.Validate())
	tests := []struct {
		name  string
		edit  func(*groupchat.Message)
		field string
	}{
		{"no id", func(m *groupchat.Message) { m.ID = "" }, "message: id"},
		{"no group", func(m *groupchat.Message) { m.Group = "" }, `message "m-1": group`},
		{"spaced sender", func(m *groupchat.Message) { m.Sender = " ann" }, `message "m-1": sender`},
		{"no role", func(m *groupchat.Message) { m.Role = 0 }, `message "m-1": role`},
		{"unknown role", func(m *groupchat.Message) { m.Role = 9 }, `message "m-1": role`},
		{"no kind", func(m *groupchat.Message) { m.Kind = 0 }, `message "m-1": kind`},
		{"unknown kind", func(m *groupchat.Message) { m.Kind = 4 }, `message "m-1": kind`},
		{"empty text", func(m *groupchat.Message) { m.Text = "" }, `message "m-1": text`},
		{"invalid UTF-8", func(m *groupchat.Message) { m.Text = "\xff" }, `message "m-1": text`},
		{"zero time", func(m *groupchat.Message) { m.At = time.Time{} }, `message "m-1": at`},
		{"year 2300", func(m *groupchat.Message) { m.At = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }, `message "m-1": at`},
		{"year 1600", func(m *groupchat.Message) { m.At = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC) }, `message "m-1": at`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			err := m.Validate()
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestMessageEqual(t *testing.T) {
	a := groupchat.Message{ID: "m-1", Group: "g", Sender: "ann", Role: groupchat.Member, Kind: groupchat.ChatMessage, Text: "hi", At: modT0}
	b := a
	b.At = modT0.In(modShanghai(t))
	assert.True(t, a.Equal(b), "the same instant in another zone")
	b.Text = "hello"
	assert.False(t, a.Equal(b))
}

// The live announcement the examples and tests share: 20:00 CST on 18 June
// 2024, two perks.
func modLive() groupchat.LiveAnnouncement {
	return groupchat.LiveAnnouncement{
		Title: "618 cup launch",
		Start: modT0,
		Perks: []string{"first 100 orders get a free lid", "¥20 off over ¥199"},
	}
}

func TestLiveAnnouncementText(t *testing.T) {
	a := modLive()
	assert.Equal(t, "618 cup launch\nLive 2024-06-18 20:00 CST\n- first 100 orders get a free lid\n- ¥20 off over ¥199", a.Text(modShanghai(t)))
	assert.Equal(t, "618 cup launch\nLive 2024-06-18 12:00 UTC\n- first 100 orders get a free lid\n- ¥20 off over ¥199", a.Text(nil), "nil is UTC")
	assert.Equal(t, "618 cup launch\nLive 2024-06-18 20:00 +0800", groupchat.LiveAnnouncement{Title: a.Title, Start: a.Start}.Text(time.FixedZone("", 8*3600)))
	// The perks keep the host's order: they are content, not a set.
	a.Perks[0], a.Perks[1] = a.Perks[1], a.Perks[0]
	assert.True(t, strings.HasSuffix(a.Text(nil), "- ¥20 off over ¥199\n- first 100 orders get a free lid"))
}

func TestLiveAnnouncementValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*groupchat.LiveAnnouncement)
		field string
	}{
		{"blank title", func(a *groupchat.LiveAnnouncement) { a.Title = "  " }, "live announcement: title"},
		{"two-line title", func(a *groupchat.LiveAnnouncement) { a.Title = "a\nb" }, "live announcement: title"},
		{"invalid title", func(a *groupchat.LiveAnnouncement) { a.Title = "\xfe" }, "live announcement: title"},
		{"no start", func(a *groupchat.LiveAnnouncement) { a.Start = time.Time{} }, "live announcement: start"},
		{"empty perk", func(a *groupchat.LiveAnnouncement) { a.Perks[1] = "" }, "live announcement: perks[1]"},
		{"perk with CR", func(a *groupchat.LiveAnnouncement) { a.Perks[0] = "a\rb" }, "live announcement: perks[0]"},
	}
	require.NoError(t, modLive().Validate())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := modLive()
			tt.edit(&a)
			var fe *commerce.FieldError
			require.ErrorAs(t, a.Validate(), &fe)
			assert.Equal(t, tt.field, fe.Field)
			_, err := a.Compose(modProfile(t, groupchat.WeChat), nil)
			assert.ErrorAs(t, err, &fe)
		})
	}
}

func TestLiveAnnouncementCompose(t *testing.T) {
	a := modLive()
	text, err := a.Compose(modProfile(t, groupchat.Xiaohongshu), modShanghai(t))
	require.NoError(t, err)
	assert.Equal(t, a.Text(modShanghai(t)), text)

	// Eighty more Chinese characters, 240 bytes, take the text past Tencent
	// IM's 300 bytes, though not past Xiaohongshu's 200 runes.
	a.Perks = append(a.Perks, strings.Repeat("赠", 80))
	_, err = a.Compose(modProfile(t, groupchat.TencentIMWork), nil)
	assert.ErrorIs(t, err, groupchat.ErrTooLong)
	_, err = a.Compose(modProfile(t, groupchat.Xiaohongshu), nil)
	assert.NoError(t, err)
	_, err = a.Compose(groupchat.Profile{Capacity: 10}, nil)
	assert.ErrorIs(t, err, groupchat.ErrUnsupported, "no announcement on a profile with a zero limit")
}

// TestAnnounce checks announcements against each platform's limit, runes
// or bytes, through the moderator.
func TestAnnounce(t *testing.T) {
	han := func(n int) string { return strings.Repeat("群", n) } // 3 bytes each in UTF-8
	ascii := func(n int) string { return strings.Repeat("a", n) }
	noAnnouncement := groupchat.Profile{Capacity: 10, MaxAdmins: 1}
	tests := []struct {
		name    string
		profile groupchat.Profile
		text    string
		want    error
	}{
		// Tencent IM counts bytes: 300 (269/1502) = 100 Chinese characters.
		{"tencent 100 han = 300 bytes", modProfile(t, groupchat.TencentIMWork), han(100), nil},
		{"tencent 101 han = 303 bytes", modProfile(t, groupchat.TencentIMWork), han(101), groupchat.ErrTooLong},
		{"tencent 300 ascii", modProfile(t, groupchat.TencentIMPublic), ascii(300), nil},
		{"tencent 301 ascii", modProfile(t, groupchat.TencentIMPublic), ascii(301), groupchat.ErrTooLong},
		{"tencent 99 han + 3 ascii", modProfile(t, groupchat.TencentIMWork), han(99) + ascii(3), nil},
		{"tencent 99 han + 4 ascii", modProfile(t, groupchat.TencentIMWork), han(99) + ascii(4), groupchat.ErrTooLong},
		// Xiaohongshu counts runes: 200 characters, 600 bytes of Chinese.
		{"xiaohongshu 200 han", modProfile(t, groupchat.Xiaohongshu), han(200), nil},
		{"xiaohongshu 201 han", modProfile(t, groupchat.Xiaohongshu), han(201), groupchat.ErrTooLong},
		{"xiaohongshu 200 ascii", modProfile(t, groupchat.Xiaohongshu), ascii(200), nil},
		{"xiaohongshu 201 ascii", modProfile(t, groupchat.Xiaohongshu), ascii(201), groupchat.ErrTooLong},
		{"empty", modProfile(t, groupchat.Xiaohongshu), "", commerce.ErrInvalid},
		{"invalid UTF-8", modProfile(t, groupchat.Xiaohongshu), "ab\xc3", commerce.ErrInvalid},
		{"zero limit", noAnnouncement, "hello", groupchat.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := modModerator(t, tt.profile)
			owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
			a, err := m.Announce(owner, tt.text, modT0)
			modIs(t, tt.want, err)
			if tt.want != nil {
				assert.Zero(t, a)
				assert.Empty(t, m.Announcement(), "a refused announcement changes nothing")
				return
			}
			assert.Equal(t, tt.text, m.Announcement())
			assert.Equal(t, groupchat.Audit{At: modT0, Group: "g", Actor: "olivia", Role: groupchat.Owner, Action: groupchat.ActionAnnounce, Detail: tt.text}, a)
		})
	}
}

func TestAnnounceRoles(t *testing.T) {
	m := modModerator(t, modProfile(t, groupchat.WeComCustomer))
	_, err := m.Announce(groupchat.Actor{ID: "mo", Role: groupchat.Member}, "hi", modT0)
	assert.ErrorIs(t, err, groupchat.ErrForbidden)
	_, err = m.Announce(groupchat.Actor{ID: "mo", Role: groupchat.Member}, strings.Repeat("a", 501), modT0)
	assert.ErrorIs(t, err, groupchat.ErrForbidden, "the role is checked before the text")
	_, err = m.Announce(groupchat.Actor{ID: "ada", Role: groupchat.Admin}, "hi", modT0)
	assert.NoError(t, err)
	assert.Equal(t, "hi", m.Announcement())
	_, err = m.Announce(groupchat.Actor{ID: "ada", Role: groupchat.Admin}, "second", time.Time{})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Equal(t, "hi", m.Announcement())
}

func TestAnnounceErrorsNameTheGroup(t *testing.T) {
	m := modModerator(t, modProfile(t, groupchat.TencentIMWork))
	_, err := m.Announce(groupchat.Actor{ID: "o", Role: groupchat.Owner}, strings.Repeat("群", 101), modT0)
	require.Error(t, err)
	assert.Equal(t, `groupchat: group "g": announcement: 303 bytes, limit 300: text too long`, err.Error())
	assert.False(t, errors.Is(err, commerce.ErrInvalid))
}
