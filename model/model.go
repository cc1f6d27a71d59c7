// Package model holds optirace's bubbletea models: the root model, one
// component per screen, the race on screen and the one key map. Rendering
// lives in views; the math in optimizers and race.
package model

import (
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
	"github.com/optirace/optirace/wording"
)

// DefaultMaxSteps is where auto-play stops if the race has not ended.
const DefaultMaxSteps = 1000

// Options configure a Model.
type Options struct {
	// Settings and Objective define the race; the zero Objective means x².
	Settings  optimizers.Settings
	Objective optimizers.Objective
	// Lanes are the race's lanes (1 to optimizers.MaxLanes); nil means the
	// lecture's five at Settings.
	Lanes []optimizers.Lane
	// Tol is the finish line's tolerance (0 means race.DefaultTol).
	Tol float64
	// MaxSteps is where auto-play stops (0 means DefaultMaxSteps).
	MaxSteps int
	// ASCII draws charts and borders with ASCII characters only.
	ASCII bool
	// Mono draws without colour but with bold and reverse video, for
	// NO_COLOR on a terminal that shows them (see views.Styles.Mono).
	Mono bool
	// Renderer builds the styles; nil means lipgloss.DefaultRenderer().
	Renderer *lipgloss.Renderer

	// Role is who the session is (RoleLocal by default).
	Role Role
	// Remote marks an SSH session: the server never writes files for it,
	// so x (export) is refused.
	Remote bool
	// Class is a presenter's class: every change of its race is published
	// there, and quitting on purpose ends it.
	Class ClassLink
	// Room is the class's questions: a presenter asks (v, a, u), a viewer
	// answers. Without it those keys say they need a shared server.
	Room Classroom
	// Start, when set, is where a presenter's race begins: a private copy
	// of that race at its step, at its speed, paused, and its screen as
	// StartView says (a presenter who reconnects carries on).
	Start     *race.Frozen
	StartView View
	// Notice is shown in the status bar whenever no other message is (e.g.
	// where students connect).
	Notice string
	// HelpNote is added to the note under ? help, e.g. the server's host
	// key fingerprint for a presenter to read out.
	HelpNote string
}

// Model is the whole optirace program: it handles the keys every screen
// shares (quit, help, switching screens), hands the rest to the screen on
// view, and draws that screen above the status bar.
type Model struct {
	c       *common
	screens [numScreens]Screen
	screen  screen
	// showHelp covers the screen with every key.
	showHelp      bool
	width, height int
	// done is set once the model has asked to quit: keys after it in the
	// same burst do nothing.
	done bool
	// cache holds the last frame: bubbletea calls View after every message,
	// and most messages change nothing on screen.
	cache *frameCache
	// room is the session's part in its class's questions.
	room *roomState
}

// New returns a model at t = 0, or an error naming a setting out of range.
func New(opts Options) (*Model, error) {
	obj := opts.Objective
	if obj.Name == "" {
		obj = optimizers.Quadratic()
	}
	tol := opts.Tol
	if tol == 0 {
		tol = race.DefaultTol
	}
	maxSteps := opts.MaxSteps
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	renderer := opts.Renderer
	if renderer == nil {
		renderer = lipgloss.DefaultRenderer()
	}
	styles := views.DefaultStyles(renderer)
	if opts.Mono {
		styles = views.MonoStyles(renderer)
	}
	styles.ASCII = opts.ASCII
	keys := DefaultKeyMap()
	keys.Fork.SetEnabled(opts.Role == RoleViewer)
	keys.Rejoin.SetEnabled(opts.Role == RoleViewer)
	classKeys(&keys, opts.Role, opts.Room)

	st := &status{notice: opts.Notice, helpNote: opts.HelpNote}
	sg := &stage{role: opts.Role, link: opts.Class, remote: opts.Remote, maxSteps: maxSteps, st: st, keys: keys}
	switch {
	case opts.Role == RoleViewer:
		sg.following, sg.followView = true, true
	case opts.Start != nil:
		sg.own = &player{race: opts.Start.Fork(), speed: defaultSpeed}
		if sps := opts.Start.Tempo.StepsPerSecond; sps > 0 {
			sg.own.speed = speedIndex(sps)
		}
	default:
		r, err := race.New(opts.Settings, obj, race.WithTol(tol), race.WithLanes(opts.Lanes))
		if err != nil {
			return nil, err
		}
		sg.own = &player{race: r, speed: defaultSpeed}
	}
	if sg.own != nil {
		sg.home, sg.homeSet = sg.own.race.Objective().Name, sg.own.race.Settings()
	}
	if sg.own != nil && sg.own.race.Over() {
		st.note = overAtStart
		if sg.own.race.T() > 0 { // a presenter reconnecting to a race that has ended
			st.note = raceResult(sg.own.race, "race over")
		}
	}
	c := &common{styles: &styles, keys: keys, stage: sg, status: st, goTo: -1}
	m := &Model{c: c, cache: &frameCache{}, room: newRoomState(opts.Room, opts.Role)}
	m.screens = [numScreens]Screen{
		screenRace:        newRaceScreen(c),
		screenLeaderboard: newLeaderboardScreen(c),
		screenConvergence: newConvergenceScreen(c),
		screenExplain:     newExplainScreen(c),
		screenNeuron:      newNeuronScreen(c),
	}
	if opts.Start != nil {
		m.apply(opts.StartView)
	}
	return m, nil
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	sg, st := m.c.stage, m.c.status
	note := st.note
	cmd := m.update(msg)
	if st.note != note && st.note != "" && (m.standingNotice() != "" || sg.following) {
		// A note hides the standing notice (where students connect, that
		// the presenter is away), or a following viewer's key hints: it
		// lapses after a while to show them again.
		st.noteID++
		id := st.noteID
		cmd = tea.Batch(cmd, tea.Tick(noteLapse, func(time.Time) tea.Msg { return noteLapsedMsg{id: id} }))
	}
	if sg.role == RolePresenter {
		sg.publish(m.view())
	}
	m.layout() // the class strip may have come or gone
	return m, cmd
}

// view is how the screen looks at the race now, as a presenter's class
// follows it.
func (m *Model) view() View {
	return View{screen: m.screen, race: m.c.view, lesson: m.neuron().place()}
}

// apply shows the race as v says: a viewer following its presenter's
// screen, or a presenter back from a dropped connection.
func (m *Model) apply(v View) {
	if v.screen != m.screen {
		m.show(v.screen)
	}
	m.c.view = v.race
	m.neuron().goTo(v.lesson)
}

// neuron is the neuron lesson's screen.
func (m *Model) neuron() *neuronScreen { return m.screens[screenNeuron].(*neuronScreen) }

// Frozen returns a frozen copy of the model's own race with its play
// state, as a presenter publishes it (nil for a viewer that has not
// forked): a presenter publishes it as it starts.
func (m *Model) Frozen() *race.Frozen { return m.c.stage.frozen() }

func (m *Model) update(msg tea.Msg) tea.Cmd {
	sg, st := m.c.stage, m.c.status
	switch msg := msg.(type) {
	case SharedRaceMsg:
		sg.receive(msg)
		m.receivePublic(msg.Room)
		if sg.following && sg.followView {
			m.apply(msg.View)
		}
	case ViewersMsg:
		sg.viewers, sg.ownCopy = msg.Count, msg.OwnCopy
	case NoteMsg:
		st.note = msg.Note
	case RoomMsg:
		m.receiveRoom(msg)
	case MineMsg:
		m.receiveMine(msg)
	case noteLapsedMsg:
		if msg.id == st.noteID && !st.quitting { // a question is answered, not lapsed
			st.note = ""
		}
	case quitExpiredMsg:
		if st.quitting && msg.id == st.quitID {
			st.quitting = false
			st.note = "the class goes on"
		}
	case exportedMsg:
		st.note = msg.note()
	case replayedMsg:
		sg.replayed(msg)
	case tickMsg:
		return sg.tick(msg)
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		m.layout() // above the status bar and the class strip
	case tea.KeyMsg:
		wasFollowing := sg.following && sg.followView
		before := m.view()
		var cmd tea.Cmd
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			cmd = m.handleBurst(msg.Runes)
		} else {
			cmd = m.handleKey(msg)
		}
		switch following := sg.following && sg.followView; {
		case wasFollowing && following && m.view() != before && sg.live.race != nil:
			// A viewer that looks elsewhere on its own stops following the
			// presenter's screen, until w.
			sg.followView = false // the status bar says so, and that w follows again
		case !wasFollowing && following:
			m.apply(sg.live.view) // w: the presenter's screen again
		}
		return cmd
	default:
		_, cmd := m.screens[m.screen].Update(msg)
		return cmd
	}
	return nil
}

// handleBurst handles keys that arrived together. bubbletea v1 delivers
// runes read in one go (fast typing, tmux send-keys, an SSH client's
// buffer) as one message; each is a key press here.
func (m *Model) handleBurst(rs []rune) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(rs))
	for _, r := range rs {
		if m.done {
			break
		}
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			k.Type = tea.KeySpace
		}
		cmds = append(cmds, m.handleKey(k))
	}
	return tea.Batch(cmds...)
}

// handleKey handles one key: in a window too small to show it, in the
// editor, over the help, then the keys every screen shares, and last the
// screen on view.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k, st := m.c.keys, m.c.status
	if m.hidden(msg) {
		// The window is too small to show what the key would change: only
		// leaving (and, on the neuron screen, leaving it) works. A question
		// asked stays asked: the small screen shows it.
		if matches(msg, k.Quit) {
			return m.quit(msg, st.quitting)
		}
		return nil
	}
	// The quit question is answered by the very next key, or dropped.
	armed := st.quitting
	st.quitting = false
	m.c.stage.keyPressed()
	if m.c.editor.isOpen() {
		if msg.Type == tea.KeyCtrlC {
			return m.quit(msg, armed)
		}
		return m.c.editor.update(msg, st)
	}
	st.note = ""
	if m.showHelp && msg.Type != tea.KeyCtrlC {
		// The help covers the screen: any key, q too, closes it rather
		// than act unseen behind it.
		m.showHelp = false
		return nil
	}
	if cmd, ok := m.roomKey(msg); ok {
		return cmd
	}
	switch {
	case matches(msg, k.Quit):
		return m.quit(msg, armed)
	case matches(msg, k.Help):
		m.showHelp = true
	case matches(msg, k.NextScreen):
		m.show(m.cycle(1))
	case matches(msg, k.PrevScreen):
		m.show(m.cycle(-1))
	case matches(msg, k.Convergence):
		m.toggle(screenConvergence)
	case matches(msg, k.Explain):
		m.toggle(screenExplain)
	case matches(msg, k.Unzoom) && m.screen != screenRace:
		m.show(screenRace)
	case matches(msg, k.Rejoin) && m.c.stage.role == RoleViewer:
		// On every screen, the neuron lesson's too: back to the
		// presenter's screen, or from a copy to the live race.
		m.c.stage.rejoin()
	default:
		_, cmd := m.screens[m.screen].Update(msg)
		if m.c.goTo >= 0 {
			m.show(m.c.goTo)
		}
		return cmd
	}
	return nil
}

// show switches to screen s. The neuron lesson pauses the race's auto-play:
// the race should not run on, and end, out of sight.
func (m *Model) show(s screen) {
	m.c.goTo = -1
	m.screen = s
	if s == screenNeuron {
		m.c.stage.pausePlay()
	}
}

// tabCycle is the screens tab goes through, in order; the explain screen
// is a view of the race (i), and tab leaves it as it leaves the race.
var tabCycle = []screen{screenRace, screenLeaderboard, screenConvergence, screenNeuron}

// cycle is the screen by steps along tabCycle from the one on view.
func (m *Model) cycle(by int) screen {
	at := slices.Index(tabCycle, m.screen)
	if at < 0 {
		at = 0 // the explain screen
	}
	return tabCycle[(at+by+len(tabCycle))%len(tabCycle)]
}

// toggle shows screen s, or the race if s is on view.
func (m *Model) toggle(s screen) {
	if m.screen == s {
		s = screenRace
	}
	m.show(s)
}

// quit quits, or, for a presenter with viewers, asks for the key again
// first: a slip must not end the class.
func (m *Model) quit(msg tea.KeyMsg, armed bool) tea.Cmd {
	sg, st := m.c.stage, m.c.status
	if sg.role == RolePresenter && !armed && sg.viewers > 0 {
		st.quitting = true
		st.quitID++
		st.note = msg.String() + " again to end class for " + wording.Count(sg.viewers, "viewer")
		id := st.quitID
		return tea.Tick(quitWindow, func(time.Time) tea.Msg { return quitExpiredMsg{id: id} })
	}
	if sg.link != nil && !m.done {
		sg.link.End()
	}
	m.done = true
	return tea.Quit
}

// hidden reports whether msg would act unseen: the window is too small to
// draw the app, or the neuron screen, where only the keys that leave that
// screen are seen to act.
func (m *Model) hidden(msg tea.KeyMsg) bool {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 { // no size yet: nothing is drawn, nothing to hide
		return false
	}
	if w < views.MinWidth || h < views.MinHeight {
		return true
	}
	if m.screen != screenNeuron || m.showHelp || (w >= views.NeuronMinWidth && h-1 >= views.NeuronMinHeight) {
		return false
	}
	if m.c.editor.isOpen() {
		return msg.Type != tea.KeyEsc // esc cancels the editor, and the screen says why it is small
	}
	k := m.c.keys
	return !matches(msg, k.NextScreen, k.PrevScreen, k.Unzoom, k.Convergence, k.Explain, k.Help, k.Quit)
}

// standingNotice is what the status bar says when no note does: the
// class race's notice while following, else the model's own.
func (m *Model) standingNotice() string {
	if m.c.stage.following {
		return m.c.stage.live.notice
	}
	return m.c.status.notice
}

// statusMessage is the status bar's message: the latest note, else the
// standing notice.
func (m *Model) statusMessage() string {
	if m.c.status.note != "" {
		return m.c.status.note
	}
	return m.standingNotice()
}
