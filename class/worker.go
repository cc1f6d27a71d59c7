package class

import (
	"slices"
	"sync"
)

// worker runs the challenge's entries, one at a time, on one goroutine of
// the class's: three hundred students entering at once queue up rather
// than take the server's cores from the sessions. The queue holds the
// names of students with an entry waiting (each at most once: a newer
// entry replaces the waiting one in place).
type worker struct {
	r    *room
	once sync.Once
	wake chan struct{}
	done chan struct{}
	stop func()

	// queue is guarded by the room's lock.
	queue []string
}

func newWorker(r *room) *worker {
	w := &worker{r: r, wake: make(chan struct{}, 1), done: make(chan struct{})}
	w.stop = sync.OnceFunc(func() { close(w.done) })
	return w
}

// enqueueLocked queues student name's entry and starts the worker, if it
// has not started.
func (w *worker) enqueueLocked(name string) {
	w.queue = append(w.queue, name)
	w.once.Do(func() { go w.run() })
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// dropLocked drops every waiting entry: the challenge they were for ended.
func (w *worker) dropLocked() {
	for _, name := range w.queue {
		if s := w.r.students[name]; s != nil {
			s.pending = nil
		}
	}
	w.queue = nil
}

// close stops the worker once the entry it runs, if any, is done.
func (w *worker) close() { w.stop() }

func (w *worker) run() {
	for {
		select {
		case <-w.done:
			return
		case <-w.wake:
		}
		for w.next() {
			select {
			case <-w.done:
				return
			default:
			}
		}
	}
}

// next runs the first waiting entry, outside the room's lock, and reports
// whether there was one.
func (w *worker) next() bool {
	r := w.r
	r.mu.Lock()
	if len(w.queue) == 0 {
		r.mu.Unlock()
		return false
	}
	name := w.queue[0]
	w.queue = slices.Delete(w.queue, 0, 1)
	id, run, ok := r.jobLocked(name)
	r.mu.Unlock()
	if !ok {
		return true
	}
	e := run()
	r.mu.Lock()
	r.doneLocked(name, id, e)
	r.mu.Unlock()
	return true
}
