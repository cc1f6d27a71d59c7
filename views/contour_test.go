package views

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// landscape returns the test landscape called name.
func landscape(t testing.TB, name string) Landscape {
	t.Helper()
	for _, l := range testLandscapes() {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no landscape %q", name)
	return Landscape{}
}

// newMap returns a w×h map of l drawn with s.
func newMap(s *Styles, l Landscape, w, h int, track bool) *MapView {
	m := NewMapView(s)
	m.SetSize(w, h)
	m.SetLandscape(l)
	m.SetView(track)
	return m
}

// TestMapGolden pins maps of the five landscapes after 30 steps of five
// lanes, whole and tracking, in Unicode and in ASCII, without colour (their
// contour lines in characters); and a small map of one lane without a
// legend.
func TestMapGolden(t *testing.T) {
	cases := []struct {
		name  string
		land  string
		track bool
		w, h  int
		lanes []int
	}{
		{"bowl", "bowl", false, 72, 22, nil},
		{"bowl-track", "bowl", true, 72, 22, nil},
		{"rosenbrock", "rosenbrock", false, 72, 22, nil},
		{"rosenbrock-track", "rosenbrock", true, 72, 22, nil},
		{"beale", "beale", false, 72, 22, nil},
		{"saddle", "saddle", false, 72, 22, nil},
		{"himmelblau", "himmelblau", false, 72, 22, nil},
		{"small", "bowl", false, 30, 10, []int{0}},
	}
	for _, c := range cases {
		for _, ascii := range []bool{false, true} {
			name := c.name
			if ascii {
				name += "-ascii"
			}
			t.Run(name, func(t *testing.T) {
				s := testStyles()
				s.ASCII = ascii
				l := landscape(t, c.land)
				m := newMap(s, l, c.w, c.h, c.track)
				paths := pathsAt(testRace(t, c.land), 30)
				if c.lanes != nil {
					m.SetLegend(false)
					paths = paths[:len(c.lanes)]
				}
				lines := m.Lines(paths)
				requireSize(t, lines, c.w, c.h)
				golden.RequireEqual(t, []byte(strings.Join(lines, "\n")))
			})
		}
	}
}

// TestMapCachedFrameEqualsScratch steps a race on a map that keeps its
// drawing from frame to frame, and compares each frame with one drawn by a
// new map: in colour and without, whole and tracking, through steps back
// and a resize.
func TestMapCachedFrameEqualsScratch(t *testing.T) {
	l := landscape(t, "rosenbrock")
	r := testRace(t, "rosenbrock")
	steps := []int{0, 1, 2, 3, 10, 40, 41, 40, 120, 121, 200, 300, 299, 319, 320, 321, 320, 1100, 2100, 2099}
	for _, st := range []struct {
		name   string
		styles func() *Styles
	}{{"no colour", testStyles}, {"colour", func() *Styles { return colourStyles(false) }}} {
		for _, track := range []bool{false, true} {
			kept := newMap(st.styles(), l, 90, 30, track)
			for i, step := range steps {
				if i == 8 {
					kept.SetSize(100, 32)
				}
				paths := pathsAt(r, step)
				got := strings.Join(kept.Lines(paths), "\n")
				fresh := newMap(st.styles(), l, kept.w, kept.h, track)
				if want := strings.Join(fresh.Lines(paths), "\n"); got != want {
					t.Fatalf("%s, track=%v, t=%d: the kept map's frame differs from a new one's:\n%s\nwant\n%s", st.name, track, step, ansi.Strip(got), ansi.Strip(want))
				}
			}
		}
	}
}

func TestMapAnySize(t *testing.T) {
	l := landscape(t, "himmelblau")
	paths := pathsAt(testRace(t, "himmelblau"), 50)
	for _, track := range []bool{false, true} {
		m := newMap(testStyles(), l, 0, 0, track)
		for w := 0; w <= 40; w++ {
			for h := 0; h <= 14; h++ {
				m.SetSize(w, h)
				requireSize(t, m.Lines(paths), w, h)
			}
		}
	}
}

// TestMapNeverDrawsNaN: points that are not finite break a path and draw
// nothing; a current point off the map, however far, is an arrow on the
// edge it left by, and one that is NaN is not drawn.
func TestMapNeverDrawsNaN(t *testing.T) {
	l := landscape(t, "bowl")
	for _, track := range []bool{false, true} {
		m := newMap(testStyles(), l, 60, 20, track)
		clean := strings.Join(m.Lines([]MapPath{{Lane: 0, Label: "GD", Points: []Point{{-8, 2}}, T: 0}}), "\n")
		bad := []Point{{math.NaN(), 1}, {1, math.Inf(1)}, {math.Inf(-1), math.NaN()}, {-8, 2}}
		if got := strings.Join(m.Lines([]MapPath{{Lane: 0, Label: "GD", Points: bad, T: 3}}), "\n"); got != clean {
			t.Errorf("track=%v: points that are not finite changed the map:\n%s\nwant\n%s", track, got, clean)
		}
	}
	m := newMap(testStyles(), l, 60, 20, false)
	for _, c := range []struct {
		cur   Point
		arrow string
	}{
		{Point{-1e6, 0}, "←"},
		{Point{1e300, 1}, "→"},
		{Point{0, 1e9}, "↑"},
		{Point{1, -50}, "↓"},
		{Point{-1e6, 1e6}, "↖"},
		{Point{math.Inf(1), math.Inf(-1)}, "↘"},
	} {
		lines := m.Lines([]MapPath{{Lane: 1, Label: "GDM", Points: []Point{{-8, 2}, {-1e307, math.MaxFloat64}, c.cur}, T: 2}})
		requireSize(t, lines, 60, 20)
		if !strings.Contains(strings.Join(lines, ""), c.arrow) {
			t.Errorf("no %s for a current point at %v:\n%s", c.arrow, c.cur, strings.Join(lines, "\n"))
		}
		// The lane's glyph beside its arrow: colour is not the only cue.
		if !strings.Contains(strings.Join(lines[:m.key.mapH], ""), "■") {
			t.Errorf("no ■ beside the %s of a current point at %v:\n%s", c.arrow, c.cur, strings.Join(lines, "\n"))
		}
	}
	lines := m.Lines([]MapPath{{Lane: 1, Label: "GDM", Points: []Point{{-8, 2}, {math.NaN(), math.NaN()}}, T: 1}})
	if strings.Contains(strings.Join(lines[:m.key.mapH], ""), "■") {
		t.Error("a NaN current point was drawn")
	}
	if frame := strings.ToLower(strings.Join(lines, "")); strings.Contains(frame, "nan") || strings.Contains(frame, "inf") {
		t.Errorf("the map reads NaN or Inf:\n%s", strings.Join(lines, "\n"))
	}
}

// TestMapWindowShowsStartAndMinima: each landscape's whole view holds its
// start and its minima away from the edges, with round ends and neither
// side under half the other.
func TestMapWindowShowsStartAndMinima(t *testing.T) {
	for _, l := range testLandscapes() {
		r := MapWindow(l.Start, l.Minima)
		wx, wy := r.XMax-r.XMin, r.YMax-r.YMin
		for _, p := range append([]Point{l.Start}, l.Minima...) {
			if p.X < r.XMin+wx/10 || p.X > r.XMax-wx/10 || p.Y < r.YMin+wy/10 || p.Y > r.YMax-wy/10 {
				t.Errorf("%s: %v is not well inside the window %v", l.Name, p, r)
			}
		}
		if wy < wx/2 || wx < wy/2 {
			t.Errorf("%s: window %v is %g by %g", l.Name, r, wx, wy)
		}
		for _, end := range [][3]float64{{r.XMin, r.XMax, wx}, {r.YMin, r.YMax, wy}} {
			step := niceStep(end[2] / 10)
			for _, v := range end[:2] {
				if math.Abs(v/step-math.Round(v/step)) > 1e-9 {
					t.Errorf("%s: window %v has an end %g that is not a multiple of %g", l.Name, r, v, step)
				}
			}
		}
	}
	if r := MapWindow(Point{1, 1}, []Point{{1, 1}}); !(r.XMax > r.XMin && r.YMax > r.YMin) {
		t.Errorf("start at the minimum: empty window %v", r)
	}
	if r := MapWindow(Point{math.NaN(), 0}, nil); !(r.XMax > r.XMin && r.YMax > r.YMin) {
		t.Errorf("no finite point: empty window %v", r)
	}
}

// TestMapTrackWindow: the track view's window holds every path's latest
// points, is the same for a map that drew every step as for one that
// draws only this one (it is a function of the race's state), and moves
// only now and then.
func TestMapTrackWindow(t *testing.T) {
	for _, l := range testLandscapes() {
		r := testRace(t, l.Name)
		kept := newMap(testStyles(), l, 100, 30, true)
		moves := 0
		var prev Range
		for step := 0; step <= 1000; step++ {
			paths := pathsAt(r, step)
			kept.Lines(paths)
			win := kept.Window()
			if step > 0 && win != prev {
				moves++
			}
			prev = win
			whole := MapWindow(l.Start, l.Minima)
			far := Range{XMin: whole.XMin - 5*(whole.XMax-whole.XMin), XMax: whole.XMax + 5*(whole.XMax-whole.XMin), YMin: whole.YMin - 5*(whole.YMax-whole.YMin), YMax: whole.YMax + 5*(whole.YMax-whole.YMin)}
			for _, p := range paths {
				if cur := p.Points[len(p.Points)-1]; far.contains(cur) && !win.contains(cur) {
					t.Fatalf("%s t=%d: lane %d's current point %v is outside the window %v", l.Name, step, p.Lane, cur, win)
				}
			}
			if step%97 == 0 {
				fresh := newMap(testStyles(), l, 100, 30, true)
				fresh.Lines(paths)
				if fresh.Window() != win {
					t.Fatalf("%s t=%d: window %v after every step, %v drawn at once", l.Name, step, win, fresh.Window())
				}
			}
		}
		if moves > 40 {
			t.Errorf("%s: the window moved %d times in 1000 steps", l.Name, moves)
		}
		t.Logf("%s: the window moved %d times in 1000 steps", l.Name, moves)
	}
}

// TestMapShading: in colour the graph is shaded, the minimum's cell in the
// valley floor's band and the map's highest corner in the heights', with
// no contour characters; without colour there is no background but there
// are contour lines.
func TestMapShading(t *testing.T) {
	l := landscape(t, "bowl")
	m := newMap(colourStyles(false), l, 80, 24, false)
	lines := m.Lines(nil)
	x, y, ok := m.cellOf(Point{0, 0})
	if !ok {
		t.Fatal("the minimum is off the map")
	}
	if b := m.shadeAt(x, y); b != 0 {
		t.Errorf("the minimum's cell is in band %d, want 0", b)
	}
	cx, cy, _ := m.cellOf(Point{m.win.XMin, m.win.YMax})
	if b := m.shadeAt(cx, cy); b != numShades-1 {
		t.Errorf("the corner (-10, 4) is in band %d, want %d", b, numShades-1)
	}
	bgs := map[string]bool{}
	for _, seq := range regexp.MustCompile(`48;2;[0-9;]+`).FindAllString(strings.Join(lines, ""), -1) {
		bgs[seq] = true
	}
	if len(bgs) != numShades {
		t.Errorf("%d background colours, want the %d shades", len(bgs), numShades)
	}
	if strings.Contains(ansi.Strip(strings.Join(lines, "")), "·") {
		t.Error("contour lines drawn in colour")
	}
	plain := strings.Join(newMap(testStyles(), l, 80, 24, false).Lines(nil), "\n")
	if strings.Contains(plain, "\x1b[") || !strings.Contains(plain, "·") {
		t.Errorf("without colour: want contour lines and no escape sequences:\n%s", plain)
	}
}

// TestContourCrosses: a contour line crosses a cell whose corners lie in
// two neighbouring bands, and none where they lie in one, or in bands
// further apart.
func TestContourCrosses(t *testing.T) {
	for _, c := range []struct {
		tl, tr, bl, br uint8
		want           bool
	}{
		{1, 1, 1, 1, false},
		{1, 0, 0, 0, true},
		{0, 1, 1, 1, true},
		{1, 1, 0, 0, true},
		{0, 1, 0, 1, true},
		{1, 0, 0, 1, true},
		{4, 5, 5, 5, true},
		{2, 0, 0, 0, false},
		{0, 1, 2, 1, false},
	} {
		corners := []uint8{c.tl, c.tr, c.bl, c.br}
		if got := contourCrosses(corners, 2, 0, 0); got != c.want {
			t.Errorf("corners %d %d / %d %d: %v, want %v", c.tl, c.tr, c.bl, c.br, got, c.want)
		}
	}
}

// TestMapLanesAtOnePoint: at t = 0 every lane is at the start, and each
// still shows its glyph, in the cells around it.
func TestMapLanesAtOnePoint(t *testing.T) {
	l := landscape(t, "himmelblau")
	for _, ascii := range []bool{false, true} {
		s := testStyles()
		s.ASCII = ascii
		m := newMap(s, l, 60, 20, false)
		var paths []MapPath
		for lane := range MaxLanes {
			paths = append(paths, MapPath{Lane: lane, Label: "lane", Points: []Point{l.Start}})
		}
		graph := strings.Join(m.Lines(paths)[:m.key.mapH], "\n")
		for lane := range MaxLanes {
			if !strings.ContainsRune(graph, s.Glyph(lane)) {
				t.Errorf("ascii=%v: lane %d's glyph %q is not on the map:\n%s", ascii, lane, s.Glyph(lane), graph)
			}
		}
	}
}

// TestMapStepChangesFewRows: a step redraws only rows the paths changed,
// not the shaded background.
func TestMapStepChangesFewRows(t *testing.T) {
	l := landscape(t, "rosenbrock")
	r := testRace(t, "rosenbrock")
	m := newMap(colourStyles(false), l, 120, 40, false)
	before := append([]string(nil), m.Lines(pathsAt(r, 30))...)
	after := m.Lines(pathsAt(r, 31))
	changed := 0
	for i := range after {
		if after[i] != before[i] {
			changed++
		}
	}
	if changed == 0 || changed > 12 {
		t.Errorf("a step changed %d of %d rows", changed, len(after))
	}
}

// TestMapLegend: the legend names each lane with its glyph, the minimum
// and the start, and says what the shading or the contour lines measure;
// a map without a legend shows none.
func TestMapLegend(t *testing.T) {
	l := landscape(t, "saddle")
	paths := pathsAt(testRace(t, "saddle"), 10)
	for _, c := range []struct {
		styles *Styles
		want   []string
	}{
		{testStyles(), []string{"● GD", "■ GDM", "◆ AdaGrad", "★ RMSProp", "▲ Adam", "× minimum", "S start", "contour lines at f − f* = "}},
		{colourStyles(false), []string{"● GD", "▲ Adam", "× minimum", "f − f* "}},
	} {
		text := ansi.Strip(strings.Join(newMap(c.styles, l, 100, 30, false).Lines(paths), "\n"))
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("the legend has no %q:\n%s", w, text)
			}
		}
	}
	m := newMap(testStyles(), l, 100, 30, false)
	m.SetLegend(false)
	if text := strings.Join(m.Lines(paths), "\n"); strings.Contains(text, "AdaGrad") {
		t.Errorf("a map without a legend names the lanes:\n%s", text)
	}
}

// TestSmallMaps: a small map per lane, each titled with its lane's glyph
// and label and showing its glyph, in exactly the size given, whatever
// the number of lanes; drawn again from scratch, the same.
func TestSmallMaps(t *testing.T) {
	l := landscape(t, "saddle")
	paths := pathsAt(testRace(t, "saddle"), 40)
	s := testStyles()
	sm := NewSmallMaps(s)
	sm.SetLandscape(l)
	for _, size := range [][2]int{{80, 23}, {120, 39}, {240, 59}, {30, 8}, {0, 0}} {
		for n := 1; n <= len(paths); n++ {
			sm.SetSize(size[0], size[1])
			lines := sm.Lines(paths[:n])
			requireSize(t, lines, size[0], size[1])
			if size[0] < 80 {
				continue
			}
			text := strings.Join(lines, "\n")
			for _, p := range paths[:n] {
				if !strings.Contains(text, string(s.Glyph(p.Lane))+" "+p.Label) {
					t.Errorf("%v, %d lanes: no title for %s:\n%s", size, n, p.Label, text)
				}
			}
			fresh := NewSmallMaps(testStyles())
			fresh.SetLandscape(l)
			fresh.SetSize(size[0], size[1])
			if want := strings.Join(fresh.Lines(paths[:n]), "\n"); want != text {
				t.Errorf("%v, %d lanes: kept maps differ from new ones:\n%s\nwant\n%s", size, n, text, want)
			}
		}
	}
	if cols, rows := gridShape(5, 240, 59); cols*rows < 5 || cols < 3 {
		t.Errorf("five maps at 240×59 in %d×%d", cols, rows)
	}
}

// TestMapOfARace draws the engine's races: each 2-D landscape on its
// defaults after 300 steps, whole and tracking, every lane's glyph on the
// map or on its edge; a lane that diverges on Rosenbrock draws no NaN; a
// frame of the same race again allocates nothing.
func TestMapOfARace(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(2) {
		r, err := race.New(obj.Defaults(), obj)
		if err != nil {
			t.Fatal(err)
		}
		for range 300 {
			r.Step()
		}
		s := testStyles()
		for _, track := range []bool{false, true} {
			m := newMap(s, LandscapeOf(obj, obj.Defaults().Start()), 100, 30, track)
			paths := MapPaths(r, trajectoryPoints, nil)
			lines := m.Lines(paths)
			requireSize(t, lines, 100, 30)
			graph := strings.Join(lines[:m.key.mapH], "\n")
			for lane := range r.Labels() {
				if !strings.ContainsRune(graph, s.Glyph(lane)) && !strings.ContainsAny(graph, "←→↑↓↖↗↙↘") {
					t.Errorf("%s track=%v: lane %d is not on the map:\n%s", obj.Name, track, lane, graph)
				}
			}
			if allocs := testing.AllocsPerRun(10, func() {
				paths = MapPaths(r, trajectoryPoints, paths)
				m.Lines(paths)
			}); allocs != 0 {
				t.Errorf("%s: an unchanged frame allocates %v times", obj.Name, allocs)
			}
		}
	}
	rosen := optimizers.Rosenbrock()
	lanes := []optimizers.Lane{{Kind: optimizers.GD, Hyper: optimizers.Hyper{LR: 0.01}}, rosen.Defaults().Lane(optimizers.Adam)}
	r, err := race.New(rosen.Defaults(), rosen, race.WithLanes(lanes))
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		r.Step()
	}
	if !r.Runner(0).Diverged() {
		t.Fatal("GD at α = 0.01 did not diverge on Rosenbrock")
	}
	m := newMap(testStyles(), LandscapeOf(rosen, rosen.Defaults().Start()), 80, 24, true)
	paths := MapPaths(r, trajectoryPoints, nil)
	if paths[0].T != r.Runner(0).DivergedAt {
		t.Errorf("the diverged lane's path ends at t = %d, want %d", paths[0].T, r.Runner(0).DivergedAt)
	}
	text := strings.ToLower(strings.Join(m.Lines(paths), "\n"))
	if strings.Contains(text, "nan") || strings.Contains(text, "inf") {
		t.Errorf("a diverged lane's map reads NaN or Inf:\n%s", text)
	}
}

// TestTrackNeverZoomsOutPastTheWhole: while every step of the paths it
// reads is in the whole view, tracking shows no more than it; and it reads
// the steps the race took, not its stored positions, however long the race.
func TestTrackNeverZoomsOutPastTheWhole(t *testing.T) {
	for _, l := range testLandscapes() {
		r := testRace(t, l.Name)
		whole := MapWindow(l.Start, l.Minima)
		for _, step := range []int{1, 2, 5, 12, 40, 300, 1500, 3000} {
			paths := pathsAt(r, step)
			win, ok := mapTrackWindow(paths, whole)
			inside := true
			for _, p := range paths {
				pts := p.steps()
				if len(pts) != min(p.T+1, trajectoryPoints) && p.T == step {
					t.Fatalf("%s t=%d: %s has %d steps of its own, want %d", l.Name, step, p.Label, len(pts), min(p.T+1, trajectoryPoints))
				}
				for _, q := range pts {
					inside = inside && whole.contains(q)
				}
			}
			if ok && inside && (win.XMax-win.XMin > whole.XMax-whole.XMin || win.YMax-win.YMin > whole.YMax-whole.YMin) {
				t.Errorf("%s t=%d: tracking shows %v, more than the whole view %v", l.Name, step, win, whole)
			}
		}
	}
}

// TestStartReadsAsOneRow: at t = 0 every lane is at the start, and their
// glyphs stand in the start's row, side by side, not a row above or below
// it, which would read as other y's.
func TestStartReadsAsOneRow(t *testing.T) {
	l := landscape(t, "bowl")
	m := newMap(testStyles(), l, 80, 20, false)
	m.SetLegend(false)
	lines := m.Lines(pathsAt(testRace(t, "bowl"), 0))
	rows := map[int]bool{}
	for y, line := range lines {
		for _, g := range []string{"●", "■", "◆", "★", "▲"} {
			if strings.Contains(line, g) {
				rows[y] = true
			}
		}
	}
	if len(rows) != 1 {
		t.Errorf("the five at the start stand in %d rows:\n%s", len(rows), strings.Join(lines, "\n"))
	}
}

// cellRune is the rune in chart cell (x, y) of lines.
func cellRune(lines []string, x, y int) rune {
	row := []rune(ansi.Strip(lines[y]))
	if x < 0 || x >= len(row) {
		return 0
	}
	return row[x]
}

// TestMapTrackAtOnePoint: at t = 0 every lane is at the start, and the
// track view shows the landscape around it: on Himmelblau, whose start is
// (0, 0), a window of 1 % of the whole view or more (not ±1e-300), with
// the start's mark, every lane's glyph and a shading scale of two values;
// the same after `f` from the saddle with the track view on, in one map;
// the bowl's start (−8, 2) keeps its window of 2 % of its distance from 0.
func TestMapTrackAtOnePoint(t *testing.T) {
	s := testStyles()
	m := newMap(s, landscape(t, "saddle"), 100, 30, true)
	m.Lines(pathsAt(testRace(t, "saddle"), 12))
	l := landscape(t, "himmelblau")
	m.SetLandscape(l)
	lines := m.Lines(pathsAt(testRace(t, "himmelblau"), 0))
	plain := strings.Join(lines, "\n")
	win, whole := m.Window(), MapWindow(l.Start, l.Minima)
	if win.XMax-win.XMin < 0.01*(whole.XMax-whole.XMin) || win.YMax-win.YMin < 0.01*(whole.YMax-whole.YMin) || !win.contains(l.Start) {
		t.Errorf("Himmelblau at t = 0 is tracked in %v (whole view %v)", win, whole)
	}
	if strings.Contains(plain, "e-") {
		t.Errorf("the axes collapse onto the start:\n%s", plain)
	}
	x, y, ok := m.cellOf(l.Start)
	if !ok || cellRune(lines, x, y) != 'S' {
		t.Errorf("the start's mark is not at its cell:\n%s", plain)
	}
	for lane := range optimizers.NumKinds {
		if !strings.ContainsRune(plain, s.Glyph(lane)) {
			t.Errorf("lane %d's glyph is not on the map:\n%s", lane, plain)
		}
	}
	scale := regexp.MustCompile(`f − f\* +(\S+) +(\S+)`).FindStringSubmatch(plain)
	if scale == nil || scale[1] == scale[2] {
		t.Errorf("the shading's scale reads %q:\n%s", scale, plain)
	}
	bowl := landscape(t, "bowl")
	bw, ok := mapTrackWindow(pathsAt(testRace(t, "bowl"), 0), MapWindow(bowl.Start, bowl.Minima))
	if !ok || bw.XMin != -8.25 || bw.XMax != -7.75 {
		t.Errorf("the bowl at t = 0 is tracked in %v, want x from −8.25 to −7.75", bw)
	}
}

// TestMapStartMarkShows: the start's mark keeps its cell: at t = 0 the
// lanes, all at the start, stand beside it; later no step's digit (step 0
// is the start) and no lane's glyph covers it; in the whole view and in the
// track view while the start is in it, in Unicode and in ASCII.
func TestMapStartMarkShows(t *testing.T) {
	for _, l := range testLandscapes() {
		for _, ascii := range []bool{false, true} {
			s := testStyles()
			s.ASCII = ascii
			for _, track := range []bool{false, true} {
				r := testRace(t, l.Name)
				m := newMap(s, l, 72, 22, track)
				for _, step := range []int{0, 1, 2, 5, 30} {
					lines := m.Lines(pathsAt(r, step))
					x, y, ok := m.cellOf(l.Start)
					if !ok {
						continue
					}
					if got := cellRune(lines, x, y); got != 'S' {
						t.Errorf("%s ascii=%v track=%v t=%d: the start's cell reads %q:\n%s", l.Name, ascii, track, step, got, strings.Join(lines, "\n"))
					}
					if step > 0 {
						continue
					}
					beside := 0
					for dx := -4; dx <= 4; dx++ {
						for lane := range optimizers.NumKinds {
							if cellRune(lines, x+dx, y) == s.Glyph(lane) {
								beside++
							}
						}
					}
					if beside != optimizers.NumKinds {
						t.Errorf("%s ascii=%v track=%v: %d lanes stand beside the start, want %d:\n%s", l.Name, ascii, track, beside, optimizers.NumKinds, strings.Join(lines, "\n"))
					}
				}
			}
		}
	}
}
