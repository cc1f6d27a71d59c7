package optimizers

import (
	"fmt"
	"math"
	"strings"
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
}

// Quadratic returns the lecture's objective f(x) = x², with f'(x) = 2x and x* = 0.
func Quadratic() Objective {
	return Objective{
		Name:         "quadratic",
		Formula:      "x²",
		ASCIIFormula: "x^2",
		// x*x is correctly rounded, as Python's x**2 is; math.Pow may be an ulp off.
		F:         func(x float64) float64 { return x * x },
		Grad:      func(x float64) float64 { return 2 * x },
		Minimizer: 0,
	}
}

// Steep returns f(x) = 10x²: GD at the lecture's α = 0.1 maps x to −x and
// bounces forever.
func Steep() Objective {
	return Objective{
		Name:         "steep",
		Formula:      "10x²",
		ASCIIFormula: "10x^2",
		F:            func(x float64) float64 { return 10 * (x * x) },
		Grad:         func(x float64) float64 { return 20 * x },
		Minimizer:    0,
	}
}

// Quartic returns f(x) = x⁴, flat at the bottom and steep far out: GD at
// α = 0.1 from 10 jumps to −390 and diverges.
func Quartic() Objective {
	return Objective{
		Name:         "quartic",
		Formula:      "x⁴",
		ASCIIFormula: "x^4",
		F:            func(x float64) float64 { x2 := x * x; return x2 * x2 },
		Grad:         func(x float64) float64 { return 4 * (x * x * x) },
		Minimizer:    0,
	}
}

// Bumpy returns f(x) = x² + 10·sin(x), which is not convex: a local minimum
// near x ≈ 3.8375 and the global one near x ≈ −1.3064. From 10, GD at
// α = 0.1 settles in the local one; momentum carries on to the global one.
func Bumpy() Objective {
	return Objective{
		Name:         "bumpy",
		Formula:      "x² + 10·sin(x)",
		ASCIIFormula: "x^2 + 10 sin(x)",
		F:            func(x float64) float64 { return x*x + 10*math.Sin(x) },
		Grad:         func(x float64) float64 { return 2*x + 10*math.Cos(x) },
		Minimizer:    bumpyMinimizer(-1.3),
	}
}

// bumpyMinimizer solves f'(x) = 2x + 10·cos(x) = 0 by Newton's method from
// x, where f”(x) = 2 − 10·sin(x) > 0, to full float64 precision.
func bumpyMinimizer(x float64) float64 {
	for range 100 {
		next := x - (2*x+10*math.Cos(x))/(2-10*math.Sin(x))
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
