package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/optirace/optirace/server/termclient"
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
		{[]string{"--max-sessions", "0"}, "must be an integer from 1 to 10000"},
		{[]string{"--idle-timeout", "-1s"}, "must not be negative"},
		{[]string{"--authorized-keys", filepath.Join(dir, "none")}, "--authorized-keys: open"},
		{[]string{"--gd.lr", "-1"}, "must be a finite number > 0"},
		{[]string{"extra"}, `unexpected argument "extra"`},
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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "k", "host")}
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

	cancel()
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
	for _, want := range []string{"INFO optirace: connect", "INFO optirace: disconnect", "stopped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, stderr.String())
		}
	}
}
