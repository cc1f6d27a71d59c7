package views

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// EditorRow is one field of the editor as it is drawn.
type EditorRow struct {
	Symbol, Usage string
	// Input is the text input's view.
	Input string
	// Error is why the typed value was refused, or "".
	Error   string
	Focused bool
}

// Editor renders an editor box (title, one row per field, a note, the key
// hint) of width w: each field's symbol, what it is, its input, and under it
// the reason a value was refused.
func Editor(s *Styles, title string, rows []EditorRow, note, hint string, w int) []string {
	p := &s.paints
	iw := w - 2
	title, note = s.Spell(title), s.Spell(note)
	spelt := make([]EditorRow, len(rows))
	for i, r := range rows {
		r.Symbol, r.Usage, r.Error = s.Spell(r.Symbol), s.Spell(r.Usage), s.Spell(r.Error)
		spelt[i] = r
	}
	rows = spelt
	symW, usageW := 3, 0
	for _, r := range rows {
		symW = max(symW, ansi.StringWidth(r.Symbol))
		usageW = max(usageW, ansi.StringWidth(r.Usage))
	}
	const inputW = 26
	// The input keeps its room; the description gets what is left.
	usageW = max(min(usageW, iw-(3+symW+2+2+inputW)), 0)
	lines := make([]string, 0, len(rows)+5)
	lines = append(lines, strings.Repeat(" ", max(iw, 0)))
	for _, r := range rows {
		mark := "  "
		if r.Focused {
			mark = p.bold.wrap(s.Spell("▸ "))
		}
		line := " " + mark + p.bold.wrap(fit(r.Symbol, symW)) + "  "
		if usageW > 0 {
			line += p.dim.wrap(fit(r.Usage, usageW)) + "  "
		}
		line += fit(r.Input, inputW)
		lines = append(lines, fit(line, iw))
		if r.Error != "" {
			// Under the field, wrapped, so that the whole reason can be read.
			indent := strings.Repeat(" ", 3+symW+2)
			for _, l := range wrapWords(s.Spell("✗ ")+r.Error, iw-len(indent)-1) {
				lines = append(lines, fit(indent+p.alert.wrap(l), iw))
			}
		}
	}
	lines = append(lines, strings.Repeat(" ", max(iw, 0)))
	for _, l := range wrapWords(note, iw-2) {
		lines = append(lines, fit(" "+p.dim.wrap(l), iw))
	}
	lines = append(lines, fit(" "+p.dim.wrap(s.Spell(hint)), iw))
	return box(s.frame(), p.bold, p.bold.wrap(title), lines, w, len(lines)+2)
}

// wrapWords breaks text into lines of at most w columns at spaces.
func wrapWords(text string, w int) []string {
	if text == "" {
		return nil
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// Overlay lays box (lines of equal width) over the middle of background
// (lines of exactly w columns), keeping the background around it.
func Overlay(background, box []string, w int) []string {
	if len(box) == 0 {
		return background
	}
	bw := ansi.StringWidth(box[0])
	if bw > w || len(box) > len(background) {
		return background
	}
	x := (w - bw) / 2
	y := (len(background) - len(box)) / 2
	out := append([]string(nil), background...)
	for i, line := range box {
		bg := background[y+i]
		out[y+i] = ansi.Cut(bg, 0, x) + line + ansi.Cut(bg, x+bw, w)
	}
	return out
}
