package views

import (
	"math"

	"github.com/optirace/optirace/race"
)

// logCeiling caps the convergence chart's y axis at a distance of 10²⁰, or
// the largest distance of a runner that has not diverged if that is larger
// (a far start): a diverging runner does not squash the others.
const logCeiling = 20

// ConvergenceView renders the convergence screen: |x_t − x*| on a log scale
// against t for every lane in one chart, the finish zone's edge
// (|x − x*| = tol) as a dashed line with a mark where each reached it and
// where each settled in it, and a legend. Every series carries its lane's
// glyph along its length and at its end, so that it reads the same without
// colour. ntcharts has no log scale: the race records the logarithms
// (clamped at race.LogFloor) and the y axis is labelled in powers of ten.
type ConvergenceView struct {
	styles *Styles
	looks  []inkLook // each series' ink, by lane: its colour and, in ASCII, its glyph

	// The axes (by ntcharts), the tolerance line and the graph area for
	// one size and range.
	static struct {
		in     convergenceAxes
		valid  bool
		axes   grid
		area   plotArea
		tolRow int // the graph row of the tolerance line, or −1
	}
	// base holds the race's stored points in braille, plotted
	// incrementally as the race grows; plotted is a copy of the points in
	// it, which tells a race that only grew from one whose history changed.
	base    dots
	plotted struct {
		stride int
		lanes  int
		pts    [MaxLanes][]float32
	}
	// series is base plus the segments to the current step; next is the
	// chart of this frame, rendered through cache.
	series dots
	next   grid
	cache  rowCache
	// legendLines is the legend last drawn, for legendKey.
	legendLines []string
	legendKey   legendKey
}

// convergenceAxes is what the chart's axes are drawn for.
type convergenceAxes struct {
	w, h           int
	xMax, yLo, yHi float64
	tol            float64 // log₁₀ tol
	yTop           float64 // the axis's top: higher values are drawn there
	layout         axes
}

// NewConvergenceView returns the convergence screen drawn with styles.
func NewConvergenceView(styles *Styles) *ConvergenceView {
	v := &ConvergenceView{styles: styles}
	for lane := range MaxLanes {
		v.looks = append(v.looks, inkLook{style: laneStyle(lane, laneMark), ascii: styles.Glyph(lane)})
	}
	return v
}

// niceCeil rounds v up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6
// or 8 × 10ⁿ), so the t axis only changes now and then as the race goes on.
func niceCeil(v float64) float64 {
	if v <= 10 {
		return 10
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*mag >= v {
			return m * mag
		}
	}
	return 10 * mag
}

// Render returns the convergence screen as exactly h lines of w columns.
func (v *ConvergenceView) Render(r race.Reader, w, h int) []string {
	p := &v.styles.paints
	fr := v.styles.frame()
	what := "  |xₜ − x*| against t, log scale"
	if r.Objective().Dim > 1 {
		what = "  distance to the nearest minimum against t, log scale"
	}
	title := p.bold.wrap("Convergence") + p.dim.wrap(v.styles.Spell(what))
	iw, ih := w-2, h-2
	if iw <= 0 || ih <= 0 {
		return blank(max(w, 0), max(h, 0))
	}
	legend := v.legend(r, iw)
	chartH := ih - len(legend)
	lines := make([]string, 0, ih)
	if iw >= minChartWidth && chartH >= minChartHeight {
		lines = append(lines, v.chart(r, iw, chartH)...)
	} else {
		lines = append(lines, blank(iw, max(chartH, 0))...)
	}
	lines = append(lines, legend...)
	return box(fr, p.border, title, lines, w, h)
}

// chart draws the lanes' series on axes from t = 0 to a round number above t.
func (v *ConvergenceView) chart(r race.Reader, w, h int) []string {
	c := r.Convergence()
	yTop, low := math.Inf(-1), math.Inf(1)
	ceiling := float64(logCeiling)
	for lane := range c.Lanes() {
		// Plain comparisons, which a NaN (a diverged end) always loses;
		// the builtin max and min would return it.
		_, last := c.Last(lane)
		lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
		for _, val := range c.Points(lane) {
			if val > hi {
				hi = val
			}
			if val < lo {
				lo = val
			}
		}
		if last > hi {
			hi = last
		}
		if last < lo {
			lo = last
		}
		if f := float64(hi); f > yTop {
			yTop = f
		}
		if f := float64(hi); f > ceiling && !r.Runner(lane).Diverged() {
			ceiling = f
		}
		if f := float64(lo); f < low {
			low = f
		}
	}
	tol := math.Log10(r.Tol())
	if math.IsInf(low, 1) {
		low = tol
	}
	// Up to the highest distance, at most the ceiling, and always a decade
	// above the zone's edge: the legend promises its line and its marks,
	// however wide the zone (--tol 1e300).
	yHi := math.Max(math.Min(math.Ceil(yTop), math.Ceil(ceiling)), math.Ceil(tol+1))
	// Half a decade below the lowest distance and a decade below the zone's
	// edge, down to the floor.
	yLo := math.Floor(math.Max(math.Min(low-0.5, tol-1), race.LogFloor))
	v.ensureStatic(convergenceAxes{w: w, h: h, xMax: niceCeil(float64(r.T())), yLo: yLo, yHi: yHi, tol: tol})
	st := &v.static
	v.next.copyFrom(&st.axes)
	a := &st.area
	if a.w <= 0 || a.h <= 0 {
		return v.cache.render(&v.next, &v.styles.cells)
	}
	top := st.in.yTop
	v.updateBase(c, top)
	v.series.copyFrom(&v.base)
	for lane := range c.Lanes() {
		// The segment from the last stored point to the current step.
		pts := c.Points(lane)
		t, val := c.Last(lane)
		if n := len(pts); n > 0 && t > (n-1)*c.Stride() {
			v.line(&v.series, lane, (n-1)*c.Stride(), pts[n-1], t, val, top)
		}
	}
	v.series.drawInto(&v.next, a.x0, a.y0, v.looks, v.styles.ASCII)
	if !v.styles.ASCII { // in ASCII every cell of a series is its glyph already
		v.markAlong(r, c, top)
	}
	v.markEnds(c, top)
	v.markZone(r)
	return v.cache.render(&v.next, &v.styles.cells)
}

// updateBase plots the stored points not yet in base, or replots them all
// when the race's history changed under it (a step back, a reset, new
// settings replayed to the same step, thinning, another race). Only the
// points themselves tell: a history replayed with a diverging optimizer's
// new α can have as many points, and the same NaN at their end.
func (v *ConvergenceView) updateBase(c *race.Convergence, top float64) {
	pl := &v.plotted
	valid := pl.stride == c.Stride() && pl.lanes == c.Lanes()
	for k := range pl.lanes {
		if !valid {
			break
		}
		pts, old := c.Points(k), pl.pts[k]
		valid = len(pts) >= len(old) && sameBits(pts[:len(old)], old)
	}
	if !valid {
		v.base.clear()
		pl.stride, pl.lanes = c.Stride(), c.Lanes()
		for k := range pl.pts {
			pl.pts[k] = pl.pts[k][:0]
		}
	}
	for k := range pl.lanes {
		pts, n := c.Points(k), len(pl.pts[k])
		from := max(n-1, 0)
		for i := from; i < len(pts); i++ {
			if i == from {
				v.line(&v.base, k, i*pl.stride, pts[i], i*pl.stride, pts[i], top)
			} else {
				v.line(&v.base, k, (i-1)*pl.stride, pts[i-1], i*pl.stride, pts[i], top)
			}
		}
		pl.pts[k] = append(pl.pts[k], pts[n:]...)
	}
}

// sameBits reports whether a and b hold the same values bit for bit (a NaN
// equals itself).
func sameBits(a, b []float32) bool {
	for i := range b {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// line draws lane k's segment from (t0, v0) to (t1, v1) into l; a NaN
// end (a diverged runner) draws only the other end, and values above the
// axis are drawn at its top.
func (v *ConvergenceView) line(l *dots, k int, t0 int, v0 float32, t1 int, v1 float32, top float64) {
	area := &v.static.area
	at := func(t int, val float32) (point, bool) {
		f := float64(val)
		if math.IsNaN(f) {
			return point{}, false
		}
		return area.dot(float64(t), math.Min(f, top)), true
	}
	a, okA := at(t0, v0)
	b, okB := at(t1, v1)
	ink := int8(k) //nolint:gosec // G115: k is one of at most MaxLanes lanes
	switch {
	case okA && okB:
		l.line(a, b, ink)
	case okA:
		l.set(a, ink)
	case okB:
		l.set(b, ink)
	}
}

// ensureStatic lays out and draws the axes, labels and tolerance line for
// in (its size, t range, decades and tolerance), unless they are drawn
// already, and starts the series over when they changed.
func (v *ConvergenceView) ensureStatic(in convergenceAxes) {
	st := &v.static
	if st.valid && st.in.w == in.w && st.in.h == in.h && st.in.xMax == in.xMax && st.in.yLo == in.yLo && st.in.yHi == in.yHi && st.in.tol == in.tol {
		return
	}
	ax, ok := layAxesStep(in.w, in.h, 0, in.xMax, in.yLo, in.yHi, true, false, true, 1)
	in.layout, in.yTop = ax, ax.ys.hi
	st.in, st.valid = in, true
	st.axes = newGrid(in.w, in.h)
	st.area = plotArea{}
	st.tolRow = -1
	if ok {
		st.area = ax.draw(&st.axes, v.styles.ASCII)
		st.tolRow = v.drawTolerance()
	}
	if v.next.w != in.w || v.next.h != in.h {
		v.next = newGrid(in.w, in.h)
	}
	if a := &st.area; v.base.w != a.w || v.base.h != a.h {
		v.base, v.series = newDots(a.w, a.h), newDots(a.w, a.h)
	}
	v.plotted.stride = 0 // replot: every point moved
}

// zoneOnChart reports whether the chart draws the finish zone's edge at
// tolerance tol: always, but for a zone narrower than the smallest distance
// the race records (race.LogFloor), which is below the axis.
func zoneOnChart(tol float64) bool {
	return math.Log10(tol) >= race.LogFloor
}

// drawTolerance draws the finish zone's edge, |x − x*| = tol, as a dashed
// line across the graph area of the static layer, and returns its graph
// row, or −1 when it is off the axis.
func (v *ConvergenceView) drawTolerance() int {
	st := &v.static
	a, tol := &st.area, st.in.tol
	if a.w <= 0 || a.h <= 0 || tol < st.in.layout.ys.lo || tol > st.in.layout.ys.hi {
		return -1
	}
	row := a.dot(0, tol).y / 4
	dash := '┄'
	if v.styles.ASCII {
		dash = '.'
	}
	for x := range a.w {
		st.axes.set(a.x0+x, a.y0+row, newCell(dash, styleDim))
	}
	return row
}
