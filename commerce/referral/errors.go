package referral

import (
	"errors"
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Sentinel errors. Every error the package returns wraps one of them or a
// commerce sentinel ([commerce.ErrInvalid] for a malformed field,
// [commerce.ErrOverflow], [commerce.ErrCurrencyMismatch]), so callers branch
// with errors.Is; the message names the member, order or field at fault.
var (
	// ErrUnknownMember reports a member ID the graph has not seen.
	ErrUnknownMember = errors.New("unknown member")
	// ErrDuplicateMember reports a member who joins twice.
	ErrDuplicateMember = errors.New("member already known")
	// ErrSelfReferral reports a member binding to themselves.
	ErrSelfReferral = errors.New("self-referral")
	// ErrCycle reports a binding that would make a member their own
	// ancestor, through a chain of any length.
	ErrCycle = errors.New("referral cycle")
	// ErrTooDeep reports commission levels beyond the allowed depth: two,
	// or three with [Plan.AllowThirdLevel].
	ErrTooDeep = errors.New("too many commission levels")
	// ErrCeiling reports a plan whose commission could exceed its per-order
	// ceiling.
	ErrCeiling = errors.New("commission could exceed the order ceiling")
	// ErrUnknownOrder reports an event for an order the ledger has not
	// accrued.
	ErrUnknownOrder = errors.New("unknown order")
	// ErrUnknownLine reports an event for an order line the accrual does not
	// have.
	ErrUnknownLine = errors.New("unknown order line")
	// ErrRefundExceeds reports a refund larger than what remains on a line.
	ErrRefundExceeds = errors.New("refund exceeds what remains")
	// ErrConflict reports an idempotency key reused for a different event,
	// or an event that contradicts one already applied (a second payment).
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
