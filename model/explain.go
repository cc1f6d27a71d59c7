package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// explainScreen writes the focused optimizer's latest step as the lecture's
// code computes it, with the step's numbers filled in. It follows the race:
// space steps, ← steps back, 1–5 focus, e edits.
type explainScreen struct {
	c    *common
	w, h int
	// top is the first line shown where the step is taller than the
	// window (↓/↑ scroll it).
	top int
}

func newExplainScreen(c *common) *explainScreen { return &explainScreen{c: c} }

// Init implements tea.Model.
func (s *explainScreen) Init() tea.Cmd { return nil }

// Update implements tea.Model: the scroll keys, then the keys of every
// race screen.
func (s *explainScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	if by, ok := s.c.keys.scrollBy(k, s.h-2); ok {
		limit := s.c.styles.ExplainScroll(s.c.stage.reader(), s.c.lane(), s.w, s.h)
		s.top = max(0, min(min(s.top, limit)+by, limit))
		return s, nil
	}
	return s, s.c.raceKey(k)
}

// View implements tea.Model.
func (s *explainScreen) View() string {
	return strings.Join(s.c.styles.Explain(s.c.stage.reader(), s.c.lane(), s.top, s.w, s.h), "\n")
}

// SetSize implements Screen.
func (s *explainScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Frame implements Screen.
func (s *explainScreen) Frame() any {
	return struct {
		race      raceFrame
		view      raceView
		w, h, top int
	}{s.c.stage.frame(), s.c.view, s.w, s.h, s.top}
}

// Status implements Screen: the race's own status.
func (s *explainScreen) Status() string { return "" }

// ShortHelp implements help.KeyMap.
func (s *explainScreen) ShortHelp() []key.Binding { return s.c.raceShortHelp() }

// FullHelp implements help.KeyMap: the race screens' keys and the scroll
// keys.
func (s *explainScreen) FullHelp() [][]key.Binding {
	return append(s.c.raceFullHelp(), s.c.keys.scrollHelp())
}
