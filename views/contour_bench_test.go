package views

import (
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// mapFrames are the engine's race of the five optimizers on Rosenbrock
// (still moving there after 1,000 steps), on its defaults, frozen at t and
// t + 1: a benchmark alternates between them, so that every frame draws a
// step.
func mapFrames(b *testing.B, t int) (Landscape, [2]race.Reader) {
	b.Helper()
	r := testRace(b, "rosenbrock")
	var out [2]race.Reader
	pathsAt(r, t)
	out[0] = r.Freeze()
	r.Step()
	out[1] = r.Freeze()
	return landscape(b, "rosenbrock"), out
}

// raceFrames are the lecture's 1-D race at t and t + 1, frozen.
func raceFrames(b *testing.B, t int) [2]race.Reader {
	b.Helper()
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		b.Fatal(err)
	}
	var out [2]race.Reader
	for i := range t + 1 {
		r.Step()
		if i+1 >= t {
			out[i+1-t] = r.Freeze()
		}
	}
	return out
}

// BenchmarkMapFrame is a step frame of a map at 240×60 after 1,000 steps
// of the five optimizers on Rosenbrock (each path its latest 128 points,
// read from the race), whole and tracking, without colour and in
// TrueColor, and after 30 steps, while every lane still moves far each
// step; 1-D is the 1-D race screen's frame at the
// same size and step in the same run, the 1-D frame the map's is measured
// against. Each op draws the next step's frame: t and t + 1 in turn.
func BenchmarkMapFrame(b *testing.B) {
	for _, c := range []struct {
		name          string
		track, colour bool
		t             int
	}{
		{"whole/240x60/t=1000", false, false, 1000},
		{"track/240x60/t=1000", true, false, 1000},
		{"whole/colour/240x60/t=1000", false, true, 1000},
		{"track/colour/240x60/t=1000", true, true, 1000},
		{"whole/240x60/t=30", false, false, 30},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := testStyles()
			if c.colour {
				s = colourStyles(false)
			}
			l, frames := mapFrames(b, c.t)
			m := newMap(s, l, 240, 60, c.track)
			var paths []MapPath
			for _, f := range frames {
				paths = MapPaths(f, trajectoryPoints, paths)
				m.Lines(paths)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				paths = MapPaths(frames[i&1], trajectoryPoints, paths)
				m.Lines(paths)
				i++
			}
		})
	}
	for _, colour := range []bool{false, true} {
		name := "1-D/240x60/t=1000"
		if colour {
			name = "1-D/colour/240x60/t=1000"
		}
		b.Run(name, func(b *testing.B) {
			s := testStyles()
			if colour {
				s = colourStyles(false)
			}
			frames := raceFrames(b, 1000)
			v := NewRaceView(s)
			v.Render(RaceState{Race: frames[0]}, 240, 59)
			v.Render(RaceState{Race: frames[1]}, 240, 59)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				v.Render(RaceState{Race: frames[i&1]}, 240, 59)
				i++
			}
		})
	}
}

// BenchmarkMapBackground is the map's static layer drawn anew (axes,
// shading, contour lines), as when the track view's window moves or the
// size or landscape changes: the cost of the frames that are not step
// frames.
func BenchmarkMapBackground(b *testing.B) {
	for _, colour := range []bool{false, true} {
		name := "contours/240x60"
		if colour {
			name = "colour/240x60"
		}
		b.Run(name, func(b *testing.B) {
			s := testStyles()
			if colour {
				s = colourStyles(false)
			}
			l, frames := mapFrames(b, 1000)
			m := newMap(s, l, 240, 60, false)
			b.ReportAllocs()
			for b.Loop() {
				m.static.cells = nil // the next frame draws the static layer
				m.shown.valid = false
				m.Lines(MapPaths(frames[0], trajectoryPoints, nil))
			}
		})
	}
}

// BenchmarkMapFrameBytes reports what a step frame of the map costs over
// SSH at 120×40 in TrueColor, beside the 1-D race screen's, early in the
// race (every lane moving far each step) and after 1,000 steps: sent-B is the
// bytes of the lines that differ from the frame before (a terminal
// renderer rewrites those whole), frame-B the whole frame's.
func BenchmarkMapFrameBytes(b *testing.B) {
	measure := func(b *testing.B, draw func(i int) []string) {
		before := strings.Join(draw(0), "\n")
		var sent, frame int
		i := 1
		for b.Loop() {
			after := draw(i)
			sent, frame = changedBytes(strings.Split(before, "\n"), after), len(strings.Join(after, "\n"))
			before = strings.Join(after, "\n")
			i++
		}
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(float64(sent), "sent-B/frame")
		b.ReportMetric(float64(frame), "frame-B")
	}
	for _, t := range []int{30, 1000} {
		b.Run("map/120x40/t="+strconv.Itoa(t), func(b *testing.B) {
			l, frames := mapFrames(b, t)
			m := newMap(colourStyles(false), l, 120, 40, false)
			var paths []MapPath
			measure(b, func(i int) []string {
				paths = MapPaths(frames[i&1], trajectoryPoints, paths)
				return m.Lines(paths)
			})
		})
		b.Run("1-D/120x40/t="+strconv.Itoa(t), func(b *testing.B) {
			frames := raceFrames(b, t)
			v := NewRaceView(colourStyles(false))
			measure(b, func(i int) []string { return v.Render(RaceState{Race: frames[i&1]}, 120, 39) })
		})
	}
}

// changedBytes is the bytes of the lines of after that differ from before.
func changedBytes(before, after []string) int {
	n := 0
	for i, line := range after {
		if i >= len(before) || line != before[i] {
			n += len(line)
		}
	}
	return n
}
