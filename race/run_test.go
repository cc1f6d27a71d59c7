package race

import (
	"context"
	"errors"
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
	if r.T() != 5000 || *r.Current() != *want.Current() {
		t.Errorf("t = %d, %+v; want RunToEnd's t = %d, %+v", r.T(), r.Current(), want.T(), want.Current())
	}
}
