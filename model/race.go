package model

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

// raceScreen is the race: a panel per optimizer (title, loss chart,
// iteration table) and the leaderboard strip.
type raceScreen struct {
	c    *common
	view *views.RaceView
	w, h int
}

func newRaceScreen(c *common) *raceScreen {
	return &raceScreen{c: c, view: views.NewRaceView(c.styles)}
}

// Init implements tea.Model.
func (s *raceScreen) Init() tea.Cmd { return nil }

// Update implements tea.Model: esc leaves zoom; the other keys are those
// of every race screen.
func (s *raceScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	if matches(k, s.c.keys.Unzoom) {
		s.c.view.zoomed = false
		return s, nil
	}
	if s.c.view.content == views.LiveTable {
		if by, ok := s.c.keys.scrollBy(k, s.h-3); ok {
			limit := s.c.styles.LiveTableScroll(s.c.stage.reader(), s.w, s.h)
			s.c.view.tableTop = max(0, min(min(s.c.view.tableTop, limit)+by, limit))
			return s, nil
		}
	}
	return s, s.c.raceKey(k)
}

// View implements tea.Model.
func (s *raceScreen) View() string {
	return strings.Join(s.view.Render(views.RaceState{
		Race: s.c.stage.reader(), Focus: s.c.lane(), Zoomed: s.c.view.zoomed, Content: s.c.view.content,
		Track: s.c.view.track, LogF: s.c.view.logF, SmallMaps: s.c.view.small, TableTop: s.c.view.tableTop,
	}, s.w, s.h), "\n")
}

// SetSize implements Screen.
func (s *raceScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Frame implements Screen.
func (s *raceScreen) Frame() any {
	return struct {
		race raceFrame
		view raceView
		w, h int
	}{s.c.stage.frame(), s.c.view, s.w, s.h}
}

// Status implements Screen: the race's own status.
func (s *raceScreen) Status() string { return "" }

// ShortHelp implements help.KeyMap.
func (s *raceScreen) ShortHelp() []key.Binding { return s.c.raceShortHelp() }

// FullHelp implements help.KeyMap: with the live table, its scroll keys.
func (s *raceScreen) FullHelp() [][]key.Binding {
	if s.c.view.content == views.LiveTable {
		return append(s.c.raceFullHelp(), s.c.keys.scrollHelp())
	}
	return s.c.raceFullHelp()
}

// raceFrame is what a frame shows of the race on screen: which race, and
// which version of it.
type raceFrame struct {
	race       race.Reader
	t, version int
}

// frame is the race on screen as a frame cache's key sees it.
func (s *stage) frame() raceFrame {
	r := s.reader()
	if r == nil {
		return raceFrame{}
	}
	return raceFrame{race: r, t: r.T(), version: r.Version()}
}

// raceKey handles the keys every race screen (race, leaderboard,
// convergence) shares: focus, zoom (which shows the race screen), what the
// panels show, the editor, and then the keys that drive the race.
func (c *common) raceKey(msg tea.KeyMsg) tea.Cmd {
	k := c.keys
	switch {
	case matches(msg, k.Focus):
		c.focus(slices.Index(k.Focus.Keys(), msg.String()))
	case matches(msg, k.Zoom):
		c.view.zoomed = !c.view.zoomed
		c.goTo = screenRace
	case matches(msg, k.Content):
		c.nextContent()
	case matches(msg, k.Track):
		c.view.track = !c.view.track
		c.status.note = "charts show the whole landscape"
		if c.view.track {
			c.status.note = "charts track the iterates"
		}
	case matches(msg, k.SmallMaps):
		if c.stage.reader().Objective().Dim != 2 {
			c.status.note = "small maps are for the 2-D landscapes: f changes the landscape"
			if c.stage.following {
				c.status.note = "small maps are for the 2-D landscapes" // f forks here
			}
			break
		}
		c.view.small = !c.view.small
		c.status.note = "one map of every lane"
		if c.view.small {
			c.status.note = "a small map per lane"
		}
	case matches(msg, k.LogScale):
		if c.stage.reader().Objective().Dim == 2 {
			c.status.note = "a map is always shaded by log(f − f*): g is for the 1-D charts"
			break
		}
		c.view.logF = !c.view.logF
		c.status.note = "charts show f(x)"
		if c.view.logF {
			c.status.note = "charts show f − f* on a log scale"
		}
	case matches(msg, k.Edit):
		if c.stage.mayEdit() {
			c.openRaceEditor()
		}
	case matches(msg, k.Sweep):
		if c.stage.mayEdit() && !c.stage.busy() {
			c.view.focus = c.stage.sweep(c.lane())
		}
	default:
		cmd, _ := c.stage.drive(msg)
		return cmd
	}
	return nil
}

// nextContent switches between the panels and the live table, and says
// which shows.
func (c *common) nextContent() {
	c.view.content = (c.view.content + 1) % 2
	c.status.note = c.contentNote()
}

// contentNotePrefix starts the note that says what the race screen shows.
const contentNotePrefix = "showing "

// contentNote says what the race screen shows.
func (c *common) contentNote() string {
	return contentNotePrefix + c.view.content.String()
}

// raceShortHelp is the race screens' keys in the status bar.
func (c *common) raceShortHelp() []key.Binding {
	k := c.keys
	if c.stage.following {
		numbers := k.Focus
		if c.voting {
			numbers = k.Choose
		}
		switch {
		case c.voting: // the vote is what the number keys do now; f waits for the reveal
			return []key.Binding{k.NextScreen, numbers, k.Help, k.Quit}
		case c.asking: // a answers; f waits for the reveal
			q := k.Question
			q.SetHelp(q.Help().Key, "answer")
			return []key.Binding{numbers, k.NextScreen, q, k.Help, k.Quit}
		case c.status.note == driveRefused: // the note says f forks
			return []key.Binding{numbers, k.NextScreen, k.Help, k.Quit}
		}
		return []key.Binding{numbers, k.NextScreen, k.Fork, k.Help, k.Quit}
	}
	// A viewer's own copy has the race's hints: its mode, always shown,
	// says w rejoins.
	return k.ShortHelp()
}

// raceFullHelp is the race screens' keys in ? help: for a viewer following
// the live race, only the keys a viewer may use.
func (c *common) raceFullHelp() [][]key.Binding {
	k := c.keys
	if c.stage.following {
		k.Rejoin.SetHelp(k.Rejoin.Help().Key, "follow the presenter")
		return [][]key.Binding{
			{k.Fork, k.Rejoin, k.Focus, k.Zoom, k.Unzoom, k.Content, k.Track, k.LogScale, k.SmallMaps},
			{k.NextScreen, k.PrevScreen, k.Convergence, k.Explain, k.Help, k.Quit},
			k.classHelp(),
		}
	}
	if c.stage.role == RolePresenter {
		k.Quit.SetHelp(k.Quit.Help().Key, "quit: ends the class")
	}
	k.Fork.SetEnabled(false) // f is the landscape here; fork is for a following viewer
	k.Export.SetEnabled(!c.stage.remote)
	return k.FullHelp()
}
