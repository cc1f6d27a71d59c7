package cli

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestPlotWritesImages(t *testing.T) {
	cases := []struct {
		file string
		args []string
	}{
		{"race.png", nil},
		{"Race.SVG", []string{"--gd.lr", "1.5", "--steps", "600"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, c.file)
			stdout, stderr, code := run(t, append([]string{"plot", "--out", out}, c.args...)...)
			if code != 0 || stdout != "" || stderr != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("folder holds %d files, want the image alone", len(entries))
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(c.file, ".png") {
				cfg, err := png.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Width < 1600 || cfg.Height < 1000 {
					t.Errorf("PNG is %d×%d, want at least 1600×1000", cfg.Width, cfg.Height)
				}
				return
			}
			var doc struct {
				XMLName xml.Name
			}
			if err := xml.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil || doc.XMLName.Local != "svg" {
				t.Errorf("not an SVG document: %v, root %q", err, doc.XMLName.Local)
			}
		})
	}
}

func TestPlotBadInput(t *testing.T) {
	cases := []struct {
		name string
		out  string // relative to a fresh folder; "" for no --out
		args []string
		want string // in the one line on stderr
	}{
		{"no --out", "", nil, "--out FILE.png|FILE.svg is required"},
		{"unknown extension", "race.jpg", nil, "unknown image format: the file name must end in .png or .svg"},
		{"no extension", "race", nil, "unknown image format"},
		{"missing folder", "missing/race.png", nil, "race.png: no such file or directory"},
		{"a folder", "sub.png", nil, "sub.png: is a folder"},
		{"a folder without an extension", "sub", nil, "sub: is a folder"},
		{"a folder's name", "new/", nil, "new/: is a folder, not a file name"},
		{"bad steps", "race.png", []string{"--steps", "-1"}, `"--steps" flag: must be an integer from 0 to 10000`},
		{"bad hyperparameter", "race.png", []string{"--adam.beta1", "1"}, `"--adam.beta1" flag: must be a number in [0, 1)`},
		{"extra argument", "race.png", []string{"now"}, `unexpected argument "now"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, sub := range []string{"sub.png", "sub"} {
				if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"plot"}
			if c.out != "" {
				args = append(args, "--out", dir+string(filepath.Separator)+c.out)
			}
			stdout, stderr, code := run(t, append(args, c.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q, want one line with %q", stderr, c.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 2 {
				t.Errorf("folder holds %d entries after a refusal, want only sub.png and sub", len(entries))
			}
		})
	}
}

// TestPlotTexts reads the texts of SVG figures: the iterate at which a run
// diverged is drawn, so the axes reach it; ticks read in one style; long
// hyperparameters are shortened.
func TestPlotTexts(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string // texts of the SVG, whole
		not  []string // substrings no text may hold
	}{
		{
			// x_20 = 10·(−2)^20 = 10485760: the x axis reaches ±1e7, f up to 1.1e14.
			name: "gd diverges",
			args: []string{"--steps", "50", "--gd.lr", "1.5"},
			want: []string{"x_t, α = 1.5 · diverged at t = 20", "-1e7", "1e7", "5e13", "1.5e14", "GD · diverged at t = 20"},
			not:  []string{"5000000"},
		},
		{
			// x_2 = 23727210 on x⁴ is drawn: the x axis reaches ±2.5e7, f 3.2e29.
			name: "quartic",
			args: []string{"--fn", "quartic"},
			want: []string{"x_t, α = 0.1 · diverged at t = 2", "-2.5e7", "2.5e7", "2e29", "4e29"},
			not:  []string{"e+"},
		},
		{
			name: "long hyperparameters",
			args: []string{"--adam.lr", "0.123456789012", "--adam.beta1", "0.987654321012", "--adam.beta2", "0.999999999012"},
			want: []string{"x_t, α ≈ 0.123457,", "β₁ ≈ 0.987654,", "β₂ ≈ 0.999999999"},
			not:  []string{"0.123456789012", "0.987654321012"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "race.svg")
			if _, stderr, code := run(t, append([]string{"plot", "--out", out}, c.args...)...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			texts := svgTexts(t, b)
			for _, w := range c.want {
				if !slices.Contains(texts, w) {
					t.Errorf("no text %q in %q", w, texts)
				}
			}
			for _, text := range texts {
				for _, n := range c.not {
					if strings.Contains(text, n) {
						t.Errorf("text %q holds %q", text, n)
					}
				}
				// A tick label: a short exponent, no padding zeros.
				if _, err := strconv.ParseFloat(text, 64); err == nil {
					mant, _, _ := strings.Cut(text, "e")
					if strings.Contains(text, "e+") || (strings.Contains(mant, ".") && strings.HasSuffix(mant, "0")) {
						t.Errorf("tick label %q", text)
					}
				}
			}
		})
	}
}

// svgTexts returns the character data of an SVG's text elements.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
}

// TestPlotThroughSymlink: --out naming a symbolic link writes the file it
// links to and keeps the link, as a shell's > does; a link into a missing
// folder fails as a missing folder does (exit 2, naming both), and leaves
// the link as it was.
func TestPlotThroughSymlink(t *testing.T) {
	cases := []struct {
		name   string
		target string // relative to the link's folder
		mkdir  string // a folder to create first, or ""
		want   string // stderr, or "" for success
	}{
		{name: "to a new file", target: "figs/race.png", mkdir: "figs"},
		{name: "to a missing folder", target: "missing/race.png", want: "missing/race.png: no such file or directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.mkdir != "" {
				if err := os.Mkdir(filepath.Join(dir, c.mkdir), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			link := filepath.Join(dir, "link.png")
			if err := os.Symlink(c.target, link); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := run(t, "plot", "--out", link)
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("link.png is no longer a link: %v %v", fi.Mode(), err)
			}
			if c.want != "" {
				if code != 2 || !strings.Contains(errOut, "cannot write "+link+" → "+filepath.Join(dir, c.want)) {
					t.Errorf("exit %d, stderr %q; want 2, naming the link and %s", code, errOut, c.want)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "link.png" {
					t.Errorf("folder holds %v, want the link alone", entries)
				}
				return
			}
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			b, err := os.ReadFile(filepath.Join(dir, c.target))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
				t.Errorf("the link's target is not a PNG: %v", err)
			}
		})
	}
}
