package views

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// lossChart returns GD's chart of obj from x₀ = 10, w×h, in view track/logF.
func lossChart(obj optimizers.Objective, w, h int, track, logF, ascii bool) *LossChart {
	s := testStyles()
	s.ASCII = ascii
	c := NewLossChart(int(optimizers.GD), s)
	c.SetSize(w, h)
	c.SetRange(obj, ChartRange(obj, 10))
	c.SetView(track, logF)
	return c
}

// raceTrajectory is optimizer k's latest points at step t of the lecture's
// race on obj, as the race screen gives them to its chart.
func raceTrajectory(t *testing.T, obj optimizers.Objective, k optimizers.Kind, steps int) []Point {
	t.Helper()
	r, err := race.New(optimizers.Defaults(), obj)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		r.Step()
	}
	var pts []Point
	for _, s := range r.Recent(trajectoryPoints) {
		pts = append(pts, Point{s[k].X[0], s[k].F})
	}
	return pts
}

// TestLossChartGolden pins GD's chart of x² after five steps, and of the
// lecture's race at t = 40 in the track view and on the log scale, in
// Unicode and in ASCII.
func TestLossChartGolden(t *testing.T) {
	early := []Point{{10, 100}, {8, 64}, {6.4, 40.96}, {5.12, 26.2144}, {4.096, 16.777216}, {3.2768, 10.73741824}}
	late := raceTrajectory(t, optimizers.Quadratic(), optimizers.Momentum, 40)
	for _, c := range []struct {
		name        string
		traj        []Point
		track, logF bool
	}{
		{"whole", early, false, false},
		{"track", late, true, false},
		{"log", late, false, true},
		{"track-log", late, true, true},
	} {
		for _, ascii := range []bool{false, true} {
			name := c.name
			if ascii {
				name += "-ascii"
			}
			t.Run(name, func(t *testing.T) {
				ch := lossChart(optimizers.Quadratic(), 40, 14, c.track, c.logF, ascii)
				lines := ch.Lines(c.traj, len(c.traj)-1)
				requireSize(t, lines, 40, 14)
				golden.RequireEqual(t, []byte(strings.Join(lines, "\n")))
			})
		}
	}
}

// TestLossChartSkipsNonFinitePoints: points that are not finite break the
// path and leave no mark; a current point far off the chart is an arrow on
// the edge it left by, and one that is NaN draws nothing.
func TestLossChartSkipsNonFinitePoints(t *testing.T) {
	for _, track := range []bool{false, true} {
		c := lossChart(optimizers.Quadratic(), 40, 14, track, false, false)
		clean := strings.Join(c.Lines([]Point{{10, 100}}, 0), "\n")
		bad := []Point{{math.NaN(), 1}, {1, math.Inf(1)}, {math.Inf(-1), math.Inf(1)}, {10, 100}}
		if got := strings.Join(c.Lines(bad, 3), "\n"); got != clean {
			t.Errorf("track=%v: non-finite points changed the chart:\n%s\nwant\n%s", track, got, clean)
		}
	}
	c := lossChart(optimizers.Quadratic(), 40, 14, false, false, false)
	lines := c.Lines([]Point{{10, 100}, {-1e6, 1e12}}, 1)
	if !strings.Contains(strings.Join(lines, ""), "←") {
		t.Errorf("no arrow for a point off the left edge:\n%s", strings.Join(lines, "\n"))
	}
	if got := c.Lines([]Point{{math.NaN(), math.NaN()}}, 0); len(got) != 14 {
		t.Error("a NaN current point broke the chart")
	}
	// A diverging path: from far out, huge but finite, to further out.
	far := []Point{{1e300, 1e308}, {-1e307, math.MaxFloat64}, {10, 100}}
	requireSize(t, c.Lines(far, 2), 40, 14)
}

func TestLossChartAnySize(t *testing.T) {
	traj := raceTrajectory(t, optimizers.Bumpy(), optimizers.Adam, 30)
	for _, view := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		c := lossChart(optimizers.Bumpy(), 0, 0, view[0], view[1], false)
		for w := 0; w <= 30; w++ {
			for h := 0; h <= 12; h++ {
				c.SetSize(w, h)
				requireSize(t, c.Lines(traj, 30), w, h)
			}
		}
	}
}

// chartAxes reads a chart drawn by ntcharts: the y labels by row (the text
// left of the axis), and the x labels under the axis with the column each
// is centred on (the first ends at its tick, the last at the edge).
func chartAxes(lines []string) (ys map[int]string, xs []string, axisRow int) {
	ys = map[int]string{}
	axisRow = -1
	for y, l := range lines {
		l = ansi.Strip(l)
		if i := strings.IndexAny(l, "│|"); i > 0 && axisRow < 0 {
			if label := strings.TrimSpace(l[:i]); label != "" {
				ys[y] = label
			}
		}
		if strings.ContainsAny(l, "└+") && axisRow < 0 && strings.Contains(l, "──") || strings.Contains(l, "+--") {
			axisRow = y
		}
	}
	if axisRow >= 0 && axisRow+1 < len(lines) {
		xs = strings.Fields(ansi.Strip(lines[axisRow+1]))
	}
	return ys, xs, axisRow
}

// evenlySpaced reports whether labels, read as numbers (1eN as 10^N), step
// by one amount from the first to the last.
func evenlySpaced(labels []string) bool {
	var vs []float64
	for _, l := range labels {
		l = strings.TrimPrefix(l, "1e")
		v, err := strconv.ParseFloat(l, 64)
		if err != nil {
			return false
		}
		vs = append(vs, v)
	}
	if len(vs) < 2 {
		return false
	}
	step := vs[1] - vs[0]
	for i := 2; i < len(vs); i++ {
		if math.Abs(vs[i]-vs[i-1]-step) > 1e-9*math.Abs(step) {
			return false
		}
	}
	return step != 0
}

// TestAxisTicksEvenlySpaced: on every landscape and in every view, at every
// chart size, both axes are labelled at both ends of the window and at
// evenly spaced values between (the bumpy x axis read −15 −10 0 10);
// on the log scale at whole decades.
func TestAxisTicksEvenlySpaced(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(1) {
		traj := raceTrajectory(t, obj, optimizers.Momentum, 60)
		for _, view := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			c := lossChart(obj, 0, 0, view[0], view[1], false)
			for w := 14; w <= 60; w += 3 {
				for h := 7; h <= 30; h += 4 {
					c.SetSize(w, h)
					lines := c.Lines(traj, 60)
					ys, xs, axisRow := chartAxes(lines)
					win := c.Window()
					where := obj.Name + " track=" + strconv.FormatBool(view[0]) + " log=" + strconv.FormatBool(view[1]) + " " + strconv.Itoa(w) + "×" + strconv.Itoa(h)
					if axisRow < 0 || len(xs) < 2 || !evenlySpaced(xs) {
						t.Errorf("%s: x labels %q are not evenly spaced from end to end:\n%s", where, xs, strings.Join(lines, "\n"))
						continue
					}
					if first, _ := strconv.ParseFloat(xs[0], 64); math.Abs(first-win.XMin) > 1e-9*(win.XMax-win.XMin) {
						t.Errorf("%s: x axis starts at %v, labelled %s", where, win.XMin, xs[0])
					}
					var yl []string
					for y := range axisRow {
						if l, ok := ys[y]; ok {
							yl = append([]string{l}, yl...)
						}
					}
					if !evenlySpaced(yl) {
						t.Errorf("%s: y labels %q are not evenly spaced from end to end:\n%s", where, yl, strings.Join(lines, "\n"))
					}
					if view[1] && !strings.HasPrefix(yl[0], "1e") {
						t.Errorf("%s: the log scale's labels %q are not decades", where, yl)
					}
					if _, ok := ys[0]; !ok {
						t.Errorf("%s: the top of the y axis is not labelled:\n%s", where, strings.Join(lines, "\n"))
					}
					if _, ok := ys[axisRow-1]; !ok {
						t.Errorf("%s: the bottom of the y axis is not labelled:\n%s", where, strings.Join(lines, "\n"))
					}
				}
			}
		}
	}
	// The example, in a panel of the 120×40 race screen.
	c := lossChart(optimizers.Bumpy(), 38, 10, false, false, false)
	_, xs, _ := chartAxes(c.Lines([]Point{{10, c.obj.F(optimizers.Vec{10})}}, 0))
	if got := strings.Join(xs, " "); got != "-15 -10 -5 0 5 10" {
		t.Errorf("bumpy's x axis reads %q, want -15 -10 -5 0 5 10", got)
	}
}

// TestPlotAreaMatchesNtcharts checks the one data-to-position mapping
// against ntcharts': cells as its line chart places runes, dots as its
// braille grid does, so that what is drawn lines up with its axes.
func TestPlotAreaMatchesNtcharts(t *testing.T) {
	obj := optimizers.Bumpy()
	rng := ChartRange(obj, 10)
	for _, size := range [][2]int{{40, 14}, {46, 20}, {100, 30}} {
		ax, ok := layAxes(size[0], size[1], rng.XMin, rng.XMax, rng.YMin, rng.YMax, true, true, false)
		if !ok {
			t.Fatalf("%v: no axes", size)
		}
		lc := lineChart(&ax, size[0], size[1])
		area := plotAreaOf(&lc)
		o := lc.Origin()
		grid := graph.NewBrailleGrid(lc.GraphWidth(), lc.GraphHeight(), ax.xs.lo, ax.xs.hi, ax.ys.lo, ax.ys.hi)
		for i := 0; i <= 200; i++ {
			x := ax.xs.lo + (ax.xs.hi-ax.xs.lo)*float64(i)/200
			p := canvas.Float64Point{X: x, Y: ax.ys.lo + (ax.ys.hi-ax.ys.lo)*float64(i%17)/16}
			cx, cy, ok := area.cell(p.X, p.Y)
			want := canvas.CanvasPointFromFloat64Point(o, lc.ScaleFloat64Point(p))
			want.X++ // ntcharts draws runes right of the y axis…
			want.Y-- // …and above the x axis
			wantOK := want.X > o.X && want.X <= o.X+lc.GraphWidth() && want.Y >= 0 && want.Y < o.Y
			if cx != want.X || cy != want.Y || ok != wantOK {
				t.Fatalf("%v at %v: cell (%d, %d, %v), ntcharts (%d, %d, %v)", p, size, cx, cy, ok, want.X, want.Y, wantOK)
			}
			if d, g := area.dot(p.X, p.Y), grid.GridPoint(p); d.x != g.X || d.y != g.Y {
				t.Fatalf("%v at %v: dot (%d, %d), ntcharts (%d, %d)", p, size, d.x, d.y, g.X, g.Y)
			}
		}
	}
}

// TestLineMatchesNtcharts: the braille layer's line sets exactly the dots
// of ntcharts' Bresenham line, in every direction.
func TestLineMatchesNtcharts(t *testing.T) {
	for ax := -3; ax <= 3; ax++ {
		for ay := -3; ay <= 3; ay++ {
			for bx := -7; bx <= 9; bx += 2 {
				for by := -9; by <= 7; by += 3 {
					a, b := point{ax + 10, ay + 10}, point{bx + 10, by + 10}
					got, want := newDots(12, 6), newDots(12, 6)
					got.line(a, b, 0)
					for _, q := range graph.GetLinePoints(canvas.Point{X: a.x, Y: a.y}, canvas.Point{X: b.x, Y: b.y}) {
						want.set(point{q.X, q.Y}, 0)
					}
					if string(got.bits) != string(want.bits) {
						t.Fatalf("line %v → %v: dots differ from ntcharts'", a, b)
					}
				}
			}
		}
	}
}

// TestLossChartPathAndMarks: the path runs in the lane's colour from point
// to point; the steps before the current one read the last digit of their
// step number, in the order travelled; the current point is the lane's
// glyph in reverse video; and a frame after the trajectory moved on leaves
// nothing of it behind.
func TestLossChartPathAndMarks(t *testing.T) {
	s := colourStyles(false)
	c := NewLossChart(int(optimizers.GD), s)
	c.SetSize(40, 14)
	c.SetRange(optimizers.Quadratic(), ChartRange(optimizers.Quadratic(), 10))
	empty := strings.Join(c.Lines(nil, 0), "\n")
	// GDM's first steps, which cross the bowl: steps 7 to 13.
	traj := []Point{{10, 100}, {-7, 49}, {8, 64}, {-9, 81}, {6, 36}, {-4, 16}, {2, 4}}
	frame := strings.Join(c.Lines(traj, 13), "\n")
	plain := ansi.Strip(frame)
	cur := s.paints.laneCurrent[optimizers.GD]
	if strings.Count(plain, "●") != 1 || !strings.Contains(frame, cur.wrap("●")) {
		t.Errorf("the current point is not one ● in reverse video:\n%s", plain)
	}
	// Steps 9 to 12 are at x = 8, −9, 6 and −4: left to right, their
	// digits read 0 2 1 9, in the graph (right of the y axis, above the x
	// axis).
	cols := map[int]rune{}
	for _, l := range strings.Split(plain, "\n") {
		_, graph, ok := strings.Cut(l, "│")
		for x, r := range []rune(graph) {
			if ok && r >= '0' && r <= '9' {
				cols[x] = r
			}
		}
	}
	order := ""
	for x := range 40 {
		if r, ok := cols[x]; ok {
			order += string(r)
		}
	}
	if order != "0219" {
		t.Errorf("the numbered steps read %q left to right, want 0219:\n%s", order, plain)
	}
	mark := s.paints.lane[optimizers.GD].pre
	if !strings.Contains(frame, mark+"⠀") && strings.Count(frame, mark) < 3 {
		t.Errorf("the path is not drawn in GD's colour:\n%q", frame)
	}
	if got := strings.Join(c.Lines(nil, 0), "\n"); got != empty {
		t.Errorf("a trajectory left marks behind:\n%s", ansi.Strip(got))
	}
	if w := ansi.StringWidth(strings.Split(frame, "\n")[0]); w != 40 {
		t.Errorf("width %d, want 40", w)
	}
}

// TestTrackWindow: the track view keeps the latest iterates in view, moves
// only when they near its edge or have drawn together into a small part of
// it, and late in the race shows each optimizer where it is: the five
// panels' windows differ.
func TestTrackWindow(t *testing.T) {
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	windows := map[optimizers.Kind][][2]float64{}
	for step := 1; step <= 300; step++ {
		r.Step()
		for _, k := range optimizers.Kinds() {
			var traj []Point
			for _, s := range r.Recent(trajectoryPoints) {
				traj = append(traj, Point{s[k].X[0], s[k].F})
			}
			lo, hi, ok := trackWindow(traj, step, 20)
			if !ok {
				t.Fatalf("%v at t = %d: no window", k, step)
			}
			for _, p := range traj[max(0, len(traj)-trackSpan):] {
				if p.X < lo || p.X > hi {
					t.Fatalf("%v at t = %d: x = %v outside the window [%v, %v]", k, step, p.X, lo, hi)
				}
			}
			windows[k] = append(windows[k], [2]float64{lo, hi})
		}
	}
	moves := func(k optimizers.Kind, from, to int) int {
		n, w := 0, windows[k]
		for i := from; i < to; i++ {
			if w[i] != w[i-1] {
				n++
			}
		}
		return n
	}
	// RMSProp bounces between about ±0.5 from t = 73 on: its window stays,
	// but for a step where the follow starts afresh (every trackAnchor).
	if n := moves(optimizers.RMSProp, 150, 300); n > 2 {
		t.Errorf("RMSProp's window moved %d times in its steady bounce, t = 150 to 300", n)
	}
	// The others converge, and their windows zoom in now and then, not at
	// every step: GD's every 4 steps at most (its distance shrinks by 0.8 a
	// step), the rest every 5.
	for _, k := range []optimizers.Kind{optimizers.GD, optimizers.Momentum, optimizers.AdaGrad, optimizers.Adam} {
		most := 300 / 5
		if k == optimizers.GD {
			most = 300 / 4
		}
		if n := moves(k, 1, 300); n > most || n < 10 {
			t.Errorf("%v's window moved %d times in 300 steps, want 10 to %d", k, n, most)
		}
	}
	last := map[[2]float64]optimizers.Kind{}
	for _, k := range optimizers.Kinds() {
		w := windows[k][len(windows[k])-1]
		if other, ok := last[w]; ok {
			t.Errorf("at t = 300 %v and %v show the same window %v", k, other, w)
		}
		last[w] = k
	}
}

// axisExponents reads the decades a log axis is labelled with, top down.
var decadeLabel = regexp.MustCompile(`^ *1e(-?\d+)[│|]`)

// TestLogScale: on the log scale the y axis counts decades of f − f*, and a
// point sits in the rows of its decade; f − f* of 0 (a point at x*) or
// below (rounding on x² + 10·sin x, whose f* is −7.9) is drawn at the
// floor, never as a NaN.
func TestLogScale(t *testing.T) {
	c := lossChart(optimizers.Quadratic(), 40, 24, true, true, false)
	traj := raceTrajectory(t, optimizers.Quadratic(), optimizers.GD, 100)
	lines := c.Lines(traj, 100)
	var exps []int
	rowOf := map[int]int{}
	for y, l := range lines {
		if m := decadeLabel.FindStringSubmatch(ansi.Strip(l)); m != nil {
			e, _ := strconv.Atoi(m[1])
			exps = append(exps, e)
			rowOf[e] = y
		}
	}
	if len(exps) < 2 {
		t.Fatalf("no decades on the y axis:\n%s", strings.Join(lines, "\n"))
	}
	// GD at t = 100: f = 100·0.64¹⁰⁰ ≈ 4.2e-18, between two labels' rows.
	f := traj[len(traj)-1].Y
	e := math.Log10(f)
	row := -1
	for y, l := range lines {
		if strings.Contains(l, "●") {
			row = y
		}
	}
	above, okA := rowOf[int(math.Ceil(e))]
	below, okB := rowOf[int(math.Floor(e))]
	if row < 0 || !okA || !okB || row < above || row > below {
		t.Errorf("f = %v drawn in row %d, not between its decades' rows (%v):\n%s", f, row, rowOf, strings.Join(lines, "\n"))
	}
	for _, obj := range []optimizers.Objective{optimizers.Quadratic(), optimizers.Bumpy()} {
		c := lossChart(obj, 40, 14, false, true, false)
		xStar := obj.Minima[0]
		at := Point{xStar[0], obj.F(xStar)}
		below := Point{xStar[0], obj.F(xStar) - 1e-12}
		for _, p := range []Point{at, below} {
			out := strings.Join(c.Lines([]Point{{10, obj.F(optimizers.Vec{10})}, p}, 1), "\n")
			if !strings.Contains(out, "●") && !strings.Contains(out, "↓") {
				t.Errorf("%s: the point at x* is not drawn:\n%s", obj.Name, out)
			}
		}
	}
}

// TestTrackViewFitsTheCurve: in the track view the y axis spans what the
// curve does over the x range shown, give or take the rounding to round
// ends, at every size of the race screen's panels: not f over a wider
// window the x labels once needed (RMSProp's [−2.5, 2.5] drawn under a y
// axis up to 30).
func TestTrackViewFitsTheCurve(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(1) {
		for _, steps := range []int{5, 40, 372} {
			for _, k := range optimizers.Kinds() {
				traj := raceTrajectory(t, obj, k, steps)
				c := NewLossChart(int(k), testStyles())
				c.SetRange(obj, ChartRange(obj, 10))
				c.SetView(true, false)
				for _, size := range [][2]int{{14, 13}, {14, 15}, {18, 12}, {36, 9}, {46, 26}} {
					c.SetSize(size[0], size[1])
					c.Lines(traj, steps)
					win := c.Window()
					lo, hi := math.Inf(1), math.Inf(-1)
					for i := 0; i <= 200; i++ {
						f := obj.F(optimizers.Vec{win.XMin + (win.XMax-win.XMin)*float64(i)/200})
						lo, hi = math.Min(lo, f), math.Max(hi, f)
					}
					if span := win.YMax - win.YMin; span > 3*(hi-lo) && span > 1e-12*math.Abs(hi) {
						t.Errorf("%s %v t = %d at %v: y axis %v–%v for a curve from %v to %v over x %v–%v",
							obj.Name, k, steps, size, win.YMin, win.YMax, lo, hi, win.XMin, win.XMax)
					}
				}
			}
		}
	}
}

// TestTrackViewAtOnePoint: a trajectory that never leaves one point (x² from
// x₀ = 0, where every gradient is 0) is tracked in a window of 1 % of the
// whole view or more around it, not one of 1e-300 whose labels read
// ±1e-300; and a single point elsewhere keeps the window its distance from
// 0 gives (2 % of it).
func TestTrackViewAtOnePoint(t *testing.T) {
	obj := optimizers.Quadratic()
	s := optimizers.Defaults()
	s.X0 = 0
	r, err := race.New(s, obj)
	if err != nil {
		t.Fatal(err)
	}
	whole := ChartRange(obj, 0)
	for _, steps := range []int{0, 1, 60} {
		for r.T() < steps {
			r.Step()
		}
		var traj []Point
		for _, snap := range r.Recent(trajectoryPoints) {
			traj = append(traj, Point{snap[optimizers.GD].X[0], snap[optimizers.GD].F})
		}
		c := NewLossChart(int(optimizers.GD), testStyles())
		c.SetSize(40, 14)
		c.SetRange(obj, whole)
		c.SetView(true, false)
		plain := ansi.Strip(strings.Join(c.Lines(traj, steps), "\n"))
		win := c.Window()
		if w := win.XMax - win.XMin; w < 0.01*(whole.XMax-whole.XMin) || w > whole.XMax-whole.XMin || !win.contains(Point{0, 0}) {
			t.Errorf("t = %d: x² from 0 is tracked in x %v–%v (whole view %v–%v)", steps, win.XMin, win.XMax, whole.XMin, whole.XMax)
		}
		if !(win.YMax-win.YMin > 1e-6) || strings.Contains(plain, "e-") {
			t.Errorf("t = %d: the track view's axes collapse onto the point:\n%s", steps, plain)
		}
	}
	lo, hi, ok := trackWindow([]Point{{-8, 64}}, 0, 20)
	if !ok || lo != -8.25 || hi != -7.75 {
		t.Errorf("one point at −8: window %v–%v (%v), want −8.25–−7.75", lo, hi, ok)
	}
}
