package model

import (
	"os"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

// typeInto replaces the focused field's text with s.
func typeInto(m *Model, s string) *Model {
	m = send(m, tea.KeyMsg{Type: tea.KeyCtrlU})
	if s != "" {
		m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	}
	return m
}

func tab(m *Model, n int) *Model {
	for range n {
		m = send(m, tea.KeyMsg{Type: tea.KeyTab})
	}
	return m
}

func enter(m *Model) *Model { return send(m, tea.KeyMsg{Type: tea.KeyEnter}) }

// TestEditAppliesAndReplays edits Adam's α after 25 steps: Adam replays to
// t = 25 with the new α, the others keep their states exactly.
func TestEditAppliesAndReplays(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 25)...)
	before := slices.Clone(ownRace(m).Current())
	m = send(m, keyMsg("5"), keyMsg("e"))
	if !m.c.editor.isOpen() {
		t.Fatal("e did not open the editor")
	}
	// The editor opens on Adam's α, selected: typing replaces it.
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("0.3")})
	m = enter(m)
	if m.c.editor.isOpen() || ownRace(m).T() != 25 || ownRace(m).Settings().LR[optimizers.Adam] != 0.3 {
		t.Fatalf("edit not applied: editing %v, t = %d, α = %v", m.c.editor.isOpen(), ownRace(m).T(), ownRace(m).Settings().LR[optimizers.Adam])
	}
	for _, k := range optimizers.Kinds() {
		if same := ownRace(m).Runner(int(k)) == before[k]; same == (k == optimizers.Adam) {
			t.Errorf("%v: unchanged = %v", k, same)
		}
	}
	s := optimizers.Defaults()
	s.LR[optimizers.Adam] = 0.3
	fresh, _ := race.New(s, optimizers.Quadratic())
	for range 25 {
		fresh.Step()
	}
	if ownRace(m).Runner(int(optimizers.Adam)) != fresh.Runner(int(optimizers.Adam)) {
		t.Error("Adam's replay differs from a fresh race with α = 0.3")
	}
	if v := m.View(); !strings.Contains(v, "α = 0.3 (lecture 0.5)") {
		t.Errorf("the Adam panel does not say its α differs:\n%s", v)
	}
	if want := "Adam: α = 0.3 · replayed to t = 25"; m.c.status.note != want {
		t.Errorf("message %q, want %q", m.c.status.note, want)
	}
}

// TestEditSharedSaysAllReplayed edits x₀: all five replay, and the notice
// does not repeat the x₀ that the status bar already shows.
func TestEditSharedSaysAllReplayed(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 3)...)
	m = send(m, keyMsg("e"))
	m = enter(typeInto(tab(m, 1), "3"))
	if ownRace(m).Settings().X0 != 3 || ownRace(m).T() != 3 {
		t.Fatalf("x₀ = %v at t = %d, want 3 at t = 3", ownRace(m).Settings().X0, ownRace(m).T())
	}
	if want := "every lane replayed to t = 3"; m.c.status.note != want {
		t.Errorf("message %q, want %q", m.c.status.note, want)
	}
	if v := m.View(); strings.Count(v, "x₀ = 3") != 1 {
		t.Errorf("the status bar should show x₀ = 3 once:\n%s", v)
	}
}

// TestEditRefusesBadInput types every kind of bad value into every field:
// the editor stays open with a message, and the race does not change.
func TestEditRefusesBadInput(t *testing.T) {
	bad := map[optimizers.Domain][]string{
		optimizers.Finite:       {"", "abc", "nan", "inf", "-inf", "1e400", "1,5", "0x10", "1_0"},
		optimizers.Positive:     {"", "x", "NaN", "inf", "0", "-0.1", "1e999", "0x1p-2", "1_0"},
		optimizers.UnitInterval: {"", "one", "nan", "1", "1.5", "-0.01", "0x0.8p0", "0.9_9"},
	}
	for _, k := range optimizers.Kinds() {
		probe := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg(string(rune('1'+int(k)))), keyMsg("e"))
		for i, p := range probe.c.editor.editor.fields {
			for _, text := range bad[p.Domain] {
				m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("space"))
				m = send(m, keyMsg(string(rune('1'+int(k)))), keyMsg("e"))
				m = tab(m, i)
				m = typeInto(m, text)
				before, st := ownRace(m).Settings(), slices.Clone(ownRace(m).Current())
				m = enter(m)
				if !m.c.editor.isOpen() {
					t.Errorf("%v %s = %q: editor closed", k, p.Key, text)
					continue
				}
				if m.c.editor.editor.errs[i] == "" || !strings.Contains(m.View(), "✗ ") {
					t.Errorf("%v %s = %q: no message under the field", k, p.Key, text)
				}
				if ownRace(m).Settings() != before || !slices.Equal(ownRace(m).Current(), st) {
					t.Errorf("%v %s = %q: the race changed", k, p.Key, text)
				}
				m = send(m, tea.KeyMsg{Type: tea.KeyEsc})
				if m.c.editor.isOpen() || ownRace(m).Settings() != before {
					t.Errorf("%v %s = %q: esc did not cancel cleanly", k, p.Key, text)
				}
			}
		}
	}
}

// TestEditorRefusesTooLongText: text that would pass the field's length is
// refused with a message, not silently cut; the field keeps its value.
func TestEditorRefusesTooLongText(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("e"))
	m = typeInto(m, strings.Repeat("9", fieldChars))
	if got := m.c.editor.editor.inputs[0].Value(); got != strings.Repeat("9", fieldChars) || m.c.editor.editor.errs[0] != "" {
		t.Fatalf("%d characters: field %q, message %q", fieldChars, got, m.c.editor.editor.errs[0])
	}
	m = send(m, keyMsg("9"))
	if got := m.c.editor.editor.inputs[0].Value(); len(got) != fieldChars || m.c.editor.editor.errs[0] != "too long: at most 40 characters" {
		t.Errorf("one more: field of %d characters, message %q", len(got), m.c.editor.editor.errs[0])
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyCtrlU}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("1", 200)), Paste: true})
	if got := m.c.editor.editor.inputs[0].Value(); got != "" || !strings.Contains(m.View(), "too long") {
		t.Errorf("a 200-character paste: field %q, message %q", got, m.c.editor.editor.errs[0])
	}
	// Typed keys that arrive together are pressed one by one: the field
	// fills, and the rest is refused with the message.
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("1", 200))})
	if got := m.c.editor.editor.inputs[0].Value(); len(got) != fieldChars || !strings.Contains(m.View(), "too long") {
		t.Errorf("200 typed characters: field of %d, message %q", len(got), m.c.editor.editor.errs[0])
	}
}

func TestGoldenEditor(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("2"), keyMsg("e"))
	m = tab(m, 1) // α, then γ
	m = typeInto(m, "1.5")
	m = enter(m)
	golden.RequireEqual(t, []byte(m.View()))
}

// TestEditorTypingReplacesAndKeysEdit: a field entered with tab has its
// value selected, so typing replaces it; backspace or a cursor key first
// edits the value instead.
func TestEditorTypingReplacesAndKeysEdit(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("2"), keyMsg("e"))
	if got := m.c.editor.editor.inputs[m.c.editor.editor.focus].Value(); got != "0.1" || m.c.editor.editor.fields[m.c.editor.editor.focus].Key != "lr" {
		t.Fatalf("editor opened on %s = %q, want lr = 0.1", m.c.editor.editor.fields[m.c.editor.editor.focus].Key, got)
	}
	spaced := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("2"), keyMsg("e"), keyMsg("space"), keyMsg("5"))
	if got := spaced.c.editor.editor.inputs[0].Value(); got != " 5" {
		t.Errorf("a space typed first gave %q, want it to replace the value too", got)
	}
	m = send(m, keyMsg("5"))
	if got := m.c.editor.editor.inputs[0].Value(); got != "5" {
		t.Errorf("typing into the selected α gave %q, want 5", got)
	}
	m = tab(m, 1) // γ = 0.9, selected
	m = send(m, tea.KeyMsg{Type: tea.KeyBackspace}, keyMsg("5"))
	if got := m.c.editor.editor.inputs[1].Value(); got != "0.5" {
		t.Errorf("backspace then 5 gave %q, want 0.5", got)
	}
	m = tab(m, 1) // x₀ = 10, selected
	m = send(m, keyMsg("left"), keyMsg("-"))
	if got := m.c.editor.editor.inputs[2].Value(); got != "1-0" {
		t.Errorf("left then - gave %q, want 1-0", got)
	}
}

// TestX0KeysKeepDecimals: ] from −1.2 starts at −0.2, as --x0 -0.2 does,
// not at float64's −0.19999999999999996; a start with more digits than
// a short decimal has keeps them.
func TestX0KeysKeepDecimals(t *testing.T) {
	rosenbrock, err := optimizers.ObjectiveByName("rosenbrock")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Options{Settings: rosenbrock.Defaults(), Objective: rosenbrock})
	if err != nil {
		t.Fatal(err)
	}
	if m = send(m, keyMsg("]")); ownRace(m).Settings().X0 != -0.2 {
		t.Errorf("] from −1.2: x₀ = %v, want −0.2", ownRace(m).Settings().X0)
	}
	for _, x := range []float64{1.0 / 3, 123456789.123456789, 1e-30} {
		if got := decimal(x + 1); got != x+1 {
			t.Errorf("decimal(%v + 1) = %v, want it kept", x, got)
		}
	}
}

func TestDefaultsAndX0Keys(t *testing.T) {
	m := send(newModel(t), repeat("space", 5)...)
	m = send(m, keyMsg("]"), keyMsg("]"))
	if ownRace(m).T() != 0 || ownRace(m).Settings().X0 != 12 {
		t.Fatalf("] ]: t = %d, x₀ = %v", ownRace(m).T(), ownRace(m).Settings().X0)
	}
	m = send(m, keyMsg("["))
	if ownRace(m).Settings().X0 != 11 {
		t.Fatalf("[: x₀ = %v", ownRace(m).Settings().X0)
	}
	m = send(m, keyMsg("f"), keyMsg("space"), keyMsg("p"), keyMsg("d"))
	if ownRace(m).Settings() != optimizers.Defaults() || ownRace(m).Objective().Name != "steep" {
		t.Fatal("d did not restore the lecture's settings on the landscape on screen, 10x²")
	}
	if ownRace(m).T() != 0 || m.c.stage.playing() {
		t.Errorf("d: t = %d, playing %v; want a paused restart", ownRace(m).T(), m.c.stage.playing())
	}
	// On x² too, d restarts, on the defaults already as well.
	m = send(m, append([]tea.Msg{keyMsg("]")}, repeat("space", 3)...)...)
	m = send(m, keyMsg("d"))
	if ownRace(m).T() != 0 || ownRace(m).Settings() != optimizers.Defaults() {
		t.Errorf("d after ]: t = %d, x₀ = %v", ownRace(m).T(), ownRace(m).Settings().X0)
	}
	m = send(m, repeat("space", 3)...)
	m = send(m, keyMsg("d"))
	if ownRace(m).T() != 0 || !strings.Contains(m.c.status.note, "the race restarts") {
		t.Errorf("d on the defaults: t = %d, message %q", ownRace(m).T(), m.c.status.note)
	}
}

// TestLandscapesCycle presses f through the nine landscapes: each restarts
// the race on itself, its chart or map fits, and f comes back to x².
func TestLandscapesCycle(t *testing.T) {
	m := send(send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}), repeat("space", 3)...)
	for _, want := range []string{"steep", "quartic", "bumpy", "bowl", "rosenbrock", "beale", "saddle", "himmelblau", "quadratic"} {
		m = send(m, keyMsg("f"))
		if ownRace(m).Objective().Name != want || ownRace(m).T() != 0 {
			t.Fatalf("f gave %s at t = %d, want %s at 0", ownRace(m).Objective().Name, ownRace(m).T(), want)
		}
		m = send(m, repeat("space", 30)...)
		checkFits(t, m.View(), 120, 40)
		named := "f(x) = "
		if ownRace(m).Objective().Dim == 2 {
			named = "f(x, y) = "
		}
		if !strings.Contains(m.View(), named+ownRace(m).Objective().Formula) {
			t.Errorf("%s: status bar does not name the function", want)
		}
	}
}

// TestLandscapesCycleHome: f around the landscapes comes back to the
// settings and start the session began with (the teacher's flags), not to
// x²'s defaults.
func TestLandscapesCycleHome(t *testing.T) {
	set := optimizers.Defaults()
	set.LR[optimizers.RMSProp], set.X0 = 0.1, 4
	m, err := New(Options{Settings: set, Tol: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("f", len(optimizers.Objectives()))...)
	if r := ownRace(m); r.Objective().Name != "quadratic" || r.Settings() != set || r.Tol() != 0.1 {
		t.Errorf("back on x²: %s at %+v, tol %g; want %+v, tol 0.1", r.Objective().Name, r.Settings(), r.Tol(), set)
	}
}

// TestViewerCannotEdit: a viewer's e, d, f and [ ] do not touch the shared
// race; f forks.
func TestViewerCannotEdit(t *testing.T) {
	presenter := newModel(t)
	v, _ := New(Options{Role: RoleViewer})
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40}, SharedRaceMsg{Race: ownRace(presenter).Freeze()})
	v = send(v, keys("e", "d", "[", "]")...)
	if v.c.editor.isOpen() || ownRace(v) != nil {
		t.Fatal("a following viewer edited")
	}
	v = send(v, keyMsg("f"))
	if v.c.stage.following || ownRace(v) == nil {
		t.Fatal("f did not fork")
	}
	v = send(v, keyMsg("f"), keyMsg("f")) // the first f at once only explains
	if ownRace(v).Objective().Name != "steep" {
		t.Fatal("after forking, f does not cycle the viewer's own landscape")
	}
}

func TestNeuronEditor(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, tea.KeyMsg{Type: tea.KeyShiftTab}, keyMsg("e"))
	if !m.c.editor.isOpen() {
		t.Fatal("e on the neuron screen did not open its editor")
	}
	m = tab(m, 6) // x0 x1 x2 w0 w1 w2, then b
	m = typeInto(m, "-7")
	m = enter(m)
	m = send(m, repeat("space", 4)...) // forward, then the first gradient
	if !strings.Contains(m.View(), "dead ReLU") {
		t.Errorf("b = −7 does not give a dead ReLU:\n%s", m.View())
	}
	m = send(m, keyMsg("e"))
	m = tab(m, 7) // α
	m = typeInto(m, "0")
	before := neuronOf(m).lesson.Params()
	m = enter(m)
	if !m.c.editor.isOpen() || neuronOf(m).lesson.Params() != before {
		t.Error("α = 0 was accepted by the neuron editor")
	}
}

func TestExportKey(t *testing.T) {
	t.Chdir(t.TempDir())
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 7)...)
	next, cmd := m.Update(keyMsg("x"))
	m = next.(*Model)
	if cmd == nil {
		t.Fatal("x returned no command")
	}
	m = send(m, cmd())
	if !strings.Contains(m.c.status.note, "exported t = 0…7 to optirace-") {
		t.Fatalf("status: %q", m.c.status.note)
	}
	path := strings.TrimPrefix(m.c.status.note[strings.Index(m.c.status.note, " to ")+4:], "./")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(string(b), "\n"); rows != 1+5*8 {
		t.Errorf("%s has %d lines, want a header and 5 × 8 rows", path, rows)
	}

	remote, _ := New(Options{Settings: optimizers.Defaults(), Remote: true})
	remote = send(remote, tea.WindowSizeMsg{Width: 120, Height: 40})
	next, cmd = remote.Update(keyMsg("x"))
	if cmd != nil || !strings.Contains(next.(*Model).View(), "off over SSH") {
		t.Error("x over SSH was not refused")
	}
	if entries, _ := os.ReadDir("."); len(entries) != 1 {
		t.Errorf("%d files in the folder, want the one local export", len(entries))
	}
}

// TestX0TooFarOut: the editor refuses an x₀ where the landscape overflows,
// beside the field; f starts each landscape at its own start.
func TestX0TooFarOut(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("space"), keyMsg("e"))
	m = enter(typeInto(tab(m, 1), "1e300"))
	if !m.c.editor.isOpen() || ownRace(m).Settings().X0 != 10 || ownRace(m).T() != 1 {
		t.Fatalf("x₀ = 1e300 applied: editing %v, x₀ = %v", m.c.editor.isOpen(), ownRace(m).Settings().X0)
	}
	want := "too far out: keep x₀ within 6.7e153 of x* = 0 on f(x) = x²"
	if !strings.Contains(m.View(), want) {
		t.Errorf("no %q beside the field:\n%s", want, m.View())
	}
	// 1e100 is fine for x², x², and x² + 10·sin(x), not for x⁴.
	m = enter(typeInto(m, "1e100"))
	if m.c.editor.isOpen() || ownRace(m).Settings().X0 != 1e100 {
		t.Fatalf("x₀ = 1e100 refused: editing %v, x₀ = %v", m.c.editor.isOpen(), ownRace(m).Settings().X0)
	}
	m = send(m, keyMsg("f"), keyMsg("f"))
	if got := ownRace(m).Objective().Name; got != "quartic" || ownRace(m).Settings().X0 != 10 || !strings.HasPrefix(m.c.status.note, "quartic: ") {
		t.Errorf("f f from x² at x₀ = 1e100: %s from x₀ = %v, message %q", got, ownRace(m).Settings().X0, m.c.status.note)
	}
}

// TestRaceOverAtTheStart: moved to x₀ = 0, every optimizer starts at the
// minimum, so the restart says the race is over, tied at t = 0.
func TestRaceOverAtTheStart(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	for range 10 {
		m = send(m, keyMsg("["))
	}
	if ownRace(m).Settings().X0 != 0 || m.c.status.note != overAtStart {
		t.Errorf("x₀ = %v: message %q, want %q", ownRace(m).Settings().X0, m.c.status.note, overAtStart)
	}
	m = send(m, keyMsg("r"))
	if m.c.status.note != overAtStart {
		t.Errorf("r at x₀ = 0: message %q, want %q", m.c.status.note, overAtStart)
	}
	// Started there, the race says so at once, and the note fits 80 columns
	// beside the help and quit hints.
	s := optimizers.Defaults()
	s.X0 = 0
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "? help · q quit") || !strings.Contains(view, overAtStart) {
		t.Errorf("started at x₀ = 0, the status bar:\n%s", view)
	}
}

// TestEditorRefusesWhatWasCut: after text was refused as too long, enter
// does not apply the part that fit; editing the field clears the refusal.
func TestEditorRefusesWhatWasCut(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("e"))
	m = typeInto(m, "1"+strings.Repeat("0", 39)+"e-100") // 45 characters, 1e-61
	m = enter(m)
	if !m.c.editor.isOpen() || ownRace(m).Settings() != optimizers.Defaults() || !strings.Contains(m.View(), "too long") {
		t.Fatalf("enter applied what was cut: editing %v, settings %+v", m.c.editor.isOpen(), ownRace(m).Settings())
	}
	m = send(m, keyMsg("left"))
	if m = enter(m); !m.c.editor.isOpen() {
		t.Fatal("a cursor key cleared the refusal")
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyBackspace})
	if m = enter(m); m.c.editor.isOpen() {
		t.Errorf("after an edit the field was still refused: %q", m.c.editor.editor.errs[0])
	}
}

// TestEditorAlwaysShows: with every field refused, the editor still shows in
// the smallest window, every field on screen, giving up its note, hint and
// all but the focused field's reason first.
func TestEditorAlwaysShows(t *testing.T) {
	for h := views.MinHeight; h <= 40; h++ {
		m := send(newModel(t), tea.WindowSizeMsg{Width: views.MinWidth, Height: h}, keyMsg("5"), keyMsg("e"))
		n := len(m.c.editor.editor.fields)
		for i := range n {
			m = typeInto(m, "x")
			if i < n-1 {
				m = tab(m, 1)
			}
		}
		m = enter(m) // focus moves to the first refused field, α
		view := ansi.Strip(m.View())
		if !m.c.editor.isOpen() || !strings.Contains(view, "Lane 5 of 5: Adam") {
			t.Fatalf("60×%d: the editor is not on screen:\n%s", h, view)
		}
		for _, p := range m.c.editor.editor.fields {
			if !strings.Contains(view, p.Symbol) {
				t.Errorf("60×%d: field %s is not on screen:\n%s", h, p.Symbol, view)
			}
		}
		if !strings.Contains(view, "not a number") {
			t.Errorf("60×%d: the focused field's reason is not on screen:\n%s", h, view)
		}
		checkFits(t, m.View(), views.MinWidth, h)
	}
}
