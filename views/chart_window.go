package views

import (
	"math"

	"github.com/optirace/optirace/optimizers"
)

// trackSpan is how many of the latest steps the track view keeps in view:
// the region the iterates occupy now.
const trackSpan = 8

// axesInput is the range the axes are chosen over for trajectory traj
// (whose chart y are c.ys): the landscape's, or the track view's window;
// f's range, or the decades of f − f* the landscape and the points span.
// It reports false when the track view has no finite point to follow.
func (c *LossChart) axesInput(traj []Point, t int, track bool) (axesInput, bool) {
	in := axesInput{w: c.w, h: c.h, logF: c.logF, xTight: !track, yTight: !track && !c.logF}
	if !track {
		in.xLo, in.xHi = c.rng.XMin, c.rng.XMax
		if !c.logF {
			in.yLo, in.yHi = c.rng.YMin, c.rng.YMax
			return in, true
		}
		// The decades from the landscape's top down to the lowest point,
		// two at least: the curve's dip at x* goes off the bottom.
		in.yHi = c.topGap
		low := c.topGap - 2
		for i, y := range c.ys {
			if c.rng.contains(Point{traj[i].X, traj[i].Y}) && y < low {
				low = y
			}
		}
		in.yLo = low - 0.5
		return c.decades(in), true
	}
	lo, hi, ok := trackWindow(traj, t, c.rng.XMax-c.rng.XMin)
	if !ok {
		return in, false
	}
	// Tracking never shows more than the whole landscape while the latest
	// points are in it: a window as wide is the whole view, drawn as that
	// is; a narrower one overhanging it moves inside it.
	if pLo, pHi, found := extentX(traj[max(0, len(traj)-trackSpan):]); found && pLo >= c.rng.XMin && pHi <= c.rng.XMax {
		switch {
		case hi-lo >= c.rng.XMax-c.rng.XMin:
			lo, hi = c.rng.XMin, c.rng.XMax
			in.xTight = true
		case hi > c.rng.XMax:
			lo, hi = lo-(hi-c.rng.XMax), c.rng.XMax
		case lo < c.rng.XMin:
			lo, hi = c.rng.XMin, hi+(c.rng.XMin-lo)
		}
	}
	in.xLo, in.xHi = lo, hi
	return c.trackAxes(traj, in, lo, hi), true
}

// trackAxes sets in's y range to what the track view shows over x in
// [lo, hi]: the curve's range there and the points in it, or on the log
// scale the points' decades and the curve's top.
func (c *LossChart) trackAxes(traj []Point, in axesInput, lo, hi float64) axesInput {
	yLo, yHi := c.curveRange(lo, hi)
	low := math.Inf(1)
	for i, y := range c.ys {
		if x := traj[i].X; x >= lo && x <= hi && !math.IsInf(y, 0) && !math.IsNaN(y) {
			yLo, yHi = math.Min(yLo, y), math.Max(yHi, y)
			low = math.Min(low, y)
		}
	}
	if c.logF {
		// The points' decades and the curve's top, one decade at least:
		// where the curve dips to x*, it goes off the bottom.
		if !math.IsInf(low, 1) {
			yLo = math.Min(low, yHi-1) - 0.5
		}
		in.yLo, in.yHi = yLo, yHi
		return c.decades(in)
	}
	if !(yHi-yLo > 1e-12*math.Max(math.Abs(yLo), math.Abs(yHi))) {
		// Flat: a thousandth of the level either side, or at a level of
		// 0 as much of the landscape's f (±1e-300 would read as nothing).
		pad := 1e-3 * math.Max(math.Abs(yLo), math.Abs(yHi))
		if !(pad > 1e-300) {
			pad = math.Max(1e-3*(c.rng.YMax-c.rng.YMin), 1e-300)
		}
		yLo, yHi = yLo-pad, yHi+pad
	}
	in.yLo, in.yHi = yLo, yHi
	return in
}

// decades rounds a log axis's range out to whole decades: the scale it
// gets is the same for any range with those decades, so the axes are
// chosen again only when a point moves into another decade.
func (c *LossChart) decades(in axesInput) axesInput {
	floor := math.Log10(c.gapFloor)
	in.yLo = math.Floor(math.Max(in.yLo, floor-1))
	in.yHi = math.Max(math.Ceil(in.yHi), in.yLo+1)
	return in
}

// curveRange is the range of the chart's y over the curve for x in [lo, hi],
// sampled; on the log scale the samples at the gap floor are left out (the
// curve's dip to x*, which goes off the bottom).
func (c *LossChart) curveRange(lo, hi float64) (yLo, yHi float64) {
	m := &c.memo
	if m.curveValid && m.curveX == [2]float64{lo, hi} {
		return m.curveY[0], m.curveY[1]
	}
	yLo, yHi = math.Inf(1), math.Inf(-1)
	floor := math.Log10(c.gapFloor)
	const samples = 64
	for i := 0; i <= samples; i++ {
		y := c.yOf(c.obj.F(optimizers.Vec{lo + (hi-lo)*float64(i)/samples}), c.logF)
		if math.IsNaN(y) || math.IsInf(y, 0) || (c.logF && y <= floor) {
			continue
		}
		yLo, yHi = math.Min(yLo, y), math.Max(yHi, y)
	}
	if math.IsInf(yLo, 1) { // nothing finite: the floor, or f's level
		yLo, yHi = floor, floor
	}
	m.curveX, m.curveY, m.curveValid = [2]float64{lo, hi}, [2]float64{yLo, yHi}, true
	return yLo, yHi
}

// trackAnchor is how often, in steps, the track view's window is followed
// from afresh: from the latest step that is a multiple of it.
const trackAnchor = 32

// trackWindow returns the x range the track view shows for trajectory traj,
// whose last point is at step t, on a landscape whose whole view is whole
// wide: fitted to the latest trackSpan points, with
// room ahead of them in the direction they travel, and fitted again only
// when one of them nears the window's edge or they have drawn together into
// a small part of it. It follows the trajectory from the latest step that
// is a multiple of trackAnchor, and a fitted window is a round one (a width
// of 1, 2 or 5 × 10ⁿ, ends at multiples of a tenth of it), so that it is a
// function of the race's state alone: any chart, however many frames it
// drew before, shows the same window.
func trackWindow(traj []Point, t int, whole float64) (lo, hi float64, ok bool) {
	// From the start of the race while the trajectory holds it; later from
	// the latest multiple of trackAnchor that has trackSpan points up to it.
	n := len(traj)
	from := 0
	if first := t - (n - 1); first > 0 {
		from = trackSpan - 1 + (trackAnchor-(first+trackSpan-1)%trackAnchor)%trackAnchor
	}
	if from >= n {
		from = 0
	}
	have := false
	for i := from; i < n; i++ {
		recent := traj[max(0, i-trackSpan+1) : i+1]
		pLo, pHi, found := extentX(recent)
		if !found {
			continue
		}
		w := hi - lo
		switch {
		case !have: // centred: the anchor's points say where they are, not where they go
			lo, hi = fitWindow(pLo, pHi, whole, 0)
			have = true
		case pLo < lo+w/20 || pHi > hi-w/20: // near the edge
			lo, hi = fitWindow(pLo, pHi, whole, travel(recent))
		case fitWidth(pLo, pHi, whole) <= w/4: // drawn together
			lo, hi = fitWindow(pLo, pHi, whole, travel(recent))
		}
	}
	return lo, hi, have && hi > lo && !math.IsInf(hi-lo, 0)
}

// travel is the way the points move: −1 towards lower x, +1 towards
// higher, 0 when they end where they began.
func travel(pts []Point) int {
	first, last := math.NaN(), math.NaN()
	for _, p := range pts {
		if finite(p) {
			if math.IsNaN(first) {
				first = p.X
			}
			last = p.X
		}
	}
	switch {
	case last < first:
		return -1
	case last > first:
		return 1
	}
	return 0
}

// extentX is the range of x among the finite points of pts.
func extentX(pts []Point) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if !finite(p) {
			continue
		}
		lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
	}
	return lo, hi, lo <= hi
}

// minSpan is the narrowest window the track view shows around [lo, hi] on
// a landscape whose whole view is whole wide: 2 % of its distance from 0,
// so that the axes' labels, at most 7 columns, tell their ticks apart; and
// where lo and hi are one point (every lane at the start, or settled), 1 %
// of the whole view as well: at 0 the labels need no span at all, and a
// window of 1e-300 would show one dot and not the landscape around it.
func minSpan(lo, hi, whole float64) float64 {
	span := 0.02 * math.Max(math.Abs(lo), math.Abs(hi))
	if lo == hi && whole > 0 && !math.IsInf(whole, 0) {
		span = math.Max(span, 0.01*whole)
	}
	return math.Max(span, 1e-300)
}

// fitWidth is the narrowest width the track view fits around [lo, hi] on
// a landscape whose whole view is whole wide: 1, 2 or 5 × 10ⁿ, at least
// twice as wide as they span (and minSpan).
func fitWidth(lo, hi, whole float64) float64 {
	return niceStep(2 * math.Max(hi-lo, minSpan(lo, hi, whole)))
}

// fitWindow is the round window the track view fits around [lo, hi] on a
// landscape whose whole view is whole wide, of fitWidth or wider: with a tenth of it free behind the points, the rest
// ahead of them in the direction dir they travel (centred on them for 0),
// its ends at multiples of a tenth of its width.
func fitWindow(lo, hi, whole float64, dir int) (float64, float64) {
	mid := lo/2 + hi/2
	w := fitWidth(lo, hi, whole)
	for range 8 {
		q := w / 10
		var c float64 // the window's centre
		switch {
		case dir < 0:
			c = math.Ceil((hi+q-w/2)/q) * q
		case dir > 0:
			c = math.Floor((lo-q+w/2)/q) * q
		default:
			c = math.Round(mid/q) * q
		}
		if l, h := c-w/2, c+w/2; lo >= l+q*0.999 && hi <= h-q*0.999 {
			return l, h
		}
		w = niceStep(w * 1.5) // the next width: 1 → 2 → 5 → 10
	}
	return mid - w/2, mid + w/2
}
