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
	cellW := (w - gap*(cols-1)) / cols
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
			b.WriteString(p.bold.wrap(fit(h.Key, keyW)) + " " + p.dim.wrap(fit(h.Desc, cellW-keyW-1)))
		}
		out = append(out, fit(b.String(), w))
	}
	if hidden > 0 {
		out = append(out, fit(p.dim.wrap(s.Spell("… "+strconv.Itoa(hidden)+" more keys: enlarge the window")), w))
	}
	return out
}

// HelpScreen renders every key in a box filling w×h, titled with how to close it.
func HelpScreen(s *Styles, hints []Hint, w, h int) []string {
	fr := s.frame()
	lines := append([]string{strings.Repeat(" ", max(w-2, 0))}, HelpGrid(s, hints, w-4, h-3)...)
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	title := s.paints.bold.wrap("Keys") + s.paints.dim.wrap(s.Spell(" · any key closes"))
	return box(fr, s.paints.border, title, lines, w, h)
}
