package race

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/optirace/optirace/optimizers"
)

// TestLanesRunAsAlone: each lane of a race of any optimizers in any order
// steps exactly as its optimizer alone, until the race stops it.
func TestLanesRunAsAlone(t *testing.T) {
	for _, obj := range []optimizers.Objective{optimizers.Quadratic(), optimizers.Bumpy(), optimizers.Beale(), optimizers.Saddle()} {
		s := obj.Defaults()
		lanes := lanesOf(t, s, "adam:beta1=0.5", "gd", "gd:lr=0.04", "rmsprop:decay=0.5", "gdm:momentum=0.99", "adagrad:eps=0.1", "gd")
		r, err := New(s, obj, WithLanes(lanes))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Lanes(), lanes) || len(r.Labels()) != len(lanes) {
			t.Fatalf("%s: lanes %v, labels %v", obj.Name, r.Lanes(), r.Labels())
		}
		alone := make([]optimizers.State, len(lanes))
		opts := make([]optimizers.Optimizer, len(lanes))
		for i, l := range lanes {
			opts[i], err = optimizers.NewLane(l, obj)
			if err != nil {
				t.Fatal(err)
			}
			alone[i] = opts[i].Start(s.Start())
		}
		for r.T() < 500 {
			r.Step()
			for i := range lanes {
				run := r.Runner(i)
				if run.Diverged() && run.DivergedAt < r.T() {
					continue // stopped
				}
				opts[i].Step(&alone[i])
				if run.State != alone[i] {
					t.Fatalf("%s lane %d (%s) at t = %d: %+v, alone %+v", obj.Name, i, r.Labels()[i], r.T(), run.State, alone[i])
				}
			}
		}
	}
}

// TestWithLanesRefuses: no lanes, nine lanes and a lane out of range are
// refused, naming what is wrong.
func TestWithLanesRefuses(t *testing.T) {
	s := optimizers.Defaults()
	bad := s.Lane(optimizers.Adam)
	bad.Hyper.Beta2 = 1
	for _, c := range []struct {
		lanes []optimizers.Lane
		want  string
	}{
		{[]optimizers.Lane{}, "a race holds 1 to 8 lanes, got 0"},
		{slices.Repeat([]optimizers.Lane{s.Lane(optimizers.GD)}, 9), "a race holds 1 to 8 lanes, got 9"},
		{[]optimizers.Lane{s.Lane(optimizers.GD), bad}, "adam.beta2 must be a number in [0, 1), got 1"},
	} {
		if _, err := New(s, optimizers.Quadratic(), WithLanes(c.lanes)); err == nil || err.Error() != c.want {
			t.Errorf("%d lanes: %v, want %q", len(c.lanes), err, c.want)
		}
	}
}

// TestStorageSizedToLanes: a race holds one runner per lane in each of its
// snapshots, never eight for fewer lanes, however long it runs; and what
// that comes to in bytes.
func TestStorageSizedToLanes(t *testing.T) {
	runner := int(unsafe.Sizeof(Runner{}))
	for _, n := range []int{1, 3, 5, 8} { // storageFor gives 6 and 7 lanes windows of 256 and 210
		s := optimizers.Defaults()
		r, err := New(s, optimizers.Quadratic(), WithLanes(slices.Repeat([]optimizers.Lane{s.Lane(optimizers.RMSProp)}, n)))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.window.runners() + r.checkpoints.runners(); got != 16*n {
			t.Errorf("%d lanes at t = 0 hold %d runners, want %d (8 snapshots each of window and checkpoints)", n, got, 16*n)
		}
		for range 20_000 {
			r.Step()
		}
		got := r.window.runners() + r.checkpoints.runners()
		want := MemoryBound * n
		if n > optimizers.NumKinds {
			want = (176 + 64) * n // a window of RecentDepth + 47 and 64 checkpoints
		}
		if got != want || got > MemoryBound*optimizers.NumKinds {
			t.Errorf("%d lanes at t = 20000 hold %d runners, want %d", n, got, want)
		}
		t.Logf("%d lanes: at most %d runners of %d B, %d KiB", n, got, runner, got*runner>>10)
	}
}

// TestSetLanes: switching a race's lanes replays it to the same step;
// lanes out of range change nothing; nil brings back the five.
func TestSetLanes(t *testing.T) {
	s := optimizers.Defaults()
	r := newRace(t)
	for range 40 {
		r.Step()
	}
	lanes := lanesOf(t, s, "gd:lr=0.5", "adam")
	if err := r.SetLanes(lanes); err != nil {
		t.Fatal(err)
	}
	want, err := New(s, optimizers.Quadratic(), WithLanes(lanes))
	if err != nil {
		t.Fatal(err)
	}
	for range 40 {
		want.Step()
	}
	if r.T() != 40 || !slices.Equal(r.Current(), want.Current()) || strings.Join(r.Labels(), "|") != "GD|Adam" {
		t.Fatalf("after SetLanes: t = %d, labels %v, differs from a race of those lanes", r.T(), r.Labels())
	}
	before := slices.Clone(r.Current())
	if err := r.SetLanes(slices.Repeat(lanes, 5)); err == nil || !slices.Equal(r.Current(), before) || len(r.Lanes()) != 2 {
		t.Errorf("ten lanes: %v, and the race changed", err)
	}
	// A race with lanes of its own keeps them when its settings change.
	s2 := s
	s2.X0 = 3
	if err := r.SetSettings(s2); err != nil || !slices.Equal(r.Lanes(), lanes) || r.State(0).X[0] != 0 {
		t.Errorf("SetSettings on own lanes: %v, lanes %v, x = %v", err, r.Lanes(), r.State(0).X)
	}
	if err := r.SetLanes(nil); err != nil || !slices.Equal(r.Lanes(), s2.Lanes()) || r.T() != 40 {
		t.Errorf("SetLanes(nil): %v, lanes %v at t = %d", err, r.Lanes(), r.T())
	}
	// Lanes equal to the settings' five are the five: an edit of the
	// settings changes them.
	r2, err := New(s, optimizers.Quadratic(), WithLanes(s.Lanes()))
	if err != nil {
		t.Fatal(err)
	}
	s.LR[optimizers.GD] = 0.3
	if err := r2.SetSettings(s); err != nil || r2.Lanes()[0].Hyper.LR != 0.3 {
		t.Errorf("the five given as lanes did not follow the settings: %v", r2.Lanes()[0])
	}
}

// TestFrozenKeepsLanes: a frozen copy reads as its race, lanes and labels
// included, and a fork races the same lanes.
func TestFrozenKeepsLanes(t *testing.T) {
	s := optimizers.Himmelblau().Defaults()
	lanes := lanesOf(t, s, "gdm", "gdm:momentum=0.5", "adam")
	r, err := New(s, optimizers.Himmelblau(), WithLanes(lanes), WithTol(0.01))
	if err != nil {
		t.Fatal(err)
	}
	for range 150 {
		r.Step()
	}
	f := r.Freeze()
	for range 10 {
		r.Step()
	}
	var rd Reader = f
	if rd.T() != 150 || !slices.Equal(rd.Lanes(), lanes) || !slices.Equal(rd.Labels(), []string{"GDM γ=0.85", "GDM γ=0.5", "Adam"}) ||
		rd.Convergence().Lanes() != 3 || len(rd.Recent(1)[0]) != 3 {
		t.Fatalf("frozen: t = %d, lanes %v, labels %v", rd.T(), rd.Lanes(), rd.Labels())
	}
	fork := f.Fork()
	if fork.T() != 150 || !slices.Equal(fork.Lanes(), lanes) || !slices.Equal(fork.Current(), f.Recent(1)[0]) || fork.Tol() != 0.01 {
		t.Fatal("the fork differs from the frozen race")
	}
}

// TestTwoDFinish: in 2-D the finish is the Euclidean distance to the
// nearest minimum — a saddle's other minimum is a finish too — and an
// overflow is a divergence, its trail kept, never a settled runner.
func TestTwoDFinish(t *testing.T) {
	s := optimizers.Saddle().Defaults()
	s.Y0 = -0.001
	r, err := New(s, optimizers.Saddle())
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(2000)
	for _, st := range Standings(r) {
		if st.Lane == int(optimizers.RMSProp) {
			continue // bounces about its minimum
		}
		if !st.Settled() || st.Nearest != 1 || st.X[1] > -1.4 || st.Distance >= r.Tol() {
			t.Errorf("%s from y₀ < 0: settled %v at %v, nearest minimum %d, distance %v", st.Label, st.Settled(), st.X, st.Nearest, st.Distance)
		}
	}

	beale := optimizers.Beale()
	lecture := optimizers.Defaults()
	lecture.X0, lecture.Y0 = 1, 1.5
	r, err = New(lecture, beale)
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(100)
	gd := r.Runner(int(optimizers.GD))
	trail := r.DivergenceTrail(int(optimizers.GD))
	if !gd.Diverged() || gd.Reached() || len(trail) != gd.DivergedAt+1 {
		t.Fatalf("GD on Beale at α = 0.1: %+v, trail of %d", gd, len(trail))
	}
	// Every state before the one that diverged is finite: the map has a
	// path to draw up to the divergence.
	for _, st := range trail[:len(trail)-1] {
		if math.IsInf(st.X[0], 0) || math.IsNaN(st.X[0]) || math.IsInf(st.X[1], 0) || math.IsNaN(st.X[1]) || math.IsNaN(st.F) {
			t.Errorf("a state before the divergence is not finite: %+v", st)
		}
	}
	if _, v := r.Convergence().Last(int(optimizers.GD)); !math.IsNaN(float64(v)) {
		t.Errorf("a diverged runner's convergence point is %v, want NaN (the series ends)", v)
	}
}
