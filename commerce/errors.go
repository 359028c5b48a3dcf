package commerce

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns wraps one of them (or is a
// typed error that matches one with [errors.Is]), so callers branch with
// errors.Is and read details with errors.As.
var (
	// ErrUnknownCurrency reports a currency code or value outside the table.
	ErrUnknownCurrency = errors.New("unknown currency")
	// ErrCurrencyMismatch reports an operation on amounts of two currencies.
	// The error returned is a *[MismatchError] that carries both.
	ErrCurrencyMismatch = errors.New("currency mismatch")
	// ErrOverflow reports a result outside the int64 range of minor units (or
	// of a rate's coefficient). The result is never wrapped around.
	ErrOverflow = errors.New("overflow")
	// ErrSyntax reports text that does not follow a documented grammar.
	ErrSyntax = errors.New("invalid syntax")
	// ErrInexact reports a value that cannot be held exactly without a
	// rounding mode: too many fraction digits for a currency, or a rate with
	// more than 18 decimal places.
	ErrInexact = errors.New("inexact value")
	// ErrRoundingMode reports a RoundingMode outside the defined constants.
	ErrRoundingMode = errors.New("invalid rounding mode")
	// ErrDivisionByZero reports a division or ratio with a zero denominator,
	// such as the average order value of no orders.
	ErrDivisionByZero = errors.New("division by zero")
	// ErrInvalid reports a field that fails validation. The error returned is
	// a *[FieldError] that names the field.
	ErrInvalid = errors.New("invalid value")
	// ErrInvalidTransition reports a lifecycle step from a state that does
	// not allow it. The error returned is a *[TransitionError].
	ErrInvalidTransition = errors.New("invalid transition")
	// ErrRefundExceedsPaid reports a refund for more units than remain
	// refundable on a line.
	ErrRefundExceedsPaid = errors.New("refund exceeds what was paid")
	// ErrAfterSalesClosed reports an after-sales request outside the
	// policy's window.
	ErrAfterSalesClosed = errors.New("after-sales window closed")
)

// MismatchError reports an operation on two currencies. It matches
// [ErrCurrencyMismatch] with errors.Is.
type MismatchError struct {
	// A and B are the two currencies, in the order the operation met them.
	A, B Currency
}

// Error implements error.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("commerce: currency mismatch: %v and %v", e.A, e.B)
}

// Is reports whether target is [ErrCurrencyMismatch].
func (e *MismatchError) Is(target error) bool { return target == ErrCurrencyMismatch }

// FieldError reports a field that failed validation. Field is a path such as
// `order "o-1": line 2: quantity`; Reason says what is wrong with it. It
// matches [ErrInvalid] with errors.Is and unwraps to Err when Err is set (for
// example [ErrUnknownCurrency] or [ErrOverflow]).
type FieldError struct {
	// Field is the path of the failing field.
	Field string
	// Reason says what is wrong, or is empty when Err says it.
	Reason string
	// Err is the underlying cause, or nil.
	Err error
}

// Error implements error.
func (e *FieldError) Error() string {
	msg := "commerce: " + e.Field
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is reports whether target is [ErrInvalid].
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the underlying cause, if any.
func (e *FieldError) Unwrap() error { return e.Err }

func invalid(field, reason string) error {
	return &FieldError{Field: field, Reason: reason}
}

func invalidf(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// within prefixes the Field of a *FieldError with a parent path, so nested
// validation reads "order \"o-1\": line 2: quantity". Any other error becomes
// the cause of a FieldError for prefix.
func within(prefix string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: prefix + ": " + fe.Field, Reason: fe.Reason, Err: fe.Err}
	}
	return &FieldError{Field: prefix, Err: err}
}

// TransitionError reports a lifecycle action attempted from a state that does
// not allow it. It matches [ErrInvalidTransition] with errors.Is.
type TransitionError struct {
	// Entity names what changes state: "order" or "product".
	Entity string
	// ID identifies the entity.
	ID string
	// From is the current state; Action is the attempted step.
	From, Action string
}

// Error implements error.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("commerce: %s %q: cannot %s from %s: %v", e.Entity, e.ID, e.Action, e.From, ErrInvalidTransition)
}

// Is reports whether target is [ErrInvalidTransition].
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }
