package views

import (
	"math"

	"github.com/muesli/termenv"
)

// The marks of a landscape's minima and of the start, in Unicode and in
// ASCII: none is a lane's glyph, a digit, an arrow or a contour line.
var (
	minimumMark = [2]rune{'×', 'X'}
	startMark   = [2]rune{'S', 'S'}
)

// MapView draws a 2-D landscape as a map: shaded by log₁₀(f − f*), so that
// valley floors show (a background colour per band; where colour is absent,
// under NO_COLOR, and with --ascii, contour lines drawn in characters),
// with every lane's path over it, joined step to step in braille (in ASCII,
// the lane's glyph), its latest steps numbered, its current point in its
// glyph in reverse video, the minima and the start marked, and a legend
// below. It shows the whole landscape or, in the track view, a window
// around the paths' latest points that moves only when one nears its edge.
// A small map of one lane is the same view at a small size with one path.
//
// The axes, the shading and the contour lines are the static layer, drawn
// once per landscape, size and window; a frame copies it, draws the paths
// over it and renders only the rows whose cells changed, so that a step
// sends only the rows the paths changed. An unchanged frame costs nothing.
type MapView struct {
	styles *Styles
	arrows mapArrows
	// colour says the terminal shows colour: the map is shaded. Without
	// colour, or with --ascii, its contour lines are drawn in characters.
	colour, lines bool

	w, h          int
	land          Landscape
	landGen       int // counts landscapes set, for the static layer's key
	whole         Range
	fStar, floor  float64
	track, legend bool
	// noLanes leaves the lanes out of the legend (the race screen names
	// them in its rows below the map), keeping the marks and the scale.
	noLanes bool

	ok   bool
	key  mapKey
	win  Range
	area plotArea
	zLo  float64 // log₁₀ of f − f* where the shading's lowest band ends
	zHi  float64 // and where its highest ends
	// lineStep is how many bands the contour lines are apart.
	lineStep int
	static   grid    // axes, shading and contour lines
	shade    []uint8 // each graph cell's band, row by row
	marks    []mapMark
	frame    grid
	cache    rowCache
	rows     []string
	path     dots
	placed   []point // the current points placed this frame, in graph cells

	// prefix is the path layer of each path's points up to a multiple of
	// prefixEvery, kept for the window and area it was drawn in, with
	// copies of those points: a frame whose paths start with the same
	// points starts from it and draws only their latest segments.
	prefix struct {
		layer dots
		win   Range
		area  plotArea
		lanes []int
		pts   [][]Point
		valid bool
		from  []int // scratch: how much of each path the prefix holds
	}

	// shown is what the rows show, which tells an unchanged frame.
	shown struct {
		paths []MapPath
		pts   []Point // the paths' points, copied
		valid bool
	}
	// legendCache is the legend laid out for its lanes and labels;
	// legendAt is scratch for its entries' places, scale the shading's
	// entry for the static layer's bands.
	legendCache struct {
		lanes   []int
		labels  []string
		w, rows int
		entries []mapLegendEntry
		valid   bool
	}
	legendAt []point
	scale    struct {
		zLo, zHi float64
		cells    []cell
		valid    bool
	}
}

// mapKey is what a static layer is drawn for.
type mapKey struct {
	w, h, mapH int
	land       int
	win        Range
}

// mapMark is a minimum or the start, marked on the map.
type mapMark struct {
	x, y int // chart cell
	r    rune
}

// NewMapView returns a map drawn with styles; call SetSize and
// SetLandscape before Lines.
func NewMapView(styles *Styles) *MapView {
	m := &MapView{styles: styles, arrows: unicodeMapArrows, legend: true}
	if styles.ASCII {
		m.arrows = asciiMapArrows
	}
	m.colour = (styles.Renderer == nil || styles.Renderer.ColorProfile() != termenv.Ascii) && !styles.Mono
	m.lines = !m.colour || styles.ASCII
	return m
}

// SetSize sets the map's size in cells, axes and legend included.
func (m *MapView) SetSize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	if w == m.w && h == m.h {
		return
	}
	m.w, m.h = w, h
	m.shown.valid = false
}

// SetLandscape sets the landscape drawn.
func (m *MapView) SetLandscape(l Landscape) {
	if l.Window == (Range{}) {
		l.Window = MapWindow(l.Start, l.Minima)
	}
	if m.land.F != nil && l.Name == m.land.Name && l.Window == m.land.Window && l.Start == m.land.Start && samePoints(l.Minima, m.land.Minima) {
		return
	}
	l.Minima = append([]Point(nil), l.Minima...)
	m.land, m.whole = l, l.Window
	m.landGen++
	m.fStar = math.Inf(1)
	for _, p := range l.Minima {
		if f := l.F(p.X, p.Y); f < m.fStar {
			m.fStar = f
		}
	}
	if math.IsInf(m.fStar, 1) {
		m.fStar = 0
	}
	m.floor = math.Max(1e-300, 1e-15*math.Abs(m.fStar))
	m.shown.valid = false
}

// SetView chooses the whole landscape or, with track, a window around the
// paths' latest points.
func (m *MapView) SetView(track bool) {
	if track != m.track {
		m.track = track
		m.shown.valid = false
	}
}

// SetLegend shows or hides the legend below the map (a small map of one
// lane leaves naming it to its panel).
func (m *MapView) SetLegend(show bool) {
	if show != m.legend {
		m.legend = show
		m.shown.valid = false
	}
}

// SetLaneLegend shows or hides the lanes in the legend: the race screen's
// rows below the map name them already, so the map keeps its rows.
func (m *MapView) SetLaneLegend(show bool) {
	if show == m.noLanes {
		m.noLanes = !show
		m.shown.valid, m.legendCache.valid = false, false
	}
}

// Window returns the window the last frame showed.
func (m *MapView) Window() Range { return m.win }

// Lines returns the map with paths as exactly h lines of exactly w columns.
func (m *MapView) Lines(paths []MapPath) []string {
	if m.shown.valid && m.samePaths(paths) {
		return m.rows
	}
	m.keep(paths)
	if m.w < minChartWidth || m.h < minChartHeight || m.land.F == nil || !(m.whole.XMax > m.whole.XMin) || !(m.whole.YMax > m.whole.YMin) {
		m.ok = false
		m.rows = blank(m.w, m.h)
		return m.rows
	}
	entries, legendRows := m.layLegend(paths)
	mapH := m.h - legendRows
	if mapH < minChartHeight {
		entries, mapH = nil, m.h
	}
	win := m.whole
	if m.track {
		if w, ok := mapTrackWindow(paths, m.whole); ok {
			win = w
		}
	}
	if !m.ensureStatic(win, mapH) {
		m.rows = blank(m.w, m.h)
		return m.rows
	}
	m.frame.copyFrom(&m.static)
	m.drawPaths(paths)
	m.drawMarks()
	m.drawNumbers(paths)
	m.drawCurrent(paths)
	m.drawLegend(entries, mapH)
	m.rows = m.cache.render(&m.frame, &m.styles.cells)
	return m.rows
}

// samePaths reports whether paths are the paths the rows show, bit for bit.
func (m *MapView) samePaths(paths []MapPath) bool {
	if len(paths) != len(m.shown.paths) {
		return false
	}
	for i, p := range paths {
		q := m.shown.paths[i]
		if p.Lane != q.Lane || p.T != q.T || p.Label != q.Label || len(p.Points) != len(q.Points) {
			return false
		}
		if !samePoints(p.Points, q.Points) {
			return false
		}
	}
	return true
}

// keep copies paths as the ones the rows show.
func (m *MapView) keep(paths []MapPath) {
	m.shown.pts = m.shown.pts[:0]
	for _, p := range paths {
		m.shown.pts = append(m.shown.pts, p.Points...)
	}
	// The copies' points are the copied ones, never the caller's.
	m.shown.paths = append(m.shown.paths[:0], paths...)
	at := 0
	for i, p := range paths {
		m.shown.paths[i].Points = m.shown.pts[at : at+len(p.Points) : at+len(p.Points)]
		at += len(p.Points)
	}
	m.shown.valid = true
}

// ensureStatic draws the static layer for window win with mapH rows of
// axes and graph, unless it shows them, and reports whether the map has a
// graph.
func (m *MapView) ensureStatic(win Range, mapH int) bool {
	key := mapKey{w: m.w, h: m.h, mapH: mapH, land: m.landGen, win: win}
	if key == m.key && m.static.cells != nil {
		return m.ok
	}
	m.key = key
	ax, ok := layAxes(m.w, mapH, win.XMin, win.XMax, win.YMin, win.YMax, true, true, false)
	m.ok = ok
	if !ok {
		return false
	}
	m.win = Range{XMin: ax.xs.lo, XMax: ax.xs.hi, YMin: ax.ys.lo, YMax: ax.ys.hi}
	axesGrid := newGrid(m.w, mapH)
	m.area = ax.draw(&axesGrid, m.styles.ASCII)
	m.static = newGrid(m.w, m.h)
	copy(m.static.cells, axesGrid.cells)
	if m.frame.w != m.w || m.frame.h != m.h {
		m.frame = newGrid(m.w, m.h)
	}
	a := &m.area
	if m.path.w != a.w || m.path.h != a.h {
		m.path = newDots(a.w, a.h)
	}
	m.drawShading()
	m.marks = m.marks[:0]
	for _, p := range m.land.Minima {
		if x, y, ok := m.cellOf(p); ok {
			m.marks = append(m.marks, mapMark{x, y, m.mark(minimumMark)})
		}
	}
	if x, y, ok := m.cellOf(m.land.Start); ok {
		m.marks = append(m.marks, mapMark{x, y, m.mark(startMark)})
	}
	return true
}

// mark is a mark's rune as the styles draw it.
func (m *MapView) mark(r [2]rune) rune {
	if m.styles.ASCII {
		return r[1]
	}
	return r[0]
}

// cellOf is the chart cell of point p, if p is in the window.
func (m *MapView) cellOf(p Point) (x, y int, ok bool) {
	if !finite(p) || !m.win.contains(p) {
		return 0, 0, false
	}
	d := m.area.dot(p.X, p.Y)
	x, y = d.x/2, d.y/4
	if x < 0 || y < 0 || x >= m.area.w || y >= m.area.h {
		return 0, 0, false
	}
	return m.area.x0 + x, m.area.y0 + y, true
}

// shadeAt is the band of chart cell (x, y), which must be in the graph.
func (m *MapView) shadeAt(x, y int) int {
	return int(m.shade[(y-m.area.y0)*m.area.w+x-m.area.x0])
}
