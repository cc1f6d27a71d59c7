package views

import "strconv"

// ScrollKeys names the keys that scroll a screen taller than the window, as
// the scrolled screens' footers say them; the model binds the same keys.
const ScrollKeys = "↓/↑"

// scrollLimit is the furthest first row of a view of rows rows shown n at
// a time: 0 when they all show.
func scrollLimit(rows, n int) int { return max(0, rows-max(n, 0)) }

// scrolled returns the n rows from top (clamped to the rows there are) of a
// view taller than its box, and the footer that says how many are out of
// sight above and below and how to see them: "" when every row shows.
func (s *Styles) scrolled(rows []string, top, n int) (shown []string, footer string) {
	limit := scrollLimit(len(rows), n)
	if limit == 0 {
		return rows, ""
	}
	top = max(0, min(top, limit))
	shown = rows[top : top+n]
	below := len(rows) - top - n
	if top > 0 {
		footer = strconv.Itoa(top) + " more above"
	}
	if below > 0 {
		if footer != "" {
			footer += " · "
		}
		footer += strconv.Itoa(below) + " more below"
	}
	footer = s.spellKey(s.Spell(footer + " · " + ScrollKeys + " j/k scroll"))
	return shown, s.paints.bold.wrap(footer)
}
