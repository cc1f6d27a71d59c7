package views

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// logCeiling caps the convergence chart's y axis at an error of 10²⁰, or
// the largest error of a runner that has not diverged if that is larger
// (a far start): a diverging runner does not squash the others.
const logCeiling = 20

// ConvergenceView renders the convergence screen: log₁₀|f(x_t) − f(x*)|
// against t for all five optimizers in one chart, with a legend. ntcharts
// has no log scale, so the race records the logarithms (clamped at
// race.LogFloor) and the y axis is labelled in powers of ten.
type ConvergenceView struct {
	styles *Styles
	looks  []inkLook // each series' ink, by optimizer: its colour and, in ASCII, its number

	// The axes (by ntcharts) and the graph area for one size and range.
	static struct {
		w, h                int
		xMax, yBottom, yTop float64
		axes                grid
		area                plotArea
	}
	// base holds the race's stored points in braille, plotted
	// incrementally as the race grows; plotted is a copy of the points in
	// it, which tells a race that only grew from one whose history changed.
	base    dots
	plotted struct {
		stride int
		pts    [optimizers.NumKinds][]float32
	}
	// series is base plus the segments to the current step; next is the
	// chart of this frame, rendered through cache.
	series dots
	next   grid
	cache  rowCache
}

// NewConvergenceView returns the convergence screen drawn with styles.
func NewConvergenceView(styles *Styles) *ConvergenceView {
	v := &ConvergenceView{styles: styles}
	for _, k := range optimizers.Kinds() {
		v.looks = append(v.looks, inkLook{style: laneStyle(int(k), laneMark), ascii: seriesDigit(k)})
	}
	return v
}

// seriesDigit is optimizer k's number, 1 to 5, which marks its series' end
// (and in ASCII its whole series) as the legend numbers it.
func seriesDigit(k optimizers.Kind) rune {
	return '1' + rune(k) //nolint:gosec // G115: k is one of five optimizers
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
	title := p.bold.wrap("Convergence") + p.dim.wrap(v.styles.Spell("  log₁₀|f(xₜ) − f(x*)| against t, all five"))
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

// legend names each optimizer in its colour with its finish, wrapped to w.
func (v *ConvergenceView) legend(r race.Reader, w int) []string {
	p := &v.styles.paints
	var lines []string
	line, used := "", 0
	for _, k := range optimizers.Kinds() {
		text := strconv.Itoa(int(k)+1) + " " + k.String() + " " + finishText(r.Runner(k), v.styles.ASCII)
		item := p.optimizerBold[k].wrap(text)
		iw := ansi.StringWidth(text) + 3
		if used > 0 && used+iw > w {
			lines = append(lines, fit(line, w))
			line, used = "", 0
		}
		line += "   " + item
		used += iw
	}
	return append(lines, fit(line, w))
}

// chart draws the five series on axes from t = 0 to a round number above t.
func (v *ConvergenceView) chart(r race.Reader, w, h int) []string {
	c := r.Convergence()
	yTop, low := 2.0, math.Inf(1)
	ceiling := float64(logCeiling)
	for _, k := range optimizers.Kinds() {
		// Plain comparisons, which a NaN (a diverged end) always loses;
		// the builtin max and min would return it.
		_, last := c.Last(k)
		lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
		for _, val := range c.Points(k) {
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
		if f := float64(hi); f > ceiling && !r.Runner(k).Diverged() {
			ceiling = f
		}
		if f := float64(lo); f < low {
			low = f
		}
	}
	yTop = math.Min(math.Ceil(yTop), math.Ceil(ceiling))
	yBottom := axisBottom(low, yTop)
	xMax := niceCeil(float64(r.T()))
	v.ensureStatic(w, h, xMax, yBottom, yTop)
	st := &v.static
	v.next.copyFrom(&st.axes)
	a := &st.area
	if a.w <= 0 || a.h <= 0 {
		return v.cache.render(&v.next, &v.styles.cells)
	}
	v.updateBase(c, yTop)
	v.series.copyFrom(&v.base)
	for _, k := range optimizers.Kinds() {
		// The segment from the last stored point to the current step.
		pts := c.Points(k)
		t, val := c.Last(k)
		if n := len(pts); n > 0 && t > (n-1)*c.Stride() {
			v.line(&v.series, k, (n-1)*c.Stride(), pts[n-1], t, val, yTop)
		}
	}
	v.series.drawInto(&v.next, a.x0, a.y0, v.looks, v.styles.ASCII)
	// The current point of each series stands out as the optimizer's
	// number, which also tells the curves apart without colour (NO_COLOR).
	// A diverged series is marked where it ends. Numbers that would share a
	// cell stack below it, placed largest error first, so that they read
	// top to bottom in the errors' order.
	type end struct {
		k   optimizers.Kind
		t   int
		val float32
	}
	ends := make([]end, 0, optimizers.NumKinds)
	for _, k := range optimizers.Kinds() {
		if t, val, ok := seriesEnd(c, k); ok {
			ends = append(ends, end{k, t, val})
		}
	}
	slices.SortStableFunc(ends, func(a, b end) int { return cmp.Compare(b.val, a.val) })
	var placed [optimizers.NumKinds]point
	for i, e := range ends {
		d := a.dot(float64(e.t), math.Min(float64(e.val), yTop))
		x, y := d.x/2, d.y/4
		if x < 0 || x >= a.w || y < 0 || y >= a.h {
			continue
		}
		if y = freeRow(placed[:i], x, y, a.h); y >= 0 {
			v.next.set(a.x0+x, a.y0+y, newCell(seriesDigit(e.k), laneStyle(int(e.k), laneMark)))
			placed[i] = point{x, y}
		} else {
			placed[i] = point{-1, -1}
		}
	}
	return v.cache.render(&v.next, &v.styles.cells)
}

// freeRow is the row nearest y in column x, of h rows, where none of the
// numbers placed so far is: y itself, else the nearest below (the numbers
// go largest error first), else the nearest above, or −1 if none is free.
// (The cells cannot tell: in ASCII a curve is drawn in its digits too.)
func freeRow(placed []point, x, y, h int) int {
	taken := func(row int) bool {
		return slices.Contains(placed, point{x, row})
	}
	for row := y; row < h; row++ {
		if !taken(row) {
			return row
		}
	}
	for row := y - 1; row >= 0; row-- {
		if !taken(row) {
			return row
		}
	}
	return -1
}

// seriesEnd is where optimizer k's series ends: the current step, or for a
// series cut short by divergence, its last stored point.
func seriesEnd(c *race.Convergence, k optimizers.Kind) (t int, val float32, ok bool) {
	if t, val := c.Last(k); !math.IsNaN(float64(val)) {
		return t, val, true
	}
	pts := c.Points(k)
	for i := len(pts) - 1; i >= 0; i-- {
		if !math.IsNaN(float64(pts[i])) {
			return i * c.Stride(), pts[i], true
		}
	}
	return 0, 0, false
}

// axisBottom is the bottom of the y axis for errors down to 10^low: a whole
// decade at least half a decade below low, and at least two below top, so
// that early in a race the curves spread over the chart, and the axis grows
// a decade at a time rather than every step.
func axisBottom(low, top float64) float64 {
	if math.IsInf(low, 1) {
		low = race.LogFloor
	}
	return math.Max(math.Floor(math.Min(low, top-1.5)-0.5), race.LogFloor)
}

// updateBase plots the stored points not yet in base, or replots them all
// when the race's history changed under it (a step back, a reset, new
// settings replayed to the same step, thinning, another race). Only the
// points themselves tell: a history replayed with a diverging optimizer's
// new α can have as many points, and the same NaN at their end.
func (v *ConvergenceView) updateBase(c *race.Convergence, yTop float64) {
	pl := &v.plotted
	valid := pl.stride == c.Stride()
	for k := range pl.pts {
		if !valid {
			break
		}
		pts, old := c.Points(optimizers.Kind(k)), pl.pts[k]
		valid = len(pts) >= len(old) && sameBits(pts[:len(old)], old)
	}
	if !valid {
		v.base.clear()
		pl.stride = c.Stride()
		for k := range pl.pts {
			pl.pts[k] = pl.pts[k][:0]
		}
	}
	for _, k := range optimizers.Kinds() {
		pts, n := c.Points(k), len(pl.pts[k])
		from := max(n-1, 0)
		for i := from; i < len(pts); i++ {
			if i == from {
				v.line(&v.base, k, i*pl.stride, pts[i], i*pl.stride, pts[i], yTop)
			} else {
				v.line(&v.base, k, (i-1)*pl.stride, pts[i-1], i*pl.stride, pts[i], yTop)
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

// line draws optimizer k's segment from (t0, v0) to (t1, v1) into l; a NaN
// end (a diverged runner) draws only the other end, and values above the
// chart are drawn at its top.
func (v *ConvergenceView) line(l *dots, k optimizers.Kind, t0 int, v0 float32, t1 int, v1 float32, yTop float64) {
	area := &v.static.area
	at := func(t int, val float32) (point, bool) {
		f := float64(val)
		if math.IsNaN(f) {
			return point{}, false
		}
		return area.dot(float64(t), math.Min(f, yTop)), true
	}
	a, okA := at(t0, v0)
	b, okB := at(t1, v1)
	ink := int8(k) //nolint:gosec // G115: k is one of five optimizers
	switch {
	case okA && okB:
		l.line(a, b, ink)
	case okA:
		l.set(a, ink)
	case okB:
		l.set(b, ink)
	}
}

// ensureStatic draws the axes and labels with ntcharts for this size and
// range, and starts the series over when they changed.
func (v *ConvergenceView) ensureStatic(w, h int, xMax, yBottom, yTop float64) {
	st := &v.static
	if st.axes.cells != nil && st.w == w && st.h == h && st.xMax == xMax && st.yBottom == yBottom && st.yTop == yTop {
		return
	}
	st.w, st.h, st.xMax, st.yBottom, st.yTop = w, h, xMax, yBottom, yTop
	graphW, graphH := max(w-7, 1), max(h-2, 1)
	xTicks := newTicks(0, xMax, graphW, max(2, graphW/10))
	yStep := decadeStep((yTop - yBottom) / float64(max(2, graphH/2)))
	yCell := (yTop - yBottom) / float64(graphH)
	lc := linechart.New(w, h, 0, xMax, yBottom, yTop,
		linechart.WithXYSteps(1, 1),
		linechart.WithXLabelFormatter(xTicks.label),
		linechart.WithYLabelFormatter(func(i int, val float64) string {
			if i == 0 { // the bottom: the floor, or how low the errors reach
				return "1e" + strconv.Itoa(int(yBottom))
			}
			// The row's power of ten that is a multiple of yStep (1e-10,
			// 1e-5, 1e0); a row can span more than one decade.
			e := yStep * math.Ceil((val-yCell/2)/yStep)
			if e >= val+yCell/2 {
				return ""
			}
			return "1e" + strconv.Itoa(int(e))
		}),
	)
	lc.DrawXYAxisAndLabel()
	labelAxisEnd(&lc, xMax)
	st.axes = newGrid(w, h)
	readAxes(&lc, &st.axes, v.styles.ASCII)
	st.area = plotAreaOf(&lc)
	if v.next.w != w || v.next.h != h {
		v.next = newGrid(w, h)
	}
	if a := &st.area; v.base.w != a.w || v.base.h != a.h {
		v.base, v.series = newDots(a.w, a.h), newDots(a.w, a.h)
	}
	v.plotted.stride = 0 // replot: every point moved
}

// decadeStep is the round number of decades, at least least, between the
// y axis's labels: 1, 2, 5, 10, 20, 50 or 100.
func decadeStep(least float64) float64 {
	if !(least > 1) {
		return 1
	}
	return min(niceStep(least), 100)
}
