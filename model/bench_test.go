package model

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// benchModel returns a model at 240×60 after steps steps, its charts
// rendered the cached way or through ntcharts' View every frame.
func benchModel(b *testing.B, steps int, uncached bool) *Model {
	b.Helper()
	m := send(newModel(b), tea.WindowSizeMsg{Width: 240, Height: 60})
	m.screens[screenRace].(*raceScreen).view.SetUncachedCharts(uncached)
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
		{"ntcharts-uncached/t=1000", 1000, true},
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
