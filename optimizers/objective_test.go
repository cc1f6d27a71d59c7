package optimizers

import (
	"math"
	"testing"
)

func TestDerivativesAgainstCentralDifference(t *testing.T) {
	for _, o := range Objectives() {
		for _, x := range []float64{-7.5, -3, -1.3, -0.2, 0, 0.4, 1, 2.5, 3.8, 6} {
			h := 1e-5 * math.Max(1, math.Abs(x))
			numeric := (o.F(x+h) - o.F(x-h)) / (2 * h)
			if got := o.Grad(x); math.Abs(got-numeric) > 1e-6*math.Max(1, math.Abs(numeric)) {
				t.Errorf("%s'(%v) = %v, central difference %v", o.Name, x, got, numeric)
			}
		}
	}
}

func TestMinimizers(t *testing.T) {
	for _, o := range Objectives() {
		x := o.Minimizer
		if g := o.Grad(x); math.Abs(g) > 1e-12 {
			t.Errorf("%s: f'(x*) = %v at x* = %v", o.Name, g, x)
		}
		for _, d := range []float64{-0.5, -1e-3, 1e-3, 0.5} {
			if o.F(x+d) <= o.F(x) {
				t.Errorf("%s: f(x* %+v) ≤ f(x*)", o.Name, d)
			}
		}
	}
	b := Bumpy()
	if math.Abs(b.Minimizer+1.3064) > 1e-4 {
		t.Errorf("bumpy's global minimiser %v, want ≈ −1.3064", b.Minimizer)
	}
	// The local minimum near 3.8375 is higher than the global one.
	local := bumpyMinimizer(3.8)
	if math.Abs(local-3.8375) > 1e-4 || b.F(local) <= b.F(b.Minimizer) {
		t.Errorf("bumpy's local minimum %v (f = %v) vs global f = %v", local, b.F(local), b.F(b.Minimizer))
	}
	// Newton's method converged to the last bit: one more step changes nothing.
	if bumpyMinimizer(b.Minimizer) != b.Minimizer {
		t.Error("bumpy's minimiser is not a fixed point")
	}
}

func runOn(t *testing.T, k Kind, obj Objective, s Settings, n int) State {
	t.Helper()
	o, err := New(k, s, obj)
	if err != nil {
		t.Fatal(err)
	}
	st := o.Start(s.X0)
	for range n {
		o.Step(&st)
	}
	return st
}

func TestSteepBouncesForever(t *testing.T) {
	o, _ := New(GD, Defaults(), Steep())
	st := o.Start(10)
	for i := 1; i <= 1000; i++ {
		o.Step(&st)
		if want := 10 * math.Pow(-1, float64(i)); st.X != want {
			t.Fatalf("iteration %d: x = %v, want %v", i, st.X, want)
		}
	}
}

func TestQuarticJumpsAndDiverges(t *testing.T) {
	st := runOn(t, GD, Quartic(), Defaults(), 1)
	if st.X != -390 {
		t.Fatalf("GD on x⁴ from 10: x₁ = %v, want −390", st.X)
	}
	st = runOn(t, GD, Quartic(), Defaults(), 3)
	if !(math.Abs(st.X) > 1e15) {
		t.Errorf("GD on x⁴ did not run away: x₃ = %v", st.X)
	}
}

func TestBumpyTrapsGDAndMomentumEscapes(t *testing.T) {
	gd := runOn(t, GD, Bumpy(), Defaults(), 200)
	if math.Abs(gd.X-3.8375) > 1e-3 {
		t.Errorf("GD on bumpy from 10 settled at %v, want the local minimum ≈ 3.8375", gd.X)
	}
	gdm := runOn(t, Momentum, Bumpy(), Defaults(), 500)
	if math.Abs(gdm.X-Bumpy().Minimizer) > 1e-3 {
		t.Errorf("momentum on bumpy from 10 ended at %v, want the global minimum ≈ −1.3064", gdm.X)
	}
}

func TestObjectiveByName(t *testing.T) {
	for _, o := range Objectives() {
		got, err := ObjectiveByName(o.Name)
		if err != nil || got.Name != o.Name {
			t.Errorf("ObjectiveByName(%q) = %v, %v", o.Name, got.Name, err)
		}
	}
	if _, err := ObjectiveByName("cubic"); err == nil {
		t.Error("unknown function accepted")
	}
}
