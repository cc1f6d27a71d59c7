package model

import (
	"math"
	"strconv"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// restoreDefaults brings back the lecture's five lanes at the lecture's
// rates on the landscape on screen, from its own start, and restarts the
// race paused at t = 0, as the lecture starts it.
func (s *stage) restoreDefaults() {
	r := s.own.race
	set := optimizers.Defaults()
	set.X0, set.Y0 = r.Objective().Defaults().X0, r.Objective().Defaults().Y0
	if err := s.restart(laneSet{settings: set}); err != nil {
		s.st.note = err.Error()
		return
	}
	s.beforeSweep = nil
	s.restarted("the lecture's five at its rates on " + r.Objective().Name + ": the race restarts")
}

// nextLandscape switches to the next loss landscape and restarts the race
// from that landscape's own start: the lecture's five at the landscape's
// own rates (at the session's own settings and start, back on the
// landscape it started on), or the race's own lanes as they are.
func (s *stage) nextLandscape() {
	r := s.own.race
	objs := optimizers.Objectives()
	at := 0
	for i, o := range objs {
		if o.Name == r.Objective().Name {
			at = i
		}
	}
	next := objs[(at+1)%len(objs)]
	set, lanes := next.Defaults(), ownLanes(r)
	if next.Name == s.home {
		set = s.homeSet
	}
	if lanes != nil {
		set = r.Settings()
		set.X0, set.Y0 = next.Defaults().X0, next.Defaults().Y0
	}
	nr, err := race.New(set, next, race.WithTol(r.Tol()), race.WithLanes(lanes))
	if err != nil {
		s.st.note = err.Error()
		return
	}
	s.own.race = nr
	note := next.Name + ": " + next.LessonOf(nr.Lanes(), nr.Settings().Start())
	if next.Dim == 2 {
		note = next.Name + ", from its start: its lesson is over the map" // which is where a class looks
	}
	s.restarted(note)
}

// moveX0 moves the start point by one unit and restarts the race.
func (s *stage) moveX0(up bool) {
	r := s.own.race
	set := r.Settings()
	before := set.X0
	if up {
		set.X0++
	} else {
		set.X0--
	}
	if set.X0 == before {
		s.st.note = "x₀ ± 1 is x₀ again at this size (float64): e edits x₀"
		return
	}
	set.X0 = decimal(set.X0)
	if err := r.Restart(set); err != nil {
		s.st.note = err.Error()
		return
	}
	s.restarted("the race restarts from the new x₀")
}

// decimal is x as the decimal it is a rounding error away from: −1.2 + 1
// is −0.19999999999999996 in float64, and the race from x₀ = −0.2 (what
// the screen shows, and what --x0 -0.2 races) is the one meant. A value
// further than that from every short decimal stays as it is.
func decimal(x float64) float64 {
	short, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil || math.Abs(short-x) > 4*math.Abs(x)*0x1p-52 {
		return x
	}
	return short
}

// restarted pauses the race that just restarted at t = 0 and says so in
// note, or that it is over before it starts.
func (s *stage) restarted(note string) {
	s.own.pause()
	s.st.note = note
	if s.own.race.Over() {
		s.st.note = overAtStart
	}
}

// overAtStart is the note of a race over at t = 0: the start is within tol
// of a minimum (not always at it: --tol 1e300), so every optimizer starts
// in the finish zone.
const overAtStart = "over at t = 0: the start is in the zone"
