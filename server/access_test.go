package server

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"github.com/optirace/optirace/server/termclient"
	gossh "golang.org/x/crypto/ssh"
)

func writeKeys(t *testing.T, keys ...gossh.PublicKey) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# the class\n\n")
	for _, k := range keys {
		b.Write(gossh.MarshalAuthorizedKey(k))
	}
	path := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAuthorizedKeysOnly(t *testing.T) {
	t.Parallel()
	allowed, other := newSigner(t), newSigner(t)
	keys, err := ReadAuthorizedKeys(writeKeys(t, allowed.PublicKey()))
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.AuthorizedKeys = keys
	ts := start(t, cfg)
	waitLog(t, ts.logs, "access=\"keys (1)\"") // the start line says who may connect
	c := dial(t, ts.addr, termclient.Options{Auth: []gossh.AuthMethod{gossh.PublicKeys(allowed)}})
	waitText(t, c, 0, 5*time.Second, atStep(0))
	for name, auth := range map[string][]gossh.AuthMethod{
		"another key": {gossh.PublicKeys(other)},
		"no key":      nil,
		"a password":  {gossh.Password("")},
	} {
		if _, err := termclient.Dial(deadline(t, 5*time.Second), ts.addr, termclient.Options{Auth: auth}); err == nil {
			t.Errorf("%s was let in", name)
		}
	}
}

func TestPassword(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.Password = "backprop"
	ts := start(t, cfg)
	waitLog(t, ts.logs, "access=password")
	c := dial(t, ts.addr, termclient.Options{Auth: []gossh.AuthMethod{gossh.Password("backprop")}})
	waitText(t, c, 0, 5*time.Second, atStep(0))
	for name, auth := range map[string][]gossh.AuthMethod{
		"a wrong password": {gossh.Password("backprob")},
		"a key":            {gossh.PublicKeys(newSigner(t))},
		"nothing":          nil,
	} {
		if _, err := termclient.Dial(deadline(t, 5*time.Second), ts.addr, termclient.Options{Auth: auth}); err == nil {
			t.Errorf("%s was let in", name)
		}
	}
}

// TestPresenterFromProvenKey: the presenter is decided from the key the
// session proved (Session.PublicKey, the permissions of the verified key, as
// CVE-2024-45337 requires), not from any key offered on the way; the
// offered-but-not-proven sequence itself is TestOfferedPresenterKeyIsNotProof.
func TestPresenterFromProvenKey(t *testing.T) {
	t.Parallel()
	presenter, student := newSigner(t), newSigner(t)
	cfg := testConfig(t)
	cfg.Shared = true
	cfg.PresenterKeys = []gossh.PublicKey{presenter.PublicKey()}
	ts := start(t, cfg)
	for name, auth := range map[string][]gossh.AuthMethod{
		"a student's key": {gossh.PublicKeys(student)},
		"no key":          nil,
	} {
		c := dial(t, ts.addr, termclient.Options{Auth: auth})
		if _, err := c.WaitForText(deadline(t, 5*time.Second), 0, "LIVE"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	p := dial(t, ts.addr, termclient.Options{Auth: []gossh.AuthMethod{gossh.PublicKeys(presenter)}})
	waitText(t, p, 0, 5*time.Second, "2 watching")
	// A second session with the presenter's key takes over (the first may
	// have hung): TestPresenterTakesOverFromHungSession.
}

func TestReadAuthorizedKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty":    "# nobody yet\n\n",
		"garbled":  "ssh-ed25519 not-base64\n",
		"missing":  "",
		"only-pub": "",
	} {
		path := filepath.Join(dir, name)
		if name == "only-pub" {
			k := newSigner(t).PublicKey()
			if err := os.WriteFile(path, gossh.MarshalAuthorizedKey(k), 0o600); err != nil {
				t.Fatal(err)
			}
			if keys, err := ReadAuthorizedKeys(path); err != nil || len(keys) != 1 {
				t.Errorf("a .pub file: %d keys, %v", len(keys), err)
			}
			continue
		}
		if name != "missing" {
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ReadAuthorizedKeys(path); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestPasswordGuessingIsThrottledAndLogged(t *testing.T) {
	logs := &syncBuffer{}
	g := newGuesses(log.New(logs))
	g.penalty = 0
	for range guessBurst {
		if !g.allow("192.0.2.7") {
			t.Fatal("refused before the burst was spent")
		}
		g.failed("192.0.2.7", "student")
	}
	if g.allow("192.0.2.7") {
		t.Error("an address with a burst of wrong passwords may still guess")
	}
	if !g.allow("192.0.2.8") {
		t.Error("another address was refused")
	}
	if got := strings.Count(logs.String(), "wrong password"); got != guessBurst {
		t.Errorf("%d wrong passwords logged, want %d", got, guessBurst)
	}
}

// unprovable offers a public key it cannot sign with.
type unprovable struct{ pub gossh.PublicKey }

func (u unprovable) PublicKey() gossh.PublicKey { return u.pub }

func (unprovable) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return nil, errors.New("no private key")
}

// TestOfferedPresenterKeyIsNotProof plays CVE-2024-45337: a client offers
// the presenter's public key, which the server would accept, cannot sign
// with it, and logs in with the class password instead. It must view, not
// present.
func TestOfferedPresenterKeyIsNotProof(t *testing.T) {
	t.Parallel()
	presenter := newSigner(t)
	cfg := testConfig(t)
	cfg.Shared = true
	cfg.Password = "backprop"
	cfg.PresenterKeys = []gossh.PublicKey{presenter.PublicKey()}
	ts := start(t, cfg)
	auth := []gossh.AuthMethod{gossh.PublicKeys(unprovable{presenter.PublicKey()}), gossh.Password("backprop")}
	c := dial(t, ts.addr, termclient.Options{Auth: auth})
	waitText(t, c, 0, 5*time.Second, "LIVE")
	if err := c.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, c, 0, 5*time.Second, "the presenter drives the live race")
}
