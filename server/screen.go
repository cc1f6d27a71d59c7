package server

import (
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// A session's terminal is drawn by its screen, not by bubbletea's renderer
// (the program runs with tea.WithoutRenderer, and guard hands the screen
// each frame). bubbletea v1 rewrites every line that changed whole, on a
// ticker that wakes each session 60 times a second; a screen writes only
// the cells that changed, as soon as a frame is ready, and nothing while
// nothing changes. Over SSH both count: a step of the race changes a few
// cells on most lines, and a class is hundreds of sessions on one machine.

// frameInterval is the least time between two writes of a screen: frames
// that come faster are coalesced, and the latest is drawn, as bubbletea
// draws at most 60 frames a second.
const frameInterval = time.Second / 60

// What a screen writes as it starts and as it ends: the alternate screen,
// without a cursor, with bracketed paste (as bubbletea's own renderer sets
// them for tea.WithAltScreen), and back.
const (
	screenEnter = ansi.SetModeAltScreenSaveCursor + ansi.HideCursor + ansi.SetModeBracketedPaste
	screenLeave = ansi.ResetStyle + ansi.ResetModeBracketedPaste + ansi.ShowCursor + ansi.ResetModeAltScreenSaveCursor
)

// screen draws a session's frames on its client's terminal. show and
// resize never wait for the client: the draw loop, a goroutine of the
// screen's own, writes the latest frame when the client has taken the one
// before.
type screen struct {
	out io.Writer

	mu            sync.Mutex
	frame         string // the latest frame
	dirty         bool   // frame, or the size, changed since the last draw
	width, height int
	repaint       bool // the terminal's content is unknown: draw it all
	ask           bool // ask the terminal for its attributes after the frame

	// writing is when the write under way began (Unix nanoseconds; 0: none).
	writing atomic.Int64

	wake, quit chan struct{}
	done       chan struct{} // closed when the draw loop has returned

	// shown is what the terminal shows, line by line; only the draw loop
	// touches it, and buf, the bytes of a draw.
	shown []string
	buf   []byte
}

// newScreen returns the screen of a terminal of the given size.
func newScreen(out io.Writer, width, height int) *screen {
	return &screen{
		out: out, width: width, height: height, repaint: true,
		wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}),
	}
}

// start sets the terminal's modes and starts the draw loop.
func (sc *screen) start() {
	go sc.loop()
}

// show makes frame the one the terminal is to show.
func (sc *screen) show(frame string) {
	sc.mu.Lock()
	if frame == sc.frame {
		sc.mu.Unlock()
		return
	}
	sc.frame, sc.dirty = frame, true
	sc.mu.Unlock()
	sc.poke()
}

// resize tells the screen the terminal's size, after the client changed
// its window: the terminal may have moved or cut what it showed, so the
// next draw repaints every line, as bubbletea does (a window change to the
// same size is a way to get a garbled screen redrawn).
func (sc *screen) resize(width, height int) {
	sc.mu.Lock()
	sc.width, sc.height, sc.repaint, sc.dirty = width, height, true, true
	sc.mu.Unlock()
	sc.poke()
}

// askAttributes has the terminal asked for its device attributes (DA1)
// once the frames before are written: a terminal answers when it has read
// them, so the answer tells that the client takes its output.
func (sc *screen) askAttributes() {
	sc.mu.Lock()
	sc.ask = true
	sc.mu.Unlock()
	sc.poke()
}

// stuckFor is how long the write under way has waited for the client, at
// now: a client that stopped reading holds it until its connection closes.
func (sc *screen) stuckFor(now time.Time) time.Duration {
	began := sc.writing.Load()
	if began == 0 {
		return 0
	}
	return now.Sub(time.Unix(0, began))
}

func (sc *screen) poke() {
	select {
	case sc.wake <- struct{}{}:
	default: // a draw is due already
	}
}

// stop ends the draw loop, once a write under way has returned (a client
// that stopped reading has its connection closed under it; see
// session.finish), and resets the terminal's modes.
func (sc *screen) stop() {
	close(sc.quit)
	<-sc.done
	_, _ = io.WriteString(sc.out, screenLeave)
}

func (sc *screen) loop() {
	defer close(sc.done)
	if _, err := io.WriteString(sc.out, screenEnter); err != nil {
		return
	}
	pace := time.NewTimer(0)
	defer pace.Stop()
	var last time.Time
	for {
		select {
		case <-sc.quit:
			return
		case <-sc.wake:
		}
		if wait := frameInterval - time.Since(last); wait > 0 {
			pace.Reset(wait)
			select {
			case <-sc.quit:
				return
			case <-pace.C:
			}
		}
		sc.mu.Lock()
		frame, width, height, repaint, dirty, ask := sc.frame, sc.width, sc.height, sc.repaint, sc.dirty, sc.ask
		sc.dirty, sc.repaint, sc.ask = false, false, false
		sc.mu.Unlock()
		sc.buf = sc.buf[:0]
		if dirty {
			sc.buf = sc.draw(sc.buf, frame, width, height, repaint)
			last = time.Now()
		}
		if ask {
			sc.buf = append(sc.buf, ansi.RequestPrimaryDeviceAttributes...)
		}
		if len(sc.buf) == 0 {
			continue
		}
		if err := sc.write(sc.buf); err != nil {
			return // the session is ending
		}
	}
}

func (sc *screen) write(b []byte) error {
	sc.writing.Store(time.Now().UnixNano())
	defer sc.writing.Store(0)
	_, err := sc.out.Write(b)
	return err
}

// draw appends to buf what turns the terminal's lines into frame's: with
// repaint, the whole screen; otherwise the cells that changed.
func (sc *screen) draw(buf []byte, frame string, width, height int, repaint bool) []byte {
	lines := frameLines(frame, height)
	if repaint {
		buf = append(buf, ansi.ResetStyle+ansi.EraseEntireScreen...)
		sc.shown = sc.shown[:0]
	}
	scr, _ := cellScratch.Get().(*lineCells)
	defer cellScratch.Put(scr)
	cur := cursor{row: -1}
	for row := range max(len(lines), len(sc.shown)) {
		old, line := "", ""
		if row < len(sc.shown) {
			old = sc.shown[row]
		}
		if row < len(lines) {
			line = lines[row]
		}
		if old == line && !repaint {
			continue
		}
		buf = scr.drawLine(buf, &cur, row, old, line, width)
	}
	sc.shown = append(sc.shown[:0], lines...)
	return buf
}

// frameLines splits frame into its lines, keeping the last height of them
// as bubbletea does (a terminal cannot show more).
func frameLines(frame string, height int) []string {
	if frame == "" || height <= 0 {
		return nil
	}
	lines := strings.Split(frame, "\n")
	if len(lines) > height {
		lines = lines[len(lines)-height:]
	}
	return lines
}

// cursor is where the terminal's cursor is, as far as a draw knows.
type cursor struct{ row, col int }

// cell is one cell of a line: its grapheme and the SGR in force there.
type cell struct {
	// start and end are the grapheme's bytes in its line, after any SGR
	// sequence before it.
	start, end int
	// from is where the SGR in force at the cell begins: the start of its
	// line, or its line's last sequence that resets the style.
	from int
	// col and next are the columns the cell starts at and the next starts at.
	col, next int
	// style identifies the SGR in force: a hash of the sequences since from.
	style uint64
}

// lineCells are two lines' cells, scratch for drawLine.
type lineCells struct{ old, line []cell }

// cellScratch holds lineCells for draws, so that a screen keeps no cells
// between frames.
var cellScratch = sync.Pool{New: func() any { return &lineCells{} }}

// gapWorth is how many bytes of unchanged cells a draw rewrites rather than
// move the cursor past them: a move and the style it lands in cost about
// this much.
const gapWorth = 24

// drawLine appends what turns a terminal row showing old into one showing
// line: the runs of cells that differ, each from a cursor move and its
// style, and an erase when line is shorter. A line with an escape sequence
// other than SGR is written whole.
func (lc *lineCells) drawLine(buf []byte, cur *cursor, row int, old, line string, width int) []byte {
	var okOld, okLine bool
	var endOld, endLine int
	lc.line, endLine, okLine = scanCells(lc.line[:0], line, width)
	b := lc.line
	// The cells before the first byte the two lines differ in are the same
	// in both: old is read from there on, in the state line is in there.
	p := commonPrefix(old, line)
	k := 0
	for k < len(b) && b[k].end <= p {
		k++
	}
	at := scanState{style: fnvOffset}
	if k > 0 {
		at = scanState{i: b[k-1].end, col: b[k-1].next, from: b[k-1].from, style: b[k-1].style}
	}
	lc.old, endOld, okOld = scanFrom(lc.old[:0], old, width, at)
	a := lc.old // old's cells from k on
	if !okOld || !okLine {
		buf = moveTo(buf, cur, row, 0)
		buf = append(buf, ansi.ResetStyle...)
		buf = append(buf, line[:cutAt(b, len(line), okLine)]...)
		buf = append(buf, ansi.ResetStyle+ansi.EraseLineRight...)
		cur.row = -1 // where a line of unknown sequences leaves it is not known
		return buf
	}
	same := func(i int) bool {
		if i < k {
			return true
		}
		o := i - k
		return o < len(a) && a[o].col == b[i].col && a[o].style == b[i].style &&
			old[a[o].start:a[o].end] == line[b[i].start:b[i].end]
	}
	for i := 0; i < len(b); {
		if same(i) {
			i++
			continue
		}
		// A run of changed cells from i to j, taking in the unchanged cells
		// between changes while rewriting them is cheaper than moving past.
		j := i
		for k := i + 1; k < len(b); {
			if !same(k) {
				j, k = k, k+1
				continue
			}
			g := k
			for g < len(b) && same(g) {
				g++
			}
			if g == len(b) || b[g].start-b[k].start > gapWorth {
				break
			}
			j, k = g, g+1
		}
		buf = moveTo(buf, cur, row, b[i].col)
		buf = append(buf, ansi.ResetStyle...)
		buf = appendSGR(buf, line[b[i].from:b[i].start])
		buf = append(buf, line[b[i].start:b[j].end]...)
		cur.col = b[j].next
		i = j + 1
	}
	if endOld > endLine { // what old showed past line's end goes
		buf = moveTo(buf, cur, row, endLine)
		buf = append(buf, ansi.ResetStyle+ansi.EraseLineRight...)
	}
	return buf
}

// cutAt is where a line is cut to fit its terminal: after its last cell
// that fits, or whole when it could not be read cell by cell.
func cutAt(cells []cell, n int, ok bool) int {
	if !ok || len(cells) == 0 {
		return n
	}
	return cells[len(cells)-1].end
}

// moveTo appends a cursor move to row and col (from 0), unless the cursor
// is there.
func moveTo(buf []byte, cur *cursor, row, col int) []byte {
	if cur.row == row && cur.col == col {
		return buf
	}
	cur.row, cur.col = row, col
	buf = append(buf, "\x1b["...)
	buf = strconv.AppendInt(buf, int64(row+1), 10)
	if col > 0 {
		buf = append(buf, ';')
		buf = strconv.AppendInt(buf, int64(col+1), 10)
	}
	return append(buf, 'H')
}

// appendSGR appends the SGR sequences in s, leaving out its text.
func appendSGR(buf []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, ansi.ESC)
		if i < 0 {
			return buf
		}
		s = s[i:]
		n := sgrLen(s)
		if n == 0 {
			s = s[1:]
			continue
		}
		buf = append(buf, s[:n]...)
		s = s[n:]
	}
}

// sgrLen is the length of the SGR sequence s starts with, or 0 if it does
// not start with one.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != ansi.ESC || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'm':
			return i + 1
		case c == ';' || c == ':' || '0' <= c && c <= '9':
		default:
			return 0
		}
	}
	return 0
}

// resetsStyle reports whether SGR sequence seq starts by resetting the
// style: ESC[m, ESC[0m, ESC[0;…m.
func resetsStyle(seq string) bool {
	params := seq[2 : len(seq)-1]
	p, _, _ := strings.Cut(params, ";")
	return strings.Trim(p, "0") == "" && !strings.Contains(p, ":")
}

// narrowAlone reports whether r is one cell wide and a grapheme of its own
// unless a combining mark follows: the box drawing, block, braille and
// Greek characters that most of a frame's non-ASCII cells are.
func narrowAlone(r rune) bool {
	return r >= 0x2500 && r <= 0x259f || r >= 0x2800 && r <= 0x28ff || r >= 0x0391 && r <= 0x03c9
}

// joinsNext reports whether s starts with a character that joins the one
// before it into a grapheme: a combining mark, a variation selector or a
// zero-width joiner (scanCells leaves those to the decoder).
func joinsNext(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x0300 && r <= 0x036f || r >= 0x1ab0 && r <= 0x1aff || r >= 0x1dc0 && r <= 0x1dff ||
		r >= 0x20d0 && r <= 0x20ff || r >= 0xfe00 && r <= 0xfe0f || r == 0x200d || r >= 0xfe20 && r <= 0xfe2f
}

// FNV-1a, for style hashes.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashOn(h uint64, s string) uint64 {
	for i := range len(s) {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// scanCells appends line's cells that fit in width columns to cells, and
// returns them with the column after the last one. ok is false when line
// holds a control or escape sequence other than SGR, whose effect on the
// terminal scanCells does not follow.
func scanCells(cells []cell, line string, width int) (_ []cell, end int, ok bool) {
	return scanFrom(cells, line, width, scanState{style: fnvOffset})
}

// scanState is where scanFrom starts in a line, and the state there: the
// column, and the SGR in force (as in cell).
type scanState struct {
	i, col, from int
	style        uint64
}

// commonPrefix is how many bytes a and b start with alike.
func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// scanFrom is scanCells from at.
func scanFrom(cells []cell, line string, width int, at scanState) (_ []cell, end int, ok bool) {
	var (
		style = at.style
		from  = at.from
		col   = at.col
		state byte
	)
	for i := at.i; i < len(line); {
		c := line[i]
		// Printable ASCII not followed by a combining mark: one cell.
		if c >= 0x20 && c < 0x7f && (i+1 == len(line) || line[i+1] < 0x80) {
			if col >= width {
				break
			}
			cells = append(cells, cell{start: i, end: i + 1, from: from, col: col, next: col + 1, style: style})
			col++
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			// Box drawing, braille, blocks and Greek, not followed by a
			// mark that joins them: one cell, without grapheme segmentation.
			if r, n := utf8.DecodeRuneInString(line[i:]); narrowAlone(r) && !joinsNext(line[i+n:]) {
				if col >= width {
					break
				}
				cells = append(cells, cell{start: i, end: i + n, from: from, col: col, next: col + 1, style: style})
				col++
				i += n
				continue
			}
		}
		seq, w, n, next := ansi.DecodeSequence(line[i:], state, nil)
		state = next
		if n <= 0 {
			return cells, col, false
		}
		switch {
		case w > 0:
			if col+w > width {
				return cells, col, true
			}
			cells = append(cells, cell{start: i, end: i + n, from: from, col: col, next: col + w, style: style})
			col += w
		case len(seq) > 0 && seq[0] >= 0x80:
			// A combining mark the decoder split off the ASCII letter
			// before it: it belongs to that letter's cell.
			if k := len(cells) - 1; k >= 0 && cells[k].end == i {
				cells[k].end = i + n
			}
		case sgrLen(seq) == len(seq):
			if resetsStyle(seq) {
				from, style = i, fnvOffset
			}
			style = hashOn(style, seq)
		default:
			return cells, col, false
		}
		i += n
	}
	return cells, col, true
}
