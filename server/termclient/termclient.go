// Package termclient is a scripted SSH terminal for optirace's server tests
// and load benchmark: it requests a PTY like OpenSSH does, answers the
// terminal queries a real terminal answers, records everything the server
// sends, draws it on a screen as a terminal would, and waits for text to
// appear on that screen.
package termclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// Options configure a Client.
type Options struct {
	User string
	// Auth is the client's authentication; nil means none (or, when the
	// server asks for it, keyboard-interactive with no answers).
	Auth []gossh.AuthMethod
	// Width and Height are the PTY's size, 120×40 when both are 0 unless
	// ExactSize; Term its TERM (xterm-256color).
	Width, Height int
	ExactSize     bool
	Term          string
	// NoPTY opens the session without a PTY, like ssh -T.
	NoPTY bool
	// Command runs a command instead of a shell, like ssh host cmd.
	Command string
	// Silent does not answer terminal queries, like a dumb terminal.
	Silent bool
	// Background is the colour the client says its background is, in
	// XParseColor's form (rgb:0000/0000/0000, black, when empty).
	Background string
	// Dial, when set, opens the TCP connection (to wrap or slow it).
	Dial func(ctx context.Context, addr string) (net.Conn, error)
	// HostKey receives the server's host key.
	HostKey func(gossh.PublicKey)
}

// Client is one SSH terminal session.
type Client struct {
	tcp     net.Conn
	conn    *gossh.Client
	session *gossh.Session
	stdin   io.WriteCloser

	mu      sync.Mutex
	out     []byte // what was received on stdout and stderr since base
	base    int    // the offset of out[0]: what Forget dropped before it
	screen  *vt    // what the terminal shows
	shown   string // screen's text, when fresh
	fresh   bool
	changed chan struct{} // closed and replaced on every arrival
	exit    error         // the session's end, once ended
	ended   chan struct{}
}

// Dial connects to addr and starts a session.
func Dial(ctx context.Context, addr string, o Options) (*Client, error) {
	if o.User == "" {
		o.User = "student"
	}
	if o.Term == "" {
		o.Term = "xterm-256color"
	}
	if o.Width == 0 && o.Height == 0 && !o.ExactSize {
		o.Width, o.Height = 120, 40
	}
	auth := o.Auth
	if auth == nil {
		auth = []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		})}
	}
	cfg := &gossh.ClientConfig{
		User: o.User,
		Auth: auth,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if o.HostKey != nil {
				o.HostKey(key)
			}
			return nil
		},
		Timeout: 10 * time.Second,
	}
	dial := o.Dial
	if dial == nil {
		var d net.Dialer
		dial = func(ctx context.Context, addr string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) }
	}
	tcp, err := dial(ctx, addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = tcp.SetDeadline(dl)
	}
	cc, chans, reqs, err := gossh.NewClientConn(tcp, addr, cfg)
	if err != nil {
		_ = tcp.Close()
		return nil, err
	}
	_ = tcp.SetDeadline(time.Time{})
	c := &Client{
		tcp: tcp, conn: gossh.NewClient(cc, chans, reqs), changed: make(chan struct{}), ended: make(chan struct{}),
		screen: newVT(o.Width, o.Height),
	}
	if err := c.start(o); err != nil {
		_ = c.conn.Close()
		return nil, err
	}
	return c, nil
}

func (c *Client) start(o Options) error {
	s, err := c.conn.NewSession()
	if err != nil {
		return err
	}
	c.session = s
	if c.stdin, err = s.StdinPipe(); err != nil {
		return err
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := s.StderrPipe()
	if err != nil {
		return err
	}
	if !o.NoPTY {
		if err := s.RequestPty(o.Term, o.Height, o.Width, gossh.TerminalModes{}); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	wg.Add(2)
	answer := ""
	if !o.Silent {
		answer = Answer(o.Background)
	}
	go c.record(stdout, answer, false, &wg)
	go c.record(stderr, "", true, &wg)
	if o.Command != "" {
		err = s.Start(o.Command)
	} else {
		err = s.Shell()
	}
	if err != nil {
		return err
	}
	go func() {
		err := s.Wait()
		wg.Wait()
		c.mu.Lock()
		c.exit = err
		close(c.ended)
		c.mu.Unlock()
	}()
	return nil
}

// queryDA1 ends what the server asks a terminal as a session starts: its
// background colour, then its device attributes.
const queryDA1 = "\x1b[c"

// answerDA1 is xterm's answer to a device-attributes query.
const answerDA1 = "\x1b[?62;22c"

// Answer is what a terminal with background colour bg (black when empty)
// answers to the server's first queries, its background colour and its
// device attributes, as xterm does.
func Answer(bg string) string {
	if bg == "" {
		bg = "rgb:0000/0000/0000"
	}
	return "\x1b]11;" + bg + "\x07" + answerDA1
}

// record appends r's bytes to the output; with an answer, it sends it on
// the first device-attributes query, and answers every later one, as a
// real terminal does.
func (c *Client) record(r io.Reader, answer string, stderr bool, wg *sync.WaitGroup) {
	defer wg.Done()
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			// A query cut between two reads is found once, with its end.
			start := max(len(c.out)-len(queryDA1)+1, 0)
			c.out = append(c.out, buf[:n]...)
			if stderr {
				c.screen.writeMain(buf[:n])
			} else {
				c.screen.write(buf[:n])
			}
			c.fresh = false
			queries := 0
			if answer != "" {
				queries = bytes.Count(c.out[start:], []byte(queryDA1))
			}
			close(c.changed)
			c.changed = make(chan struct{})
			c.mu.Unlock()
			for range queries {
				_, _ = io.WriteString(c.stdin, answer)
				answer = answerDA1
			}
		}
		if err != nil {
			return
		}
	}
}

// Mark returns the output's length, to look only at what arrives after it.
func (c *Client) Mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base + len(c.out)
}

// Forget drops the output before offset before, so that a long-running
// client (bench/load's) holds only what it still looks at; offsets stay
// what they were, and output before before reads as nothing.
func (c *Client) Forget(before int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := min(max(before-c.base, 0), len(c.out))
	c.out = append([]byte(nil), c.out[n:]...)
	c.base += n
}

// since returns the output from offset from; c.mu must be held.
func (c *Client) since(from int) []byte {
	return c.out[min(max(from-c.base, 0), len(c.out)):]
}

// Output returns a copy of the raw output from offset from.
func (c *Client) Output(from int) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.since(from))
}

// Text returns the output from offset from without escape sequences.
func (c *Client) Text(from int) string { return ansi.Strip(string(c.Output(from))) }

// Screen returns what the terminal shows now: its rows, without trailing
// blanks.
func (c *Client) Screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.screenLocked()
}

func (c *Client) screenLocked() string {
	if !c.fresh {
		c.shown, c.fresh = c.screen.text(), true
	}
	return c.shown
}

// ErrTimeout is returned by the waits when their time runs out.
var ErrTimeout = errors.New("timed out")

// WaitFor waits until output has arrived after offset from and the screen
// it leaves satisfies ok, and returns the offset just after that output. ok
// reads the screen's text (see Screen) after each arrival.
func (c *Client) WaitFor(ctx context.Context, from int, ok func(text string) bool) (int, error) {
	for {
		c.mu.Lock()
		end := c.base + len(c.out)
		text := ""
		if end > from {
			text = c.screenLocked()
		}
		changed, ended := c.changed, c.ended
		c.mu.Unlock()
		if end > from && ok(text) {
			return end, nil
		}
		select {
		case <-changed:
		case <-ended:
			c.mu.Lock()
			final := c.base+len(c.out) == end
			c.mu.Unlock()
			if final {
				return end, fmt.Errorf("session ended before the screen showed what was awaited; it shows %q", tail(text))
			}
		case <-ctx.Done():
			return end, fmt.Errorf("%w; the screen shows %q", ErrTimeout, tail(text))
		}
	}
}

// WaitForOutput is WaitFor on the raw output.
func (c *Client) WaitForOutput(ctx context.Context, from int, ok func(raw []byte) bool) (int, error) {
	for {
		c.mu.Lock()
		end := c.base + len(c.out)
		raw := slices.Clip(c.since(from))
		changed, ended := c.changed, c.ended
		c.mu.Unlock()
		if ok(raw) {
			return end, nil
		}
		select {
		case <-changed:
		case <-ended:
			c.mu.Lock()
			final := c.base+len(c.out) == end
			c.mu.Unlock()
			if final {
				return end, fmt.Errorf("session ended before the output awaited; got %q", tail(ansi.Strip(string(raw))))
			}
		case <-ctx.Done():
			return end, fmt.Errorf("%w; the output since the mark ends with %q", ErrTimeout, tail(ansi.Strip(string(raw))))
		}
	}
}

// WaitForText waits until the screen shows every one of want, once output
// has arrived after from.
func (c *Client) WaitForText(ctx context.Context, from int, want ...string) (int, error) {
	return c.WaitFor(ctx, from, func(text string) bool {
		for _, w := range want {
			if !strings.Contains(text, w) {
				return false
			}
		}
		return true
	})
}

// tail is the end of s, for an error message.
func tail(s string) string {
	if len(s) > 1200 {
		return "…" + s[len(s)-1200:]
	}
	return s
}

// Send types keys.
func (c *Client) Send(keys string) error {
	_, err := io.WriteString(c.stdin, keys)
	return err
}

// Resize tells the server the window's new size.
func (c *Client) Resize(width, height int) error {
	c.mu.Lock()
	c.screen.resize(width, height)
	c.fresh = false
	c.mu.Unlock()
	return c.session.WindowChange(height, width)
}

// Wait waits for the session to end and returns its exit status (-1 when
// the server sent none).
func (c *Client) Wait(ctx context.Context) (int, error) {
	select {
	case <-c.ended:
	case <-ctx.Done():
		return -1, fmt.Errorf("session still running: %w", ErrTimeout)
	}
	c.mu.Lock()
	err := c.exit
	c.mu.Unlock()
	var exit *gossh.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		return exit.ExitStatus(), nil
	default:
		return -1, err
	}
}

// Ended is closed when the session has ended.
func (c *Client) Ended() <-chan struct{} { return c.ended }

// Close ends the session and the connection politely.
func (c *Client) Close() error {
	_ = c.session.Close()
	return c.conn.Close()
}

// Abort drops the TCP connection without a word, like a laptop lid closing.
func (c *Client) Abort() error { return c.tcp.Close() }

// SSH returns the underlying connection, for requests the tests make by hand.
func (c *Client) SSH() *gossh.Client { return c.conn }
