package views

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// convergenceGraph is the convergence screen's graph rows, each the part
// between the y axis and the right border (│label│graph│), top down.
func convergenceGraph(lines []string, ascii bool) []string {
	var rows []string
	for _, l := range lines {
		l = ansi.Strip(l)
		sep := "│"
		if ascii {
			sep = "|"
		}
		if parts := strings.Split(l, sep); len(parts) == 4 {
			rows = append(rows, parts[2])
		}
	}
	return rows
}

// TestConvergenceMarksEndsAboveTheAxis: x⁴ from 1e50 throws GD and GDM to
// about 4e149 at t = 1, where they diverge; the axis stops at the others'
// 1e50, and each of the two ends on its top row with an arrow up beside
// its glyph, the only arrows on the chart.
func TestConvergenceMarksEndsAboveTheAxis(t *testing.T) {
	s := optimizers.Defaults()
	s.X0 = 1e50
	for _, ascii := range []bool{false, true} {
		st := testStyles()
		st.ASCII = ascii
		r, err := race.New(s, optimizers.Quartic())
		if err != nil {
			t.Fatal(err)
		}
		r.Step()
		r.Step()
		for _, k := range []optimizers.Kind{optimizers.GD, optimizers.Momentum} {
			if !r.Runner(int(k)).Diverged() {
				t.Fatalf("%v did not diverge on x⁴ from 1e50", k)
			}
		}
		lines := NewConvergenceView(st).Render(r, 120, 40)
		graph := convergenceGraph(lines, ascii)
		if len(graph) == 0 {
			t.Fatalf("ascii=%v: no chart:\n%s", ascii, strings.Join(lines, "\n"))
		}
		up := string(unicodeArrows.up)
		if ascii {
			up = string(asciiArrows.up)
		}
		all := strings.Join(graph, "\n")
		for _, k := range []optimizers.Kind{optimizers.GD, optimizers.Momentum} {
			if !strings.Contains(graph[0], string(st.Glyph(int(k)))+up) {
				t.Errorf("ascii=%v: %v's end is not on the top row with an arrow up:\n%s", ascii, k, all)
			}
		}
		if n := strings.Count(all, up); n != 2 {
			t.Errorf("ascii=%v: %d arrows up, want 2 (GD's and GDM's):\n%s", ascii, n, all)
		}
	}
}

// TestConvergenceZoneIsDrawnWhereTheLegendSaysSo: the legend promises the
// zone's dashed line and the marks where each reached and settled exactly
// when the chart draws them: for a zone as wide as 1e300 the axis reaches
// it (all five settled at t = 0 and are marked on it); one narrower than
// the race's floor, 1e-16, is below the chart, and the legend says so.
func TestConvergenceZoneIsDrawnWhereTheLegendSaysSo(t *testing.T) {
	for _, tol := range []float64{1e300, 1e21, 1e-3, 1e-16, 1e-20} {
		for _, ascii := range []bool{false, true} {
			st := testStyles()
			st.ASCII = ascii
			r, err := race.New(optimizers.Defaults(), optimizers.Quadratic(), race.WithTol(tol))
			if err != nil {
				t.Fatal(err)
			}
			r.Step()
			lines := NewConvergenceView(st).Render(r, 120, 40)
			text := ansi.Strip(strings.Join(lines, "\n"))
			graph := convergenceGraph(lines, ascii)
			dash := "┄┄┄┄"
			if ascii {
				dash = "...."
			}
			line := -1
			for y, row := range graph {
				if strings.Contains(row, dash) {
					line = y
				}
			}
			// The legend's dashes stand for the line; its long form says
			// the line carries marks.
			promised := strings.Contains(text, dash[:len(dash)/2]+" finish zone") || strings.Contains(text, dash[:len(dash)/2]+" zone")
			marks := strings.Contains(text, "marked where each reached and settled")
			if promised != (line >= 0) || promised != (tol >= 1e-16) || marks && !promised {
				t.Errorf("tol %g ascii=%v: the legend promises the line: %v (its marks: %v), the line is drawn: %v:\n%s", tol, ascii, promised, marks, line >= 0, text)
				continue
			}
			if !promised {
				if !strings.Contains(text, "below the chart") {
					t.Errorf("tol %g ascii=%v: the legend does not say where the zone is:\n%s", tol, ascii, text)
				}
				continue
			}
			if tol >= 1e21 && !strings.ContainsRune(graph[line], st.Glyph(0)) {
				t.Errorf("tol %g ascii=%v: the zone's line has no mark of GD's, which settled at t = 0:\n%s", tol, ascii, text)
			}
		}
	}
}
