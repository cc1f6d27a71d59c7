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

// finishText is a runner's finish column: its finish step, DNF once
// diverged, – while running.
func finishText(run race.Runner, ascii bool) string {
	switch {
	case run.Diverged():
		return "DNF"
	case run.Finished():
		return "t=" + strconv.Itoa(run.FinishedAt)
	}
	return none(ascii)
}

// finishPaint is how a runner's finish is painted wherever it is written:
// red once diverged, bold once finished.
func (s *Styles) finishPaint(run race.Runner) paint {
	switch {
	case run.Diverged():
		return s.paints.alert
	case run.Finished():
		return s.paints.bold
	}
	return paint{}
}

// none is what a cell shows for "no value yet": an en dash, or in ASCII
// mode a hyphen.
func none(ascii bool) string {
	if ascii {
		return "-"
	}
	return "–"
}

// LeaderboardStrip renders the compact leaderboard as exactly h lines of w
// columns: rank, name, finish step, |x − x*| and f(x), best first.
func LeaderboardStrip(s *Styles, r race.Reader, w, h int) []string {
	ascii := s.ASCII
	p := &s.paints
	const nameW, finishW = 8, 6
	fixed := 2 + 1 + nameW + 1 + finishW + 1
	// |x − x*| always; f(x) too when there is room for both.
	cols := 2
	if w-fixed < 2*minColumnWidth+1 {
		cols = 1
	}
	numW := max(minColumnWidth, min(maxColumnWidth, (w-fixed)/cols-1))
	header := padRight("#", 2) + " " + padRight("name", nameW) + " " + padLeft("finish", finishW) + " " + padLeft(s.Spell("|x−x*|"), numW)
	if cols == 2 {
		header += " " + padLeft("f(x)", numW)
	}
	lines := make([]string, 0, 1+optimizers.NumKinds)
	lines = append(lines, p.dim.wrap(fit(header, w)))
	for _, st := range race.Standings(r) {
		finish := s.finishPaint(st.Runner).wrap(padLeft(finishText(st.Runner, ascii), finishW))
		row := padRight(strconv.Itoa(st.Rank), 2) + " " +
			p.optimizerBold[st.Kind].wrap(padRight(st.Kind.String(), nameW)) + " " + finish + " " +
			padLeft(numfmt.Compact(st.Distance, numW), numW)
		if cols == 2 {
			row += " " + padLeft(numfmt.Compact(st.F, numW), numW)
		}
		lines = append(lines, fit(row, w))
	}
	return padLines(lines, w, h)
}

// LeaderboardScreen renders the full-size leaderboard as exactly h lines of
// w columns: each runner on a track from its start distance to the finish
// line (log scale), with its finish, distance, loss and x, big enough to
// read from the back of a classroom.
func LeaderboardScreen(s *Styles, r race.Reader, w, h int) []string {
	ascii := s.ASCII
	p := &s.paints
	iw, ih := w-3, h-2 // a column of margin on the right
	const nameW, finishW = 10, 7
	numW := 11
	fixed := 3 + nameW + 1 + finishW + 2
	trackW := iw - fixed - 3*(numW+1)
	if trackW < 10 {
		numW = 0
		trackW = iw - fixed
	}
	full, empty := "█", "░"
	if ascii {
		full, empty = "#", "."
	}
	// Each runner gets a bar as thick as the window allows (1 to 3 lines).
	barH := max(1, min(3, (ih-4)/optimizers.NumKinds-1))
	xStar := r.Objective().Minimizer
	startDist := math.Abs(r.Settings().X0 - xStar)
	lines := make([]string, 0, ih)
	header := padRight(" #", 3) + padRight("optimizer", nameW) + " " + padLeft("finish", finishW) + "  " +
		fit(s.Spell(longestFitting(max(trackW, 0), "start → finish line (log scale)", "start → finish (log scale)", "start → finish")), max(trackW, 0))
	if numW > 0 {
		header += " " + padLeft(s.Spell("|x−x*|"), numW) + " " + padLeft("f(x)", numW) + " " + padLeft("x", numW)
	}
	lines = append(lines, blank(iw, 1)[0], p.dim.wrap(fit(header, iw)))
	wandered := false // a finisher that has left the finish line again
	for _, st := range race.Standings(r) {
		// The bar is where the runner is now: a finisher keeps stepping and
		// may wander off again (RMSProp at α = 1 bounces about ±0.5).
		frac := trackProgress(startDist, st.Distance, r.Tol())
		if st.Finished() && !(st.Distance < r.Tol()) {
			wandered = true
		}
		n := int(math.Round(frac * float64(max(trackW, 0))))
		track := p.optimizer[st.Kind].wrap(strings.Repeat(full, n)) + p.dim.wrap(strings.Repeat(empty, max(trackW-n, 0)))
		finish := s.finishPaint(st.Runner).wrap(padLeft(finishText(st.Runner, ascii), finishW))
		lines = append(lines, blank(iw, 1)[0])
		for row := range barH {
			line := strings.Repeat(" ", fixed) + track
			if row == barH/2 {
				line = padRight(" "+strconv.Itoa(st.Rank), 3) + p.optimizerBold[st.Kind].wrap(padRight(st.Kind.String(), nameW)) +
					" " + finish + "  " + track
				if numW > 0 {
					line += " " + padLeft(numfmt.Compact(st.Distance, numW), numW) + " " +
						padLeft(numfmt.Compact(st.F, numW), numW) + " " + padLeft(numfmt.Compact(st.X, numW), numW)
				}
			}
			lines = append(lines, fit(line, iw))
		}
	}
	summary := "t = " + strconv.Itoa(r.T()) + " · finish line |x − x*| < " + numfmt.Compact(r.Tol(), 8)
	if r.Over() {
		summary += " · race over"
	}
	if wandered {
		summary += " · ranked by first finish; bars show where each is now"
	}
	lines = append(lines, blank(iw, 1)[0])
	for _, l := range wrapWords(s.Spell(summary), iw-2) { // whole, on narrow screens too
		lines = append(lines, p.dim.wrap(fit(" "+l, iw)))
	}
	fr := s.frame()
	for i := range lines {
		lines[i] += " "
	}
	return box(fr, p.border, p.bold.wrap("Leaderboard"), lines, w, h)
}

// trackProgress is how far a runner has come from its start distance d0 to
// the finish line tol, on a log scale, in [0, 1].
func trackProgress(d0, d, tol float64) float64 {
	if !(d0 > tol) {
		return 1
	}
	if math.IsNaN(d) || d >= d0 {
		return 0
	}
	if d <= tol {
		return 1
	}
	return (math.Log10(d0) - math.Log10(d)) / (math.Log10(d0) - math.Log10(tol))
}

// longestFitting returns the first of texts, longest first, that fits in w
// columns, else the last.
func longestFitting(w int, texts ...string) string {
	for _, t := range texts {
		if ansi.StringWidth(t) <= w {
			return t
		}
	}
	return texts[len(texts)-1]
}
