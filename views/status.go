package views

import (
	"strconv"
	"strings"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"

	"github.com/charmbracelet/x/ansi"
)

// Status is what the status bar shows.
type Status struct {
	T        int
	Playing  bool
	Speed    int // steps per second
	Function string
	// Start is the start point; TwoD says the landscape is 2-D, so
	// that it reads (x₀, y₀).
	Start   optimizers.Vec
	TwoD    bool
	Message string // a transient note, e.g. an error
	Mode    string // whose race is shown, when shared
	Shared  string // shared settings that differ from the lecture's, e.g. "  ε = 1e-6"
	Hints   []Hint
	// KeepFirst keeps the first hint (the step key) too, whenever it fits
	// beside the last ones.
	KeepFirst bool
	// Keep is how many of the last hints are kept whenever anything fits
	// (0: the last two, help and quit).
	Keep int
}

// Hint is a key and what it does.
type Hint struct{ Key, Desc string }

// StatusBar renders the status bar as one line of exactly w columns: the
// step, play state and speed, the objective, then as many key hints as fit.
func StatusBar(s *Styles, st Status, w int) string {
	p := &s.paints
	play := "⏸ paused"
	switch {
	case st.Playing && s.ASCII:
		play = "> playing"
	case st.Playing:
		play = "▶ playing"
	case s.ASCII:
		play = "|| paused"
	}
	head := p.bold.wrap("t = "+strconv.Itoa(st.T)) + "  " + play + " " + strconv.Itoa(st.Speed) + "/s"
	where := "  f(x) = " + st.Function + "  x₀ = " + numfmt.Compact(st.Start[0], 12)
	if st.TwoD {
		where = "  f(x, y) = " + st.Function + "  start (" + numfmt.Compact(st.Start[0], 12) + ", " + numfmt.Compact(st.Start[1], 12) + ")"
	}
	objective := p.dim.wrap(s.Spell(where + st.Shared))
	function := "  f(x) = " + st.Function
	var tail string
	if st.Mode != "" {
		tail += "  " + p.bold.wrap(s.Spell(st.Mode))
	}
	if st.Message != "" {
		tail += "  " + p.alert.wrap(s.Spell(st.Message))
	}
	// The objective is on the panels too: it gives way to a message or the
	// hints that are kept, when they do not all fit; then the message is
	// cut short for them.
	hs := st.Hints
	keep := st.Keep
	if keep == 0 {
		keep = 2
	}
	keep = min(keep, len(hs))
	var first []Hint
	if st.KeepFirst && len(hs) > keep {
		first, hs = hs[:1], hs[1:]
	}
	firstW := hintsWidth(s, first)
	left := head + objective + tail
	if ansi.StringWidth(left)+firstW+hintsWidth(s, hs[len(hs)-keep:]) > w {
		// A 1-D landscape alone, without its start, before nothing: on a
		// narrow screen its panels do not name it (a 2-D map's title does).
		left = head + tail
		if short := head + p.dim.wrap(s.Spell(function)) + tail; !st.TwoD && ansi.StringWidth(short)+firstW+hintsWidth(s, hs[len(hs)-keep:]) <= w {
			left = short
		}
	}
	// Kept hints that do not fit give way from the first: help and quit,
	// last, stay longest. A message is never cut for them: where it leaves
	// no room, the hints that fit follow it (help before quit).
	for keep > 2 && ansi.StringWidth(left)+hintsWidth(s, hs[len(hs)-keep:]) > w {
		keep--
	}
	tailW := hintsWidth(s, hs[len(hs)-keep:])
	room := w - ansi.StringWidth(left)
	if firstW+tailW > room {
		first = nil // the step key gives way to a message
	}
	firstHint := hintsGreedy(s, first, room)
	return fit(left+firstHint+hintsKeeping(s, hs, keep, room-ansi.StringWidth(firstHint)), w)
}

// NoteAbove is a note too long for the status bar, for the rows above it:
// a rule, then the note word-wrapped in the status bar's message colour,
// at most three lines (the last cut short if even that is too little),
// each exactly w columns.
func NoteAbove(s *Styles, note string, w int) []string {
	if w <= 2 {
		return nil
	}
	p := &s.paints
	rule := "─"
	if s.ASCII {
		rule = "-"
	}
	out := []string{p.border.wrap(strings.Repeat(rule, w))}
	lines := strings.Split(ansi.Wordwrap(s.Spell(note), w-2, ""), "\n")
	if len(lines) > 3 {
		lines = append(lines[:2], strings.Join(lines[2:], " "))
	}
	for _, l := range lines {
		out = append(out, fit(" "+p.alert.wrap(l), w))
	}
	return out
}

// hintsWidth is the width of hs rendered whole, as hintsGreedy renders them.
func hintsWidth(s *Styles, hs []Hint) int {
	n := 0
	for _, h := range hs {
		n += ansi.StringWidth(s.spellKey(h.Key)) + 1 + ansi.StringWidth(s.Spell(h.Desc)) + 3 // " · " before each
	}
	return n
}

// LessonStatusBar is the status bar of a screen that is not the race: a
// title, a message and key hints, in exactly w columns.
func LessonStatusBar(s *Styles, title, message string, hints []Hint, w int) string {
	left := s.paints.bold.wrap(s.Spell(title))
	if message != "" {
		left += "  " + s.paints.alert.wrap(s.Spell(message))
	}
	return fit(left+hintsFitting(s, hints, w-ansi.StringWidth(left)), w)
}

// hintsFitting renders as many key hints as fit in w columns. The last two
// (help and quit) are kept whenever anything fits, so every status bar
// says how to get help and how to leave.
func hintsFitting(s *Styles, hs []Hint, w int) string { return hintsKeeping(s, hs, 2, w) }

// hintsKeeping renders as many key hints as fit in w columns, keeping the
// last keep of them whenever anything fits.
func hintsKeeping(s *Styles, hs []Hint, keep, w int) string {
	if len(hs) > keep {
		tail := hintsGreedy(s, hs[len(hs)-keep:], w)
		return hintsGreedy(s, hs[:len(hs)-keep], w-ansi.StringWidth(tail)) + tail
	}
	return hintsGreedy(s, hs, w)
}

// hintsGreedy renders key hints in order while they fit in w columns.
func hintsGreedy(s *Styles, hs []Hint, w int) string {
	p := &s.paints
	used := 0
	var hints strings.Builder
	for _, h := range hs {
		item := p.bold.wrap(s.spellKey(h.Key)) + " " + p.dim.wrap(s.Spell(h.Desc))
		iw := ansi.StringWidth(item) + 3
		if used+iw > w {
			break
		}
		hints.WriteString(p.dim.wrap(s.Spell(" · ")) + item)
		used += iw
	}
	return hints.String()
}

// TooSmall renders the "terminal too small" screen, centred in w×h.
func TooSmall(s *Styles, note string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	msg := s.Spell("terminal too small: need " + strconv.Itoa(MinWidth) + "×" + strconv.Itoa(MinHeight) +
		", have " + strconv.Itoa(w) + "×" + strconv.Itoa(h))
	if ansi.StringWidth(msg) > w {
		msg = s.Spell("need " + strconv.Itoa(MinWidth) + "×" + strconv.Itoa(MinHeight)) // the gist, where the whole will not fit
	}
	lines := blank(w, h)
	lines[h/2] = s.paints.alert.wrap(center(msg, w))
	// Below it the note (a question that needs an answer), else how to leave.
	if note == "" {
		note = "q quits"
	}
	if h/2+1 < h {
		lines[h/2+1] = s.paints.dim.wrap(center(s.Spell(note), w))
	}
	return strings.Join(lines, "\n")
}

// Waiting renders msg centred in w×h, for a viewer before the first frame.
func Waiting(s *Styles, msg string, w, h int) string {
	lines := blank(w, h)
	lines[h/2] = s.paints.dim.wrap(center(s.Spell(msg), w))
	return strings.Join(lines, "\n")
}
