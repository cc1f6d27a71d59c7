package server

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/optirace/optirace/server/termclient"
)

// openSilent opens n TCP connections that never send the SSH greeting, one
// after the other: each is counted by the server before the next opens, so
// that they are oldest first.
func openSilent(t *testing.T, ts *testServer, n int) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	var d net.Dialer
	for i := range n {
		c, err := d.DialContext(t.Context(), "tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		conns = append(conns, c)
		want := int64(i + 1)
		if !eventually(hang, func() bool { return ts.conns.Load() >= want }) {
			t.Fatalf("%d connections counted, want %d", ts.conns.Load(), want)
		}
	}
	return conns
}

// closedByServer reports whether the server closed c within d: a read ends
// in EOF or a reset rather than a timeout.
func closedByServer(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

// TestIdleConnectionsCannotLockClientsOut: connections that never say a word
// fill the connection ceiling; a class still joins, every student from the
// same address, each taking the place of the oldest silent connection, and
// the log says so once rather than once per connection.
func TestIdleConnectionsCannotLockClientsOut(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.MaxSessions = 20
	ts := start(t, cfg)
	silent := openSilent(t, ts, ts.connCeiling())

	const class = 20
	var wg sync.WaitGroup
	clients := make([]*termclient.Client, class)
	errs := make(chan error, class)
	for i := range class {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			c, err := termclient.Dial(ctx, ts.addr, termclient.Options{})
			if err == nil {
				clients[i] = c
				_, err = c.WaitForText(ctx, 0, atStep(0))
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for _, c := range clients {
		if c != nil {
			t.Cleanup(func() { _ = c.Close() })
		}
	}
	for err := range errs {
		t.Fatalf("a student could not join: %v", err)
	}
	// The oldest silent connections made room; the others are still open.
	closed := make([]bool, len(silent))
	var cw sync.WaitGroup
	for i, c := range silent {
		cw.Add(1)
		go func() {
			defer cw.Done()
			closed[i] = closedByServer(c, time.Second)
		}()
	}
	cw.Wait()
	for i, got := range closed {
		if want := i < class; got != want {
			t.Errorf("silent connection %d (oldest first): closed %v, want %v", i, got, want)
		}
	}
	if got := ts.conns.Load(); got != int64(ts.connCeiling()) {
		t.Errorf("%d connections counted, want the ceiling %d", got, ts.connCeiling())
	}
	waitLog(t, ts.logs, "WARN too many open connections: closed the oldest without a session")
	if n := strings.Count(ts.logs.String(), "too many open connections"); n != 1 {
		t.Errorf("%d warnings for %d closed connections, want 1 (then a count every %v)", n, class, warnEvery)
	}
	// The sessions are unaffected.
	mark := clients[0].Mark()
	if err := clients[0].Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, clients[0], mark, hang, atStep(1))
}

// TestConnectionRefusedOnlyWhenEveryConnectionHasASession: at the ceiling
// with a session on every connection, a new connection is refused, and the
// log says so once; when a session leaves, a client gets in again.
func TestConnectionRefusedOnlyWhenEveryConnectionHasASession(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.hooks.connCeiling = 2
	ts := start(t, cfg)
	a := dial(t, ts.addr, termclient.Options{})
	b := dial(t, ts.addr, termclient.Options{})
	waitText(t, a, 0, hang, atStep(0))
	mark := waitText(t, b, 0, hang, atStep(0))
	for range 3 {
		if c, err := termclient.Dial(deadline(t, hang), ts.addr, termclient.Options{}); err == nil {
			_ = c.Close()
			t.Fatal("a connection over the ceiling got a session")
		}
	}
	waitLog(t, ts.logs, "WARN refused connection: every open connection has a session", "connections=2")
	if n := strings.Count(ts.logs.String(), "refused connection"); n != 1 {
		t.Errorf("%d warnings for 3 refused connections, want 1", n)
	}
	if err := b.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, b, mark, hang, atStep(1))
	_ = a.Close()
	if !eventually(hang, func() bool { return ts.conns.Load() == 1 }) {
		t.Fatalf("%d connections after one left, want 1", ts.conns.Load())
	}
	waitText(t, dial(t, ts.addr, termclient.Options{}), 0, hang, atStep(0))
}

func TestRecurringWarningLogsOncePerInterval(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	w := newRecurringWarning(log.New(logs), "refused", 50*time.Millisecond)
	for i := range 100 {
		w.note("n", i)
	}
	if got := logs.String(); strings.Count(got, "refused") != 1 || !strings.Contains(got, "n=0") {
		t.Fatalf("after the first burst the log is %q, want one line for the first", got)
	}
	// At the interval's end, one line counts the rest and names the last.
	waitLog(t, logs, "n=99 times=99 in-last=50ms")
	// A quiet interval logs nothing; the next occurrence is logged at once.
	if !eventually(time.Second, func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.timer == nil
	}) {
		t.Fatal("the warning kept counting with nothing to count")
	}
	w.note("n", 100)
	waitLog(t, logs, "n=100")
	w.note("n", 101)
	w.stop()
	if got := logs.String(); strings.Count(got, "refused") != 4 || !strings.Contains(got, "n=101 times=1") {
		t.Errorf("log %q: want 4 lines, the last counting n=101 as stop flushed it", got)
	}
}

// TestChurnEvictsItsOwnFirst: at the ceiling, a new connection takes the
// place of one from the address holding the most connections without a
// session, so a client churning connections closes its own before a
// student's who is still logging in from another address.
func TestChurnEvictsItsOwnFirst(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.hooks.connCeiling = 4
	ts := start(t, cfg)
	dialFrom := func(ip string) net.Conn {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		c, err := d.DialContext(t.Context(), "tcp", ts.addr)
		if err != nil {
			t.Skipf("cannot dial from %s: %v", ip, err)
		}
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	student := dialFrom("127.0.0.2") // the oldest, still "typing a password"
	if !eventually(hang, func() bool { return ts.conns.Load() == 1 }) {
		t.Fatal("the student's connection was not counted")
	}
	var churn []net.Conn
	for i := range 6 {
		churn = append(churn, dialFrom("127.0.0.3"))
		want := int64(min(i+2, 4))
		if !eventually(hang, func() bool { return ts.conns.Load() == want }) {
			t.Fatalf("%d connections counted, want %d", ts.conns.Load(), want)
		}
	}
	if closedByServer(student, 300*time.Millisecond) {
		t.Error("the student's connection was evicted by another address's churn")
	}
	// The churning address lost its oldest three: 6 opened, 3 kept.
	for i, c := range churn {
		if got, want := closedByServer(c, 300*time.Millisecond), i < 3; got != want {
			t.Errorf("churn connection %d: closed %v, want %v", i, got, want)
		}
	}
}

// stuckSession is a session whose client never takes in what it is sent:
// a write to its stderr blocks until its connection closes.
type stuckSession struct {
	ssh.Session
	ctx    stuckContext
	stderr net.Conn
}

func (s stuckSession) Context() ssh.Context  { return s.ctx }
func (s stuckSession) Stderr() io.ReadWriter { return s.stderr }
func (s stuckSession) Exit(int) error        { _, err := s.stderr.Write([]byte{0}); return err }
func (s stuckSession) RemoteAddr() net.Addr  { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 9)} }

type stuckContext struct {
	ssh.Context
	conn *trackedConn
}

func (c stuckContext) Value(key any) any {
	if key == (connKey{}) {
		return c.conn
	}
	return nil
}

// TestRefusalToAStuckClientEnds: a refused client that never reads its
// refusal loses its connection after closeGrace instead of holding the
// handler (and its place among the connections) for ever.
func TestRefusalToAStuckClientEnds(t *testing.T) {
	t.Parallel()
	serverEnd, clientEnd := net.Pipe() // nobody reads clientEnd
	t.Cleanup(func() { _ = clientEnd.Close() })
	tc := &trackedConn{Conn: serverEnd, srv: &Server{}, idle: time.AfterFunc(time.Hour, func() {})}
	s := stuckSession{ctx: stuckContext{conn: tc}, stderr: serverEnd}
	done := make(chan struct{})
	began := time.Now()
	go func() {
		refuse(s, &note{}, "server full (1 session), try again later")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(closeGrace + hang):
		t.Fatal("refuse still blocked on a client that does not read")
	}
	if took := time.Since(began); took < closeGrace {
		t.Errorf("refuse returned after %v, before the %v grace", took, closeGrace)
	}
	if _, err := serverEnd.Write([]byte{0}); err == nil {
		t.Error("the stuck client's connection is still open")
	}
}
