package class

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// room is the class's questions and everyone's answers: the vote, the
// prediction and the tuning challenge, each student's answers by SSH user
// name (so that two sessions with one name share them, and a reconnect
// finds them), and who is told what.
//
// Telling costs the class little. The questions as every viewer sees them
// (the public room: no one's answers, the tally once revealed) are built
// once per change and travel with the shared race through the hub, so
// that a step which reveals an answer is one frame on each viewer's screen.
// An answer marks the presenter and the student's own sessions as changed
// and returns; each of those has a goroutine that builds what it is told
// (the presenter's RoomMsg, at most once every presenterEvery, so that
// three hundred students answering at once cost the presenter a few frames
// a second; a student's MineMsg) and hands it to its program.
type room struct {
	mu        sync.Mutex
	anonymous bool
	// maxSteps is the race's step limit: a race there has ended.
	maxSteps int
	// seq numbers the questions, all kinds together, and the entries;
	// version counts the changes to the public room.
	seq, version int
	students     map[string]*student
	// public, when set, is the public room as last built.
	public *model.Room
	// tellPublic hands the hub the public room after a change that no
	// publish of the race carries (a question asked, an entry run).
	tellPublic func(model.Room)

	vote voteState
	ask  askState
	chal challengeState

	// seen is the presenter's race as last published, from which the room
	// infers a restart (which cancels the vote and the prediction), a step
	// (which reveals the prediction) and the race's end (which reveals the
	// vote).
	seen seenRace

	presenters map[*listener]struct{}
	viewers    map[string]map[*listener]struct{} // by student name

	worker *worker
	// every is presenterEvery; tests shorten it.
	every time.Duration
}

// presenterEvery is the least time between two RoomMsgs to a presenter:
// a tally that moves five times a second looks live, and leaves the
// presenter's program free for its keys.
const presenterEvery = 200 * time.Millisecond

// student is one student's answers, each to the question whose id it
// carries: an answer to an earlier question counts for nothing.
type student struct {
	voteID, choice int
	askID          int
	guess          optimizers.Vec
	// The challenge: the best entry of challenge chalID, the entry waiting
	// for the worker (nil: none) and whether one is on it.
	chalID  int
	best    *scored
	pending *optimizers.Lane
	running bool
}

// scored is an entry as the worker ran it, and the order it was entered
// in, which breaks ties.
type scored struct {
	model.Entry
	seq int
}

// newRoom returns a room that hands its public changes to tellPublic.
func newRoom(anonymous bool, tellPublic func(model.Room)) *room {
	r := &room{
		anonymous:  anonymous,
		tellPublic: tellPublic,
		students:   map[string]*student{},
		presenters: map[*listener]struct{}{},
		viewers:    map[string]map[*listener]struct{}{},
		every:      presenterEvery,
	}
	r.worker = newWorker(r)
	return r
}

// studentLocked returns name's answers, making room for them.
func (r *room) studentLocked(name string) *student {
	s := r.students[name]
	if s == nil {
		s = &student{}
		r.students[name] = s
	}
	return s
}

// nextLocked returns a new question or entry number.
func (r *room) nextLocked() int {
	r.seq++
	return r.seq
}

// StudentName is how the class knows a student: their SSH user name, its
// control and formatting characters dropped (a name is drawn on the
// presenter's screen), at most 24 characters; "student" for a name with
// nothing left.
func StudentName(user string) string {
	var b strings.Builder
	n := 0
	for _, c := range user {
		if n == maxNameRunes {
			break
		}
		if !unicode.IsPrint(c) || unicode.Is(unicode.Cf, c) {
			continue
		}
		b.WriteRune(c)
		n++
	}
	if name := strings.TrimSpace(b.String()); name != "" {
		return name
	}
	return "student"
}

// maxNameRunes is the longest name kept.
const maxNameRunes = 24

// listener is one program told of the room: it is marked changed, and its
// goroutine builds and delivers what its session is told.
type listener struct {
	changed chan struct{}
	done    chan struct{}
}

// listen starts a listener that calls tell whenever it is marked changed,
// at most once every every (0: as often), starting now.
func listen(tell func(), every time.Duration) *listener {
	l := &listener{changed: make(chan struct{}, 1), done: make(chan struct{})}
	l.mark()
	go func() {
		var pause *time.Timer
		if every > 0 {
			pause = time.NewTimer(0)
			defer pause.Stop()
		}
		for {
			select {
			case <-l.done:
				return
			case <-l.changed:
			}
			tell()
			if pause == nil {
				continue
			}
			pause.Reset(every)
			select {
			case <-l.done:
				return
			case <-pause.C:
			}
		}
	}()
	return l
}

// mark marks the listener changed; it never blocks.
func (l *listener) mark() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// watchPresenter delivers the room as a presenter sees it until stop.
func (r *room) watchPresenter(deliver func(model.RoomMsg)) (stop func()) {
	l := listen(func() { deliver(model.RoomMsg{Room: r.presenterRoom()}) }, r.every)
	r.mu.Lock()
	r.presenters[l] = struct{}{}
	r.mu.Unlock()
	return sync.OnceFunc(func() {
		r.mu.Lock()
		delete(r.presenters, l)
		r.mu.Unlock()
		close(l.done)
	})
}

// watchStudent delivers student name's answers until stop.
func (r *room) watchStudent(name string, deliver func(model.MineMsg)) (stop func()) {
	l := listen(func() { deliver(model.MineMsg{Mine: r.mine(name)}) }, 0)
	r.mu.Lock()
	if r.viewers[name] == nil {
		r.viewers[name] = map[*listener]struct{}{}
	}
	r.viewers[name][l] = struct{}{}
	r.mu.Unlock()
	return sync.OnceFunc(func() {
		r.mu.Lock()
		delete(r.viewers[name], l)
		if len(r.viewers[name]) == 0 {
			delete(r.viewers, name)
		}
		r.mu.Unlock()
		close(l.done)
	})
}

// changedLocked marks the public room changed and tells the presenter;
// the viewers learn of it with the race, or from tellPublic.
func (r *room) changedLocked() {
	r.version++
	r.public = nil
	for l := range r.presenters {
		l.mark()
	}
}

// tellPublicLocked hands the hub the public room as it is now.
func (r *room) tellPublicLocked() {
	if r.tellPublic != nil {
		r.tellPublic(r.publicLocked())
	}
}

// changedForLocked tells the presenter and student name's sessions: name
// answered, or its entry ran.
func (r *room) changedForLocked(name string) {
	for l := range r.presenters {
		l.mark()
	}
	for l := range r.viewers[name] {
		l.mark()
	}
}

// changedForAllLocked tells every student their answers anew: a change to
// each one's (their final rank, an entry dropped, the class's end).
func (r *room) changedForAllLocked() {
	for _, ls := range r.viewers {
		for l := range ls {
			l.mark()
		}
	}
}

// presenterRoom is the room as the presenter sees it: every answer.
func (r *room) presenterRoom() model.Room {
	r.mu.Lock()
	defer r.mu.Unlock()
	return model.Room{
		Version:   r.version,
		Vote:      r.voteViewLocked(true),
		Ask:       r.askViewLocked(true),
		Challenge: r.challengeViewLocked(true),
	}
}

// publicLocked is the room as every viewer sees it, built once per change.
func (r *room) publicLocked() model.Room {
	if r.public == nil {
		r.public = &model.Room{
			Version:   r.version,
			Vote:      r.voteViewLocked(false),
			Ask:       r.askViewLocked(false),
			Challenge: r.challengeViewLocked(false),
		}
	}
	return *r.public
}

// Public returns the public room as it is now.
func (r *room) Public() model.Room {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.publicLocked()
}

// mine is student name's answers.
func (r *room) mine(name string) model.Mine {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.students[name]
	if s == nil {
		return model.Mine{}
	}
	m := model.Mine{VoteID: s.voteID, Vote: s.choice, AskID: s.askID, Guess: s.guess, ChallengeID: s.chalID, Running: s.pending != nil || s.running}
	if s.best != nil && s.chalID == r.chal.id {
		m.Best, m.HasBest = s.best.Entry, true
		m.Best.Rank = r.rankLocked(s.best.Entry)
	}
	return m
}

// nameFor is a student's name as the presenter's screen shows it: none
// when the class is anonymous.
func (r *room) nameFor(name string) string {
	if r.anonymous {
		return ""
	}
	return name
}

// sortedNames returns the students' names in order, so that every list
// the room builds comes out the same for the same answers.
func (r *room) sortedNamesLocked() []string {
	names := make([]string, 0, len(r.students))
	for n := range r.students {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// seenRace is what the room remembers of the presenter's race: what a
// restart changes, and the step.
type seenRace struct {
	known    bool
	settings optimizers.Settings
	objName  string
	lanes    []optimizers.Lane
	tol      float64
	t        int
}

func seenOf(f *race.Frozen) seenRace {
	return seenRace{
		known: true, settings: f.Settings(), objName: f.Objective().Name,
		lanes: f.Lanes(), tol: f.Tol(), t: f.T(),
	}
}

// restartOf says how the race restarted between was and now, or "" if it
// did not: a new landscape, start, lanes, settings or finish zone, or a
// step back to t = 0 (a reset). A question about a race is about that race.
func restartOf(was seenRace, now *race.Frozen) string {
	if why := groundOf(was.objName, was.settings, was.tol, now); why != "" {
		return why
	}
	switch {
	case !slices.Equal(now.Lanes(), was.lanes):
		return "the lanes changed"
	case now.Settings() != was.settings:
		return "the settings changed"
	case now.T() == 0 && was.t > 0:
		return "the race went back to t = 0"
	}
	return ""
}

// groundOf says how race now's ground — its landscape, start and finish
// zone — differs from a race's on landscape objName from settings' start
// with zone tol, or "" if it does not: what every lane's steps are
// counted on.
func groundOf(objName string, settings optimizers.Settings, tol float64, now *race.Frozen) string {
	s := now.Settings()
	switch {
	case now.Objective().Name != objName:
		return "the landscape changed"
	case s.X0 != settings.X0 || s.Y0 != settings.Y0:
		return "the start moved"
	case now.Tol() != tol:
		return "the finish zone changed"
	}
	return ""
}

// observe takes the presenter's race as published: a restart cancels an
// open vote or prediction, the step after a prediction reveals it, and the
// race's end reveals the vote. It returns the public room, to go out with
// that race.
func (r *room) observe(f *race.Frozen) model.Room {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f == nil {
		return r.publicLocked()
	}
	was := r.seen
	r.seen = seenOf(f)
	if !was.known {
		return r.publicLocked()
	}
	changed := r.challengeMovedLocked(f)
	if why := restartOf(was, f); why != "" {
		changed = r.voteRestartedLocked(why) || changed
		changed = r.askRestartedLocked(why) || changed
	} else if f.T() != was.t {
		changed = r.voteMovedLocked(f) || changed
		changed = r.askMovedLocked(f) || changed
	}
	if changed {
		r.changedLocked()
	}
	return r.publicLocked()
}

// reset forgets every question and answer: the class ended, and the next
// one starts afresh.
func (r *room) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.vote, r.ask, r.chal = voteState{}, askState{}, challengeState{}
	r.students = map[string]*student{}
	r.seen = seenRace{}
	r.worker.dropLocked()
	r.changedLocked()
	r.changedForAllLocked()
	r.tellPublicLocked()
}

// query handles a presenter's query.
func (r *room) query(q model.Query) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if q.Race != nil {
		// The query's race is the one published next: a question is asked
		// about it, not about a change it made.
		r.seen = seenOf(q.Race)
	}
	var refused string
	switch q.Kind {
	case model.QueryVote:
		refused = r.openVoteLocked(q.Race)
	case model.QueryCloseVote:
		refused = r.closeVoteLocked()
	case model.QueryNextStep:
		refused = r.askNextLocked(q.Race, q.Lane)
	case model.QueryChallenge:
		refused = r.startChallengeLocked(q.Race, q.Lane)
	case model.QueryEndChallenge:
		refused = r.endChallengeLocked()
	case model.QueryClearChallenge:
		refused = r.clearChallengeLocked()
	default:
		refused = "unknown question"
	}
	if refused == "" {
		if q.Kind == model.QueryVote || q.Kind == model.QueryNextStep || q.Kind == model.QueryChallenge {
			r.forgetCancelledLocked()
		}
		r.changedLocked()
		if q.Kind == model.QueryEndChallenge {
			r.changedForAllLocked() // final ranks; waiting entries dropped
		}
		r.tellPublicLocked()
	}
	return refused
}

// forgetCancelledLocked drops what the class reads of questions that were
// cancelled, once a new one is asked: the new question is the one to read,
// not "cancelled: the landscape changed" above it.
func (r *room) forgetCancelledLocked() {
	if r.vote.phase == model.PhaseCancelled {
		r.vote.phase = model.PhaseNone
	}
	if r.ask.phase == model.PhaseCancelled {
		r.ask.phase = model.PhaseNone
	}
	if r.chal.phase == model.PhaseCancelled {
		r.chal.phase = model.PhaseNone
	}
}

// answer handles student name's answer.
func (r *room) answer(name string, a model.Answer) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var refused string
	switch a.Kind {
	case model.AnswerVote:
		refused = r.voteLocked(name, a)
	case model.AnswerGuess:
		refused = r.guessLocked(name, a)
	case model.AnswerEntry:
		refused = r.enterLocked(name, a)
	default:
		refused = "unknown answer"
	}
	if refused == "" {
		r.changedForLocked(name)
	}
	return refused
}
