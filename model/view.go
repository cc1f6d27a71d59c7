package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

// frameCache is the last frame View drew and everything it depended on.
type frameCache struct {
	key   frameKey
	frame string
}

type frameKey struct {
	race                  race.Reader
	t, version            int
	width, height         int
	screen                screen
	focus                 optimizers.Kind
	zoomed, help, playing bool
	content               views.Content
	speed                 int
	message               string
	viewers               int
	neuron                views.NeuronState
	editing               editTarget
	editor                string
}

// View implements tea.Model.
func (m Model) View() string {
	r := m.reader()
	k := frameKey{
		race: r, width: m.width, height: m.height, screen: m.screen, message: m.statusMessage(), viewers: m.viewers,
		focus: m.focus, zoomed: m.zoomed, help: m.showHelp, playing: m.playing,
		content: m.content, speed: m.speed, neuron: m.neuron.State(), editing: m.editing,
	}
	if m.editing != editNone {
		k.editor = m.editor.State()
	}
	if r != nil {
		k.t, k.version = r.T(), r.Version()
	}
	if m.cache.key == k && m.cache.frame != "" {
		return m.cache.frame
	}
	m.cache.key, m.cache.frame = k, m.render()
	if m.styles.ASCII {
		m.cache.frame = views.ASCIIOnly(m.cache.frame)
	}
	return m.cache.frame
}

// tableNote tells how to read a row of an optimizer's table, as the
// lecture's print lines read: the x an iteration reached, with what it used.
const tableNote = "A table row t: x and f(x) after iteration t, with what that iteration used, so g is f′ at the x of row t − 1."

func (m Model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < views.MinWidth || h < views.MinHeight {
		note := ""
		if m.quitting {
			note = m.message // the presenter's "q again to end class"
		}
		return views.TooSmall(m.styles, note, w, h)
	}
	r := m.reader()
	if r == nil && m.screen != screenNeuron {
		return views.Waiting(m.styles, "waiting for the presenter's race… (tab: the neuron lesson)", w, h)
	}
	bodyH := h - 1
	var lines []string
	switch {
	case m.showHelp:
		// The help takes the screen, so that no key is ever left out.
		var all []key.Binding
		for _, col := range m.fullHelp() {
			all = append(all, col...)
		}
		// The editor's own keys are told here rather than listed beside
		// the screens' tab and esc, which they would seem to contradict.
		note := tableNote + " " + m.keys.editorNote()
		switch {
		case m.screen == screenNeuron:
			note = m.keys.editorNote()
		case m.following: // a live race has no editor
			note = tableNote
		}
		lines = views.HelpScreen(m.styles, hintsOf(all), note, w, bodyH)
		if m.screen == screenNeuron {
			return views.CompactSGR(strings.Join(append(lines, m.neuronStatus(w)), "\n"))
		}
	case m.screen == screenNeuron:
		lines = m.withEditor(strings.Split(m.neuron.View(), "\n"), w) // sized on WindowSizeMsg
		return views.CompactSGR(strings.Join(append(lines, m.neuronStatus(w)), "\n"))
	case m.screen == screenLeaderboard:
		lines = views.LeaderboardScreen(m.styles, r, w, bodyH)
	case m.screen == screenConvergence:
		lines = m.convergence.Render(r, w, bodyH)
	default:
		lines = m.raceView.Render(views.RaceState{
			Race: r, Focus: m.focus, Zoomed: m.zoomed, Content: m.content,
		}, w, bodyH)
	}
	lines = m.withEditor(lines, w)
	hints, keep := m.hints()
	lines = append(lines, views.StatusBar(m.styles, views.Status{
		T:        r.T(),
		Playing:  m.shownTempo().Playing,
		Speed:    m.shownTempo().StepsPerSecond,
		Function: r.Objective().Formula,
		X0:       r.Settings().X0,
		Message:  m.statusMessage(),
		Mode:     m.mode(),
		Shared:   views.SharedChanges(r.Settings()),
		Hints:    hints,
		Keep:     keep,
	}, w))
	return views.CompactSGR(strings.Join(lines, "\n"))
}

// statusMessage is the status bar's message: the latest note, else a
// standing notice: the shared race's while following, else the model's own
// (where students connect).
func (m Model) statusMessage() string {
	if m.message != "" {
		return m.message
	}
	return m.standingNotice()
}

// standingNotice is what the status bar says when no note does: the shared
// race's notice while following, else the model's own.
func (m Model) standingNotice() string {
	if m.following {
		return m.sharedNotice
	}
	return m.notice
}

// withEditor lays the open editor, if any, over the screen's lines.
func (m Model) withEditor(lines []string, w int) []string {
	if m.editing == editNone {
		return lines
	}
	return views.Overlay(lines, m.editor.Lines(m.styles, min(w-4, 110), len(lines)), w)
}

// neuronStatus is the status bar of the neuron screen.
func (m Model) neuronStatus(w int) string {
	hints := statusHints(append(m.neuron.ShortHelp(), m.keys.NextScreen, m.keys.Help, m.keys.Quit))
	it := m.neuron.Lesson().Iteration()
	title := "neuron lesson · iteration " + strconv.Itoa(it.N)
	if m.onChange != nil {
		// Viewers see the race, not this lesson: each has their own.
		title += " · " + strconv.Itoa(m.viewers) + " watching the race"
	}
	return views.LessonStatusBar(m.styles, title, m.statusMessage(), hints, w)
}

// fullHelp is the help of the screen on view: for a viewer following the
// shared race, only the keys a viewer may use.
func (m Model) fullHelp() [][]key.Binding {
	if m.following && m.screen != screenNeuron {
		k := m.keys
		return [][]key.Binding{
			{k.Fork, k.Focus, k.Zoom, k.Unzoom, k.Content},
			{k.NextScreen, k.PrevScreen, k.Convergence, k.Help, k.Quit},
		}
	}
	if m.screen == screenNeuron {
		edit, defaults := m.keys.Edit, m.keys.Defaults
		edit.SetHelp(edit.Help().Key, "edit the neuron's numbers")
		defaults.SetHelp(defaults.Help().Key, "the lecture's neuron")
		return append(m.neuron.FullHelp(), []key.Binding{edit, defaults, m.keys.NextScreen, m.keys.PrevScreen, m.keys.Help, m.keys.Quit})
	}
	k := m.keys
	if m.confirmQuit {
		k.Quit.SetHelp(k.Quit.Help().Key, "quit: ends the class") // the presenter's
	}
	k.Fork.SetEnabled(false) // f is the landscape here; fork is for a following viewer
	k.Rejoin.SetEnabled(m.viewer)
	k.Export.SetEnabled(!m.remote) // the server writes no files for remote users
	return k.FullHelp()
}

// mode names whose race is on screen, for the status bar.
func (m Model) mode() string {
	switch {
	case m.following:
		return "LIVE"
	case m.viewer:
		return "your copy · w rejoins"
	case m.onChange != nil:
		return strconv.Itoa(m.viewers) + " watching" // short, so that where students join fits on 80 columns
	}
	return ""
}

// hints are the status bar's key hints, and how many of the last ones it
// keeps whenever anything fits: help and quit, and for a following viewer
// the fork too, its one way to a race of its own.
func (m Model) hints() ([]views.Hint, int) {
	if m.following {
		if m.message == driveRefused { // the note says f forks
			return statusHints([]key.Binding{m.keys.Focus, m.keys.NextScreen, m.keys.Help, m.keys.Quit}), 2
		}
		return statusHints([]key.Binding{m.keys.Focus, m.keys.NextScreen, m.keys.Fork, m.keys.Help, m.keys.Quit}), 3
	}
	// A viewer's own copy has the race's hints: its mode, always shown,
	// says w rejoins.
	return statusHints(m.keys.ShortHelp()), 2
}

// statusHints are the hints of a status bar, which names one key per action
// ("space", not "space/→/l/n"); ? help lists them all.
func statusHints(bs []key.Binding) []views.Hint {
	hints := hintsOf(bs)
	for i := range hints {
		hints[i].Key, _, _ = strings.Cut(hints[i].Key, "/")
	}
	return hints
}

// hintsOf turns the enabled bindings into key hints.
func hintsOf(bs []key.Binding) []views.Hint {
	hints := make([]views.Hint, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			hints = append(hints, views.Hint{Key: b.Help().Key, Desc: b.Help().Desc})
		}
	}
	return hints
}
