package optimizers

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/optirace/optirace/optimizers/internal/crmath"
)

// Objective is a loss landscape: f of one coordinate (x) or two (x and y),
// its exact gradient, the minima the race runs towards, where a race on it
// starts, and the hyperparameters that make its race teach what it
// teaches. An Objective is a value; its slices are never changed.
type Objective struct {
	// Name is the identifier used by --fn: quadratic, steep, quartic,
	// bumpy, bowl, rosenbrock, beale, saddle, himmelblau.
	Name string
	// Dim is the number of coordinates: 1 (x) or 2 (x and y).
	Dim int
	// Formula is f for display, e.g. "x²" or "x² + 10y²".
	Formula string
	// ASCIIFormula is f spelled with ASCII only, e.g. "x^2 + 10y^2".
	ASCIIFormula string
	// Lesson says in one line what a race on the landscape teaches.
	Lesson string
	// Terms are the named parts the partial derivatives are written with
	// (Rosenbrock's d = y − x²), for the explain screen; none for most.
	Terms []Expr
	// Partials are the gradient's components as the explain screen writes
	// them: f′(x) in 1-D, ∂f/∂x and ∂f/∂y in 2-D.
	Partials []Expr
	// Minima are the points the race runs towards: the finish is the
	// Euclidean distance to the nearest (bumpy's global minimum only;
	// Himmelblau's four). Each to full float64 precision.
	Minima []Vec
	// Start is where a race on the landscape starts unless told otherwise.
	Start Vec

	// defaults are the landscape's hyperparameters (Defaults).
	defaults Settings
	// land names the landscape, so that a step computes its gradient and
	// value without going through a function value.
	land landscape
}

// Expr is one formula of the explain screen: a derivative or a named term.
type Expr struct {
	// Symbol names it: "f′(x)", "∂f/∂x", "d".
	Symbol string
	// Rule is the formula: "2x", "−2(1 − x) − 400x·d".
	Rule string
	// Subst writes Rule with the numbers at p, each written with num:
	// "2 × 10".
	Subst func(num func(float64) string, p Vec) string
	// Value is a term's value at p, as the gradient computes it (nil for a
	// partial derivative: the state's gradient holds its value).
	Value func(p Vec) float64
}

// The partial derivatives' symbols.
const (
	partialX = "∂f/∂x"
	partialY = "∂f/∂y"
)

// landscape identifies the built-in objectives.
type landscape int

const (
	landQuadratic landscape = iota
	landSteep
	landQuartic
	landBumpy
	landBowl
	landRosenbrock
	landBeale
	landSaddle
	landHimmelblau
)

// Every landscape is written as a Python port of the lecture evaluates it:
// each product rounded before it is added (float64(…) forbids a fused
// multiply-add), and x**2, x**3, x**4, sin and cos correctly rounded, as
// the C library's pow, sin and cos that Python calls are in nearly every
// case (x·x is x**2 correctly rounded; x·x·x rounds twice, so x**3 and x**4
// come from crmath). The 2-D landscapes are products and sums only,
// evaluated as their formulas are written: usual precedence, left to
// right, 10*y*y as (10·y)·y.

func quadraticF(x float64) float64    { return x * x }
func quadraticGrad(x float64) float64 { return 2 * x }
func steepF(x float64) float64        { return 10 * (x * x) }
func steepGrad(x float64) float64     { return 20 * x }

// quarticF is x**4.
func quarticF(x float64) float64 { return crmath.IntPow(x, 4) }

// quarticGrad is 4 * x**3.
func quarticGrad(x float64) float64 { return 4 * crmath.IntPow(x, 3) }

// bumpyF is x**2 + 10*math.sin(x).
func bumpyF(x float64) float64 { return float64(x*x) + float64(10*crmath.Sin(x)) }

// bumpyGrad is 2*x + 10*math.cos(x).
func bumpyGrad(x float64) float64 { return float64(2*x) + float64(10*crmath.Cos(x)) }

// bowlF is x*x + 10*y*y.
func bowlF(p Vec) float64 {
	x, y := p[0], p[1]
	return float64(x*x) + float64(10*y*y)
}

// bowlGrad is (2*x, 20*y).
func bowlGrad(p Vec) Vec { return Vec{2 * p[0], 20 * p[1]} }

// rosenbrockF is (1 − x)*(1 − x) + 100*(d*d) with d = y − x*x.
func rosenbrockF(p Vec) float64 {
	x, y := p[0], p[1]
	d := y - float64(x*x)
	return float64((1-x)*(1-x)) + float64(100*float64(d*d))
}

// rosenbrockGrad is (−2*(1 − x) − 400*x*d, 200*d).
func rosenbrockGrad(p Vec) Vec {
	x, y := p[0], p[1]
	d := y - float64(x*x)
	return Vec{float64(-2*(1-x)) - float64(400*x*d), 200 * d}
}

// bealeTerms are a = 1.5 − x + x*y, b = 2.25 − x + x*y*y and
// c = 2.625 − x + x*y*y*y.
func bealeTerms(p Vec) (a, b, c float64) {
	x, y := p[0], p[1]
	a = (1.5 - x) + float64(x*y)
	b = (2.25 - x) + float64(x*y*y)
	c = (2.625 - x) + float64(x*y*y*y)
	return a, b, c
}

// bealeF is a*a + b*b + c*c.
func bealeF(p Vec) float64 {
	a, b, c := bealeTerms(p)
	return float64(a*a) + float64(b*b) + float64(c*c)
}

// bealeGrad is (2*a*(y − 1) + 2*b*(y*y − 1) + 2*c*(y*y*y − 1),
// 2*a*x + 2*b*(2*x*y) + 2*c*(3*x*y*y)).
func bealeGrad(p Vec) Vec {
	x, y := p[0], p[1]
	a, b, c := bealeTerms(p)
	gx := float64(2*a*(y-1)) + float64(2*b*(float64(y*y)-1)) + float64(2*c*(float64(y*y*y)-1))
	gy := float64(2*a*x) + float64(2*b*(2*x*y)) + float64(2*c*(3*x*y*y))
	return Vec{gx, gy}
}

// saddleF is x*x − y*y + y*y*y*y/4.
func saddleF(p Vec) float64 {
	x, y := p[0], p[1]
	return float64(x*x) - float64(y*y) + float64(y*y*y*y/4)
}

// saddleGrad is (2*x, −2*y + y*y*y).
func saddleGrad(p Vec) Vec {
	x, y := p[0], p[1]
	return Vec{2 * x, float64(-2*y) + float64(y*y*y)}
}

// himmelblauTerms are a = x*x + y − 11 and b = x + y*y − 7.
func himmelblauTerms(p Vec) (a, b float64) {
	x, y := p[0], p[1]
	return float64(x*x) + y - 11, x + float64(y*y) - 7
}

// himmelblauF is a*a + b*b.
func himmelblauF(p Vec) float64 {
	a, b := himmelblauTerms(p)
	return float64(a*a) + float64(b*b)
}

// himmelblauGrad is (4*x*a + 2*b, 2*a + 4*y*b).
func himmelblauGrad(p Vec) Vec {
	x, y := p[0], p[1]
	a, b := himmelblauTerms(p)
	return Vec{float64(4*x*a) + float64(2*b), float64(2*a) + float64(4*y*b)}
}

// f1 returns a 1-D objective at x. The lecture's x² is computed inline (f1
// and grad1 are small enough for the compiler to inline them into a step);
// the others go through value1.
func (o *Objective) f1(x float64) float64 {
	if o.land == landQuadratic {
		return quadraticF(x)
	}
	return o.value1(x)
}

// grad1 returns a 1-D objective's derivative at x, inline for the
// lecture's x² (see f1).
func (o *Objective) grad1(x float64) float64 {
	if o.land == landQuadratic {
		return quadraticGrad(x)
	}
	return o.slope1(x)
}

// value1 is f1 for every 1-D landscape.
func (o *Objective) value1(x float64) float64 {
	switch o.land {
	case landSteep:
		return steepF(x)
	case landQuartic:
		return quarticF(x)
	case landBumpy:
		return bumpyF(x)
	case landQuadratic, landBowl, landRosenbrock, landBeale, landSaddle, landHimmelblau:
	}
	return quadraticF(x)
}

// slope1 is grad1 for every 1-D landscape.
func (o *Objective) slope1(x float64) float64 {
	switch o.land {
	case landSteep:
		return steepGrad(x)
	case landQuartic:
		return quarticGrad(x)
	case landBumpy:
		return bumpyGrad(x)
	case landQuadratic, landBowl, landRosenbrock, landBeale, landSaddle, landHimmelblau:
	}
	return quadraticGrad(x)
}

// f2 returns a 2-D objective at p.
func (o *Objective) f2(p Vec) float64 {
	switch o.land {
	case landRosenbrock:
		return rosenbrockF(p)
	case landBeale:
		return bealeF(p)
	case landSaddle:
		return saddleF(p)
	case landHimmelblau:
		return himmelblauF(p)
	case landBowl, landQuadratic, landSteep, landQuartic, landBumpy:
	}
	return bowlF(p)
}

// grad2 returns a 2-D objective's gradient at p, both partial derivatives
// taken at p.
func (o *Objective) grad2(p Vec) Vec {
	switch o.land {
	case landRosenbrock:
		return rosenbrockGrad(p)
	case landBeale:
		return bealeGrad(p)
	case landSaddle:
		return saddleGrad(p)
	case landHimmelblau:
		return himmelblauGrad(p)
	case landBowl, landQuadratic, landSteep, landQuartic, landBumpy:
	}
	return bowlGrad(p)
}

// F returns f at p (p[1] is ignored on a 1-D landscape).
func (o *Objective) F(p Vec) float64 {
	if o.Dim == 1 {
		return o.f1(p[0])
	}
	return o.f2(p)
}

// Grad returns f's gradient at p: f′(x) in Grad[0] on a 1-D landscape,
// both partial derivatives at p on a 2-D one.
func (o *Objective) Grad(p Vec) Vec {
	if o.Dim == 1 {
		return Vec{o.grad1(p[0])}
	}
	return o.grad2(p)
}

// Nearest returns the index in Minima of the minimum nearest to p and the
// Euclidean distance to it (|x − x*| in 1-D); the first of equally near
// ones. A NaN coordinate gives index 0 and distance NaN.
func (o *Objective) Nearest(p Vec) (i int, d float64) {
	d = dist(o.Dim, p, o.Minima[0])
	for j := 1; j < len(o.Minima); j++ {
		if dj := dist(o.Dim, p, o.Minima[j]); dj < d {
			i, d = j, dj
		}
	}
	return i, d
}

// Distance returns the Euclidean distance from p to the nearest minimum:
// the distance to the finish.
func (o *Objective) Distance(p Vec) float64 {
	if len(o.Minima) == 1 {
		return dist(o.Dim, p, o.Minima[0])
	}
	_, d := o.Nearest(p)
	return d
}

// Defaults returns the landscape's settings: its start point, and
// hyperparameters under which its race teaches its lesson — the lecture's
// on the 1-D landscapes.
func (o Objective) Defaults() Settings { return o.defaults }

// LessonOf is what a race of lanes from start on o teaches, in one line:
// the whole Lesson for the landscape's own race — the five at its
// defaults, from its start — of which alone it is true; for any other
// race, what the landscape is (the Lesson up to its colon), which is true
// of every race on it.
func (o Objective) LessonOf(lanes []Lane, start Vec) string {
	from := o.defaults.Start()
	own := slices.Equal(lanes, o.defaults.Lanes()) && start[0] == from[0] && (o.Dim < 2 || start[1] == from[1])
	if own {
		return o.Lesson
	}
	what, _, _ := strings.Cut(o.Lesson, ":")
	return what
}

// Signature is f with its arguments, for titles: "f(x)" or "f(x, y)".
func (o Objective) Signature() string {
	if o.Dim == 2 {
		return "f(x, y)"
	}
	return "f(x)"
}

// lectureOn returns the lecture's settings started at x0.
func lectureOn(x0 float64) Settings {
	s := Defaults()
	s.X0 = x0
	return s
}

// oneD returns a 1-D landscape started at x₀ = 10, with the lecture's
// hyperparameters and f′(x) written rule and subst.
func oneD(name, formula, ascii, lesson string, land landscape, minimum float64, rule string, subst func(n func(float64) string, x float64) string) Objective {
	return Objective{
		Name: name, Dim: 1, Formula: formula, ASCIIFormula: ascii, Lesson: lesson,
		Partials: []Expr{{Symbol: "f′(x)", Rule: rule, Subst: func(n func(float64) string, p Vec) string { return subst(n, p[0]) }}},
		Minima:   []Vec{{minimum}}, Start: Vec{10}, defaults: lectureOn(10), land: land,
	}
}

// Quadratic returns the lecture's objective f(x) = x², with f'(x) = 2x and x* = 0.
func Quadratic() Objective {
	return oneD("quadratic", "x²", "x^2", "the lecture's parabola: watch how each optimizer heads for the bottom; RMSProp at α = 1 never settles, bouncing ±0.5 for ever",
		landQuadratic, 0, "2x", func(n func(float64) string, x float64) string { return "2 × " + n(x) })
}

// Steep returns f(x) = 10x²: GD at the lecture's α = 0.1 maps x to −x and
// bounces forever.
func Steep() Objective {
	return oneD("steep", "10x²", "10x^2", "ten times steeper: GD's α = 0.1 now jumps from x to −x and back for ever",
		landSteep, 0, "20x", func(n func(float64) string, x float64) string { return "20 × " + n(x) })
}

// Quartic returns f(x) = x⁴, flat at the bottom and steep far out: GD at
// α = 0.1 from 10 jumps to −390 and diverges.
func Quartic() Objective {
	return oneD("quartic", "x⁴", "x^4", "steep far out, flat at the bottom: GD's first step overshoots and diverges; adaptive rates cope",
		landQuartic, 0, "4x³", func(n func(float64) string, x float64) string { return "4 × " + n(x) + "³" })
}

// Bumpy returns f(x) = x² + 10·sin(x), which is not convex: a local minimum
// near x ≈ 3.8375 and the global one near x ≈ −1.3064. From 10, GD at
// α = 0.1 settles in the local one; momentum carries on to the global one.
func Bumpy() Objective {
	return oneD("bumpy", "x² + 10·sin(x)", "x^2 + 10 sin(x)", "not convex: GD stops in the local minimum; momentum carries on to the global one",
		landBumpy, bumpyMinimizer(-1.3), "2x + 10·cos(x)", func(n func(float64) string, x float64) string {
			return "2 × " + n(x) + " + 10 × cos(" + n(x) + ")"
		})
}

// bumpyMinimizer solves f'(x) = 2x + 10·cos(x) = 0 by Newton's method from
// x, where f”(x) = 2 − 10·sin(x) > 0, to full float64 precision; every
// product is rounded on its own, so every build finds the same x*.
func bumpyMinimizer(x float64) float64 {
	for range 100 {
		next := x - bumpyGrad(x)/(2-float64(10*crmath.Sin(x)))
		if next == x {
			break
		}
		x = next
	}
	return x
}

// paren writes v with num, in parentheses when it is negative, for a
// formula with numbers: 2 × (−3).
func paren(num func(float64) string, v float64) string {
	s := num(v)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		return "(" + s + ")"
	}
	return s
}

// Bowl returns f(x, y) = x² + 10y², a bowl ten times steeper across (y)
// than along (x), from (−8, 2). Its defaults (TestTwoDLessons shows what
// they teach): GD at α = 0.09 steps across with y ← −0.8·y, flipping y's
// sign every step, while along x it moves x ← 0.82·x — a zig-zag; AdaGrad
// (α = 1) and RMSProp (α = 0.1) scale each coordinate by its own
// gradient, so their first step is as long in x as in y and y never
// changes sign: they head down without zig-zagging. GDM α = 0.02, Adam
// α = 0.5.
func Bowl() Objective {
	s := Defaults()
	s.X0, s.Y0 = -8, 2
	s.LR = [NumKinds]float64{GD: 0.09, Momentum: 0.02, AdaGrad: 1, RMSProp: 0.1, Adam: 0.5}
	return Objective{
		Name: "bowl", Dim: 2, Formula: "x² + 10y²", ASCIIFormula: "x^2 + 10y^2",
		Lesson: "a long narrow bowl: GD zig-zags across it; AdaGrad and RMSProp scale each coordinate and head straight down (RMSProp then bounces at the bottom)",
		Partials: []Expr{
			{partialX, "2x", func(n func(float64) string, p Vec) string { return "2 × " + paren(n, p[0]) }, nil},
			{partialY, "20y", func(n func(float64) string, p Vec) string { return "20 × " + paren(n, p[1]) }, nil},
		},
		Minima: []Vec{{0, 0}}, Start: Vec{-8, 2}, defaults: s, land: landBowl,
	}
}

// Rosenbrock returns f(x, y) = (1 − x)² + 100(y − x²)², the banana valley,
// from (−1.2, 1). Its walls are steep and its floor curves gently to the
// minimum (1, 1): the lecture's rates diverge on the walls. Its defaults
// (TestTwoDLessons): GD α = 0.002 drops into the valley and crawls along
// its floor, still short of x = 1 at t = 1000; GDM α = 0.002, γ = 0.9
// speeds along it, overshoots the minimum to x ≈ 1.29 and comes back, and
// settles first; AdaGrad α = 0.5, RMSProp α = 0.005, Adam α = 0.1.
func Rosenbrock() Objective {
	s := Defaults()
	s.X0, s.Y0 = -1.2, 1
	s.LR = [NumKinds]float64{GD: 0.002, Momentum: 0.002, AdaGrad: 0.5, RMSProp: 0.005, Adam: 0.1}
	d := func(p Vec) float64 { return p[1] - float64(p[0]*p[0]) }
	return Objective{
		Name: "rosenbrock", Dim: 2, Formula: "(1 − x)² + 100(y − x²)²", ASCIIFormula: "(1 - x)^2 + 100(y - x^2)^2",
		Lesson: "a curved valley with steep walls: everyone drops in at once, then crawls along its floor; momentum speeds along it and overshoots the minimum",
		Terms: []Expr{{"d", "y − x²", func(n func(float64) string, p Vec) string {
			return n(p[1]) + " − " + paren(n, p[0]) + "²"
		}, d}},
		Partials: []Expr{
			{partialX, "−2(1 − x) − 400x·d", func(n func(float64) string, p Vec) string {
				return "−2 × (1 − " + paren(n, p[0]) + ") − 400 × " + paren(n, p[0]) + " × " + paren(n, d(p))
			}, nil},
			{partialY, "200d", func(n func(float64) string, p Vec) string { return "200 × " + paren(n, d(p)) }, nil},
		},
		Minima: []Vec{{1, 1}}, Start: Vec{-1.2, 1}, defaults: s, land: landRosenbrock,
	}
}

// Beale returns Beale's function, flat plateaus between steep walls, from
// (1, 1.5) towards its minimum (3, 0.5). Its defaults (TestTwoDLessons):
// GD at α = 0.03 gets there, at 0.04 (and the lecture's 0.1) it diverges
// on a wall within a few steps, while AdaGrad at α = 1 gets there too; GDM
// α = 0.005, RMSProp α = 0.002, Adam α = 0.1.
func Beale() Objective {
	s := Defaults()
	s.X0, s.Y0 = 1, 1.5
	s.LR = [NumKinds]float64{GD: 0.03, Momentum: 0.005, AdaGrad: 1, RMSProp: 0.002, Adam: 0.1}
	return Objective{
		Name: "beale", Dim: 2,
		Formula:      "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
		ASCIIFormula: "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
		Lesson:       "flat plateaus between steep walls: GD's α = 0.03 gets there, 0.04 diverges on a wall; AdaGrad's α = 1 does not mind",
		Terms: []Expr{
			{"a", "1.5 − x + xy", func(n func(float64) string, p Vec) string {
				return "1.5 − " + paren(n, p[0]) + " + " + paren(n, p[0]) + " × " + paren(n, p[1])
			}, func(p Vec) float64 { a, _, _ := bealeTerms(p); return a }},
			{"b", "2.25 − x + xy²", func(n func(float64) string, p Vec) string {
				return "2.25 − " + paren(n, p[0]) + " + " + paren(n, p[0]) + " × " + paren(n, p[1]) + "²"
			}, func(p Vec) float64 { _, b, _ := bealeTerms(p); return b }},
			{"c", "2.625 − x + xy³", func(n func(float64) string, p Vec) string {
				return "2.625 − " + paren(n, p[0]) + " + " + paren(n, p[0]) + " × " + paren(n, p[1]) + "³"
			}, func(p Vec) float64 { _, _, c := bealeTerms(p); return c }},
		},
		Partials: []Expr{
			{partialX, "2a(y − 1) + 2b(y² − 1) + 2c(y³ − 1)", func(n func(float64) string, p Vec) string {
				a, b, c := bealeTerms(p)
				y := paren(n, p[1])
				return "2 × " + paren(n, a) + " × (" + y + " − 1) + 2 × " + paren(n, b) + " × (" + y + "² − 1) + 2 × " +
					paren(n, c) + " × (" + y + "³ − 1)"
			}, nil},
			{partialY, "2a·x + 2b·2xy + 2c·3xy²", func(n func(float64) string, p Vec) string {
				a, b, c := bealeTerms(p)
				x, y := paren(n, p[0]), paren(n, p[1])
				return "2 × " + paren(n, a) + " × " + x + " + 2 × " + paren(n, b) + " × 2 × " + x + " × " + y + " + 2 × " +
					paren(n, c) + " × 3 × " + x + " × " + y + "²"
			}, nil},
		},
		Minima: []Vec{{3, 0.5}}, Start: Vec{1, 1.5}, defaults: s, land: landBeale,
	}
}

// Saddle returns f(x, y) = x² − y² + y⁴/4: a saddle point at (0, 0) and
// minima at (0, ±√2), from (8, 0.001), just off the ridge y = 0. Its
// defaults (TestTwoDLessons): GD at α = 0.02 rolls down the ridge to the
// saddle and lingers there, since y grows only ×1.04 a step from 0.001,
// leaving the ridge (|y| > 0.5) after t = 150; the adaptive methods (AdaGrad
// α = 1, RMSProp α = 0.05, Adam α = 0.2), which scale y's tiny gradient up,
// leave it within a few steps, and GDM (α = 0.02, γ = 0.9) once its
// velocity builds up.
func Saddle() Objective {
	s := Defaults()
	s.X0, s.Y0 = 8, 0.001
	s.LR = [NumKinds]float64{GD: 0.02, Momentum: 0.02, AdaGrad: 1, RMSProp: 0.05, Adam: 0.2}
	return Objective{
		Name: "saddle", Dim: 2, Formula: "x² − y² + y⁴/4", ASCIIFormula: "x^2 - y^2 + y^4/4",
		Lesson: "a saddle on the way: GD rolls down to it and lingers; the adaptive methods leave the ridge at once, momentum soon after",
		Partials: []Expr{
			{partialX, "2x", func(n func(float64) string, p Vec) string { return "2 × " + paren(n, p[0]) }, nil},
			{partialY, "−2y + y³", func(n func(float64) string, p Vec) string {
				return "−2 × " + paren(n, p[1]) + " + " + paren(n, p[1]) + "³"
			}, nil},
		},
		Minima: []Vec{{0, math.Sqrt2}, {0, -math.Sqrt2}}, Start: Vec{8, 0.001}, defaults: s, land: landSaddle,
	}
}

// Himmelblau returns Himmelblau's function, (x² + y − 11)² + (x + y² − 7)²,
// with four minima of equal depth 0, from (0, 0). Its defaults
// (TestTwoDLessons) send the optimizers to different minima: GD (α = 0.01),
// AdaGrad (α = 1) and Adam (α = 0.5) settle at (3, 2), the one downhill
// from the start; GDM (α = 0.02, γ = 0.85) swings past it and settles at
// (−2.805…, 3.131…); RMSProp (α = 0.01) bounces about (3, 2).
func Himmelblau() Objective {
	s := Defaults()
	s.X0, s.Y0 = 0, 0
	s.LR = [NumKinds]float64{GD: 0.01, Momentum: 0.02, AdaGrad: 1, RMSProp: 0.01, Adam: 0.5}
	s.Momentum = 0.85
	return Objective{
		Name: "himmelblau", Dim: 2, Formula: "(x² + y − 11)² + (x + y² − 7)²", ASCIIFormula: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
		Lesson: "four minima as deep as each other: which one an optimizer ends in depends on its path; momentum swings to another",
		Terms: []Expr{
			{"a", "x² + y − 11", func(n func(float64) string, p Vec) string {
				return paren(n, p[0]) + "² + " + paren(n, p[1]) + " − 11"
			}, func(p Vec) float64 { a, _ := himmelblauTerms(p); return a }},
			{"b", "x + y² − 7", func(n func(float64) string, p Vec) string {
				return n(p[0]) + " + " + paren(n, p[1]) + "² − 7"
			}, func(p Vec) float64 { _, b := himmelblauTerms(p); return b }},
		},
		Partials: []Expr{
			{partialX, "4x·a + 2b", func(n func(float64) string, p Vec) string {
				a, b := himmelblauTerms(p)
				return "4 × " + paren(n, p[0]) + " × " + paren(n, a) + " + 2 × " + paren(n, b)
			}, nil},
			{partialY, "2a + 4y·b", func(n func(float64) string, p Vec) string {
				a, b := himmelblauTerms(p)
				return "2 × " + paren(n, a) + " + 4 × " + paren(n, p[1]) + " × " + paren(n, b)
			}, nil},
		},
		Minima: []Vec{
			{3, 2},
			{-2.805118086952745, 3.131312518250573},
			{-3.779310253377747, -3.2831859912861696},
			{3.5844283403304917, -1.8481265269644036},
		},
		Start: Vec{0, 0}, defaults: s, land: landHimmelblau,
	}
}

// Objectives returns the loss landscapes in the order `f` cycles them: the
// four 1-D ones, then the five 2-D ones.
func Objectives() []Objective {
	return []Objective{Quadratic(), Steep(), Quartic(), Bumpy(), Bowl(), Rosenbrock(), Beale(), Saddle(), Himmelblau()}
}

// ObjectivesIn returns the landscapes of dim coordinates, in the order of
// Objectives.
func ObjectivesIn(dim int) []Objective {
	var out []Objective
	for _, o := range Objectives() {
		if o.Dim == dim {
			out = append(out, o)
		}
	}
	return out
}

// ObjectiveNames lists the landscapes' names joined by "|", for messages.
func ObjectiveNames() string {
	objs := Objectives()
	names := make([]string, 0, len(objs))
	for _, o := range objs {
		names = append(names, o.Name)
	}
	return strings.Join(names, "|")
}

// ObjectiveByName returns the landscape called name (case-insensitive).
func ObjectiveByName(name string) (Objective, error) {
	for _, o := range Objectives() {
		if strings.EqualFold(name, o.Name) {
			return o, nil
		}
	}
	return Objective{}, fmt.Errorf("unknown function %q: want one of %s", name, ObjectiveNames())
}
