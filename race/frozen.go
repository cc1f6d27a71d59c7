package race

import "github.com/optirace/optirace/optimizers"

// Reader is what views and followers read of a race: *Race, and the frozen
// copies a shared race publishes to its viewers.
type Reader interface {
	Settings() optimizers.Settings
	Objective() optimizers.Objective
	Tol() float64
	T() int
	Runner(k optimizers.Kind) Runner
	State(k optimizers.Kind) optimizers.State
	Recent(n int) []Snapshot
	DivergenceTrail(k optimizers.Kind) []optimizers.State
	Convergence() *Convergence
	Over() bool
	Version() int
}

// frozenLen is how many snapshots a frozen copy keeps: enough for every
// chart trajectory and table a screen shows.
const frozenLen = windowCap / 2

// Tempo is how the presenter of a shared race is stepping it, for viewers'
// status bars.
type Tempo struct {
	Playing        bool
	StepsPerSecond int
}

// Frozen is an immutable copy of what a race shows at one step. A shared
// race publishes one per change, and any number of viewers read it at once.
type Frozen struct {
	// Tempo is set by the publisher before it publishes, and not after.
	Tempo Tempo

	settings    optimizers.Settings
	obj         optimizers.Objective
	tol         float64
	t           int
	version     int
	recent      []Snapshot
	trails      [optimizers.NumKinds][]optimizers.State
	convergence Convergence
}

// Freeze returns an immutable copy of the race's visible state.
func (r *Race) Freeze() *Frozen {
	rec := r.Recent(frozenLen)
	return &Frozen{
		settings:    r.settings,
		obj:         r.obj,
		tol:         r.tol,
		t:           r.T(),
		version:     r.version,
		recent:      append(make([]Snapshot, 0, len(rec)), rec...),
		trails:      r.trails, // trails are never changed, only replaced
		convergence: r.convergence.clone(),
	}
}

// Settings implements Reader.
func (f *Frozen) Settings() optimizers.Settings { return f.settings }

// Objective implements Reader.
func (f *Frozen) Objective() optimizers.Objective { return f.obj }

// Tol implements Reader.
func (f *Frozen) Tol() float64 { return f.tol }

// T implements Reader.
func (f *Frozen) T() int { return f.t }

// Runner implements Reader.
func (f *Frozen) Runner(k optimizers.Kind) Runner { return f.recent[len(f.recent)-1][k] }

// State implements Reader.
func (f *Frozen) State(k optimizers.Kind) optimizers.State { return f.Runner(k).State }

// Recent implements Reader.
func (f *Frozen) Recent(n int) []Snapshot {
	n = max(0, min(n, len(f.recent)))
	return f.recent[len(f.recent)-n:]
}

// DivergenceTrail implements Reader.
func (f *Frozen) DivergenceTrail(k optimizers.Kind) []optimizers.State { return f.trails[k] }

// Convergence implements Reader.
func (f *Frozen) Convergence() *Convergence { return &f.convergence }

// Over implements Reader.
func (f *Frozen) Over() bool { return over(&f.recent[len(f.recent)-1], f.t) }

// Version implements Reader.
func (f *Frozen) Version() int { return f.version }

// Fork returns a private race at the same step, replayed from the start so
// that it is exact and can step back to t = 0.
func (f *Frozen) Fork() *Race {
	r, err := New(f.settings, f.obj, WithTol(f.tol))
	if err != nil {
		// The settings came from a valid race.
		panic(err)
	}
	for range f.t {
		r.Step()
	}
	return r
}
