package plot

import (
	"image/color"
	"math"
	"strconv"

	"github.com/optirace/optirace/numfmt"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// glyphsAlong is how many of its lane's glyphs the convergence panel puts
// along each series, so that the series tell apart in grey too.
const glyphsAlong = 6

// convergencePanel draws the convergence of every lane, as the TUI's
// convergence screen does: log10 |x_t − x*| against t (the distance to the
// nearest minimum in 2-D), with the finish zone's edge |x − x*| = tol as a
// dashed line and on it each lane's glyph where it reached the zone and,
// ringed, where it settled.
func convergencePanel(runs []laneRun, tol, slack float64) (panel, error) {
	p := newPlot("Convergence", "iteration t", "log10 |x_t − x*|")
	leg := &legend{slack: slack}
	last := 1.0
	for _, r := range runs {
		last = max(last, float64(len(r.dist)-1))
	}
	zone := math.Log10(tol)
	edge, err := plotter.NewLine(plotter.XYs{{X: 0, Y: zone}, {X: last, Y: zone}})
	if err != nil {
		return panel{}, err
	}
	edge.Color = hexColor(curveGrey)
	edge.Width = vg.Points(1.5)
	edge.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	p.Add(edge)
	for _, r := range runs {
		pts := r.distances()
		if len(pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return panel{}, err
		}
		line.Color = laneColor(r.lane)
		line.Width = vg.Points(2)
		p.Add(line)
		// The lane's glyph along its series and at its end.
		var along plotter.XYs
		for i := 1; i <= glyphsAlong; i++ {
			along = append(along, pts[(len(pts)-1)*i/glyphsAlong])
		}
		marks, err := plotter.NewScatter(along)
		if err != nil {
			return panel{}, err
		}
		marks.GlyphStyle = laneGlyph(r.lane, 3.5)
		p.Add(marks)
		leg.avoid = append(leg.avoid, line.XYs)
		// Where the series ends (a diverging one, where it diverged) is
		// what a reader looks for: the legend never covers it.
		leg.marks = append(leg.marks, pts[len(pts)-1])
		mark := marks.GlyphStyle
		leg.add(r.name+" · "+zoneText(r), line.LineStyle, &mark)
		if r.reached >= 0 && r.reached < len(pts) {
			if err := addZoneMark(p, leg, r, r.reached, zone, false); err != nil {
				return panel{}, err
			}
		}
		if r.settled >= 0 && r.settled < len(pts) {
			if err := addZoneMark(p, leg, r, r.settled, zone, true); err != nil {
				return panel{}, err
			}
		}
	}
	leg.add("finish zone, |x − x*| < "+numfmt.Compact(tol, 8), edge.LineStyle, nil)
	leg.avoid = append(leg.avoid, edge.XYs)
	p.Add(plotter.NewGrid(), leg)
	// Iterations from 0, a decade below the zone; the room above the
	// series for the legend is made once the panel's size is known.
	p.X.Min, p.X.Max = 0, max(p.X.Max, 1)
	p.Y.Min = math.Min(p.Y.Min, zone-1)
	return panel{plot: p, legend: leg, roomAbove: true, yLo: p.Y.Min, yHi: p.Y.Max}, nil
}

// addZoneMark marks lane r's glyph on the finish zone's edge at step t:
// where it reached the zone, or ringed in black where it settled.
func addZoneMark(p *gplot.Plot, leg *legend, r laneRun, t int, zone float64, settled bool) error {
	at := plotter.XYs{{X: float64(t), Y: zone}}
	if settled {
		ring, err := plotter.NewScatter(at)
		if err != nil {
			return err
		}
		ring.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(8), Shape: draw.RingGlyph{}}
		p.Add(ring)
	}
	mark, err := plotter.NewScatter(at)
	if err != nil {
		return err
	}
	mark.GlyphStyle = laneGlyph(r.lane, 5)
	p.Add(mark)
	leg.marks = append(leg.marks, at[0])
	return nil
}

// zoneText says where lane r ended the race, as the TUI's convergence
// legend does: "settled t = 42", "reached t = 126, settled t = 172",
// "reached t = 20, left t = 73", "diverged at t = 3", or "not reached".
func zoneText(r laneRun) string {
	switch {
	case r.diverged >= 0:
		return "diverged at t = " + strconv.Itoa(r.diverged)
	case r.settled >= 0 && r.settled == r.reached:
		return "settled t = " + strconv.Itoa(r.settled)
	case r.settled >= 0:
		return "reached t = " + strconv.Itoa(r.reached) + ", settled t = " + strconv.Itoa(r.settled)
	case r.left >= 0:
		return "reached t = " + strconv.Itoa(r.reached) + ", left t = " + strconv.Itoa(r.left)
	case r.reached >= 0:
		return "reached t = " + strconv.Itoa(r.reached)
	}
	return "not reached"
}
