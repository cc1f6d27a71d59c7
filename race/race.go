// Package race steps the lecture's five optimizers together and keeps their
// history so that any step can be taken back exactly, in bounded memory.
package race

import (
	"github.com/optirace/optirace/optimizers"
)

// Snapshot is the five optimizers' states at one iteration, indexed by Kind.
type Snapshot [optimizers.NumKinds]optimizers.State

// Memory bounds. The window holds the latest states in full (what tables and
// trajectories show); checkpoints every `spacing` steps let Back replay any
// earlier step exactly. When the checkpoints fill up every other one is
// dropped and the spacing doubles, so memory stays bounded however long the
// race runs, and taking a step back costs at most one spacing of replay.
const (
	windowCap     = 256
	checkpointCap = 128
)

// Race is the five optimizers racing from one start point on one objective.
// It is not safe for concurrent use.
type Race struct {
	settings optimizers.Settings
	obj      optimizers.Objective
	opts     [optimizers.NumKinds]optimizers.Optimizer

	// window holds the snapshots of steps lo … lo+len(window)−1; the last is
	// the current step.
	window []Snapshot
	lo     int
	// checkpoints[i] is the snapshot at step i·spacing.
	checkpoints []Snapshot
	spacing     int
	// version counts changes, so views can tell an unchanged race from one
	// that went back and forth to the same step.
	version int
}

// Version returns a number that changes whenever the race does.
func (r *Race) Version() int { return r.version }

// New returns a race at t = 0, or an error naming the first setting out of range.
func New(s optimizers.Settings, obj optimizers.Objective) (*Race, error) {
	r := &Race{}
	if err := r.configure(s, obj); err != nil {
		return nil, err
	}
	r.Reset()
	return r, nil
}

func (r *Race) configure(s optimizers.Settings, obj optimizers.Objective) error {
	if err := s.Validate(); err != nil {
		return err
	}
	var opts [optimizers.NumKinds]optimizers.Optimizer
	for _, k := range optimizers.Kinds() {
		o, err := optimizers.New(k, s, obj)
		if err != nil {
			return err
		}
		opts[k] = o
	}
	r.settings, r.obj, r.opts = s, obj, opts
	return nil
}

// Settings returns the race's hyperparameters.
func (r *Race) Settings() optimizers.Settings { return r.settings }

// Objective returns the function being minimised.
func (r *Race) Objective() optimizers.Objective { return r.obj }

// T returns the current step.
func (r *Race) T() int { return r.lo + len(r.window) - 1 }

// Current returns the snapshot at the current step.
func (r *Race) Current() *Snapshot { return &r.window[len(r.window)-1] }

// State returns optimizer k's state at the current step.
func (r *Race) State(k optimizers.Kind) optimizers.State { return r.window[len(r.window)-1][k] }

// Recent returns up to n snapshots ending at the current step, oldest first.
// The slice is only valid until the race next changes.
func (r *Race) Recent(n int) []Snapshot {
	if n > len(r.window) {
		n = len(r.window)
	}
	if n < 0 {
		n = 0
	}
	return r.window[len(r.window)-n:]
}

// Reset returns the race to t = 0, keeping its settings.
func (r *Race) Reset() {
	r.version++
	start := r.start()
	if r.window == nil {
		r.window = make([]Snapshot, 0, windowCap)
		r.checkpoints = make([]Snapshot, 0, checkpointCap)
	}
	r.window = append(r.window[:0], start)
	r.lo = 0
	r.checkpoints = append(r.checkpoints[:0], start)
	r.spacing = 64
}

func (r *Race) start() Snapshot {
	var s Snapshot
	for _, k := range optimizers.Kinds() {
		s[k] = r.opts[k].Start(r.settings.X0)
	}
	return s
}

// advance steps every optimizer of s once.
func (r *Race) advance(s *Snapshot) {
	for k := range s {
		r.opts[k].Step(&s[k])
	}
}

// Step advances all five optimizers by one iteration.
func (r *Race) Step() {
	r.version++
	next := *r.Current()
	r.advance(&next)
	if len(r.window) == windowCap {
		// Drop the older half; amortised O(1) per step.
		half := windowCap / 2
		copy(r.window, r.window[half:])
		r.window = r.window[:windowCap-half]
		r.lo += half
	}
	r.window = append(r.window, next)
	t := r.T()
	if t%r.spacing == 0 {
		if len(r.checkpoints) == checkpointCap {
			for i := 0; 2*i < len(r.checkpoints); i++ {
				r.checkpoints[i] = r.checkpoints[2*i]
			}
			r.checkpoints = r.checkpoints[:(checkpointCap+1)/2]
			r.spacing *= 2
		}
		if t%r.spacing == 0 {
			r.checkpoints = append(r.checkpoints, next)
		}
	}
}

// Back takes the last step back, restoring every optimizer's previous state
// exactly. It reports false at t = 0.
func (r *Race) Back() bool {
	t := r.T()
	if t == 0 {
		return false
	}
	r.version++
	if len(r.checkpoints) > 0 && (len(r.checkpoints)-1)*r.spacing == t {
		r.checkpoints = r.checkpoints[:len(r.checkpoints)-1]
	}
	if len(r.window) > 1 {
		r.window = r.window[:len(r.window)-1]
		return true
	}
	r.replayTo(t - 1)
	return true
}

// replayTo rebuilds the window to end at step target by replaying from the
// last checkpoint at or before it; the engine is deterministic, so the
// replayed states are bit-identical to the ones first computed.
func (r *Race) replayTo(target int) {
	c := min(target/r.spacing, len(r.checkpoints)-1)
	s := r.checkpoints[c]
	t := c * r.spacing
	keepFrom := max(t, target-windowCap/2+1)
	r.window = r.window[:0]
	r.lo = keepFrom
	for {
		if t >= keepFrom {
			r.window = append(r.window, s)
		}
		if t == target {
			return
		}
		r.advance(&s)
		t++
	}
}

// MemoryBound is the most snapshots a race ever holds, for documentation and tests.
const MemoryBound = windowCap + checkpointCap

// Reader is what views and followers read of a race: *Race, and the frozen
// copies a shared race publishes to its viewers.
type Reader interface {
	Settings() optimizers.Settings
	Objective() optimizers.Objective
	T() int
	State(k optimizers.Kind) optimizers.State
	Recent(n int) []Snapshot
	Version() int
}

// frozenLen is how many snapshots a frozen copy keeps: enough for every
// chart trajectory and table a screen shows.
const frozenLen = windowCap / 2

// Frozen is an immutable copy of what a race shows at one step. A shared
// race publishes one per change, and any number of viewers read it at once.
type Frozen struct {
	settings optimizers.Settings
	obj      optimizers.Objective
	t        int
	version  int
	recent   []Snapshot
}

// Freeze returns an immutable copy of the race's visible state.
func (r *Race) Freeze() *Frozen {
	rec := r.Recent(frozenLen)
	return &Frozen{
		settings: r.settings,
		obj:      r.obj,
		t:        r.T(),
		version:  r.version,
		recent:   append(make([]Snapshot, 0, len(rec)), rec...),
	}
}

// Settings implements Reader.
func (f *Frozen) Settings() optimizers.Settings { return f.settings }

// Objective implements Reader.
func (f *Frozen) Objective() optimizers.Objective { return f.obj }

// T implements Reader.
func (f *Frozen) T() int { return f.t }

// State implements Reader.
func (f *Frozen) State(k optimizers.Kind) optimizers.State { return f.recent[len(f.recent)-1][k] }

// Recent implements Reader.
func (f *Frozen) Recent(n int) []Snapshot {
	n = max(0, min(n, len(f.recent)))
	return f.recent[len(f.recent)-n:]
}

// Version implements Reader.
func (f *Frozen) Version() int { return f.version }

// Fork returns a private race at the same step, replayed from the start so
// that it is exact and can step back to t = 0.
func (f *Frozen) Fork() *Race {
	r, err := New(f.settings, f.obj)
	if err != nil {
		// The settings came from a valid race.
		panic(err)
	}
	for range f.T() {
		r.Step()
	}
	return r
}
