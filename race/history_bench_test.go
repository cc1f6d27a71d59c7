package race

import (
	"slices"
	"testing"
)

// clone returns a deep copy of r, so a benchmark can take the same step back
// again and again.
func (r *Race) clone() *Race {
	c := *r
	c.window = r.window.clone()
	c.checkpoints = r.checkpoints.clone()
	c.scratch = make(Snapshot, len(r.scratch))
	c.trails = slices.Clone(r.trails)
	c.convergence = r.convergence.clone()
	return &c
}

// clone returns a deep copy of ss.
func (ss *snapshots) clone() snapshots {
	c := newSnapshots(ss.lanes, cap(ss.list))
	for i := range ss.len() {
		c.add(ss.at(i))
	}
	return c
}

// beforeWindowCrossing steps a race to t = n, then back until the next step
// back is one that rebuilds the window (the first step of the window moves),
// and returns that race.
func beforeWindowCrossing(b *testing.B, n int) *Race {
	b.Helper()
	r := newRace(b)
	for range n {
		r.Step()
	}
	for r.T() > 0 {
		prev := r.clone()
		r.Back()
		if r.lo != prev.lo {
			return prev
		}
	}
	b.Fatalf("no step back from t = %d rebuilds the window", n)
	return nil
}

// BenchmarkBackAcrossWindow is one step back that crosses the start of the
// window and so replays from a checkpoint: the slowest step back there is.
func BenchmarkBackAcrossWindow(b *testing.B) {
	for _, bc := range []struct {
		name string
		n    int
	}{{"from=276", 276}, {"from=100k", 100_000}} {
		b.Run(bc.name, func(b *testing.B) {
			before := beforeWindowCrossing(b, bc.n)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				r := before.clone()
				b.StartTimer()
				r.Back()
			}
			// The step the measured step back leaves.
			b.ReportMetric(float64(before.T()), "from-t")
		})
	}
}
