package views

import (
	"slices"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/optirace/optirace/palette"
)

// Every chart (the race panels' loss charts, the convergence chart, the
// neuron graph) draws into a grid of cells, each a character and a style id,
// and one renderer, cellPalette.appendRow, turns a row of cells into text
// with escape sequences. A chart composes its layers by drawing them in one
// order, each over the last: axes and labels, the curve, paths (braille
// dots, see dots), markers, and last the current point.

// styleID is the style of a cell: an index into a session's cellPalette
// (Styles.cells). The styles every chart uses have the fixed ids below; a
// chart that needs more (a heatmap's colour scale) adds them to the palette
// with cellPalette.add, up to maxStyles in all.
type styleID uint16

// The fixed style ids.
const (
	styleNone styleID = iota
	styleAxis
	styleLabel
	styleCurve
	styleText
	styleDim
	styleBold
	styleAlert
	styleForward
	styleGradient
	styleUpdate
	styleForwardBold
	styleGradientBold
	styleCurrentText // bold in reverse video: the neuron screen's current phase

	// styleLanes is the first lane's first style; laneStyle numbers the rest.
	styleLanes
)

// laneRole is what a lane's style colours: its marks, its bold text, or
// its current point.
type laneRole uint8

const (
	laneMark    laneRole = iota // markers, series, paths
	laneBold                    // bold marks and names
	laneCurrent                 // the current point: bold, in reverse video
	numLaneRoles
)

// numLanes is how many lanes have styles, each its colour (package
// palette) at its index: in the lecture's race of five, lane k is
// optimizer k.
const numLanes = MaxLanes

// A map (contour_shading.go) shades the cells of its graph with a background
// colour, one of numShades bands of log₁₀(f − f*), and whatever is drawn
// over a cell keeps its shade: each shade has its own copy of the styles a
// map draws with, from styleShades on, shadeStride ids a shade.
const numShades = palette.NumShades

// shadeRole is what a shaded cell shows: the shade alone (a blank, whose
// escape sequence sets the background only), a contour line in dim, a mark
// in bold text (a minimum, the start), or, from shadeLanes on, a lane's
// role.
type shadeRole uint8

const (
	shadeBlank shadeRole = iota
	shadeLine
	shadeMark
	shadeLanes
)

const (
	// styleShades is the first shade's first style.
	styleShades = styleLanes + numLanes*styleID(numLaneRoles)
	shadeStride = int(shadeLanes) + numLanes*int(numLaneRoles)
)

// numStyles is how many fixed style ids there are.
const numStyles = int(styleShades) + numShades*shadeStride

// shadeStyle is the style of role over shade, 0 ≤ shade < numShades.
func shadeStyle(shade int, role shadeRole) styleID {
	return styleShades + styleID(shade*shadeStride+int(role)) //nolint:gosec // G115: the id is < numStyles
}

// shadedLane is the style of lane's role over shade, or styleNone for a
// lane without styles.
func shadedLane(shade, lane int, role laneRole) styleID {
	if lane < 0 || lane >= numLanes {
		return styleNone
	}
	return shadeStyle(shade, shadeLanes) + styleID(lane*int(numLaneRoles)+int(role)) //nolint:gosec // G115: as above
}

// laneStyle is the style of lane's role, or styleNone for a lane without
// styles. Charts colour by lane, not by optimizer kind, so that a race of
// any lanes can share these styles.
func laneStyle(lane int, role laneRole) styleID {
	if lane < 0 || lane >= numLanes {
		return styleNone
	}
	return styleLanes + styleID(lane*int(numLaneRoles)+int(role)) //nolint:gosec // G115: lane < numLanes, so the id is < numStyles
}

// cell is one column of one row of a chart: a character in its low 21 bits
// (every rune fits) and a style id above them, packed into 32 bits so that
// grids stay small and rows compare as integers. The zero cell is a blank.
type cell uint32

const (
	cellRuneBits = 21
	cellRuneMask = 1<<cellRuneBits - 1
	// maxStyles is how many style ids a cell can hold.
	maxStyles = 1 << (32 - cellRuneBits)
)

// newCell returns the cell showing r in style s.
func newCell(r rune, s styleID) cell {
	return cell(uint32(r)&cellRuneMask | uint32(s)<<cellRuneBits) //nolint:gosec // G115: a rune is below 2²¹ and a style id below 2¹¹
}

// char is the character the cell shows; 0 is a blank.
func (c cell) char() rune { return rune(c & cellRuneMask) }

// style is the cell's style id.
func (c cell) style() styleID { return styleID(c >> cellRuneBits) }

// grid is a chart's w×h cells, row by row. Writes outside it are dropped,
// so that nothing drawn can spill out of a chart. It remembers the rows
// written since a rowCache last rendered it, so that a frame compares only
// those with what is on screen.
type grid struct {
	w, h    int
	cells   []cell
	touched []bool
}

// newGrid returns a blank grid of w×h cells.
func newGrid(w, h int) grid {
	w, h = max(w, 0), max(h, 0)
	return grid{w: w, h: h, cells: make([]cell, w*h), touched: make([]bool, h)}
}

// at returns the cell at (x, y), or a blank outside the grid.
func (g *grid) at(x, y int) cell {
	if x < 0 || y < 0 || x >= g.w || y >= g.h {
		return 0
	}
	return g.cells[y*g.w+x]
}

// set writes c at (x, y).
func (g *grid) set(x, y int, c cell) {
	if x < 0 || y < 0 || x >= g.w || y >= g.h {
		return
	}
	g.cells[y*g.w+x] = c
	g.touched[y] = true
}

// row returns row y's cells.
func (g *grid) row(y int) []cell { return g.cells[y*g.w : (y+1)*g.w] }

// copyFrom makes g a copy of src, which has g's size.
func (g *grid) copyFrom(src *grid) {
	copy(g.cells, src.cells)
	for y := range g.touched {
		g.touched[y] = true
	}
}

// lines renders every row of g.
func (g *grid) lines(p *cellPalette) []string {
	var rc rowCache
	return rc.render(g, p)
}

// rowCache keeps the rows a grid was last rendered to and the cells they
// show, so that the next frame renders only the rows whose cells changed.
type rowCache struct {
	w, h  int
	shown []cell
	rows  []string
	buf   []byte
}

// render returns g's rows as text: the rows kept from the last frame where
// their cells are the same, the others rendered anew. The slice is reused
// by the next call.
func (rc *rowCache) render(g *grid, p *cellPalette) []string {
	all := rc.rows == nil || rc.w != g.w || rc.h != g.h
	if all {
		rc.w, rc.h = g.w, g.h
		rc.shown = make([]cell, len(g.cells))
		rc.rows = make([]string, g.h)
	}
	for y := range g.h {
		if !all && !g.touched[y] {
			continue
		}
		g.touched[y] = false
		row, shown := g.row(y), rc.shown[y*g.w:(y+1)*g.w]
		if !all && slices.Equal(row, shown) {
			continue
		}
		copy(shown, row)
		rc.buf = p.appendRow(rc.buf[:0], row)
		rc.rows[y] = string(rc.buf)
	}
	return rc.rows
}

// cellPalette turns style ids into escape sequences. Styles whose sequences
// are the same share one paint, so that a run of cells in either is one
// run: the axes and their labels, in one grey, are one.
type cellPalette struct {
	paintOf []uint16 // by style id: index into paints, 0 for none
	paints  []paint
	// joins says, by paint, whether blanks can stay inside a run of it: a
	// blank shows no foreground, bold or italic, but does show reverse
	// video or a background.
	joins []bool
}

// newCellPalette returns a palette with the styles of the fixed ids.
func newCellPalette(styles *[numStyles]lipgloss.Style) cellPalette {
	p := cellPalette{paints: []paint{{}}, joins: []bool{false}}
	for _, s := range styles {
		p.add(s)
	}
	return p
}

// add gives s the next style id, or styleNone once a cell could not hold
// another.
func (p *cellPalette) add(s lipgloss.Style) styleID {
	if len(p.paintOf) >= maxStyles {
		return styleNone
	}
	id := styleID(len(p.paintOf)) //nolint:gosec // G115: a palette holds far fewer than 2¹⁶ styles
	pt := paintOf(s)
	i := slices.Index(p.paints, pt)
	if i < 0 {
		i = len(p.paints)
		p.paints = append(p.paints, pt)
		p.joins = append(p.joins, foregroundOnly(pt.pre))
	}
	p.paintOf = append(p.paintOf, uint16(i)) //nolint:gosec // G115: as above
	return id
}

// appendRow appends cells as text in their styles: one pair of escape
// sequences per run of cells in one paint, and blanks inside a run they do
// not show in, so that a row of axis, blanks and axis is one run. Fewer
// bytes per frame matter over SSH. model.View's CompactSGR merges the runs
// of neighbouring rows and panels in the same way.
func (p *cellPalette) appendRow(b []byte, row []cell) []byte {
	open := uint16(0) // the paint of the open run, 0 for none
	for _, c := range row {
		r, pi := c.char(), uint16(0)
		if s := int(c.style()); s < len(p.paintOf) {
			pi = p.paintOf[s]
		}
		if r == 0 {
			r = ' '
		}
		if r == ' ' && (pi == 0 || p.joins[pi]) {
			if open != 0 && !p.joins[open] {
				b = append(b, p.paints[open].post...)
				open = 0
			}
			b = append(b, ' ')
			continue
		}
		if pi != open {
			if open != 0 {
				b = append(b, p.paints[open].post...)
			}
			b = append(b, p.paints[pi].pre...)
			open = pi
		}
		b = utf8.AppendRune(b, r)
	}
	if open != 0 {
		b = append(b, p.paints[open].post...)
	}
	return b
}
