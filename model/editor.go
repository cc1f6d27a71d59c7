package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/views"
)

// EditField is one number an Editor edits.
type EditField struct {
	Key, Symbol, Usage string
	Domain             optimizers.Domain
	Value              float64
	// Empty starts the field empty rather than at Value: a guess is the
	// student's own number, not one the screen typed for them.
	Empty bool
	// Check, when set, refuses a value in the domain that still cannot be
	// used, with a message for under the field.
	Check func(float64) string
}

// EditorOutcome is what a key did to an Editor.
type EditorOutcome int

// The outcomes of a key: the editor stays open, applied its values, or was
// cancelled.
const (
	EditorOpen EditorOutcome = iota
	EditorApplied
	EditorCancelled
)

// Editor edits a few numbers: tab and shift+tab move between fields, enter
// applies them all if every one is valid, esc cancels. A field's value is
// selected when the field is entered, so typing replaces it; a cursor key
// or backspace edits it instead. A value that is not a number, empty, NaN
// or out of its domain is refused with a message under its field, and
// nothing is applied.
type Editor struct {
	title string
	note  string
	// alert says why the last key was refused, until the next key; hint
	// is the line of the editor's keys.
	alert, hint string
	fields      []EditField
	inputs      []textinput.Model
	errs        []string
	focus       int
	// selected is whether the focused field's value is still selected.
	selected bool
	// cut[i] is set when text typed into field i was refused as too long,
	// until the field is next edited: enter must not apply what is left.
	cut    []bool
	styles *views.Styles
	keys   KeyMap
	// checkAll, when set, checks the fields together once each is valid
	// alone, and names the field to fix and why, or returns -1.
	checkAll func(vals []float64) (field int, msg string)
}

// NewEditor returns an editor of fields, driven by the editor keys of keys
// and drawn with styles.
func NewEditor(title, note string, fields []EditField, keys KeyMap, styles *views.Styles) Editor {
	e := Editor{
		title:  title,
		note:   note,
		fields: fields,
		errs:   make([]string, len(fields)),
		cut:    make([]bool, len(fields)),
		styles: styles,
		keys:   keys,
		hint:   keys.editorHint(len(fields) > 1),
	}
	for _, f := range fields {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = fieldChars
		in.Width = 24 // a float64's shortest form, whole
		if f.Empty {
			in.Placeholder = "type a number"
		} else {
			in.SetValue(numfmt.Shortest(f.Value))
		}
		in.TextStyle = styles.Text
		in.PromptStyle = styles.Dim
		in.PlaceholderStyle = styles.Dim
		in.Cursor.Style = styles.Bold.Reverse(true)
		in.Cursor.TextStyle = styles.Text
		// A steady cursor: no blink ticks (over SSH every tick is a frame).
		in.Cursor.SetMode(cursor.CursorStatic)
		e.inputs = append(e.inputs, in)
	}
	e.setFocus(0)
	return e
}

func (e *Editor) setFocus(i int) {
	e.inputs[e.focus].Blur()
	e.focus = (i + len(e.inputs)) % len(e.inputs)
	e.inputs[e.focus].Focus()
	e.inputs[e.focus].CursorEnd()
	e.selected = true
}

// Update handles one key and says whether the editor applied or was cancelled.
func (e Editor) Update(msg tea.KeyMsg) (Editor, EditorOutcome) {
	e.alert = ""
	switch {
	case key.Matches(msg, e.keys.Cancel):
		return e, EditorCancelled
	case key.Matches(msg, e.keys.NextField):
		e.setFocus(e.focus + 1)
	case key.Matches(msg, e.keys.PrevField):
		e.setFocus(e.focus - 1)
	case key.Matches(msg, e.keys.Apply):
		if e.validate() {
			return e, EditorApplied
		}
	default:
		typing := (msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace) && !msg.Alt
		kept := len([]rune(e.inputs[e.focus].Value()))
		if e.selected && typing {
			kept = 0 // typing replaces the selected value
		}
		if typing && kept+len(msg.Runes) > fieldChars {
			// The text input would silently cut it short.
			e.errs[e.focus] = tooLong
			e.cut[e.focus] = true
			return e, EditorOpen
		}
		if kept == 0 {
			e.inputs[e.focus].SetValue("")
		}
		before := e.inputs[e.focus].Value()
		e.selected = false
		e.inputs[e.focus], _ = e.inputs[e.focus].Update(msg)
		if e.cut[e.focus] && e.inputs[e.focus].Value() == before {
			return e, EditorOpen // a cursor key: what was refused still is
		}
		e.errs[e.focus], e.cut[e.focus] = "", false
	}
	return e, EditorOpen
}

// fieldChars is the longest text a field takes: far more than any float64
// needs (the shortest form of one is at most 24 characters).
const fieldChars = 40

var tooLong = "too long: at most " + strconv.Itoa(fieldChars) + " characters"

// validate checks every field, records why each bad one is refused, moves
// to the first, and reports whether all are good.
func (e *Editor) validate() bool {
	first := -1
	for i := range e.fields {
		_, msg := e.parse(i)
		e.errs[i] = msg
		if msg != "" && first < 0 {
			first = i
		}
	}
	if first < 0 && e.checkAll != nil {
		if i, msg := e.checkAll(e.Values()); i >= 0 {
			e.errs[i], first = msg, i
		}
	}
	if first >= 0 {
		e.setFocus(first)
		return false
	}
	return true
}

// parse reads field i, or says why its text is refused.
func (e Editor) parse(i int) (float64, string) {
	if e.cut[i] {
		return 0, tooLong
	}
	f := e.fields[i]
	v, err := f.Domain.Parse(e.inputs[i].Value())
	if err != nil {
		return 0, err.Error()
	}
	if f.Check != nil {
		if msg := f.Check(v); msg != "" {
			return 0, msg
		}
	}
	return v, ""
}

// Values returns the fields' values; call it after Update reports EditorApplied.
func (e Editor) Values() []float64 {
	out := make([]float64, len(e.fields))
	for i := range e.fields {
		out[i], _ = e.parse(i)
	}
	return out
}

// Lines renders the editor as a box w columns wide and at most h lines.
func (e Editor) Lines(styles *views.Styles, w, h int) []string {
	rows := make([]views.EditorRow, len(e.fields))
	for i, f := range e.fields {
		in := e.inputs[i]
		if i == e.focus && e.selected {
			in.TextStyle = e.styles.Bold.Reverse(true) // selected: typing replaces it
		}
		rows[i] = views.EditorRow{Symbol: f.Symbol, Usage: f.Usage, Input: in.View(), Error: e.errs[i], Focused: i == e.focus}
	}
	return views.Editor(styles, views.EditorBox{Title: e.title, Note: e.note, Alert: e.alert, Hint: e.hint}, rows, w, h)
}

// State is a comparable summary of what the editor shows, for frame caches.
func (e Editor) State() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(e.focus) + strconv.FormatBool(e.selected) + e.title + "\x03" + e.alert)
	for i := range e.inputs {
		b.WriteString("\x00" + e.inputs[i].Value() + "\x01" + strconv.Itoa(e.inputs[i].Position()) + "\x02" + e.errs[i])
	}
	return b.String()
}
