package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// classRound is one round of the class's questions: the presenter's
// keypress→frame latencies while the students are silent and while they
// answer, the server's CPU in each, and the answering phase's keys.
type classRound struct {
	silent, answering       []time.Duration
	cpuSilent, cpuAnswering float64
	keys                    int64
	elapsed                 time.Duration
}

// classroom measures what three hundred students answering cost the
// presenter: with a vote open, the presenter steps o.rate times a second
// and asks for the next step after each step (a, as a teacher running
// predictions does), through o.rounds rounds of a silent phase and an
// answering phase, each o.classPhase long, in one run on one server. While
// answering, each student votes (a number key) and guesses (a, a number,
// enter) every o.answerEvery, staggered. Keypress→frame is the presenter's
// space → its screen showing the new step; the same keys in both phases.
func classroom(o options) error {
	// A vote closes once a lane settles and is revealed at the step limit:
	// with a finish zone no lane reaches and no step limit in reach, the
	// vote stays open through every round.
	class, err := seatClass(o, o.students, func(i int) string { return fmt.Sprintf("stu%03d", i+1) },
		"--tol", "1e-300", "--max-steps", "1000000")
	if err != nil {
		return err
	}
	defer class.end()
	sp, students, p := class.sp, class.viewers, class.presenter
	if err := p.Send("v"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	_, err = p.WaitForText(ctx, 0, "Which lane settles first?", "v closes")
	cancel()
	if err != nil {
		return fmt.Errorf("the vote did not open: %w", err)
	}
	interval := time.Duration(float64(time.Second) / o.rate)
	steps := int(o.classPhase.Seconds() * o.rate)
	t := 0
	rounds := make([]classRound, o.rounds)
	for r := range rounds {
		for _, answering := range []bool{false, true} {
			stop := make(chan struct{})
			var keys atomic.Int64
			var wg sync.WaitGroup
			if answering {
				for i, c := range students {
					wg.Go(func() { answer(c, i, len(students), o.answerEvery, stop, &keys) })
				}
			}
			cpu0, _ := cpuTime(sp.cmd.Process.Pid)
			began := time.Now()
			lat, err := presenterPhase(p, &t, steps, interval)
			elapsed := time.Since(began)
			close(stop)
			wg.Wait()
			cpu1, _ := cpuTime(sp.cmd.Process.Pid)
			if err != nil {
				return fmt.Errorf("round %d: %w", r+1, err)
			}
			cpu := (cpu1 - cpu0).Seconds() / elapsed.Seconds()
			if answering {
				rounds[r].answering, rounds[r].cpuAnswering, rounds[r].keys, rounds[r].elapsed = lat, cpu, keys.Load(), elapsed
			} else {
				rounds[r].silent, rounds[r].cpuSilent = lat, cpu
			}
		}
	}
	printClass(o, rounds, answersCounted(p.Screen()))
	return nil
}

// presenterPhase steps the presenter's race steps times, one every
// interval, from step *t, asking the class for the next step after each,
// and returns each step's keypress→frame latency.
func presenterPhase(p *client, t *int, steps int, interval time.Duration) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, steps)
	began := time.Now()
	for n := range steps {
		time.Sleep(time.Until(began.Add(time.Duration(n) * interval))) // pacing the presenter, not waiting for a frame
		mark := p.Mark()
		sent := time.Now()
		if err := p.Send(" "); err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		m, err := p.WaitForText(ctx, mark, atStep(*t+1))
		cancel()
		if err != nil {
			return nil, fmt.Errorf("presenter step %d: %w", *t+1, err)
		}
		lat = append(lat, time.Since(sent))
		*t++
		p.Forget(m)
		if err := p.Send("a"); err != nil { // the next prediction
			return nil, err
		}
	}
	return lat, nil
}

// answer is one student answering until stop: every `every`, from a start
// staggered by their place among n, a vote for a lane (1–5) and, half an
// interval later, a guess typed into the question's editor (a, a number,
// enter), without waiting to see either: a class does not wait for the
// server. keys counts the answers sent.
func answer(c *client, i, n int, every time.Duration, stop <-chan struct{}, keys *atomic.Int64) {
	rng := rand.New(rand.NewPCG(uint64(i), 19)) //nolint:gosec // G404: which lane a simulated student votes for
	next := time.Now().Add(every * time.Duration(i) / time.Duration(n))
	timer := time.NewTimer(time.Until(next))
	defer timer.Stop()
	wait := func(until time.Time) bool {
		timer.Reset(time.Until(until))
		select {
		case <-stop:
			return false
		case <-timer.C:
			return true
		}
	}
	for {
		if !wait(next) {
			return
		}
		if c.Send(strconv.Itoa(1+rng.IntN(5))) != nil {
			return
		}
		if !wait(next.Add(every / 2)) {
			return
		}
		if c.Send("a"+strconv.FormatFloat(9+rng.Float64(), 'f', 2, 64)+"\r") != nil {
			return
		}
		keys.Add(2)
		c.Forget(c.Mark()) // the screen keeps what it shows; the bytes can go
		next = next.Add(every)
	}
}

// answersCounted reads how many students the presenter's screen says voted.
func answersCounted(screen string) int {
	m := regexp.MustCompile(`Which lane settles first\? · (\d+) answers?`).FindStringSubmatch(screen)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func printClass(o options, rounds []classRound, counted int) {
	fmt.Printf("## class: 1 presenter + %d students at %d×%d; the presenter steps %.0f×/s and asks for the next step after each, a vote open; "+
		"%d rounds of %v silent then %v with every student voting and guessing every %v\n\n",
		o.students, o.width, o.height, o.rate, len(rounds), o.classPhase, o.classPhase, o.answerEvery)
	fmt.Println("| round | steps | silent p50 | silent p99 | answering p50 | answering p99 | p99 answering ÷ silent | server CPU silent / answering | answers sent |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var s50, s99, a50, a99, ratios []float64
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	for i, r := range rounds {
		if len(r.silent) == 0 || len(r.answering) == 0 {
			continue
		}
		sp50, sp99, ap50, ap99 := ms(pct(r.silent, 50)), ms(pct(r.silent, 99)), ms(pct(r.answering, 50)), ms(pct(r.answering, 99))
		s50, s99, a50, a99 = append(s50, sp50), append(s99, sp99), append(a50, ap50), append(a99, ap99)
		ratios = append(ratios, ap99/sp99)
		fmt.Printf("| %d | %d + %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f× | %.2f / %.2f cores | %d (%.0f/s) |\n",
			i+1, len(r.silent), len(r.answering), sp50, sp99, ap50, ap99, ap99/sp99, r.cpuSilent, r.cpuAnswering,
			r.keys, float64(r.keys)/r.elapsed.Seconds())
	}
	if len(ratios) == 0 {
		fmt.Println(errors.New("no round measured"))
		return
	}
	fmt.Printf("| **median** | | %.1f ms | %.1f ms | %.1f ms | %.1f ms | **%.2f×** | | |\n", median(s50), median(s99), median(a50), median(a99), median(ratios))
	var silent, answering []time.Duration
	for _, r := range rounds {
		silent, answering = append(silent, r.silent...), append(answering, r.answering...)
	}
	fmt.Printf("| all rounds | %d + %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f× | | |\n\n", len(silent), len(answering),
		ms(pct(silent, 50)), ms(pct(silent, 99)), ms(pct(answering, 50)), ms(pct(answering, 99)), ms(pct(answering, 99))/ms(pct(silent, 99)))
	fmt.Printf("Students the class counted as voting (the presenter's vote header): %d of %d.\n\n", counted, o.students)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
