package views

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// panelForm is how much a panel holds.
type panelForm int

const (
	// compactPanel is the settings and state of the optimizer as numbers,
	// then its chart in the rows left: state before decoration.
	compactPanel panelForm = iota
	// fullPanel is the chart and the table of the latest iterations, whose
	// last row is the state; the settings are in the title.
	fullPanel
)

// panel renders optimizer k's panel in form f, exactly w×h.
func (v *RaceView) panel(st RaceState, k optimizers.Kind, w, h int, f panelForm) []string {
	s := v.styles
	focused := k == st.Focus
	fr, border := frameFor(s.ASCII, focused), s.paints.border
	if focused {
		border = s.paints.optimizerBold[k]
	}
	iw, ih := w-2, h-2
	if iw <= 0 || ih <= 0 {
		return blank(w, h)
	}
	set := st.Race.Settings()
	name := k.String()
	if tagged := "[" + strconv.Itoa(int(k)+1) + "] " + name; focused && ansi.StringWidth(tagged) <= w-5 {
		name = tagged // where it fits: the lit border says it too
	}
	title := s.paints.optimizerBold[k].wrap(name)
	params := s.hyperparameters(k, set, f == fullPanel)
	var lines []string
	if f == fullPanel {
		// The settings follow the name where they fit, then the update
		// rule; a panel too narrow for its settings shows them inside.
		if withParams := title + "  " + strings.Join(params, ", "); ansi.StringWidth(withParams) <= w-5 {
			title, params = withParams, nil
			if rule := "  " + s.Spell(k.Rule()); ansi.StringWidth(title+rule) <= w-5 {
				title += s.paints.dim.wrap(rule)
			}
		}
		lines = v.fullInside(st, k, wrapItems(params, ", ", iw), iw, ih)
	} else {
		lines = v.compactInside(st, k, wrapItems(params, " ", iw), iw, ih)
	}
	return boxWithFooter(fr, border, title, v.badge(st.Race.Runner(int(k))), lines, w, h)
}

// compactInside is a compact panel's inside: the settings, the state, and
// the chart in the rows left, if they are enough for one; without one, the
// state takes every row.
func (v *RaceView) compactInside(st RaceState, k optimizers.Kind, params []string, iw, ih int) []string {
	cols := stateColumns(iw)
	lines := params
	rows := ih - len(lines)
	// The charts of a row of panels start on one line: below the tallest
	// settings and state of them all.
	chartH := ih - max(v.compactTop, len(params)+stateRows(k, cols))
	if chartH < minChartHeight || iw < minChartWidth {
		chartH = 0
	}
	qs := stateQuantities(k, rows-chartH, cols)
	run := st.Race.Runner(int(k))
	lines = append(lines, v.styles.stateBlock(qs, run.State, cols, iw)...)
	if chartH > 0 {
		lines = append(padLines(lines, iw, ih-chartH), v.chartLines(st.Race, k, iw, chartH)...)
	}
	return lines
}

// fullInside is a full panel's inside: its chart and the table of its
// latest iterations, and a last line naming the settings that are not the
// lecture's.
func (v *RaceView) fullInside(st RaceState, k optimizers.Kind, params []string, iw, ih int) []string {
	lines := params
	ih -= len(params)
	chartH := chartRows(ih)
	// A last line says which settings are not the lecture's, where the
	// panels' charts and tables stay level with their neighbours'.
	changed := v.changedLine(st.Race.Settings(), k, iw)
	if changed != "" && ih > minChartHeight+2 {
		ih--
		chartH = min(chartH, ih)
	} else {
		changed = ""
	}
	if chartH > 0 {
		lines = append(lines, v.chartLines(st.Race, k, iw, chartH)...)
	}
	if rest := ih - chartH; rest > 0 {
		v.states = v.recentStates(st.Race, k, rest-1)
		lines = append(lines, v.tables[k].lines(v.styles, k, st.Race.Settings(), st.Race.Objective().Name, v.states, iw, rest)...)
	}
	if changed != "" {
		lines = append(padLines(lines, iw, len(params)+ih), changed)
	}
	return lines
}

// compactTopFor is the most lines the settings and state of any optimizer
// take in a compact panel w columns wide: where the charts of a row start.
func (v *RaceView) compactTopFor(set optimizers.Settings, w int) int {
	top := 0
	for _, k := range optimizers.Kinds() {
		iw := w - 2
		top = max(top, len(wrapItems(v.styles.hyperparameters(k, set, false), " ", iw))+stateRows(k, stateColumns(iw)))
	}
	return top
}

// chartRows is how many of a full panel's ih inner rows its chart takes:
// about half, and all of them when a table would get fewer than 3.
func chartRows(ih int) int {
	chartH := max(ih*11/20, min(ih, minChartHeight+2))
	if ih-chartH < 3 {
		return ih
	}
	return chartH
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
	return "" // not even the names fit: the title's settings are painted as changed
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

// badgeForm is how a panel's bottom edge words where its runner is.
type badgeForm int

// The badge forms, longest first.
const (
	badgeLong  badgeForm = iota // settled at t=42, left at t=73, DIVERGED at t=20
	badgeShort                  // settled t=42, left t=73, DNF t=20
	badgeTiny                   // settled, left, DNF
)

// badgeText is run's badge in form f: settled in the finish zone, left it
// again, or diverged; "" while it has not reached the zone.
func badgeText(run race.Runner, f badgeForm) string {
	var word, at string
	switch {
	case run.Diverged():
		word, at = "DIVERGED at", strconv.Itoa(run.DivergedAt)
		if f != badgeLong {
			word = "DNF"
		}
	case run.Settled():
		word, at = "settled at", strconv.Itoa(run.SettledAt)
		if f != badgeLong {
			word = "settled"
		}
	case run.Left():
		word, at = "left at", strconv.Itoa(run.LeftAt)
		if f != badgeLong {
			word = "left"
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
			fits = fits && len(badgeText(r.Runner(int(k)), f)) <= inner-4
		}
		if fits {
			return f
		}
	}
	return badgeTiny
}

// badge is the note a panel's bottom edge carries once its runner reached
// the finish zone or diverged, in this frame's form.
func (v *RaceView) badge(run race.Runner) string {
	if text := badgeText(run, v.badges); text != "" {
		return v.styles.finishPaint(run).wrap(text)
	}
	return ""
}

// standings renders the leaderboard strip in a box.
func (v *RaceView) standings(st RaceState, w, h int) []string {
	title := v.styles.paints.bold.wrap("Leaderboard") +
		v.styles.paints.dim.wrap(v.styles.Spell(" t = "+strconv.Itoa(st.Race.T())+" · zone |x − x*| < "+numfmt.Compact(st.Race.Tol(), 8)))
	return box(v.styles.frame(), v.styles.paints.border, title, LeaderboardStrip(v.styles, st.Race, w-2, h-2), w, h)
}

// ranking renders the ranking in a box of w×h, a runner a line: rank, name
// and where it is in the zone.
func (v *RaceView) ranking(st RaceState, w, h int) []string {
	s := v.styles
	lines := make([]string, 0, optimizers.NumKinds)
	for _, sd := range race.Standings(st.Race) {
		line := padRight(strconv.Itoa(sd.Rank), 2) + s.paints.optimizerBold[sd.Kind].wrap(padRight(sd.Kind.String(), 8))
		if text := badgeText(sd.Runner, badgeShort); text != "" {
			line += s.finishPaint(sd.Runner).wrap(text)
		}
		lines = append(lines, fit(line, w-2))
	}
	title := s.paints.bold.wrap("Ranking") + s.paints.dim.wrap(" t = "+strconv.Itoa(st.Race.T()))
	return box(s.frame(), s.paints.border, title, lines, w, h)
}
