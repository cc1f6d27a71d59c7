package cli

import (
	"context"
	"errors"
	"fmt"
)

// UsageError is a mistake in how the program was called: an unknown flag or
// command, or a value out of range. The program exits with status 2.
type UsageError struct{ err error }

func (e UsageError) Error() string { return e.err.Error() }
func (e UsageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return UsageError{fmt.Errorf(format, args...)}
}

// exitInterrupted is the exit status of a command stopped by its context
// (Ctrl-C, SIGTERM or SIGHUP in main): 128 + SIGINT, as a shell reports a
// program that Ctrl-C ended.
const exitInterrupted = 130

// ExitCode returns the process exit status for err: 0 for nil, 2 for usage
// errors, 130 for a command interrupted through its context, 1 for anything
// else.
func ExitCode(err error) int {
	var u UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	default:
		return 1
	}
}

// Output formats of the commands that print data.
const (
	formatText = "text"
	formatCSV  = "csv"
	formatJSON = "json"
)
