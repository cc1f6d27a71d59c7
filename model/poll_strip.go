package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/views"
	"github.com/optirace/optirace/wording"
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

// voteHeader says where the vote is, as the presenter or a viewer reads
// it, and whether it says something went wrong (a cancellation).
func voteHeader(v Vote, presenter bool) (string, bool) {
	const q = "Which lane settles first?"
	answers := wording.Count(v.Answers, "answer")
	switch v.Phase {
	case PhaseOpen:
		if presenter {
			return q + " · " + answers + " · v closes", false
		}
		text := q + " press 1–" + strconv.Itoa(len(v.Choices))
		if mine := choiceText(v, v.Mine); mine != "" {
			text += " · your vote: " + mine
		}
		return text, false
	case PhaseClosed:
		if presenter {
			return q + " · " + answers + " · closed: the race's end reveals it", false
		}
		if mine := choiceText(v, v.Mine); mine != "" {
			return "voting closed · your vote: " + mine + " · the race's end reveals it", false
		}
		return "voting closed: the race's end reveals it", false
	case PhaseRevealed:
		return revealText(v, presenter), false
	case PhaseCancelled:
		return "cancelled: " + v.Why, true
	case PhaseNone:
	}
	return "", false
}

// revealText is a revealed vote: who settled first, and who was right.
func revealText(v Vote, presenter bool) string {
	if len(v.Winners) == 0 {
		return "no lane settled: nobody was right · " + wording.Count(v.Answers, "answer")
	}
	names := make([]string, len(v.Winners))
	for i, w := range v.Winners {
		names[i] = choiceText(v, w)
	}
	text := strings.Join(names, ", ") + " settled first at t = " + strconv.Itoa(v.SettledAt)
	if len(names) > 1 {
		text = strings.Join(names, ", ") + " tied first at t = " + strconv.Itoa(v.SettledAt)
	}
	right := strconv.Itoa(v.Right) + " of " + strconv.Itoa(v.Answers) + " right"
	switch {
	case presenter && len(v.RightNames) > 0:
		return text + " · " + right + ": " + strings.Join(v.RightNames, ", ")
	case presenter:
		return text + " · " + right
	case v.Mine < 0:
		return text + " · you did not vote · " + right
	}
	for _, w := range v.Winners {
		if w == v.Mine {
			return text + " · you were right · " + right
		}
	}
	return text + " · you voted " + choiceText(v, v.Mine) + " · " + right
}

// choiceText names choice i of the vote, "2 GDM", or "" for none.
func choiceText(v Vote, i int) string {
	if i < 0 || i >= len(v.Choices) {
		return ""
	}
	return strconv.Itoa(i+1) + " " + v.Choices[i]
}

// askHeader says where the prediction is, as the presenter or a viewer
// reads it, and whether it says something went wrong.
func askHeader(a Ask, presenter bool) (string, bool) {
	q := "Where will " + a.Label + "'s " + coords(a.Dim) + " be after the next step (t = " + strconv.Itoa(a.T+1) + ")?"
	switch a.Phase {
	case PhaseOpen:
		if presenter {
			return q + " · " + wording.Count(a.Answers, "answer") + " · the next step reveals it", false
		}
		return q, false
	case PhaseRevealed:
		text := truthText(a)
		switch {
		case presenter:
			return text + " · " + wording.Count(a.Answers, "answer"), false
		case a.Diverged:
		default:
			text += " · " + guessResult(a)
		}
		return text, false
	case PhaseCancelled, PhaseClosed:
		return "cancelled: " + a.Why, true
	case PhaseNone:
	}
	return "", false
}

// guessResult is how a student's guess went: "your guess 9.9 is off by
// 0.03", or that they did not guess.
func guessResult(a Ask) string {
	if !a.HasMine {
		return "you did not guess"
	}
	return "your guess " + pointText(a.Mine, a.Dim) + " is off by " + offText(a.Mine, a.Truth, a.Dim)
}

// truthText is a prediction's answer: "Adam's x at t = 4: 9.87".
func truthText(a Ask) string {
	at := " at t = " + strconv.Itoa(a.T+1)
	if a.Diverged {
		return a.Label + " diverged" + at + ": it has no " + coords(a.Dim)
	}
	// Every digit of the engine's: 9.50000000025, not 9.5 beside a guess
	// of 9.5 "off by 2.5e-10" (ε's part in Adam's step).
	truth := numfmt.Shortest(a.Truth[0])
	if a.Dim == 2 {
		truth = "(" + truth + ", " + numfmt.Shortest(a.Truth[1]) + ")"
	}
	return a.Label + "'s " + coords(a.Dim) + at + ": " + truth
}

// closestText names the n guesses closest to the truth: "closest: bob
// 9.86 (off 0.01) · ada 9.9 (off 0.03)", without names when anonymous.
func closestText(a Ask, n int) string {
	parts := make([]string, 0, n)
	for _, g := range a.Guesses[:min(n, len(a.Guesses))] {
		part := pointText(g.At, a.Dim) + " (off " + numfmt.Significant(g.Off, 2) + ")"
		if g.Name != "" {
			part = g.Name + " " + part
		}
		parts = append(parts, part)
	}
	return "closest: " + strings.Join(parts, " · ")
}

// offText is how far guess g is from truth, two significant digits.
func offText(g, truth optimizers.Vec, dim int) string {
	d := math.Abs(g[0] - truth[0])
	if dim == 2 {
		d = math.Hypot(d, g[1]-truth[1])
	}
	return numfmt.Significant(d, 2)
}

// coords names what a prediction guesses: "x", or "x and y" in 2-D.
func coords(dim int) string {
	if dim == 2 {
		return "x and y"
	}
	return "x"
}

// pointText writes a point as a table does: x, or (x, y) in 2-D.
func pointText(p optimizers.Vec, dim int) string {
	if dim == 2 {
		return "(" + numfmt.Compact(p[0], 10) + ", " + numfmt.Compact(p[1], 10) + ")"
	}
	return numfmt.Compact(p[0], 10)
}

// challengeHeader says where the challenge is, as the presenter or a
// viewer reads it; raced says the presenter's enter raced its best.
func challengeHeader(c Challenge, presenter, raced bool) string {
	goal := "settle " + c.Lane.Kind.String() + " in as few steps as you can"
	switch c.Phase {
	case PhaseOpen:
		if presenter {
			return goal + " · " + strconv.Itoa(c.Entrants) + " entered · " + strconv.Itoa(c.Running) + " running · u ends it"
		}
		zone := " (zone ±" + numfmt.Compact(c.Tol, 8) + ")"
		if c.HasMine {
			return goal + zone + " · u enters again"
		}
		return goal + zone + " · u takes part"
	case PhaseClosed:
		if len(c.Entries) == 0 {
			return "over: nobody entered · u clears"
		}
		best := c.Entries[0]
		if !best.Settled() { // entries rank by settled step: none has one
			if presenter {
				return "over: no entry settled, so there is no best · u clears"
			}
			return "over: no entry settled"
		}
		if presenter {
			who := ""
			if best.Name != "" {
				who = best.Name + "'s "
			}
			next := " · enter races it as a lane · u clears"
			if raced {
				next = " · racing as a lane · u clears"
			}
			return "over · best: " + who + laneSettingsText(best.Lane) + ", " + resultText(best) + next
		}
		return "over · best: " + laneSettingsText(best.Lane) + ", " + resultText(best)
	case PhaseCancelled:
		if presenter {
			return "cancelled: " + c.Why + " · u starts another"
		}
		return "cancelled: " + c.Why
	case PhaseRevealed, PhaseNone:
	}
	return ""
}

// challengeNote is a viewer's line under the challenge: their entry and
// rank, and the best so far; "" when there is nothing to say.
func challengeNote(c Challenge) string {
	var parts []string
	switch {
	case c.MineRunning:
		parts = append(parts, "the server runs your entry…")
	case c.HasMine && !c.Mine.Settled():
		// An entry that never settled is not a result to rank by: it says
		// what happened, and that settling is the goal.
		parts = append(parts, "your entry: "+laneSettingsText(c.Mine.Lane)+", "+resultText(c.Mine)+" · not ranked: it has to settle")
	case c.HasMine && c.Phase == PhaseClosed:
		parts = append(parts, "yours: "+laneSettingsText(c.Mine.Lane)+", "+resultText(c.Mine)+", rank "+strconv.Itoa(c.Mine.Rank))
	case c.HasMine:
		parts = append(parts, "your best: "+laneSettingsText(c.Mine.Lane)+", "+resultText(c.Mine)+", rank "+strconv.Itoa(c.Mine.Rank)+" so far")
	}
	if len(c.Entries) > 0 && c.Entries[0].Settled() && c.Phase == PhaseOpen && (!c.HasMine || c.Mine.Rank > 1) {
		parts = append(parts, "best so far: "+laneSettingsText(c.Entries[0].Lane)+", "+resultText(c.Entries[0]))
	}
	return strings.Join(parts, " · ")
}

// laneSettingsText writes a lane's settings: "α=0.45", "α=0.1 β₁=0.8 β₂=0.999 ε=1e-08".
func laneSettingsText(l optimizers.Lane) string {
	settings := l.Settings()
	parts := make([]string, len(settings))
	for i, s := range settings {
		parts[i] = s.Symbol + "=" + numfmt.Compact(s.Value, 10)
	}
	return strings.Join(parts, " ")
}

// resultText is how an entry's run went: "settled at t = 9", "diverged at
// t = 14", "not settled by t = 10000".
func resultText(e Entry) string {
	switch {
	case e.Settled():
		return "settled at t = " + strconv.Itoa(e.SettledAt)
	case e.DivergedAt >= 0:
		return "diverged at t = " + strconv.Itoa(e.DivergedAt)
	}
	return "not settled by t = " + strconv.Itoa(e.Steps)
}

// startText is a challenge's start point: "x₀ = 10", or "(x₀, y₀) = (−1.5, 2)" in 2-D.
func startText(c Challenge) string {
	if c.Dim == 2 {
		return "(x₀, y₀) = " + pointText(c.Start, 2)
	}
	return "x₀ = " + numfmt.Compact(c.Start[0], 10)
}
