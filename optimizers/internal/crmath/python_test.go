package crmath

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPythonMisroundsAreReal checks every C library call that
// bench/lecture.py found misrounded in its runs (testdata/python/*/*.libm,
// the reason those runs may part from optirace's, cli/python_test.go): Sin,
// Cos and IntPow or Pow give the correctly rounded value the script
// computed with exact arithmetic, and the C library's differs from it.
func TestPythonMisroundsAreReal(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "python", "*", "*.libm"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .libm files: %v", err)
	}
	calls := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			fields := strings.Fields(line)
			if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
				continue
			}
			if len(fields) != 6 {
				t.Fatalf("%s: %q: want 6 fields", path, line)
			}
			num := func(s string) float64 {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("%s: %q: %v", path, line, err)
				}
				return v
			}
			arg, got, want := num(fields[2]), num(fields[4]), num(fields[5])
			n, err := strconv.Atoi(fields[3])
			if err != nil {
				t.Fatalf("%s: %q: %v", path, line, err)
			}
			var ours float64
			switch fields[1] {
			case "sin":
				ours = Sin(arg)
			case "cos":
				ours = Cos(arg)
			case "x**2", "x**3", "x**4", "grad**2":
				ours = IntPow(arg, n)
			case "beta**t":
				ours = Pow(arg, n)
			default:
				t.Fatalf("%s: unknown call %q", path, fields[1])
			}
			if ours != want || got == want {
				t.Errorf("%s: %s: ours %x, the script's correctly rounded %x, the C library's %x", path, line, ours, want, got)
			}
			calls++
		}
	}
	t.Logf("%d misrounded calls confirmed", calls)
}
