package views

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// liveRow is one row of the live table: a label and what each lane shows
// in it, for each coordinate (one in 1-D, x and y in 2-D).
type liveRow struct {
	label string
	cell  func(l optimizers.Lane, run race.Runner, c int) liveCell
	// perCoord marks a quantity kept per coordinate, which a 2-D table
	// shows for x and y.
	perCoord bool
}

// liveCell is one cell of the live table: a number, formatted to the
// column's width, or a text; absent where the lane's optimizer has no such
// quantity.
type liveCell struct {
	num    float64
	isNum  bool
	text   string
	absent bool
}

// liveGroups are the live table's rows in groups: the settings, where each
// lane is, what its last iteration computed, and its place in the finish
// zone.
func liveGroups(ascii bool) [][]liveRow {
	setting := func(keys ...string) func(optimizers.Lane, race.Runner, int) liveCell {
		return func(l optimizers.Lane, _ race.Runner, _ int) liveCell {
			for _, set := range l.Settings() {
				for _, key := range keys {
					if set.Key == key {
						return liveCell{num: set.Value, isNum: true}
					}
				}
			}
			return liveCell{absent: true}
		}
	}
	// quantity is the state's quantity key (as in optimizers.Quantities)
	// of each lane that has it; every lane has a learning rate and a step
	// (GD's and GDM's lr is α, GDM's step is −v).
	quantity := func(key string, every bool) func(optimizers.Lane, race.Runner, int) liveCell {
		return func(l optimizers.Lane, run race.Runner, c int) liveCell {
			for _, q := range optimizers.AllQuantities() {
				if q.Key != key || (!every && !hasQuantity(l.Kind, key)) {
					continue
				}
				if q.FromStep && run.T == 0 {
					return liveCell{text: none(ascii)}
				}
				return liveCell{num: q.At(run.State, c), isNum: true}
			}
			return liveCell{absent: true}
		}
	}
	step := func(at func(race.Runner) int) func(optimizers.Lane, race.Runner, int) liveCell {
		return func(_ optimizers.Lane, run race.Runner, _ int) liveCell {
			return liveCell{text: stepText(run, at(run), ascii)}
		}
	}
	return [][]liveRow{
		{
			{"α", setting("lr"), false},
			{"γ", setting("momentum", "decay"), false},
			{"β₁", setting("beta1"), false},
			{"β₂", setting("beta2"), false},
			{"ε", setting("eps"), false},
		},
		{{"x", quantity("x", true), true}, {"f(x)", quantity("f", true), false}},
		{
			{"g", quantity("grad", true), true},
			{keyVelocity, quantity(keyVelocity, false), true},
			{"G", quantity("G", false), true},
			{"E[g²]", quantity("Eg2", false), true},
			{"m", quantity("m", false), true},
			{"v", quantity("v", false), true},
			{"m̂", quantity("m_hat", false), true},
			{"v̂", quantity("v_hat", false), true},
			{"lr", quantity("lr", true), true},
			{"step", quantity("step", true), true},
		},
		{
			{"reached", step(func(r race.Runner) int { return r.ReachedAt }), false},
			{"settled", step(func(r race.Runner) int { return r.SettledAt }), false},
		},
	}
}

// hasQuantity reports whether optimizer k keeps the quantity key.
func hasQuantity(k optimizers.Kind, key string) bool {
	for _, q := range k.Quantities() {
		if q.Key == key {
			return true
		}
	}
	return false
}

// pairWidth is a column wide enough for any float64 with three significant
// digits and its sign: -1.23e-308.
const pairWidth = 10

// liveTable renders one table of every lane's every quantity at the race's
// step as exactly h lines of w columns: a column per lane, a row per
// setting and quantity (· where a lane's optimizer has none). On a 2-D
// landscape x and y share a cell only where the columns are wide enough to
// give each three significant digits and the height is too short for a
// row per coordinate; else each coordinate has its row, and where they do
// not all fit under the lanes' names they scroll from row top, a footer
// saying how many are out of sight. The groups are spaced apart where
// there is room, each row too on a tall screen, so that it reads on a
// projector. The focused lane's column is lit.
func (s *Styles) liveTable(r race.Reader, focus, top, w, h int) []string {
	p := &s.paints
	header, body, heads := s.liveRows(r, focus, w, h)
	if heads != nil {
		// Lanes in blocks: the top line is the header of the block whose
		// row is the first in sight (that header itself, where it is).
		top = max(0, min(top, scrollLimit(len(body), h-3)))
		header = body[heads[top]]
		if heads[top] == top {
			body = slices.Delete(slices.Clone(body), top, top+1)
		}
	}
	body, footer := s.scrolled(body, top, h-3)
	point := "x, f(x)"
	if r.Objective().Dim == 2 {
		point = "x, y, f(x,y)"
	}
	title := p.bold.wrap("Live table") + p.dim.wrap(s.Spell(" t = "+strconv.Itoa(r.T())+
		" · "+point+" after iteration t; g, lr, step what it used"))
	lanes, labels := r.Lanes(), r.Labels()
	if len(labels) > 0 && labels[0] != lanes[0].Kind.String() || len(lanes) != optimizers.NumKinds {
		title += p.dim.wrap(s.Spell(" · " + strconv.Itoa(len(lanes)) + " lanes"))
	}
	return boxWithFooter(s.frame(), p.border, title, footer, append([]string{header}, body...), w, h)
}

// LiveTableScroll is the furthest row the live table of r scrolls to in
// w×h: 0 when every row shows.
func (s *Styles) LiveTableScroll(r race.Reader, w, h int) int {
	_, body, _ := s.liveRows(r, 0, w, h)
	return scrollLimit(len(body), h-3)
}

// liveRows lays the live table out for a box of w×h: its header (the
// lanes' names) and its rows, blank ones between groups included, each
// w−2 columns wide; more rows than fit under the header where they must
// scroll. Where the lanes go in blocks, each block's header is among the
// lines and heads is, for each line, the line of its block's header.
func (s *Styles) liveRows(r race.Reader, focus, w, h int) (header string, lines []string, heads []int) {
	iw, ih := w-2, h-2
	dim := max(r.Objective().Dim, 1)
	groups := liveGroups(s.ASCII)
	lanes := r.Lanes()
	rows, packedRows := 0, 0
	for _, g := range groups {
		for _, row := range g {
			rows++
			packedRows++
			if row.perCoord {
				rows += dim - 1
			}
		}
	}
	labelWidth := func(split bool) int {
		labelW := 0
		for _, g := range groups {
			for _, row := range g {
				label := row.label
				switch {
				case row.perCoord && split:
					label += "_x"
				case row.perCoord && dim > 1:
					label += " x,y"
				}
				labelW = max(labelW, ansi.StringWidth(s.spellExplain(label))+1)
			}
		}
		return labelW
	}
	// x and y share a cell only where each keeps three significant digits
	// and a row per coordinate would not fit: a scrolled table hides rows,
	// a narrow pair hides digits (and the sign of a small number).
	pairColW := 2*pairWidth + 2
	split := dim > 1 && (1+rows <= ih || (iw-labelWidth(false)+1)/len(lanes) < pairColW)
	if dim > 1 && !split {
		rows = packedRows
	}
	// A column is a lane's numbers and the space before the next lane's
	// (the last lane needs none: at 60 columns five lanes' numbers have
	// the nine characters of -2.58e-16). Where the lanes do not all fit
	// with nine, they go in blocks, one under the other, each with its
	// header: a number is never cut to fit.
	labelW := labelWidth(split)
	perBlock := len(lanes)
	for perBlock > 1 && (dim == 1 || split) && (iw-labelW+1)/perBlock < liveNumberWidth+1 {
		perBlock--
	}
	blocks := (len(lanes) + perBlock - 1) / perBlock
	// Blank lines: between groups where they fit, and after every row where
	// the screen is tall enough for that too; between blocks always.
	spaced := blocks == 1 && ih >= 1+2*rows+len(groups)
	gaps := !spaced && ih >= blocks*(1+rows+len(groups)-1)+blocks-1
	for b := range blocks {
		// The lanes shared out evenly: eight in two blocks of four.
		lo, hi := b*len(lanes)/blocks, (b+1)*len(lanes)/blocks
		head, body := s.liveBlock(r, lo, hi, focus, iw, labelW, split, spaced, gaps)
		if blocks == 1 {
			return head, body, nil
		}
		if b > 0 {
			lines = append(lines, blank(iw, 1)[0])
			heads = append(heads, heads[len(heads)-1])
		}
		at := len(lines)
		lines = append(append(lines, head), body...)
		for range 1 + len(body) {
			heads = append(heads, at)
		}
	}
	return "", lines, heads
}

// liveNumberWidth is as narrow as a lane's numbers in the live table get:
// -2.58e-16.
const liveNumberWidth = 9

// liveBlock is the live table's header and rows for the race's lanes lo to
// hi−1, w columns wide: labelW columns of label and a column per lane; x
// and y in a row each where split, else side by side on a 2-D landscape; a
// blank line after each row where spaced, between groups where gaps.
func (s *Styles) liveBlock(r race.Reader, lo, hi, focus, w, labelW int, split, spaced, gaps bool) (header string, lines []string) {
	p := &s.paints
	dim := max(r.Objective().Dim, 1)
	lanes := r.Lanes()
	n := hi - lo
	// A column of margin at the right, where the numbers keep nine
	// columns without it.
	colW := (w - labelW) / n
	if colW < liveNumberWidth+1 {
		colW = (w - labelW + 1) / n
	}
	colW = max(minColumnWidth, min(18, colW))
	if dim > 1 && !split {
		colW = min((w-labelW+1)/n, 2*pairWidth+4)
	}
	header = strings.Repeat(" ", labelW)
	for lane := lo; lane < hi; lane++ {
		// The lane's name where it fits ("GD α=0.5"), as every other
		// screen calls it; else its optimizer's.
		label := s.Spell(r.Labels()[lane])
		if ansi.StringWidth(label)+2 > colW-1 {
			label = lanes[lane].Kind.String()
		}
		name := padLeft(string(s.Glyph(lane))+" "+label, colW-1)
		if lane < hi-1 {
			name += " "
		}
		if lane == focus {
			name = p.laneCurrent[lane].wrap(name)
		} else {
			name = p.laneBold[lane].wrap(name)
		}
		header += name
	}
	header = fit(header, w)
	if spaced {
		lines = append(lines, blank(w, 1)[0])
	}
	row := func(label string, cell func(lane int) string) {
		// α is alpha in ASCII, as on the explain screen: the row of the
		// learning rate each lane used reads lr.
		line := p.dim.wrap(padRight(s.spellExplain(label), labelW))
		for lane := lo; lane < hi; lane++ {
			line += cell(lane)
			if lane < hi-1 {
				line += " "
			}
		}
		lines = append(lines, fit(line, w))
		if spaced {
			lines = append(lines, blank(w, 1)[0])
		}
	}
	text := func(c liveCell, width int) string {
		switch {
		case c.absent:
			return p.dim.wrap(padLeft(s.Spell("·"), width))
		case c.isNum:
			return padLeft(numfmt.Compact(c.num, width), width)
		}
		return padLeft(c.text, width)
	}
	for gi, g := range liveGroups(s.ASCII) {
		if gi > 0 && (gaps || spaced) {
			lines = append(lines, blank(w, 1)[0])
		}
		for _, lr := range g {
			switch {
			case !lr.perCoord || dim == 1:
				label := lr.label
				if label == "f(x)" && dim > 1 {
					label = "f(x,y)"
				}
				row(label, func(lane int) string {
					return text(lr.cell(lanes[lane], r.Runner(lane), 0), colW-1)
				})
			case split:
				for c := range dim {
					label := lr.label + "_" + coordName(c)
					if lr.label == "x" {
						label = coordName(c) // x and y
					}
					row(label, func(lane int) string {
						return text(lr.cell(lanes[lane], r.Runner(lane), c), colW-1)
					})
				}
			default: // x and y side by side in one cell
				half := (colW - 2) / 2
				label := lr.label + " x,y"
				if lr.label == "x" {
					label = "x, y"
				}
				row(label, func(lane int) string {
					a, b := lr.cell(lanes[lane], r.Runner(lane), 0), lr.cell(lanes[lane], r.Runner(lane), 1)
					if a.absent {
						return text(a, colW-1)
					}
					return padLeft(text(a, half)+p.dim.wrap(s.coordSep(false))+text(b, half), colW-1)
				})
			}
		}
	}
	return header, lines
}
