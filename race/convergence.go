package race

import (
	"math"
	"slices"

	"github.com/optirace/optirace/optimizers"
)

// LogFloor is the smallest distance the convergence series records: a
// distance of 0 (log₁₀ 0 = −∞) or one below float64's precision near x* is
// drawn at log₁₀ 1e-16 = −16.
const LogFloor = -16

// convergenceCap bounds the points kept per optimizer; when full, every other
// point is dropped and the stride doubles.
const convergenceCap = 1024

// Convergence is log₁₀|x_t − x*| of each lane, its distance to the finish
// (the nearest minimum x*, Euclidean in 2-D; the finish zone is
// |x − x*| < tol), at t = 0, stride, 2·stride, … and at the current step,
// so the convergence chart can draw the whole race in bounded memory. A
// diverged runner's series ends at its divergence (later points are NaN).
type Convergence struct {
	obj    optimizers.Objective
	stride int
	// points and last are indexed by lane.
	points [][]float32
	// lastT and last are the current step and its values.
	lastT int
	last  []float32
	// path is each lane's position at the same steps as points, on a 2-D
	// landscape (nil on a 1-D one), in float32, which a map draws at
	// far less than a float32's precision: the whole race's path in
	// bounded memory. A diverged runner's positions after its divergence
	// are NaN.
	path [][][2]float32
}

// Stride returns the distance in steps between stored points.
func (c *Convergence) Stride() int { return c.stride }

// Lanes returns the number of series, one per lane.
func (c *Convergence) Lanes() int { return len(c.points) }

// Points returns lane i's stored points (point j is at t = j·Stride()).
func (c *Convergence) Points(i int) []float32 { return c.points[i] }

// Path returns lane i's stored positions on a 2-D landscape (position j
// is at t = j·Stride()), nil on a 1-D one.
func (c *Convergence) Path(i int) [][2]float32 {
	if c.path == nil {
		return nil
	}
	return c.path[i]
}

// Last returns the current step and lane i's value there.
func (c *Convergence) Last(i int) (int, float32) { return c.lastT, c.last[i] }

// reset empties the series for a race of n lanes on obj.
func (c *Convergence) reset(obj optimizers.Objective, n int) {
	c.obj = obj
	c.stride = 1
	if len(c.points) != n {
		c.points, c.last = make([][]float32, n), make([]float32, n)
	}
	for k := range c.points {
		if c.points[k] == nil {
			c.points[k] = make([]float32, 0, 64)
		}
		c.points[k] = c.points[k][:0]
	}
	if obj.Dim != 2 {
		c.path = nil
		return
	}
	if len(c.path) != n {
		c.path = make([][][2]float32, n)
	}
	for k := range c.path {
		c.path[k] = c.path[k][:0]
	}
}

// position is run's position at step t for the path: NaN after its
// divergence.
func position(run *Runner, t int) [2]float32 {
	if run.DivergedAt >= 0 && t > run.DivergedAt {
		nan := float32(math.NaN())
		return [2]float32{nan, nan}
	}
	return [2]float32{float32(run.X[0]), float32(run.X[1])}
}

// value is the convergence value of run at step t.
func (c *Convergence) value(run *Runner, t int) float32 {
	if run.DivergedAt >= 0 && t > run.DivergedAt {
		return float32(math.NaN())
	}
	var e float64
	if c.obj.Dim == 1 && len(c.obj.Minima) == 1 {
		e = math.Abs(run.X[0] - c.obj.Minima[0][0]) // Distance, inline
	} else {
		e = c.obj.Distance(run.X)
	}
	switch {
	case math.IsNaN(e) || math.IsInf(e, 0):
		return float32(math.NaN())
	case e < 1e-16: // 10^LogFloor, as a literal: math.Pow is fused differently on arm64
		return LogFloor
	}
	return float32(math.Log10(e))
}

// add records snapshot s at step t, the new current step.
func (c *Convergence) add(t int, s Snapshot) {
	c.lastT = t
	for k := range s {
		c.last[k] = c.value(&s[k], t)
	}
	if t%c.stride != 0 || t/c.stride != len(c.points[0]) {
		return
	}
	if len(c.points[0]) == convergenceCap {
		for k := range c.points {
			c.points[k] = halve(c.points[k])
		}
		for k := range c.path {
			c.path[k] = halve(c.path[k])
		}
		c.stride *= 2
		if t%c.stride != 0 {
			return
		}
	}
	for k := range s {
		c.points[k] = append(c.points[k], c.last[k])
	}
	for k := range c.path {
		c.path[k] = append(c.path[k], position(&s[k], t))
	}
}

// halve keeps every other point of p, from the first.
func halve[T any](p []T) []T {
	for i := 0; 2*i < len(p); i++ {
		p[i] = p[2*i]
	}
	return p[:(len(p)+1)/2]
}

// truncate drops the points after step t and makes s at t the current step.
func (c *Convergence) truncate(t int, s Snapshot) {
	n := t/c.stride + 1
	for k := range c.points {
		if len(c.points[k]) > n {
			c.points[k] = c.points[k][:n]
		}
	}
	for k := range c.path {
		if len(c.path[k]) > n {
			c.path[k] = c.path[k][:n]
		}
	}
	c.lastT = t
	for k := range s {
		c.last[k] = c.value(&s[k], t)
	}
}

// clone returns a deep copy.
func (c *Convergence) clone() Convergence {
	out := *c
	out.last = slices.Clone(c.last)
	out.points = make([][]float32, len(c.points))
	for k := range c.points {
		out.points[k] = append([]float32(nil), c.points[k]...)
	}
	if c.path != nil {
		out.path = make([][][2]float32, len(c.path))
		for k := range c.path {
			out.path[k] = slices.Clone(c.path[k])
		}
	}
	return out
}
