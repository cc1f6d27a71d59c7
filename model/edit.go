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

func (m Model) openRaceEditor() Model {
	k := m.focus
	s := m.race.Settings()
	m.editParams = editedParams(k)
	fields := make([]EditField, len(m.editParams))
	lecture := make([]string, 0, len(m.editParams))
	for i, p := range m.editParams {
		fields[i] = EditField{Key: p.Key, Symbol: p.Symbol, Usage: p.Brief, Domain: p.Domain, Value: p.Get(s)}
		if p.Key == "x0" {
			obj := m.race.Objective()
			fields[i].Check = func(x0 float64) string {
				var e *race.StartError
				if errors.As(race.CheckStart(obj, x0), &e) {
					return e.Brief()
				}
				return ""
			}
		}
		lecture = append(lecture, p.Symbol+" = "+numfmt.Compact(p.Get(optimizers.Defaults()), 8))
	}
	note := "lecture: " + strings.Join(lecture, ", ") + " · applying replays " + k.String() +
		" (all five if x₀ or ε change) to t = " + strconv.Itoa(m.race.T())
	m.editor = NewEditor("Edit "+k.Title(), note, fields, m.keys, m.styles)
	m.editing = editRace
	m.playing = false
	m.tickID++
	return m
}

func (m Model) openNeuronEditor() Model {
	p := m.neuron.Params()
	fs := neuron.Fields()
	fields := make([]EditField, len(fs))
	for i, f := range fs {
		fields[i] = EditField{Key: f.Key, Symbol: f.Symbol, Usage: f.Usage, Domain: f.Domain, Value: f.Get(p)}
	}
	m.editor = NewEditor("Edit the neuron", "applying restarts the lesson from these numbers", fields, m.keys, m.styles)
	m.editor.checkAll = func(vals []float64) (int, string) {
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
	m.editing = editNeuron
	return m
}

// updateEditor passes a key to the open editor and applies or closes it.
func (m Model) updateEditor(msg tea.KeyMsg) Model {
	var outcome EditorOutcome
	m.editor, outcome = m.editor.Update(msg)
	switch outcome {
	case EditorCancelled:
		m.editing, m.message = editNone, "edit cancelled: nothing changed"
	case EditorApplied:
		vals := m.editor.Values()
		switch m.editing {
		case editRace:
			m.applyRaceEdit(vals)
		case editNeuron:
			m.applyNeuronEdit(vals)
		case editNone:
		}
		m.editing = editNone
	case EditorOpen:
	}
	return m
}

func (m *Model) applyRaceEdit(vals []float64) {
	s := m.race.Settings()
	var own []string // the focused optimizer's changes; shared ones show in the status bar
	shared := false
	for i, p := range m.editParams {
		if p.Get(s) != vals[i] {
			if p.Shared {
				shared = true
			} else {
				own = append(own, p.Symbol+" = "+numfmt.Compact(vals[i], 10))
			}
		}
		if err := p.Set(&s, vals[i]); err != nil {
			m.message = err.Error() // the editor validated; kept for safety
			return
		}
	}
	if len(own) == 0 && !shared {
		m.message = "no change"
		return
	}
	if err := m.race.SetSettings(s); err != nil {
		m.message = err.Error()
		return
	}
	m.message = appliedNote(m.focus, own, shared, m.race.T())
}

func (m *Model) applyNeuronEdit(vals []float64) {
	p := m.neuron.Params()
	for i, f := range neuron.Fields() {
		if err := f.Set(&p, vals[i]); err != nil {
			m.message = err.Error()
			return
		}
	}
	if err := m.neuron.SetParams(p); err != nil {
		m.message = err.Error()
		return
	}
	m.message = "the lesson restarts from your numbers"
}

// restoreDefaults brings back the lecture's settings and f(x) = x², and
// restarts the race paused at t = 0, as the lecture starts it.
func (m Model) restoreDefaults() Model {
	quadratic := optimizers.Quadratic()
	// Defaults first: their x₀ suits every landscape, x² included.
	if err := m.race.Restart(optimizers.Defaults()); err != nil {
		m.message = err.Error()
		return m
	}
	if err := m.race.SetObjective(quadratic); err != nil {
		m.message = err.Error()
		return m
	}
	m.restarted("the lecture's defaults, f(x) = x²: the race restarts")
	return m
}

// nextLandscape switches to the next loss landscape and restarts the race.
func (m Model) nextLandscape() Model {
	objs := optimizers.Objectives()
	at := 0
	for i, o := range objs {
		if o.Name == m.race.Objective().Name {
			at = i
		}
	}
	// Landscapes that overflow at this x₀ are skipped, and named.
	var skipped []string
	for n := 1; n < len(objs); n++ {
		next := objs[(at+n)%len(objs)]
		if err := m.race.SetObjective(next); err != nil {
			skipped = append(skipped, next.Name)
			continue
		}
		// The status bar shows the new f(x): the note names it and why not others.
		note := next.Name + ": the race restarts"
		if len(skipped) > 0 {
			note += " · skipped " + strings.Join(skipped, ", ") + " (x₀ too far out)"
		}
		m.restarted(note)
		return m
	}
	m.message = "x₀ is too far out for every other landscape: [ ] or e move it"
	return m
}

// moveX0 moves the start point by one unit and restarts the race.
func (m Model) moveX0(up bool) Model {
	s := m.race.Settings()
	before := s.X0
	if up {
		s.X0++
	} else {
		s.X0--
	}
	if s.X0 == before {
		m.message = "x₀ ± 1 is x₀ again at this size (float64): e edits x₀"
		return m
	}
	if err := m.race.Restart(s); err != nil {
		m.message = err.Error()
		return m
	}
	m.restarted("the race restarts from the new x₀")
	return m
}

// restarted pauses the race that just restarted at t = 0 and says so in
// note, or that it is over before it starts.
func (m *Model) restarted(note string) {
	m.playing = false
	m.tickID++
	m.message = note
	if m.race.Over() {
		m.message = overAtStart
	}
}

// overAtStart is the note of a race over at t = 0: x₀ is within tol of the
// minimum, so every optimizer starts past the finish line.
const overAtStart = "race over at t = 0: x₀ is at the minimum"

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
