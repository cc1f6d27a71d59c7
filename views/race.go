package views

import (
	"math"
	"strconv"
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

// Content says what the optimizer panels show; `t` cycles it.
type Content int

// The panel contents.
const (
	ChartsAndTables Content = iota
	ChartsOnly
	TablesOnly
)

// String names the content for the status bar.
func (c Content) String() string {
	switch c {
	case ChartsAndTables:
		return "charts+tables"
	case ChartsOnly:
		return "charts"
	case TablesOnly:
		return "tables"
	}
	return ""
}

// RaceState is what the race screen shows.
type RaceState struct {
	Race    race.Reader
	Focus   optimizers.Kind
	Zoomed  bool
	Content Content
}

// RaceView renders the race screen: a panel per optimizer (title, loss
// chart, iteration table) and the standings. It keeps each chart's drawing
// between frames.
type RaceView struct {
	styles *Styles
	// badges is how the panels of this frame word a finish or divergence:
	// all alike, as long as the narrowest panel allows.
	badges badgeForm
	charts [optimizers.NumKinds]*LossChart
	tables [optimizers.NumKinds]iterTable
	points []Point
	states []optimizers.State
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
	rng := ChartRange(st.Race.Objective(), st.Race.Settings().X0)
	for _, c := range v.charts {
		c.SetRange(st.Race.Objective(), rng)
	}
	if st.Zoomed {
		v.badges = v.badgeFormFor(st.Race, w-2)
		ph := zoomedPanelHeight(h)
		if ph == h {
			return v.panel(st, st.Focus, w, h, false)
		}
		// The leaderboard strip stays in view under the zoomed panel.
		return append(v.panel(st, st.Focus, w, ph, false), v.standings(st, w, stripHeight)...)
	}
	lay := layoutFor(w, h)
	if lay == layoutMedium {
		v.badges = v.badgeFormFor(st.Race, share(w, 3, 2)-2)
		top, bottom := h/2, h-h/2
		widths := []int{share(w, 3, 0), share(w, 3, 1), share(w, 3, 2)}
		k := optimizers.Kinds()
		row1 := joinColumns(v.panel(st, k[0], widths[0], top, false), v.panel(st, k[1], widths[1], top, false), v.panel(st, k[2], widths[2], top, false))
		row2 := joinColumns(v.panel(st, k[3], widths[0], bottom, false), v.panel(st, k[4], widths[1], bottom, false), v.standings(st, widths[2], bottom))
		return append(row1, row2...)
	}
	// Wide and mini: five panels in a row above the strip.
	mini := lay == layoutMini
	stripH := stripHeight
	if mini {
		stripH = min(stripHeight, h/2)
	}
	v.badges = v.badgeFormFor(st.Race, share(w, optimizers.NumKinds, optimizers.NumKinds-1)-2)
	cols := make([][]string, 0, optimizers.NumKinds)
	for i, k := range optimizers.Kinds() {
		cols = append(cols, v.panel(st, k, share(w, optimizers.NumKinds, i), h-stripH, mini))
	}
	return append(joinColumns(cols...), v.standings(st, w, stripH)...)
}

// stripHeight is the leaderboard strip's height: a header and a line per
// optimizer in a box.
const stripHeight = optimizers.NumKinds + 3

// Shown is what the panels show for content c on a race screen of w×h
// (the window less its status bar): the smallest layout has no room for a
// table under its charts, unless zoomed.
func Shown(c Content, zoomed bool, w, h int) Content {
	switch {
	case c != ChartsAndTables:
		return c
	case !zoomed:
		if layoutFor(w, h) == layoutMini {
			return ChartsOnly
		}
		return c // the grid's and the row's panels have room for both
	}
	if ih := zoomedPanelHeight(h) - 2; chartRows(c, ih) == ih {
		return ChartsOnly
	}
	return c
}

// zoomedPanelHeight is the height of the zoomed panel on a race screen h
// lines high: what the leaderboard strip under it leaves, if it fits.
func zoomedPanelHeight(h int) int {
	if h < 2*stripHeight {
		return h
	}
	return h - stripHeight
}

// chartRows is how many of a panel's ih inner rows its chart takes for
// content c: all of them when a table would get fewer than 3.
func chartRows(c Content, ih int) int {
	switch c {
	case ChartsOnly:
		return ih
	case TablesOnly:
		return 0
	case ChartsAndTables:
	}
	chartH := max(ih*11/20, min(ih, minChartHeight+2))
	if ih-chartH < 3 {
		return ih
	}
	return chartH
}

// layout is how the race screen arranges its panels.
type layout int

const (
	layoutMini   layout = iota // mini charts above the leaderboard
	layoutMedium               // a 3 + 2 grid, the leaderboard in the sixth place
	layoutWide                 // five panels in a row above the leaderboard
)

// layoutFor is the layout of a race screen of w×h.
func layoutFor(w, h int) layout {
	switch {
	case w >= WideWidth && h >= wideHeight-1:
		return layoutWide
	case w >= MediumWidth && h >= MediumHeight-1:
		return layoutMedium
	}
	return layoutMini
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
	r := math.Abs(x0 - obj.Minimizer)
	if !(r >= 1) || math.IsInf(r, 0) {
		r = 1
	}
	rng := Range{XMin: obj.Minimizer - r, XMax: obj.Minimizer + r, YMin: math.Inf(1), YMax: math.Inf(-1)}
	const samples = 256
	for i := 0; i <= samples; i++ {
		y := obj.F(rng.XMin + (rng.XMax-rng.XMin)*float64(i)/samples)
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

// panel renders optimizer k's panel; mini shows the chart alone under a short title.
func (v *RaceView) panel(st RaceState, k optimizers.Kind, w, h int, mini bool) []string {
	focused := k == st.Focus
	fr, border := frameFor(v.styles.ASCII, focused), v.styles.paints.border
	if focused {
		border = v.styles.paints.optimizerBold[k]
	}
	name := k.String()
	if tagged := "[" + strconv.Itoa(int(k)+1) + "] " + name; focused && ansi.StringWidth(tagged) <= w-5 {
		name = tagged // where it fits: the lit border says it too
	}
	title := v.styles.paints.optimizerBold[k].wrap(name)
	// The update rule follows the name when it fits whole; a panel too
	// narrow for it shows the name alone rather than a rule cut short.
	if rule := "  " + v.styles.Spell(k.Rule()); ansi.StringWidth(name+rule) <= w-5 || !mini {
		title += v.styles.paints.dim.wrap(rule)
	}
	iw, ih := w-2, h-2
	if iw <= 0 || ih <= 0 {
		return blank(w, h)
	}
	content := st.Content
	if mini && content == ChartsAndTables {
		content = ChartsOnly
	}
	chartH := chartRows(content, ih)
	lines := make([]string, 0, ih)
	// A last line says which settings are not the lecture's, where the
	// panels' charts and tables stay level with their neighbours': charts
	// alone all give that line up when any panel needs it, so that they
	// keep one scale.
	changed := v.changedLine(st.Race.Settings(), k, iw)
	reserve := changed != "" || (content == ChartsOnly && ownSettingsChanged(st.Race.Settings()))
	if reserve && ih > minChartHeight+2 {
		ih--
		chartH = min(chartH, ih)
	} else {
		reserve, changed = false, ""
	}
	if chartH > 0 {
		lines = append(lines, v.chartLines(st.Race, k, iw, chartH)...)
	}
	if rest := ih - chartH; rest > 0 {
		v.states = v.recentStates(st.Race, k, rest-1)
		lines = append(lines, v.tables[k].lines(v.styles, k, st.Race.Settings(), st.Race.Objective().Name, v.states, iw, rest)...)
	}
	if reserve {
		if changed == "" {
			changed = strings.Repeat(" ", iw)
		}
		lines = append(padLines(lines, iw, ih), changed)
	}
	return boxWithFooter(fr, border, title, v.badge(st.Race.Runner(k)), lines, w, h)
}

// ownSettingsChanged reports whether any optimizer's own settings (not the
// shared x₀ and ε) differ from the lecture's.
func ownSettingsChanged(s optimizers.Settings) bool {
	lecture := optimizers.Defaults()
	for _, p := range optimizers.Params() {
		if !p.Shared && p.Get(s) != p.Get(lecture) {
			return true
		}
	}
	return false
}

// changedLine is the panel line naming optimizer k's settings that differ
// from the lecture's, in w columns: "α = 0.3 (lecture 0.1), γ = 0.5
// (lecture 0.9)", or shorter where that will not fit; "" if none differ or
// none of its forms fits.
func (v *RaceView) changedLine(s optimizers.Settings, k optimizers.Kind, w int) string {
	long, short, names := changedSettings(s, k)
	if long == "" {
		return ""
	}
	for _, text := range []string{long, short, names} {
		if text = " " + v.styles.Spell(text); ansi.StringWidth(text) <= w {
			return v.styles.paints.alert.wrap(fit(text, w))
		}
	}
	return "" // not even the names fit: the editor and the leaderboard's x tell
}

// changedSettings lists optimizer k's settings that differ from the
// lecture's three ways, longest first: "α = 0.3 (lecture 0.1), γ = 0.5
// (lecture 0.9)", "α = 0.3, γ = 0.5 (lecture 0.1, 0.9)" and "α, γ changed".
func changedSettings(s optimizers.Settings, k optimizers.Kind) (long, short, names string) {
	lecture := optimizers.Defaults()
	var full, now, was, syms []string
	for _, p := range optimizers.ParamsOf(k) {
		if p.Shared {
			continue // x₀ and ε are in the status bar
		}
		if v, d := p.Get(s), p.Get(lecture); v != d {
			full = append(full, p.Symbol+" = "+numfmt.Compact(v, 10)+" (lecture "+numfmt.Compact(d, 10)+")")
			now = append(now, p.Symbol+" = "+numfmt.Compact(v, 10))
			was = append(was, numfmt.Compact(d, 10))
			syms = append(syms, p.Symbol)
		}
	}
	if len(full) == 0 {
		return "", "", ""
	}
	return strings.Join(full, ", "), strings.Join(now, ", ") + " (lecture " + strings.Join(was, ", ") + ")",
		strings.Join(syms, ", ") + " changed"
}

// SharedChanges lists the shared settings (x₀ aside, which the status bar
// always shows) that differ from the lecture's, for the status bar.
func SharedChanges(s optimizers.Settings) string {
	if d := optimizers.Defaults().Eps; s.Eps != d {
		return "  ε = " + numfmt.Compact(s.Eps, 10)
	}
	return ""
}

// badgeForm is how a panel's bottom edge words a finish or a divergence.
type badgeForm int

// The badge forms, longest first.
const (
	badgeLong  badgeForm = iota // finished at t=42, DIVERGED at t=20
	badgeShort                  // done t=42, DNF t=20
	badgeTiny                   // done, DNF
)

// badgeText is run's badge in form f, or "" while it runs.
func badgeText(run race.Runner, f badgeForm) string {
	var word, at string
	switch {
	case run.Diverged():
		word, at = "DIVERGED at", strconv.Itoa(run.DivergedAt)
		if f != badgeLong {
			word = "DNF"
		}
	case run.Finished():
		word, at = "finished at", strconv.Itoa(run.FinishedAt)
		if f != badgeLong {
			word = "done"
		}
	default:
		return ""
	}
	if f == badgeTiny {
		return word
	}
	return word + " t=" + at
}

// badgeFormFor is the longest badge form in which every runner's badge fits
// the bottom edge of a panel inner columns wide.
func (v *RaceView) badgeFormFor(r race.Reader, inner int) badgeForm {
	for _, f := range []badgeForm{badgeLong, badgeShort} {
		fits := true
		for _, k := range optimizers.Kinds() {
			fits = fits && len(badgeText(r.Runner(k), f)) <= inner-4
		}
		if fits {
			return f
		}
	}
	return badgeTiny
}

// badge is the note a panel's bottom edge carries once its runner finished
// or diverged, in this frame's form.
func (v *RaceView) badge(run race.Runner) string {
	p := v.styles.paints.bold
	if run.Diverged() {
		p = v.styles.paints.alert
	}
	if text := badgeText(run, v.badges); text != "" {
		return p.wrap(text)
	}
	return ""
}

// recentStates returns optimizer k's last n states, oldest first: from the
// race's window, or for a diverged runner, which stops stepping, from the
// trail that led to its divergence, however long ago that was.
func (v *RaceView) recentStates(r race.Reader, k optimizers.Kind, n int) []optimizers.State {
	out := v.states[:0]
	if trail := r.DivergenceTrail(k); trail != nil {
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
	if trail := r.DivergenceTrail(k); trail != nil {
		for _, s := range trail[max(0, len(trail)-trajectoryPoints):] {
			v.points = append(v.points, Point{s.X, s.F})
		}
		return c.Lines(v.points)
	}
	recent := r.Recent(trajectoryPoints)
	for i := range recent { // by index: a Snapshot is five runners, too big to copy
		v.points = append(v.points, Point{recent[i][k].X, recent[i][k].F})
	}
	return c.Lines(v.points)
}

// standings renders the leaderboard strip in a box.
func (v *RaceView) standings(st RaceState, w, h int) []string {
	title := v.styles.paints.bold.wrap("Leaderboard") +
		v.styles.paints.dim.wrap(v.styles.Spell(" t = "+strconv.Itoa(st.Race.T())+" · tol "+numfmt.Compact(st.Race.Tol(), 8)))
	fr := v.styles.frame()
	return box(fr, v.styles.paints.border, title, LeaderboardStrip(v.styles, st.Race, w-2, h-2), w, h)
}

func padLeft(s string, w int) string {
	if n := w - len([]rune(s)); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

func padRight(s string, w int) string {
	if n := w - len([]rune(s)); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}
