package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/optirace/optirace/wording"
	gossh "golang.org/x/crypto/ssh"
)

// Where the host key is kept unless --host-key says otherwise.
const (
	// hostKeyFolder and hostKeyName are the default key's folder, in the
	// user's config folder (os.UserConfigDir: ~/.config on Linux), and name.
	hostKeyFolder = "optirace"
	hostKeyName   = "ssh_host_ed25519"
	// LegacyHostKey is where optirace kept the host key before: relative
	// to the folder it started in, so that two servers started from two
	// folders showed two keys.
	LegacyHostKey = ".optirace/ssh_host_ed25519"
)

// DefaultHostKey returns the host key file a server uses without --host-key:
// one per user, in the user's config folder, whatever folder the server
// starts in, so that a class's known_hosts stay valid. A key that an older
// optirace left in this folder (LegacyHostKey) is still used, so that no
// class is locked out by the upgrade: legacy says so.
func DefaultHostKey() (path string, legacy bool, err error) {
	config, err := os.UserConfigDir()
	if err != nil {
		config = "" // only an error if no legacy key is here either
	}
	return defaultHostKey(config, ".")
}

// defaultHostKey is DefaultHostKey for the config folder config ("" when
// there is none) and the working folder work.
func defaultHostKey(config, work string) (path string, legacy bool, err error) {
	old := filepath.Join(work, LegacyHostKey)
	if info, err := os.Stat(old); err == nil && !info.IsDir() {
		return old, true, nil
	}
	if config == "" {
		return "", false, errors.New("found no config folder for the host key ($XDG_CONFIG_HOME and $HOME are unset); give --host-key FILE")
	}
	return filepath.Join(config, hostKeyFolder, hostKeyName), false, nil
}

// HostKeyError is a host key that cannot be read or created; its message
// says why without naming the flag, e.g. "cannot create folder .optirace: no
// such file or directory".
type HostKeyError struct{ Err error }

func (e *HostKeyError) Error() string { return e.Err.Error() }
func (e *HostKeyError) Unwrap() error { return e.Err }

// LoadOrCreateHostKey returns the server's host key from path, creating an
// ed25519 key there on first use (the file mode 0600, and its folder, if it
// has to be created, 0700), so that the clients' known_hosts stay valid
// across restarts. A key file that others can read, or in a folder others
// can write to, is refused, as sshd refuses one. Every error is a
// *HostKeyError.
func LoadOrCreateHostKey(path string) (gossh.Signer, error) {
	signer, err := loadOrCreateHostKey(path)
	if err != nil {
		return nil, &HostKeyError{err}
	}
	return signer, nil
}

func loadOrCreateHostKey(path string) (gossh.Signer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, wording.FileProblem(err))
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("host key %s is open to other users (mode %04o): chmod 600 %s", path, perm, path)
	}
	// A folder others may write to lets them swap the key for their own.
	dir := filepath.Dir(path)
	if dinfo, err := os.Stat(dir); err == nil && dinfo.Mode().Perm()&0o022 != 0 && dinfo.Mode()&fs.ModeSticky == 0 {
		return nil, fmt.Errorf("host key folder %s is writable by other users (mode %04o): chmod 700 %s", dir, dinfo.Mode().Perm(), dir)
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

func createHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "optirace host key")
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create folder %s: %w", dir, wording.FileProblem(err))
		}
	}
	// O_EXCL: never overwrite a key another process created meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", path, wording.FileProblem(err))
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("cannot write %s: %w", path, wording.FileProblem(err))
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, wording.FileProblem(err))
	}
	return gossh.NewSignerFromKey(priv)
}
