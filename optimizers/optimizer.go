package optimizers

import (
	"math"

	"github.com/optirace/optirace/optimizers/internal/crmath"
)

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
// to step. It is a small value; copies share its immutable tables, and Step
// allocates nothing.
type Optimizer struct {
	kind Kind
	obj  Objective

	lr, gamma, eps float64
	beta1, beta2   float64
	// oneMinus* are the lecture's (1 - γ), (1 - β₁), (1 - β₂), rounded as
	// Python rounds them each iteration.
	oneMinusGamma, oneMinusBeta1, oneMinusBeta2 float64
	// pow1 and pow2 give Adam's 1 − β₁ᵗ and 1 − β₂ᵗ; nil for the others.
	pow1, pow2 *crmath.Powers
}

// New returns optimizer k on objective obj with the settings it uses, or an
// error naming the first parameter out of range.
func New(k Kind, s Settings, obj Objective) (Optimizer, error) {
	if !k.valid() {
		return Optimizer{}, KindError(k)
	}
	if err := s.validateFor(k); err != nil {
		return Optimizer{}, err
	}
	o := Optimizer{kind: k, obj: obj, lr: s.LR[k], eps: s.Eps}
	switch k {
	case Momentum:
		o.gamma = s.Momentum
	case RMSProp:
		o.gamma = s.Decay
	case Adam:
		o.beta1, o.beta2 = s.Beta1, s.Beta2
		o.pow1, o.pow2 = crmath.NewPowers(s.Beta1), crmath.NewPowers(s.Beta2)
	case GD, AdaGrad:
	}
	o.oneMinusGamma = 1 - o.gamma
	o.oneMinusBeta1 = 1 - o.beta1
	o.oneMinusBeta2 = 1 - o.beta2
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
	return State{X: x0, F: o.obj.f(x0)}
}

// Step advances s by one iteration of the lecture's update rule, in place
// (a State is too big to copy cheaply in a hot loop). Every product is
// rounded before it is added (float64(…) forbids a fused multiply-add) and
// every operation runs in the order of the lecture's code, so the results
// are bit-identical to the lecture's Python on every architecture and build.
func (o *Optimizer) Step(s *State) {
	// One function with the five rules: each step is one call, with the
	// lecture's gradient and loss inlined, each rule reads the state into
	// locals and writes every quantity back once, and the compiler sees
	// that s does not escape (through a function value chosen in New it
	// could not, and every State stepped from the stack, as a race's next
	// snapshot, would move to the heap). Each case quotes the lecture's
	// lines it computes.
	switch o.kind {
	case GD:
		g := o.obj.grad(s.X)
		// x = x - learning_rate * grad
		step := float64(o.lr * g)
		x := s.X - step
		s.T++
		s.Grad, s.EffectiveLR, s.Step, s.X = g, o.lr, step, x
		s.F = o.obj.f(x)
	case Momentum:
		g := o.obj.grad(s.X)
		// velocity = momentum_factor * velocity - learning_rate * grad
		v := float64(o.gamma*s.Velocity) - float64(o.lr*g)
		// x = x + velocity
		x := s.X + v
		s.T++
		s.Grad, s.Velocity, s.EffectiveLR, s.Step, s.X = g, v, o.lr, -v, x
		s.F = o.obj.f(x)
	case AdaGrad:
		g := o.obj.grad(s.X)
		// grad_squared_sum += grad**2
		sum := s.G + float64(g*g)
		// adjusted_learning_rate = learning_rate / (np.sqrt(grad_squared_sum) + epsilon)
		lr := o.lr / (math.Sqrt(sum) + o.eps)
		// x = x - adjusted_learning_rate * grad
		step := float64(lr * g)
		x := s.X - step
		s.T++
		s.Grad, s.G, s.EffectiveLR, s.Step, s.X = g, sum, lr, step, x
		s.F = o.obj.f(x)
	case RMSProp:
		g := o.obj.grad(s.X)
		// grad_squared_avg = decay_rate * grad_squared_avg + (1 - decay_rate) * grad**2
		avg := float64(o.gamma*s.EG2) + float64(o.oneMinusGamma*float64(g*g))
		// adjusted_learning_rate = learning_rate / (np.sqrt(grad_squared_avg) + epsilon)
		lr := o.lr / (math.Sqrt(avg) + o.eps)
		// x = x - adjusted_learning_rate * grad
		step := float64(lr * g)
		x := s.X - step
		s.T++
		s.Grad, s.EG2, s.EffectiveLR, s.Step, s.X = g, avg, lr, step, x
		s.F = o.obj.f(x)
	case Adam:
		g := o.obj.grad(s.X)
		t := s.T + 1
		// m = beta1 * m + (1 - beta1) * grad
		m := float64(o.beta1*s.M) + float64(o.oneMinusBeta1*g)
		// v = beta2 * v + (1 - beta2) * grad**2
		v := float64(o.beta2*s.V) + float64(o.oneMinusBeta2*float64(g*g))
		// m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t), with beta**t
		// correctly rounded as C's pow gives it (math.Pow(0.9, 6) is an ulp off).
		mHat := m / o.pow1.OneMinus(t)
		vHat := v / o.pow2.OneMinus(t)
		denom := math.Sqrt(vHat) + o.eps
		// x = x - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
		step := float64(o.lr*mHat) / denom
		x := s.X - step
		s.T = t
		s.Grad, s.M, s.V, s.MHat, s.VHat, s.Step, s.X = g, m, v, mHat, vHat, step, x
		s.EffectiveLR = o.lr / denom
		s.F = o.obj.f(x)
	}
}
