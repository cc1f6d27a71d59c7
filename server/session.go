package server

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/model"
)

// Why the server ends a session, as its client reads it.
// (The class's own reasons, such as class.Ended, are in package class.)
const (
	msgShutdown = "server shutting down"
	msgPanic    = "internal error: this session was closed (the server is still running; reconnect to start over)"
)

// session is one client's program and what can end it.
type session struct {
	srv  *Server
	s    ssh.Session
	note *note
	// presenter is the class's seat of a presenter's session, set once as
	// it claims its role.
	presenter *class.Presenter
	// viewer is its place in the class, when it views the shared race.
	viewer *class.Viewer
	p      *tea.Program
	// screen draws the program's frames on the client's terminal, and in is
	// its input; answers says that the terminal answers queries.
	screen  *screen
	in      *sessionInput
	answers bool
	// asked is when the screen's query that has not been answered yet was
	// sent (Unix nanoseconds; 0: none); outputTimer runs checkOutput.
	asked       atomic.Int64
	outputTimer *time.Timer
	finished    atomic.Bool
	// cancel ends the program; it is the program's context.
	cancel context.CancelFunc

	idle, limit *time.Timer

	mu         sync.Mutex
	ended      bool
	reason     string
	closeTimer *time.Timer
}

// runProgram serves the race TUI on s until the client quits or the server
// ends the session.
func (srv *Server) runProgram(s ssh.Session) {
	nt := noteOf(s)
	ctx, cancel := context.WithCancel(s.Context())
	defer cancel()
	ss := &session{srv: srv, s: s, note: nt, cancel: cancel}
	if !srv.addSession(ss) {
		refuse(s, nt, msgShutdown)
		return
	}
	defer srv.removeSession(ss)
	if srv.cfg.hooks.session != nil {
		srv.cfg.hooks.session(s)
	}

	r := srv.claimRole(ss)
	nt.role = r
	// The renderer asks the client for its background colour and waits up
	// to queryTimeout for the answer: only this session's goroutine waits,
	// and keys typed meanwhile reach the program.
	in := newSessionInput(ctx, s)
	ss.in = in
	base := srv.cfg.Model
	base.Renderer, ss.answers = sessionRenderer(s, in)
	if base.Mono = noColor(s); base.Mono {
		base.Renderer.SetColorProfile(termenv.ANSI) // for bold and reverse: the styles add no colour (views.MonoStyles)
	}
	base.Remote = true // the server never writes files for remote users
	if r == class.RoleViewer {
		// A student is known by the SSH user name (ssh NAME@host): two
		// sessions with one name share their answers.
		ss.viewer = srv.class.Join(s.User(), ss.end)
		defer ss.viewer.Leave() // after the program has ended
	}
	opts := class.ModelOptions(base, r, ss.presenter, ss.viewer)
	switch r {
	case class.RolePresenter:
		opts.HelpNote = srv.PresenterHelp()
	case class.RoleViewer:
		opts.Room = limitAnswers(opts.Room)
	case class.RoleSandbox, class.RoleNone:
	}
	m, err := model.New(opts)
	if err != nil { // New checked these options already
		refuse(s, nt, "cannot start the race: "+err.Error())
		return
	}
	if r == class.RolePresenter {
		ss.presenter.Publish(m.Frozen()) // viewers see the new presenter's play state at once
	}
	var tm tea.Model = m
	if srv.cfg.hooks.model != nil {
		tm = srv.cfg.hooks.model(tm)
	}
	// The screen, not bubbletea's renderer, draws the frames (see screen):
	// bubbletea writes nothing to the client.
	ss.screen = newScreen(s, 0, 0)
	ss.p = tea.NewProgram(guard{m: tm, ss: ss},
		tea.WithContext(ctx),
		tea.WithInput(activityReader{r: in, touch: ss.touch}),
		tea.WithOutput(io.Discard),
		tea.WithoutRenderer(),
		tea.WithoutSignalHandler(), // signals are the server's, not a session's
	)
	ss.screen.start()
	ss.startTimers()
	in.onAnswer(ss.answered)
	ss.outputTimer = time.AfterFunc(time.Hour, ss.checkOutput) // set before it can run
	ss.outputTimer.Reset(ss.outputCheckEvery())
	switch r {
	case class.RoleViewer:
		// Followed before the program runs: the model tells ss.viewer of
		// its forks only once it runs.
		ss.viewer.Follow(func(l class.Live) { ss.p.Send(l.Msg()) }, func(m model.MineMsg) { ss.p.Send(m) })
	case class.RolePresenter:
		stop := srv.class.WatchViewers(func(n class.Count) { ss.p.Send(model.ViewersMsg{Count: n.Viewers, OwnCopy: n.OwnCopy}) })
		defer srv.WatchGuessing(func(g string) { ss.p.Send(model.NoteMsg{Note: g}) })()
		defer ss.presenter.WatchRoom(func(m model.RoomMsg) { ss.p.Send(m) })()
		defer stop()
	case class.RoleSandbox, class.RoleNone:
	}
	_, winch, _ := s.Pty()
	done := make(chan struct{})
	go ss.forwardWindow(winch, done)
	if every := srv.cfg.KeepAliveInterval; every > 0 {
		go ss.keepAlive(every, done)
	}
	_, err = ss.p.Run()
	close(done)
	ss.finish(err)
}

// forwardWindow hands the client's window sizes to the program, clamped, and
// ends the session when the client closes it (its requests end).
func (ss *session) forwardWindow(winch <-chan ssh.Window, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case w, ok := <-winch:
			if !ok {
				ss.end("")
				return
			}
			ss.touch()
			ss.p.Send(windowMsg(w))
		}
	}
}

// keepAlive asks the client every interval whether it is still there, as
// sshd's ClientAliveInterval does, and ends the session, closing its
// connection, when an answer has not come within keepAliveMisses intervals: a
// client that vanished without closing its connection (a Wi-Fi drop, a frozen
// laptop) would otherwise hold its session until the session length limit.
// Any answer counts, a refusal included (OpenSSH refuses this request). It
// is the session's one goroutine for this, and returns once the program has
// ended and no request is waiting.
func (ss *session) keepAlive(every time.Duration, done <-chan struct{}) {
	tick := time.NewTimer(every)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		patience := every * keepAliveMisses
		unanswered := time.AfterFunc(patience, func() {
			ss.end("no answer from your client for " + human(patience))
			ss.closeConn() // nobody is there to read the reason
		})
		_, err := ss.s.SendRequest("keepalive@openssh.com", true, nil)
		unanswered.Stop()
		if err != nil {
			return // the channel or the connection closed: the session is ending
		}
		tick.Reset(every)
	}
}

// How a session's terminal is watched for taking its output (checkOutput).
const (
	// drainLimit ends a session whose terminal has taken none of its output
	// for that long: nobody is there, and the session holds a place (the
	// keepalive, which a client may answer without reading, does not tell).
	drainLimit = time.Minute
	// probeEvery is how often a terminal is asked whether it took its
	// output; a presenter's every presenterProbeEvery, so that the class
	// hears within seconds when the presenter's laptop froze mid-play.
	probeEvery          = 20 * time.Second
	presenterProbeEvery = time.Second
	// presenterPatience is how long a presenter's terminal may leave its
	// output untaken before the class shows the race paused and the
	// presenter not responding.
	presenterPatience = 4 * time.Second
)

// outputWatch holds the durations of the output watch, for a server: the
// constants above, or shorter ones in tests.
type outputWatch struct {
	drainLimit, probeEvery, presenterProbeEvery, presenterPatience time.Duration
}

func (ss *session) outputCheckEvery() time.Duration {
	if ss.presenter != nil {
		return ss.srv.watch.presenterProbeEvery
	}
	return ss.srv.watch.probeEvery
}

// checkOutput looks at whether the client's terminal takes its output,
// and asks again. A terminal that answers queries is asked for its device
// attributes (DA1) behind the frames written so far: its answer comes once
// it has read them. For one that does not answer, a write to it that has
// waited tells. A presenter's class hears whether it responds; a session
// whose terminal has taken nothing for drainLimit ends.
func (ss *session) checkOutput() {
	if ss.finished.Load() {
		return
	}
	now := time.Now()
	var late time.Duration // how long the terminal has left output untaken
	switch at := ss.asked.Load(); {
	case !ss.answers:
		late = ss.screen.stuckFor(now)
	case at != 0:
		late = now.Sub(time.Unix(0, at))
	default:
		ss.asked.Store(now.UnixNano())
		ss.in.expectAnswer()
		ss.screen.askAttributes()
	}
	w := &ss.srv.watch
	if ss.presenter != nil {
		ss.presenter.Responding(late < w.presenterPatience)
	}
	if late >= w.drainLimit {
		ss.srv.log.Warn("dropped a session whose terminal took none of its output",
			"remote-addr", ss.s.RemoteAddr().String(), "for", late.Round(time.Second))
		ss.end("your terminal took none of the race's output for " + human(w.drainLimit))
		ss.closeConn() // nobody reads the reason
		return
	}
	ss.outputTimer.Reset(ss.outputCheckEvery())
}

// answered is called for each answer to the screen's query.
func (ss *session) answered() {
	ss.asked.Store(0)
	if ss.presenter != nil {
		ss.presenter.Responding(true)
	}
}

// clamp keeps a size the client sent within what is worth drawing: views
// allocate per cell, and a pty-req may claim 4294967295 columns.
// windowMsg is the client's window as the program sees it: a zero
// dimension is unknown (RFC 4254 says to ignore it) and taken as the
// classic 80×24; a huge one is clamped.
func windowMsg(w ssh.Window) tea.WindowSizeMsg {
	size := func(n, unknown, hi int) int {
		if n <= 0 {
			return unknown
		}
		return min(n, hi)
	}
	return tea.WindowSizeMsg{Width: size(w.Width, 80, maxWidth), Height: size(w.Height, 24, maxHeight)}
}

func (ss *session) startTimers() {
	cfg := &ss.srv.cfg
	// In a shared race nobody idles out: the presenter may talk for a quarter
	// of an hour without a key, and the class watches without typing.
	if cfg.IdleTimeout > 0 && !cfg.Shared {
		ss.idle = time.AfterFunc(cfg.IdleTimeout, func() {
			ss.end("disconnected after " + human(cfg.IdleTimeout) + " without input")
		})
	}
	if cfg.MaxSessionLength > 0 {
		ss.limit = time.AfterFunc(cfg.MaxSessionLength, func() {
			ss.end("this session reached its " + human(cfg.MaxSessionLength) + " limit; reconnect to go on")
		})
	}
}

// touch records activity: input from the client, or a new window size.
func (ss *session) touch() {
	if ss.idle != nil {
		ss.idle.Reset(ss.srv.cfg.IdleTimeout)
	}
}

// end stops the session's program without waiting for it; reason, when set,
// is told to the client afterwards. If the program cannot finish because its
// client stopped reading, the connection is closed after closeGrace.
func (ss *session) end(reason string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.ended {
		return
	}
	ss.ended, ss.reason = true, reason
	ss.cancel()
	ss.armCloseLocked()
}

func (ss *session) armCloseLocked() {
	if ss.closeTimer == nil {
		ss.closeTimer = time.AfterFunc(closeGrace, ss.closeConn)
	}
}

func (ss *session) closeConn() {
	if c := connOf(ss.s); c != nil {
		_ = c.Close()
	}
}

// finish tells the client why the session ended, if the server ended it,
// and sends the exit status: 0 when the client quit or the presenter ended
// the class (the lesson is over, nothing failed), 1 otherwise.
func (ss *session) finish(runErr error) {
	ss.finished.Store(true)
	for _, t := range []*time.Timer{ss.idle, ss.limit, ss.outputTimer} {
		if t != nil {
			t.Stop()
		}
	}
	farewell := ""
	if ss.presenter != nil {
		farewell = ss.presenter.Farewell()
	}
	ss.mu.Lock()
	ss.ended = true
	reason := ss.reason
	ss.armCloseLocked() // the writes below must not hang on a client that stopped reading
	t := ss.closeTimer
	ss.mu.Unlock()
	if ss.screen != nil {
		ss.screen.stop() // the terminal as it was, before the last line
	}
	ss.note.reason = reason
	if runErr != nil && reason == "" && ss.s.Context().Err() == nil {
		ss.srv.log.Debug("program ended", "remote-addr", ss.s.RemoteAddr(), "error", runErr)
	}
	code := 0
	switch {
	case reason != "":
		if reason != class.Ended {
			code = 1
		}
		_, _ = fmt.Fprintf(ss.s.Stderr(), "optirace: %s\n", reason)
	case farewell != "":
		_, _ = fmt.Fprintf(ss.s.Stderr(), "optirace: %s\n", farewell)
	}
	_ = ss.s.Exit(code)
	t.Stop()
	if ss.srv.isClosing() {
		// The client closes the connection on the exit status (closing it
		// here first makes ssh report a reset); one that does not is
		// closed shortly after, so that shutdown stays quick.
		time.AfterFunc(closeAfterExit, ss.closeConn)
	}
}

// recoverIn, deferred in the program's Update, View, Init and commands,
// turns a panic into an ended session and a logged stack.
func (ss *session) recoverIn(where string) {
	r := recover()
	if r == nil {
		return
	}
	ss.srv.log.Error("session panicked; closing it", "in", where, "remote-addr", ss.s.RemoteAddr(),
		"user", ss.s.User(), "panic", r, "stack", string(debug.Stack()))
	ss.end(msgPanic)
}

// guard wraps a session's model so that a panic in its Update, View, Init or
// a command ends only that session. (bubbletea would recover too, but would
// print the stack on the server's own terminal.)
type guard struct {
	m  tea.Model
	ss *session
}

// Init implements tea.Model.
func (g guard) Init() (cmd tea.Cmd) {
	defer g.ss.recoverIn("Init")
	return g.ss.guardCmd(g.m.Init())
}

// Update implements tea.Model. A new window size goes to the screen too,
// before the model draws for it.
func (g guard) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	next = g
	defer g.ss.recoverIn("Update")
	if size, ok := msg.(tea.WindowSizeMsg); ok && g.ss.screen != nil {
		g.ss.screen.resize(size.Width, size.Height)
	}
	m, cmd := g.m.Update(msg)
	return guard{m: m, ss: g.ss}, g.ss.guardCmd(cmd)
}

// View implements tea.Model; bubbletea calls it after every Update, and the
// frame goes to the session's screen.
func (g guard) View() (frame string) {
	defer g.ss.recoverIn("View")
	frame = g.m.View()
	if g.ss.screen != nil {
		g.ss.screen.show(frame)
	}
	return frame
}

// guardCmd wraps cmd, and the commands of a batch it returns, with recoverIn.
func (ss *session) guardCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer ss.recoverIn("Cmd")
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for i := range b {
				b[i] = ss.guardCmd(b[i])
			}
		}
		return msg
	}
}

// activityReader is the client's input; every read that brings bytes counts
// as activity.
type activityReader struct {
	r     io.Reader
	touch func()
}

func (a activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.touch()
	}
	return n, err
}

// human formats d without trailing zero units: 15m, 3h, 1h30m, 90s.
func human(d time.Duration) string {
	s := d.String()
	for _, suffix := range []string{"m0s", "h0m"} {
		if len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix {
			s = s[:len(s)-len(suffix)+1]
		}
	}
	return s
}
