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

// TestConvergenceAxisFollowsTheRace: early on the y axis spans only the
// decades the errors reach, so the five curves spread over the chart; it
// reaches down to the floor, 1e-16, once an error does.
func TestConvergenceAxisFollowsTheRace(t *testing.T) {
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, repeat("space", 5)...)
	m = send(m, keyMsg("c"))
	// At t = 5 the smallest error is RMSProp's, about 10^-0.3.
	if v := ansi.Strip(m.View()); !strings.Contains(v, "1e-1└") || strings.Contains(v, "1e-16") {
		t.Errorf("at t = 5 the axis should run from 1e2 down to 1e-1:\n%s", v)
	}
	m = send(m, repeat("space", 40)...)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "1e-16") {
		t.Errorf("at t = 45 the axis should reach 1e-16:\n%s", v)
	}
	// From far out the errors are about 1e200: the axis reaches them, past
	// the 1e20 that caps a diverging runner's climb.
	s := optimizers.Defaults()
	s.X0 = 1e100
	far, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	far = send(far, tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("c"), keyMsg("space"))
	if v := ansi.Strip(far.View()); !strings.Contains(v, "│1e200│") {
		t.Errorf("from x₀ = 1e100 the axis should reach 1e200:\n%s", v)
	}
}

// chartNumbers is the optimizers' numbers (1–5) on the convergence chart of
// view, top to bottom: the digits in its graph area, between the y axis
// and the right border (│label│graph│).
func chartNumbers(view string) string {
	marks := ""
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if parts := strings.Split(l, "│"); len(parts) == 4 {
			marks += strings.Map(func(r rune) rune {
				if r >= '1' && r <= '5' {
					return r
				}
				return -1
			}, parts[2])
		}
	}
	return marks
}

// TestConvergenceNumbersInOrder: after one step the five errors are close
// (f = 90.25, 81, 64, 64, 46.75), and their numbers, stacked where they
// share a cell, read top to bottom in that order at every size.
func TestConvergenceNumbersInOrder(t *testing.T) {
	for _, size := range [][2]int{{60, 18}, {80, 24}, {100, 30}, {120, 40}, {240, 60}} {
		m := send(newModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]}, keyMsg("c"), keyMsg("space"))
		if marks := chartNumbers(m.View()); marks != "53124" {
			t.Errorf("%d×%d: the numbers read %q top to bottom, want 53124:\n%s", size[0], size[1], marks, m.View())
		}
	}
}

// TestConvergenceNumbersSameInASCII: in ASCII, where curves are drawn in
// their digits, each end number is where it is with braille.
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
	found := 0
	for y, line := range views[false] {
		parts := strings.SplitN(line, "│", 3) // │label│graph…
		if len(parts) < 3 {
			continue
		}
		offset := len([]rune(parts[0])) + 1 + len([]rune(parts[1])) + 1
		for x, r := range []rune(parts[2]) {
			if r < '1' || r > '5' {
				continue
			}
			found++
			if got := []rune(views[true][y])[offset+x]; got != r {
				t.Errorf("%c is at row %d column %d with braille, where ASCII has %c:\n%s", r, y, offset+x, got, strings.Join(views[true], "\n"))
			}
		}
	}
	if found != 5 {
		t.Errorf("found %d end numbers with braille, want 5", found)
	}
}

// TestConvergenceYLabelsAreEvenlySpaced: at every height, the y axis labels
// the floor 1e-16 at its bottom, and above it every multiple of a round
// number of decades (1, 2, 5, 10 …), none skipped, also where a row spans
// more than one decade.
func TestConvergenceYLabelsAreEvenlySpaced(t *testing.T) {
	s := optimizers.Defaults()
	s.LR[optimizers.GD] = 1.5 // GD's error climbs to 1e14: 30 decades
	m, err := New(Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	ownRace(m).RunToEnd(300)
	label := regexp.MustCompile(`^│ *1e(-?\d+)[│└]`)
	for h := views.MinHeight; h <= 50; h++ {
		m = send(m, tea.WindowSizeMsg{Width: 80, Height: h}, keyMsg("c"))
		var exps []int
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if g := label.FindStringSubmatch(l); g != nil {
				e, _ := strconv.Atoi(g[1])
				exps = append(exps, e)
			}
		}
		if len(exps) < 3 || exps[len(exps)-1] != -16 {
			t.Errorf("80×%d: y labels %v, want at least three ending at 1e-16", h, exps)
			continue
		}
		above := exps[:len(exps)-1]
		step := above[0] - above[1]
		if !slices.Contains([]int{1, 2, 5, 10, 20, 50}, step) {
			t.Errorf("80×%d: y labels %v are %d decades apart, not a round number", h, exps, step)
		}
		for i, e := range above {
			if e%step != 0 || (i > 0 && above[i-1]-e != step) {
				t.Errorf("80×%d: y labels %v are not the multiples of %d", h, exps, step)
				break
			}
		}
		// Down to the floor's label: less than two steps (a multiple in the
		// bottom row itself gives way to the floor's label).
		if gap := above[len(above)-1] + 16; gap >= 2*step {
			t.Errorf("80×%d: y labels %v skip a multiple of %d above 1e-16", h, exps, step)
		}
		m = send(m, keyMsg("c"))
	}
}
