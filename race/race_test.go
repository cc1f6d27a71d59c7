package race

import (
	"errors"
	"math"
	"slices"
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
	s := slices.Clone(r.Current())
	for t := 1; t <= n; t++ {
		r.advance(s, t)
	}
	return s
}

// raceFrom returns a race of the lecture's settings from x0 on x².
func raceFrom(t testing.TB, x0 float64) *Race {
	t.Helper()
	s := optimizers.Defaults()
	s.X0 = x0
	r, err := New(s, optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestStepsThenBacksReturnToStartExactly(t *testing.T) {
	r := newRace(t)
	start := slices.Clone(r.Current())
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
			if i-1 == n/2 && !slices.Equal(r.Current(), fresh(t, n/2)) {
				t.Fatalf("after %d steps and %d backs the state differs from a fresh run", n, n-i+1)
			}
		}
		if !slices.Equal(r.Current(), start) || r.T() != 0 {
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
	if got := r.checkpoints.len(); got > checkpointCap {
		t.Errorf("%d checkpoints, cap %d", got, checkpointCap)
	}
	if got := r.window.runners(); got > windowCap*optimizers.NumKinds {
		t.Errorf("window storage of %d runners, cap %d", got, windowCap*optimizers.NumKinds)
	}
	// Walk back well past the window and several checkpoints.
	for i := 1; i <= 3000; i++ {
		r.Back()
		if i%997 == 0 || i == 3000 {
			if want := fresh(t, n-i); !slices.Equal(r.Current(), want) {
				t.Fatalf("at t = %d the state differs from a fresh run", n-i)
			}
		}
	}
	// Stepping forward again reproduces the same states.
	for range 3000 {
		r.Step()
	}
	if !slices.Equal(r.Current(), fresh(t, n)) {
		t.Fatal("stepping forward again did not reproduce step n")
	}
}

func TestRecentEndsAtCurrent(t *testing.T) {
	r := newRace(t)
	for range 300 {
		r.Step()
	}
	rec := r.Recent(10)
	if len(rec) != 10 || !slices.Equal(rec[9], r.Current()) || rec[0][optimizers.AdaGrad].T != 291 {
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
	if r.T() != 0 || !slices.Equal(r.Current(), fresh(t, 0)) {
		t.Fatal("Reset did not return to t = 0")
	}
	r.Step()
	if !slices.Equal(r.Current(), fresh(t, 1)) {
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

// TestStartTooFarOut: a start point where f(x₀) or f′(x₀)² overflows is
// refused with the largest distance, to two digits, that works on that
// landscape; a start just inside it is accepted and one just past it not.
func TestStartTooFarOut(t *testing.T) {
	for _, c := range []struct {
		obj       optimizers.Objective
		ok, far   float64
		wantLimit float64
	}{
		{optimizers.Quadratic(), 6.7e153, 6.8e153, 6.7e153}, // (2x)² overflows past 6.70e153
		{optimizers.Steep(), -6.7e152, -6.8e152, 6.7e152},   // (20x)²
		{optimizers.Quartic(), 1.4e51, 1.5e51, 1.4e51},      // (4x³)²
		{optimizers.Bumpy(), 6.7e153, math.MaxFloat64, 6.7e153},
	} {
		s := optimizers.Defaults()
		s.X0 = c.ok
		if _, err := New(s, c.obj); err != nil {
			t.Errorf("%s from %g: %v", c.obj.Name, c.ok, err)
		}
		s.X0 = c.far
		_, err := New(s, c.obj)
		var start *StartError
		if !errors.As(err, &start) || start.Limit != c.wantLimit {
			t.Errorf("%s from %g: %v, want a StartError with limit %g", c.obj.Name, c.far, err, c.wantLimit)
		}
	}
	_, err := New(optimizers.Settings{X0: 1e300}, optimizers.Quadratic())
	if err == nil {
		t.Fatal("x₀ = 1e300 accepted")
	}
	r := newRace(t)
	s := r.Settings()
	s.X0 = 1e300
	if err := r.SetSettings(s); err == nil || r.Settings().X0 != 10 {
		t.Errorf("SetSettings(x₀ = 1e300): %v, x₀ now %v", err, r.Settings().X0)
	}
}

// TestOverflowedStateDiverges: from x₀ = 1e153 AdaGrad's sum of squared
// gradients overflows while x is still finite (its learning rate would be 0
// and x frozen forever): that is a divergence.
func TestOverflowedStateDiverges(t *testing.T) {
	r := raceFrom(t, 1e153)
	r.RunToEnd(1000)
	ada := r.Runner(int(optimizers.AdaGrad))
	if !ada.Diverged() || math.IsInf(ada.X[0], 0) || !math.IsInf(ada.G[0], 1) {
		t.Fatalf("AdaGrad from 1e153: diverged at %d, x = %v, G = %v", ada.DivergedAt, ada.X[0], ada.G[0])
	}
	// (2·10¹⁵³)² = 4·10³⁰⁶: G passes MaxFloat64 ≈ 1.8·10³⁰⁸ on the 45th square.
	if ada.DivergedAt != 45 {
		t.Errorf("AdaGrad diverged at t = %d, want 45", ada.DivergedAt)
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

// TestLectureReachedAndSettled pins the finish zone with the lecture's
// defaults and tol = 1e-3: RMSProp reaches it first, at t = 20, but leaves
// at t = 73 and bounces about ±0.5 for ever, so it never settles and the
// race runs to the step limit; the others settle, GD first.
func TestLectureReachedAndSettled(t *testing.T) {
	r := newRace(t)
	r.RunToEnd(1000)
	for k, want := range map[optimizers.Kind][3]int{ // reached, settled, left
		optimizers.RMSProp: {20, -1, 73}, optimizers.GD: {42, 42, -1}, optimizers.Momentum: {126, 172, 169},
		optimizers.Adam: {130, 168, 154}, optimizers.AdaGrad: {276, 276, -1},
	} {
		run := r.Runner(int(k))
		if got := [3]int{run.ReachedAt, run.SettledAt, run.LeftAt}; got != want {
			t.Errorf("%v: reached, settled, left at %v, want %v", k, got, want)
		}
	}
	if r.T() != 1000 || r.Over() {
		t.Errorf("race stopped at t = %d (over %v), want 1000, not over", r.T(), r.Over())
	}
	order := []optimizers.Kind{optimizers.GD, optimizers.Adam, optimizers.Momentum, optimizers.AdaGrad, optimizers.RMSProp}
	for i, s := range Standings(r) {
		if s.Kind != order[i] || s.Rank != i+1 {
			t.Errorf("rank %d: %v, want %v", i+1, s.Kind, order[i])
		}
	}
}

// TestOverOnceSettledForTheHold: with tol = 1 every runner settles; the race
// is over SettleHold steps after the last of them settled, not before.
func TestOverOnceSettledForTheHold(t *testing.T) {
	s := optimizers.Defaults()
	s.LR[optimizers.RMSProp] = 0.1 // no bouncing
	r, err := New(s, optimizers.Quadratic(), WithTol(1))
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(10_000)
	last := 0
	for _, k := range optimizers.Kinds() {
		run := r.Runner(int(k))
		if !run.Settled() {
			t.Fatalf("%v did not settle: %+v", k, run)
		}
		last = max(last, run.SettledAt)
	}
	if !r.Over() || r.T() != last+SettleHold {
		t.Errorf("over %v at t = %d, want over at %d (the last settled at %d)", r.Over(), r.T(), last+SettleHold, last)
	}
	r.Back()
	if r.Over() {
		t.Error("over one step before the hold was up")
	}
}

// TestTiesShareARank: runners that finish at the same step share a rank, as
// do runners at the same distance, and the next rank skips past them.
func TestTiesShareARank(t *testing.T) {
	s := optimizers.Defaults()
	s.X0 = 0 // all five start on the finish line
	r, err := New(s, optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range Standings(r) {
		if st.Rank != 1 || st.SettledAt != 0 {
			t.Errorf("%v: rank %d, settled at %d; want 1 and 0", st.Kind, st.Rank, st.SettledAt)
		}
	}
	if !r.Over() {
		t.Error("a race whose every runner starts in the zone is not over at t = 0")
	}
	// GDM with γ = 0 is GD: the two settle at one step and share rank 1,
	// and the next rank is 3.
	s = optimizers.Defaults()
	s.Momentum = 0
	r, err = New(s, optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(1000)
	ranks := map[optimizers.Kind]int{}
	for _, st := range Standings(r) {
		ranks[st.Kind] = st.Rank
	}
	if ranks[optimizers.GD] != 1 || ranks[optimizers.Momentum] != 1 || ranks[optimizers.Adam] != 3 {
		t.Errorf("ranks %v, want GD 1, GDM 1, Adam 3", ranks)
	}
}

// TestZoneKeepsSteppingAndBackUndoes: a runner in the zone keeps stepping;
// leaving clears its settled step; stepping back undoes both exactly.
func TestZoneKeepsSteppingAndBackUndoes(t *testing.T) {
	r := newRace(t)
	for range 20 {
		r.Step()
	}
	if run := r.Runner(int(optimizers.RMSProp)); run.ReachedAt != 20 || run.SettledAt != 20 {
		t.Fatalf("RMSProp at 20: %+v", run)
	}
	x := r.State(int(optimizers.RMSProp)).X[0]
	r.Step()
	if r.State(int(optimizers.RMSProp)).X[0] == x || r.Runner(int(optimizers.RMSProp)).SettledAt != 20 {
		t.Error("a runner in the zone stopped stepping or lost its stay")
	}
	for r.T() < 73 {
		r.Step()
	}
	if run := r.Runner(int(optimizers.RMSProp)); run.Settled() || run.LeftAt != 73 || run.ReachedAt != 20 {
		t.Errorf("RMSProp at 73 should have left, still reached at 20: %+v", run)
	}
	r.Back()
	if run := r.Runner(int(optimizers.RMSProp)); run.SettledAt != 20 || run.Left() {
		t.Errorf("stepping back before it left: %+v", run)
	}
	for r.T() > 19 {
		r.Back()
	}
	if r.Runner(int(optimizers.RMSProp)).Reached() {
		t.Error("stepping back before the zone kept the arrival")
	}
}

func TestDivergence(t *testing.T) {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5
	r, err := New(s, optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(1000)
	gd := r.Runner(int(optimizers.GD))
	// |x| doubles each step: 10·2²⁰ > 10⁷ = the bound at t = 20.
	if gd.DivergedAt != 20 || gd.Reached() {
		t.Fatalf("GD at α = 1.5: diverged at %d, reached %v", gd.DivergedAt, gd.Reached())
	}
	if gd.T != 20 || math.IsInf(gd.X[0], 0) || math.IsNaN(gd.X[0]) {
		t.Errorf("a diverged runner kept stepping or holds a non-finite x: T = %d, x = %v", gd.T, gd.X[0])
	}
	for _, k := range optimizers.Kinds()[1:] {
		if !r.Runner(int(k)).Reached() {
			t.Errorf("%v did not reach the zone while GD diverged", k)
		}
	}
	st := Standings(r)
	if last := st[len(st)-1]; last.Kind != optimizers.GD || !last.Diverged() {
		t.Errorf("GD is not last: %+v", last)
	}
	for r.T() > 19 {
		r.Back()
	}
	if r.Runner(int(optimizers.GD)).Diverged() {
		t.Error("stepping back across the divergence kept the DNF")
	}
}

func TestConvergenceSeries(t *testing.T) {
	r := newRace(t)
	for range 5000 {
		r.Step()
	}
	c := r.Convergence()
	n := len(c.Points(int(optimizers.GD)))
	if n > convergenceCap || c.Stride() < 5000/convergenceCap {
		t.Fatalf("%d points at stride %d", n, c.Stride())
	}
	if got := c.Points(int(optimizers.GD))[0]; got != 1 { // log₁₀|10 − 0|
		t.Errorf("GD at t = 0: %v, want 1", got)
	}
	lastT, v := c.Last(int(optimizers.GD))
	if lastT != 5000 || v != LogFloor {
		t.Errorf("GD at t = 5000: (%d, %v), want the floor %d", lastT, v, LogFloor)
	}
	for range 4000 {
		r.Back()
	}
	if got := len(c.Points(int(optimizers.GD))); (got-1)*c.Stride() > 1000 {
		t.Errorf("after stepping back to 1000, points reach t = %d", (got-1)*c.Stride())
	}
	if lastT, _ := c.Last(int(optimizers.GD)); lastT != 1000 {
		t.Errorf("current point at %d, want 1000", lastT)
	}
}

func TestFrozenIsACopy(t *testing.T) {
	r := newRace(t)
	for range 30 {
		r.Step()
	}
	f := r.Freeze()
	before := f.Runner(int(optimizers.Adam))
	for range 10 {
		r.Step()
	}
	if f.T() != 30 || f.Runner(int(optimizers.Adam)) != before || len(f.Convergence().Points(int(optimizers.GD))) != 31 {
		t.Fatal("a frozen copy changed with the race")
	}
	fork := f.Fork()
	if fork.T() != 30 || !slices.Equal(fork.Current(), f.Recent(1)[0]) {
		t.Fatal("fork differs from the frozen state")
	}
}

func TestWithTol(t *testing.T) {
	if _, err := New(optimizers.Defaults(), optimizers.Quadratic(), WithTol(0)); err == nil {
		t.Error("tol 0 accepted")
	}
	r, err := New(optimizers.Defaults(), optimizers.Quadratic(), WithTol(1))
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(1000)
	if got := r.Runner(int(optimizers.GD)).ReachedAt; got != 11 { // 10·0.8ᵗ < 1 first at t = 11
		t.Errorf("GD with tol 1 reached the zone at %d, want 11", got)
	}
}

func TestSetSettingsReplaysToTheSameStep(t *testing.T) {
	r := newRace(t)
	for range 30 {
		r.Step()
	}
	before := slices.Clone(r.Current())
	s := r.Settings()
	s.LR[optimizers.Adam] = 0.1
	if err := r.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	if r.T() != 30 {
		t.Fatalf("t = %d after an edit, want 30", r.T())
	}
	for _, k := range optimizers.Kinds() {
		same := r.Runner(int(k)) == before[k]
		if (k == optimizers.Adam) == same {
			t.Errorf("%v: state unchanged = %v after editing Adam's α", k, same)
		}
	}
	// The replayed Adam is what a race started with α = 0.1 computes.
	fresh, _ := New(s, optimizers.Quadratic())
	for range 30 {
		fresh.Step()
	}
	if !slices.Equal(fresh.Current(), r.Current()) {
		t.Error("replayed race differs from a fresh one")
	}
	bad := s
	bad.Beta1 = 1
	if err := r.SetSettings(bad); err == nil || r.Settings() != s || !slices.Equal(r.Current(), fresh.Current()) {
		t.Error("a refused edit changed the race")
	}
}

func TestSetObjectiveRestarts(t *testing.T) {
	r := newRace(t)
	for range 10 {
		r.Step()
	}
	if err := r.SetObjective(optimizers.Bumpy()); err != nil {
		t.Fatal(err)
	}
	if r.T() != 0 || r.Objective().Name != "bumpy" || r.State(int(optimizers.GD)).F != bumpyAt(10) {
		t.Fatal("switching landscape did not restart on it")
	}
}

// TestLargeFiniteStateIsNotDivergence: Adam from x₀ = 6.702e153 has v and v̂
// near float64's largest number, each finite though their sum is not.
func TestLargeFiniteStateIsNotDivergence(t *testing.T) {
	r := raceFrom(t, 6.702e153)
	r.Step()
	adam := r.Runner(int(optimizers.Adam))
	if !math.IsInf(adam.V[0]+adam.VHat[0], 0) {
		t.Fatalf("the case is gone: v + v̂ = %v is finite", adam.V[0]+adam.VHat[0])
	}
	if adam.Diverged() {
		t.Errorf("Adam with finite v = %v, v̂ = %v marked diverged", adam.V[0], adam.VHat[0])
	}
}

// TestDivergenceTrailOutlivesTheWindow: long after GD diverged, its trail
// still holds the steps that led there, also in a frozen copy; a step back
// across the divergence drops it.
func TestDivergenceTrailOutlivesTheWindow(t *testing.T) {
	r, err := New(lateDiverging(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	for range 2000 {
		r.Step()
	}
	gd := r.Runner(int(optimizers.GD))
	if gd.DivergedAt != 145 {
		t.Fatalf("GD at α = 1.05 diverged at %d, want 145", gd.DivergedAt)
	}
	for _, trail := range [][]optimizers.State{r.DivergenceTrail(int(optimizers.GD)), r.Freeze().DivergenceTrail(int(optimizers.GD))} {
		if len(trail) != RecentDepth || trail[0].T != 145-RecentDepth+1 || trail[len(trail)-1] != gd.State {
			t.Fatalf("trail of %d states from t = %d; want %d ending at the divergence", len(trail), trail[0].T, RecentDepth)
		}
	}
	for r.T() > 144 {
		r.Back()
	}
	if trail := r.DivergenceTrail(int(optimizers.GD)); trail != nil {
		t.Errorf("at t = 144, before GD diverged, it has a trail of %d states", len(trail))
	}
}

// bumpyAt is x² + 10·sin(x) at x.
func bumpyAt(x float64) float64 {
	b := optimizers.Bumpy()
	return b.F(optimizers.Vec{x})
}
