package live

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// PermissionStatus is the state of an account's permission to sell in its
// live sessions (直播带货权限).
//
//	NotApplied ─Apply─▶ Pending ─Approve─▶ Approved ─Revoke─▶ Revoked
//	                     ▲   │                                  │
//	                     │ Reject                               │
//	                     │   ▼                                  │
//	                     └─Apply── Rejected ◀── (Apply from Revoked too)
//
// A rejected or revoked account may apply again: a permanent ban is an
// account that is not in good standing, which fails [Preconditions].
type PermissionStatus uint8

// The permission states. The zero value is NotApplied.
const (
	// NotApplied is an account that never applied.
	NotApplied PermissionStatus = iota
	// Pending is an application awaiting review.
	Pending
	// Approved is an account that may sell live.
	Approved
	// Rejected is an application turned down, with a reason.
	Rejected
	// Revoked is an approval withdrawn, with a reason.
	Revoked
	numPermissionStatuses
)

var permissionStatusNames = [numPermissionStatuses]string{"not applied", "pending", "approved", "rejected", "revoked"}

// String returns the state's name, such as "pending".
func (s PermissionStatus) String() string {
	if s < numPermissionStatuses {
		return permissionStatusNames[s]
	}
	return "PermissionStatus(" + strconv.Itoa(int(s)) + ")"
}

// Preconditions are the facts an application for live-selling permission
// depends on, as the caller knows them when the account applies.
type Preconditions struct {
	// StoreCertified reports that the account's store passed
	// certification and review (DOMAIN.md, store operations).
	StoreCertified bool
	// GoodStanding reports that the account is in good standing: no
	// active penalty or ban.
	GoodStanding bool
}

// unmet lists the preconditions that do not hold, in declaration order.
func (p Preconditions) unmet() []string {
	var u []string
	if !p.StoreCertified {
		u = append(u, "store not certified")
	}
	if !p.GoodStanding {
		u = append(u, "account not in good standing")
	}
	return u
}

// PermissionEvent is one transition in a permission's history.
type PermissionEvent struct {
	// Status is the state the permission entered.
	Status PermissionStatus
	// At is when it entered it.
	At time.Time
	// Reason is why, for Rejected and Revoked; empty otherwise.
	Reason string
}

// Equal reports whether e and o are the same event, comparing times with
// [time.Time.Equal].
func (e PermissionEvent) Equal(o PermissionEvent) bool {
	return e.Status == o.Status && e.At.Equal(o.At) && e.Reason == o.Reason
}

// Permission is an account's live-selling permission and its history, for
// audit. Permissions are immutable values, safe to share between
// goroutines: every transition returns a new Permission and leaves the
// receiver as it was. A transition that fails returns the receiver
// unchanged with the error:
//
//   - from a state that does not allow it, an error wrapping
//     [ErrTransition] that names the account and both states;
//   - an application whose preconditions do not hold, an error wrapping
//     [ErrPrecondition] that names each unmet one;
//   - at the zero time, a time outside [1677-09-21T00:12:45Z,
//     2262-04-11T23:47:16Z) (the range of a [SessionSpec]), a time before
//     the latest event (times never go backwards), or a missing
//     reason, a *[commerce.FieldError] naming the account and the field.
//
// Build one with [NewPermission]; the zero Permission has no account and
// every transition on it fails with a *[commerce.FieldError].
type Permission struct {
	account string
	status  PermissionStatus
	// history is shared between versions: appended to only through a
	// clipped slice, never modified in place.
	history []PermissionEvent
}

// NewPermission returns the NotApplied permission of account.
func NewPermission(account string) (Permission, error) {
	if err := checkID("permission: account", account); err != nil {
		return Permission{}, err
	}
	return Permission{account: account}, nil
}

// Account returns the account's ID.
func (p Permission) Account() string { return p.account }

// Status returns the permission's state.
func (p Permission) Status() PermissionStatus { return p.status }

// History returns a copy of the transitions so far, oldest first.
func (p Permission) History() []PermissionEvent { return slices.Clone(p.history) }

// Equal reports whether p and o are the same permission with the same
// history.
func (p Permission) Equal(o Permission) bool {
	return p.account == o.account && p.status == o.status &&
		slices.EqualFunc(p.history, o.history, PermissionEvent.Equal)
}

// step checks that the permission may go to state to at time at with the
// reason given, from one of the states in from, and records it.
func (p Permission) step(action string, to PermissionStatus, at time.Time, reason string, from ...PermissionStatus) (Permission, error) {
	if err := checkID("permission: account", p.account); err != nil {
		return p, err
	}
	if !slices.Contains(from, p.status) {
		return p, fmt.Errorf("live: permission of %q: %s: cannot go from %v to %v: %w", p.account, action, p.status, to, ErrTransition)
	}
	field := func(f string) string { return fmt.Sprintf("permission of %q: %s: %s", p.account, action, f) }
	if pr := sessionTimeProblem(at); pr != "" {
		return p, fieldErr(field("time"), "%s", pr)
	}
	if n := len(p.history); n > 0 && at.Before(p.history[n-1].At) {
		return p, fieldErr(field("time"), "%s is before the permission's last event at %s",
			at.Format(time.RFC3339Nano), p.history[n-1].At.Format(time.RFC3339Nano))
	}
	if to == Rejected || to == Revoked {
		if reason == "" {
			return p, fieldErr(field("reason"), "required")
		}
		if ident.Problem(reason) != "" {
			return p, checkID(field("reason"), reason)
		}
	}
	p.status = to
	p.history = append(slices.Clip(p.history), PermissionEvent{Status: to, At: at, Reason: reason})
	return p, nil
}

// Apply submits an application at at, from NotApplied, Rejected or
// Revoked, and makes the permission Pending. When a precondition does not
// hold, the error wraps [ErrPrecondition] and lists every unmet one.
func (p Permission) Apply(at time.Time, pre Preconditions) (Permission, error) {
	n, err := p.step("apply", Pending, at, "", NotApplied, Rejected, Revoked)
	if err != nil {
		return p, err
	}
	if u := pre.unmet(); len(u) > 0 {
		return p, fmt.Errorf("live: permission of %q: apply: %s: %w", p.account, strings.Join(u, ", "), ErrPrecondition)
	}
	return n, nil
}

// Approve approves a pending application at at.
func (p Permission) Approve(at time.Time) (Permission, error) {
	return p.step("approve", Approved, at, "", Pending)
}

// Reject turns down a pending application at at; reason is required.
func (p Permission) Reject(at time.Time, reason string) (Permission, error) {
	return p.step("reject", Rejected, at, reason, Pending)
}

// Revoke withdraws an approval at at; reason is required.
func (p Permission) Revoke(at time.Time, reason string) (Permission, error) {
	return p.step("revoke", Revoked, at, reason, Approved)
}
