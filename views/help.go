package views

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// HelpGrid lays every key hint out in columns in w×maxH, as few columns as
// the height allows (each filled top to bottom), descriptions cut to fit;
// if even that cannot hold them all, the last line says how many are left.
func HelpGrid(s *Styles, hints []Hint, w, maxH int) []string {
	if len(hints) == 0 || w <= 0 || maxH <= 0 {
		return nil
	}
	cols, hidden := helpColumns(s, hints, w, maxH)
	rows := (len(hints) + cols - 1) / cols
	if hidden > 0 {
		rows = maxH - 1
	}
	// Each column is as wide as its own keys and descriptions; when they
	// do not all fit, the longest descriptions give way first.
	keyWs, descWs := make([]int, cols), make([]int, cols)
	for i, h := range hints[:min(len(hints), cols*rows)] {
		c := i / rows
		keyWs[c] = max(keyWs[c], ansi.StringWidth(s.spellKey(h.Key)))
		descWs[c] = max(descWs[c], ansi.StringWidth(s.Spell(h.Desc)))
	}
	total := helpGap * (cols - 1)
	for c := range cols {
		total += keyWs[c] + 1 + descWs[c]
	}
	for ; total > w; total-- {
		widest := 0
		for c := range cols {
			if descWs[c] > descWs[widest] {
				widest = c
			}
		}
		if descWs[widest] == 0 {
			break
		}
		descWs[widest]--
	}
	p := &s.paints
	out := make([]string, 0, rows+1)
	for r := range rows {
		var b strings.Builder
		for c := range cols {
			i := c*rows + r
			if i >= len(hints) {
				break
			}
			if c > 0 {
				b.WriteString(strings.Repeat(" ", helpGap))
			}
			h := Hint{Key: s.spellKey(hints[i].Key), Desc: s.Spell(hints[i].Desc)}
			b.WriteString(p.bold.wrap(fit(h.Key, keyWs[c])) + " " + p.dim.wrap(fit(h.Desc, descWs[c])))
		}
		out = append(out, fit(b.String(), w))
	}
	if hidden > 0 {
		out = append(out, fit(p.dim.wrap(s.Spell("… "+strconv.Itoa(hidden)+" more keys: enlarge the window")), w))
	}
	return out
}

// helpGap is the space between HelpGrid's columns.
const helpGap = 3

// helpColumns is how many columns HelpGrid lays hints out in, in w×maxH,
// and how many hints it cannot show there.
func helpColumns(s *Styles, hints []Hint, w, maxH int) (cols, hidden int) {
	keyW := 0
	for _, h := range hints {
		keyW = max(keyW, ansi.StringWidth(s.spellKey(h.Key)))
	}
	const minDesc = 12
	cols = (len(hints) + maxH - 1) / maxH
	maxCols := max(1, (w+helpGap)/(keyW+1+minDesc+helpGap))
	if cols > maxCols {
		return maxCols, len(hints) - maxCols*(maxH-1)
	}
	return cols, 0
}

// HelpScreen renders every key in a box filling w×h, titled with how to
// close it, and below the keys the note, word-wrapped, when there is room.
func HelpScreen(s *Styles, hints []Hint, note string, w, h int) []string {
	fr := s.frame()
	lines := append([]string{strings.Repeat(" ", max(w-2, 0))}, HelpGrid(s, hints, w-4, h-3)...)
	// The note's paragraphs (a line each in note), as many of the last as
	// fit under the keys: the last are the session's own (where students
	// connect, the host key), the first how to read a table.
	paragraphs := strings.Split(note, "\n")
	for first := 0; note != "" && w > 4 && first < len(paragraphs); first++ {
		wrapped := strings.Split(ansi.Wordwrap(s.Spell(strings.Join(paragraphs[first:], "\n")), w-6, ""), "\n") // a margin each side
		gridH := h - 3
		// The keys take more columns where that leaves the note room.
		if short := h - 3 - 1 - len(wrapped); short > 0 {
			if _, hidden := helpColumns(s, hints, w-4, short); hidden == 0 {
				gridH = short
			}
		}
		keys := append([]string{strings.Repeat(" ", max(w-2, 0))}, HelpGrid(s, hints, w-4, gridH)...)
		if len(keys)+1+len(wrapped) > h-2 {
			continue
		}
		lines = append(keys, fit("", w-4))
		for _, l := range wrapped {
			lines = append(lines, fit(s.paints.dim.wrap(l), w-4))
		}
		break
	}
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	title := s.paints.bold.wrap("Keys") + s.paints.dim.wrap(s.Spell(" · any key closes"))
	return box(fr, s.paints.border, title, lines, w, h)
}
