package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// roomState is a session's part in its class's questions (see Classroom):
// what the class last told it, and where its keys are in asking or
// answering.
type roomState struct {
	link Classroom
	role Role
	// room is what the session shows: the presenter's as the class last
	// told it; a viewer's, the class's questions (public) with its own
	// answers (mine).
	room   Room
	public Room
	mine   Mine
	// rev changes whenever what the room shows may have: the frame cache
	// is keyed by it.
	rev int
	// confirming is set while the presenter's u waits for enter to start a
	// challenge on the lane it names.
	confirming bool
	confirmFor int
	// editing is the class editor open over the race, if any, and the
	// question it answers.
	editing   roomEditor
	editingID int
	// racedBest is the challenge whose best entry enter added as a lane,
	// so that a second enter does not add it again.
	racedBest int
	// keys match the class's keys whatever the role (the model's own key
	// map shows in help only the ones the role has), so that a session
	// without a class can say what they need.
	keys KeyMap
}

// roomEditor is which class editor is open.
type roomEditor int

const (
	noRoomEditor roomEditor = iota
	guessEditor
	entryEditor
)

func newRoomState(link Classroom, role Role) *roomState {
	rs := &roomState{link: link, role: role, keys: DefaultKeyMap()}
	rs.room.Vote.Mine = -1
	return rs
}

// classKeys enables, in the key map help shows, the class's keys the role
// has: a presenter asks (v, a, u, enter), a viewer answers (1–8, a, u).
func classKeys(k *KeyMap, role Role, link Classroom) {
	presenter := link != nil && role == RolePresenter
	viewer := link != nil && role == RoleViewer
	k.Poll.SetEnabled(presenter)
	k.Confirm.SetEnabled(presenter)
	k.Question.SetEnabled(presenter || viewer)
	k.Challenge.SetEnabled(presenter || viewer)
	k.Choose.SetEnabled(viewer)
	if viewer {
		k.Question.SetHelp("a", "answer the class's question")
		k.Challenge.SetHelp("u", "take part in the challenge")
	}
}

// noClass is what the class's keys say where there is no class.
const noClass = ": it needs a class, optirace serve --shared"

// receiveRoom takes what the class tells a presenter of its questions.
func (m *Model) receiveRoom(msg RoomMsg) { m.setRoom(msg.Room) }

// receivePublic takes the class's questions as every viewer sees them,
// which come with the shared race: a frame without a change to them leaves
// the room as it is.
func (m *Model) receivePublic(public Room) {
	rs := m.room
	if rs.role == RolePresenter || public.Version == rs.public.Version {
		return
	}
	rs.public = public
	m.setRoom(public.With(rs.mine))
}

// receiveMine takes the class's record of a viewer's own answers. The
// record of an answer the viewer just gave is what the screen shows
// already: no new frame for it.
func (m *Model) receiveMine(msg MineMsg) {
	rs := m.room
	if msg.Mine == rs.mine {
		return
	}
	rs.mine = msg.Mine
	m.setRoom(rs.public.With(rs.mine))
}

// answered records a viewer's answer the class took, before the class's
// record of it arrives.
func (m *Model) answered(mine Mine) {
	rs := m.room
	rs.mine = mine
	rs.room = rs.public.With(mine)
	rs.rev++
	m.showVoting()
}

// showVoting says in a viewer's status bar and ? help whether its number
// keys vote now, and for which lanes, or focus a lane as they otherwise do.
func (m *Model) showVoting() {
	rs, c := m.room, m.c
	v := rs.room.Vote
	c.voting = rs.role == RoleViewer && rs.link != nil && v.Phase == PhaseOpen
	if c.voting {
		c.keys.Choose.SetHelp("1–"+strconv.Itoa(len(v.Choices)), "vote")
		return
	}
	h := rs.keys.Choose.Help()
	c.keys.Choose.SetHelp(h.Key, h.Desc)
}

// setRoom shows room. An editor answering a question that has closed
// closes, saying so; a cancellation is told in the status bar too.
func (m *Model) setRoom(room Room) {
	rs, st := m.room, m.c.status
	m.syncRoomEditor()
	was := rs.room
	rs.room = room
	rs.rev++
	m.showVoting()
	v, a := room.Vote, room.Ask
	switch {
	case v.Phase == PhaseCancelled && v.ID == was.Vote.ID && was.Vote.Phase != PhaseCancelled:
		st.note = "vote cancelled: " + v.Why
	case a.Phase == PhaseCancelled && a.ID == was.Ask.ID && was.Ask.Phase != PhaseCancelled:
		st.note = "question cancelled: " + a.Why
	case rs.role == RoleViewer && room.Challenge.ID == was.Challenge.ID && was.Challenge.Phase == PhaseOpen && room.Challenge.Phase != PhaseOpen:
		// "u enters again" is no longer true.
		st.note = "the challenge is over"
		if c := room.Challenge; c.Phase == PhaseCancelled {
			st.note = "the challenge was cancelled: " + c.Why
		}
	}
	switch rs.editing {
	case guessEditor:
		if a.ID != rs.editingID || a.Phase != PhaseOpen {
			m.closeRoomEditor()
			st.note = "the question closed before you sent a guess"
			if a.ID == rs.editingID && a.Phase == PhaseRevealed {
				st.note = "the step came first: " + truthText(a)
			}
		}
	case entryEditor:
		if c := room.Challenge; c.ID != rs.editingID || c.Phase != PhaseOpen {
			m.closeRoomEditor()
			st.note = "the challenge ended before you entered"
		}
	case noRoomEditor:
	}
}

// syncRoomEditor forgets the class editor once the editor has closed
// (esc cancels it): another editor opened after it is not the class's.
func (m *Model) syncRoomEditor() {
	if !m.c.editor.isOpen() {
		m.room.editing = noRoomEditor
	}
}

// closeRoomEditor closes the class editor, if it is open.
func (m *Model) closeRoomEditor() {
	if m.room.editing != noRoomEditor && m.c.editor.isOpen() {
		m.c.editor.editor, m.c.editor.apply = nil, nil
	}
	m.room.editing = noRoomEditor
}

// roomKey handles the class's keys, and reports false for any other: a
// presenter's u waiting for enter is answered by the very next key.
func (m *Model) roomKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	rs := m.room
	m.syncRoomEditor()
	if rs.confirming {
		rs.confirming = false
		rs.rev++
		if matches(msg, rs.keys.Confirm) {
			m.query(QueryChallenge, rs.confirmFor, "")
			return nil, true
		}
		m.c.status.note = "no challenge started"
		if matches(msg, rs.keys.Challenge) {
			return nil, true // u again: the question is withdrawn
		}
	}
	k := rs.keys
	if rs.role == RoleViewer && rs.link != nil && m.c.stage.following && matches(msg, m.c.keys.Fork) && rs.questionOpen() {
		// A copy of one's own could run ahead to the answer.
		m.c.status.note = "a question is open: f forks again once it is revealed"
		return nil, true
	}
	if !rs.isClassKey(msg) {
		return nil, false
	}
	if rs.link == nil {
		switch {
		case matches(msg, k.Poll):
			m.c.status.note = "a vote" + noClass
		case matches(msg, k.Question):
			m.c.status.note = "asking" + noClass
		case matches(msg, k.Challenge):
			m.c.status.note = "a challenge" + noClass
		default:
			return nil, false // enter, a number: nothing of the class's
		}
		return nil, true
	}
	if rs.role == RolePresenter {
		return m.presenterKey(msg)
	}
	return m.viewerKey(msg)
}

// questionOpen reports whether a vote or a prediction takes answers now.
func (rs *roomState) questionOpen() bool {
	return rs.room.Vote.Phase == PhaseOpen || rs.room.Ask.Phase == PhaseOpen
}

// isClassKey reports whether msg is one of the class's keys now: v, a
// and u always; enter for a presenter; a number for a viewer while a vote
// is open (else it focuses a lane).
func (rs *roomState) isClassKey(msg tea.KeyMsg) bool {
	k := rs.keys
	switch {
	case matches(msg, k.Poll, k.Question, k.Challenge):
		return true
	case matches(msg, k.Confirm):
		return rs.role == RolePresenter
	case matches(msg, k.Choose):
		return rs.role == RoleViewer && rs.room.Vote.Phase == PhaseOpen
	}
	return false
}

// presenterKey handles a presenter's class keys: v opens and closes a vote,
// a asks for the next step, u asks to start a challenge (enter starts it),
// ends it and clears it, enter adds an ended challenge's best as a lane.
func (m *Model) presenterKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	rs, k := m.room, m.room.keys
	focus := m.c.view.focus
	switch {
	case matches(msg, k.Poll):
		if rs.room.Vote.Phase == PhaseOpen {
			m.query(QueryCloseVote, focus, "vote closed: the race's end reveals it")
		} else {
			m.query(QueryVote, focus, "")
		}
	case matches(msg, k.Question):
		m.query(QueryNextStep, focus, "")
	case matches(msg, k.Challenge):
		switch rs.room.Challenge.Phase {
		case PhaseOpen:
			m.query(QueryEndChallenge, focus, "")
		case PhaseNone, PhaseRevealed, PhaseCancelled:
			m.askToStartChallenge(focus)
		case PhaseClosed:
			m.query(QueryClearChallenge, focus, "")
		}
	case matches(msg, k.Confirm):
		c := rs.room.Challenge
		if c.Phase != PhaseClosed || len(c.Entries) == 0 {
			return nil, false // enter means nothing else on a race screen
		}
		if !c.Entries[0].Settled() {
			m.c.status.note = "no entry settled, so there is no best to race · u clears the challenge"
			return nil, true
		}
		if rs.racedBest == c.ID {
			m.c.status.note = "the best entry races already · u clears the challenge"
			return nil, true
		}
		cmd, ok := m.addBestLane(c.Entries[0])
		if ok {
			rs.racedBest = c.ID
			rs.rev++
		}
		return cmd, true
	}
	return nil, true
}

// query asks the class q about the presenter's race as it is now, and
// notes done (or what the class says) in the status bar.
func (m *Model) query(kind QueryKind, lane int, done string) {
	rs, st := m.room, m.c.status
	f := m.c.stage.frozen()
	if refused := rs.link.Ask(Query{Kind: kind, Race: f, Lane: lane}); refused != "" {
		st.note = refused
		return
	}
	st.note = done
	// The class's word follows within a fifth of a second; until then
	// the screen shows what the key did.
	switch kind {
	case QueryVote:
		rs.room.Vote = Vote{ID: -1, Phase: PhaseOpen, Choices: f.Labels(), Tally: make([]int, len(f.Labels())), Mine: -1}
	case QueryCloseVote:
		rs.room.Vote.Phase = PhaseClosed
	case QueryNextStep:
		rs.room.Ask = Ask{ID: -1, Phase: PhaseOpen, Lane: lane, Label: f.Labels()[lane], Dim: f.Objective().Dim, T: f.T()}
	case QueryChallenge:
		rs.room.Challenge = Challenge{ID: -1, Phase: PhaseOpen, Lane: f.Lanes()[lane], Label: f.Labels()[lane], Objective: f.Objective().Name}
	case QueryEndChallenge:
		rs.room.Challenge.Phase = PhaseClosed
	case QueryClearChallenge:
		rs.room.Challenge = Challenge{}
	}
	rs.rev++
}

// askToStartChallenge asks the presenter to confirm, with enter, a
// challenge on the focused lane's optimizer.
func (m *Model) askToStartChallenge(lane int) {
	rs := m.room
	r := m.c.stage.reader()
	if r == nil || lane >= len(r.Labels()) {
		m.c.status.note = "no lane to set a challenge on"
		return
	}
	rs.confirming, rs.confirmFor = true, lane
	rs.rev++
	kind := r.Lanes()[lane].Kind
	m.c.status.note = "start a challenge: settle " + kind.String() + " in as few steps as you can, on this landscape? " +
		rs.keys.Confirm.Help().Key + " starts"
}

// addBestLane adds the challenge's best entry as a lane of the presenter's
// race, which replays to its step (off the UI goroutine if it is long); it
// reports whether it did, or says why not.
func (m *Model) addBestLane(best Entry) (tea.Cmd, bool) {
	sg, st := m.c.stage, m.c.status
	if sg.own == nil {
		return nil, false
	}
	if sg.replay.pending() {
		st.note = sg.replay.busyNote()
		return nil, false
	}
	r := sg.own.race
	lanes := append(r.Lanes(), best.Lane)
	if err := optimizers.CheckLanes(len(lanes)); err != nil {
		st.note = err.Error() + ": e removes a lane first"
		return nil, false
	}
	who := ""
	if best.Name != "" {
		who = best.Name + "'s "
	}
	return sg.startReplay(replayJob{
		settings: r.Settings(), lanes: lanes, obj: r.Objective(), tol: r.Tol(), t: r.T(),
		note: who + best.Lane.Kind.String() + " " + laneSettingsText(best.Lane) + " races as lane " +
			strconv.Itoa(len(lanes)) + ", replayed to t = " + strconv.Itoa(r.T()),
	}), true
}

// viewerKey handles a viewer's class keys: a number votes while a vote is
// open, a answers the question asked, u takes part in the challenge.
func (m *Model) viewerKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	rs, k, st := m.room, m.room.keys, m.c.status
	if !m.c.stage.following && (matches(msg, k.Choose) || (matches(msg, k.Question) && rs.room.Ask.Phase == PhaseOpen)) {
		// Answers come from the class's race: a copy can run ahead of it.
		st.note = "answers come from the class's race: w rejoins it, then answer"
		return nil, true
	}
	switch {
	case matches(msg, k.Choose):
		choice := strings.IndexRune("12345678", []rune(msg.String())[0])
		id := rs.room.Vote.ID
		if refused := rs.link.Answer(Answer{Kind: AnswerVote, ID: id, Choice: choice}); refused != "" {
			st.note = refused
			return nil, true
		}
		mine := rs.mine
		mine.VoteID, mine.Vote = id, choice
		m.answered(mine)
	case matches(msg, k.Poll):
		st.note = "the presenter opens votes; while one is open, 1–" + strconv.Itoa(optimizers.MaxLanes) + " vote"
	case matches(msg, k.Question):
		m.openGuessEditor()
	case matches(msg, k.Challenge):
		return m.takeChallenge(), true
	}
	return nil, true
}

// openGuessEditor opens the editor a viewer types a guess into: x, and y
// on a 2-D landscape, each a finite number.
func (m *Model) openGuessEditor() {
	rs, st := m.room, m.c.status
	a := rs.room.Ask
	if a.Phase != PhaseOpen {
		st.note = "nothing is asked now: the presenter's a asks"
		return
	}
	start := a.Mine // the guess sent, to change; else empty fields
	fields := []EditField{{Key: "x", Symbol: "x", Usage: a.Label + "'s x after the step", Domain: optimizers.Finite, Value: start[0], Empty: !a.HasMine}}
	if a.Dim == 2 {
		fields = append(fields, EditField{Key: "y", Symbol: "y", Usage: a.Label + "'s y after the step", Domain: optimizers.Finite, Value: start[1], Empty: !a.HasMine})
	}
	title := "Where will " + a.Label + "'s " + coords(a.Dim) + " be at t = " + strconv.Itoa(a.T+1) + "?"
	note := "your guess, by hand from the update rule (i explains it after the step) · enter sends it"
	m.c.editor.open(NewEditor(title, note, fields, m.c.keys, m.c.styles), func(vals []float64) tea.Cmd {
		m.room.editing = noRoomEditor
		g := optimizers.Vec{vals[0]}
		if len(vals) > 1 {
			g[1] = vals[1]
		}
		if refused := rs.link.Answer(Answer{Kind: AnswerGuess, ID: a.ID, Guess: g}); refused != "" {
			st.note = refused
			return nil
		}
		mine := rs.mine
		mine.AskID, mine.Guess = a.ID, g
		m.answered(mine)
		st.note = "your guess: " + pointText(g, a.Dim) + " · a changes it until the step"
		return nil
	})
	rs.editing, rs.editingID = guessEditor, a.ID
}

// takeChallenge opens a viewer's challenge: a copy of the race of its own
// (one it forked already is kept) and, over it, the editor of the
// challenge's optimizer's settings; enter enters them.
func (m *Model) takeChallenge() tea.Cmd {
	rs, st := m.room, m.c.status
	c := rs.room.Challenge
	switch c.Phase {
	case PhaseOpen:
	case PhaseClosed:
		st.note = "the challenge is over"
		return nil
	case PhaseNone, PhaseRevealed, PhaseCancelled:
		st.note = "no challenge is running: the presenter's u starts one"
		return nil
	}
	// A sandbox of the student's own to try settings in: the copy it
	// forked before, if any, else a fork of the live race.
	var cmd tea.Cmd
	switch sg := m.c.stage; {
	case !sg.following || sg.replay.pending():
	case sg.own != nil:
		sg.following = false
		sg.own.pause()
		if sg.link != nil {
			sg.link.OwnCopy(true)
		}
		st.note = "back on your copy, at t = " + strconv.Itoa(sg.own.race.T())
	default:
		cmd = sg.fork()
	}
	start := c.Lane
	if c.HasMine {
		start = c.Mine.Lane
	}
	settings := start.Settings()
	fields := make([]EditField, len(settings))
	for i, set := range settings {
		fields[i] = EditField{Key: set.Key, Symbol: set.Symbol, Usage: set.Brief, Domain: set.Domain, Value: set.Value}
	}
	title := "Challenge: settle " + c.Lane.Kind.String() + " in as few steps as you can"
	note := "on " + c.Objective + " from " + startText(c) + ", zone ±" + numfmt.Compact(c.Tol, 8) +
		" · the server runs your settings to t = " + strconv.Itoa(MaxChallengeSteps) + " · enter enters them"
	m.c.editor.open(NewEditor(title, note, fields, m.c.keys, m.c.styles), func(vals []float64) tea.Cmd {
		m.room.editing = noRoomEditor
		lane := start
		for i, set := range settings {
			if err := lane.Set(set.Key, vals[i]); err != nil {
				st.note = err.Error() // the editor checked it; kept for safety
				return nil
			}
		}
		if refused := rs.link.Answer(Answer{Kind: AnswerEntry, ID: c.ID, Entry: lane}); refused != "" {
			st.note = refused
			return nil
		}
		mine := rs.mine
		if mine.ChallengeID != c.ID {
			mine = Mine{VoteID: mine.VoteID, Vote: mine.Vote, AskID: mine.AskID, Guess: mine.Guess, ChallengeID: c.ID}
		}
		mine.Running = true
		m.answered(mine)
		st.note = "entered " + lane.Kind.String() + " " + laneSettingsText(lane) + ": the server runs it · u enters again"
		if m.raceEntry(c, lane) {
			st.note += " · your copy races it beside the challenge's " + c.Label
		}
		return nil
	})
	rs.editing, rs.editingID = entryEditor, c.ID
	return cmd
}

// raceEntry makes the student's copy the challenge's race — its landscape,
// start and finish zone — with two lanes, the one challenged and the
// student's entry, at t = 0, so that they watch what they entered; it
// reports whether it did (not while a fork is still being made).
func (m *Model) raceEntry(c Challenge, entry optimizers.Lane) bool {
	sg := m.c.stage
	if sg.own == nil || sg.following || sg.replay.pending() {
		return false
	}
	obj, err := optimizers.ObjectiveByName(c.Objective)
	if err != nil {
		return false
	}
	set := obj.Defaults()
	set.X0, set.Y0 = c.Start[0], c.Start[1]
	r, err := race.New(set, obj, race.WithTol(c.Tol), race.WithLanes([]optimizers.Lane{c.Lane, entry}))
	if err != nil {
		return false
	}
	sg.own.race = r
	sg.own.pause()
	m.c.view.focus = 1
	return true
}

// classHelp is the class's keys a following viewer's ? help lists.
func (k KeyMap) classHelp() []key.Binding { return []key.Binding{k.Choose, k.Question, k.Challenge} }
