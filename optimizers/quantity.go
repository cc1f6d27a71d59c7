package optimizers

// Quantity is one number of an optimizer's State, named as the lecture names
// it, so that tables, exports and charts agree on what each column is.
type Quantity struct {
	// Key names the quantity in CSV headers and JSON: x, f, grad, velocity, G, Eg2, m, v, m_hat, v_hat, lr, step.
	Key string
	// Symbol is the lecture's symbol for table headers: x, f(x), g, v, G, E[g²], m, v, m̂, v̂, lr, step.
	Symbol string
	// Get reads the quantity from a state.
	Get func(State) float64
	// Keep ranks how telling the quantity is for its optimizer: narrow
	// tables keep the lowest ranks (x and f(x) are 0 and 1).
	Keep int
	// FromStep marks a result of an iteration (g, lr, step, m̂, v̂), which
	// has no value at t = 0.
	FromStep bool
}

// rank returns qs with Keep set from order, the keys from most to least telling.
func rank(qs []Quantity, order ...string) []Quantity {
	for i := range qs {
		for r, key := range order {
			if qs[i].Key == key {
				qs[i].Keep = r
			}
		}
	}
	return qs
}

var (
	qX        = Quantity{Key: "x", Symbol: "x", Get: func(s State) float64 { return s.X }}
	qF        = Quantity{Key: "f", Symbol: "f(x)", Get: func(s State) float64 { return s.F }}
	qGrad     = Quantity{Key: "grad", Symbol: "g", Get: func(s State) float64 { return s.Grad }, FromStep: true}
	qVelocity = Quantity{Key: "velocity", Symbol: "v", Get: func(s State) float64 { return s.Velocity }}
	qG        = Quantity{Key: "G", Symbol: "G", Get: func(s State) float64 { return s.G }}
	qEG2      = Quantity{Key: "Eg2", Symbol: "E[g²]", Get: func(s State) float64 { return s.EG2 }}
	qM        = Quantity{Key: "m", Symbol: "m", Get: func(s State) float64 { return s.M }}
	qV        = Quantity{Key: "v", Symbol: "v", Get: func(s State) float64 { return s.V }}
	qMHat     = Quantity{Key: "m_hat", Symbol: "m̂", Get: func(s State) float64 { return s.MHat }, FromStep: true}
	qVHat     = Quantity{Key: "v_hat", Symbol: "v̂", Get: func(s State) float64 { return s.VHat }, FromStep: true}
	qLR       = Quantity{Key: "lr", Symbol: "lr", Get: func(s State) float64 { return s.EffectiveLR }, FromStep: true}
	qStep     = Quantity{Key: "step", Symbol: "step", Get: func(s State) float64 { return s.Step }, FromStep: true}
)

// AllQuantities returns every quantity any optimizer has, in a fixed order,
// for exports with one column set.
func AllQuantities() []Quantity {
	return []Quantity{qX, qF, qGrad, qVelocity, qG, qEG2, qM, qV, qMHat, qVHat, qLR, qStep}
}
