package views

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"
)

// lineChart is the ntcharts line chart of w×h the axes are drawn as: its
// y labels are ours, on the rows of their ticks; its x labels are left to
// draw, centred under their ticks, which ntcharts does not do. axes.draw
// draws its cells without it; this test checks that it draws what ntcharts
// would.
func lineChart(ax *axes, w, h int) linechart.Model {
	yText := ax.yTexts()
	return linechart.New(w, h, ax.xs.lo, ax.xs.hi, ax.ys.lo, ax.ys.hi,
		linechart.WithXYSteps(1, 1),
		linechart.WithXLabelFormatter(func(int, float64) string { return "" }),
		linechart.WithYLabelFormatter(func(i int, _ float64) string {
			if i < 0 || i >= len(yText) {
				return ""
			}
			return yText[i]
		}),
	)
}

// readAxes copies the axes and labels ntcharts drew on lc's canvas into g:
// box drawing in the axis style (in ASCII redrawn with - | +), anything
// else in the label style. The caller lets lc go: its canvas holds a
// lipgloss style per cell, and keeping one per chart once doubled a
// session's memory.
func readAxes(lc *linechart.Model, g *grid, ascii bool) {
	for y := range min(g.h, lc.Canvas.Height()) {
		for x := range min(g.w, lc.Canvas.Width()) {
			r := lc.Canvas.Cell(canvas.Point{X: x, Y: y}).Rune
			switch {
			case r == 0:
			case r >= 0x2500 && r <= 0x257F:
				if ascii {
					r = asciiBox(r)
				}
				g.set(x, y, newCell(r, styleAxis))
			default:
				g.set(x, y, newCell(r, styleLabel))
			}
		}
	}
}

// plotAreaOf is the graph area of ntcharts line chart lc, right of its y
// axis and above its x axis, for the range lc was made with.
func plotAreaOf(lc *linechart.Model) plotArea {
	return newPlotArea(lc.Origin().X+1, 0, lc.GraphWidth(), lc.GraphHeight(),
		lc.ViewMinX(), lc.ViewMaxX(), lc.ViewMinY(), lc.ViewMaxY())
}

// drawWithNtcharts draws ax into g as ntcharts draws it, with our x labels.
func drawWithNtcharts(ax *axes, g *grid, ascii bool) plotArea {
	lc := lineChart(ax, g.w, g.h)
	lc.DrawXYAxisAndLabel()
	for _, p := range ax.xPlaces {
		lc.Canvas.SetStringWithStyle(canvas.Point{X: p.at, Y: lc.Origin().Y + 1}, p.text, lc.LabelStyle)
	}
	readAxes(&lc, g, ascii)
	return plotAreaOf(&lc)
}

// TestAxesDrawAsNtcharts: the axes and labels draw draws, and the graph
// area it returns, are ntcharts' line chart's, cell for cell, for charts of
// every size, linear and log, loose and tight, in Unicode and in ASCII.
func TestAxesDrawAsNtcharts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 600 {
		w, h := 8+rng.IntN(120), 4+rng.IntN(50)
		lo := (rng.Float64() - 0.5) * 1e3 * float64(i%7)
		hi := lo + rng.Float64()*float64(1+i%13)*10
		ylo, yhi := -rng.Float64()*1e-3*float64(i%5), rng.Float64()*1e4
		ax, ok := layAxes(w, h, lo, hi, ylo, yhi, i%2 == 0, i%3 == 0, i%4 == 0)
		if !ok {
			continue
		}
		ascii := i%5 == 0
		got, want := newGrid(w, h), newGrid(w, h)
		gotArea := ax.draw(&got, ascii)
		wantArea := drawWithNtcharts(&ax, &want, ascii)
		if !slices.Equal(got.cells, want.cells) || gotArea != wantArea {
			t.Fatalf("%d×%d, x [%g, %g], y [%g, %g]: draw differs from ntcharts:\n%q\nwant\n%q\narea %+v, want %+v",
				w, h, lo, hi, ylo, yhi, got.lines(testPalette()), want.lines(testPalette()), gotArea, wantArea)
		}
	}
}

// testPalette is the cell palette of the tests' styles.
func testPalette() *cellPalette { return &testStyles().cells }
