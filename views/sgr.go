package views

import "strings"

const sgrReset = "\x1b[0m"

// CompactSGR removes a reset that is followed at once by the very style it
// reset, as when two neighbouring cells or borders share a colour:
// "ESC[…m│ESC[0mESC[…m│ESC[0m" becomes "ESC[…m││ESC[0m". What the terminal
// shows is unchanged; each step frame sent over SSH gets shorter. Lines are
// handled independently, since a terminal renderer rewrites whole lines.
func CompactSGR(s string) string {
	if !strings.Contains(s, sgrReset) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	active := "" // the one style opened since the last reset, if exactly one
	single := true
	activeFg := -1 // whether active is foregroundOnly: −1 not known yet, 0 no, 1 yes
	fgOnly := func() bool {
		if activeFg < 0 {
			activeFg = 0
			if foregroundOnly(active) {
				activeFg = 1
			}
		}
		return activeFg == 1
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\n':
			active, single = "", true
			b.WriteByte('\n')
			i++
		case strings.HasPrefix(s[i:], sgrReset):
			next := i + len(sgrReset)
			if single && active != "" && strings.HasPrefix(s[next:], active) {
				i = next + len(active) // the same style again: drop both
				continue
			}
			// Blanks between two runs of the same foreground-only style can
			// stay inside it: a blank shows no foreground.
			blanks := next
			for blanks < len(s) && s[blanks] == ' ' {
				blanks++
			}
			if blanks > next && single && active != "" && strings.HasPrefix(s[blanks:], active) && fgOnly() {
				b.WriteString(s[next:blanks])
				i = blanks + len(active)
				continue
			}
			b.WriteString(sgrReset)
			active, single = "", true
			i = next
		case strings.HasPrefix(s[i:], "\x1b["):
			end := strings.IndexByte(s[i:], 'm')
			if end < 0 || strings.ContainsAny(s[i+2:i+end], "\x1b\n") {
				b.WriteByte(s[i])
				i++
				continue
			}
			seq := s[i : i+end+1]
			if active == "" && single {
				active, activeFg = seq, -1
			} else {
				single = false
			}
			b.WriteString(seq)
			i += end + 1
		default:
			// Text up to the next escape or line.
			j := i + 1
			for j < len(s) && s[j] != '\x1b' && s[j] != '\n' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
		}
	}
	return b.String()
}

// foregroundOnly reports whether SGR sequence seq sets only things a blank
// does not show: bold, faint, italic and a foreground colour.
func foregroundOnly(seq string) bool {
	rest, ok := strings.CutPrefix(seq, "\x1b[")
	if !ok {
		return false
	}
	if rest, ok = strings.CutSuffix(rest, "m"); !ok {
		return false
	}
	// The parameters, read one at a time without splitting the sequence.
	done := false
	next := func() (string, bool) {
		if done {
			return "", false
		}
		p, after, found := strings.Cut(rest, ";")
		rest, done = after, !found
		return p, true
	}
	for p, ok := next(); ok; p, ok = next() {
		switch {
		case p == "1" || p == "2" || p == "3" || p == "22" || p == "23" || p == "39":
		case len(p) == 2 && (p[0] == '3' || p[0] == '9') && p[1] >= '0' && p[1] <= '7':
		case p == "38":
			mode, _ := next()
			switch mode {
			case "5":
				next()
			case "2":
				next()
				next()
				next()
			default:
				return false
			}
		default:
			return false
		}
	}
	return true
}
