package views

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// BenchmarkDefaultStyles is what each session's styles cost to build: an
// SSH session gets a renderer of its own, so a class of 300 builds 300.
func BenchmarkDefaultStyles(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(true)
		_ = DefaultStyles(r)
	}
}

// TestStylesShareAPaletteByProfile: sessions with the same colour profile
// and background share one palette, and each profile gets its own.
func TestStylesShareAPaletteByProfile(t *testing.T) {
	build := func(p termenv.Profile, dark bool) Styles {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(p)
		r.SetHasDarkBackground(dark)
		return DefaultStyles(r)
	}
	a, b := build(termenv.TrueColor, true), build(termenv.TrueColor, true)
	if &a.cells.paints[0] != &b.cells.paints[0] {
		t.Error("two TrueColor sessions built two palettes")
	}
	seen := map[string]bool{}
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			s := build(p, dark)
			lane := s.cells.paints[s.cells.paintOf[laneStyle(0, laneMark)]]
			if want := paintOf(s.Lane[0]); lane != want {
				t.Errorf("profile %v, dark %v: lane 0 is %q in the palette, %q in its style", p, dark, lane.pre, want.pre)
			}
			seen[lane.pre] = true
		}
	}
	if len(seen) < 5 { // Ascii has no colour; ANSI's 16 colours may match in light and dark
		t.Errorf("only %d kinds of lane 0 across eight profiles", len(seen))
	}
}
