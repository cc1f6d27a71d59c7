package views

import (
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// colourStyles returns styles in TrueColor on a dark background, as an SSH
// terminal gets them, whatever the tests' default renderer does.
func colourStyles(ascii bool) *Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	s := DefaultStyles(r)
	s.ASCII = ascii
	return &s
}

// TestAppendRowMergesRuns: one pair of escape sequences per run; blanks
// stay inside a run of a foreground colour but not of reverse video, and
// styles with the same sequences (the axes and their labels) share a run.
func TestAppendRowMergesRuns(t *testing.T) {
	s := colourStyles(false)
	p := &s.cells
	dim := s.paints.axis
	cur := laneStyle(int(optimizers.GD), laneCurrent)
	curPaint := s.paints.laneCurrent[optimizers.GD]
	row := func(cs ...cell) string { return string(p.appendRow(nil, cs)) }
	for _, c := range []struct {
		name string
		got  string
		want string
	}{
		{"plain", row(newCell('a', styleNone), 0, newCell('b', styleNone)), "a b"},
		{"axis and label", row(newCell('│', styleAxis), newCell('1', styleLabel)), dim.pre + "│1" + dim.post},
		{"blanks inside", row(newCell('│', styleAxis), 0, 0, newCell('│', styleAxis)), dim.pre + "│  │" + dim.post},
		{"blanks at the end", row(newCell('│', styleAxis), 0), dim.pre + "│ " + dim.post},
		{"reverse video", row(newCell('●', cur), 0, newCell('●', cur)), curPaint.wrap("●") + " " + curPaint.wrap("●")},
		{"a reverse blank shows", row(newCell(' ', cur)), curPaint.wrap(" ")},
		{"unknown style", row(newCell('x', styleID(maxStyles-1))), "x"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

// TestDotsMergeInAnyOrder: dots sharing a cell merge into one braille
// character coloured by the highest ink, whichever was drawn first, and
// merge with braille already in the grid.
func TestDotsMergeInAnyOrder(t *testing.T) {
	looks := []inkLook{{style: styleCurve, ascii: '.'}, {style: laneStyle(1, laneMark), ascii: '2'}}
	draw := func(order []int8, under cell, ascii bool) cell {
		d := newDots(1, 1)
		for i, ink := range order {
			d.set(point{i % 2, i}, ink)
		}
		g := newGrid(1, 1)
		g.set(0, 0, under)
		d.drawInto(&g, 0, 0, looks, ascii)
		return g.at(0, 0)
	}
	a, b := draw([]int8{0, 1}, 0, false), draw([]int8{1, 0}, 0, false)
	if a != b || a.style() != looks[1].style || a.char() != '⠑' {
		t.Errorf("got %q in %d and %q in %d, want ⠑ in %d", a.char(), a.style(), b.char(), b.style(), looks[1].style)
	}
	if c := draw([]int8{0}, newCell('⠠', styleCurve), false); c.char() != '⠡' {
		t.Errorf("a dot over braille: %q, want ⠡", c.char())
	}
	if c := draw([]int8{1, 0}, 0, true); c.char() != '2' {
		t.Errorf("ASCII: %q, want the highest ink's 2", c.char())
	}
}

// TestCachedFrameEqualsScratch: over a sweep of sizes, landscapes, steps
// (forward, back across the history's window, reset, a new x₀, a diverging
// optimizer), panel contents, chart views (the whole landscape or the track
// view, f or f − f* on a log scale) and ASCII mode, the race and
// convergence screens drawn by views that drew every frame before are, byte
// for byte and escape sequence for escape sequence, those drawn by new
// views.
func TestCachedFrameEqualsScratch(t *testing.T) {
	sizes := [][2]int{{240, 59}, {120, 39}, {79, 23}, {200, 23}, {110, 29}, {60, 17}, {150, 45}}
	// Each op moves the race; a frame is compared after each.
	type op struct {
		name string
		do   func(r *race.Race)
	}
	steps := func(n int) func(r *race.Race) {
		return func(r *race.Race) {
			for range n {
				r.Step()
			}
		}
	}
	backs := func(n int) func(r *race.Race) {
		return func(r *race.Race) {
			for range n {
				r.Back()
			}
		}
	}
	set := func(change func(*optimizers.Settings)) func(r *race.Race) {
		return func(r *race.Race) {
			s := r.Settings()
			change(&s)
			if err := r.SetSettings(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	ops := []op{
		{"start", steps(0)},
		{"1", steps(1)},
		{"2", steps(1)},
		{"5", steps(3)},
		{"12", steps(7)},
		{"30", steps(18)},
		{"back 3", backs(3)},
		{"130", steps(103)},
		{"133", steps(3)},
		{"160", steps(27)},
		{"161", steps(1)},
		{"300", steps(167)},
		{"back across the window", backs(140)},
		{"2100", steps(1940)},
		{"back 1", backs(1)},
		{"reset", func(r *race.Race) { r.Reset() }},
		{"7", steps(7)},
		{"x0 = -3", set(func(s *optimizers.Settings) { s.X0 = -3 })},
		{"40", steps(33)},
		// The same number of points, and for a diverged runner the same
		// NaN at their end, but another history.
		{"GD α = 0.2", set(func(s *optimizers.Settings) { s.LR[optimizers.GD] = 0.2 })},
		{"41", steps(1)},
	}
	diverging := optimizers.Defaults()
	diverging.LR[optimizers.GD] = 1.5
	type setup struct {
		name     string
		obj      optimizers.Objective
		settings optimizers.Settings
	}
	var setups []setup
	for _, obj := range optimizers.ObjectivesIn(1) {
		setups = append(setups, setup{obj.Name, obj, optimizers.Defaults()})
	}
	setups = append(setups, setup{"GD diverges", optimizers.Quadratic(), diverging})
	frame := 0
	for _, su := range setups {
		for _, ascii := range []bool{false, true} {
			t.Run(su.name+"/ascii="+strconv.FormatBool(ascii), func(t *testing.T) {
				s := colourStyles(ascii)
				r, err := race.New(su.settings, su.obj)
				if err != nil {
					t.Fatal(err)
				}
				rv, cv := NewRaceView(s), NewConvergenceView(s)
				// These draw every frame at one size, so that nothing but
				// the race changes under their caches.
				rvFixed, cvFixed := NewRaceView(s), NewConvergenceView(s)
				for _, o := range ops {
					o.do(r)
					// A new size, zoom and content every third frame, so
					// that the kept views draw on what they drew before
					// and also resize and switch; a new focus each frame.
					frame++
					layout := frame / 3
					size := sizes[layout%len(sizes)]
					w, h := size[0], size[1]
					// The chart view changes every frame, in all four
					// combinations, and every other frame at the fixed size.
					st := RaceState{
						Race: r, Focus: frame % len(r.Labels()),
						Zoomed: layout%5 == 0, Content: Content(layout % 2),
						Track: frame%2 == 1, LogF: frame%4 >= 2,
					}
					view := " track=" + strconv.FormatBool(st.Track) + " log=" + strconv.FormatBool(st.LogF)
					compare(t, o.name+" race "+strconv.Itoa(w)+"×"+strconv.Itoa(h)+view, rv.Render(st, w, h), NewRaceView(s).Render(st, w, h))
					compare(t, o.name+" convergence", cv.Render(r, w, h), NewConvergenceView(s).Render(r, w, h))
					st.Zoomed, st.Content = false, Panels
					st.Track, st.LogF = frame%4 >= 2, frame%8 >= 4
					view = " track=" + strconv.FormatBool(st.Track) + " log=" + strconv.FormatBool(st.LogF)
					compare(t, o.name+" race at 240×59"+view, rvFixed.Render(st, 240, 59), NewRaceView(s).Render(st, 240, 59))
					compare(t, o.name+" convergence at 240×59", cvFixed.Render(r, 240, 59), NewConvergenceView(s).Render(r, 240, 59))
				}
			})
		}
	}
}

// compare fails t where the cached lines differ from the scratch ones.
func compare(t *testing.T, what string, cached, scratch []string) {
	t.Helper()
	if c, s := strings.Join(cached, "\n"), strings.Join(scratch, "\n"); c != s {
		t.Errorf("%s: the cached frame differs from one drawn from scratch:\n%s\nfrom scratch:\n%s", what, ansi.Strip(c), ansi.Strip(s))
	}
}
