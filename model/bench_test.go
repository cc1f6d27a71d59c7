package model

import (
	"context"
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

// benchModel returns a model of the lecture's five on x² at w×h after
// steps steps, its frame drawn, in colour (TrueColor, as an SSH terminal
// gets it) or, as the other tests draw, without.
func benchModel(b *testing.B, w, h, steps int, colour bool) *Model {
	b.Helper()
	return benchRace(b, "quadratic", nil, w, h, steps, colour)
}

// benchRace is benchModel on landscape obj at its defaults, with lanes
// (nil: the lecture's five).
func benchRace(b *testing.B, obj string, lanes []optimizers.Lane, w, h, steps int, colour bool) *Model {
	b.Helper()
	o, err := optimizers.ObjectiveByName(obj)
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{Settings: o.Defaults(), Objective: o, Lanes: lanes}
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
		ownRace(m).Step()
	}
	_ = m.View()
	return m
}

// eightLanes is GD at eight learning rates: a sweep past the edge of
// stability (α = 1 on x² oscillates for ever, 1.01 diverges).
func eightLanes() []optimizers.Lane {
	eight := make([]optimizers.Lane, 0, optimizers.MaxLanes)
	for _, lr := range []float64{0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1, 1.01} {
		l := optimizers.Defaults().Lane(optimizers.GD)
		l.Hyper.LR = lr
		eight = append(eight, l)
	}
	return eight
}

// freshViews gives m new chart views, with nothing drawn yet: the next
// frame is drawn from scratch.
func freshViews(m *Model) {
	m.screens[screenRace].(*raceScreen).view = views.NewRaceView(m.c.styles)
	m.screens[screenConvergence].(*convergenceScreen).view = views.NewConvergenceView(m.c.styles)
}

// BenchmarkStepFrame is one step plus the View that follows at 240×60 (then
// a step back, so that every frame is drawn at the same t). The scratch
// cases draw every frame with new views, as a program without a chart cache
// would: the baseline the cached frames are measured against. The track and
// log cases draw the charts in the track view (o) and on the log scale (g).
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
		{"track/t=1000", 1000, false, false},
		{"track+log/t=1000", 1000, false, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := benchModel(b, 240, 60, c.steps, c.colour)
			if strings.HasPrefix(c.name, "convergence") {
				m = send(m, keyMsg("c"))
				_ = m.View()
			}
			if strings.HasPrefix(c.name, "track") {
				m = send(m, keyMsg("o"))
			}
			if strings.Contains(c.name, "log") {
				m = send(m, keyMsg("g"))
			}
			_ = m.View()
			step, back := keyMsg("space"), keyMsg("left")
			b.ReportAllocs()
			for b.Loop() {
				m = send(m, step)
				if c.scratch {
					freshViews(m)
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
	for _, c := range []struct {
		name, obj string
		lanes     []optimizers.Lane
	}{{"five/x²", "quadratic", nil}, {"eight/x²", "quadratic", eightLanes()}, {"five/bowl", "bowl", nil}} {
		for _, steps := range []int{25, 1000} {
			b.Run(c.name+"/120x40/t="+strconv.Itoa(steps), func(b *testing.B) {
				benchBytes(b, benchRace(b, c.obj, c.lanes, 120, 40, steps, true))
			})
		}
	}
}

// benchBytes reports the bytes of m's step frames (see
// BenchmarkStepFrameBytes).
func benchBytes(b *testing.B, m *Model) {
	b.Helper()
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
}

// BenchmarkIdleFrame is View with nothing changed since the last frame.
func BenchmarkIdleFrame(b *testing.B) {
	m := benchModel(b, 240, 60, 1000, false)
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
	m := benchModel(b, 240, 60, at, false)
	b.Run("replay/t=1e6", func(b *testing.B) {
		for b.Loop() {
			alpha := "0.3" // each edit changes α, so that each replays
			if ownRace(m).Settings().LR[optimizers.GD] == 0.3 {
				alpha = "0.1"
			}
			m = send(m, editGD(m, alpha)())
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

// BenchmarkFrame is the frame after a step and the frame after a step back,
// in turn, at 240×60 from t = 1000 (every frame shows a step it did not
// show before): per frame, the lecture's five on x², eight lanes on x²,
// and the five on 2-D landscapes with the map's whole and track views. The
// five on x² is the baseline the others are measured against in one run.
func BenchmarkFrame(b *testing.B) {
	eight := eightLanes()
	for _, c := range []struct {
		name  string
		obj   string
		lanes []optimizers.Lane
		keys  []string
	}{
		{"five/x²", "quadratic", nil, nil},
		{"eight/x²", "quadratic", eight, nil},
		{"five/bowl", "bowl", nil, nil},
		{"five/rosenbrock", "rosenbrock", nil, nil},
		{"five/rosenbrock/track", "rosenbrock", nil, []string{"o"}},
		{"five/rosenbrock/small-maps", "rosenbrock", nil, []string{"m"}},
		{"eight/bowl", "bowl", eight, nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			obj, err := optimizers.ObjectiveByName(c.obj)
			if err != nil {
				b.Fatal(err)
			}
			m, err := New(Options{Settings: obj.Defaults(), Objective: obj, Lanes: c.lanes})
			if err != nil {
				b.Fatal(err)
			}
			m = send(m, tea.WindowSizeMsg{Width: 240, Height: 60})
			m = send(m, keys(c.keys...)...)
			for range 1000 {
				ownRace(m).Step()
			}
			_ = m.View()
			moves := []tea.Msg{keyMsg("space"), keyMsg("left")}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				m = send(m, moves[i%2])
				_ = m.View()
			}
		})
	}
}
