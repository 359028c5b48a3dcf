package referral

import (
	"fmt"
	"time"
)

// BindMethod is how a touch reached the member: a shared link, an invite
// code typed at signup, or a scanned QR code (a poster or product card).
// The method is recorded on the binding; it does not change the decision.
type BindMethod uint8

// The methods. The zero value is not a method.
const (
	// ByLink is a shared link or card (分享链接).
	ByLink BindMethod = iota + 1
	// ByCode is an invite code (邀请码).
	ByCode
	// ByScan is a scanned QR code (扫码).
	ByScan
	numBindMethods
)

var bindMethodNames = [numBindMethods]string{"", "link", "code", "scan"}

// String returns "link", "code" or "scan".
func (m BindMethod) String() string {
	if m > 0 && m < numBindMethods {
		return bindMethodNames[m]
	}
	return fmt.Sprintf("BindMethod(%d)", uint8(m))
}

// BindMode says which touch holds a member: the first for good, the first
// until it lapses, or the last. See [BindPolicy] for the rules.
type BindMode uint8

// The modes. The zero value is not a mode.
const (
	// BindPermanent keeps the first binding for good (永久绑定).
	BindPermanent BindMode = iota + 1
	// BindExpiring keeps the first binding until its validity lapses; the
	// next touch then rebinds (有效期绑定).
	BindExpiring
	// BindLastTouch lets every touch by another referrer take the member,
	// unless the binding is protected (最后点击/抢客).
	BindLastTouch
	numBindModes
)

var bindModeNames = [numBindModes]string{"", "permanent", "expiring", "last-touch"}

// String returns "permanent", "expiring" or "last-touch".
func (m BindMode) String() string {
	if m > 0 && m < numBindModes {
		return bindModeNames[m]
	}
	return fmt.Sprintf("BindMode(%d)", uint8(m))
}

// BindAction is what a touch did to the member's binding.
type BindAction uint8

// The actions. The zero value is not an action.
const (
	// TouchBound bound a member who had no binding.
	TouchBound BindAction = iota + 1
	// TouchRebound replaced the member's binding with a fresh one: BoundAt
	// and Method are the touch's. The referrer may be the same one, after a
	// lapse.
	TouchRebound
	// TouchKept left the referrer in place. Under [BindLastTouch] the
	// binding's windows were refreshed ([BindRefreshed]).
	TouchKept
	// TouchRefused changed nothing.
	TouchRefused
	numBindActions
)

var bindActionNames = [numBindActions]string{"", "bound", "rebound", "kept", "refused"}

// String returns "bound", "rebound", "kept" or "refused".
func (a BindAction) String() string {
	if a > 0 && a < numBindActions {
		return bindActionNames[a]
	}
	return fmt.Sprintf("BindAction(%d)", uint8(a))
}

// BindReason is the rule of [BindPolicy] that decided a touch, a
// machine-readable code for decision tables and support screens.
type BindReason uint8

// The reasons, in the order [BindPolicy.Decide] applies its rules. The
// zero value is not a reason.
const (
	// BindBeforeJoin refuses a touch earlier than the member's joining.
	BindBeforeJoin BindReason = iota + 1
	// BindStale refuses a touch earlier than the current binding's BoundAt:
	// bindings only move forward in time.
	BindStale
	// BindNotNewUser refuses a touch after the signup window of a policy
	// for new users only.
	BindNotNewUser
	// BindFirstTouch binds a member who had no binding.
	BindFirstTouch
	// BindLapsed rebinds a member whose binding's validity had ended.
	BindLapsed
	// BindRefreshed keeps the referrer of a last-touch binding touched again
	// by the same referrer and restarts its windows from the touch.
	BindRefreshed
	// BindSameReferrer keeps a permanent or expiring binding, unchanged,
	// touched again by its own referrer.
	BindSameReferrer
	// BindProtected refuses another referrer during the protection period.
	BindProtected
	// BindOverwrite rebinds a last-touch member to another referrer.
	BindOverwrite
	// BindHeld refuses another referrer while a permanent or expiring
	// binding stands.
	BindHeld
	numBindReasons
)

var bindReasonNames = [numBindReasons]string{"",
	"before join", "stale touch", "not a new user", "first touch", "lapsed",
	"refreshed", "same referrer", "protected", "last touch wins", "held",
}

// String returns the reason in a few words, such as "protected" or
// "last touch wins".
func (r BindReason) String() string {
	if r > 0 && r < numBindReasons {
		return bindReasonNames[r]
	}
	return fmt.Sprintf("BindReason(%d)", uint8(r))
}

// Touch is one contact of a member with a referrer's link, code or QR
// code, at a time the caller read from its own clock.
type Touch struct {
	// Member is who was touched; required.
	Member string
	// Referrer is whose link, code or QR code it was; required, and not
	// the member.
	Referrer string
	// Method is how; required.
	Method BindMethod
	// At is when; required.
	At time.Time
}

// Validate checks the touch: both IDs, a known method, a non-zero time,
// and two different members (a self-referral matches [ErrSelfReferral]).
func (t Touch) Validate() error {
	if err := checkID("touch: member", t.Member); err != nil {
		return err
	}
	if err := checkID("touch: referrer", t.Referrer); err != nil {
		return err
	}
	switch {
	case t.Method == 0 || t.Method >= numBindMethods:
		return fieldErr(t.field("method"), "want link, code or scan, got %v", t.Method)
	case t.At.IsZero():
		return fieldErr(t.field("at"), "zero time")
	case t.Member == t.Referrer:
		return fmt.Errorf("referral: bind %q to %q: %w", t.Member, t.Referrer, ErrSelfReferral)
	}
	return nil
}

// field names a field of the touch in an error.
func (t Touch) field(name string) string {
	return fmt.Sprintf("touch %q by %q: %s", t.Member, t.Referrer, name)
}

// Binding is a member's link to their referrer. The zero Binding is no
// binding. Times are instants; compare them with time.Time.Equal, or
// compare bindings with [Binding.Equal].
type Binding struct {
	// Referrer is the member's referrer; empty means no binding.
	Referrer string
	// Method is how the binding touch reached the member.
	Method BindMethod
	// BoundAt is when the binding began. A refresh under [BindLastTouch]
	// leaves it, so the binding reads as continuous since then.
	BoundAt time.Time
	// ValidUntil is the first instant the binding no longer earns
	// commission; zero means it never lapses.
	ValidUntil time.Time
	// ProtectedUntil is the first instant another referrer may take the
	// member; zero means no protection. It is never after a non-zero
	// ValidUntil.
	ProtectedUntil time.Time
}

// IsZero reports whether b is no binding.
func (b Binding) IsZero() bool { return b.Referrer == "" }

// ValidAt reports whether b earns commission at t: b is a binding, and t is
// in [BoundAt, ValidUntil).
func (b Binding) ValidAt(t time.Time) bool {
	return b.Referrer != "" && !t.Before(b.BoundAt) && (b.ValidUntil.IsZero() || t.Before(b.ValidUntil))
}

// ProtectedAt reports whether b is protected against other referrers at t:
// t is in [BoundAt, ProtectedUntil).
func (b Binding) ProtectedAt(t time.Time) bool {
	return b.Referrer != "" && !b.ProtectedUntil.IsZero() && !t.Before(b.BoundAt) && t.Before(b.ProtectedUntil)
}

// Equal reports whether b and o are the same binding: same referrer and
// method, and the same instants whatever their locations.
func (b Binding) Equal(o Binding) bool {
	return b.Referrer == o.Referrer && b.Method == o.Method && b.BoundAt.Equal(o.BoundAt) &&
		b.ValidUntil.Equal(o.ValidUntil) && b.ProtectedUntil.Equal(o.ProtectedUntil)
}

// String returns "unbound" for the zero Binding, or the referrer, method
// and times in RFC 3339, such as "r1 by link from 2024-06-01T10:00:00Z
// until 2024-06-08T10:00:00Z protected until 2024-06-04T10:00:00Z". A
// window without an end is left out.
func (b Binding) String() string {
	if b.Referrer == "" {
		return "unbound"
	}
	s := fmt.Sprintf("%s by %v from %s", b.Referrer, b.Method, b.BoundAt.Format(time.RFC3339))
	if !b.ValidUntil.IsZero() {
		s += " until " + b.ValidUntil.Format(time.RFC3339)
	}
	if !b.ProtectedUntil.IsZero() {
		s += " protected until " + b.ProtectedUntil.Format(time.RFC3339)
	}
	return s
}

// Decision is what a [BindPolicy] made of a touch.
type Decision struct {
	// Action is what the touch did.
	Action BindAction
	// Reason is the rule that decided it.
	Reason BindReason
	// Binding is the member's binding after the touch: the previous one
	// when the touch was refused.
	Binding Binding
}

// Changed reports whether the touch changed the member's binding: it bound
// or rebound the member, or refreshed the windows.
func (d Decision) Changed() bool {
	return d.Action == TouchBound || d.Action == TouchRebound || d.Reason == BindRefreshed
}

// String returns the action, the reason and the binding, such as
// "rebound (lapsed): r2 by scan from 2024-06-08T10:00:00Z".
func (d Decision) String() string {
	return fmt.Sprintf("%v (%v): %v", d.Action, d.Reason, d.Binding)
}

// BindPolicy decides whether a touch binds a member to a referrer (绑定关系
// 规则). It is data: write it as a literal, check it with
// [BindPolicy.Validate], and apply it with [BindPolicy.Decide] or
// [Graph.Bind]. Durations are exact: a "day" is 24 hours, and callers who
// count calendar days across a daylight-saving change pass the duration
// they mean.
//
// # Windows
//
// A binding made at B carries two half-open windows, both starting at B:
//
//   - Validity [B, B+Validity): the binding earns its referrer commission
//     ([Binding.ValidAt]). Validity 0 means it never lapses (ValidUntil is
//     zero). Once it has lapsed, the member has no referrer for commission
//     and the next touch, by anyone, rebinds them.
//   - Protection [B, B+Protection) (抢客保护期): no other referrer may take
//     the member, whatever the mode. Protection 0 means none. Protection
//     never outlives validity: it ends at the earlier of B+Protection and
//     ValidUntil, since guarding a lapsed binding would only leave the
//     member unattributed.
//
// # Modes
//
//   - [BindPermanent]: the first binding stands for good. Validity must be
//     0. Protection may be set, but as another referrer is refused anyway,
//     it only names the refusal: protected, then held.
//   - [BindExpiring]: the first binding stands until it lapses; the next
//     touch rebinds. Validity is required. Protection, which cannot outlive
//     validity, again only names the refusal.
//   - [BindLastTouch]: a touch by another referrer takes the member unless
//     the binding is protected. Validity is optional. A touch by the
//     current referrer refreshes the binding: both windows restart at the
//     touch, while Referrer, Method and BoundAt stay, so the binding reads
//     as continuous. Protection is what makes this mode hold a member.
//
// With NewUsersOnly, only touches in the signup window
// [joined, joined+SignupWindow) bind, rebind or refresh. After it the
// member keeps the binding they have, valid or lapsed, and is never bound
// again.
//
// # Order of the rules
//
// [BindPolicy.Decide] applies the first rule that matches:
//
//  1. The touch is before the member joined: refused, [BindBeforeJoin].
//  2. The touch is before the current binding's BoundAt: refused,
//     [BindStale]. A touch at the same instant is not stale.
//  3. NewUsersOnly, and the touch is at or after joined+SignupWindow:
//     refused, [BindNotNewUser].
//  4. The member has no binding: bound, [BindFirstTouch].
//  5. The binding has lapsed (the touch is at or after ValidUntil):
//     rebound, [BindLapsed], whoever the referrer, the same one included.
//  6. The touch is by the current referrer: kept; under [BindLastTouch]
//     refreshed, [BindRefreshed], otherwise unchanged, [BindSameReferrer].
//  7. The binding is protected (the touch is before ProtectedUntil):
//     refused, [BindProtected].
//  8. Under [BindLastTouch]: rebound, [BindOverwrite]. Otherwise refused,
//     [BindHeld].
type BindPolicy struct {
	// Mode is the binding mode; required.
	Mode BindMode
	// Validity is how long a binding earns commission; 0 means for good.
	// Required for BindExpiring, 0 for BindPermanent.
	Validity time.Duration
	// Protection is the protection period against poaching; 0 means none.
	Protection time.Duration
	// NewUsersOnly restricts binding to the member's signup window.
	NewUsersOnly bool
	// SignupWindow is how long after joining a member may be bound; required
	// with NewUsersOnly and 0 without.
	SignupWindow time.Duration
}

// Validate checks the policy and names the first bad field; the errors
// match [commerce.ErrInvalid].
func (p BindPolicy) Validate() error {
	switch {
	case p.Mode == 0 || p.Mode >= numBindModes:
		return fieldErr("bind policy: mode", "want permanent, expiring or last-touch, got %v", p.Mode)
	case p.Validity < 0:
		return fieldErr("bind policy: validity", "negative: %v", p.Validity)
	case p.Mode == BindPermanent && p.Validity != 0:
		return fieldErr("bind policy: validity", "a permanent binding never lapses, got %v (use expiring)", p.Validity)
	case p.Mode == BindExpiring && p.Validity == 0:
		return fieldErr("bind policy: validity", "required for an expiring binding")
	case p.Protection < 0:
		return fieldErr("bind policy: protection", "negative: %v", p.Protection)
	case p.SignupWindow < 0:
		return fieldErr("bind policy: signup window", "negative: %v", p.SignupWindow)
	case p.NewUsersOnly && p.SignupWindow == 0:
		return fieldErr("bind policy: signup window", "required for new users only")
	case !p.NewUsersOnly && p.SignupWindow != 0:
		return fieldErr("bind policy: signup window", "%v without new users only", p.SignupWindow)
	}
	return nil
}

// Decide applies the policy to a touch of a member who joined at joined and
// has the binding cur (the zero Binding for none, otherwise a binding a
// previous decision returned). It is a pure function: the same arguments
// give the same decision, and nothing is stored. The resulting binding's
// times are in the location of t.At, or of cur's when unchanged.
//
// It returns an error, and no decision, for an invalid policy or touch
// (matching [commerce.ErrInvalid], or [ErrSelfReferral]) or a zero joined.
// Cycles are a property of the whole graph: [Graph.Bind] checks them.
func (p BindPolicy) Decide(joined time.Time, cur Binding, t Touch) (Decision, error) {
	if err := p.Validate(); err != nil {
		return Decision{}, err
	}
	if err := t.Validate(); err != nil {
		return Decision{}, err
	}
	if joined.IsZero() {
		return Decision{}, fieldErr(fmt.Sprintf("member %q: joined", t.Member), "zero time")
	}
	return p.decide(joined, cur, t), nil
}

// decide is Decide on a valid policy and touch.
func (p BindPolicy) decide(joined time.Time, cur Binding, t Touch) Decision {
	bound := cur.Referrer != ""
	refuse := func(r BindReason) Decision { return Decision{Action: TouchRefused, Reason: r, Binding: cur} }
	switch {
	case t.At.Before(joined):
		return refuse(BindBeforeJoin)
	case bound && t.At.Before(cur.BoundAt):
		return refuse(BindStale)
	case p.NewUsersOnly && !t.At.Before(joined.Add(p.SignupWindow)):
		return refuse(BindNotNewUser)
	case !bound:
		return Decision{Action: TouchBound, Reason: BindFirstTouch, Binding: p.fresh(t)}
	case !cur.ValidUntil.IsZero() && !t.At.Before(cur.ValidUntil):
		return Decision{Action: TouchRebound, Reason: BindLapsed, Binding: p.fresh(t)}
	case t.Referrer == cur.Referrer && p.Mode == BindLastTouch:
		b := cur
		b.ValidUntil, b.ProtectedUntil = p.windows(t.At)
		return Decision{Action: TouchKept, Reason: BindRefreshed, Binding: b}
	case t.Referrer == cur.Referrer:
		return Decision{Action: TouchKept, Reason: BindSameReferrer, Binding: cur}
	case !cur.ProtectedUntil.IsZero() && t.At.Before(cur.ProtectedUntil):
		return refuse(BindProtected)
	case p.Mode == BindLastTouch:
		return Decision{Action: TouchRebound, Reason: BindOverwrite, Binding: p.fresh(t)}
	}
	return refuse(BindHeld)
}

// fresh is the binding a touch makes.
func (p BindPolicy) fresh(t Touch) Binding {
	b := Binding{Referrer: t.Referrer, Method: t.Method, BoundAt: t.At}
	b.ValidUntil, b.ProtectedUntil = p.windows(t.At)
	return b
}

// windows returns the ends of the validity and protection windows of a
// binding made or refreshed at at; zero means no end, and no protection.
func (p BindPolicy) windows(at time.Time) (validUntil, protectedUntil time.Time) {
	if p.Validity > 0 {
		validUntil = at.Add(p.Validity)
	}
	if p.Protection > 0 {
		protectedUntil = at.Add(p.Protection)
		if p.Validity > 0 && p.Protection > p.Validity {
			protectedUntil = validUntil
		}
	}
	return validUntil, protectedUntil
}
