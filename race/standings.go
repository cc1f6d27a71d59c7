package race

import (
	"math"
	"sort"

	"github.com/optirace/optirace/optimizers"
)

// Standing is one line of the leaderboard.
type Standing struct {
	Rank int
	Kind optimizers.Kind
	Runner
	// Distance is |x − x*| now.
	Distance float64
}

// Standings ranks the runners of r: settled ones by the step they settled
// at, then those not settled (still coming, or left the zone again) by
// distance to the minimiser, then diverged ones by how long they lasted. A
// runner outside the zone never ranks above one that settled. Tied runners
// share a rank and keep the lecture's order.
func Standings(r Reader) []Standing {
	out := make([]Standing, 0, optimizers.NumKinds)
	xStar := r.Objective().Minimizer
	for _, k := range optimizers.Kinds() {
		run := r.Runner(k)
		out = append(out, Standing{Kind: k, Runner: run, Distance: math.Abs(run.X - xStar)})
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
