package views

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
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

// legendKey is what the legend says: each runner's steps in the race, the
// tolerance and the width.
type legendKey struct {
	w, dim int
	tol    float64
	steps  [MaxLanes][4]int
	labels string // the lanes' labels, joined
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

// legend names each optimizer with its glyph, in its colour, and where it
// is in the race, then the dashed line; wrapped to w, each entry in the
// longest form that fits its line.
func (v *ConvergenceView) legend(r race.Reader, w int) []string {
	key := legendKey{w: w, dim: r.Objective().Dim, tol: r.Tol(), labels: strings.Join(r.Labels(), "\x00")}
	for lane := range r.Labels() {
		run := r.Runner(lane)
		key.steps[lane] = [4]int{run.ReachedAt, run.SettledAt, run.LeftAt, run.DivergedAt}
	}
	if v.legendLines == nil || key != v.legendKey {
		v.legendLines, v.legendKey = v.drawLegend(r, w), key
	}
	return v.legendLines
}

// drawLegend is legend, drawn.
func (v *ConvergenceView) drawLegend(r race.Reader, w int) []string {
	p := &v.styles.paints
	type entry struct {
		forms []string // longest first
		paint paint
	}
	labels := r.Labels()
	entries := make([]entry, 0, len(labels)+1)
	for lane, label := range labels {
		head := string(v.styles.Glyph(lane)) + " " + label + " "
		run := r.Runner(lane)
		entries = append(entries, entry{
			forms: []string{head + raceText(run, v.styles.ASCII), head + finishText(run, v.styles.ASCII)},
			paint: p.laneBold[lane],
		})
	}
	dash, tol := "┄┄", numfmt.Compact(r.Tol(), 8)
	if v.styles.ASCII {
		dash = ".."
	}
	zone := []string{
		dash + " finish zone |x − x*| < " + tol + ", marked where each reached and settled",
		dash + " zone |x − x*| < " + tol,
	}
	if r.Objective().Dim > 1 {
		zone = []string{
			dash + " finish zone: distance to the nearest minimum < " + tol + ", marked where each reached and settled",
			dash + " zone: distance < " + tol,
		}
	}
	entries = append(entries, entry{forms: []string{v.styles.Spell(zone[0]), v.styles.Spell(zone[1])}, paint: p.dim})

	const sep = 3 // blanks before each entry
	longest := func(forms []string, room int) string {
		for _, f := range forms {
			if ansi.StringWidth(f)+sep <= room {
				return f
			}
		}
		return forms[len(forms)-1]
	}
	var lines []string
	line, used := "", 0
	for _, e := range entries {
		text := longest(e.forms, w-used)
		if used > 0 && used+ansi.StringWidth(text)+sep > w {
			lines = append(lines, fit(line, w))
			line, used = "", 0
			text = longest(e.forms, w)
		}
		line += "   " + e.paint.wrap(text)
		used += ansi.StringWidth(text) + sep
	}
	return append(lines, fit(line, w))
}

// raceText says where run is in the race, with the steps the chart marks:
// "settled t=42", "reached t=126, settled t=172", "reached t=20, left t=73",
// "DNF t=20", or a dash before it reached the zone.
func raceText(run race.Runner, ascii bool) string {
	switch {
	case run.Diverged():
		return "DNF t=" + strconv.Itoa(run.DivergedAt)
	case run.Settled() && run.SettledAt == run.ReachedAt:
		return "settled t=" + strconv.Itoa(run.SettledAt)
	case run.Settled():
		return "reached t=" + strconv.Itoa(run.ReachedAt) + ", settled t=" + strconv.Itoa(run.SettledAt)
	case run.Left():
		return "reached t=" + strconv.Itoa(run.ReachedAt) + ", left t=" + strconv.Itoa(run.LeftAt)
	}
	return none(ascii)
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
	yHi := math.Min(math.Ceil(math.Max(yTop, tol+1)), math.Ceil(ceiling))
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

// markAlong puts each series' glyph on it every few columns, each lane's
// marks offset from the others', so that a series can be followed through
// a tangle without colour.
func (v *ConvergenceView) markAlong(r race.Reader, c *race.Convergence, top float64) {
	a := &v.static.area
	every := max(10, a.w/6)
	xMax := v.static.in.layout.xs.hi
	n := c.Lanes()
	for lane := range n {
		pts := c.Points(lane)
		for col := (lane*every)/n + every/2; col < a.w; col += every {
			t := float64(col) * xMax / float64(a.w-1)
			i := min(int(math.Round(t/float64(c.Stride()))), len(pts)-1)
			if i < 0 || i*c.Stride() > r.T() || math.IsNaN(float64(pts[i])) {
				break
			}
			// None on the dashed line, whose glyphs say where each reached
			// and settled.
			if x, y, ok := v.cellOf(float64(i*c.Stride()), float64(pts[i]), top); ok && y != a.y0+v.static.tolRow {
				v.next.set(x, y, newCell(v.styles.Glyph(lane), laneStyle(lane, laneMark)))
			}
		}
	}
}

// markEnds marks where each series ends: the current step, or for a series
// cut short by divergence, its last stored point. Marks that would share a
// cell go beside it in its row (to the right, where the race has not been
// yet, else to the left), placed largest distance first: the row is the
// distance a class reads off the axis, so it stays true.
func (v *ConvergenceView) markEnds(c *race.Convergence, top float64) {
	type end struct {
		lane int
		t    int
		val  float32
	}
	ends := make([]end, 0, MaxLanes)
	for lane := range c.Lanes() {
		if t, val, ok := seriesEnd(c, lane); ok {
			ends = append(ends, end{lane, t, val})
		}
	}
	slices.SortStableFunc(ends, func(a, b end) int { return cmp.Compare(b.val, a.val) })
	var placed [MaxLanes]point
	for i, e := range ends {
		placed[i] = v.beside(placed[:i], float64(e.t), float64(e.val), top, newCell(v.styles.Glyph(e.lane), laneStyle(e.lane, laneBold)))
	}
}

// beside sets c at the graph cell of (t, val), or the nearest free one in
// its row (right first, where the race has not been yet, then left), else
// where stack would, and returns the graph cell used, or (−1, −1).
func (v *ConvergenceView) beside(placed []point, t, val, top float64, c cell) point {
	x, y, ok := v.graphCell(t, val, top)
	if !ok {
		return point{-1, -1}
	}
	a := &v.static.area
	for _, dir := range [2]int{1, -1} {
		for d := (1 - dir) / 2; d < 8; d++ { // from x itself rightwards, from x − 1 leftwards
			col := x + dir*d
			if col >= 0 && col < a.w && !slices.Contains(placed, point{col, y}) {
				v.next.set(a.x0+col, a.y0+y, c)
				return point{col, y}
			}
		}
	}
	return v.stack(placed, t, val, top, c)
}

// markZone marks, on the tolerance line, the step where each runner first
// reached the finish zone (its glyph in bold) and the step from which it
// has stayed in it (its glyph in reverse video), one mark where they are
// the same step. Marks that would share a cell stack below the line, in
// the zone.
func (v *ConvergenceView) markZone(r race.Reader) {
	st := &v.static
	if st.tolRow < 0 {
		return
	}
	placed := make([]point, 0, 2*MaxLanes)
	mark := func(lane, t int, role laneRole) {
		placed = append(placed, v.stack(placed, float64(t), st.in.tol, st.in.yTop, newCell(v.styles.Glyph(lane), laneStyle(lane, role))))
	}
	for k := range r.Labels() {
		run := r.Runner(k)
		switch {
		case !run.Reached():
		case run.Settled() && run.SettledAt == run.ReachedAt:
			mark(k, run.SettledAt, laneCurrent)
		case run.Settled():
			mark(k, run.ReachedAt, laneBold)
			mark(k, run.SettledAt, laneCurrent)
		default:
			mark(k, run.ReachedAt, laneBold)
		}
	}
}

// stack sets c at the graph cell of (t, val), or the nearest free one below
// it (else above) in its column, and returns the graph cell used, or
// (−1, −1).
func (v *ConvergenceView) stack(placed []point, t, val, top float64, c cell) point {
	x, y, ok := v.graphCell(t, val, top)
	if !ok {
		return point{-1, -1}
	}
	a := &v.static.area
	if y = freeRow(placed, x, y, a.h); y < 0 {
		return point{-1, -1}
	}
	v.next.set(a.x0+x, a.y0+y, c)
	return point{x, y}
}

// graphCell is the graph cell of (t, val), values above the axis at its
// top, and whether it is in the graph.
func (v *ConvergenceView) graphCell(t, val, top float64) (x, y int, ok bool) {
	a := &v.static.area
	d := a.dot(t, math.Min(val, top))
	x, y = d.x/2, d.y/4
	return x, y, x >= 0 && x < a.w && y >= 0 && y < a.h
}

// cellOf is the chart cell of (t, val), values above the axis at its top.
func (v *ConvergenceView) cellOf(t, val, top float64) (x, y int, ok bool) {
	if x, y, ok = v.graphCell(t, val, top); !ok {
		return 0, 0, false
	}
	a := &v.static.area
	return a.x0 + x, a.y0 + y, true
}

// freeRow is the row nearest y in column x, of h rows, where none of the
// marks placed so far is: y itself, else the nearest below, else the
// nearest above, or −1 if none is free. (The cells cannot tell: in ASCII a
// series is drawn in its glyphs too.)
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

// seriesEnd is where lane's series ends: the current step, or for a
// series cut short by divergence, its last stored point.
func seriesEnd(c *race.Convergence, lane int) (t int, val float32, ok bool) {
	if t, val := c.Last(lane); !math.IsNaN(float64(val)) {
		return t, val, true
	}
	pts := c.Points(lane)
	for i := len(pts) - 1; i >= 0; i-- {
		if !math.IsNaN(float64(pts[i])) {
			return i * c.Stride(), pts[i], true
		}
	}
	return 0, 0, false
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
