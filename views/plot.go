package views

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
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

// line sets the dots of the straight line from a to b in ink: ntcharts'
// Bresenham line (graph.GetLinePoints), dot for dot, without the slice it
// allocates, since a path draws a line per step every frame.
func (d *dots) line(a, b point, ink int8) {
	if abs(b.y-a.y) < abs(b.x-a.x) {
		if a.x > b.x {
			a, b = b, a
		}
		dx, dy, yi := b.x-a.x, b.y-a.y, 1
		if dy < 0 {
			yi, dy = -1, -dy
		}
		e, y := 2*dy-dx, a.y
		for x := a.x; x <= b.x; x++ {
			d.set(point{x, y}, ink)
			if e > 0 {
				y += yi
				e += 2 * (dy - dx)
			} else {
				e += 2 * dy
			}
		}
		return
	}
	if a.y > b.y {
		a, b = b, a
	}
	dx, dy, xi := b.x-a.x, b.y-a.y, 1
	if dx < 0 {
		xi, dx = -1, -dx
	}
	e, x := 2*dx-dy, a.x
	for y := a.y; y <= b.y; y++ {
		d.set(point{x, y}, ink)
		if e > 0 {
			x += xi
			e += 2 * (dx - dy)
		} else {
			e += 2 * dx
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
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

// clip cuts the segment from a to b to the window r (Liang–Barsky) and
// reports whether any of it is inside. Both ends must be finite; a segment
// too long for float64 to measure is dropped.
func clip(a, b Point, r Range) (Point, Point, bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	if math.IsInf(dx, 0) || math.IsInf(dy, 0) {
		return a, b, false
	}
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{{-dx, a.X - r.XMin}, {dx, r.XMax - a.X}, {-dy, a.Y - r.YMin}, {dy, r.YMax - a.Y}} {
		p, q := e[0], e[1]
		switch {
		case p == 0:
			if q < 0 {
				return a, b, false // parallel to this edge, outside it
			}
		case p < 0:
			t0 = math.Max(t0, q/p)
		default:
			t1 = math.Min(t1, q/p)
		}
	}
	if !(t0 <= t1) {
		return a, b, false
	}
	// The ends stay inside the window, whatever rounding did.
	in := func(t float64) Point {
		return Point{
			math.Max(r.XMin, math.Min(r.XMax, a.X+t*dx)),
			math.Max(r.YMin, math.Min(r.YMax, a.Y+t*dy)),
		}
	}
	return in(t0), in(t1), true
}
