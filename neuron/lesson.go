package neuron

// Phase is one step of the lesson within an iteration: the forward pass
// left to right, the gradients right to left, then the update.
type Phase int

// The phases of an iteration, in the order a keypress advances them.
const (
	// Start shows the neuron before anything is computed (iteration 1 only:
	// later iterations begin where the previous update left off).
	Start Phase = iota
	// Multiply computes each product xᵢ·wᵢ.
	Multiply
	// Sum adds the products and the bias.
	Sum
	// Activate applies the ReLU: the neuron's output.
	Activate
	// ReLUGrad is ∂ReLU/∂sum, the first link of the chain.
	ReLUGrad
	// SumGrad is ∂sum/∂(xᵢ·wᵢ) = 1, so ∂out/∂(xᵢ·wᵢ) = ∂ReLU/∂sum.
	SumGrad
	// WeightGrad0, WeightGrad1 and WeightGrad2 write out the chain rule to
	// one weight each: ∂out/∂wᵢ = ∂ReLU/∂sum × ∂sum/∂(xᵢ·wᵢ) × xᵢ.
	WeightGrad0
	WeightGrad1
	WeightGrad2
	// BiasGrad is ∂out/∂b = ∂ReLU/∂sum × ∂sum/∂b.
	BiasGrad
	// Update applies w ← w − α·∂out/∂w and b ← b − α·∂out/∂b and shows the
	// new output.
	Update

	// NumPhases is the number of phases.
	NumPhases int = iota
)

// Weight returns i when p is WeightGrad<i>.
func (p Phase) Weight() (int, bool) {
	if p >= WeightGrad0 && p <= WeightGrad2 {
		return int(p - WeightGrad0), true
	}
	return 0, false
}

// Forward reports whether p is a phase of the forward pass.
func (p Phase) Forward() bool { return p >= Multiply && p <= Activate }

// Backward reports whether p is a phase of the backward pass.
func (p Phase) Backward() bool { return p >= ReLUGrad && p <= BiasGrad }

// Lesson steps through the neuron's iterations one phase at a time. Its
// zero value is not usable; make one with NewLesson. A Lesson is a small
// value: copies share the history of parameters, which only ever grows with
// values that are recomputed identically, so stepping a copy never changes
// what another copy shows.
type Lesson struct {
	// history[k] are the parameters iteration k+1 starts from; history[0]
	// are the lesson's starting parameters. Stepping back never recomputes,
	// so it restores every number exactly.
	history []Params
	// iter is the current iteration's index into history.
	iter  int
	phase Phase
}

// NewLesson returns a lesson at the start of iteration 1 with parameters p,
// or the error of p.Validate: a parameter out of range, or parameters whose
// first forward pass is.
func NewLesson(p Params) (Lesson, error) {
	if err := p.Validate(); err != nil {
		return Lesson{}, err
	}
	return Lesson{history: []Params{p}}, nil
}

// Params returns the parameters the lesson started from.
func (l Lesson) Params() Params {
	if len(l.history) == 0 {
		return Params{}
	}
	return l.history[0]
}

// Iteration returns the current iteration, computed in full; what of it is
// on screen depends on the phase.
func (l Lesson) Iteration() Iteration {
	if len(l.history) == 0 {
		return Iteration{}
	}
	return Step(l.history[l.iter], l.iter+1)
}

// Phase returns the current phase.
func (l Lesson) Phase() Phase { return l.phase }

// Step advances one phase; after Update it begins the next iteration, from
// the updated parameters, at Multiply. It reports whether it moved: the
// lesson stops at an update that overflows (see Stopped).
func (l *Lesson) Step() bool {
	if len(l.history) == 0 || l.Stopped() {
		return false
	}
	if l.phase < Update {
		l.phase++
		return true
	}
	if l.iter+1 == len(l.history) {
		l.history = append(l.history, l.Iteration().Next)
	}
	l.iter++
	l.phase = Multiply
	return true
}

// Stopped reports whether the lesson can go no further: it shows an update
// that took a value out of float64's range (Iteration.Overflow), from which
// no further iteration means anything. NewLesson refuses parameters whose
// first forward pass overflows, so every phase before that update is finite.
func (l Lesson) Stopped() bool {
	return len(l.history) > 0 && l.phase == Update && l.Iteration().Overflow() != nil
}

// Back steps back one phase, to the previous iteration's Update from the
// start of a later one. It reports whether there was a phase to go back to.
func (l *Lesson) Back() bool {
	switch {
	case l.phase > Multiply || (l.phase == Multiply && l.iter == 0):
		l.phase--
	case l.phase == Multiply:
		l.iter--
		l.phase = Update
	default:
		return false
	}
	return true
}

// Reset returns to the start of iteration 1, keeping the history.
func (l *Lesson) Reset() { l.iter, l.phase = 0, Start }
