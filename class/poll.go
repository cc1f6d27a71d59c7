package class

import (
	"slices"
	"strconv"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/race"
)

// voteState is the vote "Which lane settles first?".
type voteState struct {
	id    int
	phase model.Phase
	// choices are the lanes' labels when the vote opened.
	choices []string
	// winners are the lanes tied at the first settled step, settledAt,
	// once revealed; none when nobody settled.
	winners   []int
	settledAt int
	// tally is the votes per choice as revealed: what happens after the
	// reveal does not change it.
	tally []int
	why   string
}

// openVoteLocked opens a vote on race f's lanes, or says why not.
func (r *room) openVoteLocked(f *race.Frozen) string {
	switch {
	case f == nil:
		return "no race to vote on yet"
	case r.vote.phase == model.PhaseOpen:
		return "a vote is open already: v closes it"
	case r.vote.phase == model.PhaseClosed:
		return "the vote is closed and waits for the race's end to reveal it"
	case f.Over():
		return "the race is over: r resets it, then v opens a vote on it"
	case r.ended(f):
		return "the race is at its step limit: r resets it, then v opens a vote on it"
	case anySettled(f):
		return "a lane has settled already, so the answer is on screen: r resets the race, then v"
	}
	r.vote = voteState{id: r.nextLocked(), phase: model.PhaseOpen, choices: f.Labels(), settledAt: -1}
	return ""
}

// closeVoteLocked closes the open vote: no more votes, and the race's end
// reveals it.
func (r *room) closeVoteLocked() string {
	if r.vote.phase != model.PhaseOpen {
		return "no vote is open: v opens one"
	}
	r.vote.phase = model.PhaseClosed
	return ""
}

// voteLocked records name's vote, the latest counting.
func (r *room) voteLocked(name string, a model.Answer) string {
	v := &r.vote
	switch {
	case v.phase != model.PhaseOpen || a.ID != v.id:
		return "no vote is open"
	case a.Choice < 0 || a.Choice >= len(v.choices):
		return "there is no lane " + strconv.Itoa(a.Choice+1) + ": vote 1–" + strconv.Itoa(len(v.choices))
	}
	s := r.studentLocked(name)
	s.voteID, s.choice = v.id, a.Choice
	return ""
}

// voteRestartedLocked cancels a vote the race's restart made moot, and
// forgets a finished one; it reports whether anything changed.
func (r *room) voteRestartedLocked(why string) bool {
	switch r.vote.phase {
	case model.PhaseOpen, model.PhaseClosed:
		r.vote.phase, r.vote.why = model.PhaseCancelled, why
		return true
	case model.PhaseRevealed, model.PhaseCancelled:
		r.vote = voteState{}
		return true
	case model.PhaseNone:
	}
	return false
}

// ended reports whether race f has ended: it is over, or at the step
// limit, where auto-play stops and the status bar says who settled first.
func (r *room) ended(f *race.Frozen) bool {
	return f.Over() || (r.maxSteps > 0 && f.T() >= r.maxSteps)
}

// voteMovedLocked reveals the vote once race f has ended; it reports
// whether it did.
func (r *room) voteMovedLocked(f *race.Frozen) bool {
	v := &r.vote
	if v.phase == model.PhaseOpen && !r.ended(f) && anySettled(f) {
		// A lane in the zone to stay is on every screen: the vote locks.
		v.phase = model.PhaseClosed
		return true
	}
	if (v.phase != model.PhaseOpen && v.phase != model.PhaseClosed) || !r.ended(f) {
		return false
	}
	v.phase = model.PhaseRevealed
	v.winners, v.settledAt = Winners(f)
	v.tally = r.tallyLocked()
	return true
}

// anySettled reports whether a lane of race f is settled now.
func anySettled(f race.Reader) bool {
	for lane := range f.Labels() {
		if f.Runner(lane).Settled() {
			return true
		}
	}
	return false
}

// Winners returns the lanes of race f that settled first, every lane tied
// at the smallest settled step, and that step; none and −1 when no lane
// is settled.
func Winners(f race.Reader) (lanes []int, settledAt int) {
	settledAt = -1
	for lane := range f.Labels() {
		run := f.Runner(lane)
		switch {
		case !run.Settled():
		case settledAt < 0 || run.SettledAt < settledAt:
			lanes, settledAt = append(lanes[:0], lane), run.SettledAt
		case run.SettledAt == settledAt:
			lanes = append(lanes, lane)
		}
	}
	return lanes, settledAt
}

// tallyLocked counts the votes of the current vote per choice.
func (r *room) tallyLocked() []int {
	tally := make([]int, len(r.vote.choices))
	for _, s := range r.students {
		if s.voteID == r.vote.id && r.vote.id != 0 {
			tally[s.choice]++
		}
	}
	return tally
}

// voteViewLocked is the vote as the presenter sees it (every answer, and
// who was right unless the class is anonymous), or as every viewer does
// (the tally and how many were right only once revealed).
func (r *room) voteViewLocked(presenter bool) model.Vote {
	v := r.vote
	out := model.Vote{
		ID: v.id, Phase: v.phase, Choices: v.choices, Mine: -1,
		Winners: v.winners, SettledAt: v.settledAt, Why: v.why,
	}
	if v.phase == model.PhaseNone || (!presenter && v.phase != model.PhaseRevealed) {
		return out
	}
	out.Tally = v.tally
	if out.Tally == nil {
		out.Tally = r.tallyLocked()
	}
	for _, n := range out.Tally {
		out.Answers += n
	}
	if v.phase != model.PhaseRevealed {
		return out
	}
	for _, w := range v.winners {
		out.Right += out.Tally[w]
	}
	if presenter && !r.anonymous {
		for _, name := range r.sortedNamesLocked() {
			if st := r.students[name]; st.voteID == v.id && slices.Contains(v.winners, st.choice) {
				out.RightNames = append(out.RightNames, name)
			}
		}
	}
	return out
}
