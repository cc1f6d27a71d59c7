// Package wording holds the phrasing that several packages' messages share,
// so that the server's log, its clients and the command line say a thing
// the same way: counts of things, and what went wrong with a file.
package wording

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
)

// Count is n with its noun, singular for one: "1 viewer", "0 viewers",
// "200 sessions". The noun's plural is its singular with an s, as it is
// for every noun optirace counts.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// FileProblem is the gist of a file system error, without the operation and
// path that the message around it already names: "permission denied", "no
// such file or directory". Any other error is returned as it is.
func FileProblem(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// List joins items as prose: "a", "a and b", "a, b and c".
func List(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
