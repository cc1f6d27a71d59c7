package views

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

func testStyles() *Styles {
	s := DefaultStyles(lipgloss.DefaultRenderer())
	return &s
}

func requireSize(t *testing.T, lines []string, w, h int) {
	t.Helper()
	if len(lines) != h {
		t.Fatalf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d wide, want %d: %q", i, got, w, l)
		}
	}
}

func TestLossChartGolden(t *testing.T) {
	traj := []Point{{10, 100}, {8, 64}, {6.4, 40.96}, {5.12, 26.2144}, {4.096, 16.777216}}
	for _, ascii := range []bool{false, true} {
		name := "unicode"
		if ascii {
			name = "ascii"
		}
		t.Run(name, func(t *testing.T) {
			s := testStyles()
			s.ASCII = ascii
			c := NewLossChart(optimizers.GD, s)
			c.SetSize(40, 14)
			c.SetRange(optimizers.Quadratic(), ChartRange(optimizers.Quadratic(), 10))
			lines := c.Lines(traj)
			requireSize(t, lines, 40, 14)
			golden.RequireEqual(t, []byte(strings.Join(lines, "\n")))
		})
	}
}

func TestLossChartSkipsNonFinitePoints(t *testing.T) {
	c := NewLossChart(optimizers.GD, testStyles())
	c.SetSize(40, 14)
	c.SetRange(optimizers.Quadratic(), ChartRange(optimizers.Quadratic(), 10))
	clean := strings.Join(c.Lines([]Point{{10, 100}}), "\n")
	bad := []Point{{math.NaN(), 1}, {1, math.Inf(1)}, {math.Inf(-1), math.Inf(1)}, {1e300, 1e308}, {10, 100}}
	if got := strings.Join(c.Lines(bad), "\n"); got != clean {
		t.Errorf("non-finite or far points changed the chart:\n%s", got)
	}
	// A current point far off the chart is an arrow on the edge it left by.
	lines := c.Lines([]Point{{10, 100}, {-1e6, 1e12}})
	if !strings.Contains(strings.Join(lines, ""), "◀") {
		t.Errorf("no arrow for a point off the left edge:\n%s", strings.Join(lines, "\n"))
	}
	if got := c.Lines([]Point{{math.NaN(), math.NaN()}}); len(got) != 14 {
		t.Error("a NaN current point broke the chart")
	}
}

func TestLossChartAnySize(t *testing.T) {
	c := NewLossChart(optimizers.Adam, testStyles())
	c.SetRange(optimizers.Quadratic(), ChartRange(optimizers.Quadratic(), 10))
	for w := 0; w <= 30; w++ {
		for h := 0; h <= 12; h++ {
			c.SetSize(w, h)
			requireSize(t, c.Lines([]Point{{10, 100}, {1, 1}}), w, h)
		}
	}
}

func TestChartRange(t *testing.T) {
	q := optimizers.Quadratic()
	if got := ChartRange(q, 10); got != (Range{-10, 10, 0, 100}) {
		t.Errorf("x² from 10: %v, want [−10, 10] × [0, 100]", got)
	}
	if got := ChartRange(q, 0); got.XMax != 1 || got.YMax != 1 {
		t.Errorf("x² from 0 (at the minimum): %v, want [−1, 1] × [0, 1]", got)
	}
	if got := ChartRange(q, 1e300); !(got.YMax > got.YMin) || math.IsInf(got.YMax, 0) {
		t.Errorf("x² from 1e300: %v has no finite y range", got)
	}
}

func TestBoxAnySize(t *testing.T) {
	for w := 0; w < 12; w++ {
		for h := 0; h < 6; h++ {
			lines := box(roundFrame, paint{}, "a long title", blank(max(w-2, 0), max(h-2, 0)), w, h)
			requireSize(t, lines, w, h)
		}
	}
}

func TestIterationTableFitsAndAligns(t *testing.T) {
	var states []optimizers.State
	o, _ := optimizers.New(optimizers.Adam, optimizers.Defaults(), optimizers.Quadratic())
	st := o.Start(10)
	for range 30 {
		states = append(states, st)
		o.Step(&st)
	}
	var tb iterTable
	for _, w := range []int{1, 8, 20, 46, 120} {
		lines := tb.lines(testStyles(), optimizers.Adam, optimizers.Defaults(), "quadratic", states, w, 12)
		requireSize(t, lines, w, 12)
	}
	lines := tb.lines(testStyles(), optimizers.Adam, optimizers.Defaults(), "quadratic", states, 120, 4)
	if !strings.HasPrefix(strings.TrimSpace(lines[3]), "29 ") || !strings.Contains(lines[0], "m̂") {
		t.Errorf("wide Adam table: %q", lines)
	}
}

func TestCompactSGR(t *testing.T) {
	const dim, bold, rev = "\x1b[38;2;138;138;138m", "\x1b[1m", "\x1b[1;7;38;2;230;159;0m"
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{dim + "│" + sgrReset + dim + "│" + sgrReset, dim + "││" + sgrReset},
		{dim + "a" + sgrReset + bold + "b" + sgrReset, dim + "a" + sgrReset + bold + "b" + sgrReset},
		// Two styles stacked: the reset cannot be dropped.
		{dim + bold + "a" + sgrReset + dim + "b" + sgrReset, dim + bold + "a" + sgrReset + dim + "b" + sgrReset},
		// Lines stay independent.
		{dim + "a" + sgrReset + "\n" + dim + "b" + sgrReset, dim + "a" + sgrReset + "\n" + dim + "b" + sgrReset},
		{dim + "a" + sgrReset + dim + "b" + sgrReset + dim + "c" + sgrReset, dim + "abc" + sgrReset},
		// Blanks between runs of one foreground colour join them…
		{dim + "│" + sgrReset + "   " + dim + "│" + sgrReset, dim + "│   │" + sgrReset},
		// …but not under reverse video, where a blank shows.
		{rev + "●" + sgrReset + "  " + rev + "●" + sgrReset, rev + "●" + sgrReset + "  " + rev + "●" + sgrReset},
	}
	for _, c := range cases {
		if got := CompactSGR(c.in); got != c.want {
			t.Errorf("CompactSGR(%q) = %q, want %q", c.in, got, c.want)
		}
		if ansi.Strip(CompactSGR(c.in)) != ansi.Strip(c.in) {
			t.Errorf("CompactSGR(%q) changed the text", c.in)
		}
	}
}

// TestCellMatchesNtcharts checks the chart's own scaling against ntcharts'.
func TestCellMatchesNtcharts(t *testing.T) {
	c := NewLossChart(optimizers.GD, testStyles())
	for _, size := range [][2]int{{40, 14}, {46, 20}, {100, 30}} {
		c.SetSize(size[0], size[1])
		c.SetRange(optimizers.Bumpy(), ChartRange(optimizers.Bumpy(), 10))
		for i := 0; i <= 200; i++ {
			x := c.rng.XMin + (c.rng.XMax-c.rng.XMin)*float64(i)/200
			p := Point{x, c.rng.YMin + (c.rng.YMax-c.rng.YMin)*float64(i%17)/16}
			ax, ay, aok := c.cell(p)
			bx, by, bok := c.cellOf(&c.lc, p)
			if ax != bx || ay != by || aok != bok {
				t.Fatalf("%v at %v: cell (%d, %d, %v), ntcharts (%d, %d, %v)", p, size, ax, ay, aok, bx, by, bok)
			}
		}
	}
}

// TestEveryTickLabelledOnce: over [−10, 10] at every graph width, each
// round value between the ends gets exactly one label, 0 included, however
// the columns fall around it.
func TestEveryTickLabelledOnce(t *testing.T) {
	for n := 8; n <= 200; n++ {
		tk := newTicks(-10, 10, n, max(2, n/7))
		seen := map[string]int{}
		for i := 0; i <= n; i++ {
			if l := tk.label(i, -10+float64(i)*20/float64(n)); l != "" {
				seen[l]++
			}
		}
		for v := -10.0; v <= 10; v += tk.step {
			if l := axisLabel(v); seen[l] != 1 {
				t.Errorf("width %d, step %v: %q labelled %d times", n, tk.step, l, seen[l])
			}
		}
	}
}

// TestChartRangeIsRound: the loss charts' ranges end at round numbers.
func TestChartRangeIsRound(t *testing.T) {
	for _, c := range []struct {
		obj  optimizers.Objective
		x0   float64
		want Range
	}{
		{optimizers.Quadratic(), 10, Range{XMin: -10, XMax: 10, YMin: 0, YMax: 100}},
		{optimizers.Bumpy(), 10, Range{XMin: -15, XMax: 10, YMin: -20, YMax: 160}},
		{optimizers.Bumpy(), -3, Range{XMin: -3, XMax: 0.5, YMin: -8, YMax: 8}},
	} {
		if got := ChartRange(c.obj, c.x0); got != c.want {
			t.Errorf("%s from %v: %+v, want %+v", c.obj.Name, c.x0, got, c.want)
		}
	}
}

// TestWrapWordsKeepsEquations: a line never breaks beside "=".
func TestWrapWordsKeepsEquations(t *testing.T) {
	got := wrapWords("applying replays GDM (all five if x₀ or ε change) to t = 0", 53)
	want := []string{"applying replays GDM (all five if x₀ or ε change) to", "t = 0"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
