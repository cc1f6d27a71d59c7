package model

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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
	start := *ownRace(m).Current()
	startView := m.View()
	m = send(m, repeat("space", 40)...)
	m = send(m, keys("right", "l", "n")...)
	if ownRace(m).T() != 43 {
		t.Fatalf("t = %d after 43 steps", ownRace(m).T())
	}
	m = send(m, repeat("left", 20)...)
	m = send(m, repeat("h", 20)...)
	m = send(m, keys("b", "b", "b")...)
	if ownRace(m).T() != 0 || *ownRace(m).Current() != start {
		t.Fatalf("after 43 steps and 43 backs: t = %d, state restored = %v", ownRace(m).T(), *ownRace(m).Current() == start)
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
	if ownRace(m).T() != 0 || ownRace(m).State(optimizers.GD).X != 10 {
		t.Fatalf("reset: t = %d, x = %v", ownRace(m).T(), ownRace(m).State(optimizers.GD).X)
	}
}

func TestFocusAndZoom(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("3"))
	if m.c.view.focus != optimizers.AdaGrad || !strings.Contains(m.View(), "[3] AdaGrad") {
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
	if ownRace(m).T() != 3 || speeds[m.c.stage.own.speed] != 30 || m.c.view.focus != optimizers.AdaGrad {
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
		st := r.State(k)
		for i, q := range qs {
			got, err := strconv.ParseFloat(row[i], 64)
			want := q.Get(st)
			if err != nil || math.Abs(got-want) > 5e-6*math.Abs(want) {
				t.Errorf("%v %s: screen %q, engine %v", k, q.Symbol, row[i], want)
			}
		}
	}
}

func TestViewerFollowsForksAndRejoins(t *testing.T) {
	var published *race.Frozen
	presenter := newPublishing(t, func(f *race.Frozen) { published = f })
	presenter = send(presenter, repeat("space", 5)...)
	if published == nil || published.T() != 5 {
		t.Fatal("presenter did not publish its steps")
	}
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(v.View(), "waiting for the presenter") {
		t.Error("viewer without a race does not say it is waiting")
	}
	v = send(v, SharedRaceMsg{Race: published})
	if !strings.Contains(v.View(), "t = 5 ") {
		t.Fatal("viewer does not show the shared race")
	}
	v = send(v, keys("space", "left", "r", "p")...)
	if v.c.stage.live.race.T() != 5 || !strings.Contains(v.c.status.note, "the presenter drives this race · f forks your own copy") {
		t.Fatal("a viewer's key changed the shared race or went unexplained")
	}
	v = send(v, keyMsg("f"))
	if v.c.stage.following || ownRace(v) == nil || ownRace(v).T() != 5 || *ownRace(v).Current() != *ownRace(presenter).Current() {
		t.Fatal("fork did not give a private copy at the same step")
	}
	// f at once again does not restart the copy on another landscape: it
	// says what f does now.
	v = send(v, keyMsg("f"))
	if ownRace(v).T() != 5 || ownRace(v).Objective().Name != "quadratic" || !strings.Contains(v.c.status.note, "f again changes its landscape") {
		t.Fatalf("f right after the fork: t = %d on %s, message %q", ownRace(v).T(), ownRace(v).Objective().Name, v.c.status.note)
	}
	v = send(v, keyMsg("space"))
	if ownRace(v).T() != 6 || ownRace(presenter).T() != 5 {
		t.Fatal("the fork did not step on its own")
	}
	if view := ansi.Strip(v.View()); !strings.Contains(view, "your copy · w rejoins") || strings.Contains(view, "w rejoin live race") {
		t.Errorf("a copy's status bar should say once that w rejoins:\n%s", view)
	}
	v = send(v, keyMsg("w"))
	if !v.c.stage.following || !strings.Contains(v.View(), "t = 5 ") {
		t.Fatal("w did not rejoin the live race")
	}
	v = send(v, keyMsg("w"))
	if !v.c.stage.following || v.c.status.note != "already following the live race" {
		t.Errorf("w while live: following %v, message %q", v.c.stage.following, v.c.status.note)
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

// TestPlayRunsToTheEnd plays the race with ticks until it stops by itself:
// on the lecture's defaults RMSProp never settles, so play goes on to the
// step limit, and the result says who settled first and what became of
// RMSProp. Where everyone settles, play stops once the last has stayed
// settled for race.SettleHold steps.
func TestPlayRunsToTheEnd(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 240, Height: 60}, keyMsg("p"))
	for i := 0; m.c.stage.playing() && i < 2000; i++ {
		m = send(m, tickMsg{id: m.c.stage.own.tickID})
	}
	if m.c.stage.playing() || ownRace(m).T() != 1000 || ownRace(m).Over() {
		t.Fatalf("auto-play stopped at t = %d (playing %v, over %v)", ownRace(m).T(), m.c.stage.playing(), ownRace(m).Over())
	}
	const want = "step limit 1000 · GD settled first at t = 42 · RMSProp left the zone at t = 73 · bouncing ±0.50"
	if m.c.status.note != want || !strings.Contains(m.View(), want) {
		t.Errorf("result %q, want %q:\n%s", m.c.status.note, want, m.View())
	}
	m = send(m, keyMsg("p"))
	if m.c.stage.playing() || !strings.Contains(m.c.status.note, "r resets") {
		t.Error("p at the step limit restarted auto-play")
	}

	m, err := New(endingOptions())
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("p"))
	for i := 0; m.c.stage.playing() && i < 2000; i++ {
		m = send(m, tickMsg{id: m.c.stage.own.tickID})
	}
	last := 0
	for _, k := range optimizers.Kinds() {
		last = max(last, ownRace(m).Runner(k).SettledAt)
	}
	if !ownRace(m).Over() || ownRace(m).T() != last+race.SettleHold || m.c.status.note != endingResult {
		t.Errorf("everyone settles: stopped at t = %d (last settled %d), note %q", ownRace(m).T(), last, m.c.status.note)
	}
	// p after the race plays on to the step limit.
	if m = send(m, keyMsg("p")); !m.c.stage.playing() || !strings.Contains(m.c.status.note, "playing on to t = 1000") {
		t.Fatalf("p after the race: playing %v, message %q", m.c.stage.playing(), m.c.status.note)
	}
}

func TestPlayStopsAtMaxSteps(t *testing.T) {
	m, err := New(Options{Settings: optimizers.Defaults(), MaxSteps: 50})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, keyMsg("p"))
	for i := 0; m.c.stage.playing() && i < 2000; i++ {
		m = send(m, tickMsg{id: m.c.stage.own.tickID})
	}
	if ownRace(m).T() != 50 || !strings.Contains(m.c.status.note, "step limit 50") {
		t.Fatalf("stopped at t = %d: %q", ownRace(m).T(), m.c.status.note)
	}
}

func TestDivergedPanel(t *testing.T) {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 300)...)
	view := m.View()
	if !strings.Contains(view, "DIVERGED at t=20") || !strings.Contains(view, "DNF") {
		t.Fatalf("no DIVERGED badge or DNF:\n%s", view)
	}
	// Long after it diverged, GD's table still shows the steps that led
	// there: x_19 = 10·(−2)¹⁹.
	if !strings.Contains(view, "┃ 19 -5.243e6 ") {
		t.Errorf("at t = 300 GD's table lost the steps before its divergence:\n%s", view)
	}
	m = send(m, keyMsg("c"))
	if v := m.View(); !strings.Contains(v, "GD DNF t=20") || !strings.Contains(v, "RMSProp reached t=20, left t=73") {
		t.Errorf("convergence legend:\n%s", v)
	}
	// Every series is marked with its glyph, GD's where it diverged.
	marks := []rune(chartNumbers(m.View()))
	slices.Sort(marks)
	if string(slices.Compact(marks)) != "12345" {
		t.Errorf("the chart marks %q, want each of 1–5:\n%s", string(marks), m.View())
	}
}

// TestGoldenRaceScreens compares, at 120×40 after the race, the race screen
// with its leaderboard strip, the leaderboard and the convergence screen.
func TestGoldenRaceScreens(t *testing.T) {
	for _, c := range []struct {
		name string
		keys []string
		want string
	}{
		{"strip", nil, "Leaderboard t = 276"},
		{"leaderboard", []string{"tab"}, "start → finish zone"},
		{"convergence", []string{"c"}, "Convergence"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := teatest.NewTestModel(t, newModel(t), teatest.WithInitialTermSize(120, 40))
			tm.Type(strings.Repeat(" ", 276))
			for _, k := range c.keys {
				if k == "tab" {
					tm.Send(tea.KeyMsg{Type: tea.KeyTab})
				} else {
					tm.Send(keyMsg(k))
				}
			}
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return bytes.Contains(b, []byte("t = 276 ")) && bytes.Contains(b, []byte(c.want))
			}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
			tm.Send(keyMsg("q"))
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
			golden.RequireEqual(t, []byte(fm.View()))
		})
	}
}

func TestNeuronScreen(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	for range 3 {
		m = send(m, tea.KeyMsg{Type: tea.KeyTab})
	}
	if m.screen != screenNeuron {
		t.Fatalf("three tabs reach screen %d", m.screen)
	}
	m = send(m, repeat("space", 10)...)
	view := m.View()
	for _, want := range []string{"= [-3.01, -0.98, 1.97]", "b = 1 − 0.01 × 1 = 0.99", "new out = 5.85", "neuron lesson · iteration 1"} {
		if !strings.Contains(view, want) {
			t.Errorf("neuron screen lacks %q:\n%s", want, view)
		}
	}
	if ownRace(m).T() != 0 {
		t.Error("stepping the neuron stepped the race")
	}
	m = send(m, keyMsg("p"))
	if m.c.stage.playing() || !strings.Contains(m.View(), "is for the race") {
		t.Error("p on the neuron screen started the race unexplained")
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyTab}, keyMsg("space"))
	if m.screen != screenRace || ownRace(m).T() != 1 {
		t.Error("tab did not return to the race")
	}
	// A viewer waiting for the presenter can still do the lesson.
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40}, tea.KeyMsg{Type: tea.KeyShiftTab}, keyMsg("space"))
	if !strings.Contains(v.View(), "x·w") {
		t.Errorf("a waiting viewer cannot reach the neuron lesson:\n%s", v.View())
	}
}

func TestViewerSeesThePresentersTempo(t *testing.T) {
	var published *race.Frozen
	presenter := newPublishing(t, func(f *race.Frozen) { published = f })
	send(presenter, keys("+", "+", "p")...)
	if published == nil || !published.Tempo.Playing || published.Tempo.StepsPerSecond != 20 {
		t.Fatalf("presenter's tempo not published: %+v", published)
	}
	v, _ := New(Options{Role: RoleViewer})
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40}, SharedRaceMsg{Race: published})
	if !strings.Contains(v.View(), "▶ playing 20/s") {
		t.Errorf("viewer does not show the presenter playing at 20/s:\n%s", v.View())
	}
	v = send(v, keyMsg("f"))
	if speeds[v.c.stage.own.speed] != 20 || v.c.stage.playing() {
		t.Errorf("a fork starts at %d/s, playing %v; want the presenter's 20/s, paused", speeds[v.c.stage.own.speed], v.c.stage.playing())
	}
}

func TestViewerHelpListsViewerKeys(t *testing.T) {
	v, _ := New(Options{Role: RoleViewer})
	v = send(v, tea.WindowSizeMsg{Width: 200, Height: 50}, SharedRaceMsg{Race: ownRace(newModel(t)).Freeze()}, keyMsg("?"))
	view := v.View()
	for _, want := range []string{"fork a copy", "focus optimizer", "next screen", "quit"} {
		if !strings.Contains(view, want) {
			t.Errorf("viewer help lacks %q", want)
		}
	}
	for _, refused := range []string{"step all five", "next landscape", "rejoin", "edit settings"} {
		if strings.Contains(view, refused) {
			t.Errorf("viewer help lists %q, which a following viewer cannot use", refused)
		}
	}
}

func TestPresenterConfirmsQuit(t *testing.T) {
	ended := 0
	presenter := func(viewers int) *Model {
		m, _ := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{OnEnd: func() { ended++ }}})
		return send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, ViewersMsg{Count: viewers})
	}
	m := presenter(3)
	cmd := m.handleKey(keyMsg("q"))
	if m.done || cmd == nil || !strings.Contains(m.View(), "q again to end class for 3 viewers") {
		t.Fatalf("first q: quit %v, lapse timer %v, view:\n%s", m.done, cmd != nil, m.View())
	}
	if m = send(m, keyMsg("space"), keyMsg("q")); m.done {
		t.Fatal("q after another key quit at once")
	}
	// Unanswered, the question lapses: a q much later asks again.
	m = send(m, quitExpiredMsg{id: m.c.status.quitID})
	if m.c.status.quitting || m.c.status.note != "the class goes on" {
		t.Errorf("the question did not lapse: quitting %v, message %q", m.c.status.quitting, m.c.status.note)
	}
	if m = send(m, keyMsg("q")); m.done {
		t.Error("q after the question lapsed quit at once")
	}
	if _, cmd = m.Update(keyMsg("q")); cmd == nil || !m.done || ended != 1 {
		t.Fatalf("q twice: quit %v, the class ended %d times", cmd != nil, ended)
	}
	// ctrl+c asks too: it is also the copy key of many terminals.
	m = send(presenter(3), keyMsg("ctrl+c"))
	if m.done || !strings.Contains(m.View(), "ctrl+c again to end class for 3 viewers") {
		t.Fatal("ctrl+c quit at once")
	}
	if _, cmd = m.Update(keyMsg("ctrl+c")); cmd == nil || ended != 2 {
		t.Fatalf("ctrl+c twice: quit %v, the class ended %d times", cmd != nil, ended)
	}
	// With nobody watching, q quits at once.
	if _, cmd = presenter(0).Update(keyMsg("q")); cmd == nil {
		t.Fatal("q with no viewers asked again")
	}
}

// TestASCIIFramesAreASCII walks every screen with --ascii at several sizes:
// no frame holds a character outside ASCII, for fonts that lack them.
func TestASCIIFramesAreASCII(t *testing.T) {
	m, err := New(Options{Settings: optimizers.Defaults(), ASCII: true})
	if err != nil {
		t.Fatal(err)
	}
	steps := [][]string{
		nil,
		{"space", "space", "space"},
		{"1", "z"},
		{"esc", "?"},
		{"?", "e"},
		{"x", "enter"},
		{"esc", "p", "p"},
		{"f", "f", "f"},
		{"tab"},
		{"tab"},
		{"space", "space", "space", "space", "space"},
		{"space", "space", "space", "space", "space", "space", "space", "space", "space", "space"},
		{"?"},
		{"?", "e"},
		{"esc", "tab"},
		{"tab"},
	}
	for i, keysNow := range steps {
		m = send(m, keys(keysNow...)...)
		if i == 1 {
			golden.RequireEqual(t, []byte(send(m, tea.WindowSizeMsg{Width: 120, Height: 40}).View()))
		}
		for _, size := range [][2]int{{30, 5}, {80, 24}, {120, 40}, {240, 60}} {
			m = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for n, line := range strings.Split(ansi.Strip(m.View()), "\n") {
				if j := strings.IndexFunc(line, func(r rune) bool { return r >= utf8.RuneSelf }); j >= 0 {
					t.Errorf("after %v, %dx%d, line %d: %q", steps[:i+1], size[0], size[1], n, line)
				}
			}
		}
	}
}

// TestTiedWinners: runners finishing at the same step share the win.
func TestTiedWinners(t *testing.T) {
	s := optimizers.Defaults()
	s.X0 = 0
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.c.stage.result(), "race over · GD, GDM, AdaGrad, RMSProp, Adam tied: settled first at t = 0"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
}

// TestRaceLayoutDetails: the strip lists all five at 200×24; every panel
// words its badge alike, as long as the narrowest allows; a panel with
// changed settings keeps its chart level with its neighbours'; and t at
// 80×24 (charts only by default) goes straight to tables.
func TestRaceLayoutDetails(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 200, Height: 24})
	for _, k := range optimizers.Kinds() {
		if !strings.Contains(m.View(), "5  ") || !strings.Contains(m.View(), k.String()+" ") {
			t.Errorf("200×24: the strip lacks %v:\n%s", k, m.View())
		}
	}

	// At t = 130 Adam has just settled (GDM reached the zone at 126 and
	// left it at 127).
	m = send(newModel(t), repeat("space", 130)...)
	for _, tc := range []struct {
		w, h       int
		want, not1 string
	}{
		{240, 60, "settled at t=130", "settled t="},
		{120, 40, "settled at t=130", "settled t="},
		{110, 30, "settled at t=130", "settled t="},
		{109, 30, "settled t=130", "settled at"},
		{60, 18, "settled t=130", "settled at"},
	} {
		view := send(m, tea.WindowSizeMsg{Width: tc.w, Height: tc.h}).View()
		if !strings.Contains(view, tc.want) || strings.Contains(view, tc.not1) {
			t.Errorf("%d×%d: badges should read %q, not %q:\n%s", tc.w, tc.h, tc.want, tc.not1, view)
		}
	}

	m = send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("2"), keyMsg("e"))
	m = send(m, keyMsg("0"), keyMsg("."), keyMsg("3"), keyMsg("tab"), keyMsg("0"), keyMsg("."), keyMsg("5"), keyMsg("enter"))
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if !strings.Contains(m.View(), "α = 0.3, γ = 0.5 (lecture 0.1, 0.9)") {
		t.Errorf("GDM's panel does not say what changed:\n%s", m.View())
	}
	for i, l := range lines {
		if strings.Contains(l, "│100│") != strings.Contains(l, "┃100│") && strings.HasPrefix(l, "╭") {
			t.Errorf("line %d: charts not level: %q", i, l)
		}
	}
	if top := lines[1]; strings.Count(top, "100") != 3 {
		t.Errorf("the three charts' tops are not on one line: %q", top)
	}

	// t shows the live table, and t again the panels, at every size and
	// zoomed too.
	for _, size := range [][2]int{{80, 24}, {60, 18}, {240, 60}} {
		for _, zoom := range []bool{false, true} {
			m = send(newModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			if zoom {
				m = send(m, keyMsg("z"))
			}
			for i, want := range []string{"showing the live table", "showing panels"} {
				before := m.View()
				m = send(m, keyMsg("t"))
				if m.c.status.note != want || m.View() == before {
					t.Errorf("%v zoomed %v, t press %d: note %q (want %q), screen changed %v", size, zoom, i+1, m.c.status.note, want, m.View() != before)
				}
			}
		}
	}
}

// TestBackPastTheWindowDrawsAsAStraightRun is the reviewer's bug: at 120×40,
// run the lecture's race to its end (t = 276) and step back 148 times to
// t = 128. The tables and trajectories must be drawn as in a race stepped
// straight to 128 (they had shrunk to the current step alone), and also
// one and two steps further on.
func TestBackPastTheWindowDrawsAsAStraightRun(t *testing.T) {
	size := tea.WindowSizeMsg{Width: 120, Height: 40}
	back := send(newModel(t), size)
	back = send(back, repeat("space", 276)...)
	back = send(back, repeat("left", 148)...)
	straight := send(newModel(t), size)
	straight = send(straight, repeat("space", 128)...)
	for _, at := range []int{128, 129, 130} {
		if ownRace(back).T() != at || ownRace(straight).T() != at {
			t.Fatalf("t = %d and %d, want %d", ownRace(back).T(), ownRace(straight).T(), at)
		}
		if got, want := back.View(), straight.View(); got != want {
			t.Fatalf("at t = %d after stepping back from 276 the frame differs from a straight run:\n%s\nwant:\n%s", at, got, want)
		}
		back = send(back, keyMsg("space"))
		straight = send(straight, keyMsg("space"))
	}
}

// TestSteppingToTheEndSaysSo: the step that ends the race by hand reports
// the result, as play does.
func TestSteppingToTheEndSaysSo(t *testing.T) {
	m, err := New(Options{Settings: optimizers.Defaults(), Tol: 5})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	for !ownRace(m).Over() {
		if m.c.status.note != "" {
			t.Fatalf("t = %d: message %q before the race is over", ownRace(m).T(), m.c.status.note)
		}
		m = send(m, keyMsg("space"))
	}
	if want := "race over · RMSProp settled first at t = 2"; m.c.status.note != want {
		t.Errorf("at t = %d: message %q, want %q", ownRace(m).T(), m.c.status.note, want)
	}
}

// TestAllDivergedStepsNoFurther: with every optimizer diverged (α = 1e300
// throws each one out of float64's range at t = 1) a step would change
// nothing; space says what to do instead.
func TestAllDivergedStepsNoFurther(t *testing.T) {
	s := optimizers.Defaults()
	for _, k := range optimizers.Kinds() {
		s.LR[k] = 1e300
	}
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("space"), keyMsg("space"))
	if ownRace(m).T() != 1 || !strings.Contains(m.c.status.note, "every optimizer has diverged") {
		t.Errorf("t = %d, message %q", ownRace(m).T(), m.c.status.note)
	}
	checkFits(t, m.View(), 120, 40)
}

// TestViewerHearsTheResult: a viewer's note of a refused key lasts until the
// presenter's race moves on, and the step that ends the race tells the
// viewer who won, as it tells the presenter.
func TestViewerHearsTheResult(t *testing.T) {
	var published *race.Frozen
	presenter, err := New(Options{
		Settings: optimizers.Defaults(), Tol: 5, Role: RolePresenter,
		Class: ClassFuncs{OnPublish: func(f *race.Frozen) { published = f }},
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40})
	presenter = send(presenter, keyMsg("space"))
	v = send(v, SharedRaceMsg{Race: published}, keyMsg("space"))
	if !strings.Contains(v.c.status.note, "the presenter drives") {
		t.Fatalf("no refusal note: %q", v.c.status.note)
	}
	for !ownRace(presenter).Over() {
		presenter = send(presenter, keyMsg("space"))
		v = send(v, SharedRaceMsg{Race: published})
		if !ownRace(presenter).Over() && v.c.status.note != "" {
			t.Fatalf("t = %d: the viewer still reads %q", published.T(), v.c.status.note)
		}
	}
	if want := "race over · RMSProp settled first at t = 2"; v.c.status.note != want {
		t.Errorf("viewer reads %q, want %q", v.c.status.note, want)
	}
}

// TestViewerNoticeOnTheNeuronScreen: a viewer on the neuron lesson still
// reads the server's notice about the presenter.
func TestViewerNoticeOnTheNeuronScreen(t *testing.T) {
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	const notice = "presenter away · waiting"
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40}, SharedRaceMsg{Race: r.Freeze(), Notice: notice})
	for v.screen != screenNeuron {
		v = send(v, keyMsg("tab"))
	}
	if !strings.Contains(v.View(), notice) {
		t.Errorf("the neuron screen does not show %q:\n%s", notice, v.View())
	}
}

// TestTooSmallKeysDoNothingUnseen: while the window is too small to show
// the race, keys change nothing but q still quits; on the neuron screen in a
// window too small for it, only the keys that leave the screen act.
func TestTooSmallKeysDoNothingUnseen(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("e"))
	m = send(m, tea.WindowSizeMsg{Width: 20, Height: 5}, keyMsg("3"), keyMsg("enter"))
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if !m.c.editor.isOpen() || ownRace(m).Settings().LR[optimizers.GD] != optimizers.Defaults().LR[optimizers.GD] {
		t.Fatalf("keys typed into a hidden editor acted: editing %v, α = %v", m.c.editor.isOpen(), ownRace(m).Settings().LR[optimizers.GD])
	}
	m = send(m, keyMsg("esc"), tea.WindowSizeMsg{Width: 20, Height: 5}, keyMsg("space"), keyMsg("tab"))
	if ownRace(m).T() != 0 || m.screen != screenRace {
		t.Errorf("keys acted in a too-small window: t = %d, screen %v", ownRace(m).T(), m.screen)
	}
	if _, cmd := m.Update(keyMsg("q")); cmd == nil {
		t.Error("q does not quit in a too-small window")
	}

	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("tab"), keyMsg("tab"), keyMsg("tab"))
	if m.screen != screenNeuron {
		t.Fatalf("three tabs reach screen %v, want the neuron", m.screen)
	}
	m = send(m, tea.WindowSizeMsg{Width: 70, Height: 24}, keyMsg("space"), keyMsg("e"))
	if neuronOf(m).state().Phase != 0 || m.c.editor.isOpen() {
		t.Errorf("keys acted on a neuron screen too small to draw: phase %v, editing %v", neuronOf(m).state().Phase, m.c.editor.isOpen())
	}
	if m = send(m, keyMsg("tab")); m.screen != screenRace {
		t.Errorf("tab does not leave a neuron screen too small to draw: screen %v", m.screen)
	}
}

// TestHelpFitsTheSmallestWindow: at 60×18 every key's description shows
// whole; from 80×24 the help also says how to read a table row.
func TestHelpFitsTheSmallestWindow(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 60, Height: 18}, keyMsg("?"))
	view := ansi.Strip(m.View())
	checkFits(t, m.View(), 60, 18)
	for _, b := range m.c.keys.FullHelp() {
		for _, k := range b {
			if k.Enabled() && !strings.Contains(view, k.Help().Desc) {
				t.Errorf("60×18 help cuts %q:\n%s", k.Help().Desc, view)
			}
		}
	}
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "g is f′ at the x") {
		t.Errorf("80×24 help does not say how to read a table:\n%s", view)
	}
}

// convergenceDecades reads the convergence chart's y labels, top down.
func convergenceDecades(view string) []int {
	label := regexp.MustCompile(`^│ *1e(-?\d+)│`)
	var exps []int
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if g := label.FindStringSubmatch(l); g != nil {
			e, _ := strconv.Atoi(g[1])
			exps = append(exps, e)
		}
	}
	return exps
}

// TestConvergenceAxisFollowsTheRace: early on the y axis spans only the
// decades the distances reach and the finish zone's edge (tol = 1e-3), so
// the five curves spread over the chart; it reaches down to the floor,
// 1e-16, once a distance does.
func TestConvergenceAxisFollowsTheRace(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 5)...)
	m = send(m, keyMsg("c"))
	// At t = 5 the distances are 2 (RMSProp) to 7.5 (Adam), and x₀ was 10.
	if exps := convergenceDecades(m.View()); len(exps) < 2 || exps[0] != 1 || exps[len(exps)-1] > -4 || exps[len(exps)-1] < -6 {
		t.Errorf("at t = 5 the axis should run from 1e1 down to a little below the zone, 1e-3: %v\n%s", exps, m.View())
	}
	m = send(m, repeat("space", 200)...) // GD's distance, 10·0.8ᵗ, is below 1e-16 from t = 172
	if exps := convergenceDecades(m.View()); len(exps) < 2 || exps[len(exps)-1] > -16 {
		t.Errorf("at t = 205 the axis should reach 1e-16: %v\n%s", exps, m.View())
	}
	// From far out the distances are about 1e100: the axis reaches them,
	// past the 1e20 that caps a diverging runner's climb.
	s := optimizers.Defaults()
	s.X0 = 1e100
	far, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	far = send(far, tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("c"), keyMsg("space"))
	if exps := convergenceDecades(far.View()); len(exps) < 2 || exps[0] < 100 {
		t.Errorf("from x₀ = 1e100 the axis should reach 1e100: %v\n%s", exps, far.View())
	}
}

// chartNumbers is the optimizers' numbers (1–5) of the glyphs on the
// convergence chart of view, top to bottom: the lanes' glyphs in its graph
// area, between the y axis and the right border (│label│graph│).
func chartNumbers(view string) string {
	marks := ""
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if parts := strings.Split(l, "│"); len(parts) == 4 {
			marks += strings.Map(func(r rune) rune {
				if i := strings.IndexRune("●■◆★▲", r); i >= 0 {
					return '1' + rune(len([]rune("●■◆★▲"[:i])))
				}
				return -1
			}, parts[2])
		}
	}
	return marks
}

// TestConvergenceNumbersInOrder: after one step the five distances are
// close (|x − x*| = 9.5, 9, 8, 8, 6.84), and the glyphs at the series'
// ends, stacked where they share a cell, read top to bottom in that order
// at every size.
func TestConvergenceNumbersInOrder(t *testing.T) {
	for _, size := range [][2]int{{60, 18}, {80, 24}, {100, 30}, {120, 40}, {240, 60}} {
		m := send(newModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]}, keyMsg("c"), keyMsg("space"))
		if marks := chartNumbers(m.View()); marks != "53124" {
			t.Errorf("%d×%d: the numbers read %q top to bottom, want 53124:\n%s", size[0], size[1], marks, m.View())
		}
	}
}

// TestConvergenceNumbersSameInASCII: in ASCII, where curves are drawn in
// their glyphs, each series' end is where it is with braille: the
// rightmost of its glyphs with braille is its ASCII glyph there.
func TestConvergenceNumbersSameInASCII(t *testing.T) {
	views := map[bool][]string{}
	for _, ascii := range []bool{false, true} {
		m, err := New(Options{Settings: optimizers.Defaults(), ASCII: ascii})
		if err != nil {
			t.Fatal(err)
		}
		m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("c"))
		m = send(m, repeat("space", 8)...)
		views[ascii] = strings.Split(ansi.Strip(m.View()), "\n")
	}
	glyphs, asciiGlyphs := []rune("●■◆★▲"), []rune("o#+*%")
	type at struct{ y, x int }
	ends := map[int]at{}
	for y, line := range views[false] {
		parts := strings.SplitN(line, "│", 3) // │label│graph…
		if len(parts) < 3 {
			continue
		}
		offset := len([]rune(parts[0])) + 1 + len([]rune(parts[1])) + 1
		for x, r := range []rune(parts[2]) {
			if k := slices.Index(glyphs, r); k >= 0 && (ends[k] == at{} || offset+x > ends[k].x) {
				ends[k] = at{y, offset + x}
			}
		}
	}
	if len(ends) != 5 {
		t.Fatalf("found the ends of %d series with braille, want 5:\n%s", len(ends), strings.Join(views[false], "\n"))
	}
	for k, e := range ends {
		if got := []rune(views[true][e.y])[e.x]; got != asciiGlyphs[k] {
			t.Errorf("%c ends at row %d column %d with braille, where ASCII has %c, not %c:\n%s", glyphs[k], e.y, e.x, got, asciiGlyphs[k], strings.Join(views[true], "\n"))
		}
	}
}

// TestConvergenceYLabelsAreEvenlySpaced: at every height, the y axis is
// labelled at its top and its bottom, at or below the floor 1e-16, and
// every few decades between, evenly, none skipped, also where a row spans
// more than one decade.
func TestConvergenceYLabelsAreEvenlySpaced(t *testing.T) {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5 // GD's distance climbs to 1e7 before it diverges: 23 decades
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	ownRace(m).RunToEnd(300)
	label := regexp.MustCompile(`^│ *1e(-?\d+)│`)
	for h := views.MinHeight; h <= 50; h++ {
		m = send(m, tea.WindowSizeMsg{Width: 80, Height: h}, keyMsg("c"))
		var exps, rows []int
		top, axis := -1, -1
		for y, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if strings.Contains(l, "└") {
				axis = y
			}
			if strings.HasPrefix(l, "│") && strings.Count(l, "│") == 3 && top < 0 {
				top = y // the graph's first row
			}
			if g := label.FindStringSubmatch(l); g != nil {
				e, _ := strconv.Atoi(g[1])
				exps, rows = append(exps, e), append(rows, y)
			}
		}
		if len(exps) < 3 || exps[len(exps)-1] > -16 || rows[0] != top || rows[len(rows)-1] != axis-1 {
			t.Errorf("80×%d: y labels %v on rows %v, want at least three from the top row %d to the bottom one %d, down to 1e-16 at least:\n%s",
				h, exps, rows, top, axis-1, m.View())
			continue
		}
		step := exps[0] - exps[1]
		if !slices.Contains([]int{1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50}, step) {
			t.Errorf("80×%d: y labels %v are %d decades apart, not a round number", h, exps, step)
		}
		for i := 1; i < len(exps); i++ {
			if exps[i-1]-exps[i] != step {
				t.Errorf("80×%d: y labels %v are not evenly spaced", h, exps)
				break
			}
		}
		m = send(m, keyMsg("c"))
	}
}

// TestLatecomerHearsTheResult: a viewer who joins a race that has ended
// reads its result at once.
func TestLatecomerHearsTheResult(t *testing.T) {
	presenter := newEnding(t, 182)
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40}, SharedRaceMsg{Race: ownRace(presenter).Freeze()})
	if want := endingResult; v.c.status.note != want {
		t.Errorf("latecomer's message %q, want %q", v.c.status.note, want)
	}
}

// TestNeuronScreenKeepsRaceKeysOff: the race's view keys do nothing unseen
// on the neuron screen, and entering it pauses the race's auto-play.
func TestNeuronScreenKeepsRaceKeysOff(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("p"))
	m = send(m, keyMsg("tab"), keyMsg("tab"), keyMsg("tab"))
	if m.screen != screenNeuron || m.c.stage.playing() {
		t.Fatalf("screen %v, playing %v: the race plays on out of sight", m.screen, m.c.stage.playing())
	}
	for _, k := range []string{"t", "z", "2"} {
		before := m.c.view
		m = send(m, keyMsg(k))
		if m.c.view != before || m.screen != screenNeuron {
			t.Errorf("%s on the neuron screen changed the race's view", k)
		}
		if m.c.status.note != "that key is for the race · tab to it" {
			t.Errorf("%s on the neuron screen: message %q", k, m.c.status.note)
		}
	}
}

// TestX0KeysAtHugeX0: where x₀ ± 1 rounds back to x₀, [ and ] say so
// instead of restarting the race for nothing.
func TestX0KeysAtHugeX0(t *testing.T) {
	s := optimizers.Defaults()
	s.X0 = 1e100
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, keyMsg("space"), keyMsg("]"))
	if ownRace(m).T() != 1 || !strings.Contains(m.c.status.note, "e edits x₀") {
		t.Errorf("] at x₀ = 1e100: t = %d, message %q", ownRace(m).T(), m.c.status.note)
	}
}

// TestPresenterConfirmsQuitInATinyWindow: too small to draw the race, the
// presenter's q still asks first, and the question is on screen.
func TestPresenterConfirmsQuitInATinyWindow(t *testing.T) {
	m, _ := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{}})
	m = send(m, tea.WindowSizeMsg{Width: 50, Height: 15}, ViewersMsg{Count: 3})
	next, _ := m.Update(keyMsg("q"))
	if next.(*Model).done || !strings.Contains(next.(*Model).View(), "q again to end class for 3 viewers") {
		t.Fatalf("first q in 50×15: quit %v, view:\n%s", next.(*Model).done, next.(*Model).View())
	}
	if _, cmd := next.(*Model).Update(keyMsg("q")); cmd == nil {
		t.Error("q twice in 50×15 did not quit")
	}
}

// TestQuitQuestionIsAnsweredByTheNextKey: the presenter's question is
// dropped by any key that is not the answer, on every screen and path, and
// ctrl+c in the editor asks too.
func TestQuitQuestionIsAnsweredByTheNextKey(t *testing.T) {
	newPresenter := func() (*Model, *int) {
		ended := 0
		m, _ := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{OnEnd: func() { ended++ }}})
		return send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, ViewersMsg{Count: 3}), &ended
	}
	for name, between := range map[string][]tea.Msg{
		"a neuron step": {keyMsg("tab"), keyMsg("tab"), keyMsg("tab"), keyMsg("q"), keyMsg("space")},
		"closing help":  {keyMsg("?"), keyMsg("ctrl+c"), keyMsg("esc")},
		"a race step":   {keyMsg("q"), keyMsg("space")},
	} {
		m, ended := newPresenter()
		m = send(m, between...)
		if next, _ := m.Update(keyMsg("q")); next.(*Model).done || *ended != 0 {
			t.Errorf("after %s, one q ended the class", name)
		}
	}
	m, ended := newPresenter()
	m = send(m, keyMsg("e"))
	next, _ := m.Update(keyMsg("ctrl+c"))
	if next.(*Model).done || *ended != 0 || !strings.Contains(next.(*Model).View(), "ctrl+c again to end class for 3 viewers") {
		t.Fatalf("ctrl+c in the editor: quit %v, ended %d", next.(*Model).done, *ended)
	}
	if _, cmd := next.Update(keyMsg("ctrl+c")); cmd == nil || *ended != 1 {
		t.Errorf("ctrl+c twice in the editor: quit %v, ended %d", cmd != nil, *ended)
	}
	// A burst that quits stops there: the keys after it do nothing.
	m, ended = newPresenter()
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qq  q")})
	if ownRace(m).T() != 0 || *ended != 1 {
		t.Errorf("burst qq  q: t = %d, ended %d times", ownRace(m).T(), *ended)
	}
}

// TestResetWhilePlayingOnStopsAtTheFinish: after play-on past the finish,
// r pauses at t = 0, and p plays the new race to its finish, not to the
// step limit.
func TestResetWhilePlayingOnStopsAtTheFinish(t *testing.T) {
	m := send(newEnding(t, 1000), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, keyMsg("p"), tickMsg{id: 0}, keyMsg("r"))
	if m.c.stage.playing() || ownRace(m).T() != 0 {
		t.Fatalf("r while playing: playing %v at t = %d, want paused at 0", m.c.stage.playing(), ownRace(m).T())
	}
	m = send(m, keyMsg("p"))
	for i := 0; m.c.stage.playing() && i < 2000; i++ {
		m = send(m, tickMsg{id: m.c.stage.own.tickID})
	}
	if ownRace(m).T() != 182 {
		t.Errorf("play after r stopped at t = %d, want 182", ownRace(m).T())
	}
}

// TestPresenterNeuronScreenSaysTheClassWatchesTheRace: the lesson is the
// presenter's own; the status bar says the viewers see the race.
func TestPresenterNeuronScreenSaysTheClassWatchesTheRace(t *testing.T) {
	m, _ := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{}})
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, ViewersMsg{Count: 12}, keyMsg("tab"), keyMsg("tab"), keyMsg("tab"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "neuron lesson · iteration 1 · 12 watching the race") {
		t.Errorf("the presenter's neuron status bar:\n%s", v[strings.LastIndex(v, "\n")+1:])
	}
}

// TestStartKeepsTheSpeed: a model started from a frozen race (a presenter
// reconnecting) carries on at that race's speed, paused.
func TestStartKeepsTheSpeed(t *testing.T) {
	f := ownRace(newModel(t)).Freeze()
	f.Tempo = race.Tempo{Playing: true, StepsPerSecond: 20}
	m, err := New(Options{Start: f})
	if err != nil {
		t.Fatal(err)
	}
	if speeds[m.c.stage.own.speed] != 20 || m.c.stage.playing() {
		t.Errorf("started at %d/s, playing %v; want 20/s, paused", speeds[m.c.stage.own.speed], m.c.stage.playing())
	}
	if m, _ := New(Options{Start: ownRace(newModel(t)).Freeze()}); speeds[m.c.stage.own.speed] != speeds[defaultSpeed] {
		t.Errorf("a start with no tempo: %d/s, want the default %d/s", speeds[m.c.stage.own.speed], speeds[defaultSpeed])
	}
	// Back to a race that has ended, the presenter reads how it ended.
	m, err = New(Options{Start: ownRace(newEnding(t, 182)).Freeze()})
	if err != nil {
		t.Fatal(err)
	}
	if want := endingResult; m.c.status.note != want {
		t.Errorf("started from a race over at t = 182: %q, want %q", m.c.status.note, want)
	}
}

// TestNoteLapsesToTheNotice: a presenter's note (the race's result) hides
// where students connect only for a while: once it lapses the notice is
// back; a lapse meant for an older note clears nothing.
func TestNoteLapsesToTheNotice(t *testing.T) {
	const notice = "ssh -p 2222 192.0.2.1"
	opts := endingOptions()
	opts.Notice, opts.Role, opts.Class = notice, RolePresenter, ClassFuncs{}
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	ownRace(m).RunToEnd(181)
	next, cmd := m.Update(keyMsg("space"))
	m = next.(*Model)
	if m.c.status.note != endingResult || cmd == nil || strings.Contains(m.View(), notice) {
		t.Fatalf("at the finish: message %q, lapse timer %v", m.c.status.note, cmd != nil)
	}
	stale := send(m, noteLapsedMsg{id: m.c.status.noteID - 1})
	if stale.c.status.note == "" {
		t.Error("a lapse meant for an older note cleared the result")
	}
	m = send(m, noteLapsedMsg{id: m.c.status.noteID})
	if m.c.status.note != "" || !strings.Contains(m.View(), notice) {
		t.Errorf("after the lapse: message %q, notice shown %v", m.c.status.note, strings.Contains(m.View(), notice))
	}
}

// TestStatusBarKeepsItsKeys: a long notice or note gives way before the
// keys a status bar always keeps: help and quit, and a following viewer's
// fork.
func TestStatusBarKeepsItsKeys(t *testing.T) {
	const notice = "local only · --addr :23611 lets students in"
	p, err := New(Options{Settings: optimizers.Defaults(), Notice: notice, Role: RolePresenter, Class: ClassFuncs{}})
	if err != nil {
		t.Fatal(err)
	}
	p = send(p, tea.WindowSizeMsg{Width: 100, Height: 30}, ViewersMsg{Count: 1})
	if bar := lastLine(ansi.Strip(p.View())); !strings.Contains(bar, notice) || !strings.HasSuffix(strings.TrimRight(bar, " "), "? help · q quit") {
		t.Errorf("presenter at 100 columns: %q", bar)
	}
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	f := ownRace(newEnding(t, 182)).Freeze()
	f.Tempo = race.Tempo{StepsPerSecond: 20}
	v = send(v, tea.WindowSizeMsg{Width: 80, Height: 24}, SharedRaceMsg{Race: f})
	if bar := strings.TrimRight(lastLine(ansi.Strip(v.View())), " "); !strings.Contains(bar, "race over · GD settled first") ||
		!strings.HasSuffix(bar, "· ? help · q quit") || strings.Contains(bar, "fork") {
		t.Errorf("viewer at 80 columns after the race: %q", bar)
	}
	// The result lapses, and the fork is back.
	v = send(v, noteLapsedMsg{id: v.c.status.noteID})
	if bar := lastLine(ansi.Strip(v.View())); !strings.Contains(bar, "f fork a copy · ? help · q quit") {
		t.Errorf("viewer at 80 columns once the result lapsed: %q", bar)
	}
}

func lastLine(view string) string {
	lines := strings.Split(view, "\n")
	return lines[len(lines)-1]
}
