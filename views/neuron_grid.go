package views

import (
	"strings"
	"unicode/utf8"
)

// The classes of the neuron screen's cells, in rising priority: where two
// edges share a cell, the higher class colours it.
type class uint8

const (
	clsNone class = iota
	clsDim
	clsText
	clsBold
	clsForward
	clsGrad
	clsUpdate
	clsForwardBold
	clsGradBold
	clsAlert
	clsCurrent
	numNeuronClasses
)

// span is text in one class; spans are a line of them.
type (
	span struct {
		text string
		cls  class
	}
	spans []span
)

// width is the number of cells the line takes: one per rune, and with
// ascii two for α, spelt lr as everywhere else.
func (s spans) width(ascii bool) int {
	n := 0
	for _, p := range s {
		n += utf8.RuneCountInString(p.text)
		if ascii {
			n += strings.Count(p.text, "α")
		}
	}
	return n
}

// cells returns the line as board cells, one per rune (every character the
// neuron screen writes is one column wide), with ascii in ASCII.
func (s spans) cells(ascii bool) []boardCell {
	out := make([]boardCell, 0, s.width(ascii))
	for _, p := range s {
		prev := ' '
		for _, r := range p.text {
			if ascii && r == 'α' {
				out = append(out, boardCell{r: 'l', cls: p.cls})
				r, prev = 'r', r
			} else if ascii {
				r, prev = asciiRune(r, prev), r
			}
			out = append(out, boardCell{r: r, cls: p.cls})
		}
	}
	return out
}

// asciiRune replaces a character outside ASCII with a one-column ASCII
// stand-in, for terminals without Unicode fonts; prev is the character
// before it.
func asciiRune(r, prev rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	switch r {
	case '∂':
		return 'd'
	case '·':
		if prev == ' ' {
			return '|' // a separator, " · ", not a product
		}
		return '*'
	case '×':
		return '*'
	case '│':
		return '|'
	case '−':
		return '-'
	case '←':
		return '=' // w ← w − α·g reads w = w - lr*g: an assignment, not "less than"
	case '›':
		return '>'
	case '▶':
		return '>'
	case '◀':
		return '<'
	case '…':
		return '~'
	case '—':
		return '-'
	}
	return '?'
}

// wrapCells breaks a line into lines of at most w cells at spaces,
// indenting the continuation lines by two. It breaks between the items of a
// line (spaced two or more apart, as in "x0·w0 = -3    x1·w1 = 2") where it
// can, so that an equation stays whole.
func wrapCells(line []boardCell, w int) [][]boardCell {
	if w <= 0 {
		return nil
	}
	var out [][]boardCell
	indent := 0
	for {
		if len(line)+indent <= w {
			return append(out, pad(line, indent))
		}
		cut := breakAt(line, w-indent)
		if cut <= 0 {
			cut = w - indent
			if cut <= 0 {
				return out
			}
		}
		out = append(out, pad(trimSpaces(line[:cut], false), indent))
		line = trimSpaces(line[cut:], true)
		indent = min(2, w-1)
	}
}

// breakAt is where to break line to keep at most n cells: the last gap of
// two or more spaces within them (between items), else the last space after
// a comma (between clauses), else the last space before an operator (so
// that the next line starts "= 5.85" or "+ b"), else the last space, else 0.
func breakAt(line []boardCell, n int) int {
	single, afterComma, beforeOp := 0, 0, 0
	for i := min(n, len(line)-1); i > 0; i-- {
		if line[i].r != ' ' {
			continue
		}
		if line[i-1].r == ' ' {
			for i > 0 && line[i-1].r == ' ' {
				i--
			}
			return i
		}
		if single == 0 {
			single = i
		}
		if afterComma == 0 && line[i-1].r == ',' {
			afterComma = i
		}
		if beforeOp == 0 && i+1 < len(line) && strings.ContainsRune("=+−×", line[i+1].r) {
			beforeOp = i
		}
	}
	for _, at := range [...]int{afterComma, beforeOp} {
		if at > 0 {
			return at
		}
	}
	return single
}

// trimSpaces drops the spaces at the start (leading) or end of line.
func trimSpaces(line []boardCell, leading bool) []boardCell {
	for len(line) > 0 {
		i := len(line) - 1
		if leading {
			i = 0
		}
		if line[i].r != ' ' {
			break
		}
		if leading {
			line = line[1:]
		} else {
			line = line[:i]
		}
	}
	return line
}

func pad(line []boardCell, indent int) []boardCell {
	if indent == 0 {
		return line
	}
	out := make([]boardCell, indent, indent+len(line))
	for i := range out {
		out[i] = boardCell{r: ' '}
	}
	return append(out, line...)
}

// point is a cell of a grid or board, or a braille dot of a dots layer.
type point struct{ x, y int }

// Directions of the line segments through a cell.
const (
	up uint8 = 1 << iota
	down
	left
	right
)

// boardCell is one column of one row: a character, or (r == 0) the line
// segments through it, which become a box-drawing character when drawn.
type boardCell struct {
	r      rune
	cls    class
	dirs   uint8
	heavys uint8
}

// board is the grid of cells the neuron screen is drawn on; writes outside
// it are dropped, so nothing drawn can exceed the window.
type board struct {
	w, h  int
	ascii bool
	cells []boardCell
}

func newBoard(w, h int, ascii bool) *board {
	return &board{w: w, h: h, ascii: ascii, cells: make([]boardCell, w*h)}
}

func (c *board) at(x, y int) *boardCell {
	if x < 0 || y < 0 || x >= c.w || y >= c.h {
		return nil
	}
	return &c.cells[y*c.w+x]
}

// put writes a line of cells from (x, y), clipping at the right edge with
// "…".
func (c *board) put(x, y int, line []boardCell) {
	for i, cl := range line {
		if x+i == c.w && i > 0 {
			if q := c.at(x+i-1, y); q != nil {
				q.r = '…'
			}
		}
		p := c.at(x+i, y)
		if p == nil {
			return
		}
		*p = cl
	}
}

// textCentered writes s in the middle of row y, cut to the width.
func (c *board) textCentered(y int, s string, cls class) {
	line := spans{{s, cls}}.cells(c.ascii)
	c.put(max((c.w-len(line))/2, 0), y, line)
}

// box draws a frame around r.
func (c *board) box(r rect, fr frame, cls class) {
	set := func(x, y int, s string) {
		if p := c.at(x, y); p != nil {
			p.r, _ = utf8.DecodeRuneInString(s)
			p.cls = cls
		}
	}
	right, bottom := r.x+r.w-1, r.y+r.h-1
	for x := r.x + 1; x < right; x++ {
		set(x, r.y, fr.top)
		set(x, bottom, fr.bottom)
	}
	for y := r.y + 1; y < bottom; y++ {
		set(r.x, y, fr.left)
		set(right, y, fr.right)
	}
	set(r.x, r.y, fr.topLeft)
	set(right, r.y, fr.topRight)
	set(r.x, bottom, fr.bottomLeft)
	set(right, bottom, fr.bottomRight)
}

// edge draws a path of horizontal and vertical segments through pts, with
// an arrow into its last cell (or, when the gradient flows back, out of its
// first).
func (c *board) edge(pts []point, look edgeLook) {
	mark := func(x, y int, d uint8) {
		p := c.at(x, y)
		if p == nil {
			return
		}
		p.dirs |= d
		if look.heavy {
			p.heavys |= d
		}
		p.cls = max(p.cls, look.cls)
	}
	for k := 1; k < len(pts); k++ {
		a, b := pts[k-1], pts[k]
		switch {
		case a.y == b.y && a.x < b.x:
			for x := a.x; x <= b.x; x++ {
				var d uint8
				if x > a.x {
					d |= left
				}
				if x < b.x {
					d |= right
				}
				mark(x, a.y, d)
			}
		case a.x == b.x && a.y != b.y:
			step, towards, back := 1, down, up
			if b.y < a.y {
				step, towards, back = -1, up, down
			}
			for y := a.y; ; y += step {
				var d uint8
				if y != a.y {
					d |= back
				}
				if y != b.y {
					d |= towards
				}
				mark(a.x, y, d)
				if y == b.y {
					break
				}
			}
		}
	}
	// A lone end cell has one direction; make it a full line segment.
	first, last := pts[0], pts[len(pts)-1]
	mark(first.x, first.y, left)
	mark(last.x, last.y, right)
	arrow := func(pt point, r rune) {
		if p := c.at(pt.x, pt.y); p != nil {
			p.r, p.cls = r, look.cls
		}
	}
	if look.back {
		arrow(first, '◀')
		if p := c.at(last.x, last.y); p != nil && p.r == '▶' {
			p.r = 0
		}
	} else {
		arrow(last, '▶')
	}
}

// lines renders the board in the palette's styles, one string per row.
func (c *board) lines(p *cellPalette) []string {
	g := newGrid(c.w, c.h)
	for i, bc := range c.cells {
		g.set(i%c.w, i/c.w, newCell(c.glyph(bc), neuronStyles[bc.cls]))
	}
	return g.lines(p)
}

// neuronStyles is the style of each class.
var neuronStyles = [numNeuronClasses]styleID{
	clsNone: styleNone, clsDim: styleDim, clsText: styleText, clsBold: styleBold,
	clsForward: styleForward, clsGrad: styleGradient, clsUpdate: styleUpdate,
	clsForwardBold: styleForwardBold, clsGradBold: styleGradientBold,
	clsAlert: styleAlert, clsCurrent: styleCurrentText,
}

// glyph returns the character a cell shows.
func (c *board) glyph(p boardCell) rune {
	switch {
	case p.r != 0:
		if c.ascii {
			return asciiRune(p.r, 0)
		}
		return p.r
	case p.dirs == 0:
		return ' '
	case c.ascii:
		return asciiLine(p.dirs, p.heavys == p.dirs)
	case p.heavys == p.dirs:
		return heavyLines[p.dirs]
	}
	return lightLines[p.dirs]
}

// Box-drawing characters by the directions of the segments through a cell.
var (
	lightLines = [16]rune{
		' ', '│', '│', '│', '─', '╯', '╮', '┤',
		'─', '╰', '╭', '├', '─', '┴', '┬', '┼',
	}
	heavyLines = [16]rune{
		' ', '┃', '┃', '┃', '━', '┛', '┓', '┫',
		'━', '┗', '┏', '┣', '━', '┻', '┳', '╋',
	}
)

func asciiLine(dirs uint8, heavy bool) rune {
	switch {
	case dirs&(up|down) == 0 && heavy:
		return '='
	case dirs&(up|down) == 0:
		return '-'
	case dirs&(left|right) == 0:
		return '|'
	}
	return '+'
}
