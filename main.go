// Command optirace races the five gradient-descent optimizers of an
// introductory machine-learning lecture side by side in the terminal.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/optirace/optirace/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
