package views

import (
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
