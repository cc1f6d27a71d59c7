package model

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/views"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

// convergenceDecades reads the convergence chart's y labels, top down.
func convergenceDecades(view string) []int {
	label := regexp.MustCompile(`^│ *1e(-?\d+)│`)
	var exps []int
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if g := label.FindStringSubmatch(l); g != nil {
			e, _ := strconv.Atoi(g[1])
			exps = append(exps, e)
		}
	}
	return exps
}

// TestConvergenceAxisFollowsTheRace: early on the y axis spans only the
// decades the distances reach and the finish zone's edge (tol = 1e-3), so
// the five curves spread over the chart; it reaches down to the floor,
// 1e-16, once a distance does.
func TestConvergenceAxisFollowsTheRace(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 5)...)
	m = send(m, keyMsg("c"))
	// At t = 5 the distances are 2 (RMSProp) to 7.5 (Adam), and x₀ was 10.
	if exps := convergenceDecades(m.View()); len(exps) < 2 || exps[0] != 1 || exps[len(exps)-1] > -4 || exps[len(exps)-1] < -6 {
		t.Errorf("at t = 5 the axis should run from 1e1 down to a little below the zone, 1e-3: %v\n%s", exps, m.View())
	}
	m = send(m, repeat("space", 200)...) // GD's distance, 10·0.8ᵗ, is below 1e-16 from t = 172
	if exps := convergenceDecades(m.View()); len(exps) < 2 || exps[len(exps)-1] > -16 {
		t.Errorf("at t = 205 the axis should reach 1e-16: %v\n%s", exps, m.View())
	}
	// From far out the distances are about 1e100: the axis reaches them,
	// past the 1e20 that caps a diverging runner's climb.
	s := optimizers.Defaults()
	s.X0 = 1e100
	far, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	far = send(far, tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("c"), keyMsg("space"))
	if exps := convergenceDecades(far.View()); len(exps) < 2 || exps[0] < 100 {
		t.Errorf("from x₀ = 1e100 the axis should reach 1e100: %v\n%s", exps, far.View())
	}
}

// chartNumbers is the optimizers' numbers (1–5) of the glyphs on the
// convergence chart of view, top to bottom: the lanes' glyphs in its graph
// area, between the y axis and the right border (│label│graph│).
func chartNumbers(view string) string {
	marks := ""
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if parts := strings.Split(l, "│"); len(parts) == 4 {
			marks += strings.Map(func(r rune) rune {
				if i := strings.IndexRune("●■◆★▲", r); i >= 0 {
					return '1' + rune(len([]rune("●■◆★▲"[:i])))
				}
				return -1
			}, parts[2])
		}
	}
	return marks
}

// TestConvergenceNumbersInOrder: after one step the five distances are
// close (|x − x*| = 9.5, 9, 8, 8, 6.84), and the glyphs at the series'
// ends, stacked where they share a cell, read top to bottom in that order
// at every size.
func TestConvergenceNumbersInOrder(t *testing.T) {
	for _, size := range [][2]int{{60, 18}, {80, 24}, {100, 30}, {120, 40}, {240, 60}} {
		m := send(newModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]}, keyMsg("c"), keyMsg("space"))
		if marks := chartNumbers(m.View()); marks != "53124" {
			t.Errorf("%d×%d: the numbers read %q top to bottom, want 53124:\n%s", size[0], size[1], marks, m.View())
		}
	}
}

// TestConvergenceNumbersSameInASCII: in ASCII, where curves are drawn in
// their glyphs, each series' end is where it is with braille: the
// rightmost of its glyphs with braille is its ASCII glyph there.
func TestConvergenceNumbersSameInASCII(t *testing.T) {
	views := map[bool][]string{}
	for _, ascii := range []bool{false, true} {
		m, err := New(Options{Settings: optimizers.Defaults(), ASCII: ascii})
		if err != nil {
			t.Fatal(err)
		}
		m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("c"))
		m = send(m, repeat("space", 8)...)
		views[ascii] = strings.Split(ansi.Strip(m.View()), "\n")
	}
	glyphs, asciiGlyphs := []rune("●■◆★▲"), []rune("o#+*%")
	type at struct{ y, x int }
	ends := map[int]at{}
	for y, line := range views[false] {
		parts := strings.SplitN(line, "│", 3) // │label│graph…
		if len(parts) < 3 {
			continue
		}
		offset := len([]rune(parts[0])) + 1 + len([]rune(parts[1])) + 1
		for x, r := range []rune(parts[2]) {
			if k := slices.Index(glyphs, r); k >= 0 && (ends[k] == at{} || offset+x > ends[k].x) {
				ends[k] = at{y, offset + x}
			}
		}
	}
	if len(ends) != 5 {
		t.Fatalf("found the ends of %d series with braille, want 5:\n%s", len(ends), strings.Join(views[false], "\n"))
	}
	for k, e := range ends {
		if got := []rune(views[true][e.y])[e.x]; got != asciiGlyphs[k] {
			t.Errorf("%c ends at row %d column %d with braille, where ASCII has %c, not %c:\n%s", glyphs[k], e.y, e.x, got, asciiGlyphs[k], strings.Join(views[true], "\n"))
		}
	}
}

// TestConvergenceYLabelsAreEvenlySpaced: at every height, the y axis is
// labelled at its top and its bottom, at or below the floor 1e-16, and
// every few decades between, evenly, none skipped, also where a row spans
// more than one decade.
func TestConvergenceYLabelsAreEvenlySpaced(t *testing.T) {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5 // GD's distance climbs to 1e7 before it diverges: 23 decades
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	ownRace(m).RunToEnd(300)
	label := regexp.MustCompile(`^│ *1e(-?\d+)│`)
	for h := views.MinHeight; h <= 50; h++ {
		m = send(m, tea.WindowSizeMsg{Width: 80, Height: h}, keyMsg("c"))
		var exps, rows []int
		top, axis := -1, -1
		for y, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if strings.Contains(l, "└") {
				axis = y
			}
			if strings.HasPrefix(l, "│") && strings.Count(l, "│") == 3 && top < 0 {
				top = y // the graph's first row
			}
			if g := label.FindStringSubmatch(l); g != nil {
				e, _ := strconv.Atoi(g[1])
				exps, rows = append(exps, e), append(rows, y)
			}
		}
		if len(exps) < 3 || exps[len(exps)-1] > -16 || rows[0] != top || rows[len(rows)-1] != axis-1 {
			t.Errorf("80×%d: y labels %v on rows %v, want at least three from the top row %d to the bottom one %d, down to 1e-16 at least:\n%s",
				h, exps, rows, top, axis-1, m.View())
			continue
		}
		step := exps[0] - exps[1]
		if !slices.Contains([]int{1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50}, step) {
			t.Errorf("80×%d: y labels %v are %d decades apart, not a round number", h, exps, step)
		}
		for i := 1; i < len(exps); i++ {
			if exps[i-1]-exps[i] != step {
				t.Errorf("80×%d: y labels %v are not evenly spaced", h, exps)
				break
			}
		}
		m = send(m, keyMsg("c"))
	}
}
