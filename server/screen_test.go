package server

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
)

// term is a terminal for the screen's tests: a grid of cells with their
// styles, driven by what a screen writes (text, CUP, EL, ED and SGR).
type term struct {
	t      *testing.T
	w, h   int
	cells  [][]termCell
	x, y   int
	pen    cellbuf.Style
	parser *ansi.Parser
}

type termCell struct {
	text  string
	style cellbuf.Style
}

func newTerm(t *testing.T, w, h int) *term {
	tm := &term{t: t, w: w, h: h, parser: ansi.NewParser()}
	tm.cells = make([][]termCell, h)
	for y := range tm.cells {
		tm.cells[y] = make([]termCell, w)
	}
	return tm
}

// write applies what a screen wrote. Text past the last column fails the
// test: it would wrap, or scroll, on a real terminal.
func (tm *term) write(b string) {
	tm.t.Helper()
	var state byte
	for len(b) > 0 {
		seq, width, n, next := ansi.DecodeSequence(b, state, tm.parser)
		state, b = next, b[n:]
		cmd := ansi.Cmd(tm.parser.Command())
		param := func(i, def int) int {
			p, ok := tm.parser.Param(i, def)
			if !ok || p == 0 {
				return def
			}
			return p
		}
		switch {
		case width > 0:
			if tm.x+width > tm.w || tm.y >= tm.h {
				tm.t.Fatalf("text %q written at %d,%d, past the %d×%d screen", seq, tm.x, tm.y, tm.w, tm.h)
			}
			tm.cells[tm.y][tm.x] = termCell{seq, tm.pen}
			for i := 1; i < width; i++ {
				tm.cells[tm.y][tm.x+i] = termCell{"", tm.pen}
			}
			tm.x += width
		case len(seq) > 0 && seq[0] >= 0x80: // a combining mark
			tm.cells[tm.y][tm.x-1].text += seq
		case len(seq) > 1 && seq[0] == ansi.ESC && seq[1] == '[':
			switch cmd.Final() {
			case 'm':
				cellbuf.ReadStyle(tm.parser.Params(), &tm.pen)
			case 'H':
				tm.y, tm.x = param(0, 1)-1, param(1, 1)-1
			case 'K':
				for x := tm.x; x < tm.w; x++ {
					tm.cells[tm.y][x] = termCell{style: tm.pen}
				}
			case 'J':
				for y := range tm.cells {
					for x := range tm.cells[y] {
						tm.cells[y][x] = termCell{style: tm.pen}
					}
				}
			case 'c', 'h', 'l':
			default:
				tm.t.Fatalf("unexpected sequence %q", seq)
			}
		default:
			tm.t.Fatalf("unexpected %q", seq)
		}
	}
}

// shows fails the test unless the terminal shows frame: every cell's text
// and style as frame's lines, drawn on a blank terminal, make them.
func (tm *term) shows(frame, what string) {
	tm.t.Helper()
	want := newTerm(tm.t, tm.w, tm.h)
	for y, line := range frameLines(frame, tm.h) {
		want.write(ansi.CursorPosition(1, y+1) + ansi.ResetStyle + ansi.Truncate(line, tm.w, ""))
	}
	for y := range tm.cells {
		for x := range tm.cells[y] {
			got, exp := tm.cells[y][x], want.cells[y][x]
			if got.text != exp.text || !got.style.Equal(&exp.style) {
				tm.t.Fatalf("%s: cell %d,%d shows %q %+v, want %q %+v\nline: %q", what, x, y, got.text, got.style, exp.text, exp.style,
					strings.Split(frame, "\n")[min(y, strings.Count(frame, "\n"))])
			}
		}
	}
}

// raceFrames are the frames a session of the race shows at w×h, dark and
// true-colour, after each key.
func raceFrames(t testing.TB, w, h int, keys ...tea.KeyMsg) []string {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.TrueColor))
	r.SetHasDarkBackground(true)
	m, err := model.New(model.Options{Settings: optimizers.Defaults(), Renderer: r, Remote: true})
	if err != nil {
		t.Fatal(err)
	}
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	frames := []string{tm.View()}
	for _, k := range keys {
		tm, _ = tm.Update(k)
		frames = append(frames, tm.View())
	}
	return frames
}

// raceSteps is how many steps keys starts with, on the race screen.
const raceSteps = 25

// keys is a walk through the race's screens: steps, the track view, the
// convergence chart, help, focus, zoom, and steps back.
func keys() []tea.KeyMsg {
	step := tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	r := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	var ks []tea.KeyMsg
	for range raceSteps {
		ks = append(ks, step)
	}
	ks = append(ks, tea.KeyMsg{Type: tea.KeyTab}, step, step, r("c"), step, r("?"), r("x"), tea.KeyMsg{Type: tea.KeyEsc},
		r("3"), r("z"), step, tea.KeyMsg{Type: tea.KeyLeft}, r("z"), r("t"), step, step, r("e"), tea.KeyMsg{Type: tea.KeyEsc})
	for range 20 {
		ks = append(ks, step)
	}
	return ks
}

// TestScreenDrawsEachFrame: after each draw the terminal shows exactly the
// frame, cell by cell with its style, across steps, screens, overlays and
// resizes, and a step costs far less than rewriting its lines.
func TestScreenDrawsEachFrame(t *testing.T) {
	t.Parallel()
	for _, size := range []struct{ w, h int }{{120, 40}, {80, 24}, {240, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			t.Parallel()
			frames := raceFrames(t, size.w, size.h, keys()...)
			sc := newScreen(io.Discard, size.w, size.h)
			tm := newTerm(t, size.w, size.h)
			var drawn, lines int
			for i, f := range frames {
				b := sc.draw(nil, f, size.w, size.h, i == 0)
				tm.write(string(b))
				tm.shows(f, fmt.Sprintf("frame %d", i))
				if i > 0 && i <= raceSteps { // the steps on the race screen
					drawn += len(b)
					lines += changedLineBytes(frames[i-1], f)
				}
			}
			if drawn*3 > lines*2 {
				t.Errorf("the screen wrote %d B for %d steps; rewriting their changed lines would take %d B", drawn, raceSteps, lines)
			}
			t.Logf("%d B for %d steps, against %d B in changed lines", drawn, raceSteps, lines)
		})
	}
}

// changedLineBytes is what rewriting the lines that differ between two
// frames takes, as bubbletea v1 does.
func changedLineBytes(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	n := 0
	for i, l := range bl {
		if i >= len(al) || al[i] != l {
			n += len(l)
		}
	}
	return n
}

// TestScreenRepaintsOnResize: a new size clears the terminal and draws the
// frame whole; a frame with fewer lines clears the rest.
func TestScreenRepaintsOnResize(t *testing.T) {
	t.Parallel()
	big := raceFrames(t, 120, 40, keys()[:3]...)
	small := raceFrames(t, 80, 24)
	sc := newScreen(io.Discard, 120, 40)
	tm := newTerm(t, 120, 40)
	for i, f := range big {
		tm.write(string(sc.draw(nil, f, 120, 40, i == 0)))
	}
	tm.shows(big[len(big)-1], "before the resize")
	tm = newTerm(t, 80, 24)
	tm.write(string(sc.draw(nil, small[0], 80, 24, true)))
	tm.shows(small[0], "after the resize")
	short := strings.Join(strings.Split(small[0], "\n")[:10], "\n")
	tm.write(string(sc.draw(nil, short, 80, 24, false)))
	tm.shows(short, "a shorter frame")
}

// TestScreenLines: lines that grow, shrink, carry wide graphemes and
// combining marks, or sequences the screen does not follow, and random
// edits of styled lines, all end up on the terminal as they are.
func TestScreenLines(t *testing.T) {
	t.Parallel()
	const w, h = 20, 4
	red, bold, reset := "\x1b[31m", "\x1b[1m", "\x1b[0m"
	frames := []string{
		"abc\n" + red + "def" + reset + "\nghi",
		"abd\n" + red + "dxf" + reset + "\nghi\njkl",
		"ab\n" + bold + red + "dxf" + reset + "g\n漢字 ok\nm̂ v̂",
		"abcdefghijklmnopqrstuvwxyz\n" + red + "d" + reset + "\n漢x字\nm̂ ŵ",
		"a\x1b[2Kb\nd\n\n",
		"same\nd\n\n",
		"",
	}
	sc := newScreen(io.Discard, w, h)
	tm := newTerm(t, w, h)
	for i, f := range frames {
		tm.write(string(sc.draw(nil, f, w, h, i == 0)))
		tm.shows(f, fmt.Sprintf("frame %d", i))
	}
	// One changed digit costs a cursor move, a reset, its style and itself.
	a, b := red+"t = 10"+reset+"  paused", red+"t = 11"+reset+"  paused"
	sc.draw(nil, a, w, h, true)
	if got := sc.draw(nil, b, w, h, false); len(got) > 16 {
		t.Errorf("one changed digit cost %d B: %q", len(got), got)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "b", " ", "─", "⣿", "漢", "x̂", red, bold, reset, "\x1b[38;5;33m", "\x1b[0;1m", "\x1b[m"}
	line := func() string {
		var s strings.Builder
		for range rng.IntN(30) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return s.String()
	}
	rows := []string{line(), line(), line(), line()}
	tm = newTerm(t, w, h)
	tm.write(string(sc.draw(nil, strings.Join(rows, "\n"), w, h, true)))
	for i := range 500 {
		rows[rng.IntN(h)] = line()
		f := strings.Join(rows[:1+rng.IntN(h)], "\n")
		tm.write(string(sc.draw(nil, f, w, h, false)))
		tm.shows(f, fmt.Sprintf("random frame %d", i))
	}
}

// BenchmarkScreenStep is the screen's work for one step of the race at
// 120×40 (t = 100 to 140): turning the frame before into the next.
func BenchmarkScreenStep(b *testing.B) {
	step := tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	ks := make([]tea.KeyMsg, 140)
	for i := range ks {
		ks[i] = step
	}
	frames := raceFrames(b, 120, 40, ks...)[100:]
	sc := newScreen(io.Discard, 120, 40)
	var buf []byte
	buf = sc.draw(buf[:0], frames[0], 120, 40, true)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		buf = sc.draw(buf[:0], frames[i%len(frames)], 120, 40, false)
	}
	b.ReportMetric(float64(len(buf)), "B/frame")
}
