package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/server/termclient"
	gossh "golang.org/x/crypto/ssh"
)

// wantRefusal waits for the session to end with exit status 1 after saying
// want.
func wantRefusal(t *testing.T, c *termclient.Client, want string) {
	t.Helper()
	wantEnd(t, c, 1, want)
}

// wantEnd waits for the session to end with exit status code after saying
// want.
func wantEnd(t *testing.T, c *termclient.Client, code int, want string) {
	t.Helper()
	got, err := c.Wait(deadline(t, hang))
	if err != nil {
		t.Fatal(err)
	}
	if text := c.Text(0); got != code || !strings.Contains(text, want) {
		t.Fatalf("exit status %d, output %q; want %d and %q", got, text, code, want)
	}
}

func TestMaxSessionsRefusal(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.MaxSessions = 2
	ts := start(t, cfg)
	a := dial(t, ts.addr, termclient.Options{})
	b := dial(t, ts.addr, termclient.Options{})
	marks := []int{waitText(t, a, 0, hang, atStep(0)), waitText(t, b, 0, hang, atStep(0))}
	over := dial(t, ts.addr, termclient.Options{})
	wantRefusal(t, over, "server full (2 sessions), try again later")
	// The sessions already there are unaffected.
	for i, c := range []*termclient.Client{a, b} {
		if err := c.Send(" "); err != nil {
			t.Fatal(err)
		}
		waitText(t, c, marks[i], hang, atStep(1))
	}
	// A place that frees up is taken again.
	_ = a.Close()
	ok := eventually(hang, func() bool { return ts.sessions.Load() == 1 })
	if !ok {
		t.Fatalf("%d sessions after one left, want 1", ts.sessions.Load())
	}
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
}

func TestRefusesWithoutTerminalOrWithCommand(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	for _, tc := range []struct {
		name string
		o    termclient.Options
		want string
	}{
		{"ssh -T", termclient.Options{NoPTY: true}, "needs an interactive terminal: connect with plain ssh, or ssh -t"},
		{"ssh host cmd", termclient.Options{NoPTY: true, Command: "ls"}, "needs an interactive terminal"},
		{"ssh -t host cmd", termclient.Options{Command: "sh"}, "runs no commands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantRefusal(t, dial(t, ts.addr, tc.o), tc.want)
			waitLog(t, ts.logs, "reason=\""+tc.want)
		})
	}
}

// TestServesNoSubsystemOrForwarding: sftp (any subsystem) and ssh -L are
// refused with one optirace line each, -R and unknown requests quietly (the
// protocol has no room for a reason), and all of them logged once.
func TestServesNoSubsystemOrForwarding(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
	conn := c.SSH()
	s, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	stderr, err := s.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestSubsystem("sftp"); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(stderr); err != nil || string(got) != msgNoSubsystem+"\n" {
		t.Errorf("sftp reads %q (%v); want %q", got, err, msgNoSubsystem)
	}
	_, err = conn.Dial("tcp", "127.0.0.1:22")
	var open *gossh.OpenChannelError
	if !errors.As(err, &open) || open.Reason != gossh.Prohibited || open.Message != msgNoChannel {
		t.Errorf("a direct-tcpip channel (ssh -L): %v; want it prohibited with %q", err, msgNoChannel)
	}
	if _, err := conn.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("a tcpip-forward (ssh -R) was granted")
	}
	if ok, _, err := conn.SendRequest("no-such-request", true, nil); ok || err != nil {
		t.Errorf("an unknown global request: ok %v, err %v", ok, err)
	}
	waitLog(t, ts.logs, "WARN refused request: only the race is served type=\"subsystem sftp\"")
	// The race goes on.
	if err := c.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, c, 0, hang, atStep(1))
	// The next two refusals are counted into one line (as recurring
	// warnings are), logged at the latest as the server stops.
	_ = ts.Shutdown(t.Context())
	waitLog(t, ts.logs, "type=tcpip-forward", "times=2")
	if strings.Contains(ts.logs.String(), "no-such-request") {
		t.Errorf("an unknown request is logged:\n%s", ts.logs.String())
	}
}

// faulty is a test-only model that panics on demand: ! in Update, @ in the
// next View, # in a command, $ in a command inside a batch.
type faulty struct {
	tea.Model
	viewPanics bool
}

func (f faulty) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	boom := func() tea.Msg { panic("test panic in a command") }
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.String() {
		case "!":
			panic("test panic in Update")
		case "@":
			return faulty{Model: f.Model, viewPanics: true}, nil
		case "#":
			return f, boom
		case "$":
			return f, tea.Batch(func() tea.Msg { return nil }, boom)
		}
	}
	m, cmd := f.Model.Update(msg)
	return faulty{Model: m}, cmd
}

func (f faulty) View() string {
	if f.viewPanics {
		panic("test panic in View")
	}
	return f.Model.View()
}

func TestPanicEndsOnlyThatSession(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.hooks.model = func(m tea.Model) tea.Model { return faulty{Model: m} }
	cfg.hooks.session = func(s ssh.Session) {
		if s.User() == "crash" {
			panic("test panic in the session handler")
		}
	}
	ts := start(t, cfg)
	bystander := dial(t, ts.addr, termclient.Options{})
	mark := waitText(t, bystander, 0, hang, atStep(0))
	steps := 0
	// One after the other, each in its own session, while the bystander
	// steps on.
	for _, tc := range []struct{ name, key, where string }{
		{"Update", "!", "in=Update"},
		{"View", "@", "in=View"},
		{"Cmd", "#", "in=Cmd"},
		{"Cmd in a batch", "$", "in=Cmd"},
		{"session handler", "", "test panic in the session handler"},
	} {
		user := "student"
		if tc.key == "" {
			user = "crash"
		}
		c := dial(t, ts.addr, termclient.Options{User: user})
		if tc.key != "" {
			waitText(t, c, 0, hang, atStep(0))
			if err := c.Send(tc.key); err != nil {
				t.Fatal(err)
			}
			wantRefusal(t, c, msgPanic)
			waitLog(t, ts.logs, "session panicked; closing it", tc.where, "stack=", "goroutine")
		} else {
			if _, err := c.Wait(deadline(t, hang)); err != nil {
				t.Fatal(err)
			}
			waitLog(t, ts.logs, tc.where, "goroutine")
		}
		// The server and the other session go on.
		if err := bystander.Send(" "); err != nil {
			t.Fatal(err)
		}
		steps++
		mark = waitText(t, bystander, mark, hang, atStep(steps))
	}
}

// TestShutdownBecause: the reason given reaches every session.
func TestShutdownBecause(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	if err := ts.ShutdownBecause(ctx, "the presenter ended the class"); err != nil {
		t.Fatalf("ShutdownBecause: %v", err)
	}
	wantEnd(t, c, 0, "optirace: the presenter ended the class") // the lesson is over: nothing failed
}

func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	var clients []*termclient.Client
	for range 3 {
		c := dial(t, ts.addr, termclient.Options{})
		waitText(t, c, 0, hang, atStep(0))
		clients = append(clients, c)
	}
	// Every session ends, told why, before the deadline (a guard: the 5 s
	// promise is TestServeStopsOnSignal's, end to end).
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := ts.served(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	for _, c := range clients {
		wantRefusal(t, c, "optirace: server shutting down")
	}
	if _, err := termclient.Dial(deadline(t, hang), ts.addr, termclient.Options{}); err == nil {
		t.Error("a client connected after the shutdown")
	}
}

// TestShutdownWithStalledClient: a client that stopped reading cannot hold
// the shutdown past its deadline.
func TestShutdownWithStalledClient(t *testing.T) {
	t.Parallel()
	cr := newClassroom(t, 1)
	frozen := make(chan struct{})
	sv := dial(t, cr.ts.addr, termclient.Options{Width: maxWidth, Height: maxHeight, Dial: freezingDial(frozen)})
	waitText(t, sv, 0, hang, atStep(0))
	close(frozen)
	// Repaint the frozen client's screen until the server's write to it waits.
	for n := 1; stuckScreens(cr.ts.Server, 100*time.Millisecond) == 0; n++ {
		if err := sv.Resize(maxWidth-n%2, maxHeight); err != nil {
			t.Fatal(err)
		}
		cr.step(t, n, 0)
	}
	// Shutdown returns once its deadline passes, whatever the stalled
	// client does, having closed its connection; the others are told why.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	returned := make(chan struct{})
	go func() {
		_ = cr.ts.Shutdown(ctx)
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(hang):
		t.Fatal("Shutdown did not return: the stalled client holds it")
	}
	wantRefusal(t, cr.viewers[0], msgShutdown)
	if !eventually(hang, func() bool { return cr.ts.conns.Load() == 0 }) {
		t.Errorf("%d connections still open after Shutdown", cr.ts.conns.Load())
	}
}

func TestHostKeyReusedWithMode0600(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	var keys []string
	for range 2 {
		ts := start(t, cfg)
		var got gossh.PublicKey
		c := dial(t, ts.addr, termclient.Options{HostKey: func(k gossh.PublicKey) { got = k }})
		waitText(t, c, 0, hang, atStep(0))
		if got == nil || got.Type() != gossh.KeyAlgoED25519 {
			t.Fatalf("host key %v, want ed25519", got)
		}
		keys = append(keys, gossh.FingerprintSHA256(got))
		_ = c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = ts.Shutdown(ctx)
		cancel()
	}
	if keys[0] != keys[1] {
		t.Errorf("host key changed across restarts: %s, then %s", keys[0], keys[1])
	}
	for path, want := range map[string]os.FileMode{cfg.HostKeyPath: 0o600, filepath.Dir(cfg.HostKeyPath): 0o700} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %04o, want %04o", path, got, want)
		}
	}
	// A key others can read is refused, as sshd refuses it.
	if err := os.Chmod(cfg.HostKeyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("New with a 0644 host key: %v", err)
	}
}

func TestExtremeWindowSizes(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	t.Run("0x0", func(t *testing.T) {
		t.Parallel()
		c := dial(t, ts.addr, termclient.Options{ExactSize: true, Term: "xterm"})
		// A zero size is unknown (RFC 4254): the race is drawn at 80×24
		// until the client says its size.
		mark := waitText(t, c, 0, hang, append([]string{atStep(0)}, names...)...)
		if err := c.Resize(120, 40); err != nil {
			t.Fatal(err)
		}
		waitText(t, c, mark, hang, append([]string{atStep(0)}, names...)...)
	})
	t.Run("65535x65535", func(t *testing.T) {
		t.Parallel()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		c := dial(t, ts.addr, termclient.Options{Width: 65535, Height: 65535})
		mark := waitText(t, c, 0, hang, atStep(0))
		if err := c.Send(" "); err != nil {
			t.Fatal(err)
		}
		waitText(t, c, mark, hang, atStep(1))
		if err := c.Resize(1<<31, 1<<31); err != nil {
			t.Fatal(err)
		}
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 256<<20 {
			t.Errorf("the heap grew by %d MiB", grew>>20)
		}
		// Lines are at most maxWidth columns: split the output at new lines
		// and cursor moves, and measure what is written between.
		for _, piece := range cursorMoves.Split(string(c.Output(0)), -1) {
			if w := ansi.StringWidth(piece); w > maxWidth {
				t.Fatalf("a line of %d columns: %q", w, piece)
			}
		}
	})
	for _, tc := range []struct{ w, h, wantW, wantH int }{
		{0, 0, 80, 24},
		{-1, 30, 80, 30},
		{100, 0, 100, 24},
		{5, 5, 5, 5},
		{65535, 65535, maxWidth, maxHeight},
		{1 << 40, 1 << 40, maxWidth, maxHeight},
	} {
		if got := windowMsg(ssh.Window{Width: tc.w, Height: tc.h}); got.Width != tc.wantW || got.Height != tc.wantH {
			t.Errorf("a %d×%d window is drawn at %d×%d, want %d×%d", tc.w, tc.h, got.Width, got.Height, tc.wantW, tc.wantH)
		}
	}
}

// TestIdleMeansNoInput: a session that auto-plays but gets no input idles
// out; one that types on does not, and idles out once it stops. The typing
// keeps a wide margin (a key every idle/15), and the order of events is
// what is checked, so that a slow machine cannot make either flake.
func TestIdleMeansNoInput(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.IdleTimeout = 1500 * time.Millisecond
	ts := start(t, cfg)

	typing := dial(t, ts.addr, termclient.Options{})
	mark := waitText(t, typing, 0, hang, atStep(0))
	playing := dial(t, ts.addr, termclient.Options{})
	waitText(t, playing, 0, hang, atStep(0))
	if err := playing.Send("p"); err != nil {
		t.Fatal(err)
	}
	// Type until the playing session has idled out and the typing one has
	// been going for two idle timeouts.
	began := time.Now()
	sent := 0
	tick := time.NewTicker(cfg.IdleTimeout / 15)
	defer tick.Stop()
	guard := time.After(hang)
	for time.Since(began) < 2*cfg.IdleTimeout || !ended(playing) {
		select {
		case <-typing.Ended():
			t.Fatalf("a typing session idled out after %d keys", sent)
		case <-guard:
			t.Fatal("the auto-playing session never idled out")
		case <-tick.C:
		}
		if err := typing.Send(" "); err != nil {
			t.Fatal(err)
		}
		sent++
	}
	// Every key took a step, the last one sent just now: the typing session
	// was never idled out (had it been, the later keys would have taken none).
	waitText(t, typing, mark, hang, atStep(sent))
	wantRefusal(t, playing, "disconnected after 1.5s without input")
	wantRefusal(t, typing, "disconnected after 1.5s without input") // it stopped typing
}

// ended reports whether c's session has ended.
func ended(c *termclient.Client) bool {
	select {
	case <-c.Ended():
		return true
	default:
		return false
	}
}

func TestMaxSessionLength(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.MaxSessionLength = 300 * time.Millisecond
	ts := start(t, cfg)
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
	wantRefusal(t, c, "this session reached its 300ms limit")
}

func TestRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.RateLimit, cfg.RateBurst = 0.01, 2
	ts := start(t, cfg)
	for range 2 {
		waitText(t, dial(t, ts.addr, termclient.Options{}), 0, hang, atStep(0))
	}
	wantRefusal(t, dial(t, ts.addr, termclient.Options{}), "too many new sessions from your address")
}

func TestAbruptDisconnectsLeaveNoGoroutines(t *testing.T) {
	cfg := testConfig(t)
	cfg.KeepAliveInterval = 250 * time.Millisecond // keepalives in flight as clients drop
	ts := start(t, cfg)
	// One session first, so that everything started once is counted.
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
	_ = c.Close()
	settle := func() int {
		n := runtime.NumGoroutine()
		eventually(hang, func() bool { n = runtime.NumGoroutine(); return ts.sessions.Load() == 0 && ts.conns.Load() == 0 })
		return n
	}
	baseline := settle()

	const total, workers = 100, 10
	var wg sync.WaitGroup
	errs := make(chan error, total)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < total; i += workers {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				// Some leave while the server waits for their terminal's
				// background colour, which they never say.
				silent := i%4 == 3
				c, err := termclient.Dial(ctx, ts.addr, termclient.Options{Silent: silent})
				switch {
				case err != nil:
				case silent:
					_, err = c.WaitForOutput(ctx, 0, func(raw []byte) bool {
						return bytes.Contains(raw, []byte(ansi.RequestPrimaryDeviceAttributes))
					})
					_ = c.Abort()
				default:
					_, err = c.WaitForText(ctx, 0, atStep(0))
					if i%2 == 0 && err == nil {
						err = c.Send(" ") // some leave mid-frame
					}
					_ = c.Abort()
				}
				cancel()
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	ok := eventually(hang, func() bool {
		n = runtime.NumGoroutine()
		return n <= baseline && ts.sessions.Load() == 0 && ts.conns.Load() == 0
	})
	if !ok {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%d goroutines, %d sessions, %d connections after 100 abrupt disconnects; baseline %d goroutines\n%s",
			n, ts.sessions.Load(), ts.conns.Load(), baseline, buf)
	}
}

// cursorMoves matches line ends and cursor positioning.
var cursorMoves = regexp.MustCompile(`\r?\n|\x1b\[[0-9;]*[HABCDEFG]`)

func TestConnectionWithoutSessionIsClosed(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	// Long enough for an SSH handshake under -race beside parallel tests,
	// which a 300 ms limit was not always.
	cfg.hooks.noSession = 1500 * time.Millisecond
	ts := start(t, cfg)
	// A TCP connection that never says a word.
	var d net.Dialer
	raw, err := d.DialContext(t.Context(), "tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = raw.Close() }()
	_ = raw.SetReadDeadline(time.Now().Add(hang))
	if _, err := io.Copy(io.Discard, raw); err != nil {
		t.Errorf("the silent connection was not closed: %v", err)
	}
	// A connection that authenticates but opens no session, and one whose
	// session ended.
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
	if err := c.Send("q"); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		_ = c.SSH().Wait()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(hang):
		t.Error("a connection without a session stayed open")
	}
	if !eventually(hang, func() bool { return ts.conns.Load() == 0 }) {
		t.Errorf("%d connections still counted", ts.conns.Load())
	}
}

// TestKeepAliveEndsVanishedClient: a client that vanished without closing its
// connection (it stopped reading and answering) is found by the keepalives
// and its session ends; a quiet client that answers stays, and the other
// sessions are not held up.
func TestKeepAliveEndsVanishedClient(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	// Room for a loaded machine (the race detector, tests in parallel) to
	// answer in time.
	cfg.KeepAliveInterval = 200 * time.Millisecond
	ts := start(t, cfg)
	quiet := dial(t, ts.addr, termclient.Options{})
	mark := waitText(t, quiet, 0, hang, atStep(0))
	frozen := make(chan struct{})
	gone := dial(t, ts.addr, termclient.Options{Dial: freezingDial(frozen)})
	waitText(t, gone, 0, hang, atStep(0))
	close(frozen)

	waitLog(t, ts.logs, `reason="no answer from your client for 600ms"`)
	if !eventually(hang, func() bool { return ts.sessions.Load() == 1 && ts.conns.Load() == 1 }) {
		t.Fatalf("%d sessions, %d connections; want the quiet one only", ts.sessions.Load(), ts.conns.Load())
	}
	select {
	case <-quiet.Ended():
		t.Fatal("a client that answers keepalives was disconnected")
	default:
	}
	if err := quiet.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, quiet, mark, hang, atStep(1))
	if n := strings.Count(ts.logs.String(), "no answer from your client"); n != 1 {
		t.Errorf("%d sessions ended for want of an answer, want 1", n)
	}
}

// TestRefusedPublicKeysAreLogged: a key that is not let in is logged, with
// its fingerprint, at most once per interval.
func TestRefusedPublicKeysAreLogged(t *testing.T) {
	t.Parallel()
	allowed, other := newSigner(t), newSigner(t)
	cfg := testConfig(t)
	cfg.AuthorizedKeys = []gossh.PublicKey{allowed.PublicKey()}
	ts := start(t, cfg)
	for range 3 {
		if _, err := termclient.Dial(deadline(t, hang), ts.addr,
			termclient.Options{User: "mallory", Auth: []gossh.AuthMethod{gossh.PublicKeys(other)}}); err == nil {
			t.Fatal("another key was let in")
		}
	}
	waitLog(t, ts.logs, "WARN public key refused remote-addr=127.0.0.1 user=mallory key="+gossh.FingerprintSHA256(other.PublicKey()))
	if n := strings.Count(ts.logs.String(), "public key refused"); n != 1 {
		t.Errorf("%d lines for 3 refused keys within %v, want 1", n, warnEvery)
	}
}

// TestRefusedSessionsTakeNoPlace: a session refused by the rate limit or for
// want of a terminal is refused for that reason even when the server is
// full, is never counted among the sessions, and is logged as refused, with
// no connect line.
func TestRefusedSessionsTakeNoPlace(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.MaxSessions = 1
	cfg.RateLimit, cfg.RateBurst = 0.001, 2
	ts := start(t, cfg)
	a := dial(t, ts.addr, termclient.Options{User: "first"})
	mark := waitText(t, a, 0, hang, atStep(0))
	wantRefusal(t, dial(t, ts.addr, termclient.Options{User: "noterm", NoPTY: true}), "needs an interactive terminal")
	wantRefusal(t, dial(t, ts.addr, termclient.Options{User: "fast"}), "too many new sessions from your address")
	waitLog(t, ts.logs, `INFO refused remote-addr=127.0.0.1`, `user=noterm sessions=1 reason="needs an interactive terminal`,
		`user=fast sessions=1 reason="too many new sessions`)
	for line := range strings.Lines(ts.logs.String()) {
		if (strings.Contains(line, "user=noterm") || strings.Contains(line, "user=fast")) && !strings.Contains(line, "INFO refused") {
			t.Errorf("a refused session is logged as %q", line)
		}
	}
	if n := ts.sessions.Load(); n != 1 {
		t.Errorf("%d sessions counted, want 1", n)
	}
	if err := a.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, a, mark, hang, atStep(1))
}

// TestSessionChannelsPerConnection: one connection may have
// maxChannelsPerConn session channels open; the next is refused with a
// one-line reason, and logged, and a channel that closes frees its place.
func TestSessionChannelsPerConnection(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{})
	waitText(t, c, 0, hang, atStep(0))
	second, err := c.SSH().NewSession()
	if err != nil {
		t.Fatalf("a second session channel was refused: %v", err)
	}
	third, err := c.SSH().NewSession()
	if err == nil {
		_ = third.Close()
		t.Fatal("a third session channel on one connection was opened")
	}
	const want = "optirace: one connection may hold 2 sessions at once; connect again for another"
	if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Errorf("refusal %q, want one line with %q", err, want)
	}
	waitLog(t, ts.logs, "WARN refused session: too many on one connection remote-addr=127.0.0.1", "user=student")
	_ = second.Close()
	var again *gossh.Session
	if !eventually(hang, func() bool {
		s, err := c.SSH().NewSession()
		if err != nil {
			return false
		}
		again = s
		return true
	}) {
		t.Fatal("a channel that closed did not free its place")
	}
	_ = again.Close()
}
