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
	Race race.Reader
	// Focus is the focused lane.
	Focus   int
	Zoomed  bool
	Content Content
	// Track zooms each chart to the region its iterates occupy now, instead
	// of the whole landscape; LogF draws f − f* on a log scale.
	Track, LogF bool
	// SmallMaps draws a 2-D race as a small map per lane instead of one
	// map of them all.
	SmallMaps bool
	// TableTop is the first row the live table shows, where its rows do
	// not all fit (LiveTableScroll).
	TableTop int
}

// RaceView renders the race screen: a panel per lane (title with its
// settings, state, loss chart, iteration table) and the standings, or the
// live table. It keeps each chart's drawing between frames.
type RaceView struct {
	styles *Styles
	// badges is how the panels of this frame word their zone badges: all
	// alike, as long as the narrowest panel allows.
	badges badgeForm
	// compactTop is where the charts of this frame's compact panels start.
	compactTop int
	// charts and tables are each lane's, made as lanes appear.
	charts []*LossChart
	tables []iterTable
	points []Point
	states []optimizers.State
	maps   map2D
}

// NewRaceView returns a race screen drawn with styles (in ASCII only when
// styles.ASCII).
func NewRaceView(styles *Styles) *RaceView { return &RaceView{styles: styles} }

// lanes makes a chart and a table for each of n lanes.
func (v *RaceView) lanes(n int) {
	for lane := len(v.charts); lane < n; lane++ {
		v.charts = append(v.charts, NewLossChart(lane, v.styles))
		v.tables = append(v.tables, iterTable{})
	}
}

// Render returns the race screen as exactly h lines of exactly w columns.
func (v *RaceView) Render(st RaceState, w, h int) []string {
	if st.Content == LiveTable {
		return v.styles.liveTable(st.Race, st.Focus, st.TableTop, w, h)
	}
	n := len(st.Race.Labels())
	v.lanes(n)
	if st.Race.Objective().Dim == 2 {
		return v.render2D(st, w, h)
	}
	rng := ChartRange(st.Race.Objective(), st.Race.Settings().X0)
	for _, c := range v.charts[:n] {
		c.SetRange(st.Race.Objective(), rng)
		c.SetView(st.Track, st.LogF)
	}
	stripH := stripHeight(n)
	if st.Zoomed {
		v.badges = v.badgeFormFor(st.Race, w-2)
		v.compactTop = v.compactTopFor(st.Race, w) // a panel too low for its table shows its state so
		ph := zoomedPanelHeight(h, stripH)
		if ph == h {
			return v.panel(st, st.Focus, w, h, fullPanel)
		}
		// The leaderboard strip stays in view under the zoomed panel.
		return append(v.panel(st, st.Focus, w, ph, fullPanel), v.standings(st, w, stripH)...)
	}
	switch layoutFor(w, h) {
	case layoutMedium:
		// Three to a row, the leaderboard in the place after the last.
		return v.grid(st, w, h, 3, fullPanel, v.standings)
	case layoutGrid:
		// Too narrow for five in a row: three to a row, the ranking in the
		// place after the last.
		return v.grid(st, w, h, 3, compactPanel, v.ranking)
	case layoutWide:
		return append(v.grid(st, w, h-stripH, n, fullPanel, nil), v.standings(st, w, stripH)...)
	case layoutRow:
	}
	// Compact panels, five or fewer in a row (two rows for more), above the
	// strip, or above one line of ranking where the strip would squeeze
	// the panels.
	perRow, rows := n, 1
	if n > 5 {
		perRow, rows = (n+1)/2, 2
	}
	if h-stripH < rows*compactMinHeight {
		return append(v.grid(st, w, h-1, perRow, compactPanel, nil), v.styles.rankingLine(st.Race, w))
	}
	return append(v.grid(st, w, h-stripH, perRow, compactPanel, nil), v.standings(st, w, stripH)...)
}

// grid lays the lanes' panels out cols to a row in w×h, each row as high
// as the others, and after the last panel, when set, extra in the place
// left (the leaderboard or the ranking; a row of its own if none is left).
func (v *RaceView) grid(st RaceState, w, h, cols int, form panelForm, extra func(RaceState, int, int) []string) []string {
	n := len(st.Race.Labels())
	cells := n
	if extra != nil {
		cells++
	}
	rows := (cells + cols - 1) / cols
	v.badges = v.badgeFormFor(st.Race, share(w, cols, cols-1)-2)
	v.compactTop = v.compactTopFor(st.Race, share(w, cols, cols-1))
	out := make([]string, 0, h)
	for row := range rows {
		rh := share(h, rows, rows-1-row) // a short row first
		blocks := make([][]string, 0, cols)
		for col := range cols {
			i, cw := row*cols+col, share(w, cols, col)
			switch {
			case i < n:
				blocks = append(blocks, v.panel(st, i, cw, rh, form))
			case i == n && extra != nil:
				// The extra place takes the rest of its row.
				rest := 0
				for c := col; c < cols; c++ {
					rest += share(w, cols, c)
				}
				blocks = append(blocks, extra(st, rest, rh))
			}
			if i >= n {
				break
			}
		}
		used := 0
		for _, b := range blocks {
			if len(b) > 0 {
				used += ansi.StringWidth(b[0])
			}
		}
		if used < w {
			blocks = append(blocks, blank(w-used, rh))
		}
		out = append(out, joinColumns(blocks...)...)
	}
	return out
}

// stripHeight is the leaderboard strip's height for n lanes: a header and
// a line per lane in a box.
func stripHeight(n int) int { return n + 3 }

// compactMinHeight is the height a compact panel should have at least for
// its state and a chart to share it; below it the strip gives way to one
// line of ranking.
const compactMinHeight = 20

// zoomedPanelHeight is the height of the zoomed panel on a race screen h
// lines high: what the leaderboard strip under it leaves, if it fits.
func zoomedPanelHeight(h, stripH int) int {
	if h < 2*stripH {
		return h
	}
	return h - stripH
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

// recentStates returns lane's last n states, oldest first: from the race's
// window, or for a diverged runner, which stops stepping, from the trail
// that led to its divergence, however long ago that was.
func (v *RaceView) recentStates(r race.Reader, lane, n int) []optimizers.State {
	out := v.states[:0]
	if trail := r.DivergenceTrail(lane); trail != nil {
		return append(out, trail[max(0, len(trail)-n):]...)
	}
	recent := r.Recent(n)
	for i := range recent { // by index: a runner is too big to copy
		out = append(out, recent[i][lane].State)
	}
	return out
}

// trajectoryPoints is how many of the latest points a chart marks.
const trajectoryPoints = 128

func (v *RaceView) chartLines(r race.Reader, lane, w, h int) []string {
	c := v.charts[lane]
	c.SetSize(w, h)
	v.points = v.points[:0]
	if trail := r.DivergenceTrail(lane); trail != nil {
		for _, s := range trail[max(0, len(trail)-trajectoryPoints):] {
			v.points = append(v.points, Point{s.X[0], s.F})
		}
		return c.Lines(v.points, r.Runner(lane).DivergedAt)
	}
	recent := r.Recent(trajectoryPoints)
	for i := range recent { // by index: a runner is too big to copy
		v.points = append(v.points, Point{recent[i][lane].X[0], recent[i][lane].F})
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
