// Package race steps optimizers together toward a finish line — the
// lecture's five, or any one to eight lanes of them with their own
// settings, on a 1-D or 2-D landscape — and keeps their history so that any
// step can be taken back exactly, in bounded memory.
package race

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// DefaultTol is the finish zone's radius: an optimizer is in the zone
// where its distance to the nearest minimum x* is below DefaultTol.
const DefaultTol = 1e-3

// SettleHold is how many steps every runner must have stayed settled (or
// diverged) for the race to be over: long enough that a runner bouncing
// through the zone is seen to leave it again. A runner in the zone since
// t = 0 that never left needs no hold: nothing has moved it.
const SettleHold = 50

// Runner is one lane's optimizer in the race: its state and how its race went.
// A runner keeps stepping inside the finish zone, and may leave it again.
type Runner struct {
	optimizers.State
	// ReachedAt is the first step at which |x − x*| < tol (x* the nearest
	// minimum, |·| the Euclidean distance in 2-D), or −1.
	ReachedAt int
	// SettledAt is the step from which the runner has stayed in the zone
	// up to now, or −1 while it is outside.
	SettledAt int
	// LeftAt is the latest step at which the runner was outside the zone
	// again after being in it, or −1 if it never left.
	LeftAt int
	// DivergedAt is the step at which x, f(x) or the optimizer's state
	// (gradient, velocity, accumulators, moments) stopped being finite or x
	// passed the divergence bound, or −1. A diverged runner stops stepping.
	DivergedAt int
}

// Reached reports whether the runner has ever been in the finish zone.
func (r Runner) Reached() bool { return r.ReachedAt >= 0 }

// Settled reports whether the runner is in the finish zone and has stayed
// there since SettledAt.
func (r Runner) Settled() bool { return r.SettledAt >= 0 }

// Left reports whether the runner has left the finish zone after reaching it.
func (r Runner) Left() bool { return r.LeftAt >= 0 }

// Diverged reports whether the runner has diverged.
func (r Runner) Diverged() bool { return r.DivergedAt >= 0 }

// Snapshot is the runners at one step, indexed by lane (with the lecture's
// five lanes, lane k is Kind k). A snapshot a race returns is its own
// storage: read it, never keep it past the race's next change.
type Snapshot []Runner

// Memory bounds. The window holds the latest snapshots in full (what tables
// and trajectories show); checkpoints every `spacing` steps let Back replay
// any earlier step exactly. When the checkpoints fill up every other one is
// dropped and the spacing doubles, so memory stays bounded however long the
// race runs. A step back that leaves the window replays from a checkpoint to
// refill it, at most one spacing plus one window of steps. These are the
// bounds of a race of up to five lanes; one of more lanes keeps fewer
// snapshots (storageFor), so that no race holds more runners than the
// lecture's five do.
const (
	windowCap     = 256
	checkpointCap = 128
)

// RecentDepth is the fewest snapshots the window holds once t ≥ RecentDepth − 1
// (when it is full, Step drops its oldest), so Recent(n) has
// min(n, T()+1) snapshots for any n ≤ RecentDepth: enough for a chart's
// trajectory and a table, whatever steps and steps back led to T().
const RecentDepth = windowCap/2 + 1

// MemoryBound is the most snapshots a race ever holds; each is one Runner
// per lane. A race of six to eight lanes holds fewer: at most
// MemoryBound·5 runners in all (a Runner is 224 bytes: 420 KiB).
const MemoryBound = windowCap + checkpointCap

// storage is how many snapshots a race keeps: its window's capacity, how
// many of the oldest Step drops when it is full, and its checkpoints.
type storage struct {
	window, drop, checkpoints int
}

// storageFor returns the storage of a race of n lanes: that of the
// lecture's five for up to five lanes, and for more a smaller window (that
// still holds RecentDepth snapshots) and half the checkpoints, in no more
// runners than five lanes hold.
func storageFor(n int) storage {
	if n <= optimizers.NumKinds {
		return storage{window: windowCap, drop: windowCap / 2, checkpoints: checkpointCap}
	}
	const checkpoints = checkpointCap / 2
	window := min(windowCap, MemoryBound*optimizers.NumKinds/n-checkpoints) // 256, 210, 176 for 6, 7, 8 lanes
	return storage{window: window, drop: window - (RecentDepth - 1), checkpoints: checkpoints}
}

// Race is one to eight lanes racing from one start point on one objective.
// It is not safe for concurrent use.
type Race struct {
	settings optimizers.Settings
	obj      optimizers.Objective
	// lanes are the race's runners' optimizers and settings, labels their
	// names; ownLanes is set when they were given (WithLanes, SetLanes)
	// and are not the five of settings.
	lanes    []optimizers.Lane
	labels   []string
	ownLanes bool
	tol      float64
	bound    float64 // the distance to the finish beyond which a runner has diverged
	opts     []optimizers.Optimizer

	// window holds the snapshots of steps lo … lo+window.len()−1; the last
	// is the current step. lo is always windowStart(T()), whatever path led
	// to T(), so Recent returns what a straight run to T() would. store
	// bounds it and the checkpoints.
	store  storage
	window snapshots
	lo     int
	// checkpoints.at(i) is the snapshot at step i·spacing.
	checkpoints snapshots
	spacing     int
	// scratch is a snapshot a replay steps before it reaches the window.
	scratch Snapshot
	// trails[i] is lane i's states at the steps that led to its
	// divergence, while it is diverged (see DivergenceTrail); nil otherwise.
	// A trail is replaced, never changed, so frozen copies share it.
	trails [][]optimizers.State
	// convergence is log₁₀|x_t − x*| for the convergence chart.
	convergence Convergence
	// version counts changes, so views can tell an unchanged race from one
	// that went back and forth to the same step.
	version int
}

// Option changes how a race is run.
type Option func(*Race) error

// WithTol sets the finish line's tolerance (finite, > 0; default DefaultTol).
func WithTol(tol float64) Option {
	return func(r *Race) error {
		if !(tol > 0) || math.IsInf(tol, 0) {
			return fmt.Errorf("tol must be a finite number > 0, got %v", tol)
		}
		r.tol = tol
		return nil
	}
}

// WithLanes races lanes (1 to optimizers.MaxLanes, any optimizers in any
// order) instead of the five the settings give (Settings.Lanes); nil or
// those five mean the settings' five. The settings still give the start
// point.
func WithLanes(lanes []optimizers.Lane) Option {
	return func(r *Race) error {
		if lanes == nil {
			return nil
		}
		if err := optimizers.CheckLanes(len(lanes)); err != nil {
			return err
		}
		r.lanes, r.ownLanes = slices.Clone(lanes), true
		return nil
	}
}

// New returns a race at t = 0, or an error naming the first setting out of
// range. Without WithLanes it races the lecture's five optimizers at the
// settings s gives each.
func New(s optimizers.Settings, obj optimizers.Objective, opts ...Option) (*Race, error) {
	r := &Race{tol: DefaultTol}
	for _, o := range opts {
		if err := o(r); err != nil {
			return nil, err
		}
	}
	lanes := r.lanes
	if !r.ownLanes {
		lanes = nil
	}
	if err := r.configure(s, obj, lanes); err != nil {
		return nil, err
	}
	r.Reset()
	return r, nil
}

// configure sets the race's settings, objective and lanes (nil: the five
// of s), and sizes its storage to the lanes; on error nothing changes.
func (r *Race) configure(s optimizers.Settings, obj optimizers.Objective, lanes []optimizers.Lane) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := CheckStart(obj, s.Start()); err != nil {
		return err
	}
	own := lanes != nil && !slices.Equal(lanes, s.Lanes())
	if !own {
		lanes = s.Lanes()
	}
	opts := make([]optimizers.Optimizer, len(lanes))
	for i, l := range lanes {
		o, err := optimizers.NewLane(l, obj)
		if err != nil {
			return err
		}
		opts[i] = o
	}
	if r.window.lanes != len(lanes) {
		r.store = storageFor(len(lanes))
		r.window = newSnapshots(len(lanes), r.store.window)
		r.checkpoints = newSnapshots(len(lanes), r.store.checkpoints)
		r.scratch = make(Snapshot, len(lanes))
		r.trails = make([][]optimizers.State, len(lanes))
	}
	r.settings, r.obj, r.opts = s, obj, opts
	r.lanes, r.ownLanes, r.labels = slices.Clone(lanes), own, optimizers.Labels(lanes)
	r.bound = DivergenceBound(obj, s.Start())
	return nil
}

// StartError reports a start point so far from the minimum that the
// landscape overflows float64 there: the race would be over before it began.
type StartError struct {
	// X0 and Y0 are the start point (Y0 on a 2-D landscape only).
	X0, Y0    float64
	Objective optimizers.Objective
	// Limit, on a 1-D landscape, is a power of ten: every x within Limit of
	// x* starts a race. 0 on a 2-D landscape.
	Limit float64
}

// Error implements error: "x0 must be within 6.7e153 of x* = 0 on f(x) = x² …",
// or on a 2-D landscape "the start (x0, y0) = (1e+200, 0) is too far out on …".
func (e *StartError) Error() string {
	if e.Objective.Dim == 2 {
		return fmt.Sprintf("the start (x0, y0) = (%s, %s) is too far out on f(x, y) = %s: f or a partial derivative squared overflows float64 there",
			strconv.FormatFloat(e.X0, 'g', -1, 64), strconv.FormatFloat(e.Y0, 'g', -1, 64), e.Objective.Formula)
	}
	xStar := e.Objective.Minima[0][0]
	return fmt.Sprintf("x0 must be within %s of x* = %s on f(x) = %s (further out f(x) or f′(x)² overflows float64), got %s",
		numfmt.Compact(e.Limit, 8), numfmt.Compact(xStar, 12), e.Objective.Formula, strconv.FormatFloat(e.X0, 'g', -1, 64))
}

// Brief says what is wrong without naming x0, for beside an x₀ field.
func (e *StartError) Brief() string {
	if e.Objective.Dim == 2 {
		return "too far out: f or its gradient² overflows float64 at (x₀, y₀) on f(x, y) = " + e.Objective.Formula
	}
	return fmt.Sprintf("too far out: keep x₀ within %s of x* = %s on f(x) = %s",
		numfmt.Compact(e.Limit, 8), numfmt.Compact(e.Objective.Minima[0][0], 12), e.Objective.Formula)
}

// CheckStart returns a *StartError when f, a partial derivative or its
// square is not finite at the start p on obj (p[1] is ignored in 1-D): the
// accumulators square the gradient.
func CheckStart(obj optimizers.Objective, p optimizers.Vec) error {
	if obj.Dim == 1 {
		p[1] = 0
	}
	if startable(&obj, p) {
		return nil
	}
	e := &StartError{X0: p[0], Y0: p[1], Objective: obj}
	if obj.Dim == 1 {
		e.Limit = startLimit(&obj)
	}
	return e
}

// startLimit is the largest distance from a 1-D landscape's minimiser, to
// two significant digits (6.7e153 for x²), within which every start is
// startable.
func startLimit(obj *optimizers.Objective) float64 {
	xStar := obj.Minima[0][0]
	for e := 308; e >= 0; e-- {
		for m := 99; m >= 10; m-- {
			// Exactly the literal, unlike a product with math.Pow.
			d, _ := strconv.ParseFloat(strconv.Itoa(m/10)+"."+strconv.Itoa(m%10)+"e"+strconv.Itoa(e), 64)
			if startable(obj, optimizers.Vec{xStar - d}) && startable(obj, optimizers.Vec{xStar + d}) {
				return d
			}
		}
	}
	return 1
}

func startable(obj *optimizers.Objective, p optimizers.Vec) bool {
	g := obj.Grad(p)
	return finite(p[0]) && finite(p[1]) && finite(obj.F(p)) && finite(g[0]*g[0]) && finite(g[1]*g[1])
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// DivergenceBound is how far from the nearest minimum a runner started at
// p may be before it counts as diverged: 10⁶ times p's distance to the
// finish (at least 1).
func DivergenceBound(obj optimizers.Objective, p optimizers.Vec) float64 {
	return 1e6 * math.Max(1, obj.Distance(p))
}

// Settings returns the race's hyperparameters: its start point, and the
// five lanes' settings unless it has lanes of its own.
func (r *Race) Settings() optimizers.Settings { return r.settings }

// Lanes returns the race's lanes, in order: each runner's optimizer and
// settings. The slice is the caller's.
func (r *Race) Lanes() []optimizers.Lane { return slices.Clone(r.lanes) }

// Labels returns each lane's name, as optimizers.Labels gives it: "GD",
// or "GD α=0.5" beside another GD. The slice must not be changed.
func (r *Race) Labels() []string { return r.labels }

// Objective returns the function being minimised.
func (r *Race) Objective() optimizers.Objective { return r.obj }

// Tol returns the finish line's tolerance.
func (r *Race) Tol() float64 { return r.tol }

// Version returns a number that changes whenever the race does.
func (r *Race) Version() int { return r.version }

// T returns the current step.
func (r *Race) T() int { return r.lo + r.window.len() - 1 }

// Current returns the snapshot at the current step.
func (r *Race) Current() Snapshot { return r.window.last() }

// Runner returns lane i's runner at the current step.
func (r *Race) Runner(i int) Runner { return r.window.last()[i] }

// State returns lane i's state at the current step.
func (r *Race) State(i int) optimizers.State { return r.Runner(i).State }

// Recent returns up to n snapshots ending at the current step, oldest first:
// min(n, T()+1) of them for n ≤ RecentDepth, and for larger n the same ones a
// race stepped straight to T() would return (at most windowCap), however the
// race got there. The slice is only valid until the race next changes.
func (r *Race) Recent(n int) []Snapshot {
	n = max(0, min(n, r.window.len()))
	return r.window.list[r.window.len()-n:]
}

// DivergenceTrail returns the states of lane i at the last steps up to
// and including the one where it diverged, at most RecentDepth of them,
// oldest first, or nil if it has not diverged. A diverged runner stops
// stepping, so once the race has run on, the window no longer holds how it
// got there; the trail keeps it for tables and trajectories. The slice must
// not be changed.
func (r *Race) DivergenceTrail(i int) []optimizers.State { return r.trails[i] }

// recordTrails keeps the trail of every runner that diverged at the
// window's latest step, which follows prev.
func (r *Race) recordTrails(prev, next Snapshot) {
	last := r.window.len() - 1 // next's
	for k := range next {
		if !next[k].Diverged() || prev[k].Diverged() {
			continue
		}
		from := max(0, last-(RecentDepth-1))
		trail := make([]optimizers.State, 0, last-from+1)
		for i := from; i <= last; i++ {
			trail = append(trail, r.window.at(i)[k].State)
		}
		r.trails[k] = trail
	}
}

// Convergence returns log₁₀ of each lane's distance to the finish over the
// whole race, decimated to a bounded number of points. Valid until the
// race changes.
func (r *Race) Convergence() *Convergence { return &r.convergence }

// Over reports whether the race is over at its current step: every runner
// has diverged, or settled and stayed settled for SettleHold steps (or
// since t = 0). A runner that leaves the zone later makes it not over again.
func (r *Race) Over() bool { return over(r.Current(), r.T()) }

func over(s Snapshot, t int) bool {
	for i := range s { // by index: a Runner is too big to copy
		run := &s[i]
		switch {
		case run.DivergedAt >= 0:
		case run.SettledAt < 0:
			return false
		case run.SettledAt > 0 && t-run.SettledAt < SettleHold:
			return false
		}
	}
	return true
}

// Reset returns the race to t = 0, keeping its settings.
func (r *Race) Reset() {
	r.version++
	r.window.truncate(0)
	start := r.window.push()
	r.start(start)
	r.lo = 0
	r.checkpoints.truncate(0)
	r.checkpoints.add(start)
	r.spacing = 64
	clear(r.trails)
	r.convergence.reset(r.obj, len(r.lanes))
	r.convergence.add(0, start)
}

// start fills s with every lane at t = 0.
func (r *Race) start(s Snapshot) {
	for i := range s {
		s[i] = Runner{State: r.opts[i].Start(r.settings.Start()), ReachedAt: -1, SettledAt: -1, LeftAt: -1, DivergedAt: -1}
		r.judge(&s[i], 0)
	}
}

// advance steps every runner of s that has not diverged once, to step t,
// and reports whether any diverged at t.
func (r *Race) advance(s Snapshot, t int) (diverged bool) {
	for k := range s {
		run := &s[k]
		if run.DivergedAt >= 0 {
			continue
		}
		r.opts[k].Step(&run.State)
		r.judge(run, t)
		diverged = diverged || run.DivergedAt >= 0
	}
	return diverged
}

// judge records at step t a divergence, or whether the runner is in the
// finish zone: its first arrival, the start of its stay, its leaving.
func (r *Race) judge(run *Runner, t int) {
	var d float64
	if r.obj.Dim == 1 && len(r.obj.Minima) == 1 {
		d = math.Abs(run.X[0] - r.obj.Minima[0][0]) // Distance, inline
	} else {
		d = r.obj.Distance(run.X)
	}
	switch {
	case diverges(&run.State, r.obj.Dim, d, r.bound):
		run.DivergedAt = t
	case d < r.tol:
		if run.ReachedAt < 0 {
			run.ReachedAt = t
		}
		if run.SettledAt < 0 {
			run.SettledAt = t
		}
	case run.SettledAt >= 0:
		run.SettledAt, run.LeftAt = -1, t
	}
}

// finiteState reports whether every quantity of s is finite. A squared
// gradient can overflow while x stays finite: AdaGrad's G turns +Inf, its
// learning rate 0, and x freezes far from the minimum.
func finiteState(s *optimizers.State, dim int) bool {
	// A finite sum means finite terms: the usual case, in one test. A sum
	// that is not finite may still be finite terms adding past float64's
	// largest number, so then each is checked. A 1-D state's y parts are 0.
	for i := range dim {
		if finite(s.Grad[i] + s.Velocity[i] + s.G[i] + s.EG2[i] + s.M[i] + s.V[i] + s.MHat[i] + s.VHat[i] + s.EffectiveLR[i] + s.Step[i]) {
			continue
		}
		for _, v := range [...]float64{s.Grad[i], s.Velocity[i], s.G[i], s.EG2[i], s.M[i], s.V[i], s.MHat[i], s.VHat[i], s.EffectiveLR[i], s.Step[i]} {
			if !finite(v) {
				return false
			}
		}
	}
	return true
}

// windowStart is the first step the window holds at step t: Step fills the
// window to its capacity C, then drops the oldest D (store.drop), so from
// t = C on the window starts at a multiple of D and holds C − D + 1 =
// RecentDepth to C snapshots.
func (r *Race) windowStart(t int) int {
	c, d := r.store.window, r.store.drop
	if t < c {
		return 0
	}
	return ((t-c)/d + 1) * d
}

// Step advances the race by one iteration: every runner that has not
// diverged steps once.
func (r *Race) Step() {
	r.version++
	t := r.T() + 1
	if r.window.full() {
		// Drop the oldest: their slots take the next steps.
		r.window.dropFront(r.store.drop)
		r.lo += r.store.drop
	}
	prev := r.window.last()
	next := r.window.push()
	copy(next, prev)
	if r.advance(next, t) {
		r.recordTrails(prev, next)
	}
	r.convergence.add(t, next)
	if t%r.spacing == 0 {
		if r.checkpoints.full() {
			r.checkpoints.keepEven()
			r.spacing *= 2
		}
		if t%r.spacing == 0 {
			r.checkpoints.add(next)
		}
	}
}

// Back takes the last step back, restoring every runner's previous state,
// finish and divergence exactly. It reports false at t = 0.
func (r *Race) Back() bool {
	t := r.T()
	if t == 0 {
		return false
	}
	r.version++
	if n := r.checkpoints.len(); n > 0 && (n-1)*r.spacing == t {
		r.checkpoints.truncate(n - 1)
	}
	if r.windowStart(t-1) == r.lo {
		r.window.truncate(r.window.len() - 1)
	} else {
		// Popping would leave fewer snapshots than a straight run holds at
		// t−1, and tables and trajectories would come up short.
		r.replayTo(t - 1)
	}
	r.convergence.truncate(t-1, r.Current())
	cur := r.Current()
	for k := range r.trails {
		if r.trails[k] != nil && !cur[k].Diverged() {
			r.trails[k] = nil
		}
	}
	return true
}

// replayTo rebuilds the window to hold steps windowStart(target) … target by
// replaying from the last checkpoint at or before its first step; the engine
// is deterministic, so the replayed states are bit-identical to the ones
// first computed.
func (r *Race) replayTo(target int) {
	keepFrom := r.windowStart(target)
	c := min(keepFrom/r.spacing, r.checkpoints.len()-1)
	s := r.scratch
	copy(s, r.checkpoints.at(c))
	t := c * r.spacing
	r.window.truncate(0)
	r.lo = keepFrom
	for {
		if t >= keepFrom {
			r.window.add(s)
		}
		if t == target {
			return
		}
		t++
		r.advance(s, t)
	}
}

// RunToEnd steps until the race is over (see Over), or t reaches maxSteps.
func (r *Race) RunToEnd(maxSteps int) {
	_ = r.RunToEndContext(context.Background(), maxSteps)
}

// RunToEndContext is RunToEnd that stops early when ctx is done, at a step
// before the end, and returns ctx.Err(); it returns nil when the race got to
// its end. It looks at ctx every ctxCheckSteps steps (about a millisecond),
// so that a long race stops at once without the check slowing its steps.
func (r *Race) RunToEndContext(ctx context.Context, maxSteps int) error {
	for r.T() < maxSteps && !r.Over() {
		if r.T()%ctxCheckSteps == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r.Step()
	}
	return nil
}

// RunToContext steps to maxSteps, whether or not the race is over before,
// and stops early when ctx is done, returning ctx.Err().
func (r *Race) RunToContext(ctx context.Context, maxSteps int) error {
	for r.T() < maxSteps {
		if r.T()%ctxCheckSteps == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r.Step()
	}
	return nil
}

// ctxCheckSteps is how many steps RunToEndContext takes between looks at
// its context.
const ctxCheckSteps = 1024

// givenLanes returns the race's lanes if they are its own (WithLanes), nil
// if they are the five of its settings.
func (r *Race) givenLanes() []optimizers.Lane {
	if r.ownLanes {
		return r.lanes
	}
	return nil
}

// SetSettings changes the hyperparameters and replays the race from its
// start to the current step, so the race stays aligned: lanes whose
// settings did not change replay to exactly the states they had. A race
// with lanes of its own keeps them and takes only the start point from s.
// On error (a setting out of range) nothing changes.
func (r *Race) SetSettings(s optimizers.Settings) error {
	t := r.T()
	if err := r.configure(s, r.obj, r.givenLanes()); err != nil { // changes nothing on error
		return err
	}
	r.replayFromStart(t)
	return nil
}

// SetLanes races lanes instead (1 to optimizers.MaxLanes; nil means the
// five of the settings) and replays the race from its start to the current
// step. On error nothing changes.
func (r *Race) SetLanes(lanes []optimizers.Lane) error {
	if lanes != nil {
		if err := optimizers.CheckLanes(len(lanes)); err != nil {
			return err
		}
	}
	t := r.T()
	if err := r.configure(r.settings, r.obj, lanes); err != nil {
		return err
	}
	r.replayFromStart(t)
	return nil
}

// replayFromStart resets the race and steps it to t.
func (r *Race) replayFromStart(t int) {
	r.Reset()
	for range t {
		r.Step()
	}
}

// SetObjective switches the race to another landscape and restarts it at
// t = 0, from the same start point (its y ignored on a 1-D landscape).
func (r *Race) SetObjective(obj optimizers.Objective) error {
	if err := r.configure(r.settings, obj, r.givenLanes()); err != nil {
		return err
	}
	r.Reset()
	return nil
}

// Restart changes the hyperparameters and restarts the race at t = 0; a
// race with lanes of its own keeps them and takes only the start point
// from s.
func (r *Race) Restart(s optimizers.Settings) error {
	if err := r.configure(s, r.obj, r.givenLanes()); err != nil {
		return err
	}
	r.Reset()
	return nil
}

// Diverges reports whether a runner in state s has diverged by the race's
// rule (see Runner.DivergedAt): x, f or a quantity of s is not finite, or
// x is further than bound (DivergenceBound) from obj's nearest minimum. It
// lets a replay that steps the optimizers alone stop where the race stops
// them.
func Diverges(s *optimizers.State, obj *optimizers.Objective, bound float64) bool {
	return diverges(s, obj.Dim, obj.Distance(s.X), bound)
}

// diverges is Diverges for a state at distance d from the finish.
func diverges(s *optimizers.State, dim int, d, bound float64) bool {
	return !finite(s.X[0]) || !finite(s.X[1]) || !finite(s.F) || d > bound || !finiteState(s, dim)
}
