// Command trivial is the baseline for bench/load: the smallest wish +
// bubbletea app that a load client can step as it steps optirace, served
// as wish's own bubbletea example serves one (its bubbletea and activeterm
// middlewares, a renderer per session, 60 frames a second). Space counts
// up and the screen says "t = N", as optirace's status bar does; q quits.
//
//	go run ./bench/trivial serve --addr 127.0.0.1:2223 --host-key /tmp/trivial_key
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

func main() {
	// bench/load starts it as it starts optirace: "serve" and optirace's
	// flags, of which it uses the address and the host key.
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "serve" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("trivial", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:2223", "address to listen on")
	hostKey := fs.String("host-key", ".trivial_host_ed25519", "host key file, created on first run")
	fs.String("log", "", "ignored: optirace's flag")
	fs.String("rate-limit", "", "ignored: optirace's flag")
	fs.String("max-sessions", "", "ignored: optirace's flag")
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	if err := run(*addr, *hostKey); err != nil {
		fmt.Fprintln(os.Stderr, "trivial:", err)
		os.Exit(1)
	}
}

func run(addr, hostKey string) error {
	srv, err := wish.NewServer(
		wish.WithAddress(addr),
		wish.WithHostKeyPath(hostKey),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(bm.Middleware(handler), activeterm.Middleware()),
	)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Stopping drops the sessions at once: the baseline is measured while
	// it runs, not as it stops.
	if err := srv.Close(); err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// handler gives each session its model, styled by its own renderer.
func handler(s ssh.Session) (tea.Model, []tea.ProgramOption) {
	r := bm.MakeRenderer(s)
	return counter{
		title: r.NewStyle().Bold(true).Foreground(lipgloss.Color("205")),
		hint:  r.NewStyle().Foreground(lipgloss.Color("241")),
	}, []tea.ProgramOption{tea.WithAltScreen()}
}

// counter counts presses of space.
type counter struct {
	t             int
	width, height int
	title, hint   lipgloss.Style
}

// Init implements tea.Model.
func (counter) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (c counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		c.width, c.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case " ":
			c.t++
		case "q", "ctrl+c":
			return c, tea.Quit
		}
	}
	return c, nil
}

// View implements tea.Model.
func (c counter) View() string {
	return c.title.Render("trivial") + "\n\n" +
		"t = " + strconv.Itoa(c.t) + "  " + c.hint.Render(fmt.Sprintf("%d×%d · space steps · q quits", c.width, c.height))
}
