package main

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// shape draws the runes that terminals draw as shapes rather than from the
// font: box drawing, Braille patterns and block elements. Drawn to the cell,
// lines and charts join across cells without the gaps or overlaps a font's
// glyphs leave at a line height of its own. It reports false for any other
// rune.
func (p *painter) shape(r image.Rectangle, c rune, fg color.RGBA) bool {
	if b, ok := boxOf(c); ok {
		p.box(r, b, fg)
		return true
	}
	switch {
	case c >= 0x2800 && c <= 0x28FF:
		p.braille(r, int(c-0x2800), fg)
		return true
	case c == '⏸':
		w := max(1, r.Dx()/5)
		h := r.Dy() * 5 / 9
		top := r.Min.Y + (r.Dy()-h)/2
		for _, x := range []int{r.Min.X + r.Dx()/2 - w - w/2, r.Min.X + r.Dx()/2 + w/2} {
			p.fill(image.Rect(x, top, x+w, top+h), fg, 1)
		}
		return true
	}
	return p.block(r, c, fg)
}

// boxLines is a box-drawing character: the weight of its line towards each
// edge (0 none, 1 light, 2 heavy), and whether its corner is an arc.
type boxLines struct {
	up, right, down, left int
	arc                   bool
}

// boxOf returns the lines of box-drawing character c, or false for those
// left to the font.
func boxOf(c rune) (boxLines, bool) {
	switch c {
	case '─':
		return boxLines{right: 1, left: 1}, true
	case '━':
		return boxLines{right: 2, left: 2}, true
	case '│':
		return boxLines{up: 1, down: 1}, true
	case '┃':
		return boxLines{up: 2, down: 2}, true
	case '┌':
		return boxLines{right: 1, down: 1}, true
	case '┐':
		return boxLines{down: 1, left: 1}, true
	case '└':
		return boxLines{up: 1, right: 1}, true
	case '┘':
		return boxLines{up: 1, left: 1}, true
	case '┏':
		return boxLines{right: 2, down: 2}, true
	case '┓':
		return boxLines{down: 2, left: 2}, true
	case '┗':
		return boxLines{up: 2, right: 2}, true
	case '┛':
		return boxLines{up: 2, left: 2}, true
	case '├':
		return boxLines{up: 1, right: 1, down: 1}, true
	case '┤':
		return boxLines{up: 1, down: 1, left: 1}, true
	case '┬':
		return boxLines{right: 1, down: 1, left: 1}, true
	case '┴':
		return boxLines{up: 1, right: 1, left: 1}, true
	case '┼':
		return boxLines{up: 1, right: 1, down: 1, left: 1}, true
	case '┣':
		return boxLines{up: 2, right: 2, down: 2}, true
	case '┫':
		return boxLines{up: 2, down: 2, left: 2}, true
	case '┳':
		return boxLines{right: 2, down: 2, left: 2}, true
	case '┻':
		return boxLines{up: 2, right: 2, left: 2}, true
	case '╋':
		return boxLines{up: 2, right: 2, down: 2, left: 2}, true
	case '╴':
		return boxLines{left: 1}, true
	case '╵':
		return boxLines{up: 1}, true
	case '╶':
		return boxLines{right: 1}, true
	case '╷':
		return boxLines{down: 1}, true
	case '╭':
		return boxLines{right: 1, down: 1, arc: true}, true
	case '╮':
		return boxLines{down: 1, left: 1, arc: true}, true
	case '╯':
		return boxLines{up: 1, left: 1, arc: true}, true
	case '╰':
		return boxLines{up: 1, right: 1, arc: true}, true
	}
	return boxLines{}, false
}

// lineWidth returns the thickness in pixels of a light (1) or heavy (2) line.
func (p *painter) lineWidth(weight int) int {
	light := max(1, int(math.Round(float64(p.cellW)/6)))
	if weight >= 2 {
		return 2 * light
	}
	return light
}

// box draws a box-drawing character: a line from the cell's centre to each
// edge it names, or an arc for a rounded corner.
func (p *painter) box(r image.Rectangle, b boxLines, fg color.RGBA) {
	weight := max(b.up, b.down, b.left, b.right)
	if b.arc {
		p.arc(r, b, fg)
		return
	}
	// Each line runs from the edge to the far side of the centre square,
	// which is as thick as the heaviest line, so that joins are solid.
	cw := p.lineWidth(weight)
	cx0, cx1 := band(r.Min.X, r.Dx(), cw)
	cy0, cy1 := band(r.Min.Y, r.Dy(), cw)
	if b.up > 0 {
		x0, x1 := band(r.Min.X, r.Dx(), p.lineWidth(b.up))
		p.fill(image.Rect(x0, r.Min.Y, x1, cy1), fg, 1)
	}
	if b.down > 0 {
		x0, x1 := band(r.Min.X, r.Dx(), p.lineWidth(b.down))
		p.fill(image.Rect(x0, cy0, x1, r.Max.Y), fg, 1)
	}
	if b.left > 0 {
		y0, y1 := band(r.Min.Y, r.Dy(), p.lineWidth(b.left))
		p.fill(image.Rect(r.Min.X, y0, cx1, y1), fg, 1)
	}
	if b.right > 0 {
		y0, y1 := band(r.Min.Y, r.Dy(), p.lineWidth(b.right))
		p.fill(image.Rect(cx0, y0, r.Max.X, y1), fg, 1)
	}
}

// band returns the span of a line w pixels thick centred across a cell
// side that starts at lo and is size pixels long.
func band(lo, size, w int) (int, int) {
	a := lo + (size-w)/2
	return a, a + w
}

// arc draws a rounded corner: a quarter circle from the middle of one edge
// to the middle of the other, then straight on to the edges.
func (p *painter) arc(r image.Rectangle, b boxLines, fg color.RGBA) {
	w := p.lineWidth(1)
	x0, x1 := band(r.Min.X, r.Dx(), w)
	y0, y1 := band(r.Min.Y, r.Dy(), w)
	cx, cy := float64(x0+x1)/2, float64(y0+y1)/2
	radius := float64(min(r.Dx(), r.Dy())) / 2
	dx, dy := 1.0, 1.0 // where the arc's centre lies from the cell's
	if b.left > 0 {
		dx = -1
	}
	if b.up > 0 {
		dy = -1
	}
	ax, ay := cx+dx*radius, cy+dy*radius
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			if (px-ax)*dx > 0 || (py-ay)*dy > 0 {
				continue
			}
			d := math.Hypot(px-ax, py-ay)
			p.blend(x, y, fg, float64(w)/2+0.5-math.Abs(d-radius))
		}
	}
	// Straight on from the arc's ends to the edges.
	if dy > 0 {
		p.fill(image.Rect(x0, int(ay), x1, r.Max.Y), fg, 1)
	} else {
		p.fill(image.Rect(x0, r.Min.Y, x1, int(math.Ceil(ay))), fg, 1)
	}
	if dx > 0 {
		p.fill(image.Rect(int(ax), y0, r.Max.X, y1), fg, 1)
	} else {
		p.fill(image.Rect(r.Min.X, y0, int(math.Ceil(ax)), y1), fg, 1)
	}
}

// braille draws the dots of Braille pattern bits (U+2800 + bits): dots 1–3
// and 7 down the left column, 4–6 and 8 down the right.
func (p *painter) braille(r image.Rectangle, bits int, fg color.RGBA) {
	dots := [8]struct{ col, row int }{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {0, 3}, {1, 3}}
	radius := max(1, float64(r.Dx())*0.19)
	for i, d := range dots {
		if bits&(1<<i) == 0 {
			continue
		}
		cx := float64(r.Min.X) + float64(r.Dx())*(0.5+float64(d.col))/2
		cy := float64(r.Min.Y) + float64(r.Dy())*(0.5+float64(d.row))/4
		p.disc(cx, cy, radius, fg)
	}
}

// block draws the block elements U+2580–U+2595 (halves, eighths, shades).
func (p *painter) block(r image.Rectangle, c rune, fg color.RGBA) bool {
	w, h := r.Dx(), r.Dy()
	eighthsDown := func(n int) image.Rectangle { return image.Rect(r.Min.X, r.Max.Y-h*n/8, r.Max.X, r.Max.Y) }
	eighthsLeft := func(n int) image.Rectangle { return image.Rect(r.Min.X, r.Min.Y, r.Min.X+w*n/8, r.Max.Y) }
	switch {
	case c == '▀':
		p.fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+h/2), fg, 1)
	case c >= '▁' && c <= '█':
		p.fill(eighthsDown(int(c-'▁')+1), fg, 1)
	case c >= '▉' && c <= '▏':
		p.fill(eighthsLeft(8-int(c-'▉')-1), fg, 1)
	case c == '▐':
		p.fill(image.Rect(r.Min.X+w/2, r.Min.Y, r.Max.X, r.Max.Y), fg, 1)
	case c >= '░' && c <= '▓':
		p.fill(r, fg, float64(c-'░'+1)/4)
	case c == '▔':
		p.fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+max(1, h/8)), fg, 1)
	case c == '▕':
		p.fill(image.Rect(r.Max.X-max(1, w/8), r.Min.Y, r.Max.X, r.Max.Y), fg, 1)
	default:
		return false
	}
	return true
}

// fill paints rectangle r with colour c at coverage a.
func (p *painter) fill(r image.Rectangle, c color.RGBA, a float64) {
	if a >= 1 {
		draw.Draw(p.img, r, image.NewUniform(c), image.Point{}, draw.Src)
		return
	}
	r = r.Intersect(p.img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p.blend(x, y, c, a)
		}
	}
}
