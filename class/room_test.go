package class

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// seated is a class with a presenter driving race r, for the room's tests:
// the test steps r and publishes it as the presenter's model would.
type seated struct {
	c *Class
	p *Presenter
	r *race.Race
}

// endingSettings are settings under which the race ends soon: with RMSProp
// at α = 0.1 and a zone of 0.1 every optimizer settles, GD first at
// t = 21, and the race is over at t = 182 (model's endingOptions).
func endingSettings() optimizers.Settings {
	s := optimizers.Defaults()
	s.LR[optimizers.RMSProp] = 0.1
	return s
}

func newSeated(t *testing.T, opts ...race.Option) *seated {
	t.Helper()
	c, _ := newClass(t)
	c.room.every = 0
	t.Cleanup(c.Close)
	r, err := race.New(endingSettings(), optimizers.Quadratic(), append([]race.Option{race.WithTol(0.1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	x := &seated{c: c, p: c.Present(nil, "presenter", "test"), r: r}
	x.publish()
	return x
}

// publish publishes the race as it is now.
func (x *seated) publish() { x.p.Publish(x.r.Freeze()) }

// step steps the race n times, publishing each step.
func (x *seated) step(n int) {
	for range n {
		x.r.Step()
		x.publish()
	}
}

// query asks the class q about the race as it is now, and fails the test
// if it is refused.
func (x *seated) query(t *testing.T, kind model.QueryKind, lane int) {
	t.Helper()
	if refused := x.p.Ask(model.Query{Kind: kind, Race: x.r.Freeze(), Lane: lane}); refused != "" {
		t.Fatalf("query %d refused: %s", kind, refused)
	}
}

// presenter is the room as the presenter sees it.
func (x *seated) presenter() model.Room { return x.c.room.presenterRoom() }

// student is the room as student name sees it: the public room with their
// answers, as their model composes it.
func (x *seated) student(name string) model.Room { return x.c.room.Public().With(x.c.room.mine(name)) }

// join seats student name, following nothing: it answers.
func (x *seated) join(t *testing.T, name string) *Viewer {
	t.Helper()
	v := x.c.Join(name, nil)
	t.Cleanup(v.Leave)
	return v
}

func mustAnswer(t *testing.T, v *Viewer, a model.Answer) {
	t.Helper()
	if refused := v.Answer(a); refused != "" {
		t.Fatalf("%s's answer %+v refused: %s", v.Name(), a, refused)
	}
}

func TestVoteTalliesRevealsAndNamesTheRight(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	ada, bob, cy := x.join(t, "ada"), x.join(t, "bob"), x.join(t, "cy")
	ada2 := x.join(t, "ada") // a second session of ada's
	x.query(t, model.QueryVote, 0)
	id := x.presenter().Vote.ID
	vote := func(v *Viewer, lane int) {
		mustAnswer(t, v, model.Answer{Kind: model.AnswerVote, ID: id, Choice: lane})
	}
	vote(ada, 3)
	vote(bob, 1)
	vote(cy, 0)
	vote(ada2, 0) // ada changes her mind from her other session: the latest counts
	x.step(5)     // stepping goes on while the vote is open

	p := x.presenter().Vote
	if p.Phase != model.PhaseOpen || !slices.Equal(p.Tally, []int{2, 1, 0, 0, 0}) || p.Answers != 3 ||
		!slices.Equal(p.Choices, []string{"GD", "GDM", "AdaGrad", "RMSProp", "Adam"}) {
		t.Fatalf("presenter's vote: %+v", p)
	}
	if s := x.student("ada").Vote; s.Mine != 0 || s.Tally != nil || s.Phase != model.PhaseOpen {
		t.Errorf("ada's vote: mine %d, tally %v (a viewer sees no tally before the reveal)", s.Mine, s.Tally)
	}
	if s := x.student("dee").Vote; s.Mine != -1 {
		t.Errorf("a student who did not vote has vote %d", s.Mine)
	}
	x.query(t, model.QueryCloseVote, 0)
	if refused := cy.Answer(model.Answer{Kind: model.AnswerVote, ID: id, Choice: 1}); refused != "no vote is open" {
		t.Errorf("a vote after closing: %q", refused)
	}
	for !x.r.Over() {
		x.step(1)
	}
	p = x.presenter().Vote
	if p.Phase != model.PhaseRevealed || !slices.Equal(p.Winners, []int{0}) || p.SettledAt != 21 || p.Right != 2 ||
		!slices.Equal(p.RightNames, []string{"ada", "cy"}) {
		t.Fatalf("the reveal: %+v", p)
	}
	if s := x.student("bob").Vote; !slices.Equal(s.Tally, []int{2, 1, 0, 0, 0}) || s.Right != 2 || s.RightNames != nil || s.Mine != 1 {
		t.Errorf("bob's reveal: tally %v, right %d, names %v (a viewer sees no names), mine %d", s.Tally, s.Right, s.RightNames, s.Mine)
	}
	// What happens after the reveal does not change it; a reset clears it.
	x.r.Back()
	x.publish()
	x.step(3)
	if got := x.presenter().Vote; got.Phase != model.PhaseRevealed || got.Right != 2 {
		t.Errorf("after the reveal the race moved and the vote changed: %+v", got)
	}
	x.r.Reset()
	x.publish()
	if got := x.presenter().Vote; got.Phase != model.PhaseNone {
		t.Errorf("a reset after the reveal leaves the vote %+v", got)
	}
}

func TestVoteRefusesBadInput(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	ada := x.join(t, "ada")
	if refused := ada.Answer(model.Answer{Kind: model.AnswerVote, Choice: 0}); refused != "no vote is open" {
		t.Errorf("a vote with none open: %q", refused)
	}
	x.query(t, model.QueryVote, 0)
	id := x.presenter().Vote.ID
	for _, c := range []struct {
		a    model.Answer
		want string
	}{
		{model.Answer{Kind: model.AnswerVote, ID: id, Choice: 5}, "there is no lane 6: vote 1–5"},
		{model.Answer{Kind: model.AnswerVote, ID: id, Choice: -1}, "there is no lane 0: vote 1–5"},
		{model.Answer{Kind: model.AnswerVote, ID: id - 1, Choice: 0}, "no vote is open"}, // an older vote's
	} {
		if refused := ada.Answer(c.a); refused != c.want {
			t.Errorf("answer %+v: %q, want %q", c.a, refused, c.want)
		}
	}
	if got := x.presenter().Vote; got.Answers != 0 || x.student("ada").Vote.Mine != -1 {
		t.Errorf("refused votes counted: %+v", got)
	}
	if refused := x.p.Ask(model.Query{Kind: model.QueryVote, Race: x.r.Freeze()}); refused != "a vote is open already: v closes it" {
		t.Errorf("a second vote: %q", refused)
	}
	if refused := ada.Ask(model.Query{Kind: model.QueryVote}); refused == "" {
		t.Error("a viewer opened a vote")
	}
}

// TestRestartCancelsTheVote: a reset, a new landscape, start, settings or
// lanes while a vote is open or closed cancel it, saying why.
func TestRestartCancelsTheVote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		restart func(r *race.Race) error
		why     string
	}{
		{"reset", func(r *race.Race) error { r.Reset(); return nil }, "the race went back to t = 0"},
		{"landscape", func(r *race.Race) error { return r.SetObjective(optimizers.Quartic()) }, "the landscape changed"},
		{"start", func(r *race.Race) error { s := r.Settings(); s.X0 = 5; return r.Restart(s) }, "the start moved"},
		{"settings", func(r *race.Race) error { s := r.Settings(); s.LR[0] = 0.2; return r.SetSettings(s) }, "the lanes changed"},
		{"lanes", func(r *race.Race) error { return r.SetLanes(r.Lanes()[:2]) }, "the lanes changed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			x := newSeated(t)
			x.step(2)
			x.query(t, model.QueryVote, 0)
			ada := x.join(t, "ada")
			mustAnswer(t, ada, model.Answer{Kind: model.AnswerVote, ID: x.presenter().Vote.ID, Choice: 2})
			if err := c.restart(x.r); err != nil {
				t.Fatal(err)
			}
			x.publish()
			if got := x.student("ada").Vote; got.Phase != model.PhaseCancelled || got.Why != c.why {
				t.Errorf("vote after a %s: %+v, want cancelled because %s", c.name, got, c.why)
			}
			// A new vote may open at once; the cancelled one's votes are not its.
			x.query(t, model.QueryVote, 0)
			if got := x.presenter().Vote; got.Phase != model.PhaseOpen || got.Answers != 0 {
				t.Errorf("the next vote: %+v", got)
			}
		})
	}
}

// TestANewQuestionClearsTheCancelledOnes: "cancelled: the race went back
// to t = 0" is read until the presenter asks something new, not beside it.
func TestANewQuestionClearsTheCancelledOnes(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.join(t, "ada")
	x.step(2)
	x.query(t, model.QueryVote, 0)
	x.r.Reset()
	x.publish()
	if got := x.student("ada").Vote; got.Phase != model.PhaseCancelled {
		t.Fatalf("the vote after a reset: %+v", got)
	}
	x.query(t, model.QueryNextStep, 0)
	if v, a := x.student("ada").Vote, x.student("ada").Ask; v.Phase != model.PhaseNone || a.Phase != model.PhaseOpen {
		t.Errorf("after a new question: vote %v, question %v", v.Phase, a.Phase)
	}
	if v := x.presenter().Vote; v.Phase != model.PhaseNone {
		t.Errorf("the presenter's vote after a new question: %v", v.Phase)
	}
}

// TestNobodySettledNobodyRight: a race over with every lane diverged
// reveals no winner, and nobody right.
func TestNobodySettledNobodyRight(t *testing.T) {
	t.Parallel()
	// GD and GDM overshoot x² ever further at α = 5: both diverge.
	s := endingSettings()
	gd, gdm := s.Lane(optimizers.GD), s.Lane(optimizers.Momentum)
	gd.Hyper.LR, gdm.Hyper.LR = 5, 5
	x := newSeated(t, race.WithLanes([]optimizers.Lane{gd, gdm}))
	x.query(t, model.QueryVote, 0)
	mustAnswer(t, x.join(t, "ada"), model.Answer{Kind: model.AnswerVote, ID: x.presenter().Vote.ID, Choice: 0})
	for n := 0; !x.r.Over(); n++ {
		if n > model.DefaultMaxSteps {
			t.Fatal("the race never ended")
		}
		x.step(1)
	}
	if got := x.presenter().Vote; got.Phase != model.PhaseRevealed || len(got.Winners) != 0 || got.SettledAt != -1 || got.Right != 0 || got.RightNames != nil {
		t.Errorf("a race nobody settled: %+v", got)
	}
}

// TestVoteRevealedAtTheStepLimit: on the lecture's defaults RMSProp never
// settles, so the race is never over; it ends at the step limit, which
// reveals the vote with the lane that settled first by then.
func TestVoteRevealedAtTheStepLimit(t *testing.T) {
	t.Parallel()
	x := newSeated(t, race.WithLanes(optimizers.Defaults().Lanes()))
	x.c.room.maxSteps = 300
	x.query(t, model.QueryVote, 0)
	mustAnswer(t, x.join(t, "ada"), model.Answer{Kind: model.AnswerVote, ID: x.presenter().Vote.ID, Choice: int(optimizers.GD)})
	x.step(299)
	if got := x.presenter().Vote; got.Phase != model.PhaseClosed || x.r.Over() {
		t.Fatalf("at t = 299: vote %v (closed once a lane settled), race over %v", got.Phase, x.r.Over())
	}
	x.step(1)
	want, at := Winners(x.r)
	if got := x.presenter().Vote; got.Phase != model.PhaseRevealed || !slices.Equal(got.Winners, want) || got.SettledAt != at || got.Right != 1 {
		t.Errorf("at the step limit: %+v, want winners %v at t = %d and ada right", got, want, at)
	}
	if x.r.Runner(int(optimizers.RMSProp)).Settled() || len(want) == 0 {
		t.Fatalf("the test's race: RMSProp settled or nobody did (winners %v)", want)
	}
}

func TestWinnersTie(t *testing.T) {
	t.Parallel()
	s := optimizers.Defaults()
	lane := s.Lane(optimizers.GD)
	r, err := race.New(s, optimizers.Quadratic(), race.WithLanes([]optimizers.Lane{s.Lane(optimizers.Adam), lane, lane}))
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(model.DefaultMaxSteps)
	lanes, at := Winners(r)
	if !slices.Equal(lanes, []int{1, 2}) || at != r.Runner(1).SettledAt {
		t.Errorf("two GD lanes alike: winners %v at %d, want [1 2] at %d", lanes, at, r.Runner(1).SettledAt)
	}
}

func TestAskRevealsTheNextStep(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.step(3)
	adam := int(optimizers.Adam)
	x.query(t, model.QueryNextStep, adam)
	id := x.presenter().Ask.ID
	// The truth, by the engine: Adam's x after step 4.
	twin, _ := race.New(endingSettings(), optimizers.Quadratic(), race.WithTol(0.1))
	for range 4 {
		twin.Step()
	}
	truth := twin.Runner(adam).X[0]
	guess := func(name string, g float64) {
		mustAnswer(t, x.join(t, name), model.Answer{Kind: model.AnswerGuess, ID: id, Guess: optimizers.Vec{g, 99}})
	}
	guess("ada", truth+0.5)
	guess("bob", truth-0.01)
	guess("cy", 1e300) // wild, but a number
	p := x.presenter().Ask
	if p.Phase != model.PhaseOpen || p.Label != "Adam" || p.T != 3 || p.Dim != 1 || p.Answers != 3 || p.Truth != (optimizers.Vec{}) {
		t.Fatalf("the open question: %+v", p)
	}
	if s := x.student("bob").Ask; !s.HasMine || s.Mine != (optimizers.Vec{truth - 0.01, 0}) || s.Guesses != nil {
		t.Errorf("bob's view: %+v (y is dropped in 1-D; a viewer sees no one else's)", s)
	}
	x.step(1)
	p = x.presenter().Ask
	if p.Phase != model.PhaseRevealed || p.Truth[0] != truth || p.Diverged {
		t.Fatalf("the reveal: %+v, want x = %v", p, truth)
	}
	names := []string{}
	for _, g := range p.Guesses {
		names = append(names, g.Name)
	}
	if !slices.Equal(names, []string{"bob", "ada", "cy"}) || p.Guesses[0].Off != math.Abs(truth-0.01-truth) || p.Guesses[2].Off != math.Abs(1e300-truth) {
		t.Errorf("guesses closest first: %+v", p.Guesses)
	}
	if s := x.student("ada").Ask; s.Truth[0] != truth || s.Phase != model.PhaseRevealed {
		t.Errorf("ada does not see the truth: %+v", s)
	}
	if refused := x.join(t, "dee").Answer(model.Answer{Kind: model.AnswerGuess, ID: id, Guess: optimizers.Vec{1}}); refused != "nothing is asked now" {
		t.Errorf("a guess after the reveal: %q", refused)
	}
	x.step(5) // the race plays on: the answer stays to be read, until the next question
	if got := x.presenter().Ask; got.Phase != model.PhaseRevealed || got.Truth[0] != truth {
		t.Errorf("five steps after the reveal: %+v", got)
	}
	x.query(t, model.QueryNextStep, 0)
	if got := x.presenter().Ask; got.Phase != model.PhaseOpen || got.ID == id {
		t.Errorf("the next question: %+v", got)
	}
}

func TestAskRefusesBadGuesses(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.query(t, model.QueryNextStep, 0)
	id := x.presenter().Ask.ID
	ada := x.join(t, "ada")
	for _, g := range []optimizers.Vec{{posInf()}, {negInf()}, {nan()}} {
		if refused := ada.Answer(model.Answer{Kind: model.AnswerGuess, ID: id, Guess: g}); refused != "a guess must be a finite number" {
			t.Errorf("guess %v: %q", g, refused)
		}
	}
	if got := x.presenter().Ask; got.Answers != 0 {
		t.Errorf("refused guesses counted: %+v", got)
	}
	if refused := x.p.Ask(model.Query{Kind: model.QueryNextStep, Race: x.r.Freeze(), Lane: 0}); refused != "already asked: a step reveals the answer" {
		t.Errorf("asking twice: %q", refused)
	}
	// Asked at t = 0, a reset there changes nothing: the question stands.
	x.r.Reset()
	x.publish()
	if got := x.student("ada").Ask; got.Phase != model.PhaseOpen || got.ID != id {
		t.Errorf("ask after a reset at t = 0: %+v", got)
	}
}

// TestAskAcrossABurst: keys that came together stepped the race three
// times in one publish; the truth is still x after the first of them.
func TestAskAcrossABurst(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.step(2)
	x.query(t, model.QueryNextStep, 1)
	twin, _ := race.New(endingSettings(), optimizers.Quadratic(), race.WithTol(0.1))
	for range 3 {
		twin.Step()
	}
	for range 3 {
		x.r.Step()
	}
	x.publish()
	if got := x.presenter().Ask; got.Phase != model.PhaseRevealed || got.Truth[0] != twin.Runner(1).X[0] {
		t.Errorf("after three steps at once: %+v, want x = %v", got, twin.Runner(1).X[0])
	}
}

func TestAskInTwoDimensions(t *testing.T) {
	t.Parallel()
	c, _ := newClass(t)
	t.Cleanup(c.Close)
	obj := optimizers.Rosenbrock()
	s := obj.Defaults()
	r, err := race.New(s, obj)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Present(nil, "presenter", "test")
	p.Publish(r.Freeze())
	if refused := p.Ask(model.Query{Kind: model.QueryNextStep, Race: r.Freeze(), Lane: 0}); refused != "" {
		t.Fatal(refused)
	}
	v := c.Join("ada", nil)
	defer v.Leave()
	id := c.room.presenterRoom().Ask.ID
	mustAnswer(t, v, model.Answer{Kind: model.AnswerGuess, ID: id, Guess: optimizers.Vec{1, 2}})
	r.Step()
	p.Publish(r.Freeze())
	got := c.room.presenterRoom().Ask
	if got.Dim != 2 || got.Truth != r.Runner(0).X || got.Guesses[0].At != (optimizers.Vec{1, 2}) {
		t.Errorf("a 2-D question: %+v, want the truth %v", got, r.Runner(0).X)
	}
}

func TestChallengeRanksTheServersOwnRuns(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.step(4) // the challenge starts from t = 0 whatever the race's step
	gd := int(optimizers.GD)
	x.query(t, model.QueryChallenge, gd)
	pc := x.presenter().Challenge
	if pc.Phase != model.PhaseOpen || pc.Lane.Kind != optimizers.GD || pc.Objective != "quadratic" || pc.Start != (optimizers.Vec{10, 0}) || pc.Tol != 0.1 {
		t.Fatalf("the challenge: %+v", pc)
	}
	deliveries := make(chan model.RoomMsg, 64)
	stop := x.p.WatchRoom(func(m model.RoomMsg) { deliveries <- m })
	defer stop()
	lane := func(lr float64) optimizers.Lane { l := pc.Lane; l.Hyper.LR = lr; return l }
	enter := func(name string, l optimizers.Lane) string {
		return x.join(t, name).Answer(model.Answer{Kind: model.AnswerEntry, ID: pc.ID, Entry: l})
	}
	for name, lr := range map[string]float64{"ada": 0.4, "bob": 0.1, "cy": 1.5} {
		if refused := enter(name, lane(lr)); refused != "" {
			t.Fatal(refused)
		}
	}
	if refused := enter("dee", lane(-1)); refused != "gd.lr must be a finite number > 0, got -1" {
		t.Errorf("an entry out of range: %q", refused)
	}
	adam := endingSettings().Lane(optimizers.Adam)
	if refused := enter("dee", adam); refused != "the challenge is on GD: enter its settings" {
		t.Errorf("an entry of another optimizer: %q", refused)
	}
	var got model.Challenge
	for got.Running != 0 || len(got.Entries) != 3 {
		got = receive(t, deliveries).Room.Challenge
	}
	// Each run is the engine's: GD alone from x₀ = 10 within 0.1 of 0.
	want := map[string]model.Entry{}
	for name, lr := range map[string]float64{"ada": 0.4, "bob": 0.1, "cy": 1.5} {
		want[name] = RunEntry(endingSettings(), optimizers.Quadratic(), 0.1, lane(lr))
	}
	if want["ada"].SettledAt < 0 || want["bob"].SettledAt <= want["ada"].SettledAt || want["cy"].DivergedAt < 0 {
		t.Fatalf("the runs are not what the test expects: %+v", want)
	}
	order := []string{"ada", "bob", "cy"}
	for i, e := range got.Entries {
		w := want[order[i]]
		if e.Name != order[i] || e.Rank != i+1 || e.SettledAt != w.SettledAt || e.DivergedAt != w.DivergedAt || e.Lane != w.Lane {
			t.Errorf("rank %d: %+v, want %s's %+v", i+1, e, order[i], w)
		}
	}
	if got.Entrants != 3 {
		t.Errorf("%d entrants, want 3", got.Entrants)
	}
	// A student sees the best (nameless) and their own.
	if s := x.student("bob").Challenge; !s.HasMine || s.Mine.Rank != 2 || len(s.Entries) != 1 || s.Entries[0].Name != "" || s.Entries[0].SettledAt != want["ada"].SettledAt {
		t.Errorf("bob's view: %+v", s)
	}
	// A worse entry does not replace a student's best.
	if refused := enter("ada", lane(0.01)); refused != "" {
		t.Fatal(refused)
	}
	got = receive(t, deliveries).Room.Challenge
	for got.Running != 0 {
		got = receive(t, deliveries).Room.Challenge
	}
	if got.Entries[0].Name != "ada" || got.Entries[0].SettledAt != want["ada"].SettledAt {
		t.Errorf("ada's worse entry replaced her best: %+v", got.Entries[0])
	}
	x.query(t, model.QueryEndChallenge, 0)
	if refused := enter("ada", lane(0.5)); refused != "no challenge is running" {
		t.Errorf("an entry after the end: %q", refused)
	}
	if got := x.presenter().Challenge; got.Phase != model.PhaseClosed || len(got.Entries) != 3 {
		t.Errorf("the ended challenge: %+v", got)
	}
	x.query(t, model.QueryClearChallenge, 0)
	if got := x.presenter().Challenge; got.Phase != model.PhaseNone {
		t.Errorf("the cleared challenge: %+v", got)
	}
}

// TestOvertakenStudentHearsTheirRank: an entry that ranks above a
// student's best tells that student their new rank, and nobody above it.
func TestOvertakenStudentHearsTheirRank(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.query(t, model.QueryChallenge, int(optimizers.GD))
	pc := x.presenter().Challenge
	lane := func(lr float64) optimizers.Lane { l := pc.Lane; l.Hyper.LR = lr; return l }
	follow := func(name string) (*Viewer, chan model.MineMsg) {
		v := x.join(t, name)
		mine := make(chan model.MineMsg, 16)
		v.Follow(func(Live) {}, func(m model.MineMsg) { mine <- m })
		receive(t, mine)
		return v, mine
	}
	bob, bobMine := follow("bob")
	cy, cyMine := follow("cy")
	mustAnswer(t, bob, model.Answer{Kind: model.AnswerEntry, ID: pc.ID, Entry: lane(0.1)})
	waitFor(t, bobMine, func(m model.MineMsg) bool { return m.Mine.HasBest && m.Mine.Best.Rank == 1 })
	mustAnswer(t, cy, model.Answer{Kind: model.AnswerEntry, ID: pc.ID, Entry: lane(0.01)})
	waitFor(t, cyMine, func(m model.MineMsg) bool { return m.Mine.HasBest && m.Mine.Best.Rank == 2 })
	mustAnswer(t, x.join(t, "ada"), model.Answer{Kind: model.AnswerEntry, ID: pc.ID, Entry: lane(0.4)})
	// Bob and cy may hear their own entries' runs more than once (a mark
	// while their listener was busy): each waits for the rank it drops to.
	waitFor(t, bobMine, func(m model.MineMsg) bool { return m.Mine.Best.Rank == 2 })
	waitFor(t, cyMine, func(m model.MineMsg) bool { return m.Mine.Best.Rank == 3 })
	if got := x.student("ada").Challenge.Mine; got.Rank != 1 {
		t.Errorf("ada's rank %d, want 1", got.Rank)
	}
}

func TestAnonymousHidesNames(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.c.room.anonymous = true
	x.query(t, model.QueryVote, 0)
	x.query(t, model.QueryNextStep, 0)
	ada := x.join(t, "ada")
	mustAnswer(t, ada, model.Answer{Kind: model.AnswerVote, ID: x.presenter().Vote.ID, Choice: 0})
	mustAnswer(t, ada, model.Answer{Kind: model.AnswerGuess, ID: x.presenter().Ask.ID, Guess: optimizers.Vec{1}})
	for !x.r.Over() {
		x.step(1)
	}
	p := x.presenter()
	if p.Vote.Right != 1 || p.Vote.RightNames != nil {
		t.Errorf("anonymous vote: %+v", p.Vote)
	}
	x.r.Reset()
	x.publish()
	x.query(t, model.QueryNextStep, 0)
	mustAnswer(t, ada, model.Answer{Kind: model.AnswerGuess, ID: x.presenter().Ask.ID, Guess: optimizers.Vec{1}})
	x.step(1)
	if g := x.presenter().Ask.Guesses; len(g) != 1 || g[0].Name != "" {
		t.Errorf("anonymous guesses: %+v", g)
	}
}

// TestAnswersSurviveAReconnect: a student who leaves and comes back (a new
// session, the same name) finds their answers, and a latecomer sees the
// open question.
func TestAnswersSurviveAReconnect(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.query(t, model.QueryVote, 0)
	id := x.presenter().Vote.ID
	ada := x.c.Join("ada", nil)
	mustAnswer(t, ada, model.Answer{Kind: model.AnswerVote, ID: id, Choice: 4})
	ada.Leave()
	back := x.join(t, "ada")
	lives, mine := make(chan Live, 4), make(chan model.MineMsg, 4)
	back.Follow(func(l Live) { lives <- l }, func(m model.MineMsg) { mine <- m })
	room := receive(t, lives).Room.With(receive(t, mine).Mine)
	if room.Vote.Phase != model.PhaseOpen || room.Vote.Mine != 4 {
		t.Errorf("ada back: %+v, want the open vote with her vote for lane 5", room.Vote)
	}
	late := x.join(t, "eve")
	lateLives := make(chan Live, 4)
	late.Follow(func(l Live) { lateLives <- l }, func(model.MineMsg) {})
	if got := receive(t, lateLives).Room.With(model.Mine{}).Vote; got.Phase != model.PhaseOpen || got.Mine != -1 || len(got.Choices) != 5 || got.ID != id {
		t.Errorf("a latecomer: %+v, want the open vote", got)
	}
}

// TestAnsweringTellsOnlyTheStudentAndThePresenter: an answer reaches the
// student's own sessions and the presenter, not the rest of the class; a
// question asked, and the step that answers it, reach everyone with the
// race, in one delivery.
func TestAnsweringTellsOnlyTheStudentAndThePresenter(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	type seat struct {
		v     *Viewer
		lives chan Live
		mine  chan model.MineMsg
	}
	follow := func(name string) seat {
		st := seat{v: x.join(t, name), lives: make(chan Live, 16), mine: make(chan model.MineMsg, 16)}
		st.v.Follow(func(l Live) { st.lives <- l }, func(m model.MineMsg) { st.mine <- m })
		receive(t, st.lives)
		receive(t, st.mine)
		return st
	}
	ada, bob := follow("ada"), follow("bob")
	presenter := make(chan model.RoomMsg, 16)
	defer x.p.WatchRoom(func(m model.RoomMsg) { presenter <- m })()
	receive(t, presenter)

	x.query(t, model.QueryNextStep, 0)
	id := receive(t, bob.lives).Room.Ask.ID
	if got := receive(t, ada.lives).Room.Ask; got.Phase != model.PhaseOpen || got.ID != id {
		t.Fatalf("ada does not see the question: %+v", got)
	}
	mustAnswer(t, ada.v, model.Answer{Kind: model.AnswerGuess, ID: id, Guess: optimizers.Vec{7}})
	if got := receive(t, ada.mine).Mine; got.AskID != id || got.Guess[0] != 7 {
		t.Errorf("ada hears %+v", got)
	}
	// The presenter may hear the question and the answer in one message or
	// two: its listener coalesces what it has not yet told.
	waitFor(t, presenter, func(m model.RoomMsg) bool { return m.Room.Ask.Answers == 1 })
	// The step: one delivery to bob, the race at t = 1 and the truth.
	x.step(1)
	l := receive(t, bob.lives)
	if l.Race.T() != 1 || l.Room.Ask.Phase != model.PhaseRevealed || l.Room.Ask.Truth != x.r.Runner(0).X {
		t.Errorf("bob's delivery of the step: t = %d, %+v", l.Race.T(), l.Room.Ask)
	}
	select {
	case m := <-bob.mine:
		t.Errorf("bob was told of answers not his: %+v", m)
	default:
	}
}

func TestTakenOverPresenterAsksNothing(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.c.Present(nil, "presenter", "again")
	if refused := x.p.Ask(model.Query{Kind: model.QueryVote, Race: x.r.Freeze()}); refused != "another session presents now" {
		t.Errorf("the old presenter's vote: %q", refused)
	}
}

func TestEndingTheClassForgetsTheRoom(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.query(t, model.QueryVote, 0)
	mustAnswer(t, x.join(t, "ada"), model.Answer{Kind: model.AnswerVote, ID: x.presenter().Vote.ID, Choice: 0})
	x.p.End()
	if got := x.student("ada"); got.Vote.Phase != model.PhaseNone || got.Vote.Mine != -1 {
		t.Errorf("the next class starts with %+v", got.Vote)
	}
}

func TestStudentName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ada":                           "ada",
		"\x1b[31mred\x1b[0m":            "[31mred[0m",
		"":                              "student",
		"\u200b\t":                      "student",
		strings.Repeat("abcdefghij", 5): "abcdefghijabcdefghijabcd",
		"José Ñúñez":                    "José Ñúñez",
	} {
		if got := StudentName(in); got != want {
			t.Errorf("StudentName(%q) = %q, want %q", in, got, want)
		}
	}
}

func posInf() float64 { return math.Inf(1) }
func negInf() float64 { return math.Inf(-1) }
func nan() float64    { return math.NaN() }

// TestQuestionsStayTrue: a vote locks once a lane has settled (the answer
// is on every screen) and cannot open then; a prediction the race stepped
// back from is cancelled, saying so; a challenge whose landscape changed is
// cancelled, since its entries' steps are not the new race's.
func TestQuestionsStayTrue(t *testing.T) {
	t.Parallel()
	x := newSeated(t)
	x.query(t, model.QueryVote, 0)
	for n := 0; !anySettled(x.r); n++ {
		if got := x.presenter().Vote; got.Phase != model.PhaseOpen {
			t.Fatalf("t = %d, nobody settled: vote %v", x.r.T(), got.Phase)
		}
		if n > 100 {
			t.Fatal("no lane settled")
		}
		x.step(1)
	}
	if got := x.presenter().Vote; got.Phase != model.PhaseClosed {
		t.Errorf("t = %d, a lane settled: vote %v, want closed", x.r.T(), got.Phase)
	}

	y := newSeated(t)
	y.step(x.r.T())
	if refused := y.p.Ask(model.Query{Kind: model.QueryVote, Race: y.r.Freeze()}); !strings.Contains(refused, "a lane has settled already") {
		t.Errorf("a vote after a lane settled: %q", refused)
	}
	y.query(t, model.QueryNextStep, 0)
	y.r.Back()
	y.publish()
	if got := y.presenter().Ask; got.Phase != model.PhaseCancelled || got.Why != "the race stepped back to t = "+strconv.Itoa(x.r.T()-1) {
		t.Errorf("a prediction stepped back from: %+v", got)
	}

	y.query(t, model.QueryChallenge, int(optimizers.GD))
	if err := y.r.SetObjective(optimizers.Quartic()); err != nil {
		t.Fatal(err)
	}
	y.publish()
	if got := y.student("ada").Challenge; got.Phase != model.PhaseCancelled || got.Why != "the landscape changed" || len(got.Entries) != 0 {
		t.Errorf("a challenge on another landscape: %+v", got)
	}
}
