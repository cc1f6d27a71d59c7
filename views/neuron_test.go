package views

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/neuron"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

// lessonAt returns the neuron state after steps keypresses from the start
// of a lesson with parameters p.
func lessonAt(t *testing.T, p neuron.Params, steps int) NeuronState {
	t.Helper()
	l, err := neuron.NewLesson(p)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		l.Step()
	}
	return NeuronState{Iteration: l.Iteration(), Phase: l.Phase(), StepKey: "space"}
}

func newTestNeuronView(ascii bool) *NeuronView {
	s := DefaultStyles(lipgloss.DefaultRenderer())
	s.ASCII = ascii
	return NewNeuronView(&s)
}

// render returns the screen without colours, after checking that it is
// exactly h lines of exactly w columns.
func renderNeuron(t *testing.T, v *NeuronView, st NeuronState, w, h int) string {
	t.Helper()
	lines := v.Render(st, w, h)
	if len(lines) != max(h, 0) && w > 0 {
		t.Fatalf("%d×%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%d×%d: line %d is %d columns: %q", w, h, i, got, ansi.Strip(l))
		}
	}
	return ansi.Strip(strings.Join(lines, "\n"))
}

var phaseNames = [neuron.NumPhases]string{
	"start", "multiply", "sum", "activate", "relu-grad", "sum-grad",
	"weight-grad-0", "weight-grad-1", "weight-grad-2", "bias-grad", "update",
}

// TestNeuronViewGolden pins the screen at 120×40 in every phase of the
// first iteration and the first of the second, at 80×24 (compact) in every
// phase, a dead ReLU, an update that overflows, ASCII, and sizes too small
// to draw the neuron in.
func TestNeuronViewGolden(t *testing.T) {
	dead := neuron.Lecture()
	dead.B = -7 // sum = −2
	overflow := neuron.Lecture()
	overflow.LR = 1e308 // the update takes w1 and w2 to ±Inf
	cases := []struct {
		name  string
		p     neuron.Params
		steps []int
		w, h  int
		ascii bool
	}{
		{"120x40", neuron.Lecture(), []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 120, 40, false},
		{"80x24", neuron.Lecture(), []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 80, 24, false},
		{"80x22", neuron.Lecture(), []int{10}, 80, 22, false},
		{"dead-120x40", dead, []int{3, 4, 6, 10}, 120, 40, false},
		{"dead-80x24", dead, []int{4, 10}, 80, 24, false},
		{"overflow-120x40", overflow, []int{10}, 120, 40, false},
		{"overflow-80x24", overflow, []int{10}, 80, 24, false},
		{"overflow-ascii-80x24", overflow, []int{10}, 80, 24, true},
		{"ascii-120x40", neuron.Lecture(), []int{6}, 120, 40, true},
		{"ascii-80x24", neuron.Lecture(), []int{6}, 80, 24, true},
		{"too-small-75x24", neuron.Lecture(), []int{0}, 75, 24, false},
		{"too-small-40x10", neuron.Lecture(), []int{0}, 40, 10, false},
		{"too-small-1x1", neuron.Lecture(), []int{0}, 1, 1, false},
	}
	for _, c := range cases {
		v := newTestNeuronView(c.ascii)
		for _, steps := range c.steps {
			st := lessonAt(t, c.p, steps)
			name := fmt.Sprintf("%s/%02d-iteration-%d-%s", c.name, steps, st.Iteration.N, phaseNames[st.Phase])
			t.Run(name, func(t *testing.T) {
				golden.RequireEqual(t, []byte(renderNeuron(t, v, st, c.w, c.h)))
			})
		}
	}
}

// TestNeuronViewShowsTheLecture: a new user stepping through the first
// iteration sees 6, then the gradients [1, −2, 3] and 1, then the lecture's
// updated weights and bias and the new output 5.85 — at 120×40 and 80×24.
func TestNeuronViewShowsTheLecture(t *testing.T) {
	checks := []struct {
		steps int
		want  []string
	}{
		{0, []string{"x0 = 1", "x1 = -2", "x2 = 3", "w0 = -3", "w1 = -1", "w2 = 2", "b = 1", "sum = ?", "out = ?"}},
		{1, []string{"x0·w0 = -3", "x1·w1 = 2", "x2·w2 = 6", "x0·w0 = 1 × (-3) = -3", "sum = ?"}},
		{2, []string{"sum = 6", "sum = x0·w0 + x1·w1 + x2·w2 + b = -3 + 2 + 6 + 1 = 6", "ReLU = ?"}},
		{3, []string{"ReLU = 6", "out = 6", "max(6, 0) = 6"}},
		{4, []string{"∂out/∂sum = ∂ReLU(sum)/∂sum = 1(sum > 0) = 1, since sum = 6 > 0"}},
		{5, []string{"∂out/∂(xi·wi) = ∂out/∂sum × ∂sum/∂(xi·wi) = 1 × 1 = 1"}},
		{6, []string{"∂out/∂w0 = 1 × 1 × x0 = 1"}},
		{7, []string{"∂out/∂w1 = 1 × 1 × x1 = -2"}},
		{8, []string{"∂out/∂w2 = 1 × 1 × x2 = 3"}},
		{9, []string{"∂out/∂b = 1 × 1 = 1", "∂out/∂w = [1, -2, 3], ∂out/∂b = 1"}},
		{10, []string{
			"w0: -3 − 0.01 × 1 = -3.01", "w1: -1 − 0.01 × (-2) = -0.98", "w2: 2 − 0.01 × 3 = 1.97", "b: 1 − 0.01 × 1 = 0.99",
			"w = [-3, -1, 2] − 0.01 × [1, -2, 3] = [-3.01, -0.98, 1.97]",
			"b = 1 − 0.01 × 1 = 0.99",
			"new out = ReLU(-3.01 × 1 + (-0.98) × (-2) + 1.97 × 3 + 0.99) = 5.85",
			"iteration 2",
		}},
		{11, []string{"iteration 2", "x0·w0 = -3.01", "x1·w1 = 1.96", "x2·w2 = 5.91", "w0 = -3.01"}},
	}
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		v := newTestNeuronView(false)
		for _, c := range checks {
			screen := renderNeuron(t, v, lessonAt(t, neuron.Lecture(), c.steps), size[0], size[1])
			for _, want := range c.want {
				if !strings.Contains(screen, want) {
					t.Errorf("%dx%d after %d steps: no %q in\n%s", size[0], size[1], c.steps, want, screen)
				}
			}
			if strings.Contains(screen, "dead ReLU") {
				t.Errorf("%dx%d after %d steps: a live ReLU called dead", size[0], size[1], c.steps)
			}
		}
	}
	// Gradients stay in the weight boxes once computed, and the new output
	// shows under the old at the update.
	screen := renderNeuron(t, newTestNeuronView(false), lessonAt(t, neuron.Lecture(), 10), 120, 40)
	for _, want := range []string{"∂out/∂w0 = 1", "∂out/∂w1 = -2", "∂out/∂w2 = 3", "∂out/∂b = 1", "new out = 5.85"} {
		if !strings.Contains(screen, want) {
			t.Errorf("120x40 update: no %q", want)
		}
	}
}

// updateLine reads a node's update, "w1: -1 − 0.01 × (-2) = -0.98".
// The spaces around − and × may be dropped where the node is narrow.
var updateLine = regexp.MustCompile(`\b(w[0-2]|b): (` + numRE + `) ?[−-] ?(` + numRE + `) ?[×*] ?\(?(` + numRE + `)\)? = (` + numRE + `)`)

const numRE = `-?(?:inf|[0-9.]+(?:e[+-]?[0-9]+)?)`

// TestNeuronUpdateOnOneLine: at the update each weight and the bias read
// old value, α, gradient and new value on one line, the engine's numbers
// (to the digits shown), and no product of the old weights stands beside
// them: in the first iterations, with a dead ReLU, at both layouts and in
// ASCII.
func TestNeuronUpdateOnOneLine(t *testing.T) {
	dead := neuron.Lecture()
	dead.B = -7
	near := func(shown string, v float64) bool {
		got, err := strconv.ParseFloat(shown, 64)
		return err == nil && math.Abs(got-v) <= 5e-6*math.Abs(v)
	}
	for _, c := range []struct {
		name  string
		p     neuron.Params
		steps int
	}{
		{"iteration 1", neuron.Lecture(), 10}, {"iteration 3", neuron.Lecture(), 30}, {"iteration 7", neuron.Lecture(), 70}, {"dead", dead, 10},
	} {
		st := lessonAt(t, c.p, c.steps)
		if st.Phase != neuron.Update {
			t.Fatalf("%s: %v, not the update", c.name, st.Phase)
		}
		it := st.Iteration
		for _, ascii := range []bool{false, true} {
			for _, size := range [][2]int{{120, 40}, {80, 24}} {
				screen := renderNeuron(t, newTestNeuronView(ascii), st, size[0], size[1])
				seen := map[string]bool{}
				for _, m := range updateLine.FindAllStringSubmatch(screen, -1) {
					old, d, now := it.Params.B, it.Grad.DB, it.Next.B
					if i := strings.TrimPrefix(m[1], "w"); i != m[1] {
						k, _ := strconv.Atoi(i)
						old, d, now = it.Params.W[k], it.Grad.DW[k], it.Next.W[k]
					}
					if !near(m[2], old) || !near(m[3], it.Params.LR) || !near(m[4], d) || !near(m[5], now) {
						t.Errorf("%s %v ascii=%v: %q, engine %v − %v × %v = %v", c.name, size, ascii, m[0], old, it.Params.LR, d, now)
					}
					seen[m[1]] = true
				}
				if len(seen) != neuron.NumInputs+1 {
					t.Errorf("%s %v ascii=%v: updates of %v, want w0, w1, w2 and b:\n%s", c.name, size, ascii, seen, screen)
				}
				if strings.Contains(screen, "x0·w0 =") || strings.Contains(screen, "x0*w0 =") {
					t.Errorf("%s %v ascii=%v: a product of the old weights beside the new:\n%s", c.name, size, ascii, screen)
				}
			}
		}
	}
}

// TestNeuronViewDeadReLU: from the derivative of the ReLU on, a dead ReLU
// says so, and the update leaves the weights as they were.
func TestNeuronViewDeadReLU(t *testing.T) {
	p := neuron.Lecture()
	p.B = -6 // sum = 0 exactly: not > 0, so dead
	v := newTestNeuronView(false)
	for steps := range neuron.NumPhases {
		st := lessonAt(t, p, steps)
		for _, size := range [][2]int{{120, 40}, {80, 24}} {
			screen := renderNeuron(t, v, st, size[0], size[1])
			says := strings.Contains(screen, DeadReLUNote)
			if says != (st.Phase >= neuron.ReLUGrad) {
				t.Errorf("%v at %dx%d: dead-ReLU note shown = %v", st.Phase, size[0], size[1], says)
			}
		}
	}
	screen := renderNeuron(t, v, lessonAt(t, p, 10), 120, 40)
	for _, want := range []string{"w = [-3, -1, 2] − 0.01 × [0, 0, 0] = [-3, -1, 2]", "b = -6 − 0.01 × 0 = -6", "new out = 0"} {
		if !strings.Contains(screen, want) {
			t.Errorf("dead update: no %q in\n%s", want, screen)
		}
	}
}

// TestNeuronViewOverflow: an update that leaves float64's range says so in
// place of the new output and the next iteration, at every size; it is
// never called a dead ReLU, and no number after ±Inf is shown as a result.
func TestNeuronViewOverflow(t *testing.T) {
	cases := []struct {
		name string
		p    neuron.Params
		want []string
	}{
		{"weights", neuron.Params{X: neuron.Lecture().X, W: neuron.Lecture().W, B: 1, LR: 1e308}, []string{
			"w = [-3, -1, 2] − 1e308 × [1, -2, 3] = [-1e308, inf, -inf]",
			"overflow: w1 and w2 left float64's range; the lesson stops here — lower α",
			"w1: -1 − 1e308 × (-2) = inf", "w2: 2 − 1e308 × 3 = -inf", "new out = ?",
		}},
		// w stays finite; the new output's product x0·w0 = −1e310 does not.
		{"a product", neuron.Params{X: [neuron.NumInputs]float64{1e5, -2, 3}, W: [neuron.NumInputs]float64{1, -1, 2}, B: 1, LR: 1e300}, []string{
			"overflow: x0·w0 left float64's range; the lesson stops here — lower α",
			"new out = ?",
		}},
	}
	v, va := newTestNeuronView(false), newTestNeuronView(true)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for steps := range neuron.NumPhases + 2 { // two presses past the update
				st := lessonAt(t, c.p, steps)
				if steps >= neuron.NumPhases && (st.Phase != neuron.Update || st.Iteration.N != 1) {
					t.Fatalf("%d presses went on to %v of iteration %d", steps, st.Phase, st.Iteration.N)
				}
				for _, size := range [][2]int{{120, 40}, {80, 24}, {NeuronMinWidth, NeuronMinHeight}} {
					screen := renderNeuron(t, v, st, size[0], size[1])
					if strings.Contains(screen, "dead ReLU") {
						t.Errorf("%v at %dx%d: an overflow called a dead ReLU", st.Phase, size[0], size[1])
					}
					if says := strings.Contains(screen, "overflow:"); says != (st.Phase == neuron.Update) {
						t.Errorf("%v at %dx%d: overflow note shown = %v", st.Phase, size[0], size[1], says)
					}
					if st.Phase == neuron.Update && size[0] >= 80 && strings.Contains(screen, "iteration 2") {
						t.Errorf("%dx%d: offers an iteration 2:\n%s", size[0], size[1], screen)
					}
				}
			}
			st := lessonAt(t, c.p, neuron.NumPhases-1)
			screen := renderNeuron(t, v, st, 120, 40)
			for _, want := range c.want {
				if !strings.Contains(screen, want) {
					t.Errorf("120x40: no %q in\n%s", want, screen)
				}
			}
			ascii := renderNeuron(t, va, st, 120, 40)
			if !strings.Contains(ascii, "the lesson stops here - lower lr") {
				t.Errorf("ASCII: no overflow note in\n%s", ascii)
			}
		})
	}
}

// TestNeuronViewNamesItsNeuron: the first line says whose neuron it is,
// the lecture's or an edited one.
func TestNeuronViewNamesItsNeuron(t *testing.T) {
	edited := neuron.Lecture()
	edited.B = -7
	v := newTestNeuronView(false)
	for _, c := range []struct {
		p     neuron.Params
		steps int
		want  string
	}{
		{neuron.Lecture(), 0, "The lecture's neuron: out = ReLU("},
		{edited, 0, "Your neuron: out = ReLU("},
	} {
		if screen := renderNeuron(t, v, lessonAt(t, c.p, c.steps), 120, 40); !strings.Contains(screen, c.want) {
			t.Errorf("no %q in\n%s", c.want, screen)
		}
	}
}

// TestNeuronViewEverySize: no size panics, and every frame is exactly h
// lines of exactly w columns: every size around the layouts' thresholds in
// a phase of each kind, and the thresholds themselves in every phase.
func TestNeuronViewEverySize(t *testing.T) {
	widths := []int{0, 1, 2, 10, 60, 77, 78, 79, 80, 112, 113, 114, 120, 200}
	heights := []int{0, 1, 2, 5, 13, 14, 16, 22, 23, 24, 32, 33, 35, 36, 40, 60}
	v := newTestNeuronView(false)
	va := newTestNeuronView(true)
	for steps := range neuron.NumPhases + 1 {
		st := lessonAt(t, neuron.Lecture(), steps)
		if steps == 0 || steps == 7 || steps == 10 {
			for _, w := range widths {
				for _, h := range heights {
					renderNeuron(t, v, st, w, h)
					if w == 80 || w == 120 {
						renderNeuron(t, va, st, w, h)
					}
				}
			}
		}
		for _, size := range [][2]int{
			{NeuronMinWidth, NeuronMinHeight},
			{NeuronMinWidth - 1, NeuronMinHeight},
			{NeuronMinWidth, NeuronMinHeight - 1},
			{NeuronBoxedWidth, NeuronBoxedHeight},
			{NeuronBoxedWidth - 1, NeuronBoxedHeight},
			{NeuronBoxedWidth, NeuronBoxedHeight - 1},
		} {
			screen := renderNeuron(t, v, st, size[0], size[1])
			tooSmall := size[0] < NeuronMinWidth || size[1] < NeuronMinHeight
			if strings.Contains(screen, "enlarge the window") != tooSmall {
				t.Errorf("%dx%d: asks to enlarge = %v", size[0], size[1], !tooSmall)
			}
			boxed := size[0] >= NeuronBoxedWidth && size[1] >= NeuronBoxedHeight
			if strings.Contains(screen, "╭") != boxed {
				t.Errorf("%dx%d: boxed = %v", size[0], size[1], !boxed)
			}
		}
	}
}

// TestNeuronViewHugeNumbers: numbers far from the lecture's still fit
// their boxes (fewer digits, then exponents), and the frame keeps its size.
func TestNeuronViewHugeNumbers(t *testing.T) {
	// Every number huge or tiny, the forward pass within float64's range
	// (sum ≈ 8.4e307) and the update too.
	p := neuron.Params{
		X:  [neuron.NumInputs]float64{-1.234567e-300, 9.87654321e300, -123456789},
		W:  [neuron.NumInputs]float64{1e300, 1e7, -0.000123456789},
		B:  -1.5e307,
		LR: 1e-300,
	}
	v := newTestNeuronView(false)
	for steps := range 2 * neuron.NumPhases {
		for _, size := range [][2]int{{120, 40}, {80, 24}, {111, 33}, {NeuronMinWidth, NeuronMinHeight}} {
			screen := renderNeuron(t, v, lessonAt(t, p, steps), size[0], size[1])
			if strings.Contains(screen, "enlarge") {
				t.Fatalf("%dx%d: too small for the neuron", size[0], size[1])
			}
		}
	}
}

// TestNeuronViewColours: forward values and gradients are drawn in
// different colours, and the updated weights in a third.
func TestNeuronViewColours(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	s := DefaultStyles(r)
	v := NewNeuronView(&s)
	lineWith := func(lines []string, text string) string {
		for _, l := range lines {
			if strings.Contains(ansi.Strip(l), text) {
				return l
			}
		}
		t.Fatalf("no line with %q", text)
		return ""
	}
	forward := paintOf(r.NewStyle().Foreground(forwardColor)).pre
	gradient := paintOf(r.NewStyle().Foreground(gradientColor).Bold(true)).pre
	update := paintOf(r.NewStyle().Foreground(updateColor).Bold(true)).pre
	if forward == gradient || forward == update || gradient == update || forward == "" {
		t.Fatalf("colours not distinct: %q %q %q", forward, gradient, update)
	}
	lines := v.Render(lessonAt(t, neuron.Lecture(), 1), 120, 40)
	if l := lineWith(lines, "x0·w0 = 1 × (-3) = -3"); !strings.Contains(l, forward) {
		t.Errorf("forward values not in the forward colour: %q", l)
	}
	lines = v.Render(lessonAt(t, neuron.Lecture(), 6), 120, 40)
	if l := lineWith(lines, "∂out/∂w0 = 1 × 1 × x0 = 1"); !strings.Contains(l, gradient) {
		t.Errorf("gradients not in the gradient colour: %q", l)
	}
	lines = v.Render(lessonAt(t, neuron.Lecture(), 10), 120, 40)
	if l := lineWith(lines, "b = 1 − 0.01 × 1 = 0.99"); !strings.Contains(l, update) {
		t.Errorf("update not in the update colour: %q", l)
	}
}

func TestNeuronViewCachesTheFrame(t *testing.T) {
	v := newTestNeuronView(false)
	st := lessonAt(t, neuron.Lecture(), 3)
	a := v.Render(st, 120, 40)
	b := v.Render(st, 120, 40)
	if &a[0] != &b[0] {
		t.Error("the same state and size drew a new frame")
	}
	if c := v.Render(lessonAt(t, neuron.Lecture(), 4), 120, 40); strings.Join(c, "\n") == strings.Join(a, "\n") {
		t.Error("a new phase drew the cached frame")
	}
}

func BenchmarkNeuronViewRender(b *testing.B) {
	v := newTestNeuronView(false)
	l, _ := neuron.NewLesson(neuron.Lecture())
	for range 6 {
		l.Step()
	}
	st := NeuronState{Iteration: l.Iteration(), Phase: l.Phase(), StepKey: "space"}
	for b.Loop() {
		v.cacheLines = nil
		v.Render(st, 120, 40)
	}
}

// TestNeuronExplanationIsWhole: in the compact layout, down to a body of
// 17 rows (an 18-row terminal), every phase shows its explanation whole,
// leaving out the phase track and blank rows first.
func TestNeuronExplanationIsWhole(t *testing.T) {
	for _, size := range [][2]int{{78, 17}, {80, 17}, {100, 17}, {80, 20}, {80, 23}} {
		w, h := size[0], size[1]
		v := newTestNeuronView(false)
		for steps := range 2 * neuron.NumPhases {
			st := lessonAt(t, neuron.Lecture(), steps)
			screen := renderNeuron(t, v, st, w, h)
			for _, l := range explain(st) {
				for _, row := range wrapCells(l.cells(false), w-2) {
					text := strings.TrimSpace(string(runesOf(row)))
					if !strings.Contains(screen, text) {
						t.Errorf("%d×%d, %d steps: %q is not on screen:\n%s", w, h, steps, text, screen)
					}
				}
			}
		}
	}
}

func runesOf(cs []boardCell) []rune {
	out := make([]rune, len(cs))
	for i, c := range cs {
		out[i] = c.r
	}
	return out
}

// TestWrapKeepsEquationsWhole: a line of items spaced four apart breaks
// between items, not inside an equation; one long item breaks after a
// comma, else before an operator, else at a space.
func TestWrapKeepsEquationsWhole(t *testing.T) {
	for _, c := range []struct {
		name, text string
		w          int
		want       []string
	}{
		{
			"items", "x0·w0 = 1 × (-3.01) = -3.01    x1·w1 = -2 × (-0.98) = 1.96    x2·w2 = 3 × 1.97 = 5.91", 78,
			[]string{"x0·w0 = 1 × (-3.01) = -3.01    x1·w1 = -2 × (-0.98) = 1.96", "  x2·w2 = 3 × 1.97 = 5.91"},
		},
		{"one item", "sum = x0·w0 + x1·w1 + x2·w2 + b = 6", 20, []string{"sum = x0·w0 + x1·w1", "  + x2·w2 + b = 6"}},
		// A result goes to the next line with its "=", not the "=" alone.
		{"before an operator", "out = (1.5 + 2.25) = 3.75", 20, []string{"out = (1.5 + 2.25)", "  = 3.75"}},
		{"after a comma", "∂sum/∂b = 1, and the same for x1", 22, []string{"∂sum/∂b = 1,", "  and the same for x1"}},
	} {
		var got []string
		for _, row := range wrapCells(spans{{c.text, clsText}}.cells(false), c.w) {
			got = append(got, string(runesOf(row)))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
