package cli

import (
	"encoding/hex"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optirace/optirace/palette"
)

// TestPlotMap is issue 17's done-when for plot: `optirace plot --fn
// rosenbrock --out r.png` draws a filled contour map (the map's shades
// cover much of the figure) with every lane's path (each lane's colour
// shows), and `--lane` draws the lanes given.
func TestPlotMap(t *testing.T) {
	for _, c := range []struct {
		args  []string
		lanes int
	}{
		{[]string{"--fn", "rosenbrock"}, 5},
		{[]string{"--fn", "bowl", "--steps", "60", "--lane", "gd", "--lane", "gd:lr=0.01", "--lane", "adam"}, 3},
	} {
		out := filepath.Join(t.TempDir(), "r.png")
		if _, stderr, code := run(t, append([]string{"plot", "--out", out}, c.args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		_ = f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
			t.Fatalf("%v: %d×%d, want 1920×1080", c.args, b.Dx(), b.Dy())
		}
		count := pixelCounts(img)
		shaded := 0
		for i := range palette.NumShades {
			shaded += count[strings.ToUpper(palette.MapShade(i).Light)]
		}
		if shaded < 1920*1080/4 {
			t.Errorf("%v: %d pixels of the map's shades, want a quarter of the figure at least", c.args, shaded)
		}
		for lane := range c.lanes {
			if n := count[strings.ToUpper(palette.Lane(lane).Light)]; n < 300 {
				t.Errorf("%v: lane %d has %d pixels of its colour", c.args, lane, n)
			}
		}
	}
}

// pixelCounts counts an image's opaque pixels by colour, "#RRGGBB".
func pixelCounts(img image.Image) map[string]int {
	counts := map[string]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if a != 0xFFFF {
				continue
			}
			counts["#"+strings.ToUpper(hex.EncodeToString([]byte{byte(r >> 8), byte(g >> 8), byte(bl >> 8)}))]++
		}
	}
	return counts
}
