package optimizers

import "math"

// MaxDim is the most coordinates a landscape has: x, and y on a 2-D one.
const MaxDim = 2

// Vec is a point of a landscape, or a quantity the optimizers keep per
// coordinate (a gradient, a velocity, a second moment): x, and y on a 2-D
// landscape. A 1-D landscape uses Vec[0] only; Vec[1] stays 0.
type Vec [MaxDim]float64

// dist returns |p − q| on a landscape of dim coordinates: |p[0] − q[0]| in
// 1-D, exactly as the 1-D race has always measured it; the Euclidean
// distance in 2-D, each square rounded on its own (no fused multiply-add,
// so every build measures the same distance), and scaled when the squares
// would overflow or underflow, so a distance is infinite only when it is.
func dist(dim int, p, q Vec) float64 {
	dx := math.Abs(p[0] - q[0])
	if dim == 1 {
		return dx
	}
	dy := math.Abs(p[1] - q[1])
	big, small := math.Max(dx, dy), math.Min(dx, dy)
	switch {
	case math.IsNaN(dx) || math.IsNaN(dy):
		return math.NaN()
	case math.IsInf(big, 1):
		return big
	case big == 0:
		return 0
	case big < 0x1p500 && big > 0x1p-450:
		// The larger square stays normal and the sum finite: each
		// square rounded, then the sum and the root.
		return math.Sqrt(float64(dx*dx) + float64(dy*dy))
	}
	r := small / big
	return big * math.Sqrt(1+float64(r*r))
}
