// Package termquery asks the local terminal for its background colour, as
// termenv would for lipgloss, but without waiting 5 s on a terminal that
// answers nothing: it first asks for the device attributes (DA1), which
// every terminal that answers anything answers, and asks for the colour
// only once that came back within 120 ms. A DA1 reply that
// comes later is harmless (bubbletea drops it as an unknown sequence); a
// late colour reply would arrive as keys, and is never asked for.
package termquery

import (
	"image/color"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ParseColor parses an OSC 11 reply's colour, rgb:RRRR/GGGG/BBBB with one
// to four hex digits a component (or rgba:, or #RRGGBB), and returns nil
// for anything else: ansi.XParseColor alone reads a garbled component as 0.
func ParseColor(spec string) color.Color {
	model, comps, ok := strings.Cut(spec, ":")
	if ok {
		parts := strings.Split(comps, "/")
		want := map[string]int{"rgb": 3, "rgba": 4}[model]
		if want == 0 || len(parts) != want {
			return nil
		}
		for _, p := range parts {
			if len(p) < 1 || len(p) > 4 || strings.Trim(p, "0123456789abcdefABCDEF") != "" {
				return nil
			}
		}
	}
	return ansi.XParseColor(spec)
}

// skipped reports whether termenv would not ask a terminal of type term
// (screen and tmux may be shown on several terminals at once; dumb ones
// answer nothing).
func skipped(term string) bool {
	for _, prefix := range []string{"screen", "tmux", "dumb"} {
		if strings.HasPrefix(term, prefix) {
			return true
		}
	}
	return false
}
