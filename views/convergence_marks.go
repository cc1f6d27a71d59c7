package views

import (
	"cmp"
	"math"
	"slices"

	"github.com/optirace/optirace/race"
)

// markAlong puts each series' glyph on it every few columns, each lane's
// marks offset from the others', so that a series can be followed through
// a tangle without colour.
func (v *ConvergenceView) markAlong(r race.Reader, c *race.Convergence, top float64) {
	a := &v.static.area
	every := max(10, a.w/6)
	xMax := v.static.in.layout.xs.hi
	n := c.Lanes()
	for lane := range n {
		pts := c.Points(lane)
		for col := (lane*every)/n + every/2; col < a.w; col += every {
			t := float64(col) * xMax / float64(a.w-1)
			i := min(int(math.Round(t/float64(c.Stride()))), len(pts)-1)
			if i < 0 || i*c.Stride() > r.T() || math.IsNaN(float64(pts[i])) {
				break
			}
			// None on the dashed line, whose glyphs say where each reached
			// and settled.
			if x, y, ok := v.cellOf(float64(i*c.Stride()), float64(pts[i]), top); ok && y != a.y0+v.static.tolRow {
				v.next.set(x, y, newCell(v.styles.Glyph(lane), laneStyle(lane, laneMark)))
			}
		}
	}
}

// markEnds marks where each series ends: the current step, or for a series
// cut short by divergence, its last stored point. Marks that would share a
// cell go beside it in its row (to the right, where the race has not been
// yet, else to the left), placed largest distance first: the row is the
// distance a class reads off the axis, so it stays true. An end above the
// axis (a diverged runner's, past the ceiling) is drawn on its top row
// with an arrow up beside it: the distance is beyond what the axis reads.
func (v *ConvergenceView) markEnds(c *race.Convergence, top float64) {
	type end struct {
		lane int
		t    int
		val  float32
	}
	ends := make([]end, 0, MaxLanes)
	for lane := range c.Lanes() {
		if t, val, ok := seriesEnd(c, lane); ok {
			ends = append(ends, end{lane, t, val})
		}
	}
	slices.SortStableFunc(ends, func(a, b end) int { return cmp.Compare(b.val, a.val) })
	up := unicodeArrows.up
	if v.styles.ASCII {
		up = asciiArrows.up
	}
	placed := make([]point, 0, 2*MaxLanes)
	for _, e := range ends {
		style := laneStyle(e.lane, laneBold)
		placed = append(placed, v.beside(placed, float64(e.t), float64(e.val), top, newCell(v.styles.Glyph(e.lane), style)))
		if float64(e.val) > top {
			placed = append(placed, v.beside(placed, float64(e.t), float64(e.val), top, newCell(up, style)))
		}
	}
}

// beside sets c at the graph cell of (t, val), or the nearest free one in
// its row (right first, where the race has not been yet, then left), else
// where stack would, and returns the graph cell used, or (−1, −1).
func (v *ConvergenceView) beside(placed []point, t, val, top float64, c cell) point {
	x, y, ok := v.graphCell(t, val, top)
	if !ok {
		return point{-1, -1}
	}
	a := &v.static.area
	for _, dir := range [2]int{1, -1} {
		for d := (1 - dir) / 2; d < 8; d++ { // from x itself rightwards, from x − 1 leftwards
			col := x + dir*d
			if col >= 0 && col < a.w && !slices.Contains(placed, point{col, y}) {
				v.next.set(a.x0+col, a.y0+y, c)
				return point{col, y}
			}
		}
	}
	return v.stack(placed, t, val, top, c)
}

// markZone marks, on the tolerance line, the step where each runner first
// reached the finish zone (its glyph in bold) and the step from which it
// has stayed in it (its glyph in reverse video), one mark where they are
// the same step. Marks that would share a cell stack below the line, in
// the zone.
func (v *ConvergenceView) markZone(r race.Reader) {
	st := &v.static
	if st.tolRow < 0 {
		return
	}
	placed := make([]point, 0, 2*MaxLanes)
	mark := func(lane, t int, role laneRole) {
		placed = append(placed, v.stack(placed, float64(t), st.in.tol, st.in.yTop, newCell(v.styles.Glyph(lane), laneStyle(lane, role))))
	}
	for k := range r.Labels() {
		run := r.Runner(k)
		switch {
		case !run.Reached():
		case run.Settled() && run.SettledAt == run.ReachedAt:
			mark(k, run.SettledAt, laneCurrent)
		case run.Settled():
			mark(k, run.ReachedAt, laneBold)
			mark(k, run.SettledAt, laneCurrent)
		default:
			mark(k, run.ReachedAt, laneBold)
		}
	}
}

// stack sets c at the graph cell of (t, val), or the nearest free one below
// it (else above) in its column, and returns the graph cell used, or
// (−1, −1).
func (v *ConvergenceView) stack(placed []point, t, val, top float64, c cell) point {
	x, y, ok := v.graphCell(t, val, top)
	if !ok {
		return point{-1, -1}
	}
	a := &v.static.area
	if y = freeRow(placed, x, y, a.h); y < 0 {
		return point{-1, -1}
	}
	v.next.set(a.x0+x, a.y0+y, c)
	return point{x, y}
}

// graphCell is the graph cell of (t, val), values above the axis at its
// top, and whether it is in the graph.
func (v *ConvergenceView) graphCell(t, val, top float64) (x, y int, ok bool) {
	a := &v.static.area
	d := a.dot(t, math.Min(val, top))
	x, y = d.x/2, d.y/4
	return x, y, x >= 0 && x < a.w && y >= 0 && y < a.h
}

// cellOf is the chart cell of (t, val), values above the axis at its top.
func (v *ConvergenceView) cellOf(t, val, top float64) (x, y int, ok bool) {
	if x, y, ok = v.graphCell(t, val, top); !ok {
		return 0, 0, false
	}
	a := &v.static.area
	return a.x0 + x, a.y0 + y, true
}

// freeRow is the row nearest y in column x, of h rows, where none of the
// marks placed so far is: y itself, else the nearest below, else the
// nearest above, or −1 if none is free. (The cells cannot tell: in ASCII a
// series is drawn in its glyphs too.)
func freeRow(placed []point, x, y, h int) int {
	taken := func(row int) bool {
		return slices.Contains(placed, point{x, row})
	}
	for row := y; row < h; row++ {
		if !taken(row) {
			return row
		}
	}
	for row := y - 1; row >= 0; row-- {
		if !taken(row) {
			return row
		}
	}
	return -1
}

// seriesEnd is where lane's series ends: the current step, or for a
// series cut short by divergence, its last stored point.
func seriesEnd(c *race.Convergence, lane int) (t int, val float32, ok bool) {
	if t, val := c.Last(lane); !math.IsNaN(float64(val)) {
		return t, val, true
	}
	pts := c.Points(lane)
	for i := len(pts) - 1; i >= 0; i-- {
		if !math.IsNaN(float64(pts[i])) {
			return i * c.Stride(), pts[i], true
		}
	}
	return 0, 0, false
}
