package optimizers

import "math"

// State is one optimizer after T iterations, with every internal quantity the
// lecture names, so that views can show them. Fields an optimizer does not use
// stay zero.
type State struct {
	// T is the number of iterations taken.
	T int
	// X is the parameter θ (the lecture's x) and F is f(X).
	X, F float64
	// Grad is the gradient g the last iteration used, taken at the previous X
	// (zero at T = 0).
	Grad float64
	// Velocity is GD with momentum's v.
	Velocity float64
	// G is AdaGrad's running sum of squared gradients.
	G float64
	// EG2 is RMSProp's decaying average of squared gradients E[g²].
	EG2 float64
	// M and V are Adam's first and second moments; MHat and VHat their bias
	// corrections m̂ and v̂.
	M, V, MHat, VHat float64
	// EffectiveLR is the learning rate the last iteration applied: α for GD
	// and GDM, α/(√G+ε) for AdaGrad, α/(√E[g²]+ε) for RMSProp, α/(√v̂+ε) for Adam.
	EffectiveLR float64
	// Step is what the last iteration subtracted from X: X(T) = X(T−1) − Step.
	Step float64
}

// Optimizer is one of the five update rules with its hyperparameters, ready
// to step. It is a small value; Step allocates nothing.
type Optimizer struct {
	kind Kind
	obj  Objective

	lr, gamma, eps float64
	beta1, beta2   float64
	// oneMinus* are the lecture's (1 - γ), (1 - β₁), (1 - β₂), rounded as
	// Python rounds them each iteration.
	oneMinusGamma, oneMinusBeta1, oneMinusBeta2 float64
	// cut1 and cut2 are the t from which β₁ᵗ and β₂ᵗ are too small to change 1 − βᵗ.
	cut1, cut2 int
}

// New returns optimizer k on objective obj with the settings it uses, or an
// error naming the first parameter out of range.
func New(k Kind, s Settings, obj Objective) (Optimizer, error) {
	if k < GD || k > Adam {
		return Optimizer{}, KindError(k)
	}
	if err := s.validateFor(k); err != nil {
		return Optimizer{}, err
	}
	o := Optimizer{kind: k, obj: obj, lr: s.LR[k], eps: s.Eps, beta1: s.Beta1, beta2: s.Beta2}
	switch k {
	case Momentum:
		o.gamma = s.Momentum
	case RMSProp:
		o.gamma = s.Decay
	case GD, AdaGrad, Adam:
	}
	o.oneMinusGamma = 1 - o.gamma
	o.oneMinusBeta1 = 1 - o.beta1
	o.oneMinusBeta2 = 1 - o.beta2
	o.cut1 = negligiblePowFrom(o.beta1)
	o.cut2 = negligiblePowFrom(o.beta2)
	return o, nil
}

// KindError is New's error for a Kind outside the five, e.g. Kind(7). (A
// name that is not an optimizer's is ParseKind's error, which lists the
// names.)
type KindError Kind

// Error implements error: "unknown optimizer kind(7)".
func (e KindError) Error() string { return "unknown optimizer " + Kind(e).ID() }

// Kind returns which optimizer o is.
func (o Optimizer) Kind() Kind { return o.kind }

// Objective returns the objective o minimises.
func (o Optimizer) Objective() Objective { return o.obj }

// Start returns the state at T = 0, at x0.
func (o Optimizer) Start(x0 float64) State {
	return State{X: x0, F: o.obj.F(x0)}
}

// Step advances s by one iteration of the lecture's update rule, in place
// (a State is too big to copy cheaply in a hot loop). The float64(…) conversions round each product before it is added,
// which forbids fused multiply-adds: results are bit-identical to the
// lecture's Python on every architecture.
func (o *Optimizer) Step(s *State) {
	g := o.obj.Grad(s.X)
	s.T++
	s.Grad = g
	switch o.kind {
	case GD:
		s.EffectiveLR = o.lr
		s.Step = float64(o.lr * g)
	case Momentum:
		// velocity = momentum_factor * velocity - learning_rate * grad; x = x + velocity
		s.Velocity = float64(o.gamma*s.Velocity) - float64(o.lr*g)
		s.EffectiveLR = o.lr
		s.Step = -s.Velocity
	case AdaGrad:
		// grad_squared_sum += grad**2
		s.G += float64(g * g)
		s.EffectiveLR = o.lr / (math.Sqrt(s.G) + o.eps)
		s.Step = float64(s.EffectiveLR * g)
	case RMSProp:
		// grad_squared_avg = decay_rate * grad_squared_avg + (1 - decay_rate) * grad**2
		s.EG2 = float64(o.gamma*s.EG2) + float64(o.oneMinusGamma*float64(g*g))
		s.EffectiveLR = o.lr / (math.Sqrt(s.EG2) + o.eps)
		s.Step = float64(s.EffectiveLR * g)
	case Adam:
		s.M = float64(o.beta1*s.M) + float64(o.oneMinusBeta1*g)
		s.V = float64(o.beta2*s.V) + float64(o.oneMinusBeta2*float64(g*g))
		s.MHat = s.M / oneMinusPow(o.beta1, s.T, o.cut1)
		s.VHat = s.V / oneMinusPow(o.beta2, s.T, o.cut2)
		denom := math.Sqrt(s.VHat) + o.eps
		s.EffectiveLR = o.lr / denom
		// x = x - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
		s.Step = float64(o.lr*s.MHat) / denom
	}
	if o.kind == Momentum {
		s.X += s.Velocity
	} else {
		s.X -= s.Step
	}
	s.F = o.obj.F(s.X)
}
