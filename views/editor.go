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

// EditorBox is what an editor box shows besides its fields.
type EditorBox struct {
	Title string
	// Note says what applying does; Alert, when set, why the last key
	// was refused (e.g. a ninth lane); Hint the editor's keys.
	Note, Alert, Hint string
}

// Editor renders an editor box (title, one row per field, an alert, a
// note, the key hint) of width w and at most h lines: each field's symbol,
// what it is, its input, and under it the reason a value was refused.
// Where h is short it leaves out, in turn, the blank lines, the note, all
// but the first line of each reason, the reasons of fields not focused
// (their mark says ✗), the key hint and the focused field's reason: every
// field stays, and so does the alert.
func Editor(s *Styles, eb EditorBox, rows []EditorRow, w, h int) []string {
	p := &s.paints
	iw := w - 2
	title, note := s.Spell(eb.Title), s.Spell(eb.Note)
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
	indent := strings.Repeat(" ", 3+symW+2)
	reasons := make([][]string, len(rows))
	for i, r := range rows {
		if r.Error != "" {
			// Under the field, wrapped, so that the whole reason can be read.
			reasons[i] = wrapWords(s.Spell("✗ ")+r.Error, iw-len(indent)-1)
		}
	}
	noteLines := wrapWords(note, iw-2)
	hintLines := wrapWords(s.Spell(eb.Hint), iw-2)
	var alertLines []string
	if eb.Alert != "" {
		alertLines = wrapWords(s.Spell("✗ ")+s.Spell(eb.Alert), iw-2)
	}

	// The fullest form that fits h.
	var f editorForm
	for f = range numEditorForms { // ends on fieldsOnly if nothing fits
		if f.height(rows, reasons, noteLines, hintLines)+len(alertLines)+2 <= h {
			break
		}
	}
	lines := make([]string, 0, len(rows)+5)
	blank := strings.Repeat(" ", max(iw, 0))
	if f < noBlanks {
		lines = append(lines, blank)
	}
	for i, r := range rows {
		shown := f.reasonLines(r, reasons[i])
		mark := "  "
		switch {
		case r.Focused:
			mark = p.bold.wrap(s.Spell("▸ "))
		case r.Error != "" && shown == 0:
			mark = p.alert.wrap(s.Spell("✗ "))
		}
		line := " " + mark + p.bold.wrap(fit(r.Symbol, symW)) + "  "
		if usageW > 0 {
			line += p.dim.wrap(fit(r.Usage, usageW)) + "  "
		}
		line += fit(r.Input, inputW)
		lines = append(lines, fit(line, iw))
		for _, l := range reasons[i][:shown] {
			lines = append(lines, fit(indent+p.alert.wrap(l), iw))
		}
	}
	if f < noBlanks {
		lines = append(lines, blank)
	}
	for _, l := range alertLines {
		lines = append(lines, fit(" "+p.alert.wrap(l), iw))
	}
	if f < noNote {
		for _, l := range noteLines {
			lines = append(lines, fit(" "+p.dim.wrap(l), iw))
		}
	}
	if f < noHint {
		for _, l := range hintLines {
			lines = append(lines, fit(" "+p.dim.wrap(l), iw))
		}
	}
	return box(s.frame(), p.bold, p.bold.wrap(title), lines, w, len(lines)+2)
}

// editorForm is how much of the editor is drawn, fullest first.
type editorForm int

const (
	editorFull editorForm = iota
	noBlanks
	noNote
	oneLineReasons
	focusedReason
	noHint
	fieldsOnly
	numEditorForms
)

// reasonLines is how many lines of field r's reason form f shows.
func (f editorForm) reasonLines(r EditorRow, reason []string) int {
	switch {
	case len(reason) == 0, f >= fieldsOnly, f >= focusedReason && !r.Focused:
		return 0
	case f >= oneLineReasons:
		return 1
	}
	return len(reason)
}

// height is the number of lines inside the box in form f.
func (f editorForm) height(rows []EditorRow, reasons [][]string, note, hint []string) int {
	n := len(rows)
	for i, r := range rows {
		n += f.reasonLines(r, reasons[i])
	}
	if f < noBlanks {
		n += 2
	}
	if f < noNote {
		n += len(note)
	}
	if f < noHint {
		n += len(hint)
	}
	return n
}

// wrapWords breaks text into lines of at most w columns at spaces, never
// beside an "=": "t = 0" stays on one line.
func wrapWords(text string, w int) []string {
	if text == "" {
		return nil
	}
	var words []string
	fields := strings.Fields(text)
	for i := 0; i < len(fields); i++ {
		if fields[i] == "=" && len(words) > 0 && i+1 < len(fields) {
			words[len(words)-1] += " = " + fields[i+1]
			i++
			continue
		}
		words = append(words, fields[i])
	}
	return fillLines(words, w)
}

// fillLines puts words on lines of at most w columns, as many to a line as
// fit, a space between; a word wider than w has a line to itself.
func fillLines(words []string, w int) []string {
	var lines []string
	line := ""
	for _, word := range words {
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
