package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/server/termclient"
	gossh "golang.org/x/crypto/ssh"
)

// newSigner returns a fresh ed25519 key.
func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// classroom is a shared server with an SSH presenter and n viewers, each
// showing the shared race at t = 0.
type classroom struct {
	ts        *testServer
	presenter *termclient.Client
	viewers   []*termclient.Client
	marks     []int // per viewer, the output already looked at
	pmark     int
}

func newClassroom(t *testing.T, n int) *classroom {
	t.Helper()
	ts, auth := presenterServer(t, func(cfg *Config) { cfg.PresenterNotice = "ssh -p 2222 192.0.2.1" })
	cr := &classroom{ts: ts}
	for range n {
		v := dial(t, cr.ts.addr, termclient.Options{})
		cr.viewers = append(cr.viewers, v)
		cr.marks = append(cr.marks, waitText(t, v, 0, hang, atStep(0), "LIVE"))
	}
	cr.presenter = dial(t, cr.ts.addr, auth)
	cr.pmark = waitText(t, cr.presenter, 0, hang, atStep(0), " watching")
	return cr
}

// step presses space on the presenter and waits until every listed viewer
// (all when none listed) shows step want; it returns the slowest delay, for
// the log only (bench/load measures delivery: a test asserts that every
// step arrives, in order).
func (cr *classroom) step(t *testing.T, want int, viewers ...int) time.Duration {
	t.Helper()
	if viewers == nil {
		for i := range cr.viewers {
			viewers = append(viewers, i)
		}
	}
	sent := time.Now()
	if err := cr.presenter.Send(" "); err != nil {
		t.Fatal(err)
	}
	var slowest time.Duration
	for _, i := range viewers {
		cr.marks[i] = waitText(t, cr.viewers[i], cr.marks[i], hang, atStep(want))
		slowest = max(slowest, time.Since(sent))
	}
	cr.pmark = waitText(t, cr.presenter, cr.pmark, hang, atStep(want))
	return slowest
}

func TestSharedPresenterStepReachesViewers(t *testing.T) {
	t.Parallel()
	cr := newClassroom(t, 3)
	waitText(t, cr.presenter, 0, hang, "3 watching")
	for n := 1; n <= 3; n++ {
		cr.step(t, n)
	}
	// A viewer leaving is counted.
	_ = cr.viewers[2].Close()
	waitText(t, cr.presenter, cr.pmark, hang, "2 watching")
}

func TestSharedViewerCannotDrive(t *testing.T) {
	t.Parallel()
	cr := newClassroom(t, 2)
	cr.step(t, 1)
	v := cr.viewers[0]
	// Step, back, reset, play, faster: the status bar says who drives. A
	// focus key in between clears the note, so that each refusal shows.
	for i, key := range []string{" ", "b", "r", "p", "+"} {
		if err := v.Send(key); err != nil {
			t.Fatal(err)
		}
		cr.marks[0] = waitText(t, v, cr.marks[0], hang, "the presenter drives this race · f forks your own copy")
		if err := v.Send(string(rune('1' + i))); err != nil {
			t.Fatal(err)
		}
		m, err := v.WaitFor(deadline(t, hang), cr.marks[0], func(text string) bool { return text != "" })
		if err != nil {
			t.Fatal(err)
		}
		cr.marks[0] = m
	}
	// Nobody else moved: the next presenter step is step 2 everywhere.
	cr.step(t, 2)
	if got := cr.ts.Class().Latest().T(); got != 2 {
		t.Fatalf("shared race at t = %d, want 2", got)
	}
}

func TestSharedForkAndRejoin(t *testing.T) {
	t.Parallel()
	cr := newClassroom(t, 2)
	cr.step(t, 1)
	cr.step(t, 2)
	v := cr.viewers[0]
	if err := v.Send("f"); err != nil {
		t.Fatal(err)
	}
	cr.marks[0] = waitText(t, v, cr.marks[0], hang, "forked at t = 2", "your copy")
	// The fork steps on its own, back and forth, without touching the race.
	for range 3 {
		if err := v.Send(" "); err != nil {
			t.Fatal(err)
		}
	}
	cr.marks[0] = waitText(t, v, cr.marks[0], hang, atStep(5))
	cr.step(t, 3, 1) // only the other viewer follows now
	if got := cr.ts.Class().Latest().T(); got != 3 {
		t.Fatalf("shared race at t = %d, want 3", got)
	}
	if err := v.Send("w"); err != nil {
		t.Fatal(err)
	}
	cr.marks[0] = waitText(t, v, cr.marks[0], hang, atStep(3), "LIVE")
	cr.step(t, 4)
}

// freezingConn is a client connection whose reads stop when frozen, like a
// laptop that went to sleep with the session open: the server's writes to
// it pile up until they block.
type freezingConn struct {
	net.Conn
	frozen chan struct{}
}

func (c *freezingConn) Read(p []byte) (int, error) {
	select {
	case <-c.frozen:
		select {} // never returns; the test's end closes the connection under it
	default:
	}
	return c.Conn.Read(p)
}

// freezingDial dials connections that stop reading once frozen is closed,
// with a small receive buffer so that the server's writes block sooner.
func freezingDial(frozen chan struct{}) func(ctx context.Context, addr string) (net.Conn, error) {
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	return func(ctx context.Context, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return &freezingConn{Conn: c, frozen: frozen}, nil
	}
}

func TestSharedStalledViewerDoesNotDelayOthers(t *testing.T) {
	t.Parallel()
	cr := newClassroom(t, 2)
	frozen := make(chan struct{})
	sv := dial(t, cr.ts.addr, termclient.Options{Width: maxWidth, Height: maxHeight, Dial: freezingDial(frozen)})
	waitText(t, sv, 0, hang, atStep(0))
	close(frozen)

	// Repaint the frozen viewer's whole screen (a window change) until the
	// server's write to it waits: its screen is stuck. Every step must
	// still reach the others.
	var slowest time.Duration
	n := 0
	for ; n < 400 && stuckScreens(cr.ts.Server, 100*time.Millisecond) == 0; n++ {
		if err := sv.Resize(maxWidth-n%2, maxHeight); err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, cr.step(t, n+1, 0, 1))
	}
	if stuckScreens(cr.ts.Server, 100*time.Millisecond) == 0 {
		t.Fatalf("the frozen viewer's screen never stalled in %d steps", n)
	}
	for range 20 {
		n++
		slowest = max(slowest, cr.step(t, n, 0, 1))
	}
	// Every step reached the others, one after the other; how fast is
	// bench/load's to measure.
	t.Logf("stalled after %d steps; slowest delivery to the others %v", n-20, slowest)
}

// stuckScreens counts srv's sessions whose screen has waited on its client
// for longer than d.
func stuckScreens(srv *Server, d time.Duration) int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	n := 0
	for ss := range srv.live {
		if ss.screen != nil && ss.screen.stuckFor(time.Now()) > d {
			n++
		}
	}
	return n
}

func TestLocalPresenterPresentsThroughTheClass(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.Shared, cfg.LocalPresenter = true, true
	ts := start(t, cfg)
	counts := make(chan int, 16)
	stop := ts.Class().WatchViewers(func(n class.Count) { counts <- n.Viewers })
	defer stop()
	v := dial(t, ts.addr, termclient.Options{})
	mark := waitText(t, v, 0, hang, atStep(0), "LIVE")
	for n := range counts {
		if n == 1 {
			break
		}
	}
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	r.Step()
	r.Step()
	p := ts.Class().Present(nil, "presenter", "this terminal")
	defer p.Leave()
	p.Publish(r.Freeze())
	waitText(t, v, mark, hang, atStep(2), "LIVE")
}

// TestSharedPresenterReconnectCarriesOn: a presenter who drops and comes
// back finds the race where the class left it.
func TestSharedPresenterReconnectCarriesOn(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, nil)
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, atStep(0), "LIVE")
	p := dial(t, ts.addr, auth)
	waitText(t, p, 0, hang, " watching")
	if err := p.Send("   "); err != nil {
		t.Fatal(err)
	}
	vmark = waitText(t, v, vmark, hang, atStep(3))
	_ = p.Close()
	waitLog(t, ts.logs, "disconnect", "role=presenter")

	p2 := dial(t, ts.addr, auth)
	mark := waitText(t, p2, 0, hang, atStep(3), " watching")
	if err := p2.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, p2, mark, hang, atStep(4))
	waitText(t, v, vmark, hang, atStep(4))
}

// TestSharedSessionsDoNotIdleOut: a presenter who talks and a class that
// watches, none of them typing, stay connected.
func TestSharedSessionsDoNotIdleOut(t *testing.T) {
	t.Parallel()
	const idle = 300 * time.Millisecond
	ts, auth := presenterServer(t, func(cfg *Config) { cfg.IdleTimeout = idle })
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, atStep(0), "LIVE")
	p := dial(t, ts.addr, auth)
	pmark := waitText(t, p, 0, hang, "1 watching")
	ended := make(chan struct{}, 2)
	go func() { _, _ = v.Wait(t.Context()); ended <- struct{}{} }()
	go func() { _, _ = p.Wait(t.Context()); ended <- struct{}{} }()
	select {
	case <-ended:
		t.Fatal("a shared session idled out")
	case <-time.After(4 * idle):
	}
	if err := p.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, p, pmark, hang, atStep(1))
	waitText(t, v, vmark, hang, atStep(1))
}

// presenterServer is a shared server presented over SSH with key, and the
// options of a client that proves it.
func presenterServer(t *testing.T, edit func(*Config)) (*testServer, termclient.Options) {
	t.Helper()
	key := newSigner(t)
	cfg := testConfig(t)
	cfg.Shared = true
	cfg.PresenterKeys = []gossh.PublicKey{key.PublicKey()}
	if edit != nil {
		edit(&cfg)
	}
	return start(t, cfg), termclient.Options{User: "teacher", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}}
}

// TestPresenterTakesOverFromHungSession: the presenter's client freezes (no
// FIN, no reads) and the teacher reconnects with the key: the new session
// presents from where the race was, the hung one is ended, and a presenter
// session that is taken over while its client still listens is told why.
func TestPresenterTakesOverFromHungSession(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, nil)
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, atStep(0), "LIVE")

	frozen := make(chan struct{})
	hungAuth := auth
	hungAuth.Dial = freezingDial(frozen)
	hung := dial(t, ts.addr, hungAuth)
	mark := waitText(t, hung, 0, hang, "1 watching")
	if err := hung.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, hung, mark, hang, atStep(1))
	vmark = waitText(t, v, vmark, hang, atStep(1))
	close(frozen)

	p := dial(t, ts.addr, auth)
	pmark := waitText(t, p, 0, hang, atStep(1), "1 watching")
	waitLog(t, ts.logs, "role=presenter reason=\""+class.TakenOver+"\"")
	if err := p.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, p, pmark, hang, atStep(2))
	waitText(t, v, vmark, hang, atStep(2))

	// Once more, with a client that reads: it hears why it was ended.
	p2 := dial(t, ts.addr, auth)
	waitText(t, p2, 0, hang, atStep(2), "1 watching")
	wantRefusal(t, p, "optirace: "+class.TakenOver)
	if got := ts.Class().Latest().T(); got != 2 {
		t.Errorf("shared race at t = %d, want 2", got)
	}
}

// TestPresenterGetsInWhenFull: --max-sessions counts students; the presenter,
// and a presenter reconnecting while the old session lingers, still get in.
// A student over the limit is logged once, as refused, and a session refused
// before it had a role is logged without one.
func TestPresenterGetsInWhenFull(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, func(cfg *Config) { cfg.MaxSessions = 1 })
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, "LIVE")
	over := dial(t, ts.addr, termclient.Options{User: "late"})
	wantRefusal(t, over, "server full (1 session), try again later")
	waitLog(t, ts.logs, `INFO refused remote-addr=127.0.0.1`, `user=late sessions=1 reason="server full (1 session), try again later"`)

	p := dial(t, ts.addr, auth)
	waitText(t, p, 0, hang, "1 watching")
	p2 := dial(t, ts.addr, auth)
	pmark := waitText(t, p2, 0, hang, "1 watching")
	if err := p2.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, p2, pmark, hang, atStep(1))
	waitText(t, v, vmark, hang, atStep(1))

	_ = p2.Close()
	_ = p.Close()
	if !eventually(hang, func() bool { return ts.sessions.Load() == 1 }) {
		t.Fatalf("%d sessions after the presenters left, want 1", ts.sessions.Load())
	}
	wantRefusal(t, dial(t, ts.addr, termclient.Options{User: "later"}), "server full (1 session)")
	_ = v.Close()
	if !eventually(hang, func() bool { return ts.sessions.Load() == 0 }) {
		t.Fatalf("%d sessions after everyone left, want 0", ts.sessions.Load())
	}
	wantRefusal(t, dial(t, ts.addr, termclient.Options{User: "noterm", NoPTY: true}), "needs an interactive terminal")
	waitLog(t, ts.logs, "user=noterm sessions=0")

	for line := range strings.Lines(ts.logs.String()) {
		switch {
		case strings.Contains(line, "user=late") || strings.Contains(line, "user=later"):
			if !strings.Contains(line, "INFO refused") {
				t.Errorf("a student refused as over the limit is logged as %q", line)
			}
		case strings.Contains(line, "role=sandbox"):
			t.Errorf("a shared session is logged with a role it never had: %q", line)
		case strings.Contains(line, "user=noterm") && strings.Contains(line, "role="):
			t.Errorf("a session refused before its role is logged with one: %q", line)
		}
	}
}

// TestViewersSeeWhetherThePresenterIsThere: viewers who join first are told
// they wait for the presenter, and see the presenter's tempo from the start
// (not "paused 0/s"); when the presenter leaves they are told, and the notice
// goes when the presenter is back.
func TestViewersSeeWhetherThePresenterIsThere(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, nil)
	waitLog(t, ts.logs, "INFO listening")
	if strings.Contains(ts.logs.String(), "idle-timeout") {
		t.Errorf("the start line names an idle timeout that a shared race does not apply: %s", ts.logs.String())
	}
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, "LIVE", "paused 5/s", class.NoticeAwaited)

	// noticeGone waits for a frame whose status bar has no notice.
	noticeGone := func(want string) {
		t.Helper()
		m, err := v.WaitFor(deadline(t, hang), vmark, func(text string) bool {
			return strings.Contains(text, want) && !strings.Contains(text, class.NoticeAwaited) && !strings.Contains(text, class.NoticeAway)
		})
		if err != nil {
			t.Fatal(err)
		}
		vmark = m
	}
	p := dial(t, ts.addr, auth)
	pmark := waitText(t, p, 0, hang, "1 watching")
	noticeGone("LIVE")
	if err := p.Send("+"); err != nil { // faster, without a step
		t.Fatal(err)
	}
	waitText(t, p, pmark, hang, "paused 10/s")
	vmark = waitText(t, v, vmark, hang, "paused 10/s")

	_ = p.Close()
	vmark = waitText(t, v, vmark, hang, class.NoticeAway)
	// A key's note replaces the notice for a moment; the notice comes back.
	if err := v.Send(" "); err != nil {
		t.Fatal(err)
	}
	vmark = waitText(t, v, vmark, hang, "the presenter drives this race · f forks your own copy")
	if err := v.Send("1"); err != nil {
		t.Fatal(err)
	}
	vmark = waitText(t, v, vmark, hang, class.NoticeAway)

	// The presenter's speed is kept for their return.
	p = dial(t, ts.addr, auth)
	waitText(t, p, 0, hang, "1 watching", "paused 10/s")
	noticeGone("paused 10/s")
}

// TestPresenterAwayPausesTheRace: a presenter who drops while auto-playing
// leaves viewers with a paused race, not "playing" with t standing still;
// back, the presenter finds the race where it stopped, paused, at the speed
// they had chosen.
func TestPresenterAwayPausesTheRace(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, nil)
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, "LIVE", "paused 5/s")
	p := dial(t, ts.addr, auth)
	pmark := waitText(t, p, 0, hang, "1 watching")
	if err := p.Send("--"); err != nil { // 5/s → 3/s → 2/s
		t.Fatal(err)
	}
	pmark = waitText(t, p, pmark, hang, "paused 2/s")
	if err := p.Send("p"); err != nil {
		t.Fatal(err)
	}
	waitText(t, p, pmark, hang, "▶ playing 2/s")
	vmark = waitText(t, v, vmark, hang, "▶ playing 2/s", atStep(1))

	_ = p.Close()
	m, err := v.WaitFor(deadline(t, hang), vmark, func(text string) bool {
		return strings.Contains(text, class.NoticeAway) && strings.Contains(text, "⏸ paused 2/s")
	})
	if err != nil {
		t.Fatalf("the viewer does not see the race paused while the presenter is away: %v", err)
	}
	vmark = m
	away := ts.Class().Latest()
	if away.Tempo != (race.Tempo{Playing: false, StepsPerSecond: 2}) {
		t.Errorf("the shared race's tempo while the presenter is away is %+v, want paused at 2/s", away.Tempo)
	}

	p2 := dial(t, ts.addr, auth)
	pmark = waitText(t, p2, 0, hang, atStep(away.T())+"⏸ paused 2/s", "1 watching")
	vmark = waitText(t, v, vmark, hang, "⏸ paused 2/s")
	if err := p2.Send("+"); err != nil {
		t.Fatal(err)
	}
	waitText(t, p2, pmark, hang, "paused 3/s")
	waitText(t, v, vmark, hang, "paused 3/s")
	if got := ts.Class().Latest().T(); got != away.T() {
		t.Errorf("the race moved from t = %d to %d while nobody presented", away.T(), got)
	}
}

// TestSSHPresenterEndsTheClass: an SSH presenter's q asks first, as the
// local presenter's does; q again ends every viewer's session with the
// reason, and the server goes on for the next class.
func TestSSHPresenterEndsTheClass(t *testing.T) {
	t.Parallel()
	cr := newClassroom(t, 2)
	cr.step(t, 1)
	// The presenter's status bar says where students connect, after keys too.
	cr.pmark = waitText(t, cr.presenter, 0, hang, "t = 1  ⏸ paused 5/s  f(x) = x²  x₀ = 10  2 watching  ssh -p 2222 192.0.2.1")
	if err := cr.presenter.Send("q"); err != nil {
		t.Fatal(err)
	}
	cr.pmark = waitText(t, cr.presenter, cr.pmark, hang, "q again to end class for 2 viewers")
	if err := cr.presenter.Send("q"); err != nil {
		t.Fatal(err)
	}
	for _, v := range cr.viewers {
		wantEnd(t, v, 0, "optirace: "+class.Ended)
	}
	if code, err := cr.presenter.Wait(deadline(t, hang)); err != nil || code != 0 {
		t.Errorf("the presenter's session ended with %d, %v; want 0", code, err)
	}
	if got := cr.presenter.Text(0); !strings.Contains(got, "optirace: you ended the class for 2 viewers") {
		t.Errorf("the presenter is not told the class ended: %q", got[max(0, len(got)-200):])
	}
	waitLog(t, cr.ts.logs, class.Ended, "viewers=2")
	// The next class starts from t = 0.
	v := dial(t, cr.ts.addr, termclient.Options{})
	waitText(t, v, 0, hang, "LIVE", atStep(0), class.NoticeAwaited)
}

// TestSSHPresenterEndsAnEmptyClass: with nobody watching, one q ends the
// class, and the presenter reads that it ended, not "for 0 viewers".
func TestSSHPresenterEndsAnEmptyClass(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, nil)
	p := dial(t, ts.addr, auth)
	waitText(t, p, 0, hang, atStep(0), "0 watching")
	if err := p.Send("q"); err != nil {
		t.Fatal(err)
	}
	wantEnd(t, p, 0, "optirace: class ended")
}
