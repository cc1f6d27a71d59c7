package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/wording"
)

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
		zone := " (" + zoneText(c) + ")"
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

// zoneText is a challenge's finish zone: "zone ±0.1" in 1-D, "zone:
// within 0.1 of a minimum" in 2-D, where it is a distance.
func zoneText(c Challenge) string {
	if c.Dim == 2 {
		return "zone: within " + numfmt.Compact(c.Tol, 8) + " of a minimum"
	}
	return "zone ±" + numfmt.Compact(c.Tol, 8)
}
