package termquery

import (
	"bytes"
	"testing"

	"github.com/optirace/optirace/internal/ptytest"
)

// TestBackgroundAsksOnlyATerminalThatAnswers: a terminal that answers
// nothing is asked DA1 alone, and the dark default comes back unknown; one
// that answers DA1 is asked its colour, and its light background is told;
// one that answers DA1 but not the colour gives the default.
func TestBackgroundAsksOnlyATerminalThatAnswers(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	cases := []struct {
		name              string
		da1, colour       string
		wantDark, wantSet bool
		wantAsked         string
	}{
		{"silent", "", "", true, false, "\x1b[c"},
		{"light", "\x1b[?62;22c", "\x1b]11;rgb:ffff/ffff/eeee\x1b\\", false, true, "\x1b[c\x1b]11;?\x07\x1b[c"},
		{"dark", "\x1b[?1;2c", "\x1b]11;rgb:1010/1010/1010\x07", true, true, "\x1b[c\x1b]11;?\x07\x1b[c"},
		{"no colour", "\x1b[?62c", "", true, false, "\x1b[c\x1b]11;?\x07\x1b[c"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			terminal, program := ptytest.Open(t)
			asked := make(chan string, 1)
			go func() { // the terminal: reads the queries, answers as told
				var got []byte
				buf := make([]byte, 64)
				for queries := 0; ; {
					n, err := terminal.Read(buf)
					if err != nil {
						break
					}
					got = append(got, buf[:n]...)
					for ; queries < bytes.Count(got, []byte("\x1b[c")); queries++ {
						reply := c.da1
						if queries == 1 {
							reply = c.colour + c.da1
						}
						if c.da1 != "" {
							_, _ = terminal.WriteString(reply)
						}
					}
					if queries == 2 || c.da1 == "" {
						break
					}
				}
				asked <- string(got)
			}()
			dark, known := Background(program, program)
			if dark != c.wantDark || known != c.wantSet {
				t.Errorf("Background = dark %v, known %v; want %v, %v", dark, known, c.wantDark, c.wantSet)
			}
			if got := <-asked; got != c.wantAsked {
				t.Errorf("the terminal was asked %q, want %q", got, c.wantAsked)
			}
		})
	}
}

func TestParseColor(t *testing.T) {
	for spec, ok := range map[string]bool{
		"rgb:ffff/ffff/ffff": true, "rgb:1/2/3": true, "rgba:ff/ff/ff/ff": true, "#102030": true,
		"rgb:ffff/ffff": false, "rgb:fffff/0/0": false, "rgb:zz/00/00": false, "hsl:1/2/3": false, "": false,
	} {
		if got := ParseColor(spec) != nil; got != ok {
			t.Errorf("ParseColor(%q) parsed %v, want %v", spec, got, ok)
		}
	}
}
