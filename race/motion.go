package race

import (
	"math"

	"github.com/optirace/optirace/optimizers"
)

// motionSteps is how many of the latest steps RecentMotion looks at.
const motionSteps = 16

// Motion is how a runner moved over its latest steps.
type Motion struct {
	// Bouncing is set when x − x* changed sign at every one of the latest
	// steps while |x − x*| stayed within 10 % of its mean: the runner jumps
	// across the minimum and back, as RMSProp at α = 1 does about ±0.5.
	Bouncing bool
	// Amplitude is the mean |x − x*| over those steps.
	Amplitude float64
}

// RecentMotion describes how runner k of r moved over its latest steps
// (at most motionSteps; none at t < 2).
func RecentMotion(r Reader, k optimizers.Kind) Motion {
	recent := r.Recent(motionSteps + 1)
	if len(recent) < 3 || r.Runner(k).Diverged() {
		return Motion{}
	}
	xStar := r.Objective().Minimizer
	sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	alternates := true
	for i := range recent {
		d := recent[i][k].X - xStar
		a := math.Abs(d)
		sum += a
		lo, hi = math.Min(lo, a), math.Max(hi, a)
		if i > 0 && !(d*(recent[i-1][k].X-xStar) < 0) {
			alternates = false
		}
	}
	mean := sum / float64(len(recent))
	return Motion{Bouncing: alternates && mean > 0 && hi-lo <= 0.2*mean, Amplitude: mean}
}
