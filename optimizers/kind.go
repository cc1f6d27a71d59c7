// Package optimizers implements the five gradient-descent optimizers of the
// lecture (GD, GD with momentum, AdaGrad, RMSProp and Adam) on a
// one-dimensional objective, bit for bit as the lecture's Python code computes
// them. It is pure math: no terminal, file or network code lives here.
package optimizers

import (
	"fmt"
	"strings"
)

// Kind names one of the lecture's five optimizers.
type Kind int

// The five optimizers, in the lecture's order.
const (
	GD Kind = iota
	Momentum
	AdaGrad
	RMSProp
	Adam
)

// NumKinds is the number of optimizers; arrays indexed by Kind have this length.
const NumKinds = 5

// Kinds returns the five optimizers in the lecture's order.
func Kinds() []Kind { return []Kind{GD, Momentum, AdaGrad, RMSProp, Adam} }

// ID returns the short identifier used by flags and files: gd, gdm, adagrad, rmsprop, adam.
func (k Kind) ID() string {
	switch k {
	case GD:
		return "gd"
	case Momentum:
		return "gdm"
	case AdaGrad:
		return "adagrad"
	case RMSProp:
		return "rmsprop"
	case Adam:
		return "adam"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// String returns the short display name: GD, GDM, AdaGrad, RMSProp, Adam.
func (k Kind) String() string {
	switch k {
	case GD:
		return "GD"
	case Momentum:
		return "GDM"
	case AdaGrad:
		return "AdaGrad"
	case RMSProp:
		return "RMSProp"
	case Adam:
		return "Adam"
	}
	return k.ID()
}

// Title returns the lecture's full name of the optimizer.
func (k Kind) Title() string {
	switch k {
	case GD:
		return "Gradient Descent (GD)"
	case Momentum:
		return "Gradient Descent with Momentum (GDM)"
	case AdaGrad:
		return "Adaptive Gradient Algorithm (AdaGrad)"
	case RMSProp:
		return "Root Mean Square Propagation (RMSProp)"
	case Adam:
		return "Adaptive Moment Estimation (Adam)"
	}
	return k.ID()
}

// Rule returns the update rule as the lecture's code applies it, on one line.
func (k Kind) Rule() string {
	switch k {
	case GD:
		return "θ ← θ − α·g"
	case Momentum:
		return "v ← γ·v − α·g; θ ← θ + v"
	case AdaGrad:
		return "θ ← θ − α·g/(√G+ε)"
	case RMSProp:
		return "θ ← θ − α·g/(√E[g²]+ε)"
	case Adam:
		return "θ ← θ − α·m̂/(√v̂+ε)"
	}
	return ""
}

// ParseKind returns the Kind whose ID is s (case-insensitive).
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if strings.EqualFold(s, k.ID()) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown optimizer %q: want one of %s", s, KindIDs())
}

// KindIDs lists the IDs joined by "|", for messages and usage lines.
func KindIDs() string {
	ids := make([]string, 0, NumKinds)
	for _, k := range Kinds() {
		ids = append(ids, k.ID())
	}
	return strings.Join(ids, "|")
}
