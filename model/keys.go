package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is optirace's one key map: every key of every screen is here, so
// that help, the README and Update agree.
type KeyMap struct {
	Step, Back, Reset            key.Binding
	Play, Faster, Slower         key.Binding
	Focus, Zoom, Unzoom, Content key.Binding
	Track, LogScale, SmallMaps   key.Binding
	NextScreen, PrevScreen       key.Binding
	Convergence, Explain         key.Binding
	Edit, Sweep                  key.Binding
	Defaults, Landscape          key.Binding
	X0Down, X0Up                 key.Binding
	Export                       key.Binding
	Fork, Rejoin                 key.Binding
	// The keys that scroll a screen taller than the window: the live
	// table and explain.
	ScrollDown, ScrollUp, PageDown, PageUp key.Binding
	// The class's questions (serve --shared): the presenter's v opens and
	// closes a vote, a asks for the next step, u starts and ends a
	// challenge, enter confirms; a viewer's 1–8 vote, a answers, u takes
	// part.
	Poll, Question, Challenge, Confirm, Choose key.Binding
	Help, Quit                                 key.Binding
	// The editor's keys, while it is open: every other key types.
	NextField, PrevField, Apply, Cancel key.Binding
	// The race editor's lane keys: none of them types.
	NewLane, CopyLane, DropLane, LaneKind, PrevLane, NextLane key.Binding
}

// DefaultKeyMap returns the key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Step:        key.NewBinding(key.WithKeys(" ", "right", "l", "n"), key.WithHelp("space/→/l/n", "step all lanes")),
		Back:        key.NewBinding(key.WithKeys("left", "h", "b"), key.WithHelp("←/h/b", "step back")),
		Reset:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset to t = 0")),
		Play:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "play/pause")),
		Faster:      key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower:      key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		Focus:       key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8"), key.WithHelp("1–8", "focus lane")),
		Zoom:        key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "zoom focused")),
		Unzoom:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back/close")),
		Content:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "table/panels")),
		Track:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "track view")),
		LogScale:    key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "log scale")),
		SmallMaps:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "small maps")),
		NextScreen:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		PrevScreen:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Convergence: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "convergence")),
		Explain:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "explain step")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit lanes")),
		Sweep:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sweep α / undo")),
		Defaults:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "lecture defaults")),
		Landscape:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "next landscape")),
		X0Down:      key.NewBinding(key.WithKeys("["), key.WithHelp("[", "x₀ − 1, restart")),
		X0Up:        key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "x₀ + 1, restart")),
		Export:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export to CSV")),
		Fork:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "fork a copy")),
		Rejoin:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "rejoin live race")),
		ScrollDown:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		ScrollUp:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		Poll:        key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "class vote: which lane settles first")),
		Question:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "ask the class: x after the next step")),
		Challenge:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "tuning challenge (enter starts), end")),
		Confirm:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start challenge, add its best lane")),
		Choose:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8"), key.WithHelp("1–8", "vote, while a vote is open")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q/ctrl+c", "quit")),
		NextField:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		PrevField:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Apply:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply edit")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel edit")),
		NewLane:     key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "new lane")),
		CopyLane:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "duplicate lane")),
		DropLane:    key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "remove lane")),
		LaneKind:    key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "next optimizer")),
		PrevLane:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "previous lane")),
		NextLane:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "next lane")),
	}
}

// ShortHelp implements help.KeyMap: the keys shown in the status bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Step, k.Play, k.Back, k.NextScreen, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap: every key, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Step, k.Back, k.Reset},
		{k.Play, k.Faster, k.Slower},
		{k.Focus, k.Zoom, k.Unzoom, k.Content, k.Track, k.LogScale, k.SmallMaps},
		{k.NextScreen, k.PrevScreen, k.Convergence, k.Explain},
		{k.Edit, k.Sweep, k.Defaults, k.Landscape, k.X0Down, k.X0Up, k.Export},
		{k.Poll, k.Question, k.Challenge, k.Confirm, k.Choose},
		{k.Fork, k.Rejoin, k.Help, k.Quit},
	}
}

// scrollHelp is the scroll keys, a column of ? help on the screens that
// scroll.
func (k KeyMap) scrollHelp() []key.Binding {
	return []key.Binding{k.ScrollDown, k.ScrollUp, k.PageDown, k.PageUp}
}

// scrollBy is how many rows a scroll key moves a view that shows page rows
// at a time (a page keeps one row of the last in sight), and whether msg is
// one.
func (k KeyMap) scrollBy(msg tea.KeyMsg, page int) (int, bool) {
	page = max(1, page-1)
	switch {
	case matches(msg, k.ScrollDown):
		return 1, true
	case matches(msg, k.ScrollUp):
		return -1, true
	case matches(msg, k.PageDown):
		return page, true
	case matches(msg, k.PageUp):
		return -page, true
	}
	return 0, false
}

// editorNote tells the editor's keys under ? help, where listed beside the
// screens' own tab and esc they would seem to contradict them; with lanes,
// the race editor's lane keys too.
func (k KeyMap) editorNote(lanes bool) string {
	note := "In the editor (" + k.Edit.Help().Key + "): " + k.NextField.Help().Key + " and " + k.PrevField.Help().Key +
		" move between fields, " + k.Apply.Help().Key + " applies, " + k.Cancel.Help().Key + " cancels"
	if lanes {
		note += "; " + k.laneHint()
	}
	return note + "."
}

// laneHint is the race editor's lane keys, as its hint line and help say them.
func (k KeyMap) laneHint() string {
	parts := make([]string, 0, 6)
	for _, b := range []key.Binding{k.NewLane, k.CopyLane, k.DropLane, k.LaneKind, k.PrevLane, k.NextLane} {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, " · ")
}

// editorHint is the editor's line of key hints; moving between fields
// only where there are fields to move between.
func (k KeyMap) editorHint(fields bool) string { return k.editorHintTo(fields, "applies") }

// editorHintTo is editorHint with what enter does said as apply says it
// ("sends" for an answer to the class).
func (k KeyMap) editorHintTo(fields bool, apply string) string {
	move := ""
	if fields {
		move = k.NextField.Help().Key + "/" + k.PrevField.Help().Key + " move · "
	}
	return move + k.Apply.Help().Key + " " + apply + " · " + k.Cancel.Help().Key + " cancels"
}

// drivesRace reports whether msg is a key that changes the race.
func drivesRace(k KeyMap, msg tea.KeyMsg) bool {
	return key.Matches(msg, k.Step, k.Back, k.Reset, k.Play, k.Faster, k.Slower,
		k.Edit, k.Sweep, k.Defaults, k.Landscape, k.X0Down, k.X0Up)
}
