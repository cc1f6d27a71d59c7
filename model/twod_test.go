package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
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
			{"table-scrolled", []string{"t", "pgdown", "j"}},
			{"explain", []string{"3", "i"}},
			{"explain-adam", []string{"5", "i"}},
			{"explain-scrolled", []string{"5", "i", "pgdown"}},
			{"convergence", []string{"c"}},
			{"leaderboard", []string{"tab"}},
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

// TestTwoDLiveTableReadable: on every 2-D landscape, at 80×24 and
// 100×30, the live table shows each lane's x and y as the engine has them,
// signed, with at least three significant digits, after any number of
// steps, and never a number cut to #####.
func TestTwoDLiveTableReadable(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(2) {
		for _, size := range [][2]int{{80, 24}, {100, 30}} {
			m := send(newOn(t, obj), tea.WindowSizeMsg{Width: size[0], Height: size[1]}, keyMsg("t"))
			r := ownRace(m)
			for _, steps := range []int{0, 1, 9, 90, 900, 3000} {
				for r.T() < steps {
					r.Step()
				}
				view := ansi.Strip(m.View())
				if strings.Contains(view, "##") {
					t.Errorf("%s %d×%d t=%d: a number cut to #:\n%s", obj.Name, size[0], size[1], steps, view)
				}
				for i, name := range []string{"x", "y"} {
					cells := tableRow(view, name)
					if len(cells) != len(r.Labels()) {
						t.Fatalf("%s %d×%d t=%d: no row of %s for each lane: %q\n%s", obj.Name, size[0], size[1], steps, name, cells, view)
					}
					for lane, text := range cells {
						if v := r.State(lane).X[i]; !threeDigits(text, v) {
							t.Errorf("%s %d×%d t=%d: %s's %s = %v shown as %q, not three significant digits", obj.Name, size[0], size[1], steps, r.Labels()[lane], name, v, text)
						}
					}
				}
			}
		}
	}
}

// tableRow is the cells of the live table's row labelled label.
func tableRow(view, label string) []string {
	for _, line := range strings.Split(view, "\n") {
		fields := strings.Fields(strings.Trim(line, "│|"))
		if len(fields) > 0 && fields[0] == label {
			return fields[1:]
		}
	}
	return nil
}

// TestLiveTableScrolls: where the live table's rows do not all fit, ↓, j
// and pgdn bring the hidden ones into view (the footer counts them), never
// past the last; ↑, k and pgup go back to the first.
func TestLiveTableScrolls(t *testing.T) {
	bowl, _ := optimizers.ObjectiveByName("bowl")
	m := send(newOn(t, bowl), tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("space"), keyMsg("t"))
	view := ansi.Strip(m.View())
	if tableRow(view, "settled") != nil || !strings.Contains(view, "10 more below · ↓/↑ j/k scroll") {
		t.Fatalf("80×24: the table's last rows show, or no footer says they are hidden:\n%s", view)
	}
	m = send(m, keys("down", "j", "pgdown", "pgdown")...)
	view = ansi.Strip(m.View())
	if tableRow(view, "settled") == nil || tableRow(view, "x") != nil || !strings.Contains(view, "10 more above") || m.c.view.tableTop != 10 {
		t.Fatalf("scrolled to the end (top %d): want the last row and no more:\n%s", m.c.view.tableTop, view)
	}
	if ownRace(m).T() != 1 {
		t.Errorf("scrolling stepped the race: t = %d", ownRace(m).T())
	}
	m = send(m, keys("up", "k", "pgup")...)
	if m.c.view.tableTop != 0 || tableRow(ansi.Strip(m.View()), "x") == nil {
		t.Errorf("back up: top %d", m.c.view.tableTop)
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
		note := next.Name + ": " + next.Lesson // 1-D: the note says the lesson
		if next.Dim == 2 {
			note = next.Name + ", from its start: its lesson is over the map"
		}
		if m.c.status.note != note {
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
	// g, the 1-D charts' log scale, says what a map shows and changes nothing.
	before := m.View()
	m = send(m, keyMsg("g"))
	if m.c.view.logF || !strings.Contains(m.c.status.note, "always shaded by log(f − f*)") {
		t.Errorf("g on a map: log %v, note %q", m.c.view.logF, m.c.status.note)
	}
	if got := m.View(); strings.Split(got, "\n")[5] != strings.Split(before, "\n")[5] {
		t.Error("g changed the map")
	}
}

// TestTwoDPairsReadInASCII: with --ascii a coordinate pair is "x, y", not
// "x - y" or "x*y", which a class would read as a difference or a product.
func TestTwoDPairsReadInASCII(t *testing.T) {
	obj, err := optimizers.ObjectiveByName("saddle")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Options{Settings: obj.Defaults(), Objective: obj, ASCII: true})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = send(m, keys("space", "space", "space", "space")...)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "each coordinate's number: x, y") {
		t.Errorf("the lanes' title does not say x, y:\n%s", view)
	}
	lr := numfmt.Compact(obj.Defaults().LR[optimizers.GD], 10)
	if row := rowOf(view, "GD"); !strings.Contains(row, lr+",") {
		t.Errorf("GD's row does not pair its learning rates with a comma: %q", row)
	}
	// A window wide enough for three digits of x and y in one cell and too
	// short for a row per coordinate packs them.
	m = send(m, tea.WindowSizeMsg{Width: 240, Height: 24}, keyMsg("t"))
	row := ""
	for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.HasPrefix(line, "|x, y ") {
			row = line
		}
	}
	if !regexp.MustCompile(`[0-9], *[-0-9]`).MatchString(row) || regexp.MustCompile(`[0-9][*-][0-9]`).MatchString(row) {
		t.Errorf("the live table does not pair x and y with a comma: %q", row)
	}
}

// TestTwoDLeaderboardAndConvergenceSayDistance: on a 2-D landscape the
// leaderboard has each lane's distance to the nearest minimum, f(x, y), x
// and y as the engine has them, at 80 columns and at 240, in ASCII too;
// it and the convergence screen name the distance as one, never |x − x*|.
func TestTwoDLeaderboardAndConvergenceSayDistance(t *testing.T) {
	obj, _ := optimizers.ObjectiveByName("himmelblau")
	for _, ascii := range []bool{false, true} {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {240, 60}} {
			m, err := New(Options{Settings: obj.Defaults(), Objective: obj, ASCII: ascii})
			if err != nil {
				t.Fatal(err)
			}
			m = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			m = send(m, repeat("space", 12)...)
			m = send(m, keyMsg("tab"))
			view := ansi.Strip(m.View())
			name := fmt.Sprintf("ascii=%v %d×%d", ascii, size[0], size[1])
			if !regexp.MustCompile(`distance +f\(x, y\) +x +y`).MatchString(view) || strings.Contains(view, "x*|") ||
				!strings.Contains(view, "finish zone: distance to the nearest minimum < 0.001") {
				t.Errorf("%s: the leaderboard does not head distance, f(x, y), x, y or names |x − x*|:\n%s", name, view)
			}
			if head := rowWith(view, "distance"); strings.ContainsAny(head, "…~") {
				t.Errorf("%s: the leaderboard's header is cut: %q", name, head)
			}
			for _, st := range race.Standings(ownRace(m)) {
				fields := strings.Fields(strings.Trim(rowWith(view, " "+st.Label+" "), "│| "))
				if len(fields) < 4 {
					t.Fatalf("%s: no row for %s:\n%s", name, st.Label, view)
				}
				for i, v := range []float64{st.Distance, st.F, st.X[0], st.X[1]} {
					if text := fields[len(fields)-4+i]; !threeDigits(text, v) {
						t.Errorf("%s: %s's %v shown as %q in %q", name, st.Label, v, text, fields)
					}
				}
			}
			m = send(m, keyMsg("c"))
			view = ansi.Strip(m.View())
			if !strings.Contains(view, "Convergence  distance to the nearest minimum against t") ||
				!regexp.MustCompile(`distance( to the nearest minimum)? < 0\.001`).MatchString(view) || strings.Contains(view, "x*|") {
				t.Errorf("%s: the convergence screen does not name the distance:\n%s", name, view)
			}
		}
	}
}

// rowWith is the first line of view that has text.
func rowWith(view, text string) string {
	for _, line := range strings.Split(view, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	return ""
}

// TestLeaderboardBarFullOnlyInTheZone: on the bowl at t = 45 GD is a hair
// outside the zone (distance 0.00106 > tol 0.001): its bar is not full.
func TestLeaderboardBarFullOnlyInTheZone(t *testing.T) {
	bowl, err := optimizers.ObjectiveByName("bowl")
	if err != nil {
		t.Fatal(err)
	}
	m := send(newOn(t, bowl), tea.WindowSizeMsg{Width: 80, Height: 24})
	for range 45 {
		ownRace(m).Step()
	}
	r := ownRace(m)
	gd := r.Runner(int(optimizers.GD))
	if d := math.Hypot(gd.X[0], gd.X[1]); !(d >= r.Tol() && d < 2*r.Tol()) {
		t.Fatalf("GD at t = 45 is %v from the minimum: the test wants it just outside the zone", d)
	}
	m = send(m, keyMsg("tab"))
	for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.Contains(line, " GD ") && strings.Contains(line, "█") && !strings.Contains(line, "░") {
			t.Errorf("GD outside the zone has a full bar: %q", line)
		}
	}
}

// TestLongNoteLeavesTheLanes: on a 2-D race a note too long for the
// status bar is written above the lanes' rows, over the map's foot, and
// every lane's row stays in sight.
func TestLongNoteLeavesTheLanes(t *testing.T) {
	bowl, _ := optimizers.ObjectiveByName("bowl")
	m := send(newOn(t, bowl), tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("space"))
	m.c.status.note = "step limit 200 · GDM settled first at t = 175 · RMSProp and GD never reached the zone, and more words to wrap"
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "GDM settled first at t = 175") {
		t.Fatalf("the note is not on screen:\n%s", view)
	}
	for _, label := range ownRace(m).Labels() {
		if rowOf(view, label) == "" {
			t.Errorf("%s's row is covered:\n%s", label, view)
		}
	}
}
