package race

import (
	"math"
)

// motionSteps is how many of the latest steps RecentMotion looks at.
const motionSteps = 16

// Motion is how a runner moved over its latest steps.
type Motion struct {
	// Bouncing is set when the runner crossed the minimum at every one of
	// the latest steps — x − x* changed sign (in 2-D: x − x* turned by more
	// than a right angle) — while its distance to it stayed within 10 % of
	// its mean: the runner jumps across the minimum and back, as RMSProp at
	// α = 1 does about ±0.5.
	Bouncing bool
	// Amplitude is the mean distance to the minimum over those steps.
	Amplitude float64
}

// RecentMotion describes how lane i of r moved over its latest steps (at
// most motionSteps; none at t < 2), about the minimum it is nearest now.
func RecentMotion(r Reader, i int) Motion {
	recent := r.Recent(motionSteps + 1)
	if len(recent) < 3 || r.Runner(i).Diverged() {
		return Motion{}
	}
	obj := r.Objective()
	nearest, _ := obj.Nearest(r.Runner(i).X)
	xStar := obj.Minima[nearest]
	sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	alternates := true
	var prev [2]float64
	for j := range recent {
		x := recent[j][i].X
		d := [2]float64{x[0] - xStar[0], x[1] - xStar[1]}
		a := math.Sqrt(float64(d[0]*d[0]) + float64(d[1]*d[1]))
		if obj.Dim == 1 {
			a = math.Abs(d[0]) // exactly |x − x*|, however small
		}
		sum += a
		lo, hi = math.Min(lo, a), math.Max(hi, a)
		if j > 0 && !(float64(d[0]*prev[0])+float64(d[1]*prev[1]) < 0) {
			alternates = false
		}
		prev = d
	}
	mean := sum / float64(len(recent))
	return Motion{Bouncing: alternates && mean > 0 && hi-lo <= 0.2*mean, Amplitude: mean}
}
