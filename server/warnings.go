package server

import (
	"sync"
	"time"

	"github.com/charmbracelet/log"
)

// warnEvery is how often a recurring warning (a refused connection, a
// refused key) may be logged: an attacker must not be able to flood the log.
const warnEvery = 10 * time.Second

// recurringWarning logs a warning that may recur many times a second at most
// once per interval: the first occurrence at once, with its details, then at
// the end of each interval in which it recurred, how many times it did and
// the details of the last one. It keeps one timer, whatever the rate.
type recurringWarning struct {
	log   *log.Logger
	msg   string
	every time.Duration

	mu      sync.Mutex
	timer   *time.Timer // running while occurrences are being counted
	times   int         // occurrences since the last line
	last    []any       // the last occurrence's details
	stopped bool
}

func newRecurringWarning(l *log.Logger, msg string, every time.Duration) *recurringWarning {
	return &recurringWarning{log: l, msg: msg, every: every}
}

// note records one occurrence with its key-value details.
func (w *recurringWarning) note(kv ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil || w.stopped {
		w.times++
		w.last = kv
		return
	}
	w.log.Warn(w.msg, kv...)
	w.timer = time.AfterFunc(w.every, w.flush)
}

// flush logs the occurrences counted during the interval that just ended, if
// any, and counts on; otherwise it goes quiet until the next one.
func (w *recurringWarning) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.times == 0 || w.stopped {
		w.timer = nil
		return
	}
	w.logCountLocked()
	w.timer.Reset(w.every)
}

func (w *recurringWarning) logCountLocked() {
	kv := append(append([]any{}, w.last...), "times", w.times, "in-last", w.every)
	w.log.Warn(w.msg, kv...)
	w.times, w.last = 0, nil
}

// stop logs what is still counted and ends the timer: the server is
// stopping, and its last log line is its own.
func (w *recurringWarning) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	w.stopped = true
	if w.timer != nil {
		w.timer.Stop()
	}
	if w.times > 0 {
		w.logCountLocked()
	}
}
