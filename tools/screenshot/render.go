package main

import (
	"bufio"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"codeberg.org/go-fonts/dejavu/dejavusansmono"
	"codeberg.org/go-fonts/dejavu/dejavusansmonobold"
	"github.com/charmbracelet/x/cellbuf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Theme is the terminal the frame is drawn in.
type Theme struct {
	// Background and Foreground are the terminal's default colours.
	Background, Foreground color.RGBA
	// Bar is the window's title bar and Dim its title text.
	Bar, Dim color.RGBA
	// FontSize is the text size in pixels.
	FontSize float64
	// Padding is the margin around the cells, in pixels.
	Padding int
}

// DefaultTheme is a dark terminal (the TUI's Dark colours are drawn for it)
// with 16-pixel text.
func DefaultTheme() Theme {
	return Theme{
		Background: color.RGBA{R: 0x16, G: 0x18, B: 0x1D, A: 0xFF},
		Foreground: color.RGBA{R: 0xE4, G: 0xE4, B: 0xE4, A: 0xFF},
		Bar:        color.RGBA{R: 0x26, G: 0x29, B: 0x30, A: 0xFF},
		Dim:        color.RGBA{R: 0x8A, G: 0x8A, B: 0x8A, A: 0xFF},
		FontSize:   16,
		Padding:    16,
	}
}

// typeface is one font at the theme's size: sfnt to ask which runes it
// has, the face to draw them.
type typeface struct {
	sfnt *sfnt.Font
	face font.Face
	buf  sfnt.Buffer
}

func newTypeface(ttf []byte, size float64) (*typeface, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, err
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	return &typeface{sfnt: f, face: face}, nil
}

// has reports whether the font has a glyph for every rune of s.
func (t *typeface) has(s string) bool {
	for _, r := range s {
		if i, err := t.sfnt.GlyphIndex(&t.buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// painter draws cells onto an image.
type painter struct {
	img          *image.RGBA
	theme        Theme
	regular      *typeface
	bold         *typeface
	fallback     *typeface // DejaVu Sans, for symbols the monospace face lacks
	cellW, cellH int
	baseline     int
	origin       image.Point // top left of cell (0, 0)
	missing      map[rune]bool
}

// barHeight is the window title bar's height in cells.
const barHeight = 2

// Render draws the ANSI frame as a cols × rows terminal window and returns
// it, with the runes that no font had (drawn as boxes), if any.
func Render(frame string, cols, rows int, theme Theme) (*image.RGBA, []rune) {
	p, err := newPainter(theme)
	if err != nil {
		// The fonts are embedded: they parse, or the module is broken.
		panic(err)
	}
	w := cols*p.cellW + 2*theme.Padding
	h := (rows+barHeight)*p.cellH + 2*theme.Padding
	p.img = image.NewRGBA(image.Rect(0, 0, w, h))
	p.origin = image.Pt(theme.Padding, theme.Padding+barHeight*p.cellH)
	draw.Draw(p.img, p.img.Bounds(), image.NewUniform(theme.Background), image.Point{}, draw.Src)
	p.titleBar(cols, rows)

	for y, line := range Screen(frame, cols, rows) {
		for x, c := range line {
			if c.Width > 0 {
				p.cell(x, y, c)
			}
		}
	}
	missing := make([]rune, 0, len(p.missing))
	for r := range p.missing {
		missing = append(missing, r)
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i] < missing[j] })
	return p.img, missing
}

func newPainter(theme Theme) (*painter, error) {
	p := &painter{theme: theme, missing: map[rune]bool{}}
	var err error
	if p.regular, err = newTypeface(dejavusansmono.TTF, theme.FontSize); err != nil {
		return nil, err
	}
	if p.bold, err = newTypeface(dejavusansmonobold.TTF, theme.FontSize); err != nil {
		return nil, err
	}
	if p.fallback, err = newTypeface(dejavusans.TTF, theme.FontSize); err != nil {
		return nil, err
	}
	adv, _ := p.regular.face.GlyphAdvance('M')
	m := p.regular.face.Metrics()
	p.cellW = adv.Round()
	p.cellH = (m.Ascent + m.Descent).Ceil()
	p.baseline = m.Ascent.Round()
	return p, nil
}

// titleBar draws a window title bar: three dots and "optirace — cols×rows".
func (p *painter) titleBar(cols, rows int) {
	pad := p.theme.Padding
	bar := image.Rect(0, 0, p.img.Bounds().Dx(), pad+barHeight*p.cellH-p.cellH/2)
	draw.Draw(p.img, bar, image.NewUniform(p.theme.Bar), image.Point{}, draw.Src)
	cy := float64(bar.Max.Y) / 2
	r := float64(p.cellH) * 0.3
	for i, c := range []color.RGBA{
		{R: 0xFF, G: 0x5F, B: 0x57, A: 0xFF},
		{R: 0xFE, G: 0xBC, B: 0x2E, A: 0xFF},
		{R: 0x28, G: 0xC8, B: 0x40, A: 0xFF},
	} {
		p.disc(float64(pad)+r+float64(i)*3*r, cy, r, c)
	}
	title := "optirace — " + strconv.Itoa(cols) + "×" + strconv.Itoa(rows)
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(p.theme.Dim), Face: p.regular.face}
	width := d.MeasureString(title).Round()
	d.Dot = fixed.P((bar.Dx()-width)/2, int(cy)+p.baseline-p.cellH/2)
	d.DrawString(title)
}

// cell draws the cell at column x, row y.
func (p *painter) cell(x, y int, c Cell) {
	fg, bg := p.colors(c.Style)
	r := image.Rect(0, 0, c.Width*p.cellW, p.cellH).Add(p.origin).Add(image.Pt(x*p.cellW, y*p.cellH))
	if bg != p.theme.Background {
		draw.Draw(p.img, r, image.NewUniform(bg), image.Point{}, draw.Src)
	}
	first, size := utf8.DecodeRuneInString(c.Text)
	switch {
	case c.Text == "" || c.Text == " ":
	case size == len(c.Text) && p.shape(r, first, fg):
	default:
		p.glyphs(r, c.Text, c.Style.Attrs&cellbuf.BoldAttr != 0, fg)
	}
	if c.Style.UlStyle != cellbuf.NoUnderline {
		u := image.Rect(r.Min.X, r.Min.Y+p.baseline+1, r.Max.X, r.Min.Y+p.baseline+2)
		draw.Draw(p.img, u, image.NewUniform(fg), image.Point{}, draw.Over)
	}
}

// colors resolves a cell's style to its text and background colours.
func (p *painter) colors(s cellbuf.Style) (fg, bg color.RGBA) {
	fg, bg = p.theme.Foreground, p.theme.Background
	if s.Fg != nil {
		fg = rgba(s.Fg)
	}
	if s.Bg != nil {
		bg = rgba(s.Bg)
	}
	if s.Attrs&cellbuf.FaintAttr != 0 {
		fg = mix(fg, bg, 0.5)
	}
	if s.Attrs&cellbuf.ReverseAttr != 0 {
		fg, bg = bg, fg
	}
	return fg, bg
}

// rgba converts a cell colour to an opaque RGBA.
func rgba(c color.Color) color.RGBA {
	v, _ := color.RGBAModel.Convert(c).(color.RGBA)
	v.A = 0xFF
	return v
}

// mix returns a·(1−t) + b·t.
func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{R: m(a.R, b.R), G: m(a.G, b.G), B: m(a.B, b.B), A: 0xFF}
}

// glyphs draws text (one grapheme: a rune and its combining marks) in the
// cell rectangle r from the monospace face, or centred from the fallback
// face, or as a box if neither has it.
func (p *painter) glyphs(r image.Rectangle, text string, bold bool, fg color.RGBA) {
	tf := p.regular
	if bold && p.bold.has(text) {
		tf = p.bold
	}
	x := r.Min.X
	if !tf.has(text) {
		if !p.fallback.has(text) {
			for _, c := range text {
				p.missing[c] = true
			}
			p.tofu(r, fg)
			return
		}
		tf = p.fallback
		adv := font.MeasureString(tf.face, text).Round()
		x += (r.Dx() - adv) / 2
	}
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(fg), Face: tf.face, Dot: fixed.P(x, r.Min.Y+p.baseline)}
	base, size := utf8.DecodeRuneInString(text)
	d.DrawString(string(base))
	// Combining marks (the hat of m̂) go centred over the base: fonts place
	// them for a proportional layout, which a cell grid does not follow.
	for _, mark := range text[size:] {
		bounds, _ := font.BoundString(tf.face, string(mark))
		centre := (bounds.Min.X + bounds.Max.X) / 2
		d.Dot = fixed.Point26_6{X: fixed.I(r.Min.X+r.Dx()/2) - centre, Y: fixed.I(r.Min.Y + p.baseline)}
		d.DrawString(string(mark))
	}
}

// tofu draws the hollow box of a missing glyph.
func (p *painter) tofu(r image.Rectangle, fg color.RGBA) {
	in := image.Rect(r.Min.X+1, r.Min.Y+p.cellH/5, r.Max.X-1, r.Min.Y+p.baseline)
	u := image.NewUniform(fg)
	for _, e := range []image.Rectangle{
		{Min: in.Min, Max: image.Pt(in.Max.X, in.Min.Y+1)},
		{Min: image.Pt(in.Min.X, in.Max.Y-1), Max: in.Max},
		{Min: in.Min, Max: image.Pt(in.Min.X+1, in.Max.Y)},
		{Min: image.Pt(in.Max.X-1, in.Min.Y), Max: in.Max},
	} {
		draw.Draw(p.img, e, u, image.Point{}, draw.Over)
	}
}

// blend paints colour c at pixel (x, y) with coverage a in [0, 1].
func (p *painter) blend(x, y int, c color.RGBA, a float64) {
	if a <= 0 || !image.Pt(x, y).In(p.img.Bounds()) {
		return
	}
	if a >= 1 {
		p.img.SetRGBA(x, y, c)
		return
	}
	p.img.SetRGBA(x, y, mix(p.img.RGBAAt(x, y), c, a))
}

// disc paints a filled, anti-aliased circle.
func (p *painter) disc(cx, cy, radius float64, c color.RGBA) {
	for y := int(cy - radius - 1); y <= int(cy+radius+1); y++ {
		for x := int(cx - radius - 1); x <= int(cx+radius+1); x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			p.blend(x, y, c, radius+0.5-d)
		}
	}
}

// encodePNG writes img as PNG, compressed as far as Go's encoder goes.
func encodePNG(w io.Writer, img image.Image) error {
	bw := bufio.NewWriter(w)
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(bw, img); err != nil {
		return err
	}
	return bw.Flush()
}
