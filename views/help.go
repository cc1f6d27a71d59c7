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
	keyW := 0
	for _, h := range hints {
		keyW = max(keyW, ansi.StringWidth(s.spellKey(h.Key)))
	}
	const gap, minDesc = 3, 12
	cols := (len(hints) + maxH - 1) / maxH
	maxCols := max(1, (w+gap)/(keyW+1+minDesc+gap))
	hidden := 0
	if cols > maxCols {
		cols = maxCols
		hidden = len(hints) - cols*(maxH-1)
	}
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
	total := gap * (cols - 1)
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
				b.WriteString(strings.Repeat(" ", gap))
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

// HelpScreen renders every key in a box filling w×h, titled with how to
// close it, and below the keys the note, word-wrapped, when there is room.
func HelpScreen(s *Styles, hints []Hint, note string, w, h int) []string {
	fr := s.frame()
	lines := append([]string{strings.Repeat(" ", max(w-2, 0))}, HelpGrid(s, hints, w-4, h-3)...)
	if note != "" && w > 4 {
		wrapped := strings.Split(ansi.Wordwrap(s.Spell(note), w-6, ""), "\n") // a margin each side
		if len(lines)+1+len(wrapped) <= h-2 {
			lines = append(lines, fit("", w-4))
			for _, l := range wrapped {
				lines = append(lines, fit(s.paints.dim.wrap(l), w-4))
			}
		}
	}
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	title := s.paints.bold.wrap("Keys") + s.paints.dim.wrap(s.Spell(" · any key closes"))
	return box(fr, s.paints.border, title, lines, w, h)
}
