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

// guesses throttles and logs password guessing. Each address has a bucket
// of guessBurst wrong passwords that refills by one a second (guessRate a
// minute): sixty students behind one NAT address who each mistype once are
// not locked out. Once an address has spent it, every password it tries is
// refused, the right one too, until a guess has come back, so guessing goes
// on at a sustained 60 a minute at most; and once it stops, the address has
// its next guess within a second. Every attempt, wrong or refused, costs its
// connection penalty, so that a flood of connections cannot spin.
//
// The log gets one line for an address's first wrong password in a minute,
// then one line a minute with the counts while it goes on: a flood from a
// whole class cannot flood the log (at most maxLoggedAddrs addresses get
// lines of their own; the rest are counted together). An address that
// tries guessAlert passwords in a minute is guessing: see guesser.
type guesses struct {
	mu      sync.Mutex
	byAddr  map[string]*guesser
	log     *log.Logger
	penalty time.Duration
	now     func() time.Time // time.Now; tests move it
	every   time.Duration    // how often the counts are logged: guessLogEvery

	// The window being counted: how many addresses got a line of their own,
	// and what the others tried.
	logged                   int
	otherAddrs               map[string]struct{}
	otherWrong, otherRefused int
	timer                    *time.Timer // running while anything is counted
	stopped                  bool
}

// guesser is one address's guessing.
type guesser struct {
	limiter *rate.Limiter
	// wrong and refused count the attempts since the address's last line;
	// tried those in the window, for the alert.
	wrong, refused, tried int
	logged                bool // the address has a line of its own this window
}

const (
	guessBurst    = 60
	guessRate     = 60     // wrong passwords a minute, sustained, once the burst is spent
	guessEntries  = 10_000 // addresses remembered before the table starts over
	guessRefill   = time.Minute / guessRate
	guessLogEvery = time.Minute
	// maxLoggedAddrs is how many addresses a window logs by name.
	maxLoggedAddrs = 20
	// guessAlert is how many attempts in a window make an address a guesser.
	guessAlert = 10
)

func newGuesses(l *log.Logger) *guesses {
	return &guesses{
		byAddr: map[string]*guesser{}, log: l, penalty: time.Second, now: time.Now, every: guessLogEvery,
		otherAddrs: map[string]struct{}{},
	}
}

// allow reports whether host may try a password now.
func (g *guesses) allow(host string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	a := g.byAddr[host]
	return a == nil || a.limiter.TokensAt(g.now()) >= 1
}

// failed records a wrong password from host (remoteAddr with its port, as
// every other line names a client), and makes the connection wait.
func (g *guesses) failed(host, remoteAddr, user string) {
	g.record(host, remoteAddr, user, true)
	time.Sleep(g.penalty)
}

// refused records a password from host refused unread, its bucket being
// empty, and makes the connection wait.
func (g *guesses) refused(host, remoteAddr, user string) {
	g.record(host, remoteAddr, user, false)
	time.Sleep(g.penalty)
}

func (g *guesses) record(host, remoteAddr, user string, wrong bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.byAddr) >= guessEntries {
		g.byAddr = map[string]*guesser{}
	}
	a := g.byAddr[host]
	if a == nil {
		a = &guesser{limiter: rate.NewLimiter(rate.Every(guessRefill), guessBurst)}
		g.byAddr[host] = a
	}
	if wrong {
		a.limiter.AllowN(g.now(), 1)
	}
	a.tried++
	if g.stopped {
		return
	}
	if g.timer == nil {
		g.timer = time.AfterFunc(g.every, g.flush)
	}
	switch {
	case !a.logged && g.logged < maxLoggedAddrs:
		a.logged = true
		g.logged++
		msg := "wrong password"
		if !wrong {
			msg = "password refused: too many wrong ones"
		}
		g.log.Warn(msg, "remote-addr", remoteAddr, "user", user)
	case a.logged:
		if wrong {
			a.wrong++
		} else {
			a.refused++
		}
	default:
		g.otherAddrs[host] = struct{}{}
		if wrong {
			g.otherWrong++
		} else {
			g.otherRefused++
		}
	}
}

// flush logs the window's counts, one line per address that went on after
// its first line and one for the addresses without a line of their own,
// and starts the next window; with nothing counted, it goes quiet, and the
// alert, if any, is over.
func (g *guesses) flush() {
	g.mu.Lock()
	defer g.mu.Unlock()
	counted := g.logCountsLocked()
	g.logged = 0
	for host, a := range g.byAddr {
		a.logged, a.tried = false, 0
		if a.limiter.TokensAt(g.now()) >= guessBurst {
			delete(g.byAddr, host) // a full bucket is a fresh one
		}
	}
	if !counted || g.stopped {
		g.timer = nil
		return
	}
	g.timer.Reset(g.every)
}

// logCountsLocked logs what was counted since the lines before and
// reports whether anything was.
func (g *guesses) logCountsLocked() bool {
	counted := false
	for host, a := range g.byAddr {
		if a.wrong+a.refused == 0 {
			continue
		}
		counted = true
		g.log.Warn("wrong passwords", "remote-addr", host, "wrong", a.wrong, "refused", a.refused, "in-last", g.every)
		a.wrong, a.refused = 0, 0
	}
	if n := len(g.otherAddrs); n > 0 {
		counted = true
		g.log.Warn("wrong passwords from other addresses", "addresses", n, "wrong", g.otherWrong, "refused", g.otherRefused, "in-last", g.every)
		clear(g.otherAddrs)
		g.otherWrong, g.otherRefused = 0, 0
	}
	return counted
}

// stop logs what is still counted: the server is stopping.
func (g *guesses) stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return
	}
	g.stopped = true
	if g.timer != nil {
		g.timer.Stop()
	}
	g.logCountsLocked()
}

// guesser returns the address that tried the most passwords, wrong or
// refused, in the window so far, and how many, if that is at least
// guessAlert: someone there is guessing. It returns "" otherwise.
func (g *guesses) guesser() (host string, tried int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for h, a := range g.byAddr {
		if a.tried >= guessAlert && a.tried > tried {
			host, tried = h, a.tried
		}
	}
	return host, tried
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

// maxAuthTries is MaxAuthTries in every access mode: a client offers its
// keys one after the other before a password or keyboard-interactive, and
// an SSH agent may hold a dozen (x/crypto's default of 6 would end such a
// connection with "too many authentication failures" before the password
// prompt, or, when a presenter key must be proven, before its turn). The
// password bucket, not this, keeps guessing slow.
const maxAuthTries = 30

// options returns the authentication handlers. Open access needs no
// authentication at all, except that a presenter key must be proven. Then
// only presenter keys pass the public key step: a client offers its keys
// one after the other (OpenSSH: the agent's, then id_rsa before
// id_ed25519), so accepting the first would seat a teacher as a viewer.
// Other keys are refused quietly (they are students'), and
// keyboard-interactive with no questions lets in everyone after them.
func (a access) options() []ssh.Option {
	opts := []ssh.Option{func(s *ssh.Server) error {
		// charmbracelet/ssh starts from an empty gossh.ServerConfig when
		// there is no callback, and adds the rest itself.
		s.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{MaxAuthTries: maxAuthTries}
		}
		return nil
	}}
	if !a.controlled() {
		if len(a.presenters) > 0 {
			opts = append(opts,
				wish.WithPublicKeyAuth(func(_ ssh.Context, key ssh.PublicKey) bool { return containsKey(a.presenters, key) }),
				wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }))
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
			host := guessKey(ctx.RemoteAddr())
			if a.guesses != nil && !a.guesses.allow(host) {
				a.guesses.refused(host, ctx.RemoteAddr().String(), ctx.User())
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

// guessKey is whose guesses an address's are: its host, or for IPv6 its
// /64, which one client holds whole (a guesser would otherwise get a fresh
// bucket from each of its addresses).
func guessKey(addr net.Addr) string {
	host := hostOf(addr)
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
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
