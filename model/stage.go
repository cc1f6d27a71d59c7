package model

import (
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// speeds are the auto-play rates `+` and `-` step through, in steps per second.
var speeds = []int{1, 2, 3, 5, 10, 20, 30, 60}

const defaultSpeed = 3 // index into speeds: 5 steps per second

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

// player is a race of the session's own and how it is played.
type player struct {
	race    *race.Race
	playing bool
	speed   int // index into speeds
	// tickID ties a tick to the play loop that asked for it, so that a
	// stale tick (from before a pause or a speed change) is dropped.
	tickID int
}

// tempo is how p plays its race.
func (p *player) tempo() race.Tempo {
	return race.Tempo{Playing: p.playing, StepsPerSecond: speeds[p.speed]}
}

// pause stops auto-play; a tick already on its way is dropped.
func (p *player) pause() {
	p.playing = false
	p.tickID++
}

// tickMsg asks for one auto-play step of the loop with the same id.
type tickMsg struct{ id int }

func (p *player) tickCmd() tea.Cmd {
	id := p.tickID
	return tea.Tick(time.Second/time.Duration(speeds[p.speed]), func(time.Time) tea.Msg { return tickMsg{id: id} })
}

// stage is the race on screen and how it moves: the session's own race,
// which it steps and plays, or the class's live race, which a viewer
// follows. Every screen that shows the race reads it through reader, and
// every key that drives the race goes through drive.
type stage struct {
	role Role
	link ClassLink // a presenter's class
	// remote marks an SSH session, for which the server writes no files.
	remote   bool
	maxSteps int
	st       *status
	keys     KeyMap

	// own is the session's own race; nil for a viewer that has not forked.
	own *player
	// live is the class race as last published; a viewer follows it
	// while following is set, and the presenter's screen too while
	// followView is (until it moves on its own; w follows again).
	live                  liveRace
	following, followView bool
	// justForked is set by a viewer's fork, and afterFork while the key
	// after it is handled: f, which forked, now changes the landscape, and
	// a second f at once must not restart the copy unasked.
	justForked, afterFork bool
	// viewers is how many viewers a presenter has, ownCopy how many of
	// them are on a copy of their own.
	viewers, ownCopy int
	replay           replay
	// beforeSweep is what the race raced before a sweep (s), which s
	// brings back; nil when the race is not a sweep.
	beforeSweep *laneSet
	// home is the landscape the session started on and its settings (the
	// teacher's flags): f comes back to them there, as the class saw
	// them first, rather than to the landscape's defaults.
	home    string
	homeSet optimizers.Settings
	// published is what a presenter last published, and the frozen race
	// it published: a change of view alone republishes the same race.
	published     publishKey
	publishedView View
	frozenRace    *race.Frozen
}

// source is where the race on screen comes from: the session's own race
// (a *player), or the class's race as last published (a *liveRace).
type source interface {
	// reader is the race, nil while there is none yet.
	reader() race.Reader
	// tempo is how the race is being played.
	tempo() race.Tempo
}

// reader implements source.
func (p *player) reader() race.Reader { return p.race }

// liveRace is the class race as last published to a viewer, how the
// presenter's screen looks at it, and the standing notice that came with it
// (e.g. that the presenter is away).
type liveRace struct {
	race   *race.Frozen
	view   View
	notice string
}

// reader implements source.
func (l *liveRace) reader() race.Reader {
	if l.race == nil {
		return nil
	}
	return l.race
}

// tempo implements source: the presenter's.
func (l *liveRace) tempo() race.Tempo {
	if l.race == nil {
		return race.Tempo{StepsPerSecond: speeds[defaultSpeed]}
	}
	return l.race.Tempo
}

// source is the race on screen: the live one while following.
func (s *stage) source() source {
	if s.following || s.own == nil {
		return &s.live
	}
	return s.own
}

// reader returns the race on screen (nil while a viewer waits for the
// presenter's).
func (s *stage) reader() race.Reader { return s.source().reader() }

// shownTempo is the play state the status bar shows: the presenter's while
// following.
func (s *stage) shownTempo() race.Tempo { return s.source().tempo() }

// playing reports whether the session's own race is playing.
func (s *stage) playing() bool { return s.own != nil && !s.following && s.own.playing }

// publishKey is what a presenter's class sees change: the race's version
// and the play state.
type publishKey struct {
	race    *race.Race
	version int
	tempo   race.Tempo
}

func (s *stage) publishKey() publishKey {
	if s.own == nil {
		return publishKey{}
	}
	return publishKey{race: s.own.race, version: s.own.race.Version(), tempo: s.own.tempo()}
}

// frozen is a frozen copy of the session's own race with its play state,
// as a presenter publishes it (nil without a race of its own); the copy
// last published while the race and play state have not changed.
func (s *stage) frozen() *race.Frozen {
	if s.own == nil {
		return nil
	}
	if key := s.publishKey(); key != s.published || s.frozenRace == nil {
		s.frozenRace = s.own.race.Freeze()
		s.frozenRace.Tempo = s.own.tempo()
		s.published = key
	}
	return s.frozenRace
}

// publish gives a presenter's class what its screen shows, if the race,
// its play state or the view changed since it last did.
func (s *stage) publish(v View) {
	if s.link == nil || s.own == nil || (s.publishKey() == s.published && v == s.publishedView && s.frozenRace != nil) {
		return
	}
	s.publishedView = v
	s.link.Publish(Live{Race: s.frozen(), View: v})
}

// receive takes the class race's latest state. A viewer's note (a refused
// key) lasts until the race moves on; the step that ends the race, and a
// latecomer's first sight of an ended one, say how it ended.
func (s *stage) receive(msg SharedRaceMsg) {
	prev := s.live.race
	s.live = liveRace{race: msg.Race, view: msg.View, notice: msg.Notice}
	if !s.following || msg.Race == nil {
		return
	}
	// The race's end, or its step limit (the class's --max-steps, the
	// presenter's too), is told as the presenter's screen tells it.
	ended := func(r race.Reader) bool { return r.Over() || r.T() >= s.maxSteps }
	switch {
	case prev == nil && ended(msg.Race):
		s.st.note = resultOf(msg.Race, s.maxSteps)
	case prev != nil && msg.Race.T() != prev.T():
		s.st.note = ""
		if ended(msg.Race) && !ended(prev) {
			s.st.note = resultOf(msg.Race, s.maxSteps)
		}
	}
}

// tick takes one auto-play step, if msg belongs to the current play loop.
// Play stops where the race ends, or, playing on after it, at the step
// limit or when nothing can move any more.
func (s *stage) tick(msg tickMsg) tea.Cmd {
	p := s.own
	if p == nil || s.following || !p.playing || msg.id != p.tickID {
		return nil
	}
	wasOver := p.race.Over()
	p.race.Step()
	if (!wasOver && p.race.Over()) || p.race.T() >= s.maxSteps || allDiverged(p.race) {
		p.playing = false
		s.st.note = s.result()
		s.st.quitting = false // the question it replaces is no longer asked
		return nil
	}
	return p.tickCmd()
}

// driveRefused is a following viewer's note for a key that would drive the
// shared race: it says how to get a race of one's own.
const driveRefused = "the presenter drives this race · f forks your own copy"

// drive handles the keys that drive the race: step, back, reset, play and
// speed, restarts, export, and a viewer's fork and rejoin. It reports
// false for the keys it leaves to others. Edits are the screens' (they open
// the editor).
func (s *stage) drive(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := s.keys
	if s.role == RoleViewer && s.following {
		switch {
		case matches(msg, k.Fork):
			return s.fork(), true
		case matches(msg, k.Rejoin):
			s.rejoin()
			return nil, true
		case matches(msg, k.Export):
			return s.export(), true // says why not over SSH
		case drivesRace(k, msg):
			s.st.note = driveRefused
			return nil, true
		}
		return nil, false
	}
	if drivesRace(k, msg) && s.busy() {
		return nil, true
	}
	switch {
	case s.afterFork && matches(msg, k.Landscape):
		s.st.note = "this is your copy now: f again changes its landscape and restarts it"
	case matches(msg, k.Export):
		return s.export(), true
	case matches(msg, k.Defaults):
		s.restoreDefaults()
	case matches(msg, k.Landscape):
		s.nextLandscape()
	case matches(msg, k.X0Down), matches(msg, k.X0Up):
		s.moveX0(matches(msg, k.X0Up))
	case s.role == RoleViewer && matches(msg, k.Rejoin):
		s.rejoin()
	case matches(msg, k.Step):
		s.step()
	case matches(msg, k.Back):
		s.back()
	case matches(msg, k.Reset):
		s.own.race.Reset()
		s.restarted("")
	case matches(msg, k.Play):
		return s.togglePlay(), true
	case matches(msg, k.Faster), matches(msg, k.Slower):
		return s.changeSpeed(matches(msg, k.Faster)), true
	default:
		return nil, false
	}
	return nil, true
}

// busy reports whether a replay is under way, which a key that moves the
// race must wait for, and says so.
func (s *stage) busy() bool {
	if s.replay.pending() {
		s.st.note = s.replay.busyNote()
		return true
	}
	return false
}

// mayEdit reports whether the race's settings may be edited now, and says
// why not when they may not: a following viewer's race is the presenter's.
func (s *stage) mayEdit() bool {
	if s.role == RoleViewer && s.following {
		s.st.note = driveRefused
		return false
	}
	return true
}

// keyPressed marks the start of a key's handling.
func (s *stage) keyPressed() {
	s.afterFork, s.justForked = s.justForked, false
}

func (s *stage) step() {
	r := s.own.race
	if allDiverged(r) {
		s.st.note = "every optimizer has diverged: [ ] move x₀, e edits, d brings back the lecture's"
		return
	}
	over := r.Over()
	r.Step()
	if !over && r.Over() {
		s.st.note = s.result()
	}
}

func (s *stage) back() {
	if s.own.playing { // stepping back pauses, or play would undo it at once
		s.own.pause()
	}
	if s.own.race.T() == 0 {
		s.st.note = "at t = 0: nothing to step back"
	}
	s.own.race.Back()
}

func (s *stage) changeSpeed(faster bool) tea.Cmd {
	p := s.own
	switch {
	case faster && p.speed == len(speeds)-1:
		s.st.note = "already the fastest: " + strconv.Itoa(speeds[p.speed]) + " steps a second"
	case !faster && p.speed == 0:
		s.st.note = "already the slowest: 1 step a second"
	case faster:
		p.speed++
	default:
		p.speed--
	}
	if p.playing {
		p.tickID++
		return p.tickCmd()
	}
	return nil
}

// togglePlay starts or stops auto-play; it plays to the end of the race,
// and after the race on to the step limit: RMSProp's bouncing, AdaGrad's
// slowing down go on after they cross the line.
func (s *stage) togglePlay() tea.Cmd {
	p := s.own
	if p.playing {
		p.pause()
		return nil
	}
	p.tickID++
	if p.race.T() >= s.maxSteps || allDiverged(p.race) {
		s.st.note = s.result() + " · r resets"
		return nil
	}
	if p.race.Over() {
		s.st.note = "the race is over · playing on to t = " + strconv.Itoa(s.maxSteps) + " · p pauses"
	}
	p.playing = true
	return p.tickCmd()
}

// pausePlay stops the session's own auto-play, if any: the neuron lesson
// and the editor pause the race, which should not run on, and end, out of
// sight.
func (s *stage) pausePlay() {
	if s.own != nil && s.own.playing {
		s.own.pause()
	}
}

// fork gives a following viewer a private copy of the live race at its
// step, at its speed, paused.
func (s *stage) fork() tea.Cmd {
	f := s.live.race
	if f == nil {
		return nil
	}
	return s.startReplay(replayJob{
		settings: f.Settings(), lanes: f.Lanes(), obj: f.Objective(), tol: f.Tol(), t: f.T(),
		fork: true, speed: speedIndex(f.Tempo.StepsPerSecond),
	})
}

func (s *stage) rejoin() {
	switch {
	case s.following && s.replay.pending(): // a fork under way
		s.replay.cancel()
		s.followView = true
		s.st.note = "fork dropped: following the live race"
	case s.following && !s.followView:
		s.followView = true
		s.st.note = "following the presenter's screen"
	case s.following:
		s.st.note = "already following the live race"
	default:
		s.replay.cancel()
		s.following, s.followView = true, true
		if s.own != nil {
			s.own.pause()
		}
		if s.link != nil {
			s.link.OwnCopy(false)
		}
	}
}
