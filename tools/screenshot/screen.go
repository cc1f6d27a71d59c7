package main

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
)

// Cell is one terminal cell as a terminal shows it.
type Cell struct {
	// Text is the grapheme in the cell: a rune and any combining marks;
	// empty for a blank cell and for the right half of a wide grapheme.
	Text string
	// Width is how many cells the grapheme covers (0 for a right half).
	Width int
	// Style holds the SGR colours and attributes.
	Style cellbuf.Style
}

// Screen parses an ANSI frame (a View's output: text, SGR sequences and
// newlines) into a rows × cols grid of cells, as a terminal would show it.
// Text past the grid is cut off; other escape sequences are ignored.
func Screen(frame string, cols, rows int) [][]Cell {
	grid := make([][]Cell, rows)
	for y := range grid {
		grid[y] = make([]Cell, cols)
		for x := range grid[y] {
			grid[y][x].Width = 1
		}
	}
	var (
		pen   cellbuf.Style
		state byte
		x, y  int
	)
	p := ansi.NewParser()
	for len(frame) > 0 {
		seq, width, n, next := ansi.DecodeSequence(frame, state, p)
		state, frame = next, frame[n:]
		switch {
		case seq == "\n":
			x, y = 0, y+1
		case seq == "\r":
			x = 0
		case ansi.Cmd(p.Command()).Final() == 'm' && len(seq) > 1 && seq[0] == ansi.ESC:
			cellbuf.ReadStyle(p.Params(), &pen)
		case width == 0 && len(seq) > 0 && seq[0] >= ' ' && seq[0] != ansi.DEL:
			// A combining mark joins the grapheme before it, as in a
			// terminal; the decoder splits it off after an ASCII letter.
			if x > 0 && y < rows && x-1 < cols {
				grid[y][x-1].Text += seq
			}
		case width > 0:
			if y < rows && x+width <= cols {
				grid[y][x] = Cell{Text: seq, Width: width, Style: pen}
				for i := 1; i < width; i++ {
					grid[y][x+i] = Cell{Style: pen}
				}
			}
			x += width
		}
	}
	return grid
}
