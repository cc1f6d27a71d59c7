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

// panel renders lane's panel in form f, exactly w×h: titled with its
// optimizer's name (its settings, which tell lanes of one optimizer apart,
// follow it or open the panel).
func (v *RaceView) panel(st RaceState, lane, w, h int, f panelForm) []string {
	s := v.styles
	l := st.Race.Lanes()[lane]
	k := l.Kind
	focused := lane == st.Focus
	fr, border := frameFor(s.ASCII, focused), s.paints.border
	if focused {
		border = s.paints.laneBold[lane]
	}
	iw, ih := w-2, h-2
	if iw <= 0 || ih <= 0 {
		return blank(w, h)
	}
	name, label := k.String(), st.Race.Labels()[lane]
	switch {
	case f != fullPanel && ansi.StringWidth(s.Spell(label)) <= w-5:
		// A compact panel's title is the lane's name, as the ranking
		// calls it (GD α=0.5); a full panel's is the optimizer's, with
		// every setting beside it.
		name = s.Spell(label)
	case strings.Contains(label, " #"):
		// Lanes alike in every setting: their number tells them apart.
		name += label[strings.LastIndex(label, " #"):]
	}
	if tagged := "[" + strconv.Itoa(lane+1) + "] " + name; focused && ansi.StringWidth(tagged) <= w-5 {
		name = tagged // where it fits: the lit border says it too
	}
	title := s.paints.laneBold[lane].wrap(name)
	params := s.hyperparameters(l, st.Race.Objective(), f == fullPanel)
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
		lines = v.fullOrCompact(st, lane, wrapItems(params, ", ", iw), iw, ih)
	} else {
		lines = v.compactInside(st, lane, wrapItems(params, " ", iw), iw, ih)
	}
	return boxWithFooter(fr, border, title, v.badge(st.Race.Runner(lane)), lines, w, h)
}

// fullOrCompact is a full panel's inside, or where it is too low for a
// table beside the chart, a compact one's: the state as numbers, and the
// chart in what they leave (a panel drops its chart before its state).
func (v *RaceView) fullOrCompact(st RaceState, lane int, params []string, iw, ih int) []string {
	if rest := ih - len(params); chartRows(rest) >= rest {
		return v.compactInside(st, lane, params, iw, ih)
	}
	return v.fullInside(st, lane, params, iw, ih)
}

// compactInside is a compact panel's inside: the settings, the state, and
// the chart in the rows left, if they are enough for one; without one, the
// state takes every row.
func (v *RaceView) compactInside(st RaceState, lane int, params []string, iw, ih int) []string {
	k := st.Race.Lanes()[lane].Kind
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
	run := st.Race.Runner(lane)
	lines = append(lines, v.styles.stateBlock(qs, run.State, cols, iw)...)
	if chartH > 0 {
		lines = append(padLines(lines, iw, ih-chartH), v.chartLines(st.Race, lane, iw, chartH)...)
	}
	return lines
}

// fullInside is a full panel's inside: its chart and the table of its
// latest iterations, and a last line naming the settings that are not the
// lecture's.
func (v *RaceView) fullInside(st RaceState, lane int, params []string, iw, ih int) []string {
	l := st.Race.Lanes()[lane]
	lines := params
	ih -= len(params)
	chartH := chartRows(ih)
	// A last line says which settings are not the landscape's own, where
	// the panels' charts and tables stay level with their neighbours'.
	changed := v.changedLine(l, st.Race.Objective(), iw)
	if changed != "" && ih > minChartHeight+2 {
		ih--
		chartH = min(chartH, ih)
	} else {
		changed = ""
	}
	if chartH > 0 {
		lines = append(lines, v.chartLines(st.Race, lane, iw, chartH)...)
	}
	if rest := ih - chartH; rest > 0 {
		v.states = v.recentStates(st.Race, lane, max(rest-1, tableLookback))
		lines = append(lines, v.tables[lane].lines(v.styles, lane, l, st.Race.Objective(), st.Race.Settings().Start(), v.states, iw, rest)...)
	}
	if changed != "" {
		lines = append(padLines(lines, iw, len(params)+ih), changed)
	}
	return lines
}

// compactTopFor is the most lines the settings and state of any lane take
// in a compact panel w columns wide: where the charts of a row start.
func (v *RaceView) compactTopFor(r race.Reader, w int) int {
	top := 0
	iw := w - 2
	for _, l := range r.Lanes() {
		top = max(top, len(wrapItems(v.styles.hyperparameters(l, r.Objective(), false), " ", iw))+stateRows(l.Kind, stateColumns(iw)))
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

// changedLine is the panel line naming lane l's settings that differ from
// its landscape's own (the lecture's on the four 1-D landscapes), in w
// columns: "α = 0.3 (lecture 0.1), γ = 0.5 (lecture 0.9)", or shorter where
// that will not fit; "" if none differ or none of its forms fits.
func (v *RaceView) changedLine(l optimizers.Lane, obj optimizers.Objective, w int) string {
	long, short, names := changedSettings(l, obj)
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

// changedSettings lists lane l's settings that differ from its landscape's
// own three ways, longest first: "α = 0.3 (lecture 0.1), γ = 0.5 (lecture
// 0.9)", "α = 0.3, γ = 0.5 (lecture 0.1, 0.9)" and "α, γ changed". On a 2-D
// landscape, whose own settings are not the lecture's, they read "default".
func changedSettings(l optimizers.Lane, obj optimizers.Objective) (long, short, names string) {
	own := ownSettings(l, obj)
	word := "lecture "
	if obj.Dim > 1 {
		word = "default "
	}
	var full, now, was, syms []string
	for i, set := range l.Settings() {
		if d := own[i].Value; set.Value != d {
			full = append(full, set.Symbol+" = "+numfmt.Compact(set.Value, 10)+" ("+word+numfmt.Compact(d, 10)+")")
			now = append(now, set.Symbol+" = "+numfmt.Compact(set.Value, 10))
			was = append(was, numfmt.Compact(d, 10))
			syms = append(syms, set.Symbol)
		}
	}
	if len(full) == 0 {
		return "", "", ""
	}
	return strings.Join(full, ", "), strings.Join(now, ", ") + " (" + word + strings.Join(was, ", ") + ")",
		strings.Join(syms, ", ") + " changed"
}

// ownSettings are the settings lane l's optimizer has on obj by default, in
// the order of l.Settings.
func ownSettings(l optimizers.Lane, obj optimizers.Objective) []optimizers.Setting {
	return obj.Defaults().Lane(l.Kind).Settings()
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
		for lane := range r.Labels() {
			fits = fits && len(badgeText(r.Runner(lane), f)) <= inner-4
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
	// The zone's size is the number a class needs: where the title does not
	// fit whole, t (which the status bar shows) gives way, then |x − x*|.
	tol := numfmt.Compact(st.Race.Tol(), 8)
	title := ""
	for _, detail := range []string{
		" t = " + strconv.Itoa(st.Race.T()) + " · zone |x − x*| < " + tol, " · zone |x − x*| < " + tol, " · zone < " + tol,
	} {
		title = v.styles.paints.bold.wrap("Leaderboard") + v.styles.paints.dim.wrap(v.styles.Spell(detail))
		if ansi.StringWidth(title) <= w-5 {
			break
		}
	}
	// The landscape's lesson in the bottom edge: what this race teaches.
	lesson := v.styles.paints.dim.wrap(lessonIn(v.styles.Spell(lessonOf(st.Race)), w-5))
	return boxWithFooter(v.styles.frame(), v.styles.paints.border, title, lesson, LeaderboardStrip(v.styles, st.Race, w-2, h-2), w, h)
}

// ranking renders the ranking in a box of w×h, a runner a line: rank, lane
// and where it is in the zone.
func (v *RaceView) ranking(st RaceState, w, h int) []string {
	s := v.styles
	standings := race.Standings(st.Race)
	lines := make([]string, 0, len(standings))
	for _, sd := range standings {
		line := padRight(strconv.Itoa(sd.Rank), 2) + s.paints.laneBold[sd.Lane].wrap(padRight(sd.Label, 8)) + " "
		if text := badgeText(sd.Runner, badgeShort); text != "" {
			line += s.finishPaint(sd.Runner).wrap(text)
		}
		lines = append(lines, fit(line, w-2))
	}
	title := s.paints.bold.wrap("Ranking") + s.paints.dim.wrap(" t = "+strconv.Itoa(st.Race.T()))
	return box(s.frame(), s.paints.border, title, lines, w, h)
}
