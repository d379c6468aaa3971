package market

import (
	"errors"
	"fmt"
)

// Code is the kind of an Error; internal/web maps each to an HTTP status.
type Code string

// The error codes.
const (
	Invalid      Code = "invalid"      // bad input
	NotFound     Code = "not_found"    // no such thing, or not visible to the actor
	Conflict     Code = "conflict"     // clashes with the current state
	Unauthorized Code = "unauthorized" // no valid login
	Forbidden    Code = "forbidden"    // logged in, but not allowed
	Refused      Code = "refused"      // the policy refused the text; see Error.Decision
	Internal     Code = "internal"     // anything else; details are logged, not shown
)

// Error is an error a user may see: a code and a message safe to show.
// Internal details go in Err, which is logged and never shown.
type Error struct {
	Code     Code
	Message  string
	Err      error
	Decision any // the policy.Decision of a Refused write
	// Field names the field of a Refused write of several texts whose
	// decision Decision is ("title", "description", "overview"); empty
	// for a write of one text.
	Field string
}

// Error formats the code, the message and the internal cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, or Internal.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the message of err's *Error, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
