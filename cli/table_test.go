package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/export"
	"github.com/optirace/optirace/optimizers"
)

// run executes the command line and returns stdout, stderr and the exit status.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestTableReproducesLecture compares every line with the true output of the
// lecture's code (testdata/lecture/*.golden, made by bench/lecture.py table).
func TestTableReproducesLecture(t *testing.T) {
	for _, k := range optimizers.Kinds() {
		t.Run(k.ID(), func(t *testing.T) {
			out, errOut, code := run(t, "table", "--optimizer", k.ID())
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			want := readLines(t, filepath.Join("..", "testdata", "lecture", k.ID()+".golden"))
			got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(got) != len(want) {
				t.Fatalf("got %d lines, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], want[i])
				}
			}
		})
	}
}

// scanDamage lists each line of the lecture's printed tables where the
// scanned slide differs from what its code prints, and why.
var scanDamage = []struct {
	optimizer string
	iteration int
	why       string
}{
	{"gdm", 4, "the scan doubled a zero: x = -3.08600000000000007 for -3.0860000000000007"},
	{"adagrad", 1, "the scan added a zero: x = 9.00000000005 for 9.0000000005 (10 − 20/(20+1e-8))"},
	{"adam", 1, "the scan garbled three numbers: x = 9.5000000000250001 for 9.500000000250001, " +
		"m = 1.999999999999999 for 1.9999999999999996, v = 0.40000000000000000000 for 0.40000000000000036"},
}

// TestLectureScan checks every line the scanned slides print against the
// golden files: equal, except the damaged lines listed above. (The scan of
// the GDM table also lost iterations 2, 3, 5, 6 and 7.)
func TestLectureScan(t *testing.T) {
	damaged := map[string]string{}
	for _, d := range scanDamage {
		damaged[fmt.Sprintf("%s %d", d.optimizer, d.iteration)] = d.why
	}
	golden := map[string][]string{}
	for _, k := range optimizers.Kinds() {
		golden[k.ID()] = readLines(t, filepath.Join("..", "testdata", "lecture", k.ID()+".golden"))
	}
	var name string
	seen := 0
	for _, line := range readLines(t, filepath.Join("..", "testdata", "lecture", "scan.txt")) {
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			name = rest
			continue
		}
		num, _, _ := strings.Cut(strings.TrimPrefix(line, "Iteration "), ":")
		it, err := strconv.Atoi(num)
		if err != nil {
			t.Fatalf("bad scan line %q", line)
		}
		seen++
		key := fmt.Sprintf("%s %d", name, it)
		want := golden[name][it-1]
		why, isDamaged := damaged[key]
		switch {
		case isDamaged && line == want:
			t.Errorf("%s is listed as damaged (%s) but matches", key, why)
		case !isDamaged && line != want:
			t.Errorf("%s: scan %q, code prints %q", key, line, want)
		}
		delete(damaged, key)
	}
	if seen != 120 {
		t.Errorf("read %d scanned lines, want 120 (25 × 4 + 20)", seen)
	}
	for key := range damaged {
		t.Errorf("%s listed as damaged but not in the scan", key)
	}
}

func TestTableAllHasHeadersAndBlankLines(t *testing.T) {
	out, _, code := run(t, "table", "--steps", "2")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := `Gradient Descent (GD)
Iteration 1: x = 8.0, f(x) = 64.0
Iteration 2: x = 6.4, f(x) = 40.96000000000001

Gradient Descent with Momentum (GDM)
Iteration 1: x = 8.0, f(x) = 64.0, velocity = -2.0
Iteration 2: x = 4.6, f(x) = 21.159999999999997, velocity = -3.4000000000000004

Adaptive Gradient Algorithm (AdaGrad)
Iteration 1: x = 9.0000000005, f(x) = 81.000000009, learning rate = 0.049999999975
Iteration 2: x = 8.331035269105636, f(x) = 69.406148655082, learning rate = 0.037164707297622175

Root Mean Square Propagation (RMSProp)
Iteration 1: x = 6.8377223448316204, f(x) = 46.75444686500963, learning rate = 0.15811388275841898
Iteration 2: x = 4.988706075578886, f(x) = 24.88718830851769, learning rate = 0.13520703064598233

Adaptive Moment Estimation (Adam)
Iteration 1: x = 9.500000000250001, f(x) = 90.25000000475002, m = 1.9999999999999996, v = 0.40000000000000036
Iteration 2: x = 9.00083242855694, f(x) = 81.01498440696223, m = 3.7000000000499993, v = 0.7606000000190007
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestTableFlagsChangeTheRun(t *testing.T) {
	out, _, _ := run(t, "table", "--optimizer", "gd", "--steps", "1", "--x0", "-5", "--gd.lr", "0.25")
	if want := "Iteration 1: x = -2.5, f(x) = 6.25\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	out, _, _ = run(t, "table", "--optimizer", "gdm", "--steps", "1", "--gdm.momentum", "0", "--gdm.lr", "0.5")
	if want := "Iteration 1: x = 0.0, f(x) = 0.0, velocity = -10.0\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	out, _, _ = run(t, "table", "--optimizer", "gd", "--steps", "0")
	if out != "" {
		t.Errorf("--steps 0 printed %q", out)
	}
}

func TestTableBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string // in the one line on stderr
	}{
		{[]string{"--optimizer", "sgd"}, `"--optimizer" flag: must be one of gd|gdm|adagrad|rmsprop|adam|all`},
		{[]string{"--format", "xml"}, `"--format" flag: must be one of text|csv|json`},
		{[]string{"--gd.lr", "abc"}, `"--gd.lr" flag: not a number: must be a finite number > 0`},
		{[]string{"--gd.lr", "0"}, `"--gd.lr" flag: must be a finite number > 0`},
		{[]string{"--adam.lr", "nan"}, `"--adam.lr" flag: must be a finite number > 0`},
		{[]string{"--eps", "-1e-8"}, `"--eps" flag: must be a finite number > 0`},
		{[]string{"--x0", "inf"}, `"--x0" flag: must be a finite number`},
		{[]string{"--gdm.momentum", "1"}, `"--gdm.momentum" flag: must be a number in [0, 1)`},
		{[]string{"--rmsprop.decay", "-0.1"}, `"--rmsprop.decay" flag: must be a number in [0, 1)`},
		{[]string{"--adam.beta1", "1.5"}, `"--adam.beta1" flag: must be a number in [0, 1)`},
		{[]string{"--adam.beta2", ""}, `"--adam.beta2" flag: empty: must be a number in [0, 1)`},
		{[]string{"--steps", "-1"}, `"--steps" flag: must be an integer from 0 to 10000000`},
		{[]string{"--steps", "10000001"}, `"--steps" flag: must be an integer from 0 to 10000000`},
		{[]string{"--steps", "2.5"}, `"--steps" flag: must be an integer`},
		{[]string{"--steps", "1_000"}, `"--steps" flag: underscores are not accepted: must be an integer from 0 to 10000000`},
		{[]string{"--gd.lr", "1_0"}, `"--gd.lr" flag: underscores are not accepted: must be a finite number > 0`},
		{[]string{"--gd.lr", "0x1p-2"}, `"--gd.lr" flag: hexadecimal is not accepted: must be a finite number > 0`},
		{[]string{"--nope"}, "unknown flag: --nope; see 'optirace table --help'"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	}
	for _, c := range cases {
		requireUsageError(t, append([]string{"table"}, c.args...), c.want)
	}
}

// requireUsageError runs args and requires a usage error: exit status 2,
// nothing on stdout, one line on stderr holding want.
func requireUsageError(t *testing.T, args []string, want string) {
	t.Helper()
	out, errOut, code := run(t, args...)
	if code != 2 {
		t.Errorf("%v: exit %d, want 2", args, code)
	}
	if out != "" {
		t.Errorf("%v: stdout %q, want nothing", args, out)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, want) {
		t.Errorf("%v: stderr %q, want one line with %q", args, errOut, want)
	}
}

func TestTableOverflowPrintsInfAndNan(t *testing.T) {
	out, _, code := run(t, "table", "--optimizer", "gd", "--gd.lr", "1.5", "--steps", "2000")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2000 {
		t.Fatalf("%d lines", len(lines))
	}
	if !strings.Contains(out, "f(x) = inf") || lines[1999] != "Iteration 2000: x = nan, f(x) = nan" {
		t.Errorf("no inf/nan as Python prints them; last line %q", lines[1999])
	}
}

func TestTableCSV(t *testing.T) {
	out, _, code := run(t, "table", "--format", "csv", "--steps", "25")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+5*26 {
		t.Fatalf("%d rows, want header + 5 × 26", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	// Adam at t = 25 against the lecture's last line.
	last := rows[len(rows)-1]
	if last[col["optimizer"]] != "adam" || last[col["t"]] != "25" ||
		last[col["x"]] != "-0.2336861946874083" || last[col["m"]] != "4.555305536062085" || last[col["velocity"]] != "" {
		t.Errorf("last row %v", last)
	}
	if rows[1][col["x"]] != "10.0" || rows[1][col["f"]] != "100.0" {
		t.Errorf("first row %v is not the start point", rows[1])
	}
}

func TestTableJSON(t *testing.T) {
	out, _, code := run(t, "table", "--format", "json", "--optimizer", "rmsprop", "--steps", "25")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 26 {
		t.Fatalf("%d rows", len(rows))
	}
	if rows[25]["x"] != 2.558132747664291e-06 || rows[25]["lr"] != 0.37084001922558596 || rows[25]["Eg2"] == nil {
		t.Errorf("last row %v", rows[25])
	}
	out, _, _ = run(t, "table", "--format", "json", "--optimizer", "gd", "--gd.lr", "1.5", "--steps", "1100")
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("overflowing run is not valid JSON: %v", err)
	}
	// GD at α = 1.5 doubles |x|: f overflows at t = 509, x at 1021, then nan.
	if rows[509]["f"] != "inf" || rows[1021]["x"] != "-inf" || rows[1100]["x"] != "nan" || rows[0]["grad"] != nil {
		t.Errorf("non-finite numbers: f(509) %v, x(1021) %v, x(1100) %v, grad(0) %v; want \"inf\", \"-inf\", \"nan\", null",
			rows[509]["f"], rows[1021]["x"], rows[1100]["x"], rows[0]["grad"])
	}
}

// BenchmarkTable writes 1,000 iterations of all five in each format.
func BenchmarkTable(b *testing.B) {
	for _, format := range []string{"text", "csv", "json"} {
		b.Run(format, func(b *testing.B) {
			s := optimizers.Defaults()
			req := tableRequest{
				run:   export.Run{Settings: s, Objective: optimizers.Quadratic(), Lanes: s.Lanes()},
				steps: 1000, format: format, headers: headTitles,
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := writeTable(context.Background(), discard{}, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
