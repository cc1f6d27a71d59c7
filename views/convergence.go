package views

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// logCeiling caps the convergence chart's y axis at an error of 10²⁰, or
// the largest error of a runner that has not diverged if that is larger
// (a far start): a diverging runner does not squash the others.
const logCeiling = 20

// ConvergenceView renders the convergence screen: log₁₀|f(x_t) − f(x*)|
// against t for all five optimizers in one ntcharts chart, with a legend.
// ntcharts has no log scale, so the race records the logarithms (clamped at
// race.LogFloor) and the y axis is labelled in powers of ten.
type ConvergenceView struct {
	styles *Styles

	// The axes, read back from ntcharts, for one size and range.
	static struct {
		w, h                int
		xMax, yBottom, yTop float64
		lc                  linechart.Model
		runes               [][]rune
		classes             [][]cellClass
	}
	// grid maps data to braille dots with ntcharts' scaling; the dots are
	// set straight into layers, since building ntcharts' pattern grid for
	// five series every frame would cost milliseconds.
	grid *graph.BrailleGrid
	// base holds the race's stored points, plotted incrementally as the
	// race grows; plotted says how far.
	base    layer
	plotted struct {
		stride int
		n      [optimizers.NumKinds]int
		last   [optimizers.NumKinds]uint32
	}
	// frame is base plus the current step; prev is the last frame drawn,
	// whose rendered rows are kept in rows.
	frame, prev layer
	rows        []string
	buf         []byte
}

// layer is the graph area's cells: braille runes and, per cell, the highest
// optimizer (by Kind) with a dot there, which colours it (−1 for none).
type layer struct {
	r [][]rune
	o [][]int8
}

func newLayer(w, h int) layer {
	l := layer{r: make([][]rune, h), o: make([][]int8, h)}
	for y := range h {
		l.r[y] = make([]rune, w)
		l.o[y] = make([]int8, w)
	}
	l.clear()
	return l
}

func (l *layer) clear() {
	for y := range l.r {
		clear(l.r[y])
		for x := range l.o[y] {
			l.o[y][x] = -1
		}
	}
}

func (l *layer) copyFrom(src *layer) {
	for y := range l.r {
		copy(l.r[y], src.r[y])
		copy(l.o[y], src.o[y])
	}
}

func (l *layer) rowEqual(other *layer, y int) bool {
	a, b := l.r[y], other.r[y]
	for x := range a {
		if a[x] != b[x] || l.o[y][x] != other.o[y][x] {
			return false
		}
	}
	return true
}

// dot sets braille dot p (grid coordinates) for optimizer k.
func (l *layer) dot(p canvas.Point, k optimizers.Kind, ascii bool) {
	x, y := p.X/2, p.Y/4
	if p.X < 0 || p.Y < 0 || y >= len(l.r) || x >= len(l.r[y]) {
		return
	}
	r := l.r[y][x]
	switch {
	case ascii:
		r = '1' + rune(k) //nolint:gosec // G115: k is one of five optimizers; each series by its number, as in the legend
	case r == 0:
		r = runes.BrailleBlockOffset | brailleDot[p.Y%4][p.X%2]
	default:
		r |= brailleDot[p.Y%4][p.X%2]
	}
	l.r[y][x] = r
	l.o[y][x] = max(l.o[y][x], int8(k)) //nolint:gosec // G115: k is one of five optimizers
}

// NewConvergenceView returns the convergence screen drawn with styles.
func NewConvergenceView(styles *Styles) *ConvergenceView {
	return &ConvergenceView{styles: styles}
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
		iw := len([]rune(text)) + 3
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

	gw, gh := st.lc.GraphWidth(), st.lc.GraphHeight()
	if gw <= 0 || gh <= 0 {
		return v.renderCells(false)
	}
	if v.grid == nil {
		v.grid = graph.NewBrailleGrid(gw, gh, 0, xMax, yBottom, yTop)
		v.base, v.frame, v.prev = newLayer(gw, gh), newLayer(gw, gh), newLayer(gw, gh)
		v.rows = make([]string, h)
		v.plotted.stride = 0
	}
	v.updateBase(c, yTop)
	v.frame.copyFrom(&v.base)
	for _, k := range optimizers.Kinds() {
		// The segment from the last stored point to the current step.
		pts := c.Points(k)
		t, val := c.Last(k)
		if n := len(pts); n > 0 && t > (n-1)*c.Stride() {
			v.line(&v.frame, k, (n-1)*c.Stride(), pts[n-1], t, val, yTop)
		}
	}
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
	var placed [optimizers.NumKinds]canvas.Point
	for i, e := range ends {
		k, t, val := e.k, e.t, e.val
		gp := v.grid.GridPoint(canvas.Float64Point{X: float64(t), Y: math.Min(float64(val), yTop)})
		x, y := gp.X/2, gp.Y/4
		if x < 0 || x >= gw || y < 0 || y >= gh {
			continue
		}
		if y = freeRow(placed[:i], x, y, gh); y >= 0 {
			v.frame.r[y][x], v.frame.o[y][x] = '1'+rune(k), int8(k) //nolint:gosec // G115: k is one of five optimizers
			placed[i] = canvas.Point{X: x, Y: y}
		} else {
			placed[i] = canvas.Point{X: -1, Y: -1}
		}
	}
	return v.renderCells(true)
}

// freeRow is the row nearest y in column x, of h rows, where none of the
// numbers placed so far is: y itself, else the nearest below (the numbers
// go largest error first), else the nearest above, or −1 if none is free.
// (The cells cannot tell: in ASCII a curve is drawn in its digits too.)
func freeRow(placed []canvas.Point, x, y, h int) int {
	taken := func(row int) bool {
		return slices.Contains(placed, canvas.Point{X: x, Y: row})
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
// when the race's history changed under it (a step back, a reset, thinning).
func (v *ConvergenceView) updateBase(c *race.Convergence, yTop float64) {
	pl := &v.plotted
	valid := pl.stride == c.Stride()
	for _, k := range optimizers.Kinds() {
		pts, n := c.Points(k), pl.n[k]
		if len(pts) < n || (n > 0 && math.Float32bits(pts[n-1]) != pl.last[k]) {
			valid = false
		}
	}
	if !valid {
		v.base.clear()
		pl.stride, pl.n = c.Stride(), [optimizers.NumKinds]int{}
	}
	for _, k := range optimizers.Kinds() {
		pts := c.Points(k)
		from := max(pl.n[k]-1, 0)
		for i := from; i < len(pts); i++ {
			if i == from {
				v.line(&v.base, k, i*pl.stride, pts[i], i*pl.stride, pts[i], yTop)
			} else {
				v.line(&v.base, k, (i-1)*pl.stride, pts[i-1], i*pl.stride, pts[i], yTop)
			}
		}
		pl.n[k] = len(pts)
		if len(pts) > 0 {
			pl.last[k] = math.Float32bits(pts[len(pts)-1])
		}
	}
}

// line draws optimizer k's segment from (t0, v0) to (t1, v1) into l; a NaN
// end (a diverged runner) draws only the other end, and values above the
// chart are drawn at its top.
func (v *ConvergenceView) line(l *layer, k optimizers.Kind, t0 int, v0 float32, t1 int, v1 float32, yTop float64) {
	point := func(t int, val float32) (canvas.Point, bool) {
		f := float64(val)
		if math.IsNaN(f) {
			return canvas.Point{}, false
		}
		return v.grid.GridPoint(canvas.Float64Point{X: float64(t), Y: math.Min(f, yTop)}), true
	}
	a, okA := point(t0, v0)
	b, okB := point(t1, v1)
	switch {
	case okA && okB && a != b:
		for _, q := range graph.GetLinePoints(a, b) {
			l.dot(q, k, v.styles.ASCII)
		}
	case okA:
		l.dot(a, k, v.styles.ASCII)
	case okB:
		l.dot(b, k, v.styles.ASCII)
	}
}

// brailleDot[row][col] is the bit of the braille pattern for the dot at
// (col, row) of a 2×4 cell, taken from ntcharts' own encoding.
var brailleDot = func() (d [4][2]rune) {
	order := [4][2]int{{0, 3}, {1, 4}, {2, 5}, {6, 7}} // ntcharts' dot numbers
	for row := range order {
		for col, n := range order[row] {
			var p runes.PatternDots
			p[n] = true
			d[row][col] = runes.BraillePatternFromPatternDots(p) - runes.BrailleBlockOffset
		}
	}
	return d
}()

// ensureStatic draws the axes and labels with ntcharts for this size and range.
func (v *ConvergenceView) ensureStatic(w, h int, xMax, yBottom, yTop float64) {
	st := &v.static
	if st.runes != nil && st.w == w && st.h == h && st.xMax == xMax && st.yBottom == yBottom && st.yTop == yTop {
		return
	}
	st.w, st.h, st.xMax, st.yBottom, st.yTop = w, h, xMax, yBottom, yTop
	v.grid, v.rows = nil, nil
	graphW, graphH := max(w-7, 1), max(h-2, 1)
	xTicks := newTicks(0, xMax, graphW, max(2, graphW/10))
	yStep := decadeStep((yTop - yBottom) / float64(max(2, graphH/2)))
	yCell := (yTop - yBottom) / float64(graphH)
	st.lc = linechart.New(w, h, 0, xMax, yBottom, yTop,
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
	st.lc.DrawXYAxisAndLabel()
	labelAxisEnd(&st.lc, xMax)
	st.runes, st.classes = readBack(&st.lc, v.styles.ASCII)
}

// decadeStep is the round number of decades, at least least, between the
// y axis's labels: 1, 2, 5, 10, 20, 50 or 100.
func decadeStep(least float64) float64 {
	for _, s := range []float64{1, 2, 5, 10, 20, 50} {
		if s >= least {
			return s
		}
	}
	return 100
}

// renderCells renders the axes, with the frame's series laid over the graph
// area when withSeries; rows whose series did not change since the last
// frame are reused.
func (v *ConvergenceView) renderCells(withSeries bool) []string {
	st := &v.static
	p := &v.styles.paints
	ox := st.lc.Origin().X + 1
	out := make([]string, st.h)
	for y := range st.h {
		inGraph := withSeries && y < len(v.frame.r)
		if inGraph && v.rows[y] != "" && v.frame.rowEqual(&v.prev, y) {
			out[y] = v.rows[y]
			continue
		}
		b := v.buf[:0]
		var runPaint paint
		first := true
		for x := range st.w {
			rn, pt := st.runes[y][x], paint{}
			switch st.classes[y][x] {
			case classAxis:
				pt = p.axis
			case classLabel:
				pt = p.label
			case classNone, classCurve, classMarker, classCurrent:
			}
			if gx := x - ox; inGraph && gx >= 0 && gx < len(v.frame.r[y]) && v.frame.r[y][gx] != 0 {
				rn, pt = v.frame.r[y][gx], p.optimizer[v.frame.o[y][gx]]
			}
			if rn == 0 {
				rn = ' '
			}
			if first || pt != runPaint {
				if !first {
					b = append(b, runPaint.post...)
				}
				b = append(b, pt.pre...)
				runPaint, first = pt, false
			}
			b = utf8.AppendRune(b, rn)
		}
		b = append(b, runPaint.post...)
		v.buf = b
		out[y] = string(b)
		if inGraph {
			v.rows[y] = out[y]
		}
	}
	if withSeries {
		v.prev.copyFrom(&v.frame)
	}
	return out
}
