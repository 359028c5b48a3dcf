package groupchat

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Actor is a member acting in a group, or acted upon, with their role in
// it. The package takes roles from the caller, who keeps the roster (the
// admission directory, say): it checks what a role may do, not who holds
// it.
type Actor struct {
	// ID is the member's ID.
	ID string
	// Role is the member's role in the group.
	Role Role
}

// String returns the role and the quoted ID, such as `admin "ann"`.
func (a Actor) String() string { return fmt.Sprintf("%v %q", a.Role, a.ID) }

// Action is the kind of a moderation action. The zero value is not an
// action.
type Action uint8

// The moderation actions.
const (
	// ActionRetract recalls a message (撤回).
	ActionRetract Action = iota + 1
	// ActionAnnounce sets the group announcement (群公告).
	ActionAnnounce
	// ActionSlowMode sets the slow-mode interval, or turns it off.
	ActionSlowMode
	// ActionMute silences one member (禁言).
	ActionMute
	// ActionUnmute lets a muted member speak again.
	ActionUnmute
	// ActionMuteAll silences every ordinary member (全员禁言); the owner
	// and admins may still speak.
	ActionMuteAll
	// ActionUnmuteAll lifts [ActionMuteAll].
	ActionUnmuteAll
	// ActionBan bans a member from a group family ([Directory.Ban]).
	ActionBan
	// ActionUnban lifts a ban ([Directory.Unban]).
	ActionUnban
	numActions
)

var actionNames = [numActions]string{"", "retract", "announce", "slow-mode", "mute", "unmute", "mute-all", "unmute-all", "ban", "unban"}

// String returns the action's name, such as "retract" or "mute-all".
func (a Action) String() string {
	if a > 0 && a < numActions {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// Audit is the record of one moderation action that succeeded: when, in
// which group, by whom and in which role, what, on whom or which message,
// and a detail such as the new slow-mode interval. A failed action yields
// no Audit. Audits are plain values the caller stores.
type Audit struct {
	// At is when the action was taken.
	At time.Time
	// Group is the group acted in; for a ban or unban, which acts on a
	// whole family of groups, the family's ID.
	Group string
	// Actor is the member who acted.
	Actor string
	// Role is the actor's role.
	Role Role
	// Action is what was done.
	Action Action
	// Member is the member acted upon: the muted member, the sender of a
	// recalled message; empty when the action has none.
	Member string
	// Message is the recalled message's ID; empty for other actions.
	Message string
	// Detail says more: the rule and the age of a recalled message, the
	// announcement's text, the slow-mode interval.
	Detail string
}

// String returns the audit on one line, the same for equal audits: the
// instant in UTC (RFC 3339), the group, the actor, the action, then the
// member, the message and the detail when present, quoted, such as
//
//	2024-06-18T12:00:30Z group "g-1": owner "olivia" retract member "spammer" message "m-7": "owner over anyone, 30s after sending"
func (a Audit) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s group %q: %v %q %v", a.At.UTC().Format(time.RFC3339Nano), a.Group, a.Role, a.Actor, a.Action)
	if a.Member != "" {
		fmt.Fprintf(&b, " member %q", a.Member)
	}
	if a.Message != "" {
		fmt.Fprintf(&b, " message %q", a.Message)
	}
	if a.Detail != "" {
		fmt.Fprintf(&b, ": %q", a.Detail)
	}
	return b.String()
}

// Equal reports whether a and o record the same action, with the
// instants compared as instants.
func (a Audit) Equal(o Audit) bool {
	return a.At.Equal(o.At) && a.Group == o.Group && a.Actor == o.Actor && a.Role == o.Role &&
		a.Action == o.Action && a.Member == o.Member && a.Message == o.Message && a.Detail == o.Detail
}

// Moderator applies the moderation actions of one group under its
// platform's [Profile]: recalling messages, the announcement, slow mode and
// mutes. Each action that succeeds changes the moderator's state and
// returns its [Audit]; one that fails returns an error and changes
// nothing. Errors wrap [ErrUnsupported] when the platform cannot do the
// action at all, [ErrForbidden] when it can but not by the actor's role,
// [ErrWindowClosed] for a recall too late, [ErrTooLong] for an
// announcement over the limit, and [commerce.ErrInvalid] (a
// *[commerce.FieldError]) for malformed input, checked in that order after
// the input's form.
//
// Owners and admins set the announcement and slow mode and mute members
// of a lower role; recalls follow [Profile.Retractions]. The roles come
// from the caller with each [Actor].
//
// A Moderator is not safe for concurrent mutation; concurrent reads are
// safe while nobody mutates. Make one with [NewModerator].
type Moderator struct {
	group    string
	profile  Profile
	slow     time.Duration
	text     string
	mutedAll bool
	muted    map[string]struct{}
}

// NewModerator returns the moderator of a group on the platform of p,
// with no announcement, slow mode off and nobody muted. A malformed group
// ID or an invalid profile is a *[commerce.FieldError]. The moderator
// keeps its own copy of the profile.
func NewModerator(group string, p Profile) (*Moderator, error) {
	if err := checkID("group", group); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Moderator{group: group, profile: p.clone(), muted: make(map[string]struct{})}, nil
}

// Group returns the group's ID.
func (m *Moderator) Group() string { return m.group }

// Announcement returns the group's announcement, empty when none is set.
func (m *Moderator) Announcement() string { return m.text }

// SlowMode returns the slow-mode interval, zero when off.
func (m *Moderator) SlowMode() time.Duration { return m.slow }

// MutedAll reports whether every ordinary member is muted.
func (m *Moderator) MutedAll() bool { return m.mutedAll }

// Muted reports whether the member is muted one by one; see also
// [Moderator.MutedAll].
func (m *Moderator) Muted(member string) bool {
	_, ok := m.muted[member]
	return ok
}

// MutedMembers returns the members muted one by one, sorted, in a fresh
// slice.
func (m *Moderator) MutedMembers() []string {
	out := make([]string, 0, len(m.muted))
	for id := range m.muted {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// checkActor validates an actor of the group's platform.
func (m *Moderator) checkActor(field string, a Actor) error {
	if err := checkID(field, a.ID); err != nil {
		return err
	}
	switch {
	case !a.Role.Valid():
		return fieldErr(field+" "+fmt.Sprintf("%q", a.ID)+": role", "unknown %v", a.Role)
	case a.Role == Admin && m.profile.MaxAdmins == 0:
		return fieldErr(field+" "+fmt.Sprintf("%q", a.ID)+": role", "admin on a platform without admins")
	}
	return nil
}

// refuse returns the error of an action the group refuses.
func (m *Moderator) refuse(actor Actor, what string, err error) error {
	return fmt.Errorf("groupchat: group %q: %v %s: %w", m.group, actor, what, err)
}

// retractRule returns the retraction that lets actor recall target: the
// one without a window if any, else the one with the longest window. It
// returns an error wrapping ErrForbidden when another role could recall
// such a message and ErrUnsupported when no role could.
func (m *Moderator) retractRule(actor Actor, target Message) (Retraction, error) {
	own := target.Sender == actor.ID
	covers := func(r Retraction) bool {
		return own || r.Reach == Anyone || r.Reach == Lower && target.Role < r.Role
	}
	var best Retraction
	found, some := false, false
	for _, r := range m.profile.Retractions {
		if !covers(r) {
			continue
		}
		some = true
		if r.Role != actor.Role {
			continue
		}
		if !found || best.Window != 0 && (r.Window == 0 || r.Window > best.Window) {
			best, found = r, true
		}
	}
	if found {
		return best, nil
	}
	whose := "own"
	if !own {
		whose = fmt.Sprintf("a %v's", target.Role)
	}
	what := fmt.Sprintf("retract %s message %q", whose, target.ID)
	if some {
		return Retraction{}, m.refuse(actor, what, ErrForbidden)
	}
	return Retraction{}, m.refuse(actor, what+" on "+m.profile.Platform.String(), ErrUnsupported)
}

// CanRetract reports whether actor may recall target at the instant at:
// nil, or the error [Moderator.Retract] would return. A recall is open
// from the message's send time for the window of the most generous
// [Retraction] of the actor's role that reaches the message, and closed
// from send time + window on: a recall exactly at the end is too late
// ([ErrWindowClosed]). A message's own sender is the one whose ID is its
// Sender; a message is of a lower role when its Role, the sender's role
// when sent, ranks below the actor's.
func (m *Moderator) CanRetract(actor Actor, target Message, at time.Time) error {
	_, err := m.checkRetract(actor, target, at)
	return err
}

// checkRetract is CanRetract, returning the rule that allows the recall.
func (m *Moderator) checkRetract(actor Actor, target Message, at time.Time) (Retraction, error) {
	if err := m.checkActor("actor", actor); err != nil {
		return Retraction{}, err
	}
	if err := target.Validate(); err != nil {
		return Retraction{}, err
	}
	field := fmt.Sprintf("message %q", target.ID)
	if target.Group != m.group {
		return Retraction{}, fieldErr(field+": group", "%q, not %q", target.Group, m.group)
	}
	if err := checkMoment("retract: at", at); err != nil {
		return Retraction{}, err
	}
	if at.Before(target.At) {
		return Retraction{}, fieldErr("retract: at", "%s is before message %q was sent at %s",
			at.Format(time.RFC3339Nano), target.ID, target.At.Format(time.RFC3339Nano))
	}
	r, err := m.retractRule(actor, target)
	if err != nil {
		return Retraction{}, err
	}
	if age := at.Sub(target.At); r.Window != 0 && age >= r.Window {
		return Retraction{}, m.refuse(actor, fmt.Sprintf("retract message %q %v after sending, window %v", target.ID, age, r.Window), ErrWindowClosed)
	}
	return r, nil
}

// Retract recalls target on behalf of actor at the instant at, under the
// rules of [Moderator.CanRetract], and returns the audit. The moderator
// keeps no messages: on success the caller removes the message.
func (m *Moderator) Retract(actor Actor, target Message, at time.Time) (Audit, error) {
	r, err := m.checkRetract(actor, target, at)
	if err != nil {
		return Audit{}, err
	}
	detail := fmt.Sprintf("%v over %v, %v after sending", r.Role, r.Reach, at.Sub(target.At))
	return m.audit(actor, ActionRetract, at, target.Sender, target.ID, detail), nil
}

// audit returns the audit of an action.
func (m *Moderator) audit(actor Actor, a Action, at time.Time, member, message, detail string) Audit {
	return Audit{At: at, Group: m.group, Actor: actor.ID, Role: actor.Role, Action: a, Member: member, Message: message, Detail: detail}
}

// manage checks an action reserved to the owner and admins: the actor, the
// instant, whether the platform supports it at all, then the role.
func (m *Moderator) manage(actor Actor, a Action, at time.Time, supported bool) error {
	if err := m.checkActor("actor", actor); err != nil {
		return err
	}
	if err := checkMoment(a.String()+": at", at); err != nil {
		return err
	}
	if !supported {
		return m.refuse(actor, a.String()+" on "+m.profile.Platform.String(), ErrUnsupported)
	}
	if actor.Role < Admin {
		return m.refuse(actor, a.String(), ErrForbidden)
	}
	return nil
}

// Announce sets the group announcement to text on behalf of an owner or
// admin. The text must be non-empty valid UTF-8 within the profile's
// announcement limit (runes or bytes, as the platform counts); a platform
// without announcements is [ErrUnsupported]. Compose the text of a live
// session's announcement with [LiveAnnouncement.Text].
func (m *Moderator) Announce(actor Actor, text string, at time.Time) (Audit, error) {
	field := fmt.Sprintf("group %q: announcement", m.group)
	switch {
	case text == "":
		return Audit{}, fieldErr(field, "empty")
	case !utf8.ValidString(text):
		return Audit{}, fieldErr(field, "not valid UTF-8")
	}
	if err := m.manage(actor, ActionAnnounce, at, m.profile.Announcement.Max > 0); err != nil {
		return Audit{}, err
	}
	if err := m.profile.Announcement.Check(field, text); err != nil {
		return Audit{}, err
	}
	m.text = text
	return m.audit(actor, ActionAnnounce, at, "", "", text), nil
}

// SetSlowMode sets the slow-mode interval, zero turning it off, on behalf
// of an owner or admin. The interval must be one of the profile's
// [Profile.SlowModes] ([Profile.CheckSlowMode]); a platform without slow
// mode is [ErrUnsupported].
func (m *Moderator) SetSlowMode(actor Actor, d time.Duration, at time.Time) (Audit, error) {
	if err := m.manage(actor, ActionSlowMode, at, len(m.profile.SlowModes) > 0); err != nil {
		return Audit{}, err
	}
	if err := m.profile.CheckSlowMode(d); err != nil {
		return Audit{}, err
	}
	m.slow = d
	detail := "off"
	if d != 0 {
		detail = d.String()
	}
	return m.audit(actor, ActionSlowMode, at, "", "", detail), nil
}

// mute checks and applies a mute or unmute of one member.
func (m *Moderator) mute(actor, target Actor, at time.Time, a Action) (Audit, error) {
	if err := m.checkActor("member", target); err != nil {
		return Audit{}, err
	}
	if err := m.manage(actor, a, at, m.profile.MuteMember); err != nil {
		return Audit{}, err
	}
	if target.ID == actor.ID || target.Role >= actor.Role {
		return Audit{}, m.refuse(actor, fmt.Sprintf("%v %v", a, target), ErrForbidden)
	}
	if a == ActionMute {
		m.muted[target.ID] = struct{}{}
	} else {
		delete(m.muted, target.ID)
	}
	return m.audit(actor, a, at, target.ID, "", ""), nil
}

// Mute silences target, a member of a lower role than the actor's (an
// admin mutes members, the owner admins and members), on behalf of an
// owner or admin. Muting a muted member succeeds and changes nothing. A
// platform that cannot mute one member is [ErrUnsupported].
func (m *Moderator) Mute(actor, target Actor, at time.Time) (Audit, error) {
	return m.mute(actor, target, at, ActionMute)
}

// Unmute lets target speak again, under the rules of [Moderator.Mute].
// Unmuting a member who is not muted succeeds and changes nothing.
func (m *Moderator) Unmute(actor, target Actor, at time.Time) (Audit, error) {
	return m.mute(actor, target, at, ActionUnmute)
}

// muteAll checks and applies a group-wide mute or unmute.
func (m *Moderator) muteAll(actor Actor, at time.Time, a Action) (Audit, error) {
	if err := m.manage(actor, a, at, m.profile.MuteAll); err != nil {
		return Audit{}, err
	}
	m.mutedAll = a == ActionMuteAll
	return m.audit(actor, a, at, "", "", ""), nil
}

// MuteAll silences every ordinary member (全员禁言) on behalf of an owner
// or admin; the owner and admins may still speak. A platform without a
// group-wide mute is [ErrUnsupported].
func (m *Moderator) MuteAll(actor Actor, at time.Time) (Audit, error) {
	return m.muteAll(actor, at, ActionMuteAll)
}

// UnmuteAll lifts [Moderator.MuteAll]; members muted one by one stay
// muted.
func (m *Moderator) UnmuteAll(actor Actor, at time.Time) (Audit, error) {
	return m.muteAll(actor, at, ActionUnmuteAll)
}

// Audit returns the audit record of a ban or unban that actor made at the
// instant at. Its group is the family's ID; its detail names the group a
// ban removed the member from.
func (s Sanction) Audit(actor Actor, at time.Time) Audit {
	a := Audit{At: at, Group: s.Family, Actor: actor.ID, Role: actor.Role, Action: ActionUnban, Member: s.Member}
	if s.Banned {
		a.Action = ActionBan
	}
	switch {
	case s.Removed.Group != "":
		a.Detail = "removed from " + s.Removed.Group
	case !s.Changed:
		a.Detail = "already banned"
	}
	return a
}
