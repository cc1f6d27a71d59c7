package views

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// stateKeys are the quantities a panel always shows of each optimizer,
// whatever its size (the chart shrinks, then goes, first): x with its sign,
// f(x), and the optimizer's own state — GDM's velocity, AdaGrad's G and
// RMSProp's E[g²] with the learning rate they make, Adam's moments.
// moreKeys are shown too while there is room, in this order.
// The quantities' keys that more than one table here names.
const (
	keyGrad     = "grad"
	keyStep     = "step"
	keyLR       = "lr"
	keyVelocity = "velocity"
	keyEg2      = "Eg2"
)

var (
	stateKeys = [optimizers.NumKinds][]string{
		optimizers.GD:       {"x", "f"},
		optimizers.Momentum: {"x", "f", keyVelocity},
		optimizers.AdaGrad:  {"x", "f", "G", keyLR},
		optimizers.RMSProp:  {"x", "f", keyEg2, keyLR},
		optimizers.Adam:     {"x", "f", "m", "v"},
	}
	moreKeys = [optimizers.NumKinds][]string{
		optimizers.GD:       {keyGrad, keyStep},
		optimizers.Momentum: {keyGrad},
		optimizers.AdaGrad:  {keyGrad, keyStep},
		optimizers.RMSProp:  {keyGrad, keyStep},
		optimizers.Adam:     {"m_hat", "v_hat", keyLR, keyStep, keyGrad},
	}
)

// quantity returns optimizer k's quantity named key.
func quantity(k optimizers.Kind, key string) optimizers.Quantity {
	for _, q := range k.Quantities() {
		if q.Key == key {
			return q
		}
	}
	panic("views: " + k.String() + " has no quantity " + key) // a bug in the tables above
}

// stateQuantities is what optimizer k's state block shows in rows lines of
// cols columns each: every state quantity, then as many more as fit.
func stateQuantities(k optimizers.Kind, rows, cols int) []optimizers.Quantity {
	keys := stateKeys[k]
	for _, more := range moreKeys[k] {
		if (len(keys)+cols)/cols > rows {
			break
		}
		keys = append(keys, more)
	}
	qs := make([]optimizers.Quantity, len(keys))
	for i, key := range keys {
		qs[i] = quantity(k, key)
	}
	return qs
}

// stateRows is how many lines optimizer k's state block needs at least, in
// cols columns.
func stateRows(k optimizers.Kind, cols int) int { return (len(stateKeys[k]) + cols - 1) / cols }

// stateColumns is how many label–number pairs fit side by side in w columns:
// each needs a label and a number of at least stateNumberWidth.
func stateColumns(w int) int { return max(1, (w+2)/(stateLabelWidth+1+stateNumberWidth+2)) }

// stateLabelWidth fits the longest label, E[g²]; stateNumberWidth fits a
// number with sign, three significant digits and an exponent ("-1.23e-96").
const (
	stateLabelWidth  = 5
	stateNumberWidth = 9
)

// stateBlock renders quantities qs of state st in rows of cols pairs, w
// columns wide: "x    -5.8042" with the label left and the number right,
// in as many columns as its own label leaves (x's one letter leaves more
// than E[g²]'s five), with as many significant digits as they hold. Where
// they hold fewer than three and the number fits without the space after
// its label, it takes that space too ("E[g^2]3.81e-16", the bracket
// parting them): the digits are worth more than the gap.
func (s *Styles) stateBlock(qs []optimizers.Quantity, st optimizers.State, cols, w int) []string {
	gap := 2
	pairW := (w - gap*(cols-1)) / cols
	var lines []string
	var b strings.Builder
	for i, q := range qs {
		if i%cols == 0 && i > 0 {
			lines = append(lines, fit(b.String(), w))
			b.Reset()
		}
		if i%cols > 0 {
			b.WriteString(strings.Repeat(" ", gap))
		}
		label := s.Spell(q.Symbol)
		numW := max(pairW-ansi.StringWidth(label)-1, 1)
		value := none(s.ASCII)
		if !q.FromStep || st.T > 0 {
			v := q.Get(st)
			if numfmt.MinWidth(v) == numW+1 {
				numW++
			}
			value = numfmt.Compact(v, numW)
		}
		b.WriteString(s.paints.dim.wrap(label) + padLeft(value, pairW-ansi.StringWidth(label)))
	}
	if b.Len() > 0 {
		lines = append(lines, fit(b.String(), w))
	}
	return lines
}

// hyperparameters lists lane l's settings as "α = 0.1", "γ = 0.9" (ε only
// where it is not the landscape's), the ones that are not the landscape's
// own (the lecture's, on the 1-D landscapes) painted as an alert.
func (s *Styles) hyperparameters(l optimizers.Lane, obj optimizers.Objective, spaced bool) []string {
	return s.hyperparametersSpelt(l, obj, spaced, s.Spell)
}

// hyperparametersSpelt is hyperparameters with each one spelt by spell.
func (s *Styles) hyperparametersSpelt(l optimizers.Lane, obj optimizers.Objective, spaced bool, spell func(string) string) []string {
	own := ownSettings(l, obj)
	eq := "="
	if spaced {
		eq = " = "
	}
	var out []string
	for i, set := range l.Settings() {
		changed := set.Value != own[i].Value
		if set.Key == "eps" && !changed {
			continue // ε is the same in every lane unless set apart
		}
		text := spell(set.Symbol + eq + numfmt.Compact(set.Value, 10))
		if changed {
			text = s.paints.alert.wrap(text)
		}
		out = append(out, text)
	}
	return out
}

// wrapItems joins items with sep into lines of at most w columns, an item
// that does not fit a line alone cut to fit.
func wrapItems(items []string, sep string, w int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line+sep+it) <= w:
			line += sep + it
		default:
			lines = append(lines, fit(line, w))
			line = it
		}
	}
	if line != "" {
		lines = append(lines, fit(line, w))
	}
	return lines
}
