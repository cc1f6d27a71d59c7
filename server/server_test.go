package server

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/server/termclient"
)

// syncBuffer is a log destination the test can read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is an in-process server on 127.0.0.1:0.
type testServer struct {
	*Server
	addr string
	logs *syncBuffer
	done chan error

	serveOnce sync.Once
	serveErr  error
}

// served waits for Serve to return and returns its error.
func (ts *testServer) served() error {
	ts.serveOnce.Do(func() { ts.serveErr = <-ts.done })
	return ts.serveErr
}

// testConfig is a server configuration for tests: no rate limit (every
// client comes from 127.0.0.1), a host key in a temporary folder.
func testConfig(t *testing.T) Config {
	t.Helper()
	return Config{
		Model:            model.Options{Settings: optimizers.Defaults()},
		HostKeyPath:      filepath.Join(t.TempDir(), "hostkey", "ssh_host_ed25519"),
		MaxSessions:      DefaultMaxSessions,
		IdleTimeout:      DefaultIdleTimeout,
		MaxSessionLength: DefaultMaxSessionLength,
	}
}

func start(t *testing.T, cfg Config) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = log.NewWithOptions(logs, log.Options{Level: log.DebugLevel})
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, addr: ln.Addr().String(), logs: logs, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		if err := ts.served(); err != nil {
			t.Errorf("Serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return ts
}

// hang is how long a test waits for what must happen before it gives up:
// a guard against a test hanging, not a latency bound. Latencies are
// measured by bench/load; a loaded 2-core machine under the race detector
// may take seconds for what takes milliseconds alone.
const hang = 20 * time.Second

// deadline returns a context that ends after d, or when the test does.
func deadline(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// dial connects a client and closes it when the test ends.
func dial(t *testing.T, addr string, o termclient.Options) *termclient.Client {
	t.Helper()
	c, err := termclient.Dial(deadline(t, hang), addr, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// names are what the first frame must show: the five optimizers.
var names = func() []string {
	var n []string
	for _, k := range optimizers.Kinds() {
		n = append(n, k.String())
	}
	return n
}()

// atStep is the status bar's step counter, followed by the play state so
// that t = 1 is not mistaken for t = 10.
func atStep(n int) string { return "t = " + strconv.Itoa(n) + "  " }

// waitText waits for want after mark and returns the new mark.
func waitText(t *testing.T, c *termclient.Client, mark int, d time.Duration, want ...string) int {
	t.Helper()
	m, err := c.WaitForText(deadline(t, d), mark, want...)
	if err != nil {
		t.Fatalf("waiting for %q: %v", want, err)
	}
	return m
}

func TestSandboxFirstFrameStepAndResize(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{})
	mark := waitText(t, c, 0, hang, append([]string{atStep(0)}, names...)...)

	if err := c.Send(" "); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, c, mark, hang, atStep(1))

	if err := c.Resize(50, 12); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, c, mark, hang, "terminal too small", "have 50×12")
	if err := c.Resize(120, 40); err != nil {
		t.Fatal(err)
	}
	waitText(t, c, mark, hang, append([]string{atStep(1)}, names...)...)

	// A second client gets a race of its own.
	c2 := dial(t, ts.addr, termclient.Options{})
	waitText(t, c2, 0, hang, atStep(0))

	if err := c.Send("q"); err != nil {
		t.Fatal(err)
	}
	code, err := c.Wait(deadline(t, hang))
	if err != nil || code != 0 {
		t.Fatalf("exit status %d, %v; want 0", code, err)
	}
	waitLog(t, ts.logs, "INFO connect remote-addr=127.0.0.1", "user=student sessions=1",
		"INFO disconnect remote-addr=127.0.0.1", "duration=")
}

// eventually polls cond until it holds or d passes, and reports whether it held.
func eventually(d time.Duration, cond func() bool) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(d)
	for !cond() {
		select {
		case <-tick.C:
		case <-timeout:
			return cond()
		}
	}
	return true
}

// waitLog waits until the log holds every one of want.
func waitLog(t *testing.T, logs *syncBuffer, want ...string) {
	t.Helper()
	ok := eventually(hang, func() bool {
		s := logs.String()
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
	if !ok {
		t.Fatalf("log lacks one of %q:\n%s", want, logs.String())
	}
}

// TestExportRefusedOverSSH: x never writes a file for a remote user.
func TestExportRefusedOverSSH(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{})
	mark := waitText(t, c, 0, hang, atStep(0))
	if err := c.Send("x"); err != nil {
		t.Fatal(err)
	}
	waitText(t, c, mark, hang, "x is off over SSH")
}
