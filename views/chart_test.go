package views

import (
	"math"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/optirace/optirace/optimizers"
)

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

// TestForegroundOnly: which escape sequences a blank does not show.
func TestForegroundOnly(t *testing.T) {
	for seq, want := range map[string]bool{
		"\x1b[38;2;138;138;138m": true,
		"\x1b[1;38;5;208m":       true,
		"\x1b[1;3;95m":           true,
		"\x1b[1;7;38;2;1;2;3m":   false, // reverse video
		"\x1b[48;5;1m":           false, // a background
		"\x1b[4m":                false, // underlined
		"\x1b[m":                 false,
		"\x1b[1;m":               false,
		"\x1b[38;9;1m":           false,
		"1":                      false,
	} {
		if got := foregroundOnly(seq); got != want {
			t.Errorf("foregroundOnly(%q) = %v, want %v", seq, got, want)
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

// TestPlotAreaMatchesNtcharts checks the one data-to-position mapping
// against ntcharts': cells as its line chart places runes, dots as its
// braille grid does, so that what is drawn lines up with its axes.
func TestPlotAreaMatchesNtcharts(t *testing.T) {
	c := NewLossChart(optimizers.GD, testStyles())
	for _, size := range [][2]int{{40, 14}, {46, 20}, {100, 30}} {
		c.SetSize(size[0], size[1])
		c.SetRange(optimizers.Bumpy(), ChartRange(optimizers.Bumpy(), 10))
		lc := c.newLineChart()
		o := lc.Origin()
		grid := graph.NewBrailleGrid(lc.GraphWidth(), lc.GraphHeight(), c.rng.XMin, c.rng.XMax, c.rng.YMin, c.rng.YMax)
		for i := 0; i <= 200; i++ {
			x := c.rng.XMin + (c.rng.XMax-c.rng.XMin)*float64(i)/200
			p := canvas.Float64Point{X: x, Y: c.rng.YMin + (c.rng.YMax-c.rng.YMin)*float64(i%17)/16}
			cx, cy, ok := c.area.cell(p.X, p.Y)
			want := canvas.CanvasPointFromFloat64Point(o, lc.ScaleFloat64Point(p))
			want.X++ // ntcharts draws runes right of the y axis…
			want.Y-- // …and above the x axis
			wantOK := want.X > o.X && want.X <= o.X+lc.GraphWidth() && want.Y >= 0 && want.Y < o.Y
			if cx != want.X || cy != want.Y || ok != wantOK {
				t.Fatalf("%v at %v: cell (%d, %d, %v), ntcharts (%d, %d, %v)", p, size, cx, cy, ok, want.X, want.Y, wantOK)
			}
			if d, g := c.area.dot(p.X, p.Y), grid.GridPoint(p); d.x != g.X || d.y != g.Y {
				t.Fatalf("%v at %v: dot (%d, %d), ntcharts (%d, %d)", p, size, d.x, d.y, g.X, g.Y)
			}
		}
	}
}

// TestLossChartMarksOverCurve: the trajectory's markers replace the curve
// where they fall, the current point last, and a frame with the
// trajectory moved on leaves no marker behind.
func TestLossChartMarksOverCurve(t *testing.T) {
	c := NewLossChart(optimizers.GD, testStyles())
	c.SetSize(40, 14)
	c.SetRange(optimizers.Quadratic(), ChartRange(optimizers.Quadratic(), 10))
	empty := strings.Join(c.Lines(nil), "\n")
	first := strings.Join(c.Lines([]Point{{10, 100}, {8, 64}}), "\n")
	if strings.Count(first, "•") != 1 || strings.Count(first, "●") != 1 {
		t.Fatalf("two points, want one marker and one current point:\n%s", first)
	}
	if got := strings.Join(c.Lines(nil), "\n"); got != empty {
		t.Errorf("markers left behind:\n%s", got)
	}
	// Two points in one cell: the later one shows.
	if got := strings.Join(c.Lines([]Point{{0, 0}, {0.01, 0.0001}}), "\n"); strings.Count(got, "●") != 1 || strings.Contains(got, "•") {
		t.Errorf("the current point is not on top:\n%s", got)
	}
	if w := ansi.StringWidth(strings.Split(first, "\n")[0]); w != 40 {
		t.Errorf("width %d, want 40", w)
	}
}
