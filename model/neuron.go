package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/views"
)

// Neuron is the neuron screen, a child component of Model: the lecture's
// single ReLU neuron drawn as a computational graph, advanced one phase per
// Step — the forward pass left to right, the gradients right to left, the
// update — and stepped back with Back. Each session has its own lesson; it
// is not part of the shared race.
type Neuron struct {
	lesson neuron.Lesson
	keys   neuronKeys
	view   *views.NeuronView

	width, height int
}

// neuronKeys are the bindings of the app's key map that the neuron screen
// uses, with help texts that say what they do here.
type neuronKeys struct {
	Step, Back, Reset key.Binding
}

// NewNeuron returns the neuron screen at the start of the lecture's example
// (x = [1, −2, 3], w = [−3, −1, 2], b = 1, α = 0.01), matching keys with the
// app's key map and drawing with styles.
func NewNeuron(keys KeyMap, styles *views.Styles) Neuron {
	lesson, err := neuron.NewLesson(neuron.Lecture())
	if err != nil {
		panic("neuron: the lecture's example is invalid: " + err.Error()) // a bug, not an input
	}
	k := neuronKeys{Step: keys.Step, Back: keys.Back, Reset: keys.Reset}
	k.Step.SetHelp(keys.Step.Help().Key, "next step")
	k.Back.SetHelp(keys.Back.Help().Key, "step back")
	k.Reset.SetHelp(keys.Reset.Help().Key, "restart the lesson")
	return Neuron{lesson: lesson, keys: k, view: views.NewNeuronView(styles)}
}

// Init implements tea.Model; the neuron screen starts nothing.
func (m Neuron) Init() tea.Cmd { return nil }

// Update handles the keys Step (next phase, none after an update that
// overflowed), Back (previous phase) and Reset (iteration 1, before the
// forward pass); it ignores other messages.
// The root model sizes the screen with SetSize.
func (m Neuron) Update(msg tea.Msg) (Neuron, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Step):
		m.lesson.Step()
	case key.Matches(k, m.keys.Back):
		m.lesson.Back()
	case key.Matches(k, m.keys.Reset):
		m.lesson.Reset()
	}
	return m, nil
}

// View implements tea.Model: exactly the size set by SetSize.
func (m Neuron) View() string {
	return strings.Join(m.view.Render(m.State(), m.width, m.height), "\n")
}

// State returns what the screen shows. It is comparable, so a parent's
// frame cache can use it in its key.
func (m Neuron) State() views.NeuronState {
	stepKey := "space"
	if ks := m.keys.Step.Keys(); len(ks) > 0 && ks[0] != " " {
		stepKey = ks[0]
	}
	return views.NeuronState{Iteration: m.lesson.Iteration(), Phase: m.lesson.Phase(), StepKey: stepKey}
}

// SetSize sets the area the screen draws in.
func (m *Neuron) SetSize(width, height int) {
	m.width, m.height = max(width, 0), max(height, 0)
}

// SetParams restarts the lesson from p (inputs, weights, bias and α), or
// returns an error naming the first value out of range — every number must
// be finite, α > 0, and the products and sum of the first forward pass
// within float64's range — and leaves the lesson as it was.
func (m *Neuron) SetParams(p neuron.Params) error {
	lesson, err := neuron.NewLesson(p)
	if err != nil {
		return err
	}
	m.lesson = lesson
	return nil
}

// Params returns the parameters the lesson started from, for an editor to
// begin with.
func (m Neuron) Params() neuron.Params { return m.lesson.Params() }

// Lesson returns the lesson: the current iteration and phase.
func (m Neuron) Lesson() neuron.Lesson { return m.lesson }

// ShortHelp implements help.KeyMap: the neuron screen's keys, without Step
// once an update has overflowed and the lesson goes no further.
func (m Neuron) ShortHelp() []key.Binding {
	if m.lesson.Stopped() {
		return []key.Binding{m.keys.Back, m.keys.Reset}
	}
	return []key.Binding{m.keys.Step, m.keys.Back, m.keys.Reset}
}

// FullHelp implements help.KeyMap.
func (m Neuron) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
