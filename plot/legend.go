package plot

import (
	"image/color"
	"math"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legend is a matplotlib-style legend: a white box with a grey edge, where
// it hides the least of the panel (place), a corner if one will do. It is
// a plotter added after the data, so that it is drawn over them. A label
// too long for the panel is wrapped after one of its commas or middle dots.
type legend struct {
	entries []legendEntry
	// avoid are the polylines the box should hide least of.
	avoid []plotter.XYs
	// marks are points the box must not hide if any place can show them:
	// where a series or a path ends (or diverged), the zone's marks, the
	// minima and the start.
	marks plotter.XYs
	// slack is how much wider than measured the viewer may set the text
	// (svgTextSlack, or 1): the box leaves room for it.
	slack float64
}

// legendEntry is one line of a legend: a sample of the line (and marker)
// and its label.
type legendEntry struct {
	label string
	line  draw.LineStyle
	glyph *draw.GlyphStyle
}

// Sizes of the legend box, in points.
const (
	legendPad    = 4
	legendThumb  = 26
	legendGap    = 5
	legendMargin = 6
	legendRow    = legendSize * 1.35
)

func (l *legend) add(label string, line draw.LineStyle, glyph *draw.GlyphStyle) {
	l.entries = append(l.entries, legendEntry{label: label, line: line, glyph: glyph})
}

// legendText is the style of a legend's labels.
func legendText(p *gplot.Plot) text.Style {
	return text.Style{
		Color: color.Black, Font: sans(legendSize), Handler: p.TextHandler,
		XAlign: draw.XLeft, YAlign: draw.YCenter,
	}
}

// layout wraps the labels to fit a panel as wide as c and returns the lines
// of each entry and the size of the box that holds them.
func (l *legend) layout(c draw.Canvas, p *gplot.Plot) (lines [][]string, w, h vg.Length) {
	sty := legendText(p)
	slack := vg.Length(max(l.slack, 1))
	// The widest text that fits the panel, however wide the viewer sets it.
	room := (c.Max.X - c.Min.X - 2*legendMargin - 2*legendPad - legendThumb - legendGap) / slack
	textW := vg.Length(0)
	rows := 0
	lines = make([][]string, len(l.entries))
	for i, e := range l.entries {
		lines[i] = wrap(e.label, room, sty.Width)
		for _, line := range lines[i] {
			textW = max(textW, sty.Width(line))
		}
		rows += len(lines[i])
	}
	w = 2*legendPad + legendThumb + legendGap + textW*slack
	h = 2*legendPad + vg.Length(rows)*legendRow
	return lines, w, h
}

// Plot implements gplot.Plotter.
func (l *legend) Plot(c draw.Canvas, p *gplot.Plot) {
	if len(l.entries) == 0 {
		return
	}
	sty := legendText(p)
	lines, w, h := l.layout(c, p)
	box, _ := l.place(c, p, w, h)

	c.FillPolygon(color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xE6}, corners(box))
	edge := draw.LineStyle{Color: color.RGBA{R: 0xCC, G: 0xCC, B: 0xCC, A: 0xFF}, Width: vg.Points(0.75)}
	c.StrokeLines(edge, append(corners(box), box.Min))
	top := box.Max.Y - legendPad
	x := box.Min.X + legendPad
	for i, e := range l.entries {
		// The sample sits level with the middle of its label's lines.
		y := top - vg.Length(len(lines[i]))*legendRow/2
		c.StrokeLine2(e.line, x, y, x+legendThumb, y)
		if e.glyph != nil {
			c.DrawGlyphNoClip(*e.glyph, vg.Point{X: x + legendThumb/2, Y: y})
		}
		for _, line := range lines[i] {
			c.FillText(sty, vg.Point{X: x + legendThumb + legendGap, Y: top - legendRow/2}, line)
			top -= legendRow
		}
	}
}

// wrap breaks label into lines no wider than room, after a ", " or before
// a " · ", as few as it can; a piece wider than room on its own breaks at
// its spaces too (a lane's label, "Adam β₁=0.5"), and a word wider than
// room keeps a line to itself.
func wrap(label string, room vg.Length, width func(string) vg.Length) []string {
	if width(label) <= room {
		return []string{label}
	}
	var pieces []string
	for rest := label; rest != ""; {
		i := strings.Index(rest, ", ")
		j := strings.Index(rest, " · ")
		switch {
		case i >= 0 && (j < 0 || i < j):
			pieces = append(pieces, rest[:i+1])
			rest = rest[i+2:]
		case j >= 0:
			pieces = append(pieces, rest[:j])
			rest = rest[j+1:] // the next line starts with "· "
		default:
			pieces = append(pieces, rest)
			rest = ""
		}
	}
	var words []string
	for _, piece := range pieces {
		if width(piece) > room {
			words = append(words, breakable(piece)...)
		} else {
			words = append(words, piece)
		}
	}
	pieces = words
	lines := []string{pieces[0]}
	for _, piece := range pieces[1:] {
		if joined := lines[len(lines)-1] + " " + piece; width(joined) <= room {
			lines[len(lines)-1] = joined
		} else {
			lines = append(lines, piece)
		}
	}
	return lines
}

// breakable splits piece at its spaces, but not around =, ≈, < or −
// ("t = 2", "|x − x*|") nor after a leading "·".
func breakable(piece string) []string {
	var words []string
	glue := false // the next field joins the last word
	for _, f := range strings.Fields(piece) {
		switch {
		case f == "=" || f == "≈" || f == "<" || f == "−":
			if len(words) > 0 {
				words[len(words)-1] += " " + f
			} else {
				words = append(words, f)
			}
			glue = true
		case glue && len(words) > 0:
			words[len(words)-1] += " " + f
			glue = false
		default:
			words = append(words, f)
			glue = f == "·"
		}
	}
	return words
}

// placeSteps is how many steps across and up the panel place tries the
// legend at, beyond the corners and the middles of the edges.
const placeSteps = 8

// place returns the w × h box in c that covers no mark if it can, and the
// fewest points of the lines to avoid: a corner, else the middle of an
// edge, else any of a grid of places over the panel (a map whose paths
// fill its corners and edges but leave a clearing). Ties go to the top
// left, then top right, bottom left and bottom right, then the middles of
// the edges, then the grid's places from the top left. It also returns
// what the box covers.
func (l *legend) place(c draw.Canvas, p *gplot.Plot, w, h vg.Length) (vg.Rectangle, cover) {
	lo := vg.Point{X: c.Min.X + legendMargin, Y: c.Min.Y + legendMargin}
	hi := vg.Point{X: c.Max.X - legendMargin, Y: c.Max.Y - legendMargin}
	midX, midY := (lo.X+hi.X-w)/2, (lo.Y+hi.Y-h)/2
	boxes := make([]vg.Rectangle, 0, 8+(placeSteps+1)*(placeSteps+1))
	boxes = append(boxes,
		vg.Rectangle{Min: vg.Point{X: lo.X, Y: hi.Y - h}, Max: vg.Point{X: lo.X + w, Y: hi.Y}},
		vg.Rectangle{Min: vg.Point{X: hi.X - w, Y: hi.Y - h}, Max: hi},
		vg.Rectangle{Min: lo, Max: vg.Point{X: lo.X + w, Y: lo.Y + h}},
		vg.Rectangle{Min: vg.Point{X: hi.X - w, Y: lo.Y}, Max: vg.Point{X: hi.X, Y: lo.Y + h}},
		vg.Rectangle{Min: vg.Point{X: midX, Y: hi.Y - h}, Max: vg.Point{X: midX + w, Y: hi.Y}},
		vg.Rectangle{Min: vg.Point{X: midX, Y: lo.Y}, Max: vg.Point{X: midX + w, Y: lo.Y + h}},
		vg.Rectangle{Min: vg.Point{X: lo.X, Y: midY}, Max: vg.Point{X: lo.X + w, Y: midY + h}},
		vg.Rectangle{Min: vg.Point{X: hi.X - w, Y: midY}, Max: vg.Point{X: hi.X, Y: midY + h}},
	)
	for i := range placeSteps + 1 {
		y := hi.Y - h - (hi.Y-h-lo.Y)*vg.Length(i)/placeSteps
		for j := range placeSteps + 1 {
			x := lo.X + (hi.X-w-lo.X)*vg.Length(j)/placeSteps
			boxes = append(boxes, vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}})
		}
	}
	occ := l.occupancy(c, p)
	best, bestCover := 0, occ.cover(boxes[0])
	for j, r := range boxes[1:] {
		if cv := occ.cover(r); cv.less(bestCover) {
			best, bestCover = j+1, cv
		}
	}
	return boxes[best], bestCover
}

// cover is what a legend box would hide: marks (with a margin around
// each), then points of lines.
type cover struct{ marks, points int }

// less reports whether a hides less than b: fewer marks, then fewer points.
func (a cover) less(b cover) bool {
	if a.marks != b.marks {
		return a.marks < b.marks
	}
	return a.points < b.points
}

// occupancyCell is the side of an occupancy grid's cells, in points.
const occupancyCell = 2

// occupancy counts, in cells of occupancyCell points over a canvas, the
// points of the lines to avoid (sampled every half cell along each
// segment, clipped to the canvas) and the marks, as summed-area tables: a
// box's count is four look-ups, however long the race.
type occupancy struct {
	min        vg.Point
	cols, rows int
	points     []int32 // (rows+1) × (cols+1), the counts below and left of each corner
	marks      []int32
}

// occupancy is l's lines and marks counted over c.
func (l *legend) occupancy(c draw.Canvas, p *gplot.Plot) *occupancy {
	o := &occupancy{min: c.Min}
	o.cols = max(1, int(math.Ceil(float64((c.Max.X-c.Min.X)/occupancyCell))))
	o.rows = max(1, int(math.Ceil(float64((c.Max.Y-c.Min.Y)/occupancyCell))))
	o.points = make([]int32, (o.rows+1)*(o.cols+1))
	o.marks = make([]int32, (o.rows+1)*(o.cols+1))
	trX, trY := p.Transforms(&c)
	add := func(table []int32, pt vg.Point) {
		col := int(math.Floor(float64((pt.X - o.min.X) / occupancyCell)))
		row := int(math.Floor(float64((pt.Y - o.min.Y) / occupancyCell)))
		if col >= 0 && row >= 0 && col < o.cols && row < o.rows {
			table[(row+1)*(o.cols+1)+col+1]++
		}
	}
	frame := vg.Rectangle{Min: c.Min, Max: c.Max}
	for _, xys := range l.avoid {
		for i := range xys {
			a := vg.Point{X: trX(xys[i].X), Y: trY(xys[i].Y)}
			b := a
			if i+1 < len(xys) {
				b = vg.Point{X: trX(xys[i+1].X), Y: trY(xys[i+1].Y)}
			}
			a, b, ok := clipSegment(a, b, frame)
			if !ok {
				continue
			}
			n := int(math.Ceil(float64(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)) / (occupancyCell / 2))))
			for s := range max(n, 1) {
				f := vg.Length(s) / vg.Length(max(n, 1))
				add(o.points, vg.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)})
			}
		}
	}
	for _, m := range l.marks {
		add(o.marks, vg.Point{X: trX(m.X), Y: trY(m.Y)})
	}
	for _, table := range [][]int32{o.points, o.marks} {
		for row := 1; row <= o.rows; row++ {
			for col := 1; col <= o.cols; col++ {
				i := row*(o.cols+1) + col
				table[i] += table[i-1] + table[i-o.cols-1] - table[i-o.cols-2]
			}
		}
	}
	return o
}

// cover is what box r hides: the marks within legendMargin of it and the
// points of lines in it, counted in every cell r touches.
func (o *occupancy) cover(r vg.Rectangle) cover {
	m := vg.Rectangle{
		Min: vg.Point{X: r.Min.X - legendMargin, Y: r.Min.Y - legendMargin},
		Max: vg.Point{X: r.Max.X + legendMargin, Y: r.Max.Y + legendMargin},
	}
	return cover{marks: o.count(o.marks, m), points: o.count(o.points, r)}
}

// count sums table over the cells r touches.
func (o *occupancy) count(table []int32, r vg.Rectangle) int {
	c0 := max(0, int(math.Floor(float64((r.Min.X-o.min.X)/occupancyCell))))
	r0 := max(0, int(math.Floor(float64((r.Min.Y-o.min.Y)/occupancyCell))))
	c1 := min(o.cols, int(math.Ceil(float64((r.Max.X-o.min.X)/occupancyCell))))
	r1 := min(o.rows, int(math.Ceil(float64((r.Max.Y-o.min.Y)/occupancyCell))))
	if c1 <= c0 || r1 <= r0 {
		return 0
	}
	w := o.cols + 1
	return int(table[r1*w+c1] - table[r0*w+c1] - table[r1*w+c0] + table[r0*w+c0])
}

// clipSegment clips the segment from a to b to r (Liang–Barsky), and
// reports whether any of it is in r.
func clipSegment(a, b vg.Point, r vg.Rectangle) (vg.Point, vg.Point, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)},
		{dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)},
		{dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		switch {
		case p == 0:
			if q < 0 {
				return a, b, false
			}
		case p < 0:
			t0 = math.Max(t0, q/p)
		default:
			t1 = math.Min(t1, q/p)
		}
	}
	if t0 > t1 || math.IsNaN(t0) || math.IsNaN(t1) {
		return a, b, false
	}
	at := func(t float64) vg.Point {
		return vg.Point{X: a.X + vg.Length(t*dx), Y: a.Y + vg.Length(t*dy)}
	}
	return at(t0), at(t1), true
}

// corners returns r's corners anticlockwise from the bottom left.
func corners(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}
