package plot

import (
	"image/color"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legend is a matplotlib-style legend: a white box with a grey edge, in the
// corner of the panel where it hides the least of the panel's lines. It is
// a plotter added after the data, so that it is drawn over them. A label
// too long for the panel is wrapped after one of its commas or middle dots.
type legend struct {
	entries []legendEntry
	// avoid are the polylines the box should hide least of.
	avoid []plotter.XYs
	// marks are points the box must not hide if any corner can show them.
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
	box := l.place(c, p, w, h)

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

// place returns the w × h box in the corner of c that covers the fewest
// sample points of the lines to avoid; ties go to the top left, then top
// right, bottom left and bottom right.
func (l *legend) place(c draw.Canvas, p *gplot.Plot, w, h vg.Length) vg.Rectangle {
	lo := vg.Point{X: c.Min.X + legendMargin, Y: c.Min.Y + legendMargin}
	hi := vg.Point{X: c.Max.X - legendMargin, Y: c.Max.Y - legendMargin}
	// The corners first, which win ties; then the middles of the edges,
	// for a panel with a mark in every corner (a minimum of Himmelblau's
	// in each).
	midX, midY := (lo.X+hi.X-w)/2, (lo.Y+hi.Y-h)/2
	boxes := []vg.Rectangle{
		{Min: vg.Point{X: lo.X, Y: hi.Y - h}, Max: vg.Point{X: lo.X + w, Y: hi.Y}},
		{Min: vg.Point{X: hi.X - w, Y: hi.Y - h}, Max: hi},
		{Min: lo, Max: vg.Point{X: lo.X + w, Y: lo.Y + h}},
		{Min: vg.Point{X: hi.X - w, Y: lo.Y}, Max: vg.Point{X: hi.X, Y: lo.Y + h}},
		{Min: vg.Point{X: midX, Y: hi.Y - h}, Max: vg.Point{X: midX + w, Y: hi.Y}},
		{Min: vg.Point{X: midX, Y: lo.Y}, Max: vg.Point{X: midX + w, Y: lo.Y + h}},
		{Min: vg.Point{X: lo.X, Y: midY}, Max: vg.Point{X: lo.X + w, Y: midY + h}},
		{Min: vg.Point{X: hi.X - w, Y: midY}, Max: vg.Point{X: hi.X, Y: midY + h}},
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
