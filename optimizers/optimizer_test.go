package optimizers

import (
	"errors"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func mustNew(t testing.TB, k Kind, s Settings) Optimizer {
	t.Helper()
	o, err := New(k, s, Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// run returns the states after 1..n iterations from s.X0.
func run(t testing.TB, k Kind, s Settings, n int) []State {
	t.Helper()
	o := mustNew(t, k, s)
	st := o.Start(s.Start())
	out := make([]State, 0, n)
	for range n {
		o.Step(&st)
		out = append(out, st)
	}
	return out
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestWorkedExamples checks the numbers the slides work out by hand.
func TestWorkedExamples(t *testing.T) {
	d := Defaults()
	gd := run(t, GD, d, 2)
	if gd[0].X[0] != 8 || gd[1].X[0] != 6.4 || gd[0].Grad[0] != 20 || gd[1].Grad[0] != 16 {
		t.Errorf("GD: 10 → %v → %v with g = %v, %v; want 8, 6.4 with g = 20, 16", gd[0].X[0], gd[1].X[0], gd[0].Grad[0], gd[1].Grad[0])
	}
	gdm := run(t, Momentum, d, 2)
	// The slides' v is the code's −velocity: v₁ = 2, v₂ = 3.4.
	if gdm[0].X[0] != 8 || gdm[0].Velocity[0] != -2 || !near(gdm[1].X[0], 4.6, 1e-15) || !near(gdm[1].Velocity[0], -3.4, 1e-15) {
		t.Errorf("GDM: got x = %v, %v, v = %v, %v; want 8, 4.6, −2, −3.4", gdm[0].X[0], gdm[1].X[0], gdm[0].Velocity[0], gdm[1].Velocity[0])
	}
	ada := run(t, AdaGrad, d, 2)
	if ada[0].G[0] != 400 || !near(ada[0].X[0], 9, 1e-9) || ada[1].G[0] != 400+ada[1].Grad[0]*ada[1].Grad[0] || !near(ada[1].X[0], 8.33104, 5e-6) {
		t.Errorf("AdaGrad: got G = %v, x = %v, %v; want 400, 9, ≈8.33104", ada[0].G[0], ada[0].X[0], ada[1].X[0])
	}
	rms := run(t, RMSProp, d, 2)
	if !near(rms[0].EG2[0], 40, 1e-12) || !near(rms[0].X[0], 6.83772, 5e-6) || !near(rms[1].X[0], 4.98823, 1e-3) {
		// The slide rounds g₁ to 13.68 before squaring, so its 4.98823 is
		// only close to the code's 4.988706075578886.
		t.Errorf("RMSProp: got E[g²] = %v, x = %v, %v; want 40, ≈6.83772, ≈4.98823", rms[0].EG2[0], rms[0].X[0], rms[1].X[0])
	}
	adam := run(t, Adam, d, 1)
	if !near(adam[0].M[0], 2, 1e-15) || !near(adam[0].V[0], 0.4, 1e-15) || !near(adam[0].MHat[0], 20, 1e-12) || !near(adam[0].VHat[0], 400, 1e-9) || !near(adam[0].X[0], 9.5, 1e-9) {
		t.Errorf("Adam: got m = %v, v = %v, m̂ = %v, v̂ = %v, x = %v; want 2, 0.4, 20, 400, 9.5", adam[0].M[0], adam[0].V[0], adam[0].MHat[0], adam[0].VHat[0], adam[0].X[0])
	}
}

// TestLectureValuesExact pins values of the lecture's printed tables that
// only a bit-exact engine reproduces.
func TestLectureValuesExact(t *testing.T) {
	d := Defaults()
	cases := []struct {
		k    Kind
		iter int
		get  func(State) float64
		want float64
	}{
		{GD, 2, func(s State) float64 { return s.F }, 40.96000000000001},
		{GD, 25, func(s State) float64 { return s.X[0] }, 0.037778931862957166},
		{Momentum, 4, func(s State) float64 { return s.X[0] }, -3.0860000000000007},
		{Momentum, 25, func(s State) float64 { return s.Velocity[0] }, 1.1109463868045504},
		{AdaGrad, 1, func(s State) float64 { return s.X[0] }, 9.0000000005},
		{AdaGrad, 1, func(s State) float64 { return s.EffectiveLR[0] }, 0.049999999975},
		{AdaGrad, 25, func(s State) float64 { return s.EffectiveLR[0] }, 0.017151031345535826},
		{RMSProp, 25, func(s State) float64 { return s.X[0] }, 2.558132747664291e-06},
		{RMSProp, 25, func(s State) float64 { return s.EffectiveLR[0] }, 0.37084001922558596},
		{Adam, 1, func(s State) float64 { return s.M[0] }, 1.9999999999999996},
		{Adam, 6, func(s State) float64 { return s.X[0] }, 7.025658644527531}, // needs 0.9**6 correctly rounded
		{Adam, 24, func(s State) float64 { return s.X[0] }, -0.007822471879864429},
		{Adam, 25, func(s State) float64 { return s.V[0] }, 2.915590743491179},
	}
	for _, c := range cases {
		got := c.get(run(t, c.k, d, c.iter)[c.iter-1])
		if got != c.want {
			t.Errorf("%v iteration %d: got %v, want %v", c.k, c.iter, got, c.want)
		}
	}
}

func TestGDHalfLearningRateReachesMinimumInOneStep(t *testing.T) {
	s := Defaults()
	s.LR[GD] = 0.5
	for _, x0 := range []float64{10, -3.5, 1e6, 0.001} {
		s.X0 = x0
		if st := run(t, GD, s, 1)[0]; st.X[0] != 0 || st.F != 0 {
			t.Errorf("x0 = %v: got x = %v, f = %v, want 0", x0, st.X[0], st.F)
		}
	}
}

func TestSmallLearningRateDecreasesLoss(t *testing.T) {
	for _, k := range Kinds() {
		s := Defaults()
		// Small enough that neither momentum (γ = 0.9 stays overdamped) nor
		// Adam's steps of about α overshoot the minimum within 50 iterations.
		s.LR = [NumKinds]float64{0.001, 0.001, 0.001, 0.001, 0.001}
		for _, x0 := range []float64{10, -10, 3, -0.5, 0.25, 100, -1e3} {
			s.X0 = x0
			o := mustNew(t, k, s)
			st := o.Start(Vec{x0})
			for i := range 50 {
				next := st
				o.Step(&next)
				if next.F > st.F || (next.F == st.F && st.F != 0) {
					t.Fatalf("%v from %v: f rose at iteration %d: %v → %v", k, x0, i+1, st.F, next.F)
				}
				st = next
			}
		}
	}
}

func TestValidationRejectsEachBadValue(t *testing.T) {
	bad := map[string][]float64{
		"x0":            {math.NaN(), math.Inf(1), math.Inf(-1)},
		"eps":           {0, -1e-8, math.NaN(), math.Inf(1)},
		"gd.lr":         {0, -0.1, math.NaN(), math.Inf(1)},
		"gdm.lr":        {0, -1, math.NaN()},
		"gdm.momentum":  {1, 1.5, -0.1, math.NaN()},
		"adagrad.lr":    {0, math.Inf(1)},
		"rmsprop.lr":    {-1, math.NaN()},
		"rmsprop.decay": {1, -0.5, math.NaN()},
		"adam.lr":       {0, math.Inf(-1)},
		"adam.beta1":    {1, 2, -1e-9, math.NaN()},
		"adam.beta2":    {1, math.Inf(1), math.NaN()},
	}
	for _, p := range Params() {
		values, ok := bad[p.Key]
		if !ok {
			t.Errorf("no bad values listed for %s", p.Key)
			continue
		}
		for _, v := range values {
			s := Defaults()
			before := s
			if err := p.Set(&s, v); err == nil {
				t.Errorf("%s = %v accepted", p.Key, v)
			} else if !strings.Contains(err.Error(), p.Key) || !strings.Contains(err.Error(), p.Domain.String()) {
				t.Errorf("%s = %v: error %q does not name the parameter and its range", p.Key, v, err)
			}
			if s != before {
				t.Errorf("%s = %v: a refused Set changed the settings", p.Key, v)
			}
			// The same value written directly is caught by Validate and New.
			*p.field(&s) = v
			var pe *ParamError
			if err := s.Validate(); !errors.As(err, &pe) || pe.Key != p.Key {
				t.Errorf("Validate with %s = %v: got %v", p.Key, v, err)
			}
			k := p.Owner
			if p.Shared {
				k = Adam
			}
			if _, err := New(k, s, Quadratic()); err == nil {
				t.Errorf("New(%v) with %s = %v succeeded", k, p.Key, v)
			}
		}
	}
	if err := Defaults().Validate(); err != nil {
		t.Errorf("the lecture's defaults are invalid: %v", err)
	}
	// An optimizer checks what it uses (ParamsOf): GD has no ε.
	noEps := Defaults()
	noEps.Eps = math.NaN()
	if _, err := New(GD, noEps, Quadratic()); err != nil {
		t.Errorf("New(GD) refused an ε it does not use: %v", err)
	}
	s := Defaults()
	if err := Params()[4].Set(&s, 0); err != nil || s.Momentum != 0 {
		t.Errorf("γ = 0 must be allowed: %v", err)
	}
}

func TestErrorMessage(t *testing.T) {
	s := Defaults()
	s.Momentum = 1.5
	err := s.Validate()
	if got, want := err.Error(), "gdm.momentum must be a number in [0, 1), got 1.5"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// exactOneMinusPow computes 1 − fl(βⁿ) with βⁿ rounded once from a 400-bit value.
func exactOneMinusPow(beta float64, n int) float64 {
	const prec = 400
	r := new(big.Float).SetPrec(prec).SetFloat64(1)
	b := new(big.Float).SetPrec(prec).SetFloat64(beta)
	for e := n; e > 0; e >>= 1 {
		if e&1 == 1 {
			r.Mul(r, b)
		}
		b.Mul(b, b)
	}
	p, _ := r.Float64() // round to nearest even
	return 1 - p
}

// TestAdamBiasCorrectionExact: Adam divides by 1 − βᵗ with βᵗ correctly
// rounded, as the lecture's Python does (the tables themselves are tested
// for every t in internal/crmath).
func TestAdamBiasCorrectionExact(t *testing.T) {
	s := Defaults()
	s.Beta1, s.Beta2 = 0.95, 0.9995
	o := mustNew(t, Adam, s)
	st := o.Start(s.Start())
	for n := 1; n <= 3000; n++ {
		prev := st
		o.Step(&st)
		m := float64(s.Beta1*prev.M[0]) + float64((1-s.Beta1)*st.Grad[0])
		v := float64(s.Beta2*prev.V[0]) + float64((1-s.Beta2)*float64(st.Grad[0]*st.Grad[0]))
		if st.MHat[0] != m/exactOneMinusPow(s.Beta1, n) || st.VHat[0] != v/exactOneMinusPow(s.Beta2, n) {
			t.Fatalf("t = %d: m̂ = %v, v̂ = %v, want %v, %v", n, st.MHat[0], st.VHat[0], m/exactOneMinusPow(s.Beta1, n), v/exactOneMinusPow(s.Beta2, n))
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	for _, k := range Kinds() {
		o := mustNew(t, k, Defaults())
		st := o.Start(Vec{10})
		if n := testing.AllocsPerRun(100, func() { o.Step(&st) }); n != 0 {
			t.Errorf("%v: %v allocations per step", k, n)
		}
	}
}

func TestOverflowBecomesInfNotPanic(t *testing.T) {
	s := Defaults()
	s.LR[GD] = 1.5
	st := run(t, GD, s, 2000)
	last := st[len(st)-1]
	if !math.IsNaN(last.X[0]) && !math.IsInf(last.X[0], 0) {
		t.Errorf("GD at α = 1.5 after 2000 steps: x = %v, want ±inf or nan", last.X[0])
	}
}

// TestNewRefusesUnknownKind: New returns a KindError for a Kind outside the five.
func TestNewRefusesUnknownKind(t *testing.T) {
	for _, k := range []Kind{-1, NumKinds, 7} {
		_, err := New(k, Defaults(), Quadratic())
		var ke KindError
		if !errors.As(err, &ke) || Kind(ke) != k || err.Error() != "unknown optimizer "+k.ID() {
			t.Errorf("New(%d): %v, want KindError(%d)", int(k), err, int(k))
		}
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds() {
		got, err := ParseKind(strings.ToUpper(k.ID()))
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.ID(), got, err)
		}
	}
	if _, err := ParseKind("sgd"); err == nil || !strings.Contains(err.Error(), "gd|gdm|adagrad|rmsprop|adam") {
		t.Errorf("ParseKind(sgd): %v", err)
	}
}

// benchShapes are the two loops bench/lecture.py times the lecture's Python
// in: million is 1,000,000 iterations from x₀ = 10 (once converged, the
// numbers are subnormal and every language slows down); lecture is the
// lecture's 25 iterations from x₀ = 10, repeated. Each run starts from
// startAfter the previous one, as one trajectory's steps follow each
// other in a race or a table.
var benchShapes = []struct {
	name        string
	runs, steps int
}{{"million", 1, 1_000_000}, {"lecture", 40_000, 25}}

// reportPerStep reports the time per iteration of a benchmark whose every
// op runs steps iterations, as ns/step (and no ns/op, which would mislead).
func reportPerStep(b *testing.B, steps int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(steps), "ns/step")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkStep measures one iteration of each optimizer in the shapes
// bench/lecture.py times the lecture's Python loop in, as ns/step;
// BenchmarkMinimalLoop is its baseline.
func BenchmarkStep(b *testing.B) {
	for _, shape := range benchShapes {
		for _, k := range Kinds() {
			b.Run(shape.name+"/"+k.ID(), func(b *testing.B) {
				o := mustNew(b, k, Defaults())
				b.ReportAllocs()
				var st State
				for b.Loop() {
					st = stepRuns(&o, shape.runs, shape.steps)
				}
				reportPerStep(b, shape.runs*shape.steps)
				if math.IsNaN(st.X[0]) {
					b.Fatal("diverged")
				}
			})
		}
	}
}

// stepRuns runs o for runs of steps iterations from x₀ = 10 and returns the
// last state. It is a function of its own so that b.Loop, which keeps
// every value its body assigns alive, does not slow the steps.
func stepRuns(o *Optimizer, runs, steps int) State {
	var st State
	for range runs {
		st = o.Start(Vec{startAfter(st.X[0])})
		for range steps {
			o.Step(&st)
		}
	}
	return st
}

// startAfter returns x₀ = 10, computed from the previous run's last x so
// that a run starts only once the previous one has ended, as the steps of
// one trajectory do. Without it, the processor runs two short independent
// runs of the minimal loops at once, which the ten times longer
// instruction stream of Step (a call, its loads and stores) cannot do, and
// the comparison would measure the benchmark's shape rather than the step.
// x stays finite in these runs, so 0·x is 0.
func startAfter(x float64) float64 { return 10 + float64(0*x) }

// TestStepIsWhatXMoved checks the step every optimizer exports: what the
// iteration subtracted from x, exactly, and a column of every optimizer but
// GDM (whose step is −velocity).
func TestStepIsWhatXMoved(t *testing.T) {
	for _, k := range Kinds() {
		prev := Defaults().X0
		for i, st := range run(t, k, Defaults(), 25) {
			if got := prev - st.Step[0]; got != st.X[0] {
				t.Errorf("%v iteration %d: x − step = %v, x = %v", k, i+1, got, st.X[0])
			}
			prev = st.X[0]
		}
		has := false
		for _, q := range k.Quantities() {
			has = has || q.Key == "step"
		}
		if want := k != Momentum; has != want {
			t.Errorf("%v: step among its quantities = %v, want %v", k, has, want)
		}
	}
}

// TestEveryParamHasABrief: the editor shows Brief beside every field.
func TestEveryParamHasABrief(t *testing.T) {
	for _, p := range Params() {
		if p.Brief == "" || len(p.Brief) > len(p.Usage) {
			t.Errorf("%s: brief %q (usage %q)", p.Key, p.Brief, p.Usage)
		}
	}
}

// TestTwoDIsPerCoordinate: on a 2-D landscape each optimizer applies the
// 1-D rule to each coordinate with that coordinate's partial derivative,
// both taken at the old point, and Adam's bias correction from the shared
// step count. Checked against the 1-D rule run by hand on each
// coordinate's gradient.
func TestTwoDIsPerCoordinate(t *testing.T) {
	for _, obj := range ObjectivesIn(2) {
		for _, k := range Kinds() {
			s := obj.Defaults()
			o, err := New(k, s, obj)
			if err != nil {
				t.Fatal(err)
			}
			st := o.Start(s.Start())
			for range 50 {
				prev := st
				o.Step(&st)
				g := obj.Grad(prev.X)
				if st.Grad != g || st.T != prev.T+1 || st.F != obj.F(st.X) {
					t.Fatalf("%s %v t = %d: g = %v (want %v at the old point), f = %v", obj.Name, k, st.T, st.Grad, g, st.F)
				}
				for i := range 2 {
					want := oneCoordinate(k, s, prev, g[i], i)
					if got := coordinate(st, i); got != want {
						t.Fatalf("%s %v t = %d coordinate %d:\n got %+v\nwant %+v", obj.Name, k, st.T, i, got, want)
					}
				}
			}
		}
	}
}

// coordinate is one coordinate's quantities of a state.
type coord struct{ x, grad, velocity, g, eg2, m, v, mHat, vHat, lr, step float64 }

func coordinate(s State, i int) coord {
	return coord{s.X[i], s.Grad[i], s.Velocity[i], s.G[i], s.EG2[i], s.M[i], s.V[i], s.MHat[i], s.VHat[i], s.EffectiveLR[i], s.Step[i]}
}

// oneCoordinate is the lecture's update of coordinate i of prev with
// gradient g, written out again, with the 1-D State's field roles.
func oneCoordinate(k Kind, s Settings, prev State, g float64, i int) coord {
	c := coordinate(prev, i)
	c.grad = g
	switch k {
	case GD:
		c.lr, c.step = s.LR[GD], float64(s.LR[GD]*g)
		c.x -= c.step
	case Momentum:
		c.velocity = float64(s.Momentum*c.velocity) - float64(s.LR[Momentum]*g)
		c.lr, c.step = s.LR[Momentum], -c.velocity
		c.x += c.velocity
	case AdaGrad:
		c.g += float64(g * g)
		c.lr = s.LR[AdaGrad] / (math.Sqrt(c.g) + s.Eps)
		c.step = float64(c.lr * g)
		c.x -= c.step
	case RMSProp:
		c.eg2 = float64(s.Decay*c.eg2) + float64((1-s.Decay)*float64(g*g))
		c.lr = s.LR[RMSProp] / (math.Sqrt(c.eg2) + s.Eps)
		c.step = float64(c.lr * g)
		c.x -= c.step
	case Adam:
		t := prev.T + 1
		c.m = float64(s.Beta1*c.m) + float64((1-s.Beta1)*g)
		c.v = float64(s.Beta2*c.v) + float64((1-s.Beta2)*float64(g*g))
		c.mHat = c.m / exactOneMinusPow(s.Beta1, t)
		c.vHat = c.v / exactOneMinusPow(s.Beta2, t)
		denom := math.Sqrt(c.vHat) + s.Eps
		c.step = float64(s.LR[Adam]*c.mHat) / denom
		c.lr = s.LR[Adam] / denom
		c.x -= c.step
	}
	return c
}

// TestTwoDStepAllocatesNothing: the 2-D rules allocate nothing either.
func TestTwoDStepAllocatesNothing(t *testing.T) {
	for _, obj := range ObjectivesIn(2) {
		for _, k := range Kinds() {
			o, err := New(k, obj.Defaults(), obj)
			if err != nil {
				t.Fatal(err)
			}
			st := o.Start(obj.Start)
			if n := testing.AllocsPerRun(100, func() { o.Step(&st) }); n != 0 {
				t.Errorf("%s %v: %v allocations per step", obj.Name, k, n)
			}
		}
	}
}

// TestOneDKeepsYZero: a 1-D landscape ignores a start's y and never
// touches a state's y parts.
func TestOneDKeepsYZero(t *testing.T) {
	for _, k := range Kinds() {
		o := mustNew(t, k, Defaults())
		st := o.Start(Vec{10, 5})
		for range 30 {
			o.Step(&st)
		}
		for _, v := range []Vec{st.X, st.Grad, st.Velocity, st.G, st.EG2, st.M, st.V, st.MHat, st.VHat, st.EffectiveLR, st.Step} {
			if v[1] != 0 {
				t.Errorf("%v: a y part %v in a 1-D state", k, v)
			}
		}
	}
}

// TestQuantitiesIn: in 2-D each quantity but f is split into x and y, with
// the keys of issue 17's CSV header, ranked where its 1-D one was.
func TestQuantitiesIn(t *testing.T) {
	var keys []string
	for _, q := range AllQuantitiesIn(2) {
		keys = append(keys, q.Key)
	}
	if got, want := strings.Join(keys, ","), "x,y,f,grad_x,grad_y,velocity_x,velocity_y,G_x,G_y,Eg2_x,Eg2_y,m_x,m_y,v_x,v_y,"+
		"m_hat_x,m_hat_y,v_hat_x,v_hat_y,lr_x,lr_y,step_x,step_y"; got != want {
		t.Errorf("2-D keys %s, want %s", got, want)
	}
	st := State{X: Vec{1, 2}, F: 3, M: Vec{4, 5}, VHat: Vec{6, 7}}
	for _, q := range Adam.QuantitiesIn(2) {
		switch q.Key {
		case "y":
			if q.Get(st) != 2 || q.Coord != 1 || q.Keep != 1 {
				t.Errorf("y: %v, coord %d, keep %d", q.Get(st), q.Coord, q.Keep)
			}
		case "f":
			if q.Get(st) != 3 || q.Symbol != "f(x,y)" || q.Keep != 2 {
				t.Errorf("f: %+v", q)
			}
		case "m_y":
			if q.Get(st) != 5 || q.Symbol != "m_y" {
				t.Errorf("m_y: %v %q", q.Get(st), q.Symbol)
			}
		case "v_hat_x":
			if q.Get(st) != 6 || !q.FromStep {
				t.Errorf("v_hat_x: %v, from step %v", q.Get(st), q.FromStep)
			}
		}
	}
	if got := len(GD.QuantitiesIn(2)); got != 7 { // x, y, f, grad_x, grad_y, step_x, step_y
		t.Errorf("GD has %d quantities in 2-D, want 7", got)
	}
	if !slices.EqualFunc(GD.QuantitiesIn(1), GD.Quantities(), func(a, b Quantity) bool { return a.Key == b.Key }) {
		t.Error("QuantitiesIn(1) differs from Quantities")
	}
}

// TestLaneSettingsAndCheck: a lane lists the settings its optimizer has,
// and Check names a bad one as its flag does.
func TestLaneSettingsAndCheck(t *testing.T) {
	d := Defaults()
	var keys []string
	for _, s := range d.Lane(Adam).Settings() {
		keys = append(keys, s.Key+"="+strconv.FormatFloat(s.Value, 'g', -1, 64))
	}
	if got := strings.Join(keys, " "); got != "lr=0.5 beta1=0.9 beta2=0.999 eps=1e-08" {
		t.Errorf("Adam's settings: %s", got)
	}
	if n := len(d.Lane(GD).Settings()); n != 1 {
		t.Errorf("GD has %d settings, want 1 (lr)", n)
	}
	bad := d.Lane(RMSProp)
	bad.Hyper.Eps = 0
	if err := bad.Check(); err == nil || err.Error() != "eps must be a finite number > 0, got 0" {
		t.Errorf("RMSProp with ε = 0: %v", err)
	}
	bad = d.Lane(GD)
	bad.Hyper.Eps, bad.Hyper.Momentum = math.NaN(), 7 // GD has neither
	if err := bad.Check(); err != nil {
		t.Errorf("GD checked a setting it does not have: %v", err)
	}
	if _, err := NewLane(Lane{Kind: 9}, Quadratic()); err == nil {
		t.Error("a lane of kind 9 was made")
	}
}

// BenchmarkStep2D measures one iteration of each optimizer on the 2-D bowl
// x² + 10y² at its defaults, in BenchmarkStep's lecture shape (runs of 25
// iterations from its start, (−8, 2)), as ns/step: the step of a 2-D race
// beside the 1-D one.
func BenchmarkStep2D(b *testing.B) {
	obj := Bowl()
	for _, k := range Kinds() {
		b.Run("lecture/"+k.ID(), func(b *testing.B) {
			o, err := New(k, obj.Defaults(), obj)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var st State
			for b.Loop() {
				st = stepRuns2D(&o, obj.Start, 40_000, 25)
			}
			reportPerStep(b, 40_000*25)
			if math.IsNaN(st.X[0]) {
				b.Fatal("diverged")
			}
		})
	}
}

// stepRuns2D is stepRuns from start, each run starting once the previous
// one has ended (startAfter).
func stepRuns2D(o *Optimizer, start Vec, runs, steps int) State {
	var st State
	for range runs {
		st = o.Start(Vec{start[0] + float64(0*st.X[0]), start[1]})
		for range steps {
			o.Step(&st)
		}
	}
	return st
}
