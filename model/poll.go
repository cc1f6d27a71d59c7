package model

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
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
	// cancelNote is the status note that last told of a question
	// cancelled, or of a challenge over: a new question clears it.
	cancelNote string
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
	c.asking = rs.role == RoleViewer && rs.link != nil && rs.room.Ask.Phase == PhaseOpen
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
	opened := func(now, before Phase, id, beforeID int) bool {
		return now == PhaseOpen && (before != PhaseOpen || id != beforeID)
	}
	if st.note != "" && st.note == rs.cancelNote && (opened(v.Phase, was.Vote.Phase, v.ID, was.Vote.ID) ||
		opened(a.Phase, was.Ask.Phase, a.ID, was.Ask.ID) || opened(room.Challenge.Phase, was.Challenge.Phase, room.Challenge.ID, was.Challenge.ID)) {
		st.note = "" // a new question: the old one's cancellation is over
	}
	switch {
	case v.Phase == PhaseCancelled && v.ID == was.Vote.ID && was.Vote.Phase != PhaseCancelled:
		st.note = "vote cancelled: " + v.Why
		rs.cancelNote = st.note
	case a.Phase == PhaseCancelled && a.ID == was.Ask.ID && was.Ask.Phase != PhaseCancelled:
		st.note = "question cancelled: " + a.Why
		rs.cancelNote = st.note
	case rs.role == RoleViewer && room.Challenge.ID == was.Challenge.ID && was.Challenge.Phase == PhaseOpen && room.Challenge.Phase != PhaseOpen:
		// "u enters again" is no longer true.
		st.note = "the challenge is over"
		if c := room.Challenge; c.Phase == PhaseCancelled {
			st.note = "the challenge was cancelled: " + c.Why
		}
		rs.cancelNote = st.note // the next question ends it
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
