package optimizers

import (
	"fmt"
	"math"
	"strconv"

	"github.com/optirace/optirace/numfmt"
)

// Settings holds every hyperparameter of the race: the shared start point and
// ε, and each optimizer's own.
type Settings struct {
	// X0 and Y0 are the start point (x₀, y₀) shared by every optimizer; a
	// 1-D landscape ignores Y0.
	X0, Y0 float64
	// Eps is ε, added outside the square root by AdaGrad, RMSProp and Adam.
	Eps float64
	// LR is each optimizer's learning rate α, indexed by Kind.
	LR [NumKinds]float64
	// Momentum is γ of GD with momentum.
	Momentum float64
	// Decay is γ of RMSProp, the decay rate of E[g²].
	Decay float64
	// Beta1 and Beta2 are Adam's decay rates of m and v.
	Beta1, Beta2 float64
}

// LectureSteps is the number of iterations the lecture's tables print.
const LectureSteps = 25

// Start returns the start point (x₀, y₀).
func (s Settings) Start() Vec { return Vec{s.X0, s.Y0} }

// Defaults returns the lecture's settings, from x₀ = 10 (and y₀ = 0).
func Defaults() Settings {
	return Settings{
		X0:       10,
		Eps:      1e-8,
		LR:       [NumKinds]float64{GD: 0.1, Momentum: 0.1, AdaGrad: 1, RMSProp: 1, Adam: 0.5},
		Momentum: 0.9,
		Decay:    0.9,
		Beta1:    0.9,
		Beta2:    0.999,
	}
}

// Domain is the set of values a parameter accepts.
type Domain int

// The domains of the lecture's hyperparameters.
const (
	// Finite accepts any finite number (x₀).
	Finite Domain = iota
	// Positive accepts finite numbers > 0 (α, ε).
	Positive
	// UnitInterval accepts numbers in [0, 1) (γ, β₁, β₂).
	UnitInterval
)

// String describes the domain for messages: "a finite number > 0".
func (d Domain) String() string {
	switch d {
	case Finite:
		return "a finite number"
	case Positive:
		return "a finite number > 0"
	case UnitInterval:
		return "a number in [0, 1)"
	}
	return "a number"
}

// Contains reports whether v is in the domain.
func (d Domain) Contains(v float64) bool {
	switch d {
	case Finite:
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	case Positive:
		return !math.IsInf(v, 0) && v > 0 // NaN fails v > 0
	case UnitInterval:
		return v >= 0 && v < 1
	}
	return false
}

// Check returns a *ParamError naming key and the domain if v is outside it.
func (d Domain) Check(key string, v float64) error {
	if !d.Contains(v) {
		return &ParamError{Key: key, Value: v, Domain: d}
	}
	return nil
}

// Parse reads a number typed for this domain, or says in a few words why
// it is refused: "empty", "not a number", "too large", or
// "must be …" (the domain).
func (d Domain) Parse(text string) (float64, error) {
	return numfmt.ParseDecimal(text, d.String(), d.Contains)
}

// Param describes one hyperparameter: its key (also its flag name), symbol,
// owner and domain. Flags, the editor and validation are all built from Params.
type Param struct {
	// Key is the flag name without dashes: "gdm.momentum", "x0".
	Key string
	// Symbol is the lecture's symbol: α, γ, β₁, β₂, ε, x₀.
	Symbol string
	// Shared marks a parameter of every optimizer (x₀, ε); Owner is then unset.
	Shared bool
	// Owner is the optimizer the parameter belongs to.
	Owner Kind
	// Domain is the set of allowed values.
	Domain Domain
	// Usage is a one-line description for help texts.
	Usage string
	// Brief is Usage without the optimizer's name, for beside a field of an
	// editor titled with it.
	Brief string

	field func(*Settings) *float64
}

// Get returns the parameter's value in s.
func (p Param) Get(s Settings) float64 { return *p.field(&s) }

// Set validates v and stores it in s; on error s is unchanged.
func (p Param) Set(s *Settings, v float64) error {
	if err := p.Check(v); err != nil {
		return err
	}
	*p.field(s) = v
	return nil
}

// Check returns a *ParamError naming p and its domain if v is outside it.
func (p Param) Check(v float64) error { return p.Domain.Check(p.Key, v) }

// lrBrief is every learning rate's Brief.
const lrBrief = "learning rate α"

// Params returns every hyperparameter: x0 and eps, then each optimizer's in the lecture's order.
func Params() []Param {
	lr := func(k Kind) func(*Settings) *float64 { return func(s *Settings) *float64 { return &s.LR[k] } }
	return []Param{
		{Key: "x0", Symbol: "x₀", Shared: true, Domain: Finite, Usage: "start point shared by all optimizers", Brief: "start point, shared by all five", field: func(s *Settings) *float64 { return &s.X0 }},
		{Key: epsKey, Symbol: "ε", Shared: true, Domain: Positive, Usage: "ε added outside the √ (AdaGrad, RMSProp, Adam)", Brief: "ε outside the √, shared", field: func(s *Settings) *float64 { return &s.Eps }},
		{Key: "gd.lr", Symbol: "α", Owner: GD, Domain: Positive, Usage: "GD learning rate α", Brief: lrBrief, field: lr(GD)},
		{Key: "gdm.lr", Symbol: "α", Owner: Momentum, Domain: Positive, Usage: "GD with momentum learning rate α", Brief: lrBrief, field: lr(Momentum)},
		{Key: "gdm.momentum", Symbol: "γ", Owner: Momentum, Domain: UnitInterval, Usage: "GD with momentum coefficient γ", Brief: "momentum coefficient γ", field: func(s *Settings) *float64 { return &s.Momentum }},
		{Key: "adagrad.lr", Symbol: "α", Owner: AdaGrad, Domain: Positive, Usage: "AdaGrad learning rate α", Brief: lrBrief, field: lr(AdaGrad)},
		{Key: "rmsprop.lr", Symbol: "α", Owner: RMSProp, Domain: Positive, Usage: "RMSProp learning rate α", Brief: lrBrief, field: lr(RMSProp)},
		{Key: "rmsprop.decay", Symbol: "γ", Owner: RMSProp, Domain: UnitInterval, Usage: "RMSProp decay rate γ of E[g²]", Brief: "decay rate γ of E[g²]", field: func(s *Settings) *float64 { return &s.Decay }},
		{Key: "adam.lr", Symbol: "α", Owner: Adam, Domain: Positive, Usage: "Adam learning rate α", Brief: lrBrief, field: lr(Adam)},
		{Key: "adam.beta1", Symbol: "β₁", Owner: Adam, Domain: UnitInterval, Usage: "Adam decay rate β₁ of the first moment m", Brief: "decay rate β₁ of m", field: func(s *Settings) *float64 { return &s.Beta1 }},
		{Key: "adam.beta2", Symbol: "β₂", Owner: Adam, Domain: UnitInterval, Usage: "Adam decay rate β₂ of the second moment v", Brief: "decay rate β₂ of v", field: func(s *Settings) *float64 { return &s.Beta2 }},
	}
}

// Y0Param returns the y coordinate of the start point, y₀, a parameter of
// the 2-D landscapes only (Params leaves it out).
func Y0Param() Param {
	return Param{
		Key: "y0", Symbol: "y₀", Shared: true, Domain: Finite, Usage: "start point's y, shared by all optimizers (2-D landscapes)",
		Brief: "start point's y, shared", field: func(s *Settings) *float64 { return &s.Y0 },
	}
}

// ParamsOf returns the parameters that affect optimizer k: the shared ones
// (x₀ and, for the adaptive methods, ε) and k's own.
func ParamsOf(k Kind) []Param {
	var ps []Param
	for _, p := range Params() {
		if (!p.Shared && p.Owner == k) || p.Key == "x0" || (p.Key == epsKey && k != GD && k != Momentum) {
			ps = append(ps, p)
		}
	}
	return ps
}

// ParamError reports a hyperparameter outside its domain.
type ParamError struct {
	Key    string
	Value  float64
	Domain Domain
}

// Error implements error: "gdm.momentum must be a number in [0, 1), got 1.5".
func (e *ParamError) Error() string {
	return fmt.Sprintf("%s must be %s, got %s", e.Key, e.Domain, strconv.FormatFloat(e.Value, 'g', -1, 64))
}

// Validate checks every parameter, y₀ too, and returns the first error,
// naming the parameter and its allowed range.
func (s Settings) Validate() error {
	if err := s.check(Params()); err != nil {
		return err
	}
	return s.check([]Param{Y0Param()})
}

// validateFor checks the parameters that optimizer k uses (ParamsOf).
func (s Settings) validateFor(k Kind) error { return s.check(ParamsOf(k)) }

func (s Settings) check(ps []Param) error {
	for _, p := range ps {
		if err := p.Check(p.Get(s)); err != nil {
			return err
		}
	}
	return nil
}
