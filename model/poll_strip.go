package model

import (
	"strconv"
	"strings"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/views"
)

// The class strip is the class's questions, between the screen and the
// status bar. A presenter's shows each question with its answers: the
// vote's tally as a bar chart, a prediction's guesses against the truth
// and the closest, the challenge's leaderboard. A viewer's is a line per
// question: what is asked, how to answer, its own answer, and the outcome.
// The strip takes rows from the screen above it, never so many that the
// screen falls below what it needs; where rows are short, each question
// keeps its first line.

// stripSection is one question on the strip, the rows it would take and
// those it gets.
type stripSection struct {
	kind       sectionKind
	want, rows int
}

type sectionKind int

const (
	voteSection sectionKind = iota
	askSection
	challengeSection
)

// minScreenRows is the fewest rows the strip leaves a race screen: its
// panels' titles, charts and tables stay readable. The strip takes at most
// two fifths of the rows, so that the race stays the larger part.
const minScreenRows = 12

// maxBoardRows is the most leaderboard rows the presenter's strip shows.
const maxBoardRows = 6

// stripBudget is how many rows the strip may take from the screen.
func (m *Model) stripBudget() int {
	if m.room.link == nil || m.showHelp || m.width < views.MinWidth || m.height < views.MinHeight {
		return 0
	}
	least := minScreenRows
	switch r := m.c.stage.reader(); {
	case m.screen == screenNeuron:
		least = views.NeuronMinHeight
	case m.screen == screenRace && !m.c.view.zoomed && r != nil && r.Objective().Dim == 2:
		// A map and a row for every lane: the strip gives way before a
		// lane's row would.
		least = max(least, views.RaceHeight2D(len(r.Labels())))
	}
	body := m.height - 1
	return max(min(body-least, body*2/5), 0)
}

// stripPlan lays the questions out in the rows the strip may take: each
// its first line, then the rest in order, as far as they go.
func (m *Model) stripPlan() []stripSection {
	budget := m.stripBudget()
	if budget == 0 {
		return nil
	}
	room, presenter := &m.room.room, m.room.role == RolePresenter
	var plan []stripSection
	if v := room.Vote; v.Phase != PhaseNone {
		want := 1
		switch {
		case presenter && v.Phase != PhaseCancelled:
			want += len(v.Choices)
		case !presenter && v.Phase == PhaseOpen:
			want += views.VoteChoicesHeight(m.c.styles, v.Choices, m.width) // the choices, numbered
		}
		plan = append(plan, stripSection{kind: voteSection, want: want})
	}
	if a := room.Ask; a.Phase != PhaseNone {
		want := 1
		switch {
		case presenter && a.Phase == PhaseRevealed && !a.Diverged && len(a.Guesses) > 0:
			want += 1 + views.SpreadHeight(a.Dim) // the closest, and the spread
		case !presenter && a.Phase == PhaseOpen:
			want++ // how to answer, and the answer
		case !presenter && a.Phase == PhaseRevealed && !a.Diverged:
			want++ // how far off the student's guess was, under the truth
		}
		plan = append(plan, stripSection{kind: askSection, want: want})
	}
	if c := room.Challenge; c.Phase != PhaseNone {
		want := 1
		switch {
		case presenter:
			want += min(len(c.Entries), maxBoardRows)
		case challengeNote(c) != "":
			want++ // the student's entry, and the best
		}
		plan = append(plan, stripSection{kind: challengeSection, want: want})
	}
	left := budget
	for i := range plan {
		plan[i].rows = min(1, left)
		left -= plan[i].rows
	}
	// The rest goes to a prediction first: it is about the very next
	// step, while a vote runs for the whole race.
	order := make([]int, 0, len(plan))
	for i := range plan {
		if plan[i].kind == askSection {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	for _, i := range order {
		more := min(plan[i].want-plan[i].rows, left)
		if plan[i].rows == 0 {
			more = 0
		}
		plan[i].rows += more
		left -= more
	}
	return plan
}

// stripHeight is how many rows the strip takes now.
func (m *Model) stripHeight() int {
	n := 0
	for _, sec := range m.stripPlan() {
		n += sec.rows
	}
	return n
}

// layout sizes the screens to the window less the status bar and the
// strip; it is called after every message, as the strip comes and goes.
func (m *Model) layout() {
	w, h := m.width, max(m.height-1-m.stripHeight(), 0)
	if w == m.c.w && h == m.c.h {
		return
	}
	m.c.w, m.c.h = w, h
	for _, s := range m.screens {
		s.SetSize(w, h)
	}
}

// stripLines draws the strip, w wide.
func (m *Model) stripLines(w int) []string {
	var out []string
	for _, sec := range m.stripPlan() {
		if sec.rows == 0 {
			continue
		}
		var lines []string
		switch sec.kind {
		case voteSection:
			lines = m.voteLines(w, sec.rows)
		case askSection:
			lines = m.askLines(w, sec.rows)
		case challengeSection:
			lines = m.challengeLines(w, sec.rows)
		}
		for len(lines) < sec.rows {
			lines = append(lines, strings.Repeat(" ", w))
		}
		out = append(out, lines[:sec.rows]...)
	}
	return out
}

func (m *Model) voteLines(w, rows int) []string {
	s, rs := m.c.styles, m.room
	v := rs.room.Vote
	text, alert := voteHeader(v, rs.role == RolePresenter)
	if rs.role == RoleViewer && v.Phase == PhaseOpen && !m.c.stage.following {
		// A copy's number keys focus its lanes: answers come from the
		// class's race.
		text = strings.Replace(text, "press 1–"+strconv.Itoa(len(v.Choices)), "· w rejoins the class to vote", 1)
	}
	out := []string{views.ClassHeader(s, "VOTE", text, alert, w)}
	switch {
	case rows < 2:
	case rs.role == RolePresenter && v.Phase != PhaseCancelled:
		t := views.VoteTally{Choices: v.Choices, Tally: v.Tally, Mine: -1}
		if v.Phase == PhaseRevealed {
			t.Winners = v.Winners
		}
		out = append(out, views.VoteChart(s, t, w, rows-1)...)
	case rs.role != RolePresenter && v.Phase == PhaseOpen:
		choices := views.VoteChoices(s, v.Choices, v.Mine, w)
		out = append(out, choices[:min(len(choices), rows-1)]...)
	}
	return out
}

func (m *Model) askLines(w, rows int) []string {
	s, rs := m.c.styles, m.room
	a := rs.room.Ask
	text, alert := askHeader(a, rs.role == RolePresenter)
	if rows >= 2 && rs.role != RolePresenter && a.Phase == PhaseRevealed && !a.Diverged {
		// The truth has every digit (a 2-D one is long): the student's
		// own result gets a line of its own, not cut off after it.
		return []string{views.ClassHeader(s, "PREDICT", truthText(a), false, w), views.ClassNote(s, guessResult(a), w)}
	}
	out := []string{views.ClassHeader(s, "PREDICT", text, alert, w)}
	if rows >= 2 && rs.role != RolePresenter && a.Phase == PhaseOpen {
		note := "a opens your answer"
		switch {
		case !m.c.stage.following:
			note = "w rejoins the class to answer"
		case a.HasMine:
			note = "your guess: " + pointText(a.Mine, a.Dim) + " · a changes it until the step"
		}
		return append(out, views.ClassNote(s, note, w))
	}
	if rows < 2 || rs.role != RolePresenter || a.Phase != PhaseRevealed || a.Diverged || len(a.Guesses) == 0 {
		return out
	}
	out = append(out, views.ClassNote(s, closestText(a, 3), w))
	guesses := make([]optimizers.Vec, len(a.Guesses))
	for i, g := range a.Guesses {
		guesses[i] = g.At
	}
	return append(out, views.GuessSpread(s, views.Spread{Dim: a.Dim, Guesses: guesses, Truth: a.Truth}, w, rows-2)...)
}

func (m *Model) challengeLines(w, rows int) []string {
	s, rs := m.c.styles, m.room
	c := rs.room.Challenge
	out := []string{views.ClassHeader(s, "CHALLENGE", challengeHeader(c, rs.role == RolePresenter, rs.racedBest == c.ID), false, w)}
	if rows >= 2 && rs.role != RolePresenter {
		return append(out, views.ClassNote(s, challengeNote(c), w))
	}
	if rows < 2 || rs.role != RolePresenter {
		return out
	}
	board := make([]views.BoardRow, len(c.Entries))
	for i, e := range c.Entries {
		rank := e.Rank
		if !e.Settled() {
			rank = 0 // ranked by settled step: one that never settled has no place
		}
		board[i] = views.BoardRow{Rank: rank, Name: e.Name, Settings: laneSettingsText(e.Lane), Result: resultText(e)}
	}
	return append(out, views.ChallengeBoard(s, board, w, rows-1)...)
}
