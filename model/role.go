package model

import "github.com/optirace/optirace/race"

// Role is who a session is, and so what it may do with the race on screen.
type Role int

// The roles.
const (
	// RoleLocal is a terminal with a race of its own, as `optirace` runs.
	RoleLocal Role = iota
	// RoleSandbox is an SSH session with a race of its own (`optirace serve`).
	RoleSandbox
	// RolePresenter drives the class's race: every change is published to
	// the class, and quitting on purpose ends the class, so q asks twice
	// while anyone watches.
	RolePresenter
	// RoleViewer follows the class's race live; it may fork a private copy
	// of it (f) and rejoin (w).
	RoleViewer
)

// String names the role as logs do.
func (r Role) String() string {
	switch r {
	case RoleLocal:
		return "local"
	case RoleSandbox:
		return "sandbox"
	case RolePresenter:
		return "presenter"
	case RoleViewer:
		return "viewer"
	}
	return "role(?)"
}

// ClassLink is a session's line to its class: a presenter publishes there
// and ends the class; a viewer says when it is on a copy of its own.
type ClassLink interface {
	// Publish is called with what the presenter shows — a frozen copy of
	// its race, play state included, and how its screen looks at it —
	// after every change of either. It runs on the program's goroutine and
	// must not block.
	Publish(l Live)
	// End is called once when the presenter quits with a key (not when the
	// program is ended from outside): the class ends.
	End()
	// OwnCopy is called when a viewer forks a copy of its own (true) and
	// when it rejoins the live race (false).
	OwnCopy(own bool)
}

// ClassFuncs adapts functions to a ClassLink; a nil one does nothing.
type ClassFuncs struct {
	OnPublish func(Live)
	OnEnd     func()
	OnOwnCopy func(bool)
}

// Publish implements ClassLink.
func (c ClassFuncs) Publish(l Live) {
	if c.OnPublish != nil {
		c.OnPublish(l)
	}
}

// End implements ClassLink.
func (c ClassFuncs) End() {
	if c.OnEnd != nil {
		c.OnEnd()
	}
}

// OwnCopy implements ClassLink.
func (c ClassFuncs) OwnCopy(own bool) {
	if c.OnOwnCopy != nil {
		c.OnOwnCopy(own)
	}
}

// Live is what a presenter shows its class: its race, and how its screen
// looks at it.
type Live struct {
	Race *race.Frozen
	View View
}

// View is how a presenter's screen looks at its race — the screen on view,
// the focused optimizer, zoom, the table, the track view and the log scale,
// and the neuron lesson's place — so that viewers can follow it. The zero
// View is the race screen as a session starts.
type View struct {
	screen screen
	race   raceView
	lesson lessonPlace
}

// SharedRaceMsg delivers what the class's presenter shows to a viewer, and
// a standing notice about it (e.g. that the presenter left; "": none) that
// the status bar shows while following.
type SharedRaceMsg struct {
	Race   *race.Frozen
	View   View
	Notice string
	// Room is the class's questions as every viewer sees them (see
	// Room.With for a student's own answers): they travel with the race,
	// so that a step that reveals an answer is one frame.
	Room Room
}

// ViewersMsg tells a presenter how many viewers are connected, and how
// many of them are on a copy of their own rather than watching.
type ViewersMsg struct{ Count, OwnCopy int }

// NoteMsg shows a note in the status bar, as a key's note shows: e.g. the
// server's word to a presenter that someone is guessing the password.
type NoteMsg struct{ Note string }
