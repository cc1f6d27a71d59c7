package server

import (
	"bytes"
	"context"
	"image/color"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/server/termclient"
	"github.com/optirace/optirace/views"
)

// TestSilentTerminalGetsFrameAndFirstKey: a terminal that answers neither
// the background-colour query nor DA1 sees the race once the query gives
// up, and its first key steps the race.
func TestSilentTerminalGetsFrameAndFirstKey(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{Silent: true})
	mark := waitText(t, c, 0, 2*time.Second, append([]string{atStep(0)}, names...)...)
	if err := c.Send(" "); err != nil {
		t.Fatal(err)
	}
	waitText(t, c, mark, 2*time.Second, atStep(1))
}

// gdColour is the escape sequence for GD's colour, bold as the panel titles
// draw it, on a light or dark background in an xterm-256color session.
func gdColour(light bool) []byte {
	c := views.LaneColor(int(optimizers.GD))
	hex := c.Dark
	if light {
		hex = c.Light
	}
	return []byte(termenv.CSI + "1;" + termenv.ANSI256.Color(hex).Sequence(false) + "m")
}

// waitColours waits for GD's colour for the background the client said
// and checks that the other background's never came.
func waitColours(t *testing.T, c *termclient.Client, light bool) {
	t.Helper()
	_, err := c.WaitForOutput(deadline(t, 5*time.Second), 0, func(raw []byte) bool {
		return bytes.Contains(raw, gdColour(light))
	})
	if err != nil {
		t.Fatalf("waiting for GD in %q (light %v): %v", gdColour(light), light, err)
	}
	if bytes.Contains(c.Output(0), gdColour(!light)) {
		t.Errorf("GD drawn in %q too, the other background's colour", gdColour(!light))
	}
}

func TestBackgroundColourPicksStyles(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	for _, tc := range []struct {
		name, background string
		light            bool
	}{
		{"black", "", false},
		{"white", "rgb:ffff/ffff/ffff", true},
		{"two-digit light grey", "rgb:e0/e0/e0", true},
		{"dark blue", "rgb:0000/0000/4040", false},
		{"hex white", "#ffffff", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dial(t, ts.addr, termclient.Options{Background: tc.background})
			waitColours(t, c, tc.light)
		})
	}
}

// TestKeysTypedDuringQueryReachTheRace: keys that arrive before, between
// and after the terminal's replies, which come cut into pieces, all reach
// the program, and the replies none of it.
func TestKeysTypedDuringQueryReachTheRace(t *testing.T) {
	t.Parallel()
	ts := start(t, testConfig(t))
	c := dial(t, ts.addr, termclient.Options{Silent: true})
	_, err := c.WaitForOutput(deadline(t, 5*time.Second), 0, func(raw []byte) bool {
		return bytes.Contains(raw, []byte(ansi.RequestPrimaryDeviceAttributes))
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, piece := range []string{" ", "\x1b]11;rgb:ffff/ff", "ff/ffff\x1b", "\\", " ", "\x1b[?6", "2;22c", " "} {
		if err := c.Send(piece); err != nil {
			t.Fatal(err)
		}
	}
	waitText(t, c, 0, 5*time.Second, atStep(3))
	waitColours(t, c, true)
	if strings.Contains(c.Text(0), "rgb:") {
		t.Error("a reply reached the program as keys")
	}
}

// feed returns what in's reader hands on after the query, with the query's
// colour, when the client sends chunks, one read each, and then "end".
func feed(t *testing.T, timeout time.Duration, chunks ...string) (keys string, bg color.Color) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	defer func() { _ = pr.Close() }()
	in := newSessionInput(ctx, pr)
	go func() {
		for _, c := range append(chunks, "end") {
			if _, err := pw.Write([]byte(c)); err != nil {
				return
			}
		}
		_ = pw.Close()
	}()
	bg, _ = in.queryBackground(io.Discard, timeout)
	b, err := io.ReadAll(in)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(b), "end"), bg
}

func TestReplyFilter(t *testing.T) {
	t.Parallel()
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	grey := color.RGBA{0x80, 0x80, 0x80, 0xff}
	for _, tc := range []struct {
		name   string
		chunks []string
		keys   string
		bg     color.Color
	}{
		{"xterm", []string{"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c"}, "", white},
		{"ST-terminated", []string{"\x1b]11;rgb:8080/8080/8080\x1b\\\x1b[?1;2c"}, "", grey},
		{"DA1 alone", []string{"\x1b[?6c"}, "", nil},
		{"keys around", []string{"a\x1b]11;rgb:ffff/ffff/ffff\x07b\x1b[?62c c"}, "ab c", white},
		{"byte by byte", strings.Split("\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c", ""), "", white},
		{"cut in the ST", []string{"x\x1b]11;rgb:ffff/ffff/ffff\x1b", "\\\x1b[?62;22c"}, "x", white},
		{"keys after DA1 kept whole", []string{"\x1b[?62c\x1b]11;rgb:ffff/ffff/ffff\x07"}, "\x1b]11;rgb:ffff/ffff/ffff\x07", nil},
		{"escape key kept", []string{"\x1b", "\x1b[A", "\x1b]11;rgb:0/0/0\x07\x1b[?62c"}, "\x1b\x1b[A", color.RGBA{0, 0, 0, 0xff}},
		{"garbled colour", []string{"\x1b]11;rgb:zz/ffff/ffff\x07\x1b[?62c"}, "", nil},
		{"three components short", []string{"\x1b]11;rgb:ffff/ffff\x07\x1b[?62c"}, "", nil},
		{"not an OSC 11", []string{"\x1b]10;rgb:ffff/ffff/ffff\x07\x1b[?62c"}, "\x1b]10;rgb:ffff/ffff/ffff\x07", nil},
		{"control byte inside", []string{"\x1b]11;rgb:ff\rff\x07\x1b[?62c"}, "\x1b]11;rgb:ff\rff\x07", nil},
		{"DA1 cut by a key", []string{"\x1b[?62", "x", "\x1b[?62c"}, "\x1b[?62x", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			keys, bg := feed(t, 5*time.Second, tc.chunks...)
			if keys != tc.keys {
				t.Errorf("keys %q, want %q", keys, tc.keys)
			}
			if !sameColour(bg, tc.bg) {
				t.Errorf("background %v, want %v", bg, tc.bg)
			}
		})
	}
}

func sameColour(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

// TestLateRepliesAreNotKeys: replies that come after the query gave up are
// still taken out of the input, until the DA1 reply.
func TestLateRepliesAreNotKeys(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	in := newSessionInput(ctx, pr)
	if bg, answered := in.queryBackground(io.Discard, 10*time.Millisecond); bg != nil || answered {
		t.Fatalf("background %v, answered %v, from a silent client", bg, answered)
	}
	go func() {
		for _, c := range []string{"a", "\x1b]11;rgb:ffff/", "ffff/ffff\x07b", "\x1b[?62;22c", "\x1b]11;rgb:ffff/ffff/ffff\x07"} {
			_, _ = pw.Write([]byte(c))
		}
		_ = pw.Close()
	}()
	b, err := io.ReadAll(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "ab\x1b]11;rgb:ffff/ffff/ffff\x07"; string(b) != want {
		t.Errorf("read %q, want %q", b, want)
	}
}

// TestSessionInputEndsWithProgram: once the program's context ends, a read
// returns io.EOF though the client's input has not ended.
func TestSessionInputEndsWithProgram(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	defer func() { _ = pw.Close() }()
	in := newSessionInput(ctx, pr)
	cancel()
	if n, err := in.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Fatalf("read %d, %v after the program ended; want io.EOF", n, err)
	}
}
