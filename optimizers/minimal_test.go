package optimizers

import (
	"math"
	"testing"

	"github.com/optirace/optirace/optimizers/internal/crmath"
)

// The minimal loops are the speed limit of each update rule's arithmetic:
// the lecture's loop on f(x) = x², hand-written with the same operations
// and roundings as Step, every quantity Step stores kept in a local
// variable, Adam's 1 − βᵗ read from a table of every t built beforehand.
// What is left is the chain of multiplications, square roots and divisions
// each step must run after the previous one. BenchmarkMinimalLoop times
// them beside BenchmarkStep, in the same run (bench/engine.sh), each run
// starting where the previous one ended (startAfter), and
// TestMinimalLoopsAreExact checks they compute what Step computes.

// minimalShape is one loop shape of BenchmarkStep: runs of steps from x₀ = 10.
type minimalShape struct{ runs, steps int }

// minimalLoop runs the shape and returns the last run's final state.
type minimalLoop func(sh minimalShape, s Settings, oneMinus1, oneMinus2 []float64) State

func minimalGD(sh minimalShape, s Settings, _, _ []float64) State {
	lr := s.LR[GD]
	var x, f, g, step float64
	for range sh.runs {
		x = startAfter(x)
		for range sh.steps {
			g = 2 * x
			step = float64(lr * g)
			x -= step
			f = x * x
		}
	}
	return State{T: sh.steps, X: Vec{x}, F: f, Grad: Vec{g}, EffectiveLR: Vec{lr}, Step: Vec{step}}
}

func minimalMomentum(sh minimalShape, s Settings, _, _ []float64) State {
	lr, gamma := s.LR[Momentum], s.Momentum
	var x, f, g, v float64
	for range sh.runs {
		x, v = startAfter(x), 0
		for range sh.steps {
			g = 2 * x
			v = float64(gamma*v) - float64(lr*g)
			x += v
			f = x * x
		}
	}
	return State{T: sh.steps, X: Vec{x}, F: f, Grad: Vec{g}, Velocity: Vec{v}, EffectiveLR: Vec{lr}, Step: Vec{-v}}
}

func minimalAdaGrad(sh minimalShape, s Settings, _, _ []float64) State {
	lr, eps := s.LR[AdaGrad], s.Eps
	var x, f, g, sum, rate, step float64
	for range sh.runs {
		x, sum = startAfter(x), 0
		for range sh.steps {
			g = 2 * x
			sum += float64(g * g)
			rate = lr / (math.Sqrt(sum) + eps)
			step = float64(rate * g)
			x -= step
			f = x * x
		}
	}
	return State{T: sh.steps, X: Vec{x}, F: f, Grad: Vec{g}, G: Vec{sum}, EffectiveLR: Vec{rate}, Step: Vec{step}}
}

func minimalRMSProp(sh minimalShape, s Settings, _, _ []float64) State {
	lr, eps, gamma := s.LR[RMSProp], s.Eps, s.Decay
	oneMinusGamma := 1 - gamma
	var x, f, g, avg, rate, step float64
	for range sh.runs {
		x, avg = startAfter(x), 0
		for range sh.steps {
			g = 2 * x
			avg = float64(gamma*avg) + float64(oneMinusGamma*float64(g*g))
			rate = lr / (math.Sqrt(avg) + eps)
			step = float64(rate * g)
			x -= step
			f = x * x
		}
	}
	return State{T: sh.steps, X: Vec{x}, F: f, Grad: Vec{g}, EG2: Vec{avg}, EffectiveLR: Vec{rate}, Step: Vec{step}}
}

func minimalAdam(sh minimalShape, s Settings, oneMinus1, oneMinus2 []float64) State {
	lr, eps, beta1, beta2 := s.LR[Adam], s.Eps, s.Beta1, s.Beta2
	oneMinusBeta1, oneMinusBeta2 := 1-beta1, 1-beta2
	var x, f, g, m, v, mHat, vHat, rate, step float64
	for range sh.runs {
		x, m, v = startAfter(x), 0, 0
		for t := 1; t <= sh.steps; t++ {
			g = 2 * x
			m = float64(beta1*m) + float64(oneMinusBeta1*g)
			v = float64(beta2*v) + float64(oneMinusBeta2*float64(g*g))
			mHat = m / oneMinus1[t]
			vHat = v / oneMinus2[t]
			denom := math.Sqrt(vHat) + eps
			step = float64(lr*mHat) / denom
			x -= step
			rate = lr / denom
			f = x * x
		}
	}
	return State{T: sh.steps, X: Vec{x}, F: f, Grad: Vec{g}, M: Vec{m}, V: Vec{v}, MHat: Vec{mHat}, VHat: Vec{vHat}, EffectiveLR: Vec{rate}, Step: Vec{step}}
}

// minimalLoops is the minimal loop of each kind.
var minimalLoops = [NumKinds]minimalLoop{
	GD: minimalGD, Momentum: minimalMomentum, AdaGrad: minimalAdaGrad, RMSProp: minimalRMSProp, Adam: minimalAdam,
}

// The in-State loops are the minimal loops with the state kept where Step
// must keep it, in a State in memory, read and written through a pointer
// each step: the speed limit of the same update behind Step's signature.
// The difference from the minimal loops is what that costs: x makes a round
// trip through memory on the chain from one step to the next.

func inStateGD(sh minimalShape, s Settings, _, _ []float64) State {
	st := new(State)
	for range sh.runs {
		*st = State{X: Vec{startAfter(st.X[0])}}
		for range sh.steps {
			g := 2 * st.X[0]
			step := float64(s.LR[GD] * g)
			x := st.X[0] - step
			st.T++
			st.Grad[0], st.EffectiveLR[0], st.Step[0], st.X[0] = g, s.LR[GD], step, x
			st.F = x * x
		}
	}
	return *st
}

func inStateMomentum(sh minimalShape, s Settings, _, _ []float64) State {
	st := new(State)
	for range sh.runs {
		*st = State{X: Vec{startAfter(st.X[0])}}
		for range sh.steps {
			g := 2 * st.X[0]
			v := float64(s.Momentum*st.Velocity[0]) - float64(s.LR[Momentum]*g)
			x := st.X[0] + v
			st.T++
			st.Grad[0], st.Velocity[0], st.EffectiveLR[0], st.Step[0], st.X[0] = g, v, s.LR[Momentum], -v, x
			st.F = x * x
		}
	}
	return *st
}

func inStateAdaGrad(sh minimalShape, s Settings, _, _ []float64) State {
	st := new(State)
	for range sh.runs {
		*st = State{X: Vec{startAfter(st.X[0])}}
		for range sh.steps {
			g := 2 * st.X[0]
			sum := st.G[0] + float64(g*g)
			rate := s.LR[AdaGrad] / (math.Sqrt(sum) + s.Eps)
			step := float64(rate * g)
			x := st.X[0] - step
			st.T++
			st.Grad[0], st.G[0], st.EffectiveLR[0], st.Step[0], st.X[0] = g, sum, rate, step, x
			st.F = x * x
		}
	}
	return *st
}

func inStateRMSProp(sh minimalShape, s Settings, _, _ []float64) State {
	st := new(State)
	oneMinusGamma := 1 - s.Decay
	for range sh.runs {
		*st = State{X: Vec{startAfter(st.X[0])}}
		for range sh.steps {
			g := 2 * st.X[0]
			avg := float64(s.Decay*st.EG2[0]) + float64(oneMinusGamma*float64(g*g))
			rate := s.LR[RMSProp] / (math.Sqrt(avg) + s.Eps)
			step := float64(rate * g)
			x := st.X[0] - step
			st.T++
			st.Grad[0], st.EG2[0], st.EffectiveLR[0], st.Step[0], st.X[0] = g, avg, rate, step, x
			st.F = x * x
		}
	}
	return *st
}

func inStateAdam(sh minimalShape, s Settings, oneMinus1, oneMinus2 []float64) State {
	st := new(State)
	oneMinusBeta1, oneMinusBeta2 := 1-s.Beta1, 1-s.Beta2
	for range sh.runs {
		*st = State{X: Vec{startAfter(st.X[0])}}
		for range sh.steps {
			g := 2 * st.X[0]
			t := st.T + 1
			m := float64(s.Beta1*st.M[0]) + float64(oneMinusBeta1*g)
			v := float64(s.Beta2*st.V[0]) + float64(oneMinusBeta2*float64(g*g))
			mHat := m / oneMinus1[t]
			vHat := v / oneMinus2[t]
			denom := math.Sqrt(vHat) + s.Eps
			step := float64(s.LR[Adam]*mHat) / denom
			x := st.X[0] - step
			st.T = t
			st.Grad[0], st.M[0], st.V[0], st.MHat[0], st.VHat[0], st.Step[0], st.X[0] = g, m, v, mHat, vHat, step, x
			st.EffectiveLR[0] = s.LR[Adam] / denom
			st.F = x * x
		}
	}
	return *st
}

// inStateLoops is the in-State loop of each kind.
var inStateLoops = [NumKinds]minimalLoop{
	GD: inStateGD, Momentum: inStateMomentum, AdaGrad: inStateAdaGrad, RMSProp: inStateRMSProp, Adam: inStateAdam,
}

// oneMinusTables returns 1 − β₁ᵗ and 1 − β₂ᵗ for t = 0 … steps.
func oneMinusTables(s Settings, steps int) (oneMinus1, oneMinus2 []float64) {
	p1, p2 := crmath.NewPowers(s.Beta1), crmath.NewPowers(s.Beta2)
	oneMinus1, oneMinus2 = make([]float64, steps+1), make([]float64, steps+1)
	for t := range oneMinus1 {
		oneMinus1[t], oneMinus2[t] = p1.OneMinus(t), p2.OneMinus(t)
	}
	return oneMinus1, oneMinus2
}

// TestMinimalLoopsAreExact: each minimal loop ends where Step does, with
// the same quantities, bit for bit, so the benchmark compares like with like.
func TestMinimalLoopsAreExact(t *testing.T) {
	s := Defaults()
	for _, steps := range []int{1, 25, 3000} {
		oneMinus1, oneMinus2 := oneMinusTables(s, steps)
		for _, k := range Kinds() {
			want := run(t, k, s, steps)[steps-1]
			if got := minimalLoops[k](minimalShape{runs: 2, steps: steps}, s, oneMinus1, oneMinus2); got != want {
				t.Errorf("%v after %d steps: minimal loop %+v, Step %+v", k, steps, got, want)
			}
			if got := inStateLoops[k](minimalShape{runs: 2, steps: steps}, s, oneMinus1, oneMinus2); got != want {
				t.Errorf("%v after %d steps: in-State loop %+v, Step %+v", k, steps, got, want)
			}
		}
	}
}

// BenchmarkMinimalLoop times each minimal loop in BenchmarkStep's shapes,
// and the same loop in a State (…/in-state), reported as ns/step.
func BenchmarkMinimalLoop(b *testing.B) {
	for _, shape := range benchShapes {
		s := Defaults()
		oneMinus1, oneMinus2 := oneMinusTables(s, shape.steps)
		for _, k := range Kinds() {
			for _, variant := range []struct {
				suffix string
				loops  [NumKinds]minimalLoop
			}{{"", minimalLoops}, {"/in-state", inStateLoops}} {
				b.Run(shape.name+"/"+k.ID()+variant.suffix, func(b *testing.B) {
					b.ReportAllocs()
					var st State
					for b.Loop() {
						st = variant.loops[k](minimalShape{shape.runs, shape.steps}, s, oneMinus1, oneMinus2)
					}
					reportPerStep(b, shape.runs*shape.steps)
					if math.IsNaN(st.X[0]) {
						b.Fatal("diverged")
					}
				})
			}
		}
	}
}
