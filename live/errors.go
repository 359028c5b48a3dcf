package live

import (
	"errors"
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Sentinel errors. Every error the package returns wraps one of them or
// [commerce.ErrInvalid] (a malformed field, through a
// *[commerce.FieldError]), so callers branch with errors.Is; the message
// names the session, viewer, host or field at fault. A call that fails
// changes nothing.
var (
	// ErrTransition reports a session or permission transition the current
	// status does not allow, such as ending a session that never started.
	ErrTransition = errors.New("transition not allowed")
	// ErrTooLong reports a session longer than its platform allows; split
	// the broadcast into sessions.
	ErrTooLong = errors.New("session too long for the platform")
	// ErrPrecondition reports an application for live-selling permission
	// whose preconditions (a certified store, an account in good standing)
	// do not hold.
	ErrPrecondition = errors.New("precondition not met")
	// ErrInfeasible reports a roster that no assignment of the hosts can
	// satisfy; the *[Infeasible] certificate says which constraint binds
	// and by how much.
	ErrInfeasible = errors.New("roster infeasible")
	// ErrOverlap reports two visits of one viewer that overlap, when the
	// caller asked for overlaps to be rejected rather than merged.
	ErrOverlap = errors.New("overlapping visits")
	// ErrOutsideSession reports a visit or an order outside the session it
	// is counted in.
	ErrOutsideSession = errors.New("outside the session")
	// ErrCommitment reports a giveaway that does not verify: a revealed
	// seed whose SHA-256 digest is not the published commitment, or an
	// audit record whose draw does not re-check (another seed, entrant
	// list, prize count or winner).
	ErrCommitment = errors.New("giveaway does not verify")
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
