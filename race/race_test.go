package race

import (
	"testing"

	"github.com/optirace/optirace/optimizers"
)

func newRace(t testing.TB) *Race {
	t.Helper()
	r, err := New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fresh returns the snapshot at step n computed straight through.
func fresh(t testing.TB, n int) Snapshot {
	t.Helper()
	r := newRace(t)
	s := *r.Current()
	for range n {
		r.advance(&s)
	}
	return s
}

func TestStepsThenBacksReturnToStartExactly(t *testing.T) {
	r := newRace(t)
	start := *r.Current()
	for _, n := range []int{1, 3, 25, 255, 256, 257, 1000} {
		for range n {
			r.Step()
		}
		if r.T() != n {
			t.Fatalf("T = %d after %d steps", r.T(), n)
		}
		for i := n; i > 0; i-- {
			if !r.Back() {
				t.Fatalf("Back refused at t = %d", r.T())
			}
			if i-1 == n/2 && *r.Current() != fresh(t, n/2) {
				t.Fatalf("after %d steps and %d backs the state differs from a fresh run", n, n-i+1)
			}
		}
		if *r.Current() != start || r.T() != 0 {
			t.Fatalf("after %d steps and backs: t = %d, state differs from the start", n, r.T())
		}
		if r.Back() {
			t.Fatal("Back at t = 0 reported true")
		}
	}
}

func TestBackAfterLongRunMatchesFreshRun(t *testing.T) {
	r := newRace(t)
	const n = 100_000
	for range n {
		r.Step()
	}
	if got := len(r.checkpoints); got > checkpointCap {
		t.Errorf("%d checkpoints, cap %d", got, checkpointCap)
	}
	if cap(r.window) > windowCap {
		t.Errorf("window capacity %d, cap %d", cap(r.window), windowCap)
	}
	// Walk back well past the window and several checkpoints.
	for i := 1; i <= 3000; i++ {
		r.Back()
		if i%997 == 0 || i == 3000 {
			if want := fresh(t, n-i); *r.Current() != want {
				t.Fatalf("at t = %d the state differs from a fresh run", n-i)
			}
		}
	}
	// Stepping forward again reproduces the same states.
	for range 3000 {
		r.Step()
	}
	if *r.Current() != fresh(t, n) {
		t.Fatal("stepping forward again did not reproduce step n")
	}
}

func TestRecentEndsAtCurrent(t *testing.T) {
	r := newRace(t)
	for range 300 {
		r.Step()
	}
	rec := r.Recent(10)
	if len(rec) != 10 || rec[9] != *r.Current() || rec[0][optimizers.GD].T != 291 {
		t.Fatalf("Recent(10) = %d snapshots ending at T %d", len(rec), rec[len(rec)-1][0].T)
	}
	if got := len(r.Recent(10_000)); got < 128 || got > windowCap {
		t.Errorf("Recent(10000) returned %d", got)
	}
}

func TestReset(t *testing.T) {
	r := newRace(t)
	for range 500 {
		r.Step()
	}
	r.Reset()
	if r.T() != 0 || *r.Current() != fresh(t, 0) {
		t.Fatal("Reset did not return to t = 0")
	}
	r.Step()
	if *r.Current() != fresh(t, 1) {
		t.Fatal("step after reset differs")
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	s := optimizers.Defaults()
	s.Beta2 = 1
	if _, err := New(s, optimizers.Quadratic()); err == nil {
		t.Fatal("β₂ = 1 accepted")
	}
}

func BenchmarkStep(b *testing.B) {
	r := newRace(b)
	b.ReportAllocs()
	for b.Loop() {
		r.Step()
	}
}

func BenchmarkBackAt100k(b *testing.B) {
	r := newRace(b)
	for range 100_000 {
		r.Step()
	}
	b.ReportAllocs()
	for b.Loop() {
		r.Back()
		r.Step()
	}
}
