package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/server"
	"github.com/optirace/optirace/server/termclient"
	gossh "golang.org/x/crypto/ssh"
)

func TestServeUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shared"}, "--shared needs an interactive terminal to present from, or --presenter-key FILE"},
		{[]string{"--presenter-key", "k.pub"}, "--presenter-key needs --shared"},
		{[]string{"--anonymous"}, "--anonymous needs --shared: only a shared race asks the class"},
		{[]string{"--max-sessions", "0"}, "must be an integer from 1 to 10000"},
		{[]string{"--idle-timeout", "-1s"}, "must not be negative"},
		{[]string{"--authorized-keys", filepath.Join(dir, "none")}, "--authorized-keys: open"},
		{[]string{"--gd.lr", "-1"}, "must be a finite number > 0"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"--addr", "127.0.0.1:99999"}, `invalid argument "127.0.0.1:99999" for "--addr" flag: must be host:port with a port from 0 to 65535`},
		{[]string{"--addr", "2222"}, "must be host:port"},
		{[]string{"--addr", "localhost:ssh"}, "must be host:port"},
		{[]string{"--addr", ":-1"}, "must be host:port"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			args := append([]string{"serve", "--host-key", filepath.Join(dir, "key")}, tc.args...)
			out, errOut, code := run(t, args...)
			if code != 2 || out != "" || !strings.HasPrefix(errOut, "optirace: ") ||
				!strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and one line with %q", code, out, errOut, tc.want)
			}
		})
	}
}

// TestServeFlagValues: each bad serve flag value is refused with one line
// naming that flag alone and what it allows, before anything starts.
func TestServeFlagValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const (
		rateLimit = "must be 0 (no limit) or a finite number > 0"
		burst     = "must be an integer from 1 to 10000"
		unit      = "not a duration: use a number with a unit, like 15m or 90s, or 0 for never"
		negative  = "must not be negative: use a duration like 15m or 90s, or 0 for never"
	)
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	private := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(private, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--rate-limit", "nan"}, `invalid argument "nan" for "--rate-limit" flag: ` + rateLimit},
		{[]string{"--rate-limit", "inf"}, `invalid argument "inf" for "--rate-limit" flag: ` + rateLimit},
		{[]string{"--rate-limit", "-1"}, `invalid argument "-1" for "--rate-limit" flag: ` + rateLimit},
		{[]string{"--rate-limit", ""}, `invalid argument "" for "--rate-limit" flag: empty: ` + rateLimit},
		{[]string{"--rate-limit", "1e309"}, `invalid argument "1e309" for "--rate-limit" flag: too large: ` + rateLimit},
		{[]string{"--rate-limit", "0x3"}, `invalid argument "0x3" for "--rate-limit" flag: hexadecimal is not accepted: ` + rateLimit + ", written in decimal"},
		{[]string{"--rate-burst", "1e3"}, `invalid argument "1e3" for "--rate-burst" flag: ` + burst},
		{[]string{"--rate-burst", "0"}, `invalid argument "0" for "--rate-burst" flag: ` + burst},
		{[]string{"--rate-burst", "10001"}, `invalid argument "10001" for "--rate-burst" flag: ` + burst},
		{[]string{"--max-sessions", "1_000"}, `invalid argument "1_000" for "--max-sessions" flag: underscores are not accepted: ` +
			"must be an integer from 1 to 10000, written without _"},
		{[]string{"--idle-timeout", "5"}, `invalid argument "5" for "--idle-timeout" flag: ` + unit},
		{[]string{"--idle-timeout", "-5m"}, `invalid argument "-5m" for "--idle-timeout" flag: ` + negative},
		{[]string{"--max-session-length", "-1s"}, `invalid argument "-1s" for "--max-session-length" flag: ` + negative},
		{[]string{"--max-session-length", "3 hours"}, `invalid argument "3 hours" for "--max-session-length" flag: ` + unit},
		{[]string{"--idle-timeout", "1ms"}, `invalid argument "1ms" for "--idle-timeout" flag: must be at least 1m (or 0 for never), like 15m or 3h`},
		{[]string{"--idle-timeout", "9999999h"}, `invalid argument "9999999h" for "--idle-timeout" flag: too long: at most 2562047h (292 years), or 0 for never`},
		{[]string{"--idle-timeout", "-9999999h"}, `invalid argument "-9999999h" for "--idle-timeout" flag: ` + negative},
		{[]string{"--max-session-length", "59s"}, `invalid argument "59s" for "--max-session-length" flag: must be at least 1m (or 0 for never), like 15m or 3h`},
		{[]string{"--password", ""}, "--password: empty; give the classroom password, or leave the flag out for none"},
		{[]string{"--password", "   "}, "--password: empty; give the classroom password, or leave the flag out for none"},
		{[]string{"--authorized-keys", private}, "--authorized-keys: " + private + " is a private key; give the public one (" + private + ".pub)"},
		{[]string{"--host-key", ""}, "--host-key: empty; give a file path, e.g. ~/.config/optirace/ssh_host_ed25519"},
		{[]string{"--host-key", dir}, "--host-key: " + dir + " is a folder; give a file path"},
		{[]string{"--host-key", junk}, "--host-key: host key " + junk + ": ssh: no key found"},
		{[]string{"--log", dir}, "--log: cannot open " + dir + ": is a directory"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--host-key", filepath.Join(dir, "key")}, tc.args...)
			requireUsageLine(t, args, "optirace: "+tc.want)
		})
	}
}

// TestServeCreatesNoFolders: a --host-key or --log in a folder that does not
// exist is refused before anything is created; only the default host key's
// folder is made.
func TestServeCreatesNoFolders(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args func(dir string) []string
		want func(dir string) string
	}{
		{
			"host key",
			func(dir string) []string { return []string{"--host-key", filepath.Join(dir, "missing", "key")} },
			func(dir string) string {
				return "--host-key: folder " + filepath.Join(dir, "missing") + " does not exist; create it first"
			},
		},
		{
			"log",
			func(dir string) []string {
				return []string{"--host-key", filepath.Join(dir, "key"), "--log", filepath.Join(dir, "missing", "serve.log")}
			},
			func(dir string) string {
				return "--log: folder " + filepath.Join(dir, "missing") + " does not exist; create it first"
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args(dir)...)
			requireUsageLine(t, args, "optirace: "+tc.want(dir))
			if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
				t.Errorf("the folder holds %d entries after a refusal (%v), want none", len(entries), err)
			}
		})
	}
}

// TestHostKeyPathDefaultFolder: the default host key's folder may be
// missing (the server creates it); a --host-key's folder must exist.
func TestHostKeyPathDefaultFolder(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config", "optirace", "ssh_host_ed25519")
	if err := checkHostKeyPath(path, true); err != nil {
		t.Errorf("the default key in a folder to create: %v", err)
	}
	if err := checkHostKeyPath(path, false); ExitCode(err) != 2 {
		t.Errorf("--host-key in a missing folder: %v, want a usage error", err)
	}
}

// serveUntilListening runs optirace serve with args until it says it is
// listening, then stops it as a signal would, and returns what it wrote on
// stderr.
func serveUntilListening(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- Execute(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &stdout, &stderr)
	}()
	for end := time.Now().Add(10 * time.Second); !listening.MatchString(stderr.String()); {
		select {
		case c := <-code:
			t.Fatalf("serve exited with %d: %s", c, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(end) {
			t.Fatalf("no listening line in %q", stderr.String())
		}
	}
	cancel()
	if c := <-code; c != 0 {
		t.Fatalf("serve exited with %d: %s", c, stderr.String())
	}
	return stderr.String()
}

var hostKeyLine = regexp.MustCompile(`host-key=(\S+) host-key-sha256=(SHA256:\S+)`)

// TestDefaultHostKeyIsPerUser: two servers started from two folders by the
// same user present the same key, kept in the user's config folder (the
// file 0600, its folder 0700), and the start-up line names it with its
// fingerprint. A key an older optirace left in a folder is still used there,
// with a note.
func TestDefaultHostKeyIsPerUser(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	var keys []string
	for _, dir := range []string{t.TempDir(), t.TempDir()} {
		t.Chdir(dir)
		m := hostKeyLine.FindStringSubmatch(serveUntilListening(t))
		if m == nil {
			t.Fatal("the start-up line names no host key")
		}
		if want := filepath.Join(config, "optirace", "ssh_host_ed25519"); m[1] != want {
			t.Errorf("host key %s, want %s", m[1], want)
		}
		keys = append(keys, m[2])
	}
	if keys[0] != keys[1] {
		t.Errorf("two folders, two keys: %s and %s", keys[0], keys[1])
	}
	for path, want := range map[string]os.FileMode{
		filepath.Join(config, "optirace", "ssh_host_ed25519"): 0o600,
		filepath.Join(config, "optirace"):                     0o700,
	} {
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v, mode %v; want %04o", path, err, info.Mode().Perm(), want)
		}
	}

	// A folder where an older optirace created its key keeps it.
	legacy := t.TempDir()
	t.Chdir(legacy)
	old := filepath.Join(legacy, ".optirace", "ssh_host_ed25519")
	if err := os.MkdirAll(filepath.Dir(old), 0o700); err != nil {
		t.Fatal(err)
	}
	signer, err := server.LoadOrCreateHostKey(old)
	if err != nil {
		t.Fatal(err)
	}
	stderr := serveUntilListening(t)
	if m := hostKeyLine.FindStringSubmatch(stderr); m == nil || m[1] != server.LegacyHostKey ||
		m[2] != gossh.FingerprintSHA256(signer.PublicKey()) {
		t.Errorf("in a folder with an older key, the start-up line says %q", m)
	}
	if !strings.Contains(stderr, "left by an older optirace") || !strings.Contains(stderr, "move it to "+filepath.Join(config, "optirace")) {
		t.Errorf("no note about the older key: %s", stderr)
	}
}

// lockedBuffer is a stderr the test reads while the command writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listening = regexp.MustCompile(`listening addr=(\S+)`)

// TestServeStopsOnSignal runs optirace serve, joins it over SSH, and cancels
// its context as main does on SIGINT or SIGTERM: the session hears why, and
// the command returns 0 within 5 s.
func TestServeStopsOnSignal(t *testing.T) {
	t.Parallel()
	// A real signal, caught as main catches SIGINT and SIGTERM (SIGUSR1, so
	// that no other test's process-wide handling is disturbed).
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGUSR1)
	defer stop()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "host")}
	go func() { code <- Execute(ctx, args, &stdout, &stderr) }()

	var addr string
	for end := time.Now().Add(5 * time.Second); addr == "" && time.Now().Before(end); {
		if m := listening.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
		select {
		case c := <-code:
			t.Fatalf("serve exited with %d: %s", c, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if addr == "" {
		t.Fatalf("no listening line in %q", stderr.String())
	}
	dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer dcancel()
	c, err := termclient.Dial(dctx, addr, termclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Close() }()
	if _, err := c.WaitForText(dctx, 0, "t = 0", "Adam"); err != nil {
		t.Fatal(err)
	}

	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	select {
	case got := <-code:
		if got != 0 {
			t.Errorf("exit %d after the signal; stderr %q", got, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("still running 5 s after the signal")
	}
	t.Logf("stopped in %v", time.Since(began))
	if _, err := c.WaitForText(dctx, 0, "optirace: server shutting down"); err != nil {
		t.Error(err)
	}
	for _, want := range []string{
		"INFO optirace: connect", "INFO optirace: disconnect",
		`shutting down reason="server shutting down" sessions=1 signal="user defined signal 1"`, "stopped",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, stderr.String())
		}
	}
}

// TestServeAddressInUse: a port another program holds is not bad input: exit
// status 1, one line naming the address.
func TestServeAddressInUse(t *testing.T) {
	t.Parallel()
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	addr := ln.Addr().String()
	out, errOut, code := run(t, "serve", "--addr", addr, "--host-key", filepath.Join(t.TempDir(), "key"))
	if code != 1 || out != "" || !strings.Contains(errOut, "optirace: cannot listen on "+addr) {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and cannot listen on %s", code, out, errOut, addr)
	}
}

func TestServeHelpSaysWhoIdlesOut(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "serve", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"end a sandbox session after this long without input", "with --shared nobody idles out"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "presenter stepping counts") {
		t.Errorf("serve --help still says a presenter's steps count as a viewer's input")
	}
}

func TestJoinNotice(t *testing.T) {
	t.Parallel()
	ipNet := func(s string) net.Addr { return &net.IPNet{IP: net.ParseIP(s), Mask: net.CIDRMask(24, 32)} }
	lan := []net.Addr{ipNet("127.0.0.1"), ipNet("::1"), ipNet("fe80::1"), ipNet("192.168.100.200"), ipNet("2001:db8::7")}
	tcp := func(ip string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: 2222} }
	for _, tc := range []struct {
		name       string
		addr       net.Addr
		controlled bool
		ifaces     []net.Addr
		want       string
	}{
		{"loopback", tcp("127.0.0.1"), false, lan, "local only · --addr :2222 lets students in"},
		{":2222, open", tcp("::"), false, lan, "ssh -p 2222 192.168.100.200 · open to all"},
		{":2222, password", tcp("::"), true, lan, "ssh -p 2222 192.168.100.200"},
		{"0.0.0.0, IPv6 only", tcp("0.0.0.0"), true, []net.Addr{ipNet("2001:db8::7")}, "ssh -p 2222 <this machine's address>"},
		{":2222, IPv6 only", tcp("::"), true, []net.Addr{ipNet("fe80::1"), ipNet("2001:db8::7")}, "ssh -p 2222 2001:db8::7"},
		{"one address", tcp("10.1.2.3"), true, lan, "ssh -p 2222 10.1.2.3"},
		{"no interfaces", tcp("::"), true, nil, "ssh -p 2222 <this machine's address>"},
	} {
		if got := joinNotice(tc.addr, tc.controlled, tc.ifaces); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestJoinNoticeFitsTheStatusBar: at 120 columns the presenter's status bar
// shows the whole notice, warning and command, with a 15-character address.
func TestJoinNoticeFitsTheStatusBar(t *testing.T) {
	t.Parallel()
	notice := joinNotice(&net.TCPAddr{IP: net.IPv6unspecified, Port: 2222}, false,
		[]net.Addr{&net.IPNet{IP: net.ParseIP("192.168.100.200"), Mask: net.CIDRMask(24, 32)}})
	m, err := model.New(model.Options{
		Settings: optimizers.Defaults(), Renderer: lipgloss.NewRenderer(io.Discard),
		Role: model.RolePresenter, Class: model.ClassFuncs{}, Notice: notice,
	})
	if err != nil {
		t.Fatal(err)
	}
	next, _ := m.Update(model.ViewersMsg{Count: 60})
	next, _ = next.Update(tea.KeyMsg{Type: tea.KeySpace}) // the notice stays after a key
	next, _ = next.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	lines := strings.Split(ansi.Strip(next.View()), "\n")
	if status := lines[len(lines)-1]; !strings.Contains(status, notice) {
		t.Errorf("the status bar %q cuts the notice %q", status, notice)
	}
}

// TestServeRefusesAnEmptyPasswordVariable: OPTIRACE_PASSWORD set to nothing
// (an unset shell variable in a script) is a mistake, not "no password".
func TestServeRefusesAnEmptyPasswordVariable(t *testing.T) {
	t.Setenv("OPTIRACE_PASSWORD", "")
	requireUsageLine(t, []string{"serve", "--addr", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "key")},
		"optirace: OPTIRACE_PASSWORD is set but empty; give the classroom password, or unset it for none")
}

// panicky is a model whose first Update panics.
type panicky struct{}

func (panicky) Init() tea.Cmd                       { return func() tea.Msg { return "go" } }
func (panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { panic("test panic in the presenter's Update") }
func (panicky) View() string                        { return "" }

// quiet is a model that waits to be ended from outside.
type quiet struct{}

func (quiet) Init() tea.Cmd                         { return nil }
func (q quiet) Update(tea.Msg) (tea.Model, tea.Cmd) { return q, nil }
func (quiet) View() string                          { return "" }

// TestPresenterPanicIsAFailure: bubbletea returns a panic in the local
// presenter's TUI as ErrProgramKilled and ErrProgramPanic at once; it ends
// the server as a failure (exit 1, viewers told the server is shutting
// down), not as the presenter quitting, while a signal is a normal end.
func TestPresenterPanicIsAFailure(t *testing.T) {
	t.Parallel()
	runProgram := func(ctx context.Context, m tea.Model) error {
		var out bytes.Buffer
		p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(&out), tea.WithoutSignalHandler())
		_, err := p.Run()
		return err
	}
	err := runProgram(context.Background(), panicky{})
	if !errors.Is(err, tea.ErrProgramKilled) || !errors.Is(err, tea.ErrProgramPanic) {
		t.Fatalf("bubbletea returned %v for a panic; the check below assumes both errors", err)
	}
	if got := presenterExit(err); !errors.Is(got, errPresenterPanicked) || ExitCode(got) != 1 {
		t.Errorf("a panic: %v (exit %d), want errPresenterPanicked and exit 1", got, ExitCode(got))
	}

	signalled, cancel := context.WithCancel(context.Background())
	go cancel() // as main's signal.NotifyContext does
	err = runProgram(signalled, quiet{})
	if !errors.Is(err, tea.ErrProgramKilled) {
		t.Fatalf("bubbletea returned %v for a cancelled context", err)
	}
	if got := presenterExit(err); got != nil {
		t.Errorf("a signal: %v, want nil (a normal end)", got)
	}
	if got := presenterExit(nil); got != nil {
		t.Errorf("quitting: %v, want nil", got)
	}
}

// TestServeHostKeyCannotBeCreated: a host key the server cannot create (a
// folder nobody may write to, even root) is a --host-key usage error.
func TestServeHostKeyCannotBeCreated(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("uses /proc, where nobody may create a file")
	}
	requireUsageLine(t, []string{"serve", "--addr", "127.0.0.1:0", "--host-key", "/proc/optirace_host_key"},
		"optirace: --host-key: cannot create /proc/optirace_host_key: no such file or directory")
}

// TestLastLine: the local presenter's last line says who ended the class,
// for how many (the class's farewell), or which signal stopped the server.
func TestLastLine(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		farewell string
		signal   []any
		want     string
	}{
		{class.Farewell(0), nil, "optirace: class ended"},
		{class.Farewell(1), nil, "optirace: you ended the class for 1 viewer"},
		{class.Farewell(30), nil, "optirace: you ended the class for 30 viewers"},
		{"", []any{"signal", "terminated"}, "optirace: the server stopped (terminated)"},
		{"", nil, "optirace: the server stopped"},
	} {
		if got := lastLine(c.farewell, c.signal); got != c.want {
			t.Errorf("lastLine(%q, %v) = %q, want %q", c.farewell, c.signal, got, c.want)
		}
	}
}
