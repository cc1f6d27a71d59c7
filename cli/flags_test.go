package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/optirace/optirace/numfmt"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// requireUsageLine runs args and requires a usage error whose one line on
// stderr is exactly want: exit status 2, nothing on stdout.
func requireUsageLine(t *testing.T, args []string, want string) {
	t.Helper()
	out, errOut, code := run(t, args...)
	if code != 2 || out != "" || errOut != want+"\n" {
		t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, nothing, %q", args, code, out, errOut, want)
	}
}

// TestNumbersAreDecimal: every number flag reads plain decimal (a sign,
// digits, a point, an exponent) and refuses hexadecimal and underscores,
// floats and integers alike; infinities and NaN parse only to be refused
// with the range.
func TestNumbersAreDecimal(t *testing.T) {
	const lr, steps = "must be a finite number > 0", "must be an integer from 0 to 10000000"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"table", "--gd.lr", "0x1p-2"}, `invalid argument "0x1p-2" for "--gd.lr" flag: hexadecimal is not accepted: ` + lr + `, written in decimal`},
		{[]string{"table", "--gd.lr", "0x10"}, `invalid argument "0x10" for "--gd.lr" flag: hexadecimal is not accepted: ` + lr + `, written in decimal`},
		{[]string{"table", "--gd.lr", "-0X1P-2"}, `invalid argument "-0X1P-2" for "--gd.lr" flag: hexadecimal is not accepted: ` + lr + `, written in decimal`},
		{[]string{"table", "--gd.lr", "1_0"}, `invalid argument "1_0" for "--gd.lr" flag: underscores are not accepted: ` + lr + `, written without _`},
		{[]string{"neuron", "--lr", "1_0"}, `invalid argument "1_0" for "--lr" flag: underscores are not accepted: ` + lr + `, written without _`},
		{[]string{"race", "--tol", "0x1p-10"}, `invalid argument "0x1p-10" for "--tol" flag: hexadecimal is not accepted: ` + lr + `, written in decimal`},
		{[]string{"table", "--steps", "1_000"}, `invalid argument "1_000" for "--steps" flag: underscores are not accepted: ` + steps + `, written without _`},
		{[]string{"table", "--steps", "0x10"}, `invalid argument "0x10" for "--steps" flag: hexadecimal is not accepted: ` + steps + `, written in decimal`},
		{[]string{"table", "--steps", "1e3"}, `invalid argument "1e3" for "--steps" flag: ` + steps},
		{[]string{"table", "--steps", ""}, `invalid argument "" for "--steps" flag: empty: ` + steps},
		{[]string{"table", "--gd.lr", "1e309"}, `invalid argument "1e309" for "--gd.lr" flag: too large: ` + lr},
		{[]string{"table", "--gd.lr", "1e-400"}, `invalid argument "1e-400" for "--gd.lr" flag: too small: rounds to 0 in float64, ` + lr},
		{[]string{"table", "--gd.lr", "0.0e-400"}, `invalid argument "0.0e-400" for "--gd.lr" flag: ` + lr},
		{[]string{"table", "--gd.lr", "Infinity"}, `invalid argument "Infinity" for "--gd.lr" flag: ` + lr},
		{[]string{"table", "--x0", "-inf"}, `invalid argument "-inf" for "--x0" flag: must be a finite number`},
		{[]string{"table", "--x0", "NaN"}, `invalid argument "NaN" for "--x0" flag: must be a finite number`},
		{[]string{"table", "--x0", "1e"}, `invalid argument "1e" for "--x0" flag: not a number: must be a finite number`},
		{[]string{"table", "--x0", "."}, `invalid argument "." for "--x0" flag: not a number: must be a finite number`},
		{[]string{"table", "--x0", "0b1"}, `invalid argument "0b1" for "--x0" flag: not a number: must be a finite number`},
	} {
		requireUsageLine(t, c.args, "optirace: "+c.want)
	}
}

// TestDecimalSpellings: what the lecture's numbers look like is accepted.
func TestDecimalSpellings(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"0.25", 0.25}, {"+0.25", 0.25}, {" .25 ", 0.25}, {"25e-2", 0.25}, {"2.5E-1", 0.25}, {"5.", 5}, {"1e-400", 0}, {"007", 7},
	} {
		got, err := numfmt.ParseDecimal(c.text, "a number", func(float64) bool { return true })
		if err != nil || got != c.want {
			t.Errorf("%q: got %v, %v; want %v", c.text, got, err, c.want)
		}
	}
}

// unparseable are values that no number, duration, word or address flag
// accepts: the spellings strconv and time would take or word differently.
var unparseable = []string{"", "abc", "0x10", "0x1p-2", "1_0", "nan", "inf", "-Infinity", "1e309", "5 5"}

// TestNoRawParseErrors sets every flag of every command to values it must
// refuse and requires one line naming the flag, never a strconv or time
// message. Plain string flags (paths, the password) take any text.
func TestNoRawParseErrors(t *testing.T) {
	tried := map[string]bool{}
	for _, cmd := range allCommands(newRootCmd()) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if fmt.Sprintf("%T", f.Value) == "*pflag.stringValue" {
				return
			}
			tried[f.Name] = true
			values := unparseable
			if f.Value.Type() == "bool" {
				values = []string{"", "maybe", "2"}
			}
			for _, v := range values {
				args := append(strings.Fields(strings.TrimPrefix(cmd.CommandPath(), "optirace")), "--"+f.Name+"="+v)
				out, errOut, code := run(t, args...)
				if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 ||
					!strings.HasPrefix(errOut, fmt.Sprintf("optirace: invalid argument %q for ", v)) ||
					!strings.Contains(errOut, "--"+f.Name+`" flag: `) {
					t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
				}
				for _, raw := range []string{"strconv", "parsing", "time:", "invalid syntax", "out of range"} {
					if strings.Contains(errOut, raw) {
						t.Errorf("%v: stderr %q has Go's own %q", args, errOut, raw)
					}
				}
			}
		})
	}
	for _, name := range []string{
		"x0", "y0", "lane", "gd.lr", "tol", "fn", "max-steps", "ascii", "optimizer", "steps", "format", "lr", "w1", "exact",
		"addr", "max-sessions", "idle-timeout", "max-session-length", "rate-limit", "rate-burst", "shared",
	} {
		if !tried[name] {
			t.Errorf("--%s was not tried", name)
		}
	}
}

// allCommands returns root and every command under it.
func allCommands(root *cobra.Command) []*cobra.Command {
	cmds := []*cobra.Command{root}
	for _, c := range root.Commands() {
		cmds = append(cmds, allCommands(c)...)
	}
	return cmds
}

// TestFlagMistakesPointToHelp: a flag the command lacks, one without its
// value or with bad syntax points to that command's help.
func TestFlagMistakesPointToHelp(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown flag: --bogus; see 'optirace --help'"},
		{[]string{"table", "--bogus"}, "unknown flag: --bogus; see 'optirace table --help'"},
		{[]string{"race", "--bogus=1"}, "unknown flag: --bogus; see 'optirace race --help'"},
		{[]string{"plot", "-z"}, "unknown shorthand flag: 'z' in -z; see 'optirace plot --help'"},
		{[]string{"neuron", "--steps"}, "flag needs an argument: --steps; see 'optirace neuron --help'"},
		{[]string{"serve", "--ascii", "---x"}, "bad flag syntax: ---x; see 'optirace serve --help'"},
		{[]string{"table", "--ascii"}, "unknown flag: --ascii; see 'optirace table --help'"},
		{[]string{"help", "--bogus"}, "unknown flag: --bogus; see 'optirace help --help'"},
	} {
		requireUsageLine(t, c.args, "optirace: "+c.want)
	}
}

// TestHelpTopics: help knows every command and refuses what is none.
func TestHelpTopics(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // start of stdout; "" for a refusal
		line string // the one line on stderr of a refusal
	}{
		{[]string{"help"}, "optirace races gradient descent", ""},
		{[]string{"help", "table"}, "Print each iteration", ""},
		{[]string{"help", "serve"}, "optirace serve serves", ""},
		{[]string{"help", "nope"}, "", `unknown help topic "nope"; see 'optirace --help'`},
		{[]string{"help", "table", "extra"}, "", `unknown help topic "table extra"; see 'optirace --help'`},
	} {
		if c.want == "" {
			requireUsageLine(t, c.args, "optirace: "+c.line)
			continue
		}
		out, errOut, code := run(t, c.args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, c.want) {
			t.Errorf("%v: exit %d, stderr %q, stdout starts %.40q; want 0 and %q", c.args, code, errOut, out, c.want)
		}
	}
}
