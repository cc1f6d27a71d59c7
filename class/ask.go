package class

import (
	"math"
	"slices"
	"strconv"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// askState is the prediction "Where will ⟨lane⟩'s x be after the next
// step?", asked at step t.
type askState struct {
	id    int
	phase model.Phase
	lane  int
	label string
	dim   int
	t     int
	// truth is the lane's point at t + 1 once revealed, unless it
	// diverged there.
	truth    optimizers.Vec
	diverged bool
	why      string
}

// askNextLocked asks where lane's point will be after race f's next step,
// or says why not.
func (r *room) askNextLocked(f *race.Frozen, lane int) string {
	switch {
	case f == nil:
		return "no race to ask about yet"
	case r.ask.phase == model.PhaseOpen:
		return "already asked: a step reveals the answer"
	case lane < 0 || lane >= len(f.Labels()):
		return "there is no lane " + strconv.Itoa(lane+1)
	case f.Runner(lane).Diverged():
		if f.Objective().Dim == 2 {
			return f.Labels()[lane] + " has diverged: its x and y no longer move"
		}
		return f.Labels()[lane] + " has diverged: its x no longer moves"
	}
	r.ask = askState{
		id: r.nextLocked(), phase: model.PhaseOpen, lane: lane, label: f.Labels()[lane],
		dim: f.Objective().Dim, t: f.T(),
	}
	return ""
}

// guessLocked records name's guess, the latest counting.
func (r *room) guessLocked(name string, a model.Answer) string {
	q := &r.ask
	if q.phase != model.PhaseOpen || a.ID != q.id {
		return "nothing is asked now"
	}
	g := a.Guess
	if q.dim < 2 {
		g[1] = 0
	}
	if !finite(g[0]) || !finite(g[1]) {
		return "a guess must be a finite number"
	}
	s := r.studentLocked(name)
	s.askID, s.guess = q.id, g
	return ""
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// askRestartedLocked cancels a prediction the race's restart made moot,
// and forgets a finished one; it reports whether anything changed.
func (r *room) askRestartedLocked(why string) bool {
	switch r.ask.phase {
	case model.PhaseOpen:
		r.ask.phase, r.ask.why = model.PhaseCancelled, why
		return true
	case model.PhaseRevealed, model.PhaseCancelled, model.PhaseClosed:
		r.ask = askState{}
		return true
	case model.PhaseNone:
	}
	return false
}

// askMovedLocked reveals the prediction once race f has taken the step
// after it, and takes a cancelled one off the screens once the race moves
// on; it reports whether anything changed.
func (r *room) askMovedLocked(f *race.Frozen) bool {
	q := &r.ask
	switch q.phase {
	case model.PhaseOpen:
		switch {
		case f.T() == q.t:
			return false
		case f.T() < q.t:
			// The question was about the step after t: from before it,
			// the next step is another one.
			q.phase, q.why = model.PhaseCancelled, "the race stepped back to t = "+strconv.Itoa(f.T())
			return true
		}
		// Keys that came together may have stepped more than once: the
		// step after the question is among the recent ones.
		recent := f.Recent(f.T() - q.t)
		if len(recent) != f.T()-q.t || q.lane >= len(recent[0]) {
			q.phase, q.why = model.PhaseCancelled, "the race ran past the step"
			return true
		}
		run := recent[0][q.lane]
		q.phase = model.PhaseRevealed
		q.truth = run.X
		q.diverged = run.Diverged() || !finite(run.X[0]) || !finite(run.X[1])
		return true
	case model.PhaseRevealed:
		// The answer stays on screen while the race plays on, until the
		// next question or a restart: one step of auto-play is too short
		// to read it.
	case model.PhaseCancelled, model.PhaseClosed:
		r.ask = askState{}
		return true
	case model.PhaseNone:
	}
	return false
}

// distance is how far guess g is from truth on a landscape of dim
// coordinates (Euclidean in 2-D), the largest float64 where that overflows.
func distance(dim int, g, truth optimizers.Vec) float64 {
	d := math.Abs(g[0] - truth[0])
	if dim == 2 {
		d = math.Hypot(d, g[1]-truth[1])
	}
	if !finite(d) {
		return math.MaxFloat64
	}
	return d
}

// askViewLocked is the prediction as the presenter sees it (every guess,
// closest first once revealed), or as every viewer does (the question, and
// the truth once revealed).
func (r *room) askViewLocked(presenter bool) model.Ask {
	q := r.ask
	out := model.Ask{
		ID: q.id, Phase: q.phase, Lane: q.lane, Label: q.label, Dim: q.dim, T: q.t,
		Diverged: q.diverged, Why: q.why,
	}
	if q.phase == model.PhaseNone {
		return out
	}
	revealed := q.phase == model.PhaseRevealed && !q.diverged
	if revealed {
		out.Truth = q.truth
	}
	if !presenter {
		return out
	}
	for _, name := range r.sortedNamesLocked() {
		st := r.students[name]
		if st.askID != q.id {
			continue
		}
		out.Answers++
		g := model.Guess{Name: r.nameFor(name), At: st.guess, Off: -1}
		if revealed {
			g.Off = distance(q.dim, st.guess, q.truth)
		}
		out.Guesses = append(out.Guesses, g)
	}
	if revealed {
		slices.SortStableFunc(out.Guesses, func(a, b model.Guess) int {
			switch {
			case a.Off < b.Off:
				return -1
			case a.Off > b.Off:
				return 1
			}
			return 0
		})
	}
	return out
}
