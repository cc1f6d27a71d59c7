package model

import (
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

// fakeRoom is a class's questions for a model's tests: it records what the
// model asks and answers, and refuses a vote for a lane the vote does not
// have, as the class does.
type fakeRoom struct {
	queries []Query
	answers []Answer
	lanes   int
}

func (f *fakeRoom) Ask(q Query) string {
	f.queries = append(f.queries, q)
	return ""
}

func (f *fakeRoom) Answer(a Answer) string {
	if a.Kind == AnswerVote && (a.Choice < 0 || a.Choice >= f.lanes) {
		return "there is no lane 7: vote 1–5"
	}
	f.answers = append(f.answers, a)
	return ""
}

// questions is the class's questions as a viewer gets them, with the race
// it shows, as a change to those it has.
func questions(m *Model, room Room) SharedRaceMsg {
	room.Version = m.room.public.Version + 1
	return SharedRaceMsg{Race: m.c.stage.live.race, Room: room}
}

// lastQuery is the model's latest query, failing the test without one.
func (f *fakeRoom) lastQuery(t *testing.T) Query {
	t.Helper()
	if len(f.queries) == 0 {
		t.Fatal("the model asked nothing")
	}
	return f.queries[len(f.queries)-1]
}

func newPresenterIn(t *testing.T, room *fakeRoom, w, h int) *Model {
	t.Helper()
	m, err := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{}, Room: room})
	if err != nil {
		t.Fatal(err)
	}
	return send(m, tea.WindowSizeMsg{Width: w, Height: h})
}

func newViewerIn(t *testing.T, room *fakeRoom, f *race.Frozen, w, h int) *Model {
	t.Helper()
	m, err := New(Options{Role: RoleViewer, Room: room})
	if err != nil {
		t.Fatal(err)
	}
	return send(m, tea.WindowSizeMsg{Width: w, Height: h}, SharedRaceMsg{Race: f})
}

// frozenAt is the lecture's race at step t.
func frozenAt(t *testing.T, steps int) *race.Frozen {
	t.Helper()
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		r.Step()
	}
	return r.Freeze()
}

var lectureLabels = []string{"GD", "GDM", "AdaGrad", "RMSProp", "Adam"}

func TestClassKeysNeedAClass(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	for k, want := range map[string]string{
		"v": "a vote: it needs a class, optirace serve --shared",
		"a": "asking: it needs a class, optirace serve --shared",
		"u": "a challenge: it needs a class, optirace serve --shared",
	} {
		m = send(m, keyMsg(k))
		if m.c.status.note != want {
			t.Errorf("%s without a class: %q, want %q", k, m.c.status.note, want)
		}
	}
	if help := helpText(m); strings.Contains(help, "class vote") || strings.Contains(help, "tuning challenge") {
		t.Errorf("a session without a class lists the class's keys in help:\n%s", help)
	}
}

// helpText is the model's ? help, as text.
func helpText(m *Model) string {
	m = send(m, keyMsg("?"))
	defer send(m, keyMsg("?"))
	return ansi.Strip(m.View())
}

func TestPresenterAsksTheClass(t *testing.T) {
	room := &fakeRoom{}
	m := newPresenterIn(t, room, 120, 40)
	m = send(m, keyMsg("space"), keyMsg("space"), keyMsg("3"))
	m = send(m, keyMsg("v"))
	if q := room.lastQuery(t); q.Kind != QueryVote || q.Race == nil || q.Race.T() != 2 {
		t.Fatalf("v asked %+v, want a vote on the race at t = 2", q)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "VOTE  Which lane settles first? · 0 answers · v closes") {
		t.Errorf("no vote on the presenter's screen:\n%s", view)
	}
	m = send(m, RoomMsg{Room: Room{Vote: Vote{ID: 4, Phase: PhaseOpen, Choices: lectureLabels, Tally: []int{3, 0, 1, 6, 2}, Answers: 12, Mine: -1}}})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "12 answers") || !strings.Contains(view, " 4 ★ RMSProp  ") {
		t.Errorf("the tally is not on screen:\n%s", view)
	}
	m = send(m, keyMsg("v"))
	if q := room.lastQuery(t); q.Kind != QueryCloseVote || m.c.status.note != "vote closed: the race's end reveals it" {
		t.Errorf("v again: %+v, note %q", q, m.c.status.note)
	}
	m = send(m, keyMsg("a"))
	if q := room.lastQuery(t); q.Kind != QueryNextStep || q.Lane != 2 {
		t.Errorf("a asked %+v, want the next step of lane 3 (the focused one)", q)
	}
	// Asked while playing, the race pauses: auto-play would reveal the
	// step before anyone could answer.
	m = send(m, keyMsg("p"), keyMsg("a"))
	if m.c.stage.own.playing || m.c.status.note != "paused, for the class to answer: space steps and reveals it" {
		t.Errorf("a while playing: playing %v, note %q", m.c.stage.own.playing, m.c.status.note)
	}
	// u asks to confirm; any key but enter withdraws it.
	n := len(room.queries)
	m = send(m, keyMsg("u"))
	if !strings.Contains(m.c.status.note, "settle AdaGrad in as few steps as you can, on this landscape? enter starts") {
		t.Errorf("u: %q", m.c.status.note)
	}
	m = send(m, keyMsg("o"))
	if len(room.queries) != n || m.c.status.note != "charts track the iterates" || !m.c.view.track {
		t.Errorf("u then o: queries %d → %d, note %q, track %v (o does its own)", n, len(room.queries), m.c.status.note, m.c.view.track)
	}
	m = send(m, keyMsg("o"), keyMsg("u"), keyMsg("u"))
	if len(room.queries) != n || m.c.status.note != "no challenge started" {
		t.Errorf("u twice: queries %d → %d, note %q", n, len(room.queries), m.c.status.note)
	}
	m = send(m, keyMsg("u"), keyMsg("enter"))
	if q := room.lastQuery(t); q.Kind != QueryChallenge || q.Lane != 2 {
		t.Errorf("u, enter asked %+v, want a challenge on lane 3", q)
	}
	m = send(m, keyMsg("u"))
	if q := room.lastQuery(t); q.Kind != QueryEndChallenge {
		t.Errorf("u while the challenge runs: %+v, want it ended", q)
	}
	best := optimizers.Defaults().Lane(optimizers.GD)
	best.Hyper.LR = 0.45
	ended := Challenge{
		ID: 9, Phase: PhaseClosed, Lane: optimizers.Defaults().Lane(optimizers.GD), Label: "GD",
		Entries: []Entry{{Rank: 1, Name: "ada", Lane: best, SettledAt: 9, DivergedAt: -1, Steps: 59}},
	}
	m = send(m, RoomMsg{Room: Room{Challenge: ended}}, keyMsg("enter"))
	if got := ownRace(m).Lanes(); len(got) != 6 || got[5] != best || ownRace(m).T() != 2 {
		t.Errorf("enter after the challenge: lanes %+v at t = %d, want ada's GD as lane 6 at t = 2", got, ownRace(m).T())
	}
	if m.c.status.note != "ada's GD α=0.45 races as lane 6, replayed to t = 2" {
		t.Errorf("adding the best lane: %q", m.c.status.note)
	}
	m = send(m, keyMsg("enter")) // the same best again
	if len(ownRace(m).Lanes()) != 6 || m.c.status.note != "the best entry races already · u clears the challenge" {
		t.Errorf("enter again: %d lanes, note %q", len(ownRace(m).Lanes()), m.c.status.note)
	}
	for id := 10; id <= 12; id++ { // later challenges' bests: lanes 7, 8, then no ninth
		ended.ID = id
		m = send(m, RoomMsg{Room: Room{Challenge: ended}}, keyMsg("enter"))
	}
	if len(ownRace(m).Lanes()) != optimizers.MaxLanes || m.c.status.note != "a race holds 1 to 8 lanes, got 9: e removes a lane first" {
		t.Errorf("a ninth lane: %d lanes, note %q", len(ownRace(m).Lanes()), m.c.status.note)
	}
	// A challenge nobody settled has no best: nothing to race.
	lanes := len(ownRace(m).Lanes())
	wild := best
	wild.Hyper.LR = 1.5
	ended = Challenge{
		ID: 13, Phase: PhaseClosed, Lane: best, Label: "GD",
		Entries: []Entry{{Rank: 1, Name: "cy", Lane: wild, SettledAt: -1, DivergedAt: 14, Steps: 14}},
	}
	m = send(m, RoomMsg{Room: Room{Challenge: ended}}, keyMsg("enter"))
	if len(ownRace(m).Lanes()) != lanes || m.c.status.note != "no entry settled, so there is no best to race · u clears the challenge" {
		t.Errorf("enter after a challenge nobody settled: %d lanes (was %d), note %q", len(ownRace(m).Lanes()), lanes, m.c.status.note)
	}
	if h := challengeHeader(ended, true, false); h != "over: no entry settled, so there is no best · u clears" {
		t.Errorf("the header of a challenge nobody settled: %q", h)
	}
	send(m, keyMsg("u"))
	if q := room.lastQuery(t); q.Kind != QueryClearChallenge {
		t.Errorf("u after the challenge: %+v, want it cleared", q)
	}
	if help := helpText(m); !strings.Contains(help, "class vote: which lane settles first") || strings.Contains(help, "vote, while a vote is open") {
		t.Errorf("the presenter's help:\n%s", help)
	}
}

func TestViewerVotes(t *testing.T) {
	room := &fakeRoom{lanes: 5}
	m := newViewerIn(t, room, frozenAt(t, 3), 120, 40)
	m = send(m, keyMsg("2"))
	if len(room.answers) != 0 || m.c.view.focus != 1 {
		t.Fatal("with no vote open a number votes instead of focusing")
	}
	m = send(m, questions(m, Room{Vote: Vote{ID: 7, Phase: PhaseOpen, Choices: lectureLabels}}))
	m = send(m, keyMsg("4"))
	if len(room.answers) != 1 || room.answers[0] != (Answer{Kind: AnswerVote, ID: 7, Choice: 3}) || m.c.view.focus != 1 {
		t.Fatalf("4 during the vote: %+v, focus %d", room.answers, m.c.view.focus)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "press 1–5 · your vote: 4 RMSProp") {
		t.Errorf("the viewer's vote is not on screen:\n%s", view)
	}
	// The class's record of that vote draws no new frame: the screen has it.
	rev := m.room.rev
	if m = send(m, MineMsg{Mine: Mine{VoteID: 7, Vote: 3}}); m.room.rev != rev || m.room.room.Vote.Mine != 3 {
		t.Errorf("the class's record of the vote: rev %d → %d, mine %d", rev, m.room.rev, m.room.room.Vote.Mine)
	}
	if bar := lastLine(ansi.Strip(m.View())); !strings.Contains(bar, "1–5 vote") || strings.Contains(bar, "focus lane") {
		t.Errorf("the status bar during the vote: %q", bar)
	}
	m = send(m, keyMsg("7"))
	if len(room.answers) != 1 || m.c.status.note != "there is no lane 7: vote 1–5" || m.room.room.Vote.Mine != 3 {
		t.Errorf("a vote for lane 7: %+v, note %q, mine %d", room.answers, m.c.status.note, m.room.room.Vote.Mine)
	}
	if help := helpText(m); !strings.Contains(help, "1–5") || strings.Contains(help, "class vote") {
		t.Errorf("a viewer's help during the vote:\n%s", help)
	}
	closed := Room{Vote: Vote{ID: 7, Phase: PhaseClosed, Choices: lectureLabels}}
	m = send(m, questions(m, closed), keyMsg("3"))
	if len(room.answers) != 1 || m.c.view.focus != 2 || !strings.Contains(lastLine(ansi.Strip(m.View())), "1–8 focus lane") {
		t.Errorf("3 once the vote closed: %+v, focus %d, %q", room.answers, m.c.view.focus, lastLine(ansi.Strip(m.View())))
	}
	if help := helpText(m); !strings.Contains(help, "vote, while a vote is open") {
		t.Errorf("a viewer's help after the vote:\n%s", help)
	}
}

func TestViewerGuesses(t *testing.T) {
	room := &fakeRoom{}
	m := newViewerIn(t, room, frozenAt(t, 5), 120, 40)
	ask := Ask{ID: 9, Phase: PhaseOpen, Lane: 4, Label: "Adam", Dim: 1, T: 5}
	m = send(m, keyMsg("a"))
	if m.c.editor.isOpen() || m.c.status.note != "nothing is asked now: the presenter's a asks" {
		t.Fatalf("a with nothing asked: %q", m.c.status.note)
	}
	m = send(m, questions(m, Room{Ask: ask}), keyMsg("a"))
	if !m.c.editor.isOpen() || !strings.Contains(ansi.Strip(m.View()), "Where will Adam's x be at t = 6?") {
		t.Fatalf("a did not open the guess:\n%s", ansi.Strip(m.View()))
	}
	// Every key types, the race's too; a text that is not a number is
	// refused in the editor and nothing is sent.
	m = send(m, keys("a", "b", "c", "enter")...)
	if len(room.answers) != 0 || !m.c.editor.isOpen() || !strings.Contains(m.c.editor.editor.State(), "a finite number") {
		t.Fatalf("abc sent %+v; editor %q", room.answers, m.c.editor.frame())
	}
	// The field starts empty: enter alone sends nothing the screen typed.
	m = send(m, keyMsg("esc"), keyMsg("a"), keyMsg("enter"))
	if len(room.answers) != 0 || !m.c.editor.isOpen() {
		t.Fatalf("enter on the empty field sent %+v", room.answers)
	}
	m = send(m, keys("9", ".", "5", "enter")...)
	if len(room.answers) != 1 || room.answers[0] != (Answer{Kind: AnswerGuess, ID: 9, Guess: optimizers.Vec{9.5}}) || m.c.editor.isOpen() {
		t.Fatalf("9.5 sent %+v", room.answers)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "your guess: 9.5") {
		t.Errorf("the guess is not on screen:\n%s", view)
	}
	// A step while the viewer types closes the editor, with the truth.
	m = send(m, keyMsg("a"))
	revealed := ask
	revealed.Phase, revealed.Truth = PhaseRevealed, optimizers.Vec{9.4}
	m = send(m, questions(m, Room{Ask: revealed}))
	if m.c.editor.isOpen() || m.c.status.note != "the step came first: Adam's x at t = 6: 9.4" {
		t.Errorf("the reveal while typing: open %v, note %q", m.c.editor.isOpen(), m.c.status.note)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "PREDICT  Adam's x at t = 6: 9.4   ") || !strings.Contains(view, "your guess 9.5 is off by 0.10") {
		t.Errorf("the reveal is not on screen:\n%s", view)
	}
}

func TestViewerEntersTheChallenge(t *testing.T) {
	room := &fakeRoom{}
	m := newViewerIn(t, room, frozenAt(t, 5), 120, 40)
	gd := optimizers.Defaults().Lane(optimizers.GD)
	m = send(m, questions(m, Room{Challenge: Challenge{ID: 3, Phase: PhaseOpen, Lane: gd, Label: "GD", Objective: "quadratic", Start: optimizers.Vec{10}, Dim: 1, Tol: 1e-3}}))
	m = send(m, keyMsg("u"))
	if m.c.stage.following || ownRace(m) == nil || ownRace(m).T() != 5 || !m.c.editor.isOpen() {
		t.Fatal("u did not fork a copy and open the challenge's editor")
	}
	m = send(m, keys("0", "enter")...)
	if len(room.answers) != 0 || !strings.Contains(m.c.editor.editor.State(), "> 0") {
		t.Fatalf("α = 0 sent %+v; editor %q", room.answers, m.c.editor.frame())
	}
	m = send(m, keys("0", ".", "4", "5", "enter")...)
	want := gd
	want.Hyper.LR = 0.45
	if len(room.answers) != 1 || room.answers[0] != (Answer{Kind: AnswerEntry, ID: 3, Entry: want}) {
		t.Fatalf("0.45 sent %+v", room.answers)
	}
	if m.c.status.note != "entered GD α=0.45: the server runs it · u enters again · your copy races it beside the challenge's GD" {
		t.Errorf("after entering: %q", m.c.status.note)
	}
	// The copy is the challenge's race, the entry beside the lane it
	// challenges, from t = 0: the student watches what they entered.
	if r := ownRace(m); r.T() != 0 || !slices.Equal(r.Lanes(), []optimizers.Lane{gd, want}) || r.Tol() != 1e-3 || r.Settings().X0 != 10 {
		t.Errorf("the copy after entering: lanes %+v, t = %d, tol %v", r.Lanes(), r.T(), r.Tol())
	}
	// Back to the live race and u again: the copy is kept, not forked anew.
	ownRace(m).Step()
	m = send(m, keyMsg("w"), keyMsg("u"))
	if m.c.stage.following || ownRace(m).T() != 1 || m.c.status.note != "back on your copy, at t = 1" {
		t.Errorf("u with a copy kept: following %v, t = %d, note %q", m.c.stage.following, ownRace(m).T(), m.c.status.note)
	}
}

// TestClassStripGolden: the class's questions on the presenter's screen
// and a viewer's, at 120×40 and 80×24 (where the strip keeps each
// question's first line and leaves the race its rows).
func TestClassStripGolden(t *testing.T) {
	best := optimizers.Defaults().Lane(optimizers.GD)
	best.Hyper.LR = 0.45
	slow := best
	slow.Hyper.LR = 0.05
	wild := best
	wild.Hyper.LR = 1.2
	presenterRoom := Room{
		Vote: Vote{ID: 4, Phase: PhaseOpen, Choices: lectureLabels, Tally: []int{3, 0, 1, 6, 2}, Answers: 12, Mine: -1},
		Ask: Ask{
			ID: 5, Phase: PhaseRevealed, Lane: 4, Label: "Adam", Dim: 1, T: 5, Answers: 4, Truth: optimizers.Vec{9.40093},
			Guesses: []Guess{{"bob", optimizers.Vec{9.4}, 0.00093}, {"ada", optimizers.Vec{9.5}, 0.099}, {"cy", optimizers.Vec{9}, 0.4}, {"dee", optimizers.Vec{-3}, 12.4}},
		},
		Challenge: Challenge{
			ID: 6, Phase: PhaseOpen, Lane: optimizers.Defaults().Lane(optimizers.GD), Label: "GD", Entrants: 4, Running: 1,
			Entries: []Entry{
				{Rank: 1, Name: "ada", Lane: best, SettledAt: 9, DivergedAt: -1, Steps: 59},
				{Rank: 2, Name: "bob", Lane: slow, SettledAt: 77, DivergedAt: -1, Steps: 127},
				{Rank: 3, Name: "cy", Lane: wild, SettledAt: -1, DivergedAt: 14, Steps: 14},
			},
		},
	}
	viewerRoom := Room{
		Vote:      Vote{ID: 4, Phase: PhaseOpen, Choices: lectureLabels},
		Ask:       Ask{ID: 5, Phase: PhaseOpen, Lane: 4, Label: "Adam", Dim: 1, T: 5},
		Challenge: Challenge{ID: 6, Phase: PhaseOpen, Lane: best, Label: "GD", Tol: 0.001, Entries: []Entry{{Rank: 1, Lane: best, SettledAt: 9, DivergedAt: -1}}},
	}
	viewerMine := Mine{VoteID: 4, Vote: 1, AskID: 5, Guess: optimizers.Vec{9.5}, ChallengeID: 6, HasBest: true, Best: Entry{Rank: 2, Lane: slow, SettledAt: 77, DivergedAt: -1}}
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		name := func(who string) string { return who + "-" + strconv.Itoa(size[0]) + "x" + strconv.Itoa(size[1]) }
		t.Run(name("presenter"), func(t *testing.T) {
			m := newPresenterIn(t, &fakeRoom{}, size[0], size[1])
			m = send(m, append(repeat("space", 6), RoomMsg{Room: presenterRoom})...)
			requireFrame(t, m, size)
			golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
		})
		t.Run(name("viewer"), func(t *testing.T) {
			m := newViewerIn(t, &fakeRoom{}, frozenAt(t, 6), size[0], size[1])
			m = send(m, questions(m, viewerRoom), MineMsg{Mine: viewerMine})
			requireFrame(t, m, size)
			golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
		})
	}
}

// requireFrame checks that the frame fills the window exactly and leaves
// the race screen its rows.
func requireFrame(t *testing.T, m *Model, size [2]int) {
	t.Helper()
	lines := strings.Split(m.View(), "\n")
	if len(lines) != size[1] {
		t.Fatalf("%d lines, want %d", len(lines), size[1])
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != size[0] {
			t.Fatalf("line %d is %d wide, want %d", i, w, size[0])
		}
	}
	if m.c.h < minScreenRows || m.c.h+m.stripHeight()+1 != size[1] {
		t.Errorf("the screen has %d rows and the strip %d of %d", m.c.h, m.stripHeight(), size[1])
	}
}

// TestCachedFrameIsDrawnFrame: whatever changes — the class's questions,
// a viewer's answers, the race, the screen, the size — the frame a viewer
// gets from the caches is the frame drawn from nothing.
func TestCachedFrameIsDrawnFrame(t *testing.T) {
	room := &fakeRoom{lanes: 5}
	m := newViewerIn(t, room, frozenAt(t, 3), 120, 40)
	vote := Room{Vote: Vote{ID: 7, Phase: PhaseOpen, Choices: lectureLabels}}
	ask := Room{Vote: vote.Vote, Ask: Ask{ID: 8, Phase: PhaseOpen, Lane: 4, Label: "Adam", Dim: 1, T: 3}}
	steps := []func(m *Model) tea.Msg{
		func(m *Model) tea.Msg { return questions(m, vote) },
		func(*Model) tea.Msg { return keyMsg("2") },
		func(*Model) tea.Msg { return MineMsg{Mine: Mine{VoteID: 7, Vote: 1}} },
		func(m *Model) tea.Msg { return questions(m, ask) },
		func(*Model) tea.Msg { return keyMsg("a") },
		func(*Model) tea.Msg { return keyMsg("9") },
		func(*Model) tea.Msg { return tea.KeyMsg{Type: tea.KeyEnter} },
		func(*Model) tea.Msg { return SharedRaceMsg{Race: frozenAt(t, 4), Room: m.room.public} },
		func(*Model) tea.Msg { return tea.KeyMsg{Type: tea.KeyTab} },
		func(*Model) tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} },
		func(m *Model) tea.Msg { return questions(m, Room{}) },
	}
	for i, step := range steps {
		m = send(m, step(m))
		cached := m.View()
		m.cache = &frameCache{}
		if drawn := m.View(); cached != drawn {
			t.Fatalf("step %d: the cached frame is not the drawn one:\n%s\n---\n%s", i, ansi.Strip(cached), ansi.Strip(drawn))
		}
	}
}

// TestViewerAnswersFromTheClassRace: while a question is open a viewer
// may not fork (a copy could run ahead to the answer), and a viewer on a
// copy of its own answers only once it rejoins the class's race.
func TestViewerAnswersFromTheClassRace(t *testing.T) {
	room := &fakeRoom{lanes: 5}
	m := newViewerIn(t, room, frozenAt(t, 3), 120, 40)
	m = send(m, keyMsg("f")) // a copy of its own, before any question
	if m.c.stage.following {
		t.Fatal("f did not fork")
	}
	m = send(m, questions(m, Room{Vote: Vote{ID: 7, Phase: PhaseOpen, Choices: lectureLabels}}), keyMsg("2"))
	if len(room.answers) != 0 || !strings.Contains(m.c.status.note, "w rejoins it, then answer") {
		t.Fatalf("a vote from a copy: answers %+v, note %q", room.answers, m.c.status.note)
	}
	m = send(m, keyMsg("w"), keyMsg("2"))
	if len(room.answers) != 1 || room.answers[0].Choice != 1 {
		t.Fatalf("a vote after w: %+v", room.answers)
	}
	m = send(m, keyMsg("f"))
	if !m.c.stage.following || m.c.status.note != "a question is open: f forks again once it is revealed" {
		t.Errorf("f during the vote: following %v, note %q", m.c.stage.following, m.c.status.note)
	}
}

// TestViewerToldTheChallengeEnded: "u enters again" does not outlive the
// challenge.
func TestViewerToldTheChallengeEnded(t *testing.T) {
	room := &fakeRoom{}
	m := newViewerIn(t, room, frozenAt(t, 3), 120, 40)
	open := Challenge{ID: 4, Phase: PhaseOpen, Lane: optimizers.Defaults().Lane(optimizers.GD), Label: "GD", Objective: "quadratic", Dim: 1, Tol: 0.001}
	m = send(m, questions(m, Room{Challenge: open}))
	m.c.status.note = "entered GD α=0.5: the server runs it · u enters again"
	ended := open
	ended.Phase = PhaseClosed
	if m = send(m, questions(m, Room{Challenge: ended})); m.c.status.note != "the challenge is over" {
		t.Errorf("the note once the challenge ended: %q", m.c.status.note)
	}
	cancelled := open
	cancelled.ID, cancelled.Phase, cancelled.Why = 5, PhaseCancelled, "the landscape changed"
	open.ID = 5
	if m = send(m, questions(m, Room{Challenge: open})); m.c.status.note != "" {
		t.Errorf("a new challenge: the old one's note %q stays", m.c.status.note)
	}
	m = send(m, questions(m, Room{Challenge: cancelled}))
	if m.c.status.note != "the challenge was cancelled: the landscape changed" {
		t.Errorf("the note once the challenge was cancelled: %q", m.c.status.note)
	}
}

// TestViewerOnACopyIsToldHowToAnswer: a copy's number keys focus its
// lanes, so the vote and the question say that w rejoins the class to
// answer, and a number says so too.
func TestViewerOnACopyIsToldHowToAnswer(t *testing.T) {
	room := &fakeRoom{lanes: 5}
	m := newViewerIn(t, room, frozenAt(t, 3), 120, 40)
	m = send(m, keyMsg("f"))
	if m.c.stage.following {
		t.Fatal("f did not fork")
	}
	m = send(m, questions(m, Room{Vote: Vote{ID: 7, Phase: PhaseOpen, Choices: lectureLabels}}), keyMsg("3"))
	view := ansi.Strip(m.View())
	if len(room.answers) != 0 || !strings.Contains(view, "Which lane settles first? · w rejoins the class to vote") ||
		m.c.status.note != "answers come from the class's race: w rejoins it, then answer" {
		t.Errorf("a vote on a copy: %d answers, note %q:\n%s", len(room.answers), m.c.status.note, view)
	}
	m = send(m, questions(m, Room{Ask: Ask{ID: 8, Phase: PhaseOpen, Label: "GD", Dim: 1, T: 3}}))
	if view := ansi.Strip(m.View()); !strings.Contains(view, "w rejoins the class to answer") {
		t.Errorf("a question on a copy:\n%s", view)
	}
}

// TestANewQuestionEndsTheCancellationNote: "vote cancelled: …" is not read
// beside the next vote.
func TestANewQuestionEndsTheCancellationNote(t *testing.T) {
	room := &fakeRoom{lanes: 5}
	m := newViewerIn(t, room, frozenAt(t, 3), 120, 40)
	m = send(m, questions(m, Room{Vote: Vote{ID: 7, Phase: PhaseOpen, Choices: lectureLabels}}))
	m = send(m, questions(m, Room{Vote: Vote{ID: 7, Phase: PhaseCancelled, Why: "the race went back to t = 0"}}))
	if m.c.status.note != "vote cancelled: the race went back to t = 0" {
		t.Fatalf("the cancellation: note %q", m.c.status.note)
	}
	m = send(m, questions(m, Room{Vote: Vote{ID: 8, Phase: PhaseOpen, Choices: lectureLabels}}))
	if m.c.status.note != "" {
		t.Errorf("a new vote opened: note %q", m.c.status.note)
	}
}

// TestStripGivesWayToTheLanes: on a 2-D race at 80×24 the class's strip
// takes no row a lane's row needs: every lane stays on screen.
func TestStripGivesWayToTheLanes(t *testing.T) {
	bowl, err := optimizers.ObjectiveByName("bowl")
	if err != nil {
		t.Fatal(err)
	}
	room := &fakeRoom{lanes: 5}
	m, err := New(Options{Settings: bowl.Defaults(), Objective: bowl, Role: RolePresenter, Class: ClassFuncs{}, Room: room})
	if err != nil {
		t.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("v"))
	m = send(m, RoomMsg{Room: Room{
		Vote: Vote{ID: 1, Phase: PhaseOpen, Choices: lectureLabels, Tally: []int{1, 2, 3, 4, 5}, Mine: -1},
		Ask: Ask{
			ID: 2, Phase: PhaseRevealed, Label: "GD", Dim: 2, Truth: optimizers.Vec{-6.56, -1.6}, Answers: 2,
			Guesses: []Guess{{Name: "ada", At: optimizers.Vec{-7, 1}, Off: 2.6}, {Name: "bob", At: optimizers.Vec{-6, -2}, Off: 0.7}},
		},
	}})
	view := ansi.Strip(m.View())
	for _, label := range lectureLabels {
		if rowOf(view, label) == "" {
			t.Errorf("%s's row is not on screen:\n%s", label, view)
		}
	}
	if !strings.Contains(view, "VOTE") || !strings.Contains(view, "PREDICT") {
		t.Errorf("the strip lost a question:\n%s", view)
	}
}
