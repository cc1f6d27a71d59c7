package model

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/views"
)

// newTestNeuron is the neuron screen of a new model, sized w×h.
func newTestNeuron(w, h int) *neuronScreen {
	m, err := New(Options{Settings: optimizers.Defaults()})
	if err != nil {
		panic(err)
	}
	s := neuronOf(m)
	s.SetSize(w, h)
	return s
}

func press(m *neuronScreen, keys ...tea.KeyMsg) *neuronScreen {
	for _, k := range keys {
		m.Update(k)
	}
	return m
}

// The keys the neuron tests press, as keyMsg spells them.
var (
	space = keyMsg("space")
	right = keyMsg("right")
	left  = keyMsg("left")
)

func times(n int, k tea.KeyMsg) []tea.KeyMsg {
	ks := make([]tea.KeyMsg, n)
	for i := range ks {
		ks[i] = k
	}
	return ks
}

// TestNeuronDoneWhen is the "done when": a new user presses space a
// few times and sees 6, then the gradients [1, −2, 3] and 1, then
// w = [−3.01, −0.98, 1.97], b = 0.99 and 5.85.
func TestNeuronDoneWhen(t *testing.T) {
	m := newTestNeuron(120, 40)
	steps := []struct {
		presses int
		want    []string
	}{
		{3, []string{"ReLU = 6", "out = 6"}},
		{6, []string{"∂out/∂w0 = 1", "∂out/∂w1 = -2", "∂out/∂w2 = 3", "∂out/∂b = 1", "∂out/∂w = [1, -2, 3], ∂out/∂b = 1"}},
		{1, []string{"w0: -3 − 0.01 × 1 = -3.01", "w1: -1 − 0.01 × (-2) = -0.98", "w2: 2 − 0.01 × 3 = 1.97", "b: 1 − 0.01 × 1 = 0.99", "new out = 5.85"}},
	}
	for _, s := range steps {
		m = press(m, times(s.presses, space)...)
		view := ansi.Strip(m.View())
		for _, want := range s.want {
			if !strings.Contains(view, want) {
				t.Errorf("after %v: no %q in\n%s", m.lesson.Phase(), want, view)
			}
		}
	}
}

// TestNeuronKeys: every Step key advances, every Back key goes back, Reset
// restarts, and other keys and messages change nothing.
func TestNeuronKeys(t *testing.T) {
	m := newTestNeuron(120, 40)
	m = press(m, space, right, keyMsg("l"), keyMsg("n"))
	if got := m.lesson.Phase(); got != neuron.ReLUGrad {
		t.Fatalf("four Step keys: %v, want ReLUGrad", got)
	}
	m = press(m, left, keyMsg("h"), keyMsg("b"))
	if got := m.lesson.Phase(); got != neuron.Multiply {
		t.Fatalf("three Back keys: %v, want Multiply", got)
	}
	before := m.View()
	for _, msg := range []tea.Msg{keyMsg("q"), keyMsg("x"), keyMsg("1"), tea.KeyMsg{Type: tea.KeyEsc}, tea.WindowSizeMsg{Width: 10, Height: 10}, tea.MouseMsg{}} {
		var cmd tea.Cmd
		_, cmd = m.Update(msg)
		if cmd != nil || m.View() != before {
			t.Errorf("%#v changed the neuron screen", msg)
		}
	}
	m = press(m, times(20, space)...)
	if it := m.lesson.Iteration(); it.N != 3 || m.lesson.Phase() != neuron.Multiply {
		t.Fatalf("21 steps: %v of iteration %d", m.lesson.Phase(), it.N)
	}
	m = press(m, keyMsg("r"))
	if m.lesson.Phase() != neuron.Start || m.lesson.Iteration().N != 1 {
		t.Errorf("Reset: %v of iteration %d", m.lesson.Phase(), m.lesson.Iteration().N)
	}
	m = press(m, times(3, left)...)
	if m.lesson.Phase() != neuron.Start {
		t.Errorf("Back at the start moved to %v", m.lesson.Phase())
	}
}

// TestNeuronBackRestoresTheScreen: stepping forward through two iterations
// and back again shows exactly the same screens.
func TestNeuronBackRestoresTheScreen(t *testing.T) {
	m := newTestNeuron(120, 40)
	var screens []string
	for range 2 * neuron.NumPhases {
		screens = append(screens, m.View())
		m = press(m, space)
	}
	for i := len(screens) - 1; i >= 0; i-- {
		m = press(m, left)
		if m.View() != screens[i] {
			t.Fatalf("back to step %d: the screen differs", i)
		}
	}
}

func TestNeuronSetParams(t *testing.T) {
	m := newTestNeuron(120, 40)
	m = press(m, times(5, space)...)
	bad := []struct {
		edit func(*neuron.Params)
		want string
	}{
		{func(p *neuron.Params) { p.LR = 0 }, "lr must be a finite number > 0, got 0"},
		{func(p *neuron.Params) { p.LR = -1 }, "lr must be a finite number > 0"},
		{func(p *neuron.Params) { p.LR = math.Inf(1) }, "lr must be a finite number > 0"},
		{func(p *neuron.Params) { p.X[2] = math.NaN() }, "x2 must be a finite number, got NaN"},
		{func(p *neuron.Params) { p.W[0] = math.Inf(-1) }, "w0 must be a finite number"},
		{func(p *neuron.Params) { p.B = math.NaN() }, "b must be a finite number"},
		{func(p *neuron.Params) { p.X[0], p.W[0] = 1e200, 1e200 }, "x0, w0: x0·w0 is beyond float64's range (±1.8e308)"},
		{func(p *neuron.Params) { p.X[0], p.X[1], p.W[0], p.W[1] = 1e308, 1e308, 10, -10 }, "x0, w0, x1, w1: x0·w0 and x1·w1 are beyond"},
	}
	for _, c := range bad {
		p := neuron.Lecture()
		c.edit(&p)
		if err := m.setParams(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetParams: error %v, want %q", err, c.want)
		}
		if m.lesson.Phase() != neuron.SumGrad || m.lesson.Params() != neuron.Lecture() {
			t.Errorf("a refused SetParams changed the lesson")
		}
	}
	p := neuron.Lecture()
	p.B = -7
	if err := m.setParams(p); err != nil {
		t.Fatal(err)
	}
	if m.lesson.Phase() != neuron.Start || m.lesson.Params() != p {
		t.Errorf("SetParams did not restart the lesson: %v, %+v", m.lesson.Phase(), m.lesson.Params())
	}
	m = press(m, times(4, space)...)
	if view := ansi.Strip(m.View()); !strings.Contains(view, views.DeadReLUNote) || !strings.Contains(view, "sum = -2") {
		t.Errorf("b = -7 does not show a dead ReLU:\n%s", view)
	}
}

func TestNeuronSizes(t *testing.T) {
	m := newTestNeuron(0, 0)
	if m.View() != "" {
		t.Errorf("0×0 drew %q", m.View())
	}
	for _, size := range [][2]int{{1, 1}, {80, 24}, {120, 40}, {-5, 3}} {
		m.SetSize(size[0], size[1])
		lines := strings.Split(m.View(), "\n")
		w, h := max(size[0], 0), max(size[1], 0)
		if w == 0 {
			continue
		}
		if len(lines) != h {
			t.Errorf("%dx%d: %d lines", w, h, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) != w {
				t.Errorf("%dx%d: a line of %d columns", w, h, ansi.StringWidth(l))
			}
		}
	}
}

func TestNeuronHelp(t *testing.T) {
	m := newTestNeuron(80, 24)
	var got []string
	for _, b := range m.ShortHelp() {
		got = append(got, b.Help().Key+" "+b.Help().Desc)
	}
	if want := "space/→/l/n next step, ←/h/b step back, r restart the lesson"; strings.Join(got, ", ") != want {
		t.Errorf("help %q, want %q", strings.Join(got, ", "), want)
	}
	if DefaultKeyMap().Step.Help().Desc != "step all lanes" {
		t.Error("the neuron screen changed the app's key map")
	}
}

// neuronProgram runs the neuron screen as a whole program, as the root
// model will: it sizes the screen on resize and quits on q.
type neuronProgram struct{ screen *neuronScreen }

func (p neuronProgram) Init() tea.Cmd { return p.screen.Init() }

func (p neuronProgram) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.screen.SetSize(msg.Width, msg.Height)
		return p, nil
	case tea.KeyMsg:
		if msg.String() == "q" {
			return p, tea.Quit
		}
	}
	_, cmd := p.screen.Update(msg)
	return p, cmd
}

func (p neuronProgram) View() string { return p.screen.View() }

// TestNeuronProgram steps a running program through the first iteration at
// 120×40 and pins the screen it ends on.
func TestNeuronProgram(t *testing.T) {
	tm := teatest.NewTestModel(t, neuronProgram{newTestNeuron(0, 0)}, teatest.WithInitialTermSize(120, 40))
	waitFor := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	}
	waitFor("ReLU neuron · iteration 1 · ready")
	for range 3 {
		tm.Send(space)
	}
	waitFor("max(6, 0) = 6")
	for range 7 {
		tm.Send(space)
	}
	waitFor("new out = 5.85")
	tm.Send(keyMsg("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(neuronProgram)
	if final.screen.lesson.Phase() != neuron.Update {
		t.Errorf("ended at %v, want Update", final.screen.lesson.Phase())
	}
	golden.RequireEqual(t, []byte(ansi.Strip(final.View())))
}

// TestNeuronScreenEveryPhase drives the whole program with teatest to the
// neuron screen (tab from the race) and pins the frame at 120×40 in each
// phase of the first iteration and the first of the second.
func TestNeuronScreenEveryPhase(t *testing.T) {
	headers := []string{
		"iteration 1 · ready", "iteration 1 · forward 1/3: multiply", "iteration 1 · forward 2/3: sum",
		"iteration 1 · forward 3/3: ReLU", "iteration 1 · backward 1/6: ∂ReLU/∂sum",
		"iteration 1 · backward 2/6: ∂sum/∂(xi·wi)", "iteration 1 · backward 3/6: ∂out/∂w0",
		"iteration 1 · backward 4/6: ∂out/∂w1", "iteration 1 · backward 5/6: ∂out/∂w2",
		"iteration 1 · backward 6/6: ∂out/∂b", "iteration 1 · update", "iteration 2 · forward 1/3: multiply",
	}
	for steps, header := range headers {
		t.Run(fmt.Sprintf("%02d", steps), func(t *testing.T) {
			m, err := New(Options{Settings: optimizers.Defaults()})
			if err != nil {
				t.Fatal(err)
			}
			tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
			for range 3 { // race → leaderboard → convergence → neuron
				tm.Send(keyMsg("tab"))
			}
			for range steps {
				tm.Send(space)
			}
			want := []byte("ReLU neuron · " + header)
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, want) },
				teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
			tm.Send(keyMsg("q"))
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
			golden.RequireEqual(t, []byte(ansi.Strip(final.View())))
		})
	}
}

// TestNeuronOverflowStops: with α = 1e308 the first update takes w1 and w2
// out of float64's range; the screen says so (never "dead ReLU"), Step goes
// no further and leaves the key hints, and Back and Reset still work.
func TestNeuronOverflowStops(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m := newTestNeuron(size[0], size[1])
		p := neuron.Lecture()
		p.LR = 1e308
		if err := m.setParams(p); err != nil {
			t.Fatal(err)
		}
		m = press(m, times(neuron.NumPhases-1, space)...)
		update := m.View()
		m = press(m, times(3, space)...)
		if m.lesson.Phase() != neuron.Update || m.lesson.Iteration().N != 1 || m.View() != update {
			t.Fatalf("%dx%d: stepped on past the overflow to %v of iteration %d", size[0], size[1], m.lesson.Phase(), m.lesson.Iteration().N)
		}
		view := ansi.Strip(update)
		if !strings.Contains(view, "overflow: w1 and w2 left float64's range; the lesson stops here — lower α") ||
			strings.Contains(view, "dead ReLU") || strings.Contains(view, "iteration 2") {
			t.Errorf("%dx%d: the overflow is not told plainly:\n%s", size[0], size[1], view)
		}
		for _, b := range m.ShortHelp() {
			if b.Help().Desc == "next step" {
				t.Errorf("%dx%d: the hints offer a next step after the lesson stopped", size[0], size[1])
			}
		}
		m = press(m, left)
		if m.lesson.Phase() != neuron.BiasGrad || len(m.ShortHelp()) != 3 {
			t.Errorf("Back from the overflow: %v, %d hints", m.lesson.Phase(), len(m.ShortHelp()))
		}
		m = press(m, keyMsg("r"))
		if m.lesson.Phase() != neuron.Start {
			t.Errorf("Reset after the overflow: %v", m.lesson.Phase())
		}
	}
}

// TestNeuronEditorRefusesAnOverflow: through the app, numbers each finite
// whose products are not are refused beside the first field to change, the
// editor stays open, and the lesson stays as it was.
func TestNeuronEditorRefusesAnOverflow(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, tea.KeyMsg{Type: tea.KeyShiftTab}, keyMsg("e"))
	if !m.c.editor.isOpen() {
		t.Fatal("e on the neuron screen did not open its editor")
	}
	m = typeInto(m, "1e200") // x0
	m = tab(m, 3)            // x1 x2, then w0
	m = typeInto(m, "1e200")
	m = enter(m)
	if neuronOf(m).lesson.Params() != neuron.Lecture() || !m.c.editor.isOpen() {
		t.Errorf("x0 = w0 = 1e200 was applied: %+v, editing %v", neuronOf(m).lesson.Params(), m.c.editor.isOpen())
	}
	if m.c.editor.editor.focus != 0 || m.c.editor.editor.errs[0] != "x0·w0 is beyond float64's range (±1.8e308)" {
		t.Errorf("the refusal is not beside x0: focus %d, errors %q", m.c.editor.editor.focus, m.c.editor.editor.errs)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "x0·w0 is beyond float64's range") {
		t.Errorf("the refusal is not shown:\n%s", view)
	}
	// Fixing w0 applies.
	m = enter(typeInto(tab(m, 3), "2"))
	if p := neuronOf(m).lesson.Params(); m.c.editor.isOpen() || p.X[0] != 1e200 || p.W[0] != 2 {
		t.Errorf("x0 = 1e200, w0 = 2 not applied: %+v, editing %v", p, m.c.editor.isOpen())
	}
}
