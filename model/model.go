// Package model holds optirace's bubbletea models: the race, its key map and
// the state of the screens. Rendering lives in views; math in optimizers.
package model

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/optirace/optirace/export"
	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/views"
)

// DefaultMaxSteps is where auto-play stops if the race has not ended.
const DefaultMaxSteps = 1000

// Options configure a Model.
type Options struct {
	// Settings and Objective define the race; the zero Objective means x².
	Settings  optimizers.Settings
	Objective optimizers.Objective
	// Tol is the finish line's tolerance (0 means race.DefaultTol).
	Tol float64
	// MaxSteps is where auto-play stops (0 means DefaultMaxSteps).
	MaxSteps int
	// ASCII draws charts and borders with ASCII characters only.
	ASCII bool
	// Renderer builds the styles; nil means lipgloss.DefaultRenderer().
	Renderer *lipgloss.Renderer
	// Remote marks an SSH session: the server never writes files for it,
	// so x (export) is refused.
	Remote bool

	// Viewer makes the model follow a shared race, delivered as
	// SharedRaceMsg, instead of driving its own: its keys may focus, zoom and
	// switch screens, fork a private copy (f) and rejoin (w).
	Viewer bool
	// Start, when set, is where the model's own race begins: a private copy
	// of that race at its step, at its speed, paused (a presenter who
	// reconnects carries on).
	Start *race.Frozen
	// OnChange, when set, is called with a frozen copy of the race after
	// every change (of the race, or of its play state): the presenter of a
	// shared race publishes through it. It runs on the program's goroutine
	// and must not block.
	OnChange func(*race.Frozen)
	// ConfirmQuit asks for q (or ctrl+c) twice while anyone is watching: for
	// a presenter whose quitting ends the class.
	ConfirmQuit bool
	// OnQuit, when set, is called when the user quits with a key (not when
	// the program is ended from outside): a presenter's quitting ends the
	// class.
	OnQuit func()
	// Notice is shown in the status bar whenever no other message is (e.g.
	// where students connect).
	Notice string
}

// SharedRaceMsg delivers the shared race's latest state to a viewer, and a
// standing notice about it (e.g. that the presenter left; "": none) that
// the status bar shows while following.
type SharedRaceMsg struct {
	Race   *race.Frozen
	Notice string
}

// ViewersMsg tells the presenter how many viewers are connected.
type ViewersMsg struct{ Count int }

// speeds are the auto-play rates `+` and `-` step through, in steps per second.
var speeds = []int{1, 2, 3, 5, 10, 20, 30, 60}

const defaultSpeed = 3 // index into speeds: 5 steps per second

// screen is what the model shows; tab cycles through them.
type screen int

const (
	screenRace screen = iota
	screenLeaderboard
	screenConvergence
	screenNeuron
	numScreens
)

// Model is the whole optirace program.
type Model struct {
	// race is the model's own race; nil for a viewer that has not forked.
	race *race.Race
	// shared is the latest state of the race a viewer follows.
	shared       *race.Frozen
	sharedNotice string
	// notice is the standing note of Options.Notice.
	notice string
	// noteID ties a note's lapse timer to the note (see noteLapse).
	noteID int
	onQuit func()
	// done is set once the model has asked to quit: keys after it in the
	// same burst do nothing.
	done      bool
	following bool
	viewer    bool
	// justForked is set by a viewer's fork until the next key: f, which
	// forked, now changes the landscape, and a second f at once must not
	// restart the copy unasked.
	justForked bool
	onChange   func(*race.Frozen)
	viewers    int
	message    string
	// confirmQuit asks for q twice; quitting is set after the first, until
	// the next key or quitWindow later (quitID ties the timer to it).
	confirmQuit, quitting bool
	quitID                int

	tol      float64
	maxSteps int
	remote   bool

	keys        KeyMap
	styles      *views.Styles
	raceView    *views.RaceView
	convergence *views.ConvergenceView
	// neuron is the neuron lesson; each session has its own, even a viewer
	// of a shared race.
	neuron Neuron

	// editing says what the open editor edits; editParams are the race
	// parameters behind its fields.
	editing    editTarget
	editor     Editor
	editParams []optimizers.Param

	width, height int

	screen   screen
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

// New returns a model at t = 0, or an error naming a setting out of range.
func New(opts Options) (Model, error) {
	obj := opts.Objective
	if obj.F == nil {
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
	var r *race.Race
	speed := defaultSpeed
	switch {
	case opts.Viewer:
	case opts.Start != nil:
		r = opts.Start.Fork()
		if sps := opts.Start.Tempo.StepsPerSecond; sps > 0 {
			speed = speedIndex(sps)
		}
	default:
		var err error
		if r, err = race.New(opts.Settings, obj, race.WithTol(tol)); err != nil {
			return Model{}, err
		}
	}
	renderer := opts.Renderer
	if renderer == nil {
		renderer = lipgloss.DefaultRenderer()
	}
	styles := views.DefaultStyles(renderer)
	styles.ASCII = opts.ASCII
	keys := DefaultKeyMap()
	keys.Fork.SetEnabled(opts.Viewer)
	keys.Rejoin.SetEnabled(opts.Viewer)
	message := ""
	switch {
	case r == nil || !r.Over():
	case r.T() == 0:
		message = overAtStart
	default: // a presenter reconnecting to a race that has ended
		message = raceResult(r, "race over")
	}
	return Model{
		message:     message,
		race:        r,
		viewer:      opts.Viewer,
		following:   opts.Viewer,
		onChange:    opts.OnChange,
		confirmQuit: opts.ConfirmQuit,
		onQuit:      opts.OnQuit,
		notice:      opts.Notice,
		tol:         tol,
		maxSteps:    maxSteps,
		remote:      opts.Remote,
		keys:        keys,
		styles:      &styles,
		raceView:    views.NewRaceView(&styles),
		convergence: views.NewConvergenceView(&styles),
		neuron:      NewNeuron(keys, &styles),
		speed:       speed,
		cache:       &frameCache{},
	}, nil
}

// editTarget is what the editor is editing.
type editTarget int

const (
	editNone editTarget = iota
	editRace
	editNeuron
)

// speedIndex returns the index of the speed nearest sps steps per second.
func speedIndex(sps int) int {
	best := defaultSpeed
	for i, v := range speeds {
		if abs(v-sps) < abs(speeds[best]-sps) {
			best = i
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// viewersText is "1 viewer" or "n viewers".
func viewersText(n int) string {
	if n == 1 {
		return "1 viewer"
	}
	return strconv.Itoa(n) + " viewers"
}

// noteLapse is how long a note hides a standing notice.
const noteLapse = 10 * time.Second

// noteLapsedMsg clears the note set with the same id, if it still shows.
type noteLapsedMsg struct{ id int }

// quitWindow is how long the question "q again to end class" stays asked.
const quitWindow = 4 * time.Second

// quitExpiredMsg drops the quit question asked with the same id, if it is
// still asked.
type quitExpiredMsg struct{ id int }

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
	tempo := m.tempo()
	m2, cmd := m.update(msg)
	if m2.message != m.message && m2.message != "" && (m2.standingNotice() != "" || m2.following) {
		// A note hides the standing notice (where students connect, that
		// the presenter is away), or a following viewer's key hints: it
		// lapses after a while to show them again.
		m2.noteID++
		id := m2.noteID
		cmd = tea.Batch(cmd, tea.Tick(noteLapse, func(time.Time) tea.Msg { return noteLapsedMsg{id: id} }))
	}
	if m2.onChange != nil && m2.race != nil && (m2.race.Version() != before || m2.tempo() != tempo) {
		m2.onChange(m2.Frozen())
	}
	return m2, cmd
}

// Frozen returns a frozen copy of the model's own race with its play state,
// as OnChange delivers it (nil for a viewer that has not forked): a presenter
// publishes it as it starts.
func (m Model) Frozen() *race.Frozen {
	if m.race == nil {
		return nil
	}
	f := m.race.Freeze()
	f.Tempo = m.tempo()
	return f
}

// tempo is how this model steps its race.
func (m Model) tempo() race.Tempo {
	return race.Tempo{Playing: m.playing, StepsPerSecond: speeds[m.speed]}
}

// shownTempo is the play state the status bar shows: the presenter's while
// following a shared race.
func (m Model) shownTempo() race.Tempo {
	if m.following && m.shared != nil {
		return m.shared.Tempo
	}
	return m.tempo()
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case SharedRaceMsg:
		prev := m.shared
		m.shared, m.sharedNotice = msg.Race, msg.Notice
		if m.following && prev != nil && msg.Race != nil && msg.Race.T() != prev.T() {
			// A viewer's note (a refused key) lasts until the race moves on;
			// the step that ends it says who won, as it does the presenter.
			m.message = ""
			if msg.Race.Over() && !prev.Over() {
				m.message = raceResult(msg.Race, "race over")
			}
		}
		if m.following && prev == nil && msg.Race != nil && msg.Race.Over() {
			// A latecomer hears how the race it joined ended.
			m.message = raceResult(msg.Race, "race over")
		}
		return m, nil
	case ViewersMsg:
		m.viewers = msg.Count
		return m, nil
	case noteLapsedMsg:
		if msg.id == m.noteID && !m.quitting { // a question is answered, not lapsed
			m.message = ""
		}
		return m, nil
	case quitExpiredMsg:
		if m.quitting && msg.id == m.quitID {
			m.quitting = false
			m.message = "the class goes on"
		}
		return m, nil
	case exportedMsg:
		if msg.err != nil {
			m.message = "export failed: " + msg.err.Error()
		} else {
			span := "t = 0"
			if msg.t > 0 {
				span += "…" + strconv.Itoa(msg.t)
			}
			m.message = "exported " + span + " to " + msg.path
		}
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		m.neuron.SetSize(m.width, max(m.height-1, 0)) // above the status bar
		if strings.HasPrefix(m.message, contentNote) {
			m.message = m.shownNote() // what the panels show here
		}
		return m, nil
	case tickMsg:
		if !m.playing || msg.id != m.tickID || m.following {
			return m, nil
		}
		// Play stops where the race ends, or, playing on after it, at the
		// step limit or when nothing can move any more.
		wasOver := m.race.Over()
		m.race.Step()
		if (!wasOver && m.race.Over()) || m.race.T() >= m.maxSteps || allDiverged(m.race) {
			m.playing = false
			m.message = m.result()
			m.quitting = false // the question it replaces is no longer asked
			return m, nil
		}
		return m, m.tickCmd()
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			return m.handleBurst(msg.Runes)
		}
		return m.handleKey(msg)
	}
	return m, nil
}

// handleBurst handles keys that arrived together. bubbletea v1 delivers
// runes read in one go (fast typing, tmux send-keys, an SSH client's
// buffer) as one message; each is a key press here.
func (m Model) handleBurst(rs []rune) (Model, tea.Cmd) {
	cmds := make([]tea.Cmd, 0, len(rs))
	for _, r := range rs {
		if m.done {
			break
		}
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			k.Type = tea.KeySpace
		}
		var cmd tea.Cmd
		m, cmd = m.handleKey(k)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// result sums up the race for the status bar.
func (m Model) result() string {
	head := "race over"
	if !m.race.Over() {
		head = "step limit " + strconv.Itoa(m.maxSteps)
	}
	return raceResult(m.race, head)
}

// raceResult sums up race r after head: who won, or that nobody finished.
func raceResult(r race.Reader, head string) string {
	st := race.Standings(r)
	if !st[0].Finished() {
		return head + " · nobody finished"
	}
	var winners []string
	for _, s := range st {
		if s.Rank == 1 {
			winners = append(winners, s.Kind.String())
		}
	}
	at := " at t = " + strconv.Itoa(st[0].FinishedAt)
	if len(winners) > 1 {
		return head + " · " + strings.Join(winners, ", ") + " tied" + at
	}
	return head + " · " + winners[0] + " won" + at
}

// handleKey handles one key: in a window too small to show it, in the
// editor, over the help, then by screen and role (a following viewer only
// looks), and last the keys that drive the race.
func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	if m.hidden(msg) {
		// The window is too small to show what the key would change: only
		// leaving (and, on the neuron screen, leaving it) works. A question
		// asked stays asked: the small screen shows it.
		if key.Matches(msg, k.Quit) {
			return m.quit(msg, m.quitting)
		}
		return m, nil
	}
	// The quit question is answered by the very next key, or dropped.
	armed := m.quitting
	m.quitting = false
	forked := m.justForked
	m.justForked = false
	if m.editing != editNone {
		if msg.Type == tea.KeyCtrlC {
			return m.quit(msg, armed)
		}
		return m.updateEditor(msg), nil
	}
	m.message = ""
	if m.showHelp && msg.Type != tea.KeyCtrlC {
		// The help covers the screen: any key, q too, closes it rather
		// than act unseen behind it.
		m.showHelp = false
		return m, nil
	}
	if m.screen == screenNeuron {
		if cmd, ok := m.neuronKey(msg); ok {
			return m, cmd
		}
	}
	if m.following && m.followerKey(msg) {
		return m, nil
	}
	if key.Matches(msg, k.Quit) {
		return m.quit(msg, armed)
	}
	if forked && key.Matches(msg, k.Landscape) {
		m.message = "this is your copy now: f again changes its landscape and restarts it"
		return m, nil
	}
	if m.viewKey(msg) {
		return m, nil
	}
	cmd := m.raceKey(msg)
	return m, cmd
}

// driveRefused is a following viewer's note for a key that would drive the
// shared race: it says how to get a race of one's own.
const driveRefused = "the presenter drives this race · f forks your own copy"

// The key handlers below change the model in place (a Model is big to copy
// on every key).

// neuronKey handles the keys the neuron screen gives its own meaning, and
// refuses the race's; ok is false for the keys it leaves to the others.
func (m *Model) neuronKey(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Step, k.Back, k.Reset):
		m.neuron, cmd = m.neuron.Update(msg)
	case key.Matches(msg, k.Edit):
		*m = m.openNeuronEditor()
	case key.Matches(msg, k.Defaults):
		_ = m.neuron.SetParams(neuron.Lecture())
		m.message = "the lecture's neuron"
	case drivesRace(k, msg), key.Matches(msg, k.Export, k.Zoom, k.Content, k.Focus):
		m.message = "that key is for the race · tab to it"
	default:
		return nil, false
	}
	return cmd, true
}

// followerKey handles a following viewer's fork, and refuses the keys that
// would drive the shared race; it reports false for the keys it leaves to
// the others.
func (m *Model) followerKey(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, m.keys.Fork):
		if m.shared != nil {
			m.race = m.shared.Fork()
			m.following, m.playing = false, false
			m.speed = speedIndex(m.shared.Tempo.StepsPerSecond)
			m.message = "forked at t = " + strconv.Itoa(m.race.T())
			m.justForked = true
		}
	case drivesRace(m.keys, msg):
		m.message = driveRefused
	default:
		return false
	}
	return true
}

// viewKey handles the keys that change only what is on screen: help,
// screens, focus, zoom and panel content; it reports false for the others.
func (m *Model) viewKey(msg tea.KeyMsg) bool {
	k := m.keys
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
	case key.Matches(msg, k.Unzoom):
		switch {
		case m.screen != screenRace:
			m.screen = screenRace
		default:
			m.zoomed = false
		}
	case key.Matches(msg, k.NextScreen):
		*m = m.show((m.screen + 1) % numScreens)
	case key.Matches(msg, k.PrevScreen):
		*m = m.show((m.screen + numScreens - 1) % numScreens)
	case key.Matches(msg, k.Convergence):
		if m.screen == screenConvergence {
			m.screen = screenRace
		} else {
			m.screen = screenConvergence
		}
	case key.Matches(msg, k.Focus):
		m.focus = optimizers.Kind(slices.Index(k.Focus.Keys(), msg.String()))
	case key.Matches(msg, k.Zoom):
		m.screen, m.zoomed = screenRace, !m.zoomed
	case key.Matches(msg, k.Content):
		// The next content that changes what the panels show here.
		shown := views.Shown(m.content, m.zoomed, m.width, m.height-1)
		for range 2 {
			m.content = (m.content + 1) % 3
			if views.Shown(m.content, m.zoomed, m.width, m.height-1) != shown {
				break
			}
		}
		m.message = m.shownNote()
	default:
		return false
	}
	return true
}

// raceKey handles the keys that drive the model's own race: step, back,
// reset, play and speed, edits and restarts, export, and a viewer's rejoin.
func (m *Model) raceKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Export):
		if m.remote {
			m.message = "x is off over SSH: the server writes no files"
			return nil
		}
		if r := m.reader(); r != nil {
			m.message = "exporting…"
			return exportCmd(r)
		}
	case key.Matches(msg, k.Edit):
		*m = m.openRaceEditor()
	case key.Matches(msg, k.Defaults):
		*m = m.restoreDefaults()
	case key.Matches(msg, k.Landscape):
		*m = m.nextLandscape()
	case key.Matches(msg, k.X0Down), key.Matches(msg, k.X0Up):
		*m = m.moveX0(key.Matches(msg, k.X0Up))
	case m.viewer && key.Matches(msg, k.Rejoin):
		if m.following {
			m.message = "already following the live race"
			break
		}
		m.following, m.playing = true, false
		m.tickID++
	case key.Matches(msg, k.Step):
		if allDiverged(m.race) {
			m.message = "every optimizer has diverged: [ ] move x₀, e edits, d brings back the lecture's"
			return nil
		}
		over := m.race.Over()
		m.race.Step()
		if !over && m.race.Over() {
			m.message = m.result()
		}
	case key.Matches(msg, k.Back):
		if m.playing { // stepping back pauses, or play would undo it at once
			m.playing = false
			m.tickID++
		}
		if m.race.T() == 0 {
			m.message = "at t = 0: nothing to step back"
		}
		m.race.Back()
	case key.Matches(msg, k.Reset):
		m.race.Reset()
		m.restarted("")
	case key.Matches(msg, k.Play):
		var cmd tea.Cmd
		*m, cmd = m.togglePlay()
		return cmd
	case key.Matches(msg, k.Faster), key.Matches(msg, k.Slower):
		switch faster := key.Matches(msg, k.Faster); {
		case faster && m.speed == len(speeds)-1:
			m.message = "already the fastest: " + strconv.Itoa(speeds[m.speed]) + " steps a second"
		case !faster && m.speed == 0:
			m.message = "already the slowest: 1 step a second"
		case faster:
			m.speed++
		default:
			m.speed--
		}
		if m.playing {
			m.tickID++
			return m.tickCmd()
		}
	}
	return nil
}

// contentNote starts the note that says what the panels show.
const contentNote = "panels show "

func (m Model) shownNote() string {
	return contentNote + views.Shown(m.content, m.zoomed, m.width, m.height-1).String()
}

// quit quits, or, for a presenter with viewers, asks for the key again
// first: a slip must not end the class.
func (m Model) quit(msg tea.KeyMsg, armed bool) (Model, tea.Cmd) {
	if m.confirmQuit && !armed && m.viewers > 0 {
		m.quitting = true
		m.quitID++
		m.message = msg.String() + " again to end class for " + viewersText(m.viewers)
		id := m.quitID
		return m, tea.Tick(quitWindow, func(time.Time) tea.Msg { return quitExpiredMsg{id: id} })
	}
	if m.onQuit != nil && !m.done {
		m.onQuit()
	}
	m.done = true
	return m, tea.Quit
}

// show switches to screen s. The neuron lesson pauses the race's auto-play:
// the race should not run on, and end, out of sight.
func (m Model) show(s screen) Model {
	m.screen = s
	if s == screenNeuron && m.playing {
		m.playing = false
		m.tickID++
	}
	return m
}

// hidden reports whether msg would act unseen: the window is too small to
// draw the app, or the neuron screen, where only the keys that leave that
// screen are seen to act.
func (m Model) hidden(msg tea.KeyMsg) bool {
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
	k := m.keys
	if m.editing != editNone {
		return msg.Type != tea.KeyEsc // esc cancels the editor, and the screen says why it is small
	}
	return !key.Matches(msg, k.NextScreen, k.PrevScreen, k.Unzoom, k.Convergence, k.Help, k.Quit)
}

// togglePlay starts or stops auto-play; it plays to the end of the race.
func (m Model) togglePlay() (Model, tea.Cmd) {
	m.tickID++
	if m.playing {
		m.playing = false
		return m, nil
	}
	if m.race.T() >= m.maxSteps || allDiverged(m.race) {
		m.message = m.result() + " · r resets"
		return m, nil
	}
	// After the race, p plays on to the step limit: RMSProp's bouncing,
	// AdaGrad's slowing down go on after they cross the line.
	if m.race.Over() {
		m.message = "the race is over · playing on to t = " + strconv.Itoa(m.maxSteps) + " · p pauses"
	}
	m.playing = true
	return m, m.tickCmd()
}

// allDiverged reports whether every runner of r has diverged: stepping
// would change nothing.
func allDiverged(r race.Reader) bool {
	for _, k := range optimizers.Kinds() {
		if !r.Runner(k).Diverged() {
			return false
		}
	}
	return true
}

// drivesRace reports whether msg is a key that changes the race.
func drivesRace(k KeyMap, msg tea.KeyMsg) bool {
	for _, b := range []key.Binding{
		k.Step, k.Back, k.Reset, k.Play, k.Faster, k.Slower,
		k.Edit, k.Defaults, k.Landscape, k.X0Down, k.X0Up,
	} {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// exportedMsg reports where an export went.
type exportedMsg struct {
	path string
	t    int
	err  error
}

// exportCmd writes the race from t = 0 to its current step to a CSV file in
// the working folder, off the update loop (it replays the race).
func exportCmd(r race.Reader) tea.Cmd {
	s, obj, t := r.Settings(), r.Objective(), r.T()
	return func() tea.Msg {
		path, err := export.WriteRaceCSV(".", time.Now(), s, obj, t)
		return exportedMsg{path: path, t: t, err: err}
	}
}

// Race returns the model's own race (nil for a viewer that has not forked).
func (m Model) Race() *race.Race { return m.race }

// Following reports whether the model shows the shared race.
func (m Model) Following() bool { return m.following }
