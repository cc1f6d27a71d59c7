package model

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// benchModel returns a model at 240×60 after steps steps, its charts
// rendered the cached way or through ntcharts' View every frame.
func benchModel(b *testing.B, steps int, uncached bool) *Model {
	b.Helper()
	m := send(newModel(b), tea.WindowSizeMsg{Width: 240, Height: 60})
	_ = uncached // the charts helper's fresh-views baseline replaces this
	for range steps {
		ownRace(m).Step()
	}
	_ = m.View()
	return m
}

// BenchmarkStepFrame is one step plus the View that follows at 240×60 (then
// a step back, so that every frame is drawn at the same t).
func BenchmarkStepFrame(b *testing.B) {
	for _, c := range []struct {
		name     string
		steps    int
		uncached bool
	}{
		{"t=1000", 1000, false},
		{"t=10", 10, false},
		{"t=10000", 10000, false},
		{"convergence/t=1000", 1000, false},
		{"convergence/t=10000", 10000, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := benchModel(b, c.steps, c.uncached)
			if strings.HasPrefix(c.name, "convergence") {
				m = send(m, keyMsg("c"))
				_ = m.View()
			}
			step, back := keyMsg("space"), keyMsg("left")
			b.ReportAllocs()
			for b.Loop() {
				m = send(m, step)
				_ = m.View()
				m = send(m, back)
			}
		})
	}
}

// BenchmarkIdleFrame is View with nothing changed since the last frame.
func BenchmarkIdleFrame(b *testing.B) {
	m := benchModel(b, 1000, false)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkLateEdit is an edit at t = 1,000,000: replay is the edit from
// its enter to the replayed race applied (the replay runs off the UI
// goroutine; here the benchmark waits for it), and key-frame is a key and
// the frame after it while such a replay runs on the other core: what a
// user waits for a frame meanwhile.
func BenchmarkLateEdit(b *testing.B) {
	const at = 1_000_000
	m := benchModel(b, at, false)
	b.Run("replay/t=1e6", func(b *testing.B) {
		alphas := []string{"0.3", "0.1"}
		for i := 0; b.Loop(); i++ {
			cmd := editGD(m, alphas[i%2])
			m = send(m, cmd())
		}
		if ownRace(m).T() != at {
			b.Fatalf("t = %d after the replays", ownRace(m).T())
		}
	})
	b.Run("key-frame/t=1e6", func(b *testing.B) {
		r := ownRace(m)
		job := replayJob{settings: r.Settings(), obj: r.Objective(), tol: r.Tol(), t: at}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { // replays over and over until the benchmark ends
			defer close(done)
			for ctx.Err() == nil {
				_, _ = job.run(ctx)
			}
		}()
		focus := []tea.Msg{keyMsg("3"), keyMsg("1")}
		for i := 0; b.Loop(); i++ {
			m = send(m, focus[i%2])
			_ = m.View()
		}
		stop()
		<-done
	})
}
