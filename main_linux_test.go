package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/optirace/optirace/internal/ptytest"
)

// TestMain runs the program itself when the test asks for it: the test
// binary is then optirace, initialised in the order optirace is.
func TestMain(m *testing.M) {
	if os.Getenv("OPTIRACE_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"optirace"}, strings.Fields(os.Getenv("OPTIRACE_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// TestSilentTerminalStartsAtOnce: on a terminal that answers no queries,
// the first thing optirace writes is its own DA1 probe, never termenv's
// colour query (which bubbletea's init would make, waiting 5 s for an
// answer: see termquery/early), and it draws the race with nothing typed;
// q quits it.
func TestSilentTerminalStartsAtOnce(t *testing.T) {
	terminal, program := ptytest.Open(t)
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OPTIRACE_TEST_RUN_MAIN=1", "TERM=xterm-256color", "CI=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = program, program, program
	// Its own session, the terminal its controlling one, in the foreground
	// as in a shell: termenv asks only a terminal it is in front of.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	got := make(chan []byte)
	go func() { // the silent terminal: it reads, and answers nothing
		buf := make([]byte, 4096)
		for {
			n, err := terminal.Read(buf)
			if err != nil {
				close(got)
				return
			}
			got <- bytes.Clone(buf[:n])
		}
	}()
	var out []byte
	hang := time.After(20 * time.Second) // a guard against a hang, not a timing
	for !bytes.Contains(out, []byte("paused 5/s")) {
		select {
		case b, ok := <-got:
			if !ok {
				t.Fatalf("the terminal closed; the program wrote %q", out)
			}
			out = append(out, b...)
		case <-hang:
			t.Fatalf("no frame; the program wrote %q", out)
		}
	}
	if !bytes.HasPrefix(out, []byte("\x1b[c")) || bytes.Contains(out, []byte("\x1b]11;?")) {
		t.Errorf("the program asked the silent terminal %q…, want its DA1 probe alone", out[:min(len(out), 40)])
	}
	if _, err := terminal.WriteString("q"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("q: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("q did not quit")
	}
}
