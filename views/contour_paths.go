package views

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
)

// mapArrows mark a current point off the map on the edge it left by; the
// diagonals where it left by a corner (ASCII has none: the horizontal
// arrow stands for them).
type mapArrows struct {
	arrows
	upLeft, upRight, downLeft, downRight rune
}

var (
	unicodeMapArrows = mapArrows{arrows: unicodeArrows, upLeft: '↖', upRight: '↗', downLeft: '↙', downRight: '↘'}
	asciiMapArrows   = mapArrows{arrows: asciiArrows, upLeft: '<', upRight: '>', downLeft: '<', downRight: '>'}
)

// drawPaths draws every path joined step to step in braille, each in its
// lane's colour over the cells' shades, a higher lane over a lower where
// they share a cell; in ASCII each cell of a path is its lane's glyph.
func (m *MapView) drawPaths(paths []MapPath) {
	from := m.drawPrefix(paths)
	for k, p := range paths {
		if p.Lane >= 0 && p.Lane < numLanes {
			m.drawSegments(p.Points[max(from[k]-1, 0):], int8(p.Lane))
		}
	}
	d := &m.path
	for y := range d.h {
		for x := range d.w {
			i := y*d.w + x
			if d.bits[i] == 0 {
				continue
			}
			lane := int(d.ink[i])
			r := m.styles.Glyph(lane)
			if !m.styles.ASCII {
				r = runes.BrailleBlockOffset | rune(d.bits[i])
			}
			m.frame.set(m.area.x0+x, m.area.y0+y, newCell(r, shadedLane(int(m.shade[i]), lane, laneMark)))
		}
	}
}

// prefixEvery is how many points a path's cached prefix grows by at a time.
const prefixEvery = 32

// drawPrefix starts the path layer with every path's stored points up to
// the latest multiple of prefixEvery — from the cache when the paths start
// with the points it was drawn from, in the same window and area — and
// returns how many of each path's points it drew.
func (m *MapView) drawPrefix(paths []MapPath) []int {
	c := &m.prefix
	from := c.from[:0]
	for _, p := range paths {
		from = append(from, min(p.Stored, len(p.Points))/prefixEvery*prefixEvery)
	}
	c.from = from
	same := c.valid && c.win == m.win && c.area == m.area && len(c.lanes) == len(paths)
	for k := 0; same && k < len(paths); k++ {
		same = c.lanes[k] == paths[k].Lane && len(c.pts[k]) == from[k] && samePoints(c.pts[k], paths[k].Points[:from[k]])
	}
	if len(c.layer.bits) != len(m.path.bits) || c.layer.w != m.path.w {
		c.layer, same = newDots(m.path.w, m.path.h), false
	}
	if !same {
		m.path.clear()
		c.lanes, c.pts = c.lanes[:0], c.pts[:0]
		for k, p := range paths {
			if p.Lane >= 0 && p.Lane < numLanes {
				m.drawSegments(p.Points[:from[k]], int8(p.Lane))
			}
			c.lanes = append(c.lanes, p.Lane)
			c.pts = append(c.pts, append([]Point(nil), p.Points[:from[k]]...))
		}
		c.layer.copyFrom(&m.path)
		c.win, c.area, c.valid = m.win, m.area, true
		return from
	}
	m.path.copyFrom(&c.layer)
	return from
}

// drawSegments draws the path through pts on the path layer in ink,
// joined point to point, each segment clipped to the window.
func (m *MapView) drawSegments(pts []Point, ink int8) {
	// A path late in a race is hundreds of steps on one dot: a segment
	// inside the window from the dot the last one ended on to that dot
	// again draws nothing new, and one inside needs no clipping.
	last, drawn := point{}, false
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if !finite(a) || !finite(b) {
			drawn = false
			continue
		}
		if m.win.contains(a) && m.win.contains(b) {
			da, db := m.area.dot(a.X, a.Y), m.area.dot(b.X, b.Y)
			if !drawn || da != last || db != last {
				m.path.line(da, db, ink)
			}
			last, drawn = db, true
			continue
		}
		drawn = false
		if a, b, ok := clip(a, b, m.win); ok {
			m.path.line(m.area.dot(a.X, a.Y), m.area.dot(b.X, b.Y), ink)
		}
	}
}

// drawMarks marks the minima and the start in bold, over the paths.
func (m *MapView) drawMarks() {
	for _, mk := range m.marks {
		m.frame.set(mk.x, mk.y, newCell(mk.r, shadeStyle(m.shadeAt(mk.x, mk.y), shadeMark)))
	}
}

// drawNumbers marks each path's steps before the current one with the
// last digit of their step number, so that the direction of travel shows.
// A minimum's or the start's mark keeps its cell: step 0 is the start, and
// the legend promises both marks.
func (m *MapView) drawNumbers(paths []MapPath) {
	for _, p := range paths {
		n := len(p.Points)
		for i := max(0, n-1-numberedSteps); i < n-1; i++ {
			if x, y, ok := m.cellOf(p.Points[i]); ok && !m.marked(x, y) {
				step := p.T - (n - 1 - i)
				digit := '0' + rune((step%10+10)%10)
				m.frame.set(x, y, newCell(digit, shadedLane(m.shadeAt(x, y), p.Lane, laneBold)))
			}
		}
	}
}

// neighbours are where a current point goes when another lane's is in its
// cell already: along its row first, either side in turn (eight lanes at
// the start read as one row there, not a cross a row above and below it),
// then above and below, then the corners.
var neighbours = [...]point{{1, 0}, {-1, 0}, {2, 0}, {-2, 0}, {3, 0}, {-3, 0}, {4, 0}, {-4, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}}

// marked reports whether chart cell (x, y) holds a minimum's or the
// start's mark.
func (m *MapView) marked(x, y int) bool {
	for _, mk := range m.marks {
		if mk.x == x && mk.y == y {
			return true
		}
	}
	return false
}

// drawCurrent marks each path's current point with its lane's glyph in
// bold reverse video, or with an arrow on the edge it left by. Lanes whose
// current points share a cell (all of them at the start) take the nearest
// free cells around it, so that every lane shows. The start's mark keeps
// its cell, as a lane's glyph does: lanes in it (all of them at t = 0, when
// every lane is at the start) stand beside it. A current point that is NaN
// is not drawn.
func (m *MapView) drawCurrent(paths []MapPath) {
	m.placed = m.placed[:0]
	a := &m.area
	if x, y, ok := m.cellOf(m.land.Start); ok {
		m.placed = append(m.placed, point{x - a.x0, y - a.y0})
	}
	for _, p := range paths {
		n := len(p.Points)
		if n == 0 || p.Lane < 0 || p.Lane >= numLanes {
			continue
		}
		cur := p.Points[n-1]
		if math.IsNaN(cur.X) || math.IsNaN(cur.Y) {
			continue
		}
		x, y, ok := m.cellOf(cur)
		r := m.styles.Glyph(p.Lane)
		if !ok {
			x, y, r = m.edgeMark(cur)
		}
		at := point{x - a.x0, y - a.y0}
		if m.taken(at) {
			free := false
			for _, d := range neighbours {
				q := point{at.x + d.x, at.y + d.y}
				if q.x >= 0 && q.y >= 0 && q.x < a.w && q.y < a.h && !m.taken(q) {
					at, free = q, true
					break
				}
			}
			if !free {
				continue
			}
		}
		m.placed = append(m.placed, at)
		m.frame.set(a.x0+at.x, a.y0+at.y, newCell(r, shadedLane(int(m.shade[at.y*a.w+at.x]), p.Lane, laneCurrent)))
		if !ok {
			m.besideArrow(at, p.Lane)
		}
	}
}

// besideArrow sets lane's glyph in the cell inside the map next to its
// arrow at the edge (cell at), if that cell is free: an arrow in the
// lane's colour alone would leave colour the only cue of whose it is.
func (m *MapView) besideArrow(at point, lane int) {
	a := &m.area
	q := at
	switch at.x {
	case a.w - 1:
		q.x--
	case 0:
		q.x++
	}
	switch at.y {
	case 0:
		q.y++
	case a.h - 1:
		q.y--
	}
	free := func(q point) bool { return q != at && q.x >= 0 && q.y >= 0 && q.x < a.w && q.y < a.h && !m.taken(q) }
	if !free(q) { // another arrow's glyph is there: the nearest free cell to it
		found := false
		for _, d := range neighbours {
			if c := (point{q.x + d.x, q.y + d.y}); free(c) {
				q, found = c, true
				break
			}
		}
		if !found {
			return
		}
	}
	m.placed = append(m.placed, q)
	m.frame.set(a.x0+q.x, a.y0+q.y, newCell(m.styles.Glyph(lane), shadedLane(int(m.shade[q.y*a.w+q.x]), lane, laneCurrent)))
}

// taken reports whether a current point was placed in graph cell q.
func (m *MapView) taken(q point) bool {
	for _, p := range m.placed {
		if p == q {
			return true
		}
	}
	return false
}

// edgeMark is where an arrow marks a point p outside the window: on the
// edge it left by, level with it (or in line with it) where it can be.
func (m *MapView) edgeMark(p Point) (x, y int, r rune) {
	a, w := &m.area, m.win
	d := a.dot(math.Max(w.XMin, math.Min(w.XMax, p.X)), math.Max(w.YMin, math.Min(w.YMax, p.Y)))
	x = a.x0 + max(0, min(a.w-1, d.x/2))
	y = a.y0 + max(0, min(a.h-1, d.y/4))
	left, right := p.X < w.XMin, p.X > w.XMax
	up, down := p.Y > w.YMax, p.Y < w.YMin
	ar := &m.arrows
	switch {
	case left && up:
		r = ar.upLeft
	case left && down:
		r = ar.downLeft
	case right && up:
		r = ar.upRight
	case right && down:
		r = ar.downRight
	case left:
		r = ar.left
	case right:
		r = ar.right
	case up:
		r = ar.up
	default:
		r = ar.down
	}
	return x, y, r
}
