package neuron

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestLectureNumbers pins every number of the lecture's slides, bit for bit
// as its Python computes them.
func TestLectureNumbers(t *testing.T) {
	it := Step(Lecture(), 1)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"x0·w0", it.Forward.Products[0], -3},
		{"x1·w1", it.Forward.Products[1], 2},
		{"x2·w2", it.Forward.Products[2], 6},
		{"sum", it.Forward.Sum, 6},
		{"ReLU(sum)", it.Forward.Out, 6},
		{"∂out/∂out", it.Grad.DOut, 1},
		{"∂ReLU/∂sum", it.Grad.DReLU, 1},
		{"∂out/∂(xᵢwᵢ)", it.Grad.DProduct, 1},
		{"∂sum/∂(xᵢwᵢ)", it.Grad.DSumDProduct, 1},
		{"∂sum/∂b", it.Grad.DSumDB, 1},
		{"∂(x0w0)/∂w0", it.Grad.DProductDW[0], 1},
		{"∂(x1w1)/∂w1", it.Grad.DProductDW[1], -2},
		{"∂(x2w2)/∂w2", it.Grad.DProductDW[2], 3},
		{"∂out/∂w0", it.Grad.DW[0], 1},
		{"∂out/∂w1", it.Grad.DW[1], -2},
		{"∂out/∂w2", it.Grad.DW[2], 3},
		{"∂out/∂b", it.Grad.DB, 1},
		{"w0(new)", it.Next.W[0], -3.01},
		{"w1(new)", it.Next.W[1], -0.98},
		{"w2(new)", it.Next.W[2], 1.97},
		{"b(new)", it.Next.B, 0.99},
		{"out(new)", it.NextOut, 5.8500000000000005},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if it.Dead() {
		t.Error("the lecture's ReLU reported dead")
	}
	if it.Next.X != it.Params.X || it.Next.LR != 0.01 {
		t.Errorf("the update changed x or α: %+v", it.Next)
	}
	// The lecture rounds the new output to 5.85; float64 cannot hold 5.85.
	if it.NextOut == 5.85 {
		t.Error("new output is exactly 5.85; Python computes 5.8500000000000005")
	}
}

// TestDeadReLU: when the sum is ≤ 0 the ReLU passes no gradient back, every
// gradient is +0 and the weights and bias stay exactly as they are.
func TestDeadReLU(t *testing.T) {
	for _, b := range []float64{-6, -7, -1e9} { // sum = 0 (the boundary), −1, −1e9+5
		p := Lecture()
		p.B = b
		it := Step(p, 1)
		if !it.Dead() {
			t.Fatalf("b = %v: sum %v, not dead", b, it.Forward.Sum)
		}
		if it.Forward.Out != 0 || it.NextOut != 0 {
			t.Errorf("b = %v: out %v → %v, want 0", b, it.Forward.Out, it.NextOut)
		}
		for i, g := range it.Grad.DW {
			if g != 0 || math.Signbit(g) {
				t.Errorf("b = %v: ∂out/∂w%d = %v, want +0", b, i, g)
			}
		}
		if it.Grad.DB != 0 || math.Signbit(it.Grad.DB) || it.Grad.DReLU != 0 || it.Grad.DProduct != 0 || it.Grad.DOut != 1 {
			t.Errorf("b = %v: gradients %+v", b, it.Grad)
		}
		if it.Next != it.Params {
			t.Errorf("b = %v: the update changed the parameters: %+v → %+v", b, it.Params, it.Next)
		}
		if again := Step(it.Next, 2); again.Next != it.Params {
			t.Errorf("b = %v: the weights moved on the second iteration", b)
		}
	}
}

// TestDescentKillsTheReLU: the lesson minimises the output itself, which
// falls by α(‖x‖² + 1) = 0.15 per iteration until the ReLU's input crosses 0;
// from then on nothing changes.
func TestDescentKillsTheReLU(t *testing.T) {
	p := Lecture()
	n := 1
	for ; n < 100; n++ {
		it := Step(p, n)
		if it.Dead() {
			break
		}
		if d := it.Forward.Out - it.NextOut; math.Abs(d-0.15) > 1e-9 && it.NextOut > 0 {
			t.Fatalf("iteration %d: output fell by %v, want 0.15", n, d)
		}
		p = it.Next
	}
	if n < 40 || n > 42 {
		t.Errorf("the ReLU died at iteration %d, want about 6/0.15 + 1 = 41", n)
	}
}

func TestValidate(t *testing.T) {
	if err := Lecture().Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field string
		value float64
		want  string
	}{
		{"x1", math.NaN(), "x1 must be a finite number, got NaN"},
		{"w2", math.Inf(1), "w2 must be a finite number, got +Inf"},
		{"b", math.Inf(-1), "b must be a finite number, got -Inf"},
		{"lr", 0, "lr must be a finite number > 0, got 0"},
		{"lr", -0.5, "lr must be a finite number > 0, got -0.5"},
		{"lr", math.Inf(1), "lr must be a finite number > 0, got +Inf"},
	}
	for _, c := range cases {
		var f Field
		for _, g := range Fields() {
			if g.Key == c.field {
				f = g
			}
		}
		p := Lecture()
		err := f.Set(&p, c.value)
		if err == nil || err.Error() != c.want {
			t.Errorf("Set %s = %v: error %v, want %q", c.field, c.value, err, c.want)
		}
		if p != Lecture() {
			t.Errorf("a refused Set %s changed the parameters", c.field)
		}
		*f.field(&p) = c.value
		if err := p.Validate(); err == nil || err.Error() != c.want {
			t.Errorf("Validate with %s = %v: %v, want %q", c.field, c.value, err, c.want)
		}
		if _, err := NewLesson(p); err == nil {
			t.Errorf("NewLesson accepted %s = %v", c.field, c.value)
		}
	}
	var keys []string
	for _, f := range Fields() {
		keys = append(keys, f.Key)
	}
	if got := strings.Join(keys, " "); got != "x0 x1 x2 w0 w1 w2 b lr" {
		t.Errorf("fields %s", got)
	}
}

// TestValidateRefusesAnOverflowingForwardPass: fields each finite whose
// first products or sum are not are refused, naming the fields to change.
func TestValidateRefusesAnOverflowingForwardPass(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Params)
		want string
	}{
		{
			"one product", func(p *Params) { p.X[0], p.W[0] = 1e200, 1e200 },
			"x0, w0: x0·w0 is beyond float64's range (±1.8e308)",
		},
		{
			"+Inf and −Inf, whose sum is NaN", func(p *Params) { p.X[0], p.X[1], p.W[0], p.W[1] = 1e308, 1e308, 10, -10 },
			"x0, w0, x1, w1: x0·w0 and x1·w1 are beyond float64's range (±1.8e308)",
		},
		{
			"the sum of finite products", func(p *Params) { p.X[0], p.W[0], p.X[1], p.W[1] = 1e308, 1, -1e308, -1 },
			"x0, w0, x1, w1: the sum x0·w0 + x1·w1 + x2·w2 + b is beyond float64's range (±1.8e308)",
		},
		{
			"the bias pushes the sum out", func(p *Params) { p.X[0], p.W[0], p.B = 1e308, 1, 1.7e308 },
			"x0, w0, b: the sum x0·w0 + x1·w1 + x2·w2 + b is beyond float64's range (±1.8e308)",
		},
		{
			"towards −Inf", func(p *Params) { p.X[2], p.W[2], p.B = -1e308, 1, -1e308 },
			"x2, w2, b: the sum x0·w0 + x1·w1 + x2·w2 + b is beyond float64's range (±1.8e308)",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Lecture()
			c.edit(&p)
			err := p.Validate()
			var r *RangeError
			if !errors.As(err, &r) || err.Error() != c.want {
				t.Fatalf("Validate: %v, want the *RangeError %q", err, c.want)
			}
			if _, err := NewLesson(p); err == nil {
				t.Error("NewLesson accepted it")
			}
		})
	}
	// The largest products whose sum is still finite are fine.
	p := Lecture()
	p.X[0], p.W[0], p.B = 1e154, 1e154, -1e308
	if err := p.Validate(); err != nil {
		t.Errorf("finite forward pass refused: %v", err)
	}
	// A field out of its own range is named first, as before.
	p.LR = 0
	p.X[1], p.W[1] = 1e200, 1e200
	if err := p.Validate(); err == nil || err.Error() != "lr must be a finite number > 0, got 0" {
		t.Errorf("Validate: %v, want the α error first", err)
	}
}

// TestOverflowIsNotADeadReLU: a sum out of range — NaN, +Inf or −Inf — is
// never called a dead ReLU, although ReLU' is 0 there; a finite sum ≤ 0 is.
func TestOverflowIsNotADeadReLU(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Params
		dead bool
	}{
		{"NaN", Params{X: [NumInputs]float64{1e308, 1e308, 0}, W: [NumInputs]float64{10, -10, 0}, LR: 1}, false},
		{"-Inf", Params{X: [NumInputs]float64{1e308, 0, 0}, W: [NumInputs]float64{-10, 0, 0}, LR: 1}, false},
		{"+Inf", Params{X: [NumInputs]float64{1e308, 0, 0}, W: [NumInputs]float64{10, 0, 0}, LR: 1}, false},
		{"-1e308", Params{X: [NumInputs]float64{1e308, 0, 0}, W: [NumInputs]float64{-1, 0, 0}, LR: 1}, true},
		{"0", Params{LR: 1}, true},
	} {
		if got := Step(c.p, 1).Dead(); got != c.dead {
			t.Errorf("sum %s: Dead() = %v, want %v", c.name, got, c.dead)
		}
	}
}

// TestOverflow names what an update took out of float64's range: the
// weights and bias, else the products the new output needs, else the sum.
func TestOverflow(t *testing.T) {
	huge := Lecture()
	huge.LR = 1e308 // w = [−3, −1, 2] − 1e308·[1, −2, 3]
	cases := []struct {
		name string
		p    Params
		want string
	}{
		{"the lecture", Lecture(), ""},
		{"a dead ReLU", Params{X: Lecture().X, W: Lecture().W, B: -7, LR: 1e308}, ""},
		{"weights", huge, "overflow: w1 and w2 left float64's range; the lesson stops here — lower α"},
		// sum = 1.5e308 − 1e308 > 0; b = −1e308 − 1e308, w0 = 0.5e308.
		{
			"the bias",
			Params{X: [NumInputs]float64{1, 0, 0}, W: [NumInputs]float64{1.5e308, 0, 0}, B: -1e308, LR: 1e308},
			"overflow: b left float64's range; the lesson stops here — lower α",
		},
		// w0 = 1 − 1e300·1e5 = −1e305, finite; x0·w0 = −1e310 is not.
		{
			"a product",
			Params{X: [NumInputs]float64{1e5, -2, 3}, W: [NumInputs]float64{1, -1, 2}, B: 1, LR: 1e300},
			"overflow: x0·w0 left float64's range; the lesson stops here — lower α",
		},
		// w = [−1e308, −1e308, 0] and b = 1 − 1e308 are finite, and so
		// are the products; their sum is not.
		{
			"the sum",
			Params{X: [NumInputs]float64{1, 1, 0}, B: 1, LR: 1e308},
			"overflow: sum left float64's range; the lesson stops here — lower α",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.p.Validate(); err != nil {
				t.Fatalf("invalid: %v", err)
			}
			if got := Step(c.p, 1).OverflowNote(); got != c.want {
				t.Errorf("OverflowNote() = %q, want %q", got, c.want)
			}
		})
	}
}
