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
			if blanks > next && single && active != "" && foregroundOnly(active) && strings.HasPrefix(s[blanks:], active) {
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
				active = seq
			} else {
				single = false
			}
			b.WriteString(seq)
			i += end + 1
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// foregroundOnly reports whether SGR sequence seq sets only things a blank
// does not show: bold, faint, italic and a foreground colour.
func foregroundOnly(seq string) bool {
	params := strings.Split(strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m"), ";")
	for i := 0; i < len(params); i++ {
		switch p := params[i]; {
		case p == "1" || p == "2" || p == "3" || p == "22" || p == "23" || p == "39":
		case len(p) == 2 && (p[0] == '3' || p[0] == '9') && p[1] >= '0' && p[1] <= '7':
		case p == "38" && i+1 < len(params) && params[i+1] == "5":
			i += 2
		case p == "38" && i+1 < len(params) && params[i+1] == "2":
			i += 4
		default:
			return false
		}
	}
	return true
}
