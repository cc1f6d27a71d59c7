// Package cli wires optirace's commands: flags, output formats and exit
// statuses. The work itself lives in optimizers, race, model and views.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/termquery"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Execute runs the command line args and returns the process exit status.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	// An interrupted command says nothing more: the user stopped it.
	if err != nil && !errors.Is(err, context.Canceled) {
		_, _ = fmt.Fprintf(stderr, "optirace: %v\n", err)
	}
	return ExitCode(err)
}

func newRootCmd() *cobra.Command {
	flags := newRaceFlags()
	root := &cobra.Command{
		Use:   "optirace",
		Short: "Race the lecture's five gradient-descent optimizers in the terminal",
		Long: `optirace races gradient descent, GD with momentum, AdaGrad, RMSProp and Adam
side by side, all of them stepped once per keypress: on the lecture's
f(x) = x² and three more 1-D landscapes, or on five 2-D ones (--fn), with
lanes of your own (--lane). Press ? in the program for its keys.`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := flags.check(); err != nil {
				return err
			}
			if !isTerminal(cmd.InOrStdin()) || !isTerminal(cmd.OutOrStdout()) {
				return errNoTerminal
			}
			opts := flags.modelOptions()
			opts.Mono = useTerminal(cmd.InOrStdin(), cmd.OutOrStdout())
			m, err := model.New(opts)
			if err != nil {
				return UsageError{err}
			}
			p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(cmd.Context()), tea.WithoutSignalHandler(),
				tea.WithInput(cmd.InOrStdin()), tea.WithOutput(cmd.OutOrStdout()))
			_, err = p.Run()
			if errors.Is(err, context.Canceled) || errors.Is(err, tea.ErrInterrupted) {
				return nil // a signal is a normal way to leave
			}
			return err
		},
	}
	fs := root.Flags()
	fs.SortFlags = false
	flags.register(fs)
	flags.registerMaxSteps(fs)
	flags.registerDisplay(fs)
	root.SetFlagErrorFunc(flagError)
	root.SetHelpCommand(newHelpCmd())
	root.AddCommand(newTableCmd(), newRaceCmd(), newPlotCmd(), newNeuronCmd(), newServeCmd())
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
}

// errNoTerminal is why the race needs a terminal on both ends.
var errNoTerminal = errors.New("the race needs an interactive terminal on stdin and stdout; " +
	"for plain text try 'optirace table' or 'optirace race'")

// isTerminal reports whether f is a terminal (false for pipes, files and
// /dev/null, where the full-screen program cannot run and would leave the
// screen in its alternate buffer).
// useTerminal has lipgloss draw for the terminal on in and out, its
// background as the terminal says (termquery asks, quickly; see
// termquery/early for why bubbletea has not). Under NO_COLOR it reports
// mono: the terminal shows bold and reverse video, and no colour (see
// views.Styles.Mono), rather than nothing at all as termenv would.
func useTerminal(in io.Reader, out io.Writer) (mono bool) {
	r := lipgloss.NewRenderer(out)
	if os.Getenv("NO_COLOR") != "" && !strings.HasPrefix(os.Getenv("TERM"), "dumb") {
		r.SetColorProfile(termenv.ANSI) // for bold and reverse: the styles add no colour
		mono = true
	}
	dark := true
	if fin, ok := in.(*os.File); ok {
		if fout, ok := out.(*os.File); ok {
			dark, _ = termquery.Background(fin, fout)
		}
	}
	r.SetHasDarkBackground(dark)
	lipgloss.SetDefaultRenderer(r)
	return mono
}

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(file.Fd())
}

// parseBoolError is how strconv words a bad boolean inside pflag's message.
var parseBoolError = regexp.MustCompile(`strconv\.ParseBool: parsing "[^"]*": invalid syntax`)

// flagError is every command's usage error for a flag that cobra could not
// parse: a bad value already says what the flag allows; an unknown or
// incomplete flag points to the command's help.
func flagError(cmd *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	if errors.As(err, &invalid) {
		return UsageError{plainFlagError(err)}
	}
	return usageErrorf("%v; see '%s --help'", err, cmd.CommandPath())
}

// plainFlagError rewords the parse errors pflag passes through from
// strconv into what the flag allows.
func plainFlagError(err error) error {
	if msg := err.Error(); parseBoolError.MatchString(msg) {
		return errors.New(parseBoolError.ReplaceAllString(msg, "must be true or false"))
	}
	return err
}

// newHelpCmd is optirace help [command]: cobra's own prints the root help
// and exits 0 for a topic it does not know.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help prints the help of any command: optirace help table.",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usageErrorf("unknown help topic %q; see 'optirace --help'", strings.Join(args, " "))
			}
			target.InitDefaultHelpFlag()
			return target.Help()
		},
	}
}

// noArgs refuses positional arguments with a usage error naming the first.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return usageErrorf("unknown command %q; see 'optirace --help'", args[0])
	}
	return usageErrorf("unexpected argument %q; see '%s --help'", args[0], cmd.CommandPath())
}
