// Package class runs a shared race for a class: one presenter drives it and
// every viewer follows it live. A Class owns the presenter's seat, the
// shared race, its viewers, the watch for a presenter that stopped
// responding, and the end of the class; the SSH server's sessions and the
// presenter at the server's own terminal take part through it alike.
package class

import (
	"io"
	"sync"
	"time"

	"github.com/charmbracelet/log"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/wording"
)

// Why a session of the class ends, as its client reads it.
const (
	// Ended is what every viewer reads when the presenter ends the class.
	Ended = "the presenter ended the class"
	// TakenOver is what a presenter's session reads when the presenter
	// connected again from another one, which presents from then on.
	TakenOver = "presenter connected again from another session"
)

// What viewers' status bars say while the race has no presenter: short, to
// fit beside the race's status on 80 columns.
const (
	NoticeAwaited = "waiting for the presenter"
	NoticeAway    = "presenter away · waiting"
	NoticeStalled = "presenter not responding · waiting"
)

// startSpeed is the speed, in steps per second, that a model's own race
// starts at (model.New's default): the class's race at t = 0 shows it to
// viewers who join before the presenter, without building a whole model
// for it (TestStartIsTheModelsStart keeps the two the same).
const startSpeed = 5

// Start returns the race that opts describe at t = 0, paused at the speed a
// model starts at: what the class shows before its presenter publishes, and
// again once a class has ended. It returns an error naming a setting out of
// range.
func Start(opts model.Options) (*race.Frozen, error) {
	obj := opts.Objective
	if obj.Name == "" {
		obj = optimizers.Quadratic()
	}
	raceOpts := []race.Option{race.WithLanes(opts.Lanes)}
	if opts.Tol != 0 {
		raceOpts = append(raceOpts, race.WithTol(opts.Tol))
	}
	r, err := race.New(opts.Settings, obj, raceOpts...)
	if err != nil {
		return nil, err
	}
	f := r.Freeze()
	f.Tempo = race.Tempo{StepsPerSecond: startSpeed}
	return f, nil
}

// Class is one shared race and the people in it: at most one presenter at a
// time, and any number of viewers.
type Class struct {
	hub    *hub
	room   *room
	start  *race.Frozen // the race at t = 0, for the next class
	notice string       // what the presenter's status bar keeps saying
	log    *log.Logger

	// stallCheck is how often a presenter is looked at (see watch), and
	// now the clock it is looked at by: tests move it.
	stallCheck time.Duration
	now        func() time.Time

	mu        sync.Mutex
	presenter *Presenter
	viewers   map[*Viewer]struct{}
	// lastPublish is when the presenter last published, and last what;
	// stalled is set while the viewers are told it stopped (see
	// checkStalled), and unresponsive while its terminal does not take its
	// output (see Presenter.Responding).
	lastPublish  time.Time
	last         model.Live
	stalled      bool
	unresponsive bool
	closed       bool
}

// Config configures a Class.
type Config struct {
	// Start is the race at t = 0 (see Start): the viewers' race until the
	// presenter publishes, and the next class's once one has ended.
	Start *race.Frozen
	// Notice is what the presenter's status bar keeps saying when nothing
	// else is said, e.g. where students connect.
	Notice string
	// Logger receives the class's events (nil: discard).
	Logger *log.Logger
	// Anonymous keeps students' names off the presenter's screen: who
	// voted right, whose guesses came closest, who leads the challenge.
	Anonymous bool
	// MaxSteps is the race's step limit (0: model.DefaultMaxSteps): a race
	// that reaches it has ended, as the presenter's status bar says, and
	// reveals the vote even if a lane never settles.
	MaxSteps int
}

// New returns a class waiting for its presenter.
func New(cfg Config) *Class {
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard)
	}
	c := &Class{
		hub:        newHub(cfg.Start),
		start:      cfg.Start,
		notice:     cfg.Notice,
		log:        cfg.Logger,
		stallCheck: stallCheck,
		now:        time.Now,
		viewers:    map[*Viewer]struct{}{},
	}
	c.room = newRoom(cfg.Anonymous, c.hub.SetRoom)
	c.room.maxSteps = cfg.MaxSteps
	if c.room.maxSteps <= 0 {
		c.room.maxSteps = model.DefaultMaxSteps
	}
	c.hub.SetNotice(NoticeAwaited)
	return c
}

// Farewell is what a presenter reads on leaving after ending the class for
// viewers: "class ended" or "you ended the class for 3 viewers".
func Farewell(viewers int) string {
	if viewers == 0 {
		return "class ended"
	}
	return "you ended the class for " + wording.Count(viewers, "viewer")
}

// Role is what a session does in the class.
type Role int

// The roles, the zero value none.
const (
	RoleNone      Role = iota // not decided (e.g. refused before it was)
	RoleSandbox               // a race of its own, outside any class
	RoleViewer                // follows the shared race
	RolePresenter             // drives the shared race
)

// String names the role, for logs.
func (r Role) String() string {
	switch r {
	case RoleNone:
		return "none"
	case RoleSandbox:
		return "sandbox"
	case RoleViewer:
		return "viewer"
	case RolePresenter:
		return "presenter"
	}
	return ""
}

// ModelOptions returns base as a session in role r needs it. A viewer (v)
// follows the shared race and the presenter's screen, tells the class when
// it forks a copy of its own and when it rejoins, and answers the class's
// questions. A presenter (p) drives it: it starts where the class is, its
// screen as the class last saw it (a presenter who reconnects carries on),
// shows the class every change, asks the class questions, asks before
// quitting while anyone watches, and quitting ends the class; its status
// bar keeps saying the class's notice. A sandbox has a race of its own.
func ModelOptions(base model.Options, r Role, p *Presenter, v *Viewer) model.Options {
	switch r {
	case RoleViewer:
		base.Role = model.RoleViewer
		base.Class = model.ClassFuncs{OnOwnCopy: v.OwnCopy}
		base.Room = v
	case RolePresenter:
		base.Role = model.RolePresenter
		base.Start, base.StartView = p.class.Latest(), p.class.hub.LatestView()
		base.Class = model.ClassFuncs{OnPublish: p.Show, OnEnd: p.End}
		base.Room = p
		base.Notice = p.class.notice
	case RoleNone, RoleSandbox:
		base.Role = model.RoleSandbox
	}
	return base
}

// Latest returns the shared race's latest state.
func (c *Class) Latest() *race.Frozen { return c.hub.Latest() }

// Viewers returns how many viewers follow the race.
func (c *Class) Viewers() int { return c.hub.Viewers() }

// WatchViewers calls deliver, on a goroutine of its own, with the count of
// viewers now and after each change, latest value only: it is how the
// presenter's status bar learns it. The returned stop ends it; call it once
// the presenter's program has ended, which makes a blocked deliver return.
func (c *Class) WatchViewers(deliver func(Count)) (stop func()) { return c.hub.WatchViewers(deliver) }

// Live is what a viewer of the shared race is told.
type Live struct {
	// Race is the race's latest state.
	Race *race.Frozen
	// View is how the presenter's screen looks at it.
	View model.View
	// Notice, when set, is a standing note about the race for the viewers'
	// status bars, e.g. that the presenter left.
	Notice string
	// Room is the class's questions as every viewer sees them.
	Room model.Room
}

// Msg is what a viewer's program is sent of l.
func (l Live) Msg() model.SharedRaceMsg {
	return model.SharedRaceMsg{Race: l.Race, View: l.View, Notice: l.Notice, Room: l.Room}
}

// Viewer is a viewer's place in the class: a student, known by name.
type Viewer struct {
	class *Class
	name  string
	end   func(reason string)
	// ownCopy and stop are set by Follow, before the viewer's program
	// runs (which calls OwnCopy).
	ownCopy func(bool)
	stop    func()
}

// Join seats a viewer called name (the SSH user name; see StudentName) in
// the class until Leave: its answers are name's, shared with any other
// session of that name, and kept for it when it reconnects. end is called
// with the reason when the presenter ends the class (nil: nothing is). The
// viewer sees nothing until Follow.
func (c *Class) Join(name string, end func(reason string)) *Viewer {
	v := &Viewer{class: c, name: StudentName(name), end: end, ownCopy: func(bool) {}, stop: func() {}}
	c.mu.Lock()
	c.viewers[v] = struct{}{}
	c.mu.Unlock()
	return v
}

// Follow makes the viewer follow the shared race and the class's
// questions: deliver is called, on a goroutine of the viewer's own, with
// the latest state, notice and questions (the current ones first: a
// latecomer sees what is asked), and mine, on another, with the viewer's
// own answers as the class records them (a reconnect finds them); both
// are meant to be a program's Send. A frame published while deliver is
// busy replaces any frame waiting behind it, so that a slow viewer never
// slows the class. Call it once, before the viewer's program runs.
func (v *Viewer) Follow(deliver func(Live), mine func(model.MineMsg)) {
	own, stop := v.class.hub.Follow(deliver)
	stopRoom := func() {}
	if mine != nil {
		stopRoom = v.class.room.watchStudent(v.name, mine)
	}
	v.ownCopy = own
	v.stop = sync.OnceFunc(func() {
		stop()
		stopRoom()
	})
}

// Name is the name the class knows the viewer by.
func (v *Viewer) Name() string { return v.name }

// OwnCopy tells the class whether the viewer is on a copy of its own (it
// forked one) or watches the shared race, which the presenter's status bar
// counts apart.
func (v *Viewer) OwnCopy(own bool) { v.ownCopy(own) }

// Answer implements model.Classroom: the viewer's vote, guess or entry,
// as its name's, the latest counting.
func (v *Viewer) Answer(a model.Answer) string { return v.class.room.answer(v.name, a) }

// Ask implements model.Classroom: a viewer asks nothing.
func (v *Viewer) Ask(model.Query) string { return "only the presenter asks the class" }

// Leave takes the viewer out of the class; call it once its program has
// ended. Its answers stay, for its name's next session.
func (v *Viewer) Leave() {
	v.stop()
	v.class.mu.Lock()
	delete(v.class.viewers, v)
	v.class.mu.Unlock()
}

// Presenter is a presenter's seat in the class. Only the latest presenter
// drives the race: a seat that was taken over does nothing.
type Presenter struct {
	class *Class
	// logKV names the presenter in the class's log lines.
	logKV []any
	// end ends the presenter's session when another presenter takes over.
	end       func(reason string)
	stopWatch func()

	// farewell is set, under class.mu, when the presenter ends the class.
	farewell string
}

// Present seats a presenter and returns its seat; the presenter before it,
// if any, is ended with TakenOver (its client may have hung, and the
// teacher reconnected). logKV names it in the log (e.g. "remote-addr",
// "192.0.2.7:50022"); end, when set, ends its session. While it presents,
// viewers are told when it stops responding (see checkStalled).
func (c *Class) Present(end func(reason string), logKV ...any) *Presenter {
	p := &Presenter{class: c, logKV: logKV, end: end}
	p.stopWatch = c.watch(p) // it does nothing until p is seated
	c.mu.Lock()
	before := c.presenter
	c.presenter = p
	c.lastPublish, c.stalled, c.unresponsive, c.last = c.now(), false, false, model.Live{}
	c.hub.SetNotice("")
	c.mu.Unlock()
	if before != nil {
		before.stopWatch()
		c.log.Info("presenter took over from another session", append(append([]any{}, logKV...), before.logKVAs("before")...)...)
		if before.end != nil {
			before.end(TakenOver)
		}
	}
	return p
}

// logKVAs is the presenter's log name under key, e.g. "before", for a line
// about another presenter.
func (p *Presenter) logKVAs(key string) []any {
	if len(p.logKV) < 2 {
		return nil
	}
	return []any{key, p.logKV[1]}
}

// Publish makes f the shared race's state, its view as it was, if p still
// presents; like Show, it never waits for a viewer.
func (p *Presenter) Publish(f *race.Frozen) {
	p.Show(model.Live{Race: f, View: p.class.hub.LatestView()})
}

// Show makes l the shared race's state and how the presenter's screen
// looks at it, if p still presents: it is the presenter model's class
// link, and never waits for a viewer.
func (p *Presenter) Show(l model.Live) {
	c := p.class
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.presenter != p || c.closed {
		return
	}
	c.lastPublish, c.last = c.now(), l
	room := c.room.observe(l.Race)
	if c.unresponsive {
		return // the viewers see it once the presenter sees it
	}
	c.stalled = false
	c.hub.Show(l, room)
}

// Ask implements model.Classroom: the presenter opens, closes or ends a
// question, if it still presents.
func (p *Presenter) Ask(q model.Query) string {
	c := p.class
	c.mu.Lock()
	seated := c.presenter == p && !c.closed
	c.mu.Unlock()
	if !seated {
		return "another session presents now"
	}
	return c.room.query(q)
}

// Answer implements model.Classroom: the presenter answers nothing.
func (p *Presenter) Answer(model.Answer) string { return "the presenter asks; the viewers answer" }

// WatchRoom calls deliver, on a goroutine of its own, with the class's
// questions and every answer as the presenter sees them, now and after each
// change, at most a few times a second: it is how the presenter's tallies
// and leaderboard move. The returned stop ends it; call it once the
// presenter's program has ended, which makes a blocked deliver return.
func (p *Presenter) WatchRoom(deliver func(model.RoomMsg)) (stop func()) {
	return p.class.room.watchPresenter(deliver)
}

// Responding tells the class whether the presenter's terminal takes its
// output (its session asks it every second). While it does not (a laptop
// gone to sleep, a terminal stopped with ctrl-S), the presenter's program
// may play on, but nobody sees it: the viewers see the race paused where
// they last saw it and read that the presenter is not responding, and what
// the presenter publishes waits; once it responds, they see the latest.
func (p *Presenter) Responding(ok bool) {
	c := p.class
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.presenter != p || c.closed || ok != c.unresponsive {
		return // not presenting, or no change
	}
	c.unresponsive = !ok
	switch {
	case !ok:
		if !c.stalled {
			c.stalled = true
			c.log.Warn("presenter not responding", p.logKV...)
			c.hub.Set(paused(c.hub.Latest()), NoticeStalled)
		}
	case c.last.Race != nil:
		c.stalled = false
		c.hub.Show(c.last, c.room.Public())
	}
}

// End ends the class, when p presents and quit on purpose: every viewer's
// session ends with Ended, the presenter's farewell says for how many, and
// the race starts over at t = 0 for the next class, whose viewers wait for
// its presenter.
func (p *Presenter) End() {
	p.stopWatch()
	c := p.class
	c.mu.Lock()
	if c.presenter != p || c.closed {
		c.mu.Unlock()
		return
	}
	c.presenter = nil
	c.hub.SetLive(Live{Race: c.start, Notice: NoticeAwaited}) // the next class starts on the race screen
	viewers := make([]*Viewer, 0, len(c.viewers))
	for v := range c.viewers {
		viewers = append(viewers, v)
	}
	p.farewell = Farewell(len(viewers))
	c.mu.Unlock()
	c.room.reset() // the next class asks afresh
	c.log.Info(Ended, append(append([]any{}, p.logKV...), "viewers", len(viewers))...)
	for _, v := range viewers {
		if v.end != nil {
			v.end(Ended)
		}
	}
}

// Farewell returns what the presenter reads on leaving: the Farewell of the
// class it ended, or "" if it did not end one.
func (p *Presenter) Farewell() string {
	p.class.mu.Lock()
	defer p.class.mu.Unlock()
	return p.farewell
}

// Leave gives up the seat without ending the class (the presenter's
// connection dropped): the viewers see the race paused where it was, at
// the presenter's speed, and read that the presenter is away, until a
// presenter comes back and carries on.
func (p *Presenter) Leave() {
	p.stopWatch()
	c := p.class
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.presenter != p {
		return
	}
	c.presenter = nil
	if !c.closed {
		c.hub.Set(paused(c.hub.Latest()), NoticeAway)
	}
}

// Close ends the class with the server: from now on nothing is published,
// and a presenter who leaves is not reported away.
func (c *Class) Close() {
	c.mu.Lock()
	c.closed = true
	p := c.presenter
	c.mu.Unlock()
	c.room.worker.close()
	if p != nil {
		p.stopWatch()
	}
}

// paused is f as viewers see it while nobody presents: not playing, at the
// speed the presenter left it at (which a presenter who reconnects keeps).
func paused(f *race.Frozen) *race.Frozen {
	if f == nil || !f.Tempo.Playing {
		return f
	}
	p := *f // a frozen race is never changed: the copy shares its state
	p.Tempo.Playing = false
	return &p
}

// stallCheck is how often watch looks at the presenter.
const stallCheck = 500 * time.Millisecond

// stallAfter is how long a playing presenter may publish nothing before
// the viewers are told: three steps at its speed, and at least 2 s.
func stallAfter(stepsPerSecond int) time.Duration {
	return max(2*time.Second, 3*time.Second/time.Duration(max(stepsPerSecond, 1)))
}

// watch looks at presenter p every stallCheck until the returned stop. A
// presenter whose terminal stops taking its output (a laptop gone to sleep
// mid-play, a terminal stopped with ctrl-S) blocks its program, and the
// shared race with it: checkStalled tells the viewers.
func (c *Class) watch(p *Presenter) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(c.stallCheck)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				c.checkStalled(p, c.now())
			}
		}
	}()
	return sync.OnceFunc(func() { close(done) })
}

// checkStalled tells the viewers if presenter p, playing, has published
// nothing for stallAfter by now: they see the race paused, at its speed,
// and read that the presenter is not responding, until it publishes again.
func (c *Class) checkStalled(p *Presenter, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.hub.Latest()
	if c.presenter != p || c.stalled || c.closed || f == nil || !f.Tempo.Playing ||
		now.Sub(c.lastPublish) < stallAfter(f.Tempo.StepsPerSecond) {
		return
	}
	c.stalled = true
	c.log.Warn("presenter not responding", p.logKV...)
	c.hub.Set(paused(f), NoticeStalled)
}
