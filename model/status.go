package model

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"github.com/optirace/optirace/views"
)

// status is what the status bar says besides the race's state: the latest
// note, a standing notice, and the presenter's quit question. It is
// comparable, and whole in the frame cache's key.
type status struct {
	// note is the latest note: what a key did, a refusal, a result.
	note string
	// noteID ties a note's lapse timer to the note (see noteLapse).
	noteID int
	// notice is shown whenever no note is, e.g. where students connect.
	notice string
	// quitting is set while the presenter's "q again" question is asked,
	// until the next key or quitWindow later (quitID ties the timer to it).
	quitting bool
	quitID   int
	// helpNote is added to the note under ? help (Options.HelpNote).
	helpNote string
}

// noteLapse is how long a note hides a standing notice.
const noteLapse = 10 * time.Second

// noteLapsedMsg clears the note set with the same id, if it still shows.
type noteLapsedMsg struct{ id int }

// quitWindow is how long the question "q again to end class" stays asked.
const quitWindow = 4 * time.Second

// quitExpiredMsg drops the quit question asked with the same id, if it is
// still asked.
type quitExpiredMsg struct{ id int }

// statusHints are the hints of a status bar, which names one key per
// action ("space", not "space/→/l/n") and says what it does in a word or
// two ("step", where ? help says "step all lanes"); ? help lists them all.
func statusHints(bs []key.Binding) []views.Hint {
	hints := hintsOf(bs)
	for i := range hints {
		hints[i].Key, _, _ = strings.Cut(hints[i].Key, "/")
		hints[i].Desc = strings.TrimSuffix(hints[i].Desc, " all lanes")
	}
	return hints
}

// hintsOf turns the enabled bindings into key hints.
func hintsOf(bs []key.Binding) []views.Hint {
	hints := make([]views.Hint, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			hints = append(hints, views.Hint{Key: b.Help().Key, Desc: b.Help().Desc})
		}
	}
	return hints
}
