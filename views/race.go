package views

import (
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// MinWidth and MinHeight are the smallest window optirace draws in; below
// it shows "terminal too small".
const (
	MinWidth  = 60
	MinHeight = 18
)

// Layout thresholds, as window sizes: five panels in a row from WideWidth
// columns (and 24 rows), a 3 + 2 grid from MediumWidth×MediumHeight (where
// every title and the leaderboard's columns fit), mini charts above the
// leaderboard below that. The screen itself is one row shorter than the
// window: the status bar.
const (
	WideWidth    = 200
	MediumWidth  = 110
	MediumHeight = 30
	wideHeight   = 24
)

// Content says what the race screen shows; `t` switches it.
type Content int

// The race screen's contents.
const (
	// Panels is a panel per optimizer: its settings, state, chart and,
	// where there is room, its table of the latest iterations.
	Panels Content = iota
	// LiveTable is one table of every optimizer's every quantity.
	LiveTable
)

// String names the content for the status bar.
func (c Content) String() string {
	switch c {
	case Panels:
		return "panels"
	case LiveTable:
		return "the live table"
	}
	return ""
}

// RaceState is what the race screen shows.
type RaceState struct {
	Race    race.Reader
	Focus   optimizers.Kind
	Zoomed  bool
	Content Content
	// Track zooms each chart to the region its iterates occupy now, instead
	// of the whole landscape; LogF draws f − f* on a log scale.
	Track, LogF bool
}

// RaceView renders the race screen: a panel per optimizer (title with its
// settings, state, loss chart, iteration table) and the standings, or the
// live table. It keeps each chart's drawing between frames.
type RaceView struct {
	styles *Styles
	// badges is how the panels of this frame word their zone badges: all
	// alike, as long as the narrowest panel allows.
	badges badgeForm
	// compactTop is where the charts of this frame's compact panels start.
	compactTop int
	charts     [optimizers.NumKinds]*LossChart
	tables     [optimizers.NumKinds]iterTable
	points     []Point
	states     []optimizers.State
}

// NewRaceView returns a race screen drawn with styles (in ASCII only when
// styles.ASCII).
func NewRaceView(styles *Styles) *RaceView {
	v := &RaceView{styles: styles}
	for _, k := range optimizers.Kinds() {
		v.charts[k] = NewLossChart(k, styles)
	}
	return v
}

// Render returns the race screen as exactly h lines of exactly w columns.
func (v *RaceView) Render(st RaceState, w, h int) []string {
	if st.Content == LiveTable {
		return v.styles.liveTable(st.Race, st.Focus, w, h)
	}
	rng := ChartRange(st.Race.Objective(), st.Race.Settings().X0)
	for _, c := range v.charts {
		c.SetRange(st.Race.Objective(), rng)
		c.SetView(st.Track, st.LogF)
	}
	if st.Zoomed {
		v.badges = v.badgeFormFor(st.Race, w-2)
		ph := zoomedPanelHeight(h)
		if ph == h {
			return v.panel(st, st.Focus, w, h, fullPanel)
		}
		// The leaderboard strip stays in view under the zoomed panel.
		return append(v.panel(st, st.Focus, w, ph, fullPanel), v.standings(st, w, stripHeight)...)
	}
	k := optimizers.Kinds()
	switch layoutFor(w, h) {
	case layoutMedium:
		v.badges = v.badgeFormFor(st.Race, share(w, 3, 2)-2)
		top, bottom := h/2, h-h/2
		widths := []int{share(w, 3, 0), share(w, 3, 1), share(w, 3, 2)}
		row1 := joinColumns(v.panel(st, k[0], widths[0], top, fullPanel), v.panel(st, k[1], widths[1], top, fullPanel), v.panel(st, k[2], widths[2], top, fullPanel))
		row2 := joinColumns(v.panel(st, k[3], widths[0], bottom, fullPanel), v.panel(st, k[4], widths[1], bottom, fullPanel), v.standings(st, widths[2], bottom))
		return append(row1, row2...)
	case layoutGrid:
		// Too narrow for five in a row: a 3 + 2 grid, the ranking in the
		// sixth place.
		v.badges = v.badgeFormFor(st.Race, share(w, 3, 2)-2)
		v.compactTop = v.compactTopFor(st.Race.Settings(), share(w, 3, 2))
		top, bottom := h/2, h-h/2
		widths := []int{share(w, 3, 0), share(w, 3, 1), share(w, 3, 2)}
		row1 := joinColumns(v.panel(st, k[0], widths[0], top, compactPanel), v.panel(st, k[1], widths[1], top, compactPanel), v.panel(st, k[2], widths[2], top, compactPanel))
		row2 := joinColumns(v.panel(st, k[3], widths[0], bottom, compactPanel), v.panel(st, k[4], widths[1], bottom, compactPanel), v.ranking(st, widths[2], bottom))
		return append(row1, row2...)
	case layoutWide:
		return v.row(st, w, h, fullPanel, stripHeight)
	case layoutRow:
	}
	// Five compact panels in a row above the strip, or above one line of
	// ranking where the strip would squeeze the panels.
	stripH := stripHeight
	if h-stripH < compactMinHeight {
		stripH = 1
	}
	return v.row(st, w, h, compactPanel, stripH)
}

// row is five panels in a row above the standings, stripH lines high.
func (v *RaceView) row(st RaceState, w, h int, form panelForm, stripH int) []string {
	v.badges = v.badgeFormFor(st.Race, share(w, optimizers.NumKinds, optimizers.NumKinds-1)-2)
	v.compactTop = v.compactTopFor(st.Race.Settings(), share(w, optimizers.NumKinds, optimizers.NumKinds-1))
	cols := make([][]string, 0, optimizers.NumKinds)
	for i, k := range optimizers.Kinds() {
		cols = append(cols, v.panel(st, k, share(w, optimizers.NumKinds, i), h-stripH, form))
	}
	if stripH == 1 {
		return append(joinColumns(cols...), v.styles.rankingLine(st.Race, w))
	}
	return append(joinColumns(cols...), v.standings(st, w, stripH)...)
}

// stripHeight is the leaderboard strip's height: a header and a line per
// optimizer in a box.
const stripHeight = optimizers.NumKinds + 3

// compactMinHeight is the height a compact panel should have at least for
// its state and a chart to share it; below it the strip gives way to one
// line of ranking.
const compactMinHeight = 20

// zoomedPanelHeight is the height of the zoomed panel on a race screen h
// lines high: what the leaderboard strip under it leaves, if it fits.
func zoomedPanelHeight(h int) int {
	if h < 2*stripHeight {
		return h
	}
	return h - stripHeight
}

// layout is how the race screen arranges its panels.
type layout int

const (
	layoutGrid   layout = iota // compact panels in a 3 + 2 grid, the ranking in the sixth place
	layoutRow                  // five compact panels in a row above the standings
	layoutMedium               // full panels in a 3 + 2 grid, the leaderboard in the sixth place
	layoutWide                 // five full panels in a row above the leaderboard
)

// rowMinWidth is the narrowest window with five compact panels in a row:
// each 16 columns, room for a label and a number of three significant
// digits with sign and exponent.
const rowMinWidth = 80

// layoutFor is the layout of a race screen of w×h.
func layoutFor(w, h int) layout {
	switch {
	case w >= WideWidth && h >= wideHeight-1:
		return layoutWide
	case w >= MediumWidth && h >= MediumHeight-1:
		return layoutMedium
	case w >= rowMinWidth:
		return layoutRow
	}
	return layoutGrid
}

// share is the width of column i of n sharing w columns: the spare
// columns go one each to the first ones.
func share(w, n, i int) int {
	if i < w%n {
		return w/n + 1
	}
	return w / n
}

// ChartRange returns the window a loss chart shows for objective obj from
// x0: x within |x0 − x*| of the minimiser (at least 1), y over f's range there.
func ChartRange(obj optimizers.Objective, x0 float64) Range {
	xStar := obj.Minima[0][0]
	r := math.Abs(x0 - xStar)
	if !(r >= 1) || math.IsInf(r, 0) {
		r = 1
	}
	rng := Range{XMin: xStar - r, XMax: xStar + r, YMin: math.Inf(1), YMax: math.Inf(-1)}
	const samples = 256
	for i := 0; i <= samples; i++ {
		y := obj.F(optimizers.Vec{rng.XMin + (rng.XMax-rng.XMin)*float64(i)/samples})
		if math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		rng.YMin, rng.YMax = math.Min(rng.YMin, y), math.Max(rng.YMax, y)
	}
	if !(rng.YMax > rng.YMin) {
		rng.YMin, rng.YMax = 0, 1
	}
	// Round numbers at the ends, which the axes label: −15 to 10, not
	// −12.61 to 10 (x² + 10·sin x from 10, whose x* is −1.30644).
	rng.XMin, rng.XMax = roundOut(rng.XMin, rng.XMax)
	rng.YMin, rng.YMax = roundOut(rng.YMin, rng.YMax)
	return rng
}

// roundOut widens [lo, hi] to multiples of a round step (1, 2 or 5 × 10ⁿ)
// about a tenth of its span, unless that would not be finite.
func roundOut(lo, hi float64) (float64, float64) {
	step := niceStep((hi - lo) / 10)
	l, h := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if !(h > l) || math.IsInf(l, 0) || math.IsInf(h, 0) {
		return lo, hi
	}
	return l, h
}

// niceStep is the smallest of 1, 2, 5 × 10ⁿ at least raw.
func niceStep(raw float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// SharedChanges lists the shared settings (x₀ aside, which the status bar
// always shows) that differ from the lecture's, for the status bar.
func SharedChanges(s optimizers.Settings) string {
	if d := optimizers.Defaults().Eps; s.Eps != d {
		return "  ε = " + numfmt.Compact(s.Eps, 10)
	}
	return ""
}

// recentStates returns optimizer k's last n states, oldest first: from the
// race's window, or for a diverged runner, which stops stepping, from the
// trail that led to its divergence, however long ago that was.
func (v *RaceView) recentStates(r race.Reader, k optimizers.Kind, n int) []optimizers.State {
	out := v.states[:0]
	if trail := r.DivergenceTrail(int(k)); trail != nil {
		return append(out, trail[max(0, len(trail)-n):]...)
	}
	recent := r.Recent(n)
	for i := range recent { // by index: a Snapshot is five runners, too big to copy
		out = append(out, recent[i][k].State)
	}
	return out
}

// trajectoryPoints is how many of the latest points a chart marks.
const trajectoryPoints = 128

func (v *RaceView) chartLines(r race.Reader, k optimizers.Kind, w, h int) []string {
	c := v.charts[k]
	c.SetSize(w, h)
	v.points = v.points[:0]
	if trail := r.DivergenceTrail(int(k)); trail != nil {
		for _, s := range trail[max(0, len(trail)-trajectoryPoints):] {
			v.points = append(v.points, Point{s.X[0], s.F})
		}
		return c.Lines(v.points, r.Runner(int(k)).DivergedAt)
	}
	recent := r.Recent(trajectoryPoints)
	for i := range recent { // by index: a Snapshot is five runners, too big to copy
		v.points = append(v.points, Point{recent[i][k].X[0], recent[i][k].F})
	}
	return c.Lines(v.points, r.T())
}

// padLeft right-aligns s in w columns, by display width.
func padLeft(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// padRight left-aligns s in w columns, by display width.
func padRight(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}
