package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

// frameCache is the last frame View drew and the key it was drawn for.
type frameCache struct {
	key   frameKey
	frame string
	// body is the screen's View as last drawn, keyed by the screen, its
	// size and its Frame: a frame that changes only below it (the class's
	// strip, the editor, the status bar: a student's answer) does not draw
	// the screen again.
	bodyKey bodyKey
	body    string
}

type bodyKey struct {
	screen screen
	w, h   int
	frame  any
}

// frameKey is everything a frame depends on, gathered from the state
// itself rather than field by field: the status bar's state whole, the
// race view whole, the race on screen with its version and play state, and
// the screen's own Frame, which holds every input of its View. A field
// added to any of them joins the key by itself.
type frameKey struct {
	width, height int
	screen        screen
	help          bool
	status        status
	view          raceView
	race          raceFrame
	tempo         race.Tempo
	viewers       int
	ownCopy       int
	following     bool
	followView    bool
	liveNotice    string
	screenFrame   any
	editor        string
	room          int
}

func (m *Model) frameKey() frameKey {
	sg := m.c.stage
	return frameKey{
		width: m.width, height: m.height, screen: m.screen, help: m.showHelp,
		status: *m.c.status, view: m.c.view, race: sg.frame(), tempo: sg.shownTempo(),
		viewers: sg.viewers, ownCopy: sg.ownCopy, following: sg.following, followView: sg.followView, liveNotice: sg.live.notice,
		screenFrame: m.screens[m.screen].Frame(), editor: m.c.editor.frame(), room: m.room.rev,
	}
}

// View implements tea.Model.
func (m *Model) View() string {
	k := m.frameKey()
	if m.cache.key == k && m.cache.frame != "" {
		return m.cache.frame
	}
	m.cache.key, m.cache.frame = k, m.render()
	if m.c.styles.ASCII {
		m.cache.frame = views.ASCIIOnly(m.cache.frame)
	}
	return m.cache.frame
}

// screenView is the screen's View, drawn again only when its Frame or
// size changed.
func (m *Model) screenView(scr Screen) string {
	c := m.cache
	k := bodyKey{screen: m.screen, w: m.c.w, h: m.c.h, frame: scr.Frame()}
	if c.body == "" || c.bodyKey != k {
		c.bodyKey, c.body = k, scr.View()
	}
	return c.body
}

// tableNote tells how to read a row of an optimizer's table, as the
// lecture's print lines read: the x an iteration reached, with what it used.
const tableNote = "A table row t: x and f(x) after iteration t, with what that iteration used, so g is f′ at the x of row t − 1."

func (m *Model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	st := m.c.status
	if w < views.MinWidth || h < views.MinHeight {
		note := ""
		if st.quitting {
			note = st.note // the presenter's "q again to end class"
		}
		return views.TooSmall(m.c.styles, note, w, h)
	}
	scr := m.screens[m.screen]
	r := m.c.stage.reader()
	if r == nil && m.screen != screenNeuron {
		return views.Waiting(m.c.styles, "waiting for the presenter's race… (tab: the neuron lesson)", w, h)
	}
	bodyH := h - 1
	var lines []string
	screenRows := 0 // the screen's own rows, above the class's strip
	if m.showHelp {
		// The help takes the screen, so that no key is ever left out.
		lines = views.HelpScreen(m.c.styles, hintsOf(flatten(scr.FullHelp())), m.helpNote(), w, bodyH)
		screenRows = len(lines)
	} else {
		lines = strings.Split(m.screenView(scr), "\n")
		screenRows = len(lines)
		lines = append(lines, m.stripLines(w)...)
		if ed := m.c.editor.editor; ed != nil {
			lines = views.Overlay(lines, ed.Lines(m.c.styles, min(w-4, 110), len(lines)), w)
		}
	}
	bar := m.statusBar(scr, r, w, true)
	// A note too long for the status bar is written in full above it, over
	// the screen's last rows (never the class's questions), until the next
	// key: a sentence cut short tells nothing. A standing notice (where
	// students connect, the presenter away) stays in the bar: it would
	// cover those rows for good.
	if msg := m.c.status.note; msg != "" && !strings.Contains(ansi.Strip(bar), m.c.styles.Spell(msg)) {
		// On a 2-D race it goes above the lanes' rows, over the map's
		// foot: the lanes are what a teacher talks about at that moment.
		end := screenRows - m.lanesBox(screenRows)
		if above := views.NoteAbove(m.c.styles, msg, w); len(above) < end {
			copy(lines[end-len(above):end], above)
			bar = m.statusBar(scr, r, w, false)
		}
	}
	return views.CompactSGR(strings.Join(append(lines, bar), "\n"))
}

// lanesBox is how many of the screen's last rows (of rows) the box of
// lanes' rows takes: on the race screen of a 2-D race, as drawn; else 0.
func (m *Model) lanesBox(rows int) int {
	r := m.c.stage.reader()
	if m.showHelp || m.screen != screenRace || r == nil || r.Objective().Dim != 2 || m.c.view.zoomed || m.c.view.content == views.LiveTable {
		return 0
	}
	return views.LaneRows2D(len(r.Labels()), rows)
}

// helpNote is the note under ? help: how to read a table, and the editor's
// keys, which listed beside the screens' tab and esc would seem to
// contradict them.
func (m *Model) helpNote() string {
	notes := []string{tableNote, m.c.keys.editorNote(true)}
	switch {
	case m.screen == screenNeuron:
		notes = []string{m.c.keys.editorNote(false)}
	case m.c.stage.following: // a live race has no editor
		notes = []string{tableNote}
	}
	if notice := m.standingNotice(); notice != "" {
		notes = append(notes, notice) // where students connect, also when a note covers it
	}
	if m.c.status.helpNote != "" {
		notes = append(notes, m.c.status.helpNote)
	}
	return strings.Join(notes, "\n") // a paragraph each
}

// statusBar is the last line: the lesson's title on a screen that has one,
// else the race's step, play state and landscape; then the note and hints.
func (m *Model) statusBar(scr Screen, r race.Reader, w int, withMessage bool) string {
	k := m.c.keys
	message := ""
	if withMessage {
		message = m.statusMessage()
	}
	if title := scr.Status(); title != "" {
		if mode := m.mode(); mode != "" {
			title += " · " + mode // a viewer on its own view of the lesson is told that w follows
		}
		hints := statusHints(append(scr.ShortHelp(), k.NextScreen, k.Help, k.Quit))
		return views.LessonStatusBar(m.c.styles, title, message, hints, w)
	}
	keep := 2 // help and quit, whenever anything fits
	if m.c.stage.following && m.c.status.note != driveRefused {
		keep = 3 // and the fork, a following viewer's way to a race of its own
	}
	tempo := m.c.stage.shownTempo()
	hints := statusHints(scr.ShortHelp())
	return views.StatusBar(m.c.styles, views.Status{
		T:        r.T(),
		Playing:  tempo.Playing,
		Speed:    tempo.StepsPerSecond,
		Function: r.Objective().Formula,
		Start:    r.Settings().Start(),
		TwoD:     r.Objective().Dim == 2,
		Message:  message,
		Mode:     m.mode(),
		Shared:   views.SharedChanges(r.Settings()),
		Hints:    hints,
		Keep:     keep,
		// The step key stays in view at every width: the one key a
		// first-time user needs.
		KeepFirst: len(hints) > 0 && hints[0].Key == statusHints([]key.Binding{k.Step})[0].Key,
	}, w)
}

// mode names whose race is on screen, for the status bar.
func (m *Model) mode() string {
	sg := m.c.stage
	switch {
	case sg.following && sg.followView:
		return "LIVE"
	case sg.following:
		return "LIVE · your view · w follows"
	case sg.role == RoleViewer:
		return "your copy · w rejoins"
	case sg.role == RolePresenter && sg.ownCopy > 0:
		return strconv.Itoa(sg.viewers-sg.ownCopy) + " watching · " + strconv.Itoa(sg.ownCopy) + " own copy"
	case sg.role == RolePresenter:
		return strconv.Itoa(sg.viewers) + " watching" // short, so that where students join fits on 80 columns
	}
	return ""
}

// flatten lists the bindings of help columns in order.
func flatten(cols [][]key.Binding) []key.Binding {
	var all []key.Binding
	for _, col := range cols {
		all = append(all, col...)
	}
	return all
}
