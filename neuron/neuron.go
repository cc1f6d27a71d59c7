// Package neuron computes the lecture's single ReLU neuron: the forward pass
// (products, sum, ReLU), the chain-rule gradients of its output with respect
// to each weight and the bias, and one gradient-descent update. Lesson steps
// through those phases one at a time, as the lecture's slides do. The
// package is pure arithmetic: it draws nothing and keeps no global state.
package neuron

import (
	"math"
	"strconv"
	"strings"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/wording"
)

// NumInputs is the number of inputs, and so of weights, of the lecture's neuron.
const NumInputs = 3

// Params are the neuron's inputs x, weights w, bias b and the learning rate
// α of its update.
type Params struct {
	X, W [NumInputs]float64
	B    float64
	LR   float64
}

// Lecture returns the lecture's example: x = [1, −2, 3], w = [−3, −1, 2],
// b = 1, α = 0.01.
func Lecture() Params {
	return Params{
		X:  [NumInputs]float64{1, -2, 3},
		W:  [NumInputs]float64{-3, -1, 2},
		B:  1,
		LR: 0.01,
	}
}

// Forward is the forward pass: each input times its weight, their sum plus
// the bias, and the ReLU of that sum, which is the neuron's output.
type Forward struct {
	Products [NumInputs]float64 // xᵢ·wᵢ
	Sum      float64            // x₀w₀ + x₁w₁ + x₂w₂ + b
	Out      float64            // ReLU(Sum) = max(Sum, 0)
}

// Forward runs the forward pass. The products are rounded before they are
// added (float64(…) forbids a fused multiply-add), and added left to right
// then the bias, as the lecture's Python does, so the results are
// bit-identical to it on every platform.
func (p Params) Forward() Forward {
	var f Forward
	for i := range NumInputs {
		f.Products[i] = float64(p.X[i] * p.W[i])
	}
	f.Sum = f.Products[0]
	for i := 1; i < NumInputs; i++ {
		f.Sum += f.Products[i]
	}
	f.Sum += p.B
	f.Out = ReLU(f.Sum)
	return f
}

// ReLU returns max(z, 0).
func ReLU(z float64) float64 {
	if z > 0 {
		return z
	}
	return 0
}

// ReLUDerivative returns ∂ReLU(z)/∂z: 1 when z > 0, else 0 (the lecture's
// 1(z > 0), which takes 0 at z = 0).
func ReLUDerivative(z float64) float64 {
	if z > 0 {
		return 1
	}
	return 0
}

// Gradients are the backward pass: every local derivative on the way from
// the output back to the weights and bias, and their chain-rule products.
type Gradients struct {
	// DOut is ∂out/∂out = 1, where the chain starts (the lecture's
	// "derivative received from the next layer", of which there is none).
	DOut float64
	// DReLU is ∂ReLU(sum)/∂sum, 1 or 0: the gradient the ReLU passes back,
	// so also ∂out/∂sum.
	DReLU float64
	// DSumDProduct is ∂sum/∂(xᵢ·wᵢ) and DSumDB is ∂sum/∂b; both are 1.
	DSumDProduct, DSumDB float64
	// DProduct is ∂out/∂(xᵢ·wᵢ) = DReLU × DSumDProduct, the same for every i.
	DProduct float64
	// DProductDW is ∂(xᵢ·wᵢ)/∂wᵢ = xᵢ.
	DProductDW [NumInputs]float64
	// DW is ∂out/∂wᵢ = DReLU × DSumDProduct × DProductDW[i].
	DW [NumInputs]float64
	// DB is ∂out/∂b = DReLU × DSumDB.
	DB float64
}

// Backward applies the chain rule from the output back to the weights and
// bias, given the forward pass f. When the ReLU is dead (its input ≤ 0)
// every gradient is exactly 0 (never −0, which would print as "-0.0").
func (p Params) Backward(f Forward) Gradients {
	g := Gradients{
		DOut:         1,
		DReLU:        ReLUDerivative(f.Sum),
		DSumDProduct: 1,
		DSumDB:       1,
		DProductDW:   p.X,
	}
	if g.DReLU == 0 {
		return g
	}
	g.DProduct = g.DReLU * g.DSumDProduct
	for i := range NumInputs {
		g.DW[i] = g.DReLU * g.DSumDProduct * g.DProductDW[i]
	}
	g.DB = g.DReLU * g.DSumDB
	return g
}

// Update returns the parameters after one gradient-descent step,
// w ← w − α·∂out/∂w and b ← b − α·∂out/∂b; x and α are unchanged.
func (p Params) Update(g Gradients) Params {
	next := p
	for i := range NumInputs {
		next.W[i] = p.W[i] - float64(p.LR*g.DW[i])
	}
	next.B = p.B - float64(p.LR*g.DB)
	return next
}

// Iteration is one full pass of the lesson: forward, backward and update.
type Iteration struct {
	// N counts iterations from 1.
	N int
	// Params are the parameters the iteration starts from.
	Params  Params
	Forward Forward
	Grad    Gradients
	// Next are the updated parameters and NextOut the output they give.
	Next    Params
	NextOut float64
}

// Dead reports whether the ReLU's input is a finite number ≤ 0, so that no
// gradient flows and the update leaves the weights and bias as they are. A
// sum out of float64's range (±Inf, or NaN from Inf − Inf) is an overflow,
// never a dead ReLU, although ReLU'(−Inf) and ReLU'(NaN) are 0 too.
func (it Iteration) Dead() bool { return it.Grad.DReLU == 0 && finite(it.Forward.Sum) }

// Overflow names the values that left float64's range in the update, or in
// the forward pass from the updated parameters that gives the new output:
// the weights and bias ("w1", "b") when any of them did, else the products
// ("x0·w0") when any did, else "sum". It is nil when every value is finite.
// Only the first kind is named, since the later ones follow from it. A
// Lesson stops at an iteration whose update overflows.
func (it Iteration) Overflow() []string {
	var names []string
	for i, w := range it.Next.W {
		if !finite(w) {
			names = append(names, "w"+strconv.Itoa(i))
		}
	}
	if !finite(it.Next.B) {
		names = append(names, "b")
	}
	if names != nil {
		return names
	}
	return it.Next.Forward().overflow()
}

// OverflowNote is what the lesson says when the update overflows, e.g.
// "overflow: w1 and w2 left float64's range; the lesson stops here — lower
// α", or "" when every value is finite.
func (it Iteration) OverflowNote() string {
	names := it.Overflow()
	if names == nil {
		return ""
	}
	return "overflow: " + wording.List(names) + " left float64's range; the lesson stops here — lower α"
}

// overflow names the products that are not finite, else "sum" when the sum
// is not; nil when all are finite.
func (f Forward) overflow() []string {
	var names []string
	for i, v := range f.Products {
		if !finite(v) {
			names = append(names, product(i))
		}
	}
	if names == nil && !finite(f.Sum) {
		names = []string{"sum"}
	}
	return names
}

// finite reports whether v is neither ±Inf nor NaN.
func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// product names the i-th product, "x0·w0".
func product(i int) string { return "x" + strconv.Itoa(i) + "·w" + strconv.Itoa(i) }

// Step runs iteration n from parameters p.
func Step(p Params, n int) Iteration {
	f := p.Forward()
	g := p.Backward(f)
	next := p.Update(g)
	return Iteration{N: n, Params: p, Forward: f, Grad: g, Next: next, NextOut: next.Forward().Out}
}

// Field describes one editable number of the neuron: its key (also its flag
// name), its symbol on screen and the values it accepts. Flags and the
// editor are built from Fields, so both validate alike, and alike with the
// race's hyperparameters.
type Field struct {
	// Key is the flag name without dashes: "x0", "w2", "b", "lr".
	Key string
	// Symbol is how the screen writes it: x0, w2, b, α.
	Symbol string
	// Domain is the set of allowed values: any finite number, or for α a
	// finite number > 0.
	Domain optimizers.Domain
	// Usage is a one-line description for help texts.
	Usage string

	field func(*Params) *float64
}

// Get returns the field's value in p.
func (f Field) Get(p Params) float64 { return *f.field(&p) }

// Set validates v and stores it in p; on error p is unchanged.
func (f Field) Set(p *Params, v float64) error {
	if err := f.Domain.Check(f.Key, v); err != nil {
		return err
	}
	*f.field(p) = v
	return nil
}

// Fields returns every editable number: the inputs, the weights, the bias
// and the learning rate, in that order.
func Fields() []Field {
	x := func(i int) func(*Params) *float64 { return func(p *Params) *float64 { return &p.X[i] } }
	w := func(i int) func(*Params) *float64 { return func(p *Params) *float64 { return &p.W[i] } }
	fs := make([]Field, 0, 2*NumInputs+2)
	for i := range NumInputs {
		fs = append(fs, Field{
			Key: "x" + strconv.Itoa(i), Symbol: "x" + strconv.Itoa(i), Domain: optimizers.Finite,
			Usage: "input x" + strconv.Itoa(i), field: x(i),
		})
	}
	for i := range NumInputs {
		fs = append(fs, Field{
			Key: "w" + strconv.Itoa(i), Symbol: "w" + strconv.Itoa(i), Domain: optimizers.Finite,
			Usage: "starting weight w" + strconv.Itoa(i), field: w(i),
		})
	}
	return append(fs,
		Field{Key: "b", Symbol: "b", Domain: optimizers.Finite, Usage: "starting bias b", field: func(p *Params) *float64 { return &p.B }},
		Field{Key: "lr", Symbol: "α", Domain: optimizers.Positive, Usage: "learning rate α of the update", field: func(p *Params) *float64 { return &p.LR }},
	)
}

// Validate checks every field and returns the first error, naming the field
// and what it allows ("lr must be a finite number > 0, got 0"). Fields that
// are each in range but whose first forward pass is not (x0 = w0 = 1e200)
// give a *RangeError: a lesson that began with ±Inf or NaN would teach
// nothing, and NaN would pass for a dead ReLU.
func (p Params) Validate() error {
	for _, f := range Fields() {
		if err := f.Domain.Check(f.Key, f.Get(p)); err != nil {
			return err
		}
	}
	f := p.Forward()
	if bad := f.overflow(); bad != nil {
		return &RangeError{Keys: p.overflowKeys(f), Values: bad}
	}
	return nil
}

// overflowKeys names the fields behind f's overflow: the input and weight
// of every product out of range; else, when the sum is, those of each term
// (product or bias) of the sum's sign within a factor of 16 of float64's
// largest number — the terms that push it out of range.
func (p Params) overflowKeys(f Forward) []string {
	var keys []string
	for i, v := range f.Products {
		if !finite(v) {
			keys = append(keys, "x"+strconv.Itoa(i), "w"+strconv.Itoa(i))
		}
	}
	if keys != nil {
		return keys
	}
	big := func(v float64) bool { return v*f.Sum > 0 && math.Abs(v) >= math.MaxFloat64/16 }
	for i, v := range f.Products {
		if big(v) {
			keys = append(keys, "x"+strconv.Itoa(i), "w"+strconv.Itoa(i))
		}
	}
	if big(p.B) {
		keys = append(keys, "b")
	}
	return keys
}

// RangeError reports parameters, each in its own range, whose first forward
// pass is not: a product xᵢ·wᵢ or the sum beyond ±math.MaxFloat64.
type RangeError struct {
	// Keys name the fields to change, e.g. ["x0", "w0"]; they are also the
	// flags' names and the editor's symbols.
	Keys []string
	// Values name what overflows: products ("x0·w0") or "sum".
	Values []string
}

// Error implements error: "x0, w0: x0·w0 is beyond float64's range
// (±1.8e308)".
func (e *RangeError) Error() string { return strings.Join(e.Keys, ", ") + ": " + e.Reason() }

// Reason is the error without the keys: "x0·w0 is beyond float64's range
// (±1.8e308)", for callers that name the fields their own way (as flags).
func (e *RangeError) Reason() string {
	const beyond = " beyond float64's range (±1.8e308)"
	switch {
	case len(e.Values) == 1 && e.Values[0] == "sum":
		return "the sum x0·w0 + x1·w1 + x2·w2 + b is" + beyond
	case len(e.Values) == 1:
		return e.Values[0] + " is" + beyond
	}
	return wording.List(e.Values) + " are" + beyond
}
