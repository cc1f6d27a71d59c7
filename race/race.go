// Package race steps the lecture's five optimizers together toward a finish
// line, and keeps their history so that any step can be taken back exactly,
// in bounded memory.
package race

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// DefaultTol is the finish zone's radius: an optimizer is in the zone
// where |x − x*| < DefaultTol.
const DefaultTol = 1e-3

// SettleHold is how many steps every runner must have stayed settled (or
// diverged) for the race to be over: long enough that a runner bouncing
// through the zone is seen to leave it again. A runner in the zone since
// t = 0 that never left needs no hold: nothing has moved it.
const SettleHold = 50

// Runner is one optimizer in the race: its state and how its race went.
// A runner keeps stepping inside the finish zone, and may leave it again.
type Runner struct {
	optimizers.State
	// ReachedAt is the first step at which |x − x*| < tol, or −1.
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

// Snapshot is the five runners at one step, indexed by Kind.
type Snapshot [optimizers.NumKinds]Runner

// Memory bounds. The window holds the latest snapshots in full (what tables
// and trajectories show); checkpoints every `spacing` steps let Back replay
// any earlier step exactly. When the checkpoints fill up every other one is
// dropped and the spacing doubles, so memory stays bounded however long the
// race runs. A step back that leaves the window replays from a checkpoint to
// refill it, at most one spacing plus one window of steps.
const (
	windowCap     = 256
	checkpointCap = 128
)

// RecentDepth is the fewest snapshots the window holds once t ≥ RecentDepth − 1
// (when it is full, Step drops its older half), so Recent(n) has
// min(n, T()+1) snapshots for any n ≤ RecentDepth: enough for a chart's
// trajectory and a table, whatever steps and steps back led to T().
const RecentDepth = windowCap/2 + 1

// MemoryBound is the most snapshots a race ever holds.
const MemoryBound = windowCap + checkpointCap

// Race is the five optimizers racing from one start point on one objective.
// It is not safe for concurrent use.
type Race struct {
	settings optimizers.Settings
	obj      optimizers.Objective
	tol      float64
	bound    float64 // |x − x*| beyond which a runner has diverged
	opts     [optimizers.NumKinds]optimizers.Optimizer

	// window holds the snapshots of steps lo … lo+len(window)−1; the last is
	// the current step. lo is always windowStart(T()), whatever path led to
	// T(), so Recent returns what a straight run to T() would.
	window []Snapshot
	lo     int
	// checkpoints[i] is the snapshot at step i·spacing.
	checkpoints []Snapshot
	spacing     int
	// trails[k] is runner k's states at the steps that led to its
	// divergence, while it is diverged (see DivergenceTrail); nil otherwise.
	// A trail is replaced, never changed, so frozen copies share it.
	trails [optimizers.NumKinds][]optimizers.State
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

// New returns a race at t = 0, or an error naming the first setting out of range.
func New(s optimizers.Settings, obj optimizers.Objective, opts ...Option) (*Race, error) {
	r := &Race{tol: DefaultTol}
	for _, o := range opts {
		if err := o(r); err != nil {
			return nil, err
		}
	}
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
	if err := CheckStart(obj, s.X0); err != nil {
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
	r.bound = DivergenceBound(s.X0, obj.Minimizer)
	return nil
}

// StartError reports a start point so far from the minimiser that the
// landscape overflows float64 there: the race would be over before it began.
type StartError struct {
	X0        float64
	Objective optimizers.Objective
	// Limit is a power of ten: every x within Limit of x* starts a race.
	Limit float64
}

// Error implements error: "x0 must be within 6.7e153 of x* = 0 on f(x) = x² …".
func (e *StartError) Error() string {
	return fmt.Sprintf("x0 must be within %s of x* = %s on f(x) = %s (further out f(x) or f′(x)² overflows float64), got %s",
		numfmt.Compact(e.Limit, 8), numfmt.Compact(e.Objective.Minimizer, 12), e.Objective.Formula, strconv.FormatFloat(e.X0, 'g', -1, 64))
}

// Brief says what is wrong without naming x0, for beside an x₀ field.
func (e *StartError) Brief() string {
	return fmt.Sprintf("too far out: keep x₀ within %s of x* = %s on f(x) = %s",
		numfmt.Compact(e.Limit, 8), numfmt.Compact(e.Objective.Minimizer, 12), e.Objective.Formula)
}

// CheckStart returns a *StartError when f(x0), f′(x0) or f′(x0)² is not
// finite on obj: the accumulators square the gradient.
func CheckStart(obj optimizers.Objective, x0 float64) error {
	if startable(obj, x0) {
		return nil
	}
	return &StartError{X0: x0, Objective: obj, Limit: startLimit(obj)}
}

// startLimit is the largest distance from the minimiser, to two significant
// digits (6.7e153 for x²), within which every start is startable.
func startLimit(obj optimizers.Objective) float64 {
	for e := 308; e >= 0; e-- {
		for m := 99; m >= 10; m-- {
			// Exactly the literal, unlike a product with math.Pow.
			d, _ := strconv.ParseFloat(strconv.Itoa(m/10)+"."+strconv.Itoa(m%10)+"e"+strconv.Itoa(e), 64)
			if startable(obj, obj.Minimizer-d) && startable(obj, obj.Minimizer+d) {
				return d
			}
		}
	}
	return 1
}

func startable(obj optimizers.Objective, x float64) bool {
	g := obj.Grad(x)
	return finite(x) && finite(obj.F(x)) && finite(g*g)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// DivergenceBound is how far from the minimiser x* a runner may be before it
// counts as diverged: 10⁶ times its start distance (at least 1).
func DivergenceBound(x0, xStar float64) float64 {
	return 1e6 * math.Max(1, math.Abs(x0-xStar))
}

// appendBounded appends s, growing the slice's capacity by doubling up to
// limit and never beyond, so a short race holds little memory and a long one
// exactly its bound.
func appendBounded(ss []Snapshot, s Snapshot, limit int) []Snapshot {
	if len(ss) == cap(ss) {
		grown := make([]Snapshot, len(ss), min(max(2*cap(ss), 8), limit))
		copy(grown, ss)
		ss = grown
	}
	return append(ss, s)
}

// Settings returns the race's hyperparameters.
func (r *Race) Settings() optimizers.Settings { return r.settings }

// Objective returns the function being minimised.
func (r *Race) Objective() optimizers.Objective { return r.obj }

// Tol returns the finish line's tolerance.
func (r *Race) Tol() float64 { return r.tol }

// Version returns a number that changes whenever the race does.
func (r *Race) Version() int { return r.version }

// T returns the current step.
func (r *Race) T() int { return r.lo + len(r.window) - 1 }

// Current returns the snapshot at the current step.
func (r *Race) Current() *Snapshot { return &r.window[len(r.window)-1] }

// Runner returns optimizer k at the current step.
func (r *Race) Runner(k optimizers.Kind) Runner { return r.window[len(r.window)-1][k] }

// State returns optimizer k's state at the current step.
func (r *Race) State(k optimizers.Kind) optimizers.State { return r.Runner(k).State }

// Recent returns up to n snapshots ending at the current step, oldest first:
// min(n, T()+1) of them for n ≤ RecentDepth, and for larger n the same ones a
// race stepped straight to T() would return (at most windowCap), however the
// race got there. The slice is only valid until the race next changes.
func (r *Race) Recent(n int) []Snapshot {
	n = max(0, min(n, len(r.window)))
	return r.window[len(r.window)-n:]
}

// DivergenceTrail returns the states of runner k at the last steps up to
// and including the one where it diverged, at most RecentDepth of them,
// oldest first, or nil if k has not diverged. A diverged runner stops
// stepping, so once the race has run on, the window no longer holds how it
// got there; the trail keeps it for tables and trajectories. The slice must
// not be changed.
func (r *Race) DivergenceTrail(k optimizers.Kind) []optimizers.State { return r.trails[k] }

// recordTrails keeps the trail of every runner that diverged at the step
// next, which is about to join the window.
func (r *Race) recordTrails(next *Snapshot) {
	prev := r.Current()
	for k := range next {
		if !next[k].Diverged() || prev[k].Diverged() {
			continue
		}
		from := max(0, len(r.window)-(RecentDepth-1))
		trail := make([]optimizers.State, 0, len(r.window)-from+1)
		for i := from; i < len(r.window); i++ {
			trail = append(trail, r.window[i][k].State)
		}
		r.trails[k] = append(trail, next[k].State)
	}
}

// Convergence returns log₁₀|x_t − x*| per optimizer over the whole
// race, decimated to a bounded number of points. Valid until the race changes.
func (r *Race) Convergence() *Convergence { return &r.convergence }

// Over reports whether the race is over at its current step: every runner
// has diverged, or settled and stayed settled for SettleHold steps (or
// since t = 0). A runner that leaves the zone later makes it not over again.
func (r *Race) Over() bool { return over(r.Current(), r.T()) }

func over(s *Snapshot, t int) bool {
	for _, run := range s {
		switch {
		case run.Diverged():
		case !run.Settled():
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
	start := r.start()
	r.window = appendBounded(r.window[:0], start, windowCap)
	r.lo = 0
	r.checkpoints = appendBounded(r.checkpoints[:0], start, checkpointCap)
	r.spacing = 64
	r.trails = [optimizers.NumKinds][]optimizers.State{}
	r.convergence.reset(r.obj)
	r.convergence.add(0, &start)
}

func (r *Race) start() Snapshot {
	var s Snapshot
	for _, k := range optimizers.Kinds() {
		s[k] = Runner{State: r.opts[k].Start(r.settings.X0), ReachedAt: -1, SettledAt: -1, LeftAt: -1, DivergedAt: -1}
		r.judge(&s[k], 0)
	}
	return s
}

// advance steps every runner of s that has not diverged once, to step t,
// and reports whether any diverged at t.
func (r *Race) advance(s *Snapshot, t int) (diverged bool) {
	for k := range s {
		if s[k].Diverged() {
			continue
		}
		r.opts[k].Step(&s[k].State)
		r.judge(&s[k], t)
		diverged = diverged || s[k].Diverged()
	}
	return diverged
}

// judge records at step t a divergence, or whether the runner is in the
// finish zone: its first arrival, the start of its stay, its leaving.
func (r *Race) judge(run *Runner, t int) {
	d := math.Abs(run.X - r.obj.Minimizer)
	switch {
	case diverges(&run.State, d, r.bound):
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
func finiteState(s *optimizers.State) bool {
	// A finite sum means finite terms: the usual case, in one test. A sum
	// that is not finite may still be finite terms adding past float64's
	// largest number, so then each is checked.
	if finite(s.Grad + s.Velocity + s.G + s.EG2 + s.M + s.V + s.MHat + s.VHat + s.EffectiveLR + s.Step) {
		return true
	}
	for _, v := range [...]float64{s.Grad, s.Velocity, s.G, s.EG2, s.M, s.V, s.MHat, s.VHat, s.EffectiveLR, s.Step} {
		if !finite(v) {
			return false
		}
	}
	return true
}

// windowStart is the first step the window holds at step t: Step fills the
// window to windowCap, then drops its older half, so from t = windowCap on
// the window starts at a multiple of windowCap/2 and holds RecentDepth to
// windowCap snapshots.
func windowStart(t int) int {
	if t < windowCap {
		return 0
	}
	half := windowCap / 2
	return (t/half - 1) * half
}

// Step advances the race by one iteration: every runner that has not
// diverged steps once.
func (r *Race) Step() {
	r.version++
	next := *r.Current()
	t := r.T() + 1
	if r.advance(&next, t) {
		r.recordTrails(&next)
	}
	if len(r.window) == windowCap {
		// Drop the older half; amortised O(1) per step.
		half := windowCap / 2
		copy(r.window, r.window[half:])
		r.window = r.window[:windowCap-half]
		r.lo += half
	}
	r.window = appendBounded(r.window, next, windowCap)
	r.convergence.add(t, &next)
	if t%r.spacing == 0 {
		if len(r.checkpoints) == checkpointCap {
			for i := 0; 2*i < len(r.checkpoints); i++ {
				r.checkpoints[i] = r.checkpoints[2*i]
			}
			r.checkpoints = r.checkpoints[:(checkpointCap+1)/2]
			r.spacing *= 2
		}
		if t%r.spacing == 0 {
			r.checkpoints = appendBounded(r.checkpoints, next, checkpointCap)
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
	if len(r.checkpoints) > 0 && (len(r.checkpoints)-1)*r.spacing == t {
		r.checkpoints = r.checkpoints[:len(r.checkpoints)-1]
	}
	if windowStart(t-1) == r.lo {
		r.window = r.window[:len(r.window)-1]
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
	keepFrom := windowStart(target)
	c := min(keepFrom/r.spacing, len(r.checkpoints)-1)
	s := r.checkpoints[c]
	t := c * r.spacing
	r.window = r.window[:0]
	r.lo = keepFrom
	for {
		if t >= keepFrom {
			r.window = appendBounded(r.window, s, windowCap)
		}
		if t == target {
			return
		}
		t++
		r.advance(&s, t)
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

// SetSettings changes the hyperparameters and replays the race from x0 to
// the current step, so the race stays aligned: optimizers whose settings did
// not change replay to exactly the states they had. On error (a setting out
// of range) nothing changes.
func (r *Race) SetSettings(s optimizers.Settings) error {
	t := r.T()
	if err := r.configure(s, r.obj); err != nil { // changes nothing on error
		return err
	}
	r.Reset()
	for range t {
		r.Step()
	}
	return nil
}

// SetObjective switches the race to another landscape and restarts it at t = 0.
func (r *Race) SetObjective(obj optimizers.Objective) error {
	if err := r.configure(r.settings, obj); err != nil {
		return err
	}
	r.Reset()
	return nil
}

// Restart changes the hyperparameters and restarts the race at t = 0.
func (r *Race) Restart(s optimizers.Settings) error {
	if err := r.configure(s, r.obj); err != nil {
		return err
	}
	r.Reset()
	return nil
}

// Diverges reports whether a runner in state s has diverged by the race's
// rule (see Runner.DivergedAt): x, f(x) or a quantity of s is not finite,
// or x is further than bound (DivergenceBound) from the minimiser xStar.
// It lets a replay that steps the optimizers alone stop where the race
// stops them.
func Diverges(s *optimizers.State, xStar, bound float64) bool {
	return diverges(s, math.Abs(s.X-xStar), bound)
}

// diverges is Diverges for a state at distance d from the minimiser.
func diverges(s *optimizers.State, d, bound float64) bool {
	return !finite(s.X) || !finite(s.F) || d > bound || !finiteState(s)
}
