package views

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/optimizers"
)

// TestCompactPanelsKeepThreeDigits: in the compact panels (below 110×30,
// and with eight lanes), each shows every quantity of its lane's state, and
// every number of a lane's state reads back as the
// engine's to three significant digits with its sign, in Unicode and in
// ASCII: x has the columns its one-letter label leaves, not those E[g²]'s
// five leave (the reviewer's "x -2.6e-16" and "x -3e-16" at 80×24).
func TestCompactPanelsKeepThreeDigits(t *testing.T) {
	tiny := optimizers.Defaults()
	tiny.X0 = -1e-6 // RMSProp at α = 1e-7 keeps an E[g²] near 6e-13
	for _, c := range []struct {
		set   optimizers.Settings
		specs []string
		steps []int
	}{
		{optimizers.Defaults(), lectureLanes, []int{1, 53, 309, 1000}},
		{optimizers.Defaults(), divergingGD, []int{8}},
		{optimizers.Defaults(), eightLanes, []int{20, 300}},
		{tiny, []string{"gd", "gdm", "adagrad", "rmsprop:lr=1e-7", "adam"}, []int{3}},
	} {
		for _, steps := range c.steps {
			r := raceFrom(t, c.set, steps, c.specs)
			for _, size := range readableSizes {
				for _, ascii := range []bool{false, true} {
					s := stylesFor(ascii)
					frame := raceFrame(r, Panels, size[0], size[1], ascii)
					for lane, b := range laneBoxes(frame) {
						l := r.Lanes()[lane]
						st := r.Runner(lane).State
						shown := 0
						for _, line := range b.lines {
							for _, it := range stateItems(s, l, line) {
								shown++
								if v := it.q.Get(st); !threeDigits(it.text, v) {
									t.Errorf("%d lanes t=%d %dx%d ascii=%v: %s's %s = %v shown as %q in %q",
										len(r.Lanes()), steps, size[0], size[1], ascii, r.Labels()[lane], it.q.Symbol, v, it.text, line)
								}
							}
						}
						// Each compact panel shows its lane's whole state; with
						// eight lanes at 60×18 there are not the rows for it.
						compact := shown > 0 && len(r.Lanes()) <= optimizers.NumKinds
						if compact && shown < len(stateKeys[l.Kind]) {
							t.Errorf("%d lanes t=%d %dx%d ascii=%v: %s's panel shows %d of its state's %d numbers:\n%s",
								len(r.Lanes()), steps, size[0], size[1], ascii, r.Labels()[lane], shown, len(stateKeys[l.Kind]), strings.Join(b.lines, "\n"))
						}
					}
				}
			}
		}
	}
}

// stateItem is one number of a compact panel's state and what it is.
type stateItem struct {
	q    optimizers.Quantity
	text string
}

// stateItems reads a line of a compact panel's state: each quantity of
// lane l that it labels, with its number's text ("x   -2.5841e-16  f(x)
// 6.678e-32", or "E[g^2]5.97e-13" where the number took the space after
// its label).
func stateItems(s *Styles, l optimizers.Lane, line string) []stateItem {
	qs := l.Kind.Quantities()
	// The longest label first: m̂ before m.
	slices.SortFunc(qs, func(a, b optimizers.Quantity) int { return len(s.Spell(b.Symbol)) - len(s.Spell(a.Symbol)) })
	number := func(text string) bool { _, err := strconv.ParseFloat(text, 64); return err == nil }
	var items []stateItem
	fields := strings.Fields(line)
	for i := 0; i < len(fields); i++ {
		for _, q := range qs {
			label := s.Spell(q.Symbol)
			if fields[i] == label && i+1 < len(fields) && number(fields[i+1]) {
				items = append(items, stateItem{q, fields[i+1]})
				i++
				break
			}
			if text, ok := strings.CutPrefix(fields[i], label); ok && number(text) {
				items = append(items, stateItem{q, text})
				break
			}
		}
	}
	return items
}

// TestStateBlockGivesEachRowItsWidth: each row's number is as wide as its
// own label leaves, right-aligned; a number whose third digit needs the
// space after its label takes it.
func TestStateBlockGivesEachRowItsWidth(t *testing.T) {
	st := optimizers.State{T: 53, X: optimizers.Vec{-2.584097117683597e-16}, F: 6.677557913620675e-32, EG2: optimizers.Vec{5.97e-13}, EffectiveLR: optimizers.Vec{1.62103}}
	qs := stateQuantities(optimizers.RMSProp, 4, 1)
	for _, c := range []struct {
		ascii bool
		want  []string
	}{
		{false, []string{"x  -2.5841e-16", "f(x) 6.678e-32", "E[g²] 5.97e-13", "lr     1.62103"}},
		{true, []string{"x  -2.5841e-16", "f(x) 6.678e-32", "E[g^2]5.97e-13", "lr     1.62103"}},
	} {
		lines := stylesFor(c.ascii).stateBlock(qs, st, 1, 14)
		for i := range lines {
			lines[i] = ansi.Strip(lines[i])
		}
		if !slices.Equal(lines, c.want) {
			t.Errorf("ascii=%v: %q, want %q", c.ascii, lines, c.want)
		}
	}
}
