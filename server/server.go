// Package server serves the optirace TUI over SSH: an independent race for
// every connection (sandbox), or one shared race that a presenter drives and
// every viewer follows live. It is built on wish, and hardened for a
// classroom network: a session limit, idle and length limits, a per-address
// rate limit, panic isolation, optional access control and a graceful stop.
package server

import (
	"cmp"
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/ratelimiter"
	"github.com/charmbracelet/wish/recover"
	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/wording"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// Defaults of the serve command's hardening flags.
const (
	DefaultAddr             = "127.0.0.1:2222"
	DefaultMaxSessions      = 200
	DefaultIdleTimeout      = 15 * time.Minute
	DefaultMaxSessionLength = 3 * time.Hour
	// DefaultRateLimit and DefaultRateBurst let 60 students behind one NAT
	// address join at once, and 30 more over the next 10 s.
	DefaultRateLimit = 3.0
	DefaultRateBurst = 60
	// DefaultKeepAliveInterval is how often the server asks each client
	// whether it is still there, as sshd's ClientAliveInterval does.
	DefaultKeepAliveInterval = 30 * time.Second
)

const (
	// maxWidth and maxHeight bound the window a session draws, whatever size
	// its client claims.
	maxWidth, maxHeight = 512, 256
	// closeGrace is how long an ended session's program may take to leave
	// before its connection is closed under it.
	closeGrace = 2 * time.Second
	// closeAfterExit is how long a client has to close its connection
	// itself after the exit status, when the server shuts down.
	closeAfterExit = 300 * time.Millisecond
	// noSessionTimeout closes connections that have no session: sshd's
	// LoginGraceTime, time enough to type a classroom password.
	noSessionTimeout = 2 * time.Minute
	// connSlack is how many connections beyond MaxSessions (and the
	// presenter's) may be open, to authenticate or to be told that the
	// server is full.
	connSlack = 64
	// keepAliveMisses is how many keepalive intervals a client may leave a
	// keepalive unanswered before its session ends (sshd's ClientAliveCountMax).
	keepAliveMisses = 3
	// rateLimitEntries is how many addresses the rate limiter remembers.
	rateLimitEntries = 4096
	// maxChannelsPerConn is how many session channels one connection may
	// have open at once: a client needs one (OpenSSH's connection sharing
	// may open a second); more would let one login hold many places.
	maxChannelsPerConn = 2
)

// Config configures a Server.
type Config struct {
	// Model holds the race flags (settings, objective, display); each
	// session adds its renderer and, when shared, its role.
	Model model.Options
	// HostKeyPath is the host key file, created on first use (see
	// DefaultHostKey).
	HostKeyPath string
	// LogPath, when the log goes to a file, is that file: the start-up line
	// says where the key and the log are.
	LogPath string

	// Shared serves one race: the presenter drives it, all others follow.
	Shared bool
	// LocalPresenter says that the presenter is the server's own terminal,
	// which presents through Class(); every SSH session is then a viewer.
	// Otherwise the presenter is the latest session whose proven key is in
	// PresenterKeys: a new one takes over from the one before (whose
	// connection may have hung), and ends it. Such sessions are never
	// refused as over MaxSessions.
	LocalPresenter bool
	// PresenterNotice is what an SSH presenter's status bar keeps saying
	// when nothing else is said, e.g. where students connect.
	PresenterNotice string
	PresenterKeys   []gossh.PublicKey
	// Anonymous keeps students' names off the presenter's screen (who voted
	// right, whose guesses came closest, who leads the challenge); a
	// student still sees their own answers.
	Anonymous bool

	// AuthorizedKeys and Password restrict who may connect; with neither,
	// anyone who reaches the address may.
	AuthorizedKeys []gossh.PublicKey
	Password       string

	// MaxSessions is the most sessions at once (0: DefaultMaxSessions), not
	// counting the presenter's.
	MaxSessions int
	// IdleTimeout ends a sandbox session without input for that long; in a
	// shared race (presenter and viewers) sessions do not idle out. 0 never does.
	IdleTimeout time.Duration
	// MaxSessionLength ends any session after that long; 0 never does.
	MaxSessionLength time.Duration
	// RateLimit is how many new sessions per second one address may open
	// once RateBurst are used up (0: no limit).
	RateLimit float64
	RateBurst int
	// KeepAliveInterval is how often each client is asked whether it is
	// still there; a session whose client has not answered for
	// keepAliveMisses intervals ends (0: DefaultKeepAliveInterval; negative:
	// never asked).
	KeepAliveInterval time.Duration

	// Logger receives connect and disconnect lines, warnings and panics
	// (nil: discard).
	Logger *log.Logger

	hooks testHooks
}

// testHooks let tests inject faults; they are nil in the program.
type testHooks struct {
	session     func(ssh.Session)         // called as a session starts
	model       func(tea.Model) tea.Model // wraps each session's model
	noSession   time.Duration             // replaces noSessionTimeout
	connCeiling int                       // replaces the connection ceiling
	warnEvery   time.Duration             // replaces warnEvery
	watch       outputWatch               // replaces the output watch's durations, those set
}

// Server serves the race TUI over SSH.
type Server struct {
	cfg       Config
	noSession time.Duration
	watch     outputWatch
	log       *log.Logger
	ssh       *ssh.Server
	hostKey   string       // the host key's SHA256 fingerprint
	class     *class.Class // the shared race; nil in a sandbox server
	access    access
	limiter   ratelimiter.RateLimiter

	sessions atomic.Int64 // sessions being handled, for the limit and logs
	conns    atomic.Int64 // open connections

	// connMu guards open, the open connections oldest first.
	connMu sync.Mutex
	open   *list.List

	// Recurring warnings, logged at most once per warnEvery.
	refusedConns, evictedConns, refusedKeys, refusedChannels, refusedRequests *recurringWarning

	mu      sync.Mutex
	live    map[*session]struct{}
	closing bool
	// presenterKeySessions counts the sessions, among sessions, that proved
	// a presenter key: MaxSessions does not count them.
	presenterKeySessions int64
	handlers             sync.WaitGroup // session handlers running, for Shutdown
}

// New returns a server for cfg, loading or creating its host key. It does
// not listen yet: see Serve.
func New(cfg Config) (*Server, error) {
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard)
	}
	if cfg.LocalPresenter && !cfg.Shared {
		return nil, errors.New("a local presenter needs a shared race")
	}
	if cfg.KeepAliveInterval == 0 {
		cfg.KeepAliveInterval = DefaultKeepAliveInterval
	}
	// The race at t = 0 checks the race flags, and is the shared race's
	// until a presenter publishes.
	start, err := class.Start(cfg.Model)
	if err != nil {
		return nil, err
	}
	signer, err := LoadOrCreateHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	every := cmp.Or(cfg.hooks.warnEvery, warnEvery)
	srv := &Server{
		cfg:       cfg,
		hostKey:   gossh.FingerprintSHA256(signer.PublicKey()),
		noSession: cmp.Or(cfg.hooks.noSession, noSessionTimeout),
		watch: outputWatch{
			drainLimit:          cmp.Or(cfg.hooks.watch.drainLimit, drainLimit),
			probeEvery:          cmp.Or(cfg.hooks.watch.probeEvery, probeEvery),
			presenterProbeEvery: cmp.Or(cfg.hooks.watch.presenterProbeEvery, presenterProbeEvery),
			presenterPatience:   cmp.Or(cfg.hooks.watch.presenterPatience, presenterPatience),
		},
		log:          cfg.Logger,
		open:         list.New(),
		refusedConns: newRecurringWarning(cfg.Logger, "refused connection: every open connection has a session", every),
		evictedConns: newRecurringWarning(cfg.Logger, "too many open connections: closed the oldest without a session", every),
		refusedKeys:  newRecurringWarning(cfg.Logger, "public key refused", every),
		refusedChannels: newRecurringWarning(cfg.Logger,
			"refused session: too many on one connection", every),
		refusedRequests: newRecurringWarning(cfg.Logger, "refused request: only the race is served", every),
		live:            map[*session]struct{}{},
		access: access{
			authorized: cfg.AuthorizedKeys,
			presenters: cfg.PresenterKeys,
			password:   []byte(cfg.Password),
		},
	}
	srv.access.refusedKeys = srv.refusedKeys
	if cfg.Password != "" {
		srv.access.guesses = newGuesses(srv.log)
	}
	if cfg.RateLimit > 0 {
		srv.limiter = ratelimiter.NewRateLimiter(rate.Limit(cfg.RateLimit), max(cfg.RateBurst, 1), rateLimitEntries)
	}
	if cfg.Shared {
		srv.class = class.New(class.Config{Start: start, Notice: cfg.PresenterNotice, Logger: cfg.Logger, Anonymous: cfg.Anonymous, MaxSteps: cfg.Model.MaxSteps})
	}
	opts := append(srv.access.options(),
		func(s *ssh.Server) error {
			s.AddHostKey(signer)
			s.ConnCallback = srv.acceptConn
			s.ChannelHandlers = map[string]ssh.ChannelHandler{"session": srv.sessionChannel, "default": srv.refuseChannel}
			s.RequestHandlers = map[string]ssh.RequestHandler{"default": srv.refuseRequest}
			return nil
		},
		wish.WithSubsystem("default", srv.refuseSubsystem),
		// Middlewares run last to first: track is the outermost, and the
		// recover middleware guards all of them. A session takes a place
		// among MaxSessions (admit) only once it passed every check.
		wish.WithMiddleware(recover.MiddlewareWithLogger(errorLogger{srv.log},
			srv.programMiddleware, srv.admitSession, requireTerminal, srv.authorize, srv.rateLimit, srv.track)),
	)
	// Backstops for connections our own timers cannot reach (a client stuck
	// mid-handshake, or one that stopped reading).
	if cfg.IdleTimeout > 0 && !cfg.Shared {
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute))
	}
	if cfg.MaxSessionLength > 0 {
		opts = append(opts, wish.WithMaxTimeout(cfg.MaxSessionLength+time.Minute))
	}
	srv.ssh, err = wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	return srv, nil
}

// Guessing returns a line for the presenter while someone is guessing the
// classroom password (an address tried 10 or more this minute, wrong or
// refused), naming the address that tries most: "someone at 192.0.2.7 is
// guessing the password (42 tries this minute)". It is "" otherwise. The
// log has the counts.
func (srv *Server) Guessing() string {
	if srv.access.guesses == nil {
		return ""
	}
	host, tried := srv.access.guesses.guesser()
	if host == "" {
		return ""
	}
	return "someone at " + host + " is guessing the password (" + strconv.Itoa(tried) + " tries this minute)"
}

// guessingCheck is how often a presenter is told whether someone guesses.
const guessingCheck = 2 * time.Second

// WatchGuessing calls tell with Guessing's line whenever it changes to a new
// one, until the returned stop: a presenter's status bar shows it.
func (srv *Server) WatchGuessing(tell func(string)) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(guessingCheck)
		defer t.Stop()
		last := ""
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if g := srv.Guessing(); g != last {
				last = g
				if g != "" {
					tell(g)
				}
			}
		}
	}()
	return sync.OnceFunc(func() { close(done) })
}

// PresenterHelp is the note a presenter's ? help adds: the host key's
// fingerprint, for students to check.
func (srv *Server) PresenterHelp() string {
	return "This server's host key is " + srv.hostKey + ": students check that ssh shows them the same the first time they connect."
}

// HostKeyFingerprint returns the host key's SHA256 fingerprint, as ssh
// shows it to a client that connects for the first time.
func (srv *Server) HostKeyFingerprint() string { return srv.hostKey }

// Class returns the shared race's class (nil unless Config.Shared): a local
// presenter presents through it.
func (srv *Server) Class() *class.Class { return srv.class }

// Serve accepts connections on ln until Shutdown. It returns nil after a
// shutdown, else the listener's error.
func (srv *Server) Serve(ln net.Listener) error {
	srv.logStart(ln.Addr())
	err := srv.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// orNever is a limit for the log: its duration, or "never" for 0.
func orNever(d time.Duration) string {
	if d == 0 {
		return "never"
	}
	return d.String()
}

func (srv *Server) logStart(addr net.Addr) {
	kv := []any{"addr", addr.String()}
	if srv.cfg.Shared {
		kv = append(kv, "mode", "shared", "max-sessions", srv.cfg.MaxSessions) // nobody idles out of a shared race
	} else {
		kv = append(kv, "mode", "sandbox", "max-sessions", srv.cfg.MaxSessions, "idle-timeout", orNever(srv.cfg.IdleTimeout))
	}
	kv = append(kv, "max-session-length", orNever(srv.cfg.MaxSessionLength), "access", srv.access.describe())
	switch keys := srv.cfg.PresenterKeys; {
	case !srv.cfg.Shared:
	case srv.cfg.LocalPresenter:
		kv = append(kv, "presenter", "this terminal")
	case len(keys) == 1:
		kv = append(kv, "presenter-key", gossh.FingerprintSHA256(keys[0]))
	default:
		kv = append(kv, "presenter-keys", len(keys))
	}
	if srv.cfg.RateLimit > 0 {
		kv = append(kv, "rate-limit", fmt.Sprintf("%g/s, burst %d", srv.cfg.RateLimit, srv.cfg.RateBurst))
	} else {
		kv = append(kv, "rate-limit", "off")
	}
	// Students check the key's fingerprint against the one ssh shows them.
	kv = append(kv, "host-key", srv.cfg.HostKeyPath, "host-key-sha256", srv.hostKey)
	if srv.cfg.LogPath != "" {
		kv = append(kv, "log", srv.cfg.LogPath)
	}
	srv.log.Info("listening", kv...)
	if tcp, ok := addr.(*net.TCPAddr); ok && !tcp.IP.IsLoopback() && !srv.access.controlled() {
		srv.log.Warn("reachable beyond this machine with no access control: anyone who can reach " +
			addr.String() + " can connect; restrict it with --authorized-keys FILE or --password")
	}
}

// Shutdown tells every session "server shutting down" and ends it, stops
// listening, and waits until the connections are closed or ctx ends, when
// it closes the rest.
func (srv *Server) Shutdown(ctx context.Context) error {
	return srv.ShutdownBecause(ctx, msgShutdown)
}

// ShutdownBecause is Shutdown telling every session reason instead, e.g.
// "the presenter ended the class".
//
// logKV, when given, is added to the "shutting down" log line, e.g. the
// signal that stopped the server.
func (srv *Server) ShutdownBecause(ctx context.Context, reason string, logKV ...any) error {
	srv.mu.Lock()
	srv.closing = true
	live := make([]*session, 0, len(srv.live))
	for ss := range srv.live {
		live = append(live, ss)
	}
	srv.mu.Unlock()
	srv.log.Info("shutting down", append([]any{"reason", reason, logSessions, len(live)}, logKV...)...)
	if srv.class != nil {
		srv.class.Close()
	}
	for _, w := range []*recurringWarning{srv.refusedConns, srv.evictedConns, srv.refusedKeys, srv.refusedChannels, srv.refusedRequests} {
		w.stop()
	}
	if srv.access.guesses != nil {
		srv.access.guesses.stop()
	}
	for _, ss := range live {
		ss.end(reason)
	}
	err := srv.ssh.Shutdown(ctx)
	_ = srv.ssh.Close()
	done := make(chan struct{})
	go func() {
		srv.handlers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		if err == nil {
			err = ctx.Err()
		}
	}
	return err
}

func (srv *Server) addSession(ss *session) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.closing {
		return false
	}
	srv.live[ss] = struct{}{}
	return true
}

// removeSession forgets a session whose program has ended; a presenter's
// leaves its seat (the class ends only when the presenter quits on purpose).
func (srv *Server) removeSession(ss *session) {
	if ss.presenter != nil {
		ss.presenter.Leave()
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	delete(srv.live, ss)
}

// admit counts a session in, unless the server is full, and returns the
// number of sessions with it (without it, when refused). A session that
// proved a presenter key is never refused, so that the teacher always gets
// in; each one ends the presenter session before it, so they cannot pile up.
func (srv *Server) admit(presenterKey bool) (n int64, ok bool) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	n = srv.sessions.Load()
	if !presenterKey && n-srv.presenterKeySessions >= int64(srv.cfg.MaxSessions) {
		return n, false
	}
	if presenterKey {
		srv.presenterKeySessions++
	}
	return srv.sessions.Add(1), true
}

// release counts a session out and returns how many are left.
func (srv *Server) release(presenterKey bool) int64 {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if presenterKey {
		srv.presenterKeySessions--
	}
	return srv.sessions.Add(-1)
}

// provesPresenterKey reports whether s proved a presenter key of a shared
// race presented over SSH.
func (srv *Server) provesPresenterKey(s ssh.Session) bool {
	return srv.class != nil && !srv.cfg.LocalPresenter && srv.access.isPresenter(s.PublicKey())
}

// enter counts a session handler in, unless the server is closing, so that
// Shutdown waits for it to finish, disconnect line included.
func (srv *Server) enter() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.closing {
		return false
	}
	srv.handlers.Add(1)
	return true
}

func (srv *Server) isClosing() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.closing
}

// roleOf is the role a session of this server gets: in a shared race, the
// presenter's if it proved a presenter key, else a viewer's.
func (srv *Server) roleOf(s ssh.Session) class.Role {
	switch {
	case srv.class == nil:
		return class.RoleSandbox
	case srv.provesPresenterKey(s):
		return class.RolePresenter
	default:
		return class.RoleViewer
	}
}

// claimRole decides what the session does with the race. A presenter takes
// the class's seat: the presenter session before it, if any, ends (its
// client may have hung, and the teacher reconnected).
func (srv *Server) claimRole(ss *session) class.Role {
	r := srv.roleOf(ss.s)
	if r == class.RolePresenter {
		ss.presenter = srv.class.Present(ss.end, "remote-addr", ss.s.RemoteAddr().String())
	}
	return r
}

// logSessions is the log lines' key for the number of sessions.
const logSessions = "sessions"

// note is what the track middleware logs when a session ends.
type note struct {
	role   class.Role
	reason string
	// admitted is set once the session took a place among MaxSessions and
	// its connect line is logged; a session refused before is logged as
	// refused instead.
	admitted bool
}

// notedSession carries the session's note to the inner middlewares, and
// the PTY as the session started. charmbracelet/ssh writes the PTY's window
// on every window-change without a lock, so Session.Pty is read only once,
// before the program takes the window changes from the channel.
type notedSession struct {
	ssh.Session
	note  *note
	pty   ssh.Pty
	winch <-chan ssh.Window
	isPty bool
}

// Pty implements ssh.Session, from the snapshot.
func (s notedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return s.pty, s.winch, s.isPty }

func noteOf(s ssh.Session) *note {
	if ns, ok := s.(notedSession); ok {
		return ns.note
	}
	return &note{}
}

// refuse ends a session before its program starts, telling the client why.
// A client that does not take the message in (one that stopped reading, or
// opened its channel with no window) loses its connection after closeGrace
// rather than hold the handler and its place.
func refuse(s ssh.Session, nt *note, reason string) {
	nt.reason = reason
	stop := time.AfterFunc(closeGrace, func() {
		if c := connOf(s); c != nil {
			_ = c.Close()
		}
	})
	defer stop.Stop()
	_, _ = fmt.Fprintf(s.Stderr(), "optirace: %s\n", reason)
	_ = s.Exit(1)
}

// sessionChannel is the "session" channel handler: charmbracelet/ssh's,
// refusing a channel beyond maxChannelsPerConn on one connection, with the
// reason as the channel's open failure (OpenSSH prints it on one line).
func (srv *Server) sessionChannel(s *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	tc, _ := ctx.Value(connKey{}).(*trackedConn)
	if tc != nil {
		if !tc.openChannel() {
			srv.refusedChannels.note("remote-addr", conn.RemoteAddr().String(), "user", conn.User())
			_ = ch.Reject(gossh.ResourceShortage, fmt.Sprintf(
				"optirace: one connection may hold %s at once; connect again for another", wording.Count(maxChannelsPerConn, "session")))
			return
		}
		defer tc.closeChannel()
	}
	ssh.DefaultSessionHandler(s, conn, ch, ctx)
}

// What a client that asks for anything but the race reads, on one line:
// OpenSSH prints a refused channel's reason ("channel 2: open failed:
// administratively prohibited: …"), and sftp what the session writes on
// stderr.
const (
	msgNoChannel   = "optirace: serves the race only, on a terminal: no port forwarding (ssh -L, -D) or other channels"
	msgNoSubsystem = "optirace: serves the race only, on a terminal: no file transfer (sftp, scp) or other subsystem; connect with plain ssh"
)

// refuseChannel refuses a channel other than a session (ssh -L and -D open
// direct-tcpip channels) with msgNoChannel.
func (srv *Server) refuseChannel(_ *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, _ ssh.Context) {
	srv.refusedRequests.note("type", ch.ChannelType(), "remote-addr", conn.RemoteAddr().String(), "user", conn.User())
	_ = ch.Reject(gossh.Prohibited, msgNoChannel)
}

// refuseSubsystem ends a session that asked for a subsystem (sftp, and scp
// since OpenSSH 9) with msgNoSubsystem and exit status 1.
func (srv *Server) refuseSubsystem(s ssh.Session) {
	srv.refusedRequests.note("type", "subsystem "+s.Subsystem(), "remote-addr", s.RemoteAddr().String(), "user", s.User())
	refuse(s, &note{}, strings.TrimPrefix(msgNoSubsystem, "optirace: "))
}

// refuseRequest refuses a connection's global requests: remote forwarding
// (ssh -R) is logged, since the protocol has no room for a reason (OpenSSH
// prints "remote port forwarding failed"); keepalives and the like are only
// answered.
func (srv *Server) refuseRequest(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	if strings.Contains(req.Type, "forward") {
		srv.refusedRequests.note("type", req.Type, "remote-addr", ctx.RemoteAddr().String(), "user", ctx.User())
	}
	return false, nil
}

// track logs each session's end, or its refusal, and holds off Shutdown
// until it is logged. It is the outermost middleware; admitSession, the
// innermost check, counts the session in and logs its start.
func (srv *Server) track(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if !srv.enter() {
			refuse(s, &note{}, msgShutdown)
			return
		}
		defer srv.handlers.Done() // after the disconnect line below
		if c := connOf(s); c != nil {
			c.sessionStarted()
			defer c.sessionEnded()
		}
		nt := &note{}
		pty, winch, isPty := s.Pty()
		ns := notedSession{Session: s, note: nt, pty: pty, winch: winch, isPty: isPty}
		defer func() {
			if nt.admitted || nt.reason == "" {
				return // admitSession logs it; or the handler panicked (logged)
			}
			srv.log.Info("refused", "remote-addr", s.RemoteAddr().String(), "user", s.User(),
				logSessions, srv.sessions.Load(), "reason", nt.reason)
		}()
		next(ns)
	}
}

// admitSession counts a session in, unless the server is full, and logs its
// connect and disconnect lines. It runs after every check (rate, access,
// terminal), so that a session refused by one never holds a place.
func (srv *Server) admitSession(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		nt := noteOf(s)
		presenterKey := srv.provesPresenterKey(s)
		n, ok := srv.admit(presenterKey)
		if !ok {
			refuse(s, nt, fmt.Sprintf("server full (%s), try again later", wording.Count(srv.cfg.MaxSessions, "session")))
			return
		}
		nt.admitted = true
		start := time.Now()
		pty, _, _ := s.Pty()
		kv := []any{"remote-addr", s.RemoteAddr().String(), "user", s.User(), logSessions, n}
		if srv.cfg.Shared {
			kv = append(kv, "role", srv.roleOf(s).String()) // as claimRole will decide
		}
		srv.log.Info("connect", append(kv, "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height)...)
		defer func() {
			left := srv.release(presenterKey)
			kv := []any{
				"remote-addr", s.RemoteAddr().String(), "user", s.User(), logSessions, left,
				"duration", time.Since(start).Round(time.Millisecond),
			}
			if srv.cfg.Shared && nt.role != class.RoleNone { // refused before it had one
				kv = append(kv, "role", nt.role.String())
			}
			if nt.reason != "" {
				kv = append(kv, "reason", nt.reason)
			}
			srv.log.Info("disconnect", kv...)
		}()
		next(s)
	}
}

// rateLimit refuses an address that opens sessions too fast.
func (srv *Server) rateLimit(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if srv.limiter != nil && srv.limiter.Allow(s) != nil {
			refuse(s, noteOf(s), "too many new sessions from your address, try again in a few seconds")
			return
		}
		next(s)
	}
}

// authorize checks the key the session proved against the access rules.
func (srv *Server) authorize(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if !srv.access.allowed(s.PublicKey()) {
			refuse(s, noteOf(s), "not authorised")
			return
		}
		next(s)
	}
}

// requireTerminal refuses sessions without a PTY (ssh -T, ssh host cmd) and
// commands, before any model is built.
func requireTerminal(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if _, _, ok := s.Pty(); !ok {
			refuse(s, noteOf(s), "needs an interactive terminal: connect with plain ssh, or ssh -t, and no command")
			return
		}
		if s.RawCommand() != "" {
			refuse(s, noteOf(s), "runs no commands: connect with plain ssh and no command")
			return
		}
		next(s)
	}
}

func (srv *Server) programMiddleware(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		srv.runProgram(s)
		next(s)
	}
}

// errorLogger adapts the logger to the recover middleware.
type errorLogger struct{ l *log.Logger }

func (e errorLogger) Printf(format string, v ...any) { e.l.Errorf(format, v...) }
