package class

import (
	"slices"
	"strconv"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// challengeState is the tuning challenge: settle lane's optimizer, on the
// landscape and start it was set on, in as few steps as one can.
type challengeState struct {
	id    int
	phase model.Phase
	lane  optimizers.Lane
	label string
	// settings give the start point (and nothing else: an entry is a lane
	// of its own); obj and tol the landscape and the finish zone.
	settings optimizers.Settings
	obj      optimizers.Objective
	tol      float64
	// why says why a cancelled challenge was.
	why string
}

// challengeMovedLocked cancels a running or ended challenge whose race no
// longer is the presenter's — another landscape, start or finish zone —
// since its entries' steps are not this race's; it reports whether it did.
func (r *room) challengeMovedLocked(f *race.Frozen) bool {
	c := &r.chal
	if c.phase != model.PhaseOpen && c.phase != model.PhaseClosed {
		return false
	}
	why := groundOf(c.obj.Name, c.settings, c.tol, f)
	if why == "" {
		return false
	}
	r.worker.dropLocked()
	*c = challengeState{id: c.id, phase: model.PhaseCancelled, lane: c.lane, label: c.label, why: why}
	r.changedForAllLocked()
	return true
}

// startChallengeLocked starts a challenge on the optimizer of race f's
// lane, or says why not.
func (r *room) startChallengeLocked(f *race.Frozen, lane int) string {
	switch {
	case f == nil:
		return "no race to set a challenge on yet"
	case r.chal.phase == model.PhaseOpen:
		return "a challenge is running: u ends it"
	case lane < 0 || lane >= len(f.Labels()):
		return "there is no lane " + strconv.Itoa(lane+1)
	}
	r.worker.dropLocked() // the last challenge's entries still waiting
	r.chal = challengeState{
		id: r.nextLocked(), phase: model.PhaseOpen, lane: f.Lanes()[lane], label: f.Labels()[lane],
		settings: f.Settings(), obj: f.Objective(), tol: f.Tol(),
	}
	return ""
}

// endChallengeLocked ends the running challenge: its leaderboard is final,
// and entries still waiting are dropped.
func (r *room) endChallengeLocked() string {
	if r.chal.phase != model.PhaseOpen {
		return "no challenge is running"
	}
	r.chal.phase = model.PhaseClosed
	r.worker.dropLocked()
	return ""
}

// clearChallengeLocked takes an ended challenge off the screens.
func (r *room) clearChallengeLocked() string {
	switch r.chal.phase {
	case model.PhaseOpen:
		return "the challenge is running: u ends it first"
	case model.PhaseNone:
		return "no challenge to clear"
	case model.PhaseClosed, model.PhaseRevealed, model.PhaseCancelled:
	}
	r.chal = challengeState{}
	return ""
}

// enterLocked takes name's entry for the worker to run: one waits per
// student, a newer entry replacing it.
func (r *room) enterLocked(name string, a model.Answer) string {
	c := &r.chal
	switch {
	case c.phase != model.PhaseOpen || a.ID != c.id:
		return "no challenge is running"
	case a.Entry.Kind != c.lane.Kind:
		return "the challenge is on " + c.lane.Kind.String() + ": enter its settings"
	}
	if err := a.Entry.Check(); err != nil {
		return err.Error()
	}
	s := r.studentLocked(name)
	if s.chalID != c.id {
		s.chalID, s.best, s.pending = c.id, nil, nil
	}
	lane := a.Entry
	if s.pending == nil {
		r.worker.enqueueLocked(name)
	}
	s.pending = &lane
	return ""
}

// jobLocked takes name's waiting entry off it for the worker: the
// challenge's id and what to run, or ok false when none waits.
func (r *room) jobLocked(name string) (id int, run func() model.Entry, ok bool) {
	s := r.students[name]
	c := r.chal
	if s == nil || s.pending == nil || c.phase != model.PhaseOpen || s.chalID != c.id {
		return 0, nil, false
	}
	lane := *s.pending
	s.pending, s.running = nil, true
	return c.id, func() model.Entry { return RunEntry(c.settings, c.obj, c.tol, lane) }, true
}

// doneLocked records the entry the worker ran for name in challenge id, if
// that challenge still runs: the student's best is kept.
func (r *room) doneLocked(name string, id int, e model.Entry) {
	s := r.students[name]
	if s == nil {
		return
	}
	s.running = false
	if r.chal.phase != model.PhaseOpen || r.chal.id != id || s.chalID != id {
		r.changedForLocked(name)
		return
	}
	next := &scored{Entry: e, seq: r.nextLocked()}
	if s.best == nil || better(next, s.best) {
		before, _ := r.rankedLocked()
		s.best = next
		if after, _ := r.rankedLocked(); len(before) == 0 || before[0] != after[0] {
			// A new best: every viewer's line says so.
			r.changedLocked()
			r.tellPublicLocked()
		}
		// Everyone it now ranks above has dropped a place: their line
		// gives their rank.
		for other, st := range r.students {
			if other != name && st.chalID == id && st.best != nil && compareEntries(e, st.best.Entry) < 0 {
				r.changedForLocked(other)
			}
		}
	}
	r.changedForLocked(name)
}

// rankLocked is the rank entry e of the current challenge would have: one
// more than the students' best entries ranked above it (ties share one).
func (r *room) rankLocked(e model.Entry) int {
	rank := 1
	for _, st := range r.students {
		if st.chalID == r.chal.id && st.best != nil && compareEntries(st.best.Entry, e) < 0 {
			rank++
		}
	}
	return rank
}

// RunEntry runs lane alone from the start settings give, on obj with a
// finish zone of radius tol, until it is over or model.MaxChallengeSteps:
// the server's own run of a challenge entry, whatever the student's
// screen claims.
func RunEntry(settings optimizers.Settings, obj optimizers.Objective, tol float64, lane optimizers.Lane) model.Entry {
	e := model.Entry{Lane: lane, SettledAt: -1, DivergedAt: -1}
	r, err := race.New(settings, obj, race.WithTol(tol), race.WithLanes([]optimizers.Lane{lane}))
	if err != nil {
		return e // checked when entered: cannot happen
	}
	r.RunToEnd(model.MaxChallengeSteps)
	run := r.Runner(0)
	e.SettledAt, e.DivergedAt, e.Steps = run.SettledAt, run.DivergedAt, r.T()
	return e
}

// better reports whether entry a ranks above b: settled beats not, sooner
// beats later; of those not settled, one that did not diverge beats one
// that did, and one that lasted longer beats one that diverged sooner.
// Ties go to the earlier entry.
func better(a, b *scored) bool {
	if c := compareEntries(a.Entry, b.Entry); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}

// compareEntries orders entries by rank: negative when a ranks above b, 0
// when they tie.
func compareEntries(a, b model.Entry) int {
	class := func(e model.Entry) int {
		switch {
		case e.Settled():
			return 0
		case e.DivergedAt < 0:
			return 1
		}
		return 2
	}
	if ca, cb := class(a), class(b); ca != cb {
		return ca - cb
	}
	switch class(a) {
	case 0:
		return a.SettledAt - b.SettledAt
	case 2:
		return b.DivergedAt - a.DivergedAt
	}
	return 0
}

// rankedLocked returns the current challenge's entries, each student's
// best, ranked (ties share a rank), with the students' names.
func (r *room) rankedLocked() (entries []model.Entry, names []string) {
	var all []*scored
	var who []string
	for _, name := range r.sortedNamesLocked() {
		if s := r.students[name]; s.chalID == r.chal.id && s.best != nil {
			all = append(all, s.best)
			who = append(who, name)
		}
	}
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if c := compareEntries(all[i].Entry, all[j].Entry); c != 0 {
			return c
		}
		return all[i].seq - all[j].seq
	})
	for i, k := range order {
		e := all[k].Entry
		e.Rank = i + 1
		if i > 0 && compareEntries(entries[i-1], e) == 0 {
			e.Rank = entries[i-1].Rank
		}
		entries = append(entries, e)
		names = append(names, who[k])
	}
	return entries, names
}

// challengeViewLocked is the challenge as the presenter sees it (every
// entry, ranked, with how many entered and run), or as every viewer does
// (the best entry, nameless).
func (r *room) challengeViewLocked(presenter bool) model.Challenge {
	c := r.chal
	out := model.Challenge{ID: c.id, Phase: c.phase, Lane: c.lane, Label: c.label, Why: c.why}
	if c.phase == model.PhaseNone || c.phase == model.PhaseCancelled {
		return out
	}
	out.Objective, out.Start, out.Dim, out.Tol = c.obj.Name, optimizers.Vec{c.settings.X0, c.settings.Y0}, c.obj.Dim, c.tol
	entries, names := r.rankedLocked()
	if !presenter {
		if len(entries) > 0 {
			out.Entries = entries[:1]
		}
		return out
	}
	for _, st := range r.students {
		if st.chalID != c.id {
			continue
		}
		if st.best != nil || st.pending != nil || st.running {
			out.Entrants++
		}
		if st.pending != nil || st.running {
			out.Running++
		}
	}
	for i := range entries {
		entries[i].Name = r.nameFor(names[i])
	}
	out.Entries = entries
	return out
}
