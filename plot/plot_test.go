package plot

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestFormatOf(t *testing.T) {
	cases := []struct {
		name string
		want Format
		err  bool
	}{
		{name: "race.png", want: PNG},
		{name: "/tmp/Race.PNG", want: PNG},
		{name: "race.svg", want: SVG},
		{name: "slides/race.Svg", want: SVG},
		{name: "race.jpg", err: true},
		{name: "race.png.bak", err: true},
		{name: "race", err: true},
		{name: "png", err: true},
		{name: "", err: true},
	}
	for _, c := range cases {
		got, err := FormatOf(c.name)
		switch {
		case c.err && !errors.Is(err, ErrUnknownFormat):
			t.Errorf("FormatOf(%q) = %v, %v; want ErrUnknownFormat", c.name, got, err)
		case !c.err && (err != nil || got != c.want):
			t.Errorf("FormatOf(%q) = %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

// settings returns the lecture's settings changed by edit.
func settings(edit func(*optimizers.Settings)) optimizers.Settings {
	s := optimizers.Defaults()
	if edit != nil {
		edit(&s)
	}
	return s
}

// races are figures that must all draw: the lecture's, and the corner cases
// where a naive figure would draw NaN or an empty axis.
var races = []struct {
	name string
	fig  Figure
}{
	{"lecture", Figure{Settings: settings(nil), Steps: 25}},
	{"gd diverges", Figure{Settings: settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }), Steps: 25}},
	{"gd overflows", Figure{Settings: settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }), Steps: 600}},
	{"start at the minimum", Figure{Settings: settings(func(s *optimizers.Settings) { s.X0 = 0 }), Steps: 25}},
	{"f(x0) overflows", Figure{Settings: settings(func(s *optimizers.Settings) { s.X0 = -1e200 }), Steps: 5}},
	{"no steps", Figure{Settings: settings(nil), Steps: 0}},
}

// TestWritePNG draws the lecture's race as PNG (rasterising is slow under
// the race detector; TestWriteSVG draws every race through the same code).
func TestWritePNG(t *testing.T) {
	t.Parallel()
	fig := races[0].fig
	fig.Objective = optimizers.Quadratic()
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
	// Every optimizer is drawn in its TUI colour.
	for _, k := range optimizers.Kinds() {
		if n := countColor(img, optimizerColor(k)); n < 500 {
			t.Errorf("%v: %d pixels of its colour %v, want ≥ 500", k, n, optimizerColor(k))
		}
	}
}

// countColor counts the opaque pixels of colour c.
func countColor(img image.Image, c color.RGBA) int {
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return -1
	}
	n := 0
	for i := 0; i+3 < len(rgba.Pix); i += 4 {
		if rgba.Pix[i] == c.R && rgba.Pix[i+1] == c.G && rgba.Pix[i+2] == c.B && rgba.Pix[i+3] == c.A {
			n++
		}
	}
	return n
}

func TestWriteSVG(t *testing.T) {
	t.Parallel()
	for _, r := range races {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer // the zero Objective: x²
			if err := Write(&buf, SVG, r.fig); err != nil {
				t.Fatal(err)
			}
			svg := buf.String()
			if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
				t.Error("SVG has a NaN or Inf coordinate")
			}
			// The lecture's titles and labels, one panel per optimizer.
			for _, k := range optimizers.Kinds() {
				if want := ">" + k.String() + " for f(x) = x^2<"; !strings.Contains(svg, want) {
					t.Errorf("no title %q", want)
				}
			}
			if n := strings.Count(svg, ">f(x)<"); n != optimizers.NumKinds {
				t.Errorf("%d axes labelled f(x), want %d", n, optimizers.NumKinds)
			}
			if !strings.Contains(svg, ">log10 |f(x_t) − f(x*)|<") {
				t.Error("no convergence panel")
			}
			// Text falls back to fonts of the same metrics where the embedded one is ignored.
			if strings.Contains(svg, svgFont) || !strings.Contains(svg, svgFonts) {
				t.Error("SVG text names Liberation Sans without its fallbacks")
			}
			dec := xml.NewDecoder(&buf)
			root := ""
			for {
				tok, err := dec.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("SVG is not XML: %v", err)
				}
				if se, ok := tok.(xml.StartElement); ok && root == "" {
					root = se.Name.Local
				}
			}
			if root != "svg" {
				t.Errorf("root element %q, want svg", root)
			}
		})
	}
}

func TestWriteRefusesBadInput(t *testing.T) {
	fig := Figure{Settings: settings(nil), Objective: optimizers.Quadratic(), Steps: 3}
	if err := Write(io.Discard, Format(7), fig); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
	fig.Settings.LR[optimizers.Adam] = -1
	var pe *optimizers.ParamError
	if err := Write(io.Discard, PNG, fig); !errors.As(err, &pe) || pe.Key != "adam.lr" {
		t.Errorf("bad learning rate: %v", err)
	}
}

// TestRunsStopAtDivergence checks what the panels draw: the engine's
// iterates up to the step at which the race marks the run diverged.
func TestRunsStopAtDivergence(t *testing.T) {
	fig := Figure{
		Settings:  settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }),
		Objective: optimizers.Quadratic(),
		Steps:     600,
	}
	runs, err := fig.runs()
	if err != nil {
		t.Fatal(err)
	}
	gd := runs[optimizers.GD]
	// x_t = 10·(−2)^t passes the race's bound 1e6·|x0 − x*| = 1e7 at t = 20.
	if gd.diverged != 20 || len(gd.x) != 20 {
		t.Errorf("GD diverged at t = %d with %d iterates, want 20 and 20", gd.diverged, len(gd.x))
	}
	if gd.x[3] != -80 || gd.f[3] != 6400 {
		t.Errorf("GD t = 3: x = %v, f = %v; want -80, 6400", gd.x[3], gd.f[3])
	}
	o, err := optimizers.New(optimizers.Adam, fig.Settings, fig.Objective)
	if err != nil {
		t.Fatal(err)
	}
	st := o.Start(fig.Settings.X0)
	adam := runs[optimizers.Adam]
	if adam.diverged != -1 || len(adam.x) != 601 {
		t.Fatalf("Adam diverged at %d with %d iterates, want -1 and 601", adam.diverged, len(adam.x))
	}
	for step := range 601 {
		if step > 0 {
			o.Step(&st)
		}
		if adam.x[step] != st.X || adam.f[step] != st.F {
			t.Fatalf("Adam t = %d: (%v, %v), engine (%v, %v)", step, adam.x[step], adam.f[step], st.X, st.F)
		}
	}
}

// TestFinishLineIsTheRaces checks that the convergence panel marks each
// optimizer's finish where the race engine sees it.
func TestFinishLineIsTheRaces(t *testing.T) {
	for _, tol := range []float64{0, 1e-6} {
		fig := Figure{Settings: settings(nil), Objective: optimizers.Quadratic(), Steps: 80, Tol: tol}
		runs, err := fig.runs()
		if err != nil {
			t.Fatal(err)
		}
		want := fig.tol()
		for _, r := range runs {
			if r.finished < 0 {
				if math.Abs(r.x[len(r.x)-1]) < want {
					t.Errorf("tol %v: %v ends inside the finish line but has no finish", want, r.kind)
				}
				continue
			}
			if math.Abs(r.x[r.finished]) >= want || (r.finished > 0 && math.Abs(r.x[r.finished-1]) < want) {
				t.Errorf("tol %v: %v finish at t = %d is not its first step inside |x| < tol", want, r.kind, r.finished)
			}
		}
		if runs[optimizers.RMSProp].finished < 0 {
			t.Errorf("tol %v: RMSProp, which gets within 1e-6 of x* in 80 steps, has no finish", want)
		}
	}
}

func TestCurveSpansTheIterates(t *testing.T) {
	fig := Figure{Objective: optimizers.Quadratic()}
	cases := []struct {
		name   string
		x      []float64
		lo, hi float64
	}{
		{"lecture", []float64{10, 8, -3}, -11, 11},
		{"at the minimum", []float64{0}, -1, 1},
		{"huge", []float64{1e200}, -1.1e200, 1.1e200},
		{"near MaxFloat64", []float64{math.MaxFloat64}, -math.MaxFloat64, math.MaxFloat64},
	}
	for _, c := range cases {
		xys := fig.curve(run{x: c.x})
		for _, p := range xys {
			if math.IsNaN(p.X+p.Y) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
				t.Fatalf("%s: non-finite point %v", c.name, p)
			}
		}
		if c.name == "huge" || c.name == "near MaxFloat64" {
			continue // f overflows at the ends: only the middle is drawn
		}
		if len(xys) != curveSamples || xys[0].X != c.lo || xys[len(xys)-1].X != c.hi {
			t.Errorf("%s: %d points from %v to %v, want %d from %v to %v",
				c.name, len(xys), xys[0].X, xys[len(xys)-1].X, curveSamples, c.lo, c.hi)
		}
	}
}

func TestHexColor(t *testing.T) {
	cases := map[string]color.RGBA{
		"#005A8C": {R: 0x00, G: 0x5A, B: 0x8C, A: 0xFF},
		"#8a8a8a": {R: 0x8A, G: 0x8A, B: 0x8A, A: 0xFF},
		"red":     {A: 0xFF},
		"#12345":  {A: 0xFF},
	}
	for in, want := range cases {
		if got := hexColor(in); got != want {
			t.Errorf("hexColor(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestLegendHidesTheLeastData(t *testing.T) {
	cases := []struct {
		name string
		line plotter.XYs
		want string
	}{
		{"no data: top left", nil, "top left"},
		{"data in the top left", plotter.XYs{{X: 0, Y: 1}, {X: 0.05, Y: 0.95}}, "top right"},
		{"a line along the top", plotter.XYs{{X: 0, Y: 0.9}, {X: 1, Y: 0.9}}, "bottom left"},
		{"a line crossing the top left box between its points", plotter.XYs{{X: 0, Y: 0.6}, {X: 0.4, Y: 1}}, "top right"},
		{"everywhere but the bottom right", plotter.XYs{{X: 0.1, Y: 0.1}, {X: 0.1, Y: 0.9}, {X: 0.9, Y: 0.9}}, "bottom right"},
		{"a finish mark outweighs lines", plotter.XYs{{X: 0.9, Y: 0.1}, {X: 0.9, Y: 0.15}, {X: 0.8, Y: 0.1}}, "top right"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := gplot.New()
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
			dc := draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch))
			l := &legend{avoid: []plotter.XYs{c.line}}
			if strings.HasPrefix(c.name, "a finish mark") {
				// The mark sits in the top left, where no line is.
				l.marks = plotter.XYs{{X: 0.1, Y: 0.9}}
				l.avoid = append(l.avoid, plotter.XYs{{X: 0.05, Y: 0.05}, {X: 0.2, Y: 0.1}})
			}
			box := l.place(dc, p, vg.Inch, vg.Inch/2)
			mid := dc.Center()
			got := "bottom"
			if box.Min.Y > mid.Y {
				got = "top"
			}
			if box.Max.X < mid.X {
				got += " left"
			} else {
				got += " right"
			}
			if got != c.want {
				t.Errorf("legend in the %s, want %s", got, c.want)
			}
		})
	}
}
