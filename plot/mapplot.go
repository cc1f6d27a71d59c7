package plot

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/optirace/optirace/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// field is the 2-D landscape a map draws: f(x, y), its minima and the
// start every lane shares.
type field struct {
	f      func(x, y float64) float64
	minima []plotter.XY
	start  plotter.XY
}

// Resolution of a map's shading: samples across and up. The heat map is
// drawn as an image, which a PNG scales and an SVG embeds.
const (
	mapCols = 480
	mapRows = 300
)

// mapPanel draws the landscape as a filled contour map, as the TUI shades
// it: log10(f − f*) in palette.NumShades bands from the valley floors to
// the heights, the lines between the bands, every lane's path joined step
// to step with its glyph at each iterate (a few, on a long path), its last
// point larger, the minima (×) and the start (○), and a legend.
func mapPanel(title string, fd field, runs []laneRun, slack float64) (panel, error) {
	p := newPlot(title, "x", "y")
	win := mapWindow(fd, runs)
	g := sampleField(fd, win)

	heat := plotter.NewHeatMap(bandGrid{g}, shadePalette{})
	heat.Min, heat.Max = 0, palette.NumShades-1
	heat.Rasterized = true
	p.Add(heat)
	if levels := g.levels(); len(levels) > 0 {
		lines := plotter.NewContour(g, levels, nil)
		lines.LineStyles = []draw.LineStyle{{Color: color.RGBA{R: 0x4A, G: 0x5A, B: 0x6A, A: 0xA0}, Width: vg.Points(0.6)}}
		p.Add(lines)
	}

	leg := &legend{slack: slack}
	for _, r := range runs {
		pts := r.path()
		if len(pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return panel{}, err
		}
		line.Color = laneColor(r.lane)
		line.Width = vg.Points(1.8)
		every := max(1, (len(pts)+59)/60) // at most about 60 glyphs
		var marked plotter.XYs
		for i := 0; i < len(pts)-1; i += every {
			marked = append(marked, pts[i])
		}
		glyphs, err := plotter.NewScatter(marked)
		if err != nil {
			return panel{}, err
		}
		glyphs.GlyphStyle = laneGlyph(r.lane, 3)
		end, err := plotter.NewScatter(pts[len(pts)-1:])
		if err != nil {
			return panel{}, err
		}
		end.GlyphStyle = laneGlyph(r.lane, 6)
		p.Add(line, glyphs, end)
		leg.avoid = append(leg.avoid, pts)
		leg.marks = append(leg.marks, pts[len(pts)-1]) // where the lane is at the end
		// The lane's settings in full: its optimizer, and its label only
		// where the settings do not tell it from the others (two lanes
		// alike), so that "GD α=0.5" does not read "GD α=0.5, α = 0.5".
		label := r.name
		if r.kind != "" && strings.Contains(r.name, "=") {
			label = r.kind
		}
		if r.params != "" {
			label += ", " + r.params
		}
		if r.diverged >= 0 {
			label += " · diverged at t = " + strconv.Itoa(r.diverged)
		}
		leg.add(label, line.LineStyle, &end.GlyphStyle)
	}

	minima, err := plotter.NewScatter(plotter.XYs(fd.minima))
	if err != nil {
		return panel{}, err
	}
	minima.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(6), Shape: draw.CrossGlyph{}}
	start, err := plotter.NewScatter(plotter.XYs{fd.start})
	if err != nil {
		return panel{}, err
	}
	start.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(7), Shape: draw.RingGlyph{}}
	p.Add(minima, start)
	noLine := draw.LineStyle{}
	leg.add("minimum", noLine, &minima.GlyphStyle)
	leg.add("start", noLine, &start.GlyphStyle)
	leg.marks = append(append(leg.marks, fd.minima...), fd.start)
	p.Add(leg)

	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = win.xMin, win.xMax, win.yMin, win.yMax
	return panel{plot: p, legend: leg}, nil
}

// window is the part of the plane a map shows.
type window struct{ xMin, xMax, yMin, yMax float64 }

// mapWindow is the window a map shows: the start, the minima and every
// lane's iterates with a margin, but not iterates far beyond the start and
// the minima (a diverging lane runs off the map rather than shrink it).
func mapWindow(fd field, runs []laneRun) window {
	w := window{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	add := func(x, y float64) {
		w.xMin, w.xMax = math.Min(w.xMin, x), math.Max(w.xMax, x)
		w.yMin, w.yMax = math.Min(w.yMin, y), math.Max(w.yMax, y)
	}
	add(fd.start.X, fd.start.Y)
	for _, m := range fd.minima {
		add(m.X, m.Y)
	}
	span := math.Max(math.Max(w.xMax-w.xMin, w.yMax-w.yMin), 1)
	near := window{w.xMin - span, w.xMax + span, w.yMin - span, w.yMax + span}
	for _, r := range runs {
		for t := range r.x {
			if x, y := r.x[t], r.y[t]; x >= near.xMin && x <= near.xMax && y >= near.yMin && y <= near.yMax {
				add(x, y)
			}
		}
	}
	// A margin, and neither side under half the other, as the TUI's whole
	// view has.
	span = math.Max(w.xMax-w.xMin, w.yMax-w.yMin)
	grow := func(lo, hi float64) (float64, float64) {
		pad := math.Max(0.08*span, (0.5*span-(hi-lo))/2)
		return lo - pad, hi + pad
	}
	w.xMin, w.xMax = grow(w.xMin, w.xMax)
	w.yMin, w.yMax = grow(w.yMin, w.yMax)
	return w
}

// fieldGrid is log10(f − f*) sampled over a window, a plotter.GridXYZ,
// with the bands the shading cuts it into.
type fieldGrid struct {
	win        window
	z          []float64 // by row (y up), then column
	cols, rows int
	// lo and hi are the range of z the bands span: lo at most maxDecades
	// below hi, so that a sample at a minimum does not stretch the scale.
	lo, hi float64
}

// maxDecades bounds the decades of f − f* the shading spans, as in the TUI.
const maxDecades = 6

// sampleField samples log10(f − f*) over win, f* the lowest f at a
// minimum, each f − f* at least the floor below which rounding blurs it.
func sampleField(fd field, win window) *fieldGrid {
	fStar := math.Inf(1)
	for _, m := range fd.minima {
		fStar = math.Min(fStar, fd.f(m.X, m.Y))
	}
	if math.IsInf(fStar, 0) || math.IsNaN(fStar) {
		fStar = 0
	}
	floor := math.Max(1e-300, 1e-15*math.Abs(fStar))
	g := &fieldGrid{win: win, cols: mapCols, rows: mapRows, z: make([]float64, mapCols*mapRows)}
	g.lo, g.hi = math.Inf(1), math.Inf(-1)
	for r := range g.rows {
		for c := range g.cols {
			z := math.Log10(math.Max(fd.f(g.X(c), g.Y(r))-fStar, floor))
			if math.IsNaN(z) {
				z = math.Inf(1) // f overflowed: the heights
			}
			g.z[r*g.cols+c] = z
			if !math.IsInf(z, 0) {
				g.lo, g.hi = math.Min(g.lo, z), math.Max(g.hi, z)
			}
		}
	}
	if !(g.lo <= g.hi) {
		g.lo, g.hi = 0, 0
	}
	g.lo = math.Max(g.lo, g.hi-maxDecades)
	return g
}

// Dims implements plotter.GridXYZ.
func (g *fieldGrid) Dims() (c, r int) { return g.cols, g.rows }

// Z implements plotter.GridXYZ.
func (g *fieldGrid) Z(c, r int) float64 { return g.z[r*g.cols+c] }

// X implements plotter.GridXYZ.
func (g *fieldGrid) X(c int) float64 {
	return g.win.xMin + (g.win.xMax-g.win.xMin)*(float64(c)+0.5)/float64(g.cols)
}

// Y implements plotter.GridXYZ.
func (g *fieldGrid) Y(r int) float64 {
	return g.win.yMin + (g.win.yMax-g.win.yMin)*(float64(r)+0.5)/float64(g.rows)
}

// band is the shading's band of z: ⌊(z − lo)/(hi − lo) × NumShades⌋,
// clamped, as the TUI cuts it.
func (g *fieldGrid) band(z float64) int {
	if !(g.hi > g.lo) {
		return 0
	}
	b := math.Floor((z - g.lo) / (g.hi - g.lo) * palette.NumShades)
	if math.IsNaN(b) {
		return palette.NumShades - 1
	}
	return int(math.Max(0, math.Min(b, palette.NumShades-1)))
}

// levels are the contour levels between the bands.
func (g *fieldGrid) levels() []float64 {
	if !(g.hi > g.lo) {
		return nil
	}
	lv := make([]float64, palette.NumShades-1)
	for k := range lv {
		lv[k] = g.lo + float64(k+1)*(g.hi-g.lo)/palette.NumShades
	}
	return lv
}

// bandGrid is a fieldGrid's bands, for the heat map: a band k is drawn in
// shade k.
type bandGrid struct{ *fieldGrid }

// Z implements plotter.GridXYZ.
func (b bandGrid) Z(c, r int) float64 { return float64(b.band(b.fieldGrid.Z(c, r))) }

// shadePalette is the map's shades on white, the valley floors first
// (palette.MapShade): the TUI's bands in a figure.
type shadePalette struct{}

// Colors implements gonum's palette.Palette.
func (shadePalette) Colors() []color.Color {
	cs := make([]color.Color, palette.NumShades)
	for i := range cs {
		cs[i] = hexColor(palette.MapShade(i).Light)
	}
	return cs
}
