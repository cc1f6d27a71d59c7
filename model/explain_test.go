package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// explained reads the explain screen: each equation's left-hand side and
// the number it ends on ("m̂ = … = 19.473684210789475"), where an equation's
// numbers may be on the line under its rule.
func explained(view string) map[string]float64 {
	out := map[string]float64{}
	lhs := ""
	for _, line := range strings.Split(ansi.Strip(view), "\n") {
		line = strings.Trim(line, "│ ")
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[1] == "=" {
			lhs = fields[0]
		} else if !strings.HasPrefix(line, "=") && !strings.HasPrefix(line, "+ ") && !strings.HasPrefix(line, "− ") { // a sum's terms go on over lines
			lhs = ""
			continue
		}
		if i := strings.LastIndex(" "+line, " = "); i >= 0 && lhs != "" { // "= 0.5", a result on its own line, too
			if v, err := strconv.ParseFloat(strings.TrimSpace(line[i+2:]), 64); err == nil {
				out[lhs] = v
			}
		}
	}
	return out
}

// explainedState is what each left-hand side of optimizer k's explain
// screen is in the engine's state.
func explainedState(k optimizers.Kind, s optimizers.State) map[string]float64 {
	want := map[string]float64{"g": s.Grad[0], "x": s.X[0]}
	switch k {
	case optimizers.GD:
	case optimizers.Momentum:
		want["v"] = s.Velocity[0]
	case optimizers.AdaGrad:
		want["G"], want["lr"] = s.G[0], s.EffectiveLR[0]
	case optimizers.RMSProp:
		want["E[g²]"], want["lr"] = s.EG2[0], s.EffectiveLR[0]
	case optimizers.Adam:
		want["m"], want["v"], want["m̂"], want["v̂"], want["lr"] = s.M[0], s.V[0], s.MHat[0], s.VHat[0], s.EffectiveLR[0]
	}
	return want
}

// TestExplainMatchesTheEngine: for every optimizer at several steps, i
// writes each quantity of the latest update with the number the engine
// computed (the numbers of table --format csv): exactly at 240×60, to the
// digits shown at 80×24. It follows focus, step and step back.
func TestExplainMatchesTheEngine(t *testing.T) {
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	states := map[int]race.Snapshot{}
	for r.T() < 40 {
		r.Step()
		states[r.T()] = slices.Clone(r.Current())
	}
	for _, size := range [][2]int{{240, 60}, {80, 24}} {
		m := send(newModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]}, keyMsg("i"))
		for _, at := range []int{1, 2, 7, 40, 39} {
			for ownRace(m).T() < at {
				m = send(m, keyMsg("space"))
			}
			for ownRace(m).T() > at {
				m = send(m, keyMsg("left"))
			}
			for _, k := range optimizers.Kinds() {
				m = send(m, keyMsg(strconv.Itoa(int(k)+1)))
				got := explained(m.View())
				want := explainedState(k, states[at][k].State)
				if len(got) != len(want) {
					t.Errorf("%v %v at t = %d: read %v, want %v:\n%s", size, k, at, got, want, m.View())
					continue
				}
				for lhs, w := range want {
					g := got[lhs]
					if size[0] == 240 && g != w || math.Abs(g-w) > 5e-6*math.Abs(w) {
						t.Errorf("%v %v at t = %d: %s = %v on screen, %v in the engine", size, k, at, lhs, g, w)
					}
				}
			}
		}
	}
}

// TestExplainAtTheStartAndAfterADivergence: at t = 0 the rules stand alone
// and the screen says a step fills them in; a diverged optimizer shows the
// step that diverged, however long the race went on.
func TestExplainAtTheStartAndAfterADivergence(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("i"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Explain GD · t = 0") || !strings.Contains(v, "a step fills in its numbers") ||
		!strings.Contains(v, "x = x − α·g") {
		t.Errorf("t = 0:\n%s", v)
	}
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("i"))
	m = send(m, repeat("space", 60)...)
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "Explain GD · step t = 20") || !strings.Contains(v, "step where GD diverged (t = 20)") ||
		explained(v)["x"] != ownRace(m).Runner(int(optimizers.GD)).X[0] {
		t.Errorf("diverged at 20, at t = 60:\n%s", v)
	}
	// GDM's note says how the slides write momentum.
	m = send(m, keyMsg("2"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "The slides write v = γ·v + α·∇L") {
		t.Errorf("GDM without the slide's note:\n%s", v)
	}
}

// TestGoldenViews pins the race screen, the live table, the convergence
// screen and the explain screen (Adam) after five steps at the sizes a
// classroom has.
func TestGoldenViews(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {240, 60}} {
		for _, v := range []struct {
			name string
			keys []string
		}{
			{"race", nil}, {"table", []string{"t"}}, {"convergence", []string{"c"}}, {"explain", []string{"5", "i"}},
		} {
			t.Run(fmt.Sprintf("%s/%dx%d", v.name, size[0], size[1]), func(t *testing.T) {
				m := send(newModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = send(m, repeat("space", 5)...)
				m = send(m, keys(v.keys...)...)
				checkFits(t, m.View(), size[0], size[1])
				golden.RequireEqual(t, []byte(m.View()))
			})
		}
	}
}

// explainedState2D is what each left-hand side of optimizer k's explain
// screen on a 2-D landscape is in the engine's state: each quantity for x
// and for y.
func explainedState2D(k optimizers.Kind, s optimizers.State) map[string]float64 {
	want := map[string]float64{}
	for c, name := range []string{"x", "y"} {
		one := explainedState(k, optimizers.State{
			X: optimizers.Vec{s.X[c]}, Grad: optimizers.Vec{s.Grad[c]}, Velocity: optimizers.Vec{s.Velocity[c]},
			G: optimizers.Vec{s.G[c]}, EG2: optimizers.Vec{s.EG2[c]}, M: optimizers.Vec{s.M[c]}, V: optimizers.Vec{s.V[c]},
			MHat: optimizers.Vec{s.MHat[c]}, VHat: optimizers.Vec{s.VHat[c]}, EffectiveLR: optimizers.Vec{s.EffectiveLR[c]},
		})
		for lhs, v := range one {
			if lhs == "x" {
				want[name] = v
			} else {
				want[lhs+"_"+name] = v
			}
		}
	}
	return want
}

// TestExplainTwoDShowsEveryResult: on every 2-D landscape, for each of the
// five, at 80×24 to 240×60, every equation's result is on the explain
// screen as the engine has it (to three significant digits where the
// numbers are shortened), the lines out of sight brought in by ↓ — the
// gradients' long substitutions cut before their results, never after.
func TestExplainTwoDShowsEveryResult(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(2) {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {240, 60}} {
			for lane := range optimizers.NumKinds {
				m := send(newOn(t, obj), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = send(m, repeat("space", 37)...)
				m = send(m, keyMsg(strconv.Itoa(lane+1)), keyMsg("i"))
				scr := m.screens[screenExplain].(*explainScreen)
				got := explained(m.View())
				for range 40 {
					top := scr.top
					m = send(m, keyMsg("j"))
					if scr.top == top {
						break
					}
					checkFits(t, m.View(), size[0], size[1])
					if view := ansi.Strip(m.View()); strings.Contains(view, "… │") || strings.Contains(view, "× … =") || strings.Contains(view, "+ … =") {
						t.Errorf("%s %d×%d lane %d: a line or a substitution cut:\n%s", obj.Name, size[0], size[1], lane+1, view)
					}
					for lhs, v := range explained(m.View()) {
						got[lhs] = v
					}
				}
				if strings.Contains(ansi.Strip(m.View()), "more below") {
					t.Errorf("%s %d×%d lane %d: ↓ stops before the last line:\n%s", obj.Name, size[0], size[1], lane+1, ansi.Strip(m.View()))
				}
				r := ownRace(m)
				for lhs, v := range explainedState2D(r.Lanes()[lane].Kind, r.State(lane)) {
					if g, ok := got[lhs]; !ok || math.Abs(g-v) > 5e-3*math.Abs(v) {
						t.Errorf("%s %d×%d %s: %s = %v on screen (shown: %v), engine %v", obj.Name, size[0], size[1], r.Labels()[lane], lhs, g, ok, v)
					}
				}
			}
		}
	}
}

// TestExplainScrollsAndSaysSo: Adam on Beale at 80×24 is taller than the
// window: the footer counts the lines below, ↓ and pgdn scroll to the last
// (the slides' note), ↑ and pgup back, and the race does not step.
func TestExplainScrollsAndSaysSo(t *testing.T) {
	beale, _ := optimizers.ObjectiveByName("beale")
	m := send(newOn(t, beale), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(m, repeat("space", 37)...)
	m = send(m, keys("5", "i")...)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "more below · ↓/↑ j/k scroll") || strings.Contains(view, "The slides write") {
		t.Fatalf("80×24 Adam on beale: no footer, or the end in sight:\n%s", view)
	}
	m = send(m, keys("pgdown", "pgdown", "down")...)
	view = ansi.Strip(m.View())
	if !strings.Contains(view, "The slides write") || !strings.Contains(view, "more above") || strings.Contains(view, "more below") {
		t.Errorf("scrolled to the end:\n%s", view)
	}
	if ownRace(m).T() != 37 {
		t.Errorf("scrolling stepped the race: t = %d", ownRace(m).T())
	}
	m = send(m, keys("pgup", "up", "k", "pgup")...)
	if view = ansi.Strip(m.View()); !strings.Contains(view, "The lecture's code for step 37") {
		t.Errorf("back up: the start is not in sight:\n%s", view)
	}
	m = send(m, keyMsg("?"))
	if view = ansi.Strip(m.View()); !strings.Contains(view, "scroll down") || !strings.Contains(view, "page up") {
		t.Errorf("? help on explain does not list the scroll keys:\n%s", view)
	}
}

// TestExplainASCIISaysAlpha: with --ascii, explain writes α as alpha, so
// that the effective learning rate's line does not read lr = lr / ….
func TestExplainASCIISaysAlpha(t *testing.T) {
	m, err := New(Options{Settings: optimizers.Defaults(), ASCII: true})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("space"), keyMsg("space"), keyMsg("5"), keyMsg("i"))
	view := ansi.Strip(m.View())
	for _, want := range []string{"with alpha = 0.5", "lr = alpha / (sqrt(v^) + eps)", "x - alpha*m^"} {
		if !strings.Contains(view, want) {
			t.Errorf("no %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "lr = lr") {
		t.Errorf("lr = lr on screen:\n%s", view)
	}
}
