package server

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDefaultHostKey: the default key is one per user, in the config
// folder, unless the working folder holds one an older optirace created.
func TestDefaultHostKey(t *testing.T) {
	t.Parallel()
	config, work := t.TempDir(), t.TempDir()
	path, legacy, err := defaultHostKey(config, work)
	if want := filepath.Join(config, "optirace", "ssh_host_ed25519"); err != nil || legacy || path != want {
		t.Errorf("defaultHostKey = %q, %v, %v; want %q", path, legacy, err, want)
	}
	if _, _, err := defaultHostKey("", work); err == nil {
		t.Error("no config folder and no older key: no error")
	}
	old := filepath.Join(work, LegacyHostKey)
	if err := os.MkdirAll(filepath.Dir(old), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("key"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{config, ""} {
		if path, legacy, err := defaultHostKey(c, work); err != nil || !legacy || path != old {
			t.Errorf("with an older key, config %q: %q, %v, %v; want %q, legacy", c, path, legacy, err, old)
		}
	}
}
