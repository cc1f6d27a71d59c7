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
}

var (
	qX        = Quantity{"x", "x", func(s State) float64 { return s.X }}
	qF        = Quantity{"f", "f(x)", func(s State) float64 { return s.F }}
	qGrad     = Quantity{"grad", "g", func(s State) float64 { return s.Grad }}
	qVelocity = Quantity{"velocity", "v", func(s State) float64 { return s.Velocity }}
	qG        = Quantity{"G", "G", func(s State) float64 { return s.G }}
	qEG2      = Quantity{"Eg2", "E[g²]", func(s State) float64 { return s.EG2 }}
	qM        = Quantity{"m", "m", func(s State) float64 { return s.M }}
	qV        = Quantity{"v", "v", func(s State) float64 { return s.V }}
	qMHat     = Quantity{"m_hat", "m̂", func(s State) float64 { return s.MHat }}
	qVHat     = Quantity{"v_hat", "v̂", func(s State) float64 { return s.VHat }}
	qLR       = Quantity{"lr", "lr", func(s State) float64 { return s.EffectiveLR }}
	qStep     = Quantity{"step", "step", func(s State) float64 { return s.Step }}
)

// Quantities returns the numbers optimizer k has, most telling first after
// x, f(x) and g: GDM's velocity; AdaGrad's G and effective learning rate;
// RMSProp's E[g²] and effective learning rate; Adam's m, v, m̂, v̂ and step.
func (k Kind) Quantities() []Quantity {
	switch k {
	case GD:
		return []Quantity{qX, qF, qGrad, qStep}
	case Momentum:
		return []Quantity{qX, qF, qGrad, qVelocity}
	case AdaGrad:
		return []Quantity{qX, qF, qGrad, qG, qLR}
	case RMSProp:
		return []Quantity{qX, qF, qGrad, qEG2, qLR}
	case Adam:
		return []Quantity{qX, qF, qGrad, qM, qV, qMHat, qVHat, qStep}
	}
	return []Quantity{qX, qF, qGrad}
}

// AllQuantities returns every quantity any optimizer has, in a fixed order,
// for exports with one column set.
func AllQuantities() []Quantity {
	return []Quantity{qX, qF, qGrad, qVelocity, qG, qEG2, qM, qV, qMHat, qVHat, qLR, qStep}
}
