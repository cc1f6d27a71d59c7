package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

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
	note := "your guess, by hand from the update rule (i explains it after the step)"
	ed := NewEditor(title, note, fields, m.c.keys, m.c.styles)
	ed.hint = m.c.keys.editorHintTo(len(fields) > 1, "sends")
	m.c.editor.open(ed, func(vals []float64) tea.Cmd {
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
	note := "on " + c.Objective + " from " + startText(c) + ", " + zoneText(c) +
		" · the server runs your settings to t = " + strconv.Itoa(MaxChallengeSteps)
	ed := NewEditor(title, note, fields, m.c.keys, m.c.styles)
	ed.hint = m.c.keys.editorHintTo(len(fields) > 1, "enters them")
	m.c.editor.open(ed, func(vals []float64) tea.Cmd {
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
