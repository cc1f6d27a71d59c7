package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/views"
)

// neuronScreen is the lecture's single ReLU neuron drawn as a computational
// graph, advanced one phase per step — the forward pass left to right, the
// gradients right to left, the update — and stepped back exactly. Each
// session has its own lesson, even a viewer of the class race.
type neuronScreen struct {
	c      *common
	lesson neuron.Lesson
	keys   neuronKeys
	view   *views.NeuronView
	w, h   int
}

// neuronKeys are the bindings of the app's key map that the neuron screen
// uses, with help texts that say what they do here.
type neuronKeys struct {
	Step, Back, Reset, Edit, Defaults key.Binding
}

// newNeuronScreen returns the neuron screen at the start of the lecture's
// example (x = [1, −2, 3], w = [−3, −1, 2], b = 1, α = 0.01).
func newNeuronScreen(c *common) *neuronScreen {
	lesson, err := neuron.NewLesson(neuron.Lecture())
	if err != nil {
		panic("neuron: the lecture's example is invalid: " + err.Error()) // a bug, not an input
	}
	k := neuronKeys{Step: c.keys.Step, Back: c.keys.Back, Reset: c.keys.Reset, Edit: c.keys.Edit, Defaults: c.keys.Defaults}
	k.Step.SetHelp(k.Step.Help().Key, "next step")
	k.Back.SetHelp(k.Back.Help().Key, "step back")
	k.Reset.SetHelp(k.Reset.Help().Key, "restart the lesson")
	k.Edit.SetHelp(k.Edit.Help().Key, "edit the neuron's numbers")
	k.Defaults.SetHelp(k.Defaults.Help().Key, "the lecture's neuron")
	return &neuronScreen{c: c, lesson: lesson, keys: k, view: views.NewNeuronView(c.styles)}
}

// Init implements tea.Model.
func (s *neuronScreen) Init() tea.Cmd { return nil }

// Update implements tea.Model: step (no further after an update that
// overflowed), back, restart, edit and the lecture's neuron; the race's
// keys are refused with a word, since the race is not on screen.
func (s *neuronScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	rk := s.c.keys
	switch {
	case matches(k, s.keys.Step):
		s.lesson.Step()
	case matches(k, s.keys.Back):
		s.lesson.Back()
	case matches(k, s.keys.Reset):
		s.lesson.Reset()
	case matches(k, s.keys.Edit):
		s.openEditor()
	case matches(k, s.keys.Defaults):
		_ = s.setParams(neuron.Lecture())
		s.c.status.note = "the lecture's neuron"
	case drivesRace(rk, k), matches(k, rk.Export, rk.Zoom, rk.Content, rk.Focus, rk.Track, rk.LogScale):
		s.c.status.note = "that key is for the race · tab to it"
	}
	return s, nil
}

// View implements tea.Model: exactly the size set by SetSize.
func (s *neuronScreen) View() string {
	return strings.Join(s.view.Render(s.state(), s.w, s.h), "\n")
}

// state is what the screen shows.
func (s *neuronScreen) state() views.NeuronState {
	stepKey := "space"
	if ks := s.keys.Step.Keys(); len(ks) > 0 && ks[0] != " " {
		stepKey = ks[0]
	}
	return views.NeuronState{Iteration: s.lesson.Iteration(), Phase: s.lesson.Phase(), StepKey: stepKey}
}

// SetSize implements Screen.
func (s *neuronScreen) SetSize(w, h int) { s.w, s.h = max(w, 0), max(h, 0) }

// Frame implements Screen.
func (s *neuronScreen) Frame() any {
	return struct {
		state views.NeuronState
		w, h  int
	}{s.state(), s.w, s.h}
}

// Status implements Screen: the lesson's iteration (the status bar adds
// whose view it is: a presenter's count of watchers, a viewer's LIVE).
func (s *neuronScreen) Status() string {
	return "neuron lesson · iteration " + strconv.Itoa(s.lesson.Iteration().N)
}

// ShortHelp implements help.KeyMap: without step once an update has
// overflowed and the lesson goes no further.
func (s *neuronScreen) ShortHelp() []key.Binding {
	if s.lesson.Stopped() {
		return []key.Binding{s.keys.Back, s.keys.Reset}
	}
	return []key.Binding{s.keys.Step, s.keys.Back, s.keys.Reset}
}

// FullHelp implements help.KeyMap.
func (s *neuronScreen) FullHelp() [][]key.Binding {
	rk := s.c.keys
	return [][]key.Binding{s.ShortHelp(), {s.keys.Edit, s.keys.Defaults, rk.NextScreen, rk.PrevScreen, rk.Help, rk.Quit}}
}

// setParams restarts the lesson from p (inputs, weights, bias and α), or
// returns an error naming the first value out of range — every number must
// be finite, α > 0, and the products and sum of the first forward pass
// within float64's range — and leaves the lesson as it was.
func (s *neuronScreen) setParams(p neuron.Params) error {
	lesson, err := neuron.NewLesson(p)
	if err != nil {
		return err
	}
	s.lesson = lesson
	return nil
}

// lessonPlace is where a neuron lesson is: the parameters it started from,
// its iteration and phase. A viewer following its presenter goes there.
type lessonPlace struct {
	params neuron.Params
	iter   int
	phase  neuron.Phase
}

// place returns where the lesson is.
func (s *neuronScreen) place() lessonPlace {
	return lessonPlace{params: s.lesson.Params(), iter: s.lesson.Iteration().N, phase: s.lesson.Phase()}
}

// maxFollowPhases bounds how far a follower's lesson steps to reach its
// presenter's: far more than a lecture ever goes.
const maxFollowPhases = 100_000

// goTo puts the lesson where p says, from its start: the lesson is exact,
// so stepping there gives what the presenter sees.
func (s *neuronScreen) goTo(p lessonPlace) {
	if p == s.place() || p.iter == 0 {
		return
	}
	lesson, err := neuron.NewLesson(p.params)
	if err != nil {
		return // the presenter's lesson started from valid parameters
	}
	for n := 0; n < maxFollowPhases && (lesson.Iteration().N != p.iter || lesson.Phase() != p.phase); n++ {
		if !lesson.Step() {
			break
		}
	}
	s.lesson = lesson
}
