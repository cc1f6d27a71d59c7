package optimizers

// Objective is a one-dimensional loss function with its exact derivative and
// its global minimiser, the point the race runs towards.
type Objective struct {
	// Name is the identifier used by --fn: quadratic.
	Name string
	// Formula is f(x) for display, e.g. "x²".
	Formula string
	// ASCIIFormula is f(x) spelled with ASCII only, e.g. "x^2".
	ASCIIFormula string
	// F returns f(x).
	F func(x float64) float64
	// Grad returns f'(x).
	Grad func(x float64) float64
	// Minimizer is the global minimiser x*.
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
