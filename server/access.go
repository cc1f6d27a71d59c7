package server

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"os"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// access decides who may connect and who presents.
type access struct {
	authorized []gossh.PublicKey // --authorized-keys; empty: no key list
	presenters []gossh.PublicKey // --presenter-key
	password   []byte            // --password; empty: none
}

// controlled reports whether anything restricts who may connect.
func (a access) controlled() bool { return len(a.authorized) > 0 || len(a.password) > 0 }

// options returns the authentication handlers. Open access needs no
// authentication at all, except that a presenter key must be proven, so then
// every public key is accepted (and checked later against the presenter
// list) and keyboard-interactive with no questions lets in clients that have
// no key.
func (a access) options() []ssh.Option {
	var opts []ssh.Option
	if !a.controlled() {
		if len(a.presenters) > 0 {
			opts = append(opts,
				ssh.PublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
				ssh.KeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }))
		}
		return opts
	}
	if len(a.authorized) > 0 || len(a.presenters) > 0 {
		opts = append(opts, ssh.PublicKeyAuth(func(_ ssh.Context, key ssh.PublicKey) bool { return a.keyAllowed(key) }))
	}
	if len(a.password) > 0 {
		opts = append(opts, ssh.PasswordAuth(func(_ ssh.Context, pw string) bool {
			return subtle.ConstantTimeCompare([]byte(pw), a.password) == 1
		}))
	}
	return opts
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
