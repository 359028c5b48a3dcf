package incentive

import (
	"errors"
	"fmt"
	"strings"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Sentinel errors. Every error the package returns wraps one of them,
// [commerce.ErrInvalid] (a malformed field, through a
// *[commerce.FieldError]) or a commerce sentinel such as
// [commerce.ErrCurrencyMismatch] or [commerce.ErrOverflow], so callers
// branch with errors.Is. A call that fails changes nothing and awards
// nothing: there are no partial awards.
var (
	// ErrInvalidProgramme reports a programme that does not validate; the
	// *[ProgrammeError] it comes in carries a stable [Code] and the path of
	// the element at fault.
	ErrInvalidProgramme = errors.New("invalid programme")
	// ErrUnknownProgramme reports a programme ID that was never loaded.
	ErrUnknownProgramme = errors.New("unknown programme")
	// ErrUnknownVersion reports a programme version that does not exist,
	// or no version in effect at the time asked.
	ErrUnknownVersion = errors.New("unknown programme version")
	// ErrMissingFact reports merchant facts without a field a rule needs,
	// such as a store score for a rule that gates on it.
	ErrMissingFact = errors.New("missing fact")
	// ErrConflict reports an idempotency key reused for a different event.
	ErrConflict = errors.New("conflicting event")
)

// Code is the stable code of a programme validation failure. Codes never
// change meaning once released, so services may store and match them.
type Code string

// The validation codes.
const (
	// CodeMissing is a required field left empty.
	CodeMissing Code = "missing"
	// CodeMalformed is a field whose value cannot be read, such as a date
	// that does not parse or an unknown rule kind.
	CodeMalformed Code = "malformed"
	// CodeDuplicate is an ID used twice where IDs must be unique.
	CodeDuplicate Code = "duplicate"
	// CodeTierOverlap is a tier table whose ranges overlap.
	CodeTierOverlap Code = "tier-overlap"
	// CodeTierGap is a tier table with a gap between ranges, where an
	// amount would silently earn nothing.
	CodeTierGap Code = "tier-gap"
	// CodeCapWithoutPeriod is a cap that names no period.
	CodeCapWithoutPeriod Code = "cap-without-period"
	// CodeRateOver100 is a rate above 100% (or below 0%).
	CodeRateOver100 Code = "rate-over-100"
	// CodeAmbiguousStacking is a stacking declaration that leaves the
	// outcome of two applicable rules undecided (no priority between two
	// exclusive rules, say).
	CodeAmbiguousStacking Code = "ambiguous-stacking"
	// CodeBadWindow is a window that is empty or ends before it starts.
	CodeBadWindow Code = "bad-window"
	// CodeCurrency is an amount in another currency than the programme's.
	CodeCurrency Code = "currency"
)

// ProgrammeError is a programme validation failure: a stable [Code], the
// programme and version, the path of the element at fault (such as
// "rules[2].tiers[1]") and the reason in words. It matches
// [ErrInvalidProgramme] with errors.Is.
type ProgrammeError struct {
	// Code is the stable code.
	Code Code
	// Programme and Version identify the programme, when known.
	Programme, Version string
	// Path locates the element at fault.
	Path string
	// Reason says what is wrong.
	Reason string
}

// Error returns "incentive: programme <id>@<version>: <path>: <reason> [<code>]".
func (e *ProgrammeError) Error() string {
	var b strings.Builder
	b.WriteString("incentive: programme")
	if e.Programme != "" {
		b.WriteString(" " + e.Programme)
		if e.Version != "" {
			b.WriteString("@" + e.Version)
		}
	}
	if e.Path != "" {
		b.WriteString(": " + e.Path)
	}
	fmt.Fprintf(&b, ": %s [%s]", e.Reason, e.Code)
	return b.String()
}

// Is reports whether target is [ErrInvalidProgramme].
func (e *ProgrammeError) Is(target error) bool { return target == ErrInvalidProgramme }

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
