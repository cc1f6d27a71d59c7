package views

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

func testStyles() *Styles {
	s := DefaultStyles(lipgloss.DefaultRenderer())
	return &s
}

func requireSize(t *testing.T, lines []string, w, h int) {
	t.Helper()
	if len(lines) != h {
		t.Fatalf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d wide, want %d: %q", i, got, w, l)
		}
	}
}

func TestChartRange(t *testing.T) {
	q := optimizers.Quadratic()
	if got := ChartRange(q, 10); got != (Range{-10, 10, 0, 100}) {
		t.Errorf("x² from 10: %v, want [−10, 10] × [0, 100]", got)
	}
	if got := ChartRange(q, 0); got.XMax != 1 || got.YMax != 1 {
		t.Errorf("x² from 0 (at the minimum): %v, want [−1, 1] × [0, 1]", got)
	}
	if got := ChartRange(q, 1e300); !(got.YMax > got.YMin) || math.IsInf(got.YMax, 0) {
		t.Errorf("x² from 1e300: %v has no finite y range", got)
	}
}

func TestBoxAnySize(t *testing.T) {
	for w := 0; w < 12; w++ {
		for h := 0; h < 6; h++ {
			lines := box(roundFrame, paint{}, "a long title", blank(max(w-2, 0), max(h-2, 0)), w, h)
			requireSize(t, lines, w, h)
		}
	}
}

func TestIterationTableFitsAndAligns(t *testing.T) {
	var states []optimizers.State
	o, _ := optimizers.New(optimizers.Adam, optimizers.Defaults(), optimizers.Quadratic())
	st := o.Start(optimizers.Vec{10})
	for range 30 {
		states = append(states, st)
		o.Step(&st)
	}
	var tb iterTable
	for _, w := range []int{1, 8, 20, 46, 120} {
		lines := tb.lines(testStyles(), int(optimizers.Adam), optimizers.Defaults().Lane(optimizers.Adam), optimizers.Quadratic(), optimizers.Vec{10}, states, w, 12)
		requireSize(t, lines, w, 12)
	}
	lines := tb.lines(testStyles(), int(optimizers.Adam), optimizers.Defaults().Lane(optimizers.Adam), optimizers.Quadratic(), optimizers.Vec{10}, states, 120, 4)
	if !strings.HasPrefix(strings.TrimSpace(lines[3]), "29 ") || !strings.Contains(lines[0], "m̂") {
		t.Errorf("wide Adam table: %q", lines)
	}
}

// TestChartRangeIsRound: the loss charts' ranges end at round numbers.
func TestChartRangeIsRound(t *testing.T) {
	for _, c := range []struct {
		obj  optimizers.Objective
		x0   float64
		want Range
	}{
		{optimizers.Quadratic(), 10, Range{XMin: -10, XMax: 10, YMin: 0, YMax: 100}},
		{optimizers.Bumpy(), 10, Range{XMin: -15, XMax: 10, YMin: -20, YMax: 160}},
		{optimizers.Bumpy(), -3, Range{XMin: -3, XMax: 0.5, YMin: -8, YMax: 8}},
	} {
		if got := ChartRange(c.obj, c.x0); got != c.want {
			t.Errorf("%s from %v: %+v, want %+v", c.obj.Name, c.x0, got, c.want)
		}
	}
}

// TestWrapWordsKeepsEquations: a line never breaks beside "=".
func TestWrapWordsKeepsEquations(t *testing.T) {
	got := wrapWords("applying replays GDM (all five if x₀ or ε change) to t = 0", 53)
	want := []string{"applying replays GDM (all five if x₀ or ε change) to", "t = 0"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
