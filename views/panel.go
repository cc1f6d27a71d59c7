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

// box draws content (lines of exactly w−2 columns) inside a border of w×h
// with title set into the top edge. title may be styled.
func box(fr frame, border paint, title string, content []string, w, h int) []string {
	if w < 2 || h < 2 {
		return blank(max(w, 0), max(h, 0))
	}
	inner := w - 2
	out := make([]string, 0, h)

	// ╭─ title ───╮: one edge character, the title between spaces, then edge.
	var top strings.Builder
	top.WriteString(border.wrap(fr.topLeft))
	used := 0
	if title != "" && inner > 4 {
		t := fit(title, min(ansi.StringWidth(title), inner-3))
		top.WriteString(border.wrap(fr.top))
		top.WriteString(" " + t + " ")
		used = ansi.StringWidth(t) + 3
	}
	top.WriteString(border.wrap(strings.Repeat(fr.top, inner-used) + fr.topRight))
	out = append(out, top.String())

	content = padLines(content, inner, h-2)
	left, right := border.wrap(fr.left), border.wrap(fr.right)
	for _, line := range content {
		out = append(out, left+line+right)
	}
	out = append(out, border.wrap(fr.bottomLeft+strings.Repeat(fr.bottom, inner)+fr.bottomRight))
	return out
}
