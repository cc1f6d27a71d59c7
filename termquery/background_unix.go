//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos

package termquery

import (
	"io"
	"os"
	"regexp"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// How long the terminal has to answer: DA1 at all, then (one that did) the
// colour query; the second is termenv's.
const (
	probeWait = 120 * time.Millisecond
	replyWait = 5 * time.Second
)

var (
	da1Reply = regexp.MustCompile(`\x1b\[\?[0-9;]*c`)
	oscReply = regexp.MustCompile(`\x1b\]11;([^\x07\x1b]*)(?:\x07|\x1b\\)`)
)

// Background reports whether the terminal on in and out has a dark
// background, and whether it said so: known is false for a terminal that
// was not asked or did not answer, and dark is then true, termenv's
// default. Keys typed while it asks are lost, as they are with termenv.
func Background(in, out *os.File) (dark, known bool) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) || !term.IsTerminal(int(out.Fd())) || skipped(os.Getenv("TERM")) {
		return true, false
	}
	old, err := term.MakeRaw(fd)
	if err != nil {
		return true, false
	}
	defer func() { _ = term.Restore(fd, old) }()
	if _, err := io.WriteString(out, ansi.RequestPrimaryDeviceAttributes); err != nil {
		return true, false
	}
	if _, ok := readUntil(in, da1Reply, probeWait); !ok {
		return true, false // it answers nothing, or too slowly to ask more
	}
	if _, err := io.WriteString(out, ansi.RequestBackgroundColor+ansi.RequestPrimaryDeviceAttributes); err != nil {
		return true, false
	}
	replies, ok := readUntil(in, da1Reply, replyWait) // DA1 comes after the colour
	m := oscReply.FindSubmatch(replies)
	if !ok || m == nil {
		return true, false
	}
	c, ok := colorful.MakeColor(ParseColor(string(m[1])))
	if !ok {
		return true, false
	}
	_, _, l := c.Hsl()
	return l < 0.5, true // as termenv decides
}

// readUntil reads in until what it read matches end or wait has passed,
// and returns what it read and whether it matched. It reads only what
// select says is there, so no read is left waiting for a key.
func readUntil(in *os.File, end *regexp.Regexp, wait time.Duration) ([]byte, bool) {
	fd := int(in.Fd())
	deadline := time.Now().Add(wait)
	var got []byte
	buf := make([]byte, 256)
	for !end.Match(got) {
		left := time.Until(deadline)
		if left <= 0 {
			return got, false
		}
		var set unix.FdSet
		set.Set(fd)
		tv := unix.NsecToTimeval(left.Nanoseconds())
		n, err := unix.Select(fd+1, &set, nil, nil, &tv)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil || n == 0:
			return got, false
		}
		n, err = in.Read(buf)
		if err != nil {
			return got, false
		}
		got = append(got, buf[:n]...)
	}
	return got, true
}
