package views

import (
	"math"
	"unicode/utf8"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// Landscape is what a map shows under the paths: a loss f(x, y) over the
// plane, its minima and the start the lanes share.
type Landscape struct {
	// Name tells landscapes apart: a map keeps its background while the
	// name, the window, the minima and the start stay.
	Name string
	F    func(x, y float64) float64
	// Minima are the landscape's minimisers; the lowest f among them is
	// f*, which the shading measures from.
	Minima []Point
	Start  Point
	// Window is the whole view; the zero Range means MapWindow(Start,
	// Minima).
	Window Range
}

// MapPath is one lane's path on a map: its latest points, oldest first,
// the last the current point at step T. Points that are not finite break
// the path and are never drawn.
type MapPath struct {
	// Lane picks the path's glyph and colour (0 to MaxLanes − 1).
	Lane int
	// Label names the lane in the legend.
	Label  string
	Points []Point
	T      int
	// Stored is how many of Points, from the first, are positions the
	// race keeps for its whole run, which stay as they are while it steps
	// on: the map keeps those drawn from frame to frame (0: none).
	Stored int
}

// steps are the path's points after its stored ones: one a step, the last
// at step T.
func (p MapPath) steps() []Point {
	return p.Points[min(max(p.Stored, 0), len(p.Points)):]
}

// LandscapeOf is the landscape a map draws of 2-D objective obj, for a race
// from start.
func LandscapeOf(obj optimizers.Objective, start optimizers.Vec) Landscape {
	l := Landscape{
		Name:  obj.Name,
		F:     func(x, y float64) float64 { return obj.F(optimizers.Vec{x, y}) },
		Start: Point{start[0], start[1]},
	}
	for _, m := range obj.Minima {
		l.Minima = append(l.Minima, Point{m[0], m[1]})
	}
	return l
}

// MapPaths returns every lane's path in race r for a map: the whole race
// from its start, as the race keeps it (every Stride()-th step of its
// convergence record, in bounded memory), and then its latest n points
// step by step (up to its divergence, for a lane that diverged), labelled
// as the race labels its lanes. It reuses paths' slices, so that a frame
// allocates nothing once they have grown.
func MapPaths(r race.Reader, n int, paths []MapPath) []MapPath {
	labels := r.Labels()
	recent := r.Recent(n)
	c := r.Convergence()
	paths = paths[:0]
	for lane := range labels {
		if lane == cap(paths) {
			paths = append(paths, MapPath{})
		} else {
			paths = paths[:lane+1]
		}
		p := &paths[lane]
		p.Lane, p.Label, p.T, p.Points = lane, labels[lane], r.T(), p.Points[:0]
		if trail := r.DivergenceTrail(lane); trail != nil {
			trail = trail[max(0, len(trail)-n):]
			p.T = r.Runner(lane).DivergedAt
			p.Points = appendStored(p.Points, c, lane, p.T-len(trail)+1)
			p.Stored = len(p.Points)
			for _, s := range trail {
				p.Points = append(p.Points, Point{s.X[0], s.X[1]})
			}
			continue
		}
		p.Points = appendStored(p.Points, c, lane, r.T()-len(recent)+1)
		p.Stored = len(p.Points)
		for i := range recent { // by index: a Snapshot holds every lane
			x := recent[i][lane].X
			p.Points = append(p.Points, Point{x[0], x[1]})
		}
	}
	return paths
}

// appendStored appends lane's stored positions before step before.
func appendStored(pts []Point, c *race.Convergence, lane, before int) []Point {
	for j, q := range c.Path(lane) {
		if j*c.Stride() >= before {
			break
		}
		pts = append(pts, Point{float64(q[0]), float64(q[1])})
	}
	return pts
}

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

// The marks of a landscape's minima and of the start, in Unicode and in
// ASCII: none is a lane's glyph, a digit, an arrow or a contour line.
var (
	minimumMark = [2]rune{'×', 'X'}
	startMark   = [2]rune{'S', 'S'}
)

// contourDot draws the contour lines where colour is absent, in Unicode and
// in ASCII: a dot in each cell a line crosses, light enough that the paths
// over it stand out (box-drawing lines read as paths).
var contourDot = [2]rune{'·', '.'}

// maxDecades bounds the decades of f − f* the shading spans: below the
// lowest, every cell is the valley floor's shade.
const maxDecades = 6

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
	m.colour = styles.Renderer == nil || styles.Renderer.ColorProfile() != termenv.Ascii
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

// MapWindow is a landscape's whole view: the start and the minima with a
// margin around them, neither side under half the other, its ends round
// numbers.
func MapWindow(start Point, minima []Point) Range {
	r := Range{XMin: math.Inf(1), XMax: math.Inf(-1), YMin: math.Inf(1), YMax: math.Inf(-1)}
	for _, p := range append([]Point{start}, minima...) {
		if finite(p) {
			r.XMin, r.XMax = math.Min(r.XMin, p.X), math.Max(r.XMax, p.X)
			r.YMin, r.YMax = math.Min(r.YMin, p.Y), math.Max(r.YMax, p.Y)
		}
	}
	if !(r.XMin <= r.XMax) {
		return Range{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	}
	span := math.Max(r.XMax-r.XMin, r.YMax-r.YMin)
	span = math.Max(span, minSpan(math.Min(r.XMin, r.YMin), math.Max(r.XMax, r.YMax)))
	if !(span > 0) || math.IsInf(span, 0) {
		span = 1
	}
	grow := func(lo, hi float64) (float64, float64) {
		pad := math.Max(0.25*span, (0.75*span-(hi-lo))/2)
		return roundOut(lo-pad, hi+pad)
	}
	r.XMin, r.XMax = grow(r.XMin, r.XMax)
	r.YMin, r.YMax = grow(r.YMin, r.YMax)
	return r
}

// mapTrackWindow returns the window the track view shows for paths: fitted
// to their latest trackSpan points (every path's), and fitted again only
// when one of them nears the window's edge or they have drawn together
// into a small part of it. As the loss chart's track view does, it follows
// the paths from the latest step that is a multiple of trackAnchor, so that
// it is a function of the race's state alone, and it keeps the whole
// view's proportions, with ends at multiples of a tenth of its sides.
// Points far outside the whole view (a lane diverging) are not followed.
func mapTrackWindow(paths []MapPath, whole Range) (Range, bool) {
	last, first := math.MinInt, math.MaxInt
	for _, p := range paths {
		if n := len(p.steps()); n > 0 {
			last = max(last, p.T)
			first = min(first, p.T-(n-1))
		}
	}
	if last == math.MinInt {
		return whole, false
	}
	from := first
	if first > 0 {
		from = first + trackSpan - 1 + (trackAnchor-(first+trackSpan-1)%trackAnchor)%trackAnchor
	}
	if from > last {
		from = first
	}
	wx, wy := whole.XMax-whole.XMin, whole.YMax-whole.YMin
	far := Range{XMin: whole.XMin - 5*wx, XMax: whole.XMax + 5*wx, YMin: whole.YMin - 5*wy, YMax: whole.YMax + 5*wy}
	var win Range
	have := false
	for s := from; s <= last; s++ {
		ext, found := recentExtent(paths, s, far)
		if !found {
			continue
		}
		mx, my := (win.XMax-win.XMin)/20, (win.YMax-win.YMin)/20
		switch {
		case !have:
			win, have = fitMapWindow(ext, whole), true
		case ext.XMin < win.XMin+mx || ext.XMax > win.XMax-mx || ext.YMin < win.YMin+my || ext.YMax > win.YMax-my: // near the edge
			win = fitMapWindow(ext, whole)
		case mapZoom(ext, whole) <= (win.XMax-win.XMin)/wx/4: // drawn together
			win = fitMapWindow(ext, whole)
		}
	}
	ok := have && win.XMax > win.XMin && win.YMax > win.YMin && !math.IsInf(win.XMax-win.XMin, 0) && !math.IsInf(win.YMax-win.YMin, 0)
	if ok && (win.XMax-win.XMin > wx || win.YMax-win.YMin > wy) {
		// A window fitted while the paths were out of the whole view stays
		// until they draw together; once they are back in it, tracking
		// shows no more than the whole view.
		if ext, found := recentExtent(paths, last, far); found && whole.contains(Point{ext.XMin, ext.YMin}) && whole.contains(Point{ext.XMax, ext.YMax}) {
			win = whole
		}
	}
	return win, ok
}

// recentExtent is the extent of the paths' finite points inside far at the
// steps from s − trackSpan + 1 to s.
func recentExtent(paths []MapPath, s int, far Range) (Range, bool) {
	ext := Range{XMin: math.Inf(1), XMax: math.Inf(-1), YMin: math.Inf(1), YMax: math.Inf(-1)}
	for _, p := range paths {
		pts := p.steps()
		n := len(pts)
		first := p.T - (n - 1) // the step of pts[0]
		for i := max(0, s-trackSpan+1-first); i <= min(n-1, s-first); i++ {
			// far is finite: NaN and ±Inf are never in it.
			if q := pts[i]; far.contains(q) {
				if q.X < ext.XMin {
					ext.XMin = q.X
				}
				if q.X > ext.XMax {
					ext.XMax = q.X
				}
				if q.Y < ext.YMin {
					ext.YMin = q.Y
				}
				if q.Y > ext.YMax {
					ext.YMax = q.Y
				}
			}
		}
	}
	return ext, ext.XMin <= ext.XMax
}

// mapZoom is the narrowest zoom (the window's sides over the whole view's)
// the track view fits around ext: a round one (1, 2 or 5 × 10ⁿ), at least
// twice as large as ext in both directions, and wide enough for the axes'
// labels to tell their ticks apart (minSpan).
func mapZoom(ext, whole Range) float64 {
	wx, wy := whole.XMax-whole.XMin, whole.YMax-whole.YMin
	need := math.Max(
		math.Max(ext.XMax-ext.XMin, minSpan(ext.XMin, ext.XMax))/wx,
		math.Max(ext.YMax-ext.YMin, minSpan(ext.YMin, ext.YMax))/wy)
	return niceStep(2 * need)
}

// fitMapWindow is the window the track view fits around ext: of zoom
// mapZoom or larger, each side the round number (1, 2, 2.5 or 5 × 10ⁿ)
// nearest the zoomed whole view's, centred on ext at multiples of a tenth
// of the side, with a tenth of each side free around ext.
func fitMapWindow(ext, whole Range) Range {
	mx, my := ext.XMin/2+ext.XMax/2, ext.YMin/2+ext.YMax/2
	z := mapZoom(ext, whole)
	inWhole := whole.contains(Point{ext.XMin, ext.YMin}) && whole.contains(Point{ext.XMax, ext.YMax})
	var r Range
	for range 8 {
		if z >= 1 && inWhole {
			return whole // tracking never zooms out past the whole view of where the paths are
		}
		sx, sy := nearestRound(z*(whole.XMax-whole.XMin)), nearestRound(z*(whole.YMax-whole.YMin))
		qx, qy := sx/10, sy/10
		cx, cy := math.Round(mx/qx)*qx, math.Round(my/qy)*qy
		r = Range{XMin: cx - sx/2, XMax: cx + sx/2, YMin: cy - sy/2, YMax: cy + sy/2}
		if ext.XMin >= r.XMin+qx*0.999 && ext.XMax <= r.XMax-qx*0.999 && ext.YMin >= r.YMin+qy*0.999 && ext.YMax <= r.YMax-qy*0.999 {
			return r
		}
		z = niceStep(z * 1.5) // the next zoom: 1 → 2 → 5 → 10
	}
	return r
}

// nearestRound is the round number (1, 2, 2.5 or 5 × 10ⁿ) nearest v > 0,
// by ratio.
func nearestRound(v float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	best := mag
	for _, m := range []float64{2, 2.5, 5, 10} {
		if math.Abs(math.Log(m*mag/v)) < math.Abs(math.Log(best/v)) {
			best = m * mag
		}
	}
	return best
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

// drawShading shades the graph area of the static layer by log₁₀(f − f*)
// in numShades bands from zLo to zHi, each a band's background colour,
// and where colour is absent draws the contour lines between bands. The
// bands are cut as ntcharts' heatmap cuts its colour scale: band
// ⌊(z − zLo)/(zHi − zLo) × numShades⌋, clamped.
func (m *MapView) drawShading() {
	a := &m.area
	gaps := make([]float64, a.w*a.h)
	lo, hi := math.Inf(1), math.Inf(-1)
	for j := range a.h {
		y := a.minY + float64(a.h-1-j)/a.cellY
		for i := range a.w {
			g := m.gap(a.minX+float64(i)/a.cellX, y)
			gaps[j*a.w+i] = g
			if !math.IsInf(g, 0) && !math.IsNaN(g) {
				lo, hi = math.Min(lo, g), math.Max(hi, g)
			}
		}
	}
	m.zLo, m.zHi = 0, 0
	if lo <= hi {
		m.zHi = math.Log10(hi)
		m.zLo = math.Max(math.Log10(lo), m.zHi-maxDecades)
	}
	// Band k holds the gaps from 10^(zLo + k·dz) up: thresholds cut them
	// without a logarithm per cell.
	var cuts [numShades - 1]float64
	for k := range cuts {
		cuts[k] = math.Pow(10, m.zLo+float64(k+1)*(m.zHi-m.zLo)/numShades)
	}
	if !(m.zHi > m.zLo) {
		for k := range cuts {
			cuts[k] = math.Inf(1) // one band
		}
	}
	band := func(g float64) uint8 {
		b := uint8(0)
		for _, c := range cuts {
			if !(g < c) { // NaN and +Inf: the highest band
				b++
			}
		}
		return b
	}
	if cap(m.shade) < len(gaps) {
		m.shade = make([]uint8, len(gaps))
	}
	m.shade = m.shade[:len(gaps)]
	for i, g := range gaps {
		m.shade[i] = band(g)
	}
	var corners []uint8
	m.lineStep = contourStep(m.zHi - m.zLo)
	if m.lines {
		// The bands at the cells' corners, (w+1)×(h+1), lineStep bands to
		// one, for the contour lines between them.
		corners = make([]uint8, (a.w+1)*(a.h+1))
		for j := 0; j <= a.h; j++ {
			y := a.minY + (float64(a.h-j)-0.5)/a.cellY
			for i := 0; i <= a.w; i++ {
				corners[j*(a.w+1)+i] = band(m.gap(a.minX+(float64(i)-0.5)/a.cellX, y)) / uint8(m.lineStep) //nolint:gosec // G115: a step is at most numShades
			}
		}
	}
	dot := m.mark(contourDot)
	for j := range a.h {
		for i := range a.w {
			s := int(m.shade[j*a.w+i])
			c := newCell(' ', shadeStyle(s, shadeBlank))
			if corners != nil && contourCrosses(corners, a.w+1, i, j) {
				c = newCell(dot, shadeStyle(s, shadeLine))
			}
			m.static.set(a.x0+i, a.y0+j, c)
		}
	}
}

// minLineDecades is the least ratio of f − f* between two contour lines,
// in decades: a window that spans little of the landscape's range (a small
// map, tracking) would otherwise draw a line every other cell.
const minLineDecades = 0.25

// contourStep is how many bands of a shading spanning decades decades the
// contour lines are apart: 1, 2 or 5, each as wide as minLineDecades at
// least, or numShades (no line) for a shading of too few decades.
func contourStep(decades float64) int {
	for _, step := range []int{1, 2, 5} {
		if float64(step)*decades/numShades >= minLineDecades {
			return step
		}
	}
	return numShades
}

// gap is f(x, y) − f*, at least the floor below which rounding blurs it
// (NaN where f is).
func (m *MapView) gap(x, y float64) float64 {
	g := m.land.F(x, y) - m.fStar
	if g < m.floor {
		return m.floor
	}
	return g
}

// contourCrosses reports whether a contour line crosses cell (i, j): its
// corners (stride per row) lie in two neighbouring bands. Where they lie
// in three or more, the slope crosses lines faster than a cell can show,
// and lines would fill every cell: a blank reads better.
func contourCrosses(corners []uint8, stride, i, j int) bool {
	tl, tr := corners[j*stride+i], corners[j*stride+i+1]
	bl, br := corners[(j+1)*stride+i], corners[(j+1)*stride+i+1]
	return max(tl, tr, bl, br) == min(tl, tr, bl, br)+1
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
func (m *MapView) drawNumbers(paths []MapPath) {
	for _, p := range paths {
		n := len(p.Points)
		for i := max(0, n-1-numberedSteps); i < n-1; i++ {
			if x, y, ok := m.cellOf(p.Points[i]); ok {
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

// drawCurrent marks each path's current point with its lane's glyph in
// bold reverse video, or with an arrow on the edge it left by. Lanes whose
// current points share a cell (all of them at the start) take the nearest
// free cells around it, so that every lane shows. A current point that is
// NaN is not drawn.
func (m *MapView) drawCurrent(paths []MapPath) {
	m.placed = m.placed[:0]
	a := &m.area
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
	}
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

// mapLegendEntry is one entry of a map's legend: its cells, and the width
// the layout keeps for it (the shading's scale keeps room for the widest
// numbers it may read).
type mapLegendEntry struct {
	cells []cell
	width int
	scale bool // the shading's scale, drawn with the static layer's numbers
}

// legendSep is the blank columns between two legend entries.
const legendSep = 3

// scaleNumberWidth is the widest a number of the shading's scale is.
const scaleNumberWidth = 7

// layLegend lays out the legend for paths: each lane's glyph and label,
// then the marks of the minima and the start, then the shading's scale,
// wrapped to the map's width. It returns the entries and the rows they
// take (none when the legend is hidden), kept until a lane or label
// changes.
func (m *MapView) layLegend(paths []MapPath) ([]mapLegendEntry, int) {
	if !m.legend {
		return nil, 0
	}
	lg := &m.legendCache
	same := lg.valid && lg.w == m.w && len(lg.lanes) == len(paths)
	for i := 0; same && i < len(paths); i++ {
		same = lg.lanes[i] == paths[i].Lane && lg.labels[i] == paths[i].Label
	}
	if same {
		return lg.entries, lg.rows
	}
	lg.valid, lg.w = true, m.w
	lg.lanes, lg.labels = lg.lanes[:0], lg.labels[:0]
	for _, p := range paths {
		lg.lanes, lg.labels = append(lg.lanes, p.Lane), append(lg.labels, p.Label)
	}
	text := func(s string, style styleID, lead ...cell) mapLegendEntry {
		e := mapLegendEntry{cells: append([]cell(nil), lead...)}
		for _, r := range m.styles.Spell(s) {
			e.cells = append(e.cells, newCell(r, style))
		}
		e.width = len(e.cells)
		return e
	}
	entries := lg.entries[:0]
	for _, p := range paths {
		if p.Lane < 0 || p.Lane >= numLanes || m.noLanes {
			continue
		}
		entries = append(entries, text(" "+p.Label, laneStyle(p.Lane, laneBold), newCell(m.styles.Glyph(p.Lane), laneStyle(p.Lane, laneCurrent))))
	}
	entries = append(entries,
		text(" minimum", styleDim, newCell(m.mark(minimumMark), styleBold)),
		text(" start", styleDim, newCell(m.mark(startMark), styleBold)))
	scale := mapLegendEntry{scale: true}
	if m.colour {
		// "f − f* 0.0038 ▮▮▮▮▮▮▮▮▮▮ 2200"
		scale.width = utf8.RuneCountInString(m.styles.Spell("f − f*  ")) + 2*scaleNumberWidth + 1 + numShades
	} else {
		// "contours: f − f* from 0.016, ×4.2 apart"
		scale.width = utf8.RuneCountInString(m.styles.Spell(contourText("", ""))) + 2*scaleNumberWidth
	}
	entries = append(entries, scale)
	lg.entries = entries
	lg.rows, _ = legendPlaces(entries, m.w, nil)
	return lg.entries, lg.rows
}

// legendPlaces places entries in rows of w columns, legendSep blank
// columns apart, and returns the rows they take and each one's column and
// row (from 0) appended to out.
func legendPlaces(entries []mapLegendEntry, w int, out []point) (int, []point) {
	row, used := 0, 0
	for _, e := range entries {
		wd := min(e.width, w)
		if used > 0 && used+legendSep+wd > w {
			row, used = row+1, 0
		}
		if used > 0 {
			used += legendSep
		}
		out = append(out, point{used, row})
		used += wd
	}
	return row + 1, out
}

// contourText describes the contour lines drawn where colour is absent.
func contourText(from, ratio string) string {
	return "contour lines at f − f* = " + from + ", then each ×" + ratio
}

// noContourText says why a window has no contour lines: f − f* changes too
// little across it.
func noContourText(lo, hi string) string {
	return "no contours: f − f* " + lo + " to " + hi
}

// drawLegend draws the legend's entries into the frame's rows from mapH,
// as layLegend laid them out; an entry wider than the map is cut.
func (m *MapView) drawLegend(entries []mapLegendEntry, mapH int) {
	if len(entries) == 0 {
		return
	}
	_, m.legendAt = legendPlaces(entries, m.w, m.legendAt[:0])
	for i, e := range entries {
		at, wd := m.legendAt[i], min(e.width, m.w)
		cells := e.cells
		if e.scale {
			cells = m.scaleCells()
		}
		for j, c := range cells[:min(len(cells), wd)] {
			m.frame.set(at.x+j, mapH+at.y, c)
		}
		if len(cells) > wd && wd > 0 {
			m.frame.set(at.x+wd-1, mapH+at.y, newCell('…', cells[wd-1].style()))
		}
	}
}

// roughly formats v with two significant digits, as a legend reads a
// scale: 0.0038, 2200, 1.2e-12.
func roughly(v float64) string {
	if v != 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
		e := math.Pow(10, math.Floor(math.Log10(math.Abs(v)))-1)
		if r := math.Round(v/e) * e; !math.IsInf(r, 0) {
			v = r
		}
	}
	return numfmt.Compact(v, scaleNumberWidth)
}

// scaleCells is the legend's entry for the shading: in colour the bands
// from the valley floors to the heights between the values of f − f* at
// their ends; without colour, where the contour lines start and the ratio
// of f − f* from one to the next.
func (m *MapView) scaleCells() []cell {
	var cells []cell
	put := func(s string) {
		for _, r := range m.styles.Spell(s) {
			cells = append(cells, newCell(r, styleDim))
		}
	}
	if m.scale.valid && m.scale.zLo == m.zLo && m.scale.zHi == m.zHi {
		return m.scale.cells
	}
	if !m.colour {
		step := float64(m.lineStep) * (m.zHi - m.zLo) / numShades
		if m.lineStep >= numShades {
			put(noContourText(roughly(math.Pow(10, m.zLo)), roughly(math.Pow(10, m.zHi))))
		} else {
			put(contourText(roughly(math.Pow(10, m.zLo+step)), roughly(math.Pow(10, step))))
		}
		m.scale.cells, m.scale.zLo, m.scale.zHi, m.scale.valid = cells, m.zLo, m.zHi, true
		return cells
	}
	lo, hi := roughly(math.Pow(10, m.zLo)), roughly(math.Pow(10, m.zHi))
	put("f − f* " + lo + " ")
	for s := range numShades {
		cells = append(cells, newCell(' ', shadeStyle(s, shadeBlank)))
	}
	put(" " + hi)
	m.scale.cells, m.scale.zLo, m.scale.zHi, m.scale.valid = cells, m.zLo, m.zHi, true
	return cells
}
