package views

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// frame is the set of characters a box is drawn with.
type frame struct {
	top, bottom, left, right                   string
	topLeft, topRight, bottomLeft, bottomRight string
}

func frameOf(b lipgloss.Border) frame {
	return frame{b.Top, b.Bottom, b.Left, b.Right, b.TopLeft, b.TopRight, b.BottomLeft, b.BottomRight}
}

var (
	roundFrame      = frameOf(lipgloss.RoundedBorder())
	thickFrame      = frameOf(lipgloss.ThickBorder())
	asciiFrame      = frame{"-", "-", "|", "|", "+", "+", "+", "+"}
	asciiFocusFrame = frame{"=", "=", "#", "#", "#", "#", "#", "#"}
)

// frameFor is the border to draw: rounded, or heavy for emphasis (the
// focused panel, the highlighted node); in ASCII, - and |, or = and #.
func frameFor(ascii, heavy bool) frame {
	switch {
	case ascii && heavy:
		return asciiFocusFrame
	case ascii:
		return asciiFrame
	case heavy:
		return thickFrame
	}
	return roundFrame
}

// box draws content (lines of exactly w−2 columns) inside a border of w×h
// with title set into the top edge. title may be styled.
func box(fr frame, border paint, title string, content []string, w, h int) []string {
	return boxWithFooter(fr, border, title, "", content, w, h)
}

// boxWithFooter is box with footer set into the bottom edge.
func boxWithFooter(fr frame, border paint, title, footer string, content []string, w, h int) []string {
	if w < 2 || h < 2 {
		return blank(max(w, 0), max(h, 0))
	}
	inner := w - 2
	out := make([]string, 0, h)

	out = append(out, edge(fr.topLeft, fr.top, fr.topRight, border, title, inner))

	content = padLines(content, inner, h-2)
	left, right := border.wrap(fr.left), border.wrap(fr.right)
	for _, line := range content {
		out = append(out, left+line+right)
	}
	out = append(out, edge(fr.bottomLeft, fr.bottom, fr.bottomRight, border, footer, inner))
	return out
}

// edge draws a top or bottom edge of inner columns between two corners, with
// label (if any, and if it fits) after one edge character: ╭─ label ───╮.
func edge(left, fill, right string, border paint, label string, inner int) string {
	var b strings.Builder
	b.WriteString(border.wrap(left))
	used := 0
	if label != "" && inner > 4 {
		t := fit(label, min(ansi.StringWidth(label), inner-3))
		b.WriteString(border.wrap(fill))
		b.WriteString(" " + t + " ")
		used = ansi.StringWidth(t) + 3
	}
	b.WriteString(border.wrap(strings.Repeat(fill, inner-used) + right))
	return b.String()
}
