package cli

import (
	"strings"
	"testing"
)

func TestNeuronDefaultIsTheLecture(t *testing.T) {
	out, errOut, code := run(t, "neuron")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := `Neuron: x = [1, -2, 3], w = [-3, -1, 2], b = 1, α = 0.01

Iteration 1
  forward:  x·w = [-3, 2, 6], sum = 6, out = ReLU(6) = 6
  backward: ∂ReLU/∂sum = 1, ∂out/∂w = [1, -2, 3], ∂out/∂b = 1
  update:   w = [-3.01, -0.98, 1.97], b = 0.99
  new out = 5.85
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestNeuronExact(t *testing.T) {
	out, _, code := run(t, "neuron", "--steps", "2", "--exact")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := `Neuron: x = [1.0, -2.0, 3.0], w = [-3.0, -1.0, 2.0], b = 1.0, α = 0.01

Iteration 1
  forward:  x·w = [-3.0, 2.0, 6.0], sum = 6.0, out = ReLU(6.0) = 6.0
  backward: ∂ReLU/∂sum = 1.0, ∂out/∂w = [1.0, -2.0, 3.0], ∂out/∂b = 1.0
  update:   w = [-3.01, -0.98, 1.97], b = 0.99
  new out = 5.8500000000000005

Iteration 2
  forward:  x·w = [-3.01, 1.96, 5.91], sum = 5.8500000000000005, out = ReLU(5.8500000000000005) = 5.8500000000000005
  backward: ∂ReLU/∂sum = 1.0, ∂out/∂w = [1.0, -2.0, 3.0], ∂out/∂b = 1.0
  update:   w = [-3.0199999999999996, -0.96, 1.94], b = 0.98
  new out = 5.700000000000001
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestNeuronDeadReLU(t *testing.T) {
	out, _, code := run(t, "neuron", "--b", "-7", "--steps", "2", "--lr", "0.5")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := `Neuron: x = [1, -2, 3], w = [-3, -1, 2], b = -7, α = 0.5

Iteration 1
  forward:  x·w = [-3, 2, 6], sum = -2, out = ReLU(-2) = 0
  backward: ∂ReLU/∂sum = 0, ∂out/∂w = [0, 0, 0], ∂out/∂b = 0 (dead ReLU: no gradient flows, the weights stop changing)
  update:   w = [-3, -1, 2], b = -7
  new out = 0

Iteration 2
  forward:  x·w = [-3, 2, 6], sum = -2, out = ReLU(-2) = 0
  backward: ∂ReLU/∂sum = 0, ∂out/∂w = [0, 0, 0], ∂out/∂b = 0 (dead ReLU: no gradient flows, the weights stop changing)
  update:   w = [-3, -1, 2], b = -7
  new out = 0
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestNeuronFlags: every field has a flag, and --steps runs on from the
// updated weights.
func TestNeuronFlags(t *testing.T) {
	out, _, code := run(t, "neuron", "--x0", "2", "--x1", "0", "--x2", "0", "--w0", "1", "--w1", "5", "--w2", "5", "--b", "0", "--lr", "0.25", "--steps", "3")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// out = 2·w0 = 2, 1, 0 (dead at 0): w0 = 1, 0.5, 0, 0 and b = 0, −0.25, −0.5, −0.5.
	for _, want := range []string{
		"Neuron: x = [2, 0, 0], w = [1, 5, 5], b = 0, α = 0.25\n",
		"  update:   w = [0.5, 5, 5], b = -0.25\n  new out = 0.75\n",
		"  update:   w = [0, 5, 5], b = -0.5\n  new out = 0\n",
		"Iteration 3\n  forward:  x·w = [0, 0, 0], sum = -0.5, out = ReLU(-0.5) = 0\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Iteration "); n != 3 {
		t.Errorf("%d iterations, want 3", n)
	}
}

func TestNeuronSixSignificantDigits(t *testing.T) {
	out, _, _ := run(t, "neuron", "--lr", "0.0123456789")
	if !strings.Contains(out, "α = 0.0123457\n") || !strings.Contains(out, "w = [-3.01235, -0.975309, 1.96296]") {
		t.Errorf("not 6 significant digits:\n%s", out)
	}
}

func TestNeuronBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string // in the one line on stderr
	}{
		{[]string{"--lr", "0"}, `"--lr" flag: must be a finite number > 0`},
		{[]string{"--lr", "-0.01"}, `"--lr" flag: must be a finite number > 0`},
		{[]string{"--lr", "nan"}, `"--lr" flag: must be a finite number > 0`},
		{[]string{"--lr", "abc"}, `"--lr" flag: not a number: must be a finite number > 0`},
		{[]string{"--x1", "inf"}, `"--x1" flag: must be a finite number`},
		{[]string{"--w2", "nan"}, `"--w2" flag: must be a finite number`},
		{[]string{"--b", ""}, `"--b" flag: empty: must be a finite number`},
		{[]string{"--steps", "0"}, `"--steps" flag: must be an integer from 1 to 1000000`},
		{[]string{"--steps", "1000001"}, `"--steps" flag: must be an integer from 1 to 1000000`},
		{[]string{"--steps", "1.5"}, `"--steps" flag: must be an integer`},
		{[]string{"--exact=maybe"}, `invalid argument "maybe" for "--exact" flag`},
		{[]string{"--nope"}, "unknown flag: --nope"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		// Each finite, but the first forward pass is not.
		{[]string{"--x0", "1e200", "--w0", "1e200"}, "--x0, --w0: x0·w0 is beyond float64's range (±1.8e308)"},
		{[]string{"--x0", "1e308", "--x1", "1e308", "--w0", "10", "--w1", "-10"}, "--x0, --w0, --x1, --w1: x0·w0 and x1·w1 are beyond float64's range (±1.8e308)"},
		{[]string{"--x0", "1e308", "--w0", "1", "--b", "1.7e308"}, "--x0, --w0, --b: the sum x0·w0 + x1·w1 + x2·w2 + b is beyond float64's range (±1.8e308)"},
	}
	for _, c := range cases {
		requireUsageError(t, append([]string{"neuron"}, c.args...), c.want)
	}
}

func TestNeuronManySteps(t *testing.T) {
	out, _, code := run(t, "neuron", "--steps", "100")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// The output falls by 0.15 per iteration, so the ReLU dies around
	// iteration 41 and the last iteration changes nothing.
	last := out[strings.LastIndex(out, "Iteration 100\n"):]
	if !strings.Contains(last, "dead ReLU") || !strings.HasSuffix(last, "  new out = 0\n") {
		t.Errorf("last iteration:\n%s", last)
	}
}

// TestNeuronOverflow: an update that leaves float64's range (a huge α) ends
// the output after that update, is said plainly on stderr, never called a
// dead ReLU, and exits with status 1 so that a script can tell.
func TestNeuronOverflow(t *testing.T) {
	cases := []struct {
		args          []string
		want, wantErr string
	}{
		{[]string{"--lr", "1e308", "--steps", "3"}, `Neuron: x = [1, -2, 3], w = [-3, -1, 2], b = 1, α = 1e308

Iteration 1
  forward:  x·w = [-3, 2, 6], sum = 6, out = ReLU(6) = 6
  backward: ∂ReLU/∂sum = 1, ∂out/∂w = [1, -2, 3], ∂out/∂b = 1
  update:   w = [-1e308, inf, -inf], b = -1e308
`, "optirace: overflow: w1 and w2 left float64's range; the lesson stops here — lower α\n"},
		// The weights stay finite; the new output's x0·w0 = −1e310 does not.
		{[]string{"--x0", "1e5", "--w0", "1", "--lr", "1e300", "--steps", "2"}, `Neuron: x = [100000, -2, 3], w = [1, -1, 2], b = 1, α = 1e300

Iteration 1
  forward:  x·w = [100000, 2, 6], sum = 100009, out = ReLU(100009) = 100009
  backward: ∂ReLU/∂sum = 1, ∂out/∂w = [100000, -2, 3], ∂out/∂b = 1
  update:   w = [-1e305, 2e300, -3e300], b = -1e300
`, "optirace: overflow: x0·w0 left float64's range; the lesson stops here — lower α\n"},
	}
	for _, c := range cases {
		out, errOut, code := run(t, append([]string{"neuron"}, c.args...)...)
		if code != 1 || errOut != c.wantErr {
			t.Errorf("%v: exit %d, stderr %q; want 1, %q", c.args, code, errOut, c.wantErr)
		}
		if out != c.want {
			t.Errorf("%v: got\n%s\nwant\n%s", c.args, out, c.want)
		}
	}
	// The overflow late: w0 moves out by α = 1e307 per iteration and leaves
	// float64's range at the third, while the ReLU is alive; nothing is
	// printed after it.
	out, errOut, code := run(t, "neuron", "--x0", "1", "--w0", "-1.5e308", "--x1", "1", "--w1", "1.7e308", "--x2", "0", "--w2", "0",
		"--b", "1e308", "--lr", "1e307", "--steps", "100")
	if code != 1 || strings.Contains(out, "dead ReLU") ||
		errOut != "optirace: overflow: w0 left float64's range; the lesson stops here — lower α\n" {
		t.Errorf("exit %d, stderr %q:\n%s", code, errOut, out)
	}
	want := "Iteration 3\n" +
		"  forward:  x·w = [-1.7e308, 1.5e308, 0], sum = 6e307, out = ReLU(6e307) = 6e307\n" +
		"  backward: ∂ReLU/∂sum = 1, ∂out/∂w = [1, 1, 0], ∂out/∂b = 1\n" +
		"  update:   w = [-inf, 1.4e308, 0], b = 7e307\n"
	if n := strings.Count(out, "Iteration "); n != 3 || !strings.HasSuffix(out, want) {
		t.Errorf("%d iterations, want 3 ending\n%s\ngot\n%s", n, want, out)
	}
}
