package race

import (
	"math"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

// lessonRace is the race of the five on obj at its own defaults, with
// edit applied to them.
func lessonRace(t *testing.T, obj optimizers.Objective, edit func(*optimizers.Settings)) *Race {
	t.Helper()
	s := obj.Defaults()
	if edit != nil {
		edit(&s)
	}
	r, err := New(s, obj)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// track steps r to n and calls at for every lane at every step.
func track(r *Race, n int, at func(lane int, s *optimizers.State)) {
	for r.T() < n {
		r.Step()
		cur := r.Current()
		for i := range cur {
			at(i, &cur[i].State)
		}
	}
}

// TestTwoDLessons: each 2-D landscape's defaults make its race show what
// its lesson says, and the lecture's rates diverge where the issue says.
func TestTwoDLessons(t *testing.T) {
	gd, gdm, adagrad, rmsprop, adam := int(optimizers.GD), int(optimizers.Momentum), int(optimizers.AdaGrad), int(optimizers.RMSProp), int(optimizers.Adam)

	t.Run("bowl: GD zig-zags, AdaGrad and RMSProp do not", func(t *testing.T) {
		r := lessonRace(t, optimizers.Bowl(), nil)
		start := r.Current()[0].X
		flips := make([]int, 5)
		prevY := []float64{start[1], start[1], start[1], start[1], start[1]}
		track(r, 40, func(i int, s *optimizers.State) {
			if s.X[1]*prevY[i] < 0 {
				flips[i]++
			}
			prevY[i] = s.X[1]
			if s.T == 1 && (i == adagrad || i == rmsprop) {
				// The first step is as long in x as in y: a diagonal.
				if dx, dy := math.Abs(s.Step[0]), math.Abs(s.Step[1]); math.Abs(dx-dy) > 1e-6*dx {
					t.Errorf("%v's first step (%v, %v) is not a diagonal", optimizers.Kind(i), dx, dy)
				}
			}
		})
		if flips[gd] != 40 || flips[adagrad] != 0 || flips[rmsprop] != 0 {
			t.Errorf("y changed sign %v times in 40 steps (GD … Adam), want GD 40, AdaGrad and RMSProp 0", flips)
		}
	})

	t.Run("rosenbrock: the lecture's GD diverges; momentum overshoots, GD crawls", func(t *testing.T) {
		lecture := lessonRace(t, optimizers.Rosenbrock(), func(s *optimizers.Settings) {
			*s = optimizers.Defaults()
			s.X0, s.Y0 = -1.2, 1
		})
		lecture.RunToEnd(100)
		if !lecture.Runner(gd).Diverged() {
			t.Error("GD at the lecture's α = 0.1 did not diverge on Rosenbrock")
		}
		r := lessonRace(t, optimizers.Rosenbrock(), nil)
		maxX := make([]float64, 5)
		track(r, 1000, func(i int, s *optimizers.State) { maxX[i] = math.Max(maxX[i], s.X[0]) })
		if maxX[gdm] < 1.2 || maxX[gd] >= 1 || r.Runner(gdm).SettledAt < 0 || r.Runner(gd).Reached() {
			t.Errorf("GDM reached x = %v and settled at %d, GD x = %v and reached at %d: want GDM past 1.2 and settled, GD short of 1",
				maxX[gdm], r.Runner(gdm).SettledAt, maxX[gd], r.Runner(gd).ReachedAt)
		}
		if st := Standings(r); st[0].Lane != gdm {
			t.Errorf("%s leads, want GDM", st[0].Label)
		}
	})

	t.Run("beale: GD's α on a knife edge, AdaGrad's α = 1 fine", func(t *testing.T) {
		for _, c := range []struct {
			lr       float64
			diverges bool
		}{{0.03, false}, {0.04, true}, {0.1, true}} {
			r := lessonRace(t, optimizers.Beale(), func(s *optimizers.Settings) { s.LR[optimizers.GD] = c.lr })
			r.RunToEnd(1000)
			if got := r.Runner(gd); got.Diverged() != c.diverges || (!c.diverges && !got.Settled()) {
				t.Errorf("GD at α = %v: %+v, want diverged %v (or settled)", c.lr, got, c.diverges)
			}
			if !r.Runner(adagrad).Settled() {
				t.Errorf("AdaGrad at α = 1 did not settle (GD α = %v)", c.lr)
			}
		}
	})

	t.Run("saddle: GD lingers at the saddle, the others leave the ridge", func(t *testing.T) {
		r := lessonRace(t, optimizers.Saddle(), nil)
		left := []int{-1, -1, -1, -1, -1}
		track(r, 300, func(i int, s *optimizers.State) {
			if left[i] < 0 && math.Abs(s.X[1]) > 0.5 {
				left[i] = s.T
			}
			if s.T == 100 && i == gd && math.Hypot(s.X[0], s.X[1]) > 0.2 {
				t.Errorf("GD at t = 100 is at %v, not at the saddle", s.X)
			}
		})
		for i, at := range left {
			if (i == gd) != (at > 150) || at < 0 {
				t.Errorf("%v left the ridge at t = %d; want GD after 150, the others before", optimizers.Kind(i), at)
			}
		}
		if !r.Runner(gd).Settled() {
			t.Error("GD did not get to a minimum in the end")
		}
	})

	t.Run("himmelblau: momentum ends in another minimum", func(t *testing.T) {
		r := lessonRace(t, optimizers.Himmelblau(), nil)
		r.RunToEnd(1000)
		want := map[int]int{gd: 0, adagrad: 0, adam: 0, gdm: 1}
		for _, st := range Standings(r) {
			if w, ok := want[st.Lane]; ok && (!st.Settled() || st.Nearest != w) {
				t.Errorf("%s: settled %v at minimum %d, want minimum %d", st.Label, st.Settled(), st.Nearest, w)
			}
		}
	})
}
