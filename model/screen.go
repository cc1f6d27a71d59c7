package model

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/views"
)

// Screen is one screen of the app, a component in the style of
// soft-serve's common.Component: the root model sizes it with SetSize,
// hands it every message the root does not handle itself, and draws it.
// Adding a screen is one file here, one in views/ and one line in New.
type Screen interface {
	tea.Model
	// ShortHelp and FullHelp are the keys the screen adds to the status bar
	// and to ? help.
	help.KeyMap
	// SetSize sets the area the screen draws in: the window less the
	// status bar.
	SetSize(width, height int)
	// Frame returns a comparable value that changes whenever View's result
	// would: the root's frame cache is keyed by it. Every input of View is
	// in it.
	Frame() any
	// Status is the status bar's title for the screen, or "" for the
	// race's own status (t, play state, f(x), x₀).
	Status() string
}

// screen is the screen on view; tab cycles through them in this order.
type screen int

const (
	screenRace screen = iota
	screenLeaderboard
	screenConvergence
	screenExplain
	screenNeuron
	numScreens
)

// raceView is how the race screens look at the race: the focused optimizer,
// zoom and what panels show. The race's screens share it, so that focus
// and zoom carry from one to the next.
type raceView struct {
	focus   int
	zoomed  bool
	content views.Content
	// track zooms each chart to where its iterates are now (o); logF draws
	// f − f* on a log scale (g).
	track, logF bool
	// small draws a 2-D race as a small map per lane (m).
	small bool
	// tableTop is the live table's first row shown, where it scrolls.
	tableTop int
}

// common is what the root shares with its screens: styles, keys, the race
// on screen and how it moves, the status bar's notes, the race view and the
// editor.
type common struct {
	styles *views.Styles
	keys   KeyMap
	stage  *stage
	status *status
	view   raceView
	editor editorSlot
	// w and h are the screens' size: the window less the status bar.
	w, h int
	// goTo is a screen that a screen's key asks the root to show (z shows
	// the race screen zoomed), or -1.
	goTo screen
	// voting is set while a viewer's number keys vote in the class's open
	// vote rather than focus a lane: the status bar says so.
	voting bool
	// asking is set while the class's question waits for a viewer's
	// answer (a opens it): f, refused then, gives way to a in its hints.
	asking bool
}

// matches reports whether msg is one of the bindings' keys.
func matches(msg tea.KeyMsg, bs ...key.Binding) bool { return key.Matches(msg, bs...) }
