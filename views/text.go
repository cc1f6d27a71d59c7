package views

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Every view here returns lines of an exact display width, so that joining
// them side by side is plain concatenation and no line ever exceeds the
// window.

// fit pads or truncates plain or styled text s to exactly w columns,
// truncating with an ellipsis.
func fit(s string, w int) string { return Fit(s, w) }

// Fit pads or truncates plain or styled text s to exactly w columns,
// truncating with an ellipsis.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	switch {
	case sw == w:
		return s
	case sw < w:
		return s + strings.Repeat(" ", w-sw)
	}
	t := ansi.Truncate(s, w, "…")
	if tw := ansi.StringWidth(t); tw < w {
		t += strings.Repeat(" ", w-tw)
	}
	return t
}

// center places s in the middle of w columns.
func center(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return fit(s, w)
	}
	left := (w - sw) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", w-sw-left)
}

// blank returns h lines of w spaces.
func blank(w, h int) []string {
	if h <= 0 {
		return nil
	}
	line := strings.Repeat(" ", max(w, 0))
	out := make([]string, h)
	for i := range out {
		out[i] = line
	}
	return out
}

// padLines makes lines exactly h long, adding blank lines of width w or
// cutting the surplus.
func padLines(lines []string, w, h int) []string {
	if len(lines) >= h {
		return lines[:max(h, 0)]
	}
	return append(lines, blank(w, h-len(lines))...)
}

// joinColumns puts blocks side by side; each block's lines already have the
// block's exact width and all blocks have the same height.
func joinColumns(blocks ...[]string) []string {
	h := 0
	for _, b := range blocks {
		h = max(h, len(b))
	}
	out := make([]string, h)
	var sb strings.Builder
	for i := range out {
		sb.Reset()
		for _, b := range blocks {
			if i < len(b) {
				sb.WriteString(b[i])
			}
		}
		out[i] = sb.String()
	}
	return out
}
