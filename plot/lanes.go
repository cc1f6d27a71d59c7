package plot

import (
	"image/color"
	"math"

	"github.com/optirace/optirace/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// laneRun is one lane of a race as a figure draws it: its iterates up to
// its divergence, their distances to the finish, and when the race saw it
// reach, settle in and leave the finish zone, or diverge.
type laneRun struct {
	// lane is the lane's index, which picks its colour and glyph; name
	// names it in titles and legends ("GD", or a lane's label, "GD α=0.5"),
	// kind is its optimizer's name.
	lane       int
	name, kind string
	// params describes its settings: "α = 0.1, γ = 0.9".
	params string
	// x, y and f are x_t, y_t (2-D only) and f at t = 0 … len(x)−1, all
	// finite; dist is each one's distance to the nearest minimum,
	// |x − x*| in 1-D.
	x, y, f, dist []float64
	// diverged is the step at which the race saw the lane's x, f or state
	// leave the finite numbers or x run past its bound, or −1. The
	// iterates end with the one at that step when it is finite (x past
	// the bound), and just before it when it is not.
	diverged int
	// reached, settled and left are the steps at which the lane first
	// entered the finish zone, from which it has stayed in it, and at
	// which it last left it, at the race's last step, or −1.
	reached, settled, left int
}

// iterates returns the points (x_t, f(x_t)) a 1-D lane's panel draws.
func (r laneRun) iterates() plotter.XYs {
	pts := make(plotter.XYs, len(r.x))
	for t := range r.x {
		pts[t] = plotter.XY{X: r.x[t], Y: r.f[t]}
	}
	return pts
}

// path returns the points (x_t, y_t) a map draws.
func (r laneRun) path() plotter.XYs {
	pts := make(plotter.XYs, len(r.x))
	for t := range r.x {
		pts[t] = plotter.XY{X: r.x[t], Y: r.y[t]}
	}
	return pts
}

// DistFloor is the smallest distance to the finish the convergence panel
// shows, as the race's convergence series does (race.LogFloor): a lane at
// the minimum exactly sits on log10 = −16 instead of falling to −∞.
const DistFloor = 1e-16

// distances returns the points (t, log10 |x_t − x*|) the convergence
// panel draws, each distance at least DistFloor.
func (r laneRun) distances() plotter.XYs {
	pts := make(plotter.XYs, 0, len(r.dist))
	for t, d := range r.dist {
		v := math.Log10(max(d, DistFloor))
		if !finite(v) {
			break
		}
		pts = append(pts, plotter.XY{X: float64(t), Y: v})
	}
	return pts
}

// laneColor returns lane's colour, the TUI's on a light background.
func laneColor(lane int) color.RGBA {
	return hexColor(palette.Lane(lane).Light)
}

// laneGlyphs are the lanes' marks, the TUI's glyphs drawn: ● ■ ◆ ★ ▲ ○ □ ◇.
var laneGlyphs = [palette.NumLanes]draw.GlyphDrawer{
	draw.CircleGlyph{},
	draw.BoxGlyph{},
	diamondGlyph{filled: true},
	starGlyph{},
	draw.PyramidGlyph{},
	draw.RingGlyph{},
	draw.SquareGlyph{},
	diamondGlyph{},
}

// laneGlyph returns lane's glyph drawn in its colour at radius points.
func laneGlyph(lane int, radius float64) draw.GlyphStyle {
	return draw.GlyphStyle{
		Color:  laneColor(lane),
		Radius: vg.Points(radius),
		Shape:  laneGlyphs[((lane%palette.NumLanes)+palette.NumLanes)%palette.NumLanes],
	}
}

// diamondGlyph draws a diamond, ◆ filled or ◇ open.
type diamondGlyph struct{ filled bool }

// DrawGlyph implements draw.GlyphDrawer.
func (d diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	// The four corners, and the first again to close the outline.
	pts := []vg.Point{{X: pt.X, Y: pt.Y + r}, {X: pt.X + r, Y: pt.Y}, {X: pt.X, Y: pt.Y - r}, {X: pt.X - r, Y: pt.Y}, {X: pt.X, Y: pt.Y + r}}
	if d.filled {
		c.FillPolygon(sty.Color, pts[:4])
		return
	}
	c.StrokeLines(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.75)}, pts)
}
