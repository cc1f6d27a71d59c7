package model

import (
	"context"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/export"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// replayInline is the longest replay run at once on the UI goroutine (about
// ten milliseconds of steps): an edit early in a race applies before the
// next frame. Longer replays run as a command, off that goroutine, so that
// keys still get frames meanwhile.
const replayInline = 10_000

// replayJob is a race to be replayed from its start to step t: an applied
// edit, or a viewer's fork of the live race.
type replayJob struct {
	settings optimizers.Settings
	// lanes are the race's lanes; nil means the five of settings.
	lanes []optimizers.Lane
	obj   optimizers.Objective
	tol   float64
	t     int
	// note is what the status bar says once the replay is applied.
	note string
	// fork makes the replayed race a viewer's own copy, at speed.
	fork  bool
	speed int
}

// run replays the job, looking at ctx every few thousand steps.
func (j replayJob) run(ctx context.Context) (*race.Race, error) {
	r, err := race.New(j.settings, j.obj, race.WithTol(j.tol), race.WithLanes(j.lanes))
	if err != nil {
		return nil, err
	}
	for r.T() < j.t {
		if r.T()%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		r.Step()
	}
	return r, nil
}

// replay is the replay under way off the UI goroutine, if any.
type replay struct {
	// id ties a replayedMsg to the replay that sent it; a newer replay, or
	// one cancelled, leaves the older's result unused.
	id   int
	stop context.CancelFunc
	job  replayJob
}

func (r *replay) pending() bool { return r.stop != nil }

// cancel stops the replay under way, if any; its result will be dropped.
func (r *replay) cancel() {
	if r.stop != nil {
		r.stop()
		r.stop = nil
	}
	r.id++
}

// busyNote is the note for a key that would move the race while it replays.
func (r *replay) busyNote() string {
	return "replaying to t = " + strconv.Itoa(r.job.t) + "… the race moves again once it is done"
}

// replayedMsg brings a replay's race back to the UI goroutine.
type replayedMsg struct {
	id   int
	race *race.Race
	err  error
}

// startReplay replays job, at once if it is short, else off the UI
// goroutine, cancelling any replay still under way: the newer edit wins.
func (s *stage) startReplay(job replayJob) tea.Cmd {
	s.replay.cancel()
	if job.t <= replayInline {
		r, err := job.run(context.Background())
		s.applyReplay(job, r, err)
		return nil
	}
	ctx, stop := context.WithCancel(context.Background())
	s.replay.stop, s.replay.job = stop, job
	id := s.replay.id
	what := "replaying"
	if job.fork {
		what = "forking"
	}
	s.st.note = what + " to t = " + strconv.Itoa(job.t) + "…"
	return func() tea.Msg {
		r, err := job.run(ctx)
		return replayedMsg{id: id, race: r, err: err}
	}
}

// replayed applies a replay that finished, unless a newer one replaced it
// or it was cancelled.
func (s *stage) replayed(msg replayedMsg) {
	if msg.id != s.replay.id || !s.replay.pending() {
		return
	}
	job := s.replay.job
	s.replay.stop()
	s.replay.stop = nil
	s.applyReplay(job, msg.race, msg.err)
}

func (s *stage) applyReplay(job replayJob, r *race.Race, err error) {
	if err != nil {
		s.st.note = err.Error()
		return
	}
	if job.fork {
		s.own = &player{race: r, speed: job.speed}
		s.following = false
		s.justForked = true
		if s.link != nil {
			s.link.OwnCopy(true)
		}
		s.st.note = "forked at t = " + strconv.Itoa(r.T())
		return
	}
	s.own.race = r
	s.st.note = job.note
}

// export writes the race on screen to a CSV file, unless the session is
// remote: the server never writes files for remote users.
func (s *stage) export() tea.Cmd {
	if s.remote {
		s.st.note = "x is off over SSH: the server writes no files"
		return nil
	}
	r := s.reader()
	if r == nil {
		return nil
	}
	s.st.note = "exporting…"
	return exportCmd(r)
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
	run, t := export.RunOf(r), r.T()
	return func() tea.Msg {
		path, err := export.WriteRaceCSV(".", time.Now(), run, t)
		return exportedMsg{path: path, t: t, err: err}
	}
}

// exported is the note for a finished export.
func (m exportedMsg) note() string {
	if m.err != nil {
		return "export failed: " + m.err.Error()
	}
	span := "t = 0"
	if m.t > 0 {
		span += "…" + strconv.Itoa(m.t)
	}
	return "exported " + span + " to " + m.path
}
