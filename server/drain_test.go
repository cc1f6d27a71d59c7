package server

import (
	"strings"
	"testing"
	"time"

	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/server/termclient"
)

// TestFrozenClientIsDropped: a client that keeps its connection but takes
// none of its output (it answers nothing, so it never answers the screen's
// query) is dropped after the drain limit and logged; a client next to it
// that reads stays, though it typed nothing either.
func TestFrozenClientIsDropped(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.hooks.watch = outputWatch{drainLimit: time.Second, probeEvery: 100 * time.Millisecond}
	ts := start(t, cfg)
	healthy := dial(t, ts.addr, termclient.Options{User: "reads"})
	mark := waitText(t, healthy, 0, hang, atStep(0))
	frozen := make(chan struct{})
	fc := dial(t, ts.addr, termclient.Options{User: "frozen", Dial: freezingDial(frozen)})
	waitText(t, fc, 0, hang, atStep(0))
	close(frozen)
	waitLog(t, ts.logs, "WARN dropped a session whose terminal took none of its output remote-addr=127.0.0.1:")
	waitLog(t, ts.logs, `user=frozen sessions=1`, `reason="your terminal took none of the race's output for 1s"`)
	if err := healthy.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, healthy, mark, hang, atStep(1))
	if strings.Contains(ts.logs.String(), "user=reads sessions=0") {
		t.Errorf("the client that reads was dropped:\n%s", ts.logs.String())
	}
}

// TestFrozenPresenterIsNoticedWithinTenSeconds: a presenter whose client
// freezes mid-play (a laptop lid closed) plays on in its program, but the
// viewers see the race paused where they last saw it, and read that the
// presenter is not responding, within 10 s (issue 20).
func TestFrozenPresenterIsNoticedWithinTenSeconds(t *testing.T) {
	t.Parallel()
	ts, auth := presenterServer(t, nil)
	v := dial(t, ts.addr, termclient.Options{})
	vmark := waitText(t, v, 0, hang, "LIVE")
	frozen := make(chan struct{})
	auth.Dial = freezingDial(frozen)
	p := dial(t, ts.addr, auth)
	pmark := waitText(t, p, 0, hang, "1 watching")
	if err := p.Send("p"); err != nil {
		t.Fatal(err)
	}
	waitText(t, p, pmark, hang, "▶ playing")
	vmark = waitText(t, v, vmark, hang, "▶ playing", atStep(2))
	close(frozen)
	froze := time.Now()
	_, err := v.WaitFor(deadline(t, 10*time.Second), vmark, func(text string) bool {
		return strings.Contains(text, class.NoticeStalled) && strings.Contains(text, "⏸ paused")
	})
	if err != nil {
		t.Fatalf("10 s after the presenter froze, the viewer still does not read that it is not responding: %v", err)
	}
	t.Logf("noticed in %v", time.Since(froze).Round(100*time.Millisecond))
	waitLog(t, ts.logs, "WARN presenter not responding remote-addr=127.0.0.1:")
	// The presenter's program plays on, but what the viewers see stays
	// paused where it was.
	if l := ts.Class().Latest(); l.Tempo.Playing {
		t.Errorf("the viewers' race plays on at t = %d while the presenter does not respond", l.T())
	}
}
