// Package plot draws lecture-style figures of a race with gonum/plot: for
// each optimizer the loss curve with its iterates as stars joined by a line,
// as the lecture's matplotlib figures show them, and a sixth panel of
// log10|f(x_t) − f(x*)| against t for all five, in the TUI's colours.
package plot

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/palette"
	"github.com/optirace/optirace/race"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an image format the figure is written in.
type Format int

// The formats, chosen by the output file's extension.
const (
	PNG Format = iota
	SVG
)

// String returns the format's file extension without the dot.
func (f Format) String() string {
	switch f {
	case PNG:
		return "png"
	case SVG:
		return "svg"
	}
	return "format(" + strconv.Itoa(int(f)) + ")"
}

// ErrUnknownFormat is returned for a file name whose extension is neither
// .png nor .svg.
var ErrUnknownFormat = errors.New("unknown image format: the file name must end in .png or .svg")

// FormatOf returns the format a file name asks for by its extension (.png or
// .svg, in any case).
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return 0, ErrUnknownFormat
}

// The figure's size: 16:9 like a slide, 1920×1080 pixels as PNG.
const (
	Width  = 12.8 * vg.Inch
	Height = 7.2 * vg.Inch
	// DPI is the PNG's resolution: Width × DPI pixels across.
	DPI = 150
)

// GapFloor is the smallest |f(x_t) − f(x*)| the convergence panel shows:
// an optimizer that reaches the minimum exactly sits on log10 = −16 instead
// of falling to −∞.
const GapFloor = 1e-16

// Figure is what one figure shows: a race of all five optimizers from
// Settings.X0 on Objective (the zero Objective means x²) for Steps
// iterations, with the race's finish line |x − x*| < Tol (0 means
// race.DefaultTol) marked on the convergence panel.
type Figure struct {
	Settings  optimizers.Settings
	Objective optimizers.Objective
	Steps     int
	Tol       float64
}

// Write draws the figure and writes it to w as format. An optimizer's line
// ends where the race marks it diverged (DNF): a diverging race still gives
// a figure, with the divergence named in the legends.
func Write(w io.Writer, format Format, fig Figure) error {
	var c vg.CanvasWriterTo
	switch format {
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI))}
	case SVG:
		c = vgsvg.NewWith(vgsvg.UseWH(Width, Height), vgsvg.EmbedFonts(true))
	default:
		return ErrUnknownFormat
	}
	if fig.Objective.Name == "" {
		fig.Objective = optimizers.Quadratic()
	}
	if err := fig.draw(draw.New(c), textSlackOf(format)); err != nil {
		return err
	}
	if format != SVG {
		_, err := c.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return err
	}
	_, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte(svgFont), []byte(svgFonts)))
	return err
}

// The SVG embeds Liberation Sans and names it for its text; viewers that
// ignore embedded fonts fall back to Arial or Helvetica, which have the
// same metrics, so every label keeps the place gonum/plot measured for it.
const (
	svgFont  = "font-family:Liberation Sans;"
	svgFonts = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"
)

// svgTextSlack is how much wider than measured an SVG's text may come out:
// viewers that ignore the embedded font and have neither Arial nor
// Helvetica (rsvg-convert on a plain Linux) set it in their sans-serif,
// often DejaVu Sans, up to 18% wider than Liberation Sans. Legend boxes and
// the heading leave that much room. A PNG is rasterised with the measured
// font itself and needs none.
const svgTextSlack = 1.2

// textSlackOf returns the factor by which format's text may outgrow its
// measured width.
func textSlackOf(format Format) float64 {
	if format == SVG {
		return svgTextSlack
	}
	return 1
}

// run is one optimizer's iterates up to its divergence.
type run struct {
	kind optimizers.Kind
	// x and f are x_t and f(x_t) for t = 0 … len(x)−1, all finite.
	x, f []float64
	// diverged is the step at which the race saw x or f(x) leave the
	// finite numbers or x run past its bound, or −1. x and f end with the
	// iterate at that step when it is finite (x past the bound), and just
	// before it when it is not.
	diverged int
	// finished is the step at which the race sees the optimizer cross the
	// finish line, or −1.
	finished int
}

// tol returns the finish line's tolerance.
func (fig Figure) tol() float64 {
	if fig.Tol == 0 {
		return race.DefaultTol
	}
	return fig.Tol
}

// runs steps every optimizer fig.Steps times, as the lecture's code does,
// and asks the race engine when each crossed the finish line or diverged.
func (fig Figure) runs() ([optimizers.NumKinds]run, error) {
	var runs [optimizers.NumKinds]run
	rc, err := race.New(fig.Settings, fig.Objective, race.WithTol(fig.tol()))
	if err != nil {
		return runs, err
	}
	for range fig.Steps {
		rc.Step()
	}
	for _, k := range optimizers.Kinds() {
		o, err := optimizers.New(k, fig.Settings, fig.Objective)
		if err != nil {
			return runs, err
		}
		rr := rc.Runner(int(k))
		r := run{kind: k, diverged: rr.DivergedAt, finished: rr.ReachedAt}
		st := o.Start(fig.Settings.Start())
		for t := 0; t <= fig.Steps; t++ {
			if t > 0 {
				o.Step(&st)
			}
			if !finite(st.X[0]) || !finite(st.F) {
				break // the race has marked it diverged at t already
			}
			r.x = append(r.x, st.X[0])
			r.f = append(r.f, st.F)
			if t == r.diverged {
				break // past the bound: the race stops it here, so this is its last iterate
			}
		}
		runs[k] = r
	}
	return runs, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Text sizes in points, for a figure shown on a slide.
const (
	titleSize  = 13
	labelSize  = 12
	tickSize   = 10
	legendSize = 10
	headSize   = 15
)

// headHeight is the strip above the panels that holds the figure's heading.
const headHeight = 0.45 * vg.Inch

// headMargin is the least room left and right of the heading.
const headMargin = 0.1 * vg.Inch

// minHeadSize is the smallest the heading is set to fit the figure.
const minHeadSize = 9

func (fig Figure) draw(dc draw.Canvas, slack float64) error {
	runs, err := fig.runs()
	if err != nil {
		return err
	}
	panels, err := fig.panels(runs, slack)
	if err != nil {
		return err
	}
	dc.FillPolygon(color.White, corners(vg.Rectangle{Min: dc.Min, Max: dc.Max}))

	heading := fig.heading()
	head := text.Style{
		Color: color.Black, Font: sans(headSize), Handler: gplot.DefaultTextHandler,
		XAlign: draw.XCenter, YAlign: draw.YCenter,
	}
	head.Font.Size = headingSize(head, heading, dc.Max.X-dc.Min.X, slack)
	dc.FillText(head, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - headHeight/2}, heading)

	for i, c := range layout(dc, panels) {
		panels[i].plot.Draw(c)
	}
	return nil
}

// panel is one of the figure's plots with its legend.
type panel struct {
	plot   *gplot.Plot
	legend *legend
}

// panels returns the figure's six panels: one per optimizer, in the order of
// optimizers.Kinds, then the convergence panel. Their legends leave room for
// text slack times wider than measured.
func (fig Figure) panels(runs [optimizers.NumKinds]run, slack float64) ([]panel, error) {
	panels := make([]panel, 0, optimizers.NumKinds+1)
	for _, r := range runs {
		p, err := fig.lossPanel(r, slack)
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	p, err := fig.convergencePanel(runs, slack)
	if err != nil {
		return nil, err
	}
	return append(panels, p), nil
}

// layout returns the canvas of each of the six panels: two rows of three
// under the heading of the figure dc, their axes aligned.
func layout(dc draw.Canvas, panels []panel) []draw.Canvas {
	body := draw.Crop(dc, 0, 0, 0, -headHeight)
	tiles := draw.Tiles{
		Rows: 2, Cols: 3,
		PadX: 0.35 * vg.Inch, PadY: 0.3 * vg.Inch,
		PadLeft: 0.15 * vg.Inch, PadRight: 0.25 * vg.Inch, PadBottom: 0.1 * vg.Inch,
	}
	grid := [][]*gplot.Plot{{}, {}}
	for i, p := range panels {
		grid[i/tiles.Cols] = append(grid[i/tiles.Cols], p.plot)
	}
	var canvases []draw.Canvas
	for _, row := range gplot.Align(grid, tiles, body) {
		canvases = append(canvases, row...)
	}
	return canvases
}

// heading names the race the figure shows: objective, start point, ε, the
// number of iterations and the finish line.
func (fig Figure) heading() string {
	finish := "|x − x*| < "
	if tol, exact := hyperparameter(fig.tol(), optimizers.Positive); exact {
		finish += tol
	} else {
		finish += "tol ≈ " + tol
	}
	return fmt.Sprintf("Five optimizers on f(x) = %s from %s, %s, %d iterations, finish line %s",
		fig.Objective.ASCIIFormula,
		equation("x0", fig.Settings.X0, optimizers.Finite), equation("ε", fig.Settings.Eps, optimizers.Positive),
		fig.Steps, finish)
}

// headingSize returns the size at which heading, set in sty and centred,
// fits a figure width across even if the viewer's font is slack times wider
// than measured: the text starts where the measured font would centre it,
// and a wider font runs on to the right.
func headingSize(sty text.Style, heading string, width vg.Length, slack float64) vg.Length {
	size := sty.Font.Size
	w := sty.Width(heading)
	// Centred at width/2, the text ends at width/2 − w/2 + slack·w.
	room := width/2 - headMargin
	if need := w * vg.Length(slack-0.5); need > room {
		size = max(minHeadSize, size*room/need)
	}
	return size
}

// curveSamples is the number of points of each loss curve.
const curveSamples = 401

// lossPanel draws optimizer r.kind's panel: the loss curve over the span of
// its iterates, and the iterates as stars joined by a line.
func (fig Figure) lossPanel(r run, slack float64) (panel, error) {
	p := newPlot(fmt.Sprintf("%s for f(x) = %s", r.kind, fig.Objective.ASCIIFormula), "x", "f(x)")

	curve, err := plotter.NewLine(fig.curve(r))
	if err != nil {
		return panel{}, err
	}
	curve.Color = hexColor(curveGrey)
	curve.Width = vg.Points(1.5)

	path, stars, err := plotter.NewLinePoints(r.iterates())
	if err != nil {
		return panel{}, err
	}
	c := optimizerColor(r.kind)
	path.Color = c
	path.Width = vg.Points(1.5)
	stars.Shape = starGlyph{}
	stars.Color = c
	stars.Radius = vg.Points(5)

	leg := &legend{avoid: []plotter.XYs{curve.XYs, path.XYs}, slack: slack}
	leg.add("f(x) = "+fig.Objective.ASCIIFormula, curve.LineStyle, nil)
	leg.add(iteratesLabel(r, fig.Settings), path.LineStyle, &stars.GlyphStyle)
	p.Add(curve, path, stars, leg)

	// Leave room above the curve for the legend.
	if lo, hi := p.Y.Min, p.Y.Max; finite(hi + 0.35*(hi-lo)) {
		p.Y.Max = hi + 0.35*(hi-lo)
	}
	return panel{plot: p, legend: leg}, nil
}

// iterates returns the points (x_t, f(x_t)) the loss panel draws as stars.
func (r run) iterates() plotter.XYs {
	pts := make(plotter.XYs, len(r.x))
	for t := range r.x {
		pts[t] = plotter.XY{X: r.x[t], Y: r.f[t]}
	}
	return pts
}

// gaps returns the points (t, log10|f(x_t) − fStar|) the convergence panel
// draws, each gap at least GapFloor.
func (r run) gaps(fStar float64) plotter.XYs {
	pts := make(plotter.XYs, 0, len(r.f))
	for t, f := range r.f {
		gap := math.Log10(max(math.Abs(f-fStar), GapFloor))
		if !finite(gap) {
			break
		}
		pts = append(pts, plotter.XY{X: float64(t), Y: gap})
	}
	return pts
}

// iteratesLabel describes optimizer r.kind's iterates and hyperparameters:
// "x_t, α = 0.1, γ = 0.9", with the step at which they diverged, if any.
func iteratesLabel(r run, s optimizers.Settings) string {
	parts := []string{"x_t"}
	for _, prm := range optimizers.ParamsOf(r.kind) {
		if !prm.Shared {
			parts = append(parts, equation(prm.Symbol, prm.Get(s), prm.Domain))
		}
	}
	label := strings.Join(parts, ", ")
	if r.diverged >= 0 {
		label += " · diverged at t = " + strconv.Itoa(r.diverged)
	}
	return label
}

// curve samples the objective symmetrically around its minimiser, out to a
// little beyond the farthest iterate, as the lecture plots the parabola
// around the path. Points where f is not finite are left out.
func (fig Figure) curve(r run) plotter.XYs {
	obj := fig.Objective
	xStar := obj.Minima[0][0]
	span := 0.0
	for _, x := range r.x {
		span = max(span, math.Abs(x-xStar))
	}
	if wider := 1.1 * span; finite(wider) {
		span = wider
	}
	if span == 0 || !finite(span) {
		span = 1
	}
	xys := make(plotter.XYs, 0, curveSamples)
	for i := range curveSamples {
		// x* + span·u with u from −1 to 1: no subtraction that could overflow.
		u := 2*float64(i)/float64(curveSamples-1) - 1
		x := xStar + span*u
		if y := obj.F(optimizers.Vec{x}); finite(x) && finite(y) {
			xys = append(xys, plotter.XY{X: x, Y: y})
		}
	}
	return xys
}

// convergencePanel draws log10|f(x_t) − f(x*)| against t for all five.
func (fig Figure) convergencePanel(runs [optimizers.NumKinds]run, slack float64) (panel, error) {
	p := newPlot("Convergence: all five optimizers", "iteration t", "log10 |f(x_t) − f(x*)|")
	fStar := fig.Objective.F(fig.Objective.Minima[0])
	leg := &legend{slack: slack}
	for _, r := range runs {
		pts := r.gaps(fStar)
		line, err := plotter.NewLine(pts)
		if err != nil {
			return panel{}, err
		}
		line.Color = optimizerColor(r.kind)
		line.Width = vg.Points(2)
		p.Add(line)
		if len(pts) == 1 { // a line of one point draws nothing: a dot
			dot, err := plotter.NewScatter(pts)
			if err != nil {
				return panel{}, err
			}
			dot.GlyphStyle = draw.GlyphStyle{Color: line.Color, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			p.Add(dot)
		}
		label := r.kind.String()
		var mark *draw.GlyphStyle
		if r.finished >= 0 && r.finished < len(pts) {
			finish, err := plotter.NewScatter(pts[r.finished : r.finished+1])
			if err != nil {
				return panel{}, err
			}
			finish.GlyphStyle = draw.GlyphStyle{Color: line.Color, Radius: vg.Points(4.5), Shape: draw.CircleGlyph{}}
			p.Add(finish)
			mark = &finish.GlyphStyle
			leg.marks = append(leg.marks, pts[r.finished])
			label += " · reached t = " + strconv.Itoa(r.finished)
		}
		if r.diverged >= 0 {
			label += " · diverged at t = " + strconv.Itoa(r.diverged)
		}
		leg.add(label, line.LineStyle, mark)
		leg.avoid = append(leg.avoid, line.XYs)
	}
	p.Add(plotter.NewGrid(), leg)
	// Iterations from 0, and room above the series for the legend.
	p.X.Min, p.X.Max = 0, max(p.X.Max, 1)
	if lo, hi := p.Y.Min, p.Y.Max; finite(hi + (hi - lo)) {
		p.Y.Max = hi + (hi - lo)
	}
	return panel{plot: p, legend: leg}, nil
}

// newPlot returns a panel with the lecture's title and axis labels, in a
// sans-serif face at slide sizes.
func newPlot(title, xLabel, yLabel string) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(titleSize)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(labelSize)
		a.Tick.Label.Font = sans(tickSize)
		a.Tick.Marker = ticks{}
		a.Padding = vg.Points(4)
	}
	return p
}

// sans returns Liberation Sans at size points: gonum/plot embeds it, so the
// figure looks the same on every machine.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// curveGrey is the loss curve's colour, the TUI's on a light background.
const curveGrey = "#8A8A8A"

// optimizerColor returns optimizer k's TUI colour for a light background.
func optimizerColor(k optimizers.Kind) color.RGBA {
	return hexColor(palette.Of(k).Light)
}

// hexColor parses "#RRGGBB"; anything else is black.
func hexColor(s string) color.RGBA {
	rgb, err := hex.DecodeString(strings.TrimPrefix(s, "#"))
	if err != nil || len(rgb) != 3 {
		return color.RGBA{A: 0xFF}
	}
	return color.RGBA{R: rgb[0], G: rgb[1], B: rgb[2], A: 0xFF}
}
