// Command screenshot renders a frame of optirace's TUI, mid-race in its wide
// layout, to a PNG for the README: the program's own View output, parsed
// into terminal cells and drawn with the DejaVu Sans Mono font that the
// codeberg.org/go-fonts/dejavu module embeds, so that `go run` needs no font
// installed. Braille dots, box drawing and block elements are drawn as
// shapes, as terminals do, so that charts and borders join without gaps.
// The same inputs always give the same PNG.
//
//	go run ./tools/screenshot -out docs/tui.png [-cols 240 -rows 60 -steps 12]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/optirace/optirace/export"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run is the command: parse args, render, write; it returns the exit status.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("screenshot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	shot := Shot{}
	out := fs.String("out", "docs/tui.png", "PNG file to write")
	fs.IntVar(&shot.Cols, "cols", 240, "terminal width in cells (the wide layout needs 200 or more)")
	fs.IntVar(&shot.Rows, "rows", 60, "terminal height in cells")
	fs.IntVar(&shot.Steps, "steps", 12, "iterations to take before the frame is shot")
	fs.StringVar(&shot.Fn, "fn", "", "loss landscape (default: the lecture's x²)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || shot.Cols < 1 || shot.Rows < 1 || shot.Steps < 0 || !strings.HasSuffix(*out, ".png") {
		_, _ = fmt.Fprintln(stderr, "usage: screenshot -out FILE.png [-cols N] [-rows N] [-steps N] [-fn NAME]")
		return 2
	}
	frame, err := shot.Frame()
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "screenshot: %v\n", err)
		return 1
	}
	img, missing := Render(frame, shot.Cols, shot.Rows, DefaultTheme())
	if len(missing) > 0 {
		// Still write the picture, but say which glyphs came out as boxes.
		_, _ = fmt.Fprintf(stderr, "screenshot: no glyph for %q; drawn as boxes\n", string(missing))
	}
	if err := export.WriteFile(*out, func(w io.Writer) error { return encodePNG(w, img) }); err != nil {
		_, _ = fmt.Fprintf(stderr, "screenshot: %v\n", err)
		return 1
	}
	return 0
}
