package class

import (
	"testing"
	"time"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// frozenAt returns the lecture's race frozen at step t.
func frozenAt(t *testing.T, step int) *race.Frozen {
	t.Helper()
	r, err := race.New(optimizers.Defaults(), optimizers.Quadratic())
	if err != nil {
		t.Fatal(err)
	}
	for range step {
		r.Step()
	}
	return r.Freeze()
}

func TestMailboxKeepsOnlyTheLatest(t *testing.T) {
	t.Parallel()
	b := newMailbox[int]()
	for i := range 5 {
		b.put(i)
	}
	if got := <-b.ch; got != 4 {
		t.Errorf("took %d, want the latest, 4", got)
	}
	if got := b.replaced.Load(); got != 4 {
		t.Errorf("%d replaced, want 4", got)
	}
	select {
	case v := <-b.ch:
		t.Errorf("a second value %d", v)
	default:
	}
}

// TestHubNeverWaitsForAViewer: a viewer whose delivery is stuck holds one
// frame, and Set returns at once; when it unsticks it gets the latest.
func TestHubNeverWaitsForAViewer(t *testing.T) {
	t.Parallel()
	h := newHub(frozenAt(t, 0))
	stuck := make(chan struct{})
	got := make(chan int, 100)
	_, stop := h.Follow(func(l Live) {
		<-stuck
		got <- l.Race.T()
	})
	healthy := make(chan int, 100)
	_, stopHealthy := h.Follow(func(l Live) { healthy <- l.Race.T() })
	if n := receive(t, healthy); n != 0 {
		t.Fatalf("a new viewer first got t = %d, want 0", n)
	}
	// Were Set to wait for the stuck viewer, the first step would hang.
	for step := 1; step <= 50; step++ {
		published := make(chan struct{})
		go func() {
			h.Set(frozenAt(t, step), "")
			close(published)
		}()
		receive(t, published)
		if n := receive(t, healthy); n != step {
			t.Fatalf("healthy viewer got t = %d, want %d", n, step)
		}
	}
	if h.Dropped() < 48 {
		t.Errorf("%d frames replaced for the stuck viewer, want ≥ 48", h.Dropped())
	}
	close(stuck)
	// The stuck viewer gets the frame it was holding, then the latest: at
	// most two frames for fifty steps.
	for n := 1; ; n++ {
		if last := receive(t, got); last == 50 {
			break
		}
		if n == 2 {
			t.Fatal("the unstuck viewer got more than the frame it held and the latest")
		}
	}
	if h.Viewers() != 2 {
		t.Errorf("%d viewers, want 2", h.Viewers())
	}
	stop()
	stopHealthy()
	stop() // twice is fine
	if h.Viewers() != 0 {
		t.Errorf("%d viewers after both left", h.Viewers())
	}
}

// waitFor receives from ch until ok holds for one, which it returns,
// failing the test if none comes.
func waitFor[T any](t *testing.T, ch <-chan T, ok func(T) bool) T {
	t.Helper()
	for {
		if v := receive(t, ch); ok(v) {
			return v
		}
	}
}

// receive takes a value from ch, failing the test if none comes within hang.
func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(hang):
		t.Fatal("nothing received: hung")
		panic("unreachable")
	}
}

func TestHubCountsViewers(t *testing.T) {
	t.Parallel()
	h := newHub(nil)
	counts := make(chan Count, 10)
	stopWatch := h.WatchViewers(func(n Count) { counts <- n })
	defer stopWatch()
	if n := <-counts; n != (Count{}) {
		t.Fatalf("first count %+v, want none", n)
	}
	ownCopy, stop := h.Follow(func(Live) {})
	if n := <-counts; n != (Count{Viewers: 1}) {
		t.Fatalf("count %+v, want 1 watching", n)
	}
	ownCopy(true)
	if n := <-counts; n != (Count{Viewers: 1, OwnCopy: 1}) {
		t.Fatalf("count %+v, want 1 on its own copy", n)
	}
	stop()
	if n := <-counts; n != (Count{}) {
		t.Fatalf("count %+v, want none", n)
	}
}
