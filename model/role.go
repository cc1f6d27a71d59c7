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

// ClassLink is a presenter's line to its class.
type ClassLink interface {
	// Publish is called with a frozen copy of the presenter's race, play
	// state included, after every change of either. It runs on the
	// program's goroutine and must not block.
	Publish(f *race.Frozen)
	// End is called once when the presenter quits with a key (not when the
	// program is ended from outside): the class ends.
	End()
}

// ClassFuncs adapts two functions to a ClassLink.
type ClassFuncs struct {
	OnPublish func(*race.Frozen)
	OnEnd     func()
}

// Publish implements ClassLink.
func (c ClassFuncs) Publish(f *race.Frozen) {
	if c.OnPublish != nil {
		c.OnPublish(f)
	}
}

// End implements ClassLink.
func (c ClassFuncs) End() {
	if c.OnEnd != nil {
		c.OnEnd()
	}
}

// SharedRaceMsg delivers the class race's latest state to a viewer, and a
// standing notice about it (e.g. that the presenter left; "": none) that the
// status bar shows while following.
type SharedRaceMsg struct {
	Race   *race.Frozen
	Notice string
}

// ViewersMsg tells a presenter how many viewers are connected.
type ViewersMsg struct{ Count int }
