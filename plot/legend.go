package plot

import (
	"image/color"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legend is a matplotlib-style legend: a white box with a grey edge, in the
// corner of the panel where it hides the least of the panel's lines. It is
// a plotter added after the data, so that it is drawn over them.
type legend struct {
	entries []legendEntry
	// avoid are the polylines the box should hide least of.
	avoid []plotter.XYs
	// marks are points the box must not hide if any corner can show them.
	marks plotter.XYs
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

// Plot implements gplot.Plotter.
func (l *legend) Plot(c draw.Canvas, p *gplot.Plot) {
	if len(l.entries) == 0 {
		return
	}
	sty := text.Style{
		Color: color.Black, Font: sans(legendSize), Handler: p.TextHandler,
		XAlign: draw.XLeft, YAlign: draw.YCenter,
	}
	textW := vg.Length(0)
	for _, e := range l.entries {
		textW = max(textW, sty.Width(e.label))
	}
	w := 2*legendPad + legendThumb + legendGap + textW
	h := 2*legendPad + vg.Length(len(l.entries))*legendRow
	box := l.place(c, p, w, h)

	c.FillPolygon(color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xE6}, corners(box))
	edge := draw.LineStyle{Color: color.RGBA{R: 0xCC, G: 0xCC, B: 0xCC, A: 0xFF}, Width: vg.Points(0.75)}
	c.StrokeLines(edge, append(corners(box), box.Min))
	for i, e := range l.entries {
		y := box.Max.Y - legendPad - (vg.Length(i)+0.5)*legendRow
		x := box.Min.X + legendPad
		c.StrokeLine2(e.line, x, y, x+legendThumb, y)
		if e.glyph != nil {
			c.DrawGlyphNoClip(*e.glyph, vg.Point{X: x + legendThumb/2, Y: y})
		}
		c.FillText(sty, vg.Point{X: x + legendThumb + legendGap, Y: y}, e.label)
	}
}

// place returns the w × h box in the corner of c that covers the fewest
// sample points of the lines to avoid; ties go to the top left, then top
// right, bottom left and bottom right.
func (l *legend) place(c draw.Canvas, p *gplot.Plot, w, h vg.Length) vg.Rectangle {
	lo := vg.Point{X: c.Min.X + legendMargin, Y: c.Min.Y + legendMargin}
	hi := vg.Point{X: c.Max.X - legendMargin, Y: c.Max.Y - legendMargin}
	boxes := []vg.Rectangle{
		{Min: vg.Point{X: lo.X, Y: hi.Y - h}, Max: vg.Point{X: lo.X + w, Y: hi.Y}},
		{Min: vg.Point{X: hi.X - w, Y: hi.Y - h}, Max: hi},
		{Min: lo, Max: vg.Point{X: lo.X + w, Y: lo.Y + h}},
		{Min: vg.Point{X: hi.X - w, Y: lo.Y}, Max: vg.Point{X: hi.X, Y: lo.Y + h}},
	}
	hidden := make([]int, len(boxes))
	trX, trY := p.Transforms(&c)
	// Sample each segment so that a line crossing a box counts even if no
	// point of it lies inside.
	const samples = 8
	for _, xys := range l.avoid {
		for i := range xys {
			a := vg.Point{X: trX(xys[i].X), Y: trY(xys[i].Y)}
			b := a
			if i+1 < len(xys) {
				b = vg.Point{X: trX(xys[i+1].X), Y: trY(xys[i+1].Y)}
			}
			for s := range samples {
				f := vg.Length(s) / samples
				pt := vg.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)}
				for j, r := range boxes {
					if pt.X >= r.Min.X && pt.X <= r.Max.X && pt.Y >= r.Min.Y && pt.Y <= r.Max.Y {
						hidden[j]++
					}
				}
			}
		}
	}
	// A mark outweighs any number of line samples.
	markWeight := samples * (1 + len(l.avoid)*maxLen(l.avoid))
	for _, m := range l.marks {
		pt := vg.Point{X: trX(m.X), Y: trY(m.Y)}
		for j, r := range boxes {
			if pt.X >= r.Min.X-legendMargin && pt.X <= r.Max.X+legendMargin && pt.Y >= r.Min.Y-legendMargin && pt.Y <= r.Max.Y+legendMargin {
				hidden[j] += markWeight
			}
		}
	}
	best := 0
	for j := range boxes {
		if hidden[j] < hidden[best] {
			best = j
		}
	}
	return boxes[best]
}

// maxLen returns the length of the longest polyline.
func maxLen(lines []plotter.XYs) int {
	n := 0
	for _, l := range lines {
		n = max(n, len(l))
	}
	return n
}

// corners returns r's corners anticlockwise from the bottom left.
func corners(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}
