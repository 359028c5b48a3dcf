package groupchat

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// Platform names a kind of group chat whose limits the package knows. The
// zero value is not a platform.
type Platform uint8

// The platforms with a compiled-in [Profile].
const (
	// Xiaohongshu is a Xiaohongshu (小红书) group chat.
	Xiaohongshu Platform = iota + 1
	// WeComCustomer is a WeCom (企业微信) customer group (客户群), the
	// private-domain group of a brand's staff and its customers.
	WeComCustomer
	// WeComInternal is a WeCom internal group of a company's own staff.
	WeComInternal
	// WeChat is a personal WeChat group (微信群).
	WeChat
	// TelegramBasic is a Telegram basic group.
	TelegramBasic
	// TelegramSuper is a Telegram supergroup.
	TelegramSuper
	// TencentIMWork is a Tencent Cloud IM work group (Work, 好友工作群).
	TencentIMWork
	// TencentIMPublic is a Tencent Cloud IM public group (Public, 陌生人社交群).
	TencentIMPublic
	numPlatforms
)

var platformNames = [numPlatforms]string{"", "xiaohongshu", "wecom-customer", "wecom-internal",
	"wechat", "telegram-basic", "telegram-super", "tencent-im-work", "tencent-im-public"}

// String returns the platform's name, such as "wecom-customer".
func (p Platform) String() string {
	if p > 0 && p < numPlatforms {
		return platformNames[p]
	}
	return fmt.Sprintf("Platform(%d)", uint8(p))
}

// Platforms returns every platform with a compiled-in profile, in
// declaration order.
func Platforms() []Platform {
	ps := make([]Platform, 0, numPlatforms-1)
	for p := Platform(1); p < numPlatforms; p++ {
		ps = append(ps, p)
	}
	return ps
}

// Unit is how a [Limit] counts a text's length.
type Unit uint8

// The units. The zero value is not a unit.
const (
	// Runes counts Unicode code points, what a platform calls characters
	// (字): "限 200 字" is 200 runes, whatever their encoding.
	Runes Unit = iota + 1
	// Bytes counts the bytes of the text's UTF-8 encoding: a Chinese
	// character takes three.
	Bytes
)

// String returns "runes" or "bytes".
func (u Unit) String() string {
	switch u {
	case Runes:
		return "runes"
	case Bytes:
		return "bytes"
	}
	return fmt.Sprintf("Unit(%d)", uint8(u))
}

// Limit is a maximum text length. The zero Limit means the platform has no
// such text: checking against it returns [ErrUnsupported].
type Limit struct {
	// Max is the longest allowed length, counted in Unit.
	Max int
	// Unit is how the length is counted.
	Unit Unit
}

// Len returns the length of s counted in the limit's unit.
func (l Limit) Len(s string) int {
	if l.Unit == Bytes {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// Check returns nil when s is non-empty valid UTF-8 within the limit. It
// returns an error wrapping [ErrUnsupported] for the zero Limit,
// [ErrTooLong] for a text over the limit, and a *[commerce.FieldError] for
// an empty or invalid text; field names the text in the message.
func (l Limit) Check(field, s string) error {
	switch {
	case l.Max == 0:
		return fmt.Errorf("groupchat: %s: %w", field, ErrUnsupported)
	case s == "":
		return fieldErr(field, "empty")
	case !utf8.ValidString(s):
		return fieldErr(field, "not valid UTF-8")
	}
	if n := l.Len(s); n > l.Max {
		return fmt.Errorf("groupchat: %s: %d %s, limit %d: %w", field, n, l.Unit, l.Max, ErrTooLong)
	}
	return nil
}

// validate checks a limit's fields.
func (l Limit) validate(field string) error {
	switch {
	case l.Max < 0:
		return fieldErr(field, "negative maximum %d", l.Max)
	case l.Max == 0 && l.Unit != 0:
		return fieldErr(field, "unit without a maximum")
	case l.Max > 0 && l.Unit != Runes && l.Unit != Bytes:
		return fieldErr(field, "want runes or bytes, got %v", l.Unit)
	}
	return nil
}

// Reach is whose messages a [Retraction] lets a role recall.
type Reach uint8

// The reaches. The zero value is not a reach.
const (
	// Own is the actor's own messages.
	Own Reach = iota + 1
	// Lower is the actor's own messages and those of members of a lower
	// role: an admin's reach over members, an owner's over admins and
	// members.
	Lower
	// Anyone is every message in the group.
	Anyone
	numReaches
)

var reachNames = [numReaches]string{"", "own", "lower", "anyone"}

// String returns "own", "lower" or "anyone".
func (r Reach) String() string {
	if r > 0 && r < numReaches {
		return reachNames[r]
	}
	return fmt.Sprintf("Reach(%d)", uint8(r))
}

// Retraction is one recall (撤回) permission of a platform: a role may
// recall the messages within its reach for a window after they were sent.
type Retraction struct {
	// Role is the role the permission is for.
	Role Role
	// Reach is whose messages it may recall.
	Reach Reach
	// Window is how long after sending a message may be recalled; zero
	// means any time.
	Window time.Duration
}

// Profile is a platform's group-chat limits, as data. The compiled-in
// profiles come from [ProfileOf]; a caller may declare its own and check it
// with [Profile.Validate]. A limit the platform does not have is the zero
// value of its field, and an operation that needs it returns
// [ErrUnsupported].
type Profile struct {
	// Platform is the platform the profile describes; zero for a custom
	// profile.
	Platform Platform
	// Capacity is the most members a group may hold, owner included.
	Capacity int
	// MaxAdmins is the most admins a group may have besides its owner; zero
	// means the platform has no admins.
	MaxAdmins int
	// Announcement limits the group announcement (群公告).
	Announcement Limit
	// Name limits the group's name.
	Name Limit
	// Retractions are the recall permissions; none means nobody may recall
	// a message.
	Retractions []Retraction
	// SlowModes are the allowed slow-mode intervals, zero (off) included;
	// none means the platform has no slow mode.
	SlowModes []time.Duration
	// MuteMember reports whether the owner and admins may mute one member.
	MuteMember bool
	// MuteAll reports whether they may mute every ordinary member at once
	// (全员禁言).
	MuteAll bool
	// Caps are the broadcast frequency caps the platform offers, per
	// recipient: alternatives, the first being its default, of which an
	// account uses one (pass it to [NewOutbox]); none means the platform
	// enforces none.
	Caps []Cap
	// AutoCreate reports whether the platform opens the next group of a
	// family itself when one fills, as WeCom's join way does
	// (auto_create_room).
	AutoCreate bool
}

// ProfileOf returns the compiled-in profile of a platform, or an error
// wrapping [commerce.ErrInvalid] for an unknown one. Each call returns a
// fresh copy, so changing it changes nothing else.
func ProfileOf(p Platform) (Profile, error) {
	if p == 0 || p >= numPlatforms {
		return Profile{}, fieldErr("platform", "unknown %v", p)
	}
	return builtin(p), nil
}

// Validate checks that the profile's numbers are usable: a positive
// capacity, non-negative admin count, well-formed limits, retractions with
// a role, a reach and a non-negative window, one per role and reach,
// distinct non-negative slow modes including off, and valid caps.
func (p Profile) Validate() error {
	switch {
	case p.Platform >= numPlatforms:
		return fieldErr("profile: platform", "unknown %v", p.Platform)
	case p.Capacity < 1:
		return fieldErr("profile: capacity", "want at least 1, got %d", p.Capacity)
	case p.MaxAdmins < 0:
		return fieldErr("profile: max admins", "negative: %d", p.MaxAdmins)
	case p.MaxAdmins >= p.Capacity:
		return fieldErr("profile: max admins", "%d leaves no room for members in %d", p.MaxAdmins, p.Capacity)
	}
	if err := p.Announcement.validate("profile: announcement"); err != nil {
		return err
	}
	if err := p.Name.validate("profile: name"); err != nil {
		return err
	}
	for i, r := range p.Retractions {
		field := fmt.Sprintf("profile: retractions[%d]", i)
		switch {
		case !r.Role.Valid():
			return fieldErr(field+": role", "unknown %v", r.Role)
		case r.Role == Admin && p.MaxAdmins == 0:
			return fieldErr(field+": role", "admin on a platform without admins")
		case r.Reach == 0 || r.Reach >= numReaches:
			return fieldErr(field+": reach", "unknown %v", r.Reach)
		case r.Window < 0:
			return fieldErr(field+": window", "negative: %v", r.Window)
		}
		for _, q := range p.Retractions[:i] {
			if q.Role == r.Role && q.Reach == r.Reach {
				return fieldErr(field, "duplicate %v over %v", r.Role, r.Reach)
			}
		}
	}
	if len(p.SlowModes) > 0 && !slices.Contains(p.SlowModes, 0) {
		return fieldErr("profile: slow modes", "off (0) is not among them")
	}
	for i, d := range p.SlowModes {
		field := fmt.Sprintf("profile: slow modes[%d]", i)
		if d < 0 {
			return fieldErr(field, "negative: %v", d)
		}
		if slices.Contains(p.SlowModes[:i], d) {
			return fieldErr(field, "duplicate %v", d)
		}
	}
	for i, c := range p.Caps {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("groupchat: profile: caps[%d]: %w", i, err)
		}
	}
	return nil
}

// clone returns p with its slices copied.
func (p Profile) clone() Profile {
	p.Retractions = slices.Clone(p.Retractions)
	p.SlowModes = slices.Clone(p.SlowModes)
	p.Caps = slices.Clone(p.Caps)
	return p
}

// CheckSlowMode returns nil when d is one of the profile's slow-mode
// values, an error wrapping [ErrUnsupported] when the platform has no slow
// mode, and a *[commerce.FieldError] naming the allowed values otherwise.
func (p Profile) CheckSlowMode(d time.Duration) error {
	if len(p.SlowModes) == 0 {
		return fmt.Errorf("groupchat: %v: slow mode: %w", p.Platform, ErrUnsupported)
	}
	if !slices.Contains(p.SlowModes, d) {
		return fieldErr("slow mode", "%v is not one of %v", d, p.SlowModes)
	}
	return nil
}
