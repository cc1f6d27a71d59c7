package model

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
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
	if v.c.stage.following || ownRace(v) == nil || ownRace(v).T() != 5 || !slices.Equal(ownRace(v).Current(), ownRace(presenter).Current()) {
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
	for _, want := range []string{"fork a copy", "focus lane", "next screen", "quit"} {
		if !strings.Contains(view, want) {
			t.Errorf("viewer help lacks %q", want)
		}
	}
	for _, refused := range []string{"step all lanes", "next landscape", "rejoin", "edit lanes"} {
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

// TestViewerHearsTheResult: a viewer's note of a refused key lasts until the
// presenter's race moves on, and the step that ends the race tells the
// viewer who won, as it tells the presenter.
func TestViewerHearsTheResult(t *testing.T) {
	var published *race.Frozen
	presenter, err := New(Options{
		Settings: optimizers.Defaults(), Tol: 5, Role: RolePresenter,
		Class: ClassFuncs{OnPublish: func(l Live) { published = l.Race }},
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

	// A race that never ends (RMSProp bounces) stops at the class's step
	// limit, and the viewer reads what the presenter reads.
	p, err := New(Options{
		Settings: optimizers.Defaults(), Role: RolePresenter, MaxSteps: 80,
		Class: ClassFuncs{OnPublish: func(l Live) { published = l.Race }},
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err = New(Options{Role: RoleViewer, MaxSteps: 80})
	if err != nil {
		t.Fatal(err)
	}
	for range 80 {
		p = send(p, keyMsg("space"))
		v = send(v, SharedRaceMsg{Race: published})
	}
	if want := "step limit 80 · GD settled first at t = 42 · Adam, GDM and AdaGrad never reached the zone · RMSProp left the zone at t = 73"; v.c.status.note != want {
		t.Errorf("at the step limit the viewer reads %q, want %q", v.c.status.note, want)
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

// TestPresenterNeuronScreenSaysTheClassWatches: on the neuron screen the
// presenter's status bar counts the viewers that follow it there.
func TestPresenterNeuronScreenSaysTheClassWatches(t *testing.T) {
	m, _ := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{}})
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, ViewersMsg{Count: 12}, keyMsg("tab"), keyMsg("tab"), keyMsg("tab"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "neuron lesson · iteration 1 · 12 watching") {
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
	// ? help has the notice too, for when a note covers it.
	if help := helpText(p); !strings.Contains(help, notice) {
		t.Errorf("the presenter's help lacks the notice:\n%s", help)
	}
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	f := ownRace(newEnding(t, 182)).Freeze()
	f.Tempo = race.Tempo{StepsPerSecond: 20}
	v = send(v, tea.WindowSizeMsg{Width: 80, Height: 24}, SharedRaceMsg{Race: f})
	if bar := strings.TrimRight(lastLine(ansi.Strip(v.View())), " "); !strings.Contains(bar, endingResult+" · ? help") || strings.Contains(bar, "fork") {
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

// TestViewersFollowThePresentersScreen: a viewer shows what the
// presenter's screen shows — its screen, focus, zoom, table, track view,
// log scale and neuron lesson, not its help — until it looks elsewhere on
// its own; w follows again. Forks and rejoins are told to the class, and a
// presenter back from a dropped connection gets its screen back.
func TestViewersFollowThePresentersScreen(t *testing.T) {
	var live Live
	p, err := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{OnPublish: func(l Live) { live = l }}})
	if err != nil {
		t.Fatal(err)
	}
	own := []bool{}
	v, err := New(Options{Role: RoleViewer, Class: ClassFuncs{OnOwnCopy: func(b bool) { own = append(own, b) }}})
	if err != nil {
		t.Fatal(err)
	}
	size := tea.WindowSizeMsg{Width: 120, Height: 40}
	p, v = send(p, size), send(v, size)
	follow := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			p = send(p, keyMsg(k))
			v = send(v, SharedRaceMsg{Race: live.Race, View: live.View})
		}
	}
	follow("space", "c")
	if v.screen != screenConvergence {
		t.Fatalf("the presenter went to the convergence screen, the viewer is on %v", v.screen)
	}
	follow("c", "3", "z", "t", "o", "g")
	if v.screen != screenRace || v.c.view != p.c.view || !v.c.view.zoomed || v.c.view.focus != int(optimizers.AdaGrad) {
		t.Errorf("viewer's view %+v on %v, presenter's %+v", v.c.view, v.screen, p.c.view)
	}
	follow("esc", "t", "tab", "tab", "tab", "space", "space", "space")
	if v.screen != screenNeuron || neuronOf(v).place() != neuronOf(p).place() {
		t.Errorf("viewer on %v at %+v, presenter at %+v", v.screen, neuronOf(v).place(), neuronOf(p).place())
	}
	// A viewer that steps the lesson on its own is told so, stays where
	// it is, and w takes it to the presenter's step of the lesson.
	v = send(v, keyMsg("space"))
	follow("space", "space")
	if bar := lastLine(ansi.Strip(v.View())); neuronOf(v).place() == neuronOf(p).place() || !strings.Contains(bar, "your view · w follows") {
		t.Errorf("viewer stepping the lesson on its own: at %+v (presenter %+v), bar %q", neuronOf(v).place(), neuronOf(p).place(), bar)
	}
	if v = send(v, keyMsg("w")); neuronOf(v).place() != neuronOf(p).place() || !v.c.stage.followView {
		t.Errorf("w on the lesson: viewer at %+v, presenter at %+v", neuronOf(v).place(), neuronOf(p).place())
	}
	follow("?")
	if v.showHelp {
		t.Error("the presenter's help opened on the viewer's screen")
	}
	follow("?", "tab")
	if v.screen != screenRace {
		t.Fatalf("back to the race: viewer on %v", v.screen)
	}
	// The viewer looks at the leaderboard on its own: it stays there.
	v = send(v, keyMsg("tab"))
	follow("c")
	if v.screen != screenLeaderboard || !strings.Contains(ansi.Strip(v.View()), "LIVE · your view · w follows") {
		t.Errorf("a viewer on its own view followed the presenter to %v:\n%s", v.screen, v.View())
	}
	if v = send(v, keyMsg("w")); v.screen != screenConvergence || !v.c.stage.followView {
		t.Errorf("w did not follow the presenter again: %v", v.screen)
	}
	v = send(v, keyMsg("f"))
	v = send(v, keyMsg("w"))
	if want := []bool{true, false}; !slices.Equal(own, want) {
		t.Errorf("fork and rejoin told the class %v, want %v", own, want)
	}
	// A presenter back from a dropped connection has its screen again.
	back, err := New(Options{Role: RolePresenter, Class: ClassFuncs{}, Start: live.Race, StartView: live.View})
	if err != nil {
		t.Fatal(err)
	}
	if back.screen != screenConvergence || back.c.view != p.c.view {
		t.Errorf("reconnected presenter on %v with %+v, want the convergence screen with %+v", back.screen, back.c.view, p.c.view)
	}
	// The presenter counts watching and own copies apart.
	p = send(p, ViewersMsg{Count: 5, OwnCopy: 2})
	if bar := lastLine(ansi.Strip(p.View())); !strings.Contains(bar, "3 watching · 2 own copy") {
		t.Errorf("presenter's status bar: %q", bar)
	}
}

// TestPresenterHearsTheServer: the server's notes (someone is guessing the
// password) reach the presenter's status bar, and its help says the host
// key's fingerprint.
func TestPresenterHearsTheServer(t *testing.T) {
	const fp = "This server's host key is SHA256:abc"
	p, err := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{}, HelpNote: fp})
	if err != nil {
		t.Fatal(err)
	}
	p = send(p, tea.WindowSizeMsg{Width: 120, Height: 40}, NoteMsg{Note: "someone at 192.0.2.7 is guessing the password (42 tries this minute)"})
	if bar := lastLine(ansi.Strip(p.View())); !strings.Contains(bar, "someone at 192.0.2.7 is guessing the password") {
		t.Errorf("presenter's status bar: %q", bar)
	}
	if v := ansi.Strip(send(p, keyMsg("?")).View()); !strings.Contains(v, "This server's host key is") || !strings.Contains(v, "SHA256:abc") {
		t.Errorf("presenter's help lacks the fingerprint:\n%s", v)
	}
}
