package views

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/race"
)

// legendKey is what the legend says: each runner's steps in the race, the
// tolerance and the width.
type legendKey struct {
	w, dim int
	tol    float64
	steps  [MaxLanes][4]int
	labels string // the lanes' labels, joined
}

// legend names each optimizer with its glyph, in its colour, and where it
// is in the race, then the dashed line; wrapped to w, each entry in the
// longest form that fits its line.
func (v *ConvergenceView) legend(r race.Reader, w int) []string {
	key := legendKey{w: w, dim: r.Objective().Dim, tol: r.Tol(), labels: strings.Join(r.Labels(), "\x00")}
	for lane := range r.Labels() {
		run := r.Runner(lane)
		key.steps[lane] = [4]int{run.ReachedAt, run.SettledAt, run.LeftAt, run.DivergedAt}
	}
	if v.legendLines == nil || key != v.legendKey {
		v.legendLines, v.legendKey = v.drawLegend(r, w), key
	}
	return v.legendLines
}

// drawLegend is legend, drawn.
func (v *ConvergenceView) drawLegend(r race.Reader, w int) []string {
	p := &v.styles.paints
	type entry struct {
		forms []string // longest first
		paint paint
	}
	labels := r.Labels()
	entries := make([]entry, 0, len(labels)+1)
	for lane, label := range labels {
		head := string(v.styles.Glyph(lane)) + " " + label + " "
		run := r.Runner(lane)
		entries = append(entries, entry{
			forms: []string{head + raceText(run, v.styles.ASCII), head + finishText(run, v.styles.ASCII)},
			paint: p.laneBold[lane],
		})
	}
	dash, tol := "┄┄", numfmt.Compact(r.Tol(), 8)
	if v.styles.ASCII {
		dash = ".."
	}
	zone := []string{
		dash + " finish zone |x − x*| < " + tol + ", marked where each reached and settled",
		dash + " zone |x − x*| < " + tol,
	}
	if r.Objective().Dim > 1 {
		zone = []string{
			dash + " finish zone: distance to the nearest minimum < " + tol + ", marked where each reached and settled",
			dash + " zone: distance < " + tol,
		}
	}
	if !zoneOnChart(r.Tol()) {
		// No line, no marks: the legend says where the zone is instead.
		floor := numfmt.Compact(math.Pow(10, race.LogFloor), 8)
		zone = []string{
			"finish zone |x − x*| < " + tol + ", below the chart, which ends at " + floor,
			"zone |x − x*| < " + tol + ", below the chart",
		}
		if r.Objective().Dim > 1 {
			zone = []string{
				"finish zone: distance to the nearest minimum < " + tol + ", below the chart, which ends at " + floor,
				"zone: distance < " + tol + ", below the chart",
			}
		}
	}
	entries = append(entries, entry{forms: []string{v.styles.Spell(zone[0]), v.styles.Spell(zone[1])}, paint: p.dim})

	const sep = 3 // blanks before each entry
	longest := func(forms []string, room int) string {
		for _, f := range forms {
			if ansi.StringWidth(f)+sep <= room {
				return f
			}
		}
		return forms[len(forms)-1]
	}
	var lines []string
	line, used := "", 0
	for _, e := range entries {
		text := longest(e.forms, w-used)
		if used > 0 && used+ansi.StringWidth(text)+sep > w {
			lines = append(lines, fit(line, w))
			line, used = "", 0
			text = longest(e.forms, w)
		}
		line += "   " + e.paint.wrap(text)
		used += ansi.StringWidth(text) + sep
	}
	return append(lines, fit(line, w))
}

// raceText says where run is in the race, with the steps the chart marks:
// "settled t=42", "reached t=126, settled t=172", "reached t=20, left t=73",
// "DNF t=20", or a dash before it reached the zone.
func raceText(run race.Runner, ascii bool) string {
	switch {
	case run.Diverged():
		return "DNF t=" + strconv.Itoa(run.DivergedAt)
	case run.Settled() && run.SettledAt == run.ReachedAt:
		return "settled t=" + strconv.Itoa(run.SettledAt)
	case run.Settled():
		return "reached t=" + strconv.Itoa(run.ReachedAt) + ", settled t=" + strconv.Itoa(run.SettledAt)
	case run.Left():
		return "reached t=" + strconv.Itoa(run.ReachedAt) + ", left t=" + strconv.Itoa(run.LeftAt)
	}
	return none(ascii)
}
