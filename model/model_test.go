package model

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

func newModel(t testing.TB) *Model {
	t.Helper()
	m, err := New(Options{Settings: optimizers.Defaults()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// send runs msgs through Update and returns the resulting model.
func send(m *Model, msgs ...tea.Msg) *Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(*Model)
	}
	return m
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func keys(ss ...string) []tea.Msg {
	out := make([]tea.Msg, len(ss))
	for i, s := range ss {
		out[i] = keyMsg(s)
	}
	return out
}

func repeat(s string, n int) []tea.Msg {
	out := make([]tea.Msg, n)
	for i := range out {
		out[i] = keyMsg(s)
	}
	return out
}

// TestGoldenFrames drives the whole program with teatest and compares the
// final frame at three sizes after 0, 1 and 25 steps.
func TestGoldenFrames(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {240, 60}} {
		for _, steps := range []int{0, 1, 25} {
			t.Run(fmt.Sprintf("%dx%d/t=%d", size[0], size[1], steps), func(t *testing.T) {
				tm := teatest.NewTestModel(t, newModel(t), teatest.WithInitialTermSize(size[0], size[1]))
				for range steps {
					tm.Send(keyMsg("space"))
				}
				want := []byte("t = " + strconv.Itoa(steps) + " ")
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, want) },
					teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
				tm.Send(keyMsg("q"))
				fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
				if ownRace(fm).T() != steps {
					t.Fatalf("t = %d, want %d", ownRace(fm).T(), steps)
				}
				golden.RequireEqual(t, []byte(fm.View()))
			})
		}
	}
}

func TestGoldenTooSmall(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 50, Height: 15})
	if !strings.Contains(m.View(), "terminal too small: need 60×18, have 50×15") {
		t.Fatalf("no too-small message:\n%s", m.View())
	}
	golden.RequireEqual(t, []byte(m.View()))
}

func TestStepsThenBacksRestoreExactly(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	start := slices.Clone(ownRace(m).Current())
	startView := m.View()
	m = send(m, repeat("space", 40)...)
	m = send(m, keys("right", "l", "n")...)
	if ownRace(m).T() != 43 {
		t.Fatalf("t = %d after 43 steps", ownRace(m).T())
	}
	m = send(m, repeat("left", 20)...)
	m = send(m, repeat("h", 20)...)
	m = send(m, keys("b", "b", "b")...)
	if ownRace(m).T() != 0 || !slices.Equal(ownRace(m).Current(), start) {
		t.Fatalf("after 43 steps and 43 backs: t = %d, state restored = %v", ownRace(m).T(), slices.Equal(ownRace(m).Current(), start))
	}
	if m.View() != startView {
		t.Error("the frame after stepping back to 0 differs from the first frame")
	}
	m = send(m, keyMsg("left"))
	if ownRace(m).T() != 0 {
		t.Error("back at t = 0 moved")
	}
}

func TestReset(t *testing.T) {
	m := send(newModel(t), repeat("space", 7)...)
	m = send(m, keyMsg("r"))
	if ownRace(m).T() != 0 || ownRace(m).State(int(optimizers.GD)).X[0] != 10 {
		t.Fatalf("reset: t = %d, x = %v", ownRace(m).T(), ownRace(m).State(int(optimizers.GD)).X)
	}
}

func TestFocusAndZoom(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("3"))
	if m.c.view.focus != int(optimizers.AdaGrad) || !strings.Contains(m.View(), "[3] AdaGrad") {
		t.Fatalf("focus = %v", m.c.view.focus)
	}
	m = send(m, keyMsg("z"))
	view := m.View()
	// AdaGrad's panel over the whole screen, the leaderboard strip under it.
	if !m.c.view.zoomed || strings.Contains(view, "RMSProp  α") || !strings.Contains(view, "[3] AdaGrad  α = 1  θ") ||
		!strings.Contains(view, "Leaderboard") {
		t.Fatalf("zoom did not show AdaGrad alone above the strip:\n%s", view)
	}
	m = send(m, keyMsg("esc"))
	if m.c.view.zoomed || !strings.Contains(m.View(), "RMSProp  α") {
		t.Fatal("esc did not leave zoom")
	}
	m = send(m, keys("z", "z")...)
	if m.c.view.zoomed {
		t.Fatal("z did not toggle zoom off")
	}
}

func TestKeysArrivingTogether(t *testing.T) {
	m := send(newModel(t), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("+++ nn3")})
	if ownRace(m).T() != 3 || speeds[m.c.stage.own.speed] != 30 || m.c.view.focus != int(optimizers.AdaGrad) {
		t.Fatalf("burst \"+++ nn3\": t = %d, speed %d, focus %v", ownRace(m).T(), speeds[m.c.stage.own.speed], m.c.view.focus)
	}
}

func TestSpeedBounds(t *testing.T) {
	m := send(newModel(t), repeat("+", 20)...)
	if speeds[m.c.stage.own.speed] != 60 || m.c.status.note != "already the fastest: 60 steps a second" {
		t.Errorf("max speed %d, note %q; want 60 and why + did nothing", speeds[m.c.stage.own.speed], m.c.status.note)
	}
	m = send(m, repeat("-", 20)...)
	if speeds[m.c.stage.own.speed] != 1 || m.c.status.note != "already the slowest: 1 step a second" {
		t.Errorf("min speed %d, note %q; want 1 and why - did nothing", speeds[m.c.stage.own.speed], m.c.status.note)
	}
}

func TestPlayTicks(t *testing.T) {
	m := newModel(t)
	next, cmd := m.Update(keyMsg("p"))
	m = next.(*Model)
	if !m.c.stage.playing() || cmd == nil {
		t.Fatal("p did not start playing")
	}
	playID := m.c.stage.own.tickID
	m = send(m, tickMsg{id: playID})
	if ownRace(m).T() != 1 {
		t.Fatalf("a current tick did not step: t = %d", ownRace(m).T())
	}
	// A speed change starts a new loop; the old loop's tick is dropped.
	m = send(m, keyMsg("+"))
	m = send(m, tickMsg{id: playID})
	if ownRace(m).T() != 1 {
		t.Fatal("a stale tick stepped the race")
	}
	m = send(m, tickMsg{id: m.c.stage.own.tickID})
	if ownRace(m).T() != 2 {
		t.Fatal("the new loop's tick did not step")
	}
	// Pause: even the current id no longer steps.
	m = send(m, keyMsg("p"))
	m = send(m, tickMsg{id: m.c.stage.own.tickID})
	if m.c.stage.playing() || ownRace(m).T() != 2 {
		t.Fatal("a tick stepped while paused")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := newModel(t).Update(keyMsg(k))
		if cmd == nil {
			t.Fatalf("%s returned no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s did not quit", k)
		}
	}
}

// TestShownNumbersAreTheEngines zooms into each optimizer after 3 steps and
// reads its table's last row back from the screen.
func TestShownNumbersAreTheEngines(t *testing.T) {
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		r.Step()
	}
	for _, k := range optimizers.Kinds() {
		m := send(newModel(t), tea.WindowSizeMsg{Width: 240, Height: 60}, keyMsg(strconv.Itoa(int(k)+1)), keyMsg("z"))
		m = send(m, repeat("space", 3)...)
		var row []string
		for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
			fields := strings.Fields(strings.Trim(line, "│┃ "))
			if len(fields) > 0 && fields[0] == "3" && row == nil { // the table's, not the strip's rank 3
				row = fields[1:]
			}
		}
		qs := k.Quantities()
		if len(row) != len(qs) {
			t.Fatalf("%v: row for t = 3 has %d numbers, want %d: %v", k, len(row), len(qs), row)
		}
		st := r.State(int(k))
		for i, q := range qs {
			got, err := strconv.ParseFloat(row[i], 64)
			want := q.Get(st)
			if err != nil || math.Abs(got-want) > 5e-6*math.Abs(want) {
				t.Errorf("%v %s: screen %q, engine %v", k, q.Symbol, row[i], want)
			}
		}
	}
}

func TestHelpToggles(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("?"))
	if !strings.Contains(m.View(), "reset to t = 0") {
		t.Fatal("? did not show the full help")
	}
	m = send(m, keyMsg("?"))
	if strings.Contains(m.View(), "reset to t = 0") {
		t.Fatal("? did not hide the help")
	}
	// Over the help, a key closes it and does nothing unseen behind it.
	for _, k := range []string{"space", "esc", "e", "r", "tab", "q"} {
		m = send(m, keyMsg("?"), keyMsg(k))
		if m.showHelp || ownRace(m).T() != 0 || m.c.editor.isOpen() || m.screen != screenRace {
			t.Errorf("%s over the help: help %v, t = %d, editing %v, screen %v", k, m.showHelp, ownRace(m).T(), m.c.editor.isOpen(), m.screen)
		}
	}
	if _, cmd := send(m, keyMsg("?")).Update(keyMsg("ctrl+c")); cmd == nil {
		t.Error("ctrl+c over the help does not quit")
	}
}

// TestBackPausesPlay: stepping back while playing pauses, so the step back
// stays on screen; at t = 0 it says there is nothing to step back.
func TestBackPausesPlay(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("left"))
	if !strings.Contains(m.View(), "at t = 0: nothing to step back") {
		t.Error("no word at t = 0")
	}
	m = send(m, repeat("space", 5)...)
	m = send(m, keyMsg("p"))
	if !m.c.stage.playing() {
		t.Fatal("p did not play")
	}
	m = send(m, keyMsg("left"))
	if m.c.stage.playing() || ownRace(m).T() != 4 {
		t.Errorf("after ←: playing %v, t = %d; want paused at 4", m.c.stage.playing(), ownRace(m).T())
	}
}

// checkFits fails unless the frame fills w×h exactly: h lines of w columns,
// so that no line spills over and no border is left broken.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	if view == "" {
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines in a %d×%d window", len(lines), w, h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw != w {
			t.Fatalf("line %d is %d wide in a %d×%d window: %q", i, lw, w, h, l)
		}
	}
}

// sizeEdges are the widths and heights where a layout changes, and one
// either side: every screen is drawn at each of them against a spread of
// the other dimension.
var (
	edgeWidths  = []int{1, 2, 30, views.MinWidth - 1, views.MinWidth, 61, 78, 79, 80, 100, views.MediumWidth - 1, views.MediumWidth, 113, 120, views.WideWidth - 1, views.WideWidth, 240, 300}
	edgeHeights = []int{1, 2, 12, views.MinHeight - 1, views.MinHeight, 19, 23, 24, 25, views.MediumHeight - 1, views.MediumHeight, 34, 35, 40, 60, 100}
	spreadSizes = []int{0, 7, 11} // indexes into the other dimension's edges, spread out
)

// sampledSizes are every edge width against a spread of heights and every
// edge height against a spread of widths.
func sampledSizes() [][2]int {
	var out [][2]int
	for _, w := range edgeWidths {
		for _, i := range spreadSizes {
			out = append(out, [2]int{w, edgeHeights[i*len(edgeHeights)/12]})
		}
	}
	for _, h := range edgeHeights {
		for _, i := range spreadSizes {
			out = append(out, [2]int{edgeWidths[i*len(edgeWidths)/12], h})
		}
	}
	return out
}

// TestEverySizeRenders draws every screen state at the layouts' edge
// sizes: each frame fills the window exactly. FuzzEverySize sweeps every
// size (go test -fuzz FuzzEverySize ./model/).
func TestEverySizeRenders(t *testing.T) {
	for _, st := range sizeStates(t) {
		for _, size := range sampledSizes() {
			m := send(st.m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			checkFits(t, m.View(), size[0], size[1])
		}
	}
}

// FuzzEverySize draws every screen state at any size up to 300×100.
func FuzzEverySize(f *testing.F) {
	f.Add(uint16(80), uint16(24))
	f.Add(uint16(199), uint16(23))
	f.Add(uint16(109), uint16(29))
	states := sizeStates(f)
	f.Fuzz(func(t *testing.T, w, h uint16) {
		width, height := int(w%301), int(h%101)
		for _, st := range states {
			m := send(st.m, tea.WindowSizeMsg{Width: width, Height: height})
			checkFits(t, m.View(), width, height)
		}
	})
}

// sizeState is a model in one of the states the size sweeps draw.
type sizeState struct {
	name string
	m    *Model
}

// sizeStates are the lecture's race after 30 steps, and a race with GD
// diverged (its panel gets a line saying its α is not the lecture's) in
// each panel content, zoomed and not, and on each screen.
func sizeStates(t testing.TB) []sizeState {
	t.Helper()
	out := []sizeState{{"lecture", send(newModel(t), repeat("space", 30)...)}}
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5
	for _, names := range [][]string{nil, {"t"}, {"t", "t"}, {"z"}, {"z", "t"}, {"z", "t", "t"}, {"tab"}, {"c"}, {"tab", "tab", "tab"}, {"?"}, {"e"}} {
		m, err := New(Options{Settings: s})
		if err != nil {
			t.Fatal(err)
		}
		m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
		m = send(m, repeat("space", 30)...)
		out = append(out, sizeState{strings.Join(names, " "), send(m, keys(names...)...)})
	}
	return out
}

// fuzzKeys are the keys the fuzz test presses.
var fuzzKeys = []string{
	"space", "left", "right", "r", "p", "+", "-", "1", "3", "5", "z", "esc", "t", "?",
	"f", "w", "q", "e", "d", "[", "]", "c", "tab", "shift+tab", "enter", "0", ".", "9", "ctrl+u",
}

// FuzzKeysAndSizes feeds random key presses and window sizes: no panic, and
// the frame always fits the window.
func FuzzKeysAndSizes(f *testing.F) {
	f.Add([]byte{0, 0, 0, 200, 10, 40, 1, 1})
	f.Add([]byte{255, 1, 1, 12, 255, 240, 60, 3, 4, 5})
	f.Add([]byte{255, 60, 18, 0, 12, 14, 10, 255, 0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		m := newModel(t)
		w, h := 80, 24
		m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
		for i := 0; i < len(ops); i++ {
			op := ops[i]
			if op == 255 && i+2 < len(ops) {
				w, h = int(ops[i+1])+int(ops[i+1])/2, int(ops[i+2])/2
				m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
				i += 2
			} else {
				m = send(m, keyMsg(fuzzKeys[int(op)%len(fuzzKeys)]))
			}
			checkFits(t, m.View(), w, h)
		}
	})
}
