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

// trackSpan is how many of the latest steps the track view keeps in view:
// the region the iterates occupy now.
const trackSpan = 8

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

// axesInput is the range the axes are chosen over for trajectory traj
// (whose chart y are c.ys): the landscape's, or the track view's window;
// f's range, or the decades of f − f* the landscape and the points span.
// It reports false when the track view has no finite point to follow.
func (c *LossChart) axesInput(traj []Point, t int, track bool) (axesInput, bool) {
	in := axesInput{w: c.w, h: c.h, logF: c.logF, xTight: !track, yTight: !track && !c.logF}
	if !track {
		in.xLo, in.xHi = c.rng.XMin, c.rng.XMax
		if !c.logF {
			in.yLo, in.yHi = c.rng.YMin, c.rng.YMax
			return in, true
		}
		// The decades from the landscape's top down to the lowest point,
		// two at least: the curve's dip at x* goes off the bottom.
		in.yHi = c.topGap
		low := c.topGap - 2
		for i, y := range c.ys {
			if c.rng.contains(Point{traj[i].X, traj[i].Y}) && y < low {
				low = y
			}
		}
		in.yLo = low - 0.5
		return c.decades(in), true
	}
	lo, hi, ok := trackWindow(traj, t)
	if !ok {
		return in, false
	}
	// Tracking never shows more than the whole landscape while the latest
	// points are in it: a window as wide is the whole view, drawn as that
	// is; a narrower one overhanging it moves inside it.
	if pLo, pHi, found := extentX(traj[max(0, len(traj)-trackSpan):]); found && pLo >= c.rng.XMin && pHi <= c.rng.XMax {
		switch {
		case hi-lo >= c.rng.XMax-c.rng.XMin:
			lo, hi = c.rng.XMin, c.rng.XMax
			in.xTight = true
		case hi > c.rng.XMax:
			lo, hi = lo-(hi-c.rng.XMax), c.rng.XMax
		case lo < c.rng.XMin:
			lo, hi = c.rng.XMin, hi+(c.rng.XMin-lo)
		}
	}
	in.xLo, in.xHi = lo, hi
	return c.trackAxes(traj, in, lo, hi), true
}

// trackAxes sets in's y range to what the track view shows over x in
// [lo, hi]: the curve's range there and the points in it, or on the log
// scale the points' decades and the curve's top.
func (c *LossChart) trackAxes(traj []Point, in axesInput, lo, hi float64) axesInput {
	yLo, yHi := c.curveRange(lo, hi)
	low := math.Inf(1)
	for i, y := range c.ys {
		if x := traj[i].X; x >= lo && x <= hi && !math.IsInf(y, 0) && !math.IsNaN(y) {
			yLo, yHi = math.Min(yLo, y), math.Max(yHi, y)
			low = math.Min(low, y)
		}
	}
	if c.logF {
		// The points' decades and the curve's top, one decade at least:
		// where the curve dips to x*, it goes off the bottom.
		if !math.IsInf(low, 1) {
			yLo = math.Min(low, yHi-1) - 0.5
		}
		in.yLo, in.yHi = yLo, yHi
		return c.decades(in)
	}
	if !(yHi-yLo > 1e-12*math.Max(math.Abs(yLo), math.Abs(yHi))) {
		pad := math.Max(math.Abs(yHi)*1e-3, 1e-300)
		yLo, yHi = yLo-pad, yHi+pad
	}
	in.yLo, in.yHi = yLo, yHi
	return in
}

// decades rounds a log axis's range out to whole decades: the scale it
// gets is the same for any range with those decades, so the axes are
// chosen again only when a point moves into another decade.
func (c *LossChart) decades(in axesInput) axesInput {
	floor := math.Log10(c.gapFloor)
	in.yLo = math.Floor(math.Max(in.yLo, floor-1))
	in.yHi = math.Max(math.Ceil(in.yHi), in.yLo+1)
	return in
}

// curveRange is the range of the chart's y over the curve for x in [lo, hi],
// sampled; on the log scale the samples at the gap floor are left out (the
// curve's dip to x*, which goes off the bottom).
func (c *LossChart) curveRange(lo, hi float64) (yLo, yHi float64) {
	m := &c.memo
	if m.curveValid && m.curveX == [2]float64{lo, hi} {
		return m.curveY[0], m.curveY[1]
	}
	yLo, yHi = math.Inf(1), math.Inf(-1)
	floor := math.Log10(c.gapFloor)
	const samples = 64
	for i := 0; i <= samples; i++ {
		y := c.yOf(c.obj.F(optimizers.Vec{lo + (hi-lo)*float64(i)/samples}), c.logF)
		if math.IsNaN(y) || math.IsInf(y, 0) || (c.logF && y <= floor) {
			continue
		}
		yLo, yHi = math.Min(yLo, y), math.Max(yHi, y)
	}
	if math.IsInf(yLo, 1) { // nothing finite: the floor, or f's level
		yLo, yHi = floor, floor
	}
	m.curveX, m.curveY, m.curveValid = [2]float64{lo, hi}, [2]float64{yLo, yHi}, true
	return yLo, yHi
}

// trackAnchor is how often, in steps, the track view's window is followed
// from afresh: from the latest step that is a multiple of it.
const trackAnchor = 32

// trackWindow returns the x range the track view shows for trajectory traj,
// whose last point is at step t: fitted to the latest trackSpan points, with
// room ahead of them in the direction they travel, and fitted again only
// when one of them nears the window's edge or they have drawn together into
// a small part of it. It follows the trajectory from the latest step that
// is a multiple of trackAnchor, and a fitted window is a round one (a width
// of 1, 2 or 5 × 10ⁿ, ends at multiples of a tenth of it), so that it is a
// function of the race's state alone: any chart, however many frames it
// drew before, shows the same window.
func trackWindow(traj []Point, t int) (lo, hi float64, ok bool) {
	// From the start of the race while the trajectory holds it; later from
	// the latest multiple of trackAnchor that has trackSpan points up to it.
	n := len(traj)
	from := 0
	if first := t - (n - 1); first > 0 {
		from = trackSpan - 1 + (trackAnchor-(first+trackSpan-1)%trackAnchor)%trackAnchor
	}
	if from >= n {
		from = 0
	}
	have := false
	for i := from; i < n; i++ {
		recent := traj[max(0, i-trackSpan+1) : i+1]
		pLo, pHi, found := extentX(recent)
		if !found {
			continue
		}
		w := hi - lo
		switch {
		case !have: // centred: the anchor's points say where they are, not where they go
			lo, hi = fitWindow(pLo, pHi, 0)
			have = true
		case pLo < lo+w/20 || pHi > hi-w/20: // near the edge
			lo, hi = fitWindow(pLo, pHi, travel(recent))
		case fitWidth(pLo, pHi) <= w/4: // drawn together
			lo, hi = fitWindow(pLo, pHi, travel(recent))
		}
	}
	return lo, hi, have && hi > lo && !math.IsInf(hi-lo, 0)
}

// travel is the way the points move: −1 towards lower x, +1 towards
// higher, 0 when they end where they began.
func travel(pts []Point) int {
	first, last := math.NaN(), math.NaN()
	for _, p := range pts {
		if finite(p) {
			if math.IsNaN(first) {
				first = p.X
			}
			last = p.X
		}
	}
	switch {
	case last < first:
		return -1
	case last > first:
		return 1
	}
	return 0
}

// extentX is the range of x among the finite points of pts.
func extentX(pts []Point) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if !finite(p) {
			continue
		}
		lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
	}
	return lo, hi, lo <= hi
}

// minSpan is the narrowest window the track view shows around [lo, hi]: 2 %
// of its distance from 0, so that the axes' labels, at most 7 columns, tell
// their ticks apart.
func minSpan(lo, hi float64) float64 {
	return math.Max(0.02*math.Max(math.Abs(lo), math.Abs(hi)), 1e-300)
}

// fitWidth is the narrowest width the track view fits around [lo, hi]: 1,
// 2 or 5 × 10ⁿ, at least twice as wide as they span (and minSpan).
func fitWidth(lo, hi float64) float64 {
	return niceStep(2 * math.Max(hi-lo, minSpan(lo, hi)))
}

// fitWindow is the round window the track view fits around [lo, hi], of
// fitWidth or wider: with a tenth of it free behind the points, the rest
// ahead of them in the direction dir they travel (centred on them for 0),
// its ends at multiples of a tenth of its width.
func fitWindow(lo, hi float64, dir int) (float64, float64) {
	mid := lo/2 + hi/2
	w := fitWidth(lo, hi)
	for range 8 {
		q := w / 10
		var c float64 // the window's centre
		switch {
		case dir < 0:
			c = math.Ceil((hi+q-w/2)/q) * q
		case dir > 0:
			c = math.Floor((lo-q+w/2)/q) * q
		default:
			c = math.Round(mid/q) * q
		}
		if l, h := c-w/2, c+w/2; lo >= l+q*0.999 && hi <= h-q*0.999 {
			return l, h
		}
		w = niceStep(w * 1.5) // the next width: 1 → 2 → 5 → 10
	}
	return mid - w/2, mid + w/2
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
