package views

import (
	"math"

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

// arrows are the marks of a current point off the chart, on the edge it
// left by; path is how a path's cell looks in ASCII, where braille is not
// available, and curve a curve's.
type arrows struct{ left, right, up, down, path, curve rune }

var (
	unicodeArrows = arrows{left: '←', right: '→', up: '↑', down: '↓'}
	asciiArrows   = arrows{left: '<', right: '>', up: '^', down: 'v', path: ':', curve: '.'}
)

// minChartWidth and minChartHeight are the smallest chart drawn; ntcharts'
// axes need about 8×4, and less would show nothing useful.
const (
	minChartWidth  = 10
	minChartHeight = 5
)

// The inks of a loss chart's braille layer: the path over the curve.
const (
	curveInk = 0
	pathInk  = 1
)

// numberedSteps is how many steps before the current one a loss chart marks
// with the last digit of their step number, so that the direction of travel
// shows, and which step of the table beside it each one is.
const numberedSteps = 4

// LossChart draws the loss curve of an objective and one optimizer's
// trajectory over it: the path joined step to step in braille (one
// character per cell in ASCII), the last few steps numbered, the current
// point in the lane's glyph. It shows the whole landscape or, in the track
// view, the region the iterates occupy now, and f(x) or, on a log scale,
// f(x) − f(x*).
//
// The axes and labels (by ntcharts) and the curve are drawn once per size
// and window into a grid of cells, the static layer; each frame copies it,
// draws the trajectory over it, and renders only the rows whose cells
// changed. An unchanged frame costs nothing.
type LossChart struct {
	lane   int // the optimizer's index, which picks its colour and glyph
	styles *Styles
	arrows arrows

	w, h        int
	obj         optimizers.Objective
	rng         Range // the whole landscape, in x and f
	track, logF bool
	// fStar is f(x*); gapFloor the smallest f − f* the log scale tells
	// from 0, where rounding near a minimum that is not 0 blurs it; topGap
	// is log₁₀ of the largest f − f* over the landscape.
	fStar, gapFloor, topGap float64

	ok     bool    // big enough to draw
	key    axesKey // what the static layer was drawn for
	win    Range   // the window, in the chart's coordinates (y is log₁₀(f − f*) on the log scale)
	area   plotArea
	static grid     // axes, labels and curve
	frame  grid     // static with this frame's trajectory
	cache  rowCache // frame, rendered
	rows   []string // what Lines returns
	path   dots

	// shown is the trajectory the rows show, which tells an unchanged
	// frame; ys is scratch for the points' chart coordinates.
	shown struct {
		traj  []Point
		t     int
		valid bool
	}
	ys []float64
	// memo keeps the last axes chosen and the curve's y range over the last
	// track window, which most frames share.
	memo struct {
		in         axesInput
		ax         axes
		valid      bool
		curveValid bool
		curveX     [2]float64
		curveY     [2]float64
	}
}

// axesKey is what a static layer is drawn for.
type axesKey struct {
	w, h   int
	obj    string
	xs, ys scale
}

// axesInput is what the axes are chosen from.
type axesInput struct {
	w, h                 int
	xLo, xHi, yLo, yHi   float64
	xTight, yTight, logF bool
}

// NewLossChart returns a chart for a lane (its colour and glyph); call SetSize and SetRange before Lines.
func NewLossChart(lane int, styles *Styles) *LossChart {
	c := &LossChart{lane: lane, styles: styles, arrows: unicodeArrows}
	if styles.ASCII {
		c.arrows = asciiArrows
	}
	return c
}

// SetSize sets the chart's size in cells, labels included.
func (c *LossChart) SetSize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	if w == c.w && h == c.h {
		return
	}
	c.w, c.h = w, h
	c.invalidate()
}

// SetRange sets the objective drawn and the whole landscape's window.
func (c *LossChart) SetRange(obj optimizers.Objective, r Range) {
	if r == c.rng && obj.Name == c.obj.Name && c.obj.Name != "" {
		return
	}
	c.obj, c.rng = obj, r
	c.fStar = obj.F(obj.Minima[0])
	c.gapFloor = math.Max(1e-300, 1e-15*math.Abs(c.fStar))
	c.topGap = math.Inf(-1)
	const samples = 256
	for i := 0; i <= samples; i++ {
		c.topGap = math.Max(c.topGap, c.yOf(obj.F(optimizers.Vec{r.XMin + (r.XMax-r.XMin)*float64(i)/samples}), true))
	}
	c.invalidate()
}

// SetView chooses what the chart shows: the whole landscape or, with track,
// the region the iterates occupy now; f(x) or, with logF, f(x) − f(x*) on a
// log scale.
func (c *LossChart) SetView(track, logF bool) {
	if track == c.track && logF == c.logF {
		return
	}
	c.track, c.logF = track, logF
	c.invalidate()
}

// Window returns the window the last frame showed, in x and f(x) (or, on
// the log scale, log₁₀(f(x) − f(x*))).
func (c *LossChart) Window() Range { return c.win }

// invalidate makes the next frame choose its window and draw anew.
func (c *LossChart) invalidate() {
	c.shown.valid = false
	c.memo.valid, c.memo.curveValid = false, false
}

// yOf is the chart's y for loss value f: f itself, or on the log scale
// log₁₀(f − f*), at least log₁₀ of the gap floor (+Inf and NaN stay).
func (c *LossChart) yOf(f float64, logF bool) float64 {
	if !logF {
		return f
	}
	return math.Log10(math.Max(f-c.fStar, c.gapFloor))
}

// Lines returns the chart with trajectory traj (oldest first; the last point
// is the current one, at step t) as exactly h lines of exactly w columns.
// Points that are not finite break the path; a current point outside the
// window is shown as an arrow on the edge it left by.
func (c *LossChart) Lines(traj []Point, t int) []string {
	if c.shown.valid && c.shown.t == t && samePoints(c.shown.traj, traj) {
		return c.rows
	}
	c.shown.traj = append(c.shown.traj[:0], traj...)
	c.shown.t, c.shown.valid = t, true
	if c.w < minChartWidth || c.h < minChartHeight || c.obj.Name == "" || !(c.rng.XMax > c.rng.XMin) || !(c.rng.YMax > c.rng.YMin) {
		c.ok = false
		c.rows = blank(c.w, c.h)
		return c.rows
	}
	c.ys = c.ys[:0]
	for _, p := range traj {
		c.ys = append(c.ys, c.yOf(p.Y, c.logF))
	}
	in, ok := c.axesInput(traj, t, c.track)
	if !ok {
		in, _ = c.axesInput(traj, t, false) // nothing to track: the whole landscape
	}
	if !c.memo.valid || in != c.memo.in {
		c.memo.in, c.memo.valid = in, true
		c.memo.ax, c.ok = layAxes(in.w, in.h, in.xLo, in.xHi, in.yLo, in.yHi, in.xTight, in.yTight, in.logF)
		// The x axis may widen the track view's window to round ends: then
		// f's range over the x range shown, which stays (its ends are
		// round already).
		if xs := c.memo.ax.xs; c.ok && !in.xTight && (xs.lo != in.xLo || xs.hi != in.xHi) {
			wide := c.trackAxes(traj, in, xs.lo, xs.hi)
			if ax, ok := layAxes(wide.w, wide.h, xs.lo, xs.hi, wide.yLo, wide.yHi, true, in.yTight, in.logF); ok {
				c.memo.ax = ax
			}
		}
	}
	if !c.ok {
		c.rows = blank(c.w, c.h)
		return c.rows
	}
	c.ensureStatic(&c.memo.ax)
	c.frame.copyFrom(&c.static)
	c.drawPath(traj)
	c.drawMarks(traj, t)
	c.rows = c.cache.render(&c.frame, &c.styles.cells)
	return c.rows
}

// samePoints reports whether a and b hold the same points bit for bit.
func samePoints(a, b []Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i].X) != math.Float64bits(b[i].X) || math.Float64bits(a[i].Y) != math.Float64bits(b[i].Y) {
			return false
		}
	}
	return true
}

// ensureStatic draws the static layer for axes ax, unless it shows them.
func (c *LossChart) ensureStatic(ax *axes) {
	key := axesKey{w: c.w, h: c.h, obj: c.obj.Name, xs: ax.xs, ys: ax.ys}
	if key == c.key && c.static.cells != nil {
		return
	}
	c.key = key
	c.win = Range{XMin: ax.xs.lo, XMax: ax.xs.hi, YMin: ax.ys.lo, YMax: ax.ys.hi}
	c.static = newGrid(c.w, c.h)
	c.area = ax.draw(&c.static, c.styles.ASCII)
	if c.frame.w != c.w || c.frame.h != c.h {
		c.frame = newGrid(c.w, c.h)
	}
	if c.path.w != c.area.w || c.path.h != c.area.h {
		c.path = newDots(c.area.w, c.area.h)
	}
	c.drawCurve()
}

// drawCurve draws the objective's curve into the static layer, joining
// samples one per dot column (in ASCII, a '.' in each cell it passes).
func (c *LossChart) drawCurve() {
	a := &c.area
	layer := newDots(a.w, a.h)
	n := 2 * a.w
	var prev Point
	havePrev := false
	for i := 0; i <= n; i++ {
		x := c.win.XMin + (c.win.XMax-c.win.XMin)*float64(i)/float64(n)
		p := Point{x, c.yOf(c.obj.F(optimizers.Vec{x}), c.logF)}
		if math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
			havePrev = false
			continue
		}
		if havePrev {
			c.segment(&layer, prev, p, curveInk)
		} else if c.win.contains(p) {
			layer.set(a.dot(p.X, p.Y), curveInk)
		}
		prev, havePrev = p, true
	}
	layer.drawInto(&c.static, a.x0, a.y0, []inkLook{curveInk: {style: styleCurve, ascii: asciiArrows.curve}}, c.styles.ASCII)
}

// segment draws the part of the segment from p to q inside the window.
func (c *LossChart) segment(l *dots, p, q Point, ink int8) {
	if a, b, ok := clip(p, q, c.win); ok {
		l.line(c.area.dot(a.X, a.Y), c.area.dot(b.X, b.Y), ink)
	}
}

// drawPath draws the trajectory into the frame, joined step to step: in the
// lane's colour over the curve, braille merging with braille.
func (c *LossChart) drawPath(traj []Point) {
	c.path.clear()
	for i := 1; i < len(traj); i++ {
		p, q := Point{traj[i-1].X, c.ys[i-1]}, Point{traj[i].X, c.ys[i]}
		if finite(p) && finite(q) {
			c.segment(&c.path, p, q, pathInk)
		}
	}
	looks := [...]inkLook{
		curveInk: {style: styleCurve, ascii: asciiArrows.curve},
		pathInk:  {style: laneStyle(c.lane, laneMark), ascii: asciiArrows.path},
	}
	c.path.drawInto(&c.frame, c.area.x0, c.area.y0, looks[:], c.styles.ASCII)
}

// finite reports whether both coordinates of p are finite.
func finite(p Point) bool {
	return !math.IsNaN(p.X) && !math.IsInf(p.X, 0) && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0)
}

// drawMarks marks the steps before the current one (step t) with the last
// digit of their step number, and the current point with the lane's glyph
// in bold reverse video, or with an arrow on the edge it left by.
func (c *LossChart) drawMarks(traj []Point, t int) {
	n := len(traj)
	for i := max(0, n-1-numberedSteps); i < n-1; i++ {
		if x, y, ok := c.cellOf(Point{traj[i].X, c.ys[i]}); ok {
			step := t - (n - 1 - i)
			c.frame.set(x, y, newCell('0'+rune(step%10), laneStyle(c.lane, laneMark)))
		}
	}
	if n == 0 {
		return
	}
	cur := Point{traj[n-1].X, c.ys[n-1]}
	if math.IsNaN(cur.X) || math.IsNaN(cur.Y) {
		return
	}
	style := laneStyle(c.lane, laneCurrent)
	if x, y, ok := c.cellOf(cur); ok {
		c.frame.set(x, y, newCell(c.styles.Glyph(c.lane), style))
		return
	}
	x, y, r := c.edgeMark(cur)
	c.frame.set(x, y, newCell(r, style))
}

// cellOf is the cell of the chart that holds p's braille dot, if p is in
// the window: the cell its path passes through.
func (c *LossChart) cellOf(p Point) (x, y int, ok bool) {
	if !finite(p) || !c.win.contains(p) {
		return 0, 0, false
	}
	d := c.area.dot(p.X, p.Y)
	x, y = d.x/2, d.y/4
	if x < 0 || y < 0 || x >= c.area.w || y >= c.area.h {
		return 0, 0, false
	}
	return c.area.x0 + x, c.area.y0 + y, true
}

// edgeMark is where an arrow marks a point p outside the window: on the
// edge it left by, level with it (or in line with it) where it can be.
func (c *LossChart) edgeMark(p Point) (x, y int, r rune) {
	a, w := &c.area, c.win
	cx := math.Max(w.XMin, math.Min(w.XMax, p.X))
	cy := math.Max(w.YMin, math.Min(w.YMax, p.Y))
	d := a.dot(cx, cy)
	x = a.x0 + max(0, min(a.w-1, d.x/2))
	y = a.y0 + max(0, min(a.h-1, d.y/4))
	switch {
	case p.X < w.XMin:
		return a.x0, y, c.arrows.left
	case p.X > w.XMax:
		return a.x0 + a.w - 1, y, c.arrows.right
	case p.Y > w.YMax:
		return x, a.y0, c.arrows.up
	}
	return x, a.y0 + a.h - 1, c.arrows.down
}
