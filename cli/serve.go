package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/server"
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
	shared                        bool
	presenterKey, authorizedKeys  string
	password                      string
	maxSessions                   int
	idleTimeout, maxSessionLength time.Duration
	rateLimit                     float64
	rateBurst                     int
}

func newServeCmd() *cobra.Command {
	flags := newRaceFlags()
	sf := serveFlags{maxSessions: server.DefaultMaxSessions}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the race over SSH, so that a class joins with ssh alone",
		Long: `optirace serve serves the race TUI over SSH: students run only
ssh -p 2222 HOST. By default every connection gets a race of its own; with
--shared the presenter drives one race that every viewer follows live.

With --presenter-key FILE the presenter is the SSH user who proves that key;
without it, this terminal presents (it must be interactive), and q there
ends the class. --addr :2222 opens the server to the network: use
--authorized-keys or --password there.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, flags, &sf)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&sf.addr, "addr", server.DefaultAddr, "address to listen on; :2222 opens it to the network")
	fs.StringVar(&sf.hostKey, "host-key", server.DefaultHostKey, "ed25519 host key file, created (mode 0600) on first run")
	fs.BoolVar(&sf.shared, "shared", false, "one race driven by the presenter, followed live by every viewer")
	fs.StringVar(&sf.presenterKey, "presenter-key", "", "with --shared: the SSH user with a public key in `FILE` presents")
	fs.StringVar(&sf.authorizedKeys, "authorized-keys", "", "let in only the public keys in `FILE` (authorized_keys format)")
	fs.StringVar(&sf.password, "password", "", "a classroom password (or set OPTIRACE_PASSWORD, which ps does not show)")
	fs.Var(&intRange{v: &sf.maxSessions, lo: 1, hi: 10000}, "max-sessions", "most sessions at once")
	fs.DurationVar(&sf.idleTimeout, "idle-timeout", server.DefaultIdleTimeout,
		"end a session after this long without input (a viewer's presenter stepping counts); 0 never")
	fs.DurationVar(&sf.maxSessionLength, "max-session-length", server.DefaultMaxSessionLength, "end any session after this long; 0 never")
	fs.Float64Var(&sf.rateLimit, "rate-limit", server.DefaultRateLimit, "new sessions per second from one address, after the burst; 0 no limit")
	fs.IntVar(&sf.rateBurst, "rate-burst", server.DefaultRateBurst, "new sessions one address may open at once")
	fs.StringVar(&sf.logFile, "log", "", "append logs to `FILE` instead of stderr (default with a local presenter: serve.log beside the host key)")
	flags.register(fs)
	flags.registerMaxSteps(fs)
	flags.registerDisplay(fs)
	return cmd
}

func runServe(cmd *cobra.Command, flags *raceFlags, sf *serveFlags) error {
	opts := flags.modelOptions()
	if _, err := model.New(opts); err != nil {
		return UsageError{err}
	}
	if _, port, err := net.SplitHostPort(sf.addr); err != nil || port == "" {
		return usageErrorf("invalid argument %q for \"--addr\" flag: must be host:port, e.g. 127.0.0.1:2222 or :2222", sf.addr)
	}
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
	cfg.Logger = log.NewWithOptions(logTo, log.Options{ReportTimestamp: true, TimeFormat: time.DateTime, Prefix: "optirace"})
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(cmd.Context(), "tcp", sf.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", sf.addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	ctx := cmd.Context()
	if cfg.LocalPresenter {
		opts.ConfirmQuit = true
		opts.Notice = joinNotice(ln.Addr(), len(cfg.AuthorizedKeys) > 0 || cfg.Password != "")
		err = presentLocally(ctx, cmd, srv, opts)
	} else {
		select {
		case <-ctx.Done():
		case err = <-served:
			return err // the listener failed
		}
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		cfg.Logger.Warn("shutdown", "error", serr)
	}
	if serr := <-served; err == nil {
		err = serr
	}
	cfg.Logger.Info("stopped")
	return err
}

// config turns the flags into the server's configuration.
func (sf *serveFlags) config(stdin io.Reader) (server.Config, error) {
	cfg := server.Config{
		HostKeyPath:      sf.hostKey,
		Shared:           sf.shared,
		MaxSessions:      sf.maxSessions,
		IdleTimeout:      sf.idleTimeout,
		MaxSessionLength: sf.maxSessionLength,
		RateLimit:        sf.rateLimit,
		RateBurst:        sf.rateBurst,
		Password:         sf.password,
	}
	switch {
	case sf.idleTimeout < 0, sf.maxSessionLength < 0:
		return cfg, usageErrorf("--idle-timeout and --max-session-length must not be negative")
	case sf.rateLimit < 0 || sf.rateBurst < 1:
		return cfg, usageErrorf("--rate-limit must not be negative, --rate-burst must be at least 1")
	case sf.presenterKey != "" && !sf.shared:
		return cfg, usageErrorf("--presenter-key needs --shared")
	}
	if cfg.Password == "" {
		cfg.Password = os.Getenv("OPTIRACE_PASSWORD")
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

func readKeys(flag, path string) ([]gossh.PublicKey, error) {
	keys, err := server.ReadAuthorizedKeys(path)
	if err != nil {
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
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	_, _ = fmt.Fprintf(stderr, "optirace: logging to %s\n", path)
	return f, func() { _ = f.Close() }, nil
}

// presentLocally runs the presenter's TUI on this terminal until it quits or
// ctx ends; its race is the one every SSH viewer follows.
// joinNotice tells the presenter how students join, and warns when anyone
// on the network can (the log says so too, but the presenter's screen
// covers the terminal).
func joinNotice(addr net.Addr, controlled bool) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return ""
	}
	port := strconv.Itoa(tcp.Port)
	if tcp.IP.IsLoopback() {
		return "students on this machine: ssh -p " + port + " localhost"
	}
	notice := "students: ssh -p " + port + " <this machine's address>"
	if !controlled {
		notice += " · WARNING: open to the network with no access control"
	}
	return notice
}

func presentLocally(ctx context.Context, cmd *cobra.Command, srv *server.Server, opts model.Options) error {
	hub := srv.Hub()
	opts.OnChange = hub.Publish
	m, err := model.New(opts)
	if err != nil {
		return UsageError{err}
	}
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithoutSignalHandler(),
		tea.WithInput(cmd.InOrStdin()), tea.WithOutput(cmd.OutOrStdout()))
	stop := hub.WatchViewers(func(n int) { p.Send(model.ViewersMsg{Count: n}) })
	defer stop()
	_, err = p.Run()
	if errors.Is(err, context.Canceled) || errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return nil // a signal is a normal way to leave
	}
	return err
}
