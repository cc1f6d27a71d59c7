package views

import (
	"math"
	"unicode/utf8"

	"github.com/optirace/optirace/numfmt"
)

// mapLegendEntry is one entry of a map's legend: its cells, and the width
// the layout keeps for it (the shading's scale keeps room for the widest
// numbers it may read).
type mapLegendEntry struct {
	cells []cell
	width int
	scale bool // the shading's scale, drawn with the static layer's numbers
}

// legendSep is the blank columns between two legend entries.
const legendSep = 3

// scaleNumberWidth is the widest a number of the shading's scale is.
const scaleNumberWidth = 7

// layLegend lays out the legend for paths: each lane's glyph and label,
// then the marks of the minima and the start, then the shading's scale,
// wrapped to the map's width. It returns the entries and the rows they
// take (none when the legend is hidden), kept until a lane or label
// changes.
func (m *MapView) layLegend(paths []MapPath) ([]mapLegendEntry, int) {
	if !m.legend {
		return nil, 0
	}
	lg := &m.legendCache
	same := lg.valid && lg.w == m.w && len(lg.lanes) == len(paths)
	for i := 0; same && i < len(paths); i++ {
		same = lg.lanes[i] == paths[i].Lane && lg.labels[i] == paths[i].Label
	}
	if same {
		return lg.entries, lg.rows
	}
	lg.valid, lg.w = true, m.w
	lg.lanes, lg.labels = lg.lanes[:0], lg.labels[:0]
	for _, p := range paths {
		lg.lanes, lg.labels = append(lg.lanes, p.Lane), append(lg.labels, p.Label)
	}
	text := func(s string, style styleID, lead ...cell) mapLegendEntry {
		e := mapLegendEntry{cells: append([]cell(nil), lead...)}
		for _, r := range m.styles.Spell(s) {
			e.cells = append(e.cells, newCell(r, style))
		}
		e.width = len(e.cells)
		return e
	}
	entries := lg.entries[:0]
	for _, p := range paths {
		if p.Lane < 0 || p.Lane >= numLanes || m.noLanes {
			continue
		}
		entries = append(entries, text(" "+p.Label, laneStyle(p.Lane, laneBold), newCell(m.styles.Glyph(p.Lane), laneStyle(p.Lane, laneCurrent))))
	}
	entries = append(entries,
		text(" minimum", styleDim, newCell(m.mark(minimumMark), styleBold)),
		text(" start", styleDim, newCell(m.mark(startMark), styleBold)))
	scale := mapLegendEntry{scale: true}
	if m.colour {
		// "f − f* 0.0038 ▮▮▮▮▮▮▮▮▮▮ 2200"
		scale.width = utf8.RuneCountInString(m.styles.Spell("f − f*  ")) + 2*scaleNumberWidth + 1 + numShades
	} else {
		// "contours: f − f* from 0.016, ×4.2 apart"
		scale.width = utf8.RuneCountInString(m.styles.Spell(contourText("", ""))) + 2*scaleNumberWidth
	}
	entries = append(entries, scale)
	lg.entries = entries
	lg.rows, _ = legendPlaces(entries, m.w, nil)
	return lg.entries, lg.rows
}

// legendPlaces places entries in rows of w columns, legendSep blank
// columns apart, and returns the rows they take and each one's column and
// row (from 0) appended to out.
func legendPlaces(entries []mapLegendEntry, w int, out []point) (int, []point) {
	row, used := 0, 0
	for _, e := range entries {
		wd := min(e.width, w)
		if used > 0 && used+legendSep+wd > w {
			row, used = row+1, 0
		}
		if used > 0 {
			used += legendSep
		}
		out = append(out, point{used, row})
		used += wd
	}
	return row + 1, out
}

// contourText describes the contour lines drawn where colour is absent.
func contourText(from, ratio string) string {
	return "contour lines at f − f* = " + from + ", then each ×" + ratio
}

// noContourText says why a window has no contour lines: f − f* changes too
// little across it.
func noContourText(lo, hi string) string {
	return "no contours: f − f* " + lo + " to " + hi
}

// drawLegend draws the legend's entries into the frame's rows from mapH,
// as layLegend laid them out; an entry wider than the map is cut.
func (m *MapView) drawLegend(entries []mapLegendEntry, mapH int) {
	if len(entries) == 0 {
		return
	}
	_, m.legendAt = legendPlaces(entries, m.w, m.legendAt[:0])
	for i, e := range entries {
		at, wd := m.legendAt[i], min(e.width, m.w)
		cells := e.cells
		if e.scale {
			cells = m.scaleCells()
		}
		for j, c := range cells[:min(len(cells), wd)] {
			m.frame.set(at.x+j, mapH+at.y, c)
		}
		if len(cells) > wd && wd > 0 {
			m.frame.set(at.x+wd-1, mapH+at.y, newCell('…', cells[wd-1].style()))
		}
	}
}

// roughly formats v with two significant digits, as a legend reads a
// scale: 0.0038, 2200, 1.2e-12.
func roughly(v float64) string {
	if v != 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
		e := math.Pow(10, math.Floor(math.Log10(math.Abs(v)))-1)
		if r := math.Round(v/e) * e; !math.IsInf(r, 0) {
			v = r
		}
	}
	return numfmt.Compact(v, scaleNumberWidth)
}

// scaleCells is the legend's entry for the shading: in colour the bands
// from the valley floors to the heights between the values of f − f* at
// their ends; without colour, where the contour lines start and the ratio
// of f − f* from one to the next.
func (m *MapView) scaleCells() []cell {
	var cells []cell
	put := func(s string) {
		for _, r := range m.styles.Spell(s) {
			cells = append(cells, newCell(r, styleDim))
		}
	}
	if m.scale.valid && m.scale.zLo == m.zLo && m.scale.zHi == m.zHi {
		return m.scale.cells
	}
	if !m.colour {
		step := float64(m.lineStep) * (m.zHi - m.zLo) / numShades
		if m.lineStep >= numShades {
			put(noContourText(roughly(math.Pow(10, m.zLo)), roughly(math.Pow(10, m.zHi))))
		} else {
			put(contourText(roughly(math.Pow(10, m.zLo+step)), roughly(math.Pow(10, step))))
		}
		m.scale.cells, m.scale.zLo, m.scale.zHi, m.scale.valid = cells, m.zLo, m.zHi, true
		return cells
	}
	lo, hi := roughly(math.Pow(10, m.zLo)), roughly(math.Pow(10, m.zHi))
	put("f − f* " + lo + " ")
	for s := range numShades {
		cells = append(cells, newCell(' ', shadeStyle(s, shadeBlank)))
	}
	put(" " + hi)
	m.scale.cells, m.scale.zLo, m.scale.zHi, m.scale.valid = cells, m.zLo, m.zHi, true
	return cells
}
