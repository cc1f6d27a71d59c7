package cli

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

// TestTableMatchesPython compares `optirace table` on the landscapes beyond
// the lecture's with its loops run by Python on x**2 + 10*math.sin(x) and
// x**4 (testdata/python, made by `bench/lecture.py golden`). optirace
// computes sin, cos and every power correctly rounded; the C library Python
// called does too, except for the calls listed in each .libm file. So every
// line matches up to the first such call's iteration, and may differ from
// there on (on bumpy, RMSProp's x from iteration 37 to 64 after a cos one
// ulp off; Adam's f(x) at iteration 55 after a sin one ulp off, its x from
// 135). Where Python stops with an OverflowError (GD and GDM on x⁴ in
// iteration 5), its file ends, and optirace goes on printing inf and nan.
func TestTableMatchesPython(t *testing.T) {
	for _, fn := range []string{"bumpy", "quartic"} {
		for _, k := range optimizers.Kinds() {
			t.Run(fn+"/"+k.ID(), func(t *testing.T) {
				testTableMatchesPython(t, fn, k)
			})
		}
	}
}

func testTableMatchesPython(t *testing.T, fn string, k optimizers.Kind) {
	dir := filepath.Join("..", "testdata", "python", fn)
	want := readLines(t, filepath.Join(dir, k.ID()+".golden"))
	firstMisround := firstLibmIteration(t, filepath.Join(dir, k.ID()+".libm"))
	out, errOut, code := run(t, "table", "--fn", fn, "--optimizer", k.ID(), "--steps", strconv.Itoa(len(want)))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d", len(got), len(want))
	}
	same := 0
	for i := range want {
		switch {
		case got[i] == want[i]:
			same++
		case i+1 < firstMisround:
			t.Errorf("line %d, before any misrounded C library call:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
	if firstMisround > len(want) {
		t.Logf("all %d lines equal; the C library rounded every call correctly", len(want))
	} else {
		t.Logf("%d of %d lines equal; the C library misrounded a call first at iteration %d", same, len(want), firstMisround)
	}
}

// firstLibmIteration returns the first iteration listed in a .libm file
// (`iteration call argument exponent got correctly-rounded`), or a number
// past every iteration when none is.
func firstLibmIteration(t *testing.T, path string) int {
	t.Helper()
	first := int(^uint(0) >> 1)
	for _, line := range readLines(t, path) {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		it, err := strconv.Atoi(fields[0])
		if err != nil {
			t.Fatalf("%s: %q: %v", path, line, err)
		}
		first = min(first, it)
	}
	return first
}
