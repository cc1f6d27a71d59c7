package class

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// hang is how long a test waits for what must happen before it gives up:
// a guard against a hung test, not a latency bound.
const hang = 20 * time.Second

// logBuffer is a log destination the test reads while the class writes.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newClass is a class of the lecture's race that logs to the returned buffer.
func newClass(t *testing.T) (*Class, *logBuffer) {
	t.Helper()
	start, err := Start(model.Options{Settings: optimizers.Defaults()})
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	return New(Config{Start: start, Notice: "ssh -p 2222 192.0.2.1", Logger: log.New(logs)}), logs
}

// playing is f playing at sps steps per second, as a presenter publishes it.
func playing(f *race.Frozen, sps int) *race.Frozen {
	p := *f
	p.Tempo = race.Tempo{Playing: true, StepsPerSecond: sps}
	return &p
}

// follow joins c as a viewer whose deliveries arrive on the returned
// channel, and whose end reason on the second.
func follow(t *testing.T, c *Class) (<-chan Live, <-chan string) {
	t.Helper()
	lives := make(chan Live, 64)
	ends := make(chan string, 1)
	v := c.Join("student", func(reason string) { ends <- reason })
	v.Follow(func(l Live) { lives <- l }, nil)
	t.Cleanup(v.Leave)
	return lives, ends
}

// TestStartIsTheModelsStart: the class's race at t = 0 is what a model
// starting on the same options publishes first, speed included, so that
// viewers who join before the presenter see what the presenter will.
func TestStartIsTheModelsStart(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]model.Options{
		"lecture": {Settings: optimizers.Defaults()},
		"edited":  {Settings: func() optimizers.Settings { s := optimizers.Defaults(); s.X0 = -3; return s }(), Objective: optimizers.Quartic(), Tol: 0.5},
	} {
		got, err := Start(opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.Renderer = lipgloss.NewRenderer(io.Discard)
		m, err := model.New(opts)
		if err != nil {
			t.Fatal(err)
		}
		want := m.Frozen()
		if got.Tempo != want.Tempo || got.T() != want.T() || got.Settings() != want.Settings() ||
			got.Tol() != want.Tol() || got.Objective().Formula != want.Objective().Formula {
			t.Errorf("%s: Start gives t = %d %+v %+v tol %g %s; the model t = %d %+v %+v tol %g %s", name,
				got.T(), got.Tempo, got.Settings(), got.Tol(), got.Objective().Formula,
				want.T(), want.Tempo, want.Settings(), want.Tol(), want.Objective().Formula)
		}
	}
	bad := optimizers.Defaults()
	bad.LR[optimizers.GD] = -1
	if _, err := Start(model.Options{Settings: bad}); err == nil {
		t.Error("Start took a negative learning rate")
	}
}

// TestStalledPresenterLooksPaused: a playing presenter that publishes
// nothing for stallAfter (its client stopped reading, which blocks its
// program) is shown to the viewers as paused, at its speed, and not
// responding; its next frame clears that.
func TestStalledPresenterLooksPaused(t *testing.T) {
	t.Parallel()
	c, logs := newClass(t)
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	p := c.Present(nil, "remote-addr", "192.0.2.7:50022")
	defer p.Leave()
	f := playing(r.Freeze(), 60)
	p.Publish(f)
	c.mu.Lock()
	at := c.lastPublish
	c.mu.Unlock()

	c.checkStalled(p, at.Add(stallAfter(60)-time.Millisecond))
	if l := c.hub.latest; l.Notice != "" || !l.Race.Tempo.Playing {
		t.Fatalf("just under stallAfter: notice %q, playing %v", l.Notice, l.Race.Tempo.Playing)
	}
	c.checkStalled(p, at.Add(stallAfter(60)))
	if l := c.hub.latest; l.Notice != NoticeStalled || l.Race.Tempo.Playing || l.Race.Tempo.StepsPerSecond != 60 || l.Race.T() != f.T() {
		t.Fatalf("stalled: notice %q, tempo %+v, t = %d", l.Notice, l.Race.Tempo, l.Race.T())
	}
	if !strings.Contains(logs.String(), "presenter not responding remote-addr=192.0.2.7:50022") {
		t.Errorf("the stall is not logged with the presenter's address: %s", logs.String())
	}
	r.Step()
	p.Publish(r.Freeze())
	if l := c.hub.latest; l.Notice != "" || l.Race.T() != 1 {
		t.Errorf("moving again: notice %q, t = %d", l.Notice, l.Race.T())
	}
	if got, want := stallAfter(1), 3*time.Second; got != want {
		t.Errorf("stallAfter(1) = %v, want %v", got, want)
	}
}

// clock is a time that a test moves; the class reads it from its watch.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// TestLocalPresenterStallIsNoticed: the presenter at the server's own
// terminal (no session, nothing to end) is watched as an SSH presenter is:
// when it has published nothing for stallAfter while playing, the viewers
// see the race paused and read that it is not responding, within one look.
func TestLocalPresenterStallIsNoticed(t *testing.T) {
	t.Parallel()
	c, logs := newClass(t)
	var clk clock
	clk.ns.Store(time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	c.now, c.stallCheck = clk.now, time.Millisecond
	lives, _ := follow(t, c)
	p := c.Present(nil, "presenter", "this terminal")
	defer p.Leave()
	p.Publish(playing(c.Latest(), 5))
	waitFor(t, lives, func(l Live) bool { return l.Race.Tempo.Playing && l.Notice == "" })

	clk.advance(stallAfter(5))
	l := waitFor(t, lives, func(l Live) bool { return l.Notice == NoticeStalled })
	if l.Race.Tempo != (race.Tempo{Playing: false, StepsPerSecond: 5}) {
		t.Errorf("a stalled presenter's race reads %+v, want paused at 5/s", l.Race.Tempo)
	}
	if !strings.Contains(logs.String(), "presenter not responding presenter=\"this terminal\"") {
		t.Errorf("the stall is not logged: %s", logs.String())
	}
	// A presenter whose race is paused is not stalled, however long it rests.
	p.Publish(c.start)
	waitFor(t, lives, func(l Live) bool { return l.Notice == "" })
	clk.advance(time.Hour)
	c.checkStalled(p, clk.now())
	if n := c.hub.latest.Notice; n != "" {
		t.Errorf("a paused presenter is reported as %q", n)
	}
}

// TestPresenterEndsTheClass: the presenter's End ends every viewer with
// Ended, says for how many in its farewell, and starts the next class at
// t = 0 waiting for its presenter; a presenter seat that was taken over
// can neither publish nor end the class.
func TestPresenterEndsTheClass(t *testing.T) {
	t.Parallel()
	c, logs := newClass(t)
	lives1, ends1 := follow(t, c)
	_, ends2 := follow(t, c)
	if got := waitFor(t, lives1, func(Live) bool { return true }); got.Notice != NoticeAwaited || got.Race.T() != 0 {
		t.Errorf("before a presenter, a viewer reads %q at t = %d", got.Notice, got.Race.T())
	}

	taken := make(chan string, 1)
	first := c.Present(func(reason string) { taken <- reason }, "remote-addr", "192.0.2.7:1")
	waitFor(t, lives1, func(l Live) bool { return l.Notice == "" })
	p := c.Present(nil, "remote-addr", "192.0.2.7:2")
	if got := receive(t, taken); got != TakenOver {
		t.Errorf("the presenter taken over reads %q, want %q", got, TakenOver)
	}
	if !strings.Contains(logs.String(), "presenter took over from another session remote-addr=192.0.2.7:2 before=192.0.2.7:1") {
		t.Errorf("the take-over is not logged: %s", logs.String())
	}
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	r.Step()
	p.Publish(r.Freeze())
	waitFor(t, lives1, func(l Live) bool { return l.Race.T() == 1 })
	first.Publish(c.start)
	first.End()
	if c.Latest().T() != 1 || first.Farewell() != "" {
		t.Fatalf("a presenter taken over moved the race to t = %d, farewell %q", c.Latest().T(), first.Farewell())
	}

	p.End()
	for _, ends := range []<-chan string{ends1, ends2} {
		if got := receive(t, ends); got != Ended {
			t.Errorf("a viewer's session ends with %q, want %q", got, Ended)
		}
	}
	if got, want := p.Farewell(), "you ended the class for 2 viewers"; got != want {
		t.Errorf("farewell %q, want %q", got, want)
	}
	if l := c.hub.latest; l.Race != c.start || l.Notice != NoticeAwaited {
		t.Errorf("after the class: t = %d, notice %q; want the start and %q", l.Race.T(), l.Notice, NoticeAwaited)
	}
	if !strings.Contains(logs.String(), Ended+" remote-addr=192.0.2.7:2 viewers=2") {
		t.Errorf("the end of the class is not logged: %s", logs.String())
	}
}

// TestPresenterAwayAndBack: a presenter who leaves while playing leaves the
// viewers a paused race at its speed, and a notice that it is away; the
// next presenter starts where it was and clears the notice.
func TestPresenterAwayAndBack(t *testing.T) {
	t.Parallel()
	c, _ := newClass(t)
	lives, _ := follow(t, c)
	p := c.Present(nil, "remote-addr", "192.0.2.7:1")
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	r.Step()
	p.Publish(playing(r.Freeze(), 2))
	p.Leave()
	l := waitFor(t, lives, func(l Live) bool { return l.Notice == NoticeAway })
	if l.Race.T() != 1 || l.Race.Tempo != (race.Tempo{StepsPerSecond: 2}) {
		t.Errorf("away: t = %d, tempo %+v; want t = 1 paused at 2/s", l.Race.T(), l.Race.Tempo)
	}
	p.Leave() // twice is fine
	back := c.Present(nil, "remote-addr", "192.0.2.7:2")
	defer back.Leave()
	opts := ModelOptions(model.Options{Settings: optimizers.Defaults()}, RolePresenter, back, nil)
	if opts.Start.T() != 1 || opts.Start.Tempo.StepsPerSecond != 2 {
		t.Errorf("the presenter back starts at t = %d, %+v", opts.Start.T(), opts.Start.Tempo)
	}
	waitFor(t, lives, func(l Live) bool { return l.Notice == "" })
}

// TestCloseStopsTheClass: once the server closes the class, a presenter
// leaving is not reported away, and nothing more is published.
func TestCloseStopsTheClass(t *testing.T) {
	t.Parallel()
	c, _ := newClass(t)
	p := c.Present(nil, "remote-addr", "192.0.2.7:1")
	c.Close()
	p.Publish(playing(c.start, 5))
	p.Leave()
	if l := c.hub.latest; l.Notice != "" || l.Race != c.start {
		t.Errorf("after Close: notice %q, t = %d, playing %v", l.Notice, l.Race.T(), l.Race.Tempo.Playing)
	}
}

func TestFarewell(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "class ended", 1: "you ended the class for 1 viewer", 30: "you ended the class for 30 viewers"} {
		if got := Farewell(n); got != want {
			t.Errorf("Farewell(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestModelOptions: each role's model, as its session gets it.
func TestModelOptions(t *testing.T) {
	t.Parallel()
	c, _ := newClass(t)
	base := model.Options{Settings: optimizers.Defaults(), Remote: true}
	if got := ModelOptions(base, RoleSandbox, nil, nil); got.Role != model.RoleSandbox || got.Class != nil || got.Start != nil || !got.Remote {
		t.Errorf("a sandbox's options: %+v", got)
	}
	v := c.Join("ada", nil)
	v.Follow(func(Live) {}, nil)
	defer v.Leave()
	got := ModelOptions(base, RoleViewer, nil, v)
	if got.Role != model.RoleViewer || got.Class == nil || got.Room != v {
		t.Fatalf("a viewer's options: %+v", got)
	}
	if got.Class.OwnCopy(true); c.hub.countLocked() != (Count{Viewers: 1, OwnCopy: 1}) {
		t.Error("a viewer's fork does not reach the class")
	}
	p := c.Present(nil, "presenter", "this terminal")
	defer p.Leave()
	got = ModelOptions(base, RolePresenter, p, nil)
	if got.Role != model.RolePresenter || got.Class == nil || got.Room != p || got.Start != c.Latest() || got.Notice != "ssh -p 2222 192.0.2.1" {
		t.Errorf("a presenter's options: %+v", got)
	}
	for r, want := range map[Role]string{RoleNone: "none", RoleSandbox: "sandbox", RoleViewer: "viewer", RolePresenter: "presenter"} {
		if r.String() != want {
			t.Errorf("role %d is %q, want %q", r, r.String(), want)
		}
	}
}

// TestUnresponsivePresenterIsHeld: while the presenter's terminal does not
// take its output, what it publishes is held and the viewers see the race
// paused where they last saw it, with the notice; when it responds, they
// see the latest.
func TestUnresponsivePresenterIsHeld(t *testing.T) {
	t.Parallel()
	c, logs := newClass(t)
	lives, _ := follow(t, c)
	p := c.Present(nil, "remote-addr", "192.0.2.7:1")
	defer p.Leave()
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	r.Step()
	p.Publish(playing(r.Freeze(), 5))
	waitFor(t, lives, func(l Live) bool { return l.Race.T() == 1 })
	p.Responding(false)
	l := waitFor(t, lives, func(l Live) bool { return l.Notice == NoticeStalled })
	if l.Race.T() != 1 || l.Race.Tempo.Playing {
		t.Errorf("not responding: t = %d, playing %v; want t = 1 paused", l.Race.T(), l.Race.Tempo.Playing)
	}
	r.Step()
	p.Publish(playing(r.Freeze(), 5))
	if got := c.Latest(); got.T() != 1 {
		t.Errorf("the viewers saw t = %d while the presenter did not respond", got.T())
	}
	p.Responding(false) // no change: no second line
	p.Responding(true)
	l = waitFor(t, lives, func(l Live) bool { return l.Notice == "" })
	if l.Race.T() != 2 || !l.Race.Tempo.Playing {
		t.Errorf("responding again: t = %d, playing %v; want the latest, t = 2, playing", l.Race.T(), l.Race.Tempo.Playing)
	}
	if n := strings.Count(logs.String(), "presenter not responding"); n != 1 {
		t.Errorf("%d lines say the presenter is not responding, want 1", n)
	}
}
