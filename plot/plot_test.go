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
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
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
	{"f overflows after the start", Figure{Settings: settings(func(s *optimizers.Settings) {
		s.X0, s.LR[optimizers.GD] = -1e153, 1.5
	}), Steps: 25}},
	{"diverges to the edge of float64", Figure{Settings: settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 5e152 }), Steps: 25}},
	{"long hyperparameters", Figure{Settings: longSettings(), Steps: 25}},
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
		if n := countColor(img, laneColor(int(k))); n < 500 {
			t.Errorf("%v: %d pixels of its colour %v, want ≥ 500", k, n, laneColor(int(k)))
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

// colorCounts counts img's pixels by colour, in one pass (nil if img is not
// RGBA).
func colorCounts(img image.Image) map[color.RGBA]int {
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return nil
	}
	counts := map[color.RGBA]int{}
	p := rgba.Pix
	for i := 0; i+3 < len(p); i += 4 {
		counts[color.RGBA{p[i], p[i+1], p[i+2], p[i+3]}]++
	}
	return counts
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
			if !strings.Contains(svg, ">log10 |x_t − x*|<") || !strings.Contains(svg, ">finish zone, |x − x*| &lt; 0.001<") {
				t.Error("no convergence panel of |x − x*| with the finish zone")
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

// longSettings has hyperparameters whose shortest round-tripping digits
// would run a legend out of its panel.
func longSettings() optimizers.Settings {
	return settings(func(s *optimizers.Settings) {
		s.LR[optimizers.Adam], s.Beta1, s.Beta2 = 0.123456789012, 0.987654321012, 0.999999999012
	})
}

// TestRunsEndAtDivergence checks what the panels draw: the engine's
// iterates up to and including the step at which the race marks the run
// diverged, when that iterate is finite.
func TestRunsEndAtDivergence(t *testing.T) {
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
	if gd.diverged != 20 || len(gd.x) != 21 {
		t.Errorf("GD diverged at t = %d with %d iterates, want 20 and 21 (t = 0 … 20)", gd.diverged, len(gd.x))
	}
	if gd.x[3] != -80 || gd.f[3] != 6400 {
		t.Errorf("GD t = 3: x = %v, f = %v; want -80, 6400", gd.x[3], gd.f[3])
	}
	// The loss panel's last star and the convergence line end at t = 20.
	stars := gd.iterates()
	if last := stars[len(stars)-1]; last.X != 10485760 || last.Y != 10485760*10485760 {
		t.Errorf("GD's last star at (%v, %v), want (10485760, %v)", last.X, last.Y, 10485760.0*10485760)
	}
	dists := gd.distances()
	if last := dists[len(dists)-1]; last.X != 20 || last.Y != math.Log10(10485760) {
		t.Errorf("GD's convergence line ends at (%v, %v), want (20, %v)", last.X, last.Y, math.Log10(10485760))
	}
	o, err := optimizers.New(optimizers.Adam, fig.Settings, fig.Objective)
	if err != nil {
		t.Fatal(err)
	}
	st := o.Start(fig.Settings.Start())
	adam := runs[optimizers.Adam]
	if adam.diverged != -1 || len(adam.x) != 601 {
		t.Fatalf("Adam diverged at %d with %d iterates, want -1 and 601", adam.diverged, len(adam.x))
	}
	for step := range 601 {
		if step > 0 {
			o.Step(&st)
		}
		if adam.x[step] != st.X[0] || adam.f[step] != st.F {
			t.Fatalf("Adam t = %d: (%v, %v), engine (%v, %v)", step, adam.x[step], adam.f[step], st.X, st.F)
		}
	}
}

func TestRunsEndAtDivergenceCases(t *testing.T) {
	cases := []struct {
		name     string
		fig      Figure
		diverged int
		// last is the last iterate drawn, at t = len − 1.
		len  int
		last float64
	}{
		{
			// x1 = 10 − 0.1·4·10³ = −390, x2 = −390 + 0.4·390³: past the bound 1e7.
			name:     "quartic",
			fig:      Figure{Settings: settings(nil), Objective: optimizers.Quartic(), Steps: 25},
			diverged: 2, len: 3, last: 23727210,
		},
		{
			// x_t = −1e153·(−2)^t: f(x_4) = 2.56e308 overflows, x_3 is the last finite.
			name: "f overflows after the start",
			fig: Figure{Settings: settings(func(s *optimizers.Settings) {
				s.X0, s.LR[optimizers.GD] = -1e153, 1.5
			}), Objective: optimizers.Quadratic(), Steps: 25},
			diverged: 4, len: 4, last: 8e153,
		},
		{
			// x1 = 10·(1 − 2·5e152), f(x1) = 1e308: finite, and drawn.
			name:     "to the edge of float64",
			fig:      Figure{Settings: settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 5e152 }), Objective: optimizers.Quadratic(), Steps: 25},
			diverged: 1, len: 2, last: -1e154,
		},
	}
	for _, c := range cases {
		runs, err := c.fig.runs()
		if err != nil {
			t.Fatal(err)
		}
		gd := runs[optimizers.GD]
		if gd.diverged != c.diverged || len(gd.x) != c.len {
			t.Errorf("%s: GD diverged at t = %d with %d iterates, want %d and %d", c.name, gd.diverged, len(gd.x), c.diverged, c.len)
			continue
		}
		if last := gd.x[len(gd.x)-1]; math.Abs(last-c.last) > 1e-9*math.Abs(c.last) {
			t.Errorf("%s: GD's last iterate x = %v, want %v", c.name, last, c.last)
		}
		if n := len(gd.distances()); n != c.len {
			t.Errorf("%s: convergence line of %d points, want %d", c.name, n, c.len)
		}
	}
}

// TestFinishLineIsTheRaces checks that the convergence panel marks where
// each optimizer reached the finish zone where the race engine sees it.
func TestFinishLineIsTheRaces(t *testing.T) {
	for _, tol := range []float64{0, 1e-6} {
		fig := Figure{Settings: settings(nil), Objective: optimizers.Quadratic(), Steps: 80, Tol: tol}
		runs, err := fig.runs()
		if err != nil {
			t.Fatal(err)
		}
		want := fig.tol()
		for _, r := range runs {
			if r.reached < 0 {
				if math.Abs(r.x[len(r.x)-1]) < want {
					t.Errorf("tol %v: %v ends inside the finish zone but never reached it", want, r.name)
				}
				continue
			}
			if math.Abs(r.x[r.reached]) >= want || (r.reached > 0 && math.Abs(r.x[r.reached-1]) < want) {
				t.Errorf("tol %v: %v reached at t = %d, not its first step inside |x| < tol", want, r.name, r.reached)
			}
		}
		if runs[optimizers.RMSProp].reached < 0 {
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
		xys := fig.curve(laneRun{x: c.x})
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
		{"a mark in every corner: the middle of an edge", plotter.XYs{{X: 0.5, Y: 0.1}, {X: 0.5, Y: 0.9}, {X: 0.1, Y: 0.5}}, "right middle"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := gplot.New()
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
			dc := draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch))
			l := &legend{avoid: []plotter.XYs{c.line}}
			if strings.HasPrefix(c.name, "a mark in every corner") {
				l.marks = plotter.XYs{{X: 0.05, Y: 0.05}, {X: 0.95, Y: 0.05}, {X: 0.05, Y: 0.95}, {X: 0.95, Y: 0.95}}
			}
			if strings.HasPrefix(c.name, "a finish mark") {
				// The mark sits in the top left, where no line is.
				l.marks = plotter.XYs{{X: 0.1, Y: 0.9}}
				l.avoid = append(l.avoid, plotter.XYs{{X: 0.05, Y: 0.05}, {X: 0.2, Y: 0.1}})
			}
			box, _ := l.place(dc, p, vg.Inch, vg.Inch/2)
			mid := dc.Center()
			var got string
			switch {
			case box.Min.Y > mid.Y:
				got = "top"
			case box.Max.Y < mid.Y:
				got = "bottom"
			}
			switch {
			case box.Max.X < mid.X:
				got += " left"
			case box.Min.X > mid.X:
				got += " right"
			default:
				got += " middle"
			}
			got = strings.TrimSpace(got)
			if got == "left" || got == "right" {
				got += " middle"
			}
			if got != c.want {
				t.Errorf("legend in the %s, want %s", got, c.want)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	// One unit of width per character.
	width := func(s string) vg.Length { return vg.Length(len([]rune(s))) }
	cases := []struct {
		label string
		room  vg.Length
		want  []string
	}{
		{"x_t, α = 0.1", 40, []string{"x_t, α = 0.1"}},
		{"x_t, α = 0.123457, β₁ = 0.987654, β₂ ≈ 0.999999999", 36, []string{"x_t, α = 0.123457, β₁ = 0.987654,", "β₂ ≈ 0.999999999"}},
		{"x_t, α = 0.1, γ = 0.9 · diverged at t = 2", 22, []string{"x_t, α = 0.1, γ = 0.9", "· diverged at t = 2"}},
		{"x_t, α = 0.1, γ = 0.9 · diverged at t = 2", 14, []string{"x_t, α = 0.1,", "γ = 0.9", "· diverged at", "t = 2"}},
		{"unbreakable label", 5, []string{"unbreakable", "label"}},
		{"Adam β₁=0.987654 · not reached", 12, []string{"Adam", "β₁=0.987654", "· not", "reached"}},
		{"finish zone, |x − x*| < 0.001", 10, []string{"finish", "zone,", "|x − x*| < 0.001"}},
		{"Adam β₁=0.987654 · not reached", 16, []string{"Adam β₁=0.987654", "· not reached"}},
	}
	for _, c := range cases {
		got := wrap(c.label, c.room, width)
		if !slices.Equal(got, c.want) {
			t.Errorf("wrap(%q, %v) = %q, want %q", c.label, c.room, got, c.want)
		}
		if joined := strings.Join(got, " "); joined != c.label {
			t.Errorf("wrap(%q) lost text: %q", c.label, joined)
		}
	}
}

// eightLanes are eight lanes, each optimizer once with the settings s
// gives it, then GD with two other α and Adam with another β₁.
func eightLanes(s optimizers.Settings) []optimizers.Lane {
	lanes := s.Lanes()
	for _, lr := range []float64{0.01, 0.5} {
		l := s.Lane(optimizers.GD)
		l.Hyper.LR = lr
		lanes = append(lanes, l)
	}
	adam := s.Lane(optimizers.Adam)
	adam.Hyper.Beta1 = 0.5
	return append(lanes, adam)
}

// TestLegendsFitTheirPanels lays the figure out as Write does and checks
// that every legend box, with its text as much wider as the format allows
// for, fits inside its panel's plotting area.
func TestLegendsFitTheirPanels(t *testing.T) {
	figs := []struct {
		name string
		fig  Figure
	}{
		{"lecture", Figure{Settings: settings(nil), Steps: 25}},
		{"long hyperparameters", Figure{Settings: longSettings(), Steps: 25}},
		{"quartic diverges", Figure{Settings: settings(nil), Objective: optimizers.Quartic(), Steps: 25}},
		{"gd diverges late", Figure{Settings: settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }), Steps: 50}},
		{"eight lanes", Figure{Settings: longSettings(), Steps: 25, Lanes: eightLanes(longSettings())}},
		{"rosenbrock", Figure{Settings: optimizers.Rosenbrock().Defaults(), Objective: optimizers.Rosenbrock(), Steps: 200}},
	}
	for _, f := range figs {
		for _, format := range []Format{PNG, SVG} {
			slack := textSlackOf(format)
			panels, canvases := layOut(t, f.fig, slack)
			for i, p := range panels {
				c := p.plot.DataCanvas(canvases[i])
				lines, w, h := p.legend.layout(c, p.plot)
				if room := c.Max.X - c.Min.X - 2*legendMargin; w > room {
					t.Errorf("%s %v: %s legend %.1fpt wide, panel has room for %.1fpt: %q", f.name, format, p.plot.Title.Text, w, room, lines)
				}
				if room := c.Max.Y - c.Min.Y - 2*legendMargin; h > room {
					t.Errorf("%s %v: %s legend %.1fpt high, panel has room for %.1fpt", f.name, format, p.plot.Title.Text, h, room)
				}
				sty := legendText(p.plot)
				for j, e := range p.legend.entries {
					if strings.Join(lines[j], " ") != e.label {
						t.Errorf("%s %v: label %q laid out as %q", f.name, format, e.label, lines[j])
					}
					for _, line := range lines[j] {
						if right := sty.Width(line)*vg.Length(slack) + 2*legendPad + legendThumb + legendGap; right > w {
							t.Errorf("%s %v: line %q needs %.1fpt of a %.1fpt box", f.name, format, line, right, w)
						}
					}
				}
			}
			if f.name != "long hyperparameters" {
				continue
			}
			adam := panels[optimizers.Adam].legend
			label := adam.entries[1].label
			if want := "x_t, α ≈ 0.123457, β₁ ≈ 0.987654, β₂ ≈ 0.999999999"; label != want {
				t.Errorf("Adam's label %q, want %q", label, want)
			}
		}
	}
}

// TestLegendFindsAClearing: with a mark in every corner and at the middle
// of every edge (paths that fill a map's rim), the legend goes to the
// clearing between them, hiding no mark; and it hides none of a line that
// crosses the panel in one long segment, which place samples along its
// length, not just at its ends.
func TestLegendFindsAClearing(t *testing.T) {
	p := gplot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	dc := draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch))
	l := &legend{
		marks: plotter.XYs{
			{X: 0.05, Y: 0.05},
			{X: 0.95, Y: 0.05},
			{X: 0.05, Y: 0.95},
			{X: 0.95, Y: 0.95},
			{X: 0.5, Y: 0.05},
			{X: 0.5, Y: 0.95},
			{X: 0.05, Y: 0.5},
			{X: 0.95, Y: 0.5},
		},
		avoid: []plotter.XYs{{{X: 0, Y: 0.3}, {X: 1, Y: 0.3}}},
	}
	box, cv := l.place(dc, p, vg.Inch, vg.Inch/2)
	if cv != (cover{}) {
		t.Errorf("the legend at %v hides %+v", box, cv)
	}
	trX, trY := p.Transforms(&dc)
	for _, m := range l.marks {
		if x, y := trX(m.X), trY(m.Y); x >= box.Min.X-legendMargin && x <= box.Max.X+legendMargin && y >= box.Min.Y-legendMargin && y <= box.Max.Y+legendMargin {
			t.Errorf("the legend at %v covers the mark at %v", box, m)
		}
	}
	if y := trY(0.3); box.Min.Y <= y && box.Max.Y >= y {
		t.Errorf("the legend at %v crosses the line at y = 0.3", box)
	}
}

// TestLegendsHideNoData lays figures out as Write does and checks, with
// points sampled densely along every line (not place's own count), that
// no legend box covers a mark — a series' end, where one diverged, where
// one reached or settled in the zone, a minimum, the start — nor any
// point of a line; and that the room a panel's y axis runs on above its
// data is no more than its legend needs (the convergence panel of a 2-D
// figure, tall beside its map, ran to 15 – 25 over data below 1).
func TestLegendsHideNoData(t *testing.T) {
	t.Parallel()
	figs := []struct {
		name string
		fig  Figure
	}{
		{"gd diverges at t = 20", Figure{Settings: settings(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }), Steps: 50}},
		{"lecture", Figure{Settings: settings(nil), Steps: 25}},
		{"lecture, 100 steps", Figure{Settings: settings(nil), Steps: 100}},
		{"eight lanes", Figure{Settings: settings(nil), Steps: 40, Lanes: eightLanes(settings(nil))}},
		{"quartic diverges", Figure{Settings: settings(nil), Objective: optimizers.Quartic(), Steps: 25}},
	}
	for _, obj := range twoD() {
		figs = append(figs, struct {
			name string
			fig  Figure
		}{obj.Name, Figure{Settings: obj.Defaults(), Objective: obj, Steps: 50}})
	}
	for _, f := range figs {
		formats := []Format{PNG, SVG}
		if f.fig.Objective.Dim == 2 && f.fig.Objective.Name != "himmelblau" {
			formats = []Format{SVG} // the wider legend, the harder place to find (a map is slow to sample)
		}
		for _, format := range formats {
			panels, canvases := layOut(t, f.fig, textSlackOf(format))
			for i, p := range panels {
				name := f.name + " " + format.String() + ": " + p.plot.Title.Text
				c := p.plot.DataCanvas(canvases[i])
				_, w, h := p.legend.layout(c, p.plot)
				box, _ := p.legend.place(c, p.plot, w, h)
				trX, trY := p.plot.Transforms(&c)
				within := func(xy plotter.XY, margin vg.Length) bool {
					x, y := trX(xy.X), trY(xy.Y)
					return x >= box.Min.X-margin && x <= box.Max.X+margin && y >= box.Min.Y-margin && y <= box.Max.Y+margin
				}
				for _, m := range p.legend.marks {
					if within(m, 0) {
						t.Errorf("%s: the legend covers the mark at %v", name, m)
					}
				}
				hidden := 0
				for _, xys := range p.legend.avoid {
					for j := 1; j < len(xys); j++ {
						a, b := xys[j-1], xys[j]
						for s := range 64 {
							f := float64(s) / 64
							if within(plotter.XY{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)}, 0) {
								hidden++
							}
						}
					}
				}
				if hidden > 0 {
					t.Errorf("%s: the legend covers %d points of its lines", name, hidden)
				}
				if !p.roomAbove {
					continue
				}
				// The room above the data, as a share of the panel's height,
				// is at most what the legend takes, its margins, and the
				// twentieth makeRoom leaves as a margin or gives at a time.
				room := (p.plot.Y.Max - p.yHi) / (p.plot.Y.Max - p.plot.Y.Min)
				need := float64((h+3*legendMargin)/(c.Max.Y-c.Min.Y)) + 2*shareStep
				if room > need {
					t.Errorf("%s: the y axis runs %.0f%% of the panel above the data (to %.3g over data up to %.3g); the legend needs %.0f%%",
						name, 100*room, p.plot.Y.Max, p.yHi, 100*need)
				}
			}
		}
	}
}

// TestHeadingFits checks that the heading keeps its size where it fits and
// shrinks where it would run off the figure in a wider font.
func TestHeadingFits(t *testing.T) {
	sty := text.Style{Font: sans(headSize), Handler: gplot.DefaultTextHandler}
	lecture := Figure{Settings: settings(nil), Objective: optimizers.Quadratic(), Steps: 25}
	want := "Five optimizers on f(x) = x^2 from x0 = 10, ε = 1e-8, 25 iterations, finish zone |x − x*| < 0.001"
	if got := lecture.heading(5); got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	long := Figure{Settings: longSettings(), Objective: optimizers.Quadratic(), Steps: 10000, Tol: 0.00123456789}
	long.Settings.X0 = -0.123456789123
	want = "Five optimizers on f(x) = x^2 from x0 ≈ -0.123457, ε = 1e-8, 10000 iterations, finish zone |x − x*| < tol ≈ 0.00123457"
	if got := long.heading(5); got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	for _, format := range []Format{PNG, SVG} {
		slack := textSlackOf(format)
		if size := headingSize(sty, lecture.heading(5), Width, slack); size != headSize {
			t.Errorf("%v: the lecture's heading set at %vpt, want %vpt", format, size, float64(headSize))
		}
		for _, fig := range []Figure{lecture, long} {
			h := fig.heading(5)
			s := sty
			s.Font.Size = headingSize(sty, h, Width, slack)
			// Centred, and as much wider as the format allows for.
			if right := (Width-s.Width(h))/2 + s.Width(h)*vg.Length(slack); right > Width-headMargin+0.01 {
				t.Errorf("%v: heading %q at %vpt ends at %.1fpt of %.1fpt", format, h, s.Font.Size, right, Width)
			}
		}
	}
}

// TestLanesFigure draws a panel per lane, up to eight, and the convergence
// panel, each lane named by its label and coloured as its lane.
func TestLanesFigure(t *testing.T) {
	t.Parallel()
	base := optimizers.Defaults()
	for _, n := range []int{1, 2, optimizers.MaxLanes} {
		var lanes []optimizers.Lane
		for i := range n {
			l := base.Lane(optimizers.GD)
			l.Hyper.LR = 0.05 * float64(i+1)
			lanes = append(lanes, l)
		}
		fig := Figure{Settings: base, Objective: optimizers.Quadratic(), Lanes: lanes, Steps: 25}
		runs, err := fig.runs()
		if err != nil {
			t.Fatal(err)
		}
		panels, err := fig.panels(runs, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(panels) != n+1 || len(layout(draw.New(vgimg.New(Width, Height)), panels)) != n+1 {
			t.Fatalf("%d lanes: %d panels, want %d", n, len(panels), n+1)
		}
		labels := optimizers.Labels(lanes)
		for i, p := range panels[:n] {
			if want := labels[i] + " for f(x) = x^2"; p.plot.Title.Text != want {
				t.Errorf("%d lanes: panel %d titled %q, want %q", n, i, p.plot.Title.Text, want)
			}
		}
		if h := fig.heading(n); !strings.HasPrefix(h, map[bool]string{true: "One lane on", false: strconv.Itoa(n) + " lanes on"}[n == 1]) {
			t.Errorf("%d lanes: heading %q", n, h)
		}
		var buf bytes.Buffer
		if err := Write(&buf, SVG, fig); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(buf.String(), ">f(x)<"); got != n {
			t.Errorf("%d lanes: %d loss panels in the SVG", n, got)
		}
	}
}

// layOut lays fig's panels out on a figure canvas as Write does (x² when
// it names no landscape), with text slack as wide as a viewer may set it.
func layOut(t *testing.T, fig Figure, slack float64) ([]panel, []draw.Canvas) {
	t.Helper()
	if fig.Objective.Name == "" {
		fig.Objective = optimizers.Quadratic()
	}
	runs, err := fig.runs()
	if err != nil {
		t.Fatal(err)
	}
	panels, canvases, err := fig.lay(draw.New(vgimg.New(Width, Height)), runs, slack)
	if err != nil {
		t.Fatal(err)
	}
	return panels, canvases
}
