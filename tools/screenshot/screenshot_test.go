package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
)

func TestScreen(t *testing.T) {
	bold := cellbuf.Style{Fg: ansi.RGBColor{R: 86, G: 179, B: 233}, Attrs: cellbuf.BoldAttr}
	cases := []struct {
		name  string
		frame string
		cols  int
		want  []Cell // the first row
	}{
		{"text", "ab", 3, []Cell{{Text: "a", Width: 1}, {Text: "b", Width: 1}, {Width: 1}}},
		{
			"colour and reset", "\x1b[1;38;2;86;179;233mG\x1b[0mD", 2,
			[]Cell{{Text: "G", Width: 1, Style: bold}, {Text: "D", Width: 1}},
		},
		{"combining mark joins its letter", "m\u0302/", 2, []Cell{{Text: "m\u0302", Width: 1}, {Text: "/", Width: 1}}},
		{"wide grapheme", "日x", 3, []Cell{{Text: "日", Width: 2}, {}, {Text: "x", Width: 1}}},
		{"cut at the edge", "abc", 2, []Cell{{Text: "a", Width: 1}, {Text: "b", Width: 1}}},
		{"wide grapheme past the edge", "a日", 2, []Cell{{Text: "a", Width: 1}, {Width: 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Screen(c.frame, c.cols, 1)[0]
			for i := range c.want {
				if got[i].Text != c.want[i].Text || got[i].Width != c.want[i].Width || !got[i].Style.Equal(&c.want[i].Style) {
					t.Errorf("cell %d = %+v, want %+v", i, got[i], c.want[i])
				}
			}
		})
	}
	grid := Screen("a\nb\nc", 1, 2)
	if grid[0][0].Text != "a" || grid[1][0].Text != "b" {
		t.Errorf("rows %q, %q; want a, b (and c cut off)", grid[0][0].Text, grid[1][0].Text)
	}
}

// lit counts the pixels of rectangle r that differ from the background.
func lit(img *image.RGBA, r image.Rectangle, bg color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) != bg {
				n++
			}
		}
	}
	return n
}

// centroid returns the mean position of the lit pixels of r.
func centroid(img *image.RGBA, r image.Rectangle, bg color.RGBA) image.Point {
	var sx, sy, n int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) != bg {
				sx, sy, n = sx+x, sy+y, n+1
			}
		}
	}
	if n == 0 {
		return r.Min
	}
	return image.Pt(sx/n, sy/n)
}

// cellRect returns the pixels of cell x of the first row of an image Render drew.
func cellRect(theme Theme, x int) image.Rectangle {
	p, err := newPainter(theme)
	if err != nil {
		panic(err)
	}
	o := image.Pt(theme.Padding+x*p.cellW, theme.Padding+barHeight*p.cellH)
	return image.Rect(0, 0, p.cellW, p.cellH).Add(o)
}

func TestRenderShapes(t *testing.T) {
	theme := DefaultTheme()
	bg := theme.Background
	cases := []struct {
		name  string
		frame string
		check func(t *testing.T, img *image.RGBA)
	}{
		{"blank braille is blank", "\u2800", func(t *testing.T, img *image.RGBA) {
			if n := lit(img, cellRect(theme, 0), bg); n != 0 {
				t.Errorf("%d pixels lit", n)
			}
		}},
		{"eight braille dots, each in its place", "\u28FF\u2801\u2880", func(t *testing.T, img *image.RGBA) {
			all, one, eight := lit(img, cellRect(theme, 0), bg), lit(img, cellRect(theme, 1), bg), lit(img, cellRect(theme, 2), bg)
			if one == 0 || all < 7*one || all > 9*one || eight != one {
				t.Errorf("⣿ %d pixels, ⠁ %d, ⢀ %d: want eight dots of one size", all, one, eight)
			}
			// Dot 1 sits in the top left of its cell, dot 8 in the bottom right.
			r := cellRect(theme, 1)
			if c := centroid(img, r, bg); c.X >= r.Min.X+r.Dx()/2 || c.Y >= r.Min.Y+r.Dy()/4 {
				t.Errorf("dot 1 at %v in cell %v", c, r)
			}
			r = cellRect(theme, 2)
			if c := centroid(img, r, bg); c.X < r.Min.X+r.Dx()/2 || c.Y < r.Max.Y-r.Dy()/4 {
				t.Errorf("dot 8 at %v in cell %v", c, r)
			}
		}},
		{"horizontal lines join across cells", "───━━", func(t *testing.T, img *image.RGBA) {
			r := cellRect(theme, 0)
			y := r.Min.Y + r.Dy()/2
			for x := r.Min.X; x < r.Min.X+5*r.Dx(); x++ {
				if img.RGBAAt(x, y) == bg {
					t.Fatalf("gap at x = %d", x)
				}
			}
		}},
		{"vertical lines join across rows", "│\n│\n┃", func(t *testing.T, img *image.RGBA) {
			r := cellRect(theme, 0)
			x := r.Min.X + r.Dx()/2
			for y := r.Min.Y; y < r.Min.Y+3*r.Dy(); y++ {
				if img.RGBAAt(x, y) == bg {
					t.Fatalf("gap at y = %d", y)
				}
			}
		}},
		{"rounded corner meets its lines", "╭─\n│", func(t *testing.T, img *image.RGBA) {
			r := cellRect(theme, 0)
			if img.RGBAAt(r.Max.X-1, r.Min.Y+r.Dy()/2) == bg || img.RGBAAt(r.Min.X+r.Dx()/2, r.Max.Y-1) == bg {
				t.Error("╭ does not reach the right and bottom edges at their centres")
			}
			if lit(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+r.Dx()/3, r.Min.Y+r.Dy()/3), bg) != 0 {
				t.Error("╭ has ink in its top left corner")
			}
		}},
		{"full block fills its cell", "█", func(t *testing.T, img *image.RGBA) {
			r := cellRect(theme, 0)
			if n := lit(img, r, bg); n != r.Dx()*r.Dy() {
				t.Errorf("%d of %d pixels", n, r.Dx()*r.Dy())
			}
		}},
		{"text is drawn in its colour", "\x1b[38;2;255;0;0mx", func(t *testing.T, img *image.RGBA) {
			r := cellRect(theme, 0)
			red := 0
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					if img.RGBAAt(x, y) == (color.RGBA{R: 255, A: 255}) {
						red++
					}
				}
			}
			if red == 0 {
				t.Error("no pure red pixel in a red x")
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, missing := Render(c.frame, 6, 3, theme)
			if len(missing) > 0 {
				t.Errorf("missing glyphs %q", string(missing))
			}
			c.check(t, img)
		})
	}
	if _, missing := Render("\U0001F9EA", 2, 1, theme); string(missing) != "\U0001F9EA" {
		t.Errorf("a glyph no font has is reported as %q", string(missing))
	}
}

// TestTheWideFrame shoots the README's frame: every glyph the TUI draws
// must have a font glyph or a shape, and the picture must not change from
// one run to the next.
func TestTheWideFrame(t *testing.T) {
	shot := Shot{Cols: 240, Rows: 60, Steps: 12}
	frame, err := shot.Frame()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ansi.Strip(frame), "t = 12") {
		t.Errorf("the frame is not at t = 12:\n%s", ansi.Strip(frame))
	}
	if !strings.Contains(frame, "\x1b[") {
		t.Error("the frame has no colours")
	}
	theme := DefaultTheme()
	img, missing := Render(frame, shot.Cols, shot.Rows, theme)
	if len(missing) > 0 {
		t.Errorf("no glyph or shape for %q", string(missing))
	}
	cell := cellRect(theme, 0)
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 240*cell.Dx()+2*theme.Padding || h != 62*cell.Dy()+2*theme.Padding {
		t.Errorf("image %d×%d for cells of %d×%d", w, h, cell.Dx(), cell.Dy())
	}
	again, _ := Render(frame, shot.Cols, shot.Rows, theme)
	if !bytes.Equal(img.Pix, again.Pix) {
		t.Error("two renders of one frame differ")
	}
}

// TestTheTwoDFrame shoots the README's 2-D frame: the bowl's map, every
// glyph drawn, and an unknown landscape refused.
func TestTheTwoDFrame(t *testing.T) {
	shot := Shot{Cols: 120, Rows: 40, Steps: 12, Fn: "bowl"}
	frame, err := shot.Frame()
	if err != nil {
		t.Fatal(err)
	}
	if plain := ansi.Strip(frame); !strings.Contains(plain, "bowl  f(x, y) = x² + 10y²") || !strings.Contains(plain, "t = 12") {
		t.Errorf("not the bowl at t = 12:\n%s", plain)
	}
	if _, missing := Render(frame, shot.Cols, shot.Rows, DefaultTheme()); len(missing) > 0 {
		t.Errorf("no glyph or shape for %q", string(missing))
	}
	if _, err := (Shot{Cols: 80, Rows: 24, Fn: "nowhere"}).Frame(); err == nil {
		t.Error("an unknown landscape was shot")
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "tui.png")
	var stderr bytes.Buffer
	if code := run([]string{"-out", out, "-cols", "100", "-rows", "30", "-steps", "3"}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
		t.Errorf("not a PNG: %v", err)
	}
	for _, args := range [][]string{
		{"-out", filepath.Join(dir, "tui.jpg")},
		{"-cols", "0"},
		{"extra"},
		{"-nope"},
	} {
		stderr.Reset()
		if code := run(args, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
	if code := run([]string{"-out", filepath.Join(dir, "missing", "tui.png")}, &stderr); code != 1 {
		t.Errorf("unwritable path: exit %d, want 1", code)
	}
}
