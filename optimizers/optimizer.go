package optimizers

import (
	"math"

	"github.com/optirace/optirace/optimizers/internal/crmath"
)

// State is one optimizer after T iterations, with every internal quantity the
// lecture names, so that views can show them. Every quantity but f is kept
// per coordinate, as numpy keeps the lecture's arrays elementwise: [0] is
// x's, [1] is y's on a 2-D landscape and stays 0 on a 1-D one. Fields an
// optimizer does not use stay zero.
type State struct {
	// T is the number of iterations taken.
	T int
	// X is the parameter θ (the lecture's x, and y on a 2-D landscape).
	X Vec
	// F is f(X).
	F float64
	// Grad is the gradient g the last iteration used, taken at the previous X
	// (zero at T = 0).
	Grad Vec
	// Velocity is GD with momentum's v.
	Velocity Vec
	// G is AdaGrad's running sum of squared gradients.
	G Vec
	// EG2 is RMSProp's decaying average of squared gradients E[g²].
	EG2 Vec
	// M and V are Adam's first and second moments; MHat and VHat their bias
	// corrections m̂ and v̂.
	M, V, MHat, VHat Vec
	// EffectiveLR is the learning rate the last iteration applied: α for GD
	// and GDM, α/(√G+ε) for AdaGrad, α/(√E[g²]+ε) for RMSProp, α/(√v̂+ε) for Adam.
	EffectiveLR Vec
	// Step is what the last iteration subtracted from X: X(T) = X(T−1) − Step.
	Step Vec
}

// rule is an update rule on a landscape of one or two coordinates: Step's
// switch. The 1-D rules are the kinds' numbers.
type rule int

const (
	gd1 rule = iota
	momentum1
	adaGrad1
	rmsProp1
	adam1
	gd2
	momentum2
	adaGrad2
	rmsProp2
	adam2
)

// Optimizer is one of the five update rules with its hyperparameters, ready
// to step. It is a small value; copies share its immutable tables, and Step
// allocates nothing.
type Optimizer struct {
	rule rule
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
	return NewLane(s.Lane(k), obj)
}

// NewLane returns lane l's optimizer on objective obj, or an error naming
// the first setting of l out of range (Lane.Check).
func NewLane(l Lane, obj Objective) (Optimizer, error) {
	if err := l.Check(); err != nil {
		return Optimizer{}, err
	}
	k, h := l.Kind, l.Hyper
	o := Optimizer{rule: rule(k), kind: k, obj: obj, lr: h.LR, eps: h.Eps}
	if obj.Dim == 2 {
		o.rule += gd2
	}
	switch k {
	case Momentum:
		o.gamma = h.Momentum
	case RMSProp:
		o.gamma = h.Decay
	case Adam:
		o.beta1, o.beta2 = h.Beta1, h.Beta2
		o.pow1, o.pow2 = crmath.NewPowers(h.Beta1), crmath.NewPowers(h.Beta2)
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

// Start returns the state at T = 0, at p (p[1] is dropped on a 1-D
// landscape).
func (o Optimizer) Start(p Vec) State {
	if o.obj.Dim == 1 {
		return State{X: Vec{p[0]}, F: o.obj.f1(p[0])}
	}
	return State{X: p, F: o.obj.f2(p)}
}

// Step advances s by one iteration of the lecture's update rule, in place
// (a State is too big to copy cheaply in a hot loop). Every product is
// rounded before it is added (float64(…) forbids a fused multiply-add) and
// every operation runs in the order of the lecture's code, so the results
// are bit-identical to the lecture's Python on every architecture and build.
// On a 2-D landscape each rule runs per coordinate, as numpy runs the
// lecture's code on arrays, with both partial derivatives taken at the old
// point.
func (o *Optimizer) Step(s *State) {
	// One function with the rules: each step is one call, with the
	// lecture's gradient and loss inlined, each rule reads the state into
	// locals and writes every quantity back once, and the compiler sees
	// that s does not escape (through a function value chosen in New it
	// could not, and every State stepped from the stack would move to the
	// heap). The 1-D rules come first and touch only [0]: the lecture's
	// race runs them. Each case quotes the lecture's lines it computes.
	switch o.rule {
	case gd1:
		g := o.obj.grad1(s.X[0])
		// x = x - learning_rate * grad
		step := float64(o.lr * g)
		x := s.X[0] - step
		s.T++
		s.Grad[0], s.EffectiveLR[0], s.Step[0], s.X[0] = g, o.lr, step, x
		s.F = o.obj.f1(x)
	case momentum1:
		g := o.obj.grad1(s.X[0])
		// velocity = momentum_factor * velocity - learning_rate * grad
		v := float64(o.gamma*s.Velocity[0]) - float64(o.lr*g)
		// x = x + velocity
		x := s.X[0] + v
		s.T++
		s.Grad[0], s.Velocity[0], s.EffectiveLR[0], s.Step[0], s.X[0] = g, v, o.lr, -v, x
		s.F = o.obj.f1(x)
	case adaGrad1:
		g := o.obj.grad1(s.X[0])
		// grad_squared_sum += grad**2
		sum := s.G[0] + float64(g*g)
		// adjusted_learning_rate = learning_rate / (np.sqrt(grad_squared_sum) + epsilon)
		lr := o.lr / (math.Sqrt(sum) + o.eps)
		// x = x - adjusted_learning_rate * grad
		step := float64(lr * g)
		x := s.X[0] - step
		s.T++
		s.Grad[0], s.G[0], s.EffectiveLR[0], s.Step[0], s.X[0] = g, sum, lr, step, x
		s.F = o.obj.f1(x)
	case rmsProp1:
		g := o.obj.grad1(s.X[0])
		// grad_squared_avg = decay_rate * grad_squared_avg + (1 - decay_rate) * grad**2
		avg := float64(o.gamma*s.EG2[0]) + float64(o.oneMinusGamma*float64(g*g))
		// adjusted_learning_rate = learning_rate / (np.sqrt(grad_squared_avg) + epsilon)
		lr := o.lr / (math.Sqrt(avg) + o.eps)
		// x = x - adjusted_learning_rate * grad
		step := float64(lr * g)
		x := s.X[0] - step
		s.T++
		s.Grad[0], s.EG2[0], s.EffectiveLR[0], s.Step[0], s.X[0] = g, avg, lr, step, x
		s.F = o.obj.f1(x)
	case adam1:
		g := o.obj.grad1(s.X[0])
		t := s.T + 1
		// m = beta1 * m + (1 - beta1) * grad
		m := float64(o.beta1*s.M[0]) + float64(o.oneMinusBeta1*g)
		// v = beta2 * v + (1 - beta2) * grad**2
		v := float64(o.beta2*s.V[0]) + float64(o.oneMinusBeta2*float64(g*g))
		// m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t), with beta**t
		// correctly rounded as C's pow gives it (math.Pow(0.9, 6) is an ulp off).
		mHat := m / o.pow1.OneMinus(t)
		vHat := v / o.pow2.OneMinus(t)
		denom := math.Sqrt(vHat) + o.eps
		// x = x - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
		step := float64(o.lr*mHat) / denom
		x := s.X[0] - step
		s.T = t
		s.Grad[0], s.M[0], s.V[0], s.MHat[0], s.VHat[0], s.Step[0], s.X[0] = g, m, v, mHat, vHat, step, x
		s.EffectiveLR[0] = o.lr / denom
		s.F = o.obj.f1(x)
	case gd2:
		g := o.obj.grad2(s.X)
		var step, x Vec
		for i := range step {
			step[i] = float64(o.lr * g[i])
			x[i] = s.X[i] - step[i]
		}
		s.T++
		s.Grad, s.EffectiveLR, s.Step, s.X = g, Vec{o.lr, o.lr}, step, x
		s.F = o.obj.f2(x)
	case momentum2:
		g := o.obj.grad2(s.X)
		var v, x Vec
		for i := range v {
			v[i] = float64(o.gamma*s.Velocity[i]) - float64(o.lr*g[i])
			x[i] = s.X[i] + v[i]
		}
		s.T++
		s.Grad, s.Velocity, s.EffectiveLR, s.Step, s.X = g, v, Vec{o.lr, o.lr}, Vec{-v[0], -v[1]}, x
		s.F = o.obj.f2(x)
	case adaGrad2:
		g := o.obj.grad2(s.X)
		var sum, lr, step, x Vec
		for i := range sum {
			sum[i] = s.G[i] + float64(g[i]*g[i])
			lr[i] = o.lr / (math.Sqrt(sum[i]) + o.eps)
			step[i] = float64(lr[i] * g[i])
			x[i] = s.X[i] - step[i]
		}
		s.T++
		s.Grad, s.G, s.EffectiveLR, s.Step, s.X = g, sum, lr, step, x
		s.F = o.obj.f2(x)
	case rmsProp2:
		g := o.obj.grad2(s.X)
		var avg, lr, step, x Vec
		for i := range avg {
			avg[i] = float64(o.gamma*s.EG2[i]) + float64(o.oneMinusGamma*float64(g[i]*g[i]))
			lr[i] = o.lr / (math.Sqrt(avg[i]) + o.eps)
			step[i] = float64(lr[i] * g[i])
			x[i] = s.X[i] - step[i]
		}
		s.T++
		s.Grad, s.EG2, s.EffectiveLR, s.Step, s.X = g, avg, lr, step, x
		s.F = o.obj.f2(x)
	case adam2:
		g := o.obj.grad2(s.X)
		// One step count t for both coordinates, so one bias correction.
		t := s.T + 1
		c1, c2 := o.pow1.OneMinus(t), o.pow2.OneMinus(t)
		var m, v, mHat, vHat, lr, step, x Vec
		for i := range m {
			m[i] = float64(o.beta1*s.M[i]) + float64(o.oneMinusBeta1*g[i])
			v[i] = float64(o.beta2*s.V[i]) + float64(o.oneMinusBeta2*float64(g[i]*g[i]))
			mHat[i] = m[i] / c1
			vHat[i] = v[i] / c2
			denom := math.Sqrt(vHat[i]) + o.eps
			step[i] = float64(o.lr*mHat[i]) / denom
			x[i] = s.X[i] - step[i]
			lr[i] = o.lr / denom
		}
		s.T = t
		s.Grad, s.M, s.V, s.MHat, s.VHat, s.EffectiveLR, s.Step, s.X = g, m, v, mHat, vHat, lr, step, x
		s.F = o.obj.f2(x)
	}
}
