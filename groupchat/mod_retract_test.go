package groupchat_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// modRecall is the expected outcome of a recall by one role of one kind of
// message: refused with err, or allowed for window (zero: any time).
type modRecall struct {
	err    error
	window time.Duration
}

// The outcomes of the retraction matrix.
var (
	modUnsupported = modRecall{err: groupchat.ErrUnsupported}
	modForbidden   = modRecall{err: groupchat.ErrForbidden}
	modAnyTime     = modRecall{}
	modTwoMinutes  = modRecall{window: 2 * time.Minute}
)

// modTargets are the kinds of message recalled: the actor's own, then
// another's sent as member, admin and owner.
var modTargets = [4]string{"own", "member's", "admin's", "owner's"}

// modActors are the roles recalling, in the order of a matrix row.
var modActors = [3]groupchat.Role{groupchat.Owner, groupchat.Admin, groupchat.Member}

// TestRetractionMatrix checks every built-in platform, and a custom
// profile with Lower reaches: each role recalling its own message and
// another's sent as member, admin and owner, inside the window (one
// nanosecond before its end), exactly at its end and one second after.
// The window is half-open, [sent, sent+window): at the end it is closed.
// The expected outcomes are written out from profiles.go, not computed.
func TestRetractionMatrix(t *testing.T) {
	custom := groupchat.Profile{
		Capacity: 100, MaxAdmins: 2, Announcement: groupchat.Limit{Max: 100, Unit: groupchat.Runes},
		Retractions: []groupchat.Retraction{
			{Role: groupchat.Owner, Reach: groupchat.Lower},
			{Role: groupchat.Admin, Reach: groupchat.Lower, Window: 10 * time.Minute},
			{Role: groupchat.Member, Reach: groupchat.Own, Window: 2 * time.Minute},
		},
	}
	tenMinutes := modRecall{window: 10 * time.Minute}
	xhs := [3][4]modRecall{
		{modAnyTime, modAnyTime, modAnyTime, modAnyTime},          // owner: anyone, any time
		{modTwoMinutes, modForbidden, modForbidden, modForbidden}, // admin: own, 2 min
		{modTwoMinutes, modForbidden, modForbidden, modForbidden}, // member: own, 2 min
	}
	ownOnly := [3][4]modRecall{
		{modTwoMinutes, modUnsupported, modUnsupported, modUnsupported},
		{modTwoMinutes, modUnsupported, modUnsupported, modUnsupported},
		{modTwoMinutes, modUnsupported, modUnsupported, modUnsupported},
	}
	telegram := [3][4]modRecall{
		{modAnyTime, modAnyTime, modAnyTime, modAnyTime},
		{modAnyTime, modAnyTime, modAnyTime, modAnyTime},
		{modAnyTime, modForbidden, modForbidden, modForbidden}, // members delete their own at any time
	}
	modDay := modRecall{window: 24 * time.Hour}
	wecomInternal := [3][4]modRecall{
		{modDay, modUnsupported, modUnsupported, modUnsupported},
		{modDay, modUnsupported, modUnsupported, modUnsupported},
		{modDay, modUnsupported, modUnsupported, modUnsupported},
	}
	tencent := [3][4]modRecall{
		{modAnyTime, modAnyTime, modAnyTime, modAnyTime},
		{modAnyTime, modAnyTime, modAnyTime, modAnyTime},
		{modTwoMinutes, modForbidden, modForbidden, modForbidden},
	}
	// Tencent IM work groups have no admins: an admin actor is malformed.
	modNoAdmins := modRecall{err: commerce.ErrInvalid}
	tencentWork := [3][4]modRecall{
		{modAnyTime, modAnyTime, modAnyTime, modAnyTime},
		{modNoAdmins, modNoAdmins, modNoAdmins, modNoAdmins},
		{modTwoMinutes, modForbidden, modForbidden, modForbidden},
	}
	byPlatform := map[groupchat.Platform][3][4]modRecall{
		groupchat.Xiaohongshu:     xhs,
		groupchat.WeComCustomer:   ownOnly,
		groupchat.WeComInternal:   wecomInternal,
		groupchat.WeChat:          ownOnly, // the owner cannot recall a member's message
		groupchat.TelegramBasic:   telegram,
		groupchat.TelegramSuper:   telegram,
		groupchat.TencentIMWork:   tencentWork,
		groupchat.TencentIMPublic: tencent,
	}
	type matrix struct {
		name    string
		profile groupchat.Profile
		want    [3][4]modRecall
	}
	var matrices []matrix
	for _, p := range groupchat.Platforms() {
		want, ok := byPlatform[p]
		require.True(t, ok, "no expected outcomes for %v", p)
		matrices = append(matrices, matrix{p.String(), modProfile(t, p), want})
	}
	matrices = append(matrices, matrix{"custom lower", custom, [3][4]modRecall{
		// The owner reaches below itself; nobody reaches another owner.
		{modAnyTime, modAnyTime, modAnyTime, modUnsupported},
		// An admin reaches members; the owner could recall an admin's.
		{tenMinutes, tenMinutes, modForbidden, modUnsupported},
		{modTwoMinutes, modForbidden, modForbidden, modUnsupported},
	}})
	for _, mx := range matrices {
		m := modModerator(t, mx.profile)
		for i, role := range modActors {
			actor := groupchat.Actor{ID: "actor", Role: role}
			for j, target := range modTargets {
				want := mx.want[i][j]
				msg := groupchat.Message{ID: "m", Group: "g", Sender: "other", Kind: groupchat.ChatMessage, Text: "hi", At: modT0}
				if j == 0 {
					msg.Sender, msg.Role = actor.ID, role
				} else {
					msg.Role = groupchat.Role(j) // member's, admin's, owner's: Member = 1, Admin = 2, Owner = 3
				}
				window := want.window
				if window == 0 {
					window = 1000 * time.Hour // "any time": far beyond any window
				}
				for _, when := range []struct {
					name string
					at   time.Time
					late bool
				}{
					{"inside", modT0.Add(window - time.Nanosecond), false},
					{"at end", modT0.Add(window), true},
					{"after", modT0.Add(window + time.Second), true},
				} {
					name := fmt.Sprintf("%s/%v/%s/%s", mx.name, role, target, when.name)
					t.Run(name, func(t *testing.T) {
						wantErr := want.err
						if wantErr == nil && want.window != 0 && when.late {
							wantErr = groupchat.ErrWindowClosed
						}
						a, err := m.Retract(actor, msg, when.at)
						modIs(t, wantErr, err)
						assert.Equal(t, err, m.CanRetract(actor, msg, when.at))
						if wantErr != nil {
							assert.Zero(t, a, "no audit for a refused recall")
							return
						}
						assert.Equal(t, groupchat.ActionRetract, a.Action)
						assert.Equal(t, msg.Sender, a.Member)
						assert.Equal(t, "m", a.Message)
						assert.True(t, a.At.Equal(when.at))
					})
				}
			}
		}
	}
}

func TestRetractAudit(t *testing.T) {
	m := modModerator(t, modProfile(t, groupchat.Xiaohongshu))
	spam := groupchat.Message{ID: "m-7", Group: "g", Sender: "spammer", Role: groupchat.Member, Kind: groupchat.ChatMessage, Text: "cheap cups at ...", At: modT0}
	a, err := m.Retract(groupchat.Actor{ID: "olivia", Role: groupchat.Owner}, spam, modT0.Add(30*time.Second))
	require.NoError(t, err)
	assert.Equal(t, `2024-06-18T12:00:30Z group "g": owner "olivia" retract member "spammer" message "m-7": "owner over anyone, 30s after sending"`, a.String())

	own := spam
	own.Sender = "mia"
	a, err = m.Retract(groupchat.Actor{ID: "mia", Role: groupchat.Member}, own, modT0.Add(90*time.Second))
	require.NoError(t, err)
	assert.Equal(t, "member over own, 1m30s after sending", a.Detail)
}

// TestRetractPicksTheMostGenerousRule: with two rules of one role reaching
// a message, the longer window holds, and no window beats any window.
func TestRetractPicksTheMostGenerousRule(t *testing.T) {
	p := groupchat.Profile{Capacity: 10, MaxAdmins: 1, Retractions: []groupchat.Retraction{
		{Role: groupchat.Admin, Reach: groupchat.Own, Window: 5 * time.Minute},
		{Role: groupchat.Admin, Reach: groupchat.Lower, Window: 2 * time.Minute},
		{Role: groupchat.Owner, Reach: groupchat.Own, Window: time.Minute},
		{Role: groupchat.Owner, Reach: groupchat.Anyone},
	}}
	m := modModerator(t, p)
	admin := groupchat.Actor{ID: "ada", Role: groupchat.Admin}
	own := groupchat.Message{ID: "m", Group: "g", Sender: "ada", Role: groupchat.Admin, Kind: groupchat.ChatMessage, Text: "x", At: modT0}
	assert.NoError(t, m.CanRetract(admin, own, modT0.Add(4*time.Minute)))
	assert.ErrorIs(t, m.CanRetract(admin, own, modT0.Add(5*time.Minute)), groupchat.ErrWindowClosed)
	members := own
	members.Sender, members.Role = "mo", groupchat.Member
	assert.ErrorIs(t, m.CanRetract(admin, members, modT0.Add(3*time.Minute)), groupchat.ErrWindowClosed)
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	ownerMsg := own
	ownerMsg.Sender, ownerMsg.Role = "olivia", groupchat.Owner
	assert.NoError(t, m.CanRetract(owner, ownerMsg, modT0.Add(48*time.Hour)), "anyone, any time, covers own")
}

func TestRetractInvalid(t *testing.T) {
	m := modModerator(t, modProfile(t, groupchat.TelegramSuper))
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}
	msg := groupchat.Message{ID: "m", Group: "g", Sender: "mo", Role: groupchat.Member, Kind: groupchat.ChatMessage, Text: "x", At: modT0}
	tests := []struct {
		name  string
		actor groupchat.Actor
		edit  func(*groupchat.Message)
		at    time.Time
		field string
	}{
		{"no actor", groupchat.Actor{Role: groupchat.Owner}, nil, modT0, "actor"},
		{"no role", groupchat.Actor{ID: "x"}, nil, modT0, `actor "x": role`},
		{"bad message", owner, func(m *groupchat.Message) { m.Text = "" }, modT0, `message "m": text`},
		{"other group", owner, func(m *groupchat.Message) { m.Group = "h" }, modT0, `message "m": group`},
		{"no time", owner, nil, time.Time{}, "retract: at"},
		{"before sending", owner, nil, modT0.Add(-time.Nanosecond), "retract: at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := msg
			if tt.edit != nil {
				tt.edit(&target)
			}
			_, err := m.Retract(tt.actor, target, tt.at)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestRetractAdminWithoutAdmins(t *testing.T) {
	p := groupchat.Profile{Capacity: 10, Retractions: []groupchat.Retraction{{Role: groupchat.Owner, Reach: groupchat.Anyone}}}
	m := modModerator(t, p)
	msg := groupchat.Message{ID: "m", Group: "g", Sender: "mo", Role: groupchat.Member, Kind: groupchat.ChatMessage, Text: "x", At: modT0}
	_, err := m.Retract(groupchat.Actor{ID: "ada", Role: groupchat.Admin}, msg, modT0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = m.Retract(groupchat.Actor{ID: "mo", Role: groupchat.Member}, msg, modT0)
	assert.ErrorIs(t, err, groupchat.ErrForbidden, "the owner could recall it")
	// Nobody at all may recall on a profile without retractions.
	none := modModerator(t, groupchat.Profile{Capacity: 10})
	_, err = none.Retract(groupchat.Actor{ID: "mo", Role: groupchat.Member}, msg, modT0)
	assert.ErrorIs(t, err, groupchat.ErrUnsupported)
	assert.Contains(t, err.Error(), `member "mo" retract own message "m" on Platform(0)`)
}
