package views

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/optirace/optirace/numfmt"
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

// cellClass says how a chart cell is coloured.
type cellClass uint8

const (
	classNone cellClass = iota
	classAxis
	classLabel
	classCurve
	classMarker
	classCurrent
)

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
// braille grid panics below about 8×4, and less would show nothing useful.
const (
	minChartWidth  = 10
	minChartHeight = 5
)

// LossChart draws the loss curve of an objective with ntcharts and one
// optimizer's trajectory over it. The axes, labels and curve are drawn once
// per size and range; each frame only re-renders the rows that hold markers,
// and an unchanged frame costs nothing.
type LossChart struct {
	// Uncached rebuilds the chart and renders it through ntcharts' own View
	// every frame: the baseline BenchmarkStepFrame compares against.
	Uncached bool

	kind   optimizers.Kind
	styles *Styles
	glyphs glyphs

	w, h int
	obj  optimizers.Objective
	rng  Range
	lc   linechart.Model
	ok   bool // big enough to draw
	// scale is lc's data-to-cell mapping, taken out so that marking a
	// trajectory is a few multiplications per point.
	scale struct {
		minX, minY, sx, sy float64
		ox, oy, gw         int
	}

	// The static layer, read back from the ntcharts canvas.
	runes      [][]rune
	classes    [][]cellClass
	staticRows []string

	// The trajectory layer of the last frame.
	markers []marker
	rows    []string
	scratch []marker
	cellIdx []int32 // index into scratch of the marker on each cell, or −1
	over    []marker
	buf     []byte
	valid   bool
}

type marker struct {
	x, y  int
	glyph rune
	class cellClass
}

// NewLossChart returns a chart for optimizer k; call SetSize and SetRange before Lines.
func NewLossChart(k optimizers.Kind, styles *Styles) *LossChart {
	c := &LossChart{kind: k, styles: styles, glyphs: unicodeGlyphs}
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

// rebuild draws the static layer: axes and labels by ntcharts, the curve into
// one braille grid (or with '.' in ASCII mode).
func (c *LossChart) rebuild() {
	c.valid = false
	c.ok = c.w >= minChartWidth && c.h >= minChartHeight && c.obj.F != nil &&
		c.rng.XMax > c.rng.XMin && c.rng.YMax > c.rng.YMin
	if !c.ok {
		c.staticRows = blank(c.w, c.h)
		c.rows = c.staticRows
		return
	}
	c.over = make([]marker, c.w)
	c.lc = c.newLineChart()
	c.drawStatic(&c.lc)
	// The same arithmetic as linechart's ScaleFloat64Point and
	// CanvasPointFromFloat64Point, in the same order, so cells match.
	sc := &c.scale
	sc.minX, sc.minY = c.lc.ViewMinX(), c.lc.ViewMinY()
	sc.sx = float64(c.lc.GraphWidth()-1) / (c.lc.ViewMaxX() - c.lc.ViewMinX())
	sc.sy = float64(c.lc.GraphHeight()-1) / (c.lc.ViewMaxY() - c.lc.ViewMinY())
	sc.ox, sc.oy, sc.gw = c.lc.Origin().X, c.lc.Origin().Y, c.lc.GraphWidth()
	c.runes, c.classes = readBack(&c.lc, c.styles.ASCII)
	c.staticRows = make([]string, c.h)
	for y := range c.h {
		c.staticRows[y] = c.renderRow(y, nil)
	}
	c.rows = make([]string, c.h)
	copy(c.rows, c.staticRows)
	c.markers = c.markers[:0]
	c.cellIdx = make([]int32, c.w*c.h)
	for i := range c.cellIdx {
		c.cellIdx[i] = -1
	}
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
	lc.AxisStyle = c.styles.Axis
	lc.LabelStyle = c.styles.Label
	return lc
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

// drawStatic draws axes, labels and the curve onto lc.
func (c *LossChart) drawStatic(lc *linechart.Model) {
	lc.DrawXYAxisAndLabel()
	labelAxisEnd(lc, c.rng.XMax)
	gw, gh := lc.GraphWidth(), lc.GraphHeight()
	if gw <= 0 || gh <= 0 {
		return
	}
	if c.styles.ASCII {
		// One '.' per cell the curve passes through, sampled at four points per cell.
		for i := 0; i <= gw*4; i++ {
			x := c.rng.XMin + (c.rng.XMax-c.rng.XMin)*float64(i)/float64(gw*4)
			if p := (Point{x, c.obj.F(x)}); c.rng.contains(p) {
				if cx, cy, ok := c.cellOf(lc, p); ok {
					lc.Canvas.SetCell(canvas.Point{X: cx, Y: cy}, canvas.NewCell('.'))
				}
			}
		}
		return
	}
	grid := graph.NewBrailleGrid(gw, gh, c.rng.XMin, c.rng.XMax, c.rng.YMin, c.rng.YMax)
	var prev canvas.Point
	havePrev := false
	for i := 0; i <= gw*2; i++ {
		x := c.rng.XMin + (c.rng.XMax-c.rng.XMin)*float64(i)/float64(gw*2)
		p := Point{x, c.obj.F(x)}
		if !c.rng.contains(p) {
			havePrev = false
			continue
		}
		gp := grid.GridPoint(canvas.Float64Point{X: p.X, Y: p.Y})
		if havePrev {
			// Both ends are inside the grid, so the line is short and bounded.
			for _, q := range graph.GetLinePoints(prev, gp) {
				grid.Set(q)
			}
		} else {
			grid.Set(gp)
		}
		prev, havePrev = gp, true
	}
	graph.DrawBraillePatterns(&lc.Canvas, canvas.Point{X: lc.Origin().X + 1, Y: 0}, grid.BraillePatterns(), c.styles.Curve)
}

// readBack reads an ntcharts line chart's canvas into runes and colour
// classes (braille, or '.' in the graph area in ASCII mode, is curve; box
// drawing is axis, in ASCII mode redrawn with ASCII; anything else is a
// label), then lets the canvas go: it holds a lipgloss style per cell, and
// keeping it doubled a session's memory. The line chart is kept only for
// its scaling.
func readBack(lc *linechart.Model, ascii bool) ([][]rune, [][]cellClass) {
	w, h := lc.Canvas.Width(), lc.Canvas.Height()
	ox, oy := lc.Origin().X, lc.Origin().Y
	runes := make([][]rune, h)
	classes := make([][]cellClass, h)
	for y := range h {
		runes[y] = make([]rune, w)
		classes[y] = make([]cellClass, w)
		for x := range w {
			r := lc.Canvas.Cell(canvas.Point{X: x, Y: y}).Rune
			cls := classNone
			switch {
			case r == 0:
			case r >= 0x2800 && r <= 0x28FF, ascii && r == '.' && x > ox && y < oy:
				cls = classCurve
			case r >= 0x2500 && r <= 0x257F:
				cls = classAxis
				if ascii {
					r = asciiBox(r)
				}
			default:
				cls = classLabel
			}
			runes[y][x], classes[y][x] = r, cls
		}
	}
	lc.Canvas = canvas.New(0, 0)
	return runes, classes
}

// cellOf returns the canvas cell of data point p, which must be inside the range.
func (c *LossChart) cellOf(lc *linechart.Model, p Point) (x, y int, ok bool) {
	sf := lc.ScaleFloat64Point(canvas.Float64Point{X: p.X, Y: p.Y})
	cp := canvas.CanvasPointFromFloat64Point(lc.Origin(), sf)
	x, y = cp.X+1, cp.Y-1
	o := lc.Origin()
	ok = x > o.X && x <= o.X+lc.GraphWidth() && y >= 0 && y < o.Y
	return x, y, ok
}

// cell is cellOf on the chart's own line chart, with its scaling taken out.
func (c *LossChart) cell(p Point) (x, y int, ok bool) {
	sc := &c.scale
	x = sc.ox + int(math.Round((p.X-sc.minX)*sc.sx)) + 1
	y = sc.oy - int(math.Round((p.Y-sc.minY)*sc.sy)) - 1
	ok = x > sc.ox && x <= sc.ox+sc.gw && y >= 0 && y < sc.oy
	return x, y, ok
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

// Lines returns the chart with trajectory traj (oldest first; the last point
// is the current one) as exactly h lines of exactly w columns. Points that
// are not finite are skipped; a current point outside the window is shown
// as an arrow on the edge it left by.
func (c *LossChart) Lines(traj []Point) []string {
	if !c.ok {
		return c.staticRows
	}
	if c.Uncached {
		return c.linesUncached(traj)
	}
	ms := c.scratch[:0]
	// put adds m, replacing an older marker on the same cell.
	put := func(m marker) {
		i := m.y*c.w + m.x
		if j := c.cellIdx[i]; j >= 0 {
			ms[j] = m
			return
		}
		c.cellIdx[i] = int32(len(ms)) //nolint:gosec // G115: len(ms) ≤ w·h, far below 2³¹
		ms = append(ms, m)
	}
	for i, p := range traj {
		current := i == len(traj)-1
		if math.IsNaN(p.X) || math.IsNaN(p.Y) {
			continue
		}
		if c.rng.contains(p) {
			x, y, ok := c.cell(p)
			if !ok {
				continue
			}
			m := marker{x: x, y: y, glyph: c.glyphs.marker, class: classMarker}
			if current {
				m.glyph, m.class = c.glyphs.current, classCurrent
			}
			put(m)
		} else if current {
			if m, ok := c.edgeMarker(p); ok {
				put(m)
			}
		}
	}
	for _, m := range ms {
		c.cellIdx[m.y*c.w+m.x] = -1
	}
	c.scratch = ms
	if c.valid && sameMarkers(ms, c.markers) {
		return c.rows
	}
	// Re-render the rows whose markers changed: those with a marker now or
	// in the last frame.
	old := c.markers
	c.markers, c.scratch = ms, old
	for y := range c.h {
		if hasRow(old, y) || hasRow(ms, y) {
			c.rows[y] = c.renderRow(y, ms)
		}
	}
	c.valid = true
	return c.rows
}

func hasRow(ms []marker, y int) bool {
	for _, m := range ms {
		if m.y == y {
			return true
		}
	}
	return false
}

// edgeMarker places an arrow where an off-window point left the window.
func (c *LossChart) edgeMarker(p Point) (marker, bool) {
	o := c.lc.Origin()
	left, right := o.X+1, o.X+c.lc.GraphWidth()
	top, bottom := 0, o.Y-1
	clampX := math.Max(c.rng.XMin, math.Min(c.rng.XMax, p.X))
	clampY := math.Max(c.rng.YMin, math.Min(c.rng.YMax, p.Y))
	if math.IsNaN(clampX) || math.IsNaN(clampY) {
		return marker{}, false
	}
	x, y, ok := c.cell(Point{clampX, clampY})
	if !ok {
		x, y = max(left, min(right, x)), max(top, min(bottom, y))
	}
	m := marker{x: x, y: y, class: classCurrent}
	switch {
	case p.X < c.rng.XMin:
		m.glyph, m.x = c.glyphs.offLeft, left
	case p.X > c.rng.XMax:
		m.glyph, m.x = c.glyphs.offRight, right
	case p.Y > c.rng.YMax:
		m.glyph, m.y = c.glyphs.offUp, top
	default:
		m.glyph, m.y = c.glyphs.offDown, bottom
	}
	return m, true
}

func sameMarkers(a, b []marker) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// renderRow renders row y of the static layer with the markers on it.
func (c *LossChart) renderRow(y int, ms []marker) string {
	runes := c.runes[y]
	classes := c.classes[y]
	over := c.over
	clear(over)
	for _, m := range ms {
		if m.y == y {
			over[m.x] = m
		}
	}
	// Runs of cells with the same colours share one pair of escape
	// sequences, and a blank joins whatever run it is in (its foreground
	// does not show) unless that run is in reverse video: fewer bytes per
	// frame, which matters over SSH.
	b := c.buf[:0]
	var runPaint paint
	runClass := classNone
	open := false
	for x := range c.w {
		r, cls := runes[x], classes[x]
		if over[x].glyph != 0 {
			r, cls = over[x].glyph, over[x].class
		}
		if r == 0 || (r == ' ' && cls == classNone) {
			if open && runClass == classCurrent {
				b = append(b, runPaint.post...)
				open = false
			}
			b = append(b, ' ')
			continue
		}
		pt := c.paintFor(cls)
		if !open || pt != runPaint {
			if open {
				b = append(b, runPaint.post...)
			}
			b = append(b, pt.pre...)
			runPaint, runClass, open = pt, cls, true
		}
		b = utf8.AppendRune(b, r)
	}
	if open {
		b = append(b, runPaint.post...)
	}
	c.buf = b
	return string(b)
}

func (c *LossChart) paintFor(cls cellClass) paint {
	p := &c.styles.paints
	switch cls {
	case classAxis:
		return p.axis
	case classLabel:
		return p.label
	case classCurve:
		return p.curve
	case classMarker:
		return p.optimizer[c.kind]
	case classCurrent:
		return p.current[c.kind]
	case classNone:
	}
	return paint{}
}

// linesUncached draws the whole chart with ntcharts and renders it with
// ntcharts' View, as a chart without caching would each frame.
func (c *LossChart) linesUncached(traj []Point) []string {
	lc := c.newLineChart()
	c.drawStatic(&lc)
	for i, p := range traj {
		if !c.rng.contains(p) {
			continue
		}
		glyph, style := c.glyphs.marker, c.styles.Optimizer[c.kind]
		if i == len(traj)-1 {
			glyph, style = c.glyphs.current, c.styles.Current[c.kind]
		}
		lc.DrawRuneWithStyle(canvas.Float64Point{X: p.X, Y: p.Y}, glyph, style)
	}
	return strings.Split(lc.View(), "\n")
}
