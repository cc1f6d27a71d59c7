package race

import (
	"math"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

// TestConvergenceIsTheDistanceToXStar: every point of the series is
// log₁₀|x_t − x*| of the runner at that step, the finish zone's own
// measure, floored at LogFloor; on x² + 10·sin x, whose x* is not 0, too.
func TestConvergenceIsTheDistanceToXStar(t *testing.T) {
	for _, obj := range []optimizers.Objective{optimizers.Quadratic(), optimizers.Bumpy()} {
		r, err := New(optimizers.Defaults(), obj)
		if err != nil {
			t.Fatal(err)
		}
		var want [optimizers.NumKinds][]float32
		record := func() {
			for _, k := range optimizers.Kinds() {
				d := math.Abs(r.Runner(int(k)).X[0] - obj.Minima[0][0])
				want[k] = append(want[k], float32(math.Max(math.Log10(d), LogFloor)))
			}
		}
		record()
		for range 300 {
			r.Step()
			record()
		}
		c := r.Convergence()
		for _, k := range optimizers.Kinds() {
			pts := c.Points(int(k))
			if len(pts) != 301 || c.Stride() != 1 {
				t.Fatalf("%s %v: %d points at stride %d, want 301 at 1", obj.Name, k, len(pts), c.Stride())
			}
			for i, v := range pts {
				if v != want[k][i] {
					t.Fatalf("%s %v at t = %d: %v, want log₁₀|x − x*| = %v", obj.Name, k, i, v, want[k][i])
				}
			}
			if lastT, v := c.Last(int(k)); lastT != 300 || v != want[k][300] {
				t.Errorf("%s %v: last (%d, %v), want (300, %v)", obj.Name, k, lastT, v, want[k][300])
			}
		}
	}
}
