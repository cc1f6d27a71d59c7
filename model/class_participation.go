package model

import (
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// The class takes part: the presenter asks the class something — which
// lane settles first (a vote), where the focused lane's x will be after the
// next step (a prediction), who can settle an optimizer in the fewest steps
// (a tuning challenge) — and every viewer answers from its own terminal.
// The class (package class) keeps the questions and the answers, by SSH
// user name; a model only asks, answers and shows what its class tells it:
// a presenter every answer in a RoomMsg, a viewer the questions with the
// shared race (SharedRaceMsg.Room) and its own answers in a MineMsg.

// Classroom is a session's part in its class's questions: the presenter
// asks, a viewer answers. Both run on the program's goroutine and never
// wait for another session. Each returns "" when it was done, or one line
// saying why nothing changed, for the status bar.
type Classroom interface {
	// Ask is the presenter's: it opens, closes or ends a question.
	Ask(q Query) string
	// Answer is a viewer's: its vote, guess or challenge entry.
	Answer(a Answer) string
}

// QueryKind is what a presenter does to the class's questions.
type QueryKind int

// The presenter's queries.
const (
	// QueryVote opens a vote: which lane settles first?
	QueryVote QueryKind = iota
	// QueryCloseVote closes the vote: the race's end reveals it.
	QueryCloseVote
	// QueryNextStep asks where the focused lane's x (and y) will be after
	// the next step; the step reveals it.
	QueryNextStep
	// QueryChallenge starts a tuning challenge on the focused lane's
	// optimizer, on the race's landscape and start.
	QueryChallenge
	// QueryEndChallenge ends the challenge: its leaderboard is final.
	QueryEndChallenge
	// QueryClearChallenge takes an ended challenge's leaderboard off every
	// screen.
	QueryClearChallenge
)

// Query is a presenter's query, with its race as it is now (the frozen copy
// it publishes) and its focused lane.
type Query struct {
	Kind QueryKind
	Race *race.Frozen
	Lane int
}

// AnswerKind is what a viewer answers.
type AnswerKind int

// The kinds of answers.
const (
	// AnswerVote votes for a lane.
	AnswerVote AnswerKind = iota
	// AnswerGuess guesses the focused lane's x (and y) after the next step.
	AnswerGuess
	// AnswerEntry enters settings in the tuning challenge.
	AnswerEntry
)

// Answer is a viewer's answer to question ID (Vote.ID, Ask.ID or
// Challenge.ID), so that an answer to a question since replaced is refused
// rather than counted for the next one.
type Answer struct {
	Kind AnswerKind
	ID   int
	// Choice is the lane voted for, from 0.
	Choice int
	// Guess is the guessed point: x, and y on a 2-D landscape.
	Guess optimizers.Vec
	// Entry is the optimizer with the settings entered.
	Entry optimizers.Lane
}

// Phase is where a question is in its life.
type Phase int

// The phases, the zero value none.
const (
	// PhaseNone: nothing asked.
	PhaseNone Phase = iota
	// PhaseOpen: answers are taken.
	PhaseOpen
	// PhaseClosed: answers are no longer taken; the outcome is still to
	// come (a vote closed before the race ended), or final (a challenge
	// ended).
	PhaseClosed
	// PhaseRevealed: the outcome is known and shown.
	PhaseRevealed
	// PhaseCancelled: the race restarted before the outcome (Why says how).
	PhaseCancelled
)

// RoomMsg tells a presenter what its class is asked now, and everyone's
// answers.
type RoomMsg struct{ Room Room }

// MineMsg tells a viewer how its own answers stand: the class's record of
// them, which a reconnect finds again.
type MineMsg struct{ Mine Mine }

// Room is the class's questions as one session sees them. A presenter sees
// every answer (names hidden when the server is anonymous). Every viewer
// sees the same room, without anyone's answers and the tally only once it
// is revealed, and its own answers in it once added (With).
type Room struct {
	// Version counts the class's changes to its questions.
	Version   int
	Vote      Vote
	Ask       Ask
	Challenge Challenge
}

// Mine is one student's answers, each to the question whose ID it names
// (0: none).
type Mine struct {
	VoteID, Vote int
	AskID        int
	Guess        optimizers.Vec
	// ChallengeID is the challenge entered: Best is the student's best
	// entry as the server ran it, if HasBest (its Rank among the class's
	// now), and Running is set while an entry waits for or is on the
	// worker.
	ChallengeID      int
	Best             Entry
	HasBest, Running bool
}

// With returns the room as the student whose answers are mine sees it.
func (r Room) With(mine Mine) Room {
	r.Vote.Mine = -1
	if mine.VoteID != 0 && mine.VoteID == r.Vote.ID {
		r.Vote.Mine = mine.Vote
	}
	r.Ask.Mine, r.Ask.HasMine = optimizers.Vec{}, false
	if mine.AskID != 0 && mine.AskID == r.Ask.ID {
		r.Ask.Mine, r.Ask.HasMine = mine.Guess, true
	}
	c := &r.Challenge
	c.Mine, c.HasMine, c.MineRunning = Entry{}, false, false
	if mine.ChallengeID != 0 && mine.ChallengeID == c.ID {
		c.Mine, c.HasMine, c.MineRunning = mine.Best, mine.HasBest, mine.Running
	}
	return r
}

// Vote is the question "Which lane settles first?".
type Vote struct {
	// ID counts the class's votes, so that a screen tells a new vote from
	// the last, and an answer names the vote it answers.
	ID    int
	Phase Phase
	// Choices are the lanes' labels, numbered from 1 on screen.
	Choices []string
	// Answers is how many students voted.
	Answers int
	// Tally is the votes per choice: the presenter's always, a viewer's
	// once revealed.
	Tally []int
	// Mine is the viewer's vote, from 0, or −1.
	Mine int
	// Winners are the choices tied at the first settled step, SettledAt,
	// once revealed; none when no lane settled.
	Winners   []int
	SettledAt int
	// Right is how many voted for a winner; RightNames are they (the
	// presenter's, unless anonymous), sorted.
	Right      int
	RightNames []string
	// Why says why the vote was cancelled.
	Why string
}

// Ask is the question "Where will ⟨lane⟩'s x be after the next step?".
type Ask struct {
	ID    int
	Phase Phase
	// Lane is the lane asked about and Label its name; Dim is 2 on a 2-D
	// landscape, where x and y are guessed.
	Lane  int
	Label string
	Dim   int
	// T is the step it was asked at: the answer is x at T + 1.
	T int
	// Answers is how many students guessed.
	Answers int
	// Mine is the viewer's guess, if HasMine.
	Mine    optimizers.Vec
	HasMine bool
	// Truth is the lane's point at T + 1, once revealed; Diverged is set
	// instead when the lane diverged there, and has no point.
	Truth    optimizers.Vec
	Diverged bool
	// Guesses are every student's guess, closest to the truth first once
	// revealed: the presenter's only.
	Guesses []Guess
	// Why says why the question was cancelled.
	Why string
}

// Guess is one student's guess.
type Guess struct {
	// Name is the student's name ("" when anonymous).
	Name string
	At   optimizers.Vec
	// Off is the distance to the truth once revealed (Euclidean in 2-D,
	// the largest float64 where that overflows), −1 before.
	Off float64
}

// Challenge is the tuning challenge: settle one optimizer in as few steps
// as one can, choosing its settings.
type Challenge struct {
	ID int
	// Phase is PhaseOpen while entries are taken, PhaseClosed once ended.
	Phase Phase
	// Lane is the optimizer with the settings it had in the presenter's
	// race (where a student's editor starts), Label its name there.
	Lane  optimizers.Lane
	Label string
	// Objective and Start are the landscape and start point every entry
	// runs on; Tol the finish zone's radius.
	Objective string
	Start     optimizers.Vec
	Dim       int
	Tol       float64
	// Entries are the ranked entries, each student's best: the presenter's
	// all, a viewer's the best one only (without its name).
	Entries []Entry
	// Entrants is how many students entered, Running how many entries wait
	// for or are on the server's worker.
	Entrants, Running int
	// Mine is the viewer's best entry, if HasMine, and MineRunning is set
	// while its latest entry runs.
	Mine        Entry
	HasMine     bool
	MineRunning bool
	// Why says why a cancelled challenge was (PhaseCancelled).
	Why string
}

// MaxChallengeSteps is how far the server runs an entry: one that has not
// settled by then has not settled.
const MaxChallengeSteps = 10_000

// Entry is one run of the challenge, as the server ran it.
type Entry struct {
	// Rank is its place on the leaderboard (ties share one), from 1.
	Rank int
	// Name is the student's name ("" when anonymous or a viewer's view of
	// others).
	Name string
	Lane optimizers.Lane
	// SettledAt is the step from which it stayed in the finish zone, or
	// −1; DivergedAt the step it diverged at, or −1; Steps how many steps
	// the server ran.
	SettledAt, DivergedAt, Steps int
}

// Settled reports whether the entry settled.
func (e Entry) Settled() bool { return e.SettledAt >= 0 }
