package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// newOn is a model racing the lecture's five on obj at its own settings.
func newOn(t testing.TB, obj optimizers.Objective) *Model {
	t.Helper()
	m, err := New(Options{Settings: obj.Defaults(), Objective: obj})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGoldenTwoD: a 2-D race's screens at three sizes — the map with its
// lanes' rows, small maps (m), zoom (z), the live table (t), explain (i)
// and convergence (c).
func TestGoldenTwoD(t *testing.T) {
	bowl, _ := optimizers.ObjectiveByName("bowl")
	for _, size := range [][2]int{{80, 24}, {120, 40}, {240, 60}} {
		for _, v := range []struct {
			name string
			keys []string
		}{
			{"race", nil},
			{"small", []string{"m"}},
			{"zoom", []string{"3", "z"}},
			{"table", []string{"t"}},
			{"explain", []string{"3", "i"}},
			{"convergence", []string{"c"}},
		} {
			t.Run(fmt.Sprintf("%s/%dx%d", v.name, size[0], size[1]), func(t *testing.T) {
				m := send(newOn(t, bowl), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = send(m, repeat("space", 8)...)
				m = send(m, keys(v.keys...)...)
				checkFits(t, m.View(), size[0], size[1])
				golden.RequireEqual(t, []byte(m.View()))
			})
		}
	}
}

// TestTwoDCoordinatesReadable: on every 2-D landscape, at 80×24 and
// 120×40, the race screen shows each lane's x and y as the engine has
// them, signed, with at least three significant digits, after any number
// of steps.
func TestTwoDCoordinatesReadable(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(2) {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			m := send(newOn(t, obj), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			r := ownRace(m)
			for _, steps := range []int{0, 1, 9, 90, 900, 3000} {
				for r.T() < steps {
					r.Step()
				}
				view := ansi.Strip(m.View())
				for lane, label := range r.Labels() {
					row := rowOf(view, label)
					for i, name := range []string{"x", "y"} {
						v := r.State(lane).X[i]
						text := numfmt.Compact(v, 10)
						if !strings.Contains(row, " "+name+" ") || !strings.Contains(row, " "+text) {
							t.Errorf("%s %d×%d t=%d: %s's %s = %v (%s) is not in its row %q", obj.Name, size[0], size[1], steps, label, name, v, text, row)
						}
						if !threeDigits(text, v) {
							t.Errorf("%s t=%d: %s's %s = %v shown as %q, less than three significant digits", obj.Name, steps, label, name, v, text)
						}
					}
				}
			}
		}
	}
}

// rowOf is the line of view that starts a lane's row with label.
func rowOf(view, label string) string {
	for _, line := range strings.Split(view, "\n") {
		if strings.Contains(line, " "+label+" ") && strings.Contains(line, " x ") {
			return line
		}
	}
	return ""
}

// threeDigits reports whether text reads as v to at least three
// significant digits, its sign included (a short text may be v rounded to
// more digits, its zeros left off: "-1.6" for -1.5999999999999996).
func threeDigits(text string, v float64) bool {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return true // a diverged lane's last state, as the engine has it
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.Signbit(f) != math.Signbit(v) && v != 0 {
		return false
	}
	return math.Abs(f-v) <= 5e-3*math.Abs(v)
}

// TestLandscapeKeyCyclesAllNine: f goes through the four 1-D landscapes
// and the five 2-D ones, each from its own start at its own settings, and
// says what each teaches.
func TestLandscapeKeyCyclesAllNine(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	objs := optimizers.Objectives()
	for i := range objs {
		next := objs[(i+1)%len(objs)]
		m = send(m, keyMsg("space"), keyMsg("f"))
		r := ownRace(m)
		if r.Objective().Name != next.Name || r.Settings() != next.Defaults() || r.T() != 0 {
			t.Errorf("f from %s: %s at %+v, t = %d; want %s at its own settings", objs[i].Name, r.Objective().Name, r.Settings(), r.T(), next.Name)
		}
		if m.c.status.note != next.Name+": "+next.Lesson {
			t.Errorf("f to %s: note %q", next.Name, m.c.status.note)
		}
		if next.Dim == 2 && !strings.Contains(ansi.Strip(m.View()), next.Lesson[:40]) {
			t.Errorf("%s: the lesson is not on the map:\n%s", next.Name, ansi.Strip(m.View()))
		}
	}
}

// TestTwoDEditsTheStart: the editor has y₀ on a 2-D landscape; applied,
// the race replays from (x₀, y₀); a start where the landscape overflows is
// refused beside x₀.
func TestTwoDEditsTheStart(t *testing.T) {
	bowl, _ := optimizers.ObjectiveByName("bowl")
	m := send(newOn(t, bowl), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("space"), keyMsg("1"), keyMsg("e"))
	fields := m.c.editor.editor.fields
	if len(fields) != 3 || fields[1].Key != "x0" || fields[2].Key != "y0" {
		t.Fatalf("GD's fields on bowl: %+v", fields)
	}
	m = typeInto(tab(m, 2), "-3")
	m = enter(m)
	if s := ownRace(m).Settings().Start(); s != (optimizers.Vec{-8, -3}) || ownRace(m).T() != 1 {
		t.Fatalf("start %v at t = %d", s, ownRace(m).T())
	}
	m = send(m, keyMsg("e"))
	m = typeInto(tab(m, 2), "1e200")
	m = enter(m)
	if !m.c.editor.isOpen() || m.c.editor.editor.errs[1] == "" {
		t.Errorf("y₀ = 1e200 on bowl: editor open %v, errors %q", m.c.editor.isOpen(), m.c.editor.editor.errs)
	}
}

// TestSmallMapsKeyIsTwoD: m draws a small map per lane on a 2-D
// landscape, and on a 1-D one says it is for 2-D.
func TestSmallMapsKeyIsTwoD(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("m"))
	if m.c.view.small || !strings.Contains(m.c.status.note, "2-D") {
		t.Errorf("m on x²: small %v, note %q", m.c.view.small, m.c.status.note)
	}
	saddle, _ := optimizers.ObjectiveByName("saddle")
	m = send(newOn(t, saddle), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("m"))
	view := ansi.Strip(m.View())
	for _, label := range ownRace(m).Labels() {
		if strings.Count(view, label) < 2 { // its small map's title and its row
			t.Errorf("%s has no small map:\n%s", label, view)
		}
	}
}
