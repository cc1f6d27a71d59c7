package views

import (
	"math"
	"slices"

	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/optirace/optirace/optimizers"
)

// Point is a point (x, f(x)) of a trajectory.
type Point struct{ X, Y float64 }

// Range is the window of the (x, y) plane a chart shows.
type Range struct{ XMin, XMax, YMin, YMax float64 }

// contains reports whether p is finite and inside r.
func (r Range) contains(p Point) bool {
	return p.X >= r.XMin && p.X <= r.XMax && p.Y >= r.YMin && p.Y <= r.YMax
}

// glyphs are the characters a chart draws with.
type glyphs struct {
	marker, current                   rune
	offLeft, offRight, offUp, offDown rune
}

var (
	unicodeGlyphs = glyphs{marker: '•', current: '●', offLeft: '◀', offRight: '▶', offUp: '▲', offDown: '▼'}
	asciiGlyphs   = glyphs{marker: '*', current: '@', offLeft: '<', offRight: '>', offUp: '^', offDown: 'v'}
)

// minChartWidth and minChartHeight are the smallest chart drawn; ntcharts'
// axes need about 8×4, and less would show nothing useful.
const (
	minChartWidth  = 10
	minChartHeight = 5
)

// curveInk is the loss curve's ink in a chart's braille layer.
const curveInk = 0

// LossChart draws the loss curve of an objective and one optimizer's
// trajectory over it. The axes and labels (by ntcharts) and the curve are
// drawn once per size and range into a grid of cells, the static layer;
// each frame puts the trajectory's markers over it, and only rows whose
// cells changed are rendered again. An unchanged frame costs nothing.
type LossChart struct {
	lane   int // the optimizer's index, which picks its colour
	styles *Styles
	glyphs glyphs

	w, h int
	obj  optimizers.Objective
	rng  Range
	ok   bool // big enough to draw
	area plotArea

	static grid     // axes, labels and curve
	frame  grid     // static with this frame's markers
	cache  rowCache // frame, rendered
	rows   []string // what Lines returns

	// markers are the cells the last frame marked; scratch is reused for
	// the next frame's.
	markers, scratch []marker
	valid            bool // rows show markers
}

// marker is a cell of the trajectory layer.
type marker struct {
	x, y int
	c    cell
}

// NewLossChart returns a chart for optimizer k; call SetSize and SetRange before Lines.
func NewLossChart(k optimizers.Kind, styles *Styles) *LossChart {
	c := &LossChart{lane: int(k), styles: styles, glyphs: unicodeGlyphs}
	if styles.ASCII {
		c.glyphs = asciiGlyphs
	}
	return c
}

// SetSize sets the chart's size in cells, labels included.
func (c *LossChart) SetSize(w, h int) {
	if w == c.w && h == c.h {
		return
	}
	c.w, c.h = max(w, 0), max(h, 0)
	c.rebuild()
}

// SetRange sets the objective drawn and the window shown.
func (c *LossChart) SetRange(obj optimizers.Objective, r Range) {
	if r == c.rng && obj.Name == c.obj.Name && c.obj.F != nil {
		return
	}
	c.obj, c.rng = obj, r
	c.rebuild()
}

// Range returns the window the chart shows.
func (c *LossChart) Range() Range { return c.rng }

// rebuild draws the static layer: axes and labels by ntcharts, the curve in
// braille (or with '.' in ASCII mode).
func (c *LossChart) rebuild() {
	c.valid = false
	c.markers = c.markers[:0]
	c.ok = c.w >= minChartWidth && c.h >= minChartHeight && c.obj.F != nil &&
		c.rng.XMax > c.rng.XMin && c.rng.YMax > c.rng.YMin
	c.static = newGrid(c.w, c.h)
	if !c.ok {
		c.rows = blank(c.w, c.h)
		return
	}
	lc := c.newLineChart()
	lc.DrawXYAxisAndLabel()
	labelAxisEnd(&lc, c.rng.XMax)
	readAxes(&lc, &c.static, c.styles.ASCII)
	c.area = plotAreaOf(&lc)
	c.drawCurve()
	c.frame = c.static.clone()
}

func (c *LossChart) newLineChart() linechart.Model {
	// Steps of 1 let the formatters below pick the columns and rows that sit
	// nearest to round tick values; every other one gets no label, except
	// the ends of each axis, which always say the range.
	graphH := max(c.h-2, 1)
	yTicks := newTicks(c.rng.YMin, c.rng.YMax, graphH, max(2, graphH/3))
	var xTicks ticks // set once the graph's width is known
	var originX int  // likewise
	endStart := c.w - len(axisLabel(c.rng.XMax))
	lc := linechart.New(c.w, c.h, c.rng.XMin, c.rng.XMax, c.rng.YMin, c.rng.YMax,
		linechart.WithXYSteps(1, 1),
		linechart.WithXLabelFormatter(func(i int, v float64) string {
			if i == 0 {
				return axisLabel(c.rng.XMin)
			}
			l := xTicks.label(i, v)
			if originX+i+len(l)+2 > endStart {
				return "" // it would crowd the range's end, which labelAxisEnd writes
			}
			return l
		}),
		linechart.WithYLabelFormatter(func(i int, v float64) string {
			switch i {
			case graphH:
				return axisLabel(c.rng.YMax)
			case 0:
				return axisLabel(c.rng.YMin)
			case graphH - 1:
				if l := yTicks.label(i, v); l == "0" {
					return l // the minimum's level is always worth its label
				}
				return "" // a tick right beside the top's label crowds it
			}
			return yTicks.label(i, v)
		}),
	)
	xTicks = newTicks(c.rng.XMin, c.rng.XMax, lc.GraphWidth(), max(2, lc.GraphWidth()/7))
	originX = lc.Origin().X
	return lc
}

// drawCurve draws the objective's curve into the static layer: in braille,
// joining samples two to a cell column, or in ASCII one '.' per cell the
// curve passes through, sampled at four points per cell column.
func (c *LossChart) drawCurve() {
	a := &c.area
	if a.w <= 0 || a.h <= 0 {
		return
	}
	at := func(i, n int) Point {
		x := c.rng.XMin + (c.rng.XMax-c.rng.XMin)*float64(i)/float64(n)
		return Point{x, c.obj.F(x)}
	}
	if c.styles.ASCII {
		for i := 0; i <= a.w*4; i++ {
			if p := at(i, a.w*4); c.rng.contains(p) {
				if x, y, ok := a.cell(p.X, p.Y); ok {
					c.static.set(x, y, newCell('.', styleCurve))
				}
			}
		}
		return
	}
	layer := newDots(a.w, a.h)
	var prev point
	havePrev := false
	for i := 0; i <= a.w*2; i++ {
		p := at(i, a.w*2)
		if !c.rng.contains(p) {
			havePrev = false
			continue
		}
		d := a.dot(p.X, p.Y)
		if havePrev {
			layer.line(prev, d, curveInk) // both ends are inside, so the line is short
		} else {
			layer.set(d, curveInk)
		}
		prev, havePrev = d, true
	}
	layer.drawInto(&c.static, a.x0, a.y0, []inkLook{curveInk: {style: styleCurve}}, false)
}

// Lines returns the chart with trajectory traj (oldest first; the last point
// is the current one) as exactly h lines of exactly w columns. Points that
// are not finite are skipped; a current point outside the window is shown
// as an arrow on the edge it left by.
func (c *LossChart) Lines(traj []Point) []string {
	if !c.ok {
		return c.rows
	}
	ms := c.scratch[:0]
	mark := laneStyle(c.lane, laneMark)
	for i, p := range traj {
		current := i == len(traj)-1
		if math.IsNaN(p.X) || math.IsNaN(p.Y) {
			continue
		}
		if c.rng.contains(p) {
			x, y, ok := c.area.cell(p.X, p.Y)
			if !ok {
				continue
			}
			m := marker{x, y, newCell(c.glyphs.marker, mark)}
			if current {
				m.c = newCell(c.glyphs.current, laneStyle(c.lane, laneCurrent))
			}
			ms = append(ms, m)
		} else if current {
			if m, ok := c.edgeMarker(p); ok {
				ms = append(ms, m)
			}
		}
	}
	c.scratch = ms
	if c.valid && slices.Equal(ms, c.markers) {
		return c.rows
	}
	// Take the last frame's markers back to the static layer, then mark
	// this frame's, later points over earlier ones on a shared cell.
	for _, m := range c.markers {
		c.frame.set(m.x, m.y, c.static.at(m.x, m.y))
	}
	for _, m := range ms {
		c.frame.set(m.x, m.y, m.c)
	}
	c.markers, c.scratch = ms, c.markers
	c.rows = c.cache.render(&c.frame, &c.styles.cells)
	c.valid = true
	return c.rows
}

// edgeMarker places an arrow where an off-window point left the window.
func (c *LossChart) edgeMarker(p Point) (marker, bool) {
	a := &c.area
	left, right := a.x0, a.x0+a.w-1
	top, bottom := a.y0, a.y0+a.h-1
	clampX := math.Max(c.rng.XMin, math.Min(c.rng.XMax, p.X))
	clampY := math.Max(c.rng.YMin, math.Min(c.rng.YMax, p.Y))
	if math.IsNaN(clampX) || math.IsNaN(clampY) {
		return marker{}, false
	}
	x, y, ok := a.cell(clampX, clampY)
	if !ok {
		x, y = max(left, min(right, x)), max(top, min(bottom, y))
	}
	var glyph rune
	switch {
	case p.X < c.rng.XMin:
		glyph, x = c.glyphs.offLeft, left
	case p.X > c.rng.XMax:
		glyph, x = c.glyphs.offRight, right
	case p.Y > c.rng.YMax:
		glyph, y = c.glyphs.offUp, top
	default:
		glyph, y = c.glyphs.offDown, bottom
	}
	return marker{x, y, newCell(glyph, laneStyle(c.lane, laneCurrent))}, true
}
