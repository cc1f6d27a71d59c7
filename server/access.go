package server

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/log"
	"golang.org/x/time/rate"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// access decides who may connect and who presents.
type access struct {
	authorized []gossh.PublicKey // --authorized-keys; empty: no key list
	presenters []gossh.PublicKey // --presenter-key
	password   []byte            // --password; empty: none
	// guesses slows and logs wrong passwords; nil when there is no password.
	guesses *guesses
	// refusedKeys logs public keys refused at login, at most once per
	// warnEvery: an SSH agent offers every key it holds, so they are many.
	refusedKeys *recurringWarning
}

// guesses throttles password guessing: each wrong password costs its
// connection a second, and each address has a bucket of guessBurst wrong
// passwords that refills by one a second (guessRate a minute). Once an
// address has spent it, every password it tries is refused, the right one
// too, until a guess has come back: guessing goes on at a sustained 60 a
// minute at most. The burst is a class's worth: sixty students behind one
// NAT address who each mistype once are not locked out. Every wrong
// password and every refusal is logged.
type guesses struct {
	mu      sync.Mutex
	byAddr  map[string]*rate.Limiter
	log     *log.Logger
	penalty time.Duration
	now     func() time.Time // time.Now; tests move it
}

const (
	guessBurst   = 60
	guessRate    = 60     // wrong passwords a minute, sustained, once the burst is spent
	guessEntries = 10_000 // addresses remembered before the table starts over
	guessRefill  = time.Minute / guessRate
)

func newGuesses(l *log.Logger) *guesses {
	return &guesses{byAddr: map[string]*rate.Limiter{}, log: l, penalty: time.Second, now: time.Now}
}

// allow reports whether host may try a password now.
func (g *guesses) allow(host string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	l := g.byAddr[host]
	return l == nil || l.TokensAt(g.now()) >= 1
}

// failed records a wrong password from host, logs it with the client's
// address (port included, as every other line) and makes the connection
// wait.
func (g *guesses) failed(host, remoteAddr, user string) {
	g.mu.Lock()
	if len(g.byAddr) >= guessEntries {
		g.byAddr = map[string]*rate.Limiter{}
	}
	l := g.byAddr[host]
	if l == nil {
		l = rate.NewLimiter(rate.Every(guessRefill), guessBurst)
		g.byAddr[host] = l
	}
	l.AllowN(g.now(), 1)
	g.mu.Unlock()
	g.log.Warn("wrong password", "remote-addr", remoteAddr, "user", user)
	time.Sleep(g.penalty)
}

// controlled reports whether anything restricts who may connect.
func (a access) controlled() bool { return len(a.authorized) > 0 || len(a.password) > 0 }

// describe says who may connect, for the log: "open", "password",
// "keys (3)" or "keys (3) or password" (either lets a client in).
func (a access) describe() string {
	var parts []string
	if n := len(a.authorized); n > 0 {
		parts = append(parts, "keys ("+strconv.Itoa(n)+")")
	}
	if len(a.password) > 0 {
		parts = append(parts, "password")
	}
	if parts == nil {
		return "open"
	}
	return strings.Join(parts, " or ")
}

// openAuthTries is MaxAuthTries when access is open and a presenter key must
// be proven: every other key a client offers is refused so that it moves on
// to its next one, and an SSH agent may hold many (x/crypto's default of 6
// would end the teacher's connection with "Too many authentication
// failures" before the presenter key's turn).
const openAuthTries = 30

// options returns the authentication handlers. Open access needs no
// authentication at all, except that a presenter key must be proven. Then
// only presenter keys pass the public key step: a client offers its keys
// one after the other (OpenSSH: the agent's, then id_rsa before
// id_ed25519), so accepting the first would seat a teacher as a viewer.
// Other keys are refused quietly (they are students'), and
// keyboard-interactive with no questions lets in everyone after them.
func (a access) options() []ssh.Option {
	var opts []ssh.Option
	if !a.controlled() {
		if len(a.presenters) > 0 {
			opts = append(opts,
				wish.WithPublicKeyAuth(func(_ ssh.Context, key ssh.PublicKey) bool { return containsKey(a.presenters, key) }),
				wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
				func(s *ssh.Server) error {
					// charmbracelet/ssh starts from an empty gossh.ServerConfig
					// when there is no callback, and adds the rest itself.
					s.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
						return &gossh.ServerConfig{MaxAuthTries: openAuthTries}
					}
					return nil
				})
		}
		return opts
	}
	if len(a.authorized) > 0 || len(a.presenters) > 0 {
		opts = append(opts, wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			if a.keyAllowed(key) {
				return true
			}
			if a.refusedKeys != nil && len(a.password) == 0 {
				// With a password a refused key is the usual way in (the
				// client tries its keys first): only key-only access warns.
				a.refusedKeys.note("remote-addr", hostOf(ctx.RemoteAddr()), "user", ctx.User(),
					"key", gossh.FingerprintSHA256(key))
			}
			return false
		}))
	}
	if len(a.password) > 0 {
		opts = append(opts, wish.WithPasswordAuth(func(ctx ssh.Context, pw string) bool {
			host := hostOf(ctx.RemoteAddr())
			if a.guesses != nil && !a.guesses.allow(host) {
				a.guesses.log.Warn("password refused: too many wrong ones", "remote-addr", ctx.RemoteAddr().String(), "user", ctx.User())
				return false
			}
			if subtle.ConstantTimeCompare([]byte(pw), a.password) == 1 {
				return true
			}
			if a.guesses != nil {
				a.guesses.failed(host, ctx.RemoteAddr().String(), ctx.User())
			}
			return false
		}))
	}
	return opts
}

// hostOf is the address's host, without the port.
func hostOf(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// keyAllowed reports whether key may connect when access is controlled.
func (a access) keyAllowed(key gossh.PublicKey) bool {
	return containsKey(a.authorized, key) || containsKey(a.presenters, key)
}

// allowed decides from the key the session proved (nil: it authenticated
// without a key) whether it may go on. It repeats the authentication
// handlers' decision from the session's own key: the key a client merely
// offered during authentication is never trusted (CVE-2024-45337).
func (a access) allowed(key gossh.PublicKey) bool {
	switch {
	case !a.controlled():
		return true
	case key == nil:
		return len(a.password) > 0
	default:
		return a.keyAllowed(key)
	}
}

// isPresenter reports whether the session's proven key is a presenter key.
func (a access) isPresenter(key gossh.PublicKey) bool {
	return key != nil && containsKey(a.presenters, key)
}

func containsKey(keys []gossh.PublicKey, key gossh.PublicKey) bool {
	if key == nil {
		return false
	}
	m := key.Marshal()
	for _, k := range keys {
		if bytes.Equal(k.Marshal(), m) {
			return true
		}
	}
	return false
}

// ReadAuthorizedKeys parses an OpenSSH authorized_keys file (also a single
// .pub file): one key a line, blank lines and # comments skipped. A file
// without any key is an error, so that a typo never opens the server.
func ReadAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []gossh.PublicKey
	for i, line := range bytes.Split(b, []byte("\n")) {
		text := bytes.TrimSpace(line)
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public key in it", path)
	}
	return keys, nil
}
