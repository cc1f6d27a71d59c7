package optimizers

import (
	"math"
	"strings"
	"testing"
)

func TestDerivativesAgainstCentralDifference(t *testing.T) {
	coords := []float64{-7.5, -3, -1.3, -0.2, 0, 0.4, 1, 2.5, 3.8, 6}
	for _, o := range Objectives() {
		ys := []float64{0}
		if o.Dim == 2 {
			ys = []float64{-2.5, -0.3, 0, 0.7, 1.5, 3}
		}
		for _, x := range coords {
			for _, y := range ys {
				p := Vec{x, y}
				g := o.Grad(p)
				for i := range o.Dim {
					h := 1e-5 * math.Max(1, math.Abs(p[i]))
					lo, hi := p, p
					lo[i] -= h
					hi[i] += h
					numeric := (o.F(hi) - o.F(lo)) / (2 * h)
					if math.Abs(g[i]-numeric) > 1e-6*math.Max(1, math.Abs(numeric)) {
						t.Errorf("%s: ∂f/∂%c at %v = %v, central difference %v", o.Name, "xy"[i], p, g[i], numeric)
					}
				}
				if o.Dim == 1 && g[1] != 0 {
					t.Errorf("%s: a 1-D gradient with a y component %v", o.Name, g[1])
				}
			}
		}
	}
}

func TestMinimizers(t *testing.T) {
	for _, o := range Objectives() {
		for _, m := range o.Minima {
			g := o.Grad(m)
			if math.Abs(g[0]) > 1e-12 || math.Abs(g[1]) > 1e-12 {
				t.Errorf("%s: ∇f = %v at the minimum %v", o.Name, g, m)
			}
			for _, d := range []float64{-0.5, -1e-3, 1e-3, 0.5} {
				for i := range o.Dim {
					p := m
					p[i] += d
					if o.F(p) <= o.F(m) {
						t.Errorf("%s: f(%v) ≤ f(%v), the minimum", o.Name, p, m)
					}
				}
			}
			// Every finish counts the same: they are all global minima.
			if f, f0 := o.F(m), o.F(o.Minima[0]); math.Abs(f-f0) > 1e-12 {
				t.Errorf("%s: f = %v at %v but %v at %v", o.Name, f, m, f0, o.Minima[0])
			}
		}
		if i, d := o.Nearest(o.Minima[len(o.Minima)-1]); i != len(o.Minima)-1 || d != 0 {
			t.Errorf("%s: Nearest(its last minimum) = %d, %v", o.Name, i, d)
		}
	}
	b := Bumpy()
	xStar := b.Minima[0][0]
	if math.Abs(xStar+1.3064) > 1e-4 {
		t.Errorf("bumpy's global minimiser %v, want ≈ −1.3064", xStar)
	}
	// The local minimum near 3.8375 is higher than the global one.
	local := bumpyMinimizer(3.8)
	if math.Abs(local-3.8375) > 1e-4 || b.F(Vec{local}) <= b.F(Vec{xStar}) {
		t.Errorf("bumpy's local minimum %v (f = %v) vs global f = %v", local, b.F(Vec{local}), b.F(Vec{xStar}))
	}
	// Newton's method converged to the last bit: one more step changes nothing.
	if bumpyMinimizer(xStar) != xStar {
		t.Error("bumpy's minimiser is not a fixed point")
	}
}

// TestDistance: 1-D distances are |x − x*| exactly, as the race always
// measured them; 2-D ones are Euclidean to the nearest minimum, without
// overflow or underflow on the way.
func TestDistance(t *testing.T) {
	q := Quadratic()
	for _, x := range []float64{3, -1e-300, 1e300, math.Inf(-1)} {
		if got := q.Distance(Vec{x, 7}); got != math.Abs(x) {
			t.Errorf("x²: Distance(%v) = %v", x, got)
		}
	}
	h := Himmelblau()
	for _, c := range []struct {
		p    Vec
		i    int
		want float64
	}{
		{Vec{3, 6}, 0, 4},
		{Vec{-2.805118086952745, 3.131312518250573 + 0.5}, 1, 0.5},
		{Vec{1e300, 1e300}, 0, math.Sqrt2 * 1e300},
		{Vec{math.Inf(1), 0}, 0, math.Inf(1)},
	} {
		i, d := h.Nearest(c.p)
		if i != c.i || math.Abs(d-c.want) > 1e-15*c.want {
			t.Errorf("himmelblau: Nearest(%v) = %d, %v; want %d, %v", c.p, i, d, c.i, c.want)
		}
	}
	b := Bowl()
	for _, c := range []struct {
		p    Vec
		want float64
	}{
		{Vec{3e-300, 4e-300}, 5e-300}, {Vec{3e200, -4e200}, 5e200}, {Vec{-3, 4}, 5}, {Vec{0, -2}, 2},
	} {
		if d := b.Distance(c.p); math.Abs(d-c.want) > 1e-15*c.want {
			t.Errorf("bowl: Distance(%v) = %v, want %v", c.p, d, c.want)
		}
	}
	if d := h.Distance(Vec{math.NaN(), 0}); !math.IsNaN(d) {
		t.Errorf("Distance at NaN = %v", d)
	}
}

func runOn(t *testing.T, k Kind, obj Objective, s Settings, n int) State {
	t.Helper()
	o, err := New(k, s, obj)
	if err != nil {
		t.Fatal(err)
	}
	st := o.Start(s.Start())
	for range n {
		o.Step(&st)
	}
	return st
}

func TestSteepBouncesForever(t *testing.T) {
	o, _ := New(GD, Defaults(), Steep())
	st := o.Start(Vec{10})
	for i := 1; i <= 1000; i++ {
		o.Step(&st)
		if want := 10 * math.Pow(-1, float64(i)); st.X[0] != want {
			t.Fatalf("iteration %d: x = %v, want %v", i, st.X[0], want)
		}
	}
}

func TestQuarticJumpsAndDiverges(t *testing.T) {
	st := runOn(t, GD, Quartic(), Defaults(), 1)
	if st.X[0] != -390 {
		t.Fatalf("GD on x⁴ from 10: x₁ = %v, want −390", st.X[0])
	}
	st = runOn(t, GD, Quartic(), Defaults(), 3)
	if !(math.Abs(st.X[0]) > 1e15) {
		t.Errorf("GD on x⁴ did not run away: x₃ = %v", st.X[0])
	}
}

func TestBumpyTrapsGDAndMomentumEscapes(t *testing.T) {
	gd := runOn(t, GD, Bumpy(), Defaults(), 200)
	if math.Abs(gd.X[0]-3.8375) > 1e-3 {
		t.Errorf("GD on bumpy from 10 settled at %v, want the local minimum ≈ 3.8375", gd.X[0])
	}
	gdm := runOn(t, Momentum, Bumpy(), Defaults(), 500)
	if math.Abs(gdm.X[0]-Bumpy().Minima[0][0]) > 1e-3 {
		t.Errorf("momentum on bumpy from 10 ended at %v, want the global minimum ≈ −1.3064", gdm.X[0])
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

// TestLessonOnlyForItsOwnRace: a landscape's lesson is told of its own
// race alone; a race with other lanes or another start hears what the
// landscape is.
func TestLessonOnlyForItsOwnRace(t *testing.T) {
	for _, o := range Objectives() {
		d := o.Defaults()
		what, _, _ := strings.Cut(o.Lesson, ":")
		if got := o.LessonOf(d.Lanes(), d.Start()); got != o.Lesson {
			t.Errorf("%s, its own race: %q", o.Name, got)
		}
		faster := d.Lanes()
		faster[0].Hyper.LR *= 2
		moved := d.Start()
		moved[o.Dim-1]++
		for name, c := range map[string]struct {
			lanes []Lane
			start Vec
		}{"GD at twice its α": {faster, d.Start()}, "one lane": {d.Lanes()[:1], d.Start()}, "another start": {d.Lanes(), moved}} {
			if got := o.LessonOf(c.lanes, c.start); got != what || strings.Contains(got, ":") {
				t.Errorf("%s, %s: %q, want %q", o.Name, name, got, what)
			}
		}
	}
}
