package server

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/optirace/optirace/class"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/server/termclient"
)

// students is how many students the class test seats, each in a session
// of their own, and one of them in a second session too.
const students = 30

// classLanes are the race of the class test: three GDs on x² from x₀ = 10
// with a zone of 0.1, which the engine settles at t = 6, 3 and 10 and ends
// at t = 60, so that a vote is revealed after a few dozen steps.
func classLanes() (optimizers.Settings, []optimizers.Lane) {
	s := optimizers.Defaults()
	var lanes []optimizers.Lane
	for _, lr := range []float64{0.3, 0.4, 0.2} {
		l := s.Lane(optimizers.GD)
		l.Hyper.LR = lr
		lanes = append(lanes, l)
	}
	return s, lanes
}

// each runs do for every student at once and fails the test with the
// first error.
func each(t *testing.T, clients []*termclient.Client, do func(i int, c *termclient.Client) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(clients))
	for i, c := range clients {
		wg.Go(func() { errs[i] = do(i, c) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("student %d: %v", i+1, err)
		}
	}
}

func studentName(i int) string { return fmt.Sprintf("s%02d", i+1) }

// TestClassVotesGuessesAndEntersOverSSH: a presenter and thirty students,
// each a real SSH session, take part in a vote, a prediction and a tuning
// challenge. The tallies, the reveals and the leaderboard on the
// presenter's screen are the class's count of what the students typed and
// the engine's own runs; a student's second session shares their answer;
// a student flooding keys, a vote for a lane that does not exist, a guess
// that is not a number and an entry out of range each leave one line on
// that student's screen and change nothing else.
func TestClassVotesGuessesAndEntersOverSSH(t *testing.T) {
	t.Parallel()
	settings, lanes := classLanes()
	ts, auth := presenterServer(t, func(cfg *Config) {
		cfg.Model = model.Options{Settings: settings, Lanes: lanes, Tol: 0.1}
	})
	pr := dial(t, ts.addr, auth)
	waitText(t, pr, 0, hang, atStep(0), "0 watching")

	// Thirty students, on terminals the size of a laptop's half screen.
	clients := make([]*termclient.Client, students)
	each(t, clients, func(i int, _ *termclient.Client) error {
		c, err := termclient.Dial(deadline(t, hang), ts.addr, termclient.Options{User: studentName(i), Width: 100, Height: 30})
		if err != nil {
			return err
		}
		clients[i] = c
		t.Cleanup(func() { _ = c.Close() })
		_, err = c.WaitForText(deadline(t, hang), 0, atStep(0), "LIVE")
		return err
	})
	twin := dial(t, ts.addr, termclient.Options{User: studentName(0), Width: 100, Height: 30})
	waitText(t, twin, 0, hang, atStep(0), "LIVE")
	waitText(t, pr, 0, hang, strconv.Itoa(students+1)+" watching")

	// The vote: student i votes for lane i mod 3 + 1; s01 changes her mind
	// from her second session; s30 holds a key down.
	if err := pr.Send("v"); err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(clients), twin)
	each(t, all, func(_ int, c *termclient.Client) error {
		_, err := c.WaitForText(deadline(t, hang), 0, "VOTE", "Which lane settles first? press 1–3")
		return err
	})
	each(t, clients[:students-1], func(i int, c *termclient.Client) error {
		choice := i%3 + 1
		if err := c.Send(strconv.Itoa(choice)); err != nil {
			return err
		}
		_, err := c.WaitForText(deadline(t, hang), 0, "your vote: "+strconv.Itoa(choice)+" GD α="+[]string{"0.3", "0.4", "0.2"}[i%3])
		return err
	})
	flood := clients[students-1]
	// 300 votes at once, 30 times the burst a session may answer; then ?,
	// whose help shows once every vote before it has been taken, and ?
	// again to close it, so that nothing of the flood is left to delay the
	// questions after it on a busy machine.
	if err := flood.Send(strings.Repeat("3", 300)); err != nil {
		t.Fatal(err)
	}
	waitText(t, flood, 0, hang, "too many answers at once", "your vote: 3 GD α=0.2")
	if err := flood.Send("?"); err != nil {
		t.Fatal(err)
	}
	waitText(t, flood, 0, hang, "any key closes")
	if err := flood.Send("?"); err != nil {
		t.Fatal(err)
	}
	waitText(t, flood, 0, hang, "your vote: 3 GD α=0.2")
	if got := ts.Class().Latest().T(); got != 0 {
		t.Fatalf("students' keys moved the shared race to t = %d", got)
	}
	if err := twin.Send("2"); err != nil {
		t.Fatal(err)
	}
	waitText(t, twin, 0, hang, "your vote: 2 GD α=0.4")
	if err := clients[4].Send("7"); err != nil {
		t.Fatal(err)
	}
	waitText(t, clients[4], 0, hang, "there is no lane 7: vote 1–3", "your vote: 2 GD α=0.4")

	// The presenter's tally: 9, 11, 10 of 30, s01 counted once, for lane 2.
	// The presenter hears of answers at most five times a second, so its
	// screen may say 30 answers before s01's change of mind: wait for the
	// tally itself.
	tally := regexp.MustCompile(`(?m)^ ([123]) \S GD α=0\.[234] +[^0-9]*?(\d+) *$`)
	wantTally := map[string]string{"1": "9", "2": "11", "3": "10"}
	tallyOf := func(screen string) map[string]string {
		got := map[string]string{}
		for _, m := range tally.FindAllStringSubmatch(screen, -1) {
			got[m[1]] = m[2]
		}
		return got
	}
	mark, err := pr.WaitFor(deadline(t, hang), 0, func(screen string) bool {
		return strings.Contains(screen, "Which lane settles first? · 30 answers · v closes") && mapsEqual(tallyOf(screen), wantTally)
	})
	if err != nil {
		t.Fatalf("the presenter's tally %v, want %v (%v):\n%s", tallyOf(pr.Screen()), wantTally, err, pr.Screen())
	}
	if strings.Contains(clients[0].Screen(), "answers") {
		t.Errorf("a student sees the tally before the reveal:\n%s", clients[0].Screen())
	}
	if err := pr.Send("v"); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, pr, mark, hang, "closed: the race's end reveals it")
	waitText(t, clients[2], 0, hang, "voting closed · your vote: 3 GD α=0.2")

	// The prediction: where will lane 2 (GD α = 0.4) be after step 1? Its
	// x is 10 − 0.4 · 20 = 2; student i guesses 2 + i/10, and s05 first
	// types a word.
	if err := pr.Send("2a"); err != nil {
		t.Fatal(err)
	}
	each(t, clients, func(i int, c *termclient.Client) error {
		if _, err := c.WaitForText(deadline(t, hang), 0, "Where will GD α=0.4's x be after the next step (t = 1)?"); err != nil {
			return err
		}
		if err := c.Send("a"); err != nil {
			return err
		}
		if _, err := c.WaitForText(deadline(t, hang), 0, "Where will GD α=0.4's x be at t = 1?"); err != nil {
			return err
		}
		if i == 4 {
			if err := c.Send("two\r"); err != nil {
				return err
			}
			if _, err := c.WaitForText(deadline(t, hang), 0, "must be a finite number"); err != nil {
				return err
			}
			if err := c.Send(strings.Repeat("\x7f", 3)); err != nil { // backspace
				return err
			}
		}
		guess := numberText(2 + float64(i)/10)
		if err := c.Send(guess + "\r"); err != nil {
			return err
		}
		_, err := c.WaitForText(deadline(t, hang), 0, "your guess: "+guess)
		return err
	})
	mark = waitText(t, pr, mark, hang, "30 answers · the next step reveals it")
	if err := pr.Send(" "); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, pr, mark, hang, atStep(1), "GD α=0.4's x at t = 1: 2 · 30 answers",
		"closest: s01 2 (off 0) · s02 2.1 (off 0.10) · s03 2.2 (off 0.20)")
	waitText(t, clients[3], 0, hang, "GD α=0.4's x at t = 1: 2", "your guess 2.3 is off by 0.30")

	// The race runs to its end (keys that arrive together are one frame):
	// the vote is revealed on every screen, the right ones named on the
	// presenter's.
	want := raceTo(t, settings, lanes, 0.1)
	winners, at := class.Winners(want)
	if !slices.Equal(winners, []int{1}) || at != 3 {
		t.Fatalf("the engine settles lanes %v first at t = %d; the test expects lane 2 at t = 3", winners, at)
	}
	if err := pr.Send(strings.Repeat(" ", want.T()-1)); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, pr, mark, hang, atStep(want.T()),
		"GD α=0.4 settled first at t = 3 · 11 of 30 right: s01, s02, s05, s08")
	each(t, all, func(i int, c *termclient.Client) error {
		verdict := "· you voted "
		if i == 0 || i == students || i%3 == 1 { // s01 (both sessions) changed to lane 2
			verdict = "· you were right · 11 of 30 right"
		}
		_, err := c.WaitForText(deadline(t, hang), 0, "GD α=0.4 settled first at t = 3 "+verdict)
		return err
	})

	// The challenge: settle lane 1's GD in as few steps as one can. Each
	// student enters an α; s07's 0.5 lands on the minimum at once; s10
	// first enters 0, which the editor refuses; s12's 1.1 diverges.
	if err := pr.Send("1u\r"); err != nil {
		t.Fatal(err)
	}
	waitText(t, pr, mark, hang, "CHALLENGE", "settle GD in as few steps as you can · 0 entered")
	alphas := make([]float64, students)
	for i := range alphas {
		alphas[i] = 0.05 + 0.012*float64(i)
	}
	alphas[6], alphas[11] = 0.5, 1.1
	each(t, clients, func(i int, c *termclient.Client) error {
		if _, err := c.WaitForText(deadline(t, hang), 0, "settle GD in as few steps as you can (zone ±0.1) · u takes part"); err != nil {
			return err
		}
		if err := c.Send("u"); err != nil {
			return err
		}
		if _, err := c.WaitForText(deadline(t, hang), 0, "Challenge: settle GD in as few steps as you can", "your copy"); err != nil {
			return err
		}
		if i == 9 {
			if err := c.Send("0\r"); err != nil {
				return err
			}
			if _, err := c.WaitForText(deadline(t, hang), 0, "must be a finite number > 0"); err != nil {
				return err
			}
			if err := c.Send("\x7f"); err != nil {
				return err
			}
		}
		if err := c.Send(numberText(alphas[i]) + "\r"); err != nil {
			return err
		}
		mine := "your best: α=" + numberText(alphas[i])
		if i == 11 {
			mine = "your entry: α=1.1, diverged at t = " // not ranked: it has to settle
		}
		_, err := c.WaitForText(deadline(t, hang), 0, mine)
		return err
	})
	// The server's own runs, ranked: the presenter's leaderboard.
	type ranked struct {
		name string
		e    model.Entry
	}
	var runs []ranked
	for i, a := range alphas {
		l := lanes[0]
		l.Hyper.LR = a
		runs = append(runs, ranked{studentName(i), class.RunEntry(settings, optimizers.Quadratic(), 0.1, l)})
	}
	slices.SortStableFunc(runs, func(a, b ranked) int { return rankOrder(a.e) - rankOrder(b.e) })
	if runs[0].name != "s07" || runs[0].e.SettledAt != 1 || runs[len(runs)-1].e.DivergedAt < 0 {
		t.Fatalf("the engine's runs are not what the test expects: best %+v, last %+v", runs[0], runs[len(runs)-1])
	}
	mark = waitText(t, pr, mark, hang, "30 entered · 0 running")
	board := regexp.MustCompile(`(?m)^ +(\d+)\. (s\d\d) +α=(\S+) +(.+?) *$`)
	rows := board.FindAllStringSubmatch(pr.Screen(), -1)
	if len(rows) < 3 {
		t.Fatalf("no leaderboard on the presenter's screen:\n%s", pr.Screen())
	}
	for i, row := range rows[:3] {
		r := runs[i]
		// Entries that tie rank in the order they were entered, which
		// thirty students at once leave open: a name is checked where the
		// step is the runner's alone.
		alone := 0
		for _, o := range runs {
			if o.e.SettledAt == r.e.SettledAt {
				alone++
			}
		}
		if row[4] != "settled at t = "+strconv.Itoa(r.e.SettledAt) || alone == 1 && row[2] != r.name {
			t.Errorf("leaderboard row %d: %q, want %s settled at t = %d", i+1, row[0], r.name, r.e.SettledAt)
		}
	}
	waitText(t, clients[11], 0, hang, "your entry: α=1.1, diverged at t = ", "not ranked: it has to settle")
	// The presenter ends it and races the best as a lane of the shared race.
	if err := pr.Send("u"); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, pr, mark, hang, "over · best: s07's α=0.5, settled at t = 1 · enter races it as a lane")
	if err := pr.Send("\r"); err != nil {
		t.Fatal(err)
	}
	waitText(t, pr, mark, hang, "s07's GD α=0.5 races as lane 4")
	waitText(t, clients[0], 0, hang, "over · best: α=0.5, settled at t = 1")
	if got := ts.Class().Latest().Lanes(); len(got) != 4 || got[3].Hyper.LR != 0.5 {
		t.Errorf("the shared race's lanes: %+v, want s07's as the fourth", got)
	}
}

// raceTo runs the race of settings, lanes and tol to its end.
func raceTo(t *testing.T, s optimizers.Settings, lanes []optimizers.Lane, tol float64) *race.Race {
	t.Helper()
	r, err := race.New(s, optimizers.Quadratic(), race.WithTol(tol), race.WithLanes(lanes))
	if err != nil {
		t.Fatal(err)
	}
	r.RunToEnd(model.DefaultMaxSteps)
	return r
}

// rankOrder sorts entries as the class ranks them: settled by step, then
// the rest, diverged last.
func rankOrder(e model.Entry) int {
	switch {
	case e.Settled():
		return e.SettledAt
	case e.DivergedAt < 0:
		return model.MaxChallengeSteps + 1
	}
	return 2*model.MaxChallengeSteps - e.DivergedAt
}

// numberText writes v as the screens do.
func numberText(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAnonymousClassNamesNobody: with serve --anonymous the presenter's
// screen counts who was right but names nobody.
func TestAnonymousClassNamesNobody(t *testing.T) {
	t.Parallel()
	settings, lanes := classLanes()
	ts, auth := presenterServer(t, func(cfg *Config) {
		cfg.Model = model.Options{Settings: settings, Lanes: lanes, Tol: 0.1}
		cfg.Anonymous = true
	})
	pr := dial(t, ts.addr, auth)
	ada := dial(t, ts.addr, termclient.Options{User: "ada"})
	waitText(t, ada, 0, hang, atStep(0), "LIVE")
	mark := waitText(t, pr, 0, hang, "1 watching")
	if err := pr.Send("v"); err != nil {
		t.Fatal(err)
	}
	waitText(t, ada, 0, hang, "Which lane settles first? press 1–3")
	if err := ada.Send("2"); err != nil {
		t.Fatal(err)
	}
	mark = waitText(t, pr, mark, hang, "1 answer · v closes")
	end := raceTo(t, settings, lanes, 0.1).T()
	if err := pr.Send(strings.Repeat(" ", end)); err != nil {
		t.Fatal(err)
	}
	waitText(t, pr, mark, hang, atStep(end), "settled first at t = 3 · 1 of 1 right")
	if strings.Contains(pr.Screen(), "ada") {
		t.Errorf("an anonymous class names a student:\n%s", pr.Screen())
	}
	waitText(t, ada, 0, hang, "you were right")
}

// TestAnswersAreRateLimited: a session's answers beyond its rate are
// refused with one line, before they reach the class.
func TestAnswersAreRateLimited(t *testing.T) {
	t.Parallel()
	var reached int
	room := limitAnswers(countingRoom{&reached})
	refused := ""
	for range 100 {
		if r := room.Answer(model.Answer{}); r != "" {
			refused = r
		}
	}
	if reached < answerBurst || reached > answerBurst+2 || refused != "too many answers at once: wait a moment and answer again" {
		t.Errorf("100 answers at once: %d reached the class, refusal %q", reached, refused)
	}
	if limitAnswers(nil) != nil {
		t.Error("no class became a class")
	}
}

// countingRoom counts the answers that reach it.
type countingRoom struct{ n *int }

func (c countingRoom) Ask(model.Query) string { return "" }

func (c countingRoom) Answer(model.Answer) string {
	*c.n++
	return ""
}
