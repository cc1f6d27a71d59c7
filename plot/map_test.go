package plot

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/palette"
	"gonum.org/v1/plot/plotter"
)

// twoD returns the engine's 2-D landscapes.
func twoD() []optimizers.Objective { return optimizers.ObjectivesIn(2) }

// fieldOf is the map's field of a 2-D objective, from start.
func fieldOf(obj optimizers.Objective, start optimizers.Vec) field {
	fd := field{f: func(x, y float64) float64 { return obj.F(optimizers.Vec{x, y}) }, start: plotter.XY{X: start[0], Y: start[1]}}
	for _, m := range obj.Minima {
		fd.minima = append(fd.minima, plotter.XY{X: m[0], Y: m[1]})
	}
	return fd
}

// TestMapFigure draws each 2-D landscape's race on its defaults as PNG and
// SVG: 1920×1080, every lane in its colour, the landscape shaded in the
// map's bands, and no NaN or Inf anywhere; and the race of a lane that
// diverges on Rosenbrock, whose legend says so.
func TestMapFigure(t *testing.T) {
	t.Parallel()
	figs := map[string]Figure{}
	for _, obj := range twoD() {
		figs[obj.Name] = Figure{Settings: obj.Defaults(), Objective: obj, Steps: 100}
	}
	rosen := optimizers.Rosenbrock()
	diverging := optimizers.Lane{Kind: optimizers.GD, Hyper: optimizers.Hyper{LR: 0.01}}
	figs["diverging"] = Figure{Settings: rosen.Defaults(), Objective: rosen, Steps: 100, Lanes: []optimizers.Lane{diverging, rosen.Defaults().Lane(optimizers.Adam)}}
	for name, fig := range figs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runs, err := fig.runs()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Write(&buf, PNG, fig); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
				t.Fatalf("PNG is %d×%d, want 1920×1080", b.Dx(), b.Dy())
			}
			counts := colorCounts(img)
			for _, r := range runs {
				if n := counts[laneColor(r.lane)]; n < 300 {
					t.Errorf("%s: %d pixels of its colour, want ≥ 300", r.name, n)
				}
			}
			shades := 0
			for _, c := range (shadePalette{}).Colors() {
				if counts[c.(color.RGBA)] > 1000 {
					shades++
				}
			}
			if shades < palette.NumShades/2 {
				t.Errorf("%d of the %d shades cover the map", shades, palette.NumShades)
			}
			buf.Reset()
			if err := Write(&buf, SVG, fig); err != nil {
				t.Fatal(err)
			}
			svg := buf.String()
			// The shading is an embedded image, whose base64 may spell anything.
			if drawn := embedded.ReplaceAllString(svg, ""); strings.Contains(drawn, "NaN") || strings.Contains(drawn, "Inf") {
				t.Error("SVG has a NaN or Inf coordinate")
			}
			want := []string{">minimum<", ">start<", ">log10 |x_t − x*|<", "<image", "shaded by log10(f − f*)"}
			for _, r := range runs {
				want = append(want, ">"+r.name)
			}
			if name == "diverging" {
				want = append(want, "diverged at t = ")
			}
			for _, w := range want {
				if !strings.Contains(svg, w) {
					t.Errorf("SVG has no %q", w)
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
	bowl := optimizers.Bowl()
	fd := fieldOf(bowl, bowl.Start)
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
	bowl := optimizers.Bowl()
	fd := fieldOf(bowl, bowl.Start)
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
