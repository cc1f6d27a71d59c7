package race

// snapshots is a list of snapshots of one race's lanes, held in slots:
// list[:len(list)] are the snapshots in order, list[len(list):cap(list)]
// free slots, whose storage (if allocated yet) a later push reuses. A
// slot's runners are allocated in blocks, as many as the race has lanes,
// doubling up to the list's limit, so a short race holds little memory and
// a long one exactly its bound, whatever its number of lanes. Moving a
// snapshot in the list moves its slot (a slice header), never its runners.
type snapshots struct {
	list  []Snapshot
	lanes int
	// allocated counts the slots that have storage: list[:allocated] of
	// the whole capacity. Slots beyond it are nil.
	allocated int
}

// newSnapshots returns an empty list of at most limit snapshots of the
// given number of lanes.
func newSnapshots(lanes, limit int) snapshots {
	return snapshots{list: make([]Snapshot, 0, limit), lanes: lanes}
}

// len returns the number of snapshots held.
func (ss *snapshots) len() int { return len(ss.list) }

// at returns snapshot i.
func (ss *snapshots) at(i int) Snapshot { return ss.list[i] }

// last returns the latest snapshot.
func (ss *snapshots) last() Snapshot { return ss.list[len(ss.list)-1] }

// full reports whether the list holds its limit.
func (ss *snapshots) full() bool { return len(ss.list) == cap(ss.list) }

// push appends a slot and returns it, to be filled by the caller; its
// runners hold whatever the slot held before. The list must not be full.
func (ss *snapshots) push() Snapshot {
	n := len(ss.list)
	ss.list = ss.list[:n+1]
	if n == ss.allocated {
		ss.grow()
	}
	return ss.list[n]
}

// grow allocates storage for the next free slots: as many again as are
// allocated (at least 8), up to the limit, in one block.
func (ss *snapshots) grow() {
	limit := cap(ss.list)
	k := min(max(ss.allocated, 8), limit-ss.allocated)
	block := make([]Runner, k*ss.lanes)
	full := ss.list[:limit]
	for i := range k {
		full[ss.allocated+i] = block[i*ss.lanes : (i+1)*ss.lanes : (i+1)*ss.lanes]
	}
	ss.allocated += k
}

// add appends a copy of s.
func (ss *snapshots) add(s Snapshot) { copy(ss.push(), s) }

// truncate keeps the first n snapshots; the others' slots become free.
func (ss *snapshots) truncate(n int) { ss.list = ss.list[:n] }

// dropFront drops the first n snapshots; their slots become free.
func (ss *snapshots) dropFront(n int) {
	// Rotate the headers left by n: three reversals, no copy of a runner.
	l := ss.list
	reverse(l[:n])
	reverse(l[n:])
	reverse(l)
	ss.list = l[:len(l)-n]
}

// keepEven keeps snapshots 0, 2, 4, …; the others' slots become free.
func (ss *snapshots) keepEven() {
	l := ss.list
	for i := 0; 2*i < len(l); i++ {
		// Slot 2i has not been touched yet (every swap before this one
		// touched slots below 2i): swapping keeps each slot once.
		l[i], l[2*i] = l[2*i], l[i]
	}
	ss.list = l[:(len(l)+1)/2]
}

func reverse(l []Snapshot) {
	for i, j := 0, len(l)-1; i < j; i, j = i+1, j-1 {
		l[i], l[j] = l[j], l[i]
	}
}

// runners returns how many runners the list has storage for.
func (ss *snapshots) runners() int { return ss.allocated * ss.lanes }
