package race

import (
	"slices"

	"github.com/optirace/optirace/optimizers"
)

// Reader is what views and followers read of a race: *Race, and the frozen
// copies a shared race publishes to its viewers. Lanes are indexed 0 …
// len(Lanes())−1, in the order given (the lecture's five: lane k is Kind k).
type Reader interface {
	Settings() optimizers.Settings
	Objective() optimizers.Objective
	Lanes() []optimizers.Lane
	Labels() []string
	Tol() float64
	T() int
	Runner(lane int) Runner
	State(lane int) optimizers.State
	Recent(n int) []Snapshot
	DivergenceTrail(lane int) []optimizers.State
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
	lanes       []optimizers.Lane
	labels      []string
	ownLanes    bool
	tol         float64
	t           int
	version     int
	recent      []Snapshot
	trails      [][]optimizers.State
	convergence Convergence
}

// Freeze returns an immutable copy of the race's visible state.
func (r *Race) Freeze() *Frozen {
	rec := r.Recent(frozenLen)
	// The snapshots' runners in one block, as the race holds its own.
	n := len(r.lanes)
	block := make([]Runner, len(rec)*n)
	recent := make([]Snapshot, len(rec))
	for i, s := range rec {
		recent[i] = block[i*n : (i+1)*n : (i+1)*n]
		copy(recent[i], s)
	}
	return &Frozen{
		settings:    r.settings,
		obj:         r.obj,
		lanes:       r.lanes, // replaced, never changed, by the race
		labels:      r.labels,
		ownLanes:    r.ownLanes,
		tol:         r.tol,
		t:           r.T(),
		version:     r.version,
		recent:      recent,
		trails:      slices.Clone(r.trails), // each trail is replaced, never changed
		convergence: r.convergence.clone(),
	}
}

// Settings implements Reader.
func (f *Frozen) Settings() optimizers.Settings { return f.settings }

// Objective implements Reader.
func (f *Frozen) Objective() optimizers.Objective { return f.obj }

// Lanes implements Reader.
func (f *Frozen) Lanes() []optimizers.Lane { return slices.Clone(f.lanes) }

// Labels implements Reader.
func (f *Frozen) Labels() []string { return f.labels }

// Tol implements Reader.
func (f *Frozen) Tol() float64 { return f.tol }

// T implements Reader.
func (f *Frozen) T() int { return f.t }

// Runner implements Reader.
func (f *Frozen) Runner(i int) Runner { return f.recent[len(f.recent)-1][i] }

// State implements Reader.
func (f *Frozen) State(i int) optimizers.State { return f.Runner(i).State }

// Recent implements Reader.
func (f *Frozen) Recent(n int) []Snapshot {
	n = max(0, min(n, len(f.recent)))
	return f.recent[len(f.recent)-n:]
}

// DivergenceTrail implements Reader.
func (f *Frozen) DivergenceTrail(i int) []optimizers.State { return f.trails[i] }

// Convergence implements Reader.
func (f *Frozen) Convergence() *Convergence { return &f.convergence }

// Over implements Reader.
func (f *Frozen) Over() bool { return over(f.recent[len(f.recent)-1], f.t) }

// Version implements Reader.
func (f *Frozen) Version() int { return f.version }

// Fork returns a private race at the same step, replayed from the start so
// that it is exact and can step back to t = 0.
func (f *Frozen) Fork() *Race {
	var lanes []optimizers.Lane
	if f.ownLanes {
		lanes = f.lanes
	}
	r, err := New(f.settings, f.obj, WithTol(f.tol), WithLanes(lanes))
	if err != nil {
		// The settings came from a valid race.
		panic(err)
	}
	for range f.t {
		r.Step()
	}
	return r
}
