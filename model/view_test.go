package model

import (
	"io"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/optirace/optirace/optimizers"
)

// TestMonoHasEmphasisWithoutColour: under NO_COLOR (Options.Mono) a frame
// has bold and reverse video — a changed setting bold, the focused lane's
// current point reversed — and not one colour.
func TestMonoHasEmphasisWithoutColour(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	set := optimizers.Defaults()
	set.Beta1 = 0.8
	m, err := New(Options{Settings: set, Renderer: r, Mono: true})
	if err != nil {
		t.Fatal(err)
	}
	view := send(m, tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("space")).View()
	for _, want := range []string{"\x1b[1mβ₁=0.8", ";7m", "\x1b[1;7m"} {
		if !strings.Contains(view, want) {
			t.Errorf("no %q in the frame", want)
		}
	}
	if colour := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]`).FindString(view); colour != "" {
		t.Errorf("a colour %q in the frame", colour)
	}
}
