package race

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

// stopAfter is a context that reports itself cancelled from its (n+1)th look on.
type stopAfter struct {
	context.Context
	looks, n int
}

func (c *stopAfter) Err() error {
	c.looks++
	if c.looks > c.n {
		return context.Canceled
	}
	return nil
}

// TestRunToEndContextStops: a race that would not end for 10⁷ steps (GD
// bounces forever on 10x² at α = 0.1) stops at the first look at a done
// context, and returns its error; a live context runs it as RunToEnd does.
func TestRunToEndContextStops(t *testing.T) {
	steep := func() *Race {
		r, err := New(optimizers.Defaults(), optimizers.Steep())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, looks := range []int{0, 1, 3} {
		r := steep()
		err := r.RunToEndContext(&stopAfter{Context: context.Background(), n: looks}, 10_000_000)
		if !errors.Is(err, context.Canceled) || r.T() != looks*ctxCheckSteps {
			t.Errorf("cancelled at look %d: t = %d, %v; want t = %d, context.Canceled", looks+1, r.T(), err, looks*ctxCheckSteps)
		}
	}

	r, want := steep(), steep()
	if err := r.RunToEndContext(context.Background(), 5000); err != nil {
		t.Fatal(err)
	}
	want.RunToEnd(5000)
	if r.T() != 5000 || !slices.Equal(r.Current(), want.Current()) {
		t.Errorf("t = %d, %+v; want RunToEnd's t = %d, %+v", r.T(), r.Current(), want.T(), want.Current())
	}
}

// TestDivergesIsTheRacesRule: Diverges says a runner's state has diverged
// from the step at which the race marks it diverged on (a diverged runner
// keeps that state), and not before, through each way of diverging (past
// the bound, x overflowing, AdaGrad's G overflowing).
func TestDivergesIsTheRacesRule(t *testing.T) {
	cases := []struct {
		obj optimizers.Objective
		x0  float64
		gd  float64
	}{
		{optimizers.Quadratic(), 10, 1.5},
		{optimizers.Quadratic(), 1e153, 0.1},
		{optimizers.Quartic(), 10, 0.1},
		{optimizers.Steep(), 10, 0.1},
	}
	diverged := 0
	for _, c := range cases {
		s := optimizers.Defaults()
		s.X0, s.LR[optimizers.GD] = c.x0, c.gd
		r, err := New(s, c.obj)
		if err != nil {
			t.Fatal(err)
		}
		bound := DivergenceBound(c.obj, optimizers.Vec{c.x0})
		for r.T() < 300 {
			r.Step()
			for _, k := range optimizers.Kinds() {
				run := r.Runner(int(k))
				if got, want := Diverges(&run.State, &c.obj, bound), run.Diverged(); got != want {
					t.Fatalf("%s on %s from %g, t = %d: Diverges = %v, race says %v", k, c.obj.Formula, c.x0, r.T(), got, want)
				}
				if run.DivergedAt == r.T() {
					diverged++
				}
			}
		}
	}
	if diverged < 3 {
		t.Errorf("%d divergences in these races, want at least 3", diverged)
	}
}
