package model

import (
	"strconv"
	"strings"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/wording"
)

// result sums up the session's own race for the status bar.
func (s *stage) result() string { return resultOf(s.own.race, s.maxSteps) }

// resultOf sums up race r, over or at its step limit maxSteps.
func resultOf(r race.Reader, maxSteps int) string {
	head := "race over"
	if !r.Over() {
		head = "step limit " + strconv.Itoa(maxSteps)
	}
	return raceResult(r, head)
}

// raceResult sums up race r after head: who settled first in the finish
// zone, and what became of each runner that is not settled — true at this
// step, as every sentence on screen must be.
func raceResult(r race.Reader, head string) string {
	st := race.Standings(r)
	parts := []string{head}
	if st[0].Settled() {
		var first []string
		for _, s := range st {
			if s.Rank == 1 {
				first = append(first, s.Label)
			}
		}
		verb := " settled first at t = "
		if len(first) > 1 {
			verb = " tied: settled first at t = "
		}
		parts = append(parts, strings.Join(first, ", ")+verb+strconv.Itoa(st[0].SettledAt))
	} else {
		parts = append(parts, "nobody settled")
	}
	// Runners that never reached the zone, and do nothing else worth a
	// word, are told of together: "GD, GDM and Adam never reached the zone".
	var never []string
	at := -1
	for _, s := range st {
		if s.Settled() {
			continue
		}
		if f := fate(r, s); f != s.Label+neverReached {
			parts = append(parts, f)
			continue
		}
		if at < 0 {
			at = len(parts)
			parts = append(parts, "")
		}
		never = append(never, s.Label)
	}
	switch {
	case len(never) == len(st):
		parts = []string{head, "no lane reached the zone"}
	case len(never) > 0:
		parts[at] = wording.List(never) + neverReached
	}
	return strings.Join(parts, " · ")
}

// neverReached is what a runner that has not reached the zone did.
const neverReached = " never reached the zone"

// fate says what became of a runner that is not settled: it diverged, left
// the zone, or has not reached it; and whether it is bouncing.
func fate(r race.Reader, s race.Standing) string {
	name := s.Label
	switch {
	case s.Diverged():
		return name + " diverged at t = " + strconv.Itoa(s.DivergedAt)
	case s.Left():
		name += " left the zone at t = " + strconv.Itoa(s.LeftAt)
	default:
		name += neverReached
	}
	if m := race.RecentMotion(r, s.Lane); m.Bouncing {
		return name + ", bouncing ±" + twoDigits(m.Amplitude) // the runner's, not a clause of its own
	}
	return name
}

// twoDigits writes v with two significant digits, trailing zeros kept (0.50).
func twoDigits(v float64) string {
	return numfmt.Significant(v, 2)
}

// allDiverged reports whether every runner of r has diverged: stepping
// would change nothing.
func allDiverged(r race.Reader) bool {
	for lane := range r.Labels() {
		if !r.Runner(lane).Diverged() {
			return false
		}
	}
	return true
}
