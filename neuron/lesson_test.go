package neuron

import "testing"

func TestLessonPhases(t *testing.T) {
	l, err := NewLesson(Lecture())
	if err != nil {
		t.Fatal(err)
	}
	if l.Phase() != Start || l.Iteration().N != 1 {
		t.Fatalf("new lesson at %v of iteration %d", l.Phase(), l.Iteration().N)
	}
	if l.Back() {
		t.Error("Back at the very start moved")
	}
	want := []Phase{Multiply, Sum, Activate, ReLUGrad, SumGrad, WeightGrad0, WeightGrad1, WeightGrad2, BiasGrad, Update}
	for _, p := range want {
		l.Step()
		if l.Phase() != p || l.Iteration().N != 1 {
			t.Fatalf("got %v of iteration %d, want %v of 1", l.Phase(), l.Iteration().N, p)
		}
	}
	first := l.Iteration()
	l.Step()
	second := l.Iteration()
	if l.Phase() != Multiply || second.N != 2 {
		t.Fatalf("after Update: %v of iteration %d, want Multiply of 2", l.Phase(), second.N)
	}
	if second.Params != first.Next || second.Forward.Out != 5.8500000000000005 {
		t.Errorf("iteration 2 starts from %+v (out %v), want %+v", second.Params, second.Forward.Out, first.Next)
	}
	if !l.Back() || l.Phase() != Update || l.Iteration() != first {
		t.Errorf("Back from iteration 2 went to %v of %d", l.Phase(), l.Iteration().N)
	}
	for range NumPhases - 1 {
		if !l.Back() {
			t.Fatalf("Back refused at %v", l.Phase())
		}
	}
	if l.Phase() != Start || l.Iteration().N != 1 || l.Back() {
		t.Errorf("ten Backs from Update left %v of %d", l.Phase(), l.Iteration().N)
	}
}

// TestLessonBackRestoresExactly walks 60 iterations forward (past the
// ReLU's death), all the way back, and forward again, comparing every
// number at every phase.
func TestLessonBackRestoresExactly(t *testing.T) {
	l, _ := NewLesson(Lecture())
	type seen struct {
		it    Iteration
		phase Phase
	}
	var path []seen
	for range 60 * (NumPhases - 1) {
		path = append(path, seen{l.Iteration(), l.Phase()})
		l.Step()
	}
	end := seen{l.Iteration(), l.Phase()}
	for i := len(path) - 1; i >= 0; i-- {
		if !l.Back() {
			t.Fatalf("Back refused at step %d", i)
		}
		if got := (seen{l.Iteration(), l.Phase()}); got != path[i] {
			t.Fatalf("step %d: back to %+v, want %+v", i, got, path[i])
		}
	}
	for range path {
		l.Step()
	}
	if got := (seen{l.Iteration(), l.Phase()}); got != end {
		t.Errorf("forward again: %+v, want %+v", got, end)
	}
	l.Reset()
	if l.Phase() != Start || l.Iteration().Params != Lecture() {
		t.Errorf("Reset: %v of %+v", l.Phase(), l.Iteration().Params)
	}
}

// TestLessonCopiesAreIndependent: the model is a value; a copy of the
// lesson stepped on must not change what the original shows.
func TestLessonCopiesAreIndependent(t *testing.T) {
	a, _ := NewLesson(Lecture())
	for range 3 * (NumPhases - 1) {
		a.Step()
	}
	a.Back() // BiasGrad of iteration 3
	snapshot := a.Iteration()
	b := a
	for range 5 * (NumPhases - 1) {
		b.Step()
	}
	if a.Iteration() != snapshot || a.Phase() != BiasGrad {
		t.Error("stepping a copy changed the original")
	}
	a.Step()
	a.Step()
	if a.Iteration().N != 4 || a.Iteration().Params != snapshot.Next {
		t.Errorf("the original stepped to %+v", a.Iteration())
	}
}

func TestZeroLessonDoesNotPanic(t *testing.T) {
	var l Lesson
	l.Step()
	l.Back()
	l.Reset()
	if l.Iteration() != (Iteration{}) || l.Params() != (Params{}) {
		t.Error("the zero lesson has numbers")
	}
}

// TestLessonStopsAtAnOverflow: a lesson whose update leaves float64's range
// goes up to that update and no further; Back and Reset still work, and a
// lesson that never overflows never stops.
func TestLessonStopsAtAnOverflow(t *testing.T) {
	p := Lecture()
	p.LR = 1e308
	l, err := NewLesson(p)
	if err != nil {
		t.Fatal(err)
	}
	for range NumPhases - 1 {
		if l.Stopped() || !l.Step() {
			t.Fatalf("stopped at %v, before the update", l.Phase())
		}
	}
	if l.Phase() != Update || !l.Stopped() {
		t.Fatalf("at %v, Stopped() = %v; want stopped at Update", l.Phase(), l.Stopped())
	}
	for range 3 {
		if l.Step() || l.Phase() != Update || l.Iteration().N != 1 {
			t.Fatalf("Step went on to %v of iteration %d", l.Phase(), l.Iteration().N)
		}
	}
	if !l.Back() || l.Phase() != BiasGrad || l.Stopped() {
		t.Errorf("Back from the overflow: %v, stopped %v", l.Phase(), l.Stopped())
	}
	l.Reset()
	if l.Phase() != Start || l.Stopped() {
		t.Errorf("Reset: %v, stopped %v", l.Phase(), l.Stopped())
	}

	dead := Lecture()
	dead.B, dead.LR = -7, 1e308 // no gradient, so even this α changes nothing
	l, _ = NewLesson(dead)
	for range 3 * NumPhases {
		if !l.Step() || l.Stopped() {
			t.Fatalf("a dead ReLU stopped at %v of iteration %d", l.Phase(), l.Iteration().N)
		}
	}
}
