package views

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/optimizers"
)

// liveKeys are the quantities the live table's rows show, by label.
var liveKeys = map[string]string{
	"x": "x", "f(x)": "f", "g": keyGrad, keyVelocity: keyVelocity, "G": "G", "E[g²]": keyEg2, "m": "m", "v": "v",
	"m̂": "m_hat", "v̂": "v_hat", "lr": keyLR, "step": keyStep,
}

// TestLiveTableKeepsThreeDigits: in the live table, scrolled from top to
// bottom, every lane's every number reads back as the engine's to three
// significant digits with its sign, at every size from 60×18 (where five
// lanes' numbers have the nine columns of -2.58e-16, and eight lanes go in
// blocks), in Unicode and ASCII.
func TestLiveTableKeepsThreeDigits(t *testing.T) {
	for _, c := range []struct {
		specs []string
		steps []int
	}{
		{lectureLanes, []int{1, 53, 250, 309, 1000}},
		{divergingGD, []int{8}},
		{eightLanes, []int{20, 300}},
	} {
		for _, steps := range c.steps {
			r := raceAt(t, steps, c.specs)
			for _, size := range readableSizes {
				for _, ascii := range []bool{false, true} {
					s := stylesFor(ascii)
					labels := map[string]string{}
					for label, key := range liveKeys {
						labels[s.Spell(label)] = key
					}
					seen := map[string]bool{}
					limit := s.LiveTableScroll(r, size[0], size[1]-1)
					for top := 0; top <= limit; top++ {
						lines := s.liveTable(r, 0, top, size[0], size[1]-1)
						// A header names the lanes of the rows under it,
						// from its first lane's glyph on.
						first, n := -1, 0
						for _, line := range lines[1 : len(lines)-1] {
							fields := strings.Fields(strings.Trim(ansi.Strip(line), "│|"))
							if len(fields) == 0 {
								continue
							}
							if lane := slices.IndexFunc(r.Lanes(), func(l optimizers.Lane) bool {
								return fields[0] == string(s.Glyph(slices.Index(r.Lanes(), l)))
							}); lane >= 0 {
								first, n = lane, 0 // a glyph, then the lane's name (which may have spaces)
								for _, f := range fields {
									for l := range r.Lanes() {
										if f == string(s.Glyph(l)) {
											n++
										}
									}
								}
								continue
							}
							key, ok := labels[fields[0]]
							if !ok || first < 0 {
								continue
							}
							if len(fields) != 1+n {
								t.Fatalf("%d lanes %dx%d: row %q has not a cell per lane", len(r.Lanes()), size[0], size[1], line)
							}
							seen[key] = true
							for i, text := range fields[1:] {
								lane := first + i
								q, has := laneQuantity(r.Lanes()[lane], key)
								if text == s.Spell("·") || text == none(ascii) && q.FromStep {
									continue
								}
								if !has {
									t.Fatalf("%s has no %s, shown as %q", r.Labels()[lane], key, text)
								}
								if v := q.Get(r.Runner(lane).State); !threeDigits(text, v) {
									t.Errorf("%d lanes t=%d %dx%d ascii=%v: %s's %s = %v shown as %q",
										len(r.Lanes()), steps, size[0], size[1], ascii, r.Labels()[lane], key, v, text)
								}
							}
						}
					}
					if len(seen) != len(liveKeys) {
						t.Errorf("%d lanes t=%d %dx%d ascii=%v: rows %v, want all of %v", len(r.Lanes()), steps, size[0], size[1], ascii, seen, liveKeys)
					}
				}
			}
		}
	}
}

// laneQuantity is the quantity key of lane l's optimizer; every lane has
// x, f(x), g, a learning rate and a step (GD's and GDM's lr is α).
func laneQuantity(l optimizers.Lane, key string) (optimizers.Quantity, bool) {
	for _, q := range optimizers.AllQuantities() {
		if q.Key == key {
			return q, hasQuantity(l.Kind, key) || key == keyLR || key == keyStep || key == keyGrad
		}
	}
	return optimizers.Quantity{}, false
}
