package server

import (
	"bytes"
	"context"
	"image/color"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/termquery"
)

// queryTimeout is how long a session waits for its terminal to say its
// background colour before it draws with the dark default.
const queryTimeout = time.Second

// sessionInput is a session's input, read from the client by one goroutine
// of its own, so that a read can give up at a deadline (a read on the SSH
// channel cannot be interrupted) without losing what arrives afterwards.
// The background query reads it first, then the program; never both at
// once.
type sessionInput struct {
	data chan []byte     // what the client sent, one read at a time
	err  error           // why the client's input ended, set before data closes
	done <-chan struct{} // the program's end

	pending []byte // read from data, not yet handed on
	replies replyFilter
}

// newSessionInput starts reading r until it ends or ctx does. The goroutine
// is blocked in r.Read at worst until the SSH channel closes, which it does
// when the session's handler returns.
func newSessionInput(ctx context.Context, r io.Reader) *sessionInput {
	in := &sessionInput{data: make(chan []byte), done: ctx.Done()}
	go in.pump(r)
	return in
}

func (in *sessionInput) pump(r io.Reader) {
	defer close(in.data)
	buf := make([]byte, 1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			select {
			case in.data <- bytes.Clone(buf[:n]):
			case <-in.done:
				in.err = io.EOF
				return
			}
		}
		if err != nil {
			in.err = err
			return
		}
	}
}

// Read implements io.Reader. Replies to the background query that arrive
// after it gave up are left out, so that the program does not take them for
// keys.
func (in *sessionInput) Read(p []byte) (int, error) {
	for len(in.pending) == 0 {
		select {
		case b, ok := <-in.data:
			if !ok {
				return 0, in.err
			}
			in.pending = in.replies.filter(b)
			in.pending = append(in.pending, in.replies.releaseShort()...)
		case <-in.done:
			return 0, io.EOF
		}
	}
	n := copy(p, in.pending)
	in.pending = in.pending[n:]
	return n, nil
}

// queryBackground asks the client's terminal for its background colour,
// then for its device attributes (DA1), which every terminal answers, and
// waits for the DA1 reply until timeout. It returns the colour, nil when
// the terminal did not say it, and whether the terminal answered DA1 in
// time (a terminal that does is asked again later; see expectAnswer). Keys
// typed meanwhile stay in the input.
func (in *sessionInput) queryBackground(out io.Writer, timeout time.Duration) (bg color.Color, answered bool) {
	if _, err := io.WriteString(out, ansi.RequestBackgroundColor+ansi.RequestPrimaryDeviceAttributes); err != nil {
		return nil, false
	}
	in.replies.expect.Add(1)
	giveUp := time.NewTimer(timeout)
	defer giveUp.Stop()
	// The program reads nothing before this returns, so an ESC that a read
	// ends with may wait here for the rest of a reply; Read does not hold it.
	defer func() { in.pending = append(in.pending, in.replies.releaseShort()...) }()
	for in.replies.expect.Load() > 0 {
		select {
		case b, ok := <-in.data:
			if !ok {
				return in.replies.bg, false
			}
			in.pending = append(in.pending, in.replies.filter(b)...)
		case <-giveUp.C:
			return in.replies.bg, false
		case <-in.done:
			return in.replies.bg, false
		}
	}
	return in.replies.bg, true
}

// onAnswer has the input call answered, on its reader's goroutine, for
// every DA1 reply it takes out.
func (in *sessionInput) onAnswer(answered func()) { in.replies.answered.Store(&answered) }

// expectAnswer has the input take out one more DA1 reply: the answer to a
// query the screen writes (see session.checkOutput). It must be called
// before the query is written.
func (in *sessionInput) expectAnswer() { in.replies.expect.Add(1) }

// The replies replyFilter takes out of the input.
const (
	oscBackgroundPrefix = "\x1b]11;"
	da1Prefix           = "\x1b[?"
	// maxReply bounds a reply held back across reads; real ones are ~30 bytes.
	maxReply = 64
)

// replyFilter takes the terminal's replies to the background query, OSC 11
// and DA1, and to later DA1 queries, out of its input and keeps the colour.
// It looks for them while a DA1 reply, which comes last, is expected.
type replyFilter struct {
	// expect counts the DA1 replies expected: a query was sent and its
	// reply has not come back. The screen's goroutine adds to it.
	expect atomic.Int32
	// answered, when set, is called on every DA1 reply.
	answered atomic.Pointer[func()]
	bg       color.Color // the colour the OSC 11 reply named
	// held is the start of a reply that a read cut off; it is joined to
	// the next read.
	held []byte
}

// minHeld is the shortest start of a reply held while the program reads:
// ESC is the Escape key, ESC ] and ESC [ alt+] and alt+[, and holding them
// would delay those keys until the next.
const minHeld = 3

// releaseShort returns a held start of a reply too short to tell from a key.
func (f *replyFilter) releaseShort() []byte {
	if len(f.held) >= minHeld {
		return nil
	}
	b := f.held
	f.held = nil
	return b
}

// filter returns b without the replies in it.
func (f *replyFilter) filter(b []byte) []byte {
	if f.expect.Load() <= 0 && len(f.held) == 0 {
		return b
	}
	if len(f.held) > 0 {
		b = append(f.held, b...)
		f.held = nil
	}
	keys := b[:0:0]
	for len(b) > 0 && f.expect.Load() > 0 {
		i := bytes.IndexByte(b, ansi.ESC)
		if i < 0 {
			break
		}
		keys = append(keys, b[:i]...)
		b = b[i:]
		n, complete := f.reply(b)
		switch {
		case complete:
			b = b[n:]
		case n == len(b) && n <= maxReply:
			// The read ended inside what may be a reply.
			f.held = bytes.Clone(b)
			return keys
		default:
			keys = append(keys, b[0])
			b = b[1:]
		}
	}
	return append(keys, b...)
}

// reply matches a reply at the start of b, which begins with ESC. It returns
// the reply's length and true when b starts with a whole one; otherwise how
// many bytes of b could start one (n == len(b) when b may go on into one).
func (f *replyFilter) reply(b []byte) (n int, complete bool) {
	if n, ok := matchPrefix(b, oscBackgroundPrefix); !ok {
		if n < len(oscBackgroundPrefix) && n == len(b) {
			return n, false
		}
	} else {
		return f.oscReply(b)
	}
	if n, ok := matchPrefix(b, da1Prefix); !ok {
		return n, false
	}
	for i := len(da1Prefix); i < len(b); i++ {
		switch c := b[i]; {
		case c == 'c':
			f.expect.Add(-1)
			if answered := f.answered.Load(); answered != nil {
				(*answered)()
			}
			return i + 1, true
		case c == ';' || '0' <= c && c <= '9':
		default:
			return i, false
		}
	}
	return len(b), false
}

// oscReply matches an OSC 11 reply, ended by BEL or ST, at the start of b
// and keeps its colour.
func (f *replyFilter) oscReply(b []byte) (n int, complete bool) {
	for i := len(oscBackgroundPrefix); i < len(b); i++ {
		end := 0
		switch c := b[i]; {
		case c == ansi.BEL:
			end = i + 1
		case c == ansi.ESC && i+1 == len(b):
			return len(b), false
		case c == ansi.ESC && b[i+1] == '\\':
			end = i + 2
		case c < 0x20 || c > 0x7e:
			return i, false
		}
		if end > 0 {
			if c := termquery.ParseColor(string(b[len(oscBackgroundPrefix):i])); c != nil {
				f.bg = c
			}
			return end, true
		}
	}
	return len(b), false
}

// matchPrefix reports how many bytes of b match prefix, and whether b
// starts with all of it.
func matchPrefix(b []byte, prefix string) (int, bool) {
	n := 0
	for n < len(b) && n < len(prefix) && b[n] == prefix[n] {
		n++
	}
	return n, n == len(prefix)
}

// sessionRenderer is what wish's bubbletea.MakeRenderer builds for an SSH
// session without a real PTY, with the query read from in, which gives up
// at its deadline, rather than from the channel, which cannot: the colour
// profile from the client's TERM and environment, ASCII for none or dumb,
// and the background's lightness from the terminal's answer (dark when it
// gives none).
//
// answers reports whether the terminal answered the query in time: it
// will answer the screen's later ones, which tell that it takes its output.
func sessionRenderer(s ssh.Session, in *sessionInput) (r *lipgloss.Renderer, answers bool) {
	pty, _, ok := s.Pty()
	if !ok || pty.Term == "" || pty.Term == "dumb" {
		return lipgloss.NewRenderer(s, termenv.WithProfile(termenv.Ascii)), false
	}
	env := sshEnviron(append(s.Environ(), "TERM="+pty.Term))
	r = lipgloss.NewRenderer(s, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	bg, answers := in.queryBackground(s, queryTimeout)
	if bg != nil {
		if c, ok := colorful.MakeColor(bg); ok {
			_, _, l := c.Hsl()
			r.SetHasDarkBackground(l < 0.5) // as wish and termenv decide
		}
	}
	return r, answers
}

// noColor reports whether the client sent NO_COLOR (ssh -o SendEnv=NO_COLOR)
// and has a terminal that shows bold and reverse video: it is then drawn
// with those and no colour.
func noColor(s ssh.Session) bool {
	pty, _, ok := s.Pty()
	if !ok || pty.Term == "" || pty.Term == "dumb" {
		return false
	}
	for _, kv := range s.Environ() {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			return true
		}
	}
	return false
}

// sshEnviron is a session's environment for termenv.
type sshEnviron []string

// Environ implements termenv.Environ.
func (e sshEnviron) Environ() []string { return e }

// Getenv implements termenv.Environ. The first entry wins, as in wish.
func (e sshEnviron) Getenv(k string) string {
	for _, v := range e {
		if val, ok := strings.CutPrefix(v, k+"="); ok {
			return val
		}
	}
	return ""
}
