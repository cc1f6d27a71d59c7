// Command optirace races the five gradient-descent optimizers of an
// introductory machine-learning lecture side by side in the terminal.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/optirace/optirace/cli"
	"github.com/optirace/optirace/termquery/early"
)

func main() {
	early.Restore() // before anything looks at the environment
	// SIGHUP too: closing the terminal that runs optirace serve (or losing
	// the SSH login it runs in) shuts the server down in order, telling
	// every student, instead of killing it with their terminals left raw.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := cli.Execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
