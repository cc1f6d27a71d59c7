package race

import (
	"math"
	"sort"

	"github.com/optirace/optirace/optimizers"
)

// Standing is one line of the leaderboard: a lane and how its race went.
type Standing struct {
	Rank int
	// Lane is the lane's index in the race (0-based), Kind its optimizer
	// and Label its name (Reader.Labels).
	Lane  int
	Kind  optimizers.Kind
	Label string
	Runner
	// Distance is the distance to the nearest minimum now, |x − x*|
	// (Euclidean in 2-D), and Nearest that minimum's index in the
	// objective's Minima.
	Distance float64
	Nearest  int
}

// Standings ranks the lanes of r: settled ones by the step they settled
// at, then those not settled (still coming, or left the zone again) by
// distance to the finish, then diverged ones by how long they lasted. A
// runner outside the zone never ranks above one that settled. Tied lanes
// share a rank and keep the lanes' order.
func Standings(r Reader) []Standing {
	lanes, labels := r.Lanes(), r.Labels()
	out := make([]Standing, 0, len(lanes))
	obj := r.Objective()
	for i, l := range lanes {
		run := r.Runner(i)
		nearest, d := obj.Nearest(run.X)
		out = append(out, Standing{Lane: i, Kind: l.Kind, Label: labels[i], Runner: run, Distance: d, Nearest: nearest})
	}
	class := func(s Standing) int {
		switch {
		case s.Diverged():
			return 2
		case s.Settled():
			return 0
		}
		return 1
	}
	less := func(a, b Standing) bool {
		if ca, cb := class(a), class(b); ca != cb {
			return ca < cb
		}
		switch class(a) {
		case 0:
			return a.SettledAt < b.SettledAt
		case 1:
			return a.Distance < b.Distance || (math.IsNaN(b.Distance) && !math.IsNaN(a.Distance))
		default:
			return a.DivergedAt > b.DivergedAt
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && !less(out[i-1], out[i]) {
			out[i].Rank = out[i-1].Rank // a tie shares its rank: 1, 1, 3
		}
	}
	return out
}
