package model

import (
	"io"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/views"
)

// benchModel returns a model at w×h after steps steps, its frame drawn, in
// colour (TrueColor, as an SSH terminal gets it) or, as the other tests
// draw, without.
func benchModel(b *testing.B, w, h, steps int, colour bool) Model {
	b.Helper()
	opts := Options{Settings: optimizers.Defaults()}
	if colour {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(true)
		opts.Renderer = r
	}
	m, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
	for range steps {
		m.race.Step()
	}
	_ = m.View()
	return m
}

// freshViews gives m new chart views, with nothing drawn yet: the next
// frame is drawn from scratch.
func freshViews(m *Model) {
	m.raceView = views.NewRaceView(m.styles)
	m.convergence = views.NewConvergenceView(m.styles)
}

// BenchmarkStepFrame is one step plus the View that follows at 240×60 (then
// a step back, so that every frame is drawn at the same t). The scratch
// cases draw every frame with new views, as a program without a chart cache
// would: the baseline the cached frames are measured against.
func BenchmarkStepFrame(b *testing.B) {
	for _, c := range []struct {
		name    string
		steps   int
		scratch bool
		colour  bool
	}{
		{"t=1000", 1000, false, false},
		{"scratch/t=1000", 1000, true, false},
		{"t=10", 10, false, false},
		{"t=10000", 10000, false, false},
		{"colour/t=1000", 1000, false, true},
		{"convergence/t=1000", 1000, false, false},
		{"convergence/scratch/t=1000", 1000, true, false},
		{"convergence/t=10000", 10000, false, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := benchModel(b, 240, 60, c.steps, c.colour)
			if strings.HasPrefix(c.name, "convergence") {
				m = send(m, keyMsg("c"))
				_ = m.View()
			}
			step, back := keyMsg("space"), keyMsg("left")
			b.ReportAllocs()
			for b.Loop() {
				m = send(m, step)
				if c.scratch {
					freshViews(&m)
				}
				_ = m.View()
				m = send(m, back)
			}
		})
	}
}

// BenchmarkStepFrameBytes reports what a step frame costs over SSH at
// 120×40 in colour: sent-B is the bytes of the lines that differ from the
// frame before (bubbletea rewrites those whole; its cursor movements are not
// counted), frame-B the whole frame's.
func BenchmarkStepFrameBytes(b *testing.B) {
	for _, steps := range []int{25, 1000} {
		b.Run("120x40/t="+strconv.Itoa(steps), func(b *testing.B) {
			m := benchModel(b, 120, 40, steps, true)
			before := strings.Split(m.View(), "\n")
			step, back := keyMsg("space"), keyMsg("left")
			var sent, frame int
			for b.Loop() {
				m = send(m, step)
				f := m.View()
				m = send(m, back)
				sent, frame = 0, len(f)
				for i, line := range strings.Split(f, "\n") {
					if i >= len(before) || line != before[i] {
						sent += len(line)
					}
				}
			}
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(float64(sent), "sent-B/frame")
			b.ReportMetric(float64(frame), "frame-B")
		})
	}
}

// BenchmarkIdleFrame is View with nothing changed since the last frame.
func BenchmarkIdleFrame(b *testing.B) {
	m := benchModel(b, 240, 60, 1000, false)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}
