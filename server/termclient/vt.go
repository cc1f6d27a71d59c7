package termclient

import (
	"bytes"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// vt is the screen of the client's terminal: what the output draws on a
// width × height grid of cells, as a VT100-like terminal draws it (text
// with autowrap, CR, LF and backspace, cursor moves, erases, and the
// alternate screen). Colours and other sequences are read past.
type vt struct {
	width, height int
	main, alt     [][]string // rows of cells: a grapheme, "" for a blank, wideRest for a wide grapheme's right half
	rows          *[][]string
	x, y          int
	savedX        int
	savedY        int
	parser        *ansi.Parser
	state         byte
	// pending is the start of a sequence a read cut off.
	pending []byte
	// graphemes holds each grapheme drawn once, so that drawing one again
	// allocates nothing (a load client draws thousands a second).
	graphemes map[string]string
	textBuf   []byte // the last text's bytes, reused
}

// wideRest marks the cells a wide grapheme covers after its first.
const wideRest = "\x00"

// The largest screen a client draws: a client may claim a larger window
// (tests do), and it only shows its top left corner.
const maxCols, maxRows = 1024, 512

// newVT returns the screen of a terminal of the given size; a size of 0 is
// unknown, and taken as 80×24, as the server takes it.
func newVT(width, height int) *vt {
	width, height = screenSize(width, height)
	v := &vt{width: width, height: height, parser: ansi.NewParser(), graphemes: map[string]string{}}
	v.main, v.alt = v.grid(), v.grid()
	v.rows = &v.main
	return v
}

func (v *vt) grid() [][]string {
	g := make([][]string, v.height)
	for y := range g {
		g[y] = make([]string, v.width)
	}
	return g
}

// screenSize is the size of the screen a client of a width × height
// window draws.
func screenSize(width, height int) (int, int) {
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	return min(width, maxCols), min(height, maxRows)
}

// resize changes the grid's size, keeping what fits.
func (v *vt) resize(width, height int) {
	width, height = screenSize(width, height)
	fit := func(g [][]string) [][]string {
		n := make([][]string, height)
		for y := range n {
			n[y] = make([]string, width)
			if y < len(g) {
				copy(n[y], g[y])
			}
		}
		return n
	}
	active := v.rows == &v.alt
	v.main, v.alt = fit(v.main), fit(v.alt)
	v.rows = &v.main
	if active {
		v.rows = &v.alt
	}
	v.width, v.height = width, height
	v.x, v.y = min(v.x, width), min(v.y, height-1)
}

// writeMain draws b on the main screen, whichever screen is shown: it is
// what the session wrote on its stderr, which ssh writes to the same
// terminal in the order it arrived, and the server writes it after leaving
// the alternate screen; this client reads stdout and stderr apart, so the
// order is lost, and the main screen is where the text ends up.
func (v *vt) writeMain(b []byte) {
	if v.rows == &v.main {
		v.write(b)
		return
	}
	x, y := v.x, v.y
	v.rows, v.x, v.y = &v.main, v.savedX, v.savedY
	v.write(b)
	v.savedX, v.savedY = v.x, v.y
	v.rows, v.x, v.y = &v.alt, x, y
}

// write draws b.
func (v *vt) write(b []byte) {
	if len(v.pending) > 0 {
		b = append(v.pending, b...)
		v.pending = nil
	}
	for len(b) > 0 {
		if b[0] >= utf8.RuneSelf && !utf8.FullRune(b) {
			v.pending = append([]byte(nil), b...) // a character cut off: wait for its end
			return
		}
		seq, width, n, next := ansi.DecodeSequence(b, v.state, v.parser)
		if n == len(b) && next != ansi.NormalState {
			v.pending = append([]byte(nil), b...) // a sequence cut off: wait for its end
			return
		}
		v.state, b = ansi.NormalState, b[n:]
		switch {
		case width > 0:
			g, ok := v.graphemes[string(seq)]
			if !ok {
				g = string(seq)
				v.graphemes[g] = g
			}
			v.print(g, width)
		case len(seq) == 0:
		case seq[0] >= 0x80: // a combining mark: it joins the cell before
			if x := v.x - 1; x >= 0 && x < v.width {
				(*v.rows)[v.y][x] += string(seq)
			}
		case seq[0] == '\r':
			v.x = 0
		case seq[0] == '\n':
			v.lineFeed()
		case seq[0] == '\b':
			v.x = max(v.x-1, 0)
		case seq[0] == '\t':
			v.x = min((v.x/8+1)*8, v.width-1)
		case seq[0] == ansi.ESC && len(seq) > 1 && seq[1] == '[':
			v.csi(ansi.Cmd(v.parser.Command()))
		}
	}
}

func (v *vt) print(g string, width int) {
	if v.x+width > v.width { // autowrap
		v.x = 0
		v.lineFeed()
	}
	row := (*v.rows)[v.y]
	row[v.x] = g
	for i := 1; i < width && v.x+i < v.width; i++ {
		row[v.x+i] = wideRest
	}
	v.x += width
}

func (v *vt) lineFeed() {
	if v.y < v.height-1 {
		v.y++
		return
	}
	rows := *v.rows
	copy(rows, rows[1:])
	rows[len(rows)-1] = make([]string, v.width)
}

// param is the sequence's parameter i, or def when it is missing or 0.
func (v *vt) param(i, def int) int {
	p, ok := v.parser.Param(i, def)
	if !ok || p == 0 {
		return def
	}
	return p
}

func (v *vt) csi(cmd ansi.Cmd) {
	clamp := func() {
		v.x, v.y = min(max(v.x, 0), v.width-1), min(max(v.y, 0), v.height-1)
	}
	switch cmd.Final() {
	case 'H', 'f':
		v.y, v.x = v.param(0, 1)-1, v.param(1, 1)-1
		clamp()
	case 'A':
		v.y -= v.param(0, 1)
		clamp()
	case 'B':
		v.y += v.param(0, 1)
		clamp()
	case 'C':
		v.x += v.param(0, 1)
		clamp()
	case 'D':
		v.x -= v.param(0, 1)
		clamp()
	case 'G':
		v.x = v.param(0, 1) - 1
		clamp()
	case 'd':
		v.y = v.param(0, 1) - 1
		clamp()
	case 'K':
		from, to := v.eraseSpan(v.param(0, 0))
		v.erase(v.y, from, to)
	case 'J':
		switch v.param(0, 0) {
		case 0:
			v.erase(v.y, v.x, v.width)
			for y := v.y + 1; y < v.height; y++ {
				v.erase(y, 0, v.width)
			}
		case 1:
			for y := range v.y {
				v.erase(y, 0, v.width)
			}
			v.erase(v.y, 0, v.x+1)
		default:
			for y := range v.height {
				v.erase(y, 0, v.width)
			}
		}
	case 'h', 'l':
		if cmd.Prefix() == '?' && v.param(0, 0) == 1049 {
			v.altScreen(cmd.Final() == 'h')
		}
	}
}

// eraseSpan is the columns EL with parameter p erases.
func (v *vt) eraseSpan(p int) (from, to int) {
	switch p {
	case 1:
		return 0, v.x + 1
	case 2:
		return 0, v.width
	}
	return v.x, v.width
}

func (v *vt) erase(y, from, to int) {
	row := (*v.rows)[y]
	for x := max(from, 0); x < min(to, len(row)); x++ {
		row[x] = ""
	}
}

// altScreen switches to the alternate screen, cleared, saving the cursor,
// or back to the main screen with the cursor restored.
func (v *vt) altScreen(on bool) {
	if on == (v.rows == &v.alt) {
		return
	}
	if on {
		v.savedX, v.savedY = v.x, v.y
		v.alt = v.grid()
		v.rows = &v.alt
		return
	}
	v.rows = &v.main
	v.x, v.y = v.savedX, v.savedY
}

// text is what the screen shows: its rows, without trailing blanks.
func (v *vt) text() string {
	b := v.textBuf[:0]
	defer func() { v.textBuf = b }()
	for y, row := range *v.rows {
		if y > 0 {
			b = append(b, '\n')
		}
		start := len(b)
		for _, c := range row {
			switch c {
			case "":
				b = append(b, ' ')
			case wideRest:
			default:
				b = append(b, c...)
			}
		}
		b = append(b[:start], bytes.TrimRight(b[start:], " ")...)
	}
	return string(b)
}
