package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/views"
)

// convergenceScreen draws every optimizer's error against t in one chart.
type convergenceScreen struct {
	c    *common
	view *views.ConvergenceView
	w, h int
}

func newConvergenceScreen(c *common) *convergenceScreen {
	return &convergenceScreen{c: c, view: views.NewConvergenceView(c.styles)}
}

// Init implements tea.Model.
func (s *convergenceScreen) Init() tea.Cmd { return nil }

// Update implements tea.Model: the keys of every race screen.
func (s *convergenceScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		return s, s.c.raceKey(k)
	}
	return s, nil
}

// View implements tea.Model.
func (s *convergenceScreen) View() string {
	return strings.Join(s.view.Render(s.c.stage.reader(), s.w, s.h), "\n")
}

// SetSize implements Screen.
func (s *convergenceScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Frame implements Screen.
func (s *convergenceScreen) Frame() any {
	return struct {
		race raceFrame
		w, h int
	}{s.c.stage.frame(), s.w, s.h}
}

// Status implements Screen: the race's own status.
func (s *convergenceScreen) Status() string { return "" }

// ShortHelp implements help.KeyMap.
func (s *convergenceScreen) ShortHelp() []key.Binding { return s.c.raceShortHelp() }

// FullHelp implements help.KeyMap.
func (s *convergenceScreen) FullHelp() [][]key.Binding { return s.c.raceFullHelp() }
