// Command samebuild checks that optirace's engine computes the same bits on
// every build. Go may fuse x*y + z into one fused multiply-add on arm64 and
// with GOAMD64=v3, which changes the last bits of a result; the engine
// forbids that with explicit float64(…) roundings and uses math.FMA only
// where it means an exact product error. samebuild checks both halves:
//
//  1. fused: it compiles the module for GOARCH=arm64 and for GOAMD64=v3
//     with the compiler's assembly listing (-S) and finds every fused
//     multiply-add whose source line is in the engine (optimizers, race,
//     neuron, wherever it was inlined): each must be a math.FMA call.
//  2. same output: it builds optirace for this machine twice, by default
//     and with GOAMD64=v3 (on an amd64 processor that has AVX2 and FMA),
//     and compares their output byte for byte: `table --format csv` for
//     every landscape and optimizer, and a few more runs that reach the
//     engine's rarer paths.
//
// An arm64 binary cannot run here; the first check is what stands for it.
//
//	go run ./tools/samebuild [-steps 500] [-skip-run]
//
// It exits with status 1 when a check fails, 2 on bad usage.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("samebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	steps := fs.Int("steps", 500, "iterations of each table")
	skipRun := fs.Bool("skip-run", false, "only the fused multiply-add check, no second build to run")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *steps < 1 {
		_, _ = fmt.Fprintln(stderr, "usage: samebuild [-steps N] [-skip-run]")
		return 2
	}
	root, module, err := moduleRoot(ctx)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "samebuild:", err)
		return 1
	}
	failed := false
	for _, target := range fusingTargets {
		bad, allowed, err := checkFused(ctx, root, module, target)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "samebuild: %s: %v\n", target.name, err)
			return 1
		}
		for _, b := range bad {
			_, _ = fmt.Fprintf(stdout, "FAIL %s: fused %s at %s: %s\n", target.name, b.instruction, b.pos, b.source)
		}
		if len(bad) == 0 {
			_, _ = fmt.Fprintf(stdout, "ok   %s: no fused multiply-add in the engine but %d math.FMA\n", target.name, allowed)
		}
		failed = failed || len(bad) > 0
	}
	if *skipRun {
		return status(failed)
	}
	same, err := compareBuilds(ctx, root, *steps, stdout)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "samebuild:", err)
		return 1
	}
	return status(failed || !same)
}

func status(failed bool) int {
	if failed {
		return 1
	}
	return 0
}

// moduleRoot returns the directory and path of the main module.
func moduleRoot(ctx context.Context) (dir, module string, err error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}} {{.Path}}").Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m: %w", err)
	}
	dir, module, ok := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !ok {
		return "", "", fmt.Errorf("go list -m: unexpected %q", out)
	}
	return dir, module, nil
}

// target is a build whose compiler fuses multiply-adds.
type target struct {
	name string
	env  []string
	// fused reports whether an assembly mnemonic is a fused multiply-add.
	fused func(mnemonic string) bool
}

// v3 is the GOAMD64 level whose compiler fuses multiply-adds.
const v3 = "GOAMD64=v3"

var fusingTargets = []target{
	{
		name: "GOARCH=arm64", env: []string{"GOARCH=arm64"},
		fused: func(m string) bool {
			switch strings.TrimSuffix(strings.TrimSuffix(m, "D"), "S") {
			case "FMADD", "FMSUB", "FNMADD", "FNMSUB":
				return true
			}
			return false
		},
	},
	{
		name: v3, env: []string{"GOARCH=amd64", v3},
		fused: func(m string) bool {
			for _, p := range []string{"VFMADD", "VFMSUB", "VFNMADD", "VFNMSUB"} {
				if strings.HasPrefix(m, p) {
					return true
				}
			}
			return false
		},
	},
}

// engineDirs are the engine's folders, relative to the module root.
var engineDirs = []string{"optimizers", "race", "neuron"}

// fusion is a fused multiply-add found in the engine's code.
type fusion struct {
	instruction string
	pos         string // file:line
	source      string // the line of Go it came from
}

// checkFused compiles every package of the module for t with -S and
// returns the engine's fused multiply-adds that are not math.FMA calls, and
// how many are. The compiler replays -S from its cache, so a warm cache
// makes this quick.
func checkFused(ctx context.Context, root, module string, t target) (bad []fusion, allowed int, err error) {
	//nolint:gosec // G204: the go tool, with the module's own path
	cmd := exec.CommandContext(ctx, "go", "build", "-o", os.DevNull, "-gcflags="+module+"/...=-S", "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), t.env...)
	var listing bytes.Buffer
	cmd.Stderr = &listing
	if err := cmd.Run(); err != nil {
		return nil, 0, fmt.Errorf("go build: %w\n%s", err, lastLines(listing.String(), 20))
	}
	sources := map[string][]string{}
	for _, f := range fusedLines(listing.String(), t.fused, engineFilter(root)) {
		lines, ok := sources[f.file]
		if !ok {
			data, err := os.ReadFile(f.file)
			if err != nil {
				return nil, 0, err
			}
			lines = strings.Split(string(data), "\n")
			sources[f.file] = lines
		}
		src := ""
		if f.line >= 1 && f.line <= len(lines) {
			src = strings.TrimSpace(lines[f.line-1])
		}
		if strings.Contains(src, "math.FMA(") {
			allowed++
			continue
		}
		rel, _ := filepath.Rel(root, f.file)
		bad = append(bad, fusion{instruction: f.mnemonic, pos: rel + ":" + strconv.Itoa(f.line), source: src})
	}
	return bad, allowed, nil
}

// engineFilter reports whether a source file is the engine's.
func engineFilter(root string) func(file string) bool {
	return func(file string) bool {
		rel, err := filepath.Rel(root, file)
		if err != nil {
			return false
		}
		for _, d := range engineDirs {
			if strings.HasPrefix(rel, d+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
}

// fusedLine is one fused instruction of a -S listing and its source position.
type fusedLine struct {
	mnemonic string
	file     string
	line     int
}

// fusedLines returns the fused instructions of a compiler -S listing whose
// source file passes keep. A listing line reads
// "\t0x0024 00036 (/path/file.go:44)\tFMADDD\tF2, F0, F1, F3".
func fusedLines(listing string, fused func(string) bool, keep func(string) bool) []fusedLine {
	var out []fusedLine
	for _, l := range strings.Split(listing, "\n") {
		open := strings.Index(l, "(")
		closing := strings.Index(l, ")")
		if open < 0 || closing < open {
			continue
		}
		fields := strings.Fields(l[closing+1:])
		if len(fields) == 0 || !fused(fields[0]) {
			continue
		}
		pos := l[open+1 : closing]
		colon := strings.LastIndex(pos, ":")
		if colon < 0 {
			continue
		}
		n, err := strconv.Atoi(pos[colon+1:])
		if err != nil || !keep(pos[:colon]) {
			continue
		}
		out = append(out, fusedLine{mnemonic: fields[0], file: pos[:colon], line: n})
	}
	return out
}

// runCase is one run of optirace whose output both builds must agree on.
type runCase struct {
	name string
	args []string
}

// cases returns the runs to compare: every landscape's table of all five,
// and runs through the engine's rarer paths (math/big sine reduction from
// a far start, Adam's tables past their first level, the neuron lesson).
func cases(steps int) []runCase {
	n := strconv.Itoa(steps)
	table := func(args ...string) []string {
		return append([]string{"table", "--format", "csv", "--steps", n}, args...)
	}
	raceJSON := func(args ...string) []string {
		return append([]string{"race", "--format", "json", "--max-steps", n}, args...)
	}
	lanes := func(specs ...string) []string {
		args := make([]string, 0, 2*len(specs))
		for _, s := range specs {
			args = append(args, "--lane", s)
		}
		return args
	}
	var cs []runCase
	for _, fn := range []string{"quadratic", "steep", "quartic", "bumpy", "bowl", "rosenbrock", "beale", "saddle", "himmelblau"} {
		cs = append(cs, runCase{fn, table("--fn", fn)})
	}
	return append(cs,
		runCase{"bumpy from 1e12", table("--fn=bumpy", "--x0", "1e12")},
		runCase{"adam, other β", table("--optimizer", "adam", "--adam.beta1", "0.95", "--adam.beta2", "0.99999")},
		runCase{"race on bumpy", raceJSON("--fn=bumpy")},
		runCase{"beale at the lecture's rates", table("--fn=beale", "--gd.lr", "0.1", "--gdm.lr", "0.1", "--adagrad.lr", "1", "--rmsprop.lr", "1", "--adam.lr", "0.5")},
		runCase{"lanes on rosenbrock", table(append([]string{"--fn=rosenbrock", "--x0", "-1.5", "--y0", "2"},
			lanes("gd", "gdm:momentum=0.95", "adam:beta1=0.8,lr=0.05", "rmsprop:decay=0.5", "adagrad:eps=1e-4")...)...)},
		runCase{"race of lanes on himmelblau", raceJSON(append([]string{"--fn=himmelblau"},
			lanes("gdm", "gdm:momentum=0.5", "adam:lr=2", "gd:lr=0.05")...)...)},
		runCase{"neuron lesson", []string{"neuron", "--steps", "45", "--exact"}},
	)
}

// errNoV3 reports a processor that cannot run a GOAMD64=v3 build.
var errNoV3 = errors.New("this processor cannot run a GOAMD64=v3 build")

// compareBuilds builds optirace by default and with GOAMD64=v3 and compares
// the output of every case, reporting each on stdout.
func compareBuilds(ctx context.Context, root string, steps int, stdout io.Writer) (bool, error) {
	if runtime.GOARCH != "amd64" {
		_, _ = fmt.Fprintf(stdout, "skip same output: GOAMD64=v3 needs an amd64 machine, this is %s\n", runtime.GOARCH)
		return true, nil
	}
	dir, err := os.MkdirTemp("", "samebuild")
	if err != nil {
		return false, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	builds := []struct{ name, bin, env string }{
		{"default (v1)", filepath.Join(dir, "optirace-default"), "GOAMD64=v1"},
		{v3, filepath.Join(dir, "optirace-v3"), v3},
	}
	for _, b := range builds {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.bin, ".") //nolint:gosec // G204: the go tool, into our own temporary folder
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOARCH=amd64", b.env)
		if out, err := cmd.CombinedOutput(); err != nil {
			return false, fmt.Errorf("go build (%s): %w\n%s", b.name, err, out)
		}
	}
	same := true
	for _, c := range cases(steps) {
		var outs [2][]byte
		for i, b := range builds {
			out, err := exec.CommandContext(ctx, b.bin, c.args...).Output() //nolint:gosec // G204: the binary just built, with cases()'s arguments
			var exit *exec.ExitError
			switch {
			case errors.As(err, &exit) && i == 1 && strings.Contains(string(exit.Stderr), "microarchitecture"):
				_, _ = fmt.Fprintf(stdout, "skip same output: %v\n", errNoV3)
				return true, nil
			case err != nil:
				return false, fmt.Errorf("%s %s (%s): %w", b.bin, strings.Join(c.args, " "), b.name, err)
			}
			outs[i] = out
		}
		if bytes.Equal(outs[0], outs[1]) {
			_, _ = fmt.Fprintf(stdout, "ok   same output, default and GOAMD64=v3: %s (%d bytes)\n", c.name, len(outs[0]))
			continue
		}
		same = false
		_, _ = fmt.Fprintf(stdout, "FAIL %s: default and GOAMD64=v3 differ from byte %d: optirace %s\n", c.name, firstDiff(outs[0], outs[1]), strings.Join(c.args, " "))
	}
	return same, nil
}

// firstDiff returns the index of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
