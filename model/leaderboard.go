package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/views"
)

// leaderboardScreen is the full-size leaderboard: each optimizer on a track
// from its start to the finish line.
type leaderboardScreen struct {
	c    *common
	w, h int
}

func newLeaderboardScreen(c *common) *leaderboardScreen { return &leaderboardScreen{c: c} }

// Init implements tea.Model.
func (s *leaderboardScreen) Init() tea.Cmd { return nil }

// Update implements tea.Model: the keys of every race screen.
func (s *leaderboardScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		return s, s.c.raceKey(k)
	}
	return s, nil
}

// View implements tea.Model.
func (s *leaderboardScreen) View() string {
	return strings.Join(views.LeaderboardScreen(s.c.styles, s.c.stage.reader(), s.w, s.h), "\n")
}

// SetSize implements Screen.
func (s *leaderboardScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Frame implements Screen.
func (s *leaderboardScreen) Frame() any {
	return struct {
		race raceFrame
		w, h int
	}{s.c.stage.frame(), s.w, s.h}
}

// Status implements Screen: the race's own status.
func (s *leaderboardScreen) Status() string { return "" }

// ShortHelp implements help.KeyMap.
func (s *leaderboardScreen) ShortHelp() []key.Binding { return s.c.raceShortHelp() }

// FullHelp implements help.KeyMap.
func (s *leaderboardScreen) FullHelp() [][]key.Binding { return s.c.raceFullHelp() }
