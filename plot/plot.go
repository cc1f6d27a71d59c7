// Package plot draws lecture-style figures of a race with gonum/plot: on a
// 1-D landscape, for each lane the loss curve with its iterates as stars
// joined by a line, as the lecture's matplotlib figures show them; on a
// 2-D one, a filled contour map with every lane's path; and beside them a
// panel of every lane's convergence, log10|x_t − x*| against t with the
// finish zone, as the TUI's convergence screen draws it, in the TUI's
// colours and glyphs.
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

// Figure is what one figure shows: a race of Lanes (none means the five
// optimizers at Settings) from Settings' start on Objective (the zero
// Objective means x²) for Steps iterations, with the race's finish zone
// |x − x*| < Tol (0 means race.DefaultTol) on the convergence panel.
type Figure struct {
	Settings  optimizers.Settings
	Objective optimizers.Objective
	Lanes     []optimizers.Lane
	Steps     int
	Tol       float64
}

// Write draws the figure and writes it to w as format. An optimizer's line
// ends where the race marks it diverged (DNF): a diverging race still gives
// a figure, with the divergence named in the legends.
func Write(w io.Writer, format Format, fig Figure) error {
	if fig.Objective.Name == "" {
		fig.Objective = optimizers.Quadratic()
	}
	return writeFigure(w, format, fig.draw)
}

// writeFigure draws a figure with drawFig on a canvas of the figure's size
// in format, and writes it to w.
func writeFigure(w io.Writer, format Format, drawFig func(dc draw.Canvas, slack float64) error) error {
	var c vg.CanvasWriterTo
	switch format {
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI))}
	case SVG:
		c = vgsvg.NewWith(vgsvg.UseWH(Width, Height), vgsvg.EmbedFonts(true))
	default:
		return ErrUnknownFormat
	}
	if err := drawFig(draw.New(c), textSlackOf(format)); err != nil {
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

// tol returns the finish line's tolerance.
func (fig Figure) tol() float64 {
	if fig.Tol == 0 {
		return race.DefaultTol
	}
	return fig.Tol
}

// runs races the figure's lanes fig.Steps times, as the lecture's code
// steps them, and records each lane's iterates up to its divergence, and
// when the race saw it reach, settle in and leave the finish zone.
func (fig Figure) runs() ([]laneRun, error) {
	opts := []race.Option{race.WithTol(fig.tol())}
	if len(fig.Lanes) > 0 {
		opts = append(opts, race.WithLanes(fig.Lanes))
	}
	rc, err := race.New(fig.Settings, fig.Objective, opts...)
	if err != nil {
		return nil, err
	}
	lanes, labels := rc.Lanes(), rc.Labels()
	runs := make([]laneRun, len(lanes))
	done := make([]bool, len(lanes))
	obj := fig.Objective
	for t := 0; t <= fig.Steps; t++ {
		if t > 0 {
			rc.Step()
		}
		for i := range runs {
			if done[i] {
				continue
			}
			r, run := &runs[i], rc.Runner(i)
			if !finite(run.X[0]) || !finite(run.X[1]) || !finite(run.F) {
				done[i] = true // the race has marked it diverged at t already
				continue
			}
			r.x, r.f = append(r.x, run.X[0]), append(r.f, run.F)
			if obj.Dim == 2 {
				r.y = append(r.y, run.X[1])
			}
			r.dist = append(r.dist, obj.Distance(run.X))
			// Past the bound: the race stops it here, so this is its last iterate.
			done[i] = run.Diverged()
		}
	}
	for i, l := range lanes {
		run := rc.Runner(i)
		r := &runs[i]
		r.lane, r.name, r.kind, r.params = i, labels[i], l.Kind.String(), laneParams(l, fig.Settings.Eps)
		r.diverged, r.reached, r.settled, r.left = run.DivergedAt, run.ReachedAt, run.SettledAt, run.LeftAt
	}
	return runs, nil
}

// laneParams describes lane l's settings: "α = 0.1, γ = 0.9", with its ε
// where it is not the race's, eps.
func laneParams(l optimizers.Lane, eps float64) string {
	settings := l.Settings()
	parts := make([]string, 0, len(settings))
	for _, st := range settings {
		domain := optimizers.UnitInterval
		switch st.Key {
		case "eps":
			if st.Value == eps {
				continue
			}
			domain = optimizers.Positive
		case "lr":
			domain = optimizers.Positive
		}
		parts = append(parts, equation(st.Symbol, st.Value, domain))
	}
	return strings.Join(parts, ", ")
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
	panels, canvases, err := fig.lay(dc, runs, slack)
	if err != nil {
		return err
	}
	paint(dc, fig.heading(len(runs)), slack, panels, canvases)
	return nil
}

// lay returns the figure's panels for runs and the canvas of each on dc:
// on a 2-D landscape the map of every lane beside the convergence panel,
// on a 1-D one a panel per lane and the convergence panel.
func (fig Figure) lay(dc draw.Canvas, runs []laneRun, slack float64) ([]panel, []draw.Canvas, error) {
	if fig.Objective.Dim != 2 {
		panels, err := fig.panels(runs, slack)
		if err != nil {
			return nil, nil, err
		}
		// Laid out again once the legends have their room: the new y
		// ranges' tick labels move the aligned data areas a little.
		makeRoom(panels, layout(dc, panels))
		return panels, layout(dc, panels), nil
	}
	obj := fig.Objective
	fd := field{
		f:     func(x, y float64) float64 { return obj.F(optimizers.Vec{x, y}) },
		start: plotter.XY{X: fig.Settings.X0, Y: fig.Settings.Y0},
	}
	for _, m := range obj.Minima {
		fd.minima = append(fd.minima, plotter.XY{X: m[0], Y: m[1]})
	}
	title := fmt.Sprintf("f(x, y) = %s, shaded by log10(f − f*)", obj.ASCIIFormula)
	m, err := mapPanel(title, fd, runs, slack)
	if err != nil {
		return nil, nil, err
	}
	c, err := convergencePanel(runs, fig.tol(), slack)
	if err != nil {
		return nil, nil, err
	}
	panels, canvases := []panel{m, c}, mapLayout(dc)
	makeRoom(panels, canvases)
	return panels, canvases, nil
}

// paint draws a figure: a white page, the heading across its top, and
// each panel on its canvas.
func paint(dc draw.Canvas, heading string, slack float64, panels []panel, canvases []draw.Canvas) {
	dc.FillPolygon(color.White, corners(vg.Rectangle{Min: dc.Min, Max: dc.Max}))
	head := text.Style{
		Color: color.Black, Font: sans(headSize), Handler: gplot.DefaultTextHandler,
		XAlign: draw.XCenter, YAlign: draw.YCenter,
	}
	head.Font.Size = headingSize(head, heading, dc.Max.X-dc.Min.X, slack)
	dc.FillText(head, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - headHeight/2}, heading)
	for i, c := range canvases {
		panels[i].plot.Draw(c)
	}
}

// mapShare is the part of a 2-D figure's width its map takes; the
// convergence panel takes the rest.
const mapShare = 0.6

// mapLayout returns the canvases of a 2-D figure's two panels under its
// heading: the map on the left, the convergence panel on the right.
func mapLayout(dc draw.Canvas) []draw.Canvas {
	body := draw.Crop(dc, 0.15*vg.Inch, -0.25*vg.Inch, 0.1*vg.Inch, -headHeight)
	split := (body.Max.X - body.Min.X) * mapShare
	left := draw.Crop(body, 0, split-body.Max.X+body.Min.X, 0, 0)
	right := draw.Crop(body, split+0.35*vg.Inch, 0, 0, 0)
	return []draw.Canvas{left, right}
}

// panel is one of the figure's plots with its legend.
type panel struct {
	plot   *gplot.Plot
	legend *legend
	// roomAbove says the y axis runs on above the data, from yLo to yHi,
	// far enough that the legend fits over them (makeRoom); a map's axes
	// are its window, and its legend finds a place among the paths.
	roomAbove bool
	yLo, yHi  float64
}

// minDataShare is the least part of a panel's height its data keep when
// the legend takes room above them: a legend taller than the rest (a
// small panel's, its labels wrapped) goes over the data, where place finds
// it the least harmful place.
const minDataShare = 0.25

// shareStep is how much of a panel's height makeRoom gives the legend at
// a time.
const shareStep = 0.05

// makeRoom runs the y axis on above the panel's data, drawn on c, as
// little as lets the legend, laid out for the panel as it will be drawn,
// hide no line and no mark: a twentieth of the height, as a margin, where
// there is a clearing for it (a parabola's middle, the top right of
// converging series), at most so far that it fits between the data and
// the top with a margin either side.
func (pn panel) makeRoom(c draw.Canvas) {
	if !pn.roomAbove || pn.legend == nil || len(pn.legend.entries) == 0 {
		return
	}
	p := pn.plot
	lo, hi := pn.yLo, pn.yHi
	if !(hi > lo) {
		return
	}
	setShare := func(share float64) {
		if top := lo + (hi-lo)/share; finite(top) {
			p.Y.Max = top
		}
	}
	// The share that leaves a band above the data as high as the legend:
	// twice, as the new range's tick labels change the width of the data
	// area, and so how the legend's labels wrap.
	least := 1.0
	for range 2 {
		setShare(least)
		dc := p.DataCanvas(c)
		_, _, h := pn.legend.layout(dc, p)
		height := dc.Max.Y - dc.Min.Y
		if height <= 0 {
			return
		}
		least = math.Max(float64((height-h-3*legendMargin)/height), minDataShare)
	}
	// The fewest steps of room that let the legend hide nothing, found by
	// bisection (each try lays the panel out anew, and gonum measures
	// every glyph): more room, the data drawn lower, clears the top of the
	// panel, though not always a clearing lower down, so the share found
	// is one that was tried, else the whole band.
	steps := int(math.Ceil((1 - least) / shareStep)) // this many steps or more: the whole band
	tried := map[int]bool{}
	hidesNothing := func(k int) bool {
		if k >= steps {
			return true
		}
		if hides, ok := tried[k]; ok {
			return hides
		}
		setShare(1 - float64(k)*shareStep)
		dc := p.DataCanvas(c)
		_, w, h := pn.legend.layout(dc, p)
		_, cv := pn.legend.place(dc, p, w, h)
		tried[k] = cv == cover{}
		return tried[k]
	}
	few, many := 1, steps
	for few < many {
		if mid := (few + many) / 2; hidesNothing(mid) {
			many = mid
		} else {
			few = mid + 1
		}
	}
	if few < steps && hidesNothing(few) {
		setShare(1 - float64(few)*shareStep)
		return
	}
	setShare(least)
}

// makeRoom makes room above the data of every panel drawn on canvases.
func makeRoom(panels []panel, canvases []draw.Canvas) {
	for i, c := range canvases {
		panels[i].makeRoom(c)
	}
}

// panels returns the figure's panels: one per lane, in the race's order,
// then the convergence panel. Their legends leave room for text slack
// times wider than measured.
func (fig Figure) panels(runs []laneRun, slack float64) ([]panel, error) {
	panels := make([]panel, 0, len(runs)+1)
	for _, r := range runs {
		p, err := fig.lossPanel(r, slack)
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	p, err := convergencePanel(runs, fig.tol(), slack)
	if err != nil {
		return nil, err
	}
	return append(panels, p), nil
}

// layout returns the canvas of each panel under the heading of the figure
// dc, their axes aligned: for up to five lanes, in rows of three, the
// convergence panel last (one row for one or two lanes); for more, the
// lanes' panels in rows of three on the left and the convergence panel,
// whose legend then names six to eight lanes, their height on the right.
func layout(dc draw.Canvas, panels []panel) []draw.Canvas {
	body := draw.Crop(dc, 0, 0, 0, -headHeight)
	if len(panels) <= 6 {
		return tile(body, panels, min(3, len(panels)))
	}
	lanes := panels[:len(panels)-1]
	left := draw.Crop(body, 0, -(body.Max.X-body.Min.X)*convergenceShare, 0, 0)
	right := draw.Crop(body, (body.Max.X-body.Min.X)*(1-convergenceShare), 0, 0, 0)
	canvases := tile(left, lanes, 3)
	conv := tile(right, panels[len(panels)-1:], 1)
	return append(canvases, conv...)
}

// convergenceShare is the part of a figure's width the convergence panel
// takes beside the panels of six to eight lanes.
const convergenceShare = 0.25

// tile lays panels out on c in rows of cols, their axes aligned, and
// returns their canvases.
func tile(c draw.Canvas, panels []panel, cols int) []draw.Canvas {
	tiles := draw.Tiles{
		Rows: (len(panels) + cols - 1) / cols, Cols: cols,
		PadX: 0.35 * vg.Inch, PadY: 0.3 * vg.Inch,
		PadLeft: 0.15 * vg.Inch, PadRight: 0.25 * vg.Inch, PadBottom: 0.1 * vg.Inch,
	}
	grid := make([][]*gplot.Plot, tiles.Rows)
	for i := range grid {
		grid[i] = make([]*gplot.Plot, tiles.Cols)
	}
	for i, p := range panels {
		grid[i/tiles.Cols][i%tiles.Cols] = p.plot
	}
	var canvases []draw.Canvas
	for _, row := range gplot.Align(grid, tiles, c) {
		canvases = append(canvases, row...)
	}
	return canvases[:len(panels)]
}

// heading names the race the figure shows: objective, start point, ε, the
// number of iterations and the finish zone.
func (fig Figure) heading(lanes int) string {
	finish := "|x − x*| < "
	if tol, exact := hyperparameter(fig.tol(), optimizers.Positive); exact {
		finish += tol
	} else {
		finish += "tol ≈ " + tol
	}
	who := "Five optimizers"
	if len(fig.Lanes) > 0 {
		who = strconv.Itoa(lanes) + " lanes"
		if lanes == 1 {
			who = "One lane"
		}
	}
	start, f := equation("x0", fig.Settings.X0, optimizers.Finite), "f(x)"
	if fig.Objective.Dim == 2 {
		f = "f(x, y)"
		x, _ := hyperparameter(fig.Settings.X0, optimizers.Finite)
		y, _ := hyperparameter(fig.Settings.Y0, optimizers.Finite)
		start = "(x0, y0) = (" + x + ", " + y + ")"
	}
	return fmt.Sprintf("%s on %s = %s from %s, %s, %d iterations, finish zone %s",
		who, f, fig.Objective.ASCIIFormula, start, equation("ε", fig.Settings.Eps, optimizers.Positive),
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

// lossPanel draws lane r's panel: the loss curve over the span of its
// iterates, and the iterates as stars joined by a line.
func (fig Figure) lossPanel(r laneRun, slack float64) (panel, error) {
	p := newPlot(fmt.Sprintf("%s for f(x) = %s", r.name, fig.Objective.ASCIIFormula), "x", "f(x)")

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
	c := laneColor(r.lane)
	path.Color = c
	path.Width = vg.Points(1.5)
	stars.Shape = starGlyph{}
	stars.Color = c
	stars.Radius = vg.Points(5)

	leg := &legend{avoid: []plotter.XYs{curve.XYs, path.XYs}, slack: slack}
	if pts := path.XYs; len(pts) > 0 {
		leg.marks = plotter.XYs{pts[len(pts)-1]} // the last iterate: where it ended, or diverged
	}
	leg.add("f(x) = "+fig.Objective.ASCIIFormula, curve.LineStyle, nil)
	leg.add(iteratesLabel(r), path.LineStyle, &stars.GlyphStyle)
	p.Add(curve, path, stars, leg)
	// The room above the curve for the legend is made once the panel's
	// size is known.
	return panel{plot: p, legend: leg, roomAbove: true, yLo: p.Y.Min, yHi: p.Y.Max}, nil
}

// iteratesLabel describes lane r's iterates and settings: "x_t, α = 0.1,
// γ = 0.9", with the step at which they diverged, if any.
func iteratesLabel(r laneRun) string {
	label := "x_t"
	if r.params != "" {
		label += ", " + r.params
	}
	if r.diverged >= 0 {
		label += " · diverged at t = " + strconv.Itoa(r.diverged)
	}
	return label
}

// curve samples the objective symmetrically around its minimiser, out to a
// little beyond the farthest iterate, as the lecture plots the parabola
// around the path. Points where f is not finite are left out.
func (fig Figure) curve(r laneRun) plotter.XYs {
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

// hexColor parses "#RRGGBB"; anything else is black.
func hexColor(s string) color.RGBA {
	rgb, err := hex.DecodeString(strings.TrimPrefix(s, "#"))
	if err != nil || len(rgb) != 3 {
		return color.RGBA{A: 0xFF}
	}
	return color.RGBA{R: rgb[0], G: rgb[1], B: rgb[2], A: 0xFF}
}
