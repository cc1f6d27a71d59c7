// Package model holds optirace's bubbletea models: the race, its key map and
// the state of the screens. Rendering lives in views; math in optimizers.
package model

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

// Options configure a Model.
type Options struct {
	// Settings and Objective define the race; the zero Objective means x².
	Settings  optimizers.Settings
	Objective optimizers.Objective
	// ASCII draws charts and borders with ASCII characters only.
	ASCII bool
	// Renderer builds the styles; nil means lipgloss.DefaultRenderer().
	Renderer *lipgloss.Renderer

	// Viewer makes the model follow a shared race, delivered as
	// SharedRaceMsg, instead of driving its own: its keys may focus, zoom and
	// switch screens, fork a private copy (f) and rejoin (w).
	Viewer bool
	// OnChange, when set, is called with a frozen copy of the race after
	// every change: the presenter of a shared race publishes through it. It
	// runs on the program's goroutine and must not block.
	OnChange func(*race.Frozen)
}

// SharedRaceMsg delivers the shared race's latest state to a viewer.
type SharedRaceMsg struct{ Race *race.Frozen }

// ViewersMsg tells the presenter how many viewers are connected.
type ViewersMsg struct{ Count int }

// speeds are the auto-play rates `+` and `-` step through, in steps per second.
var speeds = []int{1, 2, 3, 5, 10, 20, 30, 60}

const defaultSpeed = 3 // index into speeds: 5 steps per second

// Model is the whole optirace program.
type Model struct {
	// race is the model's own race; nil for a viewer that has not forked.
	race *race.Race
	// shared is the latest state of the race a viewer follows.
	shared    *race.Frozen
	following bool
	viewer    bool
	onChange  func(*race.Frozen)
	viewers   int
	message   string

	keys   KeyMap
	help   help.Model
	styles *views.Styles
	view   *views.RaceView

	width, height int

	focus    optimizers.Kind
	zoomed   bool
	content  views.Content
	showHelp bool

	playing bool
	speed   int // index into speeds
	tickID  int

	// cache holds the last frame: bubbletea calls View after every message,
	// and most messages change nothing on screen.
	cache *frameCache
}

// frameCache is the last frame View drew and everything it depended on.
type frameCache struct {
	key   frameKey
	frame string
}

type frameKey struct {
	race                  race.Reader
	message               string
	viewers               int
	t, width, height      int
	focus                 optimizers.Kind
	zoomed, help, playing bool
	content               views.Content
	speed                 int
	version               int
}

// New returns a model at t = 0, or an error naming a setting out of range.
func New(opts Options) (Model, error) {
	obj := opts.Objective
	if obj.F == nil {
		obj = optimizers.Quadratic()
	}
	var r *race.Race
	if !opts.Viewer {
		var err error
		if r, err = race.New(opts.Settings, obj); err != nil {
			return Model{}, err
		}
	}
	renderer := opts.Renderer
	if renderer == nil {
		renderer = lipgloss.DefaultRenderer()
	}
	styles := views.DefaultStyles(renderer)
	h := help.New()
	h.Styles = help.Styles{
		ShortKey:       styles.StatusKey,
		ShortDesc:      styles.Dim,
		ShortSeparator: styles.Dim,
		Ellipsis:       styles.Dim,
		FullKey:        styles.StatusKey,
		FullDesc:       styles.Dim,
		FullSeparator:  styles.Dim,
	}
	keys := DefaultKeyMap()
	keys.Fork.SetEnabled(opts.Viewer)
	keys.Rejoin.SetEnabled(opts.Viewer)
	return Model{
		race:      r,
		viewer:    opts.Viewer,
		following: opts.Viewer,
		onChange:  opts.OnChange,
		keys:      keys,
		help:      h,
		styles:    &styles,
		view:      views.NewRaceView(&styles, opts.ASCII),
		speed:     defaultSpeed,
		cache:     &frameCache{},
	}, nil
}

// tickMsg asks for one auto-play step; id ties it to the play loop that sent
// it, so that a stale tick (from before a pause or speed change) is dropped.
type tickMsg struct{ id int }

func (m Model) tickCmd() tea.Cmd {
	id := m.tickID
	return tea.Tick(time.Second/time.Duration(speeds[m.speed]), func(time.Time) tea.Msg { return tickMsg{id: id} })
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return nil }

// reader returns the race on screen: the shared one while following, else
// the model's own.
func (m Model) reader() race.Reader {
	if m.following {
		if m.shared == nil {
			return nil
		}
		return m.shared
	}
	return m.race
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	before := -1
	if m.race != nil {
		before = m.race.Version()
	}
	m2, cmd := m.update(msg)
	if m2.onChange != nil && m2.race != nil && m2.race.Version() != before {
		m2.onChange(m2.race.Freeze())
	}
	return m2, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case SharedRaceMsg:
		m.shared = msg.Race
		return m, nil
	case ViewersMsg:
		m.viewers = msg.Count
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		m.help.Width = m.width
		return m, nil
	case tickMsg:
		if !m.playing || msg.id != m.tickID || m.following {
			return m, nil
		}
		m.race.Step()
		return m, m.tickCmd()
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	m.message = ""
	if m.following && drivesRace(k, msg) {
		m.message = "the presenter drives this race · f forks your own copy"
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case m.viewer && m.following && key.Matches(msg, k.Fork):
		if m.shared != nil {
			m.race = m.shared.Fork()
			m.following, m.playing = false, false
			m.message = "your own copy from t = " + strconv.Itoa(m.race.T()) + " · w rejoins the live race"
		}
	case m.viewer && !m.following && key.Matches(msg, k.Rejoin):
		m.following, m.playing = true, false
		m.tickID++
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
	case key.Matches(msg, k.Unzoom):
		if m.showHelp {
			m.showHelp = false
		} else {
			m.zoomed = false
		}
	case key.Matches(msg, k.Step):
		m.race.Step()
	case key.Matches(msg, k.Back):
		m.race.Back()
	case key.Matches(msg, k.Reset):
		m.race.Reset()
	case key.Matches(msg, k.Play):
		m.playing = !m.playing
		m.tickID++
		if m.playing {
			return m, m.tickCmd()
		}
	case key.Matches(msg, k.Faster), key.Matches(msg, k.Slower):
		if key.Matches(msg, k.Faster) {
			m.speed = min(m.speed+1, len(speeds)-1)
		} else {
			m.speed = max(m.speed-1, 0)
		}
		if m.playing {
			m.tickID++
			return m, m.tickCmd()
		}
	case key.Matches(msg, k.Focus):
		m.focus = optimizers.Kind(msg.String()[0] - '1')
	case key.Matches(msg, k.Zoom):
		m.zoomed = !m.zoomed
	case key.Matches(msg, k.Content):
		m.content = (m.content + 1) % 3
	}
	return m, nil
}

// drivesRace reports whether msg is a key that changes the race.
func drivesRace(k KeyMap, msg tea.KeyMsg) bool {
	for _, b := range []key.Binding{k.Step, k.Back, k.Reset, k.Play, k.Faster, k.Slower} {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// View implements tea.Model.
func (m Model) View() string {
	r := m.reader()
	k := frameKey{
		race: r, width: m.width, height: m.height, message: m.message, viewers: m.viewers,
		focus: m.focus, zoomed: m.zoomed, help: m.showHelp, playing: m.playing,
		content: m.content, speed: m.speed,
	}
	if r != nil {
		k.t, k.version = r.T(), r.Version()
	}
	if m.cache.key == k && m.cache.frame != "" {
		return m.cache.frame
	}
	m.cache.key, m.cache.frame = k, m.render()
	return m.cache.frame
}

func (m Model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < views.MinWidth || h < views.MinHeight {
		return views.TooSmall(m.styles, w, h)
	}
	r := m.reader()
	if r == nil {
		return views.Waiting(m.styles, "waiting for the presenter's race…", w, h)
	}
	var helpLines []string
	if m.showHelp {
		for _, line := range strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n") {
			helpLines = append(helpLines, views.Fit(line, w))
		}
		helpLines = helpLines[:min(len(helpLines), h-views.MinHeight+1)]
	}
	bodyH := h - 1 - len(helpLines)
	lines := m.view.Render(views.RaceState{
		Race: r, Focus: m.focus, Zoomed: m.zoomed, Content: m.content,
	}, w, bodyH)
	lines = append(lines, helpLines...)
	lines = append(lines, views.StatusBar(m.styles, views.Status{
		T:        r.T(),
		Playing:  m.playing,
		Speed:    speeds[m.speed],
		Function: r.Objective().Formula,
		X0:       r.Settings().X0,
		Message:  m.message,
		Mode:     m.mode(),
		Hints:    m.hints(),
	}, w))
	return strings.Join(lines, "\n")
}

// mode names whose race is on screen, for the status bar.
func (m Model) mode() string {
	switch {
	case m.following:
		return "LIVE · presenter's race"
	case m.viewer:
		return "your copy"
	case m.onChange != nil:
		return "presenting to " + strconv.Itoa(m.viewers) + " viewers"
	}
	return ""
}

func (m Model) hints() []views.Hint {
	bs := m.keys.ShortHelp()
	switch {
	case m.following:
		bs = []key.Binding{m.keys.Fork, m.keys.Focus, m.keys.Zoom, m.keys.Help, m.keys.Quit}
	case m.viewer:
		bs = append([]key.Binding{m.keys.Rejoin}, bs...)
	}
	hints := make([]views.Hint, 0, len(bs))
	for _, b := range bs {
		hints = append(hints, views.Hint{Key: b.Help().Key, Desc: b.Help().Desc})
	}
	return hints
}

// Race returns the model's own race (nil for a viewer that has not forked).
func (m Model) Race() *race.Race { return m.race }

// Following reports whether the model shows the shared race.
func (m Model) Following() bool { return m.following }
