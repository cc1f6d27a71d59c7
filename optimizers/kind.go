// Package optimizers implements the five gradient-descent optimizers of the
// lecture (GD, GD with momentum, AdaGrad, RMSProp and Adam) on a landscape
// of one coordinate or two (each rule then runs per coordinate, as numpy
// runs the lecture's code on arrays), bit for bit as the lecture's Python
// code computes them, with the same bits on every architecture and build;
// the landscapes; settings and lanes. It is pure math: no terminal, file or
// network code lives here.
package optimizers

import (
	"fmt"
	"slices"
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

// kindSpec is what tells the optimizers apart, apart from their settings
// and their update rule's code (Optimizer.Step): names, the rule as text,
// and the quantities of State each has. Every method of Kind reads kinds,
// the one table.
type kindSpec struct {
	// id is the short identifier of flags and files.
	id string
	// name is the short display name, title the lecture's full one.
	name, title string
	// rule is the update rule as the lecture's code applies it.
	rule string
	// quantities are the numbers of State the optimizer has, each with its
	// rank (Quantity.Keep).
	quantities []Quantity
}

// kinds is the table of the five optimizers, indexed by Kind. It is never
// changed after initialisation.
var kinds = [NumKinds]kindSpec{
	GD: {
		id: "gd", name: "GD", title: "Gradient Descent (GD)",
		rule:       "θ ← θ − α·g",
		quantities: rank([]Quantity{qX, qF, qGrad, qStep}, "x", "f", "grad", "step"),
	},
	Momentum: {
		id: "gdm", name: "GDM", title: "Gradient Descent with Momentum (GDM)",
		rule: "v ← γ·v − α·g; θ ← θ + v",
		// GDM's step is −velocity, so it has no column of its own.
		quantities: rank([]Quantity{qX, qF, qGrad, qVelocity}, "x", "f", "velocity", "grad"),
	},
	AdaGrad: {
		id: "adagrad", name: "AdaGrad", title: "Adaptive Gradient Algorithm (AdaGrad)",
		rule:       "θ ← θ − α·g/(√G+ε)",
		quantities: rank([]Quantity{qX, qF, qGrad, qG, qLR, qStep}, "x", "f", "lr", "G", "grad", "step"),
	},
	RMSProp: {
		id: "rmsprop", name: "RMSProp", title: "Root Mean Square Propagation (RMSProp)",
		rule:       "θ ← θ − α·g/(√E[g²]+ε)",
		quantities: rank([]Quantity{qX, qF, qGrad, qEG2, qLR, qStep}, "x", "f", "lr", "Eg2", "grad", "step"),
	},
	Adam: {
		id: "adam", name: "Adam", title: "Adaptive Moment Estimation (Adam)",
		rule:       "θ ← θ − α·m̂/(√v̂+ε)",
		quantities: rank([]Quantity{qX, qF, qGrad, qM, qV, qMHat, qVHat, qLR, qStep}, "x", "f", "m", "v", "step", "m_hat", "v_hat", "lr", "grad"),
	},
}

// valid reports whether k is one of the five.
func (k Kind) valid() bool { return k >= 0 && k < NumKinds }

// Kinds returns the five optimizers in the lecture's order.
func Kinds() []Kind { return []Kind{GD, Momentum, AdaGrad, RMSProp, Adam} }

// ID returns the short identifier used by flags and files: gd, gdm, adagrad, rmsprop, adam.
func (k Kind) ID() string {
	if !k.valid() {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kinds[k].id
}

// String returns the short display name: GD, GDM, AdaGrad, RMSProp, Adam.
func (k Kind) String() string {
	if !k.valid() {
		return k.ID()
	}
	return kinds[k].name
}

// Title returns the lecture's full name of the optimizer.
func (k Kind) Title() string {
	if !k.valid() {
		return k.ID()
	}
	return kinds[k].title
}

// Rule returns the update rule as the lecture's code applies it, on one line.
func (k Kind) Rule() string {
	if !k.valid() {
		return ""
	}
	return kinds[k].rule
}

// Quantities returns the numbers optimizer k has, most telling first after
// x, f(x) and g: GDM's velocity; AdaGrad's G, effective learning rate and
// step; RMSProp's E[g²], effective learning rate and step; Adam's m, v, m̂,
// v̂, step and effective learning rate. GDM's step is −velocity, so it has
// no column of its own. The slice is the caller's.
func (k Kind) Quantities() []Quantity {
	if !k.valid() {
		return []Quantity{qX, qF, qGrad}
	}
	return slices.Clone(kinds[k].quantities)
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
