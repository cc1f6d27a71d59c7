package model

import (
	"bytes"
	"math"
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
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
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
	const want = "step limit 1000 · GD settled first at t = 42 · RMSProp left the zone at t = 73, bouncing ±0.50"
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
		last = max(last, ownRace(m).Runner(int(k)).SettledAt)
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
		{"strip", nil, "Leaderboard · zone |x − x*| < 0.001"},
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
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		m = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if view := ansi.Strip(m.View()); !strings.Contains(view, "g is f′ at the") || !strings.Contains(view, "ctrl+n") {
			t.Errorf("%d×%d help does not say how to read a table and the editor's keys:\n%s", size[0], size[1], view)
		}
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

// TestLongNoteShowsWhole: a note too long for the status bar at 80×24 is
// written whole above it, and gone with the next key.
func TestLongNoteShowsWhole(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("s"))
	note := m.c.status.note
	if ansi.StringWidth(note) < 60 {
		t.Fatalf("the sweep's note %q is short enough for the status bar", note)
	}
	view := ansi.Strip(m.View())
	checkFits(t, m.View(), 80, 24)
	if !strings.Contains(strings.Join(strings.Fields(view), " "), strings.Join(strings.Fields(note), " ")) {
		t.Errorf("the note %q is not whole on screen:\n%s", note, view)
	}
	m = send(m, keyMsg("space"))
	if view := ansi.Strip(m.View()); strings.Contains(view, "brings back") {
		t.Errorf("the note stays after the next key:\n%s", view)
	}
}

// TestTrackZoomsIn: o zooms the charts to where the iterates are; it never
// shows more of x than the whole landscape while they are in it (at 80×24
// the lecture's GDM and RMSProp swing over −7…10, and the track view drew
// −50…50).
func TestTrackZoomsIn(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("o"))
	for step := 1; step <= 30; step++ {
		m = send(m, keyMsg("space"))
		view := ansi.Strip(m.View())
		lines := strings.Split(view, "\n")
		for i, line := range lines[:len(lines)-1] {
			if !strings.Contains(line, "└") {
				continue
			}
			// The x-axis labels under the charts.
			for _, f := range strings.FieldsFunc(lines[i+1], func(r rune) bool { return r == ' ' || r == '│' || r == '┃' }) {
				if x, err := strconv.ParseFloat(f, 64); err == nil && math.Abs(x) > 10 {
					t.Fatalf("t = %d: the track view's axis reads %v, past the whole landscape −10…10:\n%s", step, x, view)
				}
			}
		}
	}
}

// TestNarrowStatusNamesTheLandscape: at 80×24 a 1-D landscape's panels do
// not name it; the status bar keeps its formula where its start gives way.
func TestNarrowStatusNamesTheLandscape(t *testing.T) {
	bumpy, err := optimizers.ObjectiveByName("bumpy")
	if err != nil {
		t.Fatal(err)
	}
	m := send(newOn(t, bumpy), tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("space"))
	if bar := lastLine(ansi.Strip(m.View())); !strings.Contains(bar, "f(x) = x² + 10·sin(x)") || !strings.Contains(bar, "space step") {
		t.Errorf("the status bar at 80×24 on bumpy: %q", bar)
	}
}
