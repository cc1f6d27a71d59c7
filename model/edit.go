package model

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/neuron"
)

// editorSlot holds the open editor, if any, and what applying it does.
type editorSlot struct {
	editor *Editor
	apply  func(vals []float64) tea.Cmd
	// keys, when set, handles the keys of this editor that are not the
	// Editor's (the race editor's lane keys), and reports whether it did.
	keys func(tea.KeyMsg) bool
}

func (e *editorSlot) isOpen() bool { return e.editor != nil }

func (e *editorSlot) open(ed Editor, apply func([]float64) tea.Cmd) {
	e.editor, e.apply, e.keys = &ed, apply, nil
}

// update passes a key to the open editor, and applies or closes it.
func (e *editorSlot) update(msg tea.KeyMsg, st *status) tea.Cmd {
	if e.keys != nil && e.keys(msg) {
		return nil
	}
	ed, outcome := e.editor.Update(msg)
	e.editor = &ed
	switch outcome {
	case EditorCancelled:
		e.editor, e.apply, e.keys = nil, nil, nil
		st.note = "edit cancelled: nothing changed"
	case EditorApplied:
		apply := e.apply
		e.editor, e.apply, e.keys = nil, nil, nil
		return apply(ed.Values())
	case EditorOpen:
	}
	return nil
}

// frame is the open editor's state, for the frame cache ("" when closed).
func (e *editorSlot) frame() string {
	if e.editor == nil {
		return ""
	}
	return e.editor.State()
}

// openEditor opens the editor on the lesson's inputs, weights, bias and α.
func (s *neuronScreen) openEditor() {
	p := s.lesson.Params()
	fs := neuron.Fields()
	fields := make([]EditField, len(fs))
	for i, f := range fs {
		fields[i] = EditField{Key: f.Key, Symbol: f.Symbol, Usage: f.Usage, Domain: f.Domain, Value: f.Get(p)}
	}
	ed := NewEditor("Edit the neuron", "applying restarts the lesson from these numbers", fields, s.c.keys, s.c.styles)
	ed.checkAll = func(vals []float64) (int, string) {
		var p neuron.Params
		for i, f := range fs {
			_ = f.Set(&p, vals[i]) // each value is in its domain already
		}
		var re *neuron.RangeError
		if err := p.Validate(); errors.As(err, &re) && len(re.Keys) > 0 {
			for i, f := range fs {
				if f.Key == re.Keys[0] {
					return i, re.Reason()
				}
			}
		}
		return -1, ""
	}
	s.c.editor.open(ed, func(vals []float64) tea.Cmd {
		s.applyEdit(vals)
		return nil
	})
}

func (s *neuronScreen) applyEdit(vals []float64) {
	p := s.lesson.Params()
	for i, f := range neuron.Fields() {
		if err := f.Set(&p, vals[i]); err != nil {
			s.c.status.note = err.Error()
			return
		}
	}
	if err := s.setParams(p); err != nil {
		s.c.status.note = err.Error()
		return
	}
	s.c.status.note = "the lesson restarts from your numbers"
}
