package race

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

// sameSnapshot reports whether a and b hold bit-identical runners: every
// int equal and every float64 the same bits, so NaN equals NaN and 0 differs
// from −0. TestSameSnapshotSeesEveryField keeps it in step with State.
func sameSnapshot(a, b Snapshot) bool {
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	sameVec := func(x, y optimizers.Vec) bool { return same(x[0], y[0]) && same(x[1], y[1]) }
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		p, q := &a[k], &b[k]
		if p.ReachedAt != q.ReachedAt || p.SettledAt != q.SettledAt || p.LeftAt != q.LeftAt || p.DivergedAt != q.DivergedAt || p.T != q.T ||
			!sameVec(p.X, q.X) || !same(p.F, q.F) || !sameVec(p.Grad, q.Grad) ||
			!sameVec(p.Velocity, q.Velocity) || !sameVec(p.G, q.G) || !sameVec(p.EG2, q.EG2) ||
			!sameVec(p.M, q.M) || !sameVec(p.V, q.V) || !sameVec(p.MHat, q.MHat) || !sameVec(p.VHat, q.VHat) ||
			!sameVec(p.EffectiveLR, q.EffectiveLR) || !sameVec(p.Step, q.Step) {
			return false
		}
	}
	return true
}

// TestSameSnapshotSeesEveryField changes each field of a runner in turn,
// found by reflection (both coordinates of a Vec), so a field added to
// State or Runner and not compared fails here.
func TestSameSnapshotSeesEveryField(t *testing.T) {
	for _, field := range reflect.VisibleFields(reflect.TypeFor[Runner]()) {
		if field.Anonymous {
			continue // State: its fields are visited one by one
		}
		for coord := range optimizers.MaxDim {
			changed := make(Snapshot, optimizers.NumKinds)
			f := reflect.ValueOf(&changed[optimizers.Adam]).Elem().FieldByIndex(field.Index)
			if f.Kind() == reflect.Array {
				f = f.Index(coord)
			} else if coord > 0 {
				continue
			}
			if f.CanInt() {
				f.SetInt(1)
			} else if f.CanFloat() {
				f.SetFloat(math.Copysign(0, -1)) // −0 against the zero value's +0
			} else {
				t.Fatalf("%s: unexpected kind %v", field.Name, f.Kind())
			}
			if sameSnapshot(changed, make(Snapshot, optimizers.NumKinds)) {
				t.Errorf("sameSnapshot misses a change of %s[%d]", field.Name, coord)
			}
		}
	}
	nan := make(Snapshot, 1)
	nan[0].X[1] = math.NaN()
	if other := slices.Clone(nan); !sameSnapshot(nan, other) {
		t.Error("sameSnapshot: NaN differs from the same NaN")
	}
}

// straight is a race's history computed the plain way: every snapshot from
// t = 0 to n by advancing one state, with no window or checkpoints; and how
// many snapshots a race stepped straight to each t holds (Recent's most).
type straight struct {
	snaps  []Snapshot
	recent []int
}

func straightRun(t *testing.T, s optimizers.Settings, obj optimizers.Objective, n int, opts ...Option) straight {
	t.Helper()
	r, err := New(s, obj, opts...)
	if err != nil {
		t.Fatal(err)
	}
	st := straight{snaps: make([]Snapshot, n+1), recent: make([]int, n+1)}
	cur := slices.Clone(r.Current())
	for i := 0; ; i++ {
		st.snaps[i] = slices.Clone(cur)
		st.recent[i] = len(r.Recent(math.MaxInt))
		if i == n {
			return st
		}
		r.advance(cur, i+1)
		r.Step()
	}
}

// recentKs are the Recent lengths the checks ask for: around the trajectory
// (128), RecentDepth (129) and the window (256).
var recentKs = []int{1, 2, 3, 127, 128, RecentDepth, 130, 200, 255, windowCap, math.MaxInt}

// checkMatchesStraight fails unless r is at step t exactly as a straight run:
// T, the current snapshot, and Recent(k) for every k, compared bit for bit
// (reached, settled, left and diverged included).
func checkMatchesStraight(t *testing.T, r *Race, st straight, at int, how string) {
	t.Helper()
	if r.T() != at {
		t.Fatalf("%s: T = %d, want %d", how, r.T(), at)
	}
	if !sameSnapshot(r.Current(), st.snaps[at]) {
		t.Fatalf("%s: current snapshot at t = %d differs from a straight run", how, at)
	}
	full := r.Recent(math.MaxInt)
	for i := range full {
		step := at - len(full) + 1 + i
		if !sameSnapshot(full[i], st.snaps[step]) {
			t.Fatalf("%s: at t = %d Recent's snapshot of t = %d differs from a straight run:\n got %+v\nwant %+v",
				how, at, step, full[i], st.snaps[step])
		}
	}
	for _, k := range recentKs {
		rec := r.Recent(k)
		if want := min(k, st.recent[at]); len(rec) != want {
			t.Fatalf("%s: at t = %d Recent(%d) has %d snapshots, a straight run %d", how, at, k, len(rec), want)
		}
		if k <= RecentDepth && len(rec) != min(k, at+1) {
			t.Fatalf("%s: at t = %d Recent(%d) has %d snapshots, want min(k, t+1) = %d", how, at, k, len(rec), min(k, at+1))
		}
		if len(rec) > 0 && &rec[len(rec)-1] != &full[len(full)-1] {
			t.Fatalf("%s: at t = %d Recent(%d) does not end at the current step", how, at, k)
		}
	}
	checkTrails(t, r, st, how)
}

// checkTrails fails unless each diverged runner's DivergenceTrail holds its
// states at the RecentDepth steps up to its divergence (fewer when it
// diverged early), as a straight run computed them, and every other
// runner's is nil.
func checkTrails(t *testing.T, r Reader, st straight, how string) {
	t.Helper()
	for k := range r.Lanes() {
		trail := r.DivergenceTrail(k)
		d := r.Runner(k).DivergedAt
		if d < 0 {
			if trail != nil {
				t.Fatalf("%s: at t = %d %v has not diverged but has a trail of %d states", how, r.T(), k, len(trail))
			}
			continue
		}
		from := max(0, d-RecentDepth+1)
		if len(trail) != d-from+1 {
			t.Fatalf("%s: at t = %d %v (diverged at %d) has a trail of %d states, want %d", how, r.T(), k, d, len(trail), d-from+1)
		}
		for i, s := range trail {
			if want := st.snaps[from+i][k].State; s != want {
				t.Fatalf("%s: at t = %d %v's trail state %d is %+v, a straight run's %+v", how, r.T(), k, i, s, want)
			}
		}
	}
}

// boundaryTargets are the steps at and either side of every multiple of 64
// up to n (window halves are 128, checkpoints are 64 apart until t = 8192),
// plus the first steps, the last ones and the reviewer's t = 127…130.
func boundaryTargets(n int) []int {
	seen := map[int]bool{}
	var out []int
	add := func(t int) {
		if t >= 0 && t <= n && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range []int{0, 1, 2, 127, 128, 129, 130, n - 1, n} {
		add(t)
	}
	for m := 64; m <= n+1; m += 64 {
		add(m - 1)
		add(m)
		add(m + 1)
	}
	return out
}

// lectureDiverging is the lecture's defaults with GD at α = 1.5, which
// diverges at t = 20, so DivergedAt is replayed too.
func lectureDiverging() optimizers.Settings {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5
	return s
}

// lateDiverging has GD at α = 1.05, where x ← −1.1·x passes the divergence
// bound at t = 145: later than a trail holds.
func lateDiverging() optimizers.Settings {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.05
	return s
}

// TestBackMatchesStraightRun is the reviewer's bug and its neighbours: run
// to n, then step back to many steps; at every one, Recent must hold what a
// straight run to that step holds.
func TestBackMatchesStraightRun(t *testing.T) {
	for _, c := range []struct {
		name string
		s    optimizers.Settings
		obj  optimizers.Objective
		n    int
		opts []Option
	}{
		{"lecture/n=276", optimizers.Defaults(), optimizers.Quadratic(), 276, nil},
		{"lecture/n=1000", optimizers.Defaults(), optimizers.Quadratic(), 1000, nil},
		{"lecture/n=5000", optimizers.Defaults(), optimizers.Quadratic(), 5000, nil},
		{"gd-diverges/n=1000", lectureDiverging(), optimizers.Quadratic(), 1000, nil},
		{"bumpy/n=1000", optimizers.Defaults(), optimizers.Bumpy(), 1000, nil},
		{"gd-diverges-late/n=1000", lateDiverging(), optimizers.Quadratic(), 1000, nil},
		{"rosenbrock/n=1000", optimizers.Rosenbrock().Defaults(), optimizers.Rosenbrock(), 1000, nil},
		{"himmelblau-lanes/n=1000", optimizers.Himmelblau().Defaults(), optimizers.Himmelblau(), 1000, []Option{WithLanes(lanesOf(t, optimizers.Himmelblau().Defaults(),
			"gdm", "gd:lr=0.05", "adam:beta1=0.5", "gdm:momentum=0.97,lr=0.02", "rmsprop:lr=2", "gd"))}},
		{"one-lane/n=1000", optimizers.Defaults(), optimizers.Quadratic(), 1000, []Option{WithLanes(lanesOf(t, optimizers.Defaults(), "adam:lr=0.05"))}},
		// Eight lanes keep a smaller window, which drops 48 at a time.
		{"eight-lanes/n=1000", optimizers.Defaults(), optimizers.Bumpy(), 1000, []Option{WithLanes(lanesOf(t, optimizers.Defaults(),
			"gd", "gdm", "adagrad", "rmsprop", "adam", "gd:lr=1.05", "gdm:momentum=0.5", "adam:beta1=0.5"))}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := straightRun(t, c.s, c.obj, c.n, c.opts...)
			targets := boundaryTargets(c.n)
			r, err := New(c.s, c.obj, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			for range c.n {
				r.Step()
			}
			checkMatchesStraight(t, r, st, c.n, "straight")
			// One walk back to 0, checked at every boundary on the way.
			want := map[int]bool{}
			for _, at := range targets {
				want[at] = true
			}
			for at := c.n - 1; at >= 0; at-- {
				if !r.Back() {
					t.Fatalf("Back refused at t = %d", r.T())
				}
				if want[at] {
					checkMatchesStraight(t, r, st, at, fmt.Sprintf("back from %d", c.n))
				}
			}
			// Jumps back to each target, from n first and then from 300
			// steps past the previous target: stepping on after a replay
			// and stepping back again stay exact.
			for r.T() < c.n {
				r.Step()
			}
			slices.Sort(targets)
			for _, at := range slices.Backward(targets) {
				for r.T() > at {
					r.Back()
				}
				checkMatchesStraight(t, r, st, at, fmt.Sprintf("jump back from %d", c.n))
				for range min(300, c.n-at) {
					r.Step()
				}
				checkMatchesStraight(t, r, st, min(c.n, at+300), fmt.Sprintf("back to %d then forward", at))
			}
		})
	}
}

// lanesOf parses lane specs against s.
func lanesOf(t *testing.T, s optimizers.Settings, specs ...string) []optimizers.Lane {
	t.Helper()
	lanes := make([]optimizers.Lane, len(specs))
	for i, spec := range specs {
		l, err := optimizers.ParseLane(spec, s)
		if err != nil {
			t.Fatal(err)
		}
		lanes[i] = l
	}
	return lanes
}

// TestRandomWalkMatchesStraightRun steps forward and back in bursts of every
// length, crossing window halves and checkpoints in both directions.
func TestRandomWalkMatchesStraightRun(t *testing.T) {
	const n = 3000
	st := straightRun(t, lectureDiverging(), optimizers.Quadratic(), n)
	r, err := New(lectureDiverging(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		burst := rng.IntN(400)
		if rng.IntN(2) == 0 {
			for range min(burst, n-r.T()) {
				r.Step()
			}
		} else {
			for range burst {
				r.Back()
			}
		}
		checkMatchesStraight(t, r, st, r.T(), fmt.Sprintf("walk move %d", i))
		checkBounded(t, r)
	}
}

// TestRecentAfterReplays: SetSettings, Reset and Fork leave Recent as a
// straight run would, also when they follow a long step back.
func TestRecentAfterReplays(t *testing.T) {
	const n = 700
	edited := optimizers.Defaults()
	edited.LR[optimizers.Adam] = 0.1
	stEdited := straightRun(t, edited, optimizers.Quadratic(), n)
	st := straightRun(t, optimizers.Defaults(), optimizers.Quadratic(), n)

	r := newRace(t)
	for range n {
		r.Step()
	}
	for r.T() > 300 {
		r.Back()
	}
	if err := r.SetSettings(edited); err != nil {
		t.Fatal(err)
	}
	checkMatchesStraight(t, r, stEdited, 300, "SetSettings after stepping back")
	for r.T() > 255 {
		r.Back()
	}
	checkMatchesStraight(t, r, stEdited, 255, "back after SetSettings")

	if err := r.SetSettings(optimizers.Defaults()); err != nil {
		t.Fatal(err)
	}
	fork := r.Freeze().Fork()
	checkMatchesStraight(t, fork, st, 255, "Fork")
	for range 3 {
		fork.Back()
	}
	checkMatchesStraight(t, fork, st, 252, "back after Fork")

	r.Reset()
	checkMatchesStraight(t, r, st, 0, "Reset")
	for range 400 {
		r.Step()
	}
	checkMatchesStraight(t, r, st, 400, "steps after Reset")
}

// checkBounded fails if the window or the checkpoints hold or reserve more
// than their bounds.
func checkBounded(t *testing.T, r *Race) {
	t.Helper()
	lanes := len(r.Lanes())
	w, c := r.store.window, r.store.checkpoints
	if r.window.len() > w || r.window.runners() > w*lanes {
		t.Fatalf("t = %d: window len %d holding %d runners, bound %d", r.T(), r.window.len(), r.window.runners(), w)
	}
	if r.checkpoints.len() > c || r.checkpoints.runners() > c*lanes {
		t.Fatalf("t = %d: %d checkpoints holding %d runners, bound %d", r.T(), r.checkpoints.len(), r.checkpoints.runners(), c)
	}
	if r.window.len()+r.checkpoints.len() > MemoryBound || r.window.runners()+r.checkpoints.runners() > MemoryBound*optimizers.NumKinds {
		t.Fatalf("t = %d: %d snapshots held, bound %d", r.T(), r.window.len()+r.checkpoints.len(), MemoryBound)
	}
}

// TestMemoryStaysBounded: endless auto-play, with long steps back that
// replay the window, never holds more than MemoryBound snapshots, nor a
// race of eight lanes more runners than one of five.
func TestMemoryStaysBounded(t *testing.T) {
	s := optimizers.Defaults()
	eight, err := New(s, optimizers.Quadratic(), WithLanes(slices.Repeat(s.Lanes()[:4], 2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Race{newRace(t), eight} {
		testMemoryStaysBounded(t, r)
	}
}

func testMemoryStaysBounded(t *testing.T, r *Race) {
	for t0 := 0; t0 < 300_000; {
		for range 50_000 {
			r.Step()
			checkBounded(t, r)
		}
		for range 700 {
			r.Back()
			checkBounded(t, r)
		}
		t0 = r.T()
	}
	if r.spacing < r.T()/r.store.checkpoints {
		t.Errorf("spacing %d cannot cover t = %d with %d checkpoints", r.spacing, r.T(), r.store.checkpoints)
	}
	if len(r.Recent(windowCap)) < RecentDepth {
		t.Errorf("after a long run Recent holds %d snapshots, want at least %d", len(r.Recent(windowCap)), RecentDepth)
	}
}
