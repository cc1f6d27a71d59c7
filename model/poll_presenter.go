package model

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/optimizers"
)

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
		// The class needs time to answer: auto-play would reveal the
		// step before anyone could.
		playing := m.c.stage.own != nil && m.c.stage.own.playing
		m.query(QueryNextStep, focus, "")
		if playing && rs.room.Ask.Phase == PhaseOpen {
			m.c.stage.pausePlay()
			m.c.status.note = "paused, for the class to answer: space steps and reveals it"
		}
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
