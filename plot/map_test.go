package plot

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/optirace/optirace/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// testFields are the five 2-D landscapes of issue 17, written out here so
// that the map's tests do not depend on the engine.
func testFields() map[string]field {
	return map[string]field{
		"bowl": {f: func(x, y float64) float64 { return x*x + 10*y*y }, minima: []plotter.XY{{X: 0, Y: 0}}, start: plotter.XY{X: -8, Y: 2}},
		"rosenbrock": {f: func(x, y float64) float64 {
			d := y - x*x
			return (1-x)*(1-x) + 100*(d*d)
		}, minima: []plotter.XY{{X: 1, Y: 1}}, start: plotter.XY{X: -1.2, Y: 1}},
		"saddle": {f: func(x, y float64) float64 { return x*x - y*y + y*y*y*y/4 }, minima: []plotter.XY{{X: 0, Y: math.Sqrt2}, {X: 0, Y: -math.Sqrt2}}, start: plotter.XY{X: 8, Y: 0.001}},
		"himmelblau": {f: func(x, y float64) float64 {
			a, b := x*x+y-11, x+y*y-7
			return a*a + b*b
		}, minima: []plotter.XY{{X: 3, Y: 2}, {X: -2.805118086952745, Y: 3.131312518250573}, {X: -3.779310253377747, Y: -3.2831859912861696}, {X: 3.5844283403304917, Y: -1.8481265269644036}}, start: plotter.XY{X: 0, Y: 0}},
	}
}

// testRuns runs five optimizers' rules per coordinate on fd for steps
// steps (gradients by central differences), as lanes of a race: enough to
// draw a map as a race's.
func testRuns(fd field, steps int, tol float64) []laneRun {
	names := []string{"GD", "GDM", "AdaGrad", "RMSProp", "Adam"}
	var runs []laneRun
	for k, name := range names {
		x, y := fd.start.X, fd.start.Y
		var v, s, m [2]float64
		r := laneRun{lane: k, name: name, diverged: -1, reached: -1, settled: -1, left: -1}
		for t := 0; t <= steps; t++ {
			if t > 0 {
				const h = 1e-6
				g := [2]float64{(fd.f(x+h, y) - fd.f(x-h, y)) / (2 * h), (fd.f(x, y+h) - fd.f(x, y-h)) / (2 * h)}
				var d [2]float64
				for c := range 2 {
					switch k {
					case 0:
						d[c] = 0.01 * g[c]
					case 1:
						v[c] = 0.9*v[c] + 0.002*g[c]
						d[c] = v[c]
					case 2:
						s[c] += g[c] * g[c]
						d[c] = 0.5 / (math.Sqrt(s[c]) + 1e-8) * g[c]
					case 3:
						s[c] = 0.9*s[c] + 0.1*g[c]*g[c]
						d[c] = 0.05 / (math.Sqrt(s[c]) + 1e-8) * g[c]
					case 4:
						m[c] = 0.9*m[c] + 0.1*g[c]
						s[c] = 0.999*s[c] + 0.001*g[c]*g[c]
						d[c] = 0.1 * m[c] / (1 - math.Pow(0.9, float64(t))) / (math.Sqrt(s[c]/(1-math.Pow(0.999, float64(t)))) + 1e-8)
					}
				}
				x, y = x-d[0], y-d[1]
			}
			if !finite(x) || !finite(y) || !finite(fd.f(x, y)) {
				r.diverged = t
				break
			}
			dist := math.Inf(1)
			for _, mm := range fd.minima {
				dist = math.Min(dist, math.Hypot(x-mm.X, y-mm.Y))
			}
			r.x, r.y, r.f, r.dist = append(r.x, x), append(r.y, y), append(r.f, fd.f(x, y)), append(r.dist, dist)
			switch {
			case dist < tol && r.reached < 0:
				r.reached, r.settled = t, t
			case dist < tol && r.settled < 0:
				r.settled = t
			case dist >= tol && r.settled >= 0:
				r.settled, r.left = -1, t
			}
		}
		runs = append(runs, r)
	}
	return runs
}

// TestMapFigure draws each 2-D landscape's figure as PNG and SVG: 1920×1080,
// every lane in its colour, the landscape shaded in the map's bands, and
// no NaN or Inf anywhere.
func TestMapFigure(t *testing.T) {
	t.Parallel()
	for name, fd := range testFields() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runs := testRuns(fd, 120, 1e-3)
			drawFig := func(dc draw.Canvas, slack float64) error {
				return drawMap(dc, slack, "Five optimizers on "+name, name, fd, runs, 1e-3)
			}
			var buf bytes.Buffer
			if err := writeFigure(&buf, PNG, drawFig); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
				t.Fatalf("PNG is %d×%d, want 1920×1080", b.Dx(), b.Dy())
			}
			for _, r := range runs {
				if n := countColor(img, laneColor(r.lane)); n < 300 {
					t.Errorf("%s: %d pixels of its colour, want ≥ 300", r.name, n)
				}
			}
			shades := 0
			for _, c := range (shadePalette{}).Colors() {
				if countColor(img, c.(color.RGBA)) > 1000 {
					shades++
				}
			}
			if shades < palette.NumShades/2 {
				t.Errorf("%d of the %d shades cover the map", shades, palette.NumShades)
			}
			buf.Reset()
			if err := writeFigure(&buf, SVG, drawFig); err != nil {
				t.Fatal(err)
			}
			svg := buf.String()
			// The shading is an embedded image, whose base64 may spell anything.
			if drawn := embedded.ReplaceAllString(svg, ""); strings.Contains(drawn, "NaN") || strings.Contains(drawn, "Inf") {
				t.Error("SVG has a NaN or Inf coordinate")
			}
			for _, want := range []string{">GD<", ">Adam<", ">minimum<", ">start<", ">log10 |x_t − x*|<", "<image"} {
				if !strings.Contains(svg, want) {
					t.Errorf("SVG has no %q", want)
				}
			}
		})
	}
}

// embedded matches the data of an image embedded in an SVG.
var embedded = regexp.MustCompile(`data:[a-z]+/[a-z]+;base64,[A-Za-z0-9+/=]*`)

// TestMapShading: the shading's lowest band holds the minimum and its
// highest the map's far corner; the bands span at most maxDecades, and the
// contour levels lie between them.
func TestMapShading(t *testing.T) {
	fd := testFields()["bowl"]
	win := window{-10, 10, -4, 4}
	g := sampleField(fd, win)
	if b := g.band(math.Log10(1e-12)); b != 0 {
		t.Errorf("next to the minimum: band %d, want 0", b)
	}
	if b := g.band(g.Z(g.cols-1, g.rows-1)); b != palette.NumShades-1 {
		t.Errorf("the far corner: band %d, want %d", b, palette.NumShades-1)
	}
	if g.hi-g.lo > maxDecades {
		t.Errorf("bands span %g decades, more than %d", g.hi-g.lo, maxDecades)
	}
	levels := g.levels()
	if len(levels) != palette.NumShades-1 {
		t.Fatalf("%d levels, want %d", len(levels), palette.NumShades-1)
	}
	for k, lv := range levels {
		if g.band(lv-1e-9) != k || g.band(lv+1e-9) != k+1 {
			t.Errorf("level %d at %g does not part band %d from %d", k, lv, k, k+1)
		}
	}
	if b := g.band(math.NaN()); b != palette.NumShades-1 {
		t.Errorf("an f that overflowed: band %d, want the heights'", b)
	}
	flat := sampleField(field{f: func(float64, float64) float64 { return 3 }, start: plotter.XY{X: 1, Y: 1}}, win)
	if flat.levels() != nil || flat.band(flat.Z(0, 0)) != 0 {
		t.Error("a flat landscape has bands")
	}
}

// TestMapWindowHoldsTheRace: the map holds the start, the minima and the
// lanes' iterates near them, but not a lane that ran far off.
func TestMapWindowHoldsTheRace(t *testing.T) {
	fd := testFields()["bowl"]
	runs := []laneRun{
		{x: []float64{-8, -9, 1}, y: []float64{2, -3, 0}},
		{x: []float64{-8, 1e9}, y: []float64{2, 1e9}},
	}
	w := mapWindow(fd, runs)
	for _, p := range []plotter.XY{{X: -8, Y: 2}, {X: 0, Y: 0}, {X: -9, Y: -3}, {X: 1, Y: 0}} {
		if p.X <= w.xMin || p.X >= w.xMax || p.Y <= w.yMin || p.Y >= w.yMax {
			t.Errorf("%v is not inside the window %+v", p, w)
		}
	}
	if w.xMax > 100 || w.yMax > 100 {
		t.Errorf("a lane far off stretched the window to %+v", w)
	}
	if wx, wy := w.xMax-w.xMin, w.yMax-w.yMin; wy < wx/2 || wx < wy/2 {
		t.Errorf("window %+v is %g by %g", w, wx, wy)
	}
}

func TestZoneText(t *testing.T) {
	for _, c := range []struct {
		r    laneRun
		want string
	}{
		{laneRun{diverged: 3, reached: -1, settled: -1, left: -1}, "diverged at t = 3"},
		{laneRun{diverged: -1, reached: 42, settled: 42, left: -1}, "settled t = 42"},
		{laneRun{diverged: -1, reached: 126, settled: 172, left: 150}, "reached t = 126, settled t = 172"},
		{laneRun{diverged: -1, reached: 20, settled: -1, left: 73}, "reached t = 20, left t = 73"},
		{laneRun{diverged: -1, reached: -1, settled: -1, left: -1}, "not reached"},
	} {
		if got := zoneText(c.r); got != c.want {
			t.Errorf("zoneText(%+v) = %q, want %q", c.r, got, c.want)
		}
	}
}
