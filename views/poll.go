package views

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// The class's questions on screen: a header per question (a tag such as
// VOTE and a sentence), the presenter's live tally of a vote as a bar
// chart, the spread of a prediction's guesses against the truth, the
// challenge's leaderboard, and the line of a vote's numbered choices a
// viewer votes from. The sentences are the model's; these draw them and
// the numbers, each line exactly w columns.

// ClassHeader renders a question's header line: its tag in reverse video,
// then text (alert when alert is set), in exactly w columns.
func ClassHeader(s *Styles, tag, text string, alert bool, w int) string {
	head := s.Bold.Reverse(true).Render(" " + s.Spell(tag) + " ")
	body := s.paints.text
	if alert {
		body = s.paints.alert
	}
	text = s.Spell(text)
	// Too long, the question (the text up to its first " · ") is cut
	// rather than what follows it: the count of answers, the key to press.
	if room := w - ansi.StringWidth(head) - 1; ansi.StringWidth(text) > room {
		if question, rest, ok := strings.Cut(text, " · "); ok {
			if left := room - ansi.StringWidth(rest) - 3; left >= 12 && left < ansi.StringWidth(question) {
				text = ansi.Truncate(question, left, "…") + " · " + rest
			}
		}
	}
	return fit(head+" "+body.wrap(text), w)
}

// ClassNote renders a line under a question's header, dim, in exactly w
// columns: e.g. the guesses closest to the truth.
func ClassNote(s *Styles, text string, w int) string {
	return fit(" "+s.paints.dim.wrap(s.Spell(text)), w)
}

// VoteTally is a vote's count of answers per choice, as a bar chart shows
// it.
type VoteTally struct {
	// Choices are the lanes' labels, numbered from 1; Tally their votes.
	Choices []string
	Tally   []int
	// Winners are the choices revealed right, marked ✓; Mine is the
	// viewer's own choice (−1: none), marked "you".
	Winners []int
	Mine    int
}

// VoteChart renders a vote's tally, one row per choice and at most h: its
// number and glyph in the lane's colour, its label, a bar of its votes
// (drawn by ntcharts' bar chart, read cell by cell), the count, and a ✓ on
// a winner.
func VoteChart(s *Styles, v VoteTally, w, h int) []string {
	all := min(len(v.Choices), len(v.Tally))
	rows := min(all, max(h, 0))
	if rows == 0 || w <= 0 {
		return nil
	}
	// Cut short, the last row counts the choices it leaves out.
	var more string
	if rows < all {
		rows--
		n := 0
		for _, c := range v.Tally[rows:all] {
			n += c
		}
		more = fit(s.paints.dim.wrap(s.Spell(" … "+strconv.Itoa(all-rows)+" more lanes: "+strconv.Itoa(n)+" of the votes")), w)
	}
	// One scale and one label column for every choice, the ones cut off
	// too: a bar cut to the rows shown must not grow to look like the most.
	labelW := 0
	most := 1
	for i := range min(len(v.Choices), len(v.Tally)) {
		labelW = max(labelW, ansi.StringWidth(s.Spell(v.Choices[i])))
		most = max(most, v.Tally[i])
	}
	countW := len(strconv.Itoa(most))
	const markW = 7 // " OK you"
	labelW = min(labelW, max(w/4, 6))
	barW := max(w-(5+labelW+2)-(1+countW)-markW, 0)
	bars := tallyBars(v.Tally[:rows], most, barW)
	p := &s.paints
	out := make([]string, rows)
	for i := range rows {
		g := newGrid(5, 1)
		g.set(1, 0, newCell(rune('1'+i), styleBold))
		g.set(3, 0, newCell(s.Glyph(i), laneStyle(i, laneMark)))
		line := g.lines(&s.cells)[0] + fit(s.Spell(v.Choices[i]), labelW) + "  "
		bar := newGrid(barW, 1)
		for x, r := range bars[i] {
			if s.ASCII && r != 0 {
				r = '#'
			}
			bar.set(x, 0, newCell(r, laneStyle(i, laneMark)))
		}
		line += bar.lines(&s.cells)[0] + " " + p.bold.wrap(padLeft(strconv.Itoa(v.Tally[i]), countW))
		mark := ""
		if slices.Contains(v.Winners, i) {
			mark += p.bold.wrap(" " + checkMark(s))
		}
		if v.Mine == i {
			mark += p.dim.wrap(" you")
		}
		out[i] = fit(line+mark, w)
	}
	if more != "" {
		out = append(out, more)
	}
	return out
}

// checkMark marks a right answer: ✓, or OK in ASCII.
func checkMark(s *Styles) string {
	if s.ASCII {
		return "OK"
	}
	return "✓"
}

// tallyBars draws counts as horizontal bars of barW cells scaled to most,
// with ntcharts' bar chart, and returns each bar's runes (0: blank).
func tallyBars(counts []int, most, barW int) [][]rune {
	out := make([][]rune, len(counts))
	for i := range out {
		out[i] = make([]rune, barW)
	}
	if barW <= 0 {
		return out
	}
	bc := barchart.New(barW, len(counts),
		barchart.WithHorizontalBars(), barchart.WithNoAxis(),
		barchart.WithNoAutoBarWidth(), barchart.WithBarWidth(1), barchart.WithBarGap(0),
		barchart.WithNoAutoMaxValue(), barchart.WithMaxValue(float64(most)))
	data := make([]barchart.BarData, len(counts))
	for i, n := range counts {
		data[i] = barchart.BarData{Values: []barchart.BarValue{{Value: float64(n)}}}
	}
	bc.PushAll(data)
	bc.Draw()
	for y := range counts {
		for x := range barW {
			out[y][x] = bc.Canvas.Cell(canvas.Point{X: x, Y: y}).Rune
		}
	}
	return out
}

// VoteChoices are the choices a viewer votes from, numbered with each
// lane's glyph ("1 ● GD  2 ■ GDM …"), the viewer's own in reverse video,
// wrapped to lines of w columns at a choice's edge (a choice wider than a
// line is cut).
func VoteChoices(s *Styles, choices []string, mine, w int) []string {
	var lines []string
	var b strings.Builder
	used := 0
	for i, c := range choices {
		g := newGrid(3, 1)
		g.set(1, 0, newCell(s.Glyph(i), laneStyle(i, laneMark)))
		num, label := s.paints.bold.wrap(strconv.Itoa(i+1)), s.paints.text.wrap(s.Spell(c))
		if i == mine {
			num, label = s.Bold.Reverse(true).Render(strconv.Itoa(i+1)), s.Bold.Reverse(true).Render(s.Spell(c))
		}
		item := num + g.lines(&s.cells)[0] + label
		iw := ansi.StringWidth(item)
		if used > 0 && used+2+iw > w {
			lines = append(lines, fit(b.String(), w))
			b.Reset()
			used = 0
		}
		if used > 0 {
			b.WriteString("  ")
			used += 2
		}
		b.WriteString(item)
		used += iw
	}
	return append(lines, fit(b.String(), w))
}

// VoteChoicesHeight is how many lines VoteChoices takes at width w.
func VoteChoicesHeight(s *Styles, choices []string, w int) int {
	return len(VoteChoices(s, choices, -1, w))
}

// Spread is a prediction's guesses against the truth, per coordinate.
type Spread struct {
	// Dim is how many coordinates are guessed (x, and y on a 2-D
	// landscape); Guesses and Truth are points, every one finite.
	Dim     int
	Guesses []optimizers.Vec
	Truth   optimizers.Vec
}

// spreadRows is how many rows a coordinate's strip takes: the guesses, the
// axis with the truth marked, and the values at its ends and at the truth.
const spreadRows = 3

// SpreadHeight is the rows GuessSpread takes in full for dim coordinates.
func SpreadHeight(dim int) int { return spreadRows * max(dim, 1) }

// GuessSpread renders the guesses of each coordinate as a strip w wide:
// how many fell in each column (a bar of ▁ to █, scaled to the fullest
// column), an axis with ▲ at the truth, and the values at the ends and at
// the truth. The strip spans the truth and the guesses but for outliers
// (see spreadRange); the outliers are counted at the end they are beyond.
// It is at most h rows: a coordinate's labels go first, then the y strip.
func GuessSpread(s *Styles, sp Spread, w, h int) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	names := []string{"x", "y"}
	var out []string
	for c := range max(min(sp.Dim, 2), 1) {
		left := h - len(out)
		if left <= 0 {
			break
		}
		vals := make([]float64, len(sp.Guesses))
		for i, g := range sp.Guesses {
			vals[i] = coord(g, c)
		}
		out = append(out, spreadStrip(s, names[c], vals, coord(sp.Truth, c), w, min(left, spreadRows))...)
	}
	return out
}

// coord is p's coordinate c: x for 0, y for 1.
func coord(p optimizers.Vec, c int) float64 {
	if c == 1 {
		return p[1]
	}
	return p[0]
}

// spreadStrip is one coordinate's strip, in rows rows (at most spreadRows):
// the name, the count of guesses beyond the left end, the columns, the
// count beyond the right end; under them the axis and its values.
func spreadStrip(s *Styles, name string, vals []float64, truth float64, w, rows int) []string {
	const nameW, edgeW = 3, 4 // "x  ", "◂12 "
	lo, hi := spreadRange(vals, truth)
	bins := max(w-nameW-2*edgeW, 1)
	counts := make([]int, bins)
	below, above := 0, 0
	for _, v := range vals {
		switch {
		case v < lo:
			below++
		case v > hi:
			above++
		default:
			counts[guessColumn(v, truth, lo, hi, bins)]++
		}
	}
	most := 1
	for _, n := range counts {
		most = max(most, n)
	}
	levels := []rune("▁▂▃▄▅▆▇█")
	if s.ASCII {
		levels = []rune(".:-=+*%#")
	}
	hist := make([]rune, bins)
	for i, n := range counts {
		hist[i] = ' '
		if n > 0 {
			hist[i] = levels[min(len(levels)-1, (n*len(levels)-1)/most)]
		}
	}
	p := &s.paints
	beyond := func(n int, text string) string {
		if n == 0 {
			return strings.Repeat(" ", edgeW)
		}
		return p.alert.wrap(fit(text, edgeW))
	}
	left, right := "◂", "▸"
	if s.ASCII {
		left, right = "<", ">"
	}
	indent := strings.Repeat(" ", nameW+edgeW)
	at := binOf(truth, lo, hi, bins)
	out := []string{fit(p.bold.wrap(fit(name, nameW))+
		beyond(below, padLeft(left+strconv.Itoa(below), edgeW-1)+" ")+
		p.bold.wrap(string(hist))+
		beyond(above, " "+strconv.Itoa(above)+right), w)}
	if rows >= 2 {
		line, mark := s.Spell("─"), s.Spell("▲")
		if s.ASCII {
			line, mark = "-", "^"
		}
		out = append(out, fit(indent+p.axis.wrap(strings.Repeat(line, at))+p.alert.wrap(mark)+
			p.axis.wrap(strings.Repeat(line, bins-at-1)), w))
	}
	if rows >= 3 {
		out = append(out, fit(indent+spreadLabels(s, lo, hi, truth, at, bins), w))
	}
	return out
}

// spreadRange is the span a strip shows: the truth, and the guesses but
// for outliers — those more than three interquartile ranges beyond the
// middle half (a guess of 1e300 would squeeze the rest into one column) —
// with a little room either side. A span float64 cannot hold, or an empty
// one, is replaced by one around the truth.
func spreadRange(vals []float64, truth float64) (lo, hi float64) {
	lo, hi = truth, truth
	if n := len(vals); n > 0 {
		sorted := slices.Clone(vals)
		slices.Sort(sorted)
		q1, q3 := sorted[n/4], sorted[(3*n)/4]
		// At least the median's distance from the truth: a class that
		// agrees on a wrong answer still shows it beside the truth.
		iqr := math.Max(q3-q1, math.Abs(sorted[n/2]-truth))
		lo = math.Min(lo, math.Max(sorted[0], q1-3*iqr))
		hi = math.Max(hi, math.Min(sorted[n-1], q3+3*iqr))
	}
	span := hi - lo
	if mag := math.Max(math.Abs(lo), math.Abs(hi)); span > 0 && span < mag*minSpread {
		// Guesses within a rounding of the truth (9.5 against
		// 9.50000000025) share its column rather than sit a strip apart.
		mid := lo + span/2
		lo, hi = mid-mag*minSpread/2, mid+mag*minSpread/2
		span = hi - lo
	}
	if !(span > 0) || math.IsInf(span, 0) || math.IsInf(span*1.1, 0) {
		d := math.Max(math.Abs(truth)/10, 1)
		return truth - d, truth + d
	}
	return lo - span/20, hi + span/20
}

// guessColumn is the column of guess v on a strip from lo to hi in bins
// columns: the truth's, if v is within half a column of it (as near as the
// strip can tell), else its own.
func guessColumn(v, truth, lo, hi float64, bins int) int {
	if math.Abs(v-truth) < (hi-lo)/float64(bins)/2 {
		return binOf(truth, lo, hi, bins)
	}
	return binOf(v, lo, hi, bins)
}

// minSpread is the narrowest span a strip shows, relative to the size of
// the numbers on it: narrower, its ends would read the same.
const minSpread = 1e-4

// binOf is the column of v in [lo, hi] split into bins columns.
func binOf(v, lo, hi float64, bins int) int {
	i := int((v - lo) / (hi - lo) * float64(bins))
	return min(max(i, 0), bins-1)
}

// spreadLabels writes the truth under its marker, lo at the left end of
// the axis and hi at the right, each where it leaves a blank beside what
// is written already (the truth first).
func spreadLabels(s *Styles, lo, hi, truth float64, at, bins int) string {
	row := []rune(strings.Repeat(" ", bins))
	put := func(text string, from int) {
		r := []rune(text)
		from = min(max(from, 0), bins-len(r))
		if from < 0 {
			return
		}
		for x := max(from-1, 0); x < min(from+len(r)+1, bins); x++ {
			if row[x] != ' ' {
				return
			}
		}
		copy(row[from:], r)
	}
	t := numfmt.Compact(truth, 10)
	put(t, at-len([]rune(t))/2)
	put(numfmt.Compact(lo, 9), 0)
	h := numfmt.Compact(hi, 9)
	put(h, bins-len([]rune(h)))
	return s.paints.label.wrap(s.Spell(string(row)))
}

// BoardRow is one line of the challenge's leaderboard.
type BoardRow struct {
	// Rank is its place from 1, or 0 for an entry that is not ranked (it
	// never settled), shown as "–".
	Rank int
	// Name is the student's ("": anonymous, and the column is left out);
	// Settings the entry's ("α=0.4"); Result how its run went ("settled at
	// t = 12").
	Name, Settings, Result string
}

// ChallengeBoard renders the leaderboard in w columns and at most h rows:
// rank, name, settings and result, the best first; where rows do not all
// fit, the last line says how many more entered.
func ChallengeBoard(s *Styles, rows []BoardRow, w, h int) []string {
	if w <= 0 || h <= 0 || len(rows) == 0 {
		return nil
	}
	shown := rows
	if len(rows) > h {
		shown = rows[:max(h-1, 0)]
	}
	nameW, resultW, rankW := 0, 0, 2
	for _, r := range shown {
		nameW = max(nameW, ansi.StringWidth(r.Name))
		resultW = max(resultW, ansi.StringWidth(s.Spell(r.Result)))
		rankW = max(rankW, ansi.StringWidth(s.Spell(rankText(r.Rank))))
	}
	nameW = min(nameW, 16)
	p := &s.paints
	out := make([]string, 0, h)
	for _, r := range shown {
		line := " " + p.bold.wrap(padLeft(s.Spell(rankText(r.Rank)), rankW)) + " "
		if nameW > 0 {
			line += p.bold.wrap(fit(r.Name, nameW)) + "  "
		}
		settingsW := max(w-ansi.StringWidth(line)-resultW-2, 0)
		line += p.text.wrap(fit(s.Spell(r.Settings), settingsW)) + "  " + p.dim.wrap(padLeft(s.Spell(r.Result), resultW))
		out = append(out, fit(line, w))
	}
	if more := len(rows) - len(shown); more > 0 {
		out = append(out, fit(p.dim.wrap(s.Spell("   … "+strconv.Itoa(more)+" more")), w))
	}
	return out
}

// rankText is a leaderboard place ("3."), or "–" for one not ranked.
func rankText(rank int) string {
	if rank <= 0 {
		return "– "
	}
	return strconv.Itoa(rank) + "."
}
