package plot

import (
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// starGlyph draws a filled five-pointed star, matplotlib's '*' marker, which
// the lecture's figures use for the iterates.
type starGlyph struct{}

// starInner is the ratio of the inner to the outer radius of the star
// (matplotlib's is 0.381966, that of a regular pentagram).
const starInner = 0.381966

// DrawGlyph implements draw.GlyphDrawer.
func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	pts := make([]vg.Point, 0, 10)
	for i := range 10 {
		r := sty.Radius
		if i%2 == 1 {
			r *= starInner
		}
		// Start at the top point and go round.
		a := math.Pi/2 + float64(i)*math.Pi/5
		pts = append(pts, vg.Point{
			X: pt.X + vg.Length(float64(r)*math.Cos(a)),
			Y: pt.Y + vg.Length(float64(r)*math.Sin(a)),
		})
	}
	c.FillPolygon(sty.Color, pts)
}
