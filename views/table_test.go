package views

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// The reviewer's races: the lecture's five, the lecture's GD beside one at
// α = 5 (which diverges), and eight lanes.
var (
	lectureLanes  []string
	divergingGD   = []string{"gd", "gd:lr=5"}
	eightLanes    = []string{"gd", "gdm", "adagrad", "rmsprop", "adam", "gd:lr=0.01", "gd:lr=1.01", "adam:lr=0.1"}
	readableSizes = [][2]int{{60, 18}, {80, 24}, {100, 30}, {110, 30}, {120, 40}, {200, 24}, {240, 60}}
)

// raceAt is a race on f(x) = x² with the lanes specs (the lecture's five
// when none), stepped steps times.
func raceAt(t testing.TB, steps int, specs []string) *race.Race {
	t.Helper()
	return raceFrom(t, optimizers.Defaults(), steps, specs)
}

// raceFrom is raceAt from settings set.
func raceFrom(t testing.TB, set optimizers.Settings, steps int, specs []string) *race.Race {
	t.Helper()
	var opts []race.Option
	if len(specs) > 0 {
		lanes := make([]optimizers.Lane, len(specs))
		for i, spec := range specs {
			l, err := optimizers.ParseLane(spec, set)
			if err != nil {
				t.Fatal(err)
			}
			lanes[i] = l
		}
		opts = append(opts, race.WithLanes(lanes))
	}
	r, err := race.New(set, optimizers.Quadratic(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		r.Step()
	}
	return r
}

// stylesFor are the styles of a frame in Unicode or in ASCII only.
func stylesFor(ascii bool) *Styles {
	s := DefaultStyles(lipgloss.DefaultRenderer())
	s.ASCII = ascii
	return &s
}

// raceFrame is the race screen of r with content c in a w×h window, the
// status bar's row left out, without colour.
func raceFrame(r race.Reader, c Content, w, h int, ascii bool) string {
	return screenFrame(RaceState{Race: r, Content: c}, w, h, ascii)
}

// screenFrame is the race screen st in a w×h window, the status bar's row
// left out, without colour.
func screenFrame(st RaceState, w, h int, ascii bool) string {
	frame := strings.Join(NewRaceView(stylesFor(ascii)).Render(st, w, h-1), "\n")
	if ascii {
		frame = ASCIIOnly(frame)
	}
	return ansi.Strip(frame)
}

// frameBox is one box of a frame: its title and the lines inside its
// border.
type frameBox struct {
	title string
	lines []string
}

// boxes finds the boxes of a frame, top to bottom and left to right: a
// top-left corner with a border running right to a top-right corner, a
// side running down from each to the bottom corners.
func boxes(frame string) []frameBox {
	// A cell a column: a combining mark (m̂'s circumflex) joins the rune
	// before it.
	var grid [][]string
	for _, line := range strings.Split(frame, "\n") {
		var cells []string
		for _, r := range line {
			if unicode.Is(unicode.Mn, r) && len(cells) > 0 {
				cells[len(cells)-1] += string(r)
				continue
			}
			cells = append(cells, string(r))
		}
		grid = append(grid, cells)
	}
	at := func(y, x int) string {
		if y < 0 || y >= len(grid) || x < 0 || x >= len(grid[y]) {
			return ""
		}
		return grid[y][x]
	}
	is := func(set string) func(string) bool {
		return func(c string) bool { return c != "" && strings.Contains(set, c) }
	}
	corner, side, edge := is("╭╮╰╯┏┓┗┛+#"), is("│┃|#"), is("─━-=")
	var out []frameBox
	for y := range grid {
		for x := range grid[y] {
			if !corner(at(y, x)) || !edge(at(y, x+1)) || !side(at(y+1, x)) {
				continue
			}
			right := x + 1
			for right < len(grid[y]) && (!corner(at(y, right)) || !side(at(y+1, right))) {
				right++
			}
			if right == len(grid[y]) {
				continue
			}
			b := frameBox{title: strings.Trim(strings.Join(grid[y][x+1:right], ""), "─━-= ")}
			for yy := y + 1; side(at(yy, x)) && !corner(at(yy, x)) || at(yy, x) == "#" && side(at(yy+1, x)); yy++ {
				b.lines = append(b.lines, strings.Join(grid[yy][x+1:right], ""))
			}
			out = append(out, b)
		}
	}
	return out
}

// laneBoxes are the panels of a race frame, in the lanes' order.
func laneBoxes(frame string) []frameBox {
	var out []frameBox
	for _, b := range boxes(frame) {
		if !slices.ContainsFunc([]string{"Leaderboard", "Ranking", "Live table", "Explain"}, func(p string) bool { return strings.HasPrefix(b.title, p) }) {
			out = append(out, b)
		}
	}
	return out
}

// stateAt is lane's state at step t, as the engine has it: from the race's
// latest steps, or the steps up to its divergence.
func stateAt(r race.Reader, lane, t int) (optimizers.State, bool) {
	for _, st := range r.DivergenceTrail(lane) {
		if st.T == t {
			return st, true
		}
	}
	for _, snap := range r.Recent(256) {
		if snap[lane].T == t {
			return snap[lane].State, true
		}
	}
	return optimizers.State{}, false
}

// threeDigits reports whether text reads as v to three significant digits:
// with v's sign, within half a unit of v's third digit, and written with
// three digits unless v ends sooner (5.90e6 for 5904900; 0.5 for 0.5, and
// 0.62 for 0.6199999999999992, whose last digits are the float64's). It is
// model's threeDigits, strict about the digits written: 5.9e6 says two.
func threeDigits(text string, v float64) bool {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return text == numfmt.Compact(v, 8) // a diverged lane's last state
	}
	got, err := strconv.ParseFloat(text, 64)
	if err != nil || v == 0 {
		return err == nil && got == 0
	}
	unit := math.Pow10(int(math.Floor(math.Log10(math.Abs(v)))) - 2)
	digits := 0
	for _, c := range strings.TrimLeft(strings.Split(text, "e")[0], "-0.") {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return math.Signbit(got) == math.Signbit(v) && math.Abs(got-v) <= unit/2*(1+1e-9) && (digits >= 3 || math.Abs(got-v) <= 1e-12*math.Abs(v))
}

// quantityBySymbol is lane l's quantity on a landscape of dim coordinates
// that s writes as symbol.
func quantityBySymbol(s *Styles, l optimizers.Lane, dim int, symbol string) (optimizers.Quantity, bool) {
	for _, q := range l.Kind.QuantitiesIn(dim) {
		if s.Spell(q.Symbol) == symbol {
			return q, true
		}
	}
	return optimizers.Quantity{}, false
}

// TestPanelTablesKeepThreeDigits: in every full panel's table of the
// latest iterations, at the sizes that draw them (and zoomed, on the 2-D
// landscapes), every number reads back as the engine's to three
// significant digits with its sign (a column is dropped before a number
// loses a digit), and x and f(x) are always there.
func TestPanelTablesKeepThreeDigits(t *testing.T) {
	for _, c := range []struct {
		specs []string
		steps []int
	}{
		{lectureLanes, []int{5, 53, 250, 309, 1000}},
		{divergingGD, []int{4, 8}},
		{eightLanes, []int{20, 300}},
	} {
		for _, steps := range c.steps {
			r := raceAt(t, steps, c.specs)
			for _, size := range readableSizes {
				for _, ascii := range []bool{false, true} {
					tables := checkPanelTables(t, RaceState{Race: r}, size[0], size[1], ascii)
					if size[0] >= WideWidth && tables == 0 {
						t.Errorf("%d lanes t=%d %dx%d: no table to check", len(r.Lanes()), steps, size[0], size[1])
					}
				}
			}
		}
	}
	for _, obj := range optimizers.ObjectivesIn(2) {
		r, err := race.New(obj.Defaults(), obj)
		if err != nil {
			t.Fatal(err)
		}
		for _, steps := range []int{8, 37, 300} {
			for r.T() < steps {
				r.Step()
			}
			for lane := range r.Lanes() {
				for _, size := range [][2]int{{80, 24}, {120, 40}, {240, 60}} {
					if checkPanelTables(t, RaceState{Race: r, Focus: lane, Zoomed: true}, size[0], size[1], false) == 0 {
						t.Errorf("%s t=%d %dx%d: %s zoomed has no table", obj.Name, steps, size[0], size[1], r.Labels()[lane])
					}
				}
			}
		}
	}
}

// checkPanelTables checks every number of every panel table of the race
// screen st in a w×h window against the engine's, and returns how many
// tables it read.
func checkPanelTables(t *testing.T, st RaceState, w, h int, ascii bool) int {
	t.Helper()
	r := st.Race
	s := stylesFor(ascii)
	tables := 0
	panels := laneBoxes(screenFrame(st, w, h, ascii))
	for i, b := range panels {
		lane := i
		if st.Zoomed {
			lane = st.Focus
		}
		l := r.Lanes()[lane]
		where := fmt.Sprintf("%s %d lanes t=%d %dx%d ascii=%v: %s", r.Objective().Name, len(r.Lanes()), r.T(), w, h, ascii, r.Labels()[lane])
		var header []string
		for _, line := range b.lines {
			fields := strings.Fields(line)
			if len(fields) > 1 && fields[0] == "t" {
				header = fields
				if !slices.Contains(header, "x") || !slices.ContainsFunc(header, func(f string) bool { return strings.HasPrefix(f, "f(x") }) {
					t.Errorf("%s's table has no x or f(x): %q", where, line)
				}
				tables++
				continue
			}
			row, err := strconv.Atoi(strings.Join(fields[:min(1, len(fields))], ""))
			if header == nil || err != nil || len(fields) != len(header) {
				header = nil
				continue
			}
			state, ok := stateAt(r, lane, row)
			if !ok {
				t.Fatalf("%s has no state at t=%d", where, row)
			}
			for i, text := range fields[1:] {
				q, ok := quantityBySymbol(s, l, r.Objective().Dim, header[i+1])
				if !ok {
					t.Fatalf("%s's table has a column %q", where, header[i+1])
				}
				if text == none(ascii) && q.FromStep && row == 0 {
					continue
				}
				if v := q.Get(state); !threeDigits(text, v) {
					t.Errorf("%s's %s at t=%d = %v shown as %q", where, header[i+1], row, v, text)
				}
			}
		}
	}
	return tables
}

// TestTableDropsAColumnBeforeADigit: the reviewer's numbers, in a table
// of the width of a panel at 200×24 and 120×40 (38 inside its border):
// Adam's m and RMSProp's x keep three digits ("-1.03e-6", "-2.58e-16"),
// GDM keeps its velocity, and each table shows x, f(x) and the most
// telling columns that fit.
func TestTableDropsAColumnBeforeADigit(t *testing.T) {
	for _, c := range []struct {
		steps int
		kind  optimizers.Kind
		want  []string // in the newest row
		cols  []string
	}{
		{306, optimizers.Adam, []string{"-1.0291e-6"}, []string{"t", "x", "f(x)", "m"}},
		{307, optimizers.Adam, []string{"-7.9887e-7"}, []string{"t", "x", "f(x)", "m"}},
		{307, optimizers.Momentum, []string{"-4.5147e-8"}, []string{"t", "x", "f(x)", "v"}},
		{53, optimizers.RMSProp, []string{"-2.5841e-16"}, []string{"t", "x", "f(x)", "lr"}},
		{5, optimizers.Adam, []string{"7.51478"}, []string{"t", "x", "f(x)", "m", "v"}},
	} {
		r := raceAt(t, c.steps, nil)
		lane := int(c.kind)
		states := NewRaceView(testStyles()).recentStates(r, lane, tableLookback)
		var tb iterTable
		lines := tb.lines(testStyles(), lane, r.Lanes()[lane], r.Objective(), r.Settings().Start(), states, 38, 6)
		requireSize(t, lines, 38, 6)
		header, newest := strings.Fields(ansi.Strip(lines[0])), strings.Fields(ansi.Strip(lines[5]))
		if !slices.Equal(header, c.cols) {
			t.Errorf("%v t=%d: columns %q, want %q", c.kind, c.steps, header, c.cols)
		}
		for _, want := range c.want {
			if !slices.Contains(newest, want) {
				t.Errorf("%v t=%d: newest row %q, want %s in it", c.kind, c.steps, newest, want)
			}
		}
	}
}

// TestEveryPanelShowsItsState: a full panel too low for a table beside its
// chart shows its state as numbers instead (a panel drops its chart before
// its state): with eight lanes at 110×30 and 200×24 every panel has its x
// and f(x).
func TestEveryPanelShowsItsState(t *testing.T) {
	r := raceAt(t, 20, eightLanes)
	for _, size := range [][2]int{{110, 30}, {200, 24}, {240, 60}} {
		n := 0
		for _, b := range boxes(raceFrame(r, Panels, size[0], size[1], false)) {
			if strings.HasPrefix(b.title, "Leaderboard") || strings.HasPrefix(b.title, "Ranking") {
				continue
			}
			n++
			if inside := strings.Join(b.lines, "\n"); !strings.Contains(inside, "f(x)") {
				t.Errorf("%dx%d: panel %q shows no state:\n%s", size[0], size[1], b.title, inside)
			}
		}
		if n != len(eightLanes) {
			t.Errorf("%dx%d: %d panels, want %d", size[0], size[1], n, len(eightLanes))
		}
	}
}
