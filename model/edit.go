package model

import (
	"errors"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// editorSlot holds the open editor, if any, and what applying it does.
type editorSlot struct {
	editor *Editor
	apply  func(vals []float64) tea.Cmd
}

func (e *editorSlot) isOpen() bool { return e.editor != nil }

func (e *editorSlot) open(ed Editor, apply func([]float64) tea.Cmd) {
	e.editor, e.apply = &ed, apply
}

// update passes a key to the open editor, and applies or closes it.
func (e *editorSlot) update(msg tea.KeyMsg, st *status) tea.Cmd {
	ed, outcome := e.editor.Update(msg)
	e.editor = &ed
	switch outcome {
	case EditorCancelled:
		e.editor, e.apply = nil, nil
		st.note = "edit cancelled: nothing changed"
	case EditorApplied:
		apply := e.apply
		e.editor, e.apply = nil, nil
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

// editedParams are the race parameters the editor shows for optimizer k:
// k's own first (the editor opens on its α), then the shared x₀ and ε.
func editedParams(k optimizers.Kind) []optimizers.Param {
	var shared, own []optimizers.Param
	for _, p := range optimizers.Params() {
		switch {
		case p.Shared:
			shared = append(shared, p)
		case p.Owner == k:
			own = append(own, p)
		}
	}
	return append(own, shared...)
}

// openRaceEditor opens the editor on the focused optimizer's settings and
// the shared x₀ and ε, and pauses the race.
func (c *common) openRaceEditor() {
	k := c.view.focus
	r := c.stage.own.race
	s := c.stage.settings()
	params := editedParams(k)
	fields := make([]EditField, len(params))
	lecture := make([]string, 0, len(params))
	for i, p := range params {
		fields[i] = EditField{Key: p.Key, Symbol: p.Symbol, Usage: p.Brief, Domain: p.Domain, Value: p.Get(s)}
		if p.Key == "x0" {
			obj, y0 := r.Objective(), s.Y0
			fields[i].Check = func(x0 float64) string {
				var e *race.StartError
				if errors.As(race.CheckStart(obj, optimizers.Vec{x0, y0}), &e) {
					return e.Brief()
				}
				return ""
			}
		}
		lecture = append(lecture, p.Symbol+" = "+numfmt.Compact(p.Get(optimizers.Defaults()), 8))
	}
	note := "lecture: " + strings.Join(lecture, ", ") + " · applying replays " + k.String() +
		" (all five if x₀ or ε change) to t = " + strconv.Itoa(r.T())
	c.editor.open(NewEditor("Edit "+k.Title(), note, fields, c.keys, c.styles), func(vals []float64) tea.Cmd {
		return c.applyRaceEdit(k, params, vals)
	})
	c.stage.pausePlay()
}

// applyRaceEdit applies the editor's values for optimizer k and replays the
// race to its step, so that it stays aligned.
func (c *common) applyRaceEdit(k optimizers.Kind, params []optimizers.Param, vals []float64) tea.Cmd {
	r := c.stage.own.race
	s := c.stage.settings()
	var own []string // the focused optimizer's changes; shared ones show in the status bar
	shared := false
	for i, p := range params {
		if p.Get(s) != vals[i] {
			if p.Shared {
				shared = true
			} else {
				own = append(own, p.Symbol+" = "+numfmt.Compact(vals[i], 10))
			}
		}
		if err := p.Set(&s, vals[i]); err != nil {
			c.status.note = err.Error() // the editor validated; kept for safety
			return nil
		}
	}
	if len(own) == 0 && !shared {
		c.status.note = "no change"
		return nil
	}
	if _, err := race.New(s, r.Objective(), race.WithTol(r.Tol())); err != nil {
		c.status.note = err.Error()
		return nil
	}
	return c.stage.startReplay(replayJob{
		settings: s, obj: r.Objective(), tol: r.Tol(), t: r.T(),
		note: appliedNote(k, own, shared, r.T()),
	})
}

// appliedNote says what an applied edit changed and which optimizers were
// replayed. Shared settings (x₀, ε) are not repeated: the status bar shows them.
func appliedNote(k optimizers.Kind, own []string, shared bool, t int) string {
	to := " to t = " + strconv.Itoa(t)
	switch {
	case shared && len(own) > 0:
		return k.String() + ": " + strings.Join(own, ", ") + " · all five replayed" + to
	case shared:
		return "all five replayed" + to
	default:
		return k.String() + ": " + strings.Join(own, ", ") + " · replayed" + to
	}
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
