package groupchat

import (
	"errors"
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Sentinel errors. Every error the package returns wraps one of them or
// [commerce.ErrInvalid] (a malformed field, through a
// *[commerce.FieldError]), so callers branch with errors.Is; the message
// names the group, member or field at fault. A call that fails changes
// nothing.
var (
	// ErrUnsupported reports an operation the group's platform cannot do,
	// such as recalling another member's message in a personal WeChat group
	// or slow mode where the platform has none.
	ErrUnsupported = errors.New("not supported by the platform")
	// ErrUnknownGroup reports a group or group family that was never
	// declared.
	ErrUnknownGroup = errors.New("unknown group")
	// ErrUnknownMember reports a member who is not where the call says: not
	// in the group they leave, not banned where they are unbanned, not known
	// to a tier book.
	ErrUnknownMember = errors.New("unknown member")
	// ErrFull reports a join that would take a group past its capacity
	// when the family may not open another group.
	ErrFull = errors.New("group full")
	// ErrBanned reports a join by a member banned from the group family.
	ErrBanned = errors.New("member banned")
	// ErrNotEntitled reports a join to a tier-gated group by a member whose
	// tier does not admit them.
	ErrNotEntitled = errors.New("tier does not admit the member")
	// ErrTooLong reports a text over the platform's limit.
	ErrTooLong = errors.New("text too long")
	// ErrForbidden reports an action the actor's role does not allow, such
	// as a member recalling someone else's message.
	ErrForbidden = errors.New("role not allowed")
	// ErrWindowClosed reports an action after its window, such as a recall
	// three minutes after a message the platform lets its sender recall for
	// two.
	ErrWindowClosed = errors.New("window closed")
	// ErrCapReached reports a broadcast refused because a frequency cap
	// binds; the *[CapError] says which.
	ErrCapReached = errors.New("broadcast cap reached")
	// ErrConflict reports an idempotency key reused for a different event.
	ErrConflict = errors.New("conflicting event")
)

// fieldErr returns a *commerce.FieldError, which matches
// [commerce.ErrInvalid].
func fieldErr(field, format string, args ...any) error {
	return &commerce.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// checkID validates an identifier named by field.
func checkID(field, id string) error {
	if p := ident.Problem(id); p != "" {
		return fieldErr(field, "%s", p)
	}
	return nil
}
