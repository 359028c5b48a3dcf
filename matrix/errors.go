package matrix

import (
	"errors"
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Sentinel errors. Every error the package returns wraps one of them or
// [commerce.ErrInvalid] (a malformed field, through a
// *[commerce.FieldError]), so callers branch with errors.Is; the message
// names the account, group, member, event or field at fault. A call that
// fails changes nothing.
var (
	// ErrUnknown reports a reference to something the network or the call
	// does not know: a group's owner that is not an account, a member not
	// among the network's people, a plan targeting an unknown group, an
	// event of an unknown kind.
	ErrUnknown = errors.New("unknown reference")
	// ErrDuplicate reports an ID given twice where IDs must be unique.
	ErrDuplicate = errors.New("duplicate ID")
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
