package optimizers

import (
	"fmt"
	"strings"

	"github.com/optirace/optirace/optimizers/internal/crmath"
)

// Objective is a one-dimensional loss function with its exact derivative and
// its global minimiser, the point the race runs towards.
type Objective struct {
	// Name is the identifier used by --fn: quadratic, steep, quartic, bumpy.
	Name string
	// Formula is f(x) for display, e.g. "x²".
	Formula string
	// ASCIIFormula is f(x) spelled with ASCII only, e.g. "x^2".
	ASCIIFormula string
	// F returns f(x).
	F func(x float64) float64
	// Grad returns f'(x).
	Grad func(x float64) float64
	// Minimizer is the global minimiser x*, to full float64 precision.
	Minimizer float64

	// land names a built-in landscape, so that a step computes its
	// gradient and value inline instead of through F and Grad; an
	// Objective made elsewhere (landCustom) is called through them.
	land landscape
}

// landscape identifies the built-in objectives.
type landscape int

const (
	landCustom landscape = iota
	landQuadratic
	landSteep
	landQuartic
	landBumpy
)

// Every landscape is written as a Python port of the lecture evaluates it:
// each product rounded before it is added (float64(…) forbids a fused
// multiply-add), and x**2, x**3, x**4, sin and cos correctly rounded, as
// the C library's pow, sin and cos that Python calls are in nearly every
// case (x·x is x**2 correctly rounded; x·x·x rounds twice, so x**3 and x**4
// come from crmath).

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

// f returns the objective at x. The lecture's x² is computed inline (f and
// grad are small enough for the compiler to inline them into a step); the
// others go through value.
func (o *Objective) f(x float64) float64 {
	if o.land == landQuadratic {
		return quadraticF(x)
	}
	return o.value(x)
}

// grad returns the derivative at x, inline for the lecture's x² (see f).
func (o *Objective) grad(x float64) float64 {
	if o.land == landQuadratic {
		return quadraticGrad(x)
	}
	return o.slope(x)
}

// value is f for every landscape.
func (o *Objective) value(x float64) float64 {
	switch o.land {
	case landQuadratic:
		return quadraticF(x)
	case landSteep:
		return steepF(x)
	case landQuartic:
		return quarticF(x)
	case landBumpy:
		return bumpyF(x)
	case landCustom:
	}
	return o.F(x)
}

// slope is grad for every landscape.
func (o *Objective) slope(x float64) float64 {
	switch o.land {
	case landQuadratic:
		return quadraticGrad(x)
	case landSteep:
		return steepGrad(x)
	case landQuartic:
		return quarticGrad(x)
	case landBumpy:
		return bumpyGrad(x)
	case landCustom:
	}
	return o.Grad(x)
}

// Quadratic returns the lecture's objective f(x) = x², with f'(x) = 2x and x* = 0.
func Quadratic() Objective {
	return Objective{
		Name: "quadratic", Formula: "x²", ASCIIFormula: "x^2",
		F: quadraticF, Grad: quadraticGrad, Minimizer: 0, land: landQuadratic,
	}
}

// Steep returns f(x) = 10x²: GD at the lecture's α = 0.1 maps x to −x and
// bounces forever.
func Steep() Objective {
	return Objective{
		Name: "steep", Formula: "10x²", ASCIIFormula: "10x^2",
		F: steepF, Grad: steepGrad, Minimizer: 0, land: landSteep,
	}
}

// Quartic returns f(x) = x⁴, flat at the bottom and steep far out: GD at
// α = 0.1 from 10 jumps to −390 and diverges.
func Quartic() Objective {
	return Objective{
		Name: "quartic", Formula: "x⁴", ASCIIFormula: "x^4",
		F: quarticF, Grad: quarticGrad, Minimizer: 0, land: landQuartic,
	}
}

// Bumpy returns f(x) = x² + 10·sin(x), which is not convex: a local minimum
// near x ≈ 3.8375 and the global one near x ≈ −1.3064. From 10, GD at
// α = 0.1 settles in the local one; momentum carries on to the global one.
func Bumpy() Objective {
	return Objective{
		Name: "bumpy", Formula: "x² + 10·sin(x)", ASCIIFormula: "x^2 + 10 sin(x)",
		F: bumpyF, Grad: bumpyGrad, Minimizer: bumpyMinimizer(-1.3), land: landBumpy,
	}
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

// Objectives returns the loss landscapes in the order `f` cycles them.
func Objectives() []Objective {
	return []Objective{Quadratic(), Steep(), Quartic(), Bumpy()}
}

// ObjectiveNames lists the landscapes' names joined by "|", for messages.
func ObjectiveNames() string {
	names := make([]string, 0, 4)
	for _, o := range Objectives() {
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
