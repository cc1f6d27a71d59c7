package model

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// gdSweep is the learning-rate lesson the issue names: GD crawls, steps
// steadily, lands in one step, oscillates and diverges.
func gdSweep(t *testing.T) []optimizers.Lane {
	t.Helper()
	var lanes []optimizers.Lane
	for _, spec := range []string{"gd:lr=0.01", "gd:lr=0.1", "gd:lr=0.5", "gd:lr=0.9", "gd:lr=1.01"} {
		l, err := optimizers.ParseLane(spec, optimizers.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		lanes = append(lanes, l)
	}
	return lanes
}

// newLanes is a model racing lanes on the lecture's settings.
func newLanes(t *testing.T, lanes []optimizers.Lane) *Model {
	t.Helper()
	m, err := New(Options{Settings: optimizers.Defaults(), Lanes: lanes})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGDSweepShowsTheLesson: at 120×40 a five-lane GD sweep names each
// lane by its α and shows each lane's x as the engine has it, after a few
// steps: crawling, steady, landed, oscillating, growing.
func TestGDSweepShowsTheLesson(t *testing.T) {
	m := send(newLanes(t, gdSweep(t)), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 6)...)
	view := ansi.Strip(m.View())
	r := ownRace(m)
	for lane, label := range r.Labels() {
		if !strings.Contains(view, label) {
			t.Errorf("lane %d's label %q is not on screen", lane+1, label)
		}
		x := r.State(lane).X[0]
		if !strings.Contains(view, " "+numfmt.Compact(x, 7)+" ") {
			t.Errorf("%s: x = %v is not on screen:\n%s", label, x, view)
		}
	}
	// The lesson, in the engine's numbers: each lane's |x| after 6 steps.
	want := []float64{8.858423808, 2.62144, 0, 2.62144, 11.26162419}
	for lane, w := range want {
		if got := abs64(r.State(lane).X[0]); got < w-1e-6 || got > w+1e-6 {
			t.Errorf("%s: |x| = %v, want %v", r.Labels()[lane], got, w)
		}
	}
	if !strings.Contains(view, "settled at t=1") {
		t.Errorf("GD α=0.5 lands in one step, but the screen does not say so:\n%s", view)
	}
}

func abs64(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestSweepAndBack: s on the focused lane races it at α × 0.1 … 10 from
// t = 0, each α rounded to 12 digits, focused on the lane at its own α;
// s again brings back the lanes before, from t = 0.
func TestSweepAndBack(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("space"), keyMsg("space"), keyMsg("5"), keyMsg("s"))
	r := ownRace(m)
	if r.T() != 0 || len(r.Labels()) != 5 {
		t.Fatalf("after s: t = %d, %d lanes", r.T(), len(r.Labels()))
	}
	wantLR := []float64{0.05, 0.15, 0.5, 1.5, 5}
	for i, l := range r.Lanes() {
		if l.Kind != optimizers.Adam || l.Hyper.LR != wantLR[i] || l.Hyper.Beta1 != 0.9 {
			t.Errorf("lane %d = %+v, want Adam at α = %v", i+1, l, wantLR[i])
		}
	}
	if got := r.Labels(); !slices.Equal(got, []string{"Adam α=0.05", "Adam α=0.15", "Adam α=0.5", "Adam α=1.5", "Adam α=5"}) {
		t.Errorf("labels %q", got)
	}
	if m.c.lane() != 2 || !strings.Contains(m.c.status.note, "s again brings back the 5 lanes before") {
		t.Errorf("focus %d, note %q", m.c.lane(), m.c.status.note)
	}
	// Compact panels are titled by the lanes' names, as the ranking is.
	small := ansi.Strip(send(m, tea.WindowSizeMsg{Width: 100, Height: 30}).View())
	for _, label := range r.Labels() {
		if !strings.Contains(small, "─ "+label+" ─") && !strings.Contains(small, "] "+label+" ━") {
			t.Errorf("no panel titled %q at 100×30:\n%s", label, small)
		}
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, keyMsg("space"), keyMsg("s"))
	if r := ownRace(m); r.T() != 0 || !slices.Equal(r.Lanes(), optimizers.Defaults().Lanes()) || ownLanes(r) != nil {
		t.Errorf("s again: t = %d, lanes %v", r.T(), r.Labels())
	}
}

// TestSweepRoundsTheRates: α × 0.3 is 0.03, not 0.030000000000000002.
func TestSweepRoundsTheRates(t *testing.T) {
	lanes, err := sweepLanes(optimizers.Defaults().Lane(optimizers.GD))
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, l := range lanes {
		got = append(got, l.Hyper.LR)
	}
	if !slices.Equal(got, []float64{0.01, 0.03, 0.1, 0.3, 1}) {
		t.Errorf("GD sweep: %v", got)
	}
	huge := optimizers.Defaults().Lane(optimizers.GD)
	huge.Hyper.LR = 1e308
	if _, err := sweepLanes(huge); err == nil {
		t.Error("α = 1e308 swept without an error")
	}
}

// TestFocusKeysFollowTheLanes: 1–8 focus a lane that exists; a key past
// the race's lanes says so and changes nothing.
func TestFocusKeysFollowTheLanes(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("3"), keyMsg("7"))
	if m.c.lane() != 2 || m.c.status.note != "there is no lane 7: this race has 5" {
		t.Errorf("focus %d, note %q", m.c.lane(), m.c.status.note)
	}
	lanes := slices.Repeat(gdSweep(t)[:2], 4) // eight lanes
	m = send(newLanes(t, lanes), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("8"))
	if m.c.lane() != 7 || !strings.Contains(ansi.Strip(m.View()), "[8] GD #4  α = 0.1") {
		t.Errorf("focus %d:\n%s", m.c.lane(), ansi.Strip(m.View()))
	}
}

// TestEditorAddsRemovesAndChangesLanes: ctrl+t duplicates the lane on
// view, ctrl+o gives it the next optimizer, ctrl+x removes one, pgdn
// moves on; enter races them all, replayed to the race's step.
func TestEditorAddsRemovesAndChangesLanes(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("space"), keyMsg("space"), keyMsg("1"), keyMsg("e"))
	m = send(m, ctrl('t')) // a copy of GD, as lane 2
	m = typeInto(m, "0.5")
	m = send(m, ctrl('o')) // lane 2 becomes GDM at the landscape's settings
	if ed := m.c.editor.editor; !strings.HasPrefix(ed.title, "Lane 2 of 6: GDM") {
		t.Fatalf("editor title %q", ed.title)
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyPgDown}, tea.KeyMsg{Type: tea.KeyPgDown}) // lane 4, AdaGrad
	m = send(m, ctrl('x'))
	m = enter(m)
	r := ownRace(m)
	kinds := []optimizers.Kind{}
	for _, l := range r.Lanes() {
		kinds = append(kinds, l.Kind)
	}
	want := []optimizers.Kind{optimizers.GD, optimizers.Momentum, optimizers.Momentum, optimizers.RMSProp, optimizers.Adam}
	if !slices.Equal(kinds, want) || r.T() != 2 {
		t.Fatalf("lanes %v at t = %d, want %v at t = 2", r.Labels(), r.T(), want)
	}
	fresh, _ := race.New(optimizers.Defaults(), optimizers.Quadratic(), race.WithLanes(r.Lanes()))
	fresh.Step()
	fresh.Step()
	if !slices.Equal(fresh.Current(), r.Current()) {
		t.Error("the edited race differs from a fresh race of its lanes")
	}
	if m.c.status.note != "5 lanes: GD, GDM, GDM #2, RMSProp, Adam · replayed to t = 2" {
		t.Errorf("note %q", m.c.status.note)
	}
}

// TestEditorRefusesLaneCounts: no ninth lane and no race without lanes,
// each with the message --lane gives and what to do instead, and nothing
// changes.
func TestEditorRefusesLaneCounts(t *testing.T) {
	one := newLanes(t, gdSweep(t)[:1])
	one = send(one, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("e"), ctrl('x'))
	if ed := one.c.editor.editor; ed == nil || ed.alert != "a race holds 1 to 8 lanes, got 0: the last lane stays" {
		t.Fatalf("ctrl+x on the only lane: alert %q", one.c.editor.editor.alert)
	}
	if v := ansi.Strip(one.View()); !strings.Contains(v, "✗ a race holds 1 to 8 lanes, got 0: the last lane stays") {
		t.Errorf("the refusal is not on screen:\n%s", v)
	}
	eight := newLanes(t, slices.Repeat(gdSweep(t)[:2], 4))
	eight = send(eight, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("e"), ctrl('t'))
	if ed := eight.c.editor.editor; ed.alert != "a race holds 1 to 8 lanes, got 9: ctrl+x removes one first" {
		t.Errorf("ctrl+t on eight lanes: alert %q", ed.alert)
	}
	eight = send(eight, tea.KeyMsg{Type: tea.KeyEsc})
	if len(ownRace(eight).Labels()) != 8 {
		t.Errorf("%d lanes after esc", len(ownRace(eight).Labels()))
	}
}

// TestEditorKeepsTypedValuesAcrossLanes: a value typed before pgdn is
// kept, and a bad one stops pgdn with its reason under the field.
func TestEditorKeepsTypedValuesAcrossLanes(t *testing.T) {
	m := send(newLanes(t, gdSweep(t)), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("e"))
	m = typeInto(m, "0")
	m = send(m, tea.KeyMsg{Type: tea.KeyPgDown})
	ed := m.c.editor.editor
	if !strings.HasPrefix(ed.title, "Lane 1 of 5") || ed.errs[0] != "must be a finite number > 0" {
		t.Fatalf("pgdn past α = 0: title %q, errors %q", ed.title, ed.errs)
	}
	m = typeInto(m, "0.02")
	m = send(m, tea.KeyMsg{Type: tea.KeyPgDown})
	m = typeInto(m, "0.2")
	m = enter(m)
	got := []float64{ownRace(m).Lanes()[0].Hyper.LR, ownRace(m).Lanes()[1].Hyper.LR}
	if !slices.Equal(got, []float64{0.02, 0.2}) {
		t.Errorf("α of lanes 1 and 2: %v", got)
	}
}

// TestDefaultRaceEditKeepsSharedEps: in the lecture's five, ε is one for
// all: changing it on AdaGrad's lane changes RMSProp's and Adam's, and the
// race keeps the five of its settings.
func TestDefaultRaceEditKeepsSharedEps(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("3"), keyMsg("e"))
	m = typeInto(tab(m, 1), "0.5") // AdaGrad: α, ε, x₀
	m = enter(m)
	r := ownRace(m)
	if r.Settings().Eps != 0.5 || ownLanes(r) != nil {
		t.Fatalf("ε = %v, own lanes %v", r.Settings().Eps, ownLanes(r))
	}
	for _, k := range []optimizers.Kind{optimizers.AdaGrad, optimizers.RMSProp, optimizers.Adam} {
		if r.Lanes()[k].Hyper.Eps != 0.5 {
			t.Errorf("%v: ε = %v", k, r.Lanes()[k].Hyper.Eps)
		}
	}
}

// ctrl is the key ctrl+c for a letter c.
func ctrl(c rune) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyCtrlA + tea.KeyType(c-'a')}
}
