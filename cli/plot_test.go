package cli

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
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
		{"bad steps", "race.png", []string{"--steps", "-1"}, `"--steps" flag: must be an integer from 0 to 10000`},
		{"bad hyperparameter", "race.png", []string{"--adam.beta1", "1"}, `"--adam.beta1" flag: must be a number in [0, 1)`},
		{"extra argument", "race.png", []string{"now"}, `unexpected argument "now"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "sub.png"), 0o755); err != nil {
				t.Fatal(err)
			}
			args := []string{"plot"}
			if c.out != "" {
				args = append(args, "--out", filepath.Join(dir, c.out))
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
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("folder holds %d entries after a refusal, want only sub.png", len(entries))
			}
		})
	}
}
