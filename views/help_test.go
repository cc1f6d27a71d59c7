package views

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestHelpScreenKeepsTheLastParagraphs: where the whole note does not fit
// under the keys, its last paragraphs (the session's own: where students
// connect, the host key) are kept whole and the first give way.
func TestHelpScreenKeepsTheLastParagraphs(t *testing.T) {
	s := testStyles()
	hints := make([]Hint, 45)
	for i := range hints {
		hints[i] = Hint{Key: string(rune('a' + i%26)), Desc: "does a thing"}
	}
	first := strings.Repeat("how to read a table ", 60)
	last := "students connect with ssh -p 2222 HOST"
	for _, h := range []int{24, 60} {
		screen := ansi.Strip(strings.Join(HelpScreen(s, hints, first+"\n"+last, 80, h), "\n"))
		if !strings.Contains(screen, last) {
			t.Errorf("%d rows: the last paragraph is missing:\n%s", h, screen)
		}
		if got, want := strings.Contains(screen, "how to read"), h == 60; got != want {
			t.Errorf("%d rows: the first paragraph shown %v, want %v:\n%s", h, got, want, screen)
		}
	}
}
