package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/server"
	"github.com/optirace/optirace/wording"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

// shutdownGrace is how long sessions get to hear "server shutting down"
// before their connections are closed; the process exits within 5 s of a
// signal.
const shutdownGrace = 4 * time.Second

// serveFlags are optirace serve's own flags.
type serveFlags struct {
	addr, hostKey, logFile        string
	hostKeySet                    bool // --host-key given
	legacyKey                     bool // the default key is one an older optirace left here
	logPath                       string
	shared, anonymous             bool
	presenterKey, authorizedKeys  string
	password                      string
	passwordSet                   bool // --password given, if empty
	maxSessions                   int
	idleTimeout, maxSessionLength time.Duration
	rateLimit                     float64
	rateBurst                     int
}

func newServeCmd() *cobra.Command {
	flags := newRaceFlags()
	sf := serveFlags{
		maxSessions: server.DefaultMaxSessions,
		idleTimeout: server.DefaultIdleTimeout, maxSessionLength: server.DefaultMaxSessionLength,
		rateLimit: server.DefaultRateLimit, rateBurst: server.DefaultRateBurst,
	}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the race over SSH, so that a class joins with ssh alone",
		Long: `optirace serve serves the race TUI over SSH: students run only
ssh -p 2222 HOST. By default every connection gets a race of its own; with
--shared the presenter drives one race that every viewer follows live.

With --presenter-key FILE the presenter is the SSH user who proves that key
(the latest session with it: reconnecting takes over from a hung one);
without it, this terminal presents (it must be interactive), and q there
ends the class. --addr :2222 opens the server to the network: use
--authorized-keys or --password there, e.g. in a classroom:
  OPTIRACE_PASSWORD=... optirace serve --shared --addr :2222`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, flags, &sf)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	sf.addr = server.DefaultAddr
	fs.Var(&listenAddr{v: &sf.addr}, "addr", "address to listen on, host:port; :2222 opens it to the network")
	// The default shown is the one that applies: the user's, or one an older
	// optirace left in this folder.
	sf.hostKey, sf.legacyKey, _ = server.DefaultHostKey()
	fs.StringVar(&sf.hostKey, "host-key", sf.hostKey,
		"ed25519 host key `FILE`, created (mode 0600) on first run; its folder must exist, except the default's (one per user, the same from any folder)")
	fs.BoolVar(&sf.shared, "shared", false, "one race driven by the presenter, followed live by every viewer")
	fs.StringVar(&sf.presenterKey, "presenter-key", "", "with --shared: the SSH user with a public key in `FILE` presents")
	fs.BoolVar(&sf.anonymous, "anonymous", false, "with --shared: no student's name on the presenter's screen (votes, guesses, challenge)")
	fs.StringVar(&sf.authorizedKeys, "authorized-keys", "", "let in only the public keys in `FILE` (authorized_keys format)")
	fs.StringVar(&sf.password, "password", "", "a classroom password (or set OPTIRACE_PASSWORD, which ps does not show)")
	fs.Var(&intRange{v: &sf.maxSessions, lo: 1, hi: 10000}, "max-sessions", "most sessions at once")
	fs.Var(&durationValue{v: &sf.idleTimeout}, "idle-timeout",
		"end a sandbox session after this long without input (auto-play does not count; with --shared nobody idles out); 0 never")
	fs.Var(&durationValue{v: &sf.maxSessionLength}, "max-session-length", "end any session after this long; 0 never")
	fs.Var(&floatRange{v: &sf.rateLimit, allowed: "0 (no limit) or a finite number > 0", ok: nonNegative}, "rate-limit",
		"new sessions per second from one address, after the burst; 0 no limit")
	fs.Var(&intRange{v: &sf.rateBurst, lo: 1, hi: maxRateBurst}, "rate-burst", "new sessions one address may open at once, 1 to 10000")
	fs.StringVar(&sf.logFile, "log", "", "append logs to `FILE`, in a folder that exists, instead of stderr (default with a local presenter: serve.log beside the host key)")
	flags.register(fs)
	flags.registerMaxSteps(fs)
	flags.registerDisplay(fs)
	return cmd
}

func runServe(cmd *cobra.Command, flags *raceFlags, sf *serveFlags) error {
	if err := flags.check(); err != nil {
		return err
	}
	opts := flags.modelOptions()
	if _, err := class.Start(opts); err != nil {
		return UsageError{err}
	}
	sf.passwordSet = cmd.Flags().Changed("password")
	sf.hostKeySet = cmd.Flags().Changed("host-key")
	cfg, err := sf.config(cmd.InOrStdin())
	if err != nil {
		return err
	}
	cfg.Model = opts
	logTo, closeLog, err := sf.logWriter(cmd.ErrOrStderr(), cfg.LocalPresenter)
	if err != nil {
		return err
	}
	defer closeLog()
	cfg.LogPath = sf.logPath
	cfg.Logger = log.NewWithOptions(logTo, log.Options{ReportTimestamp: true, TimeFormat: time.DateTime, Prefix: "optirace"})
	var lc net.ListenConfig
	ln, err := lc.Listen(cmd.Context(), "tcp", sf.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", sf.addr, err)
	}
	ifaceAddrs, _ := net.InterfaceAddrs() // none found: the notice keeps a placeholder
	notice := joinNotice(ln.Addr(), len(cfg.AuthorizedKeys) > 0 || cfg.Password != "", ifaceAddrs)
	cfg.PresenterNotice = notice // an SSH presenter's status bar says it too
	srv, err := server.New(cfg)
	if err != nil {
		_ = ln.Close()
		if hk := (*server.HostKeyError)(nil); errors.As(err, &hk) {
			return usageErrorf("--host-key: %v", hk) // e.g. a folder this user cannot write to
		}
		return err
	}
	sf.tellHostKey(cmd.ErrOrStderr(), cfg.Logger, srv.HostKeyFingerprint())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	ctx := cmd.Context()
	farewell := "" // the class's, when the local presenter ended it
	if cfg.LocalPresenter {
		farewell, err = presentLocally(ctx, cmd, srv, opts)
	} else {
		select {
		case <-ctx.Done():
		case err = <-served:
			return err // the listener failed
		}
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	reason := "server shutting down"
	if farewell != "" {
		reason = class.Ended // quit from the TUI, not a signal
	}
	if serr := srv.ShutdownBecause(sctx, reason, signalOf(ctx)...); serr != nil {
		cfg.Logger.Warn("shutdown", "error", serr)
	}
	if serr := <-served; err == nil {
		err = serr
	}
	cfg.Logger.Info("stopped")
	if cfg.LocalPresenter && err == nil { // the TUI has given the terminal back
		_, _ = fmt.Fprintln(cmd.ErrOrStderr(), lastLine(farewell, signalOf(ctx)))
	}
	return err
}

// lastLine is the line a local presenter's terminal reads once the TUI has
// given it back: the class's farewell when the presenter ended the class
// (class.Farewell: for how many), else that the server stopped, and which
// signal (as signalOf gives it) stopped it.
func lastLine(farewell string, signal []any) string {
	switch {
	case farewell != "":
		return "optirace: " + farewell
	case len(signal) == 2:
		return fmt.Sprintf("optirace: the server stopped (%v)", signal[1])
	}
	return "optirace: the server stopped"
}

// signalOf is, for the shutdown log line, the signal that ended ctx
// (signal.NotifyContext names it as the context's cause): "signal",
// "interrupt". It is empty when no signal did.
func signalOf(ctx context.Context) []any {
	cause := context.Cause(ctx)
	if ctx.Err() == nil || cause == nil || cause == ctx.Err() {
		return nil
	}
	return []any{"signal", strings.TrimSuffix(cause.Error(), " signal received")}
}

// listenAddr is a pflag.Value for a TCP address to listen on, host:port with
// a port from 0 to 65535, so that a typo is a usage error, not a failure to
// listen.
type listenAddr struct{ v *string }

func (a *listenAddr) String() string {
	if a.v == nil {
		return ""
	}
	return *a.v
}

func (a *listenAddr) Set(text string) error {
	_, port, err := net.SplitHostPort(text)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return errors.New("must be host:port with a port from 0 to 65535, e.g. 127.0.0.1:2222 or :2222")
	}
	*a.v = text
	return nil
}

func (a *listenAddr) Type() string { return "string" }

// config turns the flags into the server's configuration.
func (sf *serveFlags) config(stdin io.Reader) (server.Config, error) {
	cfg := server.Config{
		Shared:           sf.shared,
		MaxSessions:      sf.maxSessions,
		IdleTimeout:      sf.idleTimeout,
		MaxSessionLength: sf.maxSessionLength,
		RateLimit:        sf.rateLimit,
		RateBurst:        sf.rateBurst,
		Password:         sf.password,
		Anonymous:        sf.anonymous,
	}
	if sf.passwordSet && strings.TrimSpace(sf.password) == "" {
		return cfg, usageErrorf("--password: empty; give the classroom password, or leave the flag out for none")
	}
	if sf.presenterKey != "" && !sf.shared {
		return cfg, usageErrorf("--presenter-key needs --shared")
	}
	if sf.anonymous && !sf.shared {
		return cfg, usageErrorf("--anonymous needs --shared: only a shared race asks the class")
	}
	if !sf.hostKeySet {
		if sf.hostKey == "" { // DefaultHostKey found neither a config folder nor a legacy key
			_, _, err := server.DefaultHostKey()
			return cfg, usageErrorf("--host-key: %v", err)
		}
	} else {
		sf.legacyKey = false
	}
	if err := checkHostKeyPath(sf.hostKey, !sf.hostKeySet); err != nil {
		return cfg, err
	}
	cfg.HostKeyPath = sf.hostKey
	if cfg.Password == "" {
		pw, set := os.LookupEnv("OPTIRACE_PASSWORD")
		if set && strings.TrimSpace(pw) == "" {
			return cfg, usageErrorf("OPTIRACE_PASSWORD is set but empty; give the classroom password, or unset it for none")
		}
		cfg.Password = pw
	}
	var err error
	if sf.authorizedKeys != "" {
		if cfg.AuthorizedKeys, err = readKeys("--authorized-keys", sf.authorizedKeys); err != nil {
			return cfg, err
		}
	}
	if sf.presenterKey != "" {
		if cfg.PresenterKeys, err = readKeys("--presenter-key", sf.presenterKey); err != nil {
			return cfg, err
		}
	} else if sf.shared {
		// An explicit --presenter-key wins; without one the presenter is this
		// terminal, which must then be one.
		if !isTerminal(stdin) {
			return cfg, usageErrorf("--shared needs an interactive terminal to present from, or --presenter-key FILE")
		}
		cfg.LocalPresenter = true
	}
	return cfg, nil
}

// maxRateBurst bounds --rate-burst like --max-sessions: a larger burst
// could never be used.
const maxRateBurst = 10000

// nonNegative reports whether x is 0 or a finite number > 0.
func nonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 0) }

// checkHostKeyPath refuses a --host-key path the server cannot use, before
// anything is created: an empty one, a folder, a key the server would
// refuse, or one in a folder that does not exist. Only the default key's
// folder (isDefault) may be missing: the server creates it.
func checkHostKeyPath(path string, isDefault bool) error {
	if path == "" {
		return usageErrorf("--host-key: empty; give a file path, e.g. ~/.config/optirace/ssh_host_ed25519")
	}
	if info, err := os.Stat(path); err == nil {
		if info.IsDir() {
			return usageErrorf("--host-key: %s is a folder; give a file path", path)
		}
		// An existing key is only read: one the server would refuse (open
		// to others, unreadable, not a key) is refused here, as a flag.
		if _, err := server.LoadOrCreateHostKey(path); err != nil {
			return usageErrorf("--host-key: %v", err)
		}
		return nil
	}
	dir := filepath.Dir(path)
	if isDefault {
		return nil
	}
	switch info, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return usageErrorf("--host-key: folder %s does not exist; create it first", dir)
	case err != nil:
		return usageErrorf("--host-key: %v", wording.FileProblem(err))
	case !info.IsDir():
		return usageErrorf("--host-key: %s is not a folder", dir)
	}
	return nil
}

func readKeys(flag, path string) ([]gossh.PublicKey, error) {
	keys, err := server.ReadAuthorizedKeys(path)
	if err != nil {
		if b, rerr := os.ReadFile(path); rerr == nil && bytes.Contains(b, []byte("PRIVATE KEY-----")) {
			return nil, usageErrorf("%s: %s is a private key; give the public one (%s.pub)", flag, path, path)
		}
		return nil, usageErrorf("%s: %v", flag, err)
	}
	return keys, nil
}

// logWriter returns where logs go: --log, else stderr, except that a local
// presenter's TUI owns the terminal, so its logs go to a file.
func (sf *serveFlags) logWriter(stderr io.Writer, localPresenter bool) (io.Writer, func(), error) {
	path := sf.logFile
	if path == "" && localPresenter {
		path = filepath.Join(filepath.Dir(sf.hostKey), "serve.log")
	}
	if path == "" {
		return stderr, func() {}, nil
	}
	if sf.logFile == "" {
		// serve.log goes beside the host key, whose folder exists or is the
		// default one, which the server would create anyway.
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, nil, usageErrorf("--host-key: cannot create folder %s (for the key and serve.log): %v",
				filepath.Dir(path), wording.FileProblem(err))
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		if sf.logFile == "" {
			return nil, nil, fmt.Errorf("cannot open the log file %s: %w", path, wording.FileProblem(err))
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, usageErrorf("--log: folder %s does not exist; create it first", filepath.Dir(path))
		}
		return nil, nil, usageErrorf("--log: cannot open %s: %v", path, wording.FileProblem(err))
	}
	sf.logPath = path
	return f, func() { _ = f.Close() }, nil
}

// tellHostKey says which host key the server presents, and its fingerprint:
// the start-up log line says it, and when the log goes to a file (the
// terminal is the presenter's), so does a line on stderr, with where the
// log is. A key that an older optirace left in this folder is used, with a
// note on how to keep it for good.
func (sf *serveFlags) tellHostKey(stderr io.Writer, logger *log.Logger, fingerprint string) {
	if sf.logPath != "" {
		_, _ = fmt.Fprintf(stderr, "optirace: host key %s, %s; logging to %s\n", sf.hostKey, fingerprint, sf.logPath)
	}
	if !sf.legacyKey {
		return
	}
	note := "this folder's " + server.LegacyHostKey + ", left by an older optirace, is the host key, so that students' known_hosts stay valid"
	if config, err := os.UserConfigDir(); err == nil {
		note += "; to present it from any folder, move it to " + filepath.Join(config, "optirace") + "/"
	}
	logger.Warn(note)
	if sf.logPath != "" {
		_, _ = fmt.Fprintf(stderr, "optirace: note: %s\n", note)
	}
}

// joinNotice tells the presenter how students join, and warns when anyone
// on the network can (the log says so too, but the presenter's screen
// covers the terminal). ifaceAddrs are this machine's addresses, to name one
// students can reach. The warning comes first and is short: a 120-column
// status bar shows it whole, with the command and an IPv4 address.
func joinNotice(addr net.Addr, controlled bool, ifaceAddrs []net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return ""
	}
	port := strconv.Itoa(tcp.Port)
	if tcp.IP.IsLoopback() {
		return "local only · --addr :" + port + " lets students in"
	}
	host := "<this machine's address>"
	if ip := reachableIP(tcp.IP, ifaceAddrs); ip != nil {
		host = ip.String()
	}
	// The command itself says what it is for; it fits 80 columns beside the
	// step, the play state and the viewer count.
	notice := "ssh -p " + port + " " + host
	if !controlled {
		notice += " · open to all"
	}
	return notice
}

// reachableIP returns the address students can reach a server listening on
// ip at: ip itself, or when it is unspecified (:2222), this machine's first
// IPv4 address that is neither loopback nor link-local, else its first such
// IPv6 address; nil when there is none.
func reachableIP(ip net.IP, ifaceAddrs []net.Addr) net.IP {
	if !ip.IsUnspecified() {
		return ip
	}
	var v6 net.IP
	for _, a := range ifaceAddrs {
		n, ok := a.(*net.IPNet)
		if !ok || !n.IP.IsGlobalUnicast() {
			continue // loopback, link-local, multicast
		}
		if n.IP.To4() != nil {
			return n.IP
		}
		if v6 == nil && ip.To4() == nil {
			v6 = n.IP
		}
	}
	return v6
}

// presentLocally runs the presenter's TUI on this terminal until it quits or
// ctx ends; its race is the one every SSH viewer follows. It returns the
// class's farewell if the presenter ended the class.
func presentLocally(ctx context.Context, cmd *cobra.Command, srv *server.Server, base model.Options) (string, error) {
	cls := srv.Class()
	seat := cls.Present(nil, "presenter", "this terminal")
	defer seat.Leave() // a signal ended it: the class ends with the server
	opts := class.ModelOptions(base, class.RolePresenter, seat, nil)
	opts.HelpNote = srv.PresenterHelp()
	opts.Mono = useTerminal(cmd.InOrStdin(), cmd.OutOrStdout())
	m, err := model.New(opts)
	if err != nil {
		return "", UsageError{err}
	}
	seat.Publish(m.Frozen()) // viewers see the presenter's play state from the start
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithoutSignalHandler(),
		tea.WithInput(cmd.InOrStdin()), tea.WithOutput(cmd.OutOrStdout()))
	stop := cls.WatchViewers(func(n class.Count) { p.Send(model.ViewersMsg{Count: n.Viewers, OwnCopy: n.OwnCopy}) })
	defer stop()
	defer srv.WatchGuessing(func(g string) { p.Send(model.NoteMsg{Note: g}) })()
	defer seat.WatchRoom(func(m model.RoomMsg) { p.Send(m) })() // the tallies and leaderboard
	_, err = p.Run()
	return seat.Farewell(), presenterExit(err)
}

// presenterExit is how the local presenter's TUI ended, as presentLocally
// returns it: nil when it quit or a signal ended it, else the error. A panic
// comes back from bubbletea as ErrProgramKilled and ErrProgramPanic at once:
// it is a failure, not a way to leave, so it is checked first.
func presenterExit(err error) error {
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return errPresenterPanicked
	case errors.Is(err, context.Canceled), errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled):
		return nil // a signal is a normal way to leave
	}
	return err
}

// errPresenterPanicked ends the server when the local presenter's TUI
// panicked (bubbletea has printed the stack on the terminal).
var errPresenterPanicked = errors.New("the presenter's screen failed (a panic; the stack is above), so the server stopped")
