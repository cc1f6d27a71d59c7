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
// Telling is cheap for whoever answers: an answer marks the presenter and
// the student's own sessions as changed and returns; each of those has a
// goroutine that builds its RoomMsg and hands it to its program, the
// presenter's at most once every presenterEvery, so that three hundred
// students answering at once cost the presenter a few frames a second. A
// change every screen shows (a question asked, closed, revealed) tells
// everyone.
type room struct {
	mu        sync.Mutex
	anonymous bool
	// seq numbers the questions, all kinds together, and the entries.
	seq      int
	students map[string]*student

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

func newRoom(anonymous bool) *room {
	r := &room{
		anonymous:  anonymous,
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
// goroutine builds and delivers the room as its session sees it.
type listener struct {
	changed chan struct{}
	done    chan struct{}
}

// listen starts a listener that delivers msg() to deliver whenever it is
// marked changed, at most once every every (0: as often), starting now.
func listen(msg func() model.RoomMsg, deliver func(model.RoomMsg), every time.Duration) *listener {
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
			deliver(msg())
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
	l := listen(func() model.RoomMsg { return r.msg("", true) }, deliver, r.every)
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

// watchStudent delivers the room as student name sees it until stop.
func (r *room) watchStudent(name string, deliver func(model.RoomMsg)) (stop func()) {
	l := listen(func() model.RoomMsg { return r.msg(name, false) }, deliver, 0)
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

// changedAllLocked tells everyone: a change every screen shows.
func (r *room) changedAllLocked() {
	for l := range r.presenters {
		l.mark()
	}
	for _, ls := range r.viewers {
		for l := range ls {
			l.mark()
		}
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

// msg builds the room as student name sees it, or the presenter.
func (r *room) msg(name string, presenter bool) model.RoomMsg {
	r.mu.Lock()
	defer r.mu.Unlock()
	var s *student
	if !presenter {
		s = r.students[name]
		if s == nil {
			s = &student{}
		}
	}
	return model.RoomMsg{Room: model.Room{
		Vote:      r.voteViewLocked(s),
		Ask:       r.askViewLocked(s),
		Challenge: r.challengeViewLocked(s, name),
	}}
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
	s := now.Settings()
	switch {
	case now.Objective().Name != was.objName:
		return "the landscape changed"
	case s.X0 != was.settings.X0 || s.Y0 != was.settings.Y0:
		return "the start moved"
	case !slices.Equal(now.Lanes(), was.lanes):
		return "the lanes changed"
	case s != was.settings:
		return "the settings changed"
	case now.Tol() != was.tol:
		return "the finish zone changed"
	case now.T() == 0 && was.t > 0:
		return "the race was reset"
	}
	return ""
}

// observe takes the presenter's race as published: a restart cancels an
// open vote or prediction, the step after a prediction reveals it, and the
// race's end reveals the vote.
func (r *room) observe(f *race.Frozen) {
	if f == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	was := r.seen
	r.seen = seenOf(f)
	if !was.known {
		return
	}
	changed := false
	if why := restartOf(was, f); why != "" {
		changed = r.voteRestartedLocked(why)
		changed = r.askRestartedLocked(why) || changed
	} else if f.T() != was.t {
		changed = r.voteMovedLocked(f)
		changed = r.askMovedLocked(f) || changed
	}
	if changed {
		r.changedAllLocked()
	}
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
	r.changedAllLocked()
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
		r.changedAllLocked()
	}
	return refused
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
