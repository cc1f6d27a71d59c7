package views

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/race"
)

// stepText is a leaderboard's reached or settled cell: the step, DNF once
// diverged, – for none.
func stepText(run race.Runner, at int, ascii bool) string {
	switch {
	case run.Diverged():
		return "DNF"
	case at >= 0:
		return strconv.Itoa(at)
	}
	return none(ascii)
}

// finishText is a runner's place in the race in a few characters, as a
// legend says it: "settled t=42", "left t=73", "DNF t=20", or – before it
// reached the finish zone.
func finishText(run race.Runner, ascii bool) string {
	if text := badgeText(run, badgeShort); text != "" {
		return text
	}
	return none(ascii)
}

// finishPaint is how a runner's place in the race is painted wherever it is
// written: red once diverged, bold while settled.
func (s *Styles) finishPaint(run race.Runner) paint {
	switch {
	case run.Diverged():
		return s.paints.alert
	case run.Settled():
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
// columns, best first: rank, name, the steps it reached and settled in the
// finish zone, x with its sign and f(x). x keeps three significant digits:
// where the row is too wide for that, f(x) goes first, then the reached
// column, then the names are cut, and only then x loses digits.
func LeaderboardStrip(s *Styles, r race.Reader, w, h int) []string {
	ascii := s.ASCII
	p := &s.paints
	const stepW = 7
	standings := race.Standings(r)
	// Each number column as wide as its widest number needs (three digits
	// and the sign), and at least as wide as a table's, where that fits.
	xW, fW := minColumnWidth, minColumnWidth
	for _, st := range standings {
		xW, fW = max(xW, numfmt.MinWidth(st.X[0])), max(fW, numfmt.MinWidth(st.F))
	}
	nameW := nameWidth(r, 8, 16)
	reached, withF := true, true
	width := func() int {
		n := 2 + 1 + nameW + 1 + stepW + 1 + xW // rank, name, settled, x
		if reached {
			n += 1 + stepW
		}
		if withF {
			n += 1 + fW
		}
		return n
	}
	withF = width() <= w
	reached = width() <= w
	if over := width() - w; over > 0 {
		nameW = max(nameW-over, minNameWidth)
	}
	if over := width() - w; over > 0 {
		xW = max(xW-over, 1) // a last resort: fewer digits rather than none
	}
	widths := []int{xW}
	if withF {
		widths = append(widths, fW)
	}
	shareOut(widths, w-width()-1) // a column of margin at the right, where there is room
	xW = widths[0]
	header := padRight("#", 2) + " " + padRight("name", nameW)
	if reached {
		header += " " + padLeft("reached", stepW)
	}
	header += " " + padLeft("settled", stepW) + " " + padLeft("x", xW)
	if withF {
		fW = widths[1]
		header += " " + padLeft("f(x)", fW)
	}
	lines := make([]string, 0, 1+len(standings))
	lines = append(lines, p.dim.wrap(fit(header, w)))
	for _, st := range standings {
		row := padRight(strconv.Itoa(st.Rank), 2) + " " + p.laneBold[st.Lane].wrap(fit(st.Label, nameW)) + " "
		if reached {
			row += padLeft(stepText(st.Runner, st.ReachedAt, ascii), stepW) + " "
		}
		row += s.finishPaint(st.Runner).wrap(padLeft(stepText(st.Runner, st.SettledAt, ascii), stepW)) + " " +
			padLeft(numfmt.Compact(st.X[0], xW), xW)
		if withF {
			row += " " + padLeft(numfmt.Compact(st.F, fW), fW)
		}
		lines = append(lines, fit(row, w))
	}
	if len(lines) > h && h >= 2 { // the last row says how many it leaves out
		more := len(lines) - (h - 1)
		lines = append(lines[:h-1], p.dim.wrap(fit(s.Spell("   … "+strconv.Itoa(more)+" more below"), w)))
	}
	return padLines(lines, w, h)
}

// minNameWidth is as short as the strip cuts a lane's name to make room for
// x's digits: "GD α=…" still says which optimizer.
const minNameWidth = 6

// nameWidth is the width of the race's longest lane label, within
// [least, most] (longer ones are cut).
func nameWidth(r race.Reader, least, most int) int {
	w := least
	for _, l := range r.Labels() {
		w = max(w, ansi.StringWidth(l))
	}
	return min(w, most)
}

// rankingLine is the standings in one line of w columns, for a screen too
// short for the strip: "#1 GD settled t=42 · #2 Adam · …" (# so that a rank
// does not read as the lane's number key), each runner's badge given up
// from the last when they do not all fit, a settled runner's for a ✓, so
// that none looks unsettled for want of room.
func (s *Styles) rankingLine(r race.Reader, w int) string {
	st := race.Standings(r)
	for detailed := len(st); detailed >= 0; detailed-- {
		items := make([]string, 0, len(st))
		for i, sd := range st {
			item := "#" + strconv.Itoa(sd.Rank) + " " + s.paints.laneBold[sd.Lane].wrap(sd.Label)
			text := badgeText(sd.Runner, badgeShort)
			switch {
			case text != "" && i < detailed:
				item += " " + s.finishPaint(sd.Runner).wrap(text)
			case sd.Settled():
				item += " " + s.finishPaint(sd.Runner).wrap(s.Spell("✓"))
			}
			items = append(items, item)
		}
		line := " " + strings.Join(items, s.paints.dim.wrap(s.Spell(" · ")))
		if ansi.StringWidth(line) <= w || detailed == 0 {
			return fit(line, w)
		}
	}
	return blank(w, 1)[0]
}

// LeaderboardScreen renders the full-size leaderboard as exactly h lines of
// w columns: each runner on a track from its start distance to the finish
// zone (log scale), with the steps it reached and settled, its distance,
// loss and x (x and y on a 2-D landscape, where the distance is to the
// nearest minimum), big enough to read from the back of a classroom.
func LeaderboardScreen(s *Styles, r race.Reader, w, h int) []string {
	ascii := s.ASCII
	p := &s.paints
	iw, ih := w-3, h-2 // a column of margin on the right
	const stepW = 7
	nameW := nameWidth(r, 10, 18)
	obj := r.Objective()
	twoD := obj.Dim > 1
	fixed := 3 + nameW + 2*(1+stepW) + 2
	// The distance, f and each coordinate: numbers as wide as leave the
	// track ten columns, narrower in 2-D before they go (state before
	// decoration: a 2-D track may shrink to five).
	cols, least, leastTrack := 3, 11, 10
	if twoD {
		cols, least, leastTrack = 4, 9, 5
	}
	numW := 11
	trackW := iw - fixed - cols*(numW+1)
	for numW > least && trackW < 10 {
		numW--
		trackW = iw - fixed - cols*(numW+1)
	}
	if trackW < leastTrack {
		numW = 0
		trackW = iw - fixed
	}
	full, empty := "█", "░"
	if ascii {
		full, empty = "#", "."
	}
	// Each runner gets a bar as thick as the window allows (1 to 3 lines).
	barH := max(1, min(3, (ih-4)/len(r.Labels())-1))
	startDist := obj.Distance(r.Settings().Start())
	lines := make([]string, 0, ih)
	header := padRight(" #", 3) + padRight("optimizer", nameW) + " " + padLeft("reached", stepW) + " " + padLeft("settled", stepW) + "  " +
		fit(s.Spell(longestFitting(max(trackW, 0), s.trackHeads(twoD)...)), max(trackW, 0))
	switch {
	case numW > 0 && twoD:
		header += " " + padLeft("distance", numW) + " " + padLeft("f(x, y)", numW) + " " + padLeft("x", numW) + " " + padLeft("y", numW)
	case numW > 0:
		header += " " + padLeft(s.Spell("|x−x*|"), numW) + " " + padLeft("f(x)", numW) + " " + padLeft("x", numW)
	}
	lines = append(lines, blank(iw, 1)[0], p.dim.wrap(fit(header, iw)))
	left := false // a runner that reached the zone and left it again
	for _, st := range race.Standings(r) {
		// The bar is where the runner is now: a runner keeps stepping in
		// the zone and may leave it again (RMSProp at α = 1 bounces about ±0.5).
		frac := trackProgress(startDist, st.Distance, r.Tol())
		left = left || (st.Left() && !st.Settled())
		n := int(math.Round(frac * float64(max(trackW, 0))))
		if n == trackW && n > 0 && !(st.Distance < r.Tol()) {
			n-- // a full bar is the zone: one a hair outside it is not full
		}
		track := p.lane[st.Lane].wrap(strings.Repeat(full, n)) + p.dim.wrap(strings.Repeat(empty, max(trackW-n, 0)))
		finish := padLeft(stepText(st.Runner, st.ReachedAt, ascii), stepW) + " " +
			s.finishPaint(st.Runner).wrap(padLeft(stepText(st.Runner, st.SettledAt, ascii), stepW))
		lines = append(lines, blank(iw, 1)[0])
		for row := range barH {
			line := strings.Repeat(" ", fixed) + track
			if row == barH/2 {
				line = padRight(" "+strconv.Itoa(st.Rank), 3) + p.laneBold[st.Lane].wrap(fit(st.Label, nameW)) +
					" " + finish + "  " + track
				if numW > 0 {
					line += " " + padLeft(numfmt.Compact(st.Distance, numW), numW) + " " +
						padLeft(numfmt.Compact(st.F, numW), numW) + " " + padLeft(numfmt.Compact(st.X[0], numW), numW)
					if twoD {
						line += " " + padLeft(numfmt.Compact(st.X[1], numW), numW)
					}
				}
			}
			lines = append(lines, fit(line, iw))
		}
	}
	zone := " · finish zone |x − x*| < "
	if twoD {
		zone = " · finish zone: distance to the nearest minimum < "
	}
	summary := "t = " + strconv.Itoa(r.T()) + zone + numfmt.Compact(r.Tol(), 8)
	if r.Over() {
		summary += " · race over"
	}
	summary += " · ranked by the step each settled in the zone (stayed in since), then by distance"
	if left {
		summary += "; a runner that left the zone is no longer settled"
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

// trackHeads are the forms of the track's header, longest first: in 2-D,
// where the track may be as short as five columns, the shortest are
// shorter, and spelt before they are measured.
func (s *Styles) trackHeads(twoD bool) []string {
	if !twoD {
		return []string{"start → finish zone (log scale)", "start → zone (log scale)", "start → zone"}
	}
	return []string{
		s.Spell("start → finish zone (log scale)"), s.Spell("start → zone (log scale)"), s.Spell("start → zone"),
		s.Spell("→ zone"), "zone",
	}
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
