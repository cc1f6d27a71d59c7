package views

import (
	"math"
	"strconv"

	"github.com/optirace/optirace/numfmt"
)

// axisLabel formats a value an axis is labelled with, in at most 7 columns
// ("-1e-300").
func axisLabel(v float64) string { return numfmt.Compact(v, 7) }

// scale is one axis of a chart: its range, whose ends are ticks, and n
// evenly spaced intervals between ticks, each a round step (1, 2, 2.5 or
// 5 × 10ⁿ, or a whole number of decades).
type scale struct {
	lo, hi float64
	n      int
	// decades says that values are log₁₀ of what is shown: the tick at v
	// reads 1e<v>.
	decades bool
}

// tick returns the value of tick i, 0 ≤ i ≤ n.
func (s scale) tick(i int) float64 {
	switch i {
	case 0:
		return s.lo
	case s.n:
		return s.hi
	}
	step := (s.hi - s.lo) / float64(s.n)
	v := s.lo + float64(i)*step
	if math.Abs(v) < step*1e-9 {
		return 0 // not 1e-17 from rounding
	}
	return v
}

// label returns tick i's label.
func (s scale) label(i int) string {
	v := s.tick(i)
	if s.decades {
		return "1e" + strconv.Itoa(int(math.Round(v)))
	}
	return axisLabel(v)
}

// exact reports whether every label reads its tick to within a thousandth
// of a step, so that none is rounded into its neighbour's value.
func (s scale) exact() bool {
	if s.decades {
		return true
	}
	tol := (s.hi - s.lo) / float64(s.n) * 1e-3
	for i := 0; i <= s.n; i++ {
		v, err := strconv.ParseFloat(s.label(i), 64)
		if err != nil || math.Abs(v-s.tick(i)) > tol {
			return false
		}
	}
	return true
}

// decadeSteps are the whole numbers of decades a log axis ticks at.
var decadeSteps = [...]float64{1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 100, 150, 200, 250, 300, 400, 500}

// linearMantissas are the round steps of a linear axis in each decade;
// tightMantissas those of an axis whose ends are fixed, where a step that
// divides the range matters more (60 for [−20, 160]).
var (
	linearMantissas = []float64{1, 2, 2.5, 5}
	tightMantissas  = []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6}
)

// maxTicks bounds the intervals an axis is divided into.
const maxTicks = 64

// scaleSteps returns the steps a scale over a range span wide may take,
// smallest first.
func scaleSteps(span float64, tight, decades bool, out []float64) []float64 {
	if decades {
		return append(out, decadeSteps[:]...)
	}
	mantissas := linearMantissas
	if tight {
		mantissas = tightMantissas
	}
	for e := math.Floor(math.Log10(span / maxTicks)); ; e++ {
		for _, m := range mantissas {
			step := m * math.Pow(10, e)
			out = append(out, step)
			if step > 4*span {
				return out
			}
		}
	}
}

// chooseScale returns the scale over [lo, hi] with the most ticks, at most
// most intervals, that fits accepts. A tight scale keeps lo and hi as its ends (round numbers already)
// and takes a step that divides the range. A loose one widens the range to
// multiples of its step, or, on a log axis, counts whole steps down from hi
// where that wastes less of the axis (1e2, 1e-18, 1e-38 rather than 1e50,
// 1e0, 1e-50, 1e-100 for [1e-53, 1e2]). When no step fits, the ends alone
// are labelled: round ones, for a loose scale.
func chooseScale(lo, hi float64, tight, decades bool, most int, fits func(scale) bool) scale {
	ends := scale{lo: lo, hi: hi, n: 1, decades: decades}
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return ends
	}
	// most bounds the intervals before any label is formatted: an axis
	// that cannot hold more spares the work of laying out finer steps.
	most = min(most, maxTicks)
	ok := func(s scale) bool {
		return s.n >= 1 && s.n <= most && s.hi > s.lo && !math.IsInf(s.hi-s.lo, 0) && fits(s) && s.exact()
	}
	multiples := func(step float64) scale {
		l, h := math.Floor(lo/step+1e-9)*step, math.Ceil(hi/step-1e-9)*step
		return scale{lo: l, hi: h, n: int(math.Round((h - l) / step)), decades: decades}
	}
	var buf [64]float64
	steps := scaleSteps(span, tight, decades, buf[:0])
	divides := func(step float64) (scale, bool) {
		n := span / step
		return scale{lo: lo, hi: hi, n: int(math.Round(n)), decades: decades}, math.Abs(n-math.Round(n)) <= 1e-6*n
	}
	if tight {
		// Ticks at multiples of the step first (−10 −5 0 5 10, not −10 −6
		// −2 2 6 10), then at any step that divides the range.
		for _, step := range steps {
			if k := lo / step; math.Abs(k-math.Round(k)) <= 1e-9*math.Max(1, math.Abs(k)) {
				if s, div := divides(step); div && ok(s) {
					return s
				}
			}
		}
	}
	for _, step := range steps {
		switch {
		case tight:
			if s, div := divides(step); div && ok(s) {
				return s
			}
		case decades:
			a := multiples(step)
			n := math.Ceil(span/step - 1e-9)
			b := scale{lo: hi - n*step, hi: hi, n: int(n), decades: true}
			okA, okB := ok(a), ok(b)
			switch {
			case okA && (!okB || a.hi-a.lo <= b.hi-b.lo+step/2):
				return a
			case okB:
				return b
			}
		default:
			if s := multiples(step); ok(s) {
				return s
			}
		}
	}
	if !tight {
		// Ends that are multiples of a step at most a tenth of the range,
		// so that they read as round numbers at its scale: −1e-5 and 5e-5
		// for [−8.4e-6, 4.2e-5], not −9e-6 and 4.2e-5.
		for _, step := range steps {
			if s := multiples(step); s.n <= 10 {
				if s.n = 1; ok(s) {
					return s
				}
			}
		}
	}
	return ends
}

// place is a label and where it starts: its column on the x axis, its row
// on the y axis.
type place struct {
	at   int
	text string
}

// xLabelGap is the fewest blank columns between two x labels, where there
// is room; one where there is not.
const xLabelGap = 2

// xLabels places s's labels under a graph gw columns wide whose first
// column is x0, on a canvas w wide: the first ending under its tick (under
// the y axis's labels, where the row is free), the others centred under
// theirs, and the last ending at the canvas's edge, where its tick is. It
// reports false when two would come closer than gap blank columns.
func xLabels(s scale, x0, gw, w, gap int, out []place) ([]place, bool) {
	end := math.MinInt
	for i := 0; i <= s.n; i++ {
		text := s.label(i)
		// The column its braille dots are drawn in, as plotArea.dot maps it.
		col := x0 + int(math.Round(float64(i)*float64(2*gw-1)/float64(s.n)))/2
		x := col - (len(text)-1)/2
		if i == 0 {
			x = col - len(text) + 1
		}
		x = max(0, min(x, w-len(text)))
		if end != math.MinInt && x < end+gap {
			return out, false
		}
		out = append(out, place{x, text})
		end = x + len(text)
	}
	return out, true
}

// yLabelRows is the fewest rows from one y label to the next: two blank
// rows between them.
const yLabelRows = 3

// yLabels places s's labels beside a graph gh rows high, each on the row
// its tick's value is drawn in (row 0 at the top): the row of its braille
// dot, as plotArea.dot maps it. It reports false when
// two would be closer than yLabelRows.
func yLabels(s scale, gh int, out []place) ([]place, bool) {
	prev := math.MaxInt
	for i := 0; i <= s.n; i++ {
		row := (4*gh - 1 - int(math.Round(float64(i)*float64(4*gh-1)/float64(s.n)))) / 4
		if prev != math.MaxInt && prev-row < yLabelRows {
			return out, false
		}
		out = append(out, place{row, s.label(i)})
		prev = row
	}
	return out, true
}

// labelWidth is the width of s's widest label: the columns left of a y axis.
func labelWidth(s scale) int {
	w := 0
	for i := 0; i <= s.n; i++ {
		w = max(w, len(s.label(i)))
	}
	return w
}

// axes is a chart's two scales laid out on a w×h chart: the y labels' rows,
// the x labels' columns, and the graph area between them, as ntcharts lays
// out a line chart (the y labels right of column 0, the y axis, the graph;
// the x axis and the x labels in the last two rows).
type axes struct {
	xs, ys          scale
	xPlaces         []place
	yPlaces         []place
	originX, gw, gh int
}

// layAxes chooses a y scale over [yLo, yHi] that fits h − 2 rows, then an x
// scale over [xLo, xHi] that fits the columns its labels leave. Where the x
// labels do not fit beside wide y labels, the y scale is chosen again with
// narrower ones (1e-10, 5e-11, 0 rather than 7.5e-11, 5e-11, 2.5e-11, 0),
// and a loose x scale takes the y labels with which the two widen their
// ranges least together; where no x labels fit, the x axis goes
// unlabelled. ok is false when the
// chart is too small for a graph.
func layAxes(w, h int, xLo, xHi, yLo, yHi float64, xTight, yTight, yDecades bool) (ax axes, ok bool) {
	return layAxesStep(w, h, xLo, xHi, yLo, yHi, xTight, yTight, yDecades, 0)
}

// layAxesStep is layAxes with x ticks at multiples of xUnit (steps t, not
// half steps), or any round step for xUnit 0.
func layAxesStep(w, h int, xLo, xHi, yLo, yHi float64, xTight, yTight, yDecades bool, xUnit float64) (ax axes, ok bool) {
	gh := h - 2
	if gh < 2 {
		return ax, false
	}
	var buf [maxTicks + 1]place
	var first axes
	found, best := false, false
	for i := range 2 * 7 {
		width, gap := 7-i%7, xLabelGap-i/7 // every y label width at gap 2, then at 1
		try := axes{gh: gh}
		try.ys = chooseScale(yLo, yHi, yTight, yDecades, (gh-1)/yLabelRows, func(s scale) bool {
			_, fit := yLabels(s, gh, buf[:0])
			return fit && labelWidth(s) <= width
		})
		try.originX = labelWidth(try.ys)
		if try.originX > width && found {
			continue // no y labels this narrow fit
		}
		try.gw = w - try.originX - 1
		if try.gw < 2 {
			continue
		}
		try.yPlaces, _ = yLabels(try.ys, gh, nil)
		// A label is a column at least, with gap blank columns after it.
		try.xs = chooseScale(xLo, xHi, xTight, false, (w-1)/(1+gap), func(s scale) bool {
			if step := (s.hi - s.lo) / float64(s.n); xUnit > 0 && math.Abs(step/xUnit-math.Round(step/xUnit)) > 1e-9 {
				return false
			}
			_, fit := xLabels(s, try.originX+1, try.gw, w, gap, buf[:0])
			return fit
		})
		places, fit := xLabels(try.xs, try.originX+1, try.gw, w, gap, nil)
		switch {
		case fit && xTight:
			try.xPlaces = places
			return try, true
		case fit && (!best || widening(try, xLo, xHi, yLo, yHi) < widening(ax, xLo, xHi, yLo, yHi)):
			// A loose x axis always fits by widening: the y labels with
			// which the two axes widen least together.
			try.xPlaces = places
			ax, best = try, true
		case !found:
			first, found = try, true
		}
	}
	if best {
		return ax, true
	}
	return first, found // x unlabelled: no labels fit
}

// widening is how much ax's scales widen the ranges they were chosen over,
// the x range's factor times the y range's: 1 when their ends are the
// ranges' own.
func widening(ax axes, xLo, xHi, yLo, yHi float64) float64 {
	f := (ax.xs.hi - ax.xs.lo) / (xHi - xLo)
	if yHi > yLo {
		f *= (ax.ys.hi - ax.ys.lo) / (yHi - yLo)
	}
	return f
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

// draw draws the axes and their labels into g (w×h) and returns the graph
// area with the scales' ranges: the cells ntcharts' line chart draws for
// them (lineChart's DrawXYAxisAndLabel, read by readAxes, with our x
// labels), cell for cell, as a test checks, without the canvas it would
// allocate for them, a lipgloss style per cell (8 MB for a map of 240×60),
// each time a window moves. In ASCII the box drawing is - | +.
func (ax *axes) draw(g *grid, ascii bool) plotArea {
	// The origin, where the axes meet, as ntcharts finds it: right of the
	// widest y label drawn, above the x axis's labels.
	texts := ax.yTexts()
	ox, oy := 0, g.h-2
	for _, text := range texts {
		ox = max(ox, len(text))
	}
	line := func(x, y int, r rune) {
		if ascii {
			r = asciiBox(r)
		}
		g.set(x, y, newCell(r, styleAxis))
	}
	label := func(x, y int, text string) {
		for i, r := range text {
			g.set(x+i, y, newCell(r, styleLabel))
		}
	}
	for y := range oy {
		line(ox, y, '│')
	}
	line(ox, oy, '└')
	for x := ox + 1; x < g.w; x++ {
		line(x, oy, '─')
	}
	// The y labels as ntcharts places them: right-aligned against the
	// axis, a label that repeats the row below's not drawn.
	last := ""
	for i, text := range texts {
		if text != last {
			label(ox-len(text), oy-i, text)
			last = text
		}
	}
	for _, p := range ax.xPlaces {
		label(p.at, oy+1, p.text)
	}
	return newPlotArea(ox+1, 0, g.w-ox-1, oy, ax.xs.lo, ax.xs.hi, ax.ys.lo, ax.ys.hi)
}

// yTexts are the y labels by ntcharts' row index, 0 on the x axis: empty
// for the rows without one.
func (ax *axes) yTexts() []string {
	texts := make([]string, ax.gh+1)
	for _, p := range ax.yPlaces {
		texts[ax.gh-p.at] = p.text
	}
	return texts
}
