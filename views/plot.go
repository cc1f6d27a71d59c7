package views

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/optirace/optirace/numfmt"
)

// plotArea maps data onto a chart's graph area, in cells and in braille
// dots: the one place data becomes positions. Its arithmetic is ntcharts'
// (linechart's ScaleFloat64Point, BrailleGrid's GridPoint), operation for
// operation, so that what is drawn lines up with the axes ntcharts labels.
type plotArea struct {
	x0, y0, w, h int // the graph area, in the chart's cells
	minX, minY   float64
	// Cells and dots per data unit: the range spans w or 2w columns of
	// cells or dots, h or 4h rows, from the first to the last.
	cellX, cellY, dotX, dotY float64
}

// newPlotArea maps [minX, maxX] × [minY, maxY] onto the w×h cells from
// (x0, y0); the ranges must not be empty.
func newPlotArea(x0, y0, w, h int, minX, maxX, minY, maxY float64) plotArea {
	dx, dy := maxX-minX, maxY-minY
	return plotArea{
		x0: x0, y0: y0, w: w, h: h, minX: minX, minY: minY,
		cellX: float64(w-1) / dx, cellY: float64(h-1) / dy,
		dotX: float64(2*w-1) / dx, dotY: float64(4*h-1) / dy,
	}
}

// plotAreaOf is the graph area of ntcharts line chart lc, right of its y
// axis and above its x axis, for the range lc was made with.
func plotAreaOf(lc *linechart.Model) plotArea {
	return newPlotArea(lc.Origin().X+1, 0, lc.GraphWidth(), lc.GraphHeight(),
		lc.ViewMinX(), lc.ViewMaxX(), lc.ViewMinY(), lc.ViewMaxY())
}

// cell returns the chart cell of data point (x, y) and whether it is in
// the graph area; x and y must be finite and not far outside the range.
func (a *plotArea) cell(x, y float64) (cx, cy int, ok bool) {
	cx = a.x0 + int(math.Round((x-a.minX)*a.cellX))
	cy = a.y0 + a.h - 1 - int(math.Round((y-a.minY)*a.cellY))
	return cx, cy, cx >= a.x0 && cx < a.x0+a.w && cy >= a.y0 && cy < a.y0+a.h
}

// dot returns the braille dot of data point (x, y), counted from the graph
// area's top left dot; x and y as for cell.
func (a *plotArea) dot(x, y float64) point {
	return point{
		x: int(math.Round((x - a.minX) * a.dotX)),
		y: 4*a.h - 1 - int(math.Round((y-a.minY)*a.dotY)),
	}
}

// dots is a braille layer over a w×h cell area, 2×4 dots a cell. Several
// series can share a cell: their dots merge into one braille character,
// which takes the colour of the highest ink among them, whatever order
// they were drawn in, so that a layer drawn a step at a time equals one
// drawn from scratch. Inks are small numbers the chart gives its series:
// higher is drawn over lower (a path over the curve; a higher lane over a
// lower one).
type dots struct {
	w, h int
	bits []uint8 // the braille pattern's dots, by cell
	ink  []int8  // the highest ink with a dot in the cell, −1 for none
}

// newDots returns an empty layer of w×h cells.
func newDots(w, h int) dots {
	w, h = max(w, 0), max(h, 0)
	d := dots{w: w, h: h, bits: make([]uint8, w*h), ink: make([]int8, w*h)}
	d.clear()
	return d
}

// clear removes every dot.
func (d *dots) clear() {
	clear(d.bits)
	for i := range d.ink {
		d.ink[i] = -1
	}
}

// copyFrom makes d a copy of src, which has d's size.
func (d *dots) copyFrom(src *dots) {
	copy(d.bits, src.bits)
	copy(d.ink, src.ink)
}

// set sets dot p in ink; dots outside the layer are dropped.
func (d *dots) set(p point, ink int8) {
	cx, cy := p.x/2, p.y/4
	if p.x < 0 || p.y < 0 || cx >= d.w || cy >= d.h {
		return
	}
	i := cy*d.w + cx
	d.bits[i] |= brailleDot[p.y%4][p.x%2]
	d.ink[i] = max(d.ink[i], ink)
}

// line sets the dots of the straight line from a to b in ink, ntcharts'
// Bresenham line.
func (d *dots) line(a, b point, ink int8) {
	if a == b {
		d.set(a, ink)
		return
	}
	for _, q := range graph.GetLinePoints(canvas.Point{X: a.x, Y: a.y}, canvas.Point{X: b.x, Y: b.y}) {
		d.set(point{q.X, q.Y}, ink)
	}
}

// inkLook is how an ink's cells are drawn: the style, and in ASCII, where
// braille is not available, the character standing for any of its dots.
type inkLook struct {
	style styleID
	ascii rune
}

// drawInto draws the cells holding dots into g from (x0, y0), each in the
// look of its ink. A braille character already in g's cell (the curve
// under a path) merges with the dots.
func (d *dots) drawInto(g *grid, x0, y0 int, looks []inkLook, ascii bool) {
	for y := range d.h {
		for x := range d.w {
			i := y*d.w + x
			if d.bits[i] == 0 {
				continue
			}
			look := looks[d.ink[i]]
			r := look.ascii
			if !ascii {
				r = runes.BrailleBlockOffset | rune(d.bits[i])
				if under := g.at(x0+x, y0+y).char(); runes.IsBraillePattern(under) {
					r |= under
				}
			}
			g.set(x0+x, y0+y, newCell(r, look.style))
		}
	}
}

// brailleDot[row][col] is the bit of the braille pattern for the dot at
// (col, row) of a 2×4 cell, taken from ntcharts' own encoding.
var brailleDot = func() (d [4][2]uint8) {
	order := [4][2]int{{0, 3}, {1, 4}, {2, 5}, {6, 7}} // ntcharts' dot numbers
	for row := range order {
		for col, n := range order[row] {
			var p runes.PatternDots
			p[n] = true
			d[row][col] = uint8(runes.BraillePatternFromPatternDots(p) - runes.BrailleBlockOffset)
		}
	}
	return d
}()

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

// asciiBox maps ntcharts' box-drawing axes to ASCII.
func asciiBox(r rune) rune {
	switch r {
	case '│', '┃', '╵', '╷':
		return '|'
	case '─', '╴', '╶':
		return '-'
	}
	return '+'
}

// axisLabel formats the value at an end of an axis in at most 6 columns.
func axisLabel(v float64) string { return numfmt.Compact(v, 6) }

// labelAxisEnd writes the x range's upper end under the right end of the x
// axis, which ntcharts never labels, if those cells are free.
func labelAxisEnd(lc *linechart.Model, xMax float64) {
	s := axisLabel(xMax)
	y := lc.Origin().Y + 1
	start := lc.Canvas.Width() - len(s)
	for x := start - 1; x < lc.Canvas.Width(); x++ {
		if x < 0 || lc.Canvas.Cell(canvas.Point{X: x, Y: y}).Rune != 0 {
			return
		}
	}
	lc.Canvas.SetStringWithStyle(canvas.Point{X: start, Y: y}, s, lc.LabelStyle)
}

// ticks labels an axis at round values (1, 2 or 5 × 10ⁿ apart).
type ticks struct {
	min, cell, step float64
}

// newTicks returns ticks for [lo, hi] drawn over n cells, about want of them.
func newTicks(lo, hi float64, n, want int) ticks {
	span := hi - lo
	return ticks{min: lo, cell: span / float64(max(n, 1)), step: niceStep(span / float64(max(want, 1)))}
}

// label returns the tick value whose nearest label position is the i-th,
// at v = min + i·cell, or "". Each tick has exactly one nearest position,
// so none is lost to rounding at a boundary between two.
func (t ticks) label(i int, v float64) string {
	if !(t.step > 0) || math.IsInf(t.step, 0) || !(t.cell > 0) {
		return ""
	}
	tick := math.Round(v/t.step) * t.step
	if math.Round((tick-t.min)/t.cell) != float64(i) {
		return ""
	}
	if math.Abs(tick) < t.step*1e-9 {
		tick = 0
	}
	return axisLabel(tick)
}
