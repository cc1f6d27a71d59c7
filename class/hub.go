package class

import (
	"sync"
	"sync/atomic"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/race"
)

// hub is the switchboard of a shared race. The presenter publishes a frozen
// copy of the race after every change, and the class a notice when the
// presenter comes or goes; each viewer has a mailbox that keeps only the
// latest of these, drained by one goroutine per viewer that hands it to the
// viewer's program. Publishing never waits for a viewer, so a viewer whose
// client has stopped reading only ever holds one undelivered frame, and never
// slows the presenter or the other viewers.
type hub struct {
	mu     sync.Mutex
	latest Live
	// viewers are the viewers' mailboxes, each with whether its viewer is
	// on a copy of its own.
	viewers  map[*mailbox[Live]]bool
	watchers map[*mailbox[Count]]struct{}
}

// Count is how many viewers a class has, and how many of them are on a copy
// of their own rather than watching.
type Count struct{ Viewers, OwnCopy int }

// newHub returns a hub whose viewers first see start (nil: nothing until the
// presenter publishes).
func newHub(start *race.Frozen) *hub {
	return &hub{
		latest:   Live{Race: start},
		viewers:  map[*mailbox[Live]]bool{},
		watchers: map[*mailbox[Count]]struct{}{},
	}
}

// SetNotice sets the notice every viewer's status bar shows ("": none) and
// offers it to them; it never blocks on a viewer.
func (h *hub) SetNotice(notice string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.latest.Notice == notice {
		return
	}
	h.latest.Notice = notice
	h.offerLocked()
}

// Set makes f the latest state and notice the notice at once, so that no
// viewer sees one without the other (a paused race without the notice
// that says why). It never blocks on a viewer: a viewer's mailbox keeps
// only the latest.
func (h *hub) Set(f *race.Frozen, notice string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latest.Race, h.latest.Notice = f, notice
	h.offerLocked()
}

// Show makes l's race and view the latest, with no notice, and room the
// class's questions unless the hub holds newer ones: one offer, so that a
// step and the answer it reveals are one frame.
func (h *hub) Show(l model.Live, room model.Room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latest.Race, h.latest.View, h.latest.Notice = l.Race, l.View, ""
	h.setRoomLocked(room)
	h.offerLocked()
}

// SetRoom makes room the class's questions, unless the hub holds newer
// ones (a publish may carry an older room than a question just asked), and
// offers it to the viewers.
func (h *hub) SetRoom(room model.Room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.setRoomLocked(room) {
		h.offerLocked()
	}
}

func (h *hub) setRoomLocked(room model.Room) bool {
	if room.Version <= h.latest.Room.Version {
		return false
	}
	h.latest.Room = room
	return true
}

// SetLive makes l the latest, race, view and notice at once.
func (h *hub) SetLive(l Live) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latest = l
	h.offerLocked()
}

// LatestView returns how the presenter's screen last looked at the race.
func (h *hub) LatestView() model.View {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.latest.View
}

func (h *hub) offerLocked() {
	if h.latest.Race == nil {
		return // a viewer waits for the race itself
	}
	for b := range h.viewers {
		b.put(h.latest)
	}
}

// Latest returns the shared race's latest state.
func (h *hub) Latest() *race.Frozen {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.latest.Race
}

// Viewers returns how many viewers follow the race.
func (h *hub) Viewers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.viewers)
}

// Follow subscribes a viewer: deliver is called, on a goroutine of the
// viewer's own, with the latest state and notice (starting with the current
// ones), and is meant to be a program's Send. A frame published while
// deliver is still busy with an older one replaces any frame waiting behind
// it. The returned stop
// unsubscribes and ends the goroutine once deliver has returned; call it when
// the viewer's program has ended, which makes a blocked Send return.
func (h *hub) Follow(deliver func(Live)) (ownCopy func(bool), stop func()) {
	b := newMailbox[Live]()
	h.mu.Lock()
	h.viewers[b] = false
	if h.latest.Race != nil {
		b.put(h.latest)
	}
	h.countChangedLocked()
	h.mu.Unlock()
	done := drain(b, deliver)
	ownCopy = func(own bool) {
		h.mu.Lock()
		defer h.mu.Unlock()
		if was, ok := h.viewers[b]; ok && was != own {
			h.viewers[b] = own
			h.countChangedLocked()
		}
	}
	return ownCopy, sync.OnceFunc(func() {
		h.mu.Lock()
		delete(h.viewers, b)
		h.countChangedLocked()
		h.mu.Unlock()
		close(done)
	})
}

// WatchViewers calls deliver, on a goroutine of its own, with the count of
// viewers now and after each change, latest value only; it is how the
// presenter's status bar learns it. stop ends it as Follow's does.
func (h *hub) WatchViewers(deliver func(Count)) (stop func()) {
	b := newMailbox[Count]()
	h.mu.Lock()
	h.watchers[b] = struct{}{}
	b.put(h.countLocked())
	h.mu.Unlock()
	done := drain(b, deliver)
	return sync.OnceFunc(func() {
		h.mu.Lock()
		delete(h.watchers, b)
		h.mu.Unlock()
		close(done)
	})
}

func (h *hub) countLocked() Count {
	n := Count{Viewers: len(h.viewers)}
	for _, own := range h.viewers {
		if own {
			n.OwnCopy++
		}
	}
	return n
}

func (h *hub) countChangedLocked() {
	n := h.countLocked()
	for w := range h.watchers {
		w.put(n)
	}
}

// Dropped returns how many frames the current viewers never saw because a
// newer one arrived first: the sign of a slow viewer.
func (h *hub) Dropped() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	var n int64
	for b := range h.viewers {
		n += b.replaced.Load()
	}
	return n
}

// mailbox holds at most one value; put replaces a value not yet taken.
type mailbox[T any] struct {
	ch       chan T
	replaced atomic.Int64
}

func newMailbox[T any]() *mailbox[T] { return &mailbox[T]{ch: make(chan T, 1)} }

// put stores v, replacing an untaken value. The hub's lock makes it the only
// sender, so the second attempt always succeeds.
func (b *mailbox[T]) put(v T) {
	for {
		select {
		case b.ch <- v:
			return
		default:
		}
		select {
		case <-b.ch:
			b.replaced.Add(1)
		default:
		}
	}
}

// drain starts the goroutine that hands each value of b to deliver until
// the returned channel is closed.
func drain[T any](b *mailbox[T], deliver func(T)) chan struct{} {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case v := <-b.ch:
				deliver(v)
			}
		}
	}()
	return done
}
