//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos)

package termquery

import "os"

// Background reports the dark default, unknown: on this system the
// terminal is not asked (termenv does not ask it either).
func Background(_, _ *os.File) (dark, known bool) { return true, false }
